//! The embedded, deterministic carrier network: carriers and their accounts as Customer Service
//! Records, loaded from JSON, answering portability checks and judging orders against the CSR.

use super::{
    AccountHistory, Answer, CarrierEvents, CsrRequests, Lookups, Portability, Submissions,
};
use crate::domain::calendar::eastern;
use crate::domain::calendar::{nth_business_day_after, parse_date};
use crate::domain::csr::{
    self, AccountStatus, Contact, Csr, CsrAddress, CsrNumber, CsrRefusal, CsrRequest, CsrTicket,
};
use crate::domain::limits::MAX_CARRIER_FILE_BYTES;
use crate::domain::order::{GroupKind, Order, OrderFields, PortType, Secret};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::rejection::RejectionCategory;
use crate::domain::validate::{Field, effective_port_type, normalize_account_number};
use anyhow::bail;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The file form of the simulated network.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    pub carriers: Vec<CarrierRecord>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierRecord {
    pub id: String,
    pub name: String,
    /// Business days the carrier takes to answer a submission.
    pub response_business_days: u32,
    /// How old a signed LOA may be, in days, for this carrier to accept it.
    pub loa_max_age_days: u32,
    pub accounts: Vec<AccountRecord>,
    #[serde(default)]
    pub not_portable: Vec<NotPortableRecord>,
    /// How long the carrier takes to answer a CSR request: hours, or business days (neither: at once).
    #[serde(default)]
    pub csr_answer_hours: u32,
    #[serde(default)]
    pub csr_answer_business_days: u32,
}

/// An account as the carrier keeps it: its Customer Service Record, plus what only the simulation
/// knows (the PIN, and how the carrier behaves).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    pub account_number: String,
    pub organization: String,
    #[serde(default = "active")]
    pub status: AccountStatus,
    #[serde(default)]
    pub pin: Option<Secret>,
    #[serde(default)]
    pub pin_required: bool,
    pub authorized_user: Contact,
    pub service_address: CsrAddress,
    /// Where the bills go; the service address when not given.
    #[serde(default)]
    pub billing_address: Option<CsrAddress>,
    pub btn: PhoneNumber,
    /// A port freeze: every order is rejected until the carrier lifts it.
    #[serde(default)]
    pub frozen: bool,
    /// Business days after the first freeze rejection until the carrier has lifted the freeze (the
    /// simulation's stand-in for the administrator's call to the carrier).
    #[serde(default = "default_freeze_lift")]
    pub freeze_lifts_after_business_days: u32,
    /// The carrier refuses the first requested date: support must pick another and resubmit.
    #[serde(default)]
    pub refuses_first_date: bool,
    /// The carrier's gateway fails the first submission: a submission error for support.
    #[serde(default)]
    pub first_submission_fails: bool,
    pub numbers: Vec<CsrNumber>,
}

fn default_freeze_lift() -> u32 {
    10
}

fn active() -> AccountStatus {
    AccountStatus::Active
}

impl AccountRecord {
    /// The CSR the carrier sends of this account: never its PIN.
    pub fn csr(&self, carrier: &CarrierRecord, received_at: Timestamp) -> Csr {
        Csr {
            carrier_id: carrier.id.clone(),
            carrier_name: carrier.name.clone(),
            account_number: self.account_number.clone(),
            account_status: self.status,
            organization: self.organization.clone(),
            authorized_contact: self.authorized_user.clone(),
            billing_address: (self.billing_address.clone())
                .unwrap_or_else(|| self.service_address.clone()),
            service_address: self.service_address.clone(),
            btn: self.btn.clone(),
            numbers: self.numbers.clone(),
            frozen: self.frozen,
            pin_on_account: self.pin.is_some() || self.pin_required,
            received_at,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotPortableRecord {
    pub number: PhoneNumber,
    pub reason: String,
}

/// The embedded, deterministic carrier network that ships with portwiz.
pub struct SimulatedNetwork {
    description: String,
    carriers: Vec<CarrierRecord>,
    /// number -> (carrier index, account index or None when listed as not portable)
    index: HashMap<PhoneNumber, (usize, Option<usize>)>,
}

/// The sample network bundled into the binary.
pub const SAMPLE_NETWORK: &str = include_str!("../../assets/carriers.json");

impl SimulatedNetwork {
    pub fn sample() -> SimulatedNetwork {
        SimulatedNetwork::from_json(SAMPLE_NETWORK, "bundled sample")
            .expect("the bundled sample network is valid")
    }

    pub fn load(path: &Path) -> anyhow::Result<SimulatedNetwork> {
        let shown = crate::text::strip_controls(&path.display().to_string());
        let bytes = crate::safe_file::read_regular(path, MAX_CARRIER_FILE_BYTES)
            .map_err(|e| anyhow::anyhow!("the carrier file (--carriers): {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!("the carrier file {shown} is not UTF-8 text; save it as UTF-8 JSON")
        })?;
        SimulatedNetwork::from_json(&text, &shown)
    }

    pub fn from_json(text: &str, source: &str) -> anyhow::Result<SimulatedNetwork> {
        let file: NetworkFile = crate::json::parse(text.as_bytes()).map_err(|problem| {
            anyhow::anyhow!(
                "the carrier file {source} is not valid: {problem}; correct it and start again"
            )
        })?;
        let mut index = HashMap::new();
        for (ci, carrier) in file.carriers.iter().enumerate() {
            for (ai, account) in carrier.accounts.iter().enumerate() {
                for n in &account.numbers {
                    if index.insert(n.number.clone(), (ci, Some(ai))).is_some() {
                        bail!("the carrier file {source} lists {} twice", n.number);
                    }
                }
            }
            for n in &carrier.not_portable {
                if index.insert(n.number.clone(), (ci, None)).is_some() {
                    bail!("the carrier file {source} lists {} twice", n.number);
                }
            }
        }
        Ok(SimulatedNetwork {
            description: format!("simulated ({source}, {} carriers)", file.carriers.len()),
            carriers: file.carriers,
            index,
        })
    }

    pub fn carriers(&self) -> &[CarrierRecord] {
        &self.carriers
    }

    fn carrier(&self, id: &str) -> Option<&CarrierRecord> {
        self.carriers.iter().find(|c| c.id == id)
    }

    /// The carrier and account that a BTN bills.
    fn account_billed_to(&self, btn: &PhoneNumber) -> Option<(&CarrierRecord, &AccountRecord)> {
        (self.carriers.iter())
            .find_map(|c| c.accounts.iter().find(|a| &a.btn == btn).map(|a| (c, a)))
    }

    /// The CSR an order's numbers come from.
    fn account_of(&self, fields: &OrderFields) -> Option<(&CarrierRecord, &AccountRecord)> {
        let group = fields.group.as_ref()?;
        let carrier = self.carrier(&group.carrier_id)?;
        let account = carrier
            .accounts
            .iter()
            .find(|a| a.account_number == group.account)?;
        Some((carrier, account))
    }
}

/// What the simulation knows of an order when it answers, beyond its fields: the simulated
/// carrier's own memory of it (a real carrier keeps its own records).
struct AnswerContext {
    decided_on: Date,
    /// The first time an order of this account was rejected for a port freeze (the freeze lifts
    /// some time after, for every order of the account).
    first_freeze_rejection: Option<Date>,
    /// How many times the carrier already refused the requested date for this order.
    date_refusals: u32,
}

impl AnswerContext {
    fn of(order: &Order, decided_on: Date, account: &AccountHistory) -> AnswerContext {
        AnswerContext {
            decided_on,
            first_freeze_rejection: account
                .first_freeze_rejection
                .map(|at| at.to_zoned(eastern()).date()),
            date_refusals: order.date_refusals,
        }
    }
}

/// Compares an order with the CSR: every category that applies, and never the values on file.
fn judge(
    carrier: &CarrierRecord,
    account: &AccountRecord,
    fields: &OrderFields,
    context: &AnswerContext,
) -> Vec<RejectionCategory> {
    let mut found = Vec::new();
    let differs = account
        .csr(carrier, Timestamp::UNIX_EPOCH)
        .mismatches(fields);
    let any = |of: &[Field]| of.iter().any(|f| differs.contains(f));
    if any(&[Field::AccountNumber]) {
        found.push(RejectionCategory::AccountNumberMismatch);
    }
    if any(&[Field::AuthorizedFirstName, Field::AuthorizedLastName]) {
        found.push(RejectionCategory::AuthorizedUserMismatch);
    }
    if any(&[Field::OrganizationName]) {
        found.push(RejectionCategory::OrganizationNameMismatch);
    }
    let entered = fields.account_pin.expose();
    let pin_wrong = account
        .pin
        .as_ref()
        .is_some_and(|pin| entered != pin.expose());
    let mobile = fields
        .group
        .as_ref()
        .is_some_and(|g| g.kind == GroupKind::Mobile);
    if pin_wrong || (entered.is_empty() && (account.pin_required || mobile)) {
        found.push(RejectionCategory::PinMissingOrIncorrect);
    }
    let country = fields.country.unwrap_or(Country::UnitedStates);
    let address = [
        Field::Street,
        Field::Suite,
        Field::City,
        Field::Region,
        Field::PostalCode,
    ];
    if any(&address) {
        found.push(RejectionCategory::ServiceAddressMismatch);
    }
    let loa_valid = fields.loa.is_some()
        && parse_date(&fields.loa_signed_on)
            .ok()
            .and_then(|signed| signed.until(context.decided_on).ok())
            .is_some_and(|age| age.get_days() <= carrier.loa_max_age_days as i32);
    if !loa_valid {
        found.push(RejectionCategory::LoaMissing);
    }
    let freeze_lifted = context.first_freeze_rejection.is_some_and(|first| {
        nth_business_day_after(country, first, account.freeze_lifts_after_business_days)
            <= context.decided_on
    });
    if account.frozen && !freeze_lifted {
        found.push(RejectionCategory::NumbersFrozen);
    }
    if any(&[Field::Btn]) {
        found.push(RejectionCategory::BtnMismatch);
    }
    let ported = fields.group.as_ref().map(|g| g.numbers.len()).unwrap_or(0);
    if effective_port_type(fields) == Some(PortType::Full) && ported < account.numbers.len() {
        found.push(RejectionCategory::WrongPortType);
    }
    found
}

impl Submissions for SimulatedNetwork {
    fn submit(&self, order: &Order) -> Result<(), String> {
        let attempt = order.submissions.len();
        match self.account_of(&order.fields) {
            Some((carrier, account)) if account.first_submission_fails && attempt == 1 => {
                Err(format!(
                    "{}'s gateway did not accept the order (connection reset); nothing reached the carrier",
                    carrier.name
                ))
            }
            _ => Ok(()),
        }
    }
}

impl CarrierEvents for SimulatedNetwork {
    fn answer(&self, order: &Order, decided_on: Date, account_history: &AccountHistory) -> Answer {
        let fields = &order.fields;
        let Some((carrier, account)) = self.account_of(fields) else {
            return Answer::Reject(vec![RejectionCategory::AccountNumberMismatch]);
        };
        let context = AnswerContext::of(order, decided_on, account_history);
        let categories = judge(carrier, account, fields, &context);
        if !categories.is_empty() {
            Answer::Reject(categories)
        } else if account.refuses_first_date && context.date_refusals == 0 {
            Answer::RefuseDate
        } else {
            Answer::Accept
        }
    }
}

impl CsrRequests for SimulatedNetwork {
    fn request_csr(
        &self,
        request: &CsrRequest,
        at: Timestamp,
        wrong_before: &[Timestamp],
    ) -> Result<CsrTicket, CsrRefusal> {
        let (carrier, account) = self
            .account_billed_to(&request.btn)
            .ok_or(CsrRefusal::UnknownBtn)?;
        let carrier_name = carrier.name.clone();
        if let Some(until) = csr::refusing_until(wrong_before, at) {
            return Err(CsrRefusal::TooManyWrong {
                carrier_name,
                until,
            });
        }
        if !normalize_account_number(&request.account_number)
            .eq_ignore_ascii_case(&account.account_number)
        {
            return Err(CsrRefusal::AccountNumberWrong { carrier_name });
        }
        let entered = request.pin.expose();
        match &account.pin {
            Some(_) if entered.is_empty() => return Err(CsrRefusal::PinMissing { carrier_name }),
            Some(pin) if entered != pin.expose() => {
                return Err(CsrRefusal::PinWrong { carrier_name });
            }
            _ => {}
        }
        let asked = at.to_zoned(eastern());
        let ready = if carrier.csr_answer_business_days > 0 {
            // Business days are the account's country's (toll-free numbers count as US).
            let country = match account.btn.check_country(Country::UnitedStates) {
                Ok(()) => Country::UnitedStates,
                Err(_) => Country::Canada,
            };
            let day =
                nth_business_day_after(country, asked.date(), carrier.csr_answer_business_days);
            (day.to_datetime(asked.time()).to_zoned(eastern())).map_or(at, |z| z.timestamp())
        } else {
            at + jiff::SignedDuration::from_hours(i64::from(carrier.csr_answer_hours))
        };
        Ok(CsrTicket {
            carrier_id: carrier.id.clone(),
            carrier_name,
            btn: request.btn.clone(),
            asked_at: at,
            ready_at: ready,
        })
    }

    fn csr_answer(&self, ticket: &CsrTicket, now: Timestamp) -> Option<Csr> {
        if now < ticket.ready_at {
            return None;
        }
        let (carrier, account) = self.account_billed_to(&ticket.btn)?;
        Some(account.csr(carrier, ticket.ready_at))
    }
}

impl Lookups for SimulatedNetwork {
    fn description(&self) -> &str {
        &self.description
    }

    fn loa_max_age_days(&self, carrier_id: &str) -> Option<u32> {
        self.carrier(carrier_id).map(|c| c.loa_max_age_days)
    }

    fn response_business_days(&self, carrier_id: &str) -> Option<u32> {
        self.carrier(carrier_id).map(|c| c.response_business_days)
    }

    fn port_freeze(&self, carrier_id: &str, account: &str) -> bool {
        self.carrier(carrier_id)
            .and_then(|c| c.accounts.iter().find(|a| a.account_number == account))
            .is_some_and(|a| a.frozen)
    }

    fn check(&self, number: &PhoneNumber) -> Portability {
        let Some(&(ci, account)) = self.index.get(number) else {
            return Portability::Unknown;
        };
        let carrier = &self.carriers[ci];
        match account {
            None => Portability::NotPortable {
                carrier_name: carrier.name.clone(),
                reason: carrier
                    .not_portable
                    .iter()
                    .find(|n| &n.number == number)
                    .map(|n| n.reason.clone())
                    .unwrap_or_default(),
            },
            Some(ai) => {
                let account = &carrier.accounts[ai];
                let kind = account
                    .numbers
                    .iter()
                    .find(|n| &n.number == number)
                    .map(|n| n.kind)
                    .unwrap_or(GroupKind::Geographic);
                Portability::Portable {
                    carrier_id: carrier.id.clone(),
                    carrier_name: carrier.name.clone(),
                    account: account.account_number.clone(),
                    kind,
                    pin_required: account.pin_required || kind == GroupKind::Mobile,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csr::Verdict;

    fn request(btn: &str, account: &str, pin: &str) -> CsrRequest {
        CsrRequest {
            btn: PhoneNumber::parse(btn).unwrap(),
            account_number: account.to_string(),
            pin: Secret::new(pin),
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_request_is_refused_for_each_wrong_value_and_says_which() {
        let net = SimulatedNetwork::sample();
        let now = at("2026-12-01T15:00:00Z");
        let refused = |r: &CsrRequest| net.request_csr(r, now, &[]).unwrap_err();
        assert_eq!(
            refused(&request("+12123334444", "4410223177", "")),
            CsrRefusal::UnknownBtn
        );
        let carrier_name = "Cascade Communications".to_string();
        assert_eq!(
            refused(&request("+13126214400", "CC30413", "7351")),
            CsrRefusal::AccountNumberWrong {
                carrier_name: carrier_name.clone()
            }
        );
        assert_eq!(
            refused(&request("+13126214400", "CC30412", "")),
            CsrRefusal::PinMissing {
                carrier_name: carrier_name.clone()
            }
        );
        assert_eq!(
            refused(&request("+13126214400", "CC30412", "7350")),
            CsrRefusal::PinWrong { carrier_name }
        );
        // An account without a PIN takes a request without one; spaces and dashes in the account
        // number are the carrier's own spelling.
        assert!(
            net.request_csr(&request("+12127365000", "441-022-3177", ""), now, &[])
                .is_ok()
        );
    }

    #[test]
    fn three_wrong_requests_in_a_day_and_the_account_refuses_even_the_right_one() {
        let net = SimulatedNetwork::sample();
        let right = request("+13126214400", "CC30412", "7351");
        let wrong: Vec<Timestamp> = [
            "2026-12-01T14:00:00Z",
            "2026-12-01T14:05:00Z",
            "2026-12-01T14:10:00Z",
        ]
        .iter()
        .map(|t| at(t))
        .collect();
        let refusal = net
            .request_csr(&right, at("2026-12-01T15:00:00Z"), &wrong)
            .unwrap_err();
        assert_eq!(
            refusal,
            CsrRefusal::TooManyWrong {
                carrier_name: "Cascade Communications".into(),
                until: at("2026-12-02T14:10:00Z"),
            }
        );
        assert!(!refusal.counts_as_wrong());
        assert!(
            net.request_csr(&right, at("2026-12-02T14:10:00Z"), &wrong)
                .is_ok()
        );
        assert!(
            net.request_csr(&right, at("2026-12-01T15:00:00Z"), &wrong[..2])
                .is_ok()
        );
    }

    #[test]
    fn each_carrier_answers_at_its_own_pace() {
        let net = SimulatedNetwork::sample();
        // Tuesday 10:00 ET.
        let asked = at("2026-12-01T15:00:00Z");
        let ready = |r: CsrRequest| net.request_csr(&r, asked, &[]).unwrap().ready_at;
        assert_eq!(
            ready(request("+12127365000", "4410223177", "")),
            asked,
            "Northwind: at once"
        );
        assert_eq!(
            ready(request("+14155238800", "BB551209", "482913")),
            at("2026-12-01T19:00:00Z"),
            "Bluebell: four hours"
        );
        assert_eq!(
            ready(request("+13126214400", "CC30412", "7351")),
            at("2026-12-03T15:00:00Z"),
            "Cascade: two business days"
        );
    }

    #[test]
    fn the_answer_comes_when_it_is_ready_and_holds_the_record_but_no_pin() {
        let net = SimulatedNetwork::sample();
        let asked = at("2026-12-01T15:00:00Z");
        let ticket = net
            .request_csr(&request("+13126214400", "CC30412", "7351"), asked, &[])
            .unwrap();
        assert_eq!(net.csr_answer(&ticket, at("2026-12-03T14:59:00Z")), None);
        let csr = net.csr_answer(&ticket, at("2026-12-04T09:00:00Z")).unwrap();
        assert_eq!(csr.received_at, ticket.ready_at);
        assert_eq!(csr.account_number, "CC30412");
        assert_eq!(csr.authorized_contact.last_name, "Becker");
        assert!(csr.pin_on_account);
        assert!(
            csr.billing_differs(),
            "the sample's trap: the bills go to a PO box"
        );
        assert_eq!(csr.numbers.len(), 7);
        let text = serde_json::to_string(&csr).unwrap();
        assert!(!text.contains("7351"), "{text}");
    }

    /// The carrier rejects exactly the fields the CSR marks as differing.
    #[test]
    fn the_carriers_decision_and_the_csrs_marks_agree() {
        let net = SimulatedNetwork::sample();
        let (carrier, account) = net
            .account_billed_to(&PhoneNumber::parse("+13126214400").unwrap())
            .unwrap();
        let csr = account.csr(carrier, Timestamp::UNIX_EPOCH);
        let mut fields = OrderFields {
            country: Some(Country::UnitedStates),
            btn: "312 621 4400".into(),
            organization_name: "Contoso Ltd.".into(),
            account_number: "CC30412".into(),
            authorized_first_name: "Tom".into(),
            authorized_last_name: "Beker".into(),
            street: "233 S Wacker Dr".into(),
            suite: "Fl 52".into(),
            city: "Chicago".into(),
            region: "IL".into(),
            postal_code: "60607".into(),
            ..OrderFields::default()
        };
        fields.account_pin = Secret::new("7351");
        assert_eq!(
            csr.mismatches(&fields),
            [Field::AuthorizedLastName, Field::PostalCode]
        );
        assert_eq!(csr.judge(&fields, Field::Street), Verdict::Matches);
        let context = AnswerContext {
            decided_on: jiff::civil::date(2026, 12, 1),
            first_freeze_rejection: None,
            date_refusals: 0,
        };
        let found = judge(carrier, account, &fields, &context);
        assert!(found.contains(&RejectionCategory::AuthorizedUserMismatch));
        assert!(found.contains(&RejectionCategory::ServiceAddressMismatch));
        assert!(!found.contains(&RejectionCategory::BtnMismatch));
        assert!(!found.contains(&RejectionCategory::OrganizationNameMismatch));
        assert!(!found.contains(&RejectionCategory::AccountNumberMismatch));
        assert!(!found.contains(&RejectionCategory::PinMissingOrIncorrect));
    }

    /// What the CSR warns of predicts the carrier: a frozen account's order that matches the CSR
    /// everywhere is rejected for the freeze alone, a PIN for an account that has none is taken
    /// (so only a warning), and an order without the PIN of an account that has one is rejected
    /// for it (so a problem).
    #[test]
    fn the_csrs_freeze_and_pin_say_what_the_carrier_decides() {
        let net = SimulatedNetwork::sample();
        let btn = PhoneNumber::parse("+12064437100").unwrap();
        let (carrier, account) = net.account_billed_to(&btn).unwrap();
        let csr = account.csr(carrier, Timestamp::UNIX_EPOCH);
        let address = &account.service_address;
        let mut fields = OrderFields {
            country: Some(Country::UnitedStates),
            btn: "206 443 7100".into(),
            organization_name: account.organization.clone(),
            account_number: account.account_number.clone(),
            authorized_first_name: account.authorized_user.first_name.clone(),
            authorized_last_name: account.authorized_user.last_name.clone(),
            street: address.street.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postal_code: address.postal_code.clone(),
            loa: None,
            ..OrderFields::default()
        };
        fields.account_pin = Secret::new("7351");
        assert_eq!(csr.problems(&fields), []);
        let warned: Vec<Field> = csr.warnings(&fields).iter().map(|w| w.field).collect();
        assert_eq!(warned, [Field::AccountNumber, Field::AccountPin]);
        let context = AnswerContext {
            decided_on: jiff::civil::date(2026, 12, 1),
            first_freeze_rejection: None,
            date_refusals: 0,
        };
        let found = judge(carrier, account, &fields, &context);
        let beyond_the_loa: Vec<&RejectionCategory> = (found.iter())
            .filter(|c| **c != RejectionCategory::LoaMissing)
            .collect();
        assert_eq!(beyond_the_loa, [&RejectionCategory::NumbersFrozen]);
        // The account with a PIN, none entered.
        let btn = PhoneNumber::parse("+13126214400").unwrap();
        let (carrier, account) = net.account_billed_to(&btn).unwrap();
        let csr = account.csr(carrier, Timestamp::UNIX_EPOCH);
        fields.account_pin = Secret::new("");
        assert!(
            csr.problems(&fields)
                .iter()
                .any(|p| p.field == Field::AccountPin)
        );
        let found = judge(carrier, account, &fields, &context);
        assert!(found.contains(&RejectionCategory::PinMissingOrIncorrect));
    }
}

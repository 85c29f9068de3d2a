//! The embedded, deterministic carrier network: carriers and their accounts as Customer Service
//! Records, loaded from JSON, answering portability checks and judging orders against the CSR.

use super::{AccountHistory, Answer, CarrierEvents, Lookups, Portability, Submissions};
use crate::domain::calendar::eastern;
use crate::domain::calendar::{nth_business_day_after, parse_date};
use crate::domain::csr::{AccountStatus, Contact, Csr, CsrAddress, CsrNumber};
use crate::domain::limits::MAX_CARRIER_FILE_BYTES;
use crate::domain::order::{GroupKind, Order, OrderFields, PortType, Secret};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::rejection::RejectionCategory;
use crate::domain::validate::{Field, effective_port_type};
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

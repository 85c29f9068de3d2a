//! The Customer Service Record (SPEC §12): what the losing carrier holds of an account, and the
//! carrier's own matching rules that judge an order's values against it, field by field. This is the
//! one place of those rules: the simulated carrier decides with them, and the screens that show the
//! CSR beside the form mark each field with them.

use super::address::{fold, normalize_region};
use super::calendar::{MOMENT, eastern};
use super::fields::spec;
use super::order::{GroupKind, OrderFields, PortType, Secret};
use super::phone::{Country, PhoneNumber};
use super::validate::{Field, Problem, effective_port_type, normalize_account_number};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A copy of the losing carrier's record of one account, as the carrier sent it. It never holds
/// the account PIN: only whether the account has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Csr {
    pub carrier_id: String,
    pub carrier_name: String,
    pub account_number: String,
    pub account_status: AccountStatus,
    pub organization: String,
    pub authorized_contact: Contact,
    /// Where the numbers are used: what a port order must name.
    pub service_address: CsrAddress,
    /// Where the bills go; often not the service address, and then never the one to enter.
    pub billing_address: CsrAddress,
    pub btn: PhoneNumber,
    pub numbers: Vec<CsrNumber>,
    /// A port freeze: the carrier rejects every order until it is lifted.
    pub frozen: bool,
    /// Whether the carrier asks for the account PIN with an order (the PIN itself is never sent).
    pub pin_on_account: bool,
    /// When the answer arrived.
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountStatus {
    Active,
    Suspended,
    Closed,
}

impl AccountStatus {
    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Closed => "closed",
        }
    }
}

/// The person the carrier takes instructions from for the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsrAddress {
    pub street: String,
    #[serde(default)]
    pub suite: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

/// One number of the account, with the features the carrier lists for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsrNumber {
    pub number: PhoneNumber,
    #[serde(rename = "type")]
    pub kind: GroupKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// What a CSR request names (SPEC §12): the BTN that finds the account, the account number, and
/// the account PIN where the account has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrRequest {
    pub btn: PhoneNumber,
    pub account_number: String,
    pub pin: Secret,
}

/// A request the carrier took: it answers at `ready_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrTicket {
    pub carrier_id: String,
    pub carrier_name: String,
    pub btn: PhoneNumber,
    pub asked_at: Timestamp,
    pub ready_at: Timestamp,
}

/// Wrong requests the carrier counts before it refuses every request for the account for a day.
pub const WRONG_REQUESTS_ALLOWED: usize = 3;

/// Why a carrier refused a CSR request. None of them holds what was typed for the PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsrRefusal {
    /// No carrier of the network bills this number as an account's BTN.
    UnknownBtn,
    AccountNumberWrong {
        carrier_name: String,
    },
    PinMissing {
        carrier_name: String,
    },
    PinWrong {
        carrier_name: String,
    },
    /// After [`WRONG_REQUESTS_ALLOWED`] wrong requests, the account refuses requests until then.
    TooManyWrong {
        carrier_name: String,
        until: Timestamp,
    },
}

impl CsrRefusal {
    /// Whether the carrier counts this request against the account's guessing limit.
    pub fn counts_as_wrong(&self) -> bool {
        // A request without the PIN guesses nothing.
        matches!(
            self,
            CsrRefusal::AccountNumberWrong { .. } | CsrRefusal::PinWrong { .. }
        )
    }

    /// What went wrong and what to do, in words; `left` is how many wrong requests remain before
    /// the account refuses requests for a day, told for a refusal that counted.
    pub fn message(&self, left: Option<usize>) -> String {
        let warning = match left {
            None => String::new(),
            Some(0) => " The account now refuses CSR requests for a day.".to_string(),
            Some(1) => " One more wrong request and the account refuses CSR requests for a day."
                .to_string(),
            Some(n) => {
                format!(" {n} more wrong requests and the account refuses CSR requests for a day.")
            }
        };
        match self {
            CsrRefusal::UnknownBtn => "no carrier of the network has an account billed to this number: check the billing telephone number (BTN) on a recent bill".to_string(),
            CsrRefusal::AccountNumberWrong { carrier_name } => format!(
                "{carrier_name} refused the request: the account number is not the one of the account this BTN bills; check it on a recent bill.{warning}"
            ),
            CsrRefusal::PinMissing { carrier_name } => format!(
                "{carrier_name} asks for the account PIN with a CSR request: enter it (ask {carrier_name} for it; it is not the voicemail PIN).{warning}"
            ),
            CsrRefusal::PinWrong { carrier_name } => format!(
                "{carrier_name} refused the request: the account PIN is not the account's; ask {carrier_name} for it (it is not the voicemail PIN).{warning}"
            ),
            CsrRefusal::TooManyWrong { carrier_name, until } => format!(
                "{carrier_name} refuses CSR requests for this account until {} after {WRONG_REQUESTS_ALLOWED} wrong ones; check the account number and PIN on a recent bill meanwhile",
                until.to_zoned(eastern()).strftime(MOMENT)
            ),
        }
    }
}

/// Until when an account refuses CSR requests at `at`, given the times of the wrong requests made
/// for it: a wrong request that is the third within a day starts a day of refusals. Requests
/// refused meanwhile are not wrong ones, so the count starts afresh after the day.
pub fn refusing_until(wrong: &[Timestamp], at: Timestamp) -> Option<Timestamp> {
    let mut wrong = wrong.to_vec();
    wrong.sort();
    let day = jiff::SignedDuration::from_hours(24);
    let lockouts = (2..wrong.len())
        .filter(|&k| wrong[k].duration_since(wrong[k - 2]) <= day)
        .map(|k| wrong[k] + day);
    lockouts.filter(|&until| at < until).max()
}

/// How many wrong requests the account still takes before it refuses requests for a day, the
/// wrong ones up to `at` counted.
pub fn wrong_requests_left(wrong: &[Timestamp], at: Timestamp) -> usize {
    let day = jiff::SignedDuration::from_hours(24);
    let recent = (wrong.iter())
        .filter(|&&w| w <= at && at.duration_since(w) <= day)
        .count();
    WRONG_REQUESTS_ALLOWED.saturating_sub(recent)
}

/// How long, in real time, a try holds one of the account's wrong requests when the session that
/// took it never settles it (it ended while the carrier was answering): far longer than a carrier
/// takes to answer the request itself.
pub const TRY_HELD_FOR: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);

/// A request sent to the carrier whose answer is not kept yet: it may turn out wrong, so it holds
/// one of the account's wrong requests until then. Taking a try and counting the tries are one
/// transaction, so two sessions asking at once cannot both use the account's last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrTry {
    pub id: u64,
    /// When it was taken, in real time (the simulated clock may stand still while it is out).
    pub taken_at: Timestamp,
}

/// A try taken: its number (to settle it with) and the wrong requests the carrier counts so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenTry {
    pub id: u64,
    pub wrong_before: Vec<Timestamp>,
}

/// The layout of the CSR book that this portwiz writes and reads.
pub const BOOK_SCHEMA_VERSION: u32 = 1;

/// What the organization asked of the carriers and got back, one entry a BTN: the wrong requests
/// (which the carrier counts against the account), the request waiting for its answer, and the
/// last CSR received, kept with the orders that asked for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrBook {
    pub schema_version: u32,
    pub revision: u64,
    pub accounts: Vec<CsrEntry>,
    /// The number of the last try taken (each try is known by its own).
    #[serde(default)]
    pub last_try: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrEntry {
    pub btn: PhoneNumber,
    #[serde(default)]
    pub wrong_requests: Vec<Timestamp>,
    #[serde(default)]
    pub pending: Option<CsrTicket>,
    #[serde(default)]
    pub received: Option<Csr>,
    /// The orders whose CSR this is (the IDs of those that asked).
    #[serde(default)]
    pub orders: Vec<String>,
    /// The requests sent and not settled yet, each holding one of the account's tries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tries: Vec<CsrTry>,
}

impl CsrEntry {
    /// Whether the entry keeps nothing worth a line in the book.
    fn holds_nothing(&self) -> bool {
        self.wrong_requests.is_empty()
            && self.pending.is_none()
            && self.received.is_none()
            && self.orders.is_empty()
            && self.tries.is_empty()
    }
}

impl CsrBook {
    pub fn new() -> CsrBook {
        CsrBook {
            schema_version: BOOK_SCHEMA_VERSION,
            ..CsrBook::default()
        }
    }

    pub fn entry(&self, btn: &PhoneNumber) -> Option<&CsrEntry> {
        self.accounts.iter().find(|e| &e.btn == btn)
    }

    /// The entry of a BTN, made empty when there is none.
    pub fn entry_mut(&mut self, btn: &PhoneNumber) -> &mut CsrEntry {
        let at = match self.accounts.iter().position(|e| &e.btn == btn) {
            Some(at) => at,
            None => {
                self.accounts.push(CsrEntry {
                    btn: btn.clone(),
                    wrong_requests: Vec::new(),
                    pending: None,
                    received: None,
                    orders: Vec::new(),
                    tries: Vec::new(),
                });
                self.accounts.len() - 1
            }
        };
        &mut self.accounts[at]
    }

    /// Takes a try for a request for the account `btn` bills, made at `at` on the simulated clock
    /// and `real_now` in real time. `None` while the tries out already could use up every wrong
    /// request the account has left: sent now, this request could be a guess past the limit. With
    /// none out, or the account refusing requests for a day, the carrier judges it alone.
    pub fn take_try(
        &mut self,
        btn: &PhoneNumber,
        at: Timestamp,
        real_now: Timestamp,
    ) -> Option<TakenTry> {
        let id = self.last_try + 1;
        let entry = self.entry_mut(btn);
        entry.tries.retain(|t| real_now < t.taken_at + TRY_HELD_FOR);
        let refusing = refusing_until(&entry.wrong_requests, at).is_some();
        let out = entry.tries.len();
        if out > 0 && !refusing && out >= wrong_requests_left(&entry.wrong_requests, at) {
            return None;
        }
        entry.tries.push(CsrTry {
            id,
            taken_at: real_now,
        });
        let wrong_before = entry.wrong_requests.clone();
        self.last_try = id;
        Some(TakenTry { id, wrong_before })
    }

    /// Gives back the try `id` of `btn` (its answer is being kept); an entry left holding nothing
    /// goes.
    pub fn settle_try(&mut self, btn: &PhoneNumber, id: u64) {
        if let Some(at) = self.accounts.iter().position(|e| &e.btn == btn) {
            self.accounts[at].tries.retain(|t| t.id != id);
            if self.accounts[at].holds_nothing() {
                self.accounts.remove(at);
            }
        }
    }

    /// The CSR kept for an order, by its ID.
    pub fn of_order(&self, id: &str) -> Option<&CsrEntry> {
        self.accounts
            .iter()
            .find(|e| e.orders.iter().any(|o| o == id))
    }

    /// The CSR kept for an order billed to `btn`: the entry of that BTN when the order asked for
    /// it, else any the order asked for (before its BTN changed).
    pub fn of_order_billed(&self, id: &str, btn: Option<&PhoneNumber>) -> Option<&CsrEntry> {
        let own =
            (btn.and_then(|btn| self.entry(btn))).filter(|e| e.orders.iter().any(|o| o == id));
        own.or_else(|| self.of_order(id))
    }
}

/// How one field of the order stands against the CSR, by the carrier's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The carrier would take the order's value as its own.
    Matches,
    /// The carrier would reject the order for this value.
    Differs,
    /// The CSR holds nothing to compare with.
    NotOnCsr,
    /// Nothing is entered yet: no mismatch, whatever the CSR holds (the field rules say whether
    /// the field is required).
    NotEntered,
}

/// The order's account PIN against what the CSR says of the account's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinStanding {
    /// The account has a PIN and one is entered: only the carrier can say whether it is the one.
    OnlyTheCarrierKnows,
    /// The account has a PIN and none is entered: the carrier rejects the order.
    Missing,
    /// A PIN is entered for an account that has none.
    NoneOnAccount,
    /// Neither.
    NoneNeeded,
}

/// The order's fields that a CSR can be compared with, in the order of the wizard's steps.
pub const COMPARED: &[Field] = &[
    Field::Btn,
    Field::OrganizationName,
    Field::AccountNumber,
    Field::AuthorizedFirstName,
    Field::AuthorizedLastName,
    Field::Street,
    Field::Suite,
    Field::City,
    Field::Region,
    Field::PostalCode,
];

impl Csr {
    /// What the CSR shows for a field, written as the field takes it (the value a key copies in).
    pub fn value(&self, field: Field) -> Option<String> {
        let (contact, address) = (&self.authorized_contact, &self.service_address);
        let value = match field {
            Field::Btn => self.btn.national(),
            Field::OrganizationName => self.organization.clone(),
            Field::AccountNumber => self.account_number.clone(),
            Field::AuthorizedFirstName => contact.first_name.clone(),
            Field::AuthorizedLastName => contact.last_name.clone(),
            Field::Street => address.street.clone(),
            Field::Suite => address.suite.clone(),
            Field::City => address.city.clone(),
            Field::Region => address.region.clone(),
            Field::PostalCode => address.postal_code.clone(),
            _ => return None,
        };
        (!value.trim().is_empty()).then_some(value)
    }

    /// How the order's value of `field` stands against this CSR.
    pub fn judge(&self, fields: &OrderFields, field: Field) -> Verdict {
        let Some(on_file) = self.value(field) else {
            return Verdict::NotOnCsr;
        };
        let country = fields.country.unwrap_or(Country::UnitedStates);
        let entered = entered(fields, field);
        let matches = match field {
            Field::Btn => PhoneNumber::parse(entered).ok().as_ref() == Some(&self.btn),
            Field::AccountNumber => {
                normalize_account_number(entered).eq_ignore_ascii_case(&on_file)
            }
            // A suite left out is taken: the carrier finds the account by the street.
            Field::Suite => entered.trim().is_empty() || same_words(entered, &on_file),
            Field::Region => same_words(
                &normalize_region(country, entered).unwrap_or_else(|_| entered.to_string()),
                &on_file,
            ),
            Field::PostalCode => postal_key(entered) == postal_key(&on_file),
            _ => same_words(entered, &on_file),
        };
        if matches {
            Verdict::Matches
        } else {
            Verdict::Differs
        }
    }

    /// How the order's value of `field` stands as the screens mark it: as [`Csr::judge`] has it,
    /// but a field not entered yet is no mismatch and no match either.
    pub fn standing(&self, fields: &OrderFields, field: Field) -> Verdict {
        match self.judge(fields, field) {
            Verdict::NotOnCsr => Verdict::NotOnCsr,
            _ if entered(fields, field).trim().is_empty() => Verdict::NotEntered,
            verdict => verdict,
        }
    }

    /// The compared fields whose values the carrier would reject, in step order.
    pub fn mismatches(&self, fields: &OrderFields) -> Vec<Field> {
        (COMPARED.iter().copied())
            .filter(|&f| self.judge(fields, f) == Verdict::Differs)
            .collect()
    }

    /// What the carrier would reject the order for, judged against this CSR, each on its step and
    /// field: every compared field entered that differs, the order's numbers not on the account, and the
    /// account's numbers a Full port leaves behind.
    pub fn problems(&self, fields: &OrderFields) -> Vec<Problem> {
        let problem = |field: Field, message: String| Problem {
            step: field.step(),
            field,
            message,
        };
        let numbers = fields.group.as_ref().map_or(&[][..], |g| &g.numbers[..]);
        let mut problems = Vec::new();
        let strangers = self.numbers_not_on_account(numbers);
        if !strangers.is_empty() {
            let message = format!(
                "not on the CSR's account {} at {}: {}; order them with their own account",
                self.account_number,
                self.carrier_name,
                national_list(strangers)
            );
            problems.push(problem(Field::Group, message));
        }
        let left = self.numbers_left_behind(numbers);
        if effective_port_type(fields) == Some(PortType::Full) && !left.is_empty() {
            let message = format!(
                "a Full port closes the account, but the CSR lists numbers this order leaves behind: {}; add them to the order or choose Partial",
                national_list(left)
            );
            problems.push(problem(Field::PortType, message));
        }
        // A field left empty is the field rules' to report (required), not a mismatch yet.
        let differing = COMPARED.iter().copied();
        for field in differing.filter(|&f| self.standing(fields, f) == Verdict::Differs) {
            let on_file = self.value(field).unwrap_or_default();
            let message = format!("differs from the CSR, which has \u{201c}{on_file}\u{201d}");
            problems.push(problem(field, message));
        }
        // Where the group already requires the PIN, the field rules say it is missing.
        let required = fields.group.as_ref().is_some_and(|g| g.pin_required);
        if self.pin_standing(fields) == PinStanding::Missing && !required {
            let message = format!(
                "the CSR says the account has a PIN, and {} rejects an order without it: enter it (ask the carrier for it; it is not the voicemail PIN)",
                self.carrier_name
            );
            problems.push(problem(Field::AccountPin, message));
        }
        problems.sort_by_key(|p| p.step);
        problems
    }

    /// What the CSR shows that the order cannot fix, or that the carrier may not take, each on the
    /// step and field it concerns, with what to do: a port freeze (the carrier rejects every order
    /// until it is lifted), an account that is not active, a PIN entered for an account that has
    /// none. None of them stops a submission.
    pub fn warnings(&self, fields: &OrderFields) -> Vec<Problem> {
        let warning = |field: Field, message: String| Problem {
            step: field.step(),
            field,
            message,
        };
        let carrier = &self.carrier_name;
        let mut warnings = Vec::new();
        if self.frozen {
            let message = format!(
                "the CSR shows a port freeze: {carrier} rejects every order until it is lifted; ask it to lift the freeze before ordering (1 to 3 weeks)"
            );
            warnings.push(warning(Field::AccountNumber, message));
        }
        if self.account_status != AccountStatus::Active {
            let message = format!(
                "the CSR shows the account {}, not active: ask {carrier} whether its numbers can still port before ordering",
                self.account_status.label()
            );
            warnings.push(warning(Field::AccountNumber, message));
        }
        if self.pin_standing(fields) == PinStanding::NoneOnAccount {
            let message = format!(
                "the CSR says the account has no PIN: clear this field unless {carrier} gave you one for it (a voicemail PIN is not one)"
            );
            warnings.push(warning(Field::AccountPin, message));
        }
        warnings
    }

    /// How the order's account PIN stands against what the CSR says of the account's PIN (never
    /// the PIN itself: the CSR does not hold it).
    pub fn pin_standing(&self, fields: &OrderFields) -> PinStanding {
        let entered = !fields.account_pin.expose().is_empty();
        match (self.pin_on_account, entered) {
            (true, true) => PinStanding::OnlyTheCarrierKnows,
            (true, false) => PinStanding::Missing,
            (false, true) => PinStanding::NoneOnAccount,
            (false, false) => PinStanding::NoneNeeded,
        }
    }

    /// The order's fields this CSR judges, confirming or contradicting them: every compared
    /// field (one it does not hold the carrier does not check), the PIN but where one is entered
    /// for an account that has one (only the carrier can say whether it is the account's), and the
    /// port type (the CSR lists every number of the account).
    pub fn judged(&self, fields: &OrderFields) -> Vec<Field> {
        let pin = self.pin_standing(fields) != PinStanding::OnlyTheCarrierKnows;
        (COMPARED.iter().copied())
            .chain(pin.then_some(Field::AccountPin))
            .chain([Field::PortType])
            .collect()
    }

    /// Whether the billing address is another place than the service address (the usual trap:
    /// the address on the bill is not the one a port order names).
    pub fn billing_differs(&self) -> bool {
        let (b, s) = (&self.billing_address, &self.service_address);
        !(same_words(&b.street, &s.street)
            && same_words(&b.suite, &s.suite)
            && same_words(&b.city, &s.city)
            && same_words(&b.region, &s.region)
            && postal_key(&b.postal_code) == postal_key(&s.postal_code))
    }

    /// The order's numbers that are not on this account.
    pub fn numbers_not_on_account<'a>(&self, numbers: &'a [PhoneNumber]) -> Vec<&'a PhoneNumber> {
        (numbers.iter())
            .filter(|n| !self.numbers.iter().any(|c| &c.number == *n))
            .collect()
    }

    /// The account's numbers that an order of `numbers` leaves behind (a Full port may leave none).
    pub fn numbers_left_behind(&self, numbers: &[PhoneNumber]) -> Vec<&PhoneNumber> {
        (self.numbers.iter().map(|c| &c.number))
            .filter(|n| !numbers.contains(n))
            .collect()
    }
}

/// Numbers as the screens write them, separated by commas.
fn national_list(numbers: Vec<&PhoneNumber>) -> String {
    let national: Vec<String> = numbers.iter().map(|n| n.national()).collect();
    national.join(", ")
}

/// The order's value of a field, as typed (the field registry reads it).
fn entered(fields: &OrderFields, field: Field) -> &str {
    spec(field)
        .text
        .as_ref()
        .map_or("", |text| (text.get)(fields))
}

/// Names and address lines: case, punctuation, spacing and the usual abbreviations do not count.
fn same_words(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

/// A US ZIP+4 matches on its first five digits; a Canadian postal code on all six characters.
fn postal_key(code: &str) -> String {
    let compact = fold(code).replace(' ', "");
    if compact.starts_with(|c: char| c.is_ascii_digit()) {
        compact.chars().take(5).collect()
    } else {
        compact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr() -> Csr {
        let address = CsrAddress {
            street: "400 Pine Street".into(),
            suite: "Suite 12".into(),
            city: "Seattle".into(),
            region: "WA".into(),
            postal_code: "98101".into(),
        };
        Csr {
            carrier_id: "cascade".into(),
            carrier_name: "Cascade Communications".into(),
            account_number: "CC30412".into(),
            account_status: AccountStatus::Active,
            organization: "Contoso Ltd".into(),
            authorized_contact: Contact {
                first_name: "Priya".into(),
                last_name: "Raman".into(),
                phone: String::new(),
                email: String::new(),
            },
            billing_address: CsrAddress {
                street: "PO Box 8812".into(),
                suite: String::new(),
                ..address.clone()
            },
            service_address: address,
            btn: PhoneNumber::parse("+12064437200").unwrap(),
            numbers: ["+12064437200", "+12064437201"]
                .iter()
                .map(|n| CsrNumber {
                    number: PhoneNumber::parse(n).unwrap(),
                    kind: GroupKind::Geographic,
                    features: Vec::new(),
                })
                .collect(),
            frozen: false,
            pin_on_account: true,
            received_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn with(field: Field, value: &str) -> OrderFields {
        let mut fields = OrderFields {
            country: Some(Country::UnitedStates),
            ..OrderFields::default()
        };
        let text = spec(field).text.as_ref().expect("a typed field");
        (text.set)(&mut fields, value.to_string());
        fields
    }

    /// Per field, values the carrier takes as its own and values it rejects.
    #[test]
    fn each_field_matches_by_the_carriers_rules() {
        let table: &[(Field, &[&str], &[&str])] = &[
            (
                Field::Btn,
                &["(206) 443-7200", "206-443-7200", "+1 206 443 7200"],
                &["206 443 7201", "", "not a number"],
            ),
            (
                Field::OrganizationName,
                &["Contoso Ltd", "CONTOSO LTD.", "contoso  limited"],
                &["Contoso", "Contoso Inc", "Contoso Ltd Seattle"],
            ),
            (
                Field::AccountNumber,
                &["CC30412", "cc-30412", "CC 304 12"],
                &["CC30411", "CC304120", "C30412"],
            ),
            (
                Field::AuthorizedFirstName,
                &["Priya", "PRIYA", " priya "],
                &["Pria", "P.", ""],
            ),
            (
                Field::AuthorizedLastName,
                &["Raman", "raman"],
                &["Ramen", "Raman-Iyer"],
            ),
            (
                Field::Street,
                &["400 Pine St", "400 pine street", "400 Pine St."],
                &["401 Pine Street", "400 Pine Avenue", "400 Pike Street"],
            ),
            (
                Field::Suite,
                &["Ste 12", "suite 12", ""],
                &["Suite 13", "Floor 12"],
            ),
            (Field::City, &["Seattle", "SEATTLE"], &["Tacoma", "Seatle"]),
            (Field::Region, &["WA", "wa", "Washington"], &["OR", "Wash"]),
            (
                Field::PostalCode,
                &["98101", "98101-2020"],
                &["98102", "9810", ""],
            ),
        ];
        let csr = csr();
        for (field, equal, different) in table {
            for value in *equal {
                let verdict = csr.judge(&with(*field, value), *field);
                assert_eq!(verdict, Verdict::Matches, "{field:?} {value:?}");
            }
            for value in *different {
                let verdict = csr.judge(&with(*field, value), *field);
                assert_eq!(verdict, Verdict::Differs, "{field:?} {value:?}");
            }
        }
        assert_eq!(
            table.iter().map(|(f, _, _)| *f).collect::<Vec<_>>(),
            COMPARED,
            "every compared field has its rows"
        );
    }

    #[test]
    fn a_canadian_postal_code_matches_on_all_six_characters() {
        let mut csr = csr();
        csr.service_address.postal_code = "H2X 1Y4".into();
        let mut fields = with(Field::PostalCode, "h2x1y4");
        fields.country = Some(Country::Canada);
        assert_eq!(csr.judge(&fields, Field::PostalCode), Verdict::Matches);
        fields.postal_code = "H2X 1Y5".into();
        assert_eq!(csr.judge(&fields, Field::PostalCode), Verdict::Differs);
    }

    #[test]
    fn a_field_not_entered_yet_is_marked_so_and_is_no_problem() {
        let csr = csr();
        let empty = with(Field::PostalCode, "");
        assert_eq!(csr.judge(&empty, Field::PostalCode), Verdict::Differs);
        assert_eq!(csr.standing(&empty, Field::PostalCode), Verdict::NotEntered);
        assert_eq!(csr.standing(&empty, Field::Suite), Verdict::NotEntered);
        let typed = with(Field::PostalCode, "98102");
        assert_eq!(csr.standing(&typed, Field::PostalCode), Verdict::Differs);
        assert!(
            (csr.problems(&empty).iter()).all(|p| p.field != Field::PostalCode),
            "{:?}",
            csr.problems(&empty)
        );
    }

    #[test]
    fn what_the_csr_does_not_hold_is_not_judged() {
        let mut csr = csr();
        csr.service_address.suite = String::new();
        let fields = with(Field::Suite, "Suite 9");
        assert_eq!(csr.judge(&fields, Field::Suite), Verdict::NotOnCsr);
        assert_eq!(csr.value(Field::Suite), None);
        assert_eq!(csr.judge(&fields, Field::ContactEmail), Verdict::NotOnCsr);
    }

    #[test]
    fn mismatches_list_every_differing_field_in_step_order() {
        let mut fields = with(Field::PostalCode, "98109");
        fields.authorized_last_name = "Ramen".into();
        fields.btn = "206 443 7200".into();
        let found = csr().mismatches(&fields);
        // Everything else is empty: empty required values differ too, the suite alone may be left out.
        assert!(found.contains(&Field::PostalCode) && found.contains(&Field::AuthorizedLastName));
        assert!(!found.contains(&Field::Btn) && !found.contains(&Field::Suite));
        let mut sorted = found.clone();
        sorted.sort_by_key(|f| COMPARED.iter().position(|c| c == f));
        assert_eq!(found, sorted);
    }

    #[test]
    fn problems_name_each_step_and_field_with_the_csr_value() {
        let mut fields = with(Field::PostalCode, "98109");
        let (address, ours) = (csr().service_address, csr());
        fields.btn = "206 443 7200".into();
        fields.organization_name = "Contoso Ltd".into();
        fields.account_number = "CC30412".into();
        fields.authorized_first_name = "Priya".into();
        fields.authorized_last_name = "Ramen".into();
        fields.account_pin = Secret::new("7351");
        (fields.street, fields.city, fields.region) =
            (address.street, address.city, address.region);
        let found: Vec<(u8, Field, String)> = (ours.problems(&fields).into_iter())
            .map(|p| (p.step, p.field, p.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    Field::AuthorizedLastName,
                    "differs from the CSR, which has \u{201c}Raman\u{201d}".to_string()
                ),
                (
                    5,
                    Field::PostalCode,
                    "differs from the CSR, which has \u{201c}98101\u{201d}".to_string()
                ),
            ]
        );
    }

    /// What the CSR says of a freeze, the account's status and its PIN: a PIN the account needs
    /// and lacks is a problem (the carrier rejects the order), the rest warnings, each on step 4
    /// with what to do.
    #[test]
    fn a_freeze_a_suspended_account_and_the_pin_are_reported() {
        let mut csr = csr();
        let mut fields = with(Field::AccountNumber, "CC30412");
        let pin_problems = |csr: &Csr, fields: &OrderFields| -> Vec<String> {
            (csr.problems(fields).into_iter())
                .filter(|p| p.field == Field::AccountPin)
                .map(|p| p.message)
                .collect()
        };
        assert_eq!(csr.pin_standing(&fields), PinStanding::Missing);
        let missing = pin_problems(&csr, &fields);
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].contains("the CSR says the account has a PIN"));
        assert_eq!(csr.warnings(&fields), []);
        fields.account_pin = Secret::new("7351");
        assert_eq!(pin_problems(&csr, &fields), Vec::<String>::new());
        assert!(!csr.judged(&fields).contains(&Field::AccountPin));

        csr.pin_on_account = false;
        csr.frozen = true;
        csr.account_status = AccountStatus::Suspended;
        let found: Vec<(u8, Field, String)> = (csr.warnings(&fields).into_iter())
            .map(|w| (w.step, w.field, w.message))
            .collect();
        let places: Vec<(u8, Field)> = found.iter().map(|(s, f, _)| (*s, *f)).collect();
        assert_eq!(
            places,
            [
                (4, Field::AccountNumber),
                (4, Field::AccountNumber),
                (4, Field::AccountPin)
            ]
        );
        assert!(found[0].2.contains("port freeze") && found[0].2.contains("lift the freeze"));
        assert!(found[1].2.contains("suspended, not active"));
        assert!(found[2].2.contains("has no PIN") && found[2].2.contains("clear this field"));
        assert!(csr.judged(&fields).contains(&Field::AccountPin));
        // Nothing entered for an account without a PIN: nothing to say of it.
        fields.account_pin = Secret::new("");
        assert_eq!(csr.pin_standing(&fields), PinStanding::NoneNeeded);
        assert_eq!(csr.warnings(&fields).len(), 2);
    }

    /// A group that requires the PIN has the field rules say it is missing: not twice.
    #[test]
    fn a_pin_the_group_requires_is_not_reported_twice() {
        let mut fields = with(Field::AccountNumber, "CC30412");
        fields.group = Some(crate::domain::order::PortGroup {
            carrier_id: "cascade".into(),
            carrier_name: "Cascade Communications".into(),
            account: "CC30412".into(),
            kind: GroupKind::Geographic,
            pin_required: true,
            numbers: vec![PhoneNumber::parse("+12064437200").unwrap()],
            kept_usage: Default::default(),
        });
        assert!(
            csr()
                .problems(&fields)
                .iter()
                .all(|p| p.field != Field::AccountPin)
        );
    }

    #[test]
    fn a_billing_address_elsewhere_is_noticed() {
        let mut csr = csr();
        assert!(csr.billing_differs());
        csr.billing_address = csr.service_address.clone();
        csr.billing_address.street = "400 PINE ST".into();
        assert!(!csr.billing_differs());
    }

    #[test]
    fn numbers_off_the_account_and_left_behind() {
        let csr = csr();
        let ours = [
            PhoneNumber::parse("+12064437200").unwrap(),
            PhoneNumber::parse("+12064437999").unwrap(),
        ];
        assert_eq!(csr.numbers_not_on_account(&ours), vec![&ours[1]]);
        let left = csr.numbers_left_behind(&ours);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].e164(), "+12064437201");
    }

    /// Tries out count against what the account has left, so requests sent at once never guess
    /// past the limit; a try is given back when settled, or after a while if never settled.
    #[test]
    fn tries_out_at_once_never_exceed_the_wrong_requests_left() {
        let at: Timestamp = "2026-12-01T15:00:00Z".parse().unwrap();
        let real: Timestamp = "2026-12-02T03:00:00Z".parse().unwrap();
        let btn = PhoneNumber::parse("3126214400").unwrap();
        let mut book = CsrBook::new();
        let taken: Vec<u64> = (0..3)
            .map(|_| book.take_try(&btn, at, real).expect("one of 3 left").id)
            .collect();
        assert_eq!(taken, [1, 2, 3]);
        assert_eq!(book.take_try(&btn, at, real), None, "3 out, 3 left");
        book.settle_try(&btn, 2);
        let next = book.take_try(&btn, at, real).expect("a try came back");
        assert_eq!(next.id, 4);
        // Two wrong requests counted: one try out uses the last.
        let mut book = CsrBook::new();
        book.entry_mut(&btn).wrong_requests = vec![at, at];
        let first = book.take_try(&btn, at, real).unwrap();
        assert_eq!(first.wrong_before, [at, at]);
        assert_eq!(book.take_try(&btn, at, real), None);
        // A try never settled (its session ended) holds nothing after a while.
        let later = real + TRY_HELD_FOR;
        assert!(book.take_try(&btn, at, later).is_some());
        // An account refusing for a day takes the request: the carrier refuses it for that.
        book.entry_mut(&btn).wrong_requests = vec![at, at, at];
        assert!(book.take_try(&btn, at, later).is_some());
    }

    /// A try settled for a BTN no carrier knows leaves no empty entry in the book.
    #[test]
    fn a_settled_try_leaves_no_empty_entry() {
        let at: Timestamp = "2026-12-01T15:00:00Z".parse().unwrap();
        let btn = PhoneNumber::parse("3126214400").unwrap();
        let mut book = CsrBook::new();
        let taken = book.take_try(&btn, at, at).unwrap();
        assert_eq!(book.accounts.len(), 1);
        book.settle_try(&btn, taken.id);
        assert_eq!(book.accounts, []);
    }

    #[test]
    fn the_third_wrong_request_within_a_day_starts_a_day_of_refusals() {
        let t0: Timestamp = "2026-12-01T15:00:00Z".parse().unwrap();
        let hours = |h: i64| t0 + jiff::SignedDuration::from_hours(h);
        assert_eq!(refusing_until(&[], t0), None);
        assert_eq!(wrong_requests_left(&[], t0), 3);
        let two = [hours(0), hours(1)];
        assert_eq!(refusing_until(&two, hours(2)), None);
        assert_eq!(wrong_requests_left(&two, hours(2)), 1);
        let three = [hours(0), hours(1), hours(2)];
        assert_eq!(wrong_requests_left(&three, hours(2)), 0);
        assert_eq!(refusing_until(&three, hours(3)), Some(hours(26)));
        assert_eq!(refusing_until(&three, hours(25)), Some(hours(26)));
        assert_eq!(refusing_until(&three, hours(26)), None);
        // After the day the count starts afresh: two more wrong ones are taken, a third is not.
        let five = [hours(0), hours(1), hours(2), hours(27), hours(28)];
        assert_eq!(refusing_until(&five, hours(28)), None);
        assert_eq!(wrong_requests_left(&five, hours(28)), 1);
        let six = [
            hours(0),
            hours(1),
            hours(2),
            hours(27),
            hours(28),
            hours(29),
        ];
        assert_eq!(refusing_until(&six, hours(30)), Some(hours(53)));
        // Three wrong ones spread over more than a day start nothing.
        let spread = [hours(0), hours(13), hours(26)];
        assert_eq!(refusing_until(&spread, hours(26)), None);
    }

    #[test]
    fn refusals_say_whether_they_count_and_how_many_are_left() {
        let carrier_name = "Bluebell Wireless".to_string();
        let refusals = [
            CsrRefusal::UnknownBtn,
            CsrRefusal::AccountNumberWrong {
                carrier_name: carrier_name.clone(),
            },
            CsrRefusal::PinMissing {
                carrier_name: carrier_name.clone(),
            },
            CsrRefusal::PinWrong {
                carrier_name: carrier_name.clone(),
            },
            CsrRefusal::TooManyWrong {
                carrier_name,
                until: Timestamp::UNIX_EPOCH,
            },
        ];
        for refusal in &refusals {
            for left in [None, Some(0), Some(1), Some(3)] {
                assert!(!refusal.message(left).is_empty());
            }
        }
        let counted: Vec<bool> = refusals.iter().map(CsrRefusal::counts_as_wrong).collect();
        assert_eq!(counted, [false, true, false, true, false]);
        let day = "refuses CSR requests for a day";
        assert!(refusals[3].message(Some(0)).contains(&format!("now {day}")));
        assert!(
            refusals[3]
                .message(Some(2))
                .contains("2 more wrong requests")
        );
        assert!(!refusals[2].message(None).contains(day));
    }

    #[test]
    fn the_json_form_holds_no_pin() {
        let text = serde_json::to_string(&csr()).unwrap();
        let back: Csr = serde_json::from_str(&text).unwrap();
        assert_eq!(back, csr());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert!(!keys.contains(&"pin"), "{keys:?}");
        assert_eq!(value["pin_on_account"], serde_json::Value::Bool(true));
    }
}

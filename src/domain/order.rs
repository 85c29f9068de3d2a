//! A port order as it is kept on disk: every wizard field (as entered), the chosen group of numbers,
//! the attached LOA, where the wizard was left, the status and the timeline.

use super::fields::{FIELDS, Spec};
use super::inventory::Usage;
use super::limits;
use super::phone::{Country, NumberType, PhoneNumber};
use super::rejection::RejectionCategory;
pub use super::status::{IllegalTransition, Status};
use super::validate::Field;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The version of the order file layout; bumped whenever a stored field changes meaning.
/// Version 2 keeps every submission (version 1 had only a `submitted_at` time); `schema.rs` migrates.
pub const SCHEMA_VERSION: u32 = 2;

/// Text that must never be shown or logged: `Debug` and `Display` print a mask.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The real value, for comparison and for sending to the carrier; never for display.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A mask of the same length, the only form shown anywhere.
    pub fn masked(&self) -> String {
        "•".repeat(self.0.chars().count())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The kind of numbers a group holds; mobile comes from the carrier, not the digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    Geographic,
    TollFree,
    Mobile,
}

impl GroupKind {
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Geographic => "geographic",
            GroupKind::TollFree => "toll-free",
            GroupKind::Mobile => "mobile",
        }
    }

    /// The number type that sets the port time window.
    pub fn number_type(self) -> NumberType {
        match self {
            GroupKind::TollFree => NumberType::TollFree,
            GroupKind::Geographic | GroupKind::Mobile => NumberType::Geographic,
        }
    }
}

/// The numbers of one losing carrier account and kind: what one order may port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortGroup {
    pub carrier_id: String,
    pub carrier_name: String,
    pub account: String,
    pub kind: GroupKind,
    /// The carrier says the account PIN is needed (always so for mobile numbers).
    pub pin_required: bool,
    pub numbers: Vec<PhoneNumber>,
    /// A move of the organization's own numbers to Calling Plan: the usage of each that is
    /// assigned, which it keeps with its assignment (SPEC §9) whatever the order says.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kept_usage: BTreeMap<PhoneNumber, Usage>,
}

impl PortGroup {
    pub fn same_key(&self, other: &PortGroup) -> bool {
        self.carrier_id == other.carrier_id
            && self.account == other.account
            && self.kind == other.kind
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortType {
    Full,
    Partial,
}

/// The signed Letter of Authorization, as copied into the program's store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoaDocument {
    /// The name the program gave the copy, inside the data directory's `documents` folder.
    pub stored_name: String,
    /// The file name the administrator picked, for display only.
    pub original_name: String,
    pub sha256: String,
    pub size: u64,
    pub attached_at: Timestamp,
    /// The fingerprint of the values the letter certifies: its stamp's when portwiz generated it,
    /// else the order's when the copy was attached (a scan is taken for the values of that day).
    /// A later change to one of them makes the letter out of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// The generated LOA sent for e-signature, while the order waits for it (and, once signed, what
/// was sent and when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureRequest {
    /// Who signs: the authorized user, as the letter names them.
    pub signer: String,
    pub email: String,
    pub sent_at: Timestamp,
    /// The generated letter sent, in the data directory's `documents` folder.
    pub letter: String,
    /// The fingerprint of the values the letter certifies.
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<Timestamp>,
}

/// Where the administrator left the wizard, so a draft reopens there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardPosition {
    /// 1 to 8.
    pub step: u8,
    /// Index of the focused field within the step.
    pub field: u8,
    /// The views beside the form that were turned from how they show by default, each by the
    /// name the wizard gives it, so that a draft reopens showing what it showed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toggled: Vec<String>,
}

/// Who caused a change: recorded with every timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    Administrator,
    Carrier,
    Support,
    Clock,
}

impl Actor {
    pub fn label(self) -> &'static str {
        match self {
            Actor::Administrator => "administrator",
            Actor::Carrier => "carrier",
            Actor::Support => "support",
            Actor::Clock => "clock",
        }
    }
}

/// What was sent to the carrier, kept for every submission so changes can be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub number: u32,
    pub at: Timestamp,
    pub by: Actor,
    pub fields: OrderFields,
}

/// A carrier's rejection: the categories only, never the values on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub at: Timestamp,
    pub categories: Vec<RejectionCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub at: Timestamp,
    pub author: Actor,
    pub text: String,
}

/// Why support has the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportCase {
    /// The administrator asked for help.
    Assistance,
    /// The order needs a review before it goes to the carrier (over 200 numbers, or a partial port
    /// that takes the BTN).
    ReviewBeforeSubmission,
    /// The carrier refused the requested date; support picks another and resubmits.
    DateRefused,
    /// The carrier's gateway did not take the order.
    SubmissionError,
}

/// A change of status that is bad news: announced as what it is, never as a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setback {
    /// The carrier rejected the order (Customer action required).
    Rejected,
    /// The carrier's gateway did not take the submission (support resubmits).
    SubmissionFailed,
    /// The carrier refused the requested port date (support picks another).
    DateRefused,
}

impl Setback {
    /// What happened, in words that follow the new status: `... is now Support engaged: submission failed`.
    pub fn words(self) -> &'static str {
        match self {
            Setback::Rejected => "rejected by the carrier",
            Setback::SubmissionFailed => "submission failed",
            Setback::DateRefused => "port date refused by the carrier",
        }
    }
}

/// The provider's support ticket for an order; one per order, comments added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    pub opened_at: Timestamp,
    pub reason: String,
    #[serde(default)]
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub actor: Actor,
    pub detail: String,
}

/// Every value the wizard collects, kept as entered so that nothing typed is ever lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderFields {
    pub country: Option<Country>,
    pub numbers_text: String,
    pub group: Option<PortGroup>,
    pub btn: String,
    pub port_type: Option<PortType>,
    pub replacement_btn: String,
    pub organization_name: String,
    pub account_number: String,
    pub account_pin: Secret,
    pub authorized_first_name: String,
    pub authorized_last_name: String,
    pub street: String,
    pub suite: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub loa_path: String,
    pub loa: Option<LoaDocument>,
    pub loa_signed_on: String,
    pub order_name: String,
    pub port_date: String,
    pub port_time: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub notification_emails: String,
    /// What each number of the group is for (the Teams wizard's "Add number features"); a number
    /// not listed has its kind's default ([`Usage::default_for`]).
    pub number_usage: BTreeMap<PhoneNumber, Usage>,
}

impl OrderFields {
    /// What a number of the order is for: the usage an assigned number of the organization's own
    /// keeps when it moves, else as chosen, else its kind's default.
    pub fn usage_of(&self, number: &PhoneNumber) -> Usage {
        (self.kept_usage(number))
            .or_else(|| self.number_usage.get(number).copied())
            .unwrap_or_else(|| {
                let kind = self.group.as_ref().map(|g| g.kind);
                Usage::default_for(kind.unwrap_or(GroupKind::Geographic))
            })
    }

    /// The usage an assigned number of the organization's own keeps when it moves to Calling Plan.
    pub fn kept_usage(&self, number: &PhoneNumber) -> Option<Usage> {
        let group = self.group.as_ref()?;
        group.kept_usage.get(number).copied()
    }

    /// Gives every number of the group its usage (its kind's default when none was chosen) and
    /// forgets the usages of numbers no longer in it, so that the order file lists each one.
    pub fn sync_usages(&mut self) {
        let numbers = self.group.as_ref().map(|g| g.numbers.as_slice());
        let usages: BTreeMap<PhoneNumber, Usage> = (numbers.unwrap_or_default().iter())
            .map(|n| (n.clone(), self.usage_of(n)))
            .collect();
        self.number_usage = usages;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub schema_version: u32,
    pub id: String,
    /// Incremented by every save; lets a later writer notice it is about to overwrite newer work.
    pub revision: u64,
    pub status: Status,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub fields: OrderFields,
    pub wizard: WizardPosition,
    /// The requested port moment with its zone, fixed when the order is submitted.
    #[serde(default)]
    pub requested_port_at: Option<Zoned>,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// When the current status began: the carrier's and support's clocks count from here.
    #[serde(default)]
    pub status_since: Option<Timestamp>,
    #[serde(default)]
    pub submissions: Vec<Submission>,
    /// Every rejection, the latest last.
    #[serde(default)]
    pub rejections: Vec<Rejection>,
    /// The Firm Order Commitment: the moment the carrier committed to.
    #[serde(default)]
    pub foc_at: Option<Zoned>,
    #[serde(default)]
    pub ticket: Option<Ticket>,
    #[serde(default)]
    pub support_case: Option<SupportCase>,
    /// How often the carrier refused the requested date.
    #[serde(default)]
    pub date_refusals: u32,
    /// The e-signature request of the LOA, from the moment it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_request: Option<SignatureRequest>,
}

/// The name to show for an order name: itself (cut at the limit), or a placeholder for an unnamed draft.
pub fn display_name(order_name: &str) -> String {
    let name = order_name.trim();
    if name.is_empty() {
        "(unnamed draft)".to_string()
    } else {
        let max = limits::max_chars(Field::OrderName).unwrap_or(usize::MAX);
        limits::clipped(name, max).into_owned()
    }
}

impl Order {
    pub fn new_draft(id: String, now: Timestamp) -> Order {
        Order {
            schema_version: SCHEMA_VERSION,
            id,
            revision: 0,
            status: Status::Draft,
            created_at: now,
            updated_at: now,
            fields: OrderFields::default(),
            wizard: WizardPosition {
                step: 1,
                ..WizardPosition::default()
            },
            requested_port_at: None,
            timeline: vec![TimelineEntry {
                at: now,
                actor: Actor::Administrator,
                detail: "Draft created".into(),
            }],
            status_since: Some(now),
            submissions: Vec::new(),
            rejections: Vec::new(),
            foc_at: None,
            ticket: None,
            support_case: None,
            date_refusals: 0,
            signature_request: None,
        }
    }

    /// Moves to `to` if the rules allow it, recording when, who and why in the timeline.
    pub fn transition(
        &mut self,
        to: Status,
        at: Timestamp,
        actor: Actor,
        detail: impl Into<String>,
    ) -> Result<(), IllegalTransition> {
        if !self.status.can_become(to) {
            return Err(IllegalTransition {
                from: self.status,
                to,
            });
        }
        self.status = to;
        self.status_since = Some(at);
        self.record(at, actor, detail);
        Ok(())
    }

    /// Adds a timeline entry without changing the status.
    pub fn record(&mut self, at: Timestamp, actor: Actor, detail: impl Into<String>) {
        self.updated_at = self.updated_at.max(at);
        self.timeline.push(TimelineEntry {
            at,
            actor,
            detail: detail.into(),
        });
    }

    pub fn since(&self) -> Timestamp {
        self.status_since.unwrap_or(self.updated_at)
    }

    /// The rejection the administrator has to act on, while the order waits for action.
    pub fn current_rejection(&self) -> Option<&Rejection> {
        (self.status == Status::CustomerActionRequired)
            .then(|| self.rejections.last())
            .flatten()
    }

    /// The port date to show: the confirmed one once there is a FOC, else the requested one.
    pub fn port_date(&self) -> Option<jiff::civil::Date> {
        self.foc_at
            .as_ref()
            .or(self.requested_port_at.as_ref())
            .map(|z| z.date())
            .or_else(|| self.fields.port_date.trim().parse().ok())
    }

    /// The order's name for lists and messages; a name over its limit (from a damaged or foreign
    /// file) is shown cut, so that no list, sort or message costs more than the limit.
    pub fn display_name(&self) -> String {
        display_name(&self.fields.order_name)
    }

    /// The setback the order's status stands for, when it is one.
    pub fn setback(&self) -> Option<Setback> {
        match (self.status, self.support_case) {
            (Status::CustomerActionRequired, _) => Some(Setback::Rejected),
            (Status::SupportEngaged, Some(SupportCase::SubmissionError)) => {
                Some(Setback::SubmissionFailed)
            }
            (Status::SupportEngaged, Some(SupportCase::DateRefused)) => Some(Setback::DateRefused),
            _ => None,
        }
    }

    /// The numbers this order ports (those of its chosen group).
    pub fn numbers(&self) -> &[PhoneNumber] {
        self.fields
            .group
            .as_ref()
            .map(|g| g.numbers.as_slice())
            .unwrap_or(&[])
    }

    /// The losing carrier's name, once the numbers have chosen one.
    pub fn carrier_name(&self) -> Option<&str> {
        self.fields.group.as_ref().map(|g| g.carrier_name.as_str())
    }

    /// Open orders hold their numbers: no other order may port them.
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

/// One field that differs between two submissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The wizard field, where the value is one.
    pub field: Option<Field>,
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

/// What changed from one submission to the next, field by field, in the fields' order; a secret
/// (the PIN) last, and only as "changed".
pub fn changes(before: &OrderFields, after: &OrderFields) -> Vec<FieldChange> {
    let (secret, open): (Vec<&Spec>, Vec<&Spec>) = FIELDS.iter().partition(|s| s.secret);
    let mut changed = Vec::new();
    for spec in open.into_iter().chain(secret) {
        for compared in spec.compared {
            let (a, b) = ((compared.value)(before), (compared.value)(after));
            if a == b {
                continue;
            }
            let (before, after) = if spec.secret {
                ("(hidden)".to_string(), "changed".to_string())
            } else {
                (a, b)
            };
            changed.push(FieldChange {
                field: Some(spec.field),
                label: compared.label,
                before,
                after,
            });
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_its_value() {
        let pin = Secret::new("482913");
        assert_eq!(format!("{pin:?}"), "Secret(<redacted>)");
        assert_eq!(pin.masked(), "••••••");
        assert_eq!(pin.expose(), "482913");
        let fields = OrderFields {
            account_pin: pin,
            ..Default::default()
        };
        assert!(!format!("{fields:?}").contains("482913"));
    }

    /// Drafts saved before the CSV path left the order kept it with its fields: they still load,
    /// with every other value as saved.
    #[test]
    fn a_draft_that_kept_a_csv_path_still_loads() {
        let saved =
            r#"{"numbers_text": "2127365000", "csv_path": "~/numbers.csv", "btn": "2127365000"}"#;
        let fields: OrderFields = serde_json::from_str(saved).unwrap();
        assert_eq!(fields.numbers_text, "2127365000");
        assert_eq!(fields.btn, "2127365000");
        assert!(!serde_json::to_string(&fields).unwrap().contains("csv_path"));
    }

    #[test]
    fn transitions_are_recorded_and_illegal_ones_refused() {
        let t0: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let t1: Timestamp = "2026-11-21T15:00:00Z".parse().unwrap();
        let mut order = Order::new_draft("PW-1".into(), t0);
        let err = order
            .transition(Status::Completed, t1, Actor::Clock, "x")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "an order that is Draft cannot become Completed"
        );
        assert_eq!(order.status, Status::Draft);
        order
            .transition(Status::Submitted, t1, Actor::Administrator, "Submitted")
            .unwrap();
        assert_eq!((order.status, order.since()), (Status::Submitted, t1));
        let last = order.timeline.last().unwrap();
        assert_eq!(
            (last.at, last.actor, last.detail.as_str()),
            (t1, Actor::Administrator, "Submitted")
        );
    }

    #[test]
    fn changes_show_fields_and_the_pin_only_as_changed() {
        let before = OrderFields {
            account_number: "111".into(),
            account_pin: Secret::new("1234"),
            ..Default::default()
        };
        let after = OrderFields {
            account_number: "222".into(),
            account_pin: Secret::new("9876"),
            ..Default::default()
        };
        let list = changes(&before, &after);
        assert_eq!(list.len(), 2);
        assert_eq!(
            (
                list[0].label,
                list[0].before.as_str(),
                list[0].after.as_str()
            ),
            ("Account number", "111", "222")
        );
        let pin = &list[1];
        assert_eq!((pin.label, pin.after.as_str()), ("Account PIN", "changed"));
        assert!(!format!("{list:?}").contains("1234") && !format!("{list:?}").contains("9876"));
        assert!(changes(&after, &after).is_empty());
    }

    #[test]
    fn order_round_trips_through_json() {
        let now: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), now);
        order.fields.country = Some(Country::Canada);
        order.fields.account_pin = Secret::new("1234");
        order.fields.numbers_text = "416 363 2200".into();
        let json = serde_json::to_string_pretty(&order).unwrap();
        assert!(json.contains("\"schema_version\": 2"));
        assert!(json.contains("\"country\": \"CA\""));
        let back: Order = serde_json::from_str(&json).unwrap();
        assert_eq!(back, order);
    }
}

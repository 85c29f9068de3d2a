//! A port order as it is kept on disk: every wizard field (as entered), the chosen group of numbers,
//! the attached LOA, where the wizard was left, the status and the timeline.

use super::phone::{Country, NumberType, PhoneNumber};
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the order file layout; bumped whenever a stored field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Submitted,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
        }
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
}

/// Where the administrator left the wizard, so a draft reopens there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardPosition {
    /// 1 to 8.
    pub step: u8,
    /// Index of the focused field within the step.
    pub field: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    Administrator,
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
    pub csv_path: String,
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
    pub submitted_at: Option<Timestamp>,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
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
            wizard: WizardPosition { step: 1, field: 0 },
            requested_port_at: None,
            submitted_at: None,
            timeline: vec![TimelineEntry {
                at: now,
                actor: Actor::Administrator,
                detail: "Draft created".into(),
            }],
        }
    }

    /// The name to show: the order name, or a placeholder naming the ID for an unnamed draft.
    pub fn display_name(&self) -> String {
        let name = self.fields.order_name.trim();
        if name.is_empty() {
            "(unnamed draft)".to_string()
        } else {
            name.to_string()
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

    /// Open orders hold their numbers: no other order may port them.
    pub fn is_open(&self) -> bool {
        matches!(self.status, Status::Draft | Status::Submitted)
    }
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

    #[test]
    fn order_round_trips_through_json() {
        let now: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), now);
        order.fields.country = Some(Country::Canada);
        order.fields.account_pin = Secret::new("1234");
        order.fields.numbers_text = "416 363 2200".into();
        let json = serde_json::to_string_pretty(&order).unwrap();
        assert!(json.contains("\"schema_version\": 1"));
        assert!(json.contains("\"country\": \"CA\""));
        let back: Order = serde_json::from_str(&json).unwrap();
        assert_eq!(back, order);
    }
}

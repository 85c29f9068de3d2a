//! The organization's phone numbers (SPEC §9): how each connects, who it is assigned to and for what,
//! which order brought it in; the rules for assigning, releasing, receiving a completed port and
//! porting out; and a history that keeps what left the inventory and when.

use super::order::{GroupKind, Order};
use super::phone::{Country, PhoneNumber};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

pub const INVENTORY_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    CallingPlan,
    OperatorConnect,
    DirectRouting,
}

impl Connection {
    pub const ALL: [Connection; 3] = [
        Connection::CallingPlan,
        Connection::OperatorConnect,
        Connection::DirectRouting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Connection::CallingPlan => "Calling Plan",
            Connection::OperatorConnect => "Operator Connect",
            Connection::DirectRouting => "Direct Routing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssigneeKind {
    User,
    ResourceAccount,
}

impl AssigneeKind {
    pub const ALL: [AssigneeKind; 2] = [AssigneeKind::User, AssigneeKind::ResourceAccount];

    /// The usages a number assigned to this kind may have: a user's is the user usage, a resource
    /// account's is for a voice app (auto attendant, call queue) or a conference.
    pub fn usages(self) -> &'static [Usage] {
        match self {
            AssigneeKind::User => &[Usage::User],
            AssigneeKind::ResourceAccount => &[Usage::VoiceApp, Usage::Conference],
        }
    }

    /// Who a number of this usage is assigned to.
    pub fn of(usage: Usage) -> AssigneeKind {
        match usage {
            Usage::User => AssigneeKind::User,
            Usage::VoiceApp | Usage::Conference => AssigneeKind::ResourceAccount,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AssigneeKind::User => "user",
            AssigneeKind::ResourceAccount => "resource account",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Usage {
    User,
    VoiceApp,
    Conference,
}

impl Usage {
    pub const ALL: [Usage; 3] = [Usage::User, Usage::VoiceApp, Usage::Conference];

    /// What a number ported in is for unless the administrator says otherwise: a toll-free number
    /// answers callers (an auto attendant or call queue), any other belongs to a user.
    pub fn default_for(kind: GroupKind) -> Usage {
        match kind {
            GroupKind::TollFree => Usage::VoiceApp,
            GroupKind::Geographic | GroupKind::Mobile => Usage::User,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Usage::User => "user",
            Usage::VoiceApp => "voice app",
            Usage::Conference => "conference",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub name: String,
    pub kind: AssigneeKind,
    pub usage: Usage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedNumber {
    pub number: PhoneNumber,
    pub kind: GroupKind,
    pub country: Country,
    pub connection: Connection,
    #[serde(default)]
    pub assignment: Option<Assignment>,
    /// The port order that brought the number in, when one did.
    #[serde(default)]
    pub order_id: Option<String>,
    pub since: Timestamp,
    /// What the port order that brought the number in said it is for, until it is assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ported_usage: Option<Usage>,
}

impl OwnedNumber {
    /// What the number is for: its assignment's usage, or the one its port order gave it.
    pub fn usage(&self) -> Option<Usage> {
        (self.assignment.as_ref().map(|a| a.usage)).or(self.ported_usage)
    }
}

/// Something that happened to a number; kept after the number itself has left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberEvent {
    pub at: Timestamp,
    pub number: PhoneNumber,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "InventoryFile")]
pub struct Inventory {
    pub schema_version: u32,
    pub revision: u64,
    pub numbers: Vec<OwnedNumber>,
    pub history: Vec<NumberEvent>,
    /// The completed orders whose numbers were taken in, so that none is taken twice or missed.
    pub received_orders: BTreeSet<String>,
}

/// `inventory.json` as written by any version: one from before `received_orders` was kept counts
/// an order as taken in when one of its numbers, or a history entry, names it.
#[derive(Deserialize)]
struct InventoryFile {
    schema_version: u32,
    revision: u64,
    numbers: Vec<OwnedNumber>,
    #[serde(default)]
    history: Vec<NumberEvent>,
    #[serde(default)]
    received_orders: Option<BTreeSet<String>>,
}

impl From<InventoryFile> for Inventory {
    fn from(file: InventoryFile) -> Inventory {
        let received_orders = file.received_orders.unwrap_or_else(|| {
            file.numbers
                .iter()
                .filter_map(|n| n.order_id.clone())
                .chain(file.history.iter().flat_map(|e| {
                    e.detail
                        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
                        .filter(|word| word.starts_with("PW-"))
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                }))
                .collect()
        });
        Inventory {
            schema_version: file.schema_version,
            revision: file.revision,
            numbers: file.numbers,
            history: file.history,
            received_orders,
        }
    }
}

/// Names come from people: one line, no control characters, not absurdly long.
fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("enter the user's or resource account's name".into());
    }
    if name.chars().any(char::is_control) {
        return Err("the name has a control character; type it as plain text".into());
    }
    if let Some(refusal) = crate::text::bidi_refusal(name) {
        return Err(format!("the name {refusal}"));
    }
    if name.chars().count() > 64 {
        return Err("the name is over 64 characters".into());
    }
    Ok(name.to_string())
}

impl Inventory {
    pub fn new(numbers: Vec<OwnedNumber>) -> Inventory {
        Inventory {
            schema_version: INVENTORY_SCHEMA_VERSION,
            revision: 0,
            numbers,
            history: Vec::new(),
            received_orders: BTreeSet::new(),
        }
    }

    /// Whether a completed order's numbers were taken in.
    pub fn has_received(&self, order_id: &str) -> bool {
        self.received_orders.contains(order_id)
    }

    pub fn find(&self, number: &PhoneNumber) -> Option<&OwnedNumber> {
        self.numbers.iter().find(|n| &n.number == number)
    }

    fn position(&self, number: &PhoneNumber) -> Result<usize, String> {
        self.numbers
            .iter()
            .position(|n| &n.number == number)
            .ok_or_else(|| {
                format!(
                    "{} is not one of the organization's numbers",
                    number.national()
                )
            })
    }

    fn note(&mut self, at: Timestamp, number: &PhoneNumber, detail: impl Into<String>) {
        self.history.push(NumberEvent {
            at,
            number: number.clone(),
            detail: detail.into(),
        });
    }

    /// Assigns a number to a user (user usage) or a resource account (voice app or conference).
    pub fn assign(
        &mut self,
        number: &PhoneNumber,
        name: &str,
        kind: AssigneeKind,
        usage: Usage,
        at: Timestamp,
    ) -> Result<(), String> {
        let name = check_name(name)?;
        match kind {
            _ if kind.usages().contains(&usage) => {}
            AssigneeKind::User => return Err("a user's number has the user usage".into()),
            AssigneeKind::ResourceAccount => {
                return Err(
                    "a resource account's number is for a voice app or a conference".into(),
                );
            }
        }
        let i = self.position(number)?;
        if let Some(current) = &self.numbers[i].assignment {
            return Err(format!(
                "{} is assigned to {}; unassign it first",
                number.national(),
                current.name
            ));
        }
        self.numbers[i].assignment = Some(Assignment {
            name: name.clone(),
            kind,
            usage,
        });
        self.note(
            at,
            number,
            format!("Assigned to {} {name} ({})", kind.label(), usage.label()),
        );
        Ok(())
    }

    pub fn unassign(&mut self, number: &PhoneNumber, at: Timestamp) -> Result<(), String> {
        let i = self.position(number)?;
        let Some(previous) = self.numbers[i].assignment.take() else {
            return Err(format!("{} is not assigned", number.national()));
        };
        self.note(at, number, format!("Unassigned from {}", previous.name));
        Ok(())
    }

    /// Whether a number can be released now, and if not, why.
    pub fn check_release(&self, number: &PhoneNumber) -> Result<(), String> {
        let owned = &self.numbers[self.position(number)?];
        if owned.connection != Connection::CallingPlan {
            return Err(format!(
                "{} is a {} number: its carrier holds it, so only Calling Plan numbers are released here",
                number.national(),
                owned.connection.label()
            ));
        }
        if let Some(a) = &owned.assignment {
            return Err(format!(
                "{} is assigned to {}; unassign it first, then release it",
                number.national(),
                a.name
            ));
        }
        Ok(())
    }

    /// Releases an unassigned Calling Plan number, confirmed by the code shown for it, typed exactly.
    pub fn release(
        &mut self,
        number: &PhoneNumber,
        typed: &str,
        code: &str,
        at: Timestamp,
    ) -> Result<(), String> {
        self.check_release(number)?;
        if typed.trim() != code {
            return Err(format!(
                "the code does not match; type {code} exactly to release the number"
            ));
        }
        let i = self.position(number)?;
        self.numbers.remove(i);
        self.note(
            at,
            number,
            "Released back to the provider; no longer the organization's",
        );
        Ok(())
    }

    /// A completed port's numbers join as Calling Plan numbers, unassigned; the organization's own
    /// Direct Routing or Operator Connect numbers in the US or Canada keep their assignment.
    pub fn receive_port(&mut self, order: &Order, at: Timestamp) {
        self.receive_ports([(order, at)]);
    }

    /// [`Inventory::receive_port`] for many orders at once, looking each number up once: a clock
    /// step can complete hundreds of orders into an inventory of hundreds of thousands of numbers.
    pub fn receive_ports<'a>(&mut self, ports: impl IntoIterator<Item = (&'a Order, Timestamp)>) {
        let mut positions: HashMap<PhoneNumber, usize> = self
            .numbers
            .iter()
            .enumerate()
            .map(|(i, n)| (n.number.clone(), i))
            .collect();
        for (order, at) in ports {
            if !self.received_orders.insert(order.id.clone()) {
                continue;
            }
            let kind = order
                .fields
                .group
                .as_ref()
                .map(|g| g.kind)
                .unwrap_or(GroupKind::Geographic);
            let country = order.fields.country.unwrap_or(Country::UnitedStates);
            for number in order.numbers() {
                match positions.get(number) {
                    Some(&i) => {
                        let owned = &mut self.numbers[i];
                        let from = owned.connection;
                        owned.connection = Connection::CallingPlan;
                        owned.order_id = Some(order.id.clone());
                        // An assigned number keeps its assignment's usage; an unassigned one
                        // takes the usage its order gave it, as a number ported in does.
                        owned.ported_usage = Some(order.fields.usage_of(number));
                        let kept = owned
                            .assignment
                            .as_ref()
                            .map(|a| format!("; still assigned to {}", a.name))
                            .unwrap_or_default();
                        self.history.push(NumberEvent {
                            at,
                            number: number.clone(),
                            detail: format!(
                                "Moved from {} to Calling Plan by order {}{kept}",
                                from.label(),
                                order.id
                            ),
                        });
                    }
                    None => {
                        positions.insert(number.clone(), self.numbers.len());
                        self.numbers.push(OwnedNumber {
                            number: number.clone(),
                            kind,
                            country,
                            connection: Connection::CallingPlan,
                            assignment: None,
                            order_id: Some(order.id.clone()),
                            since: at,
                            ported_usage: Some(order.fields.usage_of(number)),
                        });
                        self.note(
                            at,
                            number,
                            format!(
                                "Ported in by order {} as a Calling Plan number, unassigned",
                                order.id
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Checks that every number can port out: the organization's, on Calling Plan.
    pub fn check_port_out(&self, numbers: &[PhoneNumber]) -> Result<(), String> {
        if numbers.is_empty() {
            return Err("name at least one number to port out".into());
        }
        for number in numbers {
            let owned = self.find(number).ok_or_else(|| {
                format!(
                    "{} is not one of the organization's numbers",
                    number.national()
                )
            })?;
            if owned.connection != Connection::CallingPlan {
                return Err(format!(
                    "{} is a {} number: port it out through that carrier",
                    number.national(),
                    owned.connection.label()
                ));
            }
        }
        Ok(())
    }

    /// Removes numbers that another carrier ported away (after the PIN was checked).
    pub fn port_out(&mut self, numbers: &[PhoneNumber], at: Timestamp) -> Result<(), String> {
        self.check_port_out(numbers)?;
        self.numbers.retain(|n| !numbers.contains(&n.number));
        for number in numbers {
            self.note(
                at,
                number,
                "Ported out to another carrier at its request (porting PIN matched)",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::PortGroup;

    fn n(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    fn at() -> Timestamp {
        "2026-11-20T15:00:00Z".parse().unwrap()
    }

    fn owned(number: &str, connection: Connection, assigned: Option<&str>) -> OwnedNumber {
        OwnedNumber {
            number: n(number),
            kind: GroupKind::Geographic,
            country: Country::UnitedStates,
            connection,
            assignment: assigned.map(|name| Assignment {
                name: name.into(),
                kind: AssigneeKind::User,
                usage: Usage::User,
            }),
            order_id: None,
            since: at(),
            ported_usage: None,
        }
    }

    fn sample() -> Inventory {
        Inventory::new(vec![
            owned("2025443300", Connection::CallingPlan, None),
            owned("2025443301", Connection::CallingPlan, Some("Reception")),
            owned("6462901100", Connection::DirectRouting, Some("Avery Chen")),
            owned("7733382202", Connection::OperatorConnect, None),
        ])
    }

    #[test]
    fn release_takes_only_an_unassigned_calling_plan_number_and_the_exact_code() {
        let mut inv = sample();
        assert!(
            inv.release(&n("2025443301"), "K7Q2XR", "K7Q2XR", at())
                .unwrap_err()
                .contains("unassign it first")
        );
        assert!(
            inv.release(&n("7733382202"), "K7Q2XR", "K7Q2XR", at())
                .unwrap_err()
                .contains("Operator Connect")
        );
        assert!(
            inv.release(&n("2125550200"), "x", "x", at()).is_err(),
            "not the organization's"
        );
        assert!(
            inv.release(&n("2025443300"), "k7q2xr", "K7Q2XR", at())
                .unwrap_err()
                .contains("type K7Q2XR exactly")
        );
        assert_eq!(inv.numbers.len(), 4, "nothing changed by refusals");
        inv.release(&n("2025443300"), " K7Q2XR ", "K7Q2XR", at())
            .unwrap();
        assert!(inv.find(&n("2025443300")).is_none());
        assert!(inv.history.last().unwrap().detail.starts_with("Released"));
        inv.unassign(&n("2025443301"), at()).unwrap();
        inv.release(&n("2025443301"), "AB12CD", "AB12CD", at())
            .unwrap();
    }

    #[test]
    fn assignment_rules() {
        let mut inv = sample();
        assert!(
            inv.assign(&n("2025443300"), " ", AssigneeKind::User, Usage::User, at())
                .is_err()
        );
        assert!(
            inv.assign(
                &n("2025443300"),
                "Sam",
                AssigneeKind::User,
                Usage::VoiceApp,
                at()
            )
            .unwrap_err()
            .contains("user usage")
        );
        assert!(
            inv.assign(
                &n("2025443300"),
                "Bot",
                AssigneeKind::ResourceAccount,
                Usage::User,
                at()
            )
            .is_err()
        );
        assert!(
            inv.assign(
                &n("2025443301"),
                "Sam",
                AssigneeKind::User,
                Usage::User,
                at()
            )
            .unwrap_err()
            .contains("unassign it first")
        );
        inv.assign(
            &n("2025443300"),
            "Main line",
            AssigneeKind::ResourceAccount,
            Usage::VoiceApp,
            at(),
        )
        .unwrap();
        assert_eq!(
            inv.find(&n("2025443300"))
                .unwrap()
                .assignment
                .as_ref()
                .unwrap()
                .name,
            "Main line"
        );
        assert!(
            inv.unassign(&n("7733382202"), at())
                .unwrap_err()
                .contains("not assigned")
        );
    }

    #[test]
    fn a_completed_port_joins_as_calling_plan_and_own_numbers_keep_their_assignment() {
        let mut inv = sample();
        let mut order = Order::new_draft("PW-9".into(), at());
        order.fields.country = Some(Country::UnitedStates);
        order.fields.group = Some(PortGroup {
            carrier_id: "own-direct-routing".into(),
            carrier_name: "Your Direct Routing numbers".into(),
            account: "own".into(),
            kind: GroupKind::Geographic,
            pin_required: false,
            numbers: vec![n("6462901100"), n("2127365001"), n("7733382202")],
            kept_usage: [(n("6462901100"), Usage::User)].into(),
        });
        // What the order says of an assigned number gives way to its assignment's usage.
        order.fields.number_usage = [
            (n("6462901100"), Usage::Conference),
            (n("7733382202"), Usage::Conference),
        ]
        .into();
        assert_eq!(order.fields.usage_of(&n("6462901100")), Usage::User);
        inv.receive_port(&order, at());
        let moved = inv.find(&n("6462901100")).unwrap();
        assert_eq!(moved.connection, Connection::CallingPlan);
        assert_eq!(
            moved.assignment.as_ref().unwrap().name,
            "Avery Chen",
            "the assignment is kept"
        );
        assert_eq!(moved.usage(), Some(Usage::User));
        let unassigned = inv.find(&n("7733382202")).unwrap();
        assert_eq!(
            (unassigned.connection, unassigned.usage()),
            (Connection::CallingPlan, Some(Usage::Conference)),
            "an unassigned number moved takes the usage its order gave it"
        );
        let new = inv.find(&n("2127365001")).unwrap();
        assert_eq!(
            (
                new.connection,
                new.assignment.is_none(),
                new.order_id.as_deref()
            ),
            (Connection::CallingPlan, true, Some("PW-9"))
        );
    }

    #[test]
    fn port_out_needs_every_number_to_be_a_calling_plan_number_of_the_organization() {
        let mut inv = sample();
        assert!(
            inv.port_out(&[n("2025443300"), n("2127365009")], at())
                .unwrap_err()
                .contains("not one of")
        );
        assert!(
            inv.port_out(&[n("6462901100")], at())
                .unwrap_err()
                .contains("Direct Routing")
        );
        assert!(inv.port_out(&[], at()).is_err());
        assert_eq!(inv.numbers.len(), 4);
        inv.port_out(&[n("2025443300"), n("2025443301")], at())
            .unwrap();
        assert_eq!(inv.numbers.len(), 2);
        assert_eq!(inv.history.len(), 2);
    }
}

//! The carrier side, behind one trait: what the losing carriers say about numbers and orders. The
//! embedded simulation (`simulated`) reads its carriers and accounts (as Customer Service Records)
//! from a JSON file; a real provider's API would implement the same trait.

use crate::domain::calendar::{nth_business_day_after, parse_date};
use crate::domain::csr::{Csr, CsrRefusal, CsrRequest, CsrTicket};
use crate::domain::inventory::{Connection, Inventory, Usage};
use crate::domain::order::{GroupKind, Order, OrderFields, PortGroup};
use crate::domain::phone::{Country, NumberList, NumberType, PhoneNumber};
use crate::domain::rejection::RejectionCategory;
use crate::domain::validate::{Field, Problem};
use crate::store::OrderSummary;
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

mod simulated;

pub use simulated::{AccountRecord, CarrierRecord, SAMPLE_NETWORK, SimulatedNetwork};

/// What one carrier network answers about a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Portability {
    Portable {
        carrier_id: String,
        carrier_name: String,
        account: String,
        kind: GroupKind,
        pin_required: bool,
    },
    NotPortable {
        carrier_name: String,
        reason: String,
    },
    Unknown,
}

/// What a carrier provider answers at once about numbers and carriers.
pub trait Lookups: Send + Sync {
    /// A short description of the network, shown on screen (says when it is a simulation).
    fn description(&self) -> &str;
    fn check(&self, number: &PhoneNumber) -> Portability;
    /// How many days old a signed LOA may be for this carrier to accept it.
    fn loa_max_age_days(&self, carrier_id: &str) -> Option<u32>;
    /// Business days the carrier takes to answer a submission.
    fn response_business_days(&self, carrier_id: &str) -> Option<u32>;
    /// Whether the account's CSR carries a port freeze, which the carrier lifts for all of the
    /// account's orders at once.
    fn port_freeze(&self, carrier_id: &str, account: &str) -> bool;
}

/// Handing orders to the losing carrier.
pub trait Submissions: Send + Sync {
    /// Hands an order, its latest submission recorded, to the carrier's gateway; an error is a
    /// submission error, with its reason.
    fn submit(&self, order: &Order) -> Result<(), String>;
}

/// What the carriers send back about submitted orders.
pub trait CarrierEvents: Send + Sync {
    /// The carrier's answer to a submitted order, as given on `decided_on`, knowing what it
    /// answered for the account's orders before (this one included).
    fn answer(&self, order: &Order, decided_on: Date, account: &AccountHistory) -> Answer;
}

/// What a carrier remembers of one account across all its orders. A real carrier keeps its own
/// records; the simulation is told them from the orders on file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountHistory {
    /// The first time the carrier rejected an order of the account for a port freeze.
    pub first_freeze_rejection: Option<Timestamp>,
}

/// The (carrier, account) an order's numbers come from: a freeze is kept per account.
pub fn account_of(fields: &OrderFields) -> Option<(&str, &str)> {
    let group = fields.group.as_ref()?;
    Some((group.carrier_id.as_str(), group.account.as_str()))
}

/// Each account's history, as the orders given show it.
#[derive(Debug, Clone, Default)]
pub struct AccountHistories(HashMap<(String, String), AccountHistory>);

impl AccountHistories {
    pub fn of<'a>(orders: impl IntoIterator<Item = &'a Order>) -> AccountHistories {
        let mut histories = AccountHistories::default();
        for order in orders {
            histories.learn(order);
        }
        histories
    }

    /// Takes in what the carrier answered this order.
    pub fn learn(&mut self, order: &Order) {
        let Some((carrier_id, account)) = account_of(&order.fields) else {
            return;
        };
        let first_freeze = (order.rejections.iter())
            .filter(|r| r.categories.contains(&RejectionCategory::NumbersFrozen))
            .map(|r| r.at)
            .min();
        if let Some(at) = first_freeze {
            let known = &mut self
                .0
                .entry((carrier_id.to_string(), account.to_string()))
                .or_default()
                .first_freeze_rejection;
            *known = Some(known.map_or(at, |k| k.min(at)));
        }
    }

    pub fn of_account(&self, fields: &OrderFields) -> AccountHistory {
        account_of(fields)
            .and_then(|(c, a)| self.0.get(&(c.to_string(), a.to_string())))
            .copied()
            .unwrap_or_default()
    }
}

/// Asking a losing carrier for a copy of an account's Customer Service Record (SPEC §12).
pub trait CsrRequests: Send + Sync {
    /// Asks, at `at`, for the CSR of the account that `request.btn` bills. `wrong_before` holds
    /// the times of the wrong requests made before for that BTN: a real carrier keeps that count
    /// itself; the simulation is told it, as it is told an account's history.
    fn request_csr(
        &self,
        request: &CsrRequest,
        at: Timestamp,
        wrong_before: &[Timestamp],
    ) -> Result<CsrTicket, CsrRefusal>;
    /// The carrier's answer to a request it took, once it has come (`None` until then).
    fn csr_answer(&self, ticket: &CsrTicket, now: Timestamp) -> Option<Csr>;
}

/// The losing carriers, as the program can reach them: what a real provider's API offers (the
/// embedded simulation implements the same).
pub trait CarrierNetwork: Lookups + Submissions + CarrierEvents + CsrRequests {}

impl<T: Lookups + Submissions + CarrierEvents + CsrRequests> CarrierNetwork for T {}

/// A carrier's answer to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Reject(Vec<RejectionCategory>),
    /// The requested date cannot be served: support picks another and resubmits.
    RefuseDate,
}

/// What the program can know before submitting beyond the fields themselves (SPEC §7): numbers that
/// joined another order or stopped being portable since the draft was made, and an LOA signed
/// before the carrier's accepted window.
pub fn presubmit_problems(
    network: &dyn Lookups,
    fields: &OrderFields,
    holders: &HashMap<PhoneNumber, Holder>,
    today: Date,
) -> Vec<Problem> {
    let Some(group) = &fields.group else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let report = check_numbers(network, &group.numbers, holders);
    for refusal in &report.refused {
        problems.push(Problem {
            step: 2,
            field: Field::Group,
            message: format!(
                "{} is no longer possible: {}",
                refusal.number.national(),
                refusal.reason
            ),
        });
    }
    for moved in report.groups.iter().filter(|g| !g.same_key(group)) {
        for number in &moved.numbers {
            problems.push(Problem {
                step: 2,
                field: Field::Group,
                message: format!(
                    "{} now belongs to {} account {}; check the numbers again",
                    number.national(),
                    moved.carrier_name,
                    moved.account
                ),
            });
        }
    }
    problems.extend(loa_age_problem(network, fields, today));
    problems
}

/// An LOA too old for the carrier of a submission made on `today`. The carrier judges the LOA's
/// age on the day it answers (its response time in business days later), so a letter young
/// enough today can be refused then: the one rule for the review, `orders submit`, the import
/// and support's resubmission alike.
pub fn loa_age_problem(
    network: &dyn Lookups,
    fields: &OrderFields,
    today: Date,
) -> Option<Problem> {
    let group = fields.group.as_ref()?;
    let max_age = network.loa_max_age_days(&group.carrier_id)?;
    let signed = parse_date(&fields.loa_signed_on).ok()?;
    let age_on = |day: Date| signed.until(day).ok().map(|span| span.get_days());
    let limit = format!(
        "{} accepts LOAs signed within {max_age} days",
        group.carrier_name
    );
    let message = match age_on(today)? {
        age if age > max_age as i32 => {
            format!("the LOA was signed {age} days ago; {limit}: get a freshly signed one")
        }
        _ => {
            let country = fields.country.unwrap_or(Country::UnitedStates);
            let days = network.response_business_days(&group.carrier_id)?;
            let answer = nth_business_day_after(country, today, days);
            match age_on(answer)? {
                age if age > max_age as i32 => format!(
                    "the LOA will be {age} days old when {} answers on {} ({days} business days after submitting); {limit}: attach a freshly signed LOA",
                    group.carrier_name,
                    answer.strftime("%a %Y-%m-%d")
                ),
                _ => return None,
            }
        }
    };
    Some(Problem {
        step: 6,
        field: Field::LoaSignedOn,
        message,
    })
}

/// Who else holds a number: another open order, or the organization itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Order {
        id: String,
        name: String,
    },
    /// The organization has the number already, connected this way, and assigned for this usage.
    Organization(Connection, Option<Usage>),
}

/// Carrier IDs of the groups made of the organization's own numbers (moves to Calling Plan).
pub const OWN_PREFIX: &str = "own-";

pub fn is_own(carrier_id: &str) -> bool {
    carrier_id.starts_with(OWN_PREFIX)
}

/// The numbers that open orders hold (other than the order `except`), with who holds them.
pub fn holders(
    orders: &[OrderSummary],
    inventory: &Inventory,
    except: Option<&str>,
) -> HashMap<PhoneNumber, Holder> {
    let owned = inventory.numbers.iter().map(|n| {
        (
            n.number.clone(),
            Holder::Organization(n.connection, n.usage()),
        )
    });
    let in_orders = orders
        .iter()
        .filter(|o| o.is_open() && Some(o.id.as_str()) != except)
        .flat_map(|o| {
            o.numbers().iter().map(|n| {
                (
                    n.clone(),
                    Holder::Order {
                        id: o.id.clone(),
                        name: o.display_name(),
                    },
                )
            })
        });
    // An open order's claim wins over the inventory's: that order will move the number.
    owned.chain(in_orders).collect()
}

/// A number that cannot go in this order, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub number: PhoneNumber,
    pub reason: String,
}

/// The portability check of a whole list: groups that can each be one order, and the refusals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortabilityReport {
    pub groups: Vec<PortGroup>,
    pub refused: Vec<Refusal>,
}

/// A typed list of numbers and its portability check.
#[derive(Debug, Clone, Default)]
pub struct NumbersCheck {
    pub list: NumberList,
    pub report: PortabilityReport,
}

/// Runs the portability check and groups portable numbers by (carrier, account, kind).
pub fn check_numbers<'a>(
    network: &dyn Lookups,
    numbers: impl IntoIterator<Item = &'a PhoneNumber>,
    holders: &HashMap<PhoneNumber, Holder>,
) -> PortabilityReport {
    let mut groups: BTreeMap<(String, String, GroupKind), PortGroup> = BTreeMap::new();
    let mut refused = Vec::new();
    for number in numbers {
        match holders.get(number) {
            Some(Holder::Order { id, name }) => {
                let reason = format!("already in open order {name:?} ({id})");
                refused.push(Refusal {
                    number: number.clone(),
                    reason,
                });
                continue;
            }
            Some(Holder::Organization(Connection::CallingPlan, _)) => {
                let reason = "already one of the organization's Calling Plan numbers".to_string();
                refused.push(Refusal {
                    number: number.clone(),
                    reason,
                });
                continue;
            }
            Some(Holder::Organization(connection, usage)) => {
                // The organization's own Direct Routing or Operator Connect number moves to Calling
                // Plan, keeping its assignment and so its usage.
                let kind = match number.number_type() {
                    NumberType::TollFree => GroupKind::TollFree,
                    NumberType::Geographic => GroupKind::Geographic,
                };
                let carrier_id = format!(
                    "{OWN_PREFIX}{}",
                    connection.label().to_lowercase().replace(' ', "-")
                );
                let group = groups
                    .entry((carrier_id.clone(), "own".into(), kind))
                    .or_insert_with(|| PortGroup {
                        carrier_id,
                        carrier_name: format!("Your {} numbers", connection.label()),
                        account: "own".into(),
                        kind,
                        pin_required: false,
                        numbers: Vec::new(),
                        kept_usage: BTreeMap::new(),
                    });
                group.numbers.push(number.clone());
                if let Some(usage) = usage {
                    group.kept_usage.insert(number.clone(), *usage);
                }
                continue;
            }
            None => {}
        }
        match network.check(number) {
            Portability::Portable {
                carrier_id,
                carrier_name,
                account,
                kind,
                pin_required,
            } => {
                groups
                    .entry((carrier_id.clone(), account.clone(), kind))
                    .or_insert_with(|| PortGroup {
                        carrier_id,
                        carrier_name,
                        account,
                        kind,
                        pin_required,
                        numbers: Vec::new(),
                        kept_usage: BTreeMap::new(),
                    })
                    .numbers
                    .push(number.clone());
            }
            Portability::NotPortable {
                carrier_name,
                reason,
            } => refused.push(Refusal {
                number: number.clone(),
                reason: format!("not portable from {carrier_name}: {reason}"),
            }),
            Portability::Unknown => refused.push(Refusal {
                number: number.clone(),
                reason: "unknown: no carrier in the network serves this number".into(),
            }),
        }
    }
    PortabilityReport {
        groups: groups.into_values().collect(),
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    #[test]
    fn sample_has_the_situations_the_wizard_needs() {
        let net = SimulatedNetwork::sample();
        assert!(net.carriers().len() >= 3);
        let accounts: Vec<&AccountRecord> =
            net.carriers().iter().flat_map(|c| &c.accounts).collect();
        assert!(accounts.len() >= 6);
        assert!(accounts.iter().any(|a| a.frozen));
        assert!(accounts.iter().any(|a| a.pin_required));
        let kinds: Vec<GroupKind> = accounts
            .iter()
            .flat_map(|a| a.numbers.iter().map(|n| n.kind))
            .collect();
        for kind in [
            GroupKind::Geographic,
            GroupKind::TollFree,
            GroupKind::Mobile,
        ] {
            assert!(kinds.contains(&kind), "{kind:?}");
        }
        assert!(net.carriers().iter().any(|c| !c.not_portable.is_empty()));
    }

    #[test]
    fn groups_by_carrier_account_and_kind_with_reasons_for_the_rest() {
        let net = SimulatedNetwork::sample();
        let numbers = [
            n("2127365000"),
            n("2127365001"),
            n("8887362000"),
            n("4155238800"),
            n("3126214499"),
            n("2127369999"),
            n("2127365002"),
        ];
        let mut holders = HashMap::new();
        holders.insert(
            n("2127365002"),
            Holder::Order {
                id: "PW-1".into(),
                name: "First".into(),
            },
        );
        let report = check_numbers(&net, &numbers, &holders);
        assert_eq!(report.groups.len(), 3);
        let nyc = report
            .groups
            .iter()
            .find(|g| g.kind == GroupKind::Geographic)
            .unwrap();
        assert_eq!(nyc.numbers.len(), 2);
        assert_eq!(nyc.carrier_name, "Northwind Telecom");
        let mobile = report
            .groups
            .iter()
            .find(|g| g.kind == GroupKind::Mobile)
            .unwrap();
        assert!(mobile.pin_required);
        let reasons: Vec<&str> = report.refused.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons.len(), 3);
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with("not portable from Cascade"))
        );
        assert!(reasons.iter().any(|r| r.starts_with("unknown")));
        assert!(reasons.iter().any(|r| r.contains("\"First\" (PW-1)")));
    }

    #[test]
    fn a_broken_carrier_file_names_where() {
        let err = SimulatedNetwork::from_json("{\"carriers\": [ {\"id\": 1} ]}", "test.json")
            .err()
            .unwrap();
        let text = err.to_string();
        assert!(
            text.contains("test.json") && text.contains("line 1"),
            "{text}"
        );
        let pin_as_number = r#"{"carriers":[{"id":"a","name":"A","response_business_days":1,"loa_max_age_days":30,
            "accounts":[{"account_number":"A1","organization":"O","pin":482913}]}]}"#;
        let text = SimulatedNetwork::from_json(pin_as_number, "pins.json")
            .err()
            .unwrap()
            .to_string();
        assert!(
            text.contains("pins.json")
                && text.contains("carriers[0].accounts[0].pin has a wrong value (line 2")
                && !text.contains("482913"),
            "{text}"
        );
        let dup = r#"{"carriers":[{"id":"a","name":"A","response_business_days":1,"loa_max_age_days":30,"accounts":[],
            "not_portable":[{"number":"2127365000","reason":"x"},{"number":"2127365000","reason":"y"}]}]}"#;
        assert!(
            SimulatedNetwork::from_json(dup, "dup")
                .err()
                .unwrap()
                .to_string()
                .contains("twice")
        );
    }
}

//! The carrier side, behind one trait: what the losing carriers say about numbers. The embedded
//! simulation reads its carriers and accounts (as Customer Service Records) from a JSON file.

use crate::domain::calendar::parse_date;
use crate::domain::order::{GroupKind, OrderFields, PortGroup, Secret};
use crate::domain::phone::PhoneNumber;
use crate::domain::validate::{Field, Problem};
use anyhow::{Context as _, bail};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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

/// The losing carriers, as the program can reach them. A real provider's API would implement this.
pub trait CarrierNetwork {
    /// A short description of the network, shown on screen (says when it is a simulation).
    fn description(&self) -> &str;
    fn check(&self, number: &PhoneNumber) -> Portability;
    /// How many days old a signed LOA may be for this carrier to accept it.
    fn loa_max_age_days(&self, carrier_id: &str) -> Option<u32>;
}

/// What the program can know before submitting beyond the fields themselves (SPEC §7): numbers that
/// joined another order or stopped being portable since the draft was made, and an LOA signed
/// before the carrier's accepted window.
pub fn presubmit_problems(
    network: &dyn CarrierNetwork,
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
    if let (Some(max_age), Ok(signed)) = (
        network.loa_max_age_days(&group.carrier_id),
        parse_date(&fields.loa_signed_on),
    ) && let Ok(age) = signed.until(today).map(|span| span.get_days())
        && age > max_age as i32
    {
        problems.push(Problem {
            step: 6,
            field: Field::LoaSignedOn,
            message: format!(
                "the LOA was signed {age} days ago; {} accepts LOAs signed within {max_age} days: get a freshly signed one",
                group.carrier_name
            ),
        });
    }
    problems
}

/// Who else holds a number: another open order, or the organization itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Order { id: String, name: String },
    Organization,
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

/// Runs the portability check and groups portable numbers by (carrier, account, kind).
pub fn check_numbers<'a>(
    network: &dyn CarrierNetwork,
    numbers: impl IntoIterator<Item = &'a PhoneNumber>,
    holders: &HashMap<PhoneNumber, Holder>,
) -> PortabilityReport {
    let mut groups: BTreeMap<(String, String, GroupKind), PortGroup> = BTreeMap::new();
    let mut refused = Vec::new();
    for number in numbers {
        if let Some(holder) = holders.get(number) {
            let reason = match holder {
                Holder::Order { id, name } => format!("already in open order {name:?} ({id})"),
                Holder::Organization => "already the organization's number".to_string(),
            };
            refused.push(Refusal {
                number: number.clone(),
                reason,
            });
            continue;
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

/// A Customer Service Record: what the carrier compares an order with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRecord {
    pub account_number: String,
    pub organization: String,
    #[serde(default)]
    pub pin: Option<Secret>,
    #[serde(default)]
    pub pin_required: bool,
    pub authorized_user: PersonRecord,
    pub service_address: AddressRecord,
    pub btn: PhoneNumber,
    #[serde(default)]
    pub frozen: bool,
    pub numbers: Vec<NumberRecord>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressRecord {
    pub street: String,
    #[serde(default)]
    pub suite: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRecord {
    pub number: PhoneNumber,
    #[serde(rename = "type")]
    pub kind: GroupKind,
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
pub const SAMPLE_NETWORK: &str = include_str!("../assets/carriers.json");

impl SimulatedNetwork {
    pub fn sample() -> SimulatedNetwork {
        SimulatedNetwork::from_json(SAMPLE_NETWORK, "bundled sample")
            .expect("the bundled sample network is valid")
    }

    pub fn load(path: &Path) -> anyhow::Result<SimulatedNetwork> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the carrier file {}", path.display()))?;
        SimulatedNetwork::from_json(&text, &path.display().to_string())
    }

    pub fn from_json(text: &str, source: &str) -> anyhow::Result<SimulatedNetwork> {
        let file: NetworkFile = serde_json::from_str(text).map_err(|e| {
            anyhow::anyhow!(
                "the carrier file {source} is not valid (line {}, column {}): {}",
                e.line(),
                e.column(),
                crate::text::strip_controls(&e.to_string())
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
}

impl CarrierNetwork for SimulatedNetwork {
    fn description(&self) -> &str {
        &self.description
    }

    fn loa_max_age_days(&self, carrier_id: &str) -> Option<u32> {
        self.carriers
            .iter()
            .find(|c| c.id == carrier_id)
            .map(|c| c.loa_max_age_days)
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

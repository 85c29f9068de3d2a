//! Why a losing carrier rejects an order (SPEC §6): each category with its meaning, the plain-words
//! action to take, and the wizard fields the Update flow highlights. A carrier never says the right value.

use super::fields;
use super::order::Order;
use super::validate::Field;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectionCategory {
    AccountNumberMismatch,
    AuthorizedUserMismatch,
    OrganizationNameMismatch,
    PinMissingOrIncorrect,
    ServiceAddressMismatch,
    LoaMissing,
    NumbersFrozen,
    BtnMismatch,
    WrongPortType,
}

impl RejectionCategory {
    pub const ALL: [RejectionCategory; 9] = [
        RejectionCategory::AccountNumberMismatch,
        RejectionCategory::AuthorizedUserMismatch,
        RejectionCategory::OrganizationNameMismatch,
        RejectionCategory::PinMissingOrIncorrect,
        RejectionCategory::ServiceAddressMismatch,
        RejectionCategory::LoaMissing,
        RejectionCategory::NumbersFrozen,
        RejectionCategory::BtnMismatch,
        RejectionCategory::WrongPortType,
    ];

    pub fn title(self) -> &'static str {
        match self {
            RejectionCategory::AccountNumberMismatch => "Account number mismatch",
            RejectionCategory::AuthorizedUserMismatch => "Authorized user mismatch",
            RejectionCategory::OrganizationNameMismatch => "Organization name mismatch",
            RejectionCategory::PinMissingOrIncorrect => "PIN missing or incorrect",
            RejectionCategory::ServiceAddressMismatch => "Service address mismatch",
            RejectionCategory::LoaMissing => "LOA missing",
            RejectionCategory::NumbersFrozen => "Numbers frozen",
            RejectionCategory::BtnMismatch => "BTN mismatch",
            RejectionCategory::WrongPortType => "Wrong port type",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            RejectionCategory::AccountNumberMismatch => "The account number is not the carrier's.",
            RejectionCategory::AuthorizedUserMismatch => {
                "The authorized user is not the one on file."
            }
            RejectionCategory::OrganizationNameMismatch => {
                "The organization name is not the one on file."
            }
            RejectionCategory::PinMissingOrIncorrect => "The account PIN is missing or wrong.",
            RejectionCategory::ServiceAddressMismatch => {
                "The ZIP/postal code or service address is not the one on file."
            }
            RejectionCategory::LoaMissing => {
                "No valid signed LOA: missing, or signed too long ago for this carrier."
            }
            RejectionCategory::NumbersFrozen => {
                "The account has a port freeze, a carrier feature against unwanted ports."
            }
            RejectionCategory::BtnMismatch => {
                "The billing telephone number is not the account's main number."
            }
            RejectionCategory::WrongPortType => {
                "A Full port must take every number on the account."
            }
        }
    }

    pub fn recommended_action(self) -> &'static str {
        match self {
            RejectionCategory::AccountNumberMismatch => {
                "Check the account number on the Customer Service Record (ask the carrier for a copy of the CSR if needed), correct it, and resubmit."
            }
            RejectionCategory::AuthorizedUserMismatch => {
                "Check who is the authorized user on the CSR, correct the first and last name, get the LOA signed by that person, and resubmit."
            }
            RejectionCategory::OrganizationNameMismatch => {
                "Enter the organization name exactly as on the CSR (ask the carrier for a copy if needed), and resubmit."
            }
            RejectionCategory::PinMissingOrIncorrect => {
                "Ask the current carrier for the account PIN (it is not the voicemail PIN), enter it, and resubmit."
            }
            RejectionCategory::ServiceAddressMismatch => {
                "Check the service address and ZIP/postal code on the CSR (the physical address, not the billing one), correct them, and resubmit."
            }
            RejectionCategory::LoaMissing => {
                "Have the authorized user sign a new Letter of Authorization, attach it with today's signing date, and resubmit."
            }
            RejectionCategory::NumbersFrozen => {
                "Ask the current carrier to lift the port freeze on the account (this can take 1 to 3 weeks), then Update and resubmit without changes."
            }
            RejectionCategory::BtnMismatch => {
                "Check the billing telephone number on the CSR or a recent bill, correct it, and resubmit."
            }
            RejectionCategory::WrongPortType => {
                "Choose Partial, or add every number of the account to the order, and resubmit."
            }
        }
    }

    /// The fields the Update flow highlights; none for a freeze, which only the carrier can lift.
    pub fn fields(self) -> &'static [Field] {
        match self {
            RejectionCategory::AccountNumberMismatch => &[Field::AccountNumber],
            RejectionCategory::AuthorizedUserMismatch => {
                &[Field::AuthorizedFirstName, Field::AuthorizedLastName]
            }
            RejectionCategory::OrganizationNameMismatch => &[Field::OrganizationName],
            RejectionCategory::PinMissingOrIncorrect => &[Field::AccountPin],
            RejectionCategory::ServiceAddressMismatch => &[
                Field::Street,
                Field::Suite,
                Field::City,
                Field::Region,
                Field::PostalCode,
            ],
            RejectionCategory::LoaMissing => &[Field::LoaPath, Field::LoaSignedOn],
            RejectionCategory::NumbersFrozen => &[],
            RejectionCategory::BtnMismatch => &[Field::Btn],
            RejectionCategory::WrongPortType => &[Field::PortType],
        }
    }
}

/// Fields whose change means the signed LOA no longer certifies the order: numbers, account, names, address.
pub const LOA_CERTIFIED: &[Field] = &[
    Field::Group,
    Field::Btn,
    Field::AccountNumber,
    Field::OrganizationName,
    Field::AuthorizedFirstName,
    Field::AuthorizedLastName,
    Field::Street,
    Field::Suite,
    Field::City,
    Field::Region,
    Field::PostalCode,
];

/// Whether a field of `order` differs from what its last submission (the one rejected) sent.
pub fn changed_since_rejection(order: &Order, field: Field) -> bool {
    let Some(sent) = order.submissions.last() else {
        return false;
    };
    (fields::spec(field).compared.iter())
        .any(|c| (c.value)(&sent.fields) != (c.value)(&order.fields))
}

/// Of the carrier's `reasons` for sending `order` back, those none of whose fields changed since
/// the rejection: resubmitting them so would be rejected again (a freeze, which names no field, is
/// resubmitted unchanged by design). The wizard asks before resubmitting; a script is refused.
pub fn unchanged_reasons(order: &Order, reasons: &[RejectionCategory]) -> Vec<RejectionCategory> {
    (reasons.iter().copied())
        .filter(|r| !r.fields().is_empty())
        .filter(|r| {
            r.fields()
                .iter()
                .all(|f| !changed_since_rejection(order, *f))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_says_what_to_do_and_only_a_freeze_names_no_field() {
        for c in RejectionCategory::ALL {
            assert!(c.recommended_action().ends_with('.'), "{c:?}");
            assert_eq!(
                c.fields().is_empty(),
                c == RejectionCategory::NumbersFrozen,
                "{c:?}"
            );
        }
        assert!(
            RejectionCategory::NumbersFrozen
                .recommended_action()
                .contains("1 to 3 weeks")
        );
    }

    /// A reason counts as unchanged until one of the fields it names differs from what the
    /// rejected submission sent; a freeze names none and is never counted.
    #[test]
    fn a_reason_is_unchanged_until_a_field_it_names_changes() {
        use crate::domain::order::{Actor, Submission};
        let at: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut order = Order::new_draft("PW-1".into(), at);
        order.fields.postal_code = "10001".into();
        order.fields.account_number = "4410223177".into();
        order.submissions.push(Submission {
            number: 1,
            at,
            by: Actor::Administrator,
            fields: order.fields.clone(),
        });
        let reasons = [
            RejectionCategory::ServiceAddressMismatch,
            RejectionCategory::AccountNumberMismatch,
            RejectionCategory::NumbersFrozen,
        ];
        assert_eq!(
            unchanged_reasons(&order, &reasons),
            [
                RejectionCategory::ServiceAddressMismatch,
                RejectionCategory::AccountNumberMismatch
            ]
        );
        order.fields.postal_code = "10118".into();
        assert!(changed_since_rejection(&order, Field::PostalCode));
        assert!(!changed_since_rejection(&order, Field::AccountNumber));
        assert_eq!(
            unchanged_reasons(&order, &reasons),
            [RejectionCategory::AccountNumberMismatch]
        );
    }
}

//! One table of the order's fields. For each: its label, the step of the order it belongs to, the
//! text typed into it and how that text is written back on the order, how it compares from one
//! submission to the next, how it shows in the order's summaries, and whether it is secret. The
//! wizard's steps and inputs, the limits, the validation's messages, the summaries and the changes
//! between submissions all take them from here.

use super::inventory::Usage;
use super::limits::{clipped, max_chars};
use super::order::{OrderFields, PortType, Secret};
use super::phone::PhoneNumber;
use super::validate::{Field, effective_port_type};

/// The steps the fields belong to run from 1 to this one.
pub const LAST_STEP: u8 = 7;

/// How a typed field's text is read from the order and written to it.
pub struct Text {
    pub get: fn(&OrderFields) -> &str,
    pub set: fn(&mut OrderFields, String),
}

/// One value of the order under a label: what the changes between submissions compare, or a row
/// of a summary.
pub struct Value {
    pub label: &'static str,
    pub value: fn(&OrderFields) -> String,
}

pub struct Spec {
    pub field: Field,
    pub label: &'static str,
    /// The step of the order the field belongs to, 1 to [`LAST_STEP`]: where it is asked for and
    /// under which the summaries show it.
    pub step: u8,
    /// Where the field is typed: its text on the order.
    pub text: Option<Text>,
    /// What the changes between submissions compare of it, in order.
    pub compared: &'static [Value],
    /// Its rows in the order's summaries (the review, the details), in order. A value shown with
    /// its neighbours (the address, the contact) is shown by the first of them.
    pub shown: &'static [Value],
    /// Never shown, and never compared in clear.
    pub secret: bool,
}

/// The field's entry.
pub fn spec(field: Field) -> &'static Spec {
    &FIELDS[field as usize]
}

/// The fields of one step, in the order they are asked for.
pub fn of_step(step: u8) -> impl Iterator<Item = Field> {
    FIELDS
        .iter()
        .filter(move |s| s.step == step)
        .map(|s| s.field)
}

/// `text` as a summary shows it for `field`: trimmed, and cut at the field's limit, so that a value
/// over it (from a damaged or foreign file) costs no more to show than one within it.
fn within(text: &str, field: Field) -> String {
    clipped(text.trim(), max_chars(field).unwrap_or(usize::MAX)).into_owned()
}

/// The first three numbers, then how many more: a summary line costs the same for 3 as for 999.
fn first_numbers<'a>(mut numbers: impl Iterator<Item = &'a PhoneNumber>) -> String {
    let first: Vec<String> = numbers.by_ref().take(3).map(|n| n.national()).collect();
    match numbers.count() {
        0 => first.join(", "),
        more => format!("{} and {more} more", first.join(", ")),
    }
}

/// A summary's value, or a dash for none.
fn or_dash(text: &str) -> String {
    match text.trim() {
        "" => "—".to_string(),
        shown => shown.to_string(),
    }
}

/// The non-empty parts, joined.
/// A phone number as the screens write numbers, (212) 736-5000, or as typed when it is none.
fn phone(text: &str, field: Field) -> String {
    let typed = within(text, field);
    PhoneNumber::parse(&typed)
        .map(|n| n.national())
        .unwrap_or(typed)
}

fn joined<const N: usize>(parts: [String; N], separator: &str) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|s| !s.trim().is_empty()).collect();
    or_dash(&parts.join(separator))
}

macro_rules! typed {
    ($name:ident) => {
        Some(Text {
            get: |f| f.$name.as_str(),
            set: |f, v| f.$name = v,
        })
    };
}

macro_rules! trimmed {
    ($label:literal, $name:ident) => {
        &[Value {
            label: $label,
            value: |f| f.$name.trim().to_string(),
        }]
    };
}

/// A summary row of one typed field as typed (a dash for none), cut at the field's limit.
macro_rules! as_typed {
    ($label:literal, $field:ident, $name:ident) => {
        &[Value {
            label: $label,
            value: |f| or_dash(&within(&f.$name, Field::$field)),
        }]
    };
}

/// An entry of only a field, its step and its label: a field shown without being asked for (the
/// current provider), or the base an entry adds its text, comparison and summary rows to.
macro_rules! untyped {
    ($field:ident, $step:literal, $label:literal) => {
        Spec {
            field: Field::$field,
            label: $label,
            step: $step,
            text: None,
            compared: &[],
            shown: &[],
            secret: false,
        }
    };
}

/// A field that is typed and compared as typed (trimmed), and shown with its neighbours (by the
/// first of them).
macro_rules! shown_above {
    ($field:ident, $step:literal, $label:literal, $name:ident) => {
        Spec {
            text: typed!($name),
            compared: trimmed!($label, $name),
            ..untyped!($field, $step, $label)
        }
    };
}

/// A field that is typed, compared as typed (trimmed) and shown as typed, under its own label.
macro_rules! plain {
    ($field:ident, $step:literal, $label:literal, $name:ident) => {
        Spec {
            shown: as_typed!($label, $field, $name),
            ..shown_above!($field, $step, $label, $name)
        }
    };
}

/// Every field, in the order of [`Field`]: by step, and within a step in the order it is asked for.
pub static FIELDS: &[Spec] = &[
    Spec {
        compared: &[Value {
            label: "Country",
            value: |f| f.country.map(|c| c.name().to_string()).unwrap_or_default(),
        }],
        shown: &[Value {
            label: "Country",
            value: |f| or_dash(f.country.map(|c| c.name()).unwrap_or_default()),
        }],
        ..untyped!(Country, 1, "Country")
    },
    Spec {
        text: typed!(numbers_text),
        ..untyped!(Numbers, 2, "Phone numbers")
    },
    Spec {
        compared: &[
            Value {
                label: "Losing carrier",
                value: |f| {
                    (f.group.as_ref())
                        .map(|g| format!("{} account {}", g.carrier_name, g.account))
                        .unwrap_or_default()
                },
            },
            Value {
                label: "Numbers",
                value: |f| {
                    let numbers = f.group.as_ref().map(|g| g.numbers.as_slice());
                    let e164: Vec<&str> = numbers
                        .unwrap_or_default()
                        .iter()
                        .map(|n| n.e164())
                        .collect();
                    e164.join(", ")
                },
            },
        ],
        shown: &[
            Value {
                label: "Losing carrier",
                value: |f| {
                    (f.group.as_ref())
                        .map(|g| {
                            format!(
                                "{} · account {} · {}",
                                within(&g.carrier_name, Field::OrganizationName),
                                within(&g.account, Field::AccountNumber),
                                g.kind.label()
                            )
                        })
                        .unwrap_or_else(|| "—".into())
                },
            },
            Value {
                label: "Numbers",
                value: |f| {
                    let Some(g) = &f.group else {
                        return "0 · —".into();
                    };
                    format!("{} · {}", g.numbers.len(), first_numbers(g.numbers.iter()))
                },
            },
        ],
        ..untyped!(Group, 2, "Numbers for this order")
    },
    Spec {
        compared: &[Value {
            label: "Number usage",
            value: |f| {
                let numbers = f.group.as_ref().map(|g| g.numbers.as_slice());
                let usages: Vec<String> = (numbers.unwrap_or_default().iter())
                    .map(|n| format!("{} {}", n.e164(), f.usage_of(n).label()))
                    .collect();
                usages.join(", ")
            },
        }],
        shown: &[Value {
            label: "Number usage",
            value: |f| {
                let Some(g) = &f.group else {
                    return "—".into();
                };
                // Each usage with its count and its first numbers.
                let parts: Vec<String> = (Usage::ALL.iter())
                    .filter_map(|&usage| {
                        let of = || g.numbers.iter().filter(move |n| f.usage_of(n) == usage);
                        let count = of().count();
                        (count > 0)
                            .then(|| format!("{count} {}: {}", usage.label(), first_numbers(of())))
                    })
                    .collect();
                or_dash(&parts.join(" · "))
            },
        }],
        ..untyped!(Usage, 2, "Number usage")
    },
    Spec {
        compared: trimmed!("BTN", btn),
        shown: &[Value {
            label: "BTN",
            value: |f| or_dash(&phone(&f.btn, Field::Btn)),
        }],
        ..shown_above!(Btn, 3, "Billing telephone number", btn)
    },
    Spec {
        compared: &[Value {
            label: "Port type",
            value: |f| f.port_type.map(|p| format!("{p:?}")).unwrap_or_default(),
        }],
        shown: &[Value {
            label: "Port type",
            value: |f| {
                match effective_port_type(f) {
                    Some(PortType::Full) => "Full",
                    Some(PortType::Partial) => "Partial",
                    None => "—",
                }
                .into()
            },
        }],
        ..untyped!(PortType, 3, "Port type")
    },
    Spec {
        shown: &[Value {
            label: "Replacement BTN",
            value: |f| or_dash(&phone(&f.replacement_btn, Field::ReplacementBtn)),
        }],
        ..plain!(ReplacementBtn, 3, "Replacement BTN", replacement_btn)
    },
    Spec {
        shown: as_typed!("Organization", OrganizationName, organization_name),
        ..plain!(OrganizationName, 4, "Organization name", organization_name)
    },
    untyped!(CurrentProvider, 4, "Current provider"),
    plain!(AccountNumber, 4, "Account number", account_number),
    Spec {
        text: Some(Text {
            get: |f| f.account_pin.expose(),
            set: |f, v| f.account_pin = Secret::new(v),
        }),
        compared: &[Value {
            label: "Account PIN",
            value: |f| f.account_pin.expose().to_string(),
        }],
        shown: &[Value {
            label: "Account PIN",
            value: |f| {
                if f.account_pin.is_empty() {
                    "— (none)".into()
                } else {
                    let pin = within(f.account_pin.expose(), Field::AccountPin);
                    "•".repeat(pin.chars().count())
                }
            },
        }],
        secret: true,
        ..untyped!(AccountPin, 4, "Account PIN")
    },
    Spec {
        shown: &[Value {
            label: "Authorized user",
            value: |f| {
                or_dash(&format!(
                    "{} {}",
                    within(&f.authorized_first_name, Field::AuthorizedFirstName),
                    within(&f.authorized_last_name, Field::AuthorizedLastName)
                ))
            },
        }],
        ..shown_above!(
            AuthorizedFirstName,
            4,
            "Authorized first name",
            authorized_first_name
        )
    },
    shown_above!(
        AuthorizedLastName,
        4,
        "Authorized last name",
        authorized_last_name
    ),
    Spec {
        shown: &[Value {
            label: "Service address",
            value: |f| {
                joined(
                    [
                        within(&f.street, Field::Street),
                        within(&f.suite, Field::Suite),
                        within(&f.city, Field::City),
                        format!(
                            "{} {}",
                            within(&f.region, Field::Region),
                            within(&f.postal_code, Field::PostalCode)
                        ),
                    ],
                    ", ",
                )
            },
        }],
        ..shown_above!(Street, 5, "Street address", street)
    },
    shown_above!(Suite, 5, "Suite / unit", suite),
    shown_above!(City, 5, "City", city),
    shown_above!(Region, 5, "State / province", region),
    shown_above!(PostalCode, 5, "ZIP / postal code", postal_code),
    untyped!(ServiceCountry, 5, "Country"),
    Spec {
        text: typed!(loa_path),
        compared: &[Value {
            label: "LOA",
            value: |f| {
                (f.loa.as_ref())
                    .map(|l| format!("{} (SHA-256 {}…)", l.original_name, &l.sha256[..12]))
                    .unwrap_or_default()
            },
        }],
        shown: &[Value {
            label: "LOA",
            value: |f| {
                (f.loa.as_ref())
                    .map(|l| {
                        format!(
                            "{} (SHA-256 {}…)",
                            within(&l.original_name, Field::LoaPath),
                            l.sha256.get(..12).unwrap_or_default()
                        )
                    })
                    .unwrap_or_else(|| "— not attached".into())
            },
        }],
        ..untyped!(LoaPath, 6, "LOA file (PDF)")
    },
    plain!(LoaSignedOn, 6, "LOA signed on", loa_signed_on),
    plain!(OrderName, 7, "Order name", order_name),
    Spec {
        shown: &[Value {
            label: "Port date and time",
            value: |f| {
                let date = within(&f.port_date, Field::PortDate);
                let time = within(&f.port_time, Field::PortTime);
                match (date.is_empty(), time.is_empty()) {
                    (true, true) => "—".into(),
                    (false, true) => date,
                    _ => format!("{date} {time} ET").trim().to_string(),
                }
            },
        }],
        ..shown_above!(PortDate, 7, "Port date", port_date)
    },
    shown_above!(PortTime, 7, "Port time", port_time),
    Spec {
        shown: &[Value {
            label: "Contact",
            value: |f| {
                joined(
                    [
                        within(&f.contact_name, Field::ContactName),
                        within(&f.contact_email, Field::ContactEmail),
                        phone(&f.contact_phone, Field::ContactPhone),
                    ],
                    " · ",
                )
            },
        }],
        ..shown_above!(ContactName, 7, "Contact name", contact_name)
    },
    shown_above!(ContactEmail, 7, "Contact email", contact_email),
    shown_above!(ContactPhone, 7, "Contact phone", contact_phone),
    Spec {
        shown: as_typed!("Notifications", NotificationEmails, notification_emails),
        ..plain!(
            NotificationEmails,
            7,
            "Notification emails",
            notification_emails
        )
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_has_its_own_entry_in_order() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.label);
        }
        assert_eq!(spec(Field::NotificationEmails).label, "Notification emails");
        let mut fields = OrderFields::default();
        for spec in FIELDS {
            if let Some(text) = &spec.text {
                (text.set)(&mut fields, format!("{} value", spec.label));
                assert_eq!((text.get)(&fields), format!("{} value", spec.label));
            }
        }
        assert_eq!(fields.account_pin.expose(), "Account PIN value");
        let secrets: Vec<&str> = FIELDS
            .iter()
            .filter(|s| s.secret)
            .map(|s| s.label)
            .collect();
        assert_eq!(secrets, ["Account PIN"]);
    }

    /// The summaries write every phone number as the screens do (the contact phone and the
    /// replacement BTN showed as typed, 2127365099); what is no number stays as typed.
    #[test]
    fn the_summaries_write_phone_numbers_as_the_screens_do() {
        let mut fields = OrderFields {
            btn: "2127365000".into(),
            replacement_btn: "212.736.5009".into(),
            contact_name: "Dana".into(),
            contact_phone: "2127365099".into(),
            ..Default::default()
        };
        let shown = |fields: &OrderFields, label: &str| {
            let value = FIELDS
                .iter()
                .flat_map(|s| s.shown)
                .find(|v| v.label == label);
            value.map(|v| (v.value)(fields)).unwrap()
        };
        assert_eq!(shown(&fields, "BTN"), "(212) 736-5000");
        assert_eq!(shown(&fields, "Replacement BTN"), "(212) 736-5009");
        assert_eq!(shown(&fields, "Contact"), "Dana · (212) 736-5099");
        fields.contact_phone = "ext. 12".into();
        fields.replacement_btn.clear();
        assert_eq!(shown(&fields, "Contact"), "Dana · ext. 12");
        assert_eq!(shown(&fields, "Replacement BTN"), "—");
    }

    #[test]
    fn the_fields_run_step_by_step_and_every_step_has_some() {
        let steps: Vec<u8> = FIELDS.iter().map(|s| s.step).collect();
        assert!(steps.is_sorted(), "{steps:?}");
        assert_eq!(steps.first(), Some(&1));
        assert_eq!(steps.last(), Some(&LAST_STEP));
        for step in 1..=LAST_STEP {
            assert!(of_step(step).next().is_some(), "step {step}");
        }
        let address: Vec<Field> = of_step(5).collect();
        assert_eq!(
            address,
            [
                Field::Street,
                Field::Suite,
                Field::City,
                Field::Region,
                Field::PostalCode,
                Field::ServiceCountry
            ]
        );
    }
}

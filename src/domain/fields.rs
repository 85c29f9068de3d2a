//! One table of the order's fields. For each: its label, the text typed into it and how that text
//! is written back on the order, how it compares from one submission to the next, and whether it
//! is secret. The wizard's inputs, the limits, the validation's messages and the changes between
//! submissions all take them from here.

use super::order::{OrderFields, Secret};
use super::validate::Field;

/// How a typed field's text is read from the order and written to it.
pub struct Text {
    pub get: fn(&OrderFields) -> &str,
    pub set: fn(&mut OrderFields, String),
}

/// One value compared between submissions: its label there, and the value.
pub struct Compared {
    pub label: &'static str,
    pub value: fn(&OrderFields) -> String,
}

pub struct Spec {
    pub field: Field,
    pub label: &'static str,
    /// Where the field is typed: its text on the order.
    pub text: Option<Text>,
    /// What the changes between submissions compare of it, in order.
    pub compared: &'static [Compared],
    /// Never shown, and never compared in clear.
    pub secret: bool,
}

/// The field's entry.
pub fn spec(field: Field) -> &'static Spec {
    &FIELDS[field as usize]
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
        &[Compared {
            label: $label,
            value: |f| f.$name.trim().to_string(),
        }]
    };
}

/// A field that is typed and compared as typed (trimmed), under its own label.
macro_rules! plain {
    ($field:ident, $label:literal, $name:ident) => {
        Spec {
            field: Field::$field,
            label: $label,
            text: typed!($name),
            compared: trimmed!($label, $name),
            secret: false,
        }
    };
}

/// Every field, in the order of [`Field`] (which is the wizard's).
pub static FIELDS: &[Spec] = &[
    Spec {
        field: Field::Country,
        label: "Country",
        text: None,
        compared: &[Compared {
            label: "Country",
            value: |f| f.country.map(|c| c.name().to_string()).unwrap_or_default(),
        }],
        secret: false,
    },
    Spec {
        field: Field::Numbers,
        label: "Phone numbers",
        text: typed!(numbers_text),
        compared: &[],
        secret: false,
    },
    Spec {
        field: Field::CsvPath,
        label: "Import CSV file",
        text: typed!(csv_path),
        compared: &[],
        secret: false,
    },
    Spec {
        field: Field::Group,
        label: "Numbers for this order",
        text: None,
        compared: &[
            Compared {
                label: "Losing carrier",
                value: |f| {
                    (f.group.as_ref())
                        .map(|g| format!("{} account {}", g.carrier_name, g.account))
                        .unwrap_or_default()
                },
            },
            Compared {
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
        secret: false,
    },
    Spec {
        field: Field::Btn,
        label: "Billing telephone number",
        text: typed!(btn),
        compared: trimmed!("BTN", btn),
        secret: false,
    },
    Spec {
        field: Field::PortType,
        label: "Port type",
        text: None,
        compared: &[Compared {
            label: "Port type",
            value: |f| f.port_type.map(|p| format!("{p:?}")).unwrap_or_default(),
        }],
        secret: false,
    },
    plain!(ReplacementBtn, "Replacement BTN", replacement_btn),
    plain!(OrganizationName, "Organization name", organization_name),
    Spec {
        field: Field::CurrentProvider,
        label: "Current provider",
        text: None,
        compared: &[],
        secret: false,
    },
    plain!(AccountNumber, "Account number", account_number),
    Spec {
        field: Field::AccountPin,
        label: "Account PIN",
        text: Some(Text {
            get: |f| f.account_pin.expose(),
            set: |f, v| f.account_pin = Secret::new(v),
        }),
        compared: &[Compared {
            label: "Account PIN",
            value: |f| f.account_pin.expose().to_string(),
        }],
        secret: true,
    },
    plain!(
        AuthorizedFirstName,
        "Authorized first name",
        authorized_first_name
    ),
    plain!(
        AuthorizedLastName,
        "Authorized last name",
        authorized_last_name
    ),
    plain!(Street, "Street address", street),
    plain!(Suite, "Suite / unit", suite),
    plain!(City, "City", city),
    plain!(Region, "State / province", region),
    plain!(PostalCode, "ZIP / postal code", postal_code),
    Spec {
        field: Field::ServiceCountry,
        label: "Country",
        text: None,
        compared: &[],
        secret: false,
    },
    Spec {
        field: Field::LoaPath,
        label: "LOA file (PDF)",
        text: typed!(loa_path),
        compared: &[Compared {
            label: "LOA",
            value: |f| {
                (f.loa.as_ref())
                    .map(|l| format!("{} (SHA-256 {}…)", l.original_name, &l.sha256[..12]))
                    .unwrap_or_default()
            },
        }],
        secret: false,
    },
    plain!(LoaSignedOn, "LOA signed on", loa_signed_on),
    plain!(OrderName, "Order name", order_name),
    plain!(PortDate, "Port date", port_date),
    plain!(PortTime, "Port time", port_time),
    plain!(ContactName, "Contact name", contact_name),
    plain!(ContactEmail, "Contact email", contact_email),
    plain!(ContactPhone, "Contact phone", contact_phone),
    plain!(
        NotificationEmails,
        "Notification emails",
        notification_emails
    ),
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
}

//! An order's values grouped by wizard step, as the review and the details screen show them; the PIN
//! only ever as dots. A value over its field's limit (from a damaged or foreign file) is shown cut
//! at the limit, so that these screens cost the same whatever the file holds.

use crate::domain::limits::{clipped, max_chars};
use crate::domain::order::{OrderFields, PortType};
use crate::domain::phone::PhoneNumber;
use crate::domain::validate::{Field, effective_port_type};

/// `text` as shown for `field`: cut at the field's limit.
fn within(text: &str, field: Field) -> String {
    clipped(text.trim(), max_chars(field).unwrap_or(usize::MAX)).into_owned()
}

/// Every value of an order, grouped by wizard step (the PIN masked).
pub fn sections(f: &OrderFields) -> Vec<(u8, Vec<(&'static str, String)>)> {
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.trim().to_string()
        }
    };
    let group = f.group.as_ref();
    let numbers = group
        .map(|g| {
            let shown: Vec<String> = g.numbers.iter().take(3).map(|n| n.national()).collect();
            let more = g.numbers.len().saturating_sub(3);
            format!(
                "{}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        })
        .unwrap_or_else(|| "—".into());
    let port_type = match effective_port_type(f) {
        Some(PortType::Full) => "Full",
        Some(PortType::Partial) => "Partial",
        None => "—",
    };
    vec![
        (
            1,
            vec![(
                "Country",
                f.country
                    .map(|c| c.name().to_string())
                    .unwrap_or_else(|| "—".into()),
            )],
        ),
        (
            2,
            vec![
                (
                    "Losing carrier",
                    group
                        .map(|g| {
                            format!(
                                "{} · account {} · {}",
                                within(&g.carrier_name, Field::OrganizationName),
                                within(&g.account, Field::AccountNumber),
                                g.kind.label()
                            )
                        })
                        .unwrap_or_else(|| "—".into()),
                ),
                (
                    "Numbers",
                    format!(
                        "{} · {}",
                        group.map(|g| g.numbers.len()).unwrap_or(0),
                        numbers
                    ),
                ),
            ],
        ),
        (
            3,
            vec![
                (
                    "BTN",
                    PhoneNumber::parse(&within(&f.btn, Field::Btn))
                        .map(|n| n.national())
                        .unwrap_or_else(|_| or_dash(&within(&f.btn, Field::Btn))),
                ),
                ("Port type", port_type.into()),
                (
                    "Replacement BTN",
                    or_dash(&within(&f.replacement_btn, Field::ReplacementBtn)),
                ),
            ],
        ),
        (
            4,
            vec![
                (
                    "Organization",
                    or_dash(&within(&f.organization_name, Field::OrganizationName)),
                ),
                (
                    "Account number",
                    or_dash(&within(&f.account_number, Field::AccountNumber)),
                ),
                (
                    "Account PIN",
                    if f.account_pin.is_empty() {
                        "— (none)".into()
                    } else {
                        "•".repeat(
                            within(f.account_pin.expose(), Field::AccountPin)
                                .chars()
                                .count(),
                        )
                    },
                ),
                (
                    "Authorized user",
                    or_dash(&format!(
                        "{} {}",
                        within(&f.authorized_first_name, Field::AuthorizedFirstName),
                        within(&f.authorized_last_name, Field::AuthorizedLastName)
                    )),
                ),
            ],
        ),
        (
            5,
            vec![(
                "Service address",
                or_dash(
                    &[
                        within(&f.street, Field::Street),
                        within(&f.suite, Field::Suite),
                        within(&f.city, Field::City),
                        format!(
                            "{} {}",
                            within(&f.region, Field::Region),
                            within(&f.postal_code, Field::PostalCode)
                        ),
                    ]
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                ),
            )],
        ),
        (
            6,
            vec![
                (
                    "LOA",
                    f.loa
                        .as_ref()
                        .map(|l| {
                            format!(
                                "{} (SHA-256 {}…)",
                                within(&l.original_name, Field::LoaPath),
                                l.sha256.get(..12).unwrap_or_default()
                            )
                        })
                        .unwrap_or_else(|| "— not attached".into()),
                ),
                (
                    "LOA signed on",
                    or_dash(&within(&f.loa_signed_on, Field::LoaSignedOn)),
                ),
            ],
        ),
        (
            7,
            vec![
                (
                    "Order name",
                    or_dash(&within(&f.order_name, Field::OrderName)),
                ),
                (
                    "Port date and time",
                    or_dash(&format!(
                        "{} {} ET",
                        within(&f.port_date, Field::PortDate),
                        within(&f.port_time, Field::PortTime)
                    ))
                    .replace("  ET", ""),
                ),
                (
                    "Contact",
                    or_dash(
                        &[
                            within(&f.contact_name, Field::ContactName),
                            within(&f.contact_email, Field::ContactEmail),
                            within(&f.contact_phone, Field::ContactPhone),
                        ]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                    ),
                ),
                (
                    "Notifications",
                    or_dash(&within(&f.notification_emails, Field::NotificationEmails)),
                ),
            ],
        ),
    ]
}

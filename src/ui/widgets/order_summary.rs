//! An order's values grouped by wizard step, as the review and the details screen show them; the PIN
//! only ever as dots.

use crate::domain::order::{OrderFields, PortType};
use crate::domain::phone::PhoneNumber;
use crate::domain::validate::effective_port_type;

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
                                g.carrier_name,
                                g.account,
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
                    PhoneNumber::parse(&f.btn)
                        .map(|n| n.national())
                        .unwrap_or_else(|_| or_dash(&f.btn)),
                ),
                ("Port type", port_type.into()),
                ("Replacement BTN", or_dash(&f.replacement_btn)),
            ],
        ),
        (
            4,
            vec![
                ("Organization", or_dash(&f.organization_name)),
                ("Account number", or_dash(&f.account_number)),
                (
                    "Account PIN",
                    if f.account_pin.is_empty() {
                        "— (none)".into()
                    } else {
                        f.account_pin.masked()
                    },
                ),
                (
                    "Authorized user",
                    or_dash(&format!(
                        "{} {}",
                        f.authorized_first_name.trim(),
                        f.authorized_last_name.trim()
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
                        f.street.trim(),
                        f.suite.trim(),
                        f.city.trim(),
                        &format!("{} {}", f.region.trim(), f.postal_code.trim()),
                    ]
                    .iter()
                    .filter(|s| !s.trim().is_empty())
                    .copied()
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
                        .map(|l| format!("{} (SHA-256 {}…)", l.original_name, &l.sha256[..12]))
                        .unwrap_or_else(|| "— not attached".into()),
                ),
                ("LOA signed on", or_dash(&f.loa_signed_on)),
            ],
        ),
        (
            7,
            vec![
                ("Order name", or_dash(&f.order_name)),
                (
                    "Port date and time",
                    or_dash(&format!("{} {} ET", f.port_date.trim(), f.port_time.trim()))
                        .replace("  ET", ""),
                ),
                (
                    "Contact",
                    or_dash(
                        &[
                            f.contact_name.trim(),
                            f.contact_email.trim(),
                            f.contact_phone.trim(),
                        ]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    ),
                ),
                ("Notifications", or_dash(&f.notification_emails)),
            ],
        ),
    ]
}

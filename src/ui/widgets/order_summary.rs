//! An order's values grouped by step, as the review and the details screen show them: each
//! field's rows as the field registry gives them (the PIN only ever as dots), under its step's name.

use crate::domain::fields::{FIELDS, LAST_STEP};
use crate::domain::order::OrderFields;
use crate::ui::screens::wizard::steps::{self, Step};
use crate::ui::theme::Theme;
use crate::ui::widgets::wrap_outside;
use ratatui::style::Style;

/// Every row of an order, by step.
pub fn sections(fields: &OrderFields) -> Vec<(&'static Step, Vec<(&'static str, String)>)> {
    (1..=LAST_STEP)
        .map(|step| {
            let rows = (FIELDS.iter().filter(|s| s.step == step))
                .flat_map(|s| s.shown)
                .map(|shown| (shown.label, (shown.value)(fields)))
                .collect();
            (steps::step(step), rows)
        })
        .collect()
}

/// The summary as lines of a page `width` wide: each step's name (after the key that edits it,
/// where there is one), then its rows, a value wrapped beside its label in no more than `height`
/// lines.
pub fn lines(
    fields: &OrderFields,
    step_keys: bool,
    width: usize,
    height: usize,
    theme: &Theme,
) -> Vec<(String, Style)> {
    lines_with(fields, step_keys, width, height, theme, &|_| Vec::new())
}

/// The summary with `more(step)` after each step's rows: what a page says of a step beyond its
/// fields (the details page's documents), under the step's one heading.
pub fn lines_with(
    fields: &OrderFields,
    step_keys: bool,
    width: usize,
    height: usize,
    theme: &Theme,
    more: &dyn Fn(u8) -> Vec<(String, Style)>,
) -> Vec<(String, Style)> {
    let mut lines = Vec::new();
    for (step, rows) in sections(fields) {
        let key = if step_keys {
            format!("[{}] ", step.number)
        } else {
            String::new()
        };
        lines.push((format!("{key}{}", step.name), theme.title));
        for (label, value) in rows {
            let parts = wrap_outside(&value, width.saturating_sub(25), height);
            for (i, part) in parts.into_iter().enumerate() {
                let label = if i == 0 { label } else { "" };
                lines.push((format!("    {label:<19} {part}"), theme.base));
            }
        }
        lines.extend(more(step.number));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::Secret;

    #[test]
    fn the_summary_joins_neighbours_and_masks_the_pin() {
        let fields = OrderFields {
            street: "350 Fifth Avenue".into(),
            city: "New York".into(),
            region: "NY".into(),
            postal_code: "10118".into(),
            account_pin: Secret::new("482913"),
            authorized_first_name: "Dana".into(),
            port_date: "2026-12-10".into(),
            ..Default::default()
        };
        let summary = sections(&fields);
        let steps: Vec<u8> = summary.iter().map(|(step, _)| step.number).collect();
        assert_eq!(steps, [1, 2, 3, 4, 5, 6, 7]);
        let row = |step: usize, label: &str| {
            let rows = &summary[step - 1].1;
            let found = rows.iter().find(|(l, _)| *l == label);
            found
                .map(|(_, value)| value.clone())
                .unwrap_or_else(|| panic!("{label}"))
        };
        assert_eq!(
            row(5, "Service address"),
            "350 Fifth Avenue, New York, NY 10118"
        );
        assert_eq!(row(4, "Account PIN"), "••••••");
        assert_eq!(row(4, "Authorized user"), "Dana");
        assert_eq!(row(2, "Numbers"), "0 · —");
        assert_eq!(row(7, "Port date and time"), "2026-12-10");
        assert_eq!(row(7, "Contact"), "—");
        let labels: Vec<&str> = summary[3].1.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            labels,
            [
                "Organization",
                "Account number",
                "Account PIN",
                "Authorized user"
            ]
        );
    }

    #[test]
    fn a_port_date_and_time_both_missing_show_as_a_dash() {
        let summary = sections(&OrderFields::default());
        let porting = &summary[6].1;
        assert_eq!(porting[1], ("Port date and time", "—".to_string()));
    }
}

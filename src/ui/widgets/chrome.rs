//! What surrounds every screen: the header (what the screen is, and the clock), the notice above
//! the help bar, and the page shown instead when the terminal is too small.

use super::{fill, fit, put, wrap};
use crate::strings;
use crate::ui::theme::Theme;
use crate::workspace::{ClockStep, StatusChange};
use jiff::Zoned;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// Below this size the screens cannot be drawn without cutting labels.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

impl Tone {
    /// Bad news among a clock step's changes (a rejection, a failure) is told as an error.
    fn of_changes(changes: &[StatusChange]) -> Tone {
        if changes.iter().any(|c| c.setback.is_some()) {
            Tone::Error
        } else {
            Tone::Info
        }
    }
}

/// A sentence for the administrator after an action: what happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub tone: Tone,
}

impl Notice {
    /// What moving the clock changed: told as an error when it brought a rejection or a failure.
    pub fn clock_moved(now: &Zoned, changes: &[StatusChange]) -> Notice {
        Notice {
            text: strings::clock_moved(now, changes),
            tone: Tone::of_changes(changes),
        }
    }

    /// What a clock step changed, orders and CSRs alike: told as an error when it brought a
    /// rejection or a failure.
    pub fn clock_step(step: &ClockStep) -> Notice {
        Notice {
            text: strings::clock_step(step),
            tone: Tone::of_changes(&step.orders),
        }
    }
}

/// The top line: the title at its start and `right` (the order ID and the clock) at its end.
/// `right` always shows whole, in the first of its forms (longest first) that leaves the title
/// whole, else its last; the title gives way: first the app's name, then its end, cut with "…".
pub fn header(title: &str, right: &[String], area: Rect, buf: &mut Buffer, theme: &Theme) {
    fill(buf, Rect { height: 1, ..area }, theme.header);
    let room = usize::from(area.width.saturating_sub(2));
    const GAP: usize = 2;
    let fits = |left: &str, right: &str| left.width() + GAP + right.width() <= room;
    let short_title = title.strip_prefix(strings::APP_PREFIX).unwrap_or(title);
    let shortest = right.last().map(String::as_str).unwrap_or_default();
    let (left, right) = (right.iter())
        .find(|r| fits(title, r))
        .map(|r| (title.to_string(), r.as_str()))
        .unwrap_or_else(|| {
            let left_room = room.saturating_sub(shortest.width() + GAP);
            (fit(short_title, left_room), shortest)
        });
    let right = fit(right, room);
    let right_width = right.width() as u16;
    put(buf, area.x + 1, area.y, area.width - 1, &left, theme.header);
    let x = area.right().saturating_sub(right_width + 1);
    put(buf, x, area.y, right_width, &right, theme.header);
}

/// A notice takes the line above the help bar, or two when it needs them.
pub fn notice_lines(notice: Option<&Notice>, width: usize, theme: &Theme) -> Vec<(String, Style)> {
    let Some(notice) = notice else {
        return Vec::new();
    };
    let (prefix, style) = match notice.tone {
        Tone::Info => ("✓ ", theme.ok),
        Tone::Error => ("✗ ", theme.error),
    };
    let mut lines = wrap(&format!("{prefix}{}", notice.text), width, 3);
    if lines.len() > 2 {
        lines.truncate(2);
        lines[1] = fit(&format!("{} …", lines[1]), width);
    }
    lines.into_iter().map(|l| (l, style)).collect()
}

/// Whether the screens can be drawn in `area`.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// What shows instead of a screen in a terminal too small for it.
pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let sizes = strings::too_small_sizes((MIN_WIDTH, MIN_HEIGHT), (area.width, area.height));
    let lines = [
        strings::TOO_SMALL,
        &sizes,
        strings::TOO_SMALL_KEPT,
        strings::TOO_SMALL_QUIT,
    ];
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + i as u16;
        if y < area.bottom() {
            let style = if i == 0 { theme.error } else { theme.base };
            put(buf, area.x, y, area.width, line, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str, right: &[String], width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        header(title, right, area, &mut buf, &Theme::monochrome());
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn the_order_id_and_the_clock_always_show_and_the_title_gives_way() {
        let title = "portwiz · Update · Step 3 of 8 — Billing telephone number";
        let right = [
            "PW-261120-001 · Simulated clock: Fri 2026-11-20 10:00 ET".to_string(),
            "PW-261120-001 · Fri 2026-11-20 10:00 ET (simulated)".to_string(),
        ];
        let wide = line(title, &right, 120);
        assert!(wide.contains(title) && wide.contains(&right[0]), "{wide}");
        let hundred = line(title, &right, 100);
        assert!(hundred.trim_end().ends_with(&right[1]), "{hundred}");
        assert!(hundred.contains("Update · Step 3 of 8"), "{hundred}");
        for (width, title_left) in [(80, " Update · Step 3 of 8 — "), (MIN_WIDTH, " Update")] {
            let narrow = line(title, &right, width);
            assert!(narrow.trim_end().ends_with(&right[1]), "{width}: {narrow}");
            assert!(
                narrow.starts_with(title_left) && narrow.contains('…'),
                "{narrow}"
            );
        }
        let short = line("portwiz · Port orders", &right, 80);
        assert!(
            short.contains("portwiz · Port orders") && short.contains(&right[1]),
            "{short}"
        );
    }

    #[test]
    fn the_too_small_page_says_how_to_quit() {
        let area = Rect::new(0, 0, 40, 6);
        let mut buf = Buffer::empty(area);
        too_small(area, &mut buf, &Theme::monochrome());
        let rows: Vec<String> = (0..6)
            .map(|y| (0..40).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        assert!(rows[1].starts_with("need 64x18, have 40x6"), "{rows:?}");
        assert!(rows[3].starts_with("Ctrl-C saves and quits."), "{rows:?}");
    }
}

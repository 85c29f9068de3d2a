//! What surrounds every screen: the header (what the screen is, and the clock), the notice above
//! the help bar, and the page shown instead when the terminal is too small.

use super::{fill, fit, put, wrap};
use crate::strings;
use crate::ui::theme::Theme;
use crate::workspace::StatusChange;
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

/// A sentence for the administrator after an action: what happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub tone: Tone,
}

impl Notice {
    /// What moving the clock changed: told as an error when it brought a rejection or a failure.
    pub fn clock_moved(now: &Zoned, changes: &[StatusChange]) -> Notice {
        let bad_news = changes.iter().any(|c| c.setback.is_some());
        Notice {
            text: strings::clock_moved(now, changes),
            tone: if bad_news { Tone::Error } else { Tone::Info },
        }
    }
}

/// The top line: `left` at its start, `right` at its end when both fit.
pub fn header(left: &str, right: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    fill(buf, Rect { height: 1, ..area }, theme.header);
    put(buf, area.x + 1, area.y, area.width - 1, left, theme.header);
    let right_width = right.width() as u16;
    if left.width() as u16 + right_width + 4 <= area.width {
        let x = area.right() - right_width - 1;
        put(buf, x, area.y, right_width, right, theme.header);
    }
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
    let lines = [strings::TOO_SMALL, &sizes, strings::TOO_SMALL_KEPT];
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + i as u16;
        if y < area.bottom() {
            let style = if i == 0 { theme.error } else { theme.base };
            put(buf, area.x, y, area.width, line, style);
        }
    }
}

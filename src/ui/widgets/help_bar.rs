//! The bottom line: the keys that work here, taken from the screen's keymap.

use super::put;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Draws as many hints as fit, in keymap order; the help key, when there is one, stays at the end.
pub fn render(hints: &[(&str, &str)], help_key: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let help_width = if help_key.is_empty() {
        0
    } else {
        help_key.width() + " help".len()
    } as u16;
    // Two spaces keep the last hint apart from the help key.
    let limit = area
        .right()
        .saturating_sub(if help_width > 0 { help_width + 2 } else { 0 });
    let mut x = area.x;
    for (keys, label) in hints {
        let width = (keys.width() + 1 + label.width()) as u16;
        if x + width > limit {
            break;
        }
        x += put(buf, x, area.y, width, keys, theme.key);
        x += put(buf, x, area.y, width, &format!(" {label}"), theme.base);
        x += 2;
    }
    if help_width > 0 && area.width >= help_width {
        let hx = area.right() - help_width;
        let key_width = help_key.width() as u16;
        put(buf, hx, area.y, key_width, help_key, theme.key);
        put(
            buf,
            hx + key_width,
            area.y,
            help_width - key_width,
            " help",
            theme.base,
        );
    }
}

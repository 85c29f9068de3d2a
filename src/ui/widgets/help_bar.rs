//! The bottom line: the keys that work here, taken from the screen's keymap.

use super::put;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Draws as many hints as fit, in keymap order; the help key is always kept at the end.
pub fn render(hints: &[(&str, &str)], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let help = ("?", "help");
    let help_width = help.0.width() + 1 + help.1.width();
    let mut x = area.x;
    let limit = area.right().saturating_sub(help_width as u16);
    for (keys, label) in hints {
        let width = (keys.width() + 1 + label.width()) as u16;
        if x + width > limit {
            break;
        }
        x += put(buf, x, area.y, width, keys, theme.key);
        x += put(buf, x, area.y, width, &format!(" {label}"), theme.base);
        x += 2;
    }
    if area.width as usize >= help_width {
        let hx = area.right() - help_width as u16;
        put(buf, hx, area.y, help_width as u16, help.0, theme.key);
        put(buf, hx + 1, area.y, help_width as u16 - 1, &format!(" {}", help.1), theme.base);
    }
}

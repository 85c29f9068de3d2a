//! A long page of lines that scrolls, with its bottom line saying how much is left below.

use super::{fit, put};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Draws `lines` from `scroll` on; `keys` names the keys that scroll, for the bottom line.
pub fn render(
    lines: &[(String, Style)],
    scroll: usize,
    keys: (&str, &str),
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let overflow = lines.len() > usize::from(area.height);
    let height = usize::from(area.height) - usize::from(overflow);
    let (skip, hidden) = super::scroll::window(lines.len(), height, scroll);
    for (i, (text, style)) in lines.iter().skip(skip).take(height).enumerate() {
        put(
            buf,
            area.x,
            area.y + i as u16,
            area.width,
            &fit(text, usize::from(area.width)),
            *style,
        );
    }
    if overflow {
        let more = crate::strings::page_more(hidden, keys);
        put(buf, area.x, area.bottom() - 1, area.width, &more, theme.dim);
    }
}

//! A long page of lines that scrolls, with its bottom line saying how much is left below.

use super::{fit, put};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// How many of `lines` rows show in `height` (the bottom line says how much is left below when
/// they do not all fit).
fn shown_rows(lines: usize, height: u16) -> usize {
    let overflow = lines > usize::from(height);
    usize::from(height) - usize::from(overflow)
}

/// The scroll that shows a page of `lines` rows in `height`, `up` rows above its end.
pub fn above_end(lines: usize, height: u16, up: usize) -> usize {
    let (max_skip, _) = super::scroll::window(lines, shown_rows(lines, height), usize::MAX);
    max_skip.saturating_sub(up)
}

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
    let height = shown_rows(lines.len(), area.height);
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
    if height < lines.len() {
        let more = crate::strings::page_more(hidden, keys);
        put(buf, area.x, area.bottom() - 1, area.width, &more, theme.dim);
    }
}

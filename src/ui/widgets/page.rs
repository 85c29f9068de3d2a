//! A long page of lines that scrolls, with its bottom line saying how much is left below.

use super::scroll::{Scrolled, window};
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

/// Draws `lines` scrolled as `scrolled` says, as [`render`] does.
pub fn render_scrolled(
    lines: &[(String, Style)],
    scrolled: Scrolled,
    keys: (&str, &str),
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let (max_skip, _) = window(
        lines.len(),
        shown_rows(lines.len(), area.height),
        usize::MAX,
    );
    render(lines, scrolled.offset(max_skip), keys, area, buf, theme);
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
    let (skip, hidden) = window(lines.len(), height, scroll);
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

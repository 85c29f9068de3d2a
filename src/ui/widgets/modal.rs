//! A centered bordered box drawn over the screen, for popups.

use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

/// Clears and frames a box of at most `width` x `height` in the middle of `area`; returns its inside.
pub fn frame(
    area: Rect,
    buf: &mut Buffer,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" {title} "))
        .title_style(theme.title)
        .style(theme.base);
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

//! The wizard's progress line: every step marked done (✓), current (▶) or to do (·), in glyphs and words.

use super::put;
use crate::ui::screens::wizard::steps::STEPS;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

pub fn render(current: u8, done: &[bool; 8], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let parts: Vec<(String, ratatui::style::Style)> = STEPS
        .iter()
        .map(|s| {
            let i = usize::from(s.number) - 1;
            if s.number == current {
                (format!("▶{}", s.short), theme.step_current)
            } else if done[i] {
                (format!("✓{}", s.short), theme.step_done)
            } else {
                (format!("·{}", s.short), theme.step_todo)
            }
        })
        .collect();
    let full: usize = parts.iter().map(|(t, _)| t.width()).sum::<usize>() + 2 * (parts.len() - 1);
    let compact = full > usize::from(area.width);
    let mut x = area.x;
    for (i, (text, style)) in parts.iter().enumerate() {
        let shown = if compact && i + 1 != usize::from(current) {
            format!("{}{}", text.chars().next().unwrap_or(' '), i + 1)
        } else {
            text.clone()
        };
        x += put(
            buf,
            x,
            area.y,
            area.right().saturating_sub(x),
            &shown,
            *style,
        );
        x += if compact { 1 } else { 2 };
    }
}

//! The wizard's progress line: every step marked done (✓), current (▶), with a known problem (✗),
//! with a field the carrier named still unchanged or a warning (!), or to do (·), in glyphs and
//! words.

use super::put;
use crate::ui::screens::wizard::steps::STEPS;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// How a step stands, apart from being the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    /// A problem is known on the step: a field's error, or one of the pre-submit check's.
    Problem,
    /// Updating: a field the carrier named is as it was when the order was rejected.
    Unchanged,
    /// Nothing stops the step, but a record beside the form warns of something on it (a CSR
    /// showing a port freeze).
    Warning,
    ToDo,
}

pub fn render(current: u8, marks: &[Mark; 8], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let parts: Vec<(String, ratatui::style::Style)> = STEPS
        .iter()
        .map(|s| {
            let i = usize::from(s.number) - 1;
            if s.number == current {
                (format!("▶{}", s.short), theme.step_current)
            } else {
                match marks[i] {
                    Mark::Done => (format!("✓{}", s.short), theme.step_done),
                    Mark::Problem => (format!("✗{}", s.short), theme.error),
                    Mark::Unchanged | Mark::Warning => (format!("!{}", s.short), theme.warning),
                    Mark::ToDo => (format!("·{}", s.short), theme.step_todo),
                }
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

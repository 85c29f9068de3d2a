//! Columns that fit the width: the least important drop out first when space is short, and spare
//! space goes to the column that most needs it.

use super::put;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: u16,
    /// Columns with a higher number are dropped first when space is short.
    pub drop_order: u8,
    /// How much spare space the column takes, if any (handed out from the rightmost column).
    pub grow: u16,
}

/// The width of each column for an area `width` wide; 0 for a column left out.
pub fn fit(columns: &[Column], width: u16) -> Vec<u16> {
    let max_drop = columns.iter().map(|c| c.drop_order).max().unwrap_or(0);
    let mut keep = max_drop;
    loop {
        let total: u16 = columns
            .iter()
            .filter(|c| c.drop_order <= keep)
            .map(|c| c.width + 1)
            .sum();
        if total <= width || keep == 0 {
            let mut spare = width.saturating_sub(total);
            let mut widths: Vec<u16> = columns
                .iter()
                .map(|c| if c.drop_order <= keep { c.width } else { 0 })
                .collect();
            // Spare space goes to the growing columns from the right: the later ones are the shorter.
            for (w, c) in widths
                .iter_mut()
                .zip(columns)
                .rev()
                .filter(|(w, _)| **w > 0)
            {
                let extra = spare.min(c.grow);
                spare -= extra;
                *w += extra;
            }
            return widths;
        }
        keep -= 1;
    }
}

/// Draws one row of cells in the fitted widths, one space apart.
pub fn row(buf: &mut Buffer, x: u16, y: u16, widths: &[u16], cells: &[String], style: Style) {
    let mut x = x;
    for (width, text) in widths.iter().zip(cells).filter(|(w, _)| **w > 0) {
        put(buf, x, y, *width, text, style);
        x += width + 1;
    }
}

/// Draws the rows of a list's `view` (indexes into its items) from `top` down to the bottom of
/// `area`, scrolled so that the `selected` row shows, which is highlighted across the width.
#[allow(clippy::too_many_arguments)]
pub fn rows<C: AsRef<[String]>>(
    buf: &mut Buffer,
    area: Rect,
    top: u16,
    widths: &[u16],
    view: &[usize],
    selected: usize,
    theme: &Theme,
    cells: impl Fn(usize) -> C,
) {
    let height = usize::from(area.bottom().saturating_sub(top));
    let offset = (selected + 1).saturating_sub(height);
    for (row, &index) in view.iter().enumerate().skip(offset).take(height) {
        let y = top + (row - offset) as u16;
        let style = if row == selected {
            theme.selected
        } else {
            theme.base
        };
        if row == selected {
            super::fill(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
                style,
            );
        }
        self::row(buf, area.x, y, widths, cells(index).as_ref(), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_the_least_important_first_and_grows_into_spare_space() {
        let cols = [
            Column {
                title: "A",
                width: 10,
                drop_order: 0,
                grow: 0,
            },
            Column {
                title: "B",
                width: 10,
                drop_order: 0,
                grow: 8,
            },
            Column {
                title: "C",
                width: 10,
                drop_order: 2,
                grow: 0,
            },
            Column {
                title: "D",
                width: 10,
                drop_order: 1,
                grow: 0,
            },
        ];
        assert_eq!(fit(&cols, 50), vec![10, 16, 10, 10]);
        assert_eq!(fit(&cols, 40), vec![10, 17, 0, 10]);
        assert_eq!(fit(&cols, 22), vec![10, 10, 0, 0]);
        assert_eq!(
            fit(&cols, 5),
            vec![10, 10, 0, 0],
            "never fewer than the essential columns"
        );
    }
}

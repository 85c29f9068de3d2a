//! A list's search field: typed into while active, kept (and shown) while it filters the list.

use super::put;
use super::text_field::{FieldKind, TextField};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

pub struct SearchBox {
    query: TextField,
    pub active: bool,
}

impl Default for SearchBox {
    fn default() -> SearchBox {
        SearchBox {
            query: TextField::new(FieldKind::SingleLine, ""),
            active: false,
        }
    }
}

impl SearchBox {
    pub fn text(&self) -> String {
        self.query.value()
    }

    /// Types a key into the field; returns whether the text changed.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        self.query.input(key).changed()
    }

    pub fn clear(&mut self) {
        *self = SearchBox::default();
    }

    /// Draws the search line: the field and `beside` while searching or filtering by text,
    /// otherwise `idle` (which says how to search). Returns the caret while typing.
    pub fn render(
        &self,
        beside: &str,
        idle: &str,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
    ) -> Option<Position> {
        if !self.active && self.text().is_empty() {
            put(buf, area.x, area.y, area.width, idle, theme.dim);
            return None;
        }
        let (label, input) = if self.active {
            (theme.label_focused, theme.input_focused)
        } else {
            (theme.label, theme.input)
        };
        let x = put(buf, area.x, area.y, area.width, "Search: ", label);
        let width = 28.min(area.width.saturating_sub(x + 1));
        let caret = self.query.render(
            Rect {
                x: area.x + x,
                y: area.y,
                width,
                height: 1,
            },
            buf,
            input,
            self.active,
        );
        put(
            buf,
            area.x + x + width,
            area.y,
            area.width.saturating_sub(x + width),
            beside,
            theme.dim,
        );
        caret
    }
}

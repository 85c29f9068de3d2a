//! An editable field on ratatui-textarea: single-line, multi-line or secret. The textarea does the
//! editing (cursor keys, undo, word deletion); drawing is done here so that the caret position is
//! known exactly and the hardware cursor can sit on it, and a secret is only ever drawn as dots.

use crate::text::{clean_paste, strip_controls};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    SingleLine,
    MultiLine,
    Secret,
}

#[derive(Debug, Clone)]
pub struct TextField {
    area: TextArea<'static>,
    kind: FieldKind,
}

impl TextField {
    pub fn new(kind: FieldKind, value: &str) -> TextField {
        let lines: Vec<String> = match kind {
            FieldKind::MultiLine => value.split('\n').map(str::to_string).collect(),
            _ => vec![strip_controls(value).replace('\u{fffd}', "")],
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextField { area, kind }
    }

    pub fn kind(&self) -> FieldKind {
        self.kind
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn line_count(&self) -> usize {
        self.area.lines().len()
    }

    /// The first line drawn in a box `height` lines high (the box scrolls to keep the caret in view).
    pub fn first_visible_line(&self, height: u16) -> usize {
        (self.area.cursor().0 + 1).saturating_sub(usize::from(height))
    }

    /// Applies an editing key; returns whether the text changed. Enter never reaches a one-line field.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let newline = key.code == KeyCode::Enter
            || (key.code == KeyCode::Char('m') && key.modifiers == KeyModifiers::CONTROL);
        if newline && self.kind != FieldKind::MultiLine {
            return false;
        }
        if let KeyCode::Char(c) = key.code
            && c.is_control()
        {
            return false;
        }
        self.area.input(key)
    }

    /// Inserts pasted text: control characters are dropped, and a one-line field gets one line.
    pub fn paste(&mut self, text: &str) -> bool {
        let cleaned = clean_paste(text);
        let cleaned = match self.kind {
            FieldKind::MultiLine => cleaned,
            _ => cleaned
                .split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        };
        !cleaned.is_empty() && self.area.insert_str(cleaned)
    }

    /// Draws the field into `area`, scrolled so the caret is visible; returns the caret's screen
    /// position when `focused`.
    pub fn render(
        &self,
        area: Rect,
        buf: &mut Buffer,
        style: Style,
        focused: bool,
    ) -> Option<Position> {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return None;
        }
        let lines = self.area.lines();
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let shown = |line: &str| -> String {
            match self.kind {
                FieldKind::Secret => "•".repeat(line.chars().count()),
                _ => line.to_string(),
            }
        };
        let caret_line = shown(&lines[row]);
        let caret_x: usize = caret_line
            .chars()
            .take(col)
            .map(|c| c.width().unwrap_or(0))
            .sum();
        let width = usize::from(area.width);
        let height = usize::from(area.height);
        let x_offset = (caret_x + 1).saturating_sub(width);
        let y_offset = self.first_visible_line(area.height);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                buf[(x, y)].reset();
                buf[(x, y)].set_style(style);
            }
        }
        for (i, line) in lines.iter().skip(y_offset).take(height).enumerate() {
            let text = shown(line);
            let visible = skip_columns(&text, x_offset);
            buf.set_stringn(area.x, area.y + i as u16, visible, width, style);
        }
        focused.then(|| Position {
            x: area.x + (caret_x - x_offset).min(width - 1) as u16,
            y: area.y + (row - y_offset) as u16,
        })
    }
}

fn skip_columns(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used >= columns {
            return &text[i..];
        }
        used += c.width().unwrap_or(0);
    }
    if used >= columns && text.width() == used {
        ""
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn secret_is_drawn_as_dots_and_caret_follows() {
        let field = TextField::new(FieldKind::Secret, "4829");
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let caret = field.render(Rect::new(0, 0, 10, 1), &mut buf, Style::new(), true);
        assert_eq!(buf[(0, 0)].symbol(), "•");
        assert_eq!(buf[(4, 0)].symbol(), " ");
        assert_eq!(caret, Some(Position { x: 4, y: 0 }));
        assert_eq!(field.value(), "4829");
    }

    #[test]
    fn one_line_fields_ignore_enter_and_flatten_pastes() {
        let mut field = TextField::new(FieldKind::SingleLine, "");
        assert!(!field.input(key(KeyCode::Enter)));
        assert!(field.paste("a\r\nb\u{1b}[31m"));
        assert_eq!(field.value(), "a b[31m");
        let mut multi = TextField::new(FieldKind::MultiLine, "");
        multi.paste("1\r\n2\n3");
        assert_eq!(multi.value(), "1\n2\n3");
        assert_eq!(multi.line_count(), 3);
    }

    #[test]
    fn long_text_scrolls_to_keep_the_caret_visible() {
        let field = TextField::new(FieldKind::SingleLine, "abcdefghijkl");
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        let caret = field.render(Rect::new(0, 0, 5, 1), &mut buf, Style::new(), true);
        assert_eq!(caret, Some(Position { x: 4, y: 0 }));
        assert_eq!(buf[(3, 0)].symbol(), "l");
    }
}

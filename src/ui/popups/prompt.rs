//! A small form in a popup: one or more labelled text fields, Enter to confirm, Esc to cancel. Used to
//! move the clock, ask support for help, and rename an order; a refused value stays for correcting.

use crate::ui::keymap::{Binding, always, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::text_field::{FieldKind, TextField};
use crate::ui::widgets::{modal, put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

/// What the answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    AdvanceClock,
    Assistance { order_id: String },
    Edit { order_id: String },
}

pub struct Prompt {
    pub purpose: Purpose,
    pub title: String,
    pub note: String,
    pub fields: Vec<(&'static str, TextField)>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextField,
    PrevField,
    Confirm,
    Cancel,
}

pub static KEYMAP: &[Binding<Prompt, Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "confirm",
        action: Action::Confirm,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Tab)],
        shown: "Tab",
        label: "next field",
        action: Action::NextField,
        hint: true,
        when: many,
    },
    Binding {
        keys: &[plain(KeyCode::BackTab)],
        shown: "S-Tab",
        label: "previous field",
        action: Action::PrevField,
        hint: false,
        when: many,
    },
    Binding {
        keys: &[plain(KeyCode::Esc)],
        shown: "Esc",
        label: "cancel",
        action: Action::Cancel,
        hint: true,
        when: always,
    },
];

fn many(p: &Prompt) -> bool {
    p.fields.len() > 1
}

impl Prompt {
    pub fn new(
        purpose: Purpose,
        title: &str,
        note: &str,
        fields: &[(&'static str, &str)],
    ) -> Prompt {
        Prompt {
            purpose,
            title: title.to_string(),
            note: note.to_string(),
            fields: fields
                .iter()
                .map(|(label, value)| (*label, TextField::new(FieldKind::SingleLine, value)))
                .collect(),
            focus: 0,
            error: None,
        }
    }

    pub fn value(&self, index: usize) -> String {
        self.fields
            .get(index)
            .map(|(_, f)| f.value())
            .unwrap_or_default()
    }

    /// Moves focus; returns true when the answer is to be taken (Confirm).
    pub fn apply(&mut self, action: Action) -> bool {
        let n = self.fields.len().max(1);
        match action {
            Action::NextField => self.focus = (self.focus + 1) % n,
            Action::PrevField => self.focus = (self.focus + n - 1) % n,
            Action::Confirm => return true,
            Action::Cancel => {}
        }
        false
    }

    pub fn edit(&mut self, key: KeyEvent) {
        if let Some((_, field)) = self.fields.get_mut(self.focus)
            && field.input(key)
        {
            self.error = None;
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some((_, field)) = self.fields.get_mut(self.focus) {
            field.paste(text);
        }
    }
}

/// Draws the prompt; returns the caret of the focused field.
pub fn render(prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
    let width = 66.min(area.width.saturating_sub(2));
    let inner_width = usize::from(width.saturating_sub(4));
    let note = wrap(&prompt.note, inner_width);
    let error = prompt
        .error
        .as_ref()
        .map(|e| wrap(&format!("✗ Error: {e}"), inner_width))
        .unwrap_or_default();
    let height = note.len() + prompt.fields.len() * 2 + error.len() + 4;
    let inner = modal::frame(area, buf, width, height as u16, &prompt.title, theme);
    let x = inner.x + 1;
    let w = inner.width.saturating_sub(2);
    let mut y = inner.y;
    for line in &note {
        put(buf, x, y, w, line, theme.base);
        y += 1;
    }
    y += 1;
    let mut caret = None;
    for (i, (label, field)) in prompt.fields.iter().enumerate() {
        let focused = i == prompt.focus;
        put(
            buf,
            x,
            y,
            w,
            label,
            if focused {
                theme.label_focused
            } else {
                theme.label
            },
        );
        let style = if focused {
            theme.input_focused
        } else {
            theme.input
        };
        let at = field.render(
            Rect {
                x,
                y: y + 1,
                width: w,
                height: 1,
            },
            buf,
            style,
            focused,
        );
        caret = caret.or(at);
        y += 2;
    }
    for line in &error {
        put(buf, x, y, w, line, theme.error);
        y += 1;
    }
    caret
}

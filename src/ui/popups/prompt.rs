//! A small form in a popup: labelled text fields (masked for secrets) and choices, Enter to confirm,
//! Esc to cancel. Used to move the clock, ask support, rename an order, assign and release numbers,
//! set the porting PIN and act as a carrier asking to port out; a refused answer stays for correcting.

use crate::clock::Clock;
use crate::domain::phone::PhoneNumber;
use crate::strings;
use crate::ui::component::{Command, Ctx, Reply, Screen};
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
    Assistance {
        order_id: String,
    },
    Edit {
        order_id: String,
    },
    Assign {
        number: PhoneNumber,
    },
    Release {
        number: PhoneNumber,
        code: String,
    },
    SetPin,
    PortOut,
    /// The signer's email for the wizard's draft.
    SendForSignature,
}

pub enum Input {
    Text(Box<TextField>),
    Choice {
        options: &'static [&'static str],
        selected: usize,
    },
}

pub struct PromptField {
    pub label: &'static str,
    pub input: Input,
}

impl PromptField {
    pub fn text(label: &'static str, value: &str) -> PromptField {
        PromptField {
            label,
            input: Input::Text(Box::new(TextField::new(FieldKind::SingleLine, value))),
        }
    }

    pub fn secret(label: &'static str) -> PromptField {
        PromptField {
            label,
            input: Input::Text(Box::new(TextField::new(FieldKind::Secret, ""))),
        }
    }

    pub fn choice(label: &'static str, options: &'static [&'static str]) -> PromptField {
        PromptField {
            label,
            input: Input::Choice {
                options,
                selected: 0,
            },
        }
    }
}

pub struct Prompt {
    pub purpose: Purpose,
    pub title: String,
    pub note: String,
    pub fields: Vec<PromptField>,
    pub focus: usize,
    pub error: Option<String>,
    /// What the last paste lost to fit its field (line breaks, control characters).
    pub pasted: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextField,
    PrevField,
    PrevChoice,
    NextChoice,
    Confirm,
    Cancel,
}

fn many(p: &Prompt) -> bool {
    p.fields.len() > 1
}

fn on_choice(p: &Prompt) -> bool {
    matches!(
        p.fields.get(p.focus).map(|f| &f.input),
        Some(Input::Choice { .. })
    )
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
        keys: &[plain(KeyCode::Left)],
        shown: "←→",
        label: "change choice",
        action: Action::PrevChoice,
        hint: true,
        when: on_choice,
    },
    Binding {
        keys: &[plain(KeyCode::Right), plain(KeyCode::Char(' '))],
        shown: "→",
        label: "next choice",
        action: Action::NextChoice,
        hint: false,
        when: on_choice,
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

impl Prompt {
    pub fn new(purpose: Purpose, title: &str, note: &str, fields: Vec<PromptField>) -> Prompt {
        let mut prompt = Prompt {
            purpose,
            title: title.to_string(),
            note: note.to_string(),
            fields,
            focus: 0,
            error: None,
            pasted: None,
        };
        prompt.select_focused();
        prompt
    }

    /// Selects the value the focused field was opened with (the clock's `1bd`, an order's name),
    /// so that typing replaces it; the other fields' selections end.
    fn select_focused(&mut self) {
        for (i, field) in self.fields.iter_mut().enumerate() {
            if let Input::Text(text) = &mut field.input {
                if i == self.focus {
                    text.select_all();
                } else {
                    text.deselect();
                }
            }
        }
    }

    /// The text of a field, or the chosen option of a choice.
    pub fn value(&self, index: usize) -> String {
        match self.fields.get(index).map(|f| &f.input) {
            Some(Input::Text(field)) => field.value(),
            Some(Input::Choice { options, selected }) => options[*selected].to_string(),
            None => String::new(),
        }
    }

    pub fn choice(&self, index: usize) -> usize {
        match self.fields.get(index).map(|f| &f.input) {
            Some(Input::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// Moves focus or a choice; returns true when the answer is to be taken (Confirm).
    pub fn apply(&mut self, action: Action) -> bool {
        let n = self.fields.len().max(1);
        match action {
            Action::NextField => {
                self.focus = (self.focus + 1) % n;
                self.select_focused();
            }
            Action::PrevField => {
                self.focus = (self.focus + n - 1) % n;
                self.select_focused();
            }
            Action::PrevChoice | Action::NextChoice => {
                if let Some(Input::Choice { options, selected }) =
                    self.fields.get_mut(self.focus).map(|f| &mut f.input)
                {
                    let count = options.len();
                    *selected = if action == Action::NextChoice {
                        (*selected + 1) % count
                    } else {
                        (*selected + count - 1) % count
                    };
                }
            }
            Action::Confirm => return true,
            Action::Cancel => {}
        }
        false
    }

    pub fn edit(&mut self, key: KeyEvent) {
        if let Some(Input::Text(field)) = self.fields.get_mut(self.focus).map(|f| &mut f.input)
            && field.input(key).changed()
        {
            self.error = None;
            self.pasted = None;
        }
    }

    /// Pastes into the focused field, and says what the paste lost to fit it.
    pub fn paste(&mut self, text: &str) {
        if let Some(Input::Text(field)) = self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            let pasted = field.paste(text);
            if pasted.edit.changed() {
                self.error = None;
            }
            self.pasted = pasted.cleaned();
        }
    }
}

/// The prompt that moves the simulated clock, or why the clock cannot move.
pub fn ask_clock(ctx: &Ctx) -> Command {
    if let Clock::Fixed(_) = ctx.clock {
        return Command::Error(strings::CLOCK_FIXED.into());
    }
    Command::Popup(Box::new(Prompt::new(
        Purpose::AdvanceClock,
        strings::CLOCK_TITLE,
        &strings::clock_note(&ctx.clock.now()),
        vec![PromptField::text(strings::CLOCK_FIELD, "1bd")],
    )))
}

/// What was entered in a confirmed prompt: each field's text (a choice's option), and each choice's index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    values: Vec<String>,
    choices: Vec<usize>,
}

impl Answers {
    /// The text of field `index`, or the chosen option of a choice.
    pub fn value(&self, index: usize) -> String {
        self.values.get(index).cloned().unwrap_or_default()
    }

    /// Which option of choice `index` was chosen (0 for a text field).
    pub fn choice(&self, index: usize) -> usize {
        self.choices.get(index).copied().unwrap_or(0)
    }
}

impl Screen for Prompt {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<Prompt, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        if action == Action::Cancel {
            return vec![Command::ClosePopup];
        }
        if !self.apply(action) {
            return Vec::new();
        }
        let answers = Answers {
            values: (0..self.fields.len()).map(|i| self.value(i)).collect(),
            choices: (0..self.fields.len()).map(|i| self.choice(i)).collect(),
        };
        vec![Command::Answer(self.purpose.clone(), answers)]
    }

    fn typed(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.edit(key);
        Vec::new()
    }

    fn pasted(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        self.paste(text);
        Vec::new()
    }

    fn told(&mut self, reply: Reply, _ctx: &Ctx) -> Vec<Command> {
        if let Reply::Refused(why) = reply {
            self.error = Some(why);
        }
        Vec::new()
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme)
    }
}

/// Draws the prompt; returns the caret of the focused field.
pub fn render(prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
    let width = 70.min(area.width.saturating_sub(2));
    let inner_width = usize::from(width.saturating_sub(4));
    let note: Vec<String> = prompt
        .note
        .split('\n')
        .flat_map(|line| wrap(line, inner_width, usize::from(area.height)))
        .collect();
    let error = prompt
        .error
        .as_ref()
        .map(|e| {
            wrap(
                &format!("{}{e}", strings::ERROR_MARK),
                inner_width,
                usize::from(area.height),
            )
        })
        .unwrap_or_default();
    let pasted = (prompt.pasted.as_ref())
        .map(|p| wrap(p, inner_width, usize::from(area.height)))
        .unwrap_or_default();
    let height = note.len() + prompt.fields.len() * 2 + error.len() + pasted.len() + 4;
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
    for (i, field) in prompt.fields.iter().enumerate() {
        let focused = i == prompt.focus;
        put(
            buf,
            x,
            y,
            w,
            field.label,
            if focused {
                theme.label_focused
            } else {
                theme.label
            },
        );
        match &field.input {
            Input::Text(text) => {
                let style = if focused {
                    theme.input_focused
                } else {
                    theme.input
                };
                caret = caret.or(text.render(
                    Rect {
                        x,
                        y: y + 1,
                        width: w,
                        height: 1,
                    },
                    buf,
                    style,
                    focused,
                ));
            }
            Input::Choice { options, selected } => {
                let mut cx = x;
                for (k, option) in options.iter().enumerate() {
                    let radio = if k == *selected { "(•)" } else { "( )" };
                    let style = if focused && k == *selected {
                        theme.selected
                    } else {
                        theme.base
                    };
                    cx += put(
                        buf,
                        cx,
                        y + 1,
                        (x + w).saturating_sub(cx),
                        &format!("{radio} {option}"),
                        style,
                    ) + 2;
                }
            }
        }
        y += 2;
    }
    for line in &error {
        put(buf, x, y, w, line, theme.error);
        y += 1;
    }
    for line in &pasted {
        put(buf, x, y, w, line, theme.dim);
        y += 1;
    }
    caret
}

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
    /// The name and emails as the dialog opened with them (trimmed): what the administrator left
    /// as it was keeps what another session stored meanwhile.
    Edit {
        order_id: String,
        name: String,
        emails: String,
    },
    Export {
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
    /// A choice whose options follow an earlier choice: (that choice's field, the options for
    /// each of its options), as an assignee's kind decides which usages it may have.
    follows: Option<(usize, &'static [&'static [&'static str]])>,
}

impl PromptField {
    pub fn text(label: &'static str, value: &str) -> PromptField {
        PromptField {
            label,
            input: Input::Text(Box::new(TextField::new(FieldKind::SingleLine, value))),
            follows: None,
        }
    }

    pub fn secret(label: &'static str) -> PromptField {
        PromptField {
            label,
            input: Input::Text(Box::new(TextField::new(FieldKind::Secret, ""))),
            follows: None,
        }
    }

    pub fn choice(label: &'static str, options: &'static [&'static str]) -> PromptField {
        PromptField {
            label,
            input: Input::Choice {
                options,
                selected: 0,
            },
            follows: None,
        }
    }

    /// A choice whose options are `options[i]` while field `of` has its option `i` chosen.
    pub fn choice_following(
        label: &'static str,
        of: usize,
        options: &'static [&'static [&'static str]],
    ) -> PromptField {
        PromptField {
            follows: Some((of, options)),
            ..PromptField::choice(label, options[0])
        }
    }

    /// The choice with option `index` chosen at first (of a following choice: of the options
    /// its leading choice allows, as the prompt opens).
    pub fn chosen(mut self, index: usize) -> PromptField {
        if let Input::Choice { selected, .. } = &mut self.input {
            *selected = index;
        }
        self
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
    /// The field the error is about, under which it shows; none: it shows above the fields.
    pub error_field: Option<usize>,
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
            error_field: None,
        };
        prompt.follow_choices();
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

    /// Gives each following choice the options its leading choice allows, and keeps every
    /// choice on an option it has (the last, when its place is past them).
    fn follow_choices(&mut self) {
        for i in 0..self.fields.len() {
            let lead = self.fields[i]
                .follows
                .map(|(of, table)| table[self.choice(of).min(table.len() - 1)]);
            if let Input::Choice { options, selected } = &mut self.fields[i].input {
                *options = lead.unwrap_or(options);
                *selected = (*selected).min(options.len().saturating_sub(1));
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
                self.follow_choices();
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
        &strings::clock_note(&ctx.clock.now(), ctx.clock_kept),
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
        if let Reply::Refused {
            field,
            why,
            proposed,
            purpose,
        } = reply
        {
            self.error = Some(why);
            if let Some(purpose) = purpose {
                self.purpose = purpose;
            }
            self.error_field = field.filter(|&i| i < self.fields.len());
            if let (Some(i), Some(value)) = (self.error_field, proposed)
                && let Input::Text(text) = &mut self.fields[i].input
            {
                **text = TextField::new(FieldKind::SingleLine, &value);
            }
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
    // The error shows under the field it is about, or above the fields when it is about none.
    let put_error = |buf: &mut Buffer, y: &mut u16| {
        for line in &error {
            put(buf, x, *y, w, line, theme.error);
            *y += 1;
        }
    };
    if prompt.error_field.is_none() {
        put_error(buf, &mut y);
    }
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
        if prompt.error_field == Some(i) {
            put_error(buf, &mut y);
        }
    }
    for line in &pasted {
        put(buf, x, y, w, line, theme.dim);
        y += 1;
    }
    caret
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::inventory::AssigneeKind;

    fn assign(kind: usize, usage: usize) -> Prompt {
        Prompt::new(
            Purpose::SetPin,
            "Assign",
            "",
            vec![
                PromptField::text(strings::ASSIGN_NAME_FIELD, ""),
                PromptField::choice(strings::ASSIGN_KIND_FIELD, strings::ASSIGN_KINDS).chosen(kind),
                PromptField::choice_following(
                    strings::ASSIGN_USAGE_FIELD,
                    1,
                    strings::ASSIGN_USAGES,
                )
                .chosen(usage),
            ],
        )
    }

    /// The assign dialog offered every usage for every kind, though a user's number can only have
    /// the user usage: the usages follow the kind, as the inventory's rule has them.
    #[test]
    fn the_usages_offered_follow_the_kind_chosen() {
        for (i, kind) in AssigneeKind::ALL.iter().enumerate() {
            let labels: Vec<&str> = kind.usages().iter().map(|u| u.label()).collect();
            assert_eq!(strings::ASSIGN_KINDS[i], kind.label());
            assert_eq!(strings::ASSIGN_USAGES[i], labels.as_slice());
        }
        let mut prompt = assign(1, 1);
        assert_eq!(
            (prompt.value(1), prompt.value(2)),
            ("resource account".into(), "conference".into())
        );
        prompt.focus = 1;
        prompt.apply(Action::NextChoice);
        assert_eq!(
            (prompt.value(1), prompt.value(2)),
            ("user".into(), "user".into())
        );
        prompt.focus = 2;
        prompt.apply(Action::NextChoice);
        assert_eq!(prompt.value(2), "user", "the one usage a user's number has");
        prompt.focus = 1;
        prompt.apply(Action::PrevChoice);
        assert_eq!(prompt.value(2), "voice app");
    }
}

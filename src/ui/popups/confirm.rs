//! A yes/no question with the consequence spelled out; Esc and n keep things as they are.

use crate::ui::component::{Command, Ctx, Screen};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::{modal, put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

pub struct Confirm {
    pub title: String,
    pub body: String,
    pub yes: &'static str,
    pub no: &'static str,
    /// What a yes does.
    then: Option<Command>,
}

impl Confirm {
    pub fn new(
        title: &str,
        body: String,
        yes: &'static str,
        no: &'static str,
        then: Command,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            body,
            yes,
            no,
            then: Some(then),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Yes,
    No,
}

pub static KEYMAP: &[Binding<Confirm, Action>] = &[
    Binding {
        keys: &[ch('y')],
        shown: "y",
        label: "yes",
        action: Action::Yes,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[ch('n'), plain(KeyCode::Esc)],
        shown: "n/Esc",
        label: "no",
        action: Action::No,
        hint: true,
        when: always,
    },
];

impl Screen for Confirm {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<Confirm, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Yes => [Some(Command::ClosePopup), self.then.take()]
                .into_iter()
                .flatten()
                .collect(),
            Action::No => vec![Command::ClosePopup],
        }
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }
}

pub fn render(confirm: &Confirm, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = 64.min(area.width.saturating_sub(2));
    // The frame is the body's lines and five more; a body taller than the screen is cut.
    let max_lines = usize::from(area.height.saturating_sub(7));
    let lines = wrap(
        &confirm.body,
        usize::from(width.saturating_sub(4)),
        max_lines,
    );
    let inner = modal::frame(
        area,
        buf,
        width,
        lines.len() as u16 + 5,
        &confirm.title,
        theme,
    );
    for (i, line) in lines.iter().enumerate() {
        put(
            buf,
            inner.x + 1,
            inner.y + 1 + i as u16,
            inner.width.saturating_sub(2),
            line,
            theme.base,
        );
    }
    let y = inner.y + lines.len() as u16 + 2;
    let mut x = inner.x + 1;
    for (key, label) in [("y", confirm.yes), ("n", confirm.no)] {
        x += put(
            buf,
            x,
            y,
            inner.right().saturating_sub(x),
            &format!("[{key}]"),
            theme.key,
        );
        x += put(
            buf,
            x,
            y,
            inner.right().saturating_sub(x),
            &format!(" {label}    "),
            theme.base,
        );
    }
}

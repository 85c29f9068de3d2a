//! The help overlay: every key that works on the screen underneath, from its keymap.

use crate::ui::component::{Command, Ctx, Screen};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::{modal, put};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub title: String,
    pub lines: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Close,
}

pub static KEYMAP: &[Binding<Help, Action>] = &[Binding {
    keys: &[
        plain(KeyCode::Esc),
        ch('?'),
        ch('q'),
        plain(KeyCode::Enter),
        plain(KeyCode::F(1)),
    ],
    shown: "Esc",
    label: "close help",
    action: Action::Close,
    hint: true,
    when: always,
}];

/// Keys that work everywhere, listed under every screen's own.
pub const GLOBAL: &[(&str, &str)] = &[("Ctrl-C", "save and quit, from anywhere")];

/// The editing keys of a text field (ratatui-textarea's), listed where a text field has the focus.
pub const TEXT_EDITING: &[(&str, &str)] = &[
    ("typing", "replaces a selected value; ←→ keep it"),
    ("←→ Home End", "move in the field"),
    ("Ctrl-W", "delete the word before"),
    ("Ctrl-K / Ctrl-J", "delete to the end / the start"),
    ("Ctrl-U / Ctrl-R", "undo / redo"),
];

impl Screen for Help {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<Help, Action>] {
        KEYMAP
    }

    fn act(&mut self, Action::Close: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        vec![Command::ClosePopup]
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }
}

pub fn render(help: &Help, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = help.lines.len() + GLOBAL.len() + 3;
    let inner = modal::frame(area, buf, 60, rows as u16 + 2, &help.title, theme);
    let mut y = inner.y;
    for (keys, label) in help.lines.iter().chain(GLOBAL) {
        if y >= inner.bottom() {
            break;
        }
        put(buf, inner.x + 1, y, 16, keys, theme.key);
        put(
            buf,
            inner.x + 18,
            y,
            inner.width.saturating_sub(19),
            label,
            theme.base,
        );
        y += 1;
    }
    if y + 1 < inner.bottom() {
        put(
            buf,
            inner.x + 1,
            y + 1,
            inner.width.saturating_sub(2),
            "Esc closes this help.",
            theme.dim,
        );
    }
}

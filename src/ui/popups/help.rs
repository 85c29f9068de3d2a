//! The help overlay: every key that works on the screen underneath, from its keymap; it scrolls
//! when the terminal is too short for all of them.

use crate::strings;
use crate::ui::component::{Command, Ctx, Screen};
use crate::ui::keymap::{self, Binding, always, ch, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::{self, Move};
use crate::ui::widgets::{modal, put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub title: String,
    pub lines: Vec<(&'static str, &'static str)>,
    /// How many rows are scrolled past.
    pub scroll: usize,
}

impl Help {
    pub fn new(title: &str, lines: Vec<(&'static str, &'static str)>) -> Help {
        Help {
            title: title.into(),
            lines,
            scroll: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Close,
    Scroll(Move),
}

pub static KEYMAP: [Binding<Help, Action>; 5] = keymap::join(&[
    &[Binding {
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
    }],
    &scroll::keys([
        Action::Scroll(Move::Up),
        Action::Scroll(Move::Down),
        Action::Scroll(Move::PageUp),
        Action::Scroll(Move::PageDown),
    ]),
]);

impl Help {
    fn scroll_by(&mut self, step: Move) {
        // The rows depend on the width, known when drawing: a scroll past the end shows the end.
        let rows = self.lines.len() + GLOBAL.len();
        self.scroll = scroll::moved(self.scroll, step, rows);
    }
}

/// Keys that work everywhere, listed under every screen's own.
pub const GLOBAL: &[(&str, &str)] = &[("Ctrl-C", "save and quit, from anywhere")];

impl Screen for Help {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<Help, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Close => vec![Command::ClosePopup],
            Action::Scroll(step) => {
                self.scroll_by(step);
                Vec::new()
            }
        }
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }
}

/// Column where the labels start, after the keys.
const LABEL_X: u16 = 18;

pub fn render(help: &Help, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let label_width = usize::from(area.width.min(60).saturating_sub(2 + LABEL_X + 1)).max(1);
    // Each key with its label, wrapped: a label never loses its end.
    let rows: Vec<(&str, String)> = (help.lines.iter().chain(GLOBAL))
        .flat_map(|(keys, label)| {
            wrap(label, label_width, usize::MAX)
                .into_iter()
                .enumerate()
                .map(move |(i, line)| (if i == 0 { *keys } else { "" }, line))
        })
        .collect();
    let inner = modal::frame(area, buf, 60, rows.len() as u16 + 4, &help.title, theme);
    // The last line says how to scroll (when there is more) and how to close.
    let height = usize::from(inner.height.saturating_sub(2));
    let (skip, below) = scroll::window(rows.len(), height, help.scroll);
    for (i, (keys, label)) in rows.iter().skip(skip).take(height).enumerate() {
        let y = inner.y + i as u16;
        put(buf, inner.x + 1, y, LABEL_X - 2, keys, theme.key);
        let width = inner.width.saturating_sub(LABEL_X + 1);
        put(buf, inner.x + LABEL_X, y, width, label, theme.base);
    }
    let footer = strings::help_footer(skip, below);
    for (i, line) in wrap(&footer, usize::from(inner.width.saturating_sub(2)), 2)
        .iter()
        .enumerate()
        .take(usize::from(inner.height).saturating_sub(height))
    {
        let y = inner.y + (height + i) as u16;
        put(
            buf,
            inner.x + 1,
            y,
            inner.width.saturating_sub(2),
            line,
            theme.dim,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(help: &Help, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        render(help, area, &mut buf, &Theme::monochrome());
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn a_short_terminal_scrolls_the_help_to_its_last_key() {
        let lines: Vec<(&str, &str)> = [
            (
                "a",
                "the first key, with a label long enough to need a second line at this width",
            ),
            ("b", "the second key"),
        ]
        .into_iter()
        .cycle()
        .take(16)
        .collect();
        let mut help = Help::new("Keys", lines);
        let top = screen(&help, 62, 15).join("\n");
        assert!(top.contains("need a second line at this width"), "{top}");
        assert!(top.contains("more lines below"), "{top}");
        assert!(!top.contains("save and quit, from anywhere"), "{top}");
        for _ in 0..3 {
            help.scroll_by(Move::PageDown);
        }
        let end = screen(&help, 62, 15).join("\n");
        assert!(end.contains("save and quit, from anywhere"), "{end}");
        assert!(end.contains("Esc closes this help"), "{end}");
    }
}

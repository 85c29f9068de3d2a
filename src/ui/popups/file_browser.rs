//! A small file browser for picking the LOA PDF or a numbers CSV: folders first, then matching files.
//! The router lists the folders ([`crate::files`]); the browser only shows them.

pub use crate::files::Entry;

use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{Command, Ctx, Reply, Screen};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::screens::wizard::Input;
use crate::ui::theme::Theme;
use crate::ui::widgets::{modal, put, scroll};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBrowser {
    pub target: Input,
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    pub selected: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Move(scroll::Move),
    Open,
    Parent,
    Cancel,
}

pub static KEYMAP: &[Binding<FileBrowser, Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓",
        label: "move",
        action: Action::Up,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "↓/j",
        label: "move down",
        action: Action::Down,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        shown: "PgUp",
        label: "page up",
        action: Action::Move(scroll::Move::PageUp),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::PageDown)],
        shown: "PgDn",
        label: "page down",
        action: Action::Move(scroll::Move::PageDown),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        shown: "Home/g",
        label: "first entry",
        action: Action::Move(scroll::Move::Home),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::End), ch('G')],
        shown: "End/G",
        label: "last entry",
        action: Action::Move(scroll::Move::End),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Enter), plain(KeyCode::Right), ch('l')],
        shown: "Enter",
        label: "open / pick",
        action: Action::Open,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Backspace), plain(KeyCode::Left), ch('h')],
        shown: "←/Bksp",
        label: "parent folder",
        action: Action::Parent,
        hint: true,
        when: always,
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

/// The file extension the browser offers for an input.
pub fn extension(target: Input) -> &'static str {
    if target == Input::CsvFile {
        "csv"
    } else {
        "pdf"
    }
}

/// Where picking an entry leads.
pub enum Outcome {
    Stay,
    Enter(PathBuf),
    Pick(PathBuf),
}

impl FileBrowser {
    pub fn new(target: Input, dir: PathBuf, entries: Vec<Entry>) -> FileBrowser {
        FileBrowser {
            target,
            dir,
            entries,
            selected: 0,
            error: None,
        }
    }

    pub fn apply(&mut self, action: Action) -> Outcome {
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Move(step) => self.selected = scroll::moved(self.selected, step, last),
            Action::Open => {
                if let Some(entry) = self.entries.get(self.selected) {
                    let path = self.dir.join(&entry.name);
                    return if entry.is_dir {
                        Outcome::Enter(path)
                    } else {
                        Outcome::Pick(path)
                    };
                }
            }
            Action::Parent => {
                if let Some(parent) = self.dir.parent() {
                    return Outcome::Enter(parent.to_path_buf());
                }
            }
            Action::Cancel => {}
        }
        Outcome::Stay
    }
}

impl Screen for FileBrowser {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<FileBrowser, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        if action == Action::Cancel {
            return vec![Command::ClosePopup];
        }
        match self.apply(action) {
            Outcome::Stay => Vec::new(),
            Outcome::Enter(dir) => vec![Command::ListFolder {
                dir,
                extension: extension(self.target),
            }],
            Outcome::Pick(path) => vec![
                Command::ClosePopup,
                Command::Tell(Reply::Picked {
                    into: self.target,
                    value: path.display().to_string(),
                }),
            ],
        }
    }

    fn told(&mut self, reply: Reply, _ctx: &Ctx) -> Vec<Command> {
        if let Reply::Folder { dir, entries } = reply {
            match entries {
                Ok(entries) => {
                    self.dir = dir;
                    self.entries = entries;
                    self.selected = 0;
                    self.error = None;
                }
                Err(e) => self.error = Some(e),
            }
        }
        Vec::new()
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }
}

pub fn render(browser: &FileBrowser, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let kind = extension(browser.target).to_ascii_uppercase();
    let inner = modal::frame(
        area,
        buf,
        70,
        area.height.saturating_sub(4).max(8),
        &strings::browser_title(&kind),
        theme,
    );
    let width = inner.width.saturating_sub(2);
    put(
        buf,
        inner.x + 1,
        inner.y,
        width,
        &strip_controls(&browser.dir.display().to_string()),
        theme.title,
    );
    let top = inner.y + 2;
    let height = usize::from(inner.bottom().saturating_sub(top));
    if let Some(error) = &browser.error {
        put(
            buf,
            inner.x + 1,
            inner.y + 1,
            width,
            &format!("✗ {error}"),
            theme.error,
        );
    }
    if browser.entries.is_empty() {
        put(
            buf,
            inner.x + 1,
            top,
            width,
            &strings::browser_empty(extension(browser.target)),
            theme.dim,
        );
        return;
    }
    // When the entries do not fit, the last row says how many are above and below the ones
    // shown, and the keys that reach them; the selected entry is always among those shown.
    let count = browser.entries.len();
    let height = match count > height {
        true => height.saturating_sub(1).max(1),
        false => height,
    };
    let offset = (browser.selected + 1).saturating_sub(height);
    if count > height {
        let below = count - offset - height;
        let more = strings::browser_more(offset, below);
        put(
            buf,
            inner.x + 1,
            top + height as u16,
            width,
            &more,
            theme.dim,
        );
    }
    for (i, entry) in browser.entries.iter().enumerate().skip(offset).take(height) {
        let y = top + (i - offset) as u16;
        let name = strip_controls(&entry.name);
        let text = if entry.is_dir {
            format!("▸ {name}/")
        } else {
            format!("  {name}")
        };
        let style = if i == browser.selected {
            theme.selected
        } else {
            theme.base
        };
        put(buf, inner.x + 1, y, width, &text, style);
    }
}

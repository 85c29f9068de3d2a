//! A small file browser for picking the LOA PDF or a numbers CSV: folders first, then matching files.

use crate::domain::validate::Field;
use crate::text::strip_controls;
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::{modal, put};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBrowser {
    pub target: Field,
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    pub selected: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
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

/// The file extension the browser offers for a field.
pub fn extension(target: Field) -> &'static str {
    if target == Field::CsvPath {
        "csv"
    } else {
        "pdf"
    }
}

/// Lists a folder: sub-folders, then files with the wanted extension; hidden entries are left out.
pub fn read_entries(dir: &Path, extension: &str) -> Result<Vec<Entry>, String> {
    let listing = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "cannot open the folder {}: {e}",
            strip_controls(&dir.display().to_string())
        )
    })?;
    let mut entries: Vec<Entry> = listing
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                return None;
            }
            let is_dir = e.path().is_dir();
            let wanted = is_dir
                || Path::new(&name)
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case(extension));
            wanted.then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// Where picking an entry leads.
pub enum Outcome {
    Stay,
    Enter(PathBuf),
    Pick(PathBuf),
}

impl FileBrowser {
    pub fn apply(&mut self, action: Action) -> Outcome {
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
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

pub fn render(browser: &FileBrowser, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let kind = extension(browser.target).to_ascii_uppercase();
    let inner = modal::frame(
        area,
        buf,
        70,
        area.height.saturating_sub(4).max(8),
        &format!("Choose a {kind} file"),
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
            &format!("(no folders or .{} files here)", extension(browser.target)),
            theme.dim,
        );
        return;
    }
    let offset = (browser.selected + 1).saturating_sub(height);
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

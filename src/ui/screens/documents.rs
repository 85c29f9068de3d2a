//! An order's documents (the signed LOA, its e-signature certificate, the letter sent for
//! signature, the letter generated to be signed): which the store has and their size; Enter opens
//! the selected one's text in the pager, Esc goes back to the order's details page.

use crate::loa::documents::{self, Listed};
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Reply, Screen, Title};
use crate::ui::keymap::{Binding, always, ch, help_binding, plain};
use crate::ui::screens::details::DetailsState;
use crate::ui::screens::pager::PagerState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{fit, put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentsState {
    /// The details page this list was opened from, to go back to.
    pub details: DetailsState,
    pub listed: Vec<Listed>,
    pub selected: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Open,
    Back,
    Help,
}

impl DocumentsState {
    pub fn new(details: DetailsState, listed: Vec<Listed>) -> DocumentsState {
        DocumentsState {
            details,
            listed,
            selected: 0,
        }
    }

    /// Opens the pager on the selected document: its text is read in the background, unless the
    /// store does not have it.
    fn open(&self) -> Vec<Command> {
        let Some(listed) = self.listed.get(self.selected) else {
            return Vec::new();
        };
        let named = &listed.named;
        let pages = named.kind.pages();
        let mut pager = PagerState::reading(self.clone(), named.clone());
        match &listed.bytes {
            None => {
                pager.take(Err(strings::document_missing(&named.stored_name)));
                vec![Command::Show(Box::new(pager))]
            }
            Some(bytes) => vec![
                Command::Show(Box::new(pager)),
                Command::ReadText {
                    stored_name: named.stored_name.clone(),
                    pages,
                    bytes: Arc::clone(bytes),
                },
            ],
        }
    }
}

fn has_documents(s: &DocumentsState) -> bool {
    !s.listed.is_empty()
}

pub static KEYMAP: [Binding<DocumentsState, Action>; 5] = [
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓/jk",
        label: "select",
        action: Action::Up,
        hint: true,
        when: has_documents,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "",
        label: "select the next",
        action: Action::Down,
        hint: false,
        when: has_documents,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "show its text",
        action: Action::Open,
        hint: true,
        when: has_documents,
    },
    Binding {
        keys: &[plain(KeyCode::Esc), ch('q')],
        shown: "Esc",
        label: "back to the order",
        action: Action::Back,
        hint: true,
        when: always,
    },
    help_binding(Action::Help),
];

impl Screen for DocumentsState {
    type Action = Action;

    fn keymap() -> &'static [Binding<DocumentsState, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.listed.len() - 1),
            Action::Open => return self.open(),
            Action::Back => return vec![Command::Show(Box::new(self.details.clone()))],
            Action::Help => return vec![component::help(self, strings::HELP_DOCUMENTS)],
        }
        Vec::new()
    }

    /// A newer version of the order: the details page takes it, and when it names other
    /// documents (the e-signed copy came while the list was open) they are read again.
    fn told(&mut self, reply: Reply, ctx: &Ctx) -> Vec<Command> {
        if !matches!(reply, Reply::Order(..)) {
            return Vec::new();
        }
        let before = documents::of(&self.details.order);
        let mut commands = self.details.told(reply, ctx);
        if documents::of(&self.details.order) != before {
            commands.push(Command::ShowDocuments(Box::new(self.details.clone())));
        }
        commands
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_DOCUMENTS.into(),
            before_clock: Some(self.details.id.clone()),
        }
    }

    fn shown_order(&self) -> Option<&str> {
        Some(&self.details.id)
    }
}

/// Columns of the kind of document, and of its size, before its name.
const KIND_WIDTH: usize = 23;
const SIZE_WIDTH: usize = 8;

pub fn render(state: &DocumentsState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let order = &state.details.order;
    let heading = strings::documents_heading(&order.id, &strip_controls(&order.display_name()));
    put(buf, area.x, area.y, area.width, &heading, theme.title);
    let width = usize::from(area.width);
    let mut y = area.y + 2;
    if state.listed.is_empty() {
        for line in wrap(strings::NO_DOCUMENTS, width, usize::from(area.height)) {
            put(buf, area.x, y, area.width, &line, theme.base);
            y += 1;
        }
        return;
    }
    for (i, listed) in state.listed.iter().enumerate() {
        if y >= area.bottom() {
            return;
        }
        let chosen = i == state.selected;
        let named = &listed.named;
        let (size, missing) = match &listed.bytes {
            Some(bytes) => (strings::document_size(bytes.len()), ""),
            None => ("—".to_string(), strings::NOT_IN_STORE),
        };
        let row = format!(
            "{} {:<KIND_WIDTH$}  {size:>SIZE_WIDTH$}  {}{missing}",
            if chosen { "›" } else { " " },
            named.kind.label(),
            strip_controls(&named.shown_name),
        );
        let style = match (chosen, &listed.bytes) {
            (true, _) => theme.selected,
            (false, None) => theme.warning,
            (false, Some(_)) => theme.base,
        };
        put(buf, area.x, y, area.width, &fit(&row, width), style);
        y += 1;
    }
    y += 1;
    for line in wrap(strings::DOCUMENTS_NOTE, width, 3) {
        if y >= area.bottom() {
            return;
        }
        put(buf, area.x, y, area.width, &line, theme.dim);
        y += 1;
    }
}

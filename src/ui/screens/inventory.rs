//! The organization's numbers (SPEC §9): type, connection, assignment, usage and the order that brought
//! each in; search and a connection filter as in the order list; assign, unassign, release; the
//! porting PIN and port-out requests; and the history of what changed and what left.

use crate::domain::calendar::eastern;
use crate::domain::inventory::{Connection, Inventory, OwnedNumber};
use crate::domain::phone::PhoneNumber;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Screen, Title};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::popups::prompt::{Prompt, PromptField, Purpose};
use crate::ui::theme::Theme;
use crate::ui::widgets::search::SearchBox;
use crate::ui::widgets::table::{self, Column};
use crate::ui::widgets::{put, wrap_outside};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    Search,
    EndSearch,
    ClearSearch,
    Filter,
    Assign,
    Unassign,
    Release,
    Pin,
    PortOut,
    History,
    Back,
    Help,
}

#[derive(Default)]
pub struct InventoryState {
    pub view: Vec<usize>,
    pub selected: usize,
    selected_number: Option<PhoneNumber>,
    selected_assigned: bool,
    pub search: SearchBox,
    pub filter: Option<Connection>,
    pub show_history: bool,
    pub pin: PinState,
    pub history_scroll: usize,
}

/// What the numbers screen says of the port-out PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PinState {
    #[default]
    NotSet,
    Set,
    /// Its record is damaged or not trusted: no number can port out until it is fixed.
    Unusable,
}

fn matches_query(owned: &OwnedNumber, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let by_number = match PhoneNumber::parse(query) {
        Ok(full) => full == owned.number,
        Err(_) => !digits.is_empty() && owned.number.e164().contains(&digits),
    };
    by_number
        || owned
            .assignment
            .as_ref()
            .is_some_and(|a| a.name.to_lowercase().contains(&q))
        || owned
            .order_id
            .as_ref()
            .is_some_and(|id| id.to_lowercase().contains(&q))
}

impl InventoryState {
    /// Works out the visible list again; the selection stays on the same number when it still shows.
    pub fn refresh(&mut self, inventory: &Inventory, pin: PinState) {
        let query = self.search.text();
        let mut view: Vec<usize> = (0..inventory.numbers.len())
            .filter(|&i| {
                self.filter
                    .is_none_or(|c| inventory.numbers[i].connection == c)
            })
            .filter(|&i| matches_query(&inventory.numbers[i], &query))
            .collect();
        view.sort_by(|&a, &b| {
            inventory.numbers[a]
                .number
                .cmp(&inventory.numbers[b].number)
        });
        let keep = self
            .selected_number
            .as_ref()
            .and_then(|n| view.iter().position(|&i| &inventory.numbers[i].number == n));
        self.view = view;
        self.selected = keep
            .unwrap_or(self.selected)
            .min(self.view.len().saturating_sub(1));
        self.pin = pin;
        self.remember(inventory);
    }

    fn remember(&mut self, inventory: &Inventory) {
        let owned = self.view.get(self.selected).map(|&i| &inventory.numbers[i]);
        self.selected_number = owned.map(|o| o.number.clone());
        self.selected_assigned = owned.is_some_and(|o| o.assignment.is_some());
    }

    pub fn selected_number(&self) -> Option<&PhoneNumber> {
        self.selected_number.as_ref()
    }

    /// Changes that need no files: moving, searching, filtering, the history view.
    pub fn apply(&mut self, action: Action, inventory: &Inventory) {
        let last = self.view.len().saturating_sub(1);
        match action {
            Action::Up if self.show_history => {
                self.history_scroll = self.history_scroll.saturating_sub(1)
            }
            Action::Down if self.show_history => self.history_scroll += 1,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Search => self.search.active = true,
            Action::EndSearch => self.search.active = false,
            Action::ClearSearch => {
                if !self.search.active {
                    self.filter = None;
                }
                self.search.clear();
            }
            Action::Filter => {
                self.filter = match self.filter {
                    None => Some(Connection::ALL[0]),
                    Some(c) => Connection::ALL
                        .iter()
                        .copied()
                        .skip_while(|x| *x != c)
                        .nth(1),
                };
                self.selected = 0;
            }
            Action::History => {
                self.show_history = !self.show_history;
                self.history_scroll = 0;
            }
            _ => {}
        }
        if matches!(action, Action::ClearSearch | Action::Filter) {
            // The list itself changed: work it out again (the selection follows its number).
            let pin = self.pin;
            self.refresh(inventory, pin);
        } else {
            // Only the selection moved: remember the number under it.
            self.remember(inventory);
        }
    }

    pub fn type_query(&mut self, key: KeyEvent, inventory: &Inventory) {
        if self.search.type_key(key) {
            self.selected = 0;
            self.selected_number = None;
            let pin = self.pin;
            self.refresh(inventory, pin);
        }
    }
}

impl Screen for InventoryState {
    type Action = Action;

    fn keymap() -> &'static [Binding<InventoryState, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, ctx: &Ctx) -> Vec<Command> {
        let selected = self.selected_number().cloned();
        let popup = |prompt: Prompt| vec![Command::Popup(Box::new(prompt))];
        match (action, selected) {
            (Action::Back, _) => vec![Command::Home(None)],
            (Action::Help, _) => vec![component::help(self, strings::HELP_NUMBERS)],
            (Action::Assign, Some(number)) => popup(Prompt::new(
                Purpose::Assign {
                    number: number.clone(),
                },
                &strings::assign_title(&number.national()),
                strings::ASSIGN_NOTE,
                vec![
                    PromptField::text(strings::ASSIGN_NAME_FIELD, ""),
                    PromptField::choice(strings::ASSIGN_KIND_FIELD, strings::ASSIGN_KINDS),
                    PromptField::choice(strings::ASSIGN_USAGE_FIELD, strings::ASSIGN_USAGES),
                ],
            )),
            (Action::Unassign, Some(number)) => vec![Command::Unassign(number)],
            (Action::Release, Some(number)) => vec![match ctx.inventory.check_release(&number) {
                Err(reason) => Command::Error(strings::cannot_release(&reason)),
                Ok(()) => Command::AskRelease(number),
            }],
            (Action::Pin, _) => {
                let status = if ctx.pin == PinState::Set {
                    strings::PIN_IS_SET
                } else {
                    strings::PIN_NOT_SET
                };
                popup(Prompt::new(
                    Purpose::SetPin,
                    strings::PIN_TITLE,
                    &strings::pin_note(status),
                    vec![
                        PromptField::secret(strings::PIN_FIELD),
                        PromptField::secret(strings::PIN_AGAIN_FIELD),
                    ],
                ))
            }
            (Action::PortOut, _) => popup(Prompt::new(
                Purpose::PortOut,
                strings::PORT_OUT_TITLE,
                strings::PORT_OUT_NOTE,
                vec![
                    PromptField::text(strings::PORT_OUT_NUMBERS_FIELD, ""),
                    PromptField::secret(strings::PORT_OUT_PIN_FIELD),
                ],
            )),
            (other, _) => {
                self.apply(other, ctx.inventory);
                Vec::new()
            }
        }
    }

    fn typed(&mut self, key: KeyEvent, ctx: &Ctx) -> Vec<Command> {
        if self.search.active {
            self.type_query(key, ctx.inventory);
        }
        Vec::new()
    }

    fn refreshed(&mut self, ctx: &Ctx) {
        self.refresh(ctx.inventory, ctx.pin);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, ctx.inventory, area, buf, theme)
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_NUMBERS.into(),
            before_clock: None,
        }
    }
}

fn listing(s: &InventoryState) -> bool {
    !s.search.active && !s.show_history
}
fn searching(s: &InventoryState) -> bool {
    s.search.active
}
fn has_selection(s: &InventoryState) -> bool {
    listing(s) && s.selected_number.is_some()
}
fn unassigned(s: &InventoryState) -> bool {
    has_selection(s) && !s.selected_assigned
}
fn assigned(s: &InventoryState) -> bool {
    has_selection(s) && s.selected_assigned
}
fn not_searching(s: &InventoryState) -> bool {
    !s.search.active
}

pub static KEYMAP: &[Binding<InventoryState, Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Enter), plain(KeyCode::Down)],
        shown: "Enter",
        label: "done",
        action: Action::EndSearch,
        hint: true,
        when: searching,
    },
    Binding {
        keys: &[plain(KeyCode::Esc)],
        shown: "Esc",
        label: "clear search",
        action: Action::ClearSearch,
        hint: true,
        when: searching,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        label: "assign",
        action: Action::Assign,
        hint: true,
        when: unassigned,
    },
    Binding {
        keys: &[ch('u')],
        shown: "u",
        label: "unassign",
        action: Action::Unassign,
        hint: true,
        when: assigned,
    },
    Binding {
        keys: &[ch('r')],
        shown: "r",
        label: "release",
        action: Action::Release,
        hint: true,
        when: has_selection,
    },
    Binding {
        keys: &[ch('p')],
        shown: "p",
        label: "porting PIN",
        action: Action::Pin,
        hint: true,
        when: not_searching,
    },
    Binding {
        keys: &[ch('o')],
        shown: "o",
        label: "port-out",
        action: Action::PortOut,
        hint: true,
        when: not_searching,
    },
    Binding {
        keys: &[ch('h')],
        shown: "h",
        label: "history",
        action: Action::History,
        hint: false,
        when: not_searching,
    },
    Binding {
        keys: &[ch('/')],
        shown: "/",
        label: "search",
        action: Action::Search,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[ch('f')],
        shown: "f",
        label: "filter",
        action: Action::Filter,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓",
        label: "move",
        action: Action::Up,
        hint: false,
        when: not_searching,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "↓/j",
        label: "move down",
        action: Action::Down,
        hint: false,
        when: not_searching,
    },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        shown: "Home/g",
        label: "first number",
        action: Action::Top,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[plain(KeyCode::End), ch('G')],
        shown: "End/G",
        label: "last number",
        action: Action::Bottom,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[plain(KeyCode::Esc), ch('q')],
        shown: "Esc",
        label: "back",
        action: Action::Back,
        hint: true,
        when: not_searching,
    },
    Binding {
        keys: &[ch('?'), plain(KeyCode::F(1))],
        shown: "?",
        label: "help",
        action: Action::Help,
        hint: false,
        when: always,
    },
];

const COLUMNS: [Column; 6] = [
    Column {
        title: "Number",
        width: 15,
        drop_order: 0,
        grow: 0,
    },
    Column {
        title: "Type",
        width: 10,
        drop_order: 1,
        grow: 0,
    },
    Column {
        title: "Connection",
        width: 16,
        drop_order: 0,
        grow: 0,
    },
    Column {
        title: "Assigned to",
        width: 18,
        drop_order: 0,
        grow: 14,
    },
    Column {
        title: "Usage",
        width: 10,
        drop_order: 0,
        grow: 0,
    },
    Column {
        title: "From order",
        width: 13,
        drop_order: 2,
        grow: 0,
    },
];

fn cells(owned: &OwnedNumber) -> [String; 6] {
    let assignment = owned.assignment.as_ref();
    [
        owned.number.national(),
        owned.kind.label().to_string(),
        owned.connection.label().to_string(),
        assignment
            .map(|a| strip_controls(&a.name))
            .unwrap_or_else(|| "unassigned".into()),
        assignment
            .map(|a| a.usage.label().to_string())
            .unwrap_or_else(|| "—".into()),
        owned.order_id.clone().unwrap_or_else(|| "—".into()),
    ]
}

pub fn render(
    state: &InventoryState,
    inventory: &Inventory,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Option<Position> {
    if area.height < 4 {
        return None;
    }
    put(
        buf,
        area.x,
        area.bottom() - 1,
        area.width,
        "Licences do not release numbers: release unused Calling Plan numbers here (r).",
        theme.dim,
    );
    let area = Rect {
        height: area.height - 1,
        ..area
    };
    let by_connection: Vec<String> = Connection::ALL
        .iter()
        .map(|c| {
            (
                c,
                inventory
                    .numbers
                    .iter()
                    .filter(|n| n.connection == *c)
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{n} {}", c.label()))
        .collect();
    let assigned = inventory
        .numbers
        .iter()
        .filter(|n| n.assignment.is_some())
        .count();
    let summary = format!(
        "Numbers: {} ({}); {assigned} assigned",
        inventory.numbers.len(),
        by_connection.join(", ")
    );
    put(buf, area.x, area.y, area.width, &summary, theme.title);
    let pin = match state.pin {
        PinState::Set => "Porting PIN: set (p to change it; it can never be cleared)",
        PinState::NotSet => "Porting PIN: not set, so no number can port out (p to set it)",
        PinState::Unusable => {
            "Porting PIN: its record cannot be used (see the message), so no number can port out"
        }
    };
    put(
        buf,
        area.x,
        area.y + 2,
        area.width,
        pin,
        if state.pin == PinState::Set {
            theme.base
        } else {
            theme.warning
        },
    );
    if state.show_history {
        put(
            buf,
            area.x,
            area.y + 1,
            area.width,
            "History, newest first (h returns to the numbers)",
            theme.dim,
        );
        let height = usize::from(area.height.saturating_sub(4));
        if inventory.history.is_empty() {
            put(
                buf,
                area.x + 2,
                area.y + 4,
                area.width,
                "Nothing has happened to the numbers yet.",
                theme.base,
            );
        }
        // Each event on as many lines as its words need, under its date and number.
        let lines: Vec<String> = inventory
            .history
            .iter()
            .rev()
            .flat_map(|e| {
                let head = format!(
                    "{}  {:<15} ",
                    e.at.to_zoned(eastern()).strftime("%Y-%m-%d %H:%M"),
                    e.number.national()
                );
                let indent = " ".repeat(head.chars().count());
                wrap_outside(
                    &e.detail,
                    usize::from(area.width).saturating_sub(indent.len()),
                    height,
                )
                .into_iter()
                .enumerate()
                .map(move |(k, part)| {
                    format!(
                        "{}{part}",
                        if k == 0 { head.clone() } else { indent.clone() }
                    )
                })
                .collect::<Vec<_>>()
            })
            .skip(state.history_scroll)
            .take(height)
            .collect();
        for (i, line) in lines.iter().enumerate() {
            put(
                buf,
                area.x,
                area.y + 4 + i as u16,
                area.width,
                line,
                theme.base,
            );
        }
        return None;
    }
    let filter = state.filter.map(|c| c.label()).unwrap_or("all");
    let caret = state.search.render(
        &format!("  Connection: {filter}"),
        &format!("Connection (f): {filter} · Search (/): number, name or order · History: h"),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
        theme,
    );
    let widths = table::fit(&COLUMNS, area.width);
    let header_y = area.y + 4;
    let titles: Vec<String> = COLUMNS.iter().map(|c| c.title.to_string()).collect();
    table::row(buf, area.x, header_y, &widths, &titles, theme.title);
    let top = header_y + 1;
    if state.view.is_empty() {
        let text = if inventory.numbers.is_empty() {
            "The organization has no numbers yet."
        } else {
            "No number matches the search and the filter (f cycles back to all)."
        };
        put(
            buf,
            area.x + 2,
            top,
            area.width.saturating_sub(2),
            text,
            theme.base,
        );
        return caret;
    }
    let (view, selected) = (&state.view, state.selected);
    let cells = |i: usize| cells(&inventory.numbers[i]);
    table::rows(buf, area, top, &widths, view, selected, theme, cells);
    caret
}

//! The organization's numbers (SPEC §9): type, connection, assignment, usage and the order that brought
//! each in; search and a connection filter as in the order list; assign, unassign, release; the
//! porting PIN and port-out requests; and the history of what changed and what left.

use crate::domain::calendar;
use crate::domain::inventory::{AssigneeKind, Connection, Inventory, OwnedNumber, Usage};
use crate::domain::phone::PhoneNumber;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Screen, Title};
use crate::ui::keymap::{self, Binding, ch, plain};
use crate::ui::popups::prompt::{Prompt, PromptField, Purpose};
use crate::ui::theme::Theme;
use crate::ui::widgets::list::{self, ListAction, ListKeys, ListView, Listed, Query, list_keys};
use crate::ui::widgets::table::{self, Column};
use crate::ui::widgets::{put, wrap, wrap_outside};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    List(ListAction),
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
    pub list: ListView<OwnedNumber>,
    selected_assigned: bool,
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

impl Listed for OwnedNumber {
    type Key = PhoneNumber;
    type Filter = Connection;

    fn key(&self) -> &PhoneNumber {
        &self.number
    }

    /// By the number, the name it is assigned to, or the order that brought it in.
    fn matches(&self, query: &Query) -> bool {
        query.names_number(&self.number)
            || (self.assignment.as_ref()).is_some_and(|a| query.in_text(&a.name))
            || (self.order_id.as_ref()).is_some_and(|id| query.in_text(id))
    }

    fn passes(&self, connection: Connection) -> bool {
        self.connection == connection
    }
}

fn by_number(a: &OwnedNumber, b: &OwnedNumber) -> std::cmp::Ordering {
    a.number.cmp(&b.number)
}

impl InventoryState {
    /// Works out the visible list again; the selection stays on the same number when it still shows.
    pub fn refresh(&mut self, inventory: &Inventory, pin: PinState) {
        self.list.refresh(&inventory.numbers, by_number);
        self.pin = pin;
        self.remember(inventory);
    }

    fn remember(&mut self, inventory: &Inventory) {
        let owned = self.list.selected_item(&inventory.numbers);
        self.selected_assigned = owned.is_some_and(|o| o.assignment.is_some());
    }

    pub fn selected_number(&self) -> Option<&PhoneNumber> {
        self.list.selected_key()
    }

    /// Changes that need no files: moving, searching, filtering, the history view (which the moves
    /// scroll while it shows).
    pub fn apply(&mut self, action: Action, inventory: &Inventory) {
        match action {
            Action::List(ListAction::Up) if self.show_history => {
                self.history_scroll = self.history_scroll.saturating_sub(1)
            }
            Action::List(ListAction::Down) if self.show_history => self.history_scroll += 1,
            Action::List(list) => {
                let numbers = &inventory.numbers;
                self.list.apply(list, numbers, &Connection::ALL, by_number);
            }
            Action::History => {
                self.show_history = !self.show_history;
                self.history_scroll = 0;
            }
            _ => {}
        }
        self.remember(inventory);
    }

    pub fn type_query(&mut self, key: KeyEvent, inventory: &Inventory) {
        self.list.type_query(key, &inventory.numbers, by_number);
        self.remember(inventory);
    }
}

impl Screen for InventoryState {
    type Action = Action;

    fn keymap() -> &'static [Binding<InventoryState, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, ctx: &Ctx) -> Vec<Command> {
        let selected = self.selected_number().cloned();
        let popup = |prompt: Prompt| vec![Command::Popup(Box::new(prompt))];
        match (action, selected) {
            (Action::Back, _) => vec![Command::Home(None)],
            (Action::Help, _) => vec![component::help(self, strings::HELP_NUMBERS)],
            (Action::Assign, Some(number)) => {
                // The dialog proposes the usage the number has (a ported number's, from its order).
                let owned = ctx.inventory.find(&number).and_then(|o| o.usage());
                let usage = owned.unwrap_or(Usage::User);
                let kind = AssigneeKind::of(usage);
                let kind_index = AssigneeKind::ALL.iter().position(|k| *k == kind);
                let usage_index = kind.usages().iter().position(|u| *u == usage);
                popup(Prompt::new(
                    Purpose::Assign {
                        number: number.clone(),
                    },
                    &strings::assign_title(&number.national()),
                    strings::ASSIGN_NOTE,
                    vec![
                        PromptField::text(strings::ASSIGN_NAME_FIELD, ""),
                        PromptField::choice(strings::ASSIGN_KIND_FIELD, strings::ASSIGN_KINDS)
                            .chosen(kind_index.unwrap_or(0)),
                        PromptField::choice_following(
                            strings::ASSIGN_USAGE_FIELD,
                            1,
                            strings::ASSIGN_USAGES,
                        )
                        .chosen(usage_index.unwrap_or(0)),
                    ],
                ))
            }
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
        if self.list.search.active {
            self.type_query(key, ctx.inventory);
        }
        Vec::new()
    }

    fn refreshed(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.refresh(ctx.inventory, ctx.pin);
        Vec::new()
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
    !s.list.search.active && !s.show_history
}
fn searching(s: &InventoryState) -> bool {
    s.list.search.active
}
fn has_selection(s: &InventoryState) -> bool {
    listing(s) && s.selected_number().is_some()
}
fn unassigned(s: &InventoryState) -> bool {
    has_selection(s) && !s.selected_assigned
}
fn assigned(s: &InventoryState) -> bool {
    has_selection(s) && s.selected_assigned
}
fn not_searching(s: &InventoryState) -> bool {
    !s.list.search.active
}

const LIST_KEYS: ListKeys<InventoryState, Action> = list_keys!(
    Action::List,
    searching: searching,
    moving: not_searching,
    jumping: listing,
    finding: listing,
    first: "first number",
    last: "last number"
);

const ACTIONS: [Binding<InventoryState, Action>; 6] = [
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
];

const BACK_AND_HELP: [Binding<InventoryState, Action>; 2] = [
    Binding {
        keys: &[plain(KeyCode::Esc), ch('q')],
        shown: "Esc",
        label: "back",
        action: Action::Back,
        hint: true,
        when: not_searching,
    },
    keymap::help_binding(Action::Help),
];

pub static KEYMAP: [Binding<InventoryState, Action>; 16] = keymap::join(&[
    &LIST_KEYS.search,
    &ACTIONS,
    &LIST_KEYS.find,
    &LIST_KEYS.moves,
    &BACK_AND_HELP,
]);

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

/// Where the assignees' names are among [`COLUMNS`].
const ASSIGNED: usize = 3;

/// The columns for these numbers `width` wide: the names' column at least as wide as the longest
/// name, as far as the essential columns leave room, so that the less important columns (type,
/// order) give way before a name is cut.
fn columns_for(inventory: &Inventory, width: u16) -> [Column; 6] {
    let mut columns = COLUMNS;
    let others: u16 = (columns.iter().enumerate())
        .filter(|&(i, c)| i != ASSIGNED && c.drop_order == 0)
        .map(|(_, c)| c.width + 1)
        .sum();
    let room = width.saturating_sub(others + 1);
    let longest = longest_name(inventory);
    let names = &mut columns[ASSIGNED];
    let widest = names.width + names.grow;
    names.width = names.width.max(longest.min(room));
    // It grows no wider than it would have for short names.
    names.grow = widest.saturating_sub(names.width);
    columns
}

/// The width of the longest name a number is assigned to.
fn longest_name(inventory: &Inventory) -> u16 {
    (inventory.numbers.iter())
        .filter_map(|n| n.assignment.as_ref())
        .map(|a| u16::try_from(strip_controls(&a.name).width()).unwrap_or(u16::MAX))
        .max()
        .unwrap_or(0)
}

/// The selected number's assignment in a sentence, for when names are cut in the table.
fn selected_assignment(state: &InventoryState, inventory: &Inventory) -> Option<String> {
    let owned = &inventory.numbers[*state.list.view.get(state.list.selected)?];
    let number = owned.number.national();
    Some(match &owned.assignment {
        Some(a) => strings::assigned_in_full(&number, &strip_controls(&a.name), a.kind, a.usage),
        None => strings::not_assigned(&number),
    })
}

fn cells(owned: &OwnedNumber) -> [String; 6] {
    let assignment = owned.assignment.as_ref();
    [
        owned.number.national(),
        owned.kind.label().to_string(),
        owned.connection.label().to_string(),
        assignment
            .map(|a| strip_controls(&a.name))
            .unwrap_or_else(|| "unassigned".into()),
        // Unassigned, a ported number shows the usage its order gave it.
        (owned.usage())
            .map(|u| u.label().to_string())
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
    let area = list::footer(buf, area, strings::RELEASE_REMINDER, theme);
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
    let summary = strings::numbers_count(inventory.numbers.len(), &by_connection, assigned);
    put(buf, area.x, area.y, area.width, &summary, theme.title);
    let pin = match state.pin {
        PinState::Set => strings::PIN_STATE_SET,
        PinState::NotSet => strings::PIN_STATE_NOT_SET,
        PinState::Unusable => strings::PIN_STATE_UNUSABLE,
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
            strings::NUMBERS_HISTORY,
            theme.dim,
        );
        let height = usize::from(area.height.saturating_sub(4));
        if inventory.history.is_empty() {
            put(
                buf,
                area.x + 2,
                area.y + 4,
                area.width,
                strings::NUMBERS_HISTORY_EMPTY,
                theme.base,
            );
        }
        // Each event on as many lines as its words need, under its date and number.
        let lines: Vec<String> = inventory
            .history
            .iter()
            .rev()
            .flat_map(|e| {
                let head = format!("{}  {:<15} ", calendar::stamp(e.at), e.number.national());
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
    let filter = state.list.filter.map(|c| c.label()).unwrap_or("all");
    let caret = state.list.search.render(
        &strings::numbers_view(filter),
        &strings::numbers_view_keys(filter),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
        theme,
    );
    let nothing = if inventory.numbers.is_empty() {
        strings::NO_NUMBERS
    } else {
        strings::NO_NUMBER_MATCHES
    };
    let columns = columns_for(inventory, area.width);
    let names_width = table::fit(&columns, area.width)[ASSIGNED];
    // A name too long for its column even so is cut there: the selected number's assignment is
    // then said in full under the table, on lines kept for it while any name is cut.
    let mut table = area;
    if longest_name(inventory) > names_width
        && let Some(whole) = selected_assignment(state, inventory)
    {
        const LINES: u16 = 2;
        table.height = table.height.saturating_sub(LINES + 1);
        let lines = wrap(&whole, usize::from(area.width), usize::from(LINES));
        for (i, line) in lines.iter().enumerate() {
            let y = table.bottom() + 1 + i as u16;
            put(buf, area.x, y, area.width, line, theme.base);
        }
    }
    let cells = |i: usize| cells(&inventory.numbers[i]);
    (state.list).render_table(&columns, cells, nothing, area.y + 4, table, buf, theme);
    caret
}

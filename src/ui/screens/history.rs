//! Order history, the home screen (SPEC §4): every order with its name, ID, status, number count,
//! losing carrier, requested or confirmed port date and last change; counts by status; search by name,
//! ID or any phone number; a status filter; sorting by column. The visible list is worked out when
//! the orders or the view change, never while drawing.

use crate::domain::calendar::eastern;
use crate::domain::phone::PhoneNumber;
use crate::domain::status::Status;
use crate::store::OrderSummary;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Reply, Screen, Title};
use crate::ui::keymap::{Binding, ch, plain};
use crate::ui::popups::confirm::Confirm;
use crate::ui::popups::prompt;
use crate::ui::theme::Theme;
use crate::ui::widgets::put;
use crate::ui::widgets::search::SearchBox;
use crate::ui::widgets::table::{self, Column};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    Open,
    New,
    Delete,
    Search,
    Filter,
    Sort,
    AdvanceClock,
    Numbers,
    EndSearch,
    ClearSearch,
    Quit,
    Help,
}

/// The columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    LastChange,
    Name,
    Id,
    Status,
    Numbers,
    Carrier,
    PortDate,
}

impl SortKey {
    const ORDER: [SortKey; 7] = [
        SortKey::LastChange,
        SortKey::Name,
        SortKey::Id,
        SortKey::Status,
        SortKey::Numbers,
        SortKey::Carrier,
        SortKey::PortDate,
    ];

    fn next(self) -> SortKey {
        let i = SortKey::ORDER.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ORDER[(i + 1) % SortKey::ORDER.len()]
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::LastChange => "last change, newest",
            SortKey::Name => "name",
            SortKey::Id => "ID",
            SortKey::Status => "status",
            SortKey::Numbers => "number count, most first",
            SortKey::Carrier => "losing carrier",
            SortKey::PortDate => "port date, soonest first",
        }
    }

    fn compare(self, a: &OrderSummary, b: &OrderSummary) -> Ordering {
        match self {
            SortKey::LastChange => b.updated_at.cmp(&a.updated_at),
            SortKey::Name => a
                .display_name()
                .to_lowercase()
                .cmp(&b.display_name().to_lowercase()),
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Status => a.status.cmp(&b.status),
            SortKey::Numbers => b.numbers().len().cmp(&a.numbers().len()),
            SortKey::Carrier => a
                .carrier_name()
                .unwrap_or_default()
                .cmp(b.carrier_name().unwrap_or_default()),
            SortKey::PortDate => match (a.port_date(), b.port_date()) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        }
        .then_with(|| a.id.cmp(&b.id))
    }
}

/// The list's view: which orders show, in which order, and where the selection is.
pub struct HistoryState {
    /// Indexes into the app's orders, in display order.
    pub view: Vec<usize>,
    pub selected: usize,
    /// The ID under the selection, so it survives a refresh.
    selected_id: Option<String>,
    pub selected_status: Option<Status>,
    pub search: SearchBox,
    pub filter: Option<Status>,
    pub sort: SortKey,
    pub counts: Vec<(Status, usize)>,
    pub total: usize,
}

impl Default for HistoryState {
    fn default() -> HistoryState {
        HistoryState {
            view: Vec::new(),
            selected: 0,
            selected_id: None,
            selected_status: None,
            search: SearchBox::default(),
            filter: None,
            sort: SortKey::LastChange,
            counts: Vec::new(),
            total: 0,
        }
    }
}

fn matches_query(order: &OrderSummary, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    if order.display_name().to_lowercase().contains(&q) || order.id.to_lowercase().contains(&q) {
        return true;
    }
    // A number matches in any form: compare digits, and the E.164 form of a complete number.
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let full = PhoneNumber::parse(query).ok();
    !digits.is_empty()
        && order
            .numbers()
            .iter()
            .any(|n| full.as_ref() == Some(n) || (full.is_none() && n.e164().contains(&digits)))
}

impl HistoryState {
    /// Works out the visible list again after the orders or the view changed; keeps the selection on
    /// the same order when it is still shown.
    pub fn refresh(&mut self, orders: &[OrderSummary]) {
        let query = self.search.text();
        let mut view: Vec<usize> = (0..orders.len())
            .filter(|&i| self.filter.is_none_or(|s| orders[i].status == s))
            .filter(|&i| matches_query(&orders[i], &query))
            .collect();
        let key = self.sort;
        view.sort_by(|&a, &b| key.compare(&orders[a], &orders[b]));
        let keep = self
            .selected_id
            .as_ref()
            .and_then(|id| view.iter().position(|&i| &orders[i].id == id));
        self.view = view;
        self.selected = keep
            .unwrap_or(self.selected)
            .min(self.view.len().saturating_sub(1));
        self.total = orders.len();
        self.counts = Status::ALL
            .iter()
            .map(|&s| (s, orders.iter().filter(|o| o.status == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        self.remember(orders);
    }

    fn remember(&mut self, orders: &[OrderSummary]) {
        let order = self.view.get(self.selected).map(|&i| &orders[i]);
        self.selected_id = order.map(|o| o.id.clone());
        self.selected_status = order.map(|o| o.status);
    }

    /// Puts the selection on an order (after it was opened, made or changed).
    pub fn select_id(&mut self, id: &str, orders: &[OrderSummary]) {
        self.selected_id = Some(id.to_string());
        self.refresh(orders);
    }

    pub fn selected_order(&self) -> Option<usize> {
        self.view.get(self.selected).copied()
    }

    /// Changes that need no files: moving, searching, filtering and sorting.
    pub fn apply(&mut self, action: Action, orders: &[OrderSummary]) {
        let last = self.view.len().saturating_sub(1);
        match action {
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
                self.refresh(orders);
            }
            Action::Filter => {
                let present: Vec<Status> = self.counts.iter().map(|(s, _)| *s).collect();
                self.filter = match self.filter {
                    None => present.first().copied(),
                    Some(current) => present.iter().copied().skip_while(|s| *s != current).nth(1),
                };
                self.selected = 0;
                self.refresh(orders);
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.refresh(orders);
            }
            _ => {}
        }
        self.remember(orders);
    }

    /// A key typed into the search field.
    pub fn type_query(&mut self, key: KeyEvent, orders: &[OrderSummary]) {
        if self.search.type_key(key) {
            self.selected = 0;
            self.selected_id = None;
            self.refresh(orders);
        }
    }
}

impl Screen for HistoryState {
    type Action = Action;

    fn keymap() -> &'static [Binding<HistoryState, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, ctx: &Ctx) -> Vec<Command> {
        let selected = self.selected_order().map(|i| &ctx.orders[i]);
        vec![match action {
            Action::Open => match selected {
                Some(order) => Command::OpenOrder(order.id.clone()),
                None => return Vec::new(),
            },
            Action::New => Command::NewOrder,
            Action::Delete => match selected.filter(|o| o.status == Status::Draft) {
                Some(order) => Command::Popup(Box::new(Confirm::new(
                    strings::DELETE_TITLE,
                    strings::delete_body(&strip_controls(&order.display_name()), &order.id),
                    strings::DELETE,
                    strings::KEEP_IT,
                    Command::DeleteDraft(order.id.clone()),
                ))),
                None => return Vec::new(),
            },
            Action::AdvanceClock => prompt::ask_clock(ctx),
            Action::Numbers => Command::ShowNumbers,
            Action::Quit => Command::Quit,
            Action::Help => component::help(self, strings::HELP_ORDERS),
            other => {
                self.apply(other, ctx.orders);
                return Vec::new();
            }
        }]
    }

    fn typed(&mut self, key: KeyEvent, ctx: &Ctx) -> Vec<Command> {
        if self.search.active {
            self.type_query(key, ctx.orders);
        }
        Vec::new()
    }

    fn told(&mut self, reply: Reply, ctx: &Ctx) -> Vec<Command> {
        if let Reply::Select(id) = reply {
            self.select_id(&id, ctx.orders);
        }
        Vec::new()
    }

    fn refreshed(&mut self, ctx: &Ctx) {
        self.refresh(ctx.orders);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, ctx.orders, ctx.network, area, buf, theme)
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_ORDERS.into(),
            before_clock: None,
        }
    }
}

fn has_orders(s: &HistoryState) -> bool {
    !s.view.is_empty() && !s.search.active
}
fn listing(s: &HistoryState) -> bool {
    !s.search.active
}
fn draft_selected(s: &HistoryState) -> bool {
    !s.search.active && s.selected_status == Some(Status::Draft)
}
fn any_orders(s: &HistoryState) -> bool {
    s.total > 0 && !s.search.active
}
fn searching(s: &HistoryState) -> bool {
    s.search.active
}

pub static KEYMAP: &[Binding<HistoryState, Action>] = &[
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
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓",
        label: "move",
        action: Action::Up,
        hint: false,
        when: has_orders,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "↓/j",
        label: "move down",
        action: Action::Down,
        hint: false,
        when: has_orders,
    },
    Binding {
        keys: &[plain(KeyCode::Home), ch('g')],
        shown: "Home/g",
        label: "first order",
        action: Action::Top,
        hint: false,
        when: has_orders,
    },
    Binding {
        keys: &[plain(KeyCode::End), ch('G')],
        shown: "End/G",
        label: "last order",
        action: Action::Bottom,
        hint: false,
        when: has_orders,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "open",
        action: Action::Open,
        hint: true,
        when: has_orders,
    },
    Binding {
        keys: &[ch('n')],
        shown: "n",
        label: "new order",
        action: Action::New,
        hint: true,
        when: listing,
    },
    Binding {
        keys: &[ch('/')],
        shown: "/",
        label: "search",
        action: Action::Search,
        hint: false,
        when: any_orders,
    },
    Binding {
        keys: &[ch('f')],
        shown: "f",
        label: "filter",
        action: Action::Filter,
        hint: false,
        when: any_orders,
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        label: "sort",
        action: Action::Sort,
        hint: false,
        when: any_orders,
    },
    Binding {
        keys: &[ch('t')],
        shown: "t",
        label: "clock",
        action: Action::AdvanceClock,
        hint: true,
        when: listing,
    },
    Binding {
        keys: &[plain(KeyCode::Esc)],
        shown: "Esc",
        label: "clear filter and search",
        action: Action::ClearSearch,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[ch('p')],
        shown: "p",
        label: "numbers",
        action: Action::Numbers,
        hint: true,
        when: listing,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        label: "quit",
        action: Action::Quit,
        hint: true,
        when: listing,
    },
    Binding {
        keys: &[ch('?'), plain(KeyCode::F(1))],
        shown: "?",
        label: "help",
        action: Action::Help,
        hint: false,
        when: listing,
    },
    Binding {
        keys: &[ch('d'), plain(KeyCode::Delete)],
        shown: "d",
        label: "delete draft",
        action: Action::Delete,
        hint: true,
        when: draft_selected,
    },
];

fn columns(wide_status: bool) -> [Column; 7] {
    [
        Column {
            title: "Name",
            width: 20,
            drop_order: 0,
            grow: 10,
        },
        Column {
            title: "ID",
            width: 13,
            drop_order: 0,
            grow: 0,
        },
        Column {
            title: "Status",
            width: if wide_status { 24 } else { 11 },
            drop_order: 0,
            grow: 0,
        },
        Column {
            title: "Nums",
            width: 4,
            drop_order: 0,
            grow: 0,
        },
        Column {
            title: "Losing carrier",
            width: 16,
            drop_order: 2,
            grow: 8,
        },
        Column {
            title: "Port date",
            width: 10,
            drop_order: 1,
            grow: 0,
        },
        Column {
            title: "Last change",
            width: 16,
            drop_order: 0,
            grow: 0,
        },
    ]
}

fn cells(order: &OrderSummary, wide_status: bool) -> [String; 7] {
    [
        strip_controls(&order.display_name()),
        order.id.clone(),
        if wide_status {
            order.status.label()
        } else {
            order.status.short_label()
        }
        .to_string(),
        order.numbers().len().to_string(),
        order.carrier_name().unwrap_or("—").to_string(),
        order
            .port_date()
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into()),
        order
            .updated_at
            .to_zoned(eastern())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
    ]
}

/// Draws the list; returns the caret while the search field is being typed in.
pub fn render(
    state: &HistoryState,
    orders: &[OrderSummary],
    network: &str,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) -> Option<Position> {
    if area.height < 3 {
        return None;
    }
    put(
        buf,
        area.x,
        area.bottom() - 1,
        area.width,
        &format!("Carriers: {network}; nothing is sent anywhere."),
        theme.dim,
    );
    let area = Rect {
        height: area.height - 1,
        ..area
    };
    let counts: Vec<String> = state
        .counts
        .iter()
        .map(|(s, n)| format!("{n} {}", s.short_label().to_lowercase()))
        .collect();
    let summary = if counts.is_empty() {
        "Port orders: none yet".to_string()
    } else {
        format!("Port orders: {} ({})", state.total, counts.join(", "))
    };
    put(buf, area.x, area.y, area.width, &summary, theme.title);
    if state.total == 0 {
        // Wrapped to the width it has (at 80 columns, four lines, not three cut ones), and no
        // wider than reads easily.
        let width = usize::from(area.width.saturating_sub(4)).min(90);
        let mut lines = vec![
            String::new(),
            "No port orders yet.".to_string(),
            String::new(),
        ];
        lines.extend(crate::ui::widgets::wrap(
            "Press n to start a port-in order: the wizard asks for the numbers, the current carrier's \
             account details and the signed Letter of Authorization, checks everything a carrier would \
             reject, and keeps the draft safe as you type.",
            width,
            6,
        ));
        for (i, line) in lines.iter().enumerate() {
            put(
                buf,
                area.x + 2,
                area.y + 1 + i as u16,
                area.width.saturating_sub(2),
                line,
                theme.base,
            );
        }
        return None;
    }
    let filter = state.filter.map(|s| s.label()).unwrap_or("all");
    let caret = state.search.render(
        &format!("  Filter: {filter} · Sort: {}", state.sort.label()),
        &format!(
            "Filter (f): {filter} · Sort (s): {} · Search (/): name, ID, number",
            state.sort.label()
        ),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
        theme,
    );
    let wide = area.width >= 116;
    let cols = columns(wide);
    let widths = table::fit(&cols, area.width);
    let header_y = area.y + 3;
    let titles: Vec<String> = cols.iter().map(|c| c.title.to_string()).collect();
    table::row(buf, area.x, header_y, &widths, &titles, theme.title);
    let list_top = header_y + 1;
    if state.view.is_empty() {
        put(
            buf,
            area.x + 2,
            list_top,
            area.width.saturating_sub(2),
            "No order matches; Esc clears the search and the filter.",
            theme.base,
        );
        return caret;
    }
    let (view, selected) = (&state.view, state.selected);
    let cells = |i: usize| cells(&orders[i], wide);
    table::rows(buf, area, list_top, &widths, view, selected, theme, cells);
    caret
}

//! Order history, the home screen (SPEC §4): every order with its name, ID, status, number count,
//! losing carrier, requested or confirmed port date and last change; counts by status; search by name,
//! ID or any phone number; a status filter; sorting by column. The visible list is worked out when
//! the orders or the view change, never while drawing.

use crate::domain::calendar;
use crate::domain::status::Status;
use crate::store::OrderSummary;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Reply, Screen, Title};
use crate::ui::keymap::{self, Binding, ch, plain};
use crate::ui::popups::prompt;
use crate::ui::theme::Theme;
use crate::ui::widgets::list::{self, ListAction, ListKeys, ListView, Listed, Query, list_keys};
use crate::ui::widgets::put;
use crate::ui::widgets::table::Column;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use std::cmp::Ordering;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    List(ListAction),
    Open,
    New,
    Delete,
    Sort,
    AdvanceClock,
    Numbers,
    Quit,
    Help,
    ReverseSort,
}

/// The columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    LastChange,
    /// What needs the administrator first: Customer action required, then the rest by how soon
    /// they need a look.
    Urgency,
    Name,
    Id,
    Status,
    Numbers,
    Carrier,
    PortDate,
}

impl SortKey {
    const ORDER: [SortKey; 8] = [
        SortKey::LastChange,
        SortKey::Urgency,
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

    /// The sort in words, with its direction.
    pub fn label(self, reversed: bool) -> &'static str {
        match (self, reversed) {
            (SortKey::LastChange, false) => "last change, newest first",
            (SortKey::LastChange, true) => "last change, oldest first",
            (SortKey::Urgency, false) => "urgency, action required first",
            (SortKey::Urgency, true) => "urgency, action required last",
            (SortKey::Name, false) => "name, A to Z",
            (SortKey::Name, true) => "name, Z to A",
            (SortKey::Id, false) => "ID, oldest first",
            (SortKey::Id, true) => "ID, newest first",
            (SortKey::Status, false) => "status, draft to canceled",
            (SortKey::Status, true) => "status, canceled to draft",
            (SortKey::Numbers, false) => "number count, most first",
            (SortKey::Numbers, true) => "number count, fewest first",
            (SortKey::Carrier, false) => "losing carrier, A to Z",
            (SortKey::Carrier, true) => "losing carrier, Z to A",
            (SortKey::PortDate, false) => "port date, soonest first",
            (SortKey::PortDate, true) => "port date, latest first",
        }
    }

    fn compare(self, a: &OrderSummary, b: &OrderSummary) -> Ordering {
        match self {
            SortKey::LastChange => b.updated_at.cmp(&a.updated_at),
            SortKey::Urgency => urgency(a.status)
                .cmp(&urgency(b.status))
                .then_with(|| b.updated_at.cmp(&a.updated_at)),
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

/// How soon an order in `status` needs the administrator: lower is sooner.
fn urgency(status: Status) -> u8 {
    match status {
        Status::CustomerActionRequired => 0,
        Status::Draft => 1,
        Status::WaitingForSignature => 2,
        Status::SupportEngaged => 3,
        Status::Submitted => 4,
        Status::FocConfirmed => 5,
        Status::CancellationRequested => 6,
        Status::Completed => 7,
        Status::Canceled => 8,
    }
}

/// The list's view: which orders show, in which order, and where the selection is.
pub struct HistoryState {
    pub list: ListView<OrderSummary>,
    pub selected_status: Option<Status>,
    pub sort: SortKey,
    /// The sort runs the other way.
    pub reversed: bool,
    pub counts: Vec<(Status, usize)>,
    pub total: usize,
    /// Orders waiting for the administrator (Customer action required), counted in the header.
    pub needing_action: usize,
}

impl Default for HistoryState {
    fn default() -> HistoryState {
        HistoryState {
            list: ListView::default(),
            selected_status: None,
            sort: SortKey::LastChange,
            reversed: false,
            counts: Vec::new(),
            total: 0,
            needing_action: 0,
        }
    }
}

impl Listed for OrderSummary {
    type Key = String;
    type Filter = Status;

    fn key(&self) -> &String {
        &self.id
    }

    /// By name, ID or losing carrier, or by any of its numbers.
    fn matches(&self, query: &Query) -> bool {
        query.in_text(&self.display_name())
            || query.in_text(&self.id)
            || query.in_text(self.carrier_name().unwrap_or_default())
            || self.numbers().iter().any(|n| query.names_number(n))
    }

    fn passes(&self, status: Status) -> bool {
        self.status == status
    }
}

impl HistoryState {
    /// Works out the visible list again after the orders or the view changed; keeps the selection on
    /// the same order when it is still shown.
    pub fn refresh(&mut self, orders: &[OrderSummary]) {
        self.list.refresh(orders, self.order());
        self.total = orders.len();
        self.counts = Status::ALL
            .iter()
            .map(|&s| (s, orders.iter().filter(|o| o.status == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        self.needing_action = (self.counts.iter())
            .find(|(s, _)| *s == Status::CustomerActionRequired)
            .map_or(0, |(_, n)| *n);
        self.remember(orders);
    }

    /// The list's order: the sort's, or the other way round.
    fn order(&self) -> impl Fn(&OrderSummary, &OrderSummary) -> Ordering + use<> {
        let (key, reversed) = (self.sort, self.reversed);
        move |a, b| {
            let order = key.compare(a, b);
            if reversed { order.reverse() } else { order }
        }
    }

    fn remember(&mut self, orders: &[OrderSummary]) {
        self.selected_status = self.list.selected_item(orders).map(|o| o.status);
    }

    /// Puts the selection on an order (after it was opened, made or changed).
    pub fn select_id(&mut self, id: &str, orders: &[OrderSummary]) {
        self.list.select(id.to_string());
        self.refresh(orders);
    }

    pub fn selected_order(&self) -> Option<usize> {
        self.list.selected_index()
    }

    /// Changes that need no files: moving, searching, filtering (by the statuses present) and
    /// sorting.
    pub fn apply(&mut self, action: Action, orders: &[OrderSummary]) {
        match action {
            Action::List(list) => {
                let present: Vec<Status> = self.counts.iter().map(|(s, _)| *s).collect();
                let order = self.order();
                self.list.apply(list, orders, &present, order);
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.reversed = false;
                self.refresh(orders);
            }
            Action::ReverseSort => {
                self.reversed = !self.reversed;
                self.refresh(orders);
            }
            _ => {}
        }
        self.remember(orders);
    }

    /// A key typed into the search field.
    pub fn type_query(&mut self, key: KeyEvent, orders: &[OrderSummary]) {
        let order = self.order();
        (self.list).type_query(key, orders, order);
        self.remember(orders);
    }
}

impl Screen for HistoryState {
    type Action = Action;

    fn keymap() -> &'static [Binding<HistoryState, Action>] {
        &KEYMAP
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
                Some(order) => Command::AskDeleteDraft(order.id.clone()),
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
        if self.list.search.active {
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

    fn refreshed(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.refresh(ctx.orders);
        Vec::new()
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, ctx.orders, ctx.network, area, buf, theme)
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_ORDERS.into(),
            before_clock: strings::needing_action(self.needing_action),
        }
    }
}

fn has_orders(s: &HistoryState) -> bool {
    !s.list.view.is_empty() && !s.list.search.active
}
fn listing(s: &HistoryState) -> bool {
    !s.list.search.active
}
fn draft_selected(s: &HistoryState) -> bool {
    !s.list.search.active && s.selected_status == Some(Status::Draft)
}
fn any_orders(s: &HistoryState) -> bool {
    s.total > 0 && !s.list.search.active
}
fn searching(s: &HistoryState) -> bool {
    s.list.search.active
}

const LIST_KEYS: ListKeys<HistoryState, Action> = list_keys!(
    Action::List,
    searching: searching,
    moving: has_orders,
    jumping: has_orders,
    finding: any_orders,
    first: "first order",
    last: "last order"
);

const OPEN_AND_NEW: [Binding<HistoryState, Action>; 2] = [
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
];

const THE_REST: [Binding<HistoryState, Action>; 8] = [
    Binding {
        keys: &[ch('s')],
        shown: "s",
        label: "sort",
        action: Action::Sort,
        hint: false,
        when: any_orders,
    },
    Binding {
        keys: &[ch('S')],
        shown: "S",
        label: "reverse the sort",
        action: Action::ReverseSort,
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
        action: Action::List(ListAction::ClearSearch),
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

/// The status column is as wide as its longest label, so no status is ever cut.
fn status_width(wide_status: bool) -> u16 {
    let label = |s: &Status| {
        if wide_status {
            s.label()
        } else {
            s.short_label()
        }
    };
    (Status::ALL.iter().map(|s| label(s).width()).max()).unwrap_or(0) as u16
}

pub static KEYMAP: [Binding<HistoryState, Action>; 18] = keymap::join(&[
    &LIST_KEYS.search,
    &LIST_KEYS.moves,
    &OPEN_AND_NEW,
    &LIST_KEYS.find,
    &THE_REST,
]);

fn columns(wide_status: bool) -> [Column; 7] {
    [
        Column {
            title: "Name",
            width: 18,
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
            width: status_width(wide_status),
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
        calendar::stamp(order.updated_at),
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
    let area = list::footer(buf, area, &strings::carriers_note(network), theme);
    let counts: Vec<String> = state
        .counts
        .iter()
        .map(|(s, n)| format!("{n} {}", in_a_sentence(s.short_label())))
        .collect();
    let summary = strings::orders_count(state.total, &counts);
    put(buf, area.x, area.y, area.width, &summary, theme.title);
    if state.total == 0 {
        // Wrapped to the width it has (at 80 columns, four lines, not three cut ones), and no
        // wider than reads easily.
        let width = usize::from(area.width.saturating_sub(4)).min(90);
        let mut lines = vec![
            String::new(),
            strings::NO_ORDERS_YET.to_string(),
            String::new(),
        ];
        lines.extend(crate::ui::widgets::wrap(strings::FIRST_ORDER, width, 6));
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
    let filter = state.list.filter.map(|s| s.label()).unwrap_or("all");
    let sort = state.sort.label(state.reversed);
    let caret = state.list.search.render(
        &strings::orders_view(filter, sort),
        &strings::orders_view_keys(filter, sort),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
        theme,
    );
    let wide = area.width >= 116;
    state.list.render_table(
        &columns(wide),
        |i| cells(&orders[i], wide),
        strings::NO_ORDER_MATCHES,
        area.y + 3,
        area,
        buf,
        theme,
    );
    caret
}

/// A status label inside a sentence: lower case, but an acronym stays one ("2 FOC confirmed").
fn in_a_sentence(label: &str) -> String {
    let word = |w: &str| {
        let acronym = w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase());
        if acronym {
            w.to_string()
        } else {
            w.to_lowercase()
        }
    };
    label.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::widgets::table;

    #[test]
    fn a_status_in_the_counts_is_lower_case_but_an_acronym_stays_one() {
        assert_eq!(
            in_a_sentence(Status::FocConfirmed.short_label()),
            "FOC confirmed"
        );
        assert_eq!(
            in_a_sentence(Status::CustomerActionRequired.short_label()),
            "action req."
        );
        assert_eq!(in_a_sentence(Status::Draft.short_label()), "draft");
    }

    #[test]
    fn every_status_shows_whole_and_the_carrier_stays_at_100_columns() {
        for wide in [false, true] {
            let cols = columns(wide);
            // The list's body at 100 columns is 98 wide; at 120, 118.
            let widths = table::fit(&cols, if wide { 118 } else { 98 });
            for status in Status::ALL {
                let shown = if wide {
                    status.label()
                } else {
                    status.short_label()
                };
                assert!(
                    usize::from(widths[2]) >= shown.width(),
                    "{shown}: {widths:?}"
                );
            }
            assert!(widths[4] >= 16, "the losing carrier stays: {widths:?}");
        }
    }

    fn order(id: &str, status: Status, carrier: &str, minutes: i64) -> OrderSummary {
        let at = jiff::Timestamp::from_second(1_800_000_000 + minutes * 60).unwrap();
        let mut order = crate::domain::order::Order::new_draft(id.into(), at);
        order.status = status;
        order.fields.group = Some(crate::domain::order::PortGroup {
            carrier_id: carrier.to_lowercase(),
            carrier_name: carrier.into(),
            account: "A1".into(),
            kind: crate::domain::order::GroupKind::Geographic,
            pin_required: false,
            numbers: Vec::new(),
            kept_usage: Default::default(),
        });
        OrderSummary::of(&order, false)
    }

    #[test]
    fn orders_needing_action_come_first_by_urgency_are_counted_and_the_sort_reverses() {
        let orders = vec![
            order("PW-1", Status::Completed, "Northwind Telecom", 30),
            order(
                "PW-2",
                Status::CustomerActionRequired,
                "Bluebell Wireless",
                10,
            ),
            order("PW-3", Status::Submitted, "Northwind Telecom", 20),
        ];
        let mut state = HistoryState::default();
        state.refresh(&orders);
        assert_eq!(state.needing_action, 1);
        assert_eq!(
            strings::needing_action(1).as_deref(),
            Some("1 needs action")
        );
        let ids = |s: &HistoryState| -> Vec<&str> {
            s.list.view.iter().map(|&i| orders[i].id.as_str()).collect()
        };
        assert_eq!(
            ids(&state),
            ["PW-1", "PW-3", "PW-2"],
            "last change, newest first"
        );
        state.apply(Action::Sort, &orders);
        assert_eq!(state.sort, SortKey::Urgency);
        assert_eq!(
            state.sort.label(state.reversed),
            "urgency, action required first"
        );
        assert_eq!(ids(&state), ["PW-2", "PW-3", "PW-1"]);
        state.apply(Action::ReverseSort, &orders);
        assert_eq!(
            state.sort.label(state.reversed),
            "urgency, action required last"
        );
        assert_eq!(ids(&state), ["PW-1", "PW-3", "PW-2"]);
        // The search matches the losing carrier too.
        assert!(orders[1].matches(&Query::new("bluebell")));
        assert!(!orders[0].matches(&Query::new("bluebell")));
    }
}

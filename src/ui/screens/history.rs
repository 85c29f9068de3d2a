//! Order history, the home screen: every order with its name, ID, status, number count, carrier,
//! requested port date and last change.

use crate::domain::calendar::eastern;
use crate::domain::order::{Order, Status};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::theme::Theme;
use crate::ui::widgets::put;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    Open,
    New,
    Delete,
    Quit,
    Help,
}

/// The list position; the orders themselves belong to the app.
#[derive(Debug, Clone, Default)]
pub struct HistoryState {
    pub selected: usize,
    pub count: usize,
    pub selected_is_draft: bool,
}

impl HistoryState {
    pub fn apply(&mut self, action: Action) {
        let last = self.count.saturating_sub(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.selected,
        };
    }

    /// Keeps the selection valid after the list changed.
    pub fn refresh(&mut self, orders: &[Order]) {
        self.count = orders.len();
        self.selected = self.selected.min(self.count.saturating_sub(1));
        self.selected_is_draft = orders
            .get(self.selected)
            .is_some_and(|o| o.status == Status::Draft);
    }
}

fn has_orders(s: &HistoryState) -> bool {
    s.count > 0
}
fn draft_selected(s: &HistoryState) -> bool {
    s.selected_is_draft
}

pub static KEYMAP: &[Binding<HistoryState, Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓",
        label: "move",
        action: Action::Up,
        hint: true,
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
        when: always,
    },
    Binding {
        keys: &[ch('d'), plain(KeyCode::Delete)],
        shown: "d",
        label: "delete draft",
        action: Action::Delete,
        hint: true,
        when: draft_selected,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        label: "quit",
        action: Action::Quit,
        hint: true,
        when: always,
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

struct Column {
    title: &'static str,
    width: u16,
    /// Columns with a higher number are dropped first when space is short.
    drop_order: u8,
}

const COLUMNS: [Column; 7] = [
    Column {
        title: "Name",
        width: 20,
        drop_order: 0,
    },
    Column {
        title: "ID",
        width: 13,
        drop_order: 0,
    },
    Column {
        title: "Status",
        width: 10,
        drop_order: 0,
    },
    Column {
        title: "Nums",
        width: 4,
        drop_order: 0,
    },
    Column {
        title: "Losing carrier",
        width: 16,
        drop_order: 2,
    },
    Column {
        title: "Port date",
        width: 10,
        drop_order: 1,
    },
    Column {
        title: "Last change",
        width: 16,
        drop_order: 0,
    },
];

fn cells(order: &Order) -> [String; 7] {
    let group = order.fields.group.as_ref();
    let port_date = order
        .requested_port_at
        .as_ref()
        .map(|z| z.date().to_string())
        .unwrap_or_else(|| order.fields.port_date.trim().to_string());
    [
        crate::text::strip_controls(&order.display_name()),
        order.id.clone(),
        order.status.label().to_string(),
        order.numbers().len().to_string(),
        group
            .map(|g| g.carrier_name.clone())
            .unwrap_or_else(|| "—".into()),
        if port_date.is_empty() {
            "—".into()
        } else {
            port_date
        },
        order
            .updated_at
            .to_zoned(eastern())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
    ]
}

pub fn render(
    state: &HistoryState,
    orders: &[Order],
    network: &str,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    if area.height < 2 {
        return;
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
    let drafts = orders.iter().filter(|o| o.status == Status::Draft).count();
    let summary = format!(
        "Port orders: {} ({} draft{}, {} submitted)",
        orders.len(),
        drafts,
        if drafts == 1 { "" } else { "s" },
        orders.len() - drafts
    );
    put(buf, area.x, area.y, area.width, &summary, theme.title);
    if orders.is_empty() {
        let lines = [
            "",
            "No port orders yet.",
            "",
            "Press n to start a port-in order: the wizard asks for the numbers, the current carrier's",
            "account details and the signed Letter of Authorization, checks everything a carrier would",
            "reject, and keeps the draft safe as you type.",
        ];
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
        return;
    }
    let mut max_drop = 2u8;
    let widths = loop {
        let shown: Vec<bool> = COLUMNS.iter().map(|c| c.drop_order <= max_drop).collect();
        let total: u16 = COLUMNS
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| c.width + 1)
            .sum();
        if total <= area.width || max_drop == 0 {
            break shown;
        }
        max_drop -= 1;
    };
    let header_y = area.y + 2;
    let mut x = area.x;
    for (c, _) in COLUMNS.iter().zip(&widths).filter(|(_, s)| **s) {
        put(buf, x, header_y, c.width, c.title, theme.title);
        x += c.width + 1;
    }
    let list_top = header_y + 1;
    let height = usize::from(area.bottom().saturating_sub(list_top));
    if height == 0 {
        return;
    }
    let offset = (state.selected + 1).saturating_sub(height);
    for (row, order) in orders.iter().enumerate().skip(offset).take(height) {
        let y = list_top + (row - offset) as u16;
        let selected = row == state.selected;
        let style = if selected { theme.selected } else { theme.base };
        if selected {
            crate::ui::widgets::fill(
                buf,
                Rect {
                    x: area.x,
                    y,
                    width: area.width,
                    height: 1,
                },
                style,
            );
        }
        let mut x = area.x;
        for ((c, text), _) in COLUMNS
            .iter()
            .zip(cells(order))
            .zip(&widths)
            .filter(|(_, s)| **s)
        {
            put(buf, x, y, c.width, &text, style);
            x += c.width + 1;
        }
    }
}

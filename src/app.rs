//! The application: its model (screens, popup, orders), `update`, the only place that does I/O or
//! switches screens, and `render`, which only draws.

use crate::carrier::{self, CarrierNetwork, Holder};
use crate::clock::{Advance, Clock};
use crate::domain::calendar::parse_date;
use crate::domain::inventory::{AssigneeKind, Usage};
use crate::domain::order::Order;
use crate::domain::phone::{PhoneNumber, parse_list};
use crate::domain::status::Status;
use crate::domain::validate::{self, Context, Field};
use crate::lifecycle;
use crate::numbers_file;
use crate::secrets;
use crate::store::{OrderLock, OrderSummary, Store};
use crate::text::strip_controls;
use crate::ui::keymap::{self, hints};
use crate::ui::popups::calendar::{self, CalendarPicker};
use crate::ui::popups::confirm::{self, Confirm, Question};
use crate::ui::popups::file_browser::{self, FileBrowser, Outcome};
use crate::ui::popups::help::{self, Help};
use crate::ui::popups::prompt::{self, Prompt, PromptField, Purpose};
use crate::ui::screens::details::{self, DetailsState};
use crate::ui::screens::history::{self, HistoryState};
use crate::ui::screens::inventory::{self, InventoryState, PinState};
use crate::ui::screens::wizard::{self, Effect, Note, NumbersCheck, WizardState};
use crate::ui::theme::Theme;
use crate::ui::widgets::{self, help_bar, put};
use crate::workspace::{ClockTarget, StatusChange, Workspace};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Below this size the screens cannot be drawn without cutting labels.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;

pub enum Screen {
    History,
    Inventory,
    Details(DetailsState),
    Wizard(Box<WizardState>),
}

pub enum Modal {
    Confirm(Confirm),
    Help(Help),
    Calendar(CalendarPicker),
    Browser(FileBrowser),
    Prompt(Prompt),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// Saves the open draft if it changed; the event loop sends it after each burst of input.
    Autosave,
    /// Saves and quits (Ctrl-C, or a signal).
    Quit,
}

pub struct App {
    pub ws: Workspace,
    theme: Theme,
    /// The order list: summaries; an order is read whole when it is opened.
    pub orders: Vec<OrderSummary>,
    pub screen: Screen,
    pub history: HistoryState,
    pub numbers: InventoryState,
    /// Orders from a newer portwiz: shown, never changed.
    pub read_only: HashSet<String>,
    pub modal: Option<Modal>,
    pub notice: Option<Notice>,
    pub quit: bool,
    /// The lock of the order open in the wizard, released when the wizard closes.
    editing: Option<OrderLock>,
    /// Set when a quit found the draft could not be saved: the next quit goes without saving.
    unsaved_quit_warned: bool,
    /// Set when closing the wizard found the draft could not be saved: the next Esc closes it
    /// without saving (after a conflict, saving can never succeed from this copy).
    unsaved_close_warned: bool,
}

fn expand_home(path: &str) -> PathBuf {
    let trimmed = path.trim();
    match (trimmed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ if trimmed == "~" => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default(),
        _ => PathBuf::from(trimmed),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl App {
    pub fn new(
        store: Box<dyn Store>,
        network: Box<dyn CarrierNetwork>,
        clock: Clock,
        theme: Theme,
    ) -> App {
        let ws = Workspace::open(store, network, clock);
        let mut app = App {
            ws,
            theme,
            orders: Vec::new(),
            screen: Screen::History,
            history: HistoryState::default(),
            numbers: InventoryState::default(),
            read_only: HashSet::new(),
            modal: None,
            notice: None,
            quit: false,
            unsaved_quit_warned: false,
            unsaved_close_warned: false,
            editing: None,
        };
        app.reload_orders();
        match app.ws.catch_up(&app.orders) {
            Ok(changes) if !changes.is_empty() => {
                app.reload_orders();
                app.report_changes(&changes);
            }
            Ok(_) => {}
            Err(e) => app.error(e),
        }
        app
    }

    /// Reads the orders again from disk (other sessions may have changed them).
    fn reload_orders(&mut self) {
        let loaded = match self.ws.list() {
            Ok(loaded) => loaded,
            Err(e) => return self.error(e.to_string()),
        };
        let report = loaded.report();
        if let Some(first) = report.first() {
            let more = if report.len() > 1 {
                format!(
                    " (and {} more; see `portwiz orders list`)",
                    report.len() - 1
                )
            } else {
                String::new()
            };
            if !loaded.has_trouble() {
                self.info(format!("{first}{more}"));
            } else {
                self.error(format!("{first}{more}"));
            }
        }
        self.read_only = loaded.read_only().into_iter().collect();
        self.orders = loaded.orders;
        self.history.refresh(&self.orders);
    }

    pub fn wizard(&self) -> Option<&WizardState> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            _ => None,
        }
    }

    /// Reads one order whole from the store; what went wrong is shown.
    fn load(&mut self, id: &str) -> Option<Order> {
        match self.ws.order(id) {
            Ok(order) => Some(order),
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    /// Another session or a command changed the store: what is shown follows, and an edit in
    /// progress stays as it is (its save then says whether it conflicts). Returns whether anything
    /// is to be drawn again.
    pub fn notice_changes(&mut self) -> bool {
        if self.quit || !self.ws.changed_elsewhere() {
            return false;
        }
        self.reload_orders();
        if let Screen::Inventory = self.screen {
            self.refresh_numbers();
        }
        self.reopen_details();
        true
    }

    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.update(Msg::Key(key)),
            Event::Paste(text) => self.update(Msg::Paste(text)),
            _ => {}
        }
    }

    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Quit => {
                self.autosave();
                let unsaved = self.wizard().is_some_and(|w| w.dirty);
                if unsaved && !self.unsaved_quit_warned {
                    self.unsaved_quit_warned = true;
                    self.error(
                        "The draft could not be saved. Press Ctrl-C again to quit without saving.",
                    );
                    return;
                }
                if let Some(w) = self.wizard().filter(|w| w.order.revision == 0) {
                    // Nothing of this draft reached the disk: its reserved ID is given back.
                    let id = w.order.id.clone();
                    if let Some(lock) = self.editing.take() {
                        self.ws.discard_reservation(&id, lock);
                    }
                }
                self.quit = true;
            }
            // After a quit the draft was saved (or the administrator chose to leave it): no more writes.
            Msg::Autosave if self.quit => {}
            Msg::Autosave => self.autosave(),
            Msg::Paste(text) => match (&mut self.modal, &mut self.screen) {
                (Some(Modal::Prompt(p)), _) => p.paste(&text),
                (None, Screen::Wizard(w)) => {
                    let effect = w.paste(&text);
                    self.run_effect(effect);
                }
                _ => {}
            },
            Msg::Key(key) => {
                if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    self.update(Msg::Quit);
                    return;
                }
                self.notice = None;
                if self.modal.is_some() {
                    self.modal_key(key);
                } else {
                    match self.screen {
                        Screen::History => self.history_key(key),
                        Screen::Inventory => self.inventory_key(key),
                        Screen::Details(_) => self.details_key(key),
                        Screen::Wizard(_) => self.wizard_key(key),
                    }
                }
            }
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            tone: Tone::Info,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            tone: Tone::Error,
        });
    }

    /// Puts a changed order back in the list (and on the details page showing it), and keeps the
    /// list's view in step.
    fn store_in_list(&mut self, order: Order) {
        self.put_in_list(OrderSummary::of(&order, false));
        self.history.refresh(&self.orders);
        if matches!(&self.screen, Screen::Details(state) if state.id == order.id) {
            self.show_in_details(order);
        }
    }

    /// Puts a changed order in the list without working out the list's view again.
    fn put_in_list(&mut self, summary: OrderSummary) {
        match self.orders.iter_mut().find(|o| o.id == summary.id) {
            Some(slot) => *slot = summary,
            None => self.orders.insert(0, summary),
        }
    }

    /// Saves an order that an action changed, and lists it; on failure the list keeps the old one.
    fn save_order(&mut self, mut order: Order) -> bool {
        match self.ws.save_order(&mut order) {
            Ok(()) => {
                self.store_in_list(order);
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// Saves the open draft when it changed since the last save.
    fn autosave(&mut self) {
        let now = self.ws.clock.now().timestamp();
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        if !w.dirty {
            return;
        }
        w.order.updated_at = now;
        match self.ws.save_order(&mut w.order) {
            Ok(()) => {
                w.dirty = false;
                let saved = OrderSummary::of(&w.order, false);
                // The list is not on screen while the wizard is; closing it reloads and sorts the list.
                self.put_in_list(saved);
            }
            // Once a quit or a close was refused for it, that warning stays in view instead.
            Err(e) if !self.unsaved_quit_warned && !self.unsaved_close_warned => {
                self.error(e.to_string())
            }
            Err(_) => {}
        }
    }

    fn other_order_names(&self, except: &str) -> Vec<String> {
        self.orders
            .iter()
            .filter(|o| o.id != except)
            .map(|o| o.name.clone())
            .collect()
    }

    /// Which order or connection holds each number (the inventory is read when the wizard opens).
    fn holders(&self, except: &str) -> HashMap<PhoneNumber, Holder> {
        carrier::holders(&self.orders, &self.ws.inventory, Some(except))
    }

    /// Opens an order for editing, holding its lock; held elsewhere or from a newer portwiz, the
    /// order opens read-only on its details screen instead, saying why.
    fn open_wizard(&mut self, order: Order, reserved: Option<OrderLock>) {
        self.unsaved_close_warned = false;
        // The numbers step tells which numbers the organization has already.
        self.ws.read_inventory();
        if self.read_only.contains(&order.id) {
            self.open_details(&order.id);
            self.error(format!(
                "Order {} comes from a newer portwiz: it can be viewed here, not changed.",
                order.id
            ));
            return;
        }
        match reserved.map_or_else(|| self.ws.lock_order(&order.id), Ok) {
            Ok(lock) => self.editing = Some(lock),
            Err(held) => {
                self.open_details(&order.id);
                self.error(format!("Read-only here: {held}."));
                return;
            }
        }
        let today = self.ws.clock.today();
        let names = self.other_order_names(&order.id);
        self.screen = Screen::Wizard(Box::new(WizardState::open(order, today, names)));
        self.recheck_numbers();
        if let Screen::Wizard(w) = &mut self.screen {
            w.dirty = false;
            if w.step == 8 {
                self.run_effect(Effect::EnteredReview);
            }
        }
    }

    fn open_details(&mut self, id: &str) {
        if let Some(order) = self.load(id) {
            self.show_details(order);
        }
    }

    fn show_details(&mut self, order: Order) {
        let due = lifecycle::next_due(&order, self.ws.network.as_ref());
        self.screen = Screen::Details(DetailsState {
            id: order.id.clone(),
            status: order.status,
            scroll: 0,
            read_only: self.read_only.contains(&order.id),
            order: Box::new(order),
            due,
        });
    }

    /// A newer version of the order on the details page; a new status has a new banner, so the
    /// page shows from its top.
    fn show_in_details(&mut self, order: Order) {
        let due = lifecycle::next_due(&order, self.ws.network.as_ref());
        if let Screen::Details(state) = &mut self.screen {
            if state.status != order.status {
                state.status = order.status;
                state.scroll = 0;
            }
            state.due = due;
            *state.order = order;
        }
    }

    fn help(&mut self, title: &str, lines: Vec<(&'static str, &'static str)>) {
        self.modal = Some(Modal::Help(Help {
            title: title.into(),
            lines,
        }));
    }

    fn history_key(&mut self, key: KeyEvent) {
        let Some(action) = keymap::lookup(history::KEYMAP, &self.history, &key) else {
            if self.history.search.active {
                self.history.type_query(key, &self.orders);
            }
            return;
        };
        match action {
            history::Action::Open => {
                if let Some(id) = self
                    .history
                    .selected_order()
                    .map(|i| self.orders[i].id.clone())
                    && let Some(order) = self.load(&id)
                {
                    if order.status == Status::Draft {
                        self.open_wizard(order, None);
                    } else {
                        self.show_details(order);
                    }
                }
            }
            history::Action::New => match self.ws.new_draft() {
                Ok((order, reserved)) => self.open_wizard(order, Some(reserved)),
                Err(e) => self.error(e.to_string()),
            },
            history::Action::Delete => {
                if let Some(order) = self
                    .history
                    .selected_order()
                    .map(|i| &self.orders[i])
                    .filter(|o| o.status == Status::Draft)
                {
                    self.modal = Some(Modal::Confirm(Confirm {
                        question: Question::DeleteDraft {
                            id: order.id.clone(),
                        },
                        title: "Delete draft".into(),
                        body: format!(
                            "Delete the draft {} ({}) and its attached LOA copy? This cannot be undone.",
                            strip_controls(&order.display_name()),
                            order.id
                        ),
                        yes: "Delete",
                        no: "Keep it",
                    }));
                }
            }
            history::Action::AdvanceClock => self.ask_clock_advance(),
            history::Action::Numbers => {
                self.refresh_numbers();
                self.screen = Screen::Inventory;
            }
            history::Action::Quit => self.quit = true,
            history::Action::Help => {
                let lines = keymap::help_lines(history::KEYMAP, &self.history);
                self.help("Keys: port orders", lines);
            }
            other => self.history.apply(other, &self.orders),
        }
    }

    fn details_key(&mut self, key: KeyEvent) {
        let Screen::Details(state) = &self.screen else {
            return;
        };
        let Some(action) = keymap::lookup(details::KEYMAP, state, &key) else {
            return;
        };
        let id = state.id.clone();
        let help_lines = keymap::help_lines(details::KEYMAP, state);
        let now = self.ws.clock.now();
        let order = (*state.order).clone();
        match action {
            details::Action::Back => {
                self.screen = Screen::History;
                self.reload_orders();
                self.history.select_id(&id, &self.orders);
            }
            details::Action::Update => {
                if let Some(order) = self.load(&id) {
                    self.open_wizard(order, None);
                }
            }
            details::Action::Cancel => {
                let mut probe = order.clone();
                match lifecycle::request_cancellation(&mut probe, now.timestamp()) {
                    Err(reason) => self.error(format!("Cannot cancel: {reason}.")),
                    Ok(()) => {
                        self.modal = Some(Modal::Confirm(Confirm {
                            question: Question::Cancel { id },
                            title: "Cancel the port order".into(),
                            body: format!(
                                "Ask {} to cancel {} ({})? Nothing will be ported; a canceled order can be cloned into a new draft.",
                                order.carrier_name().unwrap_or("the carrier"),
                                strip_controls(&order.display_name()),
                                order.id
                            ),
                            yes: "Cancel the order",
                            no: "Keep it",
                        }))
                    }
                }
            }
            details::Action::Assist => {
                let (title, note) = match &order.ticket {
                    Some(ticket) if order.status == Status::SupportEngaged => {
                        ("Comment on the ticket".to_string(), format!("Your comment is added to ticket {}.", ticket.id))
                    }
                    _ => (
                        "Ask support for help".to_string(),
                        "Support takes the order over (Support engaged) and works on it; describe what you need.".to_string(),
                    ),
                };
                self.modal = Some(Modal::Prompt(Prompt::new(
                    Purpose::Assistance { order_id: id },
                    &title,
                    &note,
                    vec![PromptField::text("Message", "")],
                )));
            }
            details::Action::Edit => {
                self.modal = Some(Modal::Prompt(Prompt::new(
                    Purpose::Edit { order_id: id },
                    "Rename or change notification emails",
                    "The carrier is not told; these are for your organization.",
                    vec![
                        PromptField::text("Order name", order.fields.order_name.trim()),
                        PromptField::text(
                            "Notification emails (separated by ;)",
                            order.fields.notification_emails.trim(),
                        ),
                    ],
                )));
            }
            details::Action::Clone => {
                let (id, reserved) = match self.ws.new_draft() {
                    Ok((draft, reserved)) => (draft.id, reserved),
                    Err(e) => return self.error(e.to_string()),
                };
                match lifecycle::clone_canceled(&order, id.clone(), now.timestamp()) {
                    Ok(mut draft) => match self.ws.save_order(&mut draft) {
                        Ok(()) => {
                            let new_id = draft.id.clone();
                            self.info(format!("New draft {new_id} from {}: give it a name, a fresh LOA and a port date.", order.id));
                            self.store_in_list(draft.clone());
                            self.open_wizard(draft, Some(reserved));
                        }
                        Err(e) => {
                            self.ws.discard_reservation(&id, reserved);
                            self.error(e.to_string())
                        }
                    },
                    Err(e) => {
                        self.ws.discard_reservation(&id, reserved);
                        self.error(e)
                    }
                }
            }
            details::Action::AdvanceClock => self.ask_clock_advance(),
            details::Action::Help => self.help("Keys: order details", help_lines),
            other => {
                if let Screen::Details(state) = &mut self.screen {
                    state.apply(other);
                }
            }
        }
    }

    /// Reads the organization's numbers (once) and works out the numbers screen's view of them.
    fn refresh_numbers(&mut self) {
        self.ws.read_inventory();
        if let Some(error) = self.ws.inventory_error.clone() {
            self.error(format!(
                "{error}; the number inventory is left untouched and shown empty"
            ));
        } else if let Some(problem) = self.ws.pin_problem().map(str::to_string) {
            self.error(format!(
                "The porting PIN cannot be used, so no number can port out: {problem}"
            ));
        }
        let pin = match (self.ws.pin_problem(), self.ws.pin_is_set()) {
            (Some(_), _) => PinState::Unusable,
            (None, true) => PinState::Set,
            (None, false) => PinState::NotSet,
        };
        self.numbers.refresh(&self.ws.inventory, pin);
    }

    fn inventory_key(&mut self, key: KeyEvent) {
        let Some(action) = keymap::lookup(inventory::KEYMAP, &self.numbers, &key) else {
            if self.numbers.search.active {
                self.numbers.type_query(key, &self.ws.inventory);
            }
            return;
        };
        let selected = self.numbers.selected_number().cloned();
        match (action, selected) {
            (inventory::Action::Back, _) => self.screen = Screen::History,
            (inventory::Action::Help, _) => {
                let lines = keymap::help_lines(inventory::KEYMAP, &self.numbers);
                self.help("Keys: the organization's numbers", lines);
            }
            (inventory::Action::Assign, Some(number)) => {
                self.modal = Some(Modal::Prompt(Prompt::new(
                    Purpose::Assign {
                        number: number.clone(),
                    },
                    &format!("Assign {}", number.national()),
                    "A user's number has the user usage; a resource account's is for a voice app or a conference.",
                    vec![
                        PromptField::text("Name of the user or resource account", ""),
                        PromptField::choice("Assign to", &["user", "resource account"]),
                        PromptField::choice("Usage", &["user", "voice app", "conference"]),
                    ],
                )));
            }
            (inventory::Action::Unassign, Some(number)) => match self.ws.unassign(&number) {
                Ok(()) => {
                    self.refresh_numbers();
                    self.info(format!("{} is unassigned.", number.national()));
                }
                Err(e) => self.error(e),
            },
            (inventory::Action::Release, Some(number)) => {
                match self.ws.inventory.check_release(&number) {
                    Err(reason) => self.error(format!("Cannot release: {reason}.")),
                    Ok(()) => {
                        let code = secrets::confirmation_code();
                        self.modal = Some(Modal::Prompt(Prompt::new(
                            Purpose::Release {
                                number: number.clone(),
                                code: code.clone(),
                            },
                            &format!("Release {}", number.national()),
                            &format!(
                                "The number goes back to the provider and is no longer the organization's; it cannot be taken back.\nTo confirm, type this code exactly:  {code}"
                            ),
                            vec![PromptField::text("Confirmation code", "")],
                        )));
                    }
                }
            }
            (inventory::Action::Pin, _) => {
                let status = if self.ws.pin_is_set() {
                    "A porting PIN is set. It is never shown and cannot be cleared; enter a new one to change it."
                } else {
                    "No porting PIN is set yet, so no number can port out to another carrier."
                };
                self.modal = Some(Modal::Prompt(Prompt::new(
                    Purpose::SetPin,
                    "Manage porting PIN",
                    &format!(
                        "{status}\nThe PIN is 6 to 10 digits (10 is what most instructions ask for). A carrier asking to port numbers away must give it."
                    ),
                    vec![
                        PromptField::secret("New PIN"),
                        PromptField::secret("New PIN again"),
                    ],
                )));
            }
            (inventory::Action::PortOut, _) => {
                self.modal = Some(Modal::Prompt(Prompt::new(
                    Purpose::PortOut,
                    "Port-out request (acting as another carrier)",
                    "This is what a carrier does when the organization moves numbers away: it names the numbers and gives the porting PIN. Only the organization's Calling Plan numbers, with the right PIN.",
                    vec![
                        PromptField::text("Numbers (separated by , or ;)", ""),
                        PromptField::secret("Porting PIN"),
                    ],
                )));
            }
            (other, _) => self.numbers.apply(other, &self.ws.inventory),
        }
    }

    fn ask_clock_advance(&mut self) {
        if let Clock::Fixed(_) = self.ws.clock {
            self.error("The clock is fixed by PORTWIZ_NOW; unset it to move time.");
            return;
        }
        let now = self
            .ws
            .clock
            .now()
            .strftime("%a %Y-%m-%d %H:%M ET")
            .to_string();
        self.modal = Some(Modal::Prompt(Prompt::new(
            Purpose::AdvanceClock,
            "Advance the simulated clock",
            &format!(
                "It is {now} on the simulated clock. How far should time move? 6h (hours), 2d (days) or 3bd (business days). What falls due happens, in order."
            ),
            vec![PromptField::text("Move on by", "1bd")],
        )));
    }

    /// The order on the details page is read again: the clock or another session may have changed it.
    fn reopen_details(&mut self) {
        if let Screen::Details(state) = &self.screen {
            let id = state.id.clone();
            if let Some(order) = self.load(&id) {
                self.show_in_details(order);
            }
        }
    }

    fn report_changes(&mut self, changes: &[StatusChange]) {
        let now = self.ws.clock.now().strftime("%Y-%m-%d %H:%M ET");
        let text = match changes {
            [] => format!("Clock: {now}; no order changed."),
            [one] => format!("Clock: {now}; {} is now {}.", one.id, one.to.label()),
            many => format!(
                "Clock: {now}; {} orders changed; the order list shows where each stands.",
                many.len()
            ),
        };
        self.info(text);
    }

    fn wizard_key(&mut self, key: KeyEvent) {
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        let effect = match keymap::lookup(WizardState::keymap(), w, &key) {
            Some(action) => w.apply(action, &key),
            None => w.edit(key),
        };
        self.run_effect(effect);
    }

    fn recheck_numbers(&mut self) {
        let Some(w) = self.wizard() else { return };
        let list = parse_list(&w.order.fields.numbers_text, w.order.fields.country);
        let holders = self.holders(&w.order.id);
        let report =
            carrier::check_numbers(self.ws.network.as_ref(), list.unique_numbers(), &holders);
        if let Screen::Wizard(w) = &mut self.screen {
            w.set_numbers_check(NumbersCheck { list, report });
        }
    }

    fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Recheck => self.recheck_numbers(),
            Effect::Close => self.close_wizard(),
            Effect::AttachLoa(path) => self.attach_loa(&path),
            Effect::ImportCsv(path) => self.import_csv(&path),
            Effect::OpenCalendar => {
                let Some(w) = self.wizard() else { return };
                match w.order.fields.country {
                    Some(country) => {
                        let current = parse_date(&w.order.fields.port_date).ok();
                        self.modal = Some(Modal::Calendar(CalendarPicker::open(
                            country, w.today, current,
                        )));
                    }
                    None => self.error(
                        "Choose the country in step 1 first: the calendar depends on its holidays.",
                    ),
                }
            }
            Effect::OpenBrowser(field) => self.open_browser(field),
            Effect::EnteredReview => {
                let problems = self.external_problems();
                if let Screen::Wizard(w) = &mut self.screen {
                    w.external_problems = problems;
                }
            }
            Effect::ConfirmSubmit => self.confirm_submit(),
            Effect::StartOtherGroups => self.start_other_groups(),
            Effect::Help => {
                if let Some(w) = self.wizard() {
                    let mut lines = keymap::help_lines(WizardState::keymap(), w);
                    if w.on_text_field() {
                        lines.extend_from_slice(help::TEXT_EDITING);
                    }
                    self.help("Keys: port-in wizard", lines);
                }
            }
        }
    }

    fn close_wizard(&mut self) {
        self.autosave();
        let Screen::Wizard(w) = &self.screen else {
            return;
        };
        let unsaved = w.dirty;
        if unsaved && !self.unsaved_close_warned {
            // The save failed: stay, with the error on screen and the edits in memory.
            self.unsaved_close_warned = true;
            let why = self.notice.take().map(|n| n.text).unwrap_or_default();
            self.error(format!(
                "Not closed: Esc again closes it without saving these changes. {why}"
            ));
            return;
        }
        self.unsaved_close_warned = false;
        let id = w.order.id.clone();
        let (never_saved, updating) = (w.order.revision == 0, w.update.is_some());
        match self.editing.take() {
            Some(lock) if never_saved => self.ws.discard_reservation(&id, lock),
            _ => {}
        }
        self.reload_orders();
        let message = if unsaved {
            format!(
                "{id} closed without saving the last changes; the stored version is the one listed."
            )
        } else if never_saved {
            "Nothing was entered, so no draft was kept.".to_string()
        } else if updating {
            format!(
                "Changes to {id} saved; it is not resubmitted until you do so from the review (u, then s)."
            )
        } else {
            format!("Draft {id} saved; Enter on it resumes where you left off.")
        };
        if updating {
            self.open_details(&id);
        } else {
            self.screen = Screen::History;
            self.history.select_id(&id, &self.orders);
        }
        self.info(message);
    }

    fn attach_loa(&mut self, path: &str) {
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        if path.trim().is_empty() {
            w.notes.insert(
                Field::LoaPath,
                Note::Error(
                    "type the path to the signed LOA PDF, or press Ctrl-O to browse".into(),
                ),
            );
            return;
        }
        match self.ws.attach_loa(&w.order.id, &expand_home(path)) {
            Ok(doc) => {
                w.notes.remove(&Field::LoaPath);
                w.order.fields.loa = Some(doc);
                w.touched.insert(Field::LoaPath);
                w.dirty = true;
            }
            Err(e) => {
                w.notes.insert(Field::LoaPath, Note::Error(e.to_string()));
            }
        }
    }

    fn import_csv(&mut self, path: &str) {
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        let file = expand_home(path);
        let imported = if path.trim().is_empty() {
            Err("type the path to a CSV file, or press Ctrl-O to browse".to_string())
        } else {
            numbers_file::import_csv(&file, w.order.fields.country)
        };
        match imported {
            Err(message) => {
                w.notes.insert(Field::CsvPath, Note::Error(message));
            }
            Ok(list) => {
                let imported: Vec<&str> = list.entries.iter().map(|e| e.input.as_str()).collect();
                let mut text = w.order.fields.numbers_text.trim_end().to_string();
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&imported.join("\n"));
                let count = imported.len();
                w.set_text(Field::Numbers, &text);
                w.notes.insert(
                    Field::CsvPath,
                    Note::Info(format!(
                        "Imported {count} rows from {}; they are checked below",
                        strip_controls(&file.display().to_string())
                    )),
                );
                self.recheck_numbers();
            }
        }
    }

    fn open_browser(&mut self, field: Field) {
        let Some(w) = self.wizard() else { return };
        let current = expand_home(&wizard::text_value(&w.order.fields, field));
        let dir = [
            current.parent().map(Path::to_path_buf),
            current.is_dir().then(|| current.clone()),
        ]
        .into_iter()
        .flatten()
        .rev()
        .find(|d| !d.as_os_str().is_empty() && d.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"));
        match file_browser::read_entries(&dir, file_browser::extension(field)) {
            Ok(entries) => {
                self.modal = Some(Modal::Browser(FileBrowser {
                    target: field,
                    dir,
                    entries,
                    selected: 0,
                    error: None,
                }));
            }
            Err(e) => self.error(e),
        }
    }

    /// What only the app can check before submitting: numbers taken or no longer portable since the
    /// draft was made, an LOA older than the carrier accepts, and after a rejection an LOA that no
    /// longer matches what changed.
    fn external_problems(&self) -> Vec<validate::Problem> {
        let Some(w) = self.wizard() else {
            return Vec::new();
        };
        let mut problems = carrier::presubmit_problems(
            self.ws.network.as_ref(),
            &w.order.fields,
            &self.holders(&w.order.id),
            w.today,
        );
        if w.update.is_some() {
            problems.extend(lifecycle::loa_resign_problem(&w.order));
        }
        problems
    }

    fn confirm_submit(&mut self) {
        let problems = self.external_problems();
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        w.external_problems = problems;
        let problems = w.review_problems();
        if !problems.is_empty() {
            let n = problems.len();
            self.error(format!(
                "Fix the {n} problem{} listed first: a carrier would reject this order.",
                plural(n)
            ));
            return;
        }
        let f = &w.order.fields;
        let group = f.group.as_ref().expect("a clean order has its numbers");
        let resubmit = w.update.is_some();
        let review = lifecycle::needs_review(&w.order);
        let route = match &review {
            Some(reason) if !resubmit => format!("It goes to support first: {reason}."),
            _ => "The carrier answers in 3-5 business days in the US, 5-7 in Canada.".to_string(),
        };
        self.modal = Some(Modal::Confirm(Confirm {
            question: Question::Submit,
            title: if resubmit {
                "Resubmit the port order"
            } else {
                "Submit the port order"
            }
            .into(),
            body: format!(
                "Send {:?} ({} number{}) to {} for a port on {} at {} ET? {route}",
                strip_controls(f.order_name.trim()),
                group.numbers.len(),
                plural(group.numbers.len()),
                group.carrier_name,
                f.port_date.trim(),
                f.port_time.trim()
            ),
            yes: if resubmit { "Resubmit" } else { "Submit" },
            no: "Keep editing",
        }));
    }

    fn submit(&mut self) {
        let now = self.ws.clock.now().timestamp();
        let Some(w) = self.wizard() else { return };
        let mut order = w.order.clone();
        if let Err(e) = lifecycle::submit(&mut order, self.ws.network.as_ref(), now) {
            self.error(format!("Not submitted: {e}."));
            return;
        }
        let id = order.id.clone();
        let name = strip_controls(&order.display_name());
        let status = order.status;
        if self.save_order(order) {
            self.editing = None;
            self.open_details(&id);
            self.info(format!("Order {name} ({id}) is {}.", status.label()));
        } else if let Some(n) = &mut self.notice {
            n.text.push_str(" The order was not submitted.");
        }
    }

    fn start_other_groups(&mut self) {
        let Some(w) = self.wizard() else { return };
        let chosen = w.order.fields.group.clone();
        let country = w.order.fields.country;
        let others: Vec<_> = w
            .numbers
            .report
            .groups
            .iter()
            .filter(|g| chosen.as_ref().is_none_or(|c| !c.same_key(g)))
            .cloned()
            .collect();
        let mut created = Vec::new();
        for group in others {
            // The ID stays reserved until the draft is saved; then the file holds it.
            let (mut draft, _reserved) = match self.ws.new_draft() {
                Ok(reserved) => reserved,
                Err(e) => return self.error(e.to_string()),
            };
            draft.fields.country = country;
            draft.fields.numbers_text = group
                .numbers
                .iter()
                .map(|n| n.national())
                .collect::<Vec<_>>()
                .join("\n");
            draft.fields.group = Some(group);
            draft.wizard.step = 3;
            let id = draft.id.clone();
            if !self.save_order(draft) {
                return;
            }
            created.push(id);
        }
        if created.is_empty() {
            self.info("Every group is in this order already.");
        } else {
            self.info(format!(
                "Started {} new draft{} ({}) for the other groups; they are in the order list.",
                created.len(),
                plural(created.len()),
                created.join(", ")
            ));
            // Those numbers now belong to the new drafts, so this order's check marks them as taken.
            self.recheck_numbers();
        }
    }

    fn modal_key(&mut self, key: KeyEvent) {
        let Some(modal) = self.modal.as_mut() else {
            return;
        };
        match modal {
            Modal::Help(h) => {
                if keymap::lookup(help::KEYMAP, h, &key).is_some() {
                    self.modal = None;
                }
            }
            Modal::Confirm(c) => match keymap::lookup(confirm::KEYMAP, c, &key) {
                Some(confirm::Action::Yes) => {
                    let question = c.question.clone();
                    self.modal = None;
                    match question {
                        Question::DeleteDraft { id } => self.delete_draft(&id),
                        Question::Submit => self.submit(),
                        Question::Cancel { id } => self.cancel_order(&id),
                    }
                }
                Some(confirm::Action::No) => self.modal = None,
                None => {}
            },
            Modal::Calendar(picker) => match keymap::lookup(calendar::KEYMAP, picker, &key) {
                Some(calendar::Action::Cancel) => self.modal = None,
                Some(action) => {
                    if let Some(day) = picker.apply(action) {
                        self.modal = None;
                        if let Screen::Wizard(w) = &mut self.screen {
                            w.set_text(Field::PortDate, &day.to_string());
                        }
                    }
                }
                None => {}
            },
            Modal::Browser(browser) => match keymap::lookup(file_browser::KEYMAP, browser, &key) {
                Some(file_browser::Action::Cancel) => self.modal = None,
                Some(action) => match browser.apply(action) {
                    Outcome::Stay => {}
                    Outcome::Enter(dir) => match file_browser::read_entries(
                        &dir,
                        file_browser::extension(browser.target),
                    ) {
                        Ok(entries) => {
                            browser.dir = dir;
                            browser.entries = entries;
                            browser.selected = 0;
                            browser.error = None;
                        }
                        Err(e) => browser.error = Some(e),
                    },
                    Outcome::Pick(path) => {
                        let target = browser.target;
                        self.modal = None;
                        let path = path.display().to_string();
                        if let Screen::Wizard(w) = &mut self.screen {
                            w.set_text(target, &path);
                        }
                        match target {
                            Field::CsvPath => self.import_csv(&path),
                            _ => self.attach_loa(&path),
                        }
                    }
                },
                None => {}
            },
            Modal::Prompt(p) => match keymap::lookup(prompt::KEYMAP, p, &key) {
                Some(prompt::Action::Cancel) => self.modal = None,
                Some(action) => {
                    if p.apply(action) {
                        self.answer_prompt();
                    }
                }
                None => p.edit(key),
            },
        }
    }

    /// Acts on a confirmed prompt; a refused answer stays in the prompt with the reason.
    fn answer_prompt(&mut self) {
        let Some(Modal::Prompt(p)) = &self.modal else {
            return;
        };
        let now = self.ws.clock.now();
        let result: Result<String, String> = match p.purpose.clone() {
            Purpose::AdvanceClock => Advance::parse(&p.value(0)).and_then(|step| {
                // The step counts from the clock as stored: another session may have moved it.
                self.ws
                    .advance_clock(ClockTarget::Step(step))
                    .map(|(_, changes)| {
                        self.reload_orders();
                        self.reopen_details();
                        self.report_changes(&changes);
                        self.notice.take().map(|n| n.text).unwrap_or_default()
                    })
            }),
            Purpose::Assistance { order_id } => {
                let text = p.value(0);
                let _lock = match self.lock_for_change(&order_id) {
                    Ok(lock) => lock,
                    Err(why) => return self.refuse_prompt(why),
                };
                match self.load(&order_id) {
                    Some(mut order) => {
                        lifecycle::request_assistance(&mut order, now.timestamp(), &text).and_then(
                            |message| {
                                if self.save_order(order) {
                                    Ok(message)
                                } else {
                                    Err("the order could not be saved".into())
                                }
                            },
                        )
                    }
                    None => Err("the order is gone".into()),
                }
            }
            Purpose::Edit { order_id } => {
                let (name, emails) = (p.value(0), p.value(1));
                let _lock = match self.lock_for_change(&order_id) {
                    Ok(lock) => lock,
                    Err(why) => return self.refuse_prompt(why),
                };
                self.edit_order(&order_id, &name, &emails, now.timestamp())
            }
            Purpose::Assign { number } => {
                let kind = [AssigneeKind::User, AssigneeKind::ResourceAccount][p.choice(1)];
                let usage = Usage::ALL[p.choice(2)];
                let name = p.value(0);
                self.ws
                    .assign(&number, &name, kind, usage)
                    .map(|()| format!("{} is assigned to {}.", number.national(), name.trim()))
            }
            Purpose::Release { number, code } => {
                let typed = p.value(0);
                self.ws
                    .release(&number, &typed, &code)
                    .map(|()| format!("{} is released.", number.national()))
            }
            Purpose::SetPin => {
                let (pin, again) = (p.value(0), p.value(1));
                self.ws.set_pin(&pin, &again).map(|warning| match warning {
                    Some(w) => format!("Porting PIN saved. Note: {w}."),
                    None => "Porting PIN saved.".to_string(),
                })
            }
            Purpose::PortOut => {
                let list = parse_list(&p.value(0), None);
                let pin = p.value(1);
                match list.errors().next() {
                    Some(bad) => Err(format!("{}: {}", strip_controls(&bad.input), bad.reason())),
                    None => {
                        let numbers: Vec<PhoneNumber> = list.unique_numbers().cloned().collect();
                        self.ws.port_out(&numbers, &pin, jiff::Timestamp::now())
                    }
                }
            }
        };
        match result {
            Ok(message) => {
                self.modal = None;
                self.refresh_numbers();
                self.info(message);
            }
            Err(reason) => {
                if let Some(Modal::Prompt(p)) = &mut self.modal {
                    p.error = Some(reason);
                }
            }
        }
    }

    fn refuse_prompt(&mut self, why: String) {
        if let Some(Modal::Prompt(p)) = &mut self.modal {
            p.error = Some(why);
        }
    }

    /// Renames an order or changes its notification emails, with the wizard's rules for both.
    fn edit_order(
        &mut self,
        id: &str,
        name: &str,
        emails: &str,
        at: jiff::Timestamp,
    ) -> Result<String, String> {
        let Some(mut order) = self.load(id) else {
            return Err("the order is gone".into());
        };
        let mut fields = order.fields.clone();
        fields.order_name = name.trim().to_string();
        fields.notification_emails = emails.trim().to_string();
        let names = self.other_order_names(id);
        let context = Context {
            today: self.ws.clock.today(),
            other_order_names: &names,
        };
        for field in [Field::OrderName, Field::NotificationEmails] {
            if let Some(error) = validate::check_field(&fields, field, &context).error {
                return Err(format!("{}: {error}", field.label()));
            }
        }
        if fields.order_name != order.fields.order_name {
            order.record(
                at,
                crate::domain::order::Actor::Administrator,
                format!(
                    "Renamed from {:?} to {:?}",
                    order.fields.order_name, fields.order_name
                ),
            );
        }
        if fields.notification_emails != order.fields.notification_emails {
            order.record(
                at,
                crate::domain::order::Actor::Administrator,
                "Notification emails changed",
            );
        }
        order.fields = fields;
        if self.save_order(order) {
            Ok("Saved.".into())
        } else {
            Err("the order could not be saved".into())
        }
    }

    /// The order's lock for one change from the details screen, or why it cannot be had.
    fn lock_for_change(&self, id: &str) -> Result<OrderLock, String> {
        if self.read_only.contains(id) {
            return Err(format!(
                "order {id} comes from a newer portwiz and cannot be changed here"
            ));
        }
        self.ws.lock_order(id).map_err(String::from)
    }

    fn cancel_order(&mut self, id: &str) {
        let _lock = match self.lock_for_change(id) {
            Ok(lock) => lock,
            Err(why) => return self.error(format!("Cannot cancel: {why}.")),
        };
        let now = self.ws.clock.now().timestamp();
        let Some(mut order) = self.load(id) else {
            return;
        };
        match lifecycle::request_cancellation(&mut order, now) {
            Ok(()) => {
                if self.save_order(order) {
                    self.info(
                        "Cancellation requested; the carrier confirms it in about a business day.",
                    );
                }
            }
            Err(reason) => self.error(format!("Cannot cancel: {reason}.")),
        }
    }

    fn delete_draft(&mut self, id: &str) {
        let Some(order) = self.load(id) else {
            return;
        };
        let lock = match self.ws.lock_order(id) {
            Ok(lock) => lock,
            Err(held) => {
                self.error(format!("Not deleted: {held}."));
                return;
            }
        };
        let deleted = self.ws.delete_order(&order);
        drop(lock);
        match deleted {
            Ok(()) => {
                self.orders.retain(|o| o.id != id);
                self.history.refresh(&self.orders);
                self.info(format!(
                    "Draft {} ({id}) deleted.",
                    strip_controls(&order.display_name())
                ));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn header_text(&self) -> (String, String) {
        let clock = format!(
            "{}: {}",
            self.ws.clock.label(),
            self.ws.clock.now().strftime("%a %Y-%m-%d %H:%M ET")
        );
        match &self.screen {
            Screen::History => ("portwiz · Port orders".into(), clock),
            Screen::Inventory => ("portwiz · The organization's numbers".into(), clock),
            Screen::Details(d) => (format!("portwiz · Order {}", d.id), clock),
            Screen::Wizard(w) => {
                let step = validate::step(w.step);
                let what = if w.update.is_some() { "Update · " } else { "" };
                (
                    format!("portwiz · {what}Step {} of 8 — {}", step.number, step.name),
                    format!("{} · {clock}", w.order.id),
                )
            }
        }
    }

    /// The help bar's hints and the key that opens help, from the keymap in force.
    fn current_hints(&self) -> (Vec<(&'static str, &'static str)>, &'static str) {
        match (&self.modal, &self.screen) {
            (Some(Modal::Help(h)), _) => (hints(help::KEYMAP, h), ""),
            (Some(Modal::Confirm(c)), _) => (hints(confirm::KEYMAP, c), ""),
            (Some(Modal::Calendar(p)), _) => (hints(calendar::KEYMAP, p), ""),
            (Some(Modal::Browser(b)), _) => (hints(file_browser::KEYMAP, b), ""),
            (Some(Modal::Prompt(p)), _) => (hints(prompt::KEYMAP, p), ""),
            (None, Screen::Inventory) => (
                hints(inventory::KEYMAP, &self.numbers),
                keymap::help_key(inventory::KEYMAP, &self.numbers),
            ),
            (None, Screen::History) => (
                hints(history::KEYMAP, &self.history),
                keymap::help_key(history::KEYMAP, &self.history),
            ),
            (None, Screen::Details(d)) => (
                hints(details::KEYMAP, d),
                keymap::help_key(details::KEYMAP, d),
            ),
            (None, Screen::Wizard(w)) => (
                hints(WizardState::keymap(), w),
                keymap::help_key(WizardState::keymap(), w),
            ),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let buf = frame.buffer_mut();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf, &self.theme);
            return;
        }
        let theme = &self.theme;
        let (left, right) = self.header_text();
        widgets::fill(buf, Rect { height: 1, ..area }, theme.header);
        put(buf, area.x + 1, area.y, area.width - 1, &left, theme.header);
        let right_width = unicode_width::UnicodeWidthStr::width(right.as_str()) as u16;
        let left_width = unicode_width::UnicodeWidthStr::width(left.as_str()) as u16;
        if left_width + right_width + 4 <= area.width {
            put(
                buf,
                area.right() - right_width - 1,
                area.y,
                right_width,
                &right,
                theme.header,
            );
        }
        // A notice takes the line above the help bar, or two when it needs them.
        let notice_lines: Vec<(String, ratatui::style::Style)> = match &self.notice {
            Some(notice) => {
                let (prefix, style) = match notice.tone {
                    Tone::Info => ("✓ ", theme.ok),
                    Tone::Error => ("✗ ", theme.error),
                };
                let mut lines = widgets::wrap(
                    &format!("{prefix}{}", notice.text),
                    usize::from(area.width - 2),
                    3,
                );
                if lines.len() > 2 {
                    lines.truncate(2);
                    lines[1] =
                        widgets::fit(&format!("{} …", lines[1]), usize::from(area.width - 2));
                }
                lines.into_iter().map(|l| (l, style)).collect()
            }
            None => Vec::new(),
        };
        let notice_height = notice_lines.len().max(1) as u16;
        let body = Rect {
            x: area.x + 1,
            y: area.y + 2,
            width: area.width - 2,
            height: area.height - 3 - notice_height,
        };
        let cursor = match &self.screen {
            Screen::Inventory => {
                inventory::render(&self.numbers, &self.ws.inventory, body, buf, theme)
            }
            Screen::History => history::render(
                &self.history,
                &self.orders,
                self.ws.network.description(),
                body,
                buf,
                theme,
            ),
            Screen::Details(state) => {
                details::render(state, &state.order, state.due, body, buf, theme);
                None
            }
            Screen::Wizard(w) => wizard::render(w, body, buf, theme),
        };
        for (i, (line, style)) in notice_lines.iter().enumerate() {
            let y = area.bottom() - 1 - notice_height + i as u16;
            put(buf, area.x + 1, y, area.width - 2, line, *style);
        }
        let (hints, help_key) = self.current_hints();
        help_bar::render(
            &hints,
            help_key,
            Rect {
                x: area.x + 1,
                y: area.bottom() - 1,
                width: area.width - 2,
                height: 1,
            },
            buf,
            theme,
        );
        let cursor = match &self.modal {
            Some(Modal::Help(h)) => {
                help::render(h, body, buf, theme);
                None
            }
            Some(Modal::Confirm(c)) => {
                confirm::render(c, body, buf, theme);
                None
            }
            Some(Modal::Calendar(p)) => {
                calendar::render(p, body, buf, theme);
                None
            }
            Some(Modal::Browser(b)) => {
                file_browser::render(b, body, buf, theme);
                None
            }
            Some(Modal::Prompt(p)) => prompt::render(p, body, buf, theme),
            None => cursor,
        };
        if let Some(position) = cursor {
            frame.set_cursor_position(position);
        }
    }
}

fn render_too_small(area: Rect, buf: &mut ratatui::buffer::Buffer, theme: &Theme) {
    let lines = [
        "Terminal too small".to_string(),
        format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        ),
        "Enlarge the window; your work is kept.".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + i as u16;
        if y < area.bottom() {
            put(
                buf,
                area.x,
                y,
                area.width,
                line,
                if i == 0 { theme.error } else { theme.base },
            );
        }
    }
}

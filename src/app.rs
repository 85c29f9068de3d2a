//! The application's router. It owns the workspace (store, carrier network, clock) and the screens:
//! each message goes to the popup in front, or else to the screen in front; the commands they give
//! back are carried out here, the only place that does I/O, saves or changes screens; and `render`
//! draws the chrome (header, notice, help bar) around what the screens draw of themselves.

use crate::carrier::CarrierNetwork;
use crate::clock::Clock;
use crate::domain::order::Order;
use crate::domain::status::Status;
use crate::files;
use crate::jobs::{Input, Jobs};
use crate::lifecycle;
use crate::store::{OrderLock, OrderSummary, Store};
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Component, Ctx, Reply};
use crate::ui::popups::confirm::Confirm;
use crate::ui::popups::prompt::{Prompt, PromptField, Purpose};
use crate::ui::screens::details::DetailsState;
use crate::ui::screens::history::HistoryState;
use crate::ui::screens::inventory::{InventoryState, PinState};
use crate::ui::screens::wizard::WizardState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{chrome, help_bar, put};
use crate::workspace::{StatusChange, Workspace};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::any::Any;
use std::collections::HashSet;
use std::sync::mpsc::Sender;
use std::time::Duration;

mod answers;
mod draft;

pub use crate::ui::widgets::chrome::{MIN_HEIGHT, MIN_WIDTH, Notice, Tone};

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
    ws: Workspace,
    theme: Theme,
    /// The order list: summaries; an order is read whole when it is opened.
    orders: Vec<OrderSummary>,
    /// Orders from a newer portwiz: shown, never changed.
    read_only: HashSet<String>,
    /// What the carrier network says of itself, asked once.
    network: String,
    /// The order list, then the screen shown over it, if any.
    screens: Vec<Box<dyn Component>>,
    popup: Option<Box<dyn Component>>,
    notice: Option<Notice>,
    quit: bool,
    /// The lock of the order open in the wizard, released when the wizard closes.
    editing: Option<OrderLock>,
    /// Background work, and the channel its results and the terminal's events arrive on.
    jobs: Jobs,
    /// Set when a quit found the draft could not be saved: the next quit goes without saving.
    unsaved_quit_warned: bool,
    /// Set when closing the wizard found the draft could not be saved: the next Esc closes it
    /// without saving (after a conflict, saving can never succeed from this copy).
    unsaved_close_warned: bool,
    /// Text to put on the terminal's clipboard, which the terminal loop writes out (OSC 52).
    clipboard: Option<String>,
    /// The terminal's size, once told: too small for the screens, no key reaches them.
    size: Option<(u16, u16)>,
}

/// What the components may read, from the router's fields (borrowed apart from the screens).
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            orders: &$app.orders,
            inventory: &$app.ws.inventory,
            pin: pin_state(&$app.ws),
            clock: &$app.ws.clock,
            clock_kept: $app.ws.clock_kept(),
            network: &$app.network,
        }
    };
}

fn pin_state(ws: &Workspace) -> PinState {
    match (ws.pin_problem(), ws.pin_is_set()) {
        (Some(_), _) => PinState::Unusable,
        (None, true) => PinState::Set,
        (None, false) => PinState::NotSet,
    }
}

impl App {
    pub fn new(
        store: Box<dyn Store>,
        network: Box<dyn CarrierNetwork>,
        clock: Clock,
        theme: Theme,
    ) -> App {
        App::on(Workspace::open(store, network, clock), theme)
    }

    /// The app on a workspace made beforehand (one with a fixed [`crate::machine::Machine`]).
    pub fn on(ws: Workspace, theme: Theme) -> App {
        let mut app = App {
            network: ws.network.description().to_string(),
            ws,
            theme,
            orders: Vec::new(),
            read_only: HashSet::new(),
            screens: vec![Box::new(HistoryState::default())],
            popup: None,
            notice: None,
            quit: false,
            unsaved_quit_warned: false,
            unsaved_close_warned: false,
            editing: None,
            jobs: Jobs::default(),
            clipboard: None,
            size: None,
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

    // ---- what tests and benchmarks may look at ----

    pub fn orders(&self) -> &[OrderSummary] {
        &self.orders
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn dismiss_notice(&mut self) {
        self.notice = None;
    }

    pub fn has_quit(&self) -> bool {
        self.quit
    }

    /// The screen of type `T` in the stack (the one in front first).
    pub fn screen<T: Component>(&self) -> Option<&T> {
        let mut screens = self.screens.iter().rev();
        screens.find_map(|s| (s.as_ref() as &dyn Any).downcast_ref())
    }

    pub fn wizard(&self) -> Option<&WizardState> {
        let front: &dyn Any = self.screens.last()?.as_ref();
        front.downcast_ref()
    }

    /// The open popup, when it is a `T`.
    pub fn popup<T: Component>(&self) -> Option<&T> {
        (self.popup.as_deref()? as &dyn Any).downcast_ref()
    }

    pub fn has_popup(&self) -> bool {
        self.popup.is_some()
    }

    /// What is to be put on the terminal's clipboard, once: the terminal loop writes it out.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// Shows a screen in place of the current one (the order list stays underneath).
    pub fn show(&mut self, screen: Box<dyn Component>) {
        self.screens.truncate(1);
        self.screens.push(screen);
        self.broadcast_refresh();
    }

    // ---- messages ----

    /// Where the terminal's events are to be sent.
    pub fn inputs(&self) -> Sender<Input> {
        self.jobs.sender()
    }

    /// The next input (a terminal event or a job's result), waiting at most `timeout`.
    pub fn next_input(&mut self, timeout: Duration) -> Option<Input> {
        self.jobs.next(timeout)
    }

    /// The next input already there.
    pub fn ready_input(&mut self) -> Option<Input> {
        self.jobs.ready()
    }

    /// A background job's result: for the screen in front, which asked for it.
    pub fn job_done(&mut self, reply: Reply) {
        self.tell_screen(reply);
    }

    /// Waits for every background job and takes in its result (tests and benchmarks, which have
    /// no event loop).
    pub fn settle(&mut self) {
        while let Some(input) = self.jobs.wait() {
            match input {
                Input::Terminal(event) => self.handle_event(event),
                Input::Done(reply) => self.job_done(reply),
                Input::TerminalFailed(_) => {}
            }
        }
    }

    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Resize(width, height) => self.size = Some((width, height)),
            Event::Key(key) if key.kind != KeyEventKind::Release => self.update(Msg::Key(key)),
            Event::Paste(text) => self.update(Msg::Paste(text)),
            _ => {}
        }
    }

    /// Whether the terminal is too small for the screens: only the too-small page shows, and
    /// only Ctrl-C (save and quit) acts, as that page says.
    fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(width, height)| !chrome::fits(Rect::new(0, 0, width, height)))
    }

    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Quit => self.quit_session(),
            // After a quit the draft was saved (or the administrator chose to leave it): no more writes.
            Msg::Autosave if self.quit => {}
            Msg::Autosave => self.autosave(),
            Msg::Key(key)
                if key.code == KeyCode::Char('c')
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                self.quit_session()
            }
            // Behind the too-small page nothing may change unseen.
            Msg::Paste(_) | Msg::Key(_) if self.too_small() => {}
            Msg::Paste(text) => self.dispatch(component::Msg::Paste(text)),
            Msg::Key(key) => {
                self.notice = None;
                self.dispatch(component::Msg::Key(key));
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
        if self.screen::<InventoryState>().is_some() {
            self.refresh_numbers();
        }
        self.reopen_shown();
        true
    }

    /// Hands a message to the popup in front, or else to the screen in front.
    fn dispatch(&mut self, msg: component::Msg) {
        let ctx = ctx!(self);
        let commands = match &mut self.popup {
            Some(popup) => popup.update(msg, &ctx),
            None => self
                .screens
                .last_mut()
                .expect("the order list")
                .update(msg, &ctx),
        };
        commands.into_iter().for_each(|c| self.run(c));
    }

    /// Hands a reply to the screen in front, past any popup (the answer to what it asked).
    fn tell_screen(&mut self, reply: Reply) {
        let ctx = ctx!(self);
        let screen = self.screens.last_mut().expect("the order list");
        let commands = screen.update(component::Msg::Reply(reply), &ctx);
        commands.into_iter().for_each(|c| self.run(c));
    }

    /// The shared model changed: every screen works out its view of it again.
    fn broadcast_refresh(&mut self) {
        let ctx = ctx!(self);
        for screen in &mut self.screens {
            screen.update(component::Msg::Refreshed, &ctx);
        }
    }

    fn run(&mut self, command: Command) {
        match command {
            Command::Info(text) => self.info(text),
            Command::Error(text) => self.error(text),
            Command::Popup(popup) => self.popup = Some(popup),
            Command::ClosePopup => self.popup = None,
            Command::Show(screen) => self.show(screen),
            Command::Home(select) => self.home(select),
            Command::Tell(reply) => self.dispatch(component::Msg::Reply(reply)),
            Command::Quit => self.quit_session(),
            Command::OpenOrder(id) => match self.load(&id) {
                Some(order) if order.status == Status::Draft => self.open_wizard(order, None),
                Some(order) => self.show_details(order),
                None => {}
            },
            Command::EditOrder(id) => {
                if let Some(order) = self.load(&id) {
                    self.open_wizard(order, None);
                }
            }
            Command::NewOrder => match self.ws.new_draft() {
                Ok((order, reserved)) => self.open_wizard(order, Some(reserved)),
                Err(e) => self.error(e.to_string()),
            },
            Command::ShowNumbers => {
                self.show(Box::new(InventoryState::default()));
                self.refresh_numbers();
            }
            Command::AskDeleteDraft(id) => self.ask_delete_draft(&id),
            Command::DeleteDraft(id) => self.delete_draft(&id),
            Command::CancelOrder(id) => {
                let cancel = |order: &mut Order, at: &jiff::Zoned| {
                    lifecycle::request_cancellation(order, at.timestamp())
                        .map(|()| strings::CANCEL_REQUESTED.to_string())
                };
                match self.change_order(&id, cancel) {
                    Ok(message) => self.info(message),
                    Err(why) => self.error(strings::cannot_cancel(&why)),
                }
            }
            Command::WithdrawSignature(id) => {
                let withdraw = |order: &mut Order, at: &jiff::Zoned| {
                    lifecycle::withdraw_signature(order, at.timestamp()).map(|()| {
                        strings::withdrawn(&strip_controls(&order.display_name()), &order.id)
                    })
                };
                match self.change_order(&id, withdraw) {
                    Ok(message) => self.info(message),
                    Err(why) => self.error(why),
                }
            }
            Command::CloneOrder(order) => self.clone_order(&order),
            Command::Unassign(number) => match self.ws.unassign(&number) {
                Ok(()) => {
                    self.refresh_numbers();
                    self.info(strings::unassigned(&number.national()));
                }
                Err(e) => self.error(e),
            },
            Command::AskRelease(number) => {
                let code = self.ws.confirmation_code();
                self.popup = Some(Box::new(Prompt::new(
                    Purpose::Release {
                        number: number.clone(),
                        code: code.clone(),
                    },
                    &strings::release_title(&number.national()),
                    &strings::release_note(&code),
                    vec![PromptField::text(strings::RELEASE_FIELD, "")],
                )));
            }
            Command::Answer(purpose, answers) => self.answer(purpose, &answers),
            Command::Copy { text, what } => {
                self.clipboard = Some(text);
                self.info(what);
            }
            Command::ListFolder { dir, extension } => {
                let entries = files::list(&dir, extension);
                self.dispatch(component::Msg::Reply(Reply::Folder { dir, entries }));
            }
            Command::Draft(draft) => self.run_draft(draft),
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        let (text, tone) = (text.into(), Tone::Info);
        self.notice = Some(Notice { text, tone });
    }

    fn error(&mut self, text: impl Into<String>) {
        let (text, tone) = (text.into(), Tone::Error);
        self.notice = Some(Notice { text, tone });
    }

    // ---- the order list ----

    /// Reads the orders again from disk (other sessions may have changed them).
    fn reload_orders(&mut self) {
        let loaded = match self.ws.list() {
            Ok(loaded) => loaded,
            Err(e) => return self.error(e.to_string()),
        };
        let report = loaded.report();
        if let Some(first) = report.first() {
            let text = strings::listing_trouble(first, report.len() - 1);
            if loaded.has_trouble() {
                self.error(text);
            } else {
                self.info(text);
            }
        }
        self.read_only = loaded.read_only().into_iter().collect();
        self.orders = loaded.orders;
        self.broadcast_refresh();
    }

    /// Back to the order list; read again, with the selection on `select`, when it is named.
    fn home(&mut self, select: Option<String>) {
        self.screens.truncate(1);
        if let Some(id) = select {
            self.reload_orders();
            self.tell_screen(Reply::Select(id));
        }
    }

    /// Reads one order whole from the store; what went wrong is shown.
    fn load(&mut self, id: &str) -> Option<Order> {
        self.ws
            .order(id)
            .map_err(|e| self.error(e.to_string()))
            .ok()
    }

    /// Puts a changed order in the list, and on the screen showing it.
    fn store_in_list(&mut self, order: Order) {
        self.put_in_list(OrderSummary::of(&order, false));
        self.broadcast_refresh();
        self.show_again(order);
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

    /// Asks to confirm deleting a draft, naming what goes with it (the copy of its LOA, if any).
    fn ask_delete_draft(&mut self, id: &str) {
        let Some(order) = self.load(id) else { return };
        let name = strip_controls(&order.display_name());
        let loa = (order.fields.loa.as_ref()).map(|l| strip_controls(&l.original_name));
        self.popup = Some(Box::new(Confirm::new(
            strings::DELETE_TITLE,
            strings::delete_body(&name, id, loa.as_deref()),
            strings::DELETE,
            strings::KEEP_IT,
            Command::DeleteDraft(id.to_string()),
        )));
    }

    fn delete_draft(&mut self, id: &str) {
        match self.ws.delete_draft(id) {
            Ok(order) => {
                self.orders.retain(|o| o.id != id);
                self.broadcast_refresh();
                let name = strip_controls(&order.display_name());
                self.info(strings::deleted(&name, id));
            }
            Err(e) => self.error(e),
        }
    }

    fn report_changes(&mut self, changes: &[StatusChange]) {
        self.notice = Some(Notice::clock_moved(&self.ws.clock.now(), changes));
    }

    // ---- order details ----

    fn show_details(&mut self, order: Order) {
        let due = lifecycle::next_due(&order, self.ws.network.as_ref());
        let read_only = self.read_only.contains(&order.id);
        let now = self.ws.clock.now().timestamp();
        self.show(Box::new(DetailsState::new(order, due, read_only, now)));
    }

    fn open_details(&mut self, id: &str) {
        if let Some(order) = self.load(id) {
            self.show_details(order);
        }
    }

    /// A newer version of an order, for the screen that shows it.
    fn show_again(&mut self, order: Order) {
        let front = self.screens.last().and_then(|s| s.showing());
        if front == Some(order.id.as_str()) {
            let due = lifecycle::next_due(&order, self.ws.network.as_ref());
            self.tell_screen(Reply::Order(Box::new(order), due));
        }
    }

    /// The order shown is read again: the clock or another session may have changed it.
    fn reopen_shown(&mut self) {
        let shown = self
            .screens
            .last()
            .and_then(|s| s.showing())
            .map(str::to_string);
        if let Some(order) = shown.and_then(|id| self.load(&id)) {
            self.show_again(order);
        }
    }

    /// One change of a stored order from the details screen (never of one from a newer portwiz).
    fn change_order(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Order, &jiff::Zoned) -> Result<String, String>,
    ) -> Result<String, String> {
        if self.read_only.contains(id) {
            return Err(strings::newer_portwiz_change(id));
        }
        let (order, message) = self.ws.change_order(id, change)?;
        self.store_in_list(order);
        Ok(message)
    }

    fn clone_order(&mut self, order: &Order) {
        match self.ws.clone_canceled(order) {
            Ok((draft, reserved)) => {
                self.info(strings::cloned(&draft.id, &order.id));
                self.store_in_list(draft.clone());
                self.open_wizard(draft, Some(reserved));
            }
            Err(e) => self.error(e),
        }
    }

    // ---- the organization's numbers ----

    /// Reads the organization's numbers (once) and works out the numbers screen's view of them.
    fn refresh_numbers(&mut self) {
        self.ws.read_inventory();
        if let Some(error) = self.ws.inventory_error.clone() {
            self.error(strings::inventory_unreadable(&error));
        } else if let Some(problem) = self.ws.pin_problem().map(str::to_string) {
            self.error(strings::pin_unusable(&problem));
        }
        self.broadcast_refresh();
    }

    // ---- drawing ----

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let (buf, theme) = (frame.buffer_mut(), &self.theme);
        if !chrome::fits(area) {
            return chrome::too_small(area, buf, theme);
        }
        let ctx = ctx!(self);
        let screen = self.screens.last().expect("the order list");
        let title = screen.title(&ctx);
        let now = self.ws.clock.now();
        let clocks = [
            strings::clock(self.ws.clock.label(), &now),
            strings::clock_short(self.ws.clock.kind(), &now),
        ];
        let plain = clocks.map(|clock| match &title.before_clock {
            Some(before) => format!("{before} · {clock}"),
            None => clock,
        });
        // A team's store is named, in full where that fits: which store a change goes to matters.
        // The header takes the first of these forms that leaves the title whole, else the last.
        let stores = self
            .ws
            .shared_store()
            .map(|short| [self.ws.describe_store(), short]);
        let right: Vec<String> = (stores.iter().flatten())
            .flat_map(|store| plain.iter().map(move |r| format!("{store} · {r}")))
            .chain(plain.iter().cloned())
            .collect();
        chrome::header(&title.left, &right, area, buf, theme);
        let notice = chrome::notice_lines(self.notice.as_ref(), usize::from(area.width - 2), theme);
        let notice_height = notice.len().max(1) as u16;
        let body = Rect::new(
            area.x + 1,
            area.y + 2,
            area.width - 2,
            area.height - 3 - notice_height,
        );
        let mut cursor = screen.render(&ctx, body, buf, theme);
        for (i, (line, style)) in notice.iter().enumerate() {
            let y = area.bottom() - 1 - notice_height + i as u16;
            put(buf, area.x + 1, y, area.width - 2, line, *style);
        }
        let front = self.popup.as_deref().unwrap_or(screen.as_ref());
        let bar = Rect::new(area.x + 1, area.bottom() - 1, area.width - 2, 1);
        help_bar::render(&front.hints(), front.help_key(), bar, buf, theme);
        if let Some(popup) = &self.popup {
            cursor = popup.render(&ctx, body, buf, theme);
        }
        if let Some(position) = cursor {
            frame.set_cursor_position(position);
        }
    }
}

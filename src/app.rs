//! The application's router. It owns the workspace (store, carrier network, clock) and the screens:
//! each message goes to the popup in front, or else to the screen in front; the commands they give
//! back are carried out here, the only place that does I/O, saves or changes screens; and `render`
//! draws the chrome (header, notice, help bar) around what the screens draw of themselves.

use crate::carrier::CarrierNetwork;
use crate::clock::Clock;
use crate::files;
use crate::jobs::{Done, Input, Jobs};
use crate::store::{OrderLock, OrderSummary, Store};
use crate::strings;
use crate::ui::component::{self, Command, Component, Ctx, Reply, Step, Task};
use crate::ui::screens::history::HistoryState;
use crate::ui::screens::inventory::{InventoryState, PinState};
use crate::ui::screens::wizard::WizardState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{chrome, help_bar, put};
use crate::workspace::Workspace;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::any::Any;
use std::collections::HashSet;
use std::sync::mpsc::Sender;
use std::time::Duration;

mod answers;
mod draft;
mod numbers;
mod orders;

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
    /// The draft shown read-only because another session holds its lock: told when it is free.
    held_elsewhere: Option<String>,
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
            held_elsewhere: None,
            editing: None,
            jobs: Jobs::default(),
            clipboard: None,
            size: None,
        };
        if let Some(latest) = app.ws.clock_started_at_event() {
            app.info(strings::clock_started_at_event(latest));
        }
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

    /// A background job's result: a reply for the screen in front, which asked for it, or the
    /// next step of its task.
    pub fn job_done(&mut self, done: Done) {
        match done {
            Done::Reply(reply) => self.tell_screen(reply),
            Done::Next(task) => self.perform(task),
        }
    }

    /// Runs a step of a screen's task: its reply goes back to the screen, its slow work to the
    /// job thread.
    fn perform(&mut self, task: Task) {
        match task.run(&mut self.ws) {
            Step::Reply(reply) => self.tell_screen(reply),
            Step::Background(work) => self.jobs.run_then(work),
        }
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
        let freed = self.notice_lock_freed();
        if self.quit || !self.ws.changed_elsewhere() {
            return freed;
        }
        self.reload_orders();
        if self.screen::<InventoryState>().is_some() {
            self.refresh_numbers();
        }
        self.reopen_shown();
        true
    }

    /// Whether the draft shown read-only for another session's lock is free now (that session
    /// closed it, or ended, even killed): the read-only notice then gives way to how to edit it.
    fn notice_lock_freed(&mut self) -> bool {
        let Some(id) = self.held_elsewhere.take() else {
            return false;
        };
        let shown = self.screens.last().and_then(|s| s.showing());
        if self.quit || shown != Some(id.as_str()) {
            // Left: the notice no longer speaks of what is in front.
            return false;
        }
        // Taken and given back at once: only a free lock can be taken.
        if self.popup.is_some() || self.ws.lock_order(&id).is_err() {
            self.held_elsewhere = Some(id);
            return false;
        }
        self.info(strings::free_again(&id));
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

    /// The shared model changed: every screen works out its view of it again, and what it asks
    /// then is done.
    fn broadcast_refresh(&mut self) {
        let ctx = ctx!(self);
        let commands: Vec<Command> = (self.screens.iter_mut())
            .flat_map(|screen| screen.update(component::Msg::Refreshed, &ctx))
            .collect();
        commands.into_iter().for_each(|c| self.run(c));
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
            Command::OpenOrder(id) => self.open_order(&id),
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
            Command::CancelOrder(id) => self.cancel_order(&id),
            Command::WithdrawSignature(id) => self.withdraw_signature(&id),
            Command::ShowDocuments(details) => self.show_documents(*details),
            Command::ReadText {
                stored_name,
                pages,
                bytes,
            } => self.read_text(stored_name, pages, bytes),
            Command::CloneOrder(order) => self.clone_order(&order),
            Command::Unassign(number) => self.unassign(&number),
            Command::AskRelease(number) => self.ask_release(number),
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
            Command::Perform(task) => self.perform(task),
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

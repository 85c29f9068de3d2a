//! The contract between the router (`App`) and each screen or popup. A component owns its state,
//! turns messages into new state and a list of [`Command`]s (what only the router may do: I/O,
//! saves, opening and closing screens), and draws itself from its state and the shared, read-only
//! [`Ctx`] without asking anything of the disk or the carrier.
//!
//! A screen implements [`Screen`]: its keymap table (which decides what a key does and writes the
//! help bar), what each action does, how it draws and its title. Every `Screen` is a [`Component`].

use crate::clock::Clock;
use crate::domain::inventory::Inventory;
use crate::domain::order::{LoaDocument, Order, OrderFields, PortGroup};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::validate::Problem;
use crate::lifecycle::Due;
use crate::loa::documents::{Pages, Text};
use crate::store::OrderSummary;
use crate::ui::keymap::{self, Binding};
use crate::ui::popups::file_browser::Entry;
use crate::ui::popups::prompt::{Answers, Purpose};
use crate::ui::screens::details::DetailsState;
use crate::ui::screens::inventory::PinState;
use crate::ui::screens::wizard::{Input, NumbersCheck};
use crate::ui::theme::Theme;
use crate::workspace::Workspace;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use std::any::Any;
use std::path::PathBuf;
use std::sync::Arc;

/// What every component may read: the router's model, never the disk.
pub struct Ctx<'a> {
    /// The order list, as last read from the store.
    pub orders: &'a [OrderSummary],
    /// The organization's numbers, as last read or written.
    pub inventory: &'a Inventory,
    pub pin: PinState,
    /// The simulated or fixed clock (a value: reading it is not asking the system).
    pub clock: &'a Clock,
    /// Whether the store keeps the simulated clock; until its first move, each start takes the
    /// real time again.
    pub clock_kept: bool,
    /// What the carrier network says of itself, asked once when the app opened.
    pub network: &'a str,
}

/// What a component is told.
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// The shared model (orders, numbers) changed: views of it are worked out again.
    Refreshed,
    /// The answer to a command this component gave, or a background job's result.
    Reply(Reply),
}

/// Answers the router gives back to the component that asked.
pub enum Reply {
    /// A popup's answer was refused: it stays open, saying why, under the field (by its place
    /// in the popup) the refusal is about, if it is about one; that field then holds `proposed`,
    /// if there is a value to propose instead (a free file name). After a conflict, `purpose` is
    /// what the next answer is for (the values it opened with, as now stored).
    Refused {
        field: Option<usize>,
        why: String,
        proposed: Option<String>,
        purpose: Option<Purpose>,
    },
    /// A folder's entries, for the file browser.
    Folder {
        dir: PathBuf,
        entries: Result<Vec<Entry>, String>,
    },
    /// A popup chose a value for an input of the screen beneath.
    Picked { into: Input, value: String },
    /// The portability check of the numbers as typed when check `seq` was asked for.
    NumbersChecked(u64, Box<NumbersCheck>),
    /// What only the router can check before submitting (network, other orders).
    Presubmit(Vec<Problem>),
    /// The LOA was checked and copied, or why not.
    LoaAttached(Result<LoaDocument, String>),
    /// What became of the LOA generated to be signed: where it is, or why there is none.
    LoaGenerated(Result<String, String>),
    /// The rows of a numbers CSV to import (`shown` is its name for messages), or why none are.
    CsvImported {
        shown: String,
        rows: Result<crate::numbers_file::CsvImport, String>,
    },
    /// A newer version of the order shown, and when its next event falls due.
    Order(Box<Order>, Option<(Timestamp, Due)>),
    /// Puts the selection of a list on this order.
    Select(String),
    /// What a [`Task`] the component gave found, in a type of the component's own (which it
    /// takes back with a downcast): the router reads none of it.
    Performed(Box<dyn Any + Send>),
    /// The text of `pages` of the stored document `stored_name`, or why it cannot be shown.
    DocumentText {
        stored_name: String,
        pages: Pages,
        text: Result<Text, String>,
    },
}

/// What a component asks the router to do.
pub enum Command {
    Info(String),
    Error(String),
    /// Opens a popup over the screen; it takes every key until it closes.
    Popup(Box<dyn Component>),
    ClosePopup,
    /// Shows a screen in place of the current one (the order list stays underneath).
    Show(Box<dyn Component>),
    /// Back to the order list, read again and with this order selected when one is named.
    Home(Option<String>),
    /// Passes a reply to the popup, or to the screen when no popup is open.
    Tell(Reply),
    Quit,
    /// Opens an order: a draft in the wizard, any other on its details page.
    OpenOrder(String),
    /// Opens an order in the wizard to update it.
    EditOrder(String),
    NewOrder,
    ShowNumbers,
    /// Asks to confirm deleting a draft (the router reads what goes with it).
    AskDeleteDraft(String),
    DeleteDraft(String),
    CancelOrder(String),
    /// Withdraws an order's request for signature: it is a draft again.
    WithdrawSignature(String),
    /// Reads which of the order's documents the store has and lists them; Esc there goes back
    /// to this details page.
    ShowDocuments(Box<DetailsState>),
    /// Reads the text of `pages` of a document (in the background: a PDF may take a while).
    ReadText {
        stored_name: String,
        pages: Pages,
        bytes: Arc<[u8]>,
    },
    CloneOrder(Box<Order>),
    Unassign(PhoneNumber),
    /// Asks to confirm a release with a fresh code.
    AskRelease(PhoneNumber),
    /// A prompt was confirmed.
    Answer(Purpose, Answers),
    /// Lists a folder for the file browser.
    ListFolder {
        dir: PathBuf,
        extension: &'static str,
    },
    /// What the wizard asks for its draft.
    Draft(DraftCommand),
    /// Puts `text` on the terminal's clipboard; `what` tells the administrator what was copied.
    Copy {
        text: String,
        what: String,
    },
    /// Runs a task of the component's own with the workspace (it may go on in the background).
    Perform(Task),
}

/// Work a component hands the router without the router knowing what it is (as iced's `Task` or
/// Elm's `Cmd`): each step runs on the router's thread with the workspace, and either ends with a
/// reply for the screen or leaves work for the job thread, whose result is the next step.
pub struct Task(Box<dyn FnOnce(&mut Workspace) -> Step + Send>);

/// How a step of a [`Task`] ends.
pub enum Step {
    /// Done: the reply goes to the screen in front (the one that asked).
    Reply(Reply),
    /// Slow work (a carrier's answer) for the job thread; what it returns is the next step.
    Background(Box<dyn FnOnce() -> Task + Send>),
}

impl Task {
    pub fn new(step: impl FnOnce(&mut Workspace) -> Step + Send + 'static) -> Task {
        Task(Box::new(step))
    }

    /// Runs this step (the router does, on its own thread).
    pub fn run(self, ws: &mut Workspace) -> Step {
        (self.0)(ws)
    }
}

/// What the wizard asks the router to do for the draft it edits.
pub enum DraftCommand {
    /// The wizard's numbers or country changed: check them against the network.
    CheckNumbers {
        order_id: String,
        text: String,
        country: Option<Country>,
        /// Which check this is: only the latest one's result is taken.
        seq: u64,
    },
    /// Checks the signed LOA at `path` against the order's values as they are now, and keeps it.
    AttachLoa {
        order_id: String,
        current: Box<OrderFields>,
        path: String,
    },
    /// Generates the order's LOA to be signed (Ctrl-G on the Documents step).
    GenerateLoa(Box<Order>),
    ImportCsv {
        path: String,
        country: Option<Country>,
    },
    /// Opens the file browser for an input, near the path it holds.
    Browse {
        into: Input,
        near: String,
    },
    /// The review was entered: run the checks that need the network and the other orders.
    Presubmit,
    /// Submit was pressed: check once more, then ask to confirm.
    ConfirmSubmit,
    Submit,
    /// Send for e-signature was pressed: check once more, then ask for the signer's email.
    AskSignature,
    /// Starts the other groups of the numbers as drafts of their own.
    StartDrafts {
        groups: Vec<PortGroup>,
        country: Option<Country>,
    },
    /// Esc: save and close the wizard.
    Close,
}

/// The header's two ends: what the screen is, and what goes before the clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    pub left: String,
    pub before_clock: Option<String>,
}

/// What the router knows of a component.
pub trait Component: Any {
    fn update(&mut self, msg: Msg, ctx: &Ctx) -> Vec<Command>;
    /// Draws into `area`; returns where the caret is, if a field has the focus.
    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position>;
    fn title(&self, ctx: &Ctx) -> Title;
    /// The help bar's hints, from the keymap in force.
    fn hints(&self) -> Vec<(&'static str, &'static str)>;
    /// The key that opens help here, or "" where the help bar names none (a popup).
    fn help_key(&self) -> &'static str;
    /// The stored order this component shows, which the router reads again when it changes.
    fn showing(&self) -> Option<&str>;
}

/// A screen or popup: a keymap and what its actions do.
pub trait Screen: Sized + 'static {
    type Action: Copy;
    /// Popups name no help key in the help bar.
    const POPUP: bool = false;

    fn keymap() -> &'static [Binding<Self, Self::Action>];
    /// A key of the keymap; `key` is the key that triggered it.
    fn act(&mut self, action: Self::Action, key: &KeyEvent, ctx: &Ctx) -> Vec<Command>;
    /// A key the keymap does not bind (typing into a field).
    fn typed(&mut self, _key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    fn pasted(&mut self, _text: &str, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    fn told(&mut self, _reply: Reply, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The shared model changed (or the screen was just shown): what the screen asks then.
    fn refreshed(&mut self, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The help bar's hints: those of the keymap in force, unless the screen adds others.
    fn help_bar(&self) -> Vec<(&'static str, &'static str)> {
        keymap::hints(Self::keymap(), self)
    }
    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position>;
    fn heading(&self, _ctx: &Ctx) -> Title {
        Title::default()
    }
    fn shown_order(&self) -> Option<&str> {
        None
    }
}

impl<S: Screen> Component for S {
    fn update(&mut self, msg: Msg, ctx: &Ctx) -> Vec<Command> {
        match msg {
            Msg::Key(key) => match keymap::lookup(S::keymap(), self, &key) {
                Some(action) => self.act(action, &key, ctx),
                None => self.typed(key, ctx),
            },
            Msg::Paste(text) => self.pasted(&text, ctx),
            Msg::Reply(reply) => self.told(reply, ctx),
            Msg::Refreshed => self.refreshed(ctx),
        }
    }

    fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        self.draw(ctx, area, buf, theme)
    }

    fn title(&self, ctx: &Ctx) -> Title {
        self.heading(ctx)
    }

    fn hints(&self) -> Vec<(&'static str, &'static str)> {
        self.help_bar()
    }

    fn help_key(&self) -> &'static str {
        if S::POPUP {
            ""
        } else {
            keymap::help_key(S::keymap(), self)
        }
    }

    fn showing(&self) -> Option<&str> {
        self.shown_order()
    }
}

/// The help popup for a screen: every key its keymap binds in its present state.
pub fn help<S: Screen>(screen: &S, title: &str) -> Command {
    help_with(screen, title, &[])
}

/// The help popup with more lines after the keymap's (the editing keys of a text field).
pub fn help_with<S: Screen>(
    screen: &S,
    title: &str,
    more: &[(&'static str, &'static str)],
) -> Command {
    let mut lines = keymap::help_lines(S::keymap(), screen);
    lines.extend_from_slice(more);
    Command::Popup(Box::new(crate::ui::popups::help::Help::new(title, lines)))
}

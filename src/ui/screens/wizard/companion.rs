//! The wizard's companion slot: a record the wizard shows beside its form and checks the order
//! against (the losing carrier's record of the account is the first). The wizard never names
//! one: it asks each companion for its keys (from the companion's own keymap, looked up against
//! [`At`], so that its hints cannot disagree with its keys), what the carrier would reject by it,
//! its word beside each field, its lines under a step's fields and in the review, and hands it
//! what its tasks found. What a companion wants done comes back as [`Ask`]s, which the wizard
//! carries out as it does its own: a command for the router, a field filled in as an edit of it,
//! a note under a field. The companions are listed in `companions::registered`, the one place a
//! new one is added.

use super::Note;
use crate::domain::order::{Order, OrderFields};
use crate::domain::validate::{Field, Problem};
use crate::ui::component::{Command, Ctx};
use crate::ui::theme::Theme;
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::Style;
use std::any::Any;

/// The width of the wizard's body from which a companion stands in a column beside the fields (a
/// terminal of 120 columns); narrower, each field may show it on a line of its own.
pub const COLUMN_MIN_WIDTH: u16 = 118;

/// The columns the form keeps on the left when a companion has its column.
pub const FORM_WIDTH: u16 = 82;

/// Where the wizard stands, as a companion sees it: what its keymap's conditions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub step: u8,
    pub focused: Option<Field>,
    /// On a step of the order's fields (not the review).
    pub editing: bool,
    /// Updating a rejected order.
    pub update: bool,
}

/// Where a companion's word on each field of a step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// Not beside each field: what it would reject is said under the field.
    Nowhere,
    /// In a column on the right (a wide terminal).
    Column,
    /// On a line under each field (a narrow terminal).
    Line,
}

/// What a companion asks the wizard to do.
pub enum Ask {
    /// What only the router can do.
    Command(Command),
    /// Puts `value` into `field` as an edit of the field (Ctrl-Z takes it back).
    Fill { field: Field, value: String },
    /// A note under a field, until the field changes.
    Note { field: Field, note: Note },
}

/// A record the wizard shows beside its form and checks the order against.
pub trait Companion: Any {
    /// What it is called where the wizard names the source of a problem.
    fn name(&self) -> &'static str;

    /// Its keys' hints for the help bar, where the wizard stands.
    fn hints(&self, at: At) -> Vec<(&'static str, &'static str)>;

    /// Its keys for the help overlay, where the wizard stands.
    fn help_lines(&self, at: At) -> Vec<(&'static str, &'static str)>;

    /// A key the wizard's own keymap does not bind: what it asks, or `None` when the companion
    /// does not bind it here either.
    fn key(&mut self, key: &KeyEvent, at: At, order: &Order) -> Option<Vec<Ask>>;

    /// The wizard opened, or what it may read changed (the clock moved, the store changed).
    fn refreshed(&mut self, order: &Order, ctx: &Ctx) -> Vec<Ask>;

    /// A task's result: taken when it is the companion's own, else given back.
    fn told(
        &mut self,
        message: Box<dyn Any + Send>,
        order: &Order,
    ) -> Result<Vec<Ask>, Box<dyn Any + Send>>;

    /// What the carrier would reject the order for, by this record, each on its step and field.
    fn problems(&self, fields: &OrderFields) -> Vec<Problem>;

    /// What the carrier may reject the order for by this record, or what it says to do first,
    /// that does not stop a submission, each on its step and field.
    fn warnings(&self, fields: &OrderFields) -> Vec<Problem>;

    /// The fields this record judges, confirming or contradicting their values: the review need
    /// not call them unknowable.
    fn judged(&self, fields: &OrderFields) -> Vec<Field>;

    /// Where its word on the fields of the step shows, in a body `width` wide.
    fn placement(&self, at: At, width: u16) -> Beside;

    /// Whether its view was turned from how it shows by default (the wizard keeps it with the
    /// draft, under the companion's name).
    fn toggled(&self) -> bool;

    /// Turns its view as the draft was left.
    fn set_toggled(&mut self, toggled: bool);

    /// The heading of its column.
    fn heading(&self) -> String;

    /// Its word on one field (its value and how the order's stands against it), if it has one.
    fn beside(&self, fields: &OrderFields, field: Field, theme: &Theme) -> Option<(String, Style)>;

    /// Its lines under the fields of the step.
    fn under_step(&self, at: At, fields: &OrderFields, theme: &Theme) -> Vec<(String, Style)>;

    /// Its lines in the review, after the pre-submit check.
    fn review(&self, fields: &OrderFields, theme: &Theme) -> Vec<(String, Style)>;
}

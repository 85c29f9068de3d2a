//! The port-in wizard (SPEC §3): eight steps over one draft order. This module holds the wizard's
//! state, its keymap and its pure state changes; anything that touches files or the carrier network
//! is handed back to the app as an [`Effect`].

pub mod companion;
pub mod companions;
mod render;
pub mod steps;

pub use render::render;

pub use crate::carrier::NumbersCheck;
use crate::domain::inventory::Usage;
use crate::domain::order::{Order, OrderFields, PortType, Status};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::rejection::{self, RejectionCategory};
use crate::domain::validate::{
    self, Check, Context, Field, Problem, normalize_account_number, replacement_btn_applies,
    time_window,
};
use crate::domain::{address, calendar::TimeWindow, fields, limits};
use crate::numbers_file::CsvImport;
use crate::strings;
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, DraftCommand, Reply, Screen, Title};
use crate::ui::keymap::{self, Binding, Key, always, ch, ctrl, plain};
use crate::ui::popups::calendar::CalendarPicker;
use crate::ui::widgets::stepper::Mark;
use crate::ui::widgets::text_field::{Edit, FieldKind, TextField};
use companion::{Ask, At, Companion};
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use std::any::Any;
use std::collections::{HashMap, HashSet};

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text(FieldKind),
    Choice,
    Groups,
    /// Each number of the chosen group with its usage.
    Usages,
    ReadOnly,
}

pub fn control(field: Field, fields: &OrderFields) -> Control {
    match field {
        Field::Country | Field::PortType => Control::Choice,
        Field::Group => Control::Groups,
        Field::Usage => Control::Usages,
        Field::Numbers => Control::Text(FieldKind::MultiLine),
        Field::AccountPin => Control::Text(FieldKind::Secret),
        Field::CurrentProvider | Field::ServiceCountry => Control::ReadOnly,
        Field::PortTime if matches!(time_window(fields), Some(TimeWindow::Fixed(_))) => {
            Control::ReadOnly
        }
        _ => Control::Text(FieldKind::SingleLine),
    }
}

/// The options of a choice field, as (label, value) pairs.
pub fn choices(field: Field) -> &'static [&'static str] {
    match field {
        Field::Country => &["United States", "Canada"],
        Field::PortType => &[
            "Full (whole account ports, then closes)",
            "Partial (the account stays open)",
        ],
        _ => &[],
    }
}

fn chosen_index(field: Field, fields: &OrderFields) -> Option<usize> {
    match field {
        Field::Country => fields
            .country
            .map(|c| Country::ALL.iter().position(|x| *x == c).unwrap_or(0)),
        Field::PortType => {
            validate::effective_port_type(fields).map(|p| usize::from(p == PortType::Partial))
        }
        _ => None,
    }
}

pub fn text_value(fields: &OrderFields, field: Field) -> String {
    limits::field_text(fields, field)
        .unwrap_or_default()
        .to_string()
}

fn set_text_value(fields: &mut OrderFields, field: Field, value: String) {
    if let Some(text) = &fields::spec(field).text {
        (text.set)(fields, value);
    }
}

/// What the wizard asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// The numbers or the country changed: run the portability check again.
    Recheck,
    Close,
    AttachLoa(String),
    GenerateLoa,
    ImportCsv(String),
    OpenCalendar,
    OpenBrowser(Input),
    /// The review step was entered: run the checks that need the network and the other orders.
    EnteredReview,
    ConfirmSubmit,
    AskSignature,
    StartOtherGroups,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextField,
    PrevField,
    NextStep,
    PrevStep,
    Close,
    Activate,
    Choose,
    CursorUp,
    CursorDown,
    OpenPicker,
    ScrollDown,
    ScrollUp,
    JumpToStep,
    Submit,
    SendForSignature,
    OtherGroups,
    PeekPin,
    GenerateLoa,
    MarkNumber,
    MarkAll,
    SetUsage,
    Help,
}

/// A message attached to a field by an action (a failed import or attachment), until the field changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Error(String),
    Info(String),
}

/// What takes the focus: a field of the order, or the CSV file to import numbers from (the input
/// of an action on the numbers step, not a value of the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    Order(Field),
    CsvFile,
}

impl Input {
    pub fn field(self) -> Option<Field> {
        match self {
            Input::Order(field) => Some(field),
            Input::CsvFile => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Input::Order(field) => field.label(),
            Input::CsvFile => strings::CSV_FILE_LABEL,
        }
    }
}

pub struct WizardState {
    pub order: Order,
    pub step: u8,
    pub focus: usize,
    inputs: HashMap<Field, TextField>,
    /// The path of a numbers CSV to import, as typed (it is not kept with the order).
    csv_file: TextField,
    pub touched: HashSet<Field>,
    /// Steps on which Next was pressed: all their errors show.
    pub attempted: [bool; 9],
    pub numbers: NumbersCheck,
    /// How many portability checks were asked for, and which one `numbers` holds.
    checks_asked: u64,
    check_taken: u64,
    pub group_cursor: usize,
    pub choice_cursor: usize,
    pub scroll: usize,
    pub review_selected: usize,
    pub notes: HashMap<Field, Note>,
    /// What became of the last CSV import, or what stopped an edit of its path.
    pub csv_note: Option<Note>,
    /// Problems only the app can find (network, other orders), refreshed on entering review.
    pub external_problems: Vec<Problem>,
    pub other_order_names: Vec<String>,
    pub today: Date,
    /// Set when updating a rejected order: the carrier's reasons.
    pub update: Option<Vec<RejectionCategory>>,
    /// The number under the cursor in the usage list, and the numbers marked there (by index in
    /// the chosen group, which a change of group starts afresh).
    pub usage_cursor: usize,
    pub usage_marked: std::collections::BTreeSet<usize>,
    /// Ctrl-T asked for the end of the PIN in the focused PIN field (until the focus moves).
    pub pin_peek: bool,
    /// The records shown beside the form and checked against (the carrier's), from
    /// [`companions::registered`].
    companions: Vec<Box<dyn Companion>>,
    pub dirty: bool,
}

impl WizardState {
    pub fn open(order: Order, today: Date, other_order_names: Vec<String>) -> WizardState {
        let update = (order.status == Status::CustomerActionRequired).then(|| {
            order
                .current_rejection()
                .map(|r| r.categories.clone())
                .unwrap_or_default()
        });
        // An update starts at the first step the carrier's reasons touch; a draft where it was left.
        let step = match &update {
            Some(reasons) => (fields::FIELDS.iter())
                .find(|s| reasons.iter().any(|r| r.fields().contains(&s.field)))
                .map(|s| s.step)
                .unwrap_or(steps::REVIEW),
            None => order.wizard.step.clamp(1, 8),
        };
        let mut state = WizardState {
            inputs: HashMap::new(),
            csv_file: TextField::new(FieldKind::SingleLine, "").limited(Some(limits::PATH)),
            step,
            focus: 0,
            order,
            touched: HashSet::new(),
            attempted: [false; 9],
            numbers: NumbersCheck::default(),
            checks_asked: 0,
            check_taken: 0,
            group_cursor: 0,
            choice_cursor: 0,
            scroll: 0,
            review_selected: 0,
            notes: HashMap::new(),
            csv_note: None,
            external_problems: Vec::new(),
            other_order_names,
            today,
            update,
            usage_cursor: 0,
            usage_marked: Default::default(),
            pin_peek: false,
            companions: companions::registered(),
            dirty: false,
        };
        let toggled = &state.order.wizard.toggled;
        for companion in &mut state.companions {
            companion.set_toggled(toggled.iter().any(|name| name == companion.name()));
        }
        for field in fields::FIELDS.iter().map(|s| s.field) {
            if let Control::Text(kind) = state.control_of(field) {
                let value = text_value(&state.order.fields, field);
                let input = WizardState::text_field(field, kind, &value);
                state.inputs.insert(field, input);
            }
        }
        // An update opens on the first field the carrier named; a draft on the first field of its
        // step with a problem (what is left to do), else on the field where it was left.
        let focusables = state.focusables();
        let flagged_field =
            (focusables.iter()).position(|i| i.field().is_some_and(|f| state.flagged(f).is_some()));
        let problems = validate::step_problems(&state.order.fields, step, &state.context());
        let needing_attention =
            (focusables.iter()).position(|i| problems.iter().any(|p| Some(p.field) == i.field()));
        let left_at = usize::from(state.order.wizard.field).min(focusables.len().saturating_sub(1));
        state.focus = flagged_field.or(needing_attention).unwrap_or(left_at);
        state.sync_cursors();
        state.select_focused();
        state
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            today: self.today,
            other_order_names: &self.other_order_names,
        }
    }

    pub fn check(&self, field: Field) -> Check {
        validate::check_field(&self.order.fields, field, &self.context())
    }

    /// Whether a field's error is shown: after it was left, or after Next on its step; in an
    /// update, at once (each field was filled in, and the stepper marks the step already).
    pub fn shows_errors(&self, field: Field) -> bool {
        self.touched.contains(&field)
            || self.attempted[usize::from(field.step())]
            || self.update.is_some()
    }

    pub fn input(&self, field: Field) -> Option<&TextField> {
        self.inputs.get(&field)
    }

    /// The text field of an input, if it is typed into.
    pub fn text_input(&self, at: Input) -> Option<&TextField> {
        match at {
            Input::Order(field) => self.inputs.get(&field),
            Input::CsvFile => Some(&self.csv_file),
        }
    }

    fn text_input_mut(&mut self, at: Input) -> Option<&mut TextField> {
        match at {
            Input::Order(field) => self.inputs.get_mut(&field),
            Input::CsvFile => Some(&mut self.csv_file),
        }
    }

    /// The CSV path as typed.
    pub fn csv_path(&self) -> String {
        self.csv_file.value()
    }

    /// What takes focus on the current step, in order: its fields, and on the numbers step the
    /// CSV file after the numbers.
    pub fn focusables(&self) -> Vec<Input> {
        let mut inputs: Vec<Input> = fields::of_step(self.step)
            .filter(|&f| self.control_of(f) != Control::ReadOnly)
            .filter(|&f| f != Field::ReplacementBtn || replacement_btn_applies(&self.order.fields))
            .filter(|&f| f != Field::Usage || !self.order.numbers().is_empty())
            .map(Input::Order)
            .collect();
        if let Some(numbers) = inputs
            .iter()
            .position(|i| *i == Input::Order(Field::Numbers))
        {
            inputs.insert(numbers + 1, Input::CsvFile);
        }
        inputs
    }

    pub fn focused_input(&self) -> Option<Input> {
        self.focusables().get(self.focus).copied()
    }

    /// The field of the order that has the focus (none on the CSV file).
    pub fn focused(&self) -> Option<Field> {
        self.focused_input().and_then(Input::field)
    }

    fn focused_control(&self) -> Option<Control> {
        match self.focused_input()? {
            Input::Order(field) => Some(self.control_of(field)),
            Input::CsvFile => Some(Control::Text(FieldKind::SingleLine)),
        }
    }

    /// The note under an input, if one was left there.
    pub fn note(&self, at: Input) -> Option<&Note> {
        match at {
            Input::Order(field) => self.notes.get(&field),
            Input::CsvFile => self.csv_note.as_ref(),
        }
    }

    fn take_note(&mut self, at: Input) -> Option<Note> {
        match at {
            Input::Order(field) => self.notes.remove(&field),
            Input::CsvFile => self.csv_note.take(),
        }
    }

    fn put_note(&mut self, at: Input, note: Note) {
        match at {
            Input::Order(field) => _ = self.notes.insert(field, note),
            Input::CsvFile => self.csv_note = Some(note),
        }
    }

    /// How a field is edited here: as in a draft, but an update cannot change the country.
    pub fn control_of(&self, field: Field) -> Control {
        if self.update.is_some() && field == Field::Country {
            Control::ReadOnly
        } else {
            control(field, &self.order.fields)
        }
    }

    /// Whether the focus is in a text field (whose editing keys the help then lists).
    pub fn on_text_field(&self) -> bool {
        on_text(self)
    }

    /// The carrier's reason that names this field, when updating a rejected order and no field
    /// that reason names changed since the rejection. The carrier names a reason (the address as a
    /// whole), not a field: once one of its fields changed, none of them is marked; back at the
    /// rejected values, they are marked again.
    pub fn flagged(&self, field: Field) -> Option<RejectionCategory> {
        self.named_by_carrier(field)
            .filter(|reason| self.unchanged_reasons().contains(reason))
    }

    /// The carrier's reason that names this field, when this field changed since the rejection.
    pub fn changed_for(&self, field: Field) -> Option<RejectionCategory> {
        self.named_by_carrier(field)
            .filter(|_| rejection::changed_since_rejection(&self.order, field))
    }

    /// The carrier's reason that names this field, changed since or not.
    pub fn named_by_carrier(&self, field: Field) -> Option<RejectionCategory> {
        self.update
            .as_ref()?
            .iter()
            .copied()
            .find(|r| r.fields().contains(&field))
    }

    /// Updating: the carrier's reasons none of whose fields changed since the rejection.
    pub fn unchanged_reasons(&self) -> Vec<RejectionCategory> {
        rejection::unchanged_reasons(&self.order, self.update.as_deref().unwrap_or_default())
    }

    /// The problems the pre-submit check found on one field.
    pub fn external_problems_of(&self, field: Field) -> impl Iterator<Item = &Problem> {
        self.external_problems
            .iter()
            .filter(move |p| p.field == field)
    }

    /// The companion of type `T`, if one is registered.
    pub fn companion<T: Companion>(&self) -> Option<&T> {
        let mut all = self.companions.iter();
        all.find_map(|c| (c.as_ref() as &dyn Any).downcast_ref())
    }

    /// What the carrier would reject by the companions' records (its own record, received).
    pub fn companion_problems(&self) -> Vec<Problem> {
        let fields = &self.order.fields;
        (self.companions.iter())
            .flat_map(|c| c.problems(fields))
            .collect()
    }

    /// What the companions' records warn of (nothing that stops a submission).
    pub fn companion_warnings(&self) -> Vec<Problem> {
        let fields = &self.order.fields;
        (self.companions.iter())
            .flat_map(|c| c.warnings(fields))
            .collect()
    }

    /// The same, of one field.
    pub fn companion_problems_of(&self, field: Field) -> Vec<Problem> {
        let mut problems = self.companion_problems();
        problems.retain(|p| p.field == field);
        problems
    }

    /// Where the wizard stands, as its companions see it.
    pub fn at(&self) -> At {
        At {
            step: self.step,
            focused: self.focused(),
            editing: editing(self),
            update: self.update.is_some(),
        }
    }

    /// Carries out what a companion asks, as the wizard's own keys would.
    fn carry_out(&mut self, asks: Vec<Ask>) -> Vec<Command> {
        let mut commands = Vec::new();
        for ask in asks {
            match ask {
                Ask::Command(command) => commands.push(command),
                Ask::Fill { field, value } => {
                    let effect = self.fill(field, &value);
                    commands.extend(self.commands(effect));
                }
                Ask::Note { field, note } => {
                    self.notes.insert(field, note);
                }
            }
        }
        commands
    }

    /// How each step stands, for the stepper: a step with a known problem is marked so, whether a
    /// field's error (on a step already gone through, or in an update) or the pre-submit check's.
    pub fn step_marks(&self) -> [Mark; 8] {
        let ctx = self.context();
        // Each companion judges the whole order once, not once a step.
        let (companion_problems, companion_warnings) =
            (self.companion_problems(), self.companion_warnings());
        std::array::from_fn(|i| {
            let n = i as u8 + 1;
            if n == steps::REVIEW {
                return Mark::ToDo;
            }
            let in_step = || fields::of_step(n);
            let gone_through = self.attempted[usize::from(n)]
                || n < self.step
                || self.update.is_some()
                || in_step().any(|f| self.touched.contains(&f));
            let errors = !validate::step_problems(&self.order.fields, n, &ctx).is_empty();
            let external = (self.external_problems.iter())
                .chain(&companion_problems)
                .any(|p| p.step == n);
            if external || (errors && gone_through) {
                Mark::Problem
            } else if errors {
                Mark::ToDo
            } else if in_step().any(|f| self.flagged(f).is_some()) {
                Mark::Unchanged
            } else if companion_warnings.iter().any(|w| w.step == n) {
                Mark::Warning
            } else {
                Mark::Done
            }
        })
    }

    /// Every problem the review lists: field rules and the app's own checks.
    pub fn review_problems(&self) -> Vec<Problem> {
        let mut problems = validate::all_problems(&self.order.fields, &self.context());
        problems.extend(self.external_problems.iter().cloned());
        problems.extend(self.companion_problems());
        problems
    }

    fn remember_position(&mut self) {
        self.order.wizard.step = self.step;
        self.order.wizard.field = self.focus as u8;
        self.dirty = true;
    }

    /// Keeps with the draft which companions' views are turned from their default, when that
    /// changed (a companion's key may turn one).
    fn remember_views(&mut self) {
        let toggled: Vec<String> = (self.companions.iter())
            .filter(|c| c.toggled())
            .map(|c| c.name().to_string())
            .collect();
        if toggled != self.order.wizard.toggled {
            self.order.wizard.toggled = toggled;
            self.dirty = true;
        }
    }

    fn sync_cursors(&mut self) {
        if let Some(field) = self.focused()
            && let Some(i) = chosen_index(field, &self.order.fields)
        {
            self.choice_cursor = i;
        }
        if let Some(group) = &self.order.fields.group {
            self.group_cursor = self
                .numbers
                .report
                .groups
                .iter()
                .position(|g| g.same_key(group))
                .unwrap_or(0);
        }
    }

    /// Selects the value of the one-line field the focus has reached, as forms do, so that typing
    /// replaces it (a PIN to correct, a proposed time); every other field's selection ends.
    fn select_focused(&mut self) {
        self.pin_peek = false;
        let focused = self.focused_input();
        let inputs = (self.inputs.iter_mut()).map(|(field, input)| (Input::Order(*field), input));
        for (at, input) in inputs.chain([(Input::CsvFile, &mut self.csv_file)]) {
            match (Some(at) == focused, input.kind()) {
                (true, FieldKind::SingleLine | FieldKind::Secret) => input.select_all(),
                _ => input.deselect(),
            }
        }
    }

    fn leave_field(&mut self) {
        let Some(field) = self.focused() else { return };
        self.touched.insert(field);
        // Why Full was refused is said while the choice is in front of the administrator.
        self.notes.remove(&Field::PortType);
        let fields = &self.order.fields;
        let normalized = match field {
            Field::AccountNumber => Some(normalize_account_number(&fields.account_number)),
            Field::Region => fields
                .country
                .and_then(|c| address::normalize_region(c, &fields.region).ok()),
            Field::PostalCode => fields
                .country
                .and_then(|c| address::normalize_postal_code(c, &fields.postal_code).ok()),
            _ => None,
        };
        if let Some(value) = normalized
            && value != text_value(fields, field)
        {
            self.inputs.insert(
                field,
                Self::text_field(field, FieldKind::SingleLine, &value),
            );
            set_text_value(&mut self.order.fields, field, value);
            self.dirty = true;
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let count = self.focusables().len();
        if count == 0 {
            return;
        }
        self.leave_field();
        self.focus = if forward {
            (self.focus + 1) % count
        } else {
            (self.focus + count - 1) % count
        };
        self.sync_cursors();
        self.select_focused();
        self.remember_position();
    }

    /// Goes to a step and field (from the review, or from a problem).
    pub fn go_to(&mut self, step: u8, field: Option<Field>) {
        self.leave_field();
        self.step = step.clamp(1, 8);
        self.focus = field
            .and_then(|f| self.focusables().iter().position(|x| *x == Input::Order(f)))
            .unwrap_or(0);
        self.scroll = 0;
        self.review_selected = 0;
        self.sync_cursors();
        self.select_focused();
        self.remember_position();
    }

    fn next_step(&mut self) -> Effect {
        if self.step >= 8 {
            return Effect::None;
        }
        self.leave_field();
        self.attempted[usize::from(self.step)] = true;
        let mut problems = validate::step_problems(&self.order.fields, self.step, &self.context());
        // No LOA given at all: it may be sent for e-signature from the review instead.
        let f = &self.order.fields;
        if f.loa.is_none() && f.loa_path.trim().is_empty() {
            problems.retain(|p| !matches!(p.field, Field::LoaPath | Field::LoaSignedOn));
        }
        if let Some(first) = problems.first() {
            self.focus = self
                .focusables()
                .iter()
                .position(|i| *i == Input::Order(first.field))
                .unwrap_or(self.focus);
            self.sync_cursors();
            self.select_focused();
            // Said under the field the cursor went to: why the step stays, and what else is wrong.
            let why = strings::next_step_refused(&first.message, problems.len() - 1);
            self.notes.insert(first.field, Note::Error(why));
            return Effect::None;
        }
        self.go_to(self.step + 1, None);
        self.fill_defaults();
        if self.step == 8 {
            Effect::EnteredReview
        } else {
            Effect::None
        }
    }

    /// Values the wizard can propose once earlier steps are known.
    fn fill_defaults(&mut self) {
        let fields = &mut self.order.fields;
        if let Some(TimeWindow::Fixed(at)) = time_window(fields) {
            let fixed = at.strftime("%H:%M").to_string();
            if fields.port_time != fixed {
                fields.port_time = fixed;
                self.dirty = true;
            }
        } else if let Some(window) = time_window(fields)
            && fields.port_time.is_empty()
        {
            let default = window.default_time().strftime("%H:%M").to_string();
            self.inputs.insert(
                Field::PortTime,
                Self::text_field(Field::PortTime, FieldKind::SingleLine, &default),
            );
            fields.port_time = default;
            self.dirty = true;
        }
    }

    fn choose(&mut self) -> Effect {
        match self.focused() {
            Some(Field::Country) => {
                let country = Country::ALL[self.choice_cursor.min(1)];
                if self.order.fields.country != Some(country) {
                    // Why the step stayed (no country yet) is answered by choosing one.
                    self.notes.remove(&Field::Country);
                    self.order.fields.country = Some(country);
                    self.dirty = true;
                    return Effect::Recheck;
                }
                Effect::None
            }
            Some(Field::PortType) => {
                let port_type = if self.choice_cursor == 0 {
                    PortType::Full
                } else {
                    PortType::Partial
                };
                if validate::btn_is_ported(&self.order.fields) == Some(false) {
                    // The choice stays on Partial, and says why when Full was asked for.
                    self.choice_cursor = 1;
                    if port_type == PortType::Full {
                        let btn = PhoneNumber::parse(&self.order.fields.btn)
                            .map(|n| n.national())
                            .unwrap_or_default();
                        let why = strings::full_not_possible(&btn);
                        self.notes.insert(Field::PortType, Note::Error(why));
                    }
                    return Effect::None;
                }
                self.notes.remove(&Field::PortType);
                self.order.fields.port_type = Some(port_type);
                self.dirty = true;
                Effect::None
            }
            Some(Field::Group) => {
                if let Some(group) = self.numbers.report.groups.get(self.group_cursor) {
                    if self.order.fields.group.as_ref() != Some(group) {
                        self.order.fields.group = Some(group.clone());
                        self.group_changed();
                    }
                    self.touched.insert(Field::Group);
                    self.dirty = true;
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn activate(&mut self) -> Effect {
        match self.focused_control() {
            Some(Control::Choice) => {
                let chosen = self.choose();
                let advanced = self.advance();
                if advanced == Effect::None {
                    chosen
                } else {
                    advanced
                }
            }
            // Enter on the group goes on to the BTN: the usages (Tab) keep their defaults.
            Some(Control::Groups) => {
                self.choose();
                self.next_step()
            }
            Some(Control::Usages) => self.advance(),
            Some(Control::Text(FieldKind::MultiLine)) => Effect::None,
            _ => match self.focused_input() {
                Some(Input::Order(Field::LoaPath)) => {
                    Effect::AttachLoa(self.order.fields.loa_path.clone())
                }
                Some(Input::CsvFile) => Effect::ImportCsv(self.csv_path()),
                _ => self.advance(),
            },
        }
    }

    /// Enter on a field: the next field, or the next step from the last one.
    fn advance(&mut self) -> Effect {
        if self.focus + 1 >= self.focusables().len() {
            self.next_step()
        } else {
            self.move_focus(true);
            Effect::None
        }
    }

    /// Applies a bound action; `key` is the key that triggered it.
    pub fn apply(&mut self, action: Action, key: &KeyEvent) -> Effect {
        match action {
            Action::NextField => self.move_focus(true),
            Action::PrevField => self.move_focus(false),
            Action::NextStep => return self.next_step(),
            Action::PrevStep => {
                if self.step > 1 {
                    self.go_to(self.step - 1, None);
                }
            }
            Action::Close => {
                self.leave_field();
                return Effect::Close;
            }
            Action::Activate if self.step == 8 => self.open_selected_problem(),
            Action::Activate => return self.activate(),
            Action::Choose => return self.choose(),
            Action::CursorUp | Action::CursorDown => {
                let up = action == Action::CursorUp;
                match self.focused_control() {
                    Some(Control::Groups) => {
                        let n = self.numbers.report.groups.len();
                        if n > 0 {
                            self.group_cursor = if up {
                                self.group_cursor.saturating_sub(1)
                            } else {
                                (self.group_cursor + 1).min(n - 1)
                            };
                        }
                    }
                    Some(Control::Usages) => {
                        let n = self.order.numbers().len();
                        self.usage_cursor = if up {
                            self.usage_cursor.saturating_sub(1)
                        } else {
                            (self.usage_cursor + 1).min(n.saturating_sub(1))
                        };
                    }
                    Some(Control::Choice) => {
                        let n = self.focused().map(|f| choices(f).len()).unwrap_or(1);
                        self.choice_cursor = if up {
                            self.choice_cursor.saturating_sub(1)
                        } else {
                            (self.choice_cursor + 1).min(n - 1)
                        };
                        return self.choose();
                    }
                    _ if self.step == 8 => {
                        let n = self.review_problems().len();
                        if n > 0 {
                            self.review_selected = if up {
                                self.review_selected.saturating_sub(1)
                            } else {
                                (self.review_selected + 1).min(n - 1)
                            };
                        } else {
                            self.scroll = if up {
                                self.scroll.saturating_sub(1)
                            } else {
                                self.scroll + 1
                            };
                        }
                    }
                    _ => self.move_focus(!up),
                }
            }
            Action::OpenPicker => {
                return match self.focused_input() {
                    Some(Input::Order(Field::PortDate)) => Effect::OpenCalendar,
                    Some(at @ (Input::Order(Field::LoaPath) | Input::CsvFile)) => {
                        Effect::OpenBrowser(at)
                    }
                    _ => Effect::None,
                };
            }
            Action::ScrollDown => self.scroll += 5,
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(5),
            Action::JumpToStep => {
                if let KeyCode::Char(c) = key.code
                    && let Some(n) = c.to_digit(10).filter(|n| (1..=7).contains(n))
                {
                    self.go_to(n as u8, None);
                }
            }
            // Should a problem stop it, the first one is to be in view and selected.
            Action::Submit | Action::SendForSignature => {
                (self.scroll, self.review_selected) = (0, 0);
                return if action == Action::Submit {
                    Effect::ConfirmSubmit
                } else {
                    Effect::AskSignature
                };
            }
            Action::OtherGroups => return Effect::StartOtherGroups,
            Action::PeekPin => self.pin_peek = true,
            Action::GenerateLoa => return Effect::GenerateLoa,
            Action::MarkNumber => {
                if !self.usage_marked.remove(&self.usage_cursor) {
                    self.usage_marked.insert(self.usage_cursor);
                }
            }
            Action::MarkAll => {
                let n = self.order.numbers().len();
                if self.usage_marked.len() == n {
                    self.usage_marked.clear();
                } else {
                    self.usage_marked = (0..n).collect();
                }
            }
            Action::SetUsage => {
                let usage = match key.code {
                    KeyCode::Char('v') => Usage::VoiceApp,
                    KeyCode::Char('c') => Usage::Conference,
                    _ => Usage::User,
                };
                self.set_usage(usage);
            }
            Action::Help => return Effect::Help,
        }
        Effect::None
    }

    /// Enter on a review problem: go to its step and field.
    pub fn open_selected_problem(&mut self) {
        if let Some(p) = self.review_problems().get(self.review_selected).cloned() {
            self.go_to(p.step, Some(p.field));
            self.touched.insert(p.field);
        }
    }

    /// A key no binding took: typing into the focused text field.
    pub fn edit(&mut self, key: KeyEvent) -> Effect {
        let Some(at) = self.focused_input() else {
            return Effect::None;
        };
        let Some(input) = self.text_input_mut(at) else {
            return Effect::None;
        };
        let edit = input.input(key);
        self.after_edit(at, edit)
    }

    pub fn paste(&mut self, text: &str) -> Effect {
        let Some(at) = self.focused_input() else {
            return Effect::None;
        };
        let Some(input) = self.text_input_mut(at) else {
            return Effect::None;
        };
        let pasted = input.paste(text);
        let effect = self.after_edit(at, pasted.edit);
        // What the paste lost to fit the field is said under it, after a cut if there was one.
        if let Some(cleaned) = pasted.cleaned() {
            let note = match self.take_note(at) {
                Some(Note::Error(cut)) => Note::Error(format!("{cut}. {cleaned}")),
                _ => Note::Info(cleaned),
            };
            self.put_note(at, note);
        }
        effect
    }

    /// Takes in an edit of the focused input, and says so when the input's limit stopped it.
    fn after_edit(&mut self, at: Input, edit: Edit) -> Effect {
        let effect = match at {
            _ if !edit.changed() => Effect::None,
            Input::Order(field) => self.text_changed(field),
            Input::CsvFile => {
                self.csv_note = None;
                Effect::None
            }
        };
        let label = at.label();
        let limit = match edit {
            Edit::Full { max } => strings::field_full(label, max),
            Edit::Cut { max, dropped } => strings::paste_cut(label, max, dropped),
            Edit::Changed | Edit::Unchanged => return effect,
        };
        self.put_note(at, Note::Error(limit));
        effect
    }

    /// A text field for `field`, holding `value` and taking no more than the field's limit.
    fn text_field(field: Field, kind: FieldKind, value: &str) -> TextField {
        TextField::new(kind, value).limited(limits::max_chars(field))
    }

    fn text_changed(&mut self, field: Field) -> Effect {
        let value = self.inputs[&field].value();
        set_text_value(&mut self.order.fields, field, value);
        self.notes.remove(&field);
        // What the pre-submit check said of the old value is checked again when the field is left.
        self.external_problems.retain(|p| p.field != field);
        self.dirty = true;
        if field == Field::Numbers {
            Effect::Recheck
        } else {
            Effect::None
        }
    }

    /// Puts a value into a text field as an edit of it, which Ctrl-Z takes back (a companion's
    /// value copied in).
    fn fill(&mut self, field: Field, value: &str) -> Effect {
        let Some(input) = self.inputs.get_mut(&field) else {
            return Effect::None;
        };
        let edit = input.replace(value);
        self.touched.insert(field);
        self.after_edit(Input::Order(field), edit)
    }

    /// Replaces a field's text (an import, a picked file or date).
    pub fn set_text(&mut self, field: Field, value: &str) -> Effect {
        let kind = match self.control_of(field) {
            Control::Text(kind) => kind,
            _ => FieldKind::SingleLine,
        };
        self.inputs
            .insert(field, Self::text_field(field, kind, value));
        self.touched.insert(field);
        self.text_changed(field)
    }

    /// The group's numbers changed: each gets its usage, and the usage list starts afresh.
    fn group_changed(&mut self) {
        self.notes.remove(&Field::Group);
        self.order.fields.sync_usages();
        self.usage_cursor = 0;
        self.usage_marked.clear();
    }

    /// Gives the marked numbers (or, with none marked, the one under the cursor) a usage.
    fn set_usage(&mut self, usage: Usage) {
        let numbers = self.order.numbers();
        let chosen: Vec<PhoneNumber> = if self.usage_marked.is_empty() {
            numbers
                .get(self.usage_cursor)
                .cloned()
                .into_iter()
                .collect()
        } else {
            (self.usage_marked.iter())
                .filter_map(|&i| numbers.get(i).cloned())
                .collect()
        };
        self.notes.remove(&Field::Usage);
        for number in chosen {
            // An assigned number of the organization's own keeps its usage: said, not changed.
            match self.order.fields.kept_usage(&number) {
                Some(kept) if kept != usage => {
                    let why = validate::usage_kept(&number, kept);
                    self.notes.insert(Field::Usage, Note::Error(why));
                }
                _ => {
                    self.order.fields.number_usage.insert(number, usage);
                }
            }
        }
        self.usage_marked.clear();
        self.dirty = true;
    }

    /// Takes a new portability check; keeps the chosen group if it still exists, with its new numbers.
    pub fn set_numbers_check(&mut self, check: NumbersCheck) {
        self.numbers = check;
        let before = self.order.fields.group.clone();
        let chosen = self.order.fields.group.take();
        self.order.fields.group = chosen.and_then(|g| {
            self.numbers
                .report
                .groups
                .iter()
                .find(|x| x.same_key(&g))
                .cloned()
        });
        if self.numbers.report.groups.len() == 1 && self.order.fields.group.is_none() {
            self.order.fields.group = self.numbers.report.groups.first().cloned();
        }
        self.group_cursor = self
            .group_cursor
            .min(self.numbers.report.groups.len().saturating_sub(1));
        self.sync_cursors();
        let count = self.focusables().len();
        self.focus = self.focus.min(count.saturating_sub(1));
        // The check itself is not part of the order: only a group that changed is to be saved.
        if self.order.fields.group != before {
            self.group_changed();
            self.dirty = true;
        }
    }

    /// What the router is to do for an effect of a key.
    fn commands(&mut self, effect: Effect) -> Vec<Command> {
        let f = &self.order.fields;
        let draft = match effect {
            Effect::None => return Vec::new(),
            Effect::Recheck => return vec![self.check_numbers()],
            Effect::Close => DraftCommand::Close,
            Effect::AttachLoa(path) if path.trim().is_empty() => {
                let missing = Note::Error(strings::LOA_PATH_MISSING.into());
                self.notes.insert(Field::LoaPath, missing);
                return Vec::new();
            }
            Effect::AttachLoa(path) => DraftCommand::AttachLoa {
                order_id: self.order.id.clone(),
                current: Box::new(f.clone()),
                path,
            },
            Effect::GenerateLoa => DraftCommand::GenerateLoa(Box::new(self.order.clone())),
            Effect::ImportCsv(path) => DraftCommand::ImportCsv {
                path,
                country: f.country,
            },
            Effect::OpenCalendar => {
                return vec![match f.country {
                    Some(country) => Command::Popup(Box::new(CalendarPicker::open(
                        country,
                        self.today,
                        crate::domain::calendar::parse_date(&f.port_date).ok(),
                    ))),
                    None => Command::Error(strings::CALENDAR_NEEDS_COUNTRY.into()),
                }];
            }
            Effect::OpenBrowser(into) => DraftCommand::Browse {
                into,
                near: match into {
                    Input::Order(field) => text_value(f, field),
                    Input::CsvFile => self.csv_path(),
                },
            },
            Effect::EnteredReview => DraftCommand::Presubmit,
            Effect::ConfirmSubmit => DraftCommand::ConfirmSubmit,
            Effect::AskSignature => DraftCommand::AskSignature,
            Effect::StartOtherGroups => {
                let chosen = f.group.as_ref();
                DraftCommand::StartDrafts {
                    groups: (self.numbers.report.groups.iter())
                        .filter(|g| chosen.is_none_or(|c| !c.same_key(g)))
                        .cloned()
                        .collect(),
                    country: f.country,
                }
            }
            Effect::Help => {
                let at = self.at();
                let mut more: Vec<_> = (self.companions.iter())
                    .flat_map(|c| c.help_lines(at))
                    .collect();
                let editing = (self.focused_input().filter(|_| self.on_text_field()))
                    .and_then(|at| self.text_input(at))
                    .map(TextField::help)
                    .unwrap_or_default();
                more.extend(editing);
                return vec![component::help_with(self, strings::HELP_WIZARD, &more)];
            }
        };
        vec![Command::Draft(draft)]
    }

    /// Asks for the portability check of the numbers as typed now; until its result arrives,
    /// the numbers step says it is checking.
    pub fn check_numbers(&mut self) -> Command {
        self.checks_asked += 1;
        Command::Draft(DraftCommand::CheckNumbers {
            order_id: self.order.id.clone(),
            text: self.order.fields.numbers_text.clone(),
            country: self.order.fields.country,
            seq: self.checks_asked,
        })
    }

    /// Whether a portability check is under way.
    pub fn checking(&self) -> bool {
        self.checks_asked != self.check_taken
    }

    /// Takes in a numbers CSV's rows: appended to the numbers, one entry a line, or the reason
    /// none were taken (then what was typed stays as it was). A file that would take the numbers
    /// past what the field holds is refused whole, saying how many of its rows would fit.
    fn import_csv(&mut self, shown: &str, rows: Result<CsvImport, String>) -> Vec<Command> {
        let import = match rows {
            Ok(import) => import,
            Err(message) => {
                self.csv_note = Some(Note::Error(message));
                return Vec::new();
            }
        };
        let mut numbers = self.order.fields.numbers_text.trim_end().to_string();
        let max = limits::max_chars(Field::Numbers).unwrap_or(usize::MAX);
        let mut used = numbers.chars().count();
        let fit = (import.cells.iter())
            .take_while(|cell| {
                used += usize::from(used > 0) + cell.chars().count();
                used <= max
            })
            .count();
        if fit < import.cells.len() {
            let too_big = strings::csv_too_big(shown, import.rows(), fit, max);
            self.csv_note = Some(Note::Error(too_big));
            return Vec::new();
        }
        for cell in &import.cells {
            if !numbers.is_empty() {
                numbers.push('\n');
            }
            numbers.push_str(cell);
        }
        if !import.cells.is_empty() {
            self.set_text(Field::Numbers, &numbers);
        }
        let left_out: Vec<String> = (import.left_out.iter())
            .map(|e| strings::csv_row_left_out(e.line, &strip_controls(&e.input), &e.reason()))
            .collect();
        let done = strings::csv_imported(import.cells.len(), shown, &left_out);
        self.csv_note = Some(match import.cells.is_empty() {
            true => Note::Error(done),
            false => Note::Info(done),
        });
        match import.cells.is_empty() {
            true => Vec::new(),
            false => vec![self.check_numbers()],
        }
    }
}

impl Screen for WizardState {
    type Action = Action;

    fn keymap() -> &'static [Binding<WizardState, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        let before = (self.step, self.focus);
        let effect = self.apply(action, key);
        let mut commands = self.commands(effect);
        // A field left or a step changed: the pre-submit check runs again, so that what it knows
        // shows on its step as soon as it can (entering the review asks for it already).
        if (self.step, self.focus) != before && !commands_presubmit(&commands) {
            commands.push(Command::Draft(DraftCommand::Presubmit));
        }
        commands
    }

    /// A key the wizard's keymap does not bind: a companion's, or else typing.
    fn typed(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        let at = self.at();
        let order = &self.order;
        let asked = (self.companions.iter_mut()).find_map(|c| c.key(&key, at, order));
        if let Some(asks) = asked {
            self.remember_views();
            return self.carry_out(asks);
        }
        let effect = self.edit(key);
        self.commands(effect)
    }

    fn pasted(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        let effect = self.paste(text);
        self.commands(effect)
    }

    fn told(&mut self, reply: Reply, _ctx: &Ctx) -> Vec<Command> {
        match reply {
            // An older check's result is left: a newer one is on its way.
            Reply::NumbersChecked(seq, check) if seq == self.checks_asked => {
                self.check_taken = seq;
                self.set_numbers_check(*check);
            }
            Reply::Presubmit(problems) => self.external_problems = problems,
            Reply::Picked { into, value } => {
                let effect = match into {
                    Input::Order(field) => self.set_text(field, &value),
                    Input::CsvFile => {
                        self.csv_file = TextField::new(FieldKind::SingleLine, &value)
                            .limited(Some(limits::PATH));
                        Effect::None
                    }
                };
                let mut commands = self.commands(effect);
                commands.extend(self.commands(match into {
                    Input::CsvFile => Effect::ImportCsv(value),
                    Input::Order(Field::LoaPath) => Effect::AttachLoa(value),
                    Input::Order(_) => Effect::None,
                }));
                return commands;
            }
            Reply::LoaAttached(Ok(doc)) => {
                self.notes.remove(&Field::LoaPath);
                self.order.fields.loa = Some(doc);
                self.touched.insert(Field::LoaPath);
                self.dirty = true;
                return vec![Command::Draft(DraftCommand::Presubmit)];
            }
            Reply::LoaAttached(Err(e)) => {
                self.notes.insert(Field::LoaPath, Note::Error(e));
            }
            Reply::LoaGenerated(outcome) => {
                let note = outcome.map_or_else(Note::Error, Note::Info);
                self.notes.insert(Field::LoaPath, note);
            }
            Reply::CsvImported { shown, rows } => return self.import_csv(&shown, rows),
            Reply::Performed(mut message) => {
                let mut asks = Vec::new();
                for companion in &mut self.companions {
                    match companion.told(message, &self.order) {
                        Ok(taken) => {
                            asks = taken;
                            break;
                        }
                        Err(theirs) => message = theirs,
                    }
                }
                return self.carry_out(asks);
            }
            _ => {}
        }
        Vec::new()
    }

    fn draw(
        &self,
        _ctx: &Ctx,
        area: Rect,
        buf: &mut Buffer,
        theme: &crate::ui::theme::Theme,
    ) -> Option<Position> {
        render(self, area, buf, theme)
    }

    fn refreshed(&mut self, ctx: &Ctx) -> Vec<Command> {
        // The clock may have moved meanwhile (another session moved it).
        self.today = ctx.clock.today();
        let order = &self.order;
        let asks: Vec<Ask> = (self.companions.iter_mut())
            .flat_map(|c| c.refreshed(order, ctx))
            .collect();
        self.carry_out(asks)
    }

    /// The keymap's hints, the companions' among them before the keys that change step: where
    /// the bar is narrow, those are the ones it leaves out.
    fn help_bar(&self) -> Vec<(&'static str, &'static str)> {
        let at = self.at();
        let mut hints = keymap::hints(FIELD_KEYS, self);
        hints.extend(self.companions.iter().flat_map(|c| c.hints(at)));
        hints.extend(keymap::hints(STEP_KEYS, self));
        hints
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::title_step(self.update.is_some(), self.step),
            before_clock: Some(self.order.id.clone()),
        }
    }
}

fn commands_presubmit(commands: &[Command]) -> bool {
    (commands.iter()).any(|c| matches!(c, Command::Draft(DraftCommand::Presubmit)))
}

fn editing(s: &WizardState) -> bool {
    s.step < 8
}
fn on_text(s: &WizardState) -> bool {
    editing(s) && matches!(s.focused_control(), Some(Control::Text(_)))
}
fn on_line(s: &WizardState) -> bool {
    editing(s)
        && matches!(
            s.focused_control(),
            Some(Control::Text(FieldKind::SingleLine | FieldKind::Secret))
        )
}
fn on_pick(s: &WizardState) -> bool {
    editing(s) && matches!(s.focused_control(), Some(Control::Choice | Control::Groups))
}
fn not_on_text(s: &WizardState) -> bool {
    !on_text(s)
}
/// `?` is typed into free text (a name or a street may hold one), and opens help everywhere else,
/// the PIN included: a PIN is digits only, so a `?` there can only be a call for help, and typed it
/// would replace the PIN the field holds.
fn not_on_plain_text(s: &WizardState) -> bool {
    !(editing(s)
        && matches!(
            s.focused_control(),
            Some(Control::Text(FieldKind::SingleLine | FieldKind::MultiLine))
        ))
}
fn on_date(s: &WizardState) -> bool {
    editing(s) && s.focused() == Some(Field::PortDate)
}
fn on_file(s: &WizardState) -> bool {
    editing(s)
        && matches!(
            s.focused_input(),
            Some(Input::Order(Field::LoaPath) | Input::CsvFile)
        )
}
fn on_loa(s: &WizardState) -> bool {
    editing(s) && s.focused() == Some(Field::LoaPath)
}
fn on_documents(s: &WizardState) -> bool {
    s.step == 6
}
fn on_csv(s: &WizardState) -> bool {
    editing(s) && s.focused_input() == Some(Input::CsvFile)
}
/// Where the end of a PIN that Ctrl-T may show starts: its last two characters, and only of a PIN
/// of six or more, so that most of it always stays hidden.
pub fn pin_tail(pin: &str) -> Option<usize> {
    let chars = pin.chars().count();
    (chars >= 6)
        .then(|| pin.char_indices().nth(chars - 2).map(|(i, _)| i))
        .flatten()
}
fn on_held_pin(s: &WizardState) -> bool {
    editing(s)
        && s.focused_control() == Some(Control::Text(FieldKind::Secret))
        && s.focused()
            .and_then(|f| s.input(f))
            .is_some_and(|i| pin_tail(&i.value()).is_some())
}
fn on_usages(s: &WizardState) -> bool {
    editing(s) && s.focused() == Some(Field::Usage)
}
fn on_groups(s: &WizardState) -> bool {
    editing(s) && s.focused() == Some(Field::Group)
}
fn many_groups(s: &WizardState) -> bool {
    on_groups(s) && s.numbers.report.groups.len() > 1
}
fn on_numbers_step(s: &WizardState) -> bool {
    editing(s) && s.step == 2
}
fn on_review(s: &WizardState) -> bool {
    s.step == 8
}
fn can_submit(s: &WizardState) -> bool {
    s.step == 8
}
/// A draft's review, not an Update's: `s` submits it for the first time, and it may go for
/// e-signature instead (a resubmission has been signed for already).
fn on_draft_review(s: &WizardState) -> bool {
    can_submit(s) && s.update.is_none()
}
/// An Update's review: `s` sends the order to the carrier again.
fn can_resubmit(s: &WizardState) -> bool {
    can_submit(s) && s.update.is_some()
}
fn has_next(s: &WizardState) -> bool {
    editing(s)
}
fn has_prev(s: &WizardState) -> bool {
    s.step > 1
}
fn on_plain_field(s: &WizardState) -> bool {
    on_line(s) && !on_file(s)
}

const TAB: &[Key] = &[plain(KeyCode::Tab)];
const BACKTAB: &[Key] = &[plain(KeyCode::BackTab)];

/// The keymap: the keys of the fields and of the review, then those that change step (the help
/// bar puts the companions' keys between them).
static KEYMAP: [Binding<WizardState, Action>; FIELD_KEYS.len() + STEP_KEYS.len()] =
    keymap::join(&[FIELD_KEYS, STEP_KEYS]);

const FIELD_KEYS: &[Binding<WizardState, Action>] = &[
    Binding {
        keys: TAB,
        shown: "Tab",
        label: "next field",
        action: Action::NextField,
        hint: true,
        when: editing,
    },
    Binding {
        keys: BACKTAB,
        shown: "S-Tab",
        label: "prev field",
        action: Action::PrevField,
        hint: false,
        when: editing,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "attach file",
        action: Action::Activate,
        hint: true,
        when: on_loa,
    },
    // Before browsing and the step keys: at 80 columns the help bar keeps it, the key a new user
    // needs most on the Documents step (there is no signed LOA before there is an LOA to sign).
    Binding {
        keys: &[ctrl('g')],
        shown: "^G",
        label: "generate LOA",
        action: Action::GenerateLoa,
        hint: true,
        when: on_documents,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "import CSV",
        action: Action::Activate,
        hint: true,
        when: on_csv,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "go on",
        action: Action::Activate,
        hint: false,
        when: on_plain_field,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "choose & go on",
        action: Action::Activate,
        hint: true,
        when: on_pick,
    },
    Binding {
        keys: &[ch(' ')],
        shown: "Space",
        label: "choose",
        action: Action::Choose,
        hint: false,
        when: on_pick,
    },
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑/k",
        label: "move up",
        action: Action::CursorUp,
        hint: false,
        when: not_on_text,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "↓/j",
        label: "move down",
        action: Action::CursorDown,
        hint: false,
        when: not_on_text,
    },
    Binding {
        keys: &[plain(KeyCode::Up)],
        shown: "↑",
        label: "previous field",
        action: Action::PrevField,
        hint: false,
        when: on_line,
    },
    Binding {
        keys: &[plain(KeyCode::Down)],
        shown: "↓",
        label: "next field",
        action: Action::NextField,
        hint: false,
        when: on_line,
    },
    Binding {
        keys: &[ctrl('o')],
        shown: "^O",
        label: "calendar",
        action: Action::OpenPicker,
        hint: true,
        when: on_date,
    },
    Binding {
        keys: &[ctrl('o')],
        shown: "^O",
        label: "browse files",
        action: Action::OpenPicker,
        hint: true,
        when: on_file,
    },
    Binding {
        keys: &[ctrl('t')],
        shown: "^T",
        label: "show the PIN's last two",
        action: Action::PeekPin,
        hint: true,
        when: on_held_pin,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "go on",
        action: Action::Activate,
        hint: false,
        when: on_usages,
    },
    Binding {
        keys: &[ch(' ')],
        shown: "Space",
        label: "mark",
        action: Action::MarkNumber,
        hint: true,
        when: on_usages,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        label: "mark all",
        action: Action::MarkAll,
        hint: false,
        when: on_usages,
    },
    Binding {
        keys: &[ch('u'), ch('v'), ch('c')],
        shown: "u/v/c",
        label: "user / voice app / conference",
        action: Action::SetUsage,
        hint: true,
        when: on_usages,
    },
    Binding {
        keys: &[ch('o')],
        shown: "o",
        label: "drafts for the rest",
        action: Action::OtherGroups,
        hint: true,
        when: many_groups,
    },
    Binding {
        keys: &[plain(KeyCode::PageDown)],
        shown: "PgDn",
        label: "scroll results",
        action: Action::ScrollDown,
        hint: true,
        when: on_numbers_step,
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        shown: "PgUp",
        label: "scroll results back",
        action: Action::ScrollUp,
        hint: false,
        when: on_numbers_step,
    },
    Binding {
        keys: &[
            ch('1'),
            ch('2'),
            ch('3'),
            ch('4'),
            ch('5'),
            ch('6'),
            ch('7'),
        ],
        shown: "1-7",
        label: "edit that step",
        action: Action::JumpToStep,
        hint: true,
        when: can_submit,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "go to problem",
        action: Action::Activate,
        hint: false,
        when: can_submit,
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        label: "submit",
        action: Action::Submit,
        hint: true,
        when: on_draft_review,
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        label: "resubmit",
        action: Action::Submit,
        hint: true,
        when: can_resubmit,
    },
    Binding {
        keys: &[ch('e')],
        shown: "e",
        label: "e-signature",
        action: Action::SendForSignature,
        hint: true,
        when: on_draft_review,
    },
    Binding {
        keys: &[plain(KeyCode::PageDown), ch(' ')],
        shown: "PgDn",
        label: "scroll down",
        action: Action::ScrollDown,
        hint: false,
        when: on_review,
    },
    Binding {
        keys: &[plain(KeyCode::PageUp)],
        shown: "PgUp",
        label: "scroll up",
        action: Action::ScrollUp,
        hint: false,
        when: on_review,
    },
];

const STEP_KEYS: &[Binding<WizardState, Action>] = &[
    Binding {
        keys: &[ctrl('n')],
        shown: "^N",
        label: "next step",
        action: Action::NextStep,
        hint: true,
        when: has_next,
    },
    Binding {
        keys: &[ctrl('p')],
        shown: "^P",
        label: "back",
        action: Action::PrevStep,
        hint: true,
        when: has_prev,
    },
    Binding {
        keys: &[plain(KeyCode::Esc)],
        shown: "Esc",
        label: "save & close",
        action: Action::Close,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[ch('?')],
        shown: "?",
        label: "help",
        action: Action::Help,
        hint: false,
        when: not_on_plain_text,
    },
    Binding {
        keys: &[plain(KeyCode::F(1))],
        shown: "F1",
        label: "help",
        action: Action::Help,
        hint: false,
        when: always,
    },
];

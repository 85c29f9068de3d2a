//! The application: its model (screens, popup, orders), `update`, the only place that does I/O or
//! switches screens, and `render`, which only draws.

use crate::carrier::{self, CarrierNetwork, Holder};
use crate::clock::Clock;
use crate::domain::calendar::{parse_date, parse_time, port_moment};
use crate::domain::order::{Actor, Order, Status, TimelineEntry};
use crate::domain::phone::{PhoneNumber, parse_csv, parse_list};
use crate::domain::validate::{self, Field};
use crate::store::Store;
use crate::text::strip_controls;
use crate::ui::keymap::{self, hints};
use crate::ui::popups::calendar::{self, CalendarPicker};
use crate::ui::popups::confirm::{self, Confirm, Question};
use crate::ui::popups::file_browser::{self, FileBrowser, Outcome};
use crate::ui::popups::help::{self, Help};
use crate::ui::screens::history::{self, HistoryState};
use crate::ui::screens::wizard::{self, Effect, Note, NumbersCheck, WizardState};
use crate::ui::theme::Theme;
use crate::ui::widgets::{self, help_bar, put};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Below this size the screens cannot be drawn without cutting labels.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 18;

/// Largest numbers CSV read, far above 999 rows.
const MAX_CSV_BYTES: u64 = 5 * 1024 * 1024;

pub enum Screen {
    History,
    Wizard(Box<WizardState>),
}

pub enum Modal {
    Confirm(Confirm),
    Help(Help),
    Calendar(CalendarPicker),
    Browser(FileBrowser),
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
    pub store: Store,
    network: Box<dyn CarrierNetwork>,
    clock: Clock,
    theme: Theme,
    pub orders: Vec<Order>,
    pub screen: Screen,
    pub history: HistoryState,
    pub modal: Option<Modal>,
    pub notice: Option<Notice>,
    pub quit: bool,
    /// Set when a quit found the draft could not be saved: the next quit goes without saving.
    unsaved_quit_warned: bool,
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

impl App {
    pub fn new(store: Store, network: Box<dyn CarrierNetwork>, clock: Clock, theme: Theme) -> App {
        let mut app = App {
            store,
            network,
            clock,
            theme,
            orders: Vec::new(),
            screen: Screen::History,
            history: HistoryState::default(),
            modal: None,
            notice: None,
            quit: false,
            unsaved_quit_warned: false,
        };
        app.reload_orders();
        app
    }

    fn reload_orders(&mut self) {
        let loaded = self.store.load_orders();
        if let Some((path, reason)) = loaded.unreadable.first() {
            self.notice = Some(Notice {
                text: format!(
                    "{} order file{} could not be read and {} left untouched, e.g. {}: {reason}",
                    loaded.unreadable.len(),
                    if loaded.unreadable.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    if loaded.unreadable.len() == 1 {
                        "was"
                    } else {
                        "were"
                    },
                    strip_controls(&path.display().to_string())
                ),
                tone: Tone::Error,
            });
        }
        self.orders = loaded.orders;
        self.history.refresh(&self.orders);
    }

    pub fn wizard(&self) -> Option<&WizardState> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            Screen::History => None,
        }
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
                self.quit = true;
            }
            Msg::Autosave => self.autosave(),
            Msg::Paste(text) => {
                if self.modal.is_none()
                    && let Screen::Wizard(w) = &mut self.screen
                {
                    let effect = w.paste(&text);
                    self.run_effect(effect);
                }
            }
            Msg::Key(key) => {
                if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    self.update(Msg::Quit);
                    return;
                }
                self.notice = None;
                if self.modal.is_some() {
                    self.modal_key(key);
                } else if matches!(self.screen, Screen::History) {
                    self.history_key(key);
                } else {
                    self.wizard_key(key);
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

    /// Saves the open draft when it changed since the last save.
    fn autosave(&mut self) {
        let now = self.clock.now().timestamp();
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        if !w.dirty || w.read_only {
            return;
        }
        w.order.updated_at = now;
        match self.store.save(&mut w.order) {
            Ok(()) => {
                w.dirty = false;
                let saved = w.order.clone();
                match self.orders.iter_mut().find(|o| o.id == saved.id) {
                    Some(slot) => *slot = saved,
                    None => self.orders.insert(0, saved),
                }
                self.history.refresh(&self.orders);
            }
            // Once a quit was refused for it, the quit warning stays in view instead.
            Err(e) if !self.unsaved_quit_warned => self.error(e.to_string()),
            Err(_) => {}
        }
    }

    fn other_order_names(&self, except: &str) -> Vec<String> {
        self.orders
            .iter()
            .filter(|o| o.id != except)
            .map(|o| o.fields.order_name.clone())
            .collect()
    }

    /// Numbers held by open orders other than `except`, with who holds them.
    fn holders(&self, except: &str) -> HashMap<PhoneNumber, Holder> {
        self.orders
            .iter()
            .filter(|o| o.id != except && o.is_open())
            .flat_map(|o| {
                o.numbers().iter().map(|n| {
                    (
                        n.clone(),
                        Holder::Order {
                            id: o.id.clone(),
                            name: o.display_name(),
                        },
                    )
                })
            })
            .collect()
    }

    fn open_wizard(&mut self, order: Order) {
        let today = self.clock.today();
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

    fn history_key(&mut self, key: KeyEvent) {
        let Some(action) = keymap::lookup(history::KEYMAP, &self.history, &key) else {
            return;
        };
        match action {
            history::Action::Open => {
                if let Some(order) = self.orders.get(self.history.selected).cloned() {
                    self.open_wizard(order);
                }
            }
            history::Action::New => {
                let now = self.clock.now();
                let order = Order::new_draft(self.store.new_order_id(&now), now.timestamp());
                self.open_wizard(order);
            }
            history::Action::Delete => {
                if let Some(order) = self
                    .orders
                    .get(self.history.selected)
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
            history::Action::Quit => self.quit = true,
            history::Action::Help => {
                self.modal = Some(Modal::Help(Help {
                    title: "Keys: port orders".into(),
                    lines: keymap::help_lines(history::KEYMAP, &self.history),
                }))
            }
            other => {
                self.history.apply(other);
                self.history.refresh(&self.orders);
            }
        }
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
        let report = carrier::check_numbers(self.network.as_ref(), list.unique_numbers(), &holders);
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
                    let lines = keymap::help_lines(WizardState::keymap(), w);
                    self.modal = Some(Modal::Help(Help {
                        title: "Keys: port-in wizard".into(),
                        lines,
                    }));
                }
            }
        }
    }

    fn close_wizard(&mut self) {
        self.autosave();
        if let Screen::Wizard(w) = &self.screen {
            if w.dirty {
                return; // the save failed: stay, with the error on screen and the edits in memory
            }
            let message = if w.order.revision == 0 {
                "Nothing was entered, so no draft was kept.".to_string()
            } else if w.read_only {
                String::new()
            } else {
                format!(
                    "Draft {} saved; Enter on it resumes where you left off.",
                    w.order.id
                )
            };
            let id = w.order.id.clone();
            self.screen = Screen::History;
            self.history.selected = self.orders.iter().position(|o| o.id == id).unwrap_or(0);
            self.history.refresh(&self.orders);
            if !message.is_empty() {
                self.info(message);
            }
        }
    }

    fn attach_loa(&mut self, path: &str) {
        let now = self.clock.now().timestamp();
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
        match self.store.attach_loa(&w.order.id, &expand_home(path), now) {
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
        let shown = strip_controls(&file.display().to_string());
        let text = match std::fs::metadata(&file) {
            Err(_) if path.trim().is_empty() => {
                Err("type the path to a CSV file, or press Ctrl-O to browse".to_string())
            }
            Err(e) => Err(format!("cannot open {shown}: {e}")),
            Ok(m) if !m.is_file() => Err(format!("{shown} is not a file")),
            Ok(m) if m.len() > MAX_CSV_BYTES => Err(format!(
                "{shown} is over 5 MiB; an order holds at most 999 numbers"
            )),
            Ok(_) => std::fs::read(&file)
                .map_err(|e| format!("cannot read {shown}: {e}"))
                .and_then(|b| {
                    String::from_utf8(b).map_err(|_| {
                        format!("{shown} is not a UTF-8 text file; save it as CSV (UTF-8)")
                    })
                }),
        };
        let list = text.map(|t| parse_csv(&t, w.order.fields.country));
        let structural = |e: &crate::domain::phone::NumberError| {
            matches!(
                e,
                crate::domain::phone::NumberError::CsvHeader(_)
                    | crate::domain::phone::NumberError::CsvColumns(_)
            )
        };
        match list {
            Err(message) => {
                w.notes.insert(Field::CsvPath, Note::Error(message));
            }
            Ok(list) => {
                if let Some(bad) = list
                    .errors()
                    .find(|e| e.result.as_ref().err().is_some_and(structural))
                {
                    let reason = bad
                        .result
                        .as_ref()
                        .err()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    w.notes.insert(
                        Field::CsvPath,
                        Note::Error(format!("nothing imported: line {} {reason}", bad.line)),
                    );
                    return;
                }
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
                        "Imported {count} rows from {shown}; they are checked below"
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
    /// draft was made, and an LOA older than the carrier accepts.
    fn external_problems(&self) -> Vec<validate::Problem> {
        let Some(w) = self.wizard() else {
            return Vec::new();
        };
        carrier::presubmit_problems(
            self.network.as_ref(),
            &w.order.fields,
            &self.holders(&w.order.id),
            w.today,
        )
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
                if n == 1 { "" } else { "s" }
            ));
            return;
        }
        let f = &w.order.fields;
        let group = f.group.as_ref().expect("a clean order has its numbers");
        self.modal = Some(Modal::Confirm(Confirm {
            question: Question::Submit,
            title: "Submit the port order".into(),
            body: format!(
                "Send {:?} ({} number{}) to {} for a port on {} at {} ET? The carrier answers in 3-5 business days in the US, 5-7 in Canada. After this, the order can no longer be edited here.",
                strip_controls(f.order_name.trim()),
                group.numbers.len(),
                if group.numbers.len() == 1 { "" } else { "s" },
                group.carrier_name,
                f.port_date.trim(),
                f.port_time.trim()
            ),
            yes: "Submit",
            no: "Keep editing",
        }));
    }

    fn submit(&mut self) {
        let now = self.clock.now();
        let Screen::Wizard(w) = &mut self.screen else {
            return;
        };
        let f = &w.order.fields;
        let moment = parse_date(&f.port_date)
            .ok()
            .zip(parse_time(&f.port_time).ok())
            .and_then(|(d, t)| port_moment(d, t));
        let carrier_name = f
            .group
            .as_ref()
            .map(|g| g.carrier_name.clone())
            .unwrap_or_default();
        let count = w.order.numbers().len();
        let mut submitted = w.order.clone();
        submitted.status = Status::Submitted;
        submitted.submitted_at = Some(now.timestamp());
        submitted.updated_at = now.timestamp();
        submitted.requested_port_at = moment.clone();
        submitted.timeline.push(TimelineEntry {
            at: now.timestamp(),
            actor: Actor::Administrator,
            detail: format!(
                "Submitted to {carrier_name}: {count} number{}, port requested for {}",
                if count == 1 { "" } else { "s" },
                moment
                    .map(|m| m.strftime("%Y-%m-%d %H:%M ET").to_string())
                    .unwrap_or_default()
            ),
        });
        match self.store.save(&mut submitted) {
            Ok(()) => {
                w.order = submitted;
                w.dirty = false;
                let name = strip_controls(&w.order.display_name());
                let id = w.order.id.clone();
                let saved = w.order.clone();
                match self.orders.iter_mut().find(|o| o.id == id) {
                    Some(slot) => *slot = saved,
                    None => self.orders.insert(0, saved),
                }
                self.screen = Screen::History;
                self.history.selected = self.orders.iter().position(|o| o.id == id).unwrap_or(0);
                self.history.refresh(&self.orders);
                self.info(format!("Order {name} ({id}) submitted to {carrier_name}."));
            }
            Err(e) => self.error(format!("{e} The order was not submitted.")),
        }
    }

    fn start_other_groups(&mut self) {
        let now = self.clock.now();
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
            let mut draft = Order::new_draft(self.store.new_order_id(&now), now.timestamp());
            draft.fields.country = country;
            draft.fields.numbers_text = group
                .numbers
                .iter()
                .map(|n| n.national())
                .collect::<Vec<_>>()
                .join("\n");
            draft.fields.group = Some(group);
            draft.wizard.step = 3;
            match self.store.save(&mut draft) {
                Ok(()) => {
                    created.push(draft.id.clone());
                    self.orders.insert(0, draft);
                }
                Err(e) => {
                    self.error(e.to_string());
                    return;
                }
            }
        }
        self.history.refresh(&self.orders);
        if created.is_empty() {
            self.info("Every group is in this order already.");
        } else {
            self.info(format!(
                "Started {} new draft{} ({}) for the other groups; they are in the order list.",
                created.len(),
                if created.len() == 1 { "" } else { "s" },
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
        }
    }

    fn delete_draft(&mut self, id: &str) {
        let Some(order) = self.orders.iter().find(|o| o.id == id).cloned() else {
            return;
        };
        match self.store.delete(&order) {
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
        let now = self
            .clock
            .now()
            .strftime("%a %Y-%m-%d %H:%M ET")
            .to_string();
        match &self.screen {
            Screen::History => ("portwiz · Port orders".into(), now),
            Screen::Wizard(w) if w.read_only => (format!("portwiz · Order {}", w.order.id), now),
            Screen::Wizard(w) => {
                let step = validate::step(w.step);
                (
                    format!("portwiz · Step {} of 8 — {}", step.number, step.name),
                    format!("{} · {now}", w.order.id),
                )
            }
        }
    }

    /// The help bar's hints and the key that opens help, from the keymap in force.
    fn current_hints(&self) -> (Vec<(&'static str, &'static str)>, &'static str) {
        match (&self.modal, &self.screen) {
            (Some(Modal::Help(h)), _) => (hints(help::KEYMAP, h), "F1"),
            (Some(Modal::Confirm(c)), _) => (hints(confirm::KEYMAP, c), ""),
            (Some(Modal::Calendar(p)), _) => (hints(calendar::KEYMAP, p), ""),
            (Some(Modal::Browser(b)), _) => (hints(file_browser::KEYMAP, b), ""),
            (None, Screen::History) => (
                hints(history::KEYMAP, &self.history),
                keymap::help_key(history::KEYMAP, &self.history),
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
        let body = Rect {
            x: area.x + 1,
            y: area.y + 2,
            width: area.width - 2,
            height: area.height - 4,
        };
        let cursor = match &self.screen {
            Screen::History => {
                history::render(
                    &self.history,
                    &self.orders,
                    self.network.description(),
                    body,
                    buf,
                    theme,
                );
                None
            }
            Screen::Wizard(w) => wizard::render(w, body, buf, theme),
        };
        if let Some(notice) = &self.notice {
            let (prefix, style) = match notice.tone {
                Tone::Info => ("✓ ", theme.ok),
                Tone::Error => ("✗ ", theme.error),
            };
            put(
                buf,
                area.x + 1,
                area.bottom() - 2,
                area.width - 2,
                &format!("{prefix}{}", notice.text),
                style,
            );
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
        match &self.modal {
            Some(Modal::Help(h)) => help::render(h, body, buf, theme),
            Some(Modal::Confirm(c)) => confirm::render(c, body, buf, theme),
            Some(Modal::Calendar(p)) => calendar::render(p, body, buf, theme),
            Some(Modal::Browser(b)) => file_browser::render(b, body, buf, theme),
            None => {
                if let Some(position) = cursor {
                    frame.set_cursor_position(position);
                }
            }
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

//! The CSR beside the form (SPEC §12), the wizard's first companion: what the wizard holds of the
//! losing carrier's record of the account (asked for, pending, refused or received), its keys
//! (request it, copy a value in, toggle the view), the tasks that ask the carrier and read the
//! CSR book, and how it is written beside the form's fields. Every verdict is `domain::csr`'s;
//! this module only words it and lays it out.

use crate::domain::csr::{
    COMPARED, Csr, CsrAddress, CsrEntry, CsrRefusal, CsrRequest, CsrTicket, Verdict,
};
use crate::domain::order::{Order, OrderFields};
use crate::domain::phone::PhoneNumber;
use crate::domain::validate::{Field, Problem};
use crate::strings;
use crate::ui::component::{Command, Ctx, Reply, Step, Task};
use crate::ui::keymap::{self, Binding, ctrl};
use crate::ui::screens::wizard::Note;
use crate::ui::screens::wizard::companion::{Ask, At, Beside, COLUMN_MIN_WIDTH, Companion};
use crate::ui::theme::Theme;
use crate::workspace::CsrFailure;
use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::Style;
use std::any::Any;

#[derive(Debug, Clone, Default)]
pub struct CsrView {
    /// The entry kept with the order, as last read from the store.
    entry: Option<CsrEntry>,
    /// A request is on its way to the carrier.
    asking: bool,
    /// Why the last request was refused (and the field that says it), until the next one.
    refused: Option<(Option<Field>, String)>,
    /// The toggle: the CSR is shown where it is not by default (narrow), or hidden where it is.
    toggled: bool,
    /// The clock when the wizard last looked (a CSR's age counts from it).
    now: Timestamp,
}

/// What the CSR's tasks find, for the view of the order that asked.
enum Found {
    /// The answer to a request, as kept: the entry, or why it was refused.
    Answered {
        order: String,
        kept: Result<CsrEntry, CsrFailure>,
    },
    /// The entry kept with the order, as the store has it now (the clock may have brought it).
    Kept {
        order: String,
        entry: Option<CsrEntry>,
    },
    /// The CSR book could not be read.
    Unreadable(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Request,
    /// ^R while a request is out: says when its answer is due, and asks nothing.
    SayPending,
    TakeValue,
    /// ^L where the CSR holds nothing for the field (or no CSR is held): says so.
    SayNoValue,
    Toggle,
}

/// What the keymap's conditions read: where the wizard stands, and what the view holds there.
#[derive(Debug, Clone, Copy)]
struct Keys {
    at: At,
    held: bool,
    /// A request is out (on its way, or taken by the carrier and not answered yet).
    pending: bool,
    /// The CSR holds a value for the focused field.
    value_here: bool,
}

/// The steps whose fields a CSR request takes (BTN, account number, PIN) or its values compare.
fn on_csr_steps(at: At) -> bool {
    at.editing && (3..=5).contains(&at.step)
}
fn has_csr(k: &Keys) -> bool {
    on_csr_steps(k.at) && k.held
}
/// A request may go: none is out (a second would only use another of the account's tries).
fn may_ask(k: &Keys) -> bool {
    on_csr_steps(k.at) && !k.pending
}
fn awaits_csr(k: &Keys) -> bool {
    may_ask(k) && !k.held
}
fn asks_again(k: &Keys) -> bool {
    may_ask(k) && k.held
}
fn csr_pending(k: &Keys) -> bool {
    on_csr_steps(k.at) && k.pending
}
fn on_csr_value(k: &Keys) -> bool {
    k.at.editing && k.value_here
}
fn off_csr_value(k: &Keys) -> bool {
    on_csr_steps(k.at) && !k.value_here
}

// In the order the help bar drops them from its end where it is narrow: the key for the field in
// front first.
static KEYMAP: &[Binding<Keys, Action>] = &[
    Binding {
        keys: &[ctrl('l')],
        shown: "^L",
        label: "use CSR value",
        action: Action::TakeValue,
        hint: true,
        when: on_csr_value,
    },
    Binding {
        keys: &[ctrl('r')],
        shown: "^R",
        label: "get CSR",
        action: Action::Request,
        hint: true,
        when: awaits_csr,
    },
    Binding {
        keys: &[ctrl('x')],
        shown: "^X",
        label: "CSR view",
        action: Action::Toggle,
        hint: true,
        when: has_csr,
    },
    // Asked again once one is held (after a change of the account's values): not in the bar.
    Binding {
        keys: &[ctrl('r')],
        shown: "^R",
        label: "request the CSR again",
        action: Action::Request,
        hint: false,
        when: asks_again,
    },
    // Where there is nothing to copy in, the key says why: not in the bar.
    Binding {
        keys: &[ctrl('l')],
        shown: "^L",
        label: "why there is no CSR value to use",
        action: Action::SayNoValue,
        hint: false,
        when: off_csr_value,
    },
    // While a request is out, nothing is asked: the step says it is pending already.
    Binding {
        keys: &[ctrl('r')],
        shown: "^R",
        label: "when the pending CSR is due",
        action: Action::SayPending,
        hint: false,
        when: csr_pending,
    },
];

impl CsrView {
    /// The CSR received, if one was.
    pub fn csr(&self) -> Option<&Csr> {
        self.entry.as_ref()?.received.as_ref()
    }

    /// The request waiting for its answer, if any.
    pub fn pending(&self) -> Option<&CsrTicket> {
        self.entry.as_ref()?.pending.as_ref()
    }

    pub fn refusal(&self) -> Option<&str> {
        self.refused.as_ref().map(|(_, why)| why.as_str())
    }

    fn keys(&self, at: At) -> Keys {
        let value_here = at.focused.is_some_and(|f| self.value(f).is_some());
        Keys {
            at,
            held: self.csr().is_some(),
            pending: self.asking || self.pending().is_some(),
            value_here,
        }
    }

    /// The CSR's value to copy into `field`, where it holds one.
    fn value(&self, field: Field) -> Option<String> {
        self.csr()?.value(field)
    }

    /// Asks the carrier for the CSR with the form's BTN, account number and PIN; what cannot
    /// be a request is said, and nothing is sent.
    fn request(&mut self, order: &Order) -> Vec<Ask> {
        let f = &order.fields;
        let error = |why: &str| vec![Ask::Command(Command::Error(why.into()))];
        let Ok(btn) = PhoneNumber::parse(&f.btn) else {
            return error(strings::CSR_NEEDS_BTN);
        };
        // Asked without an account number, a carrier would refuse it and count a wrong try.
        if f.account_number.trim().is_empty() {
            return error(strings::CSR_NEEDS_ACCOUNT);
        }
        self.asking = true;
        self.refused = None;
        let request = CsrRequest {
            btn,
            account_number: f.account_number.trim().to_string(),
            pin: f.account_pin.clone(),
        };
        vec![Ask::Command(Command::Perform(ask_carrier(
            request,
            order.id.clone(),
        )))]
    }

    /// A request is out: says so, and when its answer is expected, where the carrier said.
    fn say_pending(&self) -> Vec<Ask> {
        let said = match self.pending() {
            Some(ticket) => {
                strings::csr_already_pending(&ticket.carrier_name, ticket.asked_at, ticket.ready_at)
            }
            None => strings::CSR_ALREADY_ASKING.to_string(),
        };
        vec![Ask::Command(Command::Info(said))]
    }

    /// The request was refused: says why, under the field it is about when there is one.
    fn refused(&mut self, failure: CsrFailure) -> Vec<Ask> {
        let (field, why) = match failure {
            CsrFailure::BadPin(why) => (Some(Field::AccountPin), strings::csr_not_sent(&why)),
            CsrFailure::Refused { refusal, message } => {
                let field = match refusal {
                    CsrRefusal::UnknownBtn => Some(Field::Btn),
                    CsrRefusal::AccountNumberWrong { .. } => Some(Field::AccountNumber),
                    CsrRefusal::PinMissing { .. } | CsrRefusal::PinWrong { .. } => {
                        Some(Field::AccountPin)
                    }
                    CsrRefusal::TooManyWrong { .. } => None,
                };
                (field, message)
            }
            CsrFailure::Store(why) => (None, why),
        };
        self.refused = Some((field, why.clone()));
        let note = |field| Ask::Note {
            field,
            note: Note::Error(why),
        };
        field.map(note).into_iter().collect()
    }

    /// Where the CSR stands, in words: asking, refused, pending, received (nothing before the
    /// first request). On a step (`on_step`), a refusal about one of its fields is said in full
    /// under that field; about a field of another step, in full here.
    fn status(
        &self,
        fields: &OrderFields,
        on_step: Option<u8>,
        theme: &Theme,
    ) -> Vec<(String, Style)> {
        let mut lines = Vec::new();
        if self.asking {
            lines.push((strings::CSR_ASKING.to_string(), theme.dim));
        }
        match &self.refused {
            Some((Some(field), _)) if on_step == Some(field.step()) => {
                lines.push((strings::csr_refused_at(field.label()), theme.error))
            }
            Some((_, why)) => lines.push((strings::csr_refused(why), theme.error)),
            None => {}
        }
        if let Some(csr) = self.csr() {
            let ago = strings::received_ago(csr.received_at, self.now);
            let (differing, warned) = (csr.problems(fields).len(), csr.warnings(fields).len());
            let text =
                strings::csr_received(&csr.carrier_name, &ago, csr.received_at, differing, warned);
            let style = if differing + warned == 0 {
                theme.ok
            } else {
                theme.warning
            };
            lines.push((text, style));
        }
        if let Some(ticket) = self.pending() {
            let text = strings::csr_pending(&ticket.carrier_name, ticket.asked_at, ticket.ready_at);
            lines.push((text, theme.dim));
        }
        lines
    }

    /// The billing address, where the CSR's is another place than its service address.
    fn billing_elsewhere(&self) -> Option<String> {
        let csr = self.csr().filter(|csr| csr.billing_differs())?;
        Some(strings::csr_billing_elsewhere(&one_line(
            &csr.billing_address,
        )))
    }

    /// Takes in what a task found for the order `order`.
    fn found(&mut self, found: Found, order: &Order) -> Vec<Ask> {
        match found {
            // What was asked for another order (the wizard was closed meanwhile) is kept with that
            // order, and not shown here.
            Found::Answered { order: of, .. } | Found::Kept { order: of, .. } if of != order.id => {
                Vec::new()
            }
            Found::Answered {
                kept: Ok(entry), ..
            } => {
                self.asking = false;
                self.entry = Some(entry);
                Vec::new()
            }
            Found::Answered {
                kept: Err(failure), ..
            } => {
                self.asking = false;
                self.refused(failure)
            }
            Found::Kept { entry, .. } => {
                self.entry = entry;
                Vec::new()
            }
            Found::Unreadable(why) => vec![Ask::Command(Command::Error(why))],
        }
    }
}

/// A reply of what a task found.
fn reply(found: Found) -> Step {
    Step::Reply(Reply::Performed(Box::new(found)))
}

/// Asks the carrier for a CSR (on the job thread: the carrier may be slow to take it), then keeps
/// what it said in the CSR book.
fn ask_carrier(request: CsrRequest, order: String) -> Task {
    Task::new(
        move |ws| match ws.ask_for_csr(request, Some(order.clone())) {
            Ok(ask) => Step::Background(Box::new(move || {
                let asked = ask();
                Task::new(move |ws| {
                    let kept = ws.keep_csr(asked);
                    reply(Found::Answered { order, kept })
                })
            })),
            Err(failure) => reply(Found::Answered {
                order,
                kept: Err(failure),
            }),
        },
    )
}

/// Reads the CSR kept with the order billed to `btn`, as the store has it now.
fn read_kept(order: String, btn: Option<PhoneNumber>) -> Task {
    Task::new(move |ws| {
        reply(match ws.csr_book() {
            Ok(book) => {
                let entry = book.of_order_billed(&order, btn.as_ref()).cloned();
                Found::Kept { order, entry }
            }
            Err(why) => Found::Unreadable(why),
        })
    })
}

impl Companion for CsrView {
    fn name(&self) -> &'static str {
        "CSR"
    }

    fn hints(&self, at: At) -> Vec<(&'static str, &'static str)> {
        keymap::hints(KEYMAP, &self.keys(at))
    }

    fn help_lines(&self, at: At) -> Vec<(&'static str, &'static str)> {
        keymap::help_lines(KEYMAP, &self.keys(at))
    }

    fn key(&mut self, key: &KeyEvent, at: At, order: &Order) -> Option<Vec<Ask>> {
        let action = keymap::lookup(KEYMAP, &self.keys(at), key)?;
        Some(match action {
            Action::Request => self.request(order),
            Action::SayPending => self.say_pending(),
            Action::TakeValue => {
                let field = at.focused?;
                let value = self.value(field)?;
                let note = Note::Info(strings::csr_taken(field.label()));
                vec![Ask::Fill { field, value }, Ask::Note { field, note }]
            }
            Action::SayNoValue => {
                let said = match (self.csr(), at.focused) {
                    (Some(_), Some(field)) => strings::csr_holds_no_value(field.label()),
                    _ => strings::CSR_NOTHING_TO_USE.to_string(),
                };
                vec![Ask::Command(Command::Info(said))]
            }
            Action::Toggle => {
                self.toggled = !self.toggled;
                Vec::new()
            }
        })
    }

    fn refreshed(&mut self, order: &Order, ctx: &Ctx) -> Vec<Ask> {
        self.now = ctx.clock.now().timestamp();
        let btn = PhoneNumber::parse(&order.fields.btn).ok();
        let read = read_kept(order.id.clone(), btn);
        vec![Ask::Command(Command::Perform(read))]
    }

    fn told(
        &mut self,
        message: Box<dyn Any + Send>,
        order: &Order,
    ) -> Result<Vec<Ask>, Box<dyn Any + Send>> {
        let found = message.downcast::<Found>()?;
        Ok(self.found(*found, order))
    }

    fn problems(&self, fields: &OrderFields) -> Vec<Problem> {
        self.csr()
            .map(|csr| csr.problems(fields))
            .unwrap_or_default()
    }

    fn warnings(&self, fields: &OrderFields) -> Vec<Problem> {
        self.csr()
            .map(|csr| csr.warnings(fields))
            .unwrap_or_default()
    }

    fn judged(&self, fields: &OrderFields) -> Vec<Field> {
        self.csr().map(|csr| csr.judged(fields)).unwrap_or_default()
    }

    fn placement(&self, at: At, width: u16) -> Beside {
        let shown = self.csr().is_some() && (width >= COLUMN_MIN_WIDTH) != self.toggled;
        match on_csr_steps(at) && shown {
            false => Beside::Nowhere,
            true if width >= COLUMN_MIN_WIDTH => Beside::Column,
            true => Beside::Line,
        }
    }

    fn toggled(&self) -> bool {
        self.toggled
    }

    fn set_toggled(&mut self, toggled: bool) {
        self.toggled = toggled;
    }

    fn heading(&self) -> String {
        strings::csr_column(self.csr().map(|c| c.carrier_name.as_str()))
    }

    /// The CSR's value of a compared field and the verdict on the order's, in words (none for a
    /// field the CSR is not compared on, or before a CSR arrived).
    fn beside(&self, fields: &OrderFields, field: Field, theme: &Theme) -> Option<(String, Style)> {
        let csr = self.csr().filter(|_| COMPARED.contains(&field))?;
        let value = csr.value(field);
        let (mark, text, style) = match csr.standing(fields, field) {
            Verdict::Matches => ("✓", strings::CSR_MATCHES, theme.ok),
            Verdict::Differs => ("✗", strings::CSR_DIFFERS, theme.error),
            Verdict::NotOnCsr => ("–", strings::CSR_NOT_ON, theme.dim),
            Verdict::NotEntered => {
                let text = strings::csr_not_entered(value.as_deref().unwrap_or_default());
                return Some((format!("○ {text}"), theme.dim));
            }
        };
        let text = strings::csr_beside(value.as_deref(), text);
        Some((format!("{mark} {text}"), style))
    }

    /// Under the fields of steps 3 to 5: where the CSR stands (and, on the address step, a
    /// billing address that is not the service address).
    fn under_step(&self, at: At, fields: &OrderFields, theme: &Theme) -> Vec<(String, Style)> {
        if !on_csr_steps(at) {
            return Vec::new();
        }
        let billing = self
            .billing_elsewhere()
            .filter(|_| at.step == Field::Street.step());
        let mut lines: Vec<(String, Style)> = (billing.into_iter())
            .map(|billing| (format!("! {billing}"), theme.warning))
            .collect();
        let status = self.status(fields, Some(at.step), theme);
        if status.is_empty() {
            lines.push((strings::CSR_NONE.into(), theme.dim));
        }
        lines.extend(status);
        lines
    }

    fn review(&self, fields: &OrderFields, theme: &Theme) -> Vec<(String, Style)> {
        let status = self.status(fields, None, theme);
        match status.is_empty() {
            true => vec![(strings::CSR_NONE_REVIEW.into(), theme.dim)],
            false => status,
        }
    }
}

fn one_line(address: &CsrAddress) -> String {
    let parts = [
        address.street.as_str(),
        address.suite.as_str(),
        address.city.as_str(),
    ];
    let mut line: Vec<&str> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    let region = format!("{} {}", address.region, address.postal_code);
    line.push(region.trim());
    line.join(", ")
}

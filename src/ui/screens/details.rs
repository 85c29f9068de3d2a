//! Order details (SPEC §4): the status banner, the carrier's reasons with what to do, the support
//! ticket, dates, every field (PIN masked), the numbers, the documents, what changed between
//! submissions, and the timeline. Only the actions the status allows are offered.

use crate::carrier::CarrierNetwork;
use crate::clock::show;
use crate::domain::calendar::{self, eastern};
use crate::domain::fields;
use crate::domain::order::{Order, changes};
use crate::domain::status::Status;
use crate::domain::validate::Field;
use crate::lifecycle;
use crate::lifecycle::Due;
use crate::strings::{self, Reader};
use crate::text::strip_controls;
use crate::ui::component::{self, Command, Ctx, Reply, Screen, Title};
use crate::ui::keymap::{self, Binding, always, ch, plain};
use crate::ui::popups::confirm::Confirm;
use crate::ui::popups::prompt::{self, Prompt, PromptField, Purpose};
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::{self, Move, Scrolled};
use crate::ui::widgets::{drawable, order_summary, page, put, wrap_outside};
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Update,
    Cancel,
    Assist,
    Edit,
    Clone,
    Withdraw,
    CopyId,
    Export,
    Documents,
    AdvanceClock,
    Scroll(Move),
    Back,
    Help,
}

/// Which order is shown and how far it is scrolled; the order itself belongs to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsState {
    pub id: String,
    pub status: Status,
    pub scroll: Scrolled,
    /// From a newer portwiz: nothing may change it here.
    pub read_only: bool,
    /// The order as last read, and when its next event falls due (worked out when it was read).
    pub order: Box<Order>,
    pub due: Option<(Timestamp, Due)>,
    /// The clock when the order was last read or the clock moved: what may be done depends on it
    /// (no cancellation in the last 24 hours before the port).
    pub now: Timestamp,
}

impl DetailsState {
    pub fn new(
        order: Order,
        due: Option<(Timestamp, Due)>,
        read_only: bool,
        now: Timestamp,
    ) -> DetailsState {
        DetailsState {
            id: order.id.clone(),
            status: order.status,
            scroll: Scrolled::TOP,
            read_only,
            order: Box::new(order),
            due,
            now,
        }
    }

    /// A newer version of the order; a new status has a new banner, so the page shows from its top.
    fn show(&mut self, order: Order, due: Option<(Timestamp, Due)>) {
        if self.status != order.status {
            self.status = order.status;
            self.scroll = Scrolled::TOP;
        }
        self.due = due;
        *self.order = order;
    }

    fn ask_cancel(&self, ctx: &Ctx) -> Command {
        let order = &self.order;
        match lifecycle::can_cancel(order, ctx.clock.now().timestamp()) {
            Err(reason) => Command::Error(strings::cannot_cancel(&reason)),
            Ok(()) => Command::Popup(Box::new(Confirm::new(
                strings::CANCEL_TITLE,
                strings::cancel_body(
                    order.carrier_name().unwrap_or("the carrier"),
                    &strip_controls(&order.display_name()),
                    &order.id,
                ),
                strings::CANCEL_THE_ORDER,
                strings::KEEP_IT,
                Command::CancelOrder(self.id.clone()),
            ))),
        }
    }

    fn ask_assistance(&self) -> Command {
        let (title, note) = match &self.order.ticket {
            Some(ticket) if self.order.status == Status::SupportEngaged => {
                (strings::COMMENT_TITLE, strings::comment_note(&ticket.id))
            }
            _ => (strings::ASSIST_TITLE, strings::ASSIST_NOTE.to_string()),
        };
        Command::Popup(Box::new(Prompt::new(
            Purpose::Assistance {
                order_id: self.id.clone(),
            },
            title,
            &note,
            vec![PromptField::text(strings::MESSAGE_FIELD, "")],
        )))
    }

    fn ask_edit(&self) -> Command {
        let fields = &self.order.fields;
        Command::Popup(Box::new(Prompt::new(
            Purpose::Edit {
                order_id: self.id.clone(),
                name: fields.order_name.trim().to_string(),
                emails: fields.notification_emails.trim().to_string(),
            },
            strings::EDIT_TITLE,
            strings::EDIT_NOTE,
            vec![
                PromptField::text(strings::EDIT_NAME_FIELD, fields.order_name.trim()),
                PromptField::text(
                    strings::EDIT_EMAILS_FIELD,
                    fields.notification_emails.trim(),
                ),
            ],
        )))
    }

    fn ask_export(&self) -> Command {
        Command::Popup(Box::new(Prompt::new(
            Purpose::Export {
                order_id: self.id.clone(),
            },
            strings::EXPORT_TITLE,
            strings::EXPORT_NOTE,
            vec![PromptField::text(
                strings::EXPORT_FIELD,
                &strings::export_file_name(&self.id),
            )],
        )))
    }

    /// Scrolls the page (Home and End to its top and its end).
    pub fn scroll_by(&mut self, step: Move) {
        self.scroll = self.scroll.moved(step);
    }
}

impl Screen for DetailsState {
    type Action = Action;

    fn keymap() -> &'static [Binding<DetailsState, Action>] {
        &KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, ctx: &Ctx) -> Vec<Command> {
        vec![match action {
            Action::Back => Command::Home(Some(self.id.clone())),
            Action::Update => Command::EditOrder(self.id.clone()),
            Action::Cancel => self.ask_cancel(ctx),
            Action::Assist => self.ask_assistance(),
            Action::Edit => self.ask_edit(),
            Action::Clone => Command::CloneOrder(self.order.clone()),
            Action::Withdraw => Command::Popup(Box::new(Confirm::new(
                strings::WITHDRAW_TITLE,
                strings::WITHDRAW_BODY.to_string(),
                strings::WITHDRAW,
                strings::KEEP_WAITING,
                Command::WithdrawSignature(self.id.clone()),
            ))),
            Action::CopyId => Command::Copy {
                text: self.id.clone(),
                what: strings::copied_id(&self.id),
            },
            Action::Export => self.ask_export(),
            Action::Documents => Command::ShowDocuments(Box::new(self.clone())),
            Action::AdvanceClock => prompt::ask_clock(ctx),
            Action::Help => component::help(self, strings::HELP_DETAILS),
            Action::Scroll(step) => {
                self.scroll_by(step);
                return Vec::new();
            }
        }]
    }

    fn told(&mut self, reply: Reply, ctx: &Ctx) -> Vec<Command> {
        if let Reply::Order(order, due) = reply
            && order.id == self.id
        {
            self.now = ctx.clock.now().timestamp();
            self.show(*order, due);
        }
        Vec::new()
    }

    fn refreshed(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.now = ctx.clock.now().timestamp();
        Vec::new()
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }

    fn heading(&self, _ctx: &Ctx) -> Title {
        Title {
            left: strings::TITLE_ORDER.into(),
            before_clock: Some(self.id.clone()),
        }
    }

    fn shown_order(&self) -> Option<&str> {
        Some(&self.id)
    }
}

fn is(status: Status) -> impl Fn(&DetailsState) -> bool {
    move |s| s.status == status
}
fn rejected(s: &DetailsState) -> bool {
    !s.read_only && is(Status::CustomerActionRequired)(s)
}
fn cancelable(s: &DetailsState) -> bool {
    !s.read_only && lifecycle::can_cancel(&s.order, s.now).is_ok()
}
fn assistable(s: &DetailsState) -> bool {
    !s.read_only && matches!(s.status, Status::Submitted | Status::CustomerActionRequired)
}
fn with_support(s: &DetailsState) -> bool {
    !s.read_only && is(Status::SupportEngaged)(s)
}
fn editable(s: &DetailsState) -> bool {
    !s.read_only && matches!(s.status, Status::Submitted | Status::FocConfirmed)
}
fn waiting_for_signature(s: &DetailsState) -> bool {
    !s.read_only && is(Status::WaitingForSignature)(s)
}
fn canceled(s: &DetailsState) -> bool {
    !s.read_only && is(Status::Canceled)(s)
}

const ACTIONS: &[Binding<DetailsState, Action>] = &[
    Binding {
        keys: &[ch('u')],
        shown: "u",
        label: "update",
        action: Action::Update,
        hint: true,
        when: rejected,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        label: "support",
        action: Action::Assist,
        hint: true,
        when: assistable,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        label: "comment",
        action: Action::Assist,
        hint: true,
        when: with_support,
    },
    Binding {
        keys: &[ch('e')],
        shown: "e",
        label: "rename / emails",
        action: Action::Edit,
        hint: true,
        when: editable,
    },
    Binding {
        keys: &[ch('n')],
        shown: "n",
        label: "new draft from it",
        action: Action::Clone,
        hint: true,
        when: canceled,
    },
    Binding {
        keys: &[ch('w')],
        shown: "w",
        label: "withdraw signature request",
        action: Action::Withdraw,
        hint: true,
        when: waiting_for_signature,
    },
    Binding {
        keys: &[ch('c')],
        shown: "c",
        label: "cancel",
        action: Action::Cancel,
        hint: true,
        when: cancelable,
    },
    Binding {
        keys: &[ch('y')],
        shown: "y",
        label: "copy ID",
        action: Action::CopyId,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[ch('x')],
        shown: "x",
        label: "export",
        action: Action::Export,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Esc), ch('q')],
        shown: "Esc",
        label: "back",
        action: Action::Back,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[ch('t')],
        shown: "t",
        label: "clock",
        action: Action::AdvanceClock,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[ch('d')],
        shown: "d",
        label: "documents",
        action: Action::Documents,
        hint: true,
        when: always,
    },
];

const HELP: &[Binding<DetailsState, Action>] = &[keymap::help_binding(Action::Help)];

/// In the order the help bar drops them from its end where the line is short (80 columns): what
/// this order's status allows, then copy and export, back, the clock, the documents, and scrolling
/// last (the page says itself when there is more below, and how to scroll).
pub static KEYMAP: [Binding<DetailsState, Action>; 19] = keymap::join(&[
    ACTIONS,
    &scroll::keys([
        Action::Scroll(Move::Up),
        Action::Scroll(Move::Down),
        Action::Scroll(Move::PageUp),
        Action::Scroll(Move::PageDown),
    ]),
    &scroll::ends([Action::Scroll(Move::Home), Action::Scroll(Move::End)]),
    HELP,
]);

fn show_ts(at: Timestamp) -> String {
    show(&at.to_zoned(eastern()))
}

/// The banner: what the status means and what the administrator can do, in words.
fn banner(order: &Order, due: Option<(Timestamp, Due)>, reader: Reader) -> (String, Status) {
    let carrier = order.carrier_name().unwrap_or("the carrier");
    let expected = due.map(|(at, _)| show_ts(at)).unwrap_or_default();
    let ticket = order.ticket.as_ref().map(|t| t.id.as_str()).unwrap_or("-");
    let foc = order.foc_at.as_ref().map(show).unwrap_or_default();
    let text = match (&order.signature_request, due) {
        // The signer answered without signing: what is left is the expiry, not a signature.
        (Some(request), Some((at, Due::SignatureExpires))) => {
            strings::signature_unanswered(&strip_controls(&request.email), &show_ts(at), reader)
        }
        _ => strings::status_banner(order.status, carrier, &expected, ticket, &foc, reader),
    };
    (text, order.status)
}

fn banner_style(status: Status, theme: &Theme) -> Style {
    match status {
        Status::CustomerActionRequired => theme.error,
        Status::FocConfirmed | Status::Completed => theme.ok,
        Status::SupportEngaged | Status::CancellationRequested | Status::WaitingForSignature => {
            theme.warning
        }
        _ => theme.title,
    }
}

/// Every line of the page, before scrolling, or of its export for `Reader::File`; a text taller
/// than the page (`height` lines) is cut, so that the page costs what it shows whatever the order
/// file holds.
fn lines(
    state: &DetailsState,
    width: usize,
    height: usize,
    theme: &Theme,
    reader: Reader,
) -> Vec<(String, Style)> {
    let (order, due) = (&*state.order, state.due);
    let mut out: Vec<(String, Style)> = Vec::new();
    let push_wrapped =
        |out: &mut Vec<(String, Style)>, first: &str, rest: &str, text: &str, style: Style| {
            for (i, line) in wrap_outside(
                text,
                width.saturating_sub(first.len().max(rest.len())),
                height,
            )
            .into_iter()
            .enumerate()
            {
                out.push((
                    format!("{}{line}", if i == 0 { first } else { rest }),
                    style,
                ));
            }
        };
    let (text, status) = banner(order, due, reader);
    if order.schema_version > crate::domain::order::SCHEMA_VERSION {
        push_wrapped(&mut out, "", "", strings::SAVED_BY_NEWER, theme.warning);
    }
    push_wrapped(&mut out, "", "", &text, banner_style(status, theme));
    // Close to the port, cancelling is no longer offered: the page says why, and what to do.
    if let Err(reason) = lifecycle::can_cancel(order, state.now)
        && order.status.can_become(Status::CancellationRequested)
    {
        let why = strings::cannot_cancel(&reason);
        push_wrapped(&mut out, "", "", &why, theme.dim);
    }
    if let Some(rejection) = order.current_rejection() {
        out.push((String::new(), theme.base));
        out.push((
            strings::why_rejected(
                order.carrier_name().unwrap_or("the carrier"),
                &show_ts(rejection.at),
            ),
            theme.title,
        ));
        for c in &rejection.categories {
            push_wrapped(
                &mut out,
                "  ✗ ",
                "    ",
                &format!("{}: {}", c.title(), c.meaning()),
                theme.error,
            );
            push_wrapped(
                &mut out,
                strings::WHAT_TO_DO,
                "      ",
                c.recommended_action(),
                theme.base,
            );
            let fields: Vec<&str> = c.fields().iter().map(|f| f.label()).collect();
            let fields = if fields.is_empty() {
                strings::ONLY_THE_CARRIER_CAN_FIX.to_string()
            } else {
                fields.join(", ")
            };
            push_wrapped(
                &mut out,
                strings::FIELDS_TO_FIX,
                "      ",
                &fields,
                theme.dim,
            );
        }
    }
    if let Some(ticket) = &order.ticket {
        out.push((String::new(), theme.base));
        out.push((
            strings::ticket_heading(&ticket.id, &show_ts(ticket.opened_at)),
            theme.title,
        ));
        push_wrapped(&mut out, "  ", "  ", &ticket.reason, theme.base);
        for c in &ticket.comments {
            push_wrapped(
                &mut out,
                "  · ",
                "    ",
                &format!("{} {}: {}", show_ts(c.at), c.author.label(), c.text),
                theme.base,
            );
        }
    }
    out.push((String::new(), theme.base));
    out.push((strings::HEADING_DATES.into(), theme.title));
    if let Some(requested) = &order.requested_port_at {
        out.push((
            format!("    Requested port      {}", show(requested)),
            theme.base,
        ));
    }
    if let Some(foc) = &order.foc_at {
        out.push((format!("    Confirmed (FOC)     {}", show(foc)), theme.base));
    }
    if let Some(first) = order.submissions.first() {
        out.push((
            format!("    First submitted     {}", show_ts(first.at)),
            theme.base,
        ));
    }
    if let Some((at, what)) = due {
        let next = format!("{} at {}", what.describe(), show_ts(at));
        push_wrapped(
            &mut out,
            "    Next                ",
            &" ".repeat(24),
            &next,
            theme.base,
        );
    }
    out.push((String::new(), theme.base));
    // The Documents step's rows, then what else the page knows of the documents, under its one
    // heading.
    let documents = |step: u8| {
        if step == Field::LoaPath.step() {
            document_lines(order, width, height, theme)
        } else {
            Vec::new()
        }
    };
    out.extend(order_summary::lines_with(
        &order.fields,
        false,
        width,
        height,
        theme,
        &documents,
    ));
    let numbers = order.numbers();
    out.push((String::new(), theme.base));
    out.push((format!("Numbers ({})", numbers.len()), theme.title));
    let per_line = (width.saturating_sub(4) / 17).max(1);
    for chunk in numbers.chunks(per_line) {
        let row: Vec<String> = chunk
            .iter()
            .map(|n| format!("{:<16}", n.national()))
            .collect();
        out.push((format!("    {}", row.join(" ")), theme.base));
    }
    if order.submissions.len() > 1 {
        out.push((String::new(), theme.base));
        out.push((strings::HEADING_CHANGES.into(), theme.title));
        for pair in order.submissions.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            out.push((
                strings::submission_heading(after.number, &show_ts(after.at), after.by.label()),
                theme.base,
            ));
            let list = changes(&before.fields, &after.fields);
            if list.is_empty() {
                out.push((strings::NO_FIELD_CHANGED.into(), theme.dim));
            }
            for c in list {
                let secret = c.field.is_some_and(|f| fields::spec(f).secret);
                let text = strings::field_change(c.label, &c.before, &c.after, secret);
                push_wrapped(&mut out, "    ", "      ", &text, theme.base);
            }
        }
    }
    out.push((String::new(), theme.base));
    out.push((strings::HEADING_TIMELINE.into(), theme.title));
    for entry in order.timeline.iter().rev() {
        let head = format!(
            "  {}  {:<13} ",
            calendar::stamp(entry.at),
            entry.actor.label()
        );
        let indent = " ".repeat(head.chars().count());
        push_wrapped(&mut out, &head, &indent, &entry.detail, theme.base);
    }
    out
}

/// The rows of the Documents section after the step's own (the LOA and the day it was signed):
/// the attached copy's size, digest and name in the store, the e-signature, and the key that
/// lists the documents and shows their text.
fn document_lines(
    order: &Order,
    width: usize,
    height: usize,
    theme: &Theme,
) -> Vec<(String, Style)> {
    let mut out = Vec::new();
    let mut row = |label: &str, value: &str, style: Style| {
        let head = format!("    {label:<19} ");
        let indent = " ".repeat(head.len());
        let room = width.saturating_sub(head.len());
        for (i, line) in wrap_outside(value, room, height).into_iter().enumerate() {
            out.push((
                format!("{}{line}", if i == 0 { &head } else { &indent }),
                style,
            ));
        }
    };
    if let Some(loa) = &order.fields.loa {
        row(
            "Size",
            &strings::document_size(loa.size as usize),
            theme.dim,
        );
        row("SHA-256", &loa.sha256, theme.dim);
        let stored = format!("documents/{}", strip_controls(&loa.stored_name));
        row("Stored as", &stored, theme.dim);
    }
    if let Some(request) = &order.signature_request {
        let (signer, email) = (
            strip_controls(drawable(&request.signer, width)),
            strip_controls(drawable(&request.email, width)),
        );
        let line = match request.signed_at {
            Some(signed) => strings::signed_line(&signer, &email, &show_ts(signed)),
            None => strings::signature_line(
                &signer,
                &email,
                &show_ts(request.sent_at),
                &show_ts(lifecycle::signature_expiry(request.sent_at)),
            ),
        };
        row("E-signature", &line, theme.base);
    }
    row("", strings::DOCUMENTS_KEY_NOTE, theme.dim);
    out
}

pub fn render(state: &DetailsState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let order = &state.order;
    let title = format!(
        "{} · {} · {}",
        order.id,
        strip_controls(&order.display_name()),
        order.status.label()
    );
    put(buf, area.x, area.y, area.width, &title, theme.title);
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    let all = lines(
        state,
        usize::from(body.width),
        usize::from(body.height),
        theme,
        Reader::Page,
    );
    page::render_scrolled(
        &all,
        state.scroll,
        ("↑ or PgUp", "↓ or PgDn"),
        body,
        buf,
        theme,
    );
}

/// The width of an exported summary: as the page at 100 columns, which any text viewer shows.
const EXPORT_WIDTH: usize = 100;

/// The most lines one value or entry takes in an exported summary (the page cuts at its height).
const EXPORT_LINES: usize = 1_000;

/// The order as a readable text file, as the page's `x` writes it and `portwiz orders export
/// --format text` prints it: the page of a reader (read-only), with what the order waits for.
pub fn export_order(order: Order, network: &dyn CarrierNetwork, now: Timestamp) -> String {
    let due = lifecycle::next_due(&order, network);
    export_text(&DetailsState::new(order, due, true, now))
}

/// The order as a readable text file: its heading, then every line of the page unscrolled (every
/// value, the PIN only ever as dots), as on a terminal without colour.
pub fn export_text(state: &DetailsState) -> String {
    let order = &state.order;
    let mut text = format!(
        "{} · {} · {}\n{}\n\n",
        order.id,
        strip_controls(&order.display_name()),
        order.status.label(),
        strings::exported_at(&show_ts(state.now)),
    );
    for (line, _) in lines(
        state,
        EXPORT_WIDTH,
        EXPORT_LINES,
        &Theme::monochrome(),
        Reader::File,
    ) {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::{help_lines, hints, lookup};
    use jiff::ToSpan;
    use ratatui::crossterm::event::KeyModifiers;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// An order confirmed for a port at noon on 2026-12-14 (UTC), seen at `now`.
    fn confirmed(now: Timestamp) -> DetailsState {
        let mut order = Order::new_draft("PW-1".into(), at("2026-11-20T15:00:00Z"));
        order.status = Status::FocConfirmed;
        order.foc_at = Some(at("2026-12-14T12:00:00Z").to_zoned(eastern()));
        DetailsState::new(order, None, false, now)
    }

    /// The help listed `↑↓ scroll` and `↓/j scroll down` (↓ twice, and no k): one line says both
    /// ways, and k scrolls up as j scrolls down.
    #[test]
    fn the_help_names_each_scroll_key_once_and_k_scrolls_up() {
        let mut state = confirmed(at("2026-12-01T12:00:00Z"));
        let lines = help_lines(&KEYMAP, &state);
        let scrolling: Vec<_> = (lines.iter())
            .filter(|(keys, _)| keys.contains('↓'))
            .collect();
        assert_eq!(scrolling, [&("↑↓/jk", "scroll")], "{lines:?}");
        assert!(hints(&KEYMAP, &state).contains(&("↑↓/jk", "scroll")));
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        for (c, scroll) in [('j', 1), ('j', 2), ('k', 1)] {
            let Some(Action::Scroll(step)) = lookup(&KEYMAP, &state, &key(c)) else {
                panic!("{c} scrolls")
            };
            state.scroll_by(step);
            assert_eq!(state.scroll.rows, scroll);
        }
    }

    /// End (or G) did nothing on the details page: it shows the page's end, ↑ scrolls back from
    /// there one line, and Home (or g) shows the top again.
    #[test]
    fn end_shows_the_end_of_the_page_and_home_its_top() {
        let mut state = confirmed(at("2026-12-01T12:00:00Z"));
        let draw = |state: &DetailsState| {
            let area = Rect::new(0, 0, 78, 20);
            let mut buf = Buffer::empty(area);
            render(state, area, &mut buf, &Theme::monochrome());
            let row = |y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            };
            (0..area.height).map(row).collect::<Vec<_>>().join("\n")
        };
        let press = |state: &mut DetailsState, code| {
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            let Some(Action::Scroll(step)) = lookup(&KEYMAP, state, &key) else {
                panic!("{code:?} scrolls")
            };
            state.scroll_by(step);
        };
        let top = draw(&state);
        assert!(top.contains("more lines below"), "{top}");
        press(&mut state, KeyCode::End);
        let end = draw(&state);
        assert!(end.contains("↑ the end"), "{end}");
        assert!(
            end.contains("Draft created"),
            "the timeline's first event is last: {end}"
        );
        press(&mut state, KeyCode::Up);
        assert!(
            draw(&state).contains("↓ 1 more line below"),
            "{}",
            draw(&state)
        );
        press(&mut state, KeyCode::Down);
        assert_eq!(draw(&state), end);
        press(&mut state, KeyCode::Home);
        assert_eq!(draw(&state), top);
        press(&mut state, KeyCode::Char('G'));
        assert_eq!(draw(&state), end);
        press(&mut state, KeyCode::Char('g'));
        assert_eq!(draw(&state), top);
    }

    /// `c cancel` is offered until 24 hours before the port, not after (it stayed in the help bar).
    #[test]
    fn cancel_is_offered_only_while_it_can_be_done() {
        let foc = at("2026-12-14T12:00:00Z");
        let offered = |now: Timestamp| hints(&KEYMAP, &confirmed(now)).contains(&("c", "cancel"));
        assert!(offered(foc - 25.hours()));
        assert!(!offered(foc - 23.hours()));
    }
}

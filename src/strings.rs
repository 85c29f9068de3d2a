//! What the terminal app says to the administrator: headers, notices, popups' titles, notes and
//! questions. The router and the screens word nothing themselves; a sentence changes here.

use crate::domain::order::{PortGroup, Setback};
use crate::domain::status::Status;
use crate::domain::validate::Field;
use crate::workspace::{ClockStep, StatusChange};
use jiff::{Timestamp, Zoned};

use crate::clock::show as moment;

/// The ending of a count's noun: "1 digit", "2 digits".
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ---- the header ----

pub const TITLE_ORDERS: &str = "portwiz · Port orders";
pub const TITLE_NUMBERS: &str = "portwiz · The organization's numbers";

pub const TITLE_ORDER: &str = "portwiz · Order details";
pub const TITLE_DOCUMENTS: &str = "portwiz · Order documents";

/// The wizard's header: the same on every step, where the step's name would make it longer on
/// some than on others (the body's first line names the step whole).
pub fn title_step(updating: bool, number: u8) -> String {
    let what = if updating { "Update · " } else { "" };
    format!("portwiz · {what}Step {number} of 8")
}

/// What every title starts with; a narrow header drops it first.
pub const APP_PREFIX: &str = "portwiz · ";

pub fn clock(label: &str, now: &Zoned) -> String {
    format!("{label}: {}", moment(now))
}

/// The clock where the header is narrow: the moment, then what kind of clock it is.
pub fn clock_short(kind: &str, now: &Zoned) -> String {
    format!("{} ({kind})", moment(now))
}

pub const TOO_SMALL: &str = "Terminal too small";
pub const TOO_SMALL_KEPT: &str = "Enlarge the window; your work is kept.";
pub const TOO_SMALL_QUIT: &str = "Ctrl-C saves and quits.";

pub fn too_small_sizes(need: (u16, u16), have: (u16, u16)) -> String {
    format!("need {}x{}, have {}x{}", need.0, need.1, have.0, have.1)
}

/// Under a page taller than its area: how many lines are hidden below and which key scrolls (or
/// that this is the end, and which key scrolls back); `keys` are (back, on).
pub fn page_more(hidden: usize, keys: (&str, &str)) -> String {
    match hidden {
        0 => format!("↑ the end ({} scrolls back)", keys.0),
        _ => format!(
            "↓ {hidden} more line{} below ({} scrolls)",
            plural(hidden),
            keys.1
        ),
    }
}

// ---- help ----

/// The help overlay's last line: how to scroll when it is taller than the terminal, how to close.
pub fn help_footer(above: usize, below: usize) -> String {
    match (above, below) {
        (0, 0) => "Esc closes this help.".into(),
        (_, 0) => "↑ the end (↑/PgUp scrolls back) · Esc closes this help.".into(),
        (_, below) => format!(
            "↓ {below} more line{} below (↓/PgDn scrolls) · Esc closes this help.",
            plural(below)
        ),
    }
}

pub const HELP_ORDERS: &str = "Keys: port orders";
pub const HELP_DETAILS: &str = "Keys: order details";
pub const HELP_DOCUMENTS: &str = "Keys: order documents";
pub const HELP_PAGER: &str = "Keys: a document's text";
pub const HELP_NUMBERS: &str = "Keys: the organization's numbers";
pub const HELP_WIZARD: &str = "Keys: port-in wizard";

// ---- the order list ----

pub fn listing_trouble(first: &str, more: usize) -> String {
    if more > 0 {
        format!("{first} (and {more} more; see `portwiz orders list`)")
    } else {
        first.to_string()
    }
}

pub fn carriers_note(network: &str) -> String {
    format!("Carriers: {network}; nothing is sent anywhere.")
}

/// The count of orders, with how many of each status (`counts`: "2 draft" and so on).
pub fn orders_count(total: usize, counts: &[String]) -> String {
    if counts.is_empty() {
        "Port orders: none yet".to_string()
    } else {
        format!("Port orders: {total} ({})", counts.join(", "))
    }
}

pub const NO_ORDERS_YET: &str = "No port orders yet.";
pub const FIRST_ORDER: &str = "Press n to start a port-in order: the wizard asks for the numbers, \
    the current carrier's account details and the signed Letter of Authorization, checks everything \
    a carrier would reject, and keeps the draft safe as you type.";

pub fn orders_view(filter: &str, sort: &str) -> String {
    format!("  Filter: {filter} · Sort: {sort}")
}

pub fn orders_view_keys(filter: &str, sort: &str) -> String {
    format!("f filter: {filter} · s sort: {sort} (S reverses) · / search")
}

pub const NO_ORDER_MATCHES: &str = "No order matches; Esc clears the search and the filter.";

pub const DELETE_TITLE: &str = "Delete draft";

/// `loa` is the name of the LOA attached to the draft, when one is.
pub fn delete_body(name: &str, id: &str, loa: Option<&str>) -> String {
    match loa {
        Some(loa) => format!(
            "Delete the draft {name} ({id}) and the copy of its signed LOA ({loa})? This cannot be undone."
        ),
        None => format!("Delete the draft {name} ({id})? This cannot be undone."),
    }
}

pub fn deleted(name: &str, id: &str) -> String {
    format!("Draft {name} ({id}) deleted.")
}

pub fn not_deleted(why: &str) -> String {
    format!("Not deleted: {why}.")
}

// ---- the clock ----

pub const CLOCK_FIXED: &str = "The clock is fixed by PORTWIZ_NOW; unset it to move time.";
pub const CLOCK_TITLE: &str = "Advance the simulated clock";
pub const CLOCK_FIELD: &str = "Move on by";

/// `kept`: the store keeps the clock (it was moved before); else it is this start's real time.
pub fn clock_note(now: &Zoned, kept: bool) -> String {
    let which = if kept {
        "It stays there until you move it, in this session and the next."
    } else {
        "Until you first move it, each start of portwiz begins again at the real time (or at the latest recorded event, if that is later); from then on it stays where you put it."
    };
    format!(
        "It is {} on the simulated clock. {which} How far should time move? 6h (hours), 2d (days) or 3bd (business days). What falls due happens, in order.",
        moment(now)
    )
}

/// Said when a clock the store does not keep starts at the latest recorded event, not at the
/// real time, which is before it.
pub fn clock_started_at_event(latest: jiff::Timestamp) -> String {
    format!(
        "No simulated clock was kept, so it starts at the last recorded event, {}: the real time is earlier.",
        crate::domain::calendar::stamp_et(latest)
    )
}

/// The clock's time as a clock step's notice says it.
fn notice_time(now: &Zoned) -> impl std::fmt::Display + '_ {
    now.strftime("%Y-%m-%d %H:%M ET")
}

/// What moving the clock changed; a rejection or a failure among it is said in words. Two orders
/// are named, those with bad news first; more are counted.
pub fn clock_moved(now: &Zoned, changes: &[StatusChange]) -> String {
    const NAMED: usize = 2;
    let now = notice_time(now);
    match changes {
        [] => format!("Clock: {now}; no order changed."),
        [one] if one.from == one.to => format!(
            "Clock: {now}; {} is still {}, with news in its timeline.",
            one.id,
            one.to.label()
        ),
        [one] => match one.setback {
            Some(setback) => format!(
                "Clock: {now}; {} is now {}: {}.",
                one.id,
                one.to.label(),
                setback.words()
            ),
            None => format!("Clock: {now}; {} is now {}.", one.id, one.to.label()),
        },
        many => {
            let mut named: Vec<&StatusChange> = many.iter().collect();
            named.sort_by_key(|c| (c.setback.is_none(), c.from == c.to));
            let mut told: Vec<String> = (named.iter().take(NAMED))
                .map(|c| match c.setback {
                    _ if c.from == c.to => {
                        format!("{} still {} (see its timeline)", c.id, c.to.label())
                    }
                    Some(setback) => format!("{} {} ({})", c.id, c.to.label(), setback.words()),
                    None => format!("{} {}", c.id, c.to.label()),
                })
                .collect();
            if many.len() > NAMED {
                told.push(format!(
                    "and {} more (the order list shows where each stands)",
                    many.len() - NAMED
                ));
            }
            format!(
                "Clock: {now}; {} orders changed: {}.",
                many.len(),
                told.join("; ")
            )
        }
    }
}

// ---- order details ----

/// Who reads a page's text: the page in portwiz, which names its keys, or an exported file, read
/// outside portwiz, which says in words where to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Page,
    File,
}

impl Reader {
    /// `key` on the page, `words` in a file.
    fn says<'a>(self, key: &'a str, words: &'a str) -> &'a str {
        match self {
            Reader::Page => key,
            Reader::File => words,
        }
    }
}

/// The details page's banner: what `status` means and what the administrator can do. `expected`
/// is when the next event falls due, `foc` the confirmed port time, `ticket` support's ticket.
pub fn status_banner(
    status: Status,
    carrier: &str,
    expected: &str,
    ticket: &str,
    foc: &str,
    reader: Reader,
) -> String {
    match status {
        Status::Draft => "Draft: not sent yet. It opens in the wizard from the order list unless another session is editing it.".to_string(),
        Status::WaitingForSignature => format!(
            "Waiting for signature: the LOA was sent for e-signature; once signed (expected {expected}) the order submits itself to {carrier}. {}",
            reader.says(
                "Press w to withdraw the request.",
                "The request can be withdrawn on the order's details page in portwiz."
            )
        ),
        Status::Submitted => {
            format!("Submitted to {carrier}: waiting for its answer, expected {expected}.")
        }
        Status::CustomerActionRequired => format!(
            "Customer action required: {carrier} rejected the order. {}",
            reader.says(
                "Press u to update the fields below and resubmit.",
                "To fix it, open the order in portwiz and choose Update on its details page, correct the fields below and resubmit."
            )
        ),
        Status::SupportEngaged => format!(
            "Support engaged: the provider's support team has the order (ticket {ticket}). No action is needed from you; support sends it to the carrier by {expected}."
        ),
        Status::FocConfirmed => format!(
            "FOC confirmed: {carrier} ports the numbers at {foc}. It can be canceled until 24 hours before."
        ),
        Status::Completed => format!(
            "Completed: the numbers moved from {carrier} on {foc}; they are the organization's now."
        ),
        Status::CancellationRequested => {
            format!("Cancellation requested: waiting for {carrier} to confirm, expected {expected}.")
        }
        Status::Canceled => format!(
            "Canceled: nothing was ported. {}",
            reader.says(
                "Press n to start a new draft from it.",
                "A new draft can be started from it on its details page in portwiz."
            )
        ),
    }
}

pub const SAVED_BY_NEWER: &str =
    "Read-only: this order was saved by a newer portwiz; update portwiz to change it.";

pub fn why_rejected(carrier: &str, at: &str) -> String {
    format!("Why {carrier} rejected it ({at}):")
}

pub const ONLY_THE_CARRIER_CAN_FIX: &str = "none here: only the carrier can lift it";

pub fn ticket_heading(id: &str, opened: &str) -> String {
    format!("Support ticket {id} (opened {opened})")
}

pub const DOCUMENTS_KEY_NOTE: &str = "d lists the order's documents and shows their text";

pub fn submission_heading(number: impl std::fmt::Display, at: &str, by: &str) -> String {
    format!("  Submission {number} ({at}, by {by}):")
}

pub const NO_FIELD_CHANGED: &str = "    no field changed";

/// One field's change between two submissions; a secret's values are never written.
pub fn field_change(label: &str, before: &str, after: &str, secret: bool) -> String {
    if secret {
        format!("{label}: changed")
    } else {
        format!("{label}: {before:?} → {after:?}")
    }
}

pub const HEADING_DATES: &str = "Dates";
pub const HEADING_CHANGES: &str = "Changes between submissions";
pub const HEADING_TIMELINE: &str = "Timeline";
/// The lines under a rejection's reason on the details page.
pub const WHAT_TO_DO: &str = "    What to do: ";
pub const FIELDS_TO_FIX: &str = "    Fields to fix: ";

pub fn newer_portwiz(id: &str) -> String {
    format!("Order {id} comes from a newer portwiz: it can be viewed here, not changed.")
}

pub fn newer_portwiz_change(id: &str) -> String {
    format!("order {id} comes from a newer portwiz and cannot be changed here")
}

pub fn read_only_here(held: &str) -> String {
    format!("Read-only here: {held}.")
}

pub fn free_again(id: &str) -> String {
    format!("{id} is no longer open in another session: Esc, then Enter on it, edits it here.")
}

pub const CANCEL_TITLE: &str = "Cancel the port order";

pub fn cancel_body(carrier: &str, name: &str, id: &str) -> String {
    format!(
        "Ask {carrier} to cancel {name} ({id})? Nothing will be ported; a canceled order can be cloned into a new draft."
    )
}

pub fn cannot_cancel(reason: &str) -> String {
    format!("Cannot cancel: {reason}.")
}

pub fn copied_id(id: &str) -> String {
    format!(
        "Copied the order ID {id} to the clipboard (by OSC 52; a terminal without it copies nothing)."
    )
}

pub const EXPORT_TITLE: &str = "Export the order as text";
pub const EXPORT_NOTE: &str = "Writes every value of the order, its dates, rejections, changes and timeline (the PIN only as dots) to a text file. A path without a folder is written where portwiz was started; a file already there is never replaced.";
pub const EXPORT_FIELD: &str = "File";

pub fn export_file_name(id: &str) -> String {
    format!("{id}.txt")
}

/// The export's file name is taken: a free one beside it is proposed.
pub fn export_taken(path: &str, free: &str) -> String {
    format!(
        "{path} is there already (a file is never replaced); {free} is free: Enter writes it, or give another name"
    )
}

pub fn exported_at(moment: &str) -> String {
    format!("Exported from portwiz at {moment}")
}

pub fn export_in_data_dir(path: &str, data_dir: &str) -> String {
    format!(
        "{path} is in the data directory {data_dir}, which keeps portwiz's own files (an export there would be taken for damaged data); nothing was written: Enter writes it to your home folder instead, or give a folder outside the data directory"
    )
}

pub fn exported(path: &str) -> String {
    format!("The order was exported to {path}.")
}

pub const CANCEL_REQUESTED: &str =
    "Cancellation requested; the carrier confirms it in about a business day.";
pub const COMMENT_TITLE: &str = "Comment on the ticket";

pub fn comment_note(ticket: &str) -> String {
    format!("Your comment is added to ticket {ticket}.")
}

pub const ASSIST_TITLE: &str = "Ask support for help";
pub const ASSIST_NOTE: &str =
    "Support takes the order over (Support engaged) and works on it; describe what you need.";
pub const MESSAGE_FIELD: &str = "Message";
pub const EDIT_TITLE: &str = "Rename or change notification emails";
pub const EDIT_NOTE: &str = "The carrier is not told; these are for your organization.";
pub const EDIT_NAME_FIELD: &str = "Order name";
pub const EDIT_EMAILS_FIELD: &str = "Notification emails (separated by ; or ,)";
pub const SAVED: &str = "Saved.";

/// The rename dialog's fields that another session changed too, meanwhile, each with its label and
/// the value now stored (already stripped of control characters).
pub fn edited_meanwhile(changed: &[(&str, String)]) -> String {
    let now: Vec<String> = (changed.iter())
        .map(|(label, value)| match value.is_empty() {
            true => format!("{label} is now empty"),
            false => format!("{label} is now {value:?}"),
        })
        .collect();
    format!(
        "Changed in another session while this was open: {}. Nothing was saved: Enter saves what you typed over it, Esc keeps that",
        now.join("; ")
    )
}

pub fn cloned(new_id: &str, from: &str) -> String {
    format!("New draft {new_id} from {from}: give it a name, a fresh LOA and a port date.")
}

// ---- an order's documents ----

pub fn documents_heading(id: &str, name: &str) -> String {
    format!("{id} · {name} · Documents")
}

pub const NO_DOCUMENTS: &str = "This order has no documents: a draft's LOA is generated (Ctrl-G) or attached on the Documents step of the wizard.";

pub const DOCUMENTS_NOTE: &str =
    "Enter shows the selected document's text, as its PDF holds it; Esc goes back to the order.";

pub fn document_size(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

pub const NOT_IN_STORE: &str = " (not in the store)";

/// The page of a document the store does not have (moved or deleted).
pub fn document_missing(name: &str) -> String {
    format!(
        "documents/{name} is not in the store: it was moved or deleted. Put the file back in the documents folder, or attach the signed LOA again (Update, on the Documents step)."
    )
}

/// Why a stored document's text cannot be shown.
pub fn document_unreadable(name: &str, problem: &crate::loa::check::PdfProblem) -> String {
    use crate::loa::check::PdfProblem;
    let what = match problem {
        PdfProblem::NotPdf => "is not a PDF (it does not start with %PDF-)".to_string(),
        PdfProblem::Damaged(reason) => format!("is damaged ({reason})"),
        PdfProblem::Encrypted => {
            return format!(
                "documents/{name} is protected by a password, so its text cannot be read here: open it in a PDF viewer."
            );
        }
        PdfProblem::NoPage => "has no page".to_string(),
    };
    format!(
        "documents/{name} {what}: the copy in the store changed after portwiz kept it. Put the original file back in the documents folder, or attach the signed LOA again (Update, on the Documents step)."
    )
}

pub fn scan_text(name: &str, pages: usize) -> String {
    format!(
        "This PDF has no text layer: it is a scan ({pages} page{}). Open documents/{name} in a PDF viewer to read it.",
        plural(pages)
    )
}

pub const READING_TEXT: &str = "Reading the PDF's text…";

pub fn page_heading(page: usize, of: usize) -> String {
    format!("── Page {page} of {of} ──")
}

pub fn pager_heading(what: &str, name: &str) -> String {
    format!("{what} · {name}")
}

// ---- the organization's numbers ----

pub const RELEASE_REMINDER: &str =
    "Licences do not release numbers: release unused Calling Plan numbers here (r).";

/// The count of numbers, with how many on each connection (`by_connection`: "3 Direct Routing").
pub fn numbers_count(total: usize, by_connection: &[String], assigned: usize) -> String {
    format!(
        "Numbers: {total} ({}); {assigned} assigned",
        by_connection.join(", ")
    )
}

pub const PIN_STATE_SET: &str = "Porting PIN: set (p to change it; it can never be cleared)";
pub const PIN_STATE_NOT_SET: &str = "Porting PIN: not set, so no number can port out (p to set it)";
pub const PIN_STATE_UNUSABLE: &str =
    "Porting PIN: its record cannot be used (see the message), so no number can port out";
pub const NUMBERS_HISTORY: &str = "History, newest first (h returns to the numbers)";
pub const NUMBERS_HISTORY_EMPTY: &str = "Nothing has happened to the numbers yet.";

/// Whom a number is assigned to, in words: "a user", or the resource account and what it is for
/// ("a resource account for a voice app"). A user's number always has the user usage, so it is
/// not said twice.
pub fn assignee(
    kind: crate::domain::inventory::AssigneeKind,
    usage: crate::domain::inventory::Usage,
) -> String {
    match kind {
        crate::domain::inventory::AssigneeKind::User => "a user".into(),
        _ => format!("a {} for a {}", kind.label(), usage.label()),
    }
}

/// A number's assignment in full, under a table that cuts long names.
pub fn assigned_in_full(
    number: &str,
    name: &str,
    kind: crate::domain::inventory::AssigneeKind,
    usage: crate::domain::inventory::Usage,
) -> String {
    format!("{number} is assigned to {name} ({})", assignee(kind, usage))
}

pub fn not_assigned(number: &str) -> String {
    format!("{number} is not assigned")
}

pub fn numbers_view(connection: &str) -> String {
    format!("  Connection: {connection}")
}

pub fn numbers_view_keys(connection: &str) -> String {
    format!("Connection (f): {connection} · Search (/): number, name or order · History: h")
}

pub const NO_NUMBERS: &str = "The organization has no numbers yet.";
pub const NO_NUMBER_MATCHES: &str =
    "No number matches the search and the filter (f cycles back to all).";

pub fn inventory_unreadable(error: &str) -> String {
    format!("{error}; the number inventory is left untouched and shown empty")
}

pub fn pin_unusable(problem: &str) -> String {
    format!("The porting PIN cannot be used, so no number can port out: {problem}")
}

pub fn assign_title(number: &str) -> String {
    format!("Assign {number}")
}

pub const ASSIGN_NOTE: &str =
    "A user's number has the user usage; a resource account's is for a voice app or a conference.";
pub const ASSIGN_NAME_FIELD: &str = "Name of the user or resource account";
pub const ASSIGN_KIND_FIELD: &str = "Assign to";
pub const ASSIGN_KINDS: &[&str] = &["user", "resource account"];
pub const ASSIGN_USAGE_FIELD: &str = "Usage";
/// For each kind of [`ASSIGN_KINDS`], the usages it may have (`AssigneeKind::usages`).
pub const ASSIGN_USAGES: &[&[&str]] = &[&["user"], &["voice app", "conference"]];

pub fn assigned(number: &str, name: &str) -> String {
    format!("{number} is assigned to {name}.")
}

pub fn unassigned(number: &str) -> String {
    format!("{number} is unassigned.")
}

pub fn cannot_release(reason: &str) -> String {
    format!("Cannot release: {reason}.")
}

pub fn release_title(number: &str) -> String {
    format!("Release {number}")
}

pub fn release_note(code: &str) -> String {
    format!(
        "The number goes back to the provider and is no longer the organization's; it cannot be taken back.\nTo confirm, type this code exactly:  {code}"
    )
}

pub const RELEASE_FIELD: &str = "Confirmation code";

pub fn released(number: &str) -> String {
    format!("{number} is released.")
}

pub const PIN_TITLE: &str = "Manage porting PIN";
pub const PIN_IS_SET: &str =
    "A porting PIN is set. It is never shown and cannot be cleared; enter a new one to change it.";
pub const PIN_NOT_SET: &str =
    "No porting PIN is set yet, so no number can port out to another carrier.";

pub fn pin_note(status: &str) -> String {
    format!(
        "{status}\nThe PIN is 6 to 10 digits (10 is what most instructions ask for). A carrier asking to port numbers away must give it."
    )
}

pub const PIN_FIELD: &str = "New PIN";
pub const PIN_AGAIN_FIELD: &str = "New PIN again";

pub fn pin_saved(warning: Option<&str>) -> String {
    match warning {
        Some(w) => format!("Porting PIN saved. Note: {w}."),
        None => "Porting PIN saved.".to_string(),
    }
}

pub const PORT_OUT_TITLE: &str = "Port-out request (acting as another carrier)";
pub const PORT_OUT_NOTE: &str = "This is what a carrier does when the organization moves numbers away: it names the numbers and gives the porting PIN. Only the organization's Calling Plan numbers, with the right PIN.";
pub const PORT_OUT_NUMBERS_FIELD: &str = "Numbers (separated by , or ;)";
pub const PORT_OUT_PIN_FIELD: &str = "Porting PIN";

/// Before an error under a field or in a popup.
pub const ERROR_MARK: &str = "✗ Error: ";

// ---- the port-date picker and the file browser ----

pub const CALENDAR_TITLE: &str = "Pick the port date (Eastern time)";
pub const CALENDAR_WEEKDAYS: &str = "      Mo   Tu   We   Th   Fr   Sa   Su";
/// What each day's mark means, on two lines.
pub const CALENDAR_LEGEND: [&str; 2] = [
    "✓ recommended  + allowed  ! allowed, aggressive",
    "h holiday  × too soon or too late  (Sa, Su: weekend)",
];

pub fn cannot_pick(why: &str) -> String {
    format!("Cannot pick this day: {why}")
}

/// `kind` is the file's extension in capitals: PDF, CSV.
pub fn browser_title(kind: &str) -> String {
    format!("Choose a {kind} file")
}

/// Under a folder's entries that do not fit: how many are out of view, and the keys to them.
pub fn browser_more(above: usize, below: usize) -> String {
    match (above, below) {
        (0, below) => format!("↓ {below} more below (↓/PgDn, End/G)"),
        (above, 0) => format!("↑ {above} more above (↑/PgUp, Home/g)"),
        (above, below) => format!("↑ {above} above · ↓ {below} below (PgUp/PgDn, Home/End)"),
    }
}

pub fn browser_empty(extension: &str) -> String {
    format!("(no folders or .{extension} files here)")
}

// ---- text fields ----

/// What a paste lost to fit a field: line breaks made spaces (a one-line field) and control
/// characters (a terminal's codes, not text) left out; none when nothing was changed.
pub fn paste_cleaned(breaks: usize, controls: usize) -> Option<String> {
    let breaks = match breaks {
        0 => None,
        1 => Some("1 line break became a space".to_string()),
        n => Some(format!("{n} line breaks became spaces")),
    };
    let controls = (controls > 0).then(|| {
        let was = if controls == 1 { "was" } else { "were" };
        format!(
            "{controls} control character{} (terminal codes, not text) {was} left out",
            plural(controls)
        )
    });
    match (breaks, controls) {
        (None, None) => None,
        (Some(breaks), None) => Some(format!("Pasted as one line: {breaks}")),
        (None, Some(controls)) => Some(format!("Pasted: {controls}")),
        (Some(breaks), Some(controls)) => {
            Some(format!("Pasted as one line: {breaks}, and {controls}"))
        }
    }
}

// ---- the wizard ----

/// What the PIN field says of the PIN it holds, never the PIN: its length, whether typing replaces
/// it, and, once asked for with Ctrl-T, its last two characters (`tail`: none of a PIN shorter than six,
/// which the focused field says, as Ctrl-T does nothing there).
pub fn pin_held(
    chars: usize,
    tail: Option<&str>,
    asked: bool,
    replacing: bool,
    focused: bool,
) -> String {
    let end = match (tail, asked) {
        (None, _) if focused => " (Ctrl-T shows the last two of a PIN of 6 or more)".to_string(),
        (None, _) => String::new(),
        (Some(_), false) => " (Ctrl-T shows its last two)".to_string(),
        (Some(tail), true) => format!(", ending in {tail}"),
    };
    let then = if replacing {
        "; typing replaces it"
    } else {
        ""
    };
    format!("Holds {chars} character{}{end}{then}", plural(chars))
}

/// Why Space or Enter on Full leaves the port Partial; `btn` as the screens write numbers.
pub fn full_not_possible(btn: &str) -> String {
    format!(
        "Full is not possible: the BTN {btn} is not among the numbers being ported, and a Full port takes it along. Add it to the numbers in step 2, or keep Partial"
    )
}

/// The port type chosen by itself when the BTN stays behind: information, not a warning.
pub const PARTIAL_BY_ITSELF: &str = "Partial by itself: the BTN is not among the numbers being ported, so it and the account stay with the current carrier";

/// Under a field the carrier named that the administrator has changed since.
pub fn changed_since_rejection(reason: &str) -> String {
    format!("Changed since the rejection ({reason})")
}

/// At the review of an Update: a reason of the carrier's whose named `fields` were changed.
pub fn reason_changed(reason: &str, fields: &[&str]) -> String {
    format!(
        "{reason}: {} changed since the rejection",
        fields.join(", ")
    )
}

/// The review's verdict when the checks portwiz can make find nothing.
pub fn presubmit_clean(resubmit: bool) -> String {
    let verb = if resubmit { "resubmits" } else { "submits" };
    format!("✓ Pre-submit check: nothing portwiz can check is wrong; s {verb}.")
}

/// Nothing stops the submission, but a record beside the form warns of something.
pub fn presubmit_warned(warnings: usize, resubmit: bool) -> String {
    let verb = if resubmit { "resubmits" } else { "submits" };
    format!(
        "! Pre-submit check: nothing portwiz can check is wrong, but read the {} below before you submit; s {verb}.",
        if warnings == 1 { "warning" } else { "warnings" }
    )
}

pub fn presubmit_problems(n: usize) -> String {
    format!(
        "✗ Pre-submit check: {n} problem{} a carrier would reject (↑↓ select, Enter fixes):",
        plural(n)
    )
}

/// What no check before submitting can know: the carrier's records, but for the fields that a
/// record at hand (a CSR received) `judged`, confirming or contradicting them.
pub fn presubmit_unknowable(judged: &[Field]) -> String {
    use Field::*;
    let checked: [(&str, &[Field]); 5] = [
        ("account number", &[AccountNumber]),
        ("PIN", &[AccountPin]),
        (
            "authorized user",
            &[AuthorizedFirstName, AuthorizedLastName],
        ),
        ("organization name", &[OrganizationName]),
        ("address", &[Street, Suite, City, Region, PostalCode]),
    ];
    let unknown: Vec<&str> = (checked.iter())
        .filter(|(_, fields)| !fields.iter().all(|f| judged.contains(f)))
        .map(|(name, _)| *name)
        .collect();
    let verb = match unknown.len() {
        0 => return "The CSR judges every value the carrier checks against its records.".into(),
        1 => "matches",
        _ => "match",
    };
    format!(
        "Only the carrier can say whether the {} {verb} its records.",
        and_list(&unknown)
    )
}

/// A Full port: portwiz sees the numbers in the order, never every number of the account.
pub fn full_port_unknowable(count: usize) -> String {
    format!(
        "Full port: portwiz cannot see whether the account has numbers beyond these {count}; if it has, the carrier rejects the order as a wrong port type. Choose Partial in step 3 unless these are all of them."
    )
}

/// Updating: a reason none of whose fields changed since the rejection.
pub fn unchanged_since_rejection(
    reason: &str,
    fields: &[&str],
    step: u8,
    resubmit: bool,
) -> String {
    let verb = if resubmit { "resubmit" } else { "submit" };
    format!(
        "{reason}: {} unchanged since the rejection (step {step}): {verb} anyway?",
        fields.join(", ")
    )
}

/// A field the carrier named, as `orders resubmit` lists it when it is as it was when rejected.
pub fn named_and_unchanged(reason: &str) -> String {
    format!("unchanged since the carrier's \"{reason}\"; correct it before resubmitting")
}

/// Added to the resubmit question when a reason's fields are as they were when rejected.
pub fn confirm_unchanged(reasons: &[&str]) -> String {
    format!(
        " Nothing changed for {} since the rejection: the carrier may reject it again.",
        reasons.join(", ")
    )
}

/// Why Ctrl-N (or Enter on a step's last field) stayed on the step, under the field the cursor
/// went to: its problem, and how many more the step has.
pub fn next_step_refused(problem: &str, more: usize) -> String {
    let rest = match more {
        0 => String::new(),
        1 => "; 1 more problem on this step".to_string(),
        n => format!("; {n} more problems on this step"),
    };
    format!("{problem} — the next step waits until this is fixed (the cursor is here{rest})")
}

/// On the numbers step, over each number of the order with its usage.
pub const USAGE_HEADING: &str =
    "Number usage (Tab here; Space marks; u user, v voice app, c conference):";
pub const USAGE_BELOW: &str = "listed below with their usage";

/// An assigned number of the organization's own, in the usage list: its usage stays.
pub fn usage_kept(usage: &str) -> String {
    format!("{usage} (assigned: kept when it moves)")
}

pub const QUIT_UNSAVED: &str =
    "The draft could not be saved. Press Ctrl-C again to quit without saving.";

pub fn close_unsaved(why: &str) -> String {
    format!("Not closed: Esc again closes it without saving these changes. {why}")
}

pub fn closed_without_saving(id: &str) -> String {
    format!("{id} closed without saving the last changes; the stored version is the one listed.")
}

pub const NOTHING_ENTERED: &str = "Nothing was entered, so no draft was kept.";

pub fn update_saved(id: &str) -> String {
    format!(
        "Changes to {id} saved; it is not resubmitted until you do so from the review (u, then s)."
    )
}

pub fn draft_saved(id: &str) -> String {
    format!("Draft {id} saved; Enter on it resumes where you left off.")
}

pub const CALENDAR_NEEDS_COUNTRY: &str =
    "Choose the country in step 1 first: the calendar depends on its holidays.";
pub const LOA_PATH_MISSING: &str = "type the path to the signed LOA PDF, or press Ctrl-O to browse";
/// Where the generated LOA is and what to do with it.
pub fn loa_generated(place: &str, signer: &str) -> String {
    format!(
        "LOA generated: {place}. Print it, have {signer} sign it, then attach the signed copy here"
    )
}

/// Typing stopped at a field's limit.
pub fn field_full(label: &str, max: usize) -> String {
    format!(
        "{label} takes at most {max} characters, as carrier forms do: the {max} it holds are kept, and what was typed past them was not taken"
    )
}

/// A paste was longer than the field takes.
pub fn paste_cut(label: &str, max: usize, dropped: usize) -> String {
    format!(
        "the paste was cut: {dropped} character{} left out, as {label} takes at most {max}",
        plural(dropped)
    )
}

pub const CSV_PATH_MISSING: &str = "type the path to a CSV file, or press Ctrl-O to browse";

/// What an import of a numbers CSV did: the rows imported, and each row left out (at most three
/// told, then how many more).
pub fn csv_imported(count: usize, shown: &str, left_out: &[String]) -> String {
    let imported = match count {
        0 => format!("Nothing imported from {shown}"),
        1 => format!("Imported 1 row from {shown}; it is checked below"),
        n => format!("Imported {n} rows from {shown}; they are checked below"),
    };
    let Some(first) = left_out.first() else {
        return imported;
    };
    let mut said = format!("{imported}. Left out (fix the file and import it again): {first}");
    for row in left_out.iter().skip(1).take(2) {
        said += &format!("; {row}");
    }
    if left_out.len() > 3 {
        said += &format!("; and {} more rows", left_out.len() - 3);
    }
    said
}

/// Why a numbers CSV without a row under its header was not imported.
pub fn csv_no_rows(shown: &str) -> String {
    format!(
        "nothing imported: {shown} holds no phone number; under the header PhoneNumber, give one number a row"
    )
}

/// A row of a numbers CSV that was not imported: its line, what it holds, and why.
pub fn csv_row_left_out(line: usize, row: &str, why: &str) -> String {
    format!("line {line} {row:?} {why}")
}

/// Why a numbers CSV that would not fit in the numbers field was not imported.
pub fn csv_too_big(shown: &str, rows: usize, fit: usize, max: usize) -> String {
    format!(
        "nothing imported: {shown} has {rows} rows, and the numbers field has room for {fit} more \
         ({max} characters at most). An order holds at most 999 numbers: split the file into \
         files of at most 999 rows, one for each order; to check a big list, run \
         `portwiz check-numbers {shown}`"
    )
}

/// Why `s` (or `e`) did not go on: the first of `n` problems, at `place`, which the review selects.
pub fn fix_first(refused: &str, place: &str, n: usize) -> String {
    let more = match n {
        1 => String::new(),
        n => format!(" {n} problems in all."),
    };
    format!("{refused}: first fix {place} (selected above; Enter goes to it).{more}")
}

pub const NOT_SUBMITTED: &str = "Not submitted";
pub const NOT_SENT_FOR_SIGNATURE: &str = "Not sent for signature";

pub fn submit_title(resubmit: bool) -> &'static str {
    if resubmit {
        "Resubmit the port order"
    } else {
        "Submit the port order"
    }
}

pub fn submit_yes(resubmit: bool) -> &'static str {
    if resubmit { "Resubmit" } else { "Submit" }
}

pub const KEEP_EDITING: &str = "Keep editing";
pub const KEEP_IT: &str = "Keep it";
pub const DELETE: &str = "Delete";
pub const CANCEL_THE_ORDER: &str = "Cancel the order";

/// The question before a submission: what goes where, who looks at it first, and when the
/// carrier's answer is expected (its response time, in business days, and the day it falls due).
pub fn submit_body(
    name: &str,
    group: &PortGroup,
    date: &str,
    time: &str,
    support_first: Option<&str>,
    answer: Option<(u32, Zoned)>,
) -> String {
    let route = match (support_first, answer) {
        (Some(reason), _) => reviewed_by_support_first(reason),
        (None, Some((days, at))) => format!(
            "{} answers in about {days} business day{}: expect its answer on {}.",
            group.carrier_name,
            plural(days as usize),
            at.strftime("%a %Y-%m-%d")
        ),
        (None, None) => format!(
            "{} has no response time on record; its answer shows in the order's details when it comes.",
            group.carrier_name
        ),
    };
    let n = group.numbers.len();
    format!(
        "Send {name:?} ({n} number{}) to {} for a port on {date} at {time} ET? {route}",
        plural(n),
        group.carrier_name
    )
}

/// An order that support reviews before it goes to the carrier, said at the review and in the
/// submit question.
pub fn reviewed_by_support_first(reason: &str) -> String {
    format!(
        "Support reviews this order before it goes to the carrier: {reason}. That takes about {} business days; support then submits it.",
        crate::lifecycle::SUPPORT_REVIEW_BUSINESS_DAYS
    )
}

pub fn not_submitted(why: &str) -> String {
    format!("Not submitted: {why}.")
}

pub const NOT_SUBMITTED_AFTER_SAVE: &str = " The order was not submitted.";

pub fn submitted(name: &str, id: &str, status: &str, setback: Option<Setback>) -> String {
    match setback {
        Some(setback) => format!("Order {name} ({id}) is {status}: {}.", setback.words()),
        None => format!("Order {name} ({id}) is {status}."),
    }
}

pub const EVERY_GROUP_HERE: &str = "Every group is in this order already.";

pub fn drafts_started(ids: &[String]) -> String {
    format!(
        "Started {} new draft{} ({}) for the other groups; they are in the order list.",
        ids.len(),
        plural(ids.len()),
        ids.join(", ")
    )
}

// ---- the wizard's steps as drawn ----

/// What goes before a message under a field or on step 2, in words (never colour alone).
pub const MARK_ERROR: &str = "✗ Error: ";
pub const MARK_WARNING: &str = "! Warning: ";
pub const MARK_CARRIER: &str = "! Carrier: ";

/// A carrier's reason under the first field it names on a step: what it is and what to do.
pub fn carrier_advice(title: &str, action: &str) -> String {
    format!("{title}. {action}")
}

/// The same reason under the step's other fields it names.
pub fn see_above(title: &str) -> String {
    format!("{title} (see above)")
}

/// Under the stepper while a rejected order is updated.
pub const UPDATE_BANNER: &str =
    "Update: fix what the carrier named (marked !), then resubmit at step 8";

pub const COUNTRY_QUESTION: &str = "Which country are the numbers in? (↑↓ to choose)";

/// Step 1: what to gather before starting (its heading's lines, then its items).
pub const HAVE_READY: [&str; 2] = [
    "Have these ready, from the current carrier's Customer Service Record (CSR)",
    "or a recent bill:",
];
pub const HAVE_READY_ITEMS: [&str; 5] = [
    "the account number",
    "the account PIN, if the account has one",
    "the authorized user's name (one person, as on the account)",
    "the service address where the numbers are used",
    "a Letter of Authorization (LOA) signed by that user, as a PDF",
];

pub const NUMBERS_HEADING: &str =
    "Phone numbers: type or paste, one per line or separated by , or ;";
pub const CSV_FILE_LABEL: &str = "Import CSV file";
pub const HINT_CSV_PATH: &str = "A CSV with one PhoneNumber column; Enter imports, Ctrl-O browses";
pub const NO_NUMBERS_YET: &str = "No numbers yet.";
pub const CHECKING_NUMBERS: &str = "Checking the numbers with the carriers…";

/// Step 2's count line while a check runs, after what is known of the numbers as typed.
pub fn still_checking(summary: &str) -> String {
    format!("{summary} · checking with the carriers…")
}

pub fn numbers_entered(n: usize) -> String {
    format!("{n} entered")
}

pub fn numbers_valid(n: usize) -> String {
    format!("{n} valid")
}

pub fn numbers_portable(n: usize) -> String {
    format!("{n} can be ported")
}

pub fn numbers_refused(n: usize) -> String {
    format!("{n} cannot (why below)")
}

pub fn numbers_invalid(n: usize) -> String {
    format!("{n} invalid")
}

pub fn duplicates_removed(n: usize) -> String {
    format!("{n} duplicate{} removed", plural(n))
}

/// An entry of step 2 that is no phone number: its line, what was typed, and why.
pub fn bad_entry(line: usize, typed: &str, why: &str) -> String {
    format!("    ✗ line {line}: {typed} — {why}")
}

/// Under a list of step 2 cut at an order's worth of entries: how many more there are.
pub fn not_listed(n: usize) -> String {
    format!("    … and {n} more, not listed here (an order holds at most 999 numbers)")
}

pub const NOT_IN_THIS_ORDER: &str = "  Not in this order:";
pub const ONE_GROUP_HEADING: &str = "Portable numbers (one group: this order):";
pub const GROUPS_HEADING: &str =
    "Portable groups (carrier · account · type); choose one for this order:";
pub const OTHER_GROUPS: &str =
    "    Other groups need their own orders: o starts them as new drafts.";

/// A portable group of step 2: its carrier, account, kind and size, and whether it needs a PIN.
pub fn group_line(group: &PortGroup) -> String {
    let n = group.numbers.len();
    let pin = if group.pin_required {
        ", PIN needed"
    } else {
        ""
    };
    format!(
        "{} · account {} · {} · {n} number{}{pin}",
        group.carrier_name,
        group.account,
        group.kind.label(),
        plural(n)
    )
}

/// The last line of a list cut by the screen's height.
pub fn more_lines(n: usize) -> String {
    format!("    … {n} more lines (PgDn to scroll)")
}

pub const HINT_LOA_PATH: &str = "Path to the signed LOA (PDF, at most 10 MiB); Enter attaches, \
    Ctrl-O browses; none yet? Ctrl-G generates one from this order to print and sign, or leave it \
    empty and send it for e-signature from the review";

pub fn loa_attached(name: &str, kilobytes: u64, sha256_start: &str) -> String {
    format!("Attached: {name} ({kilobytes} KB, SHA-256 {sha256_start}…)")
}

/// The port date's hint: `dates` as the field's errors say them (`LeadDates::said`).
pub fn hint_port_date(dates: &crate::domain::calendar::LeadDates) -> String {
    format!(
        "YYYY-MM-DD, a business day: {}; Ctrl-O opens the calendar",
        dates.said()
    )
}

pub fn hint_port_time(window: &str) -> String {
    format!("HH:MM; allowed: {window}")
}

/// The port time where the carrier fixes it; `which` says for which numbers ("toll-free").
pub fn port_time_fixed(time: &str, which: &str) -> String {
    format!("{time} ET (fixed for {which} numbers)")
}

/// Which numbers have a fixed port time, as `port_time_fixed` words them.
pub const FIXED_FOR_CANADA: &str = "Canadian";
pub const FIXED_FOR_TOLL_FREE: &str = "toll-free";
pub const FIXED_FOR_THESE: &str = "these";

pub const PROVIDER_FROM_NUMBERS: &str = "(from the numbers in step 2)";
pub const HINT_ACCOUNT_NUMBER: &str = "As on the CSR or bill; spaces and dashes are removed";
pub const HINT_PIN_REQUIRED: &str = "Required by this carrier; shown as dots";
pub const HINT_PIN_OPTIONAL: &str = "Optional unless the carrier asks for one; shown as dots";
pub const HINT_ORGANIZATION: &str = "Exactly as on the Customer Service Record";
pub const HINT_STREET: &str = "Where the numbers are used, as on the CSR; no PO boxes";
pub const HINT_BTN: &str = "The main number of the carrier account";
pub const HINT_REPLACEMENT_BTN: &str = "Optional: a number on the same account that stays behind";
pub const HINT_EMAILS: &str = "Optional; separate addresses with ; or , (at most 10)";
pub const HINT_LOA_SIGNED_ON: &str = "YYYY-MM-DD; the date the authorized user signed";

/// The review's heading of an Update: the carrier's reasons follow.
pub const REJECTED_FOR: &str = "The carrier rejected the order for:";

// ---- e-signature ----

pub const SIGNATURE_TITLE: &str = "Send the LOA for e-signature";
pub const SIGNATURE_EMAIL_FIELD: &str = "Signer's email";
pub const SIGNATURE_NO_DRAFT: &str =
    "the draft is no longer open in the wizard; open it again and send it from its review";

/// What the request for signature does, before the signer's email is asked for.
pub fn signature_note(signer: &str) -> String {
    format!(
        "The LOA is generated from this order and sent to {signer}, the authorized user, to sign. The order waits as Waiting for signature and submits itself once it is signed (the simulated signer signs one business day later); unsigned, the request expires after 7 days. The contact email is filled in: give {signer}'s own if it is another."
    )
}

pub fn sent_for_signature(name: &str, id: &str, email: &str) -> String {
    format!(
        "Order {name} ({id}) is Waiting for signature: the LOA went to {email}; it submits itself once signed."
    )
}

/// The details page's line on a request for signature.
pub fn signature_line(signer: &str, email: &str, sent: &str, until: &str) -> String {
    format!("sent to {signer} ({email}) {sent}; expires {until}")
}

pub fn signed_line(signer: &str, email: &str, signed: &str) -> String {
    format!("signed by {signer} ({email}) {signed}")
}

/// The banner of a request the signer did not sign when they answered.
pub fn signature_unanswered(email: &str, expires: &str, reader: Reader) -> String {
    format!(
        "Waiting for signature: the request sent to {email} was not signed; it expires {expires} and the order becomes a draft again. {}",
        reader.says(
            "Press w to withdraw it now and send it again to an address that receives mail.",
            "It can be withdrawn now on its details page in portwiz, and sent again to an address that receives mail."
        )
    )
}

pub const WITHDRAW_TITLE: &str = "Withdraw the request for signature?";
pub const WITHDRAW_BODY: &str =
    "The order becomes a draft again; a signature given after this is not used.";
pub const WITHDRAW: &str = "Withdraw";
pub const KEEP_WAITING: &str = "Keep waiting";

pub fn withdrawn(name: &str, id: &str) -> String {
    format!("Order {name} ({id}) is a draft again: the request for signature was withdrawn.")
}

// ---- commands ----

pub fn no_numbers_given(from: &str) -> String {
    format!(
        "{from} holds no phone number; give one a line (or separated by commas or semicolons), or a CSV headed PhoneNumber"
    )
}

/// The app's keys that the rules' messages name, and what a command-line user runs instead: a
/// message told by a command names no key of the app.
const APP_KEYS_ON_THE_COMMAND_LINE: [(&str, &str); 6] = [
    (
        "type the path to its PDF and press Enter (Ctrl-O browses), or send it for e-signature from the review (e)",
        "give its path as loa_path (and loa_signed_on) in `portwiz orders update ID FILE`; `portwiz loa generate ID --out FILE` prints the letter to sign",
    ),
    (
        ", or press Ctrl-O for the calendar",
        "; `portwiz calendar` lists the days that can be requested",
    ),
    (" or press Ctrl-O to browse", ""),
    (" (Ctrl-O browses)", ""),
    (
        " (Ctrl-G on the Documents step)",
        " (`portwiz loa generate ID --out FILE`)",
    ),
    (" (Ctrl-G)", " (`portwiz loa generate ID --out FILE`)"),
];

/// `text` as a command tells it: each app key it names replaced by the command to run.
pub fn for_command_line(text: &str) -> String {
    let mut told = text.to_string();
    for (app, command) in APP_KEYS_ON_THE_COMMAND_LINE {
        told = told.replace(app, command);
    }
    told
}

/// "a, b and c".
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// `portwiz store copy` into a store that holds something: what it holds, and the ways on.
pub fn copy_target_not_empty(target: &str, contents: &[String]) -> String {
    let held = and_list(contents);
    format!(
        "{target} is not empty: it holds {held}; store copy writes only into an empty store, so that nothing is mixed or overwritten. Give --to a new folder, or a new database (createdb, then `portwiz --database-url URL store init`); to see what the target holds, `portwiz store status` with its --data-dir or --database-url. An interrupted copy leaves the target empty: run the same copy again"
    )
}

/// The last line of `portwiz check-numbers`.
pub fn numbers_checked(counts: &crate::domain::phone::ListCounts) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}: {} valid, {} invalid, {} removed",
        count(counts.entries, "entry", "entries"),
        counts.unique,
        counts.errors,
        count(counts.duplicates, "duplicate", "duplicates"),
    )
}

/// The order list's header count of orders waiting for the administrator.
pub fn needing_action(n: usize) -> Option<String> {
    (n > 0).then(|| format!("{n} need{} action", if n == 1 { "s" } else { "" }))
}

// ---- the CSR beside the form ----

/// How long ago a CSR arrived, in the largest whole unit.
pub fn received_ago(received: Timestamp, now: Timestamp) -> String {
    let minutes = now.duration_since(received).as_secs().max(0) / 60;
    let (n, unit) = match minutes {
        0 => return "received just now".into(),
        m if m < 60 => (m, "minute"),
        m if m < 24 * 60 => (m / 60, "hour"),
        m => (m / (24 * 60), "day"),
    };
    format!("received {n} {unit}{} ago", plural(n as usize))
}

fn at_eastern(at: Timestamp) -> String {
    moment(&at.to_zoned(crate::domain::calendar::eastern()))
}

pub const CSR_ASKING: &str = "CSR: asking the carrier…";

pub const CSR_NONE: &str =
    "CSR: none yet; Ctrl-R asks the carrier for it, to compare each field with it";

pub const CSR_NONE_REVIEW: &str =
    "No CSR: nothing compared with the carrier's record (Ctrl-R on steps 3-5)";

pub fn csr_pending(carrier: &str, asked: Timestamp, ready: Timestamp) -> String {
    format!(
        "CSR: asked of {carrier} on {}; the answer is expected by {} (simulated clock: t on the order list moves it). You can go on meanwhile",
        at_eastern(asked),
        at_eastern(ready)
    )
}

/// Ctrl-R while the carrier has a request and has not answered it: nothing is asked again (the
/// step says how the clock brings the answer; this fits two lines at 80 columns).
pub fn csr_already_pending(carrier: &str, asked: Timestamp, ready: Timestamp) -> String {
    format!(
        "CSR already asked of {carrier} on {}; its answer is expected by {}, so it is not asked again",
        at_eastern(asked),
        at_eastern(ready)
    )
}

/// Ctrl-R while a request is on its way to the carrier.
pub const CSR_ALREADY_ASKING: &str =
    "CSR already being asked of the carrier, so not asked again: its answer comes in a moment";

/// A CSR held: from whom, how old, and how the order stands against it.
pub fn csr_received(
    carrier: &str,
    ago: &str,
    received: Timestamp,
    differing: usize,
    warned: usize,
) -> String {
    let warnings = format!("{warned} warning{} (marked !)", plural(warned));
    let standing = match (differing, warned) {
        (0, 0) => "nothing entered differs from it".to_string(),
        (0, _) => format!("nothing entered differs from it; {warnings}"),
        (n, 0) => format!("the carrier would reject {n} of the order's values (marked ✗)"),
        (n, _) => {
            format!("the carrier would reject {n} of the order's values (marked ✗); {warnings}")
        }
    };
    format!(
        "CSR from {carrier}, {ago} ({}): {standing}",
        at_eastern(received)
    )
}

pub fn csr_refused(why: &str) -> String {
    format!("CSR request refused: {why}")
}

pub fn csr_refused_at(field: &str) -> String {
    format!("CSR request refused: why is said under {field}")
}

/// A PIN that cannot be an account PIN: the request is not sent, so it costs none of the tries.
pub fn csr_not_sent(why: &str) -> String {
    format!("CSR request not sent, so it cost none of the account's tries: {why}")
}

/// ^L on a field the CSR holds nothing for.
pub fn csr_holds_no_value(field: &str) -> String {
    format!("The CSR holds no {field} to use here: nothing was changed")
}

pub const CSR_NOTHING_TO_USE: &str = "No CSR is held for this order yet, so there is no value to use: Ctrl-R asks the carrier for it";

pub const CSR_NEEDS_BTN: &str =
    "a CSR request names the account's billing telephone number (BTN): enter it on step 3 first";
pub const CSR_NEEDS_ACCOUNT: &str = "a CSR request names the account number: enter it on step 4 \
     (Account information) first; nothing was sent, so no try was used";

/// The heading of the CSR's column beside the fields.
pub fn csr_column(carrier: Option<&str>) -> String {
    match carrier {
        Some(carrier) => format!("CSR ({carrier})"),
        None => "On the CSR".into(),
    }
}

/// The CSR's value beside a field where nothing is entered yet (no mismatch yet).
pub fn csr_not_entered(value: &str) -> String {
    format!("{value} (not entered yet)")
}

pub const CSR_MATCHES: &str = "matches";
pub const CSR_DIFFERS: &str = "differs";
pub const CSR_NOT_ON: &str = "not on the CSR";

/// The CSR's value beside a field, and the carrier's verdict in words.
pub fn csr_beside(value: Option<&str>, verdict: &str) -> String {
    format!("{} · {verdict}", value.unwrap_or("–"))
}

/// What a companion says, where the line would not tell whose word it is: a field's value on the
/// CSR under the field ("CSR: ✓ … · matches"), a problem it finds among the numbers' results.
pub fn companion_says(companion: &str, said: &str) -> String {
    format!("{companion}: {said}")
}

/// The billing address on the CSR, when it is another place than the service address.
pub fn csr_billing_elsewhere(billing: &str) -> String {
    format!(
        "The CSR's billing address ({billing}) is not its service address: a port order names the service address, where the numbers are used"
    )
}

/// A CSR that a clock step brought in, as one sentence: the app's notice and `portwiz clock
/// advance` say it alike.
pub fn csr_arrived(entry: &crate::domain::csr::CsrEntry) -> String {
    let from = (entry.received.as_ref()).map_or("the carrier", |c| c.carrier_name.as_str());
    let kept = match entry.orders.as_slice() {
        [] => String::new(),
        orders => format!(", kept with {}", orders.join(", ")),
    };
    format!(
        "The CSR of {} arrived from {from}{kept}.",
        entry.btn.national()
    )
}

/// What a clock step changed, orders and CSRs: the orders as [`clock_moved`] says them (only the
/// time when none changed but a CSR came), then each CSR that arrived.
pub fn clock_step(step: &ClockStep) -> String {
    let orders = if step.orders.is_empty() && !step.csrs.is_empty() {
        format!("Clock: {}.", notice_time(&step.to))
    } else {
        clock_moved(&step.to, &step.orders)
    };
    (step.csrs.iter()).fold(orders, |text, entry| {
        format!("{text} {}", csr_arrived(entry))
    })
}

/// A CSR request not sent while others for the account are still out.
pub const CSR_TRIES_OUT: &str = "other requests for this account's CSR are still being answered (in this session or another) and could use up the tries it has left, so this one was not sent and used no try; ask again once they are answered";

pub fn csr_taken(field: &str) -> String {
    format!("{field} now holds the CSR's value")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where Ctrl-T does nothing (a PIN under six), the focused PIN field says so.
    #[test]
    fn the_pin_field_says_when_ctrl_t_shows_nothing() {
        assert_eq!(
            pin_held(4, None, false, false, true),
            "Holds 4 characters (Ctrl-T shows the last two of a PIN of 6 or more)"
        );
        assert_eq!(pin_held(4, None, false, false, false), "Holds 4 characters");
        assert_eq!(
            pin_held(6, Some("00"), false, true, true),
            "Holds 6 characters (Ctrl-T shows its last two); typing replaces it"
        );
        assert_eq!(
            field_full("LOA signed on", 10),
            "LOA signed on takes at most 10 characters, as carrier forms do: the 10 it holds are kept, and what was typed past them was not taken"
        );
    }
    use crate::domain::calendar::eastern;
    use jiff::civil::date;

    fn change(id: &str, to: Status, setback: Option<Setback>) -> StatusChange {
        StatusChange {
            id: id.into(),
            name: String::new(),
            from: Status::Submitted,
            to,
            setback,
        }
    }

    #[test]
    fn a_clock_step_names_the_orders_it_changed_bad_news_first() {
        let now = date(2026, 12, 4)
            .at(9, 0, 0, 0)
            .to_zoned(eastern())
            .unwrap();
        let foc = change("PW-1", Status::FocConfirmed, None);
        let rejected = change(
            "PW-2",
            Status::CustomerActionRequired,
            Some(Setback::Rejected),
        );
        assert_eq!(
            clock_moved(&now, &[foc.clone(), rejected.clone()]),
            "Clock: 2026-12-04 09:00 ET; 2 orders changed: PW-2 Customer action required \
             (rejected by the carrier); PW-1 FOC confirmed."
        );
        let done = change("PW-3", Status::Completed, None);
        assert_eq!(
            clock_moved(&now, &[foc, done, rejected]),
            "Clock: 2026-12-04 09:00 ET; 3 orders changed: PW-2 Customer action required \
             (rejected by the carrier); PW-1 FOC confirmed; and 1 more (the order list shows \
             where each stands)."
        );
    }

    /// The signer's answer to a request that cannot arrive leaves the order waiting: the notice
    /// said "PW-1 is now Waiting for signature", as if the status had changed.
    #[test]
    fn an_order_whose_status_stayed_is_said_to_be_still_there() {
        let now = date(2026, 11, 23)
            .at(10, 0, 0, 0)
            .to_zoned(eastern())
            .unwrap();
        let waiting = StatusChange {
            from: Status::WaitingForSignature,
            ..change("PW-1", Status::WaitingForSignature, None)
        };
        assert_eq!(
            clock_moved(&now, std::slice::from_ref(&waiting)),
            "Clock: 2026-11-23 10:00 ET; PW-1 is still Waiting for signature, with news in its timeline."
        );
        let foc = change("PW-2", Status::FocConfirmed, None);
        assert_eq!(
            clock_moved(&now, &[waiting, foc]),
            "Clock: 2026-11-23 10:00 ET; 2 orders changed: PW-2 FOC confirmed; PW-1 still \
             Waiting for signature (see its timeline)."
        );
    }

    /// A step that brought only a CSR says the time and the CSR, not "no order changed"; with an
    /// order's change, both.
    #[test]
    fn a_clock_step_tells_the_csrs_it_brought() {
        let to = date(2026, 12, 3)
            .at(10, 0, 0, 0)
            .to_zoned(eastern())
            .unwrap();
        let mut book = crate::domain::csr::CsrBook::new();
        let entry =
            book.entry_mut(&crate::domain::phone::PhoneNumber::parse("3126214400").unwrap());
        entry.orders.push("PW-7".into());
        let csrs = vec![entry.clone()];
        let step = ClockStep {
            to,
            orders: Vec::new(),
            csrs,
        };
        assert_eq!(
            clock_step(&step),
            "Clock: 2026-12-03 10:00 ET. The CSR of (312) 621-4400 arrived from the carrier, \
             kept with PW-7."
        );
        let step = ClockStep {
            orders: vec![change("PW-1", Status::FocConfirmed, None)],
            ..step
        };
        assert_eq!(
            clock_step(&step),
            "Clock: 2026-12-03 10:00 ET; PW-1 is now FOC confirmed. The CSR of (312) 621-4400 \
             arrived from the carrier, kept with PW-7."
        );
    }
}

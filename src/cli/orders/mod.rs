//! `portwiz orders ...`: the orders of the store, listed, shown, exported, imported, updated and
//! taken through their life, on the lifecycle and validation rules the app uses.

mod file;
mod life;

pub use file::{orders_import, orders_update};
pub use life::{
    Submission, orders_cancel, orders_delete, orders_rename, orders_submit, orders_support,
};

use super::{Failure, Outcome, find_order, load_orders};
use crate::clock::show as moment;
use crate::domain::calendar::eastern;
use crate::domain::order::{Order, changes};
use crate::domain::rejection::RejectionCategory;
use crate::domain::status::Status;
use crate::store::OrderSummary;
use crate::text::strip_controls;
use crate::ui::screens::details;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// What stands for the account PIN in what is printed; an order file with it keeps the order's PIN.
pub const REDACTED: &str = "<redacted>";

#[derive(clap::Subcommand)]
pub enum Action {
    /// Every order, one per line under a header (or a JSON array).
    List {
        /// Only orders in this status, in any case, as a keyword or as the screens show it
        /// (draft, submitted, customer-action-required or "Customer action required",
        /// support-engaged, foc-confirmed, completed, cancellation-requested, canceled).
        #[arg(long)]
        status: Option<String>,
    },
    /// One order in full, with its timeline and rejection reasons; the PIN is redacted.
    Show { id: String },
    /// Check an order file (the same JSON form as the order files) as the wizard would and save it
    /// as a draft; with --json only its ID is printed.
    Import {
        file: PathBuf,
        /// Import only if no order has this name yet (else print that order's ID and change
        /// nothing): running the same script twice makes one order.
        #[arg(long, value_name = "NAME")]
        if_not_exists: Option<String>,
    },
    /// Run the pre-submit check on a draft and send it to the carrier (or to support for review).
    Submit { id: String },
    /// Give a draft, or an order the carrier sent back, the fields of an order file (what
    /// `orders show --json` prints will do; a redacted PIN keeps the order's, and a field the
    /// file does not name keeps its value), judged as the wizard's Update judges them.
    Update { id: String, file: PathBuf },
    /// Send an updated order the carrier sent back (Customer action required) again; refused while
    /// a field the carrier named is as it was when rejected.
    Resubmit {
        id: String,
        /// Resubmit even with such a field unchanged (the carrier may reject it again).
        #[arg(long)]
        anyway: bool,
    },
    /// Ask the carrier to cancel a submitted order (not within 24 hours of the port).
    Cancel { id: String },
    /// Ask support for help: opens the order's ticket, or adds the comment to the open one.
    Support {
        id: String,
        /// What support should know or do.
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Rename an order (a draft, or one with the carrier).
    Rename { id: String, name: String },
    /// Delete a draft.
    Delete { id: String },
    /// What changed in the fields from each submission to the next.
    Diff { id: String },
    /// What happened to the order, oldest first.
    Timeline { id: String },
    /// Write the order out: json (as `orders show --json`), csv (its numbers under a PhoneNumber
    /// header, as Teams' upload takes them) or text (every value, as the app's details page
    /// exports it with x).
    Export {
        id: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Text,
}

pub(super) fn run(action: &Action, ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::List { status } => orders_list(ws, status.as_deref(), json, out),
        Action::Show { id } => orders_show(ws, id, json, out),
        Action::Import {
            file,
            if_not_exists,
        } => orders_import(ws, file, if_not_exists.as_deref(), json, out),
        Action::Submit { id } => orders_submit(ws, id, Submission::First, json, out),
        Action::Update { id, file } => orders_update(ws, id, file, json, out),
        Action::Resubmit { id, anyway } => {
            let again = Submission::Again { anyway: *anyway };
            orders_submit(ws, id, again, json, out)
        }
        Action::Cancel { id } => orders_cancel(ws, id, json, out),
        Action::Support { id, comment } => orders_support(ws, id, comment.as_deref(), json, out),
        Action::Rename { id, name } => orders_rename(ws, id, name, json, out),
        Action::Delete { id } => orders_delete(ws, id, json, out),
        Action::Diff { id } => orders_diff(ws, id, json, out),
        Action::Timeline { id } => orders_timeline(ws, id, json, out),
        Action::Export { id, format } => match format {
            ExportFormat::Csv => orders_csv(ws, id, out),
            ExportFormat::Json => orders_show(ws, id, true, out),
            ExportFormat::Text => orders_text(ws, id, out),
        },
    }
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    id: &'a str,
    name: String,
    status: &'static str,
    numbers: usize,
    losing_carrier: Option<&'a str>,
    port_date: Option<String>,
    last_change: String,
}

fn summary(order: &OrderSummary) -> SummaryJson<'_> {
    SummaryJson {
        id: &order.id,
        name: order.name.clone(),
        status: order.status.keyword(),
        numbers: order.numbers().len(),
        losing_carrier: order.carrier_name(),
        port_date: order.port_date().map(|d| d.to_string()),
        last_change: order.updated_at.to_string(),
    }
}

/// `portwiz orders list [--status S] [--json]`.
pub fn orders_list(
    ws: &Workspace,
    status: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let wanted = match status.map(|s| Status::from_keyword(s).ok_or(s)) {
        Some(Err(word)) => {
            let all: Vec<&str> = Status::ALL.iter().map(|s| s.keyword()).collect();
            return Err(Failure::bad_input(format!(
                "{:?} is not a status; use one of {}",
                strip_controls(word),
                all.join(", ")
            )));
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let orders = load_orders(ws, &move |status| wanted.is_none_or(|s| status == s))?;
    if json {
        let rows: Vec<SummaryJson> = orders.iter().map(summary).collect();
        serde_json::to_writer(&mut *out, &rows)?;
        writeln!(out)?;
    } else {
        if !orders.is_empty() {
            writeln!(
                out,
                "{:<14} {:<24} {:<24} {:>4}  {:<22} Port date",
                "ID", "Name", "Status", "Nos.", "Losing carrier"
            )?;
        }
        for o in &orders {
            let s = summary(o);
            writeln!(
                out,
                "{:<14} {:<24} {:<24} {:>4}  {:<22} {}",
                s.id,
                strip_controls(&o.display_name()),
                o.status.label(),
                s.numbers,
                s.losing_carrier.unwrap_or("-"),
                s.port_date.unwrap_or_else(|| "-".into())
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ReasonJson {
    category: RejectionCategory,
    title: &'static str,
    meaning: &'static str,
    recommended_action: &'static str,
    fields: Vec<&'static str>,
}

/// An order as JSON with every copy of the account PIN replaced.
pub fn redacted_json(order: &Order) -> serde_json::Value {
    let mut value = serde_json::to_value(order).expect("orders serialize");
    let redact = |fields: &mut serde_json::Value| {
        if let Some(pin) = fields.get_mut("account_pin")
            && pin.as_str().is_some_and(|p| !p.is_empty())
        {
            *pin = serde_json::Value::String(REDACTED.into());
        }
    };
    redact(&mut value["fields"]);
    if let Some(submissions) = value["submissions"].as_array_mut() {
        for s in submissions {
            redact(&mut s["fields"]);
        }
    }
    value
}

/// `portwiz orders show <ID> [--json]`: the PIN is redacted, the timeline and reasons included.
pub fn orders_show(ws: &Workspace, id: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let order = find_order(ws, id)?;
    let reasons: Vec<ReasonJson> = order
        .current_rejection()
        .map(|r| r.categories.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|&c| ReasonJson {
            category: c,
            title: c.title(),
            meaning: c.meaning(),
            recommended_action: c.recommended_action(),
            fields: c.fields().iter().map(|f| f.label()).collect(),
        })
        .collect();
    if json {
        let mut value = redacted_json(&order);
        value["rejection_reasons"] = serde_json::to_value(&reasons)?;
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}  {}  ({})",
        order.id,
        strip_controls(&order.display_name()),
        order.status.label()
    )?;
    if let Some(group) = &order.fields.group {
        writeln!(
            out,
            "Losing carrier: {} account {} ({} {} number{})",
            group.carrier_name,
            group.account,
            group.numbers.len(),
            group.kind.label(),
            crate::strings::plural(group.numbers.len())
        )?;
    }
    if let Some(foc) = &order.foc_at {
        writeln!(out, "FOC: {}", moment(foc))?;
    } else if let Some(requested) = &order.requested_port_at {
        writeln!(out, "Requested port: {}", moment(requested))?;
    }
    for r in &reasons {
        writeln!(
            out,
            "Rejected: {} - {} What to do: {}",
            r.title, r.meaning, r.recommended_action
        )?;
    }
    if let Some(ticket) = &order.ticket {
        writeln!(
            out,
            "Support ticket {}: {}",
            ticket.id,
            strip_controls(&ticket.reason)
        )?;
    }
    writeln!(out, "Timeline:")?;
    for e in &order.timeline {
        writeln!(
            out,
            "  {}  {:<13} {}",
            moment(&e.at.to_zoned(eastern())),
            e.actor.label(),
            strip_controls(&e.detail)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ChangeJson {
    label: &'static str,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct SubmissionChangesJson {
    submission: u32,
    at: String,
    by: &'static str,
    changes: Vec<ChangeJson>,
}

/// `portwiz orders diff ID`: field by field, what each submission changed from the one before (the
/// PIN only as changed).
pub fn orders_diff(ws: &Workspace, id: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let order = find_order(ws, id)?;
    let pairs = order.submissions.windows(2);
    if json {
        let rows: Vec<SubmissionChangesJson> = pairs
            .map(|pair| SubmissionChangesJson {
                submission: pair[1].number,
                at: pair[1].at.to_zoned(eastern()).to_string(),
                by: pair[1].by.label(),
                changes: (changes(&pair[0].fields, &pair[1].fields).into_iter())
                    .map(|c| ChangeJson {
                        label: c.label,
                        before: c.before,
                        after: c.after,
                    })
                    .collect(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    if order.submissions.len() < 2 {
        let n = order.submissions.len();
        writeln!(
            out,
            "{} was submitted {n} time{}: nothing to compare yet.",
            order.id,
            if n == 1 { "" } else { "s" }
        )?;
    }
    for pair in pairs {
        let after = &pair[1];
        writeln!(
            out,
            "Submission {} ({}, by {}):",
            after.number,
            moment(&after.at.to_zoned(eastern())),
            after.by.label()
        )?;
        let list = changes(&pair[0].fields, &after.fields);
        if list.is_empty() {
            writeln!(out, "  no field changed")?;
        }
        for c in list {
            writeln!(
                out,
                "  {}: {:?} -> {:?}",
                c.label,
                strip_controls(&c.before),
                strip_controls(&c.after)
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct EventJson<'a> {
    at: String,
    actor: &'static str,
    detail: &'a str,
}

/// `portwiz orders timeline ID`: what happened, oldest first.
pub fn orders_timeline(ws: &Workspace, id: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let order = find_order(ws, id)?;
    if json {
        let rows: Vec<EventJson> = (order.timeline.iter())
            .map(|e| EventJson {
                at: e.at.to_zoned(eastern()).to_string(),
                actor: e.actor.label(),
                detail: &e.detail,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for e in &order.timeline {
        writeln!(
            out,
            "{}  {:<13} {}",
            moment(&e.at.to_zoned(eastern())),
            e.actor.label(),
            strip_controls(&e.detail)
        )?;
    }
    Ok(())
}

/// `portwiz orders export ID --format text`: the order as the details page exports it.
fn orders_text(ws: &Workspace, id: &str, out: &mut dyn Write) -> Outcome {
    let order = find_order(ws, id)?;
    let now = ws.clock.now().timestamp();
    out.write_all(details::export_order(order, ws.network.as_ref(), now).as_bytes())?;
    Ok(())
}

/// `portwiz orders export ID --format csv`: the order's numbers in E.164 under a PhoneNumber
/// header, as the Teams admin center's upload takes them.
fn orders_csv(ws: &Workspace, id: &str, out: &mut dyn Write) -> Outcome {
    let order = find_order(ws, id)?;
    if order.numbers().is_empty() {
        return Err(Failure::refused(format!(
            "{} has no checked numbers yet; `portwiz orders update {} FILE` gives it some",
            order.id, order.id
        )));
    }
    writeln!(out, "PhoneNumber")?;
    for number in order.numbers() {
        writeln!(out, "{}", number.e164())?;
    }
    Ok(())
}

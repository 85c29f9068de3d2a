//! `portwiz orders list|show|import`: the orders of the store, on the lifecycle and validation rules the app uses.

use super::{find_order, load_orders};
use crate::carrier;
use crate::clock::show as moment;
use crate::domain::order::{Order, OrderFields};
use crate::domain::rejection::RejectionCategory;
use crate::domain::status::Status;
use crate::domain::validate::{self, Context, Field, Problem};
use crate::safe_file;
use crate::store::OrderSummary;
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Every order, one per line (or a JSON array).
    List {
        /// Only orders in this status (draft, submitted, customer-action-required, support-engaged,
        /// foc-confirmed, completed, cancellation-requested, canceled).
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One order in full, with its timeline and rejection reasons; the PIN is redacted.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Check an order file (the same JSON form as the order files) as the wizard would and save it as a draft.
    Import { file: PathBuf },
}

pub(super) fn run(action: &Action, ws: &mut Workspace, out: &mut dyn Write) -> anyhow::Result<i32> {
    match action {
        Action::List { status, json } => orders_list(ws, status.as_deref(), *json, out),
        Action::Show { id, json } => orders_show(ws, id, *json, out),
        Action::Import { file } => orders_import(ws, file, out),
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
) -> anyhow::Result<i32> {
    let wanted = match status.map(|s| Status::from_keyword(s).ok_or(s)) {
        Some(Err(word)) => {
            let all: Vec<&str> = Status::ALL.iter().map(|s| s.keyword()).collect();
            eprintln!(
                "portwiz: {:?} is not a status; use one of {}",
                strip_controls(word),
                all.join(", ")
            );
            return Ok(2);
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
    Ok(0)
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
            *pin = serde_json::Value::String("<redacted>".into());
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
pub fn orders_show(
    ws: &Workspace,
    id: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(order) = find_order(ws, id)? else {
        return Ok(2);
    };
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
        return Ok(0);
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
            "Losing carrier: {} account {} ({} {} numbers)",
            group.carrier_name,
            group.account,
            group.numbers.len(),
            group.kind.label()
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
            moment(&e.at.to_zoned(crate::domain::calendar::eastern())),
            e.actor.label(),
            strip_controls(&e.detail)
        )?;
    }
    Ok(0)
}

/// The part of an order file that import reads; the rest (status, history) is the program's own.
#[derive(serde::Deserialize)]
struct ImportedOrder {
    #[serde(default)]
    schema_version: Option<u32>,
    fields: OrderFields,
}

/// `portwiz orders import <FILE>`: validated as the wizard would, saved as a draft or refused with every problem.
pub fn orders_import(ws: &mut Workspace, file: &Path, out: &mut dyn Write) -> anyhow::Result<i32> {
    let shown = strip_controls(&file.display().to_string());
    // The same limit as the order files the store reads: nothing is imported that it would set aside.
    let text = match safe_file::read_regular(file, crate::schema::MAX_ORDER_FILE_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("portwiz: {e}");
            return Ok(2);
        }
    };
    let imported: ImportedOrder = match crate::json::parse(&text) {
        Ok(o) => o,
        Err(problem) => {
            eprintln!(
                "portwiz: {shown} is not an order file to import: {problem}; correct it and import again"
            );
            return Ok(2);
        }
    };
    if imported
        .schema_version
        .is_some_and(|v| v > crate::domain::order::SCHEMA_VERSION)
    {
        eprintln!(
            "portwiz: {shown} is from a newer portwiz (schema {}); update portwiz first",
            imported.schema_version.unwrap_or(0)
        );
        return Ok(2);
    }
    let orders = load_orders(ws, &|_| true)?;
    let now = ws.clock.now();
    // Reserved until saved: no open draft of another session can be given the same ID.
    let (mut order, reserved) = ws.new_draft()?;
    order.fields = imported.fields;
    order.fields.loa = None;
    let mut problems: Vec<Problem> = Vec::new();
    ws.read_inventory();
    // The LOA copy is kept with the order, in one transaction: both or neither.
    let mut loa_copy = None;
    let holders = carrier::holders(&orders, &ws.inventory, None);
    let list = crate::domain::phone::parse_list(&order.fields.numbers_text, order.fields.country);
    for bad in list.errors() {
        let reason = bad.reason();
        problems.push(Problem {
            step: 2,
            field: Field::Numbers,
            message: format!(
                "line {}: {} - {reason}",
                bad.line,
                strip_controls(&bad.input)
            ),
        });
    }
    let report = carrier::check_numbers(ws.network.as_ref(), list.unique_numbers(), &holders);
    for r in &report.refused {
        problems.push(Problem {
            step: 2,
            field: Field::Numbers,
            message: format!("{}: {}", r.number.national(), r.reason),
        });
    }
    order.fields.group = match report.groups.as_slice() {
        [one] => Some(one.clone()),
        [] => None,
        many => {
            problems.push(Problem {
                step: 2,
                field: Field::Group,
                message: format!(
                    "the numbers span {} carrier accounts or types; one order holds one group",
                    many.len()
                ),
            });
            None
        }
    };
    if order.fields.loa_path.trim().is_empty() {
        problems.push(Problem {
            step: 6,
            field: Field::LoaPath,
            message: "give loa_path: the path to the signed LOA PDF".into(),
        });
    } else {
        match ws.read_loa(
            &order.id,
            &order.fields,
            Path::new(order.fields.loa_path.trim()),
        ) {
            Ok((doc, bytes)) => {
                loa_copy = Some((doc.stored_name.clone(), bytes));
                order.fields.loa = Some(doc);
            }
            Err(e) => problems.push(Problem {
                step: 6,
                field: Field::LoaPath,
                message: e.to_string(),
            }),
        }
    }
    let names: Vec<String> = orders.iter().map(|o| o.name.clone()).collect();
    let context = Context {
        today: now.date(),
        other_order_names: &names,
    };
    for p in validate::all_problems(&order.fields, &context) {
        if !problems.iter().any(|q| q.field == p.field) {
            problems.push(p);
        }
    }
    // What the network and the other orders tell, as the wizard's review asks it.
    problems.extend(ws.network_problems(&order, &orders));
    if !problems.is_empty() {
        eprintln!(
            "portwiz: {shown} was not imported; {} problem{}:",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        for p in &problems {
            eprintln!(
                "  step {} {}, {}: {}",
                p.step,
                crate::ui::screens::wizard::steps::step(p.step).short,
                p.field.label(),
                strip_controls(&p.message)
            );
        }
        ws.discard_reservation(&order.id, reserved);
        return Ok(1);
    }
    order.wizard.step = 8;
    order.record(
        now.timestamp(),
        crate::domain::order::Actor::Administrator,
        format!("Imported from {shown}"),
    );
    let saved = match &loa_copy {
        Some((name, bytes)) => ws.save_order_with_document(&mut order, name, bytes),
        None => ws.save_order(&mut order),
    };
    match saved {
        Ok(()) => {}
        Err(e) if e.applied() => eprintln!("portwiz: {shown} was imported; {e}"),
        Err(e) => {
            eprintln!("portwiz: {shown} was not imported: {e}");
            ws.discard_reservation(&order.id, reserved);
            return Ok(1);
        }
    }
    drop(reserved);
    writeln!(
        out,
        "Imported {shown} as draft {} ({}); open it in portwiz to review and submit.",
        order.id,
        strip_controls(&order.display_name())
    )?;
    Ok(0)
}

//! `portwiz clock show|advance|set`: the simulated clock, and what falls due as it moves.

use super::{Failure, Outcome, load_orders};
use crate::clock::show as moment;
use crate::clock::{Advance, parse_rfc3339};
use crate::domain::calendar::eastern;
use crate::domain::phone::PhoneNumber;
use crate::lifecycle;
use crate::store::StoreError;
use crate::strings;
use crate::text::strip_controls;
use crate::workspace::{ClockTarget, Workspace};
use jiff::Timestamp;
use serde::Serialize;
use std::io::Write;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print the simulated time, and what each open order waits for.
    Show,
    /// Move the clock on: 6h (hours), 2d (days) or 3bd (business days).
    Advance { step: String },
    /// Set the clock to a later moment (RFC 3339, e.g. 2026-12-01T09:00:00-05:00).
    Set { moment: String },
}

pub(super) fn run(action: &Action, ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::Show => clock_show(ws, json, out),
        Action::Advance { step } => clock_advance(ws, step, json, out),
        Action::Set { moment } => clock_set(ws, moment, json, out),
    }
}

#[derive(Serialize)]
struct ClockJson {
    clock: &'static str,
    now: String,
    waiting: Vec<WaitJson>,
}

#[derive(Serialize)]
struct WaitJson {
    id: String,
    name: String,
    next: &'static str,
    at: String,
}

/// `portwiz clock show`: the time, and what each open order waits for.
pub fn clock_show(ws: &Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    let now = ws.clock.now();
    let mut waiting = Vec::new();
    for order in load_orders(ws, &lifecycle::waits)? {
        if let Some((at, due)) =
            lifecycle::next_due_by(&lifecycle::Timing::of_summary(&order), ws.network.as_ref())
        {
            waiting.push((order, due, at.to_zoned(eastern())));
        }
    }
    if json {
        let shown = ClockJson {
            clock: ws.clock.label(),
            now: now.to_string(),
            waiting: (waiting.iter())
                .map(|(order, due, at)| WaitJson {
                    id: order.id.clone(),
                    name: order.display_name(),
                    next: due.describe(),
                    at: at.to_string(),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &shown)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}: {} ({now})", ws.clock.label(), moment(&now))?;
    if let Some(latest) = ws.clock_started_at_event() {
        writeln!(out, "{}", strings::clock_started_at_event(latest))?;
    }
    for (order, due, at) in &waiting {
        writeln!(
            out,
            "  {}  {}: {} at {}",
            order.id,
            strip_controls(&order.display_name()),
            due.describe(),
            moment(at)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct MovedJson {
    from: String,
    to: String,
    changes: Vec<ChangeJson>,
    /// The CSRs whose answers the step brought.
    csrs: Vec<CsrJson>,
}

#[derive(Serialize)]
struct ChangeJson {
    id: String,
    name: String,
    from: &'static str,
    to: &'static str,
}

#[derive(Serialize)]
struct CsrJson {
    btn: PhoneNumber,
    carrier_name: Option<String>,
    received_at: Option<Timestamp>,
    /// The orders that asked for it, which keep it.
    orders: Vec<String>,
}

fn move_clock(ws: &mut Workspace, to: ClockTarget, json: bool, out: &mut dyn Write) -> Outcome {
    let from = ws.clock.now();
    // A moment the clock refuses (fixed, before what happened, past the calendar) is a refusal.
    let step = ws.move_clock(to).map_err(|e| match e {
        StoreError::Refused(why) => Failure::refused(why),
        failed => Failure::from(failed),
    })?;
    if json {
        let moved = MovedJson {
            from: from.to_string(),
            to: step.to.to_string(),
            changes: (step.orders.into_iter())
                .map(|c| ChangeJson {
                    id: c.id,
                    name: c.name,
                    from: c.from.keyword(),
                    to: c.to.keyword(),
                })
                .collect(),
            csrs: (step.csrs.into_iter())
                .map(|entry| CsrJson {
                    carrier_name: entry.received.as_ref().map(|c| c.carrier_name.clone()),
                    received_at: entry.received.as_ref().map(|c| c.received_at),
                    btn: entry.btn,
                    orders: entry.orders,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &moved)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Simulated clock: {} -> {}",
        moment(&from),
        moment(&step.to)
    )?;
    if step.changed_nothing() {
        writeln!(out, "No order changed and no CSR arrived.")?;
    }
    for c in &step.orders {
        let what = if c.from == c.to {
            format!("still {} (news in its timeline)", c.to.label())
        } else {
            format!("{} -> {}", c.from.label(), c.to.label())
        };
        writeln!(out, "  {}  {}: {what}", c.id, strip_controls(&c.name))?;
    }
    for entry in &step.csrs {
        writeln!(out, "  {}", strip_controls(&strings::csr_arrived(entry)))?;
    }
    Ok(())
}

/// `portwiz clock advance <N>h|<N>d|<N>bd`.
pub fn clock_advance(ws: &mut Workspace, step: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let step = Advance::parse(step).map_err(Failure::bad_input)?;
    move_clock(ws, ClockTarget::Step(step), json, out)
}

/// `portwiz clock set <RFC 3339>`.
pub fn clock_set(ws: &mut Workspace, text: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let to = parse_rfc3339(text).map_err(Failure::bad_input)?;
    move_clock(ws, ClockTarget::At(to), json, out)
}

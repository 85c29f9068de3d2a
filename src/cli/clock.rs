//! `portwiz clock show|advance|set`: the simulated clock, and what falls due as it moves.

use super::load_orders;
use crate::clock::show as moment;
use crate::clock::{Advance, parse_moment};
use crate::lifecycle;
use crate::text::strip_controls;
use crate::workspace::{ClockTarget, Workspace};
use std::io::Write;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print the simulated time.
    Show,
    /// Move the clock on: 6h (hours), 2d (days) or 3bd (business days).
    Advance { step: String },
    /// Set the clock to a later moment (RFC 3339, e.g. 2026-12-01T09:00:00-05:00).
    Set { moment: String },
}

pub(super) fn run(action: &Action, ws: &mut Workspace, out: &mut dyn Write) -> anyhow::Result<i32> {
    match action {
        Action::Show => clock_show(ws, out),
        Action::Advance { step } => clock_advance(ws, step, out),
        Action::Set { moment } => clock_set(ws, moment, out),
    }
}

/// `portwiz clock show`: the time, and what each open order waits for.
pub fn clock_show(ws: &Workspace, out: &mut dyn Write) -> anyhow::Result<i32> {
    let now = ws.clock.now();
    writeln!(out, "{}: {} ({now})", ws.clock.label(), moment(&now))?;
    for order in load_orders(ws, &lifecycle::waits)? {
        if let Some((at, due)) =
            lifecycle::next_due_by(&lifecycle::Timing::of_summary(&order), ws.network.as_ref())
        {
            let at = at.to_zoned(crate::domain::calendar::eastern());
            writeln!(
                out,
                "  {}  {}: {} at {}",
                order.id,
                strip_controls(&order.display_name()),
                due.describe(),
                moment(&at)
            )?;
        }
    }
    Ok(0)
}

fn move_clock(ws: &mut Workspace, to: ClockTarget, out: &mut dyn Write) -> anyhow::Result<i32> {
    let from = ws.clock.now();
    match ws.advance_clock(to) {
        Err(message) => {
            eprintln!("portwiz: {message}");
            Ok(2)
        }
        Ok((to, changes)) => {
            writeln!(out, "Simulated clock: {} -> {}", moment(&from), moment(&to))?;
            if changes.is_empty() {
                writeln!(out, "No order changed.")?;
            }
            for c in changes {
                writeln!(
                    out,
                    "  {}  {}: {} -> {}",
                    c.id,
                    strip_controls(&c.name),
                    c.from.label(),
                    c.to.label()
                )?;
            }
            Ok(0)
        }
    }
}

/// `portwiz clock advance <N>h|<N>d|<N>bd`.
pub fn clock_advance(ws: &mut Workspace, step: &str, out: &mut dyn Write) -> anyhow::Result<i32> {
    match Advance::parse(step) {
        Ok(step) => move_clock(ws, ClockTarget::Step(step), out),
        Err(message) => {
            eprintln!("portwiz: {message}");
            Ok(2)
        }
    }
}

/// `portwiz clock set <RFC 3339>`.
pub fn clock_set(ws: &mut Workspace, text: &str, out: &mut dyn Write) -> anyhow::Result<i32> {
    match parse_moment(text) {
        Ok(to) => move_clock(ws, ClockTarget::At(to), out),
        Err(message) => {
            eprintln!("portwiz: {message}");
            Ok(2)
        }
    }
}

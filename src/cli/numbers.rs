//! `portwiz numbers list` and `portwiz port-out`: the organization's numbers.

use super::{Failure, Outcome};
use crate::domain::phone::parse_list;
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Every number, with its connection, assignment and usage (or a JSON array).
    List,
}

pub(super) fn run(action: &Action, ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::List => numbers_list(ws, json, out),
    }
}

#[derive(clap::Args)]
pub struct PortOutArgs {
    /// The porting PIN; without it, the PIN is read from standard input (out of the shell history).
    #[arg(long)]
    pin: Option<String>,
    /// The numbers to port out.
    #[arg(required = true)]
    numbers: Vec<String>,
}

pub(super) fn run_port_out(args: &PortOutArgs, ws: &mut Workspace, out: &mut dyn Write) -> Outcome {
    port_out(
        ws,
        args.pin.as_deref(),
        &args.numbers,
        jiff::Timestamp::now(),
        out,
    )
}

#[derive(Serialize)]
struct NumberJson<'a> {
    number: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    country: &'static str,
    connection: &'static str,
    assigned_to: Option<&'a str>,
    assignee: Option<&'static str>,
    usage: Option<&'static str>,
    order: Option<&'a str>,
}

/// `portwiz numbers list [--json]`.
pub fn numbers_list(ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    ws.read_inventory();
    if let Some(error) = &ws.inventory_error {
        return Err(Failure::bad_input(error.clone()));
    }
    let mut numbers: Vec<_> = ws.inventory.numbers.iter().collect();
    numbers.sort_by(|a, b| a.number.cmp(&b.number));
    if json {
        let rows: Vec<NumberJson> = numbers
            .iter()
            .map(|n| NumberJson {
                number: n.number.e164(),
                kind: n.kind.label(),
                country: n.country.code(),
                connection: n.connection.label(),
                assigned_to: n.assignment.as_ref().map(|a| a.name.as_str()),
                assignee: n.assignment.as_ref().map(|a| a.kind.label()),
                usage: n.assignment.as_ref().map(|a| a.usage.label()),
                order: n.order_id.as_deref(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
    } else {
        for n in numbers {
            let assigned = n.assignment.as_ref().map(|a| {
                format!(
                    "{} ({}, {})",
                    strip_controls(&a.name),
                    a.kind.label(),
                    a.usage.label()
                )
            });
            writeln!(
                out,
                "{}  {:<10} {:<16} {}",
                n.number.e164(),
                n.kind.label(),
                n.connection.label(),
                assigned.unwrap_or_else(|| "unassigned".into())
            )?;
        }
    }
    Ok(())
}

/// `portwiz port-out [--pin PIN] NUMBER...`: done when the numbers left, refused (1) or bad input (2).
/// `real_now` is the real time, on which the wait after wrong PINs runs.
pub fn port_out(
    ws: &mut Workspace,
    pin: Option<&str>,
    numbers: &[String],
    real_now: jiff::Timestamp,
    out: &mut dyn Write,
) -> Outcome {
    let list = parse_list(&numbers.join("\n"), None);
    if let Some(bad) = list.errors().next() {
        let reason = bad.reason();
        return Err(Failure::bad_input(format!(
            "{}: {reason}",
            strip_controls(&bad.input)
        )));
    }
    let pin = match pin {
        Some(pin) => pin.to_string(),
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| {
                Failure::bad_input(format!("cannot read the PIN from standard input: {e}"))
            })?;
            line.trim().to_string()
        }
    };
    if pin.trim().is_empty() {
        return Err(Failure::bad_input(
            "no porting PIN was given (with --pin, or on standard input); nothing was tried",
        ));
    }
    let numbers: Vec<_> = list.unique_numbers().cloned().collect();
    let message = (ws.port_out(&numbers, &pin, real_now))
        .map_err(|reason| Failure::refused(format!("refused: {reason}")))?;
    writeln!(out, "{message}")?;
    Ok(())
}

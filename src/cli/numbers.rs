//! `portwiz numbers ...` and `portwiz port-out`: the organization's numbers, through the
//! workspace's rules the app's numbers screen uses.

use super::secret::{self, PinSource};
use super::{Failure, Outcome};
use crate::clock::show as moment;
use crate::domain::calendar::eastern;
use crate::domain::inventory::{AssigneeKind, OwnedNumber, Usage};
use crate::domain::phone::{PhoneNumber, parse_list};
use crate::strings;
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Every number, with its connection, assignment and usage (or a JSON array).
    List,
    /// Assign a number to a user or a resource account.
    Assign {
        number: String,
        /// Who gets it: a user's or a resource account's name.
        #[arg(long, value_name = "NAME")]
        to: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(long, value_enum)]
        usage: UsageArg,
    },
    /// Take a number from whoever has it.
    Unassign { number: String },
    /// Give numbers back to the provider: prints a confirmation code, and releases them when run
    /// again with --confirm CODE (or when the code is typed at the terminal).
    Release {
        #[arg(required = true)]
        numbers: Vec<String>,
        #[arg(long, value_name = "CODE")]
        confirm: Option<String>,
    },
    /// The porting PIN that another carrier must give to port numbers away.
    Pin {
        #[command(subcommand)]
        action: PinAction,
    },
    /// What changed in the numbers, and what left, oldest first.
    History,
}

#[derive(clap::Subcommand)]
pub enum PinAction {
    /// Set the PIN: typed twice at the terminal without echo, or read from standard input.
    Set,
    /// Change the PIN, the same way.
    Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    User,
    Resource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UsageArg {
    User,
    VoiceApp,
    Conference,
}

pub(super) fn run(action: &Action, ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::List => numbers_list(ws, json, out),
        Action::Assign {
            number,
            to,
            kind,
            usage,
        } => {
            let kind = match kind {
                KindArg::User => AssigneeKind::User,
                KindArg::Resource => AssigneeKind::ResourceAccount,
            };
            let usage = match usage {
                UsageArg::User => Usage::User,
                UsageArg::VoiceApp => Usage::VoiceApp,
                UsageArg::Conference => Usage::Conference,
            };
            let n = one_number(number)?;
            ws.assign(&n, to.trim(), kind, usage)
                .map_err(Failure::refused)?;
            if json {
                return number_row(ws, &n, out);
            }
            writeln!(
                out,
                "{} is assigned to {} ({}).",
                n.e164(),
                strip_controls(to.trim()),
                strings::assignee(kind, usage)
            )?;
            Ok(())
        }
        Action::Unassign { number } => {
            let n = one_number(number)?;
            ws.unassign(&n).map_err(Failure::refused)?;
            if json {
                return number_row(ws, &n, out);
            }
            writeln!(out, "{} is unassigned.", n.e164())?;
            Ok(())
        }
        Action::Release { numbers, confirm } => release(ws, numbers, confirm.as_deref(), out),
        Action::Pin { action } => set_pin(ws, matches!(action, PinAction::Change), out),
        Action::History => history(ws, json, out),
    }
}

/// The number as it is now in the inventory, as a row of `numbers list --json`.
fn number_row(ws: &Workspace, number: &PhoneNumber, out: &mut dyn Write) -> Outcome {
    let owned = ws.inventory.find(number).ok_or_else(|| {
        Failure::refused(format!(
            "{} is no longer the organization's; `portwiz numbers list` shows what is",
            number.e164()
        ))
    })?;
    serde_json::to_writer_pretty(&mut *out, &NumberJson::of(owned))?;
    writeln!(out)?;
    Ok(())
}

/// One number as typed, or why it is not one.
fn one_number(text: &str) -> Result<PhoneNumber, Failure> {
    PhoneNumber::parse(text)
        .map_err(|e| Failure::bad_input(format!("{}: {e}", strip_controls(text.trim()))))
}

/// The code that confirms releasing these numbers from the inventory as it is: the same while
/// nothing changes, so that the command can be run again with it.
fn release_code(ws: &Workspace, numbers: &[PhoneNumber]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(ws.inventory.revision.to_le_bytes());
    for n in numbers {
        hash.update(n.e164());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 6];
    bytes.copy_from_slice(&digest[..6]);
    crate::secrets::confirmation_code(bytes)
}

/// `portwiz numbers release NUMBER... [--confirm CODE]`.
fn release(
    ws: &mut Workspace,
    typed: &[String],
    confirm: Option<&str>,
    out: &mut dyn Write,
) -> Outcome {
    let numbers = typed
        .iter()
        .map(|t| one_number(t))
        .collect::<Result<Vec<_>, _>>()?;
    ws.read_inventory();
    if let Some(error) = &ws.inventory_error {
        return Err(Failure::bad_input(error.clone()));
    }
    // Every number is checked before any is released, or asked about.
    for n in &numbers {
        ws.inventory.check_release(n).map_err(Failure::refused)?;
    }
    let code = release_code(ws, &numbers);
    let list: Vec<&str> = numbers.iter().map(PhoneNumber::e164).collect();
    let typed = match confirm {
        Some(typed) => typed.trim().to_string(),
        None if std::io::stdin().is_terminal() => {
            let stop = if list.len() == 1 {
                "It stops"
            } else {
                "They stop"
            };
            eprint!(
                "Release {} back to the provider? {stop} being the organization's. Type {code} to confirm: ",
                list.join(", ")
            );
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Failure::bad_input(format!("cannot read the code: {e}")))?;
            line.trim().to_string()
        }
        None => {
            return Err(Failure::refused(format!(
                "nothing was released: releasing {} gives {} back to the provider; run again with --confirm {code}",
                list.join(", "),
                if list.len() == 1 { "it" } else { "them" }
            )));
        }
    };
    for n in &numbers {
        ws.release(n, &typed, &code).map_err(Failure::refused)?;
        writeln!(out, "{} was released to the provider.", n.e164())?;
    }
    Ok(())
}

/// `portwiz numbers pin set|change`: the new PIN typed twice; the PIN is never printed.
fn set_pin(ws: &mut Workspace, change: bool, out: &mut dyn Write) -> Outcome {
    match (change, ws.pin_is_set()) {
        (true, false) => {
            return Err(Failure::refused(
                "no porting PIN is set yet; use `portwiz numbers pin set`",
            ));
        }
        (false, true) => {
            return Err(Failure::refused(
                "a porting PIN is set already; use `portwiz numbers pin change`",
            ));
        }
        _ => {}
    }
    let (pin, again) = secret::read_new_pin()?;
    // A PIN of the wrong form is bad input (2), as port-out's is; the store checks it again
    // under its transaction, where a PIN set meanwhile is a refusal.
    crate::domain::pin::check_new_pin(change, &pin, &again).map_err(Failure::bad_input)?;
    let warning = ws.set_pin(&pin, &again).map_err(Failure::refused)?;
    if let Some(warning) = warning {
        eprintln!("portwiz: warning: {warning}");
    }
    writeln!(
        out,
        "The porting PIN is {}; it is kept only as a salted hash.",
        if change { "changed" } else { "set" }
    )?;
    Ok(())
}

#[derive(Serialize)]
struct EventJson<'a> {
    at: String,
    number: &'a str,
    detail: &'a str,
}

/// `portwiz numbers history`.
fn history(ws: &mut Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    ws.read_inventory();
    if let Some(error) = &ws.inventory_error {
        return Err(Failure::bad_input(error.clone()));
    }
    let events = &ws.inventory.history;
    if json {
        let rows: Vec<EventJson> = events
            .iter()
            .map(|e| EventJson {
                at: e.at.to_zoned(eastern()).to_string(),
                number: e.number.e164(),
                detail: &e.detail,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for e in events {
        writeln!(
            out,
            "{}  {}  {}",
            moment(&e.at.to_zoned(eastern())),
            e.number.e164(),
            strip_controls(&e.detail)
        )?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct PortOutArgs {
    /// The porting PIN. Visible to every user of this machine in the process list: leave it out
    /// to be asked at the terminal (without echo), or pipe it on standard input, or use --pin-file.
    #[arg(long)]
    pin: Option<String>,
    /// A file whose first line is the porting PIN.
    #[arg(long, value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// The numbers to port out.
    #[arg(required = true)]
    numbers: Vec<String>,
}

pub(super) fn run_port_out(
    args: &PortOutArgs,
    ws: &mut Workspace,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let source = PinSource {
        given: args.pin.as_deref(),
        file: args.pin_file.as_deref(),
    };
    port_out(
        ws,
        &source,
        &args.numbers,
        jiff::Timestamp::now(),
        json,
        out,
    )
}

#[derive(Serialize)]
struct PortedOutJson<'a> {
    ported_out: Vec<&'a str>,
    message: &'a str,
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

impl NumberJson<'_> {
    fn of(n: &OwnedNumber) -> NumberJson<'_> {
        NumberJson {
            number: n.number.e164(),
            kind: n.kind.label(),
            country: n.country.code(),
            connection: n.connection.label(),
            assigned_to: n.assignment.as_ref().map(|a| a.name.as_str()),
            assignee: n.assignment.as_ref().map(|a| a.kind.label()),
            usage: n.usage().map(|u| u.label()),
            order: n.order_id.as_deref(),
        }
    }
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
        let rows: Vec<NumberJson> = numbers.iter().map(|n| NumberJson::of(n)).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
    } else {
        if !numbers.is_empty() {
            writeln!(
                out,
                "{:<12}  {:<10} {:<16} Assigned to",
                "Number", "Type", "Connection"
            )?;
        }
        for n in numbers {
            let assigned = n.assignment.as_ref().map(|a| {
                let whom = strings::assignee(a.kind, a.usage);
                format!("{} ({whom})", strip_controls(&a.name))
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

/// `portwiz port-out [--pin PIN | --pin-file FILE] NUMBER...`: done when the numbers left,
/// refused (1) or bad input (2). `real_now` is the real time, on which the wait after wrong PINs runs.
pub fn port_out(
    ws: &mut Workspace,
    pin: &PinSource,
    numbers: &[String],
    real_now: jiff::Timestamp,
    json: bool,
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
    let pin = secret::read_pin(pin, "Porting PIN: ")?;
    if pin.is_empty() {
        return Err(Failure::bad_input(
            "no porting PIN was given (at the terminal, on standard input, with --pin-file or --pin); nothing was tried",
        ));
    }
    let numbers: Vec<_> = list.unique_numbers().cloned().collect();
    let message = (ws.port_out(&numbers, &pin, real_now))
        .map_err(|reason| Failure::refused(format!("refused: {reason}")))?;
    if json {
        let ported = PortedOutJson {
            ported_out: numbers.iter().map(PhoneNumber::e164).collect(),
            message: &message,
        };
        serde_json::to_writer_pretty(&mut *out, &ported)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{message}")?;
    }
    Ok(())
}

//! The life of a stored order from the command line: `orders submit`, `resubmit`, `cancel`,
//! `support`, `rename` and `delete`, each through the lifecycle and workspace functions the app
//! uses, under the order's lock.

use crate::cli::{Failure, Outcome, find_order, load_orders};
use crate::clock::show as moment;
use crate::domain::calendar::eastern;
use crate::domain::order::Order;
use crate::domain::rejection;
use crate::domain::status::Status;
use crate::domain::validate::{self, Context, Problem};
use crate::lifecycle;
use crate::store::OrderSummary;
use crate::strings;
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;

/// The pre-submit check, as the wizard's review makes it: every field's rule, and what the network
/// and the other orders tell.
fn presubmit_problems(ws: &mut Workspace, order: &Order, orders: &[OrderSummary]) -> Vec<Problem> {
    ws.read_inventory();
    let names: Vec<String> = (orders.iter())
        .filter(|o| o.id != order.id)
        .map(|o| o.name.clone())
        .collect();
    let context = Context {
        today: ws.clock.today(),
        other_order_names: &names,
    };
    let mut problems = validate::all_problems(&order.fields, &context);
    problems.extend(ws.network_problems(order, orders));
    problems
}

#[derive(Serialize)]
struct StatusJson<'a> {
    id: &'a str,
    status: &'static str,
    next: Option<NextJson>,
}

#[derive(Serialize)]
struct NextJson {
    what: &'static str,
    at: String,
}

/// Where the order stands now, and what happens next and when.
fn tell_status(
    ws: &Workspace,
    order: &Order,
    said: &str,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let next = lifecycle::next_due(order, ws.network.as_ref())
        .map(|(at, due)| (due, at.to_zoned(eastern())));
    if json {
        let status = StatusJson {
            id: &order.id,
            status: order.status.keyword(),
            next: next.as_ref().map(|(due, at)| NextJson {
                what: due.describe(),
                at: at.to_string(),
            }),
        };
        serde_json::to_writer_pretty(&mut *out, &status)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{said}")?;
    if let Some((due, at)) = next {
        writeln!(
            out,
            "Next: {} at {} (simulated time moves with `portwiz clock advance`).",
            due.describe(),
            moment(&at)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct OrderJson<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    deleted: bool,
}

/// The order's ID, name and status as one JSON object (a deleted draft's as it was).
fn tell_order(order: &Order, deleted: bool, out: &mut dyn Write) -> Outcome {
    let said = OrderJson {
        id: &order.id,
        name: &order.fields.order_name,
        status: order.status.keyword(),
        deleted,
    };
    serde_json::to_writer_pretty(&mut *out, &said)?;
    writeln!(out)?;
    Ok(())
}

/// Which submission `orders_submit` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// A draft's first.
    First,
    /// An order the carrier sent back, again; `anyway`: even with a field it named unchanged.
    Again { anyway: bool },
}

/// `portwiz orders submit ID` (a draft) and `portwiz orders resubmit ID` (an order the carrier sent
/// back, after `orders update`): the pre-submit check, then to the carrier or to support.
pub fn orders_submit(
    ws: &mut Workspace,
    id: &str,
    submission: Submission,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let resubmit = submission != Submission::First;
    let found = find_order(ws, id)?;
    let orders = load_orders(ws, &|_| true)?;
    let _lock = (ws.lock_order(&found.id)).map_err(|held| Failure::refused(held.to_string()))?;
    let mut order = ws.order(&found.id)?;
    let (wanted, other) = if resubmit {
        (Status::CustomerActionRequired, "submit")
    } else {
        (Status::Draft, "resubmit")
    };
    if order.status != wanted {
        let hint = match order.status {
            Status::Draft | Status::CustomerActionRequired => {
                format!("; use `portwiz orders {other} {}`", order.id)
            }
            _ => String::new(),
        };
        return Err(Failure::refused(format!(
            "{} is {}, not {}{hint}",
            order.id,
            order.status.label(),
            wanted.label()
        )));
    }
    let problems = presubmit_problems(ws, &order, &orders);
    if !problems.is_empty() {
        let n = problems.len();
        return Err(Failure::refused(format!(
            "{} was not {}; {n} problem{} to fix first (`portwiz orders update {} FILE`)",
            order.id,
            if resubmit { "resubmitted" } else { "submitted" },
            if n == 1 { "" } else { "s" },
            order.id
        ))
        .with_problems(problems));
    }
    if submission == (Submission::Again { anyway: false }) {
        refuse_unchanged(&order)?;
    }
    let now = ws.clock.now().timestamp();
    lifecycle::submit(&mut order, ws.network.as_ref(), now)
        .map_err(|e| Failure::refused(strings::not_submitted(&e.to_string())))?;
    ws.save_order(&mut order)?;
    let said = strings::submitted(
        &strip_controls(&order.display_name()),
        &order.id,
        order.status.label(),
        order.setback(),
    );
    tell_status(ws, &order, &said, json, out)
}

/// Refuses to resubmit an order while a field the carrier named is as it was when rejected: each
/// such field is a problem, on its step.
fn refuse_unchanged(order: &Order) -> Outcome {
    let reasons = order
        .current_rejection()
        .map(|r| r.categories.as_slice())
        .unwrap_or_default();
    let problems: Vec<Problem> = (rejection::unchanged_reasons(order, reasons).into_iter())
        .flat_map(|reason| {
            reason.fields().iter().map(move |&field| Problem {
                step: field.step(),
                field,
                message: strings::named_and_unchanged(reason.title()),
            })
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    let named: Vec<&str> = problems.iter().map(|p| p.field.label()).collect();
    Err(Failure::refused(format!(
        "{} was not resubmitted: the carrier named {}, unchanged since the rejection; change {} (`portwiz orders update {} FILE`), or resubmit it as it is with --anyway",
        order.id,
        named.join(", "),
        if named.len() == 1 { "it" } else { "them" },
        order.id
    ))
    .with_problems(problems))
}

/// One change of a stored order under its lock, by a lifecycle rule; a refusal says why.
fn change<T>(
    ws: &mut Workspace,
    id: &str,
    rule: impl FnOnce(&mut Order, &jiff::Zoned) -> Result<T, String>,
) -> Result<(Order, T), Failure> {
    let found = find_order(ws, id)?;
    ws.change_order(&found.id, rule).map_err(Failure::refused)
}

/// `portwiz orders cancel ID`: asks the carrier to cancel (refused within 24 hours of the FOC).
pub fn orders_cancel(ws: &mut Workspace, id: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let (order, said) = change(ws, id, |order, at| {
        lifecycle::request_cancellation(order, at.timestamp())
            .map(|()| strings::CANCEL_REQUESTED.to_string())
            .map_err(|why| strings::cannot_cancel(&why))
    })?;
    tell_status(ws, &order, &said, json, out)
}

/// `portwiz orders support ID --comment TEXT`: opens a support ticket, or adds to the one open.
pub fn orders_support(
    ws: &mut Workspace,
    id: &str,
    comment: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let text = comment
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Failure::bad_input("give --comment TEXT: what support should know or do"))?;
    let (order, said) = change(ws, id, |order, at| {
        lifecycle::request_assistance(order, at.timestamp(), text)
    })?;
    tell_status(ws, &order, &said, json, out)
}

/// `portwiz orders rename ID NAME`: the wizard's rule for names (unique, within what carriers take).
pub fn orders_rename(
    ws: &mut Workspace,
    id: &str,
    name: &str,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let names: Vec<(String, String)> = (load_orders(ws, &|_| true)?.into_iter())
        .map(|o| (o.id, o.name))
        .collect();
    let (order, ()) = change(ws, id, |order, at| {
        let others: Vec<String> = (names.iter())
            .filter(|(other, _)| *other != order.id)
            .map(|(_, name)| name.clone())
            .collect();
        let context = Context {
            today: at.date(),
            other_order_names: &others,
        };
        let emails = order.fields.notification_emails.clone();
        lifecycle::edit_names(order, name, &emails, &context, at.timestamp())
    })?;
    if json {
        return tell_order(&order, false, out);
    }
    writeln!(
        out,
        "{} is now named {:?}.",
        order.id,
        strip_controls(&order.fields.order_name)
    )?;
    Ok(())
}

/// `portwiz orders delete ID`: a draft, under its lock.
pub fn orders_delete(ws: &mut Workspace, id: &str, json: bool, out: &mut dyn Write) -> Outcome {
    let found = find_order(ws, id)?;
    let deleted = ws.delete_draft(&found.id).map_err(Failure::refused)?;
    if json {
        return tell_order(&deleted, true, out);
    }
    writeln!(
        out,
        "Deleted draft {} ({}).",
        deleted.id,
        strip_controls(&deleted.display_name())
    )?;
    Ok(())
}

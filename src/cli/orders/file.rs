//! `portwiz orders import FILE` and `portwiz orders update ID FILE`: an order file (the fields of the
//! order JSON form) judged as the wizard's review judges them, and kept only when nothing is wrong.

use super::REDACTED;
use crate::carrier;
use crate::cli::failure::{ProblemJson, problem_line};
use crate::cli::{Failure, Outcome, find_order, load_orders};
use crate::domain::order::{Actor, LoaDocument, Order, OrderFields, changes};
use crate::domain::status::Status;
use crate::domain::validate::{self, Context, Field, Problem};
use crate::safe_file;
use crate::store::OrderSummary;
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// The part of an order file that is read; the rest (status, history: all that `orders show
/// --json` prints besides) is the program's own.
#[derive(serde::Deserialize)]
#[serde(expecting = "an order file: a JSON object with the order's \"fields\"")]
struct OrderFile {
    #[serde(default)]
    schema_version: Option<u32>,
    #[serde(deserialize_with = "fields_object")]
    fields: OrderFields,
}

/// The order's fields, from a JSON object only: serde would also read a struct from an array, by
/// position, and then blame the first value for not being a country.
fn fields_object<'de, D: serde::Deserializer<'de>>(reader: D) -> Result<OrderFields, D::Error> {
    struct Fields;
    impl<'de> serde::de::Visitor<'de> for Fields {
        type Value = OrderFields;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object of order fields")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<OrderFields, A::Error> {
            serde::Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    reader.deserialize_map(Fields)
}

/// The fields an order file gives: their values, and which ones it names (an update changes those
/// only).
struct GivenFields {
    fields: OrderFields,
    named: Vec<String>,
}

impl GivenFields {
    /// `base` with the values of the fields the file names.
    fn over(&self, base: &OrderFields) -> Result<OrderFields, Failure> {
        let (Ok(Value::Object(mut merged)), Ok(Value::Object(given))) = (
            serde_json::to_value(base),
            serde_json::to_value(&self.fields),
        ) else {
            return Err(anyhow::anyhow!("order fields are a JSON object").into());
        };
        for name in &self.named {
            if let Some(value) = given.get(name) {
                merged.insert(name.clone(), value.clone());
            }
        }
        Ok(serde_json::from_value(Value::Object(merged))?)
    }
}

/// The names an order file may have at its top: an order's (`orders show --json` prints them
/// all), the signature request an order has only while one is out, and the rejection reasons
/// that `orders show --json` adds.
fn order_file_names() -> Vec<String> {
    let draft = Order::new_draft(String::new(), jiff::Timestamp::UNIX_EPOCH);
    let mut names: Vec<String> = match serde_json::to_value(draft) {
        Ok(Value::Object(order)) => order.keys().cloned().collect(),
        _ => Vec::new(),
    };
    names.extend(["signature_request", "rejection_reasons"].map(String::from));
    names
}

/// The fields of an order file, to `verb` ("import", "update") with; a name under `fields` that is
/// not a field of an order is refused by that name.
fn read_order_file(file: &Path, verb: &str) -> Result<GivenFields, Failure> {
    let shown = strip_controls(&file.display().to_string());
    // The same limit as the order files the store reads: nothing is kept that it would set aside.
    let text = safe_file::read_regular(file, crate::schema::MAX_ORDER_FILE_BYTES as u64)
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    // An array would be read by position, as fields would (see `fields_object`).
    if text.trim_ascii_start().starts_with(b"[") {
        return Err(Failure::bad_input(format!(
            "{shown} is not an order file to {verb}: the document is a JSON array, expected an order file: a JSON object with the order's \"fields\"; correct it and {verb} again"
        )));
    }
    let read: OrderFile = crate::json::parse(&text).map_err(|problem| {
        Failure::bad_input(format!(
            "{shown} is not an order file to {verb}: {problem}; correct it and {verb} again"
        ))
    })?;
    if let Some(newer) = (read.schema_version).filter(|v| *v > crate::domain::order::SCHEMA_VERSION)
    {
        return Err(Failure::bad_input(format!(
            "{shown} is from a newer portwiz (schema {newer}); update portwiz first"
        )));
    }
    // Read as typed above, the document is a JSON object, and so are its fields.
    let document: Value = serde_json::from_slice(&text)?;
    let form = order_file_names();
    let stray: Vec<String> = (document.as_object().into_iter())
        .flat_map(|top| top.keys())
        .filter(|name| !form.contains(name))
        .map(|name| format!("{:?}", strip_controls(name)))
        .collect();
    if !stray.is_empty() {
        return Err(Failure::bad_input(format!(
            "{shown} is not an order file to {verb}: {} {} not part of an order file (a misspelt name would be lost); an order file has {}; correct it and {verb} again",
            stray.join(", "),
            if stray.len() == 1 { "is" } else { "are" },
            form.join(", ")
        )));
    }
    let named: Vec<String> = (document["fields"].as_object().into_iter())
        .flat_map(|fields| fields.keys().cloned())
        .collect();
    let known = match serde_json::to_value(OrderFields::default()) {
        Ok(Value::Object(known)) => known,
        _ => serde_json::Map::new(),
    };
    let unknown: Vec<String> = (named.iter())
        .filter(|name| !known.contains_key(name.as_str()))
        .map(|name| format!("{:?}", strip_controls(name)))
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = known.keys().map(String::as_str).collect();
        return Err(Failure::bad_input(format!(
            "{shown} is not an order file to {verb}: fields.{} {} not a field of an order; the fields are {}; correct it and {verb} again",
            unknown.join(", fields."),
            if unknown.len() == 1 { "is" } else { "are" },
            names.join(", ")
        )));
    }
    Ok(GivenFields {
        fields: read.fields,
        named,
    })
}

/// The LOA copy to keep with the order, when a new one was read.
type LoaCopy = Option<(String, Vec<u8>)>;

/// Judges the order's fields as the wizard's review does: each number and whether it can be ported
/// (their one group becomes the order's), the LOA at `loa_path` (`kept`, the LOA the order has,
/// stays when the file is the same document or no path is given), every field's rule, and what the
/// network and the other orders tell. An LOA to sign again after an update is left to the
/// pre-submit check of `orders resubmit`: it is signed for the corrected values.
fn judge(
    ws: &mut Workspace,
    order: &mut Order,
    orders: &[OrderSummary],
    kept: Option<LoaDocument>,
) -> (Vec<Problem>, LoaCopy) {
    let mut problems = Vec::new();
    ws.read_inventory();
    let holders = carrier::holders(orders, &ws.inventory, Some(&order.id));
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
    let mut copy = None;
    let path = order.fields.loa_path.trim().to_string();
    order.fields.loa = None;
    if path.is_empty() {
        order.fields.loa = kept;
        if order.fields.loa.is_none() {
            problems.push(Problem {
                step: 6,
                field: Field::LoaPath,
                message: "give loa_path: the path to the signed LOA PDF".into(),
            });
        }
    } else {
        match ws.read_loa(&order.id, &order.fields, Path::new(&path)) {
            // The same document again is not a newly signed one: it keeps when it was attached.
            Ok((doc, _)) if kept.as_ref().is_some_and(|k| k.sha256 == doc.sha256) => {
                order.fields.loa = kept;
            }
            Ok((doc, bytes)) => {
                copy = Some((doc.stored_name.clone(), bytes));
                order.fields.loa = Some(doc);
            }
            Err(e) => problems.push(Problem {
                step: 6,
                field: Field::LoaPath,
                message: e.to_string(),
            }),
        }
    }
    let names: Vec<String> = (orders.iter())
        .filter(|o| o.id != order.id)
        .map(|o| o.name.clone())
        .collect();
    let context = Context {
        today: ws.clock.today(),
        other_order_names: &names,
    };
    for p in validate::all_problems(&order.fields, &context) {
        if !problems.iter().any(|q| q.field == p.field) {
            problems.push(p);
        }
    }
    // What the network and the other orders tell, as the wizard's review asks it.
    problems.extend(ws.carrier_problems(order, orders));
    (problems, copy)
}

fn count(n: usize) -> String {
    format!("{n} problem{}", if n == 1 { "" } else { "s" })
}

/// Saves the order, with the LOA copy in the same transaction when there is one.
fn save(
    ws: &mut Workspace,
    order: &mut Order,
    copy: &LoaCopy,
) -> Result<(), crate::store::StoreError> {
    match copy {
        Some((name, bytes)) => ws.save_order_with_document(order, name, bytes),
        None => ws.save_order(order),
    }
}

/// `portwiz orders import FILE [--if-not-exists NAME]`: validated as the wizard would, saved as a
/// draft or refused with every problem. With `--json`, the new draft's ID alone is printed.
pub fn orders_import(
    ws: &mut Workspace,
    file: &Path,
    if_not_exists: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let shown = strip_controls(&file.display().to_string());
    let fields = read_order_file(file, "import")?.fields;
    let orders = load_orders(ws, &|_| true)?;
    if let Some(name) = if_not_exists {
        let name = name.trim();
        let in_file = fields.order_name.trim();
        if !in_file.is_empty() && !in_file.eq_ignore_ascii_case(name) {
            return Err(Failure::bad_input(format!(
                "{shown} names the order {:?}, not {:?}; give --if-not-exists the order's name",
                strip_controls(in_file),
                strip_controls(name)
            )));
        }
        if let Some(same) = orders.iter().find(|o| o.name.eq_ignore_ascii_case(name)) {
            if json {
                return tell_id(&same.id, out);
            }
            writeln!(
                out,
                "{} is already named {:?} ({}); nothing was imported.",
                same.id,
                strip_controls(&same.name),
                same.status.label()
            )?;
            return Ok(());
        }
    }
    let now = ws.clock.now();
    // Reserved until saved: no open draft of another session can be given the same ID.
    let (mut order, reserved) = ws.new_draft()?;
    order.fields = fields;
    if let Some(name) = if_not_exists {
        order.fields.order_name = name.trim().to_string();
    }
    let (problems, copy) = judge(ws, &mut order, &orders, None);
    if !problems.is_empty() {
        ws.discard_reservation(&order.id, reserved);
        let message = format!("{shown} was not imported; {}", count(problems.len()));
        return Err(Failure::refused(message).with_problems(problems));
    }
    // Every number of the order gets its usage: as the file gives it, else its kind's default.
    order.fields.sync_usages();
    order.wizard.step = 8;
    order.record(
        now.timestamp(),
        Actor::Administrator,
        format!("Imported from {shown}"),
    );
    match save(ws, &mut order, &copy) {
        Ok(()) => {}
        Err(e) if e.applied() => eprintln!("portwiz: {shown} was imported; {e}"),
        Err(e) => {
            ws.discard_reservation(&order.id, reserved);
            return Err(Failure::refused(format!("{shown} was not imported: {e}")));
        }
    }
    drop(reserved);
    if json {
        return tell_id(&order.id, out);
    }
    writeln!(
        out,
        "Imported {shown} as draft {} ({}); open it in portwiz to review it, or `portwiz orders submit {}`.",
        order.id,
        strip_controls(&order.display_name()),
        order.id
    )?;
    Ok(())
}

/// What `orders import --json` prints: the order's ID alone, as a JSON string
/// (`"PW-261120-001"`; `jq -r .` gives it bare), whether imported now or found by its name.
fn tell_id(id: &str, out: &mut dyn Write) -> Outcome {
    serde_json::to_writer(&mut *out, id)?;
    writeln!(out)?;
    Ok(())
}

/// `portwiz orders update ID FILE`: a draft, or an order the carrier sent back, takes the fields of
/// the file (a redacted PIN keeps the order's, an empty `loa_path` its LOA), judged as the wizard's
/// Update judges them: saved when nothing is wrong, else refused with every problem.
pub fn orders_update(
    ws: &mut Workspace,
    id: &str,
    file: &Path,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let shown = strip_controls(&file.display().to_string());
    let given = read_order_file(file, "update")?;
    let found = find_order(ws, id)?;
    let _lock = (ws.lock_order(&found.id)).map_err(|held| Failure::refused(held.to_string()))?;
    // Read again under the lock: what another session saved before it counts.
    let mut order = ws.order(&found.id)?;
    if !matches!(order.status, Status::Draft | Status::CustomerActionRequired) {
        return Err(Failure::refused(format!(
            "{} is {}: only a draft, or an order the carrier sent back (Customer action required), takes an update; `portwiz orders rename` changes the name of a submitted order",
            order.id,
            order.status.label()
        )));
    }
    let before = order.fields.clone();
    // A field the file does not name keeps its value.
    let mut fields = given.over(&before)?;
    if fields.account_pin.expose() == REDACTED {
        fields.account_pin = before.account_pin.clone();
    }
    let country_changed =
        order.status == Status::CustomerActionRequired && fields.country != before.country;
    order.fields = fields;
    let orders = load_orders(ws, &|_| true)?;
    let (mut problems, copy) = judge(ws, &mut order, &orders, before.loa.clone());
    if country_changed {
        problems.insert(
            0,
            Problem {
                step: 1,
                field: Field::Country,
                message:
                    "an update cannot change the country; cancel the order and start a new one"
                        .into(),
            },
        );
    }
    let changes_made = changes(&before, &order.fields);
    // A draft is kept as the app keeps one, unfinished: only a value the file changes must be
    // right, and what is still to fill in elsewhere is told after saving, for `submit` to check
    // (`orders show --json` of a draft begun in the app comes back as it went). An order the
    // carrier sent back is resubmitted whole, so every problem refuses it.
    let mut to_fill_in = Vec::new();
    if order.status == Status::Draft {
        let (wrong, rest): (Vec<Problem>, Vec<Problem>) = problems
            .into_iter()
            .partition(|p| changes_made.iter().any(|c| c.field == Some(p.field)));
        problems = wrong;
        to_fill_in = rest;
    }
    if !problems.is_empty() {
        let message = format!("{} was not updated; {}", order.id, count(problems.len()));
        return Err(Failure::refused(message).with_problems(problems));
    }
    let changed: Vec<&str> = changes_made.iter().map(|c| c.label).collect();
    let next = if order.status == Status::Draft {
        "submit"
    } else {
        "resubmit"
    };
    if changed.is_empty() {
        if json {
            return tell_update(&order, &changed, next, &[], out);
        }
        writeln!(
            out,
            "{} already has these values; nothing changed.",
            order.id
        )?;
        return Ok(());
    }
    let now = ws.clock.now().timestamp();
    order.updated_at = now;
    let list = changed.join(", ");
    order.record(
        now,
        Actor::Administrator,
        format!("Updated from {shown}: {list}"),
    );
    save(ws, &mut order, &copy)?;
    let mut waiting = ws.network_problems(&order, &orders);
    for p in to_fill_in {
        if !waiting.iter().any(|w| w.field == p.field) {
            waiting.push(p);
        }
    }
    if json {
        return tell_update(&order, &changed, next, &waiting, out);
    }
    writeln!(
        out,
        "Updated {} ({}): {list}.",
        order.id,
        strip_controls(&order.display_name())
    )?;
    if waiting.is_empty() {
        writeln!(out, "Next: `portwiz orders {next} {}`.", order.id)?;
        return Ok(());
    }
    writeln!(out, "Before `portwiz orders {next} {}`:", order.id)?;
    for p in &waiting {
        writeln!(out, "  {}", problem_line(p))?;
    }
    if waiting.iter().any(|p| p.field == Field::LoaPath) {
        writeln!(
            out,
            "  (`portwiz loa generate {} --out FILE` prints the LOA to sign for these values; then update with its loa_path and loa_signed_on)",
            order.id
        )?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct UpdatedJson<'a> {
    id: &'a str,
    status: &'static str,
    /// The labels of the fields that changed (none: the order had these values already).
    changed: &'a [&'a str],
    /// The command to run next: `submit` (a draft) or `resubmit`.
    next: &'static str,
    /// What the network and the other orders say must be done before it.
    before_next: Vec<ProblemJson>,
}

/// What `orders update --json` prints: one object.
fn tell_update(
    order: &Order,
    changed: &[&str],
    next: &'static str,
    waiting: &[Problem],
    out: &mut dyn Write,
) -> Outcome {
    let updated = UpdatedJson {
        id: &order.id,
        status: order.status.keyword(),
        changed,
        next,
        before_next: waiting.iter().map(ProblemJson::of).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &updated)?;
    writeln!(out)?;
    Ok(())
}

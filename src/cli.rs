//! The commands for scripts (`check-numbers`, `calendar`, `clock`, `orders`), on the same domain and
//! lifecycle code as the application.

use crate::carrier;
use crate::clock::show as moment;
use crate::clock::{Advance, Clock, parse_moment};
use crate::domain::calendar::{DayStatus, TimeWindow, port_calendar};
use crate::domain::limits::MAX_NUMBERS_FILE_BYTES;
use crate::domain::order::{Order, OrderFields};
use crate::domain::phone::{Country, NumberList, NumberType, parse_list};
use crate::domain::rejection::RejectionCategory;
use crate::domain::status::Status;
use crate::domain::validate::{self, Context, Field, Problem};
use crate::lifecycle;
use crate::loa::{self, Language};
use crate::numbers_file;
use crate::safe_file;
use crate::store::{OrderSummary, Wanted};
use crate::strings;
use crate::text::strip_controls;
use crate::workspace::ClockTarget;
pub use crate::workspace::Workspace;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CountryArg {
    Us,
    Ca,
}

impl From<CountryArg> for Country {
    fn from(value: CountryArg) -> Country {
        match value {
            CountryArg::Us => Country::UnitedStates,
            CountryArg::Ca => Country::Canada,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LanguageArg {
    En,
    Fr,
}

impl From<LanguageArg> for Language {
    fn from(value: LanguageArg) -> Language {
        match value {
            LanguageArg::En => Language::English,
            LanguageArg::Fr => Language::French,
        }
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    input: &'a str,
    e164: Option<&'a str>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    error: Option<String>,
    duplicate: bool,
}

/// Reads the list from a file or standard input (`-` or nothing); a `.csv` file must be a CSV.
fn read_list(source: Option<&Path>, country: Option<Country>) -> Result<NumberList, String> {
    match source.filter(|p| p.as_os_str() != "-") {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            numbers_file::read_csv(path, country)
        }
        Some(path) => numbers_file::read_text(path).map(|text| parse_list(&text, country)),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_NUMBERS_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if bytes.len() as u64 > MAX_NUMBERS_FILE_BYTES {
                return Err(format!(
                    "standard input holds more than {} MiB; give a list of at most that, or a file",
                    MAX_NUMBERS_FILE_BYTES >> 20
                ));
            }
            numbers_file::utf8_text(bytes, "standard input").map(|text| parse_list(&text, country))
        }
    }
}

/// `portwiz check-numbers`: 0 when every entry is valid, 1 when one is not, 2 when the input cannot
/// be read or holds no entry.
pub fn check_numbers(
    country: Option<CountryArg>,
    json: bool,
    source: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let list = match read_list(source, country.map(Country::from)) {
        Ok(list) => list,
        Err(message) => {
            eprintln!("portwiz: {message}");
            return Ok(2);
        }
    };
    if list.entries.is_empty() {
        let from = source.filter(|p| p.as_os_str() != "-").map_or_else(
            || "standard input".to_string(),
            |p| strip_controls(&p.display().to_string()),
        );
        eprintln!("portwiz: {}", strings::no_numbers_given(&from));
        return Ok(2);
    }
    if json {
        let entries: Vec<EntryJson> = list
            .entries
            .iter()
            .map(|e| EntryJson {
                input: &e.input,
                e164: e.result.as_ref().ok().map(|n| n.e164()),
                kind: e.result.as_ref().ok().map(|n| n.number_type().label()),
                error: e.result.as_ref().err().map(ToString::to_string),
                duplicate: e.duplicate,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &entries)?;
        writeln!(out)?;
    } else {
        for e in &list.entries {
            let input = strip_controls(&e.input);
            match &e.result {
                Ok(n) if e.duplicate => writeln!(
                    out,
                    "line {:>4}  {input:<22} {}  duplicate, removed",
                    e.line,
                    n.e164()
                )?,
                Ok(n) => writeln!(
                    out,
                    "line {:>4}  {input:<22} {}  {}",
                    e.line,
                    n.e164(),
                    n.number_type().label()
                )?,
                Err(err) => writeln!(out, "line {:>4}  {input:<22} error: {err}", e.line)?,
            }
        }
        writeln!(out, "{}", strings::numbers_checked(&list))?;
    }
    Ok(if list.error_count() > 0 { 1 } else { 0 })
}

#[derive(Serialize)]
struct DayJson {
    date: String,
    status: &'static str,
    holiday: Option<String>,
}

/// `portwiz calendar`: every date from today through 30 days ahead, judged as a port date.
pub fn calendar(
    country: CountryArg,
    toll_free: bool,
    json: bool,
    clock: &Clock,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let country = Country::from(country);
    let days = port_calendar(country, clock.today());
    if json {
        let rows: Vec<DayJson> = days
            .iter()
            .map(|v| DayJson {
                date: v.day.to_string(),
                status: v.status.keyword(),
                holiday: match &v.status {
                    DayStatus::Holiday(name) => Some(name.clone()),
                    _ => None,
                },
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(0);
    }
    let kind = if toll_free {
        NumberType::TollFree
    } else {
        NumberType::Geographic
    };
    writeln!(
        out,
        "Port dates for {} {} numbers, from {} (Eastern time)",
        country.name(),
        kind.label(),
        clock.today()
    )?;
    writeln!(
        out,
        "Allowed time: {}",
        TimeWindow::for_order(country, kind)
    )?;
    for v in &days {
        let holiday = match &v.status {
            DayStatus::Holiday(name) => format!(" ({name})"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{}  {}{holiday}",
            v.day.strftime("%a %Y-%m-%d"),
            v.status.keyword()
        )?;
    }
    Ok(0)
}

/// The summaries of the orders whose status is wanted; what the administrator should know about the
/// files goes to standard error.
fn load_orders(ws: &Workspace, wanted: &Wanted) -> anyhow::Result<Vec<OrderSummary>> {
    let loaded = ws.list_where(wanted)?;
    for line in loaded.report() {
        eprintln!("portwiz: {line}");
    }
    Ok(loaded.orders)
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

/// The order with this ID (in any case), or None after saying there is none.
fn find_order(ws: &Workspace, id: &str) -> anyhow::Result<Option<Order>> {
    let found = load_orders(ws, &|_| true)?
        .into_iter()
        .find(|o| o.id.eq_ignore_ascii_case(id.trim()));
    let order = found.map(|o| ws.order(&o.id)).transpose()?;
    if order.is_none() {
        eprintln!(
            "portwiz: no order {:?}; `portwiz orders list` shows the IDs",
            strip_controls(id)
        );
    }
    Ok(order)
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
pub fn numbers_list(ws: &mut Workspace, json: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    ws.read_inventory();
    if let Some(error) = &ws.inventory_error {
        eprintln!("portwiz: {error}");
        return Ok(2);
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
    Ok(0)
}

/// `portwiz port-out [--pin PIN] NUMBER...`: 0 when the numbers left, 1 when refused, 2 on bad input.
/// `real_now` is the real time, on which the wait after wrong PINs runs.
pub fn port_out(
    ws: &mut Workspace,
    pin: Option<&str>,
    numbers: &[String],
    real_now: jiff::Timestamp,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let list = parse_list(&numbers.join("\n"), None);
    if let Some(bad) = list.errors().next() {
        let reason = bad.reason();
        eprintln!("portwiz: {}: {reason}", strip_controls(&bad.input));
        return Ok(2);
    }
    let pin = match pin {
        Some(pin) => pin.to_string(),
        None => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| anyhow::anyhow!("cannot read the PIN from standard input: {e}"))?;
            line.trim().to_string()
        }
    };
    if pin.trim().is_empty() {
        eprintln!(
            "portwiz: no porting PIN was given (with --pin, or on standard input); nothing was tried"
        );
        return Ok(2);
    }
    let numbers: Vec<_> = list.unique_numbers().cloned().collect();
    match ws.port_out(&numbers, &pin, real_now) {
        Ok(message) => {
            writeln!(out, "{message}")?;
            Ok(0)
        }
        Err(reason) => {
            eprintln!("portwiz: refused: {reason}");
            Ok(1)
        }
    }
}

/// `portwiz store init`: creates the PostgreSQL store's schema, or brings it up to date.
pub fn store_init(target: &crate::store::pg::Target, out: &mut dyn Write) -> anyhow::Result<i32> {
    use crate::store::pg;
    let mut client = target.connect().map_err(|why| anyhow::anyhow!("{why}"))?;
    let found =
        pg::migrate(&mut client, &target.shown()).map_err(|why| anyhow::anyhow!("{why}"))?;
    match found {
        Some(v) if v == pg::SCHEMA_VERSION => writeln!(
            out,
            "{}: portwiz schema {v} already; nothing to do",
            target.shown()
        )?,
        Some(v) => writeln!(
            out,
            "{}: portwiz schema brought up from {v} to {}",
            target.shown(),
            pg::SCHEMA_VERSION
        )?,
        None => writeln!(
            out,
            "{}: portwiz schema {} created",
            target.shown(),
            pg::SCHEMA_VERSION
        )?,
    }
    Ok(0)
}

/// `portwiz store status`: which store is in use (never with a password) and how many orders it holds.
pub fn store_status(store: &dyn crate::store::Store, out: &mut dyn Write) -> anyhow::Result<i32> {
    let listing = store.list()?;
    writeln!(out, "store: {}", store.describe())?;
    writeln!(out, "orders: {}", listing.orders.len())?;
    for line in listing.report() {
        writeln!(out, "{line}")?;
    }
    Ok(0)
}

/// `portwiz store copy`: everything of one store into an empty other, in one transaction (so an
/// interrupted copy leaves the target empty, to be run again), then read back and compared: the
/// counts, and the SHA-256 of every order's JSON and every document.
pub fn store_copy(
    from: &dyn crate::store::Store,
    to: &dyn crate::store::Store,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    use sha2::{Digest, Sha256};
    let listing = from.list()?;
    if listing.has_trouble() {
        eprintln!(
            "portwiz: {} has files it cannot read; nothing was copied:",
            from.describe()
        );
        for line in listing.report() {
            eprintln!("  {line}");
        }
        return Ok(1);
    }
    let held = to.list()?.orders.len();
    if held > 0 || to.inventory()?.is_some() || to.pin()?.is_some() || to.clock()?.is_some() {
        eprintln!(
            "portwiz: {} is not empty ({held} orders, or numbers, a clock or a PIN record); copy only into an empty store (an interrupted copy leaves it empty, to be run again)",
            to.describe()
        );
        return Ok(1);
    }
    let orders: Vec<Order> = listing
        .orders
        .iter()
        .map(|s| from.order(&s.id))
        .collect::<Result<_, _>>()?;
    let mut documents = Vec::new();
    for loa in orders.iter().filter_map(|o| o.fields.loa.as_ref()) {
        if documents.iter().any(|(name, _)| *name == loa.stored_name) {
            continue;
        }
        let path = from.document_path(&loa.stored_name).ok_or_else(|| {
            anyhow::anyhow!(
                "the LOA {} of {} cannot be read; nothing was copied",
                strip_controls(&loa.stored_name),
                from.describe()
            )
        })?;
        let bytes = safe_file::read_regular(&path, crate::loa::MAX_LOA_BYTES)
            .map_err(|e| anyhow::anyhow!("{e}; nothing was copied"))?;
        documents.push((loa.stored_name.clone(), bytes));
    }
    let (inventory, clock, pin) = (from.inventory()?, from.clock()?, from.pin()?);
    crate::store::transaction(to, |tx| {
        for order in &orders {
            tx.put_copy(order)?;
        }
        for (name, bytes) in &documents {
            tx.put_document(name, bytes)?;
        }
        if let Some(inventory) = &inventory {
            // Stored as the revision after the one it is given: the same revision as the source's.
            let mut copy = inventory.clone();
            copy.revision = copy.revision.saturating_sub(1);
            tx.put_inventory(&mut copy)?;
        }
        if let Some(clock) = &clock {
            tx.put_clock(clock)?;
        }
        if let Some(pin) = &pin {
            tx.put_pin(pin)?;
        }
        Ok(())
    })?;
    let digest = |order: &Order| Sha256::digest(serde_json::to_vec(order).expect("serializes"));
    let mut differences = Vec::new();
    let copied = to.list()?.orders.len();
    if copied != orders.len() {
        differences.push(format!("{copied} orders instead of {}", orders.len()));
    }
    for order in &orders {
        match to.order(&order.id) {
            Ok(copy) if digest(&copy) == digest(order) => {}
            _ => differences.push(format!("order {}", order.id)),
        }
    }
    for (name, bytes) in &documents {
        let same = to
            .document_path(name)
            .and_then(|p| safe_file::read_regular(&p, crate::loa::MAX_LOA_BYTES).ok())
            .is_some_and(|copy| Sha256::digest(&copy) == Sha256::digest(bytes));
        if !same {
            differences.push(format!("document {}", strip_controls(name)));
        }
    }
    if to.inventory()? != inventory {
        differences.push("the inventory".into());
    }
    if to.clock()? != clock {
        differences.push("the clock".into());
    }
    if to.pin()? != pin {
        differences.push("the PIN record".into());
    }
    if !differences.is_empty() {
        eprintln!(
            "portwiz: the copy in {} differs from {}: {}; compare them before using it",
            to.describe(),
            from.describe(),
            differences.join(", ")
        );
        return Ok(1);
    }
    writeln!(
        out,
        "copied {} orders, {} documents{}{}{} from {} to {}; the counts and every SHA-256 match",
        orders.len(),
        documents.len(),
        if inventory.is_some() {
            ", the inventory"
        } else {
            ""
        },
        if clock.is_some() { ", the clock" } else { "" },
        if pin.is_some() {
            ", the PIN record"
        } else {
            ""
        },
        from.describe(),
        to.describe()
    )?;
    Ok(0)
}

/// `portwiz loa generate <ID> [--out FILE] [--language en|fr]`: the order's LOA to be signed,
/// written to FILE (`-`: standard output) or kept in the store. 0 when written, 1 when the order
/// lacks a value the LOA prints, 2 when there is no such order or the file cannot be written.
pub fn loa_generate(
    ws: &Workspace,
    id: &str,
    file: Option<&Path>,
    language: LanguageArg,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let Some(order) = find_order(ws, id)? else {
        return Ok(2);
    };
    let language = Language::from(language);
    let now = ws.clock.now().timestamp();
    let (generated, place) = match file {
        Some(path) => match loa::generate(&order, language, now) {
            Ok(generated) if path.as_os_str() == "-" => {
                out.write_all(&generated.bytes)?;
                return Ok(0);
            }
            Ok(generated) => {
                let shown = strip_controls(&path.display().to_string());
                if let Err(e) = std::fs::write(path, &generated.bytes) {
                    eprintln!("portwiz: cannot write {shown}: {e}; choose another --out FILE");
                    return Ok(2);
                }
                (generated, shown)
            }
            Err(e) => {
                eprintln!("portwiz: {e}");
                return Ok(1);
            }
        },
        None => match ws.keep_generated_loa(&order, language) {
            Ok(kept) => kept,
            Err(message) => {
                eprintln!("portwiz: {message}");
                return Ok(1);
            }
        },
    };
    let c = &generated.certified;
    writeln!(
        out,
        "LOA for {} ({} form, {} numbers, fingerprint {}) written to {place}",
        c.order_id,
        c.form.label(),
        c.numbers.len(),
        c.fingerprint
    )?;
    writeln!(
        out,
        "Have {} sign it, then attach the signed copy on the Documents step",
        c.authorized_user
    )?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_numbers_reports_each_entry_as_json() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("list.txt");
        std::fs::write(&file, "2127365000\n212 555 0150; (212) 736-5000").unwrap();
        let mut out = Vec::new();
        let code = check_numbers(Some(CountryArg::Us), true, Some(&file), &mut out).unwrap();
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["e164"], "+12127365000");
        assert_eq!(v[0]["type"], "geographic");
        assert_eq!(v[1]["e164"], serde_json::Value::Null);
        assert!(v[1]["error"].as_str().unwrap().contains("fictional"));
        assert_eq!(v[2]["duplicate"], true);
    }

    #[test]
    fn unreadable_input_exits_2() {
        let mut out = Vec::new();
        let code = check_numbers(
            None,
            false,
            Some(Path::new("/nonexistent/list.txt")),
            &mut out,
        )
        .unwrap();
        assert_eq!(code, 2);
    }

    #[test]
    fn calendar_json_marks_thanksgiving() {
        let clock = Clock::parse("2026-11-20T10:00:00-05:00").unwrap();
        let mut out = Vec::new();
        calendar(CountryArg::Us, false, true, &clock, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 31);
        let thanksgiving = rows.iter().find(|r| r["date"] == "2026-11-26").unwrap();
        assert_eq!(thanksgiving["status"], "holiday");
        assert_eq!(thanksgiving["holiday"], "Thanksgiving Day");
        assert_eq!(
            rows.iter().find(|r| r["date"] == "2026-12-14").unwrap()["status"],
            "recommended"
        );
    }
}

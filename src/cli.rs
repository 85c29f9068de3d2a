//! The commands for scripts, `check-numbers` and `calendar`, on the same domain code as the wizard.

use crate::clock::Clock;
use crate::domain::calendar::{DayStatus, TimeWindow, port_calendar};
use crate::domain::phone::{Country, NumberList, NumberType, parse_csv, parse_list};
use crate::text::strip_controls;
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
    let mut bytes = Vec::new();
    let is_csv =
        source.is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    match source.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let shown = strip_controls(&path.display().to_string());
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| format!("cannot read {shown}: {e}"))?;
        }
        None => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
        }
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        "the input is not UTF-8 text; save the list as plain text or CSV (UTF-8)".to_string()
    })?;
    Ok(if is_csv {
        parse_csv(&text, country)
    } else {
        parse_list(&text, country)
    })
}

/// `portwiz check-numbers`: 0 when every entry is valid, 1 when one is not, 2 when the input cannot be read.
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
        writeln!(
            out,
            "{} entries: {} valid, {} invalid, {} duplicates removed",
            list.entries.len(),
            list.unique_count(),
            list.error_count(),
            list.duplicate_count()
        )?;
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

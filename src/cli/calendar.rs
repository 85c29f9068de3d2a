//! `portwiz calendar`: the next 30 days judged as port dates.

use super::{CountryArg, Failure, Outcome};
use crate::clock::Clock;
use crate::domain::calendar::{DayStatus, TimeWindow, check_served, port_calendar};
use crate::domain::phone::{Country, NumberType};
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "us")]
    country: CountryArg,
    /// Toll-free numbers (their port time is fixed at 11:30 ET).
    #[arg(long)]
    toll_free: bool,
}

pub(super) fn run(args: &Args, ws: &Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    calendar(args.country, args.toll_free, json, &ws.clock, out)
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
) -> Outcome {
    let country = Country::from(country);
    // A clock an older portwiz let go beyond the calendar is told, not followed into a panic.
    check_served(clock.today()).map_err(|why| {
        Failure::bad_input(format!("{why} (`portwiz clock set` moves the clock)"))
    })?;
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
        return Ok(());
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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

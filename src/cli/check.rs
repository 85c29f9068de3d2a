//! `portwiz check-numbers`: a list of numbers judged as the wizard judges them.

use super::{CountryArg, Failure, Outcome};
use crate::domain::limits::MAX_NUMBERS_FILE_BYTES;
use crate::domain::phone::{Country, NumberList, parse_list};
use crate::numbers_file;
use crate::strings;
use crate::text::strip_controls;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum)]
    country: Option<CountryArg>,
    /// The list file; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub(super) fn run(args: &Args, json: bool, out: &mut dyn Write) -> Outcome {
    check_numbers(args.country, json, args.file.as_deref(), out)
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

/// `portwiz check-numbers` (with `--json`, one JSON array with an object per entry): refused (1)
/// when an entry is not valid, bad input (2) when the input cannot be read or holds no entry.
pub fn check_numbers(
    country: Option<CountryArg>,
    json: bool,
    source: Option<&Path>,
    out: &mut dyn Write,
) -> Outcome {
    let list = read_list(source, country.map(Country::from)).map_err(Failure::bad_input)?;
    if list.entries.is_empty() {
        let from = source.filter(|p| p.as_os_str() != "-").map_or_else(
            || "standard input".to_string(),
            |p| strip_controls(&p.display().to_string()),
        );
        return Err(Failure::bad_input(strings::no_numbers_given(&from)));
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
    match list.error_count() {
        0 => Ok(()),
        1 => Err(Failure::refused(
            "1 entry is not a valid number; its line says why",
        )),
        n => Err(Failure::refused(format!(
            "{n} entries are not valid numbers; their lines say why"
        ))),
    }
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
        let refused = check_numbers(Some(CountryArg::Us), true, Some(&file), &mut out).unwrap_err();
        assert_eq!(refused.code(), 1);
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
        let failure = check_numbers(
            None,
            false,
            Some(Path::new("/nonexistent/list.txt")),
            &mut out,
        )
        .unwrap_err();
        assert_eq!(failure.kind, super::super::failure::Kind::BadInput);
        assert_eq!(failure.code(), 2);
    }
}

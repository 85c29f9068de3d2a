//! `portwiz check-numbers`: a list of numbers judged as the wizard judges them, read as a stream
//! so that a list of any length is checked in little memory.

use super::{CountryArg, Failure, Outcome};
use crate::domain::limits::MAX_LIST_LINE_BYTES;
use crate::domain::phone::{Country, ListChecker, ListCounts, ListEntry};
use crate::numbers_file;
use crate::safe_file;
use crate::strings;
use serde::Serialize;
use std::io::{self, Read, Write};
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

/// How much is read at a time: a piece of about 5,000 numbers.
const READ_BYTES: usize = 64 << 10;

#[derive(Serialize)]
struct EntryJson<'a> {
    input: &'a str,
    e164: Option<&'a str>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    error: Option<String>,
    duplicate: bool,
}

impl EntryJson<'_> {
    fn of<Text: AsRef<str>>(e: &ListEntry<Text>) -> EntryJson<'_> {
        EntryJson {
            input: e.input.as_ref(),
            e164: e.result.as_ref().ok().map(|n| n.e164()),
            kind: e.result.as_ref().ok().map(|n| n.number_type().label()),
            error: e.result.as_ref().err().map(ToString::to_string),
            duplicate: e.duplicate,
        }
    }
}

/// `portwiz check-numbers` (with `--json`, one JSON array with an object per entry): refused (1)
/// when an entry is not valid, bad input (2) when the input cannot be read or holds no entry.
/// Each entry is written as soon as its piece of the input is checked.
pub fn check_numbers(
    country: Option<CountryArg>,
    json: bool,
    source: Option<&Path>,
    out: &mut dyn Write,
) -> Outcome {
    let country = country.map(Country::from);
    let mut report = Report::new(out, json);
    let from = match source.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file =
                safe_file::open_regular(path).map_err(|e| Failure::bad_input(e.to_string()))?;
            // A `.csv` file is a CSV whatever its first line holds.
            let checker = if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                ListChecker::csv(country)
            } else {
                ListChecker::new(country)
            };
            let from = numbers_file::shown(path);
            check_stream(file, &from, checker, &mut report)?;
            from
        }
        None => {
            let from = "standard input".to_string();
            check_stream(
                io::stdin().lock(),
                &from,
                ListChecker::new(country),
                &mut report,
            )?;
            from
        }
    };
    let counts = report.finish()?;
    match counts {
        ListCounts { entries: 0, .. } => Err(Failure::bad_input(strings::no_numbers_given(&from))),
        ListCounts { errors: 0, .. } => Ok(()),
        ListCounts { errors: 1, .. } => Err(Failure::refused(
            "1 entry is not a valid number; its line says why",
        )),
        ListCounts { errors, .. } => Err(Failure::refused(format!(
            "{errors} entries are not valid numbers; their lines say why"
        ))),
    }
}

/// Reads `input` a piece at a time, checks each piece's whole lines and reports their entries.
/// Only a line (a CSV record) not yet ended is kept between pieces, and one longer than
/// [`MAX_LIST_LINE_BYTES`] is refused rather than kept without bound.
fn check_stream(
    mut input: impl Read,
    from: &str,
    mut checker: ListChecker,
    report: &mut Report,
) -> Outcome {
    let mut buffer = Vec::with_capacity(READ_BYTES);
    loop {
        let before = buffer.len();
        buffer.resize(before + READ_BYTES, 0);
        let read = loop {
            match input.read(&mut buffer[before..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Failure::bad_input(format!(
                        "cannot read {from}: {e}; give a readable file, or the list on standard input"
                    )));
                }
            }
        };
        buffer.truncate(before + read);
        let at_end = read == 0;
        let whole = checker.whole_part(&buffer, at_end);
        let piece = std::str::from_utf8(&buffer[..whole]).map_err(|e| {
            let valid = &buffer[..e.valid_up_to()];
            let line = checker.next_line() + valid.iter().filter(|&&b| b == b'\n').count();
            Failure::bad_input(numbers_file::not_utf8(from, line))
        })?;
        if !piece.is_empty() {
            let mut written = Ok(());
            // A CSV whose header is not the one PhoneNumber column is no numbers CSV: nothing of
            // it is checked, as the wizard imports nothing of it.
            let mut header = None;
            checker.check_each(piece, |entry| {
                if entry
                    .result
                    .as_ref()
                    .err()
                    .is_some_and(|e| e.is_csv_header())
                {
                    header = Some(format!(
                        "nothing checked: {from} line {} {}",
                        entry.line,
                        entry.reason()
                    ));
                } else if written.is_ok() && header.is_none() {
                    written = report.entry(&entry);
                }
            });
            if let Some(why) = header {
                return Err(Failure::bad_input(why));
            }
            written?;
            report.write_pending()?;
        }
        buffer.drain(..whole);
        if at_end {
            return Ok(());
        }
        if buffer.len() > MAX_LIST_LINE_BYTES {
            return Err(Failure::bad_input(format!(
                "{from} line {} is longer than {} MiB; give one number a line (or a few, separated by commas)",
                checker.next_line(),
                MAX_LIST_LINE_BYTES >> 20
            )));
        }
    }
}

/// The entries as they are checked, as text lines or the elements of one JSON array, and the
/// counts the summary gives.
struct Report<'a> {
    out: &'a mut dyn Write,
    json: bool,
    counts: ListCounts,
    /// One entry's JSON, indented into the array from here.
    scratch: Vec<u8>,
    /// The entries of the piece being checked, written out together: one write a piece, not
    /// several an entry.
    pending: Vec<u8>,
}

/// How wide the entry as given is laid out, in characters, before its verdict.
const INPUT_WIDTH: usize = 22;

impl<'a> Report<'a> {
    fn new(out: &'a mut dyn Write, json: bool) -> Report<'a> {
        Report {
            out,
            json,
            counts: ListCounts::default(),
            scratch: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Lays out one entry: `line    4  212 736 5000           +12127365000  geographic`.
    fn entry<Text: AsRef<str>>(&mut self, e: &ListEntry<Text>) -> io::Result<()> {
        let first = self.counts.entries == 0;
        self.counts.add(e);
        let out = &mut self.pending;
        if self.json {
            self.scratch.clear();
            serde_json::to_writer_pretty(&mut self.scratch, &EntryJson::of(e))?;
            // As `serde_json::to_writer_pretty` writes an array; a string's line ends are
            // escaped, so every raw line end is the entry's own.
            out.extend_from_slice(if first { b"[\n  " } else { b",\n  " });
            for (i, line) in self.scratch.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    out.extend_from_slice(b"\n  ");
                }
                out.extend_from_slice(line);
            }
            return Ok(());
        }
        let given = e.input.as_ref();
        // Printable ASCII, as nearly every entry is, is shown as it is.
        let input = if given.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            std::borrow::Cow::Borrowed(given)
        } else {
            std::borrow::Cow::Owned(crate::text::strip_controls(given))
        };
        out.extend_from_slice(b"line ");
        write_right_aligned(out, e.line, 4);
        out.extend_from_slice(b"  ");
        out.extend_from_slice(input.as_bytes());
        let width = input.chars().count();
        out.resize(out.len() + INPUT_WIDTH.saturating_sub(width), b' ');
        out.push(b' ');
        match &e.result {
            Ok(n) => {
                out.extend_from_slice(n.e164().as_bytes());
                out.extend_from_slice(b"  ");
                let verdict = if e.duplicate {
                    "duplicate, removed"
                } else {
                    n.number_type().label()
                };
                out.extend_from_slice(verdict.as_bytes());
            }
            Err(err) => write!(out, "error: {err}")?,
        }
        out.push(b'\n');
        Ok(())
    }

    /// Writes the entries laid out since the last write.
    fn write_pending(&mut self) -> io::Result<()> {
        self.out.write_all(&self.pending)?;
        self.pending.clear();
        Ok(())
    }

    /// Ends the array, or writes the summary; nothing for a list of no entry, which is an error.
    fn finish(mut self) -> io::Result<ListCounts> {
        self.write_pending()?;
        if self.counts.entries > 0 {
            if self.json {
                self.out.write_all(b"\n]\n")?;
            } else {
                writeln!(self.out, "{}", strings::numbers_checked(&self.counts))?;
            }
        }
        Ok(self.counts)
    }
}

/// `n` in decimal, right-aligned with spaces to `width` (as `{n:>width$}` writes it), without the
/// formatting machinery: this is written once a number.
fn write_right_aligned(out: &mut Vec<u8>, mut n: usize, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = &digits[start..];
    out.resize(out.len() + width.saturating_sub(digits.len()), b' ');
    out.extend_from_slice(digits);
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

    /// Gives at most `step` bytes a read, as a pipe may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn streamed(text: &str, step: usize, checker: ListChecker, json: bool) -> (Outcome, String) {
        let mut out = Vec::new();
        let mut report = Report::new(&mut out, json);
        let input = Trickle {
            bytes: text.as_bytes(),
            step,
        };
        let outcome = check_stream(input, "standard input", checker, &mut report);
        report.finish().unwrap();
        (outcome, String::from_utf8(out).unwrap())
    }

    /// Read in pieces of any size, a list is reported as it is when checked whole: lines,
    /// duplicates across pieces, a CSV cell holding a line end or a quote.
    #[test]
    fn a_list_read_in_pieces_is_checked_as_the_whole_list() {
        let lines: Vec<String> = (0..3000)
            .map(|i| format!("212 736 {:04}, 212555{:04}", i % 1700, i % 200))
            .collect();
        let text = lines.join("\n");
        let csv = "\u{feff}PhoneNumber\r\n\"212 736\n5000\"\r\n\r\n\"21\"\"2\"\n2127365001,x\n\"2127365000\"\n";
        for (text, country) in [(text.as_str(), Some(Country::UnitedStates)), (csv, None)] {
            let whole = crate::domain::phone::parse_list(text, country);
            let mut expected = Vec::new();
            let mut report = Report::new(&mut expected, false);
            for entry in &whole.entries {
                report.entry(entry).unwrap();
            }
            assert_eq!(report.finish().unwrap(), whole.counts());
            for step in [1, 7, 4096, 1 << 20] {
                let (outcome, out) = streamed(text, step, ListChecker::new(country), false);
                assert!(outcome.is_ok());
                assert_eq!(out, String::from_utf8(expected.clone()).unwrap(), "{step}");
            }
        }
        let text = "2127365000\n2127365000, 1\n";
        let (_, json) = streamed(text, 3, ListChecker::new(None), true);
        let entries: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1]["duplicate"], true);
        let whole = crate::domain::phone::parse_list(text, None);
        let at_once: Vec<EntryJson> = whole.entries.iter().map(EntryJson::of).collect();
        let pretty = serde_json::to_string_pretty(&at_once).unwrap();
        assert_eq!(json, pretty + "\n", "laid out as one array written whole");
    }

    #[test]
    fn an_over_long_line_or_bad_text_names_its_line_and_is_bad_input() {
        let long = format!("2127365000\n{}", "1".repeat(MAX_LIST_LINE_BYTES + 1));
        let (outcome, out) = streamed(&long, READ_BYTES, ListChecker::new(None), false);
        let failure = outcome.unwrap_err();
        assert_eq!(failure.code(), 2);
        assert_eq!(
            failure.message,
            "standard input line 2 is longer than 1 MiB; give one number a line (or a few, separated by commas)"
        );
        assert!(out.starts_with("line    1  2127365000"), "{out}");
        // An unclosed quote in a CSV holds every line after it in one cell.
        let open = format!(
            "PhoneNumber\n\"2127365000\n{}",
            "2127365001\n".repeat(100_000)
        );
        let (outcome, _) = streamed(&open, READ_BYTES, ListChecker::new(None), false);
        assert_eq!(outcome.unwrap_err().code(), 2);
        let mut out = Vec::new();
        let mut report = Report::new(&mut out, false);
        let bytes: &[u8] = b"2127365000\n2127365001\n212\xff7365002\n";
        let failure =
            check_stream(bytes, "list.txt", ListChecker::new(None), &mut report).unwrap_err();
        assert_eq!(
            failure.message,
            "list.txt is not UTF-8 text (line 3); save the list as plain text or CSV (UTF-8)"
        );
    }

    /// The layout is the one `format!` gave (`line {:>4}  {input:<22} …`), which scripts read:
    /// padded by characters, controls shown as U+FFFD, a line number of any width.
    #[test]
    fn an_entry_is_laid_out_as_format_lays_it_out() {
        let text = "2127365000\n212\t736 5001\n\u{e9}t\u{e9} 212, 2127365000\n";
        let mut checker = ListChecker::new(None);
        let mut entries = checker.check(text);
        entries[0].line = 123_456;
        let mut expected = String::new();
        for e in &entries {
            let input = crate::text::strip_controls(&e.input);
            let line = e.line;
            expected += &match &e.result {
                Ok(n) if e.duplicate => format!(
                    "line {line:>4}  {input:<22} {}  duplicate, removed\n",
                    n.e164()
                ),
                Ok(n) => format!(
                    "line {line:>4}  {input:<22} {}  {}\n",
                    n.e164(),
                    n.number_type().label()
                ),
                Err(err) => format!("line {line:>4}  {input:<22} error: {err}\n"),
            };
        }
        let mut out = Vec::new();
        let mut report = Report::new(&mut out, false);
        for e in &entries {
            report.entry(e).unwrap();
        }
        report.write_pending().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert!(expected.contains("\u{fffd}"), "{expected}");
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

//! Reading a PIN for a command without showing it: from the terminal without echo, from standard
//! input when a script pipes it, or from a file; `--pin` (seen by every user in the process list)
//! only when asked, and then with a warning at a terminal.

use super::Failure;
use crate::safe_file;
use crate::text::strip_controls;
use std::io::{BufRead, IsTerminal, Read};
use std::path::Path;

/// No PIN is longer; a file or a line longer than this is not a PIN.
const MAX_PIN_LINE: u64 = 256;

/// Where a PIN comes from, as the command line gave it.
pub struct PinSource<'a> {
    pub given: Option<&'a str>,
    pub file: Option<&'a Path>,
}

/// The first line of `text`, without its line ending.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

/// Up to `lines` lines of standard input, each without its line ending.
fn stdin_lines(lines: usize) -> Result<Vec<String>, Failure> {
    let mut read = Vec::new();
    let mut stdin = std::io::stdin().lock().take(MAX_PIN_LINE * lines as u64);
    for _ in 0..lines {
        let mut line = String::new();
        stdin.read_line(&mut line).map_err(|e| {
            Failure::bad_input(format!("cannot read the PIN from standard input: {e}"))
        })?;
        read.push(line.trim().to_string());
    }
    Ok(read)
}

fn ask(prompt: &str) -> Result<String, Failure> {
    rpassword::prompt_password(prompt)
        .map(|pin| pin.trim().to_string())
        .map_err(|e| Failure::bad_input(format!("cannot read the PIN from the terminal: {e}")))
}

fn from_file(path: &Path) -> Result<String, Failure> {
    let bytes = safe_file::read_regular(path, MAX_PIN_LINE)
        .map_err(|e| Failure::bad_input(format!("{e}; give a file holding the PIN alone")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::bad_input(format!(
            "{} is not text; give a file holding the PIN alone",
            strip_controls(&path.display().to_string())
        ))
    })?;
    Ok(first_line(&text).to_string())
}

/// The PIN, from `--pin`, `--pin-file`, the terminal (asked without echo) or standard input.
pub fn read_pin(source: &PinSource, prompt: &str) -> Result<String, Failure> {
    let pin = match (source.given, source.file) {
        (Some(_), Some(_)) => {
            return Err(Failure::bad_input(
                "give the PIN once: --pin or --pin-file, not both",
            ));
        }
        (Some(pin), None) => {
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "portwiz: warning: --pin is visible to other users in the process list; leave it out to be asked for the PIN"
                );
            }
            pin.trim().to_string()
        }
        (None, Some(path)) => from_file(path)?,
        (None, None) if std::io::stdin().is_terminal() => ask(prompt)?,
        (None, None) => stdin_lines(1)?.remove(0),
    };
    Ok(pin)
}

/// A new PIN and its confirmation: asked twice at the terminal; from standard input, the first
/// line, and the second when there is one.
pub fn read_new_pin() -> Result<(String, String), Failure> {
    if std::io::stdin().is_terminal() {
        let pin = ask("New porting PIN (6 to 10 digits): ")?;
        let again = ask("The same PIN again: ")?;
        return Ok((pin, again));
    }
    let mut lines = stdin_lines(2)?;
    let again = lines.pop().filter(|l| !l.is_empty());
    let pin = lines.remove(0);
    let again = again.unwrap_or_else(|| pin.clone());
    Ok((pin, again))
}

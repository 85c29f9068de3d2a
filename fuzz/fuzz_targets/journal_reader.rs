//! Fuzz target: the redo journal reader (`portwiz::store::journal::parse_journal`) on arbitrary
//! bytes. It must never panic; a journal it accepts must name only plain relative paths of files in
//! the data directory's root, `orders/` or `documents/`, each `Replace` must rename a temporary
//! (`.NAME.PID-N.tmp`) beside its target, and the journal must write back to bytes that read the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use portwiz::store::journal::{Step, parse_journal};
use std::path::Path;

/// The folder (`None` for the data directory's root) and file name of a path a journal may name,
/// taken from its text rather than from `Path::components`, which hides `.` and empty parts.
fn place(path: &Path) -> (Option<&str>, &str) {
    let text = path.to_str().expect("a journal's paths are text");
    let plain = |part: &str| !matches!(part, "" | "." | "..") && !part.contains('\0');
    match text.split('/').collect::<Vec<_>>().as_slice() {
        // The folders are not files to replace or remove.
        [name] if plain(name) && !matches!(*name, "orders" | "documents") => (None, name),
        [folder @ ("orders" | "documents"), name] if plain(name) => (Some(folder), name),
        _ => panic!("an accepted journal names {text:?}, not a plain path of the data directory"),
    }
}

/// Whether `name` has the shape of a temporary: `.NAME.PID-N.tmp`, NAME not empty, PID and N digits.
fn is_temporary(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((target, writer)) = stem.rsplit_once('.') else {
        return false;
    };
    let Some((pid, counter)) = writer.split_once('-') else {
        return false;
    };
    !target.is_empty() && digits(pid) && digits(counter)
}

fuzz_target!(|bytes: &[u8]| {
    let journal = match parse_journal(bytes) {
        Ok(journal) => journal,
        Err(error) => {
            // A refused journal is moved aside and the message shown: making it must not panic.
            let _ = error.len();
            return;
        }
    };
    for step in &journal.steps {
        match step {
            Step::Replace { from, to } => {
                let (from_folder, from_name) = place(from);
                let (to_folder, _) = place(to);
                assert_eq!(from_folder, to_folder, "{from:?} is not beside {to:?}");
                assert!(is_temporary(from_name), "{from:?} is not a temporary");
            }
            Step::Remove { path } => {
                place(path);
            }
        }
    }
    let written = serde_json::to_vec(&journal).expect("an accepted journal serializes");
    let again = parse_journal(&written).expect("a written journal reads again");
    assert_eq!(again, journal, "the journal changed on a round trip");
});

//! The redo journal that makes a change of several files all or nothing. A commit first writes every
//! new file as a flushed temporary, then the journal (atomically: it is there whole or not at all),
//! then renames each temporary over its file, and removes the journal last. A journal found on
//! opening belongs to a writer that died: its renames are finished (each one either happened or its
//! temporary is still there), so the change is complete, never half made.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const JOURNAL_FILE: &str = "journal.json";
const JOURNAL_VERSION: u32 = 1;
/// A journal names at most this many files (a clock step over every order of a large store fits).
const MAX_STEPS: usize = 1_000_000;
pub const MAX_JOURNAL_BYTES: u64 = 256 << 20;

/// One file of the change, relative to the data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The temporary `from` becomes `to`.
    Replace { from: PathBuf, to: PathBuf },
    /// `path` goes.
    Remove { path: PathBuf },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub schema_version: u32,
    pub steps: Vec<Step>,
}

impl Journal {
    pub fn new(steps: Vec<Step>) -> Journal {
        Journal {
            schema_version: JOURNAL_VERSION,
            steps,
        }
    }
}

/// The data directory's folders a journal may name files in.
const FOLDERS: [&str; 2] = ["orders", "documents"];

/// A path a journal may name: a file of the data directory's root or of one of its folders, never a
/// way out. Its text is checked, not its `Path::components`, which skip empty and `.` parts: with
/// them `orders//x` or `orders/./x` passed, and `orders/` passed as a file of the root. A folder
/// itself, or a name with a NUL (which no file has), would make every later opening fail on it.
fn is_inside(path: &Path) -> bool {
    let Some(text) = path.to_str() else {
        return false;
    };
    let plain = |name: &str| !matches!(name, "" | "." | "..") && !name.contains('\0');
    match text.split('/').collect::<Vec<_>>().as_slice() {
        [name] => plain(name) && !FOLDERS.contains(name),
        [folder, name] => FOLDERS.contains(folder) && plain(name),
        _ => false,
    }
}

/// The schema of a journal a newer portwiz wrote, which this one must leave for it to finish.
pub fn newer_version(bytes: &[u8]) -> Option<u32> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: u32,
    }
    serde_json::from_slice::<Version>(bytes)
        .ok()
        .map(|v| v.schema_version)
        .filter(|&v| v > JOURNAL_VERSION)
}

/// Reads a journal's bytes; anything but a journal this program could have written is refused with
/// where it is wrong, never with what it says.
pub fn parse_journal(bytes: &[u8]) -> Result<Journal, String> {
    let journal: Journal = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "it is not a journal portwiz wrote (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    if journal.schema_version != JOURNAL_VERSION {
        return Err(format!(
            "it has schema {}, which this portwiz does not know",
            journal.schema_version
        ));
    }
    if journal.steps.len() > MAX_STEPS {
        return Err("it names more files than any change can".into());
    }
    for step in &journal.steps {
        let inside = match step {
            Step::Replace { from, to } => {
                is_inside(from)
                    && is_inside(to)
                    && from.parent() == to.parent()
                    && from
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| super::files::temporary_writer(n).is_some())
            }
            Step::Remove { path } => is_inside(path),
        };
        if !inside {
            return Err("it names a file outside the data directory's own files".into());
        }
    }
    Ok(journal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_round_trips_and_paths_outside_are_refused() {
        let journal = Journal::new(vec![
            Step::Replace {
                from: "orders/.PW-1.json.12-0.tmp".into(),
                to: "orders/PW-1.json".into(),
            },
            Step::Replace {
                from: ".inventory.json.12-1.tmp".into(),
                to: "inventory.json".into(),
            },
            Step::Remove {
                path: "orders/PW-2.json".into(),
            },
        ]);
        let bytes = serde_json::to_vec(&journal).unwrap();
        assert_eq!(parse_journal(&bytes).unwrap(), journal);
        for hostile in [
            r#"{"schema_version":1,"steps":[{"remove":{"path":"../x"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"/etc/passwd"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"orders/a/b"}}]}"#,
            r#"{"schema_version":1,"steps":[{"replace":{"from":"orders/x","to":"orders/PW-1.json"}}]}"#,
            r#"{"schema_version":1,"steps":[{"replace":{"from":".a.json.1-1.tmp","to":"orders/a.json"}}]}"#,
            // Found by the journal_reader fuzz target: paths that only their components made plain.
            r#"{"schema_version":1,"steps":[{"replace":{"from":"documents//.a.pdf.9-4.tmp","to":"documents/a.pdf"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"orders/./PW-1.json"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"orders/"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"documents"}}]}"#,
            r#"{"schema_version":1,"steps":[{"remove":{"path":"orders/PW-1\u0000.json"}}]}"#,
            r#"{"schema_version":1,"steps":[{"replace":{"from":"orders/.PW-1.json.+242-0.tmp","to":"orders/PW-1.json"}}]}"#,
        ] {
            let err = parse_journal(hostile.as_bytes()).unwrap_err();
            assert!(err.contains("outside"), "{hostile}: {err}");
        }
        assert!(
            parse_journal(br#"{"schema_version":9,"steps":[]}"#)
                .unwrap_err()
                .contains("schema 9")
        );
        assert!(parse_journal(b"{\"schema").unwrap_err().contains("line 1"));
    }
}

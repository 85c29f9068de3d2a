//! The order index of the data directory: each order file's summary, with the file's size, change
//! time and inode when it was read. It only saves parsing: a file whose size, times or inode differ
//! is read again, a file not in the index is read, an entry without a file is dropped, and a damaged
//! index is rebuilt from the files. The files are always the truth.

use super::OrderSummary;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

pub const INDEX_FILE: &str = "index.json";
const INDEX_VERSION: u32 = 1;
pub const MAX_INDEX_BYTES: u64 = 512 << 20;

/// What identifies one version of a file on disk, as far as the system tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub modified_ns: i128,
    pub changed_ns: i128,
    pub inode: u64,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        FileStamp {
            size: meta.len(),
            modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            changed_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub stamp: FileStamp,
    pub summary: OrderSummary,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Index {
    pub schema_version: u32,
    /// By file name in `orders/`.
    pub entries: HashMap<String, Entry>,
}

impl Index {
    pub fn new(entries: HashMap<String, Entry>) -> Index {
        Index {
            schema_version: INDEX_VERSION,
            entries,
        }
    }

    /// The summary of `name` when the file is still the one that was read.
    pub fn fresh(&self, name: &str, stamp: &FileStamp) -> Option<&OrderSummary> {
        self.entries
            .get(name)
            .filter(|e| e.stamp == *stamp)
            .map(|e| &e.summary)
    }
}

/// Reads an index; one of another version, or damaged, is refused (and then rebuilt by the caller).
pub fn parse_index(bytes: &[u8]) -> Result<Index, String> {
    let index: Index = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "the order index is damaged (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    if index.schema_version != INDEX_VERSION {
        return Err(format!(
            "the order index has schema {}; it is rebuilt",
            index.schema_version
        ));
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::Order;

    #[test]
    fn an_index_round_trips_and_answers_only_for_the_same_file() {
        let order = Order::new_draft("PW-1".into(), "2026-11-20T15:00:00Z".parse().unwrap());
        let stamp = FileStamp {
            size: 10,
            modified_ns: 5,
            changed_ns: 6,
            inode: 7,
        };
        let index = Index::new(HashMap::from([(
            "PW-1.json".to_string(),
            Entry {
                stamp,
                summary: OrderSummary::of(&order, false),
            },
        )]));
        let parsed = parse_index(&serde_json::to_vec(&index).unwrap()).unwrap();
        assert_eq!(parsed, index);
        assert_eq!(parsed.fresh("PW-1.json", &stamp).unwrap().id, "PW-1");
        let touched = FileStamp {
            modified_ns: 8,
            ..stamp
        };
        assert!(parsed.fresh("PW-1.json", &touched).is_none());
        assert!(parsed.fresh("PW-2.json", &stamp).is_none());
        assert!(parse_index(b"[1,").is_err());
        assert!(
            parse_index(br#"{"schema_version":2,"entries":{}}"#)
                .unwrap_err()
                .contains("rebuilt")
        );
    }
}

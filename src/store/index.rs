//! The order index of the data directory: each order file's summary, with the file's size, change
//! time and inode when it was read. It only saves parsing: a file whose size, times or inode differ
//! is read again, a file not in the index is read, an entry without a file is dropped, and a damaged
//! index is rebuilt from the files. The files are always the truth.
//!
//! The file is `orders.index`: a magic word and the form's version, then the index in postcard's
//! compact binary form (read at every start, it must be quick). The version changes with every
//! change of [`OrderSummary`], so an index of another form is rebuilt, never misread.

use super::OrderSummary;
use serde::{Deserialize, Serialize};
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

pub const INDEX_FILE: &str = "orders.index";
/// Changes with every change of the fields of [`OrderSummary`], [`FileStamp`] or [`Entry`].
const INDEX_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"PWINDEX\0";
pub const MAX_INDEX_BYTES: u64 = 512 << 20;

/// What identifies one version of a file on disk, as far as the system tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub modified_ns: i64,
    pub changed_ns: i64,
    pub inode: u64,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        FileStamp {
            size: meta.len(),
            modified_ns: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
            changed_ns: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
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
    /// By file name in `orders/`, in the order of the names: a listing walks it beside the
    /// folder's sorted names, with no hashing of a hundred thousand names.
    pub entries: Vec<(String, Entry)>,
}

impl Index {
    pub fn new(mut entries: Vec<(String, Entry)>) -> Index {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|a, b| a.0 == b.0);
        }
        Index {
            schema_version: INDEX_VERSION,
            entries,
        }
    }

    /// The summary of `name` when the file is still the one that was read.
    pub fn fresh(&self, name: &str, stamp: &FileStamp) -> Option<&OrderSummary> {
        self.entries
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| &self.entries[i].1)
            .filter(|e| e.stamp == *stamp)
            .map(|e| &e.summary)
    }
}

/// The bytes of an index file.
pub fn write_index(index: &Index) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&INDEX_VERSION.to_le_bytes());
    postcard::to_extend(index, bytes).expect("an index serializes")
}

/// Reads an index file; one of another form, or damaged, is refused (and then rebuilt by the caller).
pub fn parse_index(bytes: &[u8]) -> Result<Index, String> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("the order index is not one portwiz wrote; it is rebuilt")?;
    let (version, body) = body
        .split_first_chunk::<4>()
        .ok_or("the order index is cut short; it is rebuilt")?;
    let version = u32::from_le_bytes(*version);
    if version != INDEX_VERSION {
        return Err(format!("the order index has form {version}; it is rebuilt"));
    }
    let (index, rest): (Index, &[u8]) = postcard::take_from_bytes(body)
        .map_err(|_| "the order index is damaged; it is rebuilt".to_string())?;
    if !rest.is_empty() {
        return Err("the order index has bytes past its end; it is rebuilt".into());
    }
    // One that was not written in order (by hand, or damaged) is put in order, not trusted to be.
    Ok(Index::new(index.entries))
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
        let index = Index::new(vec![(
            "PW-1.json".to_string(),
            Entry {
                stamp,
                summary: OrderSummary::of(&order, false),
            },
        )]);
        let bytes = write_index(&index);
        let parsed = parse_index(&bytes).unwrap();
        assert_eq!(parsed, index);
        assert_eq!(parsed.fresh("PW-1.json", &stamp).unwrap().id, "PW-1");
        let touched = FileStamp {
            modified_ns: 8,
            ..stamp
        };
        assert!(parsed.fresh("PW-1.json", &touched).is_none());
        assert!(parsed.fresh("PW-2.json", &stamp).is_none());
        assert!(parse_index(b"[1,").is_err());
        assert!(parse_index(&bytes[..bytes.len() - 1]).is_err(), "cut short");
        let mut other_form = bytes.clone();
        other_form[8] = 9;
        assert!(
            parse_index(&other_form)
                .unwrap_err()
                .contains("form 9; it is rebuilt")
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(parse_index(&longer).is_err());
    }
}

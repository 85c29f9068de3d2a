//! The order index of the data directory: each order file's summary, with the file's size, change
//! time and inode when it was read. It only saves parsing: a file whose size, times or inode differ
//! is read again, a file not in the index is read, an entry without a file is dropped, and a damaged
//! index is rebuilt from the files. The files are always the truth.
//!
//! The file is `orders.index`: a magic word, the form's version and the length of the head; the
//! head, in postcard's compact binary form, holds the orders folder's own stamp (see
//! [`Index::folder`]) and each chunk's length and CRC-32 (a changed byte is damage, not a summary
//! to believe); then the chunks of [`CHUNK_ENTRIES`] entries each. Read at every start, it must be
//! quick: each core reads its own chunks straight from the file into one buffer it keeps
//! ([`IndexFile`]), so a listing touches little fresh memory, and the whole file is read only to
//! be written again. Each entry gives its file's name and stamp and its order's status before the
//! summary, so a listing of some statuses checks every file but reads only the summaries it wants.
//! The version changes with every change of [`OrderSummary`] or of the layout, so an index of
//! another form is rebuilt, never misread.

use super::OrderSummary;
use crate::domain::status::Status;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fs::{File, Metadata};
use std::os::unix::fs::{FileExt, MetadataExt};

pub const INDEX_FILE: &str = "orders.index";
/// Changes with every change of the fields of [`OrderSummary`], [`FileStamp`] or an entry's form.
const INDEX_VERSION: u32 = 7;
const MAGIC: &[u8; 8] = b"PWINDEX\0";
pub const MAX_INDEX_BYTES: u64 = 512 << 20;
/// The magic word, the version and the head's length.
const PREFIX: usize = MAGIC.len() + 4 + 4;
/// Entries per chunk: enough that a chunk is worth a thread, few enough that two cores share
/// ten thousand orders evenly.
pub const CHUNK_ENTRIES: usize = 1024;

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

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub stamp: FileStamp,
    pub summary: OrderSummary,
}

/// One entry as the index holds it, its summary not read yet.
#[derive(Debug, Clone, Copy)]
pub struct StoredEntry<'a> {
    pub name: &'a str,
    pub stamp: FileStamp,
    pub status: Status,
    /// Whether the file is named after its order's ID (`<ID>.json`); one that is not must be
    /// reported, which needs its summary.
    pub named_for_its_order: bool,
    summary: &'a [u8],
}

impl StoredEntry<'_> {
    pub fn summary(&self) -> Result<OrderSummary, String> {
        let summary: OrderSummary = postcard::from_bytes(self.summary).map_err(|_| damaged())?;
        if summary.status != self.status {
            return Err(damaged());
        }
        Ok(summary)
    }
}

/// An entry to write: a summary read now, or one kept as the index had it.
pub enum Record<'a> {
    Read(&'a str, &'a Entry),
    Stored(StoredEntry<'a>),
}

impl Record<'_> {
    pub fn name(&self) -> &str {
        match self {
            Record::Read(name, _) => name,
            Record::Stored(stored) => stored.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    /// The orders folder's own stamp when its names were the names of `entries` (and nothing
    /// else needed the folder read): while the folder's stamp is still this one, no file was
    /// added, removed or renamed there, so its names need not be read again. Each file is still
    /// checked against its own stamp.
    pub folder: Option<FileStamp>,
    /// By file name in `orders/`, in the order of the names.
    pub entries: Vec<(String, Entry)>,
}

/// The start of an index file: what comes before its chunks. Each chunk is (length, CRC-32).
#[derive(Serialize, Deserialize)]
struct Head {
    folder: Option<FileStamp>,
    chunks: Vec<(u32, u32)>,
}

/// An index file as read, before its chunks are: each chunk can be read on its own.
pub struct IndexParts<'a> {
    pub folder: Option<FileStamp>,
    pub chunks: Vec<Chunk<'a>>,
}

/// One chunk's bytes, with the checksum they were written with (checked by [`read_chunk`], on
/// the core that reads the chunk).
#[derive(Clone, Copy)]
pub struct Chunk<'a> {
    bytes: &'a [u8],
    crc: u32,
}

/// Where one chunk lies in an index file.
#[derive(Debug, Clone, Copy)]
pub struct ChunkAt {
    offset: usize,
    length: usize,
    crc: u32,
}

/// What an index file's head says: the folder's stamp and where each chunk lies.
struct Layout {
    folder: Option<FileStamp>,
    chunks: Vec<ChunkAt>,
}

/// An index file opened for reading, its head read: its chunks are read one at a time, from the
/// same open file (so from the same bytes, even if another session replaces the file meanwhile).
pub struct IndexFile {
    file: File,
    size: usize,
    pub folder: Option<FileStamp>,
    chunks: Vec<ChunkAt>,
}

impl IndexFile {
    /// Reads the head of `file`, `size` bytes long (already checked against [`MAX_INDEX_BYTES`]).
    pub fn read(file: File, size: usize) -> Result<IndexFile, String> {
        IndexFile::read_starting_with(file, size, 4096)
    }

    /// As [`IndexFile::read`], reading `first` bytes before it knows how long the head is.
    fn read_starting_with(file: File, size: usize, first: usize) -> Result<IndexFile, String> {
        let mut start = vec![0; size.min(first.max(PREFIX))];
        read_at(&file, &mut start, 0)?;
        let end = head_end(&start, size)?;
        if end > start.len() {
            let known = start.len();
            start.resize(end, 0);
            read_at(&file, &mut start[known..], known)?;
        }
        let Layout { folder, chunks } = layout(&start[..end], size)?;
        Ok(IndexFile {
            file,
            size,
            folder,
            chunks,
        })
    }

    pub fn chunks(&self) -> &[ChunkAt] {
        &self.chunks
    }

    /// Reads one chunk into `buffer` (kept by the caller for the next chunk), checked as
    /// [`read_chunk`] checks it.
    pub fn read_chunk_into<'b>(
        &self,
        at: ChunkAt,
        buffer: &'b mut Vec<u8>,
    ) -> Result<ChunkEntries<'b>, String> {
        buffer.resize(at.length, 0);
        read_at(&self.file, buffer, at.offset)?;
        chunk_entries(Chunk {
            bytes: buffer,
            crc: at.crc,
        })
    }

    /// The whole file, to write it again with some entries changed.
    pub fn read_whole(&self) -> Result<Vec<u8>, String> {
        let mut bytes = vec![0; self.size];
        read_at(&self.file, &mut bytes, 0)?;
        Ok(bytes)
    }
}

fn read_at(file: &File, buffer: &mut [u8], offset: usize) -> Result<(), String> {
    file.read_exact_at(buffer, offset as u64)
        .map_err(|e| format!("the order index cannot be read ({e}); it is rebuilt"))
}

/// Where the head of an index file ends, from its first bytes (all of them, or at least
/// [`PREFIX`]); one of another form, or damaged, is refused.
fn head_end(start: &[u8], size: usize) -> Result<usize, String> {
    let body = start
        .strip_prefix(MAGIC.as_slice())
        .ok_or("the order index is not one portwiz wrote; it is rebuilt")?;
    let (version, body) = body
        .split_first_chunk::<4>()
        .ok_or("the order index is cut short; it is rebuilt")?;
    let version = u32::from_le_bytes(*version);
    if version != INDEX_VERSION {
        return Err(format!("the order index has form {version}; it is rebuilt"));
    }
    let (length, _) = body
        .split_first_chunk::<4>()
        .ok_or("the order index is cut short; it is rebuilt")?;
    let end = PREFIX + u32::from_le_bytes(*length) as usize;
    if end > size {
        return Err("the order index is cut short; it is rebuilt".into());
    }
    Ok(end)
}

/// The head (`start`, up to [`head_end`]) of an index file of `size` bytes: its chunks must fill
/// the rest of the file exactly.
fn layout(start: &[u8], size: usize) -> Result<Layout, String> {
    let head: Head = postcard::from_bytes(&start[PREFIX..]).map_err(|_| damaged())?;
    let mut offset = start.len();
    let mut chunks = Vec::with_capacity(head.chunks.len());
    for (length, crc) in head.chunks {
        let length = length as usize;
        if length > size - offset {
            return Err("the order index is cut short; it is rebuilt".into());
        }
        chunks.push(ChunkAt {
            offset,
            length,
            crc,
        });
        offset += length;
    }
    if offset != size {
        return Err("the order index has bytes past its end; it is rebuilt".into());
    }
    Ok(Layout {
        folder: head.folder,
        chunks,
    })
}

impl Index {
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

fn damaged() -> String {
    "the order index is damaged; it is rebuilt".to_string()
}

/// The bytes of an index file of `records`, in the order of their names.
pub fn write_records(folder: Option<FileStamp>, records: &[Record]) -> Vec<u8> {
    let mut bodies = Vec::new();
    let mut heads = Vec::new();
    for chunk in records.chunks(CHUNK_ENTRIES) {
        let mut body = Vec::new();
        for record in chunk {
            let (stamp, status, named, summary): (FileStamp, Status, bool, Cow<[u8]>) = match record
            {
                Record::Read(name, entry) => (
                    entry.stamp,
                    entry.summary.status,
                    name.strip_suffix(".json") == Some(entry.summary.id.as_str()),
                    Cow::Owned(
                        postcard::to_allocvec(&entry.summary).expect("a summary serializes"),
                    ),
                ),
                Record::Stored(stored) => (
                    stored.stamp,
                    stored.status,
                    stored.named_for_its_order,
                    Cow::Borrowed(stored.summary),
                ),
            };
            let head = (record.name(), stamp, status, named, summary.len() as u64);
            body =
                postcard::to_extend(&head, std::mem::take(&mut body)).expect("an entry serializes");
            body.extend_from_slice(&summary);
        }
        let length = u32::try_from(body.len()).expect("a chunk is under 4 GiB");
        heads.push((length, crc32fast::hash(&body)));
        bodies.push(body);
    }
    let head = postcard::to_allocvec(&Head {
        folder,
        chunks: heads,
    })
    .expect("an index head serializes");
    let mut bytes =
        Vec::with_capacity(PREFIX + head.len() + bodies.iter().map(Vec::len).sum::<usize>());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&INDEX_VERSION.to_le_bytes());
    bytes.extend_from_slice(
        &u32::try_from(head.len())
            .expect("a head is under 4 GiB")
            .to_le_bytes(),
    );
    bytes.extend_from_slice(&head);
    for body in bodies {
        bytes.extend_from_slice(&body);
    }
    bytes
}

/// The bytes of an index file.
pub fn write_index(index: &Index) -> Vec<u8> {
    let records: Vec<Record> = index
        .entries
        .iter()
        .map(|(name, entry)| Record::Read(name, entry))
        .collect();
    write_records(index.folder, &records)
}

/// Splits an index file held whole into its head and chunks; one of another form, or damaged, is
/// refused (and then rebuilt by the caller).
pub fn split_index(bytes: &[u8]) -> Result<IndexParts<'_>, String> {
    let end = head_end(bytes, bytes.len())?;
    let Layout { folder, chunks } = layout(&bytes[..end], bytes.len())?;
    Ok(IndexParts {
        folder,
        chunks: chunks
            .into_iter()
            .map(|at| Chunk {
                bytes: &bytes[at.offset..at.offset + at.length],
                crc: at.crc,
            })
            .collect(),
    })
}

/// The entries of one chunk, in the order of their names (a chunk not in order is damage), their
/// summaries not read.
pub fn read_chunk(chunk: Chunk<'_>) -> Result<Vec<StoredEntry<'_>>, String> {
    chunk_entries(chunk)?.collect()
}

/// A chunk's entries one by one, its checksum checked first.
fn chunk_entries(chunk: Chunk<'_>) -> Result<ChunkEntries<'_>, String> {
    if crc32fast::hash(chunk.bytes) != chunk.crc {
        return Err(damaged());
    }
    Ok(ChunkEntries {
        rest: chunk.bytes,
        last: None,
    })
}

/// The entries of a checked chunk, each after the one before it by name (or damage).
pub struct ChunkEntries<'a> {
    rest: &'a [u8],
    last: Option<&'a str>,
}

impl<'a> Iterator for ChunkEntries<'a> {
    type Item = Result<StoredEntry<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let entry = self.take();
        if entry.is_err() {
            self.rest = &[];
        }
        Some(entry)
    }
}

impl<'a> ChunkEntries<'a> {
    fn take(&mut self) -> Result<StoredEntry<'a>, String> {
        type Head<'a> = (&'a str, FileStamp, Status, bool, u64);
        let ((name, stamp, status, named_for_its_order, length), rest): (Head, &[u8]) =
            postcard::take_from_bytes(self.rest).map_err(|_| damaged())?;
        let length = usize::try_from(length).map_err(|_| damaged())?;
        if length > rest.len() {
            return Err(damaged());
        }
        let (summary, rest) = rest.split_at(length);
        if self.last.is_some_and(|last| last >= name) {
            return Err("the order index is out of order; it is rebuilt".into());
        }
        self.last = Some(name);
        self.rest = rest;
        Ok(StoredEntry {
            name,
            stamp,
            status,
            named_for_its_order,
            summary,
        })
    }
}

/// Reads a whole index file at once, every summary with it.
pub fn parse_index(bytes: &[u8]) -> Result<Index, String> {
    let parts = split_index(bytes)?;
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for chunk in parts.chunks {
        for stored in read_chunk(chunk)? {
            if entries
                .last()
                .is_some_and(|(last, _)| last.as_str() >= stored.name)
            {
                return Err("the order index is out of order; it is rebuilt".into());
            }
            let summary = stored.summary()?;
            let named = stored.name.strip_suffix(".json") == Some(summary.id.as_str());
            if named != stored.named_for_its_order {
                return Err(damaged());
            }
            entries.push((
                stored.name.to_string(),
                Entry {
                    stamp: stored.stamp,
                    summary,
                },
            ));
        }
    }
    Ok(Index {
        folder: parts.folder,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::Order;

    fn stamp(n: i64) -> FileStamp {
        FileStamp {
            size: 10,
            modified_ns: n,
            changed_ns: 6,
            inode: 7,
        }
    }

    fn entry(id: &str, n: i64) -> (String, Entry) {
        let order = Order::new_draft(id.into(), "2026-11-20T15:00:00Z".parse().unwrap());
        (
            format!("{id}.json"),
            Entry {
                stamp: stamp(n),
                summary: OrderSummary::of(&order, false),
            },
        )
    }

    #[test]
    fn an_index_round_trips_and_answers_only_for_the_same_file() {
        let (name, mut dated) = entry("PW-1", 5);
        dated.summary.port_date = Some(jiff::civil::date(2026, 12, 31));
        dated.summary.numbers =
            vec![crate::domain::phone::PhoneNumber::parse("+12127365001").unwrap()];
        let index = Index {
            folder: Some(stamp(1)),
            entries: vec![(name, dated)],
        };
        let bytes = write_index(&index);
        let parsed = parse_index(&bytes).unwrap();
        assert_eq!(parsed, index);
        assert_eq!(parsed.fresh("PW-1.json", &stamp(5)).unwrap().id, "PW-1");
        assert!(parsed.fresh("PW-1.json", &stamp(8)).is_none());
        assert!(parsed.fresh("PW-2.json", &stamp(5)).is_none());
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

    #[test]
    fn a_large_index_is_chunked_and_each_chunk_reads_alone_without_its_summaries() {
        let count = CHUNK_ENTRIES * 2 + 5;
        let entries: Vec<(String, Entry)> = (0..count)
            .map(|n| entry(&format!("PW-{n:05}"), n as i64))
            .collect();
        let index = Index {
            folder: None,
            entries,
        };
        let bytes = write_index(&index);
        let parts = split_index(&bytes).unwrap();
        assert_eq!(parts.chunks.len(), 3);
        let last = read_chunk(parts.chunks[2]).unwrap();
        // One byte changed anywhere in a chunk is damage.
        let mut flipped = bytes.clone();
        let inside = bytes.len() - 40;
        flipped[inside] ^= 1;
        assert!(parse_index(&flipped).unwrap_err().contains("damaged"));
        assert_eq!(last.len(), 5);
        assert_eq!(last[4].name, format!("PW-{:05}.json", count - 1));
        assert_eq!(last[4].status, Status::Draft);
        assert!(last[4].named_for_its_order);
        assert_eq!(
            last[4].summary().unwrap(),
            index.entries[count - 1].1.summary
        );
        assert_eq!(parse_index(&bytes).unwrap(), index);
        // Entries kept as they were stored write back to the same bytes.
        let stored: Vec<StoredEntry> = parts
            .chunks
            .iter()
            .flat_map(|chunk| read_chunk(*chunk).unwrap())
            .collect();
        let records: Vec<Record> = stored.into_iter().map(Record::Stored).collect();
        assert_eq!(write_records(None, &records), bytes);
    }

    #[test]
    fn an_index_file_read_chunk_by_chunk_gives_what_the_whole_bytes_give() {
        let count = CHUNK_ENTRIES * 3 + 7;
        let index = Index {
            folder: Some(stamp(3)),
            entries: (0..count)
                .map(|n| entry(&format!("PW-{n:05}"), n as i64))
                .collect(),
        };
        let bytes = write_index(&index);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(INDEX_FILE);
        std::fs::write(&path, &bytes).unwrap();
        // A first read shorter than the head makes the reader read the rest of the head.
        for first in [4096, PREFIX, PREFIX + 3] {
            let file =
                IndexFile::read_starting_with(File::open(&path).unwrap(), bytes.len(), first)
                    .unwrap();
            assert_eq!(file.folder, Some(stamp(3)));
            assert_eq!(file.chunks().len(), 4);
            let mut buffer = Vec::new();
            let mut read = Vec::new();
            for at in file.chunks() {
                for stored in file.read_chunk_into(*at, &mut buffer).unwrap() {
                    let stored = stored.unwrap();
                    read.push((stored.name.to_string(), stored.summary().unwrap()));
                }
            }
            let expected: Vec<(String, OrderSummary)> = index
                .entries
                .iter()
                .map(|(name, entry)| (name.clone(), entry.summary.clone()))
                .collect();
            assert_eq!(read, expected);
            assert_eq!(file.read_whole().unwrap(), bytes);
        }
        // The same file seen as shorter or longer than it is: its chunks do not fill it.
        let short = IndexFile::read(File::open(&path).unwrap(), bytes.len() - 1);
        assert!(short.err().unwrap().contains("cut short"));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(split_index(&longer).err().unwrap().contains("past its end"));
        // A head that says it is longer than the file.
        let mut head = bytes.clone();
        head[PREFIX - 4..PREFIX].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(split_index(&head).err().unwrap().contains("cut short"));
    }

    #[test]
    fn chunks_out_of_order_or_a_status_that_disagrees_are_damage() {
        let index = Index {
            folder: None,
            entries: vec![entry("PW-2", 1), entry("PW-1", 2)],
        };
        assert!(
            parse_index(&write_index(&index))
                .unwrap_err()
                .contains("out of order")
        );
        let (name, mut wrong) = entry("PW-1", 1);
        let stored_as_draft = write_index(&Index {
            folder: None,
            entries: vec![(name.clone(), wrong.clone())],
        });
        wrong.summary.status = Status::Completed;
        let completed = write_index(&Index {
            folder: None,
            entries: vec![(name, wrong)],
        });
        // The same bytes but for the summary's status: the entry's own status says Draft.
        let parts_draft = split_index(&stored_as_draft).unwrap();
        let parts_completed = split_index(&completed).unwrap();
        let draft = read_chunk(parts_draft.chunks[0]).unwrap()[0];
        let mut mixed = read_chunk(parts_completed.chunks[0]).unwrap()[0];
        mixed.status = draft.status;
        assert!(mixed.summary().is_err());
    }
}

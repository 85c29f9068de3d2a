//! The JSON data directory (SPEC §10): `orders/<ID>.json` (pretty JSON with a schema version and a
//! revision), `documents/`, `inventory.json`, `clock.json`, `porting_pin.json`, `csr.json`, the order index,
//! and the journal of a change in progress. Folders are 0700 and files 0600.
//!
//! A transaction holds an exclusive lock on `.store.lock` from its first read to its commit, so it
//! is isolated from every other session; listing holds a shared one. A commit of one file is one
//! atomic replace; a commit of several goes through the redo journal (see [`super::journal`]).

use super::files::{
    self, NoFaults, WriteFaults, WriteStep, flush_dir, open_lock_file, private_dir,
    sweep_temporaries,
};
use super::index::{
    self, Entry, FileStamp, INDEX_FILE, IndexFile, MAX_INDEX_BYTES, Record, StoredEntry,
};
use super::journal::{self, JOURNAL_FILE, Journal, MAX_JOURNAL_BYTES, Step};
use super::{
    ChangeMark, Listing, LockHolder, Misnamed, OrderLock, OrderSummary, Revised, Store, StoreError,
    Txn, Wanted,
};
use crate::domain::csr::CsrBook;
use crate::domain::inventory::Inventory;
use crate::domain::order::{Order, SCHEMA_VERSION};
use crate::domain::pin::PinRecord;
use crate::safe_file::{self, FileError};
use crate::schema::{MAX_ORDER_FILE_BYTES, ReadError, Reading, read_order};
use crate::secrets::{MAX_PIN_RECORD_BYTES, parse_pin_record};
use crate::text::strip_controls;
use jiff::{Timestamp, Zoned};
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// An order file's bytes, read.
type Parsed = Result<Reading, ReadError>;
/// What one order file turned out to be, worked out by the thread that read it, so that a cold
/// start over many files never holds more than their summaries.
enum Found {
    Summary(OrderSummary),
    /// From an older portwiz: the original bytes are kept for the backup.
    Migrated {
        order: Box<Order>,
        from: u32,
        original: Vec<u8>,
    },
    Unreadable(ReadError),
}

/// An order file read from disk, or why it could not be.
type FileRead = Result<Option<Found>, FileError>;

/// The order files' names of the orders folder, and whether nothing else was left in it that a
/// later listing must see to (a live writer's temporary).
struct FolderNames {
    names: Vec<String>,
    clean: bool,
}

/// Why a file must be read again, or reported, instead of taken from its index entry.
enum Trouble {
    /// A file to read, with its stamp now.
    Changed(FileStamp),
    NotRegular,
    Gone,
    Failed(io::Error),
}

/// A file's name in the orders folder, with why its index entry could not be used.
type NamedTrouble = (String, Trouble);

impl Trouble {
    /// What a look-up found, against the stamp of the file's index entry: `Ok` when the file is
    /// still the one the entry was made from.
    fn of(found: io::Result<(bool, FileStamp)>, indexed: Option<FileStamp>) -> Result<(), Trouble> {
        match found {
            Ok((true, stamp)) if indexed == Some(stamp) => Ok(()),
            Ok((true, stamp)) => Err(Trouble::Changed(stamp)),
            Ok((false, _)) => Err(Trouble::NotRegular),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Trouble::Gone),
            Err(e) => Err(Trouble::Failed(e)),
        }
    }
}

const STORE_LOCK: &str = ".store.lock";
const INVENTORY_FILE: &str = "inventory.json";
const CLOCK_FILE: &str = "clock.json";
const PIN_FILE: &str = "porting_pin.json";
const CSR_FILE: &str = "csr.json";
/// A CSR is a few kilobytes: room for thousands of accounts.
const MAX_CSR_BOOK_BYTES: u64 = 16 << 20;
/// About 400 bytes a number with its history: room for a million numbers, the size of the largest
/// organizations (the 100,000-order bench store holds 372,808 numbers in 149 MB).
const MAX_INVENTORY_BYTES: u64 = 512 << 20;
const MAX_SMALL_FILE_BYTES: u64 = 64 << 10;

/// `clock.json`: the simulated clock.
#[derive(serde::Serialize, serde::Deserialize)]
struct ClockFile {
    schema_version: u32,
    now: Zoned,
}

/// The part of a versioned file needed before overwriting it.
#[derive(serde::Deserialize)]
struct Header {
    schema_version: u32,
    revision: u64,
}

pub struct DirStore {
    root: PathBuf,
    faults: Box<dyn WriteFaults>,
    /// How long the orders folder's times must lie in the past before its names are trusted to
    /// be unchanged while its times are: longer than the coarsest file system clock (2 s).
    folder_settle: std::time::Duration,
}

fn shown(path: &Path) -> String {
    strip_controls(&path.display().to_string())
}

/// An order ID that can name a file: no separators, no way out of the folder.
pub(super) fn valid_id(id: &str) -> Result<(), StoreError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!(
            "{:?} is not an order ID; `portwiz orders list` shows the IDs",
            strip_controls(id)
        )))
    }
}

/// The user as the system's user database knows them (through NSS: local, LDAP or any directory),
/// or their number when no entry has it.
pub(super) fn current_user() -> String {
    whoami::username().unwrap_or_else(|_| {
        // SAFETY: geteuid cannot fail.
        format!("user {}", unsafe { libc::geteuid() })
    })
}

pub(super) fn host_name() -> String {
    whoami::hostname()
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this machine".into())
}

fn read_failed(what: &str, e: FileError) -> StoreError {
    match e {
        FileError::NotPrivate { .. }
        | FileError::NotRegular { .. }
        | FileError::NotAFolder { .. }
        | FileError::Link { .. }
        | FileError::TooLarge { .. } => StoreError::Damaged(format!("{e}; {what} was not read")),
        other => StoreError::Failed(format!("cannot read {what}: {other}")),
    }
}

fn write_failed(what: &str, step: WriteStep, e: io::Error) -> StoreError {
    match step {
        WriteStep::DirFlush => StoreError::Unconfirmed(format!(
            "{what} was written, but the system could not confirm it reached the disk ({e}); it is saved again with the next change"
        )),
        _ => StoreError::Failed(format!(
            "could not save {what}: {e}; nothing was changed, try again"
        )),
    }
}

/// A held lock on the whole store; released when dropped.
struct StoreLock {
    _file: File,
}

impl DirStore {
    /// Opens (creating if needed) the data directory; finishes a change a crashed writer left in the
    /// journal and sweeps its temporaries.
    pub fn open(root: &Path) -> Result<DirStore, StoreError> {
        DirStore::open_with_faults(root, Box::new(NoFaults))
    }

    pub fn open_with_faults(
        root: &Path,
        faults: Box<dyn WriteFaults>,
    ) -> Result<DirStore, StoreError> {
        for dir in [
            root.to_path_buf(),
            root.join("orders"),
            root.join("documents"),
            // Kept apart from the orders, so that listing them reads one name per order.
            root.join("locks"),
        ] {
            private_dir(&dir).map_err(|e| {
                StoreError::Failed(format!("the data directory cannot be used: {e}"))
            })?;
        }
        let store = DirStore {
            root: root.to_path_buf(),
            faults,
            folder_settle: std::time::Duration::from_secs(5),
        };
        // The folders with many files are swept as they are read: orders/ by every listing,
        // documents/ whenever a document is written.
        let _lock = store.exclusive()?;
        sweep_temporaries(&store.root);
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn orders_dir(&self) -> PathBuf {
        self.root.join("orders")
    }

    pub fn order_path(&self, id: &str) -> PathBuf {
        self.orders_dir().join(format!("{id}.json"))
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.root.join("locks").join(format!("{id}.lock"))
    }

    fn take_lock(&self, shared: bool) -> Result<StoreLock, StoreError> {
        let path = self.root.join(STORE_LOCK);
        let file = open_lock_file(&path).map_err(|e| {
            StoreError::Failed(format!(
                "cannot open the store's lock {}: {e}",
                shown(&path)
            ))
        })?;
        let locked = if shared {
            file.lock_shared()
        } else {
            file.lock()
        };
        match locked {
            Ok(()) => Ok(StoreLock { _file: file }),
            // A file system without locks: saves still check revisions.
            Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(StoreLock { _file: file }),
            Err(e) => Err(StoreError::Failed(format!(
                "cannot lock the data directory: {e}; try again"
            ))),
        }
    }

    /// The whole store, for one writer; a change left unfinished by a dead writer is finished first.
    fn exclusive(&self) -> Result<StoreLock, StoreError> {
        let lock = self.take_lock(false)?;
        self.recover()?;
        Ok(lock)
    }

    /// The whole store, for readers: no change is half applied while it is held.
    fn shared(&self) -> Result<StoreLock, StoreError> {
        if self.root.join(JOURNAL_FILE).exists() {
            drop(self.exclusive()?);
        }
        self.take_lock(true)
    }

    /// Finishes the change in the journal, if one is there (the caller holds the exclusive lock, so
    /// its writer is gone). A journal that is not one this program wrote is moved aside untouched.
    fn recover(&self) -> Result<(), StoreError> {
        let path = self.root.join(JOURNAL_FILE);
        let bytes = match safe_file::read_private_if_exists(&path, MAX_JOURNAL_BYTES) {
            Ok(None) => return Ok(()),
            Ok(Some(bytes)) => bytes,
            Err(e) => return Err(read_failed("the journal of an unfinished change", e)),
        };
        if let Some(version) = journal::newer_version(&bytes) {
            return Err(StoreError::ReadOnly(format!(
                "{} holds a change a newer portwiz (journal schema {version}) did not finish; open the data directory with that portwiz to finish it: nothing is changed here until then",
                shown(&path)
            )));
        }
        match journal::parse_journal(&bytes) {
            Ok(journal) => self.apply(&journal).map_err(|e| {
                StoreError::Failed(format!(
                    "a change interrupted earlier could not be finished ({e}); nothing else is changed until it is: check the disk and try again"
                ))
            }),
            Err(why) => {
                let to = self.move_aside(&path, JOURNAL_FILE, Timestamp::now()).map_err(|e| {
                    StoreError::Damaged(format!(
                        "the journal {} cannot be read ({why}) nor moved aside ({e}); move it away by hand",
                        shown(&path)
                    ))
                })?;
                Err(StoreError::Damaged(format!(
                    "the journal of an unfinished change was damaged ({why}); it was moved to {}: the change it held may be missing",
                    shown(&to)
                )))
            }
        }
    }

    /// Carries out a journal's steps; each is done once whatever happened before.
    fn apply(&self, journal: &Journal) -> io::Result<()> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for step in &journal.steps {
            let (done, dir) = match step {
                Step::Replace { from, to } => {
                    let (from, to) = (self.root.join(from), self.root.join(to));
                    let result = match fs::symlink_metadata(&from) {
                        Ok(_) => self
                            .faults
                            .before(WriteStep::Rename, &to)
                            .and_then(|()| fs::rename(&from, &to)),
                        // Renamed before the interruption.
                        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                        Err(e) => Err(e),
                    };
                    (result, to.parent().map(Path::to_path_buf))
                }
                Step::Remove { path } => {
                    let path = self.root.join(path);
                    let result = match fs::remove_file(&path) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                        _ => Ok(()),
                    };
                    (result, path.parent().map(Path::to_path_buf))
                }
            };
            done?;
            if let Some(dir) = dir.filter(|d| !dirs.contains(d)) {
                dirs.push(dir);
            }
        }
        for dir in &dirs {
            self.faults
                .before(WriteStep::DirFlush, dir)
                .and_then(|()| flush_dir(dir))?;
        }
        fs::remove_file(self.root.join(JOURNAL_FILE))?;
        flush_dir(&self.root)
    }

    /// Commits what a transaction put: one file by an atomic replace, several through the journal.
    fn commit(
        &self,
        writes: Vec<(PathBuf, Vec<u8>, String)>,
        removals: Vec<PathBuf>,
    ) -> Result<(), StoreError> {
        let documents = self.root.join("documents");
        if writes
            .iter()
            .any(|(target, _, _)| target.starts_with(&documents))
        {
            sweep_temporaries(&documents);
        }
        if writes.len() == 1 && removals.is_empty() {
            let (target, bytes, what) = &writes[0];
            return files::replace(self.faults.as_ref(), target, bytes)
                .map_err(|(step, e)| write_failed(what, step, e));
        }
        if writes.is_empty() && removals.is_empty() {
            return Ok(());
        }
        let what = if writes.len() + removals.len() == 1 {
            writes
                .first()
                .map(|w| w.2.clone())
                .unwrap_or_else(|| "the change".into())
        } else {
            format!("the change of {} documents", writes.len() + removals.len())
        };
        let mut staged: Vec<PathBuf> = Vec::new();
        let mut steps = Vec::new();
        for (target, bytes, _) in &writes {
            match files::stage(self.faults.as_ref(), target, bytes) {
                Ok(temp) => {
                    steps.push(Step::Replace {
                        from: self.relative(&temp),
                        to: self.relative(target),
                    });
                    staged.push(temp);
                }
                Err((step, e)) => {
                    staged.iter().for_each(|t| {
                        let _ = fs::remove_file(t);
                    });
                    return Err(write_failed(&what, step, e));
                }
            }
        }
        steps.extend(removals.iter().map(|p| Step::Remove {
            path: self.relative(p),
        }));
        let journal = Journal::new(steps);
        let bytes = serde_json::to_vec(&journal).expect("a journal serializes");
        let journal_unconfirmed =
            match files::replace(self.faults.as_ref(), &self.root.join(JOURNAL_FILE), &bytes) {
                Ok(()) => None,
                // The journal is in place (only its folder flush failed): the change goes ahead.
                Err((WriteStep::DirFlush, e)) => Some(e),
                Err((step, e)) => {
                    staged.iter().for_each(|t| {
                        let _ = fs::remove_file(t);
                    });
                    return Err(write_failed(&what, step, e));
                }
            };
        // From here the change is decided: whatever fails is finished by the next transaction.
        self.apply(&journal).map_err(|e| {
            StoreError::Unconfirmed(format!(
                "{what} was recorded, but not yet fully written ({e}); it is finished the next time portwiz changes anything"
            ))
        })?;
        // The disk refused a flush: said, not swallowed, though the change stands.
        match journal_unconfirmed {
            Some(e) => Err(StoreError::Unconfirmed(format!(
                "{what} was written, but the system could not confirm that it reached the disk ({e}); the change stands, so do not make it again, and check the disk"
            ))),
            None => Ok(()),
        }
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Moves a damaged file to `quarantine/` under a name no other file has: nothing there is ever
    /// overwritten.
    fn move_aside(&self, path: &Path, name: &str, now: Timestamp) -> io::Result<PathBuf> {
        let quarantine = self.root.join("quarantine");
        private_dir(&quarantine).map_err(io::Error::other)?;
        let stamp = now.strftime("%Y%m%dT%H%M%SZ");
        for n in 0..10_000u32 {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let target = quarantine.join(format!("{name}.{stamp}{suffix}.corrupt"));
            // A hard link never replaces an existing name, unlike a rename.
            match fs::hard_link(path, &target) {
                Ok(()) => {
                    fs::remove_file(path)?;
                    return Ok(target);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("the quarantine has no free name left"))
    }

    /// The index, its head read; none when it is missing, not one portwiz wrote, or damaged.
    fn open_index(&self) -> Option<IndexFile> {
        let (file, size) =
            safe_file::open_private_if_exists(&self.root.join(INDEX_FILE), MAX_INDEX_BYTES)
                .ok()
                .flatten()?;
        IndexFile::read(file, usize::try_from(size).ok()?).ok()
    }

    fn read_order_file(&self, path: &Path) -> Result<Option<(Parsed, Vec<u8>)>, FileError> {
        Ok(
            safe_file::read_private_if_exists(path, MAX_ORDER_FILE_BYTES as u64)?
                .map(|bytes| (read_order(&bytes), bytes)),
        )
    }

    /// Reads the summaries of the orders whose status is `wanted`: from the index where the file
    /// is the one it was made from, from the file otherwise. Damaged files are moved to
    /// `quarantine/`, older ones migrated (the original kept in `backups/`), newer ones listed
    /// read-only.
    ///
    /// Every file is looked up (its size, times and inode against the index's), whatever its
    /// status; the folder's names are read only when the folder itself changed since the index
    /// was written, and only the wanted summaries are read out of the index.
    fn list_locked(&self, wanted: &Wanted) -> Result<Listing, StoreError> {
        let orders_dir = self.orders_dir();
        let cannot = |e: io::Error| {
            StoreError::Failed(format!(
                "cannot read the orders folder {}: {e}",
                shown(&orders_dir)
            ))
        };
        let folder = File::open(&orders_dir).map_err(cannot)?;
        let folder_stamp = FileStamp::of(&folder.metadata().map_err(cannot)?);
        let started = std::time::SystemTime::now();
        let journal = self.root.join(JOURNAL_FILE).exists();
        let index = self.open_index();
        let recorded = index.as_ref().and_then(|i| i.folder);
        let names_needed = journal || recorded != Some(folder_stamp);
        let looked = match &index {
            Some(index) => look_up_indexed(&folder, index, wanted, names_needed),
            None => Some(Vec::new()),
        };
        // A damaged index is read as none: every file is read again.
        let trusted_names = !names_needed && looked.is_some();
        let looked = looked.unwrap_or_default();
        let indexed: usize = looked.iter().map(|chunk| chunk.indexed).sum();
        let (new_names, folder_clean) = if trusted_names {
            (Vec::new(), true)
        } else {
            let FolderNames { names, clean } = self.folder_names(journal).map_err(cannot)?;
            // Both sorted: the names the index does not have are looked up now.
            let mut known = looked.iter().flat_map(|chunk| &chunk.names).peekable();
            let new: Vec<String> = names
                .into_iter()
                .filter(|name| {
                    while known.next_if(|k| k.as_str() < name.as_str()).is_some() {}
                    known.next_if(|k| k.as_str() == name.as_str()).is_none()
                })
                .collect();
            (new, clean)
        };
        let new_troubles = on_every_core(
            new_names,
            1024,
            || (),
            |(), name| {
                let trouble = Trouble::of(files::look_up(&folder, &name), None)
                    .expect_err("a file without an index entry is always read");
                (name, trouble)
            },
        );
        let mut listing = Listing {
            orders: Vec::with_capacity(looked.iter().map(|chunk| chunk.wanted.len()).sum()),
            ..Listing::default()
        };
        let mut to_read: Vec<(String, FileStamp)> = Vec::new();
        let mut troubles = Vec::new();
        let mut misnamed_files: Vec<(String, OrderSummary)> = Vec::new();
        for chunk in looked {
            listing.orders.extend(chunk.wanted);
            misnamed_files.extend(chunk.misnamed);
            troubles.extend(chunk.troubles);
        }
        // Every indexed entry whose file was not found as it was is among the troubles.
        let mut not_kept: Vec<String> = troubles.iter().map(|(name, _)| name.clone()).collect();
        not_kept.sort_unstable();
        let still_indexed = indexed - troubles.len();
        for (name, trouble) in troubles.into_iter().chain(new_troubles) {
            match trouble {
                Trouble::Changed(stamp) => to_read.push((name, stamp)),
                Trouble::NotRegular => listing.unreadable.push((
                    name,
                    "it is not a regular file (a folder, pipe or device)".into(),
                )),
                Trouble::Gone => {}
                Trouble::Failed(e) => listing
                    .unreadable
                    .push((name, format!("cannot be read: {e}"))),
            }
        }
        let changed = !to_read.is_empty() || still_indexed != indexed;
        let fresh = self.read_changed(to_read, &mut listing);
        for (name, entry) in &fresh {
            if name.strip_suffix(".json") != Some(entry.summary.id.as_str()) {
                misnamed_files.push((name.clone(), entry.summary.clone()));
            } else if wanted(entry.summary.status) {
                listing.orders.push(entry.summary.clone());
            }
        }
        // The folder's names may be skipped next time only if this listing saw all there is to
        // see in them, and nothing changed them since; its times must lie far enough in the past
        // that a change in the same tick of the file system's clock cannot hide behind them.
        let settled = |ns: i64| {
            started
                .checked_sub(self.folder_settle)
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .is_some_and(|limit| i128::from(ns) < limit.as_nanos() as i128)
        };
        let folder = (folder_clean
            && listing.unreadable.is_empty()
            && listing.left_alone.is_empty()
            && listing.quarantined.is_empty()
            && listing.migrated.is_empty()
            && settled(folder_stamp.modified_ns)
            && settled(folder_stamp.changed_ns))
        .then_some(folder_stamp);
        if changed || folder != recorded {
            // The entries kept as they were come from the same open index file, read whole now.
            let whole = index.as_ref().and_then(|i| i.read_whole().ok());
            let kept = whole
                .as_deref()
                .and_then(|bytes| unchanged_entries(bytes, &not_kept))
                .unwrap_or_default();
            let mut records: Vec<Record> = kept
                .into_iter()
                .map(Record::Stored)
                .chain(fresh.iter().map(|(name, entry)| Record::Read(name, entry)))
                .collect();
            records.sort_unstable_by(|a, b| a.name().cmp(b.name()));
            records.dedup_by(|a, b| a.name() == b.name());
            // Only a cache: if it cannot be written, the next listing reads the files again.
            let bytes = index::write_records(folder, &records);
            let _ = files::replace(&NoFaults, &self.root.join(INDEX_FILE), &bytes);
        }
        let mut misnamed: Vec<Misnamed> = misnamed_files
            .into_iter()
            .map(|(file, order)| {
                let named_for_it = fs::metadata(orders_dir.join(format!("{}.json", order.id)));
                Misnamed {
                    renamed: !named_for_it.is_ok_and(|meta| meta.is_file()),
                    file,
                    order,
                }
            })
            .collect();
        misnamed.sort_by(|a, b| a.file.cmp(&b.file));
        listing.misnamed = misnamed;
        by_last_change(&mut listing.orders);
        Ok(listing)
    }

    /// Reads the files that changed since the index was written (or are not in it), one entry
    /// each for the index; what is wrong with a file goes to `listing`.
    fn read_changed(
        &self,
        to_read: Vec<(String, FileStamp)>,
        listing: &mut Listing,
    ) -> Vec<(String, Entry)> {
        let read = self.read_in_parallel(&to_read);
        let now = Timestamp::now();
        let mut fresh = Vec::with_capacity(to_read.len());
        for ((name, stamp), outcome) in to_read.into_iter().zip(read) {
            let path = self.orders_dir().join(&name);
            match outcome {
                Err(e) => listing.unreadable.push((name, without_path(&e))),
                Ok(None) => {}
                Ok(Some(Found::Summary(summary))) => fresh.push((name, Entry { stamp, summary })),
                Ok(Some(Found::Migrated {
                    order,
                    from,
                    original,
                })) => {
                    match self.migrate(&path, &order, from, &original) {
                        Ok(backup) => listing.migrated.push((order.id.clone(), from, backup)),
                        // Not rewritten: it still lists, and migrates again next time.
                        Err(e) => listing.unreadable.push((
                            name.clone(),
                            format!("could not be brought up to date: {e}"),
                        )),
                    }
                    if let Ok(meta) = fs::metadata(&path) {
                        fresh.push((
                            name,
                            Entry {
                                stamp: FileStamp::of(&meta),
                                summary: OrderSummary::of(&order, false),
                            },
                        ));
                    }
                }
                Ok(Some(Found::Unreadable(e))) if e.is_damage() => {
                    match self.move_aside(&path, &name, now) {
                        Ok(to) => listing.quarantined.push((name, to, e.to_string())),
                        Err(io) => listing
                            .unreadable
                            .push((name, format!("{e}; it could not be moved aside ({io})"))),
                    }
                }
                Ok(Some(Found::Unreadable(e))) => listing.left_alone.push((name, e.to_string())),
            }
        }
        fresh
    }

    /// The order files' names in the folder, sorted. A dead writer's temporaries and an older
    /// portwiz's empty editing marks go; with a journal there, temporaries may be its files, and
    /// stay until it is finished (no writer runs while this listing holds its lock).
    fn folder_names(&self, journal: bool) -> io::Result<FolderNames> {
        let mut clean = true;
        let mut names: Vec<String> = Vec::new();
        for entry in fs::read_dir(self.orders_dir())?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(pid) = files::temporary_writer(&name) {
                if journal || files::process_alive(pid) || fs::remove_file(entry.path()).is_err() {
                    clean = false;
                }
            } else if files::is_old_editing_mark(&name) {
                if entry.metadata().is_ok_and(|m| m.is_file() && m.len() == 0) {
                    let _ = fs::remove_file(entry.path());
                }
            } else if name.ends_with(".json") && !name.starts_with('.') {
                names.push(name);
            }
        }
        names.sort_unstable();
        Ok(FolderNames { names, clean })
    }

    /// Reading and parsing is most of a cold start: split over the cores, each file boiled down to
    /// its summary where it was read.
    fn read_in_parallel(&self, names: &[(String, FileStamp)]) -> Vec<FileRead> {
        on_every_core(
            names.iter().collect(),
            1024,
            || (),
            |(), (name, _)| {
                self.read_order_file(&self.orders_dir().join(name))
                    .map(|read| {
                        read.map(|(reading, bytes)| match reading {
                            Ok(Reading::Current(order)) => {
                                Found::Summary(OrderSummary::of(&order, false))
                            }
                            Ok(Reading::Newer { order, .. }) => {
                                Found::Summary(OrderSummary::of(&order, true))
                            }
                            Ok(Reading::Migrated { order, from }) => Found::Migrated {
                                order: Box::new(order),
                                from,
                                original: bytes,
                            },
                            Err(e) => Found::Unreadable(e),
                        })
                    })
            },
        )
    }

    /// Rewrites an older order file in the current form, keeping the original in `backups/`.
    fn migrate(
        &self,
        path: &Path,
        order: &Order,
        from: u32,
        original: &[u8],
    ) -> io::Result<PathBuf> {
        let backups = self.root.join("backups");
        private_dir(&backups).map_err(io::Error::other)?;
        // A backup is never replaced: the same order brought up twice keeps both originals.
        let backup = (0..10_000u32)
            .map(|n| match n {
                0 => backups.join(format!("{}.v{from}.json", order.id)),
                n => backups.join(format!("{}.v{from}-{n}.json", order.id)),
            })
            .find(|candidate| fs::symlink_metadata(candidate).is_err())
            .ok_or_else(|| io::Error::other("the backups folder has no free name left"))?;
        let write = |target: &Path, bytes: &[u8]| {
            files::replace(self.faults.as_ref(), target, bytes).map_err(|(_, e)| e)
        };
        write(&backup, original)?;
        write(path, &serde_json::to_vec_pretty(order).expect("serializes"))?;
        Ok(backup)
    }

    fn read_small<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        limit: u64,
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        let path = self.root.join(name);
        let Some(bytes) =
            safe_file::read_private_if_exists(&path, limit).map_err(|e| read_failed(what, e))?
        else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            StoreError::Damaged(format!(
                "{} ({what}) is not valid (line {}, column {}); move it aside to start it afresh, or restore it from a backup",
                shown(&path),
                e.line(),
                e.column()
            ))
        })
    }

    fn read_inventory(&self) -> Result<Option<Inventory>, StoreError> {
        self.read_small(INVENTORY_FILE, MAX_INVENTORY_BYTES, "the number inventory")
    }

    fn read_csr_book(&self) -> Result<Option<CsrBook>, StoreError> {
        self.read_small(CSR_FILE, MAX_CSR_BOOK_BYTES, "the CSR book")
    }

    /// The port-out PIN's record (its hash, never the PIN), checked before any of it is trusted.
    fn read_pin(&self) -> Result<Option<PinRecord>, StoreError> {
        let path = self.root.join(PIN_FILE);
        let Some(bytes) = safe_file::read_private_if_exists(&path, MAX_PIN_RECORD_BYTES as u64)
            .map_err(|e| read_failed("the porting PIN record", e))?
        else {
            return Ok(None);
        };
        parse_pin_record(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Damaged(e.to_string()))
    }

    fn read_one_order(&self, id: &str) -> Result<Order, StoreError> {
        valid_id(id)?;
        let path = self.order_path(id);
        let reading = self
            .read_order_file(&path)
            .map_err(|e| read_failed(&format!("order {id}"), e))?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "there is no order {id}; `portwiz orders list` shows the IDs"
                ))
            })?
            .0;
        let order = match reading {
            Ok(
                Reading::Current(order)
                | Reading::Newer { order, .. }
                | Reading::Migrated { order, .. },
            ) => order,
            Err(e) => {
                return Err(StoreError::Damaged(format!(
                    "the file of order {id} cannot be read ({e}); restart portwiz to move it aside"
                )));
            }
        };
        if order.id != id {
            return Err(StoreError::Damaged(format!(
                "the file {} holds order {}, not {id}; rename it after the ID inside it",
                shown(&path),
                strip_controls(&order.id)
            )));
        }
        Ok(order)
    }

    /// Every ID a file claims: order files (under their own name or another), and those set aside in
    /// `quarantine/` or kept in `backups/`, so that no new order is given the ID of one that was.
    fn used_ids(&self) -> Result<HashSet<String>, StoreError> {
        let listing = self.list_locked(&|_| true)?;
        let mut used: HashSet<String> = listing.orders.into_iter().map(|o| o.id).collect();
        used.extend(listing.misnamed.into_iter().map(|m| m.order.id));
        for folder in ["orders", "quarantine", "backups"] {
            if let Ok(entries) = fs::read_dir(self.root.join(folder)) {
                used.extend(entries.flatten().filter_map(|e| {
                    // An ID has no dot: a file's name up to its first dot is the ID it was kept for.
                    let name = e.file_name().to_string_lossy().to_string();
                    name.split('.')
                        .next()
                        .filter(|id| !id.is_empty())
                        .map(str::to_string)
                }));
            }
        }
        Ok(used)
    }

    /// The revision of a versioned file on disk; `None` when it does not exist.
    fn stored_header(&self, path: &Path, what: &str) -> Result<Option<Header>, StoreError> {
        let Some(bytes) = safe_file::read_private_if_exists(path, MAX_ORDER_FILE_BYTES as u64)
            .map_err(|e| read_failed(what, e))?
        else {
            return Ok(None);
        };
        serde_json::from_slice::<Header>(&bytes)
            .map(Some)
            .map_err(|_| {
                StoreError::ReadOnly(format!(
                    "the file of {what} cannot be read, so it was not overwritten; restart portwiz to move it aside"
                ))
            })
    }
}

/// What the look-ups of one chunk of the index found, sorted out where they were made.
struct ChunkLook {
    indexed: usize,
    /// The chunk's first and last names.
    bounds: (String, String),
    /// The chunk's names, in order, when the folder's names must be read beside them.
    names: Vec<String>,
    /// Unchanged files' summaries that were wanted, and files named for another order's ID.
    wanted: Vec<OrderSummary>,
    misnamed: Vec<(String, OrderSummary)>,
    /// Files that changed, went, or cannot be looked up: every entry not kept as it is.
    troubles: Vec<NamedTrouble>,
}

/// Each indexed file looked up against its entry, the chunks of the index shared out over the
/// cores, each reading its chunks into one buffer of its own. `None` when the index is damaged.
fn look_up_indexed(
    folder: &File,
    index: &IndexFile,
    wanted: &Wanted,
    names_needed: bool,
) -> Option<Vec<ChunkLook>> {
    let looked = on_every_core(index.chunks().to_vec(), 2, Vec::new, |buffer, at| {
        let mut look = ChunkLook {
            indexed: 0,
            bounds: Default::default(),
            names: Vec::new(),
            wanted: Vec::new(),
            misnamed: Vec::new(),
            troubles: Vec::new(),
        };
        let mut last = "";
        for stored in index.read_chunk_into(at, buffer).ok()? {
            let stored = stored.ok()?;
            if look.indexed == 0 {
                look.bounds.0 = stored.name.to_string();
            }
            look.indexed += 1;
            last = stored.name;
            if names_needed {
                look.names.push(stored.name.to_string());
            }
            if let Err(trouble) =
                Trouble::of(files::look_up(folder, stored.name), Some(stored.stamp))
            {
                look.troubles.push((stored.name.to_string(), trouble));
                continue;
            }
            // A misnamed file's summary is read whatever its status, to report it; one that
            // cannot be read is damage: the whole index is read as none.
            if wanted(stored.status) || !stored.named_for_its_order {
                let summary = stored.summary().ok()?;
                if stored.named_for_its_order {
                    look.wanted.push(summary);
                } else {
                    look.misnamed.push((stored.name.to_string(), summary));
                }
            }
        }
        look.bounds.1 = last.to_string();
        (look.indexed > 0).then_some(look)
    });
    let looked: Vec<ChunkLook> = looked.into_iter().collect::<Option<_>>()?;
    // Chunks in order of their names too: one that is not is damage.
    let in_order = looked
        .windows(2)
        .all(|pair| pair[0].bounds.1 < pair[1].bounds.0);
    in_order.then_some(looked)
}

/// The entries of a whole index file but those named in `not_kept` (sorted); `None` when the
/// file is damaged.
fn unchanged_entries<'a>(bytes: &'a [u8], not_kept: &[String]) -> Option<Vec<StoredEntry<'a>>> {
    let mut kept = Vec::new();
    for chunk in index::split_index(bytes).ok()?.chunks {
        for stored in index::read_chunk(chunk).ok()? {
            if not_kept
                .binary_search_by(|name| name.as_str().cmp(stored.name))
                .is_err()
            {
                kept.push(stored);
            }
        }
    }
    Some(kept)
}

/// The summaries, the most recently changed first. Their positions are sorted, then the summaries
/// are moved into place by swaps: a summary is too big to move about in a sort, and a second list
/// of them would cost fresh memory.
fn by_last_change(orders: &mut [OrderSummary]) {
    let mut by_change: Vec<usize> = (0..orders.len()).collect();
    by_change.sort_unstable_by(|&a, &b| {
        let (a, b) = (&orders[a], &orders[b]);
        b.updated_at
            .cmp(&a.updated_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    // Place `i` takes the summary now at `by_change[i]`. Each cycle of the permutation is followed
    // once; a place that holds its summary points at itself.
    for start in 0..orders.len() {
        let mut place = start;
        while by_change[place] != start {
            let from = by_change[place];
            orders.swap(place, from);
            by_change[place] = place;
            place = from;
        }
        by_change[place] = place;
    }
}

/// `work` on every item, the items split in order over the cores when there are at least
/// `worth_threads` of them; each core's work gets the state `start` makes for it (a buffer to
/// reuse). The results come back in the items' order.
fn on_every_core<T: Send, R: Send, S>(
    items: Vec<T>,
    worth_threads: usize,
    start: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, T) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let in_turn = |part: Vec<T>| {
        let mut state = start();
        part.into_iter()
            .map(|item| work(&mut state, item))
            .collect::<Vec<R>>()
    };
    if workers == 1 || items.len() < worth_threads.max(2) {
        return in_turn(items);
    }
    let chunk = items.len().div_ceil(workers);
    let mut parts = Vec::with_capacity(workers);
    let mut rest = items;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let in_turn = &in_turn;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || in_turn(part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker thread does not panic"))
            .collect()
    })
}

fn without_path(e: &FileError) -> String {
    match e {
        FileError::NotRegular { .. } | FileError::NotAFolder { .. } => {
            "it is not a regular file (a folder, pipe or device): move it out of the orders folder"
                .into()
        }
        FileError::Link { .. } => {
            "it is a symbolic link: put the order file itself there, or move the link away".into()
        }
        FileError::TooLarge { size, .. } => format!(
            "{size} bytes, more than any order file can be: move it out of the orders folder"
        ),
        FileError::NotPrivate { why, .. } => why.clone(),
        FileError::NotFound { .. } => "it went while being read".into(),
        FileError::Io { error, .. } => {
            format!("cannot be read ({error}): check that it is yours and readable")
        }
    }
}

/// The transaction of a [`DirStore`]: it holds the exclusive lock and collects what is put.
struct DirTxn<'a> {
    store: &'a DirStore,
    writes: Vec<(PathBuf, Vec<u8>, String)>,
    removals: Vec<PathBuf>,
    /// Revisions staged in this transaction, by path, so a second put of one document checks against
    /// the first.
    staged: HashMap<PathBuf, u64>,
}

impl DirTxn<'_> {
    fn write(&mut self, path: PathBuf, bytes: Vec<u8>, what: String) {
        self.writes.retain(|(p, _, _)| *p != path);
        self.writes.push((path, bytes, what));
    }

    /// Stages a document of the root folder, checking the revision it was read at first.
    fn put_revised(
        &mut self,
        name: &str,
        what: &str,
        value: &mut impl Revised,
    ) -> Result<(), StoreError> {
        let path = self.store.root.join(name);
        self.check_revision(&path, what, *value.revision_mut(), false)?;
        *value.revision_mut() += 1;
        self.staged.insert(path.clone(), *value.revision_mut());
        let bytes = serde_json::to_vec_pretty(&*value).expect("serializes");
        self.write(path, bytes, what.into());
        Ok(())
    }

    fn check_revision(
        &self,
        path: &Path,
        what: &str,
        revision: u64,
        is_order: bool,
    ) -> Result<(), StoreError> {
        let stored = match self.staged.get(path) {
            Some(&staged) => Some(staged),
            None => match self.store.stored_header(path, what)? {
                Some(header) if is_order && header.schema_version > SCHEMA_VERSION => {
                    return Err(StoreError::ReadOnly(format!(
                        "{what} was written by a newer portwiz (schema {}); it is read-only here and was not changed",
                        header.schema_version
                    )));
                }
                Some(header) => Some(header.revision),
                None => None,
            },
        };
        match stored {
            Some(stored) if stored != revision => Err(StoreError::Conflict(format!(
                "{what} was changed in another session (revision {stored} on disk, {revision} here): your changes are kept on screen but not saved; close it and open it again to see the other version"
            ))),
            None if revision > 0 && is_order => Err(StoreError::Conflict(format!(
                "{what} was deleted in another session; your changes are kept on screen but not saved"
            ))),
            _ => Ok(()),
        }
    }
}

impl Txn for DirTxn<'_> {
    fn summaries(&mut self) -> Result<Vec<OrderSummary>, StoreError> {
        Ok(self.store.list_locked(&|_| true)?.orders)
    }

    fn renamed_orders(&mut self) -> Result<Vec<OrderSummary>, StoreError> {
        let listing = self.store.list_locked(&|_| true)?;
        Ok(listing
            .misnamed
            .into_iter()
            .filter(|m| m.renamed)
            .map(|m| m.order)
            .collect())
    }

    fn order(&mut self, id: &str) -> Result<Order, StoreError> {
        self.store.read_one_order(id)
    }

    fn inventory(&mut self) -> Result<Option<Inventory>, StoreError> {
        self.store.read_inventory()
    }

    fn clock(&mut self) -> Result<Option<Zoned>, StoreError> {
        self.store.clock()
    }

    fn pin(&mut self) -> Result<Option<PinRecord>, StoreError> {
        self.store.read_pin()
    }

    fn csr_book(&mut self) -> Result<Option<CsrBook>, StoreError> {
        self.store.read_csr_book()
    }

    fn put_order(&mut self, order: &mut Order) -> Result<(), StoreError> {
        valid_id(&order.id)?;
        let path = self.store.order_path(&order.id);
        let what = format!("order {}", order.id);
        self.check_revision(&path, &what, order.revision, true)?;
        order.revision += 1;
        self.staged.insert(path.clone(), order.revision);
        let bytes = serde_json::to_vec_pretty(&*order).expect("orders always serialize");
        if bytes.len() > MAX_ORDER_FILE_BYTES {
            order.revision -= 1;
            return Err(StoreError::Refused(format!(
                "{what} would be {} MiB, more than an order file may be; shorten its longest fields",
                bytes.len() >> 20
            )));
        }
        self.write(path, bytes, what);
        Ok(())
    }

    fn put_copy(&mut self, order: &Order) -> Result<(), StoreError> {
        valid_id(&order.id)?;
        let path = self.store.order_path(&order.id);
        let what = format!("order {}", order.id);
        if self.staged.contains_key(&path) || self.store.stored_header(&path, &what)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "{what} is already in this store; copy only into an empty store"
            )));
        }
        self.staged.insert(path.clone(), order.revision);
        let bytes = serde_json::to_vec_pretty(order).expect("orders always serialize");
        self.write(path, bytes, what);
        Ok(())
    }

    fn remove_order(&mut self, order: &Order) -> Result<(), StoreError> {
        valid_id(&order.id)?;
        let path = self.store.order_path(&order.id);
        self.check_revision(&path, &format!("order {}", order.id), order.revision, true)?;
        self.removals.push(path);
        if let Some(loa) = &order.fields.loa {
            self.removals
                .push(self.store.root.join("documents").join(&loa.stored_name));
        }
        Ok(())
    }

    fn put_inventory(&mut self, inventory: &mut Inventory) -> Result<(), StoreError> {
        self.put_revised(INVENTORY_FILE, "the number inventory", inventory)
    }

    fn put_csr_book(&mut self, book: &mut CsrBook) -> Result<(), StoreError> {
        self.put_revised(CSR_FILE, "the CSR book", book)
    }

    fn put_clock(&mut self, now: &Zoned) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(&ClockFile {
            schema_version: 1,
            now: now.clone(),
        })
        .expect("serializes");
        self.write(
            self.store.root.join(CLOCK_FILE),
            bytes,
            "the simulated clock".into(),
        );
        Ok(())
    }

    fn put_pin(&mut self, record: &PinRecord) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(record).expect("serializes");
        self.write(
            self.store.root.join(PIN_FILE),
            bytes,
            "the porting PIN record".into(),
        );
        Ok(())
    }

    fn put_document(&mut self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.write(
            self.store.root.join("documents").join(stored_name),
            bytes.to_vec(),
            "the LOA copy".into(),
        );
        Ok(())
    }
}

impl Store for DirStore {
    fn describe(&self) -> String {
        format!("data directory {}", shown(&self.root))
    }

    fn folder(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn list_where(&self, wanted: &Wanted) -> Result<Listing, StoreError> {
        let _lock = self.shared()?;
        self.list_locked(wanted)
    }

    fn order(&self, id: &str) -> Result<Order, StoreError> {
        let _lock = self.shared()?;
        self.read_one_order(id)
    }

    fn inventory(&self) -> Result<Option<Inventory>, StoreError> {
        let _lock = self.shared()?;
        self.read_inventory()
    }

    fn clock(&self) -> Result<Option<Zoned>, StoreError> {
        Ok(self
            .read_small::<ClockFile>(CLOCK_FILE, MAX_SMALL_FILE_BYTES, "the simulated clock")?
            .map(|c| c.now))
    }

    fn pin(&self) -> Result<Option<PinRecord>, StoreError> {
        self.read_pin()
    }

    fn csr_book(&self) -> Result<Option<CsrBook>, StoreError> {
        let _lock = self.shared()?;
        self.read_csr_book()
    }

    fn transact(
        &self,
        work: &mut dyn FnMut(&mut dyn Txn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let _lock = self.exclusive()?;
        let mut tx = DirTxn {
            store: self,
            writes: Vec::new(),
            removals: Vec::new(),
            staged: HashMap::new(),
        };
        work(&mut tx)?;
        let DirTxn {
            writes, removals, ..
        } = tx;
        self.commit(writes, removals)
    }

    fn lock_order(&self, id: &str, now: Timestamp) -> Result<OrderLock, StoreError> {
        valid_id(id)?;
        let path = self.lock_path(id);
        let mut file = open_lock_file(&path)
            .map_err(|e| StoreError::Failed(format!("cannot open the lock of order {id}: {e}")))?;
        match file.try_lock() {
            Ok(()) => {
                let holder = LockHolder {
                    user: current_user(),
                    host: host_name(),
                    pid: std::process::id(),
                    since: now,
                };
                let _ = file.set_len(0).and_then(|()| {
                    file.write_all(&serde_json::to_vec(&holder).expect("serializes"))
                });
                Ok(OrderLock::new(file))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = (&file).take(4096).read_to_string(&mut text);
                Err(StoreError::ReadOnly(
                    match serde_json::from_str::<LockHolder>(&text) {
                        Ok(holder) => {
                            format!("order {id} is open for editing in another session: {holder}")
                        }
                        Err(_) => format!("order {id} is open for editing in another session"),
                    },
                ))
            }
            // Where the file system has no locks, the revision check still turns a race into a conflict.
            Err(std::fs::TryLockError::Error(_)) => Ok(OrderLock::new(file)),
        }
    }

    fn reserve_order_id(
        &self,
        day: &Zoned,
        now: Timestamp,
    ) -> Result<(String, OrderLock), StoreError> {
        let _lock = self.exclusive()?;
        let used = self.used_ids()?;
        let day = day.strftime("%y%m%d");
        for n in 1..100_000u32 {
            let id = format!("PW-{day}-{n:03}");
            // A lock file stays after its order is deleted: an ID once saved is never given again.
            if used.contains(&id) || fs::symlink_metadata(self.lock_path(&id)).is_ok() {
                continue;
            }
            match self.lock_order(&id, now) {
                Ok(lock) => return Ok((id, lock)),
                // Reserved by a draft open in another session.
                Err(StoreError::ReadOnly(_)) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Failed(
            "every order ID of today is taken; try again tomorrow".into(),
        ))
    }

    fn discard_reservation(&self, id: &str, lock: OrderLock) {
        if let Ok(_store) = self.exclusive()
            && fs::symlink_metadata(self.order_path(id)).is_err()
        {
            let _ = fs::remove_file(self.lock_path(id));
        }
        drop(lock);
    }

    fn put_document(&self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let _lock = self.exclusive()?;
        sweep_temporaries(&self.root.join("documents"));
        let path = self.root.join("documents").join(stored_name);
        files::replace(self.faults.as_ref(), &path, bytes)
            .map_err(|(step, e)| write_failed("the document", step, e))
    }

    fn document_path(&self, stored_name: &str) -> Option<PathBuf> {
        Some(self.root.join("documents").join(stored_name))
    }

    fn change_mark(&self) -> ChangeMark {
        [self.root.clone(), self.orders_dir()]
            .iter()
            .flat_map(|dir| match fs::metadata(dir) {
                Ok(m) => [
                    i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
                    i128::from(m.ino()),
                ],
                Err(_) => [0, 0],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::Status;
    use crate::store::{all_orders, save_order, transaction};
    use std::os::unix::fs::PermissionsExt;

    fn now() -> Timestamp {
        "2026-11-20T15:00:00Z".parse().unwrap()
    }

    fn day() -> Zoned {
        "2026-11-20T10:00:00-05:00[America/New_York]"
            .parse()
            .unwrap()
    }

    proptest::proptest! {
        /// The swaps that put the summaries in place give what a plain sort by last change
        /// (then ID) gives, for any order of any changes, ties included.
        #[test]
        fn summaries_are_put_in_order_of_last_change(minutes in proptest::collection::vec(0i64..6, 0..40)) {
            let mut orders: Vec<OrderSummary> = minutes
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let mut order = Order::new_draft(format!("PW-261120-{n:03}"), now());
                    order.updated_at = now() + jiff::SignedDuration::from_mins(*m);
                    OrderSummary::of(&order, false)
                })
                .collect();
            let mut expected = orders.clone();
            expected.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.id.cmp(&b.id)));
            by_last_change(&mut orders);
            let ids = |list: &[OrderSummary]| list.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(ids(&orders), ids(&expected));
        }
    }

    #[test]
    fn saves_atomically_with_private_permissions_and_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(&dir.path().join("data")).unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), now());
        save_order(&store, &mut order).unwrap();
        save_order(&store, &mut order).unwrap();
        assert_eq!(order.revision, 2);
        let path = store.order_path(&order.id);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(store.root()).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(all_orders(&store), vec![order]);
        let leftovers: Vec<_> = fs::read_dir(store.orders_dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn damaged_files_are_moved_aside_under_unique_names_never_echoed_and_the_rest_loads() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut good = Order::new_draft("PW-GOOD".into(), now());
        save_order(&store, &mut good).unwrap();
        let bad = store.order_path("PW-BROKEN");
        let mut moved = Vec::new();
        for round in 0..2 {
            fs::write(&bad, format!("{{\"id\": \"secret-pin 1234 {round}\"")).unwrap();
            fs::set_permissions(&bad, fs::Permissions::from_mode(0o600)).unwrap();
            let listing = store.list().unwrap();
            assert_eq!(listing.orders.len(), 1, "the rest loads");
            let (name, to, why) = &listing.quarantined[0];
            assert_eq!(name, "PW-BROKEN.json");
            assert!(to.starts_with(dir.path().join("quarantine")) && to.exists());
            assert!(!bad.exists(), "moved, so it is never overwritten");
            assert!(
                !why.contains("1234") && !listing.report()[0].contains("1234"),
                "never echoes contents"
            );
            moved.push(to.clone());
        }
        assert_ne!(
            moved[0], moved[1],
            "the same name twice in one second: two files"
        );
        assert_eq!(
            fs::read(&moved[0]).unwrap(),
            b"{\"id\": \"secret-pin 1234 0\"",
            "the first is kept byte for byte"
        );
        assert_eq!(
            fs::read(&moved[1]).unwrap(),
            b"{\"id\": \"secret-pin 1234 1\""
        );
    }

    #[test]
    fn an_older_file_is_migrated_with_a_backup_and_a_newer_one_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let v1 = br#"{"schema_version": 1, "id": "PW-OLD", "revision": 3, "status": "submitted",
            "created_at": "2026-11-20T15:00:00Z", "updated_at": "2026-11-20T15:30:00Z", "fields": {},
            "wizard": {"step": 8, "field": 0}, "submitted_at": "2026-11-20T15:30:00Z"}"#;
        fs::write(store.order_path("PW-OLD"), v1).unwrap();
        let mut newer = Order::new_draft("PW-NEW".into(), now());
        newer.schema_version = SCHEMA_VERSION + 1;
        let newer_bytes = serde_json::to_vec_pretty(&newer).unwrap();
        fs::write(store.order_path("PW-NEW"), &newer_bytes).unwrap();
        for id in ["PW-OLD", "PW-NEW"] {
            fs::set_permissions(store.order_path(id), fs::Permissions::from_mode(0o600)).unwrap();
        }
        let listing = store.list().unwrap();
        assert_eq!(listing.orders.len(), 2);
        let (id, from, backup) = &listing.migrated[0];
        assert_eq!((id.as_str(), *from), ("PW-OLD", 1));
        assert_eq!(fs::read(backup).unwrap(), v1, "the original is kept");
        let migrated: serde_json::Value =
            serde_json::from_slice(&fs::read(store.order_path("PW-OLD")).unwrap()).unwrap();
        assert_eq!(migrated["schema_version"], SCHEMA_VERSION);
        assert_eq!(migrated["submissions"].as_array().unwrap().len(), 1);
        assert_eq!(listing.read_only(), vec!["PW-NEW".to_string()]);
        let mut shown = store.order("PW-NEW").unwrap();
        let err = save_order(&store, &mut shown).unwrap_err().to_string();
        assert!(err.contains("newer portwiz"), "{err}");
        assert_eq!(
            fs::read(store.order_path("PW-NEW")).unwrap(),
            newer_bytes,
            "never rewritten"
        );
    }

    #[test]
    fn a_save_over_a_newer_revision_is_a_conflict_not_an_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut mine = Order::new_draft("PW-1".into(), now());
        save_order(&store, &mut mine).unwrap();
        let mut theirs = store.order("PW-1").unwrap();
        theirs.fields.city = "Theirs".into();
        save_order(&store, &mut theirs).unwrap();
        mine.fields.city = "Mine".into();
        let err = save_order(&store, &mut mine).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
        assert!(
            err.to_string()
                .contains("changed in another session (revision 2 on disk, 1 here)"),
            "{err}"
        );
        assert_eq!(mine.revision, 1, "nothing consumed");
        assert_eq!(store.order("PW-1").unwrap().fields.city, "Theirs");
        transaction(&store, |tx| tx.remove_order(&theirs)).unwrap();
        let err = save_order(&store, &mut mine).unwrap_err().to_string();
        assert!(err.contains("deleted in another session"), "{err}");
    }

    #[test]
    fn a_stale_inventory_is_a_conflict_and_the_stored_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut first = Inventory::new(Vec::new());
        transaction(&store, |tx| tx.put_inventory(&mut first)).unwrap();
        let mut stale = first.clone();
        first.history.clear();
        transaction(&store, |tx| tx.put_inventory(&mut first)).unwrap();
        let err = transaction(&store, |tx| tx.put_inventory(&mut stale)).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
        assert_eq!(store.inventory().unwrap().unwrap().revision, 2);
    }

    #[test]
    fn a_failed_transaction_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        let result: Result<(), StoreError> = transaction(&store, |tx| {
            tx.put_order(&mut order)?;
            tx.put_clock(&day())?;
            Err(StoreError::Refused("no".into()))
        });
        assert!(result.is_err());
        assert!(store.list().unwrap().orders.is_empty());
        assert!(store.clock().unwrap().is_none());
    }

    #[test]
    fn a_journal_left_by_a_dead_writer_is_finished_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        order.revision = 1;
        let order_bytes = serde_json::to_vec_pretty(&order).unwrap();
        let clock_bytes = serde_json::to_vec(&ClockFile {
            schema_version: 1,
            now: day(),
        })
        .unwrap();
        // What a writer killed after writing its journal and one rename leaves behind.
        let dead = 999_999_999u32;
        let order_temp = store.orders_dir().join(format!(".PW-1.json.{dead}-0.tmp"));
        let clock_temp = dir.path().join(format!(".clock.json.{dead}-1.tmp"));
        fs::write(&order_temp, &order_bytes).unwrap();
        fs::write(dir.path().join(CLOCK_FILE), &clock_bytes).unwrap();
        let journal = Journal::new(vec![
            Step::Replace {
                from: store.relative(&order_temp),
                to: "orders/PW-1.json".into(),
            },
            Step::Replace {
                from: store.relative(&clock_temp),
                to: CLOCK_FILE.into(),
            },
        ]);
        fs::write(
            dir.path().join(JOURNAL_FILE),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        for f in [
            &order_temp,
            &dir.path().join(CLOCK_FILE),
            &dir.path().join(JOURNAL_FILE),
        ] {
            fs::set_permissions(f, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let reopened = DirStore::open(dir.path()).unwrap();
        assert_eq!(
            reopened.order("PW-1").unwrap(),
            order,
            "the rename is finished"
        );
        assert_eq!(
            reopened.clock().unwrap().unwrap(),
            day(),
            "the done one stays"
        );
        assert!(!dir.path().join(JOURNAL_FILE).exists());
        assert!(!order_temp.exists());
    }

    #[test]
    fn a_damaged_journal_is_moved_aside_and_said() {
        let dir = tempfile::tempdir().unwrap();
        DirStore::open(dir.path()).unwrap();
        let path = dir.path().join(JOURNAL_FILE);
        fs::write(
            &path,
            br#"{"schema_version":1,"steps":[{"remove":{"path":"../../etc/x"}}]}"#,
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let err = DirStore::open(dir.path()).err().unwrap();
        assert!(err.to_string().contains("moved to"), "{err}");
        assert!(!path.exists());
        DirStore::open(dir.path()).unwrap();
    }

    #[test]
    fn a_journal_from_a_newer_portwiz_is_left_for_it_and_nothing_changes_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let path = dir.path().join(JOURNAL_FILE);
        let newer = br#"{"schema_version":9,"steps":[],"more":"of a newer form"}"#;
        fs::write(&path, newer).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let err = save_order(&store, &mut Order::new_draft("PW-1".into(), now())).unwrap_err();
        assert!(
            matches!(err, StoreError::ReadOnly(_)) && err.to_string().contains("newer portwiz"),
            "{err}"
        );
        assert_eq!(fs::read(&path).unwrap(), newer, "left as it is");
        assert!(store.list().is_err());
    }

    #[test]
    fn the_same_order_brought_up_twice_keeps_both_originals() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let v1 = |city: &str| {
            format!(
                r#"{{"schema_version": 1, "id": "PW-OLD", "revision": 3, "status": "draft",
                "created_at": "2026-11-20T15:00:00Z", "updated_at": "2026-11-20T15:30:00Z",
                "fields": {{"city": "{city}"}}, "wizard": {{"step": 1, "field": 0}}}}"#
            )
        };
        for city in ["First", "Second"] {
            fs::write(store.order_path("PW-OLD"), v1(city)).unwrap();
            assert_eq!(store.list().unwrap().migrated.len(), 1);
        }
        let mut kept: Vec<String> = fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .flatten()
            .map(|e| fs::read_to_string(e.path()).unwrap())
            .collect();
        kept.sort();
        assert_eq!(kept, [v1("First"), v1("Second")]);
    }

    #[test]
    fn a_multi_document_commit_through_the_journal_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut a = Order::new_draft("PW-A".into(), now());
        let mut b = Order::new_draft("PW-B".into(), now());
        let mut inventory = Inventory::new(Vec::new());
        transaction(&store, |tx| {
            tx.put_order(&mut a)?;
            tx.put_order(&mut b)?;
            tx.put_inventory(&mut inventory)?;
            tx.put_clock(&day())
        })
        .unwrap();
        assert_eq!(store.list().unwrap().orders.len(), 2);
        assert_eq!(store.inventory().unwrap().unwrap().revision, 1);
        assert_eq!(store.clock().unwrap().unwrap(), day());
        assert!(!dir.path().join(JOURNAL_FILE).exists());
    }

    /// Fails every flush of the folder that holds the journal, while the journal is written.
    struct JournalFlushFails;

    impl WriteFaults for JournalFlushFails {
        fn before(&self, step: WriteStep, path: &Path) -> io::Result<()> {
            if step == WriteStep::DirFlush && path.ends_with(JOURNAL_FILE) {
                return Err(io::Error::from_raw_os_error(libc::EIO));
            }
            Ok(())
        }
    }

    #[test]
    fn a_failed_flush_of_the_journal_is_reported_and_the_change_stands() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open_with_faults(dir.path(), Box::new(JournalFlushFails)).unwrap();
        let mut order = Order::new_draft("PW-A".into(), now());
        let err = transaction(&store, |tx| {
            tx.put_order(&mut order)?;
            tx.put_clock(&day())
        })
        .unwrap_err();
        assert!(err.applied(), "{err}");
        assert!(
            err.to_string().contains("could not confirm")
                && err.to_string().contains("Input/output error"),
            "{err}"
        );
        let reopened = DirStore::open(dir.path()).unwrap();
        assert_eq!(reopened.order("PW-A").unwrap().revision, 1);
        assert_eq!(reopened.clock().unwrap().unwrap(), day());
    }

    #[test]
    fn a_lock_is_exclusive_names_its_holder_and_frees_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let held = store.lock_order("PW-1", now()).unwrap();
        let other = DirStore::open(dir.path()).unwrap();
        let err = other.lock_order("PW-1", now()).unwrap_err().to_string();
        assert!(
            err.contains("open for editing in another session")
                && err.contains(&format!("process {}", std::process::id())),
            "{err}"
        );
        // The user and host as the system's own tools name them (the user database, not $USER).
        let told = |program: &str, arg: &str| {
            let out = std::process::Command::new(program)
                .arg(arg)
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        };
        let holder = format!("{} on {} (process", told("id", "-un"), told("uname", "-n"));
        assert!(err.contains(&holder), "{err} names {holder}");
        drop(held);
        other.lock_order("PW-1", now()).unwrap();
        assert!(
            store.list().unwrap().quarantined.is_empty(),
            "lock files are not order files"
        );
    }

    #[test]
    fn ids_are_sequential_per_day_and_a_reserved_one_is_never_given_twice() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let (first, reserved) = store.reserve_order_id(&day(), now()).unwrap();
        assert_eq!(first, "PW-261120-001");
        let other = DirStore::open(dir.path()).unwrap();
        let (second, _held) = other.reserve_order_id(&day(), now()).unwrap();
        assert_eq!(
            second, "PW-261120-002",
            "an open draft's ID is not given away"
        );
        store.discard_reservation(&first, reserved);
        let (again, reserved) = other.reserve_order_id(&day(), now()).unwrap();
        assert_eq!(
            again, "PW-261120-001",
            "a draft never saved gives its ID back"
        );
        let mut saved = Order::new_draft(again, now());
        save_order(&store, &mut saved).unwrap();
        drop(reserved);
        assert_eq!(
            store.reserve_order_id(&day(), now()).unwrap().0,
            "PW-261120-003"
        );
        // Deleted, set aside as damaged, or claimed by a copy: its ID is never given again.
        transaction(&store, |tx| tx.remove_order(&saved)).unwrap();
        let damaged = store.order_path("PW-261120-004");
        fs::write(&damaged, b"{\"schema_version\": 2, \"id\"").unwrap();
        store.list().unwrap();
        let copy = store
            .orders_dir()
            .join("PW-261120-005 (conflict copy).json");
        fs::write(
            &copy,
            serde_json::to_vec(&Order::new_draft("PW-261120-005".into(), now())).unwrap(),
        )
        .unwrap();
        let (next, _held) = store.reserve_order_id(&day(), now()).unwrap();
        assert_eq!(
            next, "PW-261120-006",
            "001 deleted, 004 set aside, 005 claimed by a copy"
        );
    }

    #[test]
    fn a_copy_under_another_name_is_reported_and_never_listed_or_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        save_order(&store, &mut order).unwrap();
        let copy = store.orders_dir().join("PW-1 (conflict copy).json");
        fs::copy(store.order_path("PW-1"), &copy).unwrap();
        let copied = fs::read(&copy).unwrap();
        let listing = store.list().unwrap();
        assert_eq!(listing.orders.len(), 1, "listed once");
        assert_eq!(
            files_and_ids(&listing),
            [("PW-1 (conflict copy).json", "PW-1", false)]
        );
        let report = listing.report().join("\n");
        assert!(report.contains("PW-1 (conflict copy).json") && report.contains("PW-1.json"));
        order.fields.city = "Edited".into();
        save_order(&store, &mut order).unwrap();
        assert_eq!(
            fs::read(&copy).unwrap(),
            copied,
            "the copy is never written"
        );
    }

    /// Each misnamed file: its name, the ID inside, and whether it looks renamed.
    fn files_and_ids(listing: &Listing) -> Vec<(&str, &str, bool)> {
        listing
            .misnamed
            .iter()
            .map(|m| (m.file.as_str(), m.order.id.as_str(), m.renamed))
            .collect()
    }

    #[test]
    fn a_renamed_order_file_is_called_renamed_and_its_order_still_counts_for_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-3".into(), now());
        order.fields.order_name = "Head office".into();
        save_order(&store, &mut order).unwrap();
        fs::rename(
            store.order_path("PW-3"),
            store.orders_dir().join("PW-9.json"),
        )
        .unwrap();
        let listing = store.list().unwrap();
        assert!(
            listing.orders.is_empty(),
            "never listed under a name not its own"
        );
        assert_eq!(files_and_ids(&listing), [("PW-9.json", "PW-3", true)]);
        let report = listing.report().join("\n");
        assert!(
            report.starts_with("Rename PW-9.json back to PW-3.json")
                && report.contains("no PW-3.json exists"),
            "{report}"
        );
        assert!(!report.contains("kept as PW-3.json"), "{report}");
        let renamed = transaction(&store, |tx| tx.renamed_orders()).unwrap();
        assert_eq!(
            renamed.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
            ["Head office"]
        );
    }

    #[test]
    fn a_store_lock_that_is_a_pipe_or_others_may_change_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let lock = dir.path().join(STORE_LOCK);
        fs::remove_file(&lock).unwrap();
        let c = std::ffi::CString::new(lock.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = store.list().unwrap_err().to_string();
        assert!(
            err.contains("not a regular file") && err.contains("remove it"),
            "{err}"
        );
        fs::remove_file(&lock).unwrap();
        fs::write(&lock, b"").unwrap();
        fs::set_permissions(&lock, fs::Permissions::from_mode(0o666)).unwrap();
        let err = store.list().unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        fs::set_permissions(&lock, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(store.list().unwrap().orders.is_empty());
        fs::remove_file(&lock).unwrap();
        fs::create_dir(&lock).unwrap();
        let err = store.list().unwrap_err().to_string();
        assert!(
            err.contains("not a regular file") && err.contains("remove it"),
            "{err}"
        );
    }

    #[test]
    fn a_fifo_or_a_device_in_the_orders_folder_never_blocks_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let fifo = store.order_path("PW-FIFO");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        std::os::unix::fs::symlink("/dev/zero", store.order_path("PW-ZERO")).unwrap();
        let listing = store.list().unwrap();
        let mut names: Vec<&str> = listing.unreadable.iter().map(|(n, _)| n.as_str()).collect();
        names.sort();
        assert_eq!(names, ["PW-FIFO.json", "PW-ZERO.json"]);
        assert!(listing.unreadable[0].1.contains("not a regular file"));
        assert!(matches!(
            store.order("PW-FIFO"),
            Err(StoreError::Damaged(_))
        ));
        let clock = dir.path().join(CLOCK_FILE);
        let c = std::ffi::CString::new(clock.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: as above.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = store.clock().unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn the_index_is_used_while_files_are_unchanged_and_never_trusted_over_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        order.fields.order_name = "First".into();
        save_order(&store, &mut order).unwrap();
        assert_eq!(store.list().unwrap().orders[0].name, "First");
        assert!(dir.path().join(INDEX_FILE).exists());
        // Edited behind the index's back (another tool): the file wins.
        let mut edited = order.clone();
        edited.fields.order_name = "Second, longer".into();
        fs::write(
            store.order_path("PW-1"),
            serde_json::to_vec_pretty(&edited).unwrap(),
        )
        .unwrap();
        assert_eq!(store.list().unwrap().orders[0].name, "Second, longer");
        fs::write(dir.path().join(INDEX_FILE), b"PWINDEX\0damaged").unwrap();
        assert_eq!(store.list().unwrap().orders[0].name, "Second, longer");
        fs::remove_file(store.order_path("PW-1")).unwrap();
        assert!(
            store.list().unwrap().orders.is_empty(),
            "no entry without its file"
        );
    }

    /// The index as it is on disk now.
    fn stored_index(dir: &Path) -> crate::store::index::Index {
        index::parse_index(&fs::read(dir.join(INDEX_FILE)).unwrap()).unwrap()
    }

    #[test]
    fn the_folder_is_read_again_only_when_it_changed_and_every_file_is_still_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = DirStore::open(dir.path()).unwrap();
        // A folder's times are trusted at once here (5 s after the last change otherwise).
        store.folder_settle = std::time::Duration::ZERO;
        for (id, name) in [("PW-1", "First"), ("PW-2", "Second")] {
            let mut order = Order::new_draft(id.into(), now());
            order.fields.order_name = name.into();
            save_order(&store, &mut order).unwrap();
        }
        let names = |store: &DirStore| -> Vec<String> {
            let mut names: Vec<String> = store
                .list()
                .unwrap()
                .orders
                .into_iter()
                .map(|o| o.name)
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(&store), ["First", "Second"]);
        let folder = FileStamp::of(&fs::metadata(dir.path().join("orders")).unwrap());
        assert_eq!(stored_index(dir.path()).folder, Some(folder));
        // Edited in place: the folder is the same, the file is not.
        let mut edited = store.order("PW-1").unwrap();
        edited.fields.order_name = "First, edited".into();
        fs::write(
            store.order_path("PW-1"),
            serde_json::to_vec_pretty(&edited).unwrap(),
        )
        .unwrap();
        assert_eq!(
            FileStamp::of(&fs::metadata(dir.path().join("orders")).unwrap()),
            folder,
            "an edit in place leaves the folder as it was"
        );
        assert_eq!(names(&store), ["First, edited", "Second"]);
        assert_eq!(stored_index(dir.path()).folder, Some(folder));
        // A file that appears, one that goes: the folder changed, and is read again.
        fs::copy(
            store.order_path("PW-1"),
            dir.path().join("orders/PW-3.json"),
        )
        .unwrap();
        let mut copy = store.order("PW-1").unwrap();
        copy.id = "PW-3".into();
        copy.fields.order_name = "Third".into();
        fs::write(
            dir.path().join("orders/PW-3.json"),
            serde_json::to_vec_pretty(&copy).unwrap(),
        )
        .unwrap();
        fs::remove_file(store.order_path("PW-2")).unwrap();
        assert_eq!(names(&store), ["First, edited", "Third"]);
        // A damaged chunk behind a head that still matches: read as no index at all.
        let mut bytes = fs::read(dir.path().join(INDEX_FILE)).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        bytes.truncate(last - 3);
        fs::write(dir.path().join(INDEX_FILE), &bytes).unwrap();
        assert_eq!(names(&store), ["First, edited", "Third"]);
    }

    #[test]
    fn a_listing_of_some_statuses_checks_every_file_and_keeps_the_others_in_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        for (id, status) in [
            ("PW-1", Status::Draft),
            ("PW-2", Status::Submitted),
            ("PW-3", Status::Completed),
        ] {
            let mut order = Order::new_draft(id.into(), now());
            order.status = status;
            save_order(&store, &mut order).unwrap();
        }
        let ids = |listing: Listing| -> Vec<String> {
            let mut ids: Vec<String> = listing.orders.into_iter().map(|o| o.id).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(store.list().unwrap()), ["PW-1", "PW-2", "PW-3"]);
        let submitted = |s: Status| s == Status::Submitted;
        assert_eq!(ids(store.list_where(&submitted).unwrap()), ["PW-2"]);
        // A file of a status not asked for is still checked: edited to one that is, it lists.
        let mut edited = store.order("PW-3").unwrap();
        edited.status = Status::Submitted;
        fs::write(
            store.order_path("PW-3"),
            serde_json::to_vec_pretty(&edited).unwrap(),
        )
        .unwrap();
        assert_eq!(ids(store.list_where(&submitted).unwrap()), ["PW-2", "PW-3"]);
        // That listing rewrote the index with the entries it did not read, as they were.
        assert_eq!(stored_index(dir.path()).entries.len(), 3);
        assert_eq!(ids(store.list().unwrap()), ["PW-1", "PW-2", "PW-3"]);
        // A copy under another name is reported by every listing, whatever its status, when
        // the file is read and when its entry is.
        fs::copy(
            store.order_path("PW-1"),
            dir.path().join("orders/PW-9.json"),
        )
        .unwrap();
        let misnamed = [("PW-9.json", "PW-1", false)];
        assert_eq!(
            files_and_ids(&store.list_where(&submitted).unwrap()),
            misnamed
        );
        let listing = store.list_where(&submitted).unwrap();
        assert_eq!(files_and_ids(&listing), misnamed);
        assert_eq!(ids(listing), ["PW-2", "PW-3"]);
    }

    #[test]
    fn a_folder_changed_a_moment_ago_is_not_trusted_yet() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        save_order(&store, &mut order).unwrap();
        assert_eq!(store.list().unwrap().orders.len(), 1);
        assert_eq!(stored_index(dir.path()).entries.len(), 1);
        assert_eq!(stored_index(dir.path()).folder, None);
    }

    #[test]
    fn an_older_portwizs_empty_editing_marks_are_swept_and_other_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let mut order = Order::new_draft("PW-1".into(), now());
        save_order(&store, &mut order).unwrap();
        let orders = dir.path().join("orders");
        fs::write(orders.join(".PW-1.saving"), b"").unwrap();
        fs::write(orders.join(".PW-2.saving"), b"not a mark").unwrap();
        fs::write(orders.join(".notes.txt"), b"").unwrap();
        assert_eq!(store.list().unwrap().orders.len(), 1);
        assert!(!orders.join(".PW-1.saving").exists());
        assert!(orders.join(".PW-2.saving").exists());
        assert!(orders.join(".notes.txt").exists());
    }

    #[test]
    fn a_data_directory_others_may_write_is_refused_and_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        let err = DirStore::open(&shared).err().unwrap().to_string();
        assert!(err.contains("choose a private folder"), "{err}");
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
            0o1777
        );
    }

    #[test]
    fn temporaries_of_dead_writers_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let dead = store.orders_dir().join(".PW-1.json.999999999-3.tmp");
        let live = store
            .orders_dir()
            .join(format!(".PW-2.json.{}-0.tmp", std::process::id()));
        let other = store.orders_dir().join(".notes.tmp");
        for f in [&dead, &live, &other] {
            fs::write(f, b"{").unwrap();
        }
        let reopened = DirStore::open(dir.path()).unwrap();
        reopened.list().unwrap();
        assert!(!dead.exists() && live.exists() && other.exists());
        let dead_document = dir.path().join("documents/.PW-1-loa-0.pdf.999999999-1.tmp");
        fs::write(&dead_document, b"%PDF").unwrap();
        reopened
            .put_document("PW-1-loa-1.pdf", b"%PDF-1.7")
            .unwrap();
        assert!(
            !dead_document.exists(),
            "writing a document sweeps that folder"
        );
    }
}

//! The data directory: one JSON file per order and the LOA copies, every write atomic (SPEC §10).
//!
//! Layout: `orders/<ID>.json` (pretty JSON with a schema version and a revision) and
//! `documents/<name the program makes>.pdf`. Directories are 0700 and files 0600. Every write goes
//! through [`Store::write_atomic`], whose steps each pass a [`WriteFaults`] hook first, so that tests
//! can make any step fail; a per-order lock file can sit beside the order files without touching them.

use crate::domain::inventory::{Assignment, Connection, Inventory, OwnedNumber};
use crate::domain::order::{GroupKind, LoaDocument, Order, SCHEMA_VERSION};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::pin::PinRecord;
use crate::schema::{ReadError, Reading, read_order};
use crate::text::strip_controls;
use jiff::{Timestamp, Zoned};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The steps of an atomic write, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteStep {
    Create,
    Write,
    Flush,
    Rename,
    DirFlush,
}

/// Called before each step of every write; an error aborts the write as if the step had failed.
pub trait WriteFaults: Send + Sync {
    fn before(&self, step: WriteStep, path: &Path) -> io::Result<()>;
}

/// The real disk: no faults added.
pub struct NoFaults;

impl WriteFaults for NoFaults {
    fn before(&self, _: WriteStep, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// Largest LOA accepted (SPEC §3 step 6).
pub const MAX_LOA_BYTES: u64 = 10 * 1024 * 1024;

/// Why an LOA file was not attached; each message says how to fix it.
#[derive(Debug)]
pub enum LoaError {
    NotFound(String),
    NotAFile(String),
    TooLarge(u64),
    NotPdf,
    Unreadable(String),
    Save(String),
}

impl fmt::Display for LoaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoaError::NotFound(p) => write!(
                f,
                "no file at {p}; check the path (~ is your home folder) or press Ctrl-O to browse"
            ),
            LoaError::NotAFile(p) => write!(f, "{p} is not a regular file; choose the PDF itself"),
            LoaError::TooLarge(size) => write!(
                f,
                "the file is {:.1} MiB; an LOA may be at most 10 MiB: scan it at a lower resolution",
                *size as f64 / 1_048_576.0
            ),
            LoaError::NotPdf => write!(
                f,
                "the file is not a PDF (it does not start with %PDF-); export or scan the signed LOA as PDF"
            ),
            LoaError::Unreadable(e) => write!(f, "cannot read the file: {e}"),
            LoaError::Save(e) => write!(f, "cannot copy the LOA into the data directory: {e}"),
        }
    }
}

/// What loading the orders found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub orders: Vec<Order>,
    /// IDs of orders written by a newer portwiz: shown, never written.
    pub read_only: Vec<String>,
    /// Damaged files moved aside: (file name, where it went, why).
    pub quarantined: Vec<(String, PathBuf, String)>,
    /// Files from a newer portwiz that cannot be read at all: left where they are, with why.
    pub left_alone: Vec<(String, String)>,
    /// Orders brought up to date: (ID, the version they had, the backup of the original).
    pub migrated: Vec<(String, u32, PathBuf)>,
    /// Files the system would not let us read, with why.
    pub unreadable: Vec<(String, String)>,
}

/// Who holds an order open for editing, as written in its lock file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LockHolder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: Timestamp,
}

impl Loaded {
    /// One sentence per thing the administrator should know about, most serious first.
    pub fn report(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (name, to, why) in &self.quarantined {
            lines.push(format!(
                "Order file {} is damaged ({why}); it was moved to {}",
                strip_controls(name),
                strip_controls(&to.display().to_string())
            ));
        }
        for (name, why) in self.unreadable.iter().chain(&self.left_alone) {
            lines.push(format!(
                "Order file {}: {why}; it was left as it is",
                strip_controls(name)
            ));
        }
        if !self.read_only.is_empty() {
            lines.push(format!(
                "{} order{} from a newer portwiz can be viewed but not changed: {}",
                self.read_only.len(),
                if self.read_only.len() == 1 { "" } else { "s" },
                self.read_only.join(", ")
            ));
        }
        for (id, from, backup) in &self.migrated {
            lines.push(format!(
                "Order {id} was brought up from schema {from}; the original is kept in {}",
                strip_controls(&backup.display().to_string())
            ));
        }
        lines
    }
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (process {}) since {}",
            strip_controls(&self.user),
            strip_controls(&self.host),
            self.pid,
            self.since
                .to_zoned(crate::domain::calendar::eastern())
                .strftime("%Y-%m-%d %H:%M ET")
        )
    }
}

/// An order held open for editing; the lock goes when this is dropped, or when the process dies.
#[derive(Debug)]
pub struct OrderLock {
    _file: File,
}

/// The first line of an order file, enough to check before overwriting it.
#[derive(serde::Deserialize)]
struct Header {
    schema_version: u32,
    revision: u64,
}

fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(account_of_this_process)
        .unwrap_or_else(|| "unknown user".into())
}

/// The account name of this process's user, from /proc and /etc/passwd (no environment needed).
fn account_of_this_process() -> Option<String> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find(|l| l.starts_with("Uid:"))?
        .split_whitespace()
        .nth(1)?
        .to_string();
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2] == uid)
        .map(|f| f[0].to_string())
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this machine".into())
}

/// The bundled sample organization's numbers, on Direct Routing, Operator Connect and Calling Plan.
pub const SAMPLE_ORGANIZATION: &str = include_str!("../assets/organization.json");

#[derive(serde::Deserialize)]
struct SeedFile {
    numbers: Vec<SeedNumber>,
}

#[derive(serde::Deserialize)]
struct SeedNumber {
    number: PhoneNumber,
    connection: Connection,
    country: Country,
    kind: GroupKind,
    assignment: Option<Assignment>,
}

fn sample_inventory(now: Timestamp) -> Inventory {
    let seed: SeedFile =
        serde_json::from_str(SAMPLE_ORGANIZATION).expect("the bundled organization is valid");
    Inventory::new(
        seed.numbers
            .into_iter()
            .map(|s| OwnedNumber {
                number: s.number,
                kind: s.kind,
                country: s.country,
                connection: s.connection,
                assignment: s.assignment,
                order_id: None,
                since: now,
            })
            .collect(),
    )
}

/// `clock.json`: the simulated clock.
#[derive(serde::Serialize, serde::Deserialize)]
struct ClockFile {
    schema_version: u32,
    now: Zoned,
}

pub struct Store {
    root: PathBuf,
    faults: Box<dyn WriteFaults>,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The process that wrote a temporary file, from its name `.<name>.<pid>-<n>.tmp`.
fn temporary_writer(file_name: &str) -> Option<u32> {
    let stem = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = stem.rsplit_once('.')?;
    let (pid, counter) = tail.split_once('-')?;
    counter.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether a process runs; where that cannot be known, it is assumed to (nothing is removed).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

fn create_private_dir(path: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
}

impl Store {
    /// Opens (creating if needed) the data directory.
    pub fn open(root: &Path) -> anyhow::Result<Store> {
        Store::open_with_faults(root, Box::new(NoFaults))
    }

    pub fn open_with_faults(root: &Path, faults: Box<dyn WriteFaults>) -> anyhow::Result<Store> {
        for dir in [
            root.to_path_buf(),
            root.join("orders"),
            root.join("documents"),
        ] {
            create_private_dir(&dir).map_err(|e| {
                anyhow::anyhow!(
                    "cannot create the data directory {}: {e}",
                    strip_controls(&dir.display().to_string())
                )
            })?;
        }
        let store = Store {
            root: root.to_path_buf(),
            faults,
        };
        store.sweep_temporaries();
        Ok(store)
    }

    /// Removes temporary files that a crashed writer left behind (`.<name>.<pid>-<n>.tmp` whose
    /// process is gone); a live session's write in progress is left alone. Returns how many went.
    pub fn sweep_temporaries(&self) -> usize {
        let mut swept = 0;
        for dir in [
            self.root.clone(),
            self.orders_dir(),
            self.root.join("documents"),
        ] {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                let Some(pid) = temporary_writer(&name) else {
                    continue;
                };
                if !process_alive(pid) && fs::remove_file(entry.path()).is_ok() {
                    swept += 1;
                }
            }
        }
        swept
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

    pub fn document_path(&self, stored_name: &str) -> PathBuf {
        self.root.join("documents").join(stored_name)
    }

    /// Writes `bytes` to `path` so that a crash leaves either the old file or the new one.
    pub fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.write_steps(path, bytes).map_err(|(_, e)| e)
    }

    /// The atomic write, telling which step failed: before the rename, the old file is untouched and
    /// no temporary is left; at the directory flush, the new file is already in place.
    fn write_steps(&self, path: &Path, bytes: &[u8]) -> Result<(), (WriteStep, io::Error)> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temp = dir.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let step = |step: WriteStep, result: io::Result<()>| result.map_err(|e| (step, e));
        let written = (|| {
            step(
                WriteStep::Create,
                self.faults.before(WriteStep::Create, path),
            )?;
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)
                .map_err(|e| (WriteStep::Create, e))?;
            step(
                WriteStep::Write,
                self.faults
                    .before(WriteStep::Write, path)
                    .and_then(|()| file.write_all(bytes)),
            )?;
            step(
                WriteStep::Flush,
                self.faults
                    .before(WriteStep::Flush, path)
                    .and_then(|()| file.sync_all()),
            )?;
            step(
                WriteStep::Rename,
                self.faults
                    .before(WriteStep::Rename, path)
                    .and_then(|()| fs::rename(&temp, path)),
            )
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        step(
            WriteStep::DirFlush,
            self.faults
                .before(WriteStep::DirFlush, path)
                .and_then(|()| File::open(dir)?.sync_all()),
        )
    }

    /// Saves the order with the next revision, after checking that the file on disk is the revision
    /// this order was read at: a change made elsewhere meanwhile is a visible conflict, never
    /// overwritten. A file from a newer portwiz, or one that cannot be read, is never overwritten.
    /// On failure the order keeps its revision and the caller keeps the edits.
    pub fn save(&self, order: &mut Order) -> anyhow::Result<()> {
        let path = self.order_path(&order.id);
        // Check and write as one step across processes: without this, two writers could both pass
        // the check and the second rename would silently replace the first.
        let _saving = self.save_guard(&order.id)?;
        match fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Header>(&bytes) {
                Ok(header) if header.schema_version > SCHEMA_VERSION => anyhow::bail!(
                    "order {} was written by a newer portwiz (schema {}); it is read-only here and was not changed",
                    order.id,
                    header.schema_version
                ),
                Ok(header) if header.revision != order.revision => anyhow::bail!(
                    "order {} was changed in another session (revision {} on disk, {} here): your changes are kept on screen but not saved; close it and open it again to see the other version",
                    order.id,
                    header.revision,
                    order.revision
                ),
                Ok(_) => {}
                Err(_) => anyhow::bail!(
                    "the file of order {} cannot be read, so it was not overwritten; restart portwiz to move it aside",
                    order.id
                ),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound && order.revision > 0 => anyhow::bail!(
                "order {} was deleted in another session; your changes are kept on screen but not saved",
                order.id
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!(
                "could not check order {} before saving: {e}; try again",
                order.id
            ),
        }
        order.revision += 1;
        let json = serde_json::to_vec_pretty(&*order).expect("orders always serialize");
        match self.write_steps(&path, &json) {
            Ok(()) => Ok(()),
            // The new file is in place; only its durability is unconfirmed: the next save repeats it.
            Err((WriteStep::DirFlush, e)) => anyhow::bail!(
                "order {} was written, but the system could not confirm it reached the disk ({e}); it is saved again with your next change",
                order.id
            ),
            Err((_, e)) => {
                order.revision -= 1;
                anyhow::bail!(
                    "could not save order {}: {e}; your changes are kept on screen, try again",
                    order.id
                )
            }
        }
    }

    /// An exclusive lock held only while one save checks the revision and writes.
    fn save_guard(&self, id: &str) -> anyhow::Result<File> {
        let path = self.orders_dir().join(format!(".{id}.saving"));
        let file = open_lock_file(&path).map_err(|e| {
            anyhow::anyhow!(
                "could not save order {id}: {e}; your changes are kept on screen, try again"
            )
        })?;
        // A file system without locks still has the revision check.
        let _ = file.lock();
        Ok(file)
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.orders_dir().join(format!("{id}.lock"))
    }

    /// Takes the order's lock (a separate file, never renamed), or says who holds it.
    pub fn lock_order(&self, id: &str, now: Timestamp) -> Result<OrderLock, String> {
        let path = self.lock_path(id);
        let mut file = open_lock_file(&path)
            .map_err(|e| format!("cannot open the lock of order {id}: {e}"))?;
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
                Ok(OrderLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                Err(match serde_json::from_str::<LockHolder>(&text) {
                    Ok(holder) => {
                        format!("order {id} is open for editing in another session: {holder}")
                    }
                    Err(_) => format!("order {id} is open for editing in another session"),
                })
            }
            // Where the file system has no locks, the revision check still turns a race into a conflict.
            Err(std::fs::TryLockError::Error(_)) => Ok(OrderLock { _file: file }),
        }
    }

    fn move_aside(&self, path: &Path, name: &str, now: Timestamp) -> io::Result<PathBuf> {
        let quarantine = self.root.join("quarantine");
        create_private_dir(&quarantine)?;
        let stamp = now.strftime("%Y%m%dT%H%M%SZ");
        let target = quarantine.join(format!("{name}.{stamp}.corrupt"));
        fs::rename(path, &target)?;
        Ok(target)
    }

    /// Reads every order file: damaged ones are moved to `quarantine/`, older ones migrated (the
    /// original kept in `backups/`), newer ones read-only; the rest load as they are.
    pub fn load_orders(&self) -> Loaded {
        let mut loaded = Loaded::default();
        let Ok(entries) = fs::read_dir(self.orders_dir()) else {
            return loaded;
        };
        let files: Vec<(PathBuf, String)> = entries
            .flatten()
            .map(|e| (e.path(), e.file_name().to_string_lossy().to_string()))
            .filter(|(_, name)| name.ends_with(".json") && !name.starts_with('.'))
            .collect();
        // Reading and parsing is most of the start-up time: split it over the cores.
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        let chunk = files.len().div_ceil(workers).max(1);
        // Only a file that is migrated keeps its bytes (for the backup); the rest drop them at once.
        type Read = (
            PathBuf,
            String,
            Result<(Result<Reading, ReadError>, Option<Vec<u8>>), String>,
        );
        let read: Vec<Read> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|(path, name)| {
                                let outcome = fs::read(path)
                                    .map_err(|e| format!("cannot be read: {e}"))
                                    .map(|bytes| {
                                        let reading = read_order(&bytes);
                                        let keep = matches!(reading, Ok(Reading::Migrated { .. }))
                                            .then_some(bytes);
                                        (reading, keep)
                                    });
                                (path.clone(), name.clone(), outcome)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a reader thread does not panic"))
                .collect()
        });
        let now = Timestamp::now();
        for (path, name, outcome) in read {
            let (reading, bytes) = match outcome {
                Ok(read) => read,
                Err(why) => {
                    loaded.unreadable.push((name, why));
                    continue;
                }
            };
            match reading {
                Ok(Reading::Current(order)) => loaded.orders.push(order),
                Ok(Reading::Newer { order, .. }) => {
                    loaded.read_only.push(order.id.clone());
                    loaded.orders.push(order);
                }
                Ok(Reading::Migrated { order, from }) => {
                    let backups = self.root.join("backups");
                    let backup = backups.join(format!("{}.v{from}.json", order.id));
                    let kept = create_private_dir(&backups)
                        .and_then(|()| {
                            self.write_atomic(&backup, bytes.as_deref().unwrap_or_default())
                        })
                        .and_then(|()| {
                            self.write_atomic(
                                &path,
                                &serde_json::to_vec_pretty(&order).expect("serializes"),
                            )
                        });
                    match kept {
                        Ok(()) => loaded.migrated.push((order.id.clone(), from, backup)),
                        // Not rewritten: it still loads, and migrates again next time.
                        Err(e) => loaded
                            .unreadable
                            .push((name, format!("could not be brought up to date: {e}"))),
                    }
                    loaded.orders.push(order);
                }
                Err(e) if e.is_damage() => match self.move_aside(&path, &name, now) {
                    Ok(to) => loaded.quarantined.push((name, to, e.to_string())),
                    Err(io) => loaded
                        .unreadable
                        .push((name, format!("{e}; it could not be moved aside ({io})"))),
                },
                Err(e) => loaded.left_alone.push((name, e.to_string())),
            }
        }
        loaded.orders.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        loaded
    }

    /// Removes the lock files of an order that will never be saved (or was deleted).
    pub fn discard_lock(&self, id: &str) {
        let _ = fs::remove_file(self.lock_path(id));
        let _ = fs::remove_file(self.orders_dir().join(format!(".{id}.saving")));
    }

    pub fn delete(&self, order: &Order) -> anyhow::Result<()> {
        let path = self.order_path(&order.id);
        fs::remove_file(&path)
            .map_err(|e| anyhow::anyhow!("could not delete order {}: {e}", order.id))?;
        if let Some(loa) = &order.fields.loa {
            let _ = fs::remove_file(self.document_path(&loa.stored_name));
        }
        self.discard_lock(&order.id);
        File::open(self.orders_dir())
            .and_then(|d| d.sync_all())
            .ok();
        Ok(())
    }

    fn clock_path(&self) -> PathBuf {
        self.root.join("clock.json")
    }

    /// The simulated clock's time, if this directory has one; an unreadable file is reported.
    pub fn load_clock(&self) -> Result<Option<Zoned>, String> {
        Ok(self
            .read_json::<ClockFile>(&self.clock_path(), "the simulated clock")?
            .map(|c| c.now))
    }

    pub fn save_clock(&self, now: &Zoned) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(&ClockFile {
            schema_version: 1,
            now: now.clone(),
        })
        .expect("serializes");
        self.write_atomic(&self.clock_path(), &json)
            .map_err(|e| anyhow::anyhow!("could not save the simulated clock: {e}"))
    }

    fn inventory_path(&self) -> PathBuf {
        self.root.join("inventory.json")
    }

    /// The organization's numbers; a new data directory starts with the bundled sample organization.
    pub fn load_inventory(&self, now: Timestamp) -> Result<Inventory, String> {
        Ok(self
            .read_json(&self.inventory_path(), "the number inventory")?
            .unwrap_or_else(|| sample_inventory(now)))
    }

    pub fn save_inventory(&self, inventory: &mut Inventory) -> Result<(), String> {
        inventory.revision += 1;
        let json = serde_json::to_vec_pretty(&*inventory).expect("serializes");
        self.write_atomic(&self.inventory_path(), &json)
            .map_err(|e| {
                inventory.revision -= 1;
                format!("could not save the number inventory: {e}")
            })
    }

    fn pin_path(&self) -> PathBuf {
        self.root.join("porting_pin.json")
    }

    /// The port-out PIN's record (its hash, never the PIN), if one was set, checked before any of it
    /// is trusted.
    pub fn load_pin(&self) -> Result<Option<PinRecord>, String> {
        let path = self.pin_path();
        match fs::read(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!(
                "cannot read the porting PIN record {}: {e}",
                path.display()
            )),
            Ok(bytes) => crate::secrets::parse_pin_record(&bytes)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }

    /// One of the small files beside the orders: `None` when it does not exist yet; an error names
    /// the place that is wrong, never the content.
    fn read_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &Path,
        what: &str,
    ) -> Result<Option<T>, String> {
        match fs::read(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {what}: {e}")),
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                format!(
                    "{what} file is not valid (line {}, column {})",
                    e.line(),
                    e.column()
                )
            }),
        }
    }

    pub fn save_pin(&self, record: &PinRecord) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(record).expect("serializes");
        self.write_atomic(&self.pin_path(), &json)
            .map_err(|e| format!("could not save the porting PIN: {e}"))
    }

    /// A new order ID, `PW-YYMMDD-NNN`: readable on the phone with a carrier, unique in this store.
    pub fn new_order_id(&self, now: &Zoned) -> String {
        let day = now.strftime("%y%m%d");
        (1..)
            .map(|n| format!("PW-{day}-{n:03}"))
            .find(|id| !self.order_path(id).exists())
            .expect("an unused ID exists")
    }

    /// Checks the LOA at `source` and copies it into the store under a name the program makes.
    pub fn attach_loa(
        &self,
        order_id: &str,
        source: &Path,
        now: Timestamp,
    ) -> Result<LoaDocument, LoaError> {
        let shown = strip_controls(&source.display().to_string());
        let meta = fs::metadata(source).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => LoaError::NotFound(shown.clone()),
            _ => LoaError::Unreadable(e.to_string()),
        })?;
        if !meta.is_file() {
            return Err(LoaError::NotAFile(shown));
        }
        if meta.len() > MAX_LOA_BYTES {
            return Err(LoaError::TooLarge(meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        File::open(source)
            .and_then(|f| f.take(MAX_LOA_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| LoaError::Unreadable(e.to_string()))?;
        if bytes.len() as u64 > MAX_LOA_BYTES {
            return Err(LoaError::TooLarge(bytes.len() as u64));
        }
        if !bytes.starts_with(b"%PDF-") {
            return Err(LoaError::NotPdf);
        }
        let sha256: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let stored_name = format!("{order_id}-loa-{}.pdf", &sha256[..12]);
        self.write_atomic(&self.document_path(&stored_name), &bytes)
            .map_err(|e| LoaError::Save(e.to_string()))?;
        let original_name = source
            .file_name()
            .map(|n| strip_controls(&n.to_string_lossy()))
            .unwrap_or_else(|| "loa.pdf".into());
        Ok(LoaDocument {
            stored_name,
            original_name,
            sha256,
            size: bytes.len() as u64,
            attached_at: now,
        })
    }
}

/// Opens (creating if needed) a lock file, private to the user, whose contents outlive the lock.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-20T15:00:00Z".parse().unwrap()
    }

    #[test]
    fn saves_atomically_with_private_permissions_and_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        let mut order = Order::new_draft("PW-261120-001".into(), now());
        store.save(&mut order).unwrap();
        store.save(&mut order).unwrap();
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
        let loaded = store.load_orders();
        assert_eq!(loaded.orders, vec![order]);
        let leftovers: Vec<_> = fs::read_dir(store.orders_dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn damaged_files_are_moved_aside_never_echoed_and_the_rest_loads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut good = Order::new_draft("PW-GOOD".into(), now());
        store.save(&mut good).unwrap();
        let bad = store.order_path("PW-BROKEN");
        fs::write(&bad, b"{\"id\": \"secret-pin 1234\"").unwrap();
        let loaded = store.load_orders();
        assert_eq!(loaded.orders.len(), 1, "the rest loads");
        let (name, to, why) = &loaded.quarantined[0];
        assert_eq!(name, "PW-BROKEN.json");
        assert!(to.starts_with(dir.path().join("quarantine")) && to.exists());
        assert!(!bad.exists(), "moved, so it is never overwritten");
        assert!(
            !why.contains("1234") && !loaded.report()[0].contains("1234"),
            "never echoes contents"
        );
        assert_eq!(
            fs::read(to).unwrap(),
            b"{\"id\": \"secret-pin 1234\"",
            "kept byte for byte"
        );
    }

    #[test]
    fn an_older_file_is_migrated_with_a_backup_and_a_newer_one_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let v1 = br#"{"schema_version": 1, "id": "PW-OLD", "revision": 3, "status": "submitted",
            "created_at": "2026-11-20T15:00:00Z", "updated_at": "2026-11-20T15:30:00Z", "fields": {},
            "wizard": {"step": 8, "field": 0}, "submitted_at": "2026-11-20T15:30:00Z"}"#;
        fs::write(store.order_path("PW-OLD"), v1).unwrap();
        let mut newer = Order::new_draft("PW-NEW".into(), now());
        newer.schema_version = SCHEMA_VERSION + 1;
        let newer_bytes = serde_json::to_vec_pretty(&newer).unwrap();
        fs::write(store.order_path("PW-NEW"), &newer_bytes).unwrap();
        let loaded = store.load_orders();
        assert_eq!(loaded.orders.len(), 2);
        let (id, from, backup) = &loaded.migrated[0];
        assert_eq!((id.as_str(), *from), ("PW-OLD", 1));
        assert_eq!(fs::read(backup).unwrap(), v1, "the original is kept");
        let migrated: serde_json::Value =
            serde_json::from_slice(&fs::read(store.order_path("PW-OLD")).unwrap()).unwrap();
        assert_eq!(migrated["schema_version"], SCHEMA_VERSION);
        assert_eq!(migrated["submissions"].as_array().unwrap().len(), 1);
        assert_eq!(loaded.read_only, vec!["PW-NEW".to_string()]);
        let mut shown = loaded
            .orders
            .into_iter()
            .find(|o| o.id == "PW-NEW")
            .unwrap();
        let err = store.save(&mut shown).unwrap_err().to_string();
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
        let store = Store::open(dir.path()).unwrap();
        let mut mine = Order::new_draft("PW-1".into(), now());
        store.save(&mut mine).unwrap();
        let mut theirs = store.load_orders().orders.remove(0);
        theirs.fields.city = "Theirs".into();
        store.save(&mut theirs).unwrap();
        mine.fields.city = "Mine".into();
        let err = store.save(&mut mine).unwrap_err().to_string();
        assert!(
            err.contains("changed in another session (revision 2 on disk, 1 here)"),
            "{err}"
        );
        assert_eq!(mine.revision, 1, "nothing consumed");
        assert_eq!(
            store.load_orders().orders[0].fields.city,
            "Theirs",
            "not silently overwritten"
        );
        store.delete(&theirs).unwrap();
        assert!(
            store
                .save(&mut mine)
                .unwrap_err()
                .to_string()
                .contains("deleted in another session")
        );
    }

    #[test]
    fn a_lock_is_exclusive_names_its_holder_and_frees_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let held = store.lock_order("PW-1", now()).unwrap();
        let other = Store::open(dir.path()).unwrap();
        let err = other.lock_order("PW-1", now()).unwrap_err();
        assert!(
            err.contains("open for editing in another session")
                && err.contains(&format!("process {}", std::process::id())),
            "{err}"
        );
        drop(held);
        other.lock_order("PW-1", now()).unwrap();
        assert!(
            store.load_orders().quarantined.is_empty(),
            "lock files are not order files"
        );
    }

    #[test]
    fn temporaries_of_dead_writers_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let dead = store.orders_dir().join(".PW-1.json.999999999-3.tmp");
        let live = store
            .orders_dir()
            .join(format!(".PW-2.json.{}-0.tmp", std::process::id()));
        let other = store.orders_dir().join(".notes.tmp");
        for f in [&dead, &live, &other] {
            fs::write(f, b"{").unwrap();
        }
        assert_eq!(
            temporary_writer(".PW-1.json.999999999-3.tmp"),
            Some(999_999_999)
        );
        assert_eq!(store.sweep_temporaries(), 1);
        assert!(!dead.exists() && live.exists() && other.exists());
        Store::open(dir.path()).unwrap();
        assert!(live.exists(), "opening again keeps a live writer's file");
    }

    #[test]
    fn ids_are_sequential_per_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let now: Zoned = "2026-11-20T10:00:00-05:00[America/New_York]"
            .parse()
            .unwrap();
        let id = store.new_order_id(&now);
        assert_eq!(id, "PW-261120-001");
        store
            .save(&mut Order::new_draft(id, now.timestamp()))
            .unwrap();
        assert_eq!(store.new_order_id(&now), "PW-261120-002");
    }

    #[test]
    fn attaches_only_real_pdfs_up_to_10_mib() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        let pdf = dir.path().join("signed loa.pdf");
        fs::write(&pdf, b"%PDF-1.7\n...").unwrap();
        let doc = store.attach_loa("PW-1", &pdf, now()).unwrap();
        assert_eq!(doc.original_name, "signed loa.pdf");
        assert!(doc.stored_name.starts_with("PW-1-loa-") && doc.stored_name.ends_with(".pdf"));
        assert_eq!(
            fs::read(store.document_path(&doc.stored_name)).unwrap(),
            b"%PDF-1.7\n..."
        );
        assert_eq!(doc.sha256.len(), 64);

        let text = dir.path().join("loa.txt");
        fs::write(&text, b"hello").unwrap();
        assert!(matches!(
            store.attach_loa("PW-1", &text, now()),
            Err(LoaError::NotPdf)
        ));
        assert!(matches!(
            store.attach_loa("PW-1", dir.path(), now()),
            Err(LoaError::NotAFile(_))
        ));
        assert!(matches!(
            store.attach_loa("PW-1", &dir.path().join("none.pdf"), now()),
            Err(LoaError::NotFound(_))
        ));
        let big = dir.path().join("big.pdf");
        let f = File::create(&big).unwrap();
        f.set_len(MAX_LOA_BYTES + 1).unwrap();
        assert!(matches!(
            store.attach_loa("PW-1", &big, now()),
            Err(LoaError::TooLarge(_))
        ));
    }
}

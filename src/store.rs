//! The data directory: one JSON file per order and the LOA copies, every write atomic (SPEC §10).
//!
//! Layout: `orders/<ID>.json` (pretty JSON with a schema version and a revision) and
//! `documents/<name the program makes>.pdf`. Directories are 0700 and files 0600. Every write goes
//! through [`Store::write_atomic`], whose steps each pass a [`WriteFaults`] hook first, so that tests
//! can make any step fail; a per-order lock file can sit beside the order files without touching them.

use crate::domain::inventory::{Assignment, Connection, Inventory, OwnedNumber};
use crate::domain::order::{GroupKind, LoaDocument, Order};
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::pin::PinRecord;
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
    /// Files that could not be read, with the reason (never their contents); they are left untouched.
    pub unreadable: Vec<(PathBuf, String)>,
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
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temp = dir.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| {
            self.faults.before(WriteStep::Create, path)?;
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            self.faults.before(WriteStep::Write, path)?;
            file.write_all(bytes)?;
            self.faults.before(WriteStep::Flush, path)?;
            file.sync_all()?;
            self.faults.before(WriteStep::Rename, path)?;
            fs::rename(&temp, path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        self.faults.before(WriteStep::DirFlush, path)?;
        File::open(dir)?.sync_all()
    }

    /// Saves the order with the next revision; on failure the order keeps its old revision.
    pub fn save(&self, order: &mut Order) -> anyhow::Result<()> {
        order.revision += 1;
        let json = serde_json::to_vec_pretty(&*order).expect("orders always serialize");
        if let Err(e) = self.write_atomic(&self.order_path(&order.id), &json) {
            order.revision -= 1;
            anyhow::bail!(
                "could not save order {}: {e}; your changes are kept on screen, try again",
                order.id
            );
        }
        Ok(())
    }

    pub fn load_orders(&self) -> Loaded {
        let mut loaded = Loaded::default();
        let Ok(entries) = fs::read_dir(self.orders_dir()) else {
            return loaded;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_order = path.extension().is_some_and(|e| e == "json")
                && !path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
            if !is_order {
                continue;
            }
            match fs::read(&path) {
                Ok(bytes) => match serde_json::from_slice::<Order>(&bytes) {
                    Ok(order) => loaded.orders.push(order),
                    Err(e) => loaded.unreadable.push((
                        path,
                        format!(
                            "not a valid order file (line {}, column {})",
                            e.line(),
                            e.column()
                        ),
                    )),
                },
                Err(e) => loaded
                    .unreadable
                    .push((path, format!("cannot be read: {e}"))),
            }
        }
        loaded.orders.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        loaded
    }

    pub fn delete(&self, order: &Order) -> anyhow::Result<()> {
        let path = self.order_path(&order.id);
        fs::remove_file(&path)
            .map_err(|e| anyhow::anyhow!("could not delete order {}: {e}", order.id))?;
        if let Some(loa) = &order.fields.loa {
            let _ = fs::remove_file(self.document_path(&loa.stored_name));
        }
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
        match fs::read(self.clock_path()) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read the simulated clock: {e}")),
            Ok(bytes) => serde_json::from_slice::<ClockFile>(&bytes)
                .map(|c| Some(c.now))
                .map_err(|e| {
                    format!(
                        "the simulated clock file is not valid (line {}, column {})",
                        e.line(),
                        e.column()
                    )
                }),
        }
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
        match fs::read(self.inventory_path()) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(sample_inventory(now)),
            Err(e) => Err(format!("cannot read the number inventory: {e}")),
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "the number inventory file is not valid (line {}, column {})",
                    e.line(),
                    e.column()
                )
            }),
        }
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

    /// The port-out PIN's record (its hash, never the PIN), if one was set.
    pub fn load_pin(&self) -> Result<Option<PinRecord>, String> {
        match fs::read(self.pin_path()) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read the porting PIN record: {e}")),
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                format!(
                    "the porting PIN record is not valid (line {}, column {})",
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

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

    struct FailAt(WriteStep, Mutex<bool>);
    impl WriteFaults for FailAt {
        fn before(&self, step: WriteStep, _: &Path) -> io::Result<()> {
            let mut armed = self.1.lock().unwrap();
            if *armed && step == self.0 {
                *armed = false;
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        for step in [
            WriteStep::Create,
            WriteStep::Write,
            WriteStep::Flush,
            WriteStep::Rename,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let faults = Box::new(FailAt(step, Mutex::new(false)));
            let store = Store::open_with_faults(dir.path(), faults).unwrap();
            let mut order = Order::new_draft("PW-261120-001".into(), now());
            store.save(&mut order).unwrap();
            let before = fs::read(store.order_path(&order.id)).unwrap();
            // Arm the fault through a second store over the same directory.
            let armed =
                Store::open_with_faults(dir.path(), Box::new(FailAt(step, Mutex::new(true))))
                    .unwrap();
            order.fields.city = "Changed".into();
            let err = armed.save(&mut order).unwrap_err().to_string();
            assert!(err.contains("disk full"), "{step:?}: {err}");
            assert_eq!(order.revision, 1, "{step:?}: the revision is not consumed");
            assert_eq!(
                fs::read(store.order_path(&order.id)).unwrap(),
                before,
                "{step:?}"
            );
            assert_eq!(
                fs::read_dir(store.orders_dir()).unwrap().count(),
                1,
                "{step:?}: no temporary left"
            );
            armed.save(&mut order).unwrap();
            assert_eq!(order.revision, 2, "{step:?}: a retry succeeds");
        }
    }

    #[test]
    fn unreadable_files_are_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let bad = store.order_path("PW-BROKEN");
        fs::write(&bad, b"{\"id\": \"secret-pin 1234\"").unwrap();
        let loaded = store.load_orders();
        assert!(loaded.orders.is_empty());
        assert_eq!(loaded.unreadable.len(), 1);
        assert!(
            !loaded.unreadable[0].1.contains("1234"),
            "never echoes contents"
        );
        assert!(bad.exists());
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

//! The PostgreSQL store: the same documents as the data directory, in one database a team shares
//! (tables in `migrations/`). A transaction is a database transaction that first takes the store's
//! transaction lock (`pg_advisory_xact_lock`), so transactions run one at a time as they do in the
//! data directory, and every save is an `UPDATE … WHERE id = $1 AND revision = $2` that finds
//! another session's change as a conflict. An editing lock is a session advisory lock held on a
//! connection of its own: it goes when that connection does, so a killed client frees it at once.
//! Other sessions' changes are announced with `NOTIFY`; a listener thread counts them, which is the
//! change mark the app looks at.

mod schema;
mod target;

pub use schema::{LATEST as SCHEMA_VERSION, migrate};
pub use target::Target;

use super::dir::{current_user, host_name};
use super::{
    ChangeMark, Listing, LockHolder, OrderLock, OrderSummary, Revised, Store, StoreError, Txn,
    Wanted,
};
use crate::domain::csr::CsrBook;
use crate::domain::inventory::Inventory;
use crate::domain::order::{Order, SCHEMA_VERSION as ORDER_SCHEMA_VERSION};
use crate::domain::phone::PhoneNumber;
use crate::domain::pin::PinRecord;
use crate::domain::status::Status;
use crate::loa::MAX_LOA_BYTES;
use crate::schema::{MAX_ORDER_FILE_BYTES, Reading, read_order};
use crate::text::strip_controls;
use jiff::{Timestamp, Zoned};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;
use postgres::{Client, GenericClient, Row};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The key of the store's transaction lock (`pg_advisory_xact_lock`).
const TRANSACTION_LOCK: i64 = 0x706f_7274_7769_7a00;
/// The first key of an editing lock (`pg_try_advisory_lock(ns, key)`); the second is the order ID's.
const EDITING_NAMESPACE: i32 = 0x7077_0001;
/// The channel changes are announced on.
const CHANNEL: &str = "portwiz";

const SUMMARY_COLUMNS: &str = "id, revision, schema_version, status, name, numbers, carrier_id, \
    carrier_name, country, port_date, created_ns, updated_ns, status_since_ns, foc_ns, last_event_ns";

/// The clock row's document, as `clock.json` has it.
#[derive(serde::Serialize, serde::Deserialize)]
struct ClockDoc {
    schema_version: u32,
    now: Zoned,
}

pub struct PgStore {
    target: Target,
    client: Mutex<Option<Client>>,
    /// The backend of `client`: its own announcements are not news to this session.
    own_backend: Arc<AtomicI32>,
    /// Other sessions' announcements heard so far.
    heard: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

/// An order ID's editing lock key.
fn editing_key(id: &str) -> i32 {
    let digest = Sha256::digest(id.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn nanos(at: Timestamp) -> i64 {
    i64::try_from(at.as_nanosecond()).unwrap_or(if at > Timestamp::UNIX_EPOCH {
        i64::MAX
    } else {
        i64::MIN
    })
}

fn moment(ns: i64) -> Timestamp {
    Timestamp::from_nanosecond(i128::from(ns)).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A value's serde name (a status, a country), as its JSON string.
fn serde_name<T: serde::Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The value a serde name stands for, read in place: a listing reads one per status and number.
fn from_serde_name<'a, T: serde::Deserialize<'a>>(name: &'a str) -> Option<T> {
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, StrDeserializer};
    let name: StrDeserializer<'a, Error> = name.into_deserializer();
    T::deserialize(name).ok()
}

impl PgStore {
    /// Connects and checks that the schema is the one this portwiz writes.
    pub fn open(target: Target) -> Result<PgStore, StoreError> {
        let mut client = target.connect().map_err(StoreError::Failed)?;
        let installed = schema::installed(&mut client).map_err(|e| failed(&target, &e))?;
        if let Some(why) = schema::unusable(installed, &target.shown()) {
            return Err(StoreError::Refused(why));
        }
        let own_backend = Arc::new(AtomicI32::new(backend_pid(&mut client)));
        let store = PgStore {
            client: Mutex::new(Some(client)),
            own_backend,
            heard: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            target,
        };
        store.listen();
        Ok(store)
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// How many orders there are.
    pub fn order_count(&self) -> Result<i64, StoreError> {
        self.with_client(|c| {
            Ok(c.query_one("SELECT count(*) FROM portwiz_orders", &[])?
                .get(0))
        })
    }

    /// The connection, made again when it was lost.
    fn client(&self) -> Result<MutexGuard<'_, Option<Client>>, StoreError> {
        let mut guard = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_none_or(Client::is_closed) {
            *guard = None;
            let mut client = self.target.connect().map_err(StoreError::Failed)?;
            self.own_backend
                .store(backend_pid(&mut client), Ordering::Relaxed);
            *guard = Some(client);
        }
        Ok(guard)
    }

    fn with_client<T>(
        &self,
        mut work: impl FnMut(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        self.on_client(|c| work(c).map_err(|e| failed(&self.target, &e)))
    }

    /// Runs `work` on the connection. A connection found lost (the server restarted, the network
    /// was cut) is made again and `work` run once more: what failed on a closed connection was
    /// never done.
    fn on_client<T>(
        &self,
        mut work: impl FnMut(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self.client()?;
        let result = work(guard.as_mut().expect("connected"));
        if !guard.as_ref().is_some_and(Client::is_closed) {
            return result;
        }
        *guard = None;
        drop(guard);
        if result.is_ok() {
            return result;
        }
        let mut guard = self.client()?;
        let result = work(guard.as_mut().expect("connected"));
        if guard.as_ref().is_some_and(Client::is_closed) {
            *guard = None;
        }
        result
    }

    /// The thread that hears other sessions' announcements, on a connection of its own; it
    /// connects again after losing the server, and counts that as news (what happened meanwhile
    /// was not heard). Returns once it listens (or could not start to), so that no change made
    /// after the store was opened goes unheard: before, a change saved while the thread was still
    /// connecting was never heard (found by the store contract run again and again under load).
    fn listen(&self) {
        let (target, heard, own, stop) = (
            self.target.clone(),
            self.heard.clone(),
            self.own_backend.clone(),
            self.stop.clone(),
        );
        let (listening, started) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            let mut was_lost = false;
            while !stop.load(Ordering::Relaxed) {
                let Ok(mut client) = target.connect() else {
                    // Not connected: the first change mark after it connects counts as news.
                    let _ = listening.send(());
                    was_lost = true;
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                };
                if client.batch_execute(&format!("LISTEN {CHANNEL}")).is_err() {
                    let _ = listening.send(());
                    was_lost = true;
                    continue;
                }
                let _ = listening.send(());
                if was_lost {
                    heard.fetch_add(1, Ordering::Relaxed);
                }
                was_lost = true;
                while !stop.load(Ordering::Relaxed) && !client.is_closed() {
                    let mut notifications = client.notifications();
                    let mut batch = notifications.timeout_iter(Duration::from_millis(250));
                    loop {
                        match batch.next() {
                            Ok(Some(n)) => {
                                if n.process_id() != own.load(Ordering::Relaxed) {
                                    heard.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            Ok(None) => break,
                            Err(_) => break,
                        }
                    }
                }
            }
        });
        // A server that takes this long to take a connection is reported by the store's own
        // calls; the change mark then starts as if the connection had been lost.
        let _ = started.recv_timeout(Duration::from_secs(10));
    }

    fn holder_of(&self, id: &str) -> Option<LockHolder> {
        let key = editing_key(id);
        self.with_client(|c| {
            c.query_opt(
                "SELECT e.holder::text FROM portwiz_editing e JOIN pg_locks l
                   ON l.pid = e.backend_pid AND l.locktype = 'advisory' AND l.granted
                  AND l.classid = $2::bigint::oid AND l.objid = $3::bigint::oid AND l.objsubid = 2
                 WHERE e.order_id = $1",
                &[
                    &id,
                    &i64::from(EDITING_NAMESPACE as u32),
                    &i64::from(key as u32),
                ],
            )
        })
        .ok()
        .flatten()
        .and_then(|row| serde_json::from_str(row.get::<_, &str>(0)).ok())
    }

    /// Takes an order's editing lock on `conn`; `false` when another session holds it.
    fn try_lock_on(conn: &mut Client, id: &str, now: Timestamp) -> Result<bool, postgres::Error> {
        let got: bool = conn
            .query_one(
                "SELECT pg_try_advisory_lock($1, $2)",
                &[&EDITING_NAMESPACE, &editing_key(id)],
            )?
            .get(0);
        if got {
            let holder = LockHolder {
                user: current_user(),
                host: host_name(),
                pid: std::process::id(),
                since: now,
            };
            conn.execute(
                "INSERT INTO portwiz_editing (order_id, holder, backend_pid)
                 VALUES ($1, $2::text::jsonb, pg_backend_pid())
                 ON CONFLICT (order_id) DO UPDATE SET holder = excluded.holder, backend_pid = excluded.backend_pid",
                &[&id, &serde_json::to_string(&holder).expect("serializes")],
            )?;
        }
        Ok(got)
    }

    fn held_elsewhere(&self, id: &str) -> StoreError {
        StoreError::ReadOnly(match self.holder_of(id) {
            Some(holder) => format!("order {id} is open for editing in another session: {holder}"),
            None => format!("order {id} is open for editing in another session"),
        })
    }

    /// A private folder of this user's where documents are put for other programs to open.
    fn documents_folder() -> PathBuf {
        // SAFETY: geteuid cannot fail.
        let uid = unsafe { libc::geteuid() };
        std::env::temp_dir().join(format!("portwiz-{uid}-documents"))
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Puts a document's bytes where other programs can open them. It is a scratch copy, made again
/// from the database whenever asked for, so it is written whole (a temporary, then renamed) but
/// not waited for on the disk; a copy already holding these bytes is kept.
fn scratch_copy(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if std::fs::read(path).is_ok_and(|held| held == bytes) {
        return Ok(());
    }
    let temp = super::files::temporary_for(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

fn backend_pid(client: &mut Client) -> i32 {
    client
        .query_one("SELECT pg_backend_pid()", &[])
        .map_or(0, |row| row.get(0))
}

/// What a failed statement means for the user: a lost server, or a refusal, in words.
fn failed(target: &Target, e: &postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Failed(format!(
            "the PostgreSQL store {} refused the request ({}); nothing was changed",
            target.shown(),
            strip_controls(db.message())
        )),
        None => StoreError::Failed(target.unreachable(e)),
    }
}

fn summary_of(row: &Row) -> Result<OrderSummary, StoreError> {
    let id: String = row.get(0);
    let damaged = |what: &str| {
        StoreError::Damaged(format!(
            "order {} has {what} that portwiz cannot read in the database; save it again from a portwiz that can",
            strip_controls(&id)
        ))
    };
    let status: &str = row.get(3);
    let numbers: Vec<String> = row.get(5);
    let country: Option<&str> = row.get(8);
    Ok(OrderSummary {
        revision: u64::try_from(row.get::<_, i64>(1)).map_err(|_| damaged("a revision"))?,
        read_only: row.get::<_, i32>(2) > i32::try_from(ORDER_SCHEMA_VERSION).unwrap_or(i32::MAX),
        status: from_serde_name::<Status>(status).ok_or_else(|| damaged("a status"))?,
        name: row.get(4),
        numbers: numbers
            .iter()
            .map(|n| from_serde_name::<PhoneNumber>(n).ok_or_else(|| damaged("a number")))
            .collect::<Result<_, _>>()?,
        carrier_id: row.get(6),
        carrier_name: row.get(7),
        country: match country {
            Some(c) => Some(from_serde_name(c).ok_or_else(|| damaged("a country"))?),
            None => None,
        },
        port_date: row.get(9),
        created_at: moment(row.get(10)),
        updated_at: moment(row.get(11)),
        status_since: row.get::<_, Option<i64>>(12).map(moment),
        foc_at: row.get::<_, Option<i64>>(13).map(moment),
        last_event_at: row.get::<_, Option<i64>>(14).map(moment),
        id,
    })
}

fn list_on(
    client: &mut impl GenericClient,
    target: &Target,
    wanted: &Wanted,
) -> Result<Listing, StoreError> {
    let statuses: Vec<String> = Status::ALL
        .into_iter()
        .filter(|s| wanted(*s))
        .filter_map(|s| serde_name(&s))
        .collect();
    let rows = client
        .query(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM portwiz_orders WHERE status = ANY($1) ORDER BY updated_ns DESC, id"
            ),
            &[&statuses],
        )
        .map_err(|e| failed(target, &e))?;
    let mut listing = Listing::default();
    for row in &rows {
        match summary_of(row) {
            Ok(summary) => listing.orders.push(summary),
            Err(e) => listing
                .unreadable
                .push((row.get::<_, String>(0), e.message().to_string())),
        }
    }
    Ok(listing)
}

fn order_on(
    client: &mut impl GenericClient,
    target: &Target,
    id: &str,
) -> Result<Order, StoreError> {
    // Typed: one round trip, no statement prepared first.
    let row = client
        .query_typed_opt(
            "SELECT doc::text FROM portwiz_orders WHERE id = $1",
            &[(&id, Type::TEXT)],
        )
        .map_err(|e| failed(target, &e))?
        .ok_or_else(|| no_order(id))?;
    order_of(id, row.get(0))
}

fn no_order(id: &str) -> StoreError {
    StoreError::NotFound(format!(
        "there is no order {}; `portwiz orders list` shows the IDs",
        strip_controls(id)
    ))
}

/// An order from its row's document, read as an order file is.
fn order_of(id: &str, doc: &str) -> Result<Order, StoreError> {
    match read_order(doc.as_bytes()) {
        Ok(
            Reading::Current(order)
            | Reading::Newer { order, .. }
            | Reading::Migrated { order, .. },
        ) => Ok(order),
        Err(e) => Err(StoreError::Damaged(format!(
            "order {} in the database cannot be read ({e})",
            strip_controls(id)
        ))),
    }
}

fn state_on<T: serde::de::DeserializeOwned>(
    client: &mut impl GenericClient,
    target: &Target,
    kind: &str,
    what: &str,
) -> Result<Option<T>, StoreError> {
    let Some(row) = client
        .query_opt(
            "SELECT doc::text FROM portwiz_state WHERE kind = $1",
            &[&kind],
        )
        .map_err(|e| failed(target, &e))?
    else {
        return Ok(None);
    };
    serde_json::from_str(row.get::<_, &str>(0))
        .map(Some)
        .map_err(|_| {
            StoreError::Damaged(format!(
                "{what} in the database {} cannot be read; restore it from a backup",
                target.shown()
            ))
        })
}

fn pin_on(
    client: &mut impl GenericClient,
    target: &Target,
    for_update: bool,
) -> Result<Option<PinRecord>, StoreError> {
    let Some(row) = client
        .query_opt(
            &format!(
                "SELECT schema_version, hash, set_at, changed_at, wrong_tries, last_wrong_try FROM portwiz_porting_pin{}",
                if for_update { " FOR UPDATE" } else { "" }
            ),
            &[],
        )
        .map_err(|e| failed(target, &e))?
    else {
        return Ok(None);
    };
    let record = PinRecord {
        schema_version: u32::try_from(row.get::<_, i32>(0)).unwrap_or(0),
        hash: row.get(1),
        set_at: row.get(2),
        changed_at: row.get(3),
        wrong_tries: u32::try_from(row.get::<_, i32>(4)).unwrap_or(u32::MAX),
        last_wrong_try: row.get(5),
    };
    // The same checks as the file's before anything of it is trusted.
    crate::secrets::parse_pin_record(&serde_json::to_vec(&record).expect("serializes"))
        .map(Some)
        .map_err(|_| {
            StoreError::Damaged(format!(
                "the porting PIN record in {} is damaged; set the PIN again (p on the numbers screen)",
                target.shown()
            ))
        })
}

/// An order as its row in `portwiz_orders` holds it: the document and the columns kept from it.
struct OrderRow {
    id: String,
    revision: i64,
    schema_version: i32,
    doc: String,
    status: Option<String>,
    name: String,
    /// The numbers in E.164, joined by commas: `string_to_array` makes the column's array (an
    /// array of arrays cannot be unnested into rows).
    numbers: String,
    carrier_id: Option<String>,
    carrier_name: Option<String>,
    country: Option<String>,
    port_date: Option<jiff::civil::Date>,
    created_ns: i64,
    updated_ns: i64,
    status_since_ns: Option<i64>,
    foc_ns: Option<i64>,
    last_event_ns: Option<i64>,
}

impl OrderRow {
    fn of(order: &Order) -> Result<OrderRow, StoreError> {
        let doc = serde_json::to_string(order).expect("orders always serialize");
        if doc.len() > MAX_ORDER_FILE_BYTES {
            return Err(StoreError::Refused(format!(
                "order {} would be {} MiB, more than an order may be; shorten its longest fields",
                order.id,
                doc.len() >> 20
            )));
        }
        let s = OrderSummary::of(order, false);
        let numbers: Vec<&str> = s.numbers.iter().map(PhoneNumber::e164).collect();
        Ok(OrderRow {
            revision: i64::try_from(order.revision).unwrap_or(i64::MAX),
            schema_version: i32::try_from(order.schema_version).unwrap_or(i32::MAX),
            doc,
            status: serde_name(&s.status),
            numbers: numbers.join(","),
            country: s.country.as_ref().and_then(serde_name),
            created_ns: nanos(s.created_at),
            updated_ns: nanos(s.updated_at),
            status_since_ns: s.status_since.map(nanos),
            foc_ns: s.foc_at.map(nanos),
            last_event_ns: s.last_event_at.map(nanos),
            id: s.id,
            name: s.name,
            carrier_id: s.carrier_id,
            carrier_name: s.carrier_name,
            port_date: s.port_date,
        })
    }

    /// The row's values, in the order of [`ORDER_COLUMNS`] (the numbers joined).
    fn values(&self) -> [&(dyn postgres::types::ToSql + Sync); 16] {
        [
            &self.id,
            &self.revision,
            &self.schema_version,
            &self.doc,
            &self.status,
            &self.name,
            &self.numbers,
            &self.carrier_id,
            &self.carrier_name,
            &self.country,
            &self.port_date,
            &self.created_ns,
            &self.updated_ns,
            &self.status_since_ns,
            &self.foc_ns,
            &self.last_event_ns,
        ]
    }
}

/// The columns of `portwiz_orders` a save writes, in the order of [`OrderRow::values`].
const ORDER_COLUMNS: &str = "id, revision, schema_version, doc, status, name, numbers, carrier_id, \
    carrier_name, country, port_date, created_ns, updated_ns, status_since_ns, foc_ns, last_event_ns";

/// Copied orders are written this many to a statement.
const COPY_BATCH: usize = 500;
/// Documents of a transaction are written together once they hold this many bytes.
const DOCUMENT_BATCH_BYTES: usize = 16 << 20;

/// How far a transaction got before its connection was lost.
#[derive(Clone, Copy)]
enum Reached {
    Nothing,
    Work,
    Commit,
}

/// A transaction of a [`PgStore`]: a database transaction holding the store's transaction lock.
struct PgTxn<'a> {
    tx: postgres::Transaction<'a>,
    target: &'a Target,
    /// Revisions staged in this transaction, so a second put of one document checks against the first.
    staged: HashMap<String, u64>,
    /// Copied orders not yet written: written [`COPY_BATCH`] to a statement, before anything reads
    /// or writes orders, and before the commit.
    copies: Vec<OrderRow>,
    /// Documents not yet written, by name (SHA-256, bytes): written together once they are
    /// [`DOCUMENT_BATCH_BYTES`], and before the commit.
    documents: HashMap<String, (String, Vec<u8>)>,
    document_bytes: usize,
    wrote: bool,
}

impl PgTxn<'_> {
    fn failed(&self, e: &postgres::Error) -> StoreError {
        failed(self.target, e)
    }

    /// The revision stored for an order (and whether a newer portwiz wrote it); `None` when absent.
    fn stored_order(&mut self, id: &str) -> Result<Option<(u64, bool)>, StoreError> {
        if let Some(&staged) = self.staged.get(&format!("order:{id}")) {
            return Ok(Some((staged, false)));
        }
        let row = self
            .tx
            .query_typed_opt(
                "SELECT revision, schema_version FROM portwiz_orders WHERE id = $1 FOR UPDATE",
                &[(&id, Type::TEXT)],
            )
            .map_err(|e| failed(self.target, &e))?;
        Ok(row.map(|r| {
            (
                u64::try_from(r.get::<_, i64>(0)).unwrap_or(0),
                r.get::<_, i32>(1) > i32::try_from(ORDER_SCHEMA_VERSION).unwrap_or(i32::MAX),
            )
        }))
    }

    fn check_order(&mut self, order: &Order) -> Result<Option<u64>, StoreError> {
        let what = format!("order {}", strip_controls(&order.id));
        let stored = self.stored_order(&order.id)?;
        match stored {
            Some((_, true)) => Err(StoreError::ReadOnly(format!(
                "{what} was written by a newer portwiz; it is read-only here and was not changed"
            ))),
            Some((stored, _)) if stored != order.revision => {
                Err(conflict(&what, stored, order.revision))
            }
            None if order.revision > 0 => Err(StoreError::Conflict(format!(
                "{what} was deleted in another session; your changes are kept on screen but not saved"
            ))),
            found => Ok(found.map(|(r, _)| r)),
        }
    }

    /// Writes an order of the revision it has: over `stored` (the revision it replaces), or new.
    fn write_order(&mut self, order: &Order, stored: Option<u64>) -> Result<(), StoreError> {
        let row = OrderRow::of(order)?;
        let values = row.values();
        let changed = match stored {
            Some(previous) => {
                let previous = i64::try_from(previous).unwrap_or(i64::MAX);
                let mut with_previous = values.to_vec();
                with_previous.push(&previous);
                self.tx.execute(
                    "UPDATE portwiz_orders SET revision = $2, schema_version = $3, doc = $4::text::jsonb,
                         status = $5, name = $6, numbers = string_to_array($7, ','), carrier_id = $8,
                         carrier_name = $9, country = $10, port_date = $11, created_ns = $12,
                         updated_ns = $13, status_since_ns = $14, foc_ns = $15, last_event_ns = $16,
                         change_seq = nextval('portwiz_change_seq')
                     WHERE id = $1 AND revision = $17",
                    &with_previous,
                )
            }
            None => self.tx.execute(
                format!(
                    "INSERT INTO portwiz_orders ({ORDER_COLUMNS})
                 VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, string_to_array($7, ','), $8, $9, $10,
                     $11, $12, $13, $14, $15, $16)
                 ON CONFLICT (id) DO NOTHING",
                )
                .as_str(),
                &values,
            ),
        };
        let changed = changed.map_err(|e| self.failed(&e))?;
        if changed != 1 {
            return Err(StoreError::Conflict(format!(
                "order {} was changed in another session: your changes are kept on screen but not saved; close it and open it again to see the other version",
                order.id
            )));
        }
        // A new order's ID is recorded for good (a deleted order's is never given again).
        if stored.is_none() {
            self.tx
                .execute(
                    "INSERT INTO portwiz_order_ids (id) VALUES ($1) ON CONFLICT DO NOTHING",
                    &[&order.id],
                )
                .map_err(|e| failed(self.target, &e))?;
        }
        self.staged
            .insert(format!("order:{}", order.id), order.revision);
        self.wrote = true;
        Ok(())
    }

    /// Writes the copied orders waiting in [`PgTxn::copies`], all in one statement, after checking
    /// in one query that none of them is in the store already.
    fn write_copies(&mut self) -> Result<(), StoreError> {
        if self.copies.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.copies);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        if let Some(held) = self
            .tx
            .query_opt(
                "SELECT id FROM portwiz_orders WHERE id = ANY($1) LIMIT 1",
                &[&ids],
            )
            .map_err(|e| self.failed(&e))?
        {
            return Err(already_here(held.get(0)));
        }
        macro_rules! columns {
            ($($field:ident),+) => {
                [$(Box::new(rows.iter().map(|r| &r.$field).collect::<Vec<_>>())
                    as Box<dyn postgres::types::ToSql + Sync + '_>),+]
            };
        }
        let columns = columns!(
            id,
            revision,
            schema_version,
            doc,
            status,
            name,
            numbers,
            carrier_id,
            carrier_name,
            country,
            port_date,
            created_ns,
            updated_ns,
            status_since_ns,
            foc_ns,
            last_event_ns
        );
        let values: Vec<&(dyn postgres::types::ToSql + Sync)> =
            columns.iter().map(|c| c.as_ref()).collect();
        self.tx
            .execute(
                format!(
                    "INSERT INTO portwiz_orders ({ORDER_COLUMNS})
                 SELECT id, revision, schema_version, doc::jsonb, status, name,
                     string_to_array(numbers, ','), carrier_id, carrier_name, country, port_date,
                     created_ns, updated_ns, status_since_ns, foc_ns, last_event_ns
                 FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[],
                     $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[])
                     AS copied ({ORDER_COLUMNS})",
                )
                .as_str(),
                &values,
            )
            .map_err(|e| self.failed(&e))?;
        self.tx
            .execute(
                "INSERT INTO portwiz_order_ids (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
                &[&ids],
            )
            .map_err(|e| self.failed(&e))?;
        Ok(())
    }

    /// Writes the documents waiting in [`PgTxn::documents`], in one statement.
    fn write_documents(&mut self) -> Result<(), StoreError> {
        if self.documents.is_empty() {
            return Ok(());
        }
        let documents = std::mem::take(&mut self.documents);
        self.document_bytes = 0;
        let rows: Vec<(&str, &str, &[u8])> = (documents.iter())
            .map(|(name, (sha256, bytes))| (name.as_str(), sha256.as_str(), bytes.as_slice()))
            .collect();
        put_documents_on(&mut self.tx, self.target, &rows)
    }

    /// Stages a state row, checking the revision it was read at first.
    fn put_revised(
        &mut self,
        kind: &str,
        what: &str,
        value: &mut impl Revised,
    ) -> Result<(), StoreError> {
        let stored = match self.staged.get(kind) {
            Some(&staged) => Some(staged),
            None => self
                .tx
                .query_opt(
                    "SELECT revision FROM portwiz_state WHERE kind = $1 FOR UPDATE",
                    &[&kind],
                )
                .map_err(|e| failed(self.target, &e))?
                .map(|r| u64::try_from(r.get::<_, i64>(0)).unwrap_or(0)),
        };
        let revision = *value.revision_mut();
        if let Some(stored) = stored.filter(|s| *s != revision) {
            return Err(conflict(what, stored, revision));
        }
        *value.revision_mut() += 1;
        let doc = serde_json::to_string(&*value).expect("serializes");
        self.put_state(kind, revision + 1, doc)
            .inspect_err(|_| *value.revision_mut() -= 1)?;
        self.staged.insert(kind.into(), revision + 1);
        Ok(())
    }

    fn put_state(&mut self, kind: &str, revision: u64, doc: String) -> Result<(), StoreError> {
        let revision = i64::try_from(revision).unwrap_or(i64::MAX);
        self.tx
            .execute(
                "INSERT INTO portwiz_state (kind, revision, doc) VALUES ($1, $2, $3::text::jsonb)
                 ON CONFLICT (kind) DO UPDATE SET revision = excluded.revision, doc = excluded.doc,
                     change_seq = nextval('portwiz_change_seq')",
                &[&kind, &revision, &doc],
            )
            .map_err(|e| self.failed(&e))?;
        self.wrote = true;
        Ok(())
    }
}

/// A copied order whose ID the store holds already.
fn already_here(id: &str) -> StoreError {
    StoreError::Conflict(format!(
        "order {} is already in this store; copy only into an empty store",
        strip_controls(id)
    ))
}

fn conflict(what: &str, stored: u64, here: u64) -> StoreError {
    StoreError::Conflict(format!(
        "{what} was changed in another session (revision {stored} in the database, {here} here): your changes are kept on screen but not saved; close it and open it again to see the other version"
    ))
}

impl Txn for PgTxn<'_> {
    fn summaries(&mut self) -> Result<Vec<OrderSummary>, StoreError> {
        self.write_copies()?;
        Ok(list_on(&mut self.tx, self.target, &|_| true)?.orders)
    }

    fn order(&mut self, id: &str) -> Result<Order, StoreError> {
        self.write_copies()?;
        order_on(&mut self.tx, self.target, id)
    }

    fn inventory(&mut self) -> Result<Option<Inventory>, StoreError> {
        state_on(
            &mut self.tx,
            self.target,
            "inventory",
            "the number inventory",
        )
    }

    fn clock(&mut self) -> Result<Option<Zoned>, StoreError> {
        Ok(
            state_on::<ClockDoc>(&mut self.tx, self.target, "clock", "the simulated clock")?
                .map(|c| c.now),
        )
    }

    fn pin(&mut self) -> Result<Option<PinRecord>, StoreError> {
        pin_on(&mut self.tx, self.target, true)
    }

    fn csr_book(&mut self) -> Result<Option<CsrBook>, StoreError> {
        state_on(&mut self.tx, self.target, "csr", "the CSR book")
    }

    fn put_order(&mut self, order: &mut Order) -> Result<(), StoreError> {
        self.write_copies()?;
        super::dir::valid_id(&order.id)?;
        let stored = self.check_order(order)?;
        order.revision += 1;
        self.write_order(order, stored)
            .inspect_err(|_| order.revision -= 1)
    }

    fn put_copy(&mut self, order: &Order) -> Result<(), StoreError> {
        super::dir::valid_id(&order.id)?;
        let staged = format!("order:{}", order.id);
        if self.staged.contains_key(&staged) {
            return Err(already_here(&order.id));
        }
        self.copies.push(OrderRow::of(order)?);
        self.staged.insert(staged, order.revision);
        self.wrote = true;
        if self.copies.len() >= COPY_BATCH {
            self.write_copies()?;
        }
        Ok(())
    }

    fn remove_order(&mut self, order: &Order) -> Result<(), StoreError> {
        self.write_copies()?;
        self.write_documents()?;
        super::dir::valid_id(&order.id)?;
        if self.check_order(order)?.is_none() {
            return Ok(());
        }
        let revision = i64::try_from(order.revision).unwrap_or(i64::MAX);
        let removed = self
            .tx
            .execute(
                "DELETE FROM portwiz_orders WHERE id = $1 AND revision = $2",
                &[&order.id, &revision],
            )
            .map_err(|e| failed(self.target, &e))?;
        if removed != 1 {
            return Err(conflict(&format!("order {}", order.id), 0, order.revision));
        }
        if let Some(loa) = &order.fields.loa {
            self.tx
                .execute(
                    "DELETE FROM portwiz_documents WHERE name = $1",
                    &[&loa.stored_name],
                )
                .map_err(|e| failed(self.target, &e))?;
        }
        self.staged.remove(&format!("order:{}", order.id));
        self.wrote = true;
        Ok(())
    }

    fn put_inventory(&mut self, inventory: &mut Inventory) -> Result<(), StoreError> {
        self.put_revised("inventory", "the number inventory", inventory)
    }

    fn put_csr_book(&mut self, book: &mut CsrBook) -> Result<(), StoreError> {
        self.put_revised("csr", "the CSR book", book)
    }

    fn put_clock(&mut self, now: &Zoned) -> Result<(), StoreError> {
        let doc = serde_json::to_string(&ClockDoc {
            schema_version: 1,
            now: now.clone(),
        })
        .expect("serializes");
        self.put_state("clock", 0, doc)
    }

    fn put_pin(&mut self, record: &PinRecord) -> Result<(), StoreError> {
        let schema_version = i32::try_from(record.schema_version).unwrap_or(i32::MAX);
        let wrong_tries = i32::try_from(record.wrong_tries).unwrap_or(i32::MAX);
        self.tx
            .execute(
                "INSERT INTO portwiz_porting_pin (schema_version, hash, set_at, changed_at, wrong_tries, last_wrong_try)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (singleton) DO UPDATE SET schema_version = excluded.schema_version,
                     hash = excluded.hash, set_at = excluded.set_at, changed_at = excluded.changed_at,
                     wrong_tries = excluded.wrong_tries, last_wrong_try = excluded.last_wrong_try,
                     change_seq = nextval('portwiz_change_seq')",
                &[
                    &schema_version,
                    &record.hash,
                    &record.set_at,
                    &record.changed_at,
                    &wrong_tries,
                    &record.last_wrong_try,
                ],
            )
            .map_err(|e| failed(self.target, &e))?;
        self.wrote = true;
        Ok(())
    }

    fn put_document(&mut self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let sha256 = document_sha256(bytes)?;
        self.document_bytes += bytes.len();
        if let Some((_, replaced)) = self
            .documents
            .insert(stored_name.to_string(), (sha256, bytes.to_vec()))
        {
            self.document_bytes -= replaced.len();
        }
        self.wrote = true;
        if self.document_bytes >= DOCUMENT_BATCH_BYTES {
            self.write_documents()?;
        }
        Ok(())
    }
}

/// A document's SHA-256, once its size is checked against the 10 MiB limit.
fn document_sha256(bytes: &[u8]) -> Result<String, StoreError> {
    if bytes.len() as u64 > MAX_LOA_BYTES {
        return Err(StoreError::Refused(format!(
            "the document is {:.1} MiB; an LOA may be at most 10 MiB: scan it at a lower resolution",
            bytes.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    Ok(format!("{:x}", Sha256::digest(bytes)))
}

/// Writes documents (name, SHA-256, bytes) in one statement, each replacing one of its name.
fn put_documents_on(
    client: &mut impl GenericClient,
    target: &Target,
    rows: &[(&str, &str, &[u8])],
) -> Result<(), StoreError> {
    let names: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let sums: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let bytes: Vec<&[u8]> = rows.iter().map(|r| r.2).collect();
    client
        .execute(
            "INSERT INTO portwiz_documents (name, sha256, bytes)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
             ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes,
                 change_seq = nextval('portwiz_change_seq')",
            &[&names, &sums, &bytes],
        )
        .map_err(|e| failed(target, &e))?;
    Ok(())
}

impl Store for PgStore {
    fn describe(&self) -> String {
        format!(
            "PostgreSQL {} (schema {})",
            self.target.shown(),
            SCHEMA_VERSION
        )
    }

    fn shared_as(&self) -> Option<String> {
        Some(format!("PostgreSQL {}", self.target.short()))
    }

    fn list_where(&self, wanted: &Wanted) -> Result<Listing, StoreError> {
        self.on_client(|c| list_on(c, &self.target, wanted))
    }

    fn order(&self, id: &str) -> Result<Order, StoreError> {
        self.on_client(|c| order_on(c, &self.target, id))
    }

    fn orders(&self, ids: &[&str]) -> Result<Vec<Order>, StoreError> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, doc::text FROM portwiz_orders WHERE id = ANY($1)",
                &[&ids],
            )
        })?;
        let mut docs: HashMap<&str, &str> =
            rows.iter().map(|row| (row.get(0), row.get(1))).collect();
        ids.iter()
            .map(|id| match docs.remove(id) {
                Some(doc) => order_of(id, doc),
                None => Err(no_order(id)),
            })
            .collect()
    }

    fn inventory(&self) -> Result<Option<Inventory>, StoreError> {
        self.on_client(|c| state_on(c, &self.target, "inventory", "the number inventory"))
    }

    fn clock(&self) -> Result<Option<Zoned>, StoreError> {
        Ok(self
            .on_client(|c| state_on::<ClockDoc>(c, &self.target, "clock", "the simulated clock"))?
            .map(|c| c.now))
    }

    fn pin(&self) -> Result<Option<PinRecord>, StoreError> {
        self.on_client(|c| pin_on(c, &self.target, false))
    }

    fn csr_book(&self) -> Result<Option<CsrBook>, StoreError> {
        self.on_client(|c| state_on(c, &self.target, "csr", "the CSR book"))
    }

    fn transact(
        &self,
        work: &mut dyn FnMut(&mut dyn Txn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        // How far the first try got: a connection lost before the work began is made again and
        // the transaction run on it; one lost later is said as what it means.
        let mut reached = Reached::Nothing;
        self.on_client(|client| {
            match reached {
                Reached::Nothing => {}
                Reached::Work => {
                    return Err(StoreError::Failed(format!(
                        "the connection to {} was lost during the change; nothing was changed, try again",
                        self.target.shown()
                    )));
                }
                Reached::Commit => {
                    return Err(StoreError::Failed(format!(
                        "the connection to {} was lost while the change was being committed: it may or may not have been saved; look at it again before repeating it",
                        self.target.shown()
                    )));
                }
            }
            let mut tx = client.transaction().map_err(|e| failed(&self.target, &e))?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&TRANSACTION_LOCK])
                .map_err(|e| failed(&self.target, &e))?;
            reached = Reached::Work;
            let mut txn = PgTxn {
                tx,
                target: &self.target,
                staged: HashMap::new(),
                copies: Vec::new(),
                documents: HashMap::new(),
                document_bytes: 0,
                wrote: false,
            };
            work(&mut txn)?;
            txn.write_copies()?;
            txn.write_documents()?;
            if txn.wrote {
                txn.tx
                    .execute("SELECT pg_notify($1, '')", &[&CHANNEL])
                    .map_err(|e| failed(&self.target, &e))?;
            }
            reached = Reached::Commit;
            txn.tx.commit().map_err(|e| failed(&self.target, &e))
        })
    }

    fn lock_order(&self, id: &str, now: Timestamp) -> Result<OrderLock, StoreError> {
        super::dir::valid_id(id)?;
        let mut conn = self.target.connect().map_err(StoreError::Failed)?;
        match Self::try_lock_on(&mut conn, id, now) {
            Ok(true) => Ok(OrderLock::new(conn)),
            Ok(false) => Err(self.held_elsewhere(id)),
            Err(e) => Err(failed(&self.target, &e)),
        }
    }

    fn reserve_order_id(
        &self,
        day: &Zoned,
        now: Timestamp,
    ) -> Result<(String, OrderLock), StoreError> {
        let prefix = format!("PW-{}-", day.strftime("%y%m%d"));
        let used: HashSet<String> = self.with_client(|c| {
            c.query_raw(
                "SELECT id FROM portwiz_order_ids WHERE starts_with(id, $1)",
                [&prefix],
            )?
            .map(|row| row.try_get::<_, String>(0))
            .collect()
        })?;
        let mut conn = self.target.connect().map_err(StoreError::Failed)?;
        for n in 1..100_000u32 {
            let id = format!("{prefix}{n:03}");
            if used.contains(&id) {
                continue;
            }
            // Reserved by a draft open in another session when its lock is held.
            if Self::try_lock_on(&mut conn, &id, now).map_err(|e| failed(&self.target, &e))? {
                return Ok((id, OrderLock::new(conn)));
            }
        }
        Err(StoreError::Failed(
            "every order ID of today is taken; try again tomorrow".into(),
        ))
    }

    fn discard_reservation(&self, _id: &str, lock: OrderLock) {
        // The ID was recorded nowhere but in the lock: it is free again once the lock goes.
        drop(lock);
    }

    fn put_document(&self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let sha256 = document_sha256(bytes)?;
        let row = [(stored_name, sha256.as_str(), bytes)];
        self.on_client(|c| put_documents_on(c, &self.target, &row))
    }

    fn document_path(&self, stored_name: &str) -> Option<PathBuf> {
        // A name the program made: nothing that could lead out of the folder.
        let made = !stored_name.is_empty()
            && !stored_name.starts_with('.')
            && stored_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !made {
            return None;
        }
        let bytes: Vec<u8> = self
            .with_client(|c| {
                c.query_typed_opt(
                    "SELECT bytes FROM portwiz_documents WHERE name = $1",
                    &[(&stored_name, Type::TEXT)],
                )
            })
            .ok()??
            .get(0);
        let folder = Self::documents_folder();
        super::files::private_dir(&folder).ok()?;
        let path = folder.join(stored_name);
        scratch_copy(&path, &bytes).ok()?;
        Some(path)
    }

    fn documents(&self, names: &[&str]) -> Vec<Option<Vec<u8>>> {
        let Ok(rows) = self.with_client(|c| {
            c.query(
                "SELECT name, bytes FROM portwiz_documents WHERE name = ANY($1)",
                &[&names],
            )
        }) else {
            return vec![None; names.len()];
        };
        let mut found: HashMap<String, Vec<u8>> = rows
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        names.iter().map(|name| found.remove(*name)).collect()
    }

    fn change_mark(&self) -> ChangeMark {
        vec![i128::from(self.heard.load(Ordering::Relaxed))]
    }
}

//! What the program keeps, behind one seam: orders and their summaries for the list, documents, the
//! number inventory, the simulated clock, the port-out PIN record and order IDs. Every change goes
//! through a transaction that commits all of its documents or none, isolated from other sessions,
//! and every save checks the revision it read. The JSON data directory ([`DirStore`]) is one
//! implementation; PostgreSQL ([`PgStore`], for a team) is another.

mod dir;
mod files;
pub mod index;
pub mod journal;
pub mod pg;

pub use dir::DirStore;
pub use files::{WriteFaults, WriteStep};
pub use pg::PgStore;

use crate::domain::calendar::stamp_et;
use crate::domain::csr::CsrBook;
use crate::domain::inventory::Inventory;
use crate::domain::order::Order;
use crate::domain::phone::{Country, PhoneNumber};
use crate::domain::pin::PinRecord;
use crate::domain::status::Status;
use crate::text::strip_controls;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Why the store could not do what was asked. Every message names the document and says what to do;
/// none shows a secret or a document's contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// Changed (or deleted) in another session since it was read: nothing was overwritten.
    #[error("{0}")]
    Conflict(String),
    /// May be looked at but not changed here (from a newer portwiz, or not readable).
    #[error("{0}")]
    ReadOnly(String),
    #[error("{0}")]
    NotFound(String),
    /// A document that cannot be read.
    #[error("{0}")]
    Damaged(String),
    /// Reading or writing failed; nothing was changed.
    #[error("{0}")]
    Failed(String),
    /// Everything was written, but the system could not confirm that it reached the disk.
    #[error("{0}")]
    Unconfirmed(String),
    /// A rule refused the change; nothing was changed.
    #[error("{0}")]
    Refused(String),
}

impl StoreError {
    /// Whether the change took effect despite the error (its revisions are used up).
    pub fn applied(&self) -> bool {
        matches!(self, StoreError::Unconfirmed(_))
    }

    pub fn message(&self) -> &str {
        match self {
            StoreError::Conflict(m)
            | StoreError::ReadOnly(m)
            | StoreError::NotFound(m)
            | StoreError::Damaged(m)
            | StoreError::Failed(m)
            | StoreError::Unconfirmed(m)
            | StoreError::Refused(m) => m,
        }
    }
}

impl From<StoreError> for String {
    fn from(e: StoreError) -> String {
        e.message().to_string()
    }
}

/// What the order list, the search and the lifecycle's timing need of an order, without the rest.
/// Its moments are kept as nanoseconds in the index: read ten thousand times at every start, a
/// number costs far less than a date to parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: String,
    pub revision: u64,
    pub status: Status,
    pub name: String,
    pub numbers: Vec<PhoneNumber>,
    pub carrier_id: Option<String>,
    pub carrier_name: Option<String>,
    pub country: Option<Country>,
    #[serde(with = "date_as_numbers")]
    pub port_date: Option<jiff::civil::Date>,
    #[serde(with = "jiff::fmt::serde::timestamp::nanosecond::required")]
    pub created_at: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::nanosecond::required")]
    pub updated_at: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::nanosecond::optional")]
    pub status_since: Option<Timestamp>,
    #[serde(with = "jiff::fmt::serde::timestamp::nanosecond::optional")]
    pub foc_at: Option<Timestamp>,
    /// The latest moment in the order's timeline: the simulated clock may not go back before it.
    #[serde(with = "jiff::fmt::serde::timestamp::nanosecond::optional")]
    pub last_event_at: Option<Timestamp>,
    /// Written by a newer portwiz: shown, never changed.
    pub read_only: bool,
}

/// A date as its year, month and day numbers: read ten thousand times at every start, numbers
/// cost far less than text to parse; numbers that are no date are refused as damage.
mod date_as_numbers {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(|d| (d.year(), d.month(), d.day())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<(i16, i8, i8)>::deserialize(d)?
            .map(|(year, month, day)| Date::new(year, month, day).map_err(serde::de::Error::custom))
            .transpose()
    }
}

impl OrderSummary {
    pub fn of(order: &Order, read_only: bool) -> OrderSummary {
        OrderSummary {
            id: order.id.clone(),
            revision: order.revision,
            status: order.status,
            name: order.fields.order_name.trim().to_string(),
            numbers: order.numbers().to_vec(),
            carrier_id: order.fields.group.as_ref().map(|g| g.carrier_id.clone()),
            carrier_name: order.carrier_name().map(str::to_string),
            country: order.fields.country,
            port_date: order.port_date(),
            created_at: order.created_at,
            updated_at: order.updated_at,
            status_since: order.status_since,
            foc_at: order.foc_at.as_ref().map(Zoned::timestamp),
            last_event_at: order.timeline.iter().map(|e| e.at).max(),
            read_only,
        }
    }

    /// The name to show: the order name, or a placeholder for an unnamed draft.
    pub fn display_name(&self) -> String {
        crate::domain::order::display_name(&self.name)
    }

    pub fn numbers(&self) -> &[PhoneNumber] {
        &self.numbers
    }

    pub fn carrier_name(&self) -> Option<&str> {
        self.carrier_name.as_deref()
    }

    pub fn port_date(&self) -> Option<jiff::civil::Date> {
        self.port_date
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    pub fn since(&self) -> Timestamp {
        self.status_since.unwrap_or(self.updated_at)
    }
}

/// Who holds an order open for editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: Timestamp,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (process {}) since {}",
            strip_controls(&self.user),
            strip_controls(&self.host),
            self.pid,
            stamp_et(self.since)
        )
    }
}

/// An order held open for editing (or a new order's reserved ID); it goes when this is dropped, or
/// when the process holding it dies.
pub struct OrderLock {
    _held: Box<dyn Send>,
}

impl OrderLock {
    pub fn new(held: impl Send + 'static) -> OrderLock {
        OrderLock {
            _held: Box::new(held),
        }
    }
}

impl fmt::Debug for OrderLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OrderLock")
    }
}

/// What listing the orders found, beside the orders themselves.
#[derive(Debug, Default)]
pub struct Listing {
    pub orders: Vec<OrderSummary>,
    /// Damaged files moved aside: (file name, where it went, why).
    pub quarantined: Vec<(String, PathBuf, String)>,
    /// Files from a newer portwiz that cannot be read at all: left where they are, with why.
    pub left_alone: Vec<(String, String)>,
    /// Orders brought up to date: (ID, the version they had, the backup of the original).
    pub migrated: Vec<(String, u32, PathBuf)>,
    /// Files that could not be read, with why.
    pub unreadable: Vec<(String, String)>,
    /// Files named for another ID than the one inside them. Never listed or written.
    pub misnamed: Vec<Misnamed>,
}

/// An order file whose name is not its order's ID: a copy of the order kept under its own name,
/// or (when no file has that name) a file renamed by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Misnamed {
    pub file: String,
    pub order: OrderSummary,
    /// No `<ID>.json` holds the order it claims: the file was renamed, not copied.
    pub renamed: bool,
}

impl Listing {
    /// IDs of orders written by a newer portwiz.
    pub fn read_only(&self) -> Vec<String> {
        self.orders
            .iter()
            .filter(|o| o.read_only)
            .map(|o| o.id.clone())
            .collect()
    }

    /// Whether something is wrong (as opposed to merely worth knowing).
    pub fn has_trouble(&self) -> bool {
        !(self.quarantined.is_empty()
            && self.unreadable.is_empty()
            && self.left_alone.is_empty()
            && self.misnamed.is_empty())
    }

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
        for Misnamed {
            file,
            order,
            renamed,
        } in &self.misnamed
        {
            let (file, id) = (strip_controls(file), strip_controls(&order.id));
            lines.push(if *renamed {
                format!(
                    "Rename {file} back to {id}.json to list it again: it holds order {id} under another name (no {id}.json exists), so it is not listed or written"
                )
            } else {
                format!(
                    "Order file {file} says it is order {id}, which is kept as {id}.json: it is not listed and never written. If it is a copy, compare and delete it; if it is another order, rename the file after the ID inside it"
                )
            });
        }
        for (name, why) in self.unreadable.iter().chain(&self.left_alone) {
            lines.push(format!(
                "Order file {}: {why}; it was left as it is",
                strip_controls(name)
            ));
        }
        let read_only = self.read_only();
        if !read_only.is_empty() {
            lines.push(format!(
                "{} order{} from a newer portwiz can be viewed but not changed: {}",
                read_only.len(),
                if read_only.len() == 1 { "" } else { "s" },
                read_only.join(", ")
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

/// A document saved with a revision check (the inventory, the CSR book): its revision, which a save
/// raises by one.
pub(crate) trait Revised: serde::Serialize {
    fn revision_mut(&mut self) -> &mut u64;
}

impl Revised for Inventory {
    fn revision_mut(&mut self) -> &mut u64 {
        &mut self.revision
    }
}

impl Revised for CsrBook {
    fn revision_mut(&mut self) -> &mut u64 {
        &mut self.revision
    }
}

/// One transaction's view of the store: what it reads is what no other session can change until it
/// ends, and what it puts is committed together when the work returns `Ok`, or not at all.
pub trait Txn {
    fn summaries(&mut self) -> Result<Vec<OrderSummary>, StoreError>;
    /// Orders kept only in a file named for another ID ([`Misnamed`] and renamed): never listed or
    /// written, but a new order must not repeat one. A store without file names has none.
    fn renamed_orders(&mut self) -> Result<Vec<OrderSummary>, StoreError> {
        Ok(Vec::new())
    }
    fn order(&mut self, id: &str) -> Result<Order, StoreError>;
    /// `None` for a new store (the caller then starts from the sample organization).
    fn inventory(&mut self) -> Result<Option<Inventory>, StoreError>;
    fn clock(&mut self) -> Result<Option<Zoned>, StoreError>;
    fn pin(&mut self) -> Result<Option<PinRecord>, StoreError>;
    /// The CSR requests made and their answers; `None` before the first request.
    fn csr_book(&mut self) -> Result<Option<CsrBook>, StoreError>;
    /// Stages the order with the next revision, after checking that the stored one is the revision
    /// it was read at.
    fn put_order(&mut self, order: &mut Order) -> Result<(), StoreError>;
    /// Stages an order exactly as it is, its revision too, into a store that does not hold it
    /// (copying between stores); an order already there is a conflict.
    fn put_copy(&mut self, order: &Order) -> Result<(), StoreError>;
    /// Removes an order (and its LOA copy), checking its revision first.
    fn remove_order(&mut self, order: &Order) -> Result<(), StoreError>;
    fn put_inventory(&mut self, inventory: &mut Inventory) -> Result<(), StoreError>;
    fn put_clock(&mut self, now: &Zoned) -> Result<(), StoreError>;
    fn put_pin(&mut self, record: &PinRecord) -> Result<(), StoreError>;
    /// Stages the CSR book with the next revision, after checking the stored one's.
    fn put_csr_book(&mut self, book: &mut CsrBook) -> Result<(), StoreError>;
    /// Stages a document (an LOA copy) under a name the program made, to be kept with the rest.
    fn put_document(&mut self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError>;
}

/// A value that changes whenever another session changes the store: cheap to read every second.
pub type ChangeMark = Vec<i128>;

/// Which statuses a listing wants the summaries of.
pub type Wanted = dyn Fn(Status) -> bool + Sync;

pub trait Store: Send {
    /// Which store this is, for the header and messages (never with a password).
    fn describe(&self) -> String;
    /// The folder the store keeps its files in, if it is one on this machine: nothing else is to
    /// be written there.
    fn folder(&self) -> Option<&std::path::Path> {
        None
    }
    /// What the header calls the store when it is a team's rather than this machine's data
    /// directory (never with a password).
    fn shared_as(&self) -> Option<String> {
        None
    }
    /// Every order's summary.
    fn list(&self) -> Result<Listing, StoreError> {
        self.list_where(&|_| true)
    }
    /// The summaries of the orders whose status is wanted (with what is wrong with any file).
    fn list_where(&self, wanted: &Wanted) -> Result<Listing, StoreError>;
    fn order(&self, id: &str) -> Result<Order, StoreError>;
    /// Several orders, in the order of `ids`: one request where the store can answer it so (a
    /// database), one read each otherwise.
    fn orders(&self, ids: &[&str]) -> Result<Vec<Order>, StoreError> {
        ids.iter().map(|id| self.order(id)).collect()
    }
    fn inventory(&self) -> Result<Option<Inventory>, StoreError>;
    fn clock(&self) -> Result<Option<Zoned>, StoreError>;
    fn pin(&self) -> Result<Option<PinRecord>, StoreError>;
    fn csr_book(&self) -> Result<Option<CsrBook>, StoreError>;
    /// Runs `work` alone against the store, then commits what it put; an error from `work` commits
    /// nothing.
    fn transact(
        &self,
        work: &mut dyn FnMut(&mut dyn Txn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Takes an order's editing lock, or says who holds it.
    fn lock_order(&self, id: &str, now: Timestamp) -> Result<OrderLock, StoreError>;
    /// A new order ID, `PW-YYMMDD-NNN`, unique across the store and reserved (with its editing lock)
    /// until the lock goes: no other session or command can take it meanwhile.
    fn reserve_order_id(
        &self,
        day: &Zoned,
        now: Timestamp,
    ) -> Result<(String, OrderLock), StoreError>;
    /// Gives back a reserved ID whose order was never saved.
    fn discard_reservation(&self, id: &str, lock: OrderLock);
    /// Keeps a document (an LOA copy) under a name the program made.
    fn put_document(&self, stored_name: &str, bytes: &[u8]) -> Result<(), StoreError>;
    /// Where a document can be opened by other programs (a PDF viewer).
    fn document_path(&self, stored_name: &str) -> Option<PathBuf>;
    /// Several documents' bytes, in the order of `names` (`None` for one that cannot be read):
    /// one request where the store can answer it so, one file each otherwise.
    fn documents(&self, names: &[&str]) -> Vec<Option<Vec<u8>>> {
        names
            .iter()
            .map(|name| {
                let path = self.document_path(name)?;
                crate::safe_file::read_regular(&path, crate::loa::MAX_LOA_BYTES).ok()
            })
            .collect()
    }
    fn change_mark(&self) -> ChangeMark;
}

/// Runs `work` as one transaction and gives back what it returns.
pub fn transaction<T>(
    store: &dyn Store,
    work: impl FnOnce(&mut dyn Txn) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut work = Some(work);
    let mut result = None;
    store.transact(&mut |tx| {
        let work = work
            .take()
            .ok_or_else(|| StoreError::Failed("a transaction ran twice".into()))?;
        result = Some(work(tx)?);
        Ok(())
    })?;
    result.ok_or_else(|| StoreError::Failed("the transaction did not run".into()))
}

/// Saves one order; on failure it keeps the revision it had (the caller keeps the edits).
pub fn save_order(store: &dyn Store, order: &mut Order) -> Result<(), StoreError> {
    let revision = order.revision;
    let mut staged = order.clone();
    match store.transact(&mut |tx| {
        staged = order.clone();
        tx.put_order(&mut staged)
    }) {
        Ok(()) => {
            order.revision = staged.revision;
            Ok(())
        }
        Err(e) => {
            order.revision = if e.applied() {
                staged.revision
            } else {
                revision
            };
            Err(e)
        }
    }
}

/// Every order in full, in the list's order (for tools and tests: the app reads summaries, and an
/// order only when it is opened).
pub fn all_orders(store: &dyn Store) -> Vec<Order> {
    store
        .list()
        .map(|listing| {
            listing
                .orders
                .iter()
                .filter_map(|s| store.order(&s.id).ok())
                .collect()
        })
        .unwrap_or_default()
}

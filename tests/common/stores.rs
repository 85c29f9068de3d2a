//! Data directories for the tests of multi-document operations: orders waiting to complete, a PIN
//! record, import files, copies of a prepared store, and a snapshot of every document in a store to
//! compare a store with what it held before and after a change.

use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::{Advance, Clock, parse_moment};
use portwiz::domain::phone::PhoneNumber;
use portwiz::domain::status::Status;
use portwiz::store::{DirStore, Store, all_orders};
use portwiz::workspace::{ClockTarget, Workspace};
use std::hash::{Hash, Hasher};
use std::path::Path;

pub const START: &str = "2026-11-20T10:00:00-05:00";
/// The port-out PIN of the prepared stores.
pub const PORT_OUT_PIN: &str = "1357924680";
pub const WRONG_PIN: &str = "0000000000";

/// A session on `dir` with the simulated clock (the stored one, once there is one).
pub fn session(dir: &Path) -> Workspace {
    session_on(DirStore::open(dir).unwrap())
}

pub fn session_on(store: DirStore) -> Workspace {
    Workspace::open(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        Clock::Simulated(parse_moment(START).unwrap()),
    )
}

pub fn number(text: &str) -> PhoneNumber {
    PhoneNumber::parse(text).unwrap()
}

/// Writes an order file for `orders import` with the fixture's fields, the given name and numbers,
/// and the fixture LOA by its full path.
pub fn import_file(path: &Path, name: &str, numbers: &str) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture.join("import_order.json")).unwrap()).unwrap();
    value["fields"]["order_name"] = name.into();
    value["fields"]["numbers_text"] = numbers.into();
    // The fixture's usages are for its own numbers: these take their kind's default.
    value["fields"]["number_usage"] = serde_json::json!({});
    value["fields"]["loa_path"] = fixture
        .join("loa.pdf")
        .to_string_lossy()
        .into_owned()
        .into();
    std::fs::write(path, serde_json::to_vec(&value).unwrap()).unwrap();
}

/// A data directory with `count` orders whose FOC is confirmed (each with numbers of its own), and
/// the moment after every one of them is due to complete.
pub fn foc_confirmed_store(dir: &Path, count: usize) -> jiff::Zoned {
    let mut ws = session(dir);
    let mut out = Vec::new();
    let file = dir.join("import.json");
    import_file(&file, "Imported move", "2127365001\n2127365002");
    assert_eq!(
        portwiz::cli::status(&portwiz::cli::orders_import(
            &mut ws, &file, None, false, &mut out
        )),
        0
    );
    std::fs::remove_file(&file).unwrap();
    let id = ws.list().unwrap().orders[0].id.clone();
    let mut order = ws.order(&id).unwrap();
    portwiz::lifecycle::submit(&mut order, ws.network.as_ref(), ws.clock.now().timestamp())
        .unwrap();
    ws.save_order(&mut order).unwrap();
    ws.advance_clock(ClockTarget::Step(Advance::BusinessDays(3)))
        .unwrap();
    let template = ws.order(&id).unwrap();
    assert_eq!(template.status, Status::FocConfirmed);
    for i in 1..count {
        let mut copy = template.clone();
        copy.id = format!("PW-261120-{:03}", i + 100);
        copy.revision = 0;
        let group = copy.fields.group.as_mut().unwrap();
        group.numbers = (0..3)
            .map(|n| number(&format!("212736{:04}", 1000 + i * 3 + n)))
            .collect();
        ws.save_order(&mut copy).unwrap();
    }
    template
        .foc_at
        .unwrap()
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap()
}

/// Sets the port-out PIN and makes `wrong` wrong tries at `real_now`, so that the next right PIN
/// also rewrites the PIN record.
pub fn pin_store(dir: &Path, wrong: u32, real_now: jiff::Timestamp) {
    let mut ws = session(dir);
    ws.set_pin(PORT_OUT_PIN, PORT_OUT_PIN).unwrap();
    for _ in 0..wrong {
        let refused = ws
            .port_out(&[number("2025443300")], WRONG_PIN, real_now)
            .unwrap_err();
        assert!(refused.contains("does not match"), "{refused}");
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if !entry.file_name().to_string_lossy().ends_with(".lock") {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `portwiz` binary on `dir`, on the stored simulated clock.
pub fn binary(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(args)
        .env("PORTWIZ_DATA_DIR", dir)
        .env_remove("PORTWIZ_NOW")
        .output()
        .unwrap()
}

/// Every document of a store as a session reads it, and what lies around besides.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Each order: ID, status, revision, and its LOA copy's name.
    pub orders: Vec<(String, Status, u64, Option<String>)>,
    pub inventory: Option<serde_json::Value>,
    pub clock: Option<jiff::Timestamp>,
    /// The PIN record: its hash and wrong tries.
    pub pin: Option<(String, u32)>,
    /// The kept documents: name and a digest of the bytes.
    pub documents: Vec<(String, u64)>,
}

impl Snapshot {
    /// Reads the store as the next session would (opening it finishes an interrupted change).
    pub fn of(dir: &Path) -> Snapshot {
        let store = DirStore::open(dir).unwrap();
        let mut orders: Vec<_> = all_orders(&store)
            .into_iter()
            .map(|o| {
                let loa = o.fields.loa.as_ref().map(|l| l.stored_name.clone());
                (o.id, o.status, o.revision, loa)
            })
            .collect();
        orders.sort_by(|a, b| a.0.cmp(&b.0));
        // A killed writer's temporary is no document: the next write of a document sweeps it.
        let mut documents: Vec<_> = std::fs::read_dir(dir.join("documents"))
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
            .map(|e| {
                let mut digest = std::hash::DefaultHasher::new();
                std::fs::read(e.path()).unwrap().hash(&mut digest);
                (
                    e.file_name().to_string_lossy().into_owned(),
                    digest.finish(),
                )
            })
            .collect();
        documents.sort();
        Snapshot {
            orders,
            inventory: store
                .inventory()
                .unwrap()
                .map(|i| serde_json::to_value(i).unwrap()),
            clock: store.clock().unwrap().map(|c| c.timestamp()),
            pin: store.pin().unwrap().map(|p| (p.hash, p.wrong_tries)),
            documents,
        }
    }

    /// Every order's LOA copy is kept, and no copy is kept without its order.
    pub fn documents_match_orders(&self) -> bool {
        let named: Vec<&str> = self.orders.iter().filter_map(|o| o.3.as_deref()).collect();
        named
            .iter()
            .all(|n| self.documents.iter().any(|(d, _)| d == n))
            && self
                .documents
                .iter()
                .all(|(d, _)| named.contains(&d.as_str()))
    }
}

/// Files a finished change never leaves: the journal and temporaries, anywhere in the store.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sub in ["", "orders", "documents"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") || name == "journal.json" {
                found.push(format!("{sub}/{name}"));
            }
        }
    }
    found
}

/// A small, seeded random source for the kill loops, so a failing run can be repeated.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

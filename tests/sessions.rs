//! Two sessions never silently overwrite each other: 2 to 8 processes work on one order at once,
//! each through the order's lock and the revision check. Nobody holds the lock together with anyone
//! else, and no update is lost; without the lock, races end as visible conflicts, never as lost
//! updates; a killed holder frees the lock at once.
#![cfg(target_os = "linux")]

use portwiz::domain::order::Order;
use portwiz::store::{DirStore, Store};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const DIR_VAR: &str = "PORTWIZ_SESSION_DIR";
const MODE_VAR: &str = "PORTWIZ_SESSION_MODE";
const ID: &str = "PW-261120-001";
const ROUNDS: usize = 40;

fn nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// One increment of the shared counter: load, add one, save with the revision check.
fn increment(store: &DirStore) -> Result<(), String> {
    let mut order = portwiz::store::all_orders(store)
        .into_iter()
        .find(|o| o.id == ID)
        .ok_or("no order")?;
    let n: u64 = order.fields.city.parse().unwrap_or(0);
    order.fields.city = (n + 1).to_string();
    portwiz::store::save_order(store, &mut order).map_err(|e| e.to_string())
}

/// The child: `locked` rounds go through the lock; `unlocked` rounds race on purpose; `hold` takes the
/// lock and waits to be killed.
#[test]
#[ignore = "run by the session tests as their child process"]
fn session_child() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let store = DirStore::open(Path::new(&dir)).unwrap();
    let mode = std::env::var(MODE_VAR).unwrap_or_default();
    let log_path = Path::new(&dir).join("holders.log");
    let (mut done, mut refused, mut conflicts) = (0, 0, 0);
    if mode == "hold" {
        let _lock = store.lock_order(ID, now()).unwrap();
        eprintln!("holding");
        std::thread::sleep(Duration::from_secs(600));
    }
    for round in 0..ROUNDS {
        let lock = if mode == "locked" {
            store.lock_order(ID, now())
        } else {
            Err(portwiz::store::StoreError::Failed(String::new()))
        };
        if mode == "locked" && lock.is_err() {
            refused += 1;
        } else {
            let mut log = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&log_path)
                .unwrap();
            let start = nanos();
            let result = increment(&store);
            let end = nanos();
            if mode == "locked" {
                log.write_all(format!("{start} {end}\n").as_bytes())
                    .unwrap();
            }
            match result {
                Ok(()) => done += 1,
                Err(e) if e.contains("changed in another session") => conflicts += 1,
                Err(e) => panic!("unexpected: {e}"),
            }
        }
        drop(lock);
        std::thread::sleep(Duration::from_micros(200 + (round as u64 * 37) % 700));
    }
    eprintln!("done {done} refused {refused} conflicts {conflicts}");
}

struct Outcome {
    done: u64,
    refused: u64,
    conflicts: u64,
    counter: u64,
    double_holders: usize,
}

fn spawn(dir: &Path, mode: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "session_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .env(MODE_VAR, mode)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn race(processes: usize, mode: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let store = DirStore::open(dir.path()).unwrap();
    let mut order = Order::new_draft(ID.into(), "2026-11-20T15:00:00Z".parse().unwrap());
    order.fields.city = "0".into();
    portwiz::store::save_order(&store, &mut order).unwrap();
    let children: Vec<_> = (0..processes).map(|_| spawn(dir.path(), mode)).collect();
    let mut outcome = Outcome {
        done: 0,
        refused: 0,
        conflicts: 0,
        counter: 0,
        double_holders: 0,
    };
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stderr);
        let line = text
            .lines()
            .find(|l| l.starts_with("done "))
            .expect("the child reports");
        let n: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        outcome.done += n[0];
        outcome.refused += n[1];
        outcome.conflicts += n[2];
    }
    outcome.counter = portwiz::store::all_orders(&store)[0]
        .fields
        .city
        .parse()
        .unwrap();
    // Holding intervals must never overlap.
    if let Ok(log) = std::fs::read_to_string(dir.path().join("holders.log")) {
        let mut spans: Vec<(u128, u128)> = log
            .lines()
            .map(|l| {
                let mut parts = l.split_whitespace().map(|p| p.parse::<u128>().unwrap());
                (parts.next().unwrap(), parts.next().unwrap())
            })
            .collect();
        spans.sort();
        outcome.double_holders = spans.windows(2).filter(|w| w[1].0 < w[0].1).count();
    }
    outcome
}

#[test]
fn two_to_eight_sessions_never_hold_together_nor_lose_an_update() {
    for processes in [2, 4, 8] {
        let o = race(processes, "locked");
        eprintln!(
            "{processes} sessions with the lock: {} updates, {} refused while held, {} conflicts, {} double holders, counter {}",
            o.done, o.refused, o.conflicts, o.double_holders, o.counter
        );
        assert_eq!(o.double_holders, 0);
        assert_eq!(o.counter, o.done, "lost updates: {}", o.done - o.counter);
        assert_eq!(
            o.conflicts, 0,
            "with the lock, the revision check never has to step in"
        );
        assert!(o.done > 0);
    }
}

#[test]
fn without_the_lock_races_end_as_conflicts_never_as_lost_updates() {
    let o = race(4, "unlocked");
    eprintln!(
        "4 sessions without the lock: {} updates, {} conflicts, counter {}",
        o.done, o.conflicts, o.counter
    );
    assert_eq!(
        o.counter, o.done,
        "every acknowledged update is in the file"
    );
}

#[test]
fn a_killed_holder_frees_the_lock_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = DirStore::open(dir.path()).unwrap();
    let mut holder = spawn(dir.path(), "hold");
    let mut lines = BufReader::new(holder.stderr.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap() == "holding"));
    let err = store.lock_order(ID, now()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("(process {})", holder.id())),
        "the holder is named: {err}"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    let freed = Instant::now();
    let deadline = freed + Duration::from_secs(5);
    while store.lock_order(ID, now()).is_err() {
        assert!(Instant::now() < deadline, "the lock was not freed");
        std::thread::sleep(Duration::from_millis(1));
    }
    eprintln!("lock handover after the holder died: {:?}", freed.elapsed());
    // "At once": no stale-lock timeout to wait out (the measured figure is in docs/RELIABILITY.md).
    assert!(freed.elapsed() < Duration::from_secs(1));
}

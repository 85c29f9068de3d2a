//! Crash safety: a child process saves an order again and again, printing each revision once its save
//! returned; the parent kills it with SIGKILL at random moments and checks every reload. The file must
//! always parse and hold the last acknowledged revision or the next one; temporaries left by the
//! crash are swept when the store opens again.
#![cfg(target_os = "linux")]

mod common;

use common::stores::{binary, copy_dir, foc_confirmed_store};
use portwiz::domain::order::Order;
use portwiz::store::DirStore;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DIR_VAR: &str = "PORTWIZ_SAVE_LOOP_DIR";
const ID: &str = "PW-261120-001";

/// The child: saves forever (until killed), printing `ack N` (on standard error,
/// which is unbuffered) after each save of revision N returns.
#[test]
#[ignore = "run by the crash tests as their child process"]
fn save_loop_child() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let store = DirStore::open(Path::new(&dir)).unwrap();
    let mut order = portwiz::store::all_orders(&store)
        .into_iter()
        .find(|o| o.id == ID)
        .unwrap_or_else(|| Order::new_draft(ID.into(), "2026-11-20T15:00:00Z".parse().unwrap()));
    let filler = "x".repeat(2_000);
    loop {
        order.fields.city = format!("revision {} {filler}", order.revision + 1);
        portwiz::store::save_order(&store, &mut order).unwrap();
        // Standard error is unbuffered: the line is out before the next save starts.
        eprintln!("ack {}", order.revision);
    }
}

/// A small, seeded random source, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[derive(Debug, Default)]
struct Report {
    iterations: usize,
    corrupt_loads: usize,
    lost_acknowledged: usize,
    orphans_swept: usize,
    last_revision: u64,
}

fn stored_revision(dir: &Path) -> Option<u64> {
    let bytes = std::fs::read(dir.join("orders").join(format!("{ID}.json"))).ok()?;
    let order: Order = serde_json::from_slice(&bytes).ok()?;
    Some(order.revision)
}

fn kill_loop(iterations: usize, seed: u64) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut random = Lcg(seed);
    let mut report = Report::default();
    let mut acknowledged = 0u64;
    for _ in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "save_loop_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DIR_VAR, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(2_000 + random.next() % 25_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut out = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        if let Some(last) = out
            .lines()
            .filter_map(|l| l.strip_prefix("ack "))
            .filter_map(|n| n.parse().ok())
            .next_back()
        {
            acknowledged = last;
        }
        let file = dir.path().join("orders").join(format!("{ID}.json"));
        match stored_revision(dir.path()) {
            Some(revision) if revision == acknowledged || revision == acknowledged + 1 => {
                report.last_revision = revision;
                acknowledged = revision;
            }
            Some(revision) if revision < acknowledged => report.lost_acknowledged += 1,
            Some(revision) => {
                eprintln!("unexpected revision {revision} after ack {acknowledged}");
                report.corrupt_loads += 1;
            }
            None if file.exists() => {
                let bytes = std::fs::read(&file).unwrap();
                eprintln!(
                    "unparseable file of {} bytes after ack {acknowledged}: starts {:?}",
                    bytes.len(),
                    String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
                );
                report.corrupt_loads += 1;
            }
            None if acknowledged > 0 => report.lost_acknowledged += 1,
            None => {}
        }
        let temporaries = || {
            std::fs::read_dir(dir.path().join("orders"))
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                        .count()
                })
                .unwrap_or(0)
        };
        report.orphans_swept += temporaries();
        DirStore::open(dir.path()).unwrap();
        assert_eq!(
            temporaries(),
            0,
            "opening the store sweeps every temporary of a dead writer"
        );
        report.iterations += 1;
    }
    report
}

#[test]
fn sigkill_at_random_moments_never_breaks_or_loses_a_saved_draft() {
    let report = kill_loop(1_000, 0x5eed_2026);
    eprintln!("crash safety: {report:?}");
    assert_eq!(report.corrupt_loads, 0, "{report:?}");
    assert_eq!(report.lost_acknowledged, 0, "{report:?}");
    assert!(
        report.last_revision > 100,
        "the child really saved between kills: {report:?}"
    );
}

#[test]
#[ignore = "long run: cargo test --test crash -- --ignored long_kill_loop"]
fn long_kill_loop() {
    let report = kill_loop(20_000, 0x0dd_ba11);
    eprintln!("crash safety (long): {report:?}");
    assert_eq!(
        (report.corrupt_loads, report.lost_acknowledged),
        (0, 0),
        "{report:?}"
    );
}

#[test]
fn sigkill_during_a_clock_step_over_80_orders_completes_all_of_them_or_none() {
    let template = tempfile::tempdir().unwrap();
    let after = foc_confirmed_store(template.path(), 80);
    let moment = after.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    // How long the whole step takes, so that the kills fall across all of it.
    let probe = tempfile::tempdir().unwrap();
    copy_dir(template.path(), probe.path());
    let started = std::time::Instant::now();
    assert!(
        binary(probe.path(), &["clock", "set", &moment])
            .status
            .success()
    );
    let span = started.elapsed().as_micros() as u64;
    let mut random = Lcg(0x80_f0c5);
    let (mut none, mut all) = (0, 0);
    for _ in 0..40 {
        let run = tempfile::tempdir().unwrap();
        copy_dir(template.path(), run.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_portwiz"))
            .args(["clock", "set", &moment])
            .env("PORTWIZ_DATA_DIR", run.path())
            .env_remove("PORTWIZ_NOW")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Most of the run is starting, reading and flushing the new files; the kills fall from its
        // middle to past its end, so that some land while the journal is applied.
        std::thread::sleep(Duration::from_micros(span / 2 + random.next() % (span + 1)));
        let _ = child.kill();
        child.wait().unwrap();
        let numbers = binary(run.path(), &["numbers", "list", "--json"]);
        assert!(
            numbers.status.success(),
            "{}",
            String::from_utf8_lossy(&numbers.stderr)
        );
        let owned: Vec<serde_json::Value> = serde_json::from_slice(&numbers.stdout).unwrap();
        let store = DirStore::open(run.path()).unwrap();
        let orders = portwiz::store::all_orders(&store);
        let completed: Vec<&Order> = orders
            .iter()
            .filter(|o| o.status == portwiz::domain::status::Status::Completed)
            .collect();
        match completed.len() {
            0 => none += 1,
            80 => all += 1,
            n => panic!("{n} of 80 orders completed: a clock step is all or nothing"),
        }
        for order in &completed {
            for n in order.numbers() {
                assert!(
                    owned
                        .iter()
                        .any(|o| o["number"] == n.e164() && o["order"] == order.id.as_str()),
                    "{} of {} is in the inventory",
                    n.e164(),
                    order.id
                );
            }
        }
        let advance = binary(run.path(), &["clock", "advance", "1h"]);
        assert!(
            advance.status.success(),
            "{}",
            String::from_utf8_lossy(&advance.stderr)
        );
    }
    eprintln!("clock step killed 40 times over {span} us: {none} before the commit, {all} after");
}

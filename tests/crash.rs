//! Crash safety: a child process saves an order again and again, printing each revision once its save
//! returned; the parent kills it with SIGKILL at random moments and checks every reload. The file must
//! always parse and hold the last acknowledged revision or the next one; temporaries left by the
//! crash are swept when the store opens again.
#![cfg(target_os = "linux")]

mod common;

use common::stores::{
    Lcg, PORT_OUT_PIN, Snapshot, binary, copy_dir, foc_confirmed_store, import_file, pin_store,
};
use portwiz::domain::order::Order;
use portwiz::store::{DirStore, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DIR_VAR: &str = "PORTWIZ_SAVE_LOOP_DIR";
const ID: &str = "PW-261120-001";

/// The child: saves forever (until killed), printing `ack N` (on standard error,
/// which is unbuffered) after each save of revision N returns.
fn save_loop_child(_role: &str) {
    let dir = std::env::var_os(DIR_VAR).expect("the save loop child needs PORTWIZ_SAVE_LOOP_DIR");
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

#[derive(Debug, Default)]
struct Report {
    iterations: usize,
    /// Saves the parent waited to see acknowledged before it killed the child.
    saves_waited_for: u64,
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

/// The revision in an `ack N` line of the child.
fn acknowledged_in(line: &str) -> Option<u64> {
    line.strip_prefix("ack ")?.parse().ok()
}

fn kill_loop(iterations: usize, seed: u64) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let mut random = Lcg(seed);
    let mut report = Report::default();
    let mut acknowledged = 0u64;
    for _ in 0..iterations {
        let mut child = common::child::command("save loop")
            .env(DIR_VAR, dir.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut said = BufReader::new(child.stderr.take().unwrap()).lines();
        // The kill comes once a random number of this child's saves have returned (none: while it
        // starts), and lands wherever the next save is by then.
        let wanted = random.next() % 5;
        let mut seen = 0;
        while seen < wanted {
            let line = said
                .next()
                .expect("the child saves until it is killed")
                .unwrap();
            if let Some(revision) = acknowledged_in(&line) {
                acknowledged = revision;
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if let Some(last) = said
            .map_while(Result::ok)
            .filter_map(|line| acknowledged_in(&line))
            .last()
        {
            acknowledged = last;
        }
        report.saves_waited_for += wanted;
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
        portwiz::store::Store::list(&DirStore::open(dir.path()).unwrap()).unwrap();
        assert_eq!(
            temporaries(),
            0,
            "listing the orders sweeps every temporary of a dead writer"
        );
        report.iterations += 1;
    }
    report
}

#[test]
fn sigkill_at_random_moments_never_breaks_or_loses_a_saved_draft() {
    if common::child::played(save_loop_child) {
        return;
    }
    let report = kill_loop(1_000, 0x5eed_2026);
    eprintln!("crash safety: {report:?}");
    assert_eq!(report.corrupt_loads, 0, "{report:?}");
    assert_eq!(report.lost_acknowledged, 0, "{report:?}");
    assert!(
        report.last_revision >= report.saves_waited_for,
        "every save waited for is in the file: {report:?}"
    );
}

#[test]
#[ignore = "long run: cargo test --test crash -- --ignored long_kill_loop"]
fn long_kill_loop() {
    if common::child::played(save_loop_child) {
        return;
    }
    let report = kill_loop(20_000, 0x0dd_ba11);
    eprintln!("crash safety (long): {report:?}");
    assert_eq!(
        (report.corrupt_loads, report.lost_acknowledged),
        (0, 0),
        "{report:?}"
    );
}

/// What a SIGKILL loop over one command found.
#[derive(Debug, Default)]
struct Kills {
    /// Undisturbed, the command took this long (the kills fall from its middle to past its end).
    span_us: u64,
    /// Recovered to the store before the command.
    none: usize,
    /// Recovered to the whole change.
    all: usize,
    /// Killed while committing: a journal was there to finish.
    journals: usize,
}

/// Runs `portwiz ARGS` `runs` times over fresh copies of `template`, each killed with SIGKILL at a
/// random moment; after each, `judge` reads the store (the first command finishes a journal left
/// behind) and says whether the change was made: it panics on anything in between.
fn kill_during(
    template: &Path,
    args: &[&str],
    runs: usize,
    seed: u64,
    judge: impl Fn(&Path) -> bool,
) -> Kills {
    let probe = tempfile::tempdir().unwrap();
    copy_dir(template, probe.path());
    let started = std::time::Instant::now();
    let probed = binary(probe.path(), args);
    assert!(
        probed.status.success(),
        "{}",
        String::from_utf8_lossy(&probed.stderr)
    );
    let mut kills = Kills {
        span_us: started.elapsed().as_micros() as u64,
        ..Kills::default()
    };
    let mut random = Lcg(seed);
    for _ in 0..runs {
        let run = tempfile::tempdir().unwrap();
        copy_dir(template, run.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_portwiz"))
            .args(args)
            .env("PORTWIZ_DATA_DIR", run.path())
            .env_remove("PORTWIZ_NOW")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Most of a run is starting, reading and flushing the new files; the kills fall from its
        // middle to past its end, so that some land while the journal is applied.
        std::thread::sleep(Duration::from_micros(
            kills.span_us / 2 + random.next() % (kills.span_us + 1),
        ));
        let _ = child.kill();
        child.wait().unwrap();
        if run.path().join("journal.json").exists() {
            kills.journals += 1;
        }
        if judge(run.path()) {
            kills.all += 1;
        } else {
            kills.none += 1;
        }
    }
    kills
}

fn succeeds(output: &std::process::Output) -> bool {
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    output.status.success()
}

#[test]
fn sigkill_during_a_clock_step_over_80_orders_completes_all_of_them_or_none() {
    let template = tempfile::tempdir().unwrap();
    let after = foc_confirmed_store(template.path(), 80);
    let moment = after.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let kills = kill_during(
        template.path(),
        &["clock", "set", &moment],
        40,
        0x80_f0c5,
        |run| {
            let numbers = binary(run, &["numbers", "list", "--json"]);
            assert!(succeeds(&numbers));
            let owned: Vec<serde_json::Value> = serde_json::from_slice(&numbers.stdout).unwrap();
            let store = DirStore::open(run).unwrap();
            let orders = portwiz::store::all_orders(&store);
            let completed: Vec<&Order> = orders
                .iter()
                .filter(|o| o.status == portwiz::domain::status::Status::Completed)
                .collect();
            let all = match completed.len() {
                0 => false,
                80 => true,
                n => panic!("{n} of 80 orders completed: a clock step is all or nothing"),
            };
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
            assert!(succeeds(&binary(run, &["clock", "advance", "1h"])));
            all
        },
    );
    eprintln!("clock step over 80 orders killed 40 times: {kills:?}");
}

#[test]
fn sigkill_during_a_port_out_takes_the_numbers_and_resets_the_pin_count_together_or_not_at_all() {
    let template = tempfile::tempdir().unwrap();
    // One wrong try first, so that the right PIN also rewrites the PIN record.
    pin_store(template.path(), 1, jiff::Timestamp::now());
    let leaving = ["+12025443300", "+12025443301"];
    let args = [
        "port-out",
        "--pin",
        PORT_OUT_PIN,
        "2025443300",
        "2025443301",
    ];
    let kills = kill_during(template.path(), &args, 30, 0x0904_70c7, |run| {
        let numbers = binary(run, &["numbers", "list", "--json"]);
        assert!(succeeds(&numbers));
        let owned: Vec<serde_json::Value> = serde_json::from_slice(&numbers.stdout).unwrap();
        let gone = leaving
            .iter()
            .filter(|n| !owned.iter().any(|o| o["number"] == **n))
            .count();
        let store = DirStore::open(run).unwrap();
        let record = store.pin().unwrap().unwrap();
        let history = store
            .inventory()
            .unwrap()
            .map(|i| i.history)
            .unwrap_or_default();
        let recorded = history
            .iter()
            .filter(|e| e.detail.starts_with("Ported out"))
            .count();
        let all = match (gone, record.wrong_tries, recorded) {
            (0, 1, 0) => false,
            (2, 0, 2) => true,
            other => panic!("numbers gone, wrong tries, port-outs in the history: {other:?}"),
        };
        let again = binary(run, &args);
        if all {
            assert!(
                String::from_utf8_lossy(&again.stderr)
                    .contains("not one of the organization's numbers"),
                "{}",
                String::from_utf8_lossy(&again.stderr)
            );
        } else {
            assert!(succeeds(&again), "the port-out goes through after the kill");
        }
        all
    });
    eprintln!("port-out killed 30 times: {kills:?}");
}

#[test]
fn sigkill_during_an_import_keeps_the_order_with_its_loa_copy_or_neither() {
    let template = tempfile::tempdir().unwrap();
    foc_confirmed_store(template.path(), 2);
    let before = Snapshot::of(template.path());
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("import.json");
    import_file(&file, "Killed import", "2127365003");
    let file = file.to_string_lossy().into_owned();
    let kills = kill_during(
        template.path(),
        &["orders", "import", &file],
        30,
        0x1a_b0a7,
        |run| {
            let found = Snapshot::of(run);
            assert!(
                found.documents_match_orders(),
                "every order's LOA copy and no copy without its order: {found:?}"
            );
            let all = match found.orders.len() - before.orders.len() {
                0 => {
                    assert_eq!(found, before, "nothing of the import is left");
                    false
                }
                1 => true,
                n => panic!("{n} orders from one import"),
            };
            assert!(
                succeeds(&binary(run, &["orders", "import", &file])) != all,
                "importing again goes through, unless its numbers are already in the imported order"
            );
            all
        },
    );
    eprintln!("import killed 30 times: {kills:?}");
}

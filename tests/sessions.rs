//! Two sessions never silently overwrite each other: 2 to 8 processes work on one order at once,
//! each through the order's lock and the revision check. Nobody holds the lock together with anyone
//! else, and no update is lost; without the lock, races end as visible conflicts, never as lost
//! updates; a killed holder frees the lock at once.
#![cfg(target_os = "linux")]

mod common;

use common::stores::{
    PORT_OUT_PIN, WRONG_PIN, foc_confirmed_store, import_file, number, pin_store, session,
};
use portwiz::clock::Advance;
use portwiz::domain::inventory::{AssigneeKind, Usage};
use portwiz::domain::order::Order;
use portwiz::domain::pin::FREE_TRIES;
use portwiz::domain::status::Status;
use portwiz::store::{DirStore, Store};
use portwiz::workspace::ClockTarget;
use std::collections::{BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

const DIR_VAR: &str = "PORTWIZ_SESSION_DIR";
const ID: &str = "PW-261120-001";
const ROUNDS: usize = 40;
/// Where the lock holders note, under the lock, that they came and left: appends to one file are
/// ordered by the kernel, so the file's order is the order of the holders' writes.
const HOLDERS_LOG: &str = "holders.log";

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

fn load(store: &DirStore) -> Result<Order, String> {
    portwiz::store::all_orders(store)
        .into_iter()
        .find(|o| o.id == ID)
        .ok_or_else(|| "no order".to_string())
}

/// Adds one to the shared counter of `order` and saves it with the revision check.
fn save_incremented(store: &DirStore, mut order: Order) -> Result<(), String> {
    let n: u64 = order.fields.city.parse().unwrap_or(0);
    order.fields.city = (n + 1).to_string();
    portwiz::store::save_order(store, &mut order).map_err(|e| e.to_string())
}

fn is_conflict(error: &str) -> bool {
    error.contains("changed in another session")
}

/// Appends one line to the holders' log in one write.
fn note(log: &mut std::fs::File, what: &str) {
    log.write_all(format!("{what} {}\n", std::process::id()).as_bytes())
        .unwrap();
}

/// The child, by its role: `locked` takes the lock for each of its rounds, noting in the holders'
/// log when it came and left; `unlocked` loads and saves in the rounds its parent calls on standard
/// input, without the lock; `hold` takes the lock and waits to be killed.
fn session_child(role: &str) {
    let dir = std::env::var_os(DIR_VAR).expect("the session child needs PORTWIZ_SESSION_DIR");
    let store = DirStore::open(Path::new(&dir)).unwrap();
    match role {
        "hold" => {
            let _lock = store.lock_order(ID, now()).unwrap();
            eprintln!("holding");
            // Until the parent kills it: standard input stays open and silent.
            let _ = std::io::stdin().read_line(&mut String::new());
        }
        "locked" => {
            let mut log = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(Path::new(&dir).join(HOLDERS_LOG))
                .unwrap();
            let (mut done, mut refused, mut conflicts) = (0, 0, 0);
            for round in 0..ROUNDS {
                match store.lock_order(ID, now()) {
                    Err(_) => refused += 1,
                    Ok(lock) => {
                        note(&mut log, "enter");
                        match load(&store).and_then(|order| save_incremented(&store, order)) {
                            Ok(()) => done += 1,
                            Err(e) if is_conflict(&e) => conflicts += 1,
                            Err(e) => panic!("unexpected: {e}"),
                        }
                        note(&mut log, "leave");
                        drop(lock);
                    }
                }
                // Spreads the rounds, so that the processes meet at the lock.
                std::thread::sleep(Duration::from_micros(200 + (round as u64 * 37) % 700));
            }
            eprintln!("done {done} refused {refused} conflicts {conflicts}");
        }
        "unlocked" => {
            let mut order = None;
            for line in std::io::stdin().lines() {
                match line.unwrap().as_str() {
                    "load" => {
                        order = Some(load(&store).unwrap());
                        eprintln!("loaded");
                    }
                    "save" => match save_incremented(&store, order.take().unwrap()) {
                        Ok(()) => eprintln!("saved"),
                        Err(e) if is_conflict(&e) => eprintln!("conflict"),
                        Err(e) => panic!("unexpected: {e}"),
                    },
                    other => panic!("no command {other}"),
                }
            }
        }
        other => panic!("no session role {other}"),
    }
}

/// A data directory with the order whose city is the shared counter, at 0.
fn counter_store() -> (tempfile::TempDir, DirStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = DirStore::open(dir.path()).unwrap();
    let mut order = Order::new_draft(ID.into(), "2026-11-20T15:00:00Z".parse().unwrap());
    order.fields.city = "0".into();
    portwiz::store::save_order(&store, &mut order).unwrap();
    (dir, store)
}

fn counter(store: &DirStore) -> u64 {
    load(store).unwrap().fields.city.parse().unwrap()
}

fn spawn(dir: &Path, role: &str) -> std::process::Child {
    common::child::command(role)
        .env(DIR_VAR, dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How many times the holders' log shows a second holder: one that came while another held the
/// lock, or left while it did not hold it.
fn double_holders(log: &str) -> usize {
    let mut holder: Option<&str> = None;
    let mut doubles = 0;
    for line in log.lines() {
        match line.split_once(' ') {
            Some(("enter", who)) => {
                doubles += usize::from(holder.is_some());
                holder = Some(who);
            }
            Some(("leave", who)) => {
                doubles += usize::from(holder != Some(who));
                holder = None;
            }
            _ => panic!("not a line of the holders' log: {line:?}"),
        }
    }
    doubles
}

#[test]
fn two_to_eight_sessions_never_hold_together_nor_lose_an_update() {
    if common::child::played(session_child) {
        return;
    }
    for processes in [2, 4, 8] {
        let (dir, store) = counter_store();
        let children: Vec<_> = (0..processes)
            .map(|_| spawn(dir.path(), "locked"))
            .collect();
        let (mut done, mut refused, mut conflicts) = (0, 0, 0);
        for child in children {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{text}");
            let line = text
                .lines()
                .find(|l| l.starts_with("done "))
                .expect("the child reports");
            let n: Vec<u64> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            done += n[0];
            refused += n[1];
            conflicts += n[2];
        }
        let log = std::fs::read_to_string(dir.path().join(HOLDERS_LOG)).unwrap();
        let doubles = double_holders(&log);
        let counter = counter(&store);
        eprintln!(
            "{processes} sessions with the lock: {done} updates, {refused} refused while held, {conflicts} conflicts, {doubles} double holders, counter {counter}"
        );
        assert_eq!(
            log.lines().count() as u64,
            2 * (done + conflicts),
            "every holder noted its coming and going"
        );
        assert_eq!(doubles, 0, "{log}");
        assert_eq!(counter, done, "lost updates: {}", done - counter);
        assert_eq!(
            conflicts, 0,
            "with the lock, the revision check never has to step in"
        );
        assert_eq!(done + refused, (processes * ROUNDS) as u64);
        assert!(done > 0);
    }
}

#[test]
fn a_second_holder_in_the_holders_log_is_caught() {
    assert_eq!(double_holders("enter 1\nleave 1\nenter 2\nleave 2\n"), 0);
    assert_eq!(
        double_holders("enter 1\nenter 2\nleave 1\nleave 2\n"),
        3,
        "2 came while 1 held the lock, then each left while it did not hold it alone"
    );
    assert_eq!(double_holders("enter 1\nleave 2\n"), 1);
}

/// A session without the lock that loads and saves when told to, and says what happened.
struct Racer {
    child: std::process::Child,
    orders: std::process::ChildStdin,
    answers: std::io::Lines<BufReader<std::process::ChildStderr>>,
}

/// Tells every racer `command`, then waits for each one's answer.
fn tell(racers: &mut [Racer], command: &str) -> Vec<String> {
    for racer in racers.iter_mut() {
        writeln!(racer.orders, "{command}").unwrap();
    }
    racers
        .iter_mut()
        .map(|racer| racer.answers.next().expect("the racer answers").unwrap())
        .collect()
}

#[test]
fn without_the_lock_races_end_as_conflicts_never_as_lost_updates() {
    if common::child::played(session_child) {
        return;
    }
    const PROCESSES: usize = 4;
    let (dir, store) = counter_store();
    let mut racers: Vec<Racer> = (0..PROCESSES)
        .map(|_| {
            let mut child = spawn(dir.path(), "unlocked");
            Racer {
                orders: child.stdin.take().unwrap(),
                answers: BufReader::new(child.stderr.take().unwrap()).lines(),
                child,
            }
        })
        .collect();
    let (mut saved, mut conflicts) = (0, 0);
    for round in 0..ROUNDS {
        // Every session reads the same revision before any of them saves: the saves race.
        assert_eq!(tell(&mut racers, "load"), ["loaded"; PROCESSES]);
        let answers = tell(&mut racers, "save");
        let won = answers.iter().filter(|a| *a == "saved").count();
        let lost = answers.iter().filter(|a| *a == "conflict").count();
        assert_eq!(
            (won, lost),
            (1, PROCESSES - 1),
            "round {round}: one save goes through, the others are conflicts: {answers:?}"
        );
        saved += won;
        conflicts += lost;
    }
    for Racer {
        mut child, orders, ..
    } in racers
    {
        drop(orders);
        assert!(child.wait().unwrap().success());
    }
    let counter = counter(&store);
    eprintln!(
        "{PROCESSES} sessions without the lock, {ROUNDS} rounds: {saved} updates, {conflicts} conflicts, counter {counter}"
    );
    assert_eq!(
        counter, saved as u64,
        "every acknowledged update is in the file"
    );
}

#[test]
fn a_killed_holder_frees_the_lock_at_once() {
    if common::child::played(session_child) {
        return;
    }
    let (dir, store) = counter_store();
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
    // "At once": a dead process holds no lock, so the first try after it is reaped takes it, with
    // no stale-lock timeout to wait out.
    store
        .lock_order(ID, now())
        .expect("the lock is free as soon as its holder is dead");
}

// ---- Multi-document operations from several processes at once on one data directory ----

/// Every PIN try of the run happens at this real moment, so a lockout, once reached, holds to the
/// end whatever the machine's speed.
const PIN_TRY_AT: &str = "2026-11-20T15:00:00Z";
const CLOCK_STEPS: [i64; 6] = [1, 2, 3, 1, 2, 3];
/// Each PIN session's tries: `w` a wrong PIN, `r` the right one for its own number.
const PIN_TRIES: &str = "wrwwrw";
/// The unassigned numbers each numbers session assigns and unassigns in turn.
const TOGGLED: [&str; 2] = ["6462901102", "7733382202"];
const TOGGLES: usize = 6;
/// The numbers each import session imports, one order each.
const IMPORTED: [[&str; 2]; 2] = [["2127365003", "2127365004"], ["2127365005", "2127365006"]];
const PORTED: [&str; 2] = ["2025443300", "2025443301"];

/// The child of the multi-document sessions: `ROLE INDEX` (clock, pin, numbers or import), once a
/// line on standard input says go, printing `ack ...` on standard error after each change that
/// returned.
fn multi_document_child(role: &str) {
    let dir = std::env::var_os(DIR_VAR).expect("the session child needs PORTWIZ_SESSION_DIR");
    let dir = Path::new(&dir);
    let (role, index) = role.split_once(' ').unwrap();
    let index: usize = index.parse().unwrap();
    let mut ws = session(dir);
    eprintln!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    assert_eq!(go, "go\n");
    match role {
        "clock" => {
            for hours in CLOCK_STEPS {
                ws.advance_clock(ClockTarget::Step(Advance::Hours(hours)))
                    .unwrap();
                eprintln!("ack step {hours}");
            }
        }
        "pin" => {
            let at: jiff::Timestamp = PIN_TRY_AT.parse().unwrap();
            for kind in PIN_TRIES.chars() {
                let pin = if kind == 'r' { PORT_OUT_PIN } else { WRONG_PIN };
                let outcome = match ws.port_out(&[number(PORTED[index])], pin, at) {
                    Ok(_) => "ported",
                    Err(e) if e.contains("does not match") => "wrong",
                    Err(e) if e.contains("too many wrong PINs") => "held",
                    Err(e) if e.contains("not one of the organization's numbers") => "gone",
                    Err(e) => panic!("{e}"),
                };
                eprintln!("ack pin {outcome}");
            }
        }
        "numbers" => {
            let toggled = number(TOGGLED[index]);
            for round in 0..TOGGLES {
                if round % 2 == 0 {
                    let name = format!("User {index}-{round}");
                    ws.assign(&toggled, &name, AssigneeKind::User, Usage::User)
                        .unwrap();
                    eprintln!("ack assigned {name}");
                } else {
                    ws.unassign(&toggled).unwrap();
                    eprintln!("ack unassigned");
                }
            }
        }
        "import" => {
            for file in IMPORTED[index] {
                let mut out = Vec::new();
                let path = dir.join(format!("import-{file}.json"));
                assert_eq!(
                    portwiz::cli::status(&portwiz::cli::orders_import(
                        &mut ws, &path, None, false, &mut out
                    )),
                    0
                );
                let said = String::from_utf8(out).unwrap();
                let id = said
                    .split_whitespace()
                    .find(|w| w.starts_with("PW-"))
                    .unwrap();
                eprintln!("ack imported {id}");
            }
        }
        other => panic!("no role {other}"),
    }
}

/// Whether one serial order of the PIN sessions' tries gives each the answer it got and leaves
/// `wrong_tries` as stored: a wrong PIN counts one while fewer than FREE_TRIES are counted, a right
/// one that ports resets the count, and once FREE_TRIES are counted every try is held off.
fn pin_tries_explained(sessions: &[Vec<String>], wrong_tries: u32) -> bool {
    let mut states: HashSet<(Vec<usize>, u32)> = HashSet::from([(vec![0; sessions.len()], 0)]);
    let total: usize = sessions.iter().map(Vec::len).sum();
    for _ in 0..total {
        let mut next = HashSet::new();
        for (done, count) in &states {
            for (s, tries) in sessions.iter().enumerate() {
                let Some(outcome) = tries.get(done[s]) else {
                    continue;
                };
                let open = *count < FREE_TRIES;
                let after = match outcome.as_str() {
                    "wrong" if open => count + 1,
                    "ported" if open => 0,
                    "gone" if open => *count,
                    "held" if !open => *count,
                    _ => continue,
                };
                let mut moved = done.clone();
                moved[s] += 1;
                next.insert((moved, after));
            }
        }
        states = next;
    }
    states.iter().any(|(_, count)| *count == wrong_tries)
}

/// One round: eight sessions (two each stepping the clock, trying PINs, assigning and importing)
/// at once on one data directory; then every invariant is checked.
fn multi_document_round() {
    let dir = tempfile::tempdir().unwrap();
    let after = foc_confirmed_store(dir.path(), 6);
    // Three hours before the FOC: the orders complete while the sessions run.
    let start = after
        .checked_sub(jiff::SignedDuration::from_hours(4))
        .unwrap();
    session(dir.path())
        .advance_clock(ClockTarget::At(start.clone()))
        .unwrap();
    pin_store(dir.path(), 0, PIN_TRY_AT.parse().unwrap());
    for (n, file) in IMPORTED.iter().flatten().enumerate() {
        let path = dir.path().join(format!("import-{file}.json"));
        import_file(&path, &format!("Parallel import {n}"), file);
        // A port date far enough ahead of the moved clock.
        let mut value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        value["fields"]["port_date"] = "2027-01-08".into();
        value["fields"]["loa_signed_on"] = "2026-12-10".into();
        std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    }
    let roles: Vec<String> = ["clock", "pin", "numbers", "import"]
        .iter()
        .flat_map(|role| (0..2).map(move |i| format!("{role} {i}")))
        .collect();
    let mut children: Vec<_> = roles
        .iter()
        .map(|role| {
            let mut child = spawn(dir.path(), role);
            let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
            assert!(lines.any(|l| l.unwrap() == "ready"), "{role} did not start");
            (role.clone(), child, lines)
        })
        .collect();
    for (_, child, _) in &mut children {
        let mut go = child.stdin.take().unwrap();
        go.write_all(b"go\n").unwrap();
    }
    let mut acks: Vec<(String, Vec<String>)> = Vec::new();
    for (role, child, lines) in children.drain(..) {
        let said: Vec<String> = lines.map(|l| l.unwrap()).collect();
        let mut child = child;
        assert!(child.wait().unwrap().success(), "{role}: {said:?}");
        let acked = said
            .iter()
            .filter_map(|l| l.strip_prefix("ack "))
            .map(str::to_string)
            .collect();
        acks.push((role, acked));
    }
    let of = |prefix: &str| -> Vec<Vec<String>> {
        acks.iter()
            .filter(|(role, _)| role.starts_with(prefix))
            .map(|(_, a)| a.clone())
            .collect()
    };

    let store = DirStore::open(dir.path()).unwrap();
    let inventory = store.inventory().unwrap().unwrap();
    // The clock: the start plus every acknowledged step.
    let stepped: i64 = of("clock")
        .iter()
        .flatten()
        .map(|a| a.strip_prefix("step ").unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        stepped,
        2 * CLOCK_STEPS.iter().sum::<i64>(),
        "every step acknowledged"
    );
    assert_eq!(
        store.clock().unwrap().unwrap().timestamp(),
        start.timestamp() + jiff::SignedDuration::from_hours(stepped),
        "the steps add up"
    );
    // Every completed order's numbers are in the inventory with that order.
    let orders = portwiz::store::all_orders(&store);
    let completed: Vec<_> = orders
        .iter()
        .filter(|o| o.status == Status::Completed)
        .collect();
    assert_eq!(completed.len(), 6, "the clock passed every FOC");
    for order in &completed {
        for n in order.numbers() {
            assert_eq!(
                inventory.find(n).and_then(|o| o.order_id.as_deref()),
                Some(order.id.as_str()),
                "{n} of {}",
                order.id
            );
        }
    }
    // The PIN record counts exactly the wrong tries that were checked.
    let pin_sessions = of("pin");
    let wrong_tries = store.pin().unwrap().unwrap().wrong_tries;
    let answers: Vec<&String> = pin_sessions.iter().flatten().collect();
    let count = |what: &str| {
        answers
            .iter()
            .filter(|a| a.as_str() == format!("pin {what}"))
            .count()
    };
    let pin_sessions: Vec<Vec<String>> = pin_sessions
        .iter()
        .map(|s| {
            s.iter()
                .map(|a| a.strip_prefix("pin ").unwrap().to_string())
                .collect()
        })
        .collect();
    assert!(
        pin_tries_explained(&pin_sessions, wrong_tries),
        "{pin_sessions:?} end at {wrong_tries} wrong tries"
    );
    assert_eq!(answers.len(), 2 * PIN_TRIES.len(), "every try answered");
    // Every acknowledged port-out is in the inventory: the number gone, its port-out recorded.
    for (index, session) in pin_sessions.iter().enumerate() {
        let ported = number(PORTED[index]);
        let gone = inventory.find(&ported).is_none();
        assert_eq!(gone, session.iter().any(|a| a == "ported"), "{ported}");
        assert_eq!(
            inventory
                .history
                .iter()
                .filter(|e| e.number == ported && e.detail.starts_with("Ported out"))
                .count(),
            usize::from(gone)
        );
    }
    // Each numbers session's last acknowledged change is what the inventory holds.
    for (index, session) in of("numbers").iter().enumerate() {
        assert_eq!(session.len(), TOGGLES);
        let held = inventory
            .find(&number(TOGGLED[index]))
            .unwrap()
            .assignment
            .as_ref()
            .map(|a| format!("assigned {}", a.name))
            .unwrap_or_else(|| "unassigned".into());
        assert_eq!(&held, session.last().unwrap());
    }
    // No ID is held by two orders, and every acknowledged import is there.
    let imported: Vec<String> = of("import")
        .iter()
        .flatten()
        .map(|a| a.strip_prefix("imported ").unwrap().to_string())
        .collect();
    assert_eq!(imported.len(), 4);
    let distinct: BTreeSet<&String> = imported.iter().collect();
    assert_eq!(distinct.len(), imported.len(), "{imported:?}");
    let listing = store.list().unwrap();
    assert!(listing.misnamed.is_empty() && !listing.has_trouble());
    assert_eq!(listing.orders.len(), 6 + imported.len());
    for id in &imported {
        assert!(listing.orders.iter().any(|o| &o.id == id), "{id} is kept");
    }
    eprintln!(
        "8 sessions at once: {stepped} h of clock steps, {} orders completed, {} PIN tries ({} wrong counted, {} held off, {} ported, {} after the number left), {} wrong tries stored, {} assignment changes, {} imports as {imported:?}: nothing lost",
        completed.len(),
        answers.len(),
        count("wrong"),
        count("held"),
        count("ported"),
        count("gone"),
        wrong_tries,
        2 * TOGGLES,
        imported.len()
    );
}

#[test]
fn sessions_stepping_the_clock_porting_out_assigning_and_importing_at_once_lose_nothing() {
    if common::child::played(multi_document_child) {
        return;
    }
    for _ in 0..3 {
        multi_document_round();
    }
}

#[test]
fn a_pin_count_no_serial_order_explains_is_caught() {
    let tries = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let sessions = [tries(&["wrong", "wrong"]), tries(&["wrong", "held"])];
    assert!(pin_tries_explained(&sessions, 3));
    assert!(!pin_tries_explained(&sessions, 2), "a lost wrong try");
    assert!(
        !pin_tries_explained(&[tries(&["held"])], 0),
        "held off with none counted"
    );
    assert!(pin_tries_explained(
        &[tries(&["wrong", "ported", "wrong"])],
        1
    ));
}

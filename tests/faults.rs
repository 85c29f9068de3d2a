//! Write faults: every step of a save (create, write, flush, rename, directory flush) made to fail once
//! with a full disk, an I/O error and a permission error. Before the rename the old file stays byte
//! for byte; no temporary is left; the error is shown; the edit stays in memory; a retry succeeds.

mod common;

use portwiz::domain::order::Order;
use portwiz::store::{DirStore, WriteFaults, WriteStep, save_order};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const STEPS: [WriteStep; 5] = [
    WriteStep::Create,
    WriteStep::Write,
    WriteStep::Flush,
    WriteStep::Rename,
    WriteStep::DirFlush,
];

/// The system errors: ENOSPC, EIO, EACCES.
const ERRORS: [(i32, &str); 3] = [
    (28, "No space left on device"),
    (5, "Input/output error"),
    (13, "Permission denied"),
];

/// Fails `step` once, with `errno`, when armed.
struct FailOnce {
    step: WriteStep,
    errno: i32,
    armed: Arc<AtomicBool>,
}

impl WriteFaults for FailOnce {
    fn before(&self, step: WriteStep, _: &Path) -> io::Result<()> {
        if step == self.step && self.armed.swap(false, Ordering::SeqCst) {
            return Err(io::Error::from_raw_os_error(self.errno));
        }
        Ok(())
    }
}

fn temporaries(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("orders"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[test]
fn every_step_and_error_keeps_the_old_file_leaves_no_temporary_and_a_retry_succeeds() {
    let mut violations = Vec::new();
    for step in STEPS {
        for (errno, text) in ERRORS {
            let case = format!("{step:?} / {text}");
            let mut violation = |what: &str| violations.push(format!("{case}: {what}"));
            let dir = tempfile::tempdir().unwrap();
            let armed = Arc::new(AtomicBool::new(false));
            let store = DirStore::open_with_faults(
                dir.path(),
                Box::new(FailOnce {
                    step,
                    errno,
                    armed: Arc::clone(&armed),
                }),
            )
            .unwrap();
            let mut order = Order::new_draft(
                "PW-261120-001".into(),
                "2026-11-20T15:00:00Z".parse().unwrap(),
            );
            order.fields.city = "Before".into();
            save_order(&store, &mut order).unwrap();
            let path = store.order_path(&order.id);
            let before = std::fs::read(&path).unwrap();

            armed.store(true, Ordering::SeqCst);
            order.fields.city = "After".into();
            match save_order(&store, &mut order) {
                Ok(()) => violation("the save went through: the fault was never reached"),
                Err(e) if !e.to_string().contains(text) => {
                    violation(&format!("the error does not say what happened: {e}"))
                }
                Err(_) => {}
            }
            if armed.load(Ordering::SeqCst) {
                violation("the step never came");
            }
            if temporaries(dir.path()) != 0 {
                violation("a temporary is left");
            }
            if order.fields.city != "After" {
                violation("the edit is lost from memory");
            }
            let on_disk = std::fs::read(&path).unwrap();
            match serde_json::from_slice::<Order>(&on_disk) {
                Err(e) => violation(&format!("the file is not a whole order: {e}")),
                Ok(saved) if step == WriteStep::DirFlush => {
                    if (saved.fields.city.as_str(), saved.revision) != ("After", order.revision) {
                        violation(
                            "the file renamed into place before the folder flush is not the new one",
                        );
                    }
                }
                Ok(_) => {
                    if on_disk != before {
                        violation("the old file changed");
                    }
                    if order.revision != 1 {
                        violation("the revision was used up");
                    }
                }
            }

            match save_order(&store, &mut order) {
                Err(e) => violation(&format!("the retry fails: {e}")),
                Ok(()) => {
                    let saved: Order =
                        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                    if (saved.fields.city.as_str(), saved.revision) != ("After", order.revision) {
                        violation("the retry did not save the edit");
                    }
                }
            }
        }
    }
    eprintln!(
        "write faults: {} cases (5 steps x 3 errors), {} violations",
        STEPS.len() * ERRORS.len(),
        violations.len()
    );
    assert_eq!(violations, Vec::<String>::new());
}

#[test]
fn the_administrator_sees_the_error_and_the_next_change_saves_everything() {
    let mut h = common::Harness::new(100, 30);
    let armed = Arc::new(AtomicBool::new(false));
    let store = DirStore::open_with_faults(
        h.dir.path(),
        Box::new(FailOnce {
            step: WriteStep::Rename,
            errno: 28,
            armed: Arc::clone(&armed),
        }),
    )
    .unwrap();
    h.app = portwiz::app::App::new(
        Box::new(store),
        Box::new(portwiz::carrier::SimulatedNetwork::sample()),
        portwiz::clock::Clock::parse(common::NOW).unwrap(),
        portwiz::ui::theme::Theme::monochrome(),
    );
    h.start_us_order().typ("212736500");
    armed.store(true, Ordering::SeqCst);
    h.typ("1");
    let screen = h.screen();
    assert!(
        screen.contains("could not save order PW-261120-001: No space left on device"),
        "{screen}"
    );
    assert!(h.app.wizard().unwrap().dirty, "the edit waits in memory");
    h.typ(", 2127365002");
    let file = h.order_file("PW-261120-001");
    assert_eq!(
        file["fields"]["numbers_text"], "2127365001, 2127365002",
        "the retry saved every edit"
    );
    assert!(!h.app.wizard().unwrap().dirty);
}

// ---- Multi-document operations: every write step of a clock step, a port-out and an import ----

use common::stores::{
    PORT_OUT_PIN, Snapshot, WRONG_PIN, copy_dir, foc_confirmed_store, import_file, leftovers,
    number, pin_store, session, session_on,
};
use portwiz::clock::Advance;
use portwiz::workspace::{ClockTarget, Workspace};
use std::path::PathBuf;
use std::sync::Mutex;

/// The PIN tries of these tests happen at one real moment, so no lockout runs out meanwhile.
fn real_now() -> jiff::Timestamp {
    "2026-11-20T15:00:00Z".parse().unwrap()
}

/// What the fault hook does.
enum Plan {
    /// Lets every call through and notes it: the step and the path in the data directory.
    Record(Vec<(WriteStep, String)>),
    /// Fails, once, the `nth` call (from 0) of `step` on the path `pattern`.
    Fail {
        call: Call,
        errno: i32,
        seen: usize,
        fired: bool,
    },
}

/// One write step of one file or folder, as the fault plan names it: the step, the path in the
/// data directory (`.` for the directory itself), and how many calls of the step on it came before.
#[derive(Debug, Clone, PartialEq)]
struct Call {
    step: WriteStep,
    pattern: String,
    nth: usize,
}

impl Call {
    /// As passed to a child process: `Rename journal.json 0`.
    fn to_arg(&self) -> String {
        format!("{:?} {} {}", self.step, self.pattern, self.nth)
    }

    fn from_arg(arg: &str) -> Call {
        let parts: Vec<&str> = arg.split(' ').collect();
        let step = STEPS
            .into_iter()
            .find(|s| format!("{s:?}") == parts[0])
            .unwrap();
        Call {
            step,
            pattern: parts[1].to_string(),
            nth: parts[2].parse().unwrap(),
        }
    }
}

/// The fault hook of one data directory.
#[derive(Clone)]
struct Injector {
    root: PathBuf,
    plan: Arc<Mutex<Plan>>,
}

impl Injector {
    fn recording(root: &Path) -> Injector {
        Injector {
            root: root.to_path_buf(),
            plan: Arc::new(Mutex::new(Plan::Record(Vec::new()))),
        }
    }

    fn failing(root: &Path, call: Call, errno: i32) -> Injector {
        Injector {
            root: root.to_path_buf(),
            plan: Arc::new(Mutex::new(Plan::Fail {
                call,
                errno,
                seen: 0,
                fired: false,
            })),
        }
    }

    /// Every call recorded so far, each named by its step, file and how many came before it.
    fn calls(&self) -> Vec<Call> {
        let Plan::Record(calls) = &*self.plan.lock().unwrap() else {
            panic!("not recording")
        };
        calls
            .iter()
            .enumerate()
            .map(|(i, (step, name))| Call {
                step: *step,
                pattern: name.clone(),
                nth: calls[..i]
                    .iter()
                    .filter(|(s, n)| s == step && n == name)
                    .count(),
            })
            .collect()
    }

    fn fired(&self) -> bool {
        matches!(&*self.plan.lock().unwrap(), Plan::Fail { fired: true, .. })
    }
}

impl WriteFaults for Injector {
    fn before(&self, step: WriteStep, path: &Path) -> io::Result<()> {
        let name = match path.strip_prefix(&self.root) {
            Ok(p) if p.as_os_str().is_empty() => ".".to_string(),
            Ok(p) => p.to_string_lossy().into_owned(),
            Err(_) => path.to_string_lossy().into_owned(),
        };
        match &mut *self.plan.lock().unwrap() {
            Plan::Record(calls) => calls.push((step, name)),
            Plan::Fail {
                call,
                errno,
                seen,
                fired,
            } if call.step == step && name == call.pattern => {
                *seen += 1;
                if *seen == call.nth + 1 && !*fired {
                    *fired = true;
                    return Err(io::Error::from_raw_os_error(*errno));
                }
            }
            Plan::Fail { .. } => {}
        }
        Ok(())
    }
}

type Change = Box<dyn Fn(&mut Workspace) -> Result<(), String>>;

/// A change of several documents, as a session makes it.
struct Operation {
    name: &'static str,
    template: tempfile::TempDir,
    /// The change under test.
    change: Change,
    /// A later change of the same documents: it must go through whatever the fault left.
    next: Change,
    /// The file to import in a child process, whose standard error is the message shown
    /// (`orders import` prints its errors instead of returning them).
    child_import: Option<PathBuf>,
}

/// A clock step that completes five orders: five order files, the inventory and the clock.
fn clock_step() -> Operation {
    let template = tempfile::tempdir().unwrap();
    let after = foc_confirmed_store(template.path(), 5);
    Operation {
        name: "clock step completing 5 orders",
        template,
        change: Box::new(move |ws| ws.advance_clock(ClockTarget::At(after.clone())).map(drop)),
        next: Box::new(|ws| {
            ws.advance_clock(ClockTarget::Step(Advance::Hours(1)))
                .map(drop)
        }),
        child_import: None,
    }
}

/// A port-out after a wrong try: the PIN record (its count reset) and the inventory.
fn port_out() -> Operation {
    let template = tempfile::tempdir().unwrap();
    pin_store(template.path(), 1, real_now());
    session(template.path())
        .unassign(&number("6462901100"))
        .unwrap();
    Operation {
        name: "port-out after a wrong PIN",
        template,
        change: Box::new(|ws| {
            ws.port_out(&[number("2025443300")], PORT_OUT_PIN, real_now())
                .map(drop)
        }),
        next: Box::new(|ws| {
            ws.port_out(&[number("2025443301")], WRONG_PIN, real_now())
                .expect_err("a wrong PIN");
            ws.port_out(&[number("2025443301")], PORT_OUT_PIN, real_now())
                .map(drop)
        }),
        child_import: None,
    }
}

const IMPORT_FILE_VAR: &str = "PORTWIZ_FAULT_IMPORT";
const DIR_VAR: &str = "PORTWIZ_FAULT_DIR";
const PLAN_VAR: &str = "PORTWIZ_FAULT_PLAN";

fn import_with(ws: &mut Workspace, file: &Path) -> Result<(), String> {
    portwiz::cli::orders_import(ws, file, None, false, &mut Vec::new())
        .map_err(|failure| format!("orders import ended with {failure:?}"))
}

/// An import: a reserved ID, the order and its LOA copy. The files to import lie beside the
/// store's own (where nothing reads them).
fn import() -> Operation {
    let template = tempfile::tempdir().unwrap();
    foc_confirmed_store(template.path(), 2);
    let first = template.path().join("first.json");
    let second = template.path().join("second.json");
    import_file(&first, "Faulty import", "2127365003");
    import_file(&second, "Next import", "2127365004");
    Operation {
        name: "import with its LOA",
        template,
        change: Box::new({
            let first = first.clone();
            move |ws| import_with(ws, &first)
        }),
        next: Box::new(move |ws| import_with(ws, &second)),
        child_import: Some(first),
    }
}

/// The child of the import cases: the import with the fault plan in the environment, its
/// messages on standard error (unbuffered, not captured with `--nocapture`).
fn import_with_a_fault(_role: &str) {
    let var = |name: &str| {
        std::env::var_os(name).unwrap_or_else(|| panic!("the import child needs {name}"))
    };
    let (dir, plan, file) = (var(DIR_VAR), var(PLAN_VAR), var(IMPORT_FILE_VAR));
    let (call, errno) = plan.to_str().unwrap().rsplit_once(' ').unwrap();
    let faults = Injector::failing(
        Path::new(&dir),
        Call::from_arg(call),
        errno.parse().unwrap(),
    );
    let store = DirStore::open_with_faults(Path::new(&dir), Box::new(faults.clone())).unwrap();
    let done = portwiz::cli::orders_import(
        &mut session_on(store),
        Path::new(&file),
        None,
        false,
        &mut Vec::new(),
    );
    // As the binary tells a failure.
    if let Err(failure) = &done {
        failure.tell(false, &mut std::io::stderr()).unwrap();
    }
    eprintln!(
        "exit {} fired {}",
        portwiz::cli::status(&done),
        faults.fired()
    );
}

#[derive(Debug, Default)]
struct Tally {
    cases: usize,
    none: usize,
    all: usize,
    violations: Vec<String>,
}

/// Runs the change once with the fault: the message it gave (`None` if it succeeded), whether the
/// fault was reached, and the session to go on with.
fn with_fault(
    op: &Operation,
    dir: &Path,
    call: &Call,
    errno: i32,
) -> (Option<String>, bool, Workspace) {
    if let Some(file) = &op.child_import {
        let out = common::child::command("import")
            .env(DIR_VAR, dir)
            .env(PLAN_VAR, format!("{} {errno}", call.to_arg()))
            .env(IMPORT_FILE_VAR, file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        let code_line = text
            .lines()
            .find(|l| l.starts_with("exit "))
            .unwrap_or_else(|| panic!("the child reports: {text}"));
        let shown: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("portwiz:") || l.starts_with("  step"))
            .collect();
        let message = (!shown.is_empty()).then(|| shown.join("\n"));
        (message, code_line.ends_with("fired true"), session(dir))
    } else {
        let faults = Injector::failing(dir, call.clone(), errno);
        let store = DirStore::open_with_faults(dir, Box::new(faults.clone())).unwrap();
        let mut ws = session_on(store);
        let message = (op.change)(&mut ws).err();
        (message, faults.fired(), ws)
    }
}

/// Fails every write step the change makes, with each error, once: afterwards the store holds the
/// whole change or none of it, the message says which, and the change (if it did not happen) and
/// the next one go through.
fn fault_matrix(op: &Operation) -> Tally {
    let before = Snapshot::of(op.template.path());
    let probe = tempfile::tempdir().unwrap();
    copy_dir(op.template.path(), probe.path());
    let recorder = Injector::recording(probe.path());
    let mut ws =
        session_on(DirStore::open_with_faults(probe.path(), Box::new(recorder.clone())).unwrap());
    (op.change)(&mut ws).unwrap_or_else(|e| panic!("{}: without faults: {e}", op.name));
    let calls = recorder.calls();
    let after = Snapshot::of(probe.path());
    assert_ne!(before, after, "{}: the change changes something", op.name);
    let mut tally = Tally::default();
    for call in &calls {
        for (errno, text) in ERRORS {
            let case = format!("{}: {} with {text}", op.name, call.to_arg());
            let mut violation = |what: String| tally.violations.push(format!("{case}: {what}"));
            let dir = tempfile::tempdir().unwrap();
            copy_dir(op.template.path(), dir.path());
            let (message, fired, mut ws) = with_fault(op, dir.path(), call, errno);
            let found = Snapshot::of(dir.path());
            if !fired {
                violation("the write step was never reached".into());
            }
            let whole = if found == before {
                Some(false)
            } else if found == after {
                Some(true)
            } else {
                violation(format!("partly done: {found:?}"));
                None
            };
            if !found.documents_match_orders() {
                violation(format!("documents and orders disagree: {:?}", found.orders));
            }
            let left = leftovers(dir.path());
            if !left.is_empty() {
                violation(format!("left behind: {left:?}"));
            }
            match &message {
                None => violation("no error was shown".into()),
                Some(m) if !m.contains(text) => {
                    violation(format!("the message does not name the error: {m}"))
                }
                Some(m) => {
                    let says_none =
                        m.contains("nothing was changed") || m.contains("was not imported");
                    let says_done = m.contains("was written") || m.contains("was recorded");
                    if whole == Some(false) && (!says_none || says_done) {
                        violation(format!(
                            "nothing changed, but the message says otherwise: {m}"
                        ));
                    }
                    if whole == Some(true) && (!says_done || says_none) {
                        violation(format!(
                            "the change was made, but the message says otherwise: {m}"
                        ));
                    }
                }
            }
            match whole {
                Some(false) => {
                    tally.none += 1;
                    match (op.change)(&mut ws) {
                        Err(e) => violation(format!("the retry failed: {e}")),
                        Ok(()) if Snapshot::of(dir.path()) != after => {
                            violation("the retry did not make the whole change".into())
                        }
                        Ok(()) => {}
                    }
                }
                Some(true) => tally.all += 1,
                None => {}
            }
            if let Err(e) = (op.next)(&mut ws) {
                violation(format!("the next change failed: {e}"));
            }
            tally.cases += 1;
        }
    }
    eprintln!(
        "{}: {} write steps x 3 errors = {} cases: {} left nothing changed, {} the whole change, {} violations",
        op.name,
        calls.len(),
        tally.cases,
        tally.none,
        tally.all,
        tally.violations.len()
    );
    for v in &tally.violations {
        eprintln!("  {v}");
    }
    tally
}

#[test]
fn every_write_step_of_a_clock_step_fails_into_all_or_nothing() {
    let tally = fault_matrix(&clock_step());
    assert!(tally.cases >= 3 * 35, "{tally:?}");
    assert_eq!(tally.violations, Vec::<String>::new());
}

#[test]
fn every_write_step_of_a_port_out_fails_into_all_or_nothing() {
    let tally = fault_matrix(&port_out());
    assert!(tally.cases >= 3 * 14, "{tally:?}");
    assert_eq!(tally.violations, Vec::<String>::new());
}

#[test]
fn every_write_step_of_an_import_fails_into_all_or_nothing() {
    if common::child::played(import_with_a_fault) {
        return;
    }
    let tally = fault_matrix(&import());
    assert!(tally.cases >= 3 * 10, "{tally:?}");
    assert_eq!(tally.violations, Vec::<String>::new());
}

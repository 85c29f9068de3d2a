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
    let mut cases = 0;
    for step in STEPS {
        for (errno, text) in ERRORS {
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
            let err = save_order(&store, &mut order).unwrap_err().to_string();
            let case = format!("{step:?} / {text}");
            assert!(
                err.contains(text),
                "{case}: the error says what happened: {err}"
            );
            assert_eq!(temporaries(dir.path()), 0, "{case}: no temporary left");
            assert_eq!(
                order.fields.city, "After",
                "{case}: the edit stays in memory"
            );
            let on_disk: Order = serde_json::from_slice(&std::fs::read(&path).unwrap())
                .expect("always a whole file");
            if step == WriteStep::DirFlush {
                assert_eq!(
                    (on_disk.fields.city.as_str(), on_disk.revision),
                    ("After", order.revision),
                    "{case}: already in place"
                );
            } else {
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    before,
                    "{case}: the old file is byte for byte the same"
                );
                assert_eq!(order.revision, 1, "{case}: the revision is not used up");
            }

            save_order(&store, &mut order)
                .unwrap_or_else(|e| panic!("{case}: the retry fails: {e}"));
            let saved: Order = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            assert_eq!(
                (saved.fields.city.as_str(), saved.revision),
                ("After", order.revision),
                "{case}"
            );
            cases += 1;
        }
    }
    eprintln!("write faults: {cases} cases (5 steps x 3 errors), 0 violations");
    assert_eq!(cases, 15);
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

//! The CSR flow on the real binary in a pseudo-terminal, as a person goes through it: a Cascade
//! draft made by commands, Ctrl-R on the account step, the request pending, the answer brought by
//! `portwiz clock advance` run in another shell (the open app notices the store changed and reads
//! the CSR again, no key pressed), the mismatches marked, and the CSR kept with the order without
//! the PIN.
#![cfg(target_os = "linux")]

#[allow(dead_code)]
#[path = "common/terminal.rs"]
mod terminal;

use std::path::Path;
use terminal::Session;

const PIN: &str = "7351";
const ID: &str = "PW-261120-001";

/// `portwiz --data-dir DATA ARGS`, run as another shell would, on the directory's clock; its
/// standard output, after checking that it succeeded and printed no PIN.
fn portwiz(data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("PORTWIZ_DATA_DIR")
        .env_remove("PORTWIZ_DATABASE_URL")
        .env_remove("PORTWIZ_NOW")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}\n{stdout}\n{stderr}");
    assert!(
        !stdout.contains(PIN) && !stderr.contains(PIN),
        "{args:?} printed the PIN:\n{stdout}\n{stderr}"
    );
    stdout
}

/// A draft for the sample Cascade account, with the authorized user's name misspelt ("Beker") and a
/// wrong ZIP (60601): the fixture order imported, then updated with the account's values.
fn cascade_draft(data: &Path, scratch: &Path) {
    portwiz(data, &["clock", "set", "2026-11-20T10:00:00-05:00"]);
    portwiz(
        data,
        &["orders", "import", "tests/fixtures/import_order.json"],
    );
    let update = scratch.join("cascade.json");
    let fields = serde_json::json!({
        "schema_version": 2,
        "fields": {
            "numbers_text": "3126214401\n3126214402",
            "btn": "3126214400",
            "account_number": "CC30412",
            "account_pin": PIN,
            "authorized_first_name": "Tom",
            "authorized_last_name": "Beker",
            "street": "233 South Wacker Drive",
            "suite": "Floor 52",
            "city": "Chicago",
            "region": "IL",
            "postal_code": "60601",
            "order_name": "Cascade move",
            "number_usage": {},
        }
    });
    std::fs::write(&update, serde_json::to_vec(&fields).unwrap()).unwrap();
    let said = portwiz(data, &["orders", "update", ID, update.to_str().unwrap()]);
    assert!(
        said.contains("Updated PW-261120-001 (Cascade move)"),
        "{said}"
    );
}

/// Whether `value` holds, at any depth, a key naming a PIN other than whether the account has one.
fn names_a_pin(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(key, v)| (key.contains("pin") && key != "pin_on_account") || names_a_pin(v)),
        serde_json::Value::Array(items) => items.iter().any(names_a_pin),
        _ => false,
    }
}

#[test]
fn a_csr_requested_in_the_app_arrives_with_a_clock_step_from_another_shell() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    cascade_draft(&data, dir.path());

    let mut s = Session::start_simulated(&data);
    s.wait_for("Cascade move");
    s.send(b"\r");
    // An imported draft resumes at the review; 4 edits the account step.
    s.wait_for("Step 8 of 8");
    s.send(b"4");
    s.wait_for("Step 4 of 8");
    s.wait_for("CSR: none yet; Ctrl-R asks the carrier for it");
    s.send(b"\x12");
    s.wait_for("CSR: asked of Cascade Communications on Fri 2026-11-20 10:00 ET");
    let pending = s.contents();
    assert!(pending.contains("expected by Tue"), "{pending}");
    assert!(!pending.contains(PIN), "{pending}");

    let moved = portwiz(&data, &["clock", "advance", "2bd"]);
    assert!(
        moved.contains("The CSR of (312) 621-4400 arrived from Cascade Communications, kept with PW-261120-001."),
        "{moved}"
    );
    // No key is pressed: the app sees the store change and reads the CSR again.
    s.wait_for("CSR from Cascade Communications, received");
    s.wait_for("Simulated clock: Tue 2026-11-24 10:00 ET");
    // The words, whatever line each falls on.
    let answered = s
        .contents()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        answered.contains("✗ differs from the CSR, which has “Becker”"),
        "{answered}"
    );
    assert!(
        answered.contains("the carrier would reject 2 of the order's values (marked ✗)"),
        "{answered}"
    );
    assert!(answered.contains("✗Address"), "{answered}");
    assert!(!answered.contains(PIN), "{answered}");

    // Esc saves and closes the draft, q quits from the list.
    s.send(b"\x1b");
    s.wait_for("Port orders: 1");
    s.send(b"q");
    assert!(s.wait_exit().success());
    {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "back on the normal screen");
        assert!(!screen.bracketed_paste(), "bracketed paste switched off");
        assert!(!screen.hide_cursor(), "cursor shown again");
    }

    let shown: serde_json::Value =
        serde_json::from_str(&portwiz(&data, &["csr", "show", ID, "--json"])).unwrap();
    assert_eq!(shown["state"], "received");
    assert_eq!(shown["orders"], serde_json::json!([ID]));
    let csr = &shown["csr"];
    assert_eq!(csr["carrier_name"], "Cascade Communications");
    assert_eq!(csr["account_number"], "CC30412");
    assert_eq!(csr["received_at"], "2026-11-24T15:00:00Z");
    assert_eq!(csr["authorized_contact"]["last_name"], "Becker");
    assert_eq!(csr["service_address"]["postal_code"], "60606");
    assert_eq!(csr["pin_on_account"], true);
    assert!(!names_a_pin(&shown), "{shown:#}");
}

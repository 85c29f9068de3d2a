//! The real binary in a pseudo-terminal, read through a vt100 parser as a person would see it:
//! the terminal is restored on quit, Ctrl-C saves, and a SIGKILL mid-draft loses nothing saved.
#![cfg(target_os = "linux")]

#[allow(dead_code)]
#[path = "common/terminal.rs"]
mod terminal;

use std::path::Path;
use std::time::{Duration, Instant};
use terminal::Session;

fn wait_for_file_containing(path: &Path, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.contains(what)
        {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{} never held {what:?}", path.display());
}

#[test]
fn quitting_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.wait_for("No port orders yet");
    {
        let parser = s.parser.lock().unwrap();
        assert!(
            parser.screen().alternate_screen(),
            "the app draws on the alternate screen"
        );
        assert!(parser.screen().bracketed_paste(), "pastes arrive whole");
    }
    s.send(b"q");
    assert!(s.wait_exit().success());
    let parser = s.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "back on the normal screen"
    );
    assert!(
        !parser.screen().bracketed_paste(),
        "bracketed paste switched off"
    );
    assert!(!parser.screen().hide_cursor(), "cursor shown again");
}

#[test]
fn ctrl_c_mid_draft_saves_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.open_new_draft();
    s.send(b"\x1b[200~2127365000\n2127365001\x1b[201~");
    s.wait_for("2 entered");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    assert!(!s.parser.lock().unwrap().screen().alternate_screen());
    let text = std::fs::read_to_string(dir.path().join("orders/PW-261120-001.json")).unwrap();
    assert!(text.contains("2127365000\\n2127365001"), "{text}");
}

#[test]
fn a_draft_survives_sigkill_and_reopens_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.open_new_draft();
    s.send(b"2127365000\r2127365001");
    s.wait_for("2 entered");
    let file = dir.path().join("orders/PW-261120-001.json");
    wait_for_file_containing(&file, "2127365001");
    let pid = s.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    s.wait_exit();

    let text = std::fs::read_to_string(&file).unwrap();
    let order: serde_json::Value =
        serde_json::from_str(&text).expect("the draft file is intact JSON");
    assert_eq!(order["fields"]["numbers_text"], "2127365000\n2127365001");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("orders"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    let mut again = Session::start(dir.path());
    again.wait_for("PW-261120-001");
    again.send(b"\r");
    again.wait_for("Step 2 of 8");
    again.wait_for("2 entered · 2 can be ported");
    assert!(again.contents().contains("2127365001"));
    again.send(b"\x1b");
    again.wait_for("Port orders: 1");
    again.send(b"q");
    assert!(again.wait_exit().success());
}

/// Types into the clock prompt, replacing its proposal.
fn advance(s: &mut Session, step: &str) {
    s.send(b"t");
    s.wait_for("Advance the simulated clock");
    s.send(b"\x7f\x7f\x7f\x7f");
    s.send(step.as_bytes());
    s.send(b"\r");
}

#[test]
fn a_rejected_order_is_updated_resubmitted_confirmed_and_completed() {
    let dir = tempfile::tempdir().unwrap();
    let set = std::process::Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(["clock", "set", "2026-11-20T10:00:00-05:00"])
        .env("PORTWIZ_DATA_DIR", dir.path())
        .env_remove("PORTWIZ_NOW")
        .output()
        .unwrap();
    assert!(set.status.success());
    let mut s = Session::start_simulated(dir.path());
    s.wait_for("Simulated clock: Fri 2026-11-20 10:00 ET");
    s.open_new_draft();
    s.send(b"\x1b[200~3126214401\n3126214402\x1b[201~");
    s.wait_for("2 entered");
    s.send(b"\t\t\r");
    s.wait_for("Step 3 of 8");
    s.send(b"3126214400\r\r");
    s.wait_for("Step 4 of 8");
    s.send(b"Contoso Ltd\rCC30412\r1111\rTom\rBecker\r");
    s.wait_for("Step 5 of 8");
    s.send(b"233 South Wacker Drive\rFloor 52\rChicago\rIL\r60606\r");
    s.wait_for("Step 6 of 8");
    s.send(b"tests/fixtures/loa.pdf\r\t2026-11-19\r");
    s.wait_for("Step 7 of 8");
    s.send(b"Chicago move\r2026-12-14\r\rTom Becker\rtom@contoso.example\r3126214499\r\r");
    s.wait_for("s submits");
    s.send(b"s");
    s.wait_for("Submit the port order");
    s.send(b"y");
    s.wait_for("Submitted to Cascade Communications");

    advance(&mut s, "4bd");
    s.wait_for("Customer action required: Cascade Communications rejected the order");
    assert!(s.contents().contains("PIN missing or incorrect"));
    s.send(b"u");
    s.wait_for("Update · Step 4 of 8");
    s.wait_for("! Carrier: PIN missing or incorrect");
    s.send(b"\x7f\x7f\x7f\x7f7351");
    s.send(b"\x0e\x0e\x0e\x0e");
    s.wait_for("s resubmits");
    s.send(b"s");
    s.wait_for("Resubmit the port order");
    s.send(b"y");
    s.wait_for("Submitted to Cascade Communications");

    advance(&mut s, "4bd");
    s.wait_for(
        "FOC confirmed: Cascade Communications ports the numbers at Mon 2026-12-14 09:00 ET",
    );
    advance(&mut s, "30d");
    s.wait_for("Completed: the numbers moved from Cascade Communications");
    assert!(!s.contents().contains("7351") && !s.contents().contains("1111"));
    s.send(b"\x1b");
    s.wait_for("Port orders: 1 (1 completed)");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.lock().unwrap().screen().alternate_screen());
    let order: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("orders/PW-261120-001.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(order["status"], "completed");
    assert_eq!(order["submissions"].as_array().unwrap().len(), 2);
}

#[test]
fn y_on_the_details_page_puts_the_order_id_on_the_terminals_clipboard() {
    let dir = tempfile::tempdir().unwrap();
    let portwiz = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portwiz"))
            .args(args)
            .env("PORTWIZ_DATA_DIR", dir.path())
            .env("PORTWIZ_NOW", "2026-11-20T10:00:00-05:00")
            .env_remove("PORTWIZ_DATABASE_URL")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let imported = portwiz(&[
        "orders",
        "import",
        "tests/fixtures/import_order.json",
        "--json",
    ]);
    let id: String = serde_json::from_str(&imported).unwrap();
    assert!(id.starts_with("PW-"), "{id}");
    // Submitted, the order opens on its details page (a draft opens in the wizard).
    portwiz(&["orders", "submit", &id]);
    let mut s = Session::start(dir.path());
    s.wait_for("Imported move");
    s.send(b"\r");
    s.wait_for("Order details");
    assert!(s.parser.lock().unwrap().callbacks().copies.is_empty());
    s.send(b"y");
    let (selection, encoded) = s.wait_for_clipboard();
    assert_eq!(selection, b"c", "the clipboard, not the primary selection");
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&encoded)
        .unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), id);
    s.wait_for(&format!("Copied the order ID {id}"));
    s.send(b"\x1b");
    s.wait_for("Port orders: 1");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_number_is_released_with_the_code_read_off_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start_simulated(dir.path());
    s.wait_for("No port orders yet");
    s.send(b"p");
    s.wait_for("The organization's numbers");
    s.send(b"/2025443300\r");
    s.send(b"r");
    s.wait_for("Release (202) 544-3300");
    let screen = s.contents();
    let code: String = screen
        .split("type this code exactly:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the code is on screen")
        .to_string();
    assert_eq!(code.len(), 6, "{screen}");
    s.send(b"NOTIT1\r");
    s.wait_for("the code does not match");
    s.send(b"\x7f\x7f\x7f\x7f\x7f\x7f");
    s.send(code.as_bytes());
    s.send(b"\r");
    s.wait_for("(202) 544-3300 is released.");
    let saved = std::fs::read_to_string(dir.path().join("inventory.json")).unwrap();
    let inventory: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert!(
        inventory["numbers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["number"] != "+12025443300")
    );
    assert!(
        inventory["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["detail"].as_str().unwrap().starts_with("Released"))
    );
    s.send(b"\x1b");
    s.wait_for("Port orders");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.lock().unwrap().screen().alternate_screen());
}

fn signal_saves_restores_and_exits(signal: &str, code: u32) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.open_new_draft();
    s.send(b"2127365001, 2127365002");
    s.wait_for("2 entered");
    let pid = s.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = s.wait_exit();
    assert_eq!(
        status.exit_code(),
        code,
        "{signal} exits with 128 + its number"
    );
    let parser = s.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "{signal}: back on the normal screen"
    );
    assert!(
        !parser.screen().bracketed_paste(),
        "{signal}: bracketed paste off"
    );
    drop(parser);
    let text = std::fs::read_to_string(dir.path().join("orders/PW-261120-001.json")).unwrap();
    assert!(
        text.contains("2127365001, 2127365002"),
        "{signal}: the draft was saved: {text}"
    );
}

#[test]
fn sigterm_saves_the_draft_restores_the_terminal_and_exits_143() {
    signal_saves_restores_and_exits("-TERM", 143);
}

#[test]
fn sighup_saves_the_draft_restores_the_terminal_and_exits_129() {
    signal_saves_restores_and_exits("-HUP", 129);
}

/// Writes `count` order files like the one the template makes, each with its own ID and name.
fn fill_orders(dir: &Path, count: usize) {
    let store = portwiz::store::DirStore::open(dir).unwrap();
    let mut template = portwiz::domain::order::Order::new_draft(
        "PW-261120-00000".into(),
        "2026-11-20T15:00:00Z".parse().unwrap(),
    );
    template.fields.numbers_text = "2127365001\n2127365002\n2127365003".into();
    template.fields.organization_name = "Contoso Ltd".into();
    template.fields.street = "350 Fifth Avenue".into();
    for i in 0..count {
        template.id = format!("PW-261120-{i:05}");
        template.fields.order_name = format!("Office move {i}");
        std::fs::write(
            store.order_path(&template.id),
            serde_json::to_vec_pretty(&template).unwrap(),
        )
        .unwrap();
    }
}

fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("the kernel reports the peak");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn with_10000_orders_the_first_screen_uses_under_50_mb() {
    let dir = tempfile::tempdir().unwrap();
    fill_orders(dir.path(), 10_000);
    let mut s = Session::start(dir.path());
    s.wait_for("Port orders: 10000 (10000 draft)");
    let pid = s.child.process_id().unwrap();
    let peak = peak_memory_kib(pid);
    eprintln!(
        "peak memory with 10,000 orders, first screen drawn: {:.1} MiB",
        peak as f64 / 1024.0
    );
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(peak < 50 * 1024, "{peak} KiB");
}

#[test]
fn closing_the_terminal_saves_and_exits_instead_of_spinning() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path());
    s.open_new_draft();
    s.send(b"2127365001");
    s.wait_for("1 entered");
    wait_for_file_containing(&dir.path().join("orders/PW-261120-001.json"), "2127365001");
    s.hang_up();
    let status = s.wait_exit();
    assert_eq!(
        status.exit_code(),
        129,
        "a hang-up is SIGHUP: 128 + 1 (signal: {:?})",
        status.signal()
    );
    let text = std::fs::read_to_string(dir.path().join("orders/PW-261120-001.json")).unwrap();
    assert!(text.contains("2127365001"), "{text}");
}

#[test]
fn an_open_app_shows_what_a_command_in_another_shell_did() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut s = Session::start_simulated(&data);
    s.wait_for("No port orders yet");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portwiz"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("PORTWIZ_DATA_DIR", &data)
            .env_remove("PORTWIZ_NOW")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["orders", "import", "tests/fixtures/import_order.json"]);
    run(&["clock", "set", "2027-01-04T09:30:00-05:00"]);
    // No key is pressed: the app notices by itself.
    s.wait_for("Imported move");
    s.wait_for("Mon 2027-01-04 09:30 ET");
    assert!(
        s.contents().contains("Port orders: 1 (1 draft)"),
        "{}",
        s.contents()
    );
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.lock().unwrap().screen().alternate_screen());
}

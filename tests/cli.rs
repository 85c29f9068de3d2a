//! The commands for scripts, run as the real binary: the clock, and listing, showing and importing orders.

mod common;

use common::cli::{json_of, portwiz, portwiz_with, text};
use std::path::Path;
use std::process::{Command, Output};

fn set_clock(data: &Path) {
    let out = portwiz(data, &["clock", "set", "2026-11-20T10:00:00-05:00"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_clock_is_kept_in_the_data_directory_and_never_rewrites_history() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let show = portwiz(dir.path(), &["clock", "show"]);
    assert!(
        text(&show.stdout).starts_with("Simulated clock: Fri 2026-11-20 10:00 ET"),
        "{}",
        text(&show.stdout)
    );
    let advance = portwiz(dir.path(), &["clock", "advance", "3bd"]);
    assert!(
        text(&advance.stdout).contains("-> Wed 2026-11-25 10:00 ET"),
        "{}",
        text(&advance.stdout)
    );
    let back = portwiz(dir.path(), &["clock", "set", "2026-11-01T10:00:00-05:00"]);
    assert!(
        back.status.success(),
        "nothing happened yet, so time may go back"
    );
    let bad = portwiz(dir.path(), &["clock", "advance", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("6h (hours), 2d (days) or 3bd (business days)"));
    let fixed = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(["clock", "advance", "1d"])
        .env("PORTWIZ_DATA_DIR", dir.path())
        .env("PORTWIZ_NOW", "2026-11-20T10:00:00-05:00")
        .output()
        .unwrap();
    // A clock that will not move is a refusal (1), as every rule's is.
    assert_eq!(fixed.status.code(), Some(1));
    assert!(text(&fixed.stderr).contains("fixed by PORTWIZ_NOW"));
    // A well-written moment past the years a clock keeps is told by its year.
    let far = portwiz(dir.path(), &["clock", "set", "9999-12-31T23:00:00-05:00"]);
    assert_eq!(far.status.code(), Some(2));
    assert!(
        text(&far.stderr).contains("is a time whose year is out of range; the port calendar runs from 1900-01-01 to 9997-12-31"),
        "{}",
        text(&far.stderr)
    );
    let beyond = portwiz(dir.path(), &["clock", "set", "9999-06-01T10:00:00-04:00"]);
    assert_eq!(
        beyond.status.code(),
        Some(1),
        "a valid time the calendar refuses"
    );
    assert!(text(&beyond.stderr).contains("is outside the port calendar"));
    let garbled = portwiz(dir.path(), &["clock", "set", "2026-13-01T00:00:00Z"]);
    assert_eq!(garbled.status.code(), Some(2));
    assert!(text(&garbled.stderr).contains("is not an RFC 3339 time"));
}

#[test]
fn a_reader_that_went_away_ends_the_command_quietly_and_successfully() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    // The reading end is closed before portwiz writes a byte: its first write meets a broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(["clock", "show"])
        .env("PORTWIZ_DATA_DIR", dir.path())
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "no message for a reader that left");
    // JSON larger than the output buffer meets the closed pipe inside the JSON writer.
    let list = dir.path().join("list.txt");
    let numbers: Vec<String> = (0..5000).map(|i| format!("212736{:04}", i)).collect();
    std::fs::write(&list, numbers.join("\n")).unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(["check-numbers", "--json", list.to_str().unwrap()])
        .env("PORTWIZ_DATA_DIR", dir.path())
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    // The completion script is written by clap_complete, which panicked on the broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(["completions", "bash"])
        .env("PORTWIZ_DATA_DIR", dir.path())
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn loa_generate_writes_a_new_private_file_and_never_replaces_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let imported = portwiz(
        dir.path(),
        &["orders", "import", "tests/fixtures/import_order.json"],
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let generate = |out: &Path| {
        portwiz(
            dir.path(),
            &[
                "loa",
                "generate",
                "PW-261120-001",
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    let new = dir.path().join("letter.pdf");
    let written = generate(&new);
    assert!(written.status.success(), "{}", text(&written.stderr));
    let bytes = std::fs::read(&new).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the letter holds the account's details");
    // A file already there (a signed copy, say) is kept as it is.
    let signed = dir.path().join("signed.pdf");
    std::fs::write(&signed, b"the signed copy").unwrap();
    let refused = generate(&signed);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("is there already"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(std::fs::read(&signed).unwrap(), b"the signed copy");
    // A pipe is refused at once, not waited on.
    let pipe = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let refused = generate(&pipe);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    // Standard output, by name, holds the letter and nothing after it.
    let to_stdout = generate(Path::new("/dev/stdout"));
    assert_eq!(
        to_stdout.status.code(),
        Some(0),
        "{}",
        text(&to_stdout.stderr)
    );
    assert!(to_stdout.stdout.starts_with(b"%PDF-"));
    let end =
        String::from_utf8_lossy(&to_stdout.stdout[to_stdout.stdout.len() - 64..]).into_owned();
    assert!(end.trim_end().ends_with("%%EOF"), "{end}");
    // With --json, where it was written, as one object.
    let again = dir.path().join("again.pdf");
    let said = portwiz(
        dir.path(),
        &[
            "loa",
            "generate",
            "PW-261120-001",
            "--out",
            again.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(said.status.success(), "{}", text(&said.stderr));
    let written = json_of(&text(&said.stdout));
    assert_eq!(written["order"], "PW-261120-001");
    assert_eq!(written["path"], again.to_str().unwrap());
    assert_eq!(written["numbers"], 2);
    assert!(written["fingerprint"].is_string(), "{written}");
    assert!(std::fs::read(&again).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn import_validates_like_the_wizard_and_saves_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let out = portwiz(
        dir.path(),
        &["orders", "import", "tests/fixtures/import_order.json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("as draft PW-261120-001"));
    let list = portwiz(dir.path(), &["orders", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows[0]["status"], "draft");
    assert_eq!(rows[0]["numbers"], 2);
    assert_eq!(rows[0]["losing_carrier"], "Northwind Telecom");
    assert_eq!(rows[0]["port_date"], "2026-12-14");
    let back = portwiz(dir.path(), &["clock", "set", "2026-11-19T10:00:00-05:00"]);
    assert_eq!(
        back.status.code(),
        Some(1),
        "a valid time the clock refuses"
    );
    assert!(
        text(&back.stderr).contains("cannot go back before 2026-11-20 10:00 ET"),
        "{}",
        text(&back.stderr)
    );
    let again = portwiz(
        dir.path(),
        &["orders", "import", "tests/fixtures/import_order.json"],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "the numbers are in the first draft now, and the name is taken"
    );
    let errors = text(&again.stderr);
    assert!(
        errors.contains("already in open order \"Imported move\" (PW-261120-001)"),
        "{errors}"
    );
    assert!(
        errors.contains("Order name: another order is already named"),
        "{errors}"
    );
}

#[test]
fn import_names_every_problem_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let file = dir.path().join("bad.json");
    let mut order: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    order["fields"]["postal_code"] = "1234".into();
    order["fields"]["port_date"] = "2026-11-26".into();
    order["fields"]["account_pin"] = "12ab".into();
    // 212 736 5002 is left out, and the usage the file still gives it is named too.
    order["fields"]["numbers_text"] = "2127365001\n212 555 0150".into();
    std::fs::write(&file, order.to_string()).unwrap();
    let out = portwiz(dir.path(), &["orders", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    for expected in [
        "5 problems",
        "fictional",
        "Number usage: (212) 736-5002 has a usage but is not among the order's numbers",
        "digits only",
        "\"1234\" is not a ZIP code",
        "Thanksgiving",
    ] {
        assert!(errors.contains(expected), "{expected}: {errors}");
    }
    assert!(!errors.contains("12ab"), "the PIN is never echoed");
    assert!(portwiz(dir.path(), &["orders", "list"]).stdout.is_empty());
    assert_eq!(
        std::fs::read_dir(dir.path().join("documents"))
            .unwrap()
            .count(),
        0,
        "no LOA copy left behind"
    );
    std::fs::write(&file, "{\"fields\": {\"country\": \"US\",,}}").unwrap();
    let broken = portwiz(dir.path(), &["orders", "import", file.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(text(&broken.stderr).contains("line 1, column"));
}

#[test]
fn a_pin_written_as_a_number_is_never_echoed_only_its_place_and_field() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let mut order: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    order["fields"]["account_pin"] = 482913.into();
    let file = dir.path().join("pin-as-number.json");
    std::fs::write(&file, serde_json::to_string_pretty(&order).unwrap()).unwrap();

    let out = portwiz(dir.path(), &["orders", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !stdout.contains("482913") && !stderr.contains("482913"),
        "the PIN is never echoed: {stdout}{stderr}"
    );
    let line = serde_json::to_string_pretty(&order)
        .unwrap()
        .lines()
        .position(|l| l.contains("account_pin"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains("pin-as-number.json is not an order file to import")
            && stderr.contains(&format!(
                "fields.account_pin has a wrong value (line {line}, column"
            ))
            && stderr.contains("expected a string"),
        "{stderr}"
    );
    assert!(portwiz(dir.path(), &["orders", "list"]).stdout.is_empty());

    // The same field in an order file the store reads: set aside, with the place and not the PIN.
    order["id"] = "PW-261120-009".into();
    std::fs::write(
        dir.path().join("orders").join("PW-261120-009.json"),
        serde_json::to_string_pretty(&order).unwrap(),
    )
    .unwrap();
    let listed = portwiz(dir.path(), &["orders", "list"]);
    let (stdout, stderr) = (text(&listed.stdout), text(&listed.stderr));
    assert!(
        !stdout.contains("482913") && !stderr.contains("482913"),
        "{stdout}{stderr}"
    );
    assert!(
        stderr.contains("PW-261120-009.json is damaged")
            && stderr.contains("fields.account_pin has a wrong value"),
        "{stderr}"
    );
}

/// The usage of each number is part of the order form: read by import (a number not given one
/// gets its kind's default), written to the order file, and refused for a number not in the order.
#[test]
fn import_reads_each_numbers_usage() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let mut form: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    form["fields"]["number_usage"] = serde_json::json!({"+12127365009": "conference"});
    let stray = dir.path().join("stray.json");
    std::fs::write(&stray, form.to_string()).unwrap();
    let refused = portwiz(dir.path(), &["orders", "import", stray.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains(
            "Number usage: (212) 736-5009 has a usage but is not among the order's numbers"
        ),
        "{}",
        text(&refused.stderr)
    );
    form["fields"]["number_usage"] = serde_json::json!({"+12127365002": "conference"});
    let one = dir.path().join("one.json");
    std::fs::write(&one, form.to_string()).unwrap();
    let out = portwiz(dir.path(), &["orders", "import", one.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("orders/PW-261120-001.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        file["fields"]["number_usage"],
        serde_json::json!({"+12127365001": "user", "+12127365002": "conference"})
    );
}

/// Imports the fixture order with the command line, changes it, and submits it as the app does,
/// through the library, at the set clock.
fn submit_imported_order(
    data: &Path,
    change: impl FnOnce(&mut portwiz::domain::order::OrderFields),
) {
    set_clock(data);
    assert!(
        portwiz(
            data,
            &["orders", "import", "tests/fixtures/import_order.json"]
        )
        .status
        .success()
    );
    let store = portwiz::store::DirStore::open(data).unwrap();
    let mut order = portwiz::store::all_orders(&store).remove(0);
    change(&mut order.fields);
    portwiz::lifecycle::submit(
        &mut order,
        &portwiz::carrier::SimulatedNetwork::sample(),
        "2026-11-20T15:00:00Z".parse().unwrap(),
    )
    .unwrap();
    portwiz::store::save_order(&store, &mut order).unwrap();
}

#[test]
fn a_submitted_order_answers_as_the_clock_moves_and_show_redacts_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    // A PIN that the carrier will not know, so only redaction can keep it out of the output.
    submit_imported_order(dir.path(), |fields| {
        fields.account_pin = portwiz::domain::order::Secret::new("24680")
    });

    let show = portwiz(dir.path(), &["clock", "show"]);
    assert!(
        text(&show.stdout).contains(
            "PW-261120-001  Imported move: the carrier's answer at Wed 2026-11-25 10:00 ET"
        ),
        "{}",
        text(&show.stdout)
    );
    let advance = portwiz(dir.path(), &["clock", "advance", "3bd"]);
    assert!(
        text(&advance.stdout).contains("PW-261120-001  Imported move: Submitted -> FOC confirmed"),
        "{}",
        text(&advance.stdout)
    );
    let listed = portwiz(dir.path(), &["orders", "list", "--status", "foc-confirmed"]);
    assert!(text(&listed.stdout).contains("PW-261120-001"));
    let wrong = portwiz(dir.path(), &["orders", "list", "--status", "done"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("foc-confirmed"));

    let json = portwiz(dir.path(), &["orders", "show", "PW-261120-001", "--json"]);
    let raw = text(&json.stdout);
    assert!(!raw.contains("24680"), "PIN redacted everywhere: {raw}");
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(value["fields"]["account_pin"], "<redacted>");
    assert_eq!(
        value["submissions"][0]["fields"]["account_pin"],
        "<redacted>"
    );
    assert_eq!(value["status"], "foc-confirmed");
    assert!(value["timeline"].as_array().unwrap().len() >= 3);
    let human = text(&portwiz(dir.path(), &["orders", "show", "pw-261120-001"]).stdout);
    assert!(
        human.contains("FOC: Mon 2026-12-14 09:00 ET") && human.contains("Timeline:"),
        "{human}"
    );
    assert!(!human.contains("24680"));
}

#[test]
fn show_lists_the_rejection_reasons() {
    let dir = tempfile::tempdir().unwrap();
    submit_imported_order(dir.path(), |fields| fields.postal_code = "10001".into());
    assert!(
        portwiz(dir.path(), &["clock", "advance", "3bd"])
            .status
            .success()
    );
    let value: serde_json::Value = serde_json::from_slice(
        &portwiz(dir.path(), &["orders", "show", "PW-261120-001", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(value["status"], "customer-action-required");
    let reason = &value["rejection_reasons"][0];
    assert_eq!(reason["category"], "service-address-mismatch");
    assert_eq!(reason["fields"][4], "ZIP / postal code");
    assert!(
        reason["recommended_action"]
            .as_str()
            .unwrap()
            .contains("CSR")
    );
}

fn port_out(data: &Path, pin: Option<&str>, stdin: &str, numbers: &[&str]) -> Output {
    let mut args = vec!["port-out"];
    if let Some(pin) = pin {
        args.extend(["--pin", pin]);
    }
    args.extend(numbers);
    portwiz_with(data, &args, stdin)
}

fn set_pin(data: &Path, pin: &str) {
    let store = portwiz::store::DirStore::open(data).unwrap();
    let clock = portwiz::clock::Clock::Simulated(
        portwiz::clock::parse_moment("2026-11-20T10:00:00-05:00").unwrap(),
    );
    let mut ws = portwiz::workspace::Workspace::open(
        Box::new(store),
        Box::new(portwiz::carrier::SimulatedNetwork::sample()),
        clock,
    );
    ws.set_pin(pin, pin).unwrap();
}

#[test]
fn numbers_list_shows_the_sample_organization() {
    let dir = tempfile::tempdir().unwrap();
    let out = portwiz(dir.path(), &["numbers", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let avery = rows.iter().find(|r| r["number"] == "+16462901100").unwrap();
    assert_eq!(avery["connection"], "Direct Routing");
    assert_eq!(avery["assigned_to"], "Avery Chen");
    assert_eq!(avery["usage"], "user");
    let text = text(&portwiz(dir.path(), &["numbers", "list"]).stdout);
    // Whom each number is assigned to, in words: a user's usage is not said again (it printed
    // "Avery Chen (user, user)"), a resource account says what it is for.
    assert!(
        text.contains("+16462901100  geographic Direct Routing   Avery Chen (a user)\n"),
        "{text}"
    );
    assert!(text.contains("+17733382201  geographic Operator Connect Sales conference bridge (a resource account for a conference)"), "{text}");
    assert!(!text.contains("user, user"), "{text}");
}

#[test]
fn port_out_needs_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let none = port_out(dir.path(), Some("1234567890"), "", &["2025443300"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stderr).contains("no porting PIN is set"));
    set_pin(dir.path(), "1234567890");

    let wrong = port_out(dir.path(), Some("1111111111"), "", &["2025443300"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong.stderr).contains("does not match; nothing was ported"));
    assert!(
        !text(&wrong.stderr).contains("1111111111") && !text(&wrong.stderr).contains("1234567890")
    );
    let listed = text(&portwiz(dir.path(), &["numbers", "list"]).stdout);
    assert!(listed.contains("+12025443300"), "nothing changed");

    let bad = port_out(dir.path(), Some("1234567890"), "", &["212 555 0150"]);
    assert_eq!(bad.status.code(), Some(2));

    // The right PIN from standard input, so it stays out of the shell history.
    let right = port_out(dir.path(), None, "1234567890\n", &["(202) 544-3300"]);
    assert!(right.status.success(), "{}", text(&right.stderr));
    assert!(text(&right.stdout).contains("Ported out to the requesting carrier: (202) 544-3300"));
    assert!(!text(&portwiz(dir.path(), &["numbers", "list"]).stdout).contains("+12025443300"));
}

/// The wait after wrong PINs, on a real clock the test sets: after three wrong tries each try
/// waits 30 s from the last wrong one, doubling with each further wrong one; a try held off is
/// not counted, and even the right PIN waits.
#[test]
fn wrong_port_out_pins_make_the_next_try_wait_30_s_then_doubling() {
    let dir = tempfile::tempdir().unwrap();
    set_pin(dir.path(), "1234567890");
    let mut ws = portwiz::workspace::Workspace::open(
        Box::new(portwiz::store::DirStore::open(dir.path()).unwrap()),
        Box::new(portwiz::carrier::SimulatedNetwork::sample()),
        portwiz::clock::Clock::Simulated(
            portwiz::clock::parse_moment("2026-11-20T10:00:00-05:00").unwrap(),
        ),
    );
    let start: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    let at = |seconds: i64| start + jiff::SignedDuration::from_secs(seconds);
    let number = [portwiz::domain::phone::PhoneNumber::parse("2025443301").unwrap()];
    let mut cli_try = |pin: &str, seconds: i64| {
        portwiz::cli::status(&portwiz::cli::port_out(
            &mut ws,
            &portwiz::cli::secret::PinSource {
                given: Some(pin),
                file: None,
            },
            &["2025443301".to_string()],
            at(seconds),
            false,
            &mut Vec::new(),
        ))
    };
    for second in 0..3 {
        assert_eq!(cli_try("0000000000", second), 1, "wrong PIN {second}");
    }
    assert_eq!(
        cli_try("1234567890", 12),
        1,
        "even the right PIN waits after three wrong ones"
    );
    let mut try_pin = |pin: &str, seconds: i64| ws.port_out(&number, pin, at(seconds));
    let waiting = |seconds: u64| {
        Err(format!(
            "too many wrong PINs; the next try is allowed in {seconds} s"
        ))
    };
    assert_eq!(
        try_pin("1234567890", 12),
        waiting(20),
        "30 s after the third wrong try"
    );
    assert_eq!(
        try_pin("0000000000", 31),
        waiting(1),
        "held off, not counted"
    );
    assert_eq!(
        try_pin("0000000000", 32),
        Err("the porting PIN does not match; nothing was ported".to_string()),
        "checked once the 30 s are over"
    );
    assert_eq!(
        try_pin("1234567890", 62),
        waiting(30),
        "the fourth wrong try doubles the wait"
    );
    let ported = try_pin("1234567890", 92).expect("the right PIN once the wait is over");
    assert!(ported.contains("(202) 544-3301"), "{ported}");
    let record = portwiz::store::Store::pin(&portwiz::store::DirStore::open(dir.path()).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(record.wrong_tries, 0, "the right PIN resets the count");
}

/// A FIFO, a device and a file over the limit, named where a numbers list or the carrier file goes:
/// each is refused at once, by name, and nothing waits for a writer or reads without end.
#[test]
fn hostile_paths_for_lists_and_the_carrier_file_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fifo = dir.path().join("numbers.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(portwiz::domain::limits::MAX_NUMBERS_FILE_BYTES + 1)
        .unwrap();
    for path in [&fifo, &zero] {
        let out = portwiz(&data, &["check-numbers", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains(&format!(
                "{} is not a regular file (a folder, pipe or device)",
                path.display()
            )),
            "{}",
            text(&out.stderr)
        );
    }
    // A list is read as a stream, whatever its size; a line without end is not kept without bound.
    let out = portwiz(&data, &["check-numbers", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(&format!(
            "{} line 1 is longer than 1 MiB; give one number a line",
            big.display()
        )),
        "{}",
        text(&out.stderr)
    );
    let out = portwiz(
        &data,
        &["--carriers", fifo.to_str().unwrap(), "numbers", "list"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(&format!(
            "the carrier file (--carriers): {} is not a regular file",
            fifo.display()
        )),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_pin_record_with_other_argon2_settings_is_damaged_and_never_run() {
    let dir = tempfile::tempdir().unwrap();
    set_pin(dir.path(), "1234567890");
    let file = dir.path().join("porting_pin.json");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("m=19456,t=2,p=1"), "{written}");
    // Four million passes would take hours: a refusal that returns at all proves argon2 never ran.
    let hostile = written.replace("m=19456,t=2,p=1", "m=19456,t=4000000,p=1");
    std::fs::write(&file, &hostile).unwrap();

    let out = port_out(dir.path(), Some("1234567890"), "", &["2025443300"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("porting PIN record (porting_pin.json in the data folder) is damaged")
            && stderr.contains("number of passes (t)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("4000000") && !stderr.contains("$argon2id"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        hostile,
        "the right PIN was not counted as a wrong try"
    );
    assert!(text(&portwiz(dir.path(), &["numbers", "list"]).stdout).contains("+12025443300"));
}

#[test]
fn an_empty_port_out_pin_is_bad_input_and_counts_no_wrong_try() {
    let dir = tempfile::tempdir().unwrap();
    set_pin(dir.path(), "1234567890");
    for (pin, stdin) in [(Some(""), ""), (None, ""), (None, "  \n")] {
        let out = port_out(dir.path(), pin, stdin, &["2025443300"]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("no porting PIN was given"));
    }
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("porting_pin.json")).unwrap())
            .unwrap();
    assert_eq!(record["wrong_tries"], 0);
    let right = port_out(dir.path(), Some("1234567890"), "", &["2025443300"]);
    assert!(right.status.success(), "{}", text(&right.stderr));
}

/// A spreadsheet's CSV (CRLF lines, quoted cells, a comma inside quotes) is read cell by cell, and
/// each entry is reported on the line it is written on.
#[test]
fn check_numbers_reads_a_spreadsheet_csv_by_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        "PhoneNumber\r\n\"212 736 5000\"\r\n\r\n\"212,736,5001\"\r\n2127365002,Main\r\n",
    )
    .unwrap();
    let out = portwiz(
        &dir.path().join("data"),
        &["check-numbers", csv.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines[0].starts_with("line    2  212 736 5000"), "{report}");
    assert!(lines[0].ends_with("+12127365000  geographic"), "{report}");
    assert!(
        lines[1].starts_with("line    4  212,736,5001           error: contains ','"),
        "{report}"
    );
    assert!(
        lines[2].starts_with("line    5  2127365002,Main        error: has 2 columns"),
        "{report}"
    );
    assert_eq!(
        lines[3], "3 entries: 1 valid, 2 invalid, 0 duplicates removed",
        "{report}"
    );
}

/// A CSV whose header is not the one PhoneNumber column is no numbers CSV: nothing is checked
/// and it is bad input, as the wizard imports nothing of it (before, the header was one invalid
/// entry and the rows under it were checked anyway).
#[test]
fn check_numbers_refuses_a_csv_with_another_header() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("phones.csv");
    std::fs::write(&csv, "Phone\n2127365000\n").unwrap();
    let out = portwiz(
        &dir.path().join("data"),
        &["check-numbers", csv.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains(&format!(
            "nothing checked: {} line 1 the header is \"Phone\"; a CSV must have one column with the header PhoneNumber",
            csv.display()
        )),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_numbers_counts_in_words_and_an_empty_list_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "2127365000\n212 736 5000\n").unwrap();
    let out = portwiz(
        &dir.path().join("data"),
        &["check-numbers", one.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert_eq!(
        report.lines().last(),
        Some("2 entries: 1 valid, 0 invalid, 1 duplicate removed"),
        "{report}"
    );
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n  \n").unwrap();
    let out = portwiz(
        &dir.path().join("data"),
        &["check-numbers", empty.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("empty.txt holds no phone number; give one a line"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn orders_list_takes_a_status_in_any_case_and_as_the_screens_show_it() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    for status in [
        "Completed",
        "COMPLETED",
        "FOC confirmed",
        "Customer action required",
    ] {
        let out = portwiz(dir.path(), &["orders", "list", "--status", status]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{status}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_clock_stays_where_the_calendar_can_serve() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    for (args, why) in [
        (
            &["clock", "set", "9999-06-01T10:00:00-04:00"][..],
            "9999-06-01 is outside the port calendar, which runs from 1900-01-01 to 9997-12-31",
        ),
        (
            &["clock", "set", "9998-01-02T10:00:00-05:00"],
            "9998-01-02 is outside",
        ),
    ] {
        let out = portwiz(dir.path(), args);
        // A valid time that the clock refuses is a refusal (1), not bad input.
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains(why), "{}", text(&out.stderr));
    }
    let last = portwiz(dir.path(), &["clock", "set", "9997-12-31T10:00:00-05:00"]);
    assert!(last.status.success(), "{}", text(&last.stderr));
    let calendar = portwiz(dir.path(), &["calendar", "--json"]);
    assert!(calendar.status.success(), "{}", text(&calendar.stderr));
    let days: serde_json::Value = serde_json::from_slice(&calendar.stdout).unwrap();
    assert_eq!(days[0]["date"], "9997-12-31");
    assert_eq!(days.as_array().unwrap().len(), 31);
    for step in ["1d", "3bd", "3650bd"] {
        let out = portwiz(dir.path(), &["clock", "advance", step]);
        assert_eq!(out.status.code(), Some(1), "{step}: {}", text(&out.stdout));
        assert!(
            text(&out.stderr).contains("outside the port calendar"),
            "{step}"
        );
    }
    // A clock an older portwiz stored beyond the calendar is told, not followed into a panic.
    std::fs::write(
        dir.path().join("clock.json"),
        std::fs::read_to_string(dir.path().join("clock.json"))
            .unwrap()
            .replace("9997-12-31", "9999-12-01"),
    )
    .unwrap();
    let out = portwiz(dir.path(), &["calendar"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is outside the port calendar"));
}

#[test]
fn area_codes_follow_the_bundled_list() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "273 736 5000\n").unwrap();
    let check = |country: &str| {
        portwiz(
            &dir.path().join("data"),
            &[
                "check-numbers",
                "--country",
                country,
                list.to_str().unwrap(),
            ],
        )
    };
    assert_eq!(
        check("ca").status.code(),
        Some(0),
        "{}",
        text(&check("ca").stdout)
    );
    let us = check("us");
    assert_eq!(us.status.code(), Some(1));
    assert!(text(&us.stdout).contains("error:"), "{}", text(&us.stdout));
    std::fs::write(
        &list,
        "622 736 5000\n633 736 5000\n521 736 5000\n588 736 5000\n",
    )
    .unwrap();
    let out = check("us");
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert_eq!(
        report.matches("is a non-geographic service code").count(),
        4,
        "{report}"
    );
}

/// With no country given, a number must be of one of the two: a Canadian one is valid (it can be
/// ported in a Canadian order), a Caribbean one is refused, as the README says.
#[test]
fn without_a_country_caribbean_numbers_are_refused_and_canadian_ones_valid() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "809 234 5678\n416 363 2200\n273 736 5000\n").unwrap();
    let out = portwiz(
        &dir.path().join("data"),
        &["check-numbers", "--json", list.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries[0]["e164"], serde_json::Value::Null);
    assert!(
        entries[0]["error"]
            .as_str()
            .unwrap()
            .contains("area code 809 belongs to another country of the +1 plan"),
        "{}",
        entries[0]
    );
    assert_eq!(entries[1]["e164"], "+14163632200");
    assert_eq!(entries[2]["e164"], "+12737365000");
}

#[test]
fn store_status_gives_the_data_directory_and_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    set_clock(dir.path());
    let out = portwiz(dir.path(), &["store", "status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(&format!(
            "order schema: {}",
            portwiz::domain::order::SCHEMA_VERSION
        )) && said.contains("orders: 0"),
        "{said}"
    );
    let out = portwiz(dir.path(), &["store", "status", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let status = json_of(&text(&out.stdout));
    assert!(
        status["store"]
            .as_str()
            .unwrap()
            .contains(&dir.path().display().to_string()),
        "{status}"
    );
    assert_eq!(
        status["order_schema"],
        portwiz::domain::order::SCHEMA_VERSION
    );
    assert_eq!(status["orders"], 0);
    assert_eq!(status["trouble"], serde_json::json!([]));
}

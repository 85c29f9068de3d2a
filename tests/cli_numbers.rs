//! The numbers commands and the PIN on the real binary: assign, unassign, release with its
//! confirmation code, the porting PIN set and changed from standard input or a file, the history;
//! bad input exits 2, refusals 1, and no PIN is ever printed.

mod common;

use common::cli::{json_of, run_checked};
use std::path::Path;

/// The PINs used here, which nothing may print.
const PINS: [&str; 2] = ["1234567890", "7654321098"];

fn run(data: &Path, args: &[&str], stdin: &str, code: i32) -> (String, String) {
    run_checked(data, args, stdin, code, &PINS)
}

#[test]
fn assign_and_unassign_follow_the_inventory_rules() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let assign = [
        "numbers",
        "assign",
        "(646) 290-1102",
        "--to",
        "Riley Ortiz",
        "--kind",
        "user",
        "--usage",
        "user",
    ];
    let (said, _) = run(data, &assign, "", 0);
    assert!(
        said.contains("+16462901102 is assigned to Riley Ortiz (a user)."),
        "{said}"
    );
    let (listed, _) = run(data, &["numbers", "list", "--json"], "", 0);
    let rows: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let riley = (rows.as_array().unwrap().iter())
        .find(|r| r["number"] == "+16462901102")
        .unwrap();
    assert_eq!(riley["assigned_to"], "Riley Ortiz");
    let (_, err) = run(data, &assign, "", 1);
    assert!(
        err.contains("is assigned to Riley Ortiz; unassign it first"),
        "{err}"
    );
    let (_, err) = run(
        data,
        &[
            "numbers",
            "assign",
            "212 555 0150",
            "--to",
            "X",
            "--kind",
            "user",
            "--usage",
            "user",
        ],
        "",
        2,
    );
    assert!(err.contains("fictional"), "{err}");
    let (_, err) = run(
        data,
        &[
            "numbers",
            "assign",
            "6462901102",
            "--to",
            "X",
            "--kind",
            "robot",
            "--usage",
            "user",
        ],
        "",
        2,
    );
    assert!(err.contains("possible values: user, resource"), "{err}");
    let (said, _) = run(data, &["numbers", "unassign", "6462901102"], "", 0);
    assert!(said.contains("+16462901102 is unassigned"), "{said}");
    // With --json, each prints the number's row as `numbers list --json` has it now.
    let mut assign_json = assign.to_vec();
    assign_json.push("--json");
    let (said, _) = run(data, &assign_json, "", 0);
    let row = json_of(&said);
    assert_eq!(row["number"], "+16462901102");
    assert_eq!(row["assigned_to"], "Riley Ortiz");
    assert_eq!(row["assignee"], "user");
    assert_eq!(row["usage"], "user");
    let (said, _) = run(
        data,
        &["numbers", "unassign", "6462901102", "--json"],
        "",
        0,
    );
    let row = json_of(&said);
    assert_eq!(row["number"], "+16462901102");
    assert_eq!(row["assigned_to"], serde_json::Value::Null);
    let (history, _) = run(data, &["numbers", "history", "--json"], "", 0);
    let events: serde_json::Value = serde_json::from_str(&history).unwrap();
    assert!(events.as_array().unwrap().len() >= 2, "{history}");
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["number"] == "+16462901102")
    );
}

#[test]
fn release_asks_for_its_code_and_checks_every_number_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (_, err) = run(
        data,
        &["numbers", "release", "2025443300", "2025443301"],
        "",
        1,
    );
    assert!(
        err.contains("is assigned to Reception; unassign it first"),
        "{err}"
    );
    let (_, err) = run(data, &["numbers", "release", "2025443300"], "", 1);
    assert!(err.contains("gives it back to the provider"), "{err}");
    let code = err
        .split("--confirm ")
        .nth(1)
        .expect("the code is given")
        .trim()
        .to_string();
    assert_eq!(code.len(), 6, "{err}");
    let (_, err) = run(
        data,
        &["numbers", "release", "2025443300", "--confirm", "ZZZZZZ"],
        "",
        1,
    );
    assert!(err.contains(&format!("type {code} exactly")), "{err}");
    let (said, _) = run(
        data,
        &["numbers", "release", "2025443300", "--confirm", &code],
        "",
        0,
    );
    assert!(said.contains("+12025443300 was released"), "{said}");
    let (listed, _) = run(data, &["numbers", "list"], "", 0);
    assert!(!listed.contains("+12025443300"), "{listed}");
    let mut rows = listed.lines();
    assert_eq!(
        rows.next()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec!["Number", "Type", "Connection", "Assigned", "to"]),
        "{listed}"
    );
    assert!(rows.next().unwrap().starts_with("+1"), "{listed}");
    let (_, err) = run(data, &["numbers", "release", "not a number"], "", 2);
    assert!(err.contains("not a number"), "{err}");
}

#[test]
fn the_pin_is_set_and_changed_from_standard_input_and_used_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (_, err) = run(data, &["numbers", "pin", "change"], "1234567890\n", 1);
    assert!(err.contains("use `portwiz numbers pin set`"), "{err}");
    // A PIN of the wrong form is bad input (2), as port-out's is.
    let (_, err) = run(
        data,
        &["numbers", "pin", "set"],
        "1234567890\n1234567899\n",
        2,
    );
    assert!(err.contains("the two entries differ"), "{err}");
    let (_, err) = run(data, &["numbers", "pin", "set"], "\n\n", 2);
    assert!(err.contains("enter a PIN of 6 to 10 digits"), "{err}");
    let (_, err) = run(data, &["port-out", "2127365001"], "\n", 2);
    assert!(err.contains("no porting PIN was given"), "{err}");
    let (said, _) = run(
        data,
        &["numbers", "pin", "set"],
        "1234567890\n1234567890\n",
        0,
    );
    assert!(said.contains("The porting PIN is set"), "{said}");
    let (_, err) = run(data, &["numbers", "pin", "set"], "7654321098\n", 1);
    assert!(err.contains("use `portwiz numbers pin change`"), "{err}");
    let (said, _) = run(data, &["numbers", "pin", "change"], "7654321098\n", 0);
    assert!(said.contains("The porting PIN is changed"), "{said}");

    let file = dir.path().join("pin.txt");
    std::fs::write(&file, "1234567890\n").unwrap();
    let pin_file = file.to_str().unwrap();
    let (_, err) = run(
        data,
        &["port-out", "--pin-file", pin_file, "2025443300"],
        "",
        1,
    );
    assert!(
        err.contains("does not match"),
        "the old PIN no longer works: {err}"
    );
    std::fs::write(&file, "7654321098\n").unwrap();
    let (said, _) = run(
        data,
        &["port-out", "--pin-file", pin_file, "2025443300"],
        "",
        0,
    );
    assert!(said.contains("Ported out"), "{said}");
    let (said, _) = run(
        data,
        &["port-out", "--pin-file", pin_file, "2025443301", "--json"],
        "",
        0,
    );
    let ported = json_of(&said);
    assert_eq!(ported["ported_out"], serde_json::json!(["+12025443301"]));
    assert!(
        ported["message"].as_str().unwrap().contains("Ported out"),
        "{said}"
    );
    let (_, err) = run(
        data,
        &["port-out", "--pin-file", "/nonexistent/pin", "2025443301"],
        "",
        2,
    );
    assert!(err.contains("give a file holding the PIN alone"), "{err}");
    let (_, err) = run(
        data,
        &[
            "port-out",
            "--pin",
            "1",
            "--pin-file",
            pin_file,
            "2025443301",
        ],
        "",
        2,
    );
    assert!(err.contains("not both"), "{err}");
    let (help, _) = run(data, &["port-out", "--help"], "", 0);
    assert!(
        help.contains("Visible to every user of this machine in the process list"),
        "{help}"
    );
}

/// A right-to-left override kept in the data (an assignee's name, a history line) reaches the
/// terminal as U+FFFD, and a name typed with one is refused with the reason. Before, `numbers
/// list` and `numbers history` printed U+202E raw, which reverses the rest of the line in a
/// terminal that handles bidirectional text, and `numbers assign` took it.
#[test]
fn direction_controls_in_the_data_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    run(data, &["numbers", "unassign", "6462901100"], "", 0);
    let file = data.join("inventory.json");
    let mut inventory: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let rlo = "Main line \u{202e}tnadnetta otua";
    inventory["numbers"][1]["assignment"]["name"] = rlo.into();
    inventory["history"][0]["detail"] = "Unassigned from \u{2067}Avery\u{2069} Chen".into();
    std::fs::write(&file, serde_json::to_string(&inventory).unwrap()).unwrap();
    let (listed, _) = run(data, &["numbers", "list"], "", 0);
    assert!(
        listed.contains("Main line \u{fffd}tnadnetta otua (a resource account for a voice app)"),
        "{listed}"
    );
    let (history, _) = run(data, &["numbers", "history"], "", 0);
    assert!(
        history.contains("Unassigned from \u{fffd}Avery\u{fffd} Chen"),
        "{history}"
    );
    for said in [&listed, &history] {
        assert!(!said.contains(portwiz::text::is_bidi_control), "{said:?}");
    }
    let assign = [
        "numbers",
        "assign",
        "6462901100",
        "--to",
        "Riley \u{202e}ztrO",
        "--kind",
        "user",
        "--usage",
        "user",
    ];
    let (_, err) = run(data, &assign, "", 1);
    assert!(
        err.contains("the name holds an invisible direction control (U+202E)"),
        "{err}"
    );
    assert!(!err.contains('\u{202e}'), "{err:?}");
}

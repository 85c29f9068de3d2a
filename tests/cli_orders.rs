//! The order commands on the real binary: each one's success, its bad input (exit 2, with a clear
//! message), its refusals (exit 1), the same failures as one JSON object with `--json`, and never a
//! PIN in what they print.

mod common;

use common::cli::{error_of, json_of, run_checked};
use std::path::Path;

const PIN: &str = "24680";

/// Standard output and error, after checking the exit status; no output carries the PIN.
fn run(data: &Path, args: &[&str], code: i32) -> (String, String) {
    run_checked(data, args, "", code, &[PIN])
}

/// A data directory with the fixture order imported as a draft (with a PIN), at the set clock.
fn with_draft(dir: &Path) -> (std::path::PathBuf, String) {
    with_draft_of(dir, |_| {})
}

/// As [`with_draft`], the fixture changed by `change` first.
fn with_draft_of(
    dir: &Path,
    change: impl FnOnce(&mut serde_json::Value),
) -> (std::path::PathBuf, String) {
    let data = dir.join("data");
    run(&data, &["clock", "set", "2026-11-20T10:00:00-05:00"], 0);
    let mut order: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    order["fields"]["account_pin"] = PIN.into();
    change(&mut order);
    let file = dir.join("order.json");
    std::fs::write(&file, order.to_string()).unwrap();
    let (id, _) = run(
        &data,
        &["orders", "import", file.to_str().unwrap(), "--json"],
        0,
    );
    let id = json_of(&id);
    (
        data,
        id.as_str().expect("the ID as a JSON string").to_string(),
    )
}

#[test]
fn import_prints_the_id_alone_with_json_and_is_idempotent_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    assert_eq!(id, "PW-261120-001");
    let file = dir.path().join("order.json");
    let file = file.to_str().unwrap();
    let args = ["orders", "import", file, "--if-not-exists", "imported MOVE"];
    let (again, _) = run(&data, &[&args[..], &["--json"]].concat(), 0);
    assert_eq!(
        json_of(&again),
        "PW-261120-001",
        "the ID as JSON, found by its name"
    );
    let (told, _) = run(&data, &args, 0);
    assert!(told.contains("nothing was imported"), "{told}");
    let (listed, _) = run(&data, &["orders", "list", "--json"], 0);
    let rows: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        1,
        "one order after three runs"
    );
    let (_, err) = run(
        &data,
        &["orders", "import", file, "--if-not-exists", "Other name"],
        2,
    );
    assert!(
        err.contains("give --if-not-exists the order's name"),
        "{err}"
    );
}

#[test]
fn submit_checks_first_and_names_each_problem_with_its_step_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    // The port date falls too soon once the clock has moved on: the pre-submit check refuses.
    run(&data, &["clock", "set", "2026-12-10T10:00:00-05:00"], 0);
    let (_, err) = run(&data, &["orders", "submit", &id], 1);
    assert!(
        err.contains("was not submitted") && err.contains("step 7 "),
        "{err}"
    );
    let (_, err) = run(&data, &["orders", "submit", &id, "--json"], 1);
    let error = error_of(&err);
    assert_eq!(error["kind"], "refused");
    assert_eq!(error["problems"][0]["step"], 7);
    assert!(error["problems"][0]["field"].is_string(), "{error}");
    let (shown, _) = run(&data, &["orders", "show", &id, "--json"], 0);
    let order: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(order["status"], "draft", "nothing was sent");
    let (_, err) = run(&data, &["orders", "resubmit", &id], 1);
    assert!(err.contains("use `portwiz orders submit"), "{err}");
}

#[test]
fn an_unknown_id_is_bad_input_and_not_found_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _) = with_draft(dir.path());
    for args in [
        &["orders", "submit", "PW-000000-009"][..],
        &["orders", "cancel", "PW-000000-009"],
        &["orders", "timeline", "PW-000000-009"],
        &["orders", "export", "PW-000000-009", "--format", "csv"],
    ] {
        let (_, err) = run(&data, args, 2);
        assert!(err.contains("`portwiz orders list` shows the IDs"), "{err}");
        let (_, err) = run(&data, &[args, &["--json"]].concat(), 2);
        assert_eq!(error_of(&err)["kind"], "not-found");
    }
    let (_, err) = run(
        &data,
        &["orders", "export", "PW-261120-001", "--format", "pdf"],
        2,
    );
    assert!(err.contains("possible values: json, csv, text"), "{err}");
}

#[test]
fn update_takes_the_shown_form_keeps_the_redacted_pin_and_refuses_what_the_wizard_would() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    let (shown, _) = run(&data, &["orders", "show", &id, "--json"], 0);
    let mut order: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(order["fields"]["account_pin"], "<redacted>");
    order["fields"]["contact_name"] = "Sam Ortiz".into();
    let file = dir.path().join("update.json");
    std::fs::write(&file, order.to_string()).unwrap();
    let (said, _) = run(&data, &["orders", "update", &id, file.to_str().unwrap()], 0);
    assert!(
        said.contains("Updated PW-261120-001 (Imported move): Contact name"),
        "{said}"
    );
    assert!(
        said.contains("Next: `portwiz orders submit PW-261120-001`"),
        "{said}"
    );
    order["fields"]["contact_name"] = "Sam Ortega".into();
    std::fs::write(&file, order.to_string()).unwrap();
    let (said, _) = run(
        &data,
        &["orders", "update", &id, file.to_str().unwrap(), "--json"],
        0,
    );
    let updated = json_of(&said);
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["status"], "draft");
    assert_eq!(updated["changed"], serde_json::json!(["Contact name"]));
    assert_eq!(updated["next"], "submit");
    assert_eq!(updated["before_next"], serde_json::json!([]));
    order["fields"]["contact_name"] = "Sam Ortiz".into();
    std::fs::write(&file, order.to_string()).unwrap();
    run(&data, &["orders", "update", &id, file.to_str().unwrap()], 0);
    // The PIN the order had is the one it keeps (the export shows it redacted, so read the store).
    let store = portwiz::store::DirStore::open(&data).unwrap();
    let stored = portwiz::store::all_orders(&store).remove(0);
    assert_eq!(stored.fields.account_pin.expose(), PIN);
    assert_eq!(stored.fields.contact_name, "Sam Ortiz");

    order["fields"]["postal_code"] = "1234".into();
    std::fs::write(&file, order.to_string()).unwrap();
    let (_, err) = run(&data, &["orders", "update", &id, file.to_str().unwrap()], 1);
    assert!(
        err.contains("was not updated; 1 problem") && err.contains("\"1234\" is not a ZIP code"),
        "{err}"
    );
    std::fs::write(&file, "{\"fields\": 3}").unwrap();
    let (_, err) = run(&data, &["orders", "update", &id, file.to_str().unwrap()], 2);
    assert!(err.contains("is not an order file to update"), "{err}");

    run(&data, &["orders", "submit", &id], 0);
    let (_, err) = run(&data, &["orders", "update", &id, file.to_str().unwrap()], 2);
    assert!(err.contains("is not an order file"), "{err}");
    std::fs::write(&file, order.to_string()).unwrap();
    let (_, err) = run(&data, &["orders", "update", &id, file.to_str().unwrap()], 1);
    assert!(err.contains("is Submitted: only a draft"), "{err}");
}

#[test]
fn cancel_support_rename_and_delete_follow_the_status_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    let (_, err) = run(&data, &["orders", "cancel", &id], 1);
    assert!(err.contains("Cannot cancel"), "{err}");
    let (_, err) = run(&data, &["orders", "support", &id], 2);
    assert!(err.contains("give --comment TEXT"), "{err}");
    let (_, err) = run(&data, &["orders", "support", &id, "--comment", "help"], 1);
    assert!(err.contains("assistance is for submitted orders"), "{err}");
    let (said, _) = run(&data, &["orders", "rename", &id, "Head office move"], 0);
    assert!(said.contains("is now named \"Head office move\""), "{said}");
    let (_, err) = run(&data, &["orders", "rename", &id, ""], 1);
    assert!(err.contains("Order name"), "{err}");
    let (said, _) = run(
        &data,
        &["orders", "rename", &id, "Head office move 2", "--json"],
        0,
    );
    let renamed = json_of(&said);
    assert_eq!(renamed["id"], id.as_str());
    assert_eq!(renamed["name"], "Head office move 2");
    assert_eq!(renamed["status"], "draft");
    assert_eq!(renamed["deleted"], false);

    run(&data, &["orders", "submit", &id], 0);
    let (_, err) = run(&data, &["orders", "delete", &id], 1);
    assert!(err.contains("only a draft can be deleted"), "{err}");
    let (said, _) = run(
        &data,
        &[
            "orders",
            "support",
            &id,
            "--comment",
            "Please check the CSR",
            "--json",
        ],
        0,
    );
    let status: serde_json::Value = serde_json::from_str(&said).unwrap();
    assert_eq!(status["status"], "support-engaged");
    let (said, _) = run(
        &data,
        &["orders", "support", &id, "--comment", "Any news?"],
        0,
    );
    assert!(
        said.contains("Comment added to ticket SUP-261120001"),
        "{said}"
    );
    let (timeline, _) = run(&data, &["orders", "timeline", &id, "--json"], 0);
    let events: serde_json::Value = serde_json::from_str(&timeline).unwrap();
    let details: Vec<&str> = (events.as_array().unwrap().iter())
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(
        details.iter().any(|d| d.starts_with("Renamed from")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("Assistance requested")),
        "{details:?}"
    );

    // Support resubmits after two business days; then the order can be canceled.
    run(&data, &["clock", "advance", "2bd"], 0);
    let (said, _) = run(&data, &["orders", "cancel", &id], 0);
    assert!(said.contains("Cancellation requested"), "{said}");
    let (_, err) = run(&data, &["orders", "cancel", &id], 1);
    assert!(
        err.contains("Cannot cancel: the order is already Cancellation requested"),
        "{err}"
    );
    let (shown, _) = run(&data, &["orders", "show", &id, "--json"], 0);
    let order: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(order["status"], "cancellation-requested");
}

#[test]
fn delete_removes_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    let (said, _) = run(&data, &["orders", "delete", &id], 0);
    assert!(
        said.contains("Deleted draft PW-261120-001 (Imported move)"),
        "{said}"
    );
    let (_, err) = run(&data, &["orders", "delete", &id], 2);
    assert!(err.contains("no order"), "{err}");
    let (listed, _) = run(&data, &["orders", "list"], 0);
    assert_eq!(listed, "", "no order left, and no header for none");
    let (_, id) = with_draft(dir.path());
    let (said, _) = run(&data, &["orders", "delete", &id, "--json"], 0);
    let deleted = json_of(&said);
    assert_eq!(deleted["id"], id.as_str());
    assert_eq!(deleted["name"], "Imported move");
    assert_eq!(deleted["status"], "draft");
    assert_eq!(deleted["deleted"], true);
}

#[test]
fn export_writes_json_csv_and_text_and_diff_compares_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft(dir.path());
    let (csv, _) = run(&data, &["orders", "export", &id, "--format", "csv"], 0);
    assert_eq!(csv, "PhoneNumber\n+12127365001\n+12127365002\n");
    let (json, _) = run(&data, &["orders", "export", &id, "--format", "json"], 0);
    let order: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(order["fields"]["account_pin"], "<redacted>");
    let (human, _) = run(&data, &["orders", "export", &id, "--format", "text"], 0);
    assert!(
        human.starts_with("PW-261120-001 · Imported move · Draft\nExported from portwiz at Fri 2026-11-20 10:00 ET"),
        "{human}"
    );
    // What the details page's x exports, every value with it.
    let store = portwiz::store::DirStore::open(&data).unwrap();
    let order = portwiz::store::all_orders(&store).remove(0);
    let now: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    let network = portwiz::carrier::SimulatedNetwork::sample();
    assert_eq!(
        human,
        portwiz::ui::screens::details::export_order(order, &network, now)
    );
    for value in ["Contoso Ltd", "Dana Whitfield", "(212) 736-5000", "Partial"] {
        assert!(human.contains(value), "{value}: {human}");
    }
    let (diff, _) = run(&data, &["orders", "diff", &id], 0);
    assert!(
        diff.contains("submitted 0 times: nothing to compare yet"),
        "{diff}"
    );
    let (diff, _) = run(&data, &["orders", "diff", &id, "--json"], 0);
    assert_eq!(diff.trim(), "[]");
}

/// A rejected order is not resubmitted with the fields the carrier named as they were; a partial
/// update changes only the fields it names, and a name that is not a field is refused by name.
#[test]
fn resubmit_refuses_what_the_carrier_named_unchanged_and_update_takes_a_part() {
    let dir = tempfile::tempdir().unwrap();
    // The carrier rejects this ZIP code (Service address mismatch).
    let (data, id) = with_draft_of(dir.path(), |order| {
        order["fields"]["postal_code"] = "10001".into();
    });
    let part = dir.path().join("part.json");
    run(&data, &["orders", "submit", &id], 0);
    run(&data, &["clock", "advance", "3bd"], 0);
    let (shown, _) = run(&data, &["orders", "show", &id, "--json"], 0);
    assert_eq!(json_of(&shown)["status"], "customer-action-required");

    let (_, err) = run(&data, &["orders", "resubmit", &id], 1);
    assert!(
        err.contains("was not resubmitted: the carrier named")
            && err.contains("ZIP / postal code")
            && err.contains("unchanged since the rejection")
            && err.contains("--anyway"),
        "{err}"
    );
    let (_, err) = run(&data, &["orders", "resubmit", &id, "--json"], 1);
    let error = error_of(&err);
    assert_eq!(error["kind"], "refused");
    let fields: Vec<&str> = (error["problems"].as_array().unwrap().iter())
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"ZIP / postal code"), "{error}");
    assert!(
        error["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["step"] == 5)
    );

    std::fs::write(
        &part,
        r#"{"fields": {"postal_code": "10118", "zip": "10118"}}"#,
    )
    .unwrap();
    let (_, err) = run(&data, &["orders", "update", &id, part.to_str().unwrap()], 2);
    assert!(
        err.contains("fields.\"zip\" is not a field of an order; the fields are")
            && err.contains("postal_code"),
        "{err}"
    );
    std::fs::write(&part, r#"{"fields": ["10118"]}"#).unwrap();
    let (_, err) = run(&data, &["orders", "update", &id, part.to_str().unwrap()], 2);
    assert!(
        err.contains("expected a JSON object of order fields") && !err.contains("OrderFields"),
        "{err}"
    );
    std::fs::write(&part, r#"{"fields": {"postal_code": "10118"}}"#).unwrap();
    let (said, _) = run(
        &data,
        &["orders", "update", &id, part.to_str().unwrap(), "--json"],
        0,
    );
    let updated = json_of(&said);
    assert_eq!(
        updated["changed"],
        serde_json::json!(["ZIP / postal code"]),
        "only the field named changed, nothing else was emptied"
    );
    assert_eq!(updated["next"], "resubmit");
    // Now only the LOA to sign again stands in the way, not the fields the carrier named.
    let (_, err) = run(&data, &["orders", "resubmit", &id], 1);
    assert!(
        err.contains("LOA") && !err.contains("unchanged since the rejection"),
        "{err}"
    );
}

/// An order file's mistakes are named: a value of the wrong type by its field and what fits (it
/// was "not valid JSON"), a name that is not part of an order file by that name (it was ignored).
#[test]
fn import_names_a_wrong_type_and_a_stray_name() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    let file = dir.path().join("order.json");
    let mut wrong = fixture.clone();
    wrong["fields"]["country"] = 1.into();
    std::fs::write(&file, wrong.to_string()).unwrap();
    let (_, err) = run(&data, &["orders", "import", file.to_str().unwrap()], 2);
    assert!(
        err.contains("fields.country has a wrong value") && err.contains("expected `US` or `CA`"),
        "{err}"
    );
    assert!(!err.contains("not valid JSON"), "{err}");
    let mut stray = fixture;
    stray["schema_verison"] = 2.into();
    std::fs::write(&file, stray.to_string()).unwrap();
    let (_, err) = run(
        &data,
        &["orders", "import", file.to_str().unwrap(), "--json"],
        2,
    );
    let error = error_of(&err);
    assert_eq!(error["kind"], "bad-input");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("\"schema_verison\" is not part of an order file"),
        "{message}"
    );
    let (listed, _) = run(&data, &["orders", "list", "--json"], 0);
    assert_eq!(json_of(&listed), serde_json::json!([]), "nothing imported");
}

/// A draft begun in the app (the numbers as pasted, no port type, most fields empty) comes back
/// from `orders show --json` through `orders update`: unchanged, then with one value changed,
/// saved and told what is still to fill in, in commands rather than the app's keys.
#[test]
fn a_draft_begun_in_the_app_goes_through_show_and_update() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    run(&data, &["clock", "set", "2026-11-20T10:00:00-05:00"], 0);
    let store = portwiz::store::DirStore::open(&data).unwrap();
    let created = "2026-11-20T15:00:00Z".parse().unwrap();
    let mut draft = portwiz::domain::order::Order::new_draft("PW-261120-001".into(), created);
    draft.fields.country = Some(portwiz::domain::phone::Country::UnitedStates);
    draft.fields.numbers_text = "212 736 5001, 212 736 5002\n".into();
    portwiz::store::save_order(&store, &mut draft).unwrap();
    drop(store);
    let file = dir.path().join("shown.json");
    let update = ["orders", "update", "PW-261120-001", file.to_str().unwrap()];
    let show_and_update = || {
        let (shown, _) = run(&data, &["orders", "show", "PW-261120-001", "--json"], 0);
        std::fs::write(&file, &shown).unwrap();
        (json_of(&shown), run(&data, &update, 0).0)
    };
    // The app's numbers step finds the numbers' carrier as they are typed; this draft was saved
    // before, so its first update finds it.
    let (order, said) = show_and_update();
    assert_eq!(order["fields"]["port_type"], serde_json::Value::Null);
    assert!(said.contains("Updated PW-261120-001"), "{said}");
    let (mut order, said) = show_and_update();
    assert!(said.contains("already has these values"), "{said}");
    order["fields"]["contact_name"] = "Sam Ortiz".into();
    std::fs::write(&file, order.to_string()).unwrap();
    let (said, _) = run(&data, &update, 0);
    assert!(said.contains("Updated PW-261120-001"), "{said}");
    assert!(
        said.contains("Before `portwiz orders submit PW-261120-001`:")
            && said.contains("Port type")
            && said.contains("`portwiz calendar` lists the days"),
        "{said}"
    );
    assert!(!said.contains("Ctrl-"), "no key of the app: {said}");
    // A value the file changes must still be right.
    order["fields"]["postal_code"] = "1234".into();
    std::fs::write(&file, order.to_string()).unwrap();
    let (_, err) = run(&data, &update, 1);
    assert!(err.contains("\"1234\" is not a ZIP code"), "{err}");
    let (_, err) = run(&data, &["orders", "submit", "PW-261120-001", "--json"], 1);
    assert!(!err.contains("Ctrl-"), "no key of the app: {err}");
    assert!(error_of(&err)["problems"].as_array().unwrap().len() > 3);
}

/// With `--json`, a command line clap cannot read is one JSON error object too, exit 2.
#[test]
fn a_command_line_clap_refuses_is_one_json_object_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = run(dir.path(), &["orders", "list", "--bogus", "--json"], 2);
    let error = error_of(&err);
    assert_eq!(error["kind"], "bad-input");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("unexpected argument '--bogus'")
            && message.contains("Usage: portwiz orders list"),
        "{message}"
    );
    let (_, err) = run(dir.path(), &["orders", "list", "--bogus"], 2);
    assert!(
        err.starts_with("error: unexpected argument"),
        "as clap tells it: {err}"
    );
    let (help, _) = run(dir.path(), &["orders", "--help", "--json"], 0);
    assert!(help.contains("Usage: portwiz orders"), "{help}");
}

/// A shared folder such as /tmp is not made private: another folder is to be chosen.
#[test]
fn a_shared_folder_as_the_data_directory_asks_for_a_private_one() {
    let (_, err) = run(Path::new("/tmp"), &["orders", "list"], 2);
    assert!(
        err.contains("shared by every user") && err.contains("choose a private folder"),
        "{err}"
    );
    assert!(!err.contains("chmod"), "{err}");
}

/// An order of one number says so in the singular: in `orders show` and in its timeline. Before,
/// '(1 geographic numbers)' and '(submission 1): 1 numbers'.
#[test]
fn one_number_is_said_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let (data, id) = with_draft_of(dir.path(), |order| {
        order["fields"]["numbers_text"] = "2127365001".into();
        order["fields"]["number_usage"] = serde_json::json!({"+12127365001": "user"});
    });
    run(&data, &["orders", "submit", &id], 0);
    let (shown, _) = run(&data, &["orders", "show", &id], 0);
    assert!(shown.contains("(1 geographic number)"), "{shown}");
    assert!(
        shown.contains("(submission 1): 1 number, port requested"),
        "{shown}"
    );
}

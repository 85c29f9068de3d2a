//! `portwiz csr` on the real binary: a request refused for each wrong value and counted against the
//! account, the day of refusals after three wrong ones, a pending answer that the clock brings,
//! the CSR shown as text and JSON, and the account PIN printed nowhere.

mod common;

use common::cli::{json_of, run_checked};

const PIN: &str = "7351";
const WRONG_PIN: &str = "7350";

fn set_clock(data: &std::path::Path) {
    run_checked(
        data,
        &["clock", "set", "2026-12-01T10:00:00-05:00"],
        "",
        0,
        &[],
    );
}

fn request<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["csr", "request", "--btn", "(312) 621-4400", "--account"];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_csr_is_pending_until_the_clock_brings_it_and_never_shows_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    let (out, _) = run_checked(
        data,
        &request(&["CC30412", "--pin-stdin", "--json"]),
        &format!("{PIN}\n"),
        0,
        &[PIN],
    );
    let asked = json_of(&out);
    assert_eq!(asked["state"], "pending");
    assert_eq!(asked["pending"]["carrier_name"], "Cascade Communications");
    assert_eq!(asked["pending"]["ready_at"], "2026-12-03T15:00:00Z");
    assert!(asked["csr"].is_null());
    run_checked(data, &["clock", "advance", "1bd"], "", 0, &[]);
    let (out, _) = run_checked(
        data,
        &["csr", "show", "--btn", "3126214400", "--json"],
        "",
        0,
        &[PIN],
    );
    assert_eq!(
        json_of(&out)["state"],
        "pending",
        "one business day is not two"
    );
    run_checked(data, &["clock", "advance", "1bd"], "", 0, &[]);
    let (out, _) = run_checked(
        data,
        &["csr", "show", "--btn", "3126214400", "--json"],
        "",
        0,
        &[PIN],
    );
    let answered = json_of(&out);
    assert_eq!(answered["state"], "received");
    let csr = &answered["csr"];
    assert_eq!(csr["account_number"], "CC30412");
    assert_eq!(csr["received_at"], "2026-12-03T15:00:00Z");
    assert_eq!(csr["authorized_contact"]["last_name"], "Becker");
    assert_eq!(csr["service_address"]["postal_code"], "60606");
    assert_eq!(csr["billing_address"]["street"], "PO Box 2250");
    assert_eq!(csr["pin_on_account"], true);
    assert_eq!(csr["numbers"].as_array().unwrap().len(), 7);
    let (text, _) = run_checked(data, &["csr", "show", "--btn", "3126214400"], "", 0, &[PIN]);
    assert!(
        text.starts_with(
            "CSR of (312) 621-4400 from Cascade Communications, received Thu 2026-12-03 10:00 ET"
        ),
        "{text}"
    );
    assert!(text.contains("not the service address"), "{text}");
    let book = std::fs::read_to_string(data.join("csr.json")).unwrap();
    assert!(!book.contains(PIN), "{book}");
}

#[test]
fn wrong_requests_are_refused_with_a_reason_and_the_third_closes_the_account_for_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    // Without the PIN the carrier asks for it, and counts nothing.
    let (_, said) = run_checked(data, &request(&["CC30412"]), "", 2, &[]);
    assert!(said.contains("asks for the account PIN"), "{said}");
    assert!(said.contains("with --pin-stdin"), "{said}");
    assert!(!said.contains("refuses CSR requests for a day"), "{said}");
    // What cannot be a PIN is refused here, never sent: it costs the account no try.
    for bad in ["73a1", "12", &"9".repeat(2_000_000)] {
        let (_, said) = run_checked(data, &request(&["CC30412", "--pin-stdin"]), bad, 2, &[bad]);
        assert!(
            said.starts_with("portwiz: the account PIN on standard input: "),
            "{said}"
        );
    }
    let wrong = |account: &str, pin: &str, said: &[&str]| {
        let (_, told) = run_checked(
            data,
            &request(&[account, "--pin-stdin"]),
            pin,
            1,
            &[WRONG_PIN, PIN],
        );
        for part in said {
            assert!(told.contains(part), "{told}");
        }
    };
    wrong(
        "CC30413",
        PIN,
        &["the account number is not the one", "2 more wrong requests"],
    );
    wrong(
        "CC30412",
        WRONG_PIN,
        &[
            "the account PIN is not the account's",
            "One more wrong request",
        ],
    );
    wrong(
        "CC30412",
        WRONG_PIN,
        &["now refuses CSR requests for a day"],
    );
    // The right values are refused too, until a day after the third wrong one.
    let (_, said) = run_checked(data, &request(&["CC30412", "--pin-stdin"]), PIN, 1, &[PIN]);
    assert!(
        said.contains("refuses CSR requests for this account until Wed 2026-12-02 10:00 ET"),
        "{said}"
    );
    run_checked(data, &["clock", "advance", "1d"], "", 0, &[]);
    let (out, _) = run_checked(
        data,
        &request(&["CC30412", "--pin-stdin", "--json"]),
        PIN,
        0,
        &[PIN],
    );
    assert_eq!(json_of(&out)["state"], "pending");
}

#[test]
fn bad_input_and_unknown_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    let refused = |args: &[&str], code: i32, says: &str| {
        let (_, said) = run_checked(data, args, "", code, &[]);
        assert!(said.contains(says), "{said}");
    };
    let asked = |btn| ["csr", "request", "--btn", btn, "--account", "X"];
    refused(
        &asked("banana"),
        2,
        "--btn \"banana\" is not a phone number",
    );
    refused(
        &asked("2123334444"),
        1,
        "no carrier of the network has an account billed to this number",
    );
    refused(
        &["csr", "show", "--btn", "2123334444"],
        2,
        "no CSR was asked for (212) 333-4444",
    );
    // An account without a PIN answers at once.
    let (text, _) = run_checked(
        data,
        &[
            "csr",
            "request",
            "--btn",
            "2127365000",
            "--account",
            "4410-2231-77",
        ],
        "",
        0,
        &[],
    );
    assert!(
        text.starts_with("CSR of (212) 736-5000 from Northwind Telecom"),
        "{text}"
    );
}

#[test]
fn an_order_keeps_the_csr_of_its_own_account_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // The day the fixture order's dates were chosen for.
    run_checked(
        data,
        &["clock", "set", "2026-11-20T10:00:00-05:00"],
        "",
        0,
        &[],
    );
    let fixture = "tests/fixtures/import_order.json";
    let (out, _) = run_checked(data, &["orders", "import", fixture], "", 0, &[]);
    let id = "PW-261120-001".to_string();
    assert!(out.contains(&format!("as draft {id}")), "{out}");
    let (_, said) = run_checked(
        data,
        &request(&["CC30412", "--pin-stdin", "--order", &id]),
        PIN,
        2,
        &[PIN],
    );
    assert!(
        said.contains(&format!(
            "order {id} bills (212) 736-5000, not (312) 621-4400"
        )),
        "{said}"
    );
    let (_, said) = run_checked(data, &["csr", "show", &id], "", 2, &[]);
    assert!(said.contains("no CSR was asked for order"), "{said}");
    run_checked(
        data,
        &[
            "csr",
            "request",
            "--btn",
            "2127365000",
            "--account",
            "4410223177",
            "--order",
            &id,
        ],
        "",
        0,
        &[],
    );
    let (out, _) = run_checked(data, &["csr", "show", &id, "--json"], "", 0, &[]);
    let kept = json_of(&out);
    assert_eq!(kept["state"], "received");
    assert_eq!(kept["csr"]["carrier_name"], "Northwind Telecom");
    assert_eq!(kept["orders"][0], id.as_str());
}

/// `clock advance` tells the CSR a step brought, as text and as JSON: it said "No order changed."
/// and nothing of the CSR.
#[test]
fn clock_advance_tells_the_csr_it_brought() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    run_checked(data, &request(&["CC30412", "--pin-stdin"]), PIN, 0, &[PIN]);
    let (out, _) = run_checked(data, &["clock", "advance", "1bd"], "", 0, &[]);
    assert!(
        out.contains("No order changed and no CSR arrived."),
        "{out}"
    );
    let (out, _) = run_checked(data, &["clock", "advance", "1bd"], "", 0, &[PIN]);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "Simulated clock: Wed 2026-12-02 10:00 ET -> Thu 2026-12-03 10:00 ET",
            "  The CSR of (312) 621-4400 arrived from Cascade Communications.",
        ],
        "{out}"
    );

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    run_checked(data, &request(&["CC30412", "--pin-stdin"]), PIN, 0, &[PIN]);
    let (out, _) = run_checked(data, &["clock", "advance", "1bd", "--json"], "", 0, &[]);
    let moved = json_of(&out);
    assert_eq!(moved["changes"], serde_json::json!([]));
    assert_eq!(moved["csrs"], serde_json::json!([]));
    let (out, _) = run_checked(data, &["clock", "advance", "1bd", "--json"], "", 0, &[PIN]);
    let moved = json_of(&out);
    assert_eq!(moved["to"], "2026-12-03T10:00:00-05:00[America/New_York]");
    assert_eq!(moved["changes"], serde_json::json!([]));
    assert_eq!(
        moved["csrs"],
        serde_json::json!([{
            "btn": "+13126214400",
            "carrier_name": "Cascade Communications",
            "received_at": "2026-12-03T15:00:00Z",
            "orders": [],
        }])
    );
}

/// Only wrong requests made for a BTN: `csr show --btn` printed nothing and exited 0 (with --json,
/// `"state": "received"` and no CSR); it now says that no CSR came and where the account stands.
#[test]
fn a_btn_only_refused_has_no_csr_to_show() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    set_clock(data);
    run_checked(
        data,
        &request(&["CC30412", "--pin-stdin"]),
        WRONG_PIN,
        1,
        &[WRONG_PIN],
    );
    let (_, said) = run_checked(data, &["csr", "show", "--btn", "3126214400"], "", 2, &[]);
    assert!(
        said.contains(
            "no CSR was received for (312) 621-4400: the carrier refused every request for it \
             (2 more wrong requests and the account refuses requests for a day)"
        ),
        "{said}"
    );
    for _ in 0..2 {
        run_checked(
            data,
            &request(&["CC30412", "--pin-stdin"]),
            WRONG_PIN,
            1,
            &[WRONG_PIN],
        );
    }
    let (_, said) = run_checked(
        data,
        &["csr", "show", "--btn", "3126214400", "--json"],
        "",
        2,
        &[],
    );
    let error = json_of(&said);
    assert_eq!(error["error"]["kind"], "not-found");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("the account refuses requests until Wed 2026-12-02 10:00 ET"),
        "{message}"
    );
}

//! Every command that `portwiz --help` lists, run on the real binary for success (0), bad input
//! (2, with a clear message) and refusal (1), with no secret in anything printed; a command left
//! out of the table, or without a case it can have, fails the audit at the end.

mod common;

use common::cli::{portwiz, run_checked, text};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The account PIN of the imported order and the porting PINs: nothing may print them.
const SECRETS: [&str; 3] = ["24680", "1234567890", "7654321098"];

/// Commands that cannot end in one of the three ways through the command line alone, and where
/// that case is tested instead.
const NOT_HERE: [(&str, i32, &str); 18] = [
    ("calendar", 1, "no rule refuses showing the calendar"),
    ("clock show", 1, "no rule refuses showing the clock"),
    (
        "clock advance",
        1,
        "refused when PORTWIZ_NOW fixes the clock: tests/cli.rs",
    ),
    ("orders list", 1, "no rule refuses a listing"),
    ("orders show", 1, "no rule refuses showing an order"),
    (
        "orders resubmit",
        0,
        "the README's script resubmits after a rejection: tests/cli_script.rs",
    ),
    ("orders diff", 1, "no rule refuses a comparison"),
    (
        "orders export",
        1,
        "refused for a draft without checked numbers, which only the app leaves (import checks them)",
    ),
    ("orders timeline", 1, "no rule refuses a timeline"),
    ("numbers list", 1, "no rule refuses a listing"),
    ("csr show", 1, "no rule refuses showing a CSR kept"),
    ("numbers history", 1, "no rule refuses the history"),
    (
        "loa generate",
        1,
        "refused for a value the font cannot print: tests/loa.rs",
    ),
    (
        "store status",
        1,
        "no rule refuses saying which store is in use",
    ),
    (
        "store init",
        0,
        "needs a PostgreSQL server: tests/store_contract.rs",
    ),
    (
        "store init",
        1,
        "needs a PostgreSQL server: tests/store_contract.rs",
    ),
    ("completions", 1, "no rule refuses a completion script"),
    ("man", 1, "no rule refuses the man page"),
];

/// One run: the command as `--help` names it, its arguments, standard input, the exit status and
/// what standard output or standard error must hold.
struct Case<'a> {
    command: &'static str,
    args: Vec<&'a str>,
    stdin: &'a str,
    code: i32,
    says: &'a str,
}

fn case<'a>(command: &'static str, args: &[&'a str], code: i32, says: &'a str) -> Case<'a> {
    Case {
        command,
        args: args.to_vec(),
        stdin: "",
        code,
        says,
    }
}

/// The commands `--help` lists, with their groups' subcommands (`orders submit`).
fn listed_commands(data: &Path) -> BTreeSet<String> {
    let commands_of = |args: &[&str]| -> Vec<String> {
        let help = text(&portwiz(data, &[args, &["--help"]].concat()).stdout);
        let listing = help
            .split("Commands:")
            .nth(1)
            .map(|rest| rest.split("Options:").next().unwrap_or(rest).to_string())
            .unwrap_or_default();
        // A command's line starts two spaces in; a description that runs on starts further.
        (listing.lines())
            .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(str::to_string)
            .collect()
    };
    let mut all = BTreeSet::new();
    for top in commands_of(&[]) {
        let subcommands = commands_of(&[&top]);
        if subcommands.is_empty() {
            all.insert(top.clone());
        }
        for sub in subcommands {
            let nested = commands_of(&[&top, &sub]);
            if nested.is_empty() {
                all.insert(format!("{top} {sub}"));
            }
            for leaf in nested {
                all.insert(format!("{top} {sub} {leaf}"));
            }
        }
    }
    all
}

#[test]
fn every_command_succeeds_refuses_and_takes_bad_input_as_its_help_says() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = |name: &str, content: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_string()
    };
    let mut order: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/import_order.json").unwrap())
            .unwrap();
    order["fields"]["account_pin"] = SECRETS[0].into();
    let order_file = file("order.json", &order.to_string());
    order["fields"]["contact_name"] = "Sam Ortiz".into();
    let update_file = file("update.json", &order.to_string());
    let bad_json = file("bad.json", "{\"fields\": 3}");
    let good_list = file("good.txt", "2127365000\n");
    let bad_list = file("bad.txt", "2127365000\n212 555 0150\n");
    let pin_file = file("pin.txt", "1234567890\n");
    let wrong_pin = file("wrong-pin.txt", "1111111111\n");
    let letter = dir.path().join("letter.pdf");
    let letter = letter.to_str().unwrap();
    let copy = dir.path().join("copy");
    let (copy, data_shown) = (copy.to_str().unwrap(), data.to_str().unwrap());
    let id = "PW-261120-001";
    let unknown = "PW-000000-009";
    let not_found = "`portwiz orders list` shows the IDs";
    let pin_twice = "1234567890\n1234567890\n";

    let cases = vec![
        case(
            "clock set",
            &["clock", "set", "2026-11-20T10:00:00-05:00"],
            0,
            "Simulated clock",
        ),
        case(
            "clock set",
            &["clock", "set", "soon"],
            2,
            "is not an RFC 3339 time",
        ),
        case(
            "check-numbers",
            &["check-numbers", &good_list],
            0,
            "1 valid, 0 invalid",
        ),
        case(
            "check-numbers",
            &["check-numbers", &bad_list],
            1,
            "1 entry is not a valid number",
        ),
        case(
            "check-numbers",
            &["check-numbers", "/nonexistent/list.txt"],
            2,
            "there is no file at",
        ),
        case(
            "csr request",
            &[
                "csr",
                "request",
                "--btn",
                "2127365000",
                "--account",
                "4410223177",
            ],
            0,
            "CSR of (212) 736-5000 from Northwind Telecom",
        ),
        case(
            "csr request",
            &["csr", "request", "--btn", "2127365000", "--account", "999"],
            1,
            "the account number is not the one of the account this BTN bills",
        ),
        case(
            "csr request",
            &["csr", "request", "--btn", "212", "--account", "1"],
            2,
            "is not a phone number",
        ),
        case(
            "csr show",
            &["csr", "show", "--btn", "2127365000"],
            0,
            "Account number    4410223177",
        ),
        case(
            "csr show",
            &["csr", "show", "--btn", "3126214400"],
            2,
            "no CSR was asked for (312) 621-4400",
        ),
        case("calendar", &["calendar"], 0, "Mon 2026-11-23"),
        case(
            "calendar",
            &["calendar", "--country", "mx"],
            2,
            "possible values: us, ca",
        ),
        case(
            "clock show",
            &["clock", "show"],
            0,
            "Fri 2026-11-20 10:00 ET",
        ),
        case(
            "clock show",
            &["clock", "show", "now"],
            2,
            "unexpected argument",
        ),
        case(
            "clock advance",
            &["clock", "advance", "1h"],
            0,
            "-> Fri 2026-11-20 11:00 ET",
        ),
        case(
            "clock advance",
            &["clock", "advance", "soon"],
            2,
            "3bd (business days)",
        ),
        case(
            "orders import",
            &["orders", "import", &order_file],
            0,
            "as draft PW-261120-001",
        ),
        case(
            "orders import",
            &["orders", "import", "/nonexistent/order.json"],
            2,
            "there is no file at",
        ),
        case(
            "orders import",
            &["orders", "import", &order_file],
            1,
            "was not imported",
        ),
        case(
            "clock set",
            &["clock", "set", "2026-11-19T10:00:00-05:00"],
            1,
            "cannot go back",
        ),
        case("orders list", &["orders", "list"], 0, "Imported move"),
        case(
            "orders list",
            &["orders", "list", "--status", "lost"],
            2,
            "is not a status; use one of",
        ),
        case("orders show", &["orders", "show", id], 0, "Imported move"),
        case("orders show", &["orders", "show", unknown], 2, not_found),
        case(
            "orders update",
            &["orders", "update", id, &update_file],
            0,
            "Contact name",
        ),
        case(
            "orders update",
            &["orders", "update", id, &bad_json],
            2,
            "expected a JSON object of order fields",
        ),
        case(
            "orders rename",
            &["orders", "rename", id, "Head office move"],
            0,
            "is now named",
        ),
        case(
            "orders rename",
            &["orders", "rename", id, ""],
            1,
            "Order name",
        ),
        // A raw control character (an escape sequence) was stored in the name as it came.
        case(
            "orders rename",
            &["orders", "rename", id, "Head\u{1b}[31m office"],
            1,
            "holds a control character",
        ),
        case(
            "orders rename",
            &["orders", "rename", unknown, "X"],
            2,
            not_found,
        ),
        case(
            "orders diff",
            &["orders", "diff", id],
            0,
            "nothing to compare yet",
        ),
        case("orders diff", &["orders", "diff", unknown], 2, not_found),
        case(
            "orders timeline",
            &["orders", "timeline", id],
            0,
            "Imported from",
        ),
        case(
            "orders timeline",
            &["orders", "timeline", unknown],
            2,
            not_found,
        ),
        case(
            "orders export",
            &["orders", "export", id, "--format", "csv"],
            0,
            "PhoneNumber\n+12127365001",
        ),
        case(
            "orders export",
            &["orders", "export", id, "--format", "pdf"],
            2,
            "possible values: json, csv, text",
        ),
        case(
            "loa generate",
            &["loa", "generate", id, "--out", letter],
            0,
            "written to",
        ),
        case(
            "loa generate",
            &["loa", "generate", id, "--out", letter],
            2,
            "is there already",
        ),
        case(
            "orders resubmit",
            &["orders", "resubmit", id],
            1,
            "use `portwiz orders submit",
        ),
        case(
            "orders resubmit",
            &["orders", "resubmit", unknown],
            2,
            not_found,
        ),
        case(
            "orders cancel",
            &["orders", "cancel", id],
            1,
            "Cannot cancel",
        ),
        case(
            "orders cancel",
            &["orders", "cancel", unknown],
            2,
            not_found,
        ),
        case(
            "orders support",
            &["orders", "support", id, "--comment", "help"],
            1,
            "assistance is for submitted orders",
        ),
        case(
            "orders support",
            &["orders", "support", id],
            2,
            "give --comment TEXT",
        ),
        case(
            "orders delete",
            &["orders", "delete", id],
            0,
            "Deleted draft",
        ),
        case(
            "orders delete",
            &["orders", "delete", unknown],
            2,
            not_found,
        ),
        case(
            "orders import",
            &["orders", "import", &order_file],
            0,
            "as draft PW-261120-002",
        ),
        case(
            "orders submit",
            &["orders", "submit", unknown],
            2,
            not_found,
        ),
        case(
            "orders submit",
            &["orders", "submit", "PW-261120-002"],
            0,
            "is Submitted",
        ),
        case(
            "orders submit",
            &["orders", "submit", "PW-261120-002"],
            1,
            "is Submitted, not Draft",
        ),
        case(
            "orders update",
            &["orders", "update", "PW-261120-002", &update_file],
            1,
            "is Submitted: only a draft",
        ),
        case(
            "orders delete",
            &["orders", "delete", "PW-261120-002"],
            1,
            "only a draft can be deleted",
        ),
        case(
            "orders support",
            &[
                "orders",
                "support",
                "PW-261120-002",
                "--comment",
                "Check the CSR",
            ],
            0,
            "SUP-",
        ),
        case(
            "clock advance",
            &["clock", "advance", "2bd"],
            0,
            "Support engaged",
        ),
        case(
            "orders cancel",
            &["orders", "cancel", "PW-261120-002"],
            0,
            "Cancellation requested",
        ),
        case("numbers list", &["numbers", "list"], 0, "+16462901102"),
        case(
            "numbers list",
            &["numbers", "list", "all"],
            2,
            "unexpected argument",
        ),
        case(
            "numbers assign",
            &[
                "numbers",
                "assign",
                "6462901102",
                "--to",
                "Riley Ortiz",
                "--kind",
                "user",
                "--usage",
                "user",
            ],
            0,
            "is assigned to Riley Ortiz",
        ),
        case(
            "numbers assign",
            &[
                "numbers",
                "assign",
                "6462901102",
                "--to",
                "Sam",
                "--kind",
                "user",
                "--usage",
                "user",
            ],
            1,
            "unassign it first",
        ),
        case(
            "numbers assign",
            &[
                "numbers",
                "assign",
                "212 555 0150",
                "--to",
                "Sam",
                "--kind",
                "user",
                "--usage",
                "user",
            ],
            2,
            "fictional",
        ),
        case(
            "numbers unassign",
            &["numbers", "unassign", "6462901102"],
            0,
            "is unassigned",
        ),
        case(
            "numbers unassign",
            &["numbers", "unassign", "6462901102"],
            1,
            "is not assigned",
        ),
        case(
            "numbers unassign",
            &["numbers", "unassign", "646"],
            2,
            "a number needs 10",
        ),
        case(
            "numbers history",
            &["numbers", "history"],
            0,
            "+16462901102",
        ),
        case(
            "numbers history",
            &["numbers", "history", "all"],
            2,
            "unexpected argument",
        ),
        case(
            "numbers release",
            &["numbers", "release", "2025443300"],
            1,
            "run again with --confirm",
        ),
        case(
            "numbers release",
            &["numbers", "release", "not a number"],
            2,
            "not a number",
        ),
        Case {
            stdin: pin_twice,
            ..case(
                "numbers pin change",
                &["numbers", "pin", "change"],
                1,
                "no porting PIN is set yet",
            )
        },
        Case {
            stdin: pin_twice,
            ..case(
                "numbers pin set",
                &["numbers", "pin", "set"],
                0,
                "The porting PIN is set",
            )
        },
        Case {
            stdin: pin_twice,
            ..case(
                "numbers pin set",
                &["numbers", "pin", "set"],
                1,
                "use `portwiz numbers pin change`",
            )
        },
        case(
            "numbers pin set",
            &["numbers", "pin", "set", "now"],
            2,
            "unexpected argument",
        ),
        Case {
            stdin: "7654321098\n",
            ..case(
                "numbers pin change",
                &["numbers", "pin", "change"],
                0,
                "The porting PIN is changed",
            )
        },
        Case {
            stdin: "76\n",
            ..case(
                "numbers pin change",
                &["numbers", "pin", "change"],
                2,
                "it needs 6 to 10",
            )
        },
        case(
            "numbers pin change",
            &["numbers", "pin", "change", "now"],
            2,
            "unexpected argument",
        ),
        case(
            "port-out",
            &["port-out", "--pin-file", &wrong_pin, "2025443301"],
            1,
            "does not match",
        ),
        case(
            "port-out",
            &["port-out", "--pin-file", &pin_file, "212 555 0150"],
            2,
            "fictional",
        ),
        case("store status", &["store", "status"], 0, "order schema"),
        case(
            "store status",
            &["store", "status", "all"],
            2,
            "unexpected argument",
        ),
        case(
            "store init",
            &["store", "init"],
            2,
            "give it with --database-url URL",
        ),
        case(
            "store copy",
            &["store", "copy", "--from", data_shown, "--to", copy],
            0,
            "the counts and every SHA-256 match",
        ),
        case(
            "store copy",
            &["store", "copy", "--from", data_shown, "--to", copy],
            1,
            "is not empty: it holds",
        ),
        case(
            "store copy",
            &["store", "copy", "--from", data_shown],
            2,
            "--to <DIR|URL>",
        ),
        case("completions", &["completions", "bash"], 0, "complete -F"),
        case(
            "completions",
            &["completions", "tcsh"],
            2,
            "possible values: bash",
        ),
        case("man", &["man"], 0, ".TH portwiz"),
        case("man", &["man", "all"], 2, "unexpected argument"),
    ];
    let mut seen: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for c in &cases {
        let (stdout, stderr) = run_checked(&data, &c.args, c.stdin, c.code, &SECRETS);
        assert!(
            stdout.contains(c.says) || stderr.contains(c.says),
            "{:?} should say {:?}:\n{stdout}\n{stderr}",
            c.args,
            c.says
        );
        if c.code != 0 {
            assert!(
                !stderr.trim().is_empty(),
                "{:?} says why on standard error",
                c.args
            );
        }
        seen.entry(c.command.to_string())
            .or_default()
            .insert(c.code);
    }
    // The PIN is the one changed above; the release is confirmed by the code it gave.
    std::fs::write(&pin_file, "7654321098\n").unwrap();
    let (said, _) = run_checked(
        &data,
        &["port-out", "--pin-file", &pin_file, "2025443301"],
        "",
        0,
        &SECRETS,
    );
    assert!(said.contains("Ported out"), "{said}");
    let (_, refused) = run_checked(
        &data,
        &["numbers", "release", "2025443300"],
        "",
        1,
        &SECRETS,
    );
    let code = refused.split("--confirm ").nth(1).unwrap().trim();
    let (said, _) = run_checked(
        &data,
        &["numbers", "release", "2025443300", "--confirm", code],
        "",
        0,
        &SECRETS,
    );
    assert!(said.contains("+12025443300 was released"), "{said}");
    for command in ["port-out", "numbers release"] {
        seen.entry(command.to_string()).or_default().insert(0);
    }

    for (command, code, _) in NOT_HERE {
        seen.entry(command.to_string()).or_default().insert(code);
    }
    let listed = listed_commands(&data);
    assert!(
        listed.contains("orders submit") && listed.contains("numbers pin set"),
        "{listed:?}"
    );
    for command in &listed {
        let codes = seen.get(command).cloned().unwrap_or_default();
        assert_eq!(
            codes,
            BTreeSet::from([0, 1, 2]),
            "`portwiz {command}` lacks a case for success (0), refusal (1) or bad input (2)"
        );
    }
    let unlisted: Vec<&String> = seen.keys().filter(|c| !listed.contains(*c)).collect();
    assert!(unlisted.is_empty(), "not in --help: {unlisted:?}");
}

//! Which store the real binary opens when the command line and the environment name different
//! ones: a flag wins over a variable (a `--data-dir` typed by hand is never overridden by a
//! `PORTWIZ_DATABASE_URL` left in the shell), and two of a kind naming both stores are an error
//! that says how to choose.

use std::path::Path;
use std::process::{Command, Output};

/// A PostgreSQL store nobody serves: choosing it shows as "cannot be reached".
const NOWHERE: &str = "postgres://alice@127.0.0.1:1/portwiz?sslmode=disable&connect_timeout=2";

fn portwiz(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portwiz"));
    command
        .args(args)
        .env_remove("PORTWIZ_DATA_DIR")
        .env_remove("PORTWIZ_DATABASE_URL")
        .env_remove("PORTWIZ_NOW");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("portwiz runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_data_dir_flag_wins_over_a_database_url_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let shown = data.to_str().unwrap();
    let url = Path::new(NOWHERE);
    let set = portwiz(
        &[
            "--data-dir",
            shown,
            "clock",
            "set",
            "2026-11-20T10:00:00-05:00",
        ],
        &[("PORTWIZ_DATABASE_URL", url)],
    );
    assert!(set.status.success(), "{}", text(&set.stderr));
    let clock: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("clock.json")).unwrap()).unwrap();
    assert_eq!(clock["now"], "2026-11-20T10:00:00-05:00[America/New_York]");
    let status = portwiz(
        &["store", "status", "--data-dir", shown],
        &[("PORTWIZ_DATABASE_URL", url)],
    );
    assert!(status.status.success(), "{}", text(&status.stderr));
    let said = text(&status.stdout);
    assert!(
        said.starts_with(&format!("store: data directory {shown}\n")),
        "{said}"
    );
    assert!(!said.contains("PostgreSQL"), "{said}");
}

#[test]
fn a_database_url_flag_wins_over_a_data_dir_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = portwiz(
        &["--database-url", NOWHERE, "store", "status"],
        &[("PORTWIZ_DATA_DIR", dir.path())],
    );
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stderr);
    assert!(
        said.contains(
            "the PostgreSQL store postgres://alice@127.0.0.1:1/portwiz cannot be reached"
        ),
        "{said}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn both_stores_named_the_same_way_is_an_error_that_says_how_to_choose() {
    let dir = tempfile::tempdir().unwrap();
    let shown = dir.path().to_str().unwrap();
    let flags = portwiz(
        &[
            "--data-dir",
            shown,
            "--database-url",
            NOWHERE,
            "clock",
            "show",
        ],
        &[],
    );
    assert_eq!(flags.status.code(), Some(2));
    assert_eq!(
        text(&flags.stderr),
        "portwiz: --data-dir and --database-url both name a store; give only one of them\n"
    );
    let variables = portwiz(
        &["clock", "show"],
        &[
            ("PORTWIZ_DATA_DIR", dir.path()),
            ("PORTWIZ_DATABASE_URL", Path::new(NOWHERE)),
        ],
    );
    assert_eq!(variables.status.code(), Some(2));
    let said = text(&variables.stderr);
    assert!(
        said.contains("PORTWIZ_DATA_DIR and PORTWIZ_DATABASE_URL are both set")
            && said.contains("choose with --data-dir DIR or --database-url URL"),
        "{said}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

//! The real binary run as a script runs it, for the command-line tests: one runner that gives it a
//! data directory and standard input, checks the exit status, and that no secret is in what it
//! printed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `portwiz ARGS` on the data directory `data`, with `stdin` as its standard input, the clock
/// as the directory keeps it and no database named by the environment.
pub fn portwiz_with(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(args)
        .env("PORTWIZ_DATA_DIR", data)
        .env_remove("PORTWIZ_NOW")
        .env_remove("PORTWIZ_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("portwiz runs");
    // A command that does not read its input may end before it is written.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().expect("portwiz ends")
}

/// `portwiz ARGS` on `data` with nothing on standard input.
pub fn portwiz(data: &Path, args: &[&str]) -> Output {
    portwiz_with(data, args, "")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Standard output and standard error of `portwiz ARGS`, after checking that it exited with
/// `code` and that none of `secrets` is in either.
pub fn run_checked(
    data: &Path,
    args: &[&str],
    stdin: &str,
    code: i32,
    secrets: &[&str],
) -> (String, String) {
    let out = portwiz_with(data, args, stdin);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\n{stdout}\n{stderr}"
    );
    for secret in secrets {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{args:?} printed a secret:\n{stdout}\n{stderr}"
        );
    }
    (stdout, stderr)
}

/// The one JSON error object on standard error.
pub fn error_of(stderr: &str) -> serde_json::Value {
    assert_eq!(stderr.lines().count(), 1, "one object: {stderr}");
    serde_json::from_str::<serde_json::Value>(stderr).unwrap()["error"].clone()
}

/// What a command printed on standard output with `--json`: one JSON value.
pub fn json_of(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not one JSON value ({e}): {stdout}"))
}

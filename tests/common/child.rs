//! Child processes of the process tests: a test runs its own test binary again, on that one test,
//! with the child's role in the environment, and there the test plays the child instead. No test is
//! only a child, so none can pass without checking anything, with `--ignored` or without.

use std::process::{Command, Stdio};

const ROLE_VAR: &str = "PORTWIZ_TEST_CHILD_ROLE";

/// In a child process, plays `child` in the role its parent gave and returns true; in the test
/// itself, returns false. A test that starts children begins with
/// `if child::played(its_child) { return; }`.
pub fn played(child: impl FnOnce(&str)) -> bool {
    match std::env::var(ROLE_VAR) {
        Ok(role) => {
            child(&role);
            true
        }
        Err(_) => false,
    }
}

/// The command that runs the current test again as a child in `role`. Its standard output, where
/// the test harness reports, goes nowhere; the child speaks on standard error, which is unbuffered.
pub fn command(role: &str) -> Command {
    assert!(
        std::env::var_os(ROLE_VAR).is_none(),
        "a child starts no children: the test it plays must begin with `if child::played(..)`"
    );
    let test = std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .expect("children are started from the test's own thread, which bears its name")
        .to_string();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            &test,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ROLE_VAR, role)
        .stdout(Stdio::null());
    command
}

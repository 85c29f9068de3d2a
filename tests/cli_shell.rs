//! The completion script and the man page of the real binary: bash completes the commands and the
//! options, and `man -l` renders the page.

use std::process::Command;

fn portwiz(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_portwiz"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What bash's completion offers for the words typed so far (the last one being completed): the
/// script is sourced, `complete -p` must show it registered, and its function (which filters with
/// `compgen`) is called as bash calls it.
fn complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {script}; complete -p portwiz; COMP_WORDS=({line}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _portwiz portwiz '{last}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script = script.display(),
        cword = words.len() - 1,
        last = words.last().unwrap(),
        previous = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let registered = lines.next().unwrap_or_default();
    assert!(
        registered.starts_with("complete ") && registered.ends_with(" -F _portwiz portwiz"),
        "{registered}"
    );
    lines.map(str::to_string).collect()
}

#[test]
fn bash_completes_the_commands_and_their_options() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("portwiz.bash");
    std::fs::write(&script, portwiz(&["completions", "bash"])).unwrap();
    let commands = complete(&script, &["portwiz", "or"]);
    assert_eq!(commands, ["orders"]);
    let actions = complete(&script, &["portwiz", "orders", "re"]);
    assert!(actions.contains(&"resubmit".to_string()), "{actions:?}");
    let options = complete(&script, &["portwiz", "orders", "import", "--if"]);
    assert_eq!(options, ["--if-not-exists"]);
}

#[test]
fn the_man_page_renders_with_man() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("portwiz.1");
    std::fs::write(&page, portwiz(&["man"])).unwrap();
    let out = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output();
    let Ok(out) = out else {
        eprintln!("SKIPPED: man is missing");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("portwiz"), "{text}");
    assert!(
        text.contains("check-numbers") && text.contains("completions"),
        "{text}"
    );
}

//! The README's script from import to Completed, run as it is written there on the real binary: a
//! script can take an order through rejection, update and resubmission with commands alone.

use std::path::Path;
use std::process::Command;

/// The fenced block after the README's marker.
fn readme_script(marker: &str) -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let after = &readme[readme.find(marker).expect("the README has the script")..];
    let body = &after[after.find("```bash\n").unwrap() + 8..];
    body[..body.find("```").unwrap()].to_string()
}

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
fn the_readme_script_takes_an_order_from_import_to_completed() {
    if !has("jq") {
        eprintln!("SKIPPED: jq is missing (the README's script reads JSON with it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    std::fs::copy(
        "tests/fixtures/import_order.json",
        work.join("import_order.json"),
    )
    .unwrap();
    // The fixture's loa_path is relative to the repository, as the script runs there.
    std::fs::create_dir_all(work.join("tests/fixtures")).unwrap();
    std::fs::copy(
        "tests/fixtures/loa.pdf",
        work.join("tests/fixtures/loa.pdf"),
    )
    .unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_portwiz")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = Command::new("bash")
        .arg("-c")
        .arg(readme_script("<!-- script: import-to-completed -->"))
        .current_dir(work)
        .env("PATH", path)
        .env("PORTWIZ_DATA_DIR", work.join("data"))
        .env_remove("PORTWIZ_NOW")
        .env_remove("PORTWIZ_DATABASE_URL")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The states it went through, as the commands printed them.
    for said in [
        "Order Imported move (PW-261120-001) is Submitted.",
        "Next: the carrier's answer at Wed 2026-11-25 10:00 ET",
        "PW-261120-001  Imported move: Submitted -> Customer action required",
        "Service address mismatch: ",
        "Updated PW-261120-001 (Imported move): ZIP / postal code.",
        "PW-261120-001  Imported move: Submitted -> FOC confirmed",
        "PW-261120-001  Imported move: FOC confirmed -> Completed",
    ] {
        assert!(stdout.contains(said), "{said:?} in:\n{stdout}");
    }
    // The refused resubmission named the LOA to sign again, with its step and field.
    assert!(
        stderr.contains("was not resubmitted; 1 problem")
            && stderr.contains("step 6 Documents, LOA file (PDF): ZIP / postal code changed"),
        "{stderr}"
    );
    let shown: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.join("shown.json")).unwrap()).unwrap();
    assert_eq!(
        shown["rejection_reasons"][0]["category"],
        "service-address-mismatch"
    );
}

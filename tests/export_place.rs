//! The order page's export (`x`) never writes into the data directory, whatever the path says
//! (a folder below it, a symbolic link to it): what is written there would be taken for the
//! store's own files, set aside as damaged, while the app said it was exported.

mod common;

use common::Harness;
use portwiz::ui::popups::prompt::Prompt;
use ratatui::crossterm::event::KeyCode;

const ID: &str = "PW-261120-001";

/// Types `path` into the export prompt (over the proposed name) and confirms it.
fn export_to(h: &mut Harness, path: &std::path::Path) {
    h.typ("x");
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
    h.typ(path.to_str().unwrap()).enter();
}

#[test]
fn an_export_into_the_data_directory_is_refused_with_a_place_outside_proposed() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    let data = h.dir.path().to_path_buf();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("data-link");
    std::os::unix::fs::symlink(&data, &link).unwrap();
    for path in [
        data.join("journal.json"),
        data.join("orders").join(format!("{ID}.json")),
        link.join("orders").join("PW-261228-009.json"),
    ] {
        export_to(&mut h, &path);
        let prompt = h
            .app
            .popup::<Prompt>()
            .expect("refused, the prompt stays open");
        let error = prompt.error.clone().unwrap_or_default();
        assert!(
            error.contains("is in the data directory"),
            "{path:?}: {error}"
        );
        assert_eq!(
            prompt.value(0),
            format!("~/{ID}.txt"),
            "a place outside is proposed"
        );
        assert!(
            !path.exists() || path.ends_with(format!("{ID}.json")),
            "{path:?}"
        );
        h.key(KeyCode::Esc);
    }
    assert!(!data.join("journal.json").exists(), "nothing was written");
    assert!(
        !data.join("quarantine").exists(),
        "nothing was set aside as damaged"
    );
    assert_eq!(h.stored(ID).id, ID, "the order file is as it was");

    // Beside the data directory is fine.
    let file = elsewhere.path().join("journal.json");
    export_to(&mut h, &file);
    assert!(!h.app.has_popup(), "{}", h.screen());
    assert!(std::fs::read_to_string(&file).unwrap().contains(ID));
}

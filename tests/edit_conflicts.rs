//! Another session or a command at work on an order shown in the app: the rename dialog (`e`)
//! saved meanwhile keeps what the administrator left as it was, says a field both changed as a
//! conflict and overwrites nothing unseen; a draft read-only for another session's lock says so
//! only while that lock is held.

mod common;

use common::Harness;
use common::cli::{portwiz, text};
use portwiz::ui::popups::prompt::Prompt;
use portwiz::ui::screens::details::DetailsState;
use ratatui::crossterm::event::KeyCode;

const ID: &str = "PW-261120-001";
const EMAILS: &str = "w-session@contoso.example";

/// A submitted order shown in session `u`, and a second session `w` on its page too.
fn two_sessions() -> (Harness, Harness) {
    let mut u = Harness::simulated(100, 30);
    u.submit_chicago_order("7351");
    assert!(u.app.screen::<DetailsState>().is_some(), "{}", u.screen());
    let mut w = Harness::simulated(100, 30);
    w.app = common::new_simulated_app(u.dir.path());
    w.enter();
    assert!(w.app.screen::<DetailsState>().is_some(), "{}", w.screen());
    (u, w)
}

/// Empties the focused field of the prompt.
fn clear(h: &mut Harness) -> &mut Harness {
    for _ in 0..80 {
        h.key(KeyCode::Backspace);
    }
    h
}

fn prompt_error(h: &Harness) -> Option<String> {
    h.app.popup::<Prompt>().and_then(|p| p.error.clone())
}

fn timeline_count(h: &Harness, detail: &str) -> usize {
    let order = h.stored(ID);
    order
        .timeline
        .iter()
        .filter(|e| e.detail.contains(detail))
        .count()
}

#[test]
fn emails_changed_in_another_session_survive_a_rename_from_a_dialog_opened_before() {
    let (mut u, mut w) = two_sessions();
    u.typ("e");
    assert!(u.app.popup::<Prompt>().is_some());
    w.typ("e").tab().typ(EMAILS).enter();
    assert!(!w.app.has_popup(), "{}", w.screen());
    assert_eq!(u.stored(ID).fields.notification_emails, EMAILS);

    clear(&mut u).typ("U renamed").enter();
    assert!(!u.app.has_popup(), "{}", u.screen());
    let order = u.stored(ID);
    assert_eq!(order.fields.order_name, "U renamed");
    assert_eq!(
        order.fields.notification_emails, EMAILS,
        "the emails the other session saved are kept"
    );
    assert_eq!(timeline_count(&u, "Notification emails changed"), 1);
}

#[test]
fn a_field_both_sessions_changed_is_a_conflict_in_the_dialog_and_nothing_is_overwritten() {
    let (mut u, mut w) = two_sessions();
    u.typ("e");
    clear(w.typ("e")).typ("W name").enter();
    assert_eq!(u.stored(ID).fields.order_name, "W name");

    clear(&mut u).typ("U name").enter();
    let why = prompt_error(&u).expect("the dialog stays open saying why");
    assert!(
        why.contains("Changed in another session") && why.contains("\"W name\""),
        "the newer stored value is shown: {why}"
    );
    assert_eq!(
        u.app.popup::<Prompt>().unwrap().value(0),
        "U name",
        "nothing typed is lost"
    );
    assert_eq!(
        u.stored(ID).fields.order_name,
        "W name",
        "nothing overwritten"
    );
    assert!(
        u.screen().contains("Changed in another session"),
        "{}",
        u.screen()
    );

    // Told, the administrator may save theirs over it.
    u.enter();
    assert!(!u.app.has_popup(), "{}", u.screen());
    assert_eq!(u.stored(ID).fields.order_name, "U name");
}

#[test]
fn a_rename_by_the_command_meanwhile_is_not_undone_by_an_emails_change_in_the_app() {
    let mut u = Harness::simulated(100, 30);
    u.submit_chicago_order("7351");
    u.typ("e");
    assert!(u.app.popup::<Prompt>().is_some());
    let renamed = portwiz(u.dir.path(), &["orders", "rename", ID, "CLI-Name-2"]);
    assert!(renamed.status.success(), "{}", text(&renamed.stderr));
    assert_eq!(u.stored(ID).fields.order_name, "CLI-Name-2");

    u.tab().typ("ops2@contoso.example").enter();
    assert!(!u.app.has_popup(), "{}", u.screen());
    let order = u.stored(ID);
    assert_eq!(
        order.fields.order_name, "CLI-Name-2",
        "the command's name stays"
    );
    assert_eq!(order.fields.notification_emails, "ops2@contoso.example");
    assert_eq!(
        timeline_count(&u, "Renamed from"),
        1,
        "{:?}",
        order.timeline
    );

    // Typing over the name the command changed is a conflict, said under the name.
    u.typ("e");
    let renamed = portwiz(u.dir.path(), &["orders", "rename", ID, "CLI-Name-3"]);
    assert!(renamed.status.success(), "{}", text(&renamed.stderr));
    clear(&mut u).typ("App name").enter();
    let prompt = u
        .app
        .popup::<Prompt>()
        .expect("a conflict keeps the dialog");
    assert_eq!(prompt.error_field, Some(0));
    assert!(prompt.error.as_ref().unwrap().contains("\"CLI-Name-3\""));
    assert_eq!(u.stored(ID).fields.order_name, "CLI-Name-3");
}

/// A draft read-only here because another session holds it says so until that session is gone:
/// when its lock is free (the session closed the draft, or was killed), the look for changes
/// every half second takes the notice naming it away and says how to edit the draft here.
#[test]
fn the_read_only_notice_goes_when_the_other_session_is_gone() {
    let mut first = Harness::simulated(100, 30);
    first.typ("n").enter().paste("2127365001");
    let id = first
        .app
        .wizard()
        .expect("the first session edits")
        .order
        .id
        .clone();
    let mut second = Harness::simulated(100, 30);
    second.app = common::new_simulated_app(first.dir.path());
    second.enter();
    assert!(
        second.screen().contains("Read-only here"),
        "{}",
        second.screen()
    );
    second.app.notice_changes();
    assert!(second.screen().contains("Read-only here"), "still held");

    // The first session ends without closing the draft (its lock goes with it, as with a kill).
    drop(first.app);
    second.app.notice_changes();
    let screen = second.screen();
    assert!(!screen.contains("Read-only here"), "{screen}");
    assert!(
        screen.contains(&format!("{id} is no longer open in another session")),
        "{screen}"
    );
    second.key(KeyCode::Esc).enter();
    assert!(second.app.wizard().is_some(), "{}", second.screen());
}

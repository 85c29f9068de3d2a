//! The rename dialog (`e` on an order's page) saved while another session or a command changed the
//! order: what the administrator left as it was keeps the other change, a field both changed is a
//! conflict said in the dialog, and nothing is overwritten unseen.

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

//! The lifecycle as an administrator drives it: submit with a wrong PIN, move the clock, read the
//! rejection, Update and resubmit, through to Completed; support, cancel and clone; the details screen
//! in every status; history search, filter and sort.

mod common;

use common::{CHICAGO_WRONG_ZIP, Harness, SAN_FRANCISCO};
use portwiz::domain::status::Status;
use portwiz::domain::validate::Field;
use portwiz::ui::popups::confirm::Confirm;
use portwiz::ui::popups::prompt::Prompt;
use portwiz::ui::screens::details::DetailsState;
use portwiz::ui::screens::history::HistoryState;
use portwiz::ui::widgets::chrome::Tone;
use ratatui::crossterm::event::KeyCode;

const ID: &str = "PW-261120-001";

fn snapshot(h: &mut Harness, name: &str) {
    for (w, height) in [(80, 24), (120, 40)] {
        h.resize(w, height);
        insta::assert_snapshot!(format!("{name}_{w}x{height}"), h.screen());
    }
    h.resize(100, 30);
}

/// Moving the clock onto a carrier's rejection says so in words, in the error style, with ✗: never
/// as a success.
#[test]
fn a_rejection_is_announced_as_a_rejection() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("1111");
    assert_eq!(h.status_of(ID), Status::Submitted);
    let submitted = h.app.notice().unwrap().clone();
    assert_eq!(submitted.tone, Tone::Info, "{}", submitted.text);
    h.advance("4bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    let notice = h.app.notice().unwrap().clone();
    assert_eq!(
        notice.text,
        format!(
            "Clock: 2026-11-27 10:00 ET; {ID} is now Customer action required: rejected by the carrier."
        )
    );
    assert_eq!(notice.tone, Tone::Error);
    let screen = h.screen();
    assert!(
        screen.contains(&format!("✗ Clock: 2026-11-27 10:00 ET; {ID} is now")),
        "{screen}"
    );
    assert!(!screen.contains("✓ Clock"), "{screen}");
}

/// A submission that Harbor's gateway does not take is announced as a failure, not as a success.
#[test]
fn a_failed_submission_is_announced_as_a_failure() {
    let mut h = Harness::simulated(100, 30);
    h.typ("n")
        .enter()
        .paste("6174283401\n6174283402")
        .tab()
        .tab()
        .enter();
    h.typ("6174283400").enter().enter();
    h.typ("Contoso Ltd")
        .enter()
        .typ("HT51501")
        .enter()
        .enter()
        .typ("Sam")
        .enter()
        .typ("Ortiz")
        .enter();
    h.typ("1 Federal Street")
        .enter()
        .enter()
        .typ("Boston")
        .enter()
        .typ("MA")
        .enter()
        .typ("02110")
        .enter();
    h.typ("tests/fixtures/loa.pdf")
        .enter()
        .tab()
        .typ("2026-11-19")
        .enter();
    h.typ("Boston move")
        .enter()
        .typ("2026-12-14")
        .enter()
        .enter();
    h.typ("Sam Ortiz")
        .enter()
        .typ("sam@contoso.example")
        .enter()
        .typ("6174283499")
        .enter()
        .enter();
    assert_eq!(h.step(), 8, "{}", h.screen());
    h.typ("s").typ("y");
    assert_eq!(h.status_of(ID), Status::SupportEngaged);
    let notice = h.app.notice().unwrap().clone();
    assert_eq!(
        notice.text,
        format!("Order Boston move ({ID}) is Support engaged: submission failed.")
    );
    assert_eq!(notice.tone, Tone::Error);
    assert!(h.screen().contains("✗ Order Boston move"));
}

#[test]
fn wrong_pin_rejected_updated_resubmitted_confirmed_and_completed() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("1111");
    assert!(h.app.screen::<DetailsState>().is_some());
    assert_eq!(h.status_of(ID), Status::Submitted);
    snapshot(&mut h, "details_submitted");

    h.advance("3bd");
    assert_eq!(
        h.status_of(ID),
        Status::Submitted,
        "Cascade answers after 4 business days"
    );
    h.advance("1bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    let screen = h.screen();
    assert!(
        screen.contains("Customer action required: Cascade Communications rejected the order"),
        "{screen}"
    );
    assert!(screen.contains("PIN missing or incorrect"), "{screen}");
    snapshot(&mut h, "details_customer_action_required");
    // At 80 columns the help bar keeps what this page offers, copy and export included; only the
    // scroll keys give way (the page says itself how to scroll).
    h.resize(80, 24);
    let screen = h.screen();
    let bar = screen.lines().last().unwrap();
    for hint in [
        "u update",
        "a support",
        "c cancel",
        "y copy ID",
        "x export",
        "Esc back",
        "t clock",
    ] {
        assert!(bar.contains(hint), "{hint}: {bar}");
    }
    assert!(
        screen.contains("more lines below (↓ or PgDn scrolls)"),
        "{screen}"
    );
    h.resize(100, 30);

    h.typ("u");
    let w = h.app.wizard().expect("Update opens the wizard");
    assert_eq!(
        (w.step, w.focused()),
        (4, Some(Field::AccountPin)),
        "Update lands on the PIN"
    );
    assert!(w.flagged(Field::AccountPin).is_some());
    let screen = h.screen();
    assert!(
        screen.contains("! Carrier: PIN missing or incorrect"),
        "{screen}"
    );
    assert!(!screen.contains("1111"), "the PIN stays masked");
    snapshot(&mut h, "update_step4");
    for _ in 0..4 {
        h.key(KeyCode::Backspace);
    }
    h.typ("7351").next_to_review();
    let screen = h.screen();
    assert!(
        screen.contains("nothing portwiz can check is wrong; s resubmits"),
        "{screen}"
    );
    // The help bar says what the review says (it said "s submit").
    let bar = screen.lines().last().unwrap();
    assert!(bar.contains("s resubmit "), "{bar}");
    // The reason whose field changed is no longer a problem at the review.
    assert!(
        screen.contains("✓ PIN missing or incorrect: Account PIN changed since the rejection"),
        "{screen}"
    );
    assert!(!screen.contains("! PIN missing or incorrect"), "{screen}");
    h.typ("s");
    let Some(confirm) = h.app.popup::<Confirm>() else {
        panic!("asks first")
    };
    assert_eq!(confirm.yes, "Resubmit");
    h.typ("y");
    assert_eq!(h.status_of(ID), Status::Submitted);
    let mut page = String::new();
    for _ in 0..8 {
        page.push_str(&h.screen());
        h.key(KeyCode::PageDown);
    }
    assert!(
        page.contains("Changes between submissions") && page.contains("Account PIN: changed"),
        "{page}"
    );
    assert!(
        !page.contains("7351") && !page.contains("1111"),
        "the PIN is on no page"
    );

    h.advance("4bd");
    assert_eq!(h.status_of(ID), Status::FocConfirmed);
    assert!(h.screen().contains(
        "FOC confirmed: Cascade Communications ports the numbers at Mon 2026-12-14 09:00 ET"
    ));
    snapshot(&mut h, "details_foc_confirmed");
    h.advance("30d");
    assert_eq!(h.status_of(ID), Status::Completed);
    snapshot(&mut h, "details_completed");
    let order = h.order_file(ID);
    assert_eq!(order["status"], "completed");
    assert_eq!(order["submissions"].as_array().unwrap().len(), 2);
}

/// Update on a wrong PIN: the PIN field holds the old PIN selected and says so, typing replaces it
/// (it used to be appended: a 12-digit PIN that passed every check and was rejected again), and
/// Ctrl-T shows only its last two characters.
#[test]
fn update_replaces_a_wrong_pin_instead_of_appending_to_it() {
    let mut h = Harness::simulated(100, 30);
    h.submit_order(&SAN_FRANCISCO, "000000");
    h.advance("2bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    h.typ("u");
    let w = h.app.wizard().expect("Update opens the wizard");
    assert_eq!((w.step, w.focused()), (4, Some(Field::AccountPin)));
    assert!(w.input(Field::AccountPin).unwrap().selected());
    let screen = h.screen();
    assert!(
        screen.contains("Holds 6 characters (Ctrl-T shows its last two); typing replaces it"),
        "{screen}"
    );
    h.ctrl('t');
    let screen = h.screen();
    assert!(
        screen.contains("Holds 6 characters, ending in 00; typing replaces it"),
        "{screen}"
    );
    assert!(!screen.contains("000000"), "never the whole PIN: {screen}");
    // Reached again from another field, it offers again to replace what it holds.
    h.tab().key(KeyCode::BackTab);
    let w = h.app.wizard().unwrap();
    assert_eq!(w.focused(), Some(Field::AccountPin));
    assert!(w.input(Field::AccountPin).unwrap().selected());
    assert!(
        h.screen()
            .contains("Holds 6 characters (Ctrl-T shows its last two); typing replaces it")
    );
    h.typ("482913");
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.account_pin.expose(), "482913");
    h.next_to_review().typ("s").typ("y");
    assert_eq!(h.status_of(ID), Status::Submitted);
    h.advance("2bd");
    assert_eq!(h.status_of(ID), Status::FocConfirmed);
}

/// Update on an order whose port date has become too soon while it waited: step 7 is marked ✗ on
/// the stepper and says why at once (it showed the error only once the date was left).
#[test]
fn update_shows_at_once_what_has_become_wrong_since_the_submission() {
    let mut h = Harness::simulated(100, 30);
    h.submit_order(&SAN_FRANCISCO, "000000");
    h.advance("2bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    h.advance("10bd");
    h.typ("u");
    assert!(h.screen().contains("✗Details"), "{}", h.screen());
    h.typ("482913").ctrl('n').ctrl('n').ctrl('n');
    assert_eq!(h.step(), 7, "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("✗ Error: Mon 2026-12-14 is too soon"),
        "{screen}"
    );
}

/// Update on a wrong ZIP: the fixed ZIP loses its `! Carrier:` mark and says it changed, the
/// street the carrier also named keeps it; the LOA the change voids is marked on the stepper (it
/// showed ✓Documents) and said on step 6 itself, not only at the review.
#[test]
fn update_marks_what_changed_and_the_step_with_a_known_problem() {
    let mut h = Harness::simulated(100, 30);
    h.submit_order(&CHICAGO_WRONG_ZIP, "7351");
    h.advance("4bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    h.typ("u");
    let w = h.app.wizard().unwrap();
    assert_eq!((w.step, w.focused()), (5, Some(Field::Street)));
    h.tab().tab().tab().tab();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::PostalCode));
    h.typ("60606").tab();
    // The carrier named the address as a whole: once one of its fields changed, none of them is
    // marked (the street stayed marked, and step 5 showed !Address, after the ZIP was fixed).
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.postal_code, "60606");
    assert!(w.flagged(Field::PostalCode).is_none());
    assert!(w.flagged(Field::Street).is_none());
    let screen = h.screen();
    assert!(
        screen.contains("✓ Changed since the rejection (Service address mismatch)"),
        "{screen}"
    );
    assert_eq!(
        screen.matches("✓ Changed since the rejection").count(),
        1,
        "only the field that changed says so: {screen}"
    );
    assert!(!screen.contains("! Carrier:"), "{screen}");
    assert!(
        screen.contains("▶Address") && screen.contains("✗Documents"),
        "{screen}"
    );
    // Back to the value the carrier rejected: marked again.
    h.key(KeyCode::BackTab).typ("60601").tab();
    assert!(h.app.wizard().unwrap().flagged(Field::Street).is_some());
    assert!(
        h.screen()
            .contains("! Carrier: Service address mismatch. Check the service address")
    );
    h.key(KeyCode::BackTab).typ("60606").tab();
    h.ctrl('p');
    assert!(h.screen().contains("✓Address"), "{}", h.screen());
    h.ctrl('n');
    h.ctrl('n');
    assert_eq!(h.step(), 6);
    let screen = h.screen();
    assert!(
        screen.contains(
            "✗ Error: ZIP / postal code changed since the last submission, so the LOA no longer"
        ),
        "{screen}"
    );
}

/// A reason whose fields are as they were when the order was rejected is said at the review, and
/// in the resubmit question.
#[test]
fn an_unchanged_field_the_carrier_named_is_warned_of_at_the_review() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("1111");
    h.advance("4bd");
    h.typ("u");
    let screen = h.screen();
    assert!(
        screen.contains("!Account") || screen.contains("▶Account"),
        "{screen}"
    );
    h.next_to_review();
    let screen = h.screen();
    assert!(
        screen.contains(
            "PIN missing or incorrect: Account PIN unchanged since the rejection (step 4):"
        ) && screen.contains("resubmit anyway?"),
        "{screen}"
    );
    assert!(
        screen.contains("!Account"),
        "the stepper marks it: {screen}"
    );
    h.typ("s");
    let confirm = h.app.popup::<Confirm>().expect("asks first");
    assert!(
        confirm
            .body
            .contains("Nothing changed for PIN missing or incorrect since the rejection"),
        "{}",
        confirm.body
    );
}

/// Each number's usage is chosen on the numbers step (for one number or a marked selection),
/// shown in the review and the details, kept in the order file, and carried into the inventory
/// when the port completes.
#[test]
fn number_usage_goes_from_the_wizard_to_the_inventory() {
    let mut h = Harness::simulated(100, 30);
    h.start_us_order()
        .paste("2127365001\n2127365002\n2127365003")
        .tab()
        .tab()
        .tab();
    let w = h.app.wizard().unwrap();
    assert_eq!(w.focused(), Some(Field::Usage));
    let screen = h.screen();
    assert!(screen.contains("› [ ] (212) 736-5001   user"), "{screen}");
    h.typ("j").typ(" ").typ("j").typ(" ").typ("v");
    h.typ("k").typ("k").typ("c");
    let screen = h.screen();
    assert!(
        screen.contains("› [ ] (212) 736-5001   conference"),
        "{screen}"
    );
    assert!(
        screen.contains("  [ ] (212) 736-5003   voice app"),
        "{screen}"
    );
    h.ctrl('n')
        .btn_step()
        .account_step()
        .address_step()
        .documents_step()
        .details_step();
    assert_eq!(h.step(), 8, "{}", h.screen());
    let review = h.screen();
    assert!(
        review.contains(
            "Number usage        2 voice app: (212) 736-5002, (212) 736-5003 · 1 conference:"
        ),
        "{review}"
    );
    h.typ("s").typ("y");
    let file = h.order_file(ID);
    assert_eq!(
        file["fields"]["number_usage"],
        serde_json::json!({
            "+12127365001": "conference",
            "+12127365002": "voice-app",
            "+12127365003": "voice-app"
        })
    );
    let mut page = String::new();
    for _ in 0..4 {
        page.push_str(&h.screen());
        h.key(KeyCode::PageDown);
    }
    assert!(
        page.contains(
            "Number usage        2 voice app: (212) 736-5002, (212) 736-5003 · 1 conference:"
        ),
        "{page}"
    );
    h.advance("3bd").advance("30d");
    assert_eq!(h.status_of(ID), Status::Completed);
    h.key(KeyCode::Esc).typ("p");
    let numbers = h.screen();
    let row = numbers.lines().find(|l| l.contains("(212) 736-5001"));
    assert!(
        row.is_some_and(|r| r.contains("unassigned") && r.contains("conference")),
        "{numbers}"
    );
    let inventory = portwiz::store::DirStore::open(h.dir.path())
        .map(|s| portwiz::store::Store::inventory(&s).unwrap().unwrap())
        .unwrap();
    let usage = |n: &str| {
        let number = portwiz::domain::phone::PhoneNumber::parse(n).unwrap();
        inventory.find(&number).and_then(|o| o.usage())
    };
    use portwiz::domain::inventory::Usage;
    assert_eq!(usage("2127365001"), Some(Usage::Conference));
    assert_eq!(usage("2127365003"), Some(Usage::VoiceApp));
}

/// The clock dialog's proposed step is selected: typing replaces it (it used to give `1bd2bd`).
#[test]
fn typing_in_the_clock_dialog_replaces_the_proposed_step() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.typ("t");
    let prompt = h.app.popup::<Prompt>().expect("t asks how far");
    assert_eq!(prompt.value(0), "1bd");
    // Until it is first moved, the clock is not kept: the dialog says which (it said nothing).
    assert!(
        prompt.note.contains(
            "Until you first move it, each start of portwiz begins again at the real time"
        ),
        "{}",
        prompt.note
    );
    h.typ("4bd");
    assert_eq!(h.app.popup::<Prompt>().unwrap().value(0), "4bd");
    h.enter();
    assert_eq!(
        h.status_of(ID),
        Status::FocConfirmed,
        "Cascade answered after 4"
    );
    h.typ("t");
    let note = &h.app.popup::<Prompt>().unwrap().note;
    assert!(note.contains("It stays there until you move it"), "{note}");
}

/// Within 24 hours of the port, cancelling is no longer offered (`c cancel` stayed in the help bar
/// and only said no when pressed); the page says why, and what to do instead.
#[test]
fn cancel_is_not_offered_within_a_day_of_the_port() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.advance("4bd");
    assert_eq!(h.status_of(ID), Status::FocConfirmed);
    let screen = h.screen();
    assert!(screen.contains("c cancel"), "{screen}");
    // FOC Mon 2026-12-14 09:00; now Fri 2026-11-27 10:00, and 16 days on is 23 hours before it.
    h.advance("16d");
    assert_eq!(h.status_of(ID), Status::FocConfirmed);
    let screen = h.screen();
    assert!(!screen.contains("c cancel"), "{screen}");
    assert!(
        screen.contains("Cannot cancel: the port is less than 24 hours away"),
        "{screen}"
    );
    h.typ("c");
    assert!(!h.app.has_popup(), "c asks nothing");
}

/// The delete question names the LOA copy only when the draft has one (it always spoke of "its
/// attached LOA copy").
#[test]
fn deleting_a_draft_names_its_loa_copy_only_when_it_has_one() {
    let mut h = Harness::simulated(100, 30);
    h.start_us_order().key(KeyCode::Esc).typ("d");
    let body = &h.app.popup::<Confirm>().expect("d asks first").body;
    assert!(
        body.ends_with(&format!("({ID})? This cannot be undone.")),
        "{body}"
    );
    assert!(!body.contains("LOA"), "{body}");
    let mut h = Harness::simulated(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step()
        .account_step()
        .address_step()
        .documents_step()
        .key(KeyCode::Esc)
        .typ("d");
    let body = &h.app.popup::<Confirm>().expect("d asks first").body;
    assert!(
        body.contains(&format!("({ID}) and the copy of its signed LOA (loa.pdf)?")),
        "{body}"
    );
}

/// Behind the "Terminal too small" page no key acts (n opened a wizard unseen), but Ctrl-C, which
/// the page names, saves and quits.
#[test]
fn no_key_acts_behind_the_too_small_page() {
    let mut h = Harness::simulated(100, 30);
    h.resize(50, 12);
    assert!(h.screen().contains("Terminal too small"));
    h.typ("n");
    assert!(
        h.app.wizard().is_none(),
        "n opened the wizard behind the page"
    );
    h.resize(100, 30);
    h.typ("n");
    assert!(h.app.wizard().is_some());
    h.resize(50, 12);
    h.ctrl('c');
    assert!(h.app.has_quit());
}

/// The details page copies the order ID to the terminal's clipboard (OSC 52), saying what it
/// copied, and exports the order as a text file with every value and the PIN masked; a file
/// already there is never replaced.
#[test]
fn the_details_page_copies_the_id_and_exports_the_order() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.typ("y");
    assert_eq!(h.app.take_clipboard().as_deref(), Some(ID));
    let notice = h.app.notice().unwrap().text.clone();
    assert!(
        notice.contains(&format!("Copied the order ID {ID} to the clipboard")),
        "{notice}"
    );
    h.typ("x");
    let prompt = h.app.popup::<Prompt>().expect("x asks where");
    assert_eq!(prompt.value(0), format!("{ID}.txt"));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("order.txt");
    h.typ(file.to_str().unwrap()).enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    let notice = h.app.notice().unwrap().text.clone();
    assert!(notice.contains("The order was exported to "), "{notice}");
    let text = std::fs::read_to_string(&file).unwrap();
    for expected in [
        "PW-261120-001 · ",
        "Submitted",
        "Number usage        2 user: (312) 621-4401, (312) 621-4402",
        "Account PIN         ••••",
        "Cascade Communications",
        "Timeline",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains("7351"), "the PIN is never exported: {text}");
    h.typ("x").typ(file.to_str().unwrap()).enter();
    let prompt = h.app.popup::<Prompt>().expect("refused, it stays open");
    let error = prompt.error.clone().unwrap_or_default();
    assert!(error.contains("is there already"), "{error}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// The export is read outside portwiz: what to do is said in words, not as a key ("Press u"); and
/// a name already taken is refused with a free one proposed (it proposed the same name again).
#[test]
fn an_export_says_what_to_do_in_words_and_a_taken_name_gets_a_free_one() {
    let mut h = Harness::simulated(100, 30);
    h.submit_order(&SAN_FRANCISCO, "000000");
    h.advance("2bd");
    assert_eq!(h.status_of(ID), Status::CustomerActionRequired);
    assert!(
        h.screen().contains("Press u to update"),
        "the page offers its key"
    );
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("order.txt");
    h.typ("x").typ(file.to_str().unwrap()).enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("Customer action required: Bluebell Wireless rejected the order."),
        "{text}"
    );
    let words = (text.split_whitespace()).collect::<Vec<_>>().join(" ");
    assert!(!words.contains("Press "), "{text}");
    assert!(
        words.contains("open the order in portwiz and choose Update on its details page"),
        "{text}"
    );
    h.typ("x").typ(file.to_str().unwrap()).enter();
    let prompt = h.app.popup::<Prompt>().expect("refused, it stays open");
    let free = out.path().join("order-2.txt");
    assert_eq!(prompt.value(0), free.to_str().unwrap());
    let error = prompt.error.clone().unwrap_or_default();
    assert!(
        error.contains(
            "is there already (a file is never replaced); order-2.txt is free: Enter writes it"
        ),
        "{error}"
    );
    h.enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    assert_eq!(std::fs::read_to_string(&free).unwrap(), text);
}

#[test]
fn assistance_engages_support_with_a_ticket() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.typ("a");
    assert!(h.app.popup::<Prompt>().is_some());
    h.enter();
    let Some(p) = h.app.popup::<Prompt>() else {
        panic!("an empty message is refused and the prompt stays")
    };
    assert!(p.error.as_ref().unwrap().contains("describe"));
    h.typ("Please confirm the Floor 52 suite").enter();
    assert_eq!(h.status_of(ID), Status::SupportEngaged);
    let screen = h.screen();
    assert!(
        screen.contains("Support engaged") && screen.contains("ticket SUP-261120001"),
        "{screen}"
    );
    snapshot(&mut h, "details_support_engaged");
    h.typ("a").typ("Any news?").enter();
    let order = h.stored(ID);
    assert_eq!(
        order.ticket.as_ref().unwrap().comments.len(),
        1,
        "the same ticket, one comment more"
    );
}

#[test]
fn cancel_then_clone_into_a_new_draft() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.typ("c");
    assert!(h.app.popup::<Confirm>().is_some());
    h.typ("y");
    assert_eq!(h.status_of(ID), Status::CancellationRequested);
    snapshot(&mut h, "details_cancellation_requested");
    h.advance("1bd");
    assert_eq!(h.status_of(ID), Status::Canceled);
    snapshot(&mut h, "details_canceled");
    h.typ("n");
    let w = h.app.wizard().expect("the clone opens in the wizard");
    assert_eq!(w.order.status, Status::Draft);
    assert_eq!(w.order.numbers().len(), 2);
    assert!(w.order.fields.loa.is_none());
}

#[test]
fn a_cancel_inside_24_hours_of_the_foc_is_refused_with_the_reason() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.advance("4bd");
    h.typ("t");
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    // The answer came on Friday 2026-11-27 10:00 (Thanksgiving is skipped); sixteen days on is
    // Sunday 2026-12-13 10:00, 23 hours before the FOC.
    h.typ("16d").enter();
    assert_eq!(h.status_of(ID), Status::FocConfirmed);
    h.typ("c");
    let screen = h.screen();
    assert!(
        screen.contains("Cannot cancel: the port is less than 24 hours away"),
        "{screen}"
    );
    assert!(!h.app.has_popup());
}

#[test]
fn renaming_follows_the_wizard_rules() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.typ("e");
    for _ in 0.."Chicago move".len() {
        h.key(KeyCode::Backspace);
    }
    h.enter();
    let Some(p) = h.app.popup::<Prompt>() else {
        panic!("an empty name is refused")
    };
    assert!(p.error.as_ref().unwrap().contains("Order name"));
    // A pasted escape sequence does not reach the name.
    h.paste("Chicago\u{1b}[31m office").enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    let order = h.stored(ID);
    assert!(!order.fields.order_name.contains('\u{1b}'));
    h.typ("e");
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
    h.typ("Chicago office").enter();
    let order = h.stored(ID);
    assert_eq!(order.fields.order_name, "Chicago office");
    assert!(order.timeline.last().unwrap().detail.contains("Renamed"));
}

#[test]
fn the_clock_cannot_move_under_portwiz_now() {
    let mut h = Harness::new(100, 30);
    h.typ("t");
    assert!(!h.app.has_popup());
    assert!(h.screen().contains("fixed by PORTWIZ_NOW"));
}

#[test]
fn a_draft_open_in_another_session_is_read_only_here_and_says_who_holds_it() {
    let mut first = Harness::simulated(100, 30);
    first.typ("n").enter().paste("2127365001");
    assert!(
        first.app.wizard().is_some(),
        "the first session edits the draft"
    );
    let mut second = Harness::simulated(100, 30);
    second.app = common::new_simulated_app(first.dir.path());
    second.enter();
    assert!(
        second.app.screen::<DetailsState>().is_some(),
        "read-only here"
    );
    let screen = second.screen();
    assert!(
        screen.contains("Read-only here") && screen.contains("is open for editing in another"),
        "{screen}"
    );
    let notice = second.app.notice().unwrap().text.clone();
    assert!(
        notice.contains(&format!("(process {})", std::process::id())),
        "the holder is named: {notice}"
    );
    first.key(KeyCode::Esc);
    second.key(KeyCode::Esc).enter();
    assert!(
        second.app.wizard().is_some(),
        "once the first session closed it, the lock is free"
    );
}

#[test]
fn history_searches_filters_and_sorts() {
    let mut h = Harness::simulated(120, 30);
    h.submit_chicago_order("7351");
    h.key(KeyCode::Esc);
    h.typ("n").enter().paste("2127365001").key(KeyCode::Esc);
    h.typ("n").enter().paste("4163632201").key(KeyCode::Esc);
    assert_eq!(h.app.screen::<HistoryState>().unwrap().list.view.len(), 3);
    assert!(h.screen().contains("Port orders: 3 (2 draft, 1 submitted)"));

    h.typ("/").typ("312 621 4402");
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().list.view.len(),
        1,
        "a number in any form finds its order"
    );
    assert!(h.screen().contains("Chicago move"));
    h.key(KeyCode::Esc);
    h.typ("/").typ("-002").enter();
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().list.view.len(),
        1,
        "IDs are searched"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen::<HistoryState>().unwrap().list.view.len(), 3);

    h.typ("f");
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().list.filter,
        Some(Status::Draft)
    );
    assert_eq!(h.app.screen::<HistoryState>().unwrap().list.view.len(), 2);
    h.typ("f");
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().list.filter,
        Some(Status::Submitted)
    );
    h.typ("f");
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().list.filter,
        None,
        "after the last status present, all again"
    );

    h.typ("s");
    assert_eq!(
        h.app.screen::<HistoryState>().unwrap().sort,
        portwiz::ui::screens::history::SortKey::Urgency,
        "urgency comes after the last change"
    );
    h.typ("s");
    let names: Vec<String> = (h.app.screen::<HistoryState>().unwrap().list.view)
        .iter()
        .map(|&i| h.app.orders()[i].display_name())
        .collect();
    assert_eq!(
        names,
        ["(unnamed draft)", "(unnamed draft)", "Chicago move"],
        "sorted by name"
    );
    h.typ("s");
    let ids: Vec<&str> = (h.app.screen::<HistoryState>().unwrap().list.view)
        .iter()
        .map(|&i| h.app.orders()[i].id.as_str())
        .collect();
    assert_eq!(ids, ["PW-261120-001", "PW-261120-002", "PW-261120-003"]);

    // The selection survives opening an order and coming back.
    h.key(KeyCode::Down).key(KeyCode::Down).enter();
    assert!(h.app.wizard().is_some());
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen::<HistoryState>().unwrap().list.selected, 2);
    let selected = h
        .app
        .screen::<HistoryState>()
        .unwrap()
        .selected_order()
        .unwrap();
    assert_eq!(h.app.orders()[selected].id, "PW-261120-003");
}

#[test]
fn details_of_a_draft() {
    // A draft shows its details when another session holds it; drawn here without that notice.
    let mut h = Harness::simulated(100, 30);
    h.typ("n").enter().paste("2127365001").key(KeyCode::Esc);
    h.app.dismiss_notice();
    h.app.show(Box::new(DetailsState::new(
        h.stored(ID),
        None,
        false,
        portwiz::clock::parse_moment(common::NOW)
            .unwrap()
            .timestamp(),
    )));
    snapshot(&mut h, "details_draft");
}

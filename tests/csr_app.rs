//! The CSR beside the form in the app (issue 14): a request from the wizard runs in the
//! background and is pending, refused or answered; its values stand beside the fields, a key
//! copies one in, and the review lists every mismatch with the CSR's age. The PIN shows nowhere.

mod common;

use common::{CHICAGO, Harness};
use portwiz::domain::validate::Field;

const PIN: &str = "7351";

/// A Cascade order (account CC30412) of `numbers` on the simulated clock at 120x40, its BTN
/// given, up to the account PIN, typed.
fn up_to_the_pin(numbers: &str, pin: &str) -> Harness {
    let mut h = Harness::simulated(120, 40);
    h.typ("n").enter().paste(numbers).tab().tab().enter();
    h.typ(CHICAGO.btn).enter().enter();
    h.typ("Contoso Ltd").enter().typ(CHICAGO.account).enter();
    h.typ(pin);
    h
}

/// A Cascade order (account CC30412) on the simulated clock, up to the account step, with the
/// authorized user's last name misspelt and the PIN given.
fn at_account_step(pin: &str) -> Harness {
    let mut h = up_to_the_pin(CHICAGO.numbers, pin);
    h.enter().typ("Tom").enter().typ("Beker");
    assert_eq!(h.step(), 4, "{}", h.screen());
    h
}

#[test]
fn a_request_is_pending_until_the_clock_brings_the_answer() {
    let mut h = at_account_step(PIN);
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    let ticket = w.csr.pending().expect("pending");
    assert_eq!(ticket.carrier_name, "Cascade Communications");
    assert!(w.csr.csr().is_none());
    let screen = h.screen();
    println!("{screen}");
    assert!(
        screen.contains("CSR: asked of Cascade Communications"),
        "{screen}"
    );
    assert!(!screen.contains(PIN), "{screen}");
}

/// Closes the wizard, moves the clock with `t`, and opens the draft again.
fn after_clock(h: &mut Harness, step: &str) -> String {
    h.key(ratatui::crossterm::event::KeyCode::Esc);
    assert!(h.app.wizard().is_none());
    h.advance(step);
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    h.enter();
    assert!(h.app.wizard().is_some(), "{}", h.screen());
    notice
}

#[test]
fn the_answer_arrives_with_the_clock_and_the_notice_says_so() {
    let mut h = at_account_step(PIN);
    h.ctrl('r');
    let notice = after_clock(&mut h, "1bd");
    assert!(!notice.contains("CSR"), "{notice}");
    assert!(h.app.wizard().unwrap().csr.pending().is_some());
    let notice = after_clock(&mut h, "1bd");
    assert!(
        notice.contains(
            "The CSR of (312) 621-4400 arrived from Cascade Communications, kept with PW-261120-001"
        ),
        "{notice}"
    );
    let w = h.app.wizard().unwrap();
    let csr = w.csr.csr().expect("received");
    assert_eq!(csr.received_at.to_string(), "2026-11-24T15:00:00Z");
    assert!(w.csr.pending().is_none());
    // The address is not entered yet: the field rules say so, the CSR names only the last name.
    let named: Vec<Field> = (w.csr.problems(&w.order.fields).iter())
        .map(|p| p.field)
        .collect();
    assert_eq!(named, [Field::AuthorizedLastName]);
}

#[test]
fn a_refusal_says_why_under_the_field_and_keeps_what_was_typed() {
    let mut h = at_account_step("7350");
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    assert!(w.csr.pending().is_none() && w.csr.csr().is_none());
    let why = w.csr.refusal().expect("refused").to_string();
    assert!(why.contains("2 more wrong requests"), "{why}");
    assert!(matches!(
        w.notes.get(&Field::AccountPin),
        Some(portwiz::ui::screens::wizard::Note::Error(_))
    ));
    assert_eq!(w.order.fields.account_pin.expose(), "7350");
    assert_eq!(w.order.fields.authorized_last_name, "Beker");
    let screen = h.screen();
    assert!(
        screen.contains("CSR request refused: why is said under Account PIN"),
        "{screen}"
    );
    assert_eq!(
        screen.matches("2 more wrong requests").count(),
        1,
        "said once: {screen}"
    );
    h.ctrl('r').ctrl('r');
    let why = h.app.wizard().unwrap().csr.refusal().unwrap().to_string();
    assert!(why.contains("now refuses CSR requests for a day"), "{why}");
    h.ctrl('r');
    let why = h.app.wizard().unwrap().csr.refusal().unwrap().to_string();
    assert!(
        why.contains("refuses CSR requests for this account until"),
        "{why}"
    );
    let screen = h.screen();
    assert!(screen.contains("CSR request refused"), "{screen}");
    assert!(!screen.contains("7350"), "{screen}");
}

/// A Cascade order with a misspelt last name and a wrong ZIP code, its CSR received.
fn with_csr() -> Harness {
    let mut h = at_account_step(PIN);
    h.enter();
    let (street, suite, city, region, _) = CHICAGO.address;
    h.service_address([street, suite, city, region, "60601"]);
    assert_eq!(h.step(), 5, "{}", h.screen());
    h.ctrl('r');
    after_clock(&mut h, "2bd");
    assert!(h.app.wizard().unwrap().csr.csr().is_some());
    h
}

#[test]
fn each_mismatch_is_marked_on_its_step_and_listed_in_the_review_with_the_age() {
    let mut h = with_csr();
    let screen = h.screen();
    assert!(screen.contains("✗ 60606 · differs"), "{screen}");
    assert!(screen.contains("✓ Chicago · matches"), "{screen}");
    assert!(
        screen.contains("billing address (PO Box 2250, Chicago, IL 60690)"),
        "{screen}"
    );
    let fields = &h.app.wizard().unwrap().order.fields;
    let problems = h.app.wizard().unwrap().csr.problems(fields);
    let named: Vec<(u8, Field)> = problems.iter().map(|p| (p.step, p.field)).collect();
    assert_eq!(
        named,
        [(4, Field::AuthorizedLastName), (5, Field::PostalCode)]
    );
    h.ctrl('p');
    let screen = h.screen();
    assert!(screen.contains("✗ Becker · differs"), "{screen}");
    insta::assert_snapshot!("csr_beside_120x40", screen);
    // On to the review, three days later.
    h.ctrl('n').ctrl('n');
    h.loa_signed_on("2026-11-23").details_step();
    assert_eq!(h.step(), 8, "{}", h.screen());
    after_clock(&mut h, "3d");
    let screen = h.screen();
    assert!(screen.contains("received 3 days ago"), "{screen}");
    assert!(
        screen.contains(
            "Step 4 Account · Authorized last name: differs from the CSR, which has “Becker”"
        ),
        "{screen}"
    );
    assert!(
        screen.contains(
            "Step 5 Address · ZIP / postal code: differs from the CSR, which has “60606”"
        ),
        "{screen}"
    );
    assert!(!screen.contains(PIN), "{screen}");
}

#[test]
fn at_80x24_a_toggle_shows_the_csr_under_each_field() {
    let mut h = with_csr();
    h.resize(80, 24);
    let screen = h.screen();
    assert!(!screen.contains("CSR: ✓ Chicago"), "{screen}");
    assert!(
        screen.contains("✗ differs from the CSR, which has “60606”"),
        "{screen}"
    );
    h.ctrl('x');
    let screen = h.screen();
    assert!(screen.contains("CSR: ✓ Chicago · matches"), "{screen}");
    insta::assert_snapshot!("csr_toggle_80x24", screen);
    assert!(!screen.contains(PIN), "{screen}");
}

#[test]
fn a_key_copies_the_csr_value_into_the_field_through_the_field_edit() {
    let mut h = with_csr();
    let w = h.app.wizard().unwrap();
    assert_eq!(w.focused(), Some(Field::PostalCode), "{}", h.screen());
    h.ctrl('l');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.postal_code, "60606");
    assert!(
        w.csr
            .problems(&w.order.fields)
            .iter()
            .all(|p| p.field != Field::PostalCode)
    );
    let screen = h.screen();
    assert!(screen.contains("✓ 60606 · matches"), "{screen}");
    assert!(
        screen.contains("ZIP / postal code now holds the CSR's value"),
        "{screen}"
    );
}

#[test]
fn a_full_port_that_leaves_csr_numbers_behind_is_marked_on_the_btn_step_and_in_the_review() {
    // Full: the BTN ports with the order.
    let mut h = up_to_the_pin("3126214400\n3126214401", PIN);
    h.ctrl('r');
    after_clock(&mut h, "2bd");
    h.ctrl('p');
    assert_eq!(h.step(), 3, "{}", h.screen());
    let w = h.app.wizard().unwrap();
    let problems = w.csr_problems_of(Field::PortType);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains("(312) 621-4402"),
        "{problems:?}"
    );
    let listed = w.review_problems();
    let screen = h.screen();
    assert!(
        screen.contains("✗ a Full port closes the account"),
        "{screen}"
    );
    assert!(
        listed
            .iter()
            .any(|p| p.step == 3 && p.field == Field::PortType)
    );
}

#[test]
fn a_request_without_the_account_number_is_not_sent_and_uses_no_try() {
    let mut h = Harness::simulated(120, 40);
    h.typ("n")
        .enter()
        .paste(CHICAGO.numbers)
        .tab()
        .tab()
        .enter();
    h.typ(CHICAGO.btn);
    assert_eq!(h.step(), 3, "{}", h.screen());
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    assert!(w.csr.pending().is_none(), "{}", h.screen());
    assert!(w.csr.csr().is_none());
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("names the account number"), "{notice}");
    let book = h.app.workspace().csr_book().unwrap();
    let entry = book.entry(&portwiz::domain::phone::PhoneNumber::parse(CHICAGO.btn).unwrap());
    assert!(
        entry.is_none_or(|e| e.wrong_requests.is_empty() && e.pending.is_none()),
        "{entry:?}"
    );
}

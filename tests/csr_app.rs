//! The CSR beside the form in the app (issue 14): a request from the wizard runs in the
//! background and is pending, refused or answered; its values stand beside the fields, a key
//! copies one in, and the review lists every mismatch with the CSR's age. The PIN shows nowhere.

mod common;

use common::{CHICAGO, CHICAGO_WRONG_ZIP, Harness};
use portwiz::domain::validate::Field;
use portwiz::ui::screens::wizard::WizardState;
use portwiz::ui::screens::wizard::companion::Companion;
use portwiz::ui::screens::wizard::companions::csr::CsrView;

const PIN: &str = "7351";

/// The wizard's CSR view.
fn csr(w: &WizardState) -> &CsrView {
    w.companion::<CsrView>()
        .expect("the CSR companion is registered")
}

/// A Cascade order of `numbers` on the simulated clock at 120x40, up to its BTN, typed.
fn at_btn_step(numbers: &str) -> Harness {
    let mut h = Harness::simulated(120, 40);
    h.typ("n").enter().paste(numbers).tab().tab().enter();
    h.typ(CHICAGO.btn);
    h
}

/// A Cascade order of `numbers` on the simulated clock at 120x40, its BTN given, up to the
/// account PIN, typed, with `account` for the account number (CC30412's).
fn up_to_the_pin(numbers: &str, account: &str, pin: &str) -> Harness {
    let mut h = at_btn_step(numbers);
    h.enter().enter();
    h.typ("Contoso Ltd").enter().typ(account).enter();
    h.typ(pin);
    h
}

/// A Cascade order (account CC30412) on the simulated clock, up to the account step, with the
/// authorized user's last name misspelt and the PIN given.
fn at_account_step(pin: &str) -> Harness {
    let mut h = up_to_the_pin(CHICAGO.numbers, CHICAGO.account, pin);
    h.enter().typ("Tom").enter().typ("Beker");
    assert_eq!(h.step(), 4, "{}", h.screen());
    h
}

#[test]
fn a_request_is_pending_until_the_clock_brings_the_answer() {
    let mut h = at_account_step(PIN);
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    let ticket = csr(w).pending().expect("pending");
    assert_eq!(ticket.carrier_name, "Cascade Communications");
    assert!(csr(w).csr().is_none());
    let screen = h.screen();
    println!("{screen}");
    assert!(
        screen.contains("CSR: asked of Cascade Communications"),
        "{screen}"
    );
    assert!(!screen.contains(PIN), "{screen}");
}

/// The help bar, the screen's last line.
fn help_bar(h: &mut Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

/// While the carrier has a request it has not answered, ^R is not offered, and pressed it asks
/// nothing (before, it sent a second request: with a mistyped PIN, one the carrier refused and
/// counted against the account) and says when the answer is due.
#[test]
fn while_a_request_is_pending_ctrl_r_asks_nothing_and_says_when_it_is_due() {
    let mut h = at_account_step(PIN);
    assert!(help_bar(&mut h).contains("^R get CSR"), "{}", h.screen());
    h.ctrl('r');
    assert!(csr(h.app.wizard().unwrap()).pending().is_some());
    let bar = help_bar(&mut h);
    assert!(bar.contains("Esc save & close"), "{bar}");
    assert!(!bar.contains("^R"), "{bar}");
    // The PIN mistyped after the request: a second request would be refused for it.
    h.key(ratatui::crossterm::event::KeyCode::BackTab)
        .key(ratatui::crossterm::event::KeyCode::BackTab);
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::AccountPin));
    h.typ("7350").ctrl('r');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.account_pin.expose(), "7350");
    assert_eq!(csr(w).refusal(), None);
    assert!(csr(w).pending().is_some());
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(
        notice,
        "CSR already asked of Cascade Communications on Fri 2026-11-20 10:00 ET; its answer is \
         expected by Tue 2026-11-24 10:00 ET, so it is not asked again"
    );
    let book = h.app.workspace().csr_book().unwrap();
    let btn = portwiz::domain::phone::PhoneNumber::parse(CHICAGO.btn).unwrap();
    let entry = book.entry(&btn).expect("the request is kept");
    assert!(entry.wrong_requests.is_empty(), "{entry:?}");
}

/// After a refusal nothing is out: ^R is offered again.
#[test]
fn after_a_refusal_ctrl_r_is_offered_again() {
    let mut h = at_account_step("7350");
    h.ctrl('r');
    assert!(csr(h.app.wizard().unwrap()).refusal().is_some());
    let bar = help_bar(&mut h);
    assert!(bar.contains("^R get CSR"), "{bar}");
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
    assert!(csr(h.app.wizard().unwrap()).pending().is_some());
    let notice = after_clock(&mut h, "1bd");
    assert!(
        notice.contains(
            "The CSR of (312) 621-4400 arrived from Cascade Communications, kept with PW-261120-001"
        ),
        "{notice}"
    );
    let w = h.app.wizard().unwrap();
    let received = csr(w).csr().expect("received");
    assert_eq!(received.received_at.to_string(), "2026-11-24T15:00:00Z");
    assert!(csr(w).pending().is_none());
    // The address is not entered yet: the field rules say so, the CSR names only the last name.
    let named: Vec<Field> = (csr(w).problems(&w.order.fields).iter())
        .map(|p| p.field)
        .collect();
    assert_eq!(named, [Field::AuthorizedLastName]);
}

#[test]
fn a_refusal_says_why_under_the_field_and_keeps_what_was_typed() {
    let mut h = at_account_step("7350");
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    assert!(csr(w).pending().is_none() && csr(w).csr().is_none());
    let why = csr(w).refusal().expect("refused").to_string();
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
    let why = csr(h.app.wizard().unwrap()).refusal().unwrap().to_string();
    assert!(why.contains("now refuses CSR requests for a day"), "{why}");
    h.ctrl('r');
    let why = csr(h.app.wizard().unwrap()).refusal().unwrap().to_string();
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
    assert!(csr(h.app.wizard().unwrap()).csr().is_some());
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
    let problems = csr(h.app.wizard().unwrap()).problems(fields);
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

/// The ^X toggle is kept with the draft: reopened, the wizard shows the CSR as it was left
/// (before, it opened with the CSR hidden again at 80 columns), and toggled back, hidden again.
#[test]
fn the_csr_toggle_is_kept_when_the_draft_is_reopened() {
    let mut h = with_csr();
    h.resize(80, 24);
    let shown = |h: &mut Harness| h.screen().contains("CSR: ✓ Chicago · matches");
    assert!(!shown(&mut h), "{}", h.screen());
    h.ctrl('x');
    assert!(shown(&mut h), "{}", h.screen());
    let reopen = |h: &mut Harness| {
        h.key(ratatui::crossterm::event::KeyCode::Esc);
        assert!(h.app.wizard().is_none(), "{}", h.screen());
        h.enter();
        assert_eq!(h.step(), 5, "{}", h.screen());
    };
    reopen(&mut h);
    let id = h.app.wizard().unwrap().order.id.clone();
    assert_eq!(
        h.order_file(&id)["wizard"]["toggled"],
        serde_json::json!(["CSR"])
    );
    assert!(shown(&mut h), "{}", h.screen());
    h.ctrl('x');
    reopen(&mut h);
    assert!(!shown(&mut h), "{}", h.screen());
    assert!(
        h.screen().contains("✗ differs from the CSR"),
        "{}",
        h.screen()
    );
    assert_eq!(h.order_file(&id)["wizard"].get("toggled"), None);
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
        csr(w)
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
    // The copy is an edit of the field: Ctrl-Z takes it back (it did not: the field was
    // replaced whole, with no undo), and Ctrl-Y does it again.
    h.ctrl('z');
    let zip = h.app.wizard().unwrap().order.fields.postal_code.clone();
    assert_eq!(zip, "60601", "{}", h.screen());
    assert!(h.screen().contains("✗ 60606 · differs"));
    h.ctrl('y');
    assert_eq!(h.app.wizard().unwrap().order.fields.postal_code, "60606");
}

#[test]
fn with_every_value_as_on_the_csr_the_review_says_only_the_pin_is_left_to_the_carrier() {
    let mut h = with_csr();
    h.ctrl('l');
    h.ctrl('p').tab().tab().tab().tab();
    assert_eq!(
        h.app.wizard().unwrap().focused(),
        Some(Field::AuthorizedLastName),
        "{}",
        h.screen()
    );
    h.ctrl('l').ctrl('n').ctrl('n');
    h.loa_signed_on("2026-11-23").details_step();
    assert_eq!(h.step(), 8, "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("nothing entered differs from it"),
        "{screen}"
    );
    // It said "only the carrier can say whether the account number, PIN, authorized user,
    // organization name and address match", which the CSR just showed they do.
    assert!(
        screen.contains("Only the carrier can say whether the PIN matches its records."),
        "{screen}"
    );
    assert!(!screen.contains("whether the account number"), "{screen}");
}

#[test]
fn a_field_not_entered_yet_is_no_mismatch_and_says_so() {
    let mut h = at_account_step(PIN);
    h.ctrl('r');
    after_clock(&mut h, "2bd");
    h.ctrl('n');
    assert_eq!(h.step(), 5, "{}", h.screen());
    let screen = h.screen();
    // It said "✗ – · differs" and "✓ Floor 52 · matches" before anything was typed.
    assert!(screen.contains("○ 60606 (not entered yet)"), "{screen}");
    assert!(screen.contains("○ Floor 52 (not entered yet)"), "{screen}");
    assert!(!screen.contains("differs"), "{screen}");
    h.resize(80, 24);
    h.ctrl('x');
    let screen = h.screen();
    assert!(
        screen.contains("CSR: ○ 233 South Wacker Drive (not entered yet)"),
        "{screen}"
    );
}

#[test]
fn a_refusal_about_a_field_of_another_step_is_said_in_full_where_it_is_asked() {
    let mut h = up_to_the_pin(CHICAGO.numbers, "CC30413", PIN);
    h.ctrl('p');
    assert_eq!(h.step(), 3, "{}", h.screen());
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    assert!(csr(w).refusal().is_some(), "{}", h.screen());
    let screen = h.screen();
    // It said "why is said under Account number", a field of step 4.
    assert!(!screen.contains("why is said under"), "{screen}");
    assert!(
        screen.contains("the account number is not the one of the account"),
        "{screen}"
    );
    h.ctrl('n');
    let screen = h.screen();
    assert!(
        screen.contains("CSR request refused: why is said under Account number"),
        "{screen}"
    );
}

#[test]
fn at_80_columns_the_help_bar_keeps_the_csr_keys() {
    let mut h = at_account_step(PIN);
    h.resize(80, 24);
    let screen = h.screen();
    let bar = screen.lines().last().unwrap();
    assert!(bar.contains("^R get CSR"), "{bar}");
    assert!(bar.contains("Esc save & close"), "{bar}");
    h.ctrl('r');
    after_clock(&mut h, "2bd");
    let screen = h.screen();
    let bar = screen.lines().last().unwrap();
    assert_eq!(
        h.app.wizard().unwrap().focused(),
        Some(Field::AuthorizedLastName)
    );
    assert!(bar.contains("^L use CSR value"), "{bar}");
    assert!(bar.contains("^X CSR view"), "{bar}");
}

#[test]
fn in_an_update_ctrl_r_asks_with_the_forms_values_and_the_answer_marks_the_mismatch() {
    let mut h = Harness::simulated(120, 40);
    h.submit_order(&CHICAGO_WRONG_ZIP, PIN);
    h.advance("4bd");
    let screen = h.screen();
    assert!(screen.contains("Service address mismatch"), "{screen}");
    h.typ("u");
    let w = h.app.wizard().expect("Update opens the wizard");
    assert!(w.update.is_some());
    assert_eq!(
        (w.step, w.focused()),
        (5, Some(Field::Street)),
        "{}",
        h.screen()
    );
    let id = w.order.id.clone();
    h.ctrl('r');
    let btn = portwiz::domain::phone::PhoneNumber::parse(CHICAGO.btn).unwrap();
    let book = h.app.workspace().csr_book().unwrap();
    let entry = book.entry(&btn).expect("asked for the form's BTN");
    assert!(entry.pending.is_some(), "{entry:?}");
    assert_eq!(entry.orders, [id]);
    assert!(
        entry.wrong_requests.is_empty(),
        "the form's account and PIN"
    );
    assert!(csr(h.app.wizard().unwrap()).pending().is_some());
    // Closed, the clock moved, opened for Update again: the answer is there.
    h.key(ratatui::crossterm::event::KeyCode::Esc);
    h.advance("2bd");
    h.typ("u");
    let w = h.app.wizard().expect("Update opens the wizard");
    assert!(csr(w).csr().is_some(), "{}", h.screen());
    let named: Vec<Field> = w.companion_problems().iter().map(|p| p.field).collect();
    assert_eq!(named, [Field::PostalCode]);
    let screen = h.screen();
    assert!(screen.contains("✗ 60606 · differs"), "{screen}");
    h.ctrl('p');
    let screen = h.screen();
    assert!(screen.contains("✗Address"), "{screen}");
}

#[test]
fn a_full_port_that_leaves_csr_numbers_behind_is_marked_on_the_btn_step_and_in_the_review() {
    // Full: the BTN ports with the order.
    let mut h = up_to_the_pin("3126214400\n3126214401", CHICAGO.account, PIN);
    h.ctrl('r');
    after_clock(&mut h, "2bd");
    h.ctrl('p');
    assert_eq!(h.step(), 3, "{}", h.screen());
    let w = h.app.wizard().unwrap();
    let problems = w.companion_problems_of(Field::PortType);
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
    let mut h = at_btn_step(CHICAGO.numbers);
    assert_eq!(h.step(), 3, "{}", h.screen());
    h.ctrl('r');
    let w = h.app.wizard().unwrap();
    assert!(csr(w).pending().is_none(), "{}", h.screen());
    assert!(csr(w).csr().is_none());
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("names the account number"), "{notice}");
    let book = h.app.workspace().csr_book().unwrap();
    let entry = book.entry(&portwiz::domain::phone::PhoneNumber::parse(CHICAGO.btn).unwrap());
    assert!(
        entry.is_none_or(|e| e.wrong_requests.is_empty() && e.pending.is_none()),
        "{entry:?}"
    );
}

#[test]
fn a_clock_moved_by_another_session_brings_the_csr_into_the_open_wizard() {
    use portwiz::clock::{Advance, Clock, parse_moment};
    use portwiz::workspace::{ClockTarget, Workspace};
    let mut h = at_account_step(PIN);
    h.ctrl('r');
    assert!(csr(h.app.wizard().unwrap()).pending().is_some());
    // `portwiz clock advance 2bd` in another shell.
    let store = portwiz::store::DirStore::open(h.dir.path()).unwrap();
    let network = Box::new(portwiz::carrier::SimulatedNetwork::sample());
    let clock = Clock::Simulated(parse_moment(common::NOW).unwrap());
    let mut other = Workspace::open(Box::new(store), network, clock);
    let two_days = Advance::parse("2bd").unwrap();
    other.advance_clock(ClockTarget::Step(two_days)).unwrap();
    assert!(h.app.notice_changes());
    let w = h.app.wizard().expect("the wizard stays open");
    assert!(csr(w).csr().is_some(), "{}", h.screen());
    // The field rules judge dates by the clock as it is now (the wizard kept the day it opened).
    assert_eq!(h.app.wizard().unwrap().today.to_string(), "2026-11-24");
    assert!(h.screen().contains("✗ Becker · differs"));
}

/// The review of an Update says what the CSR shows of a port freeze and of the account's PIN,
/// and its 'only the carrier can say' names no field the CSR judges. Before, the CSR's freeze
/// flag and 'no account PIN' were shown by `csr show` only: the review said 'nothing portwiz can
/// check is wrong … nothing entered differs from it. Only the carrier can say whether the PIN and
/// address match its records', the ZIP marked as differing above it.
#[test]
fn the_review_warns_of_the_freeze_and_a_pin_the_account_does_not_have() {
    let mut h = Harness::simulated(120, 40);
    h.submit_order(&common::SEATTLE_FROZEN, PIN);
    h.advance("4bd");
    let screen = h.screen();
    assert!(screen.contains("Numbers frozen"), "{screen}");
    h.typ("u");
    assert!(h.app.wizard().is_some(), "{}", h.screen());
    h.ctrl('r');
    h.key(ratatui::crossterm::event::KeyCode::Esc);
    h.advance("2bd");
    h.typ("u");
    let w = h.app.wizard().expect("Update opens the wizard");
    assert!(csr(w).csr().is_some_and(|c| c.frozen), "{}", h.screen());
    let warned: Vec<(u8, Field)> = (w.companion_warnings().iter())
        .map(|p| (p.step, p.field))
        .collect();
    assert_eq!(warned, [(4, Field::AccountNumber), (4, Field::AccountPin)]);
    // The stepper marks the account step (nothing else is wrong on it).
    let screen = h.screen();
    let stepper = (screen.lines().find(|l| l.contains("Start"))).unwrap_or_default();
    assert!(stepper.contains("!Account"), "{screen}");
    // On its step, under its fields.
    h.ctrl('p');
    while h.step() > 4 {
        h.ctrl('p');
    }
    let screen = h.screen();
    assert!(
        screen.contains("! Warning: the CSR shows a port freeze: Cascade"),
        "{screen}"
    );
    assert!(
        screen.contains("! Warning: the CSR says the account has no PIN"),
        "{screen}"
    );
    // The review: the ZIP's problem, both warnings, and nothing called unknowable that the CSR
    // judged.
    h.ctrl('n').ctrl('n').ctrl('n').ctrl('n');
    assert_eq!(h.step(), 8, "{}", h.screen());
    let screen = h.screen();
    assert!(
        !screen.contains("nothing portwiz can check is wrong"),
        "{screen}"
    );
    assert!(
        screen.contains("Step 5 Address · ZIP / postal code: differs from the CSR"),
        "{screen}"
    );
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("! Step 4 Account · Account number: the CSR shows a port freeze: Cascade Communications rejects every order until it is lifted; ask it to lift the freeze before ordering (1 to 3 weeks)"),
        "{screen}"
    );
    assert!(
        flat.contains("! Step 4 Account · Account PIN: the CSR says the account has no PIN"),
        "{screen}"
    );
    assert!(flat.contains("; 2 warnings (marked !)"), "{screen}");
    assert!(!flat.contains("Only the carrier can say"), "{screen}");
    assert!(
        flat.contains("The CSR judges every value the carrier checks against its records."),
        "{screen}"
    );
    assert!(!screen.contains(PIN), "{screen}");
}

/// Each CSR key pressed where it can do nothing says why. Before, ^R on the BTN step with no
/// account number yet, and ^L on a field the CSR does not hold (Suite), were silent.
#[test]
fn a_csr_key_that_can_do_nothing_says_why() {
    let mut h = at_btn_step(CHICAGO.numbers);
    assert_eq!(h.step(), 3, "{}", h.screen());
    h.ctrl('r');
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.contains("account number"),
        "{notice}\n{}",
        h.screen()
    );
    // ^L before any CSR is held, and on a field the CSR holds nothing for (the PIN).
    h.enter().enter();
    h.typ("Contoso Ltd").enter().typ(CHICAGO.account).enter();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::AccountPin));
    h.ctrl('l');
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(
        notice,
        "No CSR is held for this order yet, so there is no value to use: Ctrl-R asks the carrier for it"
    );
    let mut h = with_csr();
    h.ctrl('p');
    for _ in 0..6 {
        if h.app.wizard().unwrap().focused() == Some(Field::AccountPin) {
            break;
        }
        h.key(ratatui::crossterm::event::KeyCode::BackTab);
    }
    assert_eq!(
        h.app.wizard().unwrap().focused(),
        Some(Field::AccountPin),
        "{}",
        h.screen()
    );
    assert!(!help_bar(&mut h).contains("^L"), "{}", h.screen());
    h.ctrl('l');
    let notice = h.app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(
        notice,
        "The CSR holds no Account PIN to use here: nothing was changed"
    );
}

//! State-transition tests: the wizard driven by key events, checked through the app's state, the
//! screen and the files it saves.

mod common;

use common::{Harness, PIN};
use portwiz::domain::validate::Field;
use portwiz::ui::popups::calendar::CalendarPicker;
use portwiz::ui::popups::confirm::Confirm;
use portwiz::ui::popups::file_browser::FileBrowser;
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_sample_journey_reaches_review_with_a_clean_check_and_submits() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    assert_eq!(h.step(), 8, "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("nothing portwiz can check is wrong"),
        "{screen}"
    );
    h.typ("s");
    assert!(h.app.popup::<Confirm>().is_some());
    h.typ("y");
    assert!(h.app.wizard().is_none(), "back on the history screen");
    let screen = h.screen();
    assert!(
        screen.contains("NYC office move") && screen.contains("Submitted"),
        "{screen}"
    );
    let file = h.order_file("PW-261120-001");
    assert_eq!(file["status"], "submitted");
    assert_eq!(
        file["requested_port_at"],
        "2026-12-14T09:00:00-05:00[America/New_York]"
    );
    assert_eq!(file["timeline"].as_array().unwrap().len(), 2);
}

/// Ctrl-N on a step with problems stays, and says so under the field the cursor goes to, with
/// how many more problems the step has (it stayed without a word).
#[test]
fn ctrl_n_on_a_step_with_problems_says_why_under_the_field_it_goes_to() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step()
        .typ("Contoso Ltd")
        .tab()
        .tab()
        .tab()
        .typ("Dana")
        .ctrl('n');
    let w = h.app.wizard().unwrap();
    assert_eq!((w.step, w.focused()), (4, Some(Field::AccountNumber)));
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let field = lines
        .iter()
        .position(|l| l.contains("▶ Account number"))
        .unwrap();
    let under: Vec<&str> = lines[field + 1..field + 4]
        .iter()
        .map(|l| l.trim())
        .collect();
    let said = under.join(" ");
    assert!(
        said.starts_with("✗ Error: enter the account number from the CSR or a recent bill — the next step waits until this is fixed (the cursor is here; 1 more problem on this step)"),
        "{screen}"
    );
    h.typ("4410223177");
    assert!(
        !h.screen().contains("the next step waits"),
        "answered by typing"
    );
}

#[test]
fn pasted_numbers_name_the_invalid_one_count_the_duplicate_and_group_the_rest() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().numbers_step();
    let screen = h.screen();
    assert!(
        screen.contains("6 entered · 4 can be ported · 1 invalid · 1 duplicate removed"),
        "{screen}"
    );
    assert!(
        screen.contains("line 4: 212 555 0150 — 555-0100 to 555-0199 are fictional"),
        "{screen}"
    );
    assert!(
        screen.contains("Northwind Telecom · account 4410223177 · geographic · 3 numbers"),
        "{screen}"
    );
    assert!(
        screen.contains("account NW7788120 · toll-free · 1 number"),
        "{screen}"
    );
    h.ctrl('n');
    assert_eq!(h.step(), 2, "no group chosen yet: the step does not let go");
    assert!(h.screen().contains("choose the group"));
}

/// Each group lists its numbers under its line, not only how many there are.
#[test]
fn the_numbers_step_lists_the_numbers_of_each_group() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().numbers_step();
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let northwind = lines
        .iter()
        .position(|l| l.contains("account 4410223177 · geographic · 3 numbers"))
        .expect(&screen);
    assert_eq!(
        lines[northwind + 1].trim(),
        "(212) 736-5001, (212) 736-5002, (212) 736-5003"
    );
    assert!(lines[northwind + 2].contains("account NW7788120 · toll-free · 1 number"));
    assert_eq!(lines[northwind + 3].trim(), "(888) 736-2000");
}

/// Full with the BTN left behind says why it is not possible; the Partial it stays is said as
/// information, not as a warning.
#[test]
fn full_is_refused_with_the_reason_when_the_btn_stays_behind() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review().edit_step(3);
    h.tab();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::PortType));
    let screen = h.screen();
    assert!(
        screen.contains("Partial by itself: the BTN is not among the numbers being ported"),
        "{screen}"
    );
    assert!(!screen.contains("Warning"), "{screen}");
    h.key(KeyCode::Up).typ(" ");
    let w = h.app.wizard().unwrap();
    assert_eq!(
        portwiz::domain::validate::effective_port_type(&w.order.fields),
        Some(portwiz::domain::order::PortType::Partial)
    );
    assert_eq!(w.choice_cursor, 1, "the pointer stays on Partial");
    let screen = h.screen();
    assert!(
        screen.contains(
            "Full is not possible: the BTN (212) 736-5000 is not among the numbers being ported"
        ),
        "{screen}"
    );
}

/// An LOA older than the carrier accepts is said on step 6 and marked on the stepper, and the
/// review's Enter on it shows the reason at the field it opens.
#[test]
fn a_carrier_specific_problem_shows_on_its_step() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step()
        .account_step()
        .address_step()
        .loa_signed_on("2026-08-29");
    assert_eq!(h.step(), 7);
    let screen = h.screen();
    assert!(screen.contains("✗Documents"), "{screen}");
    let too_old = "the LOA was signed 83 days ago; Northwind Telecom accepts";
    h.ctrl('p');
    assert_eq!(h.step(), 6);
    assert!(h.screen().contains(too_old), "{}", h.screen());
    h.ctrl('n').details_step();
    assert_eq!(h.step(), 8);
    assert!(h.screen().contains(too_old), "{}", h.screen());
    h.enter();
    let w = h.app.wizard().unwrap();
    assert_eq!((w.step, w.focused()), (6, Some(Field::LoaSignedOn)));
    assert!(
        h.screen().contains(&format!("✗ Error: {too_old}")),
        "{}",
        h.screen()
    );
}

/// A clean pre-submit check says what it checked, and what only the carrier can know: whether a
/// Full port takes every number of the account (one said "nothing a carrier would reject" of a
/// Full port of 3 of 6 numbers, which the carrier rejected as a wrong port type).
#[test]
fn the_review_says_what_it_cannot_know() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .paste("2127365000\n2127365001\n2127365002")
        .choose_first_group();
    h.typ("2127365000").enter();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::PortType));
    h.enter();
    assert_eq!(
        h.app.wizard().unwrap().order.fields.port_type,
        Some(portwiz::domain::order::PortType::Full)
    );
    h.account_step()
        .address_step()
        .documents_step()
        .details_step();
    assert_eq!(h.step(), 8, "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("✓ Pre-submit check: nothing portwiz can check is wrong; s submits."),
        "{screen}"
    );
    assert!(
        screen.contains("Full port: portwiz cannot see whether the account has numbers beyond"),
        "{screen}"
    );
    assert!(
        screen.contains("Only the carrier can say whether"),
        "{screen}"
    );
    assert!(
        !screen.contains("nothing a carrier would reject"),
        "{screen}"
    );
}

#[test]
fn bad_values_are_refused_with_the_reason_and_nothing_is_lost() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step();
    h.typ("Contoso Ltd")
        .enter()
        .typ("4410223177")
        .enter()
        .typ("48a913")
        .enter();
    let screen = h.screen();
    assert!(screen.contains("the PIN has digits only"), "{screen}");
    assert!(!screen.contains("48a913"));
    h.ctrl('n');
    assert_eq!(h.step(), 4, "an invalid PIN keeps the step");
    assert_eq!(
        h.app.wizard().unwrap().focused(),
        Some(portwiz::domain::validate::Field::AccountPin),
        "focus goes to the first problem"
    );
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.typ(PIN)
        .enter()
        .typ("Dana")
        .enter()
        .typ("Whitfield")
        .enter();
    assert_eq!(h.step(), 5);
    h.typ("350 Fifth Avenue")
        .enter()
        .enter()
        .typ("New York")
        .enter()
        .typ("NY")
        .enter()
        .typ("1234")
        .enter();
    let screen = h.screen();
    assert!(screen.contains("\"1234\" is not a ZIP code"), "{screen}");
    assert_eq!(h.step(), 5);
    let w = h.app.wizard().unwrap();
    assert_eq!(
        w.order.fields.street, "350 Fifth Avenue",
        "earlier values stay"
    );
    assert_eq!(
        w.order.fields.postal_code, "1234",
        "the bad value stays to be corrected"
    );
}

/// The proposed port time is selected when the field is reached: typing replaces it (it used to
/// give `09:0010:00`), as does typing into any field that holds a value.
#[test]
fn typing_replaces_a_prefilled_value() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review().edit_step(7);
    h.tab().tab();
    let w = h.app.wizard().unwrap();
    assert_eq!(w.focused(), Some(Field::PortTime));
    assert_eq!(w.order.fields.port_time, "09:00");
    h.typ("10:00");
    assert_eq!(h.app.wizard().unwrap().order.fields.port_time, "10:00");
    h.key(KeyCode::BackTab).typ("2026-12-15");
    assert_eq!(h.app.wizard().unwrap().order.fields.port_date, "2026-12-15");
    h.key(KeyCode::BackTab).key(KeyCode::End).typ(" 2");
    assert_eq!(
        h.app.wizard().unwrap().order.fields.order_name,
        "NYC office move 2",
        "End keeps the value and types after it"
    );
}

#[test]
fn a_holiday_port_date_is_refused_with_its_name() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    h.typ("7");
    assert_eq!(h.step(), 7);
    h.tab();
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2026-11-26").tab();
    let screen = h.screen();
    assert!(
        screen.contains("is a holiday (Thanksgiving Day)"),
        "{screen}"
    );
    h.ctrl('n');
    assert_eq!(h.step(), 7);
}

#[test]
fn the_calendar_picks_only_allowed_days() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    h.typ("7").tab().ctrl('o');
    assert!(h.app.popup::<CalendarPicker>().is_some());
    let screen = h.screen();
    assert!(
        screen.contains("recommended") && screen.contains("Mo   Tu"),
        "{screen}"
    );
    // From the current date, Monday 12-14: three weeks up is 11-23, three days on is Thanksgiving.
    h.key(KeyCode::Up)
        .key(KeyCode::Up)
        .key(KeyCode::Up)
        .key(KeyCode::Right)
        .key(KeyCode::Right)
        .key(KeyCode::Right)
        .enter();
    let screen = h.screen();
    assert!(
        screen.contains("Cannot pick this day") && screen.contains("Thanksgiving"),
        "{screen}"
    );
    h.key(KeyCode::Down).enter();
    assert!(!h.app.has_popup());
    assert_eq!(h.app.wizard().unwrap().order.fields.port_date, "2026-12-03");
}

#[test]
fn a_draft_reopens_at_its_step_on_the_first_field_left_to_do_with_every_value() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step();
    h.typ("Contoso Ltd")
        .enter()
        .typ("4410223177")
        .enter()
        .typ(PIN);
    h.ctrl('c');
    assert!(h.app.has_quit());
    let before = h.app.wizard().unwrap().order.clone();
    assert_eq!(before.wizard.field, 2, "left on the PIN");
    h.restart();
    h.enter();
    let w = h.app.wizard().unwrap();
    assert_eq!((w.step, w.focused()), (4, Some(Field::AuthorizedFirstName)));
    assert_eq!(w.order.fields, before.fields);
    assert!(h.screen().contains("4410223177"));
}

#[test]
fn question_mark_on_a_resumed_pin_opens_help_and_keeps_the_pin() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step()
        .account_step();
    // Back to the PIN, with nothing left to do on the step: the draft reopens there.
    h.ctrl('p').tab().tab();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::AccountPin));
    h.ctrl('c');
    h.restart();
    h.enter();
    let w = h.app.wizard().unwrap();
    assert_eq!((w.step, w.focused()), (4, Some(Field::AccountPin)));
    h.typ("?");
    assert!(
        h.app.popup::<portwiz::ui::popups::help::Help>().is_some(),
        "{}",
        h.screen()
    );
    assert_eq!(
        h.app.wizard().unwrap().order.fields.account_pin.expose(),
        PIN
    );
    // In free text, `?` is a character like any other (F1 opens help there).
    h.key(KeyCode::Esc)
        .key(KeyCode::Tab)
        .key(KeyCode::End)
        .typ("?");
    assert!(!h.app.has_popup());
    assert_eq!(
        h.app.wizard().unwrap().order.fields.authorized_first_name,
        "Dana?"
    );
}

#[test]
fn the_draft_file_holds_every_value_and_its_schema_version() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    let file = h.order_file("PW-261120-001");
    assert_eq!(file["schema_version"], 2);
    assert!(file["revision"].as_u64().unwrap() > 1);
    let f = &file["fields"];
    for (key, value) in [
        ("country", "US"),
        ("btn", "2127365000"),
        ("organization_name", "Contoso Ltd"),
        ("account_number", "4410223177"),
        ("account_pin", PIN),
        ("authorized_first_name", "Dana"),
        ("authorized_last_name", "Whitfield"),
        ("street", "350 Fifth Avenue"),
        ("suite", "Suite 4100"),
        ("city", "New York"),
        ("region", "NY"),
        ("postal_code", "10118"),
        ("loa_signed_on", "2026-11-18"),
        ("order_name", "NYC office move"),
        ("port_date", "2026-12-14"),
        ("port_time", "09:00"),
        ("contact_name", "Dana Whitfield"),
        ("contact_email", "dana@contoso.example"),
        ("contact_phone", "212 736 5099"),
        ("notification_emails", "it@contoso.example"),
    ] {
        assert_eq!(f[key], value, "{key}");
    }
    assert_eq!(f["group"]["numbers"].as_array().unwrap().len(), 3);
    let stored = f["loa"]["stored_name"].as_str().unwrap();
    assert!(h.dir.path().join("documents").join(stored).exists());
    assert_eq!(f["loa"]["original_name"], "loa.pdf");
    assert_eq!(file["wizard"]["step"], 8);
}

#[test]
fn the_pin_appears_on_no_screen() {
    let mut h = Harness::new(120, 40);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step();
    assert_eq!(h.step(), 4, "{}", h.screen());
    h.typ("Contoso Ltd").enter().typ("4410-2231-77").enter();
    assert_eq!(
        h.app.wizard().unwrap().focused(),
        Some(Field::AccountPin),
        "{}",
        h.screen()
    );
    for typed in 1..=PIN.len() {
        h.typ(&PIN[typed - 1..typed]);
        let screen = h.screen();
        assert!(
            screen.contains(&format!("{} ", "•".repeat(typed))),
            "the PIN typed so far shows as {typed} dots: {screen}"
        );
        if typed >= 3 {
            assert!(!screen.contains(&PIN[..typed]), "{screen}");
        }
    }
    h.enter()
        .typ("Dana")
        .enter()
        .typ("Whitfield")
        .enter()
        .address_step()
        .documents_step()
        .details_step();
    assert_eq!(h.step(), 8, "{}", h.screen());
    assert_eq!(
        h.app.wizard().unwrap().order.fields.account_pin.expose(),
        PIN
    );
    let review = h.screen();
    assert!(
        review.contains("Account PIN") && review.contains("••••"),
        "the review lists the PIN, masked: {review}"
    );
    assert!(!review.contains(PIN), "{review}");

    h.edit_step(1);
    let mut pin_focused = false;
    for step in 1..=7u8 {
        assert_eq!(h.step(), step, "{}", h.screen());
        let fields = h.app.wizard().unwrap().focusables();
        for _ in 0..fields.len() {
            let focused = h.app.wizard().unwrap().focused();
            pin_focused |= focused == Some(Field::AccountPin);
            let screen = h.screen();
            assert!(
                !screen.contains(PIN),
                "step {step} on {focused:?}: {screen}"
            );
            h.tab();
        }
        h.ctrl('n');
    }
    assert!(pin_focused, "step 4 was drawn with the PIN field focused");
    assert_eq!(h.step(), 8, "{}", h.screen());
    for (width, height) in [(80, 24), (64, 18)] {
        h.resize(width, height);
        let screen = h.screen();
        assert!(screen.contains("Review"), "{screen}");
        assert!(!screen.contains(PIN), "{screen}");
    }

    h.resize(120, 40);
    h.typ("s").typ("y");
    assert!(h.app.wizard().is_none(), "submitted: {}", h.screen());
    h.enter();
    let details = h.screen();
    assert!(
        details.contains("Account PIN") && details.contains("••••"),
        "the order's details list the PIN, masked: {details}"
    );
    assert!(!details.contains(PIN), "{details}");
}

#[test]
fn a_second_order_for_numbers_in_an_open_order_is_refused_with_its_name() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    h.key(KeyCode::Esc);
    h.start_us_order().paste("2127365001\n2127365009");
    let screen = h.screen();
    assert!(
        screen.contains("already in open order \"NYC office move\" (PW-261120-001)"),
        "{screen}"
    );
    let w = h.app.wizard().unwrap();
    assert_eq!(
        w.order.fields.group.as_ref().unwrap().numbers.len(),
        1,
        "only the free number can be chosen"
    );
}

#[test]
fn other_groups_start_as_new_drafts() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .tab()
        .tab()
        .key(KeyCode::Char(' '))
        .typ("o");
    assert_eq!(h.app.orders().len(), 2, "{}", h.screen());
    assert!(h.app.orders().iter().any(|o| o.id == "PW-261120-002"));
    let other = h.stored("PW-261120-002");
    assert_eq!(other.fields.group.as_ref().unwrap().account, "NW7788120");
    let screen = h.screen();
    assert!(
        screen.contains("already in open order"),
        "the toll-free number is now the new draft's: {screen}"
    );
}

#[test]
fn csv_import_appends_numbers_and_bad_csv_names_the_line() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .typ("2127365000")
        .tab()
        .typ("tests/fixtures/bad_columns.csv")
        .enter();
    let screen = h.screen();
    assert!(
        screen.contains("nothing imported: tests/fixtures/bad_columns.csv line 1 has 2 columns"),
        "{screen}"
    );
    // The sentence ends on screen, wrapped: never cut at 100 columns.
    assert!(screen.contains("one number a row"), "{screen}");
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step, 2, "still on the numbers step");
    assert_eq!(
        w.order.fields.numbers_text, "2127365000",
        "what was typed is kept"
    );
    assert_eq!(w.csv_path(), "tests/fixtures/bad_columns.csv");
    for _ in 0.."tests/fixtures/bad_columns.csv".len() {
        h.key(KeyCode::Backspace);
    }
    h.typ("tests/fixtures/numbers.csv").enter();
    let w = h.app.wizard().unwrap();
    assert_eq!(
        w.numbers.list.unique_count(),
        3,
        "{}",
        w.order.fields.numbers_text
    );
    assert!(h.screen().contains("Imported 2 rows"));
}

/// Ctrl-O on the CSV file lists the CSVs near the path typed; the one picked is imported.
#[test]
fn a_csv_picked_in_the_file_browser_is_imported() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .typ("2127365000")
        .tab()
        .typ("tests/fixtures/")
        .ctrl('o');
    let browser = (h.app.popup::<FileBrowser>()).expect("Ctrl-O on the CSV file opens the browser");
    let names: Vec<&str> = browser.entries.iter().map(|e| e.name.as_str()).collect();
    assert!(
        !names.contains(&"loa.pdf"),
        "only CSVs are offered: {names:?}"
    );
    let at = (names.iter().position(|n| *n == "numbers.csv")).expect("numbers.csv is offered");
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.enter();
    assert!(h.app.popup::<FileBrowser>().is_none(), "{}", h.screen());
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step, 2);
    assert!(w.csv_path().ends_with("numbers.csv"), "{}", w.csv_path());
    assert_eq!(
        w.numbers.list.unique_count(),
        3,
        "{}",
        w.order.fields.numbers_text
    );
    assert!(h.screen().contains("Imported 2 rows"), "{}", h.screen());
}

#[test]
fn an_loa_that_is_not_a_pdf_is_refused_and_the_path_kept() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step()
        .account_step()
        .address_step();
    h.typ("tests/fixtures/numbers.csv").enter();
    let screen = h.screen();
    assert!(screen.contains("not a PDF"), "{screen}");
    assert_eq!(
        h.app.wizard().unwrap().order.fields.loa_path,
        "tests/fixtures/numbers.csv"
    );
    assert!(h.app.wizard().unwrap().order.fields.loa.is_none());
}

#[test]
fn deleting_a_draft_asks_first() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().numbers_step().key(KeyCode::Esc);
    assert_eq!(h.app.orders().len(), 1);
    h.typ("d");
    assert!(h.app.popup::<Confirm>().is_some());
    h.typ("n");
    assert_eq!(h.app.orders().len(), 1, "n keeps it");
    h.typ("d").typ("y");
    assert!(h.app.orders().is_empty());
    assert!(h.screen().contains("No port orders yet"));
}

#[test]
fn an_untouched_new_order_leaves_nothing_behind() {
    let mut h = Harness::new(100, 30);
    h.typ("n").key(KeyCode::Esc);
    assert!(h.app.orders().is_empty());
    assert!(h.screen().contains("Nothing was entered"));
}

#[test]
fn help_comes_from_the_keymap() {
    let mut h = Harness::new(100, 30);
    h.start_us_order();
    h.key(KeyCode::F(1));
    let screen = h.screen();
    assert!(
        screen.contains("next field") && screen.contains("save & close"),
        "{screen}"
    );
    // The numbers field's editing keys follow, from the text field's keymap; the keys that work
    // everywhere come last, below them.
    h.key(KeyCode::PageDown).key(KeyCode::PageDown);
    let end = h.screen();
    assert!(
        end.contains("Ctrl-U           delete to the start of the line")
            && end.contains("Enter            start a new line")
            && end.contains("Ctrl-C")
            && end.contains("Esc closes this help"),
        "{end}"
    );
    h.key(KeyCode::Esc);
    assert!(!h.app.has_popup());
}

struct DiskFull;
impl portwiz::store::WriteFaults for DiskFull {
    fn before(&self, step: portwiz::store::WriteStep, _: &std::path::Path) -> std::io::Result<()> {
        match step {
            portwiz::store::WriteStep::Write => Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            )),
            _ => Ok(()),
        }
    }
}

#[test]
fn a_failed_save_is_shown_keeps_the_edit_and_ctrl_c_asks_twice() {
    let mut h = Harness::new(100, 30);
    let store =
        portwiz::store::DirStore::open_with_faults(h.dir.path(), Box::new(DiskFull)).unwrap();
    h.app = portwiz::app::App::new(
        Box::new(store),
        Box::new(portwiz::carrier::SimulatedNetwork::sample()),
        portwiz::clock::Clock::parse(common::NOW).unwrap(),
        portwiz::ui::theme::Theme::monochrome(),
    );
    h.start_us_order().typ("2127365000");
    let screen = h.screen();
    assert!(
        screen.contains("could not save order PW-261120-001: disk full"),
        "{screen}"
    );
    assert_eq!(
        h.app.wizard().unwrap().order.fields.numbers_text,
        "2127365000",
        "the edit stays in memory"
    );
    h.ctrl('c');
    assert!(
        !h.app.has_quit(),
        "the first Ctrl-C does not throw the edit away"
    );
    let screen = h.screen();
    assert!(
        screen.contains("Press Ctrl-C again to quit without saving"),
        "{screen}"
    );
    h.ctrl('c');
    assert!(h.app.has_quit());
    assert!(
        std::fs::read_dir(h.dir.path().join("orders"))
            .unwrap()
            .next()
            .is_none(),
        "no file, no temporary"
    );
}

#[test]
fn a_draft_changed_elsewhere_can_be_closed_without_saving_on_a_second_esc() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().typ("2127365000");
    let id = h.app.wizard().unwrap().order.id.clone();
    assert!(h.app.wizard().unwrap().order.revision > 0, "saved");
    // Another session saves the draft meanwhile.
    let store = portwiz::store::DirStore::open(h.dir.path()).unwrap();
    let mut theirs = portwiz::store::Store::order(&store, &id).unwrap();
    theirs.fields.order_name = "Theirs".into();
    portwiz::store::save_order(&store, &mut theirs).unwrap();
    h.typ("1");
    assert!(
        h.screen().contains("changed in another session"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    assert!(
        h.app.wizard().is_some(),
        "the first Esc stays: {}",
        h.screen()
    );
    assert!(
        h.screen()
            .contains("Esc again closes it without saving these changes"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    assert!(
        h.app.wizard().is_none(),
        "the second Esc closes: {}",
        h.screen()
    );
    assert!(
        h.screen().contains("closed without saving"),
        "{}",
        h.screen()
    );
    assert_eq!(
        portwiz::store::Store::order(&store, &id)
            .unwrap()
            .fields
            .order_name,
        "Theirs",
        "the other session's version stands"
    );
}

/// Scrolled, step 2's results start with an item, never with the end of a wrapped one (at 80
/// columns the first line read "numbers", the end of "… the organization's Calling Plan numbers").
#[test]
fn the_numbers_results_scroll_by_whole_items() {
    let mut h = Harness::new(80, 24);
    h.start_us_order().paste(
        "4155238801, 4155238802, 2025443300, 2025443301, 6462901100, 6462901101, 6462901102, \
         7733382200, 7733382201, 7733382202, 2125550100 2065550123",
    );
    assert!(
        h.screen()
            .contains("already one of the organization's Calling Plan")
    );
    // The count says how many can be ported (it said "10 valid", two of them the organization's
    // Calling Plan numbers).
    assert!(
        h.screen()
            .contains("11 entered · 8 can be ported · 2 cannot (why below) · 1 invalid"),
        "{}",
        h.screen()
    );
    // Where the end of the list falls depends on the height: every height from 20 to 30 rows.
    for height in 20..=30 {
        h.resize(80, height);
        let top = |h: &mut Harness| {
            let screen = h.screen();
            let lines: Vec<&str> = screen.lines().collect();
            let summary = (lines.iter().position(|l| l.contains(" entered · "))).expect(&screen);
            (lines[summary + 1].trim().to_string(), screen)
        };
        h.key(KeyCode::PageUp)
            .key(KeyCode::PageUp)
            .key(KeyCode::PageUp);
        let (unscrolled, before) = top(&mut h);
        if !before.contains("more lines (PgDn to scroll)") {
            continue;
        }
        h.key(KeyCode::PageDown);
        let (scrolled, screen) = top(&mut h);
        assert_ne!(unscrolled, scrolled, "the results scrolled: {screen}");
        assert!(
            !scrolled.starts_with(char::is_lowercase),
            "the results start inside an item at 80x{height}: {screen}"
        );
    }
}

/// A Partial port that takes the BTN goes to support before the carrier: the review warns of it,
/// and the submit question says it in words (it went to support with no warning beforehand).
#[test]
fn a_partial_port_that_takes_the_btn_is_warned_of_before_it_goes_to_support() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().numbers_step().paste("\n2127365000");
    h.choose_first_group().typ("2127365000").enter();
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::PortType));
    let warning = "Support reviews this order before it goes to the carrier: a Partial port that takes the BTN along";
    h.key(KeyCode::Down);
    let words = (h.screen().split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains(warning), "said on step 3: {words}");
    // Partial, then past the replacement BTN a Partial with the BTN asks for (optional).
    h.enter().enter();
    assert_eq!(h.step(), 4, "{}", h.screen());
    h.account_step()
        .address_step()
        .documents_step()
        .details_step();
    let w = h.app.wizard().unwrap();
    assert_eq!(
        portwiz::domain::validate::effective_port_type(&w.order.fields),
        Some(portwiz::domain::order::PortType::Partial)
    );
    assert_eq!(w.order.numbers().len(), 4, "{}", h.screen());
    h.next_to_review();
    let screen = h.screen();
    let words = (screen.split_whitespace()).collect::<Vec<_>>().join(" ");
    assert!(words.contains(&format!("! {warning}")), "{screen}");
    h.typ("s");
    let Some(confirm) = h.app.popup::<Confirm>() else {
        panic!("asks first: {}", h.screen())
    };
    assert!(confirm.body.contains(warning), "{}", confirm.body);
    // Never submitted, it is not "resubmitted" by support (the page said so).
    h.typ("y");
    let screen = h.screen();
    let words = (screen.split_whitespace()).collect::<Vec<_>>().join(" ");
    assert!(words.contains("Support engaged"), "{screen}");
    assert!(
        words.contains("support sends it to the carrier by")
            && words.contains("Next support sends it to the carrier at")
            && !words.contains("resubmit"),
        "{screen}"
    );
}

/// The dates in the message under the port date (between its line and the port time's), the
/// date typed left out.
fn dates_under_port_date(screen: &str) -> Vec<jiff::civil::Date> {
    let lines = screen.lines();
    let mut under = lines.skip_while(|l| !l.contains("Port date"));
    let typed = under.next().and_then(|l| l.split_whitespace().last());
    let typed: Option<jiff::civil::Date> = typed.and_then(|d| d.parse().ok());
    let message = under.take_while(|l| !l.contains("Port time"));
    let words = message.flat_map(str::split_whitespace);
    let dates = words.map(|w| w.trim_matches(|c: char| !c.is_ascii_digit()));
    (dates.filter_map(|w| w.parse().ok()))
        .filter(|d| Some(*d) != typed)
        .collect()
}

/// Types `date` into the focused port date, and leaves it for the field after and back.
fn retype_port_date(h: &mut Harness, date: &str) {
    assert_eq!(h.app.wizard().unwrap().focused(), Some(Field::PortDate));
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ(date).tab().key(KeyCode::BackTab);
}

/// The port date's hint and its error for a date too early (or past) name the same earliest
/// and recommended dates. Before, the hint named only the recommended one (2026-12-14) and the
/// error only the earliest allowed (2026-11-30), as if they were two earliest dates.
#[test]
fn the_port_dates_hint_and_its_error_for_a_date_too_early_name_the_same_dates() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    h.typ("7").tab();
    // A recommended day but the first, so that the hint's dates are not the one typed.
    retype_port_date(&mut h, "2026-12-15");
    let screen = h.screen();
    assert!(screen.contains("YYYY-MM-DD, a business day"), "{screen}");
    let hinted = dates_under_port_date(&screen);
    let [earliest, recommended] = ["2026-11-30", "2026-12-14"].map(|d| d.parse().unwrap());
    assert_eq!(hinted, [earliest, recommended], "{screen}");
    for too_early in ["2026-11-27", "2026-11-19"] {
        retype_port_date(&mut h, too_early);
        let screen = h.screen();
        assert!(screen.contains("✗ Error"), "{screen}");
        assert_eq!(dates_under_port_date(&screen), hinted, "{screen}");
    }
}

/// A list of thousands of lines: the line-number column fits the largest number (it showed
/// `1999…` for 19,999), and the step lists an order's worth of invalid entries, then says how
/// many more there are (it laid out every one on every frame, seconds a key).
#[test]
fn a_long_list_numbers_every_line_whole_and_lists_an_orders_worth() {
    let mut h = Harness::new(100, 30);
    let bad: Vec<String> = (0..1_200)
        .map(|i| format!("212 555 {:04}", 100 + i % 100))
        .collect();
    let mut lines: Vec<String> = (0..18_799)
        .map(|i| format!("+1212736{:04}", i % 10_000))
        .collect();
    lines.extend(bad);
    h.start_us_order().paste(&lines.join("\n"));
    let w = h.app.wizard().unwrap();
    assert_eq!(w.numbers.list.error_count(), 1_200);
    let screen = h.screen();
    let numbered: Vec<&str> = (screen.lines())
        .filter(|l| l.trim_start().starts_with("199"))
        .collect();
    assert!(
        numbered.iter().any(|l| l.trim() == "19999  212 555 0199"),
        "{screen}"
    );
    let mut said = Vec::new();
    // A 60-line terminal shows more than 25 lines of results: every line is seen, 5 keys apart.
    h.resize(100, 60);
    for _ in 0..200 {
        (0..5).for_each(|_| _ = h.key(KeyCode::PageDown));
        let screen = h.screen();
        said.extend(
            (screen.lines().map(str::trim))
                .filter(|l| l.contains("not listed"))
                .map(String::from),
        );
    }
    said.dedup();
    assert_eq!(
        said,
        [
            "… and 201 more, not listed here (an order holds at most 999 numbers)",
            "… and 8991 more, not listed here (an order holds at most 999 numbers)"
        ]
    );
}

/// The import judges each row as `check-numbers` does: a quoted cell holding commas is one entry,
/// left out with its line and why (before, it went in as a line the field split into three
/// numbers); an empty file or one without rows imports nothing and says so (before: 'Imported 0
/// rows' and a blank line); one row is '1 row'.
#[test]
fn csv_rows_are_entries_as_check_numbers_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(
        &quoted,
        "PhoneNumber\n\"212,736,5008\"\n\"+1 (212) 736-5009\"\n",
    )
    .unwrap();
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .tab()
        .typ(quoted.to_str().unwrap())
        .enter();
    h.app.settle();
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.numbers_text, "+1 (212) 736-5009");
    assert_eq!(w.numbers.list.entries.len(), 1, "one entry, never split");
    let screen = h.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        screen.contains(&format!(
            "✓ Imported 1 row from {}; it is checked below. Left out (fix the file and import it again): line 2 \"212,736,5008\" contains ','",
            quoted.display()
        )),
        "{screen}"
    );
    for (name, bytes) in [("empty.csv", ""), ("header.csv", "PhoneNumber\n")] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let mut h = Harness::new(100, 30);
        h.start_us_order()
            .typ("2127365000")
            .tab()
            .typ(file.to_str().unwrap())
            .enter();
        let w = h.app.wizard().unwrap();
        assert_eq!(w.order.fields.numbers_text, "2127365000", "nothing added");
        let screen = h.screen().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            screen.contains(&format!(
                "✗ Error: nothing imported: {} holds no phone number; under the header PhoneNumber, give one number a row",
                file.display()
            )),
            "{screen}"
        );
    }
}

/// A CSV that would take the numbers past what the field holds (1,000,000 characters) is refused
/// whole, saying how many rows it has and how many fit; what was typed stays (before, 200,000
/// rows went in, 2.8 MB, and every key took seconds).
#[test]
fn a_csv_too_big_for_the_numbers_field_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.csv");
    let rows: Vec<String> = (0..200_000)
        .map(|i| format!("+1646{:07}", 2_000_000 + i))
        .collect();
    std::fs::write(&huge, format!("PhoneNumber\n{}\n", rows.join("\n"))).unwrap();
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .typ("2127365000")
        .tab()
        .typ(huge.to_str().unwrap())
        .enter();
    let w = h.app.wizard().unwrap();
    assert_eq!(
        w.order.fields.numbers_text, "2127365000",
        "what was typed stays"
    );
    assert!(!w.checking(), "no check asked for");
    let screen = h.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        screen.contains(&format!(
            "✗ Error: nothing imported: {} has 200000 rows, and the numbers field has room for 76922 more (1000000 characters at most). An order holds at most 999 numbers: split the file",
            huge.display()
        )),
        "{screen}"
    );
    assert!(screen.contains("portwiz check-numbers"), "{screen}");
}

/// A new order left before a value is entered leaves no draft, whatever keys moved about its empty
/// form: a field left with Tab (which says the country is missing), a Next refused, Shift-Tab back.
/// Before, each of these saved the draft's position, so the list kept "(unnamed draft)"s.
#[test]
fn moving_about_an_empty_new_order_leaves_no_draft_behind() {
    let mut h = Harness::new(100, 30);
    for keys in 0..3 {
        h.typ("n");
        assert!(h.app.wizard().is_some(), "{}", h.screen());
        h.tab();
        if keys > 0 {
            h.ctrl('n');
            assert_eq!(h.step(), 1, "Next is refused on an empty step 1");
        }
        if keys > 1 {
            h.key(KeyCode::BackTab).tab().tab();
        }
        assert!(
            h.screen().contains("choose United States or Canada"),
            "{}",
            h.screen()
        );
        h.key(KeyCode::Esc);
        assert!(h.app.wizard().is_none(), "{}", h.screen());
        let notice = h.app.notice().unwrap().text.clone();
        assert_eq!(notice, portwiz::strings::NOTHING_ENTERED);
    }
    assert!(h.app.orders().is_empty(), "{:?}", h.app.orders());
    let left: Vec<_> = std::fs::read_dir(h.dir.path().join("orders"))
        .into_iter()
        .flatten()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A folder of 3,000 CSVs at 80x24: the browser says how many entries are out of view, and
/// PgDn/PgUp, End/G and Home/g reach them with the selected one always shown (before, PgDn and
/// End did nothing and nothing said there were more: a file past the box was simply hidden).
#[test]
fn the_file_browser_pages_and_says_what_is_out_of_view() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3_000 {
        std::fs::write(dir.path().join(format!("n{i:04}.csv")), "PhoneNumber\n").unwrap();
    }
    let mut h = Harness::new(80, 24);
    h.start_us_order()
        .tab()
        .typ(&format!("{}/", dir.path().display()))
        .ctrl('o');
    let selected = |h: &Harness| h.app.popup::<FileBrowser>().unwrap().selected;
    let screen = h.screen();
    let shown = (screen.lines()).filter(|l| l.contains(".csv")).count();
    assert!(shown > 5, "{screen}");
    assert!(
        screen.contains(&format!("↓ {} more below (↓/PgDn, End/G)", 3_000 - shown)),
        "{screen}"
    );
    h.key(KeyCode::PageDown);
    assert_eq!(selected(&h), 10);
    assert!(h.screen().contains("n0010.csv"));
    h.key(KeyCode::End);
    assert_eq!(selected(&h), 2_999);
    let screen = h.screen();
    assert!(screen.contains("n2999.csv"), "{screen}");
    assert!(
        screen.contains(&format!("↑ {} more above", 3_000 - shown)),
        "{screen}"
    );
    h.key(KeyCode::PageUp);
    assert_eq!(selected(&h), 2_989);
    let screen = h.screen();
    assert!(
        screen.contains("n2989.csv") && screen.contains(" below (PgUp/PgDn"),
        "{screen}"
    );
    h.typ("g");
    assert_eq!(selected(&h), 0);
    h.typ("G");
    assert_eq!(selected(&h), 2_999);
}

//! Render tests on TestBackend: snapshots of every screen at fixed sizes, the hardware cursor on the
//! focused field, and a sweep of sizes that must never panic.

mod common;

use common::Harness;
use portwiz::app::Msg;
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot_all_sizes(h: &mut Harness, name: &str) {
    for (w, height) in SIZES {
        h.resize(w, height);
        insta::assert_snapshot!(format!("{name}_{w}x{height}"), h.screen());
    }
}

#[test]
fn every_wizard_step_filled_in() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    for step in 1..=7u8 {
        h.edit_step(step);
        snapshot_all_sizes(&mut h, &format!("step{step}"));
        h.next_to_review();
    }
    snapshot_all_sizes(&mut h, "step8_review");
}

/// At 100x30 and 80x24 the header has one shape on every step (only the step's number differs),
/// and the step's name reads whole under the stepper.
#[test]
fn every_step_names_itself_whole_under_a_header_of_one_shape() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    for (width, height) in [(100, 30), (80, 24)] {
        h.resize(width, height);
        let mut headers = Vec::new();
        for step in (1..=7u8).chain([8]) {
            if step < 8 {
                h.edit_step(step);
            } else {
                h.next_to_review();
            }
            let screen = h.screen();
            let rows: Vec<&str> = screen.lines().collect();
            let name = portwiz::ui::screens::wizard::steps::step(step).name;
            assert_eq!(rows[3].trim_end(), format!(" {name}"), "{screen}");
            assert!(!rows[0].contains('…'), "{screen}");
            headers.push(rows[0].replace(&format!("Step {step} of 8"), "Step N of 8"));
            // (At 80x24, every_wizard_step_filled_in's step3_80x24 shows the same screen.)
            if step == 3 && width == 100 {
                insta::assert_snapshot!("step3_100x30", screen);
            }
            if step < 8 {
                h.next_to_review();
            }
        }
        assert!(
            headers.iter().all(|header| *header == headers[0]),
            "{width}x{height}: {headers:#?}"
        );
        assert!(
            headers[0].starts_with(" portwiz · Step N of 8 ")
                && headers[0].contains("PW-261120-001 · ")
                && headers[0].contains("Fri 2026-11-20 10:00 ET"),
            "{}",
            headers[0]
        );
    }
}

#[test]
fn empty_first_step_and_numbers_step_with_problems() {
    let mut h = Harness::new(100, 30);
    h.typ("n");
    snapshot_all_sizes(&mut h, "step1_new");
    h.enter().numbers_step();
    snapshot_all_sizes(&mut h, "step2_pasted");
    h.ctrl('n');
    snapshot_all_sizes(&mut h, "step2_no_group_chosen");
}

#[test]
fn errors_show_once_next_is_pressed() {
    let mut h = Harness::new(100, 30);
    h.start_us_order()
        .numbers_step()
        .choose_first_group()
        .btn_step();
    h.ctrl('n');
    snapshot_all_sizes(&mut h, "step4_errors");
}

#[test]
fn review_with_problems_lists_each_with_its_step() {
    let mut h = Harness::new(100, 30);
    h.start_us_order().numbers_step().choose_first_group();
    h.ctrl('n');
    assert_eq!(
        h.step(),
        3,
        "step 3 holds the wizard back while the BTN is missing"
    );
    h.btn_step();
    h.typ("Contoso Ltd")
        .enter()
        .typ("4410223177")
        .enter()
        .enter()
        .typ("Dana")
        .enter()
        .typ("Whitfield")
        .enter();
    h.new_york_address("");
    h.loa_signed_on("2026-09-01");
    h.typ("Stale LOA")
        .enter()
        .typ("2026-11-30")
        .enter()
        .enter()
        .typ("Dana")
        .enter()
        .typ("dana@contoso.example")
        .enter()
        .typ("2127365099")
        .enter()
        .enter();
    assert_eq!(h.step(), 8);
    snapshot_all_sizes(&mut h, "step8_problems");
    // Scrolled away from the problems, `s` says which one stops it and shows it selected (the
    // message named no problem, and the list could be out of view).
    h.key(KeyCode::Down)
        .key(KeyCode::PageDown)
        .key(KeyCode::PageDown);
    assert!(h.app.wizard().unwrap().scroll > 0);
    h.typ("s");
    let w = h.app.wizard().unwrap();
    assert_eq!((w.scroll, w.review_selected), (0, 0));
    let screen = h.screen();
    let words = (screen.split_whitespace()).collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("✗ Not submitted: first fix Step 6 Documents · LOA signed on (selected above; Enter goes to it)."),
        "{screen}"
    );
}

#[test]
fn popups() {
    let mut h = Harness::new(100, 30);
    h.fill_to_review();
    h.typ("7").tab().ctrl('o');
    snapshot_all_sizes(&mut h, "calendar");
    h.key(KeyCode::Esc).typ("").ctrl('p').ctrl('o');
    snapshot_all_sizes(&mut h, "file_browser");
    h.key(KeyCode::Esc).key(KeyCode::F(1));
    snapshot_all_sizes(&mut h, "help_wizard");
    h.key(KeyCode::Esc).next_to_review().typ("s");
    // This carrier's own response time, counted in business days from the clock's Friday.
    let screen = h.screen();
    let inside: Vec<&str> = (screen.lines())
        .filter_map(|line| line.split('║').nth(1))
        .collect();
    let confirm = inside
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        confirm.contains("Northwind Telecom answers in about 3 business days: expect its answer on Wed 2026-11-25"),
        "{confirm}"
    );
    assert!(!confirm.contains("Canada"), "{confirm}");
    snapshot_all_sizes(&mut h, "confirm_submit");
}

#[test]
fn history_screens() {
    let mut h = Harness::new(100, 30);
    snapshot_all_sizes(&mut h, "history_empty");
    h.fill_to_review().typ("s").typ("y").key(KeyCode::Esc);
    h.start_us_order().paste("888 736 2001").key(KeyCode::Esc);
    snapshot_all_sizes(&mut h, "history_two_orders");
    h.typ("?");
    snapshot_all_sizes(&mut h, "help_history");
}

#[test]
fn too_small_says_the_size_needed() {
    let mut h = Harness::new(50, 12);
    insta::assert_snapshot!("too_small_50x12", h.screen());
}

#[test]
fn the_hardware_cursor_sits_on_the_focused_field() {
    let mut h = Harness::new(80, 24);
    h.start_us_order().numbers_step().choose_first_group();
    h.typ("21273");
    h.screen();
    // Body starts at column 1; the input column is 28 wide: 1 + 28 + 5 typed characters.
    h.terminal.backend_mut().assert_cursor_position((34, 4));
}

#[test]
fn no_size_panics() {
    let mut h = Harness::new(10, 10);
    let states: [fn(&mut Harness); 5] = [
        |_| {},
        |h| {
            h.start_us_order().numbers_step();
        },
        |h| {
            h.choose_first_group().btn_step().account_step();
        },
        |h| {
            h.address_step().documents_step().details_step();
        },
        |h| {
            h.typ("7").tab().ctrl('o');
        },
    ];
    for apply in states {
        apply(&mut h);
        for w in 0..=120u16 {
            for height in 0..=50u16 {
                h.resize(w, height);
                h.screen();
            }
        }
    }
    h.app.update(Msg::Autosave);
}

//! The organization's numbers as an administrator uses them: a completed port fills the inventory;
//! assign, fail to release, unassign, release with the typed code; the porting PIN set, changed, not
//! cleared; port-out refused with a wrong PIN and done with the right one. The PIN is never stored.

mod common;

use portwiz::store::Store;

use common::Harness;
use portwiz::domain::inventory::{Connection, Usage};
use portwiz::domain::phone::PhoneNumber;
use portwiz::domain::validate::Field;
use portwiz::ui::popups::prompt::Prompt;
use portwiz::ui::popups::prompt::Purpose;
use portwiz::ui::screens::inventory::InventoryState;
use ratatui::crossterm::event::KeyCode;

fn n(s: &str) -> PhoneNumber {
    PhoneNumber::parse(s).unwrap()
}

fn snapshot(h: &mut Harness, name: &str) {
    snapshot_masking(h, name, None);
}

/// Snapshots with a random value (a confirmation code) replaced, so the snapshot is stable.
fn snapshot_masking(h: &mut Harness, name: &str, random: Option<&str>) {
    for (w, height) in [(80, 24), (120, 40)] {
        h.resize(w, height);
        let screen = h.screen();
        let screen = random
            .map(|r| screen.replace(r, "[CODE]"))
            .unwrap_or(screen);
        insta::assert_snapshot!(format!("{name}_{w}x{height}"), screen);
    }
    h.resize(100, 30);
}

/// Moves the selection in the numbers list onto `number`.
fn select(h: &mut Harness, number: &str) {
    h.typ("/").typ(number).enter();
    let screen = h.screen();
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().selected_number(),
        Some(&n(number)),
        "{screen}"
    );
}

fn prompt_error(h: &Harness) -> String {
    match h.app.popup::<Prompt>() {
        Some(p) => p.error.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

#[test]
fn a_completed_port_fills_the_inventory_and_a_number_is_assigned_unassigned_and_released() {
    let mut h = Harness::simulated(100, 30);
    h.submit_chicago_order("7351");
    h.advance("4bd").advance("30d");
    h.key(KeyCode::Esc).typ("p");
    assert!(h.app.screen::<InventoryState>().is_some());
    let ported = h
        .app
        .workspace()
        .inventory
        .find(&n("3126214401"))
        .expect("the ported number joined");
    assert_eq!(ported.connection, Connection::CallingPlan);
    assert!(ported.assignment.is_none());
    assert_eq!(ported.order_id.as_deref(), Some("PW-261120-001"));
    snapshot(&mut h, "inventory");

    select(&mut h, "3126214401");
    h.typ("a").typ("Riley Brooks").enter();
    assert_eq!(
        h.app
            .workspace()
            .inventory
            .find(&n("3126214401"))
            .unwrap()
            .assignment
            .as_ref()
            .unwrap()
            .name,
        "Riley Brooks"
    );
    h.typ("r");
    assert!(!h.app.has_popup());
    assert!(
        h.screen().contains(
            "Cannot release: (312) 621-4401 is assigned to Riley Brooks; unassign it first"
        )
    );

    h.typ("u").typ("r");
    let Some(prompt) = h.app.popup::<Prompt>() else {
        panic!("release asks for the code")
    };
    let Purpose::Release { code, .. } = prompt.purpose.clone() else {
        panic!("a release prompt")
    };
    assert!(h.screen().contains(&code), "the code is shown");
    snapshot_masking(&mut h, "release_prompt", Some(&code));
    h.typ("WRONG1").enter();
    assert!(prompt_error(&h).contains(&format!("type {code} exactly")));
    assert!(
        h.app.workspace().inventory.find(&n("3126214401")).is_some(),
        "nothing released"
    );
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.typ(&code).enter();
    assert!(!h.app.has_popup());
    assert!(h.app.workspace().inventory.find(&n("3126214401")).is_none());
    h.typ("h");
    assert!(h.screen().contains("Released back to the provider"));
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.dir.path().join("inventory.json")).unwrap())
            .unwrap();
    let numbers = saved["numbers"].as_array().expect("the saved numbers");
    assert!(
        numbers.iter().any(|e| e["number"] == "+13126214402"),
        "the other ported number stays: {numbers:?}"
    );
    assert!(
        !numbers.iter().any(|e| e["number"] == "+13126214401"),
        "gone from the saved numbers: {numbers:?}"
    );
    let history = saved["history"].as_array().expect("the saved history");
    assert!(
        history.iter().any(|e| e["number"] == "+13126214401"
            && e["detail"]
                .as_str()
                .is_some_and(|d| d.starts_with("Released back to the provider"))),
        "its history says when: {history:?}"
    );
}

#[test]
fn the_organizations_own_direct_routing_numbers_move_to_calling_plan_and_keep_their_assignment() {
    let mut h = Harness::simulated(100, 30);
    h.typ("n")
        .enter()
        .paste("6462901100\n6462901102\n2025443300");
    let screen = h.screen();
    assert!(
        screen.contains("Your Direct Routing numbers · account own · geographic · 2 numbers"),
        "{screen}"
    );
    assert!(
        screen.contains("(202) 544-3300 — already one of the organization's Calling Plan numbers"),
        "{screen}"
    );
    h.tab().tab().enter();
    submit_own_numbers(&mut h, "6462901101");
    h.advance("1bd");
    assert!(h.screen().contains("FOC confirmed"), "{}", h.screen());
    h.advance("30d");
    let moved = h.app.workspace().inventory.find(&n("6462901100")).unwrap();
    assert_eq!(moved.connection, Connection::CallingPlan);
    assert_eq!(
        moved.assignment.as_ref().unwrap().name,
        "Avery Chen",
        "the assignment is kept"
    );
    let unassigned = h.app.workspace().inventory.find(&n("6462901102")).unwrap();
    assert_eq!(
        (unassigned.connection, unassigned.assignment.is_none()),
        (Connection::CallingPlan, true)
    );
}

/// From the BTN step, fills an order of the organization's own numbers and submits it.
fn submit_own_numbers(h: &mut Harness, btn: &str) {
    h.typ(btn).enter().enter();
    h.typ("Contoso Ltd")
        .enter()
        .typ("DR100")
        .enter()
        .enter()
        .typ("Avery")
        .enter()
        .typ("Chen")
        .enter();
    h.new_york_address("");
    h.loa_signed_on("2026-11-19");
    h.typ("To Calling Plan")
        .enter()
        .typ("2026-12-14")
        .enter()
        .enter();
    h.typ("Avery Chen")
        .enter()
        .typ("avery@contoso.example")
        .enter()
        .typ("2127365099")
        .enter()
        .enter();
    h.typ("s").typ("y");
}

#[test]
fn an_assigned_number_moved_from_direct_routing_keeps_its_usage_and_an_unassigned_one_takes_the_orders()
 {
    let mut h = Harness::simulated(100, 30);
    h.typ("n").enter().paste("6462901101\n6462901102");
    // The group is chosen with Space, and Tab goes on to its numbers' usages.
    h.tab().tab().typ(" ").tab();
    let w = h.app.wizard().unwrap();
    assert_eq!(w.focused(), Some(Field::Usage));
    let (attendant, unassigned) = (n("6462901101"), n("6462901102"));
    assert_eq!(w.order.fields.usage_of(&attendant), Usage::VoiceApp);
    assert_eq!(w.order.fields.usage_of(&unassigned), Usage::User);
    assert!(
        h.screen()
            .contains("(646) 290-1101   voice app (assigned: kept when it moves)"),
        "{}",
        h.screen()
    );
    h.typ("c");
    let w = h.app.wizard().unwrap();
    assert_eq!(w.order.fields.usage_of(&attendant), Usage::VoiceApp);
    assert!(
        h.screen().contains(
            "(646) 290-1101 is assigned, and keeps its assignment and its usage (voice app)"
        ),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Down).typ("c");
    assert_eq!(
        h.app.wizard().unwrap().order.fields.usage_of(&unassigned),
        Usage::Conference
    );
    h.ctrl('n');
    submit_own_numbers(&mut h, "6462901100");
    h.advance("1bd");
    assert!(h.screen().contains("FOC confirmed"), "{}", h.screen());
    h.advance("30d");
    let inventory = &h.app.workspace().inventory;
    let moved = inventory.find(&attendant).unwrap();
    assert_eq!(
        (moved.connection, moved.usage()),
        (Connection::CallingPlan, Some(Usage::VoiceApp))
    );
    assert_eq!(
        moved.assignment.as_ref().unwrap().name,
        "Main line auto attendant"
    );
    let taken = inventory.find(&unassigned).unwrap();
    assert_eq!(
        (taken.connection, taken.assignment.is_none(), taken.usage()),
        (Connection::CallingPlan, true, Some(Usage::Conference)),
        "the usage its order gave it"
    );
}

#[test]
fn the_porting_pin_is_set_changed_never_cleared_and_never_stored() {
    let mut h = Harness::simulated(100, 30);
    h.typ("p");
    assert!(
        h.screen()
            .contains("Porting PIN: not set, so no number can port out (p to set it)")
    );
    h.typ("p");
    snapshot(&mut h, "pin_prompt");
    h.typ("12345a").tab().typ("12345a").enter();
    assert!(prompt_error(&h).contains("digits only"));
    assert!(!h.screen().contains("12345a"), "typed PINs are dots");
    h.key(KeyCode::BackTab);
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.typ("24681357").tab();
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.typ("24681357").enter();
    assert!(!h.app.has_popup());
    let screen = h.screen();
    assert!(screen.contains("Porting PIN saved. Note: the PIN has 8 digits; some porting instructions ask for exactly 10"), "{screen}");
    assert!(screen.contains("Porting PIN: set"));

    h.typ("p").typ("1357924680").tab().typ("1357924680").enter();
    assert!(h.screen().contains("Porting PIN saved."));
    h.typ("p").enter();
    assert!(prompt_error(&h).contains("cannot be cleared"));
    h.key(KeyCode::Esc);

    // Port-out as another carrier: a wrong PIN changes nothing; the right one takes the number.
    h.typ("o").typ("2025443300").tab().typ("24681357").enter();
    assert!(prompt_error(&h).contains("does not match; nothing was ported"));
    assert!(h.app.workspace().inventory.find(&n("2025443300")).is_some());
    h.key(KeyCode::Esc)
        .typ("o")
        .typ("2025443300")
        .tab()
        .typ("1357924680")
        .enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    assert!(h.app.workspace().inventory.find(&n("2025443300")).is_none());
    assert!(
        h.app
            .workspace()
            .inventory
            .history
            .last()
            .unwrap()
            .detail
            .starts_with("Ported out")
    );

    for entry in walk(h.dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for pin in ["24681357", "1357924680"] {
            assert!(!text.contains(pin), "{} holds a PIN", entry.display());
        }
    }
    let record = portwiz::store::DirStore::open(h.dir.path())
        .unwrap()
        .pin()
        .unwrap()
        .unwrap();
    assert!(record.hash.starts_with("$argon2id$"));
    assert_eq!(
        portwiz::secrets::verify_pin("1357924680", &record.hash),
        Ok(true)
    );
    assert_eq!(
        portwiz::secrets::verify_pin("24681357", &record.hash),
        Ok(false),
        "the old PIN no longer works"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path))
        } else {
            files.push(path)
        }
    }
    files
}

#[test]
fn port_out_refuses_other_numbers_and_without_a_pin() {
    let mut h = Harness::simulated(100, 30);
    h.typ("p")
        .typ("o")
        .typ("2025443300")
        .tab()
        .typ("1234567890")
        .enter();
    assert!(prompt_error(&h).contains("no porting PIN is set"));
    h.key(KeyCode::Esc)
        .typ("p")
        .typ("1234567890")
        .tab()
        .typ("1234567890")
        .enter();
    h.typ("o").typ("6462901100").tab().typ("1234567890").enter();
    assert!(prompt_error(&h).contains("Direct Routing number: port it out through that carrier"));
    // Said under the numbers it is about, not under the PIN (below the last field) as it was.
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let row = |text: &str| lines.iter().rposition(|l| l.contains(text)).unwrap();
    assert!(
        row("✗ Error: (646) 290-1100") < row("Porting PIN"),
        "{screen}"
    );
    h.key(KeyCode::Esc)
        .typ("o")
        .typ("2025443300")
        .tab()
        .typ("1111111111")
        .enter();
    assert!(prompt_error(&h).contains("does not match"));
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let row = |text: &str| lines.iter().rposition(|l| l.contains(text)).unwrap();
    assert!(
        row("✗ Error: the porting PIN") > row("Porting PIN"),
        "{screen}"
    );
    h.key(KeyCode::Esc)
        .typ("o")
        .typ("2125550200")
        .tab()
        .typ("1234567890")
        .enter();
    assert!(prompt_error(&h).contains("not one of the organization's numbers"));
    assert_eq!(
        h.app.workspace().inventory.numbers.len(),
        9,
        "nothing changed"
    );
}

#[test]
fn the_inventory_searches_filters_and_shows_history() {
    let mut h = Harness::simulated(120, 30);
    h.typ("p");
    assert_eq!(h.app.screen::<InventoryState>().unwrap().list.view.len(), 9);
    h.typ("f");
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().list.filter,
        Some(Connection::CallingPlan)
    );
    assert_eq!(h.app.screen::<InventoryState>().unwrap().list.view.len(), 2);
    h.typ("f").typ("f").typ("f");
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().list.filter,
        None,
        "after the last connection, all again"
    );
    h.typ("/").typ("jordan");
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().list.view.len(),
        1,
        "assignees are searched"
    );
    h.key(KeyCode::Esc);
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().selected_number(),
        Some(&n("7733382200")),
        "the selection stays on the number found"
    );
    h.key(KeyCode::Down).key(KeyCode::Down);
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().selected_number(),
        Some(&n("7733382202")),
        "the arrows move the selection"
    );
    h.typ("k");
    assert_eq!(
        h.app.screen::<InventoryState>().unwrap().selected_number(),
        Some(&n("7733382201"))
    );
    h.typ("h");
    assert!(
        h.screen()
            .contains("Nothing has happened to the numbers yet")
    );
    h.typ("h");
    snapshot(&mut h, "inventory_sample");
}

#[test]
fn a_damaged_pin_record_is_said_on_the_numbers_screen_not_shown_as_unset() {
    let mut h = Harness::new(100, 30);
    std::fs::write(h.dir.path().join("porting_pin.json"), b"{ not a record").unwrap();
    h.restart();
    h.typ("p");
    let screen = h.screen();
    assert!(screen.contains("The organization's numbers"), "{screen}");
    assert!(
        screen.contains("The porting PIN cannot be used, so no number can port out")
            && screen.contains("is damaged")
            && screen.contains("Porting PIN: its record cannot be used")
            && !screen.contains("Porting PIN: not set"),
        "{screen}"
    );
}

/// A long name a number is assigned to is never lost at 80 columns: the type column gives way to
/// names (the table cut "Main line auto attend…" and "Sales conference brid…" there), and a name
/// too long even so is said in full under the table for the selected number.
#[test]
fn long_assignee_names_show_whole_at_80_columns() {
    let mut h = Harness::new(80, 24);
    h.typ("p");
    let screen = h.screen();
    assert!(screen.contains("Number          Connection"), "{screen}");
    for name in ["Main line auto attendant ", "Sales conference bridge "] {
        assert!(screen.contains(name), "{screen}");
    }
    assert!(!screen.contains('…'), "{screen}");
    const LONG: &str = "Alexandra Montgomery-Fitzwilliam of the Seattle office reception";
    assert_eq!(LONG.len(), 64, "the longest name taken");
    select(&mut h, "6462901102");
    h.typ("a").typ(LONG).enter();
    assert!(!h.app.has_popup(), "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("(646) 290-1102  Direct Routing   Alexandra Montgomery-Fitzwilliam…"),
        "{screen}"
    );
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(&format!("(646) 290-1102 is assigned to {LONG} (a user)")),
        "{screen}"
    );
    snapshot(&mut h, "inventory_long_name");
}

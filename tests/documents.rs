//! The promises that span documents and sessions: a stale numbers list never overwrites a newer
//! one, the clock never goes back across sessions, a completion and its numbers land together, an
//! import never takes an open draft's ID, parallel wrong PINs are each counted, and an open app
//! sees what other sessions did.

use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::{Advance, Clock, parse_moment};
use portwiz::domain::order::Order;
use portwiz::domain::phone::PhoneNumber;
use portwiz::domain::status::Status;
use portwiz::store::{DirStore, Store, save_order};
use portwiz::workspace::{ClockTarget, Workspace};
use std::path::Path;

const NOW: &str = "2026-11-20T10:00:00-05:00";

fn workspace(dir: &Path) -> Workspace {
    Workspace::open(
        Box::new(DirStore::open(dir).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Simulated(parse_moment(NOW).unwrap()),
    )
}

fn number(text: &str) -> PhoneNumber {
    PhoneNumber::parse(text).unwrap()
}

/// Imports the fixture order and submits it, as `orders import` and the review would.
fn submitted_order(ws: &mut Workspace, name: &str) -> Order {
    let mut fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/import_order.json")).unwrap();
    fixture["fields"]["order_name"] = name.into();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_vec(&fixture).unwrap()).unwrap();
    let mut out = Vec::new();
    let code = portwiz::cli::status(&portwiz::cli::orders_import(
        ws,
        file.path(),
        None,
        false,
        &mut out,
    ));
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out));
    let listing = ws.list().unwrap();
    let id = listing
        .orders
        .iter()
        .find(|o| o.name == name)
        .unwrap()
        .id
        .clone();
    let mut order = ws.order(&id).unwrap();
    portwiz::lifecycle::submit(&mut order, ws.network.as_ref(), ws.clock.now().timestamp())
        .unwrap();
    ws.save_order(&mut order).unwrap();
    order
}

fn status(ws: &Workspace, id: &str) -> Status {
    ws.order(id).unwrap().status
}

#[test]
fn a_numbers_change_in_one_session_never_undoes_a_port_out_in_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut app_side = workspace(dir.path());
    let mut cli_side = workspace(dir.path());
    cli_side.set_pin("1357924680", "1357924680").unwrap();
    let leaving = number("2025443300");
    app_side.read_inventory();
    assert!(
        app_side.inventory.find(&leaving).is_some(),
        "the app has read it"
    );
    cli_side
        .port_out(
            std::slice::from_ref(&leaving),
            "1357924680",
            jiff::Timestamp::now(),
        )
        .unwrap();
    // The app still shows its old copy and changes another number.
    let staying = app_side
        .inventory
        .numbers
        .iter()
        .find(|n| n.assignment.is_some() && n.number != leaving)
        .unwrap()
        .number
        .clone();
    app_side.unassign(&staying).unwrap();
    let stored = DirStore::open(dir.path())
        .unwrap()
        .inventory()
        .unwrap()
        .unwrap();
    assert!(
        stored.find(&leaving).is_none(),
        "the ported-out number stays gone"
    );
    assert!(
        stored
            .history
            .iter()
            .any(|e| e.number == leaving && e.detail.contains("Ported out")),
        "and its port-out is still in the history"
    );
    assert!(stored.find(&staying).unwrap().assignment.is_none());
    assert_eq!(app_side.inventory, stored, "the app shows what is stored");
}

#[test]
fn clock_steps_in_two_sessions_add_up_and_never_go_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app_side = workspace(dir.path());
    let mut cli_side = workspace(dir.path());
    cli_side
        .advance_clock(ClockTarget::Step(Advance::Days(3)))
        .unwrap();
    // The app still shows the time it read at start; its step counts from the stored one.
    let to = app_side
        .advance_clock(ClockTarget::Step(Advance::Days(2)))
        .unwrap()
        .to;
    let expected = parse_moment("2026-11-25T10:00:00-05:00").unwrap();
    assert_eq!(to.timestamp(), expected.timestamp());
    let stored = DirStore::open(dir.path())
        .unwrap()
        .clock()
        .unwrap()
        .unwrap();
    assert_eq!(stored.timestamp(), expected.timestamp());
    assert_eq!(app_side.clock.now().timestamp(), expected.timestamp());
}

#[test]
fn a_completion_and_its_numbers_land_together_and_the_next_step_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let order = submitted_order(&mut ws, "Completion");
    ws.advance_clock(ClockTarget::Step(Advance::BusinessDays(3)))
        .unwrap();
    assert_eq!(status(&ws, &order.id), Status::FocConfirmed);
    ws.advance_clock(ClockTarget::Step(Advance::BusinessDays(15)))
        .unwrap();
    assert_eq!(status(&ws, &order.id), Status::Completed);
    let stored = DirStore::open(dir.path())
        .unwrap()
        .inventory()
        .unwrap()
        .unwrap();
    for n in order.numbers() {
        assert_eq!(
            stored.find(n).and_then(|o| o.order_id.as_deref()),
            Some(order.id.as_str()),
            "{n} joined with its order"
        );
    }
    ws.advance_clock(ClockTarget::Step(Advance::Hours(1)))
        .unwrap();
}

#[test]
fn a_completion_an_older_portwiz_lost_joins_the_inventory_with_the_next_numbers_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let order = submitted_order(&mut ws, "Lost completion");
    ws.advance_clock(ClockTarget::Step(Advance::BusinessDays(3)))
        .unwrap();
    ws.advance_clock(ClockTarget::Step(Advance::BusinessDays(15)))
        .unwrap();
    // What a crash between the order's save and the inventory's left: the inventory from before,
    // in the form that kept no record of received orders.
    let store = DirStore::open(dir.path()).unwrap();
    let mut inventory = store.inventory().unwrap().unwrap();
    inventory.numbers.retain(|n| n.order_id.is_none());
    inventory.history.clear();
    let mut value = serde_json::to_value(&inventory).unwrap();
    value.as_object_mut().unwrap().remove("received_orders");
    std::fs::write(
        dir.path().join("inventory.json"),
        serde_json::to_vec(&value).unwrap(),
    )
    .unwrap();
    let mut next = workspace(dir.path());
    next.unassign(&number("6462901100")).unwrap();
    for n in order.numbers() {
        assert!(next.inventory.find(n).is_some(), "{n} is taken in");
    }
    let stored = store.inventory().unwrap().unwrap();
    assert_eq!(stored, next.inventory);
    let mut again = workspace(dir.path());
    again
        .assign(
            &number("6462901100"),
            "Avery Chen",
            portwiz::domain::inventory::AssigneeKind::User,
            portwiz::domain::inventory::Usage::User,
        )
        .unwrap();
    let after = store.inventory().unwrap().unwrap();
    assert_eq!(after.numbers.len(), stored.numbers.len(), "taken in once");
}

#[test]
fn an_import_never_takes_the_id_an_open_draft_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let app_side = workspace(dir.path());
    let (mut draft, _reserved) = app_side.new_draft().unwrap();
    let mut cli_side = workspace(dir.path());
    let imported = submitted_order(&mut cli_side, "Imported");
    assert_ne!(imported.id, draft.id);
    draft.fields.order_name = "Still mine".into();
    let store = DirStore::open(dir.path()).unwrap();
    save_order(&store, &mut draft).unwrap();
    assert_eq!(
        store.order(&draft.id).unwrap().fields.order_name,
        "Still mine"
    );
}

#[test]
fn wrong_pins_sent_in_parallel_are_each_counted() {
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path())
        .set_pin("1357924680", "1357924680")
        .unwrap();
    let tries = 6;
    // Every try at one moment of the real clock: the lockout cannot run out between them, however
    // slow the machine.
    let at: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    let refusals: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..tries)
            .map(|_| {
                scope.spawn(|| {
                    workspace(dir.path())
                        .port_out(&[number("2025443300")], "0000000000", at)
                        .unwrap_err()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked = refusals
        .iter()
        .filter(|r| r.contains("does not match"))
        .count();
    let held_off = refusals
        .iter()
        .filter(|r| r.contains("too many wrong PINs"))
        .count();
    assert_eq!(
        (checked, held_off),
        (3, tries - 3),
        "three tries are checked, then the lockout holds: {refusals:?}"
    );
    let record = DirStore::open(dir.path()).unwrap().pin().unwrap().unwrap();
    assert_eq!(record.wrong_tries, 3, "each checked try is counted");
    let mut ws = workspace(dir.path());
    let refused = ws
        .port_out(&[number("2025443300")], "1357924680", at)
        .unwrap_err();
    assert!(refused.contains("too many wrong PINs"), "{refused}");
}

#[test]
fn an_open_app_sees_other_sessions_orders_clock_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = portwiz::app::App::new(
        Box::new(DirStore::open(dir.path()).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Simulated(parse_moment(NOW).unwrap()),
        portwiz::ui::theme::Theme::monochrome(),
    );
    assert!(app.orders().is_empty());
    assert!(!app.notice_changes(), "nothing changed yet");
    let mut other = workspace(dir.path());
    let order = submitted_order(&mut other, "From the CLI");
    other
        .advance_clock(ClockTarget::Step(Advance::Days(1)))
        .unwrap();
    assert!(app.notice_changes());
    assert_eq!(
        app.orders()
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        [order.id.as_str()]
    );
    assert_eq!(
        app.workspace().clock.now().timestamp(),
        parse_moment("2026-11-21T10:00:00-05:00")
            .unwrap()
            .timestamp()
    );
}

#[test]
fn a_pin_record_other_users_may_change_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    ws.set_pin("1357924680", "1357924680").unwrap();
    let record = dir.path().join("porting_pin.json");
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o666)).unwrap();
    let mut other = workspace(dir.path());
    let refused = other
        .port_out(
            &[number("2025443300")],
            "1357924680",
            jiff::Timestamp::now(),
        )
        .unwrap_err();
    assert!(
        refused.contains("porting_pin.json") && refused.contains("chmod 600"),
        "{refused}"
    );
    let stored = DirStore::open(dir.path()).unwrap().inventory().unwrap();
    assert!(
        stored.is_none_or(|i| i.find(&number("2025443300")).is_some()),
        "nothing was ported"
    );
    let refused = other.set_pin("2468013579", "2468013579").unwrap_err();
    assert!(refused.contains("chmod 600"), "{refused}");
}

#[test]
fn an_import_that_the_loader_would_set_aside_is_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let mut fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/import_order.json")).unwrap();
    fixture["fields"]["order_name"] = "N".repeat(17 << 20).into();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_vec(&fixture).unwrap()).unwrap();
    let import = |ws: &mut portwiz::workspace::Workspace| {
        portwiz::cli::status(&portwiz::cli::orders_import(
            ws,
            file.path(),
            None,
            false,
            &mut Vec::new(),
        ))
    };
    assert_eq!(import(&mut ws), 2, "too large to be an order file");
    fixture["fields"]["order_name"] = "N".repeat(2 << 20).into();
    std::fs::write(file.path(), serde_json::to_vec(&fixture).unwrap()).unwrap();
    assert_eq!(
        import(&mut ws),
        1,
        "an order name longer than any carrier form takes"
    );
    let listing = ws.list().unwrap();
    assert!(listing.orders.is_empty() && listing.quarantined.is_empty());
    assert!(
        std::fs::read_dir(dir.path().join("documents"))
            .unwrap()
            .next()
            .is_none(),
        "no LOA copy is left behind"
    );
}

#[test]
fn an_import_whose_numbers_an_order_took_meanwhile_is_refused_in_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let first = submitted_order(&mut ws, "First");
    // A second import that passed its checks before the first was saved.
    let (mut second, _reserved) = ws.new_draft().unwrap();
    second.fields = first.fields.clone();
    second.fields.order_name = "Second".into();
    let err = ws
        .save_order_with_document(&mut second, "PW-X-loa-000000000000.pdf", b"%PDF-1.7")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("(212) 736-5001 is already in open order") && err.contains(&first.id),
        "{err}"
    );
    let listing = ws.list().unwrap();
    assert_eq!(listing.orders.len(), 1, "nothing was imported");
    assert!(
        ws.document_path("PW-X-loa-000000000000.pdf")
            .is_some_and(|p| !p.exists())
    );
}

#[test]
fn imports_of_one_order_at_once_save_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/import_order.json")).unwrap();
    fixture["fields"]["loa_path"] =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/loa.pdf").into();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_vec(&fixture).unwrap()).unwrap();
    let codes: Vec<i32> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                scope.spawn(|| {
                    portwiz::cli::status(&portwiz::cli::orders_import(
                        &mut workspace(dir.path()),
                        file.path(),
                        None,
                        false,
                        &mut Vec::new(),
                    ))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(codes.iter().filter(|&&c| c == 0).count(), 1, "{codes:?}");
    let listing = workspace(dir.path()).list().unwrap();
    assert_eq!(
        listing.orders.len(),
        1,
        "one order holds the numbers and the name"
    );
    let locks = std::fs::read_dir(dir.path().join("locks")).unwrap().count();
    assert_eq!(locks, 1, "the refused imports gave their IDs back");
}

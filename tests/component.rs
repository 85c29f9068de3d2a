//! Component tests: one screen or popup alone, without the app, fed key events; each asserts the
//! commands it hands the router (the model is slumber's TestHarness).

use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::{Clock, parse_moment};
use portwiz::domain::inventory::Inventory;
use portwiz::domain::order::{Order, Secret};
use portwiz::domain::phone::{Country, PhoneNumber};
use portwiz::domain::status::Status;
use portwiz::domain::validate::Field;
use portwiz::loa::{
    self,
    documents::{self, Listed},
};
use portwiz::store::DirStore;
use portwiz::store::OrderSummary;
use portwiz::strings;
use portwiz::ui::component::{Command, Component, Ctx, DraftCommand, Msg, Reply, Step, Task};
use portwiz::ui::popups::calendar::CalendarPicker;
use portwiz::ui::popups::confirm::Confirm;
use portwiz::ui::popups::prompt::{Prompt, Purpose};
use portwiz::ui::screens::details::DetailsState;
use portwiz::ui::screens::documents::DocumentsState;
use portwiz::ui::screens::history::HistoryState;
use portwiz::ui::screens::inventory::{InventoryState, PinState};
use portwiz::ui::screens::pager::{PagerState, Shown};
use portwiz::ui::screens::wizard::companion::{Ask, At, Companion};
use portwiz::ui::screens::wizard::companions::csr::CsrView;
use portwiz::ui::screens::wizard::{Input, Note, WizardState};
use portwiz::workspace::sample_inventory;
use portwiz::workspace::{ClockTarget, Workspace};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::any::Any;

const NOW: &str = "2026-11-20T10:00:00-05:00";

/// What a component may read, held for the test: the router's model without the router.
struct TestHarness {
    orders: Vec<OrderSummary>,
    inventory: Inventory,
    pin: PinState,
    clock: Clock,
}

impl TestHarness {
    fn new() -> TestHarness {
        let now = parse_moment(NOW).unwrap();
        TestHarness {
            orders: Vec::new(),
            inventory: sample_inventory(now.timestamp()),
            pin: PinState::NotSet,
            clock: Clock::Simulated(now),
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            orders: &self.orders,
            inventory: &self.inventory,
            pin: self.pin,
            clock: &self.clock,
            clock_kept: true,
            network: "sample network",
        }
    }

    /// Tells the component that the model changed, as the router does when it opens a screen.
    fn refresh(&self, component: &mut dyn Component) {
        assert!(component.update(Msg::Refreshed, &self.ctx()).is_empty());
    }

    fn press(&self, component: &mut dyn Component, code: KeyCode) -> Vec<Command> {
        self.key(component, KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn key(&self, component: &mut dyn Component, key: KeyEvent) -> Vec<Command> {
        component.update(Msg::Key(key), &self.ctx())
    }

    /// Types `text` key by key; no key of it may ask anything of the router.
    fn type_text(&self, component: &mut dyn Component, text: &str) {
        for c in text.chars() {
            let commands = self.press(component, KeyCode::Char(c));
            assert_eq!(names(&commands), Vec::<&str>::new(), "typing {c:?}");
        }
    }
}

/// The commands' names, for assertions and failure messages.
fn names(commands: &[Command]) -> Vec<&'static str> {
    commands
        .iter()
        .map(|c| match c {
            Command::Info(_) => "Info",
            Command::Error(_) => "Error",
            Command::Popup(_) => "Popup",
            Command::ClosePopup => "ClosePopup",
            Command::Show(_) => "Show",
            Command::Home(_) => "Home",
            Command::Tell(_) => "Tell",
            Command::Quit => "Quit",
            Command::OpenOrder(_) => "OpenOrder",
            Command::EditOrder(_) => "EditOrder",
            Command::NewOrder => "NewOrder",
            Command::ShowNumbers => "ShowNumbers",
            Command::AskDeleteDraft(_) => "AskDeleteDraft",
            Command::DeleteDraft(_) => "DeleteDraft",
            Command::CancelOrder(_) => "CancelOrder",
            Command::WithdrawSignature(_) => "WithdrawSignature",
            Command::ShowDocuments(_) => "ShowDocuments",
            Command::ReadText { .. } => "ReadText",
            Command::CloneOrder(_) => "CloneOrder",
            Command::Unassign(_) => "Unassign",
            Command::AskRelease(_) => "AskRelease",
            Command::Answer(..) => "Answer",
            Command::ListFolder { .. } => "ListFolder",
            Command::Draft(_) => "Draft",
            Command::Copy { .. } => "Copy",
            Command::Perform(_) => "Perform",
        })
        .collect()
}

/// The only command, which must be a popup of type `T`.
fn popup<T: Component>(commands: Vec<Command>) -> Box<T> {
    let found = names(&commands);
    match <[Command; 1]>::try_from(commands) {
        Ok([Command::Popup(popup)]) => (popup as Box<dyn Any>)
            .downcast()
            .unwrap_or_else(|_| panic!("a popup of another kind")),
        _ => panic!("expected one popup, got {found:?}"),
    }
}

fn now() -> jiff::Timestamp {
    parse_moment(NOW).unwrap().timestamp()
}

fn order(id: &str, name: &str, status: Status) -> Order {
    let mut order = Order::new_draft(id.into(), parse_moment(NOW).unwrap().timestamp());
    order.fields.order_name = name.into();
    order.status = status;
    order
}

#[test]
fn the_order_list_opens_the_selected_order_and_asks_before_deleting_a_draft() {
    let mut h = TestHarness::new();
    h.orders = vec![
        OrderSummary::of(&order("PW-1", "Acme move", Status::Submitted), false),
        OrderSummary::of(&order("PW-2", "Boston office", Status::Draft), false),
    ];
    let mut list = HistoryState::default();
    h.refresh(&mut list);
    h.press(&mut list, KeyCode::Char('s')); // by urgency
    h.press(&mut list, KeyCode::Char('s')); // by name
    let commands = h.press(&mut list, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [Command::OpenOrder(id)] if id == "PW-1"),
        "{:?}",
        names(&commands)
    );
    assert!(
        h.press(&mut list, KeyCode::Char('d')).is_empty(),
        "a submitted order is not deleted"
    );
    h.press(&mut list, KeyCode::Down);
    // The router reads the draft to say what goes with it, then asks (tests/order_flow.rs).
    let commands = h.press(&mut list, KeyCode::Char('d'));
    assert!(
        matches!(commands.as_slice(), [Command::AskDeleteDraft(id)] if id == "PW-2"),
        "{:?}",
        names(&commands)
    );
    assert_eq!(names(&h.press(&mut list, KeyCode::Char('q'))), ["Quit"]);
}

#[test]
fn a_search_in_the_order_list_takes_the_keys_until_it_is_done() {
    let mut h = TestHarness::new();
    h.orders = vec![
        OrderSummary::of(&order("PW-1", "Acme move", Status::Submitted), false),
        OrderSummary::of(&order("PW-2", "Boston office", Status::Draft), false),
    ];
    let mut list = HistoryState::default();
    h.refresh(&mut list);
    assert!(h.press(&mut list, KeyCode::Char('/')).is_empty());
    // "q" and "n" are typed into the search, not taken as quit and new.
    h.type_text(&mut list, "boston qn");
    assert!(list.list.view.is_empty(), "nothing is named that");
    for _ in 0..3 {
        h.press(&mut list, KeyCode::Backspace);
    }
    assert_eq!(list.list.view.len(), 1);
    assert!(
        h.press(&mut list, KeyCode::Enter).is_empty(),
        "Enter ends the search"
    );
    let commands = h.press(&mut list, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [Command::OpenOrder(id)] if id == "PW-2"),
        "{:?}",
        names(&commands)
    );
}

#[test]
fn the_details_page_goes_back_to_its_order_and_asks_before_canceling() {
    let h = TestHarness::new();
    let mut details =
        DetailsState::new(order("PW-7", "Acme", Status::Submitted), None, false, now());
    let commands = h.press(&mut details, KeyCode::Esc);
    assert!(
        matches!(commands.as_slice(), [Command::Home(Some(id))] if id == "PW-7"),
        "{:?}",
        names(&commands)
    );
    assert!(
        h.press(&mut details, KeyCode::Char('u')).is_empty(),
        "a submitted order is not updated"
    );
    let mut confirm = popup::<Confirm>(h.press(&mut details, KeyCode::Char('c')));
    assert_eq!(
        names(&h.press(confirm.as_mut(), KeyCode::Esc)),
        ["ClosePopup"]
    );
    let mut confirm = popup::<Confirm>(h.press(&mut details, KeyCode::Char('c')));
    let commands = h.press(confirm.as_mut(), KeyCode::Char('y'));
    assert!(
        matches!(commands.as_slice(), [Command::ClosePopup, Command::CancelOrder(id)] if id == "PW-7"),
        "{:?}",
        names(&commands)
    );
    let mut rejected = DetailsState::new(
        order("PW-8", "Acme", Status::CustomerActionRequired),
        None,
        false,
        now(),
    );
    let commands = h.press(&mut rejected, KeyCode::Char('u'));
    assert!(
        matches!(commands.as_slice(), [Command::EditOrder(id)] if id == "PW-8"),
        "{:?}",
        names(&commands)
    );
}

#[test]
fn the_details_page_asks_the_clock_prompt_which_answers_with_what_was_typed() {
    let h = TestHarness::new();
    let mut details =
        DetailsState::new(order("PW-7", "Acme", Status::Submitted), None, false, now());
    let mut prompt = popup::<Prompt>(h.press(&mut details, KeyCode::Char('t')));
    assert_eq!(prompt.purpose, Purpose::AdvanceClock);
    for _ in 0..3 {
        h.press(prompt.as_mut(), KeyCode::Backspace);
    }
    h.type_text(prompt.as_mut(), "2d");
    let commands = h.press(prompt.as_mut(), KeyCode::Enter);
    match commands.as_slice() {
        [Command::Answer(Purpose::AdvanceClock, answers)] => assert_eq!(answers.value(0), "2d"),
        _ => panic!("{:?}", names(&commands)),
    }
    let fixed = TestHarness {
        clock: Clock::parse(NOW).unwrap(),
        ..TestHarness::new()
    };
    let commands = fixed.press(&mut details, KeyCode::Char('t'));
    assert!(
        matches!(commands.as_slice(), [Command::Error(e)] if e == strings::CLOCK_FIXED),
        "{:?}",
        names(&commands)
    );
}

#[test]
fn the_numbers_screen_assigns_the_selected_number_through_its_prompt() {
    let h = TestHarness::new();
    let mut numbers = InventoryState::default();
    h.refresh(&mut numbers);
    let unassigned = (numbers.list.view.iter())
        .position(|&i| h.inventory.numbers[i].assignment.is_none())
        .expect("the sample has an unassigned number");
    let assigned = (numbers.list.view.iter())
        .position(|&i| h.inventory.numbers[i].assignment.is_some())
        .expect("the sample has an assigned number");
    let go_to = |numbers: &mut InventoryState, row: usize| {
        h.press(numbers, KeyCode::Home);
        for _ in 0..row {
            h.press(numbers, KeyCode::Down);
        }
        h.inventory.numbers[numbers.list.view[row]].number.clone()
    };
    let number = go_to(&mut numbers, assigned);
    assert!(
        h.press(&mut numbers, KeyCode::Char('a')).is_empty(),
        "an assigned number is not assigned again"
    );
    let commands = h.press(&mut numbers, KeyCode::Char('u'));
    assert!(
        matches!(commands.as_slice(), [Command::Unassign(n)] if *n == number),
        "{:?}",
        names(&commands)
    );
    let number = go_to(&mut numbers, unassigned);
    let mut prompt = popup::<Prompt>(h.press(&mut numbers, KeyCode::Char('a')));
    assert_eq!(
        prompt.purpose,
        Purpose::Assign {
            number: number.clone()
        }
    );
    h.type_text(prompt.as_mut(), "Dana Whitfield");
    let commands = h.press(prompt.as_mut(), KeyCode::Enter);
    match commands.as_slice() {
        [Command::Answer(Purpose::Assign { number: n }, answers)] => {
            assert_eq!((n, answers.value(0)), (&number, "Dana Whitfield".into()))
        }
        _ => panic!("{:?}", names(&commands)),
    }
    assert!(
        matches!(
            h.press(&mut numbers, KeyCode::Esc).as_slice(),
            [Command::Home(None)]
        ),
        "Esc goes back to the order list"
    );
}

#[test]
fn the_numbers_screen_searches_by_any_form_of_a_number() {
    let h = TestHarness::new();
    let mut numbers = InventoryState::default();
    h.refresh(&mut numbers);
    let all = numbers.list.view.len();
    assert!(all > 1);
    h.press(&mut numbers, KeyCode::Char('/'));
    h.type_text(&mut numbers, "(646) 290-1101");
    assert_eq!(
        numbers.selected_number(),
        Some(&PhoneNumber::parse("+16462901101").unwrap())
    );
    assert_eq!(numbers.list.view.len(), 1);
    assert!(h.press(&mut numbers, KeyCode::Esc).is_empty());
    assert_eq!(numbers.list.view.len(), all, "Esc clears the search");
}

fn draft() -> WizardState {
    let order = order("PW-9", "", Status::Draft);
    WizardState::open(order, parse_moment(NOW).unwrap().date(), Vec::new())
}

#[test]
fn the_wizard_asks_for_the_numbers_check_when_the_country_or_the_numbers_change() {
    let h = TestHarness::new();
    let mut wizard = draft();
    assert_eq!(wizard.step, 1);
    let commands = h.press(&mut wizard, KeyCode::Enter);
    match commands.as_slice() {
        [
            Command::Draft(DraftCommand::CheckNumbers {
                order_id,
                country,
                seq,
                ..
            }),
            // Leaving step 1 runs the pre-submit check again, so each step shows its problems.
            Command::Draft(DraftCommand::Presubmit),
        ] => assert_eq!(
            (order_id.as_str(), *country, *seq),
            ("PW-9", Some(Country::UnitedStates), 1)
        ),
        _ => panic!("{:?}", names(&commands)),
    }
    assert_eq!((wizard.step, wizard.focused()), (2, Some(Field::Numbers)));
    assert!(wizard.checking(), "the first check is under way");
    let commands = h.press(&mut wizard, KeyCode::Char('2'));
    match commands.as_slice() {
        [Command::Draft(DraftCommand::CheckNumbers { text, seq, .. })] => {
            assert_eq!((text.as_str(), *seq), ("2", 2))
        }
        _ => panic!("{:?}", names(&commands)),
    }
    let commands = h.press(&mut wizard, KeyCode::Esc);
    assert!(
        matches!(commands.as_slice(), [Command::Draft(DraftCommand::Close)]),
        "{:?}",
        names(&commands)
    );
}

#[test]
fn the_wizard_takes_a_date_picked_in_its_calendar() {
    let h = TestHarness::new();
    let mut wizard = draft();
    wizard.go_to(7, Some(Field::PortDate));
    let commands = h.key(
        &mut wizard,
        KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
    );
    assert!(
        matches!(commands.as_slice(), [Command::Error(e)] if e == strings::CALENDAR_NEEDS_COUNTRY),
        "no country, no calendar: {:?}",
        names(&commands)
    );
    wizard.order.fields.country = Some(Country::UnitedStates);
    let commands = h.key(
        &mut wizard,
        KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
    );
    let mut calendar = popup::<CalendarPicker>(commands);
    let commands = h.press(calendar.as_mut(), KeyCode::Enter);
    let picked = match <[Command; 2]>::try_from(commands) {
        Ok(
            [
                Command::ClosePopup,
                Command::Tell(Reply::Picked { into, value }),
            ],
        ) => {
            assert_eq!(into, Input::Order(Field::PortDate));
            value
        }
        Ok(other) => panic!("{:?}", names(&other)),
        Err(other) => panic!("{:?}", names(&other)),
    };
    let first = portwiz::domain::calendar::first_recommended(
        Country::UnitedStates,
        parse_moment(NOW).unwrap().date(),
    );
    assert_eq!(
        picked,
        first.to_string(),
        "the calendar opens on the first recommended day"
    );
    let reply = Reply::Picked {
        into: Input::Order(Field::PortDate),
        value: picked.clone(),
    };
    assert!(wizard.update(Msg::Reply(reply), &h.ctx()).is_empty());
    assert_eq!(wizard.order.fields.port_date, picked);
    assert!(wizard.dirty, "the draft is to be saved");
}

/// A draft of Cascade's account CC30412 up to its account step (the ZIP code wrong).
fn cascade_draft() -> Order {
    let mut order = order("PW-9", "", Status::Draft);
    let f = &mut order.fields;
    f.country = Some(Country::UnitedStates);
    f.btn = "3126214400".into();
    f.postal_code = "60601".into();
    order
}

/// Where the wizard stands on step `step`, the focus on `focused`.
fn at(step: u8, focused: Field) -> At {
    At {
        step,
        focused: Some(focused),
        editing: true,
        update: false,
    }
}

/// Runs a companion's task as the router would, the background part at once; returns the reply.
fn perform(ws: &mut Workspace, task: Task) -> Reply {
    match task.run(ws) {
        Step::Reply(reply) => reply,
        Step::Background(work) => perform(ws, work()),
    }
}

/// Runs the one task among `asks` and tells the companion what it found.
fn carry_task(view: &mut CsrView, ws: &mut Workspace, asks: Vec<Ask>, order: &Order) -> Vec<Ask> {
    let found = match <[Ask; 1]>::try_from(asks) {
        Ok([Ask::Command(Command::Perform(task))]) => perform(ws, task),
        _ => panic!("expected one task"),
    };
    let Reply::Performed(message) = found else {
        panic!("a reply of the task's own")
    };
    let taken = view.told(message, order);
    taken.unwrap_or_else(|_| panic!("the CSR view takes what its task found"))
}

#[test]
fn the_csr_companion_alone_asks_for_a_request_a_read_and_a_fill() {
    let h = TestHarness::new();
    let dir = tempfile::tempdir().unwrap();
    let store = DirStore::open(dir.path()).unwrap();
    let network = Box::new(SimulatedNetwork::sample());
    let mut ws = Workspace::open(Box::new(store), network, h.clock.clone());
    let mut order = cascade_draft();
    let mut view = CsrView::default();
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(
        view.hints(at(3, Field::Btn)),
        [("^R", "get CSR")],
        "its hints are its keymap's"
    );
    assert!(
        view.key(&ctrl('r'), at(2, Field::Numbers), &order)
            .is_none()
    );
    // Without the account number: said, and no task (nothing is sent).
    let asks = view.key(&ctrl('r'), at(3, Field::Btn), &order).unwrap();
    match asks.as_slice() {
        [Ask::Command(Command::Error(why))] => assert_eq!(why, strings::CSR_NEEDS_ACCOUNT),
        _ => panic!("expected an error and nothing else"),
    }
    order.fields.account_number = "CC30412".into();
    order.fields.account_pin = Secret::new("7351");
    let asks = view
        .key(&ctrl('r'), at(4, Field::AccountPin), &order)
        .unwrap();
    assert!(carry_task(&mut view, &mut ws, asks, &order).is_empty());
    let ticket = view.pending().expect("Cascade answers later");
    assert_eq!(ticket.carrier_name, "Cascade Communications");
    assert!(view.csr().is_none());
    // The clock brings the answer; the wizard's refresh reads it from the CSR book.
    let two_days = portwiz::clock::Advance::parse("2bd").unwrap();
    ws.advance_clock(ClockTarget::Step(two_days)).unwrap();
    let asks = view.refreshed(&order, &h.ctx());
    assert!(carry_task(&mut view, &mut ws, asks, &order).is_empty());
    assert!(view.csr().is_some());
    let named: Vec<Field> = view
        .problems(&order.fields)
        .iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(named, [Field::PostalCode]);
    // Ctrl-L asks for the CSR's value to be filled in, and a note saying so.
    let asks = view
        .key(&ctrl('l'), at(5, Field::PostalCode), &order)
        .unwrap();
    match asks.as_slice() {
        [
            Ask::Fill { field, value },
            Ask::Note {
                field: noted,
                note: Note::Info(_),
            },
        ] => assert_eq!(
            (*field, value.as_str(), *noted),
            (Field::PostalCode, "60606", Field::PostalCode)
        ),
        _ => panic!("expected a fill and a note"),
    }
    // No CSR value for that field: the key fills nothing in and says so.
    let asks = view.key(&ctrl('l'), at(5, Field::Country), &order).unwrap();
    assert!(
        matches!(asks.as_slice(), [Ask::Command(Command::Info(said))] if said.contains("holds no Country")),
        "no CSR value for that field"
    );
    // What is another's is given back.
    let other: Box<dyn Any + Send> = Box::new(7u8);
    assert!(view.told(other, &order).is_err());
}

/// A US order signed electronically: the order as the clock leaves it (Submitted, the signed copy
/// attached) and the signed copy's bytes.
fn e_signed_order() -> (Order, Vec<u8>) {
    use portwiz::domain::order::{GroupKind, PortGroup, PortType};
    let mut order = order("PW-261120-001", "NYC office move", Status::Draft);
    let f = &mut order.fields;
    f.country = Some(Country::UnitedStates);
    f.group = Some(PortGroup {
        carrier_id: "northwind".into(),
        carrier_name: "Northwind Telecom".into(),
        account: "4410223177".into(),
        kind: GroupKind::Geographic,
        pin_required: false,
        numbers: vec![PhoneNumber::parse("+12127365001").unwrap()],
        kept_usage: Default::default(),
    });
    f.btn = "2127365000".into();
    f.port_type = Some(PortType::Partial);
    f.organization_name = "Contoso Ltd".into();
    f.account_number = "4410223177".into();
    f.authorized_first_name = "Dana".into();
    f.authorized_last_name = "Whitfield".into();
    f.street = "350 Fifth Avenue".into();
    f.city = "New York".into();
    f.region = "NY".into();
    f.postal_code = "10118".into();
    let letter = loa::generate(&order, loa::Language::English, now()).unwrap();
    let mut request = loa::esign::request(&letter, "dana@contoso.example", now());
    let signed_at = now() + jiff::SignedDuration::from_hours(72);
    let (document, bytes) = loa::esign::signed_copy(&order, &request, signed_at).unwrap();
    request.signed_at = Some(signed_at);
    order.signature_request = Some(request);
    order.fields.loa = Some(document);
    order.status = Status::Submitted;
    (order, bytes)
}

/// What `component` draws at `width` x `height`, row by row.
fn drawn(h: &TestHarness, component: &dyn Component, width: u16, height: u16) -> String {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    let theme = portwiz::ui::theme::Theme::monochrome();
    component.render(&h.ctx(), area, &mut buf, &theme);
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// Runs a `ReadText` the documents list gave, as the router's job does, and tells the pager.
fn read_into(h: &TestHarness, pager: &mut PagerState, command: &Command) {
    let Command::ReadText {
        stored_name,
        pages,
        bytes,
    } = command
    else {
        panic!("the text is read in the background")
    };
    let text = documents::text(bytes, *pages)
        .map_err(|problem| strings::document_unreadable(stored_name, &problem));
    let reply = Reply::DocumentText {
        stored_name: stored_name.clone(),
        pages: *pages,
        text,
    };
    assert!(pager.update(Msg::Reply(reply), &h.ctx()).is_empty());
}

/// The pager a list's Enter opened, and what else it asked.
fn opened(commands: Vec<Command>) -> (Box<PagerState>, Vec<Command>) {
    let mut commands = commands.into_iter();
    let Some(Command::Show(pager)) = commands.next() else {
        panic!("Enter shows the pager")
    };
    let pager = (pager as Box<dyn Any>).downcast().expect("the pager");
    (pager, commands.collect())
}

#[test]
fn d_lists_an_orders_documents_and_enter_shows_a_documents_text_or_why_not() {
    let h = TestHarness::new();
    let (order, signed) = e_signed_order();
    let letter = order.signature_request.clone().unwrap().letter;
    let print = order.signature_request.clone().unwrap().fingerprint;
    let mut details = DetailsState::new(order.clone(), None, false, now());
    let commands = h.press(&mut details, KeyCode::Char('d'));
    let [Command::ShowDocuments(from)] = commands.as_slice() else {
        panic!("{:?}", names(&commands))
    };
    assert_eq!(from.id, "PW-261120-001");
    // The router reads what the store holds: here the signed copy, and a damaged letter.
    let named = documents::of(&from.order);
    let held = (named.iter())
        .map(|n| match n.stored_name == letter {
            true => Some(include_bytes!("fixtures/loa-damaged.pdf").to_vec()),
            false => Some(signed.clone()),
        })
        .collect();
    let mut list = DocumentsState::new((**from).clone(), Listed::zip(named, held));
    let screen = drawn(&h, &list, 100, 20);
    for row in [
        "› Signed LOA, e-signed        36 KB  PW-261120-001-loa-signed.pdf",
        "  E-signature certificate     36 KB  PW-261120-001-loa-signed.pdf",
        "  Sent for e-signature         1 KB  PW-261120-001-loa-unsigned-",
    ] {
        assert!(screen.contains(row), "{row:?} not in {screen}");
    }

    let (mut pager, asked) = opened(h.press(&mut list, KeyCode::Enter));
    assert_eq!(pager.shown, Shown::Reading);
    assert!(drawn(&h, pager.as_ref(), 100, 20).contains(strings::READING_TEXT));
    read_into(&h, &mut pager, &asked[0]);
    let Shown::Text(documents::Text::Pages { first: 1, pages }) = &pager.shown else {
        panic!("{:?}", pager.shown)
    };
    assert_eq!(pages.len(), 2);
    // What shows is the PDF's text: the order's ID at the top, and, scrolled to, its stamp.
    let top = drawn(&h, pager.as_ref(), 100, 20);
    assert!(
        top.contains("Order PW-261120-001, prepared on 2026-11-20"),
        "{top}"
    );
    // End shows the end of the text (it did nothing), ↑ scrolls back from there, Home the top.
    h.press(pager.as_mut(), KeyCode::End);
    let end = drawn(&h, pager.as_ref(), 100, 20);
    assert!(end.contains("↑ the end"), "{end}");
    h.press(pager.as_mut(), KeyCode::Up);
    let above = drawn(&h, pager.as_ref(), 100, 20);
    assert!(above.contains("↓ 1 more line below"), "{above}");
    h.press(pager.as_mut(), KeyCode::Home);
    assert_eq!(drawn(&h, pager.as_ref(), 100, 20), top);
    let mut stamp = None;
    for _ in 0..100 {
        stamp = loa::certified::find_stamp(&drawn(&h, pager.as_ref(), 100, 20));
        if stamp.is_some() {
            break;
        }
        h.press(pager.as_mut(), KeyCode::Down);
    }
    let (id, shown) = stamp.expect("the stamp shows once scrolled to");
    assert_eq!((id.as_str(), shown.to_string()), ("PW-261120-001", print));

    // Esc: the list again, where it was; the damaged letter says what is wrong and what to do.
    let commands = h.press(pager.as_mut(), KeyCode::Esc);
    let Ok([Command::Show(back)]) = <[Command; 1]>::try_from(commands) else {
        panic!("Esc goes back to the list")
    };
    let mut back: Box<DocumentsState> = (back as Box<dyn Any>).downcast().unwrap();
    assert_eq!(back.selected, 0);
    h.press(back.as_mut(), KeyCode::Down);
    h.press(back.as_mut(), KeyCode::Char('j'));
    assert_eq!(back.selected, 2);
    let (mut pager, asked) = opened(h.press(back.as_mut(), KeyCode::Enter));
    read_into(&h, &mut pager, &asked[0]);
    let Shown::Problem(why) = &pager.shown else {
        panic!("{:?}", pager.shown)
    };
    assert!(
        why.starts_with(&format!("documents/{letter} is damaged ("))
            && why.ends_with("Put the original file back in the documents folder, or attach the signed LOA again (Update, on the Documents step)."),
        "{why}"
    );

    // A document the store lacks says so without reading anything; the scan says it is one.
    let named = documents::of(&order);
    let held = vec![
        Some(include_bytes!("fixtures/loa.pdf").to_vec()),
        None,
        None,
    ];
    let mut list = DocumentsState::new(details.clone(), Listed::zip(named, held));
    assert!(drawn(&h, &list, 100, 20).contains("PW-261120-001-loa-signed.pdf (not in the store)"));
    let (mut pager, asked) = opened(h.press(&mut list, KeyCode::Enter));
    read_into(&h, &mut pager, &asked[0]);
    assert_eq!(pager.shown, Shown::Text(documents::Text::Scan { pages: 1 }));
    assert!(
        drawn(&h, pager.as_ref(), 100, 20)
            .contains("This PDF has no text layer: it is a scan (1 page). Open"),
    );
    h.press(&mut list, KeyCode::Down);
    let (pager, asked) = opened(h.press(&mut list, KeyCode::Enter));
    assert!(asked.is_empty(), "nothing to read: {:?}", names(&asked));
    assert!(
        matches!(&pager.shown, Shown::Problem(why) if why.contains("is not in the store: it was moved or deleted")),
        "{:?}",
        pager.shown
    );
    let commands = h.press(&mut list, KeyCode::Esc);
    assert!(
        matches!(commands.as_slice(), [Command::Show(_)]),
        "{:?}",
        names(&commands)
    );
}

//! The numbers check runs in the background: with a carrier that does not answer until the test
//! lets it, the wizard keeps drawing and taking keys, and says that it is checking.

use portwiz::app::{App, Msg};
use portwiz::carrier::{
    AccountHistory, Answer, CarrierEvents, CsrRequests, Lookups, Portability, SimulatedNetwork,
    Submissions,
};
use portwiz::clock::Clock;
use portwiz::domain::csr::{Csr, CsrRefusal, CsrRequest, CsrTicket};
use portwiz::domain::order::Order;
use portwiz::domain::phone::PhoneNumber;
use portwiz::store::DirStore;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// The sample network, whose look-ups of a number wait for the test's word: each is announced on
/// `asked`, and answered when `answer` gets one message.
struct SlowCarrier {
    network: SimulatedNetwork,
    asked: Mutex<Sender<PhoneNumber>>,
    answer: Mutex<Receiver<()>>,
}

impl Lookups for SlowCarrier {
    fn description(&self) -> &str {
        self.network.description()
    }
    fn check(&self, number: &PhoneNumber) -> Portability {
        self.asked.lock().unwrap().send(number.clone()).unwrap();
        // Bounded, so that an app that waited for the carrier on its own thread fails here
        // instead of hanging.
        let answered = self
            .answer
            .lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(30));
        answered.expect("the carrier was let answer: the check did not hold up the keys");
        self.network.check(number)
    }
    fn loa_max_age_days(&self, carrier_id: &str) -> Option<u32> {
        self.network.loa_max_age_days(carrier_id)
    }
    fn response_business_days(&self, carrier_id: &str) -> Option<u32> {
        self.network.response_business_days(carrier_id)
    }
    fn port_freeze(&self, carrier_id: &str, account: &str) -> bool {
        self.network.port_freeze(carrier_id, account)
    }
}

impl Submissions for SlowCarrier {
    fn submit(&self, order: &Order) -> Result<(), String> {
        self.network.submit(order)
    }
}

impl CarrierEvents for SlowCarrier {
    fn answer(
        &self,
        order: &Order,
        decided_on: jiff::civil::Date,
        account: &AccountHistory,
    ) -> Answer {
        self.network.answer(order, decided_on, account)
    }
}

impl CsrRequests for SlowCarrier {
    fn request_csr(
        &self,
        request: &CsrRequest,
        at: jiff::Timestamp,
        wrong_before: &[jiff::Timestamp],
    ) -> Result<CsrTicket, CsrRefusal> {
        self.network.request_csr(request, at, wrong_before)
    }
    fn csr_answer(&self, ticket: &CsrTicket, now: jiff::Timestamp) -> Option<Csr> {
        self.network.csr_answer(ticket, now)
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    app.update(Msg::Autosave);
}

fn frame(app: &App, terminal: &mut Terminal<TestBackend>) -> String {
    terminal.draw(|f| app.render(f)).unwrap();
    format!("{}", terminal.backend())
}

#[test]
fn the_wizard_draws_and_takes_keys_while_the_carrier_is_slow() {
    let dir = tempfile::tempdir().unwrap();
    let (asked, checks) = channel();
    let (answer, gate) = channel();
    let carrier = SlowCarrier {
        network: SimulatedNetwork::sample(),
        asked: Mutex::new(asked),
        answer: Mutex::new(gate),
    };
    let mut app = App::new(
        Box::new(DirStore::open(dir.path()).unwrap()),
        Box::new(carrier),
        Clock::parse("2026-11-20T10:00:00-05:00").unwrap(),
        Theme::monochrome(),
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Enter);
    app.settle();
    assert_eq!(app.wizard().map(|w| w.step), Some(2));
    for c in "2127365001".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    // The carrier has been asked about the number and holds its answer back.
    let first = checks.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(first.e164(), "+12127365001");
    assert!(app.wizard().unwrap().checking());
    let waiting = frame(&app, &mut terminal);
    assert!(
        waiting.contains("2127365001"),
        "the keys were taken:\n{waiting}"
    );
    assert!(waiting.contains("with the carriers…"), "{waiting}");
    assert!(!waiting.contains("Northwind"), "no answer yet:\n{waiting}");
    // More keys are taken and drawn while the carrier is still silent.
    app.handle_event(Event::Paste("\n2127365002".into()));
    let still = frame(&app, &mut terminal);
    assert!(still.contains("2127365002"), "{still}");
    assert!(still.contains("with the carriers…"), "{still}");
    // The carrier answers every look-up: the last check's result is shown, and no longer checking.
    answer.send(()).unwrap();
    let answering = std::thread::spawn(move || {
        // Until the carrier is gone with the app.
        while checks.recv().is_ok() {
            if answer.send(()).is_err() {
                break;
            }
        }
    });
    app.settle();
    assert!(!app.wizard().unwrap().checking());
    let answered = frame(&app, &mut terminal);
    assert!(answered.contains("Northwind Telecom"), "{answered}");
    assert!(answered.contains("2 can be ported"), "{answered}");
    assert!(!answered.contains("checking"), "{answered}");
    drop(app);
    answering.join().unwrap();
}

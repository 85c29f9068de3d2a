//! Test harness: the whole app on a temporary data directory with a fixed clock, driven by key events
//! and drawn on ratatui's TestBackend.
#![allow(dead_code)]

pub mod child;
pub mod cli;
pub mod stores;

use portwiz::app::{App, Msg};
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::Clock;
use portwiz::store::{DirStore, Store};
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

pub const NOW: &str = "2026-11-20T10:00:00-05:00";
pub const PIN: &str = "4829";

/// A sample carrier account, with what the wizard needs to order some of its numbers.
pub struct SampleAccount {
    pub numbers: &'static str,
    pub btn: &'static str,
    pub account: &'static str,
    pub user: (&'static str, &'static str),
    pub address: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    pub order_name: &'static str,
    pub email: &'static str,
    pub contact_phone: &'static str,
}

/// Cascade's account CC30412 (PIN 7351, answers in 4 business days).
pub const CHICAGO: SampleAccount = SampleAccount {
    numbers: "3126214401\n3126214402",
    btn: "3126214400",
    account: "CC30412",
    user: ("Tom", "Becker"),
    address: (
        "233 South Wacker Drive",
        "Floor 52",
        "Chicago",
        "IL",
        "60606",
    ),
    order_name: "Chicago move",
    email: "tom@contoso.example",
    contact_phone: "3126214499",
};

/// Cascade's account with the ZIP code 60601, where the CSR and the carrier have 60606.
pub const CHICAGO_WRONG_ZIP: SampleAccount = SampleAccount {
    address: (
        "233 South Wacker Drive",
        "Floor 52",
        "Chicago",
        "IL",
        "60601",
    ),
    ..CHICAGO
};

/// Cascade's frozen account CC30011 (no PIN on it), ordered with a PIN it does not have and a
/// wrong ZIP code.
pub const SEATTLE_FROZEN: SampleAccount = SampleAccount {
    numbers: "2064437101\n2064437102",
    btn: "2064437100",
    account: "CC30011",
    user: ("Priya", "Raman"),
    address: ("400 Pine Street", "", "Seattle", "WA", "98109"),
    order_name: "Seattle move",
    email: "priya@contoso.example",
    contact_phone: "2064437199",
};

/// Bluebell's mobile account BB551209 (PIN 482913, answers in 2 business days).
pub const SAN_FRANCISCO: SampleAccount = SampleAccount {
    numbers: "4155238801\n4155238802",
    btn: "4155238800",
    account: "BB551209",
    user: ("Marcus", "Lee"),
    address: ("1 Market Street", "", "San Francisco", "CA", "94105"),
    order_name: "San Francisco mobiles",
    email: "marcus@contoso.example",
    contact_phone: "4155238899",
};

pub struct Harness {
    pub app: App,
    pub dir: TempDir,
    pub terminal: Terminal<TestBackend>,
}

pub fn new_app(dir: &std::path::Path) -> App {
    let store = DirStore::open(dir).unwrap();
    App::new(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        Clock::parse(NOW).unwrap(),
        Theme::monochrome(),
    )
}

/// An app on the simulated clock, on an existing data directory (a second session).
pub fn new_simulated_app(dir: &std::path::Path) -> App {
    let store = DirStore::open(dir).unwrap();
    let clock = Clock::Simulated(portwiz::clock::parse_moment(NOW).unwrap());
    App::new(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        clock,
        Theme::monochrome(),
    )
}

impl Harness {
    /// The order as saved in the harness's data directory.
    pub fn stored(&self, id: &str) -> portwiz::domain::order::Order {
        DirStore::open(self.dir.path()).unwrap().order(id).unwrap()
    }

    pub fn new(width: u16, height: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let app = new_app(dir.path());
        Harness {
            app,
            dir,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        }
    }

    /// A harness whose clock is the simulated one, which `t` can move on.
    pub fn simulated(width: u16, height: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path()).unwrap();
        let clock = Clock::Simulated(portwiz::clock::parse_moment(NOW).unwrap());
        let app = App::new(
            Box::new(store),
            Box::new(SimulatedNetwork::sample()),
            clock,
            Theme::monochrome(),
        );
        Harness {
            app,
            dir,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        }
    }

    /// Moves the simulated clock on through the `t` prompt, as an administrator would.
    pub fn advance(&mut self, step: &str) -> &mut Self {
        self.typ("t");
        for _ in 0..8 {
            self.key(KeyCode::Backspace);
        }
        self.typ(step).enter()
    }

    pub fn status_of(&self, id: &str) -> portwiz::domain::status::Status {
        self.app
            .orders()
            .iter()
            .find(|o| o.id == id)
            .unwrap()
            .status
    }

    /// A second session on the same data directory, as after a restart.
    pub fn restart(&mut self) {
        self.app = new_app(self.dir.path());
    }

    /// A terminal of another size, which the app is told of as a terminal tells it.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        self.app.handle_event(Event::Resize(width, height));
    }

    /// A key, then what the event loop does after a burst of input: the background checks
    /// finish (a test waits for them, as a person waits for the screen) and the draft is saved.
    fn send(&mut self, event: KeyEvent) {
        self.app.handle_event(Event::Key(event));
        self.app.settle();
        self.app.update(Msg::Autosave);
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self
    }

    pub fn typ(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self
    }

    pub fn enter(&mut self) -> &mut Self {
        self.key(KeyCode::Enter)
    }

    pub fn tab(&mut self) -> &mut Self {
        self.key(KeyCode::Tab)
    }

    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.app.handle_event(Event::Paste(text.to_string()));
        self.app.settle();
        self.app.update(Msg::Autosave);
        self
    }

    /// Draws the app and returns the screen as text, one line per row.
    pub fn screen(&mut self) -> String {
        self.terminal.draw(|f| self.app.render(f)).unwrap();
        let buffer = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                out.push_str(buffer[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    pub fn step(&self) -> u8 {
        self.app.wizard().map(|w| w.step).unwrap_or(0)
    }

    /// From the review, opens `step` with its digit key, and checks that the wizard is there.
    pub fn edit_step(&mut self, step: u8) -> &mut Self {
        assert_eq!(self.step(), 8, "digits open a step from the review only");
        self.typ(&step.to_string());
        assert_eq!(self.step(), step, "{}", self.screen());
        self
    }

    /// Goes on with Ctrl-N up to the review; fails, with the screen, on a step that holds it back.
    pub fn next_to_review(&mut self) -> &mut Self {
        while self.step() < 8 {
            let before = self.step();
            self.ctrl('n');
            assert!(
                self.step() > before,
                "Ctrl-N does not leave step {before}: {}",
                self.screen()
            );
        }
        self
    }

    pub fn order_file(&self, id: &str) -> serde_json::Value {
        let text =
            std::fs::read_to_string(self.dir.path().join("orders").join(format!("{id}.json")))
                .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    // ---- the sample journey, one step at a time ----

    pub fn start_us_order(&mut self) -> &mut Self {
        self.typ("n").enter()
    }

    pub fn numbers_step(&mut self) -> &mut Self {
        self.paste(
            "(212) 736-5001, 212.736.5002\n+1 212 736 5003\n2127365001\n212 555 0150\n888-736-2000",
        )
    }

    pub fn choose_first_group(&mut self) -> &mut Self {
        self.tab().tab().enter()
    }

    pub fn btn_step(&mut self) -> &mut Self {
        // The account's main number stays behind, so the port is Partial by itself.
        self.typ("2127365000").enter().enter()
    }

    pub fn account_step(&mut self) -> &mut Self {
        self.typ("Contoso Ltd")
            .enter()
            .typ("4410-2231-77")
            .enter()
            .typ(PIN)
            .enter()
            .typ("Dana")
            .enter()
            .typ("Whitfield")
            .enter()
    }

    pub fn address_step(&mut self) -> &mut Self {
        self.new_york_address("Suite 4100")
    }

    /// The New York service address of the sample Northwind accounts, with the suite given.
    pub fn new_york_address(&mut self, suite: &str) -> &mut Self {
        self.typ("350 Fifth Avenue")
            .enter()
            .typ(suite)
            .enter()
            .typ("New York")
            .enter()
            .typ("NY")
            .enter()
            .typ("10118")
            .enter()
    }

    pub fn documents_step(&mut self) -> &mut Self {
        self.loa_signed_on("2026-11-18")
    }

    /// Attaches the fixture LOA and gives the date it was signed.
    pub fn loa_signed_on(&mut self, date: &str) -> &mut Self {
        self.typ("tests/fixtures/loa.pdf")
            .enter()
            .tab()
            .typ(date)
            .enter()
    }

    pub fn details_step(&mut self) -> &mut Self {
        self.typ("NYC office move")
            .enter()
            .typ("2026-12-14")
            .enter()
            .enter()
            .typ("Dana Whitfield")
            .enter()
            .typ("dana@contoso.example")
            .enter()
            .typ("212 736 5099")
            .enter()
            .typ("it@contoso.example")
            .enter()
    }

    pub fn fill_to_review(&mut self) -> &mut Self {
        self.start_us_order()
            .numbers_step()
            .choose_first_group()
            .btn_step()
            .account_step()
            .address_step()
            .documents_step()
            .details_step()
    }

    /// Fills the wizard for Cascade's account CC30412 (PIN 7351) with `pin`, and submits it.
    pub fn submit_chicago_order(&mut self, pin: &str) {
        self.submit_order(&CHICAGO, pin);
    }

    /// Types the service address step's five fields, the last one not left.
    pub fn service_address(&mut self, values: [&str; 5]) -> &mut Self {
        for value in &values[..4] {
            self.typ(value).enter();
        }
        self.typ(values[4])
    }

    /// Fills the wizard for a sample account with `pin` (its LOA signed the day before), and
    /// submits it.
    pub fn submit_order(&mut self, account: &SampleAccount, pin: &str) {
        self.typ("n")
            .enter()
            .paste(account.numbers)
            .tab()
            .tab()
            .enter();
        self.typ(account.btn).enter().enter();
        self.typ("Contoso Ltd")
            .enter()
            .typ(account.account)
            .enter()
            .typ(pin)
            .enter()
            .typ(account.user.0)
            .enter()
            .typ(account.user.1)
            .enter();
        let (street, suite, city, region, zip) = account.address;
        self.service_address([street, suite, city, region, zip])
            .enter();
        self.typ("tests/fixtures/loa.pdf")
            .enter()
            .tab()
            .typ("2026-11-19")
            .enter();
        self.typ(account.order_name)
            .enter()
            .typ("2026-12-14")
            .enter()
            .enter();
        self.typ(&format!("{} {}", account.user.0, account.user.1))
            .enter()
            .typ(account.email)
            .enter()
            .typ(account.contact_phone)
            .enter()
            .enter();
        assert_eq!(self.step(), 8, "{}", self.screen());
        self.typ("s").typ("y");
    }
}

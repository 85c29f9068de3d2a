//! The app's screens follow from its inputs alone: with the clock, the real time and the random
//! source fixed, the same keys draw the same frames, the release code included.

use portwiz::app::{App, Msg};
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::Clock;
use portwiz::machine::Machine;
use portwiz::store::DirStore;
use portwiz::ui::theme::Theme;
use portwiz::workspace::Workspace;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const NOW: &str = "2026-11-20T10:00:00-05:00";

/// Every frame drawn while the keys are typed into a new app on a new data directory.
fn frames(seed: u64) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let real_time: jiff::Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
    let ws = Workspace::on(
        Box::new(DirStore::open(dir.path()).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::parse(NOW).unwrap(),
        Machine::seeded(move || real_time, seed),
    );
    let mut app = App::on(ws, Theme::monochrome());
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut frames = Vec::new();
    let keys = [
        KeyCode::Char('n'),
        KeyCode::Enter,
        KeyCode::Char('2'),
        KeyCode::Char('1'),
        KeyCode::Char('2'),
        KeyCode::Esc,
        KeyCode::Char('p'),
        KeyCode::Home,
        KeyCode::Char('r'),
    ];
    for code in keys {
        app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        app.settle();
        app.update(Msg::Autosave);
        terminal.draw(|f| app.render(f)).unwrap();
        frames.push(format!("{}", terminal.backend()));
    }
    frames
}

#[test]
fn a_fixed_clock_and_seed_give_the_same_frames_twice() {
    let first = frames(42);
    let last = first.last().unwrap();
    assert!(
        last.contains("Release"),
        "the release prompt is open:\n{last}"
    );
    assert!(
        first[3].contains("212"),
        "the numbers were typed:\n{}",
        first[3]
    );
    assert_eq!(first, frames(42));
    let other = frames(43);
    assert_ne!(
        first.last(),
        other.last(),
        "another seed gives another release code"
    );
    assert_eq!(first[..first.len() - 1], other[..other.len() - 1]);
}

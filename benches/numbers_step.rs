//! A key and a frame on the wizard's numbers step with the numbers field full (1,000,000
//! characters, about 76,000 numbers, the most it takes): what the administrator waits for after
//! each key, from the key to the draft saved and the frame drawn at 100x30, as the event loop does.

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::app::{App, Msg};
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::Clock;
use portwiz::domain::limits::max_chars;
use portwiz::domain::validate::Field;
use portwiz::store::DirStore;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// New York numbers in E.164, one a line, as many as the field takes whole.
fn full_field() -> String {
    let max = max_chars(Field::Numbers).unwrap();
    let mut text = String::new();
    for i in 0.. {
        let number = format!("+1646{:03}{:04}", 200 + i / 10_000, i % 10_000);
        if text.len() + number.len() + 1 > max {
            break;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&number);
    }
    text
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The app on a new order's numbers step, the field full and its portability check taken in.
fn on_a_full_numbers_step(dir: &std::path::Path) -> App {
    let store = DirStore::open(dir).unwrap();
    let clock = Clock::parse("2026-11-20T10:00:00-05:00").unwrap();
    let network = SimulatedNetwork::sample();
    let mut app = App::new(Box::new(store), Box::new(network), clock, Theme::color());
    app.handle_event(Event::Resize(100, 30));
    for code in [KeyCode::Char('n'), KeyCode::Enter] {
        app.handle_event(key(code));
    }
    app.handle_event(Event::Paste(full_field()));
    app.settle();
    app.update(Msg::Autosave);
    let wizard = app.wizard().unwrap();
    assert_eq!(wizard.step, 2);
    assert!(wizard.order.fields.numbers_text.len() > 999_980);
    app
}

/// One key, then what the event loop does after it: the draft saved if it changed, and a frame.
fn key_and_frame(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    app.handle_event(key(code));
    app.update(Msg::Autosave);
    terminal.draw(|frame| app.render(frame)).unwrap();
}

fn keys_on_a_full_field(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_a_full_numbers_step(dir.path());
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut group = c.benchmark_group("numbers step, field full (1,000,000 characters), 100x30");
    group.sample_size(20);
    // Up and Down in turn: the caret moves, the text stays.
    let mut up = true;
    group.bench_function("a caret key and a frame", |b| {
        b.iter(|| {
            up = !up;
            let code = if up { KeyCode::Up } else { KeyCode::Down };
            key_and_frame(&mut app, &mut terminal, code)
        })
    });
    // Backspace, then the digit back: two edits of the text, two saves, two frames. The
    // portability check each edit asks for runs on the job thread, and is waited for untimed.
    group.bench_function("Backspace and a digit typed back, each with a frame", |b| {
        b.iter_custom(|iterations| {
            let mut timed = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                key_and_frame(&mut app, &mut terminal, KeyCode::Backspace);
                key_and_frame(&mut app, &mut terminal, KeyCode::Char('9'));
                timed += started.elapsed();
                app.settle();
            }
            timed
        })
    });
    group.finish();
}

criterion_group!(benches, keys_on_a_full_field);
criterion_main!(benches);

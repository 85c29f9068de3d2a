//! Benchmarks for issue 2's targets: checking 20,000 pasted numbers (under 20 ms) and drawing the
//! numbers step holding 999 numbers at 120x40 (under 1 ms a frame).

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::app::{App, Msg};
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::Clock;
use portwiz::domain::phone::{Country, parse_list};
use portwiz::store::DirStore;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;

/// `count` distinct valid New York numbers in the mixed forms people paste.
fn pasted_numbers(count: usize) -> String {
    (0..count)
        .map(|i| {
            let exchange = 200 + (i / 10_000) as u32;
            let line = i % 10_000;
            match i % 3 {
                0 => format!("(212) {exchange}-{line:04}"),
                1 => format!("+1 212 {exchange} {line:04}"),
                _ => format!("212.{exchange}.{line:04}"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse(c: &mut Criterion) {
    let text = pasted_numbers(20_000);
    c.bench_function("parse and validate 20,000 pasted numbers", |b| {
        b.iter(|| {
            let list = parse_list(black_box(&text), Some(Country::UnitedStates));
            assert_eq!(list.unique_count(), 20_000);
            list
        })
    });
}

/// A network in which one account holds the 999 numbers, so they form one group.
fn network_with(numbers: &[String]) -> SimulatedNetwork {
    let records: Vec<String> = numbers
        .iter()
        .map(|n| format!(r#"{{"number": "{n}", "type": "geographic"}}"#))
        .collect();
    let json = format!(
        r#"{{"carriers": [{{"id": "big", "name": "Big Carrier", "response_business_days": 3, "loa_max_age_days": 30,
        "accounts": [{{"account_number": "A1", "organization": "Contoso", "authorized_user": {{"first_name": "A", "last_name": "B"}},
        "service_address": {{"street": "1 Main St", "city": "New York", "region": "NY", "postal_code": "10001"}},
        "btn": "{}", "numbers": [{}]}}]}}]}}"#,
        numbers[0],
        records.join(",")
    );
    SimulatedNetwork::from_json(&json, "bench").unwrap()
}

fn render_numbers_step(c: &mut Criterion) {
    let text = pasted_numbers(999);
    let e164: Vec<String> = parse_list(&text, None)
        .unique_numbers()
        .map(|n| n.e164().to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = DirStore::open(dir.path()).unwrap();
    let clock = Clock::parse("2026-11-20T10:00:00-05:00").unwrap();
    let mut app = App::new(
        Box::new(store),
        Box::new(network_with(&e164)),
        clock,
        Theme::color(),
    );
    for code in [KeyCode::Char('n'), KeyCode::Enter] {
        app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    app.handle_event(Event::Paste(text));
    app.settle();
    app.update(Msg::Autosave);
    let wizard = app.wizard().unwrap();
    assert_eq!(
        wizard.order.numbers().len(),
        999,
        "one group of 999 numbers, chosen"
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("render the numbers step with 999 numbers at 120x40", |b| {
        b.iter(|| terminal.draw(|frame| app.render(frame)).unwrap().area)
    });
}

criterion_group!(benches, parse, render_numbers_step);
criterion_main!(benches);

//! Benchmarks for issue 3's targets: the history screen holding 10,000 orders at 120x40 (under 1 ms a
//! frame), and `orders list --json` over 10,000 order files (under 150 ms), beside merely reading
//! the same files, the floor any listing pays.

#[path = "support.rs"]
mod support;

use support::{ORDERS, fill_store, workspace};

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::cli;
use portwiz::clock::{Clock, parse_moment};
use portwiz::store::DirStore;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn history(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    fill_store(dir.path());
    let app = App::new(
        Box::new(DirStore::open(dir.path()).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Fixed(parse_moment("2026-11-20T10:00:00-05:00").unwrap()),
        Theme::color(),
    );
    assert_eq!(app.orders().len(), ORDERS);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(
        "render the history screen with 10,000 orders at 120x40",
        |b| b.iter(|| terminal.draw(|frame| app.render(frame)).unwrap().area),
    );
}

fn listing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    fill_store(dir.path());
    let ws = workspace(dir.path());
    let mut group = c.benchmark_group("10,000 order files");
    group.sample_size(20);
    group.bench_function("portwiz orders list --json", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(4 << 20);
            cli::orders_list(&ws, None, true, &mut out).unwrap();
            out.len()
        })
    });
    group.bench_function("read the same files (the floor)", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for entry in std::fs::read_dir(dir.path().join("orders"))
                .unwrap()
                .flatten()
            {
                bytes += black_box(std::fs::read(entry.path()).unwrap()).len();
            }
            bytes
        })
    });
    group.finish();
}

criterion_group!(benches, history, listing);
criterion_main!(benches);

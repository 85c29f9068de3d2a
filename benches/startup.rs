//! Issue 8's benchmarks on the realistic stores of benches/support.rs, each through the path the program
//! takes: start to first frame with 10,000 and 100,000 orders (targets: under 100 ms and 500 ms),
//! `orders list --json` (150 ms) and `clock show` (20 ms) over 10,000, one `clock advance 1d` over
//! 10,000, and the details page of a fully populated order (under 1 ms a frame).

#[path = "support.rs"]
mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use portwiz::app::App;
use portwiz::ui::screens::details::DetailsState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{
    clock_advance, clock_show, listed_orders, open_app, open_details, open_workspace,
    orders_list_json, realistic_store,
};

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).unwrap()
}

/// One frame of the app, as text.
fn screen_text(terminal: &mut Terminal<TestBackend>, app: &App) -> String {
    terminal.draw(|frame| app.render(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|cell| cell.symbol()).collect()
}

/// A realistic store, checked and described on first use only (so a filter that skips a benchmark
/// skips generating its store).
fn store_once(count: usize) -> impl Fn() -> PathBuf {
    let store = OnceCell::new();
    move || {
        store
            .get_or_init(|| {
                let (dir, info) = realistic_store(count);
                eprintln!("\n{}", info.describe());
                (dir, info)
            })
            .0
            .clone()
    }
}

fn first_frame(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let store = store_once(count);
        let mut group = c.benchmark_group(format!("{count} realistic orders"));
        group.sample_size(10);
        if count > 10_000 {
            group.measurement_time(Duration::from_secs(40));
        }
        let checked = OnceCell::new();
        group.bench_function(
            "start to first frame (open, catch up on the simulated clock, draw at 120x40)",
            |b| {
                let dir = store();
                checked.get_or_init(|| {
                    let header = format!("Port orders: {count} (");
                    let text = screen_text(&mut terminal(), &open_app(&dir));
                    assert!(text.contains(&header), "the first frame shows {header:?}");
                });
                // The app is dropped outside the measure: the program draws its first frame
                // long before it ends.
                b.iter_with_large_drop(|| {
                    let app = open_app(&dir);
                    assert_eq!(listed_orders(&app), count);
                    terminal().draw(|frame| app.render(frame)).unwrap();
                    app
                })
            },
        );
        group.finish();
    }
}

fn commands(c: &mut Criterion) {
    let (dir, info) = realistic_store(10_000);
    let ws = open_workspace(&dir);
    let mut out = Vec::new();
    assert_eq!(orders_list_json(&ws, &mut out), 0);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows.len(), info.orders, "every order is listed");
    out.clear();
    assert_eq!(clock_show(&ws, &mut out), 0);
    let shown = String::from_utf8(out).unwrap();
    assert!(
        shown.starts_with("Simulated clock: Fri 2026-11-20 10:00 ET"),
        "{shown}"
    );
    eprintln!("clock show lists {} open orders", shown.lines().count() - 1);
    let mut group = c.benchmark_group("10,000 realistic orders, commands");
    group.sample_size(10);
    group.bench_function("portwiz orders list --json", |b| {
        b.iter(|| {
            let ws = open_workspace(&dir);
            let mut out = Vec::with_capacity(4 << 20);
            orders_list_json(&ws, &mut out);
            out.len()
        })
    });
    group.bench_function("portwiz clock show", |b| {
        b.iter(|| {
            let ws = open_workspace(&dir);
            let mut out = Vec::with_capacity(1 << 20);
            clock_show(&ws, &mut out);
            out.len()
        })
    });
    group.finish();
}

/// Copies a data directory, so that each advance starts from the same store.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn advance(c: &mut Criterion) {
    let (dir, _) = realistic_store(10_000);
    let copy = || {
        let temp = tempfile::tempdir_in(dir.parent().unwrap()).unwrap();
        copy_dir(&dir, temp.path());
        temp
    };
    let probe = copy();
    let mut ws = open_workspace(probe.path());
    let mut out = Vec::new();
    assert_eq!(clock_advance(&mut ws, "1d", &mut out), 0);
    let report = String::from_utf8(out).unwrap();
    eprintln!(
        "clock advance 1d changes {} orders",
        report.lines().count() - 1
    );
    drop(probe);
    let mut group = c.benchmark_group("10,000 realistic orders, clock");
    group.sample_size(10);
    group.bench_function(
        "portwiz clock advance 1d (a fresh copy of the store each time)",
        |b| {
            b.iter_batched(
                copy,
                |temp| {
                    let mut ws = open_workspace(temp.path());
                    let mut out = Vec::new();
                    clock_advance(&mut ws, "1d", &mut out);
                    temp
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

fn details(c: &mut Criterion) {
    let (dir, info) = realistic_store(10_000);
    let mut app = open_app(&dir);
    open_details(&mut app, &info.full_order_id);
    let Some(state) = app.screen::<DetailsState>() else {
        unreachable!("open_details asserts the details are open")
    };
    let order = state.order.clone();
    eprintln!(
        "the full order: {} numbers, {} submissions, {} rejections, {} timeline events",
        order.numbers().len(),
        order.submissions.len(),
        order.rejections.len(),
        order.timeline.len()
    );
    let name = order.fields.order_name.clone();
    let mut terminal = terminal();
    assert!(screen_text(&mut terminal, &app).contains(&name));
    c.bench_function(
        "render the details page of a fully populated order at 120x40 (10,000 orders loaded)",
        |b| b.iter(|| terminal.draw(|frame| app.render(frame)).unwrap().area),
    );
}

criterion_group!(benches, first_frame, commands, advance, details);
criterion_main!(benches);

//! Issue 11's benchmarks: the PostgreSQL store with the realistic stores of benches/support.rs,
//! each copied once by `store copy` into a database `portwiz_bench_N` of the server that
//! `PORTWIZ_DATABASE_URL` names (the user needs CREATEDB there), and kept for the next run: start to
//! first frame with 10,000 and 100,000 orders (target at 10,000: under 100 ms), `orders list --json`
//! (under 300 ms at 10,000) and a clock step over all of them (`clock advance 1d`, on a fresh copy
//! of the database each time). Without `PORTWIZ_DATABASE_URL` it says so and measures nothing.

#[path = "support.rs"]
mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::cli::{self, Workspace};
use portwiz::clock::Clock;
use portwiz::store::pg::{Target, migrate};
use portwiz::store::{DirStore, PgStore, Store};
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::OnceCell;
use std::time::{Duration, Instant};
use support::realistic_store;

const SIZES: [usize; 2] = [10_000, 100_000];

/// The server's URL, or `None` (said once) when no server is given.
fn server_url() -> Option<String> {
    let url = std::env::var("PORTWIZ_DATABASE_URL").ok();
    if url.is_none() {
        eprintln!(
            "PORTWIZ_DATABASE_URL is not set: the PostgreSQL benchmarks need a server (a postgres:// URL whose user may create databases); nothing measured"
        );
    }
    url
}

/// The URL of another database on the same server: `name` in place of the URL's database.
fn on_database(url: &str, name: &str) -> String {
    let (address, settings) = url
        .split_once('?')
        .map_or((url, None), |(address, settings)| (address, Some(settings)));
    let start = address.find("://").map_or(0, |i| i + 3);
    let server = match address[start..].find('/') {
        Some(slash) => &address[..start + slash],
        None => address,
    };
    match settings {
        Some(settings) => format!("{server}/{name}?{settings}"),
        None => format!("{server}/{name}"),
    }
}

fn open(url: &str) -> PgStore {
    PgStore::open(Target::parse(url).unwrap()).unwrap()
}

/// Runs SQL on the server's own URL (its maintenance database).
fn admin(server: &str, sql: &str) {
    let mut client = Target::parse(server).unwrap().connect().unwrap();
    client.batch_execute(sql).unwrap();
}

/// A database of `count` realistic orders: made once by `store copy` from the data directory of
/// benches/support.rs, then kept. Gives its URL.
fn loaded(server: &str, count: usize) -> String {
    let name = format!("portwiz_bench_{count}");
    let url = on_database(server, &name);
    let ready = PgStore::open(Target::parse(&url).unwrap())
        .ok()
        .is_some_and(|store| store.order_count().ok() == Some(count as i64));
    if ready {
        return url;
    }
    let (dir, info) = realistic_store(count);
    eprintln!("\n{}", info.describe());
    // Two requests: several statements in one run as one transaction, which DROP DATABASE refuses.
    admin(
        server,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    admin(server, &format!("CREATE DATABASE {name}"));
    let target = Target::parse(&url).unwrap();
    migrate(&mut target.connect().unwrap(), &target.shown()).unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    let from = DirStore::open(&dir).unwrap();
    cli::store_copy(&from, &open(&url), &mut out).unwrap();
    eprintln!(
        "{}in {:.1} s",
        String::from_utf8_lossy(&out),
        started.elapsed().as_secs_f64()
    );
    url
}

/// The store's simulated clock, as `main` reads it when `PORTWIZ_NOW` is unset.
fn stored_clock(store: &PgStore) -> Clock {
    Clock::Simulated(
        store
            .clock()
            .unwrap()
            .expect("a realistic store has its clock"),
    )
}

/// What `main` builds when started without a command, on the PostgreSQL store.
fn open_app(url: &str) -> App {
    let store = open(url);
    let clock = stored_clock(&store);
    App::new(
        Box::new(store),
        Box::new(SimulatedNetwork::sample()),
        clock,
        Theme::color(),
    )
}

/// What `main` builds for a command, on the PostgreSQL store.
fn open_workspace(url: &str) -> Workspace {
    let store = open(url);
    let clock = stored_clock(&store);
    Workspace::open(Box::new(store), Box::new(SimulatedNetwork::sample()), clock)
}

/// A loaded database, made and checked on first use only (so a filter that skips a benchmark
/// skips loading its orders): its URL.
fn database_once(server: &str, count: usize) -> impl Fn() -> String {
    let url = OnceCell::new();
    move || {
        url.get_or_init(|| {
            let url = loaded(server, count);
            let header = format!("Port orders: {count} (");
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            let app = open_app(&url);
            terminal.draw(|frame| app.render(frame)).unwrap();
            let text: String = (terminal.backend().buffer().content().iter())
                .map(|cell| cell.symbol())
                .collect();
            assert!(text.contains(&header), "the first frame shows {header:?}");
            url
        })
        .clone()
    }
}

fn first_frame(c: &mut Criterion) {
    let Some(server) = server_url() else { return };
    for count in SIZES {
        let url = database_once(&server, count);
        let mut group = c.benchmark_group(format!("PostgreSQL, {count} realistic orders"));
        group.sample_size(10);
        if count > 10_000 {
            group.measurement_time(Duration::from_secs(40));
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        group.bench_function(
            "start to first frame (connect, read the list, draw at 120x40)",
            |b| {
                let url = url();
                b.iter_with_large_drop(|| {
                    let app = open_app(&url);
                    assert_eq!(app.orders().len(), count);
                    terminal.draw(|frame| app.render(frame)).unwrap();
                    app
                })
            },
        );
        group.bench_function("portwiz orders list --json", |b| {
            let url = url();
            b.iter(|| {
                let ws = open_workspace(&url);
                let mut out = Vec::with_capacity(4 << 20);
                cli::orders_list(&ws, None, true, &mut out).unwrap();
                out.len()
            })
        });
        group.finish();
    }
}

/// `clock advance 1d` over every order, on a fresh copy of the loaded database each time.
fn clock_step(c: &mut Criterion) {
    let Some(server) = server_url() else { return };
    for count in SIZES {
        let template = format!("portwiz_bench_{count}");
        let url = on_database(&server, "portwiz_bench_step");
        let copy = || {
            // A template may have no sessions: the last app's listener leaves within a moment.
            let mut tries = 0;
            loop {
                let mut client = Target::parse(&server).unwrap().connect().unwrap();
                let made = client
                    .batch_execute("DROP DATABASE IF EXISTS portwiz_bench_step WITH (FORCE)")
                    .and_then(|()| {
                        client.batch_execute(&format!(
                            "CREATE DATABASE portwiz_bench_step TEMPLATE {template} STRATEGY FILE_COPY"
                        ))
                    });
                match made {
                    Ok(()) => break,
                    Err(e) if tries < 100 => {
                        tries += 1;
                        eprintln!("waiting for {template} to be free: {e}");
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    Err(e) => panic!("{template} stays in use: {e}"),
                }
            }
        };
        let probed = OnceCell::new();
        let mut group = c.benchmark_group(format!("PostgreSQL, {count} realistic orders, clock"));
        group.sample_size(10);
        group.bench_function(
            "portwiz clock advance 1d (a fresh copy of the database each time)",
            |b| {
                probed.get_or_init(|| {
                    loaded(&server, count);
                    copy();
                    let mut ws = open_workspace(&url);
                    let mut out = Vec::new();
                    cli::clock_advance(&mut ws, "1d", false, &mut out).unwrap();
                    let report = String::from_utf8(out).unwrap();
                    eprintln!(
                        "clock advance 1d changes {} of {count} orders",
                        report.lines().count() - 1
                    );
                });
                b.iter_batched(
                    copy,
                    |()| {
                        let mut ws = open_workspace(&url);
                        let mut out = Vec::new();
                        cli::clock_advance(&mut ws, "1d", false, &mut out).unwrap();
                        ws
                    },
                    BatchSize::PerIteration,
                )
            },
        );
        group.finish();
    }
}

criterion_group!(benches, first_frame, clock_step);
criterion_main!(benches);

//! The performance report's benchmarks (docs/PERFORMANCE.md): start to first frame with 10,000 orders
//! in the store (under 100 ms), the details screen (under 1 ms a frame), and one autosave beside a
//! bare write-and-flush of a file of the same size, the physical floor (under 1.5 times it).

#[path = "support.rs"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::clock::{Clock, parse_moment};
use portwiz::store::DirStore;
use portwiz::ui::screens::details::DetailsState;
use portwiz::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::io::Write;
use std::path::Path;
use support::{ORDERS, fill_store};

fn open_app(dir: &Path) -> App {
    App::new(
        Box::new(DirStore::open(dir).unwrap()),
        Box::new(SimulatedNetwork::sample()),
        Clock::Fixed(parse_moment("2026-11-20T10:00:00-05:00").unwrap()),
        Theme::color(),
    )
}

fn first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    fill_store(dir.path());
    let mut group = c.benchmark_group("10,000 orders in the store");
    group.sample_size(10);
    group.bench_function("start to first frame (load, then draw at 120x40)", |b| {
        b.iter(|| {
            let app = open_app(dir.path());
            assert_eq!(app.orders().len(), ORDERS);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|frame| app.render(frame)).unwrap().area
        })
    });
    group.finish();
}

fn details(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    fill_store(dir.path());
    let mut app = open_app(dir.path());
    let id = app.orders()[0].id.clone();
    let order = portwiz::store::Store::order(&DirStore::open(dir.path()).unwrap(), &id).unwrap();
    // The page takes the app's clock when shown.
    let now = order.updated_at;
    app.show(Box::new(DetailsState::new(order, None, false, now)));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(
        "render the details screen at 120x40 (10,000 orders loaded)",
        |b| b.iter(|| terminal.draw(|frame| app.render(frame)).unwrap().area),
    );
}

fn autosave(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    fill_store(dir.path());
    let store = DirStore::open(dir.path()).unwrap();
    let mut order = portwiz::store::all_orders(&store).remove(0);
    let size = serde_json::to_vec_pretty(&order).unwrap().len();
    let bytes = vec![b'x'; size];
    let bare = dir.path().join("bare.json");
    let mut group = c.benchmark_group(format!("one save of a {size}-byte order"));
    group.bench_function(
        "autosave (revision check, temp, fsync, rename, dir fsync)",
        |b| {
            b.iter(|| {
                order.fields.city = format!("City {}", order.revision);
                portwiz::store::save_order(&store, &mut order).unwrap();
            })
        },
    );
    group.bench_function(
        "bare write and fsync of a file of the same size (the floor)",
        |b| {
            b.iter(|| {
                let mut file = std::fs::File::create(&bare).unwrap();
                file.write_all(&bytes).unwrap();
                file.sync_all().unwrap();
            })
        },
    );
    group.finish();
}

criterion_group!(benches, first_frame, details, autosave);
criterion_main!(benches);

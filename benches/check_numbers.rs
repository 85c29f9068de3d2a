//! Issue 13: `portwiz check-numbers` on a list of 100,000 distinct numbers (the list of
//! docs/PERFORMANCE.md, cut to a tenth), read from a file and laid out as text into memory: the
//! whole of the command but the pipe. The target is 1,000,000 numbers a second, 100 ms here.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;

const NUMBERS: u64 = 100_000;

fn check_a_list(c: &mut Criterion) {
    let areas = [212, 646, 718, 917, 332, 347, 929, 516, 631, 914];
    let mut list = String::new();
    for i in 0..NUMBERS {
        let area = areas[(i % 10) as usize];
        writeln!(list, "({area}) {}-{:04}", 230 + i / 10_000, i / 10 % 1000).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("100k.txt");
    std::fs::write(&file, list).unwrap();
    let mut out = Vec::with_capacity(64 << 20);
    let mut group = c.benchmark_group("check-numbers");
    group.throughput(Throughput::Elements(NUMBERS));
    group.bench_function("100,000 numbers from a file, as text", |b| {
        b.iter(|| {
            out.clear();
            portwiz::cli::check_numbers(None, false, Some(&file), &mut out).unwrap();
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, check_a_list);
criterion_main!(benches);

//! The whole release binary timed from outside (issue 8): `portwiz --data-dir DIR` in a 120x40
//! pseudo-terminal on the realistic 10,000-order store, from the start of the process until the order
//! list's first frame shows its count, and the peak memory by then (the kernel's VmHWM); then Ctrl-C,
//! and a check that the terminal was restored. Ten runs; prints min, median and max.
#![cfg(target_os = "linux")]

#[path = "support.rs"]
mod support;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 40;
const COLS: u16 = 120;
const RUNS: usize = 10;
const ORDERS: usize = 10_000;

struct Run {
    first_frame: Duration,
    peak_kib: u64,
}

fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("the kernel reports the peak");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// One start of the binary: the time to the first frame that shows `header`, and the peak memory.
fn run_once(binary: &Path, data_dir: &Path, header: &str) -> Run {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(binary);
    cmd.arg("--data-dir");
    cmd.arg(data_dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("PORTWIZ_NOW");
    cmd.env_remove("PORTWIZ_DATA_DIR");
    cmd.env_remove("NO_COLOR");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("portwiz starts");
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (seen, shown) = mpsc::channel();
    let sink = Arc::clone(&parser);
    let wanted = header.to_string();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        let mut reported = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut parser = sink.lock().unwrap();
            parser.process(&buf[..n]);
            if !reported && parser.screen().contents().contains(&wanted) {
                reported = true;
                let _ = seen.send(Instant::now());
            }
        }
    });
    let at = shown
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| {
            panic!(
                "{header:?} never appeared; the screen shows:\n{}",
                parser.lock().unwrap().screen().contents()
            )
        });
    let pid = child.process_id().unwrap();
    let peak_kib = peak_memory_kib(pid);
    let mut writer = pair.master.take_writer().unwrap();
    writer.write_all(b"\x03").unwrap();
    writer.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "portwiz did not quit on Ctrl-C");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "portwiz exits 0 on Ctrl-C: {status:?}");
    // Let the reader take the last bytes the program wrote, then check the terminal is restored.
    std::thread::sleep(Duration::from_millis(100));
    let parser = parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "back on the normal screen");
    assert!(!screen.bracketed_paste(), "bracketed paste switched off");
    assert!(!screen.hide_cursor(), "cursor shown again");
    Run {
        first_frame: at - started,
        peak_kib,
    }
}

fn summary<T: Copy + Ord>(mut values: Vec<T>) -> (T, T, T) {
    values.sort();
    (
        values[0],
        values[values.len() / 2],
        values[values.len() - 1],
    )
}

fn main() {
    let binary = Path::new(env!("CARGO_BIN_EXE_portwiz"));
    let (dir, info) = support::realistic_store(ORDERS);
    println!("{}", info.describe());
    println!("binary: {}", binary.display());
    let header = format!("Port orders: {ORDERS} (");
    let runs: Vec<Run> = (0..RUNS).map(|_| run_once(binary, &dir, &header)).collect();
    let (min, median, max) = summary(runs.iter().map(|r| r.first_frame).collect());
    println!(
        "start to first frame in a {COLS}x{ROWS} pty, {RUNS} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        min.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    let (min, median, max) = summary(runs.iter().map(|r| r.peak_kib).collect());
    println!(
        "peak memory (VmHWM) at the first frame: min {:.1} MiB, median {:.1} MiB, max {:.1} MiB",
        min as f64 / 1024.0,
        median as f64 / 1024.0,
        max as f64 / 1024.0
    );
}

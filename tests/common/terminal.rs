//! The real binary in a pseudo-terminal, read through a vt100 parser as a person would see it: a
//! session to type into and read the screen of, on a data directory or a PostgreSQL store.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

/// What the program asked the terminal to put on its clipboard (OSC 52): the selection and the
/// base64 text of each request, as the terminal received them.
#[derive(Default)]
pub struct Clipboard {
    pub copies: Vec<(Vec<u8>, Vec<u8>)>,
}

impl vt100::Callbacks for Clipboard {
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, selection: &[u8], base64: &[u8]) {
        self.copies.push((selection.to_vec(), base64.to_vec()));
    }
}

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser<Clipboard>>>,
    master: Option<Box<dyn MasterPty + Send>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    /// The thread that feeds the parser; it ends when the terminal's last slave side is closed.
    reader: Option<std::thread::JoinHandle<()>>,
}

/// The store a session works on.
enum Store<'a> {
    Dir(&'a Path),
    Database(&'a str),
}

impl Session {
    /// The binary with `PORTWIZ_NOW` fixing the clock.
    pub fn start(data_dir: &Path) -> Session {
        Session::spawn(Store::Dir(data_dir), true)
    }

    /// The binary on the data directory's simulated clock.
    pub fn start_simulated(data_dir: &Path) -> Session {
        Session::spawn(Store::Dir(data_dir), false)
    }

    /// The binary on a PostgreSQL store and its simulated clock.
    pub fn start_on_database(url: &str) -> Session {
        Session::spawn(Store::Database(url), false)
    }

    fn spawn(store: Store, fixed_now: bool) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_portwiz"));
        cmd.env("TERM", "xterm-256color");
        match store {
            Store::Dir(dir) => {
                cmd.env("PORTWIZ_DATA_DIR", dir);
                cmd.env_remove("PORTWIZ_DATABASE_URL");
            }
            Store::Database(url) => {
                cmd.env("PORTWIZ_DATABASE_URL", url);
                cmd.env_remove("PORTWIZ_DATA_DIR");
            }
        }
        if fixed_now {
            cmd.env("PORTWIZ_NOW", "2026-11-20T10:00:00-05:00");
        } else {
            cmd.env_remove("PORTWIZ_NOW");
        }
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("portwiz starts");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            ROWS,
            COLS,
            0,
            Clipboard::default(),
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stopping.load(std::sync::atomic::Ordering::SeqCst) {
                    break; // dropping the reader closes this copy of the terminal's master side
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        // Our own copy of the master side to type into: portable-pty's writer sends "\n" and EOT
        // when dropped, which a real terminal closing never does.
        let raw = pair.master.as_raw_fd().expect("a Unix pty");
        // SAFETY: the descriptor belongs to `pair.master`, which lives in the session beside this copy.
        let copy = unsafe { std::os::fd::BorrowedFd::borrow_raw(raw) }
            .try_clone_to_owned()
            .unwrap();
        let writer: Box<dyn Write + Send> = Box::new(std::fs::File::from(copy));
        Session {
            child,
            writer,
            parser,
            master: Some(pair.master),
            stop,
            reader: Some(reader),
        }
    }

    /// Closes the terminal under the program, as when its window is closed.
    pub fn hang_up(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // A keystroke makes the program draw, which wakes the reader so it lets go of its copy.
        self.send(b"3");
        self.master = None;
        self.writer = Box::new(std::io::sink());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the program has asked the terminal to put something on its clipboard, and
    /// returns the first request.
    pub fn wait_for_clipboard(&self) -> (Vec<u8>, Vec<u8>) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(copy) = self.parser.lock().unwrap().callbacks().copies.first() {
                return copy.clone();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "nothing was copied to the clipboard; the screen shows:\n{}",
            self.contents()
        );
    }

    pub fn wait_for(&self, what: &str) {
        self.wait_for_any(&[what]);
    }

    /// Waits until the screen shows one of `texts`.
    pub fn wait_for_any(&self, texts: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let shown = self.contents();
            if texts.iter().any(|what| shown.contains(what)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "none of {texts:?} appeared; the screen shows:\n{}",
            self.contents()
        );
    }

    /// From the empty order list to the numbers step of a new United States order.
    pub fn open_new_draft(&mut self) {
        self.wait_for("No port orders yet");
        self.send(b"n");
        self.wait_for("Step 1 of 8");
        self.send(b"\r");
        self.wait_for("Step 2 of 8");
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The program's end closed the terminal's slave side: the reader has taken the
                // last bytes it wrote once it reaches the end.
                if let Some(reader) = self.reader.take() {
                    reader.join().unwrap();
                }
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "portwiz did not exit; the screen shows:\n{}",
            self.contents()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

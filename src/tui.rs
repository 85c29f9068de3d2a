//! The real terminal: raw mode, alternate screen and bracketed paste on the way in, all undone on
//! quit, on error, on panic and on SIGTERM or SIGHUP (after saving the open draft); the event loop
//! that waits on one channel for the terminal's events and the background jobs' results, feeds
//! them to the app and saves after each burst of input.

use crate::app::{App, Msg};
use crate::jobs::Input;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;
use std::io::{Write, stdout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the session ended: a quit, or a signal (exit with 128 + its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    Signal(i32),
}

/// How often the loop looks for a signal while waiting for a key.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// How often an idle session looks whether other sessions or commands changed the store.
const LOOK_FOR_CHANGES: Duration = Duration::from_millis(500);

/// How long a signal waits for the event loop to end the session itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// Held while the app handles input and saves: a forced exit waits for it, so it never cuts a save.
static BUSY: Mutex<()> = Mutex::new(());

/// Set, under `BUSY`, by whichever ends the session first: the event loop or the signal watcher.
/// Only one of them may end the process (two threads exiting at once can abort it).
static ENDING: AtomicBool = AtomicBool::new(false);

/// Catches SIGTERM and SIGHUP: the event loop sees the flag and ends the session (saving first).
/// If it has not within a second, it is stuck (crossterm 0.29 spins forever reading a terminal
/// that hung up, which stalls the reading thread, and a save may hang on a gone terminal). Then, once no input is being handled, the draft on disk is
/// current (every burst of input is saved before waiting for the next), so this thread restores
/// what it can of the terminal and exits with 128 + the signal.
fn watch_signals(flag: Arc<AtomicUsize>) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(sig as usize, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            let _quiet = BUSY.lock();
            if ENDING.swap(true, Ordering::SeqCst) {
                return; // the event loop is ending the session itself
            }
            let _ = execute!(stdout(), DisableBracketedPaste);
            let _ = ratatui::try_restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Runs the app until it quits or a signal asks it to stop; the terminal is restored whatever happens.
pub fn run(app: &mut App) -> anyhow::Result<Ending> {
    let signal = Arc::new(AtomicUsize::new(0));
    watch_signals(Arc::clone(&signal))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = execute!(stdout(), EnableBracketedPaste)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, app, &signal));
    // Save before restoring: after SIGHUP the terminal may be gone and restoring may fail.
    let _busy = BUSY.lock();
    if ENDING.swap(true, Ordering::SeqCst) {
        // The signal watcher is ending the process; it must not race this thread's exit.
        loop {
            std::thread::park();
        }
    }
    if result.is_err() || matches!(result, Ok(Ending::Signal(_))) {
        app.update(Msg::Autosave);
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    let restored = ratatui::try_restore();
    // After SIGHUP the terminal is gone: reading it, or restoring it, fails. The session still ended
    // because of the signal, and says so.
    let sig = signal.load(Ordering::SeqCst);
    match result {
        _ if sig != 0 => Ok(Ending::Signal(sig as i32)),
        // The terminal fails as it hangs up, and the kernel may send SIGHUP only after: the session
        // ended by a hang-up all the same.
        Err(_) if terminal_hung_up() => Ok(Ending::Signal(SIGHUP)),
        other => {
            restored?;
            other
        }
    }
}

/// Whether the terminal (standard input or output) has hung up: the other side is closed.
fn terminal_hung_up() -> bool {
    [libc::STDIN_FILENO, libc::STDOUT_FILENO]
        .into_iter()
        .any(|fd| {
            let mut watched = libc::pollfd {
                fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, no wait; poll only reports the descriptor's state.
            let ready = unsafe { libc::poll(&mut watched, 1, 0) };
            ready > 0 && watched.revents & libc::POLLHUP != 0
        })
}

/// Puts text on the terminal's clipboard (and through it the desktop's) with the OSC 52 sequence,
/// which a terminal without it ignores.
fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Reads the terminal on a thread of its own and sends each event to the app's inputs, where the
/// background jobs' results arrive too; stops at the first read that fails (the terminal is gone).
fn read_terminal(inputs: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = event::read().map_or_else(Input::TerminalFailed, Input::Terminal);
            let failed = matches!(input, Input::TerminalFailed(_));
            if inputs.send(input).is_err() || failed {
                break;
            }
        }
    });
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
) -> anyhow::Result<Ending> {
    read_terminal(app.inputs());
    // The size is told once here, then by each resize: too small, no key acts behind the page.
    let size = terminal.size()?;
    app.handle_event(Event::Resize(size.width, size.height));
    loop {
        if let Some(text) = app.take_clipboard() {
            copy_to_clipboard(&text)?;
        }
        terminal.draw(|frame| app.render(frame))?;
        if app.has_quit() {
            return Ok(Ending::Quit);
        }
        let mut looked = Instant::now();
        let first = loop {
            let sig = signal.load(Ordering::SeqCst);
            if sig != 0 {
                return Ok(Ending::Signal(sig as i32));
            }
            if let Some(input) = app.next_input(SIGNAL_POLL) {
                break input;
            }
            if looked.elapsed() >= LOOK_FOR_CHANGES {
                looked = Instant::now();
                let _busy = BUSY.lock();
                if app.notice_changes() {
                    terminal.draw(|frame| app.render(frame))?;
                }
            }
        };
        let _busy = BUSY.lock();
        // The whole burst of what has arrived, then one save.
        let mut next = Some(first);
        while let Some(input) = next.take() {
            match input {
                Input::Terminal(event) => app.handle_event(event),
                Input::Done(reply) => app.job_done(reply),
                Input::TerminalFailed(e) => return Err(e.into()),
            }
            if !app.has_quit() {
                next = app.ready_input();
            }
        }
        app.update(Msg::Autosave);
    }
}

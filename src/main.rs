//! The `portwiz` command: opens the application, or runs one of the commands for scripts.

use portwiz::app::App;
use portwiz::cli::{self, Cli};
use portwiz::ui::theme::Theme;
use std::io::Write;
use std::process::ExitCode;

/// The app, on its own terminal: standard output is not held while it runs.
fn run_app(cli: &Cli) -> anyhow::Result<i32> {
    let network = cli.network()?;
    let (store, clock) = cli.store()?;
    let mut app = App::new(store, network, clock, Theme::from_env());
    match portwiz::tui::run(&mut app)? {
        portwiz::tui::Ending::Quit => Ok(0),
        portwiz::tui::Ending::Signal(n) => Ok(128 + n),
    }
}

fn run(cli: &Cli) -> Result<i32, portwiz::cli::Failure> {
    let Some(command) = &cli.command else {
        return Ok(run_app(cli)?);
    };
    // Written in blocks, not a system call per line: a listing of thousands of orders is a
    // few writes.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let done = cli::run(cli, command, &mut out);
    // What was shown before a failure still reaches the reader.
    let flushed = out.flush();
    done?;
    flushed?;
    Ok(0)
}

fn main() -> ExitCode {
    // Which store to use is part of reading the command line: both given is told as any error.
    let cli = match Cli::from_command_line() {
        Ok(cli) => cli,
        Err(failure) => {
            let json = cli::json_asked(std::env::args_os());
            let _ = failure.tell(json, &mut std::io::stderr().lock());
            return ExitCode::from(failure.code());
        }
    };
    match run(&cli) {
        Ok(code) => ExitCode::from(code as u8),
        // The reader went away (`portwiz orders list | head`): it has what it wanted, so the
        // command ends quietly and successfully, as a filter's producer should.
        Err(failure) if failure.reader_gone() => ExitCode::SUCCESS,
        Err(failure) => {
            // Standard error may be a terminal that is gone: a failed write must not panic.
            let _ = failure.tell(cli.json, &mut std::io::stderr().lock());
            ExitCode::from(failure.code())
        }
    }
}

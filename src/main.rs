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

fn run(cli: Cli) -> anyhow::Result<i32> {
    let Some(command) = &cli.command else {
        return run_app(&cli);
    };
    // Written in blocks, not a system call per line: a listing of thousands of orders is a
    // few writes.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = cli::run(&cli, command, &mut out)?;
    out.flush()?;
    Ok(code)
}

fn main() -> ExitCode {
    match Cli::from_command_line().and_then(run) {
        Ok(code) => ExitCode::from(code as u8),
        // The reader went away (`portwiz orders list | head`): as other commands do, stop
        // quietly, with the status a shell gives a program ended by SIGPIPE.
        Err(e)
            if e.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::from(141)
        }
        Err(e) => {
            // Standard error may be a terminal that is gone: a failed write must not panic.
            let _ = writeln!(
                std::io::stderr(),
                "portwiz: {}",
                portwiz::text::strip_controls(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

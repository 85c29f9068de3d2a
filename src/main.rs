//! The `portwiz` command: opens the application, or runs one of the commands for scripts.

use clap::{Parser, Subcommand};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::cli::{self, CountryArg};
use portwiz::clock::Clock;
use portwiz::store::Store;
use portwiz::ui::theme::Theme;
use std::path::PathBuf;
use std::process::ExitCode;

/// Port phone numbers from your current carrier: a wizard that catches what a carrier would reject.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Where orders and documents are kept (default: the platform's data directory for portwiz).
    #[arg(long, env = "PORTWIZ_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// A carrier network file to use instead of the bundled sample network.
    #[arg(long, global = true)]
    carriers: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check a list of phone numbers (one per line, or separated by , or ;, or a CSV with a PhoneNumber header).
    CheckNumbers {
        #[arg(long, value_enum)]
        country: Option<CountryArg>,
        /// Print one JSON array with an object per entry.
        #[arg(long)]
        json: bool,
        /// The list file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
    },
    /// Show which of the next 30 days can be requested as a port date, and why.
    Calendar {
        #[arg(long, value_enum, default_value = "us")]
        country: CountryArg,
        /// Toll-free numbers (their port time is fixed at 11:30 ET).
        #[arg(long)]
        toll_free: bool,
        #[arg(long)]
        json: bool,
    },
}

fn data_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &cli.data_dir {
        return Ok(dir.clone());
    }
    directories::ProjectDirs::from("", "", "portwiz")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::anyhow!("no home directory found; choose a data directory with --data-dir DIR")
        })
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    let clock = Clock::from_env()?;
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        Some(Command::CheckNumbers {
            country,
            json,
            file,
        }) => cli::check_numbers(*country, *json, file.as_deref(), &mut stdout),
        Some(Command::Calendar {
            country,
            toll_free,
            json,
        }) => cli::calendar(*country, *toll_free, *json, &clock, &mut stdout),
        None => {
            drop(stdout);
            let network = match &cli.carriers {
                Some(path) => SimulatedNetwork::load(path)?,
                None => SimulatedNetwork::sample(),
            };
            let store = Store::open(&data_dir(&cli)?)?;
            let mut app = App::new(store, Box::new(network), clock, Theme::from_env());
            portwiz::tui::run(&mut app)?;
            Ok(0)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!(
                "portwiz: {}",
                portwiz::text::strip_controls(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

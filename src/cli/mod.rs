//! The commands for scripts, one module per command group (`check-numbers`, `calendar`, `clock`,
//! `orders`, `numbers` and `port-out`, `csr`, `loa`, `store`), on the same domain, lifecycle and
//! workspace code as the application. This module holds the command line's grammar and the store it opens.

pub mod calendar;
pub mod check;
pub mod clock;
pub mod csr;
pub mod failure;
pub mod loa;
pub mod numbers;
pub mod orders;
pub mod secret;
pub mod shell;
pub mod store;

pub use calendar::calendar;
pub use check::check_numbers;
pub use clock::{clock_advance, clock_set, clock_show};
pub use failure::{Failure, Outcome};
pub use loa::{LanguageArg, loa_generate};
pub use numbers::{numbers_list, port_out};
pub use orders::{orders_import, orders_list, orders_show, redacted_json};
pub use store::{store_copy, store_init, store_status};

use crate::carrier::{CarrierNetwork, SimulatedNetwork};
use crate::clock::Clock;
use crate::domain::order::Order;
use crate::domain::phone::Country;
use crate::store::pg::Target;
use crate::store::{DirStore, OrderSummary, PgStore, Store, Wanted};
use crate::text::strip_controls;
pub use crate::workspace::Workspace;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Port phone numbers from your current carrier: a wizard that catches what a carrier would reject.
#[derive(Parser)]
#[command(name = "portwiz", version, about)]
pub struct Cli {
    /// Where orders and documents are kept (default: the platform's data directory for portwiz).
    #[arg(long, env = "PORTWIZ_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// A team's PostgreSQL store instead of the data directory: a postgres:// URL as libpq reads
    /// it (the password may come from PGPASSWORD or ~/.pgpass; sslmode is honoured).
    #[arg(
        long,
        env = "PORTWIZ_DATABASE_URL",
        global = true,
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,
    /// A carrier network file to use instead of the bundled sample network.
    #[arg(long, global = true)]
    pub carriers: Option<PathBuf>,
    /// Print JSON: what a command shows, on standard output, and an error as one JSON object
    /// (`{"error": {"kind", "message", "problems"}}`) on standard error; the exit status is the same.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check a list of phone numbers (one per line, or separated by , or ;, or a CSV with a PhoneNumber header).
    CheckNumbers(check::Args),
    /// Show which of the next 30 days can be requested as a port date, and why.
    Calendar(calendar::Args),
    /// Show or move the simulated clock; moving it makes everything that falls due happen.
    Clock {
        #[command(subcommand)]
        action: clock::Action,
    },
    /// Orders: list, show, import, submit, update, resubmit, cancel, support, and more.
    Orders {
        #[command(subcommand)]
        action: orders::Action,
    },
    /// The organization's numbers: list, assign, release, the porting PIN, the history.
    Numbers {
        #[command(subcommand)]
        action: numbers::Action,
    },
    /// The carrier's Customer Service Record of an account: request it, show the one kept.
    Csr {
        #[command(subcommand)]
        action: csr::Action,
    },
    /// The Letter of Authorization of an order.
    Loa {
        #[command(subcommand)]
        action: loa::Action,
    },
    /// Act as another carrier asking to port numbers away: succeeds only with the porting PIN.
    PortOut(numbers::PortOutArgs),
    /// The store in use: create or upgrade a PostgreSQL store's schema, or say what is in use.
    Store {
        #[command(subcommand)]
        action: store::Action,
    },
    /// Print the shell's completion script (bash: `source <(portwiz completions bash)`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (`portwiz man > portwiz.1; man -l portwiz.1`).
    Man,
}

impl Cli {
    /// The command line as given, with the store it names chosen (see [`Cli::choose_store`]). A
    /// command line clap cannot read is told by clap (its usage, in colour at a terminal) and
    /// ends the program with exit 2, but with `--json` it is a bad input, told as one JSON object
    /// as every other failure is; help and the version are printed, whatever the flags.
    pub fn from_command_line() -> Result<Cli, Failure> {
        let told = |e: clap::Error| {
            if e.use_stderr() && json_asked(std::env::args_os()) {
                Failure::bad_input(usage_message(&e))
            } else {
                e.exit()
            }
        };
        let matches = Cli::command().try_get_matches().map_err(told)?;
        let mut cli = Cli::from_arg_matches(&matches).map_err(told)?;
        (cli.choose_store(&matches)).map_err(|e| Failure::bad_input(e.to_string()))?;
        Ok(cli)
    }

    /// A flag wins over a variable: a `--data-dir` typed by hand is never overridden by a
    /// `PORTWIZ_DATABASE_URL` left in the shell. Two flags, or two variables, naming both stores
    /// are an error that says how to choose.
    fn choose_store(&mut self, matches: &ArgMatches) -> anyhow::Result<()> {
        let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
        match (given("data_dir"), given("database_url")) {
            (true, true) => anyhow::bail!(
                "--data-dir and --database-url both name a store; give only one of them"
            ),
            (true, false) => self.database_url = None,
            (false, true) => self.data_dir = None,
            (false, false) if self.data_dir.is_some() && self.database_url.is_some() => {
                anyhow::bail!(
                    "PORTWIZ_DATA_DIR and PORTWIZ_DATABASE_URL are both set, and each names a store; unset one of them, or choose with --data-dir DIR or --database-url URL"
                )
            }
            (false, false) => {}
        }
        Ok(())
    }

    fn data_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.data_dir {
            return Ok(dir.clone());
        }
        directories::ProjectDirs::from("", "", "portwiz")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "no home directory found; choose a data directory with --data-dir DIR"
                )
            })
    }

    /// The store the command works on, and the clock as it keeps it.
    pub fn store(&self) -> anyhow::Result<(Box<dyn Store>, Clock)> {
        let store: Box<dyn Store> = match &self.database_url {
            Some(url) => Box::new(PgStore::open(database(url)?)?),
            None => Box::new(DirStore::open(&self.data_dir()?)?),
        };
        let clock = Clock::from_env(store.clock()?)?;
        Ok((store, clock))
    }

    /// The carrier network: the file given with --carriers, or the bundled sample.
    pub fn network(&self) -> anyhow::Result<Box<dyn CarrierNetwork>> {
        Ok(match &self.carriers {
            Some(path) => Box::new(SimulatedNetwork::load(path)?),
            None => Box::new(SimulatedNetwork::sample()),
        })
    }

    fn workspace(&self) -> anyhow::Result<Workspace> {
        let network = self.network()?;
        let (store, clock) = self.store()?;
        Ok(Workspace::open(store, network, clock))
    }
}

/// Whether `--json` is among the arguments: asked of a command line that clap could not read.
pub fn json_asked(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter()
        .skip(1)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--json")
}

/// clap's message as one line: what is wrong, its tip, and the usage of the command
/// (`unexpected argument '--bogus' found; tip: …; Usage: portwiz orders list [OPTIONS]`), without
/// the `error:` clap starts it with.
fn usage_message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let parts: Vec<&str> = (rendered.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("For more information"))
        .collect();
    let message = parts.join("; ");
    message
        .strip_prefix("error: ")
        .unwrap_or(&message)
        .to_string()
}

/// The store at a place given on the command line: a postgres:// URL, or a data directory.
fn open_at(place: &str) -> anyhow::Result<Box<dyn Store>> {
    Ok(
        if place.starts_with("postgres://") || place.starts_with("postgresql://") {
            Box::new(PgStore::open(database(place)?)?)
        } else {
            Box::new(DirStore::open(Path::new(place))?)
        },
    )
}

fn database(url: &str) -> anyhow::Result<Target> {
    Target::parse(url).map_err(|why| anyhow::anyhow!("{why}"))
}

/// Runs one command, writing what it shows to `out`; a failure is told by the caller
/// ([`Failure::tell`]), as text or JSON.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Outcome {
    let json = cli.json;
    match command {
        Command::CheckNumbers(args) => check::run(args, json, out),
        Command::Calendar(args) => calendar::run(args, &cli.workspace()?, json, out),
        Command::Clock { action } => clock::run(action, &mut cli.workspace()?, json, out),
        Command::Orders { action } => orders::run(action, &mut cli.workspace()?, json, out),
        Command::Numbers { action } => numbers::run(action, &mut cli.workspace()?, json, out),
        Command::Csr { action } => csr::run(action, &mut cli.workspace()?, json, out),
        Command::Loa { action } => loa::run(action, &cli.workspace()?, json, out),
        Command::PortOut(args) => numbers::run_port_out(args, &mut cli.workspace()?, json, out),
        Command::Store { action } => store::run(action, cli, out),
        Command::Completions { shell } => shell::completions(*shell, out),
        Command::Man => shell::man(out),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CountryArg {
    Us,
    Ca,
}

impl From<CountryArg> for Country {
    fn from(value: CountryArg) -> Country {
        match value {
            CountryArg::Us => Country::UnitedStates,
            CountryArg::Ca => Country::Canada,
        }
    }
}

/// The summaries of the orders whose status is wanted; what the administrator should know about the
/// files goes to standard error.
fn load_orders(ws: &Workspace, wanted: &Wanted) -> Result<Vec<OrderSummary>, Failure> {
    let loaded = ws.list_where(wanted)?;
    for line in loaded.report() {
        eprintln!("portwiz: {line}");
    }
    Ok(loaded.orders)
}

/// The order with this ID (in any case).
fn find_order(ws: &Workspace, id: &str) -> Result<Order, Failure> {
    let found = load_orders(ws, &|_| true)?
        .into_iter()
        .find(|o| o.id.eq_ignore_ascii_case(id.trim()));
    match found {
        Some(summary) => Ok(ws.order(&summary.id)?),
        None => Err(Failure::not_found(format!(
            "no order {:?}; `portwiz orders list` shows the IDs",
            strip_controls(id)
        ))),
    }
}

/// The exit status of what a command ended with: 0, or the failure's.
pub fn status(outcome: &Outcome) -> i32 {
    outcome
        .as_ref()
        .map_or_else(|f| i32::from(f.code()), |()| 0)
}

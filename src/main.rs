//! The `portwiz` command: opens the application, or runs one of the commands for scripts.

use clap::{Parser, Subcommand};
use portwiz::app::App;
use portwiz::carrier::SimulatedNetwork;
use portwiz::cli::{self, CountryArg, LanguageArg, Workspace};
use portwiz::clock::Clock;
use portwiz::store::pg::Target;
use portwiz::store::{DirStore, PgStore, Store};
use portwiz::ui::theme::Theme;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Port phone numbers from your current carrier: a wizard that catches what a carrier would reject.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Where orders and documents are kept (default: the platform's data directory for portwiz).
    #[arg(long, env = "PORTWIZ_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// A team's PostgreSQL store instead of the data directory: a postgres:// URL as libpq reads
    /// it (the password may come from PGPASSWORD or ~/.pgpass; sslmode is honoured).
    #[arg(
        long,
        env = "PORTWIZ_DATABASE_URL",
        global = true,
        hide_env_values = true,
        value_name = "URL"
    )]
    database_url: Option<String>,
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
    /// Show or move the simulated clock; moving it makes everything that falls due happen.
    Clock {
        #[command(subcommand)]
        action: ClockAction,
    },
    /// List, show or import orders.
    Orders {
        #[command(subcommand)]
        action: OrdersAction,
    },
    /// The organization's numbers.
    Numbers {
        #[command(subcommand)]
        action: NumbersAction,
    },
    /// The Letter of Authorization of an order.
    Loa {
        #[command(subcommand)]
        action: LoaAction,
    },
    /// Act as another carrier asking to port numbers away: succeeds only with the porting PIN.
    PortOut {
        /// The porting PIN; without it, the PIN is read from standard input (out of the shell history).
        #[arg(long)]
        pin: Option<String>,
        /// The numbers to port out.
        #[arg(required = true)]
        numbers: Vec<String>,
    },
    /// The store in use: create or upgrade a PostgreSQL store's schema, or say what is in use.
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
}

#[derive(Subcommand)]
enum StoreAction {
    /// Create or bring up to date the schema of the PostgreSQL store given by --database-url
    /// (running it again changes nothing).
    Init,
    /// Which store is in use (never with its password), its schema version and how many orders it holds.
    Status,
    /// Copy everything (orders with their history, documents, inventory, clock, PIN record) into an
    /// empty store, in one transaction, then check the counts and every SHA-256.
    Copy {
        /// A data directory, or a postgres:// URL.
        #[arg(long, value_name = "DIR|URL")]
        from: String,
        /// A data directory, or a postgres:// URL (of a database set up with `store init`).
        #[arg(long, value_name = "DIR|URL")]
        to: String,
    },
}

#[derive(Subcommand)]
enum LoaAction {
    /// Write the order's LOA as a PDF to be signed (US, US toll-free or bilingual Canadian form);
    /// the account PIN is never printed.
    Generate {
        id: String,
        /// Where to write it (`-`: standard output); without it, a copy is kept with the order's
        /// documents and its path printed.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The letter's language; the Canadian form has both, this one first.
        #[arg(long, value_enum, default_value = "en")]
        language: LanguageArg,
    },
}

#[derive(Subcommand)]
enum NumbersAction {
    /// Every number, with its connection, assignment and usage (or a JSON array).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ClockAction {
    /// Print the simulated time.
    Show,
    /// Move the clock on: 6h (hours), 2d (days) or 3bd (business days).
    Advance { step: String },
    /// Set the clock to a later moment (RFC 3339, e.g. 2026-12-01T09:00:00-05:00).
    Set { moment: String },
}

#[derive(Subcommand)]
enum OrdersAction {
    /// Every order, one per line (or a JSON array).
    List {
        /// Only orders in this status (draft, submitted, customer-action-required, support-engaged,
        /// foc-confirmed, completed, cancellation-requested, canceled).
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One order in full, with its timeline and rejection reasons; the PIN is redacted.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Check an order file (the same JSON form as the order files) as the wizard would and save it as a draft.
    Import { file: PathBuf },
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

/// The store the command works on, and the clock as it keeps it.
fn store(cli: &Cli) -> anyhow::Result<(Box<dyn Store>, Clock)> {
    let store: Box<dyn Store> = match &cli.database_url {
        Some(url) => Box::new(PgStore::open(database(url)?)?),
        None => Box::new(DirStore::open(&data_dir(cli)?)?),
    };
    let clock = Clock::from_env(store.clock()?)?;
    Ok((store, clock))
}

/// The store at a place given on the command line: a postgres:// URL, or a data directory.
fn open_at(place: &str) -> anyhow::Result<Box<dyn Store>> {
    Ok(
        if place.starts_with("postgres://") || place.starts_with("postgresql://") {
            Box::new(PgStore::open(database(place)?)?)
        } else {
            Box::new(DirStore::open(std::path::Path::new(place))?)
        },
    )
}

fn database(url: &str) -> anyhow::Result<Target> {
    Target::parse(url).map_err(|why| anyhow::anyhow!("{why}"))
}

fn network(cli: &Cli) -> anyhow::Result<Box<dyn portwiz::carrier::CarrierNetwork>> {
    Ok(match &cli.carriers {
        Some(path) => Box::new(SimulatedNetwork::load(path)?),
        None => Box::new(SimulatedNetwork::sample()),
    })
}

fn workspace(cli: &Cli) -> anyhow::Result<Workspace> {
    let network = network(cli)?;
    let (store, clock) = store(cli)?;
    Ok(Workspace::open(store, network, clock))
}

/// The app, on its own terminal: standard output is not held while it runs.
fn run_app(cli: &Cli) -> anyhow::Result<i32> {
    let network = network(cli)?;
    let (store, clock) = store(cli)?;
    let mut app = App::new(store, network, clock, Theme::from_env());
    match portwiz::tui::run(&mut app)? {
        portwiz::tui::Ending::Quit => Ok(0),
        portwiz::tui::Ending::Signal(n) => Ok(128 + n),
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    if cli.command.is_none() {
        return run_app(&cli);
    }
    // Written in blocks, not a system call per line: a listing of thousands of orders is a
    // few writes.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = run_command(&cli, &mut out)?;
    out.flush()?;
    Ok(code)
}

fn run_command(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<i32> {
    match &cli.command {
        Some(Command::CheckNumbers {
            country,
            json,
            file,
        }) => cli::check_numbers(*country, *json, file.as_deref(), out),
        Some(Command::Calendar {
            country,
            toll_free,
            json,
        }) => {
            let ws = workspace(cli)?;
            cli::calendar(*country, *toll_free, *json, &ws.clock, out)
        }
        Some(Command::Clock { action }) => {
            let mut ws = workspace(cli)?;
            match action {
                ClockAction::Show => cli::clock_show(&ws, out),
                ClockAction::Advance { step } => cli::clock_advance(&mut ws, step, out),
                ClockAction::Set { moment } => cli::clock_set(&mut ws, moment, out),
            }
        }
        Some(Command::Orders { action }) => {
            let mut ws = workspace(cli)?;
            match action {
                OrdersAction::List { status, json } => {
                    cli::orders_list(&ws, status.as_deref(), *json, out)
                }
                OrdersAction::Show { id, json } => cli::orders_show(&ws, id, *json, out),
                OrdersAction::Import { file } => cli::orders_import(&mut ws, file, out),
            }
        }
        Some(Command::Numbers {
            action: NumbersAction::List { json },
        }) => {
            let mut ws = workspace(cli)?;
            cli::numbers_list(&mut ws, *json, out)
        }
        Some(Command::Loa {
            action:
                LoaAction::Generate {
                    id,
                    out: file,
                    language,
                },
        }) => {
            let ws = workspace(cli)?;
            cli::loa_generate(&ws, id, file.as_deref(), *language, out)
        }
        Some(Command::PortOut { pin, numbers }) => {
            let mut ws = workspace(cli)?;
            cli::port_out(
                &mut ws,
                pin.as_deref(),
                numbers,
                jiff::Timestamp::now(),
                out,
            )
        }
        Some(Command::Store { action }) => match action {
            StoreAction::Init => {
                let url = cli.database_url.as_deref().ok_or_else(|| {
                    anyhow::anyhow!(
                        "store init sets up a PostgreSQL store: give it with --database-url URL or PORTWIZ_DATABASE_URL"
                    )
                })?;
                cli::store_init(&database(url)?, out)
            }
            StoreAction::Status => {
                let (store, _) = store(cli)?;
                cli::store_status(store.as_ref(), out)
            }
            StoreAction::Copy { from, to } => {
                cli::store_copy(open_at(from)?.as_ref(), open_at(to)?.as_ref(), out)
            }
        },
        None => run_app(cli),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
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

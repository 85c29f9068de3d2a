//! `portwiz store init|status|copy`: the store in use, a PostgreSQL schema, and copies between stores.

use super::{Cli, Failure, Outcome, database, open_at};
use crate::domain::order::Order;
use crate::strings;
use crate::text::strip_controls;
use std::io::Write;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Create or bring up to date the schema of the PostgreSQL store given by --database-url
    /// (running it again changes nothing).
    Init,
    /// Which store is in use (never with its password), its schema version and how many orders it holds.
    Status,
    /// Copy everything (orders with their history, documents, inventory, clock, PIN record, CSRs) into an
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

pub(super) fn run(action: &Action, cli: &Cli, out: &mut dyn Write) -> Outcome {
    match action {
        Action::Init => {
            let url = cli.database_url.as_deref().ok_or_else(|| {
                Failure::bad_input(
                    "store init sets up a PostgreSQL store: give it with --database-url URL or PORTWIZ_DATABASE_URL",
                )
            })?;
            store_init(&database(url)?, out)
        }
        Action::Status => {
            let (store, _) = cli.store()?;
            store_status(store.as_ref(), cli.json, out)
        }
        Action::Copy { from, to } => {
            store_copy(open_at(from)?.as_ref(), open_at(to)?.as_ref(), out)
        }
    }
}

/// `portwiz store init`: creates the PostgreSQL store's schema, or brings it up to date.
pub fn store_init(target: &crate::store::pg::Target, out: &mut dyn Write) -> Outcome {
    use crate::store::pg;
    let mut client = target.connect().map_err(|why| anyhow::anyhow!("{why}"))?;
    let found =
        pg::migrate(&mut client, &target.shown()).map_err(|why| anyhow::anyhow!("{why}"))?;
    match found {
        Some(v) if v == pg::SCHEMA_VERSION => writeln!(
            out,
            "{}: portwiz schema {v} already; nothing to do",
            target.shown()
        )?,
        Some(v) => writeln!(
            out,
            "{}: portwiz schema brought up from {v} to {}",
            target.shown(),
            pg::SCHEMA_VERSION
        )?,
        None => writeln!(
            out,
            "{}: portwiz schema {} created",
            target.shown(),
            pg::SCHEMA_VERSION
        )?,
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct StatusJson {
    store: String,
    order_schema: u32,
    orders: usize,
    /// What the administrator should know about files the store could not read.
    trouble: Vec<String>,
}

/// `portwiz store status`: which store is in use (never with a password) and how many orders it holds.
pub fn store_status(store: &dyn crate::store::Store, json: bool, out: &mut dyn Write) -> Outcome {
    let listing = store.list()?;
    if json {
        let status = StatusJson {
            store: store.describe(),
            order_schema: crate::domain::order::SCHEMA_VERSION,
            orders: listing.orders.len(),
            trouble: listing.report(),
        };
        serde_json::to_writer_pretty(&mut *out, &status)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "store: {}", store.describe())?;
    // The layout every order is kept in, whichever store holds it (a data directory's files, or
    // the JSON in a PostgreSQL row); older ones are read and brought up to date.
    writeln!(
        out,
        "order schema: {}",
        crate::domain::order::SCHEMA_VERSION
    )?;
    writeln!(out, "orders: {}", listing.orders.len())?;
    for line in listing.report() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `portwiz store copy`: everything of one store into an empty other, in one transaction (so an
/// interrupted copy leaves the target empty, to be run again), then read back and compared: the
/// counts, and the SHA-256 of every order's JSON and every document.
pub fn store_copy(
    from: &dyn crate::store::Store,
    to: &dyn crate::store::Store,
    out: &mut dyn Write,
) -> Outcome {
    use sha2::{Digest, Sha256};
    let listing = from.list()?;
    if listing.has_trouble() {
        return Err(Failure::refused(format!(
            "{} has files it cannot read; nothing was copied: {}",
            from.describe(),
            listing.report().join("; ")
        )));
    }
    let held = to.list()?.orders.len();
    let orders = match held {
        0 => None,
        1 => Some("1 order".to_string()),
        n => Some(format!("{n} orders")),
    };
    let contents: Vec<String> = [
        orders,
        to.inventory()?.map(|_| "the inventory".into()),
        to.clock()?.map(|_| "the clock".into()),
        to.pin()?.map(|_| "the PIN record".into()),
        to.csr_book()?.map(|_| "the CSRs".into()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contents.is_empty() {
        return Err(Failure::refused(strings::copy_target_not_empty(
            &to.describe(),
            &contents,
        )));
    }
    let ids: Vec<&str> = listing.orders.iter().map(|s| s.id.as_str()).collect();
    let orders = from.orders(&ids)?;
    let mut names: Vec<&str> = (orders.iter())
        .filter_map(|o| o.fields.loa.as_ref().map(|loa| loa.stored_name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let documents: Vec<(&str, Vec<u8>)> = names
        .iter()
        .zip(from.documents(&names))
        .map(|(name, bytes)| {
            let bytes = bytes.ok_or_else(|| {
                anyhow::anyhow!(
                    "the LOA {} of {} cannot be read; nothing was copied",
                    strip_controls(name),
                    from.describe()
                )
            })?;
            Ok((*name, bytes))
        })
        .collect::<anyhow::Result<_>>()?;
    let (inventory, clock, pin) = (from.inventory()?, from.clock()?, from.pin()?);
    let csr_book = from.csr_book()?;
    crate::store::transaction(to, |tx| {
        for order in &orders {
            tx.put_copy(order)?;
        }
        for (name, bytes) in &documents {
            tx.put_document(name, bytes)?;
        }
        if let Some(inventory) = &inventory {
            // Stored as the revision after the one it is given: the same revision as the source's.
            let mut copy = inventory.clone();
            copy.revision = copy.revision.saturating_sub(1);
            tx.put_inventory(&mut copy)?;
        }
        if let Some(clock) = &clock {
            tx.put_clock(clock)?;
        }
        if let Some(pin) = &pin {
            tx.put_pin(pin)?;
        }
        if let Some(book) = &csr_book {
            let mut copy = book.clone();
            copy.revision = copy.revision.saturating_sub(1);
            tx.put_csr_book(&mut copy)?;
        }
        Ok(())
    })?;
    let digest = |order: &Order| Sha256::digest(serde_json::to_vec(order).expect("serializes"));
    let mut differences = Vec::new();
    let copied = to.list()?.orders.len();
    if copied != orders.len() {
        differences.push(format!("{copied} orders instead of {}", orders.len()));
    }
    match to.orders(&ids) {
        Ok(copies) => {
            for (order, copy) in orders.iter().zip(&copies) {
                if digest(copy) != digest(order) {
                    differences.push(format!("order {}", order.id));
                }
            }
        }
        Err(e) => differences.push(e.to_string()),
    }
    for ((name, bytes), copy) in documents.iter().zip(to.documents(&names)) {
        if copy.is_none_or(|copy| Sha256::digest(&copy) != Sha256::digest(bytes)) {
            differences.push(format!("document {}", strip_controls(name)));
        }
    }
    if to.inventory()? != inventory {
        differences.push("the inventory".into());
    }
    if to.clock()? != clock {
        differences.push("the clock".into());
    }
    if to.pin()? != pin {
        differences.push("the PIN record".into());
    }
    if to.csr_book()? != csr_book {
        differences.push("the CSR book".into());
    }
    if !differences.is_empty() {
        return Err(Failure::refused(format!(
            "the copy in {} differs from {}: {}; compare them before using it",
            to.describe(),
            from.describe(),
            differences.join(", ")
        )));
    }
    writeln!(
        out,
        "copied {} orders, {} documents{}{}{}{} from {} to {}; the counts and every SHA-256 match",
        orders.len(),
        documents.len(),
        if inventory.is_some() {
            ", the inventory"
        } else {
            ""
        },
        if clock.is_some() { ", the clock" } else { "" },
        if pin.is_some() {
            ", the PIN record"
        } else {
            ""
        },
        if csr_book.is_some() { ", the CSRs" } else { "" },
        from.describe(),
        to.describe()
    )?;
    Ok(())
}

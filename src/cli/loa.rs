//! `portwiz loa generate`: the Letter of Authorization of an order.

use super::{Failure, Outcome, find_order};
use crate::loa::{self, Language};
use crate::text::strip_controls;
use crate::workspace::Workspace;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Action {
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

pub(super) fn run(action: &Action, ws: &Workspace, out: &mut dyn Write) -> Outcome {
    match action {
        Action::Generate {
            id,
            out: file,
            language,
        } => loa_generate(ws, id, file.as_deref(), *language, out),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LanguageArg {
    En,
    Fr,
}

impl From<LanguageArg> for Language {
    fn from(value: LanguageArg) -> Language {
        match value {
            LanguageArg::En => Language::English,
            LanguageArg::Fr => Language::French,
        }
    }
}

/// `portwiz loa generate <ID> [--out FILE] [--language en|fr]`: the order's LOA to be signed,
/// written to FILE (`-`: standard output) or kept in the store. Refused (1) when the order lacks a
/// value the LOA prints; bad input (2) when there is no such order or the file cannot be written.
pub fn loa_generate(
    ws: &Workspace,
    id: &str,
    file: Option<&Path>,
    language: LanguageArg,
    out: &mut dyn Write,
) -> Outcome {
    let order = find_order(ws, id)?;
    let language = Language::from(language);
    let now = ws.clock.now().timestamp();
    let (generated, place) = match file {
        Some(path) => match loa::generate(&order, language, now) {
            Ok(generated) if path.as_os_str() == "-" => {
                out.write_all(&generated.bytes)?;
                return Ok(());
            }
            Ok(generated) => {
                let shown = strip_controls(&path.display().to_string());
                crate::files::write_new(path, &generated.bytes).map_err(|e| {
                    Failure::bad_input(format!(
                        "{e}; nothing was written (choose another --out FILE)"
                    ))
                })?;
                (generated, shown)
            }
            Err(e) => return Err(Failure::refused(e.to_string())),
        },
        None => ws
            .keep_generated_loa(&order, language)
            .map_err(Failure::refused)?,
    };
    let c = &generated.certified;
    writeln!(
        out,
        "LOA for {} ({} form, {} numbers, fingerprint {}) written to {place}",
        c.order_id,
        c.form.label(),
        c.numbers.len(),
        c.fingerprint
    )?;
    writeln!(
        out,
        "Have {} sign it, then attach the signed copy on the Documents step",
        c.authorized_user
    )?;
    Ok(())
}

//! `portwiz loa generate`: the Letter of Authorization of an order.

use super::{Failure, Outcome, find_order};
use crate::loa::{self, Language};
use crate::text::strip_controls;
use crate::workspace::Workspace;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Write the order's LOA as a PDF to be signed (US, US toll-free or bilingual Canadian form);
    /// the account PIN is never printed.
    Generate {
        id: String,
        /// Where to write it (`-` or /dev/stdout: standard output, with nothing else); without it, a copy is kept with the order's
        /// documents and its path printed.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The letter's language; the Canadian form has both, this one first.
        #[arg(long, value_enum, default_value = "en")]
        language: LanguageArg,
    },
}

pub(super) fn run(action: &Action, ws: &Workspace, json: bool, out: &mut dyn Write) -> Outcome {
    match action {
        Action::Generate {
            id,
            out: file,
            language,
        } => loa_generate(ws, id, file.as_deref(), *language, json, out),
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

/// Whether `path` is `-` or names the file standard output is (`/dev/stdout`, or the file it was
/// sent to): the letter alone goes there.
fn names_standard_output(path: &Path) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    if path.as_os_str() == "-" {
        return true;
    }
    let standard_output = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .and_then(|fd| std::fs::File::from(fd).metadata());
    match (std::fs::metadata(path), standard_output) {
        (Ok(named), Ok(output)) => (named.dev(), named.ino()) == (output.dev(), output.ino()),
        _ => false,
    }
}

#[derive(Serialize)]
struct WrittenJson<'a> {
    order: &'a str,
    form: &'static str,
    numbers: usize,
    fingerprint: String,
    path: &'a str,
    signer: &'a str,
}

/// `portwiz loa generate <ID> [--out FILE] [--language en|fr]`: the order's LOA to be signed,
/// written to FILE (`-`: standard output, then with nothing else) or kept in the store, and where
/// it is (with `--json`, as one object). Refused (1) when the order lacks a value the LOA prints;
/// bad input (2) when there is no such order or the file cannot be written.
pub fn loa_generate(
    ws: &Workspace,
    id: &str,
    file: Option<&Path>,
    language: LanguageArg,
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let order = find_order(ws, id)?;
    let language = Language::from(language);
    let now = ws.clock.now().timestamp();
    let (generated, place) = match file {
        Some(path) => match loa::generate(&order, language, now) {
            Ok(generated) if names_standard_output(path) => {
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
    if json {
        let written = WrittenJson {
            order: &c.order_id,
            form: c.form.label(),
            numbers: c.numbers.len(),
            fingerprint: c.fingerprint.to_string(),
            path: &place,
            signer: &c.authorized_user,
        };
        serde_json::to_writer_pretty(&mut *out, &written)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "LOA for {} ({} form, {} number{}, fingerprint {}) written to {place}",
        c.order_id,
        c.form.label(),
        c.numbers.len(),
        if c.numbers.len() == 1 { "" } else { "s" },
        c.fingerprint
    )?;
    writeln!(
        out,
        "Have {} sign it, then attach the signed copy on the Documents step",
        c.authorized_user
    )?;
    Ok(())
}

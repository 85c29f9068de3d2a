//! The Letter of Authorization: generated from the order ([`generate`]), and checked when it comes
//! back signed (a regular file of at most 10 MiB that reads as an unencrypted PDF with a page, and
//! prepared for the order's current values when it carries portwiz's stamp) before a copy is kept
//! in the store under a name the program makes.

pub mod certified;
pub mod check;
pub mod documents;
pub mod esign;
mod generate;
mod words;

pub use certified::{Certified, Fingerprint, Form, Language, Part};
pub use generate::GenerateError;

use crate::domain::order::{LoaDocument, Order, OrderFields};
use crate::domain::validate::{Field, Problem};
use crate::safe_file::{self, FileError};
use crate::store::Store;
use crate::text::strip_controls;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Largest LOA accepted (SPEC §3 step 6).
pub const MAX_LOA_BYTES: u64 = 10 * 1024 * 1024;

/// Why an LOA file was not attached; each message says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum LoaError {
    #[error("no file at {0}; check the path (~ is your home folder) or press Ctrl-O to browse")]
    NotFound(String),
    #[error("{0} is not a regular file; choose the PDF itself")]
    NotAFile(String),
    #[error(
        "the file is {:.1} MiB; an LOA may be at most 10 MiB: scan it at a lower resolution",
        *.0 as f64 / 1_048_576.0
    )]
    TooLarge(u64),
    #[error(
        "the file is not a PDF (it does not start with %PDF-); export or scan the signed LOA as PDF"
    )]
    NotPdf,
    #[error("the PDF is damaged ({0}); export or scan the signed LOA to PDF again")]
    Damaged(String),
    #[error(
        "the PDF is protected by a password or encryption; save a copy without protection (print it to PDF) and attach that"
    )]
    Encrypted,
    #[error("the PDF has no page; export or scan the signed LOA to PDF again")]
    NoPage,
    #[error(
        "this LOA was prepared for other values ({} changed): generate a new one and have it signed",
        changed_words(.0)
    )]
    OtherValues(Vec<Part>),
    #[error(
        "this LOA was prepared for order {0}: generate one for this order (Ctrl-G on the Documents step) and have it signed"
    )]
    OtherOrder(String),
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("cannot keep a copy of the LOA: {0}")]
    Save(String),
}

fn changed_words(parts: &[Part]) -> String {
    let labels: Vec<&str> = parts.iter().map(|p| p.label()).collect();
    match labels.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => labels.concat(),
    }
}

/// Checks the LOA at `source` for the order `order_id` whose values are `current`, and keeps a
/// copy in the store under a name the program makes.
pub fn attach(
    store: &dyn Store,
    order_id: &str,
    current: &OrderFields,
    source: &Path,
    now: Timestamp,
) -> Result<LoaDocument, LoaError> {
    let (doc, bytes) = read(order_id, current, source, now)?;
    store
        .put_document(&doc.stored_name, &bytes)
        .map_err(|e| LoaError::Save(e.to_string()))?;
    Ok(doc)
}

/// Checks the LOA at `source` for the order `order_id` whose values are `current`, and names its
/// copy, keeping nothing yet: the bytes are for a transaction that keeps the copy together with
/// its order.
pub fn read(
    order_id: &str,
    current: &OrderFields,
    source: &Path,
    now: Timestamp,
) -> Result<(LoaDocument, Vec<u8>), LoaError> {
    let shown = strip_controls(&source.display().to_string());
    let bytes = safe_file::read_regular(source, MAX_LOA_BYTES).map_err(|e| match e {
        FileError::NotFound { .. } => LoaError::NotFound(shown.clone()),
        FileError::NotRegular { .. } => LoaError::NotAFile(shown.clone()),
        FileError::TooLarge { size, .. } => LoaError::TooLarge(size),
        other => LoaError::Unreadable(other.to_string()),
    })?;
    let printed = check_signed(order_id, current, &bytes)?;
    let sha256 = digest_hex(&bytes);
    let stored_name = format!("{order_id}-loa-{}.pdf", &sha256[..12]);
    let original_name = source
        .file_name()
        .map(|n| strip_controls(&n.to_string_lossy()))
        .unwrap_or_else(|| "loa.pdf".into());
    let doc = LoaDocument {
        stored_name,
        original_name,
        sha256,
        size: bytes.len() as u64,
        attached_at: now,
        fingerprint: Some(
            printed
                .unwrap_or_else(|| certified::fingerprint(current))
                .to_string(),
        ),
    };
    Ok((doc, bytes))
}

/// The SHA-256 of `bytes` in lower-case hex.
fn digest_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a signed copy's bytes: a PDF that reads, unencrypted, with a page; and when its text
/// carries portwiz's stamp, one prepared for this order and its current values, whose fingerprint
/// it returns. A scan without text has no stamp and is taken as it is.
pub fn check_signed(
    order_id: &str,
    current: &OrderFields,
    bytes: &[u8],
) -> Result<Option<Fingerprint>, LoaError> {
    let reading = check::read_pdf(bytes).map_err(|problem| match problem {
        check::PdfProblem::NotPdf => LoaError::NotPdf,
        check::PdfProblem::Damaged(reason) => LoaError::Damaged(reason),
        check::PdfProblem::Encrypted => LoaError::Encrypted,
        check::PdfProblem::NoPage => LoaError::NoPage,
    })?;
    let Some((prepared_for, printed)) = reading.stamp else {
        return Ok(None);
    };
    if prepared_for != order_id {
        let shown = crate::domain::limits::clipped(&strip_controls(&prepared_for), 40).into_owned();
        return Err(LoaError::OtherOrder(shown));
    }
    let changed = printed.changed(&certified::fingerprint(current));
    if changed.is_empty() {
        Ok(Some(printed))
    } else {
        Err(LoaError::OtherValues(changed))
    }
}

/// The attached LOA against the order's values now: when one it certifies changed since the
/// letter was generated (or a scan attached), it must be generated again and signed again.
pub fn out_of_date(fields: &OrderFields) -> Option<Problem> {
    let attached = fields.loa.as_ref()?.fingerprint.as_deref()?;
    let changed = Fingerprint::parse(attached)?.changed(&certified::fingerprint(fields));
    (!changed.is_empty()).then(|| Problem {
        step: 6,
        field: Field::LoaPath,
        message: format!(
            "the attached LOA was prepared for other values ({} changed since): generate a new one (Ctrl-G), have it signed and attach it",
            changed_words(&changed)
        ),
    })
}

/// Why no LOA could be generated for an order.
#[derive(Debug, thiserror::Error)]
pub enum GenerateLoaError {
    #[error(transparent)]
    Incomplete(#[from] certified::Incomplete),
    #[error(transparent)]
    Pdf(#[from] GenerateError),
}

/// A generated, unsigned LOA.
#[derive(Debug, Clone)]
pub struct Generated {
    pub bytes: Vec<u8>,
    pub certified: Certified,
}

impl Generated {
    /// The name of its copy in the store: the order, and the fingerprint's first group.
    pub fn stored_name(&self) -> String {
        Generated::name_for(&self.certified)
    }

    /// The name in the store of the letter generated for `certified`.
    pub fn name_for(certified: &Certified) -> String {
        let print = certified.fingerprint.to_string();
        format!("{}-loa-unsigned-{}.pdf", certified.order_id, &print[..4])
    }
}

/// The LOA of `order` as it stands, prepared at `now`, in `language` (first, for the bilingual
/// Canadian form).
pub fn generate(
    order: &Order,
    language: Language,
    now: Timestamp,
) -> Result<Generated, GenerateLoaError> {
    let certified = Certified::of(order)?;
    let bytes = generate::generate(&certified, language, now, None)?;
    Ok(Generated { bytes, certified })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DirStore;
    use std::fs::{self, File};

    fn now() -> Timestamp {
        "2026-11-20T15:00:00Z".parse().unwrap()
    }

    #[test]
    fn attaches_only_real_pdfs_up_to_10_mib() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(&dir.path().join("data")).unwrap();
        let pdf = dir.path().join("signed loa.pdf");
        let scan = include_bytes!("../tests/fixtures/loa.pdf");
        fs::write(&pdf, scan).unwrap();
        let fields = OrderFields::default();
        let doc = attach(&store, "PW-1", &fields, &pdf, now()).unwrap();
        assert_eq!(doc.original_name, "signed loa.pdf");
        assert!(doc.stored_name.starts_with("PW-1-loa-") && doc.stored_name.ends_with(".pdf"));
        assert_eq!(
            fs::read(store.document_path(&doc.stored_name).unwrap()).unwrap(),
            scan
        );
        assert_eq!(doc.sha256.len(), 64);

        let text = dir.path().join("loa.txt");
        fs::write(&text, b"hello").unwrap();
        assert!(matches!(
            attach(&store, "PW-1", &fields, &text, now()),
            Err(LoaError::NotPdf)
        ));
        assert!(matches!(
            attach(&store, "PW-1", &fields, dir.path(), now()),
            Err(LoaError::NotAFile(_))
        ));
        assert!(matches!(
            attach(&store, "PW-1", &fields, &dir.path().join("none.pdf"), now()),
            Err(LoaError::NotFound(_))
        ));
        let big = dir.path().join("big.pdf");
        let f = File::create(&big).unwrap();
        f.set_len(MAX_LOA_BYTES + 1).unwrap();
        assert!(matches!(
            attach(&store, "PW-1", &fields, &big, now()),
            Err(LoaError::TooLarge(_))
        ));
    }
}

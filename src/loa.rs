//! The Letter of Authorization the administrator attaches: the user's PDF is checked (a regular
//! file, at most 10 MiB, a PDF) and a copy kept in the store under a name the program makes.

use crate::domain::order::LoaDocument;
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
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("cannot keep a copy of the LOA: {0}")]
    Save(String),
}

/// Checks the LOA at `source` and keeps a copy in the store under a name the program makes.
pub fn attach(
    store: &dyn Store,
    order_id: &str,
    source: &Path,
    now: Timestamp,
) -> Result<LoaDocument, LoaError> {
    let (doc, bytes) = read(order_id, source, now)?;
    store
        .put_document(&doc.stored_name, &bytes)
        .map_err(|e| LoaError::Save(e.to_string()))?;
    Ok(doc)
}

/// Checks the LOA at `source` and names its copy, keeping nothing yet: the bytes are for a
/// transaction that keeps the copy together with its order.
pub fn read(
    order_id: &str,
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
    if !bytes.starts_with(b"%PDF-") {
        return Err(LoaError::NotPdf);
    }
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
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
    };
    Ok((doc, bytes))
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
        fs::write(&pdf, b"%PDF-1.7\n...").unwrap();
        let doc = attach(&store, "PW-1", &pdf, now()).unwrap();
        assert_eq!(doc.original_name, "signed loa.pdf");
        assert!(doc.stored_name.starts_with("PW-1-loa-") && doc.stored_name.ends_with(".pdf"));
        assert_eq!(
            fs::read(store.document_path(&doc.stored_name).unwrap()).unwrap(),
            b"%PDF-1.7\n..."
        );
        assert_eq!(doc.sha256.len(), 64);

        let text = dir.path().join("loa.txt");
        fs::write(&text, b"hello").unwrap();
        assert!(matches!(
            attach(&store, "PW-1", &text, now()),
            Err(LoaError::NotPdf)
        ));
        assert!(matches!(
            attach(&store, "PW-1", dir.path(), now()),
            Err(LoaError::NotAFile(_))
        ));
        assert!(matches!(
            attach(&store, "PW-1", &dir.path().join("none.pdf"), now()),
            Err(LoaError::NotFound(_))
        ));
        let big = dir.path().join("big.pdf");
        let f = File::create(&big).unwrap();
        f.set_len(MAX_LOA_BYTES + 1).unwrap();
        assert!(matches!(
            attach(&store, "PW-1", &big, now()),
            Err(LoaError::TooLarge(_))
        ));
    }
}

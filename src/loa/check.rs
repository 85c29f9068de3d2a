//! Reads a signed LOA as PDF (lopdf): a damaged, encrypted or page-less file is refused with the
//! reason, and the text layer, when there is one, is searched for the stamp portwiz printed or
//! given page by page to be read on the screen.

use super::certified::{Fingerprint, find_stamp};

/// The most any one stream of the PDF may decompress to: a hostile file stays small in memory.
pub const MAX_DECOMPRESSED_BYTES: usize = 32 * 1024 * 1024;

/// What is wrong with a file that does not read as a PDF one can sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// It does not start as a PDF does (`%PDF-`).
    NotPdf,
    /// It does not parse; the parser's reason.
    Damaged(String),
    Encrypted,
    NoPage,
}

/// What a readable PDF holds that matters here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub pages: usize,
    /// The order ID and fingerprint of the first portwiz stamp in its text, if any.
    pub stamp: Option<(String, Fingerprint)>,
}

/// Reads `bytes` as a PDF.
pub fn read_pdf(bytes: &[u8]) -> Result<Reading, PdfProblem> {
    let (document, pages) = open(bytes)?;
    // A page whose text cannot be read is treated as a scan: it has no stamp to compare.
    let stamp = (pages.iter())
        .filter_map(|&page| page_text(&document, page))
        .find_map(|text| find_stamp(&text));
    Ok(Reading {
        pages: pages.len(),
        stamp,
    })
}

/// The text layer of each page of the PDF in `bytes`, in order: empty for a page without one (a
/// scanned page, or one whose text cannot be read).
pub fn read_text(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    let (document, pages) = open(bytes)?;
    Ok((pages.iter())
        .map(|&page| page_text(&document, page).unwrap_or_default())
        .collect())
}

fn page_text(document: &lopdf::Document, page: u32) -> Option<String> {
    document
        .extract_text_with_limit(&[page], MAX_DECOMPRESSED_BYTES)
        .ok()
}

/// Loads `bytes` as an unencrypted, undamaged PDF with a page: the document and its page numbers.
fn open(bytes: &[u8]) -> Result<(lopdf::Document, Vec<u32>), PdfProblem> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfProblem::NotPdf);
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED_BYTES),
        ..Default::default()
    };
    let document = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| {
        // An encrypted file whose password we lack may fail to load at all.
        if matches!(
            e,
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword
        ) {
            PdfProblem::Encrypted
        } else {
            PdfProblem::Damaged(crate::text::strip_controls(&e.to_string()))
        }
    })?;
    // An encrypted file can load with no page at all: this is asked first.
    if document.was_encrypted() || document.is_encrypted() {
        return Err(PdfProblem::Encrypted);
    }
    // Rebuilt by scanning for objects: parts of the file may be lost (a cut-off download).
    if document.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        return Err(PdfProblem::Damaged(
            "its cross-reference table is missing or broken, so parts of it may be lost".into(),
        ));
    }
    let pages: Vec<(u32, lopdf::ObjectId)> = document.get_pages().into_iter().collect();
    if pages.is_empty() {
        return Err(PdfProblem::NoPage);
    }
    for &(number, id) in &pages {
        if let Err(e) = document.get_page_content_with_limit(id, MAX_DECOMPRESSED_BYTES) {
            let reason = crate::text::strip_controls(&e.to_string());
            return Err(PdfProblem::Damaged(format!(
                "page {number} cannot be read: {reason}"
            )));
        }
    }
    Ok((
        document,
        pages.into_iter().map(|(number, _)| number).collect(),
    ))
}

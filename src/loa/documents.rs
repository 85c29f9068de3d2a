//! The documents of an order, as the app lists them: the signed LOA attached (uploaded, or the
//! e-signed copy and its certificate page), the letter sent for e-signature, and the letter
//! generated for the order's values as they are now; and their text, page by page, to be read on
//! the screen.

use super::check::{self, PdfProblem};
use super::{Certified, Generated};
use crate::domain::order::Order;
use std::sync::Arc;

/// What a document of the order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The signed copy the administrator attached.
    SignedCopy,
    /// The copy the signer signed electronically: the letter and its certificate page.
    ESignedCopy,
    /// The certificate page of the e-signed copy (its last page).
    Certificate,
    /// The generated letter that went to the signer.
    SentForSignature,
    /// The letter generated (Ctrl-G) for the order's values as they are now, to be signed.
    Generated,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::SignedCopy => "Signed LOA",
            Kind::ESignedCopy => "Signed LOA, e-signed",
            Kind::Certificate => "E-signature certificate",
            Kind::SentForSignature => "Sent for e-signature",
            Kind::Generated => "Generated LOA, unsigned",
        }
    }

    /// Which of the document's pages are this entry's.
    pub fn pages(self) -> Pages {
        match self {
            Kind::Certificate => Pages::Last,
            _ => Pages::All,
        }
    }
}

/// Which pages of a PDF an entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    All,
    Last,
}

/// One document the order names (or may have, for a generated letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub kind: Kind,
    /// Its name in the store.
    pub stored_name: String,
    /// The name the administrator gave it, or the program's.
    pub shown_name: String,
}

/// The documents `order` names, in the order the list shows them. The letter generated for the
/// current values is named too, though the order does not record it: it is listed only when the
/// store has it ([`Named::optional`]).
pub fn of(order: &Order) -> Vec<Named> {
    let mut named = Vec::new();
    let request = order.signature_request.as_ref();
    if let Some(loa) = &order.fields.loa {
        let signed_electronically =
            request.is_some_and(|r| r.signed_at.is_some()) && loa.stored_name.contains("-signed-");
        let kind = if signed_electronically {
            Kind::ESignedCopy
        } else {
            Kind::SignedCopy
        };
        named.push(Named {
            kind,
            stored_name: loa.stored_name.clone(),
            shown_name: loa.original_name.clone(),
        });
        if signed_electronically {
            named.push(Named {
                kind: Kind::Certificate,
                stored_name: loa.stored_name.clone(),
                shown_name: loa.original_name.clone(),
            });
        }
    }
    if let Some(request) = request {
        named.push(Named {
            kind: Kind::SentForSignature,
            stored_name: request.letter.clone(),
            shown_name: request.letter.clone(),
        });
    }
    if let Ok(certified) = Certified::of(order) {
        let stored_name = Generated::name_for(&certified);
        if named.iter().all(|n| n.stored_name != stored_name) {
            named.push(Named {
                kind: Kind::Generated,
                shown_name: stored_name.clone(),
                stored_name,
            });
        }
    }
    named
}

/// One document of the order and its bytes as the store gave them (`None`: not there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub named: Named,
    pub bytes: Option<Arc<[u8]>>,
}

impl Listed {
    /// The order's documents with what the store holds of each, in the order of `named`; a
    /// generated letter the store does not have is left out (it was never generated).
    pub fn zip(named: Vec<Named>, held: Vec<Option<Vec<u8>>>) -> Vec<Listed> {
        (named.into_iter().zip(held))
            .filter(|(named, bytes)| bytes.is_some() || !named.optional())
            .map(|(named, bytes)| Listed {
                named,
                bytes: bytes.map(Arc::from),
            })
            .collect()
    }
}

impl Named {
    /// Whether the list leaves it out when the store does not have it: a generated letter is kept
    /// only once it was generated, while one the order names should be there.
    pub fn optional(&self) -> bool {
        self.kind == Kind::Generated
    }
}

/// What a document's text is, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Each page's text, in order, numbered from `first`.
    Pages { first: usize, pages: Vec<String> },
    /// No page has a text layer: a scan, to be read in a PDF viewer.
    Scan { pages: usize },
}

/// The text of `pages` of the PDF in `bytes`, or what is wrong with it.
pub fn text(bytes: &[u8], pages: Pages) -> Result<Text, PdfProblem> {
    let all = check::read_text(bytes)?;
    if all.iter().all(|page| page.trim().is_empty()) {
        return Ok(Text::Scan { pages: all.len() });
    }
    let first = match pages {
        Pages::All => 0,
        Pages::Last => all.len() - 1,
    };
    Ok(Text::Pages {
        first: first + 1,
        pages: all.into_iter().skip(first).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loa::certified::{find_stamp, tests::sample_order};
    use crate::loa::{Language, esign};
    use jiff::Timestamp;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// The sample order sent for signature, then signed: its e-signed copy and that copy's bytes.
    fn signed() -> (Order, Vec<u8>) {
        let mut order = sample_order();
        let letter = crate::loa::generate(&order, Language::English, at("2026-11-20T15:00:00Z"));
        let mut request = esign::request(&letter.unwrap(), "dana@contoso.com", order.created_at);
        let signed_at = at("2026-11-23T15:00:00Z");
        let (document, bytes) = esign::signed_copy(&order, &request, signed_at).unwrap();
        request.signed_at = Some(signed_at);
        order.signature_request = Some(request);
        order.fields.loa = Some(document);
        (order, bytes)
    }

    #[test]
    fn an_e_signed_order_lists_its_copy_the_certificate_and_the_letter_sent() {
        let (order, _) = signed();
        let kinds: Vec<Kind> = of(&order).iter().map(|n| n.kind).collect();
        // The letter generated for the current values is the one sent: listed once.
        assert_eq!(
            kinds,
            [Kind::ESignedCopy, Kind::Certificate, Kind::SentForSignature]
        );
        let names: Vec<String> = of(&order).into_iter().map(|n| n.stored_name).collect();
        let letter = &order.signature_request.as_ref().unwrap().letter;
        assert!(
            letter.starts_with("PW-261120-001-loa-unsigned-"),
            "{letter}"
        );
        assert_eq!(names[2], *letter);
        assert_eq!(names[0], names[1], "the certificate is a page of the copy");

        let mut uploaded = sample_order();
        uploaded.fields.loa = order.fields.loa.clone();
        (uploaded.fields.loa.as_mut().unwrap()).stored_name =
            "PW-261120-001-loa-5e36145e2f97.pdf".into();
        let kinds: Vec<Kind> = of(&uploaded).iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [Kind::SignedCopy, Kind::Generated]);
        let generated = &of(&uploaded)[1];
        assert!(generated.optional() && !of(&uploaded)[0].optional());
    }

    #[test]
    fn the_text_of_each_page_holds_the_stamp_and_the_certificate_is_the_last() {
        let (order, bytes) = signed();
        let Ok(Text::Pages { first, pages }) = text(&bytes, Pages::All) else {
            panic!("the signed copy has text");
        };
        assert_eq!((first, pages.len()), (1, 2));
        let print = order.fields.loa.as_ref().unwrap().fingerprint.clone();
        for page in &pages {
            let (id, stamp) = find_stamp(page).unwrap_or_else(|| panic!("no stamp in {page}"));
            assert_eq!(
                (id.as_str(), Some(stamp.to_string())),
                ("PW-261120-001", print.clone())
            );
        }
        assert!(pages[0].contains("Northwind Telecom"), "{}", pages[0]);
        let Ok(Text::Pages { first, pages }) = text(&bytes, Pages::Last) else {
            panic!("the certificate page has text");
        };
        assert_eq!((first, pages.len()), (2, 1));
        assert!(
            pages[0].contains("Certificate of electronic signature"),
            "{}",
            pages[0]
        );
    }

    #[test]
    fn an_evening_letter_and_its_e_signed_copy_are_prepared_on_the_eastern_day() {
        // 19:41 ET on Tue 2026-12-08 is already the 9th in UTC.
        let evening = at("2026-12-09T00:41:00Z");
        let order = sample_order();
        for language in [Language::English, Language::French] {
            let letter = crate::loa::generate(&order, language, evening).unwrap();
            let Ok(Text::Pages { pages, .. }) = text(&letter.bytes, Pages::All) else {
                panic!("the letter has text");
            };
            let words = language.words();
            let line = format!("{} 2026-12-08", words.prepared_on);
            assert!(pages[0].contains(&line), "{language:?}: {}", pages[0]);
            assert!(!pages[0].contains("2026-12-09"), "{}", pages[0]);
        }
        let letter = crate::loa::generate(&order, Language::English, evening).unwrap();
        let request = esign::request(&letter, "dana@contoso.com", evening);
        let (_, bytes) = esign::signed_copy(&order, &request, at("2026-12-10T00:41:00Z")).unwrap();
        let Ok(Text::Pages { pages, .. }) = text(&bytes, Pages::All) else {
            panic!("the signed copy has text");
        };
        assert!(pages[0].contains("prepared on 2026-12-08"), "{}", pages[0]);
        assert!(pages[1].contains("Tue 2026-12-08 19:41 ET"), "{}", pages[1]);
    }

    #[test]
    fn a_scan_says_it_has_no_text_and_a_damaged_file_says_why() {
        let scan = include_bytes!("../../tests/fixtures/loa.pdf");
        assert_eq!(text(scan, Pages::All), Ok(Text::Scan { pages: 1 }));
        let damaged = include_bytes!("../../tests/fixtures/loa-damaged.pdf");
        assert!(matches!(
            text(damaged, Pages::All),
            Err(PdfProblem::Damaged(_))
        ));
        let encrypted = include_bytes!("../../tests/fixtures/loa-encrypted.pdf");
        assert_eq!(text(encrypted, Pages::All), Err(PdfProblem::Encrypted));
        assert_eq!(text(b"hello", Pages::Last), Err(PdfProblem::NotPdf));
    }
}

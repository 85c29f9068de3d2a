//! The CSR beside the form (SPEC §12): what the wizard holds of the losing carrier's record of the
//! account (asked for, pending, refused or received), and how it is written beside the form's
//! fields. Every verdict is `domain::csr`'s; this module only words it and lays it out.

use crate::domain::csr::{COMPARED, Csr, CsrAddress, CsrEntry, CsrRefusal, CsrTicket, Verdict};
use crate::domain::order::OrderFields;
use crate::domain::validate::{Field, Problem};
use crate::strings;
use crate::ui::theme::Theme;
use crate::workspace::CsrFailure;
use jiff::Timestamp;
use ratatui::style::Style;

/// The width of the wizard's body from which the CSR stands in a column beside the fields (a
/// terminal of 120 columns); narrower, each field shows it on a line of its own when toggled.
pub const COLUMN_MIN_WIDTH: u16 = 118;

/// The columns the form keeps on the left when the CSR has its column.
pub const FORM_WIDTH: u16 = 82;

#[derive(Debug, Clone, Default)]
pub struct CsrPanel {
    /// The entry kept with the order, as last read from the store.
    entry: Option<CsrEntry>,
    /// A request is on its way to the carrier.
    asking: bool,
    /// Why the last request was refused (and the field that says it), until the next one.
    refused: Option<(Option<Field>, String)>,
    /// The toggle: the CSR is shown where it is not by default (narrow), or hidden where it is.
    pub toggled: bool,
    /// The clock when the wizard last looked (a CSR's age counts from it).
    pub now: Timestamp,
}

impl CsrPanel {
    /// The CSR received, if one was.
    pub fn csr(&self) -> Option<&Csr> {
        self.entry.as_ref()?.received.as_ref()
    }

    /// The request waiting for its answer, if any.
    pub fn pending(&self) -> Option<&CsrTicket> {
        self.entry.as_ref()?.pending.as_ref()
    }

    pub fn asking(&self) -> bool {
        self.asking
    }

    pub fn refusal(&self) -> Option<&str> {
        self.refused.as_ref().map(|(_, why)| why.as_str())
    }

    /// A request was sent.
    pub fn asked(&mut self) {
        self.asking = true;
        self.refused = None;
    }

    /// The carrier took the request: what the store keeps now.
    pub fn answered(&mut self, entry: CsrEntry) {
        self.asking = false;
        self.entry = Some(entry);
    }

    /// The entry as the store has it now (the clock may have brought the answer).
    pub fn reread(&mut self, entry: Option<CsrEntry>) {
        self.entry = entry;
    }

    /// The request was refused: says why, and returns the field the refusal is about, if one.
    pub fn refused(&mut self, failure: CsrFailure) -> Option<Field> {
        self.asking = false;
        let (field, why) = match failure {
            CsrFailure::BadPin(why) => (Some(Field::AccountPin), strings::csr_not_sent(&why)),
            CsrFailure::Refused { refusal, message } => {
                let field = match refusal {
                    CsrRefusal::UnknownBtn => Some(Field::Btn),
                    CsrRefusal::AccountNumberWrong { .. } => Some(Field::AccountNumber),
                    CsrRefusal::PinMissing { .. } | CsrRefusal::PinWrong { .. } => {
                        Some(Field::AccountPin)
                    }
                    CsrRefusal::TooManyWrong { .. } => None,
                };
                (field, message)
            }
            CsrFailure::Store(why) => (None, why),
        };
        self.refused = Some((field, why));
        field
    }

    /// Whether the CSR shows beside each field in a body `width` wide.
    pub fn beside_fields(&self, width: u16) -> bool {
        self.csr().is_some() && (width >= COLUMN_MIN_WIDTH) != self.toggled
    }

    /// What the carrier would reject, judged against the CSR received (none without one).
    pub fn problems(&self, fields: &OrderFields) -> Vec<Problem> {
        self.csr()
            .map(|csr| csr.problems(fields))
            .unwrap_or_default()
    }

    /// The CSR's value to copy into `field`, where it holds one.
    pub fn value(&self, field: Field) -> Option<String> {
        self.csr()?.value(field)
    }

    /// Where the CSR stands, in words: asking, refused, pending, received (nothing before the
    /// first request).
    /// `under_fields`: a refusal about a field shown here is said in full under it.
    pub fn status(
        &self,
        fields: &OrderFields,
        under_fields: bool,
        theme: &Theme,
    ) -> Vec<(String, Style)> {
        let mut lines = Vec::new();
        if self.asking {
            lines.push((strings::CSR_ASKING.to_string(), theme.dim));
        }
        match &self.refused {
            // Said in full under the field it is about.
            Some((Some(field), _)) if under_fields => {
                lines.push((strings::csr_refused_at(field.label()), theme.error))
            }
            Some((_, why)) => lines.push((strings::csr_refused(why), theme.error)),
            None => {}
        }
        if let Some(csr) = self.csr() {
            let ago = strings::received_ago(csr.received_at, self.now);
            let differing = csr.problems(fields).len();
            let text = strings::csr_received(&csr.carrier_name, &ago, csr.received_at, differing);
            let style = if differing == 0 {
                theme.ok
            } else {
                theme.warning
            };
            lines.push((text, style));
        }
        if let Some(ticket) = self.pending() {
            let text = strings::csr_pending(&ticket.carrier_name, ticket.asked_at, ticket.ready_at);
            lines.push((text, theme.dim));
        }
        lines
    }

    /// The CSR's value of a compared field and the verdict on the order's, in words (none for a
    /// field the CSR is not compared on, or before a CSR arrived).
    pub fn beside(
        &self,
        fields: &OrderFields,
        field: Field,
        theme: &Theme,
    ) -> Option<(String, Style)> {
        let csr = self.csr().filter(|_| COMPARED.contains(&field))?;
        let (mark, verdict, style) = match csr.judge(fields, field) {
            Verdict::Matches => ("✓", strings::CSR_MATCHES, theme.ok),
            Verdict::Differs => ("✗", strings::CSR_DIFFERS, theme.error),
            Verdict::NotOnCsr => ("–", strings::CSR_NOT_ON, theme.dim),
        };
        let text = strings::csr_beside(csr.value(field).as_deref(), verdict);
        Some((format!("{mark} {text}"), style))
    }

    /// The billing address, where the CSR's is another place than its service address.
    pub fn billing_elsewhere(&self) -> Option<String> {
        let csr = self.csr().filter(|csr| csr.billing_differs())?;
        Some(strings::csr_billing_elsewhere(&one_line(
            &csr.billing_address,
        )))
    }
}

fn one_line(address: &CsrAddress) -> String {
    let parts = [
        address.street.as_str(),
        address.suite.as_str(),
        address.city.as_str(),
    ];
    let mut line: Vec<&str> = parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    let region = format!("{} {}", address.region, address.postal_code);
    line.push(region.trim());
    line.join(", ")
}

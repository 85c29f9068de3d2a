//! The simulated e-signature of the generated LOA: the request goes to the signer's email, the
//! signer signs one business day later on the simulated clock, and the signed copy is the letter
//! as it was sent, with the signature in its blanks and a certificate page after it (who, when,
//! the fingerprint), kept like an uploaded LOA.

use super::generate::{self, Signing};
use super::{Certified, GenerateLoaError, Generated, Language, digest_hex};
use crate::domain::order::{LoaDocument, Order, SignatureRequest};
use jiff::Timestamp;

/// Business days the simulated signer takes to sign.
pub const SIGNING_BUSINESS_DAYS: u32 = 1;
/// Days after which an unsigned request expires and the order is a draft again.
pub const EXPIRY_DAYS: i64 = 7;

/// Whether the simulated signer ever reads mail sent to `email`: mail under the reserved
/// top-level domain `.invalid` (RFC 2606) can never arrive, so such a request is never signed
/// and expires. This is how the expiry can be seen in the simulation.
pub fn reaches_signer(email: &str) -> bool {
    let domain = email.trim().rsplit('@').next().unwrap_or_default();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    !(domain == "invalid" || domain.ends_with(".invalid"))
}

/// The request to sign `letter`, sent to `email` at `at`.
pub fn request(letter: &Generated, email: &str, at: Timestamp) -> SignatureRequest {
    SignatureRequest {
        signer: letter.certified.authorized_user.clone(),
        email: email.trim().to_string(),
        sent_at: at,
        letter: letter.stored_name(),
        fingerprint: letter.certified.fingerprint.to_string(),
        signed_at: None,
    }
}

/// Why a request cannot be signed.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(transparent)]
    Letter(#[from] GenerateLoaError),
    #[error("the order's values changed after the letter was sent")]
    ValuesChanged,
}

/// The signed copy of the letter `request` sent for `order`, signed at `at`: its record, as an
/// attached LOA, and its bytes.
pub fn signed_copy(
    order: &Order,
    request: &SignatureRequest,
    at: Timestamp,
) -> Result<(LoaDocument, Vec<u8>), SigningError> {
    let certified = Certified::of(order).map_err(GenerateLoaError::from)?;
    if certified.fingerprint.to_string() != request.fingerprint {
        return Err(SigningError::ValuesChanged);
    }
    let signing = Signing {
        signer: &request.signer,
        email: &request.email,
        sent_at: request.sent_at,
        signed_at: at,
    };
    let bytes = generate::generate(
        &certified,
        Language::default(),
        request.sent_at,
        Some(&signing),
    )
    .map_err(GenerateLoaError::from)?;
    let sha256 = digest_hex(&bytes);
    let document = LoaDocument {
        stored_name: format!("{}-loa-signed-{}.pdf", order.id, &sha256[..12]),
        original_name: format!("{}-loa-signed.pdf", order.id),
        sha256,
        size: bytes.len() as u64,
        attached_at: at,
        fingerprint: Some(request.fingerprint.clone()),
    };
    Ok((document, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loa::certified::tests::sample_order;

    #[test]
    fn only_mail_under_invalid_never_arrives() {
        for email in ["dana@contoso.com", "dana@invalid.example", "d@x.co"] {
            assert!(reaches_signer(email), "{email}");
        }
        for email in [
            "dana@contoso.invalid",
            "dana@INVALID",
            " dana@mail.Invalid. ",
        ] {
            assert!(!reaches_signer(email), "{email}");
        }
    }

    #[test]
    fn the_signed_copy_is_the_letter_sent_and_names_the_signer() {
        let order = sample_order();
        let sent: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let letter = crate::loa::generate(&order, Language::English, sent).unwrap();
        let request = request(&letter, " dana@contoso.com ", sent);
        assert_eq!(
            (request.signer.as_str(), request.email.as_str()),
            ("Dana Whitfield", "dana@contoso.com")
        );
        let signed_at: Timestamp = "2026-11-23T15:00:00Z".parse().unwrap();
        let (document, bytes) = signed_copy(&order, &request, signed_at).unwrap();
        assert!(
            document
                .stored_name
                .starts_with("PW-261120-001-loa-signed-")
        );
        assert_eq!(document.size, bytes.len() as u64);
        assert_eq!(document.fingerprint, Some(request.fingerprint.clone()));
        let reading = crate::loa::check::read_pdf(&bytes).unwrap();
        assert_eq!(reading.pages, 2, "the letter and the certificate page");
        crate::loa::check_signed(&order.id, &order.fields, &bytes).unwrap();

        let mut changed = order.clone();
        changed.fields.account_number = "4410223178".into();
        assert!(matches!(
            signed_copy(&changed, &request, signed_at),
            Err(SigningError::ValuesChanged)
        ));
    }
}

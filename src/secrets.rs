//! Hashing the port-out PIN (argon2id with a random salt; only the PHC string is kept) and making
//! release confirmation codes from the system's random source.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// The PIN's salted, slow hash as a PHC string (`$argon2id$v=19$...`).
pub fn hash_pin(pin: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the PIN: {e}"))
}

/// Whether `pin` matches the stored hash; a damaged hash never matches.
pub fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A short code to type before a release: six characters, none that look alike (no 0/O, 1/I).
pub fn confirmation_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        // No random source: fall back to the clock, which is still unpredictable enough to catch a slip.
        let nanos = jiff::Timestamp::now().as_nanosecond();
        bytes
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (nanos >> (i * 8)) as u8);
    }
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_salted_and_verifies_only_the_right_pin() {
        let a = hash_pin("1234567890").unwrap();
        let b = hash_pin("1234567890").unwrap();
        assert_ne!(a, b, "a fresh salt every time");
        assert!(a.starts_with("$argon2id$"));
        assert!(!a.contains("1234567890"));
        assert!(verify_pin("1234567890", &a));
        assert!(!verify_pin("1234567891", &a));
        assert!(!verify_pin("1234567890", "not a hash"));
    }

    #[test]
    fn confirmation_codes_are_six_unambiguous_characters() {
        let code = confirmation_code();
        assert_eq!(code.len(), 6);
        assert!(
            code.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c))
        );
        assert!(!code.contains(['0', 'O', '1', 'I']));
    }
}

//! Hashing the port-out PIN (argon2id with a random salt; only the PHC string is kept), checking
//! the stored record before any hash in it is trusted, and making release confirmation codes from
//! random bytes.

use crate::domain::pin::{PinRecord, RECORD_SCHEMA_VERSION};
use crate::json::{self, JsonProblem};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use std::fmt;

/// Every PIN hash is made with argon2's recommended settings, and a record that asks for any other
/// is damaged: its settings decide how long a check takes and how much memory it needs, so a record
/// with t=4,000,000 or a huge m could hang `port-out` or fail the right PIN.
const PIN_ALGORITHM: Algorithm = Algorithm::Argon2id;
const PIN_VERSION: Version = Version::V0x13;
const PIN_MEMORY_KIB: u32 = Params::DEFAULT_M_COST;
const PIN_PASSES: u32 = Params::DEFAULT_T_COST;
const PIN_LANES: u32 = Params::DEFAULT_P_COST;
const PIN_HASH_BYTES: usize = Params::DEFAULT_OUTPUT_LEN;
const PIN_SALT_BYTES: usize = 16;

/// A PIN record is a few hundred bytes; anything much larger is not one.
pub const MAX_PIN_RECORD_BYTES: usize = 4 << 10;

fn pin_hasher() -> Argon2<'static> {
    let params = Params::new(PIN_MEMORY_KIB, PIN_PASSES, PIN_LANES, Some(PIN_HASH_BYTES))
        .expect("argon2's own defaults are valid");
    Argon2::new(PIN_ALGORITHM, PIN_VERSION, params)
}

/// The PIN's salted, slow hash as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash_pin(pin: &str) -> Result<String, String> {
    let mut salt = [0u8; PIN_SALT_BYTES];
    getrandom::fill(&mut salt).map_err(|e| {
        format!("could not hash the PIN: the system's random source failed ({e}); try again")
    })?;
    pin_hasher()
        .hash_password_with_salt(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the PIN: {e}"))
}

/// Why a stored PIN record cannot be trusted. No message holds the hash or any value of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinRecordError {
    TooLarge,
    /// Not JSON, or not the record's fields: where, never what.
    NotARecord(JsonProblem),
    /// A layout this portwiz does not write.
    UnknownSchema,
    /// The hash is not an argon2id PHC string.
    NotArgon2id,
    /// An argon2 setting (named) other than the one portwiz writes: never used.
    UnexpectedSetting(&'static str),
    /// argon2 could not run with the record's (expected) settings.
    CannotCheck(String),
}

impl fmt::Display for PinRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self {
            PinRecordError::CannotCheck(why) => {
                return write!(f, "the porting PIN could not be checked ({why}); try again");
            }
            PinRecordError::TooLarge => {
                format!("larger than {MAX_PIN_RECORD_BYTES} bytes, far more than a PIN record")
            }
            PinRecordError::NotARecord(problem) => problem.to_string(),
            PinRecordError::UnknownSchema => format!(
                "its schema_version is not {RECORD_SCHEMA_VERSION}, the only one this portwiz knows"
            ),
            PinRecordError::NotArgon2id => "its hash is not an argon2id PHC string".into(),
            PinRecordError::UnexpectedSetting(setting) => {
                format!("its hash asks for an argon2 {setting} other than the one portwiz writes")
            }
        };
        write!(
            f,
            "the porting PIN record (porting_pin.json in the data folder) is damaged: {why}; restore it from a backup, or remove it and set the PIN again (p on the numbers screen)"
        )
    }
}

/// Reads `porting_pin.json`'s bytes and checks everything that a later PIN check relies on.
pub fn parse_pin_record(bytes: &[u8]) -> Result<PinRecord, PinRecordError> {
    if bytes.len() > MAX_PIN_RECORD_BYTES {
        return Err(PinRecordError::TooLarge);
    }
    let record: PinRecord = json::parse(bytes).map_err(PinRecordError::NotARecord)?;
    if record.schema_version != RECORD_SCHEMA_VERSION {
        return Err(PinRecordError::UnknownSchema);
    }
    check_pin_hash(&record.hash)?;
    Ok(record)
}

/// `hash` parsed, when it is exactly what `hash_pin` writes: argon2id, version 0x13, the three
/// settings and nothing else, a salt and an output of the lengths `hash_pin` uses.
fn check_pin_hash(hash: &str) -> Result<PasswordHash, PinRecordError> {
    let parsed = PasswordHash::new(hash).map_err(|_| PinRecordError::NotArgon2id)?;
    if parsed.algorithm.as_str() != PIN_ALGORITHM.as_str() {
        return Err(PinRecordError::NotArgon2id);
    }
    if parsed.version != Some(PIN_VERSION as u32) {
        return Err(PinRecordError::UnexpectedSetting("version"));
    }
    let settings = [
        ("m", "memory size (m)", PIN_MEMORY_KIB),
        ("t", "number of passes (t)", PIN_PASSES),
        ("p", "parallelism (p)", PIN_LANES),
    ];
    for (name, told, expected) in settings {
        if parsed.params.get_decimal(name) != Some(expected) {
            return Err(PinRecordError::UnexpectedSetting(told));
        }
    }
    if parsed.params.iter().count() != settings.len() {
        return Err(PinRecordError::UnexpectedSetting("parameter"));
    }
    if parsed.salt.as_ref().map(|salt| salt.len()) != Some(PIN_SALT_BYTES) {
        return Err(PinRecordError::UnexpectedSetting("salt length"));
    }
    if parsed.hash.as_ref().map(|output| output.len()) != Some(PIN_HASH_BYTES) {
        return Err(PinRecordError::UnexpectedSetting("output length"));
    }
    Ok(parsed)
}

/// Whether `pin` matches the stored hash: `Ok(false)` for a wrong PIN, an error for a hash that
/// cannot be trusted (which argon2 never runs on).
pub fn verify_pin(pin: &str, hash: &str) -> Result<bool, PinRecordError> {
    let parsed = check_pin_hash(hash)?;
    match pin_hasher().verify_password(pin.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(PinRecordError::CannotCheck(e.to_string())),
    }
}

/// A short code to type before a release, from six random bytes: six characters, none that look
/// alike (no 0/O, 1/I).
pub fn confirmation_code(random: [u8; 6]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    random
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::ProblemKind;

    #[test]
    fn the_hash_is_salted_and_verifies_only_the_right_pin() {
        let a = hash_pin("1234567890").unwrap();
        let b = hash_pin("1234567890").unwrap();
        assert_ne!(a, b, "a fresh salt every time");
        assert!(a.starts_with("$argon2id$"));
        assert!(!a.contains("1234567890"));
        assert_eq!(verify_pin("1234567890", &a), Ok(true));
        assert_eq!(verify_pin("1234567891", &a), Ok(false));
        assert_eq!(
            verify_pin("1234567890", "not a hash"),
            Err(PinRecordError::NotArgon2id),
            "a damaged hash is not a wrong PIN"
        );
    }

    const PIN: &str = "7351924680";

    /// A record as `set_pin` writes it, as JSON, and its hash.
    fn good_record() -> (serde_json::Value, String) {
        let hash = hash_pin(PIN).unwrap();
        let record = PinRecord {
            schema_version: RECORD_SCHEMA_VERSION,
            hash: hash.clone(),
            set_at: "2026-11-20T15:00:00Z".parse().unwrap(),
            changed_at: None,
            wrong_tries: 2,
            last_wrong_try: Some("2026-11-20T15:05:00Z".parse().unwrap()),
        };
        (serde_json::to_value(&record).unwrap(), hash)
    }

    /// The hash with its `$`-separated part `index` (1 algorithm, 2 version, 3 settings, 4 salt,
    /// 5 output) replaced.
    fn with_part(hash: &str, index: usize, part: &str) -> String {
        let mut parts: Vec<&str> = hash.split('$').collect();
        parts[index] = part;
        parts.join("$")
    }

    /// Parses the record with `hash` and checks the refusal, which must repeat none of the hash's
    /// longer parts (settings, salt, output) nor `value` (what was changed).
    fn refused_with(hash: &str, value: &str) -> PinRecordError {
        let (mut record, _) = good_record();
        record["hash"] = hash.into();
        let bytes = serde_json::to_vec_pretty(&record).unwrap();
        let err = parse_pin_record(&bytes).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("porting_pin.json") && shown.contains("damaged"),
            "{shown}"
        );
        for secret in hash.split('$').filter(|p| p.len() > 8).chain([value]) {
            assert!(!shown.contains(secret), "{shown} repeats {secret}");
        }
        assert_eq!(
            verify_pin(PIN, hash),
            Err(err.clone()),
            "argon2 never runs on a refused hash, and the right PIN is not called wrong"
        );
        err
    }

    #[test]
    fn a_good_record_reads_back_and_verifies_only_its_pin() {
        let (record, hash) = good_record();
        let read = parse_pin_record(&serde_json::to_vec_pretty(&record).unwrap()).unwrap();
        assert_eq!((read.hash.as_str(), read.wrong_tries), (hash.as_str(), 2));
        assert_eq!(verify_pin(PIN, &read.hash), Ok(true));
        assert_eq!(verify_pin("7351924681", &read.hash), Ok(false));
    }

    #[test]
    fn broken_json_or_fields_are_told_by_place_only() {
        let (record, hash) = good_record();
        let text = serde_json::to_string_pretty(&record).unwrap();
        let cut = &text[..text.find(&hash[20..]).unwrap() + 4];
        let err = parse_pin_record(cut.as_bytes()).unwrap_err();
        assert!(
            matches!(&err, PinRecordError::NotARecord(p) if p.kind == ProblemKind::CutShort && p.line == 3),
            "{err:?}"
        );
        assert!(!err.to_string().contains(&hash[20..24]), "{err}");

        let mut wrong_type = record.clone();
        wrong_type["wrong_tries"] = "4829".into();
        let err = parse_pin_record(&serde_json::to_vec(&wrong_type).unwrap()).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("wrong_tries has a wrong value (line 1, column"),
            "{shown}"
        );
        assert!(
            !shown.contains("4829") && !shown.contains(&hash[30..]),
            "{shown}"
        );

        let mut no_hash = record.clone();
        no_hash.as_object_mut().unwrap().remove("hash");
        assert!(matches!(
            parse_pin_record(&serde_json::to_vec(&no_hash).unwrap()),
            Err(PinRecordError::NotARecord(p)) if p.kind == ProblemKind::Missing { field: "hash".into() }
        ));

        assert_eq!(
            parse_pin_record(&vec![b' '; MAX_PIN_RECORD_BYTES + 1]),
            Err(PinRecordError::TooLarge)
        );
    }

    #[test]
    fn an_unknown_schema_is_refused() {
        let (mut record, _) = good_record();
        record["schema_version"] = 2.into();
        assert_eq!(
            parse_pin_record(&serde_json::to_vec(&record).unwrap()),
            Err(PinRecordError::UnknownSchema)
        );
    }

    #[test]
    fn only_an_argon2id_phc_string_is_a_hash() {
        let (_, hash) = good_record();
        for other in [
            with_part(&hash, 1, "argon2i"),
            with_part(&hash, 1, "argon2d"),
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".into(),
            "482913".into(),
            String::new(),
        ] {
            assert_eq!(refused_with(&other, "482913"), PinRecordError::NotArgon2id);
        }
    }

    #[test]
    fn every_argon2_setting_but_the_written_one_is_refused() {
        let (_, hash) = good_record();
        let cases = [
            (with_part(&hash, 2, "v=16"), "v=16", "version"),
            (
                with_part(&hash, 3, "m=4194304,t=2,p=1"),
                "4194304",
                "memory size (m)",
            ),
            (
                with_part(&hash, 3, "m=19456,t=4000000,p=1"),
                "4000000",
                "number of passes (t)",
            ),
            (
                with_part(&hash, 3, "m=19456,t=2,p=64"),
                "p=64",
                "parallelism (p)",
            ),
            (with_part(&hash, 3, "m=19456,t=2"), "t=2", "parallelism (p)"),
            (
                with_part(&hash, 3, "m=19456,t=2,p=1,keyid=AAAA"),
                "keyid",
                "parameter",
            ),
            (
                with_part(&hash, 4, "c2FsdHNhbHQ"),
                "c2FsdHNhbHQ",
                "salt length",
            ),
            (
                with_part(&hash, 5, &"A".repeat(86)),
                "AAAAAAAA",
                "output length",
            ),
        ];
        for (changed, value, setting) in cases {
            assert_eq!(
                refused_with(&changed, value),
                PinRecordError::UnexpectedSetting(setting),
                "{setting}"
            );
        }
    }

    #[test]
    fn confirmation_codes_are_six_unambiguous_characters() {
        assert_eq!(confirmation_code([0, 1, 31, 32, 255, 24]), "AB9A92");
        for byte in 0..=255u8 {
            let code = confirmation_code([byte; 6]);
            assert_eq!(code.chars().count(), 6);
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
        }
    }
}

//! The port-out PIN (SPEC §9): its rules, and the record kept of it, which holds a salted slow hash
//! and never the PIN. Repeated wrong PINs make the next try wait longer. No message repeats a PIN.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Wrong PINs allowed in a row before tries are slowed down.
pub const FREE_TRIES: u32 = 3;

/// Checks a new PIN typed twice. `Ok(Some(warning))` accepts it with a warning.
pub fn check_new_pin(already_set: bool, pin: &str, again: &str) -> Result<Option<String>, String> {
    if pin.is_empty() {
        return Err(if already_set {
            "a porting PIN cannot be cleared once set; enter a new one to change it".into()
        } else {
            "enter a PIN of 6 to 10 digits".into()
        });
    }
    if pin.chars().any(|c| !c.is_ascii_digit()) {
        return Err("the PIN has digits only: no letters, spaces or symbols".into());
    }
    let len = pin.chars().count();
    if !(6..=10).contains(&len) {
        return Err(format!("the PIN has {len} digits; it needs 6 to 10"));
    }
    if pin != again {
        return Err("the two entries differ; type the same PIN twice".into());
    }
    Ok((len != 10)
        .then(|| format!("the PIN has {len} digits; some porting instructions ask for exactly 10")))
}

/// The layout of the PIN record that this portwiz writes and reads.
pub const RECORD_SCHEMA_VERSION: u32 = 1;

/// What is stored about the PIN: its hash (PHC string), when it was set, and the wrong tries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    pub schema_version: u32,
    pub hash: String,
    pub set_at: Timestamp,
    #[serde(default)]
    pub changed_at: Option<Timestamp>,
    #[serde(default)]
    pub wrong_tries: u32,
    #[serde(default)]
    pub last_wrong_try: Option<Timestamp>,
}

impl PinRecord {
    /// When the next try is allowed, after too many wrong ones: 30 s, doubling, at most an hour.
    /// A last try so late that the wait passes the end of representable time waits until then.
    pub fn next_try_at(&self) -> Option<Timestamp> {
        let extra = self.wrong_tries.checked_sub(FREE_TRIES)?;
        let wait = SignedDuration::from_secs(30 * 2i64.pow(extra.min(7)))
            .min(SignedDuration::from_hours(1));
        Some(
            self.last_wrong_try?
                .checked_add(wait)
                .unwrap_or(Timestamp::MAX),
        )
    }

    /// Counts one more wrong try; the count stays at its maximum rather than wrapping to zero,
    /// which would lift the back-off.
    pub fn record_wrong_try(&mut self, at: Timestamp) {
        self.wrong_tries = self.wrong_tries.saturating_add(1);
        self.last_wrong_try = Some(at);
    }

    pub fn record_right_try(&mut self) {
        self.wrong_tries = 0;
        self.last_wrong_try = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pin_rule() {
        assert!(
            check_new_pin(false, "", "")
                .unwrap_err()
                .contains("6 to 10")
        );
        assert!(
            check_new_pin(true, "", "")
                .unwrap_err()
                .contains("cannot be cleared")
        );
        assert!(
            check_new_pin(false, "12345a", "12345a")
                .unwrap_err()
                .contains("digits only")
        );
        assert!(
            check_new_pin(false, "123 456", "123 456")
                .unwrap_err()
                .contains("digits only")
        );
        assert!(
            check_new_pin(false, "12345", "12345")
                .unwrap_err()
                .contains("5 digits")
        );
        assert!(
            check_new_pin(false, "12345678901", "12345678901")
                .unwrap_err()
                .contains("11 digits")
        );
        assert!(
            check_new_pin(false, "12345678", "12345679")
                .unwrap_err()
                .contains("differ")
        );
        assert!(
            check_new_pin(false, "12345678", "12345678")
                .unwrap()
                .unwrap()
                .contains("exactly 10")
        );
        assert_eq!(check_new_pin(true, "1234567890", "1234567890"), Ok(None));
        assert!(
            check_new_pin(false, "123456", "123456").unwrap().is_some(),
            "6 digits is allowed with a warning"
        );
        for error in [
            check_new_pin(false, "98765x", "98765x"),
            check_new_pin(false, "87654321", "87654320"),
        ] {
            let text = error.unwrap_err();
            assert!(
                !text.contains("98765") && !text.contains("8765432"),
                "no message repeats the PIN: {text}"
            );
        }
    }

    fn fresh_record(set_at: Timestamp) -> PinRecord {
        PinRecord {
            schema_version: RECORD_SCHEMA_VERSION,
            hash: String::new(),
            set_at,
            changed_at: None,
            wrong_tries: 0,
            last_wrong_try: None,
        }
    }

    #[test]
    fn wrong_tries_slow_down_after_three() {
        let t0: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut record = fresh_record(t0);
        for _ in 0..2 {
            record.record_wrong_try(t0);
            assert_eq!(record.next_try_at(), None, "the first tries are free");
        }
        record.record_wrong_try(t0);
        assert_eq!(
            record.next_try_at(),
            Some(t0 + SignedDuration::from_secs(30)),
            "after three wrong, the fourth waits"
        );
        record.record_wrong_try(t0);
        assert_eq!(
            record.next_try_at(),
            Some(t0 + SignedDuration::from_secs(60))
        );
        record.record_wrong_try(t0);
        assert_eq!(
            record.next_try_at(),
            Some(t0 + SignedDuration::from_secs(120))
        );
        for _ in 0..20 {
            record.record_wrong_try(t0);
        }
        assert_eq!(
            record.next_try_at(),
            Some(t0 + SignedDuration::from_hours(1))
        );
        record.record_right_try();
        assert_eq!(record.next_try_at(), None);
    }

    #[test]
    fn the_count_saturates_and_the_back_off_never_overflows() {
        let t0: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut record = PinRecord {
            wrong_tries: u32::MAX - 1,
            ..fresh_record(t0)
        };
        record.record_wrong_try(t0);
        assert_eq!(record.wrong_tries, u32::MAX);
        record.record_wrong_try(t0);
        assert_eq!(
            record.wrong_tries,
            u32::MAX,
            "stays at the maximum, never wraps to 0"
        );
        assert_eq!(
            record.next_try_at(),
            Some(t0 + SignedDuration::from_hours(1)),
            "the longest wait still holds"
        );

        record.last_wrong_try = Some(Timestamp::MAX);
        assert_eq!(
            record.next_try_at(),
            Some(Timestamp::MAX),
            "a last try at the end of time waits until then instead of overflowing"
        );
    }
}

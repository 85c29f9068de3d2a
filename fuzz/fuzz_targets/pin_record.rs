//! Fuzz target: the port-out PIN record reader (`portwiz::secrets::parse_pin_record`) on arbitrary
//! bytes. It must never panic; a record it accepts must verify (argon2 runs only on those) without
//! an error, and its wrong-try arithmetic must not overflow.

#![no_main]

use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;
use portwiz::secrets::{parse_pin_record, verify_pin};

fuzz_target!(|bytes: &[u8]| {
    let mut record = match parse_pin_record(bytes) {
        Ok(record) => record,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    verify_pin("1234567890", &record.hash).expect("an accepted record can be checked");
    let _ = record.next_try_at();
    record.record_wrong_try(record.last_wrong_try.unwrap_or(Timestamp::MAX));
    let _ = record.next_try_at();
});

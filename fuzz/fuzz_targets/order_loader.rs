//! Fuzz target: the order file reader (`portwiz::schema::read_order`) on arbitrary bytes. It must
//! never panic, and an order it reads must write back to a file that reads as the same order.

#![no_main]

use libfuzzer_sys::fuzz_target;
use portwiz::schema::{Reading, read_order};

fuzz_target!(|bytes: &[u8]| {
    let order = match read_order(bytes) {
        Ok(Reading::Current(order)) | Ok(Reading::Migrated { order, .. }) => order,
        // Never rewritten, so there is no round trip to check.
        Ok(Reading::Newer { .. }) => return,
        Err(error) => {
            // The message is shown to the user: making it must not panic either.
            let _ = error.to_string();
            return;
        }
    };
    let written = serde_json::to_vec_pretty(&order).expect("an order serializes");
    match read_order(&written) {
        Ok(Reading::Current(again)) => {
            assert_eq!(again, order, "the order changed on a round trip")
        }
        other => panic!("a written order does not read back as current: {other:?}"),
    }
});

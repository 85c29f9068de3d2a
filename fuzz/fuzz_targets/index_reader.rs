//! Fuzz target: the order index reader (`portwiz::store::index::parse_index`) on arbitrary bytes.
//! It must never panic; an index it accepts must write back to bytes that read as the same index,
//! and it must answer `fresh` for each of its entries with that entry's own stamp.

#![no_main]

use libfuzzer_sys::fuzz_target;
use portwiz::store::index::{parse_index, write_index};

fuzz_target!(|bytes: &[u8]| {
    let index = match parse_index(bytes) {
        Ok(index) => index,
        Err(error) => {
            // Refused indexes are rebuilt; the message is logged, so making it must not panic.
            let _ = error.len();
            return;
        }
    };
    let written = write_index(&index);
    let again = parse_index(&written).expect("a written index reads again");
    assert_eq!(again, index, "the index changed on a round trip");
    for (name, entry) in &index.entries {
        assert_eq!(
            index.fresh(name, &entry.stamp),
            Some(&entry.summary),
            "an entry is not fresh for its own stamp"
        );
    }
});

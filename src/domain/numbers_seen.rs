//! The set of numbers a list being checked has given so far, for its duplicates: a bit a number in
//! blocks of one exchange's 10,000 lines, so that a list keeps its numbers in cache as it is read
//! (a list goes mostly exchange by exchange), where a hash set of a million numbers took 18 MB and
//! missed the cache at nearly every number.

use std::fmt;

/// The lines of one exchange (`NPA-NXX-XXXX`: the last four digits).
const LINES: usize = 10_000;

/// A dense block's bitmap: one bit a line.
const WORDS: usize = LINES.div_ceil(64);

/// How many lines a block keeps in place, before it needs memory of its own.
const FEW: usize = 14;

/// A sparse block becomes a bitmap when its lines (two bytes each) would take more room than one.
const SPARSE_MOST: usize = WORDS * 4;

/// The lines seen of one exchange.
enum Block {
    /// Up to [`FEW`] lines in place, in the order given: most exchanges of a list spread over
    /// many have a few numbers, and take no memory beyond the block.
    Few {
        count: u8,
        lines: [u16; FEW],
    },
    /// More lines, sorted.
    Sparse(Vec<u16>),
    Dense(Box<[u64; WORDS]>),
}

impl Block {
    fn new() -> Block {
        Block::Few {
            count: 0,
            lines: [0; FEW],
        }
    }

    /// Adds `line`; false when it was there already.
    fn insert(&mut self, line: u16) -> bool {
        match self {
            Block::Dense(bits) => {
                let (word, bit) = (usize::from(line) / 64, 1u64 << (line % 64));
                let new = bits[word] & bit == 0;
                bits[word] |= bit;
                new
            }
            Block::Sparse(lines) => {
                let Err(at) = lines.binary_search(&line) else {
                    return false;
                };
                lines.insert(at, line);
                if lines.len() > SPARSE_MOST {
                    let mut bits = Box::new([0u64; WORDS]);
                    for &line in lines.iter() {
                        bits[usize::from(line) / 64] |= 1 << (line % 64);
                    }
                    *self = Block::Dense(bits);
                }
                true
            }
            Block::Few { count, lines } => {
                let kept = &lines[..usize::from(*count)];
                if kept.contains(&line) {
                    return false;
                }
                if kept.len() < FEW {
                    lines[kept.len()] = line;
                    *count += 1;
                } else {
                    let mut sorted = kept.to_vec();
                    sorted.push(line);
                    sorted.sort_unstable();
                    *self = Block::Sparse(sorted);
                }
                true
            }
        }
    }
}

/// The national numbers (ten digits, as [`PhoneNumber::national_number`] gives them) seen.
///
/// [`PhoneNumber::national_number`]: super::phone::PhoneNumber::national_number
#[derive(Default)]
pub struct NumbersSeen {
    /// For each area code (the first three digits), 1 + the index of its exchanges in
    /// `exchanges`; 0 for an area code not seen. Empty until the first number.
    areas: Vec<u32>,
    /// For each area code seen, for each exchange (the next three digits), 1 + the index of its
    /// block in `blocks`; 0 for an exchange not seen.
    exchanges: Vec<[u32; 1000]>,
    blocks: Vec<Block>,
}

impl NumbersSeen {
    pub fn new() -> NumbersSeen {
        NumbersSeen::default()
    }

    /// Adds a national number; false when it was seen before.
    pub fn insert(&mut self, national: u64) -> bool {
        debug_assert!(national < 10_000_000_000, "ten digits");
        let line = (national % LINES as u64) as u16;
        let exchange = (national / LINES as u64 % 1000) as usize;
        let area = (national / (LINES as u64 * 1000) % 1000) as usize;
        if self.areas.is_empty() {
            self.areas = vec![0; 1000];
        }
        let exchanges = match self.areas[area] {
            0 => {
                self.exchanges.push([0; 1000]);
                self.areas[area] = index_of(self.exchanges.len());
                self.exchanges.last_mut().expect("just pushed")
            }
            at => &mut self.exchanges[at as usize - 1],
        };
        let block = match exchanges[exchange] {
            0 => {
                self.blocks.push(Block::new());
                exchanges[exchange] = index_of(self.blocks.len());
                self.blocks.last_mut().expect("just pushed")
            }
            at => &mut self.blocks[at as usize - 1],
        };
        block.insert(line)
    }
}

/// A count of exchanges or blocks as kept: at most a million exchanges, which `u32` holds.
fn index_of(count: usize) -> u32 {
    u32::try_from(count).expect("at most 1,000,000 exchanges")
}

impl fmt::Debug for NumbersSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NumbersSeen")
            .field("area_codes", &self.exchanges.len())
            .field("exchanges", &self.blocks.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        /// The same verdicts as a hash set, on numbers crowded in a few exchanges (so that blocks
        /// turn dense) and spread over all of them.
        #[test]
        fn tells_a_number_seen_as_a_hash_set_does(
            numbers in prop::collection::vec(
                prop_oneof![
                    (0u64..3, 0u64..LINES as u64).prop_map(|(x, line)| 2_127_360_000 + x * 10_000 + line),
                    2_000_000_000u64..10_000_000_000,
                ],
                0..3000,
            ),
        ) {
            let mut seen = NumbersSeen::new();
            let mut set = HashSet::new();
            for n in numbers {
                prop_assert_eq!(seen.insert(n), set.insert(n), "{}", n);
            }
        }
    }

    #[test]
    fn a_block_turns_dense_and_keeps_every_line() {
        let mut seen = NumbersSeen::new();
        for line in (0..LINES as u64).rev() {
            assert!(seen.insert(2_127_360_000 + line));
        }
        assert!(matches!(seen.blocks[..], [Block::Dense(_)]));
        assert!(
            std::mem::size_of::<Block>() <= 32,
            "a few lines in place cost no more than a Vec and its heap block"
        );
        for line in 0..LINES as u64 {
            assert!(!seen.insert(2_127_360_000 + line), "{line}");
        }
        assert!(seen.insert(2_127_370_000), "the next exchange");
        assert!(seen.insert(9_999_999_999), "the last number");
        assert!(!seen.insert(9_999_999_999));
    }
}

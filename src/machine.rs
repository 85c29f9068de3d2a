//! What the app asks of the machine besides its files: the real time (when an editing lock was
//! taken, and the wait after wrong port-out PINs, which the simulated clock cannot skip) and random
//! bytes (release confirmation codes). The workspace takes both from a `Machine` it is given, so a
//! test can fix them: the same keys then give the same screens. (A PIN's salt is the one exception:
//! it always comes from the system, since a salt anyone can reproduce protects nothing.)

use jiff::Timestamp;

/// Fills a buffer with random bytes.
type RandomSource = Box<dyn FnMut(&mut [u8]) + Send>;

pub struct Machine {
    now: Box<dyn Fn() -> Timestamp + Send + Sync>,
    random: RandomSource,
}

impl Machine {
    /// The system's clock and random source.
    pub fn system() -> Machine {
        Machine {
            now: Box::new(Timestamp::now),
            random: Box::new(|bytes| {
                if getrandom::fill(bytes).is_err() {
                    // No random source: the clock is still unpredictable enough to catch a slip.
                    let nanos = Timestamp::now().as_nanosecond();
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = (nanos >> ((i % 16) * 8)) as u8;
                    }
                }
            }),
        }
    }

    /// A machine whose time is `now()` and whose random bytes are a fixed sequence from `seed`.
    pub fn seeded(now: impl Fn() -> Timestamp + Send + Sync + 'static, seed: u64) -> Machine {
        let mut state = seed;
        Machine {
            now: Box::new(now),
            random: Box::new(move |bytes| {
                for chunk in bytes.chunks_mut(8) {
                    let word = splitmix64(&mut state).to_le_bytes();
                    chunk.copy_from_slice(&word[..chunk.len()]);
                }
            }),
        }
    }

    /// The real time now.
    pub fn now(&self) -> Timestamp {
        (self.now)()
    }

    pub fn fill(&mut self, bytes: &mut [u8]) {
        (self.random)(bytes)
    }
}

/// SplitMix64 (Steele, Lea and Flood): a seeded sequence of well-spread words, for tests only.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_bytes_and_another_seed_others() {
        let at: Timestamp = "2026-11-20T15:00:00Z".parse().unwrap();
        let bytes = |seed| {
            let mut machine = Machine::seeded(move || at, seed);
            let mut out = [0u8; 12];
            machine.fill(&mut out);
            (out, machine.now())
        };
        assert_eq!(bytes(7), bytes(7));
        assert_ne!(bytes(7).0, bytes(8).0);
        assert_eq!(bytes(7).1, at);
    }
}

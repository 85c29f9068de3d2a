//! The one source of "now" for every date rule. Normally a simulated clock kept in the data directory,
//! which the administrator moves on by hand (SPEC §8); `PORTWIZ_NOW` fixes it for tests and demos.

use crate::domain::calendar::{eastern, nth_business_day_after};
use crate::domain::phone::Country;
use jiff::civil::Date;
use jiff::{ToSpan, Zoned};

#[derive(Debug, Clone, PartialEq)]
pub enum Clock {
    /// Fixed by `PORTWIZ_NOW`: time does not move.
    Fixed(Zoned),
    /// The simulated clock: moves only when advanced or set.
    Simulated(Zoned),
}

/// How far to move the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advance {
    Hours(i64),
    Days(i64),
    BusinessDays(u32),
}

impl Advance {
    /// Reads `<N>h`, `<N>d` or `<N>bd` (business days, United States).
    pub fn parse(text: &str) -> Result<Advance, String> {
        let t = text.trim().to_ascii_lowercase();
        let bad = || {
            format!(
                "{:?} is not a step of time; write 6h (hours), 2d (days) or 3bd (business days)",
                crate::text::strip_controls(text.trim())
            )
        };
        let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
        let n: u32 = number.parse().map_err(|_| bad())?;
        if n == 0 || n > 3650 {
            return Err("give a step from 1 to 3650".into());
        }
        match unit {
            "h" => Ok(Advance::Hours(i64::from(n))),
            "d" => Ok(Advance::Days(i64::from(n))),
            "bd" => Ok(Advance::BusinessDays(n)),
            _ => Err(bad()),
        }
    }

    pub fn from(self, now: &Zoned) -> Zoned {
        match self {
            Advance::Hours(h) => now.checked_add(h.hours()).unwrap_or_else(|_| now.clone()),
            Advance::Days(d) => now.checked_add(d.days()).unwrap_or_else(|_| now.clone()),
            Advance::BusinessDays(n) => {
                // Business days are counted only on the port calendar: a step that may leave it
                // lands just past its end, for the workspace to refuse.
                let past_end = crate::domain::calendar::LAST_SERVED_DAY.tomorrow();
                let leaves = (now.date().checked_add((2 * i64::from(n) + 14).days()).ok())
                    .is_none_or(|bound| bound > crate::domain::calendar::LAST_SERVED_DAY);
                let day = match past_end {
                    Ok(past_end) if leaves => past_end,
                    _ => nth_business_day_after(Country::UnitedStates, now.date(), n),
                };
                day.to_datetime(now.time())
                    .to_zoned(eastern())
                    .unwrap_or_else(|_| now.clone())
            }
        }
    }
}

impl Clock {
    /// `PORTWIZ_NOW` when set; else the stored simulated time, or the system time for a new directory.
    pub fn from_env(stored: Option<Zoned>) -> anyhow::Result<Clock> {
        match std::env::var("PORTWIZ_NOW") {
            Ok(text) if !text.trim().is_empty() => Clock::parse(&text),
            _ => Ok(Clock::Simulated(stored.unwrap_or_else(|| {
                let now = Zoned::now().with_time_zone(eastern());
                now.round(jiff::Unit::Minute).unwrap_or(now)
            }))),
        }
    }

    /// A fixed clock from an RFC 3339 time.
    pub fn parse(text: &str) -> anyhow::Result<Clock> {
        Ok(Clock::Fixed(
            parse_moment(text).map_err(|e| anyhow::anyhow!("PORTWIZ_NOW: {e}"))?,
        ))
    }

    pub fn now(&self) -> Zoned {
        match self {
            Clock::Fixed(at) | Clock::Simulated(at) => at.clone(),
        }
    }

    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// Sets the simulated clock; refused, with the reason, when `PORTWIZ_NOW` fixes it. (Whether it
    /// may go back is for the workspace to say: only to before anything happened.)
    pub fn set(&mut self, to: Zoned) -> Result<(), String> {
        match self {
            Clock::Fixed(_) => {
                Err("the clock is fixed by PORTWIZ_NOW; unset it to move time".into())
            }
            Clock::Simulated(now) => {
                *now = to;
                Ok(())
            }
        }
    }

    /// How the clock is labelled on screen.
    pub fn label(&self) -> &'static str {
        match self {
            Clock::Fixed(_) => "Fixed clock (PORTWIZ_NOW)",
            Clock::Simulated(_) => "Simulated clock",
        }
    }

    /// The one word for the kind of clock, where the header is narrow.
    pub fn kind(&self) -> &'static str {
        match self {
            Clock::Fixed(_) => "fixed",
            Clock::Simulated(_) => "simulated",
        }
    }
}

pub use crate::domain::calendar::MOMENT;

/// A moment in the one form [`MOMENT`].
pub fn show(at: &Zoned) -> String {
    at.strftime(MOMENT).to_string()
}

/// Reads an RFC 3339 moment into Eastern time: one of the port calendar's days.
pub fn parse_moment(text: &str) -> Result<Zoned, String> {
    let at = parse_rfc3339(text)?;
    crate::domain::calendar::check_served(at.date())?;
    Ok(at)
}

/// Reads an RFC 3339 moment into Eastern time, whichever day it is.
pub fn parse_rfc3339(text: &str) -> Result<Zoned, String> {
    let text = text.trim();
    let shown = crate::text::strip_controls(text);
    match text.parse::<jiff::Timestamp>() {
        Ok(moment) => Ok(moment.to_zoned(eastern())),
        // Written right, with a time and an offset, but past the years a moment can be kept in
        // (9999 in UTC): the year is what is wrong.
        Err(_)
            if jiff::fmt::temporal::Pieces::parse(text)
                .is_ok_and(|p| p.time().is_some() && p.offset().is_some()) =>
        {
            Err(format!(
                "{shown:?} is a time whose year is out of range; the port calendar runs from {} to {}, choose a moment within it",
                crate::domain::calendar::FIRST_SERVED_DAY,
                crate::domain::calendar::LAST_SERVED_DAY
            ))
        }
        Err(_) => Err(format!(
            "{shown:?} is not an RFC 3339 time; write it like 2026-11-20T10:00:00-05:00"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_read_in_eastern_time_and_cannot_move() {
        let mut clock = Clock::parse("2026-11-21T03:00:00Z").unwrap();
        assert_eq!(
            clock.today().to_string(),
            "2026-11-20",
            "03:00 UTC is still the 20th in New York"
        );
        assert!(clock.set(clock.now()).unwrap_err().contains("PORTWIZ_NOW"));
        assert!(
            Clock::parse("tomorrow")
                .unwrap_err()
                .to_string()
                .contains("RFC 3339")
        );
    }

    #[test]
    fn the_simulated_clock_moves_forward_by_hours_days_and_business_days() {
        let start = parse_moment("2026-11-25T10:00:00-05:00").unwrap();
        assert_eq!(
            Advance::parse("6h").unwrap().from(&start).to_string(),
            "2026-11-25T16:00:00-05:00[America/New_York]"
        );
        assert_eq!(
            Advance::parse("2d")
                .unwrap()
                .from(&start)
                .date()
                .to_string(),
            "2026-11-27"
        );
        assert_eq!(
            Advance::parse("1BD")
                .unwrap()
                .from(&start)
                .date()
                .to_string(),
            "2026-11-27",
            "Thanksgiving skipped"
        );
        assert!(Advance::parse("3 weeks").is_err());
        assert!(Advance::parse("0d").is_err());
        let mut clock = Clock::Simulated(start.clone());
        clock.set(Advance::Days(1).from(&start)).unwrap();
        assert_eq!(clock.today().to_string(), "2026-11-26");
    }
}

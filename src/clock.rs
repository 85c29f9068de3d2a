//! The one source of "now" for every date rule: the system clock, or a fixed moment from `PORTWIZ_NOW`
//! so that tests and demos repeat exactly.

use crate::domain::calendar::eastern;
use jiff::Zoned;
use jiff::civil::Date;

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(Zoned),
}

impl Clock {
    /// Reads `PORTWIZ_NOW` (RFC 3339, e.g. `2026-11-20T10:00:00-05:00`); unset means the system clock.
    pub fn from_env() -> anyhow::Result<Clock> {
        match std::env::var("PORTWIZ_NOW") {
            Ok(text) if !text.trim().is_empty() => Clock::parse(&text),
            _ => Ok(Clock::System),
        }
    }

    pub fn parse(text: &str) -> anyhow::Result<Clock> {
        let moment: jiff::Timestamp = text.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "PORTWIZ_NOW is {:?}, not an RFC 3339 time; write it like 2026-11-20T10:00:00-05:00",
                crate::text::strip_controls(text)
            )
        })?;
        Ok(Clock::Fixed(moment.to_zoned(eastern())))
    }

    /// Now, in US Eastern time (the zone every port date and time is given in).
    pub fn now(&self) -> Zoned {
        match self {
            Clock::System => Zoned::now().with_time_zone(eastern()),
            Clock::Fixed(at) => at.clone(),
        }
    }

    pub fn today(&self) -> Date {
        self.now().date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_read_in_eastern_time() {
        let clock = Clock::parse("2026-11-21T03:00:00Z").unwrap();
        assert_eq!(
            clock.today().to_string(),
            "2026-11-20",
            "03:00 UTC is still the 20th in New York"
        );
        assert!(
            Clock::parse("tomorrow")
                .unwrap_err()
                .to_string()
                .contains("RFC 3339")
        );
    }
}

//! Port dates and times (SPEC §5): holidays with their observed days, business days, lead times, the
//! 30-day limit and the time windows in US Eastern time. "Today" is always passed in, never read here.

use super::phone::{Country, NumberType};
use jiff::civil::{Date, Time, Weekday, date};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex};

/// The zone every port time is given in.
pub const PORT_TIME_ZONE: &str = "America/New_York";

/// How a moment is written everywhere it is shown: on screen, in the commands' output and in an
/// order's history ("Fri 2026-11-20 10:00 ET").
pub const MOMENT: &str = "%a %Y-%m-%d %H:%M ET";

/// How a moment is written in a column of moments (a timeline, a number's history), where the
/// weekday would only widen it and the column's zone is Eastern Time throughout.
pub fn stamp(at: jiff::Timestamp) -> String {
    at.to_zoned(eastern())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// [`stamp`] with its zone, for a moment written in a sentence.
pub fn stamp_et(at: jiff::Timestamp) -> String {
    format!("{} ET", stamp(at))
}

pub fn eastern() -> TimeZone {
    // Looked up once: every moment shown or counted in business days goes through it.
    static EASTERN: LazyLock<TimeZone> = LazyLock::new(|| {
        TimeZone::get(PORT_TIME_ZONE).expect("the bundled tz database holds America/New_York")
    });
    EASTERN.clone()
}

/// A holiday as it is kept: the day off, which may differ from the nominal date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub observed: Date,
    pub name: String,
}

/// The first and last days the port calendar judges from: holidays are worked out for the years
/// around the day asked of, and lead times and FOC dates look weeks ahead, all within the years
/// the calendar type holds (to 9999).
pub const FIRST_SERVED_DAY: Date = date(1900, 1, 1);
pub const LAST_SERVED_DAY: Date = date(9997, 12, 31);

/// Refuses a day the port calendar cannot judge from, saying which days it can.
pub fn check_served(day: Date) -> Result<(), String> {
    if (FIRST_SERVED_DAY..=LAST_SERVED_DAY).contains(&day) {
        Ok(())
    } else {
        Err(format!(
            "{day} is outside the port calendar, which runs from {FIRST_SERVED_DAY} to {LAST_SERVED_DAY}; choose a moment within it"
        ))
    }
}

/// The holidays observed during `year` (an observed day can move into the neighbouring year).
pub fn holidays(country: Country, year: i16) -> Vec<Holiday> {
    let mut all: Vec<Holiday> = match country {
        Country::UnitedStates => (year - 1..=year + 1).flat_map(us_holidays).collect(),
        Country::Canada => (year - 1..=year + 1).flat_map(canada_holidays).collect(),
    };
    all.retain(|h| h.observed.year() == year);
    all.sort_by_key(|h| h.observed);
    all
}

pub fn holiday_on(country: Country, day: Date) -> Option<Holiday> {
    holidays_cached(country, day.year())
        .iter()
        .find(|h| h.observed == day)
        .cloned()
}

/// A year's holidays, worked out once: counting business days asks for them day by day, for
/// every open order at every start.
fn holidays_cached(country: Country, year: i16) -> Arc<[Holiday]> {
    type Years = HashMap<(Country, i16), Arc<[Holiday]>>;
    static YEARS: LazyLock<Mutex<Years>> = LazyLock::new(Mutex::default);
    let mut years = YEARS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    years
        .entry((country, year))
        .or_insert_with(|| holidays(country, year).into())
        .clone()
}

fn nth_weekday(year: i16, month: i8, weekday: Weekday, nth: i8) -> Date {
    date(year, month, 1)
        .nth_weekday_of_month(nth, weekday)
        .expect("every month has four of each weekday")
}

fn last_weekday(year: i16, month: i8, weekday: Weekday) -> Date {
    date(year, month, 1)
        .nth_weekday_of_month(-1, weekday)
        .expect("every month has a last weekday")
}

/// 5 U.S.C. 6103: a Saturday holiday is observed the Friday before, a Sunday one the Monday after.
fn us_holidays(year: i16) -> Vec<Holiday> {
    let fixed = |month, day, name: &str| {
        let nominal = date(year, month, day);
        let observed = match nominal.weekday() {
            Weekday::Saturday => nominal.yesterday().expect("in range"),
            Weekday::Sunday => nominal.tomorrow().expect("in range"),
            _ => nominal,
        };
        Holiday {
            observed,
            name: name.to_string(),
        }
    };
    let floating = |d: Date, name: &str| Holiday {
        observed: d,
        name: name.to_string(),
    };
    vec![
        fixed(1, 1, "New Year's Day"),
        floating(
            nth_weekday(year, 1, Weekday::Monday, 3),
            "Birthday of Martin Luther King, Jr.",
        ),
        floating(
            nth_weekday(year, 2, Weekday::Monday, 3),
            "Washington's Birthday",
        ),
        floating(last_weekday(year, 5, Weekday::Monday), "Memorial Day"),
        fixed(6, 19, "Juneteenth National Independence Day"),
        fixed(7, 4, "Independence Day"),
        floating(nth_weekday(year, 9, Weekday::Monday, 1), "Labor Day"),
        floating(nth_weekday(year, 10, Weekday::Monday, 2), "Columbus Day"),
        fixed(11, 11, "Veterans Day"),
        floating(
            nth_weekday(year, 11, Weekday::Thursday, 4),
            "Thanksgiving Day",
        ),
        fixed(12, 25, "Christmas Day"),
    ]
}

/// Easter Sunday (anonymous Gregorian algorithm).
fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

/// Canada Labour Code general holidays; one that falls on a weekend (or on another holiday's day off)
/// is observed on the next working day, so Christmas on a Friday puts Boxing Day on the Monday.
fn canada_holidays(year: i16) -> Vec<Holiday> {
    let victoria = {
        let may24 = date(year, 5, 24);
        let back = (i64::from(may24.weekday().to_monday_zero_offset()) % 7) as i32;
        may24.checked_sub(back.days()).expect("in range")
    };
    let nominal = vec![
        (date(year, 1, 1), "New Year's Day"),
        (
            easter(year).checked_sub(2.days()).expect("in range"),
            "Good Friday",
        ),
        (victoria, "Victoria Day"),
        (date(year, 7, 1), "Canada Day"),
        (nth_weekday(year, 8, Weekday::Monday, 1), "Civic Holiday"),
        (nth_weekday(year, 9, Weekday::Monday, 1), "Labour Day"),
        (
            date(year, 9, 30),
            "National Day for Truth and Reconciliation",
        ),
        (
            nth_weekday(year, 10, Weekday::Monday, 2),
            "Thanksgiving Day",
        ),
        (date(year, 11, 11), "Remembrance Day"),
        (date(year, 12, 25), "Christmas Day"),
        (date(year, 12, 26), "Boxing Day"),
    ];
    let mut taken: Vec<Date> = Vec::new();
    let mut result = Vec::new();
    for (day, name) in nominal {
        let mut observed = day;
        while is_weekend(observed) || taken.contains(&observed) {
            observed = observed.tomorrow().expect("in range");
        }
        taken.push(observed);
        result.push(Holiday {
            observed,
            name: name.to_string(),
        });
    }
    result
}

pub fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The `n`th business day after `today` (tomorrow, if a business day, is the 1st).
pub fn nth_business_day_after(country: Country, today: Date, n: u32) -> Date {
    let mut day = today;
    let mut count = 0;
    while count < n {
        day = day.tomorrow().expect("in range");
        if !is_weekend(day)
            && !holidays_cached(country, day.year())
                .iter()
                .any(|h| h.observed == day)
        {
            count += 1;
        }
    }
    day
}

/// The lead-time policy for a country (SPEC §5).
#[derive(Debug, Clone, Copy)]
pub struct LeadTimes {
    pub earliest_business_day: u32,
    /// Dates before this business day are accepted with a warning; `None` where no such warning applies.
    pub aggressive_before: Option<u32>,
    pub recommended_from: u32,
    pub latest_calendar_days: i64,
}

pub fn lead_times(country: Country) -> LeadTimes {
    match country {
        Country::UnitedStates => LeadTimes {
            earliest_business_day: 5,
            aggressive_before: Some(7),
            recommended_from: 15,
            latest_calendar_days: 30,
        },
        Country::Canada => LeadTimes {
            earliest_business_day: 10,
            aggressive_before: None,
            recommended_from: 15,
            latest_calendar_days: 30,
        },
    }
}

/// What a date is worth as a requested port date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayStatus {
    Past,
    Weekend,
    Holiday(String),
    TooSoon,
    TooLate,
    Aggressive,
    Ok,
    Recommended,
}

impl DayStatus {
    pub fn allowed(&self) -> bool {
        matches!(
            self,
            DayStatus::Aggressive | DayStatus::Ok | DayStatus::Recommended
        )
    }

    /// The word `portwiz calendar` prints.
    pub fn keyword(&self) -> &'static str {
        match self {
            DayStatus::Past => "past",
            DayStatus::Weekend => "weekend",
            DayStatus::Holiday(_) => "holiday",
            DayStatus::TooSoon => "too-soon",
            DayStatus::TooLate => "too-late",
            DayStatus::Aggressive => "aggressive",
            DayStatus::Ok => "ok",
            DayStatus::Recommended => "recommended",
        }
    }
}

/// The whole judgement of one candidate date, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayVerdict {
    pub day: Date,
    pub status: DayStatus,
    pub dates: LeadDates,
}

/// The dates that bound a port date chosen on one day: the earliest the carrier allows, the
/// first recommended, and the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadDates {
    pub earliest: Date,
    pub recommended_from: Date,
    pub latest: Date,
}

/// A day as the port date's sentences write it ("Mon 2026-11-30").
fn day_in_words(day: Date) -> String {
    day.strftime("%a %Y-%m-%d").to_string()
}

impl LeadDates {
    /// The earliest date allowed and the first recommended, in words: the field's hint and its
    /// error for a date too early say them alike, so that no one is told two earliest dates.
    pub fn said(&self) -> String {
        format!(
            "the earliest date allowed is {}, and {} or later is recommended",
            day_in_words(self.earliest),
            day_in_words(self.recommended_from)
        )
    }
}

impl DayVerdict {
    /// A sentence for the administrator: why the day can or cannot be chosen.
    pub fn explain(&self) -> String {
        let f = day_in_words;
        match &self.status {
            DayStatus::Past => format!("{} is in the past; {}", f(self.day), self.dates.said()),
            DayStatus::Weekend => format!(
                "{} is a weekend day; carriers port on business days only",
                f(self.day)
            ),
            DayStatus::Holiday(name) => format!(
                "{} is a holiday ({name}); carriers port on business days only",
                f(self.day)
            ),
            DayStatus::TooSoon => format!("{} is too soon; {}", f(self.day), self.dates.said()),
            DayStatus::TooLate => format!(
                "{} is too far ahead; the latest date is {} (30 days)",
                f(self.day),
                f(self.dates.latest)
            ),
            DayStatus::Aggressive => format!(
                "{} is allowed but aggressive: a rejection would almost surely force a new date; {} or later is recommended",
                f(self.day),
                f(self.dates.recommended_from)
            ),
            DayStatus::Ok => format!(
                "{} is allowed; {} or later is recommended",
                f(self.day),
                f(self.dates.recommended_from)
            ),
            DayStatus::Recommended => format!("{} is allowed and recommended", f(self.day)),
        }
    }
}

/// Judges `day` as a requested port date for an order made on `today`.
pub fn judge_day(country: Country, today: Date, day: Date) -> DayVerdict {
    let lead = lead_times(country);
    let dates = lead_dates(country, today);
    let LeadDates {
        earliest,
        recommended_from,
        latest,
    } = dates;
    let aggressive_until = lead
        .aggressive_before
        .map(|n| nth_business_day_after(country, today, n));
    // Today is never in the past: it is too soon (or a weekend or a holiday) like the days after it.
    let status = if day < today {
        DayStatus::Past
    } else if is_weekend(day) {
        DayStatus::Weekend
    } else if let Some(h) = holiday_on(country, day) {
        DayStatus::Holiday(h.name)
    } else if day > latest {
        DayStatus::TooLate
    } else if day < earliest {
        DayStatus::TooSoon
    } else if aggressive_until.is_some_and(|limit| day < limit) {
        DayStatus::Aggressive
    } else if day >= recommended_from {
        DayStatus::Recommended
    } else {
        DayStatus::Ok
    };
    DayVerdict { day, status, dates }
}

/// The earliest, first recommended and latest port dates for an order made on `today`.
pub fn lead_dates(country: Country, today: Date) -> LeadDates {
    let lead = lead_times(country);
    LeadDates {
        earliest: nth_business_day_after(country, today, lead.earliest_business_day),
        recommended_from: nth_business_day_after(country, today, lead.recommended_from),
        latest: (today.checked_add(lead.latest_calendar_days.days())).expect("in range"),
    }
}

/// Every date from today through the 30-day limit, judged.
pub fn port_calendar(country: Country, today: Date) -> Vec<DayVerdict> {
    let lead = lead_times(country);
    (0..=lead.latest_calendar_days)
        .map(|offset| {
            judge_day(
                country,
                today,
                today.checked_add(offset.days()).expect("in range"),
            )
        })
        .collect()
}

/// The first date from `today` on that is allowed and recommended.
pub fn first_recommended(country: Country, today: Date) -> Date {
    lead_dates(country, today).recommended_from
}

/// When in the day a port may happen, in Eastern time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeWindow {
    Between(Time, Time),
    Fixed(Time),
}

impl TimeWindow {
    pub fn for_order(country: Country, number_type: NumberType) -> TimeWindow {
        match (country, number_type) {
            (Country::UnitedStates, NumberType::Geographic) => {
                TimeWindow::Between(Time::constant(8, 0, 0, 0), Time::constant(20, 0, 0, 0))
            }
            _ => TimeWindow::Fixed(Time::constant(11, 30, 0, 0)),
        }
    }

    pub fn contains(self, time: Time) -> bool {
        match self {
            TimeWindow::Between(from, to) => time >= from && time <= to,
            TimeWindow::Fixed(at) => time == at,
        }
    }

    pub fn default_time(self) -> Time {
        match self {
            TimeWindow::Between(..) => Time::constant(9, 0, 0, 0),
            TimeWindow::Fixed(at) => at,
        }
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeWindow::Between(from, to) => write!(
                f,
                "{} to {} Eastern time",
                from.strftime("%H:%M"),
                to.strftime("%H:%M")
            ),
            TimeWindow::Fixed(at) => write!(f, "{} Eastern time only", at.strftime("%H:%M")),
        }
    }
}

/// The port moment with its zone, as stored in an order.
pub fn port_moment(day: Date, time: Time) -> Option<Zoned> {
    day.to_datetime(time).to_zoned(eastern()).ok()
}

/// Reads `YYYY-MM-DD`, with a message that says the expected form.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a date as YYYY-MM-DD, or press Ctrl-O for the calendar".into());
    }
    t.parse::<Date>()
        .map_err(|_| format!("{t:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-15"))
}

/// Reads `HH:MM` (24-hour clock).
pub fn parse_time(text: &str) -> Result<Time, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(':').collect();
    let bad = || format!("{t:?} is not a time; write it as HH:MM on the 24-hour clock, e.g. 09:30");
    if parts.len() != 2 || parts[0].is_empty() || parts[0].len() > 2 || parts[1].len() != 2 {
        return Err(bad());
    }
    let hour: i8 = parts[0].parse().map_err(|_| bad())?;
    let minute: i8 = parts[1].parse().map_err(|_| bad())?;
    Time::new(hour, minute, 0, 0).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(country: Country, year: i16) -> Vec<(String, String)> {
        holidays(country, year)
            .into_iter()
            .map(|h| (h.observed.to_string(), h.name))
            .collect()
    }

    #[test]
    fn us_federal_holidays_2026_with_observed_days() {
        let days: Vec<String> = observed(Country::UnitedStates, 2026)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            days,
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03", // July 4 is a Saturday: observed Friday
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25",
            ]
        );
    }

    #[test]
    fn us_federal_holidays_2027_with_observed_days() {
        let days: Vec<String> = observed(Country::UnitedStates, 2027)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            days,
            [
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-05-31",
                "2027-06-18", // June 19 is a Saturday
                "2027-07-05", // July 4 is a Sunday
                "2027-09-06",
                "2027-10-11",
                "2027-11-11",
                "2027-11-25",
                "2027-12-24", // December 25 is a Saturday
                "2027-12-31", // New Year's Day 2028 is a Saturday: observed in 2027
            ]
        );
    }

    #[test]
    fn canadian_holidays_2026_and_boxing_day_after_a_friday_christmas() {
        let h = observed(Country::Canada, 2026);
        let find = |name: &str| {
            h.iter()
                .find(|(_, n)| n == name)
                .map(|(d, _)| d.clone())
                .unwrap()
        };
        assert_eq!(find("Good Friday"), "2026-04-03");
        assert_eq!(find("Victoria Day"), "2026-05-18");
        assert_eq!(find("Canada Day"), "2026-07-01");
        assert_eq!(find("Civic Holiday"), "2026-08-03");
        assert_eq!(find("Thanksgiving Day"), "2026-10-12");
        assert_eq!(find("Remembrance Day"), "2026-11-11");
        assert_eq!(find("Christmas Day"), "2026-12-25");
        assert_eq!(
            find("Boxing Day"),
            "2026-12-28",
            "Christmas on a Friday puts Boxing Day on Monday"
        );
        let h27 = observed(Country::Canada, 2027);
        assert!(h27.contains(&("2027-12-27".into(), "Christmas Day".into())));
        assert!(h27.contains(&("2027-12-28".into(), "Boxing Day".into())));
        assert!(h27.contains(&("2027-03-26".into(), "Good Friday".into())));
    }

    #[test]
    fn victoria_day_is_the_monday_before_may_25() {
        assert_eq!(
            holiday_on(Country::Canada, date(2027, 5, 24)).unwrap().name,
            "Victoria Day"
        );
        assert_eq!(
            holiday_on(Country::Canada, date(2021, 5, 24)).unwrap().name,
            "Victoria Day"
        );
        assert_eq!(
            holiday_on(Country::Canada, date(2025, 5, 19)).unwrap().name,
            "Victoria Day"
        );
    }

    #[test]
    fn lead_times_around_thanksgiving_us() {
        // Friday 2026-11-20: business days after it skip the weekend and Thanksgiving (Thursday 11-26).
        let today = date(2026, 11, 20);
        let us = Country::UnitedStates;
        assert_eq!(nth_business_day_after(us, today, 1), date(2026, 11, 23));
        assert_eq!(nth_business_day_after(us, today, 4), date(2026, 11, 27));
        assert_eq!(nth_business_day_after(us, today, 5), date(2026, 11, 30));
        assert_eq!(
            judge_day(us, today, date(2026, 11, 26)).status,
            DayStatus::Holiday("Thanksgiving Day".into())
        );
        assert_eq!(
            judge_day(us, today, date(2026, 11, 27)).status,
            DayStatus::TooSoon
        );
        assert_eq!(
            judge_day(us, today, date(2026, 11, 30)).status,
            DayStatus::Aggressive
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 1)).status,
            DayStatus::Aggressive
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 2)).status,
            DayStatus::Ok,
            "7th business day"
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 11)).status,
            DayStatus::Ok
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 14)).status,
            DayStatus::Recommended,
            "15th business day"
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 19)).status,
            DayStatus::Weekend
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 18)).status,
            DayStatus::Recommended
        );
        assert_eq!(
            judge_day(us, today, date(2026, 12, 21)).status,
            DayStatus::TooLate
        );
        assert_eq!(judge_day(us, today, today).status, DayStatus::TooSoon);
        let yesterday = today.checked_sub(1.day()).unwrap();
        assert_eq!(judge_day(us, today, yesterday).status, DayStatus::Past);
        // The calendar (and `portwiz calendar`) runs from today to the limit: nothing past or too late.
        for country in [us, Country::Canada] {
            assert!(
                port_calendar(country, today)
                    .iter()
                    .all(|v| !matches!(v.status, DayStatus::Past | DayStatus::TooLate))
            );
        }
    }

    #[test]
    fn the_served_days_are_judged_to_their_end_and_no_further() {
        for country in [Country::UnitedStates, Country::Canada] {
            for day in [FIRST_SERVED_DAY, LAST_SERVED_DAY] {
                let days = port_calendar(country, day);
                assert_eq!(days.len(), 31, "{day}");
                // The FOC search looks up to 60 days on, and business days beyond the calendar.
                assert!(nth_business_day_after(country, day, 60) > day);
                assert_eq!(check_served(day), Ok(()));
            }
        }
        let beyond = date(9998, 1, 1);
        assert!(
            check_served(beyond)
                .unwrap_err()
                .contains("runs from 1900-01-01 to 9997-12-31")
        );
        assert!(check_served(date(1899, 12, 31)).is_err());
    }

    #[test]
    fn canada_needs_ten_business_days_and_has_no_aggressive_band() {
        let today = date(2026, 10, 5); // Thanksgiving is Monday 10-12
        let ca = Country::Canada;
        assert_eq!(nth_business_day_after(ca, today, 10), date(2026, 10, 20));
        assert_eq!(
            judge_day(ca, today, date(2026, 10, 19)).status,
            DayStatus::TooSoon
        );
        assert_eq!(
            judge_day(ca, today, date(2026, 10, 20)).status,
            DayStatus::Ok
        );
        assert_eq!(
            judge_day(ca, today, date(2026, 10, 12)).status,
            DayStatus::Holiday("Thanksgiving Day".into())
        );
    }

    #[test]
    fn calendar_covers_thirty_days() {
        let cal = port_calendar(Country::UnitedStates, date(2026, 11, 20));
        assert_eq!(cal.len(), 31);
        assert_eq!(cal.first().unwrap().day, date(2026, 11, 20));
        assert_eq!(cal.last().unwrap().day, date(2026, 12, 20));
    }

    #[test]
    fn time_windows_in_eastern_time() {
        let us_geo = TimeWindow::for_order(Country::UnitedStates, NumberType::Geographic);
        assert!(us_geo.contains(Time::constant(8, 0, 0, 0)));
        assert!(us_geo.contains(Time::constant(20, 0, 0, 0)));
        assert!(!us_geo.contains(Time::constant(20, 1, 0, 0)));
        assert!(!us_geo.contains(Time::constant(7, 59, 0, 0)));
        for w in [
            TimeWindow::for_order(Country::UnitedStates, NumberType::TollFree),
            TimeWindow::for_order(Country::Canada, NumberType::Geographic),
        ] {
            assert!(w.contains(Time::constant(11, 30, 0, 0)));
            assert!(!w.contains(Time::constant(11, 31, 0, 0)));
        }
        let moment = port_moment(date(2026, 12, 14), Time::constant(9, 0, 0, 0)).unwrap();
        assert_eq!(
            moment.to_string(),
            "2026-12-14T09:00:00-05:00[America/New_York]"
        );
    }

    #[test]
    fn reads_dates_and_times_with_helpful_errors() {
        assert_eq!(parse_date("2026-12-14"), Ok(date(2026, 12, 14)));
        assert!(parse_date("12/14/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_time("9:30"), Ok(Time::constant(9, 30, 0, 0)));
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("0930").unwrap_err().contains("HH:MM"));
    }
}

//! The port-date picker: the next 30 days as a month grid, each day marked allowed or not, and why.

use crate::domain::calendar::{DayStatus, DayVerdict, port_calendar};
use crate::domain::phone::Country;
use crate::domain::validate::Field;
use crate::strings;
use crate::ui::component::{Command, Ctx, Reply, Screen};
use crate::ui::keymap::{Binding, always, ch, plain};
use crate::ui::screens::wizard::Input;
use crate::ui::theme::Theme;
use crate::ui::widgets::{modal, put, wrap};
use jiff::ToSpan;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPicker {
    pub days: Vec<DayVerdict>,
    pub cursor: usize,
    pub refusal: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Left,
    Right,
    Up,
    Down,
    Pick,
    Cancel,
}

pub static KEYMAP: &[Binding<CalendarPicker, Action>] = &[
    Binding {
        keys: &[plain(KeyCode::Left), ch('h')],
        shown: "←→",
        label: "day",
        action: Action::Left,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Right), ch('l')],
        shown: "→/l",
        label: "next day",
        action: Action::Right,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Up), ch('k')],
        shown: "↑↓",
        label: "week",
        action: Action::Up,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Down), ch('j')],
        shown: "↓/j",
        label: "next week",
        action: Action::Down,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Enter)],
        shown: "Enter",
        label: "pick",
        action: Action::Pick,
        hint: true,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Esc)],
        shown: "Esc",
        label: "cancel",
        action: Action::Cancel,
        hint: true,
        when: always,
    },
];

impl CalendarPicker {
    /// Opens on `current` if it is a day that can be picked, else on the first recommended day.
    pub fn open(country: Country, today: Date, current: Option<Date>) -> CalendarPicker {
        let days = port_calendar(country, today);
        let cursor = current
            .and_then(|d| days.iter().position(|v| v.day == d && v.status.allowed()))
            .or_else(|| days.iter().position(|v| v.status == DayStatus::Recommended))
            .unwrap_or(0);
        CalendarPicker {
            days,
            cursor,
            refusal: None,
        }
    }

    /// Moves or picks; returns the picked date when it is allowed.
    pub fn apply(&mut self, action: Action) -> Option<Date> {
        self.refusal = None;
        let last = self.days.len().saturating_sub(1);
        match action {
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(last),
            Action::Up => self.cursor = self.cursor.saturating_sub(7),
            Action::Down => self.cursor = (self.cursor + 7).min(last),
            Action::Pick => {
                let verdict = &self.days[self.cursor];
                if verdict.status.allowed() {
                    return Some(verdict.day);
                }
                self.refusal = Some(strings::cannot_pick(&verdict.explain()));
            }
            Action::Cancel => {}
        }
        None
    }
}

impl Screen for CalendarPicker {
    type Action = Action;
    const POPUP: bool = true;

    fn keymap() -> &'static [Binding<CalendarPicker, Action>] {
        KEYMAP
    }

    fn act(&mut self, action: Action, _key: &KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        if action == Action::Cancel {
            return vec![Command::ClosePopup];
        }
        match self.apply(action) {
            Some(day) => vec![
                Command::ClosePopup,
                Command::Tell(Reply::Picked {
                    into: Input::Order(Field::PortDate),
                    value: day.to_string(),
                }),
            ],
            None => Vec::new(),
        }
    }

    fn draw(&self, _ctx: &Ctx, area: Rect, buf: &mut Buffer, theme: &Theme) -> Option<Position> {
        render(self, area, buf, theme);
        None
    }
}

fn marker(status: &DayStatus) -> char {
    match status {
        DayStatus::Recommended => '✓',
        DayStatus::Ok => '+',
        DayStatus::Aggressive => '!',
        DayStatus::Holiday(_) => 'h',
        DayStatus::Weekend => ' ',
        DayStatus::Past | DayStatus::TooSoon | DayStatus::TooLate => '×',
    }
}

pub fn render(picker: &CalendarPicker, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(first) = picker.days.first() else {
        return;
    };
    let start = first
        .day
        .checked_sub(i64::from(first.day.weekday().to_monday_zero_offset()).days())
        .unwrap_or(first.day);
    let weeks = picker.days.len().div_ceil(7) + 1;
    let inner = modal::frame(
        area,
        buf,
        62,
        weeks as u16 + 10,
        strings::CALENDAR_TITLE,
        theme,
    );
    let x0 = inner.x + 1;
    let mut y = inner.y;
    put(
        buf,
        x0,
        y,
        inner.width,
        strings::CALENDAR_WEEKDAYS,
        theme.title,
    );
    y += 1;
    // Each row is labelled with the month of its first shown day, when that month is new (a row
    // from Dec 28 to Jan 3 is December's, its "1" starts January; never a day the grid does not
    // show: a row ending on Dec 31 is not January's).
    let mut labelled: Option<(i16, i8)> = None;
    for week in 0..weeks {
        let monday = start.checked_add((week as i64 * 7).days()).unwrap_or(start);
        let mut first_shown: Option<jiff::civil::Date> = None;
        for col in 0..7u16 {
            let day = monday.checked_add(i64::from(col).days()).unwrap_or(monday);
            let Some(index) = picker.days.iter().position(|v| v.day == day) else {
                continue;
            };
            first_shown = first_shown.or(Some(day));
            let v = &picker.days[index];
            let style = if index == picker.cursor {
                theme.selected
            } else if v.status.allowed() {
                theme.base
            } else {
                theme.dim
            };
            put(
                buf,
                x0 + 5 + col * 5,
                y,
                5,
                &format!("{:>2}{} ", day.day(), marker(&v.status)),
                style,
            );
        }
        if let Some(first) = first_shown {
            let month = (first.year(), first.month());
            let label = if labelled != Some(month) {
                labelled = Some(month);
                first.strftime("%b").to_string()
            } else {
                String::new()
            };
            put(buf, x0, y, 5, &label, theme.dim);
            y += 1;
        }
    }
    y += 1;
    put(
        buf,
        x0,
        y,
        inner.width.saturating_sub(2),
        strings::CALENDAR_LEGEND[0],
        theme.dim,
    );
    put(
        buf,
        x0,
        y + 1,
        inner.width.saturating_sub(2),
        strings::CALENDAR_LEGEND[1],
        theme.dim,
    );
    y += 3;
    let explanation = picker
        .refusal
        .clone()
        .unwrap_or_else(|| picker.days[picker.cursor].explain());
    let style = if picker.refusal.is_some() {
        theme.error
    } else {
        theme.base
    };
    for line in &wrap(&explanation, usize::from(inner.width.saturating_sub(2)), 3) {
        if y < inner.bottom() {
            put(buf, x0, y, inner.width.saturating_sub(2), line, style);
            y += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn opens_on_the_first_recommended_day_and_refuses_holidays() {
        let mut picker = CalendarPicker::open(Country::UnitedStates, date(2026, 11, 20), None);
        assert_eq!(picker.days[picker.cursor].day, date(2026, 12, 14));
        picker.cursor = picker
            .days
            .iter()
            .position(|v| v.day == date(2026, 11, 26))
            .unwrap();
        assert_eq!(picker.apply(Action::Pick), None);
        assert!(picker.refusal.as_ref().unwrap().contains("Thanksgiving"));
        picker.apply(Action::Down);
        assert_eq!(picker.apply(Action::Pick), Some(date(2026, 12, 3)));
    }

    #[test]
    fn each_row_is_labelled_with_a_month_it_shows() {
        // From Dec 1 the grid ends on Dec 31, a Thursday: the row of Dec 28 is not January's.
        let picker = CalendarPicker::open(Country::UnitedStates, date(2026, 12, 1), None);
        assert_eq!(picker.days.last().unwrap().day, date(2026, 12, 31));
        let mut buf = Buffer::empty(Rect::new(0, 0, 80, 30));
        render(&picker, buf.area, &mut buf, &Theme::monochrome());
        let rows: Vec<String> = (0..30)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        let labels: Vec<&str> = ["Nov", "Dec", "Jan"]
            .into_iter()
            .filter(|m| rows.iter().any(|r| r.contains(m)))
            .collect();
        assert_eq!(labels, ["Dec"], "{rows:#?}");
        let last = rows.iter().find(|r| r.contains(" 31")).unwrap();
        assert!(!last.contains("Jan"), "{last}");
    }

    fn row_labels(picker: &CalendarPicker) -> Vec<(String, String)> {
        let mut buf = Buffer::empty(Rect::new(0, 0, 80, 30));
        render(picker, buf.area, &mut buf, &Theme::monochrome());
        (0..30)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .filter_map(|row| {
                let (label, days) = row.split_at(row.find(|c: char| c.is_ascii_digit())?);
                let label = label.trim_matches(|c: char| !c.is_alphabetic()).to_string();
                Some((label, days.split_whitespace().next()?.to_string()))
            })
            .collect()
    }

    #[test]
    fn a_row_that_starts_in_december_is_decembers() {
        // From Dec 10 the grid runs to Jan 9: the row of Mon Dec 28 to Sun Jan 3 starts in December.
        let picker = CalendarPicker::open(Country::UnitedStates, date(2026, 12, 10), None);
        let labels = row_labels(&picker);
        let row_of = |first: &str| labels.iter().find(|(_, d)| d.starts_with(first)).unwrap();
        assert_eq!(row_of("10").0, "Dec", "{labels:?}");
        assert_eq!(row_of("28").0, "", "{labels:?}");
        assert_eq!(row_of("4").0, "Jan", "{labels:?}");
    }

    #[test]
    fn opens_on_the_first_recommended_day_when_the_fields_date_cannot_be_picked() {
        let today = date(2026, 11, 20);
        for invalid in [date(2026, 11, 21), date(2026, 11, 26), today] {
            let picker = CalendarPicker::open(Country::UnitedStates, today, Some(invalid));
            assert_eq!(
                picker.days[picker.cursor].day,
                date(2026, 12, 14),
                "{invalid}"
            );
        }
        let allowed = CalendarPicker::open(Country::UnitedStates, today, Some(date(2026, 12, 3)));
        assert_eq!(allowed.days[allowed.cursor].day, date(2026, 12, 3));
        assert_eq!(
            allowed.days[0].status,
            DayStatus::TooSoon,
            "today is not in the past"
        );
    }
}

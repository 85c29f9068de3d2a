//! Scrolling what is taller than its area (the details page, the help overlay): the keys that
//! scroll it, as a part of a screen's keymap; how far a key moves it; and which rows then show.

use crate::ui::keymap::{Binding, Key, always, ch, plain};
use ratatui::crossterm::event::KeyCode;

/// A scroll key's move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    /// To the top.
    Home,
    /// To the end.
    End,
}

impl Move {
    /// The same move seen from the other end (for an offset counted up from the end).
    pub fn reversed(self) -> Move {
        match self {
            Move::Up => Move::Down,
            Move::Down => Move::Up,
            Move::PageUp => Move::PageDown,
            Move::PageDown => Move::PageUp,
            Move::Home => Move::End,
            Move::End => Move::Home,
        }
    }
}

/// Rows a page key moves.
const PAGE: usize = 10;

/// The rows scrolled past after `step` from `offset`, never more than `most`.
pub fn moved(offset: usize, step: Move, most: usize) -> usize {
    match step {
        Move::Up => offset.saturating_sub(1),
        Move::Down => offset.saturating_add(1).min(most),
        Move::PageUp => offset.saturating_sub(PAGE),
        Move::PageDown => offset.saturating_add(PAGE).min(most),
        Move::Home => 0,
        Move::End => most,
    }
}

/// How far a page whose rows are known only when drawing (they depend on the width) is scrolled:
/// rows down from its top, or, after End, rows up from its end, so that ↑ at once scrolls back
/// from there. Scrolled past the top or the end, drawing shows the top or the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scrolled {
    pub rows: usize,
    pub from_end: bool,
}

impl Scrolled {
    /// The top of the page.
    pub const TOP: Scrolled = Scrolled {
        rows: 0,
        from_end: false,
    };

    pub fn moved(self, step: Move) -> Scrolled {
        match (step, self.from_end) {
            (Move::Home, _) => Scrolled::TOP,
            (Move::End, _) => Scrolled {
                rows: 0,
                from_end: true,
            },
            (step, false) => Scrolled {
                rows: moved(self.rows, step, usize::MAX),
                ..self
            },
            (step, true) => Scrolled {
                rows: moved(self.rows, step.reversed(), usize::MAX),
                ..self
            },
        }
    }

    /// The rows skipped from the top, for a page whose end is at `max_skip` rows down.
    pub fn offset(self, max_skip: usize) -> usize {
        if self.from_end {
            max_skip.saturating_sub(self.rows)
        } else {
            self.rows
        }
    }
}

/// Which of `rows` show in `height` rows scrolled `offset` rows down (an offset past the end
/// shows the end, as the rows depend on the width known only when drawing): how many are skipped
/// and how many stay hidden below.
pub fn window(rows: usize, height: usize, offset: usize) -> (usize, usize) {
    let max_skip = rows.saturating_sub(height);
    let skip = offset.min(max_skip);
    (skip, max_skip - skip)
}

const UP: &[Key] = &[plain(KeyCode::Up), ch('k')];
const DOWN: &[Key] = &[plain(KeyCode::Down), ch('j')];
const PAGE_UP: &[Key] = &[plain(KeyCode::PageUp)];
const PAGE_DOWN: &[Key] = &[plain(KeyCode::PageDown), ch(' ')];

/// The scroll keys (↑/k, ↓/j, PgUp, PgDn/Space) of a screen whose actions for them are
/// `actions`, in the order of [`Move`]: Up, Down, PageUp, PageDown. Each pair is one line of the
/// help (it listed `↑↓ scroll` and `↓/j scroll down`: ↓ twice, and k nowhere).
pub const fn keys<S, A: Copy>(actions: [A; 4]) -> [Binding<S, A>; 4] {
    let [up, down, page_up, page_down] = actions;
    [
        Binding {
            keys: UP,
            shown: "↑↓/jk",
            label: "scroll",
            action: up,
            hint: true,
            when: always,
        },
        Binding {
            keys: DOWN,
            shown: "",
            label: "scroll down",
            action: down,
            hint: false,
            when: always,
        },
        Binding {
            keys: PAGE_UP,
            shown: "PgUp/PgDn",
            label: "page up / down",
            action: page_up,
            hint: false,
            when: always,
        },
        Binding {
            keys: PAGE_DOWN,
            shown: "",
            label: "page down",
            action: page_down,
            hint: false,
            when: always,
        },
    ]
}

const HOME: &[Key] = &[plain(KeyCode::Home), ch('g')];
const END: &[Key] = &[plain(KeyCode::End), ch('G')];

/// The keys to the top and the end (Home/g, End/G, as in the lists) of a screen whose actions for
/// them are `actions`: Home, End.
pub const fn ends<S, A: Copy>(actions: [A; 2]) -> [Binding<S, A>; 2] {
    let [home, end] = actions;
    [
        Binding {
            keys: HOME,
            shown: "Home/g",
            label: "top of the page",
            action: home,
            hint: false,
            when: always,
        },
        Binding {
            keys: END,
            shown: "End/G",
            label: "end of the page",
            action: end,
            hint: false,
            when: always,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stop_at_the_top_and_at_the_most() {
        assert_eq!(moved(0, Move::Up, 30), 0);
        assert_eq!(moved(5, Move::Down, 30), 6);
        assert_eq!(moved(25, Move::PageDown, 30), 30);
        assert_eq!(moved(30, Move::Down, 30), 30);
        assert_eq!(moved(7, Move::PageUp, 30), 0);
        assert_eq!(moved(17, Move::PageUp, 30), 7);
        assert_eq!(moved(17, Move::Home, 30), 0);
        assert_eq!(moved(17, Move::End, 30), 30);
    }

    /// After End the rows count up from the end, so ↑ moves away from it at once.
    #[test]
    fn after_end_a_page_counts_from_its_end() {
        let end = Scrolled::TOP.moved(Move::PageDown).moved(Move::End);
        assert_eq!(end.offset(40), 40);
        assert_eq!(end.moved(Move::Up).offset(40), 39);
        assert_eq!(end.moved(Move::PageUp).moved(Move::Down).offset(40), 31);
        assert_eq!(end.moved(Move::Down).offset(40), 40);
        assert_eq!(end.moved(Move::Home), Scrolled::TOP);
        assert_eq!(Scrolled::TOP.moved(Move::Down).offset(40), 1);
    }

    #[test]
    fn an_offset_past_the_end_shows_the_end() {
        assert_eq!(window(30, 10, 0), (0, 20));
        assert_eq!(window(30, 10, 5), (5, 15));
        assert_eq!(window(30, 10, 99), (20, 0));
        assert_eq!(window(4, 10, 3), (0, 0));
    }
}

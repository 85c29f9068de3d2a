//! A searchable, filterable list of a screen's items (the order list, the numbers): which items
//! show, in which order, and where the selection is, kept on the same item when the list is worked
//! out again; the moves and the search keys every such list has; and its table, with a line when
//! nothing shows. Each screen keeps only what differs: its items' search, filter and order, its
//! own actions, and the lines around the table.

use crate::domain::phone::PhoneNumber;
use crate::ui::keymap::Binding;
use crate::ui::theme::Theme;
use crate::ui::widgets::search::SearchBox;
use crate::ui::widgets::table::{self, Column};
use crate::ui::widgets::{put, wrap};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use std::cmp::Ordering;

/// A search as typed, read once for the whole list.
pub struct Query {
    /// Trimmed and lower-case.
    text: String,
    digits: String,
    /// The search as a whole number, when it is one.
    number: Option<PhoneNumber>,
}

impl Query {
    pub fn new(typed: &str) -> Query {
        let text = typed.trim().to_lowercase();
        Query {
            digits: text.chars().filter(char::is_ascii_digit).collect(),
            number: PhoneNumber::parse(typed).ok(),
            text,
        }
    }

    /// Whether `text` holds the search, in any case.
    pub fn in_text(&self, text: &str) -> bool {
        text.to_lowercase().contains(&self.text)
    }

    /// Whether the search names `number`: that number when the search is a whole one, in any
    /// form; otherwise digits of it.
    pub fn names_number(&self, number: &PhoneNumber) -> bool {
        match &self.number {
            Some(whole) => whole == number,
            None => !self.digits.is_empty() && number.e164().contains(&self.digits),
        }
    }
}

/// An item of a list.
pub trait Listed {
    /// What the selection follows from one working out to the next.
    type Key: PartialEq + Clone;
    type Filter: Copy + PartialEq;
    fn key(&self) -> &Self::Key;
    /// Whether the item matches a search (never an empty one: every item shows then).
    fn matches(&self, query: &Query) -> bool;
    fn passes(&self, filter: Self::Filter) -> bool;
}

/// What every list does with its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Up,
    Down,
    Top,
    Bottom,
    Search,
    EndSearch,
    /// Clears the search; outside it, the filter too.
    ClearSearch,
    /// The next of the filters offered, then none.
    Filter,
}

/// Which items show, in which order, and where the selection is.
pub struct ListView<T: Listed> {
    /// Indexes into the items, in display order.
    pub view: Vec<usize>,
    pub selected: usize,
    /// The key under the selection, so that it survives a refresh.
    selected_key: Option<T::Key>,
    pub search: SearchBox,
    pub filter: Option<T::Filter>,
}

impl<T: Listed> Default for ListView<T> {
    fn default() -> ListView<T> {
        ListView {
            view: Vec::new(),
            selected: 0,
            selected_key: None,
            search: SearchBox::default(),
            filter: None,
        }
    }
}

impl<T: Listed> ListView<T> {
    /// Works out the visible list again after the items or the view changed, in `order`; keeps
    /// the selection on the same item when it still shows.
    pub fn refresh(&mut self, items: &[T], order: impl Fn(&T, &T) -> Ordering) {
        let query = Query::new(&self.search.text());
        let searched = !query.text.is_empty();
        let mut view: Vec<usize> = (0..items.len())
            .filter(|&i| self.filter.is_none_or(|f| items[i].passes(f)))
            .filter(|&i| !searched || items[i].matches(&query))
            .collect();
        view.sort_by(|&a, &b| order(&items[a], &items[b]));
        let keep = (self.selected_key.as_ref())
            .and_then(|key| view.iter().position(|&i| items[i].key() == key));
        self.view = view;
        self.selected = keep
            .unwrap_or(self.selected)
            .min(self.view.len().saturating_sub(1));
        self.remember(items);
    }

    /// Takes note of the item under the selection.
    pub fn remember(&mut self, items: &[T]) {
        self.selected_key = self.selected_item(items).map(|item| item.key().clone());
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.view.get(self.selected).copied()
    }

    pub fn selected_item<'a>(&self, items: &'a [T]) -> Option<&'a T> {
        self.selected_index().map(|i| &items[i])
    }

    pub fn selected_key(&self) -> Option<&T::Key> {
        self.selected_key.as_ref()
    }

    /// Puts the selection on an item (after it was opened, made or changed) at the next refresh.
    pub fn select(&mut self, key: T::Key) {
        self.selected_key = Some(key);
    }

    /// A list's key: `filters` are those the filter key cycles through, in order.
    pub fn apply(
        &mut self,
        action: ListAction,
        items: &[T],
        filters: &[T::Filter],
        order: impl Fn(&T, &T) -> Ordering,
    ) {
        let last = self.view.len().saturating_sub(1);
        match action {
            ListAction::Up => self.selected = self.selected.saturating_sub(1),
            ListAction::Down => self.selected = (self.selected + 1).min(last),
            ListAction::Top => self.selected = 0,
            ListAction::Bottom => self.selected = last,
            ListAction::Search => self.search.active = true,
            ListAction::EndSearch => self.search.active = false,
            ListAction::ClearSearch => {
                if !self.search.active {
                    self.filter = None;
                }
                self.search.clear();
                // The list itself changed: work it out again (the selection follows its item).
                return self.refresh(items, order);
            }
            ListAction::Filter => {
                self.filter = match self.filter {
                    None => filters.first().copied(),
                    Some(now) => filters.iter().copied().skip_while(|f| *f != now).nth(1),
                };
                self.selected = 0;
                return self.refresh(items, order);
            }
        }
        self.remember(items);
    }

    /// A key typed into the search field.
    pub fn type_query(&mut self, key: KeyEvent, items: &[T], order: impl Fn(&T, &T) -> Ordering) {
        if self.search.type_key(key) {
            self.selected = 0;
            self.selected_key = None;
            self.refresh(items, order);
        }
    }

    /// Draws the column titles on `top`, then the rows below it to the bottom of `area` (the
    /// selected one highlighted), or `nothing` when no item shows.
    #[allow(clippy::too_many_arguments)]
    pub fn render_table<C: AsRef<[String]>>(
        &self,
        columns: &[Column],
        cells: impl Fn(usize) -> C,
        nothing: &str,
        top: u16,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
    ) {
        let widths = table::fit(columns, area.width);
        let titles: Vec<String> = columns.iter().map(|c| c.title.to_string()).collect();
        table::row(buf, area.x, top, &widths, &titles, theme.title);
        if self.view.is_empty() {
            let width = area.width.saturating_sub(2);
            put(buf, area.x + 2, top + 1, width, nothing, theme.base);
            return;
        }
        let (view, selected) = (&self.view, self.selected);
        table::rows(buf, area, top + 1, &widths, view, selected, theme, cells);
    }
}

/// The most lines a list screen's standing note takes; a narrow terminal wraps it, never cuts it.
const FOOTER_LINES: usize = 3;

/// Puts a list screen's standing note on the last lines of `area`, wrapped; returns the area
/// above it.
pub fn footer(buf: &mut Buffer, area: Rect, note: &str, theme: &Theme) -> Rect {
    let lines = wrap(note, usize::from(area.width), FOOTER_LINES);
    let height = (lines.len() as u16).min(area.height);
    let top = area.bottom() - height;
    for (i, line) in lines.iter().take(usize::from(height)).enumerate() {
        put(buf, area.x, top + i as u16, area.width, line, theme.dim);
    }
    Rect {
        height: area.height - height,
        ..area
    }
}

/// The bindings every list has, for its screen's keymap: the search's own keys (while typing),
/// the moves, and the keys that start a search and cycle the filter.
pub struct ListKeys<S: 'static, A: 'static> {
    pub search: [Binding<S, A>; 2],
    pub moves: [Binding<S, A>; 4],
    pub find: [Binding<S, A>; 2],
}

/// The [`ListKeys`] of a screen: `$list` makes its action of a [`ListAction`]; the search's keys
/// apply `when searching`, the moves up and down `when moving`, to the first and last item `when
/// jumping` (named `$first` and `$last`), and search and filter `when finding`.
macro_rules! list_keys {
    ($list:path, searching: $searching:expr, moving: $moving:expr, jumping: $jumping:expr,
     finding: $finding:expr, first: $first:literal, last: $last:literal) => {{
        use ratatui::crossterm::event::KeyCode;
        use $crate::ui::keymap::{Binding, ch, plain};
        use $crate::ui::widgets::list::{ListAction, ListKeys};
        ListKeys {
            search: [
                Binding {
                    keys: &[plain(KeyCode::Enter), plain(KeyCode::Down)],
                    shown: "Enter",
                    label: "done",
                    action: $list(ListAction::EndSearch),
                    hint: true,
                    when: $searching,
                },
                Binding {
                    keys: &[plain(KeyCode::Esc)],
                    shown: "Esc",
                    label: "clear search",
                    action: $list(ListAction::ClearSearch),
                    hint: true,
                    when: $searching,
                },
            ],
            moves: [
                Binding {
                    keys: &[plain(KeyCode::Up), ch('k')],
                    shown: "↑↓",
                    label: "move",
                    action: $list(ListAction::Up),
                    hint: false,
                    when: $moving,
                },
                Binding {
                    keys: &[plain(KeyCode::Down), ch('j')],
                    shown: "↓/j",
                    label: "move down",
                    action: $list(ListAction::Down),
                    hint: false,
                    when: $moving,
                },
                Binding {
                    keys: &[plain(KeyCode::Home), ch('g')],
                    shown: "Home/g",
                    label: $first,
                    action: $list(ListAction::Top),
                    hint: false,
                    when: $jumping,
                },
                Binding {
                    keys: &[plain(KeyCode::End), ch('G')],
                    shown: "End/G",
                    label: $last,
                    action: $list(ListAction::Bottom),
                    hint: false,
                    when: $jumping,
                },
            ],
            find: [
                Binding {
                    keys: &[ch('/')],
                    shown: "/",
                    label: "search",
                    action: $list(ListAction::Search),
                    hint: false,
                    when: $finding,
                },
                Binding {
                    keys: &[ch('f')],
                    shown: "f",
                    label: "filter",
                    action: $list(ListAction::Filter),
                    hint: false,
                    when: $finding,
                },
            ],
        }
    }};
}
pub(crate) use list_keys;

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyCode;

    /// At 64 columns the order list's note about the carriers lost its end: it wraps instead.
    #[test]
    fn the_standing_note_wraps_on_the_last_lines() {
        let area = Rect::new(0, 0, 30, 6);
        let mut buf = Buffer::empty(area);
        let note = "Carriers: a simulation of ten; nothing is sent anywhere.";
        let above = footer(&mut buf, area, note, &Theme::monochrome());
        assert_eq!(above, Rect::new(0, 0, 30, 4));
        let row = |y: u16| {
            let cells = (0..30).map(|x| buf[(x, y)].symbol().to_string());
            cells.collect::<String>().trim_end().to_string()
        };
        assert_eq!(
            [row(4), row(5)],
            [
                "Carriers: a simulation of ten;",
                "nothing is sent anywhere."
            ]
        );
    }

    struct Item(&'static str, u8);

    impl Listed for Item {
        type Key = &'static str;
        type Filter = u8;
        fn key(&self) -> &&'static str {
            &self.0
        }
        fn matches(&self, query: &Query) -> bool {
            query.in_text(self.0)
        }
        fn passes(&self, filter: u8) -> bool {
            self.1 == filter
        }
    }

    const ITEMS: [Item; 4] = [
        Item("delta", 1),
        Item("Alpha", 2),
        Item("charlie", 1),
        Item("bravo", 2),
    ];

    fn by_name(a: &Item, b: &Item) -> Ordering {
        a.0.to_lowercase().cmp(&b.0.to_lowercase())
    }

    fn shown(list: &ListView<Item>) -> Vec<&'static str> {
        list.view.iter().map(|&i| ITEMS[i].0).collect()
    }

    #[test]
    fn the_selection_follows_its_item_through_a_filter_and_back() {
        let mut list = ListView::<Item>::default();
        list.refresh(&ITEMS, by_name);
        assert_eq!(shown(&list), ["Alpha", "bravo", "charlie", "delta"]);
        list.apply(ListAction::Bottom, &ITEMS, &[1, 2], by_name);
        assert_eq!(list.selected_key(), Some(&"delta"));
        list.apply(ListAction::Filter, &ITEMS, &[1, 2], by_name);
        assert_eq!(
            (list.filter, shown(&list)),
            (Some(1), vec!["charlie", "delta"])
        );
        assert_eq!((list.selected, list.selected_key()), (1, Some(&"delta")));
        list.apply(ListAction::Filter, &ITEMS, &[1, 2], by_name);
        assert_eq!(list.filter, Some(2));
        assert_eq!(
            list.selected_key(),
            Some(&"Alpha"),
            "its item gone, the selection starts at the top"
        );
        list.apply(ListAction::Filter, &ITEMS, &[1, 2], by_name);
        assert_eq!(list.filter, None, "after the last filter, all");
        list.apply(ListAction::Down, &ITEMS, &[1, 2], by_name);
        assert_eq!(list.selected_key(), Some(&"bravo"));
        list.select("charlie");
        list.refresh(&ITEMS, by_name);
        assert_eq!(list.selected, 2);
    }

    #[test]
    fn a_search_narrows_the_list_and_esc_clears_it_then_the_filter() {
        let mut list = ListView::<Item>::default();
        list.refresh(&ITEMS, by_name);
        list.apply(ListAction::Filter, &ITEMS, &[1, 2], by_name);
        list.apply(ListAction::Search, &ITEMS, &[1, 2], by_name);
        assert!(list.search.active);
        for c in "AR".chars() {
            list.type_query(KeyEvent::from(KeyCode::Char(c)), &ITEMS, by_name);
        }
        assert_eq!(shown(&list), ["charlie"], "in any case, within the filter");
        list.apply(ListAction::ClearSearch, &ITEMS, &[1, 2], by_name);
        assert_eq!(
            (list.filter, shown(&list)),
            (Some(1), vec!["charlie", "delta"])
        );
        assert!(!list.search.active);
        list.apply(ListAction::ClearSearch, &ITEMS, &[1, 2], by_name);
        assert_eq!((list.filter, shown(&list).len()), (None, 4));
    }

    #[test]
    fn a_whole_number_matches_in_any_form_and_digits_match_within() {
        let number = PhoneNumber::parse("+1 212 736 5001").unwrap();
        assert!(Query::new("(212) 736-5001").names_number(&number));
        assert!(!Query::new("(212) 736-5002").names_number(&number));
        assert!(Query::new("7365").names_number(&number));
        assert!(!Query::new("acme").names_number(&number));
        assert!(Query::new("  ACME ").in_text("Acme Corp"));
    }
}

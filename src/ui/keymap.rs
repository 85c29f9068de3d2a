//! Key bindings as data: each screen has one table of bindings that both decides what a key does and
//! writes the help bar and the help overlay, so the hints can never disagree with the keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

pub const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

pub const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        if self.code != event.code {
            return false;
        }
        // Terminals report Shift with upper-case letters, symbols and BackTab inconsistently.
        let relevant = event.modifiers & !KeyModifiers::SHIFT;
        let wanted = self.modifiers & !KeyModifiers::SHIFT;
        relevant == wanted
    }
}

/// One line of a keymap: the keys, how the help shows them, what they do, and when they apply. A
/// binding shown as "" is named by the one before it (↑↓ of ↑ and ↓), and is not listed alone.
pub struct Binding<S, A> {
    pub keys: &'static [Key],
    pub shown: &'static str,
    pub label: &'static str,
    pub action: A,
    /// Shown in the help bar (all active bindings are in the help overlay).
    pub hint: bool,
    pub when: fn(&S) -> bool,
}

// By hand: a derive would ask the screen's state to be Copy too.
impl<S, A: Copy> Clone for Binding<S, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, A: Copy> Copy for Binding<S, A> {}

/// One keymap of parts (a widget's bindings among the screen's own), in order; `N` is how many
/// bindings they hold in all.
pub const fn join<S, A: Copy, const N: usize>(parts: &[&[Binding<S, A>]]) -> [Binding<S, A>; N] {
    let mut table = [parts[0][0]; N];
    let (mut at, mut part) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            table[at] = parts[part][i];
            (at, i) = (at + 1, i + 1);
        }
        part += 1;
    }
    assert!(at == N, "a keymap holds exactly the bindings of its parts");
    table
}

pub fn always<S>(_: &S) -> bool {
    true
}

/// `?` and F1, the keys that open a screen's help, always bound and never in the help bar's hints
/// (the bar names the help key at its end).
pub const HELP_KEYS: &[Key] = &[ch('?'), plain(KeyCode::F(1))];

/// The help binding of a screen whose help opens from anywhere on it.
pub const fn help_binding<S, A>(action: A) -> Binding<S, A> {
    Binding {
        keys: HELP_KEYS,
        shown: "?",
        label: "help",
        action,
        hint: false,
        when: always,
    }
}

/// The bindings that apply in `state`.
pub fn active<'a, S, A>(
    table: &'a [Binding<S, A>],
    state: &'a S,
) -> impl Iterator<Item = &'a Binding<S, A>> + 'a {
    table.iter().filter(move |b| (b.when)(state))
}

/// The action a key triggers in `state`, if any.
pub fn lookup<S, A: Copy>(table: &[Binding<S, A>], state: &S, event: &KeyEvent) -> Option<A> {
    active(table, state)
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action)
}

/// (shown keys, label) pairs for the help bar.
pub fn hints<S, A>(table: &[Binding<S, A>], state: &S) -> Vec<(&'static str, &'static str)> {
    active(table, state)
        .filter(|b| b.hint)
        .map(|b| (b.shown, b.label))
        .collect()
}

/// (shown keys, label) pairs for the help overlay.
pub fn help_lines<S, A>(table: &[Binding<S, A>], state: &S) -> Vec<(&'static str, &'static str)> {
    (active(table, state).filter(|b| !b.shown.is_empty()))
        .map(|b| (b.shown, b.label))
        .collect()
}

/// The key that opens help here (the first active binding labelled "help").
pub fn help_key<S, A>(table: &[Binding<S, A>], state: &S) -> &'static str {
    active(table, state)
        .find(|b| b.label == "help")
        .map(|b| b.shown)
        .unwrap_or("F1")
}

//! An editable field on ratatui-textarea: single-line, multi-line or secret. The textarea does the
//! editing (cursor moves, undo, word deletion) for the keys of this module's keymap, which is also
//! what the help lists; drawing is done here so that the caret position is
//! known exactly and the hardware cursor can sit on it, and a secret is only ever drawn as dots.
//! Drawing reads only the text around the caret that fits in the box (the caret's place in its
//! line is kept up to date by each edit), so a value of any size draws as fast as a short one.
//! A value can be selected whole, as forms do when a field is reached: typing or pasting then
//! replaces it, Backspace or Delete clears it, and any other key keeps it and moves the caret.

use super::drawable;
use crate::strings;
use crate::text::{clean_paste, strip_controls};
use crate::ui::keymap::{self, Binding, Key, always, ctrl, plain};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    SingleLine,
    MultiLine,
    Secret,
}

/// What an edit did to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Unchanged,
    /// Refused: the field already holds the `max` characters it takes; the text is as it was.
    Full {
        max: usize,
    },
    /// A paste cut to fit the `max` characters the field takes: `dropped` were left out.
    Cut {
        max: usize,
        dropped: usize,
    },
}

impl Edit {
    pub fn changed(self) -> bool {
        matches!(self, Edit::Changed | Edit::Cut { .. })
    }
}

/// What a paste did: the edit, and what of the pasted text was changed to fit the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pasted {
    pub edit: Edit,
    /// Line breaks made spaces, in a one-line field.
    pub breaks: usize,
    /// Control characters and escape sequences left out.
    pub controls: usize,
}

impl Pasted {
    /// What the screen says of the paste, when anything of it was changed.
    pub fn cleaned(&self) -> Option<String> {
        strings::paste_cleaned(self.breaks, self.controls)
    }
}

/// What an editing key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    Move(CursorMove),
    NewLine,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    DeleteWordForward,
    DeleteToStart,
    DeleteToEnd,
    Undo,
    Redo,
}

const fn with(code: KeyCode, modifiers: KeyModifiers) -> Key {
    Key { code, modifiers }
}

const CONTROL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn multi_line(field: &TextField) -> bool {
    field.kind == FieldKind::MultiLine
}

/// The help's first line in a one-line field, whose value is selected when the field is reached.
const REPLACING: (&str, &str) = ("typing", "replaces a selected value; ←→ keep it");

/// The editing keys of every text field, as readline and most editors have them: this table
/// decides what each does and is what the help lists. The screen's own keys come first (Tab,
/// Enter in a one-line field, the wizard's Ctrl keys); Shift with a move selects.
pub static KEYMAP: &[Binding<TextField, Editing>] = &[
    Binding {
        keys: &[plain(KeyCode::Left), ctrl('b')],
        shown: "← / Ctrl-B",
        label: "move a character left",
        action: Editing::Move(CursorMove::Back),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Right), ctrl('f')],
        shown: "→ / Ctrl-F",
        label: "move a character right",
        action: Editing::Move(CursorMove::Forward),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[with(KeyCode::Left, CONTROL), with(KeyCode::Char('b'), ALT)],
        shown: "Ctrl-← / Alt-B",
        label: "move a word left",
        action: Editing::Move(CursorMove::WordBack),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[with(KeyCode::Right, CONTROL), with(KeyCode::Char('f'), ALT)],
        shown: "Ctrl-→ / Alt-F",
        label: "move a word right",
        action: Editing::Move(CursorMove::WordForward),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Home), ctrl('a')],
        shown: "Home / Ctrl-A",
        label: "move to the start of the line",
        action: Editing::Move(CursorMove::Head),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::End), ctrl('e')],
        shown: "End / Ctrl-E",
        label: "move to the end of the line",
        action: Editing::Move(CursorMove::End),
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Up)],
        shown: "↑",
        label: "move a line up",
        action: Editing::Move(CursorMove::Up),
        hint: false,
        when: multi_line,
    },
    Binding {
        keys: &[plain(KeyCode::Down)],
        shown: "↓",
        label: "move a line down",
        action: Editing::Move(CursorMove::Down),
        hint: false,
        when: multi_line,
    },
    Binding {
        keys: &[plain(KeyCode::Enter), ctrl('m')],
        shown: "Enter",
        label: "start a new line",
        action: Editing::NewLine,
        hint: false,
        when: multi_line,
    },
    Binding {
        keys: &[plain(KeyCode::Backspace), ctrl('h')],
        shown: "Backspace",
        label: "delete the character before",
        action: Editing::DeleteBack,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[plain(KeyCode::Delete), ctrl('d')],
        shown: "Delete / Ctrl-D",
        label: "delete the character after",
        action: Editing::DeleteForward,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[ctrl('w'), with(KeyCode::Backspace, ALT)],
        shown: "Ctrl-W",
        label: "delete the word before",
        action: Editing::DeleteWordBack,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[
            with(KeyCode::Char('d'), ALT),
            with(KeyCode::Delete, CONTROL),
        ],
        shown: "Alt-D",
        label: "delete the word after",
        action: Editing::DeleteWordForward,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[ctrl('u')],
        shown: "Ctrl-U",
        label: "delete to the start of the line",
        action: Editing::DeleteToStart,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[ctrl('k')],
        shown: "Ctrl-K",
        label: "delete to the end of the line",
        action: Editing::DeleteToEnd,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[ctrl('z')],
        shown: "Ctrl-Z",
        label: "undo",
        action: Editing::Undo,
        hint: false,
        when: always,
    },
    Binding {
        keys: &[ctrl('y')],
        shown: "Ctrl-Y",
        label: "redo",
        action: Editing::Redo,
        hint: false,
        when: always,
    },
];

/// Whether the last change replaced the whole value: two edits of the textarea (the old value
/// out, the new one in), which Ctrl-Z takes back, and Ctrl-Y does again, as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replaced {
    No,
    Done,
    Undone,
}

/// How much an edit may add to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Growth {
    None,
    OneAtMost,
    Any,
}

#[derive(Debug, Clone)]
pub struct TextField {
    area: TextArea<'static>,
    kind: FieldKind,
    replaced: Replaced,
    /// The most characters the field takes (a new line counts as one).
    max: Option<usize>,
    /// Where the caret is in its line: the byte it sits before, and the columns before it.
    caret_byte: usize,
    caret_x: usize,
}

impl TextField {
    pub fn new(kind: FieldKind, value: &str) -> TextField {
        let lines: Vec<String> = match kind {
            FieldKind::MultiLine => value.split('\n').map(str::to_string).collect(),
            _ => vec![strip_controls(value).replace('\u{fffd}', "")],
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let mut field = TextField {
            area,
            kind,
            replaced: Replaced::No,
            max: None,
            caret_byte: 0,
            caret_x: 0,
        };
        field.place_caret();
        field
    }

    /// The same field, taking at most `max` characters from now on (what it holds is kept).
    pub fn limited(self, max: Option<usize>) -> TextField {
        TextField { max, ..self }
    }

    /// The characters the field holds, a new line counting as one.
    fn char_count(&self) -> usize {
        let lines = self.area.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len() - 1
    }

    /// Finds the caret's byte and column in its line after an edit; drawing then needs neither.
    fn place_caret(&mut self) {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        let line = &self.area.lines()[row];
        self.caret_byte = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        self.caret_x = match self.kind {
            FieldKind::Secret => col,
            _ => line[..self.caret_byte].width(),
        };
    }

    pub fn kind(&self) -> FieldKind {
        self.kind
    }

    /// Selects the whole value, when there is one, so that what is typed next replaces it.
    pub fn select_all(&mut self) {
        if self.value().is_empty() {
            return;
        }
        self.area.select_all();
        // The textarea's jump stops at column 65535: the caret goes to the real end.
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
        self.place_caret();
    }

    /// Keeps the value and drops its selection.
    pub fn deselect(&mut self) {
        self.area.cancel_selection();
    }

    /// Whether the whole value is selected: the next character typed replaces it.
    pub fn selected(&self) -> bool {
        self.area.is_selecting()
    }

    pub fn value(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn line_count(&self) -> usize {
        self.area.lines().len()
    }

    /// The first line drawn in a box `height` lines high (the box scrolls to keep the caret in view).
    pub fn first_visible_line(&self, height: u16) -> usize {
        (self.area.cursor().0 + 1).saturating_sub(usize::from(height))
    }

    /// The editing keys that work in this field, for the help: from [`KEYMAP`], which also
    /// decides what they do.
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        let replacing = (self.kind != FieldKind::MultiLine).then_some(REPLACING);
        replacing
            .into_iter()
            .chain(keymap::help_lines(KEYMAP, self))
            .collect()
    }

    /// Applies a key: an editing key of [`KEYMAP`], or a character typed. A key that would take
    /// the text past the field's limit is refused, and the text stays as it was.
    pub fn input(&mut self, key: KeyEvent) -> Edit {
        if let Some(editing) = keymap::lookup(KEYMAP, self, &key) {
            return self.edit(editing, key.modifiers.contains(KeyModifiers::SHIFT));
        }
        match key.code {
            KeyCode::Char(c)
                if !c.is_control()
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                // A selected value makes way for what is typed.
                self.change(Growth::OneAtMost, |area| {
                    area.insert_char(c);
                    true
                })
            }
            _ => Edit::Unchanged,
        }
    }

    /// Carries out an editing key; `shift` extends the selection with a move.
    fn edit(&mut self, editing: Editing, shift: bool) -> Edit {
        let deletes = matches!(editing, Editing::DeleteBack | Editing::DeleteForward);
        if self.selected() && !deletes && !shift {
            // A key other than Backspace or Delete keeps the selected value as it is; Left and
            // Right end the selection at its start or end, as editors do.
            self.area.cancel_selection();
            match editing {
                Editing::Move(CursorMove::Back) => {
                    self.area.move_cursor(CursorMove::Top);
                    self.area.move_cursor(CursorMove::Head);
                    self.place_caret();
                    return Edit::Unchanged;
                }
                Editing::Move(CursorMove::Forward) => return Edit::Unchanged,
                _ => {}
            }
        }
        match editing {
            Editing::Move(to) => {
                match (shift, self.selected()) {
                    (true, false) => self.area.start_selection(),
                    (false, true) => self.area.cancel_selection(),
                    _ => {}
                }
                self.area.move_cursor(to);
                self.place_caret();
                Edit::Unchanged
            }
            Editing::NewLine => self.change(Growth::OneAtMost, |area| {
                area.insert_newline();
                true
            }),
            Editing::DeleteBack => self.change(Growth::None, TextArea::delete_char),
            Editing::DeleteForward => self.change(Growth::None, TextArea::delete_next_char),
            Editing::DeleteWordBack => self.change(Growth::None, TextArea::delete_word),
            Editing::DeleteWordForward => self.change(Growth::None, TextArea::delete_next_word),
            Editing::DeleteToStart => self.change(Growth::None, TextArea::delete_line_by_head),
            Editing::DeleteToEnd => self.change(Growth::None, TextArea::delete_line_by_end),
            Editing::Undo | Editing::Redo => {
                let (again, after) = match (editing, self.replaced) {
                    (Editing::Undo, Replaced::Done) => (true, Replaced::Undone),
                    (Editing::Redo, Replaced::Undone) => (true, Replaced::Done),
                    _ => (false, Replaced::No),
                };
                let step: fn(&mut TextArea<'static>) -> bool = match editing {
                    Editing::Undo => TextArea::undo,
                    _ => TextArea::redo,
                };
                let edit = self.change(Growth::Any, |area| {
                    let changed = step(area);
                    if again {
                        step(area);
                    }
                    changed
                });
                self.replaced = after;
                edit
            }
        }
    }

    /// Replaces the whole value with `value` (one that the screen copies in), as one edit that
    /// Ctrl-Z takes back; refused, like typing, past the field's limit.
    pub fn replace(&mut self, value: &str) -> Edit {
        let value = match self.kind {
            FieldKind::MultiLine => value.to_string(),
            _ => value.replace('\n', " "),
        };
        let had = !self.value().is_empty();
        self.select_all();
        let edit = self.change(Growth::Any, |area| area.insert_str(&value));
        if edit.changed() && had && !value.is_empty() {
            self.replaced = Replaced::Done;
        }
        edit
    }

    /// An edit of the text, refused when it takes the text past the limit. What the edit may add
    /// decides what is kept to refuse it: a character typed is refused before it is made, and only
    /// an edit that may add any amount (an undo, a replacement) keeps a copy of the text to put
    /// back, so that a key in a field of a million characters costs no copy of them.
    fn change(
        &mut self,
        growth: Growth,
        edit: impl FnOnce(&mut TextArea<'static>) -> bool,
    ) -> Edit {
        let count = || self.char_count();
        let before = match (growth, self.max) {
            (Growth::None, _) | (_, None) => None,
            // A selected value is replaced by the one character: the text does not grow.
            (Growth::OneAtMost, Some(_)) if self.selected() => None,
            (Growth::OneAtMost, Some(max)) if count() >= max => return Edit::Full { max },
            (Growth::OneAtMost, Some(_)) => None,
            (Growth::Any, Some(max)) => Some((max, count(), self.area.clone())),
        };
        let changed = edit(&mut self.area);
        if changed {
            self.replaced = Replaced::No;
        }
        if let Some((max, count, saved)) = before {
            let now = self.char_count();
            if now > max && now > count {
                self.area = saved;
                return Edit::Full { max };
            }
        }
        self.place_caret();
        if changed {
            Edit::Changed
        } else {
            Edit::Unchanged
        }
    }

    /// Inserts pasted text: control characters and escape sequences are left out, a one-line
    /// field gets one line, and what goes past the field's limit is left out; the answer counts
    /// what was changed, so that the screen can say so.
    pub fn paste(&mut self, text: &str) -> Pasted {
        let (cleaned, controls) = clean_paste(text);
        let (cleaned, breaks) = match self.kind {
            FieldKind::MultiLine => (cleaned, 0),
            _ => {
                let lines: Vec<&str> = (cleaned.split('\n').map(str::trim))
                    .filter(|l| !l.is_empty())
                    .collect();
                (lines.join(" "), lines.len().saturating_sub(1))
            }
        };
        // A selected value makes way for the paste.
        let held = if self.selected() {
            0
        } else {
            self.char_count()
        };
        let room = self
            .max
            .map(|max| max.saturating_sub(held))
            .unwrap_or(usize::MAX);
        let (kept, dropped) = match cleaned.char_indices().nth(room) {
            Some((end, _)) => (&cleaned[..end], cleaned[end..].chars().count()),
            None => (cleaned.as_str(), 0),
        };
        let changed = !kept.is_empty() && self.area.insert_str(kept);
        self.place_caret();
        let edit = match (dropped, self.max) {
            (0, _) | (_, None) if changed => Edit::Changed,
            (0, _) | (_, None) => Edit::Unchanged,
            (dropped, Some(max)) => Edit::Cut { max, dropped },
        };
        Pasted {
            edit,
            breaks,
            controls,
        }
    }

    /// Draws the field into `area`, scrolled so the caret is visible; returns the caret's screen
    /// position when `focused`.
    pub fn render(
        &self,
        area: Rect,
        buf: &mut Buffer,
        style: Style,
        focused: bool,
    ) -> Option<Position> {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return None;
        }
        let lines = self.area.lines();
        let ratatui_textarea::DataCursor(row, _) = self.area.cursor();
        let width = usize::from(area.width);
        let height = usize::from(area.height);
        // Scrolled sideways so that the caret sits in the last column when the line is longer.
        let x_offset = (self.caret_x + 1).saturating_sub(width);
        let y_offset = self.first_visible_line(area.height);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                buf[(x, y)].reset();
                buf[(x, y)].set_style(style);
            }
        }
        let mut caret_column = 0;
        for (i, index) in (y_offset..lines.len()).take(height).enumerate() {
            let line = &lines[index];
            let visible = if index == row {
                // From the caret back, as many columns as there are left of the last one.
                let before = &line[..self.caret_byte];
                let start = self.columns_back(before, width - 1);
                caret_column = self.shown_width(&before[start..]);
                &line[start..]
            } else {
                skip_columns(line, x_offset)
            };
            let visible = drawable(visible, width);
            let text = match self.kind {
                FieldKind::Secret => "•".repeat(visible.chars().count()),
                _ => visible.to_string(),
            };
            // A selected value is drawn reversed where it has the focus, as terminals draw a selection.
            let text_style = if focused && self.selected() {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            buf.set_stringn(area.x, area.y + i as u16, text, width, text_style);
        }
        focused.then(|| Position {
            x: area.x + caret_column.min(width - 1) as u16,
            y: area.y + (row - y_offset) as u16,
        })
    }
}

impl TextField {
    /// The columns `text` takes as drawn (a secret's characters as dots).
    fn shown_width(&self, text: &str) -> usize {
        match self.kind {
            FieldKind::Secret => text.chars().count(),
            _ => text.width(),
        }
    }

    /// The byte in `text` from which its end takes at most `columns` columns as drawn; reads only
    /// those characters.
    fn columns_back(&self, text: &str, columns: usize) -> usize {
        let mut used = 0;
        for (i, c) in text.char_indices().rev() {
            used += match self.kind {
                FieldKind::Secret => 1,
                _ => c.width().unwrap_or(0),
            };
            if used > columns {
                return i + c.len_utf8();
            }
        }
        0
    }
}

fn skip_columns(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used >= columns {
            return &text[i..];
        }
        used += c.width().unwrap_or(0);
    }
    if used >= columns && text.width() == used {
        ""
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing_and_kept_by_moving() {
        let mut pin = TextField::new(FieldKind::Secret, "000000").limited(Some(15));
        pin.select_all();
        assert!(pin.selected());
        for c in "482913".chars() {
            assert_eq!(pin.input(key(KeyCode::Char(c))), Edit::Changed);
        }
        assert_eq!(pin.value(), "482913", "typing replaced the value");
        assert!(!pin.selected());
        let mut time = TextField::new(FieldKind::SingleLine, "09:00").limited(Some(5));
        time.select_all();
        assert_eq!(
            time.paste("10:00").edit,
            Edit::Changed,
            "a full field takes the paste"
        );
        assert_eq!(time.value(), "10:00");
        time.select_all();
        assert_eq!(time.input(key(KeyCode::Backspace)), Edit::Changed);
        assert_eq!(time.value(), "");
        let mut kept = TextField::new(FieldKind::SingleLine, "1bd");
        kept.select_all();
        kept.input(key(KeyCode::Left));
        assert!(!kept.selected());
        kept.input(key(KeyCode::Char('2')));
        assert_eq!(
            kept.value(),
            "21bd",
            "Left goes to the start; typing inserts"
        );
        kept.select_all();
        kept.input(key(KeyCode::Right));
        kept.input(key(KeyCode::Char('x')));
        assert_eq!(kept.value(), "21bdx", "Right goes to the end");
        let mut empty = TextField::new(FieldKind::SingleLine, "");
        empty.select_all();
        assert!(!empty.selected(), "nothing to select");
    }

    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn the_editing_keys_are_the_conventional_ones_and_the_help_lists_them() {
        let mut field = TextField::new(FieldKind::SingleLine, "212 736 5001");
        field.input(key(KeyCode::Left));
        field.input(key(KeyCode::Left));
        assert_eq!(field.input(ctrl_key('u')), Edit::Changed);
        assert_eq!(
            field.value(),
            "01",
            "Ctrl-U deletes to the start of the line"
        );
        assert_eq!(field.input(ctrl_key('z')), Edit::Changed);
        assert_eq!(field.value(), "212 736 5001", "Ctrl-Z undoes");
        assert_eq!(field.input(ctrl_key('y')), Edit::Changed);
        assert_eq!(field.value(), "01", "Ctrl-Y redoes");
        field.input(ctrl_key('z'));
        field.input(ctrl_key('a'));
        field.input(key(KeyCode::Char('+')));
        assert_eq!(field.value(), "+212 736 5001", "Ctrl-A goes to the start");
        field.input(ctrl_key('e'));
        assert_eq!(field.input(ctrl_key('w')), Edit::Changed);
        assert_eq!(field.value(), "+212 736 ", "Ctrl-E goes to the end");
        assert_eq!(
            field.input(ctrl_key('v')),
            Edit::Unchanged,
            "no hidden keys"
        );
        let help = field.help();
        let shown: Vec<&str> = help.iter().map(|(keys, _)| *keys).collect();
        for binding in KEYMAP.iter().filter(|b| (b.when)(&field)) {
            assert!(shown.contains(&binding.shown), "{} unlisted", binding.shown);
        }
        let label = |keys: &str| help.iter().find(|(k, _)| *k == keys).map(|(_, l)| *l);
        assert_eq!(
            label("Home / Ctrl-A"),
            Some("move to the start of the line")
        );
        assert_eq!(label("Ctrl-U"), Some("delete to the start of the line"));
        assert_eq!(label("Ctrl-Z"), Some("undo"));
        assert_eq!(label("Enter"), None, "a one-line field takes no new line");
        let numbers = TextField::new(FieldKind::MultiLine, "1\n2");
        assert_eq!(
            numbers.help().iter().find(|(k, _)| *k == "Enter"),
            Some(&("Enter", "start a new line"))
        );
    }

    #[test]
    fn a_value_replaced_whole_comes_back_with_one_undo() {
        let mut zip = TextField::new(FieldKind::SingleLine, "60601").limited(Some(10));
        assert_eq!(zip.replace("60606"), Edit::Changed);
        assert_eq!(zip.value(), "60606");
        assert_eq!(zip.input(ctrl_key('z')), Edit::Changed);
        assert_eq!(
            zip.value(),
            "60601",
            "one Ctrl-Z takes the replacement back"
        );
        assert_eq!(zip.input(ctrl_key('y')), Edit::Changed);
        assert_eq!(zip.value(), "60606", "one Ctrl-Y does it again");
        zip.input(key(KeyCode::Backspace));
        assert_eq!(zip.value(), "6060");
        zip.input(ctrl_key('z'));
        assert_eq!(zip.value(), "60606", "an edit after it is undone alone");
        let mut empty = TextField::new(FieldKind::SingleLine, "");
        empty.replace("Becker");
        empty.input(ctrl_key('z'));
        assert_eq!(empty.value(), "");
        assert_eq!(
            zip.replace("60606 and far too long"),
            Edit::Full { max: 10 }
        );
        assert_eq!(zip.value(), "60606");
    }

    #[test]
    fn a_selected_value_is_drawn_reversed() {
        let mut field = TextField::new(FieldKind::SingleLine, "1bd");
        field.select_all();
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        field.render(Rect::new(0, 0, 6, 1), &mut buf, Style::new(), true);
        assert_eq!(buf[(0, 0)].symbol(), "1");
        assert!(buf[(0, 0)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(4, 0)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn secret_is_drawn_as_dots_and_caret_follows() {
        let field = TextField::new(FieldKind::Secret, "4829");
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let caret = field.render(Rect::new(0, 0, 10, 1), &mut buf, Style::new(), true);
        assert_eq!(buf[(0, 0)].symbol(), "•");
        assert_eq!(buf[(4, 0)].symbol(), " ");
        assert_eq!(caret, Some(Position { x: 4, y: 0 }));
        assert_eq!(field.value(), "4829");
    }

    #[test]
    fn one_line_fields_ignore_enter_and_flatten_pastes() {
        let mut field = TextField::new(FieldKind::SingleLine, "");
        assert_eq!(field.input(key(KeyCode::Enter)), Edit::Unchanged);
        let pasted = field.paste("a\r\nb\u{1b}[31m\u{7}");
        assert_eq!(
            pasted,
            Pasted {
                edit: Edit::Changed,
                breaks: 1,
                controls: 2
            }
        );
        assert_eq!(field.value(), "a b", "no escape sequence leaves its text");
        assert_eq!(
            pasted.cleaned().as_deref(),
            Some(
                "Pasted as one line: 1 line break became a space, and 2 control characters (terminal codes, not text) were left out"
            )
        );
        assert_eq!(field.paste(" c").cleaned(), None);
        let mut multi = TextField::new(FieldKind::MultiLine, "");
        let pasted = multi.paste("1\r\n2\n3");
        assert_eq!((pasted.breaks, pasted.controls), (0, 0));
        assert_eq!(multi.value(), "1\n2\n3");
        assert_eq!(multi.line_count(), 3);
    }

    #[test]
    fn long_text_scrolls_to_keep_the_caret_visible() {
        let field = TextField::new(FieldKind::SingleLine, "abcdefghijkl");
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        let caret = field.render(Rect::new(0, 0, 5, 1), &mut buf, Style::new(), true);
        assert_eq!(caret, Some(Position { x: 4, y: 0 }));
        assert_eq!(buf[(3, 0)].symbol(), "l");
    }

    #[test]
    fn typing_stops_at_the_limit_and_keeps_the_text() {
        let mut field = TextField::new(FieldKind::SingleLine, "abc").limited(Some(4));
        assert_eq!(field.input(key(KeyCode::Char('d'))), Edit::Changed);
        assert_eq!(field.input(key(KeyCode::Char('e'))), Edit::Full { max: 4 });
        assert_eq!(field.value(), "abcd");
        assert_eq!(field.input(key(KeyCode::Backspace)), Edit::Changed);
        assert_eq!(field.value(), "abc");
    }

    #[test]
    fn a_paste_past_the_limit_is_cut_and_counted() {
        let mut field = TextField::new(FieldKind::SingleLine, "ab").limited(Some(5));
        assert_eq!(field.paste("cdéfgh").edit, Edit::Cut { max: 5, dropped: 3 });
        assert_eq!(field.value(), "abcdé");
        assert_eq!(field.paste("x").edit, Edit::Cut { max: 5, dropped: 1 });
        assert_eq!(field.value(), "abcdé");
    }

    #[test]
    fn a_huge_value_draws_the_columns_before_the_caret() {
        let mut value = "x".repeat(9_000_000);
        value.push_str("0123456789");
        let field = TextField::new(FieldKind::SingleLine, &value);
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        let caret = field.render(Rect::new(0, 0, 6, 1), &mut buf, Style::new(), true);
        let row: String = (0..6).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(row, "56789 ");
        assert_eq!(caret, Some(Position { x: 5, y: 0 }));
        let secret = TextField::new(FieldKind::Secret, &value);
        secret.render(Rect::new(0, 0, 6, 1), &mut buf, Style::new(), false);
        let row: String = (0..6).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(row, "••••• ");
    }
}

//! Small reusable pieces shared by the screens.

pub mod chrome;
pub mod help_bar;
pub mod list;
pub mod modal;
pub mod order_summary;
pub mod page;
pub mod scroll;
pub mod search;
pub mod stepper;
pub mod table;
pub mod text_field;

use crate::text::strip_controls;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

/// At most this many characters are looked at per column drawn: more than any real text needs (a
/// letter with three accents), and a run of zero-width characters cannot make drawing slow.
const CHARS_PER_COLUMN: usize = 4;

/// The columns one grapheme cluster (what a reader sees as one character: a letter with its
/// accents, a flag, an emoji with its skin tone) takes, measured as the buffer draws it: a cluster
/// with a control character is not drawn at all.
fn cluster_columns(cluster: &str) -> usize {
    if cluster.contains(char::is_control) {
        0
    } else {
        usize::from(cluster.cell_width())
    }
}

/// The columns `text` takes when drawn.
pub fn columns(text: &str) -> usize {
    if printable_ascii(text.as_bytes()) {
        return text.len();
    }
    text.graphemes(true).map(cluster_columns).sum()
}

/// Whether every byte is a printable ASCII character (a space included): each is then a cluster
/// of its own, one column wide, and measuring needs no segmenting, which most text (numbers, the
/// program's own messages) is spared.
fn printable_ascii(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| (b' '..=b'~').contains(b))
}

/// The start of `text` that can fill `columns` columns, in whole grapheme clusters, found without
/// reading further: what follows it could not be drawn. Drawing code hands only this to the
/// buffer, so a stored value of any size costs what fits on screen.
pub fn drawable(text: &str, columns: usize) -> &str {
    let end = text.len().min(columns);
    // What follows an ASCII character cannot join its cluster unless it is a combining mark,
    // which is not ASCII.
    let ends_a_cluster = text.as_bytes().get(end).is_none_or(u8::is_ascii);
    if ends_a_cluster && printable_ascii(&text.as_bytes()[..end]) {
        return &text[..end];
    }
    let looked_at = text
        .char_indices()
        .nth(CHARS_PER_COLUMN * (columns + 1))
        .map_or(text, |(end, _)| &text[..end]);
    let mut used = 0;
    for (i, cluster) in looked_at.grapheme_indices(true) {
        used += cluster_columns(cluster);
        if used > columns {
            return &text[..i];
        }
    }
    looked_at
}

/// Writes `text` at (x, y), clipped to `width` with an ellipsis when it does not fit; returns the width used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, width: u16, text: &str, style: Style) -> u16 {
    if width == 0 || !buf.area.contains(ratatui::layout::Position { x, y }) {
        return 0;
    }
    let shown = fit(text, usize::from(width));
    let (end_x, _) = buf.set_stringn(x, y, &shown, usize::from(width), style);
    end_x - x
}

/// `text` cut to `width` columns, ending in `…` when cut; reads no more of `text` than fits.
pub fn fit(text: &str, width: usize) -> String {
    let head = drawable(text, width);
    if head.len() == text.len() {
        return text.to_string();
    }
    let mut shown = drawable(head, width.saturating_sub(1)).to_string();
    shown.push('…');
    shown
}

/// Splits `text` into at most `max_lines` lines of at most `width` columns, at spaces where
/// possible; when the text goes on, the last line ends in `…`. Reads no more of `text` than the
/// lines it returns hold.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Lines {
        done: Vec::new(),
        max: max_lines.max(1),
        width,
    };
    let mut line = String::new();
    let mut line_width = 0;
    let mut rest = text;
    loop {
        // Each word is read once, and no further than a line can show of it.
        let mut window = rest.len().min(4 * CHARS_PER_COLUMN * (width + 1));
        while !rest.is_char_boundary(window) {
            window -= 1;
        }
        let whole = &rest[..word_end(&rest[..window], width).unwrap_or(window)];
        let word = drawable(whole, width);
        if word.len() == whole.len() {
            let word_width = columns(word);
            let joined = if line.is_empty() {
                word_width
            } else {
                line_width + 1 + word_width
            };
            if joined > width {
                if !lines.push(std::mem::take(&mut line)) {
                    return lines.done;
                }
                line_width = word_width;
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line_width = joined;
            }
            line.push_str(word);
            rest = &rest[word.len()..];
            match rest.strip_prefix(' ') {
                Some(after) => rest = after,
                None => break,
            }
        } else {
            // A word wider than a line: cut it at the width, and its rest goes on as a word.
            if !line.is_empty() && !lines.push(std::mem::take(&mut line)) {
                return lines.done;
            }
            let cut = if word.is_empty() {
                // Not even one cluster fits (a wide one in a one-column line): take it anyway.
                rest.graphemes(true).next().map_or(0, str::len)
            } else {
                word.len()
            };
            if !lines.push(rest[..cut].to_string()) {
                return lines.done;
            }
            rest = &rest[cut..];
            line_width = 0;
        }
    }
    if (!line.is_empty() || lines.done.is_empty()) && !lines.push(line) {
        return lines.done;
    }
    lines.done
}

/// A phone number as the screens write it, `(212) 736-5002`: 14 columns.
const NUMBER_COLUMNS: usize = 14;

/// Where the first word of `text` ends: at its first space, but not at the space inside a phone
/// number as the screens write it (`(212) 736-5002` is read as one word, never split across
/// lines), unless the line is too narrow for a number.
fn word_end(text: &str, width: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = |from: usize, count: usize| {
        bytes
            .get(from..from + count)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let inside_number = |space: usize| {
        width >= NUMBER_COLUMNS
            && space >= 5
            && bytes[space - 5] == b'('
            && digits(space - 4, 3)
            && bytes[space - 1] == b')'
            && digits(space + 1, 3)
            && bytes.get(space + 4) == Some(&b'-')
            && digits(space + 5, 4)
    };
    (text.match_indices(' ').map(|(i, _)| i)).find(|&i| !inside_number(i))
}

/// `wrap` for text from outside (a stored value, a carrier's answer): control characters made
/// visible, and only as much of the text read as `max_lines` lines can show.
pub fn wrap_outside(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    // Each line takes at most its width and the space it breaks at; one column more makes the cut
    // text still overflow, so that the last line says it was cut.
    let columns = (width.max(1) + 1)
        .saturating_mul(max_lines)
        .saturating_add(1);
    wrap(&strip_controls(drawable(text, columns)), width, max_lines)
}

/// The lines `wrap` has made, up to its maximum.
struct Lines {
    done: Vec<String>,
    max: usize,
    width: usize,
}

impl Lines {
    /// Adds a line; when the maximum is reached, marks the last line as cut and returns false.
    fn push(&mut self, line: String) -> bool {
        if self.done.len() < self.max {
            self.done.push(line);
            return true;
        }
        if let Some(last) = self.done.last_mut() {
            let mut cut = drawable(last, self.width - 1).to_string();
            cut.push('…');
            *last = cut;
        }
        false
    }
}

/// The one-line strip of `area` at row `y`.
pub fn row_at(area: Rect, y: u16) -> Rect {
    Rect {
        y,
        height: 1,
        ..area
    }
}

/// Blanks an area with a style.
pub fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
            buf[(x, y)].set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A direction control in drawn text never reaches a cell: the buffer leaves out every
    /// cluster that takes no column (as it does control characters), which these are. The app
    /// relies on it for text from data; this guards it across ratatui upgrades.
    #[test]
    fn direction_controls_are_not_drawn() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        let used = put(
            &mut buf,
            0,
            0,
            12,
            "Ann \u{202e}Lee\u{2069}!",
            Style::default(),
        );
        let drawn: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(drawn, "Ann Lee!    ");
        assert_eq!(used, 8);
    }

    /// Printable ASCII is measured without segmenting: the answers are those of the clusters.
    #[test]
    fn ascii_is_measured_as_its_clusters_are() {
        let by_clusters = |text: &str| text.graphemes(true).map(cluster_columns).sum::<usize>();
        for text in [
            "2127365000",
            "a b~",
            "e\u{301}t\u{e9}",
            "ab\r\ncd",
            "x\u{200d}y",
            "",
        ] {
            assert_eq!(columns(text), by_clusters(text), "{text:?}");
            let ends: Vec<usize> = (text.grapheme_indices(true).map(|(i, _)| i))
                .chain([text.len()])
                .collect();
            for width in 0..6 {
                let fits = drawable(text, width);
                assert!(by_clusters(fits) <= width, "{text:?} {width}");
                assert!(
                    ends.contains(&fits.len()),
                    "{text:?} {width}: whole clusters"
                );
            }
        }
        assert_eq!(drawable("ab\u{301}c", 1), "a");
        assert_eq!(
            drawable("ab\u{301}c", 2),
            "ab\u{301}",
            "a mark stays with its letter"
        );
        assert_eq!(drawable("2127365000", 4), "2127");
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7, 9), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4, 9), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab cdefghij k", 4, 9), vec!["ab", "cdef", "ghij", "k"]);
        assert_eq!(wrap("", 4, 9), vec![""]);
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }

    #[test]
    fn a_phone_number_is_never_split_across_lines() {
        let usage = "2 user: (212) 736-5001, (212) 736-5002 · 1 conference: (646) 290-1100";
        assert_eq!(
            wrap(usage, 30, 9),
            vec![
                "2 user: (212) 736-5001,",
                "(212) 736-5002 · 1 conference:",
                "(646) 290-1100"
            ]
        );
        assert_eq!(
            wrap("call (212) 736-5001", 14, 9),
            vec!["call", "(212) 736-5001"]
        );
        assert_eq!(
            wrap("(212) 736-5001", 10, 9),
            vec!["(212)", "736-5001"],
            "narrower than a number: split at its space rather than anywhere"
        );
        assert_eq!(
            wrap("(2a2) 736-5001 (212) 73-5001", 9, 9),
            vec!["(2a2)", "736-5001", "(212)", "73-5001"],
            "only a number as the screens write it is kept whole"
        );
    }

    #[test]
    fn wide_characters_and_long_words_wrap_by_columns() {
        assert_eq!(
            wrap("東京都千代田区丸の内", 5, 9),
            vec!["東京", "都千", "代田", "区丸", "の内"],
            "two-column characters: two to a five-column line"
        );
        assert_eq!(
            wrap("Tokyo 東京都千代田区丸の内一丁目", 10, 9),
            vec!["Tokyo", "東京都千代", "田区丸の内", "一丁目"]
        );
        assert_eq!(
            wrap("日本", 1, 9),
            vec!["日", "本"],
            "wider than the line: one a line"
        );
        assert_eq!(
            wrap("ab 👍🏽👍🏽👍🏽 cd", 5, 9),
            vec!["ab", "👍🏽👍🏽", "👍🏽 cd"],
            "an emoji with its skin tone is one cluster of two columns"
        );
        assert_eq!(
            wrap("🇺🇸🇨🇦🇺🇸", 3, 9),
            vec!["🇺🇸", "🇨🇦", "🇺🇸"],
            "a flag is never cut in two"
        );
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(
            wrap(&family.repeat(3), 4, 9),
            vec![family.repeat(2), family.to_string()]
        );
        assert_eq!(fit(&format!("{family} family"), 3), format!("{family}…"));
        assert_eq!(wrap("日本語日本語", 5, 2), vec!["日本", "語日…"]);
    }

    #[test]
    fn wrapped_lines_draw_whole_within_the_width() {
        let texts = [
            "Tokyo 東京都千代田区丸の内一丁目 👍🏽👍🏽 🇺🇸🇨🇦 e\u{301}e\u{301}e\u{301} supercalifragilistic",
            "한국어 텍스트를 줄 바꿈합니다 😀😀😀😀😀😀😀",
        ];
        for width in 1..=12u16 {
            for text in texts {
                let lines = wrap(text, usize::from(width), 99);
                let mut buf = Buffer::empty(Rect::new(0, 0, width, lines.len() as u16));
                for (y, line) in lines.iter().enumerate() {
                    if columns(line) > usize::from(width) {
                        assert_eq!(line.graphemes(true).count(), 1, "only a wide cluster alone");
                        continue;
                    }
                    put(&mut buf, 0, y as u16, width, line, Style::new());
                    let drawn: String = (0..width)
                        .map(|x| buf[(x, y as u16)].symbol())
                        .collect::<String>();
                    assert_eq!(
                        drawn.replace(' ', ""),
                        line.replace(' ', ""),
                        "the buffer draws all of {line:?} in {width} columns"
                    );
                }
                assert_eq!(
                    lines.concat().replace(' ', ""),
                    text.replace(' ', ""),
                    "nothing is lost at width {width}"
                );
            }
        }
    }

    #[test]
    fn a_huge_text_is_wrapped_and_fitted_only_as_far_as_shown() {
        let huge = "word ".repeat(2_000_000);
        assert_eq!(
            wrap(&huge, 10, 2),
            vec!["word word".to_string(), "word word…".to_string()]
        );
        assert_eq!(fit(&huge, 6), "word …");
        let long_word = "x".repeat(9_000_000);
        assert_eq!(wrap(&long_word, 3, 2), vec!["xxx", "xx…"]);
        assert_eq!(wrap_outside("a\u{1b}b", 9, 1), vec!["a\u{fffd}b"]);
        let marks = format!("e{}", "\u{301}".repeat(9_000_000));
        assert!(drawable(&marks, 2).len() < 100);
        assert_eq!(wrap("one two", 3, 1), vec!["on…"]);
        assert_eq!(wrap("one two", 3, 2), vec!["one", "two"]);
    }
}

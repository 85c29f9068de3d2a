//! Text from outside (pastes, file names, data files) made safe to put on a terminal.

/// Replaces control characters (escape sequences included) with U+FFFD so they never reach the terminal.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Pasted text made fit for a field: new lines kept (as `\n`), a tab made a space, and every other
/// control character left out, a terminal's escape sequence (colour, cursor moves, a title) whole,
/// so that none leaves its text behind (`[31m`). Returns the text and how many control
/// characters or sequences were left out.
pub fn clean_paste(text: &str) -> (String, usize) {
    let mut kept = String::with_capacity(text.len());
    let mut dropped = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                kept.push('\n');
            }
            '\n' => kept.push('\n'),
            '\t' => kept.push(' '),
            '\u{1b}' => {
                dropped += 1;
                skip_escape(&mut chars);
            }
            c if c.is_control() => dropped += 1,
            c => kept.push(c),
        }
    }
    (kept, dropped)
}

/// Skips the rest of an escape sequence after its ESC: a CSI (`ESC [` parameters, then one final
/// character from `@` to `~`), a string (`ESC ]`, `P`, `X`, `^` or `_`, up to BEL or `ESC \`), or
/// one character.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive() {
        assert_eq!(strip_controls("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(clean_paste("1\r\n2\u{7f}\t3\r4"), ("1\n2 3\n4".into(), 1));
    }

    #[test]
    fn a_pasted_escape_sequence_leaves_no_text_behind() {
        let colour = "\u{1b}[1;31mred\u{1b}[0m";
        assert_eq!(clean_paste(colour), ("red".into(), 2));
        let title = "\u{1b}]0;title\u{7}a\u{1b}]8;;http://x\u{1b}\\b\u{1b}Mc";
        assert_eq!(clean_paste(title), ("abc".into(), 3));
        assert_eq!(clean_paste("cut\u{1b}[3"), ("cut".into(), 1));
    }
}

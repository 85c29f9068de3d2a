//! Text from outside (pastes, file names, data files) made safe to put on a terminal.

/// Replaces control characters (escape sequences included) and Unicode's direction controls with
/// U+FFFD so they never reach the terminal.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .map(|c| if unsafe_on_terminal(c) { '\u{fffd}' } else { c })
        .collect()
}

/// Unicode's bidirectional controls: the embeddings and overrides (U+202A to U+202E), the isolates
/// (U+2066 to U+2069) and the marks (U+200E, U+200F, U+061C). Invisible, each turns the direction
/// of the text after it, so a right-to-left override in a name reverses the rest of the line in a
/// terminal (or on a carrier's form) that handles bidirectional text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// A character that acts on a terminal instead of being shown: a control character or a
/// direction control.
pub fn unsafe_on_terminal(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Why a name cannot hold a direction control, naming the one found, if any.
pub fn bidi_refusal(text: &str) -> Option<String> {
    let c = text.chars().find(|&c| is_bidi_control(c))?;
    Some(format!(
        "holds an invisible direction control (U+{:04X}), which reverses or reorders how the text after it reads on a carrier's form and on a terminal; type it again without it",
        c as u32
    ))
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
            c if unsafe_on_terminal(c) => dropped += 1,
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

    /// Every direction control is neutralized where text reaches the terminal, left out of a
    /// paste, and named where a name holds one; letters of right-to-left scripts are kept.
    #[test]
    fn direction_controls_never_reach_the_terminal() {
        let all = [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ];
        for c in all {
            let name = format!("Avery{c} Chen");
            assert_eq!(
                strip_controls(&name),
                "Avery\u{fffd} Chen",
                "U+{:04X}",
                c as u32
            );
            assert_eq!(clean_paste(&name), ("Avery Chen".into(), 1));
            assert!(
                bidi_refusal(&name)
                    .unwrap()
                    .contains(&format!("U+{:04X}", c as u32))
            );
        }
        assert!(
            !is_bidi_control('\u{200d}'),
            "the joiner of emoji is no direction control"
        );
        assert_eq!(strip_controls("שלום Ltd"), "שלום Ltd");
        assert_eq!(bidi_refusal("שלום Ltd"), None);
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

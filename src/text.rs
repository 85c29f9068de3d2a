//! Text from outside (pastes, file names, data files) made safe to put on a terminal.

/// Replaces control characters (escape sequences included) with U+FFFD so they never reach the terminal.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Keeps new lines (as `\n`) and drops every other control character: for pasted lists.
pub fn clean_paste(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control() || *c == '\t')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive() {
        assert_eq!(strip_controls("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(clean_paste("1\r\n2\u{1b}\t3\r4"), "1\n2 3\n4");
    }
}

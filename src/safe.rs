//! Text made safe for a terminal: the one place that decides which
//! characters from a document may reach a screen or standard output.
//!
//! Documents come from the web. A control character (C0 other than newline
//! and tab, DEL, C1) could start an escape sequence that moves the cursor,
//! retitles the window, writes the clipboard (OSC 52) or injects a
//! hyperlink (OSC 8); bidirectional overrides can make text read other than
//! it is. All of them are removed here.

use std::borrow::Cow;

/// Whether `c` must never reach a terminal.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `s` without unsafe characters (see [`is_unsafe`]); newlines and tabs kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(s.chars().filter(|c| !is_unsafe(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` on one line: unsafe characters removed, newlines and tabs made spaces.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| is_unsafe(c) || c == '\n' || c == '\t') {
        Cow::Owned(
            s.chars()
                .filter(|c| !is_unsafe(*c))
                .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let hostile = "a\u{1b}[2Jb\u{1b}]52;c;SGVsbG8=\u{7}c\u{9b}31md\u{202e}e\u{7f}";
        let out = clean(hostile);
        assert!(!out.chars().any(is_unsafe));
        assert_eq!(out, "a[2Jb]52;c;SGVsbG8=c31mde");
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        assert!(matches!(clean("Zürich\tnaïve\n日本"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}

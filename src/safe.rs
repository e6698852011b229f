//! Text made safe for a terminal: the one place that decides which
//! characters from a document may reach a screen or standard output.
//!
//! Documents come from the web. A control character (C0 other than newline
//! and tab, DEL, C1) could start an escape sequence that moves the cursor,
//! retitles the window, writes the clipboard (OSC 52) or injects a
//! hyperlink (OSC 8); bidirectional overrides can make text read other than
//! it is. All of them are decided on here, in two ways:
//!
//! - [`clean`] and [`one_line`] remove them: for short strings (titles,
//!   names, paths in messages) where a stray control character carries no
//!   meaning;
//! - [`visible`] shows control characters as a visible placeholder (see
//!   [`placeholder`]) and removes bidirectional controls: for document bodies,
//!   where a reader should see that something was there. A placeholder is one
//!   column wide, so text can be measured after this step.

use std::borrow::Cow;

/// Whether `c` must never reach a terminal.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Whether `s` holds a character [`is_unsafe`] rejects: the same answer,
/// from a scan of the bytes (rendering asks this of every run of text).
pub fn has_unsafe(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        0x00..=0x08 | 0x0a..=0x1f | 0x7f => x != b'\n',
        // C1: U+0080..U+009F.
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        // U+061C.
        0xd8 => b.get(i + 1) == Some(&0x9c),
        // U+200E, U+200F, U+202A..U+202E; U+2066..U+2069.
        0xe2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

/// What [`visible`] shows instead of an unsafe character: a Unicode control
/// picture for C0 controls and DEL (`␛` for ESC), the replacement character
/// `�` for C1 controls; `None` for bidirectional controls, which are removed
/// (they are invisible anyway). `None` as well for characters that are safe.
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\n' | '\t' => None,
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `s` with control characters shown as placeholders (see [`placeholder`])
/// and bidirectional controls removed; newlines and tabs kept.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if let Some(p) = placeholder(c) {
            out.push(p);
        }
    }
    Cow::Owned(out)
}

/// `s` without unsafe characters (see [`is_unsafe`]); newlines and tabs kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    if has_unsafe(s) {
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
    fn visible_shows_controls_and_drops_bidi() {
        let hostile = "a\u{1b}]52;c;SGVsbG8=\u{7}b\u{9b}2Jc\u{202e}d\u{7f}\u{0}";
        let out = visible(hostile);
        assert_eq!(
            out,
            "a\u{241b}]52;c;SGVsbG8=\u{2407}b\u{fffd}2Jcd\u{2421}\u{2400}"
        );
        assert!(!out.chars().any(is_unsafe));
        assert!(matches!(visible("tab\tand\nnewline"), Cow::Borrowed(_)));
        for c in (0..0x20u32).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let shown = visible(&c.to_string()).into_owned();
            if c == '\n' || c == '\t' {
                assert_eq!(shown, c.to_string());
            } else {
                assert_eq!(
                    unicode_width::UnicodeWidthStr::width(shown.as_str()),
                    1,
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn the_byte_scan_agrees_with_the_rule() {
        let chars = (0..0x3000u32)
            .chain(0xfff0..0x10000)
            .chain(0x1f300..0x1f400)
            .filter_map(char::from_u32);
        for c in chars {
            let s = format!("a{c}b");
            assert_eq!(has_unsafe(&s), is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        assert!(matches!(clean("Zürich\tnaïve\n日本"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}

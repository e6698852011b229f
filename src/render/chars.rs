//! Character-level cleaning of an HTML body before it is tokenized:
//! control characters (raw, or as numeric character references, which
//! html5ever would decode into the real thing) become placeholders,
//! bidirectional controls and soft hyphens go, and the private-use
//! characters the layout uses as markers cannot be forged. Also where to
//! cut an over-long body, raised digits for footnote marks, and where CJK
//! text may break ([`mark_line_breaks`]).

use super::prepare::is_reserved;
use crate::safe;

/// Where to cut `s` at or before `max` bytes: a character boundary, at the
/// start of a tag if one is near.
pub fn cut_point(s: &str, max: usize) -> usize {
    let mut cut = max.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    match s[..cut].rfind('<') {
        Some(lt) if cut - lt < 64 * 1024 => lt,
        _ => cut,
    }
}

const SHY: char = '\u{ad}';

/// A zero-width space: html2text breaks lines there, and shows nothing.
const BREAK: char = '\u{200b}';

/// Text holding CJK letters, with a zero-width space at every place the
/// Unicode line breaking algorithm (UAX #14, the unicode-linebreak crate)
/// allows a line to break that is not white space already, written as
/// HTML text (`&`, `<`, `>` escaped); `None` for text without CJK, where
/// html2text's breaking at spaces is the same.
///
/// html2text breaks only at white space, so a run of CJK text (which has
/// none) was cut wherever the line ended: inside a Latin word within it,
/// or before `。` or `」`. With the breaks marked, it breaks between CJK
/// letters, never inside a Latin word, and never before closing
/// punctuation.
pub fn mark_line_breaks(text: &str) -> Option<String> {
    if !text.chars().any(crate::cjk::is_cjk) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut breaks = unicode_linebreak::linebreaks(text)
        .filter(|&(_, o)| o == unicode_linebreak::BreakOpportunity::Allowed)
        .map(|(i, _)| i)
        .peekable();
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        while breaks.next_if(|&b| b < i).is_some() {}
        if breaks.next_if_eq(&i).is_some()
            && previous.is_some_and(|p| !p.is_whitespace())
            && !c.is_whitespace()
        {
            out.push(BREAK);
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        previous = Some(c);
    }
    Some(out)
}

/// Control characters become placeholders (raw, or as numeric character
/// references, which html5ever would decode into the real thing),
/// bidirectional controls go, and the layout's private markers are
/// replaced; soft hyphens go. Carriage returns and form feeds stay: in
/// HTML they are white space.
pub fn clean_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = s.contains("&#")
        || s.contains("&shy;")
        || s.chars().any(|c| {
            (safe::is_unsafe(c) && c != '\r' && c != '\x0c') || is_reserved(c) || c == SHY
        });
    if !needs {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '&' && rest.starts_with("&shy;") {
            rest = &rest["&shy;".len()..];
            continue;
        }
        if c == '&'
            && let Some((len, value)) = char_ref(rest)
        {
            match value {
                Some(replacement) => out.push_str(&replacement),
                None => out.push_str(&rest[..len]),
            }
            rest = &rest[len..];
            continue;
        }
        if c == SHY {
            // An invisible hint where a word may break, which terminals
            // show inconsistently: dropped.
        } else if is_reserved(c) {
            out.push('\u{fffd}');
        } else if safe::is_unsafe(c) && c != '\r' && c != '\x0c' {
            out.extend(safe::placeholder(c));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// A numeric character reference at the start of `s`: its length, and
/// what to write instead when it names a character that must not be shown
/// (`None` to keep it).
fn char_ref(s: &str) -> Option<(usize, Option<String>)> {
    let b = s.as_bytes();
    if b.get(1) != Some(&b'#') {
        return None;
    }
    let hex = matches!(b.get(2), Some(b'x' | b'X'));
    let digits_at = if hex { 3 } else { 2 };
    let digits = b[digits_at..]
        .iter()
        .take_while(|d| {
            if hex {
                d.is_ascii_hexdigit()
            } else {
                d.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let mut len = digits_at + digits;
    let text = &s[digits_at..len];
    if b.get(len) == Some(&b';') {
        len += 1;
    }
    let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    // Per the HTML standard, 0x80–0x9F name Windows-1252 characters, except
    // these five, which stay C1 controls.
    let c1_kept = matches!(value, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d);
    let replacement = match char::from_u32(value) {
        Some('\r') => Some(" ".to_owned()),
        Some(SHY) => Some(String::new()),
        Some(c) if is_reserved(c) => Some("\u{fffd}".to_owned()),
        Some(c) if (0x80..=0x9f).contains(&value) && !c1_kept => {
            let _ = c;
            None
        }
        Some(c) if safe::is_unsafe(c) && c != '\x0c' => {
            Some(safe::placeholder(c).map(String::from).unwrap_or_default())
        }
        _ => None,
    };
    Some((len, replacement))
}

/// A digit raised: `²`.
pub fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        c => c,
    }
}

/// A digit as a subscript (`2` → `₂`); other characters as they are.
pub fn subscript(c: char) -> char {
    match c {
        '0'..='9' => char::from_u32('₀' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_text_gets_its_break_opportunities() {
        assert_eq!(mark_line_breaks("plain text"), None);
        let marked = mark_line_breaks("日本語のinternationalization。「かっこ」<b>").unwrap();
        let shown = marked.replace(BREAK, "|");
        // Never inside the Latin word, before 。 or 」, or before a small
        // kana; after 「 only with the letter it opens.
        assert_eq!(
            shown,
            "日|本|語|の|internationalization。|「かっ|こ」|&lt;b&gt;"
        );
    }
}

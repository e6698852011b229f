//! What the XML formats (RSS/Atom feeds, WordPress exports) share: byte
//! offsets turned into line and column, well-formedness errors in plain
//! words, the XML declaration, whose `encoding` no longer holds once the
//! loader has decoded the text to UTF-8, and reading an element's text and
//! attributes with quick-xml.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::Problem;

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A problem at a byte offset of `text`.
pub fn problem_at(text: &str, offset: usize, message: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        position: Some(line_column(text, offset)),
    }
}

/// `text` without what precedes its first markup (white space, a byte-order
/// mark) and without an XML declaration that names an encoding other than
/// UTF-8, with the number of bytes dropped. The loader hands format modules
/// UTF-8 text whatever the file's encoding was; a parser that honoured a
/// stale `encoding="ISO-8859-1"` would decode it a second time.
pub fn utf8_body(text: &str) -> (&str, usize) {
    let body = text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
    let mut skipped = text.len() - body.len();
    if body.starts_with("<?xml") {
        if let Some(end) = body.find("?>") {
            let decl = body[..end].to_ascii_lowercase();
            let declares_other =
                decl.contains("encoding") && !decl.contains("utf-8") && !decl.contains("utf8");
            if declares_other {
                skipped += end + 2;
                return (&text[skipped..], skipped);
            }
        }
    }
    (body, skipped)
}

/// The first well-formedness problem in `text`, in plain words with its
/// position: a syntax error, mismatched tags, or an end of file inside an
/// element (a truncated file). `None` when quick-xml reads it all.
pub fn check(text: &str) -> Option<Problem> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let mut open: Vec<(String, u64)> = Vec::new();
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if open.len() < 1024 {
                    open.push((e.name().as_ref().to_owned(), before));
                } else {
                    open.push((String::new(), before));
                }
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                let (line, column) = line_column(text, at);
                return Some(problem_at(
                    text,
                    at,
                    format!("invalid XML at line {line}, column {column}: {e}"),
                ));
            }
        }
    }
    let (name, at) = open.pop()?;
    let at = usize::try_from(at).unwrap_or(usize::MAX);
    let (line, column) = line_column(text, at);
    Some(problem_at(
        text,
        text.len(),
        format!(
            "the file ends inside <{name}> (opened at line {line}, column {column}): it looks cut off"
        ),
    ))
}

/// The problem of a read that failed: where, and what the reader said.
pub fn read_error<R>(text: &str, reader: &Reader<R>, e: quick_xml::Error) -> Problem {
    let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
    let (line, column) = line_column(text, at);
    problem_at(
        text,
        at,
        format!("invalid XML at line {line}, column {column}: {e}"),
    )
}

/// Appends the text `event` stands for to `buf`: text, CDATA, or a
/// reference (`&#233;`, `&amp;`; an HTML entity such as `&nbsp;` is kept as
/// written, for `finish` to decode). Whether the event was any of those.
pub fn push_text(buf: &mut String, event: &Event) -> bool {
    match event {
        Event::Text(t) => buf.push_str(&t.xml10_content()),
        Event::CData(t) => buf.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => buf.push(c),
            _ => match quick_xml::escape::resolve_predefined_entity(r) {
                Some(s) => buf.push_str(s),
                None => {
                    buf.push('&');
                    buf.push_str(r);
                    buf.push(';');
                }
            },
        },
        _ => return false,
    }
    true
}

/// The value of attribute `key` of a start tag, normalised.
pub fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.try_get_attribute(key).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2)); // after the two bytes of ç
        assert_eq!(line_column(text, 4), (2, 1)); // inside ç: its start
        assert_eq!(line_column(text, 999), (3, 2));
    }

    #[test]
    fn stale_declarations_are_dropped() {
        let text = "\u{feff} <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>";
        let (body, skipped) = utf8_body(text);
        assert_eq!(body, "<rss/>");
        assert_eq!(&text[skipped..], "<rss/>");
        let text = "<?xml version='1.0' encoding='UTF-8'?><rss/>";
        assert_eq!(utf8_body(text), (text, 0));
        assert_eq!(utf8_body("  <rss/>"), ("<rss/>", 2));
    }

    #[test]
    fn broken_and_truncated_xml() {
        let p = check("<rss>\n<channel>\n  <item></channel></rss>").unwrap();
        assert_eq!(p.position, Some((3, 9)));
        assert!(
            p.message.starts_with("invalid XML at line 3, column 9: "),
            "{}",
            p.message
        );
        assert!(p.message.contains("item"), "{}", p.message);

        let p = check("<rss>\n<channel>\n<item><title>A</title>").unwrap();
        assert_eq!(
            p.message,
            "the file ends inside <item> (opened at line 3, column 1): it looks cut off"
        );
        assert_eq!(p.position, Some((3, 23))); // just after the last character

        assert_eq!(check("<rss><channel/></rss>"), None);

        // A declaration naming another encoding changes nothing: the text
        // is already decoded.
        let latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss>Zürich</rss>";
        assert_eq!(check(latin1), None);
        let p = check("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss>Zürich</channel>")
            .unwrap();
        assert_eq!(p.position, Some((2, 12)));
    }
}

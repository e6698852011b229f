//! What every rendering promises a user, whatever the document: checked by
//! the property tests (`tests/render_props.rs`) and the renderer's fuzz
//! target (`fuzz/fuzz_targets/render.rs`), which includes this file.

use folio::render::{Rendered, text_of};
use folio::safe::is_unsafe;
use unicode_width::UnicodeWidthChar;

/// Checks `r`, rendered at `width`: no control character (C0, DEL, C1, so
/// no escape sequence, and no tab or newline inside a line) and no
/// bidirectional control in any line or link; no line wider than `width`
/// cells unless it is a single character wider than `width`, or the URL of
/// the header or of the link list (kept whole to be copied); every link
/// span inside its line, numbered from the link list, which counts 1, 2, …
pub fn check(r: &Rendered, width: u16) -> Result<(), String> {
    let width = usize::from(width);
    for (n, line) in r.lines.iter().enumerate() {
        let text = text_of(line);
        if let Some(c) = text
            .chars()
            .find(|&c| is_unsafe(c) || c == '\n' || c == '\t')
        {
            return Err(format!("line {n} holds {c:?}: {text:?}"));
        }
        let cells = line.width();
        let one_wide_char = text.chars().count() == 1
            && text.chars().next().and_then(|c| c.width()).unwrap_or(0) > width;
        // The header's URL and the link list's stay whole (issue 22 #9).
        let listed_url = (n < r.header_len && !text.contains(' '))
            || r.links_start.is_some_and(|start| n > start);
        if cells > width && !one_wide_char && !listed_url {
            return Err(format!(
                "line {n} is {cells} cells wide, over {width}: {text:?}"
            ));
        }
    }
    for (i, link) in r.links.iter().enumerate() {
        if link.number != i + 1 {
            return Err(format!("link {} is numbered {}", i + 1, link.number));
        }
        if let Some(c) = link
            .url
            .chars()
            .chain(link.text.chars())
            .find(|&c| is_unsafe(c))
        {
            return Err(format!("link {} holds {c:?}: {:?}", link.number, link.url));
        }
    }
    for span in &r.spans {
        if span.number == 0 || span.number > r.links.len() {
            return Err(format!(
                "a span on line {} is numbered {} of {} links",
                span.line,
                span.number,
                r.links.len()
            ));
        }
        let Some(line) = r.lines.get(span.line) else {
            return Err(format!(
                "link {}'s span is on line {} of {}",
                span.number,
                span.line,
                r.lines.len()
            ));
        };
        if span.start > span.end || span.end > line.width() {
            return Err(format!(
                "link {}'s span {}..{} is outside line {} ({} cells): {:?}",
                span.number,
                span.start,
                span.end,
                span.line,
                line.width(),
                text_of(line)
            ));
        }
    }
    Ok(())
}

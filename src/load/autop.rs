//! WordPress's paragraphs. WordPress stores classic-editor content without
//! `<p>` tags and adds them on display (its `wpautop` filter): a blank line
//! separates paragraphs, a single newline is a line break, and block
//! elements (headings, lists, quotes, figures, tables) stand apart from
//! the paragraphs around them. Exports (WXR) hold the stored form, so their
//! bodies are given paragraphs here, by wpautop's rules:
//!
//! - a blank line is put before every block start tag and after every block
//!   end tag, and the content is cut into chunks at blank lines;
//! - a chunk that is one block element whole (`<h2>…</h2>`,
//!   `<li>…</li>`) stays as it is; in any other chunk, the text between its
//!   leading and trailing block tags becomes a paragraph, its single
//!   newlines line breaks (so `<blockquote>One\n\nTwo</blockquote>` is two
//!   paragraphs in a quote);
//! - `<pre>`, `<script>`, `<style>`, `<textarea>` and comments are copied
//!   untouched, so preformatted text keeps its lines and words.
//!
//! Content written with the block editor (it has `<!-- wp:` comments) is
//! already HTML and is left alone, as WordPress leaves it.
//!
//! Written by hand: wpautop is a PHP function with no Rust port.

/// Tags that are blocks to wpautop (its `$allblocks`).
const BLOCKS: &[&str] = &[
    "address",
    "area",
    "article",
    "aside",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "map",
    "math",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is copied as written.
const VERBATIM: &[&str] = &["pre", "script", "style", "textarea"];

/// A piece of the content: text and inline markup, a block tag, or a
/// region copied verbatim.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Inline(&'a str),
    /// A block tag as written; `name` lower case.
    Block {
        tag: &'a str,
        name: String,
        kind: TagKind,
    },
    /// `<pre>` (a block of its own) or another verbatim region (inline).
    Verbatim {
        text: &'a str,
        block: bool,
    },
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum TagKind {
    Start,
    End,
    /// `<hr>`, `<col>`, `<area>`, `<br/>`-like: a block with no end.
    Void,
}

/// `content` with paragraphs made explicit.
pub fn autop(content: String) -> String {
    if content.trim().is_empty() || content.contains("<!-- wp:") {
        return content;
    }
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(content.len() + content.len() / 8 + 16);
    let mut chunk: Vec<Piece> = Vec::new();
    for piece in pieces(&content) {
        match piece {
            Piece::Inline(text) => {
                let mut parts = text.split("\n\n").peekable();
                while let Some(part) = parts.next() {
                    chunk.push(Piece::Inline(part));
                    if parts.peek().is_some() {
                        flush(&mut chunk, &mut out);
                    }
                }
            }
            Piece::Block {
                kind: TagKind::Start,
                ..
            } => {
                flush(&mut chunk, &mut out);
                chunk.push(piece);
            }
            Piece::Block {
                kind: TagKind::End, ..
            } => {
                chunk.push(piece);
                flush(&mut chunk, &mut out);
            }
            Piece::Block {
                kind: TagKind::Void,
                ..
            }
            | Piece::Verbatim { block: true, .. } => {
                flush(&mut chunk, &mut out);
                chunk.push(piece);
                flush(&mut chunk, &mut out);
            }
            Piece::Verbatim { block: false, .. } => chunk.push(piece),
        }
    }
    flush(&mut chunk, &mut out);
    out
}

fn is_tag(p: &Piece) -> bool {
    matches!(p, Piece::Block { .. } | Piece::Verbatim { block: true, .. })
}

fn is_blank(p: &Piece) -> bool {
    matches!(p, Piece::Inline(t) if t.trim().is_empty())
}

fn write(p: &Piece, out: &mut String) {
    match p {
        Piece::Inline(t) | Piece::Verbatim { text: t, .. } | Piece::Block { tag: t, .. } => {
            out.push_str(t);
        }
    }
}

/// Writes a chunk: a whole block element as it is, anything else with its
/// inline middle as a paragraph.
fn flush(chunk: &mut Vec<Piece>, out: &mut String) {
    if chunk.iter().all(is_blank) {
        chunk.clear();
        return;
    }
    let lead = chunk
        .iter()
        .take_while(|p| is_tag(p) || is_blank(p))
        .count();
    let trail = chunk[lead..]
        .iter()
        .rev()
        .take_while(|p| is_tag(p) || is_blank(p))
        .count();
    let middle = &chunk[lead..chunk.len() - trail];
    let whole_element = match (chunk.first(), chunk.last()) {
        (
            Some(Piece::Block {
                name: a,
                kind: TagKind::Start,
                ..
            }),
            Some(Piece::Block {
                name: b,
                kind: TagKind::End,
                ..
            }),
        ) => a == b && !middle.iter().any(is_tag),
        _ => false,
    };
    if whole_element || middle.is_empty() {
        chunk.iter().for_each(|p| write(p, out));
    } else {
        chunk[..lead].iter().for_each(|p| write(p, out));
        out.push_str("<p>");
        let last = middle.len() - 1;
        for (i, p) in middle.iter().enumerate() {
            let Piece::Inline(mut t) = *p else {
                write(p, out);
                continue;
            };
            if i == 0 {
                t = t.trim_start();
            }
            if i == last {
                t = t.trim_end();
            }
            push_with_breaks(out, t);
        }
        out.push_str("</p>");
        chunk[chunk.len() - trail..]
            .iter()
            .for_each(|p| write(p, out));
    }
    out.push('\n');
    chunk.clear();
}

/// `text` with each newline outside a tag made a line break (a newline
/// between a tag's attributes stays as it is).
fn push_with_breaks(out: &mut String, text: &str) {
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\n' if !in_tag => out.push_str("<br>"),
            _ => {}
        }
        out.push(c);
    }
}

/// Cuts `content` into inline text, block tags (the whole tag, with its
/// attributes) and verbatim regions (an element of [`VERBATIM`] from its
/// start tag to its end tag, or a comment).
fn pieces(content: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = content.as_bytes();
    let mut text_from = 0;
    let mut at = 0;
    let mut next_gt: Option<usize> = None;
    while let Some(found) = content[at..].find('<') {
        let start = at + found;
        at = start + 1;
        if content[start..].starts_with("<!--") {
            let end = content[start..]
                .find("-->")
                .map_or(content.len(), |e| start + e + 3);
            push_inline(&mut out, &content[text_from..start]);
            out.push(Piece::Verbatim {
                text: &content[start..end],
                block: false,
            });
            (text_from, at) = (end, end);
            continue;
        }
        let close = bytes.get(start + 1) == Some(&b'/');
        let name_at = start + 1 + usize::from(close);
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = content[name_at..name_at + name_len].to_ascii_lowercase();
        let ends_name = bytes
            .get(name_at + name_len)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        let verbatim = !close && VERBATIM.contains(&name.as_str());
        if name.is_empty() || !ends_name || !(verbatim || BLOCKS.contains(&name.as_str())) {
            continue;
        }
        // The next `>`, found once for all the tags before it (a run of
        // `<p ` without one would otherwise be searched again each time).
        if next_gt.is_none_or(|g| g < start) {
            next_gt = content[start..].find('>').map(|e| start + e);
        }
        let Some(tag_end) = next_gt.map(|g| g + 1) else {
            break;
        };
        if verbatim {
            let end = end_tag(content, tag_end, &name).unwrap_or(content.len());
            push_inline(&mut out, &content[text_from..start]);
            out.push(Piece::Verbatim {
                text: &content[start..end],
                block: name == "pre",
            });
            (text_from, at) = (end, end);
        } else if BLOCKS.contains(&name.as_str()) {
            push_inline(&mut out, &content[text_from..start]);
            let kind = if close {
                TagKind::End
            } else if matches!(name.as_str(), "hr" | "col" | "area")
                || content[start..tag_end].ends_with("/>")
            {
                TagKind::Void
            } else {
                TagKind::Start
            };
            out.push(Piece::Block {
                tag: &content[start..tag_end],
                name,
                kind,
            });
            (text_from, at) = (tag_end, tag_end);
        }
    }
    push_inline(&mut out, &content[text_from..]);
    out
}

fn push_inline<'a>(out: &mut Vec<Piece<'a>>, text: &'a str) {
    if !text.is_empty() {
        out.push(Piece::Inline(text));
    }
}

/// Where the first `</name…>` after `from` ends (`name` lower case; the
/// tag in any case).
fn end_tag(content: &str, from: usize, name: &str) -> Option<usize> {
    let at = content[from..].match_indices("</").find_map(|(i, _)| {
        let after = content.get(from + i + 2..from + i + 2 + name.len())?;
        after.eq_ignore_ascii_case(name).then_some(from + i)
    })?;
    Some(
        content[at..]
            .find('>')
            .map_or(content.len(), |e| at + e + 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_text_gets_paragraphs_and_breaks() {
        let stored = "First paragraph with <a href=\"https://x.example\">a link</a>.\r\n\r\n\
                      Second, line one\nline two\n\n\n<em>Third</em>\n";
        assert_eq!(
            autop(stored.to_owned()),
            "<p>First paragraph with <a href=\"https://x.example\">a link</a>.</p>\n\
             <p>Second, line one<br>\nline two</p>\n\
             <p><em>Third</em></p>\n"
        );
    }

    #[test]
    fn blocks_stand_apart_from_the_paragraphs_around_them() {
        let stored = "Intro line\n<h2 class=\"x\">Heading</h2>\nAfter the heading.\n\n\
                      <UL>\n<li>one</li>\n<li>two</li>\n</UL>\nClosing words.";
        assert_eq!(
            autop(stored.to_owned()),
            "<p>Intro line</p>\n<h2 class=\"x\">Heading</h2>\n<p>After the heading.</p>\n\
             <UL>\n\n<li>one</li>\n<li>two</li>\n\n</UL>\n<p>Closing words.</p>\n"
        );
    }

    #[test]
    fn paragraphs_inside_a_quote_and_rules_between() {
        assert_eq!(
            autop("<blockquote>One\n\nTwo</blockquote>a<hr/>b".to_owned()),
            "<blockquote><p>One</p>\n<p>Two</p></blockquote>\n<p>a</p>\n<hr/>\n<p>b</p>\n"
        );
    }

    #[test]
    fn preformatted_text_and_comments_are_copied_as_written() {
        let pre = "<pre class=code>fn main() {\n\n    let x = 1;\n}</PRE>";
        let out = autop(format!("Code:\n{pre}\nDone <!-- a\n\nb --> here."));
        assert!(out.contains(pre), "{out}");
        assert!(out.contains("<p>Done <!-- a\n\nb --> here.</p>"), "{out}");
        assert!(out.starts_with("<p>Code:</p>\n"), "{out}");
    }

    #[test]
    fn block_editor_content_is_left_alone() {
        let html = "<!-- wp:paragraph -->\n<p>Block editor</p>\n<!-- /wp:paragraph -->";
        assert_eq!(autop(html.to_owned()), html);
    }

    #[test]
    fn tags_that_start_like_blocks_are_inline() {
        assert_eq!(
            autop("<picture><param><progress><a href=x>y</a>".to_owned()),
            "<p><picture><param><progress><a href=x>y</a></p>\n"
        );
        assert_eq!(autop("a < p and <".to_owned()), "<p>a < p and <</p>\n");
    }

    proptest::proptest! {
        /// autop only adds paragraph and line-break tags and moves white
        /// space: every other character stays, in order; and it never
        /// panics, whatever the tags.
        #[test]
        fn nothing_but_paragraphs_is_added(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "word", " ", "\n", "\n\n", "<h2>", "</h2>", "<pre>", "</pre>", "<li>",
                "</li>", "<em>", "</em>", "<!--", "-->", "<hr>", "<", ">", "/", "é", "<Div ",
                "\r\n",
            ]), 0..30)
        ) {
            let input: String = parts.concat();
            let out = autop(input.clone());
            let strip = |s: &str| -> String {
                s.replace("<p>", "").replace("</p>", "").replace("<br>", "")
                    .chars().filter(|c| !c.is_whitespace()).collect()
            };
            proptest::prop_assert_eq!(strip(&out), strip(&input));
        }
    }

    #[test]
    fn newlines_inside_a_tag_are_not_breaks() {
        assert_eq!(
            autop("Look: <img class=a\n src=b.png> here\nand there".to_owned()),
            "<p>Look: <img class=a\n src=b.png> here<br>\nand there</p>\n"
        );
    }

    #[test]
    fn empty_content_stays_empty() {
        assert_eq!(autop(String::new()), "");
        assert_eq!(autop("  \n ".to_owned()), "  \n ");
    }
}

//! WordPress's paragraphs. WordPress stores classic-editor content without
//! `<p>` tags and adds them on display (its `wpautop` filter): a blank line
//! separates paragraphs, a single newline is a line break. Exports (WXR)
//! hold the stored form, so their bodies are given paragraphs here.
//!
//! Only bodies without any block-level tag are touched: those are plain
//! classic-editor text with inline markup. Anything with blocks (block
//! editor content, hand-written HTML) is left as written, where guessing
//! would do more harm than good.

/// Tags whose presence means the author laid out the blocks themselves.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
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
    "hr",
    "li",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Whether `html` has a block-level start tag (any case, any attributes).
pub fn has_block_tags(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|b| *b == b'<') {
        let start = at + found + 1;
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &html[start..start + name_len];
        let ends_name = bytes
            .get(start + name_len)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        if ends_name && BLOCKS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            return true;
        }
        at = start;
    }
    false
}

/// `content` with paragraphs made explicit, unless it has block tags.
pub fn autop(content: String) -> String {
    if content.trim().is_empty() || has_block_tags(&content) {
        return content;
    }
    let mut out = String::with_capacity(content.len() + content.len() / 16 + 16);
    let mut open = false;
    for line in content.lines() {
        let line = line.trim();
        if line.is_empty() {
            if open {
                out.push_str("</p>\n");
                open = false;
            }
            continue;
        }
        if open {
            out.push_str("<br>\n");
        } else {
            out.push_str("<p>");
            open = true;
        }
        out.push_str(line);
    }
    if open {
        out.push_str("</p>\n");
    }
    out
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
    fn content_with_blocks_is_left_alone() {
        for html in [
            "<!-- wp:paragraph -->\n<p>Block editor</p>\n<!-- /wp:paragraph -->",
            "Intro\n\n<UL>\n<li>one</li></UL>",
            "<h2 class=\"x\">Heading</h2>\n\ntext",
            "a<hr/>b",
        ] {
            assert_eq!(autop(html.to_owned()), html);
        }
    }

    #[test]
    fn inline_tags_that_start_like_blocks_are_not_blocks() {
        assert!(!has_block_tags("<picture><param><progress><a href=x>y</a>"));
        assert!(has_block_tags("x <p>"));
        assert!(has_block_tags("<P"));
        assert!(!has_block_tags("a < p and <"));
    }

    #[test]
    fn empty_content_stays_empty() {
        assert_eq!(autop(String::new()), "");
        assert_eq!(autop("  \n ".to_owned()), "  \n ");
    }
}

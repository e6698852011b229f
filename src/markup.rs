//! Fast, forgiving reading of HTML without building a tree: visible text,
//! anchors, word counts, and the cleanup of short inline strings (titles,
//! author names) that arrive with markup and entities in them.
//!
//! This runs over every body at load time and before indexing, so it uses a
//! streaming tokenizer (html5gum's callback emitter: spec-compliant
//! tokenizing, entity decoding, no allocation per token) instead of a DOM.
//! Rendering for display is `render`'s job, not this module's.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use crate::model::Link;

/// What a scan of an HTML fragment or document found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Visible text; block elements separated by newlines, runs of white
    /// space inside a block collapsed.
    pub text: String,
    /// Anchors with an `href`, in document order, URL as written (not resolved).
    pub links: Vec<Link>,
}

/// Reads the visible text and the anchors of `html`.
pub fn scan(html: &str) -> Scan {
    let mut scanner = Scanner::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        scanner.handle(event);
        None::<()>
    });
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    scanner.close_link();
    let text = scanner.text.trim_end().to_owned();
    Scan {
        text,
        links: scanner.links,
    }
}

/// Text of an inline fragment (a title, a name): tags dropped, entities
/// decoded, white space collapsed to single spaces.
pub fn inline_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return collapse_whitespace(fragment);
    }
    collapse_whitespace(&scan(fragment).text)
}

/// Collapses every run of white space to one space and trims the ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Words in a text, as white-space separated runs containing a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The first `n` words of `text`, with an ellipsis when cut.
pub fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// Elements whose content is never shown.
const HIDDEN: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"head",
    b"title",
    b"iframe",
    b"object",
    b"svg",
    b"math",
    b"select",
];

/// Elements that start a new line of text.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"div",
    b"br",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"tr",
    b"td",
    b"th",
    b"table",
    b"blockquote",
    b"pre",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"nav",
    b"aside",
    b"hr",
    b"figure",
    b"figcaption",
    b"main",
    b"address",
    b"details",
    b"summary",
];

#[derive(Default)]
struct Scanner {
    text: String,
    links: Vec<Link>,
    /// Depth inside hidden elements (their end tags are not always there).
    hidden: Option<Vec<u8>>,
    tag: Vec<u8>,
    attr: Vec<u8>,
    href: Option<String>,
    /// While inside an anchor: where its text starts in `text`.
    link: Option<(String, usize)>,
    /// Text seen since the last space was written, to collapse runs.
    pending_space: bool,
}

impl Scanner {
    fn close_link(&mut self) {
        if let Some((url, start)) = self.link.take() {
            let text = collapse_whitespace(&self.text[start..]);
            self.links.push(Link { url, text });
        }
    }

    fn newline(&mut self) {
        self.pending_space = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn push_text(&mut self, value: &str) {
        for (i, piece) in value.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            if self.pending_space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(piece);
        }
    }
}

impl Scanner {
    fn handle(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend_from_slice(name);
                self.tag.make_ascii_lowercase();
                self.href = None;
            }
            CallbackEvent::AttributeName { name } => {
                self.attr.clear();
                self.attr.extend_from_slice(name);
                self.attr.make_ascii_lowercase();
            }
            CallbackEvent::AttributeValue { value } if self.tag == b"a" && self.attr == b"href" => {
                self.href = Some(String::from_utf8_lossy(value).trim().to_owned());
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                if self.hidden.is_some() {
                    return;
                }
                let tag = self.tag.as_slice();
                if HIDDEN.contains(&tag) && !self_closing {
                    self.hidden = Some(self.tag.clone());
                } else if tag == b"a" {
                    self.close_link();
                    if let Some(href) = self.href.take().filter(|h| !h.is_empty()) {
                        if self.pending_space && !self.text.ends_with(['\n', ' ']) {
                            self.text.push(' ');
                            self.pending_space = false;
                        }
                        self.link = Some((href, self.text.len()));
                    }
                } else if BLOCKS.contains(&tag) {
                    self.newline();
                } else if tag == b"img" {
                    self.pending_space = true;
                }
            }
            CallbackEvent::EndTag { name } => {
                let name = name.to_ascii_lowercase();
                if let Some(hidden) = &self.hidden {
                    if *hidden == name {
                        self.hidden = None;
                    }
                    return;
                }
                if name == b"a" {
                    self.close_link();
                } else if BLOCKS.contains(&name.as_slice()) {
                    self.newline();
                }
            }
            CallbackEvent::String { value } if self.hidden.is_none() => {
                self.push_text(&String::from_utf8_lossy(value));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_links_of_a_fragment() {
        let s = scan(
            "<p>Bugs like<a href=\"https://a.example/hb\"> Heartbleed</a> and \
             <a href='/ss'>Shell&shy;shock</a>.</p><p>Second &amp; last.</p>",
        );
        assert_eq!(
            s.text,
            "Bugs like Heartbleed and Shell\u{ad}shock.\nSecond & last."
        );
        assert_eq!(
            s.links,
            vec![
                Link {
                    url: "https://a.example/hb".into(),
                    text: "Heartbleed".into()
                },
                Link {
                    url: "/ss".into(),
                    text: "Shell\u{ad}shock".into()
                },
            ]
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_not_text() {
        let s = scan(
            "<style>p{color:red}</style><script>if (a < b) { x = '<a href=x>'; }</script>\
             <!-- hidden --><p>Shown</p>",
        );
        assert_eq!(s.text, "Shown");
        assert!(s.links.is_empty());
    }

    #[test]
    fn anchors_without_href_are_not_links() {
        let s = scan("<a name=top>Top</a> <a href=''>empty</a>");
        assert!(s.links.is_empty());
        assert_eq!(s.text, "Top empty");
    }

    #[test]
    fn unclosed_anchor_is_closed_at_the_end() {
        let s = scan("<a href=x>dangling");
        assert_eq!(s.links.len(), 1);
        assert_eq!(s.links[0].text, "dangling");
    }

    #[test]
    fn inline_text_cleans_titles() {
        assert_eq!(
            inline_text("  Open Policy &amp; <em>Advocacy</em>\n  blog "),
            "Open Policy & Advocacy blog"
        );
        assert_eq!(inline_text("A &lt; B"), "A < B");
        assert_eq!(inline_text("plain\ttitle"), "plain title");
    }

    #[test]
    fn words_are_counted_and_cut() {
        assert_eq!(count_words("one two, three — four"), 4);
        assert_eq!(first_words("a b c d", 2), "a b…");
        assert_eq!(first_words("a b", 2), "a b");
    }

    #[test]
    fn deep_nesting_is_flat_work() {
        let html = "<div>".repeat(50_000) + "deep" + &"</div>".repeat(50_000);
        assert_eq!(scan(&html).text, "deep");
    }
}

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

use crate::model::{Body, Link, WordCount};
use crate::urls;

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

/// Inline text for metadata (titles, names, tags, anchor text): markup
/// and entities resolved, white space collapsed, and nothing a terminal
/// would act on (see [`crate::safe`]).
pub fn clean_inline(s: &str) -> String {
    let text = inline_text(s);
    match crate::safe::clean(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => collapse_whitespace(&clean),
    }
}

/// The links of a body: anchors of HTML, bare URLs of text, resolved
/// against `base` (the entry's URL) and with their text cleaned.
pub fn body_links(body: &Body, base: Option<&str>) -> Vec<Link> {
    let links = match body {
        Body::Html(html) => scan(html).links,
        Body::Text(text) => bare_links(text),
        Body::Unloaded { .. } => Vec::new(),
    };
    resolve_links(links, base)
}

/// [`body_links`] and [`body_words`] from one scan of the body.
pub fn body_links_and_words(body: &Body, base: Option<&str>) -> (Vec<Link>, WordCount) {
    let (links, words) = match body {
        Body::Html(html) => {
            let scan = scan(html);
            (scan.links, count_text(&scan.text))
        }
        Body::Text(text) => (bare_links(text), count_text(text)),
        Body::Unloaded { .. } => (Vec::new(), WordCount::default()),
    };
    (resolve_links(links, base), words)
}

fn resolve_links(mut links: Vec<Link>, base: Option<&str>) -> Vec<Link> {
    let base = base.and_then(urls::base);
    for link in &mut links {
        link.url = urls::resolve(base.as_ref(), &link.url);
        link.text = clean_inline(&link.text);
    }
    links.retain(|l| !l.url.is_empty());
    links
}

/// Words in a body's visible text.
pub fn body_words(body: &Body) -> WordCount {
    match body {
        Body::Html(html) => count_text(&scan(html).text),
        Body::Text(text) => count_text(text),
        Body::Unloaded { .. } => WordCount::default(),
    }
}

/// Bare `http(s)://` URLs in plain text, as links whose text is the URL.
pub fn bare_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    for word in text.split_whitespace() {
        let Some(at) = word.find("http://").or_else(|| word.find("https://")) else {
            continue;
        };
        let url = trim_url(&word[at..]);
        if url.len() > "https://".len() {
            links.push(Link {
                url: url.to_owned(),
                text: url.to_owned(),
            });
        }
    }
    links
}

/// Drops trailing punctuation that belongs to the sentence, keeping a
/// closing parenthesis the URL opened (`…/Foo_(bar)`).
pub fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let Some(last) = url.chars().last() else {
            return url;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '>' | ']' | '}' | '»' | '”' | '’' => {
                true
            }
            ')' => url.matches('(').count() < url.matches(')').count(),
            _ => false,
        };
        if !strip {
            return url;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
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
    count_text(text).words as usize
}

/// The words of `text`, and how many of them are CJK letters.
///
/// A word is a run of letters or digits, up to white space or a CJK
/// letter, so that punctuation inside a word ("Ben-Avie", "e.g.") does not
/// split it; each CJK letter counts as a word of its own, as word counters
/// count CJK text (there are no spaces to go by).
pub fn count_text(text: &str) -> WordCount {
    let mut n = WordCount::default();
    // Whether the word being read (since white space or a CJK letter) has
    // been counted.
    let mut counted = false;
    for c in text.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if crate::cjk::is_cjk(c) {
            n.words += 1;
            n.cjk += 1;
            counted = false;
        } else if !counted && c.is_alphanumeric() {
            n.words += 1;
            counted = true;
        }
    }
    n
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
        assert_eq!(count_words("Ben-Avie, e.g. 3.5"), 3);
        let ja = count_text("東京の会議は3日間。Rust 2026");
        assert_eq!((ja.words, ja.cjk), (11, 8), "each CJK letter is a word");
        let ko = count_text("서울에서 만나요");
        assert_eq!((ko.words, ko.cjk), (7, 7));
        assert_eq!(first_words("a b c d", 2), "a b…");
        assert_eq!(first_words("a b", 2), "a b");
    }

    #[test]
    fn bare_urls_in_text_become_links() {
        let links = bare_links(
            "Report: https://example.org/report.pdf. Also (see https://en.wikipedia.org/wiki/Foo_(bar)).",
        );
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.org/report.pdf",
                "https://en.wikipedia.org/wiki/Foo_(bar)"
            ]
        );
    }

    #[test]
    fn deep_nesting_is_flat_work() {
        let html = "<div>".repeat(50_000) + "deep" + &"</div>".repeat(50_000);
        assert_eq!(scan(&html).text, "deep");
    }
}

//! Which format a document is in, decided by its content. The file name is
//! only a tie-breaker (a `.md` name makes Markdown of text that could be
//! either), never the decider: feeds arrive as `index.html`, JSON as `.txt`.

use std::fmt;
use std::path::Path;

/// The formats folio reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// WordPress REST API JSON: one post or page, or an array of them.
    WordPress,
    /// JSON Feed (jsonfeed.org).
    JsonFeed,
    /// RSS 0.9x/1.0/2.0 or Atom.
    Feed,
    /// A WordPress export file (WXR: RSS with the `wp:` namespace).
    Wxr,
    /// A saved HTML page.
    Html,
    /// Markdown, with or without front matter.
    Markdown,
    /// Plain text: a page scrape or any other text.
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::WordPress => "WordPress REST JSON",
            Format::JsonFeed => "JSON Feed",
            Format::Feed => "RSS/Atom feed",
            Format::Wxr => "WordPress export (WXR)",
            Format::Html => "HTML page",
            Format::Markdown => "Markdown",
            Format::Text => "plain text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// What the content looks like, before any full parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// Starts like a JSON object or array.
    Json,
    /// An XML feed; `wxr` when it carries the WordPress export namespace.
    Feed {
        wxr: bool,
    },
    Html,
    Markdown,
    Text,
}

/// Sniffs the format from the first bytes of `text` (and, for Markdown
/// versus plain text only, the file name).
pub fn sniff(text: &str, path: &Path) -> Sniffed {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if looks_like_json(body) {
        return Sniffed::Json;
    }
    if body.starts_with('<') {
        let head = prefix(body, 4096).to_ascii_lowercase();
        if let Some(tag) = first_element(&head) {
            match tag {
                "rss" | "feed" | "rdf:rdf" | "channel" => {
                    return Sniffed::Feed {
                        wxr: head.contains("wordpress.org/export/"),
                    };
                }
                "html" | "head" | "body" | "meta" | "title" | "link" | "article" | "div" | "p"
                | "main" | "section" | "header" | "h1" | "h2" | "script" | "style" | "base"
                | "table" | "ul" | "nav" => return Sniffed::Html,
                _ => {}
            }
        }
        if head.contains("<html") || head.contains("<body") || head.contains("<!doctype html") {
            return Sniffed::Html;
        }
    }
    if has_front_matter(body) || markdown_name(path) || looks_like_markdown(body) {
        return Sniffed::Markdown;
    }
    Sniffed::Text
}

fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `{"…`, `{}`, `[{`, `[]`, `["`, `[1`: JSON, while `[Draft] notes` is text.
fn looks_like_json(body: &str) -> bool {
    let mut chars = body.chars();
    let next = |c: &mut std::str::Chars| c.by_ref().find(|c| !c.is_whitespace());
    match chars.next() {
        Some('{') => matches!(next(&mut chars), Some('"' | '}') | None),
        Some('[') => matches!(
            next(&mut chars),
            Some('{' | '[' | ']' | '"' | '-' | '0'..='9') | None
        ),
        _ => false,
    }
}

/// The name of the first element, skipping the XML declaration, comments,
/// processing instructions and the doctype.
fn first_element(head: &str) -> Option<&str> {
    let mut rest = head;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            return Some(&r[..end]);
        } else {
            return None;
        }
    }
}

fn has_front_matter(body: &str) -> bool {
    for fence in ["---", "+++"] {
        if let Some(rest) = body.strip_prefix(fence) {
            if rest.starts_with(['\n', '\r']) {
                let closing_yaml = fence == "---" && rest.contains("\n...");
                return rest.contains(&format!("\n{fence}")) || closing_yaml;
            }
        }
    }
    false
}

fn markdown_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdown" | "mkd" | "mkdn"
        )
    })
}

/// Markdown without front matter or name: an ATX heading plus a Markdown
/// link or a fenced code block. Plain-text scrapes rarely have both.
fn looks_like_markdown(body: &str) -> bool {
    let head = prefix(body, 16 * 1024);
    let heading = head.lines().any(|l| {
        let hashes = l.bytes().take_while(|b| *b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let link = head.contains("](http") || head.contains("](/") || head.contains("](./");
    let fence = head.lines().any(|l| l.starts_with("```"));
    heading && (link || fence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sniffed {
        sniff(text, Path::new("x.txt"))
    }

    #[test]
    fn json_by_content() {
        assert_eq!(s("{\"id\":274}"), Sniffed::Json);
        assert_eq!(s("\u{feff}  [\n {\"id\":1}]"), Sniffed::Json);
        assert_eq!(s("[]"), Sniffed::Json);
        assert_eq!(s("[Draft] my notes"), Sniffed::Text);
        assert_eq!(s("{ this is not json"), Sniffed::Text);
    }

    #[test]
    fn feeds_even_when_named_html() {
        let rss = "<?xml version=\"1.0\"?>\n<!-- generator -->\n<rss version=\"2.0\"><channel>";
        assert_eq!(
            sniff(rss, Path::new("index.html")),
            Sniffed::Feed { wxr: false }
        );
        assert_eq!(
            s("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Sniffed::Feed { wxr: false }
        );
        let wxr = "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">";
        assert_eq!(s(wxr), Sniffed::Feed { wxr: true });
    }

    #[test]
    fn html_pages() {
        assert_eq!(s("<!DOCTYPE html><html><head>"), Sniffed::Html);
        assert_eq!(s("<!doctype html>\n<title>x</title>"), Sniffed::Html);
        assert_eq!(
            s("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>"),
            Sniffed::Html
        );
        assert_eq!(s("<div class=post><p>Hi</p></div>"), Sniffed::Html);
    }

    #[test]
    fn markdown_by_front_matter_name_or_shape() {
        assert_eq!(s("---\ntitle: Hi\n---\nBody"), Sniffed::Markdown);
        assert_eq!(s("+++\ntitle = \"Hi\"\n+++\nBody"), Sniffed::Markdown);
        assert_eq!(
            sniff("Just words.", Path::new("notes.md")),
            Sniffed::Markdown
        );
        assert_eq!(
            s("# Title\n\nSee [this](https://x.org)."),
            Sniffed::Markdown
        );
        assert_eq!(s("-----\nA decorated title\n-----\n\nText."), Sniffed::Text);
        assert_eq!(
            s("Affiliated Workshops\n\nWorkshop I\n\nOctober 19-21, 2011\n"),
            Sniffed::Text
        );
    }
}

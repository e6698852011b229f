//! What a page's markup says about the page, read in one streaming pass
//! without building a tree: `<title>`, `<meta>` tags, `<link rel=canonical>`,
//! `<base href>`, JSON-LD scripts, the first `<h1>`, `<time>` elements, and
//! how deep the markup nests ([`depth`](super::depth)).
//!
//! Streaming keeps this linear and stack-safe on any input, so it also
//! serves pages too deep or too large for a tree; deciding what the values
//! mean is `html.rs`'s job.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::depth::Tracker;

/// The raw metadata of a page: attribute values and texts with entities
/// decoded, in document order, nothing interpreted yet.
#[derive(Debug, Default)]
pub struct Meta {
    /// The first `<title>` outside `svg`.
    pub title: Option<String>,
    /// `(key, content)` of every `<meta>` with a `name`, `property` or
    /// `itemprop` (key lower-cased), of `<time itemprop=… datetime=…>`, and
    /// `(itemprop, text)` of any other element with a date `itemprop`
    /// (`<span itemprop="datePublished">June 3, 2026</span>`).
    pub metas: Vec<(String, String)>,
    /// The first `<link rel=canonical>`'s `href`.
    pub canonical: Option<String>,
    /// Every `<link>` with a `rel` and an `href`.
    pub links: Vec<LinkTag>,
    /// The URL of a `<!-- saved from url=(NNNN)URL -->` comment, which
    /// browsers and `folio add` put at the top of a page they save.
    pub saved_from: Option<String>,
    /// The first `<base href>`.
    pub base: Option<String>,
    /// The text of each `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// The text of the first `<h1>` inside `<article>` or `<main>`, else of
    /// the first one outside page chrome (`header`, `nav`, `footer`), else
    /// of the first one.
    pub h1: Option<String>,
    /// The `datetime` (else the text) of the first `<time>` inside an
    /// `<article>`.
    pub article_time: Option<String>,
    /// The same of the first `<time>` inside `<main>`, and of the first
    /// outside page chrome (`header`, `nav`, `footer`, `aside`).
    pub main_time: Option<String>,
    pub page_time: Option<String>,
    /// The `datetime` of the first `<time pubdate>`.
    pub pubdate: Option<String>,
    pub depth: Tracker,
}

impl Meta {
    /// The content of the first `<meta>` with one of these keys (lower
    /// case), trying the keys in order.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }

    /// The contents of every `<meta>` with this key, in order.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.trim())
    }
}

/// A `<link>` element: what `rel` says, where `href` points, its `type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTag {
    /// The `rel` values, lower case.
    pub rel: Vec<String>,
    pub href: String,
    pub mime: Option<String>,
}

/// Reads the metadata of an HTML document.
pub fn read(html: &str) -> Meta {
    let mut reader = Reader::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        reader.handle(event);
        None::<()>
    });
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    let mut meta = reader.meta;
    meta.h1 = reader
        .h1_content
        .or(reader.h1_outside_chrome)
        .or(reader.h1_first);
    meta
}

/// The URL in a "mark of the web" comment: ` saved from url=(0023)URL `,
/// where the number is the URL's length.
fn saved_from(comment: &str) -> Option<String> {
    let rest = comment.trim_start().strip_prefix("saved from url=(")?;
    let (len, rest) = rest.split_once(')')?;
    let len: usize = len.parse().ok()?;
    let url = rest.get(..len).unwrap_or(rest).trim();
    url.starts_with("http").then(|| url.to_owned())
}

/// Where the reader is collecting text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Collect {
    Title,
    JsonLd,
    H1,
    /// A `<time>` without `datetime`: its text is the date.
    Time,
    /// The text of an element with a date `itemprop` (lower-cased), up
    /// to the end tag of that element's name.
    ItemDate {
        prop: String,
        tag: Vec<u8>,
    },
}

/// Longer texts of date elements are not dates.
const MAX_DATE_TEXT: usize = 200;

/// `itemprop` values whose element's text is a date.
const DATE_PROPS: &[&str] = &["datepublished", "datecreated", "datemodified", "uploaddate"];

#[derive(Default)]
struct Reader {
    meta: Meta,
    tag: Vec<u8>,
    attr: Vec<u8>,
    /// Attributes of the current start tag, for the tags read here only.
    attrs: Vec<(Vec<u8>, String)>,
    wanted: bool,
    collect: Option<Collect>,
    text: String,
    /// How many of each element are open (by the end tags seen).
    articles: usize,
    mains: usize,
    chrome: usize,
    foreign: usize,
    h1_content: Option<String>,
    h1_outside_chrome: Option<String>,
    h1_first: Option<String>,
    /// Whether the `h1` being read is inside article/main, inside chrome.
    h1_where: (bool, bool),
    /// Whether the attribute being read is kept in `attrs`.
    recording: bool,
    /// The `itemprop` and `pubdate` of the `<time>` whose text is read.
    time_prop: Option<String>,
    time_pubdate: bool,
}

/// Tags whose attributes are read.
const WANTED: &[&[u8]] = &[b"meta", b"link", b"base", b"script", b"time"];

impl Reader {
    fn attr(&self, name: &[u8]) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn handle(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend(name.iter().map(u8::to_ascii_lowercase));
                self.wanted = WANTED.contains(&self.tag.as_slice());
                self.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                // Of other tags, only `itemprop` is kept, and the
                // attributes that may hold its date (read only for one).
                self.recording = self.wanted
                    || [&b"itemprop"[..], b"content", b"datetime", b"title"]
                        .iter()
                        .any(|a| name.eq_ignore_ascii_case(a));
                if self.recording {
                    self.attr.clear();
                    self.attr.extend(name.iter().map(u8::to_ascii_lowercase));
                    self.attrs.push((self.attr.clone(), String::new()));
                }
            }
            CallbackEvent::AttributeValue { value } if self.recording => {
                if let Some((_, v)) = self.attrs.last_mut() {
                    *v = String::from_utf8_lossy(value).into_owned();
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                self.meta.depth.open(&self.tag, self_closing);
                self.start_tag();
            }
            CallbackEvent::EndTag { name } => {
                let name = name.to_ascii_lowercase();
                self.meta.depth.close(&name);
                self.end_tag(&name);
            }
            CallbackEvent::Comment { value } if self.meta.saved_from.is_none() => {
                self.meta.saved_from = saved_from(&String::from_utf8_lossy(value));
            }
            CallbackEvent::String { value } if self.collect.is_some() => {
                self.text.push_str(&String::from_utf8_lossy(value));
                // A date is short: an element that runs on is not one.
                let date = matches!(self.collect, Some(Collect::Time | Collect::ItemDate { .. }));
                if date && self.text.len() > MAX_DATE_TEXT {
                    self.collect = None;
                    self.text.clear();
                }
            }
            _ => {}
        }
    }

    fn start_tag(&mut self) {
        if !self.wanted {
            let prop = self
                .attr(b"itemprop")
                .map(|p| p.trim().to_ascii_lowercase());
            if let Some(prop) = prop.filter(|p| DATE_PROPS.contains(&p.as_str())) {
                // The machine-readable date in an attribute (Blogger's
                // `<abbr itemprop="datePublished" title="2008-05-07T…">`),
                // else the element's text.
                let written = ["content", "datetime", "title"]
                    .iter()
                    .filter_map(|k| self.attr(k.as_bytes()))
                    .find(|v| crate::load::parse_date(v).is_some())
                    .map(str::to_owned);
                match written {
                    Some(date) => self.meta.metas.push((prop, date)),
                    None => {
                        let tag = self.tag.clone();
                        self.begin(true, Collect::ItemDate { prop, tag });
                    }
                }
            }
        }
        match self.tag.as_slice() {
            b"meta" => {
                let key = ["property", "name", "itemprop"]
                    .iter()
                    .find_map(|k| self.attr(k.as_bytes()));
                if let (Some(key), Some(content)) = (key, self.attr(b"content")) {
                    // `property` may list several (`og:title twitter:title`).
                    let content = content.to_owned();
                    let keys: Vec<String> = key
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect();
                    for key in keys {
                        self.meta.metas.push((key, content.clone()));
                    }
                }
            }
            b"link" => {
                let (Some(rel), Some(href)) = (self.attr(b"rel"), self.attr(b"href")) else {
                    return;
                };
                let link = LinkTag {
                    rel: rel
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect(),
                    href: href.to_owned(),
                    mime: self.attr(b"type").map(|t| t.trim().to_ascii_lowercase()),
                };
                if self.meta.canonical.is_none() && link.rel.iter().any(|r| r == "canonical") {
                    self.meta.canonical = Some(link.href.clone());
                }
                self.meta.links.push(link);
            }
            b"base" if self.meta.base.is_none() => {
                self.meta.base = self.attr(b"href").map(str::to_owned);
            }
            b"time" => self.time(),
            b"script" => {
                let ld = self
                    .attr(b"type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                self.begin(ld, Collect::JsonLd);
            }
            b"title" => {
                let first = self.meta.title.is_none() && self.foreign == 0;
                self.begin(first, Collect::Title);
            }
            b"h1" => {
                let wanted = self.h1_first.is_none()
                    || (self.h1_content.is_none() && self.articles + self.mains > 0)
                    || (self.h1_outside_chrome.is_none() && self.chrome == 0);
                self.h1_where = (self.articles + self.mains > 0, self.chrome > 0);
                self.begin(wanted, Collect::H1);
            }
            b"article" => self.articles += 1,
            b"main" => self.mains += 1,
            b"header" | b"nav" | b"footer" | b"aside" => self.chrome += 1,
            b"svg" | b"math" => self.foreign += 1,
            _ => {}
        }
    }

    fn begin(&mut self, wanted: bool, what: Collect) {
        if wanted && self.collect.is_none() {
            self.collect = Some(what);
            self.text.clear();
        }
    }

    fn time(&mut self) {
        let datetime = self.attr(b"datetime").filter(|d| !d.trim().is_empty());
        let Some(datetime) = datetime.map(str::to_owned) else {
            self.time_prop = self
                .attr(b"itemprop")
                .map(|p| p.trim().to_ascii_lowercase());
            self.time_pubdate = self.attr(b"pubdate").is_some();
            self.begin(true, Collect::Time);
            return;
        };
        let prop = self
            .attr(b"itemprop")
            .map(|p| p.trim().to_ascii_lowercase());
        let pubdate = self.attr(b"pubdate").is_some();
        self.found_time(datetime, prop, pubdate);
    }

    /// A `<time>`'s date (its `datetime`, else its text), where it was.
    fn found_time(&mut self, datetime: String, prop: Option<String>, pubdate: bool) {
        if let Some(prop) = prop {
            self.meta.metas.push((prop, datetime.clone()));
        }
        if pubdate && self.meta.pubdate.is_none() {
            self.meta.pubdate = Some(datetime.clone());
        }
        let m = &mut self.meta;
        let slot = if self.articles > 0 {
            &mut m.article_time
        } else if self.mains > 0 {
            &mut m.main_time
        } else if self.chrome == 0 {
            &mut m.page_time
        } else {
            return;
        };
        slot.get_or_insert(datetime);
    }

    fn end_tag(&mut self, name: &[u8]) {
        let ends = match (&self.collect, name) {
            (Some(Collect::Title), b"title")
            | (Some(Collect::JsonLd), b"script")
            | (Some(Collect::H1), b"h1")
            | (Some(Collect::Time), b"time") => true,
            (Some(Collect::ItemDate { tag, .. }), name) => tag == name,
            _ => false,
        };
        if let Some(what) = self.collect.take_if(|_| ends) {
            let text = std::mem::take(&mut self.text);
            match what {
                Collect::Title => self.meta.title = Some(text),
                Collect::JsonLd => self.meta.json_ld.push(text),
                Collect::H1 => self.found_h1(text),
                Collect::Time => {
                    let (prop, pubdate) = (self.time_prop.take(), self.time_pubdate);
                    self.found_time(text.trim().to_owned(), prop, pubdate);
                }
                Collect::ItemDate { prop, .. } => {
                    self.meta.metas.push((prop, text.trim().to_owned()));
                }
            }
        }
        let count = match name {
            b"article" => &mut self.articles,
            b"main" => &mut self.mains,
            b"header" | b"nav" | b"footer" | b"aside" => &mut self.chrome,
            b"svg" | b"math" => &mut self.foreign,
            _ => return,
        };
        *count = count.saturating_sub(1);
    }

    fn found_h1(&mut self, text: String) {
        if text.trim().is_empty() {
            return;
        }
        let (in_content, in_chrome) = self.h1_where;
        if in_content && self.h1_content.is_none() {
            self.h1_content = Some(text.clone());
        }
        if !in_chrome && self.h1_outside_chrome.is_none() {
            self.h1_outside_chrome = Some(text.clone());
        }
        self.h1_first.get_or_insert(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_metadata() {
        let m = read(
            "<!doctype html><html><head><title>A &amp; B | Site</title>\
             <META Property='og:title' content='The &lt;em&gt;A&lt;/em&gt; post'>\
             <meta name=author content=' Jane Roe '><meta name=empty content=''>\
             <link rel='alternate canonical' href='https://x.example/a/'>\
             <link rel=canonical href='https://x.example/second/'>\
             <base href='/blog/'>\
             <script type='application/ld+json'>{\"@type\":\"Article\"}</script>\
             <script>var title = '<title>not this</title>';</script>\
             </head><body><svg><title>icon</title></svg></body></html>",
        );
        assert_eq!(m.title.as_deref(), Some("A & B | Site"));
        assert_eq!(m.get(&["og:title"]), Some("The <em>A</em> post"));
        assert_eq!(m.get(&["nothing", "author"]), Some("Jane Roe"));
        assert_eq!(m.get(&["empty"]), None);
        assert_eq!(m.canonical.as_deref(), Some("https://x.example/a/"));
        assert_eq!(m.base.as_deref(), Some("/blog/"));
        assert_eq!(m.json_ld, ["{\"@type\":\"Article\"}"]);
    }

    #[test]
    fn first_h1_prefers_the_content() {
        let m = read(
            "<header><h1>Site name</h1></header><p><h1>  </h1>\
             <main><article><h1>The <em>post</em></h1></article></main><h1>Later</h1>",
        );
        assert_eq!(m.h1.as_deref(), Some("The post"));
        let m = read("<header><h1>Site name</h1></header><div><h1>Body</h1></div>");
        assert_eq!(m.h1.as_deref(), Some("Body"));
        let m = read("<header><h1>Only this</h1></header>");
        assert_eq!(m.h1.as_deref(), Some("Only this"));
    }

    #[test]
    fn times() {
        let m = read(
            "<p><time datetime='2020-01-01'>outside</time></p>\
             <article><p>By X, <time datetime='2026-06-01'>1 June</time></p>\
             <time itemprop=dateModified datetime='2026-06-03'>3 June</time></article>\
             <time pubdate datetime='2026-05-30'></time>",
        );
        assert_eq!(m.article_time.as_deref(), Some("2026-06-01"));
        assert_eq!(m.get(&["datemodified"]), Some("2026-06-03"));
        assert_eq!(m.pubdate.as_deref(), Some("2026-05-30"));
    }

    #[test]
    fn depth_is_tracked_in_the_same_pass() {
        let deep = "<div>".repeat(10_000);
        let m = read(&format!("<title>T</title>{deep}<h1>Deep</h1>"));
        assert!(m.depth.too_complex());
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.h1.as_deref(), Some("Deep"));
        assert!(!read("<p>a<p>b<ul><li>c<li>d</ul>").depth.too_complex());
    }
}

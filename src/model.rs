//! The entry model: plain data shared by every other module.
//!
//! An [`Entry`] is one readable thing (a post, a page, a workshop, a feed
//! item, a document) whatever format it came from. Nothing here touches the
//! terminal or the file system; loaders build entries, the renderer, search
//! and the reader only read them.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize, Serializer};

/// What an entry is, as far as its source tells. Written as its name
/// ([`Kind::as_str`]) in JSON and caches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Post,
    Page,
    Workshop,
    FeedItem,
    #[default]
    Document,
    /// A post type of a WordPress site's own (`session`, `event`).
    Type(TypeName),
}

/// The name of a site's own post type: WordPress's rule for one (1 to 20
/// of `a-z`, `0-9`, `_`, `-`), interned so that [`Kind`] stays a small
/// `Copy` value. Names are few (a site has a handful of types); past
/// [`TypeName::MAX`] distinct names, no new one is made, so hostile input
/// cannot grow the table without bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeName(&'static str);

impl TypeName {
    /// Distinct names kept at most.
    pub const MAX: usize = 4096;

    /// Whether `name` follows WordPress's rule for a post type's name.
    pub fn is_valid(name: &str) -> bool {
        (1..=20).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    }

    /// The interned name; `None` for a name that is not valid, or once
    /// [`TypeName::MAX`] are kept. Only documents make names (a query
    /// compares names as text, see `search::query`).
    pub fn new(name: &str) -> Option<TypeName> {
        static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
        if !TypeName::is_valid(name) {
            return None;
        }
        let mut names = crate::guard::lock(&NAMES);
        if let Some(known) = names.iter().find(|n| **n == name) {
            return Some(TypeName(known));
        }
        if names.len() >= TypeName::MAX {
            return None;
        }
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        names.push(leaked);
        Some(TypeName(leaked))
    }
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Post,
        Kind::Page,
        Kind::Workshop,
        Kind::FeedItem,
        Kind::Document,
    ];

    /// The name used on the command line, in JSON and in search (`kind:post`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
            Kind::Workshop => "workshop",
            Kind::FeedItem => "feed-item",
            Kind::Document => "document",
            Kind::Type(name) => name.0,
        }
    }

    /// Parses the name given by [`Kind::as_str`] (also accepts `feeditem`
    /// and `item`); any other post type's name is that type.
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase();
        Kind::builtin(&name).or_else(|| TypeName::new(&name).map(Kind::Type))
    }

    /// One of folio's own kinds, by a lowercase name or its other spellings.
    pub fn builtin(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .or(match name {
                "feeditem" | "feed_item" | "item" => Some(Kind::FeedItem),
                "doc" => Some(Kind::Document),
                _ => None,
            })
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Kind::parse(&name).unwrap_or_default())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where an entry's body comes from, best first: of two copies of one
/// URL, the better source is kept (`Corpus::add`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum BodySource {
    /// Only a summary of the post (a feed item or REST object without its
    /// content).
    Summary,
    /// Extracted from a page (a saved HTML page, a text scrape), with
    /// whatever of its menus and boxes the extraction kept.
    Extracted,
    /// The content as its source published it (REST, a feed, an export,
    /// Markdown).
    #[default]
    Published,
}

impl BodySource {
    /// A number for stores that keep integers (the search index).
    pub fn rank(self) -> u64 {
        self as u64
    }

    pub fn from_rank(rank: u64) -> BodySource {
        match rank {
            0 => BodySource::Summary,
            1 => BodySource::Extracted,
            _ => BodySource::Published,
        }
    }
}

/// A date as precise as the document gave it: a calendar day ("October
/// 19-21, 2011") or an instant with its offset (`2015-04-03T16:39:01Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Date {
    Day(NaiveDate),
    Instant(DateTime<FixedOffset>),
}

impl Date {
    /// The calendar day, in the offset the document gave.
    pub fn day(&self) -> NaiveDate {
        match self {
            Date::Day(d) => *d,
            Date::Instant(t) => t.date_naive(),
        }
    }

    /// An instant for ordering: a bare day counts as its midnight UTC.
    pub fn timestamp(&self) -> DateTime<Utc> {
        match self {
            Date::Day(d) => d.and_time(NaiveTime::MIN).and_utc(),
            Date::Instant(t) => t.with_timezone(&Utc),
        }
    }

    /// An instant in UTC.
    pub fn utc(t: DateTime<Utc>) -> Date {
        Date::Instant(t.fixed_offset())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.timestamp().cmp(&other.timestamp())
    }
}

/// ISO 8601: `YYYY-MM-DD` for a day, RFC 3339 for an instant.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Date::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Date::Instant(t) => write!(f, "{}", t.to_rfc3339()),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An entry's content, as the source gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// An HTML fragment or document (rendered by `render`).
    Html(String),
    /// Plain text: paragraphs separated by blank lines.
    Text(String),
    /// A body left in its file: a listing ([`crate::catalogue`]) keeps
    /// only its kind and size, and reads it when it is shown.
    Unloaded { html: bool, len: usize },
}

impl Body {
    /// The body's text; empty when it is [`Body::Unloaded`].
    pub fn as_str(&self) -> &str {
        match self {
            Body::Html(s) | Body::Text(s) => s,
            Body::Unloaded { .. } => "",
        }
    }

    pub fn is_html(&self) -> bool {
        matches!(self, Body::Html(_) | Body::Unloaded { html: true, .. })
    }

    /// Its size in bytes, loaded or not.
    pub fn len(&self) -> usize {
        match self {
            Body::Html(s) | Body::Text(s) => s.len(),
            Body::Unloaded { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Body::Unloaded { len, .. } => *len == 0,
            _ => self.as_str().trim().is_empty(),
        }
    }

    /// The body as a listing keeps it: its kind and size only.
    pub fn unload(&mut self) {
        *self = Body::Unloaded {
            html: self.is_html(),
            len: self.len(),
        };
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::Text(String::new())
    }
}

/// A link found in an entry's body: absolute where the entry's URL allowed
/// resolving it, with its anchor text (white space collapsed, possibly empty).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    pub url: String,
    pub text: String,
}

/// One readable item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// Stable and unique in a load: derived from the source file name, plus
    /// `:N` (1-based) when one file yields several entries.
    pub id: String,
    pub kind: Kind,
    /// Never empty: loaders fall back to the excerpt, the slug or the file name.
    pub title: String,
    /// Publication date; `None` when the document gives none (never invented).
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub author: Option<String>,
    /// The blog, feed or page collection the entry belongs to.
    pub site: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Other URLs that name this entry (a WordPress `?p=ID` guid), or a feed
    /// item's own id when it is not a URL (an RSS guid, an Atom `tag:` URI).
    pub aliases: Vec<String>,
    /// The file it was read from (`-` for standard input).
    pub source: PathBuf,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub body: Body,
    /// The site no longer publishes it (trashed, made private, back to
    /// draft): its saved copy is kept, and shown only when asked for.
    pub withdrawn: bool,
    /// Where its body comes from: which of two copies of one URL is the
    /// better ([`BodySource`]).
    pub body_source: BodySource,
    /// The body's links: read with [`Entry::links`].
    pub links: Derived<Vec<Link>>,
    /// Words in the body's visible text: read with [`Entry::words`].
    pub words: Derived<WordCount>,
    /// The hash of the title and body that files the reading state of an
    /// entry without a URL: read with [`crate::store::key::content_key`].
    pub content_key: Derived<String>,
}

/// A value derived from an entry's body the first time it is asked for,
/// then kept. Loading does not scan bodies (it would cost more than
/// parsing the files); the few places that need links or word counts pay
/// for the entries they show.
#[derive(Clone, Debug, Default)]
pub struct Derived<T>(OnceLock<T>);

impl<T> Derived<T> {
    /// A value known up front.
    pub fn new(value: T) -> Derived<T> {
        Derived(OnceLock::from(value))
    }

    /// The value, derived by `f` the first time.
    pub fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(f)
    }
}

impl<T: PartialEq> PartialEq for Derived<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

/// Words per minute used for reading time (a common silent-reading figure).
pub const WORDS_PER_MINUTE: u64 = 230;
/// CJK letters per minute (silent reading of Chinese and Japanese is
/// measured at 400 to 500 characters a minute).
pub const CJK_PER_MINUTE: u64 = 450;

/// The size of a text for reading: its words, of which `cjk` are CJK
/// letters (each counted as a word; see [`crate::markup::count_text`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordCount {
    pub words: u32,
    pub cjk: u32,
}

impl WordCount {
    /// Whole minutes to read, at least one for any word: words at
    /// [`WORDS_PER_MINUTE`], CJK letters at [`CJK_PER_MINUTE`].
    pub fn reading_minutes(self) -> usize {
        let cjk = u64::from(self.cjk.min(self.words));
        let other = u64::from(self.words) - cjk;
        let units = other * CJK_PER_MINUTE + cjk * WORDS_PER_MINUTE;
        usize::try_from(units.div_ceil(WORDS_PER_MINUTE * CJK_PER_MINUTE)).unwrap_or(usize::MAX)
    }

    /// Whether most of the text is CJK, so that it is better counted in
    /// characters than in words.
    pub fn mostly_cjk(self) -> bool {
        u64::from(self.cjk) * 2 > u64::from(self.words)
    }
}

impl Entry {
    /// The body's links in order: anchors of an HTML body, bare URLs of a
    /// text body, resolved against the entry's URL.
    pub fn links(&self) -> &[Link] {
        debug_assert!(
            self.links.0.get().is_some() || !matches!(self.body, Body::Unloaded { .. }),
            "links of an unloaded body that were not derived"
        );
        self.links
            .0
            .get_or_init(|| crate::markup::body_links(&self.body, self.link_base().as_deref()))
    }

    /// What the body's relative links are resolved against: the entry's
    /// URL, else the `file://` URL of the file it was read from (links in
    /// a saved page lead to the files beside it).
    pub fn link_base(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.url {
            Some(url) => Some(url.as_str().into()),
            None => crate::urls::file_url(&self.source).map(Into::into),
        }
    }

    /// Words in the body's visible text (each CJK letter counts as one).
    pub fn words(&self) -> usize {
        self.word_count().words as usize
    }

    /// Words in the body's visible text, and how many are CJK letters.
    pub fn word_count(&self) -> WordCount {
        debug_assert!(
            self.words.0.get().is_some() || !matches!(self.body, Body::Unloaded { .. }),
            "words of an unloaded body that were not derived"
        );
        *self
            .words
            .0
            .get_or_init(|| crate::markup::body_words(&self.body))
    }

    /// Derives the links and the word count together (one scan of the
    /// body), before the body is unloaded.
    pub fn derive_links_and_words(&self) {
        if self.links.0.get().is_none() || self.words.0.get().is_none() {
            let (links, words) =
                crate::markup::body_links_and_words(&self.body, self.link_base().as_deref());
            let _ = self.links.0.set(links);
            let _ = self.words.0.set(words);
        }
    }

    /// Reading time in whole minutes, at least one for a non-empty body.
    pub fn reading_minutes(&self) -> usize {
        self.word_count().reading_minutes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_iso_8601() {
        let day = Date::Day(NaiveDate::from_ymd_opt(2011, 10, 19).unwrap());
        assert_eq!(day.to_string(), "2011-10-19");
        let t = DateTime::parse_from_rfc3339("2015-04-03T16:39:01Z").unwrap();
        assert_eq!(Date::Instant(t).to_string(), "2015-04-03T16:39:01+00:00");
    }

    #[test]
    fn days_and_instants_order_together() {
        let day = Date::Day(NaiveDate::from_ymd_opt(2015, 4, 3).unwrap());
        let later = Date::Instant(DateTime::parse_from_rfc3339("2015-04-03T08:00:00Z").unwrap());
        assert!(day < later);
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("Feed-Item"), Some(Kind::FeedItem));
        let session = Kind::parse("session").unwrap();
        assert_eq!(session.as_str(), "session");
        assert_eq!(Kind::parse("Session"), Some(session));
        for bad in ["", "no/such", "a b", "twenty-one-characters"] {
            assert_eq!(Kind::parse(bad), None, "{bad:?}");
        }
        let json = serde_json::to_string(&[Kind::FeedItem, session]).unwrap();
        assert_eq!(json, r#"["feed-item","session"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<Kind>>(&json).unwrap(),
            [Kind::FeedItem, session]
        );
    }

    #[test]
    fn reading_time_rounds_up() {
        let mut e = Entry::default();
        assert_eq!(e.reading_minutes(), 0);
        let words = |words, cjk| Derived::new(WordCount { words, cjk });
        e.words = words(1, 0);
        assert_eq!(e.reading_minutes(), 1);
        e.words = words(231, 0);
        assert_eq!(e.reading_minutes(), 2);
    }

    #[test]
    fn cjk_letters_read_at_their_own_pace() {
        // 900 characters of Japanese: two minutes, not four.
        let ja = WordCount {
            words: 900,
            cjk: 900,
        };
        assert_eq!(ja.reading_minutes(), 2);
        assert!(ja.mostly_cjk());
        // 450 letters and 230 words: a minute each.
        let mixed = WordCount {
            words: 680,
            cjk: 450,
        };
        assert_eq!(mixed.reading_minutes(), 2);
        assert!(!WordCount { words: 10, cjk: 5 }.mostly_cjk());
    }

    #[test]
    fn links_and_words_come_from_the_body_when_asked() {
        let e = Entry {
            url: Some("https://blog.example.org/a/post/".into()),
            body: Body::Html("<p>See <a href=\"../other/\">the other\n post</a> now.</p>".into()),
            ..Entry::default()
        };
        assert_eq!(e.words(), 5);
        assert_eq!(
            e.links(),
            [Link {
                url: "https://blog.example.org/a/other/".into(),
                text: "the other post".into()
            }]
        );
        let t = Entry {
            body: Body::Text("Report at https://example.org/r.pdf.".into()),
            ..Entry::default()
        };
        assert_eq!(t.links()[0].url, "https://example.org/r.pdf");
        assert_eq!(t.words(), 3);
    }
}

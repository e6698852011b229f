//! Atom 0.3 (`<feed version="0.3" xmlns="http://purl.org/atom/ns#">`), the
//! feed format of many blogs from 2003 to 2006 that old workshop and
//! conference sites still serve. feed-rs reads Atom 1.0 only and finds no
//! entry in it, so it is read here, with quick-xml, as feed readers read it:
//! `issued` (else `created`) is the date, `modified` the update, `link
//! rel="alternate"` (or a link without `rel`) the URL, `content` (else
//! `summary`) the body in any of its three modes (`escaped` HTML, inline
//! `xml`, `base64`), `author/name` the author; Dublin Core fills what those
//! leave empty (`dc:title`, `dc:creator`, `dc:date`, `dcterms:issued`,
//! `dcterms:modified`).

use base64::Engine;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::super::xml::{self, attr};
use super::super::{Problem, dates, fields};
use crate::model::{Body, BodySource, Date, Entry, Kind};

/// The namespace of Atom 0.3.
const NAMESPACE: &str = "http://purl.org/atom/ns#";

/// Whether `text` is an Atom 0.3 feed: its root `<feed>` declares the 0.3
/// namespace or version (read from the root's start tag alone).
pub fn is_atom03(text: &str) -> bool {
    let Some(at) = text.find("<feed") else {
        return false;
    };
    let tag = &text[at..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    tag.contains(NAMESPACE) || tag.contains("version=\"0.3\"") || tag.contains("version='0.3'")
}

/// What an element's text is for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Slot {
    FeedTitle,
    FeedAuthor,
    Title,
    DcTitle,
    Id,
    Issued,
    Created,
    Modified,
    DcDate,
    AuthorName,
    Creator,
    Content,
    Summary,
}

/// How an element's content is written (Atom 0.3's `mode`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    /// Text as it is; HTML when `type` says so.
    Escaped,
    /// Inline markup, kept as written.
    Xml,
    Base64,
}

#[derive(Default)]
struct Item {
    title: Option<(String, bool)>,
    dc_title: Option<String>,
    url: Option<String>,
    id: Option<String>,
    issued: Option<String>,
    created: Option<String>,
    modified: Option<String>,
    dc_date: Option<String>,
    author: Option<String>,
    creator: Option<String>,
    content: Option<(String, bool)>,
    summary: Option<(String, bool)>,
}

/// The mode and whether the text is HTML, from `mode` and `type`.
fn mode_of(e: &BytesStart) -> (Mode, bool) {
    let mode = match attr(e, "mode").as_deref() {
        Some("xml") => Mode::Xml,
        Some("base64") => Mode::Base64,
        _ => Mode::Escaped,
    };
    let kind = attr(e, "type").unwrap_or_default().to_ascii_lowercase();
    let html = mode == Mode::Xml || kind.contains("html");
    (mode, html)
}

/// Reads the entries of an Atom 0.3 feed.
pub fn parse(text: &str) -> Result<Vec<Entry>, Problem> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut site: Option<String> = None;
    let mut base: Option<String> = None;
    let mut item: Option<Item> = None;
    let mut entries = Vec::new();
    // The slot being read, its depth, its mode, whether it is HTML, and
    // where its inline markup starts.
    let mut capture: Option<(Slot, usize, Mode, bool, usize)> = None;
    let mut buf = String::new();
    let mut in_author = false;
    let mut feed_author: Option<String> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let problem = xml::read_error(text, &reader, e);
                if entries.is_empty() {
                    return Err(problem);
                }
                break;
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if capture.is_some() {
                    continue;
                }
                let name = e.name();
                let name: &str = name.as_ref();
                let local = name.rsplit(':').next().unwrap_or(name);
                let after = usize::try_from(reader.buffer_position()).unwrap_or(0);
                let slot = match (&item, depth) {
                    (None, 2) if name == "title" => Some(Slot::FeedTitle),
                    (None, 2) if name == "author" => {
                        in_author = true;
                        None
                    }
                    (None, 3) if in_author && local == "name" => Some(Slot::FeedAuthor),
                    (None, 2) if name == "entry" => {
                        item = Some(Item::default());
                        None
                    }
                    (Some(_), 3) => match name {
                        "title" => Some(Slot::Title),
                        "dc:title" => Some(Slot::DcTitle),
                        "id" => Some(Slot::Id),
                        "issued" | "dcterms:issued" => Some(Slot::Issued),
                        "created" | "dcterms:created" => Some(Slot::Created),
                        "modified" | "dcterms:modified" => Some(Slot::Modified),
                        "dc:date" => Some(Slot::DcDate),
                        "dc:creator" | "dc:author" => Some(Slot::Creator),
                        "content" => Some(Slot::Content),
                        "summary" => Some(Slot::Summary),
                        "author" => {
                            in_author = true;
                            None
                        }
                        _ => None,
                    },
                    (Some(_), 4) if in_author && local == "name" => Some(Slot::AuthorName),
                    _ => None,
                };
                if let Some(slot) = slot {
                    let (mode, html) = mode_of(&e);
                    buf.clear();
                    capture = Some((slot, depth, mode, html, after));
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                if name != "link" || capture.is_some() {
                    continue;
                }
                let alternate = attr(&e, "rel").is_none_or(|r| r == "alternate");
                let href = attr(&e, "href").filter(|h| !h.trim().is_empty());
                match (&mut item, depth) {
                    (Some(it), 2) if alternate && it.url.is_none() => it.url = href,
                    (None, 1) if alternate && base.is_none() => base = href,
                    _ => {}
                }
            }
            Event::End(_) => {
                if let Some((slot, d, mode, html, start)) = capture {
                    if d == depth {
                        let value = match mode {
                            // The inline markup as written, between the tags.
                            Mode::Xml => text.get(start..before).unwrap_or_default().to_owned(),
                            Mode::Base64 => decode_base64(&buf),
                            Mode::Escaped => std::mem::take(&mut buf),
                        };
                        match slot {
                            Slot::FeedAuthor => feed_author = Some(value),
                            _ => store(slot, value, html, &mut site, item.as_mut()),
                        }
                        capture = None;
                    }
                }
                if (depth == 3 && item.is_some()) || (depth == 2 && item.is_none()) {
                    in_author = false;
                }
                if depth == 2 {
                    if let Some(it) = item.take() {
                        entries.push(entry(it, site.as_deref(), base.as_deref()));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            other => {
                if capture.is_some() {
                    xml::push_text(&mut buf, &other);
                }
            }
        }
    }
    // The feed's title and author reach entries read before them.
    for e in &mut entries {
        if e.site.is_none() {
            e.site.clone_from(&site);
        }
        if e.author.is_none() {
            e.author = feed_author.clone().filter(|a| !a.trim().is_empty());
        }
    }
    Ok(entries)
}

fn decode_base64(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

fn store(
    slot: Slot,
    value: String,
    html: bool,
    site: &mut Option<String>,
    item: Option<&mut Item>,
) {
    let value_html = (value, html);
    if slot == Slot::FeedTitle {
        *site = Some(value_html.0);
        return;
    }
    let Some(it) = item else { return };
    let (value, html) = value_html;
    let set = |field: &mut Option<String>, value: String| {
        if field.is_none() && !value.trim().is_empty() {
            *field = Some(value);
        }
    };
    match slot {
        Slot::Title => it.title = Some((value, html)),
        Slot::DcTitle => set(&mut it.dc_title, value),
        Slot::Id => set(&mut it.id, value),
        Slot::Issued => set(&mut it.issued, value),
        Slot::Created => set(&mut it.created, value),
        Slot::Modified => set(&mut it.modified, value),
        Slot::DcDate => set(&mut it.dc_date, value),
        Slot::AuthorName => set(&mut it.author, value),
        Slot::Creator => set(&mut it.creator, value),
        Slot::Content => it.content = Some((value, html)),
        Slot::Summary => it.summary = Some((value, html)),
        Slot::FeedTitle | Slot::FeedAuthor => {}
    }
}

fn entry(it: Item, site: Option<&str>, base: Option<&str>) -> Entry {
    let base = base.and_then(crate::urls::base);
    let url = it
        .url
        .as_deref()
        .and_then(|u| fields::absolute(base.as_ref(), u.trim()))
        .or_else(|| it.id.clone().filter(|id| fields::is_web_url(id)));
    let title = match it.title {
        Some((t, true)) if !t.trim().is_empty() => crate::markup::inline_text(&t),
        Some((t, _)) if !t.trim().is_empty() => t,
        _ => it.dc_title.unwrap_or_default(),
    };
    let when = |s: &Option<String>| s.as_deref().and_then(dates::parse);
    let date = when(&it.issued).or(when(&it.created)).or(when(&it.dc_date));
    let updated = when(&it.modified).filter(|u| Some(*u) != date);
    let body_of = |(text, html): (String, bool)| match html && fields::has_markup(&text) {
        true => Body::Html(text),
        false => Body::Text(text),
    };
    // A summary beside content; the body when there is no content.
    let content = it.content.filter(|(c, _)| !c.trim().is_empty());
    let summary = content
        .is_some()
        .then(|| it.summary.clone().map(|(s, _)| s))
        .flatten();
    let body_source = match content.is_none() && it.summary.is_some() {
        true => BodySource::Summary,
        false => BodySource::Published,
    };
    let body = content.or(it.summary).map(body_of).unwrap_or_default();
    let aliases = it
        .id
        .filter(|id| fields::id_alias(id, url.as_deref()))
        .into_iter()
        .collect();
    Entry {
        kind: Kind::FeedItem,
        title,
        date,
        updated: updated.map(|d: Date| d),
        author: it.author.or(it.creator),
        site: site.map(str::to_owned),
        url,
        aliases,
        summary,
        body,
        body_source,
        ..Entry::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title>Field Notes Weblog</title>
  <author><name>The Editors</name></author>
  <link rel="alternate" type="text/html" href="http://fieldnotes.example.org/"/>
  <modified>2005-06-20T10:00:00Z</modified>
  <entry>
    <title>Workshop announced</title>
    <link rel="alternate" type="text/html" href="2005/06/workshop.html"/>
    <id>tag:fieldnotes.example.org,2005:1</id>
    <issued>2005-06-20T12:00:00+02:00</issued>
    <modified>2005-06-21T08:00:00Z</modified>
    <author><name>Ana Ruiz</name></author>
    <content type="text/html" mode="escaped">&lt;p&gt;The &lt;b&gt;workshop&lt;/b&gt; is on.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title mode="base64">QmFzZTY0IHRpdGxl</title>
    <link href="http://fieldnotes.example.org/2005/06/b.html"/>
    <id>tag:fieldnotes.example.org,2005:2</id>
    <created>2005-06-19T09:00:00Z</created>
    <dc:creator>Bob O'Brien</dc:creator>
    <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <em>XHTML</em>.</p></div></content>
  </entry>
  <entry>
    <dc:title>Only Dublin Core</dc:title>
    <dc:date>2005-06-18</dc:date>
    <summary type="text/plain">Plain summary.</summary>
  </entry>
</feed>"#;

    #[test]
    fn every_entry_of_an_atom_0_3_feed() {
        assert!(is_atom03(FEED));
        assert!(!is_atom03(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#));
        let e = parse(FEED).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].title, "Workshop announced");
        assert_eq!(
            e[0].url.as_deref(),
            Some("http://fieldnotes.example.org/2005/06/workshop.html")
        );
        assert_eq!(e[0].date.unwrap().to_string(), "2005-06-20T12:00:00+02:00");
        assert_eq!(
            e[0].updated.unwrap().to_string(),
            "2005-06-21T08:00:00+00:00"
        );
        assert_eq!(e[0].author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(e[0].site.as_deref(), Some("Field Notes Weblog"));
        assert_eq!(
            e[0].body,
            Body::Html("<p>The <b>workshop</b> is on.</p>".into())
        );
        assert_eq!(e[1].title, "Base64 title");
        assert_eq!(e[1].author.as_deref(), Some("Bob O'Brien"));
        assert_eq!(e[1].date.unwrap().to_string(), "2005-06-19T09:00:00+00:00");
        assert!(
            e[1].body.as_str().contains("<em>XHTML</em>"),
            "{:?}",
            e[1].body
        );
        assert_eq!(e[2].title, "Only Dublin Core");
        assert_eq!(e[2].date.unwrap().to_string(), "2005-06-18");
        assert_eq!(e[2].body, Body::Text("Plain summary.".into()));
        assert_eq!(
            e[2].summary, None,
            "the summary is the body, not said twice"
        );
        assert_eq!(
            e[2].author.as_deref(),
            Some("The Editors"),
            "the feed's author"
        );
    }

    #[test]
    fn broken_or_hostile_input_is_a_problem_or_fewer_entries() {
        assert!(parse("<feed xmlns=\"http://purl.org/atom/ns#\"><entry><title>x").is_ok());
        assert!(parse("<feed xmlns=\"http://purl.org/atom/ns#\"><<<").is_err());
        let e =
            parse("<feed version=\"0.3\"><entry><title mode=\"base64\">!!!</title></entry></feed>")
                .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "");
    }
}

//! What feed-rs leaves out of RSS items, read again from the feed's text:
//! Dublin Core and DCMI terms where the core elements are empty
//! (`dc:title`, `dc:creator`/`dc:author`, `dc:date`, `dcterms:issued`,
//! `dcterms:created`, `dcterms:modified`), and the RSS 0.90/1.0 items
//! feed-rs drops for having no link: an item with a title is an entry, as
//! feed readers show it. One quick-xml pass over the feed, only when an
//! entry lacks what Dublin Core could give and the feed holds some, or the
//! feed holds more items than feed-rs gave: most feeds cost nothing.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::super::{dates, fields, xml};
use crate::model::{Entry, Kind};

/// One `<item>` as written.
#[derive(Default, Debug)]
struct Raw {
    about: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    title: Option<String>,
    dc_title: Option<String>,
    creator: Option<String>,
    issued: Option<String>,
    modified: Option<String>,
    description: Option<String>,
}

/// Reads the items of an RSS feed's text (none on an XML error: what
/// feed-rs gave stands).
fn read(text: &str) -> Vec<Raw> {
    let mut reader = Reader::from_str(text);
    let mut items = Vec::new();
    let mut item: Option<(usize, Raw)> = None;
    let mut capture: Option<(String, usize)> = None;
    let mut buf = String::new();
    let mut depth = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => return Vec::new(),
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.name();
                let name: &str = name.as_ref();
                match &mut item {
                    None if name == "item" => {
                        let about = xml::attr(&e, "rdf:about");
                        item = Some((
                            depth,
                            Raw {
                                about,
                                ..Raw::default()
                            },
                        ));
                    }
                    Some((d, _)) if depth == *d + 1 && capture.is_none() => {
                        buf.clear();
                        capture = Some((name.to_ascii_lowercase(), depth));
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                if let (Some((name, d)), Some((_, raw))) = (&capture, &mut item) {
                    if *d == depth {
                        store(raw, name, std::mem::take(&mut buf));
                        capture = None;
                    }
                }
                if item.as_ref().is_some_and(|(d, _)| *d == depth) {
                    items.extend(item.take().map(|(_, raw)| raw));
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
    items
}

fn store(raw: &mut Raw, name: &str, value: String) {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return;
    }
    let slot = match name {
        "link" => &mut raw.link,
        "guid" => &mut raw.guid,
        "title" => &mut raw.title,
        "dc:title" => &mut raw.dc_title,
        "dc:creator" | "dc:author" => &mut raw.creator,
        "dc:date" | "dcterms:issued" | "dcterms:created" => &mut raw.issued,
        "dcterms:modified" => &mut raw.modified,
        "description" => &mut raw.description,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// Fills what `entries` (feed-rs's, in order) leave empty from the
/// items' Dublin Core, and adds the items feed-rs dropped that have a
/// title. `base` resolves links as the entries' were.
pub fn complete(text: &str, entries: &mut Vec<Entry>, base: Option<&url::Url>, site: Option<&str>) {
    let lacking = entries
        .iter()
        .any(|e| e.title.trim().is_empty() || e.author.is_none() || e.date.is_none());
    let dublin_core = lacking && (text.contains("<dc:") || text.contains("<dcterms:"));
    if !dublin_core && text.matches("<item").count() <= entries.len() {
        return;
    }
    let raws = read(text);
    // Where each entry can be found: by URL, by id, by title.
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let keys = e
            .url
            .iter()
            .chain(&e.aliases)
            .chain(std::iter::once(&e.title));
        for key in keys {
            index.entry(key.clone()).or_default().push(i);
        }
    }
    let mut matched = vec![false; entries.len()];
    for raw in &raws {
        let link = raw
            .link
            .as_deref()
            .or(raw.about.as_deref())
            .and_then(|l| fields::absolute(base, l));
        let title = raw.title.as_deref().or(raw.dc_title.as_deref());
        let keys = [link.as_deref(), raw.guid.as_deref()]
            .into_iter()
            .chain(link.is_none().then_some(title))
            .flatten();
        let found = keys
            .filter_map(|k| index.get(k))
            .flatten()
            .copied()
            .find(|&i| !matched[i]);
        match found {
            Some(i) => {
                matched[i] = true;
                fill(&mut entries[i], raw);
            }
            None if title.is_some() => entries.push(lost_item(raw, link, site)),
            None => {}
        }
    }
}

fn fill(e: &mut Entry, raw: &Raw) {
    if e.title.trim().is_empty() {
        if let Some(t) = &raw.dc_title {
            e.title = t.clone();
        }
    }
    if e.author.is_none() {
        e.author = raw.creator.clone();
    }
    if e.date.is_none() {
        e.date = raw.issued.as_deref().and_then(dates::parse);
    }
    if e.updated.is_none() {
        e.updated = raw
            .modified
            .as_deref()
            .and_then(dates::parse)
            .filter(|u| Some(*u) != e.date);
    }
}

/// An item feed-rs dropped (no link), as an entry of its own.
fn lost_item(raw: &Raw, url: Option<String>, site: Option<&str>) -> Entry {
    // An RSS description, read as the feed's other items are.
    let body = super::as_body(raw.description.clone().unwrap_or_default(), "", true);
    let mut e = Entry {
        kind: Kind::FeedItem,
        title: raw
            .title
            .clone()
            .or(raw.dc_title.clone())
            .unwrap_or_default(),
        site: site.map(str::to_owned),
        url,
        body,
        ..Entry::default()
    };
    fill(&mut e, raw);
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Body;

    #[test]
    fn dublin_core_fills_and_linkless_items_are_entries() {
        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x.example/"><title>RDF site</title><link>http://x.example/</link></channel>
<item rdf:about="http://x.example/1"><title>With link</title><link>http://x.example/1</link></item>
<item><title>No link at all</title><description>Text only.</description><dc:date>2004-03-02</dc:date></item>
</rdf:RDF>"#;
        let mut entries = vec![Entry {
            title: "With link".into(),
            url: Some("http://x.example/1".into()),
            ..Entry::default()
        }];
        complete(rdf, &mut entries, None, Some("RDF site"));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].title, "No link at all");
        assert_eq!(entries[1].body, Body::Text("Text only.".into()));
        assert_eq!(entries[1].date.unwrap().to_string(), "2004-03-02");
        assert_eq!(entries[1].site.as_deref(), Some("RDF site"));

        let rss = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>DC</title>
<item><dc:title>Title from DC</dc:title><link>http://x.example/a</link><dc:creator>Bob</dc:creator><dcterms:issued>2005-01-02T00:00:00Z</dcterms:issued></item></channel></rss>"#;
        let mut entries = vec![Entry {
            url: Some("http://x.example/a".into()),
            ..Entry::default()
        }];
        complete(rss, &mut entries, None, None);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].title, "Title from DC");
        assert_eq!(entries[0].author.as_deref(), Some("Bob"));
        assert_eq!(
            entries[0].date.unwrap().to_string(),
            "2005-01-02T00:00:00+00:00"
        );
        // Broken XML: what feed-rs gave stands.
        let mut entries = vec![Entry::default()];
        complete("<rss><item><dc:title>x</item>", &mut entries, None, None);
        assert_eq!(entries.len(), 1);
    }
}

//! JSON Feed 1.0 and 1.1 (jsonfeed.org): one entry per item.
//!
//! feed-rs reads JSON Feed too, but from the text, with strict typed
//! structures: it would parse the document a second time (the loader has
//! already parsed it to a `serde_json::Value` to tell JSON formats apart),
//! and it rejects a whole feed for one missing `title` or a numeric `id`,
//! both common in the wild. This module reads the `Value` leniently
//! instead, taking the large strings out of it rather than cloning them.

use serde_json::{Map, Value};

use super::{dates, fields};
use crate::model::{Body, BodySource, Entry, Kind};

/// Whether `v` is a JSON Feed: an object whose `version` names jsonfeed.org.
pub fn is_json_feed(v: &Value) -> bool {
    v.get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.contains("jsonfeed.org"))
}

fn str_of<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn take_str(o: &mut Map<String, Value>, key: &str) -> Option<String> {
    match o.get_mut(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(std::mem::take(s)),
        _ => None,
    }
}

/// Reads the items of a feed accepted by [`is_json_feed`].
pub fn parse(mut feed: Value) -> Vec<Entry> {
    let Some(feed) = feed.as_object_mut() else {
        return Vec::new();
    };
    let site = str_of(feed, "title").map(str::to_owned);
    let base = str_of(feed, "home_page_url")
        .or_else(|| str_of(feed, "feed_url"))
        .and_then(crate::urls::base);
    let feed_authors = authors(feed);
    let Some(Value::Array(items)) = feed.remove("items") else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .map(|mut item| {
            let url = str_of(&item, "url")
                .or_else(|| str_of(&item, "external_url"))
                .and_then(|u| fields::absolute(base.as_ref(), u));
            let id = match item.get("id") {
                Some(Value::String(s)) => Some(s.trim().to_owned()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let aliases = id
                .filter(|id| fields::id_alias(id, url.as_deref()))
                .into_iter()
                .collect();
            let content =
                take_str(&mut item, "content_html").map(|html| match fields::has_markup(&html) {
                    true => Body::Html(html),
                    false => Body::Text(html_escape::decode_html_entities(&html).into_owned()),
                });
            let content = content.or_else(|| take_str(&mut item, "content_text").map(Body::Text));
            let mut summary = take_str(&mut item, "summary");
            // An item without content is its summary, and says so.
            let (body, body_source) = match (content, summary.take()) {
                (Some(body), s) => {
                    summary = s;
                    (body, BodySource::Published)
                }
                (None, Some(s)) if fields::has_markup(&s) => (Body::Html(s), BodySource::Summary),
                (None, Some(s)) => (Body::Text(s), BodySource::Summary),
                (None, None) => (Body::Text(String::new()), BodySource::Published),
            };
            let tags = match item.get("tags") {
                Some(Value::Array(tags)) => tags
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            Entry {
                kind: Kind::FeedItem,
                title: take_str(&mut item, "title").unwrap_or_default(),
                date: str_of(&item, "date_published").and_then(dates::parse),
                updated: str_of(&item, "date_modified").and_then(dates::parse),
                author: authors(&item).or_else(|| feed_authors.clone()),
                site: site.clone(),
                url,
                aliases,
                summary,
                tags,
                body,
                body_source,
                ..Entry::default()
            }
        })
        .collect()
}

/// `authors[].name` (1.1), else `author.name` (1.0), joined.
fn authors(o: &Map<String, Value>) -> Option<String> {
    let list: &[Value] = match (o.get("authors"), o.get("author")) {
        (Some(Value::Array(list)), _) if !list.is_empty() => list,
        (_, Some(one)) => std::slice::from_ref(one),
        _ => return None,
    };
    let names: Vec<&str> = list
        .iter()
        .filter_map(|a| a.get("name")?.as_str())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn items(v: Value) -> Vec<Entry> {
        assert!(is_json_feed(&v));
        parse(v)
    }

    #[test]
    fn a_json_feed_1_1_item() {
        let e = items(json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Field Notes",
            "home_page_url": "https://fieldnotes.example.org/",
            "authors": [{"name": "Feed Author"}],
            "items": [{
                "id": "https://fieldnotes.example.org/?p=9",
                "url": "/2026/notes-from-geneva/",
                "title": "Notes from <em>Geneva</em>",
                "content_html": "<p>See <a href=\"/about/\">about</a>.</p>",
                "summary": "Short.",
                "date_published": "2026-05-10T09:30:00+02:00",
                "date_modified": "2026-05-11T10:00:00+02:00",
                "authors": [{"name": "Ines Okafor"}, {"url": "https://x.example"}],
                "tags": ["norms", 3, "UN OEWG"]
            }]
        }));
        assert_eq!(e.len(), 1);
        let e = &e[0];
        assert_eq!(e.kind, Kind::FeedItem);
        assert_eq!(e.title, "Notes from <em>Geneva</em>");
        assert_eq!(
            e.url.as_deref(),
            Some("https://fieldnotes.example.org/2026/notes-from-geneva/")
        );
        assert_eq!(e.aliases, ["https://fieldnotes.example.org/?p=9"]);
        assert_eq!(e.site.as_deref(), Some("Field Notes"));
        assert_eq!(e.author.as_deref(), Some("Ines Okafor"));
        assert_eq!(e.date.unwrap().to_string(), "2026-05-10T09:30:00+02:00");
        assert_eq!(e.updated.unwrap().to_string(), "2026-05-11T10:00:00+02:00");
        assert_eq!(e.summary.as_deref(), Some("Short."));
        assert_eq!(e.tags, ["norms", "UN OEWG"]);
        assert!(e.body.is_html());
    }

    #[test]
    fn version_1_0_author_text_content_and_odd_types() {
        let e = items(json!({
            "version": "https://jsonfeed.org/version/1",
            "author": {"name": "Feed Author"},
            "items": [
                {"id": 42, "content_text": "Line one.\n\nLine two.", "title": 7},
                "not an item",
                {"id": "b", "content_html": "AT&amp;T &amp; friends\n\nsecond", "tags": "x"}
            ]
        }));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].title, "");
        assert_eq!(e[0].author.as_deref(), Some("Feed Author"));
        assert_eq!(e[0].body, Body::Text("Line one.\n\nLine two.".into()));
        assert_eq!(e[0].date, None);
        assert_eq!(
            e[0].aliases,
            ["42"],
            "an id that is not a URL names the item"
        );
        assert_eq!(e[1].aliases, ["b"]);
        assert_eq!(e[1].body, Body::Text("AT&T & friends\n\nsecond".into()));
        assert!(e[1].tags.is_empty());
    }

    #[test]
    fn empty_or_missing_items() {
        assert!(
            items(json!({"version": "https://jsonfeed.org/version/1.1", "items": []})).is_empty()
        );
        assert!(items(json!({"version": "https://jsonfeed.org/version/1.1"})).is_empty());
        assert!(!is_json_feed(&json!({"version": 1})));
        assert!(!is_json_feed(&json!([])));
    }

    /// An item with a summary and no content (as the fetcher saves a feed
    /// item that had only one) is known as a summary.
    #[test]
    fn an_item_without_content_is_its_summary() {
        let e = items(json!({
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": "a", "url": "https://x.example/a", "summary": "<p>An excerpt.</p>"}]
        }));
        assert_eq!(e[0].body, Body::Html("<p>An excerpt.</p>".into()));
        assert_eq!(e[0].body_source, BodySource::Summary);
        assert_eq!(e[0].summary, None);
    }
}

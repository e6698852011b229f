//! A feed (RSS, Atom, JSON Feed), fetched with a conditional request.
//!
//! A feed carries only its latest items, so saving the feed file as it is
//! would lose every item that drops off it. Each item is read by the loader
//! (the same code that reads saved feeds) and saved as its own one-item
//! JSON Feed document, `<source>/item-<fingerprint>.json`, named by the
//! item's URL (or, for items that share one link, by their own ids): an
//! item that changes is rewritten in place, one that leaves the feed stays.

use anyhow::{Result, anyhow};
use serde_json::{Map, Value, json};
use url::Url;

use super::Ctx;
use super::http::Response;
use super::library::names;
use super::library::sources::Source;
use crate::load::{self, Format};
use crate::model::{Body, BodySource, Entry};

/// More items than any real feed carries; past this a feed is taken for a
/// flood and only its first items are saved.
const MAX_ITEMS: usize = 10_000;

/// Saves the items of a fetched feed.
pub fn save(ctx: &Ctx, source: &mut Source, response: &Response) -> Result<()> {
    let url = &response.url;
    let (entries, report) = load::load_source(&load::Source {
        path: url.path().into(),
        id_base: String::new(),
        bytes: Some(std::borrow::Cow::Owned(response.body.clone())),
    });
    if !matches!(
        report.format,
        Some(Format::Feed | Format::JsonFeed | Format::Wxr)
    ) || report.failed()
    {
        let what = report
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .or(report.format.map(|f| format!("it is now a {f}")))
            .unwrap_or_else(|| "not text".into());
        return Err(anyhow!(
            "{url}: not a feed folio can read ({what}); nothing was changed"
        ));
    }
    if entries.len() > MAX_ITEMS {
        ctx.note(format!(
            "{url}: {} items; the first {MAX_ITEMS} were saved",
            entries.len()
        ));
    }
    let entries = &entries[..entries.len().min(MAX_ITEMS)];
    let mut links: std::collections::HashMap<&str, usize> = Default::default();
    for url in entries.iter().filter_map(|e| e.url.as_deref()) {
        *links.entry(url).or_default() += 1;
    }
    for entry in entries {
        // Items of one link with ids of their own are different items.
        let shared = entry.url.as_deref().is_some_and(|u| links[u] > 1);
        let id = entry.aliases.first().map(String::as_str);
        let key = match (entry.url.as_deref(), id) {
            (Some(_), Some(id)) if shared => id,
            (Some(url), _) => url,
            (None, id) => id.unwrap_or_default(),
        };
        let key = match key {
            "" => format!("{}\n{}", entry.title, entry.body.as_str()),
            key => key.to_owned(),
        };
        let name = format!("item-{}.json", names::fingerprint(&key));
        let document = one_item_feed(entry, &key, url);
        let bytes = serde_json::to_vec_pretty(&document)?;
        ctx.save(&[&source.folder, &name], &bytes)?;
    }
    source.validators = response.validators.clone();
    Ok(())
}

/// A JSON Feed 1.1 document holding one entry.
fn one_item_feed(entry: &Entry, id: &str, feed_url: &Url) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            item.insert(key.into(), v);
        }
    };
    put("url", entry.url.as_ref().map(|u| json!(u)));
    put("title", Some(json!(entry.title)));
    match (&entry.body, entry.body_source) {
        // Only a summary: saved as one, so that it stays known as one.
        (_, BodySource::Summary) => put("summary", Some(json!(entry.body.as_str()))),
        (Body::Html(html), _) => put("content_html", Some(json!(html))),
        (Body::Text(_) | Body::Unloaded { .. }, _) => {
            put("content_text", Some(json!(entry.body.as_str())))
        }
    }
    if entry.body_source != BodySource::Summary {
        put("summary", entry.summary.as_ref().map(|s| json!(s)));
    }
    put("date_published", entry.date.map(|d| json!(d.to_string())));
    put("date_modified", entry.updated.map(|d| json!(d.to_string())));
    put(
        "authors",
        entry.author.as_ref().map(|a| json!([{ "name": a }])),
    );
    put("tags", (!entry.tags.is_empty()).then(|| json!(entry.tags)));
    let mut feed = Map::new();
    feed.insert("version".into(), json!("https://jsonfeed.org/version/1.1"));
    if let Some(site) = &entry.site {
        feed.insert("title".into(), json!(site));
    }
    feed.insert("feed_url".into(), json!(feed_url.as_str()));
    feed.insert("items".into(), json!([item]));
    Value::Object(feed)
}

//! WordPress REST API JSON: one post or page object (`/wp/v2/posts/274`),
//! or an array of them (`/wp/v2/posts`), with or without `?_embed`; one
//! entry per post.
//!
//! The loader has parsed the text to a `serde_json::Value` once; this
//! module takes the large strings (content, excerpt) out of it instead of
//! cloning them. It reads leniently, since saved responses are trimmed
//! (`_fields=`), extended by plugins and hand-edited: a field of an
//! unexpected type is ignored, an array element that is not a post is
//! skipped. Author and site names come from `_embedded` when the response
//! was embedded, else from Yoast SEO's additions ([`super::yoast`]).

use serde_json::{Map, Value};
use url::Url;

use super::{Problem, dates, fields, yoast};
use crate::model::{Body, BodySource, Date, Entry, Kind};

/// The member folio's fetcher adds to a saved item for what the item does
/// not say itself: `{"site": …, "withdrawn": …}` (see `fetch::wordpress::note`).
pub const NOTE_KEY: &str = "_folio";

/// What a password-protected post's body says when its content is not in
/// the file (WordPress leaves `content.rendered` empty for those).
pub const PROTECTED: &str = "This post is password-protected: its content is not in this file.";

/// Whether `v` is a WordPress REST response: a post, an array holding at
/// least one post (an empty array is an empty `/wp/v2/posts` page), or a
/// REST error object.
pub fn is_wordpress(v: &Value) -> bool {
    match v {
        Value::Array(items) => items.is_empty() || items.iter().any(is_post),
        Value::Object(o) => is_post(v) || error_message(o).is_some(),
        _ => false,
    }
}

/// Whether `v` looks like a post or page object, even a trimmed one.
fn is_post(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let rendered = |k: &str| {
        o.get(k)
            .and_then(|f| f.get("rendered"))
            .is_some_and(Value::is_string)
    };
    let has_str = |k: &str| o.get(k).is_some_and(Value::is_string);
    rendered("title")
        || rendered("content")
        || rendered("excerpt")
        || rendered("guid")
        || o.contains_key("yoast_head_json")
        || (has_str("link")
            && ["slug", "date_gmt", "modified_gmt", "type"]
                .iter()
                .any(|k| has_str(k)))
}

/// The message of a REST error response (`{"code": "rest_…", "message": …}`).
fn error_message(o: &Map<String, Value>) -> Option<&str> {
    let code = o.get("code")?.as_str()?;
    let message = o.get("message")?.as_str()?;
    code.starts_with("rest_").then_some(message)
}

/// Reads the posts of a response parsed by [`is_wordpress`]'s caller.
pub fn parse(value: Value) -> Result<Vec<Entry>, Problem> {
    if !is_post(&value) {
        if let Some(message) = value.as_object().and_then(error_message) {
            return Err(Problem::new(format!(
                "a WordPress REST error response, not a post: {message}"
            )));
        }
    }
    match value {
        Value::Array(items) => {
            let mut entries: Vec<Entry> = items
                .into_iter()
                .filter(is_post)
                .filter_map(|v| match v {
                    Value::Object(o) => Some(entry(o)),
                    _ => None,
                })
                .collect();
            share_site_names(&mut entries);
            Ok(entries)
        }
        Value::Object(o) => Ok(vec![entry(o)]),
        _ => Ok(Vec::new()),
    }
}

fn str_of<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// Takes `key.rendered` (or `key` itself when it is a plain string) out of
/// the post without copying it.
fn take_rendered(o: &mut Map<String, Value>, key: &str) -> Option<String> {
    let field = o.get_mut(key)?;
    let s = match field {
        Value::Object(inner) => inner.get_mut("rendered")?,
        other => other,
    };
    match s {
        Value::String(s) => Some(std::mem::take(s)),
        _ => None,
    }
}

fn entry(mut o: Map<String, Value>) -> Entry {
    let meta = yoast::read(&o);
    let base = site_base(&o, meta.canonical.as_deref());
    let note = o.get(NOTE_KEY);
    let noted = |key: &str| note.and_then(|n| n.get(key)).and_then(Value::as_str);
    let withdrawn = noted("withdrawn").is_some();
    let site = noted("site")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or(meta.site);

    // A site's own post types keep their names (`session`, `event`).
    let kind = match str_of(&o, "type") {
        Some("page") => Kind::Page,
        Some(name) => Kind::parse(name).unwrap_or(Kind::Post),
        None => Kind::Post,
    };
    let mut title = take_rendered(&mut o, "title").unwrap_or_default();
    if title.trim().is_empty() {
        title = str_of(&o, "slug")
            .map(fields::slug_title)
            .unwrap_or_default();
    }
    let date = site_time(&o, "date", "date_gmt");
    let updated = site_time(&o, "modified", "modified_gmt");

    let url = str_of(&o, "link")
        .map(decode)
        .and_then(|link| fields::absolute(base.as_ref(), &link))
        .or_else(|| {
            let canonical = meta.canonical.as_deref()?;
            fields::absolute(base.as_ref(), &decode(canonical))
        });
    let aliases = o
        .get("guid")
        .and_then(|g| g.get("rendered").or(Some(g)))
        .and_then(Value::as_str)
        .map(decode)
        .filter(|guid| fields::distinct_alias(guid, url.as_deref()))
        .into_iter()
        .collect();

    let author = embedded_authors(&o).or(meta.author);
    let tags = embedded_terms(&o);
    let summary = take_rendered(&mut o, "excerpt")
        .map(|s| without_more_links(&s))
        .filter(|s| !s.trim().is_empty());
    let (body, body_source) = match body(&mut o) {
        Some(body) => (body, BodySource::Published),
        // WordPress sent the content, empty: the excerpt is all there is.
        None if o.contains_key("content") => (
            Body::Html(summary.clone().unwrap_or_default()),
            BodySource::Published,
        ),
        // Fetched without it (`_fields`): the whole post is elsewhere.
        None => (
            summary_as_body(summary.as_deref(), url.as_deref()),
            BodySource::Summary,
        ),
    };

    Entry {
        kind,
        title,
        date,
        updated,
        author,
        site,
        url,
        aliases,
        summary,
        tags,
        body,
        body_source,
        withdrawn,
        ..Entry::default()
    }
}

/// A post's time as the site gave it: `local` is the site's wall-clock
/// time, `gmt` the same instant in UTC, so their difference is the site's
/// offset then, and the day shown and filtered on is the site's own (a
/// post published at 00:30 in Paris is of that day, as WordPress shows
/// it). UTC when the two disagree beyond any offset; either one alone
/// when the other is missing (WordPress writes `0000-00-00` for drafts).
fn site_time(o: &Map<String, Value>, local: &str, gmt: &str) -> Option<Date> {
    let read = |key: &str| str_of(o, key).and_then(dates::parse);
    dates::site_time(read(local), read(gmt))
}

/// One response comes from one site, but Yoast's data (which names it) may
/// be on only some of its posts: a post without a site name takes the one
/// of a post on the same host.
fn share_site_names(entries: &mut [Entry]) {
    let host = |e: &Entry| {
        e.url
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_owned))
    };
    let mut named: Vec<(String, String)> = Vec::new();
    for e in entries.iter() {
        if let (Some(h), Some(site)) = (host(e), e.site.as_ref()) {
            if !named.iter().any(|(nh, _)| *nh == h) {
                named.push((h, site.clone()));
            }
        }
    }
    if named.is_empty() {
        return;
    }
    for e in entries.iter_mut().filter(|e| e.site.is_none()) {
        if let Some(h) = host(e) {
            e.site = named
                .iter()
                .find(|(nh, _)| *nh == h)
                .map(|(_, s)| s.clone());
        }
    }
}

fn decode(s: &str) -> String {
    html_escape::decode_html_entities(s.trim()).into_owned()
}

/// The site's URL, to resolve a relative `link` against: the canonical
/// URL, else the part of the REST URL before `/wp-json/`.
fn site_base(o: &Map<String, Value>, canonical: Option<&str>) -> Option<Url> {
    if let Some(base) = canonical.and_then(|c| crate::urls::base(&decode(c))) {
        return Some(base);
    }
    let rest = o
        .get("_links")?
        .get("self")?
        .as_array()?
        .first()?
        .get("href")?
        .as_str()?;
    let mut url = Url::parse(rest).ok()?;
    let path = url.path();
    let root = path
        .find("/wp-json/")
        .map_or("/", |at| &path[..at + 1])
        .to_owned();
    url.set_path(&root);
    url.set_query(None);
    url.set_fragment(None);
    Some(url)
}

/// `_embedded.author[].name`, joined; error objects (an author the request
/// could not see) have no name and are skipped.
fn embedded_authors(o: &Map<String, Value>) -> Option<String> {
    let authors = o.get("_embedded")?.get("author")?.as_array()?;
    let names: Vec<&str> = authors
        .iter()
        .filter_map(|a| a.get("name")?.as_str())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// Taxonomies whose terms are WordPress's bookkeeping, not topics.
const INTERNAL_TAXONOMIES: &[&str] = &[
    "post_format",
    "nav_menu",
    "link_category",
    "wp_theme",
    "wp_template_part_area",
    "wp_pattern_category",
];

/// The names of the terms of every taxonomy the item carries (categories,
/// tags, a custom type's own such as a session's track), from
/// `_embedded["wp:term"]` (a list of lists of terms, one per taxonomy).
fn embedded_terms(o: &Map<String, Value>) -> Vec<String> {
    let Some(lists) = o
        .get("_embedded")
        .and_then(|e| e.get("wp:term"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    lists
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter(|t| {
            t.get("taxonomy")
                .and_then(Value::as_str)
                .is_none_or(|tax| !INTERNAL_TAXONOMIES.contains(&tax))
        })
        .filter_map(|t| {
            let name = t.get("name")?.as_str()?;
            let slug = t.get("slug").and_then(Value::as_str);
            fields::useful_term(name, slug).then(|| name.to_owned())
        })
        .collect()
}

/// The post's content; `None` when the file has none to show (a listing
/// fetched with `_fields`, a site that hides content).
fn body(o: &mut Map<String, Value>) -> Option<Body> {
    let protected = o
        .get("content")
        .and_then(|c| c.get("protected"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match take_rendered(o, "content") {
        Some(html) if !html.trim().is_empty() => {
            // Shortcodes of plugins the site no longer runs.
            let expanded = match super::shortcodes::expand_rendered(&html) {
                std::borrow::Cow::Owned(expanded) => expanded,
                std::borrow::Cow::Borrowed(_) => html,
            };
            Some(Body::Html(expanded))
        }
        _ if protected => Some(Body::Text(PROTECTED.to_owned())),
        _ => None,
    }
}

/// An excerpt without the theme's "Continue reading" link (`<a
/// class="more-link">Continue reading<span class="screen-reader-text">
/// Title</span></a>`, added by the `excerpt_more` filter of most themes):
/// a summary is the excerpt's own text.
fn without_more_links(excerpt: &str) -> String {
    let lower = excerpt.to_ascii_lowercase();
    let mut out = String::with_capacity(excerpt.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find("<a") {
        let start = at + found;
        let Some(tag_len) = lower[start..].find('>') else {
            break;
        };
        let tag = &lower[start..start + tag_len];
        let is_anchor = tag[2..].starts_with(|c: char| c.is_ascii_whitespace());
        let more = is_anchor
            && class_of(tag).is_some_and(|class| {
                class
                    .split_ascii_whitespace()
                    .any(|c| matches!(c, "more-link" | "read-more" | "more-tag"))
            });
        let end = lower[start..]
            .find("</a>")
            .map(|e| start + e + "</a>".len());
        match (more, end) {
            (true, Some(end)) => {
                out.push_str(&excerpt[at..start]);
                at = end;
            }
            _ => {
                out.push_str(&excerpt[at..start + 2]);
                at = start + 2;
            }
        }
    }
    out.push_str(&excerpt[at..]);
    out
}

/// The value of the `class` attribute of a start tag (lowercased text).
fn class_of(tag: &str) -> Option<&str> {
    let at = tag.find(" class=").or_else(|| tag.find("\tclass="))? + " class=".len();
    let rest = &tag[at..];
    match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next(),
        _ => rest.split(|c: char| c.is_ascii_whitespace()).next(),
    }
}

/// The body of a post whose content is not in the file: its excerpt, and
/// a line saying it is a summary and where the whole post is (read and
/// indexed like any body). Empty without an excerpt.
fn summary_as_body(excerpt: Option<&str>, url: Option<&str>) -> Body {
    let Some(excerpt) = excerpt else {
        return Body::Text(String::new());
    };
    let rest = match url {
        Some(url) => format!("the whole post is at {}", html_escape::encode_text(url)),
        None => "the whole post is not in this file".to_owned(),
    };
    Body::Html(format!(
        "{excerpt}\n<p><em>(Only a summary: {rest}.)</em></p>"
    ))
}

#[cfg(test)]
mod tests;

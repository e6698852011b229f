//! WordPress export files (WXR: RSS 2.0 with the `wp:` namespace), read
//! with quick-xml's streaming reader: one entry per published post or page.
//!
//! An export holds a whole site: attachments, menu items, drafts,
//! revisions, reusable blocks and whatever plugins store as posts. Only
//! `post` and `page` items with status `publish` are entries. Authors are
//! named in `<wp:author>` blocks and items point to them by login. Bodies
//! are stored without paragraphs ([`super::autop`] adds them).
//!
//! WordPress always writes these prefixes (`wp:`, `content:`, `excerpt:`,
//! `dc:`), so elements are matched by qualified name, without namespace
//! resolution. Exports are often cut off (they are large, and time out):
//! when the XML breaks after some complete items, those are kept and the
//! break is a warning.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Diagnostic, Doc, Problem, autop, dates, fields, shortcodes, xml};
use crate::model::{Body, Entry, Kind};

/// The fields of an `<item>` folio reads, as written.
#[derive(Default)]
struct Item {
    title: String,
    link: String,
    guid: String,
    creator: String,
    content: String,
    excerpt: String,
    slug: String,
    post_type: String,
    status: String,
    date_gmt: String,
    date: String,
    modified_gmt: String,
    modified: String,
    tags: Vec<String>,
}

/// Where the text being read goes.
#[derive(Clone, Copy)]
enum Slot {
    ChannelTitle,
    ChannelLink,
    BaseUrl,
    AuthorLogin,
    AuthorName,
    Title,
    Link,
    Guid,
    Creator,
    Content,
    Excerpt,
    Slug,
    PostType,
    Status,
    DateGmt,
    Date,
    ModifiedGmt,
    Modified,
    Tag,
}

#[derive(Default)]
struct Export {
    site: String,
    link: String,
    base_url: String,
    /// Login → display name.
    authors: HashMap<String, String>,
    author: (String, String),
    entries: Vec<Entry>,
}

/// Reads the published posts and pages of an export. A break in the XML
/// after some posts is a warning in `diagnostics`; before any, a problem.
pub fn parse(doc: &Doc, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Entry>, Problem> {
    let text = doc.text;
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;

    let mut export = Export::default();
    let mut depth = 0usize;
    let mut channel: Option<usize> = None;
    let mut item: Option<(usize, Item)> = None;
    let mut author: Option<usize> = None;
    let mut capture: Option<(Slot, usize)> = None;
    let mut buf = String::new();
    let mut items_seen = 0usize;

    let broken = loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => break Some(xml::read_error(text, &reader, e)),
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                if capture.is_some() {
                    continue;
                }
                let name = e.name();
                let name = name.as_ref();
                let slot = if let Some((d, it)) = &mut item {
                    (depth == *d + 1).then(|| item_slot(name, &e, it)).flatten()
                } else if let Some(d) = author {
                    (depth == d + 1).then(|| author_slot(name)).flatten()
                } else if let Some(d) = channel {
                    if depth != d + 1 {
                        None
                    } else {
                        match name {
                            "item" => {
                                item = Some((depth, Item::default()));
                                None
                            }
                            "wp:author" => {
                                author = Some(depth);
                                None
                            }
                            "title" => Some(Slot::ChannelTitle),
                            "link" => Some(Slot::ChannelLink),
                            "wp:base_blog_url" => Some(Slot::BaseUrl),
                            _ => None,
                        }
                    }
                } else {
                    if name == "channel" {
                        channel = Some(depth);
                    }
                    None
                };
                if let Some(slot) = slot {
                    buf.clear();
                    capture = Some((slot, depth));
                }
            }
            Event::End(_) => {
                if let Some((slot, d)) = capture {
                    if d == depth {
                        store(slot, std::mem::take(&mut buf), &mut export, &mut item);
                        capture = None;
                    }
                }
                if item.as_ref().is_some_and(|(d, _)| *d == depth) {
                    if let Some((_, it)) = item.take() {
                        items_seen += 1;
                        if let Some(e) = entry(it) {
                            export.entries.push(e);
                        }
                    }
                } else if author == Some(depth) {
                    author = None;
                    let (login, name) = std::mem::take(&mut export.author);
                    if !login.trim().is_empty() && !name.trim().is_empty() {
                        export.authors.insert(login.trim().to_owned(), name);
                    }
                } else if channel == Some(depth) {
                    channel = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => {
                break (depth > 0).then(|| xml::check(text)).flatten();
            }
            other => {
                if capture.is_some() {
                    xml::push_text(&mut buf, &other);
                }
            }
        }
    };

    if let Some(problem) = broken {
        if items_seen == 0 {
            return Err(Problem {
                message: format!("not a readable WordPress export: {}", problem.message),
                ..problem
            });
        }
        diagnostics.push(Diagnostic {
            position: problem.position,
            ..Diagnostic::warning(
                doc.path,
                format!(
                    "{}; the {items_seen} items before it were read, the rest of the export is lost",
                    problem.message
                ),
            )
        });
    }
    Ok(complete(export))
}

fn item_slot(name: &str, e: &BytesStart, item: &mut Item) -> Option<Slot> {
    Some(match name {
        "title" => Slot::Title,
        "link" => Slot::Link,
        "guid" => Slot::Guid,
        "dc:creator" => Slot::Creator,
        "content:encoded" => Slot::Content,
        "excerpt:encoded" => Slot::Excerpt,
        "wp:post_name" => Slot::Slug,
        "wp:post_type" => Slot::PostType,
        "wp:status" => Slot::Status,
        "wp:post_date_gmt" => Slot::DateGmt,
        "wp:post_date" => Slot::Date,
        "wp:post_modified_gmt" => Slot::ModifiedGmt,
        "wp:post_modified" => Slot::Modified,
        "category" => {
            let attr = |key: &str| xml::attr(e, key);
            let domain = attr("domain");
            let is_term = domain
                .as_deref()
                .is_none_or(|d| d == "category" || d == "post_tag");
            let default = attr("nicename").is_some_and(|s| s.eq_ignore_ascii_case("uncategorized"));
            if !is_term || default {
                return None;
            }
            item.tags.push(String::new());
            Slot::Tag
        }
        _ => return None,
    })
}

fn author_slot(name: &str) -> Option<Slot> {
    match name {
        "wp:author_login" => Some(Slot::AuthorLogin),
        "wp:author_display_name" => Some(Slot::AuthorName),
        _ => None,
    }
}

fn store(slot: Slot, text: String, export: &mut Export, item: &mut Option<(usize, Item)>) {
    if let Some((_, it)) = item {
        let field = match slot {
            Slot::Title => &mut it.title,
            Slot::Link => &mut it.link,
            Slot::Guid => &mut it.guid,
            Slot::Creator => &mut it.creator,
            Slot::Content => &mut it.content,
            Slot::Excerpt => &mut it.excerpt,
            Slot::Slug => &mut it.slug,
            Slot::PostType => &mut it.post_type,
            Slot::Status => &mut it.status,
            Slot::DateGmt => &mut it.date_gmt,
            Slot::Date => &mut it.date,
            Slot::ModifiedGmt => &mut it.modified_gmt,
            Slot::Modified => &mut it.modified,
            Slot::Tag => match it.tags.last_mut() {
                Some(tag) => tag,
                None => return,
            },
            _ => return,
        };
        *field = text;
        return;
    }
    match slot {
        Slot::ChannelTitle => export.site = text,
        Slot::ChannelLink => export.link = text,
        Slot::BaseUrl => export.base_url = text,
        Slot::AuthorLogin => export.author.0 = text,
        Slot::AuthorName => export.author.1 = text,
        _ => {}
    }
}

/// WordPress writes `0000-00-00 00:00:00` for a date it does not have.
/// With both, the site's offset is kept ([`dates::site_time`]).
fn date(gmt: &str, local: &str) -> Option<crate::model::Date> {
    let read = |d: &str| {
        Some(d)
            .filter(|d| !d.trim().starts_with("0000"))
            .and_then(dates::parse)
    };
    dates::site_time(read(local), read(gmt))
}

/// The entry for a published post or page; `None` for anything else.
fn entry(it: Item) -> Option<Entry> {
    let kind = match it.post_type.trim() {
        "post" | "" => Kind::Post,
        "page" => Kind::Page,
        _ => return None,
    };
    if !matches!(it.status.trim(), "publish" | "") {
        return None;
    }
    let title = if it.title.trim().is_empty() {
        fields::slug_title(&it.slug)
    } else {
        it.title
    };
    // As WordPress does: paragraphs first, then shortcodes.
    let content = autop::autop(it.content);
    let content = shortcodes::expand(&content).into_owned();
    Some(Entry {
        kind,
        title,
        date: date(&it.date_gmt, &it.date),
        updated: date(&it.modified_gmt, &it.modified),
        // The login for now: `complete` maps it to the display name.
        author: Some(it.creator.trim().to_owned()).filter(|c| !c.is_empty()),
        // As written for now: `complete` resolves it against the site.
        url: Some(it.link),
        aliases: vec![it.guid],
        summary: Some(it.excerpt).filter(|s| !s.trim().is_empty()),
        tags: it
            .tags
            .into_iter()
            .filter(|t| fields::useful_term(t, None))
            .collect(),
        body: if content.trim().is_empty() {
            Body::Text(String::new())
        } else {
            Body::Html(content)
        },
        ..Entry::default()
    })
}

/// Fills in what needed the whole channel: the site, absolute URLs and
/// authors' display names.
fn complete(export: Export) -> Vec<Entry> {
    let base = [&export.link, &export.base_url]
        .into_iter()
        .find_map(|u| crate::urls::base(u));
    let site = Some(export.site.trim().to_owned()).filter(|s| !s.is_empty());
    let mut entries = export.entries;
    for e in &mut entries {
        e.url = e
            .url
            .take()
            .and_then(|link| fields::absolute(base.as_ref(), &link));
        let guid = e.aliases.pop().unwrap_or_default();
        if fields::distinct_alias(&guid, e.url.as_deref()) {
            e.aliases.push(guid.trim().to_owned());
        }
        if let Some(name) = e
            .author
            .as_ref()
            .and_then(|login| export.authors.get(login))
        {
            e.author = Some(name.clone());
        }
        e.site.clone_from(&site);
    }
    entries
}

#[cfg(test)]
mod tests;

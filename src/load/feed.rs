//! RSS 0.9x, 1.0 (RDF) and 2.0 and Atom feeds, read with feed-rs: one
//! entry per item. (JSON Feed is read by [`super::jsonfeed`], Atom 0.3,
//! which feed-rs does not know, by [`atom03`].)
//!
//! feed-rs gives each item's content and summary with a media type; RSS
//! says nothing reliable about it (descriptions are "HTML" that is often
//! plain text with entities), so for RSS, and for any text labelled HTML,
//! the content decides: markup makes it HTML, no markup makes it text.
//! Item links are resolved against the feed's own link, as readers do.
//!
//! feed-rs gives dates in UTC. A date written with an offset
//! (`Mon, 22 Jun 2026 00:30:00 +0200`) is shown by the day it names, so
//! the offsets written in the feed are read back from its text
//! ([`offsets`]) and given to the instants feed-rs found.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

use chrono::{DateTime, FixedOffset, Utc};

use feed_rs::model::{Content, Feed, FeedType, Link, Person, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};

use super::{Diagnostic, Doc, Problem, fields, xml};
use crate::model::{Body, BodySource, Date, Entry, Kind};

/// Reads the items of an RSS or Atom feed. A feed that holds items and
/// gives no entry says so in a warning: never "0 entries" in silence.
pub fn parse(doc: &Doc, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Entry>, Problem> {
    let entries = read_items(doc)?;
    let (text, _) = xml::utf8_body(doc.text);
    let items = ["<item>", "<item ", "<entry>", "<entry "]
        .iter()
        .map(|tag| text.matches(tag).count())
        .sum::<usize>();
    if entries.is_empty() && items > 0 {
        warnings.push(Diagnostic::warning(
            doc.path,
            format!(
                "the feed holds {items} item{} but folio read no entry from {}; it may be of a kind folio does not read yet",
                if items == 1 { "" } else { "s" },
                if items == 1 { "it" } else { "them" },
            ),
        ));
    }
    Ok(entries)
}

fn read_items(doc: &Doc) -> Result<Vec<Entry>, Problem> {
    let (text, skipped) = xml::utf8_body(doc.text);
    if atom03::is_atom03(text) {
        return atom03::parse(text);
    }
    let result = match crate::guard::quietly(AssertUnwindSafe(|| read(text))) {
        Ok(result) => result,
        // A known feed-rs bug (see `guard`): try again around it.
        Err(panic) => match guard::space_out_addresses(text)
            .map(|spaced| crate::guard::quietly(AssertUnwindSafe(|| read(&spaced))))
        {
            Some(Ok(result)) => result,
            _ => {
                return Err(Problem::new(format!(
                    "not a valid RSS/Atom feed: the feed reader (feed-rs) failed on it: {panic}"
                )));
            }
        },
    };
    match result {
        Ok(feed) => Ok(entries(feed, text, &offsets(text))),
        Err(e) => Err(explain(doc.text, skipped, e)),
    }
}

/// The feed in `text`. An `<rss>` without a `version` attribute, which
/// feed-rs refuses and other readers take as RSS 2.0, is read as 2.0.
fn read(text: &str) -> Result<Feed, ParseFeedError> {
    match read_as_is(text) {
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) => match versioned(text) {
            // Positions in its errors are 16 bytes off after the root.
            Some(text) => read_as_is(&text),
            None => Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)),
        },
        other => other,
    }
}

/// `text` with `version="2.0"` given to its `<rss>` root when it has none.
fn versioned(text: &str) -> Option<String> {
    // The root: past the declaration, comments and a doctype.
    let mut at = 0;
    loop {
        let rest = text[at..].trim_start();
        at = text.len() - rest.len();
        let skip = if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            rest.find('>')? + 1
        } else {
            break;
        };
        at += skip;
    }
    let root = &text[at..];
    let after = root.strip_prefix("<rss")?;
    let tag = &after[..after.find('>')?];
    if !tag.starts_with(|c: char| c.is_ascii_whitespace() || c == '/') && !tag.is_empty()
        || tag.contains("version")
    {
        return None;
    }
    let at = at + "<rss".len();
    Some(format!("{} version=\"2.0\"{}", &text[..at], &text[at..]))
}

fn read_as_is(text: &str) -> Result<Feed, ParseFeedError> {
    feed_rs::parser::Builder::new()
        .sanitize_content(false)
        // Items without an id get a hash or a random UUID by default; folio
        // makes its own ids, so skip that work.
        .id_generator(|_: &[Link], _: &Option<Text>, _: Option<&str>| String::new())
        .build()
        .parse(text.as_bytes())
}

/// Why feed-rs could not read the feed, in plain words and with a position
/// where one can be found.
fn explain(text: &str, skipped: usize, e: ParseFeedError) -> Problem {
    let wrap = |p: Problem| Problem {
        message: format!("not a valid RSS/Atom feed: {}", p.message),
        ..p
    };
    if let Some(p) = xml::check(text) {
        return wrap(p);
    }
    let at = |pos: u64| {
        usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .saturating_add(skipped)
    };
    let p = match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => Problem::new(
            "it has no <rss> channel, <rdf:RDF> or Atom <feed> that folio recognises \
             (RSS versions 0.91, 0.92 and 2.0 are read)",
        ),
        ParseFeedError::ParseError(ParseErrorKind::UnknownMimeType { position, mime }) => {
            xml::problem_at(
                text,
                at(position),
                format!("unknown content type \"{mime}\""),
            )
        }
        ParseFeedError::ParseError(ParseErrorKind::MissingContent {
            position,
            reference,
        }) => xml::problem_at(text, at(position), format!("an element has no {reference}")),
        ParseFeedError::ParseError(
            ParseErrorKind::UnknownEnumVariant {
                position,
                reference,
            }
            | ParseErrorKind::IllegalState {
                position,
                reference,
            },
        ) => xml::problem_at(text, at(position), format!("unexpected {reference}")),
        other => Problem::new(other.to_string()),
    };
    wrap(p)
}

fn is_alternate(link: &Link) -> bool {
    link.target.is_none() && link.rel.as_deref().is_none_or(|r| r == "alternate")
}

fn entries(feed: Feed, text: &str, offsets: &HashMap<i64, FixedOffset>) -> Vec<Entry> {
    let dated = |t: DateTime<Utc>| match offsets.get(&t.timestamp()) {
        Some(offset) => Date::Instant(t.with_timezone(offset)),
        None => Date::utc(t),
    };
    let rss = matches!(
        feed.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
    let site = feed.title.map(|t| t.content);
    let base = feed
        .links
        .iter()
        .find(|l| is_alternate(l))
        .or(feed.links.first())
        .and_then(|l| crate::urls::base(&l.href));
    let feed_authors = names(&feed.authors);

    let mut entries: Vec<Entry> = feed
        .entries
        .into_iter()
        .map(|item| {
            let link = item
                .links
                .iter()
                .find(|l| is_alternate(l))
                .or(item.links.first());
            let url = link
                .and_then(|l| fields::absolute(base.as_ref(), &l.href))
                .or_else(|| fields::is_web_url(&item.id).then(|| item.id.trim().to_owned()));
            let aliases = Some(item.id.trim())
                .filter(|id| fields::id_alias(id, url.as_deref()))
                .map(str::to_owned)
                .into_iter()
                .collect();
            let date = item.published.or(item.updated);
            let updated = item.updated.filter(|u| Some(*u) != date);
            let has_content = item
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .is_some_and(|b| !b.trim().is_empty());
            let (body, summary) = body(item.content, item.summary, rss);
            // An item without content is its summary (a WordPress feed's
            // `description` without `content:encoded`).
            let body_source = match has_content || body.is_empty() {
                true => BodySource::Published,
                false => BodySource::Summary,
            };
            Entry {
                kind: Kind::FeedItem,
                title: item.title.map(|t| title(t, rss)).unwrap_or_default(),
                date: date.map(dated),
                updated: updated.map(dated),
                author: names(&item.authors).or_else(|| feed_authors.clone()),
                site: site.clone(),
                url,
                aliases,
                summary,
                tags: item
                    .categories
                    .into_iter()
                    .map(|c| c.label.unwrap_or(c.term))
                    .collect(),
                body,
                body_source,
                ..Entry::default()
            }
        })
        .collect();
    if rss {
        items::complete(text, &mut entries, base.as_ref(), site.as_deref());
    }
    entries
}

/// The offset each instant written in the feed's date elements was
/// written with (`pubDate`, `published`, `updated`, `dc:date`, …), by its
/// UTC second.
fn offsets(text: &str) -> HashMap<i64, FixedOffset> {
    const DATES: &[&str] = &[
        "pubdate",
        "published",
        "updated",
        "date",
        "issued",
        "modified",
        "created",
    ];
    let mut out = HashMap::new();
    for (at, _) in text.match_indices('<') {
        let rest = &text[at + 1..];
        // A tag name is short: looking further would make text full of
        // `<` quadratic.
        let mut cut = rest.len().min(40);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = &rest[..cut];
        let name_len = head
            .find(|c: char| c == '>' || c == '/' || c == '<' || c.is_whitespace())
            .unwrap_or(0);
        let name = &rest[..name_len];
        let local = name.rsplit(':').next().unwrap_or(name);
        if !DATES.iter().any(|d| d.eq_ignore_ascii_case(local)) {
            continue;
        }
        let Some(value) = rest.find('>').map(|gt| &rest[gt + 1..]) else {
            continue;
        };
        let value = &value[..value.find('<').unwrap_or(value.len())];
        if value.len() > 64 {
            continue;
        }
        if let Some(Date::Instant(t)) = super::dates::parse(value) {
            // The same instant written twice (`pubDate` with its offset,
            // `dc:date` in UTC): the offset that is not UTC wins.
            let offset = out.entry(t.timestamp()).or_insert(*t.offset());
            if offset.local_minus_utc() == 0 {
                *offset = *t.offset();
            }
        }
    }
    out
}

/// A title as HTML for `finish` to clean: Atom's `type="text"` titles are
/// escaped so that `<` in them stays text; RSS titles are markup-ish in
/// practice (entities, `<em>`) whatever they say.
fn title(t: Text, rss: bool) -> String {
    if !rss && t.content_type.as_str() == "text/plain" && t.content.contains(['<', '&']) {
        html_escape::encode_text(&t.content).into_owned()
    } else {
        t.content
    }
}

fn names(people: &[Person]) -> Option<String> {
    let names: Vec<&str> = people
        .iter()
        .filter_map(|p| {
            let name = p.name.as_deref().map(clean_name).filter(|n| !n.is_empty());
            name.or(p.email.as_deref())
        })
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// What feed-rs leaves around a name it split from an address: the
/// parentheses of `jane@example.org (Jane Doe)`, the dash or comma of
/// `Jane Doe — jane@example.org`.
fn clean_name(name: &str) -> &str {
    let name = name.trim();
    let name = name
        .strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .unwrap_or(name);
    name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | ';' | ':'))
}

/// The body is the item's content, else its summary; the summary is kept
/// as such only when there is content besides it.
fn body(content: Option<Content>, summary: Option<Text>, rss: bool) -> (Body, Option<String>) {
    let content = content.and_then(|c| {
        let kind = c.content_type.as_str().to_owned();
        c.body.filter(|b| !b.trim().is_empty()).map(|b| (b, kind))
    });
    let summary = summary
        .filter(|s| !s.content.trim().is_empty())
        .map(|s| (s.content, s.content_type.as_str().to_owned()));
    match (content, summary) {
        (Some((b, kind)), summary) => (as_body(b, &kind, rss), summary.map(|(s, _)| s)),
        (None, Some((s, kind))) => (as_body(s, &kind, rss), None),
        (None, None) => (Body::Text(String::new()), None),
    }
}

fn as_body(s: String, media_type: &str, rss: bool) -> Body {
    let html = rss || media_type.contains("html");
    if html && fields::has_markup(&s) {
        Body::Html(s)
    } else if html {
        // "HTML" without a tag: plain text whose entities are still escaped.
        Body::Text(html_escape::decode_html_entities(&s).into_owned())
    } else {
        Body::Text(s)
    }
}

mod atom03;
mod guard;
mod items;

#[cfg(test)]
mod tests;

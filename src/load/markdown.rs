//! Markdown documents, with or without front matter ([`front`]), rendered
//! to HTML with pulldown-cmark (tables, footnotes, strikethrough, task
//! lists; quotes left as written). Raw HTML passes through: sanitising is
//! the renderer's job.
//!
//! The title is the front matter's, else a level-1 heading at the very top
//! of the text (then taken out of the body, so it is not shown twice), else
//! the slug of a Jekyll-style name (`2026-06-22-workshops.md` →
//! "Workshops"). The date is the front matter's, else the name's; never
//! the file's. A dated document is a post, `layout: page` a page, anything
//! else a document. Broken front matter costs its fields, not the text.
//! Template tags of the site generator are never shown raw ([`liquid`]);
//! a page that only redirects (`redirect_to:`) says where it moved.

mod front;
mod liquid;

use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Diagnostic, Doc, Problem, Severity, dates};
use crate::markup;
use crate::model::{Body, Date, Entry, Kind};

use front::Fields;

/// Reads a Markdown document.
pub fn parse(doc: &Doc, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Entry>, Problem> {
    let (block, mut text) = front::split(doc.text);
    let mut fields = Fields::default();
    if let Some(block) = &block {
        match front::parse(block) {
            Ok(Some(map)) => fields = Fields::from_map(&map),
            // Not fields after all: the lines are part of the text.
            Ok(None) => text = doc.text,
            Err(problem) => warnings.push(Diagnostic {
                path: doc.path.to_path_buf(),
                position: problem.position,
                severity: Severity::Warning,
                message: problem.message,
            }),
        }
    }
    let jekyll = jekyll_name(doc.stem);

    let mut date = None;
    if let Some(raw) = &fields.date {
        date = dates::parse(raw);
        if date.is_none() {
            let shown: String = raw.chars().take(40).collect();
            warnings.push(Diagnostic::warning(
                doc.path,
                format!("the front matter date \"{shown}\" is not a date folio reads; ignored"),
            ));
        }
    }
    let date = date.or_else(|| jekyll.as_ref().map(|(day, _)| Date::Day(*day)));

    // Only a document with front matter is a template.
    let text = match block.is_some() {
        true => liquid::strip(text),
        false => std::borrow::Cow::Borrowed(text),
    };
    let (heading, html) = render(&text);
    let (title, mut html) = match (fields.title.take(), heading) {
        (Some(title), Some(h)) if same_text(&title, &h.title) => (title, h.html_without),
        (Some(title), _) => (title, html),
        (None, Some(h)) => (h.title, h.html_without),
        (None, None) => (jekyll.and_then(|(_, slug)| slug).unwrap_or_default(), html),
    };
    if let Some(to) = &fields.redirect {
        let to = html_escape::encode_double_quoted_attribute(to);
        html = format!("<p>This page moved to <a href=\"{to}\">{to}</a>.</p>\n{html}");
    }

    let kind = if fields.page {
        Kind::Page
    } else if date.is_some() {
        Kind::Post
    } else {
        Kind::Document
    };
    Ok(vec![Entry {
        kind,
        title,
        date,
        updated: fields.updated.as_deref().and_then(dates::parse),
        author: (!fields.authors.is_empty()).then(|| fields.authors.join(", ")),
        site: fields.site,
        url: fields.url,
        summary: fields.summary,
        tags: fields.tags,
        body: Body::Html(html),
        ..Entry::default()
    }])
}

/// A level-1 heading at the very top of a document.
struct Heading {
    /// Its content as inline HTML.
    title: String,
    /// The document's HTML without it.
    html_without: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to HTML; also returns the top heading, if the text
/// starts with a level-1 one, and the HTML without it.
fn render(text: &str) -> (Option<Heading>, String) {
    let events: Vec<Event> = Parser::new_ext(text, options()).collect();
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());

    let top = match events.first() {
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })) => events
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1)))),
        _ => None,
    };
    let heading = top.map(|end| {
        let mut title = String::new();
        pulldown_cmark::html::push_html(&mut title, events[1..end].iter().cloned());
        let mut rest = String::with_capacity(html.len());
        pulldown_cmark::html::push_html(&mut rest, events[end + 1..].iter().cloned());
        Heading {
            title,
            html_without: rest,
        }
    });
    (
        heading.filter(|h| !markup::inline_text(&h.title).is_empty()),
        html,
    )
}

fn same_text(a: &str, b: &str) -> bool {
    markup::inline_text(a).eq_ignore_ascii_case(&markup::inline_text(b))
}

/// `2026-06-22-workshops` → the day and "Workshops"; `2026-06-22` → the day.
/// A prefix set off by `-` or `_` is skipped (`004_2026-06-22-workshops`,
/// as files saved by number are named).
fn jekyll_name(stem: &str) -> Option<(NaiveDate, Option<String>)> {
    let (day, rest) = stem
        .char_indices()
        .filter(|&(at, _)| at == 0 || stem[..at].ends_with(['-', '_']))
        .find_map(|(at, _)| {
            let day = NaiveDate::parse_from_str(stem.get(at..at + 10)?, "%Y-%m-%d").ok()?;
            Some((day, stem.get(at + 10..)?))
        })?;
    if rest.is_empty() {
        return Some((day, None));
    }
    let words = markup::collapse_whitespace(&rest.strip_prefix('-')?.replace(['-', '_'], " "));
    let mut chars = words.chars();
    let title = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect());
    Some((day, title))
}

#[cfg(test)]
mod tests;

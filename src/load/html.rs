//! Saved HTML pages: one entry per page, with what the page says about
//! itself and its main content without the site around it.
//!
//! Metadata is read by a streaming pass ([`meta`]) and from JSON-LD
//! ([`jsonld`]); readability's guesses are only a last resort, because the
//! issue is specific about the order: the title is `og:title`, else
//! `<title>` without its " | Site" suffix, else the first `<h1>`; the URL is
//! `<link rel=canonical>`, else `og:url`. The main content comes from
//! [`content`]. A page nested too deeply for a tree ([`depth`]) is still
//! read, as plain text, with a warning.

mod content;
mod depth;
mod jsonld;
mod meta;
mod sections;

use super::{Diagnostic, Doc, Problem, dates};
use crate::markup;
use crate::model::{Body, Date, Derived, Entry, Kind, Link};

use jsonld::LinkedData;
pub use meta::LinkTag;
use meta::Meta;

/// The `<link>` elements of a page (for the fetcher: what a page
/// advertises, such as its feed or its WordPress API).
pub fn link_tags(html: &str) -> Vec<LinkTag> {
    meta::read(html).links
}

/// Reads a saved HTML page.
pub fn parse(doc: &Doc, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Entry>, Problem> {
    let meta = meta::read(doc.text);
    let ld = jsonld::read(&meta.json_ld);

    let site_name = meta.get(&["og:site_name"]).or(ld.site.as_deref());
    let url = page_url(&meta, &ld);
    let host = url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned));
    let (title, title_site) = title(&meta, &ld, site_name, host.as_deref());
    let date = first_date(published(&meta, &ld));
    let kind = if date.is_some()
        || ld.article
        || meta
            .get(&["og:type"])
            .is_some_and(|t| t.eq_ignore_ascii_case("article"))
    {
        Kind::Post
    } else {
        Kind::Page
    };

    let mut entry = Entry {
        kind,
        title,
        date,
        updated: first_date(updated(&meta, &ld)),
        site: site_name.map(str::to_owned).or(title_site),
        summary: meta
            .get(&["description", "og:description", "twitter:description"])
            .map(str::to_owned)
            .or(ld.description.clone()),
        tags: tags(&meta, &ld),
        ..Entry::default()
    };
    if let Some(alias) = meta
        .get(&["og:url"])
        .filter(|u| Some(*u) != url.as_deref() && is_web_url(u))
    {
        entry.aliases.push(alias.to_owned());
    }

    let byline = if meta.depth.too_complex() {
        warnings.push(Diagnostic::warning(
            doc.path,
            format!(
                "the markup is nested too deeply (more than {} levels) or too tangled to find \
                 the main content; showing all of the page's text",
                depth::MAX_DEPTH
            ),
        ));
        (entry.body, entry.links) = flat(doc.text, url.as_deref(), meta.base.as_deref());
        None
    } else {
        let content = content::extract(doc.text, url.as_deref(), meta.base.as_deref());
        entry.body = Body::Html(content.html);
        content.byline
    };
    entry.author = author(&meta, &ld).or_else(|| byline.map(|b| strip_by(&b).to_owned()));
    entry.url = url;
    if let Body::Html(html) = &entry.body {
        if let Some(workshops) = sections::split(html, &entry) {
            return Ok(workshops);
        }
    }
    Ok(vec![entry])
}

/// All the visible text of a page, as paragraphs, and its links: what is
/// left when there is no tree. The links cannot be found again in a text
/// body, so they are kept here, resolved against the `<base href>` or the
/// page's URL.
fn flat(html: &str, url: Option<&str>, base: Option<&str>) -> (Body, Derived<Vec<Link>>) {
    let scan = markup::scan(html);
    let base = content::effective_base(url, base).or_else(|| url.and_then(crate::urls::base));
    let mut links = scan.links;
    for link in &mut links {
        link.url = crate::urls::resolve(base.as_ref(), &link.url);
        link.text = markup::clean_inline(&link.text);
    }
    links.retain(|l| !l.url.is_empty());
    let paragraphs: Vec<&str> = scan.text.lines().filter(|l| !l.trim().is_empty()).collect();
    (Body::Text(paragraphs.join("\n\n")), Derived::new(links))
}

/// Metadata that names the article, as Reader View reads it: Open Graph,
/// Dublin Core, Parse.ly, Twitter.
const TITLE_KEYS: &[&str] = &[
    "og:title",
    "dc.title",
    "dc:title",
    "dcterms.title",
    "dcterm:title",
    "parsely-title",
    "twitter:title",
];

/// The title from metadata ([`TITLE_KEYS`]), else the JSON-LD headline
/// when `<title>` or the first `<h1>` agree with it, else `<title>`
/// without a site suffix, else the first `<h1>`, else the JSON-LD
/// headline; and the site named by a stripped suffix.
fn title(
    meta: &Meta,
    ld: &LinkedData,
    site: Option<&str>,
    host: Option<&str>,
) -> (String, Option<String>) {
    if let Some(t) = meta.get(TITLE_KEYS) {
        return (t.to_owned(), None);
    }
    if let Some(headline) = ld.headline.as_deref().filter(|h| !h.trim().is_empty()) {
        // It agrees when it is that text or holds it (a headline shorter
        // than the title's own part is a cut or a generic name).
        let agrees = |t: Option<&str>| {
            t.is_some_and(|t| {
                let own = split_site(&markup::inline_text(t), site, host).0;
                same_name(&own, headline) && headline.chars().count() >= own.chars().count()
            })
        };
        if agrees(meta.title.as_deref()) || agrees(meta.h1.as_deref()) {
            // The `<title>` may still name the site after the headline.
            let site = meta
                .title
                .as_deref()
                .map(markup::inline_text)
                .and_then(|t| split_site(&t, site, host).1);
            return (headline.to_owned(), site);
        }
    }
    if let Some(t) = meta.title.as_deref().map(markup::inline_text) {
        if !t.is_empty() {
            return split_site(&t, site, host);
        }
    }
    if let Some(h1) = meta.h1.as_deref().map(markup::collapse_whitespace) {
        if !h1.is_empty() {
            // Text, not markup: escaped so that cleanup keeps it as written.
            return (html_escape::encode_text(&h1).into_owned(), None);
        }
    }
    (ld.headline.clone().unwrap_or_default(), None)
}

/// Separators between a page's title and its site's name.
const SEPARATORS: &[&str] = &[" | ", " - ", " — ", " – ", " · ", " :: "];

/// Splits "Title | Site" into the title and the site, when the part after
/// the last separator is the site: it matches the site's declared name, or
/// (with no declared name) names the page's host ("… – Field Notes" on
/// fieldnotes.example.org), or is short after a separator titles rarely
/// hold (`|`, `·`, `—`, `::`). A spaced hyphen is as often part of the
/// title ("RECOMB 99 - Preliminary Program"): it splits only on a name.
/// "Site | Title" is split when the first part matches the declared name.
fn split_site(title: &str, site: Option<&str>, host: Option<&str>) -> (String, Option<String>) {
    let Some((at, sep)) = SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, *sep)))
        .max_by_key(|(at, _)| *at)
    else {
        return (title.to_owned(), None);
    };
    let (head, tail) = (title[..at].trim(), title[at + sep.len()..].trim());
    if head.is_empty() || tail.is_empty() {
        return (title.to_owned(), None);
    }
    let is_site = match site {
        Some(site) => same_name(tail, site),
        None => {
            let words = tail.split_whitespace().count();
            let short =
                words <= 4 && tail.chars().count() <= 40 && tail.chars().any(char::is_alphabetic);
            short && (names_host(tail, host) || !matches!(sep, " - " | " – "))
        }
    };
    if is_site {
        return (head.to_owned(), Some(tail.to_owned()));
    }
    if let Some((first, rest)) = title.split_once(sep) {
        if site.is_some_and(|s| same_name(first, s)) && !rest.trim().is_empty() {
            return (rest.trim().to_owned(), Some(first.trim().to_owned()));
        }
    }
    (title.to_owned(), None)
}

/// Whether `name` names the site at `host`: its letters and digits are one
/// of the host's own labels (not `www`, nor a top-level or generic one),
/// contain one of four letters or more, or are contained in one.
fn names_host(name: &str, host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    let name = folded(name);
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let own = labels[..labels.len().saturating_sub(1)]
        .iter()
        .filter(|l| {
            !matches!(
                **l,
                "www" | "com" | "org" | "net" | "edu" | "gov" | "ac" | "co"
            )
        })
        .map(|l| l.replace('-', ""));
    !name.is_empty()
        && own.into_iter().any(|label| {
            label == name
                || (label.len() >= 4 && name.contains(&label))
                || (name.len() >= 4 && label.contains(&name))
        })
}

/// Whether two names of a site are the same name, ignoring case,
/// punctuation and a word more or less ("Norms Lab" and "The Norms Lab").
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (folded(a), folded(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// A name's text as names are compared: its letters and digits, lowercase.
fn folded(name: &str) -> String {
    markup::inline_text(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The canonical URL, else `og:url`, else the JSON-LD URL, else where the
/// page was saved from; a relative one is resolved against the `<base
/// href>`, `og:url` or the saved-from URL when those are absolute.
fn page_url(meta: &Meta, ld: &LinkedData) -> Option<String> {
    let candidates = [
        meta.canonical.as_deref(),
        meta.get(&["og:url"]),
        ld.url.as_deref(),
        meta.saved_from.as_deref(),
    ];
    if let Some(u) = candidates.iter().flatten().find(|u| is_web_url(u)) {
        return Some(u.trim().to_owned());
    }
    let relative = candidates.iter().flatten().find(|u| !u.trim().is_empty())?;
    let against = [
        meta.base.as_deref(),
        meta.get(&["og:url"]),
        meta.saved_from.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(crate::urls::base)?;
    against.join(relative.trim()).ok().map(String::from)
}

fn is_web_url(u: &str) -> bool {
    url::Url::parse(u.trim()).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// Author names: meta tags, `article:author` unless it is a profile URL,
/// then JSON-LD.
fn author(meta: &Meta, ld: &LinkedData) -> Option<String> {
    meta.get(&["author", "dc.creator", "dcterms.creator"])
        .map(str::to_owned)
        .or_else(|| {
            meta.all("article:author")
                .find(|a| !a.is_empty() && !a.contains("://"))
                .map(str::to_owned)
        })
        .or_else(|| (!ld.authors.is_empty()).then(|| ld.authors.join(", ")))
}

/// "By Ann Lee" → "Ann Lee".
fn strip_by(byline: &str) -> &str {
    let b = byline.trim();
    ["posted by ", "written by ", "by "]
        .iter()
        .find_map(|p| {
            b.get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| b[p.len()..].trim())
        })
        .unwrap_or(b)
}

/// Candidates for the publication date, best first.
fn published<'a>(meta: &'a Meta, ld: &'a LinkedData) -> Vec<&'a str> {
    let mut dates: Vec<&str> = [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "pubdate",
        "publishdate",
        "publish-date",
    ]
    .iter()
    .filter_map(|k| meta.get(&[k]))
    .collect();
    dates.extend(ld.published.as_deref());
    dates.extend(meta.pubdate.as_deref());
    dates.extend(meta.article_time.as_deref());
    dates.extend(meta.main_time.as_deref());
    dates.extend(meta.page_time.as_deref());
    dates
}

fn updated<'a>(meta: &'a Meta, ld: &'a LinkedData) -> Vec<&'a str> {
    let mut dates: Vec<&str> = [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
    ]
    .iter()
    .filter_map(|k| meta.get(&[k]))
    .collect();
    dates.extend(ld.modified.as_deref());
    dates
}

fn first_date(candidates: Vec<&str>) -> Option<Date> {
    candidates
        .into_iter()
        .find_map(|c| dates::parse(c).or_else(|| dates::day_in(c).map(Date::Day)))
}

/// `article:tag`s, else the keywords meta tag, else JSON-LD keywords.
fn tags(meta: &Meta, ld: &LinkedData) -> Vec<String> {
    let tags: Vec<String> = meta.all("article:tag").map(str::to_owned).collect();
    if !tags.is_empty() {
        return tags;
    }
    if let Some(keywords) = meta.get(&["keywords"]) {
        return keywords.split(',').map(|k| k.trim().to_owned()).collect();
    }
    ld.keywords.clone()
}

#[cfg(test)]
mod tests;

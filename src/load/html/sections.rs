//! A saved page that lists workshops the way a workshop series' page does
//! (a heading per workshop, then a date line, then paragraphs) becomes one
//! workshop entry per section, as the plain-text scrape of the same page
//! does in `text.rs`, by the same rule: a heading whose next line is a date
//! starts a section. Each section keeps its HTML (links and all, resolved
//! against the page's URL) from the date line to the next heading. Like the
//! text scrape's, sections have no URL of their own: the page's with a
//! fragment would be one URL to folio (which ignores fragments when it
//! matches URLs and files reading state), so every section would share one
//! entry's place and marks; the intro, when there is one, keeps the page's.
//!
//! The main content comes from the DOM serializer (`content.rs`), so tags
//! are lower case and balanced; scanning for headings by hand is enough.
//! At least two sections are needed: one heading and a date is how any
//! blog post starts.

use super::super::{dates, text};
use crate::markup;
use crate::model::{Body, Date, Entry, Kind};

/// The smallest number of dated sections that makes a page a list of them.
const MIN_SECTIONS: usize = 2;

/// Elements that start or end a line of text.
const BREAKS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// One heading of the content: where it starts and ends, its text.
struct Heading {
    start: usize,
    end: usize,
    text: String,
}

/// The page split into an intro page (when it says something) and one
/// workshop per dated section; `None` when the page is not such a list.
pub fn split(html: &str, page: &Entry) -> Option<Vec<Entry>> {
    let headings = headings(html);
    let sections: Vec<(usize, String)> = headings
        .iter()
        .enumerate()
        .filter(|(_, h)| text::is_heading(&h.text) && dates::day(&h.text).is_none())
        .filter(|(_, h)| h.text != page.title)
        .filter_map(|(i, h)| {
            let until = headings.get(i + 1).map_or(html.len(), |n| n.start);
            let first = lines(&html[h.end..until]).next()?;
            dates::day(&first).map(|_| (i, first))
        })
        .collect();
    if sections.len() < MIN_SECTIONS {
        return None;
    }
    let mut entries = Vec::new();
    let intro = &html[..headings[sections[0].0].start];
    let intro_text: String = lines(intro).collect::<Vec<_>>().join(" ");
    if markup::count_words(&intro_text) >= 12 {
        entries.push(Entry {
            kind: Kind::Page,
            body: Body::Html(intro.trim().to_owned()),
            ..page.clone()
        });
    }
    for (n, (i, date_line)) in sections.iter().enumerate() {
        let heading = &headings[*i];
        let end = sections
            .get(n + 1)
            .map_or(html.len(), |(next, _)| headings[*next].start);
        entries.push(Entry {
            kind: Kind::Workshop,
            title: heading.text.clone(),
            date: dates::day(date_line).map(Date::Day),
            updated: None,
            site: Some(page.title.clone()),
            url: None,
            aliases: Vec::new(),
            summary: None,
            tags: Vec::new(),
            body: Body::Html(html[heading.end..end].trim().to_owned()),
            ..page.clone()
        });
    }
    Some(entries)
}

/// Every `<h1>`…`<h6>` of `html`, in order.
fn headings(html: &str) -> Vec<Heading> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<h") {
        let start = at + found;
        at = start + 2;
        let level = lower.as_bytes().get(start + 2).copied();
        let after = lower.as_bytes().get(start + 3).copied();
        let (Some(level @ b'1'..=b'6'), Some(b'>' | b' ' | b'\t' | b'\n' | b'/')) = (level, after)
        else {
            continue;
        };
        let Some(open_end) = lower[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let close = format!("</h{}", level as char);
        let Some(close_at) = lower[open_end..].find(&close).map(|i| open_end + i) else {
            break;
        };
        let end = lower[close_at..]
            .find('>')
            .map_or(lower.len(), |i| close_at + i + 1);
        out.push(Heading {
            start,
            end,
            text: markup::inline_text(&html[open_end..close_at])
                .trim()
                .to_owned(),
        });
        at = end;
    }
    out
}

/// The lines of text of an HTML fragment, as a text scrape would have
/// them: block elements and `<br>` end a line; blank lines are skipped.
fn lines(fragment: &str) -> impl Iterator<Item = String> + '_ {
    let lower = fragment.to_ascii_lowercase();
    let mut cuts = vec![0];
    let mut at = 0;
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let name: String = lower[start + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BREAKS.contains(&name.as_str()) {
            cuts.push(start);
        }
    }
    cuts.push(fragment.len());
    cuts.windows(2)
        .map(move |w| markup::inline_text(&fragment[w[0]..w[1]]).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
}

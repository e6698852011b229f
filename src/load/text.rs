//! Plain text: page scrapes and any other text file.
//!
//! The first line is the page's title. A page that is a list of sections,
//! each a heading line followed by a date line ("October 19-21, 2011"),
//! becomes one workshop entry per section, dated by its start day, with the
//! page title as its site; text before the first section becomes a page of
//! its own. Anything else is one document. Decoration (`-----`, `=====`,
//! `** Heading **`) and centring are dropped; paragraphs are kept.

use super::{Doc, Problem, dates};
use crate::markup;
use crate::model::{Body, Date, Entry, Kind};

/// Reads a text document as a page scrape (one entry or one per section).
pub fn parse(doc: &Doc) -> Result<Vec<Entry>, Problem> {
    let lines = clean_lines(doc.text);
    let Some(title_at) = lines.iter().position(|l| !l.is_empty()) else {
        return Ok(vec![document(doc.stem.to_owned(), None, String::new())]);
    };
    let page_title = lines[title_at].clone();
    let rest = &lines[title_at + 1..];
    let sections = section_starts(rest);
    if sections.is_empty() {
        return Ok(vec![single(&page_title, rest)]);
    }

    let mut entries = Vec::new();
    let intro = paragraphs(&rest[..sections[0]]);
    if markup::count_words(&intro) >= 12 {
        entries.push(Entry {
            kind: Kind::Page,
            title: page_title.clone(),
            body: Body::Text(intro),
            ..Entry::default()
        });
    }
    for (n, &start) in sections.iter().enumerate() {
        let end = sections.get(n + 1).copied().unwrap_or(rest.len());
        let date_at = next_non_blank(rest, start + 1).expect("section has a date line");
        entries.push(Entry {
            kind: Kind::Workshop,
            title: rest[start].clone(),
            date: dates::day(&rest[date_at]).map(Date::Day),
            site: Some(page_title.clone()),
            body: Body::Text(paragraphs(&rest[date_at..end])),
            ..Entry::default()
        });
    }
    Ok(entries)
}

/// Reads any text as exactly one document titled by its first line.
pub fn parse_document(doc: &Doc) -> Result<Vec<Entry>, Problem> {
    let title = doc
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.len() <= 120 && !l.starts_with(['{', '[']))
        .unwrap_or(doc.stem)
        .to_owned();
    Ok(vec![document(title, None, doc.text.trim().to_owned())])
}

fn document(title: String, date: Option<Date>, body: String) -> Entry {
    Entry {
        kind: Kind::Document,
        title,
        date,
        body: Body::Text(body),
        ..Entry::default()
    }
}

/// One entry for the whole text: dated when a date line follows the title,
/// with an author when a "By …" line does.
fn single(title_line: &str, rest: &[String]) -> Entry {
    let (title, body_lines): (String, &[String]) = if title_line.chars().count() <= 150 {
        (title_line.to_owned(), rest)
    } else {
        // No title line: the text starts with prose. Keep all of it.
        (String::new(), rest)
    };
    let mut date = None;
    let mut author = None;
    let mut skip = 0;
    for (i, line) in body_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .take(3)
    {
        if date.is_none() {
            if let Some(d) = dates::day(line) {
                date = Some(Date::Day(d));
                skip = i + 1;
                continue;
            }
        }
        if author.is_none() {
            if let Some(name) = byline(line) {
                author = Some(name);
                skip = i + 1;
            }
        }
    }
    let mut body = paragraphs(&body_lines[skip..]);
    if title.is_empty() {
        body = format!("{}\n\n{body}", title_line.trim());
    }
    let mut e = document(title, date, body.trim().to_owned());
    e.author = author;
    e
}

/// "By Jane Doe", "Posted by Jane Doe", "Author: Jane Doe".
fn byline(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let name = ["posted by ", "written by ", "by ", "author: "]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &line[p.len()..]))?;
    let name = name.split(['|', '·', '•']).next()?.trim();
    let words = name.split_whitespace().count();
    (1..=5).contains(&words).then(|| name.to_owned())
}

/// Where sections start: a heading line whose next non-blank line is a date line.
fn section_starts(lines: &[String]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_heading(line) || dates::day(line).is_some() {
            continue;
        }
        if let Some(next) = next_non_blank(lines, i + 1) {
            if dates::day(&lines[next]).is_some() {
                starts.push(i);
            }
        }
    }
    starts
}

/// A line that can title a section: a few words, not a sentence, not a URL.
pub(super) fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=16).contains(&words)
        && line.chars().count() <= 120
        && !line.ends_with(['.', ',', ';'])
        && !line.contains("://")
}

fn next_non_blank(lines: &[String], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].is_empty())
}

/// Lines with decoration dropped and white space trimmed; blank lines kept
/// as empty strings (they separate paragraphs).
fn clean_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let l = l.trim();
            if is_rule(l) {
                String::new()
            } else {
                strip_decoration(l).to_owned()
            }
        })
        .collect()
}

/// A line made of one repeated decoration character: `-----`, `=====`, `* * *`.
fn is_rule(line: &str) -> bool {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3
        && matches!(chars[0], '-' | '=' | '*' | '_' | '~' | '#' | '+' | '.')
        && chars.iter().all(|c| *c == chars[0])
}

/// `** Heading **`, `== Heading ==`, `## Heading ##` → `Heading`.
fn strip_decoration(line: &str) -> &str {
    const DECO: &[char] = &['*', '=', '#', '~', '_'];
    let inner = line.trim_start_matches(DECO).trim_end_matches(DECO);
    if inner.len() < line.len() && line.starts_with(DECO) && line.ends_with(DECO) {
        inner.trim()
    } else {
        line
    }
}

/// Joins lines into paragraphs separated by one blank line.
fn paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::path::Path;

    fn parse_text(text: &str) -> Vec<Entry> {
        parse(&Doc {
            text,
            path: Path::new("page.txt"),
            stem: "page",
        })
        .unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Option<Date> {
        Some(Date::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn seed_000_is_two_workshops() {
        let text = include_str!("../../sample-data/000_ba010958c41cf5ce.txt");
        let e = parse_text(text);
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].title,
            "Harvard-MIT-University of Toronto Cyber Norms Workshop I"
        );
        assert_eq!(e[0].date, day(2011, 10, 19));
        assert_eq!(
            e[1].title,
            "Harvard-MIT-University of Toronto Cyber Norms Workshop II"
        );
        assert_eq!(e[1].date, day(2012, 9, 12));
        for w in &e {
            assert_eq!(w.kind, Kind::Workshop);
            assert_eq!(w.site.as_deref(), Some("Affiliated Workshops"));
        }
        let body = e[0].body.as_str();
        assert!(body.starts_with("October 19-21, 2011\n\nThe Cyber Norms workshop"));
        assert!(
            body.contains("\n\nThe workshop at MIT"),
            "paragraphs are kept"
        );
        assert!(
            !body.contains("Workshop II"),
            "sections do not run into each other"
        );
    }

    #[test]
    fn intro_before_sections_is_kept_as_a_page() {
        let e = parse_text(
            "Workshops\n\nThis page lists the workshops our group has held over the years, with reports.\n\n\
             First Workshop\n12 September 2012\n\nText one.\n\nSecond Workshop\nOct. 3, 2013\n\nText two.",
        );
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].kind, Kind::Page);
        assert_eq!(e[1].date, day(2012, 9, 12));
        assert_eq!(e[2].date, day(2013, 10, 3));
        assert_eq!(e[2].body.as_str(), "Oct. 3, 2013\n\nText two.");
    }

    #[test]
    fn a_plain_page_is_one_document() {
        let e = parse_text(
            "   ** Notes on Norms **\n=====================\n\nBy Jane Roe\n\nFirst paragraph\ncontinues.\n\n-----\n\nSecond.",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, Kind::Document);
        assert_eq!(e[0].title, "Notes on Norms");
        assert_eq!(e[0].author.as_deref(), Some("Jane Roe"));
        assert_eq!(e[0].date, None);
        assert_eq!(e[0].body.as_str(), "First paragraph\ncontinues.\n\nSecond.");
    }

    #[test]
    fn a_date_under_the_title_dates_the_page() {
        let e = parse_text("A Post\n2012-09-12\n\nBody text.");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].date, day(2012, 9, 12));
        assert_eq!(e[0].body.as_str(), "Body text.");
    }

    #[test]
    fn prose_first_line_keeps_all_text() {
        let long = "word ".repeat(40);
        let e = parse_text(&long);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "");
        assert!(e[0].body.as_str().starts_with("word word"));
    }

    #[test]
    fn empty_text_is_an_untitled_document() {
        let e = parse_text("\n\n  \n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "page");
    }
}

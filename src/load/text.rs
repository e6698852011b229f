//! Plain text: page scrapes and any other text file.
//!
//! A page that is a list of sections, each a title line set apart by a
//! blank line and followed by a date line ("October 19-21, 2011"), becomes
//! one workshop entry per section, dated by its start day, with the page
//! title (the first line) as its site; text before the first section
//! becomes a page of its own. At least two such sections are needed, and
//! sections whose lines are mostly times ("09:30 Keynote") are a
//! programme's days, not workshops: such a text stays one entry. The
//! splitter never drops or moves a line: every line after the page title
//! is in exactly one entry, in order.
//!
//! Anything else is one document, titled, dated and bylined from its
//! leading lines ([`lead`]). Titles and dates are read from the lines
//! cleaned of decoration (`-----`, `=====`, `** Heading **`) and centring;
//! bodies keep every line as written (its indentation, a form's dotted
//! lines, rules), less a margin common to all of them: the renderer decides
//! what is prose to re-flow and what is laid out by line.

mod lead;

use super::{Doc, Problem, dates};
use crate::model::{Body, Date, Entry, Kind};

/// The smallest number of dated sections that makes a text a list of them.
const MIN_SECTIONS: usize = 2;

/// Reads a text document as a page scrape (one entry or one per section).
pub fn parse(doc: &Doc) -> Result<Vec<Entry>, Problem> {
    let lines = clean_lines(doc.text);
    let raw: Vec<&str> = doc.text.lines().collect();
    let Some(title_at) = lines.iter().position(|l| !l.is_empty()) else {
        return Ok(vec![document(doc.stem.to_owned(), None, String::new())]);
    };
    let page_title = lines[title_at].clone();
    let rest = &lines[title_at + 1..];
    let sections = section_starts(rest);
    if sections.is_empty() {
        return Ok(vec![lead::single(&raw, &lines)]);
    }
    let raw_rest = &raw[title_at + 1..];

    let mut entries = Vec::new();
    // Text before the first section is a page of its own when it says
    // something: decoration alone (the title's underline) is not one.
    let intro = body(&raw_rest[..sections[0]]);
    if rest[..sections[0]].iter().any(|l| !l.is_empty()) {
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
            body: Body::Text(body(&raw_rest[date_at..end])),
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

/// Where sections start: a title line standing alone after a blank line,
/// not a date or a time, whose next non-blank line is a date line; none
/// unless there are [`MIN_SECTIONS`] and they are not a programme's days.
fn section_starts(lines: &[String]) -> Vec<usize> {
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let line = &lines[i];
            is_heading(line)
                && (i == 0 || lines[i - 1].is_empty())
                && dates::day(line).is_none()
                && !dates::starts_with_time(line)
                && next_non_blank(lines, i + 1)
                    .is_some_and(|next| dates::day(&lines[next]).is_some())
        })
        .collect();
    if starts.len() < MIN_SECTIONS || is_schedule(&lines[starts[0]..]) {
        return Vec::new();
    }
    starts
}

/// Whether a third or more of the non-blank lines start with a time of day.
fn is_schedule(lines: &[String]) -> bool {
    let (mut all, mut times) = (0, 0);
    for line in lines.iter().filter(|l| !l.is_empty()) {
        all += 1;
        times += usize::from(dates::starts_with_time(line));
    }
    times > 0 && times * 3 >= all
}

/// A line that can title a section: a few words, not a sentence, not a URL.
pub(super) fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=16).contains(&words)
        && line.chars().count() <= 120
        && !line.ends_with(['.', ',', ';'])
        && !line.contains("://")
}

pub(super) fn next_non_blank(lines: &[String], from: usize) -> Option<usize> {
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
pub(super) fn is_rule(line: &str) -> bool {
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

/// A body of lines as written: trailing white space trimmed, the margin
/// all of them share removed, runs of blank lines made one, none at either
/// end. No other line is dropped or changed.
pub(super) fn body(raw: &[&str]) -> String {
    let margin = raw
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    let mut blank = false;
    for line in raw {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&line[margin.min(line.len() - line.trim_start_matches(' ').len())..]);
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
    fn a_programme_is_one_entry_with_every_line_in_place() {
        let text = "Norms Conference 2026: Programme\n\n\
            Monday, June 22, 2026\n\n09:00 Registration\n09:30 Opening remarks\n\
            10:00 Keynote: Due diligence online\n\n17:30 Reception at the museum\n\n\
            Tuesday, June 23, 2026\n\n9.00 Panel: attribution\n12:30 Lunch\n\
            14:00 Closing session\n\nWednesday, June 24, 2026\n\n10am Excursion\n";
        let e = parse_text(text);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].title, "Norms Conference 2026: Programme");
        assert_eq!(e[0].date, day(2026, 6, 22));
        let body = e[0].body.as_str();
        let expected: Vec<&str> = text.lines().skip(1).filter(|l| !l.is_empty()).collect();
        let got: Vec<&str> = body.lines().filter(|l| !l.is_empty()).collect();
        // The first date line is in the header; every other line is kept.
        assert_eq!(got, expected[1..]);
    }

    #[test]
    fn a_call_for_papers_is_titled_by_its_conference() {
        let text = "\
                              CALL FOR PAPERS\n\
             [Apologies if you receive multiple copies of this message]\n\n\
                    The Fifth International Workshop on\n\
                      Norms in Open Networked Systems\n\
                              (NONS 2007)\n\
                   June 20-22, 2007, Vancouver, Canada\n\
                         http://www.nons2007.example.org/\n\n\
            Submission deadline: March 1, 2007\n\n\
            The workshop brings together researchers who study how norms emerge, \
            spread and decay in open systems, from multi-agent simulations to the \
            governance of the internet, and we invite papers on all of it.\n";
        let e = parse_text(text);
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].title,
            "The Fifth International Workshop on Norms in Open Networked Systems"
        );
        assert_eq!(e[0].date, day(2007, 6, 20), "the event, not the deadline");
        let body = e[0].body.as_str();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(body.contains(line), "{line:?} is kept in {body}");
        }
    }

    #[test]
    fn cfp_date_lines_without_a_comma_or_with_a_place() {
        for (line, expected) in [
            ("April 11-14, 1999", day(1999, 4, 11)),
            ("November 5-7 2009", day(2009, 11, 5)),
            ("Lisbon, Portugal, June 20-22, 2007", day(2007, 6, 20)),
        ] {
            let e = parse_text(&format!(
                "CALL FOR PARTICIPATION\n\nWorkshop on Cyber Norms\n{line}\n\n\
                 Deadline for abstracts: January 5, 1999\n"
            ));
            assert_eq!(e[0].title, "Workshop on Cyber Norms", "{line}");
            assert_eq!(e[0].date, expected, "{line}");
        }
    }

    #[test]
    fn a_lynx_dump_is_titled_after_its_navigation() {
        let text = "   #alternate Norms Lab » Feed\n\n   [1]Skip to content\n\n\
            [2]Norms Lab\n\n     * [3]Home\n     * [4]About\n     * [5]Workshops\n\n\
            Due diligence after the GGE report\n\n   Posted on June 3, 2026 by [6]ann\n\n\
            The report asks states to act when they know of harmful activity in their \
            territory, and this post reads that sentence closely with the workshop.\n\n\
            References\n\n   1. https://normslab.example.org/#content\n";
        let e = parse_text(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "Due diligence after the GGE report");
        assert_eq!(e[0].date, day(2026, 6, 3));
        assert!(
            e[0].body.as_str().contains("[1]Skip to content"),
            "nothing is dropped"
        );
    }

    #[test]
    fn a_w3m_dump_with_bulleted_navigation() {
        let text = "Menu\n\n  • Home\n  • Blog\n  • Contact\n\nSearch for: [                    ] [Search]\n\n\
            Reading the eleven norms\n\nBy Ann Lee\n\nA long first paragraph of the article, \
            which goes on for quite a few words so that it reads as prose and not as a heading.\n";
        let e = parse_text(text);
        assert_eq!(e[0].title, "Reading the eleven norms");
        assert_eq!(e[0].author.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn one_dated_section_is_not_a_list_of_them() {
        let e = parse_text("My trip\n\nThe Workshop\nMay 3, 2024\n\nWe went.");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "My trip");
    }

    #[test]
    fn a_short_intro_is_kept() {
        let e = parse_text(
            "Workshops\n\nSee also the archive.\n\n\
             First Workshop\n12 September 2012\n\nText one.\n\nSecond Workshop\nOct. 3, 2013\n\nText two.",
        );
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].body.as_str(), "See also the archive.");
    }

    proptest::proptest! {
        /// Whatever the splitter does, every line after the title is in
        /// exactly one entry, in order: section titles and bodies, or the
        /// one document's header and body.
        #[test]
        fn the_splitter_never_drops_or_moves_a_line(
            pieces in proptest::collection::vec(0usize..7, 0..40)
        ) {
            const LINES: [&str; 7] = [
                "",
                "A Workshop Title",
                "October 19-21, 2011",
                "09:30 Keynote",
                "Some prose that goes on for a while and ends.",
                "Another Heading Line",
                "June 3, 2026",
            ];
            let mut text = String::from("Page Title\n");
            for p in &pieces {
                text.push_str(LINES[*p]);
                text.push('\n');
            }
            let e = parse_text(&text);
            let expected: Vec<&str> = text.lines().skip(1).filter(|l| !l.is_empty()).collect();
            let mut got: Vec<String> = Vec::new();
            for entry in &e {
                if entry.kind == Kind::Workshop {
                    got.push(entry.title.clone());
                } else if e.len() == 1 {
                    // The single document's header lines: the date and
                    // byline right under its title.
                    let body_first = entry.body.as_str().lines().next().unwrap_or("");
                    let mut skipped = expected.iter().take_while(|l| **l != body_first);
                    let skipped: Vec<&&str> = skipped.by_ref().collect();
                    for l in skipped {
                        proptest::prop_assert!(
                            dates::day(l).is_some() || *l == entry.title,
                            "{l:?} dropped from {text:?}"
                        );
                        got.push((*l).to_owned());
                    }
                }
                got.extend(entry.body.as_str().lines().filter(|l| !l.is_empty()).map(str::to_owned));
            }
            proptest::prop_assert_eq!(got, expected, "{:?}", text);
        }
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
        assert_eq!(
            e[0].body.as_str(),
            "First paragraph\ncontinues.\n\n-----\n\nSecond.",
            "a rule is a line of the text"
        );
    }

    /// An underlined page title makes no page of its own before the
    /// sections (its underline is decoration, not an intro).
    #[test]
    fn an_underlined_page_title_is_not_an_intro() {
        let text = "Affiliated Workshops\n====================\n\nWorkshop on Notes\n\
                    October 19-21, 2011\nIn Lyon.\n\nWorkshop on Norms\nSeptember 12-14, 2012\nIn Ghent.\n";
        let e = parse_text(text);
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Workshop on Notes", "Workshop on Norms"]);
    }

    /// Issue 22 #3: a date written without its year takes the year of
    /// the title; a date line under the first paragraph dates the text.
    #[test]
    fn dates_without_a_year_or_under_the_first_paragraph() {
        let call = "FNW 2017: Third Workshop on Field Notes\n\nWorkshop: September 3rd\n\
                    Submission deadline: June 1st\n\nWe invite papers on field notes, their norms and \
                    their uses in the study of how people keep records of what they saw and heard.";
        assert_eq!(parse_text(call)[0].date, day(2017, 9, 3));
        let news = "Neue Meldung\n\nDie Redaktion meldet heute eine Aenderung im Programm des \
                    Workshops, die alle Teilnehmer betrifft und die wir hier erklaeren wollen.\n\n\
                    14.12.2015 14:01 Uhr\n\nWeiter im Text.";
        assert_eq!(parse_text(news)[0].date, day(2015, 12, 14));
    }

    /// Issue 22 #1 and #2: a programme keeps every line as written (its
    /// indentation, its form lines), and an underlined part further down
    /// does not title the text.
    #[test]
    fn a_programme_keeps_every_line_and_its_first_title() {
        let text = "  \n    THIRD WORKSHOP ON FIELD NOTES\n      Lyon, 14-16 June 2017\n\n\
                    16:00 - 19:00 - Welcome\n18:00 Cocktail offered by the City Hall\n\n\
                    09:30 Keynote: Notes and norms\n        Ana Ruiz (Norms Lab)\n\n\
                    Sponsored by\n------------\nCA Labs, Norms Lab\n\n\
                    REGISTRATION FORM\nNOM ..........................\n\
                    ADRESSE ......................\n..............................\n";
        let e = parse_text(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "THIRD WORKSHOP ON FIELD NOTES");
        assert_eq!(e[0].date, day(2017, 6, 14));
        let body: Vec<&str> = e[0].body.as_str().lines().collect();
        for line in [
            "16:00 - 19:00 - Welcome",
            "18:00 Cocktail offered by the City Hall",
            "        Ana Ruiz (Norms Lab)",
            "------------",
            "ADRESSE ......................",
            "..............................",
        ] {
            assert!(body.contains(&line), "{line:?} in {body:#?}");
        }
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

//! A text that is one document: its title, date and byline, read from its
//! leading lines (the lines before the first paragraph of prose).
//!
//! The title is the first leading line that could title the text: not the
//! boilerplate that heads calls for papers ("CALL FOR PAPERS", "Apologies
//! for cross-posting"), not a navigation line of a `lynx -dump` or
//! `w3m -dump` of a web page (`[3]Home`, `#alternate`, `* About`, "Skip to
//! content": in such dumps the title is looked for after the navigation),
//! not a date, URL or address, and not a lone acronym ("(SOMETHING 2007)")
//! when a fuller name follows. A title line ending in "on", "of", "for"…
//! is joined with the next one, as centred CFP titles are broken.
//!
//! The date is the first leading line that is a date, else the first date
//! inside a leading line that is not about a deadline ("June 20-22, 2007,
//! Vancouver, Canada"), else the first line further on that is a date
//! ("14.12.2015 14:01 Uhr" under a first paragraph), else a leading day
//! written without its year ("Workshop: September 3rd") in the year the
//! leading lines give ("FNW 2017"); a range gives its first day.
//!
//! Nothing is dropped: when the title is the first line, the body is what
//! follows it, less the date and byline lines right under it (they are in
//! the entry's header); otherwise the body is the whole text.

use super::super::dates;
use super::{body as body_of, is_heading, is_rule, next_non_blank};
use crate::model::{Body, Date, Entry, Kind};

/// Leading lines looked at, at most.
const LEAD_LINES: usize = 40;
/// Lines looked at for a line that is a date, past the leading ones.
const LATER_DATE_LINES: usize = 60;
/// A paragraph of this many words is prose: the leading lines end there.
const PROSE_WORDS: usize = 30;
/// Longer first lines are prose, not a title.
const MAX_TITLE_CHARS: usize = 150;

/// The one entry of a text: `lines` are the `raw_lines` cleaned of
/// decoration, blank ones empty; at least one is not blank.
pub(in crate::load) fn single(raw_lines: &[&str], lines: &[String]) -> Entry {
    let lead = leading(lines);
    let first = lead.first().copied().unwrap_or(0);
    let dump = lead.iter().any(|&i| is_navigation(&lines[i]));
    let title_at = choose_title(lines, raw_lines, &lead, dump);

    let (title, body_from) = match title_at {
        Some((at, joined)) => (title_text(lines, at, joined), Some((at, joined))),
        None if lines[first].chars().count() <= MAX_TITLE_CHARS => {
            (lines[first].clone(), Some((first, 0)))
        }
        None => (String::new(), None),
    };

    let not_deadlines = || lead.iter().filter(|&&i| !is_about_a_deadline(&lines[i]));
    let date = lead
        .iter()
        .find_map(|&i| dates::day(&lines[i]))
        .or_else(|| not_deadlines().find_map(|&i| dates::day_in(&lines[i])))
        .or_else(|| {
            lines
                .iter()
                .filter(|l| !l.is_empty())
                .take(LATER_DATE_LINES)
                .find_map(|l| dates::day(l))
        })
        .or_else(|| {
            // The title's year, else one of a leading line about no deadline.
            let year = title_at
                .and_then(|(at, _)| year_in(&lines[at]))
                .or_else(|| not_deadlines().find_map(|&i| year_in(&lines[i])))?;
            not_deadlines().find_map(|&i| dates::day_in_year(&lines[i], year))
        });
    let author = lead.iter().find_map(|&i| byline(&lines[i]));

    // The body: after the title when it is the first line, with the date
    // and byline lines right under it; else everything.
    let body = match body_from {
        Some((at, joined)) if at == first => {
            let mut from = at + 1 + joined;
            // The title's underline goes with it.
            if is_underlined(raw_lines, at + joined) {
                from += 1;
            }
            while let Some(next) = next_non_blank(lines, from) {
                let line = &lines[next];
                let header = (date.is_some() && dates::day(line) == date)
                    || (author.is_some() && byline(line) == author);
                if !header {
                    break;
                }
                from = next + 1;
            }
            body_of(&raw_lines[from.min(raw_lines.len())..])
        }
        _ => body_of(raw_lines),
    };
    Entry {
        kind: Kind::Document,
        title,
        date: date.map(Date::Day),
        author,
        body: Body::Text(body),
        ..Entry::default()
    }
}

/// Indices of the leading non-blank lines: up to [`LEAD_LINES`], ending
/// before the first paragraph of prose.
fn leading(lines: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() && out.len() < LEAD_LINES {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].is_empty())
            .unwrap_or(lines.len());
        let words: usize = lines[i..end]
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum();
        let sentence = lines[i..end].iter().any(|l| {
            let words = l.split_whitespace().count();
            words > 16 || (words >= 8 && l.ends_with('.'))
        });
        if (words >= PROSE_WORDS || sentence) && !out.is_empty() {
            break;
        }
        out.extend(i..end);
        i = end;
    }
    out.truncate(LEAD_LINES);
    out
}

/// The title's line and how many lines after it continue it.
fn choose_title(
    lines: &[String],
    raw: &[&str],
    lead: &[usize],
    dump: bool,
) -> Option<(usize, usize)> {
    let after_navigation = if dump {
        lead.iter()
            .rposition(|&i| is_navigation(&lines[i]))
            .map_or(0, |p| p + 1)
    } else {
        0
    };
    let candidates: Vec<usize> = lead[after_navigation..]
        .iter()
        .copied()
        .filter(|&i| could_title(&lines[i]))
        .collect();
    let at = candidates
        .iter()
        .copied()
        .find(|&i| !is_acronym(&lines[i]))
        .or_else(|| candidates.first().copied())?;
    // An underlined line is a title its author marked as one, when it is
    // in the first title-like block; further down, an underlined line
    // heads a part ("Sponsored by", a table's header), not the text.
    let at = candidates
        .iter()
        .copied()
        .find(|&i| is_underlined(raw, i) && !is_acronym(&lines[i]))
        .filter(|&u| (at.min(u)..at.max(u)).all(|i| !lines[i].is_empty()))
        .unwrap_or(at);
    let joined = usize::from(
        ends_with_connector(&lines[at]) && lines.get(at + 1).is_some_and(|next| could_title(next)),
    );
    Some((at, joined))
}

fn title_text(lines: &[String], at: usize, joined: usize) -> String {
    lines[at..=at + joined].join(" ")
}

/// A line that could be a title: a heading, and not boilerplate,
/// navigation, a date, a time, an address or a byline.
fn could_title(line: &str) -> bool {
    is_heading(line)
        && line.chars().any(char::is_alphabetic)
        && !is_boilerplate(line)
        && !is_navigation(line)
        && dates::day(line).is_none()
        && !line.contains('@')
        && !line.to_ascii_lowercase().starts_with("www.")
        && byline(line).is_none()
        && !dates::starts_with_time(line)
}

/// Lines that head calls for papers and mailing-list posts.
fn is_boilerplate(line: &str) -> bool {
    let lower: String = line
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let words = lower.split(' ').count();
    const ANYWHERE: &[&str] = &[
        "apologies for",
        "apologize for",
        "cross post",
        "crosspost",
        "please distribute",
        "please forward",
        "please circulate",
        "multiple copies",
        "skip to",
        "jump to",
        "toggle navigation",
    ];
    const WHOLE: &[&str] = &[
        "cfp",
        "announcement",
        "menu",
        "main menu",
        "navigation",
        "search",
        "deadline extended",
        "extended deadline",
    ];
    ANYWHERE.iter().any(|p| lower.contains(p))
        || WHOLE.contains(&lower.as_str())
        || (lower.contains("call for") && words <= 6)
}

/// A navigation line of a text dump of a web page: one that starts with a
/// link reference (`[12]Home`) or holds several, a `<link rel>` line
/// (`#alternate`), a form field (`Search for: [          ]`), or a short
/// bulleted item (`* About`, `• Blog`, `o Contact`).
fn is_navigation(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('#') && t[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return true;
    }
    let bullet = ["* ", "• ", "+ ", "o ", "- "]
        .iter()
        .find_map(|b| t.strip_prefix(b));
    let item = bullet.unwrap_or(t);
    link_reference_len(item) > 0
        || link_references(t) >= 2
        || t.contains("[    ")
        || bullet.is_some_and(|item| item.split_whitespace().count() <= 4)
}

/// The length of the `[12]` that starts `text`, as `lynx -dump` marks a
/// link; 0 if none does.
fn link_reference_len(text: &str) -> usize {
    let Some(after) = text.strip_prefix('[') else {
        return 0;
    };
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && after[digits..].starts_with(']') {
        digits + 2
    } else {
        0
    }
}

/// How many `[12]` link references `line` holds.
fn link_references(line: &str) -> usize {
    line.match_indices('[')
        .filter(|&(at, _)| link_reference_len(&line[at..]) > 0)
        .count()
}

/// "(SOMETHING 2007)", "ICWSM-07": a short line with no lower-case letter.
fn is_acronym(line: &str) -> bool {
    line.split_whitespace().count() <= 3 && !line.chars().any(char::is_lowercase)
}

/// Whether raw line `i` is followed by a rule (`=====`, `-----`).
fn is_underlined(raw: &[&str], i: usize) -> bool {
    raw.get(i + 1).is_some_and(|next| is_rule(next.trim()))
}

fn ends_with_connector(line: &str) -> bool {
    let last = line.split_whitespace().last().unwrap_or("").to_lowercase();
    matches!(
        last.as_str(),
        "on" | "of" | "for" | "and" | "in" | "the" | "to" | "&" | "-" | "–" | ":" | "at" | "with"
    ) || line.ends_with(':')
}

/// A year written in a line ("FNW 2017", "(2017)"): a word of four digits
/// from 1900 to 2099.
fn year_in(line: &str) -> Option<i32> {
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..2100).contains(y))
}

/// Lines about a deadline carry dates that are not the event's.
fn is_about_a_deadline(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "deadline",
        "due",
        "submission",
        "submit",
        "notification",
        "camera",
        "registration",
        "register",
        "abstract",
        "extended",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// "By Jane Doe", "Posted by Jane Doe", "Author: Jane Doe".
pub(super) fn byline(line: &str) -> Option<String> {
    let name = ["posted by ", "written by ", "by ", "author: "]
        .iter()
        .find_map(|p| {
            let head = line.get(..p.len())?;
            head.eq_ignore_ascii_case(p).then(|| &line[p.len()..])
        })?;
    let name = name.split(['|', '·', '•']).next()?.trim();
    let words = name.split_whitespace().count();
    (1..=5).contains(&words).then(|| name.to_owned())
}

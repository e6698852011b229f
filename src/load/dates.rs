//! Dates as documents write them: RFC 3339 and RFC 2822 stamps, ISO days,
//! the English forms of workshop pages ("October 19-21, 2011",
//! "12 September 2012", "Oct. 3, 2013", "September 30 - October 2, 2013"),
//! German and French month names ("14. Dezember 2015", "3 juin 2017"), and
//! the numeric European form with its time ("14.12.2015 14:01 Uhr").

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::model::Date;

/// Parses a date stamp from metadata (front matter, meta tags, JSON).
/// Naive date-times (no offset) are taken as UTC.
pub fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(Date::Instant(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(Date::Instant(t));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Date::utc(t.and_utc()));
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(Date::Instant(t));
        }
    }
    day(s).map(Date::Day)
}

/// Parses a line that is a calendar day or a range of days (its start):
/// the whole line must be the date, so prose that mentions a date does not
/// count.
pub fn day(line: &str) -> Option<NaiveDate> {
    let line = line.trim().trim_end_matches(['.', ',']);
    if line.is_empty() || line.len() > 60 {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(line, "%Y/%m/%d") {
        return Some(d);
    }
    if let Some(d) = european(line) {
        return Some(d);
    }
    let tokens = tokenize(line);
    english_day(&tokens, None)
}

/// `14.12.2015`, `3.6.2017`, with a time of day after it (`14:01`, `14:01
/// Uhr`, `14h01`): day first, as every country that writes dots does.
fn european(line: &str) -> Option<NaiveDate> {
    let mut words = line.split_whitespace();
    let date = words.next()?.trim_end_matches(',');
    let mut parts = date.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(d, 1..=2) || !digits(m, 1..=2) || !digits(y, 4..=4) {
        return None;
    }
    let rest: Vec<&str> = words.collect();
    let time = |w: &str| starts_with_time(w) && w.len() <= 8;
    let fits = match rest.as_slice() {
        [] => true,
        [t] => time(t),
        [t, unit] => time(t) && matches!(unit.to_lowercase().as_str(), "uhr" | "h" | "hrs"),
        _ => false,
    };
    fits.then(|| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))?
}

/// The first day in `line` written without its year ("Workshop: September
/// 3rd"), in `year`: for a text that gives the year elsewhere (its title).
pub fn day_in_year(line: &str, year: i32) -> Option<NaiveDate> {
    window_find(line, |words| english_day(&tokenize(words), Some(year)))
}

/// A WordPress time: `local` is the site's own clock (`date`), `gmt` the
/// same moment in UTC (`date_gmt`). Their difference is the site's offset
/// (within ±14 hours), kept with the instant so that a post is shown and
/// filtered by the day its site gave it; without both, whichever there is.
pub fn site_time(local: Option<Date>, gmt: Option<Date>) -> Option<Date> {
    match (gmt, local) {
        (Some(Date::Instant(gmt)), Some(Date::Instant(local))) => {
            let offset = (local.naive_local() - gmt.naive_utc()).num_seconds();
            let offset = i32::try_from(offset)
                .ok()
                .filter(|s| s.abs() <= 14 * 3600)
                .and_then(chrono::FixedOffset::east_opt);
            Some(Date::Instant(match offset {
                Some(offset) => gmt.with_timezone(&offset),
                None => gmt,
            }))
        }
        (gmt, local) => gmt.or(local),
    }
}

/// The first calendar day or range of days written inside a line
/// ("June 20-22, 2007, Vancouver, Canada", "Held on 5 May 2009 at …"):
/// the first run of up to seven words that [`day`] reads as a whole.
/// Looser than [`day`]: callers use it only where a date is expected (the
/// heading lines of a call for papers).
pub fn day_in(line: &str) -> Option<NaiveDate> {
    window_find(line, day)
}

/// The first run of two to seven words of `line` that `read` reads.
fn window_find(line: &str, read: impl Fn(&str) -> Option<NaiveDate>) -> Option<NaiveDate> {
    const MAX_WORDS: usize = 7;
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ':' | ';' | '|')))
        .collect();
    if line.len() > 400 || !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return None;
    }
    (0..words.len()).find_map(|start| {
        (start + 2..=(start + MAX_WORDS).min(words.len()))
            .find_map(|end| read(&words[start..end].join(" ")))
    })
}

#[derive(Debug, PartialEq)]
enum Tok {
    Num(u32),
    Month(u32),
    Weekday,
    Dash,
}

fn tokenize(line: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            // ordinal suffixes: 1st, 2nd, 3rd, 19th, and French 1er
            let rest = &line[end..];
            let ordinal = rest.get(..2).is_some_and(|s| {
                ["st", "nd", "rd", "th", "er"]
                    .iter()
                    .any(|suffix| s.eq_ignore_ascii_case(suffix))
            }) && !rest[2..].starts_with(char::is_alphabetic);
            if ordinal {
                chars.next();
                chars.next();
            }
            match line[i..end].parse() {
                Ok(n) => out.push(Tok::Num(n)),
                Err(_) => return vec![],
            }
        } else if c.is_alphabetic() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = line[i..end].to_lowercase();
            if let Some(m) = month(&word) {
                out.push(Tok::Month(m));
            } else if is_weekday(&word) {
                out.push(Tok::Weekday);
            } else if !matches!(word.as_str(), "to" | "and" | "through" | "until" | "of") {
                return vec![];
            } else {
                out.push(Tok::Dash);
            }
        } else {
            if matches!(c, '-' | '–' | '—') {
                out.push(Tok::Dash);
            } else if !(c.is_whitespace() || matches!(c, ',' | '.' | '/')) {
                return vec![];
            }
            chars.next();
        }
    }
    out
}

/// The start day of an English date or range: the first day number, the
/// first month, and the year (which ranges give once, at the end), else
/// `default_year`.
fn english_day(tokens: &[Tok], default_year: Option<i32>) -> Option<NaiveDate> {
    let tokens: Vec<&Tok> = tokens.iter().filter(|t| **t != Tok::Weekday).collect();
    let written = tokens.iter().rev().find_map(|t| match t {
        Tok::Num(n) if *n >= 1000 => Some(*n as i32),
        _ => None,
    });
    let year = match (written, default_year) {
        (Some(year), None) => year,
        (None, Some(year)) => year,
        _ => return None,
    };
    let month_at = tokens.iter().position(|t| matches!(t, Tok::Month(_)))?;
    let &Tok::Month(month) = tokens[month_at] else {
        return None;
    };
    let small = |t: &&&Tok| matches!(t, Tok::Num(n) if *n >= 1 && *n <= 31);
    // "12 September 2012": the day comes before the month; "October 19-21": after.
    let day = match tokens[..month_at].iter().find(small) {
        Some(&&Tok::Num(n)) if month_at > 0 => n,
        _ => match tokens[month_at + 1..].iter().find(small) {
            Some(&&Tok::Num(n)) => n,
            _ => return None,
        },
    };
    let known = tokens
        .iter()
        .all(|t| matches!(t, Tok::Num(_) | Tok::Month(_) | Tok::Dash));
    if !known || tokens.len() > 9 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month(word: &str) -> Option<u32> {
    // German and French names, for programmes and calls of those countries.
    const OTHERS: &[(&str, u32)] = &[
        ("januar", 1),
        ("janvier", 1),
        ("februar", 2),
        ("février", 2),
        ("fevrier", 2),
        ("märz", 3),
        ("maerz", 3),
        ("mars", 3),
        ("avril", 4),
        ("mai", 5),
        ("juni", 6),
        ("juin", 6),
        ("juli", 7),
        ("juillet", 7),
        ("août", 8),
        ("aout", 8),
        ("septembre", 9),
        ("oktober", 10),
        ("octobre", 10),
        ("novembre", 11),
        ("dezember", 12),
        ("décembre", 12),
        ("decembre", 12),
        // Their abbreviations, where not the English ones.
        ("jän", 1),
        ("jänner", 1),
        ("janv", 1),
        ("févr", 2),
        ("fevr", 2),
        ("mär", 3),
        ("avr", 4),
        ("juil", 7),
        ("okt", 10),
        ("dez", 12),
        ("déc", 12),
    ];
    if let Some((_, m)) = OTHERS.iter().find(|(name, _)| *name == word) {
        return Some(*m);
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    if word == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    // German and French, whole.
    const OTHERS: [&str; 14] = [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ];
    OTHERS.contains(&word)
        || (word.len() >= 3
            && DAYS
                .iter()
                .any(|d| *d == word || (word.len() <= 4 && d.starts_with(word))))
}

/// "09:30 Keynote", "9.30–10.00", "14h00", "10am Coffee".
pub fn starts_with_time(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let rest = &line.as_bytes()[digits..];
    let clock = rest.len() >= 3
        && matches!(rest[0], b':' | b'.' | b'h')
        && rest[1].is_ascii_digit()
        && rest[2].is_ascii_digit();
    let after = line[digits..].trim_start().as_bytes();
    let meridiem = after.len() >= 2
        && matches!(after[0].to_ascii_lowercase(), b'a' | b'p')
        && after[1].eq_ignore_ascii_case(&b'm')
        && !after.get(2).is_some_and(u8::is_ascii_alphabetic);
    clock || meridiem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn workshop_date_lines() {
        assert_eq!(day("October 19-21, 2011"), d(2011, 10, 19));
        assert_eq!(day("September 12-14, 2012"), d(2012, 9, 12));
        assert_eq!(day("12 September 2012"), d(2012, 9, 12));
        assert_eq!(day("2012-09-12"), d(2012, 9, 12));
        assert_eq!(day("Oct. 3, 2013"), d(2013, 10, 3));
        assert_eq!(day("September 30 - October 2, 2013"), d(2013, 9, 30));
        assert_eq!(day("Monday, June 22nd, 2026"), d(2026, 6, 22));
        assert_eq!(day("12–14 September 2012"), d(2012, 9, 12));
    }

    /// Issue 22 #3: the numeric European form, German and French months.
    #[test]
    fn european_dates() {
        assert_eq!(day("14.12.2015 14:01 Uhr"), d(2015, 12, 14));
        assert_eq!(day("14.12.2015"), d(2015, 12, 14));
        assert_eq!(day("3.6.2017, 9h30"), d(2017, 6, 3));
        assert_eq!(day("14. Dezember 2015"), d(2015, 12, 14));
        assert_eq!(day("3 juin 2017"), d(2017, 6, 3));
        assert_eq!(day("Montag, 14. Dezember 2015"), d(2015, 12, 14));
        assert_eq!(day("lundi 1er juin 2015"), d(2015, 6, 1));
        assert_eq!(day("14. Okt. 2015"), d(2015, 10, 14));
        assert_eq!(day("3 déc. 2015"), d(2015, 12, 3));
        assert_eq!(day("14.12.2015 went well"), None);
        assert_eq!(day("31.02.2015"), None);
        assert_eq!(day("1.2.3"), None);
        assert_eq!(
            day_in("Posted 14.12.2015 14:01 Uhr by the editors"),
            d(2015, 12, 14)
        );
        assert_eq!(day_in_year("Workshop: September 3rd", 2017), d(2017, 9, 3));
        assert_eq!(day_in_year("Workshop: no date", 2017), None);
    }

    #[test]
    fn prose_is_not_a_date_line() {
        assert_eq!(
            day("met in London, Nov. 1 -2, 2011, to discuss norms"),
            None
        );
        assert_eq!(day("May the best paper win"), None);
        assert_eq!(day("2011"), None);
        assert_eq!(day("October 2011"), None);
        assert_eq!(day("February 30, 2012"), None);
    }

    #[test]
    fn dates_inside_heading_lines() {
        assert_eq!(
            day_in("June 20-22, 2007, Vancouver, Canada"),
            d(2007, 6, 20)
        );
        assert_eq!(
            day_in("Vancouver, BC, Canada -- April 11-14, 1999"),
            d(1999, 4, 11)
        );
        assert_eq!(day_in("November 5-7 2009 (Tokyo)"), d(2009, 11, 5));
        assert_eq!(day_in("Held on 5 May 2009 at the Palais"), d(2009, 5, 5));
        assert_eq!(day_in("WS 2007: the 3rd workshop"), None);
        assert_eq!(day_in("Vancouver, Canada"), None);
        assert_eq!(day_in(""), None);
    }

    #[test]
    fn stamps_of_meta_tags() {
        for (stamp, expected) in [
            ("2026-06-01T09:00:00.000+0200", "2026-06-01T09:00:00+02:00"),
            ("2026-06-01T09:00:00+0200", "2026-06-01T09:00:00+02:00"),
            ("2026-06-01 09:00:00+02:00", "2026-06-01T09:00:00+02:00"),
            ("2026-06-01T09:00+02:00", "2026-06-01T09:00:00+02:00"),
            ("2026-06-01T09:00:00.5Z", "2026-06-01T09:00:00.500+00:00"),
        ] {
            assert_eq!(
                parse(stamp).map(|d| d.to_string()).as_deref(),
                Some(expected),
                "{stamp}"
            );
        }
    }

    #[test]
    fn stamps() {
        assert_eq!(
            parse("2015-04-03T16:39:01").unwrap().to_string(),
            "2015-04-03T16:39:01+00:00"
        );
        assert_eq!(
            parse("Fri, 03 Apr 2015 16:39:01 +0000")
                .unwrap()
                .to_string(),
            "2015-04-03T16:39:01+00:00"
        );
        assert_eq!(
            parse("2026-06-22").unwrap(),
            Date::Day(d(2026, 6, 22).unwrap())
        );
        assert_eq!(
            parse("2026-06-22 09:30:00 +0200").unwrap().to_string(),
            "2026-06-22T09:30:00+02:00"
        );
        assert_eq!(parse(""), None);
        assert_eq!(parse("soon"), None);
    }
}

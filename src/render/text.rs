//! Plain-text bodies: paragraphs wrapped at the width, bare URLs numbered
//! as links, and the word wrapping the header uses too.
//!
//! Lines of a plain-text body are kept as the author broke them, as w3m and
//! lynx keep them: a programme's times, a speaker indented under a talk, an
//! aligned price table, a form's dotted lines are laid out by line. Only
//! running prose is joined and wrapped anew: a paragraph of several lines
//! that fill most of its width, none (but the first) indented, bulleted or
//! starting with a label (`Chair:`), none starting with a time, aligned in
//! columns (a run of spaces inside) or drawn (dots, underscores).
//! A line longer than the width wraps at spaces (not at no-break spaces),
//! continuing at its own indentation. Widths are display columns
//! (unicode-width: CJK and emoji two columns, combining marks none); tabs
//! are expanded to stops every eight columns first. A word wider than the
//! line is broken, except a URL: URLs are never broken, so that terminals
//! and people can still copy them, and a line holding one may be wider than
//! the width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::lines::{LineBuilder, TAB};
use super::links::{Numbering, marker};
use super::style;
use crate::safe;

/// Lays out a plain-text body. With `numbering`, bare `http(s)://` URLs
/// become numbered links.
pub fn render(
    text: &str,
    width: usize,
    mut numbering: Option<&mut Numbering>,
    b: &mut LineBuilder,
) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = safe::visible(&text);
    let mut occurrence = 0u64;
    let mut first = true;
    for paragraph in paragraphs(&text) {
        if !first {
            b.blank();
        }
        first = false;
        if looks_hard_wrapped(&paragraph) {
            let joined = paragraph
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            wrap_line(&joined, width, numbering.as_deref_mut(), &mut occurrence, b);
        } else {
            for line in paragraph {
                wrap_line(line, width, numbering.as_deref_mut(), &mut occurrence, b);
            }
        }
    }
}

/// Groups lines into paragraphs separated by blank lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Prose someone wrapped by hand, to be wrapped anew: several lines of at
/// most 100 columns, all but the last at least 40 and three quarters of
/// the width it was wrapped to (the widest line but one, so that one long
/// URL does not set it), none laid out by line (see the module
/// documentation). The first line may be indented, as a paragraph's first
/// line is, and may start with a label (`Note: …`).
fn looks_hard_wrapped(lines: &[&str]) -> bool {
    let Some((first, rest)) = lines.split_first() else {
        return false;
    };
    let mut widths: Vec<usize> = lines.iter().map(|l| l.width()).collect();
    widths.sort_unstable();
    let widest = widths.last().copied().unwrap_or(0);
    let wrap = match widths.len() {
        0..=2 => widest,
        n => widths[n - 2],
    };
    !rest.is_empty()
        && widest <= 100
        && !starts_item(first.trim_start())
        && rest.iter().all(|l| !starts_item(l) && !labelled(l))
        && lines.iter().all(|l| !laid_out(l))
        && lines[..lines.len() - 1]
            .iter()
            .all(|l| l.width() >= 40 && l.width() * 4 >= wrap * 3)
}

/// A line that starts with a label (`Chair:`, `Room B:`): a word or two,
/// capitalised, without digits (`At 10:30` is a time in prose), then a
/// colon that is not a URL's.
fn labelled(line: &str) -> bool {
    line.trim().split_once(':').is_some_and(|(head, rest)| {
        !head.is_empty()
            && head.split_whitespace().count() <= 2
            && head.chars().count() <= 20
            && head.chars().next().is_some_and(char::is_uppercase)
            && !head.chars().any(|c| c.is_ascii_digit())
            && !rest.starts_with("//")
    })
}

/// A line whose place on the page means something: it starts with a time
/// of day, aligns columns (three spaces or a tab inside it), or holds a
/// drawn line to fill in or to lead the eye (`........`, `____`).
fn laid_out(line: &str) -> bool {
    let inner = line.trim();
    crate::load::starts_with_time(inner)
        || inner.contains("   ")
        || inner.contains('\t')
        || inner.contains("....")
        || inner.contains("____")
        || inner.contains("…………")
}

fn starts_item(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first.is_whitespace() || matches!(first, '-' | '*' | '•' | '+' | '>' | '|') {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(['.', ')'])
}

/// The width of a list marker starting `line` (`- `, `* `, `• `, `12. `,
/// `3) `), or 0.
fn item_marker_width(line: &str) -> usize {
    for bullet in ["- ", "* ", "• ", "+ ", "– "] {
        if line.starts_with(bullet) {
            return bullet.width();
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits)
        && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
    {
        return digits + 2;
    }
    0
}

/// Where a line may break: spaces, but not the no-break ones.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Expands tabs to stops every [`TAB`] columns.
fn expand_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\t') {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB - col % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += c.width().unwrap_or(0);
        }
    }
    out.into()
}

/// One part of a word: plain text, or a URL with its link number.
struct Part<'a> {
    text: &'a str,
    link: Option<usize>,
}

/// Splits a word into text and bare URLs (numbered through `numbering`).
fn parts<'a>(word: &'a str, numbering: Option<&mut Numbering>) -> Vec<Part<'a>> {
    let Some(numbering) = numbering else {
        return vec![Part {
            text: word,
            link: None,
        }];
    };
    let mut out = Vec::new();
    let mut rest = word;
    while let Some(at) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        let url = crate::markup::trim_url(&rest[at..]);
        if url.len() <= "https://".len() {
            break;
        }
        if at > 0 {
            out.push(Part {
                text: &rest[..at],
                link: None,
            });
        }
        let link = numbering.number(url);
        if let Some(n) = link {
            numbering.offer_text(n, url);
        }
        out.push(Part { text: url, link });
        rest = &rest[at + url.len()..];
    }
    if !rest.is_empty() {
        out.push(Part {
            text: rest,
            link: None,
        });
    }
    out
}

fn part_width(p: &Part<'_>) -> usize {
    p.text.width() + p.link.map_or(0, |n| marker(n).width())
}

/// Wraps one line of text (its own indentation kept for its continuation
/// lines) into `b`.
fn wrap_line(
    line: &str,
    width: usize,
    mut numbering: Option<&mut Numbering>,
    occurrence: &mut u64,
    b: &mut LineBuilder,
) {
    let line = expand_tabs(line);
    let body = line.trim_start_matches(is_break);
    let indent = &line[..line.len() - body.len()];
    let indent_width = indent.width();
    // Continuation lines line up under the text, after the indentation and
    // any list marker.
    let hang = indent_width + item_marker_width(body);
    let hang = if hang * 2 > width { 0 } else { hang };
    b.push(indent, style::meta());
    let mut col = indent_width;
    let mut at_line_start = true;
    let mut rest = body;
    while !rest.is_empty() {
        let gap_len = rest.len() - rest.trim_start_matches(is_break).len();
        let gap = &rest[..gap_len];
        rest = &rest[gap_len..];
        let word_len = rest.find(is_break).unwrap_or(rest.len());
        let word = &rest[..word_len];
        rest = &rest[word_len..];
        if word.is_empty() {
            break;
        }
        let parts = parts(word, numbering.as_deref_mut());
        let word_width: usize = parts.iter().map(part_width).sum();
        let gap_width = if at_line_start { 0 } else { gap.width() };
        if !at_line_start && col + gap_width + word_width > width {
            b.end_line();
            b.push(&" ".repeat(hang), style::meta());
            col = hang;
        } else if !at_line_start {
            b.push(gap, style::meta());
            col += gap_width;
        }
        let room = width.saturating_sub(col).max(1);
        let has_url = parts.iter().any(|p| p.link.is_some());
        if word_width > room && !has_url {
            col = push_broken(word, width, hang, col, b);
        } else {
            for p in &parts {
                match p.link {
                    Some(n) => {
                        b.push_link(p.text, style::link(), n, *occurrence);
                        *occurrence += 1;
                        b.push(&marker(n), style::marker());
                    }
                    None => b.push(p.text, style::meta()),
                }
            }
            col += word_width;
        }
        at_line_start = false;
    }
    b.end_line();
}

/// Pushes a word too wide for a line in pieces that fit; returns the
/// column after it.
fn push_broken(
    word: &str,
    width: usize,
    hang: usize,
    mut col: usize,
    b: &mut LineBuilder,
) -> usize {
    let mut piece = String::new();
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if col + w > width && col > hang && w > 0 {
            b.push(&piece, style::meta());
            piece.clear();
            b.end_line();
            b.push(&" ".repeat(hang), style::meta());
            col = hang;
        }
        piece.push(c);
        col += w;
    }
    b.push(&piece, style::meta());
    col
}

/// Wraps text (white space collapsed) into lines of at most `width`
/// columns, breaking words wider than that.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut b = LineBuilder::new();
    let collapsed = crate::markup::collapse_whitespace(text);
    wrap_line(&collapsed, width.max(1), None, &mut 0, &mut b);
    let (lines, _) = b.finish();
    lines.iter().map(super::lines::text_of).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::lines::text_of;

    fn lay(text: &str, width: usize) -> (Vec<String>, Numbering) {
        let mut n = Numbering::new(None);
        let mut b = LineBuilder::new();
        render(text, width, Some(&mut n), &mut b);
        let (lines, _) = b.finish();
        (lines.iter().map(text_of).collect(), n)
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_keep_their_indent() {
        let (lines, _) = lay("  one two three four five six", 12);
        assert_eq!(lines, ["  one two", "  three four", "  five six"]);
    }

    #[test]
    fn list_items_hang_under_their_text() {
        let (lines, _) = lay("- one two three four\n12. five six seven", 12);
        assert_eq!(
            lines,
            ["- one two", "  three four", "12. five six", "    seven"]
        );
    }

    #[test]
    fn no_break_spaces_hold() {
        let (lines, _) = lay("found\u{a0}here and there", 11);
        assert_eq!(lines, ["found\u{a0}here", "and there"]);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let (lines, _) = lay("日本語の 文章です テスト", 10);
        assert_eq!(lines, ["日本語の", "文章です", "テスト"]);
        for l in &lines {
            assert!(l.width() <= 10);
        }
    }

    #[test]
    fn urls_are_numbered_and_never_broken() {
        let (lines, n) = lay(
            "See https://example.org/a/very/long/path/indeed, and http://x.org/ again https://example.org/a/very/long/path/indeed.",
            20,
        );
        assert_eq!(
            lines,
            [
                "See",
                "https://example.org/a/very/long/path/indeed[1],",
                "and http://x.org/[2]",
                "again",
                "https://example.org/a/very/long/path/indeed[1]."
            ]
        );
        let links = n.into_links();
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].url, "http://x.org/");
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "This paragraph was wrapped by hand at a width of about\n\
                    fifty columns, as old text files often are, and\n\
                    should flow again.\n\n- a list item\n- another one";
        let (lines, _) = lay(text, 80);
        assert_eq!(
            lines,
            [
                "This paragraph was wrapped by hand at a width of about fifty columns, as old",
                "text files often are, and should flow again.",
                "",
                "- a list item",
                "- another one"
            ]
        );
    }

    /// Issue 22 #1: what is laid out by line stays a line, as w3m shows it.
    #[test]
    fn a_programme_a_table_and_a_form_keep_their_lines() {
        let programme = "16:00 - 19:00 - Welcome and registration at the conference desk\n\
                         18:00 Cocktail offered by the City Hall in the main reception room\n\
                         Opening keynote: what the norms ask of a government in practice\n    \
                         Ana Ruiz, Norms Lab, University of Somewhere";
        let (lines, _) = lay(programme, 100);
        assert_eq!(lines, programme.lines().collect::<Vec<_>>());
        let prices = "CATEGORIE          PRIX SIMPLE      PRIX DOUBLE\n\
                      Hotel Central        95 EUR          120 EUR\n\
                      Hotel de la Gare     70 EUR           90 EUR";
        let (lines, _) = lay(prices, 100);
        assert_eq!(lines, prices.lines().collect::<Vec<_>>());
        let form = "NOM ............................................................\n\
                    ADRESSE ........................................................\n\
                    Signature ______________________________________________________";
        let (lines, _) = lay(form, 100);
        assert_eq!(lines, form.lines().collect::<Vec<_>>());
        // Lines of very different lengths are not prose wrapped by hand.
        let ragged = "Distinguished New Technologies Lecture on the Future of Systems\n\
                      Chair: Bob O'Brien, Field Notes Workshop and Norms Lab";
        let (lines, _) = lay(ragged, 100);
        assert_eq!(lines, ragged.lines().collect::<Vec<_>>());
    }

    /// Prose is still prose with its first line indented, a time in a
    /// sentence, or one long URL among its lines.
    #[test]
    fn indented_or_uneven_prose_still_flows() {
        let text = "    At 10:30 the chair opened the session and asked the speakers to\n\
                    keep to their time, which most of them did; the last one, who had\n\
                    https://fieldnotes.example.org/2026/12/a-very-long-address-of-the-slides/\n\
                    to show, ran over.";
        let (lines, _) = lay(text, 100);
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(lines[0].starts_with("At 10:30 the chair"), "{lines:#?}");
    }

    #[test]
    fn tabs_expand_and_long_words_break() {
        let (lines, _) = lay("a\tb", 10);
        assert_eq!(lines, ["a       b"]);
        let (lines, _) = lay("0123456789abcdef", 8);
        assert_eq!(lines, ["01234567", "89abcdef"]);
    }

    #[test]
    fn header_wrap_collapses_space() {
        assert_eq!(
            wrap("  a  title\nthat wraps ", 7),
            ["a title", "that", "wraps"]
        );
    }
}

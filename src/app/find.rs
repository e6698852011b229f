//! Finding text in rendered lines: case-insensitive matches as display
//! columns, for "find in the entry" (anywhere, as less finds) and for
//! highlighting a full-text query's words in a body (whole words only, as
//! the index matched them: "for" is not highlighted in "California").

use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

use super::state::Match;

/// Every case-insensitive occurrence of `needle` in `lines`, in order.
pub fn find(lines: &[Line<'_>], needle: &str) -> Vec<Match> {
    find_in(lines, needle, false)
}

/// [`find`], and with `whole_words` only occurrences that are not part of
/// a longer word: no letter or digit just before or after, except where
/// either side is a CJK letter (those scripts have no spaces to go by).
fn find_in(lines: &[Line<'_>], needle: &str, whole_words: bool) -> Vec<Match> {
    let needle: Vec<char> = needle.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut chars: Vec<(char, usize)> = Vec::new();
    for (line_no, line) in lines.iter().enumerate() {
        chars.clear();
        let mut col = 0;
        for span in &line.spans {
            for c in span.content.chars() {
                chars.push((fold(c), col));
                col += c.width().unwrap_or(0);
            }
        }
        let mut i = 0;
        while i + needle.len() <= chars.len() {
            if chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|((c, _), n)| c == n)
                && (!whole_words || is_whole_word(&chars, i, i + needle.len()))
            {
                let end = chars
                    .get(i + needle.len())
                    .map_or(col, |&(_, next_col)| next_col);
                out.push(Match {
                    line: line_no,
                    start: chars[i].1,
                    end,
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Matches of several words (a search query's terms), merged in order.
pub fn find_words(lines: &[Line<'_>], words: &[String]) -> Vec<Match> {
    let mut all: Vec<Match> = words
        .iter()
        .filter(|w| w.chars().count() >= 2)
        .flat_map(|w| find_in(lines, w, true))
        .collect();
    all.sort_by_key(|m| (m.line, m.start));
    all.dedup();
    all
}

/// Whether `chars[start..end]` stands apart from the letters around it.
fn is_whole_word(chars: &[(char, usize)], start: usize, end: usize) -> bool {
    let joins = |outside: Option<&(char, usize)>, edge: char| {
        outside.is_some_and(|&(c, _)| {
            c.is_alphanumeric() && !crate::cjk::is_cjk(c) && !crate::cjk::is_cjk(edge)
        })
    };
    let before = start.checked_sub(1).and_then(|i| chars.get(i));
    !joins(before, chars[start].0) && !joins(chars.get(end), chars[end - 1].0)
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    #[test]
    fn matches_are_case_insensitive_columns() {
        let lines = vec![
            Line::from(vec![Span::raw("Cyber "), Span::raw("NORMS and norms")]),
            Line::from("nothing"),
        ];
        let m = find(&lines, "norms");
        assert_eq!(
            m,
            [
                Match {
                    line: 0,
                    start: 6,
                    end: 11
                },
                Match {
                    line: 0,
                    start: 16,
                    end: 21
                }
            ]
        );
        assert!(find(&lines, "").is_empty());
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let lines = vec![Line::from("日本 norms")];
        assert_eq!(
            find(&lines, "norms"),
            [Match {
                line: 0,
                start: 5,
                end: 10
            }]
        );
    }

    #[test]
    fn query_words_are_highlighted_as_whole_words() {
        let lines = vec![Line::from("For California, for ever; FOR-profit forum.")];
        let m = find_words(&lines, &["for".into()]);
        let starts: Vec<usize> = m.iter().map(|m| m.start).collect();
        assert_eq!(starts, [0, 16, 26], "not in California, forum: {m:?}");
        // Finding in the entry still finds anywhere.
        assert_eq!(find(&lines, "for").len(), 5);
        // CJK words sit inside runs of letters.
        let lines = vec![Line::from("本日東京都庁で国際会議。Tokyo会議")];
        assert_eq!(find_words(&lines, &["会議".into()]).len(), 2);
    }

    #[test]
    fn words_are_merged_in_reading_order() {
        let lines = vec![Line::from("b a"), Line::from("a b")];
        let m = find_words(&lines, &["b".into(), "a".into(), "ab".into()]);
        assert!(m.is_empty(), "single letters are not highlighted");
        let m = find_words(&lines, &["ab".into()]);
        assert!(m.is_empty());
        let lines = vec![Line::from("norms, Norm")];
        let m = find_words(&lines, &["norm".into(), "norms".into()]);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m.windows(2)
                .all(|w| (w[0].line, w[0].start) <= (w[1].line, w[1].start))
        );
    }
}

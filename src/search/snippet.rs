//! Which words of a text a query matched, and the short excerpt shown
//! under each hit.
//!
//! Matching is done the way the index matched: the text goes through the
//! same analyzers, so "norms" highlights for the query `norm`, "Zürich" for
//! `zurich` and "security" for `secur*`. Only clauses that search any field
//! (not `title:` and the like) and are not negated highlight.
//!
//! A snippet is the window of about [`SNIPPET_BYTES`] of the body with the
//! most distinct matched words (the start of the body when none matched),
//! cut at word boundaries, on one line, with `…` where it was cut.
//! Characters unsafe for a terminal are dropped here, so the highlight
//! ranges stay valid for what is printed.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, TokenStream};

use super::query::{Condition, Query, Text};
use super::schema::{stem_analyzer, tokens, words_analyzer};

/// About how long a snippet is, in bytes of the source text.
pub const SNIPPET_BYTES: usize = 200;
/// Only this much of a body is searched for the snippet's window.
const SCAN_BYTES: usize = 64 * 1024;
/// Context kept before the first match of a window.
const LEAD_BYTES: usize = 40;
/// At most this many distinct matched words are reported per hit.
const MAX_TERMS: usize = 32;

/// Finds the words a query matched in any text (a snippet, a body being
/// shown, a title).
#[derive(Clone)]
pub struct Highlighter {
    stems: HashSet<String>,
    /// First letters of `stems`.
    initials: HashSet<char>,
    prefixes: Vec<String>,
    stemmer: TextAnalyzer,
    words: TextAnalyzer,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("stems", &self.stems)
            .field("prefixes", &self.prefixes)
            .finish()
    }
}

impl Highlighter {
    pub fn new(query: &Query) -> Highlighter {
        let mut stem = stem_analyzer();
        let mut words = words_analyzer();
        let mut stems = HashSet::new();
        let mut prefixes = Vec::new();
        for clause in &query.clauses {
            let Condition::Text(None, text) = &clause.condition else {
                continue;
            };
            if clause.negated {
                continue;
            }
            match text {
                Text::Word(t) | Text::Phrase(t) => stems.extend(tokens(&mut stem, t)),
                Text::Prefix(p) => {
                    let mut parts = tokens(&mut words, p);
                    if let Some(last) = parts.pop() {
                        prefixes.push(last);
                    }
                    for part in parts {
                        stems.extend(tokens(&mut stem, &part));
                    }
                }
            }
        }
        let initials = stems.iter().filter_map(|s| s.chars().next()).collect();
        Highlighter {
            stems,
            initials,
            prefixes,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            words,
        }
    }

    /// Whether nothing would ever be highlighted.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty() && self.prefixes.is_empty()
    }

    /// Byte ranges of the matched words in `text`, in order.
    ///
    /// The text is split, lowercased and folded as the index does; only
    /// words whose first letter some stem of the query starts with are
    /// stemmed (English stemming keeps the first letter), which makes this
    /// several times faster than stemming every word.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        let mut words_analyzer = self.words.clone();
        let mut stemmer = self.stemmer.clone();
        let mut words = words_analyzer.token_stream(text);
        while words.advance() {
            let token = words.token();
            let w = &token.text;
            let mut hit = self.prefixes.iter().any(|p| w.starts_with(p.as_str()));
            if !hit && w.chars().next().is_some_and(|c| self.initials.contains(&c)) {
                let mut stemmed = stemmer.token_stream(w);
                hit = stemmed.advance() && self.stems.contains(&stemmed.token().text);
            }
            if hit
                && text.is_char_boundary(token.offset_from)
                && text.is_char_boundary(token.offset_to)
            {
                // CJK letter pairs overlap: 東京 and 京都 highlight 東京都.
                match out.last_mut() {
                    Some(last) if token.offset_from < last.end => last.end = token.offset_to,
                    _ => out.push(token.offset_from..token.offset_to),
                }
            }
        }
        out
    }
}

/// An excerpt of a body with its highlighted words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// One line, safe for a terminal.
    pub text: String,
    /// Byte ranges in `text` of the matched words.
    pub highlights: Vec<Range<usize>>,
    /// The distinct matched words found in the body (lowercased, as
    /// written there), for finding them again in a rendered body.
    pub terms: Vec<String>,
}

/// The snippet of `text` for the query behind `h`.
pub fn snippet(text: &str, h: &Highlighter) -> Snippet {
    let scanned = &text[..floor_boundary(text, SCAN_BYTES)];
    let matches = h.ranges(scanned);
    let mut terms: Vec<String> = Vec::new();
    for m in &matches {
        if terms.len() == MAX_TERMS {
            break;
        }
        let word = scanned[m.clone()].to_lowercase();
        if !terms.contains(&word) {
            terms.push(word);
        }
    }
    let (start, end) = window(scanned, &matches);
    let (text_out, highlights) = excerpt(text, start, end, &matches);
    Snippet {
        text: text_out,
        highlights,
        terms,
    }
}

/// The byte range of the excerpt: the window holding the most distinct
/// matched words, a little context before them, cut at white space.
fn window(text: &str, matches: &[Range<usize>]) -> (usize, usize) {
    let mut best: Option<(usize, usize)> = None; // (score, index of first match)
    for (i, first) in matches.iter().enumerate() {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut count = 0;
        for m in matches[i..]
            .iter()
            .take_while(|m| m.end - first.start <= SNIPPET_BYTES - LEAD_BYTES)
        {
            seen.insert(&text[m.clone()]);
            count += 1;
        }
        let score = seen.len() * 1000 + count;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let Some((_, i)) = best else {
        return (0, cut_back(text, 0, SNIPPET_BYTES));
    };
    let first = matches[i].clone();
    let mut start = floor_boundary(text, first.start.saturating_sub(LEAD_BYTES));
    if start > 0 {
        // Start after a white space so that no word is cut.
        if let Some(ws) = text[start..first.start].find(char::is_whitespace) {
            start += ws;
        }
    }
    let end = cut_back(text, first.end, start + SNIPPET_BYTES);
    (start, end)
}

/// `limit` (floored to a char boundary and to the text's end), moved back to
/// the last white space after `keep` so that no word is cut.
fn cut_back(text: &str, keep: usize, limit: usize) -> usize {
    let end = floor_boundary(text, limit);
    if end >= text.len() {
        return text.len();
    }
    let keep = floor_boundary(text, keep).min(end);
    match text[keep..end].rfind(char::is_whitespace) {
        Some(ws) => keep + ws,
        None => end,
    }
}

/// `text[start..end]` on one line (white space collapsed, unsafe characters
/// dropped), with `…` where the text goes on, and where `matches` landed.
fn excerpt(
    text: &str,
    start: usize,
    end: usize,
    matches: &[Range<usize>],
) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(end - start + 8);
    let mut highlights = Vec::new();
    let mut pending = matches
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .peekable();
    if start > 0 {
        out.push('…');
    }
    let mut started = false;
    let mut space = false;
    for (i, c) in text[start..end].char_indices() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if crate::safe::is_unsafe(c) {
            continue;
        }
        if space && started {
            out.push(' ');
        }
        space = false;
        started = true;
        while let Some(m) = pending.peek() {
            if m.start < start + i {
                pending.next();
            } else {
                break;
            }
        }
        if let Some(m) = pending.peek().filter(|m| m.start == start + i) {
            highlights.push(out.len()..out.len() + (m.end - m.start));
            pending.next();
        }
        out.push(c);
    }
    if end < text.len() && started {
        out.push('…');
    }
    (out, highlights)
}

/// The largest char boundary of `text` at or before `i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    let mut i = i;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn marked(s: &Snippet) -> String {
        let mut out = String::new();
        let mut at = 0;
        for r in &s.highlights {
            out.push_str(&s.text[at..r.start]);
            out.push('[');
            out.push_str(&s.text[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&s.text[at..]);
        out
    }

    fn snip(text: &str, q: &str) -> Snippet {
        snippet(text, &Highlighter::new(&parse(q).unwrap()))
    }

    #[test]
    fn matched_words_are_highlighted_through_stemming_and_accents() {
        let s = snip(
            "International Norms matter.\n\nIn Zürich, a norm was born.",
            "norm zurich",
        );
        assert_eq!(
            marked(&s),
            "International [Norms] matter. In [Zürich], a [norm] was born."
        );
        assert_eq!(s.terms, ["norms", "zürich", "norm"]);
    }

    #[test]
    fn prefixes_highlight_whole_words() {
        let s = snip("Cybersecurity and security.", "secur*");
        assert_eq!(marked(&s), "Cybersecurity and [security].");
        let s = snip("Cybersecurity and security.", "cyber*");
        assert_eq!(marked(&s), "[Cybersecurity] and security.");
    }

    #[test]
    fn the_window_with_most_distinct_words_is_chosen() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text =
            format!("heartbleed once. {filler} heartbleed and shellshock together. {filler}");
        let s = snip(&text, "heartbleed shellshock");
        let m = marked(&s);
        assert!(m.starts_with('…'), "{m}");
        assert!(m.ends_with('…'), "{m}");
        assert!(m.contains("[heartbleed] and [shellshock] together"), "{m}");
        assert!(s.text.len() <= SNIPPET_BYTES + 8, "{}", s.text.len());
        // Cut at word boundaries.
        let inner = s.text.trim_start_matches('…').trim_end_matches('…');
        assert!(
            crate::markup::collapse_whitespace(&text).contains(inner),
            "{inner}"
        );
    }

    #[test]
    fn without_a_match_the_snippet_is_the_start() {
        let text = "word ".repeat(100);
        let s = snip(&text, "absent");
        assert!(s.highlights.is_empty());
        assert!(s.text.starts_with("word word"));
        assert!(s.text.ends_with("word…"), "{}", s.text);
    }

    #[test]
    fn negated_and_fielded_words_do_not_highlight() {
        let s = snip("norms and titles", "-norms title:titles and");
        assert_eq!(marked(&s), "norms [and] titles");
    }

    #[test]
    fn control_characters_are_dropped_and_ranges_stay_valid() {
        let s = snip("a\u{1b}[31m norm\u{202e} é norm", "norm");
        for r in &s.highlights {
            assert_eq!(&s.text[r.clone()], "norm");
        }
        assert_eq!(s.highlights.len(), 2);
        assert!(!s.text.chars().any(crate::safe::is_unsafe));
    }

    #[test]
    fn multibyte_text_near_the_cut_never_panics() {
        let text = "é".repeat(500) + " norm " + &"日本".repeat(300);
        let s = snip(&text, "norm");
        assert_eq!(s.highlights.len(), 1);
        let s = snip(&"日本".repeat(300), "x");
        assert!(!s.text.is_empty());
    }
}

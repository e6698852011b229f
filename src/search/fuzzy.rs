//! Instant fuzzy filtering of titles, for as-you-type narrowing before
//! (and besides) the full-text index: nucleo-matcher, the matcher helix
//! uses, with fzf's pattern syntax (`norms work` = both words fuzzily,
//! `'exact`, `^prefix`, `suffix$`, `!not`), smart case, accents ignored.
//!
//! It needs nothing but the titles, so the reader can use it from the
//! first frame. [`Fuzzy`] keeps nucleo's `Matcher` (which allocates its
//! scoring matrices) for reuse across keystrokes; lists of 20,000 titles
//! and more are matched on every core, a matcher per worker. Match positions are
//! char indices of the title (not grapheme indices, which nucleo would use
//! for a `&str`), and [`char_ranges`] turns them into byte ranges for
//! drawing.

use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

/// A title that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// Its place in the titles given.
    pub index: usize,
    /// Higher is better.
    pub score: u32,
    /// Sorted char indices of the matched characters in the title (empty
    /// from [`Fuzzy::rank`]).
    pub chars: Vec<u32>,
}

/// A reusable fuzzy matcher for titles.
pub struct Fuzzy {
    matcher: Matcher,
    buf: Vec<char>,
}

impl Default for Fuzzy {
    fn default() -> Fuzzy {
        Fuzzy::new()
    }
}

impl std::fmt::Debug for Fuzzy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fuzzy")
    }
}

impl Fuzzy {
    pub fn new() -> Fuzzy {
        Fuzzy {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// The titles matching `pattern`, best first (among equal scores the
    /// shorter title, as fzf does, then the given order), each with its
    /// matched characters. A blank pattern
    /// matches every title, in order.
    pub fn filter<S: AsRef<str> + Sync>(&mut self, titles: &[S], pattern: &str) -> Vec<FuzzyMatch> {
        self.run(titles, pattern, true)
    }

    /// [`Fuzzy::filter`] without the matched characters: cheaper, for long
    /// lists where only the visible rows need [`Fuzzy::matched_chars`].
    pub fn rank<S: AsRef<str> + Sync>(&mut self, titles: &[S], pattern: &str) -> Vec<FuzzyMatch> {
        self.run(titles, pattern, false)
    }

    /// The sorted char indices of `title` that `pattern` matches (empty
    /// when it does not match).
    pub fn matched_chars(&mut self, title: &str, pattern: &str) -> Vec<u32> {
        let pattern = parse(pattern);
        let mut chars = Vec::new();
        let haystack = utf32(title, &mut self.buf);
        if pattern
            .indices(haystack, &mut self.matcher, &mut chars)
            .is_none()
        {
            chars.clear();
        }
        chars.sort_unstable();
        chars.dedup();
        chars
    }

    fn run<S: AsRef<str> + Sync>(
        &mut self,
        titles: &[S],
        pattern: &str,
        with_chars: bool,
    ) -> Vec<FuzzyMatch> {
        let pattern = parse(pattern);
        if pattern.atoms.is_empty() {
            return (0..titles.len())
                .map(|index| FuzzyMatch {
                    index,
                    score: 0,
                    chars: Vec::new(),
                })
                .collect();
        }
        let mut out: Vec<(usize, FuzzyMatch)> = if titles.len() < PARALLEL_FROM {
            titles
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    one(
                        &pattern,
                        i,
                        t.as_ref(),
                        with_chars,
                        &mut self.matcher,
                        &mut self.buf,
                    )
                })
                .collect()
        } else {
            // Long lists: every core, each with a matcher of its own.
            titles
                .par_iter()
                .enumerate()
                .map_init(
                    || (Matcher::new(Config::DEFAULT), Vec::new()),
                    |(matcher, buf), (i, t)| one(&pattern, i, t.as_ref(), with_chars, matcher, buf),
                )
                .flatten()
                .collect()
        };
        out.sort_by(|(len_a, a), (len_b, b)| {
            b.score
                .cmp(&a.score)
                .then(len_a.cmp(len_b))
                .then(a.index.cmp(&b.index))
        });
        out.into_iter().map(|(_, m)| m).collect()
    }
}

/// Lists at least this long are matched on every core.
const PARALLEL_FROM: usize = 20_000;

/// One title against the pattern: its length in chars and the match.
fn one(
    pattern: &Pattern,
    index: usize,
    title: &str,
    with_chars: bool,
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> Option<(usize, FuzzyMatch)> {
    let haystack = utf32(title, buf);
    let mut chars = Vec::new();
    let score = if with_chars {
        pattern.indices(haystack, matcher, &mut chars)
    } else {
        pattern.score(haystack, matcher)
    }?;
    chars.sort_unstable();
    chars.dedup();
    Some((
        haystack.len(),
        FuzzyMatch {
            index,
            score,
            chars,
        },
    ))
}

fn parse(pattern: &str) -> Pattern {
    Pattern::parse(pattern, CaseMatching::Smart, Normalization::Smart)
}

/// `s` as nucleo's haystack, one element per char.
fn utf32<'a>(s: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if s.is_ascii() {
        Utf32Str::Ascii(s.as_bytes())
    } else {
        buf.clear();
        buf.extend(s.chars());
        Utf32Str::Unicode(buf)
    }
}

/// Byte ranges of `title` covering the chars at `chars` (sorted indices),
/// adjacent ones merged.
pub fn char_ranges(title: &str, chars: &[u32]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut wanted = chars.iter().peekable();
    for (n, (at, c)) in title.char_indices().enumerate() {
        let Some(&&next) = wanted.peek() else { break };
        if next as usize != n {
            continue;
        }
        wanted.next();
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.end == at => last.end = end,
            _ => out.push(at..end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLES: [&str; 5] = [
        "Promoting international norm development in cybersecurity",
        "Harvard-MIT-University of Toronto Cyber Norms Workshop I",
        "Zürich notes",
        "Reading list",
        "Norms",
    ];

    #[test]
    fn best_matches_come_first_with_their_characters() {
        let mut f = Fuzzy::new();
        let hits = f.filter(&TITLES, "norms");
        let order: Vec<usize> = hits.iter().map(|h| h.index).collect();
        assert_eq!(order[0], 4, "{hits:?}");
        assert!(order.contains(&1));
        assert!(!order.contains(&3));
        assert_eq!(hits[0].chars, [0, 1, 2, 3, 4]);
        assert_eq!(char_ranges(TITLES[4], &hits[0].chars), vec![0..5_usize]);
    }

    #[test]
    fn accents_and_case_are_ignored_and_positions_are_chars() {
        let mut f = Fuzzy::new();
        let hits = f.filter(&TITLES, "zurich");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].index, 2);
        assert_eq!(hits[0].chars, [0, 1, 2, 3, 4, 5]);
        // "ü" is two bytes: the range covers it.
        assert_eq!(char_ranges(TITLES[2], &hits[0].chars), vec![0..7_usize]);
        assert_eq!(f.matched_chars(TITLES[2], "notes$"), [7, 8, 9, 10, 11]);
    }

    #[test]
    fn a_blank_pattern_keeps_everything_in_order() {
        let mut f = Fuzzy::new();
        let all: Vec<usize> = f.rank(&TITLES, "  ").iter().map(|h| h.index).collect();
        assert_eq!(all, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn long_lists_match_alike_in_parallel() {
        let mut f = Fuzzy::new();
        let small = f.filter(&TITLES, "norms");
        let many: Vec<&str> = TITLES
            .iter()
            .cycle()
            .take(TITLES.len() * 5000)
            .copied()
            .collect();
        let big = f.filter(&many, "norms");
        assert_eq!(big.len(), small.len() * 5000);
        for m in &big {
            let same = &small[small
                .iter()
                .position(|s| s.index == m.index % TITLES.len())
                .unwrap()];
            assert_eq!((m.score, &m.chars), (same.score, &same.chars));
        }
        // Best first, then shorter, then in order.
        assert_eq!(big[0].index, 4);
        assert_eq!(big[1].index, 9);
    }

    #[test]
    fn rank_agrees_with_filter() {
        let mut f = Fuzzy::new();
        let a: Vec<(usize, u32)> = f
            .filter(&TITLES, "cyb")
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        let b: Vec<(usize, u32)> = f
            .rank(&TITLES, "cyb")
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        assert_eq!(a, b);
        assert!(f.matched_chars("nothing", "cyb").is_empty());
    }
}

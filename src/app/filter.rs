//! Narrowing the list as the user types: fuzzy title matching from the
//! first frame, ranked full-text search once the index is ready.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::corpus::Corpus;

/// Full-text search as the reader needs it; the search index implements
/// it, tests use a stand-in.
pub trait FullText: Send {
    /// Entry ids for `query`, best first, and the words to highlight in
    /// an opened entry. `Err` carries a message for the status bar.
    fn search(&self, query: &str, limit: usize) -> Result<FullTextHits, String>;
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FullTextHits {
    pub ids: Vec<String>,
    pub terms: Vec<String>,
}

/// `rows` (entry indices) whose titles fuzzily match `query`, best first;
/// equal scores keep their order.
pub fn fuzzy(corpus: &Corpus, rows: &[usize], query: &str) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = rows
        .iter()
        .filter_map(|&i| {
            let title = corpus.entries[i].title.as_str();
            pattern
                .score(Utf32Str::new(title, &mut buf), &mut matcher)
                .map(|s| (s, i))
        })
        .collect();
    scored.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;

    #[test]
    fn fuzzy_matches_titles_best_first() {
        let titles = [
            "Cyber Norms Workshop",
            "Encryption notes",
            "Norms of behaviour",
        ];
        let corpus = Corpus::new(
            titles
                .iter()
                .map(|t| Entry {
                    title: (*t).into(),
                    ..Entry::default()
                })
                .collect(),
            vec![],
        );
        let rows = fuzzy(&corpus, &[0, 1, 2], "norms");
        assert_eq!(rows.len(), 2);
        assert!(rows.contains(&0) && rows.contains(&2));
        assert_eq!(fuzzy(&corpus, &[0, 1, 2], "encnot"), [1]);
        assert!(fuzzy(&corpus, &[0, 1, 2], "zzz").is_empty());
    }
}

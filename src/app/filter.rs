//! Narrowing the list as the user types: fuzzy title matching from the
//! first frame ([`fuzzy`]), ranked full-text search once the index is
//! ready ([`FullText`], implemented by [`SearchIndex`]).

use std::collections::HashSet;
use std::sync::Arc;

use crate::corpus::Corpus;
use crate::search::{self, Accept, Clause, Condition, Custom, Fuzzy, Query, SearchIndex, Text};

/// Full-text search as the reader needs it; the search index implements
/// it, tests use a stand-in.
pub trait FullText: Send + Sync + std::fmt::Debug {
    /// Entry ids for `query`, best first, and the words to highlight in
    /// an opened entry. `Err` carries a message for the status bar.
    fn search(&self, query: &str, limit: usize) -> Result<FullTextHits, String>;
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FullTextHits {
    pub ids: Vec<String>,
    /// The matched words as they appear in the best hits' bodies.
    pub terms: Vec<String>,
    /// Parts of the query read differently than written, for the status bar.
    pub warnings: Vec<String>,
}

/// `rows` (entry indices) whose titles fuzzily match `query`, best first
/// (fzf's pattern syntax, see [`Fuzzy`]).
pub fn fuzzy(corpus: &Corpus, rows: &[usize], query: &str) -> Vec<usize> {
    let titles: Vec<&str> = rows
        .iter()
        .map(|&i| corpus.entries[i].title.as_str())
        .collect();
    Fuzzy::new()
        .rank(&titles, query)
        .into_iter()
        .map(|m| rows[m.index])
        .collect()
}

/// Hits whose bodies give the words to highlight.
const TERMS_FROM: usize = 10;

/// A word being typed becomes a prefix from this many characters on.
const PREFIX_FROM: usize = 3;

impl FullText for SearchIndex {
    /// The query's hits, then (while its last word is still being typed,
    /// with no space after it) the hits of that word as a prefix, so that
    /// `heart` already finds "Heartbleed".
    fn search(&self, text: &str, limit: usize) -> Result<FullTextHits, String> {
        // `is:withdrawn` is the one reading-state word the index decides
        // (the reader applies the others to the rows).
        let syntax = search::Syntax::new().with_filter("is", |v| match v {
            "withdrawn" => Ok(()),
            _ => Err("is: here takes withdrawn".into()),
        });
        let query = syntax.parse(text).map_err(|e| e.to_string())?;
        let everything: Accept = Arc::new(|_: &Custom, _: &str| true);
        let failed = |e: search::SearchError| e.to_string();
        let mut ids = self
            .ids(&query, limit, Arc::clone(&everything))
            .map_err(failed)?;
        let mut queries = vec![query.clone()];
        if let Some(typing) = still_typing(text, &query) {
            let seen: HashSet<String> = ids.iter().cloned().collect();
            let more = self.ids(&typing, limit, everything).map_err(failed)?;
            let room = limit.saturating_sub(ids.len());
            ids.extend(more.into_iter().filter(|id| !seen.contains(id)).take(room));
            queries.push(typing);
        }
        let mut terms = Vec::new();
        for q in &queries {
            for hit in SearchIndex::search(self, q, TERMS_FROM).map_err(failed)? {
                for term in hit.terms {
                    if !terms.contains(&term) {
                        terms.push(term);
                    }
                }
            }
        }
        Ok(FullTextHits {
            ids,
            terms,
            warnings: query.warnings.iter().map(|p| p.to_string()).collect(),
        })
    }
}

/// `query` with its last clause as a prefix, when `text` ends in the
/// middle of a plain word of at least [`PREFIX_FROM`] letters.
fn still_typing(text: &str, query: &Query) -> Option<Query> {
    let last = query.clauses.last()?;
    let Clause {
        negated: false,
        condition: Condition::Text(field, Text::Word(word)),
        span,
    } = last
    else {
        return None;
    };
    let typing = span.end == text.len()
        && word.chars().count() >= PREFIX_FROM
        && word.chars().all(char::is_alphanumeric);
    if !typing {
        return None;
    }
    let mut prefixed = query.clone();
    if let Some(clause) = prefixed.clauses.last_mut() {
        clause.condition = Condition::Text(*field, Text::Prefix(word.clone()));
    }
    Some(prefixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, Entry};

    fn entries(titles_and_bodies: &[(&str, &str, &str)]) -> Vec<Entry> {
        titles_and_bodies
            .iter()
            .map(|(id, title, body)| Entry {
                id: (*id).into(),
                title: (*title).into(),
                body: Body::Text((*body).into()),
                ..Entry::default()
            })
            .collect()
    }

    #[test]
    fn fuzzy_matches_titles_best_first() {
        let corpus = Corpus::new(
            entries(&[
                ("a", "Cyber Norms Workshop", ""),
                ("b", "Encryption notes", ""),
                ("c", "Norms of behaviour", ""),
            ]),
            vec![],
        );
        let rows = fuzzy(&corpus, &[0, 1, 2], "norms");
        assert_eq!(rows.len(), 2);
        assert!(rows.contains(&0) && rows.contains(&2));
        assert_eq!(fuzzy(&corpus, &[0, 1, 2], "encnot"), [1]);
        assert!(fuzzy(&corpus, &[0, 1, 2], "zzz").is_empty());
        assert_eq!(fuzzy(&corpus, &[2, 1], "notes"), [1], "only the rows given");
    }

    fn index() -> SearchIndex {
        let entries = entries(&[
            ("bleed", "A retrospective", "Heartbleed and Shellshock."),
            ("heart", "Of the heart", "The heart of the matter."),
            ("norms", "Cyber norms", "Norms were agreed."),
        ]);
        SearchIndex::from_entries(&entries, &mut |_| {}).unwrap()
    }

    #[test]
    fn the_index_finds_a_word_still_being_typed_after_whole_words() {
        let i = index();
        let hits = FullText::search(&i, "heart", 10).unwrap();
        assert_eq!(
            hits.ids,
            ["heart", "bleed"],
            "the word, then words it starts"
        );
        assert!(hits.terms.contains(&"heartbleed".to_owned()), "{hits:?}");
        let hits = FullText::search(&i, "heart ", 10).unwrap();
        assert_eq!(hits.ids, ["heart"], "a space ends the word");
        let hits = FullText::search(&i, "he", 10).unwrap();
        assert!(hits.ids.is_empty(), "two letters are not a prefix yet");
        assert_eq!(FullText::search(&i, "heart", 1).unwrap().ids, ["heart"]);
    }

    #[test]
    fn the_index_stems_and_reports_bad_queries() {
        let i = index();
        let hits = FullText::search(&i, "norm", 10).unwrap();
        assert_eq!(hits.ids, ["norms"]);
        assert!(hits.terms.contains(&"norms".to_owned()), "{hits:?}");
        assert!(FullText::search(&i, "\"", 10).is_err());
        let hits = FullText::search(&i, "kind:no/such norms", 10).unwrap();
        assert_eq!(hits.ids, ["norms"]);
        assert!(!hits.warnings.is_empty(), "the bad filter is reported");
    }

    /// Withdrawn entries are found only by a query that asks for them,
    /// which the reader makes of `is:withdrawn` (its other `is:` words it
    /// applies to the rows itself).
    #[test]
    fn withdrawn_entries_are_found_only_when_asked() {
        let mut entries = entries(&[
            ("live", "Live norms", "Norms were agreed."),
            ("gone", "Gone norms", "Norms were withdrawn."),
        ]);
        entries[1].withdrawn = true;
        let i = SearchIndex::from_entries(&entries, &mut |_| {}).unwrap();
        assert_eq!(FullText::search(&i, "norms ", 10).unwrap().ids, ["live"]);
        assert_eq!(
            FullText::search(&i, "is:withdrawn norms ", 10).unwrap().ids,
            ["gone"]
        );
        let index = SearchIndex::from_entries(&entries, &mut |_| {}).unwrap();
        let query = search::Syntax::new()
            .with_filter("is", |_| Ok(()))
            .parse("norms -is:withdrawn")
            .unwrap();
        let hits = index.search(&query, 10).unwrap();
        assert_eq!(hits.len(), 1, "-is:withdrawn is the default, said aloud");
        assert_eq!(hits[0].id, "live");
    }
}

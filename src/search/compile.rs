//! A typed [`Query`] → a tantivy query, built programmatically (user text
//! only ever reaches tantivy as analyzed terms, never through tantivy's
//! query parser).
//!
//! Ranking: every positive clause is required; a word is looked for in
//! title, body, author, site and tags, each match adding its BM25 score
//! times the field's boost (title 3, author and tags 2, site 1.5, body 1),
//! so a title match outranks a body match. When several plain words are
//! given, a phrase over them (a few words of slack) adds to the score of
//! entries where they stand together, so "cyber norms" ranks "cyber norms
//! workshop" above a page that says "norms" at the top and "cyber" at the
//! bottom; it is computed for the best [`RESCORE_WINDOW`] hits only. Filters (kind, dates) and exclusions do not
//! change scores.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Explanation,
    Occur, PhraseQuery, Query as TantivyQuery, RangeQuery, RegexQuery, Scorer, TermQuery,
    TermSetQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

use super::query::{Condition, Custom, Query, Text};
use super::schema::{self, Fields, stem_analyzer, tokens, words_analyzer};
use super::stem::WORD_MARK;

/// Words of slack allowed in the proximity bonus of plain words.
const PROXIMITY_SLOP: u32 = 2;

pub(crate) struct Compiled {
    pub query: Box<dyn TantivyQuery>,
    /// Whether some clause ranks entries; when none does (only filters),
    /// hits are ordered newest first.
    pub scored: bool,
    /// The proximity bonus of several plain words (queries and their
    /// boosts), added to the best hits only (see [`RESCORE_WINDOW`]).
    pub bonus: Vec<(Box<dyn TantivyQuery>, Score)>,
}

/// How many of the best hits by word scores get the proximity bonus.
/// Scoring phrases over every match is what makes queries of common
/// words slow (measured: 25-35 ms instead of a few at 100,000 entries);
/// re-ranking a window of the best is what search engines do
/// (Elasticsearch's rescore), at the price that an entry outside the
/// window cannot climb into it.
pub(crate) const RESCORE_WINDOW: usize = 100;

/// Compiles `q`; entries whose id is in `hidden` never match, nor do
/// withdrawn entries (their site no longer publishes them) unless the query
/// asks for them with `is:withdrawn`.
pub(crate) fn compile(q: &Query, f: &Fields, hidden: &[String]) -> Compiled {
    let mut stem = stem_analyzer();
    let mut words = words_analyzer();
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let mut scored = false;
    let mut positive = false;
    let mut proximity: Vec<String> = Vec::new();
    let mut plain_words = 0;
    for clause in &q.clauses {
        let query: Box<dyn TantivyQuery> = match &clause.condition {
            Condition::Text(field, text) => {
                let fields: Vec<(Field, f32)> = match field {
                    Some(tf) => vec![(f.text(*tf), 1.0)],
                    None => f.all().to_vec(),
                };
                if !clause.negated {
                    scored = true;
                    if let (None, Text::Word(w)) = (field, text) {
                        proximity.extend(tokens(&mut stem, w));
                        plain_words += 1;
                    }
                }
                match text {
                    Text::Word(t) | Text::Phrase(t) => {
                        any_field(&fields, |field| phrase(field, &tokens(&mut stem, t), 0))
                    }
                    Text::Prefix(p) => prefix_query(&fields, &tokens(&mut words, p), &mut stem),
                }
            }
            Condition::Kind(kind) => filter(TermQuery::new(
                Term::from_field_text(f.kind, kind),
                IndexRecordOption::Basic,
            )),
            Condition::After(day) => filter(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.day, schema::day_number(*day))),
                Bound::Unbounded,
            )),
            Condition::Before(day) => filter(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(Term::from_field_i64(f.day, schema::day_number(*day))),
            )),
            Condition::Custom(c) if asks_withdrawn(c) => filter(withdrawn(f)),
            // Checked by the caller's predicate while collecting.
            Condition::Custom(_) => continue,
        };
        if clause.negated {
            clauses.push((Occur::MustNot, query));
        } else {
            positive = true;
            clauses.push((Occur::Must, query));
        }
    }
    if !positive {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let shows_withdrawn = q
        .clauses
        .iter()
        .any(|c| !c.negated && matches!(&c.condition, Condition::Custom(c) if asks_withdrawn(c)));
    if !shows_withdrawn {
        clauses.push((Occur::MustNot, withdrawn(f)));
    }
    let mut bonus: Vec<(Box<dyn TantivyQuery>, Score)> = Vec::new();
    if plain_words > 1 && proximity.len() > 1 {
        for (field, boost) in [(f.title, schema::BOOST_TITLE), (f.body, schema::BOOST_BODY)] {
            bonus.push((phrase(field, &proximity, PROXIMITY_SLOP), boost));
        }
    }
    if !hidden.is_empty() {
        let ids = hidden.iter().map(|id| Term::from_field_text(f.id, id));
        clauses.push((Occur::MustNot, Box::new(TermSetQuery::new(ids))));
    }
    Compiled {
        query: Box::new(BooleanQuery::new(clauses)),
        scored,
        bonus,
    }
}

/// Whether a caller's filter is `is:withdrawn`, which the index decides.
pub(crate) fn asks_withdrawn(c: &Custom) -> bool {
    c.field.eq_ignore_ascii_case("is") && c.value.eq_ignore_ascii_case("withdrawn")
}

/// The entries marked withdrawn.
fn withdrawn(f: &Fields) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(f.withdrawn, schema::WITHDRAWN),
        IndexRecordOption::Basic,
    ))
}

/// A filter: matches or not, adds nothing to the score.
fn filter(q: impl TantivyQuery) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(Box::new(q), 0.0))
}

/// `make(field)` for each field, boosted; any may match, and matches in
/// several fields add up.
fn any_field(
    fields: &[(Field, f32)],
    mut make: impl FnMut(Field) -> Box<dyn TantivyQuery>,
) -> Box<dyn TantivyQuery> {
    let mut should: Vec<(Occur, Box<dyn TantivyQuery>)> = fields
        .iter()
        .map(|&(field, boost)| {
            let q: Box<dyn TantivyQuery> = Box::new(BoostQuery::new(make(field), boost));
            (Occur::Should, q)
        })
        .collect();
    if should.len() == 1 {
        return should
            .pop()
            .map(|(_, q)| q)
            .unwrap_or_else(|| Box::new(EmptyQuery));
    }
    Box::new(BooleanQuery::new(should))
}

/// The tokens in a row (one token: a term query; none: matches nothing).
fn phrase(field: Field, tokens: &[String], slop: u32) -> Box<dyn TantivyQuery> {
    match tokens {
        [] => Box::new(EmptyQuery),
        [one] => Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::WithFreqs,
        )),
        _ => {
            let terms = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(field, t)))
                .collect();
            Box::new(Forward(PhraseQuery::new_with_offset_and_slop(terms, slop)))
        }
    }
}

/// `cyber*`: any word starting with the prefix, as written: the stems
/// starting with it (words that are their own stem, and nearly all others)
/// and the marked words (see `stem`). Parts before the last one
/// (`e-mai*`) must appear as words too.
fn prefix_query(
    fields: &[(Field, f32)],
    parts: &[String],
    stem: &mut tantivy::tokenizer::TextAnalyzer,
) -> Box<dyn TantivyQuery> {
    let Some((last, before)) = parts.split_last() else {
        return Box::new(EmptyQuery);
    };
    let escaped = regex_escape(last);
    let patterns = [
        format!("{escaped}.*"),
        format!("{}{escaped}.*", regex_escape(&WORD_MARK.to_string())),
    ];
    let starts = any_field(fields, |field| {
        let either: Vec<(Occur, Box<dyn TantivyQuery>)> = patterns
            .iter()
            .filter_map(|p| RegexQuery::from_pattern(p, field).ok())
            .map(|q| (Occur::Should, Box::new(q) as Box<dyn TantivyQuery>))
            .collect();
        // One score whichever form matched.
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(either)),
            1.0,
        ))
    });
    if before.is_empty() {
        return starts;
    }
    let mut must: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(Occur::Must, starts)];
    for word in before {
        let stems = tokens(stem, word);
        must.push((
            Occur::Must,
            any_field(fields, |field| phrase(field, &stems, 0)),
        ));
    }
    Box::new(BooleanQuery::new(must))
}

/// A phrase query whose scorer accepts `seek_danger` targets behind it.
///
/// tantivy 0.27's phrase scorer debug-asserts that `seek_danger` never goes
/// backwards, which its own `Exclude` and intersections do not guarantee
/// (quickwit-oss/tantivy#2811): `norms -"cyber norms"` panics in debug
/// builds (release builds answer correctly). A target behind the scorer is
/// answered here as `DocSet`'s default answers it (not there; nothing
/// before the current document); any other goes to the phrase scorer,
/// which keeps its laziness.
#[derive(Clone, Debug)]
struct Forward(PhraseQuery);

impl TantivyQuery for Forward {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ForwardWeight(Box<dyn Weight>);

impl Weight for ForwardWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardScorer(self.0.scorer(reader, boost)?)))
    }

    /// Lazy: the phrase scorer starts at `target` instead of looking for
    /// its first match, which for a rare phrase is a scan of everything.
    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let (found, scorer) = self.0.scorer_danger(reader, target, boost)?;
        Ok((found, Box::new(ForwardScorer(scorer))))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ForwardScorer(Box<dyn Scorer>);

impl DocSet for ForwardScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if doc >= target {
            doc
        } else {
            self.0.seek(target)
        }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.0.doc();
        if target < doc {
            SeekDangerResult::SeekLowerBound(doc)
        } else {
            self.0.seek_danger(target)
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for ForwardScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

/// `s` with every character that is not a letter or digit escaped for
/// tantivy's regular expressions.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Body, Entry};
    use crate::search::{SearchIndex, parse, schema};

    /// quickwit-oss/tantivy#2811: an excluded phrase whose first match
    /// comes after the first candidate made debug builds panic.
    #[test]
    fn an_excluded_phrase_after_the_first_candidate() {
        let (s, f) = schema::schema();
        let index = tantivy::Index::create_in_ram(s);
        schema::register_analyzers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (id, text) in [("a", "norms alone"), ("b", "other"), ("c", "cyber norms")] {
            let e = Entry {
                id: id.into(),
                title: id.into(),
                body: Body::Text(text.into()),
                ..Entry::default()
            };
            writer
                .add_document(schema::document(&f, &e, "", 0))
                .unwrap();
        }
        writer.commit().unwrap();
        let index = SearchIndex::open(index, f, Vec::new(), None).unwrap();
        let cases: [(&str, &[&str]); 3] = [
            ("norms -\"cyber norms\"", &["a"]),
            ("norms \"cyber norms\"", &["c"]),
            ("alone cyber norms", &[]),
        ];
        for (q, expected) in cases {
            let hits = index.search(&parse(q).unwrap(), 5).unwrap();
            let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(ids, expected, "{q}");
        }
    }

    #[test]
    fn regex_metacharacters_are_escaped() {
        assert_eq!(regex_escape("a.b*c"), "a\\.b\\*c");
        assert_eq!(regex_escape("zürich"), "zürich");
    }
}

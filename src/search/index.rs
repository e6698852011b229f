//! An open index, in memory or on disk, and searching it: [`SearchIndex`]
//! and the [`Hit`]s it returns.
//!
//! Everything a hit shows is read from the index's stored fields, so a
//! search never needs the corpus. Hits are ranked by score (see
//! `compile`); a query with only filters lists its entries newest first.
//! Caller-defined filters ([`super::Syntax::with_filter`]) are checked by a
//! predicate while collecting, so they never cost a hit its place in the
//! top `limit`.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query as TantivyQuery};
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SeekDangerResult, SegmentReader, TantivyDocument,
};

use crate::model::{Date, Entry, Kind};

use super::compile::asks_withdrawn;
use super::compile::{RESCORE_WINDOW, compile};
use super::query::{Condition, Custom, Query};
use super::schema::{self, Fields};
use super::snippet::{Highlighter, snippet};
use super::{Progress, Stage};

/// Why an index could not be built, opened or searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("search index at {}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
}

/// One entry that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The entry's id, as in [`crate::corpus::Corpus::by_id`].
    pub id: String,
    /// Higher is better; 0 when the query only filtered.
    pub score: f32,
    pub title: String,
    pub date: Option<Date>,
    pub kind: Kind,
    pub url: Option<String>,
    /// An excerpt of the body on one line, safe for a terminal.
    pub snippet: String,
    /// Byte ranges in `snippet` of the matched words.
    pub highlights: Vec<Range<usize>>,
    /// The matched words as they appear in the body (lowercased), to find
    /// again in a rendered body; [`Highlighter`] does it exactly.
    pub terms: Vec<String>,
}

/// Decides a caller-defined filter (`is:unread`) for the entry with an id.
pub type Accept = Arc<dyn Fn(&Custom, &str) -> bool + Send + Sync>;

/// A searchable index. `Send + Sync`: build it on one thread, search from another.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    /// Entries `folio list` does not show (another file's entry with the
    /// same URL won): never returned.
    hidden: Vec<String>,
    location: Option<PathBuf>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.len())
            .field("location", &self.location)
            .finish()
    }
}

/// Bytes of indexing memory per writer thread (tantivy's minimum is 15 MB).
const WRITER_BYTES_PER_THREAD: usize = 48_000_000;

/// A writer with one thread per core (at most 4).
pub(crate) fn writer(index: &Index) -> tantivy::Result<IndexWriter> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)
}

impl SearchIndex {
    pub(crate) fn open(
        index: Index,
        fields: Fields,
        hidden: Vec<String>,
        location: Option<PathBuf>,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            reader,
            fields,
            hidden,
            location,
        })
    }

    /// An index in memory of `entries` (already merged by URL, as a loaded
    /// [`crate::corpus::Corpus`] is). `progress` hears how far it got.
    pub fn from_entries(
        entries: &[Entry],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = writer(&index)?;
        let total = entries.len();
        let mut done = 0;
        progress(Progress::new(Stage::Indexing, 0, total));
        for chunk in entries.chunks(1024) {
            chunk.par_iter().enumerate().try_for_each(|(i, e)| {
                let pos = (done + i) as u64;
                writer
                    .add_document(schema::document(&fields, e, "", pos))
                    .map(drop)
            })?;
            done += chunk.len();
            progress(Progress::new(Stage::Indexing, done, total));
        }
        progress(Progress::new(Stage::Saving, total, total));
        writer.commit()?;
        writer.wait_merging_threads()?;
        SearchIndex::open(index, fields, Vec::new(), None)
    }

    /// Entries that can be found.
    pub fn len(&self) -> usize {
        (self.reader.searcher().num_docs() as usize).saturating_sub(self.hidden.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the index is kept; `None` in memory.
    pub fn location(&self) -> Option<&Path> {
        self.location.as_deref()
    }

    /// The best `limit` hits for `query`. Caller-defined filters in the
    /// query ([`Condition::Custom`]) let everything through; use
    /// [`SearchIndex::search_filtered`] to decide them.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.search_filtered(query, limit, Arc::new(|_: &Custom, _: &str| true))
    }

    /// [`SearchIndex::search`], with `accept(filter, id)` deciding each
    /// caller-defined filter of the query for each candidate entry.
    pub fn search_filtered(
        &self,
        query: &Query,
        limit: usize,
        accept: Accept,
    ) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let (top, scored) = self.rank(&searcher, query, limit, accept)?;
        let highlighter = Highlighter::new(query);
        let f = &self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            let body = text(f.body).unwrap_or_default();
            let snip = snippet(&body, &highlighter);
            hits.push(Hit {
                id: text(f.id).unwrap_or_default(),
                score: if scored { score } else { 0.0 },
                title: text(f.title).unwrap_or_default(),
                date: text(f.date).as_deref().and_then(parse_date),
                kind: text(f.kind)
                    .as_deref()
                    .and_then(Kind::parse)
                    .unwrap_or_default(),
                url: text(f.url),
                snippet: snip.text,
                highlights: snip.highlights,
                terms: snip.terms,
            });
        }
        Ok(hits)
    }

    /// The ids of the best `limit` entries for `query`, in the order of
    /// [`SearchIndex::search_filtered`], without reading their stored text:
    /// what narrowing a long list as the user types needs.
    pub fn ids(
        &self,
        query: &Query,
        limit: usize,
        accept: Accept,
    ) -> Result<Vec<String>, SearchError> {
        let searcher = self.reader.searcher();
        let (top, _) = self.rank(&searcher, query, limit, accept)?;
        let mut ids = Vec::with_capacity(top.len());
        let mut column = None;
        let mut segment_of_column = None;
        for (_, address) in top {
            if segment_of_column != Some(address.segment_ord) {
                column = searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .str("id")?;
                segment_of_column = Some(address.segment_ord);
            }
            let mut id = String::new();
            if let Some(ids_column) = &column {
                if let Some(ord) = ids_column.term_ords(address.doc_id).next() {
                    ids_column
                        .ord_to_str(ord, &mut id)
                        .map_err(tantivy::TantivyError::from)?;
                }
            }
            ids.push(id);
        }
        Ok(ids)
    }

    /// The best `limit` documents for `query`, best first, and whether
    /// their order is by score (else by date, for a query of filters only).
    fn rank(
        &self,
        searcher: &Searcher,
        query: &Query,
        limit: usize,
        accept: Accept,
    ) -> Result<(Vec<(Score, DocAddress)>, bool), SearchError> {
        let compiled = compile(query, &self.fields, &self.hidden);
        let scored = compiled.scored;
        if limit == 0 {
            return Ok((Vec::new(), scored));
        }
        let customs: Arc<Vec<(bool, Custom)>> = Arc::new(
            query
                .clauses
                .iter()
                .filter_map(|c| match &c.condition {
                    // The index decides `is:withdrawn` itself (see compile).
                    Condition::Custom(custom) if !asks_withdrawn(custom) => {
                        Some((c.negated, custom.clone()))
                    }
                    _ => None,
                })
                .collect(),
        );
        let window = if compiled.bonus.is_empty() {
            limit
        } else {
            limit.max(RESCORE_WINDOW)
        };
        let collector = TopDocs::with_limit(window).tweak_score(move |segment: &SegmentReader| {
            let ids = if customs.is_empty() {
                None
            } else {
                segment.fast_fields().str("id").ok().flatten()
            };
            let days = if scored {
                None
            } else {
                segment.fast_fields().i64("day").ok()
            };
            let customs = Arc::clone(&customs);
            let accept = Arc::clone(&accept);
            move |doc: DocId, score: Score| -> Score {
                if let Some(ids) = &ids {
                    let mut id = String::new();
                    if let Some(ord) = ids.term_ords(doc).next() {
                        let _ = ids.ord_to_str(ord, &mut id);
                    }
                    if !customs
                        .iter()
                        .all(|(negated, c)| accept(c, &id) != *negated)
                    {
                        return f32::NEG_INFINITY;
                    }
                }
                if scored {
                    score
                } else {
                    // Newest first, undated last.
                    days.as_ref()
                        .and_then(|d| d.first(doc))
                        .map_or(-1e9, |d| d as f32)
                }
            }
        });
        let mut top = searcher.search(&compiled.query, &collector)?;
        top.retain(|(score, _)| *score != f32::NEG_INFINITY);
        if !compiled.bonus.is_empty() {
            rescore(searcher, &compiled.bonus, &mut top)?;
        }
        if scored {
            // (Unscored hits are ranked by their day already.)
            break_ties(searcher, &mut top);
        }
        top.truncate(limit);
        Ok((top, scored))
    }
}

/// Adds each bonus query's score (times its boost) to the hits it
/// matches, and sorts again.
fn rescore(
    searcher: &Searcher,
    bonus: &[(Box<dyn TantivyQuery>, Score)],
    top: &mut [(Score, DocAddress)],
) -> tantivy::Result<()> {
    let weights = bonus
        .iter()
        .map(|(q, boost)| {
            Ok((
                q.weight(EnableScoring::enabled_from_searcher(searcher))?,
                *boost,
            ))
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut order: Vec<(DocAddress, usize)> =
        top.iter().enumerate().map(|(i, (_, a))| (*a, i)).collect();
    order.sort();
    for segment in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let reader = searcher.segment_reader(segment[0].0.segment_ord);
        for (weight, boost) in &weights {
            // Lazily, at each hit only: targets rise strictly (one hit per
            // document) as `seek_danger` requires, and a phrase is checked
            // at the target instead of searched for from there.
            let mut scorer: Option<Box<dyn tantivy::query::Scorer>> = None;
            for &(address, i) in segment {
                let doc = address.doc_id;
                let found = match scorer.as_mut() {
                    Some(s) => s.seek_danger(doc),
                    None => {
                        let (found, s) = weight.scorer_danger(reader, doc, 1.0)?;
                        scorer = Some(s);
                        found
                    }
                };
                if found == SeekDangerResult::Found {
                    if let Some(s) = scorer.as_mut() {
                        top[i].0 += s.score() * boost;
                    }
                }
            }
        }
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(())
}

/// Orders hits of equal score newest first (undated last), so that the
/// order of a query's hits means something and rarely changes between
/// runs: tantivy breaks ties by document address, which depends on how the
/// indexing threads split the entries. Reading a day is a fast-field
/// lookup, cheap enough for the reader's lists of every hit; hits of one
/// score and one day stay in address order.
fn break_ties(searcher: &Searcher, top: &mut [(Score, DocAddress)]) {
    let mut days: HashMap<u32, Option<Column<i64>>> = HashMap::new();
    let mut day = |address: DocAddress| {
        days.entry(address.segment_ord)
            .or_insert_with(|| {
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .i64("day")
                    .ok()
            })
            .as_ref()
            .and_then(|d| d.first(address.doc_id))
            .unwrap_or(i64::MIN)
    };
    for group in top.chunk_by_mut(|a, b| a.0 == b.0) {
        if group.len() > 1 {
            group.sort_by_cached_key(|&(_, address)| (std::cmp::Reverse(day(address)), address));
        }
    }
}

/// A stored date back: `YYYY-MM-DD` or RFC 3339 (see `Date`'s `Display`).
fn parse_date(s: &str) -> Option<Date> {
    if s.len() == 10 {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(Date::Day)
    } else {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(Date::Instant)
    }
}

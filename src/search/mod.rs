//! Search: ranked full-text search over entries (tantivy), the query
//! syntax, snippets with highlighted matches, and instant fuzzy filtering
//! of titles (nucleo). `folio search` and the reader both use this module;
//! it never prints.
//!
//! # Using it (the reader's view)
//!
//! ```no_run
//! use std::sync::Arc;
//! use folio::search::{self, Fuzzy, IndexBuilder, Progress};
//!
//! # fn main() -> anyhow::Result<()> {
//! # let paths: Vec<std::path::PathBuf> = vec![];
//! // 1. From the first frame: fuzzy filtering of the titles already loaded.
//! let titles = vec!["Cyber Norms Workshop I", "Reading list"];
//! let mut fuzzy = Fuzzy::new(); // keep it: the matcher allocates
//! for m in fuzzy.filter(&titles, "norms") {
//!     let _byte_ranges = search::char_ranges(titles[m.index], &m.chars);
//! }
//!
//! // 2. Load (sources first, so that the index gets the same ids), then
//! //    build or update the index off the UI thread.
//! let started = std::time::SystemTime::now();
//! let (sources, _walk_problems) = folio::load::discover(&paths)?; // no paths: load::sample()
//! let corpus = Arc::new(folio::load::load_sources(&sources));
//! let builder = IndexBuilder::new(paths)
//!     .cache_dir(search::default_cache_dir()) // None for --no-cache
//!     .sources(sources)
//!     .corpus(Arc::clone(&corpus), started); // changed files are not parsed again
//! let worker = std::thread::spawn(move || {
//!     builder.build(&mut |p: Progress| { /* send to the UI: "indexing 120/900" */ })
//! });
//! let built = worker.join().expect("indexer panicked")?;
//! for w in &built.warnings { /* status bar */ }
//!
//! // 3. Searching, as the user types, once the index is there.
//! let query = search::parse("norms after:2012 -draft")?; // Err: nothing searchable
//! for w in &query.warnings { /* "column 7: …" in the status bar */ }
//! for hit in built.index.search(&query, 50)? {
//!     let _entry = corpus.by_id(&hit.id); // hit.snippet, hit.highlights, hit.terms
//! }
//! // Highlighting the query's matches in an opened entry's text:
//! let ranges = search::Highlighter::new(&query).ranges("Norms and norm-setting");
//! # let _ = ranges;
//! # Ok(())
//! # }
//! ```
//!
//! # Modules
//!
//! - `query`: the syntax → [`Query`] ([`Syntax::with_filter`] adds fields
//!   such as `is:unread`, decided by the predicate given to
//!   [`SearchIndex::search_filtered`]).
//! - `schema`: fields, analyzers (words, CJK letter pairs from
//!   `tokenizer`, lowercase, ASCII folding, English stemming), the
//!   document made of an entry.
//! - `compile`: [`Query`] → tantivy query, and the ranking rules.
//! - `index`: [`SearchIndex`] and [`Hit`]s.
//! - `build`: [`IndexBuilder`]: in memory, or persisted and updated
//!   per changed file (`persist`), with the fallbacks; `store`: cache
//!   folders and the manifest;
//!   `duplicates`: entries of different files sharing a URL.
//! - `snippet`: excerpts and [`Highlighter`]; `fuzzy`: [`Fuzzy`]; `stem`:
//!   English stemming with a per-thread cache.

mod build;
mod compile;
mod duplicates;
mod fuzzy;
mod index;
mod persist;
mod query;
mod schema;
mod snippet;
mod stem;
mod store;
#[cfg(test)]
mod tests;
mod tokenizer;

pub use crate::cache::default_cache_dir;
pub use build::{Built, IndexBuilder, Report};
pub use fuzzy::{Fuzzy, FuzzyMatch, char_ranges};
pub use index::{Accept, Hit, SearchError, SearchIndex};
pub use query::{
    Clause, Condition, Custom, Problem, Query, QueryError, Syntax, Text, TextField, parse,
    parse_day,
};
pub use schema::{SCHEMA_VERSION, body_text};
pub use snippet::{Highlighter, SNIPPET_BYTES, Snippet, snippet};

/// How far a build got, for a status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    /// Files (or entries, building from a corpus in memory) done so far.
    pub done: usize,
    /// Of how many; 0 when not known yet.
    pub total: usize,
}

impl Progress {
    pub fn new(stage: Stage, done: usize, total: usize) -> Progress {
        Progress { stage, done, total }
    }
}

/// The steps of a build, in order (some may be skipped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Finding the files and comparing them with the saved index.
    Scanning,
    /// Reading the files (building in memory without a corpus).
    Reading,
    /// Adding entries to the index.
    Indexing,
    /// Committing to disk and merging.
    Saving,
}

//! Building an index, or bringing a persisted one up to date:
//! [`IndexBuilder`]. It owns everything it needs (`Send + 'static`), so the
//! reader can move it to a thread and hear its [`Progress`].
//!
//! With a cache folder (`persist`), the manifest (see `store`) says which files the
//! index already holds. Files whose size, modification time or id base
//! changed are read again (their old entries deleted by their file key),
//! files that are gone are deleted, the rest is not touched: a search
//! with a warm index stats the files and reads none of them. When nothing
//! changed no writer is opened at all, so any number of folio processes
//! can search at once; an update takes tantivy's writer lock, waiting a
//! little for another process to finish, then building in memory instead.
//!
//! Nothing about the cache folder is ever fatal: a damaged index is
//! rebuilt, and an unusable folder (or a second failure) gives an index in
//! memory, each with a warning. Only the inputs themselves can fail a
//! build (a path that does not exist), as they fail `folio list`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::corpus::Corpus;
use crate::load::{self, Diagnostic, FileReport, Severity, Source};

use super::index::{SearchError, SearchIndex};
use super::persist::{Failure, Persisted};
use super::store;
use super::{Progress, Stage};

/// How long an update waits for another process's writer by default.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Builds an index of some inputs, in memory or against a cache folder.
#[derive(Clone, Debug)]
pub struct IndexBuilder {
    paths: Vec<PathBuf>,
    cache_dir: Option<PathBuf>,
    sources: Option<Vec<Source>>,
    corpus: Option<(Arc<Corpus>, SystemTime)>,
    lock_wait: Duration,
    fresh: bool,
}

/// A built index and what happened on the way.
#[derive(Debug)]
pub struct Built {
    pub index: SearchIndex,
    /// Problems with the cache folder, in plain words; the index was
    /// rebuilt or kept in memory instead.
    pub warnings: Vec<String>,
    pub report: Report,
}

/// What a build did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Documents in the input.
    pub files: usize,
    /// Documents read (parsed) by this build.
    pub read: usize,
    /// Documents no longer there whose entries were removed.
    pub removed: usize,
    /// `path: error: reason` for every document that could not be read,
    /// now or when it was last read.
    pub errors: Vec<String>,
    /// Warnings while loading, now or when last read (`folio check` shows them).
    pub warnings: usize,
}

impl IndexBuilder {
    /// An index of `paths` (files, folders, `-`; none: the bundled sample
    /// data), in memory until [`IndexBuilder::cache_dir`] says otherwise.
    pub fn new(paths: Vec<PathBuf>) -> IndexBuilder {
        IndexBuilder {
            paths,
            cache_dir: None,
            sources: None,
            corpus: None,
            lock_wait: LOCK_WAIT,
            fresh: false,
        }
    }

    /// Keep the index under this folio cache folder (see
    /// [`super::default_cache_dir`]); `None` keeps it in memory. Standard
    /// input is never cached.
    pub fn cache_dir(mut self, dir: Option<PathBuf>) -> IndexBuilder {
        self.cache_dir = dir;
        self
    }

    /// The sources the caller already discovered (`load::discover`), so
    /// that ids agree with the caller's corpus.
    pub fn sources(mut self, sources: Vec<Source>) -> IndexBuilder {
        self.sources = Some(sources);
        self
    }

    /// Entries the caller already loaded, started at `loaded_at`: files that
    /// must be (re)indexed take their entries from here instead of being
    /// read again. Files modified after `loaded_at` minus a margin are
    /// indexed from the corpus but read again next time.
    pub fn corpus(mut self, corpus: Arc<Corpus>, loaded_at: SystemTime) -> IndexBuilder {
        self.corpus = Some((corpus, loaded_at));
        self
    }

    /// How long to wait for another folio updating the same index.
    pub fn lock_wait(mut self, wait: Duration) -> IndexBuilder {
        self.lock_wait = wait;
        self
    }

    /// Discard any persisted index and build it again.
    pub fn fresh(mut self, fresh: bool) -> IndexBuilder {
        self.fresh = fresh;
        self
    }

    /// Builds (or updates) the index. Fails only when the inputs cannot be
    /// read at all.
    pub fn build(mut self, progress: &mut dyn FnMut(Progress)) -> Result<Built, SearchError> {
        progress(Progress::new(Stage::Scanning, 0, 0));
        let (sources, walk) = match self.sources.take() {
            Some(s) => (s, Vec::new()),
            None if self.paths.is_empty() => (load::sample(), Vec::new()),
            None => load::discover(&self.paths)?,
        };
        let stdin = self.paths.iter().any(|p| p.as_os_str() == "-");
        let mut warnings = Vec::new();
        if let (Some(cache), false) = (&self.cache_dir, stdin) {
            let inputs = crate::cache::inputs_identity(&self.paths);
            let dir = store::index_dir(cache, &inputs);
            let job = Persisted {
                dir: &dir,
                inputs,
                paths: &self.paths,
                sources: &sources,
                corpus: self.corpus.as_ref(),
                lock_wait: self.lock_wait,
            };
            let shown = dir.display();
            for attempt in 0..2 {
                let fresh = self.fresh || attempt > 0;
                let outcome = catch_unwind(AssertUnwindSafe(|| job.run(fresh, &mut *progress)));
                match outcome {
                    Ok(Ok(mut built)) => {
                        built.report.warnings += walk.len();
                        warnings.append(&mut built.warnings);
                        built.warnings = warnings;
                        return Ok(built);
                    }
                    Ok(Err(Failure::Busy)) => {
                        warnings.push(format!(
                            "another folio is updating the search index in {shown}; \
                             using an index in memory this time"
                        ));
                        break;
                    }
                    Ok(Err(Failure::Unusable(reason))) => {
                        warnings.push(format!(
                            "cannot keep the search index in {shown}: {reason}; \
                             using an index in memory"
                        ));
                        break;
                    }
                    Ok(Err(Failure::Damaged(reason))) => {
                        let then = if attempt == 0 {
                            "rebuilding it"
                        } else {
                            "using an index in memory"
                        };
                        warnings.push(format!(
                            "the search index in {shown} is damaged ({reason}); {then}"
                        ));
                    }
                    Err(_) => {
                        let then = if attempt == 0 {
                            "rebuilding it"
                        } else {
                            "using an index in memory"
                        };
                        warnings.push(format!(
                            "the search index in {shown} made the indexer fail; {then}"
                        ));
                    }
                }
            }
        }
        let mut built = in_memory(self.corpus.map(|(c, _)| c), &sources, progress)?;
        built.report.warnings += walk.len();
        built.warnings = warnings;
        Ok(built)
    }
}

/// An index in memory of the corpus, loading it first when not given.
fn in_memory(
    corpus: Option<Arc<Corpus>>,
    sources: &[Source],
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, SearchError> {
    let (corpus, read) = match corpus {
        Some(c) => (c, 0),
        None => {
            progress(Progress::new(Stage::Reading, 0, sources.len()));
            (Arc::new(load::load_sources(sources)), sources.len())
        }
    };
    let index = SearchIndex::from_entries(&corpus.entries, progress)?;
    let mut report = Report {
        files: corpus.files.len(),
        read,
        ..Report::default()
    };
    for file in &corpus.files {
        let (errors, warnings) = outcome(file);
        report.errors.extend(errors);
        report.warnings += warnings;
    }
    Ok(Built {
        index,
        warnings: Vec::new(),
        report,
    })
}

/// A file report's error lines and number of warnings.
pub(super) fn outcome(report: &FileReport) -> (Vec<String>, usize) {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(Diagnostic::to_string)
        .collect();
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

//! Building an index, or bringing a persisted one up to date:
//! [`IndexBuilder`]. It owns everything it needs (`Send + 'static`), so the
//! reader can move it to a thread and hear its [`Progress`].
//!
//! With a cache folder, the manifest (see `store`) says which files the
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

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, TantivyError};

use crate::corpus::Corpus;
use crate::load::{self, Diagnostic, FileReport, Severity, Source};
use crate::model::Entry;

use super::index::{SearchError, SearchIndex, writer};
use super::schema::{self, Fields};
use super::store::{self, FileRecord, Manifest, Stamp};
use super::{Progress, Stage, duplicates};

/// How long an update waits for another process's writer by default.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Builds an index of some inputs, in memory or against a cache folder.
#[derive(Debug)]
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

enum Failure {
    /// Another process holds the writer.
    Busy,
    /// The cache folder cannot be used at all.
    Unusable(String),
    /// The index or manifest is damaged: rebuild.
    Damaged(String),
}

impl From<TantivyError> for Failure {
    fn from(e: TantivyError) -> Failure {
        Failure::Damaged(e.to_string())
    }
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
            let inputs = store::inputs_identity(&self.paths);
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
fn outcome(report: &FileReport) -> (Vec<String>, usize) {
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

/// One attempt at using the persisted index.
struct Persisted<'a> {
    dir: &'a Path,
    inputs: Vec<String>,
    paths: &'a [PathBuf],
    sources: &'a [Source],
    corpus: Option<&'a (Arc<Corpus>, SystemTime)>,
    lock_wait: Duration,
}

/// What must change in the index.
struct Plan {
    /// Records of files kept as they are, by source number.
    kept: Vec<Option<FileRecord>>,
    /// Sources to read, by number.
    read: Vec<usize>,
    /// Keys of files that are gone.
    removed: Vec<String>,
    /// The manifest did not describe the index: start from nothing.
    full: bool,
}

impl Plan {
    fn is_clean(&self) -> bool {
        !self.full && self.read.is_empty() && self.removed.is_empty()
    }
}

impl Persisted<'_> {
    fn run(&self, fresh: bool, progress: &mut dyn FnMut(Progress)) -> Result<Built, Failure> {
        let unusable = |e: std::io::Error| Failure::Unusable(e.to_string());
        std::fs::create_dir_all(self.dir).map_err(unusable)?;
        let tantivy_dir = self.dir.join("index");
        if fresh {
            store::remove_manifest(self.dir);
            discard(&tantivy_dir);
        }
        std::fs::create_dir_all(&tantivy_dir).map_err(unusable)?;
        let keys = store::file_keys(self.paths, self.sources);
        let scan = store::nanos(SystemTime::now()).unwrap_or(u64::MAX);
        let stamps: Vec<Option<Stamp>> = self.sources.par_iter().map(store::stamp).collect();

        let (schema, fields) = schema::schema();
        let directory =
            MmapDirectory::open(&tantivy_dir).map_err(|e| Failure::Unusable(e.to_string()))?;
        let index = tantivy::IndexBuilder::new()
            .schema(schema)
            .open_or_create(directory)?;
        schema::register_analyzers(&index);

        let manifest = store::read_manifest(self.dir).map_err(Failure::Damaged)?;
        let plan = self.plan(manifest.as_ref(), &index, &keys, &stamps)?;
        if plan.is_clean() {
            let manifest = manifest.unwrap_or_default();
            return self.finish(index, fields, &manifest, &keys, 0, 0);
        }

        let writer = acquire(&index, self.lock_wait)?;
        // Another process may have updated the index while we waited.
        let manifest = store::read_manifest(self.dir).map_err(Failure::Damaged)?;
        let plan = self.plan(manifest.as_ref(), &index, &keys, &stamps)?;
        if plan.is_clean() {
            drop(writer);
            let manifest = manifest.unwrap_or_default();
            return self.finish(index, fields, &manifest, &keys, 0, 0);
        }
        self.update(index, fields, writer, plan, &keys, &stamps, scan, progress)
    }

    fn plan(
        &self,
        manifest: Option<&Manifest>,
        index: &Index,
        keys: &[String],
        stamps: &[Option<Stamp>],
    ) -> Result<Plan, Failure> {
        let opstamp = index.load_metas()?.opstamp;
        let manifest = manifest.filter(|m| m.opstamp == opstamp && m.inputs == self.inputs);
        let Some(m) = manifest else {
            return Ok(Plan {
                kept: vec![None; keys.len()],
                read: (0..keys.len()).collect(),
                removed: Vec::new(),
                full: true,
            });
        };
        let old: HashMap<&str, &FileRecord> = m.files.iter().map(|r| (r.key.as_str(), r)).collect();
        let mut plan = Plan {
            kept: vec![None; keys.len()],
            read: Vec::new(),
            removed: Vec::new(),
            full: false,
        };
        for (i, key) in keys.iter().enumerate() {
            match old.get(key.as_str()) {
                Some(r)
                    if Some(r.stamp) == stamps[i]
                        && r.id_base == self.sources[i].id_base
                        && !r.racy =>
                {
                    plan.kept[i] = Some((*r).clone());
                }
                _ => plan.read.push(i),
            }
        }
        let current: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
        plan.removed = m
            .files
            .iter()
            .filter(|r| !current.contains(r.key.as_str()))
            .map(|r| r.key.clone())
            .collect();
        Ok(plan)
    }

    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        index: Index,
        fields: Fields,
        writer: IndexWriter,
        plan: Plan,
        keys: &[String],
        stamps: &[Option<Stamp>],
        scan: u64,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, Failure> {
        if plan.full {
            writer.delete_all_documents()?;
        }
        for &i in &plan.read {
            writer.delete_term(schema::file_term(&fields, &keys[i]));
        }
        for key in &plan.removed {
            writer.delete_term(schema::file_term(&fields, key));
        }
        let racy_from = match self.corpus {
            Some((_, loaded_at)) => store::nanos(*loaded_at).unwrap_or(0).min(scan),
            None => scan,
        };
        let supply = CorpusSupply::new(self.corpus.map(|(c, _)| c.as_ref()));
        let mut records = plan.kept;
        let total = plan.read.len();
        let mut done = 0;
        let mut read = 0;
        progress(Progress::new(Stage::Indexing, 0, total));
        for chunk in plan.read.chunks(64) {
            let results: Vec<tantivy::Result<(usize, FileRecord, bool)>> = chunk
                .par_iter()
                .map(|&i| {
                    let source = &self.sources[i];
                    let (record, parsed) = index_file(&writer, &fields, source, &keys[i], &supply)?;
                    let stamp = stamps[i];
                    let record = FileRecord {
                        stamp: stamp.unwrap_or(Stamp {
                            size: 0,
                            mtime: None,
                            hash: None,
                        }),
                        racy: stamp.is_none_or(|s| s.racy(racy_from)),
                        ..record
                    };
                    Ok((i, record, parsed))
                })
                .collect();
            for r in results {
                let (i, record, parsed) = r?;
                records[i] = Some(record);
                read += usize::from(parsed);
            }
            done += chunk.len();
            progress(Progress::new(Stage::Indexing, done, total));
        }
        progress(Progress::new(Stage::Saving, total, total));
        let mut writer = writer;
        let opstamp = writer.commit()?;
        let reader = index.reader()?;
        let duplicates = duplicates::scan(&reader.searcher())?;
        let manifest = Manifest {
            schema: schema::SCHEMA_VERSION,
            opstamp,
            inputs: self.inputs.clone(),
            files: records.into_iter().flatten().collect(),
            duplicates,
        };
        let saved = store::write_manifest(self.dir, &manifest);
        writer.wait_merging_threads()?;
        let mut built = self.finish(index, fields, &manifest, keys, read, plan.removed.len())?;
        if let Err(e) = saved {
            built.warnings.push(format!(
                "could not save the search index's manifest in {}: {e}; it will be rebuilt next time",
                self.dir.display()
            ));
        }
        Ok(built)
    }

    /// Opens the index for searching, hiding URL duplicates.
    fn finish(
        &self,
        index: Index,
        fields: Fields,
        manifest: &Manifest,
        keys: &[String],
        read: usize,
        removed: usize,
    ) -> Result<Built, Failure> {
        let mut hidden = Vec::new();
        if !manifest.duplicates.is_empty() {
            let term_keys: Vec<String> = keys
                .iter()
                .map(|k| schema::term_key(k).into_owned())
                .collect();
            let order: HashMap<&str, usize> = term_keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect();
            let reader = index.reader()?;
            hidden = duplicates::hidden(&reader.searcher(), &fields, &manifest.duplicates, &order)?;
        }
        let mut report = Report {
            files: keys.len(),
            read,
            removed,
            ..Report::default()
        };
        for r in &manifest.files {
            report.errors.extend(r.errors.iter().cloned());
            report.warnings += r.warnings;
        }
        let index = SearchIndex::open(index, fields, hidden, Some(self.dir.to_path_buf()))
            .map_err(|e| Failure::Damaged(e.to_string()))?;
        Ok(Built {
            index,
            warnings: Vec::new(),
            report,
        })
    }
}

/// Indexes one file's entries; whether it had to be parsed.
fn index_file(
    writer: &IndexWriter,
    fields: &Fields,
    source: &Source,
    key: &str,
    supply: &CorpusSupply,
) -> tantivy::Result<(FileRecord, bool)> {
    let owned;
    let (entries, report, parsed): (Vec<&Entry>, &FileReport, bool) = match supply.get(source) {
        Some((entries, report)) => (entries, report, false),
        None => {
            owned = load::load_source(source);
            (owned.0.iter().collect(), &owned.1, true)
        }
    };
    for (pos, e) in entries.iter().enumerate() {
        writer.add_document(schema::document(fields, e, key, pos as u64))?;
    }
    let (errors, warnings) = outcome(report);
    let record = FileRecord {
        key: key.to_owned(),
        stamp: Stamp {
            size: 0,
            mtime: None,
            hash: None,
        },
        id_base: source.id_base.clone(),
        entries: entries.len(),
        errors,
        warnings,
        racy: false,
    };
    Ok((record, parsed))
}

/// Entries of an already loaded corpus, by file, when they are all there
/// (none merged away by URL) and have the ids this build would give.
struct CorpusSupply<'a> {
    by_path: HashMap<&'a Path, (Vec<&'a Entry>, &'a FileReport)>,
}

impl<'a> CorpusSupply<'a> {
    fn new(corpus: Option<&'a Corpus>) -> CorpusSupply<'a> {
        let mut by_path: HashMap<&Path, (Vec<&Entry>, &FileReport)> = HashMap::new();
        if let Some(c) = corpus {
            for f in &c.files {
                by_path.insert(f.path.as_path(), (Vec::new(), f));
            }
            for e in &c.entries {
                if let Some(slot) = by_path.get_mut(e.source.as_path()) {
                    slot.0.push(e);
                }
            }
        }
        CorpusSupply { by_path }
    }

    fn get(&self, source: &Source) -> Option<(Vec<&'a Entry>, &'a FileReport)> {
        let (entries, report) = self.by_path.get(source.path.as_path())?;
        if entries.len() != report.entries {
            return None;
        }
        let ids_agree = match entries.as_slice() {
            [one] => one.id == source.id_base,
            many => many
                .iter()
                .enumerate()
                .all(|(i, e)| e.id == format!("{}:{}", source.id_base, i + 1)),
        };
        ids_agree.then(|| (entries.clone(), *report))
    }
}

/// The index writer, waiting up to `wait` for another process to release it.
fn acquire(index: &Index, wait: Duration) -> Result<IndexWriter, Failure> {
    let start = Instant::now();
    loop {
        match writer(index) {
            Ok(w) => return Ok(w),
            Err(TantivyError::LockFailure(..)) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TantivyError::LockFailure(..)) => return Err(Failure::Busy),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Removes a damaged index folder (moved aside first, so that a process
/// still reading it keeps its files).
fn discard(dir: &Path) {
    let aside = dir.with_extension(format!("old-{}", std::process::id()));
    let target = if std::fs::rename(dir, &aside).is_ok() {
        aside
    } else {
        dir.to_path_buf()
    };
    let _ = std::fs::remove_dir_all(target);
}

//! Bringing a persisted index up to date: what changed since the
//! manifest was written, the writer lock, reading (or taking from a loaded
//! corpus) only the files that changed, committing, and opening the result
//! with URL duplicates hidden. [`Persisted::run`] is one attempt; `build`
//! decides what to do when it fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError};

use crate::cache::Stamp;
use crate::corpus::Corpus;
use crate::load::{self, FileReport, Source};
use crate::model::Entry;

use super::build::{Built, Report, outcome};
use super::index::{SearchIndex, writer};
use super::schema::{self, Fields};
use super::store::{self, FileRecord, Manifest};
use super::{Progress, Stage, duplicates};

/// Why an attempt failed.
pub(super) enum Failure {
    /// Another process holds the writer.
    Busy,
    /// The cache folder cannot be used at all.
    Unusable(String),
    /// The index or manifest is damaged: rebuild.
    Damaged(String),
}

impl From<TantivyError> for Failure {
    fn from(e: TantivyError) -> Failure {
        failure(&e, Failure::Damaged)
    }
}

/// `e` as a failure: the folder cannot be written ([`unwritable`]), else
/// what `otherwise` makes of its message.
fn failure(e: &(dyn std::error::Error + 'static), otherwise: fn(String) -> Failure) -> Failure {
    match unwritable(e) {
        Some(reason) => Failure::Unusable(reason.into()),
        None => otherwise(e.to_string()),
    }
}

/// Why the cache folder cannot be written, when that is what `e` says (a
/// full disk, a read-only file system, no permission): the index is then
/// not damaged, and must not be rebuilt (which would delete it).
fn unwritable(e: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    // (errno, io::ErrorKind's name, what the user reads)
    const CAUSES: [(i32, &str, &str); 5] = [
        (28, "StorageFull", "the disk is full"),
        (122, "QuotaExceeded", "the disk quota is used up"),
        (
            27,
            "FileTooLarge",
            "a file would be too large for the file system",
        ),
        (30, "ReadOnlyFilesystem", "the file system is read-only"),
        (13, "PermissionDenied", "permission denied"),
    ];
    let by_kind = |io: &std::io::Error| {
        let kind = format!("{:?}", io.kind());
        CAUSES
            .iter()
            .find(|(code, name, _)| io.raw_os_error() == Some(*code) || kind == *name)
    };
    let mut next = Some(e);
    while let Some(e) = next {
        let io = e.downcast_ref::<std::io::Error>().or_else(|| {
            e.downcast_ref::<std::sync::Arc<std::io::Error>>()
                .map(|a| &**a)
        });
        if let Some(found) = io.and_then(by_kind) {
            return Some(found.2);
        }
        next = e.source();
    }
    // tantivy passes some I/O errors on as text only (`(os error 28)`,
    // or `Os { code: 28, kind: StorageFull, .. }`).
    let text = e.to_string();
    CAUSES
        .into_iter()
        .find(|(code, kind, _)| {
            text.contains(&format!("(os error {code})")) || text.contains(&format!("kind: {kind}"))
        })
        .map(|(_, _, reason)| reason)
}

/// One attempt at using the persisted index.
pub(super) struct Persisted<'a> {
    pub dir: &'a Path,
    pub inputs: Vec<String>,
    pub paths: &'a [PathBuf],
    pub sources: &'a [Source],
    pub corpus: Option<&'a (Arc<Corpus>, SystemTime)>,
    pub lock_wait: Duration,
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
    pub(super) fn run(
        &self,
        fresh: bool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, Failure> {
        let unusable = |e: std::io::Error| failure(&e, Failure::Unusable);
        std::fs::create_dir_all(self.dir).map_err(unusable)?;
        let tantivy_dir = self.dir.join("index");
        if fresh {
            store::remove_manifest(self.dir);
            discard(&tantivy_dir);
        }
        std::fs::create_dir_all(&tantivy_dir).map_err(unusable)?;
        let keys = crate::cache::file_keys(self.paths, self.sources);
        let scan = crate::cache::nanos(SystemTime::now()).unwrap_or(u64::MAX);
        let stamps: Vec<Option<Stamp>> = self.sources.par_iter().map(crate::cache::stamp).collect();

        let (schema, fields) = schema::schema();
        let directory =
            MmapDirectory::open(&tantivy_dir).map_err(|e| failure(&e, Failure::Unusable))?;
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
        let manifest = manifest.filter(|m| {
            m.opstamp == opstamp && m.inputs == self.inputs && m.build == crate::cache::BUILD
        });
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
            Some((_, loaded_at)) => crate::cache::nanos(*loaded_at).unwrap_or(0).min(scan),
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
        let reader = manual_reader(&index)?;
        let duplicates = duplicates::scan(&reader.searcher())?;
        let manifest = Manifest {
            schema: schema::SCHEMA_VERSION,
            build: crate::cache::BUILD.into(),
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
            let reader = manual_reader(&index)?;
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
            .map_err(|e| failure(&e, Failure::Damaged))?;
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
        let several = entries.len() > 1;
        let ids_agree = entries
            .iter()
            .enumerate()
            .all(|(i, e)| e.id == load::entry_id(source, i, several));
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

/// A reader that never reloads by itself: tantivy's default one starts a
/// thread watching `meta.json`, which would map segment files again when
/// another process (or a damaged-cache test) rewrites them under it.
fn manual_reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

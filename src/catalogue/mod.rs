//! The catalogue: what loading an input set gave, kept in the cache
//! folder, so that a start on unchanged files reads none of them.
//!
//! [`list`] walks the inputs, takes each file whose stamp (size and
//! modification time, see [`crate::cache`]) is unchanged from the
//! catalogue, reads only the others, and writes the catalogue again when
//! anything changed. The result is a [`Listing`]: a corpus whose entries
//! carry everything but their bodies ([`Body::Unloaded`]), which is what
//! listing, finding and checking need; [`Listing::full`] reads one entry's
//! file when its body is wanted. Files read again are unloaded as soon as
//! what the listing needs of their bodies is derived (content keys, and
//! links and word counts when asked: [`Need`]), so that a listing never
//! holds the corpus's bodies.
//!
//! A catalogue that is damaged, foreign or of another version is replaced
//! by a new one, with a note saying so (one written by another build of
//! folio, [`crate::cache::BUILD`], quietly); one that cannot be written leaves
//! the listing as it is, with a note. Nothing is read from or written to
//! the cache without a cache folder (`--no-cache`) or for standard input.

mod file;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::cache::{self, Stamp};
use crate::corpus::Corpus;
use crate::load::{self, Diagnostic, FileReport, LoadError, Source};
use crate::model::{Body, Entry};

use file::Span;
pub use file::VERSION;

/// What a listing needs of the entries of files read again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Need {
    /// Titles, dates and the rest of the metadata, and content keys.
    #[default]
    Metadata,
    /// Also links and word counts (`list --json`). A catalogue kept
    /// without them has the files read again, once.
    Details,
    /// The metadata, and the bodies of the files read anyway (`show`,
    /// `links`: a file the catalogue did not know is then not read twice).
    Bodies,
}

/// A loaded input set without its bodies.
#[derive(Debug)]
pub struct Listing {
    pub corpus: Corpus,
    /// What became of the catalogue, for the user (damaged, unwritable).
    pub notes: Vec<String>,
    /// How many files were read rather than taken from the catalogue.
    pub files_read: usize,
    bodies: Bodies,
}

/// Lists the documents under `paths` (the bundled sample data when there
/// are none), through the catalogue in `cache` when one is given.
pub fn list(paths: &[PathBuf], cache: Option<&Path>, need: Need) -> Result<Listing, LoadError> {
    let (sources, walk_problems) = if paths.is_empty() {
        (load::sample(), Vec::new())
    } else {
        load::discover(paths)?
    };
    let pass = Pass::begin(paths, &sources, cache, need);
    let results: Vec<(Vec<Entry>, FileReport, Kept)> = (0..sources.len())
        .into_par_iter()
        .map(|i| pass.file(&sources, i))
        .collect();
    let mut kept = Vec::with_capacity(results.len());
    let mut loaded = Vec::with_capacity(results.len());
    for (entries, report, k) in results {
        loaded.push((entries, report));
        kept.push(k);
    }
    let files_read = kept.iter().filter(|k| k.read).count();
    let notes = pass.finish(kept);
    let mut corpus = load::assemble(loaded);
    load::add_walk_problems(&mut corpus, walk_problems);
    Ok(Listing {
        corpus,
        notes,
        files_read,
        bodies: Bodies::new(sources),
    })
}

/// One pass over an input set's files through its catalogue: each file
/// taken from the catalogue when its stamp is unchanged, else read
/// ([`Pass::file`], from any thread, in any order); then the catalogue
/// written again if anything changed ([`Pass::finish`]).
pub struct Pass {
    /// Where the catalogue is kept; `None` without a cache folder.
    at: Option<PathBuf>,
    inputs: Vec<String>,
    keys: Vec<String>,
    old: Option<Old>,
    scan: u64,
    need: Need,
    notes: Vec<String>,
    /// Blobs of unchanged files that were cut short or failed their
    /// checksum (their files were read instead).
    damaged: AtomicUsize,
}

/// The catalogue found at the start of a pass: its heads, and its blobs
/// to read as files are listed.
struct Old {
    blobs: file::Blobs,
    /// The head of each source's file (by index), where there is one.
    files: Vec<Option<Head>>,
    /// How many files the catalogue knew.
    known: usize,
}

/// A file of the old catalogue.
struct Head {
    stamp: Stamp,
    racy: bool,
    entries: usize,
    record: Span,
    details: Option<Span>,
}

/// What the catalogue will keep of one file.
pub struct Kept {
    stamp: Option<Stamp>,
    /// Read rather than taken from the catalogue.
    read: bool,
    entries: usize,
    record: Option<Blob>,
    details: Option<Blob>,
}

/// A blob of the old catalogue, or a new one.
enum Blob {
    Old(Span),
    New(Vec<u8>),
}

impl Blob {
    fn len_and_hash(&self) -> (u64, u64) {
        match self {
            Blob::Old(span) => (span.len, span.hash),
            Blob::New(bytes) => (bytes.len() as u64, xxhash_rust::xxh3::xxh3_64(bytes)),
        }
    }
}

impl Pass {
    /// Reads the catalogue of `paths` in `cache`, if any, for `sources`
    /// (found under `paths`).
    pub fn begin(paths: &[PathBuf], sources: &[Source], cache: Option<&Path>, need: Need) -> Pass {
        let stdin = paths.iter().any(|p| p.as_os_str() == "-");
        let inputs = cache::inputs_identity(paths);
        let at = cache.filter(|_| !stdin).map(|c| file::path(c, &inputs));
        let mut pass = Pass {
            keys: cache::file_keys(paths, sources),
            scan: cache::nanos(SystemTime::now()).unwrap_or(u64::MAX),
            old: None,
            inputs,
            need,
            notes: Vec::new(),
            damaged: AtomicUsize::new(0),
            at,
        };
        pass.old = pass.read_old();
        pass
    }

    fn read_old(&mut self) -> Option<Old> {
        let at = self.at.as_deref()?;
        let (blobs, heads) = match file::open(at) {
            Ok(found) => found?,
            Err(file::Unusable::Io(e)) => {
                self.notes.push(note(at, &format!("cannot be read ({e})")));
                return None;
            }
            Err(file::Unusable::Bad(reason)) => {
                self.notes
                    .push(note(at, &format!("{reason}; rebuilding it")));
                return None;
            }
        };
        let (files, known) = match file::decode(&heads) {
            // Another folio reads files otherwise, and another input set
            // whose name collides has other files: read them all again.
            Ok(c) if c.folio != cache::BUILD || c.inputs != self.inputs => (Vec::new(), 0),
            Ok(c) => (self.align(&c.files), c.files.len()),
            Err(reason) => {
                self.notes
                    .push(note(at, &format!("{reason}; rebuilding it")));
                return None;
            }
        };
        Some(Old {
            blobs,
            files,
            known,
        })
    }

    /// The head of each source's file, by key. Files are kept in the
    /// order of the walk, so a head is most often the one after the last
    /// found; a map is made only when the files moved.
    fn align(&self, heads: &[file::FileHead]) -> Vec<Option<Head>> {
        let mut by_key: Option<foldhash::HashMap<&str, usize>> = None;
        let mut next = 0;
        self.keys
            .iter()
            .map(|key| {
                let at = if heads.get(next).is_some_and(|h| h.key == key) {
                    next
                } else {
                    let by_key = by_key.get_or_insert_with(|| {
                        heads.iter().enumerate().map(|(j, h)| (h.key, j)).collect()
                    });
                    *by_key.get(key.as_str())?
                };
                next = at + 1;
                let h = &heads[at];
                Some(Head {
                    stamp: h.stamp(),
                    racy: h.racy,
                    entries: usize::try_from(h.entries).unwrap_or(0),
                    record: h.record,
                    details: h.details,
                })
            })
            .collect()
    }

    /// How many entries the catalogue holds for the files of this pass
    /// that it knows (a reader makes room for them at once).
    pub fn known_entries(&self) -> usize {
        self.old
            .as_ref()
            .map_or(0, |old| old.files.iter().flatten().map(|h| h.entries).sum())
    }

    /// The entries and report of `sources[i]`, from the catalogue or read,
    /// and what the catalogue will keep of it.
    pub fn file(&self, sources: &[Source], i: usize) -> (Vec<Entry>, FileReport, Kept) {
        let source = &sources[i];
        let stamp = cache::stamp(source);
        let details = self.need == Need::Details;
        if let Some((old, head)) = self.old.as_ref().and_then(|old| {
            let head = old.files.get(i)?.as_ref()?;
            let fresh = !head.racy && stamp == Some(head.stamp);
            (fresh && (!details || head.details.is_some())).then_some((old, head))
        }) {
            // A blob that cannot be read or fails its checksum: the file
            // is read instead.
            let record = old.blobs.read(head.record);
            let wanted = head.details.filter(|_| details).map(|d| old.blobs.read(d));
            let restored = match (record, wanted) {
                (Some(record), Some(Some(details))) => {
                    file::restore(&record, Some(&details), source).ok()
                }
                (Some(record), None) => file::restore(&record, None, source).ok(),
                _ => None,
            };
            if restored.is_none() {
                self.damaged.fetch_add(1, AtomicOrdering::Relaxed);
            }
            if let Some((entries, report)) = restored {
                let kept = Kept {
                    stamp,
                    read: false,
                    entries: entries.len(),
                    record: Some(Blob::Old(head.record)),
                    details: head.details.map(Blob::Old),
                };
                return (entries, report, kept);
            }
        }
        let (entries, report) = read(source, self.need);
        // A file that could not be read (permissions, an I/O error) may
        // be readable next time without its stamp changing.
        let unreadable = report
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("cannot read"));
        let caching = self.at.is_some() && !unreadable;
        let record = caching
            .then(|| file::encode_record(&report, &entries).ok())
            .flatten();
        let details = (caching && details)
            .then(|| file::encode_details(&entries).ok())
            .flatten();
        let kept = Kept {
            stamp,
            read: true,
            entries: entries.len(),
            record: record.map(Blob::New),
            details: details.map(Blob::New),
        };
        (entries, report, kept)
    }

    /// Writes the catalogue again when a file was read or one is gone
    /// (`kept` in the order of the sources); what became of the catalogue,
    /// for the user.
    pub fn finish(mut self, kept: Vec<Kept>) -> Vec<String> {
        let Some(at) = self.at.take() else {
            return self.notes;
        };
        let damaged = self.damaged.load(AtomicOrdering::Relaxed);
        if damaged > 0 {
            let records = if damaged == 1 {
                "record is cut short or fails its checksum"
            } else {
                "records are cut short or fail their checksums"
            };
            self.notes.push(note(
                &at,
                &format!("is damaged ({damaged} {records}); rebuilding it"),
            ));
        }
        let same_files = self.old.as_ref().is_some_and(|o| o.known == kept.len());
        if same_files && kept.iter().all(|k| !k.read) {
            return self.notes;
        }
        if let Err(reason) = self.save(&at, &kept) {
            self.notes
                .push(note(&at, &format!("cannot be written ({reason})")));
        }
        self.notes
    }

    /// Writes the catalogue of `kept`. A file whose stamp could not be
    /// taken is left out (it is read next time, like a changed one).
    fn save(&self, at: &Path, kept: &[Kept]) -> Result<(), String> {
        let files: Vec<(&Kept, &String, Stamp, &Blob)> = kept
            .iter()
            .zip(&self.keys)
            .filter_map(|(k, key)| Some((k, key, k.stamp?, k.record.as_ref()?)))
            .collect();
        // Every blob in file order: each file's record, then its details.
        let blobs: Vec<&Blob> = files
            .iter()
            .flat_map(|(k, _, _, record)| std::iter::once(*record).chain(k.details.as_ref()))
            .collect();
        let spans = file::lay_out(blobs.iter().map(|b| b.len_and_hash()));
        let mut next = spans.iter();
        let catalogue = file::Catalogue {
            folio: cache::BUILD,
            inputs: self.inputs.iter().map(String::as_str).collect(),
            files: files
                .iter()
                .map(|(k, key, stamp, _)| file::FileHead {
                    key,
                    stamp: (stamp.size, stamp.mtime, stamp.hash),
                    racy: stamp.racy(self.scan),
                    entries: k.entries as u64,
                    record: *next.next().expect("a span per blob"),
                    details: k
                        .details
                        .as_ref()
                        .map(|_| *next.next().expect("a span per blob")),
                })
                .collect(),
        };
        file::write(at, &catalogue, &spans, |i| match blobs[i] {
            Blob::Old(span) => self.old.as_ref()?.blobs.read(*span).map(Cow::Owned),
            Blob::New(bytes) => Some(Cow::Borrowed(bytes.as_slice())),
        })
    }
}

/// Reads `source`, derives what `need` asks of its bodies (content keys
/// always: they are cheap, and the reading state needs them), and unloads
/// the bodies (unless `need` keeps them).
fn read(source: &Source, need: Need) -> (Vec<Entry>, FileReport) {
    let (mut entries, report) = load::load_source(source);
    for e in &mut entries {
        if need == Need::Details {
            e.derive_links_and_words();
        }
        crate::store::key::derived_content_key(e);
        if need != Need::Bodies {
            e.body.unload();
        }
    }
    (entries, report)
}

/// `folio: the catalogue at PATH WHAT`.
fn note(at: &Path, what: &str) -> String {
    format!("folio: the catalogue at {} {what}", at.display())
}

impl Listing {
    /// The entry at `i` of the corpus with its body: the one read for this
    /// listing ([`Need::Bodies`]), else read from its file alone; why not,
    /// when the file cannot be read or no longer holds it.
    pub fn full(&self, i: usize) -> Result<Entry, Diagnostic> {
        let listed = &self.corpus.entries[i];
        if matches!(listed.body, Body::Unloaded { .. }) {
            self.bodies.read(listed)
        } else {
            Ok(listed.clone())
        }
    }
}

/// A file's path, the id base of its source, and the entries read from it.
type FileRead = (PathBuf, String, Vec<Entry>);

/// Where the bodies of a listing's entries are: their files. Reading one
/// reads its file alone; the entries of the last file read are kept, so
/// that opening one entry after another of a large export parses it once.
#[derive(Debug, Default)]
pub struct Bodies {
    sources: Vec<Source>,
    /// Sources by path, made when the first body is read (not while the
    /// reader starts): a path given twice (overlapping inputs) is two
    /// sources, with different id bases.
    by_path: std::sync::OnceLock<HashMap<PathBuf, Vec<usize>>>,
    last: std::sync::Mutex<Option<Arc<FileRead>>>,
}

impl Bodies {
    pub fn new(sources: Vec<Source>) -> Bodies {
        Bodies {
            sources,
            by_path: Default::default(),
            last: Default::default(),
        }
    }

    /// `listed`, read whole from its file; why not, when the file cannot
    /// be read or no longer holds it (an entry of its id that is not the
    /// same entry, by URL and title, counts as gone).
    pub fn read(&self, listed: &Entry) -> Result<Entry, Diagnostic> {
        let gone = |why: &str| Diagnostic::error(&listed.source, why);
        let by_path = self.by_path.get_or_init(|| {
            let mut by_path: HashMap<PathBuf, Vec<usize>> = HashMap::new();
            for (i, s) in self.sources.iter().enumerate() {
                by_path.entry(s.path.clone()).or_default().push(i);
            }
            by_path
        });
        let sources: Vec<&Source> = by_path
            .get(&listed.source)
            .ok_or_else(|| gone("not among the files listed"))?
            .iter()
            .map(|&i| &self.sources[i])
            .collect();
        let source = sources
            .iter()
            .find(|s| {
                let rest = listed.id.strip_prefix(s.id_base.as_str());
                rest.is_some_and(|r| r.is_empty() || r.starts_with(':'))
            })
            .unwrap_or(&sources[0]);
        // The file is parsed outside the lock: the reader's preview thread
        // and its UI thread may both read bodies, and neither waits for
        // the other's parse.
        let kept = crate::guard::lock(&self.last)
            .as_ref()
            .filter(|last| last.0 == source.path && last.1 == source.id_base)
            .map(Arc::clone);
        let mut problem = None;
        let last = match kept {
            Some(last) => last,
            None => {
                let (entries, report) = load::load_source(source);
                if report.entries == 0 {
                    problem = report.diagnostics.into_iter().next();
                }
                let read = Arc::new((source.path.clone(), source.id_base.clone(), entries));
                *crate::guard::lock(&self.last) = Some(Arc::clone(&read));
                read
            }
        };
        let entries = &last.2;
        entries
            .iter()
            .find(|e| e.id == listed.id && e.url == listed.url && e.title == listed.title)
            .cloned()
            .ok_or_else(|| match problem {
                Some(problem) => problem,
                None => gone(&format!(
                    "{} is no longer in this file as it was listed (the file changed); \
                     start folio again to read it anew",
                    listed.id
                )),
            })
    }
}

#[cfg(test)]
mod tests;

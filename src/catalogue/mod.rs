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
//! by a new one, with a note saying so; one that cannot be written leaves
//! the listing as it is, with a note. Nothing is read from or written to
//! the cache without a cache folder (`--no-cache`) or for standard input.

mod file;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::cache::{self, Stamp};
use crate::corpus::Corpus;
use crate::load::{self, Diagnostic, FileReport, LoadError, Source};
use crate::model::{Body, Entry};

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
}

/// The catalogue read at the start of a pass.
struct Old {
    bytes: Vec<u8>,
    files: foldhash::HashMap<String, Head>,
}

/// A file of the old catalogue, its blobs as ranges of its bytes.
struct Head {
    stamp: Stamp,
    racy: bool,
    record: Range<usize>,
    details: Option<Range<usize>>,
}

/// What the catalogue will keep of one file.
pub struct Kept {
    stamp: Option<Stamp>,
    /// Read rather than taken from the catalogue.
    read: bool,
    record: Option<Blob>,
    details: Option<Blob>,
}

/// A blob of the old catalogue, or a new one.
enum Blob {
    Old(Range<usize>),
    New(Vec<u8>),
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
            at,
        };
        pass.old = pass.read_old();
        pass
    }

    fn read_old(&mut self) -> Option<Old> {
        let at = self.at.as_deref()?;
        let bytes = match file::read(at) {
            Ok(bytes) => bytes?,
            Err(e) => {
                self.notes.push(note(at, &format!("cannot be read ({e})")));
                return None;
            }
        };
        let files = match file::decode(&bytes) {
            // Another folio reads files otherwise, and another input set
            // whose name collides has other files: read them all again.
            Ok(c) if c.folio != cache::BUILD || c.inputs != self.inputs => Default::default(),
            Ok(c) => {
                // Where a blob borrowed from `bytes` lies in them.
                let range = |blob: &[u8]| {
                    let start = (blob.as_ptr() as usize).checked_sub(bytes.as_ptr() as usize)?;
                    let range = start..start.checked_add(blob.len())?;
                    bytes.get(range.clone()).map(|_| range)
                };
                c.files
                    .iter()
                    .filter_map(|f| {
                        let head = Head {
                            stamp: f.stamp(),
                            racy: f.racy,
                            record: range(f.record)?,
                            details: f.details.and_then(range),
                        };
                        Some((f.key.to_owned(), head))
                    })
                    .collect()
            }
            Err(reason) => {
                self.notes
                    .push(note(at, &format!("{reason}; rebuilding it")));
                return None;
            }
        };
        Some(Old { bytes, files })
    }

    /// The entries and report of `sources[i]`, from the catalogue or read,
    /// and what the catalogue will keep of it.
    pub fn file(&self, sources: &[Source], i: usize) -> (Vec<Entry>, FileReport, Kept) {
        let source = &sources[i];
        let stamp = cache::stamp(source);
        let details = self.need == Need::Details;
        if let Some((old, head)) = self.old.as_ref().and_then(|old| {
            let head = old.files.get(&self.keys[i])?;
            let fresh = !head.racy && stamp == Some(head.stamp);
            (fresh && (!details || head.details.is_some())).then_some((old, head))
        }) {
            let blob = |range: &Range<usize>| old.bytes.get(range.clone());
            let record = blob(&head.record).unwrap_or_default();
            let wanted = head.details.as_ref().filter(|_| details).and_then(blob);
            if let Ok((entries, report)) = file::restore(record, wanted, source) {
                let kept = Kept {
                    stamp,
                    read: false,
                    record: Some(Blob::Old(head.record.clone())),
                    details: head.details.clone().map(Blob::Old),
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
        let same_files = self
            .old
            .as_ref()
            .is_some_and(|o| o.files.len() == kept.len());
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
        let old: &[u8] = self.old.as_ref().map_or(&[], |o| &o.bytes);
        fn blob<'a>(old: &'a [u8], b: &'a Option<Blob>) -> Option<&'a [u8]> {
            match b.as_ref()? {
                Blob::Old(range) => old.get(range.clone()),
                Blob::New(bytes) => Some(bytes),
            }
        }
        let catalogue = file::Catalogue {
            folio: cache::BUILD,
            inputs: self.inputs.iter().map(String::as_str).collect(),
            files: kept
                .iter()
                .zip(&self.keys)
                .filter_map(|(k, key)| {
                    let stamp = k.stamp?;
                    Some(file::FileHead {
                        key,
                        stamp: (stamp.size, stamp.mtime, stamp.hash),
                        racy: stamp.racy(self.scan),
                        record: blob(old, &k.record)?,
                        details: blob(old, &k.details),
                    })
                })
                .collect(),
        };
        let bytes = file::encode(&catalogue)?;
        file::write(at, &bytes).map_err(|e| e.to_string())
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

/// Where the bodies of a listing's entries are: their files. Reading one
/// reads its file alone; the entries of the last file read are kept, so
/// that opening one entry after another of a large export parses it once.
#[derive(Debug, Default)]
pub struct Bodies {
    /// Sources by path: a path given twice (overlapping inputs) is two
    /// sources, with different id bases.
    sources: HashMap<PathBuf, Vec<Source>>,
    last: std::sync::Mutex<Option<(PathBuf, String, Vec<Entry>)>>,
}

impl Bodies {
    pub fn new(sources: Vec<Source>) -> Bodies {
        let mut by_path: HashMap<PathBuf, Vec<Source>> = HashMap::new();
        for s in sources {
            by_path.entry(s.path.clone()).or_default().push(s);
        }
        Bodies {
            sources: by_path,
            last: Default::default(),
        }
    }

    /// `listed`, read whole from its file; why not, when the file cannot
    /// be read or no longer holds it (an entry of its id that is not the
    /// same entry, by URL and title, counts as gone).
    pub fn read(&self, listed: &Entry) -> Result<Entry, Diagnostic> {
        let gone = |why: &str| Diagnostic::error(&listed.source, why);
        let sources = self
            .sources
            .get(&listed.source)
            .ok_or_else(|| gone("not among the files listed"))?;
        let source = sources
            .iter()
            .find(|s| {
                let rest = listed.id.strip_prefix(s.id_base.as_str());
                rest.is_some_and(|r| r.is_empty() || r.starts_with(':'))
            })
            .unwrap_or(&sources[0]);
        let mut last = crate::guard::lock(&self.last);
        let fresh = !matches!(&*last, Some((path, base, _))
            if *path == source.path && *base == source.id_base);
        let mut problem = None;
        if fresh {
            let (entries, report) = load::load_source(source);
            if report.entries == 0 {
                problem = report.diagnostics.into_iter().next();
            }
            *last = Some((source.path.clone(), source.id_base.clone(), entries));
        }
        let entries = last.as_ref().map_or(&[][..], |(_, _, e)| e.as_slice());
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

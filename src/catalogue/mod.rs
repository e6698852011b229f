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

use std::borrow::Cow;
use std::collections::HashMap;
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
    sources: Vec<Source>,
}

/// Lists the documents under `paths` (the bundled sample data when there
/// are none), through the catalogue in `cache` when one is given.
pub fn list(paths: &[PathBuf], cache: Option<&Path>, need: Need) -> Result<Listing, LoadError> {
    let (sources, walk_problems) = if paths.is_empty() {
        (load::sample(), Vec::new())
    } else {
        load::discover(paths)?
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let at = cache
        .filter(|_| !stdin)
        .map(|c| file::path(c, &cache::inputs_identity(paths)));
    let mut notes = Vec::new();
    let bytes = match at.as_deref().map(file::read) {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            notes.push(note(at.as_deref(), &format!("cannot be read ({e})")));
            None
        }
        None => None,
    };
    let old = match bytes.as_deref().map(file::decode) {
        Some(Ok(c)) => Some(c),
        Some(Err(reason)) => {
            notes.push(note(at.as_deref(), &format!("{reason}; rebuilding it")));
            None
        }
        None => None,
    };
    let caching = at.is_some();
    let keys = cache::file_keys(paths, &sources);
    let scan = cache::nanos(SystemTime::now()).unwrap_or(u64::MAX);
    let by_key: HashMap<&str, &file::FileHead> = old
        .iter()
        .flat_map(|c| &c.files)
        .map(|f| (f.key, f))
        .collect();

    let results: Vec<Loaded> = sources
        .par_iter()
        .zip(&keys)
        .map(|(source, key)| {
            let stamp = cache::stamp(source);
            let details = need == Need::Details;
            let kept = by_key.get(key.as_str()).filter(|h| {
                !h.racy && stamp == Some(h.stamp()) && (!details || h.details.is_some())
            });
            if let Some(head) = kept {
                if let Ok((entries, report)) = head.restore(source, details) {
                    let blobs = (Cow::Borrowed(head.record), head.details.map(Cow::Borrowed));
                    return Loaded {
                        entries,
                        report,
                        stamp,
                        read: false,
                        blobs: Some(blobs),
                    };
                }
            }
            let (entries, report) = read(source, need);
            let blobs = caching.then(|| {
                let record = file::encode_record(&report, &entries).ok()?;
                let details = details.then(|| file::encode_details(&entries).ok());
                Some((Cow::Owned(record), details.flatten().map(Cow::Owned)))
            });
            Loaded {
                entries,
                report,
                stamp,
                read: true,
                blobs: blobs.flatten(),
            }
        })
        .collect();

    let files_read = results.iter().filter(|r| r.read).count();
    let unchanged = old.as_ref().is_some_and(|c| c.files.len() == results.len());
    if let Some(at) = at.as_deref().filter(|_| files_read > 0 || !unchanged) {
        if let Err(reason) = save(at, paths, &keys, &results, scan) {
            notes.push(note(Some(at), &format!("cannot be written ({reason})")));
        }
    }

    let mut corpus = load::assemble(results.into_iter().map(|r| (r.entries, r.report)).collect());
    load::add_walk_problems(&mut corpus, walk_problems);
    Ok(Listing {
        corpus,
        notes,
        files_read,
        sources,
    })
}

/// One file's part of a listing.
struct Loaded<'a> {
    entries: Vec<Entry>,
    report: FileReport,
    stamp: Option<Stamp>,
    read: bool,
    /// Its record and details, as the catalogue keeps them.
    blobs: Option<Blobs<'a>>,
}

/// A file's record, and its details when they were derived.
type Blobs<'a> = (Cow<'a, [u8]>, Option<Cow<'a, [u8]>>);

/// Reads `source`, derives what `need` asks of its bodies (content keys
/// always: they are cheap, and the reading state needs them), and unloads
/// the bodies.
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

/// Writes the catalogue of `results`. A file whose stamp could not be
/// taken is left out (it is read next time, like a changed one).
fn save(
    at: &Path,
    paths: &[PathBuf],
    keys: &[String],
    results: &[Loaded],
    scan: u64,
) -> Result<(), String> {
    let inputs = cache::inputs_identity(paths);
    let catalogue = file::Catalogue {
        inputs: inputs.iter().map(String::as_str).collect(),
        files: results
            .iter()
            .zip(keys)
            .filter_map(|(r, key)| {
                let stamp = r.stamp?;
                let (record, details) = r.blobs.as_ref()?;
                Some(file::FileHead {
                    key,
                    stamp: (stamp.size, stamp.mtime, stamp.hash),
                    racy: stamp.racy(scan),
                    record,
                    details: details.as_deref(),
                })
            })
            .collect(),
    };
    let bytes = file::encode(&catalogue)?;
    file::write(at, &bytes).map_err(|e| e.to_string())
}

/// `folio: the catalogue at PATH WHAT`.
fn note(at: Option<&Path>, what: &str) -> String {
    let at = at.map_or_else(String::new, |p| format!(" at {}", p.display()));
    format!("folio: the catalogue{at} {what}")
}

impl Listing {
    /// The entry at `i` of the corpus with its body: the one read for this
    /// listing ([`Need::Bodies`]), else read from its file alone; why not,
    /// when the file cannot be read or no longer holds it.
    pub fn full(&self, i: usize) -> Result<Entry, Diagnostic> {
        let listed = &self.corpus.entries[i];
        if !matches!(listed.body, Body::Unloaded { .. }) {
            return Ok(listed.clone());
        }
        let gone = |why: &str| Diagnostic::error(&listed.source, why);
        let source = self
            .sources
            .iter()
            .find(|s| s.path == listed.source)
            .ok_or_else(|| gone("not among the files listed"))?;
        let (entries, report) = load::load_source(source);
        entries
            .into_iter()
            .find(|e| e.id == listed.id)
            .ok_or_else(|| match report.diagnostics.into_iter().next() {
                Some(problem) if report.entries == 0 => problem,
                _ => gone(&format!(
                    "{} is no longer in this file (it changed while folio read it); try again",
                    listed.id
                )),
            })
    }
}

#[cfg(test)]
mod tests;

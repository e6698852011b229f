//! The loader: files and folders → entries and diagnostics.
//!
//! The pipeline is `walk` (paths → sources) → read → `decode` (bytes → text)
//! → `detect` (text → format) → one format module (text → entries) →
//! `finish` (ids, cleanup, links, words) → [`assemble`] (one entry per URL,
//! deterministic order). Files are read in parallel; a bad file becomes
//! diagnostics in its [`FileReport`] and never stops the load. Only a path
//! named by the user that cannot be read is an error ([`LoadError`]).

mod autop;
mod dates;
mod decode;
mod detect;
mod feed;
mod fields;
mod finish;
mod html;
mod jsonfeed;
mod markdown;
mod shortcodes;
mod text;
mod walk;
mod wordpress;
mod wxr;
mod xml;
mod yoast;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use dates::{parse as parse_date, starts_with_time};
pub use detect::Format;
pub use finish::entry_id;
pub use html::{LinkTag, link_tags};
pub use walk::{Source, discover, sample};
pub use wordpress::NOTE_KEY as WORDPRESS_NOTE_KEY;

use crate::corpus::Corpus;
use crate::model::Entry;

/// Files larger than this are not read (a saved page is rarely over a few MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A path given by the user that cannot be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was lost or guessed, but the file was read.
    Warning,
    /// The file could not be read as any format: it yields no entries.
    Error,
}

/// A problem with one file, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line and column, where known.
    pub position: Option<(usize, usize)>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            position: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }
}

/// `path:line:column: message`, like compilers and grep.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {level}: {}", self.message)
    }
}

/// A path for messages: `-` reads as "standard input".
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<standard input>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// What became of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The format detected, `None` when the file could not be read as text.
    pub format: Option<Format>,
    /// Entries the file produced (before duplicates across files were merged).
    pub entries: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Whether the file yielded nothing because of an error.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Why a format module could not read a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub position: Option<(usize, usize)>,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            position: None,
        }
    }
}

impl From<serde_json::Error> for Problem {
    fn from(e: serde_json::Error) -> Problem {
        let (line, column) = (e.line(), e.column());
        let reason = e.to_string();
        let reason = reason
            .rsplit_once(" at line ")
            .map_or(reason.as_str(), |(r, _)| r);
        let reason = if reason.contains("recursion limit") {
            "nested too deeply"
        } else {
            reason
        };
        Problem {
            message: format!("invalid JSON at line {line}, column {column}: {reason}"),
            position: Some((line, column)),
        }
    }
}

/// A document handed to a format module.
pub struct Doc<'a> {
    pub text: &'a str,
    pub path: &'a Path,
    /// The file name without its extension (`2026-06-22-workshops`).
    pub stem: &'a str,
}

/// Loads every document under `paths` (files, folders, `-` for standard input).
pub fn load(paths: &[PathBuf]) -> Result<Corpus, LoadError> {
    let (sources, walk_diagnostics) = discover(paths)?;
    let mut corpus = load_sources(&sources);
    add_walk_problems(&mut corpus, walk_diagnostics);
    Ok(corpus)
}

/// Adds what walking the inputs met (unreadable folders, symlink loops)
/// to the corpus's reports, one report each.
pub fn add_walk_problems(corpus: &mut Corpus, problems: Vec<Diagnostic>) {
    corpus
        .files
        .extend(problems.into_iter().map(|d| FileReport {
            path: d.path.clone(),
            format: None,
            entries: 0,
            diagnostics: vec![d],
        }));
}

/// Loads the bundled sample data.
pub fn load_sample() -> Corpus {
    load_sources(&sample())
}

/// Reads sources in parallel and assembles the corpus.
pub fn load_sources(sources: &[Source]) -> Corpus {
    let results: Vec<(Vec<Entry>, FileReport)> = sources.par_iter().map(load_source).collect();
    assemble(results)
}

/// Reads one source into entries and its report. Never panics on content.
pub fn load_source(source: &Source) -> (Vec<Entry>, FileReport) {
    let mut report = FileReport {
        path: source.path.clone(),
        format: None,
        entries: 0,
        diagnostics: Vec::new(),
    };
    let bytes = match read(source) {
        Ok(b) => b,
        Err(message) => {
            report
                .diagnostics
                .push(Diagnostic::error(&source.path, message));
            return (Vec::new(), report);
        }
    };
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(decode::Binary(reason)) => {
            report.diagnostics.push(Diagnostic::error(
                &source.path,
                format!("not a format folio reads: {reason}"),
            ));
            return (Vec::new(), report);
        }
    };
    if decoded.text.trim().is_empty() {
        report.diagnostics.push(Diagnostic::error(
            &source.path,
            "empty file: nothing to read",
        ));
        return (Vec::new(), report);
    }
    if let Some(note) = decoded.note {
        report
            .diagnostics
            .push(Diagnostic::warning(&source.path, note));
    }
    let doc = Doc {
        text: &decoded.text,
        path: &source.path,
        stem: source.stem(),
    };
    // A panic in a parser is a bug, ours or a crate's; it costs this file,
    // never the load.
    let guarded = crate::guard::quietly(std::panic::AssertUnwindSafe(|| {
        let mut diagnostics = Vec::new();
        let (format, parsed) = parse(&doc, &mut diagnostics);
        (format, parsed, diagnostics)
    }));
    let (format, parsed) = match guarded {
        Ok((format, parsed, diagnostics)) => {
            report.diagnostics.extend(diagnostics);
            (format, parsed)
        }
        Err(panic) => {
            report.diagnostics.push(Diagnostic::error(
                &source.path,
                format!("folio failed on this file (a bug; please report it): {panic}"),
            ));
            return (Vec::new(), report);
        }
    };
    report.format = Some(format);
    match parsed {
        Ok(mut entries) => {
            finish::finish(&mut entries, source);
            if matches!(format, Format::Html | Format::Text) {
                for e in &mut entries {
                    e.body_source = crate::model::BodySource::Extracted;
                }
            }
            report.entries = entries.len();
            (entries, report)
        }
        Err(problem) => {
            report.diagnostics.push(Diagnostic {
                path: source.path.clone(),
                position: problem.position,
                severity: Severity::Error,
                message: problem.message,
            });
            (Vec::new(), report)
        }
    }
}

fn read(source: &Source) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    if let Some(bytes) = &source.bytes {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let meta = std::fs::metadata(&source.path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large to read ({} MB; folio reads files up to {} MB)",
            meta.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    std::fs::read(&source.path)
        .map(std::borrow::Cow::Owned)
        .map_err(|e| format!("cannot read: {e}"))
}

/// Detects the format and hands the document to its module. A [`Problem`]
/// means the module could not read the document at all; a module that can
/// read one only in part (broken front matter, markup too deep for a tree)
/// also takes `diagnostics` and adds its warnings there, keeping the entry.
fn parse(doc: &Doc, diagnostics: &mut Vec<Diagnostic>) -> (Format, Result<Vec<Entry>, Problem>) {
    match detect::sniff(doc.text, doc.path) {
        detect::Sniffed::Json => {
            let value: serde_json::Value = match serde_json::from_str(doc.text) {
                Ok(v) => v,
                Err(e) => return (Format::WordPress, Err(e.into())),
            };
            if jsonfeed::is_json_feed(&value) {
                (Format::JsonFeed, Ok(jsonfeed::parse(value)))
            } else if wordpress::is_wordpress(&value) {
                (Format::WordPress, wordpress::parse(value))
            } else {
                diagnostics.push(Diagnostic::warning(
                    doc.path,
                    "JSON, but neither a WordPress REST response nor a JSON Feed; shown as text",
                ));
                (Format::Text, text::parse_document(doc))
            }
        }
        detect::Sniffed::Feed { wxr: true } => (Format::Wxr, wxr::parse(doc, diagnostics)),
        detect::Sniffed::Feed { wxr: false } => (Format::Feed, feed::parse(doc, diagnostics)),
        detect::Sniffed::Html => (Format::Html, html::parse(doc, diagnostics)),
        detect::Sniffed::Markdown => (Format::Markdown, markdown::parse(doc, diagnostics)),
        detect::Sniffed::Text => (Format::Text, text::parse(doc)),
    }
}

/// Merges per-file results into a corpus (see [`Corpus::add`]).
pub fn assemble(results: Vec<(Vec<Entry>, FileReport)>) -> Corpus {
    let mut corpus = Corpus::default();
    corpus.add(results);
    corpus
}

//! The catalogue file: its records, and reading and writing it.
//!
//! `<cache>/catalogue-v<VERSION>/<hash of the inputs>.bin` holds a header
//! (a magic line, the version, and the length and xxh3 checksum of the
//! heads), the heads, then the blobs. The heads are a [postcard]
//! [`Catalogue`]: the inputs it describes and, per file in the order of
//! the walk, its key and stamp ([`crate::cache`]) and where its two blobs
//! lie, with their checksums ([`Span`]): its record (what loading it
//! reported, and its entries without their bodies: kind and size instead,
//! and the content key derived from them) and, when a listing needed
//! them, the links and word counts of its entries.
//!
//! A start reads the heads alone, then each unchanged file's blob as the
//! file is listed ([`Blobs::read`]): the first entries show before the
//! rest of the catalogue is read, and it is never held whole in memory.
//! Records borrow their text from the blob read, so reading allocates
//! only the entries built from them. Writing copies each unchanged
//! file's blob from the old catalogue as it is.
//!
//! postcard is a compact binary format that is read without a schema and
//! fast to decode; the checksums find the damage it cannot (a flipped
//! byte in a string). Damaged heads make the whole catalogue read again;
//! a damaged blob, its file.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::cache::Stamp;
use crate::load::{Diagnostic, FileReport, Format, Severity, Source};
use crate::model::{Body, BodySource, Date, Derived, Entry, Kind, Link, WordCount};

/// Bumped whenever the file changes shape.
pub const VERSION: u32 = 4;

const MAGIC: &[u8; 16] = b"folio catalogue\n";

/// Magic, version, length and checksum of the heads.
pub const HEADER: usize = 16 + 4 + 8 + 8;

/// Where the catalogue of an input set is kept.
pub fn path(cache: &Path, inputs: &[String]) -> PathBuf {
    cache
        .join(format!("catalogue-v{VERSION}"))
        .join(format!("{}.bin", crate::cache::inputs_hash(inputs)))
}

/// The heads. Each file's record is a blob of its own, read and decoded
/// only when the file is unchanged, and copied as it is when the
/// catalogue is written again.
#[derive(Serialize, Deserialize)]
pub struct Catalogue<'a> {
    /// The folio that wrote it ([`crate::cache::BUILD`]): another one may read files
    /// otherwise.
    pub folio: &'a str,
    #[serde(borrow)]
    pub inputs: Vec<&'a str>,
    #[serde(borrow)]
    pub files: Vec<FileHead<'a>>,
}

/// One file: where it is, its stamp, and the blobs of what loading it gave.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub struct FileHead<'a> {
    pub key: &'a str,
    /// Size, modification time, hash ([`Stamp`]'s fields).
    pub stamp: (u64, Option<u64>, Option<u64>),
    /// Read again next time (see [`crate::cache`]).
    pub racy: bool,
    /// How many entries its record holds (the listing's size is known
    /// before any record is read).
    pub entries: u64,
    /// A [`FileRecord`].
    pub record: Span,
    /// [`Details`], when they were derived.
    pub details: Option<Span>,
}

/// Where a blob lies after the heads, and its xxh3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub at: u64,
    pub len: u64,
    pub hash: u64,
}

/// What loading a file gave, bodies left out.
#[derive(Serialize, Deserialize)]
pub struct FileRecord<'a> {
    pub format: Option<Format>,
    #[serde(borrow)]
    pub diagnostics: Vec<Diag<'a>>,
    #[serde(borrow)]
    pub entries: Vec<Record<'a>>,
}

/// A diagnostic of the file (its path is the file's).
#[derive(Serialize, Deserialize)]
pub struct Diag<'a> {
    pub position: Option<(u64, u64)>,
    pub error: bool,
    pub message: &'a str,
}

/// An entry without its body.
#[derive(Serialize, Deserialize)]
pub struct Record<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub date: Option<When>,
    pub updated: Option<When>,
    #[serde(borrow)]
    pub author: Option<&'a str>,
    #[serde(borrow)]
    pub site: Option<&'a str>,
    #[serde(borrow)]
    pub url: Option<&'a str>,
    #[serde(borrow)]
    pub aliases: Vec<&'a str>,
    #[serde(borrow)]
    pub summary: Option<&'a str>,
    #[serde(borrow)]
    pub tags: Vec<&'a str>,
    pub html: bool,
    pub len: u64,
    /// Only for an entry without a URL, whose state is filed by content.
    #[serde(borrow)]
    pub content_key: Option<&'a str>,
    pub withdrawn: bool,
    pub body_source: BodySource,
}

/// What scanning the bodies of a file's entries gave, in entry order:
/// word count, and URL and text of each link. Deriving them costs a scan
/// of every body, so only a listing that needs them (`list --json`)
/// derives and keeps them.
#[derive(Serialize, Deserialize)]
pub struct Details<'a>(#[serde(borrow)] pub Vec<(WordCount, Vec<(&'a str, &'a str)>)>);

/// A [`Date`]: days since 1 January of year 1, or seconds and nanoseconds
/// since 1970 with the offset in seconds.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub enum When {
    Day(i32),
    Instant(i64, u32, i32),
}

impl When {
    fn of(d: Date) -> When {
        use chrono::Datelike;
        match d {
            Date::Day(day) => When::Day(day.num_days_from_ce()),
            Date::Instant(t) => When::Instant(
                t.timestamp(),
                t.timestamp_subsec_nanos(),
                t.offset().local_minus_utc(),
            ),
        }
    }

    fn date(self) -> Option<Date> {
        match self {
            When::Day(n) => NaiveDate::from_num_days_from_ce_opt(n).map(Date::Day),
            When::Instant(secs, nanos, offset) => {
                let offset = FixedOffset::east_opt(offset)?;
                let t = DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset);
                Some(Date::Instant(t))
            }
        }
    }
}

impl FileHead<'_> {
    pub fn stamp(&self) -> Stamp {
        let (size, mtime, hash) = self.stamp;
        Stamp { size, mtime, hash }
    }
}

/// The entries and report of `source`, as the blob of its `record`
/// remembers them, with their links and word counts when the blob of its
/// `details` is given.
pub fn restore(
    record: &[u8],
    details: Option<&[u8]>,
    source: &Source,
) -> Result<(Vec<Entry>, FileReport), String> {
    let record: FileRecord = postcard::from_bytes(record).map_err(|e| e.to_string())?;
    let details = match details {
        Some(bytes) => {
            let d: Details = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
            if d.0.len() != record.entries.len() {
                return Err("details do not match the entries".into());
            }
            Some(d)
        }
        None => None,
    };
    let several = record.entries.len() > 1;
    let entries = record
        .entries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let e = Entry {
                id: crate::load::entry_id(source, i, several),
                source: source.path.clone(),
                ..r.entry()
            };
            if let Some(Details(d)) = &details {
                let (words, links) = &d[i];
                e.links.get_or_init(|| {
                    links
                        .iter()
                        .map(|(url, text)| Link {
                            url: (*url).to_owned(),
                            text: (*text).to_owned(),
                        })
                        .collect()
                });
                e.words.get_or_init(|| *words);
            }
            e
        })
        .collect::<Vec<_>>();
    let report = FileReport {
        path: source.path.clone(),
        format: record.format,
        entries: entries.len(),
        diagnostics: record
            .diagnostics
            .iter()
            .map(|d| Diagnostic {
                path: source.path.clone(),
                position: d.position.map(|(l, c)| (l as usize, c as usize)),
                severity: if d.error {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                message: d.message.to_owned(),
            })
            .collect(),
    };
    Ok((entries, report))
}

/// The blob of a file's record: `entries` must have been read from it just
/// now (their content keys are derived from their bodies if need be).
pub fn encode_record(report: &FileReport, entries: &[Entry]) -> Result<Vec<u8>, String> {
    let record = FileRecord {
        format: report.format,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Diag {
                position: d.position.map(|(l, c)| (l as u64, c as u64)),
                error: d.severity == Severity::Error,
                message: &d.message,
            })
            .collect(),
        entries: entries.iter().map(Record::of).collect(),
    };
    postcard::to_stdvec(&record).map_err(|e| e.to_string())
}

/// The blob of the details of `entries`, whose links and word counts were
/// derived before their bodies were unloaded.
pub fn encode_details(entries: &[Entry]) -> Result<Vec<u8>, String> {
    let details = Details(
        entries
            .iter()
            .map(|e| {
                let links = e.links().iter();
                let links = links.map(|l| (l.url.as_str(), l.text.as_str()));
                (e.word_count(), links.collect())
            })
            .collect(),
    );
    postcard::to_stdvec(&details).map_err(|e| e.to_string())
}

impl<'a> Record<'a> {
    fn of(e: &'a Entry) -> Record<'a> {
        Record {
            kind: e.kind,
            title: &e.title,
            date: e.date.map(When::of),
            updated: e.updated.map(When::of),
            author: e.author.as_deref(),
            site: e.site.as_deref(),
            url: e.url.as_deref(),
            aliases: e.aliases.iter().map(String::as_str).collect(),
            summary: e.summary.as_deref(),
            tags: e.tags.iter().map(String::as_str).collect(),
            html: e.body.is_html(),
            len: e.body.len() as u64,
            content_key: e
                .url
                .as_deref()
                .and_then(crate::urls::key)
                .is_none()
                .then(|| crate::store::key::derived_content_key(e)),
            withdrawn: e.withdrawn,
            body_source: e.body_source,
        }
    }

    /// The entry, without id and source (the caller's to give).
    fn entry(&self) -> Entry {
        let owned = |s: &Option<&str>| s.map(str::to_owned);
        Entry {
            kind: self.kind,
            title: self.title.to_owned(),
            date: self.date.and_then(When::date),
            updated: self.updated.and_then(When::date),
            author: owned(&self.author),
            site: owned(&self.site),
            url: owned(&self.url),
            aliases: self.aliases.iter().map(|s| (*s).to_owned()).collect(),
            summary: owned(&self.summary),
            tags: self.tags.iter().map(|s| (*s).to_owned()).collect(),
            body: Body::Unloaded {
                html: self.html,
                len: usize::try_from(self.len).unwrap_or(usize::MAX),
            },
            content_key: match self.content_key {
                Some(k) => Derived::new(k.to_owned()),
                None => Derived::default(),
            },
            withdrawn: self.withdrawn,
            body_source: self.body_source,
            ..Entry::default()
        }
    }
}

/// Why a catalogue cannot be used.
pub enum Unusable {
    /// It could not be read (permissions, an I/O error).
    Io(std::io::Error),
    /// It is not one folio can read: what is wrong, in words.
    Bad(String),
}

/// An open catalogue's blobs, read one at a time.
pub struct Blobs {
    file: File,
    /// Where the blobs start in the file, and where it ends.
    start: u64,
    size: u64,
}

impl Blobs {
    /// The blob at `span`, if it is there and its checksum holds.
    pub fn read(&self, span: Span) -> Option<Vec<u8>> {
        let len = usize::try_from(span.len).ok()?;
        let at = self.start.checked_add(span.at)?;
        // Never trust a length beyond the file.
        let end = at.checked_add(span.len)?;
        if end > self.size {
            return None;
        }
        let mut blob = vec![0; len];
        self.file.read_exact_at(&mut blob, at).ok()?;
        (xxh3_64(&blob) == span.hash).then_some(blob)
    }
}

/// Opens the catalogue at `path` and reads its heads (decode them with
/// [`decode`]): `Ok(None)` when there is none.
pub fn open(path: &Path) -> Result<Option<(Blobs, Vec<u8>)>, Unusable> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Unusable::Io(e)),
    };
    let mut header = [0u8; HEADER];
    if let Err(e) = file.read_exact(&mut header) {
        return match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                Err(Unusable::Bad("is not a folio catalogue".into()))
            }
            _ => Err(Unusable::Io(e)),
        };
    }
    let (version, len, hash) = unframe(&header).map_err(Unusable::Bad)?;
    if version != VERSION {
        return Err(Unusable::Bad(format!("is of another version ({version})")));
    }
    let size = file.metadata().map_err(Unusable::Io)?.len();
    let damaged = || Unusable::Bad("is damaged (its checksum does not match)".into());
    let heads_len = usize::try_from(len)
        .ok()
        .filter(|_| len <= size.saturating_sub(HEADER as u64))
        .ok_or_else(damaged)?;
    let mut heads = vec![0; heads_len];
    file.read_exact(&mut heads).map_err(Unusable::Io)?;
    if xxh3_64(&heads) != hash {
        return Err(damaged());
    }
    let start = HEADER as u64 + len;
    Ok(Some((Blobs { file, start, size }, heads)))
}

/// The version, heads length and heads checksum of a header.
fn unframe(header: &[u8; HEADER]) -> Result<(u32, u64, u64), String> {
    if header[..16] != MAGIC[..] {
        return Err("is not a folio catalogue".into());
    }
    let word = |at: usize, n: usize| {
        header[at..at + n]
            .iter()
            .rev()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b))
    };
    Ok((word(16, 4) as u32, word(20, 8), word(28, 8)))
}

/// The heads in `bytes`, or why they cannot be used.
pub fn decode(heads: &[u8]) -> Result<Catalogue<'_>, String> {
    postcard::from_bytes(heads).map_err(|e| format!("is damaged ({e})"))
}

/// The header that vouches for `heads`, and the heads.
pub fn frame(heads: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + heads.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    bytes.extend_from_slice(&(heads.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_64(heads).to_le_bytes());
    bytes.extend_from_slice(heads);
    bytes
}

/// The span of each of `lens` blobs laid one after another, given their
/// checksums.
pub fn lay_out(blobs: impl Iterator<Item = (u64, u64)>) -> Vec<Span> {
    let mut at = 0;
    blobs
        .map(|(len, hash)| {
            let span = Span { at, len, hash };
            at += len;
            span
        })
        .collect()
}

/// Writes the catalogue `heads` describe to `path` atomically (a
/// temporary file renamed over it), each blob given by `blob` in the
/// order of their spans. A blob that cannot be had any more is written
/// as zeros: its checksum fails, and its file is read again next time.
pub fn write<'b>(
    path: &Path,
    heads: &Catalogue,
    spans: &[Span],
    blob: impl FnMut(usize) -> Option<std::borrow::Cow<'b, [u8]>>,
) -> Result<(), String> {
    let bytes = postcard::to_stdvec(heads).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written =
        write_to(&tmp, &frame(&bytes), spans, blob).and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        e.to_string()
    })
}

fn write_to<'b>(
    tmp: &Path,
    framed: &[u8],
    spans: &[Span],
    mut blob: impl FnMut(usize) -> Option<std::borrow::Cow<'b, [u8]>>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(tmp)?);
    out.write_all(framed)?;
    for (i, span) in spans.iter().enumerate() {
        match blob(i) {
            Some(b) if b.len() as u64 == span.len => out.write_all(&b)?,
            _ => {
                std::io::copy(&mut std::io::repeat(0).take(span.len), &mut out)?;
            }
        }
    }
    out.flush()
}

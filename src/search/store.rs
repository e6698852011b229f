//! Where a persisted index lives, and what it remembers about the files it
//! was built from (the manifest).
//!
//! One index per input set: `<cache>/search-v<schema>/<hash>/`, the hash
//! being of the canonicalised input paths in the order given (the bundled
//! sample data has its own name). The folder holds tantivy's `index/` and
//! `manifest.json`, which records, per source file: a key (the input's
//! number and the path below it, so that running from another folder
//! finds the same files), size and modification time (for the sample
//! data, a hash of its bytes), the id base its entries got, and what
//! loading it reported. It also records the tantivy commit it describes;
//! when they disagree (a crash between the two writes), the index is
//! rebuilt rather than trusted.
//!
//! A file whose modification time is within [`RACY_NANOS`] of the scan is
//! "racy" (like git's racily clean index entries): it could change again
//! within the file system's timestamp granularity without its stamp
//! changing, so it is read again on the next run.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::load::Source;

use super::schema::SCHEMA_VERSION;

/// Files modified this close to the scan are read again next time.
pub const RACY_NANOS: u64 = 2_000_000_000;

/// The folder folio keeps caches in when none is given: the platform's
/// cache folder (`$XDG_CACHE_HOME/folio`, `~/.cache/folio`).
pub fn default_cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("folio"))
}

/// FNV-1a: a small, stable hash (std's hashers may change between releases).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The identity of an input set: canonical paths, or the sample data.
pub(crate) fn inputs_identity(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        return vec!["<bundled sample data>".to_owned()];
    }
    paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The folder of the index for an input set.
pub(crate) fn index_dir(cache: &Path, inputs: &[String]) -> PathBuf {
    let joined = inputs.join("\n");
    cache
        .join(format!("search-v{SCHEMA_VERSION}"))
        .join(format!("{:016x}", fnv1a(joined.as_bytes())))
}

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtime: Option<u64>,
    /// For documents whose bytes are in memory (the sample data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<u64>,
}

/// The stamp of a source now; `None` when it cannot be read (it is then
/// read, and its problem reported, like any changed file).
pub(crate) fn stamp(source: &Source) -> Option<Stamp> {
    if let Some(bytes) = &source.bytes {
        return Some(Stamp {
            size: bytes.len() as u64,
            mtime: None,
            hash: Some(fnv1a(bytes)),
        });
    }
    let meta = std::fs::metadata(&source.path).ok()?;
    Some(Stamp {
        size: meta.len(),
        mtime: meta.modified().ok().and_then(nanos),
        hash: None,
    })
}

/// Nanoseconds since 1970 (`None` before 1970 or past 2554).
pub(crate) fn nanos(t: SystemTime) -> Option<u64> {
    u64::try_from(t.duration_since(UNIX_EPOCH).ok()?.as_nanos()).ok()
}

impl Stamp {
    /// Whether the file may still change without its stamp changing.
    pub fn racy(&self, scan: u64) -> bool {
        match (self.hash, self.mtime) {
            (Some(_), _) => false,
            (None, Some(m)) => m.saturating_add(RACY_NANOS) >= scan,
            (None, None) => true,
        }
    }
}

/// What the manifest remembers of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileRecord {
    pub key: String,
    pub stamp: Stamp,
    pub id_base: String,
    pub entries: usize,
    /// Error lines from loading it (`path: error: reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub warnings: usize,
    /// Read again next time (see the module documentation).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub racy: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `manifest.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub schema: u32,
    /// The tantivy commit this manifest describes.
    pub opstamp: u64,
    pub inputs: Vec<String>,
    pub files: Vec<FileRecord>,
    /// URL keys that more than one indexed entry has.
    #[serde(default)]
    pub duplicates: Vec<String>,
}

const MANIFEST: &str = "manifest.json";

/// Reads the manifest: `Ok(None)` when there is none, `Err(reason)` when
/// it is unreadable or not one of ours.
pub(crate) fn read_manifest(dir: &Path) -> Result<Option<Manifest>, String> {
    let bytes = match std::fs::read(dir.join(MANIFEST)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read its manifest: {e}")),
    };
    let m: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| format!("its manifest is damaged: {e}"))?;
    if m.schema != SCHEMA_VERSION {
        return Err("its manifest is of another version".to_owned());
    }
    Ok(Some(m))
}

/// Writes the manifest atomically (a temporary file renamed over it).
pub(crate) fn write_manifest(dir: &Path, m: &Manifest) -> std::io::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.{}.tmp", std::process::id()));
    let bytes = serde_json::to_vec(m).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dir.join(MANIFEST)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Removes the manifest (the index is being rebuilt).
pub(crate) fn remove_manifest(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(MANIFEST));
}

/// Each source's key in the manifest: the number of the input it was
/// found under and its path below that input, unique in the list.
pub(crate) fn file_keys(paths: &[PathBuf], sources: &[Source]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    sources
        .iter()
        .map(|s| {
            let base = match paths.iter().position(|p| s.path.starts_with(p)) {
                Some(i) => {
                    let rel = s.path.strip_prefix(&paths[i]).unwrap_or(&s.path);
                    format!("{i}/{}", rel.to_string_lossy())
                }
                None => s.path.to_string_lossy().into_owned(),
            };
            let mut key = base.clone();
            let mut n = 1;
            while !seen.insert(key.clone()) {
                n += 1;
                key = format!("{base}#{n}");
            }
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str) -> Source {
        Source {
            path: PathBuf::from(path),
            id_base: String::new(),
            bytes: None,
        }
    }

    #[test]
    fn keys_do_not_depend_on_how_the_input_was_reached() {
        let a = file_keys(
            &[PathBuf::from("data"), PathBuf::from("one.json")],
            &[source("data/x/a.json"), source("one.json")],
        );
        let b = file_keys(
            &[PathBuf::from("../up/data"), PathBuf::from("/abs/one.json")],
            &[source("../up/data/x/a.json"), source("/abs/one.json")],
        );
        assert_eq!(a, ["0/x/a.json", "1/"]);
        assert_eq!(a, b);
    }

    #[test]
    fn keys_stay_unique_when_an_input_is_given_twice() {
        let keys = file_keys(
            &[PathBuf::from("d"), PathBuf::from("d")],
            &[source("d/a"), source("d/a")],
        );
        assert_eq!(keys, ["0/a", "0/a#2"]);
    }

    #[test]
    fn recent_files_are_racy() {
        let s = Stamp {
            size: 1,
            mtime: Some(10_000_000_000),
            hash: None,
        };
        assert!(s.racy(11_000_000_000));
        assert!(!s.racy(20_000_000_000));
        let bundled = Stamp {
            hash: Some(1),
            mtime: None,
            ..s
        };
        assert!(!bundled.racy(u64::MAX));
    }

    #[test]
    fn manifests_round_trip_and_damage_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_manifest(dir.path()), Ok(None));
        let m = Manifest {
            schema: SCHEMA_VERSION,
            opstamp: 7,
            inputs: vec!["/x".into()],
            files: vec![FileRecord {
                key: "0/a".into(),
                stamp: Stamp {
                    size: 3,
                    mtime: Some(5),
                    hash: None,
                },
                id_base: "a".into(),
                entries: 2,
                errors: vec![],
                warnings: 1,
                racy: false,
            }],
            duplicates: vec![],
        };
        write_manifest(dir.path(), &m).unwrap();
        assert_eq!(read_manifest(dir.path()), Ok(Some(m)));
        std::fs::write(dir.path().join(MANIFEST), b"{\"schema\": 1, \"opst").unwrap();
        assert!(read_manifest(dir.path()).unwrap_err().contains("damaged"));
    }
}

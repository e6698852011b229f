//! What the caches share: the cache folder, the identity of an input set,
//! and the stamp that tells whether a file changed without reading it.
//!
//! The catalogue ([`crate::catalogue`]) and the search index
//! ([`crate::search`]) remember, per file, its key and stamp, and read
//! again only the files whose stamp changed, and only what the same
//! [`BUILD`] of folio cached.
//!
//! A file whose modification time is within [`RACY_NANOS`] of the scan is
//! "racy" (like git's racily clean index entries): it could change again
//! within the file system's timestamp granularity without its stamp
//! changing, so it is read again on the next run.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::load::Source;

/// The folio that makes (and trusts) a cache: its version and a hash of
/// its sources (`build.rs`). Another build may read files otherwise, so
/// what it cached is read again, quietly.
pub const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("FOLIO_BUILD"));

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

/// A short name for an input set, for the files kept about it.
pub(crate) fn inputs_hash(inputs: &[String]) -> String {
    format!("{:016x}", fnv1a(inputs.join("\n").as_bytes()))
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

/// Each source's key in a cache: the number of the input it was found
/// under and its path below that input, unique in the list, so that
/// running from another folder finds the same files.
pub(crate) fn file_keys(paths: &[PathBuf], sources: &[Source]) -> Vec<String> {
    use std::os::unix::ffi::OsStrExt;
    let roots: Vec<&[u8]> = paths.iter().map(|p| p.as_os_str().as_bytes()).collect();
    let keys: Vec<String> = sources
        .iter()
        .map(|s| {
            // A walk joins names onto its root, so the root is most often
            // a prefix of the bytes (comparing paths parses them).
            let bytes = s.path.as_os_str().as_bytes();
            let under = roots.iter().enumerate().find_map(|(i, root)| {
                let rest = bytes.strip_prefix(*root)?;
                let rest = match rest.strip_prefix(b"/") {
                    Some(rest) => rest,
                    None if rest.is_empty() || root.ends_with(b"/") => rest,
                    None => return None,
                };
                Some(format!("{i}/{}", String::from_utf8_lossy(rest)))
            });
            under.unwrap_or_else(|| match paths.iter().position(|p| s.path.starts_with(p)) {
                Some(i) => {
                    let rel = s.path.strip_prefix(&paths[i]).unwrap_or(&s.path);
                    format!("{i}/{}", rel.to_string_lossy())
                }
                None => s.path.to_string_lossy().into_owned(),
            })
        })
        .collect();
    let mut seen: foldhash::HashSet<&str> = Default::default();
    if keys.iter().all(|k| seen.insert(k)) {
        return keys;
    }
    // A file reached twice (inputs that overlap): `key#2`, `key#3`, ….
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .map(|base| {
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
    fn keys_follow_the_components_of_paths_not_their_bytes() {
        let roots = [
            PathBuf::from("docs/"),
            PathBuf::from("docs2"),
            PathBuf::from("./x//y"),
        ];
        let keys = file_keys(
            &roots,
            &[
                source("docs/a.json"),
                source("docs2/b"),
                source("docsx/c"),
                source("./x/y/d"),
            ],
        );
        // `docsx/c` is under no input; `./x/y/d` is under `./x//y` once
        // components are compared.
        assert_eq!(keys, ["0/a.json", "1/b", "docsx/c", "2/d"]);
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
}

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
//! rebuilt rather than trusted. File keys, stamps and racy files are
//! [`crate::cache`]'s.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::Stamp;

use super::schema::SCHEMA_VERSION;

/// The folder of the index for an input set.
pub(crate) fn index_dir(cache: &Path, inputs: &[String]) -> PathBuf {
    cache
        .join(format!("search-v{SCHEMA_VERSION}"))
        .join(crate::cache::inputs_hash(inputs))
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
    /// The folio that built the index ([`crate::cache::BUILD`]): another
    /// one may have read the files otherwise, and the index is rebuilt.
    #[serde(default)]
    pub build: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_round_trip_and_damage_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_manifest(dir.path()), Ok(None));
        let m = Manifest {
            schema: SCHEMA_VERSION,
            build: crate::cache::BUILD.into(),
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

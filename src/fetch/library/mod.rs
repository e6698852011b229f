//! The library: the folder that `folio add` and `folio sync` fill, its
//! subscriptions file ([`sources`]), safe names ([`names`]) and the only
//! code that writes fetched documents to disk.
//!
//! A library is an ordinary folder of documents the loader reads like any
//! other: one folder per source (`blog.example.org/posts/412.json`,
//! `events.example.org/item-….json`), plus `folio-sources.toml`. Writes are
//! atomic (a hidden file beside, then a rename), so an interrupted sync
//! leaves every document either as it was or as it is now, and a document
//! whose bytes did not change is not written at all.

pub mod names;
pub mod sources;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

/// The subscriptions file at the top of a library; the loader skips it.
pub const SOURCES_FILE: &str = "folio-sources.toml";

/// The folder, inside a WordPress type's, of the items the site no longer
/// publishes (kept, not counted among the source's documents).
pub const WITHDRAWN_FOLDER: &str = "withdrawn";

/// The lock file held while a sync writes (hidden: the loader skips it).
const LOCK_FILE: &str = ".folio-sync.lock";

/// What writing a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    New,
    Updated,
    Unchanged,
}

/// An open library folder.
#[derive(Debug, Clone)]
pub struct Library {
    root: PathBuf,
}

/// Where the library is: `--library`, else `$FOLIO_LIBRARY`, else
/// `$XDG_DATA_HOME/folio/library` (the platform's data folder).
pub fn location(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = flag {
        return Some(dir.to_owned());
    }
    if let Some(dir) = std::env::var_os("FOLIO_LIBRARY").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::data_dir)?;
    Some(data.join("folio").join("library"))
}

/// Whether `dir` holds at least one document (a visible file other than the
/// subscriptions file), looking no further than the first one found.
pub fn holds_documents(dir: &Path) -> bool {
    fn visit(dir: &Path, depth: usize) -> bool {
        let Ok(entries) = fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == SOURCES_FILE {
                return false;
            }
            match e.file_type() {
                Ok(t) if t.is_dir() => depth < 8 && visit(&e.path(), depth + 1),
                Ok(_) => true,
                Err(_) => false,
            }
        })
    }
    visit(dir, 0)
}

impl Library {
    /// Opens the library at `root`, creating the folder when it is missing.
    pub fn create(root: &Path) -> Result<Library> {
        fs::create_dir_all(root)
            .with_context(|| format!("cannot create the library folder {}", root.display()))?;
        Ok(Library {
            root: root.to_owned(),
        })
    }

    /// Opens an existing library; a missing folder is an error that says how
    /// to start one.
    pub fn open(root: &Path) -> Result<Library> {
        if !root.is_dir() {
            bail!(
                "{}: no library here yet; `folio add URL` starts one (or give --library DIR)",
                root.display()
            );
        }
        Ok(Library {
            root: root.to_owned(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The subscriptions file's path.
    pub fn sources_path(&self) -> PathBuf {
        self.root.join(SOURCES_FILE)
    }

    /// Takes the library's sync lock, so that two syncs never write the same
    /// files at once; released when the returned file is dropped (also when
    /// the process dies).
    pub fn lock(&self) -> Result<File> {
        let path = self.root.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        use rustix::fs::{FlockOperation, flock};
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(file),
            Err(rustix::io::Errno::WOULDBLOCK) => bail!(
                "{}: another `folio add` or `folio sync` is writing this library; try again when it ends",
                self.root.display()
            ),
            // A file system without locks (some network mounts): go on unlocked.
            Err(_) => Ok(file),
        }
    }

    /// Removes the hidden `.part` files a killed sync left half-written;
    /// called with the lock held, when no write can be in progress.
    pub fn sweep_partial_writes(&self) {
        for e in walkdir::WalkDir::new(&self.root).into_iter().flatten() {
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file() && name.starts_with('.') && name.ends_with(".part") {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    /// The path of `parts` (each made by [`names::component`]) under the root.
    pub fn path(&self, parts: &[&str]) -> PathBuf {
        let mut path = self.root.clone();
        for part in parts {
            debug_assert!(names::is_component(part), "{part:?}");
            path.push(part);
        }
        path
    }

    /// Writes `bytes` as the document at `parts`, atomically, unless the file
    /// already holds exactly these bytes.
    pub fn write(&self, parts: &[&str], bytes: &[u8]) -> io::Result<Written> {
        let path = self.path(parts);
        let written = match fs::read(&path) {
            Ok(old) if old == bytes => return Ok(Written::Unchanged),
            Ok(_) => Written::Updated,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Written::New,
            Err(e) => return Err(e),
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        write_atomic(&path, bytes, false)?;
        Ok(written)
    }

    /// Removes the document at `parts`; one already gone is no error.
    pub fn remove(&self, parts: &[&str]) -> io::Result<()> {
        match fs::remove_file(self.path(parts)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Removes a source's folder and everything in it.
    pub fn remove_folder(&self, folder: &str) -> io::Result<()> {
        if !names::is_component(folder) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{folder:?} is not a folder folio made"),
            ));
        }
        match fs::remove_dir_all(self.root.join(folder)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// How many documents a source's folder holds, not counting those
    /// its site withdrew.
    pub fn count_documents(&self, folder: &str) -> u64 {
        walkdir::WalkDir::new(self.root.join(folder))
            .into_iter()
            .filter_entry(|e| !(e.depth() == 2 && e.file_name() == WITHDRAWN_FOLDER))
            .flatten()
            .filter(|e| {
                e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.')
            })
            .count() as u64
    }
}

/// Writes `bytes` to a hidden file beside `path`, then renames it over
/// `path`. With `durable`, the data reaches the disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(
        ".{name}.{}-{}.part",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_counted_and_unchanged_bytes_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::create(dir.path()).unwrap();
        assert_eq!(lib.write(&["site", "1.json"], b"{}").unwrap(), Written::New);
        assert_eq!(
            lib.write(&["site", "1.json"], b"{}").unwrap(),
            Written::Unchanged
        );
        assert_eq!(
            lib.write(&["site", "1.json"], b"[]").unwrap(),
            Written::Updated
        );
        assert_eq!(fs::read(dir.path().join("site/1.json")).unwrap(), b"[]");
        assert_eq!(lib.count_documents("site"), 1);
        assert!(holds_documents(dir.path()));
        let names: Vec<_> = fs::read_dir(dir.path().join("site")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
        fs::write(dir.path().join("site/.1.json.77-0.part"), "{").unwrap();
        lib.sweep_partial_writes();
        assert_eq!(fs::read_dir(dir.path().join("site")).unwrap().count(), 1);
    }

    #[test]
    fn an_empty_library_or_one_with_only_subscriptions_holds_no_documents() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!holds_documents(dir.path()));
        fs::write(dir.path().join(SOURCES_FILE), "").unwrap();
        fs::create_dir(dir.path().join("empty")).unwrap();
        fs::write(dir.path().join(".folio-sync.lock"), "").unwrap();
        assert!(!holds_documents(dir.path()));
        assert!(!holds_documents(&dir.path().join("missing")));
    }

    #[test]
    fn a_second_writer_is_turned_away() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::create(dir.path()).unwrap();
        let held = lib.lock().unwrap();
        let err = lib.lock().unwrap_err().to_string();
        assert!(err.contains("another"), "{err}");
        drop(held);
        lib.lock().unwrap();
    }

    #[test]
    fn only_folders_folio_made_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::create(&dir.path().join("lib")).unwrap();
        fs::write(dir.path().join("keep"), "x").unwrap();
        assert!(lib.remove_folder("..").is_err());
        assert!(lib.remove_folder("../keep").is_err());
        assert!(dir.path().join("keep").exists());
    }
}

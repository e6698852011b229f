//! Reading state that outlives a session: which entries were read and
//! starred, how far each was scrolled, and where the reader was left.
//!
//! It lives in one SQLite file (rusqlite, bundled: nothing to install), at
//! `$XDG_DATA_HOME/folio/state.db` by default. The rules it keeps:
//!
//! - **Keys that survive moves.** An entry's state is filed under its
//!   canonical URL, else a hash of its content ([`key`]), never its path,
//!   so renaming or moving the corpus keeps the marks.
//! - **Merge on write.** A change names only what it changes (this entry
//!   is now read; that one is starred), and is written as an upsert of
//!   those columns in a short transaction. Two folio processes on one
//!   file (WAL mode, a busy timeout) therefore add to each other's marks;
//!   neither writes back a stale snapshot over the other's.
//! - **Off the UI thread.** [`Session`] reads everything once on its own
//!   thread (one query into a `HashMap`) and then writes the batches it is
//!   sent; the reader applies a mark to its own state at once and never
//!   waits for the disk.
//! - **Never lose a file.** A state file that is damaged, read-only,
//!   locked, from a newer folio or not folio's is never deleted, migrated
//!   or written: [`StoreError`] says what is wrong in plain words, and
//!   folio carries on without saving (reading the marks where it safely can).
//!
//! Modules: [`key`] (state keys), `db` (schema, migrations, queries),
//! `session` (the background thread).

mod db;
pub mod key;
mod session;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use db::{Db, SCHEMA_VERSION};
pub use session::{Event, Session};

/// What folio remembers about one entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryState {
    pub read: bool,
    pub starred: bool,
    /// Where the entry was left, if it was ever scrolled.
    pub scroll: Option<Scroll>,
}

/// A reading position: the first line shown, and how many lines the body
/// had then (so a body wrapped at another width reopens at the same
/// fraction of the text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    pub line: u32,
    pub lines: u32,
}

/// Where the reader was left on a corpus: the selected entry, and whether
/// it was open in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The corpus ([`key::corpus_key`]).
    pub corpus: String,
    /// The entry's state key.
    pub entry: String,
    pub reading: bool,
}

/// One change to write. Each names only what changed, so writing it merges
/// with whatever another process wrote meanwhile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// These entries are now read (or unread).
    Read {
        keys: Vec<String>,
        read: bool,
    },
    Star {
        key: String,
        starred: bool,
    },
    Scroll {
        key: String,
        scroll: Scroll,
    },
    Place(Place),
}

/// Everything stored, as read at start-up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// By state key; entries never marked are absent.
    pub entries: HashMap<String, EntryState>,
    /// Newest first.
    pub places: Vec<Place>,
}

/// Why the state file cannot be used (or not for writing). Every message
/// names the file and what folio does about it.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum StoreError {
    #[error(
        "{} is damaged or not a database: reading state not saved (folio leaves the file alone; move it aside to start afresh)",
        show(.0)
    )]
    Corrupt(PathBuf),
    #[error("{} is read-only: reading state not saved", show(.0))]
    ReadOnly(PathBuf),
    #[error(
        "{} is locked by another program: reading state not saved",
        show(.0)
    )]
    Locked(PathBuf),
    #[error(
        "{}: the disk is full: the reading state waits to be saved (free some space)",
        show(.0)
    )]
    Full(PathBuf),
    #[error(
        "{} was written by a newer folio (schema {found}; this folio knows {known}): reading state not saved",
        show(path)
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{} is not a folio state file: reading state not saved (choose another file with --state)",
        show(.0)
    )]
    Foreign(PathBuf),
    #[error(
        "cannot use the state file {}: {why}; reading state not saved",
        show(path)
    )]
    Other { path: PathBuf, why: String },
}

impl StoreError {
    /// Whether the marks could still be read (for a session that does not
    /// save them).
    pub fn readable(&self) -> bool {
        matches!(
            self,
            StoreError::ReadOnly(_) | StoreError::Locked(_) | StoreError::Full(_)
        )
    }
}

fn show(path: &Path) -> String {
    crate::safe::one_line(&path.display().to_string()).into_owned()
}

/// `$XDG_DATA_HOME/folio/state.db`, else the platform's data folder.
pub fn default_path() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::data_dir)?;
    Some(dir.join("folio").join("state.db"))
}

//! The state file: opening it safely, the schema and its migrations, the
//! start-up read and the writes.
//!
//! The schema version is SQLite's `user_version`, and the file carries
//! folio's `application_id`, so folio recognises its own files. Opening
//! checks, before anything is written, that the file is a readable
//! database, is folio's (or empty), and is not from a newer folio; only
//! then does it switch to WAL and migrate, in one transaction. Migrations
//! are code: `MIGRATIONS[n]` takes version `n` to `n + 1`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};

use super::{Change, EntryState, Place, Scroll, Snapshot, StoreError};

/// `application_id` of folio's state files ("foli").
const APPLICATION_ID: i64 = 0x666f_6c69;

/// How long a write waits for another process's transaction to end.
/// Folio's own transactions last milliseconds; this only runs out when
/// another program holds the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The schema, one migration per version.
const MIGRATIONS: &[&str] = &[
    // 0 → 1
    "CREATE TABLE entries (
         key TEXT PRIMARY KEY NOT NULL,
         read INTEGER NOT NULL DEFAULT 0,
         starred INTEGER NOT NULL DEFAULT 0,
         scroll_line INTEGER,
         scroll_lines INTEGER,
         updated INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE places (
         corpus TEXT PRIMARY KEY NOT NULL,
         entry TEXT NOT NULL,
         reading INTEGER NOT NULL,
         updated INTEGER NOT NULL
     ) WITHOUT ROWID;",
];

/// The schema version this folio writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open state file.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

impl Db {
    /// Opens `path` for reading and writing, creating it (and its folder)
    /// when missing and migrating it to the current schema. Fails, without
    /// having written anything, on a file that is damaged, read-only,
    /// locked, newer or not folio's.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
                std::io::ErrorKind::StorageFull => StoreError::Full(path.to_owned()),
                std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly(path.to_owned()),
                _ => StoreError::Other {
                    path: path.to_owned(),
                    why: format!("cannot create its folder: {e}"),
                },
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut db = Db {
            conn,
            path: path.to_owned(),
        };
        db.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db.error(e))?;
        let version = db.check()?;
        if db.conn.is_readonly("main").map_err(|e| db.error(e))? {
            return Err(StoreError::ReadOnly(db.path));
        }
        // WAL first (it cannot change inside a transaction); then the
        // migration, re-checking the version under the write lock in case
        // another folio migrated meanwhile.
        db.wal()?;
        if version < SCHEMA_VERSION {
            db.migrate()?;
        }
        Ok(db)
    }

    /// Opens an existing file for reading only (no journal change, no
    /// migration): `None` when there is no file.
    pub fn open_read_only(path: &Path) -> Result<Option<Db>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        match Db::read_only(path, false) {
            // SQLite cannot open a WAL database read-only where it may not
            // create the shared-memory file beside it. On a read-only file
            // system nothing can change the file either, so it is opened
            // as immutable.
            Err(StoreError::ReadOnly(_)) if on_read_only_fs(path) => Db::read_only(path, true),
            other => other,
        }
    }

    fn read_only(path: &Path, immutable: bool) -> Result<Option<Db>, StoreError> {
        let conn = if immutable {
            let uri = std::path::absolute(path)
                .ok()
                .and_then(|p| url::Url::from_file_path(p).ok())
                .ok_or_else(|| StoreError::ReadOnly(path.to_owned()))?;
            Connection::open_with_flags(
                format!("{uri}?immutable=1"),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | OpenFlags::SQLITE_OPEN_URI,
            )
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
        .map_err(|e| classify(path, e))?;
        let db = Db {
            conn,
            path: path.to_owned(),
        };
        db.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db.error(e))?;
        let version = db.check()?;
        if version < SCHEMA_VERSION {
            // Older (or empty): nothing this folio can read without
            // migrating, which a read-only open must not do.
            return Ok(None);
        }
        Ok(Some(db))
    }

    /// The file's schema version, after checking it is a database folio
    /// may use.
    fn check(&self) -> Result<i64, StoreError> {
        let pragma = |name: &str| -> Result<i64, StoreError> {
            self.conn
                .pragma_query_value(None, name, |r| r.get::<_, i64>(0))
                .map_err(|e| self.error(e))
        };
        let version = pragma("user_version")?;
        let app = pragma("application_id")?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| self.error(e))?;
        if app != APPLICATION_ID && (app != 0 || objects > 0 || version != 0) {
            return Err(StoreError::Foreign(self.path.clone()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        Ok(version)
    }

    fn wal(&self) -> Result<(), StoreError> {
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .map_err(|e| self.error(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(|e| self.error(e))?;
        }
        // Durable enough for reading marks, and much faster: in WAL mode
        // NORMAL can lose the last transactions on power loss, never
        // corrupt the file.
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.error(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        for sql in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
            tx.execute_batch(sql).map_err(err)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(err)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// Everything stored: one query per table.
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let mut entries = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT key, read, starred, scroll_line, scroll_lines FROM entries")
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |r| {
                let line: Option<i64> = r.get(3)?;
                let lines: Option<i64> = r.get(4)?;
                let scroll = match (line, lines) {
                    (Some(line), Some(lines)) => Some(Scroll {
                        line: clamp_u32(line),
                        lines: clamp_u32(lines),
                    }),
                    _ => None,
                };
                Ok((
                    r.get::<_, String>(0)?,
                    EntryState {
                        read: r.get::<_, i64>(1)? != 0,
                        starred: r.get::<_, i64>(2)? != 0,
                        scroll,
                    },
                ))
            })
            .map_err(|e| self.error(e))?;
        for row in rows {
            let (key, state) = row.map_err(|e| self.error(e))?;
            entries.insert(key, state);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT corpus, entry, reading FROM places ORDER BY updated DESC")
            .map_err(|e| self.error(e))?;
        let places = stmt
            .query_map([], |r| {
                Ok(Place {
                    corpus: r.get(0)?,
                    entry: r.get(1)?,
                    reading: r.get::<_, i64>(2)? != 0,
                })
            })
            .map_err(|e| self.error(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.error(e))?;
        Ok(Snapshot { entries, places })
    }

    /// Writes `changes` in one short transaction. Each change updates only
    /// its own columns, merging with what other processes wrote.
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        let now = now();
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        for change in changes {
            match change {
                Change::Read { keys, read } => {
                    let mut stmt = tx
                        .prepare_cached(
                            "INSERT INTO entries (key, read, updated) VALUES (?1, ?2, ?3)
                             ON CONFLICT (key) DO UPDATE
                             SET read = excluded.read, updated = excluded.updated",
                        )
                        .map_err(err)?;
                    for key in keys {
                        stmt.execute(params![key, *read, now]).map_err(err)?;
                    }
                }
                Change::Star { key, starred } => {
                    tx.prepare_cached(
                        "INSERT INTO entries (key, starred, updated) VALUES (?1, ?2, ?3)
                         ON CONFLICT (key) DO UPDATE
                         SET starred = excluded.starred, updated = excluded.updated",
                    )
                    .and_then(|mut s| s.execute(params![key, *starred, now]))
                    .map_err(err)?;
                }
                Change::Scroll { key, scroll } => {
                    tx.prepare_cached(
                        "INSERT INTO entries (key, scroll_line, scroll_lines, updated)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (key) DO UPDATE
                         SET scroll_line = excluded.scroll_line,
                             scroll_lines = excluded.scroll_lines,
                             updated = excluded.updated",
                    )
                    .and_then(|mut s| s.execute(params![key, scroll.line, scroll.lines, now]))
                    .map_err(err)?;
                }
                Change::Place(p) => {
                    tx.prepare_cached(
                        "INSERT INTO places (corpus, entry, reading, updated)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (corpus) DO UPDATE
                         SET entry = excluded.entry, reading = excluded.reading,
                             updated = excluded.updated",
                    )
                    .and_then(|mut s| s.execute(params![p.corpus, p.entry, p.reading, now]))
                    .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)
    }

    fn error(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }
}

/// A SQLite error as the user needs to hear it.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(path),
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked(path),
        Some(ErrorCode::DiskFull) => StoreError::Full(path),
        Some(ErrorCode::CannotOpen) if on_read_only_fs(&path) => StoreError::ReadOnly(path),
        Some(ErrorCode::CannotOpen) => StoreError::Other {
            path,
            why: "it cannot be opened (does its folder exist and allow writing?)".into(),
        },
        _ => StoreError::Other {
            path,
            why: crate::safe::one_line(&e.to_string()).into_owned(),
        },
    }
}

/// Whether `path` (or the folder it would be in) is on a file system
/// mounted read-only.
fn on_read_only_fs(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !path.exists() && !d.as_os_str().is_empty() => d,
        _ => path,
    };
    rustix::fs::statvfs(dir).is_ok_and(|v| v.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY))
}

fn clamp_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

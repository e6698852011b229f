//! The state file: round trips, merging writers, and every kind of file
//! folio must refuse without touching it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

use super::*;

fn file(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("nested").join("state.db")
}

fn read(keys: &[&str]) -> Change {
    Change::Read {
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        read: true,
    }
}

fn star(key: &str) -> Change {
    Change::Star {
        key: key.into(),
        starred: true,
    }
}

fn snapshot(path: &Path) -> Snapshot {
    Db::open(path).unwrap().snapshot().unwrap()
}

#[test]
fn a_new_file_is_created_and_keeps_what_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    let mut db = Db::open(&path).unwrap();
    assert_eq!(db.snapshot().unwrap(), Snapshot::default());
    db.apply(&[
        read(&["a", "b"]),
        star("b"),
        Change::Scroll {
            key: "a".into(),
            scroll: Scroll {
                line: 40,
                lines: 200,
            },
        },
        Change::Place(Place {
            corpus: "/notes".into(),
            entry: "a".into(),
            reading: true,
        }),
    ])
    .unwrap();
    drop(db);
    let s = snapshot(&path);
    assert_eq!(
        s.entries["a"],
        EntryState {
            read: true,
            starred: false,
            scroll: Some(Scroll {
                line: 40,
                lines: 200
            })
        }
    );
    assert_eq!(
        s.entries["b"],
        EntryState {
            read: true,
            starred: true,
            scroll: None
        }
    );
    assert_eq!(s.places.len(), 1);
    assert_eq!(s.places[0].entry, "a");
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn unread_again_and_unstar_are_written_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    let mut db = Db::open(&path).unwrap();
    db.apply(&[read(&["a"]), star("a")]).unwrap();
    db.apply(&[
        Change::Read {
            keys: vec!["a".into()],
            read: false,
        },
        Change::Star {
            key: "a".into(),
            starred: false,
        },
    ])
    .unwrap();
    assert_eq!(db.snapshot().unwrap().entries["a"], EntryState::default());
}

#[test]
fn two_writers_merge_rather_than_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    // Both open (and read) before either writes, as two folio sessions do.
    let mut one = Db::open(&path).unwrap();
    let mut two = Db::open(&path).unwrap();
    let _ = (one.snapshot().unwrap(), two.snapshot().unwrap());
    one.apply(&[read(&["x"])]).unwrap();
    two.apply(&[star("x"), read(&["y"])]).unwrap();
    one.apply(&[star("z")]).unwrap();
    let s = snapshot(&path);
    assert!(s.entries["x"].read && s.entries["x"].starred);
    assert!(s.entries["y"].read);
    assert!(s.entries["z"].starred && !s.entries["z"].read);
}

#[test]
fn writers_on_many_threads_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    drop(Db::open(&path).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                for i in 0..50 {
                    let key = format!("t{t}-{i}");
                    db.apply(&[read(&[&key]), star(&key)]).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = snapshot(&path);
    assert_eq!(s.entries.len(), 200);
    assert!(s.entries.values().all(|e| e.read && e.starred));
}

/// Opening must fail with `expected` and leave the file's bytes alone.
fn refused(path: &Path, expected: impl Fn(&StoreError) -> bool) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let err = Db::open(path).err().expect("opening should be refused");
    assert!(expected(&err), "{err:?}");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    assert!(err.to_string().contains("not saved"), "{err}");
    err
}

#[test]
fn a_damaged_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    std::fs::write(
        &path,
        b"this is not a database, just some text\n".repeat(100),
    )
    .unwrap();
    let err = refused(&path, |e| matches!(e, StoreError::Corrupt(_)));
    assert!(err.to_string().contains("damaged"));
    assert!(Db::open_read_only(&path).is_err());
    // A real state file cut short.
    let cut = dir.path().join("cut.db");
    {
        let mut db = Db::open(&cut).unwrap();
        let keys: Vec<String> = (0..5000)
            .map(|i| format!("https://example.org/{i}"))
            .collect();
        db.apply(&[Change::Read { keys, read: true }]).unwrap();
    }
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let failed = Db::open(&cut).and_then(|db| db.snapshot());
    assert!(matches!(failed, Err(StoreError::Corrupt(_))), "{failed:?}");
}

#[test]
fn a_file_from_a_newer_folio_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    drop(Db::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let err = refused(&path, |e| matches!(e, StoreError::Newer { .. }));
    assert!(err.to_string().contains("newer folio"), "{err}");
    assert!(matches!(
        Db::open_read_only(&path),
        Err(StoreError::Newer { .. })
    ));
}

#[test]
fn another_programs_database_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    refused(&path, |e| matches!(e, StoreError::Foreign(_)));
}

/// Makes `path` unwritable: by permissions, or (when they do not bind, as
/// for root) by the immutable attribute. `None` when neither works here.
fn make_read_only(path: &Path) -> Option<ReadOnly> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).ok()?;
    if std::fs::OpenOptions::new().append(true).open(path).is_err() {
        return Some(ReadOnly(path.to_owned(), false));
    }
    let ok = std::process::Command::new("chattr")
        .arg("+i")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| ReadOnly(path.to_owned(), true))
}

struct ReadOnly(PathBuf, bool);

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
    }
}

#[test]
fn a_read_only_file_is_read_but_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    {
        let mut db = Db::open(&path).unwrap();
        db.apply(&[read(&["a"]), star("b")]).unwrap();
    }
    let Some(_guard) = make_read_only(&path) else {
        eprintln!("skipped: cannot make a file read-only here");
        return;
    };
    let err = refused(&path, |e| matches!(e, StoreError::ReadOnly(_)));
    assert!(err.readable());
    let s = Db::open_read_only(&path)
        .unwrap()
        .unwrap()
        .snapshot()
        .unwrap();
    assert!(s.entries["a"].read && s.entries["b"].starred);

    // The session shows the marks, says why it does not save, and carries on.
    let (tx, rx) = mpsc::channel();
    let session = Session::start(path.clone(), move |e| {
        let _ = tx.send(e);
    });
    let first = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        matches!(first, Event::Loaded(ref s) if s.entries["a"].read),
        "{first:?}"
    );
    let second = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        matches!(second, Event::Unavailable(ref m) if m.contains("read-only")),
        "{second:?}"
    );
    session.save(vec![read(&["c"])]);
    assert_eq!(session.finish(None, &|| false), None);
}

#[test]
fn a_session_reads_then_writes_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    {
        let mut db = Db::open(&path).unwrap();
        db.apply(&[read(&["old"])]).unwrap();
    }
    let (tx, rx) = mpsc::channel();
    let session = Session::start(path.clone(), move |e| {
        let _ = tx.send(e);
    });
    match rx.recv_timeout(Duration::from_secs(20)).unwrap() {
        Event::Loaded(s) => assert!(s.entries["old"].read),
        other => panic!("{other:?}"),
    }
    session.save(vec![read(&["new"])]);
    session.save(vec![star("new")]);
    assert_eq!(session.finish(None, &|| false), None);
    let s = snapshot(&path);
    assert!(s.entries["new"].read && s.entries["new"].starred);
}

#[test]
fn a_locked_file_is_retried_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(&dir);
    drop(Db::open(&path).unwrap());
    let (tx, rx) = mpsc::channel();
    let session = Session::start(path.clone(), move |e| {
        let _ = tx.send(e);
    });
    assert!(matches!(
        rx.recv_timeout(Duration::from_secs(20)).unwrap(),
        Event::Loaded(_)
    ));
    // Another program takes the write lock and keeps it.
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    session.save(vec![read(&["while-locked"])]);
    match rx.recv_timeout(Duration::from_secs(30)).unwrap() {
        Event::Unavailable(m) => assert!(m.contains("locked") && m.contains("try again"), "{m}"),
        other => panic!("{other:?}"),
    }
    holder.execute_batch("ROLLBACK").unwrap();
    session.save(vec![read(&["after"])]);
    assert_eq!(session.finish(None, &|| false), None);
    let s = snapshot(&path);
    assert!(s.entries["while-locked"].read && s.entries["after"].read);
}

#[test]
fn without_a_usable_file_the_session_says_why_and_drops_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    std::fs::write(&path, b"garbage").unwrap();
    let before = std::fs::read(&path).unwrap();
    let (tx, rx) = mpsc::channel();
    let session = Session::start(path.clone(), move |e| {
        let _ = tx.send(e);
    });
    match rx.recv_timeout(Duration::from_secs(20)).unwrap() {
        Event::Unavailable(m) => assert!(m.contains("damaged"), "{m}"),
        other => panic!("{other:?}"),
    }
    session.save(vec![read(&["a"])]);
    assert_eq!(session.finish(None, &|| false), None);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

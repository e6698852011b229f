//! The state thread: reads the stored state once, hands it to the reader,
//! then writes the changes it is sent, so no disk access ever happens on
//! the UI thread.
//!
//! Batches that arrive while a write is under way are written together in
//! the next transaction. When another program holds the file or the disk
//! is full, changes are kept and retried with the next batch (and once
//! more at the end); any other failure stops saving for the session,
//! after saying so.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Change, Db, Snapshot, StoreError};

/// What the state thread tells the reader.
#[derive(Debug)]
pub enum Event {
    /// The stored state, read at start-up.
    Loaded(Snapshot),
    /// The state file cannot be used (or no longer): say so. The session
    /// carries on; what it cannot save is lost at the end.
    Unavailable(String),
}

/// A running state thread. [`Session::finish`] waits for its writes.
pub struct Session {
    tx: Option<Sender<Vec<Change>>>,
    thread: Option<JoinHandle<Option<String>>>,
}

impl Session {
    /// Starts the state thread on `path`; `notify` receives its [`Event`]s
    /// (from that thread).
    pub fn start(path: PathBuf, notify: impl Fn(Event) + Send + 'static) -> Session {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("folio-state".into())
            .spawn(move || run(&path, &rx, &notify));
        match thread {
            Ok(thread) => Session {
                tx: Some(tx),
                thread: Some(thread),
            },
            Err(e) => {
                // No thread, no saving; the reader still works.
                let _ = e;
                Session {
                    tx: None,
                    thread: None,
                }
            }
        }
    }

    /// Queues `changes` for writing; returns at once.
    pub fn save(&self, changes: Vec<Change>) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(changes);
        }
    }

    /// Stops taking changes and waits until those sent are written, or
    /// for at most `patience` when given (a reader stopped by a signal
    /// must exit promptly even when another program holds the file); once
    /// `hurry` says so (a signal came while waiting), for at most
    /// [`HURRIED`] more. A message when some could not be saved (for
    /// standard error: the reader's screen is gone by then).
    pub fn finish(
        mut self,
        patience: Option<Duration>,
        hurry: &dyn Fn() -> bool,
    ) -> Option<String> {
        drop(self.tx.take());
        let thread = self.thread.take()?;
        let start = Instant::now();
        let mut deadline = patience.map(|p| start + p);
        while !thread.is_finished() {
            if deadline.is_none() && hurry() {
                deadline = Some(Instant::now() + HURRIED);
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Some(
                    "the reading state was still being written when folio had to stop; the last marks may be lost".into(),
                );
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        match thread.join() {
            Ok(outcome) => outcome,
            Err(_) => Some("reading state not saved: the state thread failed".into()),
        }
    }
}

/// How long [`Session::finish`] still waits once hurried.
pub const HURRIED: Duration = Duration::from_millis(800);

fn run(
    path: &std::path::Path,
    rx: &Receiver<Vec<Change>>,
    notify: &dyn Fn(Event),
) -> Option<String> {
    let mut db = match open_patiently(path) {
        Ok(db) => db,
        Err(e) => {
            // A file folio may not write can often still be read: the marks
            // show, they are just not saved.
            if e.readable() {
                if let Ok(Some(snapshot)) = Db::open_read_only(path).and_then(|db| match db {
                    Some(db) => db.snapshot().map(Some),
                    None => Ok(None),
                }) {
                    notify(Event::Loaded(snapshot));
                }
            }
            notify(Event::Unavailable(e.to_string()));
            return discard(rx);
        }
    };
    match db.snapshot() {
        Ok(snapshot) => notify(Event::Loaded(snapshot)),
        Err(e) => {
            notify(Event::Unavailable(e.to_string()));
            return discard(rx);
        }
    }
    let mut pending: Vec<Change> = Vec::new();
    let mut waiting = false;
    while let Ok(batch) = rx.recv() {
        pending.extend(batch);
        while let Ok(more) = rx.try_recv() {
            pending.extend(more);
        }
        match db.apply(&pending) {
            Ok(()) => {
                pending.clear();
                waiting = false;
            }
            // Passing troubles: the changes are kept and written with
            // the next batch (or at the end).
            Err(e @ (StoreError::Locked(_) | StoreError::Full(_))) => {
                if !waiting {
                    notify(Event::Unavailable(format!("{e}; folio will try again")));
                    waiting = true;
                }
            }
            Err(e) => {
                notify(Event::Unavailable(e.to_string()));
                return discard(rx);
            }
        }
    }
    if pending.is_empty() {
        return None;
    }
    match db.apply(&pending) {
        Ok(()) => None,
        Err(e) => Some(e.to_string()),
    }
}

/// How long the state thread keeps trying to open a file another folio
/// holds (two readers starting together on a new file: one creates it
/// while the other waits).
const OPEN_PATIENCE: Duration = Duration::from_secs(10);

/// [`Db::open`], trying again while another process holds the file.
fn open_patiently(path: &std::path::Path) -> Result<Db, StoreError> {
    let start = Instant::now();
    loop {
        match Db::open(path) {
            Err(StoreError::Locked(_)) if start.elapsed() < OPEN_PATIENCE => {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Takes changes without saving them until the reader ends.
fn discard(rx: &Receiver<Vec<Change>>) -> Option<String> {
    for _ in rx.iter() {}
    None
}

//! The reader's background threads: loading the corpus a chunk at a time,
//! then building the search index; the reading-state thread; a sync of the
//! library (`R`). Each
//! reports to the loop as [`Action`]s through a [`Mailbox`]; none touches
//! the screen.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::Wake;
use crate::app::Action;
use crate::app::filter::FullText;
use crate::catalogue::{Need, Pass};
use crate::fetch::http::Limits;
use crate::fetch::library::Library;
use crate::fetch::library::sources::Sources;
use crate::fetch::{self, Tally};
use crate::guard::lock;
use crate::load::{self, Source};
use crate::search::{IndexBuilder, Progress};
use crate::store::{self, Session};

/// Where a background thread sends its results: the reader's loop.
#[derive(Clone)]
pub struct Mailbox(pub mpsc::Sender<Wake>);

impl Mailbox {
    /// Sends `action`; whether the reader still listens.
    pub fn send(&self, action: Action) -> bool {
        self.0.send(Wake::Background(action)).is_ok()
    }
}

/// Starts the state thread, which reports to the reader as actions.
pub fn start_state(path: PathBuf, mailbox: Mailbox) -> Session {
    Session::start(path, move |event| {
        mailbox.send(match event {
            store::Event::Loaded(snapshot) => Action::StateLoaded(snapshot),
            store::Event::Unavailable(why) => Action::StateUnavailable(why),
        });
    })
}

/// Reads the sources in order, a chunk at a time (each chunk in
/// parallel), sending each chunk's entries as soon as it is read; then
/// builds the search index of the same sources (so ids agree) and sends it.
/// With `catalogue` (the paths shown and the cache folder), entries come
/// through the catalogue: unchanged files are not read, and bodies stay in
/// their files until an entry is opened. Stops as soon as the reader no
/// longer listens.
pub fn spawn_loader(
    sources: Vec<Source>,
    catalogue: Option<(Vec<PathBuf>, PathBuf)>,
    index: IndexBuilder,
    mailbox: Mailbox,
) {
    std::thread::Builder::new()
        .name("folio-loader".into())
        .spawn(move || {
            let pass = catalogue
                .map(|(paths, cache)| Pass::begin(&paths, &sources, Some(&cache), Need::Metadata));
            // Said after the first chunk, which is on screen sooner alone.
            let mut expecting = pass.as_ref().map(Pass::known_entries);
            let mut kept = Vec::with_capacity(sources.len());
            let mut start = 0;
            let mut chunk = 8;
            while start < sources.len() {
                let end = (start + chunk).min(sources.len());
                let results: Vec<_> = match &pass {
                    Some(pass) => (start..end)
                        .into_par_iter()
                        .map(|i| pass.file(&sources, i))
                        .collect::<Vec<_>>()
                        .into_iter()
                        .map(|(entries, report, k)| {
                            kept.push(k);
                            (entries, report)
                        })
                        .collect(),
                    None => sources[start..end]
                        .par_iter()
                        .map(load::load_source)
                        .collect(),
                };
                if !mailbox.send(Action::Loaded(results)) {
                    return;
                }
                if let Some(n) = expecting.take() {
                    mailbox.send(Action::Expecting(n));
                }
                start = end;
                // Every chunk re-sorts the list: from the catalogue, where
                // files cost little, chunks grow larger.
                chunk = if pass.is_some() {
                    (chunk * 4).min(4096)
                } else {
                    (chunk * 2).min(256)
                };
            }
            for note in pass.map(|p| p.finish(kept)).unwrap_or_default() {
                mailbox.send(Action::Status(note));
            }
            if !mailbox.send(Action::LoadFinished) {
                return;
            }
            build_index(index.sources(sources), &mailbox);
        })
        .expect("spawning the loader thread");
}

/// Builds the index, sending its progress (at most a hundred steps) and
/// then the index, or why there is none.
fn build_index(builder: IndexBuilder, mailbox: &Mailbox) {
    let mut shown = None;
    let result = builder.build(&mut |p: Progress| {
        let percent = (p.total > 0).then(|| p.done * 100 / p.total);
        if shown != Some((p.stage, percent)) {
            shown = Some((p.stage, percent));
            mailbox.send(Action::Indexing {
                done: p.done,
                total: p.total,
            });
        }
    });
    let ready = match result {
        Ok(built) => {
            if let Some(warning) = built.warnings.first() {
                mailbox.send(Action::Status(warning.clone()));
            }
            Ok(Arc::new(built.index) as Arc<dyn FullText>)
        }
        Err(e) => Err(e.to_string()),
    };
    mailbox.send(Action::IndexReady(ready));
}

/// What a sync started from the reader needs.
#[derive(Clone)]
pub struct SyncSetup {
    pub library: PathBuf,
    /// What the reader shows, to find the files the sync wrote.
    pub paths: Vec<PathBuf>,
    pub index: IndexBuilder,
}

/// Syncs the library on a thread of its own: progress as
/// [`Action::Syncing`], the files each source wrote as [`Action::Refreshed`]
/// as soon as that source is done, then [`Action::SyncFinished`] and, when
/// anything changed, a fresh search index.
pub fn spawn_sync(setup: SyncSetup, mailbox: Mailbox) {
    std::thread::Builder::new()
        .name("folio-sync".into())
        .spawn(move || {
            // A bug in fetching ends this sync with a message, never the
            // reader's ability to sync again.
            let reply = mailbox.clone();
            let run = std::panic::AssertUnwindSafe(move || sync(setup, mailbox));
            if let Err(why) = crate::guard::quietly(run) {
                reply.send(Action::SyncFinished {
                    summary: String::new(),
                    failures: vec![format!("the sync stopped on a bug in folio: {why}")],
                });
            }
        })
        .expect("spawning the sync thread");
}

fn sync(setup: SyncSetup, mailbox: Mailbox) {
    let started = SystemTime::now() - Duration::from_secs(1);
    let finish = |summary: String, failures: Vec<String>| {
        mailbox.send(Action::SyncFinished { summary, failures });
    };
    let library = match Library::open(&setup.library) {
        Ok(library) => library,
        Err(e) => return finish(String::new(), vec![format!("{e:#}")]),
    };
    let sources = match Sources::read(&library.sources_path()) {
        Ok(sources) => sources.list.len(),
        Err(e) => return finish(String::new(), vec![format!("{e:#}")]),
    };
    if sources == 0 {
        return finish(
            "no subscriptions yet: `folio add URL` adds one".into(),
            Vec::new(),
        );
    }
    let watch = Watch {
        mailbox: mailbox.clone(),
        paths: &setup.paths,
        started,
        sources,
        done: AtomicUsize::new(0),
        tallies: Mutex::new(Vec::new()),
        reloaded: Mutex::new(HashMap::new()),
    };
    let running = AtomicBool::new(true);
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            while running.load(Ordering::Relaxed) {
                watch.progress();
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        let stop = || running.store(false, Ordering::Relaxed);
        let _stop = crate::guard::OnDrop(stop);
        fetch::sync(&library, Limits::default(), &watch)
    });
    let outcomes = match result {
        Ok(outcomes) => outcomes,
        Err(e) => return finish(String::new(), vec![format!("{e:#}")]),
    };
    let (new, updated, withdrawn) = outcomes.iter().fold((0, 0, 0), |(n, u, w), o| {
        (n + o.new, u + o.updated, w + o.withdrawn)
    });
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.error.clone()).collect();
    let s = if outcomes.len() == 1 { "" } else { "s" };
    let withdrawn_note = match withdrawn {
        0 => String::new(),
        n => format!(", {n} withdrawn"),
    };
    finish(
        format!(
            "synced {} source{s}: {new} new, {updated} updated{withdrawn_note}",
            outcomes.len()
        ),
        failures,
    );
    if new + updated + withdrawn > 0 {
        if let Ok((sources, _)) = load::discover(&setup.paths) {
            build_index(setup.index.sources(sources), &mailbox);
        }
    }
}

/// Hears about the sources of a sync from the fetching threads.
struct Watch<'a> {
    mailbox: Mailbox,
    paths: &'a [PathBuf],
    /// Files modified since then were written by this sync.
    started: SystemTime,
    sources: usize,
    done: AtomicUsize,
    tallies: Mutex<Vec<Arc<Tally>>>,
    /// Files already read again, with the modification time read.
    reloaded: Mutex<HashMap<PathBuf, SystemTime>>,
}

impl Watch<'_> {
    fn progress(&self) {
        let items = lock(&self.tallies)
            .iter()
            .map(|t| t.items.load(Ordering::Relaxed))
            .sum();
        self.mailbox.send(Action::Syncing {
            done: self.done.load(Ordering::Relaxed),
            sources: self.sources,
            items,
        });
    }

    /// Reads again every file of the shown paths written since the sync
    /// started and not read since it last changed.
    fn reload(&self) {
        let Ok((sources, _)) = load::discover(self.paths) else {
            return;
        };
        let mut reloaded = lock(&self.reloaded);
        let changed: Vec<Source> = sources
            .into_iter()
            .filter(|s| {
                let Ok(modified) = std::fs::metadata(&s.path).and_then(|m| m.modified()) else {
                    return false;
                };
                modified >= self.started
                    && reloaded.insert(s.path.clone(), modified) != Some(modified)
            })
            .collect();
        drop(reloaded);
        if !changed.is_empty() {
            let results = changed.par_iter().map(load::load_source).collect();
            self.mailbox.send(Action::Refreshed(results));
        }
    }
}

impl fetch::Watch for Watch<'_> {
    fn started(&self, _: &str, tally: &Arc<Tally>) {
        lock(&self.tallies).push(Arc::clone(tally));
    }

    fn finished(&self, _: &fetch::Outcome) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.reload();
        self.progress();
    }
}

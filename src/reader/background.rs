//! The reader's background threads: loading the corpus a chunk at a time,
//! then building the search index, and the reading-state thread. Each
//! reports to the loop as [`Action`]s through a [`Mailbox`]; none touches
//! the screen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use rayon::prelude::*;

use super::Wake;
use crate::app::Action;
use crate::app::filter::FullText;
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
/// Stops as soon as the reader no longer listens.
pub fn spawn_loader(sources: Vec<Source>, index: IndexBuilder, mailbox: Mailbox) {
    std::thread::Builder::new()
        .name("folio-loader".into())
        .spawn(move || {
            let mut start = 0;
            let mut chunk = 8;
            while start < sources.len() {
                let end = (start + chunk).min(sources.len());
                let results: Vec<_> = sources[start..end]
                    .par_iter()
                    .map(load::load_source)
                    .collect();
                if !mailbox.send(Action::Loaded(results)) {
                    return;
                }
                start = end;
                chunk = (chunk * 2).min(256);
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

//! `R`: syncing the library from inside the reader. The fetching runs in
//! the background (the reader carries out [`Effect::Sync`]); here the
//! state follows it: progress for the status bar, files written by the
//! sync read again and merged into the list without losing the selection,
//! the scroll or the marks, and each failed source as a problem for `!`.

use super::effect::Effect;
use super::state::{Message, State};
use super::{marks, search};
use crate::load::FileReport;
use crate::model::Entry;

/// Starts a sync, unless one is running or the reader shows other files.
pub fn start(s: &mut State) -> Option<Effect> {
    let (text, effect) = if !s.library {
        (
            "R syncs the library, and this reader shows other files (`folio add URL` fills the library)",
            None,
        )
    } else if s.syncing.is_some() {
        ("a sync is already running", None)
    } else {
        s.syncing = Some((0, 0, 0));
        ("syncing…", Some(Effect::Sync))
    };
    s.message = Some(Message {
        text: text.into(),
        error: false,
    });
    effect
}

/// Files the sync wrote, read again: entries of files already shown are
/// replaced in place, new ones join the list.
pub fn refreshed(s: &mut State, results: Vec<(Vec<Entry>, FileReport)>) {
    let keep = s.selected_entry();
    s.corpus.refresh(results);
    s.renders.clear();
    s.preview = None;
    marks::sync(s);
    search::refresh_rows(s, keep);
}

/// The sync ended: its summary, or how many sources failed (listed by `!`).
pub fn finished(s: &mut State, summary: String, failures: Vec<String>) {
    s.syncing = None;
    let failed = failures.len();
    for f in failures {
        if !s.problems.contains(&f) {
            s.problems.push(f);
        }
    }
    s.message = Some(if failed == 0 {
        Message {
            text: summary,
            error: false,
        }
    } else {
        let sources = if failed == 1 { "source" } else { "sources" };
        Message {
            text: format!("{failed} {sources} could not be fetched: press ! to see why"),
            error: true,
        }
    });
}

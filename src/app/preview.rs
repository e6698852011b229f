//! The preview: while the list has the focus, the body pane shows the
//! selected entry, from its top, without marking it read (only opening it
//! does, as mail readers do).
//!
//! Rendering an entry can take longer than a key press may (a long body,
//! or one read from its file), so the state only says what it wants:
//! [`refresh`] (run after every action) takes the rendering from the
//! cache when it is there, else marks the preview [`Shown::Wanted`], and
//! `update` turns that into an [`Effect::Render`](super::Effect::Render)
//! ([`take_job`]). The reader hands the job to a thread of its own
//! (`crate::reader::renderer`), whose result comes back as
//! [`Action::Rendered`](super::Action::Rendered) and goes through
//! [`rendered`]. Moving on before a result arrives just asks again: a
//! late result only fills the cache.

use std::sync::Arc;

use super::effect::Effect;
use super::state::{Focus, State};
use crate::model::{Body, Entry};
use crate::render::{Rendered, render};

/// The entry previewed and how far its rendering has got.
#[derive(Clone, Debug)]
pub struct Preview {
    /// Index into `corpus.entries`.
    pub entry: usize,
    pub id: String,
    pub width: u16,
    pub shown: Shown,
}

#[derive(Clone, Debug)]
pub enum Shown {
    /// Not rendered yet, and not asked for.
    Wanted,
    /// Asked for: the pane shows the title until the result comes.
    Waiting,
    Ready(Arc<Rendered>),
    /// The body could not be read: why.
    Failed(String),
}

/// What to render, for the thread that does it.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub entry: usize,
    /// The entry as listed: its body may still be in its file.
    pub listed: Entry,
    pub width: u16,
    /// The render cache's generation when asked (see [`rendered`]).
    pub generation: u64,
}

/// A finished [`Job`].
#[derive(Clone, Debug)]
pub struct Done {
    pub entry: usize,
    pub id: String,
    pub width: u16,
    pub generation: u64,
    pub result: Result<Arc<Rendered>, String>,
}

/// The entry the body pane previews now, if any: the selected one, while
/// the list has the focus, the pane is on screen and another entry (or
/// none) is open.
pub fn previewed(s: &State) -> Option<usize> {
    if s.focus != Focus::List || s.areas().body.width == 0 {
        return None;
    }
    let entry = s.selected_entry()?;
    match &s.reading {
        Some(r) if r.entry == entry => None,
        _ => Some(entry),
    }
}

/// Brings the preview up to date with the selection and the width.
pub fn refresh(s: &mut State) {
    let Some(entry) = previewed(s) else {
        return;
    };
    let width = s.body_width();
    let id = &s.corpus.entries[entry].id;
    let same = s
        .preview
        .as_ref()
        .is_some_and(|p| p.entry == entry && p.width == width && p.id == *id);
    if same {
        return;
    }
    let shown = match s.renders.peek(id, width) {
        Some(rendered) => Shown::Ready(rendered),
        None => Shown::Wanted,
    };
    s.preview = Some(Preview {
        entry,
        id: id.clone(),
        width,
        shown,
    });
}

/// The rendering the preview waits for, once, while it is on screen: the
/// preview is then [`Shown::Waiting`].
pub(super) fn take_job(s: &mut State) -> Option<Job> {
    let previewed = previewed(s);
    let p = s.preview.as_mut()?;
    if !matches!(p.shown, Shown::Wanted) || previewed != Some(p.entry) {
        return None;
    }
    p.shown = Shown::Waiting;
    Some(Job {
        entry: p.entry,
        listed: s.corpus.entries[p.entry].clone(),
        width: p.width,
        generation: s.renders.generation(),
    })
}

/// A rendering came back: into the cache (unless the entries were read
/// again since it was asked for), and into the preview if it still waits
/// for it.
pub fn rendered(s: &mut State, done: Done) {
    let stale = done.generation != s.renders.generation();
    let waiting = s
        .preview
        .as_mut()
        .filter(|p| p.entry == done.entry && p.id == done.id && p.width == done.width);
    if let Some(p) = waiting {
        p.shown = match &done.result {
            // Asked for before the entries changed: ask again.
            _ if stale => Shown::Wanted,
            Ok(r) => Shown::Ready(Arc::clone(r)),
            Err(why) => Shown::Failed(crate::safe::one_line(why).into_owned()),
        };
    }
    match done.result {
        Ok(r) if !stale => s.renders.insert(&done.id, done.width, r),
        _ => {}
    }
}

/// The renderings `effect` asks for (for a caller that renders them
/// itself, such as a benchmark or a test).
pub fn jobs(effect: Option<Effect>) -> Vec<Job> {
    match effect {
        Some(Effect::Render(job)) => vec![*job],
        Some(Effect::Many(effects)) => effects.into_iter().flat_map(|e| jobs(Some(e))).collect(),
        _ => Vec::new(),
    }
}

/// Renders a job where it runs, reading the body from its file when the
/// listing left it there (`read`).
pub fn run(job: Job, read: impl FnOnce(&Entry) -> Result<Entry, String>) -> Done {
    let result = match &job.listed.body {
        Body::Unloaded { .. } => read(&job.listed).map(|full| render(&full, job.width)),
        _ => Ok(render(&job.listed, job.width)),
    }
    .map(Arc::new);
    Done {
        entry: job.entry,
        id: job.listed.id,
        width: job.width,
        generation: job.generation,
        result,
    }
}

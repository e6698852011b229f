//! The interactive reader: the one place where the terminal, the app
//! state, background loading and side effects meet.
//!
//! The loop draws when something changed, waits briefly for a terminal
//! event, turns it into an action, applies it with `app::update`, and
//! carries out the effect it returns. Loading runs on a background thread
//! and sends entries as they are read, so the first frame never waits for
//! the corpus; the same thread then builds (or brings up to date) the
//! search index and hands it over, while titles are filtered fuzzily in
//! the meantime. The reading state is read and written by its own thread
//! (`store::Session`): marks reach it as `Effect::Save` and the loop hands
//! them over without waiting. SIGTERM, SIGHUP and SIGINT end the loop like
//! `q` (the place is remembered), so the terminal is restored whatever
//! stops folio.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event;
use rayon::prelude::*;

use crate::app::filter::FullText;
use crate::app::marks::Marks;
use crate::app::settings::Settings;
use crate::app::state::Indexing;
use crate::app::{self, Action, Effect, State, input};
use crate::corpus::Corpus;
use crate::load::{self, FileReport, Source};
use crate::open::Browser;
use crate::search::{IndexBuilder, Progress};
use crate::store::{self, Session};
use crate::tui::{self, Tui};
use crate::ui::{self, Theme};

/// How long the reader polls often for the stored state once loading is
/// over (reading 100,000 marks takes some 40 ms; a locked file, up to the
/// store's two-second busy timeout).
const STATE_PATIENCE: Duration = Duration::from_secs(5);

/// What the reader needs to start.
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Where the search index persists (`None`: in memory for this run).
    pub cache_dir: Option<PathBuf>,
    pub mouse: bool,
    pub browser: Browser,
    pub theme: Theme,
    /// Keys, list order and width, date format.
    pub settings: Settings,
    /// The reading-state file; `None` remembers nothing.
    pub state: Option<PathBuf>,
    /// Problems to announce at start (the configuration's).
    pub problems: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            cache_dir: None,
            mouse: true,
            browser: Browser::from_env(false),
            theme: Theme::from_env(),
            settings: Settings::default(),
            state: None,
            problems: Vec::new(),
        }
    }
}

/// Runs the reader until the user quits.
pub fn run(opts: Options) -> Result<()> {
    // Paths are checked before the screen changes, so a typo is an
    // ordinary error message.
    let (sources, walk_diagnostics) = if opts.paths.is_empty() {
        (load::sample(), Vec::new())
    } else {
        load::discover(&opts.paths)?
    };
    let (tx, rx) = mpsc::channel();
    let session = opts.state.clone().map(|path| start_state(path, tx.clone()));
    let index = IndexBuilder::new(opts.paths.clone()).cache_dir(opts.cache_dir.clone());
    spawn_loader(sources, index, tx);

    let term = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&term))
            .context("installing a signal handler")?;
    }

    let mut tui = Tui::enter(opts.mouse).context("setting up the terminal")?;
    let size = tui.terminal.size()?;
    let mut state = State::new(Corpus::default(), size.width, size.height);
    let corpus_key = session
        .as_ref()
        .map(|_| store::key::corpus_key(&opts.paths));
    state.configure(opts.settings.clone(), Marks::new(corpus_key));
    state.message = crate::config::summary(&opts.problems)
        .map(|text| app::state::Message { text, error: true });
    state.problems = opts.problems.clone();
    state.loading = true;
    state.corpus.add(
        walk_diagnostics
            .into_iter()
            .map(|d| {
                let report = FileReport {
                    path: d.path.clone(),
                    format: None,
                    entries: 0,
                    diagnostics: vec![d],
                };
                (Vec::new(), report)
            })
            .collect(),
    );

    let effects = Effects {
        browser: &opts.browser,
        session,
    };
    let started = Instant::now();
    let mut dirty = true;
    while !state.quit && !term.load(Ordering::Relaxed) {
        if dirty {
            tui.terminal.draw(|f| ui::draw(f, &state, &opts.theme))?;
            dirty = false;
        }
        // Background results are seen when the wait for a key ends. The
        // stored state may come after a small corpus has loaded: it is
        // looked for often until it comes (or clearly will not). While
        // the index builds, its progress and readiness are looked for too.
        let indexing = matches!(
            state.indexing,
            Indexing::Waiting | Indexing::Building { .. }
        );
        let wait = if state.loading || indexing {
            30
        } else if state.marks.awaiting_snapshot() && started.elapsed() < STATE_PATIENCE {
            5
        } else {
            250
        };
        if event::poll(Duration::from_millis(wait))? {
            let ev = event::read()?;
            if let Some(action) = input::action_for(&ev, &state) {
                let effect = app::update(&mut state, action);
                if let Some(effect) = effect {
                    effects.carry_out(effect, &mut tui, &mut state)?;
                }
                dirty = true;
            }
        }
        let mut wanted = Vec::new();
        dirty |= receive(&rx, &mut state, &mut wanted);
        for effect in wanted {
            effects.carry_out(effect, &mut tui, &mut state)?;
        }
    }
    if !state.quit {
        // A signal: remember the place as `q` would.
        if let Some(effect) = app::update(&mut state, Action::ForceQuit) {
            effects.carry_out(effect, &mut tui, &mut state)?;
        }
    }
    drop(tui);
    if let Some(message) = effects.session.and_then(Session::finish) {
        eprintln!("folio: {}", crate::safe::one_line(&message));
    }
    Ok(())
}

/// Starts the state thread, which reports to the reader as actions.
fn start_state(path: PathBuf, tx: mpsc::Sender<Action>) -> Session {
    Session::start(path, move |event| {
        let _ = tx.send(match event {
            store::Event::Loaded(snapshot) => Action::StateLoaded(snapshot),
            store::Event::Unavailable(why) => Action::StateUnavailable(why),
        });
    })
}

/// Applies what the background threads sent, collecting the effects it
/// asks for; whether anything changed.
fn receive(rx: &mpsc::Receiver<Action>, state: &mut State, effects: &mut Vec<Effect>) -> bool {
    let mut loaded = Vec::new();
    let mut changed = false;
    while let Ok(action) = rx.try_recv() {
        match action {
            Action::Loaded(results) => loaded.extend(results),
            other => {
                if !loaded.is_empty() {
                    effects.extend(app::update(
                        state,
                        Action::Loaded(std::mem::take(&mut loaded)),
                    ));
                }
                effects.extend(app::update(state, other));
            }
        }
        changed = true;
    }
    if !loaded.is_empty() {
        effects.extend(app::update(state, Action::Loaded(loaded)));
    }
    changed
}

/// Reads the sources in order, a chunk at a time (each chunk in
/// parallel), sending each chunk's entries as soon as it is read; then
/// builds the search index of the same sources (so ids agree) and sends it.
fn spawn_loader(sources: Vec<Source>, index: IndexBuilder, tx: mpsc::Sender<Action>) {
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
                if tx.send(Action::Loaded(results)).is_err() {
                    return;
                }
                start = end;
                chunk = (chunk * 2).min(256);
            }
            if tx.send(Action::LoadFinished).is_err() {
                return;
            }
            build_index(index.sources(sources), &tx);
        })
        .expect("spawning the loader thread");
}

/// Builds the index, sending its progress (at most a hundred steps) and
/// then the index, or why there is none.
fn build_index(builder: IndexBuilder, tx: &mpsc::Sender<Action>) {
    let mut shown = None;
    let result = builder.build(&mut |p: Progress| {
        let percent = (p.total > 0).then(|| p.done * 100 / p.total);
        if shown != Some((p.stage, percent)) {
            shown = Some((p.stage, percent));
            let _ = tx.send(Action::Indexing {
                done: p.done,
                total: p.total,
            });
        }
    });
    let ready = match result {
        Ok(built) => {
            if let Some(warning) = built.warnings.first() {
                let _ = tx.send(Action::Status(warning.clone()));
            }
            Ok(Arc::new(built.index) as Arc<dyn FullText>)
        }
        Err(e) => Err(e.to_string()),
    };
    let _ = tx.send(Action::IndexReady(ready));
}

/// Where effects go: the browser and the state thread. The one place
/// the reader acts on the world.
struct Effects<'a> {
    browser: &'a Browser,
    session: Option<Session>,
}

impl Effects<'_> {
    /// Carries out one effect; failures become a status message.
    fn carry_out(&self, effect: Effect, tui: &mut Tui, state: &mut State) -> Result<()> {
        let browser = self.browser;
        let result = match effect {
            Effect::OpenUrl(url) if browser.foreground() => tui.suspend(|| browser.open(&url))?,
            Effect::OpenUrl(url) => browser.open(&url),
            Effect::Copy(text) => {
                tui::copy_osc52(&text).map_err(|e| format!("could not copy: {e}"))
            }
            // Handed to the state thread: the frame never waits for the disk.
            Effect::Save(changes) => {
                if let Some(session) = &self.session {
                    session.save(changes);
                }
                Ok(())
            }
            Effect::Many(effects) => {
                for effect in effects {
                    self.carry_out(effect, tui, state)?;
                }
                Ok(())
            }
        };
        if let Err(message) = result {
            app::update(state, Action::Status(message));
        }
        Ok(())
    }
}

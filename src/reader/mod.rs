//! The interactive reader: the one place where the terminal, the app
//! state, background loading and side effects meet.
//!
//! The loop waits for the next [`Wake`]: a terminal event (read on the
//! terminal's own thread, see [`crate::tui`]), a result from a background
//! thread ([`background`]: loading, the search index, the reading state;
//! [`renderer`]: the preview) or a signal. It turns each into an action, applies it with
//! `app::update`, carries out the effect it returns, and draws when
//! something changed. The first frame never waits for the corpus: entries
//! arrive as they are read. Marks reach the state thread as `Effect::Save`
//! without waiting for the disk, and previews to render reach the
//! renderer thread as `Effect::Render`.
//!
//! Nothing outside can leave folio running without its terminal: a
//! hang-up (SIGHUP, or the terminal at end of file or failing), SIGTERM
//! and SIGINT end the loop at once, wherever loading or indexing are; the
//! place is remembered as `q` would, pending marks are written (folio exits
//! within [`STOP_WITHIN`] written or not; after `q` a signal cuts the wait
//! short the same way), and [`Ended`] gives the exit status (128 + the
//! signal; 129 for a hang-up). SIGINT is ignored while a text browser has
//! the terminal, as `system(3)` does: Ctrl-C there is the browser's.

mod background;
pub mod renderer;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::app::marks::Marks;
use crate::app::settings::Settings;
use crate::app::{self, Action, Effect, State, input};
use crate::catalogue::Bodies;
use crate::corpus::Corpus;
use crate::load;
use crate::open::Browser;
use crate::search::IndexBuilder;
use crate::store::{self, Session};
use crate::tui::{self, Input, Tui};
use crate::ui::{self, Theme};
use background::{Mailbox, SyncSetup};
use renderer::Renderer;

/// How soon a reader stopped by a signal or a lost terminal exits, the
/// reading state written or not.
pub const STOP_WITHIN: Duration = Duration::from_millis(900);

/// How often the loop makes sure the terminal is still there.
const HANG_UP_CHECK: Duration = Duration::from_millis(200);

/// The signals that end the reader as `q` does.
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

/// What the loop waits for.
pub enum Wake {
    /// From the terminal's input thread.
    Input(Input),
    /// From a background thread.
    Background(Action),
    /// A signal in [`STOP_SIGNALS`].
    Signal(i32),
}

/// How the reader ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// The terminal went away.
    HangUp,
    /// A signal asked folio to stop.
    Signal(i32),
}

impl Ended {
    /// The exit status, as shells report a process ended by the signal:
    /// 0 for quitting, 129 (SIGHUP) for a lost terminal, 128 + N for signal N.
    pub fn status(self) -> u8 {
        match self {
            Ended::Quit => 0,
            Ended::HangUp => 128 + signal_hook::consts::SIGHUP as u8,
            Ended::Signal(n) => 128u8.saturating_add(u8::try_from(n).unwrap_or(0)),
        }
    }
}

/// Why the loop stopped before the user quit.
enum Stop {
    Ended(Ended),
    Failed(anyhow::Error),
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        if tui::is_hang_up(&e) {
            Stop::Ended(Ended::HangUp)
        } else {
            Stop::Failed(e.into())
        }
    }
}

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
    /// The library folder, when the reader shows it (`R` syncs it).
    pub library: Option<PathBuf>,
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
            library: None,
        }
    }
}

/// Runs the reader until the user quits, a signal arrives or the terminal
/// is gone.
pub fn run(opts: Options) -> Result<Ended> {
    // Paths are checked before the screen changes, so a typo is an
    // ordinary error message.
    let (sources, walk_diagnostics) = if opts.paths.is_empty() {
        (load::sample(), Vec::new())
    } else {
        load::discover(&opts.paths)?
    };
    let (tx, rx) = mpsc::channel();
    let mailbox = Mailbox(tx.clone());
    let foreground = Arc::new(AtomicBool::new(false));
    let signals = forward_signals(tx.clone(), Arc::clone(&foreground))?;
    let session = opts
        .state
        .clone()
        .map(|path| background::start_state(path, mailbox.clone()));
    let index = IndexBuilder::new(opts.paths.clone()).cache_dir(opts.cache_dir.clone());
    let sync = opts.library.clone().map(|library| SyncSetup {
        library,
        paths: opts.paths.clone(),
        index: index.clone(),
    });
    // With a cache folder, through the catalogue: bodies stay in their
    // files, read when an entry is opened.
    let catalogue = opts.cache_dir.clone().map(|c| (opts.paths.clone(), c));
    let bodies = catalogue
        .is_some()
        .then(|| Arc::new(Bodies::new(sources.clone())));
    let renders = mailbox.clone();
    let renderer = Renderer::spawn(bodies.clone(), move |done| renders.send(done))
        .context("starting the preview's thread")?;
    background::spawn_loader(sources, catalogue, index, mailbox.clone());

    let input = tx;
    let mut tui = Tui::enter(opts.mouse, move |i| input.send(Wake::Input(i)).is_ok())
        .context("setting up the terminal")?;
    let size = tui.terminal.size()?;
    let mut state = State::new(Corpus::default(), size.width, size.height);
    let corpus_key = session
        .as_ref()
        .map(|_| store::key::corpus_key(&opts.paths));
    state.configure(opts.settings.clone(), Marks::new(corpus_key));
    state.hyperlinks &= tui::hyperlinks_understood(std::env::var("TERM").ok().as_deref());
    state.message = crate::config::summary(&opts.problems)
        .map(|text| app::state::Message { text, error: true });
    state.problems = opts.problems.clone();
    state.loading = true;
    state.bodies = bodies;
    state.library = sync.is_some();
    load::add_walk_problems(&mut state.corpus, walk_diagnostics);

    let effects = Effects {
        browser: &opts.browser,
        session,
        foreground,
        sync: sync.map(|setup| (setup, mailbox)),
        renderer,
    };
    let stop = run_loop(&rx, &mut tui, &mut state, &opts.theme, &effects).err();
    let stopped = Instant::now();
    if !state.quit {
        // Stopped from outside: remember the place as `q` would.
        let _ = effects.apply(Action::ForceQuit, &mut tui, &mut state);
    }
    drop(tui);
    let patience = stop
        .is_some()
        .then(|| STOP_WITHIN.saturating_sub(stopped.elapsed()));
    let hurry = || rx.try_iter().any(|w| matches!(w, Wake::Signal(_)));
    let unsaved = effects.session.and_then(|s| s.finish(patience, &hurry));
    signals.close();
    if let Some(message) = unsaved {
        // The terminal may be gone: a message that cannot be written is lost.
        let _ = writeln!(
            std::io::stderr(),
            "folio: {}",
            crate::safe::one_line(&message)
        );
    }
    match stop {
        None => Ok(Ended::Quit),
        Some(Stop::Ended(ended)) => Ok(ended),
        Some(Stop::Failed(e)) => Err(e),
    }
}

/// Draws, waits, applies, until the user quits (`Ok`) or something from
/// outside stops the reader (`Err`).
fn run_loop(
    rx: &mpsc::Receiver<Wake>,
    tui: &mut Tui,
    state: &mut State,
    theme: &Theme,
    effects: &Effects,
) -> Result<(), Stop> {
    let mut dirty = true;
    let mut checked = Instant::now();
    while !state.quit {
        if dirty {
            tui.terminal.draw(|f| ui::draw(f, state, theme))?;
            dirty = false;
        }
        // The input thread reports a lost terminal; this is the backstop
        // for the one moment it cannot (see `tui::input`).
        if checked.elapsed() >= HANG_UP_CHECK {
            if tui.hung_up() {
                return Err(Stop::Ended(Ended::HangUp));
            }
            checked = Instant::now();
        }
        // Everything that is waiting is applied before the next frame:
        // a burst of keys, or of loaded chunks, costs one draw.
        let first = match rx.recv_timeout(HANG_UP_CHECK) {
            Ok(wake) => Some(wake),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        let mut loaded = Vec::new();
        for wake in first.into_iter().chain(rx.try_iter()) {
            let action = match wake {
                Wake::Background(Action::Loaded(results)) => {
                    loaded.extend(results);
                    continue;
                }
                Wake::Background(action) => Some(action),
                Wake::Input(Input::Event(ev)) => input::action_for(&ev, state),
                Wake::Input(Input::HangUp) => return Err(Stop::Ended(Ended::HangUp)),
                Wake::Input(Input::Failed(e)) => return Err(e.into()),
                Wake::Signal(n) => return Err(Stop::Ended(Ended::Signal(n))),
            };
            // Entries loaded so far come first, in the order they were sent.
            if !loaded.is_empty() {
                effects.apply(Action::Loaded(std::mem::take(&mut loaded)), tui, state)?;
                dirty = true;
            }
            if let Some(action) = action {
                effects.apply(action, tui, state)?;
                dirty = true;
            }
            if state.quit {
                // Nothing typed after `q` applies.
                return Ok(());
            }
        }
        if !loaded.is_empty() {
            effects.apply(Action::Loaded(loaded), tui, state)?;
            dirty = true;
        }
    }
    Ok(())
}

/// Forwards [`STOP_SIGNALS`] to the loop from a thread of its own, but
/// SIGINT while `foreground` (a program has the terminal).
fn forward_signals(
    tx: mpsc::Sender<Wake>,
    foreground: Arc<AtomicBool>,
) -> Result<signal_hook::iterator::Handle> {
    let mut signals =
        signal_hook::iterator::Signals::new(STOP_SIGNALS).context("installing a signal handler")?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("folio-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if signal == signal_hook::consts::SIGINT && foreground.load(Ordering::SeqCst) {
                    continue;
                }
                if tx.send(Wake::Signal(signal)).is_err() {
                    break;
                }
            }
        })
        .context("starting the signal thread")?;
    Ok(handle)
}

/// Where effects go: the browser, the state thread, the sync thread. The
/// one place the reader acts on the world.
struct Effects<'a> {
    browser: &'a Browser,
    session: Option<Session>,
    /// Set while a program (a text browser) has the terminal.
    foreground: Arc<AtomicBool>,
    /// How to sync the library, when the reader shows it.
    sync: Option<(SyncSetup, Mailbox)>,
    /// Renders the preview.
    renderer: Renderer,
}

impl Effects<'_> {
    /// Applies `action` and carries out what it asks for.
    fn apply(&self, action: Action, tui: &mut Tui, state: &mut State) -> Result<(), Stop> {
        if let Some(effect) = app::update(state, action) {
            self.carry_out(effect, tui, state)?;
        }
        Ok(())
    }

    /// Carries out one effect; failures become a status message.
    fn carry_out(
        &self,
        effect: Effect,
        tui: &mut Tui,
        state: &mut State,
    ) -> Result<(), std::io::Error> {
        let browser = self.browser;
        let result = match effect {
            Effect::OpenUrl(url) if browser.foreground() => {
                self.foreground.store(true, Ordering::SeqCst);
                let ran = tui.suspend(|| browser.open(&url));
                self.foreground.store(false, Ordering::SeqCst);
                ran?.unwrap_or_else(|| Err("the terminal is busy reading input; try again".into()))
            }
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
            Effect::Sync => {
                if let Some((setup, mailbox)) = &self.sync {
                    background::spawn_sync(setup.clone(), mailbox.clone());
                }
                Ok(())
            }
            Effect::Render(job) => {
                self.renderer.send(*job);
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

//! The terminal: entering and leaving the reader's screen, always
//! restoring it (on return, on error, on panic), reading its input on a
//! thread that notices when it is gone ([`input`]), and stepping out of it
//! while another program (a text browser) uses the terminal.

mod input;

pub use input::{Input, is_hang_up};

use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::Once;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Backend = CrosstermBackend<Stdout>;

/// The reader's terminal. Dropping it restores the terminal.
pub struct Tui {
    pub terminal: Terminal<Backend>,
    mouse: bool,
    input: input::InputThread,
    /// Whether standard error was the terminal too.
    stderr_is_terminal: bool,
}

impl Tui {
    /// Raw mode, alternate screen, hidden cursor, mouse reporting when
    /// asked; the terminal's input goes to `send` from a thread of its own
    /// (see [`input`]).
    pub fn enter(mouse: bool, send: impl Fn(Input) -> bool + Send + 'static) -> io::Result<Tui> {
        install_panic_hook();
        let input = input::InputThread::start(send)?;
        enable_raw_mode()?;
        // From here on, a failure restores the terminal (`Tui`'s drop, or
        // by hand before there is one).
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| {
            let _ = restore();
        })?;
        let mut tui = Tui {
            terminal,
            mouse,
            input,
            stderr_is_terminal: io::stderr().is_terminal(),
        };
        tui.start()?;
        Ok(tui)
    }

    /// Enters the reader's screen. A new `Terminal` has empty buffers, so
    /// the next draw paints every cell (`Terminal::clear` would do the
    /// same but asks the terminal where its cursor is, which not every
    /// terminal answers).
    fn start(&mut self) -> io::Result<()> {
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            cursor::Hide,
            Clear(ClearType::All)
        )?;
        if self.mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        self.terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(())
    }

    /// Hands the terminal to `run` (a program in the foreground) and takes
    /// it back afterwards, redrawing from scratch.
    /// `None`, without running it, when the terminal could not be handed
    /// over (the input thread is in the middle of reading it).
    pub fn suspend<R>(&mut self, run: impl FnOnce() -> R) -> io::Result<Option<R>> {
        if !self.input.pause() {
            self.input.resume();
            return Ok(None);
        }
        restore()?;
        let result = run();
        enable_raw_mode()?;
        self.start()?;
        self.input.resume();
        Ok(Some(result))
    }
}

impl Tui {
    /// Whether the terminal is gone (see [`input`]), asked without waiting.
    pub fn hung_up(&self) -> bool {
        self.input.hung_up()
    }

    /// The terminal is gone: standard output (and standard error, when it
    /// was the terminal) now go to `/dev/null`, so that nothing written
    /// afterwards fails or, through `eprintln!` (ratatui's own, on
    /// dropping a terminal whose cursor it cannot show), panics.
    fn lost(&mut self) {
        let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else {
            return;
        };
        let _ = rustix::stdio::dup2_stdout(&null);
        if self.stderr_is_terminal {
            let _ = rustix::stdio::dup2_stderr(&null);
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // Showing the cursor through ratatui keeps its `Terminal` from
        // trying again, and printing that it failed, when dropped.
        if self.terminal.show_cursor().is_err() {
            self.lost();
        }
        let _ = restore();
    }
}

/// Puts the terminal back: raw mode off, mouse reporting off, main
/// screen, cursor shown. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let mut out = io::stdout();
    let raw = disable_raw_mode();
    execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show)?;
    out.flush()?;
    raw
}

/// Restores the terminal before a panic message is printed, so it is
/// readable and the shell is usable. A panic caught on purpose (a parser
/// failing on a hostile file, see `crate::guard`) leaves the screen alone.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !crate::guard::is_quiet() {
                let _ = restore();
            }
            previous(info);
        }));
    });
}

/// Whether a terminal of type `term` (`$TERM`) may be sent OSC 8
/// hyperlinks: any but the Linux console and dumb terminals, which may
/// show the sequence as text. Terminals that do not know OSC 8 ignore it.
pub fn hyperlinks_understood(term: Option<&str>) -> bool {
    !matches!(term, Some("linux" | "dumb"))
}

/// Writes an OSC 52 sequence asking the terminal to put `text` on the
/// clipboard. The text is a URL folio chose to copy, never document bytes
/// sent as-is: it is base64-encoded, so it cannot end the sequence.
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

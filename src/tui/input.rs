//! Terminal input on a thread of its own, and noticing when the terminal
//! is gone.
//!
//! The reader's loop never blocks on the terminal: this thread reads its
//! events (with crossterm) and hands each over, so a signal or a result
//! from a background thread always reaches the loop, and a terminal that
//! went away (a closed window, a dropped SSH connection, a killed tmux)
//! is reported once as [`Input::HangUp`].
//!
//! Why the thread asks poll(2) itself before crossterm reads: a hung-up
//! terminal is always "readable", and crossterm's default (mio) source
//! then loops forever reading it at end of file, while its poll(2) source
//! (the `use-dev-tty` feature, used here) returns read errors and loops
//! at most as long as it is asked to wait. So the thread waits in poll(2)
//! on the terminal and a wake-up pipe, takes POLLHUP, POLLERR or POLLNVAL
//! as the end, and asks crossterm for events (waiting at most
//! [`CROSSTERM_WAIT`]) only when poll(2) said there are bytes to read.
//! [`InputThread::hung_up`] is a second way to notice the end, for the
//! reader's loop to ask while this thread is inside crossterm.
//!
//! While another program has the terminal (a text browser), the thread is
//! paused, so it never takes that program's keys; when the reader ends it
//! stops.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event};
use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    /// A key, mouse or resize event.
    Event(Event),
    /// The terminal is gone (hang-up, end of file, or an I/O error on it).
    HangUp,
    /// Reading the terminal failed otherwise.
    Failed(io::Error),
}

/// A running input thread.
pub struct InputThread {
    pause: Arc<(Mutex<Pause>, Condvar)>,
    wake: UnixStream,
    /// The terminal, to ask whether it is gone.
    tty: Arc<Tty>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pause {
    Running,
    Requested,
    Paused,
    /// Asked to end, or ended.
    Gone,
}

/// What poll(2) says of a terminal that is gone.
const ENDED: PollFlags = PollFlags::HUP.union(PollFlags::ERR).union(PollFlags::NVAL);

/// How long [`InputThread::pause`] waits for the thread to stop reading.
const PAUSE_PATIENCE: Duration = Duration::from_secs(1);

/// How long crossterm may wait for the rest of what poll(2) announced.
const CROSSTERM_WAIT: Duration = Duration::from_millis(20);

impl InputThread {
    /// Starts reading the terminal (standard input when it is one, else
    /// `/dev/tty`). `send` gets each [`Input`] and says whether anyone
    /// still listens; the thread ends when no one does, or after a
    /// hang-up or failure.
    pub fn start(send: impl Fn(Input) -> bool + Send + 'static) -> io::Result<InputThread> {
        let tty = Arc::new(Tty::open()?);
        let reading = Arc::clone(&tty);
        let (wake_rx, wake) = UnixStream::pair()?;
        wake_rx.set_nonblocking(true)?;
        wake.set_nonblocking(true)?;
        // A resize wakes the thread, so crossterm reports it at once.
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, wake.try_clone()?)?;
        let pause = Arc::new((Mutex::new(Pause::Running), Condvar::new()));
        let shared = Arc::clone(&pause);
        std::thread::Builder::new()
            .name("folio-input".into())
            .spawn(move || read_loop(&reading, &wake_rx, &shared, &send))?;
        Ok(InputThread { pause, wake, tty })
    }

    /// Whether the terminal is gone, asked without waiting.
    pub fn hung_up(&self) -> bool {
        let tty = self.tty.fd();
        let mut fds = [PollFd::new(&tty, PollFlags::empty())];
        matches!(poll(&mut fds, Some(&Timespec::default())), Ok(n) if n > 0)
            && fds[0].revents().intersects(ENDED)
    }

    /// Stops reading until [`InputThread::resume`]. Whether the thread is
    /// no longer reading the terminal (it paused or ended); `false` when it
    /// did not answer within a second (it is inside crossterm, waiting for
    /// the rest of an escape sequence), and another program must not be
    /// given the terminal.
    pub fn pause(&self) -> bool {
        let (lock, changed) = &*self.pause;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        if *state == Pause::Gone {
            return true;
        }
        *state = Pause::Requested;
        let _ = (&self.wake).write(&[1]);
        let (state, _) = changed
            .wait_timeout_while(state, PAUSE_PATIENCE, |s| *s == Pause::Requested)
            .unwrap_or_else(|e| e.into_inner());
        *state != Pause::Requested
    }

    /// Reads again after [`InputThread::pause`].
    pub fn resume(&self) {
        self.set(Pause::Running);
    }

    fn set(&self, to: Pause) {
        let (lock, changed) = &*self.pause;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        if *state != Pause::Gone {
            *state = to;
        }
        changed.notify_all();
    }
}

impl Drop for InputThread {
    /// Stops the thread, so nothing typed at the shell afterwards is taken.
    fn drop(&mut self) {
        self.set(Pause::Gone);
        let _ = (&self.wake).write(&[1]);
    }
}

fn read_loop(
    tty: &Tty,
    wake: &UnixStream,
    pause: &(Mutex<Pause>, Condvar),
    send: &dyn Fn(Input) -> bool,
) {
    read_events(tty, wake, pause, send);
    let (lock, changed) = pause;
    *lock.lock().unwrap_or_else(|e| e.into_inner()) = Pause::Gone;
    changed.notify_all();
}

fn read_events(
    tty: &Tty,
    wake: &UnixStream,
    pause: &(Mutex<Pause>, Condvar),
    send: &dyn Fn(Input) -> bool,
) {
    let tty = tty.fd();
    // The size last reported: a wake-up (SIGWINCH among them) reports a
    // new one itself, as crossterm may not have seen the signal yet.
    let mut size = crossterm::terminal::size().ok();
    loop {
        if !wait_while_paused(pause) {
            return;
        }
        let mut fds = [
            PollFd::new(&tty, PollFlags::IN),
            PollFd::new(wake, PollFlags::IN),
        ];
        match poll(&mut fds, None) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => {
                send(Input::Failed(e.into()));
                return;
            }
        }
        if fds[0].revents().intersects(ENDED) {
            send(Input::HangUp);
            return;
        }
        if fds[1].revents().contains(PollFlags::IN) {
            drain(wake);
            // A pause or the end may have been asked for: before reading.
            if !wait_while_paused(pause) {
                return;
            }
            let now = crossterm::terminal::size().ok();
            if let Some((w, h)) = now.filter(|_| now != size) {
                size = now;
                if !send(Input::Event(Event::Resize(w, h))) {
                    return;
                }
            }
        }
        if !fds[0].revents().contains(PollFlags::IN) {
            continue;
        }
        // Everything crossterm reads of what poll(2) announced.
        loop {
            let next = match event::poll(CROSSTERM_WAIT) {
                Ok(true) => event::read().map(Some),
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            let input = match next {
                Ok(Some(Event::Resize(w, h))) if size == Some((w, h)) => continue,
                Ok(Some(Event::Resize(w, h))) => {
                    size = Some((w, h));
                    Input::Event(Event::Resize(w, h))
                }
                Ok(Some(ev)) => Input::Event(ev),
                Ok(None) => break,
                Err(e) if is_hang_up(&e) => Input::HangUp,
                Err(e) => Input::Failed(e),
            };
            let last = !matches!(input, Input::Event(_));
            if !send(input) || last {
                return;
            }
        }
    }
}

/// Waits while paused; `false` when the thread is to end.
fn wait_while_paused(pause: &(Mutex<Pause>, Condvar)) -> bool {
    let (lock, changed) = pause;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if *state == Pause::Requested {
        *state = Pause::Paused;
        changed.notify_all();
        while *state == Pause::Paused {
            state = changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
    *state != Pause::Gone
}

fn drain(mut wake: &UnixStream) {
    let mut buf = [0u8; 64];
    while matches!(wake.read(&mut buf), Ok(n) if n > 0) {}
}

/// Errors that mean the terminal is gone rather than broken.
pub fn is_hang_up(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof | io::ErrorKind::NotConnected
    ) || e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error())
        || e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error())
}

/// The terminal crossterm reads: standard input when it is one, else
/// `/dev/tty` (crossterm makes the same choice).
enum Tty {
    Stdin(io::Stdin),
    Dev(File),
}

impl Tty {
    fn open() -> io::Result<Tty> {
        if io::stdin().is_terminal() {
            Ok(Tty::Stdin(io::stdin()))
        } else {
            File::options()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .map(Tty::Dev)
        }
    }

    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Tty::Stdin(stdin) => stdin.as_fd(),
            Tty::Dev(f) => f.as_fd(),
        }
    }
}

//! Terminal input on a thread of its own, and noticing when the terminal
//! is gone.
//!
//! The reader's loop never blocks on the terminal: this thread reads its
//! events (with crossterm) and hands each over, so a signal or a result
//! from a background thread always reaches the loop, and a terminal that
//! went away (a closed window, a dropped SSH connection, a killed tmux)
//! is reported once as [`Input::HangUp`].
//!
//! Why the thread asks poll(2) itself before crossterm reads: crossterm's
//! event source loops forever when the terminal is at end of file or
//! fails (it reads again on `read() == 0` and on errors other than
//! "would block"), and a hung-up terminal is always "readable". So the
//! thread waits in poll(2) on the terminal and a wake-up pipe, takes
//! POLLHUP, POLLERR or POLLNVAL as the end, and asks crossterm for events
//! (without waiting) only when poll(2) said there are bytes to read. One
//! window is left: a terminal that dies between poll(2) and crossterm's
//! read. [`InputThread::hung_up`] closes it from the other side: the
//! reader's loop asks it at least once a second, so a stuck input thread
//! never keeps folio alive.
//!
//! While another program has the terminal (a text browser), the thread is
//! paused, so it never takes that program's keys.

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
}

/// What poll(2) says of a terminal that is gone.
const ENDED: PollFlags = PollFlags::HUP.union(PollFlags::ERR).union(PollFlags::NVAL);

/// How long [`InputThread::pause`] waits for the thread to stop reading.
const PAUSE_PATIENCE: Duration = Duration::from_secs(1);

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

    /// Stops reading until [`InputThread::resume`]: returns once the thread
    /// has stopped (or after a second, if it does not answer).
    pub fn pause(&self) {
        let (lock, changed) = &*self.pause;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        *state = Pause::Requested;
        let _ = (&self.wake).write(&[1]);
        let _ = changed.wait_timeout_while(state, PAUSE_PATIENCE, |s| *s == Pause::Requested);
    }

    /// Reads again after [`InputThread::pause`].
    pub fn resume(&self) {
        let (lock, changed) = &*self.pause;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = Pause::Running;
        changed.notify_all();
    }
}

fn read_loop(
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
        wait_while_paused(pause);
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
        let woken = fds[1].revents().contains(PollFlags::IN);
        if woken {
            drain(wake);
            let now = crossterm::terminal::size().ok();
            if let Some((w, h)) = now.filter(|_| now != size) {
                size = now;
                if !send(Input::Event(Event::Resize(w, h))) {
                    return;
                }
            }
        }
        if !woken && !fds[0].revents().contains(PollFlags::IN) {
            continue;
        }
        // Everything crossterm has ready (keys, mouse, a resize it saw).
        loop {
            let next = match event::poll(Duration::ZERO) {
                Ok(true) => event::read().map(Some),
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            let input = match next {
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

fn wait_while_paused(pause: &(Mutex<Pause>, Condvar)) {
    let (lock, changed) = pause;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if *state == Pause::Requested {
        *state = Pause::Paused;
        changed.notify_all();
        while *state == Pause::Paused {
            state = changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
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

//! Running the real `folio` binary in a pseudo-terminal and reading its
//! screen through a terminal emulator (vt100), for end-to-end tests.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rustix::event::{PollFd, PollFlags, poll};

/// How long to wait for the screen to show something before failing.
/// Generous: CI machines are slow; waiting is not a speed assertion.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Asks the thread reading the master side to stop.
    close: Arc<AtomicBool>,
    reading: Option<std::thread::JoinHandle<()>>,
    /// The master side, open until [`Pty::hang_up`].
    master: Arc<Mutex<Option<Box<dyn portable_pty::MasterPty + Send>>>>,
}

impl Pty {
    /// Starts `folio ARGS` in a `cols`×`rows` terminal, in `home` (used as
    /// HOME and for the XDG directories, so nothing of the user's leaks in).
    pub fn spawn(args: &[&str], env: &[(&str, &str)], home: &Path, cols: u16, rows: u16) -> Pty {
        Pty::start(args, env, home, (cols, rows), true)
    }

    /// [`Pty::spawn`], the terminal being folio's controlling terminal or
    /// not (when not, closing it sends no SIGHUP: folio sees only the end
    /// of its input).
    pub fn start(
        args: &[&str],
        env: &[(&str, &str)],
        home: &Path,
        (cols, rows): (u16, u16),
        controlling: bool,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_folio"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.set_controlling_tty(controlling);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        for dir in [
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_CACHE_HOME",
            "XDG_STATE_HOME",
        ] {
            cmd.env(dir, home.join(dir.to_lowercase()));
        }
        cmd.env_remove("BROWSER");
        cmd.env_remove("NO_COLOR");
        for var in NOT_INHERITED {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("start folio");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let sink = Arc::clone(&parser);
        let close = Arc::new(AtomicBool::new(false));
        let closing = Arc::clone(&close);
        let fd = pair.master.as_raw_fd().expect("the master's descriptor");
        let master = Arc::new(Mutex::new(Some(pair.master)));
        let reading = std::thread::spawn(move || {
            // SAFETY: the master stays open (in `Pty::master`) until this
            // thread has ended: `hang_up` joins it before closing it.
            let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
            let mut buf = [0u8; 8192];
            while !closing.load(Ordering::SeqCst) {
                let mut fds = [PollFd::new(&borrowed, PollFlags::IN)];
                let timeout = rustix::event::Timespec {
                    tv_sec: 0,
                    tv_nsec: 20_000_000,
                };
                match poll(&mut fds, Some(&timeout)) {
                    Ok(0) => continue,
                    Ok(_) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(_) => break,
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        Pty {
            parser,
            writer: Some(writer),
            child,
            close,
            reading: Some(reading),
            master,
        }
    }

    /// Resizes the terminal, as dragging a window's corner does.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        let master = self.master.lock().unwrap();
        master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Closes the master side of the terminal, as a closed window, a
    /// dropped SSH connection or `tmux kill-server` does.
    pub fn hang_up(&mut self) {
        self.writer.take();
        self.close.store(true, Ordering::SeqCst);
        if let Some(reading) = self.reading.take() {
            reading.join().unwrap();
        }
        self.master.lock().unwrap().take();
    }

    /// Sends `signal` (a name `kill -s` knows: TERM, HUP, INT) to folio.
    pub fn signal(&self, signal: &str) {
        let pid = self.child.process_id().expect("folio's pid");
        let ok = std::process::Command::new("kill")
            .args(["-s", signal, &pid.to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -s {signal} {pid}");
    }

    /// Kills folio with SIGKILL, as `kill -9` does; returns when it is gone.
    pub fn kill_9(&mut self) {
        self.signal("KILL");
        let _ = self.child.wait();
    }

    /// Waits at most `limit` for folio to exit: its exit code, or `None`
    /// (leaving it running) when it is still there.
    pub fn exit_within(&mut self, limit: Duration) -> Option<u32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.exit_code());
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The screen's text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until folio has left the alternate screen.
    pub fn expect_main_screen(&self) {
        let start = Instant::now();
        while self.alternate_screen() {
            if start.elapsed() > PATIENCE {
                panic!(
                    "folio did not leave the alternate screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`; fails with the screen if not.
    pub fn expect(&self, text: &str) {
        self.wait_for(|s| s.contains(text), &format!("screen to show {text:?}"));
    }

    pub fn expect_gone(&self, text: &str) {
        self.wait_for(
            |s| !s.contains(text),
            &format!("{text:?} to leave the screen"),
        );
    }

    pub fn wait_for(&self, ok: impl Fn(&str) -> bool, what: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited for {what}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types keys: text as is; use "\r" for Enter, "\x1b" for Esc,
    /// "\x7f" for Backspace.
    pub fn keys(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
        // Let folio read one burst before the next: Esc followed by a key
        // in one read is Alt+key, so a lone Esc gets longer (a loaded CI
        // machine can be slow to read).
        let pause = if keys == "\x1b" { 300 } else { 80 };
        std::thread::sleep(Duration::from_millis(pause));
    }

    /// Types keys without pausing between them (a burst, as fast as the
    /// terminal takes them).
    pub fn burst(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Waits for folio to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("folio did not exit; the screen is:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        self.close.store(true, Ordering::SeqCst);
    }
}

/// The test servers are on 127.0.0.1: no proxy, and no library of the user's.
const NOT_INHERITED: [&str; 7] = [
    "FOLIO_LIBRARY",
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
];

/// `folio` as a script runs it, with the same home (HOME and the XDG
/// folders) as the readers [`Pty::spawn`] starts there.
pub fn folio(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("folio").unwrap();
    cmd.env("HOME", home);
    for var in NOT_INHERITED {
        cmd.env_remove(var);
    }
    for dir in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"] {
        cmd.env(dir, home.join(dir.to_lowercase()));
    }
    cmd
}

/// `folio ARGS --library HOME/lib`, as a script runs it (given a minute).
pub fn fetch(home: &Path, args: &[&str]) -> std::process::Output {
    folio(home)
        .args(args)
        .arg("--library")
        .arg(home.join("lib"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

/// `folio ARGS --library HOME/lib` started in the background, with the
/// environment of [`folio`], its output discarded.
pub fn spawn_fetch(home: &Path, args: &[&str]) -> std::process::Child {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.env("HOME", home);
    for dir in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"] {
        cmd.env(dir, home.join(dir.to_lowercase()));
    }
    for var in NOT_INHERITED {
        cmd.env_remove(var);
    }
    cmd.args(args)
        .arg("--library")
        .arg(home.join("lib"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// `folio sync --library HOME/lib`, which must succeed and say `summary`.
pub fn synced(home: &Path, summary: &str) -> std::process::Output {
    let out = fetch(home, &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(summary), "{}", stdout(&out));
    out
}

/// A finished command's standard output, as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A finished command's standard error, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The titles of `folio list --json` output, in order.
pub fn json_titles(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["title"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Titles of the starred entries, as `folio list --starred ARGS` prints
/// them in `home`.
pub fn starred(home: &Path, args: &[&str]) -> Vec<String> {
    let out = folio(home)
        .args(["list", "--starred", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_titles(&out.stdout)
}

/// What SQLite's `PRAGMA integrity_check` says of a state file ("ok"),
/// read without writing it.
pub fn integrity(state: &Path) -> String {
    let db =
        rusqlite::Connection::open_with_flags(state, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    db.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
}

/// Makes `path` unwritable for the test: by permissions, or (when they do
/// not bind, as for root) by the immutable attribute, undone on drop.
/// `None` when neither works on this machine.
pub fn read_only(path: &Path) -> Option<ReadOnly> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).ok()?;
    if std::fs::OpenOptions::new().append(true).open(path).is_err() {
        return Some(ReadOnly(path.to_owned(), false));
    }
    let ok = std::process::Command::new("chattr")
        .arg("+i")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| ReadOnly(path.to_owned(), true))
}

pub struct ReadOnly(std::path::PathBuf, bool);

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
    }
}

/// Writes `files` WordPress REST documents of `per_file` posts each (about
/// 3 KB of HTML per post) into `dir`: a folder that takes the reader a
/// while to load and index. Post N's title is "Generated post N"; post 0
/// is the newest, so it heads the list from the first frame on.
pub fn generated_folder(dir: &Path, files: usize, per_file: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let paragraph = "<p>Workshops on norms, standards and the governance of networks \
                     gather people from law, engineering and policy; this one asks \
                     what a shared vocabulary would change.</p>"
        .repeat(16);
    for f in 0..files {
        let posts: Vec<String> = (0..per_file)
            .map(|i| {
                let n = f * per_file + i;
                let date = if n == 0 {
                    "2021-06-01".to_owned()
                } else {
                    format!("2020-01-{:02}", 1 + n % 28)
                };
                format!(
                    r#"{{"id":{n},"date":"{date}T10:00:00","link":"https://blog.example.org/?p={n}","title":{{"rendered":"Generated post {n}"}},"content":{{"rendered":"{paragraph}"}}}}"#,
                )
            })
            .collect();
        std::fs::write(
            dir.join(format!("posts-{f:05}.json")),
            format!("[{}]", posts.join(",")),
        )
        .unwrap();
    }
}

//! Running the real `folio` binary in a pseudo-terminal and reading its
//! screen through a terminal emulator (vt100), for end-to-end tests.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing.
/// Generous: CI machines are slow; waiting is not a speed assertion.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    /// Starts `folio ARGS` in a `cols`×`rows` terminal, in `home` (used as
    /// HOME and for the XDG directories, so nothing of the user's leaks in).
    pub fn spawn(args: &[&str], env: &[(&str, &str)], home: &Path, cols: u16, rows: u16) -> Pty {
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
        std::thread::spawn(move || {
            let _master = pair.master; // keep the pty open while reading
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            parser,
            writer,
            child,
        }
    }

    /// The screen's text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
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
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let folio read one burst before the next (Esc followed by a key
        // would read as Alt+key).
        std::thread::sleep(Duration::from_millis(80));
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
    }
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

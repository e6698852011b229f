//! Faults under folio's files (issue 10): the state file and the cache
//! folder on a full disk and on a read-only file system, and two readers
//! and a `folio search` sharing them while one reader is killed. Each
//! time: a clear one-line message, the reader keeps working, nothing
//! already stored is damaged or lost.
//!
//! The full and read-only disks are small tmpfs mounts the test makes
//! itself; where it may not mount (not root, no permission), those tests
//! say so and pass without checking anything.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Pty, folio, integrity, starred};

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `kib` KiB at `dir`; `None`, with a message, where
    /// this machine does not allow it.
    fn tmpfs(dir: &Path, kib: usize) -> Option<Mount> {
        std::fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Mount(dir.to_owned())),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    /// Fills the file system to the last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.write_all(&[0u8]);
        let _ = f.flush();
    }

    fn free(&self) {
        std::fs::remove_file(self.0.join("filler")).unwrap();
    }

    fn read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {} read-only", self.0.display());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn ready(pty: &Pty) {
    pty.expect(" unread");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
}

/// Opens the list filter on `query`, stars the first hit, waits for the
/// status bar to say `then`, clears the filter; the status bar then.
fn star(pty: &mut Pty, query: &str, then: &str) -> String {
    pty.keys("/");
    pty.keys(query);
    pty.keys("\r");
    pty.keys("*");
    pty.expect(then);
    let status = pty.screen().lines().last().unwrap_or_default().to_owned();
    pty.keys("\x1b");
    status
}

#[test]
fn a_full_disk_under_the_state_file_is_named_and_marks_wait_for_room() {
    let home = tempfile::tempdir().unwrap();
    let Some(disk) = Mount::tmpfs(&home.path().join("disk"), 2048) else {
        return;
    };
    let state = disk.0.join("state.db");
    let state_arg = format!("--state={}", state.display());
    let mut pty = Pty::spawn(&[&state_arg], &[], home.path(), 110, 32);
    ready(&pty);
    star(&mut pty, "toronto", "starred");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(starred(home.path(), &[&state_arg]).len(), 1);

    disk.fill();
    let mut pty = Pty::spawn(&[&state_arg], &[], home.path(), 110, 32);
    ready(&pty);
    let line = star(&mut pty, "promoting", "the disk is full");
    assert!(
        line.contains("state.db"),
        "the message names the file: {line}"
    );
    // the reader keeps working
    pty.keys("G");
    pty.keys("g");
    pty.keys("/field guide");
    pty.expect(" of 21 ");
    pty.keys("\x1b");
    // room again: the marks made meanwhile are written with the next one
    disk.free();
    star(&mut pty, "field guide", "starred");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(integrity(&state), "ok");
    let starred = starred(home.path(), &[&state_arg]);
    assert_eq!(starred.len(), 3, "{starred:?}");
}

#[test]
fn a_full_disk_under_the_cache_folder_leaves_search_working() {
    let home = tempfile::tempdir().unwrap();
    let Some(disk) = Mount::tmpfs(&home.path().join("disk"), 1024) else {
        return;
    };
    disk.fill();
    let cache = format!("--cache-dir={}", disk.0.join("cache").display());
    let out = folio(home.path())
        .args(["search", "norms", &cache])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!out.stdout.is_empty(), "hits are printed");
    let about: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("search index"))
        .collect();
    assert_eq!(about.len(), 1, "one line: {stderr}");
    assert!(
        about[0].contains("the disk is full") && about[0].contains("in memory"),
        "{stderr}"
    );

    let mut pty = Pty::spawn(&[&cache, "--no-state"], &[], home.path(), 110, 32);
    pty.expect(" unread");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
    pty.keys("/heartbleed");
    pty.expect("Promoting international");
    pty.keys("\x1b");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_read_only_file_system_keeps_what_is_stored() {
    let home = tempfile::tempdir().unwrap();
    let Some(disk) = Mount::tmpfs(&home.path().join("disk"), 8192) else {
        return;
    };
    let state = disk.0.join("state.db");
    let state_arg = format!("--state={}", state.display());
    let cache = format!("--cache-dir={}", disk.0.join("cache").display());
    let mut pty = Pty::spawn(&[&state_arg, &cache], &[], home.path(), 110, 32);
    ready(&pty);
    star(&mut pty, "toronto", "starred");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    let before = std::fs::read(&state).unwrap();

    disk.read_only();
    let mut pty = Pty::spawn(&[&state_arg, &cache], &[], home.path(), 110, 32);
    pty.expect("read-only");
    ready(&pty);
    // the stored star shows, and the reader works
    let screen = pty.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Toronto") && l.contains('*'))
            || {
                pty.keys("/toronto");
                pty.screen().contains('*')
            }
    );
    pty.keys("\x1b");
    pty.keys("j");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(
        std::fs::read(&state).unwrap(),
        before,
        "the file is untouched"
    );
    let out = folio(home.path())
        .args(["search", "toronto", &cache, &state_arg])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(starred(home.path(), &[&state_arg]).len(), 1);
}

#[test]
fn two_readers_and_a_search_share_the_files_and_a_kill_loses_nothing() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    support::generated_folder(&corpus, 300, 10);
    let corpus_arg = corpus.to_str().unwrap();
    let state = home.path().join("xdg_data_home/folio/state.db");
    let mut one = Pty::spawn(&[corpus_arg], &[], home.path(), 110, 32);
    let mut two = Pty::spawn(&[corpus_arg], &[], home.path(), 110, 32);
    one.expect("Generated post 0");
    two.expect("Generated post 0");
    // one stars the newest entry while both load and index
    one.keys("*");
    one.expect("starred");
    let search = folio(home.path())
        .args(["search", "Generated", corpus_arg, "--limit", "5"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        search.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    one.kill_9();
    // two opens an entry (marking it read) and quits
    two.keys("j");
    two.keys("\r");
    two.keys("q");
    two.keys("q");
    assert_eq!(two.wait_exit(), 0);
    assert_eq!(integrity(&state), "ok");
    let starred = starred(home.path(), &[corpus_arg]);
    assert_eq!(
        starred,
        ["Generated post 0"],
        "one's star survived its kill"
    );
    let unread = folio(home.path())
        .args(["list", "--unread", corpus_arg])
        .output()
        .unwrap();
    let all = folio(home.path())
        .args(["list", corpus_arg])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&unread.stdout).lines().count() + 1,
        String::from_utf8_lossy(&all.stdout).lines().count(),
        "two's read mark was saved"
    );
    // the shared index still answers, killed writer or not
    let again = folio(home.path())
        .args(["search", "Generated", corpus_arg, "--limit", "5", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout).lines().count(), 5);
}

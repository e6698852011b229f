//! The reading state survives `kill -9` (issue 10): a mark made more than
//! a second before folio is killed is in the state file afterwards, and a
//! kill at any moment (starting up, loading, between and during writes)
//! never leaves a file that SQLite's integrity check rejects or that folio
//! refuses to open.
//!
//! Each round starts the reader on one state file, opens an entry (which
//! marks it read), waits a second, then drives marks as fast as the
//! terminal takes keys and kills folio at a random moment of that burst;
//! some rounds kill it at a random moment of its start instead. After
//! each kill the file is checked and every entry read more than a second
//! before a kill must still be read.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use support::{Pty, folio, integrity, json_titles};

/// Each round costs about two seconds; CI's budget is shared with the
/// fetching tests. `FOLIO_CRASH_ROUNDS` asks for more on a longer run.
fn rounds() -> usize {
    std::env::var("FOLIO_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20)
}

/// A small deterministic generator (xorshift), seeded from the clock and
/// printed, so a failing run can be replayed with `FOLIO_CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The titles `folio list --unread` prints, checking that folio reads the
/// state file without a complaint.
fn unread(home: &Path, corpus: &Path) -> BTreeSet<String> {
    let out = folio(home)
        .args(["list", "--unread", "--json"])
        .arg(corpus)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "folio complains: {stderr}");
    json_titles(&out.stdout).into_iter().collect()
}

/// The title of the entry open in the body (the screen's top line).
fn open_title(screen: &str) -> Option<String> {
    let top = screen.lines().next()?;
    let at = top.find("Generated post ")?;
    let rest = &top[at..];
    let end = "Generated post ".len()
        + rest["Generated post ".len()..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - "Generated post ".len());
    Some(rest[..end].to_owned())
}

#[test]
fn marks_older_than_a_second_survive_kill_9_and_the_file_stays_sound() {
    let seed = std::env::var("FOLIO_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("FOLIO_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    support::generated_folder(&corpus, 8, 10);
    let state = home.path().join("xdg_data_home/folio/state.db");
    let corpus_arg = corpus.to_str().unwrap();
    let mut settled: BTreeSet<String> = BTreeSet::new();

    for round in 0..rounds() {
        let mut pty = Pty::spawn(&[corpus_arg], &[], home.path(), 110, 32);
        if round % 4 == 3 {
            // Killed while starting: opening the file, loading, indexing.
            std::thread::sleep(Duration::from_millis(rng.below(600)));
            pty.kill_9();
        } else {
            pty.expect(" unread");
            pty.expect_gone("loading");
            // A settled mark: open the entry `round` rows down (from the
            // list: the reader may reopen where the last round was left).
            pty.keys("h");
            pty.keys("g");
            for _ in 0..round % 40 {
                pty.keys("j");
            }
            pty.keys("\r");
            pty.wait_for(|s| open_title(s).is_some(), "an entry to open");
            let title = open_title(&pty.screen()).unwrap();
            pty.keys("h");
            std::thread::sleep(Duration::from_millis(1100));
            // Marks as fast as keys go: open entries from the bottom up,
            // star and unstar, and kill -9 somewhere in the burst.
            let burst = Duration::from_millis(50 + rng.below(400));
            let start = Instant::now();
            pty.burst("G");
            while start.elapsed() < burst {
                pty.burst("\rhk*");
                std::thread::sleep(Duration::from_millis(rng.below(5)));
            }
            pty.kill_9();
            settled.insert(title);
        }
        if state.exists() {
            assert_eq!(integrity(&state), "ok", "round {round} (seed {seed})");
        }
        let unread = unread(home.path(), &corpus);
        let lost: Vec<_> = settled.intersection(&unread).collect();
        assert!(
            lost.is_empty(),
            "round {round} (seed {seed}): read more than a second before a kill, unread now: {lost:?}"
        );
    }
    assert!(settled.len() > rounds() / 2);
}

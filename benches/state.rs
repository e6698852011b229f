//! What the reading state costs, side by side with `--no-state`, in one run
//! (issue 6: with 100,000 entries in the state database, start-up takes no
//! more than 10% longer than with `--no-state`, and marking an entry read
//! never delays the next frame).
//!
//! 1. **Start-up.** The real binary in a pseudo-terminal (as in
//!    `benches/first_frame.rs`) on a generated corpus, with a state file
//!    holding a mark for every entry of it (written beforehand through
//!    `store::Db::apply`, keyed with `store::key::entry_key` of the loaded
//!    entries, so the marks really apply: every other entry read, every
//!    tenth starred, every seventh with a scroll position), versus
//!    `--no-state`. Both runs get `--no-cache` (the search index is built
//!    in memory after loading, the same for both), their own empty HOME
//!    and XDG folders, and the state run a fresh copy of the state file.
//!    The same again on the bundled `sample-data` (a few entries, loaded
//!    at once) with a state file of 100,000 marks, nearly all of entries
//!    not in it: there the stored state arrives after loading is over.
//!    Timed: the first frame listing entries, and the frame where every
//!    entry is listed with the state applied (loading over, and the status
//!    bar's unread count equal to what the state file implies; with
//!    `--no-state`, to the number of entries). Medians of interleaved runs
//!    (the order alternates run by run).
//!
//! 2. **Marking read.** In process: a `State` with 100,000 entries, its
//!    marks loaded from a 100,000-entry state file by a real
//!    `store::Session`, and `r` (toggle read) pressed on entry after entry:
//!    `update`, then handing the `Effect::Save` to the state thread, then
//!    drawing the frame into a 200×60 `TestBackend`. The reader's own
//!    effect step (`carry_out` in `src/reader.rs`) is private; for a save
//!    it does nothing but call `Session::save`, which is what the bench
//!    calls. The state thread writes meanwhile, competing for the same
//!    cores. Compared with the same presses without a session
//!    (`--no-state`); between two timed `r` presses an untimed `j` moves
//!    to the next entry. Flat out (the state thread never idle: the worst
//!    case) and at 50 presses a second (a key-repeat pace), each on a
//!    fresh copy of the state file. p50, p99, max, and how many presses
//!    took longer than a 60 Hz frame.
//!
//! ```text
//! cargo run --release --example gen-corpus -- target/corpus-100k 100000
//! cargo bench --bench state -- target/corpus-100k
//! cargo bench --bench state -- --marking     # just the second part
//! ```

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use folio::app::marks::Marks;
use folio::app::settings::Settings;
use folio::app::{self, Action, Command, Effect, State};
use folio::corpus::Corpus;
use folio::model::{Body, Date, Entry};
use folio::store::{self, Change, Db, Scroll, Session, key};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const RUNS: usize = 9;
const ENTRIES: usize = 100_000;
/// `r` presses flat out, and at a key-repeat pace.
const PRESSES: usize = 2_000;
const PACED: usize = 500;
/// One frame at 60 Hz.
const FRAME_MS: f64 = 1000.0 / 60.0;
const ROWS: u16 = 40;
const COLS: u16 = 140;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/corpus-100k"));
    // `--startup` or `--marking` runs just that part.
    let only = |part: &str| {
        let flags: Vec<String> = std::env::args()
            .filter(|a| a == "--startup" || a == "--marking")
            .collect();
        flags.is_empty() || flags.iter().any(|a| a == part)
    };
    let work = tempfile::tempdir().unwrap();
    if only("--startup") {
        if !dir.is_dir() {
            eprintln!(
                "no corpus at {0}; make one with\n  cargo run --release --example gen-corpus -- {0} 100000",
                dir.display()
            );
            std::process::exit(2);
        }
        startup(&dir, work.path());
        println!();
        // The same 100,000 marks, with a corpus that loads at once.
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        startup(&sample, work.path());
        println!();
    }
    if only("--marking") {
        marking(work.path());
    }
}

// ---------------------------------------------------------------------
// 1. Start-up

fn startup(dir: &Path, work: &Path) {
    let t = Instant::now();
    let corpus = folio::load::load(&[dir.to_owned()]).unwrap();
    let loaded = t.elapsed();
    let pristine = work.join("pristine.db");
    let t = Instant::now();
    let (marked, expected_unread) = populate(&pristine, &corpus.entries);
    let written = t.elapsed();
    let total = corpus.len();
    drop(corpus);
    let size = std::fs::metadata(&pristine).map_or(0, |m| m.len());
    println!("corpus: {} ({total} entries)", dir.display());
    println!(
        "state file: {marked} entries marked ({expected_unread} of the corpus's unread), {:.1} MB \
         (loading the corpus to key it took {:.1} s, writing the file {:.2} s)",
        size as f64 / 1e6,
        loaded.as_secs_f64(),
        written.as_secs_f64()
    );

    let mut times: [(Vec<Duration>, Vec<Duration>); 2] = Default::default();
    for run in 0..RUNS {
        for k in 0..2 {
            // alternate which goes first
            let with_state = (run + k) % 2 == 1;
            let home = work.join(if with_state {
                "home-state"
            } else {
                "home-none"
            });
            let _ = std::fs::remove_dir_all(&home);
            std::fs::create_dir_all(&home).unwrap();
            let mut args: Vec<String> = vec!["--no-cache".into()];
            let expect = if with_state {
                let file = home.join("state.db");
                std::fs::copy(&pristine, &file).unwrap();
                args.push("--state".into());
                args.push(file.display().to_string());
                expected_unread
            } else {
                args.push("--no-state".into());
                total
            };
            args.push(dir.display().to_string());
            let (first, all) = reader_frames(&args, &home, expect);
            let slot = &mut times[usize::from(with_state)];
            slot.0.push(first);
            slot.1.push(all);
        }
    }
    let [(mut nf, mut na), (mut sf, mut sa)] = times;
    let (nfm, nam, sfm, sam) = (med(&mut nf), med(&mut na), med(&mut sf), med(&mut sa));
    println!("reader start-up, medians of {RUNS} interleaved runs each (--no-cache):");
    println!("                                --no-state     --state     ratio");
    println!(
        "first frame with entries:      {nfm:>8.1} ms {sfm:>8.1} ms {:>8.3}",
        sfm / nfm
    );
    println!(
        "every entry listed (+ state):  {nam:>8.1} ms {sam:>8.1} ms {:>8.3}   (target ≤ 1.10)",
        sam / nam
    );
    println!("  every run, sorted (ms):");
    for (label, v) in [
        ("first frame, --no-state", &nf),
        ("first frame, --state", &sf),
        ("listed, --no-state", &na),
        ("listed, --state", &sa),
    ] {
        let shown: Vec<String> = v.iter().map(|d| format!("{:.0}", ms(*d))).collect();
        println!("    {label:<24} {}", shown.join(" "));
    }
}

/// Writes a mark for every entry into a new state file at `path`: every
/// other entry read (the rest explicitly unread), every tenth starred,
/// every seventh with a scroll position; with fewer than 100,000 entries,
/// read marks of entries not in the corpus make up the number. Returns
/// how many keys it holds and how many of `entries` are then unread.
fn populate(path: &Path, entries: &[Entry]) -> (usize, usize) {
    let keys: Vec<String> = entries.iter().map(key::entry_key).collect();
    let mut read = std::collections::HashMap::new();
    let mut changes = vec![];
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for (i, k) in keys.iter().enumerate() {
        read.insert(k.as_str(), i % 2 == 0);
        if i % 10 == 0 {
            changes.push(Change::Star {
                key: k.clone(),
                starred: true,
            });
        }
        if i % 7 == 0 {
            changes.push(Change::Scroll {
                key: k.clone(),
                scroll: Scroll { line: 3, lines: 40 },
            });
        }
    }
    for (k, r) in &read {
        if *r { &mut yes } else { &mut no }.push((*k).to_owned());
    }
    // A smaller corpus: marks of other entries make up the 100,000.
    let mut pad = 0;
    while read.len() + pad < ENTRIES {
        yes.push(format!("elsewhere.example/read/{pad}"));
        pad += 1;
    }
    changes.push(Change::Read {
        keys: yes,
        read: true,
    });
    changes.push(Change::Read {
        keys: no,
        read: false,
    });
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    let mut db = Db::open(path).unwrap();
    db.apply(&changes).unwrap();
    let held = db.snapshot().unwrap().entries.len();
    assert_eq!(
        held,
        read.len() + pad,
        "the state file holds what was written"
    );
    drop(db);
    let unread = keys.iter().filter(|k| !read[k.as_str()]).count();
    (read.len() + pad, unread)
}

/// Starts the reader with `args` in a pty; the time until a frame lists
/// entries, and until loading is over with `unread` in the status bar.
fn reader_frames(args: &[String], home: &Path, unread: usize) -> (Duration, Duration) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_folio"));
    cmd.args(args);
    cmd.cwd(std::env::current_dir().unwrap());
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
    let t = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(ROWS).unwrap(),
        NonZeroU16::new(COLS).unwrap(),
        0,
    )));
    let sink = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let wanted = format!(" {unread} unread");
    let mut first = None;
    let all;
    loop {
        let screen = parser.lock().unwrap().screen().contents();
        let listed = screen.lines().nth(1).is_some_and(|l| l.contains("20"));
        if first.is_none() && listed {
            first = Some(t.elapsed());
        }
        let status = screen.lines().last().unwrap_or_default();
        if listed && !status.contains("loading") && status.contains(&wanted) {
            all = t.elapsed();
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(180),
            "the reader never showed{wanted} with loading over:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut w = pair.master.take_writer().unwrap();
    let _ = w.write_all(b"q");
    let _ = child.wait();
    (first.unwrap(), all)
}

// ---------------------------------------------------------------------
// 2. Marking read

fn marking(work: &Path) {
    let entries = entries();
    let pristine = work.join("marking.db");
    let (marked, _) = populate(&pristine, &entries);
    println!(
        "marking read: {ENTRIES} entries, {marked} of them in the state file; time of one `r` press \
         (update + hand-off to the state thread + draw 200×60)"
    );
    for (label, presses, pace) in [
        ("flat out", PRESSES, None),
        ("50 presses/s", PACED, Some(Duration::from_millis(20))),
    ] {
        for with_state in [false, true] {
            let file = with_state.then(|| {
                let file = work.join("marking-run.db");
                std::fs::copy(&pristine, &file).unwrap();
                file
            });
            let run = presses_timed(&entries, file, presses, pace);
            let mut times = run.times;
            times.sort();
            let pct = |p: f64| ms(times[((times.len() as f64 * p) as usize).min(times.len() - 1)]);
            let over = times.iter().filter(|t| ms(**t) > FRAME_MS).count();
            println!(
                "  {label:<13} {:<11} {presses} presses: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, \
                 {over} over a 60 Hz frame{}",
                if with_state { "--state" } else { "--no-state" },
                pct(0.5),
                pct(0.99),
                ms(*times.last().unwrap()),
                run.finish.map_or(String::new(), |f| format!(
                    " (state thread done writing {:.1} ms after the last press)",
                    ms(f)
                ))
            );
        }
    }
}

struct Presses {
    times: Vec<Duration>,
    /// How long `Session::finish` waited for the writes (with a session).
    finish: Option<Duration>,
}

/// Presses `r` then `j`, `presses` times, one `r` every `pace` (or as
/// fast as it goes); with a state file, through a real session on it.
fn presses_timed(
    entries: &[Entry],
    file: Option<PathBuf>,
    presses: usize,
    pace: Option<Duration>,
) -> Presses {
    let theme = folio::ui::Theme::default();
    let mut state = State::new(Corpus::new(entries.to_vec(), vec![]), 200, 60);
    let (tx, rx) = mpsc::channel();
    let session = file.clone().map(|path| {
        Session::start(path, move |e| {
            let _ = tx.send(e);
        })
    });
    state.configure(
        Settings::default(),
        Marks::new(session.as_ref().map(|_| "bench".to_owned())),
    );
    if session.is_some() {
        // as the reader does when the state thread reports
        match rx.recv_timeout(Duration::from_secs(60)).unwrap() {
            store::Event::Loaded(snapshot) => {
                app::update(&mut state, Action::StateLoaded(snapshot));
            }
            store::Event::Unavailable(why) => panic!("{why}"),
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    // the reader has drawn frames before the first key press
    terminal
        .draw(|f| folio::ui::draw(f, &state, &theme))
        .unwrap();
    let before = state.marks.unread();
    let first = state.selected_entry().unwrap();
    let (first_key, first_read) = (
        state.marks.key(first).to_owned(),
        state.marks.is_read(first),
    );
    let mut times = Vec::with_capacity(presses);
    let mut saved = 0;
    let start = Instant::now();
    for i in 0..presses {
        if let Some(pace) = pace {
            let due = start + pace * i as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        let t = Instant::now();
        let effect = app::update(&mut state, Action::Command(Command::ToggleRead));
        saved += hand_off(effect, session.as_ref());
        terminal
            .draw(|f| folio::ui::draw(f, &state, &theme))
            .unwrap();
        times.push(t.elapsed());
        let effect = app::update(&mut state, Action::Command(Command::Down));
        hand_off(effect, session.as_ref());
        terminal
            .draw(|f| folio::ui::draw(f, &state, &theme))
            .unwrap();
    }
    assert_ne!(state.marks.unread(), before, "the presses changed nothing");
    let with_state = session.is_some();
    assert_eq!(saved, if with_state { presses } else { 0 });
    let t = Instant::now();
    if let Some(message) = session.and_then(|s| s.finish(None, &|| false)) {
        panic!("{message}");
    }
    let finish = t.elapsed();
    if let Some(file) = file {
        // the first press really reached the file
        let stored = Db::open(&file).unwrap().snapshot().unwrap().entries;
        assert_eq!(stored.get(&first_key).map(|s| s.read), Some(!first_read));
    }
    Presses {
        times,
        finish: with_state.then_some(finish),
    }
}

/// What `carry_out` in `src/reader.rs` does with the reading state: a
/// save goes to the state thread (`Session::save`, which returns at
/// once). Returns how many changes were handed over.
fn hand_off(effect: Option<Effect>, session: Option<&Session>) -> usize {
    match effect {
        Some(Effect::Save(changes)) => {
            let n = changes.len();
            if let Some(s) = session {
                s.save(changes);
            }
            n
        }
        Some(Effect::Many(effects)) => effects
            .into_iter()
            .map(|e| hand_off(Some(e), session))
            .sum(),
        _ => 0,
    }
}

/// 100,000 small entries with URLs, as in `benches/reader.rs`.
fn entries() -> Vec<Entry> {
    let para = "<p>Norms for state behaviour in cyberspace were discussed at length, with \
                <a href=\"https://example.org/ref\">a reference</a> and <em>emphasis</em>.</p>\n";
    (0..ENTRIES)
        .map(|i| Entry {
            id: format!("e{i}"),
            title: format!("Entry number {i} about norms and workshops"),
            date: chrono::NaiveDate::from_ymd_opt(
                2000 + (i % 26) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            )
            .map(Date::Day),
            site: Some("Synthetic".into()),
            body: Body::Html(para.to_owned()),
            url: Some(format!("https://example.org/{i}/")),
            ..Entry::default()
        })
        .collect()
}

fn med(v: &mut [Duration]) -> f64 {
    v.sort();
    ms(v[v.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

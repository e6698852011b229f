//! Time to the reader's first frame versus `folio list` on the same
//! corpus, side by side in one run (medians of several runs). The target:
//! the first frame comes no later than `folio list` finishes. Also prints
//! when the whole corpus is in the list, to show the reader is usable
//! while loading continues.
//!
//! ```text
//! cargo run --release --example gen-corpus -- target/corpus-10k 10000
//! cargo bench --bench first_frame -- target/corpus-10k
//! ```

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 5;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/corpus-10k"));
    if !dir.is_dir() {
        eprintln!(
            "no corpus at {0}; make one with\n  cargo run --release --example gen-corpus -- {0} 10000",
            dir.display()
        );
        std::process::exit(2);
    }
    let bin = env!("CARGO_BIN_EXE_folio");
    let mut list = Vec::new();
    let mut first = Vec::new();
    let mut full = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let status = Command::new(bin)
            .arg("list")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        list.push(t.elapsed());
        let (f, all) = reader_frames(bin, &dir);
        first.push(f);
        full.push(all);
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    println!("corpus: {}", dir.display());
    println!(
        "folio list (whole run):            {:>8.1} ms",
        med(&mut list)
    );
    println!(
        "reader: first frame with entries:  {:>8.1} ms",
        med(&mut first)
    );
    println!(
        "reader: every entry listed:        {:>8.1} ms",
        med(&mut full)
    );
}

/// Starts the reader in a pty; the time until a frame lists entries, and
/// until loading is finished ("loading" gone from the screen).
fn reader_frames(bin: &str, dir: &PathBuf) -> (Duration, Duration) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 140,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let home = std::env::temp_dir().join("folio-bench-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = CommandBuilder::new(bin);
    cmd.arg(dir);
    cmd.cwd(std::env::current_dir().unwrap());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", &home);
    cmd.env("XDG_CACHE_HOME", home.join("cache"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    let t = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(40).unwrap(),
        NonZeroU16::new(140).unwrap(),
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
    let mut first = None;
    let all;
    loop {
        let screen = parser.lock().unwrap().screen().contents();
        let listed = screen.lines().nth(1).is_some_and(|l| l.contains("20"));
        if first.is_none() && listed {
            first = Some(t.elapsed());
        }
        if listed && !screen.contains("loading") {
            all = t.elapsed();
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "the reader never finished loading"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut w = pair.master.take_writer().unwrap();
    let _ = w.write_all(b"q");
    let _ = child.wait();
    (first.unwrap(), all)
}

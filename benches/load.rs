//! Load benchmark: loading a corpus with folio versus merely parsing the
//! same bytes single-threaded (serde_json::Value for JSON, quick-xml events
//! for XML). Prints both medians and their ratio; the target is ≤ 1.5.
//!
//! ```text
//! cargo run --release --example gen-corpus -- target/corpus-10k 10000
//! cargo bench --bench load -- target/corpus-10k
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

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
    let files = files_under(&dir);
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    println!(
        "corpus: {} files, {:.1} MB, {} threads available",
        files.len(),
        total as f64 / 1e6,
        rayon::current_num_threads()
    );

    let parse = median(|| {
        for b in &bytes {
            baseline_parse(b);
        }
    });
    let mut entries = 0;
    let load = median(|| {
        let corpus = folio::load::load(std::slice::from_ref(&dir)).unwrap();
        entries = corpus.len();
    });
    println!(
        "baseline parse (1 thread, bytes in memory): {:>8.1} ms",
        ms(parse)
    );
    println!(
        "folio load ({entries} entries, from files):     {:>8.1} ms",
        ms(load)
    );
    println!(
        "ratio load/parse: {:.2} (target ≤ 1.50)",
        load.as_secs_f64() / parse.as_secs_f64()
    );
}

fn baseline_parse(bytes: &[u8]) {
    let head = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(head, Some(b'{' | b'[')) {
        let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        std::hint::black_box(v);
    } else {
        let mut reader = quick_xml::Reader::from_reader(bytes);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                Ok(e) => {
                    std::hint::black_box(&e);
                }
            }
            buf.clear();
        }
    }
}

fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm-up: page cache, allocator
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

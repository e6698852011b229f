//! Search benchmark, in process: loading versus building the index (in
//! memory and persisted), a warm start with a persisted index, and query
//! latency over a fixed set of 50 queries. `benches/search.sh` runs it on
//! generated corpora together with the command-line comparisons.
//!
//! ```text
//! cargo run --release --example gen-corpus -- target/corpus-10k 10000
//! cargo bench --bench search -- target/corpus-10k
//! ```
//!
//! Targets (issue 4): query p95 ≤ 30 ms at 100,000 entries; a warm start
//! with a persisted index ≤ the first run's load time + 10%; a cold index
//! build on 10,000 entries ≤ 3× the load time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use folio::corpus::Corpus;
use folio::search::{self, Fuzzy, IndexBuilder, SearchIndex};

/// The fixed query set: common and rare words, phrases, prefixes, field
/// filters, dates, exclusions, and a few malformed ones that fall back.
const QUERIES: [&str; 50] = [
    "norms",
    "cyber security",
    "\"critical infrastructure\"",
    "heliotrope",
    "qz4242x",
    "infra*",
    "govern*",
    "author:\"Chen Wei\"",
    "author:durand norms",
    "site:normslab workshop",
    "kind:post",
    "kind:feed-item encryption",
    "after:2020-01-01",
    "before:2012 privacy",
    "after:2015 before:2016 consensus",
    "tag:privacy",
    "tag:\"incident response\" threat",
    "norms -attacks",
    "\"united nations\" experts",
    "confidence building measures",
    "\"confidence building measures\"",
    "multistakeholder process",
    "vulnerability disclosure",
    "open source software",
    "title:dialogue",
    "title:norm*",
    "resilience stability trust",
    "the",
    "a",
    "state",
    "states",
    "responsible behaviour",
    "regional cooperation",
    "transparency accountability framework",
    "research -paper",
    "evidence analysis practice",
    "draft proposal",
    "meeting agenda outcome",
    "challenge risk threat",
    "data protection",
    "global internet freedom",
    "technical community",
    "private sector civil society",
    "international law",
    "government report",
    "qz1x",
    "p*",
    "zzzzzz",
    "foo:bar norms",
    "\"unbalanced quote norms",
];

/// Rounds of the interleaved build measurements (load, builds and starts
/// take turns, so that other work on the machine weighs on all of them).
const ROUNDS: usize = 5;

struct Options {
    dir: PathBuf,
    /// Keep the persisted index here (reused across runs) instead of a
    /// temporary folder.
    cache: Option<PathBuf>,
    queries_only: bool,
    per_query: bool,
    /// Run only this query, many times (for a profiler).
    only: Option<String>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        dir: PathBuf::from("target/corpus-10k"),
        cache: None,
        queries_only: false,
        per_query: false,
        only: None,
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cache" => o.cache = args.next().map(PathBuf::from),
            "--queries-only" => o.queries_only = true,
            "--per-query" => o.per_query = true,
            "--only" => o.only = args.next(),
            "--bench" => {}
            _ if !a.starts_with("--") => o.dir = PathBuf::from(a),
            _ => {}
        }
    }
    o
}

fn main() {
    let o = options();
    if !o.dir.is_dir() {
        eprintln!(
            "no corpus at {0}; make one with\n  cargo run --release --example gen-corpus -- {0} 10000",
            o.dir.display()
        );
        std::process::exit(2);
    }
    let paths = vec![o.dir.clone()];
    let temp = tempfile::tempdir().expect("a temporary folder");
    let cache = o.cache.clone().unwrap_or_else(|| temp.path().to_path_buf());

    if !o.queries_only {
        builds(&paths, &cache);
    }
    let (warm_open, index) = median_of(ROUNDS, || built(&paths, &cache));
    println!(
        "warm open of the persisted index (stat files, no parsing): {}",
        ms(warm_open.0)
    );
    if let Some(q) = &o.only {
        let query = search::parse(q).expect("query parses");
        let (t, _) = median_of(200, || index.search(&query, 20).expect("search"));
        println!("{q}: median {} over 200 runs", ms(t.0));
        return;
    }
    queries(&index, o.per_query);
    let corpus = folio::load::load(&paths).expect("corpus loads");
    fuzzy(&corpus);
}

/// Load, index builds and starts, interleaved; medians of wall and CPU time.
fn builds(paths: &[PathBuf], cache: &Path) {
    // The reader's first start: load, then index the loaded corpus to disk
    // (once: it leaves the warm index the other measurements use).
    let (reader_cold, _) = timed(|| reader_start(paths, cache));
    let mut load = Vec::new();
    let mut memory = Vec::new();
    let mut first_run = Vec::new();
    let mut warm_start = Vec::new();
    let mut entries = 0;
    for _ in 0..ROUNDS {
        let (t, corpus) = timed(|| folio::load::load(paths).expect("corpus loads"));
        load.push(t);
        entries = corpus.len();
        memory.push(
            timed(|| {
                SearchIndex::from_entries(&corpus.entries, &mut |_| {}).expect("index builds")
            })
            .0,
        );
        drop(corpus);
        let fresh = tempfile::tempdir().expect("a temporary folder");
        let (t, index) = timed(|| built(paths, fresh.path()));
        first_run.push(t);
        drop((index, fresh));
        let (t, started) = timed(|| reader_start(paths, cache));
        warm_start.push(t);
        drop(started);
    }
    let (load, memory, first_run, warm_start) = (
        median(load),
        median(memory),
        median(first_run),
        median(warm_start),
    );
    println!("corpus: {entries} entries under {}", paths[0].display());
    println!("medians of {ROUNDS} interleaved rounds (wall, CPU of all threads):");
    println!(
        "  load (folio::load::load):                       {}",
        wall_cpu(load)
    );
    println!(
        "  index build in memory from the loaded corpus:   {}  ({:.2}x load wall, {:.2}x CPU; target ≤ 3x)",
        wall_cpu(memory),
        ratio(memory.0, load.0),
        ratio(memory.1, load.1)
    );
    println!(
        "  first run, persisted (read files, index, commit): {}  ({:.2}x load wall)",
        wall_cpu(first_run),
        ratio(first_run.0, load.0)
    );
    println!(
        "  reader first start (load + index to disk, once): {}  ({:.2}x load wall)",
        wall_cpu(reader_cold),
        ratio(reader_cold.0, load.0)
    );
    println!(
        "  reader warm start (load + open persisted index): {}  ({:+.1}% wall over load; target ≤ +10%)",
        wall_cpu(warm_start),
        (ratio(warm_start.0, load.0) - 1.0) * 100.0
    );
}

/// Builds against `cache` from the files, asserting it was persisted.
fn built(paths: &[PathBuf], cache: &Path) -> SearchIndex {
    let built = IndexBuilder::new(paths.to_vec())
        .cache_dir(Some(cache.to_path_buf()))
        .build(&mut |_| {})
        .expect("index builds");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    built.index
}

/// What the reader does at start: discover, load, then hand the sources
/// and the corpus to the index builder (here on the same thread). The
/// corpus is returned so that dropping it is not timed (loads are not
/// timed with it either).
fn reader_start(paths: &[PathBuf], cache: &Path) -> (SearchIndex, Arc<Corpus>) {
    let started = SystemTime::now();
    let (sources, _) = folio::load::discover(paths).expect("corpus found");
    let corpus = Arc::new(folio::load::load_sources(&sources));
    let built = IndexBuilder::new(paths.to_vec())
        .cache_dir(Some(cache.to_path_buf()))
        .sources(sources)
        .corpus(Arc::clone(&corpus), started)
        .build(&mut |_| {})
        .expect("index builds");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    (built.index, corpus)
}

fn queries(index: &SearchIndex, per_query: bool) {
    let parsed: Vec<search::Query> = QUERIES
        .iter()
        .map(|q| search::parse(q).expect("query parses"))
        .collect();
    // Warm up (page cache, lazily opened files).
    for q in &parsed {
        index.search(q, 20).expect("search");
    }
    let mut samples: Vec<(Duration, usize)> = Vec::new();
    let mut hits = 0;
    for _ in 0..10 {
        for (i, q) in parsed.iter().enumerate() {
            let start = Instant::now();
            hits += index.search(q, 20).expect("search").len();
            samples.push((start.elapsed(), i));
        }
    }
    if per_query {
        for (i, q) in QUERIES.iter().enumerate() {
            let mut mine: Vec<Duration> =
                samples.iter().filter(|s| s.1 == i).map(|s| s.0).collect();
            mine.sort();
            println!("  {:>8}  {q}", ms(mine[mine.len() / 2]));
        }
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    let (worst, worst_q) = samples[samples.len() - 1];
    println!(
        "queries ({} runs of {} queries, top 20 with snippets): p50 {}  p95 {}  max {} ({:?})  [{} hits]",
        samples.len() / QUERIES.len(),
        QUERIES.len(),
        ms(at(0.50).0),
        ms(at(0.95).0),
        ms(worst),
        QUERIES[worst_q],
        hits / 10
    );
}

fn fuzzy(corpus: &folio::corpus::Corpus) {
    let titles: Vec<&str> = corpus.entries.iter().map(|e| e.title.as_str()).collect();
    let mut f = Fuzzy::new();
    for pattern in ["n", "norms", "crit infra"] {
        let (rank, n) = median_of(ROUNDS, || f.rank(&titles, pattern).len());
        let (filter, _) = median_of(ROUNDS, || f.filter(&titles, pattern).len());
        println!(
            "fuzzy titles {pattern:?}: {n} of {} match; rank {}  filter (with positions) {}",
            titles.len(),
            ms(rank.0),
            ms(filter.0)
        );
    }
}

/// Wall-clock and CPU time (all threads) of `f`, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> ((Duration, Duration), T) {
    let cpu = cpu_time();
    let start = Instant::now();
    let out = f();
    ((start.elapsed(), cpu_time().saturating_sub(cpu)), out)
}

/// The median of `runs` runs of `f`, and the last result.
fn median_of<T>(runs: usize, mut f: impl FnMut() -> T) -> ((Duration, Duration), T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let (t, out) = timed(&mut f);
        times.push(t);
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

/// Medians of wall and CPU times, each on its own.
fn median(mut times: Vec<(Duration, Duration)>) -> (Duration, Duration) {
    times.sort_by_key(|t| t.0);
    let wall = times[times.len() / 2].0;
    times.sort_by_key(|t| t.1);
    (wall, times[times.len() / 2].1)
}

/// CPU time of this process (user + system, all threads), from
/// /proc/self/stat; zero where there is none.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which is in parentheses).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime: fields 14 and 15 of the line, 11 and 12 after the name.
    let hz = 100; // USER_HZ on Linux
    Duration::from_millis((ticks(11) + ticks(12)) * 1000 / hz)
}

fn wall_cpu(t: (Duration, Duration)) -> String {
    format!("{:>9} wall {:>9} CPU", ms(t.0), ms(t.1))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

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
    let paths = vec![dir.clone()];
    let cache = tempfile::tempdir().expect("a temporary folder");

    let (load, corpus) = median_of(RUNS, || folio::load::load(&paths).expect("corpus loads"));
    println!(
        "corpus: {} entries from {} files under {}",
        corpus.len(),
        corpus.files.len(),
        dir.display()
    );
    println!("load (folio::load::load):                     {}", ms(load));

    let (memory, _) = median_of(3, || {
        SearchIndex::from_entries(&corpus.entries, &mut |_| {}).expect("index builds")
    });
    println!(
        "index build in memory from the loaded corpus:  {}  ({:.2}x load; target ≤ 3x)",
        ms(memory),
        ratio(memory, load)
    );

    let (first_run, _) = median_of(3, || {
        let fresh = tempfile::tempdir().expect("a temporary folder");
        built(&paths, fresh.path())
    });
    println!(
        "first run, persisted (read files + index + commit): {}  ({:.2}x load)",
        ms(first_run),
        ratio(first_run, load)
    );

    // The reader's first start: load, then index the loaded corpus to disk.
    let corpus = Arc::new(corpus);
    let (reader_cold, _) = median_of(1, || reader_start(&paths, cache.path()));
    println!(
        "reader first start (load + index to disk):   {}  ({:.2}x load)",
        ms(reader_cold),
        ratio(reader_cold, load)
    );

    let (warm_open, index) = median_of(RUNS, || built(&paths, cache.path()));
    println!(
        "warm open of the persisted index (stat files, no parsing): {}",
        ms(warm_open)
    );
    let (warm_start, _) = median_of(RUNS, || reader_start(&paths, cache.path()));
    println!(
        "reader warm start (load + open persisted index): {}  ({:.1}% over load; target ≤ +10%)",
        ms(warm_start),
        (ratio(warm_start, load) - 1.0) * 100.0
    );

    queries(&index);
    fuzzy(&corpus);
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
/// and the corpus to the index builder (here on the same thread).
fn reader_start(paths: &[PathBuf], cache: &Path) -> SearchIndex {
    let started = SystemTime::now();
    let (sources, _) = folio::load::discover(paths).expect("corpus found");
    let corpus = Arc::new(folio::load::load_sources(&sources));
    let built = IndexBuilder::new(paths.to_vec())
        .cache_dir(Some(cache.to_path_buf()))
        .sources(sources)
        .corpus(corpus, started)
        .build(&mut |_| {})
        .expect("index builds");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    built.index
}

fn queries(index: &SearchIndex) {
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
        let (rank, n) = median_of(RUNS, || f.rank(&titles, pattern).len());
        let (filter, _) = median_of(RUNS, || f.filter(&titles, pattern).len());
        println!(
            "fuzzy titles {pattern:?}: {n} of {} match; rank {}  filter (with positions) {}",
            titles.len(),
            ms(rank),
            ms(filter)
        );
    }
}

/// The median time of `runs` runs, and the last result.
fn median_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[times.len() / 2], last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

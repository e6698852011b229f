//! Fetching a whole WordPress archive, side by side with curl, in one run.
//!
//! A local site of 5,000 posts (50 pages of 100), served on 127.0.0.1 with
//! 20 ms of added latency per request (the same server the tests use).
//! Measured, medians of several runs:
//! - `folio add` of the whole site (type list, 50 pages with `_embed`,
//!   5,000 files written) versus one `curl` fetching just those 50 pages
//!   one after another. Target: folio no slower.
//! - a second `folio sync` with nothing new. Target: under 100 ms.
//! - a `folio sync` after one post was withdrawn (trashed): the count of
//!   published posts differs from the live ones saved, so the whole id
//!   listing is read (`_fields=id`, 50 requests of 100 ids). The cost of
//!   finding withdrawn posts; requests of each sync are counted.
//! - folio's peak memory for 5,000 and for 20,000 posts: bounded by the
//!   size cap and `--jobs`, not by the size of the archive.
//!
//! ```text
//! cargo bench --bench fetch
//! ```

#[path = "../tests/support/http.rs"]
mod http;
#[path = "../tests/support/wp.rs"]
mod wp;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const LATENCY: Duration = Duration::from_millis(20);

fn main() {
    let bin = env!("CARGO_BIN_EXE_folio");
    let (server, site) = serve(5_000);
    let pages: Vec<String> = (1..=50)
        .map(|p| {
            server.url(&format!(
                "/wp-json/wp/v2/posts?per_page=100&page={p}&_embed=1"
            ))
        })
        .collect();

    let mut curl = Vec::new();
    let mut add = Vec::new();
    let mut nothing_new = Vec::new();
    // Libraries are kept to the end, under target/ rather than /tmp: ext4
    // allocates inodes slowly (seconds of kernel time for 5,000 files) in
    // block groups where thousands were deleted in the last minutes, which
    // deleting each run's library (or the test suite's, in /tmp) would
    // make the next runs measure.
    let mut libraries = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let status = Command::new("curl")
            .args(["-sS", "--fail"])
            .args(pages.iter().flat_map(|u| ["-o", "/dev/null", u.as_str()]))
            .status()
            .expect("curl is installed");
        assert!(status.success());
        curl.push(t.elapsed());

        let lib = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let t = Instant::now();
        run(bin, &["add", &server.url("/"), "--quiet"], lib.path());
        add.push(t.elapsed());
        let t = Instant::now();
        run(bin, &["sync", "--quiet"], lib.path());
        nothing_new.push(t.elapsed());
        libraries.push(lib);
    }
    let mut requests_unchanged = 0;
    server.clear();
    run(bin, &["sync", "--quiet"], libraries[0].path());
    requests_unchanged += server.requests().len();
    let mut withdrawn = Vec::new();
    let mut requests_withdrawn = 0;
    for (n, lib) in libraries.iter().enumerate() {
        site.lock().unwrap().post(100 + n as u64).status = "trash".into();
        server.clear();
        let t = Instant::now();
        run(bin, &["sync", "--quiet"], lib.path());
        withdrawn.push(t.elapsed());
        requests_withdrawn = server.requests().len();
    }
    let (curl, add, nothing_new) = (median(curl), median(add), median(nothing_new));
    let withdrawn = median(withdrawn);
    println!(
        "site: 5,000 posts, 50 pages of 100, {} ms added latency per request",
        LATENCY.as_millis()
    );
    println!(
        "curl, the 50 pages one after another   {:>8.1} ms",
        ms(curl)
    );
    println!("folio add, the whole site              {:>8.1} ms", ms(add));
    println!(
        "ratio                                  {:>8.2}",
        add.as_secs_f64() / curl.as_secs_f64()
    );
    println!(
        "folio sync, nothing new                {:>8.1} ms ({requests_unchanged} requests)",
        ms(nothing_new)
    );
    println!(
        "folio sync, one post withdrawn         {:>8.1} ms ({requests_withdrawn} requests)",
        ms(withdrawn)
    );

    for posts in [5_000, 20_000] {
        let big;
        let root = if posts == 5_000 {
            server.url("/")
        } else {
            big = serve(posts).0;
            big.url("/")
        };
        let lib = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(bin)
            .args(["add", &root, "--quiet", "--library"])
            .arg(lib.path())
            .stdout(Stdio::null())
            .output()
            .expect("/usr/bin/time is installed");
        let kb: u64 = String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        println!(
            "folio add, {posts:>6} posts: peak memory   {:>8.1} MB",
            kb as f64 / 1024.0
        );
        libraries.push(lib);
    }
}

fn serve(posts: u64) -> (http::Server, Arc<Mutex<wp::Site>>) {
    let site = Arc::new(Mutex::new(wp::Site::new(posts)));
    let handler = wp::serve(site.clone());
    let server = http::Server::start(move |req| {
        let mut reply = handler(req);
        reply.delay = LATENCY;
        reply
    });
    (server, site)
}

fn run(bin: &str, args: &[&str], lib: &std::path::Path) {
    let out = Command::new(bin)
        .args(args)
        .arg("--library")
        .arg(lib)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

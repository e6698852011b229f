//! The web is hostile and unreliable: every failure `folio add` and `folio
//! sync` meet is named with its URL, gives exit status 1, leaves the other
//! sources fetched and never loses or damages what was saved before.
//! Servers here are real HTTP servers on 127.0.0.1.

#[path = "support/http.rs"]
mod http;
mod support;
#[path = "support/wp.rs"]
mod wp;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{Reply, Server};
use support::{fetch, stderr, stdout};
use wp::Site;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.file_name() != "folio-sources.toml")
        .map(|e| (e.path().to_owned(), fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

const PAGE: &str =
    "<html><head><title>Workshops</title></head><body><h1>Workshops</h1><p>One.</p></body></html>";

fn rss(items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(id, title)| {
            format!(
                "<item><title>{title}</title><link>https://news.example/{id}</link><guid>https://news.example/{id}</guid>\
                 <pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>About {id}.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title><link>https://news.example/</link>{items}</channel></rss>"
    )
}

#[test]
fn retry_after_is_honoured_when_short_and_a_long_one_leaves_the_source() {
    let home = tempfile::tempdir().unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let server = Server::start(move |req| match req.path() {
        "/busy" if counted.fetch_add(1, Ordering::SeqCst) == 0 => {
            Reply::new(503, "busy").header("Retry-After", "1")
        }
        "/busy" => Reply::html(PAGE),
        "/later" => Reply::new(429, "slow down").header("Retry-After", "120"),
        _ => Reply::not_found(),
    });
    let start = Instant::now();
    let out = fetch(
        home.path(),
        &["add", &server.url("/busy"), &server.url("/later")],
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "a long Retry-After is not waited for"
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&server.url("/later")) && err.contains("Retry-After"),
        "{err}"
    );
    assert!(!err.contains("/busy"), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(stdout(&out).contains("1 page, 1 new"), "{}", stdout(&out));
}

#[test]
fn server_errors_are_retried_then_named_and_nothing_saved_is_lost() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(|req| match req.path() {
        "/feed" => Reply::ok("application/rss+xml", rss(&[("a", "A"), ("b", "B")])),
        _ => Reply::not_found(),
    });
    let out = fetch(home.path(), &["add", &server.url("/feed")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = snapshot(&home.path().join("lib"));
    assert_eq!(saved.len(), 2);

    server.set(|_| Reply::new(500, "<h1>Internal Server Error</h1>"));
    server.clear();
    let out = fetch(home.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&server.url("/feed")) && err.contains("500"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 3, "one request and two retries");
    assert_eq!(snapshot(&home.path().join("lib")), saved);
    let listed = fetch(home.path(), &["sources", "--json"]);
    let source: serde_json::Value = serde_json::from_str(stdout(&listed).trim()).unwrap();
    assert!(
        source["last_error"].as_str().unwrap().contains("500"),
        "{source}"
    );
    assert_eq!(source["entries"], 2);
}

#[test]
fn redirects_are_followed_but_loops_and_long_chains_are_named() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(|req| {
        let path = req.path().to_owned();
        let to = |target: String| Reply::new(302, "").header("Location", target);
        match path.as_str() {
            "/moved" => Reply::new(301, "").header("Location", "/page"),
            "/page" => Reply::html(PAGE),
            "/a" => to("/b".into()),
            "/b" => to("/a".into()),
            "/file" => to("file:///etc/passwd".into()),
            p if p.starts_with("/r/") => {
                let n: u32 = p[3..].parse().unwrap();
                to(format!("/r/{}", n + 1))
            }
            _ => Reply::not_found(),
        }
    });
    let out = fetch(
        home.path(),
        &[
            "add",
            &server.url("/moved"),
            &server.url("/a"),
            &server.url("/r/1"),
            &server.url("/file"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}: redirect loop", server.url("/a"))),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: more than 5 redirects", server.url("/r/1"))),
        "{err}"
    );
    assert!(
        err.contains("file:///etc/passwd: only http and https"),
        "{err}"
    );
    assert!(stdout(&out).contains("1 page, 1 new"), "{}", stdout(&out));
    let sources = stdout(&fetch(home.path(), &["sources"]));
    assert_eq!(
        sources.lines().count(),
        1,
        "failed URLs are not subscribed: {sources}"
    );

    // The page that was subscribed to now redirects in a loop.
    let saved = snapshot(&home.path().join("lib"));
    server.set(|req| match req.path() {
        "/page" => Reply::new(307, "").header("Location", "/elsewhere"),
        _ => Reply::new(307, "").header("Location", "/page"),
    });
    let out = fetch(home.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}: redirect loop", server.url("/page"))),
        "{err}"
    );
    assert_eq!(snapshot(&home.path().join("lib")), saved);
}

/// Subscribes to `paths` on `server` while they serve [`PAGE`], and
/// returns what was saved.
fn saved_pages(home: &Path, server: &Server, paths: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    server.set(|_| Reply::html(PAGE));
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let mut args = vec!["add"];
    args.extend(urls.iter().map(String::as_str));
    let out = fetch(home, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = snapshot(&home.join("lib"));
    assert_eq!(saved.len(), paths.len());
    saved
}

#[test]
fn a_server_that_never_answers_times_out() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(|_| Reply::hang());
    let start = Instant::now();
    let out = fetch(home.path(), &["add", "--timeout", "1", &server.url("/")]);
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&server.url("/")) && err.contains("within 1 s"),
        "{err}"
    );

    let saved = saved_pages(home.path(), &server, &["/page"]);
    server.set(|_| Reply::hang());
    let out = fetch(home.path(), &["sync", "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!(
        "{}: no complete answer within 1 s",
        server.url("/page")
    )));
    assert_eq!(snapshot(&home.path().join("lib")), saved);
}

#[test]
fn oversized_and_gzip_bomb_responses_are_abandoned() {
    let home = tempfile::tempdir().unwrap();
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>word</p>".repeat(200_000)
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(PAGE.as_bytes()).unwrap();
    gz.write_all(&vec![b' '; 50 * 1024 * 1024]).unwrap();
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1024 * 1024);
    let server = Server::start(|_| Reply::not_found());
    let saved = saved_pages(home.path(), &server, &["/big", "/bomb"]);
    server.set(move |req| match req.path() {
        "/big" => Reply::html(big.clone()),
        "/bomb" => Reply::html(bomb.clone()).header("Content-Encoding", "gzip"),
        _ => Reply::not_found(),
    });
    let (big_url, bomb_url) = (server.url("/big"), server.url("/bomb"));
    // Syncing them, and adding them again (which syncs them too).
    for args in [
        vec!["sync", "--max-size", "1"],
        vec!["add", "--max-size", "1", &big_url, &bomb_url],
    ] {
        let command = args[0];
        let out = fetch(home.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        for path in ["/big", "/bomb"] {
            let expected = format!("{}: the response is larger than 1 MB", server.url(path));
            assert!(err.contains(&expected), "{command}: {err}");
        }
        assert_eq!(snapshot(&home.path().join("lib")), saved, "{command}");
    }
}

#[test]
fn a_truncated_listing_replaces_nothing_and_the_next_sync_finishes() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(150)));
    let server = Server::start(wp::serve(site.clone()));
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = snapshot(&home.path().join("lib"));
    assert_eq!(saved.len(), 150);

    {
        let mut s = site.lock().unwrap();
        let later = s.later(1);
        let p = s.posts.iter_mut().find(|p| p.id == 3).unwrap();
        p.content = "<p>Edited.</p>".into();
        p.modified = later;
    }
    let serve = wp::serve(site.clone());
    server.set(move |req| {
        let mut reply = serve(req);
        if req.path() == "/wp-json/wp/v2/posts" {
            // Valid HTTP, broken JSON: the body ends mid-item.
            let len = reply.body.len();
            reply.body.truncate(len / 2);
        }
        reply
    });
    let out = fetch(home.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("/wp-json/wp/v2/posts") && err.contains("not a list of items"),
        "{err}"
    );
    assert_eq!(
        snapshot(&home.path().join("lib")),
        saved,
        "nothing was replaced"
    );

    server.set(wp::serve(site));
    support::synced(home.path(), "0 new, 1 updated");
}

#[test]
fn ids_slugs_and_bases_never_write_outside_the_library() {
    let home = tempfile::tempdir().unwrap();
    let mut hostile = Site::new(2);
    hostile
        .types
        .push(("escape".into(), "../../../../escape".into()));
    hostile.types.push(("Sessions".into(), "Sessions".into()));
    hostile.types.push(("sessions".into(), "sessions".into()));
    hostile.types.push(("long".into(), "A".repeat(85)));
    hostile.types.push(("Long".into(), "a".repeat(85)));
    for (i, id) in ["../../evil", "/etc/passwd", "CON", "..", "a\\b"]
        .iter()
        .enumerate()
    {
        let mut p = wp::Post::new(100 + i as u64, "post");
        p.id = serde_json::json!(id);
        p.slug = format!("../../{id}");
        hostile.posts.push(p);
    }
    let site = Arc::new(Mutex::new(hostile));
    let server = Server::start(wp::serve(site));
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = home.path().join("lib").canonicalize().unwrap();
    let mut outside = Vec::new();
    for e in walkdir::WalkDir::new(home.path()).into_iter().flatten() {
        let path = e.path().canonicalize().unwrap();
        if e.file_type().is_file()
            && !path.starts_with(&lib)
            && !path.starts_with(home.path().join("xdg_cache_home"))
        {
            outside.push(path);
        }
    }
    assert!(outside.is_empty(), "{outside:?}");
    let files = snapshot(&lib);
    assert_eq!(files.len(), 7, "{files:?}");
    // What was written can be read back: the next sync works.
    let out = fetch(home.path(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, _) in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.starts_with('.') && !name.contains('\\'), "{name}");
        assert!(!name.eq_ignore_ascii_case("con.json"), "{name}");
    }
}

#[test]
fn escape_sequences_in_fetched_titles_never_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(|req| match req.path() {
        "/feed" => Reply::ok(
            "application/rss+xml",
            rss(&[
                ("x", "\u{1b}]0;pwned\u{7}Safe \u{1b}[31mtitle"),
                ("y", "&#27;[2JCleared"),
            ]),
        ),
        _ => Reply::not_found(),
    });
    let out = fetch(home.path(), &["add", &server.url("/feed")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = support::folio(home.path())
        .arg("list")
        .arg(home.path().join("lib"))
        .output()
        .unwrap();
    let listed = stdout(&out);
    assert!(
        listed.contains("Safe") && listed.contains("Cleared"),
        "{listed}"
    );
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{7}'),
        "{listed:?}"
    );
}

#[test]
fn an_add_killed_midway_leaves_a_readable_library_and_the_next_sync_finishes() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(800)));
    let serve = wp::serve(site);
    let server = Server::start(move |req| {
        let mut reply = serve(req);
        reply.delay = Duration::from_millis(150);
        reply
    });
    let mut child = support::spawn_fetch(home.path(), &["add", &server.url("/")]);
    let lib = home.path().join("lib");
    let deadline = Instant::now() + Duration::from_secs(30);
    while snapshot(&lib).is_empty() {
        assert!(Instant::now() < deadline, "nothing was saved");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: nothing gets to clean up
    child.wait().unwrap();
    let saved = snapshot(&lib).len();
    assert!(saved < 800, "killed before the end ({saved} files)");

    // Every file there is whole: the library reads without a problem.
    let out = support::folio(home.path())
        .arg("check")
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    // The subscription was written before any document: sync finishes it.
    support::synced(home.path(), "800 posts");
    assert_eq!(snapshot(&lib).len(), 800);
}

#[test]
fn a_server_that_overstates_its_pages_is_read_to_its_real_end() {
    let home = tempfile::tempdir().unwrap();
    let serve = wp::serve(Arc::new(Mutex::new(Site::new(250))));
    let server = Server::start(move |req| {
        let mut reply = serve(req);
        for (name, value) in reply.headers.iter_mut() {
            if name == "X-WP-TotalPages" {
                *value = "1000000".into();
            }
        }
        reply
    });
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("250 posts, 250 new"),
        "{}",
        stdout(&out)
    );
    let asked = server.requests().len();
    assert!(asked < 20, "{asked} requests for 3 pages");
}

#[test]
fn a_page_with_more_items_than_asked_for_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let serve = wp::serve(Arc::new(Mutex::new(Site::new(1))));
    let server = Server::start(move |req| {
        if req.path() != "/wp-json/wp/v2/posts" {
            return serve(req);
        }
        let flood: Vec<serde_json::Value> = (1..=5000)
            .map(|id| wp::item(&wp::Post::new(id, "post"), "127.0.0.1"))
            .collect();
        Reply::json(serde_json::Value::Array(flood).to_string())
    });
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("5000 items on a page of 100"),
        "{}",
        stderr(&out)
    );
    assert!(snapshot(&home.path().join("lib")).is_empty());
}

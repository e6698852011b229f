//! Feeds and plain pages through `folio add` and `folio sync` against a
//! real HTTP server on 127.0.0.1: items that change or drop off a feed,
//! conditional requests (ETag, Last-Modified) that cost one small request
//! and write nothing, a page that advertises its feed, a saved page that
//! knows where it came from.

#[path = "support/http.rs"]
mod http;
mod support;

use std::path::Path;
use std::sync::{Arc, Mutex};

use http::{Reply, Server};
use support::{fetch, stderr, stdout};

fn list(home: &Path) -> Vec<serde_json::Value> {
    let out = support::folio(home)
        .args(["list", "--json"])
        .arg(home.join("lib"))
        .output()
        .unwrap();
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn atom(entries: &[(&str, &str, &str)]) -> String {
    let entries: String = entries
        .iter()
        .map(|(id, title, body)| {
            format!(
                "<entry><id>tag:news.example,2026:{id}</id><title>{title}</title>\
                 <link href=\"https://news.example/{id}\"/><updated>2026-06-0{}T10:00:00Z</updated>\
                 <author><name>Ada</name></author><content type=\"html\">{body}</content></entry>",
                id.len()
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>Workshop news</title><id>tag:news.example,2026:feed</id><updated>2026-06-01T00:00:00Z</updated>{entries}</feed>"
    )
}

/// A handler serving `body` with an ETag, answering 304 to a request that has it.
fn with_etag(
    state: Arc<Mutex<(String, String)>>,
    mime: &'static str,
) -> impl Fn(&http::Request) -> Reply + Send + Sync {
    move |req| {
        let (etag, body) = state.lock().unwrap().clone();
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::new(304, "").header("ETag", etag);
        }
        Reply::ok(mime, body).header("ETag", etag)
    }
}

#[test]
fn feed_items_that_change_or_drop_off_are_kept() {
    let home = tempfile::tempdir().unwrap();
    let feed = Arc::new(Mutex::new((
        "\"v1\"".to_owned(),
        atom(&[
            ("a", "First", "&lt;p&gt;One&lt;/p&gt;"),
            ("bb", "Second", "two"),
            ("ccc", "Third", "three"),
        ]),
    )));
    let server = Server::start(with_etag(feed.clone(), "application/atom+xml"));
    let out = fetch(home.path(), &["add", &server.url("/feed.atom")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 items, 3 new"), "{}", stdout(&out));
    let entries = list(home.path());
    let first = entries.iter().find(|e| e["title"] == "First").unwrap();
    assert_eq!(first["url"], "https://news.example/a");
    assert_eq!(first["author"], "Ada");
    assert_eq!(first["site"], "Workshop news");
    assert_eq!(first["date"], "2026-06-01T10:00:00+00:00");

    // Unchanged: one conditional request, answered 304, nothing written.
    server.clear();
    support::synced(home.path(), "3 items, 0 new, 0 updated");
    let asked = server.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].header("if-none-match"), Some("\"v1\""));

    // "First" drops off, "Third" changes, "Fourth" arrives.
    *feed.lock().unwrap() = (
        "\"v2\"".to_owned(),
        atom(&[
            ("bb", "Second", "two"),
            ("ccc", "Third, revised", "three"),
            ("dddd", "Fourth", "four"),
        ]),
    );
    support::synced(home.path(), "4 items, 1 new, 1 updated");
    let mut titles: Vec<String> = list(home.path())
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    assert_eq!(titles, ["First", "Fourth", "Second", "Third, revised"]);
}

#[test]
fn a_page_that_advertises_a_feed_is_subscribed_to_the_feed() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(|req| match req.path() {
        "/news/" => Reply::html(
            "<html><head><title>News</title>\
             <link rel=\"alternate\" type=\"application/atom+xml\" href=\"/news/feed\"></head><body>x</body></html>",
        ),
        "/news/feed" => Reply::ok("application/atom+xml", atom(&[("a", "Only item", "x")])),
        _ => Reply::not_found(),
    });
    let out = fetch(home.path(), &["add", &server.url("/news/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = fetch(home.path(), &["sources", "--json"]);
    let source: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(source["kind"], "feed");
    assert_eq!(source["fetch"], server.url("/news/feed"));
    assert_eq!(list(home.path())[0]["title"], "Only item");
}

#[test]
fn a_page_is_saved_as_html_and_fetched_again_only_when_it_changed() {
    let home = tempfile::tempdir().unwrap();
    let page = |n: &str| {
        format!(
            "<!doctype html><html><head><title>Workshops {n}</title></head><body><main>\
             <h1>Workshops {n}</h1><p>See <a href=\"/programme/\">the programme</a>.</p></main></body></html>"
        )
    };
    let state = Arc::new(Mutex::new(("\"p1\"".to_owned(), page("2026"))));
    let server = Server::start(with_etag(state.clone(), "text/html; charset=utf-8"));
    let out = fetch(home.path(), &["add", &server.url("/workshops/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries = list(home.path());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["title"], "Workshops 2026");
    // The page knows where it came from, so its links resolve.
    assert_eq!(entries[0]["url"], server.url("/workshops/"));
    let out = support::folio(home.path())
        .args(["links", "1"])
        .arg(home.path().join("lib"))
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains(&server.url("/programme/")),
        "{}",
        stdout(&out)
    );

    server.clear();
    support::synced(home.path(), "1 page, 0 new, 0 updated");
    assert_eq!(server.requests().len(), 1);

    *state.lock().unwrap() = ("\"p2\"".to_owned(), page("2027"));
    support::synced(home.path(), "1 page, 0 new, 1 updated");
    assert_eq!(list(home.path())[0]["title"], "Workshops 2027");
}

#[test]
fn last_modified_is_sent_back_and_the_user_agent_names_folio() {
    let home = tempfile::tempdir().unwrap();
    const STAMP: &str = "Wed, 21 Oct 2026 07:28:00 GMT";
    let server = Server::start(|req| {
        if req.header("if-modified-since") == Some(STAMP) {
            return Reply::new(304, "");
        }
        Reply::html("<html><head><title>Programme</title></head><body><p>Talks.</p></body></html>")
            .header("Last-Modified", STAMP)
    });
    assert!(
        fetch(home.path(), &["add", &server.url("/programme")])
            .status
            .success()
    );
    server.clear();
    support::synced(home.path(), "1 page, 0 new, 0 updated");
    let asked = server.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].header("if-modified-since"), Some(STAMP));
    let agent = asked[0].header("user-agent").unwrap_or_default();
    assert!(
        agent.starts_with(&format!("folio/{}", env!("CARGO_PKG_VERSION"))),
        "{agent}"
    );
}

/// Issue 21 #4: feed items are told apart by what they say they are:
/// items of one link with distinct ids (guids) are two items, and links
/// that differ only in their fragment (comments of one post) name
/// different items.
#[test]
fn items_sharing_a_link_or_differing_in_the_fragment_stay_apart() {
    let home = tempfile::tempdir().unwrap();
    let item = |guid: &str, link: &str, title: &str| {
        format!(
            "<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>\
             <description>{title}.</description></item>"
        )
    };
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Comments</title>{}{}{}{}</channel></rss>",
        item(
            "c-35",
            "https://blog.example/post/#comment-35",
            "Comment 35"
        ),
        item(
            "c-36",
            "https://blog.example/post/#comment-36",
            "Comment 36"
        ),
        item("u-1", "https://blog.example/updates/", "Update one"),
        item("u-2", "https://blog.example/updates/", "Update two"),
    );
    let server =
        Server::start(move |_: &http::Request| Reply::ok("application/rss+xml", rss.clone()));
    let out = fetch(home.path(), &["add", &server.url("/comments/feed/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("4 items, 4 new"), "{}", stdout(&out));
    let mut titles: Vec<String> = list(home.path())
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Comment 35", "Comment 36", "Update one", "Update two"]
    );
}

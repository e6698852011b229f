//! `folio add` and `folio sync` against a real HTTP server on 127.0.0.1
//! playing a WordPress site: the whole archive through the REST API (more
//! than 100 posts, a custom post type, `_embed`ded authors), with and
//! without pretty permalinks, then incremental syncs that ask only for what
//! changed, on current and on pre-5.7 servers.

#[path = "support/http.rs"]
mod http;
mod support;
#[path = "support/wp.rs"]
mod wp;

use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

use http::Server;
use support::{fetch, stderr, stdout};
use wp::{Post, Site};

fn site_with_sessions(posts: u64) -> Site {
    let mut site = Site::new(posts);
    site.types.push(("session".into(), "sessions".into()));
    site.posts
        .extend((1..=3).map(|i| Post::new(10_000 + i, "session")));
    site.posts.push(Post::new(20_001, "page"));
    site
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_whole_archive_then_only_what_changed() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let site = Arc::new(Mutex::new(site_with_sessions(230)));
    let server = Server::start(wp::serve(site.clone()));
    let folder = format!("127.0.0.1_{}", server.port);

    // Any page of the site will do: the API is found through the Link header.
    let out = fetch(home.path(), &["add", &server.url("/2020/01/some-post/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("{folder}: 234 posts, 234 new, 0 updated")),
        "{}",
        stdout(&out)
    );
    let saved = files(&lib.join(&folder));
    assert_eq!(
        saved.iter().filter(|f| f.starts_with("posts/")).count(),
        230
    );
    assert_eq!(
        saved.iter().filter(|f| f.starts_with("sessions/")).count(),
        3
    );
    assert!(saved.contains(&"posts/17.json".to_owned()), "{saved:?}");
    assert!(saved.contains(&"pages/20001.json".to_owned()), "{saved:?}");
    let asked: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert!(
        !asked
            .iter()
            .any(|t| t.contains("/media") || t.contains("/blocks")),
        "{asked:?}"
    );
    assert!(
        asked
            .iter()
            .any(|t| t.contains("page=3") && t.contains("per_page=100")),
        "{asked:?}"
    );
    assert!(
        asked
            .iter()
            .all(|t| !t.contains("/posts") || t.contains("_embed")),
        "{asked:?}"
    );
    assert!(
        !asked.iter().any(|t| t.contains("_fields=id")),
        "a whole fetch needs no listing of ids: {asked:?}"
    );

    // Each item is saved as the API sent it, after folio's note (the
    // site's name from the REST root), and reads like seed 003.
    let mut one: serde_json::Value =
        serde_json::from_slice(&fs::read(lib.join(&folder).join("posts/17.json")).unwrap())
            .unwrap();
    let note = one.as_object_mut().unwrap().remove("_folio");
    assert_eq!(note, Some(serde_json::json!({"site": "Site"})));
    assert_eq!(
        one,
        wp::item(
            &Post::new(17, "post"),
            &format!("127.0.0.1:{}", server.port)
        )
    );
    let out = support::folio(home.path())
        .args(["list", "--json"])
        .arg(&lib)
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 234);
    let post = lines
        .iter()
        .find(|l| l["title"] == "post number 17")
        .unwrap();
    assert_eq!(post["author"], "Ines Okafor");
    assert_eq!(post["kind"], "post");

    let listed = fetch(home.path(), &["sources", "--json"]);
    let source: serde_json::Value = serde_json::from_str(stdout(&listed).trim()).unwrap();
    assert_eq!(source["kind"], "wordpress");
    assert_eq!(source["entries"], 234);
    assert_eq!(source["last_error"], serde_json::Value::Null);

    // Nothing new: one small request per post type, nothing written.
    let before = fs::metadata(lib.join(&folder).join("posts/17.json"))
        .unwrap()
        .modified()
        .unwrap();
    server.clear();
    support::synced(home.path(), "234 posts, 0 new, 0 updated");
    let asked = server.requests();
    let listings: Vec<&http::Request> = asked
        .iter()
        .filter(|r| r.path() != "/wp-json/wp/v2/types" && r.path() != "/wp-json/")
        .filter(|r| r.query("_fields").is_none())
        .collect();
    assert_eq!(listings.len(), 3, "{asked:?}");
    assert!(
        listings.iter().all(|r| r.query("modified_after").is_some()),
        "{asked:?}"
    );
    let after = fs::metadata(lib.join(&folder).join("posts/17.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "an unchanged item is not rewritten");

    // Three new posts and two edited ones.
    {
        let mut s = site.lock().unwrap();
        let later = s.later(1);
        for id in [17, 200] {
            let p = s.posts.iter_mut().find(|p| p.id == id).unwrap();
            p.content = format!("<p>Edited {id}.</p>");
            p.modified = later.clone();
        }
        for id in 231..=233 {
            let mut p = Post::new(id, "post");
            p.modified = later.clone();
            s.posts.push(p);
        }
    }
    support::synced(home.path(), "237 posts, 3 new, 2 updated");
    let text = fs::read_to_string(lib.join(&folder).join("posts/17.json")).unwrap();
    assert!(text.contains("Edited 17."), "{text}");

    // A post deleted on the site stays in the library, withdrawn.
    site.lock().unwrap().posts.retain(|p| p.id != 100);
    let out = fetch(home.path(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 withdrawn"), "{}", stdout(&out));
    assert!(lib.join(&folder).join("posts/withdrawn/100.json").is_file());
}

#[test]
fn a_site_without_pretty_permalinks_and_before_wordpress_5_7() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let mut plain = Site::new(150);
    plain.pretty = false;
    plain.modified_after = false;
    let site = Arc::new(Mutex::new(plain));
    let server = Server::start(wp::serve(site.clone()));
    let folder = format!("127.0.0.1_{}", server.port);

    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files(&lib.join(&folder)).len(), 150);
    let asked = server.requests();
    assert!(
        asked
            .iter()
            .any(|r| r.query("rest_route").as_deref() == Some("/wp/v2/posts")),
        "{asked:?}"
    );

    // The server ignores modified_after and sends everything, newest first:
    // paging stops at the first item already saved.
    {
        let mut s = site.lock().unwrap();
        let later = s.later(1);
        let p = s.posts.iter_mut().find(|p| p.id == 3).unwrap();
        p.title = "Renamed".into();
        p.modified = later;
    }
    server.clear();
    support::synced(home.path(), "150 posts, 0 new, 1 updated");
    let posts_pages = server
        .requests()
        .iter()
        .filter(|r| r.query("rest_route").as_deref() == Some("/wp/v2/posts"))
        .filter(|r| r.query("_fields").is_none())
        .count();
    assert_eq!(posts_pages, 1, "one page of posts, not all two");
    let text = fs::read_to_string(lib.join(&folder).join("posts/3.json")).unwrap();
    assert!(text.contains("Renamed"));
}

#[test]
fn reading_the_library_by_default_and_removing_a_source() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(5)));
    let server = Server::start(wp::serve(site));
    // No --library: $XDG_DATA_HOME/folio/library.
    let out = support::folio(home.path())
        .args(["add", &server.url("/")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = home.path().join("xdg_data_home/folio/library");
    assert!(lib.join("folio-sources.toml").is_file());

    // With no PATH, list reads the library, not the sample data.
    let out = support::folio(home.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let titles = support::json_titles(&out.stdout);
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert!(
        titles.iter().all(|t| t.starts_with("post number")),
        "{titles:?}"
    );

    let out = support::folio(home.path())
        .args(["remove", &server.url("/")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("stay"), "{}", stdout(&out));
    let out = support::folio(home.path())
        .args(["sources"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "");
    assert_eq!(
        support::json_titles(
            &support::folio(home.path())
                .args(["list", "--json"])
                .output()
                .unwrap()
                .stdout
        )
        .len(),
        5
    );

    let out = support::folio(home.path())
        .args(["remove", &server.url("/")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a subscription"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn r_in_the_reader_syncs_and_keeps_the_selection() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(5)));
    let server = Server::start(wp::serve(site.clone()));
    let out = support::folio(home.path())
        .args(["add", &server.url("/")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // No PATH: the reader shows the library, newest first.
    let mut pty = support::Pty::spawn(&["--no-state"], &[], home.path(), 100, 24);
    pty.expect("post number 5");
    pty.keys("jj"); // post number 3
    {
        let mut s = site.lock().unwrap();
        let later = s.later(1);
        let p = s.posts.iter_mut().find(|p| p.id == 3).unwrap();
        p.title = "post three, edited".into();
        p.modified = later;
        s.posts.push(Post::new(6, "post"));
        s.posts.last_mut().unwrap().title = "a brand new post".into();
    }
    pty.keys("R");
    pty.wait_for(
        |screen| screen.contains("a brand new post") && screen.contains("1 new, 1 updated"),
        "the new post and the sync's summary",
    );
    // The selection stayed on the post it was on, now edited.
    pty.keys("\r");
    pty.wait_for(
        |screen| screen.matches("post three, edited").count() >= 2,
        "the edited post opened from the same row",
    );
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn an_edit_in_the_same_second_as_the_newest_item_is_not_missed() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(20)));
    let server = Server::start(wp::serve(site.clone()));
    assert!(
        fetch(home.path(), &["add", &server.url("/")])
            .status
            .success()
    );
    {
        // Edited within the second the newest post was saved at.
        let mut s = site.lock().unwrap();
        let newest = s.posts.iter().map(|p| p.modified.clone()).max().unwrap();
        let p = s.posts.iter_mut().find(|p| p.id == 4).unwrap();
        p.content = "<p>Edited at the same second.</p>".into();
        p.modified = newest;
    }
    support::synced(home.path(), "0 new, 1 updated");
}

#[test]
fn items_removed_while_the_archive_is_paged_are_fetched_by_the_next_sync() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(250)));
    let serve = wp::serve(site.clone());
    let removed = std::sync::atomic::AtomicBool::new(false);
    let server = Server::start(move |req| {
        // The newest post is deleted just as the second page is asked for:
        // every later post moves up a place, one across the page boundary.
        if req.query("page").as_deref() == Some("2")
            && !removed.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            site.lock().unwrap().posts.retain(|p| p.id != 250);
        }
        serve(req)
    });
    let out = fetch(home.path(), &["add", "--per-host", "1", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("changed while it was fetched"),
        "{}",
        stderr(&out)
    );
    let out = fetch(home.path(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = home
        .path()
        .join("lib")
        .join(format!("127.0.0.1_{}", server.port));
    for id in 1..=249 {
        assert!(
            folder.join(format!("posts/{id}.json")).is_file(),
            "post {id}"
        );
    }
    // The deleted one was saved before it went: it is kept, withdrawn.
    assert!(folder.join("posts/withdrawn/250.json").is_file());
}

#[test]
fn the_same_site_given_twice_is_one_subscription() {
    let home = tempfile::tempdir().unwrap();
    let server = Server::start(wp::serve(Arc::new(Mutex::new(Site::new(3)))));
    let url = server.url("/blog");
    let out = fetch(home.path(), &["add", &url, &format!("{url}/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&fetch(home.path(), &["sources"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert_eq!(
        fs::read_dir(home.path().join("lib"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count(),
        1
    );
}

#[test]
fn at_most_two_requests_to_one_host_at_once_unless_asked() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let home = tempfile::tempdir().unwrap();
    let serve = wp::serve(Arc::new(Mutex::new(Site::new(800))));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (now, peak) = (in_flight.clone(), most.clone());
    let server = Server::start(move |req| {
        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(n, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(60));
        now.fetch_sub(1, Ordering::SeqCst);
        serve(req)
    });
    let out = fetch(home.path(), &["add", "--jobs", "8", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        most.load(Ordering::SeqCst),
        2,
        "two at a time, and two were used"
    );

    most.store(0, Ordering::SeqCst);
    let lib = home.path().join("other");
    let out = support::folio(home.path())
        .args([
            "add",
            "--jobs",
            "8",
            "--per-host",
            "4",
            &server.url("/"),
            "--library",
        ])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(most.load(Ordering::SeqCst) > 2, "--per-host raises it");
}

/// `folio list --json` of the library, one object per entry; `extra`
/// arguments before the library (`--withdrawn`).
fn listed(home: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let out = support::folio(home)
        .args(["list", "--json"])
        .args(extra)
        .arg(home.join("lib"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Issue 21 #1: WordPress's scheduler publishes a post by changing its
/// status alone (`wp_publish_post`), so its `modified` is older than what
/// the last sync saw; the id listing finds it.
#[test]
fn a_scheduled_post_arrives_when_the_scheduler_publishes_it() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(Site::new(30)));
    let server = Server::start(wp::serve(site.clone()));
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        // Written days ago, scheduled for now.
        let mut s = site.lock().unwrap();
        let mut p = Post::new(31, "post");
        p.modified = wp::stamp(5);
        p.date = s.later(1);
        p.status = "future".into();
        s.posts.push(p);
    }
    support::synced(home.path(), "30 posts, 0 new, 0 updated");
    site.lock().unwrap().post(31).status = "publish".into();
    support::synced(home.path(), "31 posts, 1 new, 0 updated");
    let titles: Vec<String> = listed(home.path(), &[])
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect();
    assert!(titles.contains(&"post number 31".to_owned()), "{titles:?}");

    // Nothing new: the types, for posts one `modified_after` request and
    // one page of ids, and the one (empty) page of pages, which has no
    // newest item to ask after. The site's name is asked again only when
    // something was written.
    server.clear();
    support::synced(home.path(), "31 posts, 0 new, 0 updated");
    let asked = server.requests();
    assert_eq!(asked.len(), 4, "{asked:?}");
    let ids: Vec<_> = asked
        .iter()
        .filter(|r| r.query("_fields").as_deref() == Some("id"))
        .collect();
    assert_eq!(ids.len(), 1, "{asked:?}");
}

/// Issue 21 #2: a post trashed, made private or back to draft leaves the
/// collection; it is marked withdrawn, kept, and left out of the list.
#[test]
fn withdrawn_posts_are_marked_kept_and_left_out() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("lib");
    let site = Arc::new(Mutex::new(Site::new(150)));
    let server = Server::start(wp::serve(site.clone()));
    let folder = format!("127.0.0.1_{}", server.port);
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        let mut s = site.lock().unwrap();
        s.post(5).status = "trash".into();
        s.post(6).status = "private".into();
        s.post(120).status = "draft".into();
    }
    support::synced(home.path(), "147 posts, 0 new, 0 updated, 3 withdrawn");
    assert!(lib.join(&folder).join("posts/withdrawn/5.json").is_file());
    assert!(!lib.join(&folder).join("posts/5.json").exists());
    let sources = stdout(&fetch(home.path(), &["sources", "--json"]));
    assert!(sources.contains("\"entries\":147"), "{sources}");
    let live = listed(home.path(), &[]);
    assert_eq!(live.len(), 147);
    assert!(live.iter().all(|e| e["withdrawn"] == false));
    let gone = listed(home.path(), &["--withdrawn"]);
    let mut titles: Vec<&str> = gone.iter().map(|e| e["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["post number 120", "post number 5", "post number 6"]
    );
    assert!(gone.iter().all(|e| e["withdrawn"] == true));
    // The marked copy still reads whole.
    let out = support::folio(home.path())
        .args(["show", "--color", "never"])
        .arg(gone[0]["id"].as_str().unwrap())
        .arg(&lib)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("The body of post"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Withdrawn: its site no longer publishes it"),
        "{}",
        stdout(&out)
    );

    // Marked once: the next sync is back to one page of ids per type.
    server.clear();
    support::synced(home.path(), "147 posts, 0 new, 0 updated, 0.");
    assert_eq!(server.requests().len(), 4, "{:?}", server.requests());

    // Untrashed (which saves the post, so `modified` moves): live again.
    {
        let mut s = site.lock().unwrap();
        let later = s.later(3);
        let p = s.post(5);
        p.status = "publish".into();
        p.modified = later;
    }
    support::synced(home.path(), "148 posts, 1 new, 0 updated");
    assert!(!lib.join(&folder).join("posts/withdrawn/5.json").exists());
    assert_eq!(listed(home.path(), &[]).len(), 148);
    assert_eq!(listed(home.path(), &["--withdrawn"]).len(), 2);
    // A private post made public again without a new `modified` is found
    // by the count.
    site.lock().unwrap().post(6).status = "publish".into();
    support::synced(home.path(), "149 posts, 1 new, 0 updated");
    assert_eq!(listed(home.path(), &["--withdrawn"]).len(), 1);
    // Search leaves them out too, unless asked.
    let out = support::folio(home.path())
        .args(["search", "--json", "is:withdrawn"])
        .arg(&lib)
        .output()
        .unwrap();
    let text = stdout(&out);
    let hits: Vec<&str> = text.lines().collect();
    assert_eq!(hits.len(), 1, "{text}");
    assert!(hits[0].contains("post number 120"), "{}", hits[0]);
    let out = support::folio(home.path())
        .args(["search", "--json", "120"])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(
        !stdout(&out).contains("post number 120\""),
        "{}",
        stdout(&out)
    );
}

/// A site where posts 1–5 are in the category Research (id 5) and post 2
/// has comments.
fn site_with_a_category_and_comments() -> Site {
    let mut site = Site::new(12);
    site.name = "Field Notes".into();
    for id in 1..=5 {
        site.post(id)
            .terms
            .push(("category".into(), 5, "Research".into()));
    }
    site.comments = (31..=40)
        .map(|id| wp::Comment {
            id,
            post: if id < 36 { 2 } else { 3 },
            author: format!("Reader {id}"),
            text: format!("Comment number {id}."),
        })
        .collect();
    site
}

/// Issue 21 #3 and #4: a category feed is that category's posts (through
/// the REST API, filtered as the feed's `Link` header says), a comments
/// feed its comments, each comment an entry of its own.
#[test]
fn a_feed_url_is_subscribed_as_given() {
    let home = tempfile::tempdir().unwrap();
    let site = Arc::new(Mutex::new(site_with_a_category_and_comments()));
    let server = Server::start(wp::serve(site.clone()));
    let out = fetch(
        home.path(),
        &["add", &server.url("/category/research/feed/")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(": 5 posts, 5 new"),
        "{}",
        stdout(&out)
    );
    assert!(
        server
            .requests()
            .iter()
            .filter(|r| r.path().contains("/wp/v2/posts"))
            .all(|r| r.query("categories").as_deref() == Some("5")),
        "{:?}",
        server.requests()
    );
    let out = fetch(home.path(), &["add", &server.url("/comments/feed/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("10 new"), "{}", stdout(&out));

    let sources = stdout(&fetch(home.path(), &["sources"]));
    let lines: Vec<&str> = sources.lines().collect();
    assert!(
        lines[0].contains("\twordpress (category 5 only)\t"),
        "{sources}"
    );
    assert!(lines[1].contains("\tfeed\t"), "{sources}");

    // Five posts and ten comments, none merged into another (two
    // comments' links differ only in the fragment; post 2's own link is
    // their link without one).
    let entries = listed(home.path(), &[]);
    assert_eq!(entries.len(), 15, "{entries:#?}");
    let comments = entries
        .iter()
        .filter(|e| e["title"].as_str().unwrap().starts_with("Comment on"))
        .count();
    assert_eq!(comments, 10);

    // The main feed stands for the whole site.
    let out = fetch(home.path(), &["add", &server.url("/feed/")]);
    assert!(
        stdout(&out).contains(": 12 posts, 12 new"),
        "{}",
        stdout(&out)
    );
}

/// Issue 21 #5 and #6: the site's name comes from the REST root; a custom
/// post type keeps its name as the kind and its terms as tags.
#[test]
fn entries_say_their_site_their_type_and_their_terms() {
    let home = tempfile::tempdir().unwrap();
    let mut site = site_with_sessions(3);
    site.name = "Workshop on Field Notes &amp; Methods".into();
    let session = site.post(10_001);
    session
        .terms
        .push(("track".into(), 3, "Machine learning".into()));
    session.terms.push(("post_tag".into(), 9, "Keynote".into()));
    let server = Server::start(wp::serve(Arc::new(Mutex::new(site))));
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries = listed(home.path(), &[]);
    assert!(
        entries
            .iter()
            .all(|e| e["site"] == "Workshop on Field Notes & Methods"),
        "{entries:#?}"
    );
    let session = entries
        .iter()
        .find(|e| e["title"] == "session number 10001")
        .unwrap();
    assert_eq!(session["kind"], "session");
    assert_eq!(
        session["tags"],
        serde_json::json!(["Machine learning", "Keynote"])
    );
    let page = entries
        .iter()
        .find(|e| e["title"] == "page number 20001")
        .unwrap();
    assert_eq!(page["kind"], "page");
    let listed = stdout(&fetch(home.path(), &["sources", "--json"]));
    let source: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
    assert_eq!(source["site"], "Workshop on Field Notes & Methods");

    // Searching by kind finds the custom type.
    let out = support::folio(home.path())
        .args(["search", "--json", "kind:session"])
        .arg(home.path().join("lib"))
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
}

/// Issue 21 #7: a theme's "Continue reading" link is not part of the
/// summary.
#[test]
fn summaries_leave_out_the_themes_continue_reading_link() {
    let home = tempfile::tempdir().unwrap();
    let mut site = Site::new(2);
    site.post(1).excerpt = "<p>Notes from the first day&hellip; <a href=\"http://x/post/post-1/\" class=\"more-link\">Continue reading<span class=\"screen-reader-text\"> &#8220;post number 1&#8221;</span></a></p>\n".into();
    site.post(2).excerpt = "<p>Second day.</p>\n<div class=\"more-link-container\"><a class=\"more-link\" href=\"http://x/\">Continue reading <span class=\"screen-reader-text\">post number 2</span></a></div>".into();
    // Issue 21 #8: WordPress sent an empty content: the excerpt is all.
    site.post(2).content = String::new();
    let server = Server::start(wp::serve(Arc::new(Mutex::new(site))));
    let out = fetch(home.path(), &["add", &server.url("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries = listed(home.path(), &[]);
    let summary = |title: &str| {
        entries.iter().find(|e| e["title"] == title).unwrap()["summary"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(summary("post number 1"), "Notes from the first day…");
    assert_eq!(summary("post number 2"), "Second day.");
    let id = entries
        .iter()
        .find(|e| e["title"] == "post number 2")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = support::folio(home.path())
        .args(["show", "--color", "never", &id])
        .arg(home.path().join("lib"))
        .output()
        .unwrap();
    let shown = stdout(&out);
    assert!(shown.contains("Second day."), "{shown}");
    assert!(
        !shown.contains("Only a summary") && !shown.contains("Continue reading"),
        "{shown}"
    );
}

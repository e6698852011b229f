//! Search end to end: the persisted index (reused, updated per changed
//! file, never fatal when damaged or busy) through the library, and
//! `folio search` through the built binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use folio::search::{self, Built, IndexBuilder};
use predicates::prelude::*;

/// A modification time safely in the past (not "racy").
fn past(minutes: u64) -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600 + minutes * 60)
}

fn write(path: &Path, text: &str, minutes_ago: u64) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
    set_mtime(path, past(minutes_ago));
}

fn set_mtime(path: &Path, t: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

fn build(input: &Path, cache: &Path) -> Built {
    IndexBuilder::new(vec![input.to_path_buf()])
        .cache_dir(Some(cache.to_path_buf()))
        .build(&mut |_| {})
        .unwrap()
}

fn ids(built: &Built, q: &str) -> Vec<String> {
    let mut ids: Vec<String> = built
        .index
        .search(&search::parse(q).unwrap(), 100)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write(
        &docs.join("alpha.txt"),
        "Alpha notes\n\nThe albatross flies far.",
        30,
    );
    write(
        &docs.join("beta.txt"),
        "Beta notes\n\nA badger digs deep.",
        30,
    );
    write(
        &docs.join("gamma.txt"),
        "Gamma notes\n\nThe gazelle runs fast.",
        30,
    );
    let cache = tmp.path().join("cache");
    (tmp, docs, cache)
}

#[test]
fn a_persisted_index_is_reused_and_updated_per_changed_file() {
    let (_tmp, docs, cache) = fixture();
    let first = build(&docs, &cache);
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    assert_eq!((first.report.files, first.report.read), (3, 3));
    assert!(first.index.location().unwrap().starts_with(&cache));
    drop(first);

    // Nothing changed: no file is read.
    let second = build(&docs, &cache);
    assert_eq!((second.report.files, second.report.read), (3, 0));
    assert_eq!(ids(&second, "badger"), ["beta"]);
    drop(second);

    // A changed file is read again, and only it.
    write(
        &docs.join("beta.txt"),
        "Beta notes\n\nA zeppelin drifts by.",
        20,
    );
    let third = build(&docs, &cache);
    assert_eq!(third.report.read, 1);
    assert_eq!(ids(&third, "zeppelin"), ["beta"]);
    assert!(ids(&third, "badger").is_empty());
    assert_eq!(ids(&third, "albatross"), ["alpha"]);
    drop(third);

    // Same size, new modification time: read again.
    write(
        &docs.join("alpha.txt"),
        "Alpha notes\n\nThe albatross glides.",
        10,
    );
    set_mtime(&docs.join("alpha.txt"), past(5));
    assert_eq!(build(&docs, &cache).report.read, 1);

    // A removed file's entries go; a new file's come.
    fs::remove_file(docs.join("gamma.txt")).unwrap();
    write(
        &docs.join("delta.txt"),
        "Delta notes\n\nA dolphin swims.",
        10,
    );
    let fourth = build(&docs, &cache);
    assert_eq!((fourth.report.read, fourth.report.removed), (1, 1));
    assert!(ids(&fourth, "gazelle").is_empty());
    assert_eq!(ids(&fourth, "dolphin"), ["delta"]);
    assert_eq!(ids(&fourth, "notes"), ["alpha", "beta", "delta"]);
}

#[test]
fn a_file_modified_just_now_is_read_again_next_time() {
    let (_tmp, docs, cache) = fixture();
    fs::write(docs.join("alpha.txt"), "Alpha notes\n\nJust written.").unwrap();
    assert_eq!(build(&docs, &cache).report.read, 3);
    // Its time stamp could still hide a change: read again.
    assert_eq!(build(&docs, &cache).report.read, 1);
    set_mtime(&docs.join("alpha.txt"), past(1));
    assert_eq!(build(&docs, &cache).report.read, 1);
    assert_eq!(build(&docs, &cache).report.read, 0);
}

#[test]
fn files_whose_ids_change_are_indexed_again() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("cache");
    write(&docs.join("a/notes.txt"), "First notes\n\nAn aardvark.", 30);
    assert_eq!(ids(&build(&docs, &cache), "aardvark"), ["notes"]);
    // A second "notes" makes both ids take their folder's name.
    write(&docs.join("b/notes.txt"), "Second notes\n\nA bison.", 30);
    let built = build(&docs, &cache);
    assert_eq!(built.report.read, 2);
    assert_eq!(ids(&built, "aardvark"), ["a-notes"]);
    let loaded: Vec<String> = folio::load::load(std::slice::from_ref(&docs))
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids(&built, "notes"), loaded);
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_warning() {
    let (_tmp, docs, cache) = fixture();
    let dir = build(&docs, &cache).index.location().unwrap().to_path_buf();
    for f in fs::read_dir(dir.join("index")).unwrap() {
        let f = f.unwrap().path();
        if f.is_file() {
            fs::write(&f, b"\x00garbage\xff").unwrap();
        }
    }
    let built = build(&docs, &cache);
    assert!(
        built.warnings[0].contains("is damaged"),
        "{:?}",
        built.warnings
    );
    assert_eq!(ids(&built, "badger"), ["beta"]);
    drop(built);
    // Rebuilt for good.
    let again = build(&docs, &cache);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.report.read, 0);

    fs::write(dir.join("manifest.json"), "{ not json").unwrap();
    let built = build(&docs, &cache);
    assert!(
        built.warnings[0].contains("manifest is damaged"),
        "{:?}",
        built.warnings
    );
    assert_eq!(ids(&built, "gazelle"), ["gamma"]);
}

#[test]
fn an_index_another_folio_built_is_rebuilt_quietly() {
    let (_tmp, docs, cache) = fixture();
    let first = build(&docs, &cache);
    let files = first.report.read;
    assert!(files > 0);
    let dir = first.index.location().unwrap().to_path_buf();
    drop(first);
    let manifest = dir.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&fs::read(&manifest).unwrap()).unwrap();
    m["build"] = "0.1.0+another-build".into();
    fs::write(&manifest, m.to_string()).unwrap();
    let built = build(&docs, &cache);
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    assert_eq!(built.report.read, files, "every file read again");
    assert_eq!(ids(&built, "badger"), ["beta"]);
    drop(built);
    assert_eq!(
        build(&docs, &cache).report.read,
        0,
        "and kept as this build's"
    );
}

#[test]
fn an_unusable_cache_folder_means_an_index_in_memory() {
    let (tmp, docs, _) = fixture();
    let not_a_dir = tmp.path().join("file");
    fs::write(&not_a_dir, "x").unwrap();
    let built = build(&docs, &not_a_dir);
    assert!(
        built.warnings[0].contains("cannot keep the search index"),
        "{:?}",
        built.warnings
    );
    assert!(built.index.location().is_none());
    assert_eq!(ids(&built, "albatross"), ["alpha"]);
}

#[test]
fn an_index_another_process_is_updating_is_not_waited_for_long() {
    let (_tmp, docs, cache) = fixture();
    let dir = build(&docs, &cache).index.location().unwrap().to_path_buf();
    let held = tantivy::Index::open_in_dir(dir.join("index")).unwrap();
    let _writer: tantivy::IndexWriter = held.writer(15_000_000).unwrap();
    // Without changes no writer is needed.
    assert_eq!(build(&docs, &cache).report.read, 0);
    write(
        &docs.join("beta.txt"),
        "Beta notes\n\nA zeppelin drifts by.",
        20,
    );
    let built = IndexBuilder::new(vec![docs.clone()])
        .cache_dir(Some(cache.clone()))
        .lock_wait(Duration::from_millis(100))
        .build(&mut |_| {})
        .unwrap();
    assert!(
        built.warnings[0].contains("another folio is updating"),
        "{:?}",
        built.warnings
    );
    assert!(built.index.location().is_none());
    assert_eq!(ids(&built, "zeppelin"), ["beta"]);
}

#[test]
fn without_a_cache_folder_nothing_is_written() {
    let (tmp, docs, _) = fixture();
    let built = IndexBuilder::new(vec![docs.clone()])
        .build(&mut |_| {})
        .unwrap();
    assert!(built.index.location().is_none());
    assert_eq!(ids(&built, "badger"), ["beta"]);
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["docs"]);
}

/// A WordPress REST post.
fn wp_post(title: &str, link: &str, body: &str) -> String {
    serde_json::json!({
        "title": {"rendered": title},
        "content": {"rendered": format!("<p>{body}</p>")},
        "link": link,
        "date_gmt": "2020-01-01T00:00:00",
        "type": "post",
        "slug": "post",
    })
    .to_string()
}

fn list_ids(docs: &Path) -> Vec<String> {
    let mut ids: Vec<String> = folio::load::load(&[docs.to_path_buf()])
        .unwrap()
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn entries_sharing_a_url_are_found_as_folio_list_shows_them() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("cache");
    let url = "https://blog.example.org/2020/01/01/post/";
    write(
        &docs.join("a.json"),
        &wp_post("Walrus news", url, "A walrus."),
        30,
    );
    write(
        &docs.join("b.json"),
        &wp_post(
            "Walrus news",
            "http://www.blog.example.org/2020/01/01/post",
            "A walrus met a narwhal, at length.",
        ),
        30,
    );
    write(
        &docs.join("c.json"),
        &wp_post(
            "Other",
            "https://blog.example.org/other/",
            "A walrus elsewhere.",
        ),
        30,
    );
    // `folio list` keeps the longer body (both copies are of one kind): b's.
    assert_eq!(list_ids(&docs), ["b", "c"]);
    let built = build(&docs, &cache);
    assert_eq!(ids(&built, "walrus"), ["b", "c"]);
    assert_eq!(ids(&built, "narwhal"), ["b"]);
    drop(built);
    // Warm, the same.
    assert_eq!(ids(&build(&docs, &cache), "walrus"), ["b", "c"]);

    // b shrinks: a is kept now, though a did not change.
    write(&docs.join("b.json"), &wp_post("Walrus news", url, "."), 20);
    assert_eq!(list_ids(&docs), ["a", "c"]);
    let built = build(&docs, &cache);
    assert_eq!(built.report.read, 1);
    assert_eq!(ids(&built, "walrus"), ["a", "c"]);
    assert!(ids(&built, "narwhal").is_empty());
    drop(built);

    // b goes: a stays.
    fs::remove_file(docs.join("b.json")).unwrap();
    assert_eq!(ids(&build(&docs, &cache), "walrus"), ["a", "c"]);
}

/// Issue 22 #6: a saved page and the post's REST copy share a URL; the
/// published copy is listed (the page is longer for its menus), and the
/// persisted index, replaying that choice, finds the same one.
#[test]
fn the_published_copy_of_a_saved_page_is_the_one_listed_and_found() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("cache");
    let url = "https://blog.example.org/2020/01/01/post/";
    let menus = "<li><a href=/x>Menu item of the theme</a></li>".repeat(200);
    write(
        &docs.join("a-page.html"),
        &format!(
            "<html><head><title>Walrus news</title><link rel=canonical href='{url}'></head>\
             <body><nav><ul>{menus}</ul></nav><article><p>A walrus met a narwhal.</p></article>\
             <aside><ul>{menus}</ul></aside></body></html>"
        ),
        30,
    );
    write(
        &docs.join("b.json"),
        &wp_post("Walrus news", url, "A walrus met a narwhal."),
        30,
    );
    assert_eq!(list_ids(&docs), ["b"]);
    let built = build(&docs, &cache);
    assert_eq!(ids(&built, "narwhal"), ["b"]);
    drop(built);
    assert_eq!(
        ids(&build(&docs, &cache), "narwhal"),
        ["b"],
        "warm, the same"
    );
}

// ---- `folio search` ----

fn folio(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("folio").unwrap();
    cmd.arg("--cache-dir").arg(cache).env_remove("NO_COLOR");
    cmd
}

#[test]
fn cli_prints_ranked_hits_with_marked_snippets() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(tmp.path())
        .args(["search", "heartbleed"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].ends_with("  003_42b8e050b6c7d64e"), "{stdout}");
    assert!(lines[1].starts_with("        "), "{stdout}");
    assert!(lines[1].to_lowercase().contains("[heartbleed]"), "{stdout}");
    // Warm: same answer.
    folio(tmp.path())
        .args(["search", "heartbleed"])
        .assert()
        .success()
        .stdout(stdout);
}

#[test]
fn cli_json_lines_have_the_documented_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let out = folio(tmp.path())
        .args(["search", "heartbleed", "--json"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let hit: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    for key in [
        "id",
        "title",
        "score",
        "snippet",
        "date",
        "url",
        "kind",
        "highlights",
        "terms",
    ] {
        assert!(hit.get(key).is_some(), "{key} missing in {hit}");
    }
    assert_eq!(hit["id"], "003_42b8e050b6c7d64e");
    let snippet = hit["snippet"].as_str().unwrap();
    let [start, end] = [0, 1].map(|i| hit["highlights"][0][i].as_u64().unwrap() as usize);
    assert!(snippet[start..end].eq_ignore_ascii_case("heartbleed"));
}

#[test]
fn cli_exit_status_is_like_grep() {
    let tmp = tempfile::tempdir().unwrap();
    folio(tmp.path())
        .args(["search", "qwertyzxcv"])
        .assert()
        .code(1)
        .stdout("");
    folio(tmp.path())
        .args(["search", "after:notadate"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("not a date"));
    folio(tmp.path())
        .args(["search", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to search for"));
    // Partly understood: searched, with the reason on standard error.
    folio(tmp.path())
        .args(["search", "heartbleed kind:bl/og"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no such kind"));
    folio(tmp.path())
        .args(["search", "heartbleed", "--limit", "0"])
        .assert()
        .code(2);
    folio(tmp.path())
        .args(["search", "x", "/no/such/folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/folder"));
}

#[test]
fn cli_uses_the_xdg_cache_folder_unless_told_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let xdg = tmp.path().join("xdg");
    Command::cargo_bin("folio")
        .unwrap()
        .env("XDG_CACHE_HOME", &xdg)
        .args(["search", "heartbleed", "--no-cache"])
        .assert()
        .success();
    assert!(!xdg.exists());
    Command::cargo_bin("folio")
        .unwrap()
        .env("XDG_CACHE_HOME", &xdg)
        .args(["search", "heartbleed"])
        .assert()
        .success();
    assert!(xdg.join("folio").is_dir());
}

#[test]
fn cli_reads_standard_input_without_caching_it() {
    let tmp = tempfile::tempdir().unwrap();
    folio(tmp.path())
        .args(["search", "walrus", "-"])
        .write_stdin("Piped notes\n\nA walrus on the ice.")
        .assert()
        .success()
        .stdout(predicate::str::contains("[walrus]"));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn cli_two_processes_at_once_both_answer() {
    let (_tmp, docs, cache) = fixture();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("folio"))
            .arg("--cache-dir")
            .arg(&cache)
            .args(["search", "notes", "--json"])
            .arg(&docs)
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success() && b.status.success());
    assert_eq!(String::from_utf8_lossy(&a.stdout).lines().count(), 3);
    assert_eq!(a.stdout, b.stdout);
    // And the index they left is sound.
    let c = spawn();
    assert_eq!(c.stdout, a.stdout);
    assert!(
        c.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
}

#[test]
fn cli_finds_a_japanese_word_inside_a_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write(
        &docs.join("kaigi.md"),
        "# 会議の記録\n\n本日、東京都庁で国際会議が開かれました。参加者は三百名でした。\n",
        30,
    );
    write(
        &docs.join("other.md"),
        "# Other\n\nNothing in Japanese.\n",
        30,
    );
    let out = folio(&tmp.path().join("cache"))
        .args(["search", "国際会議"])
        .arg(&docs)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("会議の記録"), "{stdout}");
    assert!(
        stdout.contains("[国際会議]"),
        "the word is marked: {stdout}"
    );
    assert!(!stdout.contains("Other"), "{stdout}");
}

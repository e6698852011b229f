//! The catalogue as a user meets it: a second `folio list` reads no
//! document, `folio show` reads only the file of the entry it shows, and a
//! damaged catalogue is rebuilt with a message. Runs the built binary.

mod support;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use support::{folio, stderr, stdout};

/// Writes `text` to `path` and dates it a minute back: a file that old
/// is trusted by its stamp (a newer one is read again, to be safe).
fn write_old(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
    set_old(path);
}

fn set_old(path: &Path) {
    let old = SystemTime::now() - Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn post(id: u32, title: &str) -> String {
    format!(
        r#"{{"id": {id}, "date": "2015-04-0{id}T10:00:00", "link": "https://blog.example.org/{id}/",
  "title": {{"rendered": "{title}"}}, "content": {{"rendered": "<p>Body of {title}.</p>"}}, "type": "post"}}"#
    )
}

/// Replaces a file's bytes with the same number of other bytes and gives
/// it back its modification time: only a reader of the file can tell.
fn spoil_keeping_stamp(path: &Path) {
    let len = fs::metadata(path).unwrap().len() as usize;
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    fs::write(path, "x".repeat(len)).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

/// A home folder, and in it a folder of two old WordPress posts: `one`
/// ("First post") and `two` ("Second post").
fn two_posts() -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    fs::create_dir(&docs).unwrap();
    write_old(&docs.join("one.json"), &post(1, "First post"));
    write_old(&docs.join("two.json"), &post(2, "Second post"));
    (home, docs)
}

fn run(home: &Path, args: &[&str]) -> std::process::Output {
    folio(home).args(args).output().unwrap()
}

#[test]
fn a_warm_list_reads_no_document_and_show_reads_only_its_own() {
    let (home, docs) = two_posts();
    let dir = docs.to_str().unwrap();

    let cold = run(home.path(), &["list", dir]);
    assert!(cold.status.success(), "{}", stderr(&cold));
    assert!(stdout(&cold).contains("First post"));
    spoil_keeping_stamp(&docs.join("two.json"));

    // Nothing read: the spoiled file still lists as it was, without a word.
    let warm = run(home.path(), &["list", dir]);
    assert_eq!(stdout(&warm), stdout(&cold));
    assert_eq!(stderr(&warm), "");
    // `show one` reads one.json alone.
    let shown = run(home.path(), &["show", "one", dir, "--color=never"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(stdout(&shown).contains("Body of First post."));
    // `show two` reads two.json as it is now (bodies are never cached),
    // finds another entry there than the one listed, and says so rather
    // than show it under the listed one's name.
    let spoiled = run(home.path(), &["show", "two", dir, "--color=never"]);
    assert_eq!(spoiled.status.code(), Some(1));
    assert!(!stdout(&spoiled).contains("Body of Second post"));
    let why = stderr(&spoiled);
    assert!(why.contains("two.json") && why.contains("changed"), "{why}");

    // With --no-cache every file is read, as before the catalogue.
    let fresh = run(home.path(), &["list", "--no-cache", dir]);
    assert!(!stdout(&fresh).contains("Second post"));
    assert!(stdout(&fresh).contains("First post"));
}

#[test]
fn a_changed_file_is_read_again_and_check_keeps_every_problem() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    fs::create_dir(&docs).unwrap();
    write_old(&docs.join("one.json"), &post(1, "First post"));
    write_old(&docs.join("broken.json"), "{\"id\": 3, \"title\":");
    let dir = docs.to_str().unwrap();
    let first = run(home.path(), &["check", dir]);
    assert_eq!(first.status.code(), Some(1));
    let again = run(home.path(), &["check", dir]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(stdout(&again), stdout(&first));
    assert_eq!(stderr(&again), stderr(&first));
    assert!(stderr(&again).contains("broken.json"));

    write_old(&docs.join("one.json"), &post(1, "First post, edited"));
    let list = run(home.path(), &["list", dir]);
    assert!(
        stdout(&list).contains("First post, edited"),
        "{}",
        stdout(&list)
    );
}

#[test]
fn a_damaged_catalogue_is_rebuilt_with_a_message() {
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("docs");
    fs::create_dir(&docs).unwrap();
    write_old(&docs.join("one.json"), &post(1, "First post"));
    let dir = docs.to_str().unwrap();
    let cache = home.path().join("cache");
    let cache_arg = format!("--cache-dir={}", cache.display());
    let cold = run(home.path(), &["list", dir, &cache_arg]);
    let catalogues: Vec<_> =
        fs::read_dir(cache.join(format!("catalogue-v{}", folio::catalogue::VERSION)))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    assert_eq!(catalogues.len(), 1);
    fs::write(&catalogues[0], "not what folio wrote").unwrap();

    let rebuilt = run(home.path(), &["list", dir, &cache_arg]);
    assert_eq!(stdout(&rebuilt), stdout(&cold));
    let message = stderr(&rebuilt);
    assert!(
        message.contains(&format!(
            "the catalogue at {} is not a folio catalogue; rebuilding it",
            catalogues[0].display()
        )),
        "{message}"
    );
    let warm = run(home.path(), &["list", dir, &cache_arg]);
    assert_eq!(stderr(&warm), "", "rebuilt once");
    assert_eq!(stdout(&warm), stdout(&cold));
}

#[test]
fn the_reader_lists_unchanged_files_from_the_catalogue_and_reads_what_it_opens() {
    let (home, docs) = two_posts();
    let dir = docs.to_str().unwrap();
    // The same cache folder as the reader's (XDG_CACHE_HOME under home).
    let cold = run(home.path(), &["list", dir]);
    assert!(stdout(&cold).contains("Second post"));
    spoil_keeping_stamp(&docs.join("two.json"));

    let mut pty = support::Pty::spawn(&[dir], &[], home.path(), 100, 24);
    pty.expect("Second post");
    pty.expect_gone("loading");
    // Newest first: "Second post" (2015-04-02) is on top; open the other.
    pty.keys("j");
    pty.keys("\r");
    pty.expect("Body of First post.");
    pty.keys("q");
    pty.keys("q");
    assert_eq!(pty.wait_exit(), 0);
}

//! Reading state and configuration through the real binary in a
//! pseudo-terminal: marks, stars, the last entry and its scroll survive a
//! restart; two readers on one state file keep each other's marks; moving
//! the corpus keeps them; damaged, read-only and newer state files are
//! reported and left alone; a remapped key works and shows in the help.

mod support;

use std::path::{Path, PathBuf};

use support::{Pty, folio};

const COLS: u16 = 110;
const ROWS: u16 = 32;

fn reader(args: &[&str], home: &Path) -> Pty {
    Pty::spawn(args, &[], home, COLS, ROWS)
}

/// The default state file of a test home.
fn state_file(home: &Path) -> PathBuf {
    home.join("xdg_data_home").join("folio").join("state.db")
}

/// Waits until loading is over, the stored state shown and the full-text
/// index built: a search typed while the index comes ready can change its
/// results between two keys, and `*` would star another entry.
fn ready(pty: &Pty) {
    pty.expect(" unread");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
}

/// Ids of `folio list` with these flags, in the given home.
fn listed(home: &Path, args: &[&str]) -> Vec<String> {
    let out = folio(home).arg("list").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().last().map(str::to_owned))
        .collect()
}

/// The list row showing `title`, from the screen.
fn row<'a>(screen: &'a str, title: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no row with {title:?}:\n{screen}"))
}

/// The two marker columns of a list row: unread (•) and starred (*).
fn markers(row: &str) -> (bool, bool) {
    let mut chars = row.trim_start_matches('│').chars();
    let unread = chars.next() == Some('•');
    let starred = chars.next() == Some('*');
    (unread, starred)
}

/// The unread count in the status bar.
fn unread(pty: &Pty) -> usize {
    let screen = pty.screen();
    let status = screen.lines().last().unwrap_or_default().to_owned();
    let words: Vec<&str> = status.split_whitespace().collect();
    words
        .iter()
        .position(|w| *w == "unread")
        .and_then(|i| words[i - 1].parse().ok())
        .unwrap_or_else(|| panic!("no unread count in {status:?}"))
}

/// Opens the entry found by typing `query` in the list filter.
fn open(pty: &mut Pty, query: &str) {
    pty.keys("/");
    pty.keys(query);
    pty.keys("\r");
    pty.keys("\r");
}

/// The body pane's first text line (right of the list pane).
fn first_body_line(screen: &str) -> String {
    let line = screen.lines().nth(1).unwrap_or_default();
    let parts: Vec<&str> = line.split('│').collect();
    parts
        .get(3)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn marks_stars_the_last_entry_and_its_scroll_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = reader(&[], home.path());
    ready(&pty);
    let total = unread(&pty);
    assert!(total > 8);
    // star one entry from the list, without reading it
    pty.keys("/toronto");
    pty.expect(" 2 of ");
    pty.keys("\r");
    // the first of the two Toronto workshops, whichever it is
    let first = pty.screen().lines().nth(1).unwrap_or_default().to_owned();
    let starred_date = ["2011-10-19", "2012-09-12"]
        .into_iter()
        .find(|d| first.contains(d))
        .unwrap_or_else(|| panic!("a Toronto workshop first: {first}"));
    pty.keys("*");
    pty.expect("starred");
    pty.keys("\x1b");
    // read another and scroll down in it
    open(&mut pty, "promoting");
    pty.expect("Heartbleed");
    pty.keys("jjjjjjj");
    pty.wait_for(|s| !s.contains(" top "), "the body to scroll");
    let body_line = first_body_line(&pty.screen());
    assert!(!body_line.is_empty());
    pty.wait_for(|_| unread(&pty) == total - 1, "one entry read");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(state_file(home.path()).exists());

    let mut pty = reader(&[], home.path());
    ready(&pty);
    // it reopens on the entry being read, where it was left
    pty.wait_for(
        |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains("Promoting international"))
        },
        "the last entry to reopen",
    );
    pty.wait_for(
        |s| first_body_line(s) == body_line,
        &format!("the body to show {body_line:?} at the top again"),
    );
    assert_eq!(unread(&pty), total - 1);
    let screen = pty.screen();
    assert_eq!(
        markers(row(&screen, "Promoting international")),
        (false, false)
    );
    let toronto = row(&screen, &format!("{starred_date} Harvard-MIT"));
    assert_eq!(markers(toronto), (true, true), "{toronto}");
    // r makes it unread again, and that is kept too
    pty.keys("r");
    pty.expect("marked unread");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    let unread_ids = listed(home.path(), &["--unread"]);
    let all = listed(home.path(), &[]);
    assert_eq!(unread_ids.len(), all.len());
    let starred = listed(home.path(), &["--starred"]);
    assert_eq!(starred.len(), 1, "{starred:?}");
    // `list --json` says each entry's state, and nothing with --no-state.
    let json = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = folio(home.path())
            .args(["list", "--json"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let records = json(&[]);
    assert_eq!(records.len(), all.len());
    let with = |key: &str| records.iter().filter(|r| r[key] == true).count();
    assert_eq!((with("read"), with("starred")), (0, 1));
    assert!(records.iter().all(|r| r["read"].is_boolean()));
    assert!(
        json(&["--no-state"])
            .iter()
            .all(|r| r["read"].is_null() && r["starred"].is_null())
    );
    // the search syntax knows the reading state too
    let found = |query: &str| {
        let out = folio(home.path())
            .args(["search", query, "--json", "--no-cache"])
            .output()
            .unwrap();
        let ids: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .map(|id| id.trim_matches('"').to_owned())
            .collect();
        (out.status.code(), ids)
    };
    assert_eq!(found("workshop is:starred"), (Some(0), starred.clone()));
    let (code, others) = found("workshop -is:starred");
    assert_eq!(code, Some(0));
    assert!(
        !others.is_empty() && !others.contains(&starred[0]),
        "{others:?}"
    );
    assert_eq!(
        found("promoting is:read"),
        (Some(1), vec![]),
        "made unread again"
    );
}

#[test]
fn two_readers_on_one_state_file_keep_each_others_marks() {
    let home = tempfile::tempdir().unwrap();
    let mut one = reader(&[], home.path());
    let mut two = reader(&[], home.path());
    ready(&one);
    ready(&two);
    let star = |pty: &mut Pty, query: &str| {
        pty.keys("/");
        pty.keys(query);
        pty.keys("\r");
        pty.keys("*");
        pty.expect("starred");
        pty.keys("\x1b");
    };
    star(&mut one, "toronto");
    star(&mut two, "promoting");
    star(&mut one, "field guide");
    open(&mut two, "reading list");
    two.keys("Q");
    one.keys("Q");
    assert_eq!(one.wait_exit(), 0);
    assert_eq!(two.wait_exit(), 0);
    let starred = listed(home.path(), &["--starred", "--json"]);
    assert_eq!(starred.len(), 3, "{starred:?}");
    let all = listed(home.path(), &[]).len();
    assert_eq!(listed(home.path(), &["--unread"]).len(), all - 1);
}

#[test]
fn moving_the_corpus_folder_keeps_the_marks() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    copy_dir(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-data")
            .as_path(),
        &first,
    );
    let first_arg = first.to_str().unwrap().to_owned();
    let mut pty = reader(&[&first_arg], home.path());
    ready(&pty);
    // one entry with a URL, one without (a Markdown note keyed by its text)
    pty.keys("A");
    pty.expect("marked read");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(listed(home.path(), &["--unread", &first_arg]).is_empty());

    let moved = dir.path().join("elsewhere").join("renamed");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&first, &moved).unwrap();
    let moved_arg = moved.to_str().unwrap();
    assert!(
        listed(home.path(), &["--unread", moved_arg]).is_empty(),
        "every entry is still read after the move"
    );
    assert!(!listed(home.path(), &[moved_arg]).is_empty());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Starts the reader on `state`, expects `words` in the status bar, checks
/// that marking still works for the session, and that the file is as it was.
fn survives(state: &Path, words: &str) {
    let home = tempfile::tempdir().unwrap();
    let before = std::fs::read(state).unwrap();
    let arg = state.to_str().unwrap();
    let mut pty = reader(&["--state", arg], home.path());
    pty.expect(words);
    pty.expect_gone("loading");
    let total = unread(&pty);
    pty.keys("\r");
    pty.wait_for(
        |_| unread(&pty) == total - 1,
        "marks to work in the session",
    );
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(
        std::fs::read(state).unwrap(),
        before,
        "the state file was changed"
    );
    // the command line says so on standard error, and lists all entries
    let out = folio(home.path())
        .args(["list", "--unread", "--state", arg])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(words));
    assert!(!out.stdout.is_empty());
}

#[test]
fn a_damaged_state_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    std::fs::write(&path, "not a database\n".repeat(200)).unwrap();
    survives(&path, "damaged");
}

#[test]
fn a_state_file_from_a_newer_folio_is_reported_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("state.db");
    let arg = path.to_str().unwrap();
    // a real state file, then a future version number
    let mut pty = reader(&["--state", arg], home.path());
    ready(&pty);
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    survives(&path, "newer folio");
}

#[test]
fn a_read_only_state_file_shows_its_marks_but_saves_nothing() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("state.db");
    let arg = path.to_str().unwrap();
    let mut pty = reader(&["--state", arg], home.path());
    ready(&pty);
    let total = unread(&pty);
    pty.keys("\r");
    pty.wait_for(|_| unread(&pty) == total - 1, "the first entry read");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let Some(_guard) = support::read_only(&path) else {
        eprintln!("skipped: cannot make a file read-only here");
        return;
    };
    let before = std::fs::read(&path).unwrap();
    let mut pty = reader(&["--state", arg], home.path());
    pty.expect("read-only");
    pty.expect_gone("loading");
    assert_eq!(unread(&pty), total - 1, "the stored marks show");
    // it reopened the entry read last time; back to the list, the next one
    pty.keys("\x1b");
    pty.keys("j");
    pty.keys("\r");
    pty.wait_for(|_| unread(&pty) == total - 2, "marks work for the session");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn no_state_remembers_nothing() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = reader(&["--no-state"], home.path());
    ready(&pty);
    pty.keys("\r");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    assert!(!state_file(home.path()).exists());
}

#[test]
fn a_remapped_key_works_and_shows_in_the_help() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("xdg_config_home").join("folio");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[keys]\nquit = [\"x\", \"ctrl-q\"]\ntoggle-star = [\"list:S\"]\n",
    )
    .unwrap();
    let mut pty = reader(&[], home.path());
    ready(&pty);
    pty.keys("?");
    pty.expect("keys (esc closes)");
    pty.keys("G"); // the end of the help
    pty.expect("ctrl-c always quits");
    let screen = pty.screen();
    let quit = row(&screen, " quit ");
    assert!(quit.contains("x ctrl-q"), "{quit}");
    let star = row(&screen, "star / unstar");
    assert!(star.contains("S"), "{star}");
    pty.keys("\x1b");
    pty.expect_gone("keys (esc closes)");
    pty.keys("q");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(pty.alternate_screen(), "q no longer quits");
    pty.keys("S");
    pty.expect("starred");
    pty.keys("x");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_bad_configuration_is_announced_and_the_rest_applies() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("my.toml");
    std::fs::write(
        &path,
        "[reader]\nsort = \"title\"\n\n[keys]\nquit = [\"x\"]\njump = [\"J\"]\n",
    )
    .unwrap();
    let mut pty = reader(&["--config", path.to_str().unwrap()], home.path());
    pty.expect("my.toml line 6: keys.jump: unknown action");
    pty.keys("!");
    pty.expect("unknown action");
    pty.keys("\x1b");
    pty.keys("x");
    assert_eq!(pty.wait_exit(), 0);
}

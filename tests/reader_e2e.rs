//! The real reader in a pseudo-terminal, driven by key presses: open the
//! sample data, move, open an entry, search, follow a link inside folio
//! and come back, open an outside link in "the browser", quit cleanly.

mod support;

use std::time::{Duration, Instant};

use support::Pty;

fn start(args: &[&str], env: &[(&str, &str)]) -> (Pty, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let pty = Pty::spawn(args, env, home.path(), 110, 32);
    (pty, home)
}

#[test]
fn browse_open_and_quit_restores_the_terminal() {
    let (mut pty, _home) = start(&[], &[]);
    pty.expect("Promoting international");
    pty.expect("? help");
    pty.expect_gone("loading");
    assert!(pty.alternate_screen());
    let rows = count_rows(&pty);
    pty.expect(&format!(" 1/{rows} "));
    pty.keys("G");
    pty.expect(&format!(" {rows}/{rows} "));
    pty.keys("g");
    // the first row's title (as far as the list shows it) heads the body once opened
    let title = row_title(&pty, 1);
    pty.keys("\r");
    pty.wait_for(
        |s| s.lines().next().is_some_and(|top| top.contains(&title)),
        &format!("the body to open with {title:?}"),
    );
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    pty.wait_for(|_| true, "");
    assert!(!pty.alternate_screen(), "the main screen is back");
}

/// The title of the list's row `n` (from 1), as far as the list shows it.
fn row_title(pty: &Pty, n: usize) -> String {
    let row = pty.screen().lines().nth(n).unwrap_or_default().to_owned();
    let title: String = row
        .trim_start_matches('│')
        .chars()
        .skip(3 + 11) // the unread and star markers, the date
        .take_while(|c| *c != '…' && *c != '│')
        .collect();
    let title = title.trim().to_owned();
    assert!(title.len() > 10, "{row}");
    title
}

#[test]
fn moving_in_the_list_previews_the_entry_without_reading_it() {
    let (mut pty, _home) = start(&[], &[]);
    pty.expect("? help");
    pty.expect_gone("loading");
    let rows = count_rows(&pty);
    pty.expect(&format!(" {rows} unread"));
    pty.keys("j");
    pty.expect(&format!(" 2/{rows} "));
    let title = row_title(&pty, 2);
    pty.wait_for(
        |s| s.lines().next().is_some_and(|top| top.contains(&title)),
        &format!("the body pane to preview {title:?}"),
    );
    assert!(
        pty.screen().contains(&format!(" {rows} unread")),
        "not read"
    );
    pty.keys("\r");
    pty.expect(&format!(" {} unread", rows - 1));
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

/// The total in the status bar's "N/M".
fn count_rows(pty: &Pty) -> usize {
    let screen = pty.screen();
    let status = screen.lines().last().unwrap_or_default().trim().to_owned();
    status
        .split_whitespace()
        .next()
        .and_then(|p| p.split('/').nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn search_narrows_the_list_and_esc_restores_it() {
    let (mut pty, _home) = start(&[], &[]);
    pty.expect("Why we started Norms Lab");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
    let all = count_rows(&pty);
    assert!(all > 5);
    pty.keys("/toronto");
    pty.expect(&format!(" 2 of {all} "));
    pty.expect_gone("Why we started Norms Lab");
    pty.keys("\x1b");
    pty.expect("Why we started Norms Lab");
    assert_eq!(count_rows(&pty), all);
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn once_indexed_search_finds_words_in_bodies_and_the_index_persists() {
    let (mut pty, home) = start(&[], &[]);
    pty.expect("Why we started Norms Lab");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
    let all = count_rows(&pty);
    // Only the body of the Mozilla post mentions Shellshock.
    pty.keys("/shellshock");
    pty.expect(&format!(" 1 of {all} "));
    pty.expect("Promoting international");
    pty.keys("\r\r");
    pty.wait_for(
        |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains("Promoting"))
        },
        "the hit to open",
    );
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
    let cache = home.path().join("xdg_cache_home").join("folio");
    assert!(
        std::fs::read_dir(&cache).is_ok_and(|mut d| d.next().is_some()),
        "the index persists in the user's cache folder, {}",
        cache.display()
    );
}

#[test]
fn follow_a_link_to_another_entry_and_come_back() {
    let (mut pty, _home) = start(&[], &[]);
    pty.expect("Responsible");
    pty.keys("/field guide");
    pty.keys("\r");
    pty.keys("\r");
    pty.wait_for(|s| s.contains("United Nations"), "the post's body");
    // its third link goes to the workshop announcement, another entry
    pty.keys("3");
    pty.keys("\r");
    pty.keys("\r");
    pty.wait_for(
        |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains("Call for participants"))
        },
        "the linked entry to open in the body",
    );
    pty.keys("\x7f");
    pty.wait_for(
        |s| {
            s.lines()
                .next()
                .is_some_and(|top| top.contains("a field guide"))
        },
        "backspace to return to the post",
    );
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn an_outside_link_goes_to_the_browser_with_its_exact_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("opened-url");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            out.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let browser = script.to_str().unwrap().to_owned();
    let (mut pty, _home) = start(&[], &[("BROWSER", &browser)]);
    pty.expect("Promoting international");
    pty.keys("/promoting");
    pty.keys("\r");
    pty.keys("\r");
    pty.expect("Heartbleed");
    pty.keys("]");
    pty.keys("\r");
    let start = Instant::now();
    while !out.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the browser script never ran:\n{}",
            pty.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "http://www.washingtonpost.com/blogs/the-switch/wp/2014/04/14/heartbleed-is-about-to-get-worse-and-it-will-slow-the-internet-to-a-crawl"
    );
    // the screen is intact: still the reader, still the entry
    pty.expect("opening http://www.washingtonpost.com");
    assert!(pty.alternate_screen());
    assert!(pty.screen().contains("Promoting international norm"));
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_tiny_terminal_says_so() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], &[], home.path(), 18, 5);
    pty.expect("terminal too small");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_missing_path_fails_before_the_screen_changes() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["no/such/dir"], &[], home.path(), 80, 24);
    assert_eq!(pty.wait_exit(), 1);
    pty.expect("no/such/dir: no such file or folder");
    assert!(!pty.alternate_screen());
}

#[test]
fn resizing_the_terminal_redraws_at_the_new_size() {
    // Resizes reach the reader through its input thread (SIGWINCH wakes
    // it): shrunk under 80 columns it shows one pane, grown back two.
    let (mut pty, _home) = start(&[], &[]);
    pty.expect("Promoting international");
    pty.expect_gone("loading");
    let two_panes = |s: &str| {
        s.lines()
            .next()
            .is_some_and(|top| top.matches('┐').count() == 2)
    };
    pty.wait_for(two_panes, "two panes at 110 columns");
    pty.resize(60, 20);
    pty.wait_for(
        |s| {
            s.lines().next().is_some_and(|top| {
                top.trim_end().chars().count() == 60 && top.matches('┐').count() == 1
            })
        },
        "one pane, 60 columns wide",
    );
    pty.resize(110, 32);
    pty.wait_for(two_panes, "two panes again");
    pty.keys("Q");
    assert_eq!(pty.wait_exit(), 0);
}

/// Reading straight through in a real terminal: J opens the next entry,
/// space at the end of one opens the next, n the next unread one, q goes
/// back to the list and q again quits.
#[test]
fn reading_straight_through_then_q_back_and_q_out() {
    let (mut pty, _home) = start(&["--no-state"], &[]);
    pty.expect("? help");
    pty.expect_gone("loading");
    let rows = count_rows(&pty);
    pty.keys("\r");
    pty.expect(&format!(" 1/{rows} "));
    pty.keys("J");
    pty.expect(&format!(" 2/{rows} "));
    // Space until the entry ends, then once more: the third entry.
    let started = Instant::now();
    while !pty.screen().contains(&format!(" 3/{rows} ")) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "space never reached the next entry"
        );
        pty.keys(" ");
        std::thread::sleep(Duration::from_millis(30));
    }
    // Entries 1 to 3 are read: n opens the fourth.
    pty.keys("K");
    pty.keys("K");
    pty.expect(&format!(" 1/{rows} "));
    pty.keys("n");
    pty.expect(&format!(" 4/{rows} "));
    pty.keys("q");
    assert_eq!(
        pty.exit_within(Duration::from_millis(500)),
        None,
        "q in the body goes back to the list"
    );
    assert!(pty.alternate_screen());
    pty.keys("q");
    assert_eq!(pty.wait_exit(), 0);
}

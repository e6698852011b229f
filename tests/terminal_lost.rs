//! folio never outlives its terminal (issue 10): closing the terminal
//! (the master side of the pseudo-terminal, as a closed window, a dropped
//! SSH connection or `tmux kill-server` do), SIGHUP, SIGTERM and SIGINT
//! end the reader within 2 seconds, while it loads and once idle, with
//! the marks made before it in the state file and the exit status a shell
//! expects (128 + the signal; 129 for a lost terminal).

mod support;

use std::path::Path;
use std::time::Duration;

use support::{Pty, starred};

/// How long folio may take to exit (the bound; folio itself
/// exits within 0.9 s of a stop, saved or not).
const EXIT_WITHIN: Duration = Duration::from_secs(2);

/// Stars the selected entry (the list's first row) and returns the title
/// the row shows, once the screen shows it starred.
fn star_first_row(pty: &mut Pty) -> String {
    pty.keys("*");
    pty.wait_for(
        |s| s.lines().nth(1).is_some_and(|row| row.contains('*')),
        "the first row to show its star",
    );
    let row = pty.screen().lines().nth(1).unwrap_or_default().to_owned();
    row.trim_start_matches('│')
        .chars()
        .skip(3 + 11)
        .take_while(|c| *c != '…' && *c != '│')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Waits for folio to exit after what ended it; its status.
fn exit_status(pty: &mut Pty, what: &str) -> u32 {
    pty.exit_within(EXIT_WITHIN)
        .unwrap_or_else(|| panic!("folio still runs {EXIT_WITHIN:?} after {what}"))
}

fn assert_starred(home: &Path, args: &[&str], title: &str) {
    let starred = starred(home, args);
    assert!(
        starred.len() == 1 && starred[0].starts_with(title),
        "the star on {title:?} was saved: {starred:?}"
    );
}

/// The sample data, loaded and idle.
fn idle_reader(home: &Path, controlling: bool) -> Pty {
    let pty = Pty::start(&[], &[], home, (110, 32), controlling);
    pty.expect(" unread");
    pty.expect_gone("loading");
    pty.expect_gone("indexing");
    pty
}

/// A generated folder, still loading or indexing when this returns.
fn busy_reader(home: &Path, corpus: &Path) -> Pty {
    support::generated_folder(corpus, 600, 10);
    let pty = Pty::start(&[corpus.to_str().unwrap()], &[], home, (110, 32), true);
    pty.expect("Generated post");
    pty
}

fn assert_busy(pty: &Pty) {
    let screen = pty.screen();
    assert!(
        screen.contains("loading") || screen.contains("indexing"),
        "folio was meant to be busy:\n{screen}"
    );
}

#[test]
fn closing_the_terminal_of_an_idle_reader_ends_it_and_keeps_the_marks() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = idle_reader(home.path(), true);
    let title = star_first_row(&mut pty);
    pty.hang_up();
    assert_eq!(exit_status(&mut pty, "its terminal closed"), 129);
    assert_starred(home.path(), &[], &title);
}

#[test]
fn the_end_of_input_alone_ends_a_reader_that_gets_no_sighup() {
    // Not folio's controlling terminal: closing it sends no SIGHUP, so
    // only the terminal's end (poll's POLLHUP, a read at end of file) can
    // tell folio.
    let home = tempfile::tempdir().unwrap();
    let mut pty = idle_reader(home.path(), false);
    let title = star_first_row(&mut pty);
    pty.hang_up();
    assert_eq!(exit_status(&mut pty, "its terminal closed"), 129);
    assert_starred(home.path(), &[], &title);
}

#[test]
fn closing_the_terminal_while_loading_ends_folio_and_keeps_the_marks() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    let mut pty = busy_reader(home.path(), &corpus);
    let title = star_first_row(&mut pty);
    assert_busy(&pty);
    pty.hang_up();
    assert_eq!(exit_status(&mut pty, "its terminal closed"), 129);
    assert_starred(home.path(), &[corpus.to_str().unwrap()], &title);
}

#[test]
fn sigterm_while_loading_ends_folio_and_keeps_the_marks() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    let mut pty = busy_reader(home.path(), &corpus);
    let title = star_first_row(&mut pty);
    assert_busy(&pty);
    pty.signal("TERM");
    assert_eq!(exit_status(&mut pty, "SIGTERM"), 143);
    assert_starred(home.path(), &[corpus.to_str().unwrap()], &title);
}

#[test]
fn sighup_and_sigint_end_an_idle_reader_and_keep_the_marks() {
    for (signal, status) in [("HUP", 129), ("INT", 130), ("TERM", 143)] {
        let home = tempfile::tempdir().unwrap();
        let mut pty = idle_reader(home.path(), true);
        let title = star_first_row(&mut pty);
        pty.signal(signal);
        assert_eq!(exit_status(&mut pty, signal), status, "SIG{signal}");
        pty.expect_main_screen();
        assert_starred(home.path(), &[], &title);
    }
}

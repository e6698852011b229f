//! Reading-state transitions: every new command, the stored state
//! arriving before or after the entries, resuming, and what is handed to
//! the store.

use std::collections::HashMap;

use crate::app::action::{Action, Command};
use crate::app::effect::Effect;
use crate::app::marks::Marks;
use crate::app::settings::Settings;
use crate::app::state::{Focus, State};
use crate::app::update::update;
use crate::corpus::Corpus;
use crate::load::FileReport;
use crate::model::{Body, Date, Entry};
use crate::store::{Change, EntryState, Place, Scroll, Snapshot};

fn entry(id: &str, title: &str, day: u32, paragraphs: usize) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        date: Some(Date::Day(
            chrono::NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
        )),
        url: Some(format!("https://example.org/{id}/")),
        body: Body::Html(
            (0..paragraphs)
                .map(|i| format!("<p>Line {i} of {title}.</p>"))
                .collect(),
        ),
        ..Entry::default()
    }
}

fn entries() -> Vec<Entry> {
    vec![
        entry("a", "Alpha", 1, 3),
        entry("b", "Beta", 2, 200),
        entry("c", "Gamma", 3, 3),
    ]
}

/// A reader keeping state for the store, entries a, b, c (c first: newest).
fn state() -> State {
    let mut s = State::new(Corpus::new(entries(), vec![]), 100, 30);
    s.configure(Settings::default(), Marks::new(Some("corpus".into())));
    s
}

fn key(id: &str) -> String {
    format!("example.org/{id}")
}

fn cmd(s: &mut State, c: Command) -> Option<Effect> {
    update(s, Action::Command(c))
}

/// The changes an effect hands to the store.
fn saved(effect: Option<Effect>) -> Vec<Change> {
    match effect {
        Some(Effect::Save(changes)) => changes,
        Some(Effect::Many(effects)) => effects.into_iter().flat_map(|e| saved(Some(e))).collect(),
        _ => Vec::new(),
    }
}

fn read(ids: &[&str], read: bool) -> Change {
    Change::Read {
        keys: ids.iter().map(|i| key(i)).collect(),
        read,
    }
}

fn row_of(s: &State, id: &str) -> usize {
    s.rows
        .iter()
        .position(|&i| s.corpus.entries[i].id == id)
        .unwrap()
}

fn select(s: &mut State, id: &str) {
    cmd(s, Command::Top);
    for _ in 0..row_of(s, id) {
        cmd(s, Command::Down);
    }
}

fn index(s: &State, id: &str) -> usize {
    s.corpus.by_id(id).unwrap()
}

#[test]
fn everything_starts_unread() {
    let s = state();
    assert_eq!(s.marks.unread(), 3);
    assert!(!s.marks.is_read(0) && !s.marks.is_starred(0));
}

#[test]
fn opening_an_entry_marks_it_read_and_saves_that() {
    let mut s = state();
    let effect = cmd(&mut s, Command::Open);
    assert!(s.marks.is_read(index(&s, "c")));
    assert_eq!(s.marks.unread(), 2);
    assert_eq!(saved(effect), [read(&["c"], true)]);
    cmd(&mut s, Command::Left);
    assert!(saved(cmd(&mut s, Command::Open)).is_empty(), "already read");
}

#[test]
fn r_toggles_the_selected_entry_or_the_open_one() {
    let mut s = state();
    select(&mut s, "b");
    assert_eq!(
        saved(cmd(&mut s, Command::ToggleRead)),
        [read(&["b"], true)]
    );
    assert!(s.marks.is_read(index(&s, "b")));
    assert_eq!(s.message.as_ref().unwrap().text, "marked read");
    assert_eq!(
        saved(cmd(&mut s, Command::ToggleRead)),
        [read(&["b"], false)]
    );
    assert_eq!(s.marks.unread(), 3);
    // in the body: the open entry, even when the list moved on
    select(&mut s, "a");
    cmd(&mut s, Command::Open);
    assert_eq!(s.focus, Focus::Body);
    assert_eq!(
        saved(cmd(&mut s, Command::ToggleRead)),
        [read(&["a"], false)]
    );
    assert!(!s.marks.is_read(index(&s, "a")));
    assert_eq!(s.message.as_ref().unwrap().text, "marked unread");
}

#[test]
fn star_toggles_from_the_list_and_the_body() {
    let mut s = state();
    select(&mut s, "a");
    let star = |on| Change::Star {
        key: key("a"),
        starred: on,
    };
    assert_eq!(saved(cmd(&mut s, Command::ToggleStar)), [star(true)]);
    assert!(s.marks.is_starred(index(&s, "a")));
    assert!(!s.marks.is_read(index(&s, "a")), "a star does not read");
    cmd(&mut s, Command::Open);
    assert_eq!(saved(cmd(&mut s, Command::ToggleStar)), [star(false)]);
    assert!(!s.marks.is_starred(index(&s, "a")));
    assert_eq!(s.message.as_ref().unwrap().text, "unstarred");
}

#[test]
fn mark_all_read_takes_the_list_as_filtered() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    for c in "aa".chars() {
        update(&mut s, Action::Char(c)); // Alpha, Gamma (fuzzy)
    }
    cmd(&mut s, Command::Open);
    let rows: Vec<String> = s
        .rows
        .iter()
        .map(|&i| s.corpus.entries[i].id.clone())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(!rows.contains(&"b".to_owned()), "{rows:?}");
    let changes = saved(cmd(&mut s, Command::MarkAllRead));
    let Change::Read { keys, read } = &changes[0] else {
        panic!("{changes:?}")
    };
    assert!(*read);
    assert_eq!(keys.len(), rows.len());
    assert!(!keys.contains(&key("b")));
    assert!(!s.marks.is_read(index(&s, "b")));
    assert_eq!(s.marks.unread(), 1);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("in this list marked read")
    );
    assert!(saved(cmd(&mut s, Command::MarkAllRead)).is_empty());
    assert!(s.message.as_ref().unwrap().text.contains("already read"));
}

#[test]
fn mark_all_read_on_an_empty_list_says_there_is_nothing() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    for c in "zzzz".chars() {
        update(&mut s, Action::Char(c));
    }
    cmd(&mut s, Command::Open);
    assert!(s.rows.is_empty());
    assert!(saved(cmd(&mut s, Command::MarkAllRead)).is_empty());
    let text = &s.message.as_ref().unwrap().text;
    assert_eq!(text, "the list is empty: there is nothing to mark read");
}

#[test]
fn starred_only_shows_the_starred_entries() {
    let mut s = state();
    let all = s.rows.len();
    select(&mut s, "b");
    cmd(&mut s, Command::ToggleStar);
    select(&mut s, "a");
    cmd(&mut s, Command::ToggleStarredOnly);
    assert!(s.marks.starred_only);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&i| s.corpus.entries[i].id.as_str())
        .collect();
    // b, and a, which was selected when the view was turned on.
    assert!(ids.contains(&"b") && ids.len() < all, "{ids:?}");
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("starred entries only")
    );
    cmd(&mut s, Command::ToggleStarredOnly);
    assert_eq!(s.rows.len(), all);
}

#[test]
fn unread_only_hides_read_entries_but_not_the_open_one() {
    let mut s = state();
    select(&mut s, "b");
    cmd(&mut s, Command::ToggleRead);
    select(&mut s, "c");
    cmd(&mut s, Command::Open); // c is read and open
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::ToggleUnreadOnly);
    assert!(s.marks.unread_only);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&i| s.corpus.entries[i].id.as_str())
        .collect();
    assert_eq!(ids, ["c", "a"], "b is read; c is open");
    assert!(s.message.as_ref().unwrap().text.contains("u shows all"));
    cmd(&mut s, Command::ToggleUnreadOnly);
    assert_eq!(s.rows.len(), 3);
}

#[test]
fn is_filters_in_the_search_prompt() {
    let mut s = state();
    select(&mut s, "b");
    cmd(&mut s, Command::ToggleStar);
    select(&mut s, "a");
    cmd(&mut s, Command::ToggleRead);
    let search = |s: &mut State, q: &str| -> Vec<String> {
        cmd(s, Command::Close);
        cmd(s, Command::Close);
        cmd(s, Command::Search);
        for c in q.chars() {
            update(s, Action::Char(c));
        }
        s.rows
            .iter()
            .map(|&i| s.corpus.entries[i].id.clone())
            .collect()
    };
    assert_eq!(search(&mut s, "is:unread"), ["c", "b"]);
    assert_eq!(search(&mut s, "is:read"), ["a"]);
    assert_eq!(search(&mut s, "is:starred"), ["b"]);
    assert_eq!(search(&mut s, "-is:read gamma"), ["c"]);
    assert_eq!(search(&mut s, "IS:Starred -is:read"), ["b"]);
    let rows = search(&mut s, "is:soon");
    assert_eq!(rows.len(), 3, "a bad value filters nothing");
    let m = s.message.as_ref().unwrap();
    assert!(
        m.error && m.text.contains("unread, read, starred or withdrawn"),
        "{}",
        m.text
    );
}

#[test]
fn the_stored_state_applies_to_entries_loaded_before_and_after_it() {
    let mut s = State::new(Corpus::default(), 100, 30);
    s.configure(Settings::default(), Marks::new(Some("corpus".into())));
    s.loading = true;
    let report = || FileReport {
        path: "f".into(),
        format: None,
        entries: 1,
        diagnostics: vec![],
    };
    let mut all = entries().into_iter();
    update(
        &mut s,
        Action::Loaded(vec![(vec![all.next().unwrap()], report())]),
    );
    // the user marks a before the stored state arrives: that wins
    cmd(&mut s, Command::ToggleStar);
    let mut stored = HashMap::new();
    for (id, read, starred) in [("a", true, false), ("b", true, true)] {
        stored.insert(
            key(id),
            EntryState {
                read,
                starred,
                scroll: None,
            },
        );
    }
    update(
        &mut s,
        Action::StateLoaded(Snapshot {
            entries: stored,
            places: vec![],
        }),
    );
    assert!(s.marks.is_starred(0), "the session's change stands");
    assert!(
        s.marks.is_read(0),
        "what the session did not change comes from the store"
    );
    update(&mut s, Action::Loaded(vec![(all.collect(), report())]));
    let (b, c) = (index(&s, "b"), index(&s, "c"));
    assert!(s.marks.is_read(b) && s.marks.is_starred(b));
    assert!(!s.marks.is_read(c));
    assert_eq!(s.marks.unread(), 1);
    update(&mut s, Action::LoadFinished);
}

#[test]
fn each_entry_reopens_where_it_was_left() {
    let mut s = state();
    select(&mut s, "b");
    cmd(&mut s, Command::Open);
    for _ in 0..3 {
        cmd(&mut s, Command::PageDown);
    }
    let left_at = s.reading.as_ref().unwrap().scroll;
    assert!(left_at > 20);
    let lines = s.reading.as_ref().unwrap().rendered.lines.len();
    cmd(&mut s, Command::Left);
    select(&mut s, "a");
    let changes = saved(cmd(&mut s, Command::Open));
    assert!(changes.contains(&Change::Scroll {
        key: key("b"),
        scroll: Scroll {
            line: left_at as u32,
            lines: lines as u32
        }
    }));
    cmd(&mut s, Command::Left);
    select(&mut s, "b");
    cmd(&mut s, Command::Open);
    assert_eq!(s.reading.as_ref().unwrap().scroll, left_at);
    // at another width, the same part of the text
    cmd(&mut s, Command::Left);
    select(&mut s, "a");
    cmd(&mut s, Command::Open);
    update(
        &mut s,
        Action::Resize {
            width: 60,
            height: 30,
        },
    );
    cmd(&mut s, Command::Left);
    select(&mut s, "b");
    cmd(&mut s, Command::Open);
    let r = s.reading.as_ref().unwrap();
    let fraction = r.scroll as f64 / r.rendered.lines.len() as f64;
    let before = left_at as f64 / lines as f64;
    assert!((fraction - before).abs() < 0.02, "{fraction} vs {before}");
}

#[test]
fn quitting_saves_the_place_and_the_scroll() {
    let mut s = state();
    select(&mut s, "b");
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::PageDown);
    let changes = saved(cmd(&mut s, Command::QuitAll));
    assert!(s.quit);
    assert!(matches!(&changes[0], Change::Scroll { key: k, .. } if *k == key("b")));
    assert_eq!(
        changes[1],
        Change::Place(Place {
            corpus: "corpus".into(),
            entry: key("b"),
            reading: true
        })
    );
    // in the list, with nothing open: not reading
    let mut s = state();
    cmd(&mut s, Command::Down);
    let changes = saved(update(&mut s, Action::ForceQuit));
    assert_eq!(
        changes,
        [Change::Place(Place {
            corpus: "corpus".into(),
            entry: key("b"),
            reading: false
        })]
    );
}

fn snapshot_with_place(reading: bool) -> Snapshot {
    let mut entries = HashMap::new();
    entries.insert(
        key("b"),
        EntryState {
            read: true,
            starred: false,
            scroll: Some(Scroll { line: 30, lines: 0 }),
        },
    );
    Snapshot {
        entries,
        places: vec![
            Place {
                corpus: "elsewhere".into(),
                entry: key("c"),
                reading: false,
            },
            Place {
                corpus: "corpus".into(),
                entry: key("b"),
                reading,
            },
        ],
    }
}

#[test]
fn the_last_place_is_resumed_once_its_entry_is_there() {
    let mut s = state();
    update(&mut s, Action::StateLoaded(snapshot_with_place(true)));
    assert_eq!(
        s.selected_entry(),
        Some(index(&s, "b")),
        "this corpus's place"
    );
    assert_eq!(s.focus, Focus::Body);
    let r = s.reading.as_ref().unwrap();
    assert_eq!((r.entry, r.scroll), (index(&s, "b"), 30));

    let mut s = state();
    update(&mut s, Action::StateLoaded(snapshot_with_place(false)));
    assert_eq!(s.selected_entry(), Some(index(&s, "b")));
    assert!(s.reading.is_none());
}

#[test]
fn a_user_who_already_moved_is_not_moved_back() {
    let mut s = state();
    cmd(&mut s, Command::Bottom);
    update(&mut s, Action::StateLoaded(snapshot_with_place(true)));
    assert_eq!(s.selected_entry(), Some(index(&s, "a")));
    assert!(s.reading.is_none());
}

#[test]
fn without_a_store_marks_last_the_session_only() {
    let mut s = State::new(Corpus::new(entries(), vec![]), 100, 30);
    assert_eq!(cmd(&mut s, Command::Open), None);
    assert!(s.marks.is_read(index(&s, "c")));
    assert_eq!(cmd(&mut s, Command::ToggleStar), None);
    assert!(s.marks.is_starred(index(&s, "c")));
    assert_eq!(s.marks.key(0), "");
    assert_eq!(cmd(&mut s, Command::Quit), None);
}

#[test]
fn the_reader_knows_while_the_stored_state_is_on_its_way() {
    let mut s = state();
    assert!(s.marks.awaiting_snapshot());
    update(&mut s, Action::LoadFinished);
    assert!(
        s.marks.awaiting_snapshot(),
        "loading over, state not yet in"
    );
    update(&mut s, Action::StateLoaded(Snapshot::default()));
    assert!(!s.marks.awaiting_snapshot());

    let mut s = state();
    update(&mut s, Action::StateUnavailable("locked".into()));
    assert!(!s.marks.awaiting_snapshot(), "no snapshot will come");

    let mut s = State::new(Corpus::new(entries(), vec![]), 100, 30);
    s.configure(Settings::default(), Marks::new(None));
    assert!(!s.marks.awaiting_snapshot(), "--no-state waits for nothing");
}

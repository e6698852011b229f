//! State transitions: every command and action, driven through `update`
//! on a small corpus whose entries link to each other, without a terminal.

use std::sync::Arc;

use super::action::{Action, Command, Point};
use super::effect::Effect;
use super::filter::{FullText, FullTextHits};
use super::preview;
use super::state::{Focus, Indexing, Overlay, PromptKind, State};
use super::update::update;
use crate::corpus::{Corpus, Sort};
use crate::load::{Diagnostic, FileReport};
use crate::model::{Body, Date, Entry};

fn entry(id: &str, title: &str, day: u32, body: &str) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        date: Some(Date::Day(
            chrono::NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
        )),
        url: Some(format!("https://example.org/{id}/")),
        body: Body::Html(body.into()),
        ..Entry::default()
    }
}

/// Three entries, newest first: c (links to a, and outside), b (long), a.
fn corpus() -> Corpus {
    let long: String = (0..200)
        .map(|i| format!("<p>Line {i} of the norms text.</p>"))
        .collect();
    Corpus::new(
        vec![
            entry("a", "Alpha workshop", 1, "<p>First entry about norms.</p>"),
            entry("b", "Beta report", 2, &long),
            entry(
                "c",
                "Gamma notes",
                3,
                "<p>See <a href=\"https://example.org/a/\">alpha</a>, \
                 <a href=\"https://elsewhere.example.net/x\">outside</a>, \
                 <a href=\"javascript:alert(1)\">bad</a> and \
                 <a href=\"mailto:me@example.org\">mail</a>.</p>",
            ),
        ],
        vec![],
    )
}

fn state() -> State {
    State::new(corpus(), 100, 30)
}

/// Applies `action` as the reader does: a preview it asks for is rendered
/// and comes back before the next action. The other effects are returned.
fn act(s: &mut State, action: Action) -> Option<Effect> {
    let (jobs, rest) = match update(s, action) {
        Some(Effect::Render(job)) => (vec![*job], None),
        Some(Effect::Many(effects)) => {
            let (jobs, mut rest): (Vec<_>, Vec<_>) = effects
                .into_iter()
                .partition(|e| matches!(e, Effect::Render(_)));
            let rest = match rest.len() {
                0 | 1 => rest.pop(),
                _ => Some(Effect::Many(rest)),
            };
            (preview::jobs(Some(Effect::Many(jobs))), rest)
        }
        other => (Vec::new(), other),
    };
    for job in jobs {
        let done = preview::run(job, |_| Err("no files here".into()));
        act(s, Action::Rendered(Box::new(done)));
    }
    rest
}

fn cmd(s: &mut State, c: Command) -> Option<Effect> {
    act(s, Action::Command(c))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        act(s, Action::Char(c));
    }
}

fn open_title(s: &State) -> Option<&str> {
    s.reading
        .as_ref()
        .map(|r| s.corpus.entries[r.entry].title.as_str())
}

#[test]
fn list_starts_newest_first_with_the_first_row_selected() {
    let s = state();
    assert_eq!(s.rows, [2, 1, 0]);
    assert_eq!(s.selected, 0);
    assert_eq!(s.focus, Focus::List);
}

#[test]
fn moving_in_the_list_stays_in_bounds() {
    let mut s = state();
    cmd(&mut s, Command::Up);
    assert_eq!(s.selected, 0);
    cmd(&mut s, Command::Down);
    assert_eq!(s.selected, 1);
    cmd(&mut s, Command::Bottom);
    assert_eq!(s.selected, 2);
    cmd(&mut s, Command::Down);
    assert_eq!(s.selected, 2);
    cmd(&mut s, Command::Top);
    assert_eq!(s.selected, 0);
    cmd(&mut s, Command::PageDown);
    assert_eq!(s.selected, 2);
    cmd(&mut s, Command::HalfPageUp);
    assert_eq!(s.selected, 0);
}

#[test]
fn enter_opens_the_entry_and_focuses_the_body() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    assert_eq!(s.focus, Focus::Body);
    assert_eq!(open_title(&s), Some("Beta report"));
}

#[test]
fn scrolling_the_body_stays_in_bounds() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    let scroll = |s: &State| s.reading.as_ref().unwrap().scroll;
    cmd(&mut s, Command::Down);
    assert_eq!(scroll(&s), 1);
    cmd(&mut s, Command::Up);
    cmd(&mut s, Command::Up);
    assert_eq!(scroll(&s), 0);
    cmd(&mut s, Command::PageDown);
    assert_eq!(scroll(&s), s.body_height() - 1);
    cmd(&mut s, Command::HalfPageDown);
    assert_eq!(scroll(&s), s.body_height() - 1 + s.body_height() / 2);
    cmd(&mut s, Command::Bottom);
    assert_eq!(scroll(&s), s.max_scroll());
    cmd(&mut s, Command::PageDown);
    assert_eq!(scroll(&s), s.max_scroll());
    cmd(&mut s, Command::Top);
    assert_eq!(scroll(&s), 0);
}

#[test]
fn esc_and_left_return_to_the_list() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Left);
    assert_eq!(s.focus, Focus::List);
    cmd(&mut s, Command::FocusNext);
    assert_eq!(s.focus, Focus::Body, "tab goes back to the open body");
    cmd(&mut s, Command::Close);
    assert_eq!(s.focus, Focus::List);
    assert!(s.reading.is_some(), "the entry stays open beside the list");
}

#[test]
fn links_are_selected_in_order_and_wrap() {
    let mut s = state();
    cmd(&mut s, Command::Open); // Gamma notes: four links
    let number = |s: &State| {
        let r = s.reading.as_ref().unwrap();
        r.link.map(|i| r.rendered.spans[i].number)
    };
    assert_eq!(number(&s), None);
    cmd(&mut s, Command::NextLink);
    assert_eq!(number(&s), Some(1));
    cmd(&mut s, Command::FocusNext); // tab with a link selected: next link
    assert_eq!(number(&s), Some(2));
    cmd(&mut s, Command::PrevLink);
    assert_eq!(number(&s), Some(1));
    cmd(&mut s, Command::FocusPrev);
    assert_eq!(number(&s), Some(4), "shift-tab wraps to the last link");
    cmd(&mut s, Command::Close);
    assert_eq!(number(&s), None, "esc clears the selection first");
    assert_eq!(s.focus, Focus::Body);
}

#[test]
fn a_typed_number_then_enter_selects_that_link() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    typed(&mut s, "3");
    assert_eq!(s.link_number, "3");
    cmd(&mut s, Command::Open);
    let r = s.reading.as_ref().unwrap();
    assert_eq!(r.link.map(|i| r.rendered.spans[i].number), Some(3));
    assert!(s.link_number.is_empty());
    typed(&mut s, "9");
    cmd(&mut s, Command::Open);
    assert!(s.message.as_ref().unwrap().text.contains("no link 9"));
}

#[test]
fn following_an_internal_link_opens_the_entry_and_back_returns() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Down); // scroll a little: the place to come back to
    let before = s.reading.as_ref().unwrap().scroll;
    cmd(&mut s, Command::NextLink);
    let followed = s.reading.as_ref().unwrap().link;
    assert!(followed.is_some());
    assert_eq!(
        cmd(&mut s, Command::Open),
        None,
        "no browser for an entry of the corpus"
    );
    assert_eq!(open_title(&s), Some("Alpha workshop"));
    assert_eq!(s.history.back.len(), 1);
    cmd(&mut s, Command::HistoryBack);
    assert_eq!(open_title(&s), Some("Gamma notes"));
    assert_eq!(s.reading.as_ref().unwrap().scroll, before);
    assert_eq!(
        s.reading.as_ref().unwrap().link,
        followed,
        "the followed link is selected again, as w3m and lynx do"
    );
    cmd(&mut s, Command::HistoryForward);
    assert_eq!(open_title(&s), Some("Alpha workshop"));
    cmd(&mut s, Command::HistoryForward);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to go forward")
    );
}

#[test]
fn outside_links_open_in_the_browser_and_other_schemes_do_not() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    typed(&mut s, "2");
    cmd(&mut s, Command::Open);
    assert_eq!(
        cmd(&mut s, Command::Open),
        Some(Effect::OpenUrl("https://elsewhere.example.net/x".into()))
    );
    typed(&mut s, "3");
    cmd(&mut s, Command::Open);
    assert_eq!(cmd(&mut s, Command::Open), None);
    assert!(s.message.as_ref().unwrap().text.contains("javascript:"));
    typed(&mut s, "4");
    cmd(&mut s, Command::Open);
    assert_eq!(
        cmd(&mut s, Command::Open),
        Some(Effect::OpenUrl("mailto:me@example.org".into()))
    );
}

#[test]
fn o_opens_the_entry_url_and_y_copies() {
    let mut s = state();
    assert_eq!(
        cmd(&mut s, Command::OpenInBrowser),
        Some(Effect::OpenUrl("https://example.org/c/".into()))
    );
    assert_eq!(
        cmd(&mut s, Command::CopyUrl),
        Some(Effect::Copy("https://example.org/c/".into()))
    );
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::NextLink);
    assert_eq!(
        cmd(&mut s, Command::CopyUrl),
        Some(Effect::Copy("https://example.org/a/".into())),
        "with a link selected, its URL is copied"
    );
}

#[test]
fn the_link_list_overlay_picks_and_follows() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::LinkList);
    assert_eq!(s.overlay, Some(Overlay::Links { selected: 0 }));
    cmd(&mut s, Command::Down);
    assert_eq!(s.overlay, Some(Overlay::Links { selected: 1 }));
    typed(&mut s, "4");
    assert_eq!(s.overlay, Some(Overlay::Links { selected: 3 }));
    typed(&mut s, "1");
    assert_eq!(s.overlay, Some(Overlay::Links { selected: 0 }));
    assert_eq!(cmd(&mut s, Command::Open), None);
    assert_eq!(s.overlay, None);
    assert_eq!(open_title(&s), Some("Alpha workshop"), "link 1 is internal");
}

#[test]
fn help_and_diagnostics_overlays_open_and_close() {
    let mut s = state();
    cmd(&mut s, Command::Help);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 0 }));
    cmd(&mut s, Command::Down);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: 1 }));
    cmd(&mut s, Command::Close);
    assert_eq!(s.overlay, None);
    cmd(&mut s, Command::Diagnostics);
    assert_eq!(s.overlay, None, "nothing to show");
    assert!(s.message.is_some());

    let report = FileReport {
        path: "bad.json".into(),
        format: None,
        entries: 0,
        diagnostics: vec![Diagnostic::error("bad.json", "invalid JSON")],
    };
    update(&mut s, Action::Loaded(vec![(vec![], report)]));
    update(&mut s, Action::LoadFinished);
    assert!(s.message.as_ref().unwrap().text.contains("press !"));
    cmd(&mut s, Command::Diagnostics);
    assert_eq!(s.overlay, Some(Overlay::Diagnostics { scroll: 0 }));
    cmd(&mut s, Command::Quit);
    assert_eq!(s.overlay, None, "q closes an overlay");
    assert!(!s.quit);
}

#[test]
fn filtering_narrows_then_esc_keeps_the_entry_selected_in_it() {
    let mut s = state();
    cmd(&mut s, Command::Down); // Beta selected
    cmd(&mut s, Command::Search);
    assert_eq!(s.prompt.as_ref().unwrap().kind, PromptKind::Filter);
    typed(&mut s, "alpha");
    assert_eq!(s.rows, [0]);
    update(&mut s, Action::Backspace);
    assert_eq!(s.prompt.as_ref().unwrap().text, "alph");
    cmd(&mut s, Command::Close);
    assert!(s.prompt.is_none() && s.filter.is_none());
    assert_eq!(s.rows, [2, 1, 0]);
    assert_eq!(
        s.selected_entry(),
        Some(0),
        "Alpha, selected in the filtered list, stays selected in the whole one"
    );
    // With nothing matching, Esc goes back to what was selected before.
    cmd(&mut s, Command::Up); // Beta
    cmd(&mut s, Command::Search);
    typed(&mut s, "zzzz");
    assert!(s.rows.is_empty());
    cmd(&mut s, Command::Close);
    assert_eq!(s.selected_entry(), Some(1));
}

#[test]
fn prompts_start_empty_and_recall_earlier_patterns() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    typed(&mut s, "alpha");
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Search);
    assert_eq!(s.prompt.as_ref().unwrap().text, "", "/ starts empty");
    assert_eq!(
        s.filter.as_ref().unwrap().query,
        "alpha",
        "the filter stays until typing"
    );
    update(&mut s, Action::Backspace);
    assert_eq!(
        s.filter.as_ref().unwrap().query,
        "alpha",
        "backspace on nothing keeps it"
    );
    typed(&mut s, "beta");
    cmd(&mut s, Command::Open);
    // Up recalls, newest first; down comes back to an empty prompt.
    cmd(&mut s, Command::Search);
    cmd(&mut s, Command::Up);
    assert_eq!(s.prompt.as_ref().unwrap().text, "beta");
    assert_eq!(s.rows, [1], "a recalled pattern filters at once");
    cmd(&mut s, Command::Up);
    assert_eq!(s.prompt.as_ref().unwrap().text, "alpha");
    cmd(&mut s, Command::Up);
    assert_eq!(s.prompt.as_ref().unwrap().text, "alpha", "the oldest stays");
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down);
    assert_eq!(s.prompt.as_ref().unwrap().text, "");
    // Once typing, up and down move in the list again.
    cmd(&mut s, Command::Close);
    cmd(&mut s, Command::Search);
    typed(&mut s, "a");
    let before = s.selected;
    cmd(&mut s, Command::Down);
    assert_eq!(s.prompt.as_ref().unwrap().text, "a");
    assert_eq!(s.selected, before + 1);
    // The find prompt has its own history.
    cmd(&mut s, Command::Close);
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Search);
    assert_eq!(s.prompt.as_ref().unwrap().kind, PromptKind::Find);
    cmd(&mut s, Command::Up);
    assert_eq!(s.prompt.as_ref().unwrap().text, "", "no find yet");
    typed(&mut s, "norms");
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Search);
    cmd(&mut s, Command::Up);
    assert_eq!(s.prompt.as_ref().unwrap().text, "norms");
}

#[test]
fn a_message_about_a_half_typed_query_goes_once_it_is_complete() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    typed(&mut s, "is:");
    assert!(
        s.message.as_ref().is_some_and(|m| m.error),
        "{:?}",
        s.message
    );
    typed(&mut s, "unread");
    assert_eq!(s.message, None, "the query is complete");
}

#[test]
fn enter_keeps_the_filter() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    typed(&mut s, "notes");
    cmd(&mut s, Command::Open);
    assert!(s.prompt.is_none());
    assert_eq!(s.rows, [2]);
    assert_eq!(s.focus, Focus::List);
    cmd(&mut s, Command::Close);
    assert_eq!(s.rows.len(), 3, "esc in the list drops a kept filter");
}

#[derive(Debug)]
struct FakeIndex;

impl FullText for FakeIndex {
    fn search(&self, query: &str, _limit: usize) -> Result<FullTextHits, String> {
        Ok(FullTextHits {
            ids: match query {
                "norms" => vec!["b".into(), "a".into()],
                // A finished word: no prefix matches.
                "norms " => vec!["b".into()],
                _ => vec![],
            },
            terms: vec!["norms".into()],
            warnings: vec![],
        })
    }
}

#[test]
fn full_text_results_replace_fuzzy_titles_once_the_index_is_ready() {
    let mut s = state();
    cmd(&mut s, Command::Search);
    typed(&mut s, "norms");
    assert!(
        s.rows.is_empty(),
        "no title matches \"norms\" while indexing"
    );
    update(&mut s, Action::Indexing { done: 1, total: 4 });
    assert_eq!(s.indexing, Indexing::Building { done: 1, total: 4 });
    assert!(s.rows.is_empty());
    update(&mut s, Action::IndexReady(Ok(Arc::new(FakeIndex))));
    assert_eq!(s.indexing, Indexing::Ready);
    assert_eq!(s.rows, [1, 0], "ranked full-text hits");
    typed(&mut s, " ");
    assert_eq!(s.rows, [1], "a space after the word reaches the index");
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Open);
    let r = s.reading.as_ref().unwrap();
    assert!(
        !r.highlights.is_empty(),
        "the query's words are highlighted"
    );
}

#[test]
fn find_in_the_body_counts_moves_and_wraps() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open); // Beta: "norms" on every line
    cmd(&mut s, Command::Search);
    assert_eq!(s.prompt.as_ref().unwrap().kind, PromptKind::Find);
    typed(&mut s, "NORMS");
    cmd(&mut s, Command::Open);
    let find = |s: &State| s.reading.as_ref().unwrap().find.clone().unwrap();
    assert_eq!(find(&s).matches.len(), 200);
    cmd(&mut s, Command::NextMatch);
    assert_eq!(find(&s).current, 1);
    assert_eq!(s.message.as_ref().unwrap().text, "match 2/200");
    cmd(&mut s, Command::PrevMatch);
    cmd(&mut s, Command::PrevMatch);
    assert_eq!(find(&s).current, 199);
    assert!(s.message.as_ref().unwrap().text.contains("search wrapped"));
    let line = find(&s).matches[199].line;
    let r = s.reading.as_ref().unwrap();
    assert!(
        r.scroll <= line && line < r.scroll + s.body_height(),
        "the match is on screen"
    );
    cmd(&mut s, Command::Close);
    assert!(
        s.reading.as_ref().unwrap().find.is_none(),
        "esc clears the find"
    );
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let mut s = state();
    cmd(&mut s, Command::Down); // Beta
    cmd(&mut s, Command::CycleSort);
    assert_eq!(s.sort, Sort::Title);
    assert_eq!(s.rows, [0, 1, 2]);
    assert_eq!(s.selected_entry(), Some(1));
    cmd(&mut s, Command::CycleSort);
    assert_eq!(s.sort, Sort::Source);
    cmd(&mut s, Command::CycleSort);
    assert_eq!(s.sort, Sort::Date);
}

#[test]
fn resizing_rewraps_and_keeps_the_place() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::HalfPageDown);
    let before = s.reading.as_ref().unwrap().scroll as f64
        / s.reading.as_ref().unwrap().rendered.lines.len() as f64;
    update(
        &mut s,
        Action::Resize {
            width: 50,
            height: 20,
        },
    );
    let r = s.reading.as_ref().unwrap();
    let after = r.scroll as f64 / r.rendered.lines.len() as f64;
    assert!((before - after).abs() < 0.05, "{before} vs {after}");
    assert!(s.areas().list.width == 0, "narrow: the body alone");
    update(
        &mut s,
        Action::Resize {
            width: 10,
            height: 3,
        },
    );
    assert!(s.areas().too_small);
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    let body = s.areas().body_inner();
    let inside = Point {
        column: body.x + 1,
        row: body.y + 1,
    };
    update(&mut s, Action::ScrollDown(inside));
    assert_eq!(s.reading.as_ref().unwrap().scroll, 3);
    update(&mut s, Action::ScrollUp(inside));
    assert_eq!(s.reading.as_ref().unwrap().scroll, 0);

    let list = s.areas().list_inner();
    update(
        &mut s,
        Action::Click(Point {
            column: list.x + 2,
            row: list.y + 2,
        }),
    );
    assert_eq!(s.selected, 2);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(open_title(&s), Some("Beta report"), "one click selects");
    assert_eq!(preview::previewed(&s), Some(0), "and the body previews it");
    let again = Point {
        column: list.x + 5,
        row: list.y + 2,
    };
    update(&mut s, Action::Click(again));
    assert_eq!(
        open_title(&s),
        Some("Alpha workshop"),
        "a second click opens"
    );
    assert_eq!(s.focus, Focus::Body);
}

/// The one rendering `effect` asks for.
fn job(effect: Option<Effect>) -> preview::Job {
    let mut jobs = preview::jobs(effect);
    assert_eq!(jobs.len(), 1, "one rendering asked for");
    jobs.remove(0)
}

fn rendered(s: &mut State, job: preview::Job) -> Option<Effect> {
    let done = preview::run(job, |_| Err("no files here".into()));
    update(s, Action::Rendered(Box::new(done)))
}

fn shown(s: &State) -> &preview::Shown {
    &s.preview.as_ref().unwrap().shown
}

#[test]
fn moving_in_the_list_previews_the_selected_entry_without_reading_it() {
    let mut s = state();
    assert_eq!(preview::previewed(&s), Some(2), "the first row at once");
    let first = job(update(&mut s, Action::Command(Command::Down)));
    assert_eq!(
        first.entry, 1,
        "asked for at once, for the row selected now"
    );
    assert!(matches!(shown(&s), preview::Shown::Waiting));
    assert_eq!(preview::previewed(&s), Some(1));
    assert_eq!(rendered(&mut s, first), None);
    let ready = match shown(&s) {
        preview::Shown::Ready(r) => Arc::clone(r),
        other => panic!("not rendered: {other:?}"),
    };
    assert!(ready.lines.len() > 200, "the whole of Beta's body");
    assert!(!s.marks.is_read(1), "previewing does not read");
    assert!(s.reading.is_none());

    // Up and down again: Beta's rendering is in the cache, nothing to ask.
    cmd(&mut s, Command::Up);
    assert_eq!(update(&mut s, Action::Command(Command::Down)), None);
    assert!(matches!(shown(&s), preview::Shown::Ready(_)));

    // Opening reads it, with the preview's rendering.
    cmd(&mut s, Command::Open);
    assert!(s.marks.is_read(1));
    assert!(Arc::ptr_eq(&s.reading.as_ref().unwrap().rendered, &ready));
    assert_eq!(preview::previewed(&s), None, "the open entry is shown");
    // Back in the list, the open entry shows where it was left.
    cmd(&mut s, Command::PageDown);
    cmd(&mut s, Command::Quit);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(preview::previewed(&s), None);
    assert!(s.reading.as_ref().unwrap().scroll > 0);
}

#[test]
fn a_late_rendering_only_fills_the_cache_and_a_stale_one_is_asked_again() {
    let mut s = state();
    let beta = job(update(&mut s, Action::Command(Command::Down)));
    let alpha = job(update(&mut s, Action::Command(Command::Down)));
    assert_eq!(rendered(&mut s, beta), None, "nothing more to ask");
    assert!(
        matches!(shown(&s), preview::Shown::Waiting),
        "the preview still waits for the entry now selected"
    );
    assert!(
        s.renders.peek("b", s.body_width()).is_some(),
        "but it is cached"
    );

    // The entries were read again (a sync) since Alpha was asked for.
    s.renders.clear();
    let again = job(rendered(&mut s, alpha));
    assert_eq!(again.entry, 0, "asked for again");
    assert!(s.renders.is_empty(), "the stale one is not kept");
    assert_eq!(rendered(&mut s, again), None);
    assert!(matches!(shown(&s), preview::Shown::Ready(_)));
}

#[test]
fn a_rendering_is_cached_even_when_no_preview_waits_for_it() {
    let mut s = state();
    let beta = job(update(&mut s, Action::Command(Command::Down)));
    s.preview = None;
    assert_eq!(rendered(&mut s, beta), None);
    assert!(s.renders.peek("b", s.body_width()).is_some());
}

#[test]
fn a_body_that_cannot_be_read_says_why_in_the_preview() {
    let mut s = state();
    s.corpus.entries[1].body = Body::Unloaded {
        html: true,
        len: 100,
    };
    let job = job(update(&mut s, Action::Command(Command::Down)));
    let done = preview::run(job, |e| {
        Err(format!("{}: the file\u{202e} is gone\nnow", e.id))
    });
    update(&mut s, Action::Rendered(Box::new(done)));
    assert!(matches!(
        shown(&s),
        preview::Shown::Failed(why) if why == "b: the file is gone now"
    ));
}

#[test]
fn narrow_terminals_and_the_body_focus_preview_nothing() {
    let mut s = State::new(corpus(), 60, 20);
    assert_eq!(preview::previewed(&s), None);
    assert_eq!(update(&mut s, Action::Command(Command::Down)), None);
    let mut s = state();
    let effect = update(&mut s, Action::Command(Command::Open));
    assert_eq!(preview::previewed(&s), None);
    assert!(
        preview::jobs(effect).is_empty(),
        "a preview no longer on screen is not rendered"
    );
}

#[test]
fn tab_from_the_list_opens_the_previewed_entry() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::FocusNext);
    assert_eq!(open_title(&s), Some("Beta report"));
    assert_eq!(s.focus, Focus::Body);
    assert!(s.marks.is_read(1));
}

#[test]
fn loading_fills_the_list_and_keeps_the_selection() {
    let mut s = State::new(Corpus::default(), 100, 30);
    s.loading = true;
    let report = |p: &str| FileReport {
        path: p.into(),
        format: None,
        entries: 1,
        diagnostics: vec![],
    };
    update(
        &mut s,
        Action::Loaded(vec![(vec![entry("a", "A", 1, "")], report("a"))]),
    );
    assert_eq!(s.rows, [0]);
    update(
        &mut s,
        Action::Loaded(vec![(vec![entry("b", "B", 2, "")], report("b"))]),
    );
    assert_eq!(s.rows, [1, 0]);
    assert_eq!(s.selected, 0, "the newest entry, at the top, is selected");
    cmd(&mut s, Command::Down);
    assert_eq!(s.selected_entry(), Some(0));
    update(
        &mut s,
        Action::Loaded(vec![(vec![entry("c", "C", 3, "")], report("c"))]),
    );
    assert_eq!(s.rows, [2, 1, 0]);
    assert_eq!(
        s.selected_entry(),
        Some(0),
        "an entry the user moved to stays selected"
    );
    update(&mut s, Action::LoadFinished);
    assert!(!s.loading);
}

#[test]
fn quitting() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::Quit);
    assert!(!s.quit, "q in the body goes back to the list");
    assert_eq!(s.focus, Focus::List);
    cmd(&mut s, Command::Quit);
    assert!(s.quit, "q in the list quits");
    let mut s = state();
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::QuitAll);
    assert!(s.quit, "Q quits from the body");
    let mut s = state();
    cmd(&mut s, Command::Search);
    typed(&mut s, "q");
    assert!(!s.quit, "q types into the prompt");
    update(&mut s, Action::ForceQuit);
    assert!(s.quit, "ctrl-c always quits");
}

#[test]
fn index_failure_is_reported() {
    let mut s = state();
    update(&mut s, Action::IndexReady(Err("disk full".into())));
    assert_eq!(s.indexing, Indexing::Failed("disk full".into()));
    assert!(s.message.as_ref().unwrap().text.contains("disk full"));
    update(&mut s, Action::Status("could not start firefox".into()));
    assert!(s.message.as_ref().unwrap().error);
}

#[test]
fn r_syncs_only_the_library_and_one_sync_at_a_time() {
    let mut s = state();
    assert!(
        cmd(&mut s, Command::Sync).is_none(),
        "not showing the library"
    );
    assert!(s.message.as_ref().unwrap().text.contains("folio add URL"));
    s.library = true;
    assert!(matches!(cmd(&mut s, Command::Sync), Some(Effect::Sync)));
    assert!(s.syncing.is_some());
    assert!(cmd(&mut s, Command::Sync).is_none(), "already running");
    update(
        &mut s,
        Action::Syncing {
            done: 1,
            sources: 3,
            items: 40,
        },
    );
    assert_eq!(s.syncing, Some((1, 3, 40)));
}

#[test]
fn a_failed_source_is_a_status_line_and_a_problem_for_the_bang_list() {
    let mut s = state();
    s.library = true;
    cmd(&mut s, Command::Sync);
    let failure =
        "https://blog.example.org/wp-json/wp/v2/types: the server answered 500".to_owned();
    update(
        &mut s,
        Action::SyncFinished {
            summary: "synced 2 sources: 0 new, 0 updated".into(),
            failures: vec![failure.clone()],
        },
    );
    assert!(s.syncing.is_none());
    let message = s.message.as_ref().unwrap();
    assert!(message.error && message.text.contains("1 source could not be fetched"));
    assert_eq!(s.problems, [failure]);
    cmd(&mut s, Command::Diagnostics);
    assert!(matches!(s.overlay, Some(Overlay::Diagnostics { .. })));
    // A sync that works says what it did.
    cmd(&mut s, Command::Close);
    cmd(&mut s, Command::Sync);
    update(
        &mut s,
        Action::SyncFinished {
            summary: "synced 2 sources: 3 new, 1 updated".into(),
            failures: vec![],
        },
    );
    assert_eq!(
        s.message.as_ref().unwrap().text,
        "synced 2 sources: 3 new, 1 updated"
    );
}

#[test]
fn entries_a_sync_wrote_keep_the_selection_on_its_entry() {
    let mut s = state();
    cmd(&mut s, Command::Down); // Beta report
    let report = FileReport {
        path: "new.json".into(),
        format: None,
        entries: 1,
        diagnostics: vec![],
    };
    let newest = Entry {
        source: "new.json".into(),
        ..entry("d", "Delta, newest", 9, "<p>New.</p>")
    };
    update(&mut s, Action::Refreshed(vec![(vec![newest], report)]));
    assert_eq!(s.rows.len(), 4);
    assert_eq!(
        s.selected_entry()
            .map(|i| s.corpus.entries[i].title.as_str()),
        Some("Beta report")
    );
}

/// The corpus of a folder listed through the catalogue: bodies left in
/// their files, read when an entry is opened.
fn listed(dir: &std::path::Path) -> State {
    let listing =
        crate::catalogue::list(&[dir.to_path_buf()], None, crate::catalogue::Need::Metadata)
            .unwrap();
    let (sources, _) = crate::load::discover(&[dir.to_path_buf()]).unwrap();
    let mut s = State::new(listing.corpus, 100, 30);
    s.bodies = Some(Arc::new(crate::catalogue::Bodies::new(sources)));
    s
}

fn rendered_text(s: &State) -> String {
    let r = s.reading.as_ref().expect("an entry is open");
    let mut out = Vec::new();
    crate::render::write_plain(&r.rendered, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn opening_an_entry_listed_without_its_body_reads_it_from_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("note.md"),
        "# A note\n\nThe body lives in the file.\n",
    )
    .unwrap();
    let mut s = listed(dir.path());
    assert!(matches!(s.corpus.entries[0].body, Body::Unloaded { .. }));
    cmd(&mut s, Command::Open);
    assert!(rendered_text(&s).contains("The body lives in the file."));
    assert!(
        s.corpus.entries[0]
            .body
            .as_str()
            .contains("lives in the file")
    );
    assert!(s.message.is_none());
}

#[test]
fn a_body_whose_file_is_gone_opens_empty_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.md");
    std::fs::write(&path, "# A note\n\nSoon gone.\n").unwrap();
    let mut s = listed(dir.path());
    std::fs::remove_file(&path).unwrap();
    cmd(&mut s, Command::Open);
    let why = s.message.as_ref().expect("a message").text.clone();
    assert!(why.contains("note.md"), "{why}");
    assert!(
        rendered_text(&s).contains("A note"),
        "the header still shows"
    );
    assert!(!rendered_text(&s).contains("Soon gone"));
}

fn row_title(s: &State, row: usize) -> Option<&str> {
    Some(s.corpus.entries[s.rows[row]].title.as_str())
}

#[test]
fn reading_straight_through() {
    let mut s = state();
    cmd(&mut s, Command::Open);
    assert_eq!(open_title(&s), row_title(&s, 0));
    // J and K open the next and previous entries.
    cmd(&mut s, Command::NextEntry);
    assert_eq!(open_title(&s), row_title(&s, 1));
    assert_eq!(s.focus, Focus::Body);
    cmd(&mut s, Command::PrevEntry);
    assert_eq!(open_title(&s), row_title(&s, 0));
    cmd(&mut s, Command::PrevEntry);
    assert_eq!(open_title(&s), row_title(&s, 0), "nothing before the first");
    assert!(s.message.as_ref().unwrap().text.contains("first entry"));
    // Space pages down until the end, then opens the next entry.
    let mut pages = 0;
    while open_title(&s) == row_title(&s, 0) {
        cmd(&mut s, Command::PageDown);
        pages += 1;
        assert!(pages < 1000, "space never left the entry");
    }
    assert_eq!(open_title(&s), row_title(&s, 1));
    let r = s.reading.as_ref().unwrap();
    assert_eq!(r.scroll, 0, "the next entry opens at its top");
    // b at the top goes back to the previous one.
    cmd(&mut s, Command::PageUp);
    assert_eq!(open_title(&s), row_title(&s, 0));
}

#[test]
fn n_is_the_next_unread_entry_without_a_find() {
    let mut s = state();
    cmd(&mut s, Command::Open); // row 0 read
    cmd(&mut s, Command::NextEntry); // row 1 read
    cmd(&mut s, Command::PrevEntry); // back on row 0
    // n skips the read row 1 and opens row 2.
    cmd(&mut s, Command::NextMatch);
    assert_eq!(open_title(&s), row_title(&s, 2));
    assert_eq!(s.selected, 2);
    // N goes back to an unread entry before: there is none.
    cmd(&mut s, Command::PrevMatch);
    assert_eq!(open_title(&s), row_title(&s, 2));
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("no unread entry before")
    );
    // With a find active, n steps its matches instead.
    cmd(&mut s, Command::Search);
    typed(&mut s, "norms");
    cmd(&mut s, Command::Open);
    let before = open_title(&s).map(str::to_owned);
    cmd(&mut s, Command::NextMatch);
    assert_eq!(
        open_title(&s).map(str::to_owned),
        before,
        "n moved to a match, not an entry"
    );
    // In the list, n selects the next unread row.
    cmd(&mut s, Command::Close);
    cmd(&mut s, Command::Quit);
    assert_eq!(s.focus, Focus::List);
    cmd(&mut s, Command::Bottom);
    cmd(&mut s, Command::ToggleRead); // the last row unread again
    cmd(&mut s, Command::Top);
    cmd(&mut s, Command::NextMatch);
    assert_eq!(s.selected, 2, "row 1 is read, row 2 is not");
    assert_eq!(s.focus, Focus::List, "in the list, n selects");
}

#[test]
fn the_text_is_at_most_text_width_columns_wide() {
    let mut s = State::new(corpus(), 200, 40);
    assert_eq!(s.body_width(), 100, "the default measure");
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open);
    let widest = |s: &State| {
        s.reading
            .as_ref()
            .unwrap()
            .rendered
            .lines
            .iter()
            .map(|l| l.width())
            .max()
    };
    assert!(widest(&s).unwrap() <= 100);
    let mut s = State::new(corpus(), 200, 40);
    s.panes.text_width = 0;
    cmd(&mut s, Command::Open);
    let pane = s.areas().body_inner().width;
    assert!(pane > 100);
    assert_eq!(
        s.reading.as_ref().unwrap().rendered.width,
        pane,
        "0: the pane"
    );
    let mut s = State::new(corpus(), 200, 40);
    s.panes.text_width = 60;
    cmd(&mut s, Command::Open);
    assert_eq!(s.reading.as_ref().unwrap().rendered.width, 60);
}

#[test]
fn equals_shows_the_list_alone_and_back() {
    let mut s = State::new(corpus(), 160, 30);
    cmd(&mut s, Command::WideList);
    let a = s.areas();
    assert_eq!((a.list.width, a.body.width), (160, 0));
    assert_eq!(preview::previewed(&s), None, "no preview beside it");
    assert!(preview::jobs(update(&mut s, Action::Command(Command::Down))).is_empty());
    cmd(&mut s, Command::Open);
    assert_eq!(s.areas().body.width, 160, "an entry opens full width");
    assert_eq!(s.reading.as_ref().unwrap().rendered.width, 100);
    cmd(&mut s, Command::Quit);
    cmd(&mut s, Command::WideList);
    assert!(s.areas().body.width > 0 && s.areas().list.width > 0);
    assert_eq!(s.focus, Focus::List);
}

#[test]
fn the_previewed_entrys_links_are_the_ones_used() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open); // Beta open
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Up); // Gamma previewed, with links
    cmd(&mut s, Command::NextLink);
    assert_eq!(open_title(&s), Some("Gamma notes"));
    assert_eq!(s.focus, Focus::Body);
    assert!(s.reading.as_ref().unwrap().link.is_some());
    assert!(s.marks.is_read(2));
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down); // Alpha previewed
    cmd(&mut s, Command::LinkList);
    assert_eq!(open_title(&s), Some("Alpha workshop"));
}

#[test]
fn in_the_list_o_and_y_act_on_the_selected_entry_not_the_hidden_one() {
    let mut s = state();
    cmd(&mut s, Command::Open); // Gamma
    cmd(&mut s, Command::NextLink);
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Down); // Beta previewed
    assert_eq!(
        cmd(&mut s, Command::CopyUrl),
        Some(Effect::Copy("https://example.org/b/".into())),
        "not Gamma's selected link"
    );
    cmd(&mut s, Command::WideList);
    assert_eq!(
        cmd(&mut s, Command::OpenInBrowser),
        Some(Effect::OpenUrl("https://example.org/b/".into())),
        "the row shown in the wide list"
    );
}

#[test]
fn the_wheel_and_link_keys_over_the_preview_open_it_from_the_top() {
    let mut s = state();
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Open); // Beta, long
    cmd(&mut s, Command::PageDown);
    let left_at = s.reading.as_ref().unwrap().scroll;
    assert!(left_at > 0);
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Up);
    cmd(&mut s, Command::Open); // Gamma
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Down); // Beta previewed, from its top
    assert_eq!(preview::previewed(&s), Some(1));
    let body = s.areas().body_inner();
    let inside = Point {
        column: body.x + 1,
        row: body.y + 1,
    };
    act(&mut s, Action::ScrollDown(inside));
    assert_eq!(open_title(&s), Some("Beta report"));
    assert_eq!(s.focus, Focus::Body);
    assert_eq!(s.reading.as_ref().unwrap().scroll, 3, "from the top shown");

    // ] on the preview of Gamma opens it as shown too.
    cmd(&mut s, Command::Left);
    cmd(&mut s, Command::Up);
    cmd(&mut s, Command::NextLink);
    assert_eq!(open_title(&s), Some("Gamma notes"));
    assert_eq!(s.reading.as_ref().unwrap().scroll, 0);
    assert!(s.reading.as_ref().unwrap().link.is_some());
}

#[test]
fn the_help_scrolls_no_further_than_its_last_page() {
    let mut s = state();
    cmd(&mut s, Command::Help);
    for _ in 0..200 {
        cmd(&mut s, Command::Down);
    }
    let last = match s.overlay {
        Some(Overlay::Help { scroll }) => scroll,
        other => panic!("{other:?}"),
    };
    // 30 rows: a window of 28 with its border, so 26 lines shown.
    assert_eq!(last, s.keymap.help_len() - 26);
    cmd(&mut s, Command::Up);
    assert_eq!(s.overlay, Some(Overlay::Help { scroll: last - 1 }));
}

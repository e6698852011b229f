//! Whole screens of the reader drawn into a `TestBackend` from states
//! reached through actions, kept as insta snapshots at fixed sizes; the
//! highlights (which snapshots of text cannot show) are checked cell by cell.

use folio::app::{self, Action, Command, State};
use folio::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn state(width: u16, height: u16) -> State {
    State::new(folio::load::load_sample(), width, height)
}

fn draw(s: &State) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(s.width, s.height)).unwrap();
    t.draw(|f| ui::draw(f, s, &Theme::new(false))).unwrap();
    t.backend().buffer().clone()
}

/// The buffer as text, one line per row.
fn text(b: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..b.area.height {
        let mut line = String::new();
        for x in 0..b.area.width {
            line.push_str(b[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The last line of a screen that has anything on it: the status bar.
fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// Applies `action`, then renders the preview it asked for, as the
/// reader's thread does before the next frame or two.
fn act(s: &mut State, action: Action) {
    let effect = app::update(s, action);
    for job in app::preview::jobs(effect) {
        let done = app::preview::run(job, |e| Err(format!("{}: not loaded", e.id)));
        act(s, Action::Rendered(Box::new(done)));
    }
}

fn cmd(s: &mut State, c: Command) {
    act(s, Action::Command(c));
}

fn typed(s: &mut State, t: &str) {
    for c in t.chars() {
        act(s, Action::Char(c));
    }
}

/// Selects the entry titled `title` (or, failing that, starting with it)
/// and opens it.
fn open(s: &mut State, title: &str) {
    let titled =
        |f: &dyn Fn(&str) -> bool| s.rows.iter().position(|&i| f(&s.corpus.entries[i].title));
    let row = titled(&|t| t == title)
        .or_else(|| titled(&|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no entry titled {title:?}"));
    cmd(s, Command::Top);
    for _ in 0..row {
        cmd(s, Command::Down);
    }
    cmd(s, Command::Open);
}

#[test]
fn list_and_body() {
    let mut s = state(120, 30);
    open(&mut s, "Promoting international");
    insta::assert_snapshot!(text(&draw(&s)));
}

#[test]
fn the_list_previews_the_selected_entry_unread() {
    let mut s = state(120, 30);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Down);
    let screen = text(&draw(&s));
    insta::assert_snapshot!(screen);
    let row = screen.lines().nth(3).unwrap();
    assert!(row.starts_with("│•"), "still unread: {row}");
    let title = &s.corpus.entries[s.rows[2]].title;
    assert!(screen.lines().nth(1).unwrap().contains(title.as_str()));
    assert!(s.reading.is_none());
}

/// How much of `title` the list's row shows.
fn title_shown(screen: &str, title: &str) -> usize {
    let row = screen.lines().find(|l| l.contains(&title[..12])).unwrap();
    let shown: String = row
        .chars()
        .skip(1 + 3 + 11)
        .take_while(|&c| c != '…')
        .collect();
    title
        .chars()
        .zip(shown.chars())
        .take_while(|(a, b)| a == b)
        .count()
}

#[test]
fn titles_get_what_the_row_leaves_and_equals_widens_the_list() {
    let title = "Norms Workshop III: Due Diligence & State Responsibility";
    let mut s = state(160, 20);
    let screen = text(&draw(&s));
    let beside = title_shown(&screen, title);
    assert!(beside >= 40, "{beside} characters of the title:\n{screen}");
    cmd(&mut s, Command::WideList);
    let screen = text(&draw(&s));
    insta::assert_snapshot!("wide_list", screen);
    assert_eq!(
        title_shown(&screen, title),
        title.chars().count(),
        "{screen}"
    );
    assert!(!screen.contains("┐┌"), "no body pane");
}

#[test]
fn narrow_terminal_shows_one_pane_at_a_time() {
    let mut s = state(60, 20);
    insta::assert_snapshot!("narrow_list", text(&draw(&s)));
    open(
        &mut s,
        "Harvard-MIT-University of Toronto Cyber Norms Workshop I",
    );
    insta::assert_snapshot!("narrow_body", text(&draw(&s)));
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut s = state(100, 44);
    cmd(&mut s, Command::Help);
    let screen = text(&draw(&s));
    insta::assert_snapshot!(screen);
    for c in folio::app::Command::ALL {
        assert!(
            screen.contains(c.describe()) || c.describe().len() > 60,
            "{c:?} missing from help"
        );
    }
}

#[test]
fn tiny_terminal() {
    let s = state(19, 5);
    insta::assert_snapshot!(text(&draw(&s)));
}

#[test]
fn the_smallest_usable_terminal() {
    let mut s = state(20, 6);
    open(&mut s, "Promoting international");
    let screen = text(&draw(&s));
    insta::assert_snapshot!(screen);
    assert!(!screen.contains("too small"));
}

#[test]
fn filtering_shows_n_of_m() {
    let mut s = state(100, 24);
    cmd(&mut s, Command::Search);
    typed(&mut s, "toronto");
    let screen = text(&draw(&s));
    insta::assert_snapshot!(screen);
    assert!(screen.contains(&format!("2 of {}", s.corpus.len())));
}

#[test]
fn find_in_the_body_highlights_every_match() {
    let mut s = state(120, 30);
    open(&mut s, "Promoting international");
    cmd(&mut s, Command::Search);
    typed(&mut s, "cyber");
    cmd(&mut s, Command::Open);
    let b = draw(&s);
    let body = s.areas().body_inner();
    let r = s.reading.as_ref().unwrap();
    let find = r.find.as_ref().unwrap();
    assert!(find.matches.len() >= 3, "{} matches", find.matches.len());
    let theme = Theme::new(false);
    let mut seen = 0;
    for (i, m) in find.matches.iter().enumerate() {
        let on_screen = m.line >= r.scroll
            && m.line < r.scroll + usize::from(body.height)
            && m.end <= usize::from(body.width);
        if !on_screen {
            continue;
        }
        let y = body.y + (m.line - r.scroll) as u16;
        let mut word = String::new();
        for col in m.start..m.end {
            let cell = &b[(body.x + col as u16, y)];
            word.push_str(cell.symbol());
            let want = if i == find.current {
                theme.find_current
            } else {
                theme.find_match
            };
            assert!(
                cell.modifier.contains(want.add_modifier),
                "match {i} not highlighted"
            );
        }
        assert_eq!(word.to_lowercase(), "cyber");
        seen += 1;
    }
    assert!(seen >= 2, "matches on screen");
    insta::assert_snapshot!(text(&b));
}

#[test]
fn the_selected_link_is_highlighted() {
    let mut s = state(120, 30);
    open(&mut s, "Promoting international");
    cmd(&mut s, Command::NextLink);
    cmd(&mut s, Command::NextLink);
    let b = draw(&s);
    let body = s.areas().body_inner();
    let r = s.reading.as_ref().unwrap();
    let span = r.rendered.spans[r.link.unwrap()];
    let y = body.y + (span.line - r.scroll) as u16;
    let mut anchor = String::new();
    for col in span.start..span.end {
        let cell = &b[(body.x + col as u16, y)];
        assert!(cell.modifier.contains(Modifier::REVERSED));
        anchor.push_str(cell.symbol());
    }
    assert_eq!(anchor.trim(), "Shellshock");
    let status = text(&b).lines().last().unwrap().to_owned();
    assert!(status.contains("krebsonsecurity.com"), "{status}");
}

#[test]
fn the_link_list_overlay() {
    let mut s = state(100, 24);
    open(&mut s, "Promoting international");
    cmd(&mut s, Command::LinkList);
    cmd(&mut s, Command::Down);
    insta::assert_snapshot!(text(&draw(&s)));
}

#[test]
fn diagnostics_overlay() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), "{\"title\": ").unwrap();
    std::fs::write(dir.path().join("fine.txt"), "A fine page\n\nText.\n").unwrap();
    let corpus = folio::load::load(&[dir.path().to_path_buf()]).unwrap();
    let mut s = State::new(corpus, 100, 20);
    app::update(&mut s, Action::LoadFinished);
    let status = text(&draw(&s));
    assert!(status.contains("1 file could not be read: press ! to see why"));
    cmd(&mut s, Command::Diagnostics);
    let screen = text(&draw(&s));
    assert!(screen.contains("broken.json"));
    assert!(screen.contains("invalid JSON at line 1, column 10"));
}

/// Status wording: one match is "1 match", and a typed link number is
/// said once.
#[test]
fn status_words_say_each_thing_once() {
    let mut s = state(120, 30);
    open(&mut s, "Promoting international");
    cmd(&mut s, Command::Search);
    typed(&mut s, "carmakers");
    let screen = text(&draw(&s));
    let last = status_line(&screen);
    assert!(last.contains("  1 match"), "{last}");
    assert!(!last.contains("1 matches"), "{last}");
    cmd(&mut s, Command::Close);
    typed(&mut s, "3");
    let screen = text(&draw(&s));
    let last = status_line(&screen);
    assert_eq!(last.matches("link 3").count(), 1, "{last}");
    assert!(last.contains("enter selects it"), "{last}");
}

/// A prompt at a narrow width shows the end of what is typed, where the
/// cursor is.
#[test]
fn a_narrow_prompt_shows_the_end_of_the_typed_text() {
    let mut s = state(40, 12);
    cmd(&mut s, Command::Search);
    typed(&mut s, "a long query about international cyber norms");
    let screen = text(&draw(&s));
    let last = status_line(&screen);
    assert!(last.starts_with("/…"), "{last}");
    assert!(last.contains("cyber norms▏"), "{last}");
    insta::assert_snapshot!(screen);
}

/// With a view on, the list's title counts what it shows.
#[test]
fn the_list_title_counts_what_a_view_shows() {
    let mut s = state(100, 24);
    cmd(&mut s, Command::ToggleStar); // the first row
    cmd(&mut s, Command::ToggleStarredOnly);
    let screen = text(&draw(&s));
    let top = screen.lines().next().unwrap();
    assert!(
        top.contains(&format!(" 1 of {}, starred ", s.corpus.len())),
        "{top}"
    );
    cmd(&mut s, Command::ToggleStarredOnly);
    cmd(&mut s, Command::ToggleUnreadOnly);
    let top = text(&draw(&s)).lines().next().unwrap().to_owned();
    assert!(top.contains(", unread "), "{top}");
}

/// In the `L` list, links that open inside folio say so.
#[test]
fn the_link_list_marks_links_that_open_inside_folio() {
    let mut s = state(140, 30);
    let entry = s.corpus.by_id("norms-workshop-iii").unwrap();
    let row = s.rows.iter().position(|&i| i == entry).unwrap();
    cmd(&mut s, Command::Top);
    for _ in 0..row {
        cmd(&mut s, Command::Down);
    }
    cmd(&mut s, Command::Open);
    cmd(&mut s, Command::LinkList);
    let screen = text(&draw(&s));
    let inside: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("→ in folio"))
        .collect();
    assert!(
        inside
            .iter()
            .any(|l| l.contains("[1] → in folio  how the programme came together")),
        "{screen}"
    );
    let tallinn = screen
        .lines()
        .find(|l| l.contains("[3] Tallinn Manual"))
        .unwrap();
    assert!(
        !tallinn.contains("→ in folio"),
        "links elsewhere are not marked: {tallinn}"
    );
}

#[test]
fn the_problems_window_wraps_puts_errors_first_and_scrolls() {
    use folio::load::{Diagnostic, FileReport, Severity};
    let mut s = state(64, 16);
    s.problems = vec![
        "https://example.org/feed.xml could not be fetched: the server answered 503 \
         Service Unavailable three times; folio sync tries again next time"
            .into(),
    ];
    let report = |path: &str, severity, message: &str| FileReport {
        path: path.into(),
        format: None,
        entries: 0,
        diagnostics: vec![Diagnostic {
            severity,
            ..Diagnostic::error(path, message)
        }],
    };
    act(
        &mut s,
        Action::Loaded(vec![
            (
                vec![],
                report(
                    "notes/skipped.xml",
                    Severity::Warning,
                    "2 items without a title or a link were skipped",
                ),
            ),
            (
                vec![],
                report(
                    "posts/broken.json",
                    Severity::Error,
                    "not valid JSON: EOF while parsing a string at line 1 column 40961",
                ),
            ),
        ]),
    );
    cmd(&mut s, Command::Diagnostics);
    let screen = text(&draw(&s));
    insta::assert_snapshot!("problems_window", screen);
    let error = screen.find("2 errors").unwrap();
    let warning = screen.find("2 warnings").unwrap();
    assert!(error < warning, "errors first");
    assert!(screen.contains("Service Unavailable"), "wrapped, not cut");
    // Scrolling stops at the last page: one up moves at once.
    for _ in 0..50 {
        cmd(&mut s, Command::Down);
    }
    let end = text(&draw(&s));
    assert!(end.contains("were skipped"), "{end}");
    cmd(&mut s, Command::Up);
    assert_ne!(text(&draw(&s)), end);
}

#[test]
fn links_in_the_body_are_terminal_hyperlinks_that_take_no_column() {
    let mut s = state(120, 30);
    open(&mut s, "What diplomats read");
    let plain = draw(&s);
    s.hyperlinks = true;
    let linked = draw(&s);
    let osc: Vec<&str> = linked
        .content
        .iter()
        .map(|c| c.symbol())
        .filter(|sym| sym.contains("\x1b]8;"))
        .collect();
    assert!(
        osc.iter()
            .any(|sym| sym.contains(";https://policynotes.example.net/")),
        "{osc:?}"
    );
    assert!(osc.iter().any(|sym| sym.contains(";mailto:")));
    // Each linked cell opens and closes its link around one character.
    for sym in &osc {
        let (open, rest) = sym.split_once("\x1b\\").unwrap();
        assert!(open.starts_with("\x1b]8;id=folio-"), "{sym:?}");
        let glyph = rest.strip_suffix("\x1b]8;;\x1b\\").unwrap();
        assert_eq!(glyph.chars().count(), 1, "{sym:?}");
    }
    // Stripped of the sequences, the screen is the same.
    let strip = |b: &Buffer| -> String {
        b.content
            .iter()
            .map(|c| {
                let sym = c.symbol();
                match sym.split_once("\x1b\\") {
                    Some((_, rest)) => rest.trim_end_matches("\x1b]8;;\x1b\\").to_owned(),
                    None => sym.to_owned(),
                }
            })
            .collect()
    };
    assert_eq!(strip(&linked), strip(&plain));
    // Never on the Linux console.
    assert!(!folio::tui::hyperlinks_understood(Some("linux")));
    assert!(folio::tui::hyperlinks_understood(Some("xterm-256color")));
}

/// A search index that finds the entries it is given, with one term.
#[derive(Debug)]
struct Finds(Vec<String>, &'static str);

impl folio::app::filter::FullText for Finds {
    fn search(
        &self,
        _query: &str,
        _limit: usize,
    ) -> Result<folio::app::filter::FullTextHits, String> {
        Ok(folio::app::filter::FullTextHits {
            ids: self.0.clone(),
            terms: vec![self.1.into()],
            warnings: vec![],
        })
    }
}

#[test]
fn the_preview_of_a_full_text_hit_highlights_its_words() {
    let mut s = state(120, 30);
    let id = s
        .corpus
        .entries
        .iter()
        .find(|e| e.title.starts_with("Promoting international"))
        .unwrap()
        .id
        .clone();
    s.full_text = Some(std::sync::Arc::new(Finds(vec![id], "cyber")));
    s.indexing = folio::app::state::Indexing::Ready;
    cmd(&mut s, Command::Search);
    typed(&mut s, "cyber");
    cmd(&mut s, Command::Open);
    assert!(s.reading.is_none(), "previewed, not opened");
    let b = draw(&s);
    let body = s.areas().body_inner();
    let highlight = Theme::new(false).highlight;
    let mut seen = 0;
    for y in body.y..body.bottom() {
        let row: Vec<&ratatui::buffer::Cell> = (body.x..body.right()).map(|x| &b[(x, y)]).collect();
        let text: String = row.iter().map(|c| c.symbol()).collect();
        let lower = text.to_lowercase();
        let letter = |i: Option<usize>| {
            i.and_then(|i| lower.as_bytes().get(i))
                .is_some_and(u8::is_ascii_alphanumeric)
        };
        for (at, _) in lower.match_indices("cyber") {
            // Whole words only ("cybersecurity" is another word).
            if letter(at.checked_sub(1)) || letter(Some(at + 5)) {
                continue;
            }
            // ASCII rows here: byte offsets are columns.
            let lit = row[at..at + 5]
                .iter()
                .all(|c| c.modifier.contains(highlight.add_modifier));
            assert!(lit, "not highlighted: {text}");
            seen += 1;
        }
    }
    assert!(seen >= 1, "a hit on screen");
}

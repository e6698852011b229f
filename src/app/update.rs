//! `update(&mut State, Action) -> Option<Effect>`: the only code that
//! changes the reader's state. It never draws and never does I/O; what it
//! cannot do itself (open a browser, write the clipboard, save reading
//! state) it returns as an [`Effect`].

use super::action::{Action, Command, Point};
use super::effect::Effect;
use super::state::{Focus, Indexing, Message, Overlay, PromptKind, State};
use super::{layout, links, marks, preview, problems, search, sync};

/// Applies one action. Reading state changed on the way (an entry opened
/// and so read, a star, the place on quitting) comes back as an
/// [`Effect::Save`], before any other effect; a preview to render as an
/// [`Effect::Render`], after them.
pub fn update(s: &mut State, action: Action) -> Option<Effect> {
    if matches!(
        action,
        Action::Command(_)
            | Action::Char(_)
            | Action::Click(_)
            | Action::ScrollUp(_)
            | Action::ScrollDown(_)
    ) {
        s.marks.acted = true;
    }
    let quitting = s.quit;
    let effect = apply(s, action);
    if s.quit && !quitting {
        marks::quit(s);
    }
    preview::refresh(s);
    let changes = std::mem::take(&mut s.marks.unsaved);
    let save = (!changes.is_empty()).then(|| Effect::Save(changes));
    let render = preview::take_job(s).map(|job| Effect::Render(Box::new(job)));
    let mut effects: Vec<Effect> = [save, effect, render].into_iter().flatten().collect();
    match effects.len() {
        0 => None,
        1 => effects.pop(),
        _ => Some(Effect::Many(effects)),
    }
}

fn apply(s: &mut State, action: Action) -> Option<Effect> {
    match action {
        Action::Resize { width, height } => {
            resize(s, width, height);
            None
        }
        Action::Loaded(results) => {
            // The top row stays selected as newer entries arrive, until
            // the user picks another row or opens one; then that entry is kept.
            let at_top = s.selected == 0 && s.reading.is_none();
            let keep = if at_top { None } else { s.selected_entry() };
            s.corpus.add(results);
            marks::sync(s);
            search::refresh_rows(s, keep);
            marks::resume(s);
            None
        }
        Action::Expecting(n) => {
            s.corpus.reserve(n);
            s.marks.reserve(n);
            None
        }
        Action::StateLoaded(snapshot) => {
            marks::apply_snapshot(s, snapshot);
            None
        }
        Action::StateUnavailable(text) => {
            s.marks.unavailable = true;
            if !s.problems.contains(&text) {
                s.problems.push(text.clone());
            }
            s.message = Some(Message { text, error: true });
            None
        }
        Action::LoadFinished => {
            s.loading = false;
            marks::load_finished(s);
            let failed = s.failed_files();
            if failed > 0 {
                let files = if failed == 1 { "file" } else { "files" };
                s.message = Some(Message {
                    text: format!("{failed} {files} could not be read: press ! to see why"),
                    error: true,
                });
            }
            None
        }
        Action::Indexing { done, total } => {
            s.indexing = Indexing::Building { done, total };
            None
        }
        Action::IndexReady(result) => {
            s.indexing = match result {
                Ok(index) => {
                    s.full_text = Some(index);
                    Indexing::Ready
                }
                Err(e) => {
                    s.message = Some(Message {
                        text: format!("full-text search unavailable: {e}"),
                        error: true,
                    });
                    Indexing::Failed(e)
                }
            };
            if s.filter.is_some() {
                search::apply_filter(s);
            }
            None
        }
        Action::Status(text) => {
            s.message = Some(Message { text, error: true });
            None
        }
        Action::ForceQuit => {
            s.quit = true;
            None
        }
        Action::Syncing {
            done,
            sources,
            items,
        } => {
            s.syncing = Some((done, sources, items));
            None
        }
        Action::Rendered(done) => {
            preview::rendered(s, *done);
            None
        }
        Action::Refreshed(results) => {
            sync::refreshed(s, results);
            None
        }
        Action::SyncFinished { summary, failures } => {
            sync::finished(s, summary, failures);
            None
        }
        _ if s.prompt.is_some() => search::prompt_action(s, action),
        _ if s.overlay.is_some() => overlay_action(s, action),
        Action::Char(c) if c.is_ascii_digit() && s.focus == Focus::Body => {
            if s.link_number.len() < 4 {
                s.link_number.push(c);
            }
            s.message = Some(Message {
                // The number itself is in the status bar already.
                text: "enter selects it".to_owned(),
                error: false,
            });
            None
        }
        Action::Char(_) | Action::Backspace | Action::ClearPrompt => None,
        Action::ScrollUp(p) => {
            wheel(s, p, -3);
            None
        }
        Action::ScrollDown(p) => {
            wheel(s, p, 3);
            None
        }
        Action::Click(p) => links::click(s, p),
        Action::Command(c) => {
            if c != Command::Open {
                s.link_number.clear();
            }
            s.message = None;
            command(s, c)
        }
    }
}

fn command(s: &mut State, c: Command) -> Option<Effect> {
    // The links of the previewed entry are the ones on screen: using them
    // opens it as shown, as reading in it does.
    if matches!(c, Command::NextLink | Command::PrevLink | Command::LinkList) {
        links::open_preview(s);
    }
    let body = s.focus == Focus::Body && s.reading.is_some();
    match c {
        Command::Quit if body => s.focus = Focus::List,
        Command::Quit | Command::QuitAll => s.quit = true,
        Command::NextEntry => step_entry(s, 1),
        Command::PrevEntry => step_entry(s, -1),
        // Reading straight through, as mutt's pager: space at the end of
        // an entry opens the next, b at its top the previous.
        Command::PageDown
            if body
                && s.reading
                    .as_ref()
                    .is_some_and(|r| r.scroll >= s.max_scroll()) =>
        {
            step_entry(s, 1)
        }
        Command::PageUp if body && s.reading.as_ref().is_some_and(|r| r.scroll == 0) => {
            step_entry(s, -1)
        }
        Command::Down if body => scroll_by(s, 1),
        Command::Up if body => scroll_by(s, -1),
        Command::Down => select_by(s, 1),
        Command::Up => select_by(s, -1),
        Command::Top if body => scroll_to(s, 0),
        Command::Bottom if body => scroll_to(s, usize::MAX),
        Command::Top => select(s, 0),
        Command::Bottom => select(s, s.rows.len().saturating_sub(1)),
        Command::PageDown | Command::PageUp | Command::HalfPageDown | Command::HalfPageUp => {
            let page = if body {
                s.body_height()
            } else {
                s.list_height()
            };
            let n = match c {
                Command::PageDown | Command::PageUp => page.saturating_sub(1).max(1),
                _ => (page / 2).max(1),
            } as isize;
            let n = if matches!(c, Command::PageUp | Command::HalfPageUp) {
                -n
            } else {
                n
            };
            if body {
                scroll_by(s, n)
            } else {
                select_by(s, n)
            }
        }
        Command::Open => return open(s),
        Command::Close => close(s),
        Command::Left => s.focus = Focus::List,
        Command::FocusNext if body && s.reading.as_ref().is_some_and(|r| r.link.is_some()) => {
            links::step(s, 1)
        }
        Command::FocusPrev if body => links::step(s, -1),
        Command::FocusNext | Command::FocusPrev => toggle_focus(s),
        Command::NextLink => links::step(s, 1),
        Command::PrevLink => links::step(s, -1),
        Command::LinkList => links::show_list(s),
        Command::OpenInBrowser => return links::open_entry_url(s),
        Command::CopyUrl => return links::copy_url(s),
        Command::HistoryBack => links::back(s),
        Command::HistoryForward => links::forward(s),
        Command::Search => search::start(
            s,
            if body {
                PromptKind::Find
            } else {
                PromptKind::Filter
            },
        ),
        Command::NextMatch if finding(s) => search::next_match(s, 1),
        Command::PrevMatch if finding(s) => search::next_match(s, -1),
        Command::NextMatch => next_unread(s, 1),
        Command::PrevMatch => next_unread(s, -1),
        Command::CycleSort => {
            s.sort = s.sort.next();
            let keep = s.selected_entry();
            search::refresh_rows(s, keep);
            s.message = Some(Message {
                text: format!("sorted by {}", s.sort.name()),
                error: false,
            });
        }
        Command::ToggleRead => marks::toggle_read(s),
        Command::ToggleStar => marks::toggle_star(s),
        Command::MarkAllRead => marks::mark_all_read(s),
        Command::ToggleUnreadOnly => marks::toggle_unread_only(s),
        Command::ToggleStarredOnly => marks::toggle_starred_only(s),
        Command::WideList => {
            let wide = !s.panes.wide_list;
            relayout(s, |s| s.panes.wide_list = wide);
            say(
                s,
                if wide {
                    "the list alone: enter opens, = shows the entry beside it again"
                } else {
                    "the list beside the entry"
                },
            );
        }
        Command::Diagnostics => {
            if s.corpus.diagnostics().next().is_none() && s.problems.is_empty() {
                s.message = Some(Message {
                    text: "every file was read without problems".into(),
                    error: false,
                });
            } else {
                s.overlay = Some(Overlay::Diagnostics { scroll: 0 });
            }
        }
        Command::Sync => return sync::start(s),
        Command::Help => s.overlay = Some(Overlay::Help { scroll: 0 }),
    }
    None
}

/// A message in the status bar (not an error).
fn say(s: &mut State, text: &str) {
    s.message = Some(Message {
        text: text.to_owned(),
        error: false,
    });
}

/// Whether a find in the open entry is active (n and N step its matches).
fn finding(s: &State) -> bool {
    s.focus == Focus::Body && s.reading.as_ref().is_some_and(|r| r.find.is_some())
}

/// Opens the entry `n` rows from the selected one (J, K, space at the end
/// of an entry, b at its top).
fn step_entry(s: &mut State, n: isize) {
    let target = s
        .selected
        .checked_add_signed(n)
        .filter(|&row| row < s.rows.len());
    let Some(row) = target else {
        let text = if n > 0 {
            "this is the last entry of the list"
        } else {
            "this is the first entry of the list"
        };
        say(s, text);
        return;
    };
    select(s, row);
    if let Some(entry) = s.selected_entry() {
        links::open_where_left(s, entry);
        s.focus = Focus::Body;
    }
}

/// The next (or previous) unread entry after the selected one, as
/// newsboat's n: selected in the list, opened in the body.
fn next_unread(s: &mut State, dir: isize) {
    let found = std::iter::successors(s.selected.checked_add_signed(dir), |&row| {
        row.checked_add_signed(dir)
    })
    .take_while(|&row| row < s.rows.len())
    .find(|&row| !s.marks.is_read(s.rows[row]));
    match found {
        Some(row) if s.focus == Focus::Body && s.reading.is_some() => {
            step_entry(s, row as isize - s.selected as isize)
        }
        Some(row) => select(s, row),
        None => {
            let text = if dir > 0 {
                "no unread entry after this one"
            } else {
                "no unread entry before this one"
            };
            say(s, text);
        }
    }
}

/// Enter: follow or pick a link in the body, open an entry from the list.
fn open(s: &mut State) -> Option<Effect> {
    if s.focus == Focus::Body && s.reading.is_some() {
        if !s.link_number.is_empty() {
            let n: usize = s.link_number.parse().unwrap_or(0);
            s.link_number.clear();
            links::select_number(s, n);
            return None;
        }
        if s.reading.as_ref().is_some_and(|r| r.link.is_some()) {
            return links::follow_selected(s);
        }
        s.message = Some(Message {
            text: "no link selected: ] selects the next one, or type its number".into(),
            error: false,
        });
        return None;
    }
    links::open_selected(s);
    None
}

/// Esc: undo the innermost thing first (typed number, find, link
/// selection), then leave the body, then drop the filter.
fn close(s: &mut State) {
    if !s.link_number.is_empty() {
        s.link_number.clear();
        return;
    }
    if s.focus == Focus::Body {
        if let Some(r) = s.reading.as_mut() {
            if r.find.take().is_some() {
                return;
            }
            if r.link.take().is_some() {
                return;
            }
        }
        s.focus = Focus::List;
        return;
    }
    if s.filter.is_some() {
        search::clear_filter(s);
    }
}

fn toggle_focus(s: &mut State) {
    match s.focus {
        // The selected entry, previewed or open, is the one read.
        Focus::List if s.selected_entry().is_some() => links::open_selected(s),
        Focus::List if s.reading.is_some() => s.focus = Focus::Body,
        Focus::List => {}
        Focus::Body => s.focus = Focus::List,
    }
}

/// Moves the list selection by `n` rows, keeping it on screen.
pub(super) fn select_by(s: &mut State, n: isize) {
    let target = s.selected.saturating_add_signed(n);
    select(s, target);
}

pub(super) fn select(s: &mut State, row: usize) {
    s.selected = row.min(s.rows.len().saturating_sub(1));
    keep_selection_visible(s);
}

pub(super) fn keep_selection_visible(s: &mut State) {
    let h = s.list_height();
    if s.selected < s.list_scroll {
        s.list_scroll = s.selected;
    } else if s.selected >= s.list_scroll + h {
        s.list_scroll = s.selected + 1 - h;
    }
    let max = s.rows.len().saturating_sub(h);
    s.list_scroll = s.list_scroll.min(max);
}

pub(super) fn scroll_by(s: &mut State, n: isize) {
    let Some(r) = s.reading.as_ref() else { return };
    let target = r.scroll.saturating_add_signed(n);
    scroll_to(s, target);
}

pub(super) fn scroll_to(s: &mut State, line: usize) {
    let max = s.max_scroll();
    if let Some(r) = s.reading.as_mut() {
        r.scroll = line.min(max);
    }
}

fn wheel(s: &mut State, p: Point, n: isize) {
    let a = s.areas();
    if a.body.contains(p.into()) {
        // Scrolling the preview is reading in it: it opens.
        links::open_preview(s);
        scroll_by(s, n);
    } else if a.list.contains(p.into()) {
        let h = s.list_height();
        let max = s.rows.len().saturating_sub(h);
        s.list_scroll = s.list_scroll.saturating_add_signed(n).min(max);
        s.selected = s
            .selected
            .clamp(s.list_scroll, (s.list_scroll + h).saturating_sub(1));
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
    }
}

/// A new terminal size: re-wrap the open body, keeping the reading
/// position (the same fraction of the text at the top).
fn resize(s: &mut State, width: u16, height: u16) {
    relayout(s, |s| {
        s.width = width;
        s.height = height;
    });
}

/// Changes the panes' geometry with `change`, then re-wraps the open body
/// if its width changed and keeps the reading position and the selection
/// on screen.
fn relayout(s: &mut State, change: impl FnOnce(&mut State)) {
    let old_width = s.body_width();
    change(s);
    if s.body_width() != old_width {
        links::rerender(s);
    }
    scroll_to(s, s.reading.as_ref().map_or(0, |r| r.scroll));
    keep_selection_visible(s);
}

fn overlay_action(s: &mut State, action: Action) -> Option<Effect> {
    let overlay = s.overlay?;
    let link_count = s.reading.as_ref().map_or(0, |r| r.rendered.links.len());
    let max_scroll = match overlay {
        Overlay::Diagnostics { .. } => problems::max_scroll(s),
        Overlay::Help { .. } => layout::overlay_max_scroll(s.width, s.height, s.keymap.help_len()),
        Overlay::Links { .. } => usize::MAX,
    };
    let step = |n: isize| -> Overlay {
        match overlay {
            Overlay::Help { scroll } => Overlay::Help {
                scroll: scroll.saturating_add_signed(n).min(max_scroll),
            },
            Overlay::Diagnostics { scroll } => Overlay::Diagnostics {
                scroll: scroll.saturating_add_signed(n).min(max_scroll),
            },
            Overlay::Links { selected } => Overlay::Links {
                selected: selected
                    .saturating_add_signed(n)
                    .min(link_count.saturating_sub(1)),
            },
        }
    };
    match action {
        Action::Command(Command::Down) | Action::ScrollDown(_) => s.overlay = Some(step(1)),
        Action::Command(Command::Up) | Action::ScrollUp(_) => s.overlay = Some(step(-1)),
        Action::Command(Command::PageDown | Command::HalfPageDown) => s.overlay = Some(step(10)),
        Action::Command(Command::PageUp | Command::HalfPageUp) => s.overlay = Some(step(-10)),
        Action::Command(Command::Top) => s.overlay = Some(step(isize::MIN)),
        Action::Command(Command::Bottom) => s.overlay = Some(step(isize::MAX)),
        Action::Command(Command::Open) => {
            s.link_number.clear();
            if let Overlay::Links { selected } = overlay {
                s.overlay = None;
                links::select_number(s, selected + 1);
                return links::follow_selected(s);
            }
            s.overlay = None;
        }
        Action::Char(c) if c.is_ascii_digit() && matches!(overlay, Overlay::Links { .. }) => {
            s.link_number.push(c);
            let n = match s.link_number.parse::<usize>() {
                Ok(n) if (1..=link_count).contains(&n) => n,
                _ => {
                    s.link_number = c.to_string();
                    c.to_digit(10)
                        .map_or(1, |d| d as usize)
                        .clamp(1, link_count.max(1))
                }
            };
            s.overlay = Some(Overlay::Links { selected: n - 1 });
        }
        Action::Command(Command::CopyUrl) => {
            if let Overlay::Links { selected } = overlay {
                s.overlay = None;
                links::select_number(s, selected + 1);
                return links::copy_url(s);
            }
        }
        Action::Command(_) | Action::Click(_) => s.overlay = None,
        _ => {}
    }
    None
}

impl From<Point> for ratatui::layout::Position {
    fn from(p: Point) -> Self {
        ratatui::layout::Position::new(p.column, p.row)
    }
}

//! Opening entries, selecting and following links, and the back/forward
//! history: the browser-like part of the reader.
//!
//! A link whose URL names an entry of the corpus (canonical URLs compared
//! ignoring scheme, `www.`, trailing slash, fragment and tracking
//! parameters; WordPress `?p=ID` guids too) opens that entry inside the
//! reader; other http(s) and mailto links become an [`Effect::OpenUrl`];
//! any other scheme is refused with a message.

use std::ops::Range;

use super::action::Point;
use super::effect::{self, Effect};
use super::find;
use super::marks;
use super::state::{Focus, Message, Overlay, Place, Reading, State};
use super::update::scroll_to;
use crate::model::Body;
use crate::render::LinkSpan;

/// Opens `entry` in the body at `scroll`, rendered at the body's width,
/// and marks it read. The entry left behind remembers its scroll.
pub fn open_entry(s: &mut State, entry: usize, scroll: usize) {
    marks::leave(s);
    marks::opened(s, entry);
    let width = s.body_width();
    read_body(s, entry);
    let rendered = s.renders.get(&s.corpus.entries[entry], width);
    let highlights = s.query_highlights(&rendered.lines);
    s.reading = Some(Reading::at_top(entry, rendered, highlights));
    scroll_to(s, scroll);
    if let Some(row) = s.rows.iter().position(|&i| i == entry) {
        s.selected = row;
        super::update::keep_selection_visible(s);
    }
}

/// Reads the body of `entry` from its file when the listing left it
/// there (it then stays). A body that cannot be read is an empty one, and
/// the status bar says why.
fn read_body(s: &mut State, entry: usize) {
    let listed = &s.corpus.entries[entry];
    if !matches!(listed.body, Body::Unloaded { .. }) {
        return;
    }
    let read = match &s.bodies {
        Some(bodies) => bodies.read(listed).map_err(|p| p.to_string()),
        None => Err(format!("{}: the body was not loaded", listed.id)),
    };
    let body = match read {
        Ok(full) => full.body,
        Err(why) => {
            s.message = Some(Message {
                text: crate::safe::one_line(&why).into_owned(),
                error: true,
            });
            Body::default()
        }
    };
    s.corpus.entries[entry].body = body;
}

/// Opens the selected entry where it was left, in the body (enter in the
/// list).
pub fn open_selected(s: &mut State) {
    if let Some(entry) = s.selected_entry() {
        if s.reading.as_ref().is_none_or(|r| r.entry != entry) {
            open_where_left(s, entry);
        }
        s.focus = Focus::Body;
    }
}

/// Opens the previewed entry as the preview showed it, from the top (a
/// key or the wheel used on what is on screen).
pub fn open_preview(s: &mut State) {
    if let Some(entry) = super::preview::previewed(s) {
        open_entry(s, entry, 0);
        s.focus = Focus::Body;
    }
}

/// Opens `entry` where it was last left (the top the first time).
pub fn open_where_left(s: &mut State, entry: usize) {
    open_entry(s, entry, 0);
    marks::restore_scroll(s);
}

/// Renders the open entry again (the width changed), keeping the reading
/// position as a fraction of the text.
pub fn rerender(s: &mut State) {
    let width = s.body_width();
    let Some(entry) = s.reading.as_ref().map(|r| r.entry) else {
        return;
    };
    read_body(s, entry);
    let Some(r) = s.reading.as_mut() else { return };
    let old_len = r.rendered.lines.len().max(1);
    let fraction = r.scroll as f64 / old_len as f64;
    r.rendered = s.renders.get(&s.corpus.entries[r.entry], width);
    r.scroll = (fraction * r.rendered.lines.len() as f64) as usize;
    r.link = r.link.filter(|&i| i < r.rendered.spans.len());
    if let Some(f) = r.find.as_mut() {
        f.matches = find::find(&r.rendered.lines, &f.query);
        f.current = f.current.min(f.matches.len().saturating_sub(1));
    }
    if !r.highlights.is_empty() {
        if let Some(f) = s.filter.as_ref() {
            r.highlights = find::find_words(&r.rendered.lines, &f.terms);
        }
    }
}

/// Selects the next (`dir` 1) or previous (-1) link occurrence. With none
/// selected, starts from what is on screen.
pub fn step(s: &mut State, dir: isize) {
    let height = s.body_height();
    let Some(r) = s.reading.as_mut() else {
        return;
    };
    s.focus = Focus::Body;
    let spans = &r.rendered.spans;
    if spans.is_empty() {
        s.message = Some(Message {
            text: "this entry has no links".into(),
            error: false,
        });
        return;
    }
    let next = match (r.link, dir > 0) {
        (Some(i), true) => occurrence(spans, i).end % spans.len(),
        (Some(i), false) => {
            let start = occurrence(spans, i).start;
            occurrence(spans, (start + spans.len() - 1) % spans.len()).start
        }
        (None, true) => spans.iter().position(|sp| sp.line >= r.scroll).unwrap_or(0),
        (None, false) => spans
            .iter()
            .rposition(|sp| sp.line < r.scroll + height)
            .unwrap_or(spans.len() - 1),
    };
    select_span(s, next);
}

/// The spans of one occurrence of a link: a link wrapped over several
/// lines has one span per line, consecutive in `spans`.
pub fn occurrence(spans: &[LinkSpan], i: usize) -> Range<usize> {
    let n = spans[i].number;
    let mut start = i;
    while start > 0
        && spans[start - 1].number == n
        && spans[start - 1].line + 1 == spans[start].line
    {
        start -= 1;
    }
    let mut end = i + 1;
    while end < spans.len() && spans[end].number == n && spans[end].line == spans[end - 1].line + 1
    {
        end += 1;
    }
    start..end
}

/// Selects the first occurrence of link number `n`.
pub fn select_number(s: &mut State, n: usize) {
    let Some(r) = s.reading.as_ref() else { return };
    match r.rendered.spans.iter().position(|sp| sp.number == n) {
        Some(i) => select_span(s, i),
        None => {
            s.message = Some(Message {
                text: format!("no link {n} in this entry"),
                error: true,
            });
        }
    }
}

fn select_span(s: &mut State, i: usize) {
    let height = s.body_height();
    let Some(r) = s.reading.as_mut() else { return };
    r.link = Some(i);
    let line = r.rendered.spans[i].line;
    if line < r.scroll || line >= r.scroll + height {
        let target = line.saturating_sub(height / 3);
        scroll_to(s, target);
    }
    if let Some(link) = selected_link(s) {
        s.message = Some(Message {
            text: link.to_owned(),
            error: false,
        });
    }
}

/// The URL of the selected link.
pub fn selected_link(s: &State) -> Option<&str> {
    let r = s.reading.as_ref()?;
    let span = r.rendered.spans.get(r.link?)?;
    r.rendered
        .links
        .get(span.number.checked_sub(1)?)
        .map(|l| l.url.as_str())
}

/// Follows the selected link: inside the reader when it names an entry,
/// else in the browser.
pub fn follow_selected(s: &mut State) -> Option<Effect> {
    let url = selected_link(s)?.to_owned();
    follow(s, &url)
}

pub fn follow(s: &mut State, url: &str) -> Option<Effect> {
    if let Some(target) = s.corpus.by_url(url) {
        if let Some(r) = s.reading.as_ref() {
            s.history.back.push(Place {
                entry: r.entry,
                scroll: r.scroll,
                link: r.link,
            });
            s.history.forward.clear();
        }
        open_where_left(s, target);
        s.focus = Focus::Body;
        s.message = Some(Message {
            text: format!("{} (backspace goes back)", s.corpus.entries[target].title),
            error: false,
        });
        return None;
    }
    external(s, url)
}

fn external(s: &mut State, url: &str) -> Option<Effect> {
    match effect::openable(url) {
        Ok(()) => {
            s.message = Some(Message {
                text: format!("opening {url}"),
                error: false,
            });
            Some(Effect::OpenUrl(url.to_owned()))
        }
        Err(why) => {
            s.message = Some(Message {
                text: why,
                error: true,
            });
            None
        }
    }
}

/// `o`: the entry's own URL in the browser.
pub fn open_entry_url(s: &mut State) -> Option<Effect> {
    let entry = shown_entry(s)?;
    match s.corpus.entries[entry].url.clone() {
        Some(url) => external(s, &url),
        None => {
            s.message = Some(Message {
                text: "this entry has no URL".into(),
                error: true,
            });
            None
        }
    }
}

/// The entry `o` and `y` act on: in the list, the selected one (which
/// the body pane previews, or shows open); in the body, the open one.
fn shown_entry(s: &State) -> Option<usize> {
    match (s.focus, &s.reading) {
        (Focus::Body, Some(r)) => Some(r.entry),
        _ => s.selected_entry(),
    }
}

/// `y`: the selected link's URL, else the entry's, to the clipboard.
pub fn copy_url(s: &mut State) -> Option<Effect> {
    // A selected link belongs to the entry open in the body.
    let in_body = s.focus == Focus::Body;
    let link = selected_link(s).filter(|_| in_body).map(str::to_owned);
    let url = link.or_else(|| {
        let entry = shown_entry(s)?;
        s.corpus.entries[entry].url.clone()
    });
    match url {
        Some(url) => {
            s.message = Some(Message {
                text: format!("copied {url}"),
                error: false,
            });
            Some(Effect::Copy(url))
        }
        None => {
            s.message = Some(Message {
                text: "nothing to copy: no link selected and the entry has no URL".into(),
                error: true,
            });
            None
        }
    }
}

pub fn show_list(s: &mut State) {
    match s.reading.as_ref() {
        Some(r) if !r.rendered.links.is_empty() => {
            let selected = r
                .link
                .and_then(|i| r.rendered.spans.get(i))
                .map_or(0, |sp| sp.number - 1);
            s.overlay = Some(Overlay::Links { selected });
        }
        Some(_) => {
            s.message = Some(Message {
                text: "this entry has no links".into(),
                error: false,
            });
        }
        None => {
            s.message = Some(Message {
                text: "open an entry first (enter)".into(),
                error: false,
            });
        }
    }
}

pub fn back(s: &mut State) {
    let Some(place) = s.history.back.pop() else {
        s.message = Some(Message {
            text: "nothing to go back to".into(),
            error: false,
        });
        return;
    };
    if let Some(r) = s.reading.as_ref() {
        s.history.forward.push(Place {
            entry: r.entry,
            scroll: r.scroll,
            link: r.link,
        });
    }
    return_to(s, place);
}

/// Opens a place of the history as it was left, its link selected again.
fn return_to(s: &mut State, place: Place) {
    open_entry(s, place.entry, place.scroll);
    if let Some(r) = s.reading.as_mut() {
        r.link = place.link.filter(|&i| i < r.rendered.spans.len());
    }
    s.focus = Focus::Body;
}

pub fn forward(s: &mut State) {
    let Some(place) = s.history.forward.pop() else {
        s.message = Some(Message {
            text: "nothing to go forward to".into(),
            error: false,
        });
        return;
    };
    if let Some(r) = s.reading.as_ref() {
        s.history.back.push(Place {
            entry: r.entry,
            scroll: r.scroll,
            link: r.link,
        });
    }
    return_to(s, place);
}

/// A click: select an entry in the list (open it when already selected),
/// or a link in the body (follow it when already selected).
pub fn click(s: &mut State, p: Point) -> Option<Effect> {
    let a = s.areas();
    let list = a.list_inner();
    let body = a.body_inner();
    if list.contains(p.into()) {
        let row = s.list_scroll + usize::from(p.row - list.y);
        if row < s.rows.len() {
            let again = row == s.selected && s.focus == Focus::List;
            s.selected = row;
            s.focus = Focus::List;
            if again {
                open_selected(s);
            }
        }
        return None;
    }
    if body.contains(p.into()) {
        // A click in the preview opens it, as reading in it would.
        if super::preview::previewed(s).is_some() {
            open_selected(s);
            return None;
        }
        s.focus = Focus::Body;
        let r = s.reading.as_ref()?;
        let line = r.scroll + usize::from(p.row - body.y);
        let col = usize::from(p.column - body.x);
        let hit = r
            .rendered
            .spans
            .iter()
            .position(|sp| sp.line == line && (sp.start..sp.end).contains(&col));
        match hit {
            Some(i) if r.link == Some(i) => return follow_selected(s),
            Some(i) => select_span(s, i),
            // a line of the link list at the end
            None => {
                let n = r.rendered.link_at(line, col)?;
                let selected = r
                    .link
                    .and_then(|i| r.rendered.spans.get(i))
                    .map(|sp| sp.number);
                if selected == Some(n) {
                    return follow_selected(s);
                }
                select_number(s, n);
            }
        }
    }
    None
}

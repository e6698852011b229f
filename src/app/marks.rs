//! Reading state in the reader: read and unread, stars, where each entry
//! was left, the unread-only view, `is:` filters, and reopening where the
//! last session ended.
//!
//! [`Marks`] holds one [`EntryState`] per corpus entry and applies every
//! change at once; what the store must remember is queued as
//! [`Change`]s, which `update` hands out as an `Effect::Save` for the
//! state thread to write. The stored state arrives from that thread
//! whenever it is read (usually before the first entries, never waited
//! for): entries take theirs as they load, and a change made before it
//! arrived wins over it.

use std::collections::HashMap;

use super::action::Command;
use super::state::{Focus, Message, State};
use super::update::{keep_selection_visible, scroll_to};
use crate::store::{Change, EntryState, Place, Scroll, Snapshot, key};

const READ: u8 = 1;
const STAR: u8 = 2;
const SCROLL: u8 = 4;

/// The reading state of the loaded entries.
#[derive(Debug, Default)]
pub struct Marks {
    /// Whether changes are queued for the store. Without it (`--no-state`)
    /// marks last the session and keys are not even computed.
    persist: bool,
    /// Per entry of the corpus (same index): its state key (when
    /// persisting), its state, and which of its fields this session
    /// changed (`READ`, `STAR`, `SCROLL`).
    keys: Vec<String>,
    states: Vec<EntryState>,
    touched: Vec<u8>,
    unread: usize,
    /// The stored state, for entries still loading.
    stored: HashMap<String, EntryState>,
    snapshot_in: bool,
    /// The state thread said the file cannot be used: no snapshot may come.
    pub(super) unavailable: bool,
    /// Changes for the store, taken by `update`.
    pub(super) unsaved: Vec<Change>,
    /// This corpus's key, under which its last place is kept.
    corpus: String,
    /// Where the last session ended, until it is found or the user acts.
    resume: Option<Place>,
    /// How many entries were searched for `resume`.
    resume_checked: usize,
    /// Set by the first user action: nothing jumps after that.
    pub(super) acted: bool,
    /// Show only unread entries (and the open one).
    pub unread_only: bool,
    /// Show only starred entries (and the open one).
    pub starred_only: bool,
}

impl Marks {
    /// Whether a view (unread only, starred only) narrows the list.
    pub fn view_on(&self) -> bool {
        self.unread_only || self.starred_only
    }

    /// Makes room for `n` more entries' marks.
    pub fn reserve(&mut self, n: usize) {
        if self.persist {
            self.keys.reserve_exact(n);
        }
        self.states.reserve_exact(n);
        self.touched.reserve_exact(n);
    }

    /// Marks kept for the store under `corpus` (see
    /// [`key::corpus_key`]); `None` for a session that remembers nothing.
    pub fn new(corpus: Option<String>) -> Marks {
        Marks {
            persist: corpus.is_some(),
            corpus: corpus.unwrap_or_default(),
            ..Marks::default()
        }
    }

    pub fn is_read(&self, entry: usize) -> bool {
        self.states.get(entry).is_some_and(|s| s.read)
    }

    pub fn is_starred(&self, entry: usize) -> bool {
        self.states.get(entry).is_some_and(|s| s.starred)
    }

    /// Whether the stored state is still on its way from the state thread.
    pub fn awaiting_snapshot(&self) -> bool {
        self.persist && !self.snapshot_in && !self.unavailable
    }

    /// Unread entries in the corpus.
    pub fn unread(&self) -> usize {
        self.unread
    }

    /// The state key of an entry (empty when not persisting).
    pub fn key(&self, entry: usize) -> &str {
        self.keys.get(entry).map_or("", String::as_str)
    }

    fn set_read(&mut self, entry: usize, read: bool) -> bool {
        let Some(st) = self.states.get_mut(entry) else {
            return false;
        };
        if st.read == read {
            return false;
        }
        st.read = read;
        self.touched[entry] |= READ;
        if read {
            self.unread -= 1;
        } else {
            self.unread += 1;
        }
        true
    }

    fn record(&mut self, change: Change) {
        if self.persist {
            self.unsaved.push(change);
        }
    }
}

/// Gives entries added to the corpus their state (the stored one, if it
/// has arrived). Call [`resume`] once they are in the rows.
pub fn sync(s: &mut State) {
    let m = &mut s.marks;
    let start = m.states.len();
    for e in &s.corpus.entries[start..] {
        let state = if m.persist {
            let k = key::entry_key(e);
            let state = m.stored.get(&k).copied().unwrap_or_default();
            m.keys.push(k);
            state
        } else {
            EntryState::default()
        };
        m.unread += usize::from(!state.read);
        m.states.push(state);
        m.touched.push(0);
    }
}

/// The stored state has been read.
pub fn apply_snapshot(s: &mut State, snapshot: Snapshot) {
    let m = &mut s.marks;
    if !m.persist {
        return;
    }
    m.stored = snapshot.entries;
    m.snapshot_in = true;
    // Each field the session has not changed takes the stored value.
    for i in 0..m.states.len() {
        let Some(stored) = m.stored.get(&m.keys[i]).copied() else {
            continue;
        };
        let touched = m.touched[i];
        let st = &mut m.states[i];
        if touched & READ == 0 && st.read != stored.read {
            st.read = stored.read;
            if stored.read {
                m.unread -= 1;
            } else {
                m.unread += 1;
            }
        }
        if touched & STAR == 0 {
            st.starred = stored.starred;
        }
        if touched & SCROLL == 0 {
            st.scroll = stored.scroll;
        }
    }
    if !m.acted {
        m.resume = snapshot
            .places
            .iter()
            .find(|p| p.corpus == m.corpus)
            .or(snapshot.places.first())
            .cloned();
        m.resume_checked = 0;
    }
    if s.filter.is_some() || s.marks.view_on() {
        let keep = s.selected_entry();
        super::search::refresh_rows(s, keep);
    }
    if !s.loading {
        s.marks.stored = HashMap::new();
    }
    resume(s);
}

/// Loading is done: the stored state is no longer needed for new entries,
/// and a place not found by now is not in this corpus.
pub fn load_finished(s: &mut State) {
    if s.marks.snapshot_in {
        s.marks.stored = HashMap::new();
        s.marks.resume = None;
    }
}

/// Selects (and reopens, if it was open) the entry the last session ended
/// on, once it has loaded, unless the user has started doing something.
pub fn resume(s: &mut State) {
    let m = &mut s.marks;
    if m.acted {
        m.resume = None;
    }
    let Some(place) = m.resume.as_ref() else {
        return;
    };
    let from = m.resume_checked.min(m.keys.len());
    m.resume_checked = m.keys.len();
    let Some(entry) = m.keys[from..]
        .iter()
        .position(|k| *k == place.entry)
        .map(|i| from + i)
    else {
        return;
    };
    let reading = place.reading;
    m.resume = None;
    let Some(row) = s.rows.iter().position(|&i| i == entry) else {
        return;
    };
    s.selected = row;
    keep_selection_visible(s);
    if reading {
        super::links::open_where_left(s, entry);
        s.focus = Focus::Body;
    }
}

/// The entry a mark applies to: the open one in the body, else the
/// selected one.
fn target(s: &State) -> Option<usize> {
    match (&s.reading, s.focus) {
        (Some(r), Focus::Body) => Some(r.entry),
        _ => s.selected_entry(),
    }
}

/// Opening an entry marks it read.
pub fn opened(s: &mut State, entry: usize) {
    if s.marks.set_read(entry, true) {
        let key = s.marks.key(entry).to_owned();
        s.marks.record(Change::Read {
            keys: vec![key],
            read: true,
        });
    }
}

/// `r`: read ↔ unread.
pub fn toggle_read(s: &mut State) {
    let Some(entry) = target(s) else { return };
    let read = !s.marks.is_read(entry);
    s.marks.set_read(entry, read);
    let key = s.marks.key(entry).to_owned();
    s.marks.record(Change::Read {
        keys: vec![key],
        read,
    });
    info(s, if read { "marked read" } else { "marked unread" });
}

/// `*`: star ↔ unstar.
pub fn toggle_star(s: &mut State) {
    let Some(entry) = target(s) else { return };
    let m = &mut s.marks;
    let Some(st) = m.states.get_mut(entry) else {
        return;
    };
    st.starred = !st.starred;
    let starred = st.starred;
    m.touched[entry] |= STAR;
    let key = m.key(entry).to_owned();
    m.record(Change::Star { key, starred });
    info(s, if starred { "starred" } else { "unstarred" });
}

/// Marks every entry of the list as it is shown (filtered) read.
pub fn mark_all_read(s: &mut State) {
    if s.rows.is_empty() {
        info(s, "the list is empty: there is nothing to mark read");
        return;
    }
    let m = &mut s.marks;
    let mut keys = Vec::new();
    let mut n = 0;
    for &i in &s.rows {
        if m.set_read(i, true) {
            n += 1;
            if m.persist {
                keys.push(m.keys[i].clone());
            }
        }
    }
    if !keys.is_empty() {
        m.record(Change::Read { keys, read: true });
    }
    let what = if s.filter.as_ref().is_some_and(|f| !f.query.is_empty()) || m.view_on() {
        "in this list "
    } else {
        ""
    };
    let text = match n {
        0 => format!("every entry {what}was already read"),
        1 => format!("1 entry {what}marked read"),
        n => format!("{n} entries {what}marked read"),
    };
    info(s, &text);
}

/// Shows only unread entries, or all again.
pub fn toggle_unread_only(s: &mut State) {
    s.marks.unread_only = !s.marks.unread_only;
    view_changed(s, s.marks.unread_only, "unread", Command::ToggleUnreadOnly);
}

/// Shows only starred entries, or all again.
pub fn toggle_starred_only(s: &mut State) {
    s.marks.starred_only = !s.marks.starred_only;
    view_changed(
        s,
        s.marks.starred_only,
        "starred",
        Command::ToggleStarredOnly,
    );
}

/// The list after a view was turned on or off, and a message saying so
/// (with the key that turns it off).
fn view_changed(s: &mut State, on: bool, what: &str, toggle: Command) {
    let keep = s.selected_entry();
    super::search::refresh_rows(s, keep);
    let key = s
        .keymap
        .keys_for(toggle)
        .into_iter()
        .next()
        .unwrap_or_default();
    let text = if on {
        format!("showing {what} entries only ({key} shows all)")
    } else {
        "showing all entries".to_owned()
    };
    info(s, &text);
}

/// Remembers how far the open entry is scrolled (when leaving it).
pub fn leave(s: &mut State) {
    let Some(r) = s.reading.as_ref() else { return };
    let scroll = Scroll {
        line: u32::try_from(r.scroll).unwrap_or(u32::MAX),
        lines: u32::try_from(r.rendered.lines.len()).unwrap_or(u32::MAX),
    };
    let entry = r.entry;
    let m = &mut s.marks;
    let Some(st) = m.states.get_mut(entry) else {
        return;
    };
    if st.scroll == Some(scroll) || (st.scroll.is_none() && scroll.line == 0) {
        return;
    }
    st.scroll = Some(scroll);
    m.touched[entry] |= SCROLL;
    let key = m.key(entry).to_owned();
    m.record(Change::Scroll { key, scroll });
}

/// The line an entry of `lines` lines was left at: the same line at the
/// same wrap width, else the same fraction of the text.
pub fn left_at(s: &State, entry: usize, lines: usize) -> usize {
    let Some(sc) = s.marks.states.get(entry).and_then(|st| st.scroll) else {
        return 0;
    };
    let (line, old) = (sc.line as usize, sc.lines as usize);
    if old == lines || old == 0 {
        line
    } else {
        (line as u128 * lines as u128 / old as u128) as usize
    }
}

/// Quitting: remember the open entry's scroll and the place.
pub fn quit(s: &mut State) {
    leave(s);
    let Some(entry) = s.selected_entry() else {
        return;
    };
    let reading = s.reading.as_ref().is_some_and(|r| r.entry == entry) && s.focus == Focus::Body;
    let place = Place {
        corpus: s.marks.corpus.clone(),
        entry: s.marks.key(entry).to_owned(),
        reading,
    };
    s.marks.record(Change::Place(place));
}

/// The reading-state conditions of a query: `is:unread`, `is:read`,
/// `is:starred`, each possibly negated (`-is:read`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Is {
    pub negated: bool,
    pub what: IsWhat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsWhat {
    Unread,
    Read,
    Starred,
    /// Entries their site no longer publishes, which no list shows unless
    /// asked.
    Withdrawn,
}

impl IsWhat {
    pub const NAMES: &str = "unread, read, starred or withdrawn";

    pub fn parse(value: &str) -> Option<IsWhat> {
        match value.to_ascii_lowercase().as_str() {
            "unread" | "new" => Some(IsWhat::Unread),
            "read" => Some(IsWhat::Read),
            "starred" | "star" | "saved" => Some(IsWhat::Starred),
            "withdrawn" => Some(IsWhat::Withdrawn),
            _ => None,
        }
    }

    /// Whether an entry read or not, starred or not, withdrawn or not, is
    /// one of these.
    pub fn holds(self, read: bool, starred: bool, withdrawn: bool) -> bool {
        match self {
            IsWhat::Unread => !read,
            IsWhat::Read => read,
            IsWhat::Starred => starred,
            IsWhat::Withdrawn => withdrawn,
        }
    }
}

/// Splits the `is:` words off a query: the rest (for title or full-text
/// search) and the conditions, or the first bad value.
pub fn split_query(query: &str) -> (String, Result<Vec<Is>, String>) {
    let mut rest = Vec::new();
    let mut is = Vec::new();
    let mut bad = None;
    for word in query.split_whitespace() {
        let (negated, plain) = match word.strip_prefix('-') {
            Some(w) => (true, w),
            None => (false, word),
        };
        let value = plain
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("is:"))
            .and_then(|_| plain.get(3..));
        match value {
            Some(v) => match IsWhat::parse(v) {
                Some(what) => is.push(Is { negated, what }),
                None => {
                    bad.get_or_insert_with(|| {
                        format!("is:{v} is not a filter: is: takes {}", IsWhat::NAMES)
                    });
                }
            },
            None => rest.push(word),
        }
    }
    (rest.join(" "), bad.map_or(Ok(is), Err))
}

/// Whether `entry` (withdrawn or not) meets the conditions.
pub fn matches(m: &Marks, entry: usize, withdrawn: bool, is: &[Is]) -> bool {
    is.iter().all(|c| {
        c.what
            .holds(m.is_read(entry), m.is_starred(entry), withdrawn)
            != c.negated
    })
}

/// Narrows the rows to the `is:` conditions and, in the unread-only view,
/// to unread entries (keeping `keep` and the open entry, so reading one
/// does not make it vanish under the cursor). Withdrawn entries are shown
/// only to `is:withdrawn`.
pub fn retain_shown(s: &mut State, is: &[Is], keep: Option<usize>) {
    let asks_withdrawn = is.iter().any(|c| c.what == IsWhat::Withdrawn && !c.negated);
    let hide_withdrawn = !asks_withdrawn && s.corpus.withdrawn() > 0;
    if is.is_empty() && !s.marks.view_on() && !hide_withdrawn {
        return;
    }
    let open = s.reading.as_ref().map(|r| r.entry);
    let m = &s.marks;
    let entries = &s.corpus.entries;
    s.rows.retain(|&i| {
        let kept = Some(i) == keep || Some(i) == open;
        let withdrawn = entries[i].withdrawn;
        matches(m, i, withdrawn, is)
            && !(hide_withdrawn && withdrawn)
            && (!m.unread_only || !m.is_read(i) || kept)
            && (!m.starred_only || m.is_starred(i) || kept)
    });
}

fn info(s: &mut State, text: &str) {
    s.message = Some(Message {
        text: text.to_owned(),
        error: false,
    });
}

/// Puts the open entry at the line it was left at.
pub fn restore_scroll(s: &mut State) {
    let Some(r) = s.reading.as_ref() else { return };
    let line = left_at(s, r.entry, r.rendered.lines.len());
    scroll_to(s, line);
}

#[cfg(test)]
mod tests;

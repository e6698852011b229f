//! Searching from the reader: the `/` prompt, filtering the list (fuzzy
//! titles at once, ranked full text once the index is ready), and finding
//! text in the open entry with `n`/`N`.

use super::action::{Action, Command};
use super::effect::Effect;
use super::filter;
use super::find;
use super::marks;
use super::state::{Filter, Find, Focus, Indexing, Message, Prompt, PromptKind, State};
use super::update::{keep_selection_visible, scroll_to, select, select_by};

/// How many full-text hits the list shows at most.
const FULL_TEXT_LIMIT: usize = 5_000;

/// Opens the prompt, empty as less and vim start theirs: the pattern in
/// use stays until typing replaces it, and `up` recalls earlier ones.
pub fn start(s: &mut State, kind: PromptKind) {
    if kind == PromptKind::Filter {
        if s.filter.is_none() {
            s.filter = Some(Filter {
                query: String::new(),
                saved: s.selected_entry(),
                full_text: false,
                terms: Vec::new(),
                warned: false,
            });
        }
        s.focus = Focus::List;
    }
    s.prompt = Some(Prompt {
        kind,
        text: String::new(),
        recall: None,
    });
}

/// `up` (`older`) or `down` in a prompt's history; `false` when the key
/// is not for the history (the prompt is being typed in).
fn recall(s: &mut State, older: bool) -> bool {
    let Some(prompt) = s.prompt.as_mut() else {
        return false;
    };
    let history = s.prompt_history.of(prompt.kind);
    if !(prompt.text.is_empty() || prompt.recall.is_some()) || history.is_empty() {
        return false;
    }
    let next = match (prompt.recall, older) {
        (None, true) => Some(0),
        (None, false) => return false,
        (Some(i), true) => Some((i + 1).min(history.len() - 1)),
        (Some(0), false) => None,
        (Some(i), false) => Some(i - 1),
    };
    prompt.text = next
        .map(|i| history[history.len() - 1 - i].clone())
        .unwrap_or_default();
    prompt.recall = next;
    true
}

/// Keys while the prompt is open: typing edits it, Enter keeps the
/// result, Esc abandons it, arrows move in the list.
pub fn prompt_action(s: &mut State, action: Action) -> Option<Effect> {
    let up_or_down = match action {
        Action::Command(Command::Up) => Some(true),
        Action::Command(Command::Down) => Some(false),
        _ => None,
    };
    let recalled = up_or_down.is_some_and(|older| recall(s, older));
    let prompt = s.prompt.as_mut()?;
    let kind = prompt.kind;
    match action {
        _ if recalled => {}
        Action::Char(c) => {
            prompt.text.push(c);
            prompt.recall = None;
        }
        // On an empty prompt there is nothing to delete: the pattern in
        // use stays.
        Action::Backspace | Action::ClearPrompt if prompt.text.is_empty() => return None,
        Action::Backspace => {
            prompt.text.pop();
            prompt.recall = None;
        }
        Action::ClearPrompt => {
            prompt.text.clear();
            prompt.recall = None;
        }
        Action::Command(Command::Open) => {
            let text = std::mem::take(&mut prompt.text);
            s.prompt_history.push(kind, &text);
            s.prompt = None;
            if kind == PromptKind::Filter {
                if s.filter.as_ref().is_some_and(|f| f.query.is_empty()) {
                    clear_filter(s);
                }
                s.focus = Focus::List;
            }
            return None;
        }
        Action::Command(Command::Close) => {
            s.prompt = None;
            match kind {
                PromptKind::Filter => clear_filter(s),
                PromptKind::Find => {
                    if let Some(r) = s.reading.as_mut() {
                        r.find = None;
                    }
                }
            }
            return None;
        }
        Action::Command(Command::Down) if kind == PromptKind::Filter => {
            select_by(s, 1);
            return None;
        }
        Action::Command(Command::Up) if kind == PromptKind::Filter => {
            select_by(s, -1);
            return None;
        }
        Action::Command(Command::Quit) => {
            s.quit = true;
            return None;
        }
        _ => return None,
    }
    let text = s.prompt.as_ref().map(|p| p.text.clone())?;
    match kind {
        PromptKind::Filter => {
            if let Some(f) = s.filter.as_mut() {
                f.query = text;
            }
            apply_filter(s);
        }
        PromptKind::Find => find_in_body(s, &text),
    }
    None
}

/// Recomputes the list's rows for the current filter.
pub fn apply_filter(s: &mut State) {
    let keep = s.selected_entry();
    refresh_rows(s, keep);
    select(s, 0);
}

/// Rows in the current order and filter, keeping `keep` selected if shown.
pub fn refresh_rows(s: &mut State, keep: Option<usize>) {
    let all = s.corpus.sorted(s.sort);
    let typed = s.filter.as_ref().map_or("", |f| f.query.trim_start());
    let (mut query, is) = marks::split_query(typed);
    if typed.ends_with(char::is_whitespace) && !query.is_empty() {
        // The last word is finished: the index need not read it as a prefix.
        query.push(' ');
    }
    // A message about an earlier state of this query goes; it comes back
    // below if the query still has the problem.
    if let Some(f) = s.filter.as_mut().filter(|f| f.warned) {
        f.warned = false;
        s.message = None;
    }
    let warn = |s: &mut State, text: String, error: bool| {
        s.message = Some(Message { text, error });
        if let Some(f) = s.filter.as_mut() {
            f.warned = true;
        }
    };
    let is = is.unwrap_or_else(|e| {
        warn(s, e, true);
        Vec::new()
    });
    s.rows = if query.is_empty() {
        if let Some(f) = s.filter.as_mut() {
            f.full_text = false;
            f.terms.clear();
        }
        all
    } else {
        // The index leaves withdrawn entries out unless the query asks.
        let asks_withdrawn = is
            .iter()
            .any(|c| c.what == marks::IsWhat::Withdrawn && !c.negated);
        let indexed = match asks_withdrawn {
            true => format!("is:withdrawn {query}"),
            false => query.clone(),
        };
        let full = match (&s.indexing, s.full_text.as_ref()) {
            (Indexing::Ready, Some(index)) => Some(index.search(&indexed, FULL_TEXT_LIMIT)),
            _ => None,
        };
        match full {
            Some(Ok(hits)) => {
                if let Some(warning) = hits.warnings.first() {
                    warn(s, format!("search: {warning}"), false);
                }
                let rows: Vec<usize> = hits
                    .ids
                    .iter()
                    .filter_map(|id| s.corpus.by_id(id))
                    .collect();
                if let Some(f) = s.filter.as_mut() {
                    f.full_text = true;
                    f.terms = hits.terms;
                }
                rows
            }
            other => {
                if let Some(Err(e)) = other {
                    warn(s, e, true);
                }
                if let Some(f) = s.filter.as_mut() {
                    f.full_text = false;
                    f.terms.clear();
                }
                filter::fuzzy(&s.corpus, &all, &query)
            }
        }
    };
    marks::retain_shown(s, &is, keep);
    s.selected = keep
        .and_then(|e| s.rows.iter().position(|&i| i == e))
        .unwrap_or(0);
    keep_selection_visible(s);
}

/// Drops the filter, keeping the selected entry selected in the whole
/// list (or, with nothing selected, what was selected before the filter).
pub fn clear_filter(s: &mut State) {
    let selected = s.selected_entry();
    let saved = s.filter.take().and_then(|f| f.saved);
    refresh_rows(s, selected.or(saved));
    if let Some(r) = s.reading.as_mut() {
        r.highlights.clear();
    }
}

fn find_in_body(s: &mut State, query: &str) {
    let height = s.body_height();
    let Some(r) = s.reading.as_mut() else { return };
    if query.is_empty() {
        r.find = None;
        return;
    }
    let matches = find::find(&r.rendered.lines, query);
    // Start at the first match at or below the top of the screen.
    let current = matches.iter().position(|m| m.line >= r.scroll).unwrap_or(0);
    let target = matches.get(current).map(|m| m.line);
    r.find = Some(Find {
        query: query.to_owned(),
        matches,
        current,
    });
    if let Some(line) = target {
        if line < r.scroll || line >= r.scroll + height {
            scroll_to(s, line.saturating_sub(height / 3));
        }
    }
}

/// `n`/`N`: the next or previous match, wrapping around with a message.
pub fn next_match(s: &mut State, dir: isize) {
    let height = s.body_height();
    let Some(r) = s.reading.as_mut() else { return };
    let Some(f) = r.find.as_mut() else {
        s.message = Some(Message {
            text: "nothing to find: / starts a search".into(),
            error: false,
        });
        return;
    };
    let n = f.matches.len();
    if n == 0 {
        s.message = Some(Message {
            text: format!("\"{}\" not found", f.query),
            error: true,
        });
        return;
    }
    let next = f.current as isize + dir;
    let wrapped = next < 0 || next >= n as isize;
    f.current = next.rem_euclid(n as isize) as usize;
    let line = f.matches[f.current].line;
    let status = format!(
        "match {}/{}{}",
        f.current + 1,
        n,
        if wrapped { ", search wrapped" } else { "" }
    );
    if line < r.scroll || line >= r.scroll + height {
        scroll_to(s, line.saturating_sub(height / 3));
    }
    s.message = Some(Message {
        text: status,
        error: false,
    });
}

//! The list pane: one row per entry (unread and star markers, date,
//! title, then a short site or kind column), the selected one highlighted,
//! unread ones bold.
//! Only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use super::theme::Theme;
use crate::app::State;
use crate::app::state::Focus;
use crate::model::Entry;

/// The site column's widest: the title matters more.
const MAX_SITE: usize = 16;
/// The site column shows only where it leaves the title this much…
const TITLE_FIRST: usize = 40;
/// …and where it could be at least this wide.
const MIN_SITE: usize = 8;

/// The site column's width, out of `rest` columns for title and site: as
/// wide as the widest site on screen needs, at most a fifth of the row,
/// and none where the title would get less than [`TITLE_FIRST`] (the
/// preview's header names the site).
fn site_width(s: &State, height: usize, rest: usize) -> usize {
    let on_screen = s.rows.iter().skip(s.list_scroll).take(height);
    let widest = on_screen
        .map(|&i| site_of(&s.corpus.entries[i]).width())
        .max()
        .unwrap_or(0);
    let room = (rest / 5)
        .min(MAX_SITE)
        .min(rest.saturating_sub(TITLE_FIRST + 1));
    if room < MIN_SITE { 0 } else { widest.min(room) }
}

/// What the site column shows: the site's name, else the entry's format.
fn site_of(e: &Entry) -> &str {
    e.site.as_deref().unwrap_or(e.kind.as_str())
}

pub fn draw(frame: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let focused = s.focus == Focus::List && s.prompt.is_none() || s.reading.is_none();
    // Withdrawn entries are not counted: no list shows them unless asked.
    let total = s.corpus.len() - s.corpus.withdrawn();
    // With a filter or a view on, the count of what is shown.
    let view = match (s.marks.unread_only, s.marks.starred_only) {
        (true, true) => ", unread and starred",
        (true, false) => ", unread",
        (false, true) => ", starred",
        (false, false) => "",
    };
    let title = match &s.filter {
        Some(f) if !f.query.is_empty() => format!(" {} of {total}{view} ", s.rows.len()),
        _ if !view.is_empty() => format!(" {} of {total}{view} ", s.rows.len()),
        _ if s.loading => format!(" {total} entries, loading… "),
        _ => format!(" {total} entries "),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if s.rows.is_empty() {
        let msg = if s.loading {
            "loading…"
        } else if s.filter.is_some() {
            "no entries match"
        } else if s.marks.starred_only {
            "no starred entries (* stars the selected one)"
        } else if s.marks.unread_only {
            "no unread entries"
        } else {
            "no entries: folio found nothing to read here (press ! for problems; \
             `folio add URL` fetches a site, a feed or a page into the library)"
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, theme.dim)), inner);
        return;
    }
    let w = usize::from(inner.width);
    // Two marker columns: unread (•) and starred (*), readable without
    // colour; unread rows are bold too.
    let marks_w = if w >= 24 { 3 } else { 2 };
    let date_w = if w >= 30 { s.date_format.width() } else { 0 };
    let rest = w.saturating_sub(marks_w + date_w + usize::from(date_w > 0));
    let site_w = site_width(s, usize::from(inner.height), rest);
    let title_w = rest.saturating_sub(site_w + usize::from(site_w > 0));
    let lines: Vec<Line> = s
        .rows
        .iter()
        .enumerate()
        .skip(s.list_scroll)
        .take(usize::from(inner.height))
        .map(|(row, &i)| {
            let e = &s.corpus.entries[i];
            let unread = !s.marks.is_read(i);
            let mut spans = Vec::with_capacity(7);
            spans.push(Span::styled(if unread { "•" } else { " " }, theme.unread));
            spans.push(if s.marks.is_starred(i) {
                Span::styled("*", theme.starred)
            } else {
                Span::raw(" ")
            });
            if marks_w > 2 {
                spans.push(Span::raw(" "));
            }
            if date_w > 0 {
                let date = e
                    .date
                    .map(|d| s.date_format.format(d.day()))
                    .unwrap_or_default();
                spans.push(Span::styled(fit(&date, date_w), theme.date));
                spans.push(Span::raw(" "));
            }
            // Shown only to `is:withdrawn`, and said so on the row.
            if e.withdrawn {
                let title = fit(&format!("(withdrawn) {}", e.title), title_w);
                spans.push(Span::styled(title, theme.dim));
            } else {
                let title = fit(&e.title, title_w);
                spans.push(if unread {
                    Span::styled(title, theme.unread)
                } else {
                    Span::raw(title)
                });
            }
            if site_w > 0 {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(fit(site_of(e), site_w), theme.dim));
            }
            let line = Line::from(spans);
            if row == s.selected {
                line.style(theme.selected_row)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

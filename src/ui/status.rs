//! The status bar: the open prompt, or the position ("12/340"), the
//! filter, background work, the last message, and the help hint.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{truncate, truncate_start};
use super::theme::Theme;
use crate::app::State;
use crate::app::action::Command;
use crate::app::state::{Indexing, PromptKind};

pub fn draw(frame: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let width = usize::from(area.width);
    if let Some(p) = &s.prompt {
        let label = match p.kind {
            PromptKind::Filter => "/",
            PromptKind::Find => "find: ",
        };
        let info = match p.kind {
            PromptKind::Filter => {
                let how = s
                    .filter
                    .as_ref()
                    .map_or("", |f| if f.full_text { "full text" } else { "titles" });
                format!("  {} of {} ({how})", s.rows.len(), s.corpus.len())
            }
            PromptKind::Find => s
                .reading
                .as_ref()
                .and_then(|r| r.find.as_ref())
                .map(|f| match f.matches.len() {
                    1 => "  1 match".to_owned(),
                    n => format!("  {n} matches"),
                })
                .unwrap_or_default(),
        };
        // The end of what is typed stays in view, as the cursor is there.
        let room = width.saturating_sub(info.width() + 1);
        let text = if label.width() + p.text.width() <= room {
            format!("{label}{}", p.text)
        } else {
            let typed = truncate_start(&p.text, room.saturating_sub(label.width()));
            truncate(&format!("{label}{typed}"), room)
        };
        let cursor_x = area.x + text.width() as u16;
        let line = Line::from(vec![
            Span::styled(text, theme.prompt),
            Span::raw("▏"),
            Span::styled(info, theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
        return;
    }

    let mut left = if s.rows.is_empty() {
        "0/0".to_owned()
    } else {
        format!("{}/{}", s.selected + 1, s.rows.len())
    };
    if !s.corpus.is_empty() {
        left.push_str(&format!("  {} unread", s.marks.unread()));
    }
    if s.marks.unread_only {
        left.push_str(" (showing unread)");
    }
    if s.marks.starred_only {
        left.push_str(" (showing starred)");
    }
    if let Some(f) = s.filter.as_ref().filter(|f| !f.query.is_empty()) {
        left.push_str(&format!(
            "  /{} ({} of {})",
            f.query,
            s.rows.len(),
            s.corpus.len()
        ));
    }
    match s.syncing {
        Some((done, sources, items)) if sources > 0 => {
            left.push_str(&format!(
                "  syncing {done}/{sources} sources, {items} items…"
            ));
        }
        Some(_) => left.push_str("  syncing…"),
        None => {}
    }
    if s.loading {
        left.push_str("  loading…");
    } else if let Indexing::Building { done, total } = s.indexing {
        match (done * 100).checked_div(total) {
            Some(percent) => left.push_str(&format!("  indexing {percent}%…")),
            None => left.push_str("  indexing…"),
        }
    }
    if !s.link_number.is_empty() {
        left.push_str(&format!("  link {}", s.link_number));
    }
    let help = s.keymap.keys_for(Command::Help);
    let right = format!(" {} help ", help.first().map_or("?", String::as_str));
    let (message, style) = match &s.message {
        Some(m) => (
            format!("  {}", m.text),
            if m.error {
                theme.status_error
            } else {
                theme.status
            },
        ),
        None => (String::new(), theme.status),
    };
    let room = width.saturating_sub(right.width());
    let left_text = truncate(&format!(" {left}{message}"), room);
    let pad = room.saturating_sub(left_text.width());
    let line = Line::from(vec![
        Span::styled(left_text, style),
        Span::styled(" ".repeat(pad), theme.status),
        Span::styled(truncate(&right, width), theme.status),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

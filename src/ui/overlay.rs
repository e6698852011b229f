//! Overlays drawn over the panes: the help (built from the keymap), the
//! entry's numbered links, and the files that could not be read.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{fit, truncate};
use super::theme::Theme;
use crate::app::State;
use crate::app::state::Overlay;
use crate::load::{Severity, display_path};

pub fn draw(frame: &mut Frame, overlay: Overlay, s: &State, theme: &Theme) {
    let full = frame.area();
    let width = overlay_width(full);
    let (title, lines, selected, scroll) = match overlay {
        Overlay::Help { scroll } => (
            " keys (esc closes) ",
            help_lines(s, theme, width),
            None,
            scroll,
        ),
        Overlay::Links { selected } => {
            let lines = link_lines(s, width);
            let h = usize::from(full.height.saturating_sub(4)).max(1);
            (
                " links: number or enter follows, y copies ",
                lines,
                Some(selected),
                selected.saturating_sub(h / 2),
            )
        }
        Overlay::Diagnostics { scroll } => (
            " problems (esc closes) ",
            diagnostic_lines(s, theme),
            None,
            scroll,
        ),
    };
    let area = centered(full, width, lines.len());
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    let h = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let visible: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(scroll)
        .take(h)
        .map(|(i, l)| {
            if Some(i) == selected {
                l.style(theme.selected_row)
            } else {
                l
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(visible), inner);
}

fn overlay_width(full: Rect) -> u16 {
    full.width.saturating_sub(4).clamp(full.width.min(20), 90)
}

/// A box `width` wide, tall enough for `lines` (and its border) where the
/// screen allows, in the middle of the screen.
fn centered(full: Rect, width: u16, lines: usize) -> Rect {
    let room = full.height.saturating_sub(2).max(3).min(full.height);
    let h = u16::try_from(lines + 2)
        .unwrap_or(u16::MAX)
        .clamp(3.min(room), room);
    Rect::new(
        full.x + (full.width - width) / 2,
        full.y + (full.height - h) / 2,
        width,
        h,
    )
}

fn help_lines(s: &State, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let rows = s.keymap.help_rows();
    let key_w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(8)
        .min(24);
    let desc_w = usize::from(width.saturating_sub(4)).saturating_sub(key_w + 2);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, desc)| {
            Line::from(vec![
                Span::styled(fit(&keys, key_w), theme.title),
                Span::raw("  "),
                Span::raw(truncate(desc, desc_w)),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        truncate(
            "ctrl-c always quits. In the body, type a link number then enter to select it.",
            usize::from(width.saturating_sub(4)),
        ),
        theme.dim,
    )));
    lines
}

fn link_lines(s: &State, width: u16) -> Vec<Line<'static>> {
    let Some(r) = s.reading.as_ref() else {
        return Vec::new();
    };
    let w = usize::from(width.saturating_sub(4));
    r.rendered
        .links
        .iter()
        .map(|l| {
            let text = if l.text.is_empty() {
                String::new()
            } else {
                format!("{}  ", l.text)
            };
            // Links to loaded entries open inside folio.
            let inside = if s.corpus.by_url(&l.url).is_some() {
                "→ in folio  "
            } else {
                ""
            };
            Line::from(truncate(
                &format!("[{}] {inside}{text}{}", l.number, l.url),
                w,
            ))
        })
        .collect()
}

fn diagnostic_lines(s: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for p in &s.problems {
        lines.push(Line::from(Span::styled(
            crate::safe::one_line(p).into_owned(),
            theme.status_error,
        )));
    }
    for f in &s.corpus.files {
        if f.diagnostics.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(display_path(&f.path), theme.title)));
        for d in &f.diagnostics {
            let style = match d.severity {
                Severity::Error => theme.status_error,
                Severity::Warning => theme.dim,
            };
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(level, style),
                Span::raw(format!(": {}", crate::safe::one_line(&d.message))),
            ]));
        }
    }
    lines
}

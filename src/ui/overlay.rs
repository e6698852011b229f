//! Overlays drawn over the panes: the help (built from the keymap), the
//! entry's numbered links, and the problems (`!`, laid out by
//! [`crate::app::problems`]). A text longer than its window says which
//! part is shown.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{fit, truncate};
use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::Keymap;
use crate::app::layout;
use crate::app::problems::{self, Kind};
use crate::app::state::Overlay;

pub fn draw(frame: &mut Frame, overlay: Overlay, s: &State, theme: &Theme) {
    let full = frame.area();
    let width = layout::overlay_width(full.width);
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
            problem_lines(s, theme, width),
            None,
            scroll,
        ),
    };
    let area = layout::overlay_area(full.width, full.height, width, lines.len());
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title));
    let h = usize::from(block.inner(area).height);
    let scroll = scroll.min(lines.len().saturating_sub(h));
    if lines.len() > h {
        // Where the window is in a text longer than it.
        let shown = format!(
            " {}–{} of {} ",
            scroll + 1,
            (scroll + h).min(lines.len()),
            lines.len()
        );
        block = block.title_bottom(Line::from(shown).right_aligned());
    }
    let inner = block.inner(area);
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
        truncate(Keymap::HELP_FOOTER, usize::from(width.saturating_sub(4))),
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

fn problem_lines(s: &State, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    problems::rows(s, usize::from(width.saturating_sub(2)))
        .into_iter()
        .map(|row| {
            let style = match row.kind {
                Kind::Heading | Kind::Path => theme.title,
                Kind::Error => theme.status_error,
                Kind::Warning => theme.dim,
                Kind::Blank => Style::default(),
            };
            Line::from(Span::styled(row.text, style))
        })
        .collect()
}

//! The body pane: the open entry's rendered lines from the scroll
//! position down (or, while the list has the focus, the selected entry's
//! from the top: the preview), with the selected link, find matches and search-term
//! highlights laid over them, and a scroll position indicator.

use std::sync::Arc;

use std::num::NonZeroU16;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::text::truncate;
use super::theme::Theme;
use crate::app::State;
use crate::app::links::occurrence;
use crate::app::preview::{self, Shown};
use crate::app::state::{Focus, Match, Reading};

pub fn draw(frame: &mut Frame, area: Rect, s: &State, theme: &Theme) {
    let focused = s.focus == Focus::Body && s.prompt.is_none();
    let block = Block::new().borders(Borders::ALL).border_style(if focused {
        theme.border_focused
    } else {
        theme.border
    });
    if let Some(entry) = preview::previewed(s) {
        let shown = s.preview.as_ref().filter(|p| p.entry == entry);
        let rendered = match shown.map(|p| &p.shown) {
            Some(Shown::Ready(r)) => Arc::clone(r),
            Some(Shown::Failed(why)) => {
                let inner = block.inner(area);
                let block = block.title(header(s, entry, area, theme));
                frame.render_widget(block, area);
                let why = Paragraph::new(Span::styled(why.as_str(), theme.dim))
                    .wrap(ratatui::widgets::Wrap { trim: false });
                frame.render_widget(why, inner);
                return;
            }
            // The title until the rendering comes (a frame or two).
            _ => Arc::default(),
        };
        // A full-text hit's words, highlighted on the lines shown.
        let shown = rendered.lines.len().min(usize::from(area.height));
        let highlights = s.query_highlights(&rendered.lines[..shown]);
        let preview = Reading::at_top(entry, rendered, highlights);
        return draw_reading(frame, area, block, s, &preview, theme);
    }
    match s.reading.as_ref() {
        Some(r) => draw_reading(frame, area, block, s, r, theme),
        None => {
            let hint = Paragraph::new(Span::styled("enter opens the selected entry", theme.dim));
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(hint, inner);
        }
    }
}

/// The pane's title: the entry's, cut to the pane, starred or not.
fn header(s: &State, entry: usize, area: Rect, theme: &Theme) -> Span<'static> {
    let star = if s.marks.is_starred(entry) { "* " } else { "" };
    let room = usize::from(area.width.saturating_sub(4 + 2 * star.len() as u16));
    let title = truncate(&s.corpus.entries[entry].title, room);
    Span::styled(format!(" {star}{title} "), theme.title)
}

/// An entry's lines from its scroll position down, decorated, with the
/// position and a scroll bar.
fn draw_reading(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    s: &State,
    r: &Reading,
    theme: &Theme,
) {
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let total = r.rendered.lines.len();
    let mut block = block.title(header(s, r.entry, area, theme));
    if total > 0 {
        let at = Line::from(position(r.scroll, height, total)).alignment(Alignment::Right);
        block = block.title_bottom(at);
    }
    frame.render_widget(block, area);

    let lines: Vec<Line> = (r.scroll..total.min(r.scroll + height))
        .map(|n| decorate(&r.rendered.lines[n], &ranges_on(r, n, theme)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if s.hyperlinks {
        hyperlink(frame.buffer_mut(), inner, r);
    }

    if total > height {
        let mut state = ScrollbarState::new(total.saturating_sub(height)).position(r.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

/// Makes the anchors on screen terminal hyperlinks (OSC 8) to their URLs,
/// for web and mail URLs of printable ASCII only (nothing from a document
/// can end the sequence). Each cell opens and closes the link around its
/// own character, so that redrawing any cell alone keeps the rest right;
/// cells of one anchor share an id, which terminals use to underline the
/// whole link on hover. The cell's width is forced to the character's:
/// the sequence takes no column.
fn hyperlink(buf: &mut Buffer, inner: Rect, r: &Reading) {
    let bottom = r.scroll + usize::from(inner.height);
    let first = r.rendered.spans.partition_point(|sp| sp.line < r.scroll);
    for sp in r.rendered.spans[first..]
        .iter()
        .take_while(|sp| sp.line < bottom)
    {
        let Some(link) = r.rendered.links.get(sp.number.wrapping_sub(1)) else {
            continue;
        };
        if !crate::render::linkable(&link.url) {
            continue;
        }
        let y = inner.y + (sp.line - r.scroll) as u16;
        let from = inner
            .x
            .saturating_add(u16::try_from(sp.start).unwrap_or(u16::MAX));
        let to = inner
            .x
            .saturating_add(u16::try_from(sp.end).unwrap_or(u16::MAX))
            .min(inner.right());
        let open = format!("\x1b]8;id=folio-{};{}\x1b\\", sp.number, link.url);
        let mut x = from;
        while x < to {
            let Some(cell) = buf.cell_mut((x, y)) else {
                break;
            };
            let glyph = cell.symbol().to_owned();
            let width = glyph.width().max(1) as u16;
            cell.set_symbol(&format!("{open}{glyph}\x1b]8;;\x1b\\"));
            if let Some(w) = NonZeroU16::new(width) {
                cell.set_diff_option(CellDiffOption::ForcedWidth(w));
            }
            x += width;
        }
    }
}

/// "top", "42%", "end" or "all", like less.
fn position(scroll: usize, height: usize, total: usize) -> String {
    if total <= height {
        " all ".into()
    } else if scroll == 0 {
        " top ".into()
    } else if scroll + height >= total {
        " end ".into()
    } else {
        format!(" {}% ", (scroll + height) * 100 / total)
    }
}

/// Column ranges on line `n` to restyle, later ones winning.
fn ranges_on(r: &Reading, n: usize, theme: &Theme) -> Vec<(usize, usize, Style)> {
    let mut out = Vec::new();
    let on_line = |ms: &[Match]| -> std::ops::Range<usize> {
        let start = ms.partition_point(|m| m.line < n);
        let end = ms.partition_point(|m| m.line <= n);
        start..end
    };
    for m in &r.highlights[on_line(&r.highlights)] {
        out.push((m.start, m.end, theme.highlight));
    }
    if let Some(f) = &r.find {
        let range = on_line(&f.matches);
        for (i, m) in f.matches[range.clone()].iter().enumerate() {
            let style = if range.start + i == f.current {
                theme.find_current
            } else {
                theme.find_match
            };
            out.push((m.start, m.end, style));
        }
    }
    if let Some(i) = r.link.filter(|&i| i < r.rendered.spans.len()) {
        let spans = &r.rendered.spans;
        for sp in &spans[occurrence(spans, i)] {
            if sp.line == n {
                out.push((sp.start, sp.end, theme.link_selected));
            }
        }
    }
    out
}

/// `line` with `ranges` (display columns) patched over its styles.
fn decorate(line: &Line<'static>, ranges: &[(usize, usize, Style)]) -> Line<'static> {
    if ranges.is_empty() {
        return line.clone();
    }
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    for span in &line.spans {
        let mut current: Option<(Style, String)> = None;
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            let extra = ranges
                .iter()
                .rev()
                .find(|(s, e, _)| col >= *s && col < *e)
                .map(|(_, _, st)| *st);
            let style = match extra {
                Some(x) => span.style.patch(x),
                None => span.style,
            };
            match current.as_mut() {
                Some((st, text)) if *st == style => text.push(c),
                _ => {
                    if let Some((st, text)) = current.take() {
                        out.push(Span::styled(text, st));
                    }
                    current = Some((style, c.to_string()));
                }
            }
            col += w;
        }
        if let Some((st, text)) = current {
            out.push(Span::styled(text, st));
        }
    }
    Line::from(out)
        .style(line.style)
        .alignment_opt(line.alignment)
}

trait AlignmentOpt {
    fn alignment_opt(self, a: Option<Alignment>) -> Self;
}

impl AlignmentOpt for Line<'static> {
    fn alignment_opt(self, a: Option<Alignment>) -> Self {
        match a {
            Some(a) => self.alignment(a),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn ranges_restyle_only_their_columns() {
        let line = Line::from(vec![Span::raw("ab"), Span::raw("cdef")]);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let out = decorate(&line, &[(1, 3, bold)]);
        let parts: Vec<(&str, Style)> = out
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(
            parts,
            [
                ("a", Style::new()),
                ("b", bold),
                ("c", bold),
                ("def", Style::new())
            ]
        );
    }

    #[test]
    fn position_reads_like_less() {
        assert_eq!(position(0, 10, 5), " all ");
        assert_eq!(position(0, 10, 50), " top ");
        assert_eq!(position(40, 10, 50), " end ");
        assert_eq!(position(10, 10, 50), " 40% ");
    }
}

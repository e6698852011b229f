//! Building styled lines and link spans: the common end of the HTML and the
//! plain-text paths, and the one place where text becomes ratatui spans.
//!
//! Everything pushed here goes through [`crate::safe::visible`] (a no-op
//! when the text is already clean, which it normally is) and has its tabs
//! expanded, so no control character can reach a `Line` and every column
//! count holds.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::LinkSpan;
use crate::safe;

/// Tab stops every eight columns, as terminals have them.
pub const TAB: usize = 8;

/// Lines under construction, with the link spans found on them.
#[derive(Default)]
pub struct LineBuilder {
    lines: Vec<Line<'static>>,
    spans: Vec<LinkSpan>,
    current: Vec<Span<'static>>,
    col: usize,
    open: Option<Open>,
}

/// A link span still growing on the current line: one occurrence of a link
/// can arrive in several pieces (bold inside an anchor).
struct Open {
    occurrence: u64,
    span: LinkSpan,
}

impl LineBuilder {
    pub fn new() -> LineBuilder {
        LineBuilder::default()
    }

    /// The display column where the next text goes.
    pub fn col(&self) -> usize {
        self.col
    }

    /// The index the current line will have.
    pub fn line_index(&self) -> usize {
        self.lines.len()
    }

    /// Appends text in `style` to the current line (newlines become spaces).
    pub fn push(&mut self, text: &str, style: Style) {
        let text = safe::visible(text);
        let mut owned = String::new();
        let text: &str = if text.contains(['\t', '\n', '\r']) {
            let mut col = self.col;
            for c in text.chars() {
                match c {
                    '\t' => {
                        let n = TAB - col % TAB;
                        owned.extend(std::iter::repeat_n(' ', n));
                        col += n;
                    }
                    '\n' | '\r' => {
                        owned.push(' ');
                        col += 1;
                    }
                    c => {
                        owned.push(c);
                        col += c.width().unwrap_or(0);
                    }
                }
            }
            &owned
        } else {
            &text
        };
        if text.is_empty() {
            return;
        }
        self.col += text.width();
        match self.current.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => self.current.push(Span::styled(text.to_owned(), style)),
        }
    }

    /// Appends part of one occurrence of link `number`: the span covers the
    /// occurrence's text without surrounding white space. Pieces of the same
    /// `occurrence` on one line make one span.
    pub fn push_link(&mut self, text: &str, style: Style, number: usize, occurrence: u64) {
        let clean = safe::visible(text);
        let start = self.col;
        let trimmed = clean.trim();
        if !trimmed.is_empty() {
            let lead = clean.len() - clean.trim_start().len();
            let first = start + clean[..lead].width();
            let last = first + trimmed.width();
            match &mut self.open {
                Some(open) if open.occurrence == occurrence => open.span.end = last,
                _ => {
                    self.close_span();
                    self.open = Some(Open {
                        occurrence,
                        span: LinkSpan {
                            number,
                            line: self.lines.len(),
                            start: first,
                            end: last,
                        },
                    });
                }
            }
        }
        self.push(&clean, style);
    }

    fn close_span(&mut self) {
        if let Some(open) = self.open.take() {
            self.spans.push(open.span);
        }
    }

    /// Ends the current line (an empty one if nothing was pushed).
    pub fn end_line(&mut self) {
        self.close_span();
        let spans = std::mem::take(&mut self.current);
        self.lines.push(Line::from(spans));
        self.col = 0;
    }

    /// Adds a whole line of text in one style.
    pub fn line(&mut self, text: &str, style: Style) {
        self.push(text, style);
        self.end_line();
    }

    /// Adds an empty line unless the last line is already blank (or there
    /// is none).
    pub fn blank(&mut self) {
        if !self.current.is_empty() {
            self.end_line();
        }
        if self.lines.last().is_some_and(|l| !is_blank(l)) {
            self.lines.push(Line::default());
        }
    }

    /// Appends lines built elsewhere, moving their link spans along.
    pub fn append(&mut self, lines: Vec<Line<'static>>, spans: Vec<LinkSpan>) {
        if !self.current.is_empty() {
            self.end_line();
        }
        let offset = self.lines.len();
        self.spans.extend(spans.into_iter().map(|s| LinkSpan {
            line: s.line + offset,
            ..s
        }));
        self.lines.extend(lines);
    }

    /// The lines and spans; a line still open is ended.
    pub fn finish(mut self) -> (Vec<Line<'static>>, Vec<LinkSpan>) {
        if !self.current.is_empty() {
            self.end_line();
        }
        self.close_span();
        (self.lines, self.spans)
    }
}

/// Whether a line shows nothing but white space.
pub fn is_blank(line: &Line<'_>) -> bool {
    line.spans.iter().all(|s| s.content.trim().is_empty())
}

/// Whether a line is a quotation's empty line (`>`, `> >`).
fn is_quote_gap(line: &Line<'_>) -> bool {
    let text = text_of(line);
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c == '>' || c == ' ')
}

/// Removes blank lines at both ends and collapses runs of blank lines (and
/// of a quotation's empty lines) to one, moving link spans with their lines.
pub fn tidy(lines: Vec<Line<'static>>, spans: &mut [LinkSpan]) -> Vec<Line<'static>> {
    let mut map = Vec::with_capacity(lines.len());
    let mut out: Vec<Line<'static>> = Vec::with_capacity(lines.len());
    let mut pending_blank = false;
    for line in lines {
        if is_blank(&line) {
            pending_blank = !out.is_empty();
            map.push(out.len());
            continue;
        }
        let repeated_gap = !pending_blank
            && is_quote_gap(&line)
            && out
                .last()
                .is_some_and(|last| text_of(last).trim_end() == text_of(&line).trim_end());
        if repeated_gap {
            map.push(out.len() - 1);
            continue;
        }
        if pending_blank {
            out.push(Line::default());
            pending_blank = false;
        }
        map.push(out.len());
        out.push(line);
    }
    for s in spans.iter_mut() {
        if let Some(&to) = map.get(s.line) {
            s.line = to;
        }
    }
    out
}

/// The plain text of a line.
pub fn text_of(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_skip_white_space_and_join_pieces() {
        let mut b = LineBuilder::new();
        b.push("see ", Style::new());
        b.push_link(" big ", Style::new(), 1, 7);
        b.push_link("deal", Style::new(), 1, 7);
        b.push("[1]", Style::new());
        let (lines, spans) = b.finish();
        assert_eq!(text_of(&lines[0]), "see  big deal[1]");
        assert_eq!(
            spans,
            [LinkSpan {
                number: 1,
                line: 0,
                start: 5,
                end: 13
            }]
        );
    }

    #[test]
    fn controls_never_reach_a_line_and_tabs_expand() {
        let mut b = LineBuilder::new();
        b.push("ab\tc\u{1b}[2J\u{202e}", Style::new());
        let (lines, _) = b.finish();
        assert_eq!(text_of(&lines[0]), "ab      c\u{241b}[2J");
    }

    #[test]
    fn tidy_collapses_blank_runs_and_moves_spans() {
        let lines: Vec<Line> = ["", "a", "", " ", "b", ""]
            .into_iter()
            .map(Line::from)
            .collect();
        let mut spans = [LinkSpan {
            number: 1,
            line: 4,
            start: 0,
            end: 1,
        }];
        let out = tidy(lines, &mut spans);
        let texts: Vec<String> = out.iter().map(text_of).collect();
        assert_eq!(texts, ["a", "", "b"]);
        assert_eq!(spans[0].line, 2);
    }
}

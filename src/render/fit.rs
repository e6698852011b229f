//! The last step of every layout: no line wider than the width.
//!
//! html2text and the text wrapper break lines at spaces, so a line can
//! still be too wide where there is no space to break at: a URL, a long
//! word, CJK text in a narrow table cell, lists nested past the width, or
//! a width under [`super::MIN_WIDTH`] (laid out at that width, then fitted).
//! Such a line is cut at the width, by display cells, into as many lines
//! as it takes (a reader pane would otherwise lose what passes its edge);
//! link spans are cut with it. Only a single character wider than the
//! width (a CJK character at width 1) stays on a line of its own.
//!
//! Columns are measured as ratatui measures a line (unicode-width of each
//! span), so what this lets through fits the pane it is drawn in.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::LinkSpan;

/// Lines and spans fitted to `width`, and for each old line the index of
/// its first new line (plus one entry for the end), to move other line
/// indices (the header's length, the link list) along.
pub struct Fitted {
    pub lines: Vec<Line<'static>>,
    pub spans: Vec<LinkSpan>,
    pub map: Vec<usize>,
}

/// Cuts every line wider than `width` cells, except those `whole` names
/// (a URL of the header or the link list: copied whole, a URL is worth
/// more than the columns it passes); see the module documentation.
pub fn fit(
    lines: Vec<Line<'static>>,
    spans: Vec<LinkSpan>,
    width: usize,
    whole: impl Fn(usize) -> bool,
) -> Fitted {
    let width = width.max(1);
    if lines
        .iter()
        .enumerate()
        .all(|(i, l)| l.width() <= width || whole(i))
    {
        let map = (0..=lines.len()).collect();
        return Fitted { lines, spans, map };
    }
    let mut out = Vec::with_capacity(lines.len() + 16);
    let mut map = Vec::with_capacity(lines.len() + 1);
    // Per old line: the cell where each of its pieces starts (none when
    // it was not cut).
    let mut cuts: Vec<Vec<usize>> = Vec::with_capacity(lines.len());
    for (i, line) in lines.into_iter().enumerate() {
        map.push(out.len());
        if line.width() <= width || whole(i) {
            out.push(line);
            cuts.push(Vec::new());
            continue;
        }
        let (pieces, starts) = pieces(&line, width);
        out.extend(pieces);
        cuts.push(starts);
    }
    map.push(out.len());
    let mut fitted = Vec::with_capacity(spans.len());
    for s in spans {
        let (Some(&first), Some(starts)) = (map.get(s.line), cuts.get(s.line)) else {
            continue;
        };
        if starts.is_empty() {
            fitted.push(LinkSpan { line: first, ..s });
            continue;
        }
        // The pieces the span overlaps, from the one it starts in.
        let from_piece = starts
            .partition_point(|&at| at <= s.start)
            .saturating_sub(1);
        for (k, &from) in starts.iter().enumerate().skip(from_piece) {
            if from >= s.end {
                break;
            }
            let to = starts.get(k + 1).copied().unwrap_or(usize::MAX);
            let line = first + k;
            let start = s.start.max(from) - from;
            let end = (s.end.min(to) - from).min(out[line].width());
            if start < end {
                fitted.push(LinkSpan {
                    number: s.number,
                    line,
                    start,
                    end,
                });
            }
        }
    }
    Fitted {
        lines: out,
        spans: fitted,
        map,
    }
}

/// `line` cut into pieces of at most `width` cells, and the cell of the
/// old line where each piece starts (as `Line::width` measures the pieces
/// before it, as link spans are measured).
fn pieces(line: &Line<'static>, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let cells: Vec<usize> = chars.iter().map(|(c, _)| c.width().unwrap_or(0)).collect();
    let mut pieces = Vec::new();
    let mut starts = Vec::new();
    let mut col = 0;
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && (end == start || used + cells[end] <= width) {
            used += cells[end];
            end += 1;
        }
        // Zero-width characters stay with the character they follow; a
        // link's `[N]` goes whole to the next line.
        while end < chars.len() && cells[end] == 0 {
            end += 1;
        }
        if let Some(at) = marker_start(&chars, start, end) {
            end = at;
        }
        let mut piece = build(&chars[start..end], line);
        // unicode-width measures some sequences (an emoji and a variation
        // selector) wider than their characters: the longest prefix that
        // fits, found by halving.
        if piece.width() > width && end > start + 1 {
            let (mut fits, mut over) = (start + 1, end);
            while over - fits > 1 {
                let mid = (fits + over) / 2;
                if build(&chars[start..mid], line).width() <= width {
                    fits = mid;
                } else {
                    over = mid;
                }
            }
            end = fits;
            piece = build(&chars[start..end], line);
        }
        starts.push(col);
        col += piece.width();
        pieces.push(piece);
        start = end;
    }
    (pieces, starts)
}

/// Where the link marker (`[12]`, dim) that a cut at `end` would split
/// begins, when it begins after `start` (a marker wider than the whole
/// width is cut like any text).
fn marker_start(chars: &[(char, Style)], start: usize, end: usize) -> Option<usize> {
    let dim = |i: usize| chars[i].1.add_modifier.contains(Modifier::DIM);
    let inside = end < chars.len()
        && dim(end)
        && (chars[end].0.is_ascii_digit() || chars[end].0 == ']')
        && chars[end - 1].0 != ']';
    if !inside {
        return None;
    }
    let mut at = end - 1;
    while at > start && chars[at].0.is_ascii_digit() && dim(at) {
        at -= 1;
    }
    (at > start && chars[at].0 == '[' && dim(at)).then_some(at)
}

/// A line of `chars`, with the line-wide style and alignment of `like`.
fn build(chars: &[(char, Style)], like: &Line<'static>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for &(c, style) in chars {
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    let mut line = Line::from(spans);
    line.style = like.style;
    line.alignment = like.alignment;
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text_of;

    fn texts(f: &Fitted) -> Vec<String> {
        f.lines.iter().map(text_of).collect()
    }

    #[test]
    fn lines_that_fit_are_left_alone() {
        let lines = vec![Line::from("short"), Line::from("also short")];
        let f = fit(lines.clone(), Vec::new(), 10, |_| false);
        assert_eq!(f.lines, lines);
        assert_eq!(f.map, vec![0, 1, 2]);
    }

    #[test]
    fn a_long_line_is_cut_by_cells_and_spans_follow() {
        let lines = vec![
            Line::from("title"),
            Line::from("see https://example.org/long"),
            Line::from("end"),
        ];
        // the URL, columns 4..28, is link 1
        let spans = vec![LinkSpan {
            number: 1,
            line: 1,
            start: 4,
            end: 28,
        }];
        let f = fit(lines, spans, 10, |_| false);
        assert_eq!(
            texts(&f),
            ["title", "see https:", "//example.", "org/long", "end"]
        );
        assert_eq!(f.map, vec![0, 1, 4, 5]);
        let cut: Vec<_> = f.spans.iter().map(|s| (s.line, s.start, s.end)).collect();
        assert_eq!(cut, [(1, 4, 10), (2, 0, 10), (3, 0, 8)]);
    }

    #[test]
    fn wide_characters_are_never_split_and_one_too_wide_stays_alone() {
        let f = fit(vec![Line::from("日本語の文")], Vec::new(), 3, |_| {
            false
        });
        assert_eq!(texts(&f), ["日", "本", "語", "の", "文"]);
        let f = fit(vec![Line::from("日本")], Vec::new(), 1, |_| false);
        assert_eq!(texts(&f), ["日", "本"]);
    }

    #[test]
    fn a_link_marker_is_never_split() {
        let dim = Style::new().add_modifier(Modifier::DIM);
        let line = Line::from(vec![Span::raw("童話童話"), Span::styled("[12]", dim)]);
        let f = fit(vec![line], Vec::new(), 10, |_| false);
        assert_eq!(texts(&f), ["童話童話", "[12]"]);
        let line = Line::from(vec![Span::styled("[1][2]", dim)]);
        assert_eq!(
            texts(&fit(vec![line], Vec::new(), 4, |_| false)),
            ["[1]", "[2]"]
        );
    }

    #[test]
    fn emoji_measured_wider_than_their_characters_still_fit() {
        let line = Line::from("\u{2764}\u{fe0f}".repeat(6));
        let f = fit(vec![line], Vec::new(), 5, |_| false);
        assert!(f.lines.iter().all(|l| l.width() <= 5), "{:?}", texts(&f));
        assert_eq!(texts(&f).concat(), "\u{2764}\u{fe0f}".repeat(6));
    }

    #[test]
    fn styles_and_combining_marks_stay_with_their_text() {
        let bold = Style::new().bold();
        let line = Line::from(vec![Span::raw("abc"), Span::styled("de\u{301}f", bold)]);
        let f = fit(vec![line], Vec::new(), 4, |_| false);
        assert_eq!(texts(&f), ["abcd", "e\u{301}f"]);
        assert_eq!(f.lines[1].spans[0].style, bold);
    }
}

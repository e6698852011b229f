//! Which tables hold data and which lay out a page, read in one streaming
//! pass before `prepare` rewrites the body.
//!
//! Old pages, and many saved ones, use tables for layout: a navigation
//! column beside the content, a whole page in one cell, tables inside
//! tables. Drawn as bordered grids these squeeze the text into narrow
//! columns; lynx instead reads them as the flow of their cells, and so
//! does folio: a layout table's rows and cells become plain blocks.
//!
//! A table is layout when it says so (`role=presentation`), holds another
//! table, has a cell with block content (a heading, a list, a quote,
//! preformatted text, or two paragraphs), has one row or one column, or
//! has one cell holding most of its text. It is data when it has header
//! cells, a caption, a summary or column groups, unless one of the first
//! three holds. (Readability's data-table test, with the cell content
//! tests added: it decides whether to keep a table, folio how to draw it.)
//!
//! Programmes often put each time slot in a table of its own. Tables that
//! follow one another with nothing but white space between, with the same
//! number of columns, are drawn as one table, so their columns align; the
//! run is judged as one table.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// How one table (in the order of their start tags) is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableKind {
    /// Drawn as blocks, not as a grid.
    pub layout: bool,
    /// Its rows continue the table before it (its start tag is dropped).
    pub joins_previous: bool,
    /// The table after it continues it (its end tag is dropped).
    pub joins_next: bool,
}

/// A cell holding more than this share of a table's text makes it layout
/// (when the table has at least [`DOMINANT_MIN_TEXT`] bytes of text).
const DOMINANT_SHARE: f64 = 0.6;
const DOMINANT_MIN_TEXT: usize = 200;

/// The kind of every table in `html`, in the order their start tags come.
pub fn classify(html: &str) -> Vec<TableKind> {
    if !contains_table(html) {
        return Vec::new();
    }
    let mut scan = Scan::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        scan.event(event, span);
        None::<()>
    });
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    while !scan.open.is_empty() {
        scan.close_table(html.len());
    }
    kinds(html, &scan.done)
}

/// Whether `html` has a `<table` tag, in any case.
fn contains_table(html: &str) -> bool {
    html.as_bytes()
        .windows(6)
        .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"table"))
}

/// What the scan learned of one table.
#[derive(Clone, Debug, Default)]
struct Stats {
    id: usize,
    /// Source positions of its start tag and of the end of its end tag.
    start: usize,
    end: usize,
    depth: usize,
    rows: usize,
    columns: usize,
    cells_in_row: usize,
    header: bool,
    caption: bool,
    presentation: bool,
    nested: bool,
    blocks: bool,
    /// Paragraphs in the open cell.
    paragraphs: usize,
    in_cell: bool,
    cell_text: usize,
    largest_cell: usize,
    text: usize,
}

#[derive(Default)]
struct Scan {
    open: Vec<Stats>,
    done: Vec<Stats>,
    next_id: usize,
    tag: Vec<u8>,
    tag_start: usize,
    attr: Vec<u8>,
}

impl Scan {
    fn event(&mut self, event: CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend(name.iter().map(u8::to_ascii_lowercase));
                self.tag_start = span.start;
                if self.tag == b"table" {
                    if let Some(parent) = self.open.last_mut() {
                        parent.nested = true;
                    }
                    self.open.push(Stats {
                        id: self.next_id,
                        start: span.start,
                        depth: self.open.len(),
                        ..Stats::default()
                    });
                    self.next_id += 1;
                }
            }
            CallbackEvent::AttributeName { name } => {
                self.attr.clear();
                self.attr.extend(name.iter().map(u8::to_ascii_lowercase));
            }
            CallbackEvent::AttributeValue { value } if self.tag == b"table" => {
                let value = String::from_utf8_lossy(value).trim().to_ascii_lowercase();
                if let Some(t) = self.open.last_mut() {
                    match self.attr.as_slice() {
                        b"role" => t.presentation |= value == "presentation" || value == "none",
                        b"summary" => t.header |= !value.is_empty(),
                        b"datatable" => t.presentation |= value == "0",
                        _ => {}
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => self.start_tag(),
            CallbackEvent::EndTag { name } => {
                let name = name.to_ascii_lowercase();
                self.end_tag(&name, span.end);
            }
            CallbackEvent::String { value } => {
                if let Some(t) = self.open.last_mut() {
                    let len = value.iter().filter(|b| !b.is_ascii_whitespace()).count();
                    t.text += len;
                    if t.in_cell {
                        t.cell_text += len;
                    }
                }
            }
            _ => {}
        }
    }

    fn start_tag(&mut self) {
        let Some(t) = self.open.last_mut() else {
            return;
        };
        match self.tag.as_slice() {
            b"tr" => {
                t.rows += 1;
                t.cells_in_row = 0;
            }
            b"td" | b"th" => {
                Self::end_cell(t);
                if t.rows == 0 {
                    t.rows = 1;
                }
                t.cells_in_row += 1;
                t.columns = t.columns.max(t.cells_in_row);
                t.header |= self.tag == b"th";
                t.in_cell = true;
            }
            b"thead" | b"tfoot" | b"col" | b"colgroup" => t.header = true,
            b"caption" => {
                t.header = true;
                t.caption = true;
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"dl"
            | b"blockquote" | b"pre"
                if t.in_cell =>
            {
                t.blocks = true;
            }
            b"p" | b"div" if t.in_cell => {
                t.paragraphs += 1;
                t.blocks |= t.paragraphs >= 2;
            }
            _ => {}
        }
    }

    fn end_cell(t: &mut Stats) {
        if t.in_cell {
            t.largest_cell = t.largest_cell.max(t.cell_text);
            t.cell_text = 0;
            t.paragraphs = 0;
            t.in_cell = false;
        }
    }

    fn end_tag(&mut self, name: &[u8], end: usize) {
        match name {
            b"table" => self.close_table(end),
            b"td" | b"th" => {
                if let Some(t) = self.open.last_mut() {
                    Self::end_cell(t);
                }
            }
            _ => {}
        }
    }

    fn close_table(&mut self, end: usize) {
        if let Some(mut t) = self.open.pop() {
            Self::end_cell(&mut t);
            t.end = end;
            // A nested table's text is its parent's text too.
            if let Some(parent) = self.open.last_mut() {
                parent.text += t.text;
                if parent.in_cell {
                    parent.cell_text += t.text;
                }
            }
            self.done.push(t);
        }
    }
}

/// Whether only white space and comments lie between two tables.
fn adjacent(html: &str, end: usize, start: usize) -> bool {
    let Some(mut between) = html.get(end..start) else {
        return false;
    };
    loop {
        between = between.trim_start();
        match between.strip_prefix("<!--") {
            Some(rest) => match rest.find("-->") {
                Some(e) => between = &rest[e + 3..],
                None => return false,
            },
            None => return between.is_empty(),
        }
    }
}

/// Whether a table, or a run of tables drawn as one, lays out a page.
fn is_layout(run: &[&Stats]) -> bool {
    let rows: usize = run.iter().map(|t| t.rows).sum();
    let text: usize = run.iter().map(|t| t.text).sum();
    let largest = run.iter().map(|t| t.largest_cell).max().unwrap_or(0);
    let columns = run[0].columns;
    let header = run.iter().any(|t| t.header);
    let dominant = text >= DOMINANT_MIN_TEXT && largest as f64 > DOMINANT_SHARE * text as f64;
    run.iter().any(|t| layout_by_content(t)) || (!header && (rows <= 1 || columns <= 1 || dominant))
}

/// Whether a table is layout by what it holds, whatever its size.
fn layout_by_content(t: &Stats) -> bool {
    t.presentation || t.nested || t.blocks
}

fn kinds(html: &str, done: &[Stats]) -> Vec<TableKind> {
    let mut by_id: Vec<&Stats> = done.iter().collect();
    by_id.sort_by_key(|t| t.id);
    let mut kinds = vec![TableKind::default(); by_id.len()];
    let mut i = 0;
    while i < by_id.len() {
        // The run of tables drawn as one starting at i.
        let mut j = i;
        while j + 1 < by_id.len() {
            let (a, b) = (by_id[j], by_id[j + 1]);
            let joins = a.depth == b.depth
                && a.columns == b.columns
                && a.columns >= 2
                && !b.caption
                && !layout_by_content(a)
                && !layout_by_content(b)
                && adjacent(html, a.end, b.start);
            if !joins {
                break;
            }
            j += 1;
        }
        let run = &by_id[i..=j];
        i = j + 1;
        if run.len() > 1 && is_layout(run) {
            // Tables joined into a layout would be read as flow anyway:
            // each is judged alone, and none is joined.
            for t in run {
                kinds[t.id].layout = is_layout(&[t]);
            }
            continue;
        }
        let layout = is_layout(run);
        for (k, t) in run.iter().enumerate() {
            kinds[t.id] = TableKind {
                layout,
                joins_previous: k > 0,
                joins_next: k + 1 < run.len(),
            };
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(html: &str) -> Vec<bool> {
        classify(html).iter().map(|k| k.layout).collect()
    }

    #[test]
    fn data_tables_keep_their_grid() {
        assert_eq!(
            layout(
                "<table><tr><th>Time</th><th>Talk</th></tr>\
                 <tr><td>9:00</td><td>Opening</td></tr></table>"
            ),
            [false]
        );
        assert_eq!(
            layout("<TABLE><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></TABLE>"),
            [false]
        );
        assert!(classify("<p>no tables</p>").is_empty());
    }

    #[test]
    fn page_layout_is_read_as_flow() {
        // A navigation column beside the article, with headings and lists.
        assert_eq!(
            layout(
                "<table><tr><td><ul><li>Home</li></ul></td>\
                 <td><h1>Title</h1><p>Text.</p></td></tr></table>"
            ),
            [true]
        );
        // Tables in tables: both are layout (the inner has one row).
        assert_eq!(
            layout(
                "<table><tr><td><table><tr><td>x</td><td>y</td></tr></table></td>\
                 <td>z</td></tr><tr><td>1</td><td>2</td></tr></table>"
            ),
            [true, true]
        );
        assert_eq!(
            layout("<table role=presentation><tr><th>a</th></tr></table>"),
            [true]
        );
        // One cell holds most of the text.
        let long = "word ".repeat(60);
        assert_eq!(
            layout(&format!(
                "<table><tr><td>Menu</td><td>{long}</td></tr><tr><td>a</td><td>b</td></tr></table>"
            )),
            [true]
        );
    }

    #[test]
    fn one_table_per_time_slot_is_one_schedule() {
        let slot = |t: &str, what: &str| {
            format!("<table><tr><td>{t}</td><td>{what}</td></tr></table>\n<!-- slot -->\n")
        };
        let html = format!(
            "{}{}{}<h3>Afternoon</h3>{}",
            slot("9:00", "Opening"),
            slot("9:30", "Keynote"),
            slot("10:30", "Panel"),
            slot("14:00", "Closing")
        );
        let kinds = classify(&html);
        assert_eq!(kinds.len(), 4);
        assert!(kinds[..3].iter().all(|k| !k.layout), "{kinds:?}");
        assert!(!kinds[0].joins_previous && kinds[0].joins_next);
        assert!(kinds[1].joins_previous && kinds[1].joins_next);
        assert!(kinds[2].joins_previous && !kinds[2].joins_next);
        // Alone after its heading, a one-row table is layout.
        assert_eq!(
            kinds[3],
            TableKind {
                layout: true,
                ..TableKind::default()
            }
        );
    }

    #[test]
    fn tables_that_together_lay_out_a_page_are_not_joined() {
        let long = "word ".repeat(80);
        let row = |a: &str, b: &str| format!("<table><tr><td>{a}</td><td>{b}</td></tr></table>");
        let html = format!("{}{}", row("Menu", &long), row("x", "y"));
        let kinds = classify(&html);
        assert!(
            kinds.iter().all(|k| !k.joins_previous && !k.joins_next),
            "{kinds:?}"
        );
    }

    #[test]
    fn broken_markup_is_classified_without_panicking() {
        for html in [
            "<table><tr><td>",
            "</table></td><table",
            "<table><table><table>",
            "<td>x</td></table>",
        ] {
            let _ = classify(html);
        }
    }
}

//! Rendering: an entry as styled terminal text with numbered links, as a
//! pure function of the entry and a width.
//!
//! The reader's body pane, `folio show` and anyone piping folio's output
//! see entries through this module. It owns the layout (header, body, link
//! list), link numbering and link positions, and what a document may put on
//! a screen; it knows nothing of terminals, panes or key presses.
//!
//! # Using it
//!
//! ```no_run
//! # fn demo(entry: &folio::model::Entry) -> std::io::Result<()> {
//! use folio::render::{self, RenderCache};
//!
//! let r = render::render(entry, 100); // a pure function of (entry, width)
//! let mut cache = RenderCache::default(); // or cached per (id, width):
//! let r = cache.get(entry, 100); // Arc<Rendered>
//! render::write_plain(&r, &mut std::io::stdout())?; // or write_ansi
//! # Ok(()) }
//! ```
//!
//! What a [`Rendered`] gives a reader:
//!
//! - `lines`: ratatui lines to draw, one document: the header
//!   (`header_len` lines: title, date · author · site, URL, reading time,
//!   a rule, a blank line), `[folio: …]` notes if any, the body, then the
//!   link list (`links_start` is its `Links` line; link N's entry starts
//!   on line `list_lines[N - 1]`);
//! - `links[n - 1]` (or [`Rendered::link`]): link number n, its URL and
//!   anchor text; [`links`] gives the same list without laying out;
//! - `spans` / [`Rendered::spans_of`]: where the anchors are, to highlight
//!   the selected link and scroll it into view;
//! - [`Rendered::link_at`]: the link under a click (an anchor, or an entry
//!   of the link list);
//! - [`Rendered::without_colour`]: the same without colours, for NO_COLOR;
//!   [`style`] names the styles used, [`text_of`] a line's text.
//!
//! [`RenderCache`] is bounded (32 results, 400,000 lines by default):
//! `get` renders on a miss; a worker thread can render with [`render`] and
//! hand the result over with `insert`, the drawing side asking `peek`.
//!
//! - **Numbers**: one per distinct target (relative targets resolved
//!   against the entry's URL), in order of first appearance in the
//!   document: `links[i].number == i + 1`. They do not depend on the width,
//!   and [`links`] gives the same list without laying anything out.
//! - **Spans**: every on-screen occurrence of an anchor, in reading order;
//!   an anchor wrapped over two lines has one span per line. Columns are
//!   display columns as unicode-width (and so ratatui) measures them, end
//!   exclusive, and cover the anchor's text without the `[N]` after it
//!   (an anchor with no text, such as an image without alt text, is
//!   covered by its `[N]`). A link that html2text does not show (an empty
//!   anchor) is in the list and has no span.
//! - **Safety**: no line holds a control character (C0 but tab and newline,
//!   DEL, C1) or a bidirectional control: control characters show as
//!   placeholders (`␛`), see [`crate::safe::visible`]. Tabs are expanded.
//! - **Limits**: a body over 4 MB is cut, markup nested over 256 levels is
//!   flattened, a table over 64 columns is laid out one cell per line; each
//!   says so in a `[folio: …]` note at the top of the body. Nothing in a
//!   document can make this module panic, recurse deeply (it is safe on a
//!   2 MB stack) or take much longer than the document's size warrants.
//! - **Width**: no line is wider than `width` cells, whatever the script,
//!   except a line holding one character wider than the width (a CJK
//!   character at width 1). Layout happens at `width` (at least
//!   [`MIN_WIDTH`]); what still does not fit (a URL, a long word, lists
//!   nested past the width, a width under [`MIN_WIDTH`]) is cut by cells
//!   (`fit`).
//!
//! # How
//!
//! HTML goes through `prepare` (a linear token pass: sanitising, limits,
//! link numbering, rules, chunk boundaries; `chars` cleans characters
//! first, `elements` says what each element does, `tables` which tables
//! are page layout to read as flow), then html2text's annotated
//! layout, one chunk per core (`html`), then into lines (`lines`). Plain
//! text is wrapped here (`text`). `links` numbers and lists, `output`
//! writes plain or ANSI text, `cache` keeps recent results.

mod cache;
mod chars;
mod elements;
mod fit;
mod html;
mod lines;
mod links;
mod output;
mod prepare;
pub mod style;
mod tables;
mod text;

use std::panic::AssertUnwindSafe;

use ratatui::text::Line;
use rayon::prelude::*;

pub use cache::RenderCache;
pub use lines::text_of;
pub use output::{linkable, write_ansi, write_plain};

use crate::markup;
use crate::model::{Body, Entry};
use lines::LineBuilder;
use links::Numbering;

/// Narrower widths are laid out at this width.
pub const MIN_WIDTH: u16 = 8;

/// HTML bodies larger than this are laid out in pieces, in parallel.
const CHUNK_BYTES: usize = 48 * 1024;

/// An entry laid out for a terminal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// The header block, the body, then the numbered link list.
    pub lines: Vec<Line<'static>>,
    /// `links[i].number == i + 1`.
    pub links: Vec<RenderedLink>,
    /// Every on-screen occurrence of a link's anchor, in reading order.
    pub spans: Vec<LinkSpan>,
    /// How many of `lines` the header takes (title to the blank line after
    /// its rule): the body starts at this line.
    pub header_len: usize,
    /// The line of the link list's `Links` heading. `None` when there are
    /// no links.
    pub links_start: Option<usize>,
    /// The line where link N's entry in the link list starts is
    /// `list_lines[N - 1]` (an entry takes more than one line when its URL
    /// is wider than the width).
    pub list_lines: Vec<usize>,
    /// The width it was laid out for.
    pub width: u16,
}

/// A numbered link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RenderedLink {
    pub number: usize,
    /// Absolute where the entry's URL allowed resolving it; free of control
    /// characters.
    pub url: String,
    /// The anchor text of its first appearance with text (an image's alt
    /// text if that is all there is), white space collapsed; the URL itself
    /// for bare URLs in plain text; may be empty.
    pub text: String,
}

/// Where an anchor of link `number` is: `line` in [`Rendered::lines`],
/// display columns `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkSpan {
    pub number: usize,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

impl Rendered {
    /// Link `number`.
    pub fn link(&self, number: usize) -> Option<&RenderedLink> {
        self.links.get(number.checked_sub(1)?)
    }

    /// The spans of link `number`.
    pub fn spans_of(&self, number: usize) -> impl Iterator<Item = &LinkSpan> {
        self.spans.iter().filter(move |s| s.number == number)
    }

    /// The link shown at `line`, display column `column`: an anchor in the
    /// body, or an entry of the link list.
    pub fn link_at(&self, line: usize, column: usize) -> Option<usize> {
        if let Some(s) = self
            .spans
            .iter()
            .find(|s| s.line == line && (s.start..s.end).contains(&column))
        {
            return Some(s.number);
        }
        let n = self.list_lines.partition_point(|&start| start <= line);
        let end = self.list_lines.get(n).copied().unwrap_or(self.lines.len());
        (n > 0 && line < end).then_some(n)
    }

    /// The same lines without colours (modifiers such as bold stay), for
    /// NO_COLOR.
    pub fn without_colour(&self) -> Rendered {
        let mut r = self.clone();
        for line in &mut r.lines {
            line.style.fg = None;
            line.style.bg = None;
            for span in &mut line.spans {
                span.style.fg = None;
                span.style.bg = None;
            }
        }
        r
    }
}

/// Lays `entry` out at `width` columns.
pub fn render(entry: &Entry, width: u16) -> Rendered {
    render_with(entry, width, CHUNK_BYTES)
}

/// The entry's numbered links, as [`render`] numbers them, without laying
/// anything out.
pub fn links(entry: &Entry) -> Vec<RenderedLink> {
    let mut numbering = Numbering::new(entry.link_base().as_deref());
    match &entry.body {
        Body::Html(html) => {
            prepare::prepare(html, &mut numbering, usize::MAX);
        }
        Body::Text(_) | Body::Unloaded { .. } => {
            let t = entry.body.as_str();
            let mut sink = LineBuilder::new();
            text::render(cut(t).0, 80, Some(&mut numbering), &mut sink);
        }
    }
    finish_links(numbering)
}

/// [`render`] with a chunk size for HTML (tests use small ones to check
/// that chunked and whole layouts agree).
pub fn render_with(entry: &Entry, width: u16, chunk_bytes: usize) -> Rendered {
    let w = usize::from(width.max(MIN_WIDTH));
    let mut numbering = Numbering::new(entry.link_base().as_deref());
    let mut notes = Vec::new();
    let mut body = LineBuilder::new();
    match &entry.body {
        Body::Html(html) => html_body(html, w, chunk_bytes, &mut numbering, &mut notes, &mut body),
        Body::Text(_) | Body::Unloaded { .. } => {
            let (t, note) = cut(entry.body.as_str());
            notes.extend(note);
            text::render(t, w, Some(&mut numbering), &mut body);
        }
    }
    let (body_lines, mut body_spans) = body.finish();
    let body_lines = lines::tidy(body_lines, &mut body_spans);
    let links = finish_links(numbering);

    let mut b = LineBuilder::new();
    let url_line = header(entry, w, &mut b);
    let header_len = b.line_index();
    for note in &notes {
        for line in text::wrap(&format!("[folio: {note}]"), w) {
            b.line(&line, style::note());
        }
    }
    if !notes.is_empty() && !body_lines.is_empty() {
        b.blank();
    }
    b.append(body_lines, body_spans);
    let mut links_start = None;
    if !links.is_empty() {
        b.blank();
        links_start = Some(b.line_index());
        links::write_list(&links, &mut b);
    }
    let (lines, spans) = b.finish();
    // URLs are never cut: the header's, and the link list's.
    let whole = |i: usize| {
        Some(i) == url_line
            || links_start.is_some_and(|start| i > start && i <= start + links.len())
    };
    let fitted = fit::fit(lines, spans, usize::from(width), whole);
    let moved = |line: usize| fitted.map.get(line).copied().unwrap_or(line);
    Rendered {
        list_lines: links_start
            .map(|start| (1..=links.len()).map(|n| moved(start + n)).collect())
            .unwrap_or_default(),
        header_len: moved(header_len),
        links_start: links_start.map(moved),
        lines: fitted.lines,
        spans: fitted.spans,
        links,
        width: width.max(MIN_WIDTH),
    }
}

fn finish_links(numbering: Numbering) -> Vec<RenderedLink> {
    numbering.into_links()
}

/// A plain-text body cut to the size limit, with the note saying so.
fn cut(t: &str) -> (&str, Option<String>) {
    if t.len() <= prepare::MAX_BYTES {
        return (t, None);
    }
    let mut at = prepare::MAX_BYTES;
    while !t.is_char_boundary(at) {
        at -= 1;
    }
    let at = t[..at]
        .rfind('\n')
        .filter(|&n| at - n < 64 * 1024)
        .unwrap_or(at);
    let note = format!(
        "this body is {:.1} MB; only its first {:.1} MB are shown",
        t.len() as f64 / 1e6,
        at as f64 / 1e6
    );
    (&t[..at], Some(note))
}

fn html_body(
    html: &str,
    width: usize,
    chunk_bytes: usize,
    numbering: &mut Numbering,
    notes: &mut Vec<String>,
    b: &mut LineBuilder,
) {
    let prepared = prepare::prepare(html, numbering, chunk_bytes);
    notes.extend(prepared.notes.iter().cloned());
    let numbering: &Numbering = numbering;
    let tables = html::Tables {
        raw: prepared.raw_tables,
        columns: prepared.max_columns,
    };
    let laid_out: Vec<_> = prepared
        .chunks
        .par_iter()
        .map(|range| {
            let chunk = prepared.html.get(range.clone()).unwrap_or_default();
            // html2text is third-party code: a panic in it costs this
            // piece its layout (shown as plain text), silently.
            let result = crate::guard::quietly(AssertUnwindSafe(|| {
                html::render_chunk(chunk, width, tables, numbering)
            }));
            match result {
                Ok(Ok(out)) => Ok(out),
                Ok(Err(why)) => Err((chunk, why)),
                Err(_) => Err((chunk, "the HTML renderer failed".to_owned())),
            }
        })
        .collect();
    for (i, result) in laid_out.into_iter().enumerate() {
        if i > 0 {
            b.blank();
        }
        match result {
            Ok((lines, spans)) => b.append(lines, spans),
            Err((chunk, why)) => {
                notes.push(format!(
                    "{why}; part of this document is shown as plain text"
                ));
                text::render(&markup::scan(chunk).text, width, None, b);
            }
        }
    }
}

/// Title, date · author · site, URL, reading time, and a rule.
/// The entry's header; the index of its URL's line, if it has one.
fn header(e: &Entry, width: usize, b: &mut LineBuilder) -> Option<usize> {
    for line in text::wrap(&e.title, width) {
        b.line(&line, style::title());
    }
    let mut meta = Vec::new();
    if let Some(d) = e.date {
        meta.push(d.day().to_string());
        if let Some(u) = e.updated.filter(|u| u.day() != d.day()) {
            meta.push(format!("updated {}", u.day()));
        }
    }
    meta.extend(e.author.iter().cloned());
    meta.extend(e.site.iter().cloned());
    if !meta.is_empty() {
        for line in text::wrap(&meta.join(" · "), width) {
            b.line(&line, style::meta());
        }
    }
    let url_line = e.url.as_ref().map(|url| {
        let at = b.line_index();
        b.line(&crate::safe::one_line(url), style::meta());
        at
    });
    if e.withdrawn {
        let note = "Withdrawn: its site no longer publishes it; this is the copy saved before.";
        for line in text::wrap(note, width) {
            b.line(&line, style::meta());
        }
    }
    let count = e.word_count();
    let minutes = count.reading_minutes();
    if minutes > 0 {
        let (n, unit) = if count.mostly_cjk() {
            (count.cjk, "character")
        } else {
            (count.words, "word")
        };
        let s = if n == 1 { "" } else { "s" };
        b.line(
            &format!("{minutes} min read ({n} {unit}{s})"),
            style::meta(),
        );
    }
    b.line(&"─".repeat(width), style::rule());
    b.blank();
    url_line
}

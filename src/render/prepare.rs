//! A cheap pass over an HTML body before html2text sees it: the guard that
//! keeps hostile documents from taking over the terminal or the machine,
//! and the bookkeeping that lets the layout run in parallel.
//!
//! html2text builds a DOM with html5ever, whose work grows with the square
//! of the nesting depth, and lays it out; both are fine for real pages and
//! far too slow for a document nested thousands of levels deep. So this pass
//! streams the body once through html5gum's tokenizer (linear, no tree) and:
//!
//! - shows control characters (raw, or written as numeric character
//!   references such as `&#27;`) as visible placeholders and drops
//!   bidirectional controls, so that html2text measures what will be shown;
//! - estimates the nesting depth as html5ever will build it (open elements,
//!   implied end tags, formatting elements it will reopen) and past
//!   [`MAX_DEPTH`] drops the deeper tags, keeping their text;
//! - cuts bodies over [`MAX_BYTES`];
//! - notices tables wider than [`MAX_COLUMNS`] (laid out one cell per line);
//! - turns layout tables into blocks and joins runs of tables drawn as one
//!   ([`super::tables`]);
//! - numbers the links in order of first appearance, with their anchor text;
//! - replaces `<hr>` (which html2text drops) by a marker paragraph that the
//!   layout turns into a rule, and expands tabs in preformatted text;
//! - keeps what html2text would drop or garble: a table's `<tfoot>`,
//!   `<strike>` (struck like `<s>`), subscript digits (as `<sup>`'s are
//!   raised), an `<iframe>` embed (a numbered link to what it embeds), a
//!   bare URL alone in a paragraph (WordPress's oEmbed line: a numbered
//!   link), and a `<select>` shown closed, as its chosen option, not every
//!   option it holds;
//! - sets apart classed `<span>`s written without a space between them (a
//!   custom post type's fields, which CSS lays out as blocks), and leaves
//!   out a `<button>`'s label;
//! - marks where CJK text may break (UAX #14), as html2text breaks only
//!   at white space;
//! - finds top-level block boundaries where the body can be cut into
//!   chunks that lay out independently, one per core.
//!
//! Every limit that cuts something adds a note the reader sees.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use unicode_width::UnicodeWidthChar;

use super::chars::{clean_chars, cut_point, mark_line_breaks, subscript, superscript};
use super::elements::*;
use super::links::Numbering;
use super::tables::TableKind;

/// Bodies are cut beyond this many bytes.
pub const MAX_BYTES: usize = 4 << 20;
/// Elements nested deeper than this are dropped (their text is kept).
pub const MAX_DEPTH: usize = 256;
/// A `<select>` longer than this is taken for one never closed.
const MAX_SELECT_BYTES: usize = 64 << 10;
/// Tables with more columns are laid out one cell per line.
pub const MAX_COLUMNS: usize = 64;

/// Private-use characters the layout recognises: a horizontal rule, the
/// heading levels 1 to 6 (`HEADING + level`), a spacer line (removed, but
/// html2text sets it apart with blank lines) and a space at the start of a
/// preformatted line (which html2text would otherwise treat as a place to
/// wrap). The same characters in a document are replaced by U+FFFD, so a
/// document cannot forge them.
pub const RULE: char = '\u{f8f0}';
pub const HEADING: u32 = 0xf8f0;
pub const SPACER: char = '\u{f8f7}';
pub const PRE_SPACE: char = '\u{f8f8}';

pub fn is_reserved(c: char) -> bool {
    ('\u{f8f0}'..='\u{f8f8}').contains(&c)
}

/// An HTML body made ready for html2text.
#[derive(Debug)]
pub struct Prepared {
    pub html: String,
    /// Pieces of `html` that lay out independently, in order, covering it.
    pub chunks: Vec<Range<usize>>,
    /// Lay tables out one cell per line.
    pub raw_tables: bool,
    /// The most columns a table row has.
    pub max_columns: usize,
    /// What was cut or changed, for the reader (without the `[folio: ]`).
    pub notes: Vec<String>,
}

/// Prepares `body`, numbering its links into `numbering`. Chunks aim at
/// `chunk_bytes` each (`usize::MAX` for one chunk).
pub fn prepare(body: &str, numbering: &mut Numbering, chunk_bytes: usize) -> Prepared {
    let mut notes = Vec::new();
    let body = if body.len() > MAX_BYTES {
        let cut = cut_point(body, MAX_BYTES);
        notes.push(format!(
            "this body is {}; only its first {} are shown",
            megabytes(body.len()),
            megabytes(cut)
        ));
        &body[..cut]
    } else {
        body
    };
    let clean = clean_chars(body);
    let mut pass = Pass::new(&clean, numbering, chunk_bytes);
    pass.run();
    let Pass {
        out,
        chunks,
        chunk_start,
        flattened,
        max_columns,
        ..
    } = pass;
    let mut chunks = chunks;
    if chunk_start < out.len() || chunks.is_empty() {
        chunks.push(chunk_start..out.len());
    }
    if flattened {
        notes.push(format!(
            "this document nests its markup more than {MAX_DEPTH} levels deep; \
             the deeper levels are shown flat"
        ));
    }
    let raw_tables = max_columns > MAX_COLUMNS;
    if raw_tables {
        notes.push(format!(
            "a table with {max_columns} columns is shown one cell per line"
        ));
    }
    Prepared {
        html: out,
        chunks,
        raw_tables,
        max_columns,
        notes,
    }
}

/// A paragraph holding only a [`SPACER`].
const SPACER_P: &str = "<p>\u{f8f7}</p>";

/// The last segment of an image's URL, to name an image without alt text.
fn file_name(src: Option<&str>) -> String {
    src.and_then(|s| {
        let path = s.split(['?', '#']).next().unwrap_or(s);
        path.rsplit('/').find(|seg| !seg.trim().is_empty())
    })
    .map(|s| s.chars().take(60).collect())
    .unwrap_or_else(|| "image".to_owned())
}

/// Whether an `<img>` attribute marks the image as decoration: a size of
/// a pixel or two, `role=presentation`, `aria-hidden=true`.
/// Whether an inline style hides the element.
fn hides(style: &[u8]) -> bool {
    let style: String = String::from_utf8_lossy(style)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

fn is_decorative(attr: &[u8], value: &[u8]) -> bool {
    let value = String::from_utf8_lossy(value);
    let value = value.trim();
    match attr {
        b"width" | b"height" => value
            .trim_end_matches("px")
            .parse::<f32>()
            .is_ok_and(|n| n <= 2.0),
        b"role" => value.eq_ignore_ascii_case("presentation") || value.eq_ignore_ascii_case("none"),
        b"aria-hidden" => value.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// File names of layout and tracking images.
fn is_spacer(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "spacer",
        "pixel",
        "blank.",
        "transparent",
        "clear.gif",
        "1x1",
        "dot.gif",
        "shim.",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

/// A URL as the reader shows it in brackets: host and path, no scheme.
fn short_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.trim_end_matches('/').to_owned()
}

fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

fn megabytes(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

struct Pass<'a, 'n> {
    src: &'a str,
    numbering: &'n mut Numbering,
    chunk_bytes: usize,
    out: String,
    /// How much of `src` has been copied (or skipped) into `out`.
    copied: usize,
    chunks: Vec<Range<usize>>,
    chunk_start: usize,
    stack: Vec<Vec<u8>>,
    /// Formatting elements closed by an implied end: html5ever reopens them.
    dangling: usize,
    flattened: bool,
    hidden: usize,
    /// Cells in the current row of each open table.
    rows: Vec<usize>,
    /// Where each open table's start tag is in the source.
    tables: Vec<usize>,
    /// How each table is drawn, by the order of its start tag; the open
    /// tables' numbers; how many start tags have been seen.
    kinds: Vec<TableKind>,
    open_tables: Vec<usize>,
    tables_seen: usize,
    /// The open caption's start tag (start, end) in the source.
    caption: Option<(usize, usize)>,
    max_columns: usize,
    /// The link being read and its text so far.
    anchor: Option<(usize, String)>,
    /// Column in the current line of preformatted text.
    pre_col: usize,
    // The start tag being read.
    tag: Vec<u8>,
    tag_start: usize,
    attr: Vec<u8>,
    href: Option<String>,
    alt: Option<String>,
    img_src: Option<String>,
    /// Whether the current `<img>` is marked as decoration.
    img_decorative: bool,
    /// Whether the current `<option>` is the selected one.
    option_selected: bool,
    /// Where the content of the last `<p>` opened starts in the source.
    p_content: usize,
    /// Whether the current start tag has a `class`.
    classed: bool,
    /// For each open `<span>`, whether it has a class; where the last
    /// classed span ended.
    spans: Vec<bool>,
    classed_span_end: usize,
    /// Open `<button>`s: their text is a control's, not content.
    buttons: usize,
    /// The open `<select>`: its first option's text, its selected one's,
    /// and whether the option being read is selected.
    select: Option<SelectState>,
}

/// What a `<select>` shows when closed, gathered while it is read; the
/// whole element is replaced at its end tag (one never ended is left as
/// it is).
#[derive(Default)]
struct SelectState {
    /// Where its start tag is in the source.
    start: usize,
    first: Option<String>,
    selected: Option<String>,
    in_selected: bool,
    options: usize,
}

impl<'a, 'n> Pass<'a, 'n> {
    fn new(src: &'a str, numbering: &'n mut Numbering, chunk_bytes: usize) -> Self {
        Pass {
            src,
            numbering,
            chunk_bytes,
            out: String::with_capacity(src.len() + 64),
            copied: 0,
            chunks: Vec::new(),
            chunk_start: 0,
            stack: Vec::new(),
            dangling: 0,
            flattened: false,
            hidden: 0,
            rows: Vec::new(),
            tables: Vec::new(),
            kinds: super::tables::classify(src),
            open_tables: Vec::new(),
            tables_seen: 0,
            caption: None,
            max_columns: 0,
            anchor: None,
            pre_col: 0,
            tag: Vec::new(),
            tag_start: 0,
            attr: Vec::new(),
            href: None,
            alt: None,
            img_src: None,
            img_decorative: false,
            option_selected: false,
            p_content: usize::MAX,
            classed: false,
            spans: Vec::new(),
            classed_span_end: usize::MAX,
            buttons: 0,
            select: None,
        }
    }

    fn run(&mut self) {
        let src = self.src;
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
            self.event(event, span);
            None::<()>
        });
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(src, emitter) {}
        self.close_anchor();
        self.copy_to(src.len());
    }

    /// Copies the source up to `end`.
    fn copy_to(&mut self, end: usize) {
        if end > self.copied {
            if let Some(s) = self.src.get(self.copied..end) {
                self.out.push_str(s);
            }
            self.copied = end;
        }
    }

    /// Skips the source from `start` to `end`, writing `with` instead.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.copy_to(start);
        self.out.push_str(with);
        self.copied = self.copied.max(end);
    }

    /// html2text drops table captions: a caption ending at `end` moves
    /// before its table, as an emphasised paragraph (unless something in the
    /// table was already rewritten; then it stays, and is not shown).
    fn move_caption(&mut self, end: Span<usize>) {
        let (Some((tag, content)), Some(&table)) = (self.caption.take(), self.tables.last()) else {
            return;
        };
        if self.copied > table || !(table < tag && content <= end.start) {
            return;
        }
        let (Some(caption), Some(table_tag)) =
            (self.src.get(content..end.start), self.src.get(table..tag))
        else {
            return;
        };
        self.copy_to(table);
        self.out.push_str("<p><em>");
        self.out.push_str(caption);
        self.out.push_str("</em></p>");
        self.out.push_str(table_tag);
        self.copied = end.end;
    }

    /// Renames the start tag at `start` (whose name is `len` bytes long).
    fn rename(&mut self, start: usize, len: usize, to: &str) {
        let name_start = start + 1;
        if self.src.get(name_start..name_start + len).is_some() {
            self.copy_to(name_start);
            self.out.push_str(to);
            self.copied = name_start + len;
        }
    }

    fn event(&mut self, event: CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend_from_slice(name);
                self.tag.make_ascii_lowercase();
                self.tag_start = span.start;
                self.href = None;
                self.alt = None;
                self.img_src = None;
                self.img_decorative = false;
                self.option_selected = false;
                self.classed = false;
            }
            CallbackEvent::AttributeName { name } => {
                self.attr.clear();
                self.attr.extend_from_slice(name);
                self.attr.make_ascii_lowercase();
                if self.tag == b"option" && self.attr == b"selected" {
                    self.option_selected = true;
                }
                if self.attr == b"class" {
                    self.classed = true;
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if self.tag == b"a" && self.attr == b"href" && self.href.is_none() {
                    self.href = Some(String::from_utf8_lossy(value).into_owned());
                } else if self.tag == b"img" && self.attr == b"alt" && self.alt.is_none() {
                    self.alt = Some(String::from_utf8_lossy(value).into_owned());
                } else if matches!(self.tag.as_slice(), b"img" | b"iframe")
                    && self.attr == b"src"
                    && self.img_src.is_none()
                {
                    self.img_src = Some(String::from_utf8_lossy(value).into_owned());
                } else if matches!(self.tag.as_slice(), b"img" | b"iframe") {
                    self.img_decorative |=
                        is_decorative(&self.attr, value) || (self.attr == b"style" && hides(value));
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                let tag = std::mem::take(&mut self.tag);
                self.start_tag(&tag, self_closing, span.end);
                self.tag = tag;
            }
            CallbackEvent::EndTag { name } => {
                let name = name.to_ascii_lowercase();
                self.end_tag(&name, span);
            }
            CallbackEvent::String { value } => self.text(value, span),
            _ => {}
        }
    }

    /// The topmost open element named in `targets`, unless one of `stops`
    /// comes first.
    fn find(&self, targets: &[&[u8]], stops: &[&[u8]]) -> Option<usize> {
        for (i, open) in self.stack.iter().enumerate().rev() {
            if targets.contains(&open.as_slice()) {
                return Some(i);
            }
            if stops.contains(&open.as_slice()) {
                return None;
            }
        }
        None
    }

    /// The element an end tag `name` closes, in html5ever's scopes.
    fn in_scope(&self, name: &[u8]) -> Option<usize> {
        let stops: &[&[u8]] = if name == b"table" {
            &[b"template"]
        } else if TABLE_PARTS.contains(&name) {
            &[b"table", b"template"]
        } else if name == b"li" {
            LIST_ITEM_BOUNDARY
        } else {
            BOUNDARY
        };
        self.find(&[name], stops)
    }

    /// Closes the open element at index `i` and every element above it;
    /// formatting elements above it are left for html5ever to reopen.
    fn close_at(&mut self, i: usize) {
        while self.stack.len() > i + 1 {
            if let Some(open) = self.stack.pop() {
                if FORMATTING.contains(&open.as_slice()) {
                    self.dangling += 1;
                }
                self.closed(&open);
            }
        }
        if let Some(open) = self.stack.pop() {
            self.closed(&open);
        }
    }

    /// How the innermost open table is drawn.
    fn innermost_table(&self) -> Option<TableKind> {
        let id = *self.open_tables.last()?;
        self.kinds.get(id).copied()
    }

    fn in_layout_table(&self) -> bool {
        self.innermost_table().is_some_and(|k| k.layout)
    }

    /// Bookkeeping when an element ends, explicitly or not.
    fn closed(&mut self, name: &[u8]) {
        match name {
            b"table" => {
                self.rows.pop();
                self.tables.pop();
                self.open_tables.pop();
            }
            b"a" => self.close_anchor(),
            b"button" => self.buttons = self.buttons.saturating_sub(1),
            // Ended without its end tag: it shows nothing.
            b"select" => self.select = None,
            _ => {}
        }
        if HIDDEN.contains(&name) {
            self.hidden = self.hidden.saturating_sub(1);
        }
    }

    /// Elements a start tag `tag` closes first (an open `<li>` before a new
    /// one, a `<p>` before a block, …).
    fn implied_ends(&mut self, tag: &[u8]) {
        const CELL: &[&[u8]] = &[b"td", b"th"];
        const SECTION: &[&[u8]] = &[b"thead", b"tbody", b"tfoot"];
        let (targets, stops): (&[&[u8]], &[&[u8]]) = match tag {
            b"a" => (&[b"a"], BOUNDARY),
            b"li" => (
                &[b"li"],
                &[
                    b"ul",
                    b"ol",
                    b"menu",
                    b"dir",
                    b"table",
                    b"td",
                    b"th",
                    b"template",
                ],
            ),
            b"dd" | b"dt" => (
                &[b"dd", b"dt"],
                &[b"dl", b"table", b"td", b"th", b"template"],
            ),
            b"tr" => (&[b"tr"], &[b"table", b"template"]),
            b"td" | b"th" => (CELL, &[b"tr", b"table", b"template"]),
            b"thead" | b"tbody" | b"tfoot" => (SECTION, &[b"table", b"template"]),
            b"option" | b"optgroup" => (&[b"option"], &[b"select", b"template"]),
            _ => (&[], &[]),
        };
        if let Some(i) = self.find(targets, stops) {
            self.close_at(i);
        }
        if CLOSES_P.contains(&tag)
            && let Some(i) = self.find(&[b"p"], BOUNDARY)
        {
            self.close_at(i);
        }
    }

    fn start_tag(&mut self, tag: &[u8], self_closing: bool, end: usize) {
        if matches!(tag, b"html" | b"head" | b"body") {
            return;
        }
        let void = VOID.contains(&tag)
            || (self_closing && self.stack.iter().any(|t| t == b"svg" || t == b"math"));
        if !void && self.stack.len() + self.dangling >= MAX_DEPTH {
            self.flattened = true;
            self.replace(self.tag_start, end, "");
            if tag == b"table" {
                // Counted all the same: the kinds are by start tag.
                self.tables_seen += 1;
            }
            return;
        }
        self.implied_ends(tag);
        if self.stack.is_empty()
            && self.dangling == 0
            && !self.flattened
            && self.anchor.is_none()
            && CHUNK_START.contains(&tag)
            && self.out.len() + self.tag_start.saturating_sub(self.copied) - self.chunk_start
                >= self.chunk_bytes
        {
            self.copy_to(self.tag_start);
            let at = self.out.len();
            self.chunks.push(self.chunk_start..at);
            self.chunk_start = at;
        }
        if matches!(tag, b"ul" | b"ol" | b"dl")
            && !self.stack.iter().any(|t| TIGHT.contains(&t.as_slice()))
        {
            self.copy_to(self.tag_start);
            self.out.push_str(SPACER_P);
        }
        if AS_DIV.contains(&tag) || (TABLE_PARTS.contains(&tag) && self.in_layout_table()) {
            self.rename(self.tag_start, tag.len(), "div");
        } else if let Some((_, to)) = RENAMED.iter().find(|(from, _)| *from == tag) {
            self.rename(self.tag_start, tag.len(), to);
        }
        match tag {
            b"a" => {
                self.close_anchor();
                if self.hidden == 0
                    && let Some(n) = self.href.take().and_then(|h| self.numbering.number(&h))
                {
                    self.anchor = Some((n, String::new()));
                }
            }
            b"img" => {
                let alt = self.alt.take().filter(|a| !a.trim().is_empty());
                if self.anchor.is_none() && alt.is_none() && self.hidden == 0 {
                    // An image without alt text is named by its file, unless
                    // it is a spacer or marked as decoration.
                    let name = file_name(self.img_src.as_deref());
                    if !self.img_decorative && !is_spacer(&name) {
                        let tag = format!("<img src=\"-\" alt=\"{}\">", escape(&name));
                        self.replace(self.tag_start, end, &tag);
                    }
                } else if let Some((_, text)) = &mut self.anchor
                    && text.trim().is_empty()
                {
                    // An image that is all a link shows: it needs a name,
                    // or html2text drops the link.
                    let name = alt
                        .clone()
                        .unwrap_or_else(|| file_name(self.img_src.as_deref()));
                    text.push_str(&format!("[image: {}]", name.trim()));
                    if alt.is_none() {
                        let tag = format!("<img src=\"-\" alt=\"{}\">", escape(&name));
                        self.replace(self.tag_start, end, &tag);
                    }
                }
            }
            b"hr" => {
                let marker = format!("<p>{RULE}</p>");
                self.replace(self.tag_start, end, &marker);
            }
            b"caption" => self.caption = Some((self.tag_start, end)),
            // html2text shows no quotation marks for <q>.
            b"q" => {
                let nested = self.stack.iter().any(|t| t == b"q");
                self.replace(self.tag_start, end, if nested { "‘" } else { "“" });
            }
            b"table" => {
                self.rows.push(0);
                self.tables.push(self.tag_start);
                let id = self.tables_seen;
                self.tables_seen += 1;
                self.open_tables.push(id);
                let kind = self.kinds.get(id).copied().unwrap_or_default();
                if kind.joins_previous {
                    self.replace(self.tag_start, end, "");
                } else if kind.layout {
                    self.rename(self.tag_start, tag.len(), "div");
                }
            }
            b"tr" => {
                if let Some(row) = self.rows.last_mut() {
                    *row = 0;
                }
            }
            b"td" | b"th" => {
                if let Some(row) = self.rows.last_mut() {
                    *row += 1;
                    self.max_columns = self.max_columns.max(*row);
                }
            }
            b"pre" | b"listing" | b"xmp" => self.pre_col = 0,
            b"p" => self.p_content = end,
            b"span" => {
                // Fields of a custom post type, each its own classed span
                // written without a space between (`3 heures</span><span
                // class=speaker>Vitaly`): apart, as a browser's CSS sets them.
                if self.classed && self.classed_span_end == self.tag_start {
                    self.copy_to(self.tag_start);
                    self.out.push(' ');
                }
                self.spans.push(self.classed);
            }
            b"button" => self.buttons += 1,
            b"iframe" => {
                // What it embeds, as a numbered link (html2text drops it);
                // not a tracking frame (hidden, a pixel, in `<noscript>`).
                let shown = self.hidden == 0
                    && !self.img_decorative
                    && !self.stack.iter().any(|t| t == b"noscript");
                let src = self.img_src.take().filter(|s| {
                    let s = s.trim_start().to_ascii_lowercase();
                    shown
                        && (s.starts_with("https://")
                            || s.starts_with("http://")
                            || s.starts_with("//"))
                });
                let link = src.and_then(|src| {
                    let n = self.numbering.number(&src)?;
                    let shown = self.numbering.resolve(&src).unwrap_or_else(|| src.clone());
                    let text = format!("[embedded: {}]", short_url(&shown));
                    self.numbering.offer_text(n, &text);
                    Some(format!(
                        "<p><a href=\"{}\">{}</a></p>",
                        escape(&src),
                        escape(&text)
                    ))
                });
                // Always replaced: its end tag is removed, and a start tag
                // left alone would hide the rest of the page as its text.
                self.replace(self.tag_start, end, &link.unwrap_or_default());
            }
            b"select" => {
                self.select = Some(SelectState {
                    start: self.tag_start,
                    ..SelectState::default()
                });
            }
            b"option" => {
                let selected = self.option_selected;
                if let Some(select) = &mut self.select {
                    select.options += 1;
                    select.in_selected = selected && select.selected.is_none();
                    if select.in_selected {
                        select.selected = Some(String::new());
                    }
                }
            }
            _ => {}
        }
        if !void {
            if HIDDEN.contains(&tag) {
                self.hidden += 1;
            }
            self.stack.push(tag.to_vec());
        }
    }

    fn end_tag(&mut self, name: &[u8], span: Span<usize>) {
        if matches!(name, b"html" | b"head" | b"body" | b"br") {
            return;
        }
        if name == b"span" && self.spans.pop() == Some(true) {
            self.classed_span_end = span.end;
        }
        if AS_DIV.contains(&name)
            || ((name == b"table" || TABLE_PARTS.contains(&name)) && self.in_layout_table())
        {
            self.replace(span.start, span.end, "</div>");
        } else if let Some((_, to)) = RENAMED.iter().find(|(from, _)| *from == name) {
            self.replace(span.start, span.end, &format!("</{to}>"));
        }
        match name {
            b"iframe" => self.replace(span.start, span.end, ""),
            b"select" => {
                // Closed, a select shows its chosen option.
                if let Some(s) = self.select.take().filter(|s| self.copied <= s.start) {
                    let text = s.selected.or(s.first).unwrap_or_default();
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let shown = match text.is_empty() {
                        true => String::new(),
                        false => format!("[{} ▾]", escape(&text)),
                    };
                    self.replace(s.start, span.end, &shown);
                }
            }
            _ => {}
        }
        if name == b"table"
            && self.in_scope(name).is_some()
            && self.innermost_table().is_some_and(|k| k.joins_next)
        {
            self.replace(span.start, span.end, "");
        }
        if name == b"caption" && self.in_scope(name).is_some() {
            self.move_caption(span);
        }
        if name == b"q"
            && let Some(i) = self.in_scope(name)
        {
            let nested = self.stack[..i].iter().any(|t| t == b"q");
            self.replace(span.start, span.end, if nested { "’" } else { "”" });
        }
        match self.in_scope(name) {
            Some(i) => {
                self.close_at(i);
                if matches!(name, b"ul" | b"ol" | b"dl")
                    && !self.stack.iter().any(|t| TIGHT.contains(&t.as_slice()))
                {
                    self.copy_to(span.end);
                    self.out.push_str(SPACER_P);
                }
            }
            None => {
                if FORMATTING.contains(&name) {
                    self.dangling = self.dangling.saturating_sub(1);
                    if name == b"a" {
                        self.close_anchor();
                    }
                }
                if self.flattened {
                    self.replace(span.start, span.end, "");
                }
            }
        }
    }

    fn text(&mut self, value: &[u8], span: Span<usize>) {
        let text = String::from_utf8_lossy(value);
        // An iframe's fallback text is not shown (its link is), nor a
        // button's label ("Add to my schedule"; longer text in a button,
        // as in one never closed, is content).
        let label = self.buttons > 0 && text.trim().chars().count() <= 40;
        if label || self.stack.last().is_some_and(|t| t == b"iframe") {
            self.replace(span.start, span.end, "");
            return;
        }
        // A select that runs on past any real one (never closed) is given
        // up: the text after it is laid out as text again.
        if self
            .select
            .as_ref()
            .is_some_and(|s| span.end - s.start > MAX_SELECT_BYTES)
        {
            self.select = None;
        }
        if let Some(select) = &mut self.select {
            if select.options > 0 {
                let first = select.options == 1;
                if first {
                    select.first.get_or_insert_with(String::new).push_str(&text);
                }
                if select.in_selected {
                    if let Some(chosen) = &mut select.selected {
                        chosen.push_str(&text);
                    }
                }
            }
            // Left in place: the whole select is replaced at its end tag.
            return;
        }
        // A bare URL alone in a paragraph (WordPress's oEmbed line) is a
        // link; the punctuation after it is not part of it.
        let bare = text.trim();
        let alone = self.p_content == span.start
            && self.stack.last().is_some_and(|t| t == b"p")
            && self.src.get(span.end..).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.is_empty() || rest.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("</p"))
            });
        let url = crate::markup::trim_url(bare);
        if alone
            && self.anchor.is_none()
            && self.hidden == 0
            && (url.starts_with("https://") || url.starts_with("http://"))
            && !url.contains(char::is_whitespace)
            && let Some(n) = self.numbering.number(url)
        {
            self.numbering.offer_text(n, url);
            let tail = html_escape::encode_text(&bare[url.len()..]);
            let link = format!("<a href=\"{0}\">{0}</a>{tail}", escape(url));
            self.replace(span.start, span.end, &link);
            return;
        }
        // Footnote marks: <sup>12</sup>, <sup><a href=#n12>12</a></sup>.
        let digits = text.trim();
        let short_digits =
            (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        let script = short_digits
            .then(|| {
                self.stack
                    .iter()
                    .rev()
                    .find(|t| *t == b"sup" || *t == b"sub")
            })
            .flatten();
        let raised = match script.map(Vec::as_slice) {
            Some(b"sup") => Some(text.chars().map(superscript).collect::<String>()),
            Some(_) => Some(text.chars().map(subscript).collect::<String>()),
            None => None,
        };
        if let Some((_, anchor)) = &mut self.anchor
            && anchor.len() < 4096
        {
            anchor.push_str(raised.as_deref().unwrap_or(&text));
        }
        if let Some(raised) = raised {
            self.replace(span.start, span.end, &raised);
            return;
        }
        let in_pre = self
            .stack
            .iter()
            .any(|t| matches!(t.as_slice(), b"pre" | b"listing" | b"xmp"));
        if !in_pre {
            if let Some(marked) = mark_line_breaks(&text) {
                self.replace(span.start, span.end, &marked);
            }
            return;
        }
        let leading_space = text
            .chars()
            .enumerate()
            .any(|(i, c)| c == ' ' && (if i == 0 { self.pre_col == 0 } else { false }))
            || text.contains("\n ");
        if !text.contains('\t') && !leading_space {
            for c in text.chars() {
                self.advance_pre(c);
            }
            return;
        }
        let mut expanded = String::with_capacity(text.len() + 16);
        let mut line_start = self.pre_col == 0;
        for c in text.chars() {
            match c {
                '\t' => {
                    let n = super::lines::TAB - self.pre_col % super::lines::TAB;
                    let space = if line_start { PRE_SPACE } else { ' ' };
                    expanded.extend(std::iter::repeat_n(space, n));
                    self.pre_col += n;
                    continue;
                }
                ' ' if line_start => expanded.push(PRE_SPACE),
                '&' => expanded.push_str("&amp;"),
                '<' => expanded.push_str("&lt;"),
                '>' => expanded.push_str("&gt;"),
                c => expanded.push(c),
            }
            line_start = c == '\n' || (line_start && c == ' ');
            self.advance_pre(c);
        }
        self.replace(span.start, span.end, &expanded);
    }

    fn advance_pre(&mut self, c: char) {
        if c == '\n' {
            self.pre_col = 0;
        } else {
            self.pre_col += c.width().unwrap_or(0);
        }
    }

    fn close_anchor(&mut self) {
        if let Some((n, text)) = self.anchor.take() {
            self.numbering.offer_text(n, &text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(html: &str) -> (Prepared, Vec<super::super::RenderedLink>) {
        let mut n = Numbering::new(Some("https://example.org/blog/post/"));
        let p = prepare(html, &mut n, usize::MAX);
        (p, n.into_links())
    }

    #[test]
    fn controls_raw_or_referenced_become_placeholders() {
        let (p, _) = prep("<p>a\u{1b}[2J &#27;]52;c;x&#x7; &#x202E;b &#146; &#x9b; &#x9D;</p>");
        assert_eq!(
            p.html,
            "<p>a\u{241b}[2J \u{241b}]52;c;x\u{2407} b &#146; &#x9b; \u{fffd}</p>"
        );
    }

    #[test]
    fn links_are_numbered_in_order_with_their_text() {
        let (_, links) = prep(
            "<p><a href='/a'>First <b>one</b></a> <a href=\"https://example.org/a\">again</a> \
             <a href='mailto:x@y.org'><img src=m.png alt='mail me'></a> <a href=''>none</a> \
             <a name=top>anchor</a></p>",
        );
        let got: Vec<(usize, &str, &str)> = links
            .iter()
            .map(|l| (l.number, l.url.as_str(), l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "https://example.org/a", "First one"),
                (2, "mailto:x@y.org", "[image: mail me]")
            ]
        );
    }

    #[test]
    fn rules_become_markers_and_tabs_in_pre_expand() {
        let (p, _) = prep("<p>a</p><hr class=x><pre>x\ty &lt;\tz</pre>");
        assert_eq!(
            p.html,
            format!("<p>a</p><p>{RULE}</p><pre>x       y &lt;     z</pre>")
        );
    }

    #[test]
    fn quotes_captions_and_footnote_marks() {
        let (p, _) = prep(
            "<p><q>a <q>b</q></q> x<sup><a href='#n1'>12</a></sup></p>\
             <table><caption>Cap</caption><tr><td>c</td></tr></table>",
        );
        assert_eq!(
            p.html,
            "<p>“a ‘b’” x<sup><a href='#n1'>¹²</a></sup></p>\
             <p><em>Cap</em></p><table><tr><td>c</td></tr></table>"
        );
    }

    #[test]
    fn deep_nesting_is_flattened_and_said() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let (p, _) = prep(&html);
        assert_eq!(p.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(p.html.matches("</div>").count(), MAX_DEPTH);
        assert!(p.notes[0].contains("more than 256 levels deep"));
    }

    #[test]
    fn reopened_formatting_counts_as_depth() {
        // html5ever reopens every <b> in each new paragraph.
        let html: String = (0..1000).map(|i| format!("<p><b id={i}>x</p>")).collect();
        let (p, _) = prep(&html);
        assert!(p.notes.iter().any(|n| n.contains("levels deep")));
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_nest() {
        let html = "<p>a".repeat(5000) + &"<ul><li>x<li>y</ul>".repeat(100);
        let (p, _) = prep(&html);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn wide_tables_are_noticed() {
        let cells: String = (0..10_000).map(|i| format!("<td>{i}")).collect();
        let (p, _) = prep(&format!("<table><tr>{cells}</table>"));
        assert!(p.raw_tables);
        assert!(p.notes[0].contains("10000 columns"));
    }

    #[test]
    fn big_bodies_are_cut_at_a_tag() {
        let html = "<p>été</p>".repeat(MAX_BYTES / 8);
        let (p, _) = prep(&html);
        assert!(p.html.len() <= MAX_BYTES);
        assert!(p.html.ends_with("</p>"));
        assert!(p.notes[0].starts_with("this body is"));
    }

    #[test]
    fn chunks_cover_the_body_at_top_level_blocks() {
        let html = "<p>one</p><div><p>two</p></div><p>three <b>x</b></p><h2>four</h2>";
        let mut n = Numbering::new(None);
        let p = prepare(html, &mut n, 1);
        let pieces: Vec<&str> = p.chunks.iter().map(|r| &p.html[r.clone()]).collect();
        assert_eq!(
            pieces,
            [
                "<p>one</p><div><p>two</p></div>",
                "<p>three <b>x</b></p>",
                "<h2>four</h2>"
            ]
        );
    }
}

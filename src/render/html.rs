//! HTML bodies through html2text: a decorator that numbers links and marks
//! headings, and the turning of html2text's annotated lines into styled
//! lines with link spans.
//!
//! html2text's own link footnotes stay off (`link_footnotes(false)`);
//! instead [`Decorator`] appends `[N]` after each anchor, N coming from the
//! numbering `prepare` made, so that wrapping accounts for it. Each anchor
//! gets an occurrence id in its annotation, which tells apart two
//! neighbouring anchors with the same target and lets the layout find where
//! the anchor's text ends and its marker begins. Headings get a private-use
//! marker as their prefix (see `prepare::HEADING`) that the layout removes,
//! styling the rest of the line.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html2text::render::{TaggedLine, TaggedLineElement, TextDecorator};
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::lines::LineBuilder;
use super::links::{Numbering, marker};
use super::prepare::{HEADING, PRE_SPACE, RULE, SPACER};
use super::{LinkSpan, style};

/// What html2text attaches to a run of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Ann {
    #[default]
    Plain,
    /// Link number, occurrence id.
    Link(usize, u64),
    Emphasis,
    Strong,
    Strikeout,
    Code,
    Preformat,
    Image,
}

struct Shared<'n> {
    numbering: &'n Numbering,
    /// Numbers of the anchors being rendered (`None` for one that is not a
    /// numbered link), innermost last.
    open: RefCell<Vec<Option<usize>>>,
    next_occurrence: Cell<u64>,
}

/// Copies share their state: html2text makes one per nested block.
#[derive(Clone)]
struct Decorator<'n>(Rc<Shared<'n>>);

impl TextDecorator for Decorator<'_> {
    type Annotation = Ann;

    fn decorate_link_start(&mut self, url: &str) -> (String, Ann) {
        let number = self.0.numbering.lookup(url);
        self.0.open.borrow_mut().push(number);
        match number {
            Some(n) => {
                let occurrence = self.0.next_occurrence.get();
                self.0.next_occurrence.set(occurrence + 1);
                (String::new(), Ann::Link(n, occurrence))
            }
            None => (String::new(), Ann::Plain),
        }
    }

    fn decorate_link_end(&mut self) -> String {
        match self.0.open.borrow_mut().pop() {
            Some(Some(n)) => marker(n),
            _ => String::new(),
        }
    }

    fn decorate_em_start(&self) -> (String, Ann) {
        (String::new(), Ann::Emphasis)
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, Ann) {
        (String::new(), Ann::Strong)
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, Ann) {
        (String::new(), Ann::Strikeout)
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, Ann) {
        (String::new(), Ann::Code)
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) -> Ann {
        Ann::Preformat
    }

    fn decorate_preformat_cont(&self) -> Ann {
        Ann::Preformat
    }

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Ann) {
        (format!("[image: {}]", title.trim()), Ann::Image)
    }

    fn header_prefix(&self, level: usize) -> String {
        let level = level.clamp(1, 6) as u32;
        char::from_u32(HEADING + level)
            .map(String::from)
            .unwrap_or_default()
    }

    fn quote_prefix(&self) -> String {
        "> ".to_owned()
    }

    fn unordered_item_prefix(&self) -> String {
        "* ".to_owned()
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn decorate_superscript_start(&self) -> (String, Ann) {
        // Footnote marks and ordinals (4th) read best without a caret;
        // digits are raised (by html2text, or by `prepare` inside links).
        (String::new(), Ann::Plain)
    }

    fn decorate_superscript_end(&self) -> String {
        String::new()
    }

    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }

    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<Ann>> {
        Vec::new()
    }
}

/// How the document's tables are to be laid out.
#[derive(Clone, Copy, Debug)]
pub struct Tables {
    /// One cell per line.
    pub raw: bool,
    /// The most columns a row has.
    pub columns: usize,
}

impl Tables {
    /// html2text gives a table column at least this width, or its text's
    /// whole width if less (its default, 3, squeezes short columns such as
    /// times to "09:|00"). Wide enough for a short cell, narrow enough that
    /// the widest table still fits side by side.
    fn min_wrap_width(self, width: usize) -> usize {
        (width / (self.columns + 1)).clamp(3, 16)
    }
}

/// Lays out one chunk of prepared HTML at `width` columns. `Err` says why
/// html2text could not.
pub fn render_chunk(
    html: &str,
    width: usize,
    tables: Tables,
    numbering: &Numbering,
) -> Result<(Vec<Line<'static>>, Vec<LinkSpan>), String> {
    let decorator = Decorator(Rc::new(Shared {
        numbering,
        open: RefCell::new(Vec::new()),
        next_occurrence: Cell::new(0),
    }));
    let mut config = html2text::config::with_decorator(decorator)
        .allow_width_overflow()
        .link_footnotes(false)
        .min_wrap_width(tables.min_wrap_width(width));
    // Preformatted lines longer than the width wrap at spaces, never
    // inside a word that fits on a line of its own.
    config = config
        .add_agent_css("pre, listing, xmp { white-space: pre-wrap; }")
        .map_err(|e| e.to_string())?;
    if tables.raw {
        // (`raw_mode(false)` would turn table borders off.)
        config = config.raw_mode(true);
    }
    let dom = config
        .parse_html(html.as_bytes())
        .map_err(|e| e.to_string())?;
    let depth = dom_depth(&dom.document);
    if depth > 2 * super::prepare::MAX_DEPTH {
        return Err(format!("the markup nests {depth} levels deep"));
    }
    let tree = config.dom_to_render_tree(&dom).map_err(|e| e.to_string())?;
    let lines = config
        .render_to_lines(tree, width)
        .map_err(|e| e.to_string())?;
    Ok(layout(lines, width))
}

/// The depth of a DOM, without recursing.
fn dom_depth(root: &html2text::Handle) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for child in node.children.borrow().iter() {
            stack.push((child.clone(), depth + 1));
        }
    }
    deepest
}

/// A run of text on a line, as the layout sees it.
struct Piece {
    text: String,
    style: Style,
    /// Link number and occurrence.
    link: Option<(usize, u64)>,
}

/// What a line is, besides its pieces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A heading of this level; pieces from `from` on are its text.
    Heading(u32, usize),
    /// A rule after the first `from` pieces (the container's prefix).
    Rule(usize),
    /// A line to leave out (the blank lines around it stay).
    Spacer,
}

fn style_of(tags: &[Ann]) -> (Style, Option<(usize, u64)>) {
    let mut style = Style::new();
    let mut link = None;
    for tag in tags {
        match tag {
            Ann::Plain => {}
            Ann::Link(n, occ) => link = Some((*n, *occ)),
            Ann::Emphasis => style = style.patch(style::emphasis()),
            Ann::Strong => style = style.patch(style::strong()),
            Ann::Strikeout => {}
            Ann::Code | Ann::Preformat => style = style.patch(style::code()),
            Ann::Image => style = style.patch(style::image()),
        }
    }
    (style, link)
}

/// What the layout learns about one occurrence of a link (an anchor) in
/// its first pass: how many characters it has in all, how many of them are
/// not white space, and (in the second pass) how many were laid out.
#[derive(Clone, Copy, Default)]
struct Occurrence {
    chars: usize,
    visible: usize,
    seen: usize,
}

/// Turns html2text's lines into styled lines and link spans.
fn layout(tagged: Vec<TaggedLine<Vec<Ann>>>, width: usize) -> (Vec<Line<'static>>, Vec<LinkSpan>) {
    // First pass: pieces, line kinds, and the size of each link occurrence
    // (its marker is its last characters).
    let mut lines: Vec<(Kind, Vec<Piece>)> = Vec::with_capacity(tagged.len());
    let mut occurrences: Vec<Occurrence> = Vec::new();
    for line in tagged {
        let mut kind = Kind::Text;
        let mut pieces = Vec::new();
        for element in line {
            let TaggedLineElement::Str(ts) = element else {
                continue;
            };
            let (mut style, link) = style_of(&ts.tag);
            let mut text = ts.s;
            // Every marker is in U+F8F0..U+F8F8, encoded as EF A3 B0..B8.
            if text.as_bytes().contains(&0xef) {
                if text.contains(PRE_SPACE) {
                    text = text.replace(PRE_SPACE, " ");
                }
                if text.contains(SPACER) {
                    kind = Kind::Spacer;
                }
                if let Some(pos) = text.find(is_marker) {
                    let c = text[pos..].chars().next().unwrap_or(RULE);
                    text = text.replace(is_marker, "");
                    let after = text.split_off(pos);
                    if !text.is_empty() {
                        pieces.push(Piece { text, style, link });
                    }
                    text = after;
                    kind = if c == RULE {
                        Kind::Rule(pieces.len())
                    } else {
                        Kind::Heading(c as u32 - HEADING, pieces.len())
                    };
                }
            }
            if let Kind::Heading(..) = kind {
                style = style.patch(style::heading());
            }
            if let Some((_, occ)) = link {
                let i = occ as usize;
                if occurrences.len() <= i {
                    occurrences.resize(i + 1, Occurrence::default());
                }
                let o = &mut occurrences[i];
                for c in text.chars() {
                    o.chars += 1;
                    o.visible += usize::from(!c.is_whitespace());
                }
            }
            pieces.push(Piece { text, style, link });
        }
        lines.push((kind, pieces));
    }

    let mut b = LineBuilder::new();
    let mut i = 0;
    while i < lines.len() {
        let (kind, pieces) = &lines[i];
        match *kind {
            Kind::Rule(from) => {
                for p in &pieces[..from.min(pieces.len())] {
                    b.push(&p.text, p.style);
                }
                let room = width.saturating_sub(b.col()).max(3);
                b.line(&"─".repeat(room), style::rule());
                i += 1;
                continue;
            }
            Kind::Spacer => {
                i += 1;
                continue;
            }
            Kind::Heading(..) | Kind::Text => {}
        }
        for p in pieces {
            push_piece(&mut b, p, &mut occurrences);
        }
        b.end_line();
        // A rule under a first- or second-level heading, unless it sits in
        // a table cell.
        if let Kind::Heading(level @ 1..=2, from) = *kind {
            let next_is_heading = lines
                .get(i + 1)
                .is_some_and(|(k, _)| matches!(k, Kind::Heading(..)));
            if !next_is_heading {
                let prefix: String = pieces[..from].iter().map(|p| p.text.as_str()).collect();
                if prefix.chars().all(|c| c == ' ' || c == '>') {
                    let heading_width = (0..=i)
                        .rev()
                        .take_while(|&j| matches!(lines[j].0, Kind::Heading(..)))
                        .map(|j| {
                            let (k, ps) = &lines[j];
                            let from = if let Kind::Heading(_, f) = k { *f } else { 0 };
                            ps[from..].iter().map(|p| p.text.width()).sum::<usize>()
                        })
                        .max()
                        .unwrap_or(0);
                    b.push(&prefix, Style::new());
                    let c = if level == 1 { "═" } else { "─" };
                    b.line(&c.repeat(heading_width.max(3)), style::rule());
                }
            }
        }
        i += 1;
    }
    b.finish()
}

/// The markers that make a line a rule or a heading.
fn is_marker(c: char) -> bool {
    ('\u{f8f0}'..='\u{f8f6}').contains(&c)
}

fn marker_len(number: usize) -> usize {
    number.to_string().len() + 2
}

/// Pushes one piece, splitting a link's piece where its anchor text ends
/// and its marker begins. An anchor with no visible text (an image
/// without a name) is pointed at by its marker.
fn push_piece(b: &mut LineBuilder, p: &Piece, occurrences: &mut [Occurrence]) {
    let Some((n, occ)) = p.link else {
        b.push(&p.text, p.style);
        return;
    };
    let Some(o) = occurrences.get_mut(occ as usize) else {
        b.push(&p.text, p.style);
        return;
    };
    let marker = marker_len(n);
    let anchor_len = o.chars.saturating_sub(marker);
    let count = p.text.chars().count();
    let split = anchor_len.saturating_sub(o.seen).min(count);
    o.seen += count;
    let at = p
        .text
        .char_indices()
        .nth(split)
        .map_or(p.text.len(), |(i, _)| i);
    let (anchor, mark) = p.text.split_at(at);
    let anchor_style = p.style.patch(style::link());
    let mark_style = p.style.patch(style::marker());
    if o.visible > marker {
        b.push_link(anchor, anchor_style, n, occ);
        b.push(mark, mark_style);
    } else {
        b.push(anchor, anchor_style);
        b.push_link(mark, mark_style, n, occ);
    }
}

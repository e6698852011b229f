//! How deep an HTML document nests, estimated from its tags alone, so that
//! documents too deep or too tangled for a tree are caught before one is
//! built.
//!
//! Building a tree is not linear in the nesting: html5ever checks the stack
//! of open elements for most start tags, and readability scores every
//! element against its ancestors, so both cost about the sum over elements
//! of their depth; some of readability's passes recurse, and 10,000 nested
//! tables overflow a 2 MB stack. This tracker follows the tree builder's
//! main rules (void elements, end tags closing what they match, the
//! elements whose end tags are implied: `p`, `li`, `dd`, `td`, …) closely
//! enough that it never reports much less depth than the tree will have;
//! over-counting sloppy markup is the safe side. Searches are bounded by
//! [`MAX_DEPTH`], so the tracker itself stays linear on any input.

use std::collections::HashMap;

/// Deeper than this, a document is not built into a tree (browsers stop
/// nesting at 512 too).
pub const MAX_DEPTH: usize = 512;

/// More than this sum of element depths, a document is not built into a
/// tree either (a 20 MB page of ordinary markup sums to a few million).
pub const MAX_WORK: u64 = 50_000_000;

/// The open elements, as hashes of their lower-case names.
#[derive(Debug, Default)]
pub struct Tracker {
    open: Vec<u64>,
    /// How many elements of each name are open, so that looking for one
    /// that is not open costs nothing.
    counts: HashMap<u64, u32>,
    /// Inside `svg` or `math`, where `<x/>` really closes `x`.
    foreign: usize,
    pub max_depth: usize,
    pub work: u64,
}

const fn hash(name: &[u8]) -> u64 {
    // FNV-1a: cheap and good enough to tell tag names apart.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < name.len() {
        h ^= name[i].to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

macro_rules! tags {
    ($($name:literal),* $(,)?) => { &[$(hash($name.as_bytes())),*] };
}

const VOID: &[u64] = tags![
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "basefont", "bgsound", "image",
];
/// Never pushed: the tree builder merges repeated ones into the first.
const ROOTS: &[u64] = tags!["html", "head", "body", "frameset"];
/// Start tags that close an open `p`.
const CLOSES_P: &[u64] = tags![
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];
const HEADINGS: &[u64] = tags!["h1", "h2", "h3", "h4", "h5", "h6"];
/// Where searches for an element to close stop (scope boundaries).
const SCOPE: &[u64] = tags![
    "table", "td", "th", "caption", "template", "applet", "marquee", "object", "button", "svg",
    "math",
];
const FOREIGN: &[u64] = tags!["svg", "math"];

const P: u64 = hash(b"p");
const LI: u64 = hash(b"li");
const DD_DT: &[u64] = tags!["dd", "dt"];
const LISTS: &[u64] = tags!["ul", "ol", "dl"];
const CELLS: &[u64] = tags!["td", "th"];
const ROWS: &[u64] = tags!["tr"];
const SECTIONS: &[u64] = tags!["tbody", "thead", "tfoot"];
const ROW_STOPS: &[u64] = tags!["tr", "table"];
const TABLE: &[u64] = tags!["table"];
const OPTIONS: &[u64] = tags!["option", "optgroup"];
const SELECT: &[u64] = tags!["select", "datalist"];
const A: &[u64] = tags!["a", "nobr", "button"];

impl Tracker {
    /// A start tag.
    pub fn open(&mut self, name: &[u8], self_closing: bool) {
        let h = hash(name);
        if VOID.contains(&h) || ROOTS.contains(&h) || (self_closing && self.foreign > 0) {
            return;
        }
        if self.foreign == 0 {
            self.imply_ends(h);
        }
        if FOREIGN.contains(&h) {
            self.foreign += 1;
        }
        self.open.push(h);
        *self.counts.entry(h).or_default() += 1;
        self.max_depth = self.max_depth.max(self.open.len());
        self.work += self.open.len() as u64;
    }

    /// An end tag: closes the nearest open element of that name, if any.
    pub fn close(&mut self, name: &[u8]) {
        let h = hash(name);
        if ROOTS.contains(&h) {
            return;
        }
        if let Some(at) = self.find(&[h], &[]) {
            self.pop_to(at);
        }
    }

    /// Whether the document is too deep or too tangled to build a tree of.
    pub fn too_complex(&self) -> bool {
        self.max_depth > MAX_DEPTH || self.work > MAX_WORK
    }

    fn imply_ends(&mut self, h: u64) {
        let close = |t: &mut Tracker, targets: &[u64], stops: &[u64]| {
            if let Some(at) = t.find(targets, stops) {
                t.pop_to(at);
            }
        };
        if CLOSES_P.contains(&h) {
            close(self, &[P], SCOPE);
        }
        if HEADINGS.contains(&h) && self.open.last().is_some_and(|t| HEADINGS.contains(t)) {
            self.pop_to(self.open.len() - 1);
        }
        if h == LI {
            close(self, &[LI], LISTS);
        } else if DD_DT.contains(&h) {
            close(self, DD_DT, LISTS);
        } else if CELLS.contains(&h) {
            close(self, CELLS, ROW_STOPS);
        } else if ROWS.contains(&h) {
            close(self, ROWS, TABLE);
        } else if SECTIONS.contains(&h) {
            // A table section closes everything inside the table.
            if let Some(at) = self.find(TABLE, &[]) {
                self.pop_to(at + 1);
            }
        } else if OPTIONS.contains(&h) {
            close(self, OPTIONS, SELECT);
        } else if A.contains(&h) {
            close(self, &[h], SCOPE);
        }
    }

    /// The index of the nearest open element in `targets`, looking down from
    /// the current one no further than a `stops` element or [`MAX_DEPTH`].
    fn find(&self, targets: &[u64], stops: &[u64]) -> Option<usize> {
        if !targets
            .iter()
            .any(|t| self.counts.get(t).is_some_and(|n| *n > 0))
        {
            return None;
        }
        for (i, t) in self.open.iter().enumerate().rev().take(MAX_DEPTH + 1) {
            if targets.contains(t) {
                return Some(i);
            }
            if stops.contains(t) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, at: usize) {
        for h in self.open.drain(at..) {
            if let Some(n) = self.counts.get_mut(&h) {
                *n -= 1;
            }
            if FOREIGN.contains(&h) {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tags: &[&str]) -> Tracker {
        let mut t = Tracker::default();
        for tag in tags {
            match tag.strip_prefix('/') {
                Some(name) => t.close(name.as_bytes()),
                None => match tag.strip_suffix('/') {
                    Some(name) => t.open(name.as_bytes(), true),
                    None => t.open(tag.as_bytes(), false),
                },
            }
        }
        t
    }

    #[test]
    fn implied_end_tags_do_not_nest() {
        let mut tags = vec!["html", "body", "ul"];
        for _ in 0..2000 {
            tags.extend(["li", "p", "b", "/b"]);
        }
        assert_eq!(run(&tags).max_depth, 4, "ul > li > p > b");
        let mut tags = vec!["table"];
        for _ in 0..2000 {
            tags.extend(["tbody", "tr", "td", "td", "b", "th", "tr", "td"]);
        }
        assert_eq!(run(&tags).max_depth, 5, "table > tbody > tr > td > b");
        let mut tags = vec![];
        for _ in 0..2000 {
            tags.extend(["p", "a", "br", "img"]);
        }
        assert_eq!(run(&tags).max_depth, 2, "p > a");
    }

    #[test]
    fn real_nesting_is_counted() {
        let t = run(&["div"; 600]);
        assert_eq!(t.max_depth, 600);
        assert!(t.too_complex());
        assert_eq!(
            run(&["div/"; 600]).max_depth,
            600,
            "`/>` does not close a div"
        );
        assert_eq!(run(&["b"; 600]).max_depth, 600);
        let lists: Vec<&str> = ["ul", "li"].repeat(300);
        assert_eq!(run(&lists).max_depth, 600);
        let tables: Vec<&str> = ["table", "tr", "td"].repeat(200);
        assert_eq!(run(&tables).max_depth, 600);
    }

    #[test]
    fn end_tags_close_what_they_match() {
        let t = run(&["div", "span", "/div", "div", "/nothing", "div"]);
        assert_eq!(t.max_depth, 2);
        assert_eq!(run(&["svg", "path/", "path/", "/svg", "div"]).max_depth, 1);
    }

    #[test]
    fn work_sums_the_depths() {
        let mut tags = vec![];
        for _ in 0..10 {
            tags.extend(["div", "div", "div", "/div", "/div", "/div"]);
        }
        let t = run(&tags);
        assert_eq!(t.max_depth, 3);
        assert_eq!(t.work, 10 * (1 + 2 + 3));
        assert!(!t.too_complex());
    }
}

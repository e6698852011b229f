//! Link numbering and the numbered link list at the end of a rendered entry.
//!
//! A link's number is given by the first appearance of its target in the
//! document; the same target (after resolving it against the entry's URL)
//! keeps its number wherever it appears again. Numbers are handed out
//! before layout (see `prepare`), so they do not depend on the width and
//! [`super::links`] can list them without laying anything out.

use std::collections::HashMap;

use url::Url;

use super::lines::LineBuilder;
use super::{RenderedLink, style};
use crate::{markup, safe, urls};

/// Numbers for link targets, in order of first appearance.
#[derive(Debug, Default)]
pub struct Numbering {
    base: Option<Url>,
    by_url: HashMap<String, usize>,
    links: Vec<RenderedLink>,
}

impl Numbering {
    /// Relative targets will be resolved against `base` (the entry's URL).
    pub fn new(base: Option<&str>) -> Numbering {
        Numbering {
            base: base.and_then(urls::base),
            ..Numbering::default()
        }
    }

    /// `href` made absolute and safe to print on one line; `None` for an
    /// empty target (which is not a link, as in the loader).
    pub fn resolve(&self, href: &str) -> Option<String> {
        if href.trim().is_empty() {
            return None;
        }
        let url = urls::resolve(self.base.as_ref(), href);
        Some(safe::one_line(&url).into_owned())
    }

    /// The number of `href`, giving it the next one if it is new.
    pub fn number(&mut self, href: &str) -> Option<usize> {
        let url = self.resolve(href)?;
        if let Some(&n) = self.by_url.get(&url) {
            return Some(n);
        }
        let number = self.links.len() + 1;
        self.by_url.insert(url.clone(), number);
        self.links.push(RenderedLink {
            number,
            url,
            text: String::new(),
        });
        Some(number)
    }

    /// The number `href` already has.
    pub fn lookup(&self, href: &str) -> Option<usize> {
        self.by_url.get(&self.resolve(href)?).copied()
    }

    /// Gives link `number` its anchor text unless an earlier appearance did.
    pub fn offer_text(&mut self, number: usize, text: &str) {
        if let Some(link) = number.checked_sub(1).and_then(|i| self.links.get_mut(i))
            && link.text.is_empty()
        {
            link.text = safe::one_line(&markup::collapse_whitespace(text)).into_owned();
        }
    }

    pub fn into_links(self) -> Vec<RenderedLink> {
        self.links
    }
}

/// The marker that follows a link's anchor: `[3]`.
pub fn marker(number: usize) -> String {
    format!("[{number}]")
}

/// The link list: a `Links` heading, then one `[N] url` line per link, the
/// numbers right-aligned so the URLs line up. A URL wider than the line
/// goes on over the next lines (cut by `fit`).
pub fn write_list(links: &[RenderedLink], b: &mut LineBuilder) {
    if links.is_empty() {
        return;
    }
    b.line("Links", style::heading());
    let digits = links.len().to_string().len();
    for link in links {
        let pad = digits - link.number.to_string().len();
        b.push(&" ".repeat(pad), style::meta());
        b.push(&marker(link.number), style::marker());
        b.push(" ", style::meta());
        b.push(&link.url, style::meta());
        b.end_line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_target_same_number_relative_targets_resolved() {
        let mut n = Numbering::new(Some("https://blog.example.org/2015/04/post/"));
        assert_eq!(n.number("../other/"), Some(1));
        assert_eq!(n.number("mailto:a@b.org"), Some(2));
        assert_eq!(n.number("https://blog.example.org/2015/04/other/"), Some(1));
        assert_eq!(n.number("  "), None);
        assert_eq!(n.lookup("mailto:a@b.org"), Some(2));
        n.offer_text(1, "  first\n text ");
        n.offer_text(1, "second");
        let links = n.into_links();
        assert_eq!(links[0].url, "https://blog.example.org/2015/04/other/");
        assert_eq!(links[0].text, "first text");
        assert_eq!(links[1].number, 2);
    }

    #[test]
    fn targets_lose_control_characters() {
        let mut n = Numbering::new(None);
        n.number("rel\u{1b}]52;c;x\u{7}\tpath");
        let links = n.into_links();
        assert!(!links[0].url.chars().any(|c| c.is_control()));
    }
}

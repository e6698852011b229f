//! Placeholder renderer with the real renderer's API (being written on the
//! `render` branch): plain text wrapped at a width, links listed at the end.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::model::{Body, Entry};

pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<RenderedLink>,
    pub spans: Vec<LinkSpan>,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rendered({} lines)", self.lines.len())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedLink {
    pub number: usize,
    pub url: String,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkSpan {
    pub number: usize,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

pub fn render(entry: &Entry, width: u16) -> Rendered {
    let width = usize::from(width.max(10));
    let mut lines = vec![
        Line::styled(
            entry.title.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::default(),
    ];
    let text = match &entry.body {
        Body::Html(h) => crate::markup::scan(h).text,
        Body::Text(t) => t.clone(),
    };
    for para in text.lines() {
        let mut cur = String::new();
        for w in para.split_whitespace() {
            if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
                lines.push(Line::from(std::mem::take(&mut cur)));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        lines.push(Line::from(cur));
    }
    let mut links = Vec::new();
    let mut spans = Vec::new();
    lines.push(Line::default());
    for (i, l) in entry.links().iter().enumerate() {
        let label = format!("[{}]", i + 1);
        spans.push(LinkSpan {
            number: i + 1,
            line: lines.len(),
            start: 0,
            end: label.len(),
        });
        lines.push(Line::from(vec![
            Span::raw(label),
            Span::raw(format!(" {}", l.url)),
        ]));
        links.push(RenderedLink {
            number: i + 1,
            url: l.url.clone(),
            text: l.text.clone(),
        });
    }
    Rendered {
        lines,
        links,
        spans,
    }
}

#[derive(Default)]
pub struct RenderCache {
    map: HashMap<(String, u16), Arc<Rendered>>,
}

impl RenderCache {
    pub fn get(&mut self, entry: &Entry, width: u16) -> Arc<Rendered> {
        self.map
            .entry((entry.id.clone(), width))
            .or_insert_with(|| Arc::new(render(entry, width)))
            .clone()
    }
}

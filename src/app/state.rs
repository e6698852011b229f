//! The reader's state: plain data, changed only by
//! [`update`](super::update::update), read by `ui` to draw.

use std::sync::Arc;

use crate::catalogue::Bodies;
use crate::corpus::{Corpus, Sort};
use crate::render::{RenderCache, Rendered};

use super::filter::FullText;
use super::keymap::{Keymap, Scope};
use super::layout::{self, Areas, Panes};
use super::marks::Marks;
use super::preview::Preview;
use super::settings::{DateFormat, Settings};

/// Which pane keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Body,
}

/// A text prompt being typed in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Which earlier pattern is shown (`up` recalls them), counting back
    /// from the newest; `None` while typing.
    pub recall: Option<usize>,
}

/// The patterns given to each prompt this session, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PromptHistory {
    pub filter: Vec<String>,
    pub find: Vec<String>,
}

impl PromptHistory {
    pub fn of(&self, kind: PromptKind) -> &[String] {
        match kind {
            PromptKind::Filter => &self.filter,
            PromptKind::Find => &self.find,
        }
    }

    /// Remembers `text` (not twice in a row, never empty).
    pub fn push(&mut self, kind: PromptKind, text: &str) {
        let list = match kind {
            PromptKind::Filter => &mut self.filter,
            PromptKind::Find => &mut self.find,
        };
        if !text.trim().is_empty() && list.last().is_none_or(|last| last != text) {
            list.push(text.to_owned());
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// Filter the list (`/` in the list).
    Filter,
    /// Find in the open entry (`/` in the body).
    Find,
}

/// The list narrowed by a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub query: String,
    /// The entry selected before filtering, restored by Esc.
    pub saved: Option<usize>,
    /// Whether the rows come from the full-text index (else fuzzy titles).
    pub full_text: bool,
    /// Words to highlight in a body opened from a full-text result.
    pub terms: Vec<String>,
    /// Whether the status bar's message is about this query (a field
    /// without a value): cleared once the query no longer has the problem.
    pub warned: bool,
}

/// A match of "find in the entry": a line and its display columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Find {
    pub query: String,
    pub matches: Vec<Match>,
    pub current: usize,
}

/// The entry open in the body pane.
#[derive(Clone, Debug)]
pub struct Reading {
    /// Index into `corpus.entries`.
    pub entry: usize,
    pub rendered: Arc<Rendered>,
    /// First line shown.
    pub scroll: usize,
    /// The selected link's number.
    pub link: Option<usize>,
    pub find: Option<Find>,
    /// Matches of the full-text query the entry was opened from.
    pub highlights: Vec<Match>,
}

impl Reading {
    /// `entry` shown from its top, nothing selected or found in it.
    pub fn at_top(entry: usize, rendered: Arc<Rendered>, highlights: Vec<Match>) -> Reading {
        Reading {
            entry,
            rendered,
            scroll: 0,
            link: None,
            find: None,
            highlights,
        }
    }
}

/// A place to go back to: an entry and how far it was scrolled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub entry: usize,
    pub scroll: usize,
    /// The link that was selected (an index into the rendering's spans):
    /// selected again on coming back, as w3m and lynx do.
    pub link: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Links { selected: usize },
    Diagnostics { scroll: usize },
}

/// Whether the full-text index can be used yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Indexing {
    Waiting,
    /// `done` of `total` files or entries (0: not known yet).
    Building {
        done: usize,
        total: usize,
    },
    Ready,
    Failed(String),
}

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Everything the reader shows and remembers.
pub struct State {
    pub corpus: Corpus,
    pub keymap: Keymap,
    pub sort: Sort,
    /// The list's rows: indices into `corpus.entries`, in order, filtered.
    pub rows: Vec<usize>,
    /// The selected row.
    pub selected: usize,
    /// The first row shown.
    pub list_scroll: usize,
    pub focus: Focus,
    pub filter: Option<Filter>,
    pub prompt: Option<Prompt>,
    pub prompt_history: PromptHistory,
    pub reading: Option<Reading>,
    /// The selected entry shown in the body pane while the list has the
    /// focus (see [`super::preview`]).
    pub preview: Option<Preview>,
    pub history: History,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// Digits typed in the body: a link number waiting for Enter.
    pub link_number: String,
    pub width: u16,
    pub height: u16,
    /// The list's and the text's widths, the wide list.
    pub panes: Panes,
    pub loading: bool,
    pub indexing: Indexing,
    pub renders: RenderCache,
    /// Where the bodies of entries listed without them are read from
    /// (see [`crate::catalogue`]); `None` when every body is loaded.
    pub bodies: Option<Arc<Bodies>>,
    /// The full-text index, once built.
    pub full_text: Option<Arc<dyn FullText>>,
    /// Read, starred, scroll positions; the unread-only view.
    pub marks: Marks,
    /// How the list shows dates.
    pub date_format: DateFormat,
    /// Whether links in the body are drawn as terminal hyperlinks (OSC 8).
    pub hyperlinks: bool,
    /// Problems found at start (configuration, state file) and sources a
    /// sync could not fetch, shown with the files that could not be read.
    pub problems: Vec<String>,
    /// Whether the reader shows the library, which `R` syncs.
    pub library: bool,
    /// A sync running in the background: sources done of all, items.
    pub syncing: Option<(usize, usize, u64)>,
    pub quit: bool,
}

impl State {
    pub fn new(corpus: Corpus, width: u16, height: u16) -> State {
        let mut s = State {
            corpus,
            keymap: Keymap::default(),
            sort: Sort::Date,
            rows: Vec::new(),
            selected: 0,
            list_scroll: 0,
            focus: Focus::List,
            filter: None,
            prompt: None,
            prompt_history: PromptHistory::default(),
            reading: None,
            preview: None,
            history: History::default(),
            overlay: None,
            message: None,
            link_number: String::new(),
            width,
            height,
            panes: Panes::default(),
            loading: false,
            indexing: Indexing::Waiting,
            renders: RenderCache::default(),
            bodies: None,
            full_text: None,
            marks: Marks::default(),
            date_format: DateFormat::default(),
            hyperlinks: false,
            problems: Vec::new(),
            library: false,
            syncing: None,
            quit: false,
        };
        s.rows = s.corpus.sorted(s.sort);
        super::marks::sync(&mut s);
        super::preview::refresh(&mut s);
        s
    }

    /// Applies the user's settings and the reading-state bookkeeping
    /// (`marks`: [`Marks::new`]), before any entry is shown.
    pub fn configure(&mut self, settings: Settings, marks: Marks) {
        self.keymap = settings.keymap;
        self.sort = settings.sort;
        self.panes.list_width = settings.list_width;
        self.panes.text_width = settings.text_width;
        self.date_format = settings.date_format;
        self.hyperlinks = settings.hyperlinks;
        self.marks = marks;
        super::marks::sync(self);
        let keep = self.selected_entry();
        super::search::refresh_rows(self, keep);
        super::preview::refresh(self);
    }

    /// The panes for the current size and focus.
    pub fn areas(&self) -> Areas {
        layout::areas(
            self.width,
            self.height,
            self.focus == Focus::Body && self.reading.is_some(),
            self.panes,
        )
    }

    /// The width bodies are wrapped at: the body pane's (also when the
    /// body is hidden on a narrow terminal), at most the text width.
    pub fn body_width(&self) -> u16 {
        let a = layout::areas(self.width, self.height, true, self.panes);
        let pane = a.body_inner().width;
        let width = match self.panes.text_width {
            0 => pane,
            text => pane.min(text),
        };
        width.max(10)
    }

    /// Lines of body text on screen.
    pub fn body_height(&self) -> usize {
        let a = layout::areas(self.width, self.height, true, self.panes);
        usize::from(a.body_inner().height).max(1)
    }

    /// Rows of the list on screen.
    pub fn list_height(&self) -> usize {
        let a = layout::areas(self.width, self.height, false, self.panes);
        usize::from(a.list_inner().height).max(1)
    }

    /// The entry of the selected row.
    pub fn selected_entry(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// The keymap scope for the current focus.
    pub fn scope(&self) -> Scope {
        match self.focus {
            Focus::List => Scope::List,
            Focus::Body => Scope::Body,
        }
    }

    /// The words of the full-text query the list shows, found in `lines`
    /// (a body opened or previewed from a hit); none for other lists.
    pub fn query_highlights(&self, lines: &[ratatui::text::Line<'_>]) -> Vec<Match> {
        match &self.filter {
            Some(f) if f.full_text => super::find::find_words(lines, &f.terms),
            _ => Vec::new(),
        }
    }

    /// The largest scroll of the open body.
    pub fn max_scroll(&self) -> usize {
        self.reading.as_ref().map_or(0, |r| {
            r.rendered.lines.len().saturating_sub(self.body_height())
        })
    }

    /// The number of files that could not be read.
    pub fn failed_files(&self) -> usize {
        self.corpus.failed_files().count()
    }
}

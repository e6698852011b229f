//! Everything the reader can be asked to do, as data.
//!
//! Keys become actions through the keymap; background work (loading,
//! indexing) and the terminal (resize, mouse) become actions too, so
//! [`update`](super::update::update) is the only place state changes.

use std::sync::Arc;

use super::filter::FullText;
use crate::load::FileReport;
use crate::model::Entry;
use crate::store::Snapshot;

/// A user command: what a key can be bound to. Names are stable (the
/// configuration file refers to them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Move the selection (list) or scroll (body) one line down.
    Down,
    /// Move the selection (list) or scroll (body) one line up.
    Up,
    /// Go to the first entry, or the top of the body.
    Top,
    /// Go to the last entry, or the end of the body.
    Bottom,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// Open the selected entry, follow the selected link, or pick the typed link number.
    Open,
    /// Close what is open: the link selection, the body, the filter.
    Close,
    /// Return from the body to the list.
    Left,
    /// Switch focus between list and body (in the body, with a link selected: next link).
    FocusNext,
    /// Previous link in the body.
    FocusPrev,
    /// Select the next link in the body.
    NextLink,
    /// Select the previous link in the body.
    PrevLink,
    /// Show the entry's links to pick from.
    LinkList,
    /// Open the entry's own URL in the browser.
    OpenInBrowser,
    /// Copy the selected link's URL, or the entry's, to the clipboard.
    CopyUrl,
    /// Back to where you were before following a link.
    HistoryBack,
    /// Forward again after going back.
    HistoryForward,
    /// Search: filter the list, or find in the body.
    Search,
    /// Next search match.
    NextMatch,
    /// Previous search match.
    PrevMatch,
    /// Cycle the list order: date, title, source.
    CycleSort,
    /// Mark the entry read, or unread again.
    ToggleRead,
    /// Star (save) the entry, or unstar it.
    ToggleStar,
    /// Mark every entry of the list as shown (filtered) read.
    MarkAllRead,
    /// Show only unread entries, or all again.
    ToggleUnreadOnly,
    /// Show only starred entries, or all again.
    ToggleStarredOnly,
    /// The list alone, full width (no preview), or beside the body again.
    WideList,
    /// Show the files that could not be read.
    Diagnostics,
    /// Fetch what is new for every subscription of the library (`folio sync`).
    Sync,
    /// Show the keys.
    Help,
    /// Open the next entry of the list.
    NextEntry,
    /// Open the previous entry of the list.
    PrevEntry,
    /// In the body: back to the list; in the list: quit folio.
    Quit,
    /// Quit folio from anywhere.
    QuitAll,
}

impl Command {
    pub const ALL: [Command; 37] = [
        Command::Down,
        Command::Up,
        Command::Top,
        Command::Bottom,
        Command::PageDown,
        Command::PageUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::Open,
        Command::Close,
        Command::Left,
        Command::FocusNext,
        Command::FocusPrev,
        Command::NextLink,
        Command::PrevLink,
        Command::LinkList,
        Command::OpenInBrowser,
        Command::CopyUrl,
        Command::HistoryBack,
        Command::HistoryForward,
        Command::Search,
        Command::NextMatch,
        Command::PrevMatch,
        Command::CycleSort,
        Command::ToggleRead,
        Command::ToggleStar,
        Command::MarkAllRead,
        Command::ToggleUnreadOnly,
        Command::ToggleStarredOnly,
        Command::WideList,
        Command::Diagnostics,
        Command::Sync,
        Command::Help,
        Command::NextEntry,
        Command::PrevEntry,
        Command::Quit,
        Command::QuitAll,
    ];

    /// The name used in the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Command::Down => "down",
            Command::Up => "up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageDown => "page-down",
            Command::PageUp => "page-up",
            Command::HalfPageDown => "half-page-down",
            Command::HalfPageUp => "half-page-up",
            Command::Open => "open",
            Command::Close => "close",
            Command::Left => "left",
            Command::FocusNext => "focus-next",
            Command::FocusPrev => "focus-prev",
            Command::NextLink => "next-link",
            Command::PrevLink => "prev-link",
            Command::LinkList => "link-list",
            Command::OpenInBrowser => "open-in-browser",
            Command::CopyUrl => "copy-url",
            Command::HistoryBack => "back",
            Command::HistoryForward => "forward",
            Command::Search => "search",
            Command::NextMatch => "next-match",
            Command::PrevMatch => "prev-match",
            Command::CycleSort => "cycle-sort",
            Command::ToggleRead => "toggle-read",
            Command::ToggleStar => "toggle-star",
            Command::MarkAllRead => "mark-all-read",
            Command::ToggleUnreadOnly => "unread-only",
            Command::ToggleStarredOnly => "starred-only",
            Command::WideList => "wide-list",
            Command::Diagnostics => "diagnostics",
            Command::Sync => "sync",
            Command::Help => "help",
            Command::NextEntry => "next-entry",
            Command::PrevEntry => "prev-entry",
            Command::Quit => "quit",
            Command::QuitAll => "quit-all",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Down => "down a line / next entry",
            Command::Up => "up a line / previous entry",
            Command::Top => "first entry / top of the body",
            Command::Bottom => "last entry / end of the body",
            Command::PageDown => "page down; at the end of an entry, the next entry",
            Command::PageUp => "page up; at the top of an entry, the previous entry",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::Open => "open entry / follow selected link / pick typed link number",
            Command::Close => "clear selection, search or filter; back to the list",
            Command::Left => "back to the list",
            Command::FocusNext => "switch pane (in the body with a link selected: next link)",
            Command::FocusPrev => "previous link",
            Command::NextLink => "select the next link",
            Command::PrevLink => "select the previous link",
            Command::LinkList => "list this entry's links",
            Command::OpenInBrowser => "open the entry's URL in the browser",
            Command::CopyUrl => "copy the link's (or entry's) URL",
            Command::HistoryBack => "back (after following a link)",
            Command::HistoryForward => "forward",
            Command::Search => "search the list / find in the body",
            Command::NextMatch => "next find match; without a find, next unread entry",
            Command::PrevMatch => "previous find match; without a find, previous unread entry",
            Command::CycleSort => "sort by date, title, source",
            Command::ToggleRead => "mark read / unread",
            Command::ToggleStar => "star / unstar",
            Command::MarkAllRead => "mark every entry in the list read",
            Command::ToggleUnreadOnly => "show only unread entries / all",
            Command::ToggleStarredOnly => "show only starred entries / all",
            Command::WideList => "the list alone, full width / beside the body again",
            Command::Diagnostics => "problems: files not read, sources not fetched, configuration",
            Command::Sync => "fetch what is new for every subscription (folio sync)",
            Command::Help => "this help",
            Command::NextEntry => "open the next entry",
            Command::PrevEntry => "open the previous entry",
            Command::Quit => "in the body: back to the list; in the list: quit",
            Command::QuitAll => "quit from anywhere",
        }
    }
}

/// Where a mouse event happened, in terminal cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub column: u16,
    pub row: u16,
}

/// Anything that changes the reader's state.
#[derive(Clone, Debug)]
pub enum Action {
    Command(Command),
    /// A character typed while a prompt (search, find) is open, or a digit
    /// of a link number.
    Char(char),
    /// Delete the last character of the prompt.
    Backspace,
    /// Clear the prompt.
    ClearPrompt,
    /// The terminal is now this size.
    Resize {
        width: u16,
        height: u16,
    },
    ScrollUp(Point),
    ScrollDown(Point),
    Click(Point),
    /// How many entries the background loader expects (from the
    /// catalogue): room is made for them at once.
    Expecting(usize),
    /// Files read by the background loader, in source order.
    Loaded(Vec<(Vec<Entry>, FileReport)>),
    /// The background loader is done.
    LoadFinished,
    /// How far the search index has got: `done` of `total` (0: not known yet).
    Indexing {
        done: usize,
        total: usize,
    },
    /// The search index is ready (or failed to build: the message says why).
    IndexReady(Result<Arc<dyn FullText>, String>),
    /// A side effect failed: show this in the status bar.
    Status(String),
    /// The stored reading state, read by the state thread.
    StateLoaded(Snapshot),
    /// The state file cannot be used: why (it is not saved this session).
    StateUnavailable(String),
    /// Ctrl-c or a termination signal: quit whatever is open.
    ForceQuit,
    /// How far a sync has got: sources done of all, items received.
    Syncing {
        done: usize,
        sources: usize,
        items: u64,
    },
    /// An entry rendered for the preview, off the UI thread.
    Rendered(Box<super::preview::Done>),
    /// Files a sync wrote (new or changed), read again.
    Refreshed(Vec<(Vec<Entry>, FileReport)>),
    /// The sync ended: a summary, and one line per source that failed.
    SyncFinished {
        summary: String,
        failures: Vec<String>,
    },
}

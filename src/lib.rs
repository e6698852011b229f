//! folio: a terminal reader for workshop and blog content.
//!
//! People save web content about a field (workshop pages, blog posts,
//! feeds) as a folder of documents in whatever shape the web gave them.
//! folio turns such a folder into entries and shows them.
//!
//! # Architecture
//!
//! Data flows one way, and each step is a module that knows nothing of the
//! ones after it:
//!
//! ```text
//!  web ──fetch──▶ files ──load──▶ Corpus of Entry ──render──▶ styled lines ──▶ show / reader
//!                    │                  └────────search──▶ ranked hits
//!                    └──catalogue (unchanged files: entries without bodies) ──▶ list / show / check
//! ```
//!
//! - [`fetch`]: `folio add` / `folio sync`: URLs → documents in a library
//!   folder (WordPress REST archives, feeds, pages), in formats the loader
//!   reads; the only code that talks to the network. It never builds
//!   entries for display: the folder stays the source of truth.
//! - [`model`]: `Entry`, `Body`, `Link`, `Kind`, `Date`: plain data, no I/O.
//! - [`load`]: paths → [`corpus::Corpus`]: walking, decoding, detecting
//!   each file's format by content, one module per format, diagnostics.
//! - [`corpus`]: the loaded entries, their orders, finding one by id,
//!   position or URL.
//! - [`catalogue`]: what loading gave, kept per file in the cache folder
//!   without bodies, so that listing unchanged files reads none of them,
//!   and showing one entry reads its file alone.
//! - [`render`]: an entry → styled terminal lines with numbered links and
//!   their positions, a pure function of (entry, width), plus a cache; what
//!   `folio show` prints and the reader draws.
//! - [`search`]: the query syntax, a tantivy index of the entries (in
//!   memory, or persisted in the cache folder and updated per changed
//!   file), ranked hits with snippets, and fuzzy title filtering.
//! - [`cache`]: the cache folder, and the per-file stamps that let the
//!   catalogue and the search index read again only what changed.
//! - [`markup`]: fast HTML scanning (text, anchors, words) for loading and
//!   indexing; [`urls`]: resolving and matching URLs; [`safe`]: what may
//!   reach a terminal; [`guard`]: a third-party parser's panic becomes a
//!   diagnostic; [`cjk`]: which letters belong to scripts written without
//!   spaces (word counts, search); [`collate`]: the title order.
//! - [`cli`]: clap definitions; [`commands`]: one module per subcommand,
//!   the only place that prints.
//! - [`app`], [`ui`], [`reader`], [`tui`], [`open`]: the interactive
//!   reader (state machine, drawing, event loop, terminal, browser).
//! - [`store`]: reading state that outlives a session (read, starred,
//!   where you left off) in SQLite, written off the UI thread;
//!   [`config`]: the configuration file (keys, colours, browser, list).
//!
//! `main.rs` only parses arguments, calls [`commands::run`] and maps errors
//! to exit codes.

pub mod app;
pub mod cache;
pub mod catalogue;
pub mod cjk;
pub mod cli;
pub mod collate;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod fetch;
pub mod guard;
pub mod load;
pub mod markup;
pub mod model;
pub mod open;
pub mod reader;
pub mod render;
pub mod safe;
pub mod search;
pub mod store;
pub mod tui;
pub mod ui;
pub mod urls;

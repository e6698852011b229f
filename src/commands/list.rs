//! `folio list`: one line per entry, or JSON Lines.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::catalogue::Need;
use crate::cli::{Files, ListArgs};
use crate::corpus::{Corpus, Sort};
use crate::model::{Date, Entry, Kind, Link};
use crate::safe;
use crate::store::{EntryState, key};

/// The JSON form of an entry in `folio list --json`. Keys are a contract
/// with scripts: add, never rename.
#[derive(Serialize)]
pub struct EntryRecord<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub title: &'a str,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub author: Option<&'a str>,
    pub site: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: String,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    pub words: usize,
    pub reading_minutes: usize,
    pub links: &'a [Link],
    /// The reading state: `null` with `--no-state`.
    pub read: Option<bool>,
    pub starred: Option<bool>,
    /// The site no longer publishes it (see `folio list --withdrawn`).
    pub withdrawn: bool,
}

impl<'a> EntryRecord<'a> {
    pub fn new(e: &'a Entry) -> EntryRecord<'a> {
        EntryRecord {
            id: &e.id,
            kind: e.kind,
            title: &e.title,
            date: e.date,
            updated: e.updated,
            author: e.author.as_deref(),
            site: e.site.as_deref(),
            url: e.url.as_deref(),
            source: crate::load::display_path(&e.source),
            summary: e.summary.as_deref(),
            tags: &e.tags,
            words: e.words(),
            reading_minutes: e.reading_minutes(),
            links: e.links(),
            read: None,
            starred: None,
            withdrawn: e.withdrawn,
        }
    }
}

pub fn run(
    args: &ListArgs,
    files: &Files,
    cache: Option<&Path>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let need = if args.json {
        Need::Details
    } else {
        Need::Metadata
    };
    let corpus = super::list_input(&args.input, cache, need)?.corpus;
    let mut order = corpus.sorted(args.sort.into());
    // No state is read with --no-state: every entry counts as unread, and
    // JSON says null.
    let wanted = (args.unread || args.starred || args.json) && !files.no_state;
    let stored = wanted.then(|| super::stored_state(files));
    let state_of = |e: &Entry| -> Option<EntryState> {
        let stored = stored.as_ref()?;
        Some(
            stored
                .entries
                .get(&key::entry_key(e))
                .copied()
                .unwrap_or_default(),
        )
    };
    order.retain(|&i| corpus.entries[i].withdrawn == args.withdrawn);
    if args.unread || args.starred {
        order.retain(|&i| {
            let state = state_of(&corpus.entries[i]).unwrap_or_default();
            (!args.unread || !state.read) && (!args.starred || state.starred)
        });
    }
    write_entries(&corpus, &order, args.json, &state_of, out)?;
    Ok(ExitCode::SUCCESS)
}

/// `folio [PATH]...` with standard output not a terminal prints the list.
pub fn run_paths(
    paths: &[PathBuf],
    cache: Option<&Path>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let input = crate::cli::Input {
        paths: paths.to_vec(),
    };
    let corpus = super::list_input(&input, cache, Need::Metadata)?.corpus;
    let mut order = corpus.sorted(Sort::Date);
    order.retain(|&i| !corpus.entries[i].withdrawn);
    write_entries(&corpus, &order, false, &|_| None, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The entries of `order`, a line or a JSON object each; `state_of` gives
/// an entry's reading state for JSON (`None`: not read, so `null`).
fn write_entries(
    corpus: &Corpus,
    order: &[usize],
    json: bool,
    state_of: &dyn Fn(&Entry) -> Option<EntryState>,
    out: &mut impl Write,
) -> Result<()> {
    for &i in order {
        let e = &corpus.entries[i];
        if json {
            let state = state_of(e);
            let record = EntryRecord {
                read: state.map(|s| s.read),
                starred: state.map(|s| s.starred),
                ..EntryRecord::new(e)
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", list_line(e))?;
        }
    }
    Ok(())
}

/// `2015-04-03  post       Title  id`: the day (or `-`), the kind, the
/// title on one line, and the id last so `awk '{print $NF}'` finds it.
pub fn list_line(e: &Entry) -> String {
    let date = e
        .date
        .map_or_else(|| "-".to_owned(), |d| d.day().to_string());
    format!(
        "{date:<10}  {:<9}  {}  {}",
        e.kind,
        safe::one_line(&e.title),
        e.id
    )
}

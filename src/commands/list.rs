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
use crate::store::key;

/// The JSON form of an entry in `folio list --json` (and a hit's base in
/// `folio search --json`). Keys are a contract with scripts: add, never rename.
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
    if args.unread || args.starred {
        let stored = super::stored_state(files);
        order.retain(|&i| {
            let state = stored
                .entries
                .get(&key::entry_key(&corpus.entries[i]))
                .copied()
                .unwrap_or_default();
            (!args.unread || !state.read) && (!args.starred || state.starred)
        });
    }
    write_entries(&corpus, &order, args.json, out)?;
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
    write_list(&corpus, Sort::Date, false, out)?;
    Ok(ExitCode::SUCCESS)
}

fn write_list(corpus: &Corpus, sort: Sort, json: bool, out: &mut impl Write) -> Result<()> {
    write_entries(corpus, &corpus.sorted(sort), json, out)
}

fn write_entries(corpus: &Corpus, order: &[usize], json: bool, out: &mut impl Write) -> Result<()> {
    for &i in order {
        let e = &corpus.entries[i];
        if json {
            serde_json::to_writer(&mut *out, &EntryRecord::new(e))?;
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

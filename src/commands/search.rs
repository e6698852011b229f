//! `folio search`: ranked hits for a query, one line each (score, date,
//! title, id) with the snippet under it, or JSON Lines.
//!
//! Matched words in snippets are bold when standard output is a terminal
//! (and NO_COLOR is unset, or `--color always`), else marked `[like this]`
//! so they still show in a pipe or a file. `--json` prints one object per
//! hit: `id`, `title`, `score`, `date`, `kind`, `url`, `snippet` (plain),
//! `highlights` (`[start, end]` byte ranges in `snippet`) and `terms`.
//!
//! Exit status, like grep: 0 with hits, 1 with none (and nothing on
//! standard output), 2 when the query has nothing searchable (the reason on
//! standard error). A query that was partly understood is searched, with
//! what was not understood on standard error.
//!
//! The index is persisted in the cache folder (see `search::build`), so a
//! second search over unchanged files reads none of them. The reading
//! state's filters (`is:unread`, `is:read`, `is:starred`) are decided from
//! the state file; only such a query loads the entries, to find their
//! state keys.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::marks::IsWhat;
use crate::catalogue::Need;
use crate::cli::{CacheArgs, Files, SearchArgs};
use crate::model::{Date, Kind};
use crate::safe;
use crate::search::{Accept, Built, Condition, Custom, Hit, IndexBuilder, Query, Syntax};
use crate::store::key;

pub fn run(
    args: &SearchArgs,
    cache: &CacheArgs,
    files: &Files,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let syntax = Syntax::new().with_filter("is", |v| {
        IsWhat::parse(v)
            .map(drop)
            .ok_or_else(|| format!("is: takes {}", IsWhat::NAMES))
    });
    let query = match syntax.parse(&args.query) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("folio: bad query: {}", safe::one_line(&e.to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    for w in &query.warnings {
        eprintln!("folio: query {}", safe::one_line(&w.to_string()));
    }
    let builder = || IndexBuilder::new(args.input.paths.clone()).cache_dir(cache.dir());
    let built = builder().build(&mut |_| {})?;
    report(&built);
    let accept = reading_state(&query, args, cache, files)?;
    let search = |built: &Built| {
        built
            .index
            .search_filtered(&query, args.limit as usize, Arc::clone(&accept))
    };
    let hits = match catch_unwind(AssertUnwindSafe(|| search(&built))) {
        Ok(Ok(hits)) => hits,
        failed => {
            let Some(dir) = built.index.location() else {
                return match failed {
                    Ok(Err(e)) => Err(e.into()),
                    _ => Err(anyhow::anyhow!("the search failed")),
                };
            };
            let reason = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => "the search failed".to_owned(),
            };
            eprintln!(
                "folio: the search index in {} is damaged ({}); rebuilding it",
                dir.display(),
                safe::one_line(&reason)
            );
            search(&builder().fresh(true).build(&mut |_| {})?)?
        }
    };
    if hits.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    write_hits(&hits, args.json, args.color.for_stdout(), out)?;
    Ok(ExitCode::SUCCESS)
}

/// Decides the query's `is:` filters from the stored reading state, keyed
/// by entry id (entries never marked are unread and not starred).
fn reading_state(
    query: &Query,
    args: &SearchArgs,
    cache: &CacheArgs,
    files: &Files,
) -> Result<Accept> {
    let asks = query
        .clauses
        .iter()
        .any(|c| matches!(c.condition, Condition::Custom(_)));
    if !asks {
        return Ok(Arc::new(|_: &Custom, _: &str| true));
    }
    let stored = super::stored_state(files);
    // Through the catalogue, which knows every entry's key without its body.
    let listing = super::list_quiet(&args.input, cache.dir().as_deref(), Need::Metadata)?;
    let by_id: HashMap<String, (bool, bool)> = listing
        .corpus
        .entries
        .iter()
        .map(|e| {
            let s = stored
                .entries
                .get(&key::entry_key(e))
                .copied()
                .unwrap_or_default();
            (e.id.clone(), (s.read, s.starred))
        })
        .collect();
    Ok(Arc::new(move |c: &Custom, id: &str| {
        let (read, starred) = by_id.get(id).copied().unwrap_or_default();
        // `is:withdrawn` never comes here: the index decides it.
        IsWhat::parse(&c.value).is_none_or(|what| what.holds(read, starred, false))
    }))
}

/// Cache problems, and how many files could not be read, on standard error.
fn report(built: &Built) {
    for w in &built.warnings {
        eprintln!("folio: {}", safe::one_line(w));
    }
    super::report_summary(&built.report.errors, built.report.warnings);
}

/// The JSON form of a hit. Keys are a contract with scripts: add, never rename.
#[derive(Serialize)]
struct HitRecord<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
    date: Option<Date>,
    kind: Kind,
    url: Option<&'a str>,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    terms: &'a [String],
}

fn write_hits(hits: &[Hit], json: bool, bold: bool, out: &mut impl Write) -> Result<()> {
    for hit in hits {
        if json {
            let record = HitRecord {
                id: &hit.id,
                title: &hit.title,
                score: hit.score,
                date: hit.date,
                kind: hit.kind,
                url: hit.url.as_deref(),
                snippet: &hit.snippet,
                highlights: hit.highlights.iter().map(|r| [r.start, r.end]).collect(),
                terms: &hit.terms,
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
            continue;
        }
        let date = hit
            .date
            .map_or_else(|| "-".to_owned(), |d| d.day().to_string());
        writeln!(
            out,
            "{:>6.2}  {date:<10}  {}  {}",
            hit.score,
            safe::one_line(&hit.title),
            safe::one_line(&hit.id)
        )?;
        if !hit.snippet.is_empty() {
            writeln!(out, "        {}", marked(hit, bold))?;
        }
    }
    Ok(())
}

/// The snippet with its matched words in bold or in brackets.
fn marked(hit: &Hit, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[22m")
    } else {
        ("[", "]")
    };
    let s = &hit.snippet;
    let mut out = String::with_capacity(s.len() + hit.highlights.len() * 8);
    let mut at = 0;
    for r in &hit.highlights {
        if r.start < at
            || r.end > s.len()
            || !s.is_char_boundary(r.start)
            || !s.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&s[at..r.start]);
        out.push_str(open);
        out.push_str(&s[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&s[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_marked_in_brackets_or_bold() {
        let hit = Hit {
            id: "a".into(),
            score: 1.0,
            title: "t".into(),
            date: None,
            kind: Kind::Post,
            url: None,
            snippet: "the norms of norm".into(),
            highlights: vec![4..9, 13..17],
            terms: vec![],
        };
        assert_eq!(marked(&hit, false), "the [norms] of [norm]");
        assert_eq!(
            marked(&hit, true),
            "the \x1b[1mnorms\x1b[22m of \x1b[1mnorm\x1b[22m"
        );
    }
}

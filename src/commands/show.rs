//! `folio show` (an entry rendered: header, body, numbered links) and
//! `folio links` (its numbered links, one `N<TAB>URL<TAB>text` per line).
//!
//! ENTRY is an id, a position or a URL among the PATHs; given a file and
//! no PATH (`folio show page.html`), it is that file's first entry.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use crate::catalogue::{Listing, Need};
use crate::cli::{Input, LinksArgs, ShowArgs, SortArg};
use crate::model::Entry;
use crate::{render, safe};

/// Width when standard output is not a terminal and none was asked for.
const DEFAULT_WIDTH: u16 = 80;

pub fn run_show(args: &ShowArgs, cache: Option<&Path>, out: &mut impl Write) -> Result<ExitCode> {
    let (listing, entry) = named(&args.entry, &args.input, args.sort, cache)?;
    let entry = &entry;
    let tty = std::io::stdout().is_terminal();
    let terminal = if tty {
        crossterm::terminal::size().ok().map(|(cols, _)| cols)
    } else {
        None
    };
    let width = width(args.width, terminal);
    let rendered = render::render(entry, width);
    if args.color.enabled(tty, std::env::var_os("NO_COLOR")) {
        render::write_ansi(&rendered, out)?;
    } else {
        render::write_plain(&rendered, out)?;
    }
    // The process ends next: freeing tens of thousands of lines one by one
    // would only delay it.
    std::mem::forget(rendered);
    std::mem::forget(listing);
    Ok(ExitCode::SUCCESS)
}

pub fn run_links(args: &LinksArgs, cache: Option<&Path>, out: &mut impl Write) -> Result<ExitCode> {
    let (_listing, entry) = named(&args.entry, &args.input, args.sort, cache)?;
    for link in render::links(&entry) {
        writeln!(
            out,
            "{}\t{}\t{}",
            link.number,
            safe::one_line(&link.url),
            safe::one_line(&link.text)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The listing and the entry ENTRY names: among the PATHs, or, when ENTRY
/// is a file and no PATH is given, that file's first entry.
fn named(
    entry: &str,
    input: &Input,
    sort: SortArg,
    cache: Option<&Path>,
) -> Result<(Listing, Entry)> {
    let file = Path::new(entry);
    if input.paths.is_empty() && file.is_file() {
        let input = Input {
            paths: vec![file.to_path_buf()],
        };
        let listing = super::list_quiet(&input, cache, Need::Bodies)?;
        super::report_others(&listing.corpus, Some(file));
        let corpus = &listing.corpus;
        // The first entry of the file: the first in file order, whose id
        // ends in `:1` when it holds several.
        let first = (0..corpus.len())
            .find(|&i| corpus.entries[i].id.ends_with(":1"))
            .or_else(|| (!corpus.is_empty()).then_some(0))
            .ok_or_else(|| {
                anyhow!(
                    "{} holds no entry; `folio check {}` says why",
                    safe::one_line(entry),
                    safe::one_line(entry)
                )
            })?;
        let whole = listing
            .full(first)
            .map_err(|problem| anyhow!("{}", safe::one_line(&problem.to_string())))?;
        return Ok((listing, whole));
    }
    let listing = super::list_quiet(input, cache, Need::Bodies)?;
    let found = find(&listing, entry, sort);
    let own = found.as_ref().ok().map(|e| e.source.as_path());
    super::report_others(&listing.corpus, own);
    let found = found?;
    Ok((listing, found))
}

/// The entry a user named by id, position in `folio list` order, or URL,
/// read whole from its file.
fn find(listing: &Listing, key: &str, sort: SortArg) -> Result<Entry> {
    let corpus = &listing.corpus;
    // Positions count what `folio list` lists: not withdrawn entries.
    let mut order = corpus.sorted(sort.into());
    order.retain(|&i| !corpus.entries[i].withdrawn);
    let i = corpus
        .find(key, &order)
        .filter(|&i| i < corpus.len())
        .ok_or_else(|| {
            let n = corpus.len();
            let s = if n == 1 { "y" } else { "ies" };
            anyhow!(
                "no such entry: {:?} is not the id, position (1 to {n}) or URL of any of \
                 the {n} entr{s} loaded; `folio list` shows them",
                safe::one_line(key)
            )
        })?;
    listing
        .full(i)
        .map_err(|problem| anyhow!("{}", safe::one_line(&problem.to_string())))
}

/// `--width`, else the terminal's width, else [`DEFAULT_WIDTH`].
fn width(asked: Option<u16>, terminal: Option<u16>) -> u16 {
    asked
        .or(terminal.filter(|&w| w > 0))
        .unwrap_or(DEFAULT_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_comes_from_the_flag_then_the_terminal() {
        assert_eq!(width(Some(50), Some(120)), 50);
        assert_eq!(width(None, Some(120)), 120);
        assert_eq!(width(None, Some(0)), DEFAULT_WIDTH);
        assert_eq!(width(None, None), DEFAULT_WIDTH);
    }
}

//! Running what the command line asked for. Each subcommand is a module
//! with a `run` that writes to the writer it is given and returns the exit
//! status; [`run`] dispatches and maps errors. This is the only layer that
//! prints.

mod check;
mod config;
mod fetch;
mod list;
mod search;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::catalogue::{self, Listing, Need};
use crate::cli::{Cli, Command, Files, Input};
use crate::corpus::Corpus;
use crate::load::Severity;
use crate::store::{self, Snapshot};

/// Runs the parsed command line.
pub fn run(mut cli: Cli) -> Result<ExitCode> {
    read_library_by_default(&mut cli);
    let cache = cli.cache.dir();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        None if io::stdout().is_terminal() => {
            drop(out);
            let ended = crate::reader::run(reader_options(cli.paths, cli.cache.dir(), &cli.files))?;
            return Ok(ExitCode::from(ended.status()));
        }
        // Not a terminal: print the list, as `folio list` would.
        None => list::run_paths(&cli.paths, cache.as_deref(), &mut out)?,
        Some(Command::List(args)) => list::run(&args, &cli.files, cache.as_deref(), &mut out)?,
        Some(Command::Config(args)) => config::run(&args, &cli.files, &mut out)?,
        Some(Command::Show(args)) => show::run_show(&args, cache.as_deref(), &mut out)?,
        Some(Command::Links(args)) => show::run_links(&args, cache.as_deref(), &mut out)?,
        Some(Command::Search(args)) => search::run(&args, &cli.cache, &cli.files, &mut out)?,
        Some(Command::Check(args)) => check::run(&args, cache.as_deref(), &mut out)?,
        Some(Command::Add(args)) => fetch::add(&args, &mut out)?,
        Some(Command::Sync(args)) => fetch::sync(&args, &mut out)?,
        Some(Command::Sources(args)) => fetch::sources(&args, &mut out)?,
        Some(Command::Remove(args)) => fetch::remove(&args, &mut out)?,
        Some(Command::Completions(args)) => {
            clap_complete::generate(args.shell, &mut crate::cli::command(), "folio", &mut out);
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(crate::cli::command()).render(&mut out)?;
            ExitCode::SUCCESS
        }
    };
    out.flush()?;
    Ok(code)
}

/// With no PATH, every command reads the library when it holds documents
/// (and the bundled sample data otherwise).
fn read_library_by_default(cli: &mut Cli) {
    let paths = match &mut cli.command {
        None => &mut cli.paths,
        Some(Command::List(a)) => &mut a.input.paths,
        Some(Command::Show(a)) => &mut a.input.paths,
        Some(Command::Links(a)) => &mut a.input.paths,
        Some(Command::Search(a)) => &mut a.input.paths,
        Some(Command::Check(a)) => &mut a.input.paths,
        Some(_) => return,
    };
    if paths.is_empty() {
        let library = crate::fetch::library::location(None)
            .filter(|dir| crate::fetch::library::holds_documents(dir));
        paths.extend(library);
    }
}

/// The reader's options: the configuration (with its problems, for the
/// status bar) and the state file.
fn reader_options(
    paths: Vec<PathBuf>,
    cache_dir: Option<PathBuf>,
    files: &Files,
) -> crate::reader::Options {
    let loaded = crate::config::load(files.config.as_deref());
    let mut problems = loaded.problems;
    let config = loaded.config;
    let state = state_path(files);
    if state.is_none() && !files.no_state {
        problems.push("no folder to keep the reading state in (set XDG_DATA_HOME or use --state PATH): it is not saved".into());
    }
    // `R` syncs the library when the reader shows it.
    let library = crate::fetch::library::location(None).filter(|lib| {
        let lib = lib.canonicalize().ok();
        lib.is_some() && paths.iter().any(|p| p.canonicalize().ok() == lib)
    });
    crate::reader::Options {
        library,
        paths,
        cache_dir,
        mouse: config.mouse,
        browser: config.browser(),
        theme: config.theme(),
        settings: config.settings,
        state,
        problems,
    }
}

/// The state file to use: `--state`, else the default; none with `--no-state`.
fn state_path(files: &Files) -> Option<PathBuf> {
    if files.no_state {
        return None;
    }
    files.state.clone().or_else(store::default_path)
}

/// The stored reading state, read without writing anything, for commands
/// that show it. A file that cannot be read is reported on standard error
/// and counts as empty.
pub(crate) fn stored_state(files: &Files) -> Snapshot {
    let Some(path) = state_path(files) else {
        return Snapshot::default();
    };
    match store::Db::open_read_only(&path).and_then(|db| match db {
        Some(db) => db.snapshot(),
        None => Ok(Snapshot::default()),
    }) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            eprintln!("folio: {}", crate::safe::one_line(&e.to_string()));
            Snapshot::default()
        }
    }
}

/// Lists the input (the bundled sample data when no path is given)
/// through the catalogue, bodies staying in their files, and reports on
/// standard error what went wrong: every file that failed, the number of
/// warnings, and what became of the catalogue.
pub(crate) fn list_input(input: &Input, cache: Option<&Path>, need: Need) -> Result<Listing> {
    let listing = list_quiet(input, cache, need)?;
    report_problems(&listing.corpus);
    Ok(listing)
}

/// [`list_input`] reporting only what became of the catalogue.
pub(crate) fn list_quiet(input: &Input, cache: Option<&Path>, need: Need) -> Result<Listing> {
    let listing = catalogue::list(&input.paths, cache, need)?;
    for note in &listing.notes {
        eprintln!("{}", crate::safe::one_line(note));
    }
    Ok(listing)
}

fn report_problems(corpus: &Corpus) {
    let mut errors = Vec::new();
    let mut warnings = 0;
    for d in corpus.diagnostics() {
        match d.severity {
            Severity::Error => errors.push(d.to_string()),
            Severity::Warning => warnings += 1,
        }
    }
    report_counts(&errors, warnings);
}

/// What `show`, `links` and `search` say of files other than the one they
/// show: one line for the files that could not be read, one for the
/// warnings; `own` (the shown entry's file) is reported in full.
pub(crate) fn report_others(corpus: &Corpus, own: Option<&Path>) {
    let mut errors = Vec::new();
    let mut warnings = 0;
    let mut own_lines = Vec::new();
    for d in corpus.diagnostics() {
        if own == Some(d.path.as_path()) {
            own_lines.push(d.to_string());
        } else if d.severity == Severity::Error {
            errors.push(d.to_string());
        } else {
            warnings += 1;
        }
    }
    report_counts(&own_lines, 0);
    report_summary(&errors, warnings);
}

/// One line for the files that `errors` (`path[:line:column]: error:
/// reason`) name, one for the warnings, on standard error.
pub(crate) fn report_summary(errors: &[String], warnings: usize) {
    let files: std::collections::HashSet<&str> = errors
        .iter()
        .map(|e| {
            let path = e.split(": error:").next().unwrap_or(e);
            // `path:line:column`
            let mut parts = path.rsplitn(3, ':');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(c), Some(l), Some(p))
                    if c.bytes().all(|b| b.is_ascii_digit())
                        && l.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    p
                }
                _ => path,
            }
        })
        .collect();
    let stderr = io::stderr();
    let mut err = stderr.lock();
    match files.len() {
        0 => {}
        1 => {
            let _ = writeln!(
                err,
                "folio: 1 file could not be read; `folio check` shows why"
            );
        }
        n => {
            let _ = writeln!(
                err,
                "folio: {n} files could not be read; `folio check` shows why"
            );
        }
    }
    drop(err);
    report_counts(&[], warnings);
}

/// Prints error lines, and how many warnings there were, on standard error.
pub(crate) fn report_counts(errors: &[String], warnings: usize) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for e in errors {
        let _ = writeln!(err, "{}", crate::safe::one_line(e));
    }
    if warnings > 0 {
        let s = if warnings == 1 { "" } else { "s" };
        let _ = writeln!(
            err,
            "folio: {warnings} warning{s} while loading; `folio check` shows them"
        );
    }
}

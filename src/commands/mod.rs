//! Running what the command line asked for. Each subcommand is a module
//! with a `run` that writes to the writer it is given and returns the exit
//! status; [`run`] dispatches and maps errors. This is the only layer that
//! prints.

mod check;
mod list;
mod search;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, Input};
use crate::corpus::Corpus;
use crate::load::{self, Severity};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        None if io::stdout().is_terminal() => {
            drop(out);
            crate::reader::run(crate::reader::Options {
                paths: cli.paths,
                cache_dir: cli.cache.dir(),
                ..Default::default()
            })?;
            return Ok(ExitCode::SUCCESS);
        }
        // Not a terminal: print the list, as `folio list` would.
        None => list::run_paths(&cli.paths, &mut out)?,
        Some(Command::List(args)) => list::run(&args, &mut out)?,
        Some(Command::Show(args)) => show::run_show(&args, &mut out)?,
        Some(Command::Links(args)) => show::run_links(&args, &mut out)?,
        Some(Command::Search(args)) => search::run(&args, &cli.cache, &mut out)?,
        Some(Command::Check(args)) => check::run(&args, &mut out)?,
    };
    out.flush()?;
    Ok(code)
}

/// Loads the input (the bundled sample data when no path is given) and
/// reports on standard error what went wrong: every file that failed, and
/// the number of warnings.
pub(crate) fn load_input(input: &Input) -> Result<Corpus> {
    let corpus = load_quiet(&input.paths)?;
    report_problems(&corpus);
    Ok(corpus)
}

/// Loads without reporting anything.
pub(crate) fn load_quiet(paths: &[PathBuf]) -> Result<Corpus> {
    if paths.is_empty() {
        Ok(load::load_sample())
    } else {
        Ok(load::load(paths)?)
    }
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

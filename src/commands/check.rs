//! `folio check`: per file, the format detected, the entries produced and
//! the diagnostics. The per-file lines are data (standard output); the
//! diagnostics go to standard error, like every diagnostic folio prints.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::catalogue::Need;
use crate::cli::CheckArgs;
use crate::load::display_path;
use crate::safe;

pub fn run(args: &CheckArgs, cache: Option<&Path>, out: &mut impl Write) -> Result<ExitCode> {
    let corpus = super::list_quiet(&args.input, cache, Need::Metadata)?.corpus;
    let stderr = std::io::stderr();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut failed = 0;
    for file in &corpus.files {
        let path = display_path(&file.path);
        let status = match (file.failed(), file.format) {
            (true, _) => "failed".to_owned(),
            (false, Some(format)) => {
                format!("{format}, {}", count(file.entries, "entry", "entries"))
            }
            (false, None) => "skipped".to_owned(),
        };
        writeln!(out, "{}: {status}", safe::one_line(&path))?;
        if !file.diagnostics.is_empty() {
            out.flush()?;
            let mut err = stderr.lock();
            for d in &file.diagnostics {
                writeln!(err, "{}", safe::one_line(&d.to_string()))?;
            }
        }
        failed += usize::from(file.failed());
    }
    let read = corpus.files.len() - failed;
    writeln!(
        out,
        "{}: {read} read, {failed} failed; {}",
        count(corpus.files.len(), "file", "files"),
        count(corpus.len(), "entry", "entries")
    )?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

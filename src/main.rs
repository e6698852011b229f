//! The `folio` binary: parse arguments, run, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = folio::cli::parse();
    match folio::commands::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!, which panics when standard error is gone.
            let _ = writeln!(
                std::io::stderr(),
                "folio: {}",
                folio::safe::one_line(&format!("{err:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// `folio list | head` closing the pipe early is success, not an error,
/// whether the write failed in plain output or inside a JSON writer.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == pipe
            || e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == pipe
    })
}

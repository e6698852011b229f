//! `folio search` (being written).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::SearchArgs;

pub fn run(_args: &SearchArgs, _out: &mut impl Write) -> Result<ExitCode> {
    bail!("`folio search` is not built yet")
}

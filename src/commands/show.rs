//! `folio show` and `folio links` (being written).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::{LinksArgs, ShowArgs};

pub fn run_show(_args: &ShowArgs, _out: &mut impl Write) -> Result<ExitCode> {
    bail!("`folio show` is not built yet")
}

pub fn run_links(_args: &LinksArgs, _out: &mut impl Write) -> Result<ExitCode> {
    bail!("`folio links` is not built yet")
}

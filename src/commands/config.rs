//! `folio config`: check the configuration file, print where it is, or
//! print a complete default one.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{ConfigArgs, Files};
use crate::config;

pub fn run(args: &ConfigArgs, files: &Files, out: &mut impl Write) -> Result<ExitCode> {
    if args.default {
        out.write_all(config::default_file().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = files.config.clone().or_else(config::default_path);
    if args.path {
        match &path {
            Some(p) => writeln!(out, "{}", p.display())?,
            None => {
                eprintln!(
                    "folio: no configuration folder (set XDG_CONFIG_HOME or use --config PATH)"
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(p) = path else {
        eprintln!("folio: no configuration folder (set XDG_CONFIG_HOME or use --config PATH)");
        return Ok(ExitCode::FAILURE);
    };
    let shown = crate::safe::one_line(&p.display().to_string()).into_owned();
    if files.config.is_none() && !p.exists() {
        writeln!(
            out,
            "{shown}: no file; folio uses its defaults (`folio config --default` prints them)"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let loaded = config::load(Some(&p));
    if loaded.problems.is_empty() {
        writeln!(out, "{shown}: valid")?;
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &loaded.problems {
        eprintln!("{}", crate::safe::one_line(problem));
    }
    let n = loaded.problems.len();
    eprintln!(
        "folio: {n} problem{} in {shown}; folio uses the defaults for {}",
        if n == 1 { "" } else { "s" },
        if n == 1 {
            "that setting"
        } else {
            "those settings"
        }
    );
    Ok(ExitCode::FAILURE)
}

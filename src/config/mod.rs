//! The configuration file: keybindings, colours, the browser, the list's
//! order, width and dates, the mouse.
//!
//! TOML at `$XDG_CONFIG_HOME/folio/config.toml` (or `--config PATH`). A
//! missing file means the defaults. A file with mistakes never stops
//! folio: each mistake becomes a [`Problem`] naming the line, the key and
//! what is allowed, the setting it concerns keeps its default, and the
//! reader shows the problems at start (`folio config` lists them).
//!
//! The defaults live in one place each (the keymap's table, the theme,
//! [`Settings::default`]); `folio config --default` prints a commented
//! file generated from them ([`default_file`]), and a test checks that
//! parsing that file gives the defaults back, so the two cannot drift.
//!
//! Modules: `parse` (the file → [`Config`] and problems), `color`
//! (colour names and styles), `default` (the printed default).

mod color;
mod default;
mod parse;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::Style;

use crate::app::settings::Settings;
use crate::open::Browser;
use crate::ui::Theme;

pub use default::default_file;
pub use parse::parse;

/// Everything the configuration file sets.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The keymap, list order, list width and date format.
    pub settings: Settings,
    pub color: ColorMode,
    /// Styles given in `[colors]`, by [`Theme::ELEMENTS`] name.
    pub colors: Vec<(String, Style)>,
    /// The browser command; `None` means `$BROWSER`, else the system opener.
    pub browser: Option<String>,
    /// Run the browser on the terminal.
    pub browser_in_terminal: bool,
    pub mouse: bool,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorMode {
    /// Unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorMode {
    pub const NAMES: [&str; 3] = ["auto", "always", "never"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<ColorMode> {
        match s {
            "auto" => Some(ColorMode::Auto),
            "always" => Some(ColorMode::Always),
            "never" => Some(ColorMode::Never),
            _ => None,
        }
    }
}

impl Config {
    /// The defaults, as if there were no file.
    pub fn defaults() -> Config {
        Config {
            mouse: true,
            ..Config::default()
        }
    }

    /// The theme: colours unless turned off (`color = "never"`, or
    /// `NO_COLOR` with `auto`), with the `[colors]` styles laid over the
    /// default ones. Without colour the built-in colourless styles are
    /// used and `[colors]` is left aside (it is about colours).
    pub fn theme(&self) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match self.color {
            ColorMode::Auto => !no_color,
            ColorMode::Always => true,
            ColorMode::Never => false,
        };
        let mut theme = Theme::new(color);
        if color {
            for (name, style) in &self.colors {
                if let Some(s) = theme.style_mut(name) {
                    *s = *style;
                }
            }
        }
        theme
    }

    pub fn browser(&self) -> Browser {
        match &self.browser {
            Some(command) => Browser::from_spec(command, self.browser_in_terminal),
            None => Browser::from_env(self.browser_in_terminal),
        }
    }
}

/// One mistake in the file: where, which key, what is wrong and what is
/// allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based; `None` when the file as a whole is concerned.
    pub line: Option<usize>,
    /// The key as a dotted path (`keys.quit`, `reader.mouse`); empty for
    /// TOML syntax errors.
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        f.write_str(&self.message)
    }
}

/// A configuration as loaded for a run: what it sets, and its problems
/// already worded for the user (file name included).
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// Where it was looked for.
    pub path: Option<PathBuf>,
    pub problems: Vec<String>,
}

/// `$XDG_CONFIG_HOME/folio/config.toml`, else the platform's config folder.
pub fn default_path() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::config_dir)?;
    Some(dir.join("folio").join("config.toml"))
}

/// Loads `explicit` (`--config`), else the default path. A missing
/// default file is no problem; a missing `--config` file is one.
pub fn load(explicit: Option<&Path>) -> Loaded {
    let path = explicit.map(Path::to_owned).or_else(default_path);
    let Some(p) = path.as_deref() else {
        return Loaded {
            config: Config::defaults(),
            path,
            problems: Vec::new(),
        };
    };
    let shown = crate::safe::one_line(&p.display().to_string()).into_owned();
    match std::fs::read(p) {
        Ok(bytes) => {
            let (config, problems) = match std::str::from_utf8(&bytes) {
                Ok(text) => parse(text),
                Err(e) => (
                    Config::defaults(),
                    vec![Problem {
                        line: Some(line_of_byte(&bytes, e.valid_up_to())),
                        key: String::new(),
                        message: "not UTF-8 text; using the defaults".into(),
                    }],
                ),
            };
            let problems = problems.iter().map(|pr| format!("{shown} {pr}")).collect();
            Loaded {
                config,
                path,
                problems,
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => Loaded {
            config: Config::defaults(),
            path,
            problems: Vec::new(),
        },
        Err(e) => Loaded {
            config: Config::defaults(),
            problems: vec![format!(
                "{shown}: cannot read the configuration ({}); using the defaults",
                io_reason(&e)
            )],
            path,
        },
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn line_of_byte(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// One line for the status bar about a configuration's problems.
pub fn summary(problems: &[String]) -> Option<String> {
    let first = problems.first()?;
    Some(match problems.len() {
        1 => format!("{first} (default used)"),
        n => format!(
            "{first} (default used; {} more: press ! to see them)",
            n - 1
        ),
    })
}

//! Opening URLs outside folio: the only module that starts processes.
//!
//! `$BROWSER` when set (a command; `%u` is replaced by the URL, else the
//! URL is appended as one argument; never through a shell), else the
//! system opener (xdg-open, open, start, via the opener crate). Graphical
//! browsers start detached with their output discarded; text browsers
//! (w3m, lynx, elinks, links…), or any browser when configured so, run in
//! the foreground on the terminal, which the reader hands over meanwhile.

use std::process::{Command, Stdio};

/// Browsers that draw in the terminal and so must run in the foreground.
const TEXT_BROWSERS: &[&str] = &[
    "w3m", "lynx", "elinks", "links", "links2", "browsh", "carbonyl", "chawan", "cha", "amfora",
];

/// How to open a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Browser {
    /// A command: program and arguments, `%u` standing for the URL.
    Command { argv: Vec<String>, foreground: bool },
    /// The system opener.
    System,
}

impl Browser {
    /// From `$BROWSER` (its first `:`-separated alternative), else the
    /// system opener. `force_foreground` comes from the configuration.
    pub fn from_env(force_foreground: bool) -> Browser {
        let var = std::env::var("BROWSER").unwrap_or_default();
        Browser::from_spec(&var, force_foreground)
    }

    pub fn from_spec(spec: &str, force_foreground: bool) -> Browser {
        let first = spec.split(':').map(str::trim).find(|s| !s.is_empty());
        let Some(argv) = first
            .and_then(|s| shell_words::split(s).ok())
            .filter(|a| !a.is_empty())
        else {
            return Browser::System;
        };
        let program = std::path::Path::new(&argv[0])
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        let foreground = force_foreground || TEXT_BROWSERS.contains(&program);
        Browser::Command { argv, foreground }
    }

    /// Whether opening takes over the terminal.
    pub fn foreground(&self) -> bool {
        matches!(
            self,
            Browser::Command {
                foreground: true,
                ..
            }
        )
    }

    /// The command line for `url`: `%u` replaced, else the URL appended.
    pub fn argv(&self, url: &str) -> Option<Vec<String>> {
        let Browser::Command { argv, .. } = self else {
            return None;
        };
        let mut out: Vec<String> = argv.iter().map(|a| a.replace("%u", url)).collect();
        if !argv.iter().any(|a| a.contains("%u")) {
            out.push(url.to_owned());
        }
        Some(out)
    }

    /// Opens `url`. A foreground browser runs to completion on the
    /// terminal (the caller must have handed it over); others are started
    /// detached and not waited for.
    pub fn open(&self, url: &str) -> Result<(), String> {
        let Some(argv) = self.argv(url) else {
            return opener::open_browser(url).map_err(|e| format!("could not open {url}: {e}"));
        };
        let mut cmd = Command::new(&argv[0]);
        cmd.args(&argv[1..]);
        if self.foreground() {
            let status = cmd
                .status()
                .map_err(|e| format!("could not run {}: {e}", argv[0]))?;
            return if status.success() {
                Ok(())
            } else {
                Err(format!("{} exited with {status}", argv[0]))
            };
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", argv[0]))?;
        // Reap it whenever it ends, without waiting here.
        std::thread::spawn(move || child.wait());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_commands_take_the_url_as_one_argument() {
        let b = Browser::from_spec("firefox --new-tab", false);
        assert_eq!(
            b.argv("https://x.org/a b;rm -rf").unwrap(),
            ["firefox", "--new-tab", "https://x.org/a b;rm -rf"]
        );
        let b = Browser::from_spec("open -a Safari %u --background", false);
        assert_eq!(
            b.argv("https://x.org").unwrap(),
            ["open", "-a", "Safari", "https://x.org", "--background"]
        );
        assert!(!b.foreground());
    }

    #[test]
    fn text_browsers_run_in_the_foreground() {
        assert!(Browser::from_spec("w3m", false).foreground());
        assert!(Browser::from_spec("/usr/bin/lynx -accept_all_cookies", false).foreground());
        assert!(Browser::from_spec("elinks:firefox", false).foreground());
        assert!(Browser::from_spec("firefox", true).foreground());
        assert!(!Browser::from_spec("firefox", false).foreground());
    }

    #[test]
    fn unset_or_blank_means_the_system_opener() {
        assert_eq!(Browser::from_spec("", false), Browser::System);
        assert_eq!(Browser::from_spec("  : ", false), Browser::System);
        assert_eq!(Browser::System.argv("x"), None);
    }
}

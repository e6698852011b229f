//! Side effects that `update` asks for and the effect layer carries out
//! (`crate::open`, the state thread and the preview's renderer in the real
//! reader, a recorder in tests).

use super::preview::Job;
use crate::store::Change;

/// Something outside the reader's state to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Open an http(s) or mailto URL in the user's browser.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Write reading state (marks, stars, scroll positions, the place).
    Save(Vec<Change>),
    /// Fetch what is new for every subscription, in the background.
    Sync,
    /// Render an entry for the preview, off the UI thread; the result
    /// comes back as [`Action::Rendered`](super::Action::Rendered).
    Render(Box<Job>),
    /// Several of the above, in order.
    Many(Vec<Effect>),
}

/// The schemes folio hands to a browser; anything else is refused.
pub fn openable(url: &str) -> Result<(), String> {
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    match scheme.as_deref() {
        Some("http" | "https" | "mailto") => Ok(()),
        Some(s) => Err(format!("not opened: folio does not open {s}: links")),
        None => Err(format!("not opened: \"{url}\" is not a full URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(openable("https://example.org/").is_ok());
        assert!(openable("HTTP://example.org/").is_ok());
        assert!(openable("mailto:someone@example.org").is_ok());
        assert!(
            openable("javascript:alert(1)")
                .unwrap_err()
                .contains("javascript:")
        );
        assert!(openable("file:///etc/passwd").is_err());
        assert!(openable("data:text/html,hi").is_err());
        assert!(
            openable("/relative/path")
                .unwrap_err()
                .contains("not a full URL")
        );
    }
}

//! Colours and text styles. Every style degrades to bold/underline/
//! reverse without colour, so the reader works under NO_COLOR and on
//! 16-colour terminals (only the 16 basic colours are used).
//!
//! [`Theme::ELEMENTS`] names each style for the configuration file; the
//! default configuration is printed from it and [`Theme::new`].

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub selected_row: Style,
    pub dim: Style,
    pub date: Style,
    pub link_selected: Style,
    pub find_match: Style,
    pub find_current: Style,
    pub highlight: Style,
    pub status: Style,
    pub status_error: Style,
    pub prompt: Style,
    /// Rows of unread entries (bold, besides their marker).
    pub unread: Style,
    /// The star marker of starred entries.
    pub starred: Style,
}

impl Theme {
    /// The default theme, without colour when `color` is false.
    pub fn new(color: bool) -> Theme {
        let c = |style: Style, fg: Color| if color { style.fg(fg) } else { style };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            border: c(Style::new(), Color::DarkGray),
            border_focused: c(bold, Color::Cyan),
            title: bold,
            selected_row: reversed,
            dim: if color {
                Style::new().fg(Color::DarkGray)
            } else {
                Style::new().add_modifier(Modifier::DIM)
            },
            date: c(Style::new(), Color::Blue),
            link_selected: reversed.add_modifier(Modifier::BOLD),
            find_match: if color {
                Style::new().bg(Color::Yellow).fg(Color::Black)
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            },
            find_current: if color {
                Style::new()
                    .bg(Color::LightRed)
                    .fg(Color::Black)
                    .add_modifier(Modifier::BOLD)
            } else {
                reversed.add_modifier(Modifier::BOLD)
            },
            highlight: if color {
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
            } else {
                bold.add_modifier(Modifier::UNDERLINED)
            },
            status: reversed,
            status_error: if color {
                reversed.fg(Color::Red)
            } else {
                reversed.add_modifier(Modifier::BOLD)
            },
            prompt: bold,
            unread: bold,
            starred: c(bold, Color::Yellow),
        }
    }

    /// Every style by its name in the configuration file, with what it
    /// styles.
    pub const ELEMENTS: [(&str, &str); 15] = [
        ("border", "pane borders"),
        ("border-focused", "the border of the pane keys go to"),
        ("title", "pane titles and keys in the help"),
        ("selected-row", "the selected entry in the list"),
        ("dim", "secondary text: sites, hints"),
        ("date", "dates in the list"),
        ("unread", "unread entries in the list"),
        ("starred", "the star of starred entries"),
        ("link-selected", "the selected link in the body"),
        ("find-match", "matches of find in the body"),
        ("find-current", "the current match"),
        (
            "highlight",
            "search words in an entry opened from full-text results",
        ),
        ("status", "the status bar"),
        ("status-error", "error messages in the status bar"),
        ("prompt", "the search prompt"),
    ];

    /// The style named `name` in [`Theme::ELEMENTS`].
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "border" => &mut self.border,
            "border-focused" => &mut self.border_focused,
            "title" => &mut self.title,
            "selected-row" => &mut self.selected_row,
            "dim" => &mut self.dim,
            "date" => &mut self.date,
            "unread" => &mut self.unread,
            "starred" => &mut self.starred,
            "link-selected" => &mut self.link_selected,
            "find-match" => &mut self.find_match,
            "find-current" => &mut self.find_current,
            "highlight" => &mut self.highlight,
            "status" => &mut self.status,
            "status-error" => &mut self.status_error,
            "prompt" => &mut self.prompt,
            _ => return None,
        })
    }

    pub fn style(&self, name: &str) -> Option<Style> {
        self.clone().style_mut(name).map(|s| *s)
    }

    /// Colour unless NO_COLOR is set (to anything non-empty).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_has_a_style_and_every_style_a_name() {
        let mut t = Theme::new(true);
        for (name, _) in Theme::ELEMENTS {
            *t.style_mut(name).unwrap() = Style::new().fg(Color::Rgb(1, 2, 3));
        }
        assert!(t.style_mut("nonsense").is_none());
        // every field was reached by some name
        let all = Style::new().fg(Color::Rgb(1, 2, 3));
        let Theme {
            border,
            border_focused,
            title,
            selected_row,
            dim,
            date,
            link_selected,
            find_match,
            find_current,
            highlight,
            status,
            status_error,
            prompt,
            unread,
            starred,
        } = t;
        for s in [
            border,
            border_focused,
            title,
            selected_row,
            dim,
            date,
            link_selected,
            find_match,
            find_current,
            highlight,
            status,
            status_error,
            prompt,
            unread,
            starred,
        ] {
            assert_eq!(s, all);
        }
    }
}

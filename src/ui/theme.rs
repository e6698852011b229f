//! Colours and text styles. Every style degrades to bold/underline/
//! reverse without colour, so the reader works under NO_COLOR and on
//! 16-colour terminals (only the 16 basic colours are used).

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
        }
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

//! The renderer's styles, in one place so that the reader, `folio show`
//! and the tests agree on what a heading or a link looks like.
//!
//! Styles lean on modifiers (bold, italic, underline, dim) that every
//! terminal has; the one colour (code) is one of the 16 basic colours, and
//! [`super::Rendered::without_colour`] drops it for NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

/// The entry's title in the header.
pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Date, author, site, URL and reading time in the header.
pub fn meta() -> Style {
    Style::new()
}

/// Rules: under the header, `<hr>`, under first- and second-level headings.
pub fn rule() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// Headings of every level.
pub fn heading() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A link's anchor text.
pub fn link() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

/// A link's number after its anchor, `[3]`, and in the link list.
pub fn marker() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn emphasis() -> Style {
    Style::new().add_modifier(Modifier::ITALIC)
}

pub fn strong() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Inline code and preformatted blocks.
pub fn code() -> Style {
    Style::new().fg(Color::Cyan)
}

/// `[image: alt]`.
pub fn image() -> Style {
    Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM)
}

/// folio's own notes about what it left out: `[folio: …]`.
pub fn note() -> Style {
    Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM)
}

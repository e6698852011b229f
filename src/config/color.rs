//! Colours and styles as written in the configuration: `"cyan"`,
//! `"light-red"`, `"#1e90ff"`, `"208"` (the 256-colour palette), or a
//! table `{ fg = "black", bg = "yellow", bold = true }`.

use ratatui::style::{Color, Modifier, Style};

/// The 16 named colours (and `reset`), as the file spells them.
const NAMED: [(&str, Color); 17] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
    ("reset", Color::Reset),
];

/// Text attributes a style table may switch on.
pub const MODIFIERS: [(&str, Modifier); 5] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
];

pub const ALLOWED: &str = "a colour name (black, red, green, yellow, blue, magenta, cyan, gray, \
     darkgray, lightred, lightgreen, lightyellow, lightblue, lightmagenta, lightcyan, white, \
     reset), \"#rrggbb\", or a palette number 0–255";

/// Parses a colour; `-`, `_` and spaces in names are ignored, `grey` is
/// `gray`, `default` is `reset`.
pub fn parse_color(s: &str) -> Result<Color, String> {
    let name: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("grey", "gray");
    if let Some(&(_, c)) = NAMED.iter().find(|(n, _)| *n == name) {
        return Ok(c);
    }
    if name == "default" {
        return Ok(Color::Reset);
    }
    if let Some(hex) = name.strip_prefix('#') {
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Color::Rgb(byte(0), byte(2), byte(4)));
        }
    }
    if let Ok(n) = name.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    Err(format!("\"{s}\" is not a colour: use {ALLOWED}"))
}

/// The colour as [`parse_color`] reads it back.
pub fn color_name(c: Color) -> String {
    if let Some((n, _)) = NAMED.iter().find(|(_, x)| *x == c) {
        return (*n).to_owned();
    }
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => n.to_string(),
        _ => "reset".to_owned(),
    }
}

/// A style as an inline TOML table (`{ fg = "cyan", bold = true }`).
pub fn style_toml(s: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = s.fg {
        parts.push(format!("fg = \"{}\"", color_name(fg)));
    }
    if let Some(bg) = s.bg {
        parts.push(format!("bg = \"{}\"", color_name(bg)));
    }
    for (name, m) in MODIFIERS {
        if s.add_modifier.contains(m) {
            parts.push(format!("{name} = true"));
        }
    }
    if parts.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_hex_and_number() {
        assert_eq!(parse_color("cyan"), Ok(Color::Cyan));
        assert_eq!(parse_color("Light-Red"), Ok(Color::LightRed));
        assert_eq!(parse_color("dark_grey"), Ok(Color::DarkGray));
        assert_eq!(parse_color("#1E90ff"), Ok(Color::Rgb(0x1e, 0x90, 0xff)));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        assert_eq!(parse_color("default"), Ok(Color::Reset));
        for bad in ["purple-ish", "#12345", "#gggggg", "256", ""] {
            let e = parse_color(bad).unwrap_err();
            assert!(
                e.contains("is not a colour") && e.contains("#rrggbb"),
                "{e}"
            );
        }
    }

    #[test]
    fn names_read_back() {
        for (_, c) in NAMED {
            assert_eq!(parse_color(&color_name(c)), Ok(c));
        }
        for c in [Color::Rgb(1, 2, 255), Color::Indexed(17)] {
            assert_eq!(parse_color(&color_name(c)), Ok(c));
        }
        let s = Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED);
        assert_eq!(
            style_toml(s),
            "{ fg = \"black\", bg = \"yellow\", bold = true, reversed = true }"
        );
        assert_eq!(style_toml(Style::new()), "{}");
    }
}

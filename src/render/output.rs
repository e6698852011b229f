//! Writing rendered text to a stream: plain, or with ANSI styles (SGR
//! sequences) and hyperlinks (OSC 8, so that a terminal can open a link
//! when it is clicked). Those are the only escape sequences folio emits;
//! a document's own never reach the output (see `crate::safe`), and a
//! link's URL is given to OSC 8 only when it is printable ASCII with a
//! web or mail scheme.

use std::io::{self, Write};

use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthChar;

use super::Rendered;

/// Writes the lines as plain text, trailing spaces trimmed.
pub fn write_plain(r: &Rendered, out: &mut impl Write) -> io::Result<()> {
    let mut buf = String::new();
    for line in &r.lines {
        buf.clear();
        for span in &line.spans {
            buf.push_str(&span.content);
        }
        writeln!(out, "{}", buf.trim_end())?;
    }
    Ok(())
}

/// Writes the lines with their styles as ANSI SGR sequences, each styled
/// run closed by a reset so that nothing leaks past a line, and each
/// anchor as an OSC 8 hyperlink to its URL.
pub fn write_ansi(r: &Rendered, out: &mut impl Write) -> io::Result<()> {
    let mut buf = String::new();
    let mut anchors = r.spans.iter().peekable();
    for (line_no, line) in r.lines.iter().enumerate() {
        buf.clear();
        // The hyperlinks of this line: display columns and URL.
        let mut on_line: Vec<(usize, usize, &str)> = Vec::new();
        while let Some(a) = anchors.next_if(|a| a.line <= line_no) {
            if a.line == line_no {
                if let Some(url) = r
                    .link(a.number)
                    .map(|l| l.url.as_str())
                    .filter(|u| linkable(u))
                {
                    on_line.push((a.start, a.end, url));
                }
            }
        }
        let mut column = 0;
        let last = line
            .spans
            .iter()
            .rposition(|s| !s.content.trim_end().is_empty());
        for (i, span) in line.spans.iter().enumerate() {
            let Some(last) = last else { break };
            if i > last {
                break;
            }
            let text = if i == last {
                span.content.trim_end()
            } else {
                &span.content
            };
            let style = line.style.patch(span.style);
            let sgr = sgr(style);
            // Cut the span where hyperlinks start and end.
            let mut piece = String::new();
            let mut piece_url: Option<&str> = None;
            for c in text.chars() {
                let url = on_line
                    .iter()
                    .find(|(start, end, _)| (*start..*end).contains(&column))
                    .map(|(_, _, url)| *url);
                if url != piece_url && !piece.is_empty() {
                    push_styled(&mut buf, &piece, &sgr, piece_url);
                    piece.clear();
                }
                piece_url = url;
                piece.push(c);
                column += c.width().unwrap_or(0);
            }
            push_styled(&mut buf, &piece, &sgr, piece_url);
        }
        writeln!(out, "{buf}")?;
    }
    Ok(())
}

/// `text` with its SGR parameters (if any), as a hyperlink to `url` (if
/// any).
fn push_styled(buf: &mut String, text: &str, sgr: &str, url: Option<&str>) {
    if text.is_empty() {
        return;
    }
    if let Some(url) = url {
        buf.push_str("\x1b]8;;");
        buf.push_str(url);
        buf.push_str("\x1b\\");
    }
    if sgr.is_empty() {
        buf.push_str(text);
    } else {
        buf.push_str("\x1b[");
        buf.push_str(sgr);
        buf.push('m');
        buf.push_str(text);
        buf.push_str("\x1b[0m");
    }
    if url.is_some() {
        buf.push_str("\x1b]8;;\x1b\\");
    }
}

/// Whether `url` may be written into an OSC 8 sequence: a web or mail
/// URL of printable ASCII (no space, no control, nothing that could end
/// the sequence).
pub fn linkable(url: &str) -> bool {
    let scheme_ok = ["http://", "https://", "mailto:"].iter().any(|p| {
        url.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    });
    scheme_ok && url.len() <= 2048 && url.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// The SGR parameters for a style (`1;4` for bold underlined), empty for
/// the default style.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier - style.sub_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_owned());
        }
    }
    if let Some(c) = style.fg.and_then(|c| colour(c, false)) {
        codes.push(c);
    }
    if let Some(c) = style.bg.and_then(|c| colour(c, true)) {
        codes.push(c);
    }
    codes.join(";")
}

fn colour(c: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let basic = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match c {
        Color::Reset => None,
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};

    fn rendered(lines: Vec<Line<'static>>) -> Rendered {
        Rendered {
            lines,
            ..Rendered::default()
        }
    }

    #[test]
    fn plain_is_the_text_without_trailing_space() {
        let r = rendered(vec![
            Line::from(vec![
                Span::styled("bold", Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(" text   "),
            ]),
            Line::default(),
        ]);
        let mut out = Vec::new();
        write_plain(&r, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "bold text\n\n");
    }

    #[test]
    fn ansi_wraps_each_styled_run_in_sgr_and_reset() {
        let r = rendered(vec![Line::from(vec![
            Span::styled(
                "link",
                Style::new()
                    .add_modifier(Modifier::UNDERLINED)
                    .fg(Color::Cyan),
            ),
            Span::raw(" and "),
            Span::styled("[1]", Style::new().add_modifier(Modifier::DIM)),
            Span::styled("  ", Style::new().add_modifier(Modifier::DIM)),
        ])]);
        let mut out = Vec::new();
        write_ansi(&r, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\x1b[4;36mlink\x1b[0m and \x1b[2m[1]\x1b[0m\n"
        );
    }
}

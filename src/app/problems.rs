//! The `!` window's text: errors first (problems found at start, sources
//! a sync could not fetch, files that could not be read), then warnings
//! (files read with something skipped), each file's messages under its
//! path, wrapped to the window's width. Drawing styles these rows; update
//! scrolls them, and stops at the last page.

use super::layout;
use super::state::State;
use crate::load::{Severity, display_path};

/// What a row of the window is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// "2 errors", "1 warning".
    Heading,
    /// A file's path, above its messages.
    Path,
    Error,
    Warning,
    Blank,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub text: String,
}

/// Errors and warnings counted.
pub fn counts(s: &State) -> (usize, usize) {
    let mut errors = s.problems.len();
    let mut warnings = 0;
    for d in s.corpus.diagnostics() {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    (errors, warnings)
}

/// The window's rows, wrapped to `width` columns.
pub fn rows(s: &State, width: usize) -> Vec<Row> {
    let (errors, warnings) = counts(s);
    let mut out = Vec::new();
    for (severity, count) in [(Severity::Error, errors), (Severity::Warning, warnings)] {
        if count == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push(row(Kind::Blank, String::new()));
        }
        let (kind, one, many) = match severity {
            Severity::Error => (Kind::Error, "error", "errors"),
            Severity::Warning => (Kind::Warning, "warning", "warnings"),
        };
        let name = if count == 1 { one } else { many };
        out.push(row(Kind::Heading, format!("{count} {name}")));
        if severity == Severity::Error {
            for p in &s.problems {
                wrap(&mut out, kind, p, width, "  ", "    ");
            }
        }
        for f in &s.corpus.files {
            let mut messages = f.diagnostics.iter().filter(|d| d.severity == severity);
            let Some(first) = messages.next() else {
                continue;
            };
            wrap(
                &mut out,
                Kind::Path,
                &display_path(&f.path),
                width,
                "  ",
                "    ",
            );
            for d in std::iter::once(first).chain(messages) {
                let at = d
                    .position
                    .map(|(line, column)| format!("line {line}, column {column}: "))
                    .unwrap_or_default();
                let text = format!("{at}{}", d.message);
                wrap(&mut out, kind, &text, width, "    ", "      ");
            }
        }
    }
    out
}

/// The furthest the window scrolls at this terminal size.
pub fn max_scroll(s: &State) -> usize {
    let width = layout::overlay_width(s.width);
    let rows = rows(s, usize::from(width.saturating_sub(2))).len();
    layout::overlay_max_scroll(s.width, s.height, rows)
}

fn row(kind: Kind, text: String) -> Row {
    Row { kind, text }
}

/// `text` on one line, wrapped at `width` with an indent for the first
/// line and another for the rest.
fn wrap(out: &mut Vec<Row>, kind: Kind, text: &str, width: usize, first: &str, rest: &str) {
    let text = crate::safe::one_line(text);
    let options = textwrap::Options::new(width.max(rest.len() + 8))
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(&text, options) {
        out.push(row(kind, line.into_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::load::{Diagnostic, FileReport};

    fn state() -> State {
        let mut s = State::new(Corpus::default(), 60, 20);
        s.problems = vec!["config.toml line 3: reader.mosue is not a setting".into()];
        let warning = Diagnostic {
            severity: Severity::Warning,
            position: Some((12, 4)),
            ..Diagnostic::error("feed.xml", "an item without a title or a link was skipped")
        };
        s.corpus.files = vec![
            FileReport {
                path: "bad.json".into(),
                format: None,
                entries: 0,
                diagnostics: vec![Diagnostic::error(
                    "bad.json",
                    "not valid JSON: expected a value at line 1 column 1, and the rest of \
                     this message is long enough to need a second line",
                )],
            },
            FileReport {
                path: "feed.xml".into(),
                format: None,
                entries: 3,
                diagnostics: vec![warning],
            },
        ];
        s
    }

    #[test]
    fn errors_come_first_then_warnings_each_under_its_file_and_wrapped() {
        // Wrapped as textwrap's optimal fit does: even lines, words whole.
        let s = state();
        assert_eq!(counts(&s), (2, 1));
        let rows = rows(&s, 40);
        let text: Vec<(Kind, &str)> = rows.iter().map(|r| (r.kind, r.text.as_str())).collect();
        assert_eq!(
            text,
            [
                (Kind::Heading, "2 errors"),
                (Kind::Error, "  config.toml line 3: reader.mosue is"),
                (Kind::Error, "    not a setting"),
                (Kind::Path, "  bad.json"),
                (Kind::Error, "    not valid JSON: expected a value"),
                (Kind::Error, "      at line 1 column 1, and the rest"),
                (Kind::Error, "      of this message is long enough to"),
                (Kind::Error, "      need a second line"),
                (Kind::Blank, ""),
                (Kind::Heading, "1 warning"),
                (Kind::Path, "  feed.xml"),
                (Kind::Warning, "    line 12, column 4: an item without a"),
                (Kind::Warning, "      title or a link was skipped"),
            ]
        );
        assert!(rows.iter().all(|r| r.text.chars().count() <= 40));
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let mut s = state();
        // 13 rows in a window of 60 columns; a screen of 8 rows shows 4.
        s.height = 8;
        let rows = rows(&s, usize::from(layout::overlay_width(60) - 2)).len();
        assert_eq!(max_scroll(&s), rows - 4);
        s.height = 40;
        assert_eq!(max_scroll(&s), 0, "all on one page");
    }
}

//! The configuration file → [`Config`] and the [`Problem`]s found.
//!
//! The file is read with toml's spanned, recoverable parser, so a syntax
//! error in one place still lets the rest apply, and every problem names
//! its line. Each setting is checked alone: a wrong one keeps its default
//! and is reported; nothing is ever guessed.

use std::ops::Range;

use ratatui::style::Style;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::color::{self, MODIFIERS};
use super::{ColorMode, Config, Problem};
use crate::app::Command;
use crate::app::keymap::{KeyChord, Scope};
use crate::app::settings::DateFormat;
use crate::corpus::Sort;
use crate::ui::Theme;

/// What each section allows, for messages (and the default file).
pub const SECTIONS: [&str; 4] = ["reader", "browser", "keys", "colors"];
pub const READER_KEYS: [&str; 7] = [
    "color",
    "mouse",
    "hyperlinks",
    "sort",
    "list-width",
    "text-width",
    "date-format",
];
pub const BROWSER_KEYS: [&str; 2] = ["command", "in-terminal"];

/// The list pane's width when set: at least this…
pub const MIN_LIST_WIDTH: i64 = 24;
/// …and at most this (the text's width too).
pub const MAX_LIST_WIDTH: i64 = 500;
/// The narrowest text width that can be set (0 aside).
pub const MIN_TEXT_WIDTH: i64 = 20;

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses a configuration file's text. Never fails: what is wrong is
/// reported and left at its default.
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let mut p = Parser {
        text,
        config: Config::defaults(),
        problems: Vec::new(),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let message = e.message().trim().trim_end_matches('.').to_owned();
        p.problem(
            e.span(),
            String::new(),
            format!("not valid TOML: {message}"),
        );
    }
    for (key, value) in ordered(doc.get_ref()) {
        let name = key.get_ref().as_ref();
        match name {
            "reader" => p.reader(value),
            "browser" => p.browser(value),
            "keys" => p.keys(value),
            "colors" | "colours" => p.colors(name, value),
            _ => p.problem(
                Some(key.span()),
                name.to_owned(),
                format!(
                    "unknown section; the sections are {}",
                    SECTIONS.map(|s| format!("[{s}]")).join(", ")
                ),
            ),
        }
    }
    p.problems.sort_by_key(|pr| pr.line);
    (p.config, p.problems)
}

/// A table's entries in file order (the map itself sorts by name).
fn ordered<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<std::borrow::Cow<'i, str>>, &'a Value<'i>)> {
    let mut v: Vec<_> = table.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

struct Parser<'t> {
    text: &'t str,
    config: Config,
    problems: Vec<Problem>,
}

impl Parser<'_> {
    fn problem(&mut self, span: Option<Range<usize>>, key: String, message: String) {
        let line = span.map(|s| {
            1 + self.text.as_bytes()[..s.start.min(self.text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        });
        self.problems.push(Problem { line, key, message });
    }

    fn wrong_type(&mut self, key: &str, v: &Value, expected: &str) {
        let found = v.get_ref().type_str();
        self.problem(
            Some(v.span()),
            key.to_owned(),
            format!("must be {expected}, not a{} {found}", vowel(found)),
        );
    }

    fn table<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, v, &format!("a table ([{key}])"));
                None
            }
        }
    }

    fn string<'a>(&mut self, key: &str, v: &'a Value, expected: &str) -> Option<&'a str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(key, v, expected);
                None
            }
        }
    }

    /// A number of columns from `min` to `max`, or 0 (which means `zero`).
    fn columns(&mut self, key: &str, v: &Value, zero: &str, min: i64, max: i64) -> Option<u16> {
        let expected = format!("{zero} or a number of columns from {min} to {max}");
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                self.wrong_type(key, v, &expected);
                return None;
            }
        };
        match n {
            Some(n) if n == 0 || (min..=max).contains(&n) => u16::try_from(n).ok(),
            _ => {
                self.problem(
                    Some(v.span()),
                    key.to_owned(),
                    format!("must be {expected}"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, v: &Value) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "true or false");
                None
            }
        }
    }

    fn unknown_key(&mut self, section: &str, key: &Spanned<std::borrow::Cow<str>>, allowed: &str) {
        self.problem(
            Some(key.span()),
            format!("{section}.{}", key.get_ref()),
            format!("unknown setting; [{section}] takes {allowed}"),
        );
    }

    fn reader(&mut self, v: &Value) {
        let Some(t) = self.table("reader", v) else {
            return;
        };
        for (k, v) in ordered(t) {
            let key = format!("reader.{}", k.get_ref());
            match k.get_ref().as_ref() {
                "color" => {
                    let expected = format!("one of {}", quoted(&ColorMode::NAMES));
                    if let Some(s) = self.string(&key, v, &expected) {
                        match ColorMode::parse(s) {
                            Some(c) => self.config.color = c,
                            None => self.problem(
                                Some(v.span()),
                                key,
                                format!("\"{s}\" is not {expected}"),
                            ),
                        }
                    }
                }
                "mouse" => {
                    if let Some(b) = self.boolean(&key, v) {
                        self.config.mouse = b;
                    }
                }
                "hyperlinks" => {
                    if let Some(b) = self.boolean(&key, v) {
                        self.config.settings.hyperlinks = b;
                    }
                }
                "sort" => {
                    let names = Sort::ALL.map(Sort::name);
                    let expected = format!("one of {}", quoted(&names));
                    if let Some(s) = self.string(&key, v, &expected) {
                        match Sort::parse(s) {
                            Some(sort) => self.config.settings.sort = sort,
                            None => self.problem(
                                Some(v.span()),
                                key,
                                format!("\"{s}\" is not {expected}"),
                            ),
                        }
                    }
                }
                "list-width" => {
                    let (min, max) = (MIN_LIST_WIDTH, MAX_LIST_WIDTH);
                    if let Some(n) = self.columns(&key, v, "0 (automatic)", min, max) {
                        self.config.settings.list_width = (n > 0).then_some(n);
                    }
                }
                "text-width" => {
                    let (min, max) = (MIN_TEXT_WIDTH, MAX_LIST_WIDTH);
                    if let Some(n) = self.columns(&key, v, "0 (the pane's width)", min, max) {
                        self.config.settings.text_width = n;
                    }
                }
                "date-format" => {
                    let expected = "a strftime format such as \"%Y-%m-%d\" or \"%d %b %Y\"";
                    if let Some(s) = self.string(&key, v, expected) {
                        match DateFormat::new(s) {
                            Ok(f) => self.config.settings.date_format = f,
                            Err(e) => self.problem(Some(v.span()), key, e),
                        }
                    }
                }
                _ => self.unknown_key("reader", k, &READER_KEYS.join(", ")),
            }
        }
    }

    fn browser(&mut self, v: &Value) {
        let Some(t) = self.table("browser", v) else {
            return;
        };
        for (k, v) in ordered(t) {
            let key = format!("browser.{}", k.get_ref());
            match k.get_ref().as_ref() {
                "command" => {
                    let expected = "a command line such as \"firefox --new-tab %u\" (\"\" for $BROWSER or the system's opener)";
                    if let Some(s) = self.string(&key, v, expected) {
                        if s.trim().is_empty() {
                            self.config.browser = None;
                        } else if shell_words::split(s).is_err() {
                            self.problem(Some(v.span()), key, "has an unclosed quote".to_owned());
                        } else {
                            self.config.browser = Some(s.to_owned());
                        }
                    }
                }
                "in-terminal" => {
                    if let Some(b) = self.boolean(&key, v) {
                        self.config.browser_in_terminal = b;
                    }
                }
                _ => self.unknown_key("browser", k, &BROWSER_KEYS.join(", ")),
            }
        }
    }

    /// `[keys]`: `action = ["key", "list:key", …]`. An action with any bad
    /// key keeps its default keys; a key given to two actions in the same
    /// place stays with the first.
    fn keys(&mut self, v: &Value) {
        let Some(t) = self.table("keys", v) else {
            return;
        };
        let mut chosen: Vec<(Command, Vec<(Scope, KeyChord)>)> = Vec::new();
        for (k, v) in ordered(t) {
            let name = k.get_ref().as_ref();
            let key = format!("keys.{name}");
            let Some(command) = Command::from_name(name) else {
                let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
                self.problem(
                    Some(k.span()),
                    key,
                    format!("unknown action; the actions are {}", names.join(", ")),
                );
                continue;
            };
            let expected = "a list of keys such as [\"j\", \"down\", \"list:l\"] ([] unbinds)";
            let DeValue::Array(items) = v.get_ref() else {
                self.wrong_type(&key, v, expected);
                continue;
            };
            let mut keys = Vec::new();
            let mut ok = true;
            for item in items.iter() {
                let Some(s) = self.string(&key, item, expected) else {
                    ok = false;
                    continue;
                };
                match parse_binding(s) {
                    Ok(b) => keys.push(b),
                    Err(e) => {
                        self.problem(Some(item.span()), key.clone(), e);
                        ok = false;
                    }
                }
            }
            if !ok {
                continue;
            }
            let clash = keys.iter().find_map(|(scope, chord)| {
                chosen.iter().find_map(|(other, theirs)| {
                    theirs
                        .iter()
                        .any(|(s, c)| s == scope && c == chord)
                        .then_some((*other, *scope, *chord))
                })
            });
            if let Some((other, scope, chord)) = clash {
                let place = match scope {
                    Scope::Anywhere => String::new(),
                    s => format!(" in the {}", s.name()),
                };
                self.problem(
                    Some(v.span()),
                    key,
                    format!(
                        "\"{chord}\" is already bound to {}{place}; this action keeps its default keys",
                        other.name()
                    ),
                );
                continue;
            }
            chosen.push((command, keys));
        }
        for (command, keys) in chosen {
            self.config.settings.keymap.set(command, &keys);
        }
    }

    /// `[colors]`: `element = "colour"` (the text colour) or a style table.
    fn colors(&mut self, section: &str, v: &Value) {
        let Some(t) = self.table(section, v) else {
            return;
        };
        for (k, v) in ordered(t) {
            let name = k.get_ref().as_ref();
            let key = format!("{section}.{name}");
            if !Theme::ELEMENTS.iter().any(|(n, _)| *n == name) {
                let names: Vec<&str> = Theme::ELEMENTS.iter().map(|(n, _)| *n).collect();
                self.problem(
                    Some(k.span()),
                    key,
                    format!("unknown element; the elements are {}", names.join(", ")),
                );
                continue;
            }
            let style = match v.get_ref() {
                DeValue::String(s) => match color::parse_color(s) {
                    Ok(c) => Some(Style::new().fg(c)),
                    Err(e) => {
                        self.problem(Some(v.span()), key, e);
                        None
                    }
                },
                DeValue::Table(t) => self.style(&key, t),
                _ => {
                    self.wrong_type(
                        &key,
                        v,
                        "a colour (\"cyan\", \"#1e90ff\") or a table such as { fg = \"black\", bg = \"yellow\", bold = true }",
                    );
                    None
                }
            };
            if let Some(style) = style {
                self.config.colors.retain(|(n, _)| n != name);
                self.config.colors.push((name.to_owned(), style));
            }
        }
    }

    fn style(&mut self, key: &str, t: &DeTable) -> Option<Style> {
        let mut style = Style::new();
        let mut ok = true;
        for (k, v) in ordered(t) {
            let name = k.get_ref().as_ref();
            let sub = format!("{key}.{name}");
            match name {
                "fg" | "bg" => {
                    let Some(s) = self.string(&sub, v, color::ALLOWED) else {
                        ok = false;
                        continue;
                    };
                    match color::parse_color(s) {
                        Ok(c) if name == "fg" => style = style.fg(c),
                        Ok(c) => style = style.bg(c),
                        Err(e) => {
                            self.problem(Some(v.span()), sub, e);
                            ok = false;
                        }
                    }
                }
                _ => match MODIFIERS.iter().find(|(n, _)| *n == name) {
                    Some(&(_, m)) => match self.boolean(&sub, v) {
                        Some(true) => style = style.add_modifier(m),
                        Some(false) => {}
                        None => ok = false,
                    },
                    None => {
                        let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
                        self.problem(
                            Some(k.span()),
                            sub,
                            format!(
                                "unknown attribute; a style takes fg, bg, {}",
                                names.join(", ")
                            ),
                        );
                        ok = false;
                    }
                },
            }
        }
        ok.then_some(style)
    }
}

/// `"list:l"` → (List, l); `"j"` → (Anywhere, j).
fn parse_binding(s: &str) -> Result<(Scope, KeyChord), String> {
    let (scope, key) = match s.split_once(':') {
        Some(("list", k)) if !k.is_empty() => (Scope::List, k),
        Some(("body", k)) if !k.is_empty() => (Scope::Body, k),
        _ => (Scope::Anywhere, s),
    };
    let chord = KeyChord::parse(key)?;
    if chord == KeyChord::parse("ctrl-c")? {
        return Err("ctrl-c always quits and cannot be bound".into());
    }
    Ok((scope, chord))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn vowel(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "n"
    } else {
        ""
    }
}

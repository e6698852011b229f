//! The search syntax: what a person types → a typed [`Query`].
//!
//! ```text
//! norms cyber          both words (stemmed: "norm" finds "norms")
//! "exact phrase"       the words next to each other, in this order
//! cyber*               any word starting with "cyber"
//! -excluded            entries without the word (also -"a phrase", -kind:page)
//! title:norms  author:"Jochai Ben-Avie"  site:mozilla  tag:policy  (tags: too)
//! kind:workshop        post, page, workshop, feed-item, document
//! after:2012-09-01     on or after that day (YYYY, YYYY-MM, YYYY-MM-DD)
//! before:2013          strictly before that day (before:2013 = up to 2012-12-31)
//! ```
//!
//! Parsing never fails on a typo: what cannot be understood becomes a
//! [`Problem`] naming its column, and the rest is still searched (an
//! unknown field's words become plain words, an unbalanced quote searches
//! the rest as words, a bad date or kind is left out). Only when nothing
//! searchable remains is the result a [`QueryError`].
//!
//! This module knows nothing of tantivy: it only produces the typed query
//! that `compile` turns into index queries, so no raw user text ever
//! reaches tantivy's own query parser. Callers can add filters of their own
//! (the reading-state issue's `is:unread`) with [`Syntax::with_filter`];
//! they come back as [`Condition::Custom`] for the caller's predicate.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::Kind;

/// A parsed query: every clause must hold for an entry to match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// What was not understood and how it was read instead; shown to the
    /// user but not fatal.
    pub warnings: Vec<Problem>,
}

/// One condition of a query, possibly negated (`-word`).
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub condition: Condition,
    /// Where it was written, as a byte range of the query text.
    pub span: Range<usize>,
}

/// What a clause asks of an entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Text in a field, or in any searchable field when `None`.
    Text(Option<TextField>, Text),
    /// A kind by its name ([`Kind::as_str`], or a site's own post type):
    /// a name, so that a query never adds to the table of type names.
    Kind(String),
    /// Dated on or after this day.
    After(NaiveDate),
    /// Dated strictly before this day.
    Before(NaiveDate),
    /// A filter added with [`Syntax::with_filter`], for the caller to check.
    Custom(Custom),
}

/// The fields a text clause can be limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    Title,
    Author,
    Site,
    Tag,
}

/// Text to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// A word as typed; when the analyzer splits it (`Ben-Avie`), its parts
    /// must follow each other.
    Word(String),
    /// Words that must follow each other, in order.
    Phrase(String),
    /// The start of a word (`cyber*` is `Prefix("cyber")`).
    Prefix(String),
}

/// A caller-defined filter as written: `is:unread` is `{ field: "is", value: "unread" }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Custom {
    pub field: String,
    pub value: String,
}

/// Something in a query that could not be read as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the query text.
    pub span: Range<usize>,
    /// 1-based column (in characters) where it starts.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// A query with nothing searchable in it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    /// Why; empty when the query was blank.
    pub problems: Vec<Problem>,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            write!(f, "{p}; ")?;
        }
        write!(f, "nothing to search for")
    }
}

type Check = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// The query language: the built-in syntax plus any filters the caller adds.
#[derive(Clone, Default)]
pub struct Syntax {
    custom: Vec<(String, Check)>,
}

impl fmt::Debug for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.custom.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Syntax").field("custom", &names).finish()
    }
}

/// Parses with the built-in syntax only.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    Syntax::new().parse(input)
}

const FIELDS: &str = "title:, author:, site:, tag:, kind:, after:, before:";

impl Syntax {
    pub fn new() -> Syntax {
        Syntax::default()
    }

    /// Adds a field filter (`is:` for `is:unread`). `check` validates a
    /// value at parse time (`Err(reason)` leaves the clause out with a
    /// warning); the clause comes back as [`Condition::Custom`] and
    /// [`crate::search::SearchIndex::search_filtered`] asks the caller's
    /// predicate about each candidate entry. Built-in field names cannot be
    /// taken over.
    pub fn with_filter(
        mut self,
        field: &str,
        check: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
    ) -> Syntax {
        self.custom
            .push((field.to_ascii_lowercase(), Arc::new(check)));
        self
    }

    /// Parses `input`; see the module documentation for the syntax.
    pub fn parse(&self, input: &str) -> Result<Query, QueryError> {
        let mut p = Parse {
            syntax: self,
            s: input,
            pos: 0,
            query: Query::default(),
        };
        p.run();
        if p.query.clauses.is_empty() {
            Err(QueryError {
                problems: p.query.warnings,
            })
        } else {
            Ok(p.query)
        }
    }
}

struct Parse<'a> {
    syntax: &'a Syntax,
    s: &'a str,
    pos: usize,
    query: Query,
}

impl<'a> Parse<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn run(&mut self) {
        loop {
            while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
                self.pos += c.len_utf8();
            }
            if self.pos >= self.s.len() {
                break;
            }
            self.clause();
        }
    }

    fn clause(&mut self) {
        let start = self.pos;
        let mut negated = false;
        if self.peek() == Some('-') {
            let next = self.s[self.pos + 1..].chars().next();
            if next.is_some_and(|c| !c.is_whitespace()) {
                negated = true;
                self.pos += 1;
            }
        }
        if let Some(name_end) = field_name_end(&self.s[self.pos..]) {
            let name = self.s[self.pos..self.pos + name_end].to_ascii_lowercase();
            let name_start = self.pos;
            self.pos += name_end + 1;
            let (value, quoted) = self.value();
            let span = start..self.pos;
            self.field(negated, &name, &value, quoted, name_start, span);
            return;
        }
        if self.peek() == Some('"') {
            let (text, closed) = self.quoted();
            let span = start..self.pos;
            if closed {
                if has_word(&text) {
                    self.push(negated, Condition::Text(None, Text::Phrase(text)), span);
                }
            } else {
                self.warn(start, "unbalanced quote; searching the rest as words");
                self.words(negated, &text, None, span);
            }
            return;
        }
        let word = self.bare();
        let span = start..self.pos;
        self.text(negated, None, word, span);
    }

    /// A field's value: quoted, or the run of characters up to white space.
    fn value(&mut self) -> (String, bool) {
        if self.peek() == Some('"') {
            let quote = self.pos;
            let (text, closed) = self.quoted();
            if !closed {
                self.warn(quote, "unbalanced quote; reading the rest as the value");
            }
            (text, true)
        } else {
            (self.bare().to_owned(), false)
        }
    }

    /// Text between double quotes, the opening one at `pos`; whether closed.
    fn quoted(&mut self) -> (String, bool) {
        let from = self.pos + 1;
        match self.s[from..].find('"') {
            Some(len) => {
                self.pos = from + len + 1;
                (self.s[from..from + len].to_owned(), true)
            }
            None => {
                self.pos = self.s.len();
                (self.s[from..].to_owned(), false)
            }
        }
    }

    /// The run of characters up to white space or a quote.
    fn bare(&mut self) -> &'a str {
        let s = self.s;
        let from = self.pos;
        let len = s[from..]
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(s.len() - from);
        self.pos = from + len;
        &s[from..from + len]
    }

    fn field(
        &mut self,
        negated: bool,
        name: &str,
        value: &str,
        quoted: bool,
        name_start: usize,
        span: Range<usize>,
    ) {
        let s = self.s;
        let written = &s[name_start..span.end];
        let text_field = match name {
            "title" => Some(TextField::Title),
            "author" | "by" => Some(TextField::Author),
            "site" => Some(TextField::Site),
            "tag" | "tags" => Some(TextField::Tag),
            _ => None,
        };
        if value.trim().is_empty() {
            self.warn(name_start, format!("\"{name}:\" has no value; left out"));
            return;
        }
        if let Some(field) = text_field {
            if quoted {
                if has_word(value) {
                    self.push(
                        negated,
                        Condition::Text(Some(field), Text::Phrase(value.into())),
                        span,
                    );
                }
            } else {
                self.text(negated, Some(field), value, span);
            }
            return;
        }
        let condition = match name {
            "kind" => match kind_name(value) {
                Some(k) => Condition::Kind(k),
                None => {
                    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    self.warn(
                        name_start,
                        format!(
                            "\"{written}\": no such kind (kinds are {}, or a site's own post type); left out",
                            kinds.join(", ")
                        ),
                    );
                    return;
                }
            },
            "after" | "before" => match parse_day(value) {
                Some(day) if name == "after" => Condition::After(day),
                Some(day) => Condition::Before(day),
                None => {
                    self.warn(
                        name_start,
                        format!("\"{written}\": not a date (write YYYY-MM-DD); left out"),
                    );
                    return;
                }
            },
            _ => {
                let custom = self.syntax.custom.iter().find(|(n, _)| n == name).cloned();
                match custom {
                    Some((_, check)) => match check(value) {
                        Ok(()) => Condition::Custom(Custom {
                            field: name.to_owned(),
                            value: value.to_owned(),
                        }),
                        Err(reason) => {
                            self.warn(name_start, format!("\"{written}\": {reason}; left out"));
                            return;
                        }
                    },
                    None => {
                        self.unknown_field(negated, name_start, span, value, quoted);
                        return;
                    }
                }
            }
        };
        self.push(negated, condition, span);
    }

    /// `foo:bar` with no field `foo`: the words of both parts.
    fn unknown_field(
        &mut self,
        negated: bool,
        name_start: usize,
        span: Range<usize>,
        value: &str,
        quoted: bool,
    ) {
        let s = self.s;
        let name_end = name_start + s[name_start..].find(':').unwrap_or(0);
        let name = &s[name_start..name_end];
        // A URL (`https://…`) is not a field; search its words quietly.
        if quoted || !value.starts_with("//") {
            let mut known: Vec<String> = vec![FIELDS.to_owned()];
            known.extend(self.syntax.custom.iter().map(|(n, _)| format!("{n}:")));
            self.warn(
                name_start,
                format!(
                    "unknown field \"{name}:\" (fields are {}); searching its words",
                    known.join(", ")
                ),
            );
        }
        self.words(negated, name, None, span.clone());
        if quoted {
            if has_word(value) {
                self.push(
                    negated,
                    Condition::Text(None, Text::Phrase(value.into())),
                    span,
                );
            }
        } else {
            self.words(negated, value, None, span);
        }
    }

    /// A bare word: a prefix when it ends with `*`.
    fn text(&mut self, negated: bool, field: Option<TextField>, word: &str, span: Range<usize>) {
        let stem = word.trim_end_matches('*');
        if !has_word(stem) {
            return;
        }
        let text = if stem.len() < word.len() {
            Text::Prefix(stem.to_owned())
        } else {
            Text::Word(stem.to_owned())
        };
        self.push(negated, Condition::Text(field, text), span);
    }

    /// Every white-space separated word of `text`, each its own clause.
    fn words(&mut self, negated: bool, text: &str, field: Option<TextField>, span: Range<usize>) {
        for word in text.split_whitespace() {
            self.text(negated, field, word, span.clone());
        }
    }

    fn push(&mut self, negated: bool, condition: Condition, span: Range<usize>) {
        self.query.clauses.push(Clause {
            negated,
            condition,
            span,
        });
    }

    fn warn(&mut self, at: usize, message: impl Into<String>) {
        let column = self.s[..at].chars().count() + 1;
        self.query.warnings.push(Problem {
            span: at..self.pos.max(at),
            column,
            message: message.into(),
        });
    }
}

/// The length of a field name at the start of `s` when `s` starts with
/// one (ASCII letters, then `:`).
fn field_name_end(s: &str) -> Option<usize> {
    let len = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    (len > 0 && s[len..].starts_with(':')).then_some(len)
}

/// Whether `s` has something the analyzer keeps (a letter or a digit).
fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; partial dates mean their first day.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().split('-');
    let mut number = |len: std::ops::RangeInclusive<usize>| -> Option<Option<u32>> {
        match parts.next() {
            None => Some(None),
            Some(p) if len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
                Some(p.parse().ok())
            }
            Some(_) => None,
        }
    };
    let year = number(4..=4)??;
    let month = number(1..=2)?.unwrap_or(1);
    let day = number(1..=2)?.unwrap_or(1);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The name a `kind:` filter looks for: a built-in kind (by any of its
/// spellings), else what could be a site's own post type.
fn kind_name(value: &str) -> Option<String> {
    let lower = value.trim().to_ascii_lowercase();
    match Kind::builtin(&lower) {
        Some(kind) => Some(kind.as_str().to_owned()),
        None => crate::model::TypeName::is_valid(&lower).then_some(lower),
    }
}

#[cfg(test)]
mod tests;

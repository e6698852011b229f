//! Front matter: the block of fields at the top of a Markdown file, YAML
//! between `---` lines (closed by `---` or `...`) or TOML between `+++`
//! lines, as Jekyll, Hugo and most static-site generators write it.
//!
//! Both are read into one shape (a JSON object of strings, booleans, lists
//! and maps) and the fields folio uses are picked from it under the names
//! the generators use. A block that does not parse is reported with its
//! position; the caller then reads the text without it.

use serde_json::{Map, Value};

use crate::load::Problem;

/// The front matter's syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// A front matter block, not yet parsed.
#[derive(Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub syntax: Syntax,
    pub text: &'a str,
    /// The 1-based line of the document where `text` starts.
    pub line: usize,
}

/// Splits a document into its front matter block, if it has a closed one,
/// and the text after it.
pub fn split(doc: &str) -> (Option<Block<'_>>, &str) {
    let text = doc.strip_prefix('\u{feff}').unwrap_or(doc);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (None, text);
    };
    let (syntax, closers): (Syntax, &[&str]) = match first.trim_end() {
        "---" => (Syntax::Yaml, &["---", "..."]),
        "+++" => (Syntax::Toml, &["+++"]),
        _ => return (None, text),
    };
    let start = first.len();
    let mut at = start;
    for line in lines {
        if closers.contains(&line.trim_end()) {
            let block = Block {
                syntax,
                text: &text[start..at],
                line: 2,
            };
            return (Some(block), &text[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text)
}

/// Parses a block into its fields: `Ok(None)` when the block is not a set
/// of fields at all (a lone word between two rules), a problem with its
/// position in the document when it is invalid.
pub fn parse(block: &Block) -> Result<Option<Map<String, Value>>, Problem> {
    if block.syntax == Syntax::Yaml && too_much_yaml(block.text) {
        return Err(Problem {
            message: "the front matter is too large or too deeply nested to read; its fields \
                      are ignored"
                .to_owned(),
            position: Some((block.line, 1)),
        });
    }
    let value = match block.syntax {
        Syntax::Yaml => match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(block.text) {
            Ok(v) => from_yaml(v, 0),
            Err(e) => {
                let position = e
                    .location()
                    .map(|l| (l.line() + block.line - 1, l.column()));
                let reason = e.to_string();
                let reason = reason.split(" at line ").next().unwrap_or(&reason);
                return Err(problem("YAML", reason, position));
            }
        },
        Syntax::Toml => match block.text.parse::<toml::Table>() {
            Ok(t) => from_toml(toml::Value::Table(t), 0),
            Err(e) => {
                let position = e
                    .span()
                    .map(|s| line_column(block.text, s.start, block.line));
                let reason = e.message().trim().to_owned();
                return Err(problem("TOML", &reason, position));
            }
        },
    };
    match value {
        Value::Object(map) => Ok(Some(map)),
        Value::Null => Ok(Some(Map::new())),
        _ => Ok(None),
    }
}

/// libyaml's time grows with the square of the nesting of flow collections
/// (`[[[[…`: 100,000 of them take minutes), so YAML with more brackets than
/// any real front matter has, or more than a megabyte of it, is not parsed.
fn too_much_yaml(text: &str) -> bool {
    const MAX_BRACKETS: usize = 1000;
    const MAX_BYTES: usize = 1 << 20;
    text.len() > MAX_BYTES
        || text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() > MAX_BRACKETS
}

fn problem(syntax: &str, reason: &str, position: Option<(usize, usize)>) -> Problem {
    let reason = if reason.contains("recursion") {
        "nested too deeply"
    } else {
        reason
    };
    Problem {
        message: format!(
            "the front matter is not valid {syntax} ({reason}); its fields are ignored"
        ),
        position,
    }
}

fn line_column(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (first_line + line, column)
}

/// Values nested deeper than this are dropped (front matter is flat; the
/// parsers' own limits keep deeper input from reaching here anyway).
const MAX_NESTING: usize = 32;

/// YAML → the common shape: scalars become strings (booleans stay
/// booleans), tags are dropped, keys that are not scalars are skipped.
fn from_yaml(v: serde_yaml_ng::Value, depth: usize) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => Value::String(n.to_string()),
        Y::String(s) => Value::String(s),
        _ if depth >= MAX_NESTING => Value::Null,
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(|i| from_yaml(i, depth + 1)).collect())
        }
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let key = match from_yaml(k, MAX_NESTING) {
                        Value::String(s) => s,
                        Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, from_yaml(v, depth + 1)))
                })
                .collect(),
        ),
        Y::Tagged(t) => from_yaml(t.value, depth + 1),
    }
}

/// TOML → the common shape: dates become their RFC 3339 text.
fn from_toml(v: toml::Value, depth: usize) -> Value {
    use toml::Value as T;
    match v {
        T::String(s) => Value::String(s),
        T::Integer(i) => Value::String(i.to_string()),
        T::Float(f) => Value::String(f.to_string()),
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::String(d.to_string()),
        _ if depth >= MAX_NESTING => Value::Null,
        T::Array(items) => {
            Value::Array(items.into_iter().map(|i| from_toml(i, depth + 1)).collect())
        }
        T::Table(t) => Value::Object(
            t.into_iter()
                .map(|(k, v)| (k, from_toml(v, depth + 1)))
                .collect(),
        ),
    }
}

/// The fields folio reads, under the names generators give them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    /// Raw date texts, parsed by the caller.
    pub date: Option<String>,
    pub updated: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// An absolute URL, or a relative one already resolved against the
    /// front matter's `base_url`/`site_url`.
    pub url: Option<String>,
    pub site: Option<String>,
    /// `layout: page`.
    pub page: bool,
    /// Where the page moved (`redirect_to:`, jekyll-redirect-from).
    pub redirect: Option<String>,
}

impl Fields {
    pub fn from_map(map: &Map<String, Value>) -> Fields {
        // Keys compared without case: `Title`, `lastMod` and `LastMod` all occur.
        let get = |keys: &[&str]| -> Option<&Value> {
            keys.iter().find_map(|k| {
                map.iter()
                    .find(|(key, v)| key.eq_ignore_ascii_case(k) && !v.is_null())
                    .map(|(_, v)| v)
            })
        };
        let text = |keys: &[&str]| get(keys).and_then(text);
        let mut tags = Vec::new();
        for key in ["tags", "categories", "category", "keywords"] {
            tags.extend(get(&[key]).map(list).unwrap_or_default());
        }
        let authors = get(&["author", "authors"])
            .map(|v| {
                let names: Vec<String> = match v {
                    Value::Array(items) => items.iter().filter_map(name).collect(),
                    v => name(v).into_iter().collect(),
                };
                names
            })
            .unwrap_or_default();
        let base = text(&["base_url", "baseurl", "site_url"]);
        Fields {
            // Jekyll collections title some pages by `name`.
            title: text(&["title", "name"]),
            date: text(&[
                "date",
                "published",
                "publishdate",
                "pubdate",
                "published_at",
            ]),
            updated: text(&[
                "updated",
                "lastmod",
                "last_modified_at",
                "modified",
                "updated_at",
            ]),
            authors,
            tags,
            summary: text(&["summary", "description", "excerpt"]),
            url: ["url", "permalink", "canonical", "canonical_url"]
                .iter()
                .find_map(|k| absolute(&text(&[k])?, base.as_deref())),
            site: text(&["site", "blog"]),
            page: text(&["layout"]).is_some_and(|l| l.eq_ignore_ascii_case("page")),
            redirect: get(&["redirect_to"])
                .and_then(|v| match v {
                    Value::Array(items) => items.first().and_then(self::text),
                    v => self::text(v),
                })
                .and_then(|to| absolute(&to, base.as_deref()).or(Some(to))),
        }
    }
}

/// A string field, trimmed, non-empty.
fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A list field: a list, or one string of comma-separated items.
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::String(s) => s
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// An author: a name, or a map with a `name`.
fn name(v: &Value) -> Option<String> {
    match v {
        Value::Object(map) => map.get("name").and_then(text),
        v => text(v),
    }
}

/// `url` if absolute (http or https), else resolved against `base`; a
/// permalink pattern (`/:year/:title/`) is no URL.
fn absolute(url: &str, base: Option<&str>) -> Option<String> {
    if let Ok(u) = url::Url::parse(url) {
        return matches!(u.scheme(), "http" | "https").then(|| u.to_string());
    }
    if url.contains("/:") {
        return None;
    }
    let base = crate::urls::base(base?)?;
    let base = if base.path().ends_with('/') {
        base
    } else {
        // `site_url: https://x.org/blog` names a folder.
        crate::urls::base(&format!("{base}/"))?
    };
    base.join(url.trim_start_matches('/'))
        .ok()
        .map(String::from)
}

#[cfg(test)]
mod tests;

//! schema.org JSON-LD (`<script type="application/ld+json">`): what a page
//! says about itself in linked data, read leniently.
//!
//! Real pages put one object, an array, or a `@graph` of nodes that refer
//! to each other by `@id` (Yoast's author is `{"@id": …}` pointing at a
//! `Person` node). Names, dates and the publisher are followed through such
//! references. Anything that is not valid JSON, or not shaped as expected,
//! is skipped: linked data is a hint, never a reason to fail a page.

use std::collections::HashMap;

use serde_json::Value;

/// What the linked data of a page says, as strings not yet interpreted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkedData {
    /// Whether a node declares the page an article (`Article`,
    /// `BlogPosting`, `NewsArticle`, …).
    pub article: bool,
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// The publisher's name, else the `WebSite`'s.
    pub site: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub url: Option<String>,
}

/// Reads the JSON-LD scripts of a page (their texts, in order).
pub fn read(scripts: &[String]) -> LinkedData {
    let mut nodes: Vec<Value> = Vec::new();
    for script in scripts {
        if let Some(value) = parse_lenient(script) {
            collect_nodes(value, &mut nodes);
        }
    }
    let ids: HashMap<&str, &Value> = nodes
        .iter()
        .filter_map(|n| Some((n.get("@id")?.as_str()?, n)))
        .collect();
    let resolve = |v: &'_ Value| -> Value {
        match v
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|id| ids.get(id))
        {
            Some(node) if v.as_object().is_some_and(|o| o.len() == 1) => (*node).clone(),
            _ => v.clone(),
        }
    };

    let mut ld = LinkedData::default();
    let article = nodes.iter().find(|n| has_type(n, is_article_type));
    let page = nodes
        .iter()
        .find(|n| has_type(n, |t| t.ends_with("WebPage")));
    ld.article = article.is_some();
    if let Some(node) = article.or(page) {
        ld.headline = string(node, "headline").or_else(|| string(node, "name"));
        ld.published = string(node, "datePublished").or_else(|| string(node, "dateCreated"));
        ld.modified = string(node, "dateModified");
        ld.description = string(node, "description");
        ld.url = string(node, "url").or_else(|| {
            let main = resolve(node.get("mainEntityOfPage")?);
            main.as_str()
                .map(str::to_owned)
                .or_else(|| string(&main, "@id"))
        });
        for author in as_list(node.get("author")) {
            let author = resolve(author);
            let name = author
                .as_str()
                .map(str::to_owned)
                .or_else(|| string(&author, "name"));
            if let Some(name) = name.filter(|n| !ld.authors.contains(n)) {
                ld.authors.push(name);
            }
        }
        ld.keywords = match node.get("keywords") {
            Some(Value::String(s)) => s.split(',').map(|k| k.trim().to_owned()).collect(),
            other => as_list(other)
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect(),
        };
        ld.keywords.retain(|k| !k.is_empty());
        ld.site = node
            .get("publisher")
            .map(resolve)
            .and_then(|p| string(&p, "name"));
    }
    if ld.site.is_none() {
        ld.site = nodes
            .iter()
            .find(|n| has_type(n, |t| t == "WebSite"))
            .and_then(|n| string(n, "name"));
    }
    ld
}

/// Parses a script's JSON, tolerating what pages wrap it in (CDATA, HTML
/// comments) and raw line breaks inside strings.
fn parse_lenient(script: &str) -> Option<Value> {
    let mut s = script.trim();
    for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
        s = s.strip_prefix(open).unwrap_or(s);
        s = s.strip_suffix(close).unwrap_or(s).trim();
    }
    let s = s.trim_end_matches(';');
    serde_json::from_str(s).ok().or_else(|| {
        let flat = s.replace(['\n', '\r', '\t'], " ");
        serde_json::from_str(&flat).ok()
    })
}

/// The nodes of a JSON-LD value: itself, the items of an array, the nodes
/// of a `@graph`.
fn collect_nodes(value: Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => {
            for item in items {
                if item.is_object() {
                    collect_nodes(item, out);
                }
            }
        }
        Value::Object(mut map) => {
            if let Some(Value::Array(graph)) = map.remove("@graph") {
                out.extend(graph.into_iter().filter(Value::is_object));
            }
            if map.contains_key("@type") {
                out.push(Value::Object(map));
            }
        }
        _ => {}
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || t.ends_with("Posting") || t == "Report"
}

fn has_type(node: &Value, pred: impl Fn(&str) -> bool) -> bool {
    as_list(node.get("@type")).any(|t| {
        t.as_str()
            .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t))
            .is_some_and(&pred)
    })
}

/// A value that may be one item or an array of them, as items.
fn as_list(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let items: &[Value] = match value {
        Some(Value::Array(items)) => items,
        Some(v) => std::slice::from_ref(v),
        None => &[],
    };
    items.iter()
}

/// A string property (or the first string of an array), trimmed, non-empty.
fn string(node: &Value, key: &str) -> Option<String> {
    as_list(node.get(key))
        .find_map(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yoast_graph_with_references() {
        let ld = read(&[r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","@id":"https://x.example/#website","name":"X Blog"},
            {"@type":["Article","BlogPosting"],"@id":"https://x.example/p/#article",
             "headline":"The Post","datePublished":"2026-06-01T09:00:00+02:00",
             "dateModified":"2026-06-02T10:00:00+02:00",
             "author":[{"@id":"https://x.example/#/person/1"},"Second Author",{"name":"Third"}],
             "publisher":{"@id":"https://x.example/#org"},
             "mainEntityOfPage":{"@id":"https://x.example/p/"},
             "keywords":"norms, due diligence,"},
            {"@type":"Person","@id":"https://x.example/#/person/1","name":"Jane Roe"},
            {"@type":"Organization","@id":"https://x.example/#org","name":"X Lab"}]}"#
            .to_owned()]);
        assert!(ld.article);
        assert_eq!(ld.headline.as_deref(), Some("The Post"));
        assert_eq!(ld.authors, ["Jane Roe", "Second Author", "Third"]);
        assert_eq!(ld.published.as_deref(), Some("2026-06-01T09:00:00+02:00"));
        assert_eq!(ld.modified.as_deref(), Some("2026-06-02T10:00:00+02:00"));
        assert_eq!(ld.site.as_deref(), Some("X Lab"));
        assert_eq!(ld.url.as_deref(), Some("https://x.example/p/"));
        assert_eq!(ld.keywords, ["norms", "due diligence"]);
    }

    #[test]
    fn arrays_of_objects_and_the_website_name() {
        let ld = read(&[
            "not json at all {".to_owned(),
            r#"[{"@type":"BreadcrumbList"},{"@type":"WebSite","name":"Site"},
                {"@type":"NewsArticle","name":"Story","author":{"@type":"Person","name":"A"}}]"#
                .to_owned(),
        ]);
        assert!(ld.article);
        assert_eq!(ld.headline.as_deref(), Some("Story"));
        assert_eq!(ld.authors, ["A"]);
        assert_eq!(ld.site.as_deref(), Some("Site"));
    }

    #[test]
    fn wrapped_and_sloppy_json_is_read() {
        let ld = read(&[
            "<!--\n{\"@type\": \"BlogPosting\", \"headline\": \"Two\nlines\"};\n-->".to_owned(),
        ]);
        assert_eq!(ld.headline.as_deref(), Some("Two lines"));
    }

    #[test]
    fn bad_linked_data_is_ignored() {
        let deep = "[".repeat(100_000);
        for bad in [
            "",
            "null",
            "[1, 2]",
            r#"{"@type": 7, "author": {"@id": "missing"}}"#,
            r#"{"@type": "Article", "author": [[{"name": 1}]], "headline": ["", 3]}"#,
            &deep,
        ] {
            let ld = read(&[bad.to_owned()]);
            assert!(ld.authors.is_empty() && ld.headline.is_none(), "{bad:.40}");
        }
        let page = read(&[r#"{"@type":"WebPage","datePublished":"2020-01-01"}"#.to_owned()]);
        assert!(!page.article);
        assert_eq!(page.published.as_deref(), Some("2020-01-01"));
    }
}

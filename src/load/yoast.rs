//! What the Yoast SEO plugin adds to a WordPress REST response: the
//! author's name, the site's name and the canonical URL, which the REST
//! fields proper only give as numbers (`author: 1138`) when the response
//! was not embedded.
//!
//! Recent Yoast versions add `yoast_head_json` (already parsed JSON);
//! older ones only `yoast_head`, the HTML of the page's `<head>` additions,
//! read here with html5gum's tokenizer (a few dozen tags, no tree).

use html5gum::{Token, Tokenizer};
use serde_json::{Map, Value};

/// What Yoast says about a post, as written (entities not yet decoded).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub author: Option<String>,
    pub site: Option<String>,
    /// The canonical URL, else the `og:url`.
    pub canonical: Option<String>,
}

/// Reads `yoast_head_json` if the post has it, else `yoast_head`.
pub fn read(post: &Map<String, Value>) -> Meta {
    if let Some(json) = post.get("yoast_head_json").filter(|v| v.is_object()) {
        from_json(json)
    } else if let Some(head) = post.get("yoast_head").and_then(Value::as_str) {
        from_head(head)
    } else {
        Meta::default()
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn from_json(json: &Value) -> Meta {
    let schema = json.get("schema");
    let author = string(json.get("twitter_misc").and_then(|m| m.get("Written by")))
        .or_else(|| string(json.get("author")))
        .or_else(|| schema.and_then(schema_person));
    let site = string(json.get("og_site_name")).or_else(|| schema.and_then(schema_site));
    let canonical = string(json.get("canonical")).or_else(|| string(json.get("og_url")));
    Meta {
        author,
        site,
        canonical,
    }
}

/// The nodes of a schema.org `@graph` (or the one node without a graph).
fn graph(schema: &Value) -> impl Iterator<Item = &Value> {
    let nodes: &[Value] = match schema.get("@graph") {
        Some(Value::Array(nodes)) => nodes,
        _ => std::slice::from_ref(schema),
    };
    nodes.iter()
}

fn has_type(node: &Value, wanted: &str) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

/// The article's author: the Person its `author` points to, else the first
/// Person in the graph.
fn schema_person(schema: &Value) -> Option<String> {
    let author_id = graph(schema)
        .filter(|n| has_type(n, "Article") || has_type(n, "WebPage") || has_type(n, "BlogPosting"))
        .find_map(|n| n.get("author")?.get("@id")?.as_str());
    let people = || graph(schema).filter(|n| has_type(n, "Person"));
    let person = author_id
        .and_then(|id| people().find(|p| p.get("@id").and_then(Value::as_str) == Some(id)))
        .or_else(|| people().next())?;
    string(person.get("name"))
}

fn schema_site(schema: &Value) -> Option<String> {
    graph(schema)
        .filter(|n| has_type(n, "WebSite"))
        .find_map(|n| string(n.get("name")))
}

/// Reads the `<meta>`, `<link rel=canonical>` and JSON-LD of `yoast_head`.
fn from_head(head: &str) -> Meta {
    let mut meta = Meta::default();
    let mut labels: Vec<(String, String)> = Vec::new();
    let mut written_by_slot: Option<String> = None;
    let mut og_url = None;
    let mut schema: Option<Value> = None;
    let mut in_json_ld = false;
    let mut json_ld: Vec<u8> = Vec::new();
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(head, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let attr = |name: &[u8]| {
                    tag.attributes
                        .get(name)
                        .map(|v| String::from_utf8_lossy(&v.value).trim().to_owned())
                };
                in_json_ld = tag.name.as_slice() == b"script"
                    && attr(b"type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
                match tag.name.as_slice() {
                    b"meta" => {
                        let key = attr(b"property").or_else(|| attr(b"name"));
                        let (Some(key), Some(content)) = (key, attr(b"content")) else {
                            continue;
                        };
                        match key.as_str() {
                            "og:site_name" => meta.site = Some(content),
                            "og:url" => og_url = Some(content),
                            "author" => meta.author = meta.author.take().or(Some(content)),
                            k if k.starts_with("twitter:label") && content == "Written by" => {
                                written_by_slot = Some(k.replacen("label", "data", 1));
                            }
                            k if k.starts_with("twitter:data") => {
                                labels.push((k.to_owned(), content))
                            }
                            _ => {}
                        }
                    }
                    b"link"
                        if attr(b"rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                    {
                        meta.canonical = attr(b"href");
                    }
                    _ => {}
                }
            }
            // The tokenizer may hand over a script's text in pieces.
            Token::String(text) if in_json_ld && schema.is_none() => {
                json_ld.extend_from_slice(&text.value);
            }
            Token::EndTag(_) => {
                if in_json_ld && schema.is_none() {
                    schema = serde_json::from_slice(&json_ld).ok();
                }
                json_ld.clear();
                in_json_ld = false;
            }
            _ => {}
        }
    }
    let written_by = written_by_slot
        .and_then(|slot| labels.into_iter().find(|(k, _)| *k == slot).map(|(_, v)| v));
    meta.author = written_by
        .or(meta.author)
        .or_else(|| schema.as_ref().and_then(schema_person));
    meta.site = meta.site.or_else(|| schema.as_ref().and_then(schema_site));
    meta.canonical = meta.canonical.or(og_url);
    meta.author = meta.author.filter(|s| !s.is_empty());
    meta.site = meta.site.filter(|s| !s.is_empty());
    meta.canonical = meta.canonical.filter(|s| !s.is_empty());
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn post(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn json_twitter_misc_then_author_then_schema() {
        let m = read(&post(json!({"yoast_head_json": {
            "og_site_name": "Norms Lab",
            "canonical": "https://normslab.example.org/a/",
            "twitter_misc": {"Written by": "Ana Ruiz"},
            "author": "Someone Else"
        }})));
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.site.as_deref(), Some("Norms Lab"));
        assert_eq!(
            m.canonical.as_deref(),
            Some("https://normslab.example.org/a/")
        );

        let m = read(&post(
            json!({"yoast_head_json": {"author": "Tomás Ng", "og_url": "https://x.example/p"}}),
        ));
        assert_eq!(m.author.as_deref(), Some("Tomás Ng"));
        assert_eq!(m.canonical.as_deref(), Some("https://x.example/p"));
    }

    #[test]
    fn schema_graph_gives_the_articles_author_and_the_site() {
        let m = read(&post(json!({"yoast_head_json": {"schema": {"@graph": [
            {"@type": "Person", "@id": "#other", "name": "Not The Author"},
            {"@type": ["WebPage"], "author": {"@id": "#me"}},
            {"@type": ["Person", "Organization"], "@id": "#me", "name": "Ana Ruiz"},
            {"@type": "WebSite", "name": "Norms &amp; Labs"}
        ]}}})));
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.site.as_deref(), Some("Norms &amp; Labs"));
    }

    #[test]
    fn fields_of_the_wrong_type_are_ignored() {
        let m = read(&post(json!({"yoast_head_json": {
            "og_site_name": 7, "twitter_misc": [], "schema": {"@graph": "x"}, "canonical": null
        }})));
        assert_eq!(m, Meta::default());
        assert_eq!(
            read(&post(json!({"yoast_head_json": "x"}))),
            Meta::default()
        );
    }

    #[test]
    fn head_html_when_there_is_no_json() {
        let head = r#"<!-- Yoast -->
<title>A post - Norms Lab</title>
<link rel="canonical" href="https://normslab.example.org/2026/a/" />
<meta property="og:site_name" content="Norms Lab" />
<meta name="twitter:label1" content="Est. reading time" />
<meta name="twitter:data1" content="3 minutes" />
<meta name="twitter:label2" content="Written by" />
<meta name="twitter:data2" content="Ana Ruiz" />
<script type="application/ld+json" class="yoast-schema-graph">{"@graph":[{"@type":"WebSite","name":"From Schema"},{"@type":"Person","name":"Schema Person"}]}</script>"#;
        let m = read(&post(json!({ "yoast_head": head })));
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.site.as_deref(), Some("Norms Lab"));
        assert_eq!(
            m.canonical.as_deref(),
            Some("https://normslab.example.org/2026/a/")
        );

        let head = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"From Schema"},{"@type":"Person","name":"Schema Person"}]}</script>"#;
        let m = read(&post(json!({ "yoast_head": head })));
        assert_eq!(m.author.as_deref(), Some("Schema Person"));
        assert_eq!(m.site.as_deref(), Some("From Schema"));
    }
}

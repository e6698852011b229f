//! What a URL is, decided by what its server says and never by the URL's
//! looks: a WordPress site advertises its REST API (a `Link` header or a
//! `<link rel="https://api.w.org/">` on any page); a feed is a document the
//! loader reads as RSS, Atom or JSON Feed, or one a page advertises with
//! `<link rel="alternate">`; anything else is a page.

use url::Url;

use super::http::Response;
use crate::load::{self, Format};

/// The relation WordPress uses to point at its REST API root.
const WP_API: &str = "https://api.w.org/";

/// What a fetched URL turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A WordPress site with its REST API root (`…/wp-json/` or `…?rest_route=/`).
    Wordpress { api: Url },
    /// The response is a feed.
    Feed,
    /// The response is a page that advertises this feed.
    FeedAt(Url),
    /// Anything else, saved as it is.
    Page,
}

/// Reads a response to the URL the user gave.
pub fn what(response: &Response) -> Found {
    if let Some(api) = header_api(response) {
        return Found::Wordpress { api };
    }
    let format = format_of(response);
    match format {
        Some(Format::Feed | Format::JsonFeed | Format::Wxr) => return Found::Feed,
        Some(Format::Html) => {}
        _ if is_api_root(&response.body) => {
            return Found::Wordpress {
                api: response.url.clone(),
            };
        }
        _ => return Found::Page,
    }
    let text = String::from_utf8_lossy(&response.body);
    let tags = load::link_tags(&text);
    let href = |tag: &load::LinkTag| response.url.join(&tag.href).ok();
    if let Some(api) = tags
        .iter()
        .filter(|t| t.rel.iter().any(|r| r == WP_API))
        .find_map(href)
    {
        return Found::Wordpress { api };
    }
    let feed = tags.iter().find(|t| {
        t.rel.iter().any(|r| r == "alternate")
            && t.mime.as_deref().is_some_and(|m| {
                matches!(
                    m,
                    "application/rss+xml"
                        | "application/atom+xml"
                        | "application/feed+json"
                        | "application/json"
                )
            })
    });
    match feed.and_then(href) {
        Some(url) if matches!(url.scheme(), "http" | "https") => Found::FeedAt(url),
        _ => Found::Page,
    }
}

/// The format the loader would detect in this response's body.
pub fn format_of(response: &Response) -> Option<Format> {
    let source = load::Source {
        path: std::path::PathBuf::from(response.url.path()),
        id_base: String::new(),
        bytes: Some(std::borrow::Cow::Owned(response.body.clone())),
    };
    load::load_source(&source).1.format
}

/// The API root from `Link: <…>; rel="https://api.w.org/"` headers.
fn header_api(response: &Response) -> Option<Url> {
    response
        .links
        .iter()
        .flat_map(|value| split_links(value))
        .find(|(_, params)| {
            params.split(';').any(|p| {
                let Some((key, value)) = p.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|r| r == WP_API)
            })
        })
        .and_then(|(target, _)| response.url.join(target).ok())
}

/// `<a>; rel=x, <b>; rel="y z"` → `[("a", "; rel=x"), ("b", "; rel=\"y z\"")]`:
/// a target runs to its `>`, its parameters to the next `<`.
fn split_links(value: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let target = &rest[start + 1..start + len];
        rest = &rest[start + len + 1..];
        let params_end = rest.find('<').unwrap_or(rest.len());
        out.push((target.trim(), &rest[..params_end]));
        rest = &rest[params_end..];
    }
    out
}

/// JSON that is a WordPress API root index (its `namespaces` list `wp/v2`).
fn is_api_root(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Root {
        namespaces: Vec<String>,
    }
    serde_json::from_slice::<Root>(body).is_ok_and(|r| r.namespaces.iter().any(|n| n == "wp/v2"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::library::sources::Validators;

    fn response(url: &str, links: &[&str], body: &str) -> Response {
        Response {
            url: Url::parse(url).unwrap(),
            status: 200,
            validators: Validators::default(),
            content_type: None,
            links: links.iter().map(|s| s.to_string()).collect(),
            total_pages: None,
            total_items: None,
            location: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_link_header_names_the_api() {
        let r = response(
            "https://blog.example.org/2026/05/post/",
            &[
                "<https://blog.example.org/?p=4>; rel=shortlink, <https://blog.example.org/wp-json/>; rel=\"https://api.w.org/\"",
            ],
            "<html></html>",
        );
        assert_eq!(
            what(&r),
            Found::Wordpress {
                api: Url::parse("https://blog.example.org/wp-json/").unwrap()
            }
        );
    }

    #[test]
    fn a_link_element_names_the_api_even_without_pretty_permalinks() {
        let html = r#"<!doctype html><html><head><title>x</title>
            <link rel="alternate" type="application/rss+xml" href="/?feed=rss2">
            <link rel='https://api.w.org/' href='/?rest_route=/'></head><body></body></html>"#;
        let r = response("https://plain.example.org/", &[], html);
        assert_eq!(
            what(&r),
            Found::Wordpress {
                api: Url::parse("https://plain.example.org/?rest_route=/").unwrap()
            }
        );
    }

    #[test]
    fn a_page_advertising_a_feed_and_no_api_is_a_feed() {
        let html = r#"<html><head><link rel="alternate" type="application/atom+xml" href="feed.atom"></head></html>"#;
        let r = response("https://x.example/news/", &[], html);
        assert_eq!(
            what(&r),
            Found::FeedAt(Url::parse("https://x.example/news/feed.atom").unwrap())
        );
    }

    #[test]
    fn feeds_pages_and_api_roots_are_told_by_content() {
        let rss =
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>"#;
        assert_eq!(
            what(&response("https://x.example/page.html", &[], rss)),
            Found::Feed
        );
        let html = "<html><head><title>Workshops</title></head><body><h1>x</h1></body></html>";
        assert_eq!(
            what(&response("https://x.example/feed.xml", &[], html)),
            Found::Page
        );
        let root = r#"{"name":"Site","namespaces":["oembed/1.0","wp/v2"],"routes":{}}"#;
        assert!(matches!(
            what(&response("https://x.example/wp-json/", &[], root)),
            Found::Wordpress { .. }
        ));
    }
}

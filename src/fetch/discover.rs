//! What a URL is, decided by what its server says: a WordPress site
//! advertises its REST API (a `Link` header or a `<link
//! rel="https://api.w.org/">` on any page); a feed is a document the loader
//! reads as RSS, Atom or JSON Feed, or one a page advertises with `<link
//! rel="alternate">`; anything else is a page.
//!
//! A URL that is a feed is that feed, even on a WordPress site (which sends
//! its API's `Link` header with feeds too): only the site's main feed
//! (`/feed/`, `?feed=rss2`) stands for the whole archive, as any page of
//! the site does. A category, tag or author archive (its feed or its page)
//! stands for that archive's posts, which WordPress names in the same
//! response (`Link: <…/wp/v2/categories/5>; rel="alternate"`); any other
//! feed (comments, a search, a custom taxonomy) is followed as a feed.

use url::Url;

use super::http::Response;
use super::library::sources::filter_for_route;
use crate::load::{self, Format};

/// The relation WordPress uses to point at its REST API root.
const WP_API: &str = "https://api.w.org/";

/// What a fetched URL turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A WordPress site with its REST API root (`…/wp-json/` or
    /// `…?rest_route=/`), and the filter of a category, tag or author feed
    /// (`categories=5`).
    Wordpress { api: Url, filter: Option<String> },
    /// The response is a feed.
    Feed,
    /// The response is a page that advertises this feed.
    FeedAt(Url),
    /// Anything else, saved as it is.
    Page,
}

/// Reads a response to the URL the user gave.
pub fn what(response: &Response) -> Found {
    let format = format_of(response);
    let feed = matches!(format, Some(Format::Feed | Format::JsonFeed | Format::Wxr));
    if let Some(api) = header_api(response) {
        // A category's, tag's or author's archive (its page or its feed):
        // that archive's posts.
        let filter = header_resource(response, &api).and_then(|r| filter_for_route(&r));
        return match filter {
            Some(filter) => Found::Wordpress {
                api,
                filter: Some(filter),
            },
            None if !feed || is_main_feed(&response.url, &api) => {
                Found::Wordpress { api, filter: None }
            }
            None => Found::Feed,
        };
    }
    match format {
        _ if feed => return Found::Feed,
        Some(Format::Html) => {}
        _ if is_api_root(&response.body) => {
            return Found::Wordpress {
                api: response.url.clone(),
                filter: None,
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
        return Found::Wordpress { api, filter: None };
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
    header_link(response, WP_API)
}

/// The first `Link` header target with relation `rel`, made absolute.
fn header_link(response: &Response, rel: &str) -> Option<Url> {
    response
        .links
        .iter()
        .flat_map(|value| split_links(value))
        .find(|(_, params)| {
            param(params, "rel").is_some_and(|v| v.split_ascii_whitespace().any(|r| r == rel))
        })
        .and_then(|(target, _)| response.url.join(target).ok())
}

/// The value of `key` among a link's `; key=value` parameters.
fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_end_matches(',').trim().trim_matches('"'))
    })
}

/// The REST route of what a WordPress response shows (`wp/v2/categories/5`
/// for a category's archive or feed), from its `rel="alternate"` JSON link.
fn header_resource(response: &Response, api: &Url) -> Option<String> {
    let target = header_link(response, "alternate")?;
    if let Some(route) = target.query_pairs().find(|(k, _)| k == "rest_route") {
        return Some(route.1.trim_matches('/').to_owned());
    }
    let root = api.path().trim_end_matches('/');
    let route = target.path().strip_prefix(root)?.strip_prefix('/')?;
    (target.host_str() == api.host_str()).then(|| route.trim_matches('/').to_owned())
}

/// Whether `feed` is the main feed of the site whose API is at `api`:
/// `/feed/` (or `/feed/atom/`, …) under the site's home, or `?feed=rss2`.
fn is_main_feed(feed: &Url, api: &Url) -> bool {
    let path = api.path();
    let home = path.find("/wp-json").map_or(path, |at| &path[..=at]);
    let Some(rest) = feed.path().strip_prefix(home) else {
        return false;
    };
    let rest = rest.trim_matches('/');
    let query: Vec<_> = feed.query_pairs().collect();
    let pretty = matches!(
        rest,
        "feed" | "feed/rss2" | "feed/atom" | "feed/rss" | "feed/rdf"
    );
    let home_page = rest.is_empty() || rest == "index.php";
    (pretty && query.is_empty()) || (home_page && query.len() == 1 && query[0].0 == "feed")
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
                api: Url::parse("https://blog.example.org/wp-json/").unwrap(),
                filter: None
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
                api: Url::parse("https://plain.example.org/?rest_route=/").unwrap(),
                filter: None
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

    #[test]
    fn a_feed_url_is_that_feed() {
        let rss =
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>"#;
        let api = "<https://w.example/blog/wp-json/>; rel=\"https://api.w.org/\"";
        let whole = |url: &str| {
            what(&response(url, &[api], rss))
                == Found::Wordpress {
                    api: Url::parse("https://w.example/blog/wp-json/").unwrap(),
                    filter: None,
                }
        };
        assert!(whole("https://w.example/blog/feed/"));
        assert!(whole("https://w.example/blog/feed/atom/"));
        assert!(whole("https://w.example/blog/?feed=rss2"));
        assert!(whole("https://w.example/blog/index.php?feed=atom"));
        assert!(!whole("https://w.example/blog/comments/feed/"));
        assert_eq!(
            what(&response(
                "https://w.example/blog/comments/feed/",
                &[api],
                rss
            )),
            Found::Feed
        );
        assert_eq!(
            what(&response(
                "https://w.example/blog/?s=x&feed=rss2",
                &[api],
                rss
            )),
            Found::Feed
        );
        let category = [
            api,
            "<https://w.example/blog/wp-json/wp/v2/categories/5>; rel=\"alternate\"; type=\"application/json\"",
        ];
        assert_eq!(
            what(&response(
                "https://w.example/blog/category/research/feed/",
                &category,
                rss
            )),
            Found::Wordpress {
                api: Url::parse("https://w.example/blog/wp-json/").unwrap(),
                filter: Some("categories=5".into()),
            }
        );
        // A custom taxonomy's feed is followed as the feed.
        let track = [
            api,
            "<https://w.example/blog/wp-json/wp/v2/track/3>; rel=\"alternate\"; type=\"application/json\"",
        ];
        assert_eq!(
            what(&response(
                "https://w.example/blog/track/ml/feed/",
                &track,
                rss
            )),
            Found::Feed
        );
    }
}

//! A small WordPress for fetching tests, served by [`super::http::Server`]:
//! the REST API's `/wp/v2/types` and collection routes with `per_page`,
//! `page`, `modified_after` (or, like WordPress before 5.7, ignoring it),
//! `orderby=modified`, `_embed`ded authors and the `X-WP-Total*` headers;
//! pretty permalinks (`/wp-json/…`, advertised by a `Link` header) or not
//! (`?rest_route=/…`, advertised by a `<link>` element only).

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use serde_json::json;

use super::http::{Reply, Request};

#[derive(Debug, Clone)]
pub struct Post {
    pub id: serde_json::Value,
    /// The post type's slug (`post`, `page`, `session`).
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub modified: String,
    pub content: String,
    pub author: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub posts: Vec<Post>,
    pub pretty: bool,
    /// Whether `modified_after` is understood (WordPress 5.7 and later).
    pub modified_after: bool,
    /// Post types beyond posts, pages, media and blocks: (slug, rest_base).
    pub types: Vec<(String, String)>,
}

/// `2020-01-01T00:00:00` plus `n` hours.
pub fn stamp(n: u64) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (start + chrono::Duration::hours(n as i64))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

impl Post {
    pub fn new(id: u64, kind: &str) -> Post {
        Post {
            id: json!(id),
            kind: kind.to_owned(),
            slug: format!("{kind}-{id}"),
            title: format!("{kind} number {id}"),
            date: stamp(id),
            modified: stamp(id),
            content: format!("<p>The body of {kind} {id}.</p>"),
            author: "Ines Okafor".into(),
        }
    }
}

impl Site {
    /// `posts` posts (ids 1…), newest last by id.
    pub fn new(posts: u64) -> Site {
        Site {
            posts: (1..=posts).map(|id| Post::new(id, "post")).collect(),
            pretty: true,
            modified_after: true,
            types: Vec::new(),
        }
    }

    /// The newest `modified` of the site, plus `hours`.
    pub fn later(&self, hours: u64) -> String {
        let n = self.posts.len() as u64 + 10_000 + hours;
        stamp(n)
    }

    fn base_of(&self, kind: &str) -> String {
        match kind {
            "post" => "posts".into(),
            "page" => "pages".into(),
            other => self
                .types
                .iter()
                .find(|(slug, _)| slug == other)
                .map(|(_, base)| base.clone())
                .unwrap_or_else(|| format!("{other}s")),
        }
    }
}

/// A handler serving `site` (which a test may change between syncs).
pub fn serve(site: Arc<Mutex<Site>>) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    move |req: &Request| {
        let site = site.lock().unwrap().clone();
        let host = req.header("host").unwrap_or("127.0.0.1").to_owned();
        let route = if site.pretty {
            req.path().strip_prefix("/wp-json").map(str::to_owned)
        } else {
            req.query("rest_route")
        };
        match route.as_deref() {
            None => home(&site, &host),
            Some("/" | "") => Reply::json(r#"{"name":"Site","namespaces":["wp/v2"]}"#),
            Some("/wp/v2/types") => types(&site),
            Some(route) => match route.strip_prefix("/wp/v2/") {
                Some(base) => collection(&site, &host, base, req),
                None => Reply::new(404, r#"{"code":"rest_no_route"}"#),
            },
        }
    }
}

fn home(site: &Site, host: &str) -> Reply {
    let api = if site.pretty {
        format!("http://{host}/wp-json/")
    } else {
        format!("http://{host}/?rest_route=/")
    };
    let html = format!(
        "<!doctype html><html><head><title>Site</title>\
         <link rel=\"https://api.w.org/\" href=\"{api}\"></head>\
         <body><h1>Site</h1></body></html>"
    );
    let reply = Reply::html(html);
    if site.pretty {
        reply.header("Link", format!("<{api}>; rel=\"https://api.w.org/\""))
    } else {
        reply
    }
}

fn types(site: &Site) -> Reply {
    let mut types = serde_json::Map::new();
    for (slug, base) in [
        ("post", "posts"),
        ("page", "pages"),
        ("attachment", "media"),
        ("wp_block", "blocks"),
    ]
    .into_iter()
    .map(|(s, b)| (s.to_owned(), b.to_owned()))
    .chain(site.types.iter().cloned())
    {
        types.insert(
            slug.clone(),
            json!({"slug": slug, "rest_base": base, "rest_namespace": "wp/v2", "name": slug}),
        );
    }
    Reply::json(serde_json::Value::Object(types).to_string())
}

fn collection(site: &Site, host: &str, base: &str, req: &Request) -> Reply {
    let mut items: Vec<&Post> = site
        .posts
        .iter()
        .filter(|p| site.base_of(&p.kind) == base)
        .collect();
    if site.modified_after {
        if let Some(after) = req.query("modified_after") {
            items.retain(|p| p.modified > after);
        }
    }
    if req.query("orderby").as_deref() == Some("modified") {
        items.sort_by(|a, b| b.modified.cmp(&a.modified));
    } else {
        items.sort_by(|a, b| b.date.cmp(&a.date));
    }
    let per_page: usize = req
        .query("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    if per_page > 100 {
        return Reply::new(400, r#"{"code":"rest_invalid_param"}"#);
    }
    let page: usize = req.query("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let total = items.len();
    let pages = total.div_ceil(per_page);
    if page > pages.max(1) {
        return Reply::new(400, r#"{"code":"rest_post_invalid_page_number"}"#);
    }
    let body: Vec<serde_json::Value> = items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|p| item(p, host))
        .collect();
    Reply::json(serde_json::Value::Array(body).to_string())
        .header("X-WP-Total", total.to_string())
        .header("X-WP-TotalPages", pages.to_string())
}

pub fn item(p: &Post, host: &str) -> serde_json::Value {
    json!({
        "id": p.id,
        "date": p.date,
        "date_gmt": p.date,
        "modified": p.modified,
        "modified_gmt": p.modified,
        "slug": p.slug,
        "status": "publish",
        "type": p.kind,
        "link": format!("http://{host}/{}/{}/", p.kind, p.slug),
        "title": {"rendered": p.title},
        "content": {"rendered": p.content, "protected": false},
        "excerpt": {"rendered": ""},
        "author": 7,
        "_embedded": {"author": [{"id": 7, "name": p.author}]}
    })
}

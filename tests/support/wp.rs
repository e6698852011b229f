//! A small WordPress for fetching tests, served by [`super::http::Server`]:
//! the REST API's root (the site's name), `/wp/v2/types` and collection
//! routes with `per_page`, `page`, `modified_after` (or, like WordPress
//! before 5.7, ignoring it), `orderby=modified|date`, `include`,
//! `categories`/`tags`/`author`, `_fields`, `_embed`ded authors and terms
//! (`wp:term`, one list per taxonomy) and the `X-WP-Total*` headers;
//! pretty permalinks (`/wp-json/…`, advertised by a `Link` header) or not
//! (`?rest_route=/…`, advertised by a `<link>` element only).
//!
//! As WordPress does, a collection lists only published items: a post
//! scheduled (`future`), trashed, private or a draft is not there, and the
//! scheduler publishes a post by changing its status alone (`modified`
//! stays). Feeds: the main one (`/feed/`), a category's
//! (`/category/SLUG/feed/`, whose `Link` header names the category's REST
//! route as `rel="alternate"`, as `rest_output_link_header` does) and the
//! comments feed (`/comments/feed/`, each comment's link its post's with
//! `#comment-N`).

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
    pub excerpt: String,
    pub author: String,
    /// `publish`, `future`, `trash`, `private` or `draft`.
    pub status: String,
    /// (taxonomy, term id, name): `category`, `post_tag` or a custom one.
    pub terms: Vec<(String, u64, String)>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub post: u64,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub posts: Vec<Post>,
    pub pretty: bool,
    /// Whether `modified_after` is understood (WordPress 5.7 and later).
    pub modified_after: bool,
    /// Post types beyond posts, pages, media and blocks: (slug, rest_base).
    pub types: Vec<(String, String)>,
    /// The site's name, as the REST root and the feeds give it.
    pub name: String,
    pub comments: Vec<Comment>,
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
            excerpt: String::new(),
            author: "Ines Okafor".into(),
            status: "publish".into(),
            terms: Vec::new(),
        }
    }

    fn has_term(&self, taxonomy: &str, id: u64) -> bool {
        self.terms.iter().any(|(t, i, _)| t == taxonomy && *i == id)
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
            name: "Site".into(),
            comments: Vec::new(),
        }
    }

    pub fn post(&mut self, id: u64) -> &mut Post {
        self.posts
            .iter_mut()
            .find(|p| p.id == json!(id))
            .expect("a post of the site")
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
            None if req.path().ends_with("/feed/") => feed(&site, &host, req.path()),
            None => home(&site, &host),
            Some("/" | "") => {
                Reply::json(json!({"name": site.name, "namespaces": ["wp/v2"]}).to_string())
            }
            Some("/wp/v2/types") => types(&site),
            Some(route) => match route.strip_prefix("/wp/v2/") {
                Some(base) => collection(&site, &host, base, req),
                None => Reply::new(404, r#"{"code":"rest_no_route"}"#),
            },
        }
    }
}

fn api_root(site: &Site, host: &str) -> String {
    if site.pretty {
        format!("http://{host}/wp-json/")
    } else {
        format!("http://{host}/?rest_route=/")
    }
}

/// The main feed, a category's, or the comments feed, with WordPress's
/// `Link` headers.
fn feed(site: &Site, host: &str, path: &str) -> Reply {
    let api = api_root(site, host);
    let link = format!("<{api}>; rel=\"https://api.w.org/\"");
    let published = |p: &&Post| p.status == "publish" && p.kind == "post";
    let item = |title: &str, link: &str, guid: &str, text: &str| {
        format!(
            "<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>\
             <description>{text}</description><pubDate>Mon, 07 Dec 2026 10:00:00 +0000</pubDate></item>"
        )
    };
    let post_item = |p: &Post| {
        item(
            &p.title,
            &format!("http://{host}/{}/{}/", p.kind, p.slug),
            &format!("http://{host}/?p={}", p.id),
            &p.content,
        )
    };
    let (title, items, alternate) = if path == "/feed/" {
        let items: Vec<String> = site
            .posts
            .iter()
            .filter(published)
            .take(10)
            .map(post_item)
            .collect();
        (site.name.clone(), items, None)
    } else if path == "/comments/feed/" {
        let items = site
            .comments
            .iter()
            .map(|c| {
                let post = site.posts.iter().find(|p| p.id == json!(c.post)).unwrap();
                let url = format!(
                    "http://{host}/{}/{}/#comment-{}",
                    post.kind, post.slug, c.id
                );
                item(
                    &format!("Comment on {} by {}", post.title, c.author),
                    &url,
                    &url,
                    &c.text,
                )
            })
            .collect();
        (format!("Comments for {}", site.name), items, None)
    } else if let Some(slug) = path
        .strip_prefix("/category/")
        .and_then(|p| p.strip_suffix("/feed/"))
    {
        let Some((id, name)) = site
            .posts
            .iter()
            .flat_map(|p| &p.terms)
            .find(|(t, _, name)| t == "category" && name.to_lowercase() == slug)
            .map(|(_, id, name)| (*id, name.clone()))
        else {
            return Reply::new(404, "no such category");
        };
        let items = site
            .posts
            .iter()
            .filter(published)
            .filter(|p| p.has_term("category", id))
            .take(10)
            .map(post_item)
            .collect();
        let route = if site.pretty {
            format!("http://{host}/wp-json/wp/v2/categories/{id}")
        } else {
            format!("http://{host}/?rest_route=/wp/v2/categories/{id}")
        };
        (format!("{} » {name}", site.name), items, Some(route))
    } else {
        return Reply::new(404, "no such feed");
    };
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>http://{host}/</link>{}</channel></rss>",
        items.join("")
    );
    let reply = Reply::new(200, rss)
        .header("Content-Type", "application/rss+xml; charset=UTF-8")
        .header("Link", link);
    match alternate {
        Some(route) => reply.header(
            "Link",
            format!("<{route}>; rel=\"alternate\"; type=\"application/json\""),
        ),
        None => reply,
    }
}

fn home(site: &Site, host: &str) -> Reply {
    let api = api_root(site, host);
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
        .filter(|p| site.base_of(&p.kind) == base && p.status == "publish")
        .collect();
    if let Some(include) = req.query("include") {
        let ids: Vec<serde_json::Value> = include
            .split(',')
            .filter_map(|i| i.parse::<u64>().ok())
            .map(|i| json!(i))
            .collect();
        items.retain(|p| ids.contains(&p.id));
    }
    for (param, taxonomy) in [("categories", "category"), ("tags", "post_tag")] {
        if let Some(id) = req.query(param).and_then(|v| v.parse().ok()) {
            items.retain(|p| p.has_term(taxonomy, id));
        }
    }
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
    let fields: Option<Vec<String>> = req
        .query("_fields")
        .map(|f| f.split(',').map(str::to_owned).collect());
    let body: Vec<serde_json::Value> = items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|p| {
            let full = item(p, host);
            match &fields {
                Some(fields) => {
                    let kept: serde_json::Map<String, serde_json::Value> = full
                        .as_object()
                        .unwrap()
                        .iter()
                        .filter(|(k, _)| fields.contains(k))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    serde_json::Value::Object(kept)
                }
                None => full,
            }
        })
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
        "excerpt": {"rendered": p.excerpt},
        "author": 7,
        "_embedded": embedded(p)
    })
}

/// `_embedded`: the author, and the terms as WordPress embeds them (one
/// list per taxonomy of the type).
fn embedded(p: &Post) -> serde_json::Value {
    let mut taxonomies: Vec<&str> = p.terms.iter().map(|(t, _, _)| t.as_str()).collect();
    taxonomies.dedup();
    if taxonomies.is_empty() {
        return json!({"author": [{"id": 7, "name": p.author}]});
    }
    let lists: Vec<serde_json::Value> = taxonomies
        .iter()
        .map(|tax| {
            p.terms
                .iter()
                .filter(|(t, _, _)| t == tax)
                .map(|(t, id, name)| {
                    json!({"id": id, "name": name, "slug": name.to_lowercase().replace(' ', "-"), "taxonomy": t})
                })
                .collect()
        })
        .collect();
    json!({"author": [{"id": 7, "name": p.author}], "wp:term": lists})
}

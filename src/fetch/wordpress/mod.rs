//! A WordPress site, fetched whole through its REST API.
//!
//! Every post type the site lists in `/wp/v2/types` with a REST base is
//! fetched (posts, pages, custom types such as sessions or events), except
//! media and the block editor's internal types; a type the server refuses
//! is a note, not a failure. Items come 100 a page with `_embed` (authors,
//! terms), pages after the first fetched in parallel, and each item is
//! saved as its own JSON document, byte for byte as the API returned it
//! (`<site>/<rest base>/<id>.json`), which is the shape the loader reads.
//!
//! Later syncs ask only for what changed: `modified_after` the newest
//! `modified` saved, newest first; a server older than WordPress 5.7
//! ignores that parameter, and paging stops at the first item not newer
//! than what is saved. Items that disappear from the API stay saved.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;
use serde_json::value::RawValue;
use url::Url;

use super::Ctx;
use super::http::{FetchError, Response};
use super::library::names;
use super::library::sources::{PostType, Source};
use crate::guard::lock;

/// Items asked for per page (the API's maximum).
const PER_PAGE: u64 = 100;

/// No site has more post types worth reading than this.
const MAX_TYPES: usize = 200;

/// No archive has more pages than this; a server that says so is wrong.
const MAX_PAGES: u64 = 100_000;

/// Post types that are not content a person reads.
const SKIPPED_TYPES: &[&str] = &[
    "attachment",
    "nav_menu_item",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_navigation",
    "wp_global_styles",
    "wp_font_family",
    "wp_font_face",
];

/// Fetches every post type of `source` (whole, or what changed since the
/// last sync).
pub fn sync(ctx: &Ctx, source: &mut Source) -> Result<()> {
    let api = Url::parse(&source.fetch).with_context(|| format!("{}: not a URL", source.fetch))?;
    let folder = source.folder.clone();
    let jobs = ctx.client.per_host();
    let fetch = |(slug, mut post_type): (String, PostType)| {
        let result = sync_type(ctx, &api, &folder, &slug, &mut post_type);
        (slug, post_type, result)
    };
    // The types known from the last sync are fetched while the list of
    // types is read again (an unchanged site costs one round of requests);
    // types new to this sync are fetched after.
    let known: Vec<(String, PostType)> = std::mem::take(&mut source.types).into_iter().collect();
    let (listed, mut done) = std::thread::scope(|s| {
        let listed = s.spawn(|| list_types(ctx, &api));
        let done = super::parallel(known, jobs, fetch);
        (listed.join(), done)
    });
    let listed = listed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    source.types = done
        .iter()
        .map(|(slug, t, _)| (slug.clone(), t.clone()))
        .collect();
    let new = merge_types(source, listed?);
    done.extend(super::parallel(new, jobs, fetch));
    let mut failures = Vec::new();
    for (slug, post_type, result) in done {
        source.types.insert(slug, post_type);
        if let Err(e) = result {
            failures.push(format!("{e:#}"));
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(anyhow!(failures.join("; "))),
    }
}

/// One type as `/wp/v2/types` describes it.
#[derive(Deserialize)]
struct TypeInfo {
    #[serde(default)]
    rest_base: Option<String>,
    #[serde(default)]
    rest_namespace: Option<String>,
}

/// The site's post types worth fetching, as (slug, route), from
/// `/wp/v2/types`; a site that refuses the list gets posts and pages.
fn list_types(ctx: &Ctx, api: &Url) -> Result<Vec<(String, String)>> {
    let url = endpoint(api, "wp/v2/types", &[]);
    let response = ctx.get(&url, None)?;
    if matches!(response.status, 401 | 403 | 404) {
        ctx.note(format!(
            "{url}: the list of post types is refused; fetching posts and pages"
        ));
        return Ok(vec![
            ("page".into(), "wp/v2/pages".into()),
            ("post".into(), "wp/v2/posts".into()),
        ]);
    }
    if !response.is_success() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: response.status,
        }
        .into());
    }
    let types: BTreeMap<String, TypeInfo> = serde_json::from_slice(&response.body)
        .map_err(|e| anyhow!("{url}: not the list of post types WordPress sends ({e})"))?;
    Ok(types
        .into_iter()
        .filter(|(slug, _)| !SKIPPED_TYPES.contains(&slug.as_str()))
        .filter_map(|(slug, info)| {
            let base = info.rest_base.filter(|b| !b.is_empty())?;
            let namespace = info.rest_namespace.unwrap_or_else(|| "wp/v2".into());
            Some((slug, format!("{namespace}/{base}")))
        })
        .filter(|(_, route)| is_route(route))
        .take(MAX_TYPES)
        .collect())
}

/// Records `listed` in `source.types`, keeping what earlier syncs knew of
/// each type; returns the types new to the source, each with a folder of
/// its own.
fn merge_types(source: &mut Source, listed: Vec<(String, String)>) -> Vec<(String, PostType)> {
    let mut new: Vec<(String, PostType)> = Vec::new();
    for (slug, route) in listed {
        if let Some(known) = source.types.get_mut(&slug) {
            known.route = route;
            continue;
        }
        let base = names::component(route.rsplit('/').next().unwrap_or(&slug));
        let taken = |name: &str| {
            source.types.values().any(|t| t.folder == name)
                || new.iter().any(|(_, t)| t.folder == name)
        };
        let folder = std::iter::once(base.clone())
            .chain((2..).map(|n| names::with_suffix(&base, &format!("-{n}"))))
            .find(|name| !taken(name))
            .expect("an unbounded list has a free name");
        new.push((
            slug,
            PostType {
                route,
                folder,
                modified: None,
            },
        ));
    }
    new
}

/// A route folio will ask for: plain path segments on the same server.
fn is_route(route: &str) -> bool {
    !route.is_empty()
        && route.split('/').all(|seg| {
            !seg.is_empty()
                && seg != ".."
                && seg != "."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// The URL of `route` under the API root, with `params`: a path under
/// `…/wp-json/`, or the `rest_route` parameter of a site without pretty
/// permalinks (`…/?rest_route=/wp/v2/posts`).
pub fn endpoint(api: &Url, route: &str, params: &[(&str, String)]) -> Url {
    let mut url = api.clone();
    if api.query_pairs().any(|(k, _)| k == "rest_route") {
        let others: Vec<(String, String)> = api
            .query_pairs()
            .filter(|(k, _)| k != "rest_route")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(others)
            .append_pair("rest_route", &format!("/{route}"));
    } else {
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        url.set_query(None);
        url = url.join(route).unwrap_or(url);
    }
    if !params.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())));
    }
    url
}

/// Fetches one post type; on success its `modified` moves to the newest
/// item seen, so the next sync asks for less.
fn sync_type(
    ctx: &Ctx,
    api: &Url,
    folder: &str,
    slug: &str,
    post_type: &mut PostType,
) -> Result<()> {
    let pages = Pages {
        ctx,
        api,
        route: &post_type.route,
        parts: [folder, post_type.folder.as_str()],
        newest: Mutex::new(post_type.modified.clone()),
        seen: Mutex::new(HashSet::new()),
    };
    let fetched = match post_type.modified.as_deref().and_then(since) {
        Some(since) => pages.changed_since(&since)?,
        None => pages.all()?,
    };
    let url = endpoint(api, &post_type.route, &[]);
    match fetched {
        Fetched::Whole => {
            post_type.modified = pages.newest.into_inner().unwrap_or_else(|e| e.into_inner());
        }
        Fetched::Refused => ctx.note(format!("{url}: the post type {slug} is refused; skipped")),
        Fetched::Shifting => {
            post_type.modified = None;
            ctx.note(format!(
                "{url}: the list changed while it was fetched; the next sync reads it whole again"
            ));
        }
    }
    Ok(())
}

/// `modified_after` for a type whose newest saved item was modified at
/// `newest`: [`MARGIN`] earlier, so that an edit in the same second, or in
/// the hour a clock turns back, is not missed (what comes again unchanged
/// is not written).
fn since(newest: &str) -> Option<String> {
    let t = chrono::NaiveDateTime::parse_from_str(newest, TIMESTAMP).ok()?;
    Some((t - MARGIN).format(TIMESTAMP).to_string())
}

/// How far before the newest saved item a sync asks again.
const MARGIN: chrono::TimeDelta = chrono::TimeDelta::hours(2);

/// The form of WordPress's `modified` (site time), which sorts as text.
const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

/// How a type's fetch went.
enum Fetched {
    /// Through to the end: the newest `modified` can be trusted.
    Whole,
    /// The server refused the type.
    Refused,
    /// Fewer items arrived than the server counted (items were removed
    /// while paging moved on, and others shifted between pages unseen).
    Shifting,
}

/// Paging through one collection.
struct Pages<'a> {
    ctx: &'a Ctx<'a>,
    api: &'a Url,
    route: &'a str,
    /// The folder items are saved in: the source's, then the type's.
    parts: [&'a str; 2],
    /// The newest `modified` saved so far.
    newest: Mutex<Option<String>>,
    /// The file names of the items saved so far.
    seen: Mutex<HashSet<String>>,
}

impl Pages<'_> {
    fn url(&self, page: u64, since: Option<&str>) -> Url {
        let mut params = vec![
            ("per_page", PER_PAGE.to_string()),
            ("page", page.to_string()),
            ("_embed", "1".to_owned()),
        ];
        if let Some(since) = since {
            params.push(("modified_after", since.to_owned()));
            params.push(("orderby", "modified".to_owned()));
            params.push(("order", "desc".to_owned()));
        }
        endpoint(self.api, self.route, &params)
    }

    /// Every item: the first page says how many pages there are, the rest
    /// are fetched in parallel. A page that brings nothing new ends the
    /// walk (a server that ignores `page` sends the first one forever).
    fn all(&self) -> Result<Fetched> {
        let first = self.ctx.get(&self.url(1, None), None)?;
        if matches!(first.status, 400 | 401 | 403 | 404) {
            return Ok(Fetched::Refused);
        }
        let first = first.require_success()?;
        if let Some(total) = first.total_items {
            self.ctx.tally.expect(total);
        }
        let (count, _) = self.save_page(&first)?;
        let Some(total) = first.total_pages.map(|t| t.min(MAX_PAGES)) else {
            // No page count: walk on until a short, refused or stale page.
            let (mut page, mut count, mut new) = (1, count, count);
            while count == PER_PAGE && new > 0 && page < MAX_PAGES {
                page += 1;
                let response = self.ctx.get(&self.url(page, None), None)?;
                if response.status == 400 {
                    break;
                }
                (count, new) = self.save_page(&response.require_success()?)?;
            }
            return Ok(Fetched::Whole);
        };
        let next = AtomicU64::new(2);
        let stop = AtomicBool::new(false);
        let failure = Mutex::new(None);
        let workers = self
            .ctx
            .client
            .per_host()
            .min(total.saturating_sub(1) as usize);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        let page = next.fetch_add(1, Ordering::Relaxed);
                        if page > total {
                            break;
                        }
                        // A page past the real end is refused (400), as the
                        // walk without a page count expects: that ends it.
                        let result = self
                            .ctx
                            .get(&self.url(page, None), None)
                            .map_err(anyhow::Error::from)
                            .and_then(|r| match r.status {
                                400 => Ok((0, 0)),
                                _ => self.save_page(&r.require_success()?),
                            });
                        match result {
                            Ok((_, 0)) => stop.store(true, Ordering::Relaxed),
                            Ok(_) => {}
                            Err(e) => {
                                stop.store(true, Ordering::Relaxed);
                                lock(&failure).get_or_insert(e);
                            }
                        }
                    }
                });
            }
        });
        // Not whole: the type's `modified` is not moved, so the next sync
        // fetches again what this one missed.
        if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        let saved = lock(&self.seen).len() as u64;
        Ok(match first.total_items {
            Some(counted) if saved < counted => Fetched::Shifting,
            _ => Fetched::Whole,
        })
    }

    /// Items modified after `since`, newest first, until the first older
    /// one (a server that ignores `modified_after` sends them all; one
    /// that ignores the order is read to the end).
    fn changed_since(&self, since: &str) -> Result<Fetched> {
        let mut page = 1;
        loop {
            let response = self.ctx.get(&self.url(page, Some(since)), None)?;
            if page == 1 && matches!(response.status, 400 | 401 | 403 | 404) {
                return Ok(Fetched::Refused);
            }
            if response.status == 400 {
                return Ok(Fetched::Whole);
            }
            let response = response.require_success()?;
            let items = parse_page(&response)?;
            let newest_first = items.windows(2).all(|w| w[0].modified >= w[1].modified);
            let mut older = false;
            let mut new = 0;
            for item in &items {
                if newest_first && item.modified.as_deref().is_some_and(|m| m < since) {
                    older = true;
                    break;
                }
                new += u64::from(self.save_item(item)?);
            }
            let last = response.total_pages.is_some_and(|t| page >= t);
            let short = (items.len() as u64) < PER_PAGE;
            if older || last || short || new == 0 || page >= MAX_PAGES {
                return Ok(Fetched::Whole);
            }
            page += 1;
        }
    }

    /// Saves every item of a page: how many there were, how many were not
    /// seen before in this fetch.
    fn save_page(&self, response: &Response) -> Result<(u64, u64)> {
        let items = parse_page(response)?;
        let mut new = 0;
        for item in &items {
            new += u64::from(self.save_item(item)?);
        }
        Ok((items.len() as u64, new))
    }

    /// Saves an item; whether it was not seen before in this fetch.
    fn save_item(&self, item: &Item) -> Result<bool> {
        let name = names::with_suffix(&item.name, ".json");
        if !lock(&self.seen).insert(name.clone()) {
            return Ok(false);
        }
        let [site, kind] = self.parts;
        self.ctx
            .save(&[site, kind, &name], item.raw.get().as_bytes())?;
        if let Some(m) = &item.modified {
            let mut newest = lock(&self.newest);
            if newest.as_deref().is_none_or(|n| n < m.as_str()) {
                *newest = Some(m.clone());
            }
        }
        Ok(true)
    }
}

/// One item of a page: its bytes as sent, its file name, its `modified`.
struct Item {
    raw: Box<RawValue>,
    name: String,
    modified: Option<String>,
}

/// A page of items. Anything but a JSON array of objects with an id is an
/// error before anything is written, so a truncated or garbled response
/// never replaces a good document.
fn parse_page(response: &Response) -> Result<Vec<Item>> {
    let url = &response.url;
    let raws: Vec<Box<RawValue>> = serde_json::from_slice(&response.body).map_err(|e| {
        anyhow!("{url}: not a list of items ({e}); nothing from this page was saved")
    })?;
    if raws.len() as u64 > PER_PAGE {
        return Err(anyhow!(
            "{url}: {} items on a page of {PER_PAGE} asked for; nothing from this page was saved",
            raws.len()
        ));
    }
    #[derive(Deserialize)]
    struct Head {
        id: serde_json::Value,
        #[serde(default)]
        modified: Option<String>,
    }
    let mut items = Vec::with_capacity(raws.len());
    for raw in raws {
        let head: Head = serde_json::from_str(raw.get()).map_err(|e| {
            anyhow!("{url}: an item is not a post object ({e}); nothing from this page was saved")
        })?;
        let name = match &head.id {
            serde_json::Value::Number(n) if n.is_u64() => n.to_string(),
            serde_json::Value::String(s) if !s.trim().is_empty() => {
                // Not WordPress's own integer ids: made safe, and told apart.
                let suffix = format!("-{}", &names::fingerprint(s)[..8]);
                names::with_suffix(&names::component(s), &suffix)
            }
            other => {
                return Err(anyhow!(
                    "{url}: an item has the id {other}, which is not one WordPress gives; nothing from this page was saved"
                ));
            }
        };
        let modified = head.modified.filter(|m| is_timestamp(m));
        items.push(Item {
            raw,
            name,
            modified,
        });
    }
    Ok(items)
}

/// `2026-05-10T09:30:00`: the form WordPress gives `modified` in, which
/// compares correctly as text.
fn is_timestamp(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, TIMESTAMP).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_with_and_without_pretty_permalinks() {
        let pretty = Url::parse("https://a.example/blog/wp-json/").unwrap();
        let url = endpoint(&pretty, "wp/v2/posts", &[("page", "2".into())]);
        assert_eq!(
            url.as_str(),
            "https://a.example/blog/wp-json/wp/v2/posts?page=2"
        );
        let no_slash = Url::parse("https://a.example/wp-json").unwrap();
        assert_eq!(
            endpoint(&no_slash, "wp/v2/types", &[]).as_str(),
            "https://a.example/wp-json/wp/v2/types"
        );
        let plain = Url::parse("https://b.example/?rest_route=/").unwrap();
        let url = endpoint(&plain, "wp/v2/posts", &[("page", "2".into())]);
        assert_eq!(
            url.as_str(),
            "https://b.example/?rest_route=%2Fwp%2Fv2%2Fposts&page=2"
        );
    }

    #[test]
    fn routes_stay_on_the_server() {
        assert!(is_route("wp/v2/posts") && is_route("tribe/events/v1/events"));
        for bad in [
            "",
            "wp/../../x",
            "wp//x",
            "wp/v2/posts?x=1",
            "http://evil/x",
            "wp/v2/a b",
        ] {
            assert!(!is_route(bad), "{bad}");
        }
    }
}

//! A WordPress site, fetched whole through its REST API, or the posts of
//! one of its categories, tags or authors (a source's filter).
//!
//! Every post type the site lists in `/wp/v2/types` with a REST base is
//! fetched (posts, pages, custom types such as sessions or events), except
//! media and the block editor's internal types; a type the server refuses
//! is a note, not a failure. Items come 100 a page with `_embed` (authors,
//! terms), pages after the first fetched in parallel ([`pages`]), and each
//! item is saved as its own JSON document as the API returned it, after
//! folio's note ([`note`]: the site's name from the REST root)
//! (`<site>/<rest base>/<id>.json`), which is the shape the loader reads.
//!
//! Later syncs ask only for what changed: `modified_after` the newest
//! `modified` saved, newest first; a server older than WordPress 5.7
//! ignores that parameter, and paging stops at the first item not newer
//! than what is saved. Beside it, the newest ids find what was published
//! without a new `modified` (a scheduled post), and a count that differs
//! from what is saved finds what was withdrawn ([`listing`]), which stays
//! saved, marked.

mod listing;
pub mod note;
mod pages;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;
use url::Url;

use super::Ctx;
use super::http::FetchError;
use super::library::names;
use super::library::sources::{PostType, Source};
use note::Note;
use pages::{Fetched, Pages};

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
/// last sync), or only its posts in the source's filter.
pub fn sync(ctx: &Ctx, source: &mut Source) -> Result<()> {
    let api = Url::parse(&source.fetch).with_context(|| format!("{}: not a URL", source.fetch))?;
    let folder = source.folder.clone();
    let filter = source.filter_params();
    let jobs = ctx.client.per_host();
    let fetch = |note: &Note, (slug, mut post_type): (String, PostType)| {
        let result = sync_type(ctx, &api, &folder, &filter, note, &slug, &mut post_type);
        (slug, post_type, result)
    };
    // The types known from the last sync are fetched (with the site's name
    // as last known) while the list of types is read again: an unchanged
    // site costs one round of requests. Types new to this sync are fetched
    // after. The site's name is read beside them when none is known yet,
    // else after them when they wrote something (a renamed site is seen
    // when it next publishes).
    let known: Vec<(String, PostType)> = std::mem::take(&mut source.types).into_iter().collect();
    let had_types = !known.is_empty();
    let last_note = Note::of_site(source.site.clone());
    let unnamed = source.site.is_none();
    let (listed, first_name, mut done) = std::thread::scope(|s| {
        let listed = s.spawn(|| list_types(ctx, &api));
        let name = s.spawn(|| unnamed.then(|| site_name(ctx, &api)).flatten());
        let done = super::parallel(known, jobs, |t| fetch(&last_note, t));
        (listed.join(), name.join(), done)
    });
    let listed = listed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let first_name = first_name.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let old_name = source.site.clone();
    if first_name.is_some() {
        source.site = first_name;
    }
    source.types = done
        .iter()
        .map(|(slug, t, _)| (slug.clone(), t.clone()))
        .collect();
    let mut listed = listed?;
    if !filter.is_empty() {
        // A category, tag or author: WordPress's archives of those list posts.
        listed.retain(|(slug, _)| slug == "post");
    }
    let new = merge_types(source, listed);
    let note = Note::of_site(source.site.clone());
    done.extend(super::parallel(new, jobs, |t| fetch(&note, t)));
    let mut failures = Vec::new();
    for (slug, post_type, result) in done {
        source.types.insert(slug, post_type);
        if let Err(e) = result {
            failures.push(format!("{e:#}"));
        }
    }
    let wrote =
        ctx.tally.new.load(Ordering::Relaxed) + ctx.tally.updated.load(Ordering::Relaxed) > 0;
    if !unnamed && wrote {
        if let Some(name) = site_name(ctx, &api) {
            source.site = Some(name);
        }
    }
    // Items saved under another name (or none) take the site's own.
    if had_types && source.site.is_some() && source.site != old_name {
        let note = Note::of_site(source.site.clone());
        for post_type in source.types.values() {
            if let Err(e) = listing::restamp(ctx.library, &[&folder, &post_type.folder], &note) {
                failures.push(format!("{e:#}"));
                // Not all restamped: the next sync tries again.
                source.site = old_name.clone();
            }
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(anyhow!(failures.join("; "))),
    }
}

/// The site's name from its REST root (`_fields=name` keeps the answer
/// small: the whole index lists every route); `None` when it gives none.
fn site_name(ctx: &Ctx, api: &Url) -> Option<String> {
    #[derive(Deserialize)]
    struct Root {
        name: String,
    }
    let url = endpoint(api, "", &[("_fields", "name".to_owned())]);
    let response = ctx.get(&url, None).ok()?.require_success().ok()?;
    let root: Root = serde_json::from_slice(&response.body).ok()?;
    let name = html_escape::decode_html_entities(root.name.trim()).into_owned();
    (!name.is_empty()).then_some(name)
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
    filter: &[(String, String)],
    note: &Note,
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
        counted: Mutex::new(None),
        filter,
        note,
    };
    let (fetched, withdrawn) = match post_type.modified.as_deref().and_then(since) {
        Some(since) => {
            // Both requests at once: an unchanged type costs one round trip.
            let (fetched, ids) = std::thread::scope(|s| {
                let ids = s.spawn(|| listing::first_ids(&pages));
                let fetched = pages.changed_since(&since);
                (fetched, ids.join())
            });
            let fetched = fetched?;
            let ids = ids.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // What changed is saved: a failure from here on is a note.
            let withdrawn = match (&fetched, ids) {
                (Fetched::Whole, Ok(Some(first))) => listing::reconcile(&pages, first),
                (_, Err(e)) => Err(e),
                _ => Ok(0),
            };
            let withdrawn = withdrawn.unwrap_or_else(|e| {
                ctx.note(format!(
                    "{e:#}; new and withdrawn items are looked for again next sync"
                ));
                0
            });
            (fetched, withdrawn)
        }
        None => {
            let fetched = pages.all()?;
            // The whole type, seen through: what it lacks is withdrawn.
            let withdrawn = match fetched {
                Fetched::Whole => listing::withdraw_unseen(&pages)?,
                _ => 0,
            };
            (fetched, withdrawn)
        }
    };
    ctx.tally.withdraw(withdrawn);
    listing::revive(&pages)?;
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

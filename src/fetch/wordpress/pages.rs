//! Paging through one post type's collection: the whole of it (pages
//! after the first fetched in parallel), or what changed since a time, each
//! item saved as its own document.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Result, anyhow};
use serde::Deserialize;
use serde_json::value::RawValue;
use url::Url;

use super::note::{self, Note};
use super::{MAX_PAGES, PER_PAGE, TIMESTAMP, endpoint};
use crate::fetch::Ctx;
use crate::fetch::http::Response;
use crate::fetch::library::names;
use crate::guard::lock;

/// How a type's fetch went.
pub(super) enum Fetched {
    /// Through to the end: the newest `modified` can be trusted.
    Whole,
    /// The server refused the type.
    Refused,
    /// Fewer items arrived than the server counted (items were removed
    /// while paging moved on, and others shifted between pages unseen).
    Shifting,
}

/// Paging through one collection.
pub(super) struct Pages<'a> {
    pub(super) ctx: &'a Ctx<'a>,
    pub(super) api: &'a Url,
    pub(super) route: &'a str,
    /// The folder items are saved in: the source's, then the type's.
    pub(super) parts: [&'a str; 2],
    /// The newest `modified` saved so far.
    pub(super) newest: Mutex<Option<String>>,
    /// The file names of the items saved so far.
    pub(super) seen: Mutex<HashSet<String>>,
    /// How many items the server counted (`X-WP-Total`) when the whole
    /// collection was read.
    pub(super) counted: Mutex<Option<u64>>,
    /// Parameters every request of the collection carries (the category of
    /// a category feed's subscription).
    pub(super) filter: &'a [(String, String)],
    /// The note each saved item starts with.
    pub(super) note: &'a Note,
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
        self.endpoint(params)
    }

    /// The collection's URL with `params` and the filter's.
    pub(super) fn endpoint<'p>(&'p self, mut params: Vec<(&'p str, String)>) -> Url {
        params.extend(self.filter.iter().map(|(k, v)| (k.as_str(), v.clone())));
        endpoint(self.api, self.route, &params)
    }

    /// Fetches and saves the items with these ids, a page of them at a time.
    pub(super) fn fetch_ids(&self, ids: &[u64]) -> Result<()> {
        for chunk in ids.chunks(PER_PAGE as usize) {
            let include = chunk.iter().map(u64::to_string).collect::<Vec<_>>();
            let url = self.endpoint(vec![
                ("include", include.join(",")),
                ("per_page", PER_PAGE.to_string()),
                ("_embed", "1".to_owned()),
            ]);
            self.save_page(&self.ctx.get(&url, None)?.require_success()?)?;
        }
        Ok(())
    }

    /// Every item: the first page says how many pages there are, the rest
    /// are fetched in parallel. A page that brings nothing new ends the
    /// walk (a server that ignores `page` sends the first one forever).
    pub(super) fn all(&self) -> Result<Fetched> {
        let first = self.ctx.get(&self.url(1, None), None)?;
        if matches!(first.status, 400 | 401 | 403 | 404) {
            return Ok(Fetched::Refused);
        }
        let first = first.require_success()?;
        if let Some(total) = first.total_items {
            self.ctx.tally.expect(total);
        }
        *lock(&self.counted) = first.total_items;
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
        // Not whole on a failure: the type's `modified` is not moved, so
        // the next sync fetches again what this one missed.
        in_parallel(self.ctx, total, |page| {
            // A page past the real end is refused (400), as the walk
            // without a page count expects: that ends it.
            let response = self.ctx.get(&self.url(page, None), None)?;
            Ok(match response.status {
                400 => false,
                _ => self.save_page(&response.require_success()?)?.1 > 0,
            })
        })?;
        let saved = lock(&self.seen).len() as u64;
        Ok(match first.total_items {
            Some(counted) if saved < counted => Fetched::Shifting,
            _ => Fetched::Whole,
        })
    }

    /// Items modified after `since`, newest first, until the first older
    /// one (a server that ignores `modified_after` sends them all; one
    /// that ignores the order is read to the end).
    pub(super) fn changed_since(&self, since: &str) -> Result<Fetched> {
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
        let name = &item.name;
        if !lock(&self.seen).insert(name.clone()) {
            return Ok(false);
        }
        let [site, kind] = self.parts;
        let document = note::annotate(item.raw.get(), self.note);
        self.ctx.save(&[site, kind, name], &document)?;
        if let Some(m) = &item.modified {
            let mut newest = lock(&self.newest);
            if newest.as_deref().is_none_or(|n| n < m.as_str()) {
                *newest = Some(m.clone());
            }
        }
        Ok(true)
    }
}

/// Reads pages `2..=total` of a collection on as many threads as the host
/// allows, each with `page(n)`, which says whether to go on: the walk ends
/// at the first `false` (a page past the end, or that brought nothing new)
/// or the first failure, which is returned.
pub(super) fn in_parallel(
    ctx: &Ctx,
    total: u64,
    page: impl Fn(u64) -> Result<bool> + Sync,
) -> Result<()> {
    let next = AtomicU64::new(2);
    let stop = AtomicBool::new(false);
    let failure = Mutex::new(None);
    let workers = ctx.client.per_host().min(total.saturating_sub(1) as usize);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n > total {
                        break;
                    }
                    match page(n) {
                        Ok(true) => {}
                        Ok(false) => stop.store(true, Ordering::Relaxed),
                        Err(e) => {
                            stop.store(true, Ordering::Relaxed);
                            lock(&failure).get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    match failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
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
        let Some(name) = item_name(&head.id) else {
            return Err(anyhow!(
                "{url}: an item has the id {}, which is not one WordPress gives; nothing from this page was saved",
                head.id
            ));
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

/// The file name of the item with this id: WordPress's own integer ids as
/// they are (`412.json`); other ids (of APIs that copy WordPress's shape)
/// made safe and told apart. `None` for an id no item can have.
pub(super) fn item_name(id: &serde_json::Value) -> Option<String> {
    match id {
        serde_json::Value::Number(n) if n.is_u64() => Some(format!("{n}.json")),
        serde_json::Value::String(s) if !s.trim().is_empty() => {
            let suffix = format!("-{}.json", &names::fingerprint(s)[..8]);
            Some(names::with_suffix(&names::component(s), &suffix))
        }
        _ => None,
    }
}

/// `2026-05-10T09:30:00`: the form WordPress gives `modified` in, which
/// compares correctly as text.
fn is_timestamp(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, TIMESTAMP).is_ok()
}

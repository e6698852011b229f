//! Which items a post type still publishes, compared with what is saved.
//!
//! `modified_after` finds edits, but not everything that starts or stops
//! being published: WordPress's scheduler publishes a post by changing its
//! status alone (`wp_publish_post` leaves `modified` at the last save, often
//! days before), and a post trashed, made private or returned to draft
//! simply leaves the collection. So each sync also reads the ids of the
//! newest items by date (`_fields=id`, one small request): any not saved,
//! or saved as withdrawn, is fetched. Then the collection's count
//! (`X-WP-Total`) is compared with the live items saved; only when they
//! differ is the whole id listing read (100 ids a request, in parallel),
//! and the saved items it lacks are marked withdrawn (never deleted); the
//! items it has that are not saved are fetched. An unchanged type costs
//! the one listing request beside the `modified_after` one.
//!
//! Nothing is marked from a listing that did not arrive whole, nor from an
//! empty one (a site that lists nothing is more likely broken than empty).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::sync::Mutex;

use anyhow::{Result, anyhow};
use serde::Deserialize;

use super::note::{self, Note};
use super::pages::{Pages, in_parallel, item_name};
use super::{MAX_PAGES, PER_PAGE};
use crate::fetch::library::Library;
use crate::guard::lock;

/// What is saved of a type: each item's file name (without `.json`), and
/// whether it is marked withdrawn.
fn saved(pages: &Pages) -> HashMap<String, bool> {
    let dir = pages.ctx.library.path(&pages.parts);
    let Ok(entries) = fs::read_dir(&dir) else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".json")?.to_owned();
            if stem.starts_with('.') {
                return None;
            }
            let mut head = [0u8; 256];
            let n = fs::File::open(e.path())
                .and_then(|mut f| f.read(&mut head))
                .unwrap_or(0);
            Some((stem, note::is_withdrawn(&head[..n])))
        })
        .collect()
}

/// An item of the id listing: its file name (without `.json`), and its id
/// when it is one of WordPress's integers (which `include=` can ask for).
type Listed = (String, Option<u64>);

/// One page of the id listing, newest first by date; `None` when the
/// server refuses it.
pub(super) struct IdPage {
    ids: Vec<Listed>,
    total: Option<u64>,
    pages: Option<u64>,
}

/// A refusal of the first page is `None`, as is a page past the end
/// (WordPress answers 400); a refusal later is an error.
fn id_page(pages: &Pages, page: u64) -> Result<Option<IdPage>> {
    let url = pages.endpoint(vec![
        ("_fields", "id".to_owned()),
        ("per_page", PER_PAGE.to_string()),
        ("page", page.to_string()),
        ("orderby", "date".to_owned()),
        ("order", "desc".to_owned()),
    ]);
    let response = pages.ctx.get(&url, None)?;
    if response.status == 400 || (page == 1 && matches!(response.status, 401 | 403 | 404)) {
        return Ok(None);
    }
    let response = response.require_success()?;
    #[derive(Deserialize)]
    struct Id {
        id: serde_json::Value,
    }
    let items: Vec<Id> = serde_json::from_slice(&response.body)
        .map_err(|e| anyhow!("{url}: not a list of items ({e})"))?;
    if items.len() as u64 > PER_PAGE {
        return Err(anyhow!(
            "{url}: {} items on a page of {PER_PAGE} asked for",
            items.len()
        ));
    }
    Ok(Some(IdPage {
        ids: items
            .iter()
            .filter_map(|i| Some((item_name(&i.id)?, i.id.as_u64())))
            .collect(),
        total: response.total_items,
        pages: response.total_pages,
    }))
}

/// The first page of the id listing (read while `modified_after` is asked).
pub(super) fn first_ids(pages: &Pages) -> Result<Option<IdPage>> {
    id_page(pages, 1)
}

/// Brings the saved items of a type in step with what the site publishes
/// (see the module documentation), from the listing's `first` page, read
/// after or beside the `modified_after` request. Returns how many were
/// marked withdrawn.
pub(super) fn reconcile(pages: &Pages, first: Option<IdPage>) -> Result<u64> {
    let Some(first) = first else {
        return Ok(0);
    };
    pages.fetch_ids(&missing(pages, &saved(pages), &first.ids))?;
    let known = saved(pages);
    let live = known.values().filter(|w| !**w).count() as u64;
    if first.total == Some(live) {
        return Ok(0);
    }
    let Some(listed) = all_ids(pages, first)? else {
        return Ok(0);
    };
    pages.fetch_ids(&missing(pages, &known, &listed))?;
    if listed.is_empty() {
        return Ok(0);
    }
    let names: HashSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    withdraw_all_but(pages, &known, |name| names.contains(name))
}

/// Marks withdrawn every live item of `known` that `published` denies.
fn withdraw_all_but(
    pages: &Pages,
    known: &HashMap<String, bool>,
    published: impl Fn(&str) -> bool,
) -> Result<u64> {
    let mut marked = 0;
    for (name, withdrawn) in known {
        if !withdrawn && !published(name) {
            mark_withdrawn(pages, name)?;
            marked += 1;
        }
    }
    Ok(marked)
}

/// The numeric ids of `listed` not saved live and not fetched already.
fn missing(pages: &Pages, known: &HashMap<String, bool>, listed: &[Listed]) -> Vec<u64> {
    let seen = lock(&pages.seen);
    listed
        .iter()
        .filter(|(name, _)| {
            known.get(name) != Some(&false) && !seen.contains(&format!("{name}.json"))
        })
        .filter_map(|(_, id)| *id)
        .collect()
}

/// Every id of the collection, the pages after the first read in
/// parallel; `None` unless the listing arrived whole.
fn all_ids(pages: &Pages, first: IdPage) -> Result<Option<Vec<Listed>>> {
    let total_pages = first.pages.unwrap_or(MAX_PAGES).min(MAX_PAGES);
    let expected = first.total;
    let short = first.ids.len() < PER_PAGE as usize;
    let listed = Mutex::new(first.ids);
    if !short {
        in_parallel(pages.ctx, total_pages, |page| {
            // Past the end (400), or a short page: the last.
            let Some(got) = id_page(pages, page)? else {
                return Ok(false);
            };
            let short = got.ids.len() < PER_PAGE as usize;
            let mut listed = lock(&listed);
            let before = listed.len();
            listed.extend(got.ids);
            listed.sort();
            listed.dedup();
            // A server that ignores `page` sends the first page again:
            // nothing new ends the walk.
            Ok(!short && listed.len() > before)
        })?;
    }
    let mut listed = listed.into_inner().unwrap_or_else(|e| e.into_inner());
    listed.sort();
    listed.dedup();
    // Fewer than counted: items moved between pages while they were read.
    if expected.is_some_and(|t| (listed.len() as u64) < t) {
        pages.ctx.note(format!(
            "{}: the list changed while it was read; withdrawn items are looked for again next sync",
            pages.endpoint(Vec::new())
        ));
        return Ok(None);
    }
    Ok(Some(listed))
}

/// Marks a saved item withdrawn, keeping everything else in it.
fn mark_withdrawn(pages: &Pages, name: &str) -> Result<()> {
    let file = format!("{name}.json");
    let [site, kind] = pages.parts;
    let path = pages.ctx.library.path(&[site, kind, &file]);
    let text =
        fs::read_to_string(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    let (note, item) = note::split(&text);
    let note = Note {
        withdrawn: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ..note
    };
    pages
        .ctx
        .library
        .write(&[site, kind, &file], &note::annotate(&item, &note))
        .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// Gives every item saved in `parts` the site's name of `note`, keeping
/// each one's withdrawal mark: the site was renamed, or its name was not
/// known when the items were saved.
pub(super) fn restamp(library: &Library, parts: &[&str], note: &Note) -> Result<()> {
    let dir = library.path(parts);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(".json") {
            continue;
        }
        let Ok(text) = fs::read_to_string(e.path()) else {
            continue;
        };
        let (old, item) = note::split(&text);
        let new = Note {
            site: note.site.clone(),
            ..old
        };
        let mut path: Vec<&str> = parts.to_vec();
        path.push(&name);
        library
            .write(&path, &note::annotate(&item, &new))
            .map_err(|e| anyhow!("cannot write {}: {e}", library.path(&path).display()))?;
    }
    Ok(())
}

/// After the whole type was fetched through: marks the saved items it did
/// not bring withdrawn. Returns how many.
pub(super) fn withdraw_unseen(pages: &Pages) -> Result<u64> {
    let seen = lock(&pages.seen).clone();
    if seen.is_empty() {
        return Ok(0);
    }
    withdraw_all_but(pages, &saved(pages), |name| {
        seen.contains(&format!("{name}.json"))
    })
}

//! Which items a post type still publishes, compared with what is saved.
//!
//! `modified_after` finds edits, but not everything that starts or stops
//! being published: WordPress's scheduler publishes a post by changing its
//! status alone (`wp_publish_post` leaves `modified` at the last save, often
//! days before), and a post trashed, made private or returned to draft
//! simply leaves the collection. So each sync also reads the ids of the
//! newest items by date (`_fields=id`, one small request beside the
//! `modified_after` one): any not saved, or saved as withdrawn, is fetched.
//! Then the collection's count (`X-WP-Total`) is compared with the live
//! items saved; only when they differ is the whole id listing read (100
//! ids a request, in id order, which no two items share, in parallel), and
//! the saved items it lacks are marked withdrawn (never deleted); the items
//! it has that are not saved are fetched. An unchanged type costs the one
//! listing request.
//!
//! A withdrawn item moves to the type's `withdrawn/` folder, with the mark
//! in its note (which the loader reads): what is saved, live or not, is
//! then known from the two folders' names alone, without opening a file,
//! and a folder of withdrawn posts is there to see. An item the site
//! publishes again is saved in the type's folder as any, and its
//! withdrawn copy goes.
//!
//! Nothing is marked without the server's count, from a listing that
//! holds fewer ids than it (items moved while it was read), from an empty
//! one (a site that lists nothing is more likely broken than empty), nor
//! an item this sync saved.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::sync::Mutex;

use anyhow::{Result, anyhow};
use serde::Deserialize;

use super::PER_PAGE;
use super::note::{self, Note};
use super::pages::{Pages, in_parallel, item_name};
use crate::fetch::library::{Library, WITHDRAWN_FOLDER};
use crate::guard::lock;

/// No id listing has more pages than this (200,000 items): a server that
/// counts more is not believed.
const MAX_ID_PAGES: u64 = 2_000;

/// The items saved in a folder: their file names.
fn items_in(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.') && name.ends_with(".json"))
        .collect()
}

/// What is saved of a type: each item's file name, and whether it is
/// withdrawn (a live copy wins over a withdrawn one, as after a crash
/// between the two writes of a withdrawal).
fn saved(pages: &Pages) -> HashMap<String, bool> {
    let [site, kind] = pages.parts;
    let library = pages.ctx.library;
    let withdrawn = items_in(&library.path(&[site, kind, WITHDRAWN_FOLDER]));
    let live = items_in(&library.path(&[site, kind]));
    let mut saved: HashMap<String, bool> = withdrawn.into_iter().map(|n| (n, true)).collect();
    saved.extend(live.into_iter().map(|n| (n, false)));
    saved
}

/// Removes the withdrawn copies of the items this sync saved: their site
/// publishes them again.
pub(super) fn revive(pages: &Pages) -> Result<()> {
    let [site, kind] = pages.parts;
    let library = pages.ctx.library;
    let seen = lock(&pages.seen).clone();
    for name in items_in(&library.path(&[site, kind, WITHDRAWN_FOLDER])) {
        if seen.contains(&name) {
            let parts = [site, kind, WITHDRAWN_FOLDER, name.as_str()];
            library
                .remove(&parts)
                .map_err(|e| anyhow!("cannot remove {}: {e}", library.path(&parts).display()))?;
        }
    }
    Ok(())
}

/// An item of the id listing: its file name, and its id when it is one of
/// WordPress's integers (which `include=` can ask for).
type Listed = (String, Option<u64>);

/// One page of the id listing.
pub(super) struct IdPage {
    ids: Vec<Listed>,
    total: Option<u64>,
}

/// The order of a listing: the newest by date (what was just published),
/// or by id (stable while it is paged: no two items share an id).
#[derive(Clone, Copy)]
enum By {
    Newest,
    Id,
}

/// A refusal of the first page is `None`, as is a page past the end
/// (WordPress answers 400); a refusal later is an error.
fn id_page(pages: &Pages, page: u64, by: By) -> Result<Option<IdPage>> {
    let (orderby, order) = match by {
        By::Newest => ("date", "desc"),
        By::Id => ("id", "asc"),
    };
    let url = pages.endpoint(vec![
        ("_fields", "id".to_owned()),
        ("per_page", PER_PAGE.to_string()),
        ("page", page.to_string()),
        ("orderby", orderby.to_owned()),
        ("order", order.to_owned()),
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
    }))
}

/// The first page of the newest ids (read while `modified_after` is asked).
pub(super) fn first_ids(pages: &Pages) -> Result<Option<IdPage>> {
    id_page(pages, 1, By::Newest)
}

/// Brings the saved items of a type in step with what the site publishes
/// (see the module documentation), from the newest ids' `first` page.
/// Returns how many were marked withdrawn.
pub(super) fn reconcile(pages: &Pages, first: IdPage) -> Result<u64> {
    pages.fetch_ids(&missing(pages, &saved(pages), &first.ids))?;
    let known = saved(pages);
    let live = known.values().filter(|w| !**w).count() as u64;
    let Some(total) = first.total.filter(|&t| t != live) else {
        return Ok(0);
    };
    let Some(listed) = all_ids(pages, total)? else {
        return Ok(0);
    };
    pages.fetch_ids(&missing(pages, &known, &listed))?;
    let names: HashSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    withdraw_all_but(pages, &known, |name| names.contains(name))
}

/// After the whole type was fetched through: marks the saved items it did
/// not bring withdrawn, when it brought as many as the server counted.
/// Returns how many.
pub(super) fn withdraw_unseen(pages: &Pages) -> Result<u64> {
    let seen = lock(&pages.seen).clone();
    if *lock(&pages.counted) != Some(seen.len() as u64) {
        return Ok(0);
    }
    withdraw_all_but(pages, &saved(pages), |name| seen.contains(name))
}

/// Marks withdrawn every live item of `known` that `published` denies and
/// this sync did not save.
fn withdraw_all_but(
    pages: &Pages,
    known: &HashMap<String, bool>,
    published: impl Fn(&str) -> bool,
) -> Result<u64> {
    let seen = lock(&pages.seen).clone();
    let mut marked = 0;
    for (name, withdrawn) in known {
        if !withdrawn && !published(name) && !seen.contains(name) {
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
        .filter(|(name, _)| known.get(name) != Some(&false) && !seen.contains(name))
        .filter_map(|(_, id)| *id)
        .collect()
}

/// Every id of the collection, in id order, the pages after the first
/// read in parallel; `None` unless the listing holds at least the `total`
/// the server counted, and some.
fn all_ids(pages: &Pages, total: u64) -> Result<Option<Vec<Listed>>> {
    let page_count = total.div_ceil(PER_PAGE).min(MAX_ID_PAGES);
    let Some(first) = id_page(pages, 1, By::Id)? else {
        return Ok(None);
    };
    let short = first.ids.len() < PER_PAGE as usize;
    let listed: Mutex<HashSet<Listed>> = Mutex::new(first.ids.into_iter().collect());
    if !short {
        in_parallel(pages.ctx, page_count, |page| {
            // Past the end (400), or a short page: the last.
            let Some(got) = id_page(pages, page, By::Id)? else {
                return Ok(false);
            };
            let short = got.ids.len() < PER_PAGE as usize;
            let mut listed = lock(&listed);
            let before = listed.len();
            listed.extend(got.ids);
            // A server that ignores `page` sends the first page again:
            // nothing new ends the walk.
            Ok(!short && listed.len() > before)
        })?;
    }
    let listed: Vec<Listed> = listed
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    if listed.is_empty() || (listed.len() as u64) < total {
        pages.ctx.note(format!(
            "{}: the list of items changed while it was read; withdrawn items are looked for again next sync",
            pages.endpoint(Vec::new())
        ));
        return Ok(None);
    }
    Ok(Some(listed))
}

/// Moves a saved item to the withdrawn folder with the mark in its note,
/// keeping everything else in it: written there first, then removed from
/// the type's folder, so that no moment holds neither copy.
fn mark_withdrawn(pages: &Pages, name: &str) -> Result<()> {
    let [site, kind] = pages.parts;
    let library = pages.ctx.library;
    let path = library.path(&[site, kind, name]);
    let text =
        fs::read_to_string(&path).map_err(|e| anyhow!("cannot read {}: {e}", path.display()))?;
    let (note, item) = note::split(&text);
    let note = Note {
        withdrawn: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ..note
    };
    let moved = [site, kind, WITHDRAWN_FOLDER, name];
    library
        .write(&moved, &note::annotate(&item, &note))
        .map_err(|e| anyhow!("cannot write {}: {e}", library.path(&moved).display()))?;
    library
        .remove(&[site, kind, name])
        .map_err(|e| anyhow!("cannot remove {}: {e}", path.display()))?;
    Ok(())
}

/// Gives every item saved in `parts` (withdrawn ones too) the site's name
/// of `note`, keeping each one's withdrawal mark: the site was renamed, or
/// its name was not known when the items were saved.
pub(super) fn restamp(library: &Library, parts: &[&str], note: &Note) -> Result<()> {
    let mut withdrawn = parts.to_vec();
    withdrawn.push(WITHDRAWN_FOLDER);
    for parts in [parts, &withdrawn] {
        restamp_folder(library, parts, note)?;
    }
    Ok(())
}

fn restamp_folder(library: &Library, parts: &[&str], note: &Note) -> Result<()> {
    for name in items_in(&library.path(parts)) {
        let mut path: Vec<&str> = parts.to_vec();
        path.push(&name);
        let Ok(text) = fs::read_to_string(library.path(&path)) else {
            continue;
        };
        let (old, item) = note::split(&text);
        let new = Note {
            site: note.site.clone(),
            ..old
        };
        library
            .write(&path, &note::annotate(&item, &new))
            .map_err(|e| anyhow!("cannot write {}: {e}", library.path(&path).display()))?;
    }
    Ok(())
}

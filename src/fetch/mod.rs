//! Fetching: `folio add` and `folio sync` fill a library folder from the
//! web. This module only writes documents, in the formats the loader
//! already reads; it never builds entries for display (the loader does) nor
//! draws (the commands and the reader do, from a [`Tally`]).
//!
//! - [`http`]: the only code that talks to the network.
//! - [`discover`]: what a URL is (WordPress site, feed, page).
//! - [`wordpress`], [`feed`], [`page`]: fetching one kind of source.
//! - [`library`]: the folder, its subscriptions file, safe names, writes.
//!
//! Sources are fetched in parallel, each on its own thread; the client
//! bounds the requests in flight. One failed source is an [`Outcome`] with
//! an error, never the end of the run, and nothing it fetched half-way
//! replaces a good document.

pub mod discover;
pub mod feed;
pub mod http;
pub mod library;
pub mod page;
pub mod wordpress;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use url::Url;

use crate::guard::lock;

use discover::Found;
use http::{Client, FetchError, Limits, Response};
use library::sources::{Kind, Source, Sources};
use library::{Library, Written, names};

/// Counters of one source's fetch, bumped by the fetching threads and read
/// by whoever shows progress.
#[derive(Debug, Default)]
pub struct Tally {
    pub requests: AtomicU64,
    /// Items received so far, and how many the server said there are (0: unknown).
    pub items: AtomicU64,
    pub expected: AtomicU64,
    pub new: AtomicU64,
    pub updated: AtomicU64,
    /// Saved items the site no longer publishes, marked so this time.
    pub withdrawn: AtomicU64,
}

impl Tally {
    fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one item written (or found unchanged).
    fn item(&self, written: Written) {
        self.items.fetch_add(1, Ordering::Relaxed);
        match written {
            Written::New => self.new.fetch_add(1, Ordering::Relaxed),
            Written::Updated => self.updated.fetch_add(1, Ordering::Relaxed),
            Written::Unchanged => 0,
        };
    }

    fn withdraw(&self, items: u64) {
        self.withdrawn.fetch_add(items, Ordering::Relaxed);
    }

    fn expect(&self, more: u64) {
        self.expected.fetch_add(more, Ordering::Relaxed);
    }
}

/// What fetching one source did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The URL as the user gave it.
    pub url: String,
    /// Its folder in the library, once known.
    pub folder: Option<String>,
    pub kind: Option<Kind>,
    /// Documents in its folder now.
    pub entries: u64,
    pub new: u64,
    pub updated: u64,
    /// Saved items found no longer published (marked, kept).
    pub withdrawn: u64,
    pub requests: u64,
    pub elapsed: Duration,
    /// Why it failed; what was saved before the failure stays.
    pub error: Option<String>,
    /// Something worth saying that is not a failure (a post type refused).
    pub notes: Vec<String>,
}

/// Hears about sources as they start and end (progress bars, status bar).
pub trait Watch: Sync {
    fn started(&self, url: &str, tally: &Arc<Tally>);
    fn finished(&self, outcome: &Outcome);
}

/// A [`Watch`] that shows nothing.
pub struct Quiet;

impl Watch for Quiet {
    fn started(&self, _: &str, _: &Arc<Tally>) {}
    fn finished(&self, _: &Outcome) {}
}

/// What one source's fetch shares: the client, the library, its counters.
pub struct Ctx<'a> {
    pub client: &'a Client,
    pub library: &'a Library,
    pub tally: &'a Tally,
    /// Non-fatal remarks for the outcome.
    pub notes: Mutex<Vec<String>>,
}

impl<'a> Ctx<'a> {
    pub fn new(client: &'a Client, library: &'a Library, tally: &'a Tally) -> Ctx<'a> {
        Ctx {
            client,
            library,
            tally,
            notes: Mutex::new(Vec::new()),
        }
    }

    /// GETs the source's document with its validators: `None` when the
    /// server says it has not changed (304), else the new response.
    pub fn get_if_changed(&self, source: &Source) -> Result<Option<Response>> {
        let url = Url::parse(&source.fetch)
            .map_err(|e| anyhow::anyhow!("{}: not a URL ({e})", source.fetch))?;
        let response = self
            .get(&url, Some(&source.validators))?
            .require_success()?;
        Ok((!response.not_modified()).then_some(response))
    }

    /// GETs `url` through the client, counting the requests.
    pub fn get(
        &self,
        url: &Url,
        validators: Option<&library::sources::Validators>,
    ) -> Result<Response, FetchError> {
        self.client.get(url, validators, &|| self.tally.request())
    }

    /// Writes one document of `source` and counts it.
    pub fn save(&self, parts: &[&str], bytes: &[u8]) -> Result<Written> {
        let written = self.library.write(parts, bytes).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {e}", self.library.path(parts).display())
        })?;
        self.tally.item(written);
        Ok(written)
    }

    pub fn note(&self, note: String) {
        lock(&self.notes).push(note);
    }
}

/// Subscribes to `urls` and fetches each whole. A URL already subscribed is
/// synced. The subscriptions file is updated as each source ends.
pub fn add(
    library: &Library,
    urls: &[String],
    limits: Limits,
    watch: &dyn Watch,
) -> Result<Vec<Outcome>> {
    let _lock = library.lock()?;
    library.sweep_partial_writes();
    let sources = Mutex::new(Sources::read(&library.sources_path())?);
    let client = Client::new(limits.clone());
    let jobs = limits.jobs.max(1);
    // The same site given twice (`x.org` and `x.org/`) is fetched once.
    let mut given = std::collections::HashSet::new();
    let urls: Vec<&String> = urls
        .iter()
        .filter(|u| given.insert(library::sources::normalise(u)))
        .collect();
    Ok(parallel(urls, jobs, |url| {
        let existing = {
            let sources = lock(&sources);
            sources.find(url).map(|i| sources.list[i].clone())
        };
        match existing {
            Some(source) => run_one(library, &client, &sources, source, watch),
            None => subscribe(library, &client, &sources, url, watch),
        }
    }))
}

/// Fetches what is new for every subscription.
pub fn sync(library: &Library, limits: Limits, watch: &dyn Watch) -> Result<Vec<Outcome>> {
    let _lock = library.lock()?;
    library.sweep_partial_writes();
    let read = Sources::read(&library.sources_path())?;
    let list = read.list.clone();
    let sources = Mutex::new(read);
    let client = Client::new(limits.clone());
    Ok(parallel(list, limits.jobs.max(1), |source| {
        run_one(library, &client, &sources, source, watch)
    }))
}

/// Runs `work` over `items` on at most `jobs` threads; results in item order.
fn parallel<T: Send, R: Send>(items: Vec<T>, jobs: usize, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let results = Mutex::new(Vec::with_capacity(count));
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1).min(count) {
            s.spawn(|| {
                loop {
                    let Some((i, item)) = lock(&queue).next() else {
                        break;
                    };
                    let result = work(item);
                    lock(&results).push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// A new subscription: one request tells what the URL is, then it is
/// fetched like any source and, when that worked, remembered.
fn subscribe(
    library: &Library,
    client: &Client,
    sources: &Mutex<Sources>,
    url: &str,
    watch: &dyn Watch,
) -> Outcome {
    let tally = Arc::new(Tally::default());
    watch.started(url, &tally);
    let start = Instant::now();
    let ctx = Ctx::new(client, library, &tally);
    let mut source = Source {
        url: url.to_owned(),
        kind: Kind::Page,
        folder: String::new(),
        fetch: url.to_owned(),
        last_sync: None,
        last_error: None,
        entries: 0,
        validators: Default::default(),
        types: Default::default(),
        site: None,
        filter: None,
    };
    let result = (|| -> Result<()> {
        let parsed = parse_url(url)?;
        let response = ctx.get(&parsed, None)?.require_success()?;
        let found = discover::what(&response);
        (source.kind, source.fetch) = match &found {
            Found::Wordpress { api, filter } => {
                source.filter = filter.clone();
                (Kind::Wordpress, api.to_string())
            }
            Found::Feed => (Kind::Feed, response.url.to_string()),
            Found::FeedAt(feed) => (Kind::Feed, feed.to_string()),
            Found::Page => (Kind::Page, response.url.to_string()),
        };
        {
            // The folder is reserved now, so that two new sources on one
            // host never share it, and the subscription written before any
            // document is fetched: the next sync finishes an interrupted add.
            let mut sources = lock(sources);
            source.folder = sources.free_folder(&names::host_folder(&response.url), |f| {
                library::holds_documents(&library.path(&[f]))
            });
            sources.list.push(source.clone());
            sources.write(&library.sources_path())?;
        }
        match found {
            Found::Wordpress { .. } => wordpress::sync(&ctx, &mut source),
            Found::Feed => feed::save(&ctx, &mut source, &response),
            Found::FeedAt(_) => refetch(&ctx, &mut source, feed::save).or_else(|e| {
                // A page whose advertised feed is broken is still a page.
                ctx.note(format!("{e:#}; saved the page instead"));
                source.kind = Kind::Page;
                source.fetch = response.url.to_string();
                page::save(&ctx, &mut source, &response)
            }),
            Found::Page => page::save(&ctx, &mut source, &response),
        }
    })();
    // A source that could not even be told is not remembered.
    let known = !source.folder.is_empty();
    finish(library, sources, source, known, result, &ctx, start, watch)
}

/// The URL a person typed: `example.org/blog` means https, as in a browser.
fn parse_url(input: &str) -> Result<Url> {
    let input = input.trim();
    match Url::parse(input) {
        Ok(url) => Ok(url),
        Err(url::ParseError::RelativeUrlWithoutBase)
            if !input.is_empty() && !input.contains(char::is_whitespace) =>
        {
            Url::parse(&format!("https://{input}"))
                .map_err(|e| anyhow::anyhow!("{input}: not a URL ({e})"))
        }
        Err(e) => Err(anyhow::anyhow!(
            "{input}: not a URL ({e}); give one like https://example.org/"
        )),
    }
}

/// Fetches one known source.
fn run_one(
    library: &Library,
    client: &Client,
    sources: &Mutex<Sources>,
    mut source: Source,
    watch: &dyn Watch,
) -> Outcome {
    let tally = Arc::new(Tally::default());
    watch.started(&source.url, &tally);
    let start = Instant::now();
    let ctx = Ctx::new(client, library, &tally);
    let result = match source.kind {
        Kind::Wordpress => wordpress::sync(&ctx, &mut source),
        Kind::Feed => refetch(&ctx, &mut source, feed::save),
        Kind::Page => refetch(&ctx, &mut source, page::save),
    };
    finish(library, sources, source, true, result, &ctx, start, watch)
}

/// Fetches a feed or a page again unless the server says it is unchanged,
/// and saves it with `save`.
fn refetch(
    ctx: &Ctx,
    source: &mut Source,
    save: fn(&Ctx, &mut Source, &Response) -> Result<()>,
) -> Result<()> {
    match ctx.get_if_changed(source)? {
        Some(response) => save(ctx, source, &response),
        None => Ok(()),
    }
}

/// Records the outcome in the subscriptions file (when `remember`) and
/// tells the watcher.
#[allow(clippy::too_many_arguments)]
fn finish(
    library: &Library,
    sources: &Mutex<Sources>,
    mut source: Source,
    remember: bool,
    result: Result<()>,
    ctx: &Ctx,
    start: Instant,
    watch: &dyn Watch,
) -> Outcome {
    // Every failure names a URL: the request's, else the source's.
    let mut error = result.err().map(|e| {
        let message = crate::safe::one_line(&format!("{e:#}")).into_owned();
        if message.contains("://") {
            message
        } else {
            format!("{}: {message}", source.url)
        }
    });
    let entries = if source.folder.is_empty() {
        0
    } else {
        library.count_documents(&source.folder)
    };
    if remember {
        source.last_sync =
            Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        source.last_error = error.clone();
        source.entries = entries;
        let mut all = lock(sources);
        match all.find(&source.url) {
            Some(i) => all.list[i] = source.clone(),
            None => all.list.push(source.clone()),
        }
        if let Err(e) = all.write(&library.sources_path()) {
            let message = format!("{e:#}");
            error = Some(match error {
                Some(first) => format!("{first}; {message}"),
                None => message,
            });
        }
    }
    let tally = ctx.tally;
    let outcome = Outcome {
        url: source.url.clone(),
        folder: (!source.folder.is_empty()).then(|| source.folder.clone()),
        kind: remember.then_some(source.kind),
        entries,
        new: tally.new.load(Ordering::Relaxed),
        updated: tally.updated.load(Ordering::Relaxed),
        withdrawn: tally.withdrawn.load(Ordering::Relaxed),
        requests: tally.requests.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
        error,
        notes: std::mem::take(&mut *lock(&ctx.notes)),
    };
    watch.finished(&outcome);
    outcome
}

/// Unsubscribes from `url`; with `delete`, removes its folder too.
/// Returns the source removed.
pub fn remove(library: &Library, url: &str, delete: bool) -> Result<Source> {
    let _lock = library.lock()?;
    let path = library.sources_path();
    let mut sources = Sources::read(&path)?;
    let Some(i) = sources.find(url) else {
        anyhow::bail!(
            "{url}: not a subscription of {} (`folio sources` lists them)",
            library.root().display()
        );
    };
    let source = sources.list.remove(i);
    sources.write(&path)?;
    if delete {
        library.remove_folder(&source.folder).map_err(|e| {
            anyhow::anyhow!(
                "cannot delete {}: {e}",
                library.path(&[&source.folder]).display()
            )
        })?;
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_address_without_a_scheme_is_https() {
        assert_eq!(
            parse_url("example.org/blog").unwrap().as_str(),
            "https://example.org/blog"
        );
        assert_eq!(
            parse_url(" http://a.example/ ").unwrap().as_str(),
            "http://a.example/"
        );
        assert!(parse_url("not a url").is_err());
        assert!(parse_url("").is_err());
    }
}

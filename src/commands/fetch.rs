//! `folio add`, `folio sync`, `folio sources`, `folio remove`: the fetcher
//! on the command line. Progress bars (indicatif) go to standard error when
//! it is a terminal; one summary line per source goes to standard output;
//! failures go to standard error, each with its URL.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::cli::{AddArgs, FetchArgs, LibraryArgs, RemoveArgs, SourcesArgs, SyncArgs};
use crate::fetch::http::Limits;
use crate::fetch::library::sources::{Kind, Sources};
use crate::fetch::library::{self, Library};
use crate::fetch::{self, Outcome, Tally, Watch};
use crate::guard::lock;
use crate::safe::one_line;

pub fn add(args: &AddArgs, out: &mut impl Write) -> Result<ExitCode> {
    let library = Library::create(&library_dir(&args.fetch.library)?)?;
    let outcomes = with_progress(&args.fetch, out, |watch| {
        fetch::add(&library, &args.urls, limits(&args.fetch), watch)
    })?;
    Ok(status(&outcomes))
}

pub fn sync(args: &SyncArgs, out: &mut impl Write) -> Result<ExitCode> {
    let library = Library::open(&library_dir(&args.fetch.library)?)?;
    if Sources::read(&library.sources_path())?.list.is_empty() {
        eprintln!(
            "folio: {}: no subscriptions yet; `folio add URL` adds one",
            library.root().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let outcomes = with_progress(&args.fetch, out, |watch| {
        fetch::sync(&library, limits(&args.fetch), watch)
    })?;
    Ok(status(&outcomes))
}

pub fn sources(args: &SourcesArgs, out: &mut impl Write) -> Result<ExitCode> {
    let dir = library_dir(&args.library)?;
    let sources = Sources::read(&dir.join(library::SOURCES_FILE))?;
    for s in &sources.list {
        if args.json {
            let line = json!({
                "url": s.url,
                "kind": s.kind.as_str(),
                "follows": s.describe(),
                "filter": s.filter,
                "site": s.site,
                "folder": dir.join(&s.folder).display().to_string(),
                "fetch": s.fetch,
                "last_sync": s.last_sync,
                "entries": s.entries,
                "last_error": s.last_error,
            });
            writeln!(out, "{line}")?;
        } else {
            let synced = s.last_sync.as_deref().unwrap_or("never");
            write!(
                out,
                "{}\t{}\t{synced}\t{} {}",
                one_line(&s.url),
                s.describe(),
                s.entries,
                noun(s.kind, s.entries)
            )?;
            match &s.last_error {
                Some(e) => writeln!(out, "\terror: {}", one_line(e))?,
                None => writeln!(out)?,
            }
        }
    }
    if sources.list.is_empty() && !args.json {
        eprintln!(
            "folio: {}: no subscriptions yet; `folio add URL` adds one",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remove(args: &RemoveArgs, out: &mut impl Write) -> Result<ExitCode> {
    let library = Library::open(&library_dir(&args.library)?)?;
    let source = fetch::remove(&library, &args.url, args.delete)?;
    let folder = library.path(&[&source.folder]);
    if args.delete {
        writeln!(
            out,
            "removed {} and deleted {}",
            one_line(&source.url),
            folder.display()
        )?;
    } else {
        writeln!(
            out,
            "removed {}; its documents stay in {} (--delete removes them)",
            one_line(&source.url),
            folder.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn library_dir(args: &LibraryArgs) -> Result<PathBuf> {
    library::location(args.library.as_deref()).context(
        "no folder for the library (set XDG_DATA_HOME or FOLIO_LIBRARY, or give --library DIR)",
    )
}

fn limits(args: &FetchArgs) -> Limits {
    Limits {
        timeout: Duration::from_secs(args.timeout),
        jobs: args.jobs as usize,
        per_host: args.per_host as usize,
        max_bytes: args.max_size * 1024 * 1024,
        ..Limits::default()
    }
}

/// 0 when every source was fetched, 1 when any failed.
fn status(outcomes: &[Outcome]) -> ExitCode {
    ExitCode::from(u8::from(outcomes.iter().any(|o| o.error.is_some())))
}

fn noun(kind: Kind, n: u64) -> &'static str {
    match (kind, n) {
        (Kind::Wordpress, 1) => "post",
        (Kind::Wordpress, _) => "posts",
        (Kind::Feed, 1) => "item",
        (Kind::Feed, _) => "items",
        (Kind::Page, 1) => "page",
        (Kind::Page, _) => "pages",
    }
}

/// `blog.example.org: 412 posts, 12 new, 3 updated, 2.1 s`, with `, 1
/// withdrawn` when the site stopped publishing some.
pub fn summary(o: &Outcome) -> String {
    let name = o.folder.clone().unwrap_or_else(|| o.url.clone());
    let kind = o.kind.unwrap_or(Kind::Page);
    let withdrawn = match o.withdrawn {
        0 => String::new(),
        n => format!(", {n} withdrawn"),
    };
    format!(
        "{}: {} {}, {} new, {} updated{withdrawn}, {:.1} s",
        one_line(&name),
        o.entries,
        noun(kind, o.entries),
        o.new,
        o.updated,
        o.elapsed.as_secs_f64()
    )
}

/// Runs `work` with progress bars (when standard error is a terminal and
/// not `--quiet`), then prints the summaries and the failures.
fn with_progress(
    args: &FetchArgs,
    out: &mut impl Write,
    work: impl FnOnce(&dyn Watch) -> Result<Vec<Outcome>>,
) -> Result<Vec<Outcome>> {
    let bars = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        // With the summaries bound for the same screen, each is printed
        // above the bars as its source ends, not all at the end.
        Bars::new(std::io::stdout().is_terminal())
    });
    let outcomes = match &bars {
        Some(bars) => {
            let outcomes = std::thread::scope(|s| {
                s.spawn(|| bars.tick_until_done());
                // The ticker stops even when the work panics, or the scope
                // would wait for it forever.
                let _stop = crate::guard::OnDrop(|| bars.done());
                work(bars)
            });
            bars.multi.clear().ok();
            outcomes?
        }
        None => work(&fetch::Quiet)?,
    };
    if bars.as_ref().is_some_and(|b| b.live_summaries) {
        return Ok(outcomes);
    }
    for o in &outcomes {
        for line in report(o, args.quiet) {
            match line {
                Line::Out(text) => writeln!(out, "{text}")?,
                Line::Err(text) => eprintln!("{text}"),
            }
        }
    }
    Ok(outcomes)
}

/// A line about one source, for standard output or standard error.
enum Line {
    Out(String),
    Err(String),
}

/// What is said about a source that ended: its summary or its failure,
/// then its notes (the failure even with `--quiet`).
fn report(o: &Outcome, quiet: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    match &o.error {
        Some(error) => lines.push(Line::Err(format!("folio: {}", one_line(error)))),
        None if !quiet => lines.push(Line::Out(summary(o))),
        None => {}
    }
    if !quiet {
        let notes = o
            .notes
            .iter()
            .map(|n| format!("folio: note: {}", one_line(n)));
        lines.extend(notes.map(Line::Err));
    }
    lines
}

/// One progress bar per source being fetched.
struct Bars {
    multi: MultiProgress,
    /// Whether each source's lines are printed as it ends (above the bars).
    live_summaries: bool,
    live: Mutex<Vec<(ProgressBar, String, Arc<Tally>)>>,
    done: Mutex<bool>,
    wake: std::sync::Condvar,
}

impl Bars {
    fn new(live_summaries: bool) -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            live_summaries,
            live: Mutex::new(Vec::new()),
            done: Mutex::new(false),
            wake: std::sync::Condvar::new(),
        }
    }

    fn tick_until_done(&self) {
        let mut done = lock(&self.done);
        while !*done {
            self.draw();
            done = self
                .wake
                .wait_timeout(done, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn done(&self) {
        *lock(&self.done) = true;
        self.wake.notify_all();
    }

    fn draw(&self) {
        for (bar, _, tally) in lock(&self.live).iter() {
            let expected = tally.expected.load(Ordering::Relaxed);
            if expected > 0 && bar.length() != Some(expected) {
                bar.set_length(expected);
                bar.set_style(bar_style());
            }
            bar.set_position(tally.items.load(Ordering::Relaxed));
            bar.set_message(format!(
                "{} requests, {} new, {} updated",
                tally.requests.load(Ordering::Relaxed),
                tally.new.load(Ordering::Relaxed),
                tally.updated.load(Ordering::Relaxed)
            ));
        }
    }
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:.bold} [{bar:30}] {pos}/{len} items, {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

impl Watch for Bars {
    fn started(&self, url: &str, tally: &Arc<Tally>) {
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:.bold} {pos} items, {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(one_line(url).into_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut live = lock(&self.live);
        live.push((bar, url.to_owned(), Arc::clone(tally)));
    }

    fn finished(&self, outcome: &Outcome) {
        let mut live = lock(&self.live);
        if let Some(i) = live.iter().position(|(_, url, _)| *url == outcome.url) {
            let (bar, _, _) = live.remove(i);
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        if self.live_summaries {
            for line in report(outcome, false) {
                let (Line::Out(text) | Line::Err(text)) = line;
                let _ = self.multi.println(text);
            }
        }
    }
}

//! A loaded collection: its entries, what became of each file, orderings,
//! and finding an entry by what a user types (id, list position, URL).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Mutex;

use foldhash::HashMap as FastMap;

use crate::collate::Titles;
use crate::load::{Diagnostic, FileReport, display_path};
use crate::model::Entry;
use crate::urls;

/// The orders the list can be shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Newest first; undated entries last.
    #[default]
    Date,
    /// By title, ignoring case.
    Title,
    /// By source file, then position in the file.
    Source,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Date, Sort::Title, Sort::Source];

    pub fn name(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::Source => "source",
        }
    }

    pub fn parse(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The next order in the cycle date → title → source → date.
    pub fn next(self) -> Sort {
        match self {
            Sort::Date => Sort::Title,
            Sort::Title => Sort::Source,
            Sort::Source => Sort::Date,
        }
    }
}

/// Entries in source order (files by path, entries in file order), and one
/// report per file read.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Changed only through the corpus's methods (or in what does not
    /// order them: a body), which keep its orders.
    pub entries: Vec<Entry>,
    pub files: Vec<FileReport>,
    /// Keyed by text from documents: foldhash, seeded per process, is
    /// fast and not open to crafted collisions.
    by_id: FastMap<String, usize>,
    by_url: FastMap<String, usize>,
    /// How many entries are withdrawn (their site no longer publishes them).
    withdrawn: usize,
    /// The orders asked for (see [`Corpus::sorted`]), by [`Sort`].
    orders: Mutex<[Option<Vec<usize>>; 3]>,
}

impl Corpus {
    /// A corpus of these entries and reports, as they are (no merging).
    pub fn new(entries: Vec<Entry>, files: Vec<FileReport>) -> Corpus {
        let mut corpus = Corpus {
            files,
            ..Corpus::default()
        };
        for e in entries {
            let key = e.url.as_deref().and_then(urls::key);
            corpus.push(e, key);
        }
        corpus
    }

    /// Adds per-file results in source order, keeping one entry per
    /// canonical URL: the published copy over a page's extraction unless
    /// it is only a summary, else the one with the longer body, else the
    /// first ([`prefer`]). The file that brought a duplicate gets a warning
    /// naming the other.
    pub fn add(&mut self, results: Vec<(Vec<Entry>, FileReport)>) {
        self.reserve(results.iter().map(|(e, _)| e.len()).sum());
        self.files.reserve(results.len());
        for (entries, mut report) in results {
            for e in entries {
                let key = e.url.as_deref().and_then(urls::key);
                let existing = key.as_ref().and_then(|k| self.by_url.get(k).copied());
                // Items that say they are different (feed items of one link
                // with distinct guids) are both kept.
                let existing = existing.filter(|&i| !distinct_ids(&self.entries[i], &e));
                let Some(i) = existing else {
                    self.push(e, key);
                    continue;
                };
                let kept = &self.entries[i];
                report.diagnostics.push(Diagnostic::warning(
                    &report.path,
                    format!(
                        "\"{}\" has the same URL as {} ({}); folio keeps the cleaner copy (published content over a saved page's, else the longer)",
                        e.title,
                        kept.id,
                        display_path(&kept.source)
                    ),
                ));
                // The other copy's fields that the kept one lacks are kept.
                if prefer(&e, kept) {
                    let mut e = e;
                    fill_from(&mut e, &self.entries[i]);
                    self.replace(i, e);
                } else {
                    let mut kept = std::mem::take(&mut self.entries[i]);
                    if fill_from(&mut kept, &e) {
                        self.reorder();
                    }
                    self.index(i, &kept);
                    self.entries[i] = kept;
                }
            }
            self.files.push(report);
        }
    }

    /// Makes room for `n` more entries. Growing by doubling would copy
    /// every entry and hold both copies at the peak, so a caller that
    /// knows how many are coming says so (see [`Corpus::add`]).
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
        self.by_id.reserve(n);
        self.by_url.reserve(n);
    }

    /// Merges files read again (a sync wrote them). An entry of a file
    /// already here replaces the one of that file with the same URL (else
    /// the one at the same place in the file), keeping its id and its
    /// position, so selections and marks stay put; other entries are added
    /// as [`Corpus::add`] adds them, with ids made unique. Entries a file
    /// no longer holds stay until the next load.
    pub fn refresh(&mut self, results: Vec<(Vec<Entry>, FileReport)>) {
        let mut by_file: HashMap<std::path::PathBuf, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            by_file.entry(e.source.clone()).or_default().push(i);
        }
        for (entries, report) in results {
            let Some(old) = by_file.get(&report.path) else {
                let entries = entries.into_iter().map(|e| self.unique_id(e)).collect();
                self.add(vec![(entries, report)]);
                continue;
            };
            // By URL first; an entry without one takes the place of the
            // entry at its position, if that one had no URL either.
            let key_of = |e: &Entry| e.url.as_deref().and_then(urls::key);
            let old_keys: Vec<Option<String>> =
                old.iter().map(|&i| key_of(&self.entries[i])).collect();
            let mut taken = vec![false; old.len()];
            let mut places: Vec<Option<usize>> = vec![None; entries.len()];
            for (n, e) in entries.iter().enumerate() {
                let Some(key) = key_of(e) else { continue };
                if let Some(k) =
                    (0..old.len()).find(|&k| !taken[k] && old_keys[k].as_ref() == Some(&key))
                {
                    taken[k] = true;
                    places[n] = Some(k);
                }
            }
            for (n, e) in entries.iter().enumerate() {
                if key_of(e).is_none() && n < old.len() && !taken[n] && old_keys[n].is_none() {
                    taken[n] = true;
                    places[n] = Some(n);
                }
            }
            let mut extra = Vec::new();
            for (mut e, place) in entries.into_iter().zip(places) {
                match place.map(|k| old[k]) {
                    Some(i) => {
                        e.id = self.entries[i].id.clone();
                        self.replace(i, e);
                    }
                    None => extra.push(self.unique_id(e)),
                }
            }
            for e in extra {
                let key = e.url.as_deref().and_then(urls::key);
                self.push(e, key);
            }
            match self.files.iter_mut().find(|f| f.path == report.path) {
                Some(f) => *f = report,
                None => self.files.push(report),
            }
        }
    }

    /// `e` with an id no entry has yet (`id`, else `id-2`, `id-3`, …).
    fn unique_id(&self, mut e: Entry) -> Entry {
        if self.by_id.contains_key(&e.id) {
            let base = e.id.clone();
            e.id = (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|id| !self.by_id.contains_key(id))
                .expect("an unbounded range has a free id");
        }
        e
    }

    /// Appends `e`, whose URL has the key `url_key`.
    fn push(&mut self, e: Entry, url_key: Option<String>) {
        let i = self.entries.len();
        self.withdrawn += usize::from(e.withdrawn);
        self.by_id.entry(e.id.clone()).or_insert(i);
        if let Some(key) = url_key {
            self.by_url.entry(key).or_insert(i);
        }
        for alias in &e.aliases {
            if let Some(key) = urls::key(alias) {
                self.by_url.entry(key).or_insert(i);
            }
        }
        self.entries.push(e);
    }

    fn replace(&mut self, i: usize, e: Entry) {
        self.reorder();
        let old = std::mem::replace(&mut self.entries[i], e);
        self.withdrawn =
            self.withdrawn - usize::from(old.withdrawn) + usize::from(self.entries[i].withdrawn);
        // Only the keys that lead here: another entry may hold the same one.
        if self.by_id.get(&old.id) == Some(&i) {
            self.by_id.remove(&old.id);
        }
        for url in old.url.iter().chain(&old.aliases) {
            if let Some(key) = urls::key(url) {
                if self.by_url.get(&key) == Some(&i) {
                    self.by_url.remove(&key);
                }
            }
        }
        let e = std::mem::take(&mut self.entries[i]);
        self.index(i, &e);
        self.entries[i] = e;
    }

    fn index(&mut self, i: usize, e: &Entry) {
        self.by_id.entry(e.id.clone()).or_insert(i);
        for url in e.url.iter().chain(&e.aliases) {
            if let Some(key) = urls::key(url) {
                self.by_url.entry(key).or_insert(i);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// How many entries their site no longer publishes.
    pub fn withdrawn(&self) -> usize {
        self.withdrawn
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every diagnostic of every file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// Files that yielded nothing because of an error.
    pub fn failed_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| f.failed())
    }

    /// Indices of the entries in the given order. Each order is kept once
    /// asked for: entries added since are sorted alone and merged in, so
    /// that a reader receiving entries chunk by chunk, or filtering as the
    /// user types, does not sort the whole corpus each time.
    pub fn sorted(&self, sort: Sort) -> Vec<usize> {
        let mut orders = crate::guard::lock(&self.orders);
        let kept = &mut orders[sort as usize];
        let known = kept.as_ref().map_or(0, Vec::len);
        if known < self.entries.len() {
            let mut added: Vec<usize> = (known..self.entries.len()).collect();
            // Title keys only for the title order.
            let with_keys = if sort == Sort::Title {
                &self.entries[..]
            } else {
                &[]
            };
            let mut titles = Titles::new(with_keys.iter().map(|e| e.title.as_str()));
            added.sort_unstable_by(|&a, &b| self.compare(sort, a, b, &mut titles));
            *kept = Some(match kept.take() {
                Some(old) => merge(old, added, |a, b| self.compare(sort, a, b, &mut titles)),
                None => added,
            });
        }
        kept.clone().unwrap_or_default()
    }

    /// How entries `a` and `b` compare in `sort`; never equal for two
    /// entries (their positions break ties). Titles sort by the Unicode
    /// collation algorithm ([`crate::collate`]); the date order's
    /// tie-break among a day's entries is the cheaper case-blind code
    /// point order.
    fn compare(&self, sort: Sort, a: usize, b: usize, titles: &mut Titles) -> Ordering {
        let (x, y) = (&self.entries[a], &self.entries[b]);
        let newest_first = || {
            y.date
                .is_some()
                .cmp(&x.date.is_some())
                .then_with(|| y.date.cmp(&x.date))
        };
        let by_title = || lowercase(&x.title).cmp(lowercase(&y.title));
        match sort {
            Sort::Source => Ordering::Equal,
            Sort::Date => newest_first().then_with(by_title),
            Sort::Title => titles
                .compare(a, &x.title, b, &y.title)
                .then_with(|| y.date.cmp(&x.date)),
        }
        .then(a.cmp(&b))
    }

    /// An entry changed in place: the orders kept are sorted again when
    /// next asked for.
    fn reorder(&mut self) {
        *crate::guard::lock(&self.orders) = Default::default();
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entry whose canonical URL or alias is `url` (scheme, `www.`,
    /// trailing slash and tracking parameters ignored), else the one of the
    /// page it is on (`…/post/#section` leads to `…/post/`, but
    /// `…/post/#comment-36` to that comment when it is an entry).
    pub fn by_url(&self, url: &str) -> Option<usize> {
        let key = urls::key(url)?;
        self.by_url.get(&key).copied().or_else(|| {
            let page = key.split_once('#')?.0;
            self.by_url.get(page).copied()
        })
    }

    /// Finds an entry by what a user typed: its id, its 1-based position in
    /// `order`, or its URL.
    pub fn find(&self, key: &str, order: &[usize]) -> Option<usize> {
        let key = key.trim();
        if let Some(i) = self.by_id(key) {
            return Some(i);
        }
        if let Ok(n) = key.parse::<usize>() {
            return n.checked_sub(1).and_then(|n| order.get(n)).copied();
        }
        self.by_url(key)
    }
}

/// Whether `new` is the better copy of a page than `kept`: the better
/// body source (content its source published over a page's extraction,
/// which is longer for its menus and popups, over a mere summary), else
/// the longer body.
fn prefer(new: &Entry, kept: &Entry) -> bool {
    new.body_source
        .cmp(&kept.body_source)
        .then_with(|| new.body.len().cmp(&kept.body.len()))
        .is_gt()
}

/// Whether two entries name themselves by ids (guids) that share nothing:
/// then they are two items, whatever their links say.
fn distinct_ids(a: &Entry, b: &Entry) -> bool {
    // URL ids compare by their keys (`http://x/?p=1` is `https://x/?p=1`).
    let key = |id: &String| urls::key(id).unwrap_or_else(|| id.clone());
    let ids: Vec<String> = a.aliases.iter().map(key).collect();
    !ids.is_empty() && !b.aliases.is_empty() && !b.aliases.iter().any(|x| ids.contains(&key(x)))
}

/// Fills what `kept` lacks from `other`, another copy of the same page:
/// author, dates, site, summary, and the tags and aliases it does not
/// have. Whether the date changed (which moves the entry in the orders).
fn fill_from(kept: &mut Entry, other: &Entry) -> bool {
    fn missing<T: Clone>(field: &mut Option<T>, other: &Option<T>) {
        if field.is_none() {
            field.clone_from(other);
        }
    }
    let dated = kept.date.is_none() && other.date.is_some();
    missing(&mut kept.date, &other.date);
    missing(&mut kept.updated, &other.updated);
    missing(&mut kept.author, &other.author);
    missing(&mut kept.site, &other.site);
    missing(&mut kept.summary, &other.summary);
    for (mine, theirs) in [
        (&mut kept.tags, &other.tags),
        (&mut kept.aliases, &other.aliases),
    ] {
        for t in theirs {
            if !mine.contains(t) {
                mine.push(t.clone());
            }
        }
    }
    dated
}

/// Two sorted runs as one, in the order of `cmp`.
fn merge(
    old: Vec<usize>,
    added: Vec<usize>,
    mut cmp: impl FnMut(usize, usize) -> Ordering,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(old.len() + added.len());
    let mut added = added.into_iter().peekable();
    for i in old {
        while let Some(&a) = added.peek() {
            if cmp(a, i) == Ordering::Less {
                out.push(a);
                added.next();
            } else {
                break;
            }
        }
        out.push(i);
    }
    out.extend(added);
    out
}

/// A title's characters ignoring case, compared without allocating (as
/// iterators they order as the lowercased strings would: UTF-8 orders as
/// code points).
fn lowercase(title: &str) -> impl Iterator<Item = char> + '_ {
    title.chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use chrono::NaiveDate;

    fn entry(id: &str, title: &str, day: Option<u32>) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            date: day.map(|d| Date::Day(NaiveDate::from_ymd_opt(2020, 1, d).unwrap())),
            url: Some(format!("https://example.org/{id}/")),
            ..Entry::default()
        }
    }

    fn corpus() -> Corpus {
        Corpus::new(
            vec![
                entry("a", "beta", Some(1)),
                entry("b", "Alpha", None),
                entry("c", "gamma", Some(3)),
            ],
            vec![],
        )
    }

    #[test]
    fn files_read_again_replace_their_entries_in_place() {
        let report = |p: &str| FileReport {
            path: p.into(),
            format: None,
            entries: 1,
            diagnostics: vec![],
        };
        let from = |id: &str, title: &str, file: &str| Entry {
            source: file.into(),
            ..entry(id, title, Some(1))
        };
        let mut c = Corpus::default();
        c.add(vec![
            (vec![from("a", "First", "a.json")], report("a.json")),
            (vec![from("b", "Second", "b.json")], report("b.json")),
        ]);
        let mut edited = from("other-id", "First, edited", "a.json");
        edited.url = Some("https://example.org/a/".into());
        let mut new = from("b", "New, same id", "new/b.json");
        new.url = Some("https://example.org/new-b/".into());
        c.refresh(vec![
            (vec![edited], report("a.json")),
            (vec![new], report("new/b.json")),
        ]);
        assert_eq!(c.len(), 3);
        assert_eq!(c.entries[0].title, "First, edited");
        assert_eq!(c.entries[0].id, "a", "the id stays");
        assert_eq!(c.by_id("a"), Some(0));
        assert_eq!(c.by_url("https://example.org/a/"), Some(0));
        assert_eq!(c.entries[2].id, "b-2", "a new file never takes an id");
        assert_eq!(c.files.len(), 3);
    }

    #[test]
    fn an_entry_inserted_in_a_file_read_again_leaves_the_others_in_place() {
        let report = FileReport {
            path: "page.html".into(),
            format: None,
            entries: 2,
            diagnostics: vec![],
        };
        let section = |id: &str, title: &str| Entry {
            source: "page.html".into(),
            url: Some(format!("https://example.org/page/{id}/")),
            ..entry(id, title, Some(1))
        };
        let mut c = Corpus::default();
        c.add(vec![(
            vec![section("a", "A"), section("b", "B")],
            report.clone(),
        )]);
        c.refresh(vec![(
            vec![
                section("new", "New"),
                section("a", "A"),
                section("b", "B, edited"),
            ],
            report,
        )]);
        let titles: Vec<&str> = c.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["A", "B, edited", "New"]);
        assert_eq!(c.by_url("https://example.org/page/b/"), Some(1));
        assert_eq!(c.by_url("https://example.org/page/new/"), Some(2));
    }

    #[test]
    fn one_entry_per_url_the_longer_kept() {
        let report = |p: &str| FileReport {
            path: p.into(),
            format: None,
            entries: 1,
            diagnostics: vec![],
        };
        let mut short = entry("x", "Short", Some(1));
        short.url = Some("https://example.org/post/".into());
        let mut long = entry("y", "Long", Some(1));
        long.url = Some("http://www.example.org/post".into());
        long.body = crate::model::Body::Text("a longer body".into());
        let mut c = Corpus::default();
        c.add(vec![(vec![short], report("a")), (vec![long], report("b"))]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.entries[0].title, "Long");
        assert_eq!(c.by_id("y"), Some(0));
        assert_eq!(c.by_id("x"), None);
        assert_eq!(c.by_url("https://example.org/post"), Some(0));
        assert!(c.files[1].diagnostics[0].message.contains("same URL as x"));
    }

    /// Issue 22 #6: of a saved page and a feed item of one URL, the feed's
    /// content is kept (the page is longer for its menus), unless the feed
    /// gives only a summary of what the page holds.
    #[test]
    fn the_published_copy_beats_a_pages_extraction_unless_it_is_a_summary() {
        let report = |p: &str| FileReport {
            path: p.into(),
            format: None,
            entries: 1,
            diagnostics: vec![],
        };
        use crate::model::BodySource;
        let copy = |id: &str, source: BodySource, len: usize| {
            let mut e = entry(id, id, Some(1));
            e.url = Some("https://example.org/post/".into());
            e.body = crate::model::Body::Text("x".repeat(len));
            e.body_source = source;
            e
        };
        for (first, second) in [("page", "feed"), ("feed", "page")] {
            let make = |id: &str| match id {
                "page" => copy("page", BodySource::Extracted, 9000),
                _ => copy("feed", BodySource::Published, 4000),
            };
            let mut c = Corpus::default();
            c.add(vec![
                (vec![make(first)], report("a")),
                (vec![make(second)], report("b")),
            ]);
            assert_eq!(c.len(), 1);
            assert_eq!(c.entries[0].id, "feed", "{first} then {second}");
        }
        let mut c = Corpus::default();
        c.add(vec![
            (vec![copy("summary", BodySource::Summary, 300)], report("a")),
            (vec![copy("page", BodySource::Extracted, 9000)], report("b")),
        ]);
        assert_eq!(c.entries[0].id, "page", "a summary loses to the whole page");
    }

    #[test]
    fn a_duplicate_gives_the_kept_copy_what_it_lacks() {
        let report = |p: &str| FileReport {
            path: p.into(),
            format: None,
            entries: 1,
            diagnostics: vec![],
        };
        let mut feed = entry("feed", "Post", None);
        feed.url = Some("https://example.org/post/".into());
        feed.author = Some("Ana Ruiz".into());
        feed.tags = vec!["norms".into()];
        feed.aliases = vec!["https://example.org/?p=7".into()];
        let mut page = entry("page", "Post", Some(3));
        page.url = Some("https://www.example.org/post".into());
        page.tags = vec!["un".into(), "norms".into()];
        page.body = crate::model::Body::Text("the whole post".into());
        let undated = entry("undated", "Aardvark", None);
        let mut c = Corpus::default();
        c.add(vec![(
            vec![feed.clone(), undated.clone()],
            report("feed.xml"),
        )]);
        c.add(vec![(vec![page.clone()], report("page.html"))]);
        assert_eq!(c.len(), 2);
        let kept = &c.entries[0];
        assert_eq!(kept.id, "page", "the longer copy is kept");
        assert_eq!(kept.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(kept.tags, ["un", "norms"]);
        assert_eq!(c.by_url("https://example.org/?p=7"), Some(0));

        // The other way round: the kept copy takes the date, and moves.
        let mut long_undated = feed;
        long_undated.body = crate::model::Body::Text("the whole post, and more".into());
        let mut c = Corpus::default();
        c.add(vec![(vec![undated, long_undated], report("a"))]);
        assert_eq!(c.sorted(Sort::Date), [0, 1], "both undated: by title");
        c.add(vec![(vec![page], report("b"))]);
        assert_eq!(
            c.entries[1].date.map(|d| d.day().to_string()).as_deref(),
            Some("2020-01-03")
        );
        assert_eq!(c.sorted(Sort::Date), [1, 0], "dated first");
    }

    #[test]
    fn orders() {
        let c = corpus();
        assert_eq!(c.sorted(Sort::Date), [2, 0, 1]);
        assert_eq!(c.sorted(Sort::Title), [1, 0, 2]);
        assert_eq!(c.sorted(Sort::Source), [0, 1, 2]);
    }

    #[test]
    fn titles_sort_as_a_reader_expects_in_any_language() {
        let titles = [
            "Zebra crossings",
            "“Responsible” behaviour",
            "Événementiel",
            "events and norms",
            "Ångström units",
            "\"Quoted\" openings",
            "éditorial",
            "apple",
            "Ezra",
        ];
        let entries = titles
            .iter()
            .enumerate()
            .map(|(i, t)| entry(&i.to_string(), t, None))
            .collect();
        let c = Corpus::new(entries, vec![]);
        let sorted: Vec<&str> = c
            .sorted(Sort::Title)
            .into_iter()
            .map(|i| c.entries[i].title.as_str())
            .collect();
        assert_eq!(
            sorted,
            [
                "Ångström units",
                "apple",
                "éditorial",
                "Événementiel",
                "events and norms",
                "Ezra",
                "\"Quoted\" openings",
                "“Responsible” behaviour",
                "Zebra crossings",
            ]
        );
    }

    proptest::proptest! {
        /// Orders kept while entries arrive in chunks (and one is replaced
        /// by a longer copy of its URL) are the orders of the whole: newest
        /// first then by title ignoring case, or by title then newest.
        #[test]
        fn orders_kept_across_chunks_are_the_orders_of_the_whole(
            entries in proptest::collection::vec(
                ("[aAbBéÉ ]{0,3}", proptest::option::of(1u32..4), 0usize..6, 0u8..20),
                1..40,
            ),
        ) {
            let mut c = Corpus::default();
            for (n, (title, day, chunk, url)) in entries.iter().enumerate() {
                let mut e = entry(&n.to_string(), title, *day);
                e.url = Some(format!("https://example.org/{url}"));
                e.body = crate::model::Body::Text("x".repeat(n));
                let report = FileReport {
                    path: "f".into(),
                    format: None,
                    entries: 1,
                    diagnostics: vec![],
                };
                c.add(vec![(vec![e], report)]);
                if *chunk == 0 {
                    for sort in Sort::ALL {
                        c.sorted(sort);
                    }
                }
            }
            let e = &c.entries;
            let mut by_date: Vec<usize> = (0..e.len()).collect();
            by_date.sort_by_key(|&i| {
                let date = e[i].date.map(|d| std::cmp::Reverse(d.day()));
                (date.is_none(), date, e[i].title.to_lowercase(), i)
            });
            let mut by_title: Vec<usize> = (0..e.len()).collect();
            by_title.sort_by(|&a, &b| {
                crate::collate::compare(&e[a].title, &e[b].title)
                    .then_with(|| e[b].date.cmp(&e[a].date))
                    .then(a.cmp(&b))
            });
            proptest::prop_assert_eq!(c.sorted(Sort::Date), by_date);
            proptest::prop_assert_eq!(c.sorted(Sort::Title), by_title);
            proptest::prop_assert_eq!(c.sorted(Sort::Source), (0..e.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn find_by_id_position_or_url() {
        let c = corpus();
        let order = c.sorted(Sort::Date);
        assert_eq!(c.find("b", &order), Some(1));
        assert_eq!(c.find("1", &order), Some(2));
        assert_eq!(c.find("0", &order), None);
        assert_eq!(c.find("4", &order), None);
        assert_eq!(
            c.find("http://www.example.org/a?utm_source=x", &order),
            Some(0)
        );
        assert_eq!(c.find("nothing", &order), None);
    }
}

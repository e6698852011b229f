//! A loaded collection: its entries, what became of each file, orderings,
//! and finding an entry by what a user types (id, list position, URL).

use std::collections::HashMap;

use crate::load::{Diagnostic, FileReport};
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
    pub entries: Vec<Entry>,
    pub files: Vec<FileReport>,
    by_id: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
}

impl Corpus {
    pub fn new(entries: Vec<Entry>, files: Vec<FileReport>) -> Corpus {
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut by_url = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for url in e.url.iter().chain(&e.aliases) {
                if let Some(key) = urls::key(url) {
                    by_url.entry(key).or_insert(i);
                }
            }
        }
        Corpus {
            entries,
            files,
            by_id,
            by_url,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
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

    /// Indices of the entries in the given order.
    pub fn sorted(&self, sort: Sort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        let e = &self.entries;
        match sort {
            Sort::Source => {}
            Sort::Date => order.sort_by(|&a, &b| {
                let (x, y) = (&e[a], &e[b]);
                y.date
                    .is_some()
                    .cmp(&x.date.is_some())
                    .then_with(|| y.date.cmp(&x.date))
                    .then_with(|| title_key(x).cmp(&title_key(y)))
                    .then(a.cmp(&b))
            }),
            Sort::Title => {
                let keys: Vec<String> = e.iter().map(title_key).collect();
                order.sort_by(|&a, &b| {
                    keys[a]
                        .cmp(&keys[b])
                        .then_with(|| e[b].date.cmp(&e[a].date))
                        .then(a.cmp(&b))
                });
            }
        }
        order
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entry whose canonical URL or alias is `url` (scheme, `www.`,
    /// trailing slash, fragment and tracking parameters ignored).
    pub fn by_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(&urls::key(url)?).copied()
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

fn title_key(e: &Entry) -> String {
    e.title.to_lowercase()
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
    fn orders() {
        let c = corpus();
        assert_eq!(c.sorted(Sort::Date), [2, 0, 1]);
        assert_eq!(c.sorted(Sort::Title), [1, 0, 2]);
        assert_eq!(c.sorted(Sort::Source), [0, 1, 2]);
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

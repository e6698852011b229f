//! Entries of different files that share a canonical URL, in a persisted
//! index.
//!
//! A loaded corpus keeps one entry per URL (`Corpus::add`: the published
//! copy over a page's extraction, else the longer body, else the first in
//! source order; entries whose ids differ are both kept). Stand-ins carry
//! what that decision reads: ids, body length, and where the body comes
//! from. A persisted index is updated one file at a time, so it holds
//! every file's entries as read. To search what `folio list` shows, no
//! more and no less, the index records each entry's URL keys (its URL's and
//! its aliases'); after each update it notes the keys that more than one
//! entry has, and when opened it replays `Corpus::add` itself, in source
//! order, on stand-ins for the entries that share a key (nothing else can
//! interact with them), and hides the entries that did not survive. Hidden
//! entries never match, so they never push a shown entry out of the top
//! hits. Only the rare shared URLs cost anything at open time.

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::corpus::Corpus;
use crate::load::FileReport;
use crate::model::{Body, Entry};

use super::schema::Fields;

/// URL keys that more than one live entry of the index has, sorted.
pub(crate) fn scan(searcher: &Searcher) -> tantivy::Result<Vec<String>> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("url_keys")? else {
            continue;
        };
        let mut per_ord = vec![0u32; column.num_terms()];
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            for ord in column.term_ords(doc) {
                if let Some(n) = usize::try_from(ord).ok().and_then(|o| per_ord.get_mut(o)) {
                    *n += 1;
                }
            }
        }
        let mut stream = column.dictionary().stream()?;
        let mut ord = 0;
        while stream.advance() {
            let n = per_ord.get(ord).copied().unwrap_or(0);
            if n > 0 {
                let key = String::from_utf8_lossy(stream.key()).into_owned();
                *counts.entry(key).or_default() += n;
            }
            ord += 1;
        }
    }
    let mut dups: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(k, _)| k)
        .collect();
    dups.sort();
    Ok(dups)
}

/// The ids of the entries `Corpus::add` would not keep. `file_order`
/// gives each file key's place in the current source order.
pub(crate) fn hidden(
    searcher: &Searcher,
    f: &Fields,
    duplicates: &[String],
    file_order: &HashMap<&str, usize>,
) -> tantivy::Result<Vec<String>> {
    let mut involved: HashSet<DocAddress> = HashSet::new();
    for key in duplicates {
        let query = TermQuery::new(
            Term::from_field_text(f.url_keys, key),
            IndexRecordOption::Basic,
        );
        involved.extend(searcher.search(&query, &DocSetCollector)?);
    }
    // (file place, position in file, stand-in entry)
    let mut standins: Vec<(usize, u64, Entry)> = Vec::with_capacity(involved.len());
    for address in involved {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let body_len = usize::try_from(number(f.body_len)).unwrap_or(usize::MAX);
        let entry = Entry {
            id: text(f.id).unwrap_or_default(),
            url: text(f.url),
            aliases: doc
                .get_all(f.alias)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            // Only its length, and where it came from, matter to `Corpus::add`.
            body: Body::Text(" ".repeat(body_len.min(1 << 30))),
            body_source: crate::model::BodySource::from_rank(number(f.body_source)),
            ..Entry::default()
        };
        let file = text(f.file).unwrap_or_default();
        let place = file_order.get(file.as_str()).copied().unwrap_or(usize::MAX);
        standins.push((place, number(f.pos), entry));
    }
    standins.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let ids: Vec<String> = standins.iter().map(|(_, _, e)| e.id.clone()).collect();
    let mut results: Vec<(Vec<Entry>, FileReport)> = Vec::new();
    let mut last_place = None;
    for (place, _, entry) in standins {
        if last_place != Some(place) {
            last_place = Some(place);
            results.push((
                Vec::new(),
                FileReport {
                    path: Default::default(),
                    format: None,
                    entries: 0,
                    diagnostics: Vec::new(),
                },
            ));
        }
        if let Some((entries, _)) = results.last_mut() {
            entries.push(entry);
        }
    }
    let mut replay = Corpus::default();
    replay.add(results);
    let kept: HashSet<&str> = replay.entries.iter().map(|e| e.id.as_str()).collect();
    Ok(ids
        .into_iter()
        .filter(|id| !kept.contains(id.as_str()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Body, Entry};
    use crate::search::schema;

    fn entry(id: &str, url: &str, body: &str) -> Entry {
        Entry {
            id: id.into(),
            title: id.into(),
            url: Some(url.into()),
            body: Body::Text(body.into()),
            ..Entry::default()
        }
    }

    fn ids(c: &Corpus) -> Vec<String> {
        let mut ids: Vec<String> = c.entries.iter().map(|e| e.id.clone()).collect();
        ids.sort();
        ids
    }

    /// Files in source order `a`, `b`, `c`, indexed in another order (as
    /// updates happen), with a deletion, across two commits; what is shown
    /// is what `Corpus::add` keeps of the live entries.
    #[test]
    fn the_entries_shown_are_those_corpus_add_keeps() {
        let (schema, f) = schema::schema();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut guid = entry("b:3", "https://x.org/?p=7", "a body of some length");
        guid.aliases = vec!["https://x.org/by-guid/".into()];
        // (file, file place, position, entry); "gone" is deleted below.
        let live = [
            ("a", 0, 0, entry("a", "https://x.org/alone", "x")),
            ("b", 1, 0, entry("b:1", "https://x.org/same/", "12345")),
            ("b", 1, 1, entry("b:2", "https://x.org/long", "short")),
            ("b", 1, 2, guid),
            ("c", 2, 0, entry("c", "https://x.org/same", "12345")),
            (
                "c",
                2,
                1,
                entry(
                    "c:2",
                    "http://www.x.org/by-guid",
                    "longer than the guid one's body",
                ),
            ),
            (
                "a",
                0,
                1,
                entry(
                    "a:2",
                    "https://www.x.org/long?utm_source=n",
                    "the longest body of all",
                ),
            ),
        ];
        for (file, _, pos, e) in &live[..6] {
            writer
                .add_document(schema::document(&f, e, file, *pos))
                .unwrap();
        }
        let gone = entry(
            "gone",
            "https://x.org/long",
            "an even much longer body than all",
        );
        writer
            .add_document(schema::document(&f, &gone, "gone", 0))
            .unwrap();
        writer.commit().unwrap();
        let (file, _, pos, e) = &live[6];
        writer
            .add_document(schema::document(&f, e, file, *pos))
            .unwrap();
        writer.delete_term(schema::file_term(&f, "gone"));
        writer.commit().unwrap();

        let searcher = index.reader().unwrap().searcher();
        let dups = scan(&searcher).unwrap();
        assert_eq!(dups, ["x.org/by-guid", "x.org/long", "x.org/same"]);
        let order: HashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2)].into_iter().collect();
        let hidden = hidden(&searcher, &f, &dups, &order).unwrap();

        let mut sorted: Vec<_> = live.iter().collect();
        sorted.sort_by_key(|(_, place, pos, _)| (*place, *pos));
        let mut expected = Corpus::default();
        for (_, _, _, e) in sorted {
            let report = FileReport {
                path: Default::default(),
                format: None,
                entries: 1,
                diagnostics: Vec::new(),
            };
            expected.add(vec![(vec![e.clone()], report)]);
        }
        let mut shown: Vec<String> = live
            .iter()
            .map(|(_, _, _, e)| e.id.clone())
            .filter(|id| !hidden.contains(id))
            .collect();
        shown.sort();
        assert_eq!(shown, ids(&expected));
        // By hand: longest body, first among equals, aliases count.
        assert_eq!(shown, ["a", "a:2", "b:1", "c:2"]);
    }
}

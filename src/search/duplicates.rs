//! Entries of different files that share a canonical URL, in a persisted
//! index.
//!
//! `load::assemble` keeps one entry per URL: the one with the longest body,
//! the first in source order among equals. A persisted index is updated one
//! file at a time, so it holds every file's entries as read; to find what
//! `folio list` shows (no more, no less), it remembers which URL keys more
//! than one entry has (computed after each update, from the `url_key`
//! column) and, when opened, hides every entry of those groups but the one
//! `assemble` would keep. Hidden entries never match, so they never push a
//! shown entry out of the top hits. Only the rare duplicated URLs cost
//! anything at open time.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::schema::Fields;

/// URL keys that more than one live entry of the index has, sorted.
pub(crate) fn scan(searcher: &Searcher) -> tantivy::Result<Vec<String>> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("url_key")? else {
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

/// The ids to hide: for each duplicated URL key, every entry but the one
/// `assemble` keeps. `file_order` gives each file key's place in the
/// current source order.
pub(crate) fn hidden(
    searcher: &Searcher,
    f: &Fields,
    duplicates: &[String],
    file_order: &HashMap<&str, usize>,
) -> tantivy::Result<Vec<String>> {
    let mut hidden = Vec::new();
    for key in duplicates {
        let query = TermQuery::new(
            Term::from_field_text(f.url_key, key),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&query, &DocSetCollector)?;
        // (id, body length, file place, position in file)
        let mut group: Vec<(String, u64, usize, u64)> = Vec::with_capacity(docs.len());
        for address in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
            let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            group.push((
                text(f.id).to_owned(),
                number(f.body_len),
                file_order.get(text(f.file)).copied().unwrap_or(usize::MAX),
                number(f.pos),
            ));
        }
        // Longest body first, then source order: the first one is kept.
        group.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
        hidden.extend(group.into_iter().skip(1).map(|(id, ..)| id));
    }
    Ok(hidden)
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

    /// Files in source order `a`, `b`, `c`, indexed in another order (as
    /// updates happen), with deletions, across several commits.
    #[test]
    fn the_entry_assemble_keeps_is_the_one_shown() {
        let (schema, f) = schema::schema();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let add = |w: &tantivy::IndexWriter, e: &Entry, file: &str, pos: u64| {
            w.add_document(schema::document(&f, e, file, pos)).unwrap();
        };
        // Same length: the first in source order wins (b:1 before c).
        add(&writer, &entry("c", "https://x.org/same", "12345"), "c", 0);
        add(
            &writer,
            &entry("b:1", "https://x.org/same/", "12345"),
            "b",
            0,
        );
        // Longer body wins whatever the order.
        add(
            &writer,
            &entry("b:2", "https://x.org/long", "short"),
            "b",
            1,
        );
        add(
            &writer,
            &entry("c-old", "https://x.org/long", "much longer body"),
            "gone",
            0,
        );
        add(&writer, &entry("a", "https://x.org/alone", "x"), "a", 0);
        writer.commit().unwrap();
        add(
            &writer,
            &entry(
                "a:2",
                "https://www.x.org/long?utm_source=n",
                "the longest body of all",
            ),
            "a",
            1,
        );
        writer.delete_term(schema::file_term(&f, "gone"));
        writer.commit().unwrap();

        let searcher = index.reader().unwrap().searcher();
        let dups = scan(&searcher).unwrap();
        assert_eq!(dups, ["x.org/long", "x.org/same"]);
        let order: HashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2)].into_iter().collect();
        let mut hidden = hidden(&searcher, &f, &dups, &order).unwrap();
        hidden.sort();
        assert_eq!(hidden, ["b:2", "c"]);
    }
}

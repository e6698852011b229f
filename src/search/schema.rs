//! What the index holds: the tantivy schema, the text analyzers, and the
//! document made from each entry.
//!
//! Text fields are analyzed by splitting on anything not a letter or
//! digit (CJK runs into overlapping pairs of letters: see `tokenizer`),
//! dropping tokens over 40 bytes, lowercasing, folding accents to
//! ASCII and English stemming (cached), with positions for phrases; the
//! index also gets each word as written beside its stem (see `stem`) for
//! prefix queries. Queries are analyzed the same way, without the words.
//!
//! Stored fields are what a hit prints without loading the corpus: id,
//! title, date, kind, URL, author, site and the body's text for snippets.
//! `file`, `pos`, `url_keys`, `alias` and `body_len` exist for the
//! persisted index: deleting a changed file's entries, and choosing among
//! entries of different files that share a URL as `Corpus::add` does.

use chrono::NaiveDate;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, TokenStream,
};
use tantivy::{Index, TantivyDocument, Term};

use crate::model::{Body, Entry};

use super::query::TextField;
use super::stem::CachedStemmer;
use super::tokenizer::WordTokenizer;

/// Bumped whenever the schema or an analyzer changes; part of the cache
/// folder's name, so an old index is never read with new rules.
pub const SCHEMA_VERSION: u32 = 4;

/// The `withdrawn` field's value for an entry its site no longer publishes.
pub(crate) const WITHDRAWN: &str = "yes";

const TEXT: &str = "folio_text";

/// Title matches outrank body matches; names and tags sit between.
pub(crate) const BOOST_TITLE: f32 = 3.0;
pub(crate) const BOOST_AUTHOR: f32 = 2.0;
pub(crate) const BOOST_TAGS: f32 = 2.0;
pub(crate) const BOOST_SITE: f32 = 1.5;
pub(crate) const BOOST_BODY: f32 = 1.0;

/// The analyzer for queries: words, lowercased, accents folded, stemmed
/// (English, with a cache: see `stem`).
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer { words: false })
        .build()
}

/// The analyzer for indexed text: [`stem_analyzer`], plus each word as
/// written where it differs from its stem, marked with
/// [`super::stem::WORD_MARK`].
pub fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer { words: true })
        .build()
}

/// [`stem_analyzer`] without the stemming: words as written (folded).
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The tokens `analyzer` makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Handles of the schema's fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub id: Field,
    pub file: Field,
    pub pos: Field,
    pub url_keys: Field,
    pub alias: Field,
    pub body_len: Field,
    pub kind: Field,
    pub day: Field,
    pub date: Field,
    pub url: Field,
    pub title: Field,
    pub body: Field,
    pub author: Field,
    pub site: Field,
    pub tags: Field,
    /// `yes` for an entry its site no longer publishes.
    pub withdrawn: Field,
    /// `Entry::body_source`'s rank, for the duplicates' replay.
    pub body_source: Field,
}

impl Fields {
    /// The field a field filter searches.
    pub fn text(&self, field: TextField) -> Field {
        match field {
            TextField::Title => self.title,
            TextField::Author => self.author,
            TextField::Site => self.site,
            TextField::Tag => self.tags,
        }
    }

    /// The fields searched when a clause names none, with their boosts.
    pub fn all(&self) -> [(Field, f32); 5] {
        [
            (self.title, BOOST_TITLE),
            (self.body, BOOST_BODY),
            (self.author, BOOST_AUTHOR),
            (self.site, BOOST_SITE),
            (self.tags, BOOST_TAGS),
        ]
    }
}

/// The schema, and its fields' handles.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stem = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        file: b.add_text_field("file", STRING | STORED),
        pos: b.add_u64_field("pos", STORED),
        url_keys: b.add_text_field("url_keys", STRING | FAST),
        alias: b.add_text_field("alias", STORED),
        body_len: b.add_u64_field("body_len", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        day: b.add_i64_field("day", INDEXED | FAST),
        date: b.add_text_field("date", STORED),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", stem(true)),
        body: b.add_text_field("body", stem(true)),
        author: b.add_text_field("author", stem(true)),
        site: b.add_text_field("site", stem(true)),
        tags: b.add_text_field("tags", stem(false)),
        withdrawn: b.add_text_field("withdrawn", STRING),
        body_source: b.add_u64_field("body_source", STORED),
    };
    (b.build(), fields)
}

/// Makes `index` know the analyzers its schema names (tantivy does not
/// persist them).
pub(crate) fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT, index_analyzer());
}

/// Days since 1970-01-01: the `day` field's value.
pub(crate) fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}

/// The text searched and shown in snippets: HTML reduced to its visible text.
pub fn body_text(body: &Body) -> std::borrow::Cow<'_, str> {
    match body {
        Body::Html(html) => crate::markup::scan(html).text.into(),
        Body::Text(_) | Body::Unloaded { .. } => body.as_str().into(),
    }
}

/// Terms longer than this are stored as a hash, so that tantivy never
/// drops them (it skips terms of 64 KB and more).
const MAX_KEY: usize = 1024;

/// `key` made short enough to be one term.
pub(crate) fn term_key(key: &str) -> std::borrow::Cow<'_, str> {
    if key.len() <= MAX_KEY {
        key.into()
    } else {
        format!("#{:016x}", crate::cache::fnv1a(key.as_bytes())).into()
    }
}

/// The document for an entry read from the file known as `file`, `pos`
/// being its place among that file's entries.
pub(crate) fn document(f: &Fields, e: &Entry, file: &str, pos: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.id, &e.id);
    doc.add_text(f.file, term_key(file));
    doc.add_u64(f.pos, pos);
    // The keys `Corpus::by_url` knows the entry by, each once.
    let mut keys: Vec<String> = Vec::new();
    for url in e.url.iter().chain(&e.aliases) {
        if let Some(key) = crate::urls::key(url) {
            let key = term_key(&key).into_owned();
            if !keys.contains(&key) {
                doc.add_text(f.url_keys, &key);
                keys.push(key);
            }
        }
    }
    for alias in &e.aliases {
        doc.add_text(f.alias, alias);
    }
    doc.add_u64(f.body_len, e.body.as_str().len() as u64);
    doc.add_text(f.kind, e.kind.as_str());
    if let Some(date) = e.date {
        doc.add_i64(f.day, day_number(date.day()));
        doc.add_text(f.date, date.to_string());
    }
    if let Some(url) = &e.url {
        doc.add_text(f.url, url);
    }
    doc.add_text(f.title, &e.title);
    doc.add_text(f.body, body_text(&e.body));
    for (field, value) in [(f.author, &e.author), (f.site, &e.site)] {
        if let Some(v) = value {
            doc.add_text(field, v);
        }
    }
    for tag in &e.tags {
        doc.add_text(f.tags, tag);
    }
    if e.withdrawn {
        doc.add_text(f.withdrawn, WITHDRAWN);
    }
    doc.add_u64(f.body_source, e.body_source.rank());
    doc
}

/// The term naming a file's entries, for deleting them.
pub(crate) fn file_term(f: &Fields, file: &str) -> Term {
    Term::from_field_text(f.file, &term_key(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_folds_case_and_accents_and_stems() {
        let mut a = stem_analyzer();
        assert_eq!(
            tokens(&mut a, "Norms, NORM; Zürich naïve"),
            ["norm", "norm", "zurich", "naiv"]
        );
        let mut w = words_analyzer();
        assert_eq!(
            tokens(&mut w, "Security Ben-Avie"),
            ["security", "ben", "avie"]
        );
        assert_eq!(tokens(&mut a, "security"), ["secur"]);
    }

    #[test]
    fn long_keys_become_hashes() {
        let long = "x".repeat(5000);
        assert!(term_key(&long).len() < 20);
        assert_eq!(term_key("short"), "short");
    }
}

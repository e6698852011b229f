#![allow(dead_code)] // each fuzz target uses one function

//! The bodies of folio's fuzz targets, one function per boundary where
//! outside bytes enter. `fuzz/fuzz_targets/*.rs` call them under libFuzzer
//! (`cargo +nightly fuzz run TARGET`); `tests/fuzz_regressions.rs` replays
//! every input that once found a bug through the same functions on the
//! stable toolchain. Each panics on what a user must never see: a panic in
//! folio (including one `folio::guard` caught and turned into a
//! diagnostic), or a rendering that breaks
//! [`crate::render_invariants::check`].
//!
//! The including crate must also include `render_invariants.rs` as
//! `render_invariants`.

use std::borrow::Cow;
use std::path::PathBuf;

use folio::load::{self, Source};
use folio::model::{Body, Entry};

/// File names the loader's input is tried under: detection is by content,
/// but a name can tip it (JSON saved as `.txt`, a feed saved as `.html`,
/// no extension at all, a Jekyll date in the name).
const NAMES: &[&str] = &[
    "post.txt",
    "posts.json",
    "page.html",
    "feed.xml",
    "feed.rss",
    "notes.md",
    "README",
    "2026-06-22-workshops.md",
    "news.atom",
    "saved.htm",
    "export.xml",
    "-",
];

/// The loader: the first byte picks a file name, the rest is the file.
/// Every entry is then laid out at a width also picked by the first byte.
pub fn load(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let source = Source {
        path: PathBuf::from(NAMES[usize::from(pick) % NAMES.len()]),
        id_base: "fuzz".into(),
        bytes: Some(Cow::Owned(bytes.to_vec())),
    };
    let caught = folio::guard::caught();
    let (entries, report) = load::load_source(&source);
    assert_no_caught_panic(caught, &report.diagnostics);
    let width = 1 + u16::from(pick) * 2;
    for e in &entries {
        assert!(!e.id.is_empty(), "an entry without an id");
        assert!(!e.title.trim().is_empty(), "entry {} has no title", e.id);
        let _ = (e.links(), e.words(), e.reading_minutes());
        check_render(e, width);
    }
    let corpus = load::assemble(vec![(entries, report)]);
    for e in &corpus.entries {
        if let Some(url) = &e.url {
            assert!(
                corpus.by_url(url).is_some(),
                "{url} does not find its entry"
            );
        }
    }
}

/// The renderer: two bytes pick the width (1 to 500) and whether the rest
/// is HTML or text; the rest, up to the first NUL, is the title, and after
/// it the body.
pub fn render(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let width = 1 + u16::from_le_bytes([data[0], data[1] & 0x01]) % 500;
    let html = data[1] & 0x80 == 0;
    let text = String::from_utf8_lossy(&data[2..]);
    let (title, body) = text.split_once('\0').unwrap_or(("Fuzz", &text));
    let entry = Entry {
        id: "fuzz".into(),
        title: title.to_owned(),
        url: Some("https://example.org/a/b/".into()),
        body: if html {
            Body::Html(body.to_owned())
        } else {
            Body::Text(body.to_owned())
        },
        ..Entry::default()
    };
    check_render(&entry, width);
}

/// The search query syntax, parsed and searched against the sample
/// corpus: a query never panics; what it cannot read is a problem or an
/// error, never a crash.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let syntax = folio::search::Syntax::new().with_filter("is", |value| match value {
        "read" | "unread" | "starred" => Ok(()),
        other => Err(format!("is:{other} is not a state")),
    });
    let Ok(query) = syntax.parse(&text) else {
        return;
    };
    for problem in &query.warnings {
        assert!(!problem.to_string().is_empty());
    }
    let _ = sample_index().search(&query, 20);
}

/// The configuration file: every setting that is wrong is a problem with
/// a line, and what folio builds from it (theme, browser, keys) is usable.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (config, problems) = folio::config::parse(&text);
    for p in &problems {
        assert!(!p.to_string().is_empty());
    }
    let _ = (config.theme(), config.browser());
}

/// URL resolution and matching: a base and a link (split at the first
/// newline) are resolved; an entry with that URL (and aliases) is found
/// again by it, whatever tracking parameters are added.
pub fn urls(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (base, href) = text
        .split_once('\n')
        .unwrap_or(("https://example.org/", &text));
    let parsed = folio::urls::base(base);
    let resolved = folio::urls::resolve(parsed.as_ref(), href);
    let Some(key) = folio::urls::key(&resolved) else {
        return;
    };
    assert_eq!(
        folio::urls::key(&resolved),
        Some(key.clone()),
        "a key is stable"
    );
    let entry = Entry {
        id: "u".into(),
        title: "u".into(),
        url: Some(resolved.clone()),
        aliases: vec![format!("{base}?p=7")],
        ..Entry::default()
    };
    let corpus = folio::corpus::Corpus::new(vec![entry], Vec::new());
    assert_eq!(
        corpus.by_url(&resolved),
        Some(0),
        "{resolved} finds its entry"
    );
    if !resolved.contains('#') {
        let sep = if resolved.contains('?') { '&' } else { '?' };
        let tracked = format!("{resolved}{sep}utm_source=feed&fbclid=x");
        if folio::urls::key(&tracked).is_some() {
            assert_eq!(
                folio::urls::key(&tracked),
                Some(key),
                "tracking parameters change the key of {resolved}"
            );
        }
    }
}

fn check_render(entry: &Entry, width: u16) {
    let caught = folio::guard::caught();
    let rendered = folio::render::render(entry, width);
    assert_no_caught_panic(
        caught,
        &rendered
            .lines
            .iter()
            .map(folio::render::text_of)
            .collect::<Vec<_>>(),
    );
    if let Err(why) = crate::render_invariants::check(&rendered, width) {
        panic!("rendering {} at width {width}: {why}", entry.id);
    }
}

/// Fails when a panic was caught since `before` ([`folio::guard::caught`]),
/// showing what folio made of it.
fn assert_no_caught_panic(before: usize, shown: &[impl std::fmt::Debug]) {
    if folio::guard::caught() > before {
        panic!("folio caught a panic; it showed: {shown:#?}");
    }
}

/// An index of the sample corpus, built once.
fn sample_index() -> &'static folio::search::SearchIndex {
    static INDEX: std::sync::OnceLock<folio::search::SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = load::load_sample();
        folio::search::SearchIndex::from_entries(&corpus.entries, &mut |_| {})
            .expect("indexing the sample corpus")
    })
}

//! State keys: what identifies an entry across runs, renames and moves.
//!
//! An entry with a canonical URL is filed under the URL's key
//! ([`crate::urls::key`]: scheme, `www.`, trailing slash and
//! tracking parameters ignored; a fragment kept, since it names an item of
//! its own such as a comment), so the same post saved twice, or moved to
//! another folder, shares its marks. An entry without one is filed under a
//! hash of its content (title and body): xxh3-128, a fixed, documented
//! function (not std's `DefaultHasher`, which may change between Rust
//! releases). Editing such an entry's text gives it a new key; moving or
//! renaming its file does not.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::model::{Body, Entry};
use crate::urls;

/// Prefix of content keys. URL keys start with a host name, and a host
/// followed by `:` is followed by a port (digits), so the two never meet.
const CONTENT: &str = "xxh3:";

/// The key an entry's state is filed under.
pub fn entry_key(e: &Entry) -> String {
    match e.url.as_deref().and_then(urls::key) {
        Some(k) => k,
        None => content_key(e),
    }
}

/// `xxh3:` and 32 hex digits of the hash of the title and body, derived
/// once per entry (a listing, whose bodies stay in their files, has it
/// from the catalogue).
pub fn content_key(e: &Entry) -> String {
    derived_content_key(e).to_owned()
}

/// [`content_key`], borrowed from the entry.
pub(crate) fn derived_content_key(e: &Entry) -> &str {
    e.content_key.get_or_init(|| hash_content(e))
}

fn hash_content(e: &Entry) -> String {
    let mut h = Xxh3::new();
    h.update(e.title.as_bytes());
    h.update(&[0]);
    h.update(match e.body {
        Body::Html(_) => b"h",
        Body::Text(_) | Body::Unloaded { html: false, .. } => b"t",
        Body::Unloaded { html: true, .. } => b"h",
    });
    h.update(e.body.as_str().as_bytes());
    format!("{CONTENT}{:032x}", h.digest128())
}

/// The key of a set of inputs, under which the last place is kept: the
/// canonical paths, sorted, one per line; `sample` for the bundled sample.
pub fn corpus_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "sample".into();
    }
    let mut shown: Vec<String> = paths
        .iter()
        .map(|p| {
            if p == Path::new("-") {
                return "-".to_owned();
            }
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect();
    shown.sort();
    shown.dedup();
    shown.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: Option<&str>, title: &str, body: &str) -> Entry {
        Entry {
            url: url.map(str::to_owned),
            title: title.into(),
            body: Body::Html(body.into()),
            source: "somewhere/a.json".into(),
            ..Entry::default()
        }
    }

    #[test]
    fn spellings_of_one_url_share_a_key() {
        let a = entry(Some("https://www.example.org/a/?utm_source=x"), "A", "x");
        let b = entry(Some("http://example.org/a#"), "Other title", "y");
        assert_eq!(entry_key(&a), entry_key(&b));
        assert_eq!(entry_key(&a), "example.org/a");
        // A fragment names an item of its own (a comment on the page).
        let comment = entry(Some("http://example.org/a#comment-3"), "Re: A", "z");
        assert_eq!(entry_key(&comment), "example.org/a#comment-3");
    }

    #[test]
    fn entries_without_a_url_are_keyed_by_content_not_path() {
        let a = entry(None, "Notes", "<p>text</p>");
        let mut moved = a.clone();
        moved.source = "elsewhere/renamed.json".into();
        moved.id = "renamed".into();
        assert_eq!(entry_key(&a), entry_key(&moved));
        assert_ne!(
            entry_key(&a),
            entry_key(&entry(None, "Notes", "<p>text!</p>"))
        );
        assert_ne!(
            entry_key(&a),
            entry_key(&entry(None, "Notes2", "<p>text</p>"))
        );
        let k = entry_key(&a);
        assert!(k.starts_with("xxh3:") && k.len() == 5 + 32, "{k}");
    }

    #[test]
    fn content_keys_are_stable_across_releases() {
        // The hash is pinned: a change of function would orphan every mark
        // of an entry without a URL. XXH3-128 of the empty input (the
        // reference value from the xxHash test vectors):
        assert_eq!(
            xxhash_rust::xxh3::xxh3_128(b""),
            0x99aa06d3014798d86001c324468d497f
        );
        let e = Entry {
            title: "t".into(),
            body: Body::Text("b".into()),
            ..Entry::default()
        };
        assert_eq!(
            content_key(&e),
            format!("xxh3:{:032x}", xxhash_rust::xxh3::xxh3_128(b"t\0tb"))
        );
    }

    #[test]
    fn corpus_keys_ignore_order_and_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let dotted = dir.path().join("a/../b");
        assert_eq!(
            corpus_key(&[a.clone(), b.clone()]),
            corpus_key(&[dotted, a.clone()])
        );
        assert_eq!(corpus_key(&[]), "sample");
    }
}

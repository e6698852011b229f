//! The subscriptions file, `folio-sources.toml`: which URLs the library
//! follows, what each turned out to be, and what the next sync needs to ask
//! only for what changed (validators, the newest modification seen per
//! WordPress post type). It is TOML so a person can read and edit it, and
//! it travels with the library when the folder is copied or put under git.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::names;

/// What a subscription turned out to be, decided by what the server said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A WordPress site, fetched whole through its REST API.
    Wordpress,
    /// An RSS, Atom or JSON feed.
    Feed,
    /// Any other page, saved as it is.
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Wordpress => "wordpress",
            Kind::Feed => "feed",
            Kind::Page => "page",
        }
    }
}

/// HTTP validators of the last good response, for conditional requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One WordPress post type, as the site's `/wp/v2/types` described it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostType {
    /// The collection's route under the API root (`wp/v2/posts`).
    pub route: String,
    /// The folder its items are saved in, inside the source's folder.
    pub folder: String,
    /// The newest `modified` among the items saved, once the type was
    /// fetched through to the end: the next sync asks only for newer ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// One subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The URL as the user gave it.
    pub url: String,
    pub kind: Kind,
    /// Its folder in the library (one name, made by folio).
    pub folder: String,
    /// What is fetched: the REST API root, the feed, or the page.
    pub fetch: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Documents in its folder after the last sync.
    #[serde(default)]
    pub entries: u64,
    #[serde(default, skip_serializing_if = "Validators::is_empty")]
    pub validators: Validators,
    /// The site's name, as a WordPress site's REST root gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Only the posts of one category, tag or author of a WordPress site
    /// (`categories=5`, `tags=7`, `author=2`): the subscription came from
    /// that archive's feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// WordPress post types, by their slug.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, PostType>,
}

/// The collection parameters a filter may set, and what each is called.
const FILTERS: &[(&str, &str)] = &[
    ("categories", "category"),
    ("tags", "tag"),
    ("author", "author"),
];

/// `categories=5` from a term's or author's REST route (`wp/v2/categories/5`,
/// `wp/v2/users/2`); `None` for anything else.
pub fn filter_for_route(route: &str) -> Option<String> {
    let mut parts = route.trim_matches('/').split('/');
    let (Some("wp"), Some("v2"), Some(base), Some(id), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let param = match base {
        "users" => "author",
        other => other,
    };
    let known = FILTERS.iter().any(|(p, _)| *p == param);
    (known && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{param}={id}"))
}

impl Source {
    /// The filter as request parameters; none when it is not one folio
    /// writes (a hand edit), so a bad edit widens, never breaks, the sync.
    pub fn filter_params(&self) -> Vec<(String, String)> {
        self.filter
            .as_deref()
            .and_then(|f| f.split_once('='))
            .filter(|(k, v)| {
                FILTERS.iter().any(|(p, _)| p == k)
                    && !v.is_empty()
                    && v.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(k, v)| vec![(k.to_owned(), v.to_owned())])
            .unwrap_or_default()
    }

    /// What is followed, for `folio sources`: `wordpress`, `wordpress
    /// (category 5 only)`, `feed`, `page`.
    pub fn describe(&self) -> String {
        match self.filter_params().first() {
            Some((k, v)) => {
                let what = FILTERS
                    .iter()
                    .find(|(p, _)| p == k)
                    .map_or("filter", |(_, w)| w);
                format!("{} ({what} {v} only)", self.kind.as_str())
            }
            None => self.kind.as_str().to_owned(),
        }
    }
}

/// Every subscription of a library, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    #[serde(default, rename = "source")]
    pub list: Vec<Source>,
}

const HEADER: &str = "\
# folio's subscriptions for this library. `folio add URL` adds one,
# `folio remove URL` removes one, `folio sync` fetches what is new.
# Editing by hand is fine; `folder` must stay a plain folder name.

";

impl Sources {
    /// Reads the file; a missing file is no subscriptions.
    pub fn read(path: &Path) -> Result<Sources> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Sources::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let sources: Sources = toml::from_str(&text).with_context(|| {
            format!(
                "{}: not a subscriptions file folio can read",
                path.display()
            )
        })?;
        for s in &sources.list {
            let folders = std::iter::once(&s.folder).chain(s.types.values().map(|t| &t.folder));
            if let Some(bad) = folders.into_iter().find(|f| !names::is_component(f)) {
                bail!(
                    "{}: the source {} has the folder {bad:?}, which is not a plain folder name",
                    path.display(),
                    s.url
                );
            }
        }
        Ok(sources)
    }

    /// Writes the file atomically and durably.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = format!("{HEADER}{}", toml::to_string_pretty(self)?);
        super::write_atomic(path, text.as_bytes(), true)
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// The subscription for `url`, compared as given or normalised.
    pub fn find(&self, url: &str) -> Option<usize> {
        let wanted = normalise(url);
        self.list
            .iter()
            .position(|s| s.url == url || normalise(&s.url) == wanted)
    }

    /// A folder name for a new source, unique in the library even on a
    /// case-insensitive disk: `base`, else `base-2`, `base-3`, …. A folder
    /// `in_use` (one a removed source left its documents in) is not given
    /// out again: a new source there would take them for its own.
    pub fn free_folder(&self, base: &str, in_use: impl Fn(&str) -> bool) -> String {
        let taken = |name: &str| {
            in_use(name)
                || self
                    .list
                    .iter()
                    .any(|s| s.folder.eq_ignore_ascii_case(name))
        };
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| names::with_suffix(base, &format!("-{n}")))
            .find(|name| !taken(name))
            .expect("an unbounded range has a free name")
    }
}

/// A URL compared without a trailing slash, fragment or case of the host.
pub fn normalise(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            u.set_fragment(None);
            u.as_str().trim_end_matches('/').to_owned()
        }
        Err(_) => url.trim_end_matches('/').to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: &str, folder: &str) -> Source {
        Source {
            url: url.into(),
            kind: Kind::Feed,
            folder: folder.into(),
            fetch: url.into(),
            last_sync: None,
            last_error: None,
            entries: 0,
            validators: Validators::default(),
            types: BTreeMap::new(),
            site: None,
            filter: None,
        }
    }

    #[test]
    fn the_file_round_trips_and_reads_as_toml() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let mut s = source("https://a.example/", "a.example");
        s.kind = Kind::Wordpress;
        s.validators.etag = Some("\"x\"".into());
        s.types.insert(
            "session".into(),
            PostType {
                route: "wp/v2/sessions".into(),
                folder: "sessions".into(),
                modified: Some("2026-01-02T03:04:05".into()),
            },
        );
        let sources = Sources { list: vec![s] };
        sources.write(&path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# folio's subscriptions"), "{text}");
        assert!(
            text.contains("[[source]]") && text.contains("kind = \"wordpress\""),
            "{text}"
        );
        assert_eq!(Sources::read(&path).unwrap(), sources);
        assert_eq!(
            Sources::read(&dir.path().join("none")).unwrap(),
            Sources::default()
        );
    }

    #[test]
    fn a_hand_edited_folder_that_escapes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        fs::write(
            &path,
            "[[source]]\nurl = \"https://a.example/\"\nkind = \"feed\"\nfolder = \"../x\"\nfetch = \"https://a.example/\"\n",
        )
        .unwrap();
        let err = format!("{:#}", Sources::read(&path).unwrap_err());
        assert!(err.contains("not a plain folder name"), "{err}");
        fs::write(&path, "[[source]\n").unwrap();
        let err = format!("{:#}", Sources::read(&path).unwrap_err());
        assert!(err.contains("s.toml"), "{err}");
    }

    #[test]
    fn filters_come_from_term_routes_and_bad_edits_widen() {
        assert_eq!(
            filter_for_route("wp/v2/categories/5").as_deref(),
            Some("categories=5")
        );
        assert_eq!(
            filter_for_route("/wp/v2/tags/12/").as_deref(),
            Some("tags=12")
        );
        assert_eq!(
            filter_for_route("wp/v2/users/2").as_deref(),
            Some("author=2")
        );
        for other in [
            "wp/v2/posts/5",
            "wp/v2/track/3",
            "wp/v2/categories/x",
            "wp/v2/categories",
        ] {
            assert_eq!(filter_for_route(other), None, "{other}");
        }
        let mut s = source("https://a.example/category/r/feed/", "a.example");
        s.kind = Kind::Wordpress;
        s.filter = Some("categories=5".into());
        assert_eq!(
            s.filter_params(),
            [("categories".to_owned(), "5".to_owned())]
        );
        assert_eq!(s.describe(), "wordpress (category 5 only)");
        s.filter = Some("categories=5&x=1".into());
        assert!(s.filter_params().is_empty());
        assert_eq!(s.describe(), "wordpress");
    }

    #[test]
    fn urls_match_loosely_and_folders_never_clash() {
        let sources = Sources {
            list: vec![source("https://A.example/blog/", "a.example")],
        };
        assert_eq!(sources.find("https://a.example/blog"), Some(0));
        assert_eq!(sources.find("https://a.example/other"), None);
        assert_eq!(sources.free_folder("b.example", |_| false), "b.example");
        assert_eq!(sources.free_folder("a.example", |_| false), "a.example-2");
        assert_eq!(
            sources.free_folder("b.example", |f| f == "b.example"),
            "b.example-2",
            "a removed source's documents are not taken over"
        );
    }
}

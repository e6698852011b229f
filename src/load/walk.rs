//! Paths → the documents to read, in a deterministic order, each with the
//! base of its entries' ids.
//!
//! Folders are walked recursively in name order; hidden and version-control
//! folders and a library's `folio-sources.toml` are skipped; symbolic links
//! are followed with loop detection. `-` reads standard input. The bundled sample data is a set of documents
//! like any other, only its bytes are in the binary.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::{Diagnostic, LoadError};

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sample-data");

/// One document to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Where it came from, as given or found (`-` for standard input).
    pub path: PathBuf,
    /// The start of its entries' ids, unique among the sources of one load.
    pub id_base: String,
    /// Its bytes, when they are not read from `path` (standard input, sample data).
    pub bytes: Option<Cow<'static, [u8]>>,
}

impl Source {
    fn file(path: PathBuf) -> Source {
        Source {
            path,
            id_base: String::new(),
            bytes: None,
        }
    }

    /// The file name without its last extension.
    pub fn stem(&self) -> &str {
        self.path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("stdin")
    }
}

/// Folders never walked into: version control and tool caches.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    "_darcs",
    "CVS",
    "node_modules",
];

/// The documents under `paths`, and problems met while walking (unreadable
/// folders, symlink loops). A path that does not exist or cannot be read is
/// an error.
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<Source>, Vec<Diagnostic>), LoadError> {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| LoadError::Unreadable {
                    path: path.clone(),
                    source,
                })?;
            sources.push(Source {
                path: path.clone(),
                id_base: String::new(),
                bytes: Some(Cow::Owned(bytes)),
            });
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound { path: path.clone() },
            _ => LoadError::Unreadable {
                path: path.clone(),
                source,
            },
        })?;
        if meta.is_file() {
            sources.push(Source::file(path.clone()));
            continue;
        }
        if meta.is_dir() {
            std::fs::read_dir(path).map_err(|source| LoadError::Unreadable {
                path: path.clone(),
                source,
            })?;
        }
        walk(path, &mut sources, &mut diagnostics);
    }
    assign_id_bases(&mut sources);
    Ok((sources, diagnostics))
}

/// Adds the files under `root` in the order of their paths (each folder's
/// entries by name, a folder's files where its name sorts).
fn walk(root: &Path, sources: &mut Vec<Source>, diagnostics: &mut Vec<Diagnostic>) {
    let (first_source, first_problem) = (sources.len(), diagnostics.len());
    // Sorted once at the end: walkdir's sorting parses both paths at each
    // comparison, a good part of listing 50,000 files from the catalogue.
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e.file_name().to_str().unwrap_or("")));
    for item in walker {
        match item {
            Ok(e) if e.file_type().is_file() => sources.push(Source::file(e.into_path())),
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop; not followed".to_owned()
                } else {
                    match err.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    }
                };
                diagnostics.push(Diagnostic::warning(path, message));
            }
        }
    }
    sources[first_source..].sort_by_cached_key(|s| path_order(&s.path));
    diagnostics[first_problem..].sort_by_cached_key(|d| path_order(&d.path));
}

/// A key that orders paths as [`Path`]'s own order does (component by
/// component), compared as bytes: the separator made the lowest byte.
fn path_order(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    bytes
        .iter()
        .map(|&b| if b == b'/' { 0 } else { b })
        .collect()
}

/// Hidden files and folders, version control and tool folders, and a
/// library's subscriptions file (settings, not a document).
fn is_skipped(name: &str) -> bool {
    name.starts_with('.')
        || SKIPPED_DIRS.contains(&name)
        || name == crate::fetch::library::SOURCES_FILE
}

/// The documents of the bundled sample data, as if read from `sample-data/`.
pub fn sample() -> Vec<Source> {
    let mut files = Vec::new();
    collect(&SAMPLE, &mut files);
    files.sort_by(|a, b| a.path().cmp(b.path()));
    let mut sources: Vec<Source> = files
        .into_iter()
        .map(|f| Source {
            path: Path::new("sample-data").join(f.path()),
            id_base: String::new(),
            bytes: Some(Cow::Borrowed(f.contents())),
        })
        .collect();
    assign_id_bases(&mut sources);
    sources
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// Gives each source a unique id base from its file name: the stem, else
/// the parent folder and the stem, else a counter, in source order.
fn assign_id_bases(sources: &mut [Source]) {
    let stems: Vec<String> = sources.iter().map(|s| slug(s.stem())).collect();
    let shared = occurrences(&stems, |_, total| total > 1);
    let bases: Vec<String> = stems
        .into_iter()
        .zip(shared)
        .zip(sources.iter())
        .map(|((stem, shared), s)| {
            let parent = s.path.parent().and_then(|p| p.file_name());
            match parent.and_then(|p| p.to_str()).filter(|_| shared) {
                Some(parent) => format!("{}-{stem}", slug(parent)),
                None => stem,
            }
        })
        .collect();
    let numbers = occurrences(&bases, |nth, _| nth);
    for ((s, base), n) in sources.iter_mut().zip(bases).zip(numbers) {
        s.id_base = if n > 1 { format!("{base}-{n}") } else { base };
    }
}

/// `f(nth, total)` for each name: which occurrence of it this is (from 1),
/// and how many there are.
fn occurrences<T>(names: &[String], f: impl Fn(usize, usize) -> T) -> Vec<T> {
    let mut seen: foldhash::HashMap<&str, usize> = Default::default();
    let nth: Vec<usize> = names
        .iter()
        .map(|n| {
            let count = seen.entry(n).or_default();
            *count += 1;
            *count
        })
        .collect();
    names
        .iter()
        .zip(nth)
        .map(|(n, nth)| f(nth, seen[n.as_str()]))
        .collect()
}

/// An id-friendly form of a name: letters, digits, `.`, `_` and `-` kept,
/// every other run of characters made one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "entry".to_owned()
    } else {
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(path: &str) -> Source {
        Source::file(PathBuf::from(path))
    }

    #[test]
    fn a_folder_is_walked_in_name_order_its_subfolders_where_their_names_sort() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["b.txt", "a.txt", "b/c/d.txt", "a-b.txt", "a/z.txt", "B.txt"];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (sources, problems) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert!(problems.is_empty());
        let walked: Vec<String> = sources
            .iter()
            .map(|s| {
                let rel = s.path.strip_prefix(dir.path()).unwrap();
                rel.to_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            walked,
            ["B.txt", "a/z.txt", "a-b.txt", "a.txt", "b/c/d.txt", "b.txt"]
        );
    }

    #[test]
    fn id_bases_are_unique_and_readable() {
        let mut s = vec![
            src("a/posts/index.json"),
            src("a/feeds/index.xml"),
            src("b/2026-06-22-workshops.md"),
            src("c/posts/index.html"),
            src("x/my file (1).txt"),
        ];
        assign_id_bases(&mut s);
        let ids: Vec<&str> = s.iter().map(|s| s.id_base.as_str()).collect();
        assert_eq!(
            ids,
            [
                "posts-index",
                "feeds-index",
                "2026-06-22-workshops",
                "posts-index-2",
                "my-file-1"
            ]
        );
    }

    #[test]
    fn sample_data_is_bundled() {
        let s = sample();
        assert!(s.iter().any(|s| s.id_base == "003_42b8e050b6c7d64e"));
        assert!(s.iter().all(|s| s.bytes.is_some()));
    }
}

//! A listing through the catalogue agrees with a full load, reads only
//! what changed, and survives a damaged catalogue.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::*;
use crate::store::key;

const POST: &str = r#"{"id": 7, "date": "2015-04-03T18:39:01", "date_gmt": "2015-04-03T16:39:01",
  "link": "https://blog.example.org/heartbleed/", "title": {"rendered": "Heartbleed"},
  "content": {"rendered": "<p>See <a href=\"/other/\">the other post</a> and more words.</p>"},
  "excerpt": {"rendered": "<p>A bug.</p>"}, "type": "post"}"#;

const WORKSHOPS: &str = "Affiliated Workshops\n\nWorkshop on Norms\nOctober 19, 2011\n\n\
    Cyber norms were discussed.\n\nWorkshop on Bugs\nSeptember 12, 2012\n\nBugs at https://example.org/b.\n";

/// A folder of documents whose files are old enough not to be racy.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write_old(&dir.path().join(name), text);
    }
    dir
}

fn write_old(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    let old = SystemTime::now() - Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn standard() -> tempfile::TempDir {
    folder(&[
        ("blog/post.json", POST),
        ("workshops.txt", WORKSHOPS),
        ("broken.json", "{\"id\": 1, \"title\":"),
        (
            "notes.md",
            "# Notes\n\nNo URL here, so state is filed by content.\n",
        ),
    ])
}

/// What a listing shows of an entry, with what `list --json` derives.
fn shown(e: &Entry) -> String {
    format!(
        "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {:?} {}",
        e.id,
        e.kind,
        e.title,
        e.date,
        e.updated,
        e.author,
        e.site,
        e.url,
        e.aliases,
        e.summary,
        e.tags,
        e.source.display(),
        e.words(),
        e.links(),
        key::entry_key(e),
    )
}

fn problems(c: &Corpus) -> Vec<String> {
    c.diagnostics().map(|d| d.to_string()).collect()
}

fn listing(paths: &[PathBuf], cache: &Path) -> Listing {
    list(paths, Some(cache), Need::Details).unwrap()
}

#[test]
fn details_are_derived_the_first_time_a_listing_needs_them() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let metadata = || list(&paths, Some(cache.path()), Need::Metadata).unwrap();
    assert_eq!(metadata().files_read, 4);
    let warm = metadata();
    assert_eq!(warm.files_read, 0);
    let full = crate::load::load(&paths).unwrap();
    let keys = |c: &Corpus| c.entries.iter().map(key::entry_key).collect::<Vec<_>>();
    assert_eq!(
        keys(&warm.corpus),
        keys(&full),
        "state keys need no details"
    );
    assert!(
        warm.corpus
            .entries
            .iter()
            .all(|e| e.links.get_or_init(Vec::new).is_empty())
    );
    // The first listing with details reads the files; the next does not.
    assert_eq!(listing(&paths, cache.path()).files_read, 4);
    assert_eq!(listing(&paths, cache.path()).files_read, 0);
    assert_eq!(metadata().files_read, 0);
}

#[test]
fn a_warm_listing_reads_no_file_and_agrees_with_a_full_load() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let full = crate::load::load(&paths).unwrap();
    let expected: Vec<String> = full.entries.iter().map(shown).collect();
    assert_eq!(expected.len(), 4, "{expected:#?}");

    let cold = listing(&paths, cache.path());
    assert_eq!(cold.files_read, 4);
    let warm = listing(&paths, cache.path());
    assert_eq!(warm.files_read, 0);
    assert!(warm.notes.is_empty(), "{:?}", warm.notes);
    for l in [&cold, &warm] {
        let got: Vec<String> = l.corpus.entries.iter().map(shown).collect();
        assert_eq!(got, expected);
        assert_eq!(problems(&l.corpus), problems(&full));
        assert!(
            l.corpus
                .entries
                .iter()
                .all(|e| matches!(e.body, Body::Unloaded { .. })),
            "a listing holds no body"
        );
    }
    // `folio check` still sees the broken file's error.
    assert!(
        problems(&warm.corpus)
            .iter()
            .any(|p| p.contains("broken.json"))
    );
}

#[test]
fn one_changed_file_is_the_only_one_read() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    listing(&paths, cache.path());
    write_old(
        &docs.path().join("notes.md"),
        "# Notes, edited\n\nLonger now.\n",
    );
    let after = listing(&paths, cache.path());
    assert_eq!(after.files_read, 1);
    assert!(
        after
            .corpus
            .entries
            .iter()
            .any(|e| e.title == "Notes, edited")
    );
    assert_eq!(listing(&paths, cache.path()).files_read, 0);

    fs::remove_file(docs.path().join("workshops.txt")).unwrap();
    let fewer = listing(&paths, cache.path());
    assert_eq!(fewer.files_read, 0);
    assert_eq!(fewer.corpus.len(), 2);
    let full = crate::load::load(&paths).unwrap();
    let shown_all = |c: &Corpus| c.entries.iter().map(shown).collect::<Vec<_>>();
    assert_eq!(
        shown_all(&listing(&paths, cache.path()).corpus),
        shown_all(&full)
    );
}

#[test]
fn ids_follow_the_files_that_share_a_name() {
    let docs = folder(&[("a/post.json", POST)]);
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    assert_eq!(listing(&paths, cache.path()).corpus.entries[0].id, "post");
    // A second `post.json` renames both ids; the first is not read again.
    write_old(
        &docs.path().join("b/post.json"),
        &POST.replace("heartbleed", "other"),
    );
    let l = listing(&paths, cache.path());
    assert_eq!(l.files_read, 1);
    let ids: Vec<&str> = l.corpus.entries.iter().map(|e| e.id.as_str()).collect();
    let full = crate::load::load(&paths).unwrap();
    let full_ids: Vec<&str> = full.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, full_ids);
    assert_eq!(ids, ["a-post", "b-post"]);
}

#[test]
fn a_damaged_or_foreign_catalogue_is_rebuilt_with_a_note() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let expected: Vec<String> = listing(&paths, cache.path())
        .corpus
        .entries
        .iter()
        .map(shown)
        .collect();
    let at = file::path(cache.path(), &cache::inputs_identity(&paths));
    let good = fs::read(&at).unwrap();
    let mut flipped = good.clone();
    flipped[file::HEADER + 3] ^= 0x20;
    let damages: [(&str, Vec<u8>); 4] = [
        ("a flipped byte in the heads", flipped),
        (
            "cut short in the heads",
            good[..file::HEADER + split(&good).0.len() / 2].to_vec(),
        ),
        (
            "another program's file",
            b"SQLite format 3\0 and so on".to_vec(),
        ),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damages {
        fs::write(&at, bytes).unwrap();
        let l = listing(&paths, cache.path());
        assert_eq!(l.files_read, 4, "{what}");
        assert!(
            l.notes.len() == 1 && l.notes[0].contains("rebuilding"),
            "{what}: {:?}",
            l.notes
        );
        let got: Vec<String> = l.corpus.entries.iter().map(shown).collect();
        assert_eq!(got, expected, "{what}");
        assert_eq!(listing(&paths, cache.path()).files_read, 0, "{what}");
    }
    // Damage after the heads: the files whose records it touches are read
    // again, and said to be.
    let mut flipped = good.clone();
    let last = flipped.len() - 3;
    flipped[last] ^= 0x20;
    let damages = [
        ("a flipped byte in a record", flipped),
        ("cut short in the records", good[..good.len() - 5].to_vec()),
    ];
    for (what, bytes) in damages {
        fs::write(&at, bytes).unwrap();
        let l = listing(&paths, cache.path());
        assert_eq!(l.files_read, 1, "{what}");
        assert!(
            l.notes.len() == 1 && l.notes[0].contains("1 record is cut short or fails"),
            "{what}: {:?}",
            l.notes
        );
        let got: Vec<String> = l.corpus.entries.iter().map(shown).collect();
        assert_eq!(got, expected, "{what}");
        assert_eq!(listing(&paths, cache.path()).files_read, 0, "{what}");
    }
}

/// The heads and the blobs of a catalogue file.
fn split(bytes: &[u8]) -> (&[u8], &[u8]) {
    let len = u64::from_le_bytes(bytes[20..28].try_into().unwrap()) as usize;
    bytes[file::HEADER..].split_at(len)
}

#[test]
fn one_entry_is_read_from_its_file_alone() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    listing(&paths, cache.path());
    let l = listing(&paths, cache.path());
    let full = crate::load::load(&paths).unwrap();
    for (i, e) in l.corpus.entries.iter().enumerate() {
        let whole = l.full(i).unwrap();
        let reference = &full.entries[full.by_id(&e.id).unwrap()];
        assert_eq!(whole.body, reference.body, "{}", e.id);
        assert_eq!(shown(&whole), shown(e));
    }
    // The file went away under the listing: a diagnostic naming it.
    fs::remove_file(docs.path().join("notes.md")).unwrap();
    let i = l.corpus.by_id("notes").unwrap();
    let problem = l.full(i).unwrap_err();
    assert!(problem.to_string().contains("notes.md"), "{problem}");
}

#[test]
fn without_a_cache_nothing_is_written_and_bodies_are_still_unloaded() {
    let docs = standard();
    let l = list(&[docs.path().to_path_buf()], None, Need::Metadata).unwrap();
    assert_eq!(l.files_read, 4);
    assert!(
        l.corpus
            .entries
            .iter()
            .all(|e| matches!(e.body, Body::Unloaded { len, .. } if len > 0))
    );
    let i = l.corpus.by_id("post").unwrap();
    assert!(l.full(i).unwrap().body.as_str().contains("the other post"));
}

#[test]
fn bodies_read_for_a_listing_are_kept_when_asked() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let cold = list(&paths, Some(cache.path()), Need::Bodies).unwrap();
    let i = cold.corpus.by_id("post").unwrap();
    assert!(
        cold.corpus.entries[i]
            .body
            .as_str()
            .contains("the other post")
    );
    // Taken from the catalogue: no body, read on demand.
    let warm = list(&paths, Some(cache.path()), Need::Bodies).unwrap();
    assert_eq!(warm.files_read, 0);
    assert!(matches!(warm.corpus.entries[i].body, Body::Unloaded { .. }));
    assert_eq!(warm.full(i).unwrap().body, cold.corpus.entries[i].body);
}

#[test]
fn files_changed_within_the_clock_granularity_are_read_again() {
    let docs = tempfile::tempdir().unwrap();
    fs::write(docs.path().join("post.json"), POST).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    assert_eq!(listing(&paths, cache.path()).files_read, 1);
    assert_eq!(
        listing(&paths, cache.path()).files_read,
        1,
        "racy: read again"
    );
}

#[test]
fn the_bundled_sample_is_listed_through_the_catalogue_too() {
    let cache = tempfile::tempdir().unwrap();
    let cold = listing(&[], cache.path());
    let warm = listing(&[], cache.path());
    assert!(cold.files_read > 0);
    assert_eq!(warm.files_read, 0);
    let full = crate::load::load_sample();
    let shown_all = |c: &Corpus| c.entries.iter().map(shown).collect::<Vec<_>>();
    assert_eq!(shown_all(&warm.corpus), shown_all(&full));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A catalogue that passes its checksum but holds anything at all (a
    /// bug, or a hand in the cache folder) is trusted as far as what it
    /// says of the files, but never makes folio panic, and what it says
    /// stays with the files listed.
    #[test]
    fn any_payload_behind_a_good_header_is_survived(
        flips in proptest::collection::vec((0usize..100_000, 0u8..=255), 0..8),
        cut in proptest::option::of(0usize..100_000),
    ) {
        let docs = standard();
        let cache = tempfile::tempdir().unwrap();
        let paths = [docs.path().to_path_buf()];
        listing(&paths, cache.path());
        let at = file::path(cache.path(), &cache::inputs_identity(&paths));
        let bytes = fs::read(&at).unwrap();
        let heads_len = split(&bytes).0.len();
        let mut payload = bytes[file::HEADER..].to_vec();
        for (at, byte) in flips {
            let n = payload.len();
            payload[at % n] = byte;
        }
        if let Some(cut) = cut {
            payload.truncate(cut % (payload.len() + 1));
        }
        // The heads, damaged or not, vouched for by a good header.
        let (heads, blobs) = payload.split_at(heads_len.min(payload.len()));
        let mut framed = file::frame(heads);
        framed.extend_from_slice(blobs);
        fs::write(&at, framed).unwrap();
        let l = listing(&paths, cache.path());
        for (i, e) in l.corpus.entries.iter().enumerate() {
            proptest::prop_assert!(e.source.starts_with(docs.path()));
            shown(e);
            let _ = l.full(i);
        }
        proptest::prop_assert_eq!(l.corpus.files.len(), 4);
    }
}

#[test]
fn a_file_that_changed_after_listing_never_lends_another_entry_its_body() {
    let docs = folder(&[("w.txt", WORKSHOPS)]);
    let paths = [docs.path().to_path_buf()];
    let l = list(&paths, None, Need::Metadata).unwrap();
    let second = l.corpus.by_id("w:2").unwrap();
    assert_eq!(l.corpus.entries[second].title, "Workshop on Bugs");
    // The sections trade places: `w:2` is now another workshop.
    let swapped = "Affiliated Workshops\n\nWorkshop on Bugs\nSeptember 12, 2012\n\n\
        Bugs.\n\nWorkshop on Law\nMay 1, 2013\n\nLaw.\n";
    write_old(&docs.path().join("w.txt"), swapped);
    let problem = l.full(second).unwrap_err().to_string();
    assert!(
        problem.contains("w.txt") && problem.contains("changed"),
        "{problem}"
    );
}

#[test]
fn a_folder_given_twice_has_every_copy_readable() {
    let docs = folder(&[("sub/note.md", "# Note\n\nThe text.\n")]);
    let paths = [docs.path().to_path_buf(), docs.path().join("sub")];
    let l = list(&paths, None, Need::Metadata).unwrap();
    assert_eq!(l.corpus.files.len(), 2);
    for (i, e) in l.corpus.entries.iter().enumerate() {
        let whole = l.full(i).unwrap();
        assert_eq!(whole.id, e.id);
        assert!(whole.body.as_str().contains("The text."), "{}", e.id);
    }
}

#[test]
fn another_builds_catalogue_is_read_again_quietly() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let first = listing(&paths, cache.path());
    assert_eq!(first.files_read, 4);
    let at = file::path(cache.path(), &cache::inputs_identity(&paths));
    let bytes = fs::read(&at).unwrap();
    let (heads, blobs) = split(&bytes);
    let mut other = file::decode(heads).unwrap();
    assert_eq!(other.folio, cache::BUILD);
    other.folio = "0.1.0+another-build";
    let mut framed = file::frame(&postcard::to_stdvec(&other).unwrap());
    framed.extend_from_slice(blobs);
    fs::write(&at, framed).unwrap();
    let again = listing(&paths, cache.path());
    assert_eq!(again.files_read, 4, "nothing trusted from another build");
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert_eq!(
        listing(&paths, cache.path()).files_read,
        0,
        "rewritten as ours"
    );
}

#[test]
fn a_pass_knows_how_many_entries_are_coming_before_reading_any_record() {
    let docs = standard();
    let cache = tempfile::tempdir().unwrap();
    let paths = [docs.path().to_path_buf()];
    let (sources, _) = crate::load::discover(&paths).unwrap();
    let cold = Pass::begin(&paths, &sources, Some(cache.path()), Need::Metadata);
    assert_eq!(cold.known_entries(), 0, "no catalogue yet");
    // Entries as the files hold them (before one per URL is kept).
    let total: usize = listing(&paths, cache.path())
        .corpus
        .files
        .iter()
        .map(|f| f.entries)
        .sum();
    assert!(total > 0);
    let warm = Pass::begin(&paths, &sources, Some(cache.path()), Need::Metadata);
    assert_eq!(warm.known_entries(), total);
}

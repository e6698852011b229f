//! The bundled sample documents of the page formats (saved HTML, Markdown,
//! Windows-1252 text) load as a reader would expect, and the links between
//! them and to the seeds resolve.

use folio::corpus::Corpus;
use folio::load::{Format, Severity, load_sources, sample};
use folio::model::{Body, Entry, Kind};

fn corpus() -> Corpus {
    load_sources(&sample())
}

fn entry<'a>(c: &'a Corpus, id: &str) -> &'a Entry {
    let i = c.by_id(id).unwrap_or_else(|| panic!("no entry {id}"));
    &c.entries[i]
}

fn link_urls(e: &Entry) -> Vec<&str> {
    e.links().iter().map(|l| l.url.as_str()).collect()
}

/// The entry a link of `from` whose URL starts with `prefix` leads to.
fn target<'a>(c: &'a Corpus, from: &Entry, prefix: &str) -> &'a Entry {
    let link = from
        .links()
        .iter()
        .find(|l| l.url.starts_with(prefix))
        .unwrap_or_else(|| panic!("{} has no link to {prefix}: {:?}", from.id, link_urls(from)));
    let i = c
        .by_url(&link.url)
        .unwrap_or_else(|| panic!("{} does not resolve", link.url));
    &c.entries[i]
}

#[test]
fn our_files_load_cleanly() {
    let c = corpus();
    for (name, format, warnings) in [
        ("norms-workshop-iii.html", Format::Html, 0),
        ("2026-06-22-workshops.md", Format::Markdown, 0),
        ("reading-list-1252.txt", Format::Text, 1),
    ] {
        let report = c
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not in the sample data"));
        assert_eq!(report.format, Some(format), "{name}");
        assert_eq!(report.entries, 1, "{name}");
        assert!(!report.failed(), "{name}: {:?}", report.diagnostics);
        assert_eq!(
            report.diagnostics.len(),
            warnings,
            "{name}: {:?}",
            report.diagnostics
        );
    }
}

#[test]
fn the_saved_workshop_page() {
    let c = corpus();
    let e = entry(&c, "norms-workshop-iii");
    assert_eq!(e.kind, Kind::Post);
    assert_eq!(
        e.title,
        "Norms Workshop III: Due Diligence & State Responsibility"
    );
    assert_eq!(e.site.as_deref(), Some("Workshop Announcements"));
    assert_eq!(e.author.as_deref(), Some("Hana Sato"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://workshops.example.com/2026/norms-workshop-iii/")
    );
    assert_eq!(e.date.unwrap().to_string(), "2026-06-01T09:00:00+02:00");
    assert_eq!(e.updated.unwrap().to_string(), "2026-06-23T16:20:00+02:00");
    assert_eq!(e.tags, ["Workshop III", "due diligence"]);
    assert!(
        e.summary
            .as_deref()
            .unwrap()
            .starts_with("Two days in Geneva")
    );

    let Body::Html(body) = &e.body else {
        panic!("an HTML body")
    };
    assert_eq!(
        body.matches("<table").count(),
        2,
        "both schedule tables are kept"
    );
    for kept in [
        "Thursday 22 October 2026",
        "Mikael Ström",
        "Closing discussion",
        "Chatham House rule",
    ] {
        assert!(body.contains(kept), "{kept} is missing");
    }
    for chrome in [
        "Subscribe",
        "dataLayer",
        "font:",
        "Breadcrumbs",
        "Privacy",
        "site header",
        "Get the newsletter",
    ] {
        assert!(!body.contains(chrome), "{chrome} is still in the body");
    }
    let links = link_urls(e);
    // Relative links follow the page's <base href>, not its own URL.
    assert!(
        links.contains(&"https://workshops.example.com/2026/norms-workshop-iii/travel/"),
        "{links:?}"
    );
    assert!(links.contains(&"mailto:programme@workshops.example.com"));
    assert!(links.contains(&"https://en.wikipedia.org/wiki/Tallinn_Manual"));
    assert!(
        !links
            .iter()
            .any(|l| l.contains("/about/") || l.contains("privacy")),
        "{links:?}"
    );
    assert!(e.words() > 300, "{} words", e.words());
}

#[test]
fn the_markdown_post() {
    let c = corpus();
    let e = entry(&c, "2026-06-22-workshops");
    assert_eq!(e.kind, Kind::Post);
    assert_eq!(e.title, "How the autumn workshop programme came together");
    assert_eq!(e.date.unwrap().to_string(), "2026-06-22T10:30:00+02:00");
    assert_eq!(e.author.as_deref(), Some("Tomás Ferreira"));
    assert_eq!(
        e.tags,
        ["workshops", "due diligence", "Workshop III", "events"]
    );
    assert_eq!(
        e.summary.as_deref(),
        Some("Forty proposals, nine sessions, and the ones we had to leave out.")
    );
    assert_eq!(
        e.url.as_deref(),
        Some("https://normslab.example.org/2026/06/22/workshops/")
    );
    let body = e.body.as_str();
    for part in [
        "<table>",
        "<h2>The program</h2>",
        "type=\"checkbox\"",
        "<del>export controls</del>",
        "footnote-definition",
        "<abbr title=",
    ] {
        assert!(body.contains(part), "{part} is missing from {body}");
    }
    assert!(
        body.contains("the \"contested\" part"),
        "quotes are left as written"
    );
    assert!(link_urls(e).contains(&"mailto:editors@normslab.example.org"));
}

#[test]
fn the_windows_1252_reading_list() {
    let c = corpus();
    let e = entry(&c, "reading-list-1252");
    let report = c
        .files
        .iter()
        .find(|f| f.path.ends_with("reading-list-1252.txt"))
        .unwrap();
    assert_eq!(report.diagnostics[0].severity, Severity::Warning);
    assert!(
        report.diagnostics[0].message.contains("windows-1252"),
        "{:?}",
        report.diagnostics
    );

    assert_eq!(e.kind, Kind::Document);
    assert_eq!(
        e.title,
        "Reading List — Due Diligence and State Responsibility in Cyberspace"
    );
    assert_eq!(e.author.as_deref(), Some("Inés García-Müller"));
    assert_eq!(e.date, None, "the list has no date, and none is invented");
    let body = e.body.as_str();
    assert!(!body.contains('\u{fffd}') && !body.contains('\r'));
    for text in [
        "the workshop’s shared folder",
        "the “should not knowingly allow” sentence",
        "Françoise Lefèvre, ‘Notice and Time’",
        "Bjørn Aas and Zoë Ngô",
        "welcome … send them",
    ] {
        assert!(body.contains(text), "{text} not in {body}");
    }
    assert_eq!(
        link_urls(e),
        [
            "https://www.un.org/en/",
            "https://en.wikipedia.org/wiki/Tallinn_Manual",
            "https://normslab.example.org/2026/05/18/responsible-behaviour-in-cyberspace-a-field-guide/",
            "https://workshops.example.com/2026/norms-workshop-iii/",
        ]
    );
}

#[test]
fn links_between_our_samples_resolve() {
    let c = corpus();
    let html = entry(&c, "norms-workshop-iii");
    let md = entry(&c, "2026-06-22-workshops");
    let list = entry(&c, "reading-list-1252");
    // The Markdown post links to the page by its canonical URL.
    assert_eq!(target(&c, md, "https://workshops.example.com/").id, html.id);
    // The page links to the post with a fragment.
    let to_post = "https://normslab.example.org/2026/06/22/workshops/#program";
    assert!(link_urls(html).contains(&to_post));
    assert_eq!(target(&c, html, to_post).id, md.id);
    // The reading list names the page by a bare URL.
    assert_eq!(
        target(&c, list, "https://workshops.example.com/").id,
        html.id
    );
}

#[test]
fn links_to_the_other_formats_and_the_seeds_resolve() {
    let c = corpus();
    let html = entry(&c, "norms-workshop-iii");
    let md = entry(&c, "2026-06-22-workshops");
    let list = entry(&c, "reading-list-1252");
    let field_guide = "https://normslab.example.org/2026/05/18/responsible-behaviour-in-cyberspace-a-field-guide/";

    // The page links to seed 003 over http://; the seed's URL is https.
    let seed = target(&c, html, "http://blog.mozilla.org/");
    assert!(
        seed.source.ends_with("003_42b8e050b6c7d64e.txt"),
        "{:?}",
        seed.source
    );
    assert!(seed.url.as_deref().unwrap().starts_with("https://"));
    // The Markdown post links to the first WordPress post by its guid.
    let post = target(&c, md, "https://normslab.example.org/?p=412");
    assert!(post.source.ends_with("normslab-posts.json"));
    assert_eq!(post.url.as_deref(), Some(field_guide));
    // The reading list names the same post by its permalink.
    assert_eq!(target(&c, list, field_guide).id, post.id);
    // The Atom announcement links to the page.
    let atom = c
        .entries
        .iter()
        .find(|e| e.source.ends_with("workshop-news.xml"))
        .unwrap();
    assert_eq!(
        target(&c, atom, "https://workshops.example.com/2026/").id,
        html.id
    );
}

/// Saved pages without a URL of their own: their relative links resolve
/// against their files and open the files' entries.
#[test]
fn relative_links_between_saved_files_open_their_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("a.html"),
        "<html><head><title>Page A</title></head><body><article><h1>Page A</h1>\
         <p>See <a href='sub/b.html#part'>page B</a> and <a href='notes.md'>the notes</a>.</p>\
         </article></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("sub/b.html"),
        "<html><head><title>Page B</title></head><body><p>Back to <a href='../a.html'>A</a>.</p></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("notes.md"), "# Notes\n\nSome notes.\n").unwrap();
    let c = folio::load::load(&[dir.to_path_buf()]).unwrap();
    let a = entry(&c, "a");
    let b = entry(&c, "b");
    assert_eq!(target(&c, a, "file://").id, b.id, "{:?}", link_urls(a));
    let notes = a.links().iter().find(|l| l.text == "the notes").unwrap();
    assert_eq!(c.entries[c.by_url(&notes.url).unwrap()].id, "notes");
    assert_eq!(target(&c, b, "file://").id, a.id);
    assert!(a.url.is_none(), "no URL is invented for the page");
}

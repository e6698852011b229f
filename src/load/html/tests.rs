use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::*;
use crate::load::{FileReport, Format, Severity, Source, load_source};

/// Parses a page with this module alone.
fn page(html: &str) -> (Entry, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let doc = Doc {
        text: html,
        path: Path::new("page.html"),
        stem: "page",
    };
    let mut entries = parse(&doc, &mut warnings).unwrap();
    assert_eq!(entries.len(), 1);
    (entries.remove(0), warnings)
}

/// Loads a page through the whole pipeline (detection, finish).
fn load(name: &str, html: &str) -> (Entry, FileReport) {
    let source = Source {
        path: PathBuf::from(name),
        id_base: "page".into(),
        bytes: Some(Cow::Owned(html.as_bytes().to_vec())),
    };
    let (mut entries, report) = load_source(&source);
    assert_eq!(entries.len(), 1, "{:?}", report.diagnostics);
    (entries.remove(0), report)
}

/// Runs `f` on a thread with a 2 MB stack, as small as test and rayon threads get.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

const PROSE: &str = "<p>The workshop met for two days to discuss what states owe each other \
    when harmful activity runs through their networks, and which duties follow from the norms \
    they agreed at the United Nations. Participants came from many countries and several \
    professions, and they did not always agree on what the norms ask of a government, or how \
    soon, or at whose cost; the report sets out where they differed and why.</p>";

#[test]
fn title_is_og_title_then_title_then_h1() {
    let head = |h: &str| format!("<html><head>{h}</head><body><h1>From the h1</h1>{PROSE}</body>");
    let (e, _) = page(&head(
        "<title>From the title | Site</title><meta property=og:title content='From og'>",
    ));
    assert_eq!(e.title, "From og");
    let (e, _) = page(&head("<title>From the title | Site</title>"));
    assert_eq!(e.title, "From the title");
    assert_eq!(e.site.as_deref(), Some("Site"));
    let (e, _) = page(&head("<title>  </title>"));
    assert_eq!(e.title, "From the h1");
    let (e, _) = page("<h1>Fish &amp; &lt;chips&gt;</h1>");
    assert_eq!(
        markup::inline_text(&e.title),
        "Fish & <chips>",
        "h1 text is kept as written"
    );
}

#[test]
fn site_suffixes_are_split_off() {
    let split = |t: &str, site: Option<&str>| {
        let (title, site) = split_site(t, site, None);
        (title, site.unwrap_or_default())
    };
    assert_eq!(
        split("Workshop III | Workshop Announcements", None),
        ("Workshop III".into(), "Workshop Announcements".into())
    );
    // A spaced hyphen splits only where the tail names the site.
    assert_eq!(
        split_site("A - B - Norms Lab", None, Some("www.normslab.example.org")),
        ("A - B".into(), Some("Norms Lab".into()))
    );
    assert_eq!(
        split("A - B - Norms Lab", None),
        ("A - B - Norms Lab".into(), String::new())
    );
    // Issue 21 #5: never half of the real title.
    for host in [None, Some("www.cs.example.edu")] {
        assert_eq!(
            split_site("RECOMB 99 - Preliminary Program", None, host),
            ("RECOMB 99 - Preliminary Program".into(), None)
        );
    }
    assert_eq!(
        split_site(
            "Call for papers – Field Notes",
            None,
            Some("fieldnotes.example.org")
        ),
        ("Call for papers".into(), Some("Field Notes".into()))
    );
    assert_eq!(
        split("Post — The Norms Lab", Some("Norms Lab")),
        ("Post".into(), "The Norms Lab".into())
    );
    assert_eq!(split("Post · Blog", None), ("Post".into(), "Blog".into()));
    assert_eq!(
        split("Norms Lab | Post title", Some("Norms Lab")),
        ("Post title".into(), "Norms Lab".into())
    );
    // A long tail is part of the title; a declared site name that does not
    // match keeps the title whole.
    let long = "Norms - what the eleven agreed norms ask of a government in practice";
    assert_eq!(split(long, None), (long.into(), String::new()));
    assert_eq!(
        split("Workshops - Day 1", Some("Norms Lab")),
        ("Workshops - Day 1".into(), String::new())
    );
    assert_eq!(
        split("Jean-Luc's notes", None),
        ("Jean-Luc's notes".into(), String::new())
    );
    assert_eq!(split(" | Site", None), (" | Site".into(), String::new()));
}

#[test]
fn entities_and_markup_in_titles_are_cleaned() {
    let (e, _) = load(
        "page.html",
        "<html><head><title>Notes on &lt;em&gt;attribution&lt;/em&gt; &amp;amp; accountability \
         - Norms Lab</title><link rel=canonical href='https://normslab.example.org/notes/'>\
         </head><body><article><p>Text.</p></article></body></html>",
    );
    assert_eq!(e.title, "Notes on attribution & accountability");
    assert_eq!(e.site.as_deref(), Some("Norms Lab"));
}

#[test]
fn an_empty_title_falls_back_to_the_text() {
    let (e, _) = load(
        "page.html",
        "<html><head><title></title></head><body><p>Closed for the summer.</p></body></html>",
    );
    assert_eq!(e.title, "Closed for the summer.");
}

#[test]
fn canonical_then_og_url() {
    let (e, _) = page(
        "<link rel=canonical href='https://x.example/a/'><meta property=og:url content='https://x.example/a/?amp=1'>",
    );
    assert_eq!(e.url.as_deref(), Some("https://x.example/a/"));
    assert_eq!(e.aliases, ["https://x.example/a/?amp=1"]);
    let (e, _) =
        page("<meta property=og:url content='https://x.example/b/'><link rel=canonical href=''>");
    assert_eq!(e.url.as_deref(), Some("https://x.example/b/"));
    let (e, _) = page("<base href='https://x.example/blog/'><link rel=canonical href='/c/'>");
    assert_eq!(e.url.as_deref(), Some("https://x.example/c/"));
    let (e, _) = page("<link rel=canonical href='/only-relative/'>");
    assert_eq!(e.url, None, "a URL that cannot be made absolute is no URL");
}

#[test]
fn json_ld_graph_gives_author_dates_and_site() {
    let (e, _) = page(&format!(
        r##"<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
           {{"@type":"WebSite","@id":"#w","name":"The Site"}},
           {{"@type":"BlogPosting","headline":"Linked","datePublished":"2026-06-01T09:00:00+02:00",
             "dateModified":"2026-06-02","author":{{"@id":"#p"}},"keywords":["a","b"]}},
           {{"@type":"Person","@id":"#p","name":"Jane Roe"}}]}}</script><article>{PROSE}</article>"##
    ));
    assert_eq!(e.kind, Kind::Post);
    assert_eq!(e.title, "Linked");
    assert_eq!(e.author.as_deref(), Some("Jane Roe"));
    assert_eq!(e.date.unwrap().to_string(), "2026-06-01T09:00:00+02:00");
    assert_eq!(e.updated.unwrap().to_string(), "2026-06-02");
    assert_eq!(e.site.as_deref(), Some("The Site"));
    assert_eq!(e.tags, ["a", "b"]);
}

#[test]
fn author_from_meta_article_author_or_byline() {
    let (e, _) = page(
        "<meta property=article:author content='https://facebook.com/someone'><meta property=article:author content='Ann Lee'>",
    );
    assert_eq!(e.author.as_deref(), Some("Ann Lee"));
    let (e, _) = page("<meta property=article:author content='https://facebook.com/someone'>");
    assert_eq!(e.author, None);
    let (e, _) = page(&format!(
        "<article><p class=byline>By <a rel=author href=/u/ann>Ann Lee</a></p>{PROSE}{PROSE}</article>"
    ));
    assert_eq!(e.author.as_deref(), Some("Ann Lee"));
}

#[test]
fn dates_written_as_text_or_outside_an_article() {
    // Microdata on a span: the date is its text (whatever other
    // attributes follow).
    let (e, _) = page(&format!(
        "<title>Post</title><div><h1>Post</h1><p>Published \
         <span itemprop=\"datePublished\" class=\"date\">June 3, 2026</span> by Ann</p>{PROSE}</div>"
    ));
    assert_eq!(e.date.unwrap().to_string(), "2026-06-03");
    // A <time> in <main>, not in an <article>, over one in a sidebar.
    let (e, _) = page(&format!(
        "<aside><time datetime=2001-01-01>old news</time></aside>\
         <main><h1>T</h1><time datetime='2026-06-22'>22 June</time>{PROSE}</main>"
    ));
    assert_eq!(e.date.unwrap().to_string(), "2026-06-22");
    // A <time> anywhere outside page chrome, and one without datetime.
    let (e, _) = page(&format!(
        "<nav><time datetime=2001-01-01>x</time></nav><div><p><time>12 September 2012</time></p>{PROSE}</div>"
    ));
    assert_eq!(e.date.unwrap().to_string(), "2012-09-12");
    // A <time> that never ends is not a date, and swallows nothing else.
    let (e, _) = page(&format!("<title>Open</title><p><time>{PROSE}</p>"));
    assert_eq!((e.date, e.title.as_str()), (None, "Open"));
}

#[test]
fn dates_and_kinds() {
    let (e, _) = page(&format!("<title>About us</title><main>{PROSE}</main>"));
    assert_eq!((e.kind, e.date), (Kind::Page, None), "no date is invented");
    let (e, _) = page("<meta property=og:type content=article><title>Undated</title>");
    assert_eq!((e.kind, e.date), (Kind::Post, None));
    let (e, _) =
        page("<meta name=date content='not a date'><meta name=dc.date content='2026-06-22'>");
    assert_eq!(e.date.unwrap().to_string(), "2026-06-22");
    assert_eq!(e.kind, Kind::Post);
    let (e, _) = page(&format!(
        "<p><time datetime=2001-01-01>old</time></p><article><time datetime='2026-06-22T10:30:00Z'>22 June</time>{PROSE}</article>"
    ));
    assert_eq!(e.date.unwrap().to_string(), "2026-06-22T10:30:00+00:00");
    let (e, _) = page("<meta property=article:modified_time content='2026-06-23T08:00:00+02:00'>");
    assert_eq!(
        (e.kind, e.updated.unwrap().to_string().as_str()),
        (Kind::Page, "2026-06-23T08:00:00+02:00")
    );
}

#[test]
fn tags_and_summary() {
    let (e, _) = page(
        "<meta name=keywords content='norms, , Geneva'><meta name=description content='Short.'><meta property=og:description content='Other.'>",
    );
    assert_eq!(
        e.tags,
        ["norms", "", "Geneva"],
        "finish drops the empty one"
    );
    assert_eq!(e.summary.as_deref(), Some("Short."));
    let (e, _) = page(
        "<meta property=article:tag content=one><meta property=article:tag content=two><meta name=keywords content=three>",
    );
    assert_eq!(e.tags, ["one", "two"]);
}

#[test]
fn base_href_decides_where_relative_links_go() {
    let html = format!(
        "<html><head><base href='https://x.example/'>\
         <link rel=canonical href='https://x.example/2026/page/'></head>\
         <body><article>{PROSE}<p><a href='docs/guide/'>guide</a> <a href='/top'>top</a></p></article></body></html>"
    );
    let (e, _) = load("page.html", &html);
    let urls: Vec<&str> = e.links().iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        ["https://x.example/docs/guide/", "https://x.example/top"]
    );
    // Without a base, finish resolves against the canonical URL.
    let (e, _) = load(
        "page.html",
        &html.replace("<base href='https://x.example/'>", ""),
    );
    assert_eq!(e.links()[0].url, "https://x.example/2026/page/docs/guide/");
}

#[test]
fn a_schedule_page_keeps_its_table() {
    let rows: String = [
        "Opening",
        "Due diligence",
        "Attribution",
        "Capacity",
        "Closing",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| {
        format!(
            "<tr><td>{}:00</td><td>{s}</td><td>Room {i}</td></tr>",
            9 + i
        )
    })
    .collect();
    let (e, _) = page(&format!(
        "<header><nav><a href=/>Home</a></nav></header><main><h1>Schedule</h1>\
         <table><thead><tr><th>Time</th><th>Session</th><th>Room</th></tr></thead>{rows}</table>\
         </main><footer>© 2026</footer>"
    ));
    let body = e.body.as_str();
    assert!(
        body.contains("<table>") && body.contains("Attribution"),
        "{body}"
    );
    assert!(!body.contains("Home") && !body.contains("© 2026"), "{body}");
}

#[test]
fn html_saved_as_text_is_read_as_html() {
    let (e, report) = load(
        "page.txt",
        &format!(
            "<!DOCTYPE html><html><head><title>Saved</title></head><body>{PROSE}</body></html>"
        ),
    );
    assert_eq!(report.format, Some(Format::Html));
    assert_eq!(e.title, "Saved");
    assert!(e.body.is_html());
}

#[test]
fn ten_thousand_levels_deep_is_read_as_text_on_a_small_stack() {
    let (e, warnings) = on_small_stack(|| {
        let html = format!(
            "<title>Deep</title>{}<p>Still <a href='https://x.example/'>here</a>.</p>{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        page(&html)
    });
    assert_eq!(e.title, "Deep");
    assert_eq!(e.body, Body::Text("Still here.".into()));
    assert_eq!(e.links().len(), 1);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(
        warnings[0].message.contains("nested too deeply"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn deep_tables_and_lists_are_caught_too() {
    for unit in [
        "<table><tr><td>",
        "<ul><li>",
        "<b>",
        "<div/>",
        "<blockquote>",
    ] {
        let (e, warnings) = on_small_stack(move || page(&format!("{}text", unit.repeat(10_000))));
        assert_eq!(warnings.len(), 1, "{unit}");
        assert_eq!(e.body.as_str(), "text", "{unit}");
    }
}

#[test]
fn tangled_markup_is_read_as_text() {
    // Not deeper than the limit, but thousands of 400-deep pyramids: a tree
    // would cost billions of steps.
    let pyramid = format!("{}<p>x</p>{}", "<div>".repeat(400), "</div>".repeat(400));
    let html = pyramid.repeat(700);
    let (e, warnings) = on_small_stack(move || page(&html));
    assert_eq!(warnings.len(), 1);
    assert!(matches!(e.body, Body::Text(_)));
}

#[test]
fn hostile_markup_does_not_fail() {
    for html in [
        "",
        "<",
        "<html",
        "</html></body><body><head>",
        "<script>",
        "<!--",
        "\u{0}<p>\u{feff}",
    ] {
        let (e, _) = page(html);
        assert_eq!(e.kind, Kind::Page, "{html:?}");
    }
}

/// Seed 000's page as the site serves it: chrome around a `<main>` with a
/// heading per workshop, a date paragraph, then paragraphs.
fn seed_000_as_html() -> String {
    let text = include_str!("../../../sample-data/000_ba010958c41cf5ce.txt");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut main = format!("<h1>{}</h1>\n", lines[0]);
    for (i, line) in lines.iter().enumerate().skip(1) {
        let before_date = lines
            .get(i + 1)
            .is_some_and(|next| dates::day(next).is_some());
        let tag = if before_date { "h2" } else { "p" };
        main.push_str(&format!(
            "<{tag}>{}</{tag}>\n",
            html_escape::encode_text(line)
        ));
    }
    format!(
        "<!doctype html><html><head><title>{} | Cyber Norms</title>\
         <link rel=canonical href=\"https://cybernorms.example.edu/workshops/\"></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/workshops/\">Workshops</a></nav></header>\
         <main>{main}</main><footer>© Cyber Norms project</footer></body></html>",
        lines[0]
    )
}

#[test]
fn a_page_of_dated_sections_is_one_workshop_each_as_its_text_scrape() {
    let html = seed_000_as_html();
    let source = |name: &str, bytes: Vec<u8>| Source {
        path: PathBuf::from(name),
        id_base: name.into(),
        bytes: Some(Cow::Owned(bytes)),
    };
    let (from_html, report) = load_source(&source("workshops.html", html.into_bytes()));
    assert_eq!(report.format, Some(Format::Html));
    let text = include_str!("../../../sample-data/000_ba010958c41cf5ce.txt");
    let (from_text, _) = load_source(&source("000.txt", text.as_bytes().to_vec()));
    assert_eq!(from_html.len(), 2, "{from_html:#?}");
    assert_eq!(from_html.len(), from_text.len());
    let words = |e: &Entry| markup::collapse_whitespace(&markup::inline_text(e.body.as_str()));
    for (h, t) in from_html.iter().zip(&from_text) {
        assert_eq!(h.kind, Kind::Workshop);
        assert_eq!(
            (&h.title, h.date, h.kind, &h.site),
            (&t.title, t.date, t.kind, &t.site)
        );
        assert_eq!(words(h), words(t));
    }
    // No URL of their own, as the text scrape's: one page URL with
    // fragments would be one entry and one set of marks to folio.
    assert!(from_html.iter().all(|e| e.url.is_none()));
    let corpus = crate::load::assemble(vec![(from_html, report)]);
    assert_eq!(corpus.len(), 2, "both stay in the list");
}

#[test]
fn one_heading_and_a_date_is_a_post_not_a_list() {
    let html = "<html><head><title>Notes</title></head><body><main><h1>Notes</h1>\
                <h2>What we learned</h2><p>June 3, 2026</p><p>Some text about the day, long enough to read.</p>\
                </main></body></html>";
    let (entry, _) = load("one.html", html);
    assert_ne!(entry.kind, Kind::Workshop);
}

/// Issue 21 #9: a short post saved from a WordPress theme (markup of
/// Twenty Twenty-One's single post): the author is the name, and the
/// repeated title, the date and category line, the gravatar and the bio
/// box are not the body.
#[test]
fn a_themes_post_page_gives_the_author_and_the_post_alone() {
    let html = r#"<!doctype html><html><head><title>Programme notes &#8211; Field Notes</title>
<link rel="canonical" href="https://fieldnotes.example.org/2026/12/programme-notes/"></head>
<body class="post-template-default single single-post"><div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Field Notes</a></p>
<nav class="primary-navigation"><a href="/about/">About</a></nav></header>
<main id="main" class="site-main">
<article id="post-12" class="post-12 post type-post status-publish format-standard hentry category-programme entry">
<header class="entry-header alignwide"><h1 class="entry-title">Programme notes</h1></header>
<div class="entry-content"><p>The programme for the second day is now final: two keynotes and a panel.</p></div>
<footer class="entry-footer default-max-width"><div class="posted-by"><span class="posted-on">Published <time class="entry-date published updated" datetime="2026-12-07T10:00:00+00:00">December 7, 2026</time></span><span class="byline">By <a href="https://fieldnotes.example.org/author/bob/" rel="author">Bob O'Brien</a></span></div>
<div class="post-taxonomies"><span class="cat-links">Categorized as <a href="/category/programme/" rel="category tag">Programme</a></span></div></footer>
<div class="author-bio show-avatars"><img alt='' src='https://secure.gravatar.com/avatar/0?s=85' class='avatar avatar-85 photo' height='85' width='85'>
<div class="author-bio-content"><h2 class="author-title">By Bob O'Brien</h2><p class="author-description">Edits the programme and keeps the notes of every session.</p>
<a class="author-link" href="https://fieldnotes.example.org/author/bob/" rel="author">View all of Bob O'Brien's posts.</a></div></div>
</article></main></div></body></html>"#;
    let (e, _) = load("programme-notes.html", html);
    assert_eq!(e.title, "Programme notes");
    assert_eq!(e.site.as_deref(), Some("Field Notes"));
    assert_eq!(e.author.as_deref(), Some("Bob O'Brien"));
    let text = markup::scan(e.body.as_str()).text;
    assert!(text.contains("two keynotes and a panel"), "{text}");
    for gone in [
        "Programme notes",
        "Published",
        "Categorized as",
        "Edits the programme",
        "View all",
        "gravatar",
    ] {
        assert!(
            !text.contains(gone) && !e.body.as_str().contains(gone),
            "{gone}: {}",
            e.body.as_str()
        );
    }
}

/// Issue 22 #5: titles from the metadata Reader View reads, dates from
/// the attributes of `itemprop="datePublished"` elements.
#[test]
fn titles_and_dates_from_metadata_as_reader_view_reads_them() {
    let body = format!("<body><h1>Page heading</h1>{PROSE}</body>");
    let page_with = |head: &str| page(&format!("<html><head>{head}</head>{body}</html>")).0;
    let e = page_with(
        "<title>Other | Site</title><meta property='og:title twitter:title' content='From the list'>",
    );
    assert_eq!(e.title, "From the list");
    let e =
        page_with("<title>Other | Site</title><meta name='DC.title' content='Dublin Core title'>");
    assert_eq!(e.title, "Dublin Core title");
    let e =
        page_with("<title>Other | Site</title><meta name='parsely-title' content='Parsely title'>");
    assert_eq!(e.title, "Parsely title");
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Norms agreed at last"}</script>"#;
    let e = page_with(&format!(
        "<title>Norms agreed at last — The Daily Field</title>{ld}"
    ));
    assert_eq!(e.title, "Norms agreed at last");
    assert_eq!(e.site.as_deref(), Some("The Daily Field"));
    let e = page_with(&format!("<title>Something else entirely</title>{ld}"));
    assert_eq!(
        e.title, "Something else entirely",
        "a headline that disagrees is not taken"
    );

    let blogger = format!(
        "<html><head><title>Post</title></head><body><div class='post'><h3>Post</h3>{PROSE}\
         <abbr class='published' itemprop='datePublished' title='2008-05-07T10:00:00+02:00'>7 May</abbr></div></body></html>"
    );
    let (e, _) = page(&blogger);
    assert_eq!(e.date.unwrap().to_string(), "2008-05-07T10:00:00+02:00");
}

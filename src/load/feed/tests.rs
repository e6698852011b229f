use std::borrow::Cow;
use std::path::PathBuf;

use super::*;
use crate::load::{FileReport, Format, Severity, Source, load_source};

/// Loads `bytes` as a file named `name` through the whole pipeline
/// (decoding, detection, this module, `finish`).
fn load_bytes(name: &str, bytes: &[u8]) -> (Vec<Entry>, FileReport) {
    load_source(&Source {
        path: PathBuf::from(name),
        id_base: "t".into(),
        bytes: Some(Cow::Owned(bytes.to_vec())),
    })
}

fn load(name: &str, text: &str) -> (Vec<Entry>, FileReport) {
    load_bytes(name, text.as_bytes())
}

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Policy &amp; Notes</title>
  <link>https://policynotes.example.net/</link>
  <atom:link href="https://policynotes.example.net/feed.xml" rel="self" type="application/rss+xml"/>
  <description>Notes</description>
  <item>
    <title>Why &lt;em&gt;norms&lt;/em&gt; matter &amp;amp; why now</title>
    <link>/notes/why-norms-matter</link>
    <guid isPermaLink="true">https://policynotes.example.net/?p=31</guid>
    <dc:creator>Maya Lindqvist</dc:creator>
    <pubDate>Tue, 12 May 2026 08:30:00 +0000</pubDate>
    <category>Norms</category>
    <category domain="tags">UN</category>
    <description>A short summary.</description>
    <content:encoded><![CDATA[<p>Read <a href="../about">about us</a> and <a href="https://www.un.org/">the UN</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title></title>
    <link>https://policynotes.example.net/notes/undated</link>
    <description>Plain text, with AT&amp;amp;T &amp;lt;3
and a second line.</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss2_items_with_content_creator_and_relative_links() {
    let (entries, report) = load("policy-notes.rss", RSS2);
    assert_eq!(report.format, Some(Format::Feed));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(entries.len(), 2);

    let e = &entries[0];
    assert_eq!(e.kind, Kind::FeedItem);
    assert_eq!(e.title, "Why norms matter & why now");
    assert_eq!(e.site.as_deref(), Some("Policy & Notes"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://policynotes.example.net/notes/why-norms-matter")
    );
    assert_eq!(e.aliases, ["https://policynotes.example.net/?p=31"]);
    assert_eq!(e.author.as_deref(), Some("Maya Lindqvist"));
    assert_eq!(e.date.unwrap().to_string(), "2026-05-12T08:30:00+00:00");
    assert_eq!(e.updated, None);
    assert_eq!(e.tags, ["Norms", "UN"]);
    assert_eq!(e.summary.as_deref(), Some("A short summary."));
    assert!(e.body.is_html());
    let links: Vec<&str> = e.links().iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        links,
        [
            "https://policynotes.example.net/about",
            "https://www.un.org/"
        ]
    );

    let e = &entries[1];
    assert_eq!(e.date, None, "no date is invented");
    assert_eq!(e.title, "Plain text, with AT&T <3", "the first line");
    assert_eq!(
        e.body,
        Body::Text("Plain text, with AT&T <3\nand a second line.".into())
    );
    assert_eq!(e.summary, None);
}

#[test]
fn a_feed_saved_as_index_html() {
    let (entries, report) = load("index.html", RSS2);
    assert_eq!(report.format, Some(Format::Feed));
    assert_eq!(entries.len(), 2);
    let (entries, report) = load("feed", ATOM);
    assert_eq!(report.format, Some(Format::Feed), "no extension");
    assert_eq!(entries.len(), 2);
}

#[test]
fn zero_items_is_no_entries_and_no_error() {
    let rss = r#"<rss version="2.0"><channel><title>Empty</title><link>https://x.example/</link></channel></rss>"#;
    let (entries, report) = load("empty.xml", rss);
    assert!(entries.is_empty());
    assert!(report.diagnostics.is_empty());
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Empty</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated></feed>"#;
    let (entries, report) = load("empty.atom", atom);
    assert!(entries.is_empty());
    assert!(report.diagnostics.is_empty());
}

#[test]
fn rss_0_91() {
    let rss = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>Old Notes</title><link>http://old.example.org/</link><description>x</description>
<item><title>Caf&#233; talk</title><link>http://old.example.org/cafe.html</link>
<description>Norms over coffee in Z&#252;rich.</description></item>
</channel></rss>"#;
    let (entries, report) = load("old.rss", rss);
    assert_eq!(report.format, Some(Format::Feed));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].title, "Café talk");
    assert_eq!(
        entries[0].body,
        Body::Text("Norms over coffee in Zürich.".into())
    );
    assert_eq!(
        entries[0].url.as_deref(),
        Some("http://old.example.org/cafe.html")
    );
}

#[test]
fn a_latin1_feed_is_not_decoded_twice() {
    // The loader decodes the bytes by their declaration; the declaration
    // must then not make feed-rs decode the UTF-8 text again.
    let mut bytes =
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Z"
            .to_vec();
    bytes.push(0xFC); // ü in Latin-1
    bytes.extend_from_slice(b"rich</title><item><title>Gen");
    bytes.push(0xE8); // è
    bytes.extend_from_slice(b"ve</title><link>https://x.example/g</link></item></channel></rss>");
    let (entries, report) = load_bytes("latin1.xml", &bytes);
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert_eq!(entries[0].title, "Genève");
    assert_eq!(entries[0].site.as_deref(), Some("Zürich"));
}

#[test]
fn rss_1_0_rdf() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.org/">
    <title>RDF Notes</title><link>https://rdf.example.org/</link><description>x</description>
    <items><rdf:Seq><rdf:li resource="https://rdf.example.org/one"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example.org/one">
    <title>One</title>
    <link>https://rdf.example.org/one</link>
    <description>&lt;p&gt;An &lt;a href="/two"&gt;HTML&lt;/a&gt; description.&lt;/p&gt;</description>
    <dc:creator>Kofi Mensah</dc:creator>
    <dc:date>2026-03-02T10:00:00+01:00</dc:date>
    <dc:subject>Diplomacy</dc:subject>
  </item>
</rdf:RDF>"#;
    let (entries, report) = load("rdf.xml", rdf);
    assert_eq!(report.format, Some(Format::Feed));
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.title, "One");
    assert_eq!(e.site.as_deref(), Some("RDF Notes"));
    assert_eq!(e.author.as_deref(), Some("Kofi Mensah"));
    assert_eq!(e.date.unwrap().to_string(), "2026-03-02T10:00:00+01:00");
    assert!(e.body.is_html(), "a description with markup is HTML");
    assert_eq!(e.links()[0].url, "https://rdf.example.org/two");
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Workshop &lt;b&gt;Announcements&lt;/b&gt;</title>
  <link href="https://workshops.example.com/news/" rel="alternate"/>
  <link href="https://workshops.example.com/news/feed.atom" rel="self"/>
  <id>tag:workshops.example.com,2026:news</id>
  <updated>2026-06-01T12:00:00Z</updated>
  <author><name>Programme Committee</name></author>
  <entry>
    <title type="text">Call for papers: norms &lt; laws?</title>
    <link rel="alternate" type="text/html" href="call-for-papers"/>
    <link rel="replies" href="https://workshops.example.com/news/call-for-papers#comments"/>
    <id>https://workshops.example.com/?p=77</id>
    <published>2026-04-01T09:00:00+02:00</published>
    <updated>2026-04-03T10:00:00+02:00</updated>
    <category term="cfp" label="Call for papers"/>
    <summary type="text">Deadline in May.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Submit via <a href="/submit">the form</a>.</p></div></content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>https://workshops.example.com/news/only-updated</id>
    <updated>2026-05-05T05:05:05Z</updated>
    <author><name>Lina Haddad</name></author>
    <summary type="html">&lt;p&gt;Summary &lt;i&gt;only&lt;/i&gt;.&lt;/p&gt;</summary>
  </entry>
</feed>"#;

#[test]
fn atom_entries() {
    let (entries, report) = load("workshop-news.xml", ATOM);
    assert_eq!(report.format, Some(Format::Feed));
    assert_eq!(entries.len(), 2);

    let e = &entries[0];
    assert_eq!(e.title, "Call for papers: norms < laws?");
    assert_eq!(e.site.as_deref(), Some("Workshop Announcements"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://workshops.example.com/news/call-for-papers")
    );
    assert_eq!(e.aliases, ["https://workshops.example.com/?p=77"]);
    assert_eq!(e.author.as_deref(), Some("Programme Committee"));
    assert_eq!(e.date.unwrap().to_string(), "2026-04-01T09:00:00+02:00");
    assert_eq!(e.updated.unwrap().to_string(), "2026-04-03T10:00:00+02:00");
    assert_eq!(e.tags, ["Call for papers"]);
    assert_eq!(e.summary.as_deref(), Some("Deadline in May."));
    assert!(e.body.is_html());
    assert_eq!(e.links()[0].url, "https://workshops.example.com/submit");
    assert_eq!(e.links()[0].text, "the form");

    let e = &entries[1];
    assert_eq!(
        e.url.as_deref(),
        Some("https://workshops.example.com/news/only-updated"),
        "no link: the id is the URL"
    );
    assert!(e.aliases.is_empty());
    assert_eq!(e.date.unwrap().to_string(), "2026-05-05T05:05:05+00:00");
    assert_eq!(e.updated, None);
    assert_eq!(e.author.as_deref(), Some("Lina Haddad"));
    assert_eq!(e.body, Body::Html("<p>Summary <i>only</i>.</p>".into()));
    assert_eq!(e.summary, None);
}

#[test]
fn truncated_feed_says_why_and_where() {
    let cut = &RSS2[..RSS2.find("<dc:creator>").unwrap()];
    let (entries, report) = load("cut.rss", cut);
    assert!(entries.is_empty());
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .starts_with("not a valid RSS/Atom feed: the file ends inside <item>"),
        "{}",
        d.message
    );
    assert!(d.message.contains("cut off"), "{}", d.message);
    assert_eq!(d.position.map(|p| p.0), Some(13));
}

#[test]
fn mismatched_tags_are_positioned() {
    let bad = "<rss version=\"2.0\">\n<channel>\n<item><title>x</item>\n</channel></rss>";
    let (_, report) = load("bad.rss", bad);
    let d = &report.diagnostics[0];
    assert!(
        d.message
            .starts_with("not a valid RSS/Atom feed: invalid XML at line 3, column 15:"),
        "{}",
        d.message
    );
    assert_eq!(d.position, Some((3, 15)));
}

#[test]
fn an_unknown_rss_version_is_explained() {
    let (_, report) = load(
        "future.rss",
        "<rss version=\"9.0\"><channel><title>x</title></channel></rss>",
    );
    let d = &report.diagnostics[0];
    assert!(
        d.message
            .starts_with("not a valid RSS/Atom feed: it has no <rss> channel"),
        "{}",
        d.message
    );
}

#[test]
fn deep_nesting_is_no_danger() {
    let deep = "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000);
    let atom = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title><entry><title>t</title>\
         <id>https://x.example/1</id><content type=\"xhtml\">{deep}</content></entry></feed>"
    );
    let (entries, report) = load("deep.atom", &atom);
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert_eq!(entries[0].words(), 1);

    let rss = format!(
        "<rss version=\"2.0\"><channel><item><title>t</title>{}</item></channel></rss>",
        deep.replace("div", "x:div")
    );
    let (entries, _) = load("deep.rss", &rss);
    assert_eq!(entries.len(), 1);
}

#[test]
fn a_feed_rs_panic_is_caught_and_worked_around() {
    // feed-rs 3.0.0 slices "Name—address" inside the dash and panics.
    let rss = "<rss version=\"2.0\"><channel><title>x</title><managingEditor>Zoë Dupont—zoe@example.org</managingEditor>\
               <item><title>t</title><author>Zoë Dupont&#8212;zoe@example.org</author></item></channel></rss>";
    let (entries, report) = load("dash.rss", rss);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].author.as_deref(), Some("Zoë Dupont"));
}

#[test]
fn rss_author_forms() {
    let item = |author: &str| {
        format!(
            "<rss version=\"2.0\"><channel><item><title>t</title><author>{author}</author></item></channel></rss>"
        )
    };
    for (written, read) in [
        ("maya@example.org (Maya Lindqvist)", "Maya Lindqvist"),
        ("Maya Lindqvist &lt;maya@example.org&gt;", "Maya Lindqvist"),
        ("maya@example.org", "maya@example.org"),
        ("Maya Lindqvist", "Maya Lindqvist"),
    ] {
        let (entries, _) = load("a.rss", &item(written));
        assert_eq!(entries[0].author.as_deref(), Some(read), "{written}");
    }
}

#[test]
fn rss_without_a_version_is_read_as_2_0_and_untitled_items_take_their_first_words() {
    let feed = r#"<?xml version="1.0"?>
<!-- <rss> in a comment does not count -->
<rss xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Chan</title><link>https://ex.org/</link>
<item><description>&lt;p&gt;First words of an untitled item that goes on well past a title&lt;/p&gt;</description>
<link>/1</link><pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item>
<item><title>Titled</title><description>Body two</description></item>
</channel></rss>"#;
    let (entries, report) = load("feed.xml", feed);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(report.format, Some(Format::Feed));
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["First words of an untitled item that goes…", "Titled"]
    );
    assert_eq!(entries[0].url.as_deref(), Some("https://ex.org/1"));
    assert_eq!(entries[0].site.as_deref(), Some("Chan"));

    // Only a root named rss without a version is given one.
    assert_eq!(versioned("<rss2><channel/></rss2>"), None);
    assert_eq!(versioned("<rss version=\"0.91\"><x/></rss>"), None);
    assert_eq!(versioned("<feed><rss></rss></feed>"), None);
    assert_eq!(
        versioned("<!DOCTYPE rss><rss>").as_deref(),
        Some("<!DOCTYPE rss><rss version=\"2.0\">")
    );
}

#[test]
fn dates_keep_the_offset_they_were_written_with() {
    let feed = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>Late</title><link>https://x.example/1</link>
        <pubDate>Mon, 22 Jun 2026 00:30:00 +0200</pubDate></item>
        <item><title>UTC</title><link>https://x.example/2</link>
        <pubDate>Mon, 22 Jun 2026 00:30:00 GMT</pubDate></item></channel></rss>"#;
    let (entries, _) = load("f.xml", feed);
    let late = entries[0].date.unwrap();
    assert_eq!(late.to_string(), "2026-06-22T00:30:00+02:00");
    assert_eq!(late.day().to_string(), "2026-06-22", "the feed's own day");
    assert_eq!(
        entries[1].date.unwrap().to_string(),
        "2026-06-22T00:30:00+00:00"
    );
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
        <updated>2026-06-22T00:30:00-05:00</updated>
        <entry><title>E</title><id>urn:e</id><link href="https://x.example/e"/>
        <published>2026-06-21T23:30:00-05:00</published><updated>2026-06-22T00:30:00-05:00</updated></entry></feed>"#;
    let (entries, _) = load("a.xml", atom);
    assert_eq!(
        entries[0].date.unwrap().to_string(),
        "2026-06-21T23:30:00-05:00"
    );
    assert_eq!(
        entries[0].updated.unwrap().to_string(),
        "2026-06-22T00:30:00-05:00"
    );
}

/// Issue 22 #12: an Atom 0.3 feed is read through the whole pipeline, and
/// a feed whose items give no entry (here one without a title or a link,
/// where feed-rs does not look) says so.
#[test]
fn atom_0_3_is_read_and_unread_items_are_a_warning() {
    let old = r#"<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#">
        <title>Old blog</title><entry><title>One</title><issued>2004-03-01T10:00:00Z</issued>
        <link rel="alternate" href="http://old.example/1"/><content mode="escaped" type="text/html">&lt;p&gt;Hi&lt;/p&gt;</content></entry></feed>"#;
    let (entries, report) = load("old.atom", old);
    assert_eq!(report.format, Some(Format::Feed));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].title, "One");
    assert_eq!(entries[0].site.as_deref(), Some("Old blog"));

    let odd = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
        <wrapper><item><description>No title, no link</description></item></wrapper></channel></rss>"#;
    let (entries, report) = load("odd.rss", odd);
    assert!(entries.is_empty());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("holds 1 item")),
        "{:?}",
        report.diagnostics
    );
}

/// Issue 22 #12: an RSS 1.0 item without a link is still an entry, and
/// Dublin Core fills what the core elements leave empty.
#[test]
fn linkless_rdf_items_and_dublin_core() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://x.example/"><title>RDF site</title><link>http://x.example/</link><description>d</description></channel>
<item rdf:about="http://x.example/1"><title>With link</title><link>http://x.example/1</link><dc:creator>Ana</dc:creator></item>
<item><title>No link at all</title><description>Text only.</description></item>
</rdf:RDF>"#;
    let (entries, _) = load("x.rdf", rdf);
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["With link", "No link at all"]);
    assert_eq!(entries[0].author.as_deref(), Some("Ana"));
    let rss = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>DC</title>
<item><dc:title>Title from DC</dc:title><link>http://x.example/a</link><dcterms:issued>2005-01-02T00:00:00Z</dcterms:issued></item></channel></rss>"#;
    let (entries, _) = load("dc.rss", rss);
    assert_eq!(entries[0].title, "Title from DC");
    assert_eq!(
        entries[0].date.unwrap().to_string(),
        "2005-01-02T00:00:00+00:00"
    );
}

/// Issue 22 #6: an item with only a description is a summary, so that a
/// saved page of the same post is preferred to it; one with content is
/// the published content.
#[test]
fn items_without_content_are_summaries() {
    let rss = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>x</title>
<item><title>Short</title><link>http://x.example/a</link><description>An excerpt.</description></item>
<item><title>Whole</title><link>http://x.example/b</link><description>An excerpt.</description>
<content:encoded><![CDATA[<p>The whole post.</p>]]></content:encoded></item></channel></rss>"#;
    let (entries, _) = load("x.rss", rss);
    use crate::model::BodySource;
    assert_eq!(entries[0].body_source, BodySource::Summary);
    assert_eq!(entries[1].body_source, BodySource::Published);
}

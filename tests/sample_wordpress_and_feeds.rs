//! The bundled sample data in the WordPress and feed formats: each file
//! loads as its format, yields the entries it was written to hold, and the
//! links between the samples lead to entries of the corpus.

use folio::corpus::Corpus;
use folio::load::{Format, load_sources, sample};
use folio::model::{Entry, Kind};

fn corpus() -> Corpus {
    load_sources(&sample())
}

/// The entries read from one sample file, in file order.
fn from<'a>(corpus: &'a Corpus, file: &str) -> Vec<&'a Entry> {
    let report = corpus
        .files
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == file))
        .unwrap_or_else(|| panic!("{file} is not in the sample data"));
    assert!(
        report.diagnostics.is_empty(),
        "{file}: {:?}",
        report.diagnostics
    );
    corpus
        .entries
        .iter()
        .filter(|e| e.source.file_name().is_some_and(|n| n == file))
        .collect()
}

fn format_of(corpus: &Corpus, file: &str) -> Option<Format> {
    corpus
        .files
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == file))
        .and_then(|f| f.format)
}

fn titles(entries: &[&Entry]) -> Vec<String> {
    entries.iter().map(|e| e.title.clone()).collect()
}

/// The entry a link found in `entry`'s body leads to, by the link's text.
fn target<'a>(corpus: &'a Corpus, entry: &Entry, link_text: &str) -> &'a Entry {
    let link = entry
        .links()
        .iter()
        .find(|l| l.text == link_text)
        .unwrap_or_else(|| panic!("no link \"{link_text}\" in {}", entry.title));
    let i = corpus
        .by_url(&link.url)
        .unwrap_or_else(|| panic!("{} leads to no entry", link.url));
    &corpus.entries[i]
}

#[test]
fn wordpress_rest_array() {
    let c = corpus();
    assert_eq!(
        format_of(&c, "normslab-posts.json"),
        Some(Format::WordPress)
    );
    let posts = from(&c, "normslab-posts.json");
    assert_eq!(
        titles(&posts),
        [
            "“Responsible” behaviour in cyberspace: a field guide",
            "Confidence-building measures, one year on",
            "Notes on attribution & accountability",
        ]
    );
    let first = posts[0];
    assert_eq!(first.kind, Kind::Post);
    assert_eq!(first.author.as_deref(), Some("Amara Oyelaran"));
    assert_eq!(first.site.as_deref(), Some("Norms Lab"));
    // The site's own clock (`date`), two hours ahead of `date_gmt`.
    assert_eq!(first.date.unwrap().to_string(), "2026-05-18T09:30:00+02:00");
    assert_eq!(
        first.url.as_deref(),
        Some(
            "https://normslab.example.org/2026/05/18/responsible-behaviour-in-cyberspace-a-field-guide/"
        )
    );
    assert_eq!(first.aliases, ["https://normslab.example.org/?p=412"]);
    assert_eq!(first.tags, ["Cyber norms", "UN OEWG", "Due diligence"]);
    assert_eq!(posts[1].author.as_deref(), Some("Jonas Veldkamp"));
    assert!(
        posts.iter().all(|p| p.site.as_deref() == Some("Norms Lab")),
        "the site named on one post is the site of all"
    );
    assert_eq!(posts[2].tags, ["Cyber norms", "Attribution"]);
    for p in &posts {
        assert!(p.links().iter().any(|l| l.url.starts_with("mailto:")));
        assert!(p.words() > 60, "{}: {} words", p.title, p.words());
    }
}

#[test]
fn rss_feed() {
    let c = corpus();
    assert_eq!(format_of(&c, "policy-notes.rss"), Some(Format::Feed));
    let items = from(&c, "policy-notes.rss");
    assert_eq!(
        titles(&items),
        [
            "What a good incident report looks like",
            "Reading list: cyber norms & the multistakeholder model",
            "Notes from a quiet week",
        ]
    );
    assert!(items.iter().all(|e| e.kind == Kind::FeedItem));
    assert!(
        items
            .iter()
            .all(|e| e.site.as_deref() == Some("Policy Notes"))
    );
    assert_eq!(items[0].author.as_deref(), Some("Priya Raman"));
    assert_eq!(
        items[0].date.unwrap().to_string(),
        "2026-06-11T15:00:00+02:00"
    );
    assert_eq!(items[0].tags, ["Incident response", "Transparency"]);
    // A relative <link>, resolved against the channel's link.
    assert_eq!(
        items[1].url.as_deref(),
        Some("https://policynotes.example.net/notes/reading-list-cyber-norms")
    );
    assert_eq!(items[2].date, None);
    assert!(!items[2].body.is_html(), "a plain-text description");
}

#[test]
fn atom_feed() {
    let c = corpus();
    assert_eq!(format_of(&c, "workshop-news.xml"), Some(Format::Feed));
    let entries = from(&c, "workshop-news.xml");
    assert_eq!(
        titles(&entries),
        [
            "Call for participants: Norms Workshop III",
            "Travel grants for early-career researchers",
            "Slides & notes from Workshop II are online",
        ]
    );
    assert!(
        entries
            .iter()
            .all(|e| e.site.as_deref() == Some("Workshop Announcements"))
    );
    assert_eq!(entries[0].author.as_deref(), Some("Programme Committee"));
    assert_eq!(entries[0].tags, ["Calls", "Workshop III"]);
    assert!(entries[0].updated.is_some());
    assert_eq!(
        entries[1].url.as_deref(),
        Some("https://workshops.example.com/news/travel-grants-2026")
    );
    assert_eq!(
        entries[1].aliases,
        ["https://workshops.example.com/news/?id=42"]
    );
    assert_eq!(entries[2].author.as_deref(), Some("Hana Sato"));
    assert_eq!(
        entries[2].date.unwrap().to_string(),
        "2026-03-12T08:15:00+00:00",
        "only <updated>: that is its date"
    );
}

#[test]
fn json_feed() {
    let c = corpus();
    assert_eq!(format_of(&c, "field-notes.json"), Some(Format::JsonFeed));
    let items = from(&c, "field-notes.json");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].title, "What diplomats read in an incident report");
    assert_eq!(items[0].author.as_deref(), Some("Léa Moreau"));
    assert_eq!(
        items[1].author.as_deref(),
        Some("Field Notes editors"),
        "the feed's author"
    );
    assert_eq!(
        items[1].url.as_deref(),
        Some("https://fieldnotes.example.org/2026/a-glossary-nobody-fights-about/")
    );
    // No title: the first words of the text.
    assert_eq!(
        items[2].title,
        "Overheard in a Geneva corridor: \"Every norm is…"
    );
    assert_eq!(
        items[2].links()[0].url,
        "https://en.wikipedia.org/wiki/Norm_(social)"
    );
}

#[test]
fn wordpress_export() {
    let c = corpus();
    assert_eq!(format_of(&c, "normslab-export.xml"), Some(Format::Wxr));
    let entries = from(&c, "normslab-export.xml");
    assert_eq!(
        titles(&entries),
        [
            "Why we started Norms Lab",
            "Export controls & the Wassenaar debate, explained",
            "About the lab",
        ],
        "the draft, the attachment and the menu item are not entries"
    );
    assert_eq!(
        entries.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [Kind::Post, Kind::Post, Kind::Page]
    );
    assert_eq!(entries[0].author.as_deref(), Some("Amara Oyelaran"));
    assert_eq!(entries[1].author.as_deref(), Some("Jonas Veldkamp"));
    assert!(entries[0].tags.is_empty(), "Uncategorized is not a tag");
    assert_eq!(entries[1].tags, ["Cyber norms", "Export controls"]);
    assert!(
        entries[0]
            .body
            .as_str()
            .starts_with("<p>Norms for state behaviour")
    );
    assert_eq!(
        entries[1].summary.as_deref(),
        Some("What the argument about \"intrusion software\" was about, without taking sides.")
    );
}

#[test]
fn links_between_these_samples_resolve() {
    let c = corpus();
    let posts = from(&c, "normslab-posts.json");
    let rss = from(&c, "policy-notes.rss");
    let atom = from(&c, "workshop-news.xml");
    let json = from(&c, "field-notes.json");
    let export = from(&c, "normslab-export.xml");

    // With `www.` and `?utm_source=newsletter`.
    assert_eq!(target(&c, posts[0], "third norms workshop").id, atom[0].id);
    // Without its trailing slash.
    assert_eq!(
        target(&c, rss[0], "what diplomats read in an incident report").id,
        json[0].id
    );
    assert_eq!(
        target(&c, json[0], "what a good incident report looks like").id,
        rss[0].id
    );
    assert_eq!(
        target(&c, rss[1], "field guide to responsible behaviour").id,
        posts[0].id
    );
    // Relative links, resolved against the entry's own URL.
    assert_eq!(
        target(&c, posts[1], "attribution and accountability").id,
        posts[2].id
    );
    assert_eq!(target(&c, atom[1], "call for participants").id, atom[0].id);
    assert_eq!(target(&c, json[1], "report").id, json[0].id);
    assert_eq!(target(&c, export[0], "about the lab").id, export[2].id);
    assert_eq!(target(&c, export[1], "first post").id, export[0].id);

    // The Markdown post links to the first WordPress post by its guid.
    let by_guid = c.by_url("https://normslab.example.org/?p=412").unwrap();
    assert_eq!(c.entries[by_guid].id, posts[0].id);
}

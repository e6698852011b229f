use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::json;

use super::*;
use crate::load::{FileReport, Format, Severity, Source, load_source};

/// Loads `text` as a file named `name` through the whole pipeline
/// (detection, this module, `finish`).
fn load(name: &str, text: &str) -> (Vec<Entry>, FileReport) {
    load_source(&Source {
        path: PathBuf::from(name),
        id_base: "t".into(),
        bytes: Some(Cow::Owned(text.as_bytes().to_vec())),
    })
}

const SEED: &str = include_str!("../../../sample-data/003_42b8e050b6c7d64e.txt");

#[test]
fn seed_003_single_post_in_a_txt_file() {
    let (entries, report) = load("003_42b8e050b6c7d64e.txt", SEED);
    assert_eq!(report.format, Some(Format::WordPress));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.kind, Kind::Post);
    assert_eq!(
        e.title,
        "Promoting international norm development in cybersecurity"
    );
    assert_eq!(e.date.unwrap().day().to_string(), "2015-04-03");
    // `date` is the site's wall clock, `date_gmt` the same instant in UTC:
    // the site was eight hours behind.
    assert_eq!(e.date.unwrap().to_string(), "2015-04-03T08:39:01-08:00");
    assert_eq!(e.author.as_deref(), Some("Jochai Ben-Avie"));
    assert_eq!(
        e.url.as_deref(),
        Some(
            "https://blog.mozilla.org/netpolicy/2015/04/03/promoting-international-norm-development-in-cybersecurity/"
        )
    );
    assert_eq!(e.site.as_deref(), Some("Open Policy & Advocacy"));
    assert_eq!(e.aliases, ["http://blog.mozilla.org/netpolicy/?p=274"]);
    assert!(
        e.summary
            .as_deref()
            .unwrap()
            .starts_with("From hacks of some")
    );
    assert!(e.tags.is_empty(), "not embedded: only category ids");

    // Every anchor of the body, in order. The seed's content has seven
    // (the last two both say "here"), not the eight the issue mentions.
    let links: Vec<(&str, &str)> = e
        .links()
        .iter()
        .map(|l| (l.text.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Heartbleed",
                "http://www.washingtonpost.com/blogs/the-switch/wp/2014/04/14/heartbleed-is-about-to-get-worse-and-it-will-slow-the-internet-to-a-crawl"
            ),
            (
                "Shellshock",
                "http://krebsonsecurity.com/2014/09/shellshock-bug-spells-trouble-for-web-security/"
            ),
            (
                "carmakers being woefully unprepared",
                "http://mashable.com/2015/02/09/car-manufacturers-unprepared/"
            ),
            (
                "exercising bad security hygiene even after previously suffering a major attack",
                "https://www.accessnow.org/blog/2014/12/23/sony-pictures-hack-shows-weak-security-but-no-reason-to-violate-privacy-sta"
            ),
            (
                "Freedom Online Coalition",
                "https://www.freedomonlinecoalition.com/"
            ),
            (
                "here",
                "https://www.freedomonlinecoalition.com/how-we-work/working-groups/working-group-1/wg-1-blog-3/"
            ),
            (
                "here",
                "https://www.freedomonlinecoalition.com/how-we-work/working-groups/working-group-1/wg-1-blog-3/"
            ),
        ]
    );
    assert!(e.words() > 250, "{} words", e.words());
}

fn post(id: u64, extra: Value) -> Value {
    let mut p = json!({
        "id": id,
        "date": "2026-05-04T09:15:00",
        "date_gmt": "2026-05-04T07:15:00",
        "modified_gmt": "2026-05-06T08:00:00",
        "guid": {"rendered": format!("https://normslab.example.org/?p={id}")},
        "slug": format!("post-{id}"),
        "status": "publish",
        "type": "post",
        "link": format!("https://normslab.example.org/2026/05/04/post-{id}/"),
        "title": {"rendered": format!("Post {id}")},
        "content": {"rendered": "<p>Body with <a href=\"/about/\">a relative link</a>.</p>", "protected": false},
        "excerpt": {"rendered": "<p>Excerpt.</p>", "protected": false},
    });
    let obj = p.as_object_mut().unwrap();
    for (k, v) in extra.as_object().unwrap() {
        obj.insert(k.clone(), v.clone());
    }
    p
}

#[test]
fn an_embedded_array() {
    let embedded = json!({"_embedded": {
        "author": [{"id": 3, "name": "Ana Ruiz"}, {"code": "rest_user_invalid_id"}],
        "wp:term": [
            [{"id": 1, "name": "Uncategorized", "slug": "uncategorized", "taxonomy": "category"},
             {"id": 4, "name": "Cyber norms", "slug": "cyber-norms", "taxonomy": "category"}],
            [{"id": 9, "name": "UN &amp; OEWG", "slug": "un-oewg", "taxonomy": "post_tag"}],
            [{"id": 2, "name": "Series A", "taxonomy": "series"}]
        ]
    }});
    let page = json!({"type": "page", "title": {"rendered": ""}, "slug": "about-the-lab", "_embedded": {}});
    let doc = json!([post(101, embedded), post(102, page), 3, "x", {"unrelated": true}]);
    let (entries, report) = load("posts.json", &doc.to_string());
    assert_eq!(report.format, Some(Format::WordPress));
    assert_eq!(entries.len(), 2);

    let a = &entries[0];
    assert_eq!(a.id, "t:1");
    assert_eq!(a.kind, Kind::Post);
    assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(a.tags, ["Cyber norms", "UN & OEWG", "Series A"]);
    assert_eq!(a.date.unwrap().to_string(), "2026-05-04T09:15:00+02:00");
    assert_eq!(a.updated.unwrap().to_string(), "2026-05-06T08:00:00+00:00");
    assert_eq!(a.summary.as_deref(), Some("Excerpt."));
    assert_eq!(a.aliases, ["https://normslab.example.org/?p=101"]);
    assert_eq!(a.links()[0].url, "https://normslab.example.org/about/");
    assert_eq!(a.site, None, "no post of this response names its site");

    let b = &entries[1];
    assert_eq!(b.kind, Kind::Page);
    assert_eq!(b.title, "About the lab", "empty title: the slug");
    assert_eq!(b.author, None);
}

#[test]
fn posts_of_one_site_share_its_name() {
    let named = post(1, json!({"yoast_head_json": {"og_site_name": "Norms Lab"}}));
    let other_site = post(3, json!({"link": "https://elsewhere.example.com/x/"}));
    let e = parse(json!([post(2, json!({})), named, other_site])).unwrap();
    let sites: Vec<Option<&str>> = e.iter().map(|e| e.site.as_deref()).collect();
    assert_eq!(sites, [Some("Norms Lab"), Some("Norms Lab"), None]);
}

#[test]
fn custom_types_keep_their_name_and_dates_without_gmt_are_utc() {
    let p = post(
        7,
        json!({"type": "event", "date_gmt": null, "modified_gmt": 5}),
    );
    let e = parse(p).unwrap();
    assert_eq!(e[0].kind.as_str(), "event");
    assert_eq!(e[0].date.unwrap().to_string(), "2026-05-04T09:15:00+00:00");
    assert_eq!(e[0].updated, None);
}

#[test]
fn relative_links_resolve_against_the_site() {
    // No canonical: the REST URL says where the site is.
    let p = post(
        8,
        json!({"link": "/2026/05/04/post-8/", "_links": {"self": [{"href": "https://blog.example.org/news/wp-json/wp/v2/posts/8"}]}}),
    );
    let e = parse(p).unwrap();
    assert_eq!(
        e[0].url.as_deref(),
        Some("https://blog.example.org/2026/05/04/post-8/")
    );
    let p = post(
        9,
        json!({"link": "2026/post-9/", "yoast_head_json": {"canonical": "https://normslab.example.org/blog/"}}),
    );
    let e = parse(p).unwrap();
    assert_eq!(
        e[0].url.as_deref(),
        Some("https://normslab.example.org/blog/2026/post-9/")
    );
    // Nothing to resolve against: no URL rather than a relative one.
    let e = parse(post(10, json!({"link": "/x/"}))).unwrap();
    assert_eq!(e[0].url, None);
}

#[test]
fn guids_are_entity_decoded_and_kept_only_when_distinct() {
    let p = post(
        11,
        json!({"guid": {"rendered": "https://normslab.example.org/?page_id=11&#038;preview=1"}}),
    );
    assert_eq!(
        parse(p).unwrap()[0].aliases,
        ["https://normslab.example.org/?page_id=11&preview=1"]
    );
    let p = post(
        12,
        json!({"guid": {"rendered": "https://normslab.example.org/2026/05/04/post-12/"}}),
    );
    assert!(parse(p).unwrap()[0].aliases.is_empty());
}

#[test]
fn protected_and_trimmed_posts() {
    let p = post(13, json!({"content": {"rendered": "", "protected": true}}));
    assert_eq!(parse(p).unwrap()[0].body, Body::Text(PROTECTED.into()));

    let trimmed = json!([{"id": 14, "title": {"rendered": "Only a title"}, "link": "https://normslab.example.org/t/"}]);
    assert!(is_wordpress(&trimmed));
    let (entries, report) = load("trimmed.json", &trimmed.to_string());
    assert!(report.diagnostics.is_empty());
    assert_eq!(entries[0].title, "Only a title");
    assert!(entries[0].body.is_empty());
    assert_eq!(entries[0].words(), 0);
}

#[test]
fn dates_are_the_sites_own_day() {
    let at = |local: &str, gmt: &str| {
        let p = post(17, json!({"date": local, "date_gmt": gmt}));
        parse(p).unwrap()[0].date.unwrap()
    };
    // Published at half past midnight in Paris: that day, not the one before.
    let d = at("2026-05-05T00:30:00", "2026-05-04T22:30:00");
    assert_eq!(d.day().to_string(), "2026-05-05");
    assert_eq!(d.to_string(), "2026-05-05T00:30:00+02:00");
    // The same instant as UTC says: orders and compares as before.
    assert_eq!(d, at("2026-05-04T22:30:00", "2026-05-04T22:30:00"));
    assert_eq!(
        at("2026-05-04T09:15:00", "2026-05-04T03:30:00").to_string(),
        "2026-05-04T09:15:00+05:45"
    );
    // Fields that disagree beyond any offset: UTC. A draft's zero GMT: local.
    assert_eq!(
        at("2026-05-09T09:00:00", "2026-05-04T09:00:00").to_string(),
        "2026-05-04T09:00:00+00:00"
    );
    assert_eq!(
        at("2026-05-04T09:15:00", "0000-00-00T00:00:00")
            .day()
            .to_string(),
        "2026-05-04"
    );
}

#[test]
fn a_post_without_content_reads_as_its_summary() {
    // A listing fetched with `_fields=id,title,excerpt,link`.
    let listing = json!([{"id": 15, "title": {"rendered": "Summary only"},
        "excerpt": {"rendered": "<p>Norms for the <b>cyber</b> age.</p>", "protected": false},
        "link": "https://normslab.example.org/summary-only/?a=1&b=2"}]);
    let (entries, report) = load("listing.json", &listing.to_string());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let e = &entries[0];
    assert_eq!(
        e.body,
        Body::Html(
            "<p>Norms for the <b>cyber</b> age.</p>\n<p><em>(Only a summary: the whole post is at \
             https://normslab.example.org/summary-only/?a=1&amp;b=2.)</em></p>"
                .into()
        )
    );
    assert_eq!(e.words(), 14, "the summary's words count, and are searched");
    // Fetched without content and without a link: the summary, saying so.
    let listing =
        json!({"id": 16, "title": {"rendered": "t"}, "excerpt": {"rendered": "<p>Short.</p>"}});
    let body = parse(listing).unwrap().remove(0).body;
    assert!(
        body.as_str()
            .ends_with("(Only a summary: the whole post is not in this file.)</em></p>"),
        "{body:?}"
    );
}

/// Issue 21 #8: WordPress sent the content, and it is empty: the excerpt
/// is all the post has, and nothing says more is elsewhere.
#[test]
fn a_post_whose_content_is_empty_reads_as_its_excerpt_alone() {
    let p = json!({"id": 17, "title": {"rendered": "Excerpt only"},
        "content": {"rendered": "", "protected": false},
        "excerpt": {"rendered": "<p>All there is.</p>"},
        "link": "https://normslab.example.org/excerpt-only/"});
    let e = parse(p).unwrap().remove(0);
    assert_eq!(e.body, Body::Html("<p>All there is.</p>".into()));
}

/// Issue 21 #6 and #7: a custom type's name is its kind, every taxonomy's
/// terms are tags, and a theme's "Continue reading" link is not summary.
#[test]
fn custom_types_keep_their_name_and_terms_and_summaries_their_text() {
    let p = json!({"id": 18, "type": "session", "title": {"rendered": "Opening"},
    "content": {"rendered": "<p>x</p>"},
    "excerpt": {"rendered": "<p>We open&hellip; <a href=\"https://x.example/s/\" class=\"more-link\">Continue reading<span class=\"screen-reader-text\"> &#8220;Opening&#8221;</span></a></p>\n"},
    "_embedded": {"wp:term": [
        [{"id": 3, "name": "Machine learning", "slug": "ml", "taxonomy": "track"}],
        [{"id": 1, "name": "Uncategorized", "slug": "uncategorized", "taxonomy": "category"}],
        [{"id": 4, "name": "post-format-aside", "slug": "post-format-aside", "taxonomy": "post_format"}]
    ]}});
    let (entries, _) = load("session.json", &p.to_string());
    let e = &entries[0];
    assert_eq!(e.kind.as_str(), "session");
    assert_eq!(e.tags, ["Machine learning"]);
    assert_eq!(e.summary.as_deref(), Some("We open…"));
    // An ordinary link in an excerpt stays.
    assert_eq!(
        without_more_links(
            "<p>See <a href=\"/a\">the call</a>.</p><A CLASS='Read-More' href=x>More</A>"
        ),
        "<p>See <a href=\"/a\">the call</a>.</p>"
    );
    assert_eq!(without_more_links("<a"), "<a");
}

/// What the fetcher notes on a saved item: the site's name, a withdrawal.
#[test]
fn the_fetchers_note_gives_the_site_and_the_withdrawal() {
    let text = "{\"_folio\":{\"withdrawn\":\"2026-12-07T10:00:00Z\",\"site\":\"Field Notes\"},\n\"id\":5,\"title\":{\"rendered\":\"Gone\"},\"content\":{\"rendered\":\"<p>x</p>\"}}";
    let (entries, report) = load("5.json", text);
    assert_eq!(report.format, Some(Format::WordPress));
    let e = &entries[0];
    assert!(e.withdrawn);
    assert_eq!(e.site.as_deref(), Some("Field Notes"));
    let (entries, _) = load(
        "6.json",
        r#"{"id":6,"title":{"rendered":"Here"},"content":{"rendered":"x"}}"#,
    );
    assert!(!entries[0].withdrawn);
}

#[test]
fn fields_of_unexpected_types_are_ignored() {
    let p = json!({"id": "x", "title": {"rendered": 5}, "content": "<p>raw string content</p>",
        "date_gmt": [1], "date": "not a date", "link": 17, "slug": {"a": 1}, "guid": "https://x.example/?p=1",
        "_embedded": {"author": "nobody", "wp:term": [[1, {"name": 2}], "x"]}, "yoast_head_json": [], "type": 3});
    assert!(is_wordpress(&p));
    let e = parse(p).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].title, "");
    assert_eq!(e[0].date, None);
    assert_eq!(e[0].body, Body::Html("<p>raw string content</p>".into()));
    assert_eq!(e[0].aliases, ["https://x.example/?p=1"]);
}

#[test]
fn what_is_and_is_not_wordpress() {
    assert!(is_wordpress(&json!([])));
    assert!(!is_wordpress(&json!({})));
    assert!(!is_wordpress(&json!([1, "a", {"name": "x"}])));
    assert!(!is_wordpress(&json!({"title": "A", "body": "B"})));
    assert!(is_wordpress(
        &json!({"link": "https://x.example/a/", "slug": "a"})
    ));
}

#[test]
fn empty_array_is_no_entries_and_no_error() {
    let (entries, report) = load("empty.json", "[]");
    assert_eq!(report.format, Some(Format::WordPress));
    assert!(entries.is_empty());
    assert!(report.diagnostics.is_empty());
}

#[test]
fn rest_errors_are_reported_in_plain_words() {
    let (entries, report) = load(
        "missing.json",
        r#"{"code":"rest_post_invalid_id","message":"Invalid post ID.","data":{"status":404}}"#,
    );
    assert!(entries.is_empty());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].severity, Severity::Error);
    assert_eq!(
        report.diagnostics[0].message,
        "a WordPress REST error response, not a post: Invalid post ID."
    );
}

#[test]
fn truncated_json_names_its_position() {
    let text = &SEED[..2000];
    let (entries, report) = load("cut.txt", text);
    assert!(entries.is_empty());
    let d = &report.diagnostics[0];
    assert!(
        d.message.starts_with("invalid JSON at line 1, column 2000"),
        "{}",
        d.message
    );
    assert_eq!(d.position, Some((1, 2000)));
}

#[test]
fn shortcodes_of_plugins_the_site_no_longer_runs_are_not_shown() {
    let (entries, _) = load(
        "builder.json",
        r#"{"id": 9, "link": "https://lab.example.org/b/", "title": {"rendered": "Built"},
            "content": {"rendered": "<p>[et_pb_section fb_built=\"1\"][et_pb_row][et_pb_text]</p>\n<p>Kept text, see [1].</p>\n<p>[/et_pb_text][/et_pb_row][/et_pb_section]</p>"}}"#,
    );
    let html = entries[0].body.as_str();
    assert!(!html.contains("et_pb"), "{html}");
    assert!(html.contains("<p>Kept text, see [1].</p>"), "{html}");
}

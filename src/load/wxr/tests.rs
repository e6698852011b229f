use std::borrow::Cow;
use std::path::PathBuf;

use super::*;
use crate::load::{FileReport, Format, Severity, Source, load_source};

fn load(name: &str, text: &str) -> (Vec<Entry>, FileReport) {
    load_source(&Source {
        path: PathBuf::from(name),
        id_base: "t".into(),
        bytes: Some(Cow::Owned(text.as_bytes().to_vec())),
    })
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Norms &amp; Lab</title>
	<link>https://normslab.example.org</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://normslab.example.org</wp:base_site_url>
	<wp:base_blog_url>https://normslab.example.org</wp:base_blog_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[aruiz]]></wp:author_login><wp:author_display_name><![CDATA[Ana Ruiz]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[cyber-norms]]></wp:category_nicename><wp:cat_name><![CDATA[Cyber norms]]></wp:cat_name></wp:category>
"#;

fn item(title: &str, kind: &str, status: &str, extra: &str) -> String {
    format!(
        r#"	<item>
		<title><![CDATA[{title}]]></title>
		<link>https://normslab.example.org/2019/03/11/{kind}-{status}/</link>
		<pubDate>Mon, 11 Mar 2019 10:00:00 +0000</pubDate>
		<dc:creator><![CDATA[aruiz]]></dc:creator>
		<guid isPermaLink="false">https://normslab.example.org/?p=5</guid>
		<description></description>
		<content:encoded><![CDATA[First paragraph with <a href="/2019/other/">a link</a>.

Second paragraph,
with a line break.]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>5</wp:post_id>
		<wp:post_date><![CDATA[2019-03-11 11:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2019-03-11 10:00:00]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2019-03-12 11:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2019-03-12 10:00:00]]></wp:post_modified_gmt>
		<wp:post_name><![CDATA[{kind}-{status}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_type><![CDATA[{kind}]]></wp:post_type>
{extra}
	</item>
"#
    )
}

const TAIL: &str = "</channel>\n</rss>\n";

fn export() -> String {
    let categories = r#"		<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
		<category domain="category" nicename="cyber-norms"><![CDATA[Cyber norms]]></category>
		<category domain="post_tag" nicename="geneva"><![CDATA[Geneva]]></category>
		<category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>
		<wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[2]]></wp:meta_value></wp:postmeta>
		<wp:comment><wp:comment_author><![CDATA[Reader]]></wp:comment_author><wp:comment_content><![CDATA[Not the body]]></wp:comment_content></wp:comment>"#;
    [
        HEAD.to_owned(),
        item(
            "Norms &amp; <em>their</em> makers",
            "post",
            "publish",
            categories,
        ),
        item("About", "page", "publish", ""),
        item("Draft", "post", "draft", ""),
        item("logo.png", "attachment", "inherit", ""),
        item("Home", "nav_menu_item", "publish", ""),
        item("", "post", "publish", ""),
        TAIL.to_owned(),
    ]
    .concat()
}

#[test]
fn published_posts_and_pages_only() {
    let (entries, report) = load("normslab-export.xml", &export());
    assert_eq!(report.format, Some(Format::Wxr));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Norms & their makers", "About", "Post publish"]);
    assert_eq!(
        entries.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [Kind::Post, Kind::Page, Kind::Post]
    );
}

#[test]
fn a_post_with_everything() {
    let (entries, _) = load("normslab-export.xml", &export());
    let e = &entries[0];
    assert_eq!(e.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(e.site.as_deref(), Some("Norms & Lab"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://normslab.example.org/2019/03/11/post-publish/")
    );
    assert_eq!(e.aliases, ["https://normslab.example.org/?p=5"]);
    // The site's clock is an hour ahead of its GMT dates: the instant keeps
    // that offset, as the site shows it.
    assert_eq!(e.date.unwrap().to_string(), "2019-03-11T11:00:00+01:00");
    assert_eq!(e.updated.unwrap().to_string(), "2019-03-12T11:00:00+01:00");
    assert_eq!(e.tags, ["Cyber norms", "Geneva"]);
    assert_eq!(e.summary, None);
    assert_eq!(
        e.body,
        Body::Html(
            "<p>First paragraph with <a href=\"/2019/other/\">a link</a>.</p>\n\
             <p>Second paragraph,<br>\nwith a line break.</p>\n"
                .into()
        )
    );
    assert_eq!(e.links()[0].url, "https://normslab.example.org/2019/other/");
    assert_eq!(e.words(), 11);
}

#[test]
fn missing_gmt_dates_fall_back_to_local_ones() {
    let extra = "";
    let it = item("Old", "post", "publish", extra)
        .replace("2019-03-11 10:00:00", "0000-00-00 00:00:00")
        .replace("2019-03-12 10:00:00", "0000-00-00 00:00:00");
    let (entries, _) = load("x.xml", &[HEAD, &it, TAIL].concat());
    assert_eq!(
        entries[0].date.unwrap().to_string(),
        "2019-03-11T11:00:00+00:00"
    );
    assert_eq!(
        entries[0].updated.unwrap().to_string(),
        "2019-03-12T11:00:00+00:00"
    );
    let it = item("Undated", "post", "publish", extra)
        .replace("2019-03-11 10:00:00", "0000-00-00 00:00:00")
        .replace("2019-03-11 11:00:00", "");
    let (entries, _) = load("x.xml", &[HEAD, &it, TAIL].concat());
    assert_eq!(entries[0].date, None);
}

#[test]
fn a_cut_off_export_keeps_the_items_before_the_cut() {
    let full = export();
    let draft = full.find("<title><![CDATA[Draft").unwrap();
    let lost = "; the 2 items before it were read, the rest of the export is lost";

    // Cut inside a CDATA section: quick-xml's syntax error, positioned.
    let (entries, report) = load("cut.xml", &full[..draft + 10]);
    assert_eq!(entries.len(), 2);
    assert_eq!(report.diagnostics.len(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        format!(
            "invalid XML at line 67, column 10: syntax error: CDATA not closed: `]]>` not found before end of input{lost}"
        )
    );
    assert_eq!(d.position, Some((67, 10)));

    // Cut between elements: the file just ends inside the item.
    let (entries, report) = load("cut.xml", &full[..draft]);
    assert_eq!(entries.len(), 2);
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        format!(
            "the file ends inside <item> (opened at line 66, column 2): it looks cut off{lost}"
        )
    );
}

#[test]
fn broken_before_any_item_is_an_error() {
    let text = format!("{HEAD}<item><title>x</wp:status></item>{TAIL}");
    let (entries, report) = load("bad.xml", &text);
    assert!(entries.is_empty());
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message
            .starts_with("not a readable WordPress export: invalid XML at line 17, column"),
        "{}",
        d.message
    );
    assert_eq!(d.position.map(|p| p.0), Some(17));
}

#[test]
fn html_entities_in_plain_titles_are_decoded_by_finish() {
    let it = item("x", "post", "publish", "").replace(
        "<title><![CDATA[x]]></title>",
        "<title>Caf&#233; &amp; norms&nbsp;today</title>",
    );
    let (entries, report) = load("x.xml", &[HEAD, &it, TAIL].concat());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(entries[0].title, "Café & norms today");
}

#[test]
fn a_channel_without_items() {
    let (entries, report) = load("empty.xml", &[HEAD, TAIL].concat());
    assert!(entries.is_empty());
    assert!(report.diagnostics.is_empty());
}

#[test]
fn deep_nesting_is_no_danger() {
    let deep = "<wp:x>".repeat(50_000) + &"</wp:x>".repeat(50_000);
    let it = item("Deep", "post", "publish", &deep);
    let (entries, report) = load("deep.xml", &[HEAD, &it, TAIL].concat());
    assert!(report.diagnostics.is_empty());
    assert_eq!(entries.len(), 1);
}

#[test]
fn a_post_after_local_midnight_is_of_the_site_s_day() {
    let it = item("Late", "post", "publish", "")
        .replace("2019-03-11 11:00:00", "2019-03-12 00:30:00")
        .replace("2019-03-11 10:00:00", "2019-03-11 22:30:00");
    let (entries, _) = load("x.xml", &[HEAD, &it, TAIL].concat());
    let date = entries[0].date.unwrap();
    assert_eq!(date.to_string(), "2019-03-12T00:30:00+02:00");
    assert_eq!(date.day().to_string(), "2019-03-12");
}

//! The renderer: a gallery of documents kept as insta snapshots (plain text
//! plus every link with where its anchors are), link spans checked against
//! the text at their columns, hostile documents neutralised, limits, and
//! the parallel layout agreeing with the whole one.

use std::path::{Path, PathBuf};

use folio::model::{Body, Entry};
use folio::render::{self, LinkSpan, Rendered};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(name)
}

/// A fixture as an entry: `.html` an HTML body, anything else plain text,
/// at a URL that relative links resolve against.
fn entry(name: &str) -> Entry {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (stem, ext) = name.rsplit_once('.').unwrap();
    let body = if ext == "html" {
        Body::Html(text)
    } else {
        Body::Text(text)
    };
    Entry {
        id: stem.to_owned(),
        title: format!("Gallery: {stem}"),
        url: Some(format!("https://example.org/gallery/{stem}/")),
        body,
        ..Entry::default()
    }
}

fn sample(id: &str) -> Entry {
    let corpus = folio::load::load_sample();
    let i = corpus.by_id(id).unwrap_or_else(|| panic!("no sample {id}"));
    corpus.entries[i].clone()
}

fn plain(r: &Rendered) -> String {
    let mut out = Vec::new();
    render::write_plain(r, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The text between two display columns of a line, measured independently
/// of the renderer: the width of each prefix of the line's text.
fn cut(r: &Rendered, s: &LinkSpan) -> String {
    let text = render::text_of(&r.lines[s.line]);
    text.char_indices()
        .filter(|&(i, _)| (s.start..s.end).contains(&text[..i].width()))
        .map(|(_, c)| c)
        .collect()
}

/// The text after display column `col` of a line.
fn after(r: &Rendered, line: usize, col: usize) -> String {
    let text = render::text_of(&r.lines[line]);
    text.char_indices()
        .filter(|&(i, _)| text[..i].width() >= col)
        .map(|(_, c)| c)
        .collect()
}

/// The snapshot of a rendering: its text, then each link with the text at
/// each of its spans.
fn describe(r: &Rendered) -> String {
    let mut s = format!("width {}\n", r.width);
    s.push_str(&plain(r));
    s.push_str("\n---- links, and the text at each span ----\n");
    for link in &r.links {
        s.push_str(&format!("[{}] {} “{}”\n", link.number, link.url, link.text));
        for span in r.spans_of(link.number) {
            s.push_str(&format!(
                "    line {}, columns {}..{}: “{}”\n",
                span.line,
                span.start,
                span.end,
                cut(r, span)
            ));
        }
    }
    s
}

macro_rules! gallery {
    ($($test:ident: $file:literal at $width:literal;)*) => {$(
        #[test]
        fn $test() {
            let r = render::render(&entry($file), $width);
            insta::assert_snapshot!(stringify!($test), describe(&r));
        }
    )*};
}

gallery! {
    headings: "headings.html" at 80;
    nested_lists: "lists.html" at 60;
    table: "table.html" at 60;
    table_narrow: "table.html" at 30;
    pre_and_code: "code.html" at 60;
    blockquote: "blockquote.html" at 60;
    images: "images.html" at 80;
    entities: "entities.html" at 80;
    links: "links.html" at 60;
    wide_characters: "wide.html" at 40;
    plain_text: "plain.txt" at 60;
    hostile_html: "hostile.html" at 60;
    hostile_text: "hostile.txt" at 60;
    layout_tables: "layout.html" at 60;
    cjk_line_breaks: "cjk.html" at 40;
}

#[test]
fn seed_wordpress_post() {
    let r = render::render(&sample("003_42b8e050b6c7d64e"), 80);
    insta::assert_snapshot!("seed_wordpress_post", describe(&r));
}

#[test]
fn seed_plain_text_workshops() {
    for (id, name) in [
        ("000_ba010958c41cf5ce:1", "seed_workshop_1"),
        ("000_ba010958c41cf5ce:2", "seed_workshop_2"),
    ] {
        let r = render::render(&sample(id), 72);
        insta::assert_snapshot!(name, describe(&r));
    }
}

/// One entry of every other format in the sample data.
#[test]
fn sample_of_each_format() {
    for (id, name) in [
        ("normslab-posts:1", "sample_wordpress_array"),
        ("policy-notes:1", "sample_rss"),
        ("workshop-news:1", "sample_atom"),
        ("field-notes:1", "sample_json_feed"),
        ("normslab-export:2", "sample_wxr"),
        ("norms-workshop-iii", "sample_html_page"),
        ("2026-06-22-workshops", "sample_markdown"),
        ("reading-list-1252", "sample_windows_1252_text"),
    ] {
        let r = render::render(&sample(id), 80);
        check_spans(&r);
        insta::assert_snapshot!(name, describe(&r));
    }
}

/// Styles, shown as tags around each styled run: `<b u>text</>`.
#[test]
fn styles() {
    let mut out = String::new();
    for file in ["headings.html", "links.html", "code.html", "images.html"] {
        let r = render::render(&entry(file), 60);
        for line in &r.lines {
            for span in &line.spans {
                let m = span.style.add_modifier;
                let mut tags = Vec::new();
                for (flag, name) in [
                    (Modifier::BOLD, "b"),
                    (Modifier::ITALIC, "i"),
                    (Modifier::UNDERLINED, "u"),
                    (Modifier::DIM, "dim"),
                ] {
                    if m.contains(flag) {
                        tags.push(name);
                    }
                }
                if span.style.fg.is_some() {
                    tags.push("code");
                }
                if tags.is_empty() {
                    out.push_str(&span.content);
                } else {
                    out.push_str(&format!("<{}>{}</>", tags.join(" "), span.content));
                }
            }
            out.push('\n');
        }
        out.push_str("════\n");
    }
    insta::assert_snapshot!("styles", out);
}

// ---- link numbers and spans ----

/// Whether what follows a span is its marker, or the end of the line or
/// table cell (the anchor, or its marker, goes on on the next line).
fn ends_anchor(rest: &str, marker: &str) -> bool {
    let rest = rest.trim_start();
    let end_of_cell = |s: &str| s.trim().is_empty() || s.starts_with('│');
    rest.starts_with(marker)
        || end_of_cell(rest)
        || (1..marker.len()).any(|n| rest.starts_with(&marker[..n]) && end_of_cell(&rest[n..]))
}

/// Numbers run 1, 2, 3…; every span lies on its line and ends where its
/// `[N]` begins (or at the end of its line or table cell, when its anchor
/// goes on on the next line); and the first appearance of each link, its spans cut out of
/// the lines and joined, reads as the link's anchor text.
fn check_spans(r: &Rendered) {
    for (i, link) in r.links.iter().enumerate() {
        assert_eq!(link.number, i + 1);
    }
    for s in &r.spans {
        assert!(s.start < s.end, "{s:?}");
        let text = render::text_of(&r.lines[s.line]);
        assert!(s.end <= text.width(), "{s:?} beyond “{text}”");
        let marker = format!("[{}]", s.number);
        let rest = after(r, s.line, s.end);
        assert!(
            ends_anchor(&rest, &marker) || cut(r, s) == marker,
            "span {s:?} of “{text}” is followed by “{rest}”"
        );
    }
    for link in &r.links {
        let marker = format!("[{}]", link.number);
        let mut first = Vec::new();
        for s in r.spans_of(link.number) {
            first.push(cut(r, s));
            // the marker follows the anchor, or starts the next line
            let rest = after(r, s.line, s.end);
            let next_line = r.lines.get(s.line + 1).map(render::text_of);
            if rest.trim_start().starts_with(&marker)
                || (rest.trim().is_empty()
                    && next_line.is_some_and(|l| l.trim_start().starts_with(&marker)))
            {
                break;
            }
        }
        if first.is_empty() || link.text.is_empty() {
            continue;
        }
        let spaced = first.join(" ");
        let unspaced = first.concat();
        assert!(
            spaced == link.text || unspaced == link.text,
            "link {} reads “{spaced}”, its text is “{}”",
            link.number,
            link.text
        );
    }
}

#[test]
fn spans_match_anchor_text_across_wrapping_widths() {
    for width in [20, 25, 31, 40, 47, 60, 80, 100] {
        for file in [
            "links.html",
            "wide.html",
            "table.html",
            "images.html",
            "plain.txt",
        ] {
            check_spans(&render::render(&entry(file), width));
        }
        check_spans(&render::render(&sample("003_42b8e050b6c7d64e"), width));
    }
}

#[test]
fn a_wrapped_anchor_has_one_span_per_line() {
    let r = render::render(&entry("links.html"), 40);
    let long = r
        .links
        .iter()
        .find(|l| l.url.ends_with("/long"))
        .unwrap()
        .number;
    let spans: Vec<&LinkSpan> = r.spans_of(long).collect();
    assert!(spans.len() >= 3, "{spans:?}");
    for pair in spans.windows(2) {
        assert_eq!(pair[1].line, pair[0].line + 1);
    }
    let joined: Vec<String> = spans.iter().map(|s| cut(&r, s)).collect();
    assert_eq!(
        joined.join(" "),
        "a very long anchor text that goes on and on across the end of the line and onto the next one"
    );
}

#[test]
fn wide_characters_are_two_columns_in_spans() {
    let r = render::render(&entry("wide.html"), 40);
    let ja = r.links.iter().find(|l| l.url.ends_with("/ja")).unwrap();
    assert_eq!(ja.text, "日本語のリンク");
    let spans: Vec<&LinkSpan> = r.spans_of(ja.number).collect();
    let cut_text: String = spans.iter().map(|s| cut(&r, s)).collect();
    assert_eq!(cut_text, "日本語のリンク");
    let width: usize = spans.iter().map(|s| s.end - s.start).sum();
    assert_eq!(width, 14);
}

#[test]
fn duplicate_targets_share_a_number_and_the_list_has_each_once() {
    let r = render::render(&entry("links.html"), 80);
    let report: Vec<_> = r
        .links
        .iter()
        .filter(|l| l.url == "https://example.org/report.pdf")
        .collect();
    assert_eq!(report.len(), 1);
    let texts: Vec<String> = r.spans_of(report[0].number).map(|s| cut(&r, s)).collect();
    assert_eq!(texts, ["the report", "this report"]);
    let text = plain(&r);
    let marker = format!("[{}]", report[0].number);
    assert_eq!(text.matches(&marker).count(), 3, "two anchors and the list");
}

#[test]
fn relative_and_mailto_targets() {
    let r = render::render(&entry("links.html"), 80);
    let urls: Vec<&str> = r.links.iter().map(|l| l.url.as_str()).collect();
    assert!(urls.contains(&"https://example.org/gallery/other-post/"));
    assert!(urls.contains(&"https://example.org/about"));
    assert!(urls.contains(&"https://example.org/gallery/links/?page=2"));
    assert!(urls.contains(&"https://example.org/gallery/links/#comments"));
    assert!(urls.contains(&"mailto:workshop@example.org"));
    assert!(!urls.iter().any(|u| u.is_empty()));
    assert!(
        !plain(&r).contains("is not a link["),
        "an empty href is no link"
    );
}

#[test]
fn link_at_finds_anchors_and_list_entries() {
    let r = render::render(&entry("links.html"), 60);
    for s in &r.spans {
        assert_eq!(r.link_at(s.line, s.start), Some(s.number));
        assert_eq!(r.link_at(s.line, s.end - 1), Some(s.number));
    }
    let start = r.links_start.unwrap();
    assert_eq!(render::text_of(&r.lines[start]), "Links");
    for link in &r.links {
        let line = render::text_of(&r.lines[start + link.number]);
        assert!(line.ends_with(&link.url), "{line}");
        assert_eq!(r.link_at(start + link.number, 0), Some(link.number));
    }
    assert_eq!(r.link_at(0, 0), None);
}

#[test]
fn links_without_layout_agree_with_render() {
    let mut entries: Vec<Entry> = [
        "links.html",
        "images.html",
        "wide.html",
        "table.html",
        "plain.txt",
        "hostile.html",
        "hostile.txt",
    ]
    .iter()
    .map(|f| entry(f))
    .collect();
    entries.extend(folio::load::load_sample().entries);
    for e in &entries {
        assert_eq!(render::links(e), render::render(e, 70).links, "{}", e.id);
    }
}

#[test]
fn header_has_only_what_the_entry_has() {
    let e = sample("003_42b8e050b6c7d64e");
    let r = render::render(&e, 80);
    let head: Vec<String> = r.lines[..r.header_len]
        .iter()
        .map(render::text_of)
        .collect();
    assert_eq!(
        head[0],
        "Promoting international norm development in cybersecurity"
    );
    assert_eq!(
        head[1],
        "2015-04-03 · Jochai Ben-Avie · Open Policy & Advocacy"
    );
    // the URL, wider than 80 columns, is one line, whole, to be copied
    // (issue 22 #9; every other line keeps to the width)
    let url = e.url.clone().unwrap();
    assert!(url.len() > 80);
    assert_eq!(head[2], url);
    assert!(head[3].ends_with("min read (274 words)"), "{}", head[3]);
    assert!(head[4].chars().all(|c| c == '─'));
    assert_eq!(head[5], "");
    let bare = Entry {
        title: "Only a title".into(),
        ..Entry::default()
    };
    let r = render::render(&bare, 40);
    let text: Vec<String> = r.lines.iter().map(render::text_of).collect();
    assert_eq!(text, ["Only a title", &"─".repeat(40), ""]);
}

// ---- hostile content ----

/// Characters that must never reach a terminal.
fn forbidden(c: char) -> bool {
    (c < ' ' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c) || folio::safe::is_unsafe(c)
}

/// ANSI output without folio's own SGR sequences (`ESC [ digits/; m`).
/// `s` without folio's own escape sequences: SGR (`ESC [ 0-9;* m`) and
/// OSC 8 hyperlinks whose URL is printable ASCII. Anything else is left
/// for the caller to find.
fn without_sgr(s: &str) -> String {
    let s = without_hyperlinks(s);
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let params = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(tail.len());
        if tail[params..].starts_with('m') {
            rest = &tail[params + 1..];
        } else {
            out.push_str("\x1b[");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn without_hyperlinks(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b]8;;") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 5..];
        match tail.find("\x1b\\") {
            Some(end) if tail[..end].bytes().all(|b| (0x21..0x7f).contains(&b)) => {
                rest = &tail[end + 2..];
            }
            _ => {
                out.push_str("\x1b]8;;");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn hostile_entry(file: &str) -> Entry {
    let mut e = entry(file);
    e.title = "Title \x1b]0;pwned\x07 with \u{9b}2J and \u{202e}bidi".into();
    e.author = Some("Eve \x1b[31m".into());
    e.site = Some("Site\x1bP1$r\x1b\\".into());
    e.url = Some("https://example.org/\x1b]8;;x\x07".into());
    e
}

#[test]
fn no_control_character_survives_rendering() {
    for file in ["hostile.html", "hostile.txt"] {
        for width in [20, 60, 100] {
            let r = render::render(&hostile_entry(file), width);
            let text = plain(&r);
            assert!(!text.chars().any(forbidden), "{file}: {text:?}");
            assert!(!text.contains('\t'));
            for b in text.bytes() {
                assert!(b >= 0x20 || b == b'\n', "byte {b:#x} in {file}");
                assert_ne!(b, 0x7f);
            }
            let mut ansi = Vec::new();
            render::write_ansi(&r, &mut ansi).unwrap();
            let ansi = without_sgr(&String::from_utf8(ansi).unwrap());
            assert!(!ansi.chars().any(forbidden), "{file} ansi: {ansi:?}");
            for l in &r.links {
                assert!(!l.url.chars().any(forbidden) && !l.url.contains(['\t', '\n']));
                assert!(!l.text.chars().any(forbidden) && !l.text.contains(['\t', '\n']));
            }
        }
    }
}

#[test]
fn escape_sequences_show_as_placeholders() {
    let text = plain(&render::render(&hostile_entry("hostile.html"), 80));
    assert!(text.contains("␛[2J"));
    assert!(text.contains("␛]52;c;"));
    assert!(text.contains("␛]8;;https://evil.example/"));
    assert!(text.contains("�2J (CSI)"));
    assert!(
        text.contains("usergnp.exe"),
        "the override is gone, the text in stored order"
    );
}

// ---- limits: each must finish on a 2 MB stack, and say what it did ----

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn html_entry(html: String) -> Entry {
    Entry {
        id: "limit".into(),
        title: "Limit".into(),
        body: Body::Html(html),
        ..Entry::default()
    }
}

#[test]
fn nesting_ten_thousand_deep_is_flattened_with_a_note() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<b>", "</b>"),
        ("<div/>", ""),
    ] {
        let html = format!("{}deep text{}", open.repeat(10_000), close.repeat(10_000));
        let r = on_small_stack(move || render::render(&html_entry(html), 80));
        let text = plain(&r);
        assert!(text.contains("deep text"), "{open}");
        assert!(
            text.contains("[folio: this document nests its markup"),
            "{open}"
        );
    }
}

#[test]
fn formatting_reopened_in_every_paragraph_is_bounded() {
    let html: String = (0..10_000)
        .map(|i| format!("<p><b id=b{i}><i id=i{i}>x</p>"))
        .collect();
    let r = on_small_stack(move || render::render(&html_entry(html), 80));
    assert!(plain(&r).contains("[folio: this document nests its markup"));
}

#[test]
fn twenty_megabytes_are_cut_with_a_note() {
    let para = "<p>A paragraph of a very large page, repeated to make twenty megabytes.</p>\n";
    let html = para.repeat(20_000_000 / para.len() + 1);
    let r = on_small_stack(move || render::render(&html_entry(html), 100));
    let text = plain(&r);
    assert!(text.contains("[folio: this body is 20.0 MB; only its first 4.2 MB are shown]"));
    assert!(text.ends_with("repeated to make twenty megabytes.\n"));

    let line = "A line of a very large plain text file, repeated to make twenty megabytes.\n";
    let body = Body::Text(line.repeat(20_000_000 / line.len() + 1));
    let r = on_small_stack(move || {
        render::render(
            &Entry {
                body,
                ..html_entry(String::new())
            },
            100,
        )
    });
    assert!(plain(&r).contains("[folio: this body is 20.0 MB"));
}

#[test]
fn ten_thousand_columns_are_shown_one_cell_per_line() {
    let cells: String = (0..10_000).map(|i| format!("<td>c{i}</td>")).collect();
    let html = format!("<table><tr>{cells}</tr></table><p>after</p>");
    let r = on_small_stack(move || render::render(&html_entry(html), 80));
    let text = plain(&r);
    assert!(text.contains("[folio: a table with 10000 columns is shown one cell per line]"));
    assert!(text.contains("\nc9999\n"));
    assert!(text.contains("\nafter\n"));
}

#[test]
fn narrow_widths_are_raised_to_the_minimum() {
    let r = render::render(&entry("lists.html"), 0);
    assert_eq!(r.width, render::MIN_WIDTH);
    assert!(!r.lines.is_empty());
}

// ---- the parallel layout is invisible ----

#[test]
fn chunked_layout_equals_whole_layout() {
    let mut entries: Vec<Entry> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|f| f.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".html"))
        .map(|n| entry(&n))
        .collect();
    entries.extend(
        folio::load::load_sample()
            .entries
            .into_iter()
            .filter(|e| e.body.is_html()),
    );
    for e in &entries {
        for width in [40, 80] {
            let whole = render::render_with(e, width, usize::MAX);
            let pieces = render::render_with(e, width, 1);
            assert_eq!(plain(&pieces), plain(&whole), "{} at {width}", e.id);
            assert_eq!(pieces, whole, "{} at {width}", e.id);
        }
    }
}

#[test]
fn without_colour_keeps_text_and_modifiers() {
    let r = render::render(&entry("code.html"), 60);
    let plain_r = r.without_colour();
    assert_eq!(plain(&plain_r), plain(&r));
    let has_colour = |r: &Rendered| {
        r.lines
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.style.fg.is_some() || s.style.bg.is_some())
    };
    assert!(has_colour(&r), "code is coloured");
    assert!(!has_colour(&plain_r));
    let bold = |r: &Rendered| {
        r.lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.style.add_modifier.contains(Modifier::BOLD))
            .count()
    };
    assert_eq!(bold(&plain_r), bold(&r));
}

/// A WordPress export as stored: classic-editor text without `<p>`, a
/// heading between paragraphs, a captioned image without alt text, a page
/// builder's shortcodes and a long preformatted line.
#[test]
fn a_wordpress_export_reads_as_its_site_shows_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wordpress/shortcodes-export.xml");
    let corpus = folio::load::load(&[path]).unwrap();
    assert_eq!(corpus.entries.len(), 1);
    let r = render::render(&corpus.entries[0], 40);
    let text = plain(&r);
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with('─'))
        .skip(1)
        .collect();
    assert_eq!(
        body,
        [
            "",
            "First paragraph of the post.",
            "",
            "A heading",
            "─────────",
            "",
            "Second paragraph, right under the",
            "heading.",
            "",
            "[image: panel.jpg]",
            "The panel on day two",
            "",
            "Builder text survives.",
            "",
            // A word longer than the width is cut; the others wrap whole.
            "configuration_value_with_a_very_long_ide",
            "ntifier_name = another_long_value_here",
            "and more words follow",
            "",
            "Last words.",
        ],
        "{text}"
    );
}

/// Issue 22 #7: what html2text would drop or garble is shown as the
/// theme shows it.
#[test]
fn footers_struck_text_subscripts_embeds_bare_urls_and_closed_selects() {
    let html = r#"<p>H<sub>2</sub>O boils; x<sup>2</sup> grows; <strike>old</strike> <s>gone</s></p>
<table><thead><tr><th>Item</th><th>Price</th></tr></thead>
<tbody><tr><td>Room</td><td>90</td></tr></tbody>
<tfoot><tr><td>Total</td><td>90</td></tr></tfoot></table>
<iframe src="https://www.youtube.com/embed/abc123?feature=oembed" width="560">Your browser cannot show this.</iframe>
<p>https://vimeo.com/12345.</p>
<p>Watch <b>this</b> https://mid.example/x</p>
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<template><iframe src="https://hidden.example/"></iframe></template>
<p>After the frames.</p>
<form><select name="archive"><option value="">Select Month</option><option value="1">December 2026</option><option value="2" selected>November 2026</option></select></form>
<select><option>Choose a category</option><option>Research</option></select>
<select><option>Never closed</option>
"#;
    let e = Entry {
        id: "t".into(),
        title: "Rendering details".into(),
        body: Body::Html(html.into()),
        ..Entry::default()
    };
    let r = render::render(&e, 80);
    let text = plain(&r);
    assert!(text.contains("H₂O boils; x² grows"), "{text}");
    assert!(text.contains("Total"), "the footer row is kept: {text}");
    assert!(
        text.contains("[embedded: youtube.com/embed/abc123]"),
        "{text}"
    );
    assert!(!text.contains("Your browser cannot"), "{text}");
    assert!(text.contains("[November 2026 ▾]"), "{text}");
    assert!(
        !text.contains("December 2026"),
        "one closed control: {text}"
    );
    assert!(text.contains("[Choose a category ▾]"), "{text}");
    assert!(
        text.contains("Never closed"),
        "an unclosed select is left as it is: {text}"
    );
    let urls: Vec<&str> = r.links.iter().map(|l| l.url.as_str()).collect();
    assert!(
        urls.contains(&"https://www.youtube.com/embed/abc123?feature=oembed"),
        "{urls:?}"
    );
    assert!(urls.contains(&"https://vimeo.com/12345"), "{urls:?}");
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("mid.example") || u.contains("googletagmanager")),
        "only a URL alone in its paragraph is made a link, and no tracking frame: {urls:?}"
    );
    assert!(text.contains("After the frames."), "{text}");
    // <strike> is struck as <s> is (html2text overlays U+0336).
    assert!(text.contains("g\u{336}o\u{336}n\u{336}e\u{336}"), "{text}");
    assert!(text.contains("o\u{336}l\u{336}d\u{336}"), "{text}");
}

/// Issue 22 #11: fields of a custom post type in classed spans written
/// without a space stay apart, and a button's label is not content.
#[test]
fn classed_spans_stay_apart_and_buttons_are_not_content() {
    let html = r#"<div class="session"><span class="duration">3 heures 30 minutes</span><span class="speaker">Vitaly Friedman</span><span class="room">Cortex</span>
<button class="add">Add to my schedule</button></div><p>W<span>or</span>d stays whole.</p>"#;
    let e = Entry {
        id: "t".into(),
        title: "Session".into(),
        body: Body::Html(html.into()),
        ..Entry::default()
    };
    let text = plain(&render::render(&e, 80));
    assert!(
        text.contains("3 heures 30 minutes Vitaly Friedman Cortex"),
        "{text}"
    );
    assert!(!text.contains("Add to my schedule"), "{text}");
    assert!(text.contains("Word stays whole."), "{text}");
}

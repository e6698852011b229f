use std::path::Path;

use super::*;

fn md(stem: &str, text: &str) -> (Entry, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let path = format!("{stem}.md");
    let doc = Doc {
        text,
        path: Path::new(&path),
        stem,
    };
    let mut entries = parse(&doc, &mut warnings).unwrap();
    assert_eq!(entries.len(), 1);
    (entries.remove(0), warnings)
}

fn day(s: &str) -> Option<Date> {
    dates::parse(s)
}

#[test]
fn yaml_front_matter_fills_the_entry() {
    let (e, w) = md(
        "notes",
        "---\ntitle: Notes &amp; <em>queries</em>\ndate: 2026-06-22 10:30:00 +0200\n\
         updated: 2026-06-23\nauthor: [Ann Lee, Bo Chen]\ntags: norms, Geneva\n\
         excerpt: In short.\nsite: Norms Lab\n---\n\nSee [the page](https://x.example/).\n",
    );
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(
        e.title, "Notes &amp; <em>queries</em>",
        "cleaned up by finish"
    );
    assert_eq!(e.date.unwrap().to_string(), "2026-06-22T10:30:00+02:00");
    assert_eq!(e.updated, day("2026-06-23"));
    assert_eq!(e.author.as_deref(), Some("Ann Lee, Bo Chen"));
    assert_eq!(e.tags, ["norms", "Geneva"]);
    assert_eq!(e.summary.as_deref(), Some("In short."));
    assert_eq!(e.site.as_deref(), Some("Norms Lab"));
    assert_eq!(e.kind, Kind::Post);
    assert_eq!(
        e.body.as_str(),
        "<p>See <a href=\"https://x.example/\">the page</a>.</p>\n"
    );
}

#[test]
fn toml_front_matter() {
    let (e, w) = md("x", "+++\ntitle = \"T\"\ndate = 2026-06-22\n+++\nBody\n");
    assert!(w.is_empty());
    assert_eq!((e.title.as_str(), e.date), ("T", day("2026-06-22")));
}

#[test]
fn bad_front_matter_keeps_the_text_and_warns() {
    let (e, w) = md(
        "2026-06-22-workshops",
        "---\ntitle: [unclosed\n---\n# Heading\n\nBody text.\n",
    );
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].position.map(|p| p.0), Some(3), "{w:?}");
    assert!(w[0].message.contains("not valid YAML"), "{}", w[0].message);
    assert_eq!(e.title, "Heading");
    assert_eq!(e.date, day("2026-06-22"), "the name still dates it");
    assert_eq!(e.body.as_str(), "<p>Body text.</p>\n");

    let (e, w) = md("x", "---\ndate: sometime soon\n---\nText.");
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("\"sometime soon\" is not a date"));
    assert_eq!((e.date, e.kind), (None, Kind::Document));
}

#[test]
fn title_order() {
    // Front matter first; a top heading with the same text is not shown twice.
    let (e, _) = md("2026-06-22-a-b", "---\ntitle: Same\n---\n# Same\n\nText.");
    assert_eq!(
        (e.title.as_str(), e.body.as_str()),
        ("Same", "<p>Text.</p>\n")
    );
    let (e, _) = md("x", "---\ntitle: Front\n---\n# Other\n\nText.");
    assert_eq!(e.title, "Front");
    assert!(e.body.as_str().starts_with("<h1>Other</h1>"));
    // Then the top heading (setext too), taken out of the body.
    let (e, _) = md(
        "2026-06-22-a-b",
        "The *real* title\n================\n\nText.",
    );
    assert_eq!(
        (e.title.as_str(), e.body.as_str()),
        ("The <em>real</em> title", "<p>Text.</p>\n")
    );
    // A heading further down, or of level 2, is not the title: the name is.
    let (e, _) = md("2026-06-22-first_day-notes", "Intro.\n\n# Later\n");
    assert_eq!(e.title, "First day notes");
    let (e, _) = md("2026-06-22-workshops", "## Sub\n");
    assert_eq!(e.title, "Workshops");
    // No name either: finish falls back to the text.
    let (e, _) = md("notes", "Just text.");
    assert_eq!(e.title, "");
}

#[test]
fn jekyll_names() {
    assert_eq!(
        jekyll_name("2026-06-22-workshops"),
        Some((
            NaiveDate::from_ymd_opt(2026, 6, 22).unwrap(),
            Some("Workshops".into())
        ))
    );
    assert_eq!(jekyll_name("2026-06-22").map(|j| j.1), Some(None));
    assert_eq!(jekyll_name("2026-02-30-nope"), None);
    assert_eq!(jekyll_name("2026-06-22workshops"), None);
    assert_eq!(jekyll_name("notes"), None);
    assert_eq!(jekyll_name("2026-06-2ü-x"), None);
    // A prefix set off by `_` or `-`; never a date run into other text.
    assert_eq!(
        jekyll_name("004_2026-06-22-workshops"),
        Some((
            NaiveDate::from_ymd_opt(2026, 6, 22).unwrap(),
            Some("Workshops".into())
        ))
    );
    assert_eq!(jekyll_name("notes-2019-03-04").map(|j| j.1), Some(None));
    assert_eq!(jekyll_name("v12026-06-22-x"), None);
    assert_eq!(
        jekyll_name("ü_2026-06-22"),
        Some((NaiveDate::from_ymd_opt(2026, 6, 22).unwrap(), None))
    );
    let (e, _) = md("2026-06-22-workshops", "Text.");
    assert_eq!(
        (e.title.as_str(), e.date, e.kind),
        ("Workshops", day("2026-06-22"), Kind::Post)
    );
}

#[test]
fn kinds_drafts_and_layouts() {
    let (e, _) = md("about", "---\ntitle: About\nlayout: page\n---\nText.");
    assert_eq!(e.kind, Kind::Page);
    let (e, _) = md("2026-06-22-about", "---\nlayout: page\n---\nText.");
    assert_eq!((e.kind, e.date), (Kind::Page, day("2026-06-22")));
    // A draft is read like anything else the user saved, and not dated
    // unless it says so.
    let (e, _) = md(
        "my-draft",
        "---\ntitle: Draft\ndraft: true\npublished: false\n---\nText.",
    );
    assert_eq!(
        (e.kind, e.date, e.title.as_str()),
        (Kind::Document, None, "Draft")
    );
}

#[test]
fn extensions_render_and_raw_html_passes() {
    let (e, _) = md(
        "x",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ \"quoted\" -- text[^1]\n\n\
         [^1]: Note.\n\n<abbr title=\"t\">T</abbr>\n",
    );
    let html = e.body.as_str();
    for part in [
        "<table>",
        "<td>2</td>",
        "type=\"checkbox\"",
        "<del>old</del>",
        "\"quoted\" -- text",
        "footnote-definition",
        "<abbr title=\"t\">T</abbr>",
    ] {
        assert!(html.contains(part), "{part} not in {html}");
    }
}

#[test]
fn deep_markdown_on_a_small_stack() {
    let docs = [
        ">".repeat(10_000) + " deep",
        "- ".repeat(10_000) + "deep",
        "*".repeat(10_000) + "deep" + &"*".repeat(10_000),
        "[".repeat(10_000) + "deep" + &"](x)".repeat(10_000),
        "<div>".repeat(10_000) + "\n\ndeep",
        "  ".repeat(5_000) + "1. deep",
    ];
    let bodies = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || docs.iter().map(|d| md("x", d).0.body).collect::<Vec<_>>())
        .unwrap()
        .join()
        .unwrap();
    for body in bodies {
        assert!(body.as_str().contains("deep"));
    }
}

/// Issue 22 #10: Jekyll's `name:` titles a page, `redirect_to:` says where
/// it moved, and template tags are never shown raw.
#[test]
fn jekyll_names_redirects_and_template_tags() {
    let (e, _) = md(
        "ana-ruiz",
        "---\nname: Ana Ruiz\nlayout: person\n---\n\nMail {{ \"ana@example.org\" | encode_email }}.\n\
         {% include contact.html %}\n",
    );
    assert_eq!(e.title, "Ana Ruiz");
    let text = markup::scan(e.body.as_str()).text;
    assert!(text.contains("Mail ana@example.org."), "{text}");
    assert!(!text.contains("{{") && !text.contains("{%"), "{text}");

    let (e, _) = md(
        "old-call",
        "---\ntitle: Call for papers\nredirect_to: https://fieldnotes.example.org/2027/call/\n---\n\
         # Call for papers\n",
    );
    assert_eq!(e.title, "Call for papers");
    assert!(
        e.body
            .as_str()
            .contains("moved to <a href=\"https://fieldnotes.example.org/2027/call/\">"),
        "{:?}",
        e.body
    );
    assert_eq!(
        e.links()[0].url,
        "https://fieldnotes.example.org/2027/call/"
    );

    // Without front matter a document is no template: `{{ x }}` stays.
    let (e, _) = md("readme", "Write `x` as {{ name }} in Mustache.\n");
    assert!(e.body.as_str().contains("{{ name }}"), "{:?}", e.body);
}

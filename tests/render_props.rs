//! The renderer's promises, checked on generated documents at every width
//! from 1 to 500 on each `cargo test` (the fuzz target `render` checks
//! the same on arbitrary bytes): no control character or bidirectional
//! control in any line, no line wider than the width (but a single
//! character that cannot fit), every link span inside its line and
//! numbered from the link list. See `support/render_invariants.rs`.

#[path = "support/render_invariants.rs"]
mod render_invariants;

use folio::model::{Body, Entry};
use proptest::prelude::*;

/// Words of every kind a document holds: plain, long, wide (CJK, emoji),
/// combining, control characters and escape sequences, bidi overrides,
/// URLs, tabs.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,12}",
        "[a-z]{20,90}",
        "[\u{4e00}-\u{4e80}\u{3040}-\u{309f}]{1,30}",
        Just("😀👍🏽".to_owned()),
        Just("e\u{301}\u{200d}".to_owned()),
        Just("\u{1b}[2J\u{1b}]8;;http://x\u{7}link\u{1b}]8;;\u{7}".to_owned()),
        Just("\u{1b}]52;c;SGk=\u{7}".to_owned()),
        Just("\u{9b}31m\u{85}\u{7f}\u{0}".to_owned()),
        Just("\u{202e}reversed\u{2066}".to_owned()),
        Just("\t".to_owned()),
        Just(
            "https://example.org/a/very/long/path/that/never/breaks?with=query&and=more".to_owned()
        ),
        Just("&amp;&lt;&#27;&#x9b;&nbsp;".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..40).prop_map(|w| w.join(" "))
}

/// HTML built from the elements that lay out differently: paragraphs,
/// headings, lists, quotes, code, tables, links, images, breaks.
fn html() -> impl Strategy<Value = String> {
    let leaf = text().prop_map(|t| t);
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("<p>{t}</p>")),
            inner.clone().prop_map(|t| format!("<h2>{t}</h2>")),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|items| format!("<ul><li>{}</li></ul>", items.join("</li><li>"))),
            inner
                .clone()
                .prop_map(|t| format!("<ol><li>{t}<ol><li>{t}</li></ol></li></ol>")),
            inner
                .clone()
                .prop_map(|t| format!("<blockquote>{t}</blockquote>")),
            inner.clone().prop_map(|t| format!("<pre>{t}\n\t{t}</pre>")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!(
                "<table><tr><th>{a}</th><td>{b}</td></tr><tr><td colspan=2>{a}</td></tr></table>"
            )),
            (word(), inner.clone()).prop_map(|(href, t)| format!("<a href=\"{href}\">{t}</a>")),
            inner
                .clone()
                .prop_map(|t| format!("<a href=\"/rel/{t}\">{t}</a>")),
            word().prop_map(|alt| format!("<img src=\"/i/{alt}.png\" alt=\"{alt}\"><br>")),
            Just("<img src=\"/x.png\">".to_owned()),
            prop::collection::vec(inner, 1..4).prop_map(|parts| parts.join("")),
        ]
    })
}

fn check(entry: &Entry, width: u16) -> Result<(), TestCaseError> {
    let rendered = folio::render::render(entry, width);
    render_invariants::check(&rendered, width).map_err(TestCaseError::fail)
}

fn entry(title: String, body: Body) -> Entry {
    Entry {
        id: "prop".into(),
        title,
        url: Some("https://example.org/a/b/".into()),
        author: Some("Ann \u{1b}[31mOther".into()),
        body,
        ..Entry::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn html_keeps_the_promises_at_every_width(
        title in text(),
        body in html(),
        width in 1u16..=500,
    ) {
        check(&entry(title, Body::Html(body)), width)?;
    }

    #[test]
    fn text_keeps_the_promises_at_every_width(
        title in text(),
        paragraphs in prop::collection::vec(text(), 0..6),
        width in 1u16..=500,
    ) {
        check(&entry(title, Body::Text(paragraphs.join("\n\n"))), width)?;
    }

    #[test]
    fn narrow_widths_keep_the_promises(body in html(), width in 1u16..=12) {
        check(&entry("A title long enough to wrap".into(), Body::Html(body)), width)?;
    }
}

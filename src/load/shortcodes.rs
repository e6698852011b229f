//! WordPress shortcodes: `[name attr="value"]inner[/name]` macros in post
//! content, which WordPress expands on display. Exports (WXR) hold them
//! unexpanded, and REST output keeps those of plugins the site no longer
//! runs (page builders: `[et_pb_section …]`, `[vc_row]`). In stored content
//! none reaches the reader as raw text:
//!
//! - `[caption …]<img …> Text[/caption]` becomes a figure with its caption;
//! - `[embed]URL[/embed]`, `[video src=URL]`, `[audio mp3=URL]`,
//!   `[playlist]`, `[gallery]`: a link to the media, or nothing;
//! - any other shortcode (known to WordPress or a page builder, or written
//!   like one: a closing `[/name]`, or `key="value"` attributes) is
//!   removed and its inner content kept;
//! - `[[name]]` is WordPress's way of writing `[name]` literally.
//!
//! REST output ([`expand_rendered`]) is content WordPress already
//! expanded: a shortcode left in it is one the site does not run, and
//! WordPress shows it as the text it is (`[contact-form-7 id="5"]` on a
//! site without the plugin), so folio does too; only page builders'
//! wrappers are unwrapped (their text kept) and media shortcodes linked.
//!
//! Brackets that are not shortcodes (`[1]`, `[sic]`, `[PDF]`,
//! `[citation needed]`) are left alone. Written by hand: shortcodes are a
//! WordPress convention with no Rust parser; this follows the grammar of
//! WordPress's `get_shortcode_regex`.

use std::borrow::Cow;

use crate::urls;

/// Shortcodes of WordPress itself and common plugins, recognised even
/// without attributes or a closing tag.
const KNOWN: &[&str] = &[
    "audio",
    "caption",
    "contact-form-7",
    "embed",
    "gallery",
    "playlist",
    "video",
    "wp_caption",
];

/// Name prefixes of page builders' shortcodes.
const BUILDERS: &[&str] = &[
    "et_pb_",
    "vc_",
    "fusion_",
    "av_",
    "cs_",
    "themify_",
    "mk_",
    "tatsu_",
    "fl_",
    "su_",
    "elementor",
    "rev_slider",
    "tm_",
    "ux_",
    "gdlr_",
    "x_",
];

/// Shortcodes whose whole content is media or markup not worth showing.
const DROPPED: &[&str] = &["gallery", "playlist", "contact-form-7", "rev_slider"];

/// Stored content (an export's) with its shortcodes expanded or removed.
pub fn expand(content: &str) -> Cow<'_, str> {
    expand_in(content, false)
}

/// Content WordPress rendered (REST output): page builders' wrappers
/// unwrapped and media linked; any other shortcode left is text.
pub fn expand_rendered(content: &str) -> Cow<'_, str> {
    expand_in(content, true)
}

fn is_builder(name: &str) -> bool {
    BUILDERS.iter().any(|p| name.starts_with(p))
}

fn expand_in(content: &str, rendered: bool) -> Cow<'_, str> {
    if !content.contains('[') {
        return content.into();
    }
    let tags = scan(content);
    if tags.is_empty() {
        return content.into();
    }
    // For each tag, the next closing tag of its name: one backward pass,
    // so that many unclosed tags cost no more than closed ones.
    let mut next_close = vec![None; tags.len()];
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, tag) in tags.iter().enumerate().rev() {
        next_close[i] = seen.get(tag.name.as_str()).copied();
        if tag.closing && !tag.escaped {
            seen.insert(&tag.name, i);
        }
    }
    let mut out = String::with_capacity(content.len());
    let mut at = 0;
    let mut i = 0;
    while i < tags.len() {
        let tag = &tags[i];
        if tag.start < at {
            i += 1;
            continue;
        }
        out.push_str(&content[at..tag.start]);
        at = tag.end;
        let media = matches!(
            tag.name.as_str(),
            "caption" | "wp_caption" | "embed" | "video" | "audio"
        );
        if rendered && !tag.escaped && !is_builder(&tag.name) && !media {
            // What WordPress printed as text.
            out.push_str(&content[tag.start..tag.end]);
            i += 1;
            continue;
        }
        if tag.escaped {
            // [[name]] → [name]
            out.push_str(&content[tag.start + 1..tag.end - 1]);
            i += 1;
            continue;
        }
        if tag.closing {
            i += 1;
            continue;
        }
        // The matching end tag, if any.
        let close = next_close[i];
        let inner = close.map(|c| &content[tag.end..tags[c].start]);
        match expand_one(tag, content, inner) {
            Expansion::Replace(html) => {
                out.push_str(&html);
                if let Some(c) = close {
                    at = tags[c].end;
                    i = c;
                }
            }
            // The tag goes, its inner content is read on as content.
            Expansion::KeepInner => {}
        }
        i += 1;
    }
    out.push_str(&content[at..]);
    out.into()
}

enum Expansion {
    Replace(String),
    KeepInner,
}

fn expand_one(tag: &Tag, content: &str, inner: Option<&str>) -> Expansion {
    let attrs = &content[tag.attrs.clone()];
    let name = tag.name.as_str();
    if DROPPED.contains(&name) {
        return Expansion::Replace(String::new());
    }
    match name {
        "caption" | "wp_caption" => {
            let inner = expand(inner.unwrap_or(""));
            Expansion::Replace(caption(&inner, attribute(attrs, "caption")))
        }
        "embed" => {
            let url = inner.map(str::trim).unwrap_or("");
            Expansion::Replace(media_link("", url))
        }
        "video" | "audio" => {
            let url = [
                "src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a",
            ]
            .iter()
            .find_map(|k| attribute(attrs, k))
            .unwrap_or_default();
            let inner = inner.map(expand).unwrap_or_default();
            Expansion::Replace(format!("{}{inner}", media_link(name, &url)))
        }
        _ => Expansion::KeepInner,
    }
}

/// A figure: the image (or linked image) that starts the caption's
/// content, and the rest (or the `caption` attribute) as its caption.
fn caption(inner: &str, attribute: Option<String>) -> String {
    let inner = inner.trim();
    let split = image_end(inner).unwrap_or(0);
    let (image, text) = inner.split_at(split);
    let text = attribute.map_or_else(
        || text.trim().to_owned(),
        |a| html_escape::encode_text(&a).into_owned(),
    );
    if text.is_empty() {
        return format!("<figure>{image}</figure>");
    }
    format!("<figure>{image}<figcaption>{text}</figcaption></figure>")
}

/// Where the leading `<img …>` or `<a …><img …></a>` of `html` ends.
fn image_end(html: &str) -> Option<usize> {
    let lower = html.get(..html.len().min(8))?.to_ascii_lowercase();
    if lower.starts_with("<img") {
        return html.find('>').map(|e| e + 1);
    }
    if lower.starts_with("<a ") || lower.starts_with("<a>") {
        let close = html.to_ascii_lowercase().find("</a>")?;
        return Some(close + 4);
    }
    None
}

/// A paragraph linking to a media URL; nothing for a URL folio would not
/// follow.
fn media_link(kind: &str, url: &str) -> String {
    let url = url.trim();
    if !urls::base(url).is_some_and(|u| matches!(u.scheme(), "http" | "https")) {
        return String::new();
    }
    let name = url.rsplit('/').find(|s| !s.is_empty()).unwrap_or(url);
    let label = if kind.is_empty() {
        url.to_owned()
    } else {
        format!("{kind}: {name}")
    };
    format!(
        "<p><a href=\"{}\">{}</a></p>",
        html_escape::encode_double_quoted_attribute(url),
        html_escape::encode_text(&label)
    )
}

/// The value of `key` in a shortcode's attributes (`key="v"`, `key='v'`,
/// `key=v`).
fn attribute(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(key) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after = rest[at + key.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let v = match value.chars().next() {
                    Some(q @ ('"' | '\'' | '\u{201d}' | '\u{2033}')) => {
                        let body = &value[q.len_utf8()..];
                        let end = body
                            .find([q, '"', '\u{201d}', '\u{2033}'])
                            .unwrap_or(body.len());
                        &body[..end]
                    }
                    _ => value.split_whitespace().next().unwrap_or(""),
                };
                return Some(html_escape::decode_html_entities(v).into_owned());
            }
        }
        rest = &rest[at + key.len()..];
    }
    None
}

/// A shortcode tag found in the content.
#[derive(Debug)]
struct Tag {
    start: usize,
    end: usize,
    name: String,
    attrs: std::ops::Range<usize>,
    closing: bool,
    escaped: bool,
}

/// Whether a tag's text holds an attribute as shortcodes write them:
/// `key="value"`, `key='value'` or `key=value`, with no space before the
/// `=` (`[n = 30]` is prose).
fn has_attribute(attrs: &str) -> bool {
    attrs.match_indices('=').any(|(at, _)| {
        attrs[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && attrs[at + 1..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace())
    })
}

/// Names are letters, digits, `_` and `-`, starting with a letter.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The shortcode tags of `content`, in order.
fn scan(content: &str) -> Vec<Tag> {
    let mut candidates = Vec::new();
    let bytes = content.as_bytes();
    let mut at = 0;
    while let Some(found) = content[at..].find('[') {
        let start = at + found;
        at = start + 1;
        // A tag ends at the first `]` (attributes cannot hold one), and
        // holds no other `[` or line break of a runaway bracket.
        let Some(len) = content[start + 1..].find([']', '[', '\n']) else {
            break;
        };
        if bytes[start + 1 + len] != b']' {
            continue;
        }
        let end = start + 1 + len + 1;
        let body = &content[start + 1..end - 1];
        let closing = body.starts_with('/');
        let body = body.strip_prefix('/').unwrap_or(body);
        let name_len = body
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        if !is_name(&name) {
            continue;
        }
        let attrs_start = start + 1 + usize::from(closing) + name_len;
        let attrs = attrs_start..end - 1;
        // `[[name]]`: written to show `[name]`.
        let escaped = start > 0 && bytes[start - 1] == b'[' && bytes.get(end) == Some(&b']');
        candidates.push(Tag {
            start: if escaped { start - 1 } else { start },
            end: if escaped { end + 1 } else { end },
            name,
            attrs,
            closing,
            escaped,
        });
    }
    // Which candidates are shortcodes: known names, builders' names, a
    // name closed later, or attributes written `key=…`.
    let closed: std::collections::HashSet<&str> = candidates
        .iter()
        .filter(|t| t.closing && !t.escaped)
        .map(|t| t.name.as_str())
        .collect();
    let opened: std::collections::HashSet<&str> = candidates
        .iter()
        .filter(|t| !t.closing)
        .map(|t| t.name.as_str())
        .collect();
    let keep: Vec<bool> = candidates
        .iter()
        .map(|t| {
            let name = t.name.as_str();
            KNOWN.contains(&name)
                || is_builder(name)
                || (!t.closing && closed.contains(name))
                || (t.closing && opened.contains(name))
                || has_attribute(&content[t.attrs.clone()])
        })
        .collect();
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(t, keep)| keep.then_some(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_becomes_a_figure() {
        let out = expand(
            "<p>Before</p>[caption id=\"attachment_12\" align=\"alignnone\" width=\"300\"]\
             <a href=\"https://x.example/big.jpg\"><img src=\"https://x.example/s.jpg\" alt=\"\"></a> \
             The panel, day two[/caption]<p>After</p>",
        );
        assert_eq!(
            out,
            "<p>Before</p><figure><a href=\"https://x.example/big.jpg\"><img src=\"https://x.example/s.jpg\" alt=\"\"></a>\
             <figcaption>The panel, day two</figcaption></figure><p>After</p>"
        );
        let old = expand("[caption caption=\"Old &amp; style\"]<img src=a.png>[/caption]");
        assert_eq!(
            old,
            "<figure><img src=a.png><figcaption>Old &amp; style</figcaption></figure>"
        );
    }

    #[test]
    fn media_become_links_and_galleries_go() {
        assert_eq!(
            expand("[embed]https://www.youtube.com/watch?v=abc[/embed]"),
            "<p><a href=\"https://www.youtube.com/watch?v=abc\">https://www.youtube.com/watch?v=abc</a></p>"
        );
        assert_eq!(
            expand("[video width=\"640\" mp4=\"https://x.example/talk.mp4\"][/video]"),
            "<p><a href=\"https://x.example/talk.mp4\">video: talk.mp4</a></p>"
        );
        assert_eq!(expand("A[gallery ids=\"1,2,3\"]B"), "AB");
        assert_eq!(expand("[embed]javascript:alert(1)[/embed]"), "");
    }

    #[test]
    fn page_builder_wrappers_go_and_their_text_stays() {
        let out = expand(
            "[et_pb_section fb_built=\"1\"][et_pb_row][et_pb_column type=\"4_4\"][et_pb_text]\
             <p>The real text.</p>[/et_pb_text][/et_pb_column][/et_pb_row][/et_pb_section]\
             [vc_row][vc_column]<p>More.</p>[/vc_column][/vc_row][custom_box style=\"x\"]Boxed[/custom_box]",
        );
        assert_eq!(out, "<p>The real text.</p><p>More.</p>Boxed");
    }

    #[test]
    fn brackets_that_are_not_shortcodes_stay() {
        for text in [
            "See [1] and [sic], a [PDF] and [citation needed].",
            "An array a[i] = b[j]; [ unbalanced",
            "[2026-06-22] notes",
            "The groups [n = 30] and [n =30] met.",
        ] {
            assert_eq!(expand(text), text);
        }
        assert_eq!(
            expand("Write [[gallery]] to show one."),
            "Write [gallery] to show one."
        );
    }

    proptest::proptest! {
        /// Any content, however broken, is expanded without a panic, and
        /// text outside brackets stays.
        #[test]
        fn never_panics(parts in proptest::collection::vec(proptest::sample::select(vec![
            "[", "]", "/", "caption", "embed", "et_pb_row", "x=\"1\"", " ", "text", "<img src=a>",
            "<a href=b>", "</a>", "é", "[[", "]]", "\n", "video", "=",
        ]), 0..30)) {
            let input: String = parts.concat();
            let _ = expand(&input);
        }
    }

    /// Issue 22 #8: in REST output, a shortcode the site does not run is
    /// the text WordPress printed; builders' wrappers still unwrap, media
    /// still link.
    #[test]
    fn rendered_content_keeps_what_wordpress_printed() {
        let rest = "<p>[contact-form-7 id=\"5\" title=\"Contact\"]</p>\
                    [vc_row][vc_column]<p>Kept text</p>[/vc_column][/vc_row]\
                    [embed]https://www.youtube.com/watch?v=x[/embed][gallery ids=\"1,2\"]";
        let out = expand_rendered(rest);
        assert!(
            out.contains("[contact-form-7 id=\"5\" title=\"Contact\"]"),
            "{out}"
        );
        assert!(
            out.contains("<p>Kept text</p>") && !out.contains("vc_"),
            "{out}"
        );
        assert!(
            out.contains("href=\"https://www.youtube.com/watch?v=x\""),
            "{out}"
        );
        assert!(out.contains("[gallery ids=\"1,2\"]"), "{out}");
        // An export's stored content is expanded as WordPress would.
        let stored = expand(rest);
        assert!(
            !stored.contains("contact-form-7") && !stored.contains("gallery"),
            "{stored}"
        );
    }
}

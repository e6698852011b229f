//! The main content of a page, without its chrome: readability first
//! (dom_smoothie, a port of Mozilla's Readability), checked against a plain
//! extraction that keeps `<main>`, the one `<article>` or `<body>` minus
//! navigation, page header and footer, sidebars, forms, scripts and
//! styles. Readability is built for articles and may throw away a page that
//! is mostly a table (a workshop schedule) or short; when it keeps much
//! less than the plain extraction, or drops a table, the plain one wins.
//!
//! Links: a `<base href>` changes what relative URLs mean, so when a page
//! has one they are made absolute here; otherwise they are left for
//! `finish` to resolve against the entry's URL.
//!
//! dom_smoothie's public `Readability::doc` (a dom_query document) is the
//! tree both extractions work on; the caller has checked the page is not
//! too deep for one ([`depth`](super::depth)).

use dom_smoothie::{Config, Readability};
use url::Url;

use crate::markup;
use crate::urls;

/// The extracted content.
#[derive(Debug)]
pub struct Content {
    pub html: String,
    /// The author a theme links as `rel="author"`, else the byline
    /// readability found in the body, when either is a name (not an
    /// author's bio box).
    pub byline: Option<String>,
}

/// Extracts the main content of `html`. `page_url` is the page's own
/// absolute URL, `base` its `<base href>` as written.
pub fn extract(html: &str, page_url: Option<&str>, base: Option<&str>) -> Content {
    let base = effective_base(page_url, base);
    let parsed = Readability::from(html);
    let linked_author = parsed
        .doc
        .select("a[rel~=author]")
        .nodes()
        .iter()
        .map(|a| markup::collapse_whitespace(&a.text()))
        .find(|name| is_name(name));
    remove_clutter(&parsed);
    let plain = Readability {
        doc: parsed.doc.clone(),
        doc_url: None,
        config: Config::default(),
    };
    let plain_html = plain_extraction(&plain, base.as_ref());

    let doc_url = page_url.filter(|u| urls::base(u).is_some());
    let readable = Readability::with_document(parsed.doc, doc_url, Some(config()))
        .and_then(|mut r| r.parse())
        .ok();
    let (html, byline) = match readable {
        Some(article) if worthwhile(&article.content, &plain_html) => {
            (article.content.to_string(), article.byline)
        }
        readable => (plain_html, readable.and_then(|a| a.byline)),
    };
    let byline = byline.map(|b| markup::collapse_whitespace(&b));
    Content {
        html,
        byline: linked_author.or(byline.filter(|b| is_name(b))),
    }
}

/// Whether a byline is a name or two ("By Ana Ruiz and Donald E. Knuth"),
/// not a bio ("Bob O'Brien Edits the programme. View all of Bob's posts."):
/// no sentence ends in it (a full stop after a word of two or more
/// lowercase letters; initials are not sentences).
fn is_name(text: &str) -> bool {
    let text = text.trim();
    let sentence = text.split_whitespace().any(|w| {
        w.strip_suffix('.')
            .is_some_and(|w| w.chars().filter(|c| c.is_lowercase()).count() >= 2)
    });
    !text.is_empty()
        && text.chars().count() <= 80
        && text.split_whitespace().count() <= 10
        && !sentence
}

/// Pages with more elements than this are not given to readability: its
/// scoring passes take seconds on them, and pages that large are data
/// (tables, archives) rather than one article.
const MAX_READABLE_ELEMENTS: usize = 100_000;

fn config() -> Config {
    Config {
        // Classes mean nothing once the page's style sheets are gone.
        keep_classes: false,
        max_elements_to_parse: MAX_READABLE_ELEMENTS,
        ..Config::default()
    }
}

/// The `<base href>` made absolute against the page's URL, when the page has one.
pub fn effective_base(page_url: Option<&str>, base: Option<&str>) -> Option<Url> {
    let base = base?.trim();
    let page = page_url.and_then(urls::base);
    let resolved = match &page {
        Some(page) => page.join(base).ok(),
        None => Url::parse(base).ok(),
    };
    resolved.filter(|u| !u.cannot_be_a_base())
}

/// Fewer words than this (readability's own 500 characters), and a page is
/// short: readability has too little to judge by.
const SHORT: usize = 80;

/// Whether readability kept the substance of the page: not a short text,
/// at least half the words of the plain extraction, and every table.
fn worthwhile(readable: &str, plain: &str) -> bool {
    let words = |html: &str| markup::count_words(&markup::scan(html).text);
    let tables = |html: &str| html.matches("<table").count();
    let (r, p) = (words(readable), words(plain));
    r >= SHORT && r * 2 >= p && tables(readable) >= tables(plain)
}

/// Parts of class names and ids (split at `-`, `_` and spaces) that mark
/// what a reader view drops whatever readability thinks of it: ads,
/// sharing and like buttons, cookie and consent notices, newsletter
/// boxes, related posts, comments, and text meant for screen readers only
/// ("Post navigation"). Matched whole: `ad` in `ad-slot`, not in `head`.
const CLUTTER: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "claps",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "gdpr",
    "likes",
    "newsletter",
    "paywall",
    "promo",
    "related",
    "relatedposts",
    "respond",
    "share",
    "sharedaddy",
    "sharing",
    "social",
    "speechify",
    "sponsor",
    "sponsored",
    "subscribe",
];

/// Whole class names of text for screen readers only, and of what
/// WordPress themes put around a post (the date and author line, its
/// categories and tags, the author's picture and bio box): the reader
/// shows the date, author and tags in its own header.
const SCREEN_READER_ONLY: &[&str] = &[
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "author-bio",
    "author-info",
    "author-box",
    "entry-author",
    "posted-on",
    "posted-by",
    "byline",
    "cat-links",
    "tags-links",
    "post-taxonomies",
    "entry-meta",
    "entry-footer",
    "edit-link",
    "comments-link",
    "avatar",
];

/// Removes [`CLUTTER`] and [`SCREEN_READER_ONLY`] elements, except the
/// page's frame (`html`, `body`, `main`, `article`) and any element that
/// holds half the page's text or more (a class on a wrapper of
/// everything says nothing about the content).
fn remove_clutter(page: &Readability) {
    let doc = &page.doc;
    // A single post's own title repeats the entry's (an archive's many
    // titles are its content).
    let titles = doc.select(".entry-title");
    if titles.length() == 1 {
        titles.remove();
    }
    let body_text = doc.select_single("body").text().len().max(1);
    for node in doc.select("[class], [id]").nodes() {
        let frame = ["html", "body", "main", "article"]
            .iter()
            .any(|n| node.has_name(n));
        if frame || !is_clutter(node.attr("class").as_deref(), node.id_attr().as_deref()) {
            continue;
        }
        if node.text().len() * 2 >= body_text {
            continue;
        }
        node.remove_from_parent();
    }
}

fn is_clutter(class: Option<&str>, id: Option<&str>) -> bool {
    let names = class.into_iter().chain(id).flat_map(str::split_whitespace);
    names.into_iter().any(|name| {
        let lower = name.to_ascii_lowercase();
        // WordPress names a post's terms in its classes (`tag-social-media`,
        // `category-ads`): they say what the post is about.
        let term = ["tag-", "category-", "post_tag-", "format-"]
            .iter()
            .any(|p| lower.starts_with(p));
        SCREEN_READER_ONLY.contains(&lower.as_str())
            || (!term && lower.split(['-', '_']).any(|part| CLUTTER.contains(&part)))
    })
}

/// Elements that are never content.
const NEVER: &str = "script, style, noscript, template, iframe, object, embed, form, button, \
     input, select, textarea, dialog, nav, aside, svg, [hidden], [aria-hidden=true], \
     [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]";

/// `<main>`, else the only `<article>`, else `<body>`, without chrome.
fn plain_extraction(page: &Readability, base: Option<&Url>) -> String {
    let doc = &page.doc;
    doc.select(NEVER).remove();
    // Page headers and footers go; an article's own (its title, byline,
    // tags) stay.
    for node in doc.select("header, footer").nodes() {
        if !node.ancestors_it(None).any(|a| a.has_name("article")) {
            node.remove_from_parent();
        }
    }
    let comments: Vec<_> = doc
        .root()
        .descendants_it()
        .filter(|n| n.is_comment())
        .collect();
    for c in comments {
        c.remove_from_parent();
    }
    if let Some(base) = base {
        absolutize(page, base);
    }
    let doc = &page.doc;
    let articles = doc.select("article");
    let scope = [doc.select_single("main"), doc.select_single("[role=main]")]
        .into_iter()
        .find(|s| s.exists())
        .or_else(|| (articles.length() == 1).then_some(articles))
        .unwrap_or_else(|| doc.select_single("body"));
    scope.inner_html().trim().to_owned()
}

/// Makes every relative URL in the page absolute against `base`, leaving
/// in-page `#fragment` links alone.
fn absolutize(page: &Readability, base: &Url) {
    const URL_ATTRS: &[(&str, &str)] = &[
        ("a[href]", "href"),
        ("area[href]", "href"),
        ("img[src]", "src"),
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("audio[src]", "src"),
        ("video[poster]", "poster"),
        ("blockquote[cite]", "cite"),
        ("q[cite]", "cite"),
    ];
    for (selector, attr) in URL_ATTRS {
        for node in page.doc.select(selector).nodes() {
            if let Some(value) = node.attr(attr).filter(|v| !v.trim().starts_with('#')) {
                node.set_attr(attr, &urls::resolve(Some(base), &value));
            }
        }
    }
    for node in page.doc.select("img[srcset], source[srcset]").nodes() {
        if let Some(srcset) = node.attr("srcset") {
            let resolved: Vec<String> = srcset
                .split(',')
                .filter_map(|candidate| {
                    let mut parts = candidate.split_whitespace();
                    let url = urls::resolve(Some(base), parts.next()?);
                    Some(
                        std::iter::once(url)
                            .chain(parts.map(str::to_owned))
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                })
                .collect();
            node.set_attr("srcset", &resolved.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!doctype html><html><head><title>T</title></head><body>{body}</body></html>")
    }

    const PROSE: &str = "<p>The workshop met for two days to discuss what states owe each \
        other when harmful activity runs through their networks, and which duties follow \
        from the norms they agreed at the United Nations. Participants came from many \
        countries and several professions, and they did not always agree.</p>";

    #[test]
    fn chrome_is_removed_from_the_plain_extraction() {
        let html = page(&format!(
            "<header><a href=/>Site</a><nav><a href=/a>A</a></nav></header>\
             <div><article><header><h1>Title</h1></header>{PROSE}\
             <script>alert(1)</script><style>p{{}}</style><!-- note -->\
             <form><input name=q><button>Go</button></form></article>\
             <aside>Related</aside></div><footer>Copyright</footer>"
        ));
        let c = extract(&html, None, None);
        let text = markup::scan(&c.html).text;
        assert!(text.starts_with("Title\nThe workshop met"), "{text}");
        for gone in ["Site", "alert", "p{}", "note", "Go", "Related", "Copyright"] {
            assert!(!c.html.contains(gone), "{gone} in {}", c.html);
        }
    }

    #[test]
    fn readability_drops_what_the_plain_extraction_keeps() {
        let related: String = (0..8)
            .map(|i| format!("<li><a href=/p{i}>Related post number {i}</a></li>"))
            .collect();
        let html = page(&format!(
            "<main><article><h1>Title</h1>{PROSE}{PROSE}{PROSE}</article>\
             <div class=related><h3>More</h3><ul>{related}</ul></div></main>"
        ));
        let c = extract(&html, None, None);
        assert!(c.html.contains("The workshop met"), "{}", c.html);
        assert!(!c.html.contains("Related post"), "{}", c.html);
    }

    #[test]
    fn clutter_goes_by_class_but_never_the_page_around_it() {
        let html = format!(
            "<html><body class='single share-enabled'><div id='content' class='social-wrapper'>\
             <article>{PROSE}{PROSE}<p class='shadow download'>Kept: not a class part.</p>\
             <div class='sharedaddy sd-sharing'><h3>Share this:</h3><a href=/s>Click to share on \
             Facebook (Opens in new window)</a></div><div class='jetpack-likes-widget'>Like Loading…</div>\
             <div id='ad-mid'>Advertisement</div><h2 class='screen-reader-text'>Post navigation</h2>\
             </article><div id='comments'><p>Leave a Reply</p></div></div></body></html>"
        );
        let text = markup::scan(&extract(&html, None, None).html).text;
        assert!(text.contains("The workshop met"), "{text}");
        assert!(text.contains("Kept: not a class part."), "{text}");
        for gone in [
            "Share this",
            "Like Loading",
            "Advertisement",
            "Post navigation",
            "Leave a Reply",
        ] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
        assert!(is_clutter(Some("header-ad"), None));
        assert!(!is_clutter(Some("head shadow loading"), Some("download")));
        assert!(!is_clutter(
            Some("post type-post tag-social-media category-ads"),
            None
        ));
    }

    #[test]
    fn a_schedule_table_is_kept() {
        let rows: String = (9..17)
            .map(|h| format!("<tr><td>{h}:00</td><td>Session {h}</td><td>Room</td></tr>"))
            .collect();
        let html = page(&format!(
            "<nav><a href=/>Home</a> <a href=/news>News</a></nav><main><h1>Schedule</h1>\
             <table><tr><th>Time</th><th>Session</th><th>Room</th></tr>{rows}</table></main>\
             <footer><a href=/privacy>Privacy</a></footer>"
        ));
        let c = extract(&html, None, None);
        assert!(c.html.contains("<table"), "{}", c.html);
        assert!(c.html.contains("Session 16"));
        assert!(!c.html.contains("Privacy"));
    }

    #[test]
    fn base_href_rewrites_relative_links() {
        let html = format!(
            "<html><head><base href='/docs/'></head><body><article>{PROSE}\
             <p><a href='guide/'>guide</a> <a href='#top'>top</a> <img src='i.png' srcset='a.png 1x, b.png 2x'>\
             <a href='https://other.example/x'>x</a></p></article></body></html>"
        );
        let c = extract(
            &html,
            Some("https://site.example/2026/page/"),
            Some("/docs/"),
        );
        assert!(
            c.html.contains("href=\"https://site.example/docs/guide/\""),
            "{}",
            c.html
        );
        assert!(
            c.html.contains("src=\"https://site.example/docs/i.png\""),
            "{}",
            c.html
        );
        assert!(c.html.contains("https://other.example/x"));
        let plain = Readability::from(html.as_str());
        let plain = Readability {
            doc: plain.doc,
            doc_url: None,
            config: Config::default(),
        };
        let base = effective_base(Some("https://site.example/2026/page/"), Some("/docs/"));
        let out = plain_extraction(&plain, base.as_ref());
        assert!(out.contains("href=\"#top\""), "{out}");
        assert!(
            out.contains("https://site.example/docs/a.png 1x, https://site.example/docs/b.png 2x"),
            "{out}"
        );
    }

    #[test]
    fn without_base_links_stay_for_finish() {
        let html = page(&format!(
            "<article>{PROSE}<p><a href='guide/'>guide</a></p></article>"
        ));
        assert!(extract(&html, None, None).html.contains("href=\"guide/\""));
    }

    #[test]
    fn a_short_page_keeps_its_text() {
        let c = extract(
            &page("<nav>Menu</nav><p>Closed for the summer.</p>"),
            None,
            None,
        );
        assert_eq!(markup::scan(&c.html).text, "Closed for the summer.");
    }
}

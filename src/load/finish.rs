//! What every entry gets whatever its format: ids, cleaned titles and
//! names, a title when the document has none, links resolved against the
//! entry's URL, and word counts. Format modules fill in what their format
//! says; this module makes the result uniform.

use crate::model::{Body, Entry, Link};
use crate::urls;
use crate::{markup, safe};

use super::walk::Source;

/// Completes the entries parsed from one source.
pub fn finish(entries: &mut [Entry], source: &Source) {
    let several = entries.len() > 1;
    for (i, e) in entries.iter_mut().enumerate() {
        e.id = if several {
            format!("{}:{}", source.id_base, i + 1)
        } else {
            source.id_base.clone()
        };
        e.source = source.path.clone();
        finish_entry(e, source.stem());
    }
}

fn finish_entry(e: &mut Entry, stem: &str) {
    e.title = one_line(&e.title);
    e.author = clean(e.author.take());
    e.site = clean(e.site.take());
    e.summary = clean(e.summary.take());
    e.url = e
        .url
        .take()
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    for tag in &mut e.tags {
        *tag = one_line(tag);
    }
    e.tags.retain(|t| !t.is_empty());
    let mut seen = std::collections::HashSet::new();
    e.tags.retain(|t| seen.insert(t.to_lowercase()));

    let text = match &e.body {
        Body::Html(html) => {
            let scan = markup::scan(html);
            if e.links.is_empty() {
                e.links = scan.links;
            }
            scan.text
        }
        Body::Text(text) => {
            if e.links.is_empty() {
                e.links = bare_links(text);
            }
            String::new()
        }
    };
    let text = if e.body.is_html() {
        text.as_str()
    } else {
        e.body.as_str()
    };
    e.words = markup::count_words(text);

    if e.title.is_empty() {
        e.title = one_line(&fallback_title(e, text, stem));
    }

    let base = e.url.as_deref().and_then(urls::base);
    for link in &mut e.links {
        link.url = urls::resolve(base.as_ref(), &link.url);
        link.text = one_line(&link.text);
    }
    e.links.retain(|l| !l.url.is_empty());
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| one_line(&s)).filter(|s| !s.is_empty())
}

/// Inline text for metadata: markup and entities resolved, white space
/// collapsed, and nothing a terminal would act on.
fn one_line(s: &str) -> String {
    let text = markup::inline_text(s);
    match safe::clean(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => markup::collapse_whitespace(&clean),
    }
}

/// An entry is never untitled: the summary's first words, else the body's,
/// else the last segment of its URL (usually the slug), else the file name.
fn fallback_title(e: &Entry, body_text: &str, stem: &str) -> String {
    const WORDS: usize = 8;
    if let Some(s) = e.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        return markup::first_words(s, WORDS);
    }
    if let Some(first) = body_text.lines().map(str::trim).find(|l| !l.is_empty()) {
        return markup::first_words(first, WORDS);
    }
    if let Some(slug) = e.url.as_deref().and_then(url_slug) {
        return slug;
    }
    stem.to_owned()
}

fn url_slug(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let seg = u.path_segments()?.rev().find(|s| !s.is_empty())?;
    let seg = seg.rsplit_once('.').map_or(seg, |(s, _)| s);
    let words = seg.replace(['-', '_'], " ");
    let words = markup::collapse_whitespace(&words);
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Bare `http(s)://` URLs in plain text, as links whose text is the URL.
pub fn bare_links(text: &str) -> Vec<Link> {
    let mut links = Vec::new();
    for word in text.split_whitespace() {
        let Some(at) = word.find("http://").or_else(|| word.find("https://")) else {
            continue;
        };
        let url = trim_url(&word[at..]);
        if url.len() > "https://".len() {
            links.push(Link {
                url: url.to_owned(),
                text: url.to_owned(),
            });
        }
    }
    links
}

/// Drops trailing punctuation that belongs to the sentence, keeping a
/// closing parenthesis the URL opened (`…/Foo_(bar)`).
pub fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let Some(last) = url.chars().last() else {
            return url;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '>' | ']' | '}' | '»' | '”' | '’' => {
                true
            }
            ')' => url.matches('(').count() < url.matches(')').count(),
            _ => false,
        };
        if !strip {
            return url;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source() -> Source {
        Source {
            path: PathBuf::from("dir/page.txt"),
            id_base: "page".into(),
            bytes: None,
        }
    }

    #[test]
    fn ids_get_an_index_only_when_a_file_has_several_entries() {
        let mut one = vec![Entry::default()];
        finish(&mut one, &source());
        assert_eq!(one[0].id, "page");
        let mut two = vec![Entry::default(), Entry::default()];
        finish(&mut two, &source());
        assert_eq!(
            [two[0].id.as_str(), two[1].id.as_str()],
            ["page:1", "page:2"]
        );
    }

    #[test]
    fn titles_are_cleaned_and_never_empty() {
        let mut e = vec![Entry {
            title: "  A &amp; <b>B</b>\n".into(),
            ..Entry::default()
        }];
        finish(&mut e, &source());
        assert_eq!(e[0].title, "A & B");

        let mut e = vec![Entry {
            summary: Some(
                "<p>From hacks of some of the world&#8217;s largest corporations to bugs</p>"
                    .into(),
            ),
            ..Entry::default()
        }];
        finish(&mut e, &source());
        assert_eq!(e[0].title, "From hacks of some of the world’s largest…");

        let mut e = vec![Entry {
            url: Some("https://x.org/2015/04/03/promoting-norms/".into()),
            ..Entry::default()
        }];
        finish(&mut e, &source());
        assert_eq!(e[0].title, "Promoting norms");

        let mut e = vec![Entry::default()];
        finish(&mut e, &source());
        assert_eq!(e[0].title, "page");
    }

    #[test]
    fn links_are_resolved_and_words_counted() {
        let mut e = vec![Entry {
            url: Some("https://blog.example.org/a/post/".into()),
            body: Body::Html("<p>See <a href=\"../other/\">the other post</a> now.</p>".into()),
            ..Entry::default()
        }];
        finish(&mut e, &source());
        assert_eq!(e[0].links[0].url, "https://blog.example.org/a/other/");
        assert_eq!(e[0].links[0].text, "the other post");
        assert_eq!(e[0].words, 5);
    }

    #[test]
    fn bare_urls_in_text_become_links() {
        let links = bare_links(
            "Report: https://example.org/report.pdf. Also (see https://en.wikipedia.org/wiki/Foo_(bar)).",
        );
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.org/report.pdf",
                "https://en.wikipedia.org/wiki/Foo_(bar)"
            ]
        );
    }
}

//! What every entry gets whatever its format: ids, cleaned titles and
//! names, a title when the document has none, links resolved against the
//! entry's URL, and word counts. Format modules fill in what their format
//! says; this module makes the result uniform.

use crate::markup;
use crate::model::{Body, Entry};

use super::walk::Source;

/// Completes the entries parsed from one source.
pub fn finish(entries: &mut [Entry], source: &Source) {
    let several = entries.len() > 1;
    for (i, e) in entries.iter_mut().enumerate() {
        e.id = entry_id(source, i, several);
        e.source = source.path.clone();
        finish_entry(e, source.stem());
        // A file of one entry without a URL is known by its file's URL,
        // so that relative links between saved pages open it.
        if !several && e.url.is_none() {
            e.aliases.extend(crate::urls::file_url(&source.path));
        }
    }
}

/// The id of the `i`th entry (from 0) of `source`: its id base, and
/// `:N` (from 1) when the file holds `several`.
pub fn entry_id(source: &Source, i: usize, several: bool) -> String {
    if several {
        format!("{}:{}", source.id_base, i + 1)
    } else {
        source.id_base.clone()
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

    if e.title.is_empty() {
        e.title = fallback_title(e, stem);
    }
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| one_line(&s)).filter(|s| !s.is_empty())
}

fn one_line(s: &str) -> String {
    markup::clean_inline(s)
}

/// An entry is never untitled: the summary's first words, else the first
/// words of the body's first line that has any (once cleaned: a line of
/// markup alone has none), else the last segment of its URL (usually the
/// slug), else the file name, else "Untitled".
fn fallback_title(e: &Entry, stem: &str) -> String {
    const WORDS: usize = 8;
    let words = |s: &str| one_line(&markup::first_words(s, WORDS));
    let body_text = || match &e.body {
        Body::Html(html) => markup::scan(html).text,
        Body::Text(text) => text.clone(),
        Body::Unloaded { .. } => String::new(),
    };
    let from_summary = e.summary.as_deref().map(words);
    let from_body = || body_text().lines().map(words).find(|t| !t.is_empty());
    let from_url = || e.url.as_deref().and_then(url_slug).map(|s| one_line(&s));
    [from_summary]
        .into_iter()
        .flatten()
        .chain(std::iter::once_with(from_body).flatten())
        .chain(std::iter::once_with(from_url).flatten())
        .chain(std::iter::once(one_line(stem)))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "Untitled".to_owned())
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
}

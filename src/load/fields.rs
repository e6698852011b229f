//! Small readers the structured formats (WordPress JSON and exports, feeds)
//! share: URLs made absolute against the site they came from, slugs read as
//! titles, which category names are worth keeping, and whether a string
//! said to be HTML has any markup at all.
//!
//! Cleaning titles and names (entities, tags, white space) is not done
//! here: `finish` does it for every format.

use url::Url;

/// `href` made absolute against `base`, when that gives a URL a browser
/// could open (`https://…`; not `tag:…`, `urn:…` or `mailto:…`). A relative
/// `href` without a base is `None`: an entry's URL is absolute or absent.
pub fn absolute(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match base {
        Some(b) => b.join(href),
        None => Url::parse(href),
    }
    .ok()?;
    (!url.cannot_be_a_base()).then(|| url.to_string())
}

/// Whether `s` is an absolute http(s) URL (as feed item ids and WordPress
/// guids often are).
pub fn is_web_url(s: &str) -> bool {
    Url::parse(s.trim()).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// Whether `alias` names a page other than `url` (so is worth keeping as an
/// alias): a web URL whose key differs.
pub fn distinct_alias(alias: &str, url: Option<&str>) -> bool {
    if !is_web_url(alias) {
        return false;
    }
    let key = crate::urls::key(alias);
    key.is_some() && key != url.and_then(crate::urls::key)
}

/// Whether a feed item's own id is worth keeping as an alias: an id that
/// is not a web URL (an RSS guid such as `4521@example.org`, an Atom `tag:`
/// URI) names the item whatever its link, so items of one link with
/// distinct ids stay two items; a web URL counts as [`distinct_alias`] says.
pub fn id_alias(id: &str, url: Option<&str>) -> bool {
    let id = id.trim();
    match is_web_url(id) {
        true => distinct_alias(id, url),
        false => !id.is_empty() && Some(id) != url.map(str::trim),
    }
}

/// A title made from a WordPress slug (`promoting-norms` → "Promoting
/// norms"), for posts whose title is empty. Non-ASCII slugs are stored
/// percent-encoded and are decoded.
pub fn slug_title(slug: &str) -> String {
    let slug = slug.trim().trim_matches('/');
    // WordPress slugs never contain `&`, `=` or `+` (sanitize_title drops
    // them), so form decoding is plain percent decoding here.
    let decoded = if slug.contains('%') && !slug.contains(['&', '=', '+']) {
        url::form_urlencoded::parse(slug.as_bytes())
            .next()
            .map_or_else(|| slug.to_owned(), |(k, _)| k.into_owned())
    } else {
        slug.to_owned()
    };
    let words = decoded.replace(['-', '_'], " ");
    let words = crate::markup::collapse_whitespace(&words);
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a WordPress category is worth showing as a tag: not the default
/// "Uncategorized" every post without a category gets.
pub fn useful_term(name: &str, slug: Option<&str>) -> bool {
    let name = name.trim();
    !name.is_empty()
        && !name.eq_ignore_ascii_case("uncategorized")
        && !slug.is_some_and(|s| s.eq_ignore_ascii_case("uncategorized"))
}

/// Whether a string that claims to be HTML has any markup: a start or end
/// tag, a comment or a doctype. Feeds label plain-text descriptions as HTML
/// all the time; those are better read as text.
pub fn has_markup(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'<'
            && bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_only() {
        let base = Url::parse("https://normslab.example.org/blog/").unwrap();
        assert_eq!(
            absolute(Some(&base), "/2026/05/04/x/").as_deref(),
            Some("https://normslab.example.org/2026/05/04/x/")
        );
        assert_eq!(
            absolute(Some(&base), "post/").as_deref(),
            Some("https://normslab.example.org/blog/post/")
        );
        assert_eq!(absolute(None, "/2026/05/04/x/"), None);
        assert_eq!(absolute(None, "tag:example.org,2026:1"), None);
        assert_eq!(absolute(None, "  "), None);
        assert_eq!(
            absolute(None, "https://a.example/x").as_deref(),
            Some("https://a.example/x")
        );
    }

    #[test]
    fn aliases_must_name_another_page() {
        let url = Some("https://normslab.example.org/2026/05/04/x/");
        assert!(distinct_alias("https://normslab.example.org/?p=12", url));
        assert!(!distinct_alias(
            "http://www.normslab.example.org/2026/05/04/x",
            url
        ));
        assert!(!distinct_alias("urn:uuid:1234", url));
        assert!(distinct_alias("https://a.example/1", None));
    }

    #[test]
    fn slugs_read_as_titles() {
        assert_eq!(
            slug_title("promoting-international-norms"),
            "Promoting international norms"
        );
        assert_eq!(slug_title("%c3%a9t%c3%a9-2026"), "Été 2026");
        assert_eq!(slug_title(""), "");
    }

    #[test]
    fn uncategorized_is_not_a_tag() {
        assert!(!useful_term("Uncategorized", Some("uncategorized")));
        assert!(!useful_term("Sin categoría", Some("uncategorized")));
        assert!(useful_term("Cyber norms", Some("cyber-norms")));
        assert!(!useful_term("  ", None));
    }

    #[test]
    fn markup_is_tags_not_angle_brackets() {
        assert!(has_markup("<p>Hi</p>"));
        assert!(has_markup("a <br/> b"));
        assert!(has_markup("x <!-- c -->"));
        assert!(!has_markup("3 < 4 and AT&amp;T"));
        assert!(!has_markup("plain"));
    }
}

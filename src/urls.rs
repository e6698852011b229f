//! URL handling shared by the loader and the reader: resolving relative
//! links, and the key under which two spellings of one page's URL meet.

use url::Url;

/// Query parameters that track a visit and never change the page.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_hsenc", "_hsmi", "igshid",
    "ref_src", "yclid",
];

/// Parses an absolute URL usable as a base for relative links.
pub fn base(url: &str) -> Option<Url> {
    Url::parse(url.trim())
        .ok()
        .filter(|u| !u.cannot_be_a_base())
}

/// `href` made absolute against `base` where possible, else as written
/// (trimmed). Absolute URLs are normalised by the URL parser. Against a
/// `file://` base (a saved file without a URL of its own) only relative
/// paths resolve: `/about/` and `//host/x` name places on the site the
/// page came from, which is not known, so they stay as written.
pub fn resolve(base: Option<&Url>, href: &str) -> String {
    let href = href.trim();
    let parsed = match base {
        Some(b) if b.scheme() == "file" && href.starts_with(['/', '\\']) => Url::parse(href),
        Some(b) => b.join(href),
        None => Url::parse(href),
    };
    match parsed {
        Ok(u) => u.to_string(),
        Err(_) => href.to_owned(),
    }
}

/// The `file://` URL of a document on disk: what relative links in a
/// document without a URL of its own are resolved against. `None` for
/// standard input (`-`) and paths that cannot be made absolute.
pub fn file_url(path: &std::path::Path) -> Option<String> {
    if path.as_os_str().is_empty() || path == std::path::Path::new("-") {
        return None;
    }
    let absolute = std::path::absolute(path).ok()?;
    Url::from_file_path(absolute).ok().map(String::from)
}

/// The key two URLs of the same item share: scheme, `www.`, a trailing
/// slash and tracking parameters (`utm_*` and the like) are ignored; other
/// query parameters (a WordPress `?p=274`) are kept, and so is a fragment,
/// which names an item of its own on the page (a comment,
/// `…/post/#comment-36`). A `file://` URL is keyed by its path. `None` for
/// other schemes. A link is looked up by this key, then by its
/// [`page_key`] (a `#section` of an entry leads to the entry).
///
/// Every entry's URL is keyed when a corpus is assembled, so URLs that the
/// parser would return unchanged (the common case) are keyed by plain
/// string work ([`plain_key`]); the rest go through the URL parser.
pub fn key(url: &str) -> Option<String> {
    let url = url.trim();
    let page = page_key(url)?;
    match url.split_once('#') {
        Some((_, fragment)) if !fragment.is_empty() && !page.starts_with("file:") => {
            Some(format!("{page}#{fragment}"))
        }
        _ => Some(page),
    }
}

/// The key of the page a URL is on: [`key`] without the fragment.
pub fn page_key(url: &str) -> Option<String> {
    let url = url.trim();
    plain_key(url).unwrap_or_else(|| parsed_key(url))
}

fn parsed_key(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    if u.scheme() == "file" {
        // A saved page's relative links lead to files beside it.
        return Some(format!("file:{}", u.path()));
    }
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u.host_str()?.to_ascii_lowercase();
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let params: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(assemble(&host, &port, u.path(), params))
}

/// [`key`] without the URL parser, for a URL the parser would not change:
/// `http(s)://`, a lowercase host name without port or user, a path of
/// plain characters without dot segments, a query of plain characters.
/// `None` when it cannot tell (the parser decides).
fn plain_key(url: &str) -> Option<Option<String>> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, q),
        None => (rest, ""),
    };
    let (host, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    let host_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-';
    // A last label of digits (or hex) makes the host an IPv4 address.
    let last = host.rsplit('.').next().unwrap_or_default();
    let plain_host = host.bytes().all(host_byte)
        && !host.starts_with('.')
        && !host.contains("..")
        && !host.contains("xn--")
        && last.bytes().any(|b| b.is_ascii_lowercase())
        && !last.starts_with("0x");
    let path_byte = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*,;=:@/%".contains(&b);
    let plain_path = path.bytes().all(path_byte)
        && !path
            .as_bytes()
            .windows(3)
            .any(|w| w[..2] == *b"%2" && w[2] | 0x20 == b'e')
        && !path.split('/').any(|seg| seg == "." || seg == "..");
    let query_byte = |b: u8| b.is_ascii_alphanumeric() || b"-._~=&/:,;@".contains(&b);
    if !plain_host || !plain_path || !query.bytes().all(query_byte) {
        return None;
    }
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")));
    Some(Some(assemble(host, "", path, params.collect())))
}

/// The key of a lowercase host, `:port` (or nothing), a path and the query
/// parameters, decoded.
fn assemble<S: AsRef<str> + Ord>(
    host: &str,
    port: &str,
    path: &str,
    mut params: Vec<(S, S)>,
) -> String {
    let host = host.strip_prefix("www.").unwrap_or(host);
    let path = path.trim_end_matches('/');
    params.retain(|(k, _)| {
        let k = k.as_ref();
        !k.starts_with("utm_") && !TRACKING.contains(&k)
    });
    params.sort();
    let mut key = String::with_capacity(host.len() + port.len() + path.len() + 16);
    key.push_str(host);
    key.push_str(port);
    key.push_str(path);
    for (i, (k, v)) in params.iter().enumerate() {
        key.push(if i == 0 { '?' } else { '&' });
        key.push_str(k.as_ref());
        if !v.as_ref().is_empty() {
            key.push('=');
            key.push_str(v.as_ref());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_resolve_only_relative_paths() {
        let base = Url::parse("file:///home/ann/pages/a.html").unwrap();
        assert_eq!(
            resolve(Some(&base), "b.html"),
            "file:///home/ann/pages/b.html"
        );
        assert_eq!(
            resolve(Some(&base), "../x/c.md#s"),
            "file:///home/ann/x/c.md#s"
        );
        assert_eq!(resolve(Some(&base), "/about/"), "/about/");
        assert_eq!(
            resolve(Some(&base), "//cdn.example.org/x"),
            "//cdn.example.org/x"
        );
        assert_eq!(
            resolve(Some(&base), "https://example.org/"),
            "https://example.org/"
        );
    }

    #[test]
    fn relative_links_resolve_against_the_entry() {
        let b = base("https://blog.example.org/2015/04/post/").unwrap();
        assert_eq!(
            resolve(Some(&b), "../other/"),
            "https://blog.example.org/2015/04/other/"
        );
        assert_eq!(
            resolve(Some(&b), "/about"),
            "https://blog.example.org/about"
        );
        assert_eq!(resolve(Some(&b), "mailto:a@b.org"), "mailto:a@b.org");
        assert_eq!(resolve(None, "/about"), "/about");
    }

    #[test]
    fn keys_ignore_what_does_not_change_the_page() {
        let k = key("https://blog.example.org/a/b/").unwrap();
        assert_eq!(key("http://www.blog.example.org/a/b").unwrap(), k);
        assert_eq!(
            page_key("https://blog.example.org/a/b/#comments").unwrap(),
            k
        );
        assert_eq!(key("https://blog.example.org/a/b/#").unwrap(), k);
        // A fragment names an item of its own: two comments of one post.
        let comment = key("https://blog.example.org/a/b/#comment-36").unwrap();
        assert_eq!(comment, format!("{k}#comment-36"));
        assert_ne!(
            comment,
            key("https://blog.example.org/a/b/#comment-35").unwrap()
        );
        assert_eq!(
            key("http://www.blog.example.org/a/b#comment-36").unwrap(),
            comment
        );
        assert_eq!(
            key("https://BLOG.example.org/a/b?utm_source=x&fbclid=y").unwrap(),
            k
        );
        assert_ne!(key("https://blog.example.org/a/c").unwrap(), k);
    }

    #[test]
    fn wordpress_guids_keep_their_post_id() {
        assert_eq!(
            key("http://blog.mozilla.org/netpolicy/?p=274").unwrap(),
            "blog.mozilla.org/netpolicy?p=274"
        );
        assert_ne!(key("https://x.org/?p=1"), key("https://x.org/?p=2"));
    }

    #[test]
    fn plain_urls_are_keyed_without_the_parser() {
        for url in [
            "https://www.example.org/2015/04/post/?p=3&utm_source=x#comments",
            "http://blog.example.org",
            "https://example.org/%e6%97%a5/it's-here/",
        ] {
            assert_eq!(plain_key(url), Some(parsed_key(url)), "{url}");
        }
        for url in [
            "https://Example.org/",
            "https://example.org/a/../b",
            "https://example.org:8080/",
        ] {
            assert_eq!(plain_key(url), None, "{url}");
        }
    }

    /// URLs mostly of the plain shape, with every kind of departure.
    fn urls() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scheme = prop_oneof![
            4 => Just("https://"),
            4 => Just("http://"),
            1 => Just("HTTP://"),
            1 => Just("https:/"),
            1 => Just("https:///"),
            1 => Just("ftp://"),
        ];
        let host = prop_oneof![
            6 => "(www\\.)?[a-z][a-z0-9-]{0,4}(\\.[a-z0-9-]{1,4}){0,2}",
            1 => "[a-zA-Z0-9.é@-]{0,8}",
            1 => "[0-9.]{1,8}|0x7f\\.1|a\\.0x1|xn--[a-z]{1,4}\\.org",
        ];
        let port = prop_oneof![6 => Just(String::new()), 1 => ":[0-9]{0,5}"];
        let segment = prop_oneof![
            6 => "[a-zA-Z0-9'~_!$*,;=:@-]{0,5}",
            1 => "\\.{1,2}|%2[eE]|\\.%2[eE]",
            1 => "%[0-9a-fA-F]{2}|%[g-z]?",
            1 => "[ é|+^`{}\\\\\t\"<>]{1,2}",
        ];
        let path = proptest::collection::vec(segment, 0..4)
            .prop_map(|s| s.iter().map(|seg| format!("/{seg}")).collect::<String>());
        let query = prop_oneof![
            3 => Just(String::new()),
            3 => "\\?((p=[0-9]{1,3}|utm_source=x|fbclid=y|a|=b|b=a|)&?){0,3}",
            1 => "\\?[a-z_=&+%0-9.' ]{0,12}",
        ];
        let fragment = prop_oneof![3 => Just(String::new()), 1 => "#[a-z?/]{0,3}"];
        (scheme, host, port, path, query, fragment)
            .prop_map(|(s, h, p, pa, q, f)| format!("{s}{h}{p}{pa}{q}{f}"))
    }

    proptest::proptest! {
        /// Whatever the string work keys, it keys as the URL parser does.
        #[test]
        fn plain_keys_are_the_parsers_keys(url in urls()) {
            if let Some(k) = plain_key(&url) {
                proptest::prop_assert_eq!(k, parsed_key(&url));
            }
        }
    }

    #[test]
    fn other_schemes_have_no_key() {
        assert_eq!(key("mailto:someone@example.org"), None);
        assert_eq!(key("javascript:alert(1)"), None);
        assert_eq!(key("not a url"), None);
    }
}

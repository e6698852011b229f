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
/// (trimmed). Absolute URLs are normalised by the URL parser.
pub fn resolve(base: Option<&Url>, href: &str) -> String {
    let href = href.trim();
    let parsed = match base {
        Some(b) => b.join(href),
        None => Url::parse(href),
    };
    match parsed {
        Ok(u) => u.to_string(),
        Err(_) => href.to_owned(),
    }
}

/// The key two URLs of the same page share: scheme, `www.`, a trailing
/// slash, the fragment and tracking parameters (`utm_*` and the like) are
/// ignored; other query parameters (a WordPress `?p=274`) are kept.
/// `None` for what is not an http(s) URL.
pub fn key(url: &str) -> Option<String> {
    let u = Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut key = String::with_capacity(url.len());
    key.push_str(host);
    if let Some(port) = u.port() {
        key.push(':');
        key.push_str(&port.to_string());
    }
    key.push_str(u.path().trim_end_matches('/'));
    let mut params: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    for (i, (k, v)) in params.iter().enumerate() {
        key.push(if i == 0 { '?' } else { '&' });
        key.push_str(k);
        if !v.is_empty() {
            key.push('=');
            key.push_str(v);
        }
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(key("https://blog.example.org/a/b/#comments").unwrap(), k);
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
    fn other_schemes_have_no_key() {
        assert_eq!(key("mailto:someone@example.org"), None);
        assert_eq!(key("javascript:alert(1)"), None);
        assert_eq!(key("not a url"), None);
    }
}

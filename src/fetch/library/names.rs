//! File and folder names made from what a server sends (hosts, ids,
//! slugs, REST bases). Every name the fetcher writes under goes through
//! [`component`], so nothing a server says can reach outside the library:
//! no separators, no `.` or `..`, no leading dot (the loader skips hidden
//! files, and so would the user), no control or non-ASCII characters, no
//! Windows device names, a bounded length, and lower case, so that two
//! names differing only in case never land on one file on a
//! case-insensitive disk and silently overwrite each other.

use url::Url;

/// The longest name made; file systems allow 255 bytes, and a suffix may follow.
pub const MAX_NAME: usize = 80;

/// Names Windows reserves for devices, in any case and with any extension.
const DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `raw` made into one safe path component: ASCII letters and digits, `_`
/// and inner dots and dashes; anything else becomes one `-`. Never empty,
/// never longer than [`MAX_NAME`], and made again it stays the same.
pub fn component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_NAME));
    for c in raw.chars() {
        if out.len() >= MAX_NAME {
            break;
        }
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut name = trim(&out).to_owned();
    if name.is_empty() {
        name.push('_');
    }
    let stem = name.split('.').next().unwrap_or("");
    if DEVICES.contains(&stem) {
        name.truncate(MAX_NAME - 1);
        name.insert(0, '_');
        name = trim(&name).to_owned();
    }
    name
}

/// `base` (a [`component`]) followed by `suffix` (`-2`, `.json`), the base
/// shortened so that the whole stays within [`MAX_NAME`].
pub fn with_suffix(base: &str, suffix: &str) -> String {
    let keep = MAX_NAME.saturating_sub(suffix.len()).min(base.len());
    let base = trim(&base[..keep]);
    component(&format!(
        "{}{suffix}",
        if base.is_empty() { "_" } else { base }
    ))
}

fn trim(name: &str) -> &str {
    name.trim_matches(|c| c == '-' || c == '.')
}

/// Whether `name` is one that [`component`] could have made: checked on
/// names read back from the subscriptions file, which a person may edit.
pub fn is_component(name: &str) -> bool {
    component(name) == name
}

/// The folder name for a source at `url`: its host, and its port when the
/// URL names one (`example.org`, `127.0.0.1_8080`).
pub fn host_folder(url: &Url) -> String {
    let host = url.host_str().unwrap_or("site");
    match url.port() {
        Some(port) => component(&format!("{host}_{port}")),
        None => component(host),
    }
}

/// A short, stable, name-safe fingerprint of `key` (16 hex digits).
pub fn fingerprint(key: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_server_sends_leaves_the_folder() {
        for hostile in [
            "..",
            ".",
            "../../etc/passwd",
            "/etc/passwd",
            "a/b\\c",
            "C:\\Windows",
            ".hidden",
            "\u{0}\u{1b}[2J",
            "",
            "…",
        ] {
            let name = component(hostile);
            assert!(!name.is_empty(), "{hostile:?}");
            assert!(
                !name.contains(['/', '\\', ':', '\0']),
                "{hostile:?} → {name}"
            );
            assert!(!name.starts_with('.'), "{hostile:?} → {name}");
            assert!(name != "." && name != "..", "{hostile:?}");
            assert!(is_component(&name), "{hostile:?} → {name}");
        }
        assert_eq!(component("../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn names_are_bounded_lower_case_and_not_devices() {
        assert_eq!(component(&"x".repeat(10_000)).len(), MAX_NAME);
        assert_eq!(component("Workshop-Sessions"), "workshop-sessions");
        assert_eq!(component("CON"), "_con");
        assert_eq!(component("nul.json"), "_nul.json");
        assert_eq!(component("console"), "console");
        assert!(!is_component("Posts") && !is_component("a/b") && is_component("posts"));
    }

    #[test]
    fn made_twice_a_name_stays_the_same() {
        let long = "A".repeat(85);
        let dots = format!("con{}", ".".repeat(90));
        let device = format!("con.{}", "x".repeat(90));
        for raw in [long.as_str(), &dots, &device, "Con", "a--b", "-.x.-", "…"] {
            let once = component(raw);
            assert!(once.len() <= MAX_NAME, "{raw:?}");
            assert_eq!(component(&once), once, "{raw:?}");
            assert!(is_component(&once), "{raw:?}");
        }
        let named = with_suffix(&component(&long), "-12");
        assert_eq!(named.len(), MAX_NAME);
        assert!(named.ends_with("-12") && is_component(&named));
        assert_eq!(with_suffix("17", ".json"), "17.json");
    }

    #[test]
    fn host_folders_keep_the_port() {
        let url = Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert_eq!(host_folder(&url), "127.0.0.1_8080");
        let url = Url::parse("https://Blog.Example.org/").unwrap();
        assert_eq!(host_folder(&url), "blog.example.org");
    }
}

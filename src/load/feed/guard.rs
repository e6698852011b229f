//! Working around a feed-rs panic.
//!
//! feed-rs 3.0.0 panics on some real-world text: its name-and-e-mail
//! splitter (used for `<author>`, `<dc:creator>`, `<managingEditor>`)
//! slices one byte before or after the address, which is inside the
//! character when that is not ASCII (`Zoë Dupont—zoe@example.org`). The
//! parse runs under [`crate::guard::quietly`]; after a panic the feed is
//! parsed once more with a space put between each address and a non-ASCII
//! neighbour, which avoids that bug.

/// `text` with a space between each e-mail address and a neighbour that
/// feed-rs would slice into: a non-ASCII character, or an entity that may
/// decode to one (`;` before, `&` after). `None` when nothing needs one.
pub fn space_out_addresses(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut cuts: Vec<usize> = Vec::new();
    for (at, _) in text.match_indices('@') {
        // Only ASCII bytes are stepped over, so both ends are char boundaries.
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        if text[..start].ends_with("mailto:") {
            start -= "mailto:".len();
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii() || c == ';')
        {
            cuts.push(start);
        }
        if text[end..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii() || c == '&')
        {
            cuts.push(end);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() + cuts.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&text[from..cut]);
        out.push(' ');
        from = cut;
    }
    out.push_str(&text[from..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_get_room() {
        assert_eq!(
            space_out_addresses("Zoë Dupont—zoe@example.org").as_deref(),
            Some("Zoë Dupont— zoe@example.org")
        );
        assert_eq!(
            space_out_addresses("zoe@example.org—Zoë, ana@example.org»").as_deref(),
            Some("zoe@example.org —Zoë, ana@example.org »")
        );
        assert_eq!(
            space_out_addresses("Zoë&#8212;zoe@x.org&mdash;Z").as_deref(),
            Some("Zoë&#8212; zoe@x.org &mdash;Z")
        );
        assert_eq!(
            space_out_addresses("«mailto:zoe@x.org").as_deref(),
            Some("« mailto:zoe@x.org")
        );
        assert_eq!(space_out_addresses("Zoë <zoe@example.org>"), None);
        assert_eq!(space_out_addresses("no address"), None);
        assert_eq!(space_out_addresses("é@"), Some("é @".into()));
    }
}

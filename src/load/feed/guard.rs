//! Running feed-rs without letting its panics through.
//!
//! feed-rs 3.0.0 panics on some real-world text: its name-and-e-mail
//! splitter (used for `<author>`, `<dc:creator>`, `<managingEditor>`)
//! slices one byte before or after the address, which is inside the
//! character when that is not ASCII (`Zoë Dupont—zoe@example.org`). A
//! panic would take the whole load down, so the parse runs under
//! `catch_unwind`; the panic hook is kept quiet while it does (on this
//! thread only: a caught panic must not print over a reader's screen).
//! After a panic the feed is parsed once more with a space put between
//! each address and a non-ASCII neighbour, which avoids that bug.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Runs `f`, turning a panic into `Err` with its message, silently.
pub fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_owned())
    })
}

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
    fn panics_become_errors() {
        assert_eq!(quietly(|| 2), Ok(2));
        let e = quietly(|| -> u8 { panic!("boom {}", 1) });
        assert_eq!(e, Err("boom 1".to_owned()));
        assert_eq!(quietly(|| -> u8 { panic!("static") }), Err("static".into()));
    }

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

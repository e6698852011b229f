//! folio's own note on a saved WordPress item: what the fetcher knows that
//! the item does not say (the site's name from the REST root, the time the
//! site stopped publishing it). It is written as one more member of the
//! item's object, `"_folio": {…}`, on the document's first line, before the
//! item's members exactly as the API sent them; the loader reads it as any
//! other member (see `load::wordpress`). Keeping it in the document, not in
//! a file beside it, means the catalogue's per-file stamps see a withdrawal
//! as the change it is, and a copied folder keeps its marks.

use serde::{Deserialize, Serialize};

use crate::load::WORDPRESS_NOTE_KEY as NOTE_KEY;

/// What folio notes on an item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// When folio found the item no longer published (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// The site's name, as its REST root gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

impl Note {
    /// The note of an item saved now: the site's name, no withdrawal.
    pub fn of_site(site: Option<String>) -> Note {
        Note {
            site,
            withdrawn: None,
        }
    }

    fn is_empty(&self) -> bool {
        *self == Note::default()
    }
}

/// The item `object` (a JSON object as the API sent it) with `note` before
/// its members; the object unchanged when the note is empty. A member of
/// the note's name the server sent is dropped: only folio writes it.
pub fn annotate(object: &str, note: &Note) -> Vec<u8> {
    let object = object.trim_start();
    let key = format!("\"{NOTE_KEY}\"");
    if object.contains(&key) {
        if let Ok(mut members) = serde_json::from_str::<
            std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>,
        >(object)
        {
            if members.remove(NOTE_KEY).is_some() {
                let cleaned = serde_json::to_string(&members).expect("members serialise");
                return annotate(&cleaned, note);
            }
        }
    }
    let Some(members) = object.strip_prefix('{').filter(|_| !note.is_empty()) else {
        return object.as_bytes().to_vec();
    };
    let note = serde_json::to_string(note).expect("a note serialises");
    let comma = if members.trim_start().starts_with('}') {
        ""
    } else {
        ","
    };
    // serde_json escapes line breaks in strings: the note is one line.
    format!("{{\"{NOTE_KEY}\":{note}{comma}\n{members}").into_bytes()
}

/// A saved document split into its note (empty when it has none) and the
/// item as the API sent it.
pub fn split(document: &str) -> (Note, String) {
    let prefix = format!("{{\"{NOTE_KEY}\":");
    let parsed = document.strip_prefix(&prefix).and_then(|rest| {
        let (line, members) = rest.split_once('\n')?;
        let note = line.strip_suffix(',').unwrap_or(line);
        let note: Note = serde_json::from_str(note).ok()?;
        Some((note, format!("{{{members}")))
    });
    parsed.unwrap_or_else(|| (Note::default(), document.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_goes_first_and_comes_off_again() {
        let item = r#"{"id":7,"title":{"rendered":"A\nB"}}"#;
        let note = Note {
            site: Some("Field \"Notes\"\nweekly".into()),
            withdrawn: None,
        };
        let saved = String::from_utf8(annotate(item, &note)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert_eq!(value["id"], 7);
        assert_eq!(value[NOTE_KEY]["site"], "Field \"Notes\"\nweekly");
        assert_eq!(split(&saved), (note.clone(), item.to_owned()));

        let marked = Note {
            withdrawn: Some("2026-12-07T10:00:00Z".into()),
            ..note
        };
        let saved = String::from_utf8(annotate(item, &marked)).unwrap();
        assert_eq!(split(&saved).0, marked);
    }

    #[test]
    fn an_empty_note_or_object_stays_valid_json() {
        let item = r#"{"id":1}"#;
        assert_eq!(annotate(item, &Note::default()), item.as_bytes());
        assert_eq!(split(item), (Note::default(), item.to_owned()));
        let note = Note {
            site: Some("S".into()),
            withdrawn: None,
        };
        let saved = annotate("{ }", &note);
        serde_json::from_slice::<serde_json::Value>(&saved).unwrap();
        // A title that merely mentions the key is not a note.
        let sneaky = r#"{"title":"{\"_folio\":{\"withdrawn\":\"x\"}}"}"#;
        assert_eq!(split(sneaky), (Note::default(), sneaky.to_owned()));
        // A server's own member of that name is dropped.
        let forged = r#"{"_folio":{"withdrawn":"x","site":"Fake"},"id":3}"#;
        let saved = String::from_utf8(annotate(forged, &note)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert_eq!(value[NOTE_KEY], serde_json::json!({"site": "S"}));
        assert_eq!(value["id"], 3);
        assert!(
            !String::from_utf8(annotate(forged, &Note::default()))
                .unwrap()
                .contains("Fake")
        );
    }
}

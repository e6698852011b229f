//! Bytes → text: byte-order marks, declared charsets, detection, and the
//! binary-file check.
//!
//! Saved web documents arrive in whatever encoding their server used, often
//! with no declaration or a wrong one. The rule here: a BOM wins; valid
//! UTF-8 is UTF-8 whatever the document declares (a Latin-1 text is almost
//! never valid UTF-8 by accident); otherwise a declared charset that decodes
//! cleanly, else chardetng's guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decoded text and how it was decoded.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// Borrowed or moved from the bytes when they were UTF-8 already.
    pub text: Cow<'a, str>,
    /// How the encoding was chosen, when it was not plain UTF-8.
    pub note: Option<String>,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub struct Binary(pub &'static str);

/// How much of the start of a file the binary check and charset sniffing read.
const SNIFF: usize = 8192;

/// Decodes `bytes` to text, or says why they look like binary data.
pub fn decode(bytes: Cow<'_, [u8]>) -> Result<Decoded<'_>, Binary> {
    let plain = Encoding::for_bom(&bytes).is_none()
        && bomless_utf16(&bytes).is_none()
        && !looks_binary(&bytes);
    if plain {
        // Valid UTF-8 is used as it is: borrowed, or moved without a copy.
        match bytes {
            Cow::Borrowed(b) => {
                if let Ok(text) = std::str::from_utf8(b) {
                    return Ok(Decoded {
                        text: Cow::Borrowed(text),
                        note: None,
                    });
                }
                return decode_other(b);
            }
            Cow::Owned(v) => {
                return match String::from_utf8(v) {
                    Ok(text) => Ok(Decoded {
                        text: Cow::Owned(text),
                        note: None,
                    }),
                    Err(e) => decode_other(e.as_bytes()),
                };
            }
        }
    }
    decode_other(&bytes)
}

fn decode_other(bytes: &[u8]) -> Result<Decoded<'static>, Binary> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let text = text.into_owned();
        if looks_binary_text(&text) {
            return Err(Binary("binary data"));
        }
        let note = (encoding != UTF_8).then(|| {
            let mut n = format!("decoded as {} (byte-order mark)", encoding.name());
            if had_errors {
                n.push_str("; some bytes were invalid and replaced");
            }
            n
        });
        return Ok(Decoded {
            text: Cow::Owned(text),
            note,
        });
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            note: Some(format!(
                "decoded as {} (no byte-order mark)",
                encoding.name()
            )),
        });
    }
    if looks_binary(bytes) {
        return Err(Binary("binary data"));
    }
    let declared = declared_charset(&bytes[..bytes.len().min(SNIFF)])
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE);
    if let Some(encoding) = declared {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(Decoded {
                text: Cow::Owned(text.into_owned()),
                note: Some(format!("decoded as {} (declared)", encoding.name())),
            });
        }
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let mut encoding = detector.guess(None, false);
    if encoding == UTF_8 {
        encoding = WINDOWS_1252;
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut note = format!("not UTF-8; decoded as {} (detected)", encoding.name());
    if had_errors {
        note.push_str("; some bytes were invalid and replaced");
    }
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        note: Some(note),
    })
}

/// UTF-16 without a BOM shows as every other byte being NUL in ASCII text.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_nul = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_nul * 10 >= pairs * 9 && even_nul == 0 {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A NUL byte, or many control bytes, near the start means binary data.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 20 > head.len().max(1)
}

fn looks_binary_text(text: &str) -> bool {
    let head: String = text.chars().take(SNIFF).collect();
    head.contains('\0')
}

/// The charset a document declares for itself: an XML declaration's
/// `encoding`, an HTML `<meta charset>` or `http-equiv` content type.
pub fn declared_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["encoding=", "charset="] {
        let mut rest = head.as_str();
        while let Some(at) = rest.find(key) {
            rest = &rest[at + key.len()..];
            let value: String = rest
                .trim_start_matches(['"', '\'', ' '])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode(Cow::Borrowed("Café – naïve".as_bytes())).unwrap();
        assert_eq!(d.text, "Café – naïve");
        assert!(d.note.is_none());
    }

    #[test]
    fn undeclared_windows_1252_is_detected() {
        let bytes = b"Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e and \x93smart quotes\x94 for the na\xefve reader.";
        let d = decode(Cow::Borrowed(bytes)).unwrap();
        assert!(d.text.contains("Café"), "{}", d.text);
        assert!(d.text.contains("crème brûlée"), "{}", d.text);
        assert!(
            d.text.contains("\u{201c}smart quotes\u{201d}"),
            "{}",
            d.text
        );
        assert!(d.note.unwrap().contains("detected"));
    }

    #[test]
    fn declared_latin1_is_honoured() {
        let bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Ol\xe9</title></rss>";
        let d = decode(Cow::Borrowed(bytes)).unwrap();
        assert!(d.text.contains("Olé"));
        assert!(d.note.unwrap().contains("declared"));
    }

    #[test]
    fn wrong_declaration_loses_to_valid_utf8() {
        let text = "<meta charset=\"iso-8859-1\"><p>Zürich</p>";
        let d = decode(Cow::Borrowed(text.as_bytes())).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Hello, wörld".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(Cow::Borrowed(&bytes)).unwrap();
        assert_eq!(d.text, "Hello, wörld");
    }

    #[test]
    fn utf16_big_endian_without_bom() {
        let mut bytes = vec![];
        for unit in "Plain text in UTF-16".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(
            decode(Cow::Borrowed(&bytes)).unwrap().text,
            "Plain text in UTF-16"
        );
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert_eq!(
            decode(Cow::Borrowed(png)).unwrap_err(),
            Binary("binary data")
        );
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert!(decode(Cow::Borrowed(&noise)).is_err());
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode(Cow::Borrowed(b"")).unwrap().text, "");
    }
}

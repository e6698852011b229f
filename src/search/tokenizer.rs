//! Cutting text into words for the index and for queries: tantivy's
//! `SimpleTokenizer` (runs of letters and digits), except that Chinese,
//! Japanese and Korean, written without spaces, are cut into overlapping
//! pairs of letters, as Lucene's CJK analyzer does.
//!
//! "東京都庁で会議" becomes 東京 京都 都庁 庁で で会 会議 at consecutive
//! positions, so any run of two or more letters is found: a query word of
//! CJK letters is cut the same way and searched as a phrase of its pairs.
//! A lone CJK letter between other characters is kept as it is. A run of
//! CJK letters ends a word of other letters ("Rust製" is `rust` `製`). A
//! dictionary tokenizer (lindera) would give real words, at the cost of a
//! dictionary per language in the binary (tens of megabytes); pairs need
//! none and find everything a word would.
//!
//! Written by hand because tantivy has no CJK tokenizer of its own and the
//! ones published for it each bring a dictionary.

use std::iter::Peekable;
use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::cjk::is_cjk;

/// Words of letters and digits; CJK runs as overlapping pairs.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
    token: &'a mut Token,
    /// Inside a CJK run: where its last letter starts, and whether a pair
    /// has been given since the run began.
    cjk: Option<(usize, bool)>,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            chars: text.char_indices().peekable(),
            token: &mut self.token,
            cjk: None,
        }
    }
}

impl WordStream<'_> {
    fn give(&mut self, from: usize, to: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    /// The end of the character starting at `at`.
    fn end_of(&self, at: usize) -> usize {
        at + self.text[at..].chars().next().map_or(0, char::len_utf8)
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some((last, paired)) = self.cjk {
            match self.chars.peek() {
                Some(&(next, c)) if is_cjk(c) => {
                    self.chars.next();
                    self.cjk = Some((next, true));
                    let to = self.end_of(next);
                    return self.give(last, to);
                }
                _ => {
                    self.cjk = None;
                    if !paired {
                        let to = self.end_of(last);
                        return self.give(last, to);
                    }
                }
            }
        }
        while let Some((from, c)) = self.chars.next() {
            if is_cjk(c) {
                self.cjk = Some((from, false));
                return self.advance();
            }
            if c.is_alphanumeric() {
                let mut to = from + c.len_utf8();
                while let Some(&(at, c)) = self.chars.peek() {
                    if !c.is_alphanumeric() || is_cjk(c) {
                        break;
                    }
                    to = at + c.len_utf8();
                    self.chars.next();
                }
                return self.give(from, to);
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::tokenizer::SimpleTokenizer;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut t = WordTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let k = s.token();
            out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(
            texts("東京都庁で会議"),
            ["東京", "京都", "都庁", "庁で", "で会", "会議"]
        );
        assert_eq!(
            texts("서울에서 만나요"),
            ["서울", "울에", "에서", "만나", "나요"]
        );
        let t = tokens("在東京。");
        assert_eq!(t[0], ("在東".into(), 0, 0, 6));
        assert_eq!(t[1], ("東京".into(), 1, 3, 9));
    }

    #[test]
    fn lone_letters_and_mixed_words() {
        assert_eq!(texts("「猫」と犬"), ["猫", "と犬"]);
        assert_eq!(
            texts("Rust製のツール v2.0"),
            ["Rust", "製の", "のツ", "ツー", "ール", "v2", "0"]
        );
        assert_eq!(texts("a漢b"), ["a", "漢", "b"]);
        assert_eq!(texts(""), Vec::<String>::new());
    }

    proptest! {
        /// Text without CJK letters is cut exactly as tantivy's own
        /// tokenizer cuts it (what the index did before).
        #[test]
        fn other_scripts_are_cut_as_before(text in "[a-zA-Z0-9éß .,;'\u{2014}-]{0,60}") {
            let mut simple = SimpleTokenizer::default();
            let mut s = simple.token_stream(&text);
            let mut expected = Vec::new();
            while s.advance() {
                let k = s.token();
                expected.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
            }
            prop_assert_eq!(tokens(&text), expected);
        }

        /// Every token is the text at its offsets, positions count up by
        /// one, and no input makes the stream fail.
        #[test]
        fn tokens_are_slices_of_the_text(text in "[a-z漢字かなカナ한국 。、1]{0,40}") {
            let t = tokens(&text);
            for (i, (word, position, from, to)) in t.iter().enumerate() {
                prop_assert_eq!(&text[*from..*to], word.as_str());
                prop_assert_eq!(*position, i);
            }
        }
    }
}

//! English stemming with a cache, and, for indexing, the word itself
//! beside its stem.
//!
//! The same words come back again and again in a corpus (Zipf), and
//! running the Snowball stemmer on each occurrence was the largest single
//! cost of building an index (over a quarter of it, measured with perf).
//! Each analyzer clone (one per indexing thread) keeps its own cache, so
//! there is no locking; a clone starts empty.
//!
//! Prefix queries need the words as written: the stem of "security" is
//! "secur", so `securit*` cannot be answered from stems. Rather than a
//! second, unstemmed copy of every field (a second tokenization and a
//! second posting per word, measured at about a sixth of the build), the
//! indexing analyzer also emits, at the same position, the word marked
//! with [`WORD_MARK`] whenever it differs from its stem, once per field
//! value (a prefix query only asks whether an entry has the word). Words
//! that are their own stem are found as stems. Phrases are unaffected (positions
//! are shared); a field's length counts the marked words too, alike for
//! every entry.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Distinct words remembered per analyzer before the cache starts over.
const CAPACITY: usize = 200_000;

/// Starts the indexed form of a word that differs from its stem. Never
/// produced by the tokenizer, which keeps only letters and digits.
pub const WORD_MARK: char = '_';

/// A token filter: tantivy's English [`Stemmer`], remembered per word;
/// with `words`, also the marked word where it differs from its stem.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer {
    pub words: bool,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: Cache::default(),
            words: self.words,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: Cache,
    words: bool,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.cache.value += 1;
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            words: self.words,
            word: Token::default(),
            state: Word::None,
        }
    }
}

/// Where the marked word of the current token stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    None,
    /// Ready, to be emitted after the stem.
    Pending,
    /// The current token.
    Current,
}

struct Cache {
    stems: HashMap<String, Stem>,
    stemmer: TextAnalyzer,
    /// Field values analyzed so far: the number of the current one.
    value: u64,
}

/// What the cache knows of a word.
struct Stem {
    /// `None` when the word is its own stem.
    stem: Option<String>,
    /// The last field value the marked word was emitted for.
    marked_in: u64,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            stems: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            value: 0,
        }
    }
}

/// A clone starts with an empty cache (copying one would cost more than
/// it saves).
impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::default()
    }
}

impl Cache {
    /// Replaces `word` by its stem. With `mark`, when the word differs from
    /// its stem and was not marked yet in this field value, writes the
    /// marked word there and says so: prefix queries only ask whether an
    /// entry has a word, so once per value is enough.
    fn stem(&mut self, word: &mut String, mark: Option<&mut String>) -> bool {
        if !self.stems.contains_key(word.as_str()) {
            let stem = {
                let mut stream = self.stemmer.token_stream(word);
                stream.advance().then(|| stream.token().text.clone())
            };
            if self.stems.len() >= CAPACITY {
                self.stems.clear();
            }
            let stem = stem.filter(|s| s != word);
            self.stems.insert(word.clone(), Stem { stem, marked_in: 0 });
        }
        let Some(entry) = self.stems.get_mut(word.as_str()) else {
            return false;
        };
        let Some(stem) = &entry.stem else {
            return false;
        };
        let marked = match mark {
            Some(m) if entry.marked_in != self.value => {
                entry.marked_in = self.value;
                m.clear();
                m.push(WORD_MARK);
                m.push_str(word);
                true
            }
            _ => false,
        };
        word.clear();
        word.push_str(stem);
        marked
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut Cache,
    words: bool,
    /// The marked word, its buffer reused.
    word: Token,
    state: Word,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if self.state == Word::Pending {
            self.state = Word::Current;
            return true;
        }
        self.state = Word::None;
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let mark = self.words.then_some(&mut self.word.text);
        if self.cache.stem(&mut token.text, mark) {
            self.word.offset_from = token.offset_from;
            self.word.offset_to = token.offset_to;
            self.word.position = token.position;
            self.word.position_length = token.position_length;
            self.state = Word::Pending;
        }
        true
    }

    fn token(&self) -> &Token {
        if self.state == Word::Current {
            &self.word
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.state == Word::Current {
            &mut self.word
        } else {
            self.tail.token_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn run(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_like_the_stemmer_it_caches() {
        let text = "Norms norms normative securities security running runs ran happily happy";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer { words: false })
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = run(&mut plain, text);
        assert_eq!(run(&mut cached, text), expected);
        // Again, from the cache.
        assert_eq!(run(&mut cached, text), expected);
        assert_eq!(run(&mut cached.clone(), text), expected);
    }

    #[test]
    fn words_that_are_not_their_stem_follow_it_at_its_position() {
        let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer { words: true })
            .build();
        let mut tokens = Vec::new();
        let mut s = a.token_stream("Cyber norms, security norms");
        while s.advance() {
            let t = s.token();
            tokens.push((t.text.clone(), t.position, t.offset_from));
        }
        assert_eq!(
            tokens,
            [
                ("cyber".to_owned(), 0, 0),
                ("norm".to_owned(), 1, 6),
                ("_norms".to_owned(), 1, 6),
                ("secur".to_owned(), 2, 13),
                ("_security".to_owned(), 2, 13),
                // Marked once per value.
                ("norm".to_owned(), 3, 22),
            ]
        );
        drop(s);
        let mut s = a.token_stream("norms");
        assert!(s.advance() && s.advance());
        assert_eq!(s.token().text, "_norms");
    }
}

//! Chinese, Japanese and Korean: scripts written without spaces between
//! words. Which letters are theirs, for word counts and reading time
//! ([`crate::markup::count_words`]) and for the search index, which cuts
//! their runs into overlapping pairs of letters ([`crate::search`]).

/// Whether `c` is a letter of Han, Hiragana, Katakana or Hangul.
pub fn is_cjk(c: char) -> bool {
    let u = c as u32;
    // Below U+1100 nothing is CJK: the common case costs one comparison.
    u >= 0x1100
        && matches!(u,
            0x1100..=0x11FF         // Hangul Jamo
            | 0x3005..=0x3007       // 々 〆 〇
            | 0x3021..=0x3029       // Hangzhou numerals
            | 0x3031..=0x3035       // kana repeat marks
            | 0x303B..=0x303C
            | 0x3041..=0x309F       // Hiragana
            | 0x30A1..=0x30FA       // Katakana
            | 0x30FC..=0x30FF       // ー ヽ ヾ ヿ
            | 0x3131..=0x318F       // Hangul compatibility Jamo
            | 0x31F0..=0x31FF       // Katakana phonetic extensions
            | 0x3400..=0x4DBF       // CJK extension A
            | 0x4E00..=0x9FFF       // CJK unified ideographs
            | 0xA960..=0xA97F       // Hangul Jamo extended A
            | 0xAC00..=0xD7FF       // Hangul syllables, Jamo extended B
            | 0xF900..=0xFAFF       // CJK compatibility ideographs
            | 0xFF66..=0xFF9F       // halfwidth Katakana
            | 0xFFA0..=0xFFDC       // halfwidth Hangul
            | 0x20000..=0x3FFFF)    // CJK extensions B and later
        && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_the_three_scripts_and_nothing_else() {
        for c in "漢字ひらがなカタカナー한국어々ｶ𠮷".chars() {
            assert!(is_cjk(c), "{c}");
        }
        for c in "aé1Ω。、「」・　！ー".chars().filter(|&c| c != 'ー') {
            assert!(!is_cjk(c), "{c}");
        }
    }
}

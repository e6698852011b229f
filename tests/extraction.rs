//! Main-content extraction measured on pages written in the shapes of real
//! ones (a WordPress post with Jetpack share, like and related-post blocks,
//! comments and a cookie bar; a news article with a consent dialog, ads and
//! a "most read" rail; a Blogger post; a Medium-style story; a Japanese
//! blog): the words of the body folio keeps, against the words a reader
//! view should keep (`NAME.txt` beside `NAME.html`, written by hand from
//! the page). Precision is the share of kept words that belong; recall the
//! share of the article's words kept. `--nocapture` prints the table that
//! docs/rendering.md records; with `FOLIO_SCORE_WITH` set to a command
//! (`w3m -dump`), that command's output for each page is scored too, for
//! comparison (not asserted).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

const PAGES: &[&str] = &[
    "wordpress-post",
    "news-article",
    "blogger-post",
    "medium-story",
    "japanese-blog",
];

/// Words as the scorer counts them: runs of letters and digits, lower
/// case; each CJK letter a word of its own.
fn words(text: &str) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut HashMap<String, usize>| {
        if !word.is_empty() {
            *out.entry(std::mem::take(word)).or_default() += 1;
        }
    };
    for c in text.chars() {
        if folio::cjk::is_cjk(c) {
            flush(&mut word, &mut out);
            *out.entry(c.to_string()).or_default() += 1;
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn total(w: &HashMap<String, usize>) -> usize {
    w.values().sum()
}

/// (precision, recall) of `got` against `expected`.
fn score(got: &str, expected: &str) -> (f64, f64) {
    let (got, expected) = (words(got), words(expected));
    let common: usize = got
        .iter()
        .map(|(w, n)| (*n).min(expected.get(w).copied().unwrap_or(0)))
        .sum();
    (
        common as f64 / total(&got).max(1) as f64,
        common as f64 / total(&expected).max(1) as f64,
    )
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extraction")
}

/// The visible text of the body folio keeps for a page.
fn extracted(name: &str) -> String {
    let corpus = folio::load::load(&[dir().join(format!("{name}.html"))]).unwrap();
    assert_eq!(corpus.entries.len(), 1, "{name}");
    let body = corpus.entries[0].body.as_str();
    folio::markup::scan(body).text
}

#[test]
fn reading_view_keeps_the_article_and_only_the_article() {
    println!("| page | words kept | precision | recall |");
    println!("|---|---:|---:|---:|");
    let mut failures = Vec::new();
    for name in PAGES {
        let expected = std::fs::read_to_string(dir().join(format!("{name}.txt"))).unwrap();
        let got = extracted(name);
        let (precision, recall) = score(&got, &expected);
        println!(
            "| {name} | {} | {precision:.3} | {recall:.3} |",
            total(&words(&got))
        );
        if precision < 0.95 || recall < 0.9 {
            failures.push(format!(
                "{name}: precision {precision:.3}, recall {recall:.3}\n{got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    if let Ok(command) = std::env::var("FOLIO_SCORE_WITH") {
        score_command(&command);
    }
}

/// Prints the scores of another tool's dump of each page.
fn score_command(command: &str) {
    let mut parts = command.split_whitespace();
    let program = parts.next().expect("FOLIO_SCORE_WITH names a command");
    let args: Vec<&str> = parts.collect();
    println!("\n{command}:\n| page | words kept | precision | recall |\n|---|---:|---:|---:|");
    for name in PAGES {
        let expected = std::fs::read_to_string(dir().join(format!("{name}.txt"))).unwrap();
        let out = std::process::Command::new(program)
            .args(&args)
            .arg(dir().join(format!("{name}.html")))
            .output()
            .expect("the command runs");
        let got = String::from_utf8_lossy(&out.stdout);
        let (precision, recall) = score(&got, &expected);
        println!(
            "| {name} | {} | {precision:.3} | {recall:.3} |",
            total(&words(&got))
        );
    }
}

#[test]
fn the_scorer_counts_words_and_cjk_letters() {
    assert_eq!(score("a b c", "a b c d"), (1.0, 0.75));
    assert_eq!(score("Menu a b", "a b"), (2.0 / 3.0, 1.0));
    let (p, r) = score("東京の会議", "東京");
    assert_eq!((p, r), (0.4, 1.0));
}

//! Ranking and filtering on a small fixed corpus, in memory.

use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::model::{Body, Date, Entry, Kind};

fn entry(id: &str, title: &str, body: &str) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        body: Body::Text(body.into()),
        ..Entry::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<Date> {
    Some(Date::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
}

fn corpus() -> Vec<Entry> {
    let filler = "The meeting covered many unrelated matters at length. ".repeat(12);
    vec![
        Entry {
            kind: Kind::Post,
            date: day(2015, 4, 3),
            author: Some("Jochai Ben-Avie".into()),
            site: Some("Open Policy & Advocacy".into()),
            tags: vec!["security".into()],
            url: Some("https://blog.example.org/heartbleed".into()),
            ..entry(
                "title-hit",
                "Heartbleed, a retrospective",
                "What we learned from a bug.",
            )
        },
        Entry {
            kind: Kind::Post,
            date: day(2014, 6, 1),
            ..entry(
                "body-hit",
                "A year of bugs",
                "Heartbleed was bad. Heartbleed was everywhere. Shellshock came later.",
            )
        },
        Entry {
            kind: Kind::Workshop,
            date: day(2012, 9, 12),
            site: Some("Affiliated Workshops".into()),
            ..entry(
                "adjacent",
                "Workshop II",
                &format!("{filler} Participants discussed cyber norms in depth. {filler}"),
            )
        },
        Entry {
            kind: Kind::Workshop,
            date: day(2011, 10, 19),
            site: Some("Affiliated Workshops".into()),
            ..entry(
                "scattered",
                "Workshop I",
                &format!(
                    "Norms were the theme. {filler} The cyber track ended early. {filler} Norms again."
                ),
            )
        },
        Entry {
            kind: Kind::Document,
            ..entry(
                "accents",
                "Notes from Zürich",
                "A naïve café discussion about cybersecurity.",
            )
        },
        Entry {
            kind: Kind::Page,
            date: day(2020, 1, 1),
            ..entry("security", "About", "Our security team answers questions.")
        },
    ]
}

fn index() -> SearchIndex {
    SearchIndex::from_entries(&corpus(), &mut |_| {}).unwrap()
}

/// The ids of the hits for `q`; every ranking test also checks that the
/// ids-only search the reader uses agrees with the full hits.
fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
    let query = parse(q).unwrap();
    let from_hits: Vec<String> = index
        .search(&query, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    let everything: Accept = Arc::new(|_: &Custom, _: &str| true);
    assert_eq!(index.ids(&query, 20, everything).unwrap(), from_hits, "{q}");
    from_hits
}

#[test]
fn a_title_match_outranks_a_body_match() {
    let i = index();
    // The body mentions it twice, the title once: the title still wins.
    assert_eq!(ids(&i, "heartbleed"), ["title-hit", "body-hit"]);
}

#[test]
fn words_together_outrank_scattered_words_and_quotes_require_them() {
    let i = index();
    // "scattered" has "norms" twice, so it would win on word counts alone.
    assert_eq!(ids(&i, "cyber norms"), ["adjacent", "scattered"]);
    assert_eq!(ids(&i, "\"cyber norms\""), ["adjacent"]);
    assert_eq!(ids(&i, "\"norms cyber\""), Vec::<String>::new());
}

#[test]
fn stemming_case_and_accents() {
    let i = index();
    // "norms" twice in "scattered", once in "adjacent".
    assert_eq!(ids(&i, "norm"), ["scattered", "adjacent"]);
    assert_eq!(ids(&i, "HEARTBLEEDS"), ["title-hit", "body-hit"]);
    assert_eq!(ids(&i, "zurich"), ["accents"]);
    assert_eq!(ids(&i, "NAIVE cafe"), ["accents"]);
}

#[test]
fn every_word_must_match() {
    let i = index();
    assert_eq!(ids(&i, "heartbleed shellshock"), ["body-hit"]);
    assert!(ids(&i, "heartbleed nowhere").is_empty());
}

#[test]
fn prefixes_match_word_starts_not_stems() {
    let i = index();
    let mut got = ids(&i, "cyber*");
    got.sort();
    assert_eq!(got, ["accents", "adjacent", "scattered"]);
    // "security" is stemmed to "secur", which does not start with "securit".
    let mut got = ids(&i, "securit*");
    got.sort();
    assert_eq!(got, ["security", "title-hit"]);
}

#[test]
fn exclusions() {
    let i = index();
    assert_eq!(ids(&i, "heartbleed -shellshock"), ["title-hit"]);
    assert_eq!(ids(&i, "norms -\"cyber norms\""), ["scattered"]);
}

#[test]
fn field_filters() {
    let i = index();
    assert_eq!(ids(&i, "title:heartbleed"), ["title-hit"]);
    assert_eq!(ids(&i, "author:\"Jochai Ben-Avie\""), ["title-hit"]);
    assert_eq!(ids(&i, "author:ben-avie"), ["title-hit"]);
    assert!(ids(&i, "author:\"Ben-Avie Jochai\"").is_empty());
    assert_eq!(ids(&i, "site:affiliated norms"), ["scattered", "adjacent"]);
    assert_eq!(ids(&i, "tag:security"), ["title-hit"]);
    assert_eq!(
        ids(&i, "kind:workshop -kind:post cyber"),
        ["adjacent", "scattered"]
    );
    assert_eq!(ids(&i, "kind:page"), ["security"]);
    assert_eq!(ids(&i, "title:workshop*"), ["adjacent", "scattered"]);
}

#[test]
fn dates_filter_by_day_and_filters_alone_list_newest_first() {
    let i = index();
    assert_eq!(ids(&i, "norms after:2012-09-12"), ["adjacent"]);
    assert_eq!(ids(&i, "norms before:2012-09-12"), ["scattered"]);
    assert_eq!(ids(&i, "after:2012 before:2015"), ["body-hit", "adjacent"]);
    // Undated entries never pass a date filter.
    assert!(!ids(&i, "after:1900").contains(&"accents".to_owned()));
    assert_eq!(
        ids(&i, "-kind:document"),
        ["security", "title-hit", "body-hit", "adjacent", "scattered"]
    );
}

#[test]
fn hits_carry_what_a_line_shows() {
    let i = index();
    let hits = i.search(&parse("shellshock").unwrap(), 5).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h.title, "A year of bugs");
    assert_eq!(h.kind, Kind::Post);
    assert_eq!(h.date, day(2014, 6, 1));
    assert!(h.score > 0.0);
    assert_eq!(h.highlights.len(), 1);
    assert_eq!(&h.snippet[h.highlights[0].clone()], "Shellshock");
    assert_eq!(h.terms, ["shellshock"]);
    let hits = i.search(&parse("heartbleed").unwrap(), 5).unwrap();
    assert_eq!(
        hits[0].url.as_deref(),
        Some("https://blog.example.org/heartbleed")
    );
}

#[test]
fn limits() {
    let i = index();
    assert_eq!(i.search(&parse("heartbleed").unwrap(), 1).unwrap().len(), 1);
    assert!(
        i.search(&parse("heartbleed").unwrap(), 0)
            .unwrap()
            .is_empty()
    );
    assert_eq!(i.len(), 6);
}

#[test]
fn caller_filters_decide_custom_clauses() {
    let i = index();
    let syntax = Syntax::new().with_filter("is", |v| {
        if v == "unread" {
            Ok(())
        } else {
            Err("only is:unread".into())
        }
    });
    let read = Arc::new(vec!["title-hit".to_owned()]);
    let accept: Accept = Arc::new(move |c: &Custom, id: &str| {
        c.field == "is" && c.value == "unread" && !read.contains(&id.to_owned())
    });
    let search = |q: &str| -> Vec<String> {
        i.search_filtered(&syntax.parse(q).unwrap(), 10, Arc::clone(&accept))
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(search("heartbleed is:unread"), ["body-hit"]);
    assert_eq!(search("heartbleed -is:unread"), ["title-hit"]);
    assert_eq!(search("is:unread kind:page"), ["security"]);
    // The filtered-out best hit does not take a place in the top 1.
    assert_eq!(
        i.search_filtered(
            &syntax.parse("heartbleed is:unread").unwrap(),
            1,
            Arc::clone(&accept)
        )
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn hostile_text_is_searchable_without_harm() {
    let mut entries = corpus();
    entries.push(entry(
        "hostile",
        "x\u{1b}]52;c;AAAA\u{7}y",
        &format!("{} zebra \u{1b}[2J{}", "a".repeat(30_000), "é".repeat(1000)),
    ));
    let i = SearchIndex::from_entries(&entries, &mut |_| {}).unwrap();
    let hits = i.search(&parse("zebra").unwrap(), 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].snippet.chars().any(crate::safe::is_unsafe));
    assert_eq!(&hits[0].snippet[hits[0].highlights[0].clone()], "zebra");
}

#[test]
fn the_reader_can_build_on_one_thread_and_search_on_another() {
    fn send_static<T: Send + 'static>() {}
    fn send_sync<T: Send + Sync>() {}
    send_static::<IndexBuilder>();
    send_static::<Built>();
    send_sync::<SearchIndex>();
    send_sync::<Query>();
    send_sync::<Highlighter>();
    send_static::<Fuzzy>();
    let built = std::thread::spawn(|| {
        let entries = corpus();
        SearchIndex::from_entries(&entries, &mut |_| {}).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(ids(&built, "shellshock"), ["body-hit"]);
}

/// Phrases inside intersections and exclusions, checked against a naive
/// reading of every body (the paths where tantivy#2811 bit).
#[test]
fn phrases_with_other_clauses_agree_with_a_naive_check() {
    const WORDS: [&str; 6] = ["alpha", "beta", "gamma", "delta", "omega", "sigma"];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let bodies: Vec<Vec<&str>> = (0..400)
        .map(|_| {
            let n = 3 + (next() % 12) as usize;
            (0..n).map(|_| WORDS[(next() % 6) as usize]).collect()
        })
        .collect();
    let entries: Vec<Entry> = bodies
        .iter()
        .enumerate()
        .map(|(i, words)| entry(&format!("d{i}"), "t", &words.join(" ")))
        .collect();
    let index = SearchIndex::from_entries(&entries, &mut |_| {}).unwrap();
    let has = |words: &[&str], w: &str| words.contains(&w);
    let adjacent = |words: &[&str], a: &str, b: &str| words.windows(2).any(|p| p == [a, b]);
    type Check =
        fn(&[&str], &dyn Fn(&[&str], &str) -> bool, &dyn Fn(&[&str], &str, &str) -> bool) -> bool;
    let cases: [(&str, Check); 5] = [
        ("alpha \"beta gamma\"", |w, has, adj| {
            has(w, "alpha") && adj(w, "beta", "gamma")
        }),
        ("\"beta gamma\" -\"gamma delta\"", |w, _, adj| {
            adj(w, "beta", "gamma") && !adj(w, "gamma", "delta")
        }),
        ("omega -\"alpha beta\"", |w, has, adj| {
            has(w, "omega") && !adj(w, "alpha", "beta")
        }),
        ("\"delta omega\" \"omega sigma\"", |w, _, adj| {
            adj(w, "delta", "omega") && adj(w, "omega", "sigma")
        }),
        ("-\"sigma sigma\" -alpha", |w, has, adj| {
            !has(w, "alpha") && !adj(w, "sigma", "sigma")
        }),
    ];
    for (q, check) in cases {
        let mut got: Vec<String> = index
            .search(&parse(q).unwrap(), 1000)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        got.sort();
        let mut want: Vec<String> = bodies
            .iter()
            .enumerate()
            .filter(|(_, w)| check(w, &has, &adjacent))
            .map(|(i, _)| format!("d{i}"))
            .collect();
        want.sort();
        assert!(!want.is_empty(), "{q}: the case tests nothing");
        assert_eq!(got, want, "{q}");
    }
}

#[test]
fn cjk_words_inside_sentences_are_found_and_highlighted() {
    let entries = vec![
        entry(
            "ja",
            "会議の記録",
            "本日、東京都庁で国際会議が開かれました。参加者は三百名でした。",
        ),
        entry(
            "zh",
            "研讨会",
            "我们在北京大学举办了网络规范研讨会，欢迎参加。",
        ),
        entry("ko", "워크숍", "서울에서 사이버 규범 워크숍이 열렸습니다."),
        entry("other", "Kyoto", "京 alone, and 都 alone, are not 京都."),
    ];
    let i = SearchIndex::from_entries(&entries, &mut |_| {}).unwrap();
    // Words inside runs with no punctuation around them.
    assert_eq!(ids(&i, "国際会議"), ["ja"]);
    assert_eq!(ids(&i, "都庁"), ["ja"]);
    assert_eq!(ids(&i, "北京大学"), ["zh"]);
    assert_eq!(ids(&i, "规范"), ["zh"]);
    assert_eq!(ids(&i, "서울"), ["ko"], "a Korean word with its particle");
    assert_eq!(ids(&i, "워크숍"), ["ko"]);
    // Letters of a query word must be together: 会 … 議 apart is no match.
    assert!(ids(&i, "会参").is_empty());
    // 東京都 holds 京都; a single letter is found only standing alone
    // (the index keeps pairs, as Lucene's CJK analyzer does).
    let mut kyoto = ids(&i, "京都");
    kyoto.sort();
    assert_eq!(kyoto, ["ja", "other"]);
    assert_eq!(ids(&i, "京"), ["other"]);
    let hits = i.search(&parse("国際会議").unwrap(), 5).unwrap();
    let h = &hits[0];
    assert_eq!(h.highlights.len(), 1, "{:?}", h.highlights);
    assert_eq!(&h.snippet[h.highlights[0].clone()], "国際会議");
    assert_eq!(h.terms, ["国際会議"]);
}

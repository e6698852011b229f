//! The query syntax, case by case.

use super::*;

fn conditions(q: &str) -> Vec<(bool, Condition)> {
    parse(q)
        .unwrap()
        .clauses
        .into_iter()
        .map(|c| (c.negated, c.condition))
        .collect()
}

fn word(w: &str) -> Condition {
    Condition::Text(None, Text::Word(w.into()))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn words_phrases_prefixes_and_exclusions() {
    assert_eq!(
        conditions(r#"norms "cyber security" cyber* -draft -"old news""#),
        [
            (false, word("norms")),
            (
                false,
                Condition::Text(None, Text::Phrase("cyber security".into()))
            ),
            (false, Condition::Text(None, Text::Prefix("cyber".into()))),
            (true, word("draft")),
            (true, Condition::Text(None, Text::Phrase("old news".into()))),
        ]
    );
}

#[test]
fn fields_take_bare_or_quoted_values() {
    assert_eq!(
        conditions(r#"title:norms author:"Jochai Ben-Avie" site:moz* tag:policy -kind:page"#),
        [
            (
                false,
                Condition::Text(Some(TextField::Title), Text::Word("norms".into()))
            ),
            (
                false,
                Condition::Text(
                    Some(TextField::Author),
                    Text::Phrase("Jochai Ben-Avie".into())
                )
            ),
            (
                false,
                Condition::Text(Some(TextField::Site), Text::Prefix("moz".into()))
            ),
            (
                false,
                Condition::Text(Some(TextField::Tag), Text::Word("policy".into()))
            ),
            (true, Condition::Kind("page".into())),
        ]
    );
    assert_eq!(
        conditions("KIND:Feed-Item after:2012-09-12 before:2013"),
        [
            (false, Condition::Kind("feed-item".into())),
            (false, Condition::After(day(2012, 9, 12))),
            (false, Condition::Before(day(2013, 1, 1))),
        ]
    );
}

#[test]
fn a_hyphen_inside_a_word_is_not_an_exclusion() {
    assert_eq!(
        conditions("ben-avie - x"),
        [(false, word("ben-avie")), (false, word("x"))]
    );
}

#[test]
fn unknown_fields_fall_back_to_their_words() {
    let q = parse("foo:bar norms").unwrap();
    let got: Vec<&Condition> = q.clauses.iter().map(|c| &c.condition).collect();
    assert_eq!(got, [&word("foo"), &word("bar"), &word("norms")]);
    assert_eq!(q.warnings.len(), 1);
    assert_eq!(q.warnings[0].column, 1);
    assert!(
        q.warnings[0].message.contains("unknown field \"foo:\""),
        "{:?}",
        q.warnings
    );
    // URLs are words, without a warning.
    let q = parse("https://example.org/a").unwrap();
    assert!(q.warnings.is_empty());
    assert_eq!(q.clauses.len(), 2);
}

#[test]
fn an_unbalanced_quote_searches_the_rest_as_words() {
    let q = parse(r#"norms "cyber security"#).unwrap();
    assert_eq!(q.clauses.len(), 3);
    assert!(
        q.clauses[1..]
            .iter()
            .all(|c| matches!(c.condition, Condition::Text(None, Text::Word(_))))
    );
    assert_eq!(q.warnings[0].column, 7);
    assert!(q.warnings[0].message.contains("unbalanced quote"));
}

#[test]
fn bad_dates_and_kinds_are_left_out_with_a_reason() {
    let q = parse("norms after:notadate kind:bl/og before:2015-02-30").unwrap();
    assert_eq!(q.clauses.len(), 1);
    let messages: Vec<String> = q.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].starts_with("column 7: \"after:notadate\": not a date"));
    assert!(messages[1].contains("\"kind:bl/og\": no such kind (kinds are post, page"));
    assert!(messages[2].contains("before:2015-02-30"));
}

#[test]
fn nothing_searchable_is_an_error() {
    assert_eq!(parse("").unwrap_err().problems, []);
    assert_eq!(
        parse("  !!! * -").unwrap_err().to_string(),
        "nothing to search for"
    );
    let err = parse("after:someday").unwrap_err();
    assert_eq!(
        err.to_string(),
        "column 1: \"after:someday\": not a date (write YYYY-MM-DD); left out; nothing to search for"
    );
    assert!(parse("title:").is_err());
}

#[test]
fn columns_count_characters() {
    let q = parse("Zürich été kind:x/y").unwrap();
    assert_eq!(q.warnings[0].column, 12);
}

#[test]
fn custom_filters_are_checked_and_returned() {
    let syntax = Syntax::new().with_filter("is", |v| match v {
        "read" | "unread" | "starred" => Ok(()),
        _ => Err("is: takes read, unread or starred".into()),
    });
    let q = syntax.parse("-is:read norms is:bogus").unwrap();
    assert_eq!(
        q.clauses[0].condition,
        Condition::Custom(Custom {
            field: "is".into(),
            value: "read".into()
        })
    );
    assert!(q.clauses[0].negated);
    assert_eq!(q.clauses.len(), 2);
    assert!(q.warnings[0].message.contains("is: takes read"));
    // Without the filter, `is:` is an unknown field.
    assert!(
        parse("is:unread").unwrap().warnings[0]
            .message
            .contains("unknown field")
    );
}

#[test]
fn hostile_input_never_panics() {
    for q in [
        "\"",
        "-\"",
        "a:\"",
        "-",
        "é:",
        "::::",
        "\u{0}:\u{0}",
        "-\u{202e}x*",
        "title:\"é",
        "\"\"\"",
    ] {
        let _ = parse(q);
    }
}

#[test]
fn days() {
    assert_eq!(parse_day("2015-04-03"), Some(day(2015, 4, 3)));
    assert_eq!(parse_day("2015-4"), Some(day(2015, 4, 1)));
    assert_eq!(parse_day("2015"), Some(day(2015, 1, 1)));
    for bad in [
        "15-04-03",
        "2015-13-01",
        "2015-04-03-1",
        "2015--03",
        "x",
        "",
        "+2015",
    ] {
        assert_eq!(parse_day(bad), None, "{bad}");
    }
}

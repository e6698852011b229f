use super::*;

fn fields(doc: &str) -> Fields {
    let (block, _) = split(doc);
    Fields::from_map(&parse(&block.expect("front matter")).unwrap().unwrap())
}

#[test]
fn blocks_are_split_off() {
    let (block, body) = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\n---\nmore");
    let block = block.unwrap();
    assert_eq!(
        (block.syntax, block.text, block.line),
        (Syntax::Yaml, "title: A\r\n", 2)
    );
    assert_eq!(body, "Body\n---\nmore");
    let (block, body) = split("---\ntitle: A\n...\nBody");
    assert_eq!(block.unwrap().text, "title: A\n");
    assert_eq!(body, "Body");
    let (block, body) = split("+++\ntitle = \"A\"\n+++\n");
    assert_eq!(block.unwrap().syntax, Syntax::Toml);
    assert_eq!(body, "");
    for none in [
        "---\ntitle: never closed\n",
        "--- \n",
        "Text\n---\nx\n---\n",
        "",
        "----\na\n----\n",
    ] {
        assert_eq!(
            split(none),
            (None, none.trim_start_matches('\u{feff}')),
            "{none:?}"
        );
    }
}

#[test]
fn yaml_fields() {
    let f = fields(
        "---\nTitle: \"Workshops: the list\"\ndate: 2026-06-22 10:30:00 +0200\n\
         lastmod: 2026-06-23\nauthor:\n  name: Tomás Ferreira\n  url: https://x.example/\n\
         tags: [norms, 2026]\ncategories: events, workshops\ndescription: Short.\n\
         url: https://normslab.example.org/2026/06/22/workshops/\nlayout: Page\n---\n",
    );
    assert_eq!(f.title.as_deref(), Some("Workshops: the list"));
    assert_eq!(f.date.as_deref(), Some("2026-06-22 10:30:00 +0200"));
    assert_eq!(f.updated.as_deref(), Some("2026-06-23"));
    assert_eq!(f.authors, ["Tomás Ferreira"]);
    assert_eq!(f.tags, ["norms", "2026", "events", "workshops"]);
    assert_eq!(f.summary.as_deref(), Some("Short."));
    assert_eq!(
        f.url.as_deref(),
        Some("https://normslab.example.org/2026/06/22/workshops/")
    );
    assert!(f.page);
}

#[test]
fn toml_fields() {
    let f = fields(
        "+++\ntitle = \"Notes\"\ndate = 2026-06-22T10:30:00+02:00\nauthors = [\"A\", \"B\"]\n\
         tags = [\"x\"]\nsummary = \"S\"\npermalink = \"/2026/notes/\"\nbase_url = \"https://x.example/blog\"\n\
         [extra]\nsite = \"not this one\"\n+++\n",
    );
    assert_eq!(f.title.as_deref(), Some("Notes"));
    assert_eq!(f.date.as_deref(), Some("2026-06-22T10:30:00+02:00"));
    assert_eq!(f.authors, ["A", "B"]);
    assert_eq!(f.url.as_deref(), Some("https://x.example/blog/2026/notes/"));
    assert_eq!(f.site, None);
    assert!(!f.page);
}

#[test]
fn urls_must_be_absolute_or_resolvable() {
    assert_eq!(fields("---\npermalink: /2026/x/\n---\n").url, None);
    assert_eq!(
        fields("---\npermalink: /:year/:title/\nsite_url: https://x.example\n---\n").url,
        None
    );
    assert_eq!(
        fields("---\npermalink: /2026/x/\nsite_url: https://x.example\n---\n")
            .url
            .as_deref(),
        Some("https://x.example/2026/x/")
    );
    assert_eq!(fields("---\nurl: mailto:a@x.example\n---\n").url, None);
    assert_eq!(
        fields("---\nurl: ''\ncanonical_url: https://x.example/c\n---\n")
            .url
            .as_deref(),
        Some("https://x.example/c")
    );
}

#[test]
fn odd_values_are_tolerated() {
    let f = fields(
        "---\ntitle: 2026\ndate: [not, a, date]\nauthor: [{name: A}, B, {nick: C}, 3]\n\
         tags: {a: b}\npublished: false\n? [complex, key]\n: value\n---\n",
    );
    assert_eq!(f.title.as_deref(), Some("2026"));
    assert_eq!(
        f.date, None,
        "a list is no date, and `published: false` is no date either"
    );
    assert_eq!(f.authors, ["A", "B", "3"]);
    assert!(f.tags.is_empty());
}

#[test]
fn invalid_front_matter_is_a_problem_with_a_position() {
    let (block, _) = split("---\ntitle: A\ndate: [unclosed\n---\nBody");
    let p = parse(&block.unwrap()).unwrap_err();
    assert!(
        p.message.starts_with("the front matter is not valid YAML"),
        "{}",
        p.message
    );
    assert_eq!(p.position.map(|(line, _)| line), Some(4), "{p:?}");
    let (block, _) = split("+++\ntitle = \"A\"\ndate = \n+++\n");
    let p = parse(&block.unwrap()).unwrap_err();
    assert!(
        p.message.starts_with("the front matter is not valid TOML"),
        "{}",
        p.message
    );
    assert_eq!(p.position, Some((3, 8)));
}

#[test]
fn a_block_that_is_not_fields_is_text() {
    let (block, _) = split("---\nJust a line between rules\n---\nText");
    assert_eq!(parse(&block.unwrap()), Ok(None));
    let (block, _) = split("---\n---\nText");
    assert_eq!(parse(&block.unwrap()), Ok(Some(Map::new())));
}

#[test]
fn hostile_front_matter_fails_cleanly_on_a_small_stack() {
    let docs = [
        format!("---\nx: {}\n---\n", "[".repeat(100_000)),
        format!("---\nx: {}\n---\n", "{a: ".repeat(10_000)),
        format!("+++\nx = {}\n+++\n", "[".repeat(100_000)),
        format!("+++\nx = {}\n+++\n", "{a = ".repeat(10_000)),
        // A billion laughs.
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
         c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
         e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
         g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n"
            .to_owned(),
    ];
    let results = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            docs.iter()
                .map(|d| parse(&split(d).0.unwrap()).map(|_| ()))
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .unwrap();
    for r in results {
        assert!(r.is_err(), "{r:?}");
    }
    let many = format!("---\ntags: [{}]\n---\n", "[a], ".repeat(1001));
    let p = parse(&split(&many).0.unwrap()).unwrap_err();
    assert!(
        p.message.contains("too large or too deeply nested"),
        "{}",
        p.message
    );
    let fine = format!("---\ntags: [{}]\n---\n", "a, ".repeat(1001));
    assert_eq!(fields(&fine).tags.len(), 1001);
}

//! `folio show` and `folio links` run as a user runs them, on the bundled
//! sample data and on the renderer's fixtures.

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

fn folio() -> Command {
    let mut cmd = Command::cargo_bin("folio").unwrap();
    cmd.env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("folio-test-cache"),
    );
    cmd.env_remove("NO_COLOR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

const SEED: &str = "003_42b8e050b6c7d64e";
const SEED_URL: &str = "https://blog.mozilla.org/netpolicy/2015/04/03/promoting-international-norm-development-in-cybersecurity/";

#[test]
fn show_prints_header_body_and_links_as_plain_text_when_piped() {
    let text = stdout(folio().args(["show", SEED]));
    assert!(!text.contains('\x1b'), "no escape sequences in a pipe");
    assert!(text.starts_with("Promoting international norm development in cybersecurity\n"));
    assert!(text.contains("2015-04-03 · Jochai Ben-Avie · Open Policy & Advocacy"));
    assert!(text.contains("Heartbleed[1] and Shellshock[2]"));
    assert!(text.contains("\nLinks\n[1] http://www.washingtonpost.com/"));
}

#[test]
fn entries_are_found_by_id_position_and_url() {
    let by_id = stdout(folio().args(["show", SEED]));
    let by_url = stdout(folio().args(["show", SEED_URL]));
    assert_eq!(by_id, by_url);
    let list = stdout(folio().args(["list"]));
    let position = list
        .lines()
        .position(|l| l.ends_with(SEED))
        .map(|i| (i + 1).to_string())
        .unwrap();
    assert_eq!(stdout(folio().args(["show", &position])), by_id);
    let by_title_order = list.lines().count();
    let last = stdout(folio().args(["show", &by_title_order.to_string(), "--sort", "title"]));
    assert!(!last.is_empty());
}

#[test]
fn colour_always_gives_ansi_and_never_or_no_color_do_not() {
    let ansi = stdout(folio().args(["show", SEED, "--color", "always"]));
    assert!(
        ansi.contains("\x1b[1mPromoting international"),
        "bold title"
    );
    assert!(ansi.contains("\x1b[4mHeartbleed\x1b[0m\x1b]8;;\x1b\\\x1b[2m[1]\x1b[0m"));
    let never = stdout(folio().args(["show", SEED, "--color", "never"]));
    assert!(!never.contains('\x1b'));
    let no_color = stdout(folio().args(["show", SEED]).env("NO_COLOR", "1"));
    assert!(!no_color.contains('\x1b'));
    assert_eq!(never, no_color);
}

#[test]
fn unknown_entry_exits_1_and_points_to_folio_list() {
    for key in ["no-such-entry", "999", "0", "https://nowhere.example/"] {
        let out = folio()
            .args(["show", key])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("no such entry"), "{err}");
        assert!(err.contains("`folio list`"), "{err}");
        assert!(out.stdout.is_empty());
        folio().args(["links", key]).assert().code(1);
    }
}

/// No line is wider than `--width` (issue 10), but the URLs of the header
/// and the link list, which stay whole to be copied (issue 22 #9); a URL
/// in the text wraps with its line.
#[test]
fn width_is_respected_and_listed_urls_stay_whole() {
    for width in ["30", "40", "72"] {
        let w: usize = width.parse().unwrap();
        for entry in [SEED, "000_ba010958c41cf5ce:1", "1", "2", "3"] {
            let text = stdout(folio().args(["show", entry, "--width", width]));
            for line in text.lines() {
                let url = line.trim_start_matches(|c: char| {
                    c == ' ' || c == '[' || c == ']' || c.is_ascii_digit()
                });
                let listed = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| url.starts_with(scheme));
                assert!(
                    line.width() <= w || listed,
                    "{entry} at {width}: “{line}” is too wide"
                );
            }
        }
    }
    let narrow = stdout(folio().args(["show", SEED, "--width", "30"]));
    let links = stdout(folio().args(["links", SEED]));
    let first_url = links.lines().next().unwrap().split('\t').nth(1).unwrap();
    assert!(first_url.len() > 30);
    assert!(
        narrow.lines().any(|l| l.ends_with(first_url)),
        "{first_url} is listed whole, on one line"
    );
    assert!(narrow.contains("\nsoftware like Heartbleed[1]\nand Shellshock[2], to\n"));
}

#[test]
fn width_below_the_minimum_is_a_usage_error() {
    folio()
        .args(["show", SEED, "--width", "5"])
        .assert()
        .code(2);
}

#[test]
fn links_prints_number_url_and_anchor_text_separated_by_tabs() {
    let text = stdout(folio().args(["links", SEED]));
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(lines.len() >= 6);
    for (i, fields) in lines.iter().enumerate() {
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert_eq!(fields[0], (i + 1).to_string());
    }
    assert_eq!(lines[0][2], "Heartbleed");
    assert!(lines[0][1].starts_with("http://www.washingtonpost.com/"));
    assert_eq!(lines[5][2], "here");
}

#[test]
fn links_of_a_hostile_document_are_clean_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.txt");
    std::fs::write(
        &path,
        "Hostile links\n\nSee https://evil.example/\x1b]8;;x\x07path\tand \x1b]52;c;ZXZpbA==\x07 \u{9b}2J.\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let text = stdout(folio().args(["links", "1", path]));
    assert_eq!(text.lines().count(), 1, "{text:?}");
    let fields: Vec<&str> = text.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert!(fields[1].starts_with("https://evil.example/"));
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\t' && c != '\n')
    );
    let shown = stdout(folio().args(["show", "1", path, "--color", "always"]));
    // Every escape starts one of folio's own sequences: its hyperlinks
    // (ESC ] 8 ; ; printable ASCII ESC \), taken out here, and SGR
    // (ESC [ 0-9;* m).
    let mut unlinked = String::new();
    let mut rest = shown.as_str();
    while let Some(i) = rest.find("\x1b]8;;") {
        unlinked.push_str(&rest[..i]);
        let tail = &rest[i + 5..];
        let end = tail.find("\x1b\\").expect("a hyperlink is closed");
        assert!(
            tail[..end].bytes().all(|b| (0x21..0x7f).contains(&b)),
            "{:?}",
            &tail[..end]
        );
        rest = &tail[end + 2..];
    }
    unlinked.push_str(rest);
    let shown = unlinked;
    for (i, _) in shown.match_indices('\x1b') {
        let seq = &shown[i + 1..];
        let params = seq[1..].find(|c: char| !(c.is_ascii_digit() || c == ';'));
        assert!(
            seq.starts_with('[') && params.is_some_and(|p| seq[1 + p..].starts_with('m')),
            "a foreign escape sequence: {:?}",
            &seq[..seq.len().min(20)]
        );
    }
    assert!(shown.contains("␛]52;c;ZXZpbA==␇ �2J."));
}

/// `folio show FILE` (no other PATH) shows that file's first entry;
/// `folio show ENTRY PATH` is unchanged.
#[test]
fn show_a_file_shows_its_first_entry() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data");
    let seed = format!("{dir}/000_ba010958c41cf5ce.txt");
    let text = stdout(folio().args(["show", &seed, "--width", "80"]));
    assert!(
        text.starts_with("Harvard-MIT-University of Toronto Cyber Norms Workshop I\n"),
        "{text}"
    );
    let links = stdout(folio().args(["links", &format!("{dir}/norms-workshop-iii.html")]));
    assert!(links.starts_with("1\thttps://"), "{links}");
    // With a PATH, the first argument is an entry again.
    let second = stdout(folio().args(["show", "000_ba010958c41cf5ce:2", &seed]));
    assert!(second.starts_with("Harvard-MIT-University of Toronto Cyber Norms Workshop II\n"));
    // A file that holds no entry says so, naming it.
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.json");
    std::fs::write(&empty, "[]").unwrap();
    let out = folio()
        .args(["show"])
        .arg(&empty)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.json holds no entry"), "{err}");
}

/// On a terminal (or with --color always), every anchor is an OSC 8
/// hyperlink to its URL, its text and [N] unchanged; piped plain output
/// has none; a URL that could break out of the sequence is not linked.
#[test]
fn links_are_clickable_hyperlinks_in_ansi_output() {
    let ansi = stdout(folio().args(["show", SEED, "--color", "always", "--width", "80"]));
    let open = "\x1b]8;;http://krebsonsecurity.com/2014/09/shellshock-bug-spells-trouble-for-web-security/\x1b\\";
    let at = ansi.find(open).expect("the Shellshock link is a hyperlink");
    let after = &ansi[at + open.len()..];
    let close = after.find("\x1b]8;;\x1b\\").unwrap();
    assert!(after[..close].contains("Shellshock"), "{}", &after[..close]);
    assert!(after[close..].contains("[2]"), "the marker stays");
    let plain = stdout(folio().args(["show", SEED, "--width", "80"]));
    assert!(!plain.contains("\x1b]8"), "no hyperlinks when piped");
    // A hostile href: nothing of it reaches an OSC 8 sequence.
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("p.json");
    std::fs::write(
        &page,
        r#"{"title": "T", "link": "https://x.example/", "content": {"rendered":
            "<p><a href=\"https://x.example/a b\">spaced</a> <a href=\"javascript:alert(1)\">js</a> <a href=\"https://x.example/ok\">ok</a></p>"}}"#,
    )
    .unwrap();
    let ansi = stdout(
        folio()
            .args(["show", "1"])
            .arg(&page)
            .args(["--color", "always"]),
    );
    let links: Vec<&str> = ansi
        .split("\x1b]8;;")
        .skip(1)
        .filter(|s| !s.starts_with('\x1b'))
        .collect();
    assert!(
        links.iter().all(|l| l.starts_with("https://x.example/")),
        "{links:?}"
    );
    assert!(!ansi.contains("\x1b]8;;javascript"), "{ansi:?}");
}

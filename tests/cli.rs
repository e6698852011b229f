//! The command line as scripts use it: `folio list`, `folio check`, exit
//! statuses, and where output goes. Runs the built binary.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn folio() -> Command {
    let mut cmd = Command::cargo_bin("folio").unwrap();
    cmd.env_remove("NO_COLOR").env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("folio-test-cache"),
    );
    cmd
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

#[test]
fn list_without_paths_shows_the_bundled_sample_data() {
    let out = folio()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Harvard-MIT-University of Toronto Cyber Norms Workshop I"));
    assert!(text.contains("Promoting international norm development in cybersecurity"));
}

#[test]
fn list_json_has_the_documented_keys() {
    let out = folio()
        .args(["list", "--json", "sample-data"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let entries = json_lines(&out);
    assert!(entries.len() >= 3);
    for e in &entries {
        for key in [
            "id", "kind", "title", "date", "author", "site", "url", "source", "words", "links",
        ] {
            assert!(e.get(key).is_some(), "missing key {key} in {e}");
        }
        let date = &e["date"];
        assert!(
            date.is_null()
                || date
                    .as_str()
                    .is_some_and(|d| d.len() >= 10 && d.as_bytes()[4] == b'-'),
            "date is ISO 8601 or null: {date}"
        );
    }
    let seed = entries
        .iter()
        .find(|e| e["id"] == "003_42b8e050b6c7d64e")
        .expect("seed 003 is listed under its file name");
    assert_eq!(
        seed["title"],
        "Promoting international norm development in cybersecurity"
    );
    assert_eq!(seed["author"], "Jochai Ben-Avie");
    assert_eq!(seed["site"], "Open Policy & Advocacy");
    assert!(seed["date"].as_str().unwrap().starts_with("2015-04-03"));
    assert_eq!(seed["kind"], "post");
    // The post's body has seven anchors (two "here" links share a URL);
    // every one is listed, in order.
    let anchors: Vec<&str> = seed["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        anchors,
        [
            "Heartbleed",
            "Shellshock",
            "carmakers being woefully unprepared",
            "exercising bad security hygiene even after previously suffering a major attack",
            "Freedom Online Coalition",
            "here",
            "here"
        ]
    );

    let workshops: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["source"]
                .as_str()
                .unwrap()
                .ends_with("000_ba010958c41cf5ce.txt")
        })
        .collect();
    assert_eq!(workshops.len(), 2);
    assert!(
        workshops
            .iter()
            .all(|e| e["kind"] == "workshop" && e["site"] == "Affiliated Workshops")
    );
}

#[test]
fn ids_are_stable_across_runs() {
    let run = || {
        folio()
            .args(["list", "--json", "sample-data"])
            .output()
            .unwrap()
            .stdout
    };
    let ids = |out: Vec<u8>| -> Vec<String> {
        json_lines(&out)
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = ids(run());
    assert_eq!(first, ids(run()));
    let unique: std::collections::HashSet<_> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "ids are unique");
}

#[test]
fn list_sorts_by_date_title_or_source() {
    let titles = |sort: &str| -> Vec<String> {
        let out = folio()
            .args(["list", "--json", "--sort", sort, "sample-data"])
            .output()
            .unwrap();
        json_lines(&out.stdout)
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    };
    // As a dictionary: letters and digits, case aside; spaces, quotation
    // marks and other punctuation ignored (the sample's titles are
    // unaccented, so this is the collation's first level).
    let by_title = titles("title");
    let letters = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for pair in by_title.windows(2) {
        assert!(letters(&pair[0]) <= letters(&pair[1]), "{pair:?}");
    }
    let responsible = by_title.iter().position(|t| t.starts_with('“')).unwrap();
    assert!(
        by_title[responsible - 1].starts_with("Reading"),
        "{by_title:?}"
    );

    let out = folio()
        .args(["list", "--json", "--sort", "date", "sample-data"])
        .output()
        .unwrap();
    let dates: Vec<String> = json_lines(&out.stdout)
        .iter()
        .filter_map(|e| e["date"].as_str().map(|d| d[..10].to_owned()))
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
}

#[test]
fn check_reports_each_file_and_succeeds_on_sample_data() {
    folio()
        .args(["check", "sample-data"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "003_42b8e050b6c7d64e.txt: WordPress REST JSON, 1 entry",
        ))
        .stdout(predicate::str::contains(
            "000_ba010958c41cf5ce.txt: plain text, 2 entries",
        ));
}

#[test]
fn a_missing_path_is_an_error_that_names_it() {
    folio()
        .args(["list", "no/such/folder"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("no/such/folder")
                .and(predicate::str::contains("no such file")),
        );
}

#[test]
fn usage_errors_exit_2() {
    folio().args(["list", "--sort", "size"]).assert().code(2);
    folio().args(["list", "--bogus"]).assert().code(2);
}

#[test]
fn help_and_version() {
    folio()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("list").and(predicate::str::contains("check")));
    folio()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("folio "));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let seed = std::fs::read("sample-data/003_42b8e050b6c7d64e.txt").unwrap();
    folio()
        .args(["list", "-"])
        .write_stdin(seed)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Promoting international norm development",
        ));
}

/// `folio list --json DIR | head -1`: the reader of the pipe leaves early,
/// and folio ends quietly with status 0, as ripgrep does.
#[test]
fn a_closed_pipe_ends_every_listing_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    // More output than a pipe holds, so that folio is still writing.
    for i in 0..400 {
        let text = format!("# Note {i}\n\n{}\n", "Some words about norms. ".repeat(20));
        std::fs::write(tmp.path().join(format!("n{i:03}.md")), text).unwrap();
    }
    for args in [
        &["list", "--json"][..],
        &["list"],
        &["search", "--json", "norms"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .arg(tmp.path())
            .arg("--cache-dir")
            .arg(tmp.path().join(".cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        // The read end is closed here.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// `show`, `links` and `search` say in one line that other files could not
/// be read; `list` and `check` name each.
#[test]
fn unrelated_problems_are_one_line_where_an_entry_is_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("good.md"), "# Good\n\nA walrus on the ice.\n").unwrap();
    std::fs::write(dir.join("bad1.json"), "{\"title\": ").unwrap();
    std::fs::write(dir.join("bad2.json"), "[{\"id\": 1,").unwrap();
    let run = |args: &[&str]| {
        let out = folio()
            .args(args)
            .arg(dir)
            .arg("--no-cache")
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let summary = "folio: 2 files could not be read; `folio check` shows why\n";
    assert_eq!(run(&["show", "good"]), summary);
    assert_eq!(run(&["links", "good"]), summary);
    assert_eq!(run(&["search", "walrus"]), summary);
    let listed = run(&["list"]);
    assert!(
        listed.contains("bad1.json") && listed.contains("bad2.json"),
        "{listed}"
    );
}

/// `folio completions SHELL` and `folio man` print what shells and man
/// read; `--help` lists the reader's keys, `-h` points to them.
#[test]
fn completions_man_page_and_the_readers_keys_in_help() {
    for (shell, marker) in [
        ("bash", "complete -F _folio"),
        ("zsh", "#compdef folio"),
        ("fish", "complete -c folio"),
        ("elvish", "edit:completion:arg-completer[folio]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = folio().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("search"), "{shell} completes subcommands");
    }
    let man = folio().arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH folio 1"),
        "{man}"
    );
    assert!(man.contains("Reader keys"));
    let long = folio().arg("--help").output().unwrap();
    let long = String::from_utf8(long.stdout).unwrap();
    assert!(long.contains("Reader keys"), "{long}");
    assert!(long.contains("mark every entry in the list read"), "{long}");
    let short = folio().arg("-h").output().unwrap();
    let short = String::from_utf8(short.stdout).unwrap();
    assert!(short.contains("press ? for its keys"), "{short}");
    folio().args(["completions", "tcsh"]).assert().code(2);
}

//! A folder of bad files never stops a load: each becomes a diagnostic that
//! names the file and the reason, and the good files are still read.

use std::path::Path;

use assert_cmd::Command;

fn folio() -> Command {
    let mut cmd = Command::cargo_bin("folio").unwrap();
    cmd.env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("folio-test-cache"),
    );
    cmd
}

/// Writes the bad-files folder of the core issue, plus one good file.
fn bad_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    std::fs::write(p("empty.json"), "").unwrap();
    std::fs::write(
        p("truncated.json"),
        "{\"id\": 1,\n \"title\": {\"rendered\": \"Cut",
    )
    .unwrap();
    std::fs::write(
        p("image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06",
    )
    .unwrap();
    std::fs::write(
        p("latin1.txt"),
        b"Caf\xe9 notes\n\nR\xe9sum\xe9 of the na\xefve \xabworkshop\xbb.\n",
    )
    .unwrap();
    std::fs::write(p("deep.json"), "[".repeat(10_000) + &"]".repeat(10_000)).unwrap();
    let line = "A line of a very large plain text file, repeated to make twenty megabytes.\n";
    std::fs::write(p("huge.txt"), line.repeat(20_000_000 / line.len() + 1)).unwrap();
    std::fs::write(p("good.txt"), "A Good Page\n\nIt reads fine.\n").unwrap();
    dir
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stderr).unwrap()
}

#[test]
fn check_names_every_bad_file_and_fails() {
    let dir = bad_folder();
    let out = folio()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let has = |name: &str, reason: &str| {
        stderr
            .lines()
            .any(|l| l.contains(name) && l.contains(reason))
    };
    assert!(has("empty.json", "empty file"), "{stderr}");
    assert!(
        has("truncated.json", "invalid JSON at line 2, column"),
        "{stderr}"
    );
    assert!(has("image.png", "binary data"), "{stderr}");
    assert!(has("deep.json", "nested too deeply"), "{stderr}");
    assert!(has("latin1.txt", "windows-1252"), "{stderr}");
    assert!(stdout.contains("good.txt: plain text, 1 entry"), "{stdout}");
    assert!(stdout.contains("huge.txt: plain text, 1 entry"), "{stdout}");
    assert!(
        stdout.contains("latin1.txt: plain text, 1 entry"),
        "{stdout}"
    );
}

#[test]
fn list_reads_the_good_files_and_exits_0() {
    let dir = bad_folder();
    let out = folio()
        .arg("list")
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("A Good Page"));
    assert!(
        stdout.contains("Café notes"),
        "Latin-1 is decoded: {stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("truncated.json"),
        "errors are reported on stderr: {stderr}"
    );
}

#[test]
fn hostile_titles_reach_stdout_without_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "Evil \x1b]52;c;SGk=\x07title\x1b[2J \u{202e}reversed\n\nBody \x1b]8;;http://x\x07link\n",
    )
    .unwrap();
    let out = folio().arg("list").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let bad = out.stdout.iter().any(|&b| b == 0x1b || b == 0x07);
    assert!(!bad, "{:?}", String::from_utf8_lossy(&out.stdout));
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{202e}'));
}

#[test]
fn symlink_loops_and_hidden_folders_are_safe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(dir.path().join("page.txt"), "Page\n\nText.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let stdout = String::from_utf8(
        folio()
            .arg("list")
            .arg(dir.path())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let _ = stderr_of(folio().arg("check").arg(dir.path()));
    assert!(Path::new(dir.path()).exists());
}

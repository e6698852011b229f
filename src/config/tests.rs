//! The configuration file: the printed default reads back as the
//! defaults, settings apply, and every kind of mistake is reported with
//! its line and key while the rest still applies.

use ratatui::style::{Color, Modifier, Style};

use super::*;
use crate::app::Command;
use crate::app::keymap::{KeyChord, Keymap, Scope};
use crate::app::settings::DateFormat;
use crate::corpus::Sort;

fn chord(s: &str) -> KeyChord {
    KeyChord::parse(s).unwrap()
}

/// Every command's keys, in order, with their scopes.
fn keys(km: &Keymap) -> Vec<(Command, Vec<(Scope, KeyChord)>)> {
    Command::ALL
        .into_iter()
        .map(|c| {
            let keys = km
                .bindings()
                .iter()
                .filter(|b| b.command == c)
                .map(|b| (b.scope, b.chord))
                .collect();
            (c, keys)
        })
        .collect()
}

fn ok(text: &str) -> Config {
    let (config, problems) = parse(text);
    assert!(problems.is_empty(), "{problems:?}");
    config
}

/// The one problem `text` has.
fn problem(text: &str) -> Problem {
    let (_, problems) = parse(text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn the_printed_default_reads_back_as_the_defaults() {
    let text = default_file();
    let config = ok(&text);
    let defaults = Config::defaults();
    assert_eq!(
        keys(&config.settings.keymap),
        keys(&defaults.settings.keymap)
    );
    assert_eq!(config.settings.sort, defaults.settings.sort);
    assert_eq!(config.settings.list_width, defaults.settings.list_width);
    assert_eq!(config.settings.date_format, defaults.settings.date_format);
    assert_eq!(config.mouse, defaults.mouse);
    assert_eq!(config.color, defaults.color);
    assert_eq!(config.browser, defaults.browser);
    assert_eq!(config.browser_in_terminal, defaults.browser_in_terminal);
    let with_colors = Config {
        color: ColorMode::Always,
        ..config.clone()
    };
    assert_eq!(with_colors.theme(), crate::ui::Theme::new(true));
    // Every action and every colour element is in it, with its description.
    for c in Command::ALL {
        assert!(text.contains(&format!("\n{} = [", c.name())), "{c:?}");
        assert!(text.contains(c.describe()), "{c:?}");
    }
    for (name, what) in crate::ui::Theme::ELEMENTS {
        assert!(
            text.contains(&format!("\n{name} = {{")) && text.contains(what),
            "{name}"
        );
    }
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 10);
}

#[test]
fn settings_apply() {
    let c = ok(r##"
[reader]
color = "never"
mouse = false
hyperlinks = false
sort = "title"
list-width = 50
text-width = 72
date-format = "%d %b %Y"

[browser]
command = "firefox --new-tab %u"
in-terminal = true

[keys]
quit = ["x", "ctrl-q"]
toggle-read = ["list:m", "body:M"]
help = []

[colors]
border = "magenta"
selected-row = { fg = "#102030", bg = "7", bold = true }
"##);
    assert_eq!(c.color, ColorMode::Never);
    assert!(!c.mouse);
    assert!(!c.settings.hyperlinks);
    assert_eq!(c.settings.sort, Sort::Title);
    assert_eq!(c.settings.list_width, Some(50));
    assert_eq!(c.settings.text_width, 72);
    assert_eq!(c.settings.date_format, DateFormat::new("%d %b %Y").unwrap());
    assert_eq!(c.browser.as_deref(), Some("firefox --new-tab %u"));
    assert!(c.browser().foreground());
    let km = &c.settings.keymap;
    assert_eq!(km.lookup(chord("x"), Scope::List), Some(Command::Quit));
    assert_eq!(km.lookup(chord("ctrl-q"), Scope::Body), Some(Command::Quit));
    assert_eq!(km.lookup(chord("q"), Scope::List), None);
    assert_eq!(
        km.lookup(chord("m"), Scope::List),
        Some(Command::ToggleRead)
    );
    assert_eq!(km.lookup(chord("m"), Scope::Body), None);
    assert_eq!(
        km.lookup(chord("M"), Scope::Body),
        Some(Command::ToggleRead)
    );
    assert_eq!(km.lookup(chord("r"), Scope::List), None);
    assert!(km.keys_for(Command::Help).is_empty());
    assert_eq!(
        c.colors,
        [
            ("border".to_owned(), Style::new().fg(Color::Magenta)),
            (
                "selected-row".to_owned(),
                Style::new()
                    .fg(Color::Rgb(0x10, 0x20, 0x30))
                    .bg(Color::Indexed(7))
                    .add_modifier(Modifier::BOLD)
            ),
        ]
    );
    // colour "never" leaves them aside
    assert_eq!(c.theme(), crate::ui::Theme::new(false));
    let on = Config {
        color: ColorMode::Always,
        ..c
    };
    assert_eq!(on.theme().border, Style::new().fg(Color::Magenta));
}

#[test]
fn a_key_taken_from_another_action_moves() {
    let c = ok("[keys]\ntoggle-star = [\"s\"]\n");
    let km = &c.settings.keymap;
    assert_eq!(
        km.lookup(chord("s"), Scope::List),
        Some(Command::ToggleStar)
    );
    assert!(km.keys_for(Command::CycleSort).is_empty());
}

#[test]
fn bad_toml_names_the_line_and_the_rest_applies() {
    let (c, problems) =
        parse("[reader]\nmouse = false\nsort = \"title\n\n[keys]\nquit = [\"x\"]\n");
    assert!(!problems.is_empty());
    assert_eq!(problems[0].line, Some(3), "{problems:?}");
    assert!(
        problems[0].message.starts_with("not valid TOML"),
        "{problems:?}"
    );
    assert!(!c.mouse);
    assert_eq!(
        c.settings.keymap.lookup(chord("x"), Scope::List),
        Some(Command::Quit)
    );
    let (_, problems) = parse("[reader\nmouse = true\n");
    assert_eq!(problems[0].line, Some(1));
    assert!(problems[0].message.contains("expected `]`"), "{problems:?}");
}

#[test]
fn unknown_sections_settings_and_actions() {
    let p = problem("\n\n[colour-scheme]\nx = 1\n");
    assert_eq!((p.line, p.key.as_str()), (Some(3), "colour-scheme"));
    assert!(
        p.message.contains("[reader], [browser], [keys], [colors]"),
        "{p}"
    );

    let p = problem("[reader]\nmosue = false\n");
    assert_eq!((p.line, p.key.as_str()), (Some(2), "reader.mosue"));
    assert!(
        p.message
            .contains("color, mouse, hyperlinks, sort, list-width, text-width, date-format"),
        "{p}"
    );

    let p = problem("[browser]\nprogram = \"w3m\"\n");
    assert_eq!(p.key, "browser.program");
    assert!(p.message.contains("command, in-terminal"), "{p}");

    let p = problem("[keys]\nquit = [\"q\"]\njump = [\"J\"]\n");
    assert_eq!((p.line, p.key.as_str()), (Some(3), "keys.jump"));
    assert!(
        p.message.contains("unknown action") && p.message.contains("toggle-read"),
        "{p}"
    );

    let p = problem("[colors]\nbackground = \"red\"\n");
    assert_eq!(p.key, "colors.background");
    assert!(p.message.contains("border-focused"), "{p}");

    let p = problem("[colors]\ntitle = { fg = \"red\", blink = true }\n");
    assert_eq!(p.key, "colors.title.blink");
    assert!(p.message.contains("fg, bg, bold"), "{p}");
}

#[test]
fn bad_key_names_keep_the_action_s_default_keys() {
    let (c, problems) = parse("[keys]\nquit = [\"x\", \"hyper-q\"]\nhelp = [\"ctrl-c\"]\n");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        (problems[0].line, problems[0].key.as_str()),
        (Some(2), "keys.quit")
    );
    assert!(
        problems[0].message.contains("unknown key \"hyper-q\""),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].message.contains("ctrl-"),
        "lists what is allowed"
    );
    assert!(
        problems[1].message.contains("ctrl-c always quits"),
        "{}",
        problems[1]
    );
    let km = &c.settings.keymap;
    assert_eq!(km.keys_for(Command::Quit), ["q"]);
    assert_eq!(km.lookup(chord("x"), Scope::List), None);
    assert_eq!(km.keys_for(Command::Help), ["?", "f1"]);
}

#[test]
fn one_key_for_two_actions_is_reported() {
    let (c, problems) = parse("[keys]\nquit = [\"x\"]\nhelp = [\"x\"]\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key, "keys.help");
    assert!(
        problems[0].message.contains("already bound to quit"),
        "{}",
        problems[0]
    );
    let km = &c.settings.keymap;
    assert_eq!(km.lookup(chord("x"), Scope::List), Some(Command::Quit));
    assert_eq!(km.keys_for(Command::Help), ["?", "f1"]);
    // in different panes they do not clash
    ok("[keys]\nquit = [\"list:x\"]\nhelp = [\"body:x\"]\n");
}

#[test]
fn wrong_types_say_what_is_expected() {
    let cases = [
        (
            "[reader]\nmouse = \"yes\"\n",
            "reader.mouse",
            "must be true or false, not a string",
        ),
        (
            "[reader]\nlist-width = \"wide\"\n",
            "reader.list-width",
            "must be 0 (automatic)",
        ),
        (
            "[reader]\nsort = 3\n",
            "reader.sort",
            "\"date\", \"title\", \"source\"",
        ),
        (
            "[browser]\nin-terminal = 1\n",
            "browser.in-terminal",
            "not an integer",
        ),
        ("[keys]\nquit = \"x\"\n", "keys.quit", "a list of keys"),
        ("[keys]\nquit = [1]\n", "keys.quit", "not an integer"),
        ("[colors]\nborder = 12\n", "colors.border", "a colour"),
        ("reader = 5\n", "reader", "a table ([reader])"),
    ];
    for (text, key, words) in cases {
        let p = problem(text);
        assert_eq!(p.key, key, "{text}");
        assert!(p.message.contains(words), "{text}: {p}");
        assert!(p.line.is_some(), "{text}");
    }
}

#[test]
fn bad_values_say_what_is_allowed_and_keep_the_default() {
    let cases = [
        (
            "[reader]\ncolor = \"sometimes\"\n",
            "\"auto\", \"always\", \"never\"",
        ),
        (
            "[reader]\nsort = \"size\"\n",
            "\"date\", \"title\", \"source\"",
        ),
        ("[reader]\nlist-width = 5\n", "from 24 to 500"),
        (
            "[reader]\ntext-width = 8\n",
            "0 (the pane's width) or a number of columns from 20",
        ),
        ("[reader]\ntext-width = \"wide\"\n", "not a string"),
        ("[reader]\ndate-format = \"%H:%M\"\n", "day fields"),
        ("[reader]\ndate-format = \"%Q\"\n", "cannot format"),
        (
            "[browser]\ncommand = \"firefox 'unclosed\"\n",
            "unclosed quote",
        ),
        ("[colors]\nborder = \"purple-ish\"\n", "#rrggbb"),
        ("[colors]\ndim = { fg = \"#12\" }\n", "is not a colour"),
    ];
    for (text, words) in cases {
        let (c, problems) = parse(text);
        assert_eq!(problems.len(), 1, "{text}: {problems:?}");
        assert!(
            problems[0].message.contains(words),
            "{text}: {}",
            problems[0]
        );
        assert_eq!(c.settings.sort, Sort::Date);
        assert_eq!(c.settings.list_width, None);
        assert_eq!(c.settings.text_width, 100);
        assert_eq!(c.settings.date_format, DateFormat::default());
        assert!(c.colors.is_empty() && c.browser.is_none());
    }
}

#[test]
fn loading_names_the_file_and_a_missing_default_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[reader]\nmouse = 3\n").unwrap();
    let loaded = load(Some(&path));
    assert_eq!(loaded.problems.len(), 1);
    let shown = path.display().to_string();
    assert!(
        loaded.problems[0].starts_with(&format!("{shown} line 2: reader.mouse: must be")),
        "{}",
        loaded.problems[0]
    );
    assert!(loaded.config.mouse);

    let missing = dir.path().join("none.toml");
    let loaded = load(Some(&missing));
    assert!(
        loaded.problems[0].contains("no such file"),
        "{:?}",
        loaded.problems
    );

    std::fs::write(&path, b"[reader]\nsort = \"\xff\"\n").unwrap();
    let loaded = load(Some(&path));
    assert!(loaded.problems[0].contains("line 2") && loaded.problems[0].contains("UTF-8"));

    assert_eq!(summary(&[]), None);
    let one = summary(&["a problem".into()]).unwrap();
    assert!(one.contains("default used"));
    let two = summary(&["a".into(), "b".into()]).unwrap();
    assert!(two.contains("1 more") && two.contains("press !"));
}

//! `folio config --default`: a complete, commented configuration file,
//! generated from the defaults themselves (the keymap's table, the theme,
//! [`Settings::default`]) so it always says what folio does without a file.

use std::fmt::Write;

use super::ColorMode;
use super::color::{self, style_toml};
use super::parse::{MAX_LIST_WIDTH, MIN_LIST_WIDTH, MIN_TEXT_WIDTH};
use crate::app::Command;
use crate::app::keymap::{Keymap, Scope};
use crate::app::settings::Settings;
use crate::corpus::Sort;
use crate::ui::Theme;

/// The default configuration as a TOML file with comments.
pub fn default_file() -> String {
    let settings = Settings::default();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# folio configuration: the defaults. Copy this to the file `folio config --path`\n\
         # prints, keep what you want to change, and delete the rest. Mistakes never stop\n\
         # folio: it names the line, uses the default for that setting, and says so.\n"
    );
    let _ = writeln!(
        w,
        "[reader]\n\
         # Colours: \"auto\" (unless NO_COLOR is set), \"always\" or \"never\".\n\
         color = \"{}\"\n\
         # The mouse: the wheel scrolls the pane under the pointer, a click selects\n\
         # (a second click opens).\n\
         mouse = true\n\
         # Links in the body are terminal hyperlinks (OSC 8: ctrl- or cmd-click opens them\n\
         # in terminals that know them; others show the text as it is). Never sent\n\
         # when TERM is linux or dumb.\n\
         hyperlinks = true\n\
         # The list's order at start ({}); `s` changes it.\n\
         sort = \"{}\"\n\
         # The list pane's width in columns beside the body, {MIN_LIST_WIDTH} to {MAX_LIST_WIDTH};\n\
         # 0 lets folio choose (two fifths of the screen, or what the text leaves).\n\
         list-width = {}\n\
         # The widest lines of text in the body, in columns ({MIN_TEXT_WIDTH} to {MAX_LIST_WIDTH}), so\n\
         # that lines on a wide terminal stay readable; 0 fills the pane. Beside a\n\
         # narrower text, the list gets the room the text does not use.\n\
         text-width = {}\n\
         # Dates in the list, as a strftime format (%Y %m %d %e %b %B %a %A %y %j).\n\
         date-format = \"{}\"\n",
        ColorMode::Auto.name(),
        Sort::ALL.map(Sort::name).join(", "),
        settings.sort.name(),
        settings.list_width.unwrap_or(0),
        settings.text_width,
        escape(settings.date_format.as_str()),
    );
    let _ = writeln!(
        w,
        "[browser]\n\
         # The command that opens outside links, run without a shell; %u stands for the\n\
         # URL (else it is added at the end). \"\" uses $BROWSER, else the system's opener.\n\
         command = \"\"\n\
         # Run it on the terminal, with folio suspended meanwhile. Text browsers named in\n\
         # the command or $BROWSER (w3m, lynx, elinks, links...) always run there.\n\
         in-terminal = false\n"
    );
    let _ = writeln!(
        w,
        "[keys]\n\
         # action = [keys]. A key is a character (\"j\", \"G\", \"?\") or a name: enter, esc,\n\
         # tab, backspace, space, up, down, left, right, home, end, pgup, pgdn, delete,\n\
         # insert, f1-f24; with ctrl-, alt- or shift- before it (\"ctrl-d\", \"shift-tab\").\n\
         # \"list:x\" or \"body:x\" binds x only in that pane. [] unbinds the action.\n\
         # ctrl-c always quits. In the body, digits type a link number."
    );
    let keymap = Keymap::default();
    for command in Command::ALL {
        let keys: Vec<String> = keymap
            .bindings()
            .iter()
            .filter(|b| b.command == command)
            .map(|b| {
                let scope = match b.scope {
                    Scope::Anywhere => String::new(),
                    s => format!("{}:", s.name()),
                };
                format!("\"{}\"", escape(&format!("{scope}{}", b.chord)))
            })
            .collect();
        let _ = writeln!(
            w,
            "{} = [{}]  # {}",
            command.name(),
            keys.join(", "),
            command.describe()
        );
    }
    let _ = writeln!(
        w,
        "\n[colors]\n\
         # element = \"colour\" (the text's colour), or a table of fg, bg and bold, dim,\n\
         # italic, underlined, reversed. Colours: {}.\n\
         # A style given here replaces the default one. Without colour (NO_COLOR,\n\
         # color = \"never\") folio uses bold, underline and reverse, and ignores this section.",
        color::ALLOWED.replace(", \"#rrggbb\"", ",\n# \"#rrggbb\"")
    );
    let theme = Theme::new(true);
    for (name, what) in Theme::ELEMENTS {
        let style = theme.style(name).unwrap_or_default();
        let _ = writeln!(w, "{name} = {}  # {what}", style_toml(style));
    }
    out
}

/// Escapes a TOML basic string's content.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

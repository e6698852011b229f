//! The keymap: one table of bindings that drives dispatch, the help
//! overlay and the status-bar hints. There is no other list of keys.
//!
//! A binding maps a key chord, in a scope (anywhere, the list, the body),
//! to a [`Command`]. Scope-specific bindings win over `Anywhere` ones.
//! Text prompts (search, find) take printable keys before the keymap does.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;

/// A key with its modifiers, as written in the help and the config file:
/// `j`, `G`, `ctrl-d`, `alt-left`, `shift-tab`, `pgdn`, `space`, `?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyChord {
    /// The chord of a key event. Shift is folded into the character for
    /// printable keys (`G`, `?`), as terminals report them either way.
    pub fn from_event(key: &KeyEvent) -> KeyChord {
        let mut mods =
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match key.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyChord { code, mods }
    }

    /// Parses `ctrl-d`, `alt-left`, `G`, `space`, `pgdn`, `f5`, `-`.
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                let n: u8 = f[1..].parse().unwrap_or(1);
                if !(1..=24).contains(&n) {
                    return Err(format!("unknown key \"{s}\": function keys are f1 to f24"));
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        if mods.contains(KeyModifiers::SHIFT) && c.is_alphabetic() {
                            mods.remove(KeyModifiers::SHIFT);
                            KeyCode::Char(c.to_ascii_uppercase())
                        } else {
                            KeyCode::Char(c)
                        }
                    }
                    _ => {
                        return Err(format!(
                            "unknown key \"{s}\": use a character, or enter, esc, tab, backspace, \
                             space, up, down, left, right, home, end, pgup, pgdn, delete, insert, \
                             f1–f24, with ctrl-, alt- or shift- before it"
                        ));
                    }
                }
            }
        };
        Ok(KeyChord { code, mods })
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Anywhere,
    List,
    Body,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::List => "list",
            Scope::Body => "body",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub chord: KeyChord,
    pub scope: Scope,
    pub command: Command,
}

/// The default bindings: conventions from less, vim and newsboat.
const DEFAULTS: &[(Scope, &[&str], Command)] = &[
    (Scope::Anywhere, &["j", "down"], Command::Down),
    (Scope::Anywhere, &["k", "up"], Command::Up),
    (Scope::Anywhere, &["g", "home"], Command::Top),
    (Scope::Anywhere, &["G", "end"], Command::Bottom),
    (Scope::Anywhere, &["pgdn", "space"], Command::PageDown),
    (Scope::Anywhere, &["pgup", "b"], Command::PageUp),
    (Scope::Anywhere, &["ctrl-d"], Command::HalfPageDown),
    (Scope::Anywhere, &["ctrl-u"], Command::HalfPageUp),
    (Scope::Anywhere, &["enter"], Command::Open),
    (Scope::List, &["l", "right"], Command::Open),
    (Scope::Anywhere, &["esc"], Command::Close),
    (Scope::Body, &["h", "left"], Command::Left),
    (Scope::Anywhere, &["tab"], Command::FocusNext),
    (Scope::Anywhere, &["shift-tab"], Command::FocusPrev),
    (Scope::Anywhere, &["]"], Command::NextLink),
    (Scope::Anywhere, &["["], Command::PrevLink),
    (Scope::Anywhere, &["L"], Command::LinkList),
    (Scope::Anywhere, &["o"], Command::OpenInBrowser),
    (Scope::Anywhere, &["y"], Command::CopyUrl),
    (
        Scope::Anywhere,
        &["backspace", "alt-left"],
        Command::HistoryBack,
    ),
    (
        Scope::Anywhere,
        &["alt-right", "F"],
        Command::HistoryForward,
    ),
    (Scope::Anywhere, &["/"], Command::Search),
    (Scope::Anywhere, &["n"], Command::NextMatch),
    (Scope::Anywhere, &["N"], Command::PrevMatch),
    (Scope::Anywhere, &["s"], Command::CycleSort),
    (Scope::Anywhere, &["r"], Command::ToggleRead),
    (Scope::Anywhere, &["*"], Command::ToggleStar),
    (Scope::Anywhere, &["A"], Command::MarkAllRead),
    (Scope::Anywhere, &["u"], Command::ToggleUnreadOnly),
    (Scope::Anywhere, &["S"], Command::ToggleStarredOnly),
    (Scope::Anywhere, &["="], Command::WideList),
    (Scope::Anywhere, &["!"], Command::Diagnostics),
    (Scope::Anywhere, &["R"], Command::Sync),
    (Scope::Anywhere, &["?", "f1"], Command::Help),
    (Scope::Anywhere, &["J"], Command::NextEntry),
    (Scope::Anywhere, &["K"], Command::PrevEntry),
    (Scope::Anywhere, &["q"], Command::Quit),
    (Scope::Anywhere, &["Q"], Command::QuitAll),
];

/// The bindings in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .flat_map(|(scope, keys, command)| {
                keys.iter().map(move |k| Binding {
                    chord: KeyChord::parse(k).expect("default keys parse"),
                    scope: *scope,
                    command: *command,
                })
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Replaces the keys of `command` (in every scope) with `chords`, in `scope`.
    pub fn rebind(&mut self, command: Command, scope: Scope, chords: &[KeyChord]) {
        let keys: Vec<(Scope, KeyChord)> = chords.iter().map(|&c| (scope, c)).collect();
        self.set(command, &keys);
    }

    /// Replaces every key of `command` with `keys` (each in its scope;
    /// none unbinds it). A key another command had in the same scope
    /// moves to `command`.
    pub fn set(&mut self, command: Command, keys: &[(Scope, KeyChord)]) {
        self.bindings.retain(|b| {
            b.command != command && !keys.iter().any(|&(s, c)| s == b.scope && c == b.chord)
        });
        self.bindings
            .extend(keys.iter().map(|&(scope, chord)| Binding {
                chord,
                scope,
                command,
            }));
    }

    /// The command for a key in a scope: the scope's own binding first,
    /// then an `Anywhere` one. (Ctrl-c is not in the keymap: it always
    /// quits, see `input`.)
    pub fn lookup(&self, chord: KeyChord, scope: Scope) -> Option<Command> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.chord == chord)
                .map(|b| b.command)
        };
        find(scope).or_else(|| find(Scope::Anywhere))
    }

    /// The keys bound to `command`, in table order (`j/down`).
    pub fn keys_for(&self, command: Command) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.command == command)
            .map(|b| b.chord.to_string())
            .collect()
    }

    /// The help overlay's last line, after a blank one.
    pub const HELP_FOOTER: &str =
        "ctrl-c always quits. In the body, type a link number then enter to select it.";

    /// Lines of the help overlay: its rows, a blank line and the footer.
    pub fn help_len(&self) -> usize {
        self.help_rows().len() + 2
    }

    /// Rows for the help overlay: keys, scope note, description.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Command::ALL
            .into_iter()
            .filter_map(|c| {
                let keys = self.keys_for(c);
                (!keys.is_empty()).then(|| (keys.join(" "), c.describe()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn chords_parse_and_print_the_same() {
        for s in [
            "j",
            "G",
            "ctrl-d",
            "alt-left",
            "shift-tab",
            "space",
            "pgdn",
            "f5",
            "?",
            "]",
        ] {
            assert_eq!(chord(s).to_string(), s);
        }
        assert_eq!(chord("shift-g"), chord("G"));
        assert!(KeyChord::parse("hyper-x").is_err());
        assert!(KeyChord::parse("f99").is_err());
    }

    #[test]
    fn events_with_shift_match_printable_chords() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ev), chord("G"));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ev), chord("shift-tab"));
    }

    #[test]
    fn scope_bindings_win_over_anywhere() {
        let km = Keymap::default();
        assert_eq!(km.lookup(chord("h"), Scope::Body), Some(Command::Left));
        assert_eq!(km.lookup(chord("h"), Scope::List), None);
        assert_eq!(km.lookup(chord("l"), Scope::List), Some(Command::Open));
        assert_eq!(km.lookup(chord("j"), Scope::Body), Some(Command::Down));
    }

    #[test]
    fn every_command_has_a_default_key_and_help() {
        let km = Keymap::default();
        for c in Command::ALL {
            assert!(!km.keys_for(c).is_empty(), "{c:?} has no key");
        }
        assert_eq!(km.help_rows().len(), Command::ALL.len());
    }

    #[test]
    fn rebinding_moves_a_command_to_new_keys() {
        let mut km = Keymap::default();
        km.rebind(Command::Quit, Scope::Anywhere, &[chord("x")]);
        assert_eq!(km.lookup(chord("x"), Scope::List), Some(Command::Quit));
        assert_eq!(km.lookup(chord("q"), Scope::List), None);
        assert_eq!(km.keys_for(Command::Quit), ["x"]);
    }

    #[test]
    fn command_names_round_trip() {
        for c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(c));
        }
    }
}

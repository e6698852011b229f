//! Terminal events → actions: keys through the keymap (or into the open
//! prompt), mouse wheel and clicks, resizes.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::{Action, Command, Point};
use super::keymap::KeyChord;
use super::state::{Focus, Overlay, State};

/// The action for a terminal event, if any.
pub fn action_for(event: &Event, s: &State) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(key, s),
        Event::Mouse(m) => mouse_action(m),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn key_action(key: &KeyEvent, s: &State) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::ForceQuit);
    }
    if s.prompt.is_some() {
        return Some(match key.code {
            KeyCode::Enter => Action::Command(Command::Open),
            KeyCode::Esc => Action::Command(Command::Close),
            KeyCode::Backspace => Action::Backspace,
            KeyCode::Down => Action::Command(Command::Down),
            KeyCode::Up => Action::Command(Command::Up),
            KeyCode::Char('u') if ctrl => Action::ClearPrompt,
            KeyCode::Char(c) if !ctrl && !c.is_control() => Action::Char(c),
            _ => return None,
        });
    }
    let plain_char = match key.code {
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => Some(c),
        _ => None,
    };
    // Digits pick links: in the body, and in the link list.
    if let Some(c) = plain_char.filter(char::is_ascii_digit) {
        let picking = matches!(s.overlay, Some(Overlay::Links { .. }))
            || (s.overlay.is_none() && s.focus == Focus::Body && s.reading.is_some());
        if picking {
            return Some(Action::Char(c));
        }
    }
    s.keymap
        .lookup(KeyChord::from_event(key), s.scope())
        .map(Action::Command)
}

fn mouse_action(m: &MouseEvent) -> Option<Action> {
    let p = Point {
        column: m.column,
        row: m.row,
    };
    match m.kind {
        MouseEventKind::ScrollUp => Some(Action::ScrollUp(p)),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown(p)),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(p)),
        _ => None,
    }
}

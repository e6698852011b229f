//! Where each pane goes for a terminal size. Pure geometry, shared by
//! drawing (`ui`) and by `update` (page sizes, wrap width, mouse hits), so
//! the two never disagree.

use ratatui::layout::Rect;

/// Below this the reader shows "terminal too small".
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// From this width on, list and body are side by side.
pub const TWO_PANES_FROM: u16 = 80;

/// The panes of one frame. A pane not shown is an empty rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Rect,
    pub body: Rect,
    pub status: Rect,
    pub too_small: bool,
}

impl Areas {
    /// The body pane's text area (inside its border).
    pub fn body_inner(&self) -> Rect {
        inner(self.body)
    }

    /// The list pane's rows (inside its border).
    pub fn list_inner(&self) -> Rect {
        inner(self.list)
    }
}

fn inner(r: Rect) -> Rect {
    if r.width < 2 || r.height < 2 {
        return Rect::new(r.x, r.y, 0, 0);
    }
    Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
}

/// What the user chose about the panes (configuration and `=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    /// Columns of the list beside the body; `None` chooses.
    pub list_width: Option<u16>,
    /// The widest lines of the body; 0: the pane's width.
    pub text_width: u16,
    /// The list alone, full width (`=`), as on a narrow terminal.
    pub wide_list: bool,
}

impl Default for Panes {
    fn default() -> Self {
        Panes {
            list_width: None,
            text_width: super::settings::Settings::TEXT_WIDTH,
            wide_list: false,
        }
    }
}

/// Lays out a `width`×`height` terminal. With fewer than 80 columns, or
/// the wide list on, only one pane shows: the body when `body_focused`,
/// else the list. Beside the body, the list takes two fifths of the width,
/// or the room a narrower text leaves, whichever is more.
pub fn areas(width: u16, height: u16, body_focused: bool, panes: Panes) -> Areas {
    let full = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            status: full,
            ..Areas::default()
        };
    }
    let main = Rect::new(0, 0, width, height - 1);
    let status = Rect::new(0, height - 1, width, 1);
    if width < TWO_PANES_FROM || panes.wide_list {
        let (list, body) = if body_focused {
            (Rect::default(), main)
        } else {
            (main, Rect::default())
        };
        return Areas {
            list,
            body,
            status,
            too_small: false,
        };
    }
    let unused_by_text = match panes.text_width {
        0 => 0,
        // the text and the body's two borders
        text => width.saturating_sub(text.saturating_add(2)),
    };
    let two_fifths = (u32::from(width) * 2 / 5) as u16;
    let wanted = panes.list_width.unwrap_or(two_fifths.max(unused_by_text));
    let list_w = wanted.clamp(24, width - 40);
    Areas {
        list: Rect::new(0, 0, list_w, main.height),
        body: Rect::new(list_w, 0, width - list_w, main.height),
        status,
        too_small: false,
    }
}

/// The width of an overlay window (help, links, problems).
pub fn overlay_width(width: u16) -> u16 {
    width.saturating_sub(4).clamp(width.min(20), 90)
}

/// An overlay window `window` columns wide and tall enough for `lines`
/// (and its border) where the screen allows, in the middle of the screen.
pub fn overlay_area(width: u16, height: u16, window: u16, lines: usize) -> Rect {
    let room = height.saturating_sub(2).max(3).min(height);
    let h = u16::try_from(lines + 2)
        .unwrap_or(u16::MAX)
        .clamp(3.min(room), room);
    Rect::new(
        width.saturating_sub(window) / 2,
        (height - h) / 2,
        window,
        h,
    )
}

/// The furthest a text of `lines` scrolls in an overlay window on a
/// `width`×`height` terminal: its last page.
pub fn overlay_max_scroll(width: u16, height: u16, lines: usize) -> usize {
    let area = overlay_area(width, height, overlay_width(width), lines);
    lines.saturating_sub(usize::from(area.height.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let a = areas(120, 40, false, Panes::default());
        assert!(!a.too_small);
        assert_eq!(a.list.width + a.body.width, 120);
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.body_inner().height, 37);
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let a = areas(60, 20, false, Panes::default());
        assert_eq!(a.list.width, 60);
        assert_eq!(a.body, Rect::default());
        let a = areas(60, 20, true, Panes::default());
        assert_eq!(a.body.width, 60);
        assert_eq!(a.list, Rect::default());
    }

    #[test]
    fn beside_a_narrower_text_the_list_takes_the_room_left() {
        let text = |text_width| Panes {
            text_width,
            ..Panes::default()
        };
        // 200 columns, text at 100: the body needs 102, the list gets 98.
        assert_eq!(areas(200, 40, false, text(100)).list.width, 98);
        assert_eq!(areas(200, 40, false, text(100)).body_inner().width, 100);
        // The text fills the pane: two fifths.
        assert_eq!(areas(200, 40, false, text(0)).list.width, 80);
        // Where two fifths leave more than the text needs, two fifths.
        assert_eq!(areas(160, 40, false, text(100)).list.width, 64);
        // A chosen list width wins.
        let chosen = Panes {
            list_width: Some(50),
            ..text(100)
        };
        assert_eq!(areas(200, 40, false, chosen).list.width, 50);
    }

    #[test]
    fn the_wide_list_is_one_pane_at_any_width() {
        let wide = Panes {
            wide_list: true,
            ..Panes::default()
        };
        let a = areas(200, 40, false, wide);
        assert_eq!((a.list.width, a.body.width), (200, 0));
        let a = areas(200, 40, true, wide);
        assert_eq!((a.list.width, a.body.width), (0, 200));
    }

    #[test]
    fn the_smallest_usable_size_and_below() {
        let a = areas(20, 6, true, Panes::default());
        assert!(!a.too_small);
        assert_eq!(a.body_inner(), Rect::new(1, 1, 18, 3));
        assert!(areas(19, 6, false, Panes::default()).too_small);
        assert!(areas(20, 5, false, Panes::default()).too_small);
        assert!(areas(0, 0, false, Panes::default()).too_small);
    }
}

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

/// Lays out a `width`×`height` terminal. With fewer than 80 columns only
/// one pane shows: the body when `body_focused`, else the list.
pub fn areas(width: u16, height: u16, body_focused: bool, list_width: Option<u16>) -> Areas {
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
    if width < TWO_PANES_FROM {
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
    let wanted = list_width.unwrap_or(width * 2 / 5);
    let list_w = wanted.clamp(24, width - 40);
    Areas {
        list: Rect::new(0, 0, list_w, main.height),
        body: Rect::new(list_w, 0, width - list_w, main.height),
        status,
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let a = areas(120, 40, false, None);
        assert!(!a.too_small);
        assert_eq!(a.list.width + a.body.width, 120);
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.body_inner().height, 37);
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let a = areas(60, 20, false, None);
        assert_eq!(a.list.width, 60);
        assert_eq!(a.body, Rect::default());
        let a = areas(60, 20, true, None);
        assert_eq!(a.body.width, 60);
        assert_eq!(a.list, Rect::default());
    }

    #[test]
    fn the_smallest_usable_size_and_below() {
        let a = areas(20, 6, true, None);
        assert!(!a.too_small);
        assert_eq!(a.body_inner(), Rect::new(1, 1, 18, 3));
        assert!(areas(19, 6, false, None).too_small);
        assert!(areas(20, 5, false, None).too_small);
        assert!(areas(0, 0, false, None).too_small);
    }
}

//! Drawing: a pure function of the reader's state into a ratatui frame,
//! generic over the backend so tests draw into a `TestBackend`. Nothing
//! here changes state; only the visible rows and lines are turned into
//! cells, so a frame costs the same for a 100-line body and a 100,000-line one.

mod body;
mod list;
mod overlay;
mod status;
mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::State;
pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, s: &State, theme: &Theme) {
    let a = s.areas();
    if a.too_small {
        let msg = Paragraph::new("terminal too small")
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let area = frame.area();
        let y = area.height / 2;
        frame.render_widget(msg, Rect::new(0, y, area.width, area.height.min(1)));
        return;
    }
    if a.list.width > 0 {
        list::draw(frame, a.list, s, theme);
    }
    if a.body.width > 0 {
        body::draw(frame, a.body, s, theme);
    }
    status::draw(frame, a.status, s, theme);
    if let Some(o) = s.overlay {
        overlay::draw(frame, o, s, theme);
    }
}

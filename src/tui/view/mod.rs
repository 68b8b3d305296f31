//! Drawing: widgets over borrowed state. Nothing here changes the [`App`]
//! or computes anything about the model beyond what is on screen.

mod day_list;
mod messages;
mod popups;
mod stats;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::{App, Popup};

pub use popups::help_max_scroll;
pub use stats::max_scroll as stats_max_scroll;

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let r = &self.regions;
        if self.day_list_visible() {
            day_list::render(self, r.list, r.list_inner, buf);
        }
        messages::render(self, buf);
        status::render(self, r.status, r.hints, buf);
        match &self.popup {
            Some(Popup::Help { scroll }) => popups::help(self, *scroll, area, buf),
            Some(Popup::Picker(p)) => popups::picker(self, p, area, buf),
            Some(Popup::Channels(p)) => popups::channels(self, p, area, buf),
            Some(Popup::Bookmarks { cursor }) => popups::bookmarks(self, *cursor, area, buf),
            Some(Popup::Stats { scroll }) => stats::render(self, *scroll, area, buf),
            Some(Popup::Prompt(_)) | None => {}
        }
    }
}

/// Writes `text` at (x, y), clipped to `max` columns and to the buffer.
pub(crate) fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max: usize,
    style: ratatui::style::Style,
) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x >= area.right() || max == 0 {
        return x;
    }
    buf.set_stringn(x, y, text, max, style).0
}

//! Drawing: widgets over borrowed state. Nothing here changes the [`App`]
//! or computes anything about the model beyond what is on screen.

mod day_list;
mod messages;
mod popups;
mod stats;
mod status;

use ratatui::buffer::{Buffer, CellDiffOption};
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

/// Writes `text` at (x, y), clipped to `max` columns and to the buffer;
/// returns the column after it.
///
/// Like ratatui's `set_stringn`, but one [cell](crate::text::cells) at a
/// time, so that a grapheme cluster wider than two columns is drawn as
/// several cells and no cell of the screen is wider than two columns, and
/// each cell is as wide as [`crate::text::width`] measured it.
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
    let mut room = usize::from(area.right() - x).min(max);
    let mut x = x;
    for (_, cell, w) in crate::text::cells(text) {
        if w == 0 {
            continue;
        }
        if w > room {
            break;
        }
        let symbol = crate::text::cell_symbol(cell);
        // ratatui gives halfwidth sound marks a column more than terminals
        // do: tell it the width we measured.
        let forced = symbol.contains(['\u{FF9E}', '\u{FF9F}']);
        let option = match std::num::NonZeroU16::new(w as u16) {
            Some(w) if forced => CellDiffOption::ForcedWidth(w),
            _ => CellDiffOption::None,
        };
        buf[(x, y)]
            .set_symbol(symbol)
            .set_style(style)
            .set_diff_option(option);
        // The columns a wide cell covers are blank underneath it.
        for k in 1..w as u16 {
            buf[(x + k, y)].reset();
        }
        x += w as u16;
        room -= w;
    }
    x
}

//! The day list: app, channel and month headers, then one row per day with
//! its count.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::line;

use super::put;
use crate::text::{truncate, width};
use crate::tui::app::{App, Focus, ListRow};
use crate::tui::display::channel_sign;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn render(app: &App<'_>, area: Rect, inner: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let theme = &app.theme;
    let focused = app.focus == Focus::Days;
    // Title and the border on the right.
    let title = if app.filter.is_active() && app.filter.mode == crate::tui::app::FilterMode::Only {
        " Days · filtered"
    } else {
        " Days"
    };
    put(
        buf,
        area.x,
        area.y,
        title,
        usize::from(area.width.saturating_sub(1)),
        theme
            .border(focused)
            .add_modifier(ratatui::style::Modifier::BOLD),
    );
    let bx = area.right() - 1;
    for y in area.top()..area.bottom() {
        put(buf, bx, y, line::VERTICAL, 1, theme.border(focused));
    }
    let w = usize::from(inner.width);
    for (i, row) in app
        .rows
        .iter()
        .skip(app.list_scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + i as u16;
        match *row {
            ListRow::App(name) => {
                let (shown, _) = truncate(name, w);
                let x = put(buf, inner.x, y, shown, w, theme.title);
                let rest = w.saturating_sub(width(shown));
                if rest > 1 {
                    let rule = format!(" {}", line::HORIZONTAL.repeat(rest - 1));
                    put(buf, x, y, &rule, rest, theme.border(false));
                }
            }
            ListRow::Channel(c) => {
                let channel = &app.archive.channels[c as usize];
                let (name, sign) = (&channel.name, channel_sign(channel));
                let (shown, _) = truncate(name, w.saturating_sub(sign.len()));
                put(buf, inner.x, y, &format!("{sign}{shown}"), w, theme.channel);
            }
            ListRow::Month(year, month) => {
                let text = format!(
                    " {year}-{month:02} {}",
                    MONTHS[(month as usize).saturating_sub(1) % 12]
                );
                put(buf, inner.x, y, &text, w, theme.month);
            }
            ListRow::Day(d) => {
                let day = &app.archive.days[d];
                let selected = d == app.day;
                let count = if app.filter.is_active() {
                    if app.filter.counted[d] {
                        app.filter.counts[d].to_string()
                    } else {
                        "…".into()
                    }
                } else {
                    day.messages.len().to_string()
                };
                let left = format!("  {:02} {}", day.date.day(), day.date.format("%a"));
                let pad = w.saturating_sub(width(&left) + width(&count) + 1);
                let text = format!("{left}{}{count} ", " ".repeat(pad));
                let style = if selected {
                    if focused {
                        theme.selection
                    } else {
                        theme.selection_unfocused
                    }
                } else if app.filter.is_active()
                    && app.filter.counted[d]
                    && app.filter.counts[d] == 0
                {
                    theme.dim
                } else {
                    Style::new()
                };
                put(buf, inner.x, y, &text, w, style);
                if selected {
                    put(buf, inner.x, y, "▌", 1, theme.border(true));
                }
            }
        }
    }
}

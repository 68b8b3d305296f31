//! The message pane: a title line, then time, speaker and wrapped body of
//! each message in view, with gap separators and a scrollbar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

use super::put;
use crate::model::{Message, MessageKind};
use crate::present::rare;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, FilterMode, Focus};
use crate::tui::display::Part;
use crate::tui::theme::Theme;

/// The one line of a message with no text.
#[allow(clippy::single_range_in_vec_init)]
const EMPTY_LINE: &[std::ops::Range<usize>] = &[0..0];

pub fn render(app: &App<'_>, buf: &mut Buffer) {
    let r = app.regions;
    let theme = &app.theme;
    let Some(day) = app.current_day() else {
        put(
            buf,
            r.pane_inner.x + 1,
            r.pane_inner.y,
            "This archive has no days.",
            usize::from(r.pane_inner.width),
            theme.dim,
        );
        return;
    };
    // Title; the channel's app too when the channels come from several.
    let channel = &app.archive.channels[day.channel as usize];
    let channel = if app.archive.several_apps() {
        format!("{} {}", channel.app, channel.name)
    } else {
        channel.name.clone()
    };
    let mut title = format!(
        " {} {} · {} · {} · {}",
        day.date,
        day.date.format("%A"),
        channel,
        crate::present::plural(day.messages.len(), "message"),
        crate::present::plural(day.speaker_count as usize, "speaker")
    );
    if app.filter.is_active() {
        let n = app.pane.hit_count;
        title.push_str(&format!(
            " · {n} {}",
            if n == 1 { "match" } else { "matches" }
        ));
    }
    let focused = app.focus == Focus::Messages;
    let title = if width(&title) > usize::from(r.pane_title.width) && r.pane_title.width > 1 {
        let (cut, _) = truncate(&title, usize::from(r.pane_title.width) - 1);
        format!("{cut}…")
    } else {
        title
    };
    put(
        buf,
        r.pane_title.x,
        r.pane_title.y,
        &title,
        usize::from(r.pane_title.width),
        theme.title,
    );

    let inner = r.pane_inner;
    if inner.is_empty() {
        return;
    }
    if app.pane.visible.is_empty() {
        let text = if app.filter.is_active() && app.filter.mode == FilterMode::Only {
            "No matching messages on this day: ] and [ go to the days that have some."
        } else {
            "No messages on this day."
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            text,
            usize::from(inner.width.saturating_sub(1)),
            theme.dim,
        );
        return;
    }
    let pane = &app.pane;
    let highlight = app.filter.is_active() && app.filter.mode == FilterMode::Highlight;
    let time_w = app.look.time_width();
    let mut y = inner.y;
    let mut i = app.message_at_row(app.scroll);
    let mut row = pane.starts[i];
    while i < pane.visible.len() && y < inner.bottom() {
        let msg = &day.messages[pane.visible[i] as usize];
        let selected = i == app.selected;
        let emit = |row: &mut usize, y: &mut u16| -> bool {
            let show = *row >= app.scroll;
            *row += 1;
            if show {
                *y += 1;
            }
            show
        };
        if pane.gaps[i] {
            let prev = &day.messages[pane.visible[i - 1] as usize];
            if emit(&mut row, &mut y) {
                gap_row(prev, msg, inner.x, y - 1, inner.width, theme, buf);
            }
        }
        // Laid out once per day and width (see `tui::wrapped`): drawing
        // wraps nothing.
        let index = pane.visible[i] as usize;
        let Some(laid) = app.wrapped.messages.get(index) else {
            break;
        };
        let shown = &laid.shown;
        let mut lines = app.wrapped.lines_of(index);
        // A forwarded message: a row saying from whom; a reply: a row
        // quoting its parent, then its body indented.
        let above: Vec<(&str, Style)> = [
            (laid.forwarded.as_deref(), theme.forwarded),
            (laid.thread.as_deref(), theme.quote),
        ]
        .into_iter()
        .filter_map(|(t, s)| Some((t?, s)))
        .collect();
        let indent = laid.indent();
        let body_style = if msg.kind == MessageKind::System {
            theme.dim
        } else {
            theme.base
        };
        if lines.is_empty() {
            lines = EMPTY_LINE;
        }
        let day_index = pane.visible[i] as usize;
        let marked = highlight && pane.matched[day_index];
        // The rows above the top of the pane are skipped at once (a
        // message shown whole may have hundreds of thousands of lines).
        let first = above.len();
        let count = first + lines.len();
        let skip = app.scroll.saturating_sub(row).min(count);
        row += skip;
        for k in skip..count {
            let line = k.checked_sub(first).map(|l| &lines[l]);
            if y >= inner.bottom() {
                break;
            }
            if !emit(&mut row, &mut y) {
                continue;
            }
            let yy = y - 1;
            let selection = if focused {
                theme.selection
            } else {
                theme.selection_unfocused
            };
            if selected && k == 0 {
                // The whole header row of the selected message.
                buf.set_style(Rect::new(inner.x, yy, inner.width, 1), theme.selection_row);
            }
            let time_style = if selected { selection } else { theme.timestamp };
            if k == 0 {
                put(
                    buf,
                    inner.x,
                    yy,
                    &app.look.time(msg.time),
                    time_w.min(usize::from(inner.width)),
                    time_style,
                );
            } else if selected {
                put(
                    buf,
                    inner.x,
                    yy,
                    &" ".repeat(time_w),
                    time_w.min(usize::from(inner.width)),
                    time_style,
                );
            }
            // The name heads a message, and the top row when the message
            // (or its group) started above it.
            let top = yy == inner.y;
            if k == 0 && !pane.grouped[i] || top && (k > 0 || pane.grouped[i]) {
                let by_speaker = marked && app.filter.query.speakers().next().is_some();
                speaker_cell(app, msg, by_speaker, yy, buf);
            }
            if marked {
                let mx = inner.x + (time_w as u16).min(inner.width);
                put(
                    buf,
                    mx,
                    yy,
                    "▌",
                    usize::from(inner.right() - mx),
                    theme.mark,
                );
            }
            let bx = inner.x.saturating_add(pane.body_column as u16);
            match (line, above.get(k)) {
                (None, Some(&(t, style))) if bx < inner.right() => {
                    put(buf, bx, yy, t, usize::from(inner.right() - bx), style);
                }
                (Some(line), _) => {
                    let bx = bx.saturating_add(indent as u16);
                    if bx < inner.right() {
                        draw_line(
                            &shown.text,
                            &laid.parts_near(line),
                            line.clone(),
                            bx,
                            yy,
                            usize::from(inner.right() - bx),
                            body_style,
                            theme,
                            buf,
                        );
                    }
                }
                _ => {}
            }
        }
        if let Some(more) = laid.more {
            if y < inner.bottom() && emit(&mut row, &mut y) {
                let bx = inner.x.saturating_add((pane.body_column + indent) as u16);
                if bx < inner.right() {
                    let key = app
                        .keymap
                        .first_key(crate::tui::keymap::Mode::Normal, Action::Expand)
                        .map(|k| format!(" · {k} shows all"))
                        .unwrap_or_default();
                    put(
                        buf,
                        bx,
                        y - 1,
                        &format!("{}{key}", more.label()),
                        usize::from(inner.right() - bx),
                        theme.dim,
                    );
                }
            }
        }
        if let Some(reactions) = laid.reactions.as_deref() {
            if y < inner.bottom() && emit(&mut row, &mut y) {
                let bx = inner.x.saturating_add((pane.body_column + indent) as u16);
                if bx < inner.right() {
                    put(
                        buf,
                        bx,
                        y - 1,
                        reactions,
                        usize::from(inner.right() - bx),
                        theme.base,
                    );
                }
            }
        }
        i += 1;
    }
    // Scrollbar.
    let h = usize::from(inner.height);
    if pane.total_rows > h && !r.scrollbar.is_empty() {
        let mut state = ScrollbarState::new(pane.total_rows.saturating_sub(h))
            .position(app.scroll)
            .viewport_content_length(h);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .thumb_style(theme.border(focused))
            .track_style(theme.border)
            .render(r.scrollbar, buf, &mut state);
    }
}

/// The speaker column of row `y`: the name, cut to the column, in the
/// speaker's colour (marked as a hit when the speaker filter matched it).
fn speaker_cell(app: &App<'_>, msg: &Message, by_speaker: bool, y: u16, buf: &mut Buffer) {
    let inner = app.regions.pane_inner;
    let theme = &app.theme;
    let pane = &app.pane;
    let name = app.archive.speakers.name(msg.speaker);
    let label = rare::label(name, msg.kind);
    let col = pane.speaker_column;
    let shown_name = if width(&label) > col {
        let (t, _) = truncate(&label, col.saturating_sub(1));
        format!("{t}…")
    } else {
        label.into_owned()
    };
    let mut style = if name.is_empty() || msg.kind == MessageKind::System {
        theme.dim
    } else {
        theme.speaker_slot(pane.slots.get(msg.speaker).unwrap_or(0))
    };
    if by_speaker {
        style = style.patch(theme.hit);
    }
    let x = inner.x + (app.look.time_width() as u16 + 1).min(inner.width);
    put(
        buf,
        x,
        y,
        &shown_name,
        col.min(usize::from(inner.right().saturating_sub(x))),
        style,
    );
}

/// One wrapped line of a body, styled by the parts it overlaps over `base`.
#[allow(clippy::too_many_arguments)]
fn draw_line(
    text: &str,
    parts: &[(std::ops::Range<usize>, Part)],
    line: std::ops::Range<usize>,
    x: u16,
    y: u16,
    max: usize,
    base: Style,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let mut cuts = vec![line.start, line.end];
    for (r, _) in parts {
        for p in [r.start, r.end] {
            if p > line.start && p < line.end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut x = x;
    let right = x as usize + max;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let mut style = base;
        let mut hit = false;
        for (r, p) in parts {
            if r.start <= a && b <= r.end {
                match p {
                    Part::Link => style = style.patch(theme.link),
                    Part::Mention => style = style.patch(theme.mention),
                    Part::Emoji => style = style.patch(theme.emoji),
                    Part::ImageMarker | Part::Marker => style = style.patch(theme.image),
                    Part::Detail | Part::Edited => style = style.patch(theme.dim),
                    Part::Styled(s) => style = style.patch(theme.styled(*s)),
                    Part::Hit => hit = true,
                }
            }
        }
        if hit {
            style = style.patch(theme.hit);
        }
        let room = right.saturating_sub(x as usize);
        if room == 0 {
            break;
        }
        x = put(buf, x, y, &text[a..b], room, style);
    }
}

/// `── 2 h 14 min later ──`, centred.
fn gap_row(prev: &Message, msg: &Message, x: u16, y: u16, w: u16, theme: &Theme, buf: &mut Buffer) {
    let (Some(a), Some(b)) = (prev.time.seconds(), msg.time.seconds()) else {
        return;
    };
    let mins = (b - a) / 60;
    let label = if mins % 60 == 0 {
        format!(" {} h later ", mins / 60)
    } else {
        format!(" {} h {} min later ", mins / 60, mins % 60)
    };
    let lw = width(&label);
    let side = usize::from(w).saturating_sub(lw) / 2;
    let text = format!(
        "{}{label}{}",
        "─".repeat(side),
        "─".repeat(usize::from(w).saturating_sub(lw + side))
    );
    put(
        buf,
        x,
        y,
        &text,
        usize::from(w),
        theme.gap.patch(Style::new()),
    );
}

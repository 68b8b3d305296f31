//! Popups drawn over the main screen: the help overlay and the speaker picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{
    Block, BorderType, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget,
    Widget,
};

use super::put;
use crate::speaker::label as speaker_label;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, ChannelPicker, Picker};
use crate::tui::display::{channel_label, channel_sign};
use crate::tui::keymap::Mode;

/// A rectangle of at most `w`×`h` centred in `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame(title: &str, area: Rect, app: &App<'_>, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border(true))
        .title(title.to_string())
        .title_style(app.theme.title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The help's lines: keys, what they do, and whether the line is a heading.
fn help_lines(app: &App<'_>) -> Vec<(String, String, bool)> {
    let mut lines: Vec<(String, String, bool)> = Vec::new();
    for (mode, title) in [
        (Mode::Normal, "Reading"),
        (Mode::Prompt, "In a prompt (/ and :)"),
        (Mode::Picker, "In the speaker picker (@)"),
        (Mode::List, "In the bookmark list (')"),
        (Mode::Help, "In this help"),
    ] {
        if !lines.is_empty() {
            lines.push((String::new(), String::new(), false));
        }
        lines.push((title.to_string(), String::new(), true));
        let mut seen: Vec<Action> = Vec::new();
        for &(_, action) in app.keymap.bindings(mode) {
            if seen.contains(&action) {
                continue;
            }
            seen.push(action);
            lines.push((
                app.keymap.keys_for(mode, action),
                action.help().to_string(),
                false,
            ));
        }
    }
    lines.push((String::new(), String::new(), false));
    lines.push(("Queries".into(), String::new(), true));
    for (k, v) in [
        (
            "word \"a phrase\"",
            "body contains it (an uppercase letter: case-sensitive)",
        ),
        ("-word  ~word", "does not contain it; fuzzy match"),
        (
            "from:NAME  in:CHANNEL",
            "speaker, channel (several are ORed)",
        ),
        ("on: after: before:", "2018, 2018-01 or 2018-01-22"),
        ("has:image|link|mention|emoji", "holds one"),
    ] {
        lines.push((k.into(), v.into(), false));
    }
    lines
}

/// One row of the help as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HelpRow {
    Blank,
    Heading(String),
    /// Keys (empty on a continuation row) and a line of the description.
    Binding(String, String),
    /// A line of a description under its keys (narrow screens).
    Under(String),
}

/// The width of the help's key column: the widest keys.
fn key_column(lines: &[(String, String, bool)]) -> usize {
    lines
        .iter()
        .filter(|l| !l.2)
        .map(|l| width(&l.0))
        .max()
        .unwrap_or(0)
}

/// The help laid out for an inner width of `w`: key and description side
/// by side while the description gets 24 columns, the description wrapped
/// beside the keys; narrower, each description wrapped under its keys.
fn help_rows(lines: &[(String, String, bool)], w: usize) -> Vec<HelpRow> {
    let kw = key_column(lines);
    let beside = w.saturating_sub(kw + 4);
    let mut rows = Vec::new();
    for (k, d, heading) in lines {
        if *heading {
            rows.push(HelpRow::Heading(k.clone()));
        } else if k.is_empty() && d.is_empty() {
            rows.push(HelpRow::Blank);
        } else if beside >= 24 {
            for (i, r) in crate::text::wrap(d, beside).into_iter().enumerate() {
                let key = if i == 0 { k.clone() } else { String::new() };
                rows.push(HelpRow::Binding(key, d[r].to_string()));
            }
        } else {
            rows.push(HelpRow::Binding(k.clone(), String::new()));
            for r in crate::text::wrap(d, w.saturating_sub(6)) {
                rows.push(HelpRow::Under(d[r].to_string()));
            }
        }
    }
    rows
}

/// Where the help goes in `area`, and its rows for that size.
fn help_popup(area: Rect, lines: &[(String, String, bool)]) -> (Rect, Vec<HelpRow>) {
    let kw = key_column(lines);
    let dw = lines.iter().map(|l| width(&l.1)).max().unwrap_or(0);
    let w = ((kw + dw + 6) as u16).min(area.width);
    let rows = help_rows(lines, usize::from(w.saturating_sub(2)));
    let popup = centred(area, w, rows.len() as u16 + 2);
    (popup, rows)
}

/// The largest useful scroll of the help on a screen of `area`.
pub fn help_max_scroll(app: &App<'_>, area: Rect) -> usize {
    let lines = help_lines(app);
    let (popup, rows) = help_popup(area, &lines);
    rows.len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)))
}

/// The help overlay: every binding of every mode, from the keymap. When it
/// does not fit, the bottom border says which lines show and which keys
/// scroll, and a scrollbar shows where.
pub fn help(app: &App<'_>, scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(app);
    let kw = key_column(&lines);
    let (popup, rows) = help_popup(area, &lines);
    let inner = frame(" Help · ? or Esc closes ", popup, app, buf);
    let h = usize::from(inner.height);
    let scroll = scroll.min(rows.len().saturating_sub(h));
    let w = usize::from(inner.width);
    for (i, row) in rows.iter().skip(scroll).take(h).enumerate() {
        let y = inner.y + i as u16;
        match row {
            HelpRow::Blank => {}
            HelpRow::Heading(t) => {
                put(buf, inner.x + 1, y, t, w.saturating_sub(1), app.theme.title);
            }
            HelpRow::Binding(k, d) => {
                put(buf, inner.x + 2, y, k, w.saturating_sub(2), app.theme.key);
                let dx = inner.x + (kw as u16 + 4).min(inner.width);
                put(
                    buf,
                    dx,
                    y,
                    d,
                    usize::from(inner.right().saturating_sub(dx)),
                    Style::new(),
                );
            }
            HelpRow::Under(d) => {
                put(buf, inner.x + 6, y, d, w.saturating_sub(6), Style::new());
            }
        }
    }
    if rows.len() > h && h > 0 && popup.width >= 3 {
        let (down, up) = (
            app.keymap.first_key(Mode::Help, Action::Down),
            app.keymap.first_key(Mode::Help, Action::Up),
        );
        let keys = match (down, up) {
            (Some(d), Some(u)) => format!(" · {d} {u} scroll"),
            _ => String::new(),
        };
        let more = if scroll + h < rows.len() {
            " ↓"
        } else {
            " ↑"
        };
        let label = format!(
            " {}–{} of {}{keys}{more} ",
            scroll + 1,
            (scroll + h).min(rows.len()),
            rows.len()
        );
        let lw = width(&label) as u16;
        if lw + 2 <= popup.width {
            let x = popup.right() - 1 - lw;
            put(
                buf,
                x,
                popup.bottom() - 1,
                &label,
                usize::from(lw),
                app.theme.title,
            );
        }
        let mut state = ScrollbarState::new(rows.len().saturating_sub(h))
            .position(scroll)
            .viewport_content_length(h);
        let track = Rect::new(popup.right() - 1, inner.y, 1, inner.height);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .thumb_style(app.theme.border(true))
            .track_style(app.theme.border)
            .render(track, buf, &mut state);
    }
}

/// A popup's first row: `sign`, what was typed, and the cursor after it.
fn filter_line(app: &App<'_>, inner: Rect, sign: &str, text: &str, buf: &mut Buffer) {
    let w = usize::from(inner.width);
    let x = put(buf, inner.x, inner.y, sign, w, app.theme.key);
    let x = put(buf, x, inner.y, text, w.saturating_sub(2), Style::new());
    put(
        buf,
        x,
        inner.y,
        " ",
        1,
        Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
    );
}

/// The speaker picker: a filter line, then speakers with counts, the
/// fuzzy-matched letters highlighted and the selected ones ticked.
pub fn picker(app: &App<'_>, p: &Picker, area: Rect, buf: &mut Buffer) {
    let popup = centred(
        area,
        56.min(area.width.saturating_sub(2)).max(area.width.min(20)),
        area.height.saturating_sub(4).max(area.height.min(5)),
    );
    let title = format!(" Speakers · {} selected ", p.selected.len());
    let inner = frame(&title, popup, app, buf);
    if inner.is_empty() {
        return;
    }
    let w = usize::from(inner.width);
    filter_line(app, inner, "@ ", &p.input.text, buf);
    let list_h = usize::from(inner.height.saturating_sub(1));
    let scroll = if p.cursor >= p.scroll + list_h {
        p.cursor + 1 - list_h
    } else {
        p.scroll.min(p.cursor)
    };
    if p.results.is_empty() && inner.height > 1 {
        put(
            buf,
            inner.x + 2,
            inner.y + 1,
            "no speaker matches",
            w.saturating_sub(2),
            app.theme.dim,
        );
    }
    for (row, (id, idx)) in p.results.iter().enumerate().skip(scroll).take(list_h) {
        let y = inner.y + 1 + (row - scroll) as u16;
        let speaker = app.archive.speakers.get(*id);
        let cursor = row == p.cursor;
        let tick = if p.selected.contains(id) {
            "[x] "
        } else {
            "[ ] "
        };
        let base = if cursor {
            app.theme.selection
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        let mut x = put(buf, inner.x, y, tick, w, base.patch(app.theme.key));
        let count = format!(" {}", speaker.messages);
        let name_room = w.saturating_sub(4 + width(&count));
        let label = speaker_label(&speaker.name);
        let (shown, _) = truncate(&label, name_room);
        let name_style = base.patch(app.theme.speaker(&speaker.name));
        for (ci, ch) in shown.chars().enumerate() {
            let style = if idx.contains(&ci) {
                name_style.patch(app.theme.fuzzy_match)
            } else {
                name_style
            };
            let mut b = [0u8; 4];
            x = put(
                buf,
                x,
                y,
                ch.encode_utf8(&mut b),
                usize::from(inner.right().saturating_sub(x)),
                style,
            );
        }
        let cx = inner
            .right()
            .saturating_sub(width(&count) as u16)
            .max(inner.x);
        put(
            buf,
            cx,
            y,
            &count,
            usize::from(inner.right().saturating_sub(cx)),
            base.patch(app.theme.dim),
        );
    }
}

/// The channel picker: a filter line, then each channel with its days,
/// messages and dates; the current channel is marked.
pub fn channels(app: &App<'_>, p: &ChannelPicker, area: Rect, buf: &mut Buffer) {
    let rows = p.results.len() as u16;
    // Numbers line up in columns.
    let digits = |n: usize| n.to_string().len();
    let days_w = p.info.iter().map(|i| digits(i.days)).max().unwrap_or(1);
    let messages_w = p.info.iter().map(|i| digits(i.messages)).max().unwrap_or(1);
    // With several apps, each row says its channel's app.
    let apps = app.archive.several_apps();
    let app_w = if apps {
        app.archive
            .apps()
            .iter()
            .map(|a| width(a))
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let about = |c: usize| {
        let info = p.info[c];
        let span = match (info.first, info.last) {
            (Some(f), Some(l)) if f != l => format!("{f} – {l}"),
            (Some(f), _) => f.to_string(),
            _ => String::new(),
        };
        format!(
            " {}{} · {} · {span}",
            if apps {
                let a = app.archive.channels[c].app;
                format!("{}{a} · ", " ".repeat(app_w - width(a)))
            } else {
                String::new()
            },
            count(info.days, "day", days_w),
            count(info.messages, "message", messages_w),
        )
    };
    // As wide as the widest row needs (72 columns at least), so that the
    // dates are not cut where the terminal has room for them.
    let widest = p
        .results
        .iter()
        .map(|(c, _)| {
            let channel = &app.archive.channels[*c as usize];
            2 + channel_sign(channel).len() + width(&channel.name) + width(&about(*c as usize))
        })
        .max()
        .unwrap_or(0);
    let want = (widest + 2).clamp(72, usize::from(u16::MAX)) as u16;
    let popup = centred(
        area,
        want.min(area.width.saturating_sub(2))
            .max(area.width.min(20)),
        (rows + 3)
            .min(area.height.saturating_sub(4))
            .max(area.height.min(5)),
    );
    let title = format!(" Channels · {} ", app.archive.channels.len());
    let inner = frame(&title, popup, app, buf);
    if inner.is_empty() {
        return;
    }
    let w = usize::from(inner.width);
    filter_line(app, inner, "# ", &p.input.text, buf);
    let list_h = usize::from(inner.height.saturating_sub(1));
    let scroll = p.cursor.saturating_sub(list_h.saturating_sub(1));
    if p.results.is_empty() && inner.height > 1 {
        put(
            buf,
            inner.x + 2,
            inner.y + 1,
            "no channel matches",
            w.saturating_sub(2),
            app.theme.dim,
        );
    }
    let here = app.channel();
    for (row, (c, idx)) in p.results.iter().enumerate().skip(scroll).take(list_h) {
        let y = inner.y + 1 + (row - scroll) as u16;
        let base = if row == p.cursor {
            app.theme.selection
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        if here == Some(*c) {
            put(buf, inner.x, y, "▌", 1, base.patch(app.theme.border(true)));
        }
        let about = about(*c as usize);
        let about_w = width(&about);
        let name_room = w.saturating_sub(2).saturating_sub(about_w).max(w / 3);
        let channel = &app.archive.channels[*c as usize];
        let (name, sign) = (&channel.name, channel_sign(channel));
        let mut x = put(
            buf,
            inner.x + 2,
            y,
            sign,
            name_room,
            base.patch(app.theme.channel),
        );
        let (shown, _) = truncate(name, name_room.saturating_sub(sign.len()));
        for (ci, ch) in shown.chars().enumerate() {
            let style = if idx.contains(&ci) {
                base.patch(app.theme.channel).patch(app.theme.fuzzy_match)
            } else {
                base.patch(app.theme.channel)
            };
            let mut b = [0u8; 4];
            x = put(
                buf,
                x,
                y,
                ch.encode_utf8(&mut b),
                usize::from(inner.right().saturating_sub(x)),
                style,
            );
        }
        let ax = inner.right().saturating_sub(about_w as u16).max(x);
        put(
            buf,
            ax,
            y,
            &about,
            usize::from(inner.right().saturating_sub(ax)),
            base.patch(app.theme.dim),
        );
    }
}

/// `  1 day `, ` 12 days`: the number right-aligned in `w` digits, the
/// word padded so that columns line up.
fn count(n: usize, word: &str, w: usize) -> String {
    if n == 1 {
        format!("{n:>w$} {word} ")
    } else {
        format!("{n:>w$} {word}s")
    }
}

/// The bookmark list: date, time, speaker and the start of the message.
pub fn bookmarks(app: &App<'_>, cursor: usize, area: Rect, buf: &mut Buffer) {
    let h = (app.bookmarks.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(area.height.min(3));
    let popup = centred(
        area,
        80.min(area.width.saturating_sub(2)).max(area.width.min(20)),
        h,
    );
    let inner = frame(
        &format!(" Bookmarks · {} ", app.bookmarks.len()),
        popup,
        app,
        buf,
    );
    let list_h = usize::from(inner.height);
    let scroll = cursor.saturating_sub(list_h.saturating_sub(1));
    for (row, b) in app.bookmarks.iter().enumerate().skip(scroll).take(list_h) {
        let y = inner.y + (row - scroll) as u16;
        let base = if row == cursor {
            app.theme.selection
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        let w = usize::from(inner.width);
        let several = app.archive.channels.len() > 1;
        let head = if several {
            // A bookmark keeps its channel's name; the first channel of
            // that name says how it is written.
            let channel = match app.archive.channels.iter().find(|c| c.name == b.channel) {
                Some(c) => channel_label(c),
                None => b.channel.clone(),
            };
            format!("{} {} {channel} ", b.date, b.time)
        } else {
            format!("{} {} ", b.date, b.time)
        };
        let mut x = put(buf, inner.x, y, &head, w, base.patch(app.theme.timestamp));
        let label = speaker_label(&b.speaker);
        x = put(
            buf,
            x,
            y,
            &label,
            usize::from(inner.right().saturating_sub(x)),
            base.patch(app.theme.speaker(&b.speaker)),
        );
        x = put(
            buf,
            x,
            y,
            ": ",
            usize::from(inner.right().saturating_sub(x)),
            base,
        );
        let text = crate::text::sanitize_line(&b.excerpt);
        put(
            buf,
            x,
            y,
            &text,
            usize::from(inner.right().saturating_sub(x)),
            base,
        );
    }
}

//! Popups drawn over the main screen: the help overlay and the speaker picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::put;
use crate::commands::show::speaker_label;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Picker};
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

/// Where the help goes in `area`, and the width of its key column.
fn help_popup(area: Rect, lines: &[(String, String, bool)]) -> (Rect, usize) {
    let kw = lines
        .iter()
        .filter(|l| !l.2)
        .map(|l| width(&l.0))
        .max()
        .unwrap_or(0);
    let dw = lines.iter().map(|l| width(&l.1)).max().unwrap_or(0);
    let popup = centred(area, (kw + dw + 6) as u16, lines.len() as u16 + 2);
    (popup, kw)
}

/// The largest useful scroll of the help on a screen of `area`.
pub fn help_max_scroll(app: &App<'_>, area: Rect) -> usize {
    let lines = help_lines(app);
    let (popup, _) = help_popup(area, &lines);
    lines
        .len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)))
}

/// The help overlay: every binding of every mode, from the keymap.
pub fn help(app: &App<'_>, scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(app);
    let (popup, kw) = help_popup(area, &lines);
    let inner = frame(" Help · ? or Esc closes ", popup, app, buf);
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    for (i, (k, d, heading)) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + i as u16;
        let w = usize::from(inner.width);
        if *heading {
            put(buf, inner.x + 1, y, k, w.saturating_sub(1), app.theme.title);
        } else {
            let x = put(buf, inner.x + 2, y, k, w.saturating_sub(2), app.theme.key);
            let pad = (kw + 4).saturating_sub(usize::from(x - inner.x));
            put(
                buf,
                x + pad as u16,
                y,
                d,
                w.saturating_sub(kw + 4),
                Style::new(),
            );
        }
    }
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
    let x = put(buf, inner.x, inner.y, "@ ", w, app.theme.key);
    let x = put(
        buf,
        x,
        inner.y,
        &p.input.text,
        w.saturating_sub(2),
        Style::new(),
    );
    put(
        buf,
        x,
        inner.y,
        " ",
        1,
        Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
    );
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
            let style = if !speaker.name.is_empty() && idx.contains(&ci) {
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
            format!("{} {} #{} ", b.date, b.time, b.channel)
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

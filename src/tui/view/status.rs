//! The two bottom rows: position, filter chips and match counts; then the
//! open prompt, a notice, or key hints generated from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::put;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::app::{App, FilterMode, Popup, PromptKind};
use crate::tui::display::channel_label;
use crate::tui::keymap::Mode;

/// The actions whose keys the hint row shows, per mode.
fn hinted(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Normal => &[
            Action::Help,
            Action::Search,
            Action::PickSpeakers,
            Action::GoToDate,
            Action::PickChannel,
            Action::NextDay,
            Action::PrevDay,
            Action::NextMatch,
            Action::ToggleFilter,
            Action::ClearFilter,
            Action::Quit,
        ],
        Mode::Prompt => &[Action::Submit, Action::Cancel],
        Mode::Picker => &[Action::Toggle, Action::Submit, Action::Cancel],
        Mode::Help => &[Action::Help],
        Mode::List => &[Action::Submit, Action::Delete, Action::Cancel],
    }
}

pub fn render(app: &App<'_>, status: Rect, hints: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    if !status.is_empty() {
        buf.set_style(status, theme.status);
        let mut x = status.x;
        let right = status.right();
        let room = |x: u16| usize::from(right.saturating_sub(x));
        // The channel, and the day's place among the channel's listed days.
        let here = app.channel();
        let listed: Vec<usize> = app
            .listed_days()
            .filter(|&d| Some(app.archive.days[d].channel) == here)
            .collect();
        let at = listed
            .iter()
            .position(|&d| d == app.day)
            .map_or(0, |p| p + 1);
        let (msg, total) = app.position();
        let channel = match here {
            Some(c) if app.archive.channels.len() > 1 => {
                let ch = &app.archive.channels[c as usize];
                if app.archive.several_apps() {
                    format!(" {} {} ·", ch.app, channel_label(ch))
                } else {
                    format!(" {} ·", channel_label(ch))
                }
            }
            _ => String::new(),
        };
        // While the archive loads, the day's place among the days is not
        // known yet: the load's progress instead.
        let pos = if app.loading.is_some() {
            format!("{channel} message {msg}/{total} ")
        } else {
            format!(
                "{channel} day {at}/{} · message {msg}/{total} ",
                listed.len()
            )
        };
        x = put(buf, x, status.y, &pos, room(x), theme.status);
        if let Some(loading) = &app.loading {
            let chip = format!(" loading the archive: {} ", loading.describe());
            x = put(buf, x, status.y, &chip, room(x), theme.chip);
            x = put(buf, x, status.y, " ", room(x), theme.status);
        }
        if app.follow.new > 0 {
            let key = app
                .keymap
                .first_key(crate::tui::keymap::Mode::Normal, Action::Follow)
                .map(|k| format!(" · {k}"))
                .unwrap_or_default();
            let chip = format!(" {} new{key} ", app.follow.new);
            x = put(buf, x, status.y, &chip, room(x), theme.chip);
            x = put(buf, x, status.y, " ", room(x), theme.status);
        } else if app.follow.active {
            x = put(buf, x, status.y, "following ", room(x), theme.status);
        }
        if app.hide_system {
            x = put(buf, x, status.y, " system hidden ", room(x), theme.chip);
            x = put(buf, x, status.y, " ", room(x), theme.status);
        }
        for item in app.filter.query.items() {
            let chip = format!(" {item} ");
            if width(&chip) + 1 > room(x) {
                break;
            }
            x = put(buf, x, status.y, &chip, room(x), theme.chip);
            x = put(buf, x, status.y, " ", room(x), theme.status);
        }
        if app.filter.is_active() {
            let f = &app.filter;
            let total = format!(
                "{} {}",
                f.total,
                if f.total == 1 { "match" } else { "matches" }
            );
            let mut text = match app.match_number() {
                Some(k) => format!("match {k} of {}", f.total),
                None => total,
            };
            text.push_str(&format!(" · {} here", app.pane.hit_count));
            if !f.done() {
                let pct = f.days_counted * 100 / f.counts.len().max(1);
                text.push_str(&format!(" (counting {pct}%)"));
            }
            text.push_str(match f.mode {
                FilterMode::Only => " · filter ",
                FilterMode::Highlight => " · highlight ",
            });
            put(
                buf,
                x,
                status.y,
                &text,
                room(x),
                theme.status.add_modifier(Modifier::BOLD),
            );
        }
    }
    if hints.is_empty() {
        return;
    }
    if let Some(Popup::Prompt(p)) = &app.popup {
        prompt_row(app, p, hints, buf);
        return;
    }
    if let Some(n) = &app.notice {
        put(
            buf,
            hints.x + 1,
            hints.y,
            &n.text,
            usize::from(hints.width.saturating_sub(1)),
            if n.error { theme.error } else { theme.notice },
        );
        return;
    }
    let mode = app.mode();
    let mut x = hints.x + 1;
    let channels = matches!(app.popup, Some(Popup::Channels(_)));
    for &a in hinted(mode) {
        if channels && a == Action::Toggle
            || a == Action::PickChannel && app.archive.channels.len() < 2
            || app.loading.is_some()
                && mode == Mode::Normal
                && (a == Action::ClearFilter || crate::tui::loading::needs_archive(a, app.focus))
        {
            continue;
        }
        let Some(key) = app.keymap.first_key(mode, a) else {
            continue;
        };
        let key = key.to_string();
        let key = key.as_str();
        let need = width(key) + 1 + width(a.short()) + 2;
        if usize::from(hints.right().saturating_sub(x)) < need {
            break;
        }
        x = put(buf, x, hints.y, key, need, theme.key);
        x = put(
            buf,
            x,
            hints.y,
            &format!(" {}  ", a.short()),
            need,
            theme.dim,
        );
    }
}

fn prompt_row(app: &App<'_>, p: &crate::tui::app::Prompt, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let sigil = match p.kind {
        PromptKind::Search => "/",
        PromptKind::Date => "go to date: ",
    };
    let mut x = put(
        buf,
        area.x,
        area.y,
        sigil,
        usize::from(area.width),
        theme.key,
    );
    if x >= area.right() {
        return;
    }
    // Keep the cursor in view: show the tail of long input.
    let before: String = p.input.text.chars().take(p.input.cursor).collect();
    let after: String = p.input.text.chars().skip(p.input.cursor).collect();
    let avail = usize::from(area.right().saturating_sub(x)).saturating_sub(1);
    let bw = width(&before);
    let before_shown = if bw > avail {
        let skip = bw - avail;
        let mut acc = 0;
        let start = before.char_indices().find(|(_, c)| {
            acc += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            acc > skip
        });
        start.map_or("", |(i, _)| &before[i..]).to_string()
    } else {
        before
    };
    let room = |x: u16| usize::from(area.right().saturating_sub(x));
    x = put(
        buf,
        x,
        area.y,
        &before_shown,
        avail.min(room(x)),
        Style::new(),
    );
    let mut chars = after.chars();
    let cursor_char = chars
        .next()
        .map_or_else(|| " ".to_string(), |c| c.to_string());
    x = put(
        buf,
        x,
        area.y,
        &cursor_char,
        2.min(room(x)),
        Style::new().add_modifier(Modifier::REVERSED),
    );
    let rest: String = chars.collect();
    x = put(
        buf,
        x,
        area.y,
        &rest,
        usize::from(area.right().saturating_sub(x)),
        Style::new(),
    );
    if let Some(e) = &p.error {
        let msg = format!("  {e}");
        let w = width(&msg);
        let room = usize::from(area.right().saturating_sub(x));
        let (shown, sw) = truncate(&msg, room);
        let ex = if w <= room {
            area.right() - sw as u16
        } else {
            x
        };
        put(buf, ex, area.y, shown, room, theme.error);
    }
}

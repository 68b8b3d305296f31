//! How things are put into words for a reader, shared by the subcommands
//! and the interface so that both say the same: counts (`2 messages`),
//! bars, the markers of system messages, WeChat emoji codes and a
//! message's text with its attachments' cards; [`rare`] the lines of a
//! message's rare data (a reply's quote, forwarded-from, reactions).

pub mod rare;

use std::borrow::Cow;

use crate::model::{Day, Flags, Message, MessageKind};
use crate::query::stats::{AppStats, Stats};
use crate::text::{pad_right, sanitize, width};

/// `1 channel`, `2 channels`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The marker written before a system message.
pub const SYSTEM_MARKER: &str = "[system]";

/// What a system message without text reads as.
pub const NO_TEXT: &str = "(not in the export)";

/// The WeChat emoji codes daybook can show as Unicode emoji.
const EMOJI_TABLE: &str = include_str!("../../assets/emoji.toml");

/// The Unicode emoji for a WeChat code's name (`强` → 👍), if one fits.
pub fn emoji_for(name: &str) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            EMOJI_TABLE
                .lines()
                .filter_map(|l| {
                    let l = l.trim();
                    if l.starts_with('#') || l.starts_with('[') {
                        return None;
                    }
                    let (k, v) = l.split_once('=')?;
                    Some((k.trim().trim_matches('"'), v.trim().trim_matches('"')))
                })
                .collect()
        })
        .get(name)
        .copied()
}

/// A horizontal bar of `n` out of `max`, `width` cells long at most, in eighths.
pub fn bar(n: usize, max: usize, width: usize) -> String {
    if max == 0 || n == 0 {
        return String::new();
    }
    let eighths = (n * width * 8).div_ceil(max);
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
    }
    s
}

/// The text of a message as a reader sees it, for text output: `body`
/// (as [`display_body`](crate::commands::show::display_body) or
/// [`Day::body`] gives it), after `[system]` for a
/// system message, then each attachment's card on a line of its own
/// (`[link] title · host`, `[file] name (size)`); with `full`, each card
/// ends with its whole target (`<https://…>`), as `y` copies it.
pub fn with_cards<'a>(day: &'a Day, msg: &Message, body: Cow<'a, str>, full: bool) -> Cow<'a, str> {
    let system = msg.kind == MessageKind::System;
    let index = if msg.flags.has(Flags::EXTRA) {
        day.index_of(msg)
    } else {
        None
    };
    let cards = index.map_or(&[][..], |i| day.attachments(i));
    if !system && cards.is_empty() {
        return body;
    }
    let mut s = String::new();
    if system {
        s.push_str(SYSTEM_MARKER);
        if !body.is_empty() {
            s.push(' ');
        } else if cards.is_empty() {
            s.push(' ');
            s.push_str(NO_TEXT);
        }
    }
    s.push_str(&body);
    for a in cards {
        if !s.is_empty() {
            s.push('\n');
        }
        let card = day.card(a);
        s.push_str(&if full { card.full_line() } else { card.line() });
    }
    Cow::Owned(sanitize(&s).into_owned())
}

/// One line per app: its name, then channels, days, messages and speakers
/// and its first and last day, in aligned columns (the statistics view
/// shows the same lines).
pub fn by_app_lines(s: &Stats) -> Vec<String> {
    let aw = s.by_app.iter().map(|a| width(a.app)).max().unwrap_or(0);
    let figures = |a: &AppStats| [a.channels, a.days, a.messages, a.speakers];
    let digits: Vec<usize> = (0..4)
        .map(|i| {
            s.by_app
                .iter()
                .map(|a| figures(a)[i].to_string().len())
                .max()
                .unwrap_or(1)
        })
        .collect();
    let words = ["channel", "day", "message", "speaker"];
    s.by_app
        .iter()
        .map(|a| {
            let mut line = pad_right(a.app, aw);
            for (i, n) in figures(a).into_iter().enumerate() {
                let word = if n == 1 {
                    format!("{} ", words[i])
                } else {
                    format!("{}s", words[i])
                };
                line.push_str(&format!("  {n:>w$} {word}", w = digits[i]));
            }
            if let (Some(f), Some(l)) = (a.first, a.last) {
                line.push_str(&format!("  {f} to {l}"));
            }
            line.trim_end().to_owned()
        })
        .collect()
}

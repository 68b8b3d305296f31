//! `daybook show DATE`: one day's messages, wrapped.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use std::borrow::Cow;

use super::{MessageJson, Outcome, Paint, plural};
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Archive, Day, Flags, Message, MessageKind, SpanKind, Style};
use crate::present::rare;
use crate::present::{emoji_for, with_cards};
use crate::settings::{EmojiMode, Look};
use crate::speaker::DaySlots;
use crate::text::{ellipsize, pad_right, sanitize, sanitize_line, width, wrap_into};

/// Consecutive messages of one speaker closer than this show the name once.
pub const GROUP_GAP_SECS: u32 = crate::settings::DEFAULT_GROUP_SECS;

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    weekday: String,
    channel: &'a str,
    path: String,
    speakers: u32,
    messages: Vec<MessageJson<'a>>,
}

/// Parses a `YYYY-MM-DD` argument.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "{:?} is not a date; write it as YYYY-MM-DD",
            sanitize_line(s)
        ))
    })
}

/// The day to show: on `date`, in the channel matching `channel` if given.
pub fn find_day<'a>(
    archive: &'a Archive,
    date: NaiveDate,
    channel: Option<&str>,
) -> Result<Vec<&'a Day>> {
    let mut days: Vec<&Day> = archive.days.iter().filter(|d| d.date == date).collect();
    if let Some(want) = channel {
        let want_l = want.to_lowercase();
        let exact: Vec<&Day> = days
            .iter()
            .copied()
            .filter(|d| archive.channel_name(d).to_lowercase() == want_l)
            .collect();
        days = if exact.is_empty() {
            days.into_iter()
                .filter(|d| archive.channel_name(d).to_lowercase().contains(&want_l))
                .collect()
        } else {
            exact
        };
        if days.is_empty()
            && !archive
                .channels
                .iter()
                .any(|c| c.name.to_lowercase().contains(&want_l))
        {
            return Err(Error::NoSuchChannel(sanitize_line(want).into_owned()));
        }
    }
    if days.is_empty() {
        let nearest = archive
            .days
            .iter()
            .filter(|d| {
                channel.is_none_or(|c| {
                    archive
                        .channel_name(d)
                        .to_lowercase()
                        .contains(&c.to_lowercase())
                })
            })
            .map(|d| d.date)
            .min_by_key(|d| (d.signed_duration_since(date).num_days().abs(), *d));
        return Err(Error::DayNotFound { date, nearest });
    }
    let mut channels: Vec<u32> = days.iter().map(|d| d.channel).collect();
    channels.dedup();
    if channels.len() > 1 {
        let names: Vec<&str> = channels
            .iter()
            .map(|&c| archive.channels[c as usize].name.as_str())
            .collect();
        return Err(Error::AmbiguousDay {
            date,
            channels: channels.len(),
            names: names.join(", "),
        });
    }
    Ok(days)
}

pub fn run(
    archive: &Archive,
    args: &ShowArgs,
    config: &Config,
    out: &mut impl Write,
) -> Result<Outcome> {
    let date = parse_date(&args.date)?;
    // JSON takes every channel's day at once (an array when there are
    // several); text asks which one.
    let days = match find_day(archive, date, args.channel.as_deref()) {
        Err(Error::AmbiguousDay { .. }) if args.json => {
            archive.days.iter().filter(|d| d.date == date).collect()
        }
        other => other?,
    };
    if args.json {
        let json: Vec<DayJson> = days
            .iter()
            .map(|d| DayJson {
                date: d.date.to_string(),
                weekday: d.date.format("%A").to_string(),
                channel: archive.channel_name(d),
                path: sanitize_line(&archive.day_path(d).to_string_lossy()).into_owned(),
                speakers: d.speaker_count,
                messages: d
                    .messages
                    .iter()
                    .map(|m| MessageJson::new(archive, d, m))
                    .collect(),
            })
            .collect();
        let value = if json.len() == 1 {
            serde_json::to_value(&json[0])
        } else {
            serde_json::to_value(&json)
        };
        serde_json::to_writer_pretty(&mut *out, &value.map_err(std::io::Error::from)?)
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    let width = args
        .width
        .or(config.terminal_width)
        .unwrap_or(80)
        .max(crate::cli::MIN_WIDTH);
    let paint = Paint::new(config);
    for (i, day) in days.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_day(archive, day, width, &config.settings.look, paint, out)?;
    }
    Ok(Outcome::Success)
}

/// The body as shown in text output: images as `[image] URL`, and with
/// [`EmojiMode::Unicode`] WeChat emoji codes as emoji where one fits.
pub fn display_body<'a>(day: &'a Day, msg: &Message, emoji: EmojiMode) -> Cow<'a, str> {
    let body = day.body(msg);
    let rewritten = |s: &crate::model::Span| match s.kind {
        SpanKind::Image => Some(Cow::Owned(format!(
            "[image] {}",
            &day.text[s.target.range()]
        ))),
        SpanKind::Emoji if emoji == EmojiMode::Unicode => {
            emoji_for(&day.text[s.target.range()]).map(Cow::Borrowed)
        }
        _ => None,
    };
    if !day.spans(msg).iter().any(|s| rewritten(s).is_some()) {
        return sanitize(body);
    }
    let mut s = String::with_capacity(body.len());
    let mut at = msg.body.start as usize;
    for span in day.spans(msg) {
        if let Some(text) = rewritten(span) {
            s.push_str(&day.text[at..span.range.start as usize]);
            s.push_str(&text);
            at = span.range.end as usize;
        }
    }
    s.push_str(&day.text[at..msg.body.end as usize]);
    Cow::Owned(sanitize(&s).into_owned())
}

/// A speaker's name as shown: `(no name)` for the empty one.
pub fn speaker_label(name: &str) -> std::borrow::Cow<'_, str> {
    crate::speaker::label(name)
}

fn write_day(
    archive: &Archive,
    day: &Day,
    cols: usize,
    look: &Look,
    paint: Paint,
    out: &mut impl Write,
) -> Result<()> {
    let title = format!(
        "{} {} · {} · {} · {}",
        day.date,
        day.date.format("%A"),
        sanitize_line(archive.channel_name(day)),
        plural(day.messages.len(), "message"),
        plural(day.speaker_count as usize, "speaker")
    );
    for r in crate::text::wrap(&title, cols) {
        paint.bold(out, &title[r])?;
        writeln!(out)?;
    }
    writeln!(out)?;

    // Columns: time, two spaces, speaker column, two spaces, body. Names
    // wider than their column are cut with `…`; below 36 columns or so the
    // body goes under the name, indented by the time's width.
    let time_w = look.time_width().min(cols - 2);
    let longest = day
        .messages
        .iter()
        .map(|m| width_of_speaker(archive, m))
        .max()
        .unwrap_or(0);
    let speaker_col = longest.min((cols / 4).max(8));
    let wide = time_w + 2 + speaker_col + 2;
    let narrow = cols < wide + 16;
    let (body_col, speaker_col) = if narrow {
        (time_w + 2, cols - time_w - 2)
    } else {
        (wide, speaker_col)
    };
    let body_width = cols - body_col;
    let indent = " ".repeat(body_col);
    let slots = DaySlots::new(day, &archive.speakers, paint.speaker_colours());
    let mut lines = Vec::new();
    let mut previous: Option<&Message> = None;
    let mut buf: Vec<u8> = Vec::new();
    for (index, msg) in day.messages.iter().enumerate() {
        let name = archive.speakers.name(msg.speaker);
        let label = rare::label(name, msg.kind);
        let grouped = previous.is_some_and(|p| {
            p.speaker == msg.speaker
                && !rare::always_named(p.kind)
                && !rare::always_named(msg.kind)
                && look.groups(p.time, msg.time)
        });
        previous = Some(msg);
        let mut body = display_body(day, msg, look.emoji);
        if msg.flags.has(Flags::EDITED) {
            let b = body.to_mut();
            if !b.is_empty() {
                b.push(' ');
            }
            b.push_str(rare::EDITED);
        }
        let body = with_cards(day, msg, body, false);
        // Styles are drawn where the body was not rewritten (no images or
        // emoji codes replaced), so that their offsets still hold.
        let styles: Vec<(std::ops::Range<usize>, Style)> =
            if paint.color && body.get(..msg.body.len()) == Some(day.body(msg)) {
                day.body_styles(index)
            } else {
                Vec::new()
            };
        let before = rare::before(archive, day, index);
        let after = rare::after(day, index);
        let system = msg.kind == MessageKind::System;
        lines.clear();
        wrap_into(&body, body_width, &mut lines);
        buf.clear();
        paint.dim(&mut buf, &ellipsize(&look.time(msg.time), time_w))?;
        let shown = if grouped {
            Cow::Borrowed("")
        } else {
            ellipsize(&label, speaker_col)
        };
        if !(narrow && grouped) {
            buf.extend_from_slice(b"  ");
        }
        // A grouped message has no name, and no colour codes around nothing.
        if !shown.is_empty() {
            if name.is_empty() {
                paint.dim(&mut buf, &shown)?;
            } else {
                paint.speaker_slot(&mut buf, slots.get(msg.speaker).unwrap_or(0), &shown)?;
            }
        }
        let blank = lines.iter().all(|r| body[r.clone()].trim().is_empty());
        if blank {
            lines.clear();
        }
        if blank && before.is_empty() && after.is_empty() {
            // An empty body: the header alone, with nothing after the name.
            writeln!(buf)?;
        } else if narrow {
            // The body starts on the next line, under the name.
            writeln!(buf)?;
        } else {
            write!(buf, "{}  ", pad_right("", speaker_col - width(&shown)))?;
        }
        // Whether the next row goes on the header's line; other rows start
        // under the body column (blank ones stay empty).
        let mut first = !narrow;
        for line in &before {
            if !first {
                buf.extend_from_slice(indent.as_bytes());
            }
            first = false;
            paint.dim(&mut buf, &ellipsize(&line.text, body_width))?;
            writeln!(buf)?;
        }
        for r in &lines {
            if !first && !body[r.clone()].trim().is_empty() {
                buf.extend_from_slice(indent.as_bytes());
            }
            first = false;
            if system {
                paint.dim(&mut buf, &body[r.clone()])?;
            } else {
                write_styled(&mut buf, &body, r.clone(), &styles, paint)?;
            }
            writeln!(buf)?;
            // Line by line: a huge message never sits in memory twice.
            flush_lines(&mut buf, out)?;
        }
        for line in &after {
            if !first {
                buf.extend_from_slice(indent.as_bytes());
            }
            first = false;
            buf.extend_from_slice(ellipsize(&line.text, body_width).as_bytes());
            writeln!(buf)?;
        }
        flush_lines(&mut buf, out)?;
    }
    Ok(())
}

/// Writes the lines in `buf` (each ending in `\n`) to `out` and empties it.
/// No line ends in spaces: a blank line of a body is an empty line.
fn flush_lines(buf: &mut Vec<u8>, out: &mut impl Write) -> std::io::Result<()> {
    for line in buf.split_inclusive(|&b| b == b'\n') {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let end = text.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        out.write_all(&text[..end])?;
        out.write_all(b"\n")?;
    }
    buf.clear();
    Ok(())
}

/// Writes `body[line]` with the SGR codes of the styles over it (when
/// colours are on; `styles` is empty otherwise).
fn write_styled(
    out: &mut impl Write,
    body: &str,
    line: std::ops::Range<usize>,
    styles: &[(std::ops::Range<usize>, Style)],
    paint: Paint,
) -> std::io::Result<()> {
    if styles.is_empty() {
        return out.write_all(body[line].as_bytes());
    }
    let mut cuts = vec![line.start, line.end];
    for (r, _) in styles {
        for p in [r.start, r.end] {
            if p > line.start && p < line.end && body.is_char_boundary(p) {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let codes: Vec<&str> = styles
            .iter()
            .filter(|(r, _)| r.start <= a && b <= r.end)
            .map(|(_, s)| match s {
                Style::Bold => "1",
                Style::Italic => "3",
                Style::Strike => "9",
                Style::Code => "36",
                Style::Spoiler => "7",
                Style::Underline => "4",
            })
            .collect();
        if codes.is_empty() || !paint.color {
            out.write_all(&body.as_bytes()[a..b])?;
        } else {
            write!(out, "\x1b[{}m{}\x1b[0m", codes.join(";"), &body[a..b])?;
        }
    }
    Ok(())
}

fn width_of_speaker(archive: &Archive, m: &Message) -> usize {
    width(&rare::label(archive.speakers.name(m.speaker), m.kind))
}

//! `daybook show DATE`: one day's messages, wrapped.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::{MessageJson, Outcome, Paint};
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Archive, Day, Message, SpanKind};
use crate::text::{pad_right, sanitize, sanitize_line, width, wrap_into};

/// Consecutive messages of one speaker closer than this show the name once.
pub const GROUP_GAP_SECS: u32 = 5 * 60;

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
    let days = find_day(archive, date, args.channel.as_deref())?;
    if args.json {
        let json: Vec<DayJson> = days
            .iter()
            .map(|d| DayJson {
                date: d.date.to_string(),
                weekday: d.date.format("%A").to_string(),
                channel: archive.channel_name(d),
                path: sanitize_line(&d.path.to_string_lossy()).into_owned(),
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
    let width = args.width.or(config.terminal_width).unwrap_or(80).max(20);
    let paint = Paint {
        color: config.color,
    };
    for (i, day) in days.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_day(archive, day, width, paint, out)?;
    }
    Ok(Outcome::Success)
}

/// The body as shown in text output: images as `[image] URL`.
pub fn display_body<'a>(day: &'a Day, msg: &Message) -> std::borrow::Cow<'a, str> {
    let body = day.body(msg);
    let images: Vec<_> = day
        .spans(msg)
        .iter()
        .filter(|s| s.kind == SpanKind::Image)
        .collect();
    if images.is_empty() {
        return sanitize(body);
    }
    let mut s = String::with_capacity(body.len());
    let mut at = msg.body.start as usize;
    for span in images {
        s.push_str(&day.text[at..span.range.start as usize]);
        s.push_str("[image] ");
        s.push_str(&day.text[span.target.range()]);
        at = span.range.end as usize;
    }
    s.push_str(&day.text[at..msg.body.end as usize]);
    std::borrow::Cow::Owned(sanitize(&s).into_owned())
}

/// A speaker's name as shown: `(no name)` for the empty one.
pub fn speaker_label(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_empty() {
        "(no name)".into()
    } else {
        sanitize_line(name)
    }
}

fn write_day(
    archive: &Archive,
    day: &Day,
    cols: usize,
    paint: Paint,
    out: &mut impl Write,
) -> Result<()> {
    let title = format!(
        "{} {} · {} · {} messages · {} speakers",
        day.date,
        day.date.format("%A"),
        archive.channel_name(day),
        day.messages.len(),
        day.speaker_count
    );
    for r in crate::text::wrap(&title, cols) {
        paint.bold(out, &title[r])?;
        writeln!(out)?;
    }
    writeln!(out)?;

    // Columns: time (8), two spaces, speaker column, two spaces, body.
    let longest = day
        .messages
        .iter()
        .map(|m| width_of_speaker(archive, m))
        .max()
        .unwrap_or(0);
    let speaker_col = longest.min((cols / 4).max(8));
    let body_col = 8 + 2 + speaker_col + 2;
    let (body_col, body_width) = if cols >= body_col + 16 {
        (body_col, cols - body_col)
    } else {
        (10, cols - 10)
    };
    let indent = " ".repeat(body_col);
    let mut lines = Vec::new();
    let mut previous: Option<&Message> = None;
    for msg in &day.messages {
        let name = archive.speakers.name(msg.speaker);
        let label = speaker_label(name);
        let grouped = previous.is_some_and(|p| {
            p.speaker == msg.speaker
                && matches!((p.time.seconds(), msg.time.seconds()), (Some(a), Some(b)) if b >= a && b - a < GROUP_GAP_SECS)
        });
        previous = Some(msg);
        let body = display_body(day, msg);
        lines.clear();
        wrap_into(&body, body_width, &mut lines);
        paint.dim(out, &msg.time.to_string())?;
        out.write_all(b"  ")?;
        let label_w = width(&label);
        let shown = if grouped { "" } else { &label };
        paint.speaker(out, name, shown)?;
        let mut first_on_own_line = false;
        if label_w > speaker_col && !grouped || body_col == 10 {
            // The name does not fit its column: the body starts on the next line.
            first_on_own_line = true;
            writeln!(out)?;
        } else {
            write!(
                out,
                "{}  ",
                pad_right("", speaker_col - if grouped { 0 } else { label_w })
            )?;
        }
        for (i, r) in lines.iter().enumerate() {
            if i > 0 || first_on_own_line {
                out.write_all(indent.as_bytes())?;
            }
            writeln!(out, "{}", &body[r.clone()])?;
        }
    }
    Ok(())
}

fn width_of_speaker(archive: &Archive, m: &Message) -> usize {
    width(&speaker_label(archive.speakers.name(m.speaker)))
}

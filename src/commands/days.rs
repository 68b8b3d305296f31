//! `daybook days`: one line per day (under its app's name when the
//! channels come from several apps).

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use crate::error::Result;
use crate::model::Archive;
use crate::text::{pad_right, sanitize_line, width};

/// One day in `days --json`.
#[derive(Debug, Serialize)]
pub struct DayRow<'a> {
    pub date: String,
    pub weekday: String,
    pub channel: &'a str,
    pub messages: usize,
    pub speakers: u32,
    pub path: String,
    /// The app the channel comes from (`WeChat`, `WhatsApp`, …).
    pub app: &'a str,
    /// The format the day's file was read as (its first, when several).
    pub format: &'a str,
}

pub fn rows(archive: &Archive) -> Vec<DayRow<'_>> {
    archive
        .days
        .iter()
        .map(|d| DayRow {
            date: d.date.to_string(),
            weekday: d.date.format("%a").to_string(),
            channel: archive.channel_name(d),
            messages: d.messages.len(),
            speakers: d.speaker_count,
            path: sanitize_line(&archive.day_path(d).to_string_lossy()).into_owned(),
            app: archive.channels[d.channel as usize].app,
            format: d
                .sources
                .first()
                .map_or("", |&f| archive.files[f as usize].format),
        })
        .collect()
}

pub fn run(archive: &Archive, json: bool, out: &mut impl Write) -> Result<Outcome> {
    let rows = rows(archive);
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    let chw = rows.iter().map(|r| width(r.channel)).max().unwrap_or(0);
    let mw = rows
        .iter()
        .map(|r| r.messages.to_string().len())
        .max()
        .unwrap_or(1);
    let sw = rows
        .iter()
        .map(|r| r.speakers.to_string().len())
        .max()
        .unwrap_or(1);
    let noun = |n: usize, word: &str| {
        if n == 1 {
            format!("{word} ")
        } else {
            format!("{word}s")
        }
    };
    // With several apps, each app's days come under its name, a blank
    // line between apps.
    let apps = archive.several_apps();
    let mut last_app = None;
    for r in &rows {
        if apps && last_app != Some(r.app) {
            if last_app.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", r.app)?;
            last_app = Some(r.app);
        }
        let line = format!(
            "{}  {}  {}  {:>mw$} {}  {:>sw$} {}",
            r.date,
            r.weekday,
            pad_right(r.channel, chw),
            r.messages,
            noun(r.messages, "message"),
            r.speakers,
            noun(r.speakers as usize, "speaker"),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(Outcome::Success)
}

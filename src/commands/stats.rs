//! `daybook stats`: totals, top speakers, busiest days, messages by hour.

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use crate::cli::StatsArgs;
use crate::error::Result;
use crate::model::Archive;
use crate::present::{bar, by_app_lines};
use crate::query::stats::Stats;
use crate::text::{pad_right, width};

/// The width of the longest bar in the hour chart.
const BAR_WIDTH: usize = 40;

#[derive(Serialize)]
struct StatsJson<'a> {
    channels: usize,
    days: usize,
    /// Messages but system messages, which are counted apart.
    messages: usize,
    /// System messages (joins, quits, notices of the app).
    system: usize,
    speakers: usize,
    first_day: Option<String>,
    last_day: Option<String>,
    top_speakers: Vec<NameCount<'a>>,
    busiest_days: Vec<DayCount<'a>>,
    by_hour: [usize; 24],
    by_weekday: [usize; 7],
    unknown_time: usize,
    /// Messages per calendar date (the statistics view's heatmap).
    per_date: Vec<DateCount>,
    /// The totals of each app's channels.
    by_app: Vec<AppJson>,
}

#[derive(Serialize)]
struct AppJson {
    app: &'static str,
    channels: usize,
    days: usize,
    messages: usize,
    system: usize,
    speakers: usize,
    first_day: Option<String>,
    last_day: Option<String>,
}

#[derive(Serialize)]
struct DateCount {
    date: String,
    messages: usize,
}

#[derive(Serialize)]
struct NameCount<'a> {
    name: &'a str,
    messages: usize,
}

#[derive(Serialize)]
struct DayCount<'a> {
    date: String,
    channel: &'a str,
    messages: usize,
}

pub fn run(archive: &Archive, args: &StatsArgs, out: &mut impl Write) -> Result<Outcome> {
    let s = Stats::compute(archive, None, args.top);
    let top: Vec<NameCount> = s
        .top_speakers
        .iter()
        .map(|&(id, n)| NameCount {
            name: archive.speakers.name(id),
            messages: n,
        })
        .collect();
    let busiest: Vec<DayCount> = s
        .busiest_days
        .iter()
        .map(|&(i, n)| DayCount {
            date: archive.days[i].date.to_string(),
            channel: archive.channel_name(&archive.days[i]),
            messages: n,
        })
        .collect();
    if args.json {
        let json = StatsJson {
            channels: s.channels,
            days: s.days,
            messages: s.messages,
            system: s.system,
            speakers: s.speakers,
            first_day: s.first.map(|d| d.to_string()),
            last_day: s.last.map(|d| d.to_string()),
            top_speakers: top,
            busiest_days: busiest,
            by_hour: s.by_hour,
            by_weekday: s.by_weekday,
            unknown_time: s.unknown_time,
            per_date: s
                .per_date
                .iter()
                .map(|&(d, n)| DateCount {
                    date: d.to_string(),
                    messages: n,
                })
                .collect(),
            by_app: s
                .by_app
                .iter()
                .map(|a| AppJson {
                    app: a.app,
                    channels: a.channels,
                    days: a.days,
                    messages: a.messages,
                    system: a.system,
                    speakers: a.speakers,
                    first_day: a.first.map(|d| d.to_string()),
                    last_day: a.last.map(|d| d.to_string()),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    let span = match (s.first, s.last) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "-".into(),
    };
    let system = if s.system > 0 {
        format!(", {}", super::plural(s.system, "system message"))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}, {}, {}{system}, {}, {span}",
        super::plural(s.channels, "channel"),
        super::plural(s.days, "day"),
        super::plural(s.messages, "message"),
        super::plural(s.speakers, "speaker")
    )?;
    if s.by_app.len() > 1 {
        writeln!(out, "\nBy app")?;
        for line in by_app_lines(&s) {
            writeln!(out, "  {line}")?;
        }
    }
    let nw = top
        .iter()
        .map(|t| t.messages.to_string().len())
        .chain(busiest.iter().map(|b| b.messages.to_string().len()))
        .max()
        .unwrap_or(1);
    writeln!(out, "\nTop speakers")?;
    for t in &top {
        writeln!(
            out,
            "  {:>nw$}  {}",
            t.messages,
            super::show::speaker_label(t.name)
        )?;
    }
    writeln!(out, "\nBusiest days")?;
    let cw = busiest.iter().map(|b| width(b.channel)).max().unwrap_or(0);
    for (b, &(i, _)) in busiest.iter().zip(&s.busiest_days) {
        let weekday = archive.days[i].date.format("%a");
        writeln!(
            out,
            "  {:>nw$}  {} {weekday}  {}",
            b.messages,
            b.date,
            pad_right(b.channel, cw).trim_end()
        )?;
    }
    writeln!(out, "\nMessages by hour")?;
    let max = s.by_hour.iter().copied().max().unwrap_or(0);
    let hw = max.to_string().len();
    for (h, &n) in s.by_hour.iter().enumerate() {
        writeln!(
            out,
            "{}",
            format!("  {h:02}  {n:>hw$}  {}", bar(n, max, BAR_WIDTH)).trim_end()
        )?;
    }
    if s.unknown_time > 0 {
        writeln!(out, "  ??  {:>hw$}  (impossible times)", s.unknown_time)?;
    }
    // The statistics view's heatmap as a table: messages per month.
    writeln!(out, "\nMessages by month")?;
    let mut months: Vec<(String, usize)> = Vec::new();
    for &(d, n) in &s.per_date {
        let key = d.format("%Y-%m").to_string();
        match months.last_mut() {
            Some((k, total)) if *k == key => *total += n,
            _ => months.push((key, n)),
        }
    }
    let mmax = months.iter().map(|m| m.1).max().unwrap_or(0);
    let mw = mmax.to_string().len();
    for (m, n) in &months {
        writeln!(
            out,
            "{}",
            format!("  {m}  {n:>mw$}  {}", bar(*n, mmax, BAR_WIDTH)).trim_end()
        )?;
    }
    Ok(Outcome::Success)
}

//! `daybook search QUERY`: the messages that match, with matches marked.

use std::io::Write;
use std::ops::Range;

use super::{MessageJson, Outcome, Paint};
use crate::cli::SearchArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Archive, Day};
use crate::query::{self, Matcher};
use crate::text::sanitize_line;

pub fn run(
    archive: &Archive,
    args: &SearchArgs,
    config: &Config,
    out: &mut impl Write,
) -> Result<Outcome> {
    let query = query::parse(&args.query).map_err(|e| Error::query(&args.query, e))?;
    let matcher = Matcher::new(&query, archive);
    let paint = Paint {
        color: config.color,
    };
    let show_channel = archive.channels.len() > 1;
    let mut total = 0usize;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut hits: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
    let mut first_group = true;
    for day in archive.days.iter().filter(|d| matcher.matches_day(d)) {
        hits.clear();
        for (i, msg) in day.messages.iter().enumerate() {
            if args.count {
                if matcher.matches(day, msg) {
                    total += 1;
                }
            } else {
                ranges.clear();
                if matcher.highlights(day, msg, &mut ranges) {
                    hits.push((i, ranges.clone()));
                }
            }
        }
        if args.count || hits.is_empty() {
            continue;
        }
        total += hits.len();
        // Groups of messages to print: hits with their context, merged.
        let n = day.messages.len();
        let mut h = 0;
        while h < hits.len() {
            let start = hits[h].0.saturating_sub(args.context);
            let mut end = (hits[h].0 + args.context + 1).min(n);
            let mut last = h;
            while last + 1 < hits.len() && hits[last + 1].0.saturating_sub(args.context) <= end {
                last += 1;
                end = (hits[last].0 + args.context + 1).min(n);
            }
            if args.context > 0 && !args.json {
                if !first_group {
                    writeln!(out, "--")?;
                }
                first_group = false;
            }
            let group = &hits[h..=last];
            for i in start..end {
                let hit = group
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, r)| r.as_slice());
                if args.json {
                    let msg = &day.messages[i];
                    let mut json = MessageJson::new(archive, day, msg);
                    json.matches = Some(
                        hit.unwrap_or_default()
                            .iter()
                            .map(|r| [r.start, r.end])
                            .collect(),
                    );
                    json.context = hit.is_none();
                    serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                } else {
                    write_line(archive, day, i, hit, show_channel, paint, out)?;
                }
            }
            h = last + 1;
        }
    }
    if args.count {
        if args.json {
            writeln!(out, "{{\"count\":{total}}}")?;
        } else {
            writeln!(out, "{total}")?;
        }
    }
    Ok(if total > 0 {
        Outcome::Success
    } else {
        Outcome::NotFound
    })
}

/// `DATE TIME  [CHANNEL  ]SPEAKER: body` for a match, `SPEAKER- body` for context.
fn write_line(
    archive: &Archive,
    day: &Day,
    index: usize,
    hit: Option<&[Range<usize>]>,
    show_channel: bool,
    paint: Paint,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let msg = &day.messages[index];
    paint.dim(out, &format!("{} {}", day.date, msg.time))?;
    out.write_all(b"  ")?;
    if show_channel {
        paint.dim(out, &sanitize_line(archive.channel_name(day)))?;
        out.write_all(b"  ")?;
    }
    let name = archive.speakers.name(msg.speaker);
    paint.speaker(out, name, &super::show::speaker_label(name))?;
    out.write_all(if hit.is_some() { b": " } else { b"- " })?;
    let body = day.body(msg);
    let mut at = 0;
    for r in hit.unwrap_or_default() {
        out.write_all(sanitize_line(&body[at..r.start]).as_bytes())?;
        paint.hit(out, &sanitize_line(&body[r.clone()]))?;
        at = r.end;
    }
    out.write_all(sanitize_line(&body[at..]).as_bytes())?;
    writeln!(out)
}

//! `daybook search QUERY`: the messages that match, with matches marked.

use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use std::borrow::Cow;

use super::{MessageJson, Outcome, Paint};
use crate::cli::SearchArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Archive, Card, Day, Message, MessageKind, SpanKind};
use crate::present::{NO_TEXT, SYSTEM_MARKER, emoji_for};
use crate::query::{self, Marked, Matcher, Prefilter};
use crate::settings::{EmojiMode, Look};
use crate::text::sanitize_line;

/// `daybook search` reading only what the query needs: the same output as
/// [`super::open`] followed by [`run`] (with the same one-line report of
/// unreadable files on `err`), without building the whole model. Days that
/// the query's dates rule out are not parsed, and when the query has a
/// positive text term only the messages whose raw bytes could match are
/// (see [`crate::archive::scan`]). A query with `from:` needs every
/// speaker's name, so it loads the whole archive.
pub fn run_paths(
    paths: &[PathBuf],
    args: &SearchArgs,
    config: &Config,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let parsed = query::parse(&args.query);
    let needs_model = match &parsed {
        Ok(q) => paths.is_empty() || q.speakers().chain(q.excluded_speakers()).next().is_some(),
        Err(_) => true,
    };
    if needs_model {
        let archive = super::open_with(paths, &config.load)?;
        crate::archive::require_archive(&archive, paths)?;
        super::report_errors(&archive, err)?;
        return run(&archive, args, config, out);
    }
    let query = parsed.map_err(|e| Error::query(&args.query, e))?;
    let dates = query.dates();
    let in_dates = |d| dates.contains(d);
    let prefilter = Prefilter::new(&query);
    let selection = crate::archive::Selection {
        dates: &in_dates,
        dates_may_rule_out: !dates.is_unbounded(),
        filter: prefilter
            .as_ref()
            .map(|p| p as &dyn crate::archive::RawFilter),
        lines: args.json && !args.count,
        count_only: args.count,
        options: config.load,
    };
    let crate::archive::Scan { mut archive, sure } = crate::archive::scan(paths, &selection)?;
    crate::archive::require_archive(&archive, paths)?;
    super::report_errors(&archive, err)?;
    if args.count {
        let matcher = Matcher::new(&query, &archive);
        let sure: usize = sure
            .iter()
            .enumerate()
            .filter(|&(ch, _)| matcher.matches_channel(ch as u32))
            .map(|(_, n)| n)
            .sum();
        // Fuzzy scoring can be most of the work: days in parallel.
        let hits: usize = archive
            .days
            .par_iter()
            .filter(|d| matcher.matches_day(d))
            .map(|d| d.messages.iter().filter(|m| matcher.matches(d, m)).count())
            .sum();
        let total = sure + hits;
        write_count(total, args.json, out)?;
        return Ok(outcome(total));
    }
    if args.context > 0 && prefilter.is_some() {
        let matcher = Matcher::new(&query, &archive);
        let paths: std::collections::HashSet<PathBuf> = archive
            .days
            .iter()
            .filter(|d| matcher.matches_day(d) && d.messages.iter().any(|m| matcher.matches(d, m)))
            .map(|d| archive.day_path(d).to_path_buf())
            .collect();
        drop(matcher);
        let wanted: Vec<bool> = archive
            .days
            .iter()
            .map(|d| paths.contains(archive.day_path(d)))
            .collect();
        crate::archive::complete_days(&mut archive, &|i| wanted[i]);
    }
    run(&archive, args, config, out)
}

/// `N`, or `{"count":N}` with `json`.
fn write_count(total: usize, json: bool, out: &mut impl Write) -> std::io::Result<()> {
    if json {
        writeln!(out, "{{\"count\":{total}}}")
    } else {
        writeln!(out, "{total}")
    }
}

fn outcome(total: usize) -> Outcome {
    if total > 0 {
        Outcome::Success
    } else {
        Outcome::NotFound
    }
}

pub fn run(
    archive: &Archive,
    args: &SearchArgs,
    config: &Config,
    out: &mut impl Write,
) -> Result<Outcome> {
    run_from(archive, args, config, out, None)
}

/// [`run`], with only the messages of each day `i` from `from[i]` on as
/// candidates (the ones added while following); context still comes from
/// the whole day.
pub fn run_from(
    archive: &Archive,
    args: &SearchArgs,
    config: &Config,
    out: &mut impl Write,
    from: Option<&[usize]>,
) -> Result<Outcome> {
    let query = query::parse(&args.query).map_err(|e| Error::query(&args.query, e))?;
    let matcher = Matcher::new(&query, archive);
    let paint = Paint::new(config);
    let look = &config.settings.look;
    let show_channel = archive.channels.len() > 1;
    let mut total = 0usize;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // Per matching message: its index, the ranges to mark, and how many
    // occurrences were left unmarked (a term past MAX_HIGHLIGHTS).
    let mut hits: Vec<(usize, Vec<Range<usize>>, usize)> = Vec::new();
    let mut first_group = true;
    for (d, day) in archive.days.iter().enumerate() {
        let first = from.map_or(0, |f| f.get(d).copied().unwrap_or(0));
        if first >= day.messages.len() || !matcher.matches_day(day) {
            continue;
        }
        hits.clear();
        for (i, msg) in day.messages.iter().enumerate().skip(first) {
            if args.count {
                if matcher.matches(day, msg) {
                    total += 1;
                }
            } else {
                match matcher.mark(day, msg, &mut ranges) {
                    Marked::No => {}
                    Marked::All => hits.push((i, ranges.clone(), 0)),
                    Marked::Partial { from } => {
                        let more = matcher.count_from(day, msg, from);
                        hits.push((i, ranges.clone(), more));
                    }
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
            // Saturating: `--context` may be as large as usize allows.
            let after = |i: usize| i.saturating_add(args.context).saturating_add(1).min(n);
            let start = hits[h].0.saturating_sub(args.context);
            let mut end = after(hits[h].0);
            let mut last = h;
            while last + 1 < hits.len() && hits[last + 1].0.saturating_sub(args.context) <= end {
                last += 1;
                end = after(hits[last].0);
            }
            if args.context > 0 && !args.json {
                if !first_group {
                    writeln!(out, "--")?;
                }
                first_group = false;
            }
            // Hits are sorted by message: walk them alongside, not search
            // them for each message (a day of hits was quadratic).
            let mut group = hits[h..=last].iter().peekable();
            for i in start..end {
                while group.next_if(|(j, _, _)| *j < i).is_some() {}
                let found = group.next_if(|(j, _, _)| *j == i);
                let hit = found.map(|(_, r, _)| r.as_slice());
                let more = found.map_or(0, |h| h.2);
                if args.json {
                    let msg = &day.messages[i];
                    let mut json = MessageJson::new(archive, day, msg);
                    json.set_matches(day, msg, hit.unwrap_or_default());
                    json.more_matches = (more > 0).then_some(more);
                    json.context = hit.is_none();
                    serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                } else {
                    let line = Line {
                        day,
                        index: i,
                        hit,
                        more,
                        show_channel,
                    };
                    write_line(archive, &line, look, paint, out)?;
                }
            }
            h = last + 1;
        }
    }
    if args.count {
        write_count(total, args.json, out)?;
    }
    Ok(outcome(total))
}

/// One message of the output.
struct Line<'a> {
    day: &'a Day,
    index: usize,
    /// The matched byte ranges of the body; `None` for context.
    hit: Option<&'a [Range<usize>]>,
    /// Occurrences left unmarked (a term past `MAX_HIGHLIGHTS`).
    more: usize,
    show_channel: bool,
}

/// `DATE TIME  [CHANNEL  ]SPEAKER: body` for a match, `SPEAKER- body` for
/// context; the time as the config's `time_format` writes it, and emoji
/// codes as emoji with its `emoji = "unicode"`; a match with occurrences
/// left unmarked says how many.
fn write_line(
    archive: &Archive,
    line: &Line,
    look: &Look,
    paint: Paint,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let day = line.day;
    let msg = &day.messages[line.index];
    paint.dim(out, &format!("{} {}", day.date, look.time(msg.time)))?;
    out.write_all(b"  ")?;
    if line.show_channel {
        paint.dim(out, &sanitize_line(archive.channel_name(day)))?;
        out.write_all(b"  ")?;
    }
    let name = archive.speakers.name(msg.speaker);
    paint.speaker(out, name, &super::show::speaker_label(name))?;
    out.write_all(if line.hit.is_some() { b": " } else { b"- " })?;
    // Hits are ranges into the message's search text: the body, then each
    // attachment's title after a newline.
    let hits = line.hit.unwrap_or_default();
    let body_len = msg.body.len();
    let body_hits: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| h.start < body_len)
        .map(|h| h.start..h.end.min(body_len))
        .collect();
    let cards: Vec<Card<'_>> = day
        .index_of(msg)
        .map(|i| day.cards(i).collect())
        .unwrap_or_default();
    let system = msg.kind == MessageKind::System;
    if system {
        paint.dim(out, SYSTEM_MARKER)?;
        if msg.body.is_empty() && cards.is_empty() {
            out.write_all(b" ")?;
            out.write_all(NO_TEXT.as_bytes())?;
        } else if !msg.body.is_empty() {
            out.write_all(b" ")?;
        }
    }
    let (body, body_hits) = if look.emoji == EmojiMode::Unicode {
        let (b, h) = with_emoji(day, msg, &body_hits);
        (b, h.into_owned())
    } else {
        (Cow::Borrowed(day.body(msg)), body_hits)
    };
    write_marked(&body, &body_hits, 0, paint, out)?;
    let mut written = system || !body.is_empty();
    let mut at = body_len;
    for card in &cards {
        at += 1;
        if written {
            out.write_all(sanitize_line("\n").as_bytes())?;
        }
        written = true;
        paint.dim(out, &card.marker())?;
        if !card.title.is_empty() {
            out.write_all(b" ")?;
            write_marked(card.title, hits, at, paint, out)?;
        }
        if let Some(d) = card.detail_text() {
            out.write_all(b" ")?;
            out.write_all(sanitize_line(&d).as_bytes())?;
        }
        at += card.title.len();
    }
    if line.more > 0 {
        let what = if line.more == 1 { "match" } else { "matches" };
        out.write_all(b"  ")?;
        paint.dim(out, &format!("(+{} more {what}, not marked)", line.more))?;
    }
    writeln!(out)
}

/// Writes `text` on one line, marking the parts of `hits` (ranges into a
/// longer text in which `text` starts at `at`) that fall in it.
fn write_marked(
    text: &str,
    hits: &[Range<usize>],
    at: usize,
    paint: Paint,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut pos = 0;
    for h in hits {
        let (s, e) = (h.start.max(at), h.end.min(at + text.len()));
        if s >= e {
            continue;
        }
        let (s, e) = (s - at, e - at);
        if s < pos {
            continue;
        }
        out.write_all(sanitize_line(&text[pos..s]).as_bytes())?;
        paint.hit(out, &sanitize_line(&text[s..e]))?;
        pos = e;
    }
    out.write_all(sanitize_line(&text[pos..]).as_bytes())
}

/// The body with its WeChat emoji codes replaced by emoji where one fits,
/// and `hits` (byte ranges into the body) moved onto the new text: a hit
/// that starts or ends inside a replaced code covers its emoji.
fn with_emoji<'a>(
    day: &'a Day,
    msg: &Message,
    hits: &'a [Range<usize>],
) -> (Cow<'a, str>, Cow<'a, [Range<usize>]>) {
    let body = day.body(msg);
    let base = msg.body.start as usize;
    // (old range, new range) of each replaced code, in order.
    let mut moved: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut text = String::new();
    let mut at = 0;
    for span in day.spans(msg) {
        if span.kind != SpanKind::Emoji {
            continue;
        }
        let Some(emoji) = emoji_for(&day.text[span.target.range()]) else {
            continue;
        };
        let old = span.range.start as usize - base..span.range.end as usize - base;
        text.push_str(&body[at..old.start]);
        let start = text.len();
        text.push_str(emoji);
        moved.push((old.clone(), start..text.len()));
        at = old.end;
    }
    if moved.is_empty() {
        return (Cow::Borrowed(body), Cow::Borrowed(hits));
    }
    text.push_str(&body[at..]);
    let place = |p: usize, end: bool| -> usize {
        let mut shift: isize = 0;
        for (old, new) in &moved {
            if p <= old.start {
                break;
            }
            if p < old.end {
                return if end { new.end } else { new.start };
            }
            shift += new.len() as isize - old.len() as isize;
        }
        (p as isize + shift) as usize
    };
    let hits = hits
        .iter()
        .map(|r| place(r.start, false)..place(r.end, true))
        .filter(|r| r.start < r.end)
        .collect();
    (Cow::Owned(text), Cow::Owned(hits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_codes_become_emoji_and_hits_follow() {
        let archive = crate::archive::load_embedded();
        let day = archive
            .days
            .iter()
            .find(|d| d.date.to_string() == "2018-01-22")
            .unwrap();
        let msg = day
            .messages
            .iter()
            .find(|m| day.body(m).contains("[强]") && day.body(m).len() > 5)
            .or_else(|| day.messages.iter().find(|m| day.body(m) == "[强]"))
            .unwrap();
        let body = day.body(msg);
        let code = body.find("[强]").unwrap();
        let hits = vec![code + 1..code + 4, 0..code.max(1).min(body.len())];
        let (text, moved) = with_emoji(day, msg, &hits);
        assert!(text.contains('👍') && !text.contains("[强]"), "{text}");
        let e = text.find('👍').unwrap();
        assert_eq!(
            moved[0],
            e..e + '👍'.len_utf8(),
            "a hit inside a code covers its emoji"
        );
        for r in moved.iter() {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

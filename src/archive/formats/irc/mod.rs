//! IRC logs: irssi, WeeChat, ZNC, HexChat/XChat, mIRC, Textual,
//! Supybot/Limnoria, dircproxy, The Lounge and plain `[HH:MM] <nick> text`
//! logs, per-day files or one growing file.
//!
//! A log is lines, each a time ([`stamp`]) then a message, a notice, an
//! action or an event ([`body`]); growing logs carry day markers (`---
//! Day changed …`). One file is one channel (named from the file or its
//! folder, [`names`]): per-day files of one channel in one folder merge.
//!
//! Dates: in the line (WeeChat, Supybot, Textual, The Lounge), else the
//! last day marker, else the date in the file's name. A time-only log
//! that goes back by more than [`ROLLOVER_HOURS`] hours without a marker
//! has passed midnight: the next lines are the next day (a note says so).
//! HexChat and dircproxy lines give the month and day; the year comes
//! from a marker or the name. Times are naive (shown as written) except
//! Textual's, which carry an offset, and Unix times: those are shown in
//! the reader's zone.
//!
//! Text: mIRC formatting codes ([`codes`]) become bold, italic,
//! underline, strike and code styles, colours are dropped; a line that is
//! not UTF-8 is read as cp1252 (as irclog2html does), with a note, and the
//! rest of the file is unaffected. Joins, parts, quits, nick and mode
//! changes, kicks and topics are system messages whose speaker is who did
//! it (`joined #chan`, `quit (Ping timeout)`); the client's own lines
//! (`*** You connected`) are system messages without a speaker. Nick mode
//! prefixes (`@`, `+`, `%`, `~`, `&`) are not part of the speaker.

mod body;
mod codes;
mod names;
mod parts;
mod read_on;
mod stamp;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use chrono::{Datelike, Days, FixedOffset, NaiveDate, TimeZone};

use super::jekyll::{Lines, check_bytes, is_header_line};
use super::{
    Builder, ChatId, Confidence, Format, Loc, MessageBuilder, ParseContext, Parsed, Probe, ReadOn,
    Resume,
};
use crate::archive::encoding;
use crate::model::{MessageKind, Severity, Style, TimeOfDay, Zone};
use body::Body;
use stamp::{Hms, Layout, Marker, Stamp};

/// IRC logs behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Irc;

/// The app label of IRC channels.
pub const APP: &str = "IRC";

/// A time-only log whose time goes back by more than this many hours
/// without a day marker has passed midnight.
pub const ROLLOVER_HOURS: u32 = 6;

/// A line longer than this (in bytes) is cut to it, with a warning: IRC
/// lines are at most 512 bytes on the wire, so such a line is damage or
/// an attack, and a body this long is already unreadable.
pub const MAX_LINE: usize = 1 << 20;

/// How many lines of one kind of trouble are reported one by one; the
/// rest are counted in one more diagnostic.
const REPORTS: usize = 10;

/// How many non-blank lines detection reads.
const DETECT_LINES: usize = 50;

/// IRC logs.
#[derive(Debug, Clone, Copy)]
pub struct Irc;

impl Format for Irc {
    fn name(&self) -> &'static str {
        "irc"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &[
            "irssi", "weechat", "znc", "hexchat", "xchat", "mirc", "textual", "supybot",
        ]
    }

    fn app(&self) -> &'static str {
        APP
    }

    /// A client writes its log line by line as the channel talks.
    fn appends(&self) -> bool {
        true
    }

    fn extensions(&self) -> &'static [&'static str] {
        names::EXTENSIONS
    }

    /// Logs end in `.log`, `.txt` or `.weechatlog`, or are named after
    /// their channel (`#chan`, `#chan.network`).
    fn may_read(&self, probe: &Probe<'_>) -> bool {
        probe.ext.is_empty()
            || probe.name.contains('#')
            || self.extensions().iter().any(|e| probe.has_ext(e))
    }

    /// Most of the first lines are IRC lines: a time, then a message, an
    /// action or an event in some client's words (or a day marker), and
    /// none is a header of the reference format.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        let named = probe.has_ext("weechatlog");
        if probe.head.is_empty() {
            return named.then_some(Confidence::Name);
        }
        if memchr::memchr(0, probe.head).is_some() {
            return None;
        }
        let mut text = probe.text();
        if probe.head.len() >= super::PROBE_BYTES {
            // The last line is cut short by the probe (when there are two).
            if let Some(end) = text.rfind('\n') {
                text = &text[..end];
            }
        }
        let (mut seen, mut irc) = (0usize, 0usize);
        // Lazily: a day file of another format is told at its first lines.
        for line in text
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !is_blank(l))
            .take(DETECT_LINES)
        {
            if is_header_line(line.as_bytes()) {
                return None;
            }
            seen += 1;
            let mut styles = Vec::new();
            let line = codes::strip(line, &mut styles);
            if stamp::marker(&line).is_some() {
                irc += 1;
            } else if let Some((_, rest, layout)) = stamp::stamp(&line) {
                if stamp::marker(rest).is_some() || read_body(rest, layout).is_evidence() {
                    irc += 1;
                }
            }
        }
        (irc > 0 && irc * 2 > seen).then_some(if named {
            Confidence::Certain
        } else {
            Confidence::Content
        })
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse(bytes, ctx)
    }

    fn read_on(
        &self,
        bytes: &[u8],
        from: Option<&Resume>,
        ctx: &ParseContext<'_>,
    ) -> Option<ReadOn> {
        read_on::read_on(bytes, from, ctx)
    }
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|c| c == b' ' || c == b'\t')
}

fn read_body(rest: &str, layout: Layout) -> Body<'_> {
    match layout {
        Layout::Plain => body::plain(rest),
        Layout::WeeChat => body::weechat(rest),
    }
}

/// Lines of one kind of trouble: the first [`REPORTS`] are reported one
/// by one, the rest counted.
#[derive(Debug, Default)]
struct Trouble {
    lines: Vec<(u32, String)>,
    more: usize,
    first_more: u32,
}

impl Trouble {
    fn add(&mut self, line: u32, what: impl FnOnce() -> String) {
        if self.lines.len() < REPORTS {
            self.lines.push((line, what()));
        } else {
            if self.more == 0 {
                self.first_more = line;
            }
            self.more += 1;
        }
    }

    fn count(&self) -> usize {
        self.lines.len() + self.more
    }

    /// Reports the lines, and `more` (given the count) for the rest.
    fn report(&self, b: &mut Builder<'_>, severity: Severity, more: impl Fn(usize) -> String) {
        for (line, what) in &self.lines {
            b.diag(Loc::Line(*line), severity, what);
        }
        if self.more > 0 {
            b.diag(Loc::Line(self.first_more), severity, more(self.more));
        }
    }
}

/// The current date of a log as its lines are read.
#[derive(Debug)]
struct Calendar {
    /// The date of the lines that carry none.
    current: Option<NaiveDate>,
    /// The last time (seconds) of the current date, for rollovers.
    last: Option<u32>,
    /// The first rollover: line, from, to, the new date; and how many.
    rollover: Option<(u32, TimeOfDay, TimeOfDay, NaiveDate)>,
    rollovers: usize,
}

impl Calendar {
    fn new(current: Option<NaiveDate>) -> Self {
        Calendar {
            current,
            last: None,
            rollover: None,
            rollovers: 0,
        }
    }

    /// Moves to `date` at `time`.
    fn set(&mut self, date: NaiveDate, time: TimeOfDay) {
        self.current = Some(date);
        self.last = time.seconds();
    }

    /// The date of a time-only line at `time`: the current one, or the
    /// next when the time went back by a lot.
    fn time_only(&mut self, time: TimeOfDay, line: u32) -> Option<NaiveDate> {
        let mut date = self.current?;
        if let (Some(last), Some(now)) = (self.last, time.seconds()) {
            if now + ROLLOVER_HOURS * 3600 < last {
                date = date.succ_opt()?;
                self.current = Some(date);
                self.rollovers += 1;
                if self.rollover.is_none() {
                    let from = TimeOfDay::from_hms(last / 3600, last / 60 % 60, last % 60)
                        .unwrap_or(TimeOfDay::UNKNOWN);
                    self.rollover = Some((line, from, time, date));
                }
            }
        }
        if let Some(now) = time.seconds() {
            self.last = Some(now);
        }
        Some(date)
    }

    /// The date of a line that gives its month and day.
    fn month_day(&mut self, month: u32, day: u32) -> Result<NaiveDate, Undated> {
        let current = self.current.ok_or(Undated::NoYear)?;
        let year = current.year();
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(Undated::Impossible)?;
        // December, then January: the next year.
        if date + Days::new(180) < current {
            return NaiveDate::from_ymd_opt(year + 1, month, day).ok_or(Undated::Impossible);
        }
        Ok(date)
    }

    fn marker(&mut self, marker: Marker) -> Result<(), &'static str> {
        match marker {
            Marker::Opened(Some((date, time))) => {
                self.current = Some(date);
                self.last = time.and_then(Hms::time).map(|t| {
                    use chrono::Timelike;
                    t.num_seconds_from_midnight()
                });
            }
            Marker::Opened(None) => {
                return Err("a marker of a log opened whose date cannot be read");
            }
            Marker::DayChanged(Some(date)) => {
                self.current = Some(date);
                self.last = None;
            }
            Marker::DayChanged(None) => {
                self.current = self.current.and_then(|d| d.succ_opt());
                self.last = None;
                return Err(
                    "a day marker whose date cannot be read: the lines after it are read as the next day",
                );
            }
            Marker::Other => {}
        }
        Ok(())
    }
}

/// Why a line has no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Undated {
    /// Nothing before it gave a date (or a year).
    NoYear,
    /// Its date does not exist (`2021-02-30`) and no date came before it.
    Impossible,
}

/// What went wrong in a file, reported at the end.
#[derive(Debug, Default)]
struct Troubles {
    not_irc: Trouble,
    bad_time: Trouble,
    bad_date: Trouble,
    undated: Trouble,
    huge: Trouble,
}

/// Reads one log file.
fn parse(bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    parse_with(bytes, ctx, true)
}

/// [`parse`], reading a big log in parts on all cores ([`parts`]) or not.
fn parse_with(bytes: &[u8], ctx: &ParseContext<'_>, parallel: bool) -> Parsed {
    let mut b = Builder::new(FORMAT, ctx);
    let bytes = &bytes[encoding::utf8_boms(bytes)..];
    if bytes.iter().all(u8::is_ascii_whitespace) {
        b.diag(Loc::Line(1), Severity::Note, "empty file");
        return b.finish();
    }
    if let Some((severity, why)) = check_bytes(bytes, true) {
        b.diag(Loc::Line(1), severity, why);
        return b.finish();
    }
    let text = decode(bytes, ctx, &mut b);
    if let Some(parts) = parallel.then(|| parts::parse(&text, ctx)).flatten() {
        return parts.finish(b, ctx);
    }
    let mut reader = Reader::new(ctx);
    reader.read_lines(&mut b, &text, 0);
    reader.finish(&mut b);
    b.finish()
}

/// The characters that end a line in Unicode but not in an IRC log.
const SEPARATORS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// An IRC line is one line: NEL and the Unicode line and paragraph
/// separators inside it are shown as `␤` (as the sanitiser shows a newline
/// in one-line text), never as a break in the message's body.
/// `separators` says whether the file holds any: when it holds none, no
/// line is searched.
fn one_line(line: &str, separators: bool) -> Cow<'_, str> {
    if separators && has_separator(line.as_bytes()) {
        Cow::Owned(line.replace(SEPARATORS, "\u{2424}"))
    } else {
        Cow::Borrowed(line)
    }
}

/// Whether `line` holds one of the [`SEPARATORS`]: a search for their
/// lead bytes (`C2` of NEL, `E2` of the other two), then a look at the
/// bytes after, instead of decoding every character.
fn has_separator(line: &[u8]) -> bool {
    memchr::memchr2_iter(0xC2, 0xE2, line).any(|i| match line[i] {
        0xC2 => line.get(i + 1) == Some(&0x85),
        _ => line
            .get(i + 1..i + 3)
            .is_some_and(|t| t == [0x80, 0xA8] || t == [0x80, 0xA9]),
    })
}

/// The file as text: UTF-8 (borrowed), UTF-16 or UTF-32 with a BOM, or
/// line by line UTF-8 where it is valid and cp1252 where it is not.
fn decode<'a>(bytes: &'a [u8], ctx: &ParseContext<'_>, b: &mut Builder<'_>) -> Cow<'a, str> {
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    if encoding::has_wide_bom(bytes) {
        let mut diags = Vec::new();
        let text = ctx.decode(bytes, &mut diags).into_owned();
        for d in diags {
            b.diag(Loc::Line(d.line), d.severity, &d.message);
        }
        return Cow::Owned(text);
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut lines = Lines::new(bytes, 0, 0);
    let mut legacy: Vec<u32> = Vec::new();
    while let Some((number, range)) = lines.next() {
        let line = &bytes[range.clone()];
        if let Ok(s) = simdutf8::basic::from_utf8(line) {
            out.push_str(s);
        } else {
            legacy.push(number);
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
            out.push_str(&s);
        }
        // The line's ending, as it was (ASCII).
        out.push_str(std::str::from_utf8(&bytes[range.end..lines.pos()]).unwrap_or("\n"));
    }
    if let Some(&first) = legacy.first() {
        let what = match legacy.len() {
            1 => "this line is not UTF-8: read as cp1252 (Windows-1252); the rest of the file is UTF-8"
                .to_owned(),
            n => format!(
                "{n} lines are not UTF-8 (this one first): read as cp1252 (Windows-1252); the rest of the file is UTF-8"
            ),
        };
        b.diag(Loc::Line(first), Severity::Note, what);
    }
    Cow::Owned(out)
}

/// The state of one file being read.
struct Reader {
    chat: Option<ChatId>,
    name: names::ChatName,
    calendar: Calendar,
    zone: Zone,
    troubles: Troubles,
    /// Styles of the line being read (reused).
    styles: Vec<(Style, Range<usize>)>,
    /// Whether the line being read holds a formatting code (found by
    /// [`Reader::read_lines`] for all lines at once).
    codes: bool,
    messages: usize,
}

impl Reader {
    /// A reader of the file `ctx` names: its chat named and
    /// its calendar started from the file's name.
    fn new(ctx: &ParseContext<'_>) -> Self {
        let file_name = ctx
            .path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        Reader {
            chat: None,
            name: names::chat_name(
                &file_name,
                &ctx.folder_name(),
                &ctx.folder.to_string_lossy(),
            ),
            calendar: Calendar::new(names::date_in(&file_name).map(|(d, _)| d)),
            zone: ctx.zone,
            troubles: Troubles::default(),
            styles: Vec::new(),
            codes: false,
            messages: 0,
        }
    }

    /// Reads every line of `text`, numbered from `first_line`; returns the
    /// number of the last line (`first_line` where there is none).
    fn read_lines(&mut self, b: &mut Builder<'_>, text: &str, first_line: u32) -> u32 {
        let separators = has_separator(text.as_bytes());
        let mut last = first_line;
        let mut code = codes::next_code(text.as_bytes(), 0);
        for (number, range) in Lines::new(text.as_bytes(), 0, first_line) {
            if code < range.start {
                code = codes::next_code(text.as_bytes(), range.start);
            }
            self.codes = code < range.end;
            self.line(b, number, &one_line(&text[range], separators));
            last = number;
        }
        last
    }

    fn line(&mut self, b: &mut Builder<'_>, number: u32, raw: &str) {
        if raw.is_empty() || is_blank(raw) {
            return;
        }
        let mut raw = raw;
        if raw.len() > MAX_LINE {
            self.troubles.huge.add(number, || {
                format!(
                    "a line of {} bytes, far longer than IRC allows (512): only its first MiB is read",
                    raw.len()
                )
            });
            let mut end = MAX_LINE;
            while !raw.is_char_boundary(end) {
                end -= 1;
            }
            raw = &raw[..end];
        }
        if let Some(m) = stamp::marker(raw) {
            self.marker(b, number, m);
            return;
        }
        self.styles.clear();
        let mut styles = std::mem::take(&mut self.styles);
        let line = if self.codes {
            codes::strip(raw, &mut styles)
        } else {
            Cow::Borrowed(raw)
        };
        let Some((stamp, rest, layout)) = stamp::stamp(&line) else {
            self.troubles.not_irc.add(number, || {
                "not an IRC log line (it does not start with a time or a day marker): skipped"
                    .into()
            });
            self.styles = styles;
            return;
        };
        if let Some(m) = stamp::marker(rest) {
            self.marker(b, number, m);
            self.styles = styles;
            return;
        }
        let body = read_body(rest, layout);
        if let Some((date, time)) = self.when(stamp, &line, rest, number) {
            self.emit(b, number, date, time, &body, &line, &styles);
        }
        self.styles = styles;
    }

    fn marker(&mut self, b: &mut Builder<'_>, number: u32, m: Marker) {
        if let Err(why) = self.calendar.marker(m) {
            b.diag(Loc::Line(number), Severity::Warning, why);
        }
    }

    /// The date and time of a line, or `None` (counted) when it has no
    /// date.
    fn when(
        &mut self,
        stamp: Stamp,
        line: &str,
        rest: &str,
        number: u32,
    ) -> Option<(NaiveDate, TimeOfDay)> {
        let written = || line[..line.len() - rest.len()].trim_end().to_owned();
        let time = |hms: Hms, troubles: &mut Troubles| {
            TimeOfDay::from_hms(hms.h, hms.m, hms.s).unwrap_or_else(|| {
                troubles.bad_time.add(number, || {
                    format!("impossible time {:?}: shown as ??:??:??", written())
                });
                TimeOfDay::UNKNOWN
            })
        };
        let result = match stamp {
            Stamp::Time(hms) => {
                let t = time(hms, &mut self.troubles);
                self.calendar
                    .time_only(t, number)
                    .map(|d| (d, t))
                    .ok_or(Undated::NoYear)
            }
            Stamp::MonthDay {
                month,
                day,
                time: hms,
            } => {
                let t = time(hms, &mut self.troubles);
                match self.calendar.month_day(month, day) {
                    Ok(d) => {
                        self.calendar.set(d, t);
                        Ok((d, t))
                    }
                    Err(Undated::Impossible) => self.impossible_date(number, t, &written()),
                    Err(e) => Err(e),
                }
            }
            Stamp::DateTime(ymd, hms) => {
                let t = time(hms, &mut self.troubles);
                match ymd.date() {
                    Some(d) => {
                        self.calendar.set(d, t);
                        Ok((d, t))
                    }
                    None => self.impossible_date(number, t, &written()),
                }
            }
            Stamp::Offset(ymd, hms, offset) => {
                let instant = ymd
                    .date()
                    .zip(hms.time())
                    .map(|(d, t)| d.and_time(t))
                    .zip(FixedOffset::east_opt(offset))
                    .and_then(|(dt, off)| off.from_local_datetime(&dt).single());
                if let Some(at) = instant {
                    let (d, t) = self.zone.from_fixed(&at);
                    self.calendar.set(d, t);
                    Ok((d, t))
                } else {
                    let t = time(hms, &mut self.troubles);
                    match ymd.date() {
                        Some(d) => Ok((d, t)),
                        None => self.impossible_date(number, t, &written()),
                    }
                }
            }
            Stamp::Unix(secs) => match self.zone.local(secs) {
                Some((d, t)) => {
                    self.calendar.set(d, t);
                    Ok((d, t))
                }
                None => self.impossible_date(number, TimeOfDay::UNKNOWN, &written()),
            },
        };
        match result {
            Ok(at) => Some(at),
            Err(why) => {
                self.troubles.undated.add(number, || match why {
                    Undated::NoYear => String::new(),
                    Undated::Impossible => format!("impossible date {:?}", written()),
                });
                None
            }
        }
    }

    /// A line whose date does not exist: read on the current date.
    fn impossible_date(
        &mut self,
        number: u32,
        time: TimeOfDay,
        written: &str,
    ) -> Result<(NaiveDate, TimeOfDay), Undated> {
        let date = self.calendar.current.ok_or(Undated::Impossible)?;
        self.troubles.bad_date.add(number, || {
            format!("impossible date {written:?}: read as {date}, the date of the line before")
        });
        Ok((date, time))
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        b: &mut Builder<'_>,
        number: u32,
        date: NaiveDate,
        time: TimeOfDay,
        body: &Body<'_>,
        line: &str,
        styles: &[(Style, Range<usize>)],
    ) {
        let chat = *self
            .chat
            .get_or_insert_with(|| b.chat(&self.name.key, Some(&self.name.name)));
        let (who, kind) = match *body {
            Body::Message { nick, .. } | Body::Notice { nick, .. } => (nick, MessageKind::Message),
            Body::Action { nick, .. } => (nick, MessageKind::Action),
            Body::Event { actor, .. } => (actor, MessageKind::System),
            Body::Info { .. } => ("", MessageKind::System),
        };
        let at = Loc::Line(number);
        let speaker = b.speaker(who, at);
        let mut m = b.message(chat, date, time, speaker, at);
        m.kind(kind);
        match *body {
            Body::Message { text, .. } | Body::Notice { text, .. } | Body::Action { text, .. } => {
                styled(&mut m, line, text, styles);
            }
            Body::Event { event, .. } => {
                m.text_with_spans(&event.text());
            }
            Body::Info { text, .. } => {
                m.text_with_spans(text);
            }
        }
        self.messages += 1;
    }

    fn finish(&mut self, b: &mut Builder<'_>) {
        let t = &self.troubles;
        let nothing_read = self.messages == 0;
        if nothing_read && t.undated.count() == 0 && t.not_irc.count() > 0 {
            // Nothing of this file is IRC: one error, not a line each.
            b.diag(
                Loc::Line(t.not_irc.lines[0].0),
                Severity::Error,
                "no IRC log lines (a time, then a message or an event): not read as IRC",
            );
            return;
        }
        t.not_irc.report(b, Severity::Warning, |n| {
            format!("{n} more lines that are not IRC log lines, from here on: skipped")
        });
        t.bad_time.report(b, Severity::Warning, |n| {
            format!("{n} more impossible times from here on: shown as ??:??:??")
        });
        t.bad_date.report(b, Severity::Warning, |n| {
            format!("{n} more impossible dates from here on: read as the date of the line before")
        });
        t.huge.report(b, Severity::Warning, |n| {
            format!("{n} more lines far longer than IRC allows from here on: only their first MiB is read")
        });
        if let Some(&(line, _)) = t.undated.lines.first() {
            let n = t.undated.count();
            let lines = if n == 1 {
                "a line has".to_owned()
            } else {
                format!("{n} lines (this one first) have")
            };
            let why = t
                .undated
                .lines
                .iter()
                .find(|(_, w)| !w.is_empty())
                .map_or(String::new(), |(_, w)| format!(" ({w})"));
            b.diag(
                Loc::Line(line),
                if nothing_read {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!(
                    "{lines} a time but no date{why}: the file's name holds none (as in #chan.2018-01-22.log) and no day marker (--- Log opened …, --- Day changed …) comes before; skipped"
                ),
            );
        }
        if let Some((line, from, to, date)) = self.calendar.rollover {
            let more = match self.calendar.rollovers {
                1 => String::new(),
                n => format!(" ({} more times in this file)", n - 1),
            };
            b.diag(
                Loc::Line(line),
                Severity::Note,
                format!(
                    "the time goes back from {from} to {to} with no day marker: read as the next day, {date}{more}"
                ),
            );
        }
    }
}

/// Appends `text` (a part of `line`) to the message, with the styles of
/// `line` that fall inside it.
fn styled(
    m: &mut MessageBuilder<'_, '_>,
    line: &str,
    text: &str,
    styles: &[(Style, Range<usize>)],
) {
    // `text` is a part of `line` (or an empty string of its own).
    let Some(offset) = (text.as_ptr() as usize)
        .checked_sub(line.as_ptr() as usize)
        .filter(|&o| o + text.len() <= line.len())
    else {
        m.text_with_spans(text);
        return;
    };
    let end = offset + text.len();
    let inside: Vec<(Style, Range<usize>)> = styles
        .iter()
        .filter_map(|(s, r)| {
            let (a, z) = (r.start.max(offset), r.end.min(end));
            (a < z).then(|| (*s, a - offset..z - offset))
        })
        .collect();
    if inside.is_empty() {
        m.text_with_spans(text);
        return;
    }
    // Text between style boundaries goes in piece by piece, so that each
    // boundary's place in the sanitised body is known.
    let mut cuts: Vec<usize> = inside
        .iter()
        .flat_map(|(_, r)| [r.start, r.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut at = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        at.push(m.body().len());
        m.text_with_spans(&text[w[0]..w[1]]);
    }
    at.push(m.body().len());
    for (style, r) in inside {
        let i = cuts.binary_search(&r.start).unwrap_or(0);
        let j = cuts.binary_search(&r.end).unwrap_or(0);
        m.style(style, at[i]..at[j]);
    }
}

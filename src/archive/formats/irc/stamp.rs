//! The time at the start of an IRC log line, in every form the clients
//! write it, and the day markers of growing logs.
//!
//! | form | clients |
//! |---|---|
//! | `[HH:MM]`, `[HH:MM:SS]` | ZNC, mIRC, eggdrop, plain logs |
//! | `HH:MM `, `HH:MM:SS ` | irssi, old XChat |
//! | `[YYYY-MM-DD HH:MM:SS]` | The Lounge |
//! | `[YYYY-MM-DDTHH:MM:SS+ZZZZ]` | Textual (an offset: an instant) |
//! | `YYYY-MM-DDTHH:MM:SS  ` | Supybot/Limnoria, irclog2html |
//! | `YYYY-MM-DD HH:MM:SS⇥` | WeeChat (tab-separated columns) |
//! | `Mon DD HH:MM:SS ` | HexChat/XChat (no year) |
//! | `[DD Mon HH:MM]` | dircproxy, irclog2html (no year) |
//! | `[DD-Mon-YYYY HH:MM:SS]` | irclog2html |
//! | `NNNNNNNNNN ` | Unix time (irclog2html) |
//!
//! Day markers: irssi's `--- Log opened Mon Jan 22 10:00:00 2018`, `---
//! Day changed Tue Jan 23 2018` and `--- Log closed …`; HexChat's `****
//! BEGIN LOGGING AT …` / `**** ENDING LOGGING AT …`; mIRC's `Session
//! Start: …`, `Session Close: …`, `Session Ident: …`, `Session Time: …`.

use chrono::{NaiveDate, NaiveTime};

/// A time of day as written; out-of-range fields are kept, to be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hms {
    pub h: u32,
    pub m: u32,
    pub s: u32,
}

impl Hms {
    /// The time, or `None` when a field is out of range (`99:99`).
    pub fn time(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(self.h, self.m, self.s)
    }
}

/// A date as written; it may not exist (`2021-02-30`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Ymd {
    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.y, self.m, self.d)
    }
}

/// What a line's time says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// A time of day only: the date comes from the file's name or a marker.
    Time(Hms),
    /// A month and day without a year (HexChat, dircproxy).
    MonthDay { month: u32, day: u32, time: Hms },
    /// A date and a time, naive.
    DateTime(Ymd, Hms),
    /// A date and time with an offset from UTC, in seconds (Textual).
    Offset(Ymd, Hms, i32),
    /// Seconds since the Unix epoch.
    Unix(i64),
}

/// How the rest of a line after its time is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `<nick> text`, `* nick action`, `*** event` … after one space.
    Plain,
    /// WeeChat's `prefix⇥text` columns.
    WeeChat,
}

/// The time at the start of `line`, the rest of the line after it (and
/// its separator), and the rest's layout.
pub(crate) fn stamp(line: &str) -> Option<(Stamp, &str, Layout)> {
    let b = line.as_bytes();
    match b.first()? {
        b'[' => bracketed(line),
        b'0'..=b'9' => numeric(line),
        b'A'..=b'Z' => {
            // HexChat: `Jan 22 10:00:00 ` (or `Mar  3`).
            let month = month(b.get(..3)?)?;
            (b.get(3) == Some(&b' ')).then_some(())?;
            let mut at = 4;
            if b.get(at) == Some(&b' ') {
                at += 1;
            }
            let (day, n) = digits(b.get(at..)?, 1, 2)?;
            at += n;
            (b.get(at) == Some(&b' ')).then_some(())?;
            let (time, len) = hms(&b[at + 1..])?;
            let rest = after_space(line, at + 1 + len)?;
            Some((Stamp::MonthDay { month, day, time }, rest, Layout::Plain))
        }
        _ => None,
    }
}

/// `[…] rest`: the forms in square brackets.
fn bracketed(line: &str) -> Option<(Stamp, &str, Layout)> {
    let b = line.as_bytes();
    let close = b.iter().take(40).position(|&c| c == b']')?;
    let inner = &b[1..close];
    let rest = after_space(line, close + 1)?;
    let stamp = if let Some((time, n)) = hms(inner) {
        (n == inner.len()).then_some(Stamp::Time(time))?
    } else if let Some((date, 10)) = ymd(inner) {
        let (time, n) = hms(inner.get(11..)?)?;
        match inner[10] {
            b' ' if 11 + n == inner.len() => Stamp::DateTime(date, time),
            b'T' => {
                let tail = skip_fraction(&inner[11 + n..]);
                if tail.is_empty() {
                    Stamp::DateTime(date, time)
                } else {
                    let (off, used) = offset_prefix(tail)?;
                    (used == tail.len()).then_some(())?;
                    Stamp::Offset(date, time, off)
                }
            }
            _ => return None,
        }
    } else if let Some((day, n)) = digits(inner, 1, 2) {
        // `14 Jan 10:36` (dircproxy) or `02-Feb-2004 14:18:55`.
        let sep = *inner.get(n)?;
        let mon = month(inner.get(n + 1..n + 4)?)?;
        let after = n + 4;
        match sep {
            b' ' if inner.get(after) == Some(&b' ') => {
                let (time, len) = hms(&inner[after + 1..])?;
                (after + 1 + len == inner.len()).then_some(())?;
                Stamp::MonthDay {
                    month: mon,
                    day,
                    time,
                }
            }
            b'-' if inner.get(after) == Some(&b'-') => {
                let (y, yl) = digits(&inner[after + 1..], 4, 4)?;
                let at = after + 1 + yl;
                (inner.get(at) == Some(&b' ')).then_some(())?;
                let (time, len) = hms(&inner[at + 1..])?;
                (at + 1 + len == inner.len()).then_some(())?;
                Stamp::DateTime(
                    Ymd {
                        y: y as i32,
                        m: mon,
                        d: day,
                    },
                    time,
                )
            }
            _ => return None,
        }
    } else {
        return None;
    };
    Some((stamp, rest, Layout::Plain))
}

/// Lines that start with a digit: ISO dates (Supybot, WeeChat), a bare
/// time (irssi) or Unix time.
fn numeric(line: &str) -> Option<(Stamp, &str, Layout)> {
    let b = line.as_bytes();
    if let Some((date, 10)) = ymd(b) {
        let sep = *b.get(10)?;
        let (time, n) = hms(b.get(11..)?)?;
        let mut at = 11 + n;
        match sep {
            b' ' => {
                // WeeChat: a tab after the time; some loggers write a space.
                let layout = match b.get(at)? {
                    b'\t' => Layout::WeeChat,
                    b' ' => Layout::Plain,
                    _ => return None,
                };
                return Some((Stamp::DateTime(date, time), &line[at + 1..], layout));
            }
            b'T' => {
                let tail = skip_fraction(&b[at..]);
                at = b.len() - tail.len();
                let (stamp, used) = match offset_prefix(tail) {
                    Some((off, used)) => (Stamp::Offset(date, time, off), used),
                    None => (Stamp::DateTime(date, time), 0),
                };
                at += used;
                // Supybot writes two spaces; take every blank before the text.
                let rest = &line[at..];
                if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
                    return None;
                }
                return Some((stamp, rest.trim_start_matches([' ', '\t']), Layout::Plain));
            }
            _ => return None,
        }
    }
    if let Some((time, n)) = hms(b) {
        // irssi: `17:40 <nick>`; LINE's `14:30⇥name` is not IRC.
        let rest = after_space(line, n)?;
        return Some((Stamp::Time(time), rest, Layout::Plain));
    }
    let (secs, n) = digits64(b, 9, 10)?;
    let rest = after_space(line, n)?;
    Some((Stamp::Unix(secs as i64), rest, Layout::Plain))
}

/// The rest of `line` after byte `at`, which must be a space (or the end).
fn after_space(line: &str, at: usize) -> Option<&str> {
    match line.as_bytes().get(at) {
        None => Some(""),
        Some(b' ') => Some(&line[at + 1..]),
        Some(_) => None,
    }
}

/// `digits` ASCII digits (between `min` and `max`) at the start of `b`,
/// not followed by another digit: their value and count.
fn digits64(b: &[u8], min: usize, max: usize) -> Option<(u64, usize)> {
    let n = b
        .iter()
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n < min || n > max {
        return None;
    }
    let v = b[..n]
        .iter()
        .fold(0u64, |v, &c| v * 10 + u64::from(c - b'0'));
    Some((v, n))
}

/// [`digits64`] of at most four digits.
fn digits(b: &[u8], min: usize, max: usize) -> Option<(u32, usize)> {
    debug_assert!(max <= 4);
    digits64(b, min, max).map(|(v, n)| (v as u32, n))
}

fn two(b: &[u8], at: usize) -> Option<u32> {
    let (v, n) = digits(b.get(at..at + 2)?, 2, 2)?;
    (n == 2).then_some(v)
}

/// `HH:MM` or `HH:MM:SS` at the start of `b`, not followed by a digit or
/// `:`: the time and its length.
fn hms(b: &[u8]) -> Option<(Hms, usize)> {
    let h = two(b, 0)?;
    (b.get(2) == Some(&b':')).then_some(())?;
    let m = two(b, 3)?;
    let (s, n) = if b.get(5) == Some(&b':') {
        (two(b, 6)?, 8)
    } else {
        (0, 5)
    };
    if b.get(n).is_some_and(|c| c.is_ascii_digit() || *c == b':') {
        return None;
    }
    Some((Hms { h, m, s }, n))
}

/// `YYYY-MM-DD` at the start of `b`, and its length.
fn ymd(b: &[u8]) -> Option<(Ymd, usize)> {
    let (y, _) = digits(b, 4, 4)?;
    (b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-')).then_some(())?;
    let m = two(b, 5)?;
    let d = two(b, 8)?;
    Some((Ymd { y: y as i32, m, d }, 10))
}

/// `b` after a fraction of a second (`.123`), if it starts with one.
fn skip_fraction(b: &[u8]) -> &[u8] {
    match b.strip_prefix(b".") {
        Some(r) => {
            let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
            if n > 0 { &r[n..] } else { b }
        }
        None => b,
    }
}

/// An offset at the start of `b`: its seconds and length.
fn offset_prefix(b: &[u8]) -> Option<(i32, usize)> {
    match b.first()? {
        b'Z' => Some((0, 1)),
        &c @ (b'+' | b'-') => {
            let sign = if c == b'-' { -1 } else { 1 };
            let h = two(b, 1)?;
            let (m, used) = match b.get(3) {
                Some(b':') => (two(b, 4)?, 6),
                Some(c) if c.is_ascii_digit() => (two(b, 3)?, 5),
                _ => (0, 3),
            };
            (h <= 18 && m < 60).then_some(())?;
            Some((sign * (h as i32 * 3600 + m as i32 * 60), used))
        }
        _ => None,
    }
}

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// The month (1–12) of an English three-letter abbreviation.
fn month(b: &[u8]) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(b))
        .map(|i| i as u32 + 1)
}

/// A day marker of a growing log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A log (re)opened at this date (and time, when it says).
    Opened(Option<(NaiveDate, Option<Hms>)>),
    /// The day changed (irssi); `None` when its date cannot be read.
    DayChanged(Option<NaiveDate>),
    /// A log closed, a session named: no date to take.
    Other,
}

/// The day marker `line` is, if it is one.
pub(crate) fn marker(line: &str) -> Option<Marker> {
    // Every marker starts with `-`, `*` or `S`: most lines are ruled out
    // by their first byte.
    if !matches!(line.as_bytes().first(), Some(b'-' | b'*' | b'S')) {
        return None;
    }
    let line = line.trim_end();
    if let Some(rest) = line.strip_prefix("--- ") {
        if let Some(d) = rest.strip_prefix("Day changed ") {
            return Some(Marker::DayChanged(marker_date(d).map(|(d, _)| d)));
        }
        if let Some(d) = rest.strip_prefix("Log opened ") {
            return Some(Marker::Opened(marker_date(d)));
        }
        if rest.starts_with("Log closed") {
            return Some(Marker::Other);
        }
        return None;
    }
    if let Some(rest) = line.strip_prefix("**** ") {
        if let Some(d) = rest.strip_prefix("BEGIN LOGGING AT ") {
            return Some(Marker::Opened(marker_date(d)));
        }
        if rest.starts_with("ENDING LOGGING AT") {
            return Some(Marker::Other);
        }
        return None;
    }
    if let Some(rest) = line.strip_prefix("Session ") {
        if let Some(d) = rest.strip_prefix("Start: ") {
            return Some(Marker::Opened(marker_date(d)));
        }
        if ["Close:", "Ident:", "Time:"]
            .iter()
            .any(|p| rest.starts_with(p))
        {
            return Some(Marker::Other);
        }
    }
    None
}

/// `Mon Jan 22 10:00:00 2018`, `Tue Jan 23 2018`, `Jan 22 2018` (the
/// weekday is not checked): the date and the time, when there is one.
fn marker_date(s: &str) -> Option<(NaiveDate, Option<Hms>)> {
    let mut words = s.split_whitespace().peekable();
    if words.peek().is_some_and(|w| month(w.as_bytes()).is_none()) {
        words.next(); // the weekday
    }
    let mon = month(words.next()?.as_bytes().get(..3)?)?;
    let (day, _) = digits(words.next()?.as_bytes(), 1, 2)?;
    let mut next = words.next()?;
    let mut time = None;
    if let Some((t, n)) = hms(next.as_bytes()) {
        (n == next.len()).then_some(())?;
        time = Some(t);
        next = words.next()?;
    }
    let (year, _) = digits(next.as_bytes(), 4, 4)?;
    let date = NaiveDate::from_ymd_opt(year as i32, mon, day)?;
    Some((date, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32, s: u32) -> Hms {
        Hms { h, m, s }
    }

    fn d(y: i32, m: u32, d: u32) -> Ymd {
        Ymd { y, m, d }
    }

    #[test]
    fn every_form_of_time() {
        let cases: &[(&str, Stamp, &str, Layout)] = &[
            (
                "[23:44] <a> x",
                Stamp::Time(t(23, 44, 0)),
                "<a> x",
                Layout::Plain,
            ),
            (
                "[00:11:46] *** Joins: f",
                Stamp::Time(t(0, 11, 46)),
                "*** Joins: f",
                Layout::Plain,
            ),
            (
                "17:40 <@John> Hello",
                Stamp::Time(t(17, 40, 0)),
                "<@John> Hello",
                Layout::Plain,
            ),
            (
                "18:01:43  * Ben waves",
                Stamp::Time(t(18, 1, 43)),
                " * Ben waves",
                Layout::Plain,
            ),
            (
                "[2014-01-01 00:00:00] <Arnold> hi",
                Stamp::DateTime(d(2014, 1, 1), t(0, 0, 0)),
                "<Arnold> hi",
                Layout::Plain,
            ),
            (
                "[2021-04-22T10:01:04+0200] <M> x",
                Stamp::Offset(d(2021, 4, 22), t(10, 1, 4), 7200),
                "<M> x",
                Layout::Plain,
            ),
            (
                "[2021-04-22T10:01:04.250-05:30] <M> x",
                Stamp::Offset(d(2021, 4, 22), t(10, 1, 4), -19800),
                "<M> x",
                Layout::Plain,
            ),
            (
                "2005-01-09T02:05:04  <Aiste> ayt?",
                Stamp::DateTime(d(2005, 1, 9), t(2, 5, 4)),
                "<Aiste> ayt?",
                Layout::Plain,
            ),
            (
                "2019-10-19T05:04:04Z  * a b",
                Stamp::Offset(d(2019, 10, 19), t(5, 4, 4), 0),
                "* a b",
                Layout::Plain,
            ),
            (
                "2018-01-22 10:00:00\t@nick\tmessage",
                Stamp::DateTime(d(2018, 1, 22), t(10, 0, 0)),
                "@nick\tmessage",
                Layout::WeeChat,
            ),
            (
                "Jan 22 10:00:00 <nick>\tmsg",
                Stamp::MonthDay {
                    month: 1,
                    day: 22,
                    time: t(10, 0, 0),
                },
                "<nick>\tmsg",
                Layout::Plain,
            ),
            (
                "[14 Jan 10:36] --> jsmith joined",
                Stamp::MonthDay {
                    month: 1,
                    day: 14,
                    time: t(10, 36, 0),
                },
                "--> jsmith joined",
                Layout::Plain,
            ),
            (
                "[02-Feb-2004 14:18:55] <mg> x",
                Stamp::DateTime(d(2004, 2, 2), t(14, 18, 55)),
                "<mg> x",
                Layout::Plain,
            ),
            (
                "1075917300 <mg> x",
                Stamp::Unix(1_075_917_300),
                "<mg> x",
                Layout::Plain,
            ),
            (
                "[99:99] <a> x",
                Stamp::Time(t(99, 99, 0)),
                "<a> x",
                Layout::Plain,
            ),
            ("[12:00]", Stamp::Time(t(12, 0, 0)), "", Layout::Plain),
        ];
        for (line, want, rest, layout) in cases {
            assert_eq!(stamp(line), Some((*want, *rest, *layout)), "{line:?}");
        }
    }

    #[test]
    fn what_is_not_an_irc_time() {
        for line in [
            "> 06:47:30  李小胖",
            "14:30\tAlice\t[Photo]",
            "[2019-12-24, 12:23] Jane Doe: Hello",
            "12/01/2020, 10:00 - Name: text",
            "2019/01/01, 11:25 - John Doe: x",
            "[13/11/2025, 12:25:55 PM] Amazon EG: x",
            "10:00:00:00 x",
            "123:45 x",
            "[12:00]<a>",
            "Fri, 8/16/2019",
            "2026년 4월 25일 오후 3:20",
            "12345 x",
            "January 22",
            "",
        ] {
            assert_eq!(stamp(line), None, "{line:?}");
        }
    }

    #[test]
    fn markers() {
        let date = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            marker("--- Log opened Mon Jan 22 10:00:00 2018"),
            Some(Marker::Opened(Some((date(2018, 1, 22), Some(t(10, 0, 0))))))
        );
        assert_eq!(
            marker("--- Day changed Tue Jan 23 2018\r"),
            Some(Marker::DayChanged(Some(date(2018, 1, 23))))
        );
        // A French irssi: month names read by their first three letters.
        assert_eq!(
            marker("--- Day changed mar. janv. 23 2018"),
            Some(Marker::DayChanged(Some(date(2018, 1, 23))))
        );
        assert_eq!(
            marker("--- Day changed 星期二 1月 23 2018"),
            Some(Marker::DayChanged(None))
        );
        assert_eq!(
            marker("--- Log closed Mon Jan 22 23:59:59 2018"),
            Some(Marker::Other)
        );
        assert_eq!(
            marker("**** BEGIN LOGGING AT Sat Mar  3 09:05:01 2018"),
            Some(Marker::Opened(Some((date(2018, 3, 3), Some(t(9, 5, 1))))))
        );
        assert_eq!(
            marker("**** ENDING LOGGING AT Sat Mar  3 10:00:00 2018"),
            Some(Marker::Other)
        );
        assert_eq!(
            marker("Session Start: Fri Dec 31 23:00:00 2021"),
            Some(Marker::Opened(Some((
                date(2021, 12, 31),
                Some(t(23, 0, 0))
            ))))
        );
        assert_eq!(marker("Session Ident: #chan"), Some(Marker::Other));
        assert_eq!(
            marker("--- Log opened whenever"),
            Some(Marker::Opened(None))
        );
        for no in ["---", "--- hello", "---\n", "Session over", "****"] {
            assert_eq!(marker(no), None, "{no:?}");
        }
    }
}

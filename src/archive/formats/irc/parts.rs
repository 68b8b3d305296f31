//! A big log read in parts on all cores.
//!
//! A line's date can hang on the lines before it (the last day marker, the
//! last time for a midnight rollover), so a log is cut only before a line
//! that sets the date and time whatever came before ([`sets_the_date`]): a
//! day marker with a readable date (`--- Day changed Sat Jan 27 2018`, `---
//! Log opened …`) or a line with a whole date (WeeChat's, Supybot's). Each
//! part is read by a [`Reader`] and a [`Builder`] of its own, its lines
//! numbered from where it starts, and the parts are put back together in
//! order ([`merge`]): a day that runs over a cut is one day again, speakers
//! are numbered in the order they first speak, the troubles counted in each
//! part are reported as one reader reports them. So the result is what one
//! pass gives, byte for byte. What a builder caps per file (reports of
//! escape sequences and control characters, each once per speaker) would
//! be capped per part: a log where a part met one is read again in one
//! pass.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::stamp::{self, Marker, Stamp};
use super::{FORMAT, MAX_LINE, Reader, Trouble, codes, has_separator, is_blank};
use crate::archive::formats::append::extend_day;
use crate::archive::formats::builder::{CONTROLS, distinct_speakers};
use crate::archive::formats::jekyll::Lines;
use crate::archive::formats::{Builder, ParseContext, Parsed};
use crate::model::SpeakerId;

/// Logs smaller than this are read in one pass.
pub const MIN_BYTES: usize = 4 << 20;

/// About how big a part is.
pub const PART_BYTES: usize = 2 << 20;

/// How far past a part's planned end a line that sets the date is looked
/// for; without one there, the part runs on to the next planned end.
const LOOK_BYTES: usize = 256 << 10;

/// Whether reading `line` sets the log's date and time to the same thing
/// whatever the lines before it said, and dates the line itself without
/// them: a day marker with a readable date, or a line with a whole, real
/// date that is not a marker. Lines that need more work first (formatting
/// codes, separators, an overlong line) are not taken.
pub fn sets_the_date(line: &str) -> bool {
    if line.is_empty()
        || line.len() > MAX_LINE
        || is_blank(line)
        || has_separator(line.as_bytes())
        || codes::has_codes(line)
    {
        return false;
    }
    if let Some(m) = stamp::marker(line) {
        return matches!(m, Marker::DayChanged(Some(_)) | Marker::Opened(Some(_)));
    }
    match stamp::stamp(line) {
        Some((Stamp::DateTime(ymd, _), rest, _)) => {
            ymd.date().is_some() && stamp::marker(rest).is_none()
        }
        _ => false,
    }
}

/// Where `text` may be cut into parts of about [`PART_BYTES`]: the starts
/// of the parts after the first, each a line that [`sets_the_date`].
pub fn cuts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut cuts = Vec::new();
    let mut target = PART_BYTES;
    while target < b.len() {
        // The start of the line after the next `\n` (always a line start).
        let Some(nl) = memchr::memchr(b'\n', &b[target..]) else {
            break;
        };
        let from = target + nl + 1;
        let limit = (from + LOOK_BYTES).min(b.len());
        let found = Lines::new(&b[..limit], from, 0)
            // A line cut short by the limit is not looked at.
            .take_while(|(_, r)| r.end < limit || limit == b.len())
            .find(|(_, r)| text.get(r.clone()).is_some_and(sets_the_date))
            .map(|(_, r)| r.start);
        match found {
            Some(at) => {
                cuts.push(at);
                target = at + PART_BYTES;
            }
            None => target = limit,
        }
    }
    cuts
}

/// How many lines [`Lines`] finds in `b`, which ends with `\n` (or is the
/// end of the text).
fn line_count(b: &[u8]) -> u32 {
    let breaks = memchr::memchr_iter(b'\n', b).count();
    let lone_cr = if memchr::memchr(b'\r', b).is_some() {
        memchr::memchr_iter(b'\r', b)
            .filter(|&i| b.get(i + 1) != Some(&b'\n'))
            .count()
    } else {
        0
    };
    let last = usize::from(!b.is_empty() && !matches!(b.last(), Some(b'\n' | b'\r')));
    (breaks + lone_cr + last) as u32
}

/// A log read in parts: what each part built, in order, and what their
/// readers counted, taken together.
pub struct Parts {
    pieces: Vec<Parsed>,
    reader: Reader,
}

/// Reads `text` (the decoded log `ctx` names) in parts on all cores, when
/// it is big and can be cut. `None`: read it in one pass.
pub fn parse(text: &str, ctx: &ParseContext<'_>) -> Option<Parts> {
    if text.len() < MIN_BYTES || rayon::current_num_threads() < 2 {
        return None;
    }
    let cuts = cuts(text);
    if cuts.is_empty() {
        return None;
    }
    let ranges: Vec<Range<usize>> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
        .map(|(a, z)| a..z)
        .collect();
    let counts: Vec<u32> = ranges
        .par_iter()
        .map(|r| line_count(&text.as_bytes()[r.clone()]))
        .collect();
    let firsts = counts.iter().scan(0u32, |n, &c| {
        let first = *n;
        *n += c;
        Some(first)
    });
    let jobs: Vec<(Range<usize>, u32)> = ranges.into_iter().zip(firsts).collect();
    let parts: Vec<(Parsed, Reader)> = jobs
        .into_par_iter()
        .map(|(r, first)| {
            let part = &text[r];
            let mut b = Builder::new(FORMAT, ctx);
            let mut reader = Reader::new(ctx);
            reader.read_lines(&mut b, part, first);
            (b.finish(), reader)
        })
        .collect();
    let capped = parts
        .iter()
        .any(|(p, _)| p.diagnostics.iter().any(|d| d.message.contains(CONTROLS)));
    if capped {
        return None;
    }
    let mut reader = Reader::new(ctx);
    let mut pieces = Vec::with_capacity(parts.len());
    for (p, r) in parts {
        reader.absorb(r);
        pieces.push(p);
    }
    Some(Parts { pieces, reader })
}

impl Parts {
    /// The whole log: `head` (what was said of the file before its lines,
    /// its decoding), the parts, then what the reader says at the end.
    pub fn finish(mut self, head: Builder<'_>, ctx: &ParseContext<'_>) -> Parsed {
        let mut out = head.finish();
        merge(&mut out, self.pieces);
        let mut tail = Builder::new(FORMAT, ctx);
        self.reader.finish(&mut tail);
        out.diagnostics.append(&mut tail.finish().diagnostics);
        out
    }
}

impl Reader {
    /// Takes in what the reader of the next part counted.
    fn absorb(&mut self, next: Reader) {
        let t = &mut self.troubles;
        let n = next.troubles;
        t.not_irc.absorb(n.not_irc);
        t.bad_time.absorb(n.bad_time);
        t.bad_date.absorb(n.bad_date);
        t.undated.absorb(n.undated);
        t.huge.absorb(n.huge);
        if self.calendar.rollover.is_none() {
            self.calendar.rollover = next.calendar.rollover;
        }
        self.calendar.rollovers += next.calendar.rollovers;
        self.messages += next.messages;
    }
}

impl Trouble {
    /// Takes in the lines of the next part, as if added here one by one.
    fn absorb(&mut self, next: Trouble) {
        for (line, what) in next.lines {
            self.add(line, || what);
        }
        if next.more > 0 {
            if self.more == 0 {
                self.first_more = next.first_more;
            }
            self.more += next.more;
        }
    }
}

/// Appends the parts of one log, in order, to `out` (which holds what was
/// said before its lines): chats of one key become one, speakers are
/// numbered in the order they first appear, and a day of a chat and date
/// already in `out` takes the part's messages after its own.
fn merge(out: &mut Parsed, parts: Vec<Parsed>) {
    let mut speakers: HashMap<String, u32, foldhash::fast::RandomState> = HashMap::default();
    for (i, n) in out.speakers.iter().enumerate() {
        speakers.insert(n.to_owned(), i as u32);
    }
    let mut days: HashMap<(u32, chrono::NaiveDate), usize> = out
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.channel, d.date), i))
        .collect();
    let mut extended = Vec::new();
    for part in parts {
        let chat_map: Vec<u32> = part
            .chats
            .into_iter()
            .map(|c| {
                if let Some(i) = out.chats.iter().position(|o| o.key == c.key) {
                    i as u32
                } else {
                    out.chats.push(c);
                    out.chats.len() as u32 - 1
                }
            })
            .collect();
        let speaker_map = out.speakers.intern_all(&part.speakers, &mut speakers);
        let same = speaker_map.iter().enumerate().all(|(i, &s)| i as u32 == s);
        for mut day in part.days {
            day.channel = chat_map[day.channel as usize];
            if !same {
                for m in &mut day.messages {
                    m.speaker = SpeakerId(speaker_map[m.speaker.index()]);
                }
            }
            if let Some(&i) = days.get(&(day.channel, day.date)) {
                extend_day(&mut out.days[i], &day);
                extended.push(i);
            } else {
                days.insert((day.channel, day.date), out.days.len());
                out.days.push(day);
            }
        }
        out.diagnostics.extend(part.diagnostics);
    }
    for i in extended {
        let day = &mut out.days[i];
        day.speaker_count = distinct_speakers(&day.messages);
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use chrono::{Days, NaiveDate};

    use super::*;
    use crate::model::Zone;

    fn ctx(path: &Path) -> ParseContext<'_> {
        ParseContext {
            path,
            folder: Path::new("logs"),
            zone: Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap()),
        }
    }

    /// Reads `text` both ways and says whether it was cut; fails unless
    /// both give the same pieces, to the last byte and diagnostic.
    fn same_both_ways(name: &str, text: &str) -> bool {
        let path = Path::new(name);
        let ctx = ctx(path);
        let par = super::super::parse_with(text.as_bytes(), &ctx, true);
        let seq = super::super::parse_with(text.as_bytes(), &ctx, false);
        assert_eq!(par.message_count(), seq.message_count());
        assert_eq!(
            par.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            seq.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
        for (a, b) in par.days.iter().zip(&seq.days) {
            assert_eq!((a.date, a.messages.len()), (b.date, b.messages.len()));
            assert!(a.text == b.text, "the texts of {} differ", a.date);
        }
        assert_eq!(format!("{par:?}"), format!("{seq:?}"));
        !cuts(text).is_empty()
    }

    /// An irssi log over many days: day markers (one unreadable), a
    /// midnight passed without one, lines that are not IRC and impossible
    /// times (more than are reported one by one), formatting codes, CJK,
    /// and speakers who first speak late.
    fn irssi(lines_per_day: usize, crlf: bool) -> String {
        let mut s = String::from("--- Log opened Tue Jan 23 00:00:00 2018\n");
        let start = NaiveDate::from_ymd_opt(2018, 1, 23).unwrap();
        let mut day = start;
        for d in 0..400u32 {
            for i in 0..lines_per_day {
                let n = d as usize * lines_per_day + i;
                let (h, m) = (6 + i * 16 / lines_per_day, i % 60);
                let who = format!("nick{}", (n * 7) % (50 + d as usize));
                match n % 53 {
                    0 => writeln!(s, "{h:02}:{m:02} -!- {who} [~{who}@host] has joined #c"),
                    1 => writeln!(s, "{h:02}:{m:02}  * {who} 挥手 \u{2}bold\u{2} \u{1d}it"),
                    2 if d % 9 == 4 => writeln!(s, "this is not an IRC line {n}"),
                    3 if d % 11 == 5 => writeln!(s, "{}:{m:02} <{who}> bad hour", 30 + h),
                    _ => writeln!(s, "{h:02}:{m:02} <@{who}> 你好 message {n} \u{3}4red\u{3}"),
                }
                .unwrap();
            }
            if d % 37 == 36 {
                // Midnight passed with no marker: the time goes back.
                writeln!(s, "00:05 <late> past midnight").unwrap();
                day = day.checked_add_days(Days::new(1)).unwrap();
            }
            day = day.checked_add_days(Days::new(1)).unwrap();
            if d % 97 == 50 {
                s.push_str("--- Day changed Xyz Foo 99 2018\n");
            } else {
                writeln!(s, "--- Day changed {}", day.format("%a %b %d %Y")).unwrap();
            }
        }
        if crlf {
            s = s.replace('\n', "\r\n");
        }
        s
    }

    #[test]
    fn an_irssi_log_read_in_parts_is_the_log_read_in_one_pass() {
        let text = irssi(240, false);
        assert!(text.len() > MIN_BYTES, "{}", text.len());
        assert!(same_both_ways("logs/#c.log", &text), "never cut");
    }

    #[test]
    fn line_ends_of_every_kind_count_the_same_in_parts() {
        let text = irssi(240, true);
        assert!(same_both_ways("logs/#c.log", &text), "never cut");
        // Lone carriage returns end lines too.
        let text = irssi(240, false).replacen('\n', "\r", 3000);
        assert!(same_both_ways("logs/#c.log", &text), "never cut");
    }

    /// A WeeChat log dates every line: a day runs over cuts, and its times
    /// go back and forth; the parts' pieces of one day are one day again,
    /// in the order of the file.
    #[test]
    fn a_weechat_day_cut_in_two_is_one_day_in_file_order() {
        let mut s = String::new();
        for n in 0..120_000u32 {
            let day = 1 + n / 40_000;
            let (h, m) = ((n * 7) % 24, n % 60);
            let who = format!("w{}", (n * 13) % 300);
            writeln!(
                s,
                "2018-03-{day:02} {h:02}:{m:02}:00\t{who}\tline {n} 早上好"
            )
            .unwrap();
        }
        assert!(s.len() > MIN_BYTES, "{}", s.len());
        assert!(same_both_ways("logs/irc.libera.#w.weechatlog", &s));
    }

    /// Reports that a builder caps per file would be capped per part: a log
    /// whose parts meet escape sequences is read in one pass.
    #[test]
    fn a_log_with_control_characters_in_many_parts_is_read_in_one_pass() {
        let mut text = irssi(240, false);
        text = text
            .replace("message 1", "message \u{1b}[31m1")
            .replace("<@nick1>", "<@nick\u{7}1>");
        let path = Path::new("logs/#c.log");
        let seq = super::super::parse_with(text.as_bytes(), &ctx(path), false);
        assert!(
            seq.diagnostics
                .iter()
                .filter(|d| d.message.contains(CONTROLS))
                .count()
                > 10
        );
        assert!(same_both_ways("logs/#c.log", &text));
    }

    #[test]
    fn only_lines_that_date_themselves_start_a_part() {
        for yes in [
            "--- Day changed Sat Jan 27 2018",
            "--- Log opened Tue Jan 23 00:00:00 2018",
            "2018-01-24 01:19:41\tJolt_1\t服了",
        ] {
            assert!(sets_the_date(yes), "{yes:?}");
        }
        for no in [
            "",
            "   ",
            "06:32 < Cinder2> mark",
            "--- Day changed Xyz Foo 99 2018",
            "--- Log closed Tue Jan 23 00:00:00 2018",
            "2018-02-30 01:19:41\tJolt_1\tno such day",
            "2018-01-24 01:19:41\tJolt_1\t\u{2}bold\u{2}",
            "2018-01-24 01:19:41\tJolt_1\tsplit\u{2028}here",
        ] {
            assert!(!sets_the_date(no), "{no:?}");
        }
    }

    #[test]
    fn lines_are_counted_as_they_are_read() {
        for s in [
            "",
            "a",
            "a\n",
            "a\r\nb\n",
            "a\rb\r\n\rc\n",
            "\n\n\r",
            "x\r\ry",
        ] {
            let read = Lines::new(s.as_bytes(), 0, 0).count() as u32;
            assert_eq!(line_count(s.as_bytes()), read, "{s:?}");
        }
    }
}

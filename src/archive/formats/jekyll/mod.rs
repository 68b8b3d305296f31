//! The reference format: Jekyll day posts exported from WeChat groups.
//!
//! One file is one day of one group: YAML front matter (`title`, `date`,
//! `author`, `tag`), then messages, each a header line
//! `> HH:MM:SS  Speaker` followed by its body lines. The folder holding the
//! files is the group (a `_posts` folder takes its parent's name). Bodies
//! hold Markdown-ish shares (`[title](url)`, `![alt](url)`), WeChat emoji
//! codes (`[强]`), @mentions and HTML entities.
//!
//! [`parse_day`] is the parser (text in, one day and its diagnostics out);
//! [`FORMAT`] puts it behind the [`Format`] interface. The raw-byte search
//! (`archive::scan`) reads this format without parsing every message, with
//! the helpers this module shares with it.

mod cards;
mod entities;
mod frontmatter;
mod read_on;

pub(crate) use cards::may_be_card;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::builder::{CONTROLS, Controlled, has_controls};
use super::{Chat, Confidence, Format, ParseContext, Parsed, Probe, ReadOn, Resume};
use crate::archive::spans;
use crate::model::{
    Attachment, Day, Diagnostic, Extra, Flags, FrontMatter, Message, MessageKind, Range32, Rare,
    Severity, Span, SpeakerId, TimeOfDay,
};
use crate::text;

/// The reference format behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Jekyll;

/// The app label of the reference format's channels.
pub const APP: &str = "WeChat";

/// Extensions of files that may hold a day.
pub(crate) const TEXT_EXTENSIONS: &[&str] =
    &["markdown", "md", "mdown", "mkd", "txt", "text", "log"];

/// The reference format: Jekyll day posts of WeChat groups.
#[derive(Debug, Clone, Copy)]
pub struct Jekyll;

impl Format for Jekyll {
    fn name(&self) -> &'static str {
        "jekyll"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["wechat", "reference"]
    }

    fn app(&self) -> &'static str {
        APP
    }

    /// A day file is written message after message.
    fn appends(&self) -> bool {
        true
    }

    /// The reference format's channels (folders of day files) have always
    /// been written `#name`.
    fn hash_named(&self) -> bool {
        true
    }

    /// Any text file (by extension, or without one) and any file whose name
    /// starts with a date, as a fallback; sure when it starts with front
    /// matter or holds a `> HH:MM:SS` header.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        let day_named = leading_date(probe.name).is_some();
        let text_ext = probe.ext.is_empty()
            || TEXT_EXTENSIONS
                .iter()
                .any(|e| e.eq_ignore_ascii_case(probe.ext));
        if !day_named && !text_ext {
            return None;
        }
        let head = probe.text();
        let front_matter = head.starts_with("---\n") || head.starts_with("---\r");
        let has_header = head
            .lines()
            .any(|l| matches!(header(l), Some(Header::Message { .. })));
        Some(if front_matter && has_header {
            Confidence::Certain
        } else if has_header || (front_matter && day_named) {
            Confidence::Content
        } else {
            Confidence::Fallback
        })
    }

    fn may_read(&self, probe: &Probe<'_>) -> bool {
        self.detect(probe).is_some()
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse_file(bytes, ctx)
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

/// Reads one day file as [`Format::parse`] does: a file that is not a day
/// gives no days and says why (an error when its name says it is a day).
fn parse_file(bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    let path = ctx.path;
    let day_named = is_day_named(path);
    let mut diags = Vec::new();
    let refused = |mut diags: Vec<Diagnostic>, severity: Severity, why: String| {
        diags.push(Diagnostic::new(path, 1, severity, why));
        Parsed {
            diagnostics: diags,
            files: vec![path.to_path_buf()],
            format: FORMAT.name(),
            ..Parsed::default()
        }
    };
    if let Some((severity, why)) = check_bytes(bytes, day_named) {
        return refused(diags, severity, why);
    }
    // Valid UTF-8 (nearly always) is parsed in place; the rest is decoded lossily.
    let mut parsed = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => parse_day(path, text),
        Err(_) => parse_day(
            path,
            &crate::archive::load::decode(path, bytes.to_vec(), &mut diags),
        ),
    };
    if let Some((severity, why)) = check_day(
        parsed.date,
        parsed.has_front_matter,
        !parsed.messages.is_empty(),
        day_named,
    ) {
        // As before: the parse's own warnings are kept for a file that has
        // a date but is not a chat log.
        if parsed.date.is_some() {
            diags.append(&mut parsed.diagnostics);
        }
        return refused(diags, severity, why.into());
    }
    diags.append(&mut parsed.diagnostics);
    parsed.diagnostics = diags;
    into_parsed(parsed, ctx)
}

/// Whether a file's name starts with a date (then failing to read it as a
/// day is an error, not a note).
pub(crate) fn is_day_named(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    leading_date(&name).is_some()
}

/// One parsed day file as the pieces of the model: one chat (its folder)
/// and one day.
pub(crate) fn into_parsed(parsed: ParsedDay, ctx: &ParseContext<'_>) -> Parsed {
    let files = vec![ctx.path.to_path_buf()];
    let Some(date) = parsed.date else {
        return Parsed {
            diagnostics: parsed.diagnostics,
            files,
            format: FORMAT.name(),
            ..Parsed::default()
        };
    };
    Parsed {
        chats: vec![Chat {
            app: APP,
            key: ctx.folder.to_string_lossy().into_owned(),
            name: None,
            path: ctx.folder.to_path_buf(),
            parent: None,
            same_as: None,
        }],
        days: vec![Day {
            date,
            channel: 0,
            sources: vec![0],
            front_matter: parsed.front_matter,
            messages: parsed.messages,
            text: parsed.text,
            spans: parsed.spans,
            rare: parsed.rare,
            ..Day::default()
        }],
        speakers: parsed.speakers,
        files,
        format: FORMAT.name(),
        diagnostics: parsed.diagnostics,
        separate_days: true,
    }
}

/// The severity of a file that should be a day but is not (an error when
/// its name says it is a day).
pub(crate) fn bad_severity(day_named: bool) -> Severity {
    if day_named {
        Severity::Error
    } else {
        Severity::Note
    }
}

/// Why a file of raw bytes is refused before decoding (empty, binary), if it is.
pub(crate) fn check_bytes(head: &[u8], day_named: bool) -> Option<(Severity, String)> {
    let bad = bad_severity(day_named);
    if head.is_empty() {
        return Some((bad, "empty file".into()));
    }
    // UTF-16 and UTF-32 text is full of zero bytes, and is text all the same.
    if crate::archive::encoding::has_wide_bom(head) {
        return None;
    }
    binary(head).map(|why| (bad, format!("not a text file ({why})")))
}

/// Why `bytes` look like a binary file, if they do.
fn binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x7fELF", "executable"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nul = memchr::memchr_iter(0, head).count();
    (nul * 100 > head.len()).then_some("binary data")
}

/// Why a parsed file is not kept as a day, if it is not.
pub(crate) fn check_day(
    date: Option<chrono::NaiveDate>,
    has_front_matter: bool,
    has_messages: bool,
    day_named: bool,
) -> Option<(Severity, &'static str)> {
    if date.is_none() {
        return Some(if has_messages || day_named {
            (
                Severity::Error,
                "no date in the front matter, the file name or the title; skipped",
            )
        } else {
            (
                Severity::Note,
                "not a chat file daybook reads (no date, no messages), skipped",
            )
        });
    }
    if !has_front_matter && !has_messages {
        return Some((
            bad_severity(day_named),
            "not a chat log: no front matter and no message headers",
        ));
    }
    None
}

/// A day file as parsed, before its speakers are interned archive-wide.
#[derive(Debug, Default)]
pub struct ParsedDay {
    /// The day's date: front matter `date`, else the file name, else the title.
    pub date: Option<NaiveDate>,
    pub front_matter: FrontMatter,
    pub has_front_matter: bool,
    /// Messages whose `speaker` indexes [`ParsedDay::speakers`].
    pub messages: Vec<Message>,
    pub text: String,
    pub spans: Vec<Span>,
    /// The attachments of shares, red packets and files (see the `cards`
    /// module), their strings in `text` after their message's body.
    pub rare: Rare,
    /// Speaker names local to this day, in order of first appearance.
    pub speakers: super::Names,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lines of text, split at `\n`, `\r\n` or a lone `\r`, numbered from 1:
/// each item is a line's number and the byte range of its content.
#[derive(Debug, Clone)]
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    number: u32,
}

impl<'a> Lines<'a> {
    /// The lines of `bytes` from `pos` (a line start), the first numbered `number + 1`.
    pub(crate) fn new(bytes: &'a [u8], pos: usize, number: u32) -> Self {
        Self { bytes, pos, number }
    }

    /// Where the next line starts.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }
}

impl Iterator for Lines<'_> {
    type Item = (u32, std::ops::Range<usize>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let rest = self.bytes.get(start..).filter(|r| !r.is_empty())?;
        self.number += 1;
        let (len, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, i + 2),
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        self.pos = start + next;
        Some((self.number, start..start + len))
    }
}

/// What a line that starts like a header turned out to be.
enum Header<'a> {
    /// `> HH:MM:SS  Speaker`; the time is `UNKNOWN` when out of range.
    Message {
        time: TimeOfDay,
        raw_time: &'a str,
        speaker: &'a str,
    },
    /// `> 12:34:56 text`: one space after the time, so body text that looks like a header.
    LookAlike,
}

/// Reads `> HH:MM:SS` and what follows. The speaker is everything after the
/// time, trimmed: real names hold double spaces, so nothing is split on them.
fn header(line: &str) -> Option<Header<'_>> {
    let b = line.as_bytes();
    if b.len() < 10 || b[0] != b'>' || b[1] != b' ' {
        return None;
    }
    let t = &b[2..10];
    let digit = |i: usize| t[i].is_ascii_digit();
    if !(digit(0)
        && digit(1)
        && t[2] == b':'
        && digit(3)
        && digit(4)
        && t[5] == b':'
        && digit(6)
        && digit(7))
    {
        return None;
    }
    let rest = &line[10..];
    let r = rest.as_bytes();
    // A header has nothing after the time, or two or more blanks before the name.
    let speaker = text::trim(rest);
    let is_header = (r.len() >= 2 && is_blank(r[0]) && is_blank(r[1])) || speaker.is_empty();
    if !is_header {
        return (r.first().is_some_and(|&c| c == b' ')).then_some(Header::LookAlike);
    }
    let num = |i: usize| u32::from(t[i] - b'0') * 10 + u32::from(t[i + 1] - b'0');
    let time = TimeOfDay::from_hms(num(0), num(3), num(6)).unwrap_or(TimeOfDay::UNKNOWN);
    Some(Header::Message {
        time,
        raw_time: &line[2..10],
        speaker,
    })
}

/// Whether a raw line (possibly invalid UTF-8) is a message header, exactly
/// as [`parse_day`] would read it after decoding.
pub(crate) fn is_header_line(line: &[u8]) -> bool {
    if line.len() < 10 || line[0] != b'>' || line[1] != b' ' {
        return false;
    }
    matches!(header(&lossy(line)), Some(Header::Message { .. }))
}

/// `bytes` as text, invalid UTF-8 replaced by U+FFFD; borrowed (and fast)
/// when valid.
pub(crate) fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// A date at the start of `s`: `YYYY-MM-DD` (or with `/` or `.`).
pub fn leading_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let sep = b[4];
    if !matches!(sep, b'-' | b'/' | b'.') || b[7] != sep {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let year = i32::try_from(n(0..4)?).ok()?;
    if !b[..4]
        .iter()
        .chain(&b[5..7])
        .chain(&b[8..10])
        .all(u8::is_ascii_digit)
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year, n(5..7)?, n(8..10)?)
}

/// The first `YYYY-MM-DD` anywhere in `s`.
fn date_anywhere(s: &str) -> Option<NaiveDate> {
    s.char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .find_map(|(i, _)| leading_date(&s[i..]))
}

/// Parses one day file. `path` is used for diagnostics and as a source of
/// the date; `input` is the decoded text.
pub fn parse_day(path: &Path, input: &str) -> ParsedDay {
    let input = crate::archive::encoding::skip_boms(input);
    let mut diagnostics = Vec::new();
    let mut diag = |line: u32, severity: Severity, msg: String| {
        diagnostics.push(Diagnostic::new(path, line, severity, msg));
    };
    let head = parse_head(path, input.as_bytes(), &mut diag);
    let mut day = ParsedDay {
        date: head.date,
        front_matter: head.front_matter,
        has_front_matter: head.has_front_matter,
        // Bodies are shorter than the file: one allocation, trimmed at the end.
        text: String::with_capacity(input.len() - head.body),
        ..ParsedDay::default()
    };
    let lines =
        Lines::new(input.as_bytes(), head.body, head.body_line).map(|(n, r)| (n, &input[r]));
    // Messages and spans go to the thread's buffers, then are copied out
    // at their length: no day's vectors grow by reallocating (copies and
    // page faults that showed in profiles of the load).
    day.messages = SCRATCH_MESSAGES.take();
    day.spans = SCRATCH_SPANS.take();
    parse_messages(&mut day, lines, &mut diag);
    day.messages = give_back(&SCRATCH_MESSAGES, std::mem::take(&mut day.messages));
    day.spans = give_back(&SCRATCH_SPANS, std::mem::take(&mut day.spans));
    day.diagnostics = diagnostics;
    // In place: the allocator cuts the end off without a copy.
    day.text.shrink_to_fit();
    day
}

thread_local! {
    /// Each thread's buffer of a day's messages, reused from day to day.
    static SCRATCH_MESSAGES: std::cell::Cell<Vec<Message>> = const { std::cell::Cell::new(Vec::new()) };
    /// Each thread's buffer of a day's spans, reused from day to day.
    static SCRATCH_SPANS: std::cell::Cell<Vec<Span>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A scratch buffer larger than this many bytes is let go after its day.
const KEEP_SCRATCH_BYTES: usize = 1 << 20;

/// A copy of `full` at its length, `full` emptied back into `scratch`.
fn give_back<T: Copy>(
    scratch: &'static std::thread::LocalKey<std::cell::Cell<Vec<T>>>,
    mut full: Vec<T>,
) -> Vec<T> {
    let exact = full.as_slice().to_vec();
    if full.capacity() * std::mem::size_of::<T>() <= KEEP_SCRATCH_BYTES {
        full.clear();
        scratch.set(full);
    }
    exact
}

/// What comes before the messages of a day file.
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// The day's date: front matter `date`, else the file name, else the title.
    pub date: Option<NaiveDate>,
    pub front_matter: FrontMatter,
    pub has_front_matter: bool,
    /// Byte offset of the first line after the front matter.
    pub body: usize,
    /// Number of the line before that one (0 without front matter).
    pub body_line: u32,
    /// Whether the front matter ran to the end of `input` without being
    /// closed or ending at a header: when `input` is only the start of a
    /// file, the rest is needed.
    pub open_ended: bool,
}

/// Reads the front matter and the date from the start of a day file
/// (without its byte-order mark). Works on raw bytes, each line decoded
/// lossily, so that it gives the same result on a prefix of a file as on the
/// whole decoded file as long as the front matter ends within the prefix.
pub(crate) fn parse_head(
    path: &Path,
    input: &[u8],
    diag: &mut impl FnMut(u32, Severity, String),
) -> Head {
    let mut head = Head::default();
    let mut lines = Lines::new(input, 0, 0);
    let line_text = |r: std::ops::Range<usize>| lossy(&input[r]);

    // Front matter.
    let mut front_matter = FrontMatter::default();
    let first_is_marker = lines
        .clone()
        .next()
        .is_some_and(|(_, r)| line_text(r).trim_end() == "---");
    if first_is_marker {
        head.has_front_matter = true;
        lines.next();
        let mut yaml = String::new();
        let mut closed = false;
        let mut ended = false;
        loop {
            let before = lines.clone();
            let Some((_, r)) = lines.next() else { break };
            let line = line_text(r);
            if line.trim_end() == "---" {
                closed = true;
                ended = true;
                break;
            }
            if header(&line).is_some() {
                lines = before;
                ended = true;
                break;
            }
            yaml.push_str(&line);
            yaml.push('\n');
        }
        head.open_ended = !ended;
        if !closed {
            diag(
                1,
                Severity::Warning,
                "front matter opened here is never closed with `---`".into(),
            );
        }
        let (fm, problem) = frontmatter::parse(&yaml);
        if let Some(p) = problem {
            diag(
                1 + p.line,
                Severity::Warning,
                format!(
                    "front matter is not valid YAML ({}); read it as plain `key: value` lines",
                    p.reason
                ),
            );
        }
        front_matter = fm;
    }
    head.body = lines.pos();
    head.body_line = lines.number;

    // Date.
    let from_fm = front_matter
        .date
        .as_deref()
        .and_then(|d| leading_date(d.trim()));
    if let (Some(d), None) = (&front_matter.date, from_fm) {
        diag(
            1,
            Severity::Warning,
            format!("front matter date {d:?} is not a YYYY-MM-DD date"),
        );
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let from_name = leading_date(&file_name);
    let from_title = front_matter.title.as_deref().and_then(date_anywhere);
    head.date = from_fm.or(from_name).or(from_title);
    if let Some(date) = head.date {
        for (what, other) in [("file name", from_name), ("title", from_title)] {
            if let Some(o) = other.filter(|&o| o != date) {
                diag(
                    1,
                    Severity::Warning,
                    format!("the {what} says {o} but the day is dated {date}"),
                );
            }
        }
    }
    head.front_matter = front_matter;
    head
}

/// Parses only some messages of a day file: `text` holds runs of whole
/// messages back to back, each starting at a header line and ending where
/// the next header or the file ends, and `chunks` gives each run's byte
/// range in `text` and the number of its first line in the file. The
/// messages, bodies and spans are exactly those [`parse_day`] finds for the
/// same lines; the date, front matter and diagnostics are left empty.
pub(crate) fn parse_chunks(text: &str, chunks: &[(std::ops::Range<usize>, u32)]) -> ParsedDay {
    let mut day = ParsedDay::default();
    let lines = chunks.iter().flat_map(|(r, first)| {
        Lines::new(&text.as_bytes()[..r.end], r.start, first.saturating_sub(1))
            .map(|(n, r)| (n, &text[r]))
    });
    parse_messages(&mut day, lines, &mut |_, _, _| {});
    day
}

/// Reads the messages from `lines` (those after the front matter) into `day`.
fn parse_messages<'a>(
    day: &mut ParsedDay,
    lines: impl Iterator<Item = (u32, &'a str)>,
    diag: &mut impl FnMut(u32, Severity, String),
) {
    // Sized for a busy day's speakers, so that it seldom grows; foldhash,
    // as the archive's table (SipHash showed in profiles of the load).
    let mut speakers: HashMap<&str, u32, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(64, foldhash::fast::RandomState::default());
    let mut body_lines: Vec<&str> = Vec::new();
    let mut current: Option<(TimeOfDay, u32, u32)> = None; // time, speaker, line
    let mut stray: Option<(u32, u32)> = None; // first line and count of text before any header
    let mut last_time = TimeOfDay::from_hms(0, 0, 0).unwrap_or(TimeOfDay::UNKNOWN);
    let mut last_time_line = 0;
    let mut controlled = Controlled::default();
    let mut last_speaker: Option<(&str, u32)> = None;

    for (number, line) in lines {
        match header(line) {
            Some(Header::Message {
                time,
                raw_time,
                speaker,
            }) => {
                if let Some((t, s, l)) = current.take() {
                    if let Some(i) = push_message(day, t, s, l, &body_lines) {
                        controlled.note(l + 1 + i, None, diag);
                    }
                }
                body_lines.clear();
                if time.is_known() {
                    if time < last_time {
                        diag(
                            number,
                            Severity::Warning,
                            format!(
                                "time goes back from {last_time} (line {last_time_line}) to {time}"
                            ),
                        );
                    }
                    last_time = time;
                    last_time_line = number;
                } else {
                    diag(
                        number,
                        Severity::Warning,
                        format!("impossible time {raw_time}; shown as ??:??:??"),
                    );
                }
                // One speaker often writes several messages in a row.
                let next = speakers.len() as u32;
                let id = match last_speaker {
                    Some((name, id)) if name == speaker => id,
                    _ => *speakers.entry(speaker).or_insert(next),
                };
                last_speaker = Some((speaker, id));
                if id == next {
                    if has_controls(speaker) {
                        diag(
                            number,
                            Severity::Warning,
                            format!("the speaker's name: {CONTROLS}"),
                        );
                    }
                    day.speakers.push(&text::sanitize_line(speaker));
                }
                current = Some((time, id, number));
            }
            found => {
                if matches!(found, Some(Header::LookAlike)) {
                    diag(
                        number,
                        Severity::Warning,
                        "looks like a message header but has one space after the time; kept as text".into(),
                    );
                }
                if current.is_some() {
                    body_lines.push(line);
                } else if !text::trim(line).is_empty() {
                    let s = stray.get_or_insert((number, 0));
                    s.1 += 1;
                }
            }
        }
    }
    if let Some((t, s, l)) = current.take() {
        if let Some(i) = push_message(day, t, s, l, &body_lines) {
            controlled.note(l + 1 + i, None, diag);
        }
    }
    controlled.finish(diag);
    if let Some((line, count)) = stray {
        let what = if count == 1 { "line" } else { "lines" };
        diag(
            line,
            Severity::Warning,
            format!(
                "{count} {what} of text before the first message header, not part of any message"
            ),
        );
    }
}

/// Appends a message whose body is `lines` to the day's buffers; returns
/// the index in `lines` of the first line that held escape sequences or
/// control characters, if one did.
fn push_message(
    day: &mut ParsedDay,
    time: TimeOfDay,
    speaker: u32,
    line: u32,
    lines: &[&str],
) -> Option<u32> {
    // Blank lines around the body separate; trailing spaces are hard breaks.
    // (The first byte after the blanks answers for nearly every line;
    // `trim` next: it stops at the first visible character, where
    // `is_ascii` would read the whole line.)
    let is_blank = |l: &&str| {
        let start = l.bytes().position(|b| b != b' ' && b != b'\t');
        start.is_none_or(|i| {
            let t = &l[i..];
            text::may_start_space(t.as_bytes()[0]) && text::trim(t).is_empty() && !t.is_ascii()
        })
    };
    let first = lines.iter().position(|l| !is_blank(l));
    let last = lines.iter().rposition(|l| !is_blank(l));
    let start = day.text.len();
    let mut controls = None;
    if let (Some(first), Some(last)) = (first, last) {
        let mut sanitised = false;
        for (i, l) in lines[first..=last].iter().enumerate() {
            if i > 0 {
                day.text.push('\n');
            }
            if !is_blank(l) {
                let kept = l.bytes().rposition(|b| b != b' ' && b != b'\t');
                sanitised |= push_clean(&mut day.text, &l[..kept.map_or(0, |i| i + 1)]);
            }
        }
        if sanitised {
            controls = lines
                .iter()
                .position(|l| {
                    has_controls(l) || entities::decode(l).is_some_and(|d| has_controls(&d))
                })
                .map(|i| i as u32);
        }
    }
    let index = day.messages.len();
    let mut kind = MessageKind::Message;
    let mut flags = Flags::NONE;
    match cards::shape(&day.text[start..]) {
        None => {}
        Some(cards::Shape::Text { skip }) => {
            day.text.replace_range(start..start + skip, "");
        }
        Some(cards::Shape::System) => {
            day.text.truncate(start);
            kind = MessageKind::System;
        }
        Some(cards::Shape::Card {
            kind: attachment,
            name,
            target,
        }) => {
            let (name, target) = (name.to_owned(), target.to_owned());
            // The body is empty; the card's strings follow it, outside it.
            day.text.truncate(start);
            let mut push = |s: &str| {
                let at = day.text.len();
                day.text.push_str(s);
                Range32::new(at, day.text.len())
            };
            let (name, target) = (push(&name), push(&target));
            let a = day.rare.attachments.len();
            day.rare.attachments.push(Attachment {
                kind: attachment,
                name,
                target,
                size: None,
            });
            day.rare.extras.push(Extra {
                message: index as u32,
                attachments: Range32::new(a, a + 1),
                ..Extra::default()
            });
            flags.set(Flags::EXTRA);
        }
    }
    let body_end = if flags.has(Flags::EXTRA) {
        start
    } else {
        day.text.len()
    };
    let span_start = day.spans.len();
    spans::find(&day.text[start..body_end], &mut day.spans);
    for s in &mut day.spans[span_start..] {
        for r in [&mut s.range, &mut s.target] {
            r.start += start as u32;
            r.end += start as u32;
        }
    }
    let mut message = Message::new(
        time,
        SpeakerId(speaker),
        line,
        Range32::new(start, body_end),
        Range32::new(span_start, day.spans.len()),
    );
    message.kind = kind;
    message.flags = flags;
    day.messages.push(message);
    controls
}

/// Appends one line of a body with its entities decoded, sanitised, and
/// says whether the sanitiser changed it. Line by line, straight into the
/// day's text, so that reading a file never holds a second copy of a
/// message (the sanitiser's rules are local, and `\n` ends a stack of
/// combining marks: the result is what sanitising the whole body gives).
fn push_clean(text: &mut String, line: &str) -> bool {
    match entities::decode(line) {
        Some(decoded) => text::sanitize_into(&decoded, text),
        None => text::sanitize_into(line, text),
    }
}

#[cfg(test)]
mod tests;

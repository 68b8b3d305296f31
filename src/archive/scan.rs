//! Reading an archive for one search: only the messages that could match.
//!
//! [`scan`] walks the paths as [`load`](super::load) does and classifies
//! every file the same way (so the channels, their names and the files that
//! could not be read are the same), but it skips the messages of days that a
//! date filter rules out (reading only the start of such a file, for its
//! date) and, given a [`RawFilter`], parses only the messages whose raw bytes
//! could match. The result is a sparse [`Archive`]: the same channels, and
//! per day a subset of its messages that holds every message the query can
//! match, so a search over it prints exactly what a search over the whole
//! archive prints.
//!
//! # Why raw bytes are enough
//!
//! A body in the model is its raw lines with blank lines around it dropped,
//! trailing blanks trimmed, HTML entities decoded, invalid UTF-8 replaced by
//! U+FFFD and the text sanitised; search looks through the zero-width
//! characters of [`crate::text::is_ignorable`]. For a term without line
//! breaks, control characters, zero-width characters, U+FFFD or control
//! pictures, an occurrence in the body is an occurrence in the raw message
//! unless the message holds an `&` (an entity), a removed bidi control, a
//! removed tag character, an ignorable character, or, for terms with a
//! space, `[`, `]`, `P`, `p` or `\` (what tabs and C1 controls become), a
//! tab or a C1 control. Such messages are always parsed ("risky").
//!
//! The removed and ignorable characters only take characters out, so they
//! matter only in a message whose raw bytes hold the term's characters in
//! order with such characters between them. When the anchor is matched
//! byte for byte and starts with a character that is not ASCII, it is
//! looked for that way (a [`Spread`], from each occurrence of its first
//! character), and the file is read whole only for `&` (and tabs and C1
//! controls, when they count); the other risky characters are looked for
//! inside the messages visited. Otherwise every risky offset of the file is
//! looked for.
//!
//! Memory does not grow with the number of occurrences: the next anchor and
//! the next risky offset are looked for as the scan goes, never listed.
//!
//! Shares, red packets, files and system placeholders (`[title` / `](url)`,
//! `查看红包`, `[文件:…]`, `<?xml …?>`, `wxid_…:`) are read as cards whose text is a
//! piece of their raw text (the title, the greeting, the file name) and
//! whose markup and target are not searched: an occurrence in the model is
//! still one in the raw bytes, so the prefilter never drops a match, but
//! not the other way round, so such a message is never counted as a sure
//! match without being parsed.

use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::assemble::Assembler;
use super::formats::jekyll::{
    self, Lines, ParsedDay, check_bytes, check_day, into_parsed, is_day_named, is_header_line,
    lossy, may_be_card, parse_chunks, parse_day, parse_head,
};
use super::formats::{self, ParseContext, Parsed, Probe};
use super::load::{Options, Progress, check_name, decode, parse_with, read_file, read_job};
use super::walk::{FileJob, Job, Origin, Walked, read_fs, read_plain, walk_marked, with_buffer};
use crate::error::Result;
use crate::model::{Archive, Severity, SpeakerId};

/// Bytes read first from a file whose day a date filter may rule out: its
/// front matter, and enough to tell a binary file.
const HEAD_BYTES: usize = 8192;
/// The room a thread's file buffer starts with: most day files fit, so the
/// buffer does not grow (each larger buffer would fault in fresh pages;
/// room never written costs nothing).
const FIRST_BUFFER_BYTES: usize = 2 << 20;
/// A file buffer larger than this is freed rather than kept for the next
/// file. More than a load keeps ([`super::load::KEEP_BYTES`]): a search keeps no day's
/// bytes, and a buffer let go costs a page fault per 4 KiB of the next.
const RELEASE_BYTES: usize = 4 << 20;

/// A cheap test of raw bytes that every message a query matches passes.
pub trait RawFilter: Sync {
    /// Whether the filter has anchors: places one of which every matching
    /// message holds (in its header or body). Without, every message is
    /// tested with [`RawFilter::could_match`].
    fn has_anchor(&self) -> bool;

    /// The offset of the first anchor in `bytes` (a whole day file) at or
    /// after `from`.
    fn next_anchor(&self, bytes: &[u8], from: usize) -> Option<usize>;

    /// Whether a message whose raw body (the lines after its header) is
    /// `body` could match.
    fn could_match(&self, body: &[u8]) -> bool;

    /// Whether tabs and C1 controls could make a match (a term holds a space,
    /// `[`, `]`, `P`, `p` or `\`).
    fn wide_risk(&self) -> bool;

    /// Whether [`RawFilter::could_match`] is exact for a message that is not
    /// risky (no entity, bidi control, tab or C1 control): its terms are
    /// plain substrings without whitespace and nothing else is tested.
    fn exact(&self) -> bool;

    /// Whether a message whose raw body passes [`RawFilter::could_match`]
    /// surely matches even when it is risky (holds an entity, a removed
    /// character, a tab or a C1 control), unless it may be a card: true
    /// when [`RawFilter::exact`] and every term is made of characters that
    /// are not ASCII, matched byte for byte. Entities are ASCII runs, tabs
    /// and C1 controls are no such character, and what decoding removes is
    /// never inside an occurrence: decoding adds occurrences, it never
    /// takes one away.
    fn sure_when_risky(&self) -> bool {
        false
    }

    /// The anchor as a [`Spread`], when it is one: the scan then looks for
    /// it through removed characters, and for those characters only in the
    /// messages it visits.
    fn spread(&self) -> Option<&Spread> {
        None
    }
}

/// An anchor term matched byte for byte (case and all), whose first
/// character is not ASCII, looked for as it is and with characters that
/// decoding, sanitising or search take out (bidi controls, line
/// separators, ignorable and tag characters) between its characters.
///
/// A message without an entity (nor, for terms with a space, a tab or a C1
/// control) gets no character from decoding, only loses some; so it can
/// match only where its raw bytes hold the term's characters in order,
/// with removed characters between them. Looking for those occurrences
/// (from each raw occurrence of the first character) finds every message
/// that removed characters could make match, so the scan no longer reads
/// every file for bidi controls, zero-width and tag characters: only for
/// `&` (and tabs and C1 controls, when they count), and inside the
/// messages it visits.
#[derive(Debug)]
pub struct Spread {
    /// The term's characters, each as UTF-8.
    chars: Vec<Vec<u8>>,
    /// Finds the first character.
    first: memchr::memmem::Finder<'static>,
}

impl Spread {
    /// The spread of `term`, or `None` when it is empty or starts with an
    /// ASCII character (a byte too common to look for alone).
    pub fn new(term: &str) -> Option<Spread> {
        let first = term.chars().next().filter(|c| !c.is_ascii())?;
        let mut buf = [0; 4];
        Some(Spread {
            chars: term.chars().map(|c| c.to_string().into_bytes()).collect(),
            first: memchr::memmem::Finder::new(first.encode_utf8(&mut buf).as_bytes()).into_owned(),
        })
    }

    /// The start of the first occurrence at or after `from`, as it is or
    /// spread out by removed characters.
    pub fn next(&self, bytes: &[u8], mut from: usize) -> Option<usize> {
        loop {
            let at = from + self.first.find(bytes.get(from..)?)?;
            if self.spread_at(bytes, at) {
                return Some(at);
            }
            from = at + 1;
        }
    }

    /// Whether the term's characters follow at `at` (where the first is),
    /// with nothing but removed characters between them.
    fn spread_at(&self, bytes: &[u8], at: usize) -> bool {
        let mut pos = at + self.chars[0].len();
        for c in &self.chars[1..] {
            loop {
                if bytes[pos..].starts_with(c) {
                    pos += c.len();
                    break;
                }
                match deleted_len(bytes, pos) {
                    Some(n) => pos += n,
                    None => return false,
                }
            }
        }
        true
    }
}

/// The length of the character at `i` when decoding, sanitising or search
/// takes it out of a body (a bidi control, a line separator, an ignorable
/// or tag character): the risky offsets other than entities, tabs and C1
/// controls.
fn deleted_len(bytes: &[u8], i: usize) -> Option<usize> {
    let lead = *bytes.get(i)?;
    (bidi_at(bytes, i) || crate::text::hidden_at(bytes, i)).then_some(match lead {
        0xC2 | 0xD8 => 2,
        0xF3 => 4,
        _ => 3,
    })
}

/// Whether a bidi control or a line separator starts at `i`: sanitising
/// removes them.
fn bidi_at(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match at(0) {
        0xE2 => match at(1) {
            0x80 => matches!(at(2), 0x8E | 0x8F | 0xA8..=0xAE),
            0x81 => matches!(at(2), 0xA6..=0xA9),
            _ => false,
        },
        0xD8 => at(1) == 0x9C,
        _ => false,
    }
}

/// What [`scan`] keeps.
pub struct Selection<'a> {
    /// The days whose messages are wanted; the others are only classified.
    pub dates: &'a (dyn Fn(NaiveDate) -> bool + Sync),
    /// Whether `dates` may rule out some days: files are then read in two
    /// steps, the start first for the date.
    pub dates_may_rule_out: bool,
    /// The messages wanted; `None` for all of them.
    pub filter: Option<&'a dyn RawFilter>,
    /// Whether messages need their line numbers (JSON output).
    pub lines: bool,
    /// Whether only the number of matches is wanted: messages that surely
    /// match (see [`RawFilter::exact`]) are then counted, not parsed.
    pub count_only: bool,
    /// How to read the archive (zone, forced format), as for a load.
    pub options: Options,
}

/// What [`scan`] found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The channels, and per day the messages that could match (and were
    /// not counted in `sure`).
    pub archive: Archive,
    /// Messages counted without parsing, by channel (its index in `archive.channels`).
    pub sure: Vec<usize>,
}

/// What became of one reference-format file.
enum Scanned {
    Skipped(Parsed),
    /// A day: its date, the messages kept (none when its date is not
    /// wanted) and the number of sure matches.
    Day(NaiveDate, Option<Box<ParsedDay>>, usize),
}

/// Reads the archive at `paths` for a search; see the module documentation.
/// Its diagnostics are the errors and notes [`load`](super::load) reports
/// (the warnings about the inside of reference-format files are not
/// looked for).
///
/// Only files of the reference format are read through the raw-byte fast
/// path. Every other input (another format, a folder format, a zip
/// member) is loaded whole, as [`load`](super::load) loads it, and all its
/// messages are kept: the matcher then sees exactly what it sees on the
/// full model.
pub fn scan(paths: &[std::path::PathBuf], selection: &Selection<'_>) -> Result<Scan> {
    let Walked {
        jobs,
        diagnostics,
        plain,
    } = walk_marked(paths, selection.options.format)?;
    let outcomes: Vec<(Parsed, usize)> = jobs
        .par_iter()
        .zip(&plain)
        .map(|(job, &plain)| with_buffer(RELEASE_BYTES, |buf| scan_job(job, plain, selection, buf)))
        .collect();
    let mut assembler = Assembler::new();
    assembler.add(Parsed {
        diagnostics,
        ..Parsed::default()
    });
    let mut sure_by_chat: Vec<(u32, usize)> = Vec::new();
    for (parsed, sure) in outcomes {
        let chats = assembler.add(parsed);
        if sure > 0 {
            sure_by_chat.push((chats[0], sure));
        }
    }
    let (archive, rank) = assembler.finish();
    let mut sure = vec![0; archive.channels.len()];
    for (chat, n) in sure_by_chat {
        sure[rank[chat as usize] as usize] += n;
    }
    Ok(Scan { archive, sure })
}

/// Whether a file of `format`, on disk or built in, is read through the
/// fast path: only the reference format's are. Everything else (and any
/// member of a zip) falls back to a full load.
pub fn fast_path_applies(format: &dyn formats::Format) -> bool {
    format.name() == jekyll::FORMAT.name()
}

/// Reads one job for a search: a reference-format file through the fast
/// path, anything else whole (the fallback). A `plain` file (see
/// [`Walked::plain`]) is read without a stat.
fn scan_job(
    job: &Job,
    plain: bool,
    selection: &Selection<'_>,
    buf: &mut Vec<u8>,
) -> (Parsed, usize) {
    let full = |buf: &mut Vec<u8>| {
        (
            read_job(job, &selection.options, &Progress::default(), buf),
            0,
        )
    };
    let Job::File(file) = job else {
        return full(buf);
    };
    let on_disk = matches!(file.origin, Origin::Fs(_) | Origin::Embedded(_));
    if !on_disk {
        return full(buf);
    }
    if let Some((severity, why)) = check_name(&file.path, selection.options.format.is_some()) {
        return (Parsed::refused(&file.path, 1, severity, why), 0);
    }
    // Read the start (or all) of the file, and see what format it is.
    let mut whole = true;
    match &file.origin {
        Origin::Embedded(b) => {
            buf.clear();
            buf.extend_from_slice(b);
        }
        Origin::Fs(real) => {
            if buf.capacity() < FIRST_BUFFER_BYTES {
                *buf = Vec::with_capacity(FIRST_BUFFER_BYTES);
            }
            let read = if plain { read_plain } else { read_fs };
            match read(
                real,
                buf,
                selection.dates_may_rule_out.then_some(HEAD_BYTES),
            ) {
                Ok(w) => whole = w,
                Err(why) => return (Parsed::refused(&file.path, 1, Severity::Error, why), 0),
            }
        }
        _ => unreachable!("only files on disk or built in"),
    }
    let detected = formats::detect(&Probe::new(&file.path, buf), selection.options.format);
    match detected {
        Some((format, _)) if fast_path_applies(format) => {}
        Some((format, _)) => {
            // The fallback: the whole file, as a load reads it.
            if !whole {
                if let Origin::Fs(real) = &file.origin {
                    if let Err(why) = read_fs(real, buf, None) {
                        return (Parsed::refused(&file.path, 1, Severity::Error, why), 0);
                    }
                }
            }
            return (parse_with(format, buf, file, &selection.options), 0);
        }
        None => return full(buf),
    }
    match scan_one(file, selection, buf, whole) {
        Scanned::Skipped(p) => (p, 0),
        Scanned::Day(date, parsed, sure) => {
            let ctx = ParseContext {
                path: &file.path,
                folder: &file.folder,
                zone: selection.options.zone,
            };
            let keep = parsed.filter(|p| !p.messages.is_empty());
            let mut piece = if let Some(mut p) = keep {
                p.date = Some(date);
                p.front_matter = crate::model::FrontMatter::default();
                into_parsed(*p, &ctx)
            } else {
                // The channel exists even when none of its messages is kept.
                let mut p = into_parsed(
                    ParsedDay {
                        date: Some(date),
                        ..ParsedDay::default()
                    },
                    &ctx,
                );
                p.days.clear();
                p
            };
            piece.diagnostics.clear();
            (piece, sure)
        }
    }
}

/// Re-reads and fully parses the days of `archive` (from [`scan`]) whose
/// index `which` holds for, for output that needs every message of a day
/// (context).
/// Only reference-format days read from disk can be partial; the others
/// are complete already and are left as they are.
pub fn complete_days(archive: &mut Archive, which: &(dyn Fn(usize) -> bool + Sync)) {
    let wanted: Vec<usize> = (0..archive.days.len())
        .filter(|&i| {
            let d = &archive.days[i];
            let reference = d
                .sources
                .first()
                .is_some_and(|&f| archive.files[f as usize].format == jekyll::FORMAT.name());
            reference && which(i)
        })
        .collect();
    let parsed: Vec<(usize, Option<ParsedDay>)> = wanted
        .par_iter()
        .map(|&i| {
            let path = archive.day_path(&archive.days[i]);
            let parsed = read_file(path).ok().map(|bytes| {
                let mut ignored = Vec::new();
                let text = decode(path, bytes, &mut ignored);
                parse_day(path, &text)
            });
            (i, parsed)
        })
        .collect();
    for (i, parsed) in parsed {
        let Some(parsed) = parsed else { continue };
        let global: Vec<SpeakerId> = parsed
            .speakers
            .iter()
            .map(|n| archive.speakers.intern(n))
            .collect();
        let day = &mut archive.days[i];
        day.messages = parsed.messages;
        for m in &mut day.messages {
            m.speaker = global[m.speaker.index()];
        }
        day.text = parsed.text;
        day.spans = parsed.spans;
        day.rare = parsed.rare;
        day.front_matter = parsed.front_matter;
    }
}

/// Classifies one reference-format file as [`load`](super::load) would,
/// and keeps the messages `selection` wants. `bytes` holds the file, or
/// its start when not `whole`.
fn scan_one(
    c: &FileJob,
    selection: &Selection<'_>,
    bytes: &mut Vec<u8>,
    mut whole: bool,
) -> Scanned {
    let path = &c.path;
    let skip =
        |severity: Severity, why: String| Scanned::Skipped(Parsed::refused(path, 1, severity, why));
    let day_named = is_day_named(path);
    let reread = |bytes: &mut Vec<u8>| -> std::result::Result<(), String> {
        match &c.origin {
            Origin::Fs(real) => read_fs(real, bytes, None).map(|_| ()),
            _ => Ok(()),
        }
    };
    if let Some((severity, why)) = check_bytes(bytes, day_named) {
        return skip(severity, why);
    }
    // UTF-16, UTF-32 and GB18030 files hold no UTF-8 bytes to search:
    // decode them whole and keep every message, as the full load would.
    let complete_lines = if whole {
        bytes.len()
    } else {
        memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)
    };
    if super::encoding::has_wide_bom(bytes) || super::encoding::is_legacy(&bytes[..complete_lines])
    {
        if !whole {
            if let Err(why) = reread(bytes) {
                return skip(Severity::Error, why);
            }
        }
        let mut ignored = Vec::new();
        let text = decode(path, std::mem::take(bytes), &mut ignored);
        let parsed = Box::new(parse_day(path, &text));
        if let Some((severity, why)) = check_day(
            parsed.date,
            parsed.has_front_matter,
            !parsed.messages.is_empty(),
            day_named,
        ) {
            return skip(severity, why.into());
        }
        let Some(date) = parsed.date else {
            return skip(Severity::Note, "no date".into());
        };
        if !(selection.dates)(date) {
            return Scanned::Day(date, None, 0);
        }
        return Scanned::Day(date, Some(parsed), 0);
    }
    loop {
        let bom = super::encoding::utf8_boms(bytes);
        // The start of a file is cut after its last complete line.
        let end = if whole {
            bytes.len()
        } else {
            memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)
        };
        let input = &bytes[bom.min(end)..end];
        let head = parse_head(path, input, &mut |_, _, _| {});
        let settled = head.date.is_some() && head.has_front_matter;
        if !whole && (head.open_ended || !settled || end <= bom) {
            match reread(bytes) {
                Ok(()) => whole = true,
                Err(why) => return skip(Severity::Error, why),
            }
            continue;
        }
        let body = bom + head.body;
        let has_messages = settled || first_header(bytes, body).is_some();
        if let Some((severity, why)) =
            check_day(head.date, head.has_front_matter, has_messages, day_named)
        {
            return skip(severity, why.into());
        }
        let Some(date) = head.date else {
            return skip(Severity::Note, "no date".into());
        };
        if !(selection.dates)(date) {
            return Scanned::Day(date, None, 0);
        }
        if !whole {
            if let Err(why) = reread(bytes) {
                return skip(Severity::Error, why);
            }
        }
        let (parsed, sure) = match selection.filter {
            None => {
                let mut ignored = Vec::new();
                let text = decode(path, std::mem::take(bytes), &mut ignored);
                (parse_day(path, &text), 0)
            }
            Some(filter) => {
                let (text, chunks, sure) = select(bytes, body, head.body_line, filter, selection);
                // The file's bytes are not needed any more: a large buffer is
                // let go, so that one file costs at most twice its size.
                if bytes.capacity() > RELEASE_BYTES {
                    *bytes = Vec::new();
                }
                (parse_chunks(&text, &chunks), sure)
            }
        };
        return Scanned::Day(date, Some(Box::new(parsed)), sure);
    }
}

/// The start of the first header line at or after `from` (a line start).
fn first_header(bytes: &[u8], from: usize) -> Option<usize> {
    Lines::new(bytes, from, 0)
        .find(|(_, r)| is_header_line(&bytes[r.clone()]))
        .map(|(_, r)| r.start)
}

/// The messages of a file (`bytes`, its messages starting at `body`, after
/// line `body_line`) that `filter` lets through, and every risky one: their
/// text back to back, each one's range in it and first line, and the number
/// of sure matches counted instead.
fn select(
    bytes: &[u8],
    body: usize,
    body_line: u32,
    filter: &dyn RawFilter,
    selection: &Selection<'_>,
) -> (String, Vec<(Range<usize>, u32)>, usize) {
    let spread = filter.spread().filter(|_| filter.has_anchor());
    let mut risky = Risky::new(bytes, filter.wide_risk(), spread.is_some());
    let mut chunks: Vec<(Range<usize>, u32)> = Vec::new();
    let count_sure = selection.count_only && filter.exact();
    let mut sure = 0;
    if filter.has_anchor() {
        let next_anchor = |from: usize| match spread {
            Some(s) => s.next(bytes, from),
            None => filter.next_anchor(bytes, from),
        };
        sure = anchored_messages(
            bytes,
            body,
            &mut risky,
            &next_anchor,
            filter,
            count_sure,
            &mut chunks,
        );
        if selection.lines {
            number_chunks(bytes, body, body_line, &mut chunks);
        }
    } else {
        every_message(bytes, body, body_line, &mut risky, filter, &mut chunks);
    }
    // Decode the chosen messages into one text, back to back.
    let mut text = String::with_capacity(chunks.iter().map(|(r, _)| r.len()).sum());
    for (r, _) in &mut chunks {
        let start = text.len();
        text.push_str(&lossy(&bytes[r.clone()]));
        *r = start..text.len();
    }
    (text, chunks, sure)
}

/// Offsets of what decoding, sanitising or search could turn into part of a
/// match: `&` (entities), removed bidi controls and line separators,
/// ignorable and tag characters, and with `wide` tabs and C1 controls. Found
/// as asked for, in increasing order, each kind of byte looked for once.
///
/// With `only_added` (the anchor is a [`Spread`], which finds what removed
/// characters could make match), [`Risky::next`] looks only for what
/// decoding adds characters from (`&`, and with `wide` tabs and C1
/// controls); [`Risky::any_in`] still looks for every kind, in its range.
struct Risky<'a> {
    bytes: &'a [u8],
    wide: bool,
    only_added: bool,
    /// Per kind: no risky offset in `from..at`, and one at `at` (or none
    /// after `from` when `at` is `None`).
    found: [Found; 4],
}

#[derive(Clone, Copy)]
struct Found {
    from: usize,
    at: Option<usize>,
}

impl<'a> Risky<'a> {
    fn new(bytes: &'a [u8], wide: bool, only_added: bool) -> Self {
        let unknown = Found {
            from: usize::MAX,
            at: None,
        };
        Risky {
            bytes,
            wide,
            only_added,
            found: [unknown; 4],
        }
    }

    /// The first risky offset at or after `from` (of the kinds that
    /// decoding adds from, with `only_added`).
    fn next(&mut self, from: usize) -> Option<usize> {
        let kinds: &[usize] = match (self.only_added, self.wide) {
            (false, false) => &[0, 1, 2],
            (false, true) => &[0, 1, 2, 3],
            (true, false) => &[0],
            (true, true) => &[0, 3],
        };
        kinds.iter().filter_map(|&k| self.next_of(k, from)).min()
    }

    /// Whether there is a risky offset (of any kind) in `range`.
    fn any_in(&mut self, range: Range<usize>) -> bool {
        if !self.only_added {
            return self.next(range.start).is_some_and(|r| r < range.end);
        }
        // Ranges are whole messages: no character crosses their end.
        let (b, from) = (&self.bytes[..range.end], range.start);
        entity_bidi_or_hidden(b, from).is_some()
            || crate::text::find_hidden_rare(b, from).is_some()
            || crate::text::find_feff(b, from).is_some()
            || (self.wide && tab_or_c1(b, from).is_some())
    }

    fn next_of(&mut self, kind: usize, from: usize) -> Option<usize> {
        let f = self.found[kind];
        if f.from <= from && f.at.is_none_or(|at| at >= from) {
            return f.at;
        }
        // Each kind is one pass of SIMD byte search over what is left.
        let at = match kind {
            0 if self.only_added => memchr::memchr(b'&', &self.bytes[from..]).map(|i| from + i),
            0 => entity_bidi_or_hidden(self.bytes, from),
            1 => crate::text::find_hidden_rare(self.bytes, from),
            2 => crate::text::find_feff(self.bytes, from),
            _ => tab_or_c1(self.bytes, from),
        };
        self.found[kind] = Found { from, at };
        at
    }
}

/// The first `&`, bidi control, line separator, or ignorable character with
/// the lead byte `0xE2` at or after `from`.
fn entity_bidi_or_hidden(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3_iter(b'&', 0xE2, 0xD8, bytes.get(from..)?)
        .map(|i| from + i)
        .find(|&i| bytes[i] == b'&' || bidi_at(bytes, i) || crate::text::hidden_at(bytes, i))
}

/// The first tab or C1 control at or after `from`.
fn tab_or_c1(bytes: &[u8], from: usize) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    memchr::memchr2_iter(b'\t', 0xC2, bytes.get(from..)?)
        .map(|i| from + i)
        .find(|&i| bytes[i] == b'\t' || matches!(at(i + 1), 0x80..=0x9F))
}

/// The start of the line holding `pos`, not before `floor`.
fn line_start(bytes: &[u8], floor: usize, pos: usize) -> usize {
    memchr::memrchr2(b'\n', b'\r', &bytes[floor..pos]).map_or(floor, |i| floor + i + 1)
}

/// The start of the line before the one starting at `start` (> `floor`).
fn previous_line(bytes: &[u8], floor: usize, start: usize) -> usize {
    let mut end = start - 1;
    if bytes[end] == b'\n' && end > floor && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    line_start(bytes, floor, end)
}

/// The messages holding an anchor (the next at or after an offset given by
/// `next_anchor`) or a risky offset (from `body` on), as
/// byte ranges from their header to the next header; those whose body
/// `filter` rules out are dropped unless they are risky. With `count_sure`,
/// those that surely match are counted instead (the count is returned).
fn anchored_messages(
    bytes: &[u8],
    body: usize,
    risky: &mut Risky<'_>,
    next_anchor: &dyn Fn(usize) -> Option<usize>,
    filter: &dyn RawFilter,
    count_sure: bool,
    chunks: &mut Vec<(Range<usize>, u32)>,
) -> usize {
    let mut sure = 0;
    let sure_when_risky = filter.sure_when_risky();
    // Everything before `floor` has been looked at; `floor` is a line start.
    let mut floor = body;
    // The next anchor at or after `floor`, found once per message.
    let mut anchor: Option<Option<usize>> = None;
    loop {
        let a = match anchor {
            Some(Some(a)) if a >= floor => Some(a),
            Some(None) => None,
            _ => {
                let a = next_anchor(floor);
                anchor = Some(a);
                a
            }
        };
        let Some(p) = [a, risky.next(floor)].into_iter().flatten().min() else {
            break;
        };
        // Back to the header of the message holding `p`.
        let mut start = line_start(bytes, floor, p);
        let header = loop {
            let end =
                memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            if is_header_line(&bytes[start..end]) {
                break Some(start);
            }
            if start <= floor {
                break None;
            }
            start = previous_line(bytes, floor, start);
        };
        let mut lines = Lines::new(bytes, line_start(bytes, floor, p), 0);
        let after_p = lines.next().map_or(bytes.len(), |_| lines.pos());
        let Some(header) = header else {
            // Text before the first header: no message.
            floor = after_p;
            continue;
        };
        // On to the next header.
        let mut lines = Lines::new(bytes, after_p, 0);
        let end = lines
            .find(|(_, r)| is_header_line(&bytes[r.clone()]))
            .map_or(bytes.len(), |(_, r)| r.start);
        floor = end;
        let mut header_line = Lines::new(bytes, header, 0);
        header_line.next();
        let body_start = header_line.pos().min(end);
        let raw = &bytes[body_start..end];
        // A share, red packet, file or placeholder reads as a card whose
        // text is less than its raw bytes: parse it to be sure.
        if count_sure && sure_when_risky {
            // Risky or not, a match in the raw body is one in the model.
            let could = filter.could_match(raw);
            if could && !may_be_card(raw) {
                sure += 1;
            } else if could || risky.any_in(header..end) {
                chunks.push((header..end, 0));
            }
        } else if risky.any_in(header..end) {
            chunks.push((header..end, 0));
        } else if filter.could_match(raw) {
            if count_sure && !may_be_card(raw) {
                sure += 1;
            } else {
                chunks.push((header..end, 0));
            }
        }
        if end >= bytes.len() {
            break;
        }
    }
    sure
}

/// Sets the line number of each chunk's first line.
fn number_chunks(bytes: &[u8], body: usize, body_line: u32, chunks: &mut [(Range<usize>, u32)]) {
    let has_cr = memchr::memchr(b'\r', &bytes[body..]).is_some();
    let mut pos = body;
    let mut line = body_line;
    for (r, number) in chunks {
        let part = &bytes[pos..r.start];
        #[allow(
            clippy::naive_bytecount,
            reason = "vectorises well; no crate for one count"
        )]
        let mut breaks = part.iter().filter(|&&b| b == b'\n').count();
        if has_cr {
            breaks += memchr::memchr_iter(b'\r', part)
                .filter(|&i| bytes.get(pos + i + 1) != Some(&b'\n'))
                .count();
        }
        line += breaks as u32;
        *number = line + 1;
        pos = r.start;
    }
}

/// Every message whose raw body `filter` lets through, or that holds a
/// risky offset, as in [`anchored_messages`].
fn every_message(
    bytes: &[u8],
    body: usize,
    body_line: u32,
    risky: &mut Risky<'_>,
    filter: &dyn RawFilter,
    chunks: &mut Vec<(Range<usize>, u32)>,
) {
    let mut open: Option<(usize, usize, u32)> = None; // header start, body start, line
    let mut close = |open: Option<(usize, usize, u32)>, end: usize| {
        if let Some((header, body_start, line)) = open {
            if risky.any_in(header..end) || filter.could_match(&bytes[body_start..end]) {
                chunks.push((header..end, line));
            }
        }
    };
    let mut lines = Lines::new(bytes, body, body_line);
    while let Some((number, r)) = lines.next() {
        if bytes[r.start] == b'>' && is_header_line(&bytes[r.clone()]) {
            close(open.take(), r.start);
            open = Some((r.start, lines.pos(), number));
        }
    }
    close(open, bytes.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spread_term_is_found_through_removed_characters_only() {
        let s = Spread::new("二维码").expect("a spread");
        let text = "二维 码 二\u{200b}\u{2066}维\u{ad}码 二维码".as_bytes();
        let first = s.next(text, 0).expect("spread out");
        assert_eq!(first, "二维 码 ".len());
        assert_eq!(s.next(text, first + 1), Some(text.len() - "二维码".len()));
        assert_eq!(s.next("二\u{2065}维码 二维吗".as_bytes(), 0), None);
        // A cut file ends inside a removed character.
        assert_eq!(s.next(b"\xE4\xBA\x8C\xE2\x80", 0), None);
        assert_eq!(s.next(&"二\u{200b}维".as_bytes()[..5], 0), None);
        // Terms starting with ASCII are looked for as they are.
        assert!(Spread::new("ping").is_none() && Spread::new("").is_none());
        assert!(Spread::new("码p").is_some());
    }

    #[test]
    fn removed_characters_are_the_risky_ones_less_entities_tabs_and_c1() {
        for c in ('\0'..='\u{10FFFF}').filter(|c| !c.is_ascii()) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let risky = entity_bidi_or_hidden(bytes, 0).is_some()
                || crate::text::find_hidden_rare(bytes, 0).is_some()
                || crate::text::find_feff(bytes, 0).is_some();
            let removed = deleted_len(bytes, 0);
            assert_eq!(removed.is_some(), risky, "{c:?}");
            assert!(removed.is_none_or(|n| n == bytes.len()), "{c:?}");
        }
    }
}

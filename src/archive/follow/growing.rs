//! Reading a followed file that may be being written.
//!
//! A file of a format whose files grow by lines ([`Format::appends`]) is
//! read up to its last newline: a line being written is held back, and so
//! is a last message whose text has not begun (its header written, its
//! text not yet). Where its format can read on ([`Format::read_on`]), what
//! was read is kept as the messages before the last one (the piece) and
//! the last one apart ([`Growing`]); when the file grows, only the bytes
//! from the start of that last message are read and parsed, with the
//! context the format carried, after checking that the bytes read before
//! are still there (a fingerprint of the end of what was read).

use std::hash::{DefaultHasher, Hasher};
use std::io::{Read as _, Seek as _, SeekFrom};

use super::super::formats::{self, Format, ParseContext, Parsed, Probe, Resume};
use super::super::load::{Options, Progress, check_name, parse_with, read_job};
use super::super::walk::{FileJob, Job, MAX_FILE_BYTES, Origin, check_regular, read_fs};

/// How many bytes before the start of the last message the fingerprint
/// covers (with the bytes read after it).
const PRINT_BEFORE: usize = 256;

/// A growing file as last read: where to read on.
pub(super) struct Growing {
    format: &'static dyn Format,
    /// The last message (later lines may extend it).
    last: Parsed,
    /// Whether `last` is shown: not while its text has not begun.
    shown: bool,
    resume: Resume,
    /// Where the bytes read end (after the last newline read).
    end: usize,
    /// The fingerprint of the bytes from [`PRINT_BEFORE`] before
    /// `resume.offset` to `end`.
    print: u64,
}

impl Growing {
    /// The last message, when it is shown.
    pub(super) fn last(&self) -> Option<&Parsed> {
        self.shown.then_some(&self.last)
    }
}

/// A file as read: its piece, whether something was held back, and where
/// to read on when it grows (where its format can).
pub(super) struct Read {
    pub(super) piece: Parsed,
    pub(super) held: bool,
    pub(super) growing: Option<Growing>,
}

/// Reads a job that may be being written: a file of a format that grows by
/// lines is read up to its last newline (what follows is held back);
/// anything else is read whole.
pub(super) fn read_growing(job: &Job, options: &Options, buf: &mut Vec<u8>) -> Read {
    if let Job::File(f) = job {
        if let Origin::Fs(real) = &f.origin {
            if check_name(&f.path, options.format.is_some()).is_none()
                && read_fs(real, buf, None).is_ok()
            {
                if let Some((format, _)) =
                    formats::detect(&Probe::new(&f.path, buf), options.format)
                {
                    if !format.appends() {
                        return Read {
                            piece: parse_with(format, buf, f, options),
                            held: false,
                            growing: None,
                        };
                    }
                    return read_lines(format, f, options, buf);
                }
            }
        }
    }
    Read {
        piece: read_job(job, options, &Progress::default(), buf),
        held: false,
        growing: None,
    }
}

/// Reads `buf`, the whole of a file of a format that grows by lines.
fn read_lines(
    format: &'static dyn Format,
    f: &FileJob,
    options: &Options,
    buf: &mut Vec<u8>,
) -> Read {
    let whole = memchr::memrchr(b'\n', buf).map_or(0, |i| i + 1);
    let mut held = whole < buf.len();
    buf.truncate(whole);
    let ctx = context(f, options);
    if !buf.is_empty() {
        if let Some(r) = format.read_on(buf, None, &ctx) {
            let shown = bodiless_last(&r.last).is_none();
            let print = fingerprint(buf, r.resume.offset, whole);
            return Read {
                piece: finished(r.done, format, f),
                held: held || !shown,
                growing: Some(Growing {
                    format,
                    last: finished(r.last, format, f),
                    shown,
                    resume: r.resume,
                    end: whole,
                    print,
                }),
            };
        }
    }
    let mut piece = parse_with(format, buf, f, options);
    // A last message whose body has not begun (its header written, its
    // text not yet) waits for its text.
    if let Some(line) = bodiless_last(&piece) {
        let start = if line <= 1 {
            0
        } else {
            memchr::memchr_iter(b'\n', buf)
                .nth(line as usize - 2)
                .map_or(buf.len(), |i| i + 1)
        };
        buf.truncate(start);
        piece = parse_with(format, buf, f, options);
        held = true;
    }
    if buf.is_empty() {
        // Not even a first message yet: nothing to show.
        piece = Parsed::default();
    }
    Read {
        piece,
        held,
        growing: None,
    }
}

/// Reads on a file that grew: the bytes from the start of its last
/// message, when those before are as they were. The messages to add to the
/// file's piece, and whether something is held back; `None` when the file
/// must be read whole (it changed before its end, its format cannot read
/// the new lines on).
pub(super) fn read_on(
    job: &Job,
    growing: &mut Growing,
    options: &Options,
    buf: &mut Vec<u8>,
) -> Option<(Parsed, bool)> {
    let Job::File(f) = job else { return None };
    let Origin::Fs(real) = &f.origin else {
        return None;
    };
    let meta = check_regular(real).ok()?;
    if meta.len() > MAX_FILE_BYTES || (meta.len() as usize) < growing.end {
        return None;
    }
    let from = growing.resume.offset.saturating_sub(PRINT_BEFORE);
    let mut file = std::fs::File::open(real).ok()?;
    file.seek(SeekFrom::Start(from as u64)).ok()?;
    buf.clear();
    file.take(MAX_FILE_BYTES).read_to_end(buf).ok()?;
    // The bytes read before are still there.
    let read_before = growing.end.checked_sub(from)?;
    if buf.len() < read_before || hash(&buf[..read_before]) != growing.print {
        return None;
    }
    let at = growing.resume.offset - from;
    let whole = memchr::memrchr(b'\n', &buf[at..]).map_or(at, |i| at + i + 1);
    let partial = whole < buf.len();
    if whole == read_before {
        // Nothing complete was added.
        return Some((Parsed::default(), partial || !growing.shown));
    }
    let ctx = context(f, options);
    let r = growing
        .format
        .read_on(&buf[at..whole], Some(&growing.resume), &ctx)?;
    let shown = bodiless_last(&r.last).is_none();
    let end = from + whole;
    growing.print =
        hash(&buf[r.resume.offset.saturating_sub(PRINT_BEFORE).max(from) - from..whole]);
    growing.last = finished(r.last, growing.format, f);
    growing.shown = shown;
    growing.resume = r.resume;
    growing.end = end;
    Some((finished(r.done, growing.format, f), partial || !shown))
}

fn context<'a>(f: &'a FileJob, options: &Options) -> ParseContext<'a> {
    ParseContext {
        path: &f.path,
        folder: &f.folder,
        zone: options.zone,
    }
}

/// A piece as [`parse_with`] leaves it: with its format's name and file.
fn finished(mut piece: Parsed, format: &dyn Format, f: &FileJob) -> Parsed {
    piece.format = format.name();
    if piece.files.is_empty() {
        piece.files.push(f.path.clone());
    }
    piece
}

/// The fingerprint of the bytes of a file from [`PRINT_BEFORE`] before
/// `offset` to `end`, `bytes` being the file from its start.
fn fingerprint(bytes: &[u8], offset: usize, end: usize) -> u64 {
    hash(&bytes[offset.saturating_sub(PRINT_BEFORE)..end])
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// The line of the last message of a piece when its body is empty and it
/// is not a system message: a message whose text is still being written.
fn bodiless_last(piece: &Parsed) -> Option<u32> {
    let (day, m) = piece
        .days
        .iter()
        .flat_map(|d| d.messages.iter().map(move |m| (d, m)))
        .max_by_key(|(_, m)| m.line)?;
    let empty = day.body(m).trim().is_empty()
        && m.kind != crate::model::MessageKind::System
        && day.attachments(day.index_of(m)?).is_empty();
    (empty && m.line > 0).then_some(m.line)
}

//! WhatsApp's "Export chat" text files, Android's and iOS's, in every
//! locale seen.
//!
//! One file is one chat. A message starts with a header line
//! (`23/03/2022, 13:31 - Ann: text` on Android, `[3/27/22, 21:41:35] Ann:
//! text` on iOS; `header`), and every line that is not a whole header
//! continues it. A header without `NAME: ` is a system line (Android); iOS
//! names the chat on its system lines and marks their text with U+200E,
//! which `body` reads, with the media placeholders, attached files,
//! deletions, edits, locations, calls and polls. Bodies are WhatsApp's
//! markup (`markup`). Times are as the phone wrote them, without a zone.
//!
//! A file is read in two passes: the first finds the headers, the layout
//! the file keeps (a line of another layout is text) and the order of day
//! and month over all its dates (`dates`); the second builds the messages.
//!
//! The chat's name comes from the file's name (`WhatsApp Chat with NAME.txt`
//! and its translations) or, for iOS's `_chat.txt`, from the folder or zip
//! it is in (`WhatsApp Chat - NAME.zip`). An export with its media (a zip or
//! folder holding the chat file and the files it sends) is claimed whole,
//! as a folder: its media files are the attachments' files, not files of
//! unknown formats.

mod body;
mod dates;
mod header;
mod markup;
mod names;
mod read_on;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::{
    Builder, Confidence, Folder, FolderProbe, Format, Loc, ParseContext, Parsed, Probe, ReadOn,
    Resume,
};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, SpeakerId, TimeOfDay};
use body::Content;
use header::Family;
pub use names::{chat_file_stem, chat_name};

/// WhatsApp's export behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &WhatsApp;

/// The app label of WhatsApp's channels.
pub const APP: &str = "WhatsApp";

/// The longest message kept, in bytes: WhatsApp sends at most 65,536
/// characters, so anything longer is not a message (a hostile or broken
/// file); it is cut here, with a warning.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// After this many warnings of one kind in a file, the rest are summed up.
const MAX_REPORTS: usize = 10;

/// WhatsApp's "Export chat" text.
#[derive(Debug, Clone, Copy)]
pub struct WhatsApp;

impl Format for WhatsApp {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    fn app(&self) -> &'static str {
        APP
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// A chat log being exported or synced grows by lines at its end.
    fn appends(&self) -> bool {
        true
    }

    /// By name (`WhatsApp Chat with …`, `_chat.txt`) and by content: the
    /// first line a header, and a second header of the same layout in the
    /// first bytes (or nothing more to see).
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        if !probe.has_ext("txt") {
            return None;
        }
        let named = names::is_chat_file(probe.name);
        if probe.head.is_empty() {
            return named.then_some(Confidence::Name);
        }
        let content = looks_like_chat(probe.text(), probe.head.len() < super::PROBE_BYTES);
        match (named, content) {
            (true, true) => Some(Confidence::Certain),
            (false, true) => Some(Confidence::Content),
            (true, false) => Some(Confidence::Name),
            (false, false) => None,
        }
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        let mut b = Builder::new(self, ctx);
        let mut diags = Vec::new();
        let text = ctx.decode(bytes, &mut diags);
        let name = chat_name(&last_name(ctx.path), &ctx.folder_name());
        read_chat(&mut b, &text, &name, &ctx.path.to_string_lossy(), None);
        let mut parsed = b.finish();
        // In line order: a message's warnings are found when it is complete.
        parsed.diagnostics.sort_by_key(|d| d.line);
        diags.append(&mut parsed.diagnostics);
        parsed.diagnostics = diags;
        parsed
    }

    fn read_on(
        &self,
        bytes: &[u8],
        from: Option<&Resume>,
        ctx: &ParseContext<'_>,
    ) -> Option<ReadOn> {
        read_on::read_on(bytes, from, ctx)
    }

    /// A folder or zip holding one chat file and the media it sends, and
    /// nothing else a format reads.
    fn detect_folder(&self, probe: &FolderProbe<'_>) -> Option<Confidence> {
        if !probe.folders.is_empty() {
            return None;
        }
        let mut chats = probe.files.iter().filter(|f| names::is_chat_file(f));
        let chat = chats.next()?;
        if chats.next().is_some() {
            return None;
        }
        let others: Vec<&String> = probe.files.iter().filter(|f| *f != chat).collect();
        let media_only = !others.is_empty() && others.iter().all(|f| names::is_media_file(f));
        media_only.then_some(Confidence::Certain)
    }

    fn parse_folder(&self, folder: &dyn Folder, ctx: &ParseContext<'_>) -> Parsed {
        let mut b = Builder::new(self, ctx);
        let Some(rel) = folder
            .files()
            .iter()
            .find(|f| !f.contains('/') && names::is_chat_file(f))
        else {
            b.diag(
                Loc::Line(1),
                Severity::Error,
                "no WhatsApp chat file in this export",
            );
            return b.finish();
        };
        let path = folder.path_of(rel);
        b.source(&path);
        let bytes = match folder.read(rel) {
            Ok(bytes) => bytes,
            Err(why) => {
                b.diag(Loc::Line(1), Severity::Error, why);
                return b.finish();
            }
        };
        let member = ParseContext {
            path: &path,
            folder: ctx.path,
            zone: ctx.zone,
        };
        let mut diags = Vec::new();
        let text = member.decode(&bytes, &mut diags);
        let name = chat_name(rel, &last_name(ctx.path));
        let media = MediaFiles::new(folder);
        read_chat(&mut b, &text, &name, &path.to_string_lossy(), Some(&media));
        let mut parsed = b.finish();
        // In line order: a message's warnings are found when it is complete.
        parsed.diagnostics.sort_by_key(|d| d.line);
        diags.append(&mut parsed.diagnostics);
        parsed.diagnostics = diags;
        parsed
    }
}

/// The last component of `path`, or `""`.
fn last_name(path: &Path) -> Cow<'_, str> {
    path.file_name()
        .map_or(Cow::Borrowed(""), |n| n.to_string_lossy())
}

/// Whether the first bytes of a file read as a chat: the first non-empty
/// line a header, and another header of its layout after it; or, when the
/// file ends within them (`whole`), its only line an Android or iOS header.
fn looks_like_chat(head: &str, whole: bool) -> bool {
    let mut lines = head.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next().and_then(header::parse) else {
        return false;
    };
    if first.family == Family::Bracket
        && first.date.year_first()
        && first.date.sep == b'-'
        && !first.seconds
    {
        // `[2021-01-22, 10:00] Name: text` is signal-export's layout; iOS
        // writes seconds.
        return false;
    }
    let complete = head.rfind('\n').map_or("", |i| &head[..i]);
    let mut rest = complete.lines().filter(|l| !l.trim().is_empty()).skip(1);
    if rest.any(|l| header::parse(l).is_some_and(|h| h.family == first.family)) {
        return true;
    }
    whole
        && matches!(first.family, Family::Bracket | Family::Dash)
        && lines.all(|l| header::parse(l).is_none())
        && head.lines().filter(|l| !l.trim().is_empty()).count() == 1
}

/// The files of an export read as a folder, by file name, for the
/// attachments that name them.
struct MediaFiles<'f> {
    folder: &'f dyn Folder,
    by_name: HashMap<&'f str, &'f str>,
}

impl<'f> MediaFiles<'f> {
    fn new(folder: &'f dyn Folder) -> Self {
        let by_name = folder
            .files()
            .iter()
            .map(|rel| (rel.rsplit('/').next().unwrap_or(rel), rel.as_str()))
            .collect();
        MediaFiles { folder, by_name }
    }

    /// The member a message's file name is, with its size.
    fn find(&self, name: &str) -> Option<(&'f str, Option<u64>)> {
        let rel = *self.by_name.get(name)?;
        Some((rel, self.folder.size(rel)))
    }
}

/// The lines of a text: number (from 1), the line without its ending, and
/// its start and end byte offsets.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u32, &'a str, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        let (mut end, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        self.pos = next;
        self.number = self.number.saturating_add(1);
        Some((self.number, &self.text[start..end], start, end))
    }
}

fn lines(text: &str) -> Lines<'_> {
    Lines {
        text,
        pos: 0,
        number: 0,
    }
}

/// A header the first pass found: where its line starts, its number, and
/// what it says.
#[derive(Clone, Copy)]
struct Found {
    start: usize,
    /// Where the line ends (before `\r\n` or `\n`).
    end: usize,
    line: u32,
    header: header::Header,
}

/// What the first pass learns of a file: every header line, kept for the
/// second pass (40 bytes a message), how many of each layout, and the
/// evidence of their dates.
#[derive(Default)]
struct Survey {
    found: Vec<Found>,
    headers: [usize; 4],
    votes: [dates::OrderVotes; 4],
    first_seen: [u32; 4],
}

impl Survey {
    fn of(text: &str) -> Survey {
        let mut s = Survey::default();
        for (n, line, start, end) in lines(text) {
            if let Some(h) = header::parse(line) {
                let f = h.family.index();
                if s.headers[f] == 0 {
                    s.first_seen[f] = n;
                }
                s.headers[f] += 1;
                s.votes[f].add(&h.date);
                s.found.push(Found {
                    start,
                    end,
                    line: n,
                    header: h,
                });
            }
        }
        s
    }

    /// The layout of most headers (the first seen, on a tie).
    fn family(&self) -> Option<Family> {
        Family::ALL
            .into_iter()
            .filter(|f| self.headers[f.index()] > 0)
            .max_by(|a, b| {
                self.headers[a.index()]
                    .cmp(&self.headers[b.index()])
                    .then(self.first_seen[b.index()].cmp(&self.first_seen[a.index()]))
            })
    }
}

/// Warnings of one kind, reported up to [`MAX_REPORTS`] times per file
/// and then summed up once.
#[derive(Default)]
struct Capped {
    reported: usize,
    more: usize,
    first_more: u32,
}

impl Capped {
    fn report(&mut self, b: &mut Builder<'_>, line: u32, message: impl FnOnce() -> String) {
        if self.reported < MAX_REPORTS {
            self.reported += 1;
            b.diag(Loc::Line(line), Severity::Warning, message());
        } else {
            if self.more == 0 {
                self.first_more = line;
            }
            self.more += 1;
        }
    }

    fn finish(&self, b: &mut Builder<'_>, what: &str) {
        if self.more > 0 {
            b.diag(
                Loc::Line(self.first_more),
                Severity::Warning,
                format!("{} more lines from here on with {what}", self.more),
            );
        }
    }
}

/// The diagnostics of one file being read.
#[derive(Default)]
struct Reports {
    dates: Capped,
    times: Capped,
    long: Capped,
}

/// A file's speakers by their names as written (before cleaning), so that
/// a name is cleaned and interned once per file, not once per message;
/// foldhash (randomly seeded per process) reads a name 8 bytes at a time
/// where FNV-1a, used here before, multiplied once per byte.
type Names<'t> = HashMap<&'t str, SpeakerId, foldhash::fast::RandomState>;

/// A message whose lines are still being read.
#[derive(Clone, Copy)]
struct Pending<'a> {
    line: u32,
    date: chrono::NaiveDate,
    time: TimeOfDay,
    /// The header line after the header.
    rest: &'a str,
    /// The continuation lines, as byte offsets of the text.
    more: Option<(usize, usize)>,
    /// Where the line after the header line starts.
    next: usize,
}

impl Pending<'_> {
    /// Ends the message before the line starting at `start`: the lines
    /// between are its continuation.
    fn close(&mut self, text: &str, start: usize) {
        if start <= self.next {
            return;
        }
        // Without the line ending before `start`.
        let b = text.as_bytes();
        let mut end = start;
        if b[end - 1] == b'\n' {
            end -= 1;
            if end > self.next && b[end - 1] == b'\r' {
                end -= 1;
            }
        }
        self.more = Some((self.next, end));
    }
}

/// Reads the chat `text` into `b`: one chat named `name`, keyed `key`.
fn read_chat(
    b: &mut Builder<'_>,
    text: &str,
    name: &str,
    key: &str,
    media: Option<&MediaFiles<'_>>,
) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let survey = Survey::of(text);
    let Some(family) = survey.family() else {
        b.diag(
            Loc::Line(1),
            Severity::Error,
            "no WhatsApp message header in this file (`DATE, TIME - NAME: TEXT` or \
             `[DATE, TIME] NAME: TEXT`); not read",
        );
        return;
    };
    let order = survey.votes[family.index()].decide();
    let chat = b.chat(key, Some(name));
    let ctx = Ctx {
        chat,
        ios: family == Family::Bracket,
        media,
    };
    let found = survey.found.iter().filter(|f| f.header.family == family);
    if !read_messages(b, &ctx, text, found, order, true) {
        b.diag(
            Loc::Line(1),
            Severity::Error,
            "no WhatsApp message header with a possible date in this file; not read",
        );
    }
}

/// Reads the messages whose headers are `found` (those of the file's
/// layout, in order) from `text`, each up to the next header with a
/// possible date (the last one to the end of `text`); with `orphans`, the
/// lines before the first one are reported. Whether there was a message.
fn read_messages<'t>(
    b: &mut Builder<'_>,
    ctx: &Ctx<'_, '_>,
    text: &'t str,
    found: impl Iterator<Item = &'t Found>,
    order: dates::Order,
    orphans_report: bool,
) -> bool {
    let mut reports = Reports::default();
    let mut names = Names::default();
    let mut pending: Option<Pending<'_>> = None;
    // Lines before the first message are text of no message.
    let mut orphans: u32 = 0;
    for f in found {
        let h = &f.header;
        let Some(date) = dates::resolve(&h.date, order) else {
            // A line of text then: of the message before, or of none.
            if pending.is_some() {
                let shown = dates::show(&h.date);
                reports.dates.report(b, f.line, || {
                    let order = match order {
                        dates::Order::DayFirst => "day",
                        dates::Order::MonthFirst => "month",
                    };
                    format!(
                        "impossible date {shown} (this file writes the {order} first); \
                         read as text of the message before"
                    )
                });
            }
            continue;
        };
        match pending.take() {
            Some(mut p) => {
                p.close(text, f.start);
                flush(b, ctx, text, p, &mut reports, &mut names);
            }
            None => orphans = f.line - 1,
        }
        let time = h.time.time().unwrap_or_else(|| {
            let t = h.time;
            reports.times.report(b, f.line, || {
                format!(
                    "impossible time {}:{:02}{}; shown as ??:??:??",
                    t.hour,
                    t.minute,
                    match t.pm {
                        Some(true) => " PM",
                        Some(false) => " AM",
                        None => "",
                    }
                )
            });
            TimeOfDay::UNKNOWN
        });
        // The next line starts after the line ending.
        let next =
            (f.end + 1 + usize::from(text.as_bytes().get(f.end) == Some(&b'\r'))).min(text.len());
        pending = Some(Pending {
            line: f.line,
            date,
            time,
            rest: &text[f.start + h.rest as usize..f.end],
            more: None,
            next,
        });
    }
    let Some(mut last) = pending.take() else {
        return false;
    };
    last.close(text, text.len());
    flush(b, ctx, text, last, &mut reports, &mut names);
    if orphans > 0 && orphans_report {
        let what = if orphans == 1 {
            "line before the first message header belongs"
        } else {
            "lines before the first message header belong"
        };
        b.diag(
            Loc::Line(1),
            Severity::Warning,
            format!("{orphans} {what} to no message; skipped"),
        );
    }
    reports.dates.finish(b, "impossible dates");
    reports.times.finish(b, "impossible times");
    reports.long.finish(b, "messages cut");
    true
}

/// What every message of a file shares.
struct Ctx<'m, 'f> {
    chat: super::ChatId,
    ios: bool,
    media: Option<&'m MediaFiles<'f>>,
}

/// Splits a header's rest into the sender's name and the text; `None` for
/// the name of a system line. The name ends at the first `:` followed by a
/// space, a mark or the end of the line, unless that colon is inside
/// quotes (`X changed the subject to "a: b"`).
fn split_name(rest: &str) -> (Option<&str>, &str) {
    let b = rest.as_bytes();
    for i in memchr::memchr_iter(b':', b) {
        let after = &rest[i + 1..];
        let ends = after.is_empty()
            || after.starts_with(' ')
            || after.starts_with(['\u{200e}', '\u{200f}']);
        if !ends {
            continue;
        }
        let name = &rest[..i];
        if name.bytes().filter(|&c| c == b'"').count() % 2 == 1 || body::trim_marks(name).is_empty()
        {
            return (None, rest);
        }
        return (Some(name), after.strip_prefix(' ').unwrap_or(after));
    }
    (None, rest)
}

/// A sender's name as shown: without marks, U+00A0 and U+202F as spaces,
/// without the `~` newer Android writes before names not in the contacts.
fn clean_name(name: &str) -> Cow<'_, str> {
    let spaces = |s: &str| s.contains(['\u{a0}', '\u{202f}']);
    if !name.starts_with(['~', ' '])
        && !name.ends_with(' ')
        && !body::has_mark(name)
        && !spaces(name)
    {
        return Cow::Borrowed(name);
    }
    let stripped = body::strip_marks(name);
    let spaced: Cow<'_, str> = if stripped.contains(['\u{a0}', '\u{202f}']) {
        Cow::Owned(stripped.replace(['\u{a0}', '\u{202f}'], " "))
    } else {
        stripped
    };
    let trimmed = spaced.trim();
    let trimmed = trimmed.strip_prefix('~').map_or(trimmed, str::trim_start);
    Cow::Owned(trimmed.to_owned())
}

/// The text of a message whose header line ends with `rest` and whose
/// continuation lines are `text[more]`: line endings `\n`, trailing blank
/// lines dropped, cut to [`MAX_MESSAGE_BYTES`] (says whether it was).
fn message_text<'a>(
    text: &'a str,
    rest: &'a str,
    more: Option<(usize, usize)>,
) -> (Cow<'a, str>, Option<usize>) {
    let mut full_len = rest.len();
    let whole: Cow<'a, str> = match more {
        None => Cow::Borrowed(rest),
        Some((s, e)) => {
            full_len += 1 + (e - s);
            // Never copy much more than can be kept.
            let mut e = e.min(s + MAX_MESSAGE_BYTES);
            while !text.is_char_boundary(e) {
                e -= 1;
            }
            let cont = &text[s..e];
            let mut t = String::with_capacity(rest.len() + 1 + cont.len());
            t.push_str(rest);
            t.push('\n');
            if cont.contains('\r') {
                t.push_str(&cont.replace("\r\n", "\n"));
            } else {
                t.push_str(cont);
            }
            Cow::Owned(t)
        }
    };
    let trimmed = whole.trim_end_matches([' ', '\n', '\t', '\r']).len();
    let kept = if trimmed <= MAX_MESSAGE_BYTES {
        trimmed
    } else {
        let mut cut = MAX_MESSAGE_BYTES;
        while !whole.is_char_boundary(cut) {
            cut -= 1;
        }
        cut
    };
    // Cut when more than the limit was there, even if what was copied of
    // it ends in blank lines.
    let cut = (full_len > MAX_MESSAGE_BYTES && text_beyond(text, rest, more, MAX_MESSAGE_BYTES))
        .then_some(full_len);
    let kept_text = match whole {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..kept]),
        Cow::Owned(mut s) => {
            s.truncate(kept);
            Cow::Owned(s)
        }
    };
    (kept_text, cut)
}

/// Whether the message (`rest`, a line break, then `text[more]`) holds
/// more than blank text after its first `limit` bytes.
fn text_beyond(text: &str, rest: &str, more: Option<(usize, usize)>, limit: usize) -> bool {
    let blank = |s: &str| s.bytes().all(|c| matches!(c, b' ' | b'\n' | b'\t' | b'\r'));
    if rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !blank(&rest[cut..]) {
            return true;
        }
    }
    more.is_some_and(|(s, e)| {
        let skip = limit.saturating_sub(rest.len() + 1);
        let mut from = (s + skip).min(e);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        !blank(&text[from..e])
    })
}

/// Builds the message `p`.
fn flush<'t>(
    b: &mut Builder<'_>,
    ctx: &Ctx<'_, '_>,
    text: &'t str,
    p: Pending<'t>,
    reports: &mut Reports,
    names: &mut Names<'t>,
) {
    let (name, first) = split_name(p.rest);
    let (body_text, long) = message_text(text, first, p.more);
    if let Some(len) = long {
        reports.long.report(b, p.line, || {
            format!(
                "a message of {len} bytes, more than a WhatsApp message can hold; \
                 only its first {MAX_MESSAGE_BYTES} bytes are kept"
            )
        });
    }
    let at = Loc::Line(p.line);
    let raw = name.unwrap_or("");
    let speaker = if let Some(&id) = names.get(raw) {
        id
    } else {
        let id = b.speaker(&clean_name(raw), at);
        names.insert(raw, id);
        id
    };
    if name.is_none() {
        let mut m = b.message(ctx.chat, p.date, p.time, speaker, at);
        m.kind(MessageKind::System);
        m.text_with_spans(&body::strip_marks(&body_text));
        return;
    }
    let (body_text, edited) = match body::strip_edited(&body_text) {
        Some(t) => (t, true),
        None => (&*body_text, false),
    };
    let mut m = b.message(ctx.chat, p.date, p.time, speaker, at);
    if edited {
        m.flag(Flags::EDITED);
    }
    match body::classify(body_text, ctx.ios) {
        Content::Text => styled_text(&mut m, body_text),
        Content::Deleted(marker) => {
            m.flag(Flags::DELETED);
            m.text(&body::strip_marks(marker));
        }
        Content::Media {
            kind,
            name,
            file,
            caption,
        } => {
            let (target, size) = match (file, ctx.media) {
                (Some(f), Some(media)) => media.find(f).unwrap_or((f, None)),
                (Some(f), None) => (f, None),
                (None, _) => ("", None),
            };
            m.attachment(kind, &name, target, size);
            styled_text(&mut m, caption);
        }
        Content::Location { name, url } => {
            m.attachment(AttachmentKind::Location, &name, url, None);
        }
        Content::Poll { question, options } => {
            // The question and options read as the body; the card under
            // them only says it is a poll.
            m.attachment(AttachmentKind::Poll, "", "", None);
            let mut shown = String::from(question);
            for o in options {
                shown.push_str("\n• ");
                shown.push_str(o);
            }
            m.text_with_spans(&shown);
        }
        Content::ViewOnce => {
            m.attachment(AttachmentKind::Other, "view once", "", None);
        }
        Content::System(shown) => {
            m.kind(MessageKind::System);
            m.text_with_spans(&shown);
        }
    }
}

/// Appends `text` read as WhatsApp markup: styles for its markers, spans
/// for its links and @mentions.
fn styled_text(m: &mut super::MessageBuilder<'_, '_>, text: &str) {
    if !markup::has_markup(text) {
        m.text_with_spans(text);
        return;
    }
    let mut open: Vec<(crate::model::Style, usize)> = Vec::new();
    for event in markup::parse(text) {
        match event {
            markup::Event::Text(t) => {
                m.text_with_spans(t);
            }
            markup::Event::Start(style) => open.push((style, m.body().len())),
            markup::Event::End(style) => {
                if let Some(i) = open.iter().rposition(|&(s, _)| s == style) {
                    let (_, start) = open.remove(i);
                    let end = m.body().len();
                    m.style(style, start..end);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

//! LINE's chat history as text ("Send chat history" / "Save chat"):
//! `[LINE] Chat with Alice.txt`, `Chat history in GroupChat.txt`,
//! `[LINE] Aliceとのトーク履歴.txt` …
//!
//! (`→` stands for a tab.)
//!
//! ```text
//! Chat history with Alice            the chat (localised; see dates::title)
//! Saved on: 1/30/2026, 22:11         when it was saved (skipped)
//!
//! Fri, 8/16/2019                     a day line, after a blank line
//! 14:30→Alice→[Photo]               time, tab, speaker, tab, text
//! 14:35→Alice→At the beach           a message over two lines
//! near the lighthouse
//! 17:05→Josie left the group.      a system line: one tab (or two), no speaker
//! ```
//!
//! - One file is one chat, named by its first line, else by its file name.
//! - Days: the last day line before a message; a day line is one that
//!   follows a blank line (or the header) and is followed by a message,
//!   so that a date typed in a message stays text. `a/b/yyyy` is read
//!   month first unless the file's day lines say otherwise ([`dates::Order`]).
//! - Times are naive (as written), in 24-hour or 12-hour form.
//! - Text: links and @mentions as spans; a multi-line text that some
//!   builds wrap in `"…"` loses the quotes; placeholders (`[Photo]`,
//!   `[Sticker]` …) are attachments, `☎` lines are calls (system
//!   messages), and notices of unsent messages are marked deleted
//!   ([`body`]).

mod body;
pub mod dates;

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;

use super::{Builder, ChatId, Confidence, Format, Loc, ParseContext, Parsed, Probe};
use crate::model::{Flags, MessageKind, Severity, TimeOfDay};
use dates::Order;

/// The LINE format behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Line;

/// The longest text kept of one message; LINE itself allows 10,000
/// characters.
pub const MAX_TEXT: usize = 1 << 20;

/// After this many reports of one kind in a file, the rest are counted.
const MAX_REPORTS: usize = 10;

/// LINE's text export.
#[derive(Debug, Clone, Copy)]
pub struct Line;

impl Format for Line {
    fn name(&self) -> &'static str {
        "line"
    }

    fn app(&self) -> &'static str {
        "LINE"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    /// A text file whose first line is a LINE title (`Chat history
    /// with …`, `[LINE] …`) or whose second is when it was saved, or that
    /// starts with a day line, with `time<TAB>` message lines after it;
    /// sure with both a title and messages. A file named like an export
    /// (`[LINE] …`, `Chat history with …`) is claimed by its name.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        if !probe.has_ext("txt") {
            return None;
        }
        let head = probe.text();
        let lines: Vec<&str> = head
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .take(64)
            .collect();
        let messages = lines.iter().any(|l| dates::message_time(l).is_some());
        let titled = lines.first().is_some_and(|l| dates::title(l).is_some());
        let saved = lines.get(1).is_some_and(|l| is_saved_on(l));
        let day_first = lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| dates::day_line(l).is_some());
        let named = dates::title(probe.name.trim_end_matches(".txt")).is_some()
            && (probe.name.starts_with("[LINE]") || probe.name.starts_with("Chat history"));
        if titled && messages {
            Some(Confidence::Certain)
        } else if (titled || saved || day_first || named) && messages {
            Some(Confidence::Content)
        } else if named {
            Some(Confidence::Name)
        } else {
            None
        }
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse(bytes, ctx)
    }
}

/// `Saved on: 1/30/2026, 22:11`, `Gespeichert um: 30.1.2026, 22:02`,
/// `保存日期：2026/1/30 22:11`: a short line with a colon and digits that is
/// no message.
fn is_saved_on(line: &str) -> bool {
    let l = line.trim();
    !l.is_empty()
        && l.len() < 80
        && (l.contains(':') || l.contains('：'))
        && l.bytes().any(|b| b.is_ascii_digit())
        && dates::message_time(line).is_none()
        && dates::day_line(line).is_none()
}

/// Warnings of one kind for a file: the first few with their lines, then
/// one line for the rest.
#[derive(Debug, Default)]
struct Capped {
    shown: Vec<(u32, String)>,
    more: usize,
    first_more: u32,
}

impl Capped {
    fn push(&mut self, line: u32, message: impl Into<String>) {
        if self.shown.len() < MAX_REPORTS {
            self.shown.push((line, message.into()));
        } else {
            if self.more == 0 {
                self.first_more = line;
            }
            self.more += 1;
        }
    }

    fn finish(self, b: &mut Builder<'_>) {
        for (line, message) in self.shown {
            b.diag(Loc::Line(line), Severity::Warning, message);
        }
        if self.more > 0 {
            b.diag(
                Loc::Line(self.first_more),
                Severity::Warning,
                format!("{} more like this from here on", self.more),
            );
        }
    }
}

/// A message whose text may go on over the next lines.
struct Pending<'t> {
    line: u32,
    date: NaiveDate,
    time: TimeOfDay,
    /// `None` for a system line.
    speaker: Option<&'t str>,
    /// The text on the message's own line.
    first: &'t str,
    /// The lines that follow (blank ones inside the text included).
    more: Vec<&'t str>,
}

/// What parsing a file reports, besides what the builder does.
#[derive(Default)]
struct Reports {
    stray: Capped,
    undated: Capped,
    unknown_time: Capped,
    long: Capped,
}

fn parse(bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    let mut b = Builder::new(FORMAT, ctx);
    let mut decoded = Vec::new();
    let text = ctx.decode(bytes, &mut decoded);
    for d in decoded {
        b.diag(Loc::Line(d.line), d.severity, d.message);
    }
    let text = text.trim_start_matches(['\u{feff}', '\u{200e}', '\u{200f}']);
    let lines = split_lines(text);
    // The header: the chat's name, when it was saved.
    let mut start = 0;
    let mut name = lines.first().and_then(|l| dates::title(l));
    if name.is_some() {
        start = 1;
        if lines.get(1).is_some_and(|l| is_saved_on(l)) {
            start = 2;
        }
    } else if lines.first().is_some_and(|l| is_saved_on(l)) {
        start = 1;
    }
    if name.is_none() {
        name = file_title(ctx.path);
    }
    let name = name.unwrap_or_else(|| {
        ctx.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let order = Order::of(lines[start..].iter().filter_map(|l| dates::day_line(l)));
    let key = format!("file:{}", ctx.path.display());
    let mut chat = None;
    let mut reports = Reports::default();
    let mut date: Option<NaiveDate> = None;
    let mut pending: Option<Pending<'_>> = None;
    let mut blanks: Vec<&str> = Vec::new();
    for (i, &line) in lines.iter().enumerate().skip(start) {
        let n = i as u32 + 1;
        if line.trim().is_empty() {
            blanks.push(line);
            continue;
        }
        let after_break = !blanks.is_empty() || pending.is_none();
        if after_break {
            if let Some(d) = dates::day_line(line).and_then(|d| d.date(order)) {
                if starts_day(&lines[i + 1..]) {
                    flush(&mut b, &mut chat, &name, &key, pending.take(), &mut reports);
                    date = Some(d);
                    blanks.clear();
                    continue;
                }
            }
        }
        if let Some((time, rest)) = dates::message_time(line) {
            flush(&mut b, &mut chat, &name, &key, pending.take(), &mut reports);
            blanks.clear();
            let Some(d) = date else {
                reports
                    .undated
                    .push(n, "a message before any day line; skipped");
                continue;
            };
            let (speaker, first) = match rest.strip_prefix('\t') {
                Some(text) => (None, text),
                None => match dates::split_tab(rest) {
                    Some((who, text)) => (Some(who), text),
                    None => (None, rest),
                },
            };
            pending = Some(Pending {
                line: n,
                date: d,
                time,
                speaker,
                first,
                more: Vec::new(),
            });
            continue;
        }
        if let Some(p) = &mut pending {
            p.more.append(&mut blanks);
            p.more.push(line);
        } else {
            blanks.clear();
            if date.is_some() {
                reports
                    .stray
                    .push(n, "a line that is no message, day or header; skipped");
            } else {
                reports.undated.push(n, "text before any day line; skipped");
            }
        }
    }
    flush(&mut b, &mut chat, &name, &key, pending.take(), &mut reports);
    if chat.is_none() {
        // Nothing read: one error says why, without the lines it skipped.
        let empty = lines.iter().all(|l| l.trim().is_empty());
        b.diag(
            Loc::Line(1),
            Severity::Error,
            if empty {
                "the file is empty"
            } else {
                "no LINE messages in this file (`time<TAB>name<TAB>text` lines after a day line)"
            },
        );
        return b.finish();
    }
    let Reports {
        stray,
        undated,
        unknown_time,
        long,
    } = reports;
    for r in [undated, stray, unknown_time, long] {
        r.finish(&mut b);
    }
    b.finish()
}

/// The lines of `text` (split at `\n`, each without its `\r`), found with
/// a vectorised search rather than a character at a time.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 64);
    let mut at = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[at..end]);
        at = end + 1;
    }
    lines.push(&text[at..]);
    for l in &mut lines {
        *l = l.strip_suffix('\r').unwrap_or(l);
    }
    lines
}

/// Whether what follows a day line (blank lines aside) starts a day: a
/// message, another day line, or the end of the file.
fn starts_day(rest: &[&str]) -> bool {
    match rest.iter().find(|l| !l.trim().is_empty()) {
        None => true,
        Some(l) => dates::message_time(l).is_some() || dates::day_line(l).is_some(),
    }
}

/// The chat's name from the file's name (`[LINE] Chat mit Solo.txt`).
fn file_title(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    if stem.starts_with("[LINE]") || stem.starts_with("Chat history") {
        dates::title(&stem)
    } else {
        None
    }
}

/// Builds the pending message.
fn flush(
    b: &mut Builder<'_>,
    chat: &mut Option<ChatId>,
    name: &str,
    key: &str,
    p: Option<Pending<'_>>,
    reports: &mut Reports,
) {
    let Some(p) = p else { return };
    let chat = *chat.get_or_insert_with(|| b.chat(key, Some(name)));
    if !p.time.is_known() {
        reports
            .unknown_time
            .push(p.line, "an impossible time; shown as ??:??:??");
    }
    // A text of one line is the file's own bytes; one of several is joined.
    let mut text = Cow::Borrowed(p.first);
    if !p.more.is_empty() {
        let mut joined = String::from(p.first);
        for l in &p.more {
            joined.push('\n');
            joined.push_str(l);
        }
        // Some builds wrap a text of several lines in quotes.
        if joined.len() >= 2 && joined.starts_with('"') && joined.ends_with('"') {
            joined.pop();
            joined.remove(0);
        }
        text = Cow::Owned(joined);
    }
    if text.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        reports.long.push(
            p.line,
            format!(
                "a message of {} bytes; only its first {MAX_TEXT} bytes are kept",
                text.len()
            ),
        );
        text.to_mut().truncate(cut);
    }
    let loc = Loc::Line(p.line);
    let speaker = b.speaker(p.speaker.map_or("", str::trim), loc);
    let mut m = b.message(chat, p.date, p.time, speaker, loc);
    if p.speaker.is_none() || body::is_call(&text) {
        m.kind(MessageKind::System);
    }
    if body::is_unsent(&text) {
        m.flag(Flags::DELETED);
    }
    match body::placeholder(&text) {
        Some((kind, name)) => {
            m.attachment(kind, name, "", None);
        }
        None => {
            m.text_with_spans(&text);
        }
    }
}

#[cfg(test)]
mod tests;

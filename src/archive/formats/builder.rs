//! The shared builder every parser writes its messages into.
//!
//! ```
//! use std::path::Path;
//! use chrono::NaiveDate;
//! use daybook::archive::formats::{Builder, Loc, ParseContext, jekyll};
//! use daybook::model::{AttachmentKind, TimeOfDay, Zone};
//!
//! let ctx = ParseContext { path: Path::new("chat.txt"), folder: Path::new(""), zone: Zone::Local };
//! let mut b = Builder::new(jekyll::FORMAT, &ctx);
//! let chat = b.chat("chat.txt", Some("Family"));
//! let mum = b.speaker("Mum", Loc::Line(1));
//! let date = NaiveDate::from_ymd_opt(2022, 3, 27).unwrap();
//! let time = TimeOfDay::from_hms(21, 41, 35).unwrap();
//! {
//!     let mut m = b.message(chat, date, time, mum, Loc::Line(1));
//!     m.text_with_spans("look https://example.org");
//!     m.attachment(AttachmentKind::Image, "IMG-1.jpg", "IMG-1.jpg", Some(2048));
//! } // the message is complete when its builder is dropped
//! let parsed = b.finish();
//! assert_eq!(parsed.message_count(), 1);
//! ```
//!
//! It interns speakers per input, sanitises every string (reporting
//! controls with the file and line or message id, ten times per file and
//! then once for the rest), finds spans in plain text, keeps attachments,
//! reactions, replies, styles and forwarded-from names in the day's rare
//! tables, and groups messages into days by (chat, date): a file that is
//! not sorted keeps its order within each day.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::{Chat, Format, ParseContext, Parsed};
use crate::model::{
    Attachment, AttachmentKind, Day, Diagnostic, Extra, Flags, Message, MessageKind, Range32,
    Reaction, Severity, Span, SpanKind, SpeakerId, Style, StyleSpan, TimeOfDay,
};
use crate::text;

/// What `check` says of text that holds escape sequences or control characters.
pub const CONTROLS: &str =
    "escape sequences or control characters (shown as visible symbols, never sent to the terminal)";

/// After this many messages with controls in one file, the rest are
/// summed up in one more diagnostic, so a hostile file cannot flood `check`.
pub const MAX_CONTROL_REPORTS: usize = 10;

/// A chat of the input being built: an index into [`Parsed::chats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatId(pub u32);

/// Where in the input something is, for diagnostics.
#[derive(Debug, Clone, Copy)]
pub enum Loc<'a> {
    /// A 1-based line.
    Line(u32),
    /// A message id (and the line it starts on, when known; else 0).
    Id { line: u32, id: &'a str },
}

impl Loc<'_> {
    fn line(self) -> u32 {
        match self {
            Loc::Line(l) | Loc::Id { line: l, .. } => l,
        }
    }

    fn describe(self, what: &str) -> String {
        match self {
            Loc::Line(_) => what.to_owned(),
            Loc::Id { id, .. } => format!("message {}: {what}", text::sanitize_line(id)),
        }
    }
}

/// Counts the messages that held escape sequences or control characters.
#[derive(Debug, Default)]
pub(crate) struct Controlled {
    reported: usize,
    more: usize,
    first_unreported: u32,
    first_unreported_id: Option<String>,
}

impl Controlled {
    /// Notes one message with controls at `line` (with the message's id,
    /// when it has one): reported while under the cap, counted after.
    pub(crate) fn note(
        &mut self,
        line: u32,
        id: Option<&str>,
        diag: &mut impl FnMut(u32, Severity, String),
    ) {
        if self.reported < MAX_CONTROL_REPORTS {
            self.reported += 1;
            let msg = match id {
                Some(id) => format!("message {}: {CONTROLS}", text::sanitize_line(id)),
                None => CONTROLS.into(),
            };
            diag(line, Severity::Warning, msg);
        } else {
            if self.more == 0 {
                self.first_unreported = line;
                self.first_unreported_id = id.map(|i| text::sanitize_line(i).into_owned());
            }
            self.more += 1;
        }
    }

    /// The summary of the messages past the cap, if there were any.
    pub(crate) fn finish(&self, diag: &mut impl FnMut(u32, Severity, String)) {
        if self.more > 0 {
            let what = if self.more == 1 {
                "message"
            } else {
                "messages"
            };
            let from = match &self.first_unreported_id {
                Some(id) => format!("from message {id} on"),
                None => "from here on".to_owned(),
            };
            diag(
                self.first_unreported,
                Severity::Warning,
                format!("{} more {what} {from}: {CONTROLS}", self.more),
            );
        }
    }
}

/// Whether `s` holds what the sanitiser neutralises, tabs aside (they are
/// only made spaces): C0 and C1 controls, DEL, bidi controls, tag characters.
pub fn has_controls(s: &str) -> bool {
    // Every such character is encoded starting with a byte below 0x20, DEL,
    // 0xC2 (C1 controls), 0xE2 (bidi controls, line and paragraph
    // separators) or 0xF3 (tag characters): text without those bytes, most
    // text, needs no decoding. (A fold, not `any`, so that the loop is
    // vectorised.)
    let suspect = s.bytes().fold(0u8, |acc, b| {
        acc | u8::from(b < 0x20)
            | u8::from(b == 0x7f)
            | u8::from(b == 0xc2)
            | u8::from(b == 0xe2)
            | u8::from(b == 0xf3)
    }) != 0;
    suspect
        && s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{e0000}'..='\u{e007f}')
    })
}

/// Rare data of the message being built, staged until it is complete.
#[derive(Debug, Default)]
struct Staged {
    /// Strings of the rare data, back to back.
    text: String,
    id: Option<Range32>,
    reply_to: Option<Range32>,
    forwarded_from: Option<Range32>,
    /// Attachments with ranges into `text`.
    attachments: Vec<Attachment>,
    reactions: Vec<Reaction>,
    /// Styles with ranges relative to the body's start.
    styles: Vec<StyleSpan>,
    /// Link spans whose target is in `text` (index in the day's spans).
    outside_targets: Vec<(usize, Range32)>,
    controls: bool,
}

impl Staged {
    fn clear(&mut self) {
        self.text.clear();
        self.id = None;
        self.reply_to = None;
        self.forwarded_from = None;
        self.attachments.clear();
        self.reactions.clear();
        self.styles.clear();
        self.outside_targets.clear();
        self.controls = false;
    }

    fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.reply_to.is_none()
            && self.forwarded_from.is_none()
            && self.attachments.is_empty()
            && self.reactions.is_empty()
            && self.styles.is_empty()
    }

    /// Stores `s` (sanitised as one line) and returns its range in `text`.
    fn push(&mut self, s: &str) -> Range32 {
        if has_controls(s) {
            self.controls = true;
        }
        let start = self.text.len();
        self.text.push_str(&text::sanitize_line(s));
        Range32::new(start, self.text.len())
    }
}

/// Builds the [`Parsed`] pieces of one input. See the module documentation.
pub struct Builder<'c> {
    ctx: ParseContext<'c>,
    app: &'static str,
    out: Parsed,
    /// Speakers by name, hashed with foldhash (`SipHash` showed in
    /// profiles of the load: a file of 500 speakers looks up each once).
    speakers: HashMap<String, SpeakerId, foldhash::fast::RandomState>,
    chats: HashMap<String, ChatId>,
    days: HashMap<(u32, NaiveDate), u32>,
    /// The day the last message went to: files are mostly sorted.
    last_day: Option<(u32, NaiveDate, u32)>,
    /// The file messages come from now (an index into `out.files`).
    source: u32,
    staged: Staged,
    controls: Controlled,
}

impl<'c> Builder<'c> {
    /// A builder for one input of `format`, read from `ctx.path`.
    pub fn new(format: &dyn Format, ctx: &ParseContext<'c>) -> Self {
        Builder {
            ctx: *ctx,
            app: format.app(),
            out: Parsed {
                files: vec![ctx.path.to_path_buf()],
                format: format.name(),
                ..Parsed::default()
            },
            speakers: HashMap::default(),
            chats: HashMap::new(),
            days: HashMap::new(),
            last_day: None,
            source: 0,
            staged: Staged::default(),
            controls: Controlled::default(),
        }
    }

    /// The context the builder was made with.
    pub fn context(&self) -> &ParseContext<'c> {
        &self.ctx
    }

    /// Switches to another file of a folder input: the messages that follow
    /// come from `path`, and diagnostics name it.
    pub fn source(&mut self, path: &Path) {
        // A folder input lists the files it reads, not itself.
        if self.out.days.is_empty() && self.out.files == [self.ctx.path] {
            self.out.files[0] = path.to_path_buf();
            self.source = 0;
            return;
        }
        if let Some(i) = self.out.files.iter().position(|p| p == path) {
            self.source = i as u32;
        } else {
            self.source = self.out.files.len() as u32;
            self.out.files.push(path.to_path_buf());
        }
    }

    fn current_path(&self) -> &Path {
        &self.out.files[self.source as usize]
    }

    /// The chat whose key is `key` (its id or path within the app), added
    /// with `name` when new. `None` names it after the input's path.
    pub fn chat(&mut self, key: &str, name: Option<&str>) -> ChatId {
        self.chat_with(key, name, None)
    }

    /// [`Builder::chat`] for a thread of the chat keyed `parent`.
    pub fn chat_with(&mut self, key: &str, name: Option<&str>, parent: Option<&str>) -> ChatId {
        if let Some(&id) = self.chats.get(key) {
            return id;
        }
        let id = ChatId(self.out.chats.len() as u32);
        self.out.chats.push(Chat {
            app: self.app,
            key: key.to_owned(),
            name: name.map(|n| text::sanitize_line(n).into_owned()),
            path: self.ctx.path.to_path_buf(),
            parent: parent.map(str::to_owned),
            same_as: None,
        });
        self.chats.insert(key.to_owned(), id);
        id
    }

    /// Says that `chat` is the conversation known elsewhere by `key` too
    /// (see [`Chat::same_as`]).
    pub fn same_as(&mut self, chat: ChatId, key: String) {
        self.out.chats[chat.0 as usize].same_as = Some(key);
    }

    /// The id of the speaker called `name` in this input, added when new.
    /// A name with controls is sanitised and reported at `at`.
    pub fn speaker(&mut self, name: &str, at: Loc<'_>) -> SpeakerId {
        if let Some(&id) = self.speakers.get(name) {
            return id;
        }
        if has_controls(name) {
            self.diag(
                at,
                Severity::Warning,
                format!("the speaker's name: {CONTROLS}"),
            );
        }
        let id = SpeakerId(self.out.speakers.len() as u32);
        self.out.speakers.push(&text::sanitize_line(name));
        self.speakers.insert(name.to_owned(), id);
        id
    }

    /// Reports something about the input at `at`.
    pub fn diag(&mut self, at: Loc<'_>, severity: Severity, message: impl AsRef<str>) {
        let d = Diagnostic::new(
            self.current_path(),
            at.line(),
            severity,
            at.describe(message.as_ref()),
        );
        self.out.diagnostics.push(d);
    }

    /// Starts a message of `chat` on `date` at `time`; it is complete when
    /// the returned builder is dropped. `at` is where it starts (its line
    /// is kept for `check` and `--json`).
    pub fn message(
        &mut self,
        chat: ChatId,
        date: NaiveDate,
        time: TimeOfDay,
        speaker: SpeakerId,
        at: Loc<'_>,
    ) -> MessageBuilder<'_, 'c> {
        let day = self.day(chat, date);
        let source = {
            let d = &mut self.out.days[day];
            if let Some(i) = d.sources.iter().position(|&s| s == self.source) {
                i
            } else {
                d.sources.push(self.source);
                d.sources.len() - 1
            }
        };
        let d = &mut self.out.days[day];
        let start = d.text.len();
        let spans = d.spans.len();
        d.messages.push(Message {
            time,
            speaker,
            line: at.line(),
            body: Range32::new(start, start),
            spans: Range32::new(spans, spans),
            kind: MessageKind::Message,
            flags: Flags::NONE,
            source: u16::try_from(source).unwrap_or(u16::MAX),
        });
        self.staged.clear();
        let (line, id) = match at {
            Loc::Line(l) => (l, None),
            Loc::Id { line, id } => (line, Some(id.to_owned())),
        };
        MessageBuilder {
            b: self,
            day,
            line,
            id,
            clean: text::Sanitizer::new(),
        }
    }

    /// The index in `out.days` of the day of `chat` on `date`, added when new.
    fn day(&mut self, chat: ChatId, date: NaiveDate) -> usize {
        if let Some((c, d, i)) = self.last_day {
            if c == chat.0 && d == date {
                return i as usize;
            }
        }
        // Files are mostly in order: the day left is likely complete, so
        // its buffers give back what their growth left unused (a file of
        // many days would otherwise hold up to twice its text at the end).
        if let Some((_, _, i)) = self.last_day {
            shrink(&mut self.out.days[i as usize]);
        }
        let next = self.out.days.len() as u32;
        let i = *self.days.entry((chat.0, date)).or_insert(next);
        if i == next {
            self.out.days.push(Day {
                date,
                channel: chat.0,
                ..Day::default()
            });
        }
        self.last_day = Some((chat.0, date, i));
        i as usize
    }

    /// Number of messages so far.
    pub fn message_count(&self) -> usize {
        self.out.message_count()
    }

    /// The pieces built, with the diagnostics.
    pub fn finish(mut self) -> Parsed {
        let path = self.current_path().to_path_buf();
        let mut diags = Vec::new();
        self.controls.finish(&mut |line, severity, msg| {
            diags.push(Diagnostic::new(&path, line, severity, msg));
        });
        self.out.diagnostics.extend(diags);
        for d in &mut self.out.days {
            d.speaker_count = distinct_speakers(&d.messages);
        }
        if let Some((_, _, i)) = self.last_day {
            shrink(&mut self.out.days[i as usize]);
        }
        self.out
    }
}

/// Gives back the unused capacity of a day's buffers, when it is worth a
/// reallocation (more than an eighth unused).
fn shrink(day: &mut Day) {
    fn fit<T>(v: &mut Vec<T>) {
        if v.capacity() - v.len() > v.len() / 8 {
            v.shrink_to_fit();
        }
    }
    if day.text.capacity() - day.text.len() > day.text.len() / 8 {
        day.text.shrink_to_fit();
    }
    fit(&mut day.messages);
    fit(&mut day.spans);
    fit(&mut day.rare.extras);
    fit(&mut day.rare.attachments);
    fit(&mut day.rare.reactions);
    fit(&mut day.rare.styles);
}

/// How many distinct speakers wrote the messages.
pub(crate) fn distinct_speakers(messages: &[Message]) -> u32 {
    let Some(max) = messages.iter().map(|m| m.speaker.0 as usize).max() else {
        return 0;
    };
    // A bit per id, in one pass, when the ids are few beside the messages
    // (those of one input: a day's sort had shown in profiles of the
    // load); else a sort, so that a day of an archive whose ids run into
    // the millions needs no table of them.
    if max / 64 <= messages.len() {
        let mut seen = vec![0u64; max / 64 + 1];
        for m in messages {
            let id = m.speaker.0 as usize;
            seen[id / 64] |= 1 << (id % 64);
        }
        return seen.iter().map(|w| w.count_ones()).sum();
    }
    let mut ids: Vec<u32> = messages.iter().map(|m| m.speaker.0).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len() as u32
}

/// One message being built: its body is appended piece by piece, each
/// piece sanitised as the continuation of the pieces before (so the body is
/// what sanitising it whole gives, wherever a parser cut it: a mention's
/// name that ends in combining marks and text that starts with more do not
/// stack them past the sanitiser's limit); rare data is staged and stored
/// when it is dropped.
pub struct MessageBuilder<'b, 'c> {
    b: &'b mut Builder<'c>,
    day: usize,
    line: u32,
    id: Option<String>,
    clean: text::Sanitizer,
}

impl MessageBuilder<'_, '_> {
    fn day(&mut self) -> &mut Day {
        &mut self.b.out.days[self.day]
    }

    fn message(&mut self) -> &mut Message {
        let day = self.day;
        self.b.out.days[day]
            .messages
            .last_mut()
            .expect("a message is being built")
    }

    /// Sets what the message is.
    pub fn kind(&mut self, kind: MessageKind) -> &mut Self {
        self.message().kind = kind;
        self
    }

    /// Marks the message edited, deleted … (not [`Flags::EXTRA`], which
    /// the builder sets itself).
    pub fn flag(&mut self, flag: Flags) -> &mut Self {
        self.message().flags.set(Flags(flag.0 & !Flags::EXTRA.0));
        self
    }

    /// The body so far.
    pub fn body(&self) -> &str {
        let d = &self.b.out.days[self.day];
        let m = d.messages.last().expect("a message is being built");
        &d.text[m.body.start as usize..]
    }

    /// Appends `s` to the body, sanitised as the continuation of the body
    /// so far; returns its byte range in the body (empty when all of `s` was
    /// combining marks over the limit).
    pub fn text(&mut self, s: &str) -> std::ops::Range<usize> {
        let start = self.body_len();
        let day = self.day;
        let changed = self.clean.push(s, &mut self.b.out.days[day].text);
        // Only text the sanitiser changed can hold controls: one scan, not
        // two, for clean text.
        if changed && has_controls(s) {
            self.b.staged.controls = true;
        }
        start..self.body_len()
    }

    /// Appends plain text to the body, finding its bare URLs and @mentions.
    pub fn text_with_spans(&mut self, s: &str) -> &mut Self {
        let r = self.text(s);
        let base = self.body_start() + r.start;
        let day = self.day();
        let first = day.spans.len();
        super::super::spans::find_plain(&day.text[base..], &mut day.spans);
        for sp in &mut day.spans[first..] {
            sp.range = sp.range.shifted(base as u32);
            sp.target = sp.target.shifted(base as u32);
        }
        self.close_spans();
        self
    }

    /// Appends `label` as a link to `url` (the label is the URL when empty).
    pub fn link(&mut self, label: &str, url: &str) -> &mut Self {
        self.span(SpanKind::Link, label, url)
    }

    /// Appends `label` (such as `@alice`) as a mention of `name`.
    pub fn mention(&mut self, label: &str, name: &str) -> &mut Self {
        self.span(SpanKind::Mention, label, name)
    }

    /// Appends `shown` (an emoji, or the code of one daybook does not
    /// know) as an emoji span whose target is the emoji's name.
    pub fn emoji(&mut self, shown: &str, name: &str) -> &mut Self {
        self.span(SpanKind::Emoji, shown, name)
    }

    /// Appends `label` as a span of `kind` whose target is `target`.
    fn span(&mut self, kind: SpanKind, label: &str, target: &str) -> &mut Self {
        let label = if label.is_empty() { target } else { label };
        let r = self.text(label);
        let base = self.body_start();
        let range = Range32::new(base + r.start, base + r.end);
        let day = self.day();
        let index = day.spans.len();
        let same = text::sanitize_line(target) == day.text[range.range()];
        day.spans.push(Span {
            kind,
            range,
            target: range,
        });
        if !same {
            let t = self.b.staged.push(target);
            self.b.staged.outside_targets.push((index, t));
        }
        self.close_spans();
        self
    }

    /// Appends `s` to the body in `style`.
    pub fn styled(&mut self, style: Style, s: &str) -> &mut Self {
        let r = self.text(s);
        self.style(style, r);
        self
    }

    /// Styles a byte range of the body (as returned by [`MessageBuilder::text`]).
    pub fn style(&mut self, style: Style, range: std::ops::Range<usize>) -> &mut Self {
        if !range.is_empty() {
            self.b.staged.styles.push(StyleSpan {
                style,
                range: Range32::new(range.start, range.end),
            });
        }
        self
    }

    /// The message's id in its source.
    pub fn id(&mut self, id: &str) -> &mut Self {
        self.b.staged.id = Some(self.b.staged.push(id));
        self
    }

    /// The source id of the message this one replies to.
    pub fn reply_to(&mut self, id: &str) -> &mut Self {
        if !id.is_empty() {
            self.b.staged.reply_to = Some(self.b.staged.push(id));
        }
        self
    }

    /// Marks the message forwarded, from `name` when known.
    pub fn forwarded_from(&mut self, name: Option<&str>) -> &mut Self {
        self.message().flags.set(Flags::FORWARDED);
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            self.b.staged.forwarded_from = Some(self.b.staged.push(name));
        }
        self
    }

    /// Adds an attachment: a name or title, a path or link, a size.
    pub fn attachment(
        &mut self,
        kind: AttachmentKind,
        name: &str,
        target: &str,
        size: Option<u64>,
    ) -> &mut Self {
        let name = self.b.staged.push(name);
        let target = self.b.staged.push(target);
        self.b.staged.attachments.push(Attachment {
            kind,
            name,
            target,
            size,
        });
        self
    }

    /// Adds a reaction: an emoji (or its name) and how many gave it.
    pub fn reaction(&mut self, emoji: &str, count: u32) -> &mut Self {
        let emoji = self.b.staged.push(emoji);
        self.b.staged.reactions.push(Reaction { emoji, count });
        self
    }

    fn body_start(&self) -> usize {
        let d = &self.b.out.days[self.day];
        d.messages
            .last()
            .expect("a message is being built")
            .body
            .start as usize
    }

    fn body_len(&self) -> usize {
        self.b.out.days[self.day].text.len() - self.body_start()
    }

    /// Extends the message's span range to the day's spans.
    fn close_spans(&mut self) {
        let day = self.day;
        let d = &mut self.b.out.days[day];
        let end = d.spans.len() as u32;
        if let Some(m) = d.messages.last_mut() {
            m.spans.end = end;
        }
    }
}

impl Drop for MessageBuilder<'_, '_> {
    fn drop(&mut self) {
        let day = self.day;
        let b = &mut *self.b;
        let d = &mut b.out.days[day];
        let index = d.messages.len() - 1;
        let body_end = d.text.len();
        d.messages[index].body.end = body_end as u32;
        d.messages[index].spans.end = d.spans.len() as u32;
        let staged = &mut b.staged;
        if !staged.is_empty() || !staged.outside_targets.is_empty() {
            // The rare strings go after the body, outside it.
            let base = d.text.len() as u32;
            d.text.push_str(&staged.text);
            for (span, target) in &staged.outside_targets {
                d.spans[*span].target = target.shifted(base);
            }
            if !staged.is_empty() {
                let body_start = d.messages[index].body.start;
                let shift =
                    |r: Option<Range32>| r.map_or_else(Range32::default, |r| r.shifted(base));
                let a = d.rare.attachments.len();
                d.rare
                    .attachments
                    .extend(staged.attachments.iter().map(|x| Attachment {
                        name: x.name.shifted(base),
                        target: x.target.shifted(base),
                        ..*x
                    }));
                let r = d.rare.reactions.len();
                d.rare
                    .reactions
                    .extend(staged.reactions.iter().map(|x| Reaction {
                        emoji: x.emoji.shifted(base),
                        ..*x
                    }));
                let s = d.rare.styles.len();
                d.rare
                    .styles
                    .extend(staged.styles.iter().map(|x| StyleSpan {
                        range: x.range.shifted(body_start),
                        ..*x
                    }));
                d.rare.extras.push(Extra {
                    message: index as u32,
                    id: shift(staged.id),
                    reply_to: shift(staged.reply_to),
                    reply: None,
                    forwarded_from: shift(staged.forwarded_from),
                    attachments: Range32::new(a, d.rare.attachments.len()),
                    reactions: Range32::new(r, d.rare.reactions.len()),
                    styles: Range32::new(s, d.rare.styles.len()),
                });
                d.messages[index].flags.set(Flags::EXTRA);
            }
        }
        if staged.controls {
            let path = b.out.files[b.source as usize].clone();
            let diags = &mut b.out.diagnostics;
            b.controls
                .note(self.line, self.id.as_deref(), &mut |line, severity, msg| {
                    diags.push(Diagnostic::new(&path, line, severity, msg));
                });
        }
        staged.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::jekyll;
    use crate::model::{Flags, Zone};

    fn ctx() -> ParseContext<'static> {
        ParseContext {
            path: Path::new("export/chat.txt"),
            folder: Path::new("export"),
            zone: Zone::Local,
        }
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 3, d).unwrap()
    }

    fn t(h: u32) -> TimeOfDay {
        TimeOfDay::from_hms(h, 0, 0).unwrap()
    }

    #[test]
    fn distinct_speakers_are_counted_alike_by_the_table_and_the_sort() {
        let message = |id: u32| {
            Message::new(
                t(9),
                SpeakerId(id),
                1,
                Range32::default(),
                Range32::default(),
            )
        };
        let by_sort = |ids: &[u32]| {
            let mut v = ids.to_vec();
            v.sort_unstable();
            v.dedup();
            v.len() as u32
        };
        // Ids at the edges of the table's words, repeated, out of order;
        // and ids far beyond the messages' count (counted by the sort).
        for ids in [
            vec![],
            vec![0],
            vec![63, 64, 0, 63, 127, 128, 64],
            vec![5, 5, 5, 5],
            vec![1000, 3, 1000],
            vec![4_000_000_000, 7, 4_000_000_000, 0],
            (0..700).map(|i| (i * 37) % 251).collect(),
        ] {
            let messages: Vec<Message> = ids.iter().map(|&i| message(i)).collect();
            assert_eq!(distinct_speakers(&messages), by_sort(&ids), "{ids:?}");
        }
    }

    #[test]
    fn messages_are_grouped_by_chat_and_date_in_file_order() {
        let ctx = ctx();
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let a = b.chat("a", Some("A"));
        let c = b.chat("c", None);
        let ann = b.speaker("Ann", Loc::Line(1));
        let bob = b.speaker("Bob", Loc::Line(2));
        assert_eq!(b.speaker("Ann", Loc::Line(3)), ann);
        // Not sorted: a later day first, then back.
        for (i, (chat, d, h, s, body)) in [
            (a, 2, 9, ann, "second day"),
            (a, 1, 10, bob, "first day, late"),
            (a, 1, 8, ann, "first day, early"),
            (c, 1, 8, bob, "other chat"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut m = b.message(chat, date(d), t(h), s, Loc::Line(i as u32 + 1));
            m.text(body);
        }
        let p = b.finish();
        assert_eq!(p.chats.len(), 2);
        assert_eq!(p.chats[0].name.as_deref(), Some("A"));
        assert_eq!(p.chats[1].name, None);
        assert_eq!(p.speakers, vec!["Ann", "Bob"]);
        let shape: Vec<(u32, u32, Vec<&str>)> = p
            .days
            .iter()
            .map(|d| {
                (
                    d.channel,
                    d.date.day0() + 1,
                    d.messages.iter().map(|m| d.body(m)).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (0, 2, vec!["second day"]),
                (0, 1, vec!["first day, late", "first day, early"]),
                (1, 1, vec!["other chat"]),
            ]
        );
        assert_eq!(p.days[1].speaker_count, 2);
        assert_eq!(p.days[1].messages[1].line, 3);
        assert!(p.diagnostics.is_empty());
    }

    use chrono::Datelike;

    #[test]
    fn rare_data_lives_outside_the_bodies() {
        let ctx = ctx();
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat("x", None);
        let s = b.speaker("S", Loc::Line(1));
        {
            let mut m = b.message(chat, date(1), t(1), s, Loc::Id { line: 4, id: "41" });
            m.text("see ");
            m.link("the docs", "https://example.org/docs");
            m.text(" and ");
            m.styled(Style::Bold, "this");
            m.emoji("👍", "thumbsup");
            m.id("41")
                .reply_to("40")
                .forwarded_from(Some("Carol"))
                .attachment(AttachmentKind::Image, "a.jpg", "photos/a.jpg", Some(10))
                .reaction("👍", 3)
                .flag(Flags::EDITED);
        }
        {
            let mut m = b.message(chat, date(1), t(2), s, Loc::Line(9));
            m.text_with_spans("plain https://x.y @bo");
        }
        let p = b.finish();
        let d = &p.days[0];
        assert_eq!(d.body(&d.messages[0]), "see the docs and this👍");
        let emoji = d.spans(&d.messages[0])[1];
        assert_eq!(
            (emoji.kind, d.str(emoji.range), d.str(emoji.target)),
            (SpanKind::Emoji, "👍", "thumbsup")
        );
        assert_eq!(d.body(&d.messages[1]), "plain https://x.y @bo");
        let link = d.spans(&d.messages[0])[0];
        assert_eq!(d.str(link.range), "the docs");
        assert_eq!(d.str(link.target), "https://example.org/docs");
        let e = d.extra(0).unwrap();
        assert_eq!(d.str(e.id), "41");
        assert_eq!(d.str(e.reply_to), "40");
        assert_eq!(d.str(e.forwarded_from), "Carol");
        let m = d.messages[0];
        assert!(
            m.flags.has(Flags::EDITED)
                && m.flags.has(Flags::FORWARDED)
                && m.flags.has(Flags::EXTRA)
        );
        let a = d.attachments(0)[0];
        assert_eq!(
            (a.kind, d.str(a.name), d.str(a.target), a.size),
            (AttachmentKind::Image, "a.jpg", "photos/a.jpg", Some(10))
        );
        assert_eq!(d.str(d.reactions(0)[0].emoji), "👍");
        assert_eq!(d.str(d.styles(0)[0].range), "this");
        assert!(d.extra(1).is_none());
        assert_eq!(d.spans(&d.messages[1]).len(), 2);
    }

    #[test]
    fn has_controls_finds_every_kind_and_nothing_else() {
        for c in [
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
        ] {
            assert!(has_controls(&format!("ab{c}cd")), "{c:?}");
        }
        for s in [
            "",
            "plain",
            "tab\tand\nline",
            "各大佬…“区块链”",
            "é ñ ü",
            "\u{2027}\u{202f}\u{2065}\u{206a}",
            "👍🏽",
            "\u{f0000}\u{e0080}",
        ] {
            assert!(!has_controls(s), "{s:?}");
        }
    }

    #[test]
    fn a_body_built_in_pieces_is_sanitised_whole() {
        // Every way of appending to a body continues the count of combining
        // marks of the piece before: a mention of a name that ends in four
        // marks, then text, a link, a style, an emoji and plain text that
        // start with more do not stack past four on one character.
        let four = "\u{301}".repeat(4);
        let ctx = ctx();
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat("x", None);
        let s = b.speaker("S", Loc::Line(1));
        let pieces: Vec<String>;
        {
            let mut m = b.message(chat, date(1), t(1), s, Loc::Line(1));
            m.mention(&format!("@n{four}"), &format!("n{four}"));
            m.text(&four);
            m.text("\u{200d}");
            m.link(&format!("{four}a{four}"), "https://x.y");
            m.styled(Style::Bold, &four);
            m.emoji(&format!("{four}👍"), "thumbsup");
            m.text_with_spans(&format!("{four} @bo{four}"));
            pieces = vec![
                format!("@n{four}"),
                four.clone(),
                "\u{200d}".into(),
                format!("{four}a{four}"),
                four.clone(),
                format!("{four}👍"),
                format!("{four} @bo{four}"),
            ];
        }
        {
            // The next message starts a text of its own: its marks are kept.
            let mut m = b.message(chat, date(1), t(2), s, Loc::Line(2));
            m.text(&four);
        }
        let p = b.finish();
        let d = &p.days[0];
        let body = d.body(&d.messages[0]);
        assert_eq!(body, text::sanitize(&pieces.concat()));
        assert_eq!(body, format!("@n{four}\u{200d}a{four}👍{four} @bo{four}"));
        assert!(text::is_clean(body));
        // The mention keeps its whole name as its target; the link's label
        // lost its leading marks, the bold piece was all marks (no style).
        let spans = d.spans(&d.messages[0]);
        assert_eq!(d.str(spans[0].range), format!("@n{four}"));
        assert_eq!(d.str(spans[1].range), format!("a{four}"));
        assert_eq!(d.str(spans[1].target), "https://x.y");
        assert!(d.styles(0).is_empty());
        assert_eq!(d.body(&d.messages[1]), four);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn controls_are_sanitised_and_reported_with_line_or_id_and_capped() {
        let ctx = ctx();
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat("x", None);
        let s = b.speaker("\u{1b}[31mRed", Loc::Line(1));
        for i in 0..12u32 {
            let id = i.to_string();
            let at = if i == 0 {
                Loc::Line(7)
            } else {
                Loc::Id { line: 0, id: &id }
            };
            let mut m = b.message(chat, date(1), t(1), s, at);
            m.text("bad\u{1b}[2J");
        }
        let p = b.finish();
        assert_eq!(p.speakers[0], text::sanitize_line("\u{1b}[31mRed"));
        let d: Vec<String> = p.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(d.len(), 1 + 10 + 1, "{d:#?}");
        assert!(d[0].starts_with("export/chat.txt:1: warning: the speaker's name: escape"));
        assert!(d[1].starts_with("export/chat.txt:7: warning: escape sequences"));
        assert!(d[2].starts_with("export/chat.txt:1: warning: message 1: escape"));
        assert!(
            d[11].contains("2 more messages from message 10 on"),
            "{}",
            d[11]
        );
        let body = p.days[0].body(&p.days[0].messages[0]);
        assert!(!body.contains('\u{1b}'));
    }
}

//! The in-memory model of an archive: channels, days, messages and speakers.
//!
//! Plain data, built once by [`crate::archive::load`] and read-only after
//! that. Nothing here knows about terminals, files' formats or the file
//! system: every chat app's export is turned into this one model by its
//! format module under [`crate::archive`].
//!
//! - A [`Channel`] is one chat (a group, a DM, a Slack or Discord channel):
//!   it knows its app (`WeChat`, `WhatsApp`, …), its name, where it came
//!   from and, for threads, its parent channel.
//! - A [`Day`] is one calendar date within a channel. It can come from
//!   several files (Discord's `[part N]` files) and one file can hold many
//!   days (a Telegram export): [`Day::sources`] lists the files, indexes
//!   into [`Archive::files`].
//! - A [`Message`] keeps its time, speaker, body, [`MessageKind`], a few
//!   [`Flags`] and where it came from (its source file and line).
//!
//! The layout is chosen for archives of millions of messages: each day
//! owns one text buffer holding the bodies of all its messages and one
//! vector of spans; a message is a 32-byte record of offsets into them, so
//! a day costs a handful of allocations however many messages it holds.
//! What few messages have (a source message id, a reply, attachments,
//! reactions, a forwarded-from name, style spans) lives in the day's
//! [`Rare`] tables, found through [`Day::extra`]; its strings live in the
//! day's text buffer, outside the bodies.

mod attachment;
mod diagnostic;
mod speakers;
mod time;
mod zone;

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use attachment::{Card, host, human_size, is_url, is_web};
pub use diagnostic::{Diagnostic, Severity};
pub use speakers::{Speaker, SpeakerId, Speakers};
pub use time::TimeOfDay;
pub use zone::Zone;

/// Index of a channel in [`Archive::channels`].
pub type ChannelId = u32;
/// Index of a file in [`Archive::files`].
pub type FileId = u32;

/// Everything that was loaded.
#[derive(Debug, Default)]
pub struct Archive {
    /// Channels sorted by app, then name, then where they came from; each
    /// owns a contiguous run of `days`.
    pub channels: Vec<Channel>,
    /// All days, grouped by channel, and by date within a channel.
    pub days: Vec<Day>,
    pub speakers: Speakers,
    /// Every file read (a zip's members included), with the format it was
    /// read as, in the order they were read.
    pub files: Vec<SourceFile>,
    /// Everything noticed while loading, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Archive {
    /// Total number of messages over all days.
    pub fn message_count(&self) -> usize {
        self.days.iter().map(|d| d.messages.len()).sum()
    }

    /// The apps the channels come from, each once, in channel order (the
    /// channels are sorted by app).
    pub fn apps(&self) -> Vec<&'static str> {
        let mut apps: Vec<&'static str> = Vec::new();
        for c in &self.channels {
            if !apps.contains(&c.app) {
                apps.push(c.app);
            }
        }
        apps
    }

    /// Whether the channels come from more than one app.
    pub fn several_apps(&self) -> bool {
        self.channels.windows(2).any(|w| w[0].app != w[1].app)
    }

    /// The days of one channel.
    pub fn channel_days(&self, channel: ChannelId) -> &[Day] {
        &self.days[self.channels[channel as usize].days.clone()]
    }

    /// The name of the channel a day belongs to.
    pub fn channel_name(&self, day: &Day) -> &str {
        &self.channels[day.channel as usize].name
    }

    /// The file a day was (first) read from.
    pub fn day_path(&self, day: &Day) -> &Path {
        day.sources
            .first()
            .map_or(Path::new(""), |&f| &self.files[f as usize].path)
    }

    /// The file a message was read from.
    pub fn message_path(&self, day: &Day, message: &Message) -> &Path {
        day.sources
            .get(usize::from(message.source))
            .map_or(Path::new(""), |&f| &self.files[f as usize].path)
    }

    /// Indexes of every day on `date`, over all channels.
    pub fn days_on(&self, date: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        self.days
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.date == date)
            .map(|(i, _)| i)
    }

    /// What the message `message` of `self.days[day]` replies to, if it
    /// replies to anything.
    pub fn reply(&self, day: usize, message: usize) -> Option<Reply<'_>> {
        self.days[day].reply(message)
    }

    /// The message `r` points at, with its day.
    pub fn message_at(&self, r: MessageRef) -> Option<(&Day, &Message)> {
        let day = self.days.get(r.day as usize)?;
        Some((day, day.messages.get(r.message as usize)?))
    }

    /// Whether any diagnostic is an error (a file that could not be read as a day).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What a reply points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply<'a> {
    /// The parent, in this archive.
    Found(MessageRef),
    /// The parent is not in the archive: the id the source gave for it.
    Missing(&'a str),
}

/// A message anywhere in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageRef {
    /// Index in [`Archive::days`].
    pub day: u32,
    /// Index in that day's [`Day::messages`].
    pub message: u32,
}

/// A file that was read, and what it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path shown for it: a file on disk, or `EXPORT.zip/MEMBER` for a
    /// member of a zip.
    pub path: PathBuf,
    /// The name of the format it was read as (`jekyll`, `whatsapp`, …).
    pub format: &'static str,
}

/// One chat.
#[derive(Debug, Clone)]
pub struct Channel {
    pub name: String,
    /// The app the chat comes from, such as `WeChat`, `WhatsApp`, `Telegram`.
    pub app: &'static str,
    /// Where it came from: the folder of the reference format's day files,
    /// an export file, a zip or a workspace folder.
    pub path: PathBuf,
    /// The channel this one is a thread of (Discord threads), if any.
    pub parent: Option<ChannelId>,
    /// The range of [`Archive::days`] that belongs to this channel.
    pub days: Range<usize>,
}

/// What a day file says about its day: the front matter fields of the
/// reference format that daybook uses; everything else is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
}

/// One calendar date within a channel.
#[derive(Debug, Clone, Default)]
pub struct Day {
    pub date: NaiveDate,
    pub channel: ChannelId,
    /// The files its messages came from, as indexes into [`Archive::files`];
    /// [`Message::source`] indexes this list.
    pub sources: Vec<FileId>,
    /// What the day's file says about the day itself (the reference
    /// format's front matter); empty for other formats.
    pub front_matter: FrontMatter,
    /// The messages: in file order within one file; ordered by time
    /// (stable) when the day was assembled from several files.
    pub messages: Vec<Message>,
    /// Bodies of all messages, back to back, and the strings of their rare
    /// data; messages refer into it.
    pub text: String,
    /// Spans of all messages, back to back; messages refer into it.
    pub spans: Vec<Span>,
    /// What few messages have.
    pub rare: Rare,
    /// How many distinct speakers wrote in this day.
    pub speaker_count: u32,
}

impl Day {
    /// The body of a message of this day.
    pub fn body(&self, message: &Message) -> &str {
        &self.text[message.body.range()]
    }

    /// The spans found in a message of this day, with byte ranges into [`Day::text`].
    pub fn spans(&self, message: &Message) -> &[Span] {
        &self.spans[message.spans.range()]
    }

    /// The rare data of the message at `index`, if it has any.
    pub fn extra(&self, index: usize) -> Option<&Extra> {
        let m = self.messages.get(index)?;
        if !m.flags.has(Flags::EXTRA) {
            return None;
        }
        let i = self
            .rare
            .extras
            .binary_search_by_key(&(index as u32), |e| e.message)
            .ok()?;
        Some(&self.rare.extras[i])
    }

    /// A range of [`Day::text`] as a string.
    pub fn str(&self, range: Range32) -> &str {
        &self.text[range.range()]
    }

    /// The attachments of the message at `index`.
    pub fn attachments(&self, index: usize) -> &[Attachment] {
        self.extra(index)
            .map_or(&[][..], |e| &self.rare.attachments[e.attachments.range()])
    }

    /// The reactions to the message at `index`.
    pub fn reactions(&self, index: usize) -> &[Reaction] {
        self.extra(index)
            .map_or(&[][..], |e| &self.rare.reactions[e.reactions.range()])
    }

    /// The index in [`Day::messages`] of `message`, a reference into it.
    pub fn index_of(&self, message: &Message) -> Option<usize> {
        let size = std::mem::size_of::<Message>();
        let base = self.messages.as_ptr() as usize;
        let at = std::ptr::from_ref(message) as usize;
        let offset = at.checked_sub(base)?;
        (offset % size == 0 && offset / size < self.messages.len()).then_some(offset / size)
    }

    /// The text a search looks at for the message at `index`: its body,
    /// then the title of each attachment (see [`Card`]) on a line of its
    /// own. Borrowed (the body) when the message has no attachment.
    pub fn search_text(&self, index: usize) -> std::borrow::Cow<'_, str> {
        let Some(m) = self.messages.get(index) else {
            return std::borrow::Cow::Borrowed("");
        };
        let body = self.body(m);
        if self.attachments(index).is_empty() {
            return std::borrow::Cow::Borrowed(body);
        }
        let mut s = String::from(body);
        for card in self.cards(index) {
            s.push('\n');
            s.push_str(card.title);
        }
        std::borrow::Cow::Owned(s)
    }

    /// What the message at `index` replies to, if it replies to anything
    /// (parents are found when the archive is assembled).
    pub fn reply(&self, index: usize) -> Option<Reply<'_>> {
        let extra = self.extra(index)?;
        if extra.reply_to.is_empty() {
            return None;
        }
        Some(match extra.reply {
            Some(r) => Reply::Found(r),
            None => Reply::Missing(&self.text[extra.reply_to.range()]),
        })
    }

    /// Whom the message at `index` was forwarded from: `Some("")` when it
    /// was forwarded from someone not named, `None` when not forwarded.
    pub fn forwarded_from(&self, index: usize) -> Option<&str> {
        let m = self.messages.get(index)?;
        if !m.flags.has(Flags::FORWARDED) {
            return None;
        }
        Some(self.extra(index).map_or("", |e| self.str(e.forwarded_from)))
    }

    /// The message's id in its source, when it kept one.
    pub fn source_id(&self, index: usize) -> Option<&str> {
        self.extra(index)
            .map(|e| self.str(e.id))
            .filter(|s| !s.is_empty())
    }

    /// The style spans (bold, italic, …) of the message at `index`.
    pub fn styles(&self, index: usize) -> &[StyleSpan] {
        self.extra(index)
            .map_or(&[][..], |e| &self.rare.styles[e.styles.range()])
    }

    /// The style spans that lie in the body of the message at `index`,
    /// as ranges of bytes into the body.
    pub fn body_styles(&self, index: usize) -> Vec<(Range<usize>, Style)> {
        let body = self.messages[index].body;
        let base = body.start as usize;
        self.styles(index)
            .iter()
            .filter(|s| s.range.start >= body.start && s.range.end <= body.end)
            .map(|s| {
                (
                    s.range.start as usize - base..s.range.end as usize - base,
                    s.style,
                )
            })
            .collect()
    }
}

/// What few messages have, for the messages of one day. Ranges of text
/// are into [`Day::text`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rare {
    /// Sorted by [`Extra::message`]; a message with an entry has
    /// [`Flags::EXTRA`].
    pub extras: Vec<Extra>,
    pub attachments: Vec<Attachment>,
    pub reactions: Vec<Reaction>,
    pub styles: Vec<StyleSpan>,
}

impl Rare {
    pub fn is_empty(&self) -> bool {
        self.extras.is_empty()
    }
}

/// The rare data of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extra {
    /// Index of the message in [`Day::messages`].
    pub message: u32,
    /// The message's id in its source (Telegram's `id`, Slack's `ts`), if it has one.
    pub id: Range32,
    /// The source id of the message this one replies to (empty: not a reply).
    pub reply_to: Range32,
    /// That message, when it is in the archive (found after assembly).
    pub reply: Option<MessageRef>,
    /// Whom it was forwarded from (empty: not known or not forwarded).
    pub forwarded_from: Range32,
    /// Range of [`Rare::attachments`].
    pub attachments: Range32,
    /// Range of [`Rare::reactions`].
    pub reactions: Range32,
    /// Range of [`Rare::styles`].
    pub styles: Range32,
}

/// A file, picture, sticker, location … sent with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attachment {
    pub kind: AttachmentKind,
    /// A file name or a title (in [`Day::text`]; may be empty).
    pub name: Range32,
    /// A path relative to the export, or a link (in [`Day::text`]; may be empty).
    pub target: Range32,
    /// Size in bytes, when known.
    pub size: Option<u64>,
}

/// What an attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentKind {
    Image,
    Video,
    Audio,
    Voice,
    Sticker,
    File,
    LinkCard,
    RedPacket,
    Location,
    Contact,
    Poll,
    Other,
}

/// A reaction to a message: an emoji and how many gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reaction {
    /// The emoji, or a name such as `thumbsup` (in [`Day::text`]).
    pub emoji: Range32,
    pub count: u32,
}

/// A style over part of a body (Telegram entities, Slack mrkdwn). Unlike
/// [`Span`]s, styles may nest and overlap each other and spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StyleSpan {
    pub style: Style,
    /// Byte range in [`Day::text`], inside the message's body.
    pub range: Range32,
}

/// How text is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    Bold,
    Italic,
    Strike,
    Code,
    /// Text the sender hid until clicked (Discord's `||spoiler||`,
    /// Telegram's spoiler entity): marked, never hidden, by daybook.
    Spoiler,
    /// Underlined text (IRC's ^_ formatting code).
    Underline,
}

/// One message: a fixed-size record pointing into its [`Day`]'s buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    pub time: TimeOfDay,
    pub speaker: SpeakerId,
    /// Line of the message's start in its source file (1-based); 0 when
    /// the source has no lines to speak of.
    pub line: u32,
    /// Byte range of the body in [`Day::text`].
    pub body: Range32,
    /// Range of this message's spans in [`Day::spans`].
    pub spans: Range32,
    pub kind: MessageKind,
    pub flags: Flags,
    /// The file it came from: an index into [`Day::sources`].
    pub source: u16,
}

impl Message {
    /// A plain message from the day's first source.
    pub fn new(
        time: TimeOfDay,
        speaker: SpeakerId,
        line: u32,
        body: Range32,
        spans: Range32,
    ) -> Self {
        Message {
            time,
            speaker,
            line,
            body,
            spans,
            kind: MessageKind::Message,
            flags: Flags::NONE,
            source: 0,
        }
    }
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// Something a person wrote.
    #[default]
    Message,
    /// An action (`/me waves`, IRC's `* nick waves`).
    Action,
    /// A system or service message (joins, pins, calls, encryption notices).
    System,
}

/// A small set of yes/no facts about a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u8);

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// The message was edited after it was sent.
    pub const EDITED: Flags = Flags(1);
    /// The message was forwarded from elsewhere (the name, when known, is
    /// in its [`Extra::forwarded_from`]).
    pub const FORWARDED: Flags = Flags(2);
    /// The message was deleted; its body says so.
    pub const DELETED: Flags = Flags(4);
    /// The message was pinned in its chat (Discord's `isPinned`).
    pub const PINNED: Flags = Flags(8);
    /// The message has an entry in [`Rare::extras`].
    pub const EXTRA: Flags = Flags(128);

    pub fn has(self, flag: Flags) -> bool {
        self.0 & flag.0 == flag.0
    }

    pub fn set(&mut self, flag: Flags) {
        self.0 |= flag.0;
    }
}

/// A compact `Range<u32>` that is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range32 {
    pub start: u32,
    pub end: u32,
}

impl Range32 {
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The range moved `by` bytes (or items) later.
    #[must_use]
    pub fn shifted(self, by: u32) -> Self {
        Self {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

/// What a span of a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    /// `![alt](url)`; the target is the URL.
    Image,
    /// `[title](target)`, possibly over two lines, or a bare URL; the target is the URL.
    Link,
    /// `@name`; the target is the name without the `@`.
    Mention,
    /// A WeChat emoji code such as `[强]`; the target is the code's name.
    Emoji,
}

/// A recognised part of a message body, with byte ranges into [`Day::text`]
/// (inside the message's body, except that a target may lie outside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    /// The whole span.
    pub range: Range32,
    /// The interesting part: URL of a link or image, name of a mention or emoji code.
    pub target: Range32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Message>(), 32);
    }

    #[test]
    fn extras_are_found_by_message_index() {
        let mut day = Day {
            text: "hello12".into(),
            ..Day::default()
        };
        let t = TimeOfDay::from_hms(1, 0, 0).unwrap();
        for _ in 0..3 {
            day.messages.push(Message::new(
                t,
                SpeakerId(0),
                1,
                Range32::new(0, 5),
                Range32::default(),
            ));
        }
        day.messages[1].flags.set(Flags::EXTRA);
        day.rare.extras.push(Extra {
            message: 1,
            id: Range32::new(5, 7),
            ..Extra::default()
        });
        assert!(day.extra(0).is_none());
        assert_eq!(day.str(day.extra(1).unwrap().id), "12");
        assert!(day.extra(2).is_none());
        assert!(day.attachments(1).is_empty());
    }
}

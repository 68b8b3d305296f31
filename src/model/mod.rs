//! The in-memory model of an archive: channels, days, messages and speakers.
//!
//! Plain data, built once by [`crate::archive::load`] and read-only after
//! that. Nothing here knows about terminals or files on disk.
//!
//! The layout is chosen for archives of millions of messages: each [`Day`]
//! owns one text buffer holding the bodies of all its messages and one
//! vector of spans; a [`Message`] is a small fixed-size record of offsets into
//! them, so a day costs three allocations however many messages it holds.

mod diagnostic;
mod speakers;
mod time;

use std::ops::Range;
use std::path::PathBuf;

use chrono::NaiveDate;

pub use diagnostic::{Diagnostic, Severity};
pub use speakers::{Speaker, SpeakerId, Speakers};
pub use time::TimeOfDay;

/// Index of a channel in [`Archive::channels`].
pub type ChannelId = u32;

/// Everything that was loaded.
#[derive(Debug, Default)]
pub struct Archive {
    /// Channels sorted by name; each owns a contiguous run of `days`.
    pub channels: Vec<Channel>,
    /// All days, grouped by channel, and by date within a channel.
    pub days: Vec<Day>,
    pub speakers: Speakers,
    /// Everything noticed while loading, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Archive {
    /// Total number of messages over all days.
    pub fn message_count(&self) -> usize {
        self.days.iter().map(|d| d.messages.len()).sum()
    }

    /// The days of one channel.
    pub fn channel_days(&self, channel: ChannelId) -> &[Day] {
        &self.days[self.channels[channel as usize].days.clone()]
    }

    /// The name of the channel a day belongs to.
    pub fn channel_name(&self, day: &Day) -> &str {
        &self.channels[day.channel as usize].name
    }

    /// Indexes of every day on `date`, over all channels.
    pub fn days_on(&self, date: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        self.days
            .iter()
            .enumerate()
            .filter(move |(_, d)| d.date == date)
            .map(|(i, _)| i)
    }

    /// Whether any diagnostic is an error (a file that could not be read as a day).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A folder of day files: one chat group.
#[derive(Debug, Clone)]
pub struct Channel {
    pub name: String,
    /// The folder the day files were found in.
    pub path: PathBuf,
    /// The range of [`Archive::days`] that belongs to this channel.
    pub days: Range<usize>,
}

/// The front matter fields daybook uses; everything else is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
}

/// One day file.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: NaiveDate,
    pub channel: ChannelId,
    /// The file it was read from.
    pub path: PathBuf,
    pub front_matter: FrontMatter,
    /// The messages, in file order.
    pub messages: Vec<Message>,
    /// Bodies of all messages, back to back; messages refer into it.
    pub text: String,
    /// Spans of all messages, back to back; messages refer into it.
    pub spans: Vec<Span>,
    /// How many distinct speakers wrote in this day.
    pub speaker_count: u32,
}

impl Day {
    /// The body of a message of this day.
    pub fn body(&self, message: &Message) -> &str {
        &self.text[message.body.start as usize..message.body.end as usize]
    }

    /// The spans found in a message of this day, with byte ranges into its body.
    pub fn spans(&self, message: &Message) -> &[Span] {
        &self.spans[message.spans.start as usize..message.spans.end as usize]
    }
}

/// One message: a fixed-size record pointing into its [`Day`]'s buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    pub time: TimeOfDay,
    pub speaker: SpeakerId,
    /// Line of the header in the day file (1-based).
    pub line: u32,
    /// Byte range of the body in [`Day::text`].
    pub body: Range32,
    /// Range of this message's spans in [`Day::spans`].
    pub spans: Range32,
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

/// A recognised part of a message body, with byte ranges into the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    /// The whole span.
    pub range: Range32,
    /// The interesting part: URL of a link or image, name of a mention or emoji code.
    pub target: Range32,
}

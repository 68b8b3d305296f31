//! The parsed form of a query: a list of [`Item`]s that must all match.

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use crate::model::MessageKind;

use super::parse::looks_like_qualifier;

/// A parsed query: the items in the order they were written.
///
/// An empty query matches every message. [`Display`](fmt::Display) prints the
/// normalised form, which [`parse`](super::parse) reads back to an equal query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    items: Vec<Item>,
}

/// One whitespace-separated part of a query; also what the interface shows as a chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `term`, `"phrase"`, `~fuzzy`, and their `-` exclusions.
    Term(Term),
    /// `from:NAME` or `-from:NAME`.
    From { name: String, negated: bool },
    /// `in:CHANNEL` or `-in:CHANNEL`.
    In { channel: String, negated: bool },
    /// `on:DATE`: the day lies within the period.
    On(Period),
    /// `after:DATE`: the day is later than the end of the period.
    After(Period),
    /// `before:DATE`: the day is earlier than the start of the period.
    Before(Period),
    /// `has:KIND` or `-has:KIND`.
    Has { kind: HasKind, negated: bool },
    /// `is:KIND` or `-is:KIND`: a system message, an action, a plain message.
    Is { kind: MessageKind, negated: bool },
}

/// What a `has:` item asks a message to hold: something in its body (an
/// image, a link, a mention, an emoji code) or an attachment of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HasKind {
    /// An image in the body or a photo attached (`has:photo` too).
    Image,
    /// A link that leads somewhere: a URL in the body or a link card with one.
    Link,
    Mention,
    Emoji,
    /// Any attachment.
    Attachment,
    File,
    Video,
    /// Audio or a voice message.
    Audio,
    Voice,
    Sticker,
    RedPacket,
    Location,
    Contact,
    Poll,
}

impl HasKind {
    /// Every kind, in the order help and errors list them.
    pub const ALL: &'static [HasKind] = &[
        HasKind::Image,
        HasKind::Link,
        HasKind::Mention,
        HasKind::Emoji,
        HasKind::Attachment,
        HasKind::File,
        HasKind::Video,
        HasKind::Audio,
        HasKind::Voice,
        HasKind::Sticker,
        HasKind::RedPacket,
        HasKind::Location,
        HasKind::Contact,
        HasKind::Poll,
    ];

    /// The value written after `has:`.
    pub fn name(self) -> &'static str {
        match self {
            HasKind::Image => "image",
            HasKind::Link => "link",
            HasKind::Mention => "mention",
            HasKind::Emoji => "emoji",
            HasKind::Attachment => "attachment",
            HasKind::File => "file",
            HasKind::Video => "video",
            HasKind::Audio => "audio",
            HasKind::Voice => "voice",
            HasKind::Sticker => "sticker",
            HasKind::RedPacket => "redpacket",
            HasKind::Location => "location",
            HasKind::Contact => "contact",
            HasKind::Poll => "poll",
        }
    }

    /// The kind a `has:` value names (case-insensitive; `photo` is
    /// `image`, `red-packet` is `redpacket`).
    pub fn from_name(name: &str) -> Option<HasKind> {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "photo" => Some(HasKind::Image),
            "red-packet" => Some(HasKind::RedPacket),
            _ => HasKind::ALL.iter().copied().find(|k| k.name() == name),
        }
    }

    /// The kinds, as `image, link, …` for messages.
    pub fn names() -> String {
        HasKind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The value written after `is:`.
pub fn is_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Message => "message",
        MessageKind::Action => "action",
        MessageKind::System => "system",
    }
}

/// Text searched for in message bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text, unquoted and unescaped; never empty.
    pub text: String,
    pub mode: TermMode,
    /// `-term`: the message must not contain it.
    pub negated: bool,
}

/// How a [`Term`] is compared with a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermMode {
    /// The text occurs in the body.
    Substring,
    /// `~term`: the characters of the text occur in order (skim's fuzzy score).
    Fuzzy,
}

impl Term {
    /// Smart case: a term with an uppercase letter is case-sensitive.
    pub fn is_case_sensitive(&self) -> bool {
        super::is_case_sensitive(&self.text)
    }
}

/// How precisely a [`Period`] was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A year, a month or a day, as written in `on:`, `after:` and `before:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    first: NaiveDate,
    last: NaiveDate,
    precision: Precision,
}

impl Period {
    /// The whole of `year`, or `None` when chrono cannot represent it.
    pub fn year(year: i32) -> Option<Self> {
        Some(Self {
            first: NaiveDate::from_ymd_opt(year, 1, 1)?,
            last: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// The whole of a month (1–12), or `None` when it does not exist.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Self {
            first,
            last: next.pred_opt()?,
            precision: Precision::Month,
        })
    }

    /// A single day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            first: date,
            last: date,
            precision: Precision::Day,
        }
    }

    /// The first day of the period.
    pub fn first(self) -> NaiveDate {
        self.first
    }

    /// The last day of the period.
    pub fn last(self) -> NaiveDate {
        self.last
    }

    pub fn range(self) -> RangeInclusive<NaiveDate> {
        self.first..=self.last
    }

    pub fn precision(self) -> Precision {
        self.precision
    }
}

impl fmt::Display for Period {
    /// `2018`, `2018-01` or `2018-01-22`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

/// The dates of a query resolved: a day must lie in any `on:` period and
/// satisfy every `after:` and `before:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFilter {
    /// A day must lie in one of these (when there are any).
    pub on: Vec<RangeInclusive<NaiveDate>>,
    /// A day must be strictly later than this (the latest `after:` period's last day).
    pub after: Option<NaiveDate>,
    /// A day must be strictly earlier than this (the earliest `before:` period's first day).
    pub before: Option<NaiveDate>,
}

impl DateFilter {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.after.is_none_or(|a| date > a)
            && self.before.is_none_or(|b| date < b)
            && (self.on.is_empty() || self.on.iter().any(|r| r.contains(&date)))
    }

    /// Whether every date passes.
    pub fn is_unbounded(&self) -> bool {
        self.on.is_empty() && self.after.is_none() && self.before.is_none()
    }
}

impl Query {
    pub fn new(items: Vec<Item>) -> Self {
        Self { items }
    }

    /// The items in the order they were written.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Whether there are no items; an empty query matches everything.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Removes and returns the item at `index` (a chip the user deleted).
    pub fn remove(&mut self, index: usize) -> Item {
        self.items.remove(index)
    }

    /// Appends `from:"name"` for each name not already asked for, as the
    /// speaker picker does. An exact name selects exactly that speaker.
    pub fn push_speakers<S: AsRef<str>>(&mut self, names: &[S]) {
        for name in names {
            let name = name.as_ref().trim();
            if name.is_empty() || self.speakers().any(|n| n == name) {
                continue;
            }
            self.items.push(Item::From {
                name: name.to_owned(),
                negated: false,
            });
        }
    }

    /// This query with `from:"name"` appended for each name; see [`Query::push_speakers`].
    #[must_use]
    pub fn with_speakers<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.push_speakers(names);
        self
    }

    /// All text terms, positive and excluded, substring and fuzzy.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.items.iter().filter_map(|i| match i {
            Item::Term(t) => Some(t),
            _ => None,
        })
    }

    /// The names of `from:` items (not the excluded ones).
    pub fn speakers(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::From {
                name,
                negated: false,
            } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The names of `-from:` items.
    pub fn excluded_speakers(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::From {
                name,
                negated: true,
            } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The values of `in:` items (not the excluded ones).
    pub fn channels(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::In {
                channel,
                negated: false,
            } => Some(channel.as_str()),
            _ => None,
        })
    }

    /// The values of `-in:` items.
    pub fn excluded_channels(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::In {
                channel,
                negated: true,
            } => Some(channel.as_str()),
            _ => None,
        })
    }

    /// The kinds of `has:` items (required) and `-has:` items (forbidden).
    pub fn has(&self) -> impl Iterator<Item = (HasKind, bool)> {
        self.items.iter().filter_map(|i| match *i {
            Item::Has { kind, negated } => Some((kind, negated)),
            _ => None,
        })
    }

    /// The kinds of `is:` items, with whether each is negated.
    pub fn is(&self) -> impl Iterator<Item = (MessageKind, bool)> {
        self.items.iter().filter_map(|i| match *i {
            Item::Is { kind, negated } => Some((kind, negated)),
            _ => None,
        })
    }

    /// The `on:`, `after:` and `before:` items resolved to date ranges.
    pub fn dates(&self) -> DateFilter {
        let mut filter = DateFilter::default();
        for item in &self.items {
            match *item {
                Item::On(p) => filter.on.push(p.range()),
                Item::After(p) => {
                    filter.after = Some(filter.after.map_or(p.last(), |a| a.max(p.last())));
                }
                Item::Before(p) => {
                    filter.before = Some(filter.before.map_or(p.first(), |b| b.min(p.first())));
                }
                _ => {}
            }
        }
        filter
    }
}

impl fmt::Display for Query {
    /// The normalised query: items separated by one space.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Item {
    /// The normalised item, as it would be typed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minus = |negated: bool| if negated { "-" } else { "" };
        match self {
            Item::Term(t) => {
                f.write_str(minus(t.negated))?;
                if t.mode == TermMode::Fuzzy {
                    f.write_str("~")?;
                }
                write_value(f, &t.text, ValueKind::Term)
            }
            Item::From { name, negated } => {
                write!(f, "{}from:", minus(*negated))?;
                write_value(f, name, ValueKind::Qualifier)
            }
            Item::In { channel, negated } => {
                write!(f, "{}in:", minus(*negated))?;
                write_value(f, channel, ValueKind::Qualifier)
            }
            Item::On(p) => write!(f, "on:{p}"),
            Item::After(p) => write!(f, "after:{p}"),
            Item::Before(p) => write!(f, "before:{p}"),
            Item::Has { kind, negated } => {
                write!(f, "{}has:{}", minus(*negated), kind.name())
            }
            Item::Is { kind, negated } => {
                write!(f, "{}is:{}", minus(*negated), is_name(*kind))
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    /// A bare term must not read as a prefix or a qualifier.
    Term,
    /// A value after `key:` is read as it is.
    Qualifier,
}

/// Writes `value` bare when it reads back as itself, quoted and escaped otherwise.
fn write_value(f: &mut fmt::Formatter<'_>, value: &str, kind: ValueKind) -> fmt::Result {
    let needs_quotes = value.is_empty()
        || value.contains(|c: char| c.is_whitespace() || c == '"')
        || (kind == ValueKind::Term
            && (value.starts_with(['-', '~']) || looks_like_qualifier(value)))
        // `from://x` would read back as the term `from://x`, like a URL.
        || (kind == ValueKind::Qualifier && value.starts_with("//"));
    if !needs_quotes {
        return f.write_str(value);
    }
    f.write_str("\"")?;
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

//! Matching a [`Query`] against the model, with byte ranges for highlighting.

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;
use regex::{Regex, RegexBuilder};

use crate::model::{
    Archive, AttachmentKind, ChannelId, Day, Flags, Message, MessageKind, SpanKind, is_url,
};
use crate::speaker;
use crate::text::{is_ignorable, map_ignorable, strip_ignorable};

use super::fuzzy::FuzzyPattern;
use super::items::{DateFilter, HasKind, Item, Query, TermMode};

/// Most ranges [`Matcher::highlights`] keeps per term and message: a
/// message made of one word said a million times costs no more memory than
/// one that says it a thousand times. What lies beyond is counted, not
/// stored ([`Marked::Partial`], [`Matcher::count_from`]).
pub const MAX_HIGHLIGHTS: usize = 1000;

/// How [`Matcher::mark`] marked a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    /// The message does not match.
    No,
    /// It matches, and every occurrence is marked.
    All,
    /// It matches, and the occurrences are marked only up to byte `from` of
    /// the body: a term occurs more than [`MAX_HIGHLIGHTS`] times there.
    Partial { from: usize },
}

/// A query compiled against one archive: names resolved to speaker and
/// channel ids, terms compiled to searchers. Build it once per query and use
/// it for every message; it is `Sync`, so worker threads can share it.
pub struct Matcher<'a> {
    archive: &'a Archive,
    dates: DateFilter,
    /// Allowed channels by id; `None` when there is no `in:` item.
    channels: Option<Vec<bool>>,
    /// Allowed speakers by id; `None` when there is no `from:` item.
    speakers: Option<Vec<bool>>,
    /// [`has_bit`]s of what a message must hold / must not hold.
    has_all: u16,
    has_none: u16,
    /// [`is_bit`]s of the message kinds `is:` allows (0: any) and `-is:` excludes.
    is_any: u8,
    is_none: u8,
    include: Vec<Needle>,
    exclude: Vec<Needle>,
    fuzzy_include: Vec<FuzzyPattern>,
    fuzzy_exclude: Vec<FuzzyPattern>,
    /// Per day of the archive, once looked at: whether its text holds a
    /// character that search looks through ([`crate::text::is_ignorable`]).
    ignorable: Vec<OnceLock<bool>>,
}

impl std::fmt::Debug for Matcher<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("dates", &self.dates)
            .field("channels", &self.channels)
            .field(
                "speakers",
                &self
                    .speakers
                    .as_ref()
                    .map(|s| s.iter().filter(|&&b| b).count()),
            )
            .field("has_all", &self.has_all)
            .field("has_none", &self.has_none)
            .field("is", &(self.is_any, self.is_none))
            .field("terms", &(self.include.len(), self.exclude.len()))
            .field(
                "fuzzy",
                &(self.fuzzy_include.len(), self.fuzzy_exclude.len()),
            )
            .finish_non_exhaustive()
    }
}

impl<'a> Matcher<'a> {
    pub fn new(query: &Query, archive: &'a Archive) -> Self {
        let mut matcher = Self {
            archive,
            dates: query.dates(),
            channels: resolve_channels(query, archive),
            speakers: resolve_speakers(query, archive),
            has_all: 0,
            has_none: 0,
            is_any: 0,
            is_none: 0,
            include: Vec::new(),
            exclude: Vec::new(),
            fuzzy_include: Vec::new(),
            fuzzy_exclude: Vec::new(),
            ignorable: Vec::new(),
        };
        for item in query.items() {
            match item {
                Item::Term(t) => match (t.mode, t.negated) {
                    (TermMode::Substring, false) => matcher.include.push(Needle::new(&t.text)),
                    (TermMode::Substring, true) => matcher.exclude.push(Needle::new(&t.text)),
                    (TermMode::Fuzzy, false) => {
                        matcher.fuzzy_include.push(FuzzyPattern::new(&t.text));
                    }
                    (TermMode::Fuzzy, true) => {
                        matcher.fuzzy_exclude.push(FuzzyPattern::new(&t.text));
                    }
                },
                Item::Has {
                    kind,
                    negated: false,
                } => matcher.has_all |= has_bit(*kind),
                Item::Has {
                    kind,
                    negated: true,
                } => matcher.has_none |= has_bit(*kind),
                Item::Is {
                    kind,
                    negated: false,
                } => matcher.is_any |= is_bit(*kind),
                Item::Is {
                    kind,
                    negated: true,
                } => matcher.is_none |= is_bit(*kind),
                _ => {}
            }
        }
        if !(matcher.include.is_empty() && matcher.exclude.is_empty()) {
            matcher.ignorable = std::iter::repeat_with(OnceLock::new)
                .take(archive.days.len())
                .collect();
        }
        matcher
    }

    /// Whether `day`'s text holds an ignorable character; looked at once per
    /// day of the archive (a day from elsewhere is looked at each time).
    fn day_has_ignorable(&self, day: &Day) -> bool {
        let look = || has_ignorable(&day.text);
        let base = self.archive.days.as_ptr() as usize;
        let at = std::ptr::from_ref(day) as usize;
        let index = at.checked_sub(base).map(|b| b / size_of::<Day>().max(1));
        match index
            .filter(|&i| {
                self.archive
                    .days
                    .get(i)
                    .is_some_and(|d| std::ptr::eq(d, day))
            })
            .and_then(|i| self.ignorable.get(i))
        {
            Some(cell) => *cell.get_or_init(look),
            None => look(),
        }
    }

    /// The archive this matcher was resolved against.
    pub fn archive(&self) -> &'a Archive {
        self.archive
    }

    /// Whether any message of this channel can match (`in:`).
    pub fn matches_channel(&self, channel: ChannelId) -> bool {
        self.channels
            .as_ref()
            .is_none_or(|c| c.get(channel as usize).copied().unwrap_or(false))
    }

    /// Whether any message of this day can match: its date and channel.
    /// Cheap; use it to skip whole days.
    pub fn matches_day(&self, day: &Day) -> bool {
        self.dates.contains(day.date) && self.matches_channel(day.channel)
    }

    /// Whether a message of `day` (a reference into its messages) matches.
    /// Its text is its body and the titles of its attachments
    /// ([`Day::search_text`]). Does not allocate for a message without
    /// attachments, except inside skim for `~fuzzy` terms, and only once
    /// the characters were found in order.
    pub fn matches(&self, day: &Day, message: &Message) -> bool {
        if !self.matches_day(day) {
            return false;
        }
        if let Some(speakers) = &self.speakers {
            if !speakers
                .get(message.speaker.index())
                .copied()
                .unwrap_or(false)
            {
                return false;
            }
        }
        let kind = is_bit(message.kind);
        if (self.is_any != 0 && self.is_any & kind == 0) || self.is_none & kind != 0 {
            return false;
        }
        if self.has_all | self.has_none != 0 {
            let present = present(day, message, attachments_of(day, message));
            if present & self.has_all != self.has_all || present & self.has_none != 0 {
                return false;
            }
        }
        if self.include.is_empty()
            && self.exclude.is_empty()
            && self.fuzzy_include.is_empty()
            && self.fuzzy_exclude.is_empty()
        {
            return true;
        }
        let text = search_text(day, message);
        let body = text.as_ref();
        // A term also matches across ignorable characters: the body without
        // them is made only when a term is not in the body as it is.
        let mut stripped: Option<Option<String>> = None;
        let mut in_body = |n: &Needle| {
            n.is_in(body)
                || (self.day_has_ignorable(day)
                    && stripped
                        .get_or_insert_with(|| strip_ignorable(body))
                        .as_deref()
                        .is_some_and(|s| n.is_in(s)))
        };
        // Positive terms first: most messages fail the first one.
        self.include.iter().all(&mut in_body)
            && !self.exclude.iter().any(&mut in_body)
            && self.fuzzy_include.iter().all(|f| f.score(body).is_some())
            && !self.fuzzy_exclude.iter().any(|f| f.score(body).is_some())
    }

    /// Whether the message matches, and if so the byte ranges to highlight
    /// in its text ([`Day::search_text`]: the body, then each attachment's
    /// title on a line of its own, so a range past the body lies in a
    /// title; [`Day::body`] alone for a message without attachments):
    /// every occurrence of every positive term
    /// (overlapping ones too, and across ignorable characters, which a
    /// range then covers) and each character matched by a `~fuzzy` term,
    /// sorted, with overlapping and adjacent ranges merged. `out` is
    /// cleared first, so one buffer can serve many messages. See [`mark`]
    /// for a term that occurs too often to mark every time.
    ///
    /// [`mark`]: Matcher::mark
    pub fn highlights(&self, day: &Day, message: &Message, out: &mut Vec<Range<usize>>) -> bool {
        self.mark(day, message, out) != Marked::No
    }

    /// [`highlights`](Matcher::highlights), saying whether every occurrence
    /// is marked. At most [`MAX_HIGHLIGHTS`] ranges are kept per term; when
    /// a term has more, the ranges are exactly those of the body up to the
    /// byte where the first one left out starts ([`Marked::Partial`]), and
    /// [`count_from`](Matcher::count_from) counts the rest.
    pub fn mark(&self, day: &Day, message: &Message, out: &mut Vec<Range<usize>>) -> Marked {
        out.clear();
        if !self.matches(day, message) {
            return Marked::No;
        }
        if self.include.is_empty() && self.fuzzy_include.is_empty() {
            return Marked::All;
        }
        let text = search_text(day, message);
        let body = text.as_ref();
        let stripped = if !self.include.is_empty() && self.day_has_ignorable(day) {
            strip_ignorable(body)
        } else {
            None
        };
        let hay = stripped.as_deref().unwrap_or(body);
        let mut cut: Option<usize> = None;
        for needle in &self.include {
            if let Some(c) = needle.occurrences(hay, out, MAX_HIGHLIGHTS) {
                cut = Some(cut.map_or(c, |x| x.min(c)));
            }
        }
        if let Some(c) = cut {
            out.retain(|r| r.start < c);
            // Mapped back with the ranges, then taken off again.
            out.push(c..c);
        }
        if stripped.is_some() {
            map_ignorable(body, out);
        }
        let cut = cut.and_then(|_| out.pop()).map(|r| r.start);
        for fuzzy in &self.fuzzy_include {
            fuzzy.highlight(body, out);
        }
        merge(out);
        match cut {
            Some(from) => Marked::Partial { from },
            None => Marked::All,
        }
    }

    /// How many occurrences of the positive terms start at or after byte
    /// `from` of the message's text (what [`Marked::Partial`] left
    /// unmarked), counted without storing them.
    pub fn count_from(&self, day: &Day, message: &Message, from: usize) -> usize {
        let text = search_text(day, message);
        let body = text.as_ref();
        let stripped = if self.day_has_ignorable(day) {
            strip_ignorable(body)
        } else {
            None
        };
        let (hay, from) = match &stripped {
            Some(s) => {
                let before: usize = body
                    .get(..from)
                    .unwrap_or(body)
                    .chars()
                    .filter(|&c| is_ignorable(c))
                    .map(char::len_utf8)
                    .sum();
                (s.as_str(), from.saturating_sub(before))
            }
            None => (body, from),
        };
        self.include.iter().map(|n| n.count_from(hay, from)).sum()
    }

    /// Every matching message in archive order.
    pub fn hits(&self) -> impl Iterator<Item = (&'a Day, &'a Message)> + '_ {
        self.archive
            .days
            .iter()
            .filter(|d| self.matches_day(d))
            .flat_map(move |d| {
                d.messages
                    .iter()
                    .filter(move |m| self.matches(d, m))
                    .map(move |m| (d, m))
            })
    }
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut kept = 0;
    for i in 0..ranges.len() {
        let r = ranges[i].clone();
        if kept > 0 && r.start <= ranges[kept - 1].end {
            let last = &mut ranges[kept - 1];
            last.end = last.end.max(r.end);
        } else {
            ranges[kept] = r;
            kept += 1;
        }
    }
    ranges.truncate(kept);
}

fn has_bit(kind: HasKind) -> u16 {
    1 << (kind as u16)
}

fn is_bit(kind: MessageKind) -> u8 {
    match kind {
        MessageKind::Message => 1,
        MessageKind::Action => 2,
        MessageKind::System => 4,
    }
}

/// The index of `message` in `day`, when it has attachments to look at.
fn attachments_of(day: &Day, message: &Message) -> Option<usize> {
    if message.flags.has(Flags::EXTRA) {
        day.index_of(message)
    } else {
        None
    }
}

/// What search looks at of a message: its body, and its attachments'
/// titles when it has any ([`Day::search_text`]).
fn search_text<'d>(day: &'d Day, message: &Message) -> std::borrow::Cow<'d, str> {
    match attachments_of(day, message) {
        Some(i) => day.search_text(i),
        None => std::borrow::Cow::Borrowed(day.body(message)),
    }
}

/// The [`has_bit`]s of what a message holds: its spans, and its
/// attachments when `index` (its index in the day) is given.
fn present(day: &Day, message: &Message, index: Option<usize>) -> u16 {
    let mut bits = 0;
    for s in day.spans(message) {
        bits |= match s.kind {
            SpanKind::Image => has_bit(HasKind::Image),
            SpanKind::Link if is_url(day.str(s.target)) => has_bit(HasKind::Link),
            SpanKind::Link => 0,
            SpanKind::Mention => has_bit(HasKind::Mention),
            SpanKind::Emoji => has_bit(HasKind::Emoji),
        };
    }
    for a in index.map_or(&[][..], |i| day.attachments(i)) {
        bits |= has_bit(HasKind::Attachment)
            | match a.kind {
                AttachmentKind::Image => has_bit(HasKind::Image),
                AttachmentKind::Video => has_bit(HasKind::Video),
                AttachmentKind::Audio => has_bit(HasKind::Audio),
                AttachmentKind::Voice => has_bit(HasKind::Voice) | has_bit(HasKind::Audio),
                AttachmentKind::Sticker => has_bit(HasKind::Sticker),
                AttachmentKind::File => has_bit(HasKind::File),
                AttachmentKind::LinkCard if is_url(day.str(a.target)) => has_bit(HasKind::Link),
                AttachmentKind::RedPacket => has_bit(HasKind::RedPacket),
                AttachmentKind::Location => has_bit(HasKind::Location),
                AttachmentKind::Contact => has_bit(HasKind::Contact),
                AttachmentKind::Poll => has_bit(HasKind::Poll),
                AttachmentKind::LinkCard | AttachmentKind::Other => 0,
            };
    }
    bits
}

/// `in:` values to a table of allowed channels; see [`in_channel`].
fn resolve_channels(query: &Query, archive: &Archive) -> Option<Vec<bool>> {
    let wanted: Vec<String> = query.channels().map(str::to_lowercase).collect();
    let unwanted: Vec<String> = query.excluded_channels().map(str::to_lowercase).collect();
    if wanted.is_empty() && unwanted.is_empty() {
        return None;
    }
    let table = archive
        .channels
        .iter()
        .map(|c| {
            let name = c.name.to_lowercase();
            let app = c.app.to_lowercase();
            (wanted.is_empty() || wanted.iter().any(|w| in_channel(w, &app, &name)))
                && !unwanted.iter().any(|u| in_channel(u, &app, &name))
        })
        .collect();
    Some(table)
}

/// Whether `in:value` holds for a channel (all three lower-cased): its name
/// contains the value, its app is the value (`in:whatsapp`), or the value
/// is `APP/NAME` with the channel's app and a part of its name
/// (`in:slack/general`).
fn in_channel(value: &str, app: &str, name: &str) -> bool {
    name.contains(value)
        || app == value
        || value
            .split_once('/')
            .is_some_and(|(a, rest)| a.trim() == app && name.contains(rest.trim()))
}

/// `from:` names to a table of allowed speakers; see [`mark_speakers`].
fn resolve_speakers(query: &Query, archive: &Archive) -> Option<Vec<bool>> {
    let n = archive.speakers.len();
    let mut wanted = query.speakers().peekable();
    let mut unwanted = query.excluded_speakers().peekable();
    if wanted.peek().is_none() && unwanted.peek().is_none() {
        return None;
    }
    let mut table = if wanted.peek().is_none() {
        vec![true; n]
    } else {
        let mut table = vec![false; n];
        for name in wanted {
            mark_speakers(archive, name, &mut table, true);
        }
        table
    };
    for name in unwanted {
        mark_speakers(archive, name, &mut table, false);
    }
    Some(table)
}

/// Sets `table[id] = value` for the speakers `name` selects: those whose
/// name equals it (trimmed, case-insensitive) when there are any, otherwise
/// every speaker it fuzzy-matches. Names are taken as shown, so that
/// `(no name)` finds the speaker without a name.
fn mark_speakers(archive: &Archive, name: &str, table: &mut [bool], value: bool) {
    let name = name.trim();
    let mut exact = false;
    for (id, s) in archive.speakers.iter() {
        if speaker::names(name, &s.name) {
            table[id.index()] = value;
            exact = true;
        }
    }
    if exact {
        return;
    }
    let pattern = FuzzyPattern::new(name);
    for (id, s) in archive.speakers.iter() {
        if pattern.score(&speaker::label(&s.name)).is_some() {
            table[id.index()] = value;
        }
    }
}

/// Whether `text` holds an ignorable character: [`find_ignorable`] for
/// valid UTF-8, without its pattern (compiled at its first use, a few
/// milliseconds that a search spends before it can count).
fn has_ignorable(text: &str) -> bool {
    let b = text.as_bytes();
    // U+FEFF apart: its lead byte 0xEF is common in CJK punctuation.
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b)
        .any(|i| text[i..].chars().next().is_some_and(is_ignorable))
        || crate::text::find_feff(b, 0).is_some()
}

/// A compiled substring term: bytes for case-sensitive or caseless needles,
/// a case-insensitive regex of the escaped literal otherwise. Ignorable
/// characters in the term are left out (a term of nothing else keeps them).
enum Needle {
    Bytes(Box<memmem::Finder<'static>>),
    Folded(Regex),
}

impl Needle {
    fn new(text: &str) -> Self {
        // (Most terms hold none: the pattern strip_ignorable searches with
        // is compiled only when one does.)
        let stripped = has_ignorable(text)
            .then(|| strip_ignorable(text))
            .flatten()
            .filter(|s| !s.is_empty());
        let text = stripped.as_deref().unwrap_or(text);
        let has_case = text
            .chars()
            .any(|c| c.is_lowercase() || c.is_uppercase() || c.to_uppercase().ne(c.to_lowercase()));
        if !super::is_case_sensitive(text) && has_case {
            if let Ok(re) = RegexBuilder::new(&regex::escape(text))
                .case_insensitive(true)
                .build()
            {
                return Needle::Folded(re);
            }
            // Only a needle too long for the regex size limit gets here; it is
            // then searched for exactly.
        }
        Needle::Bytes(Box::new(memmem::Finder::new(text.as_bytes()).into_owned()))
    }

    fn is_in(&self, hay: &str) -> bool {
        match self {
            Needle::Bytes(f) => f.find(hay.as_bytes()).is_some(),
            Needle::Folded(re) => re.is_match(hay),
        }
    }

    /// The first occurrence starting at or after `pos` (a char boundary).
    fn find_at(&self, hay: &str, pos: usize) -> Option<Range<usize>> {
        match self {
            Needle::Bytes(f) => f
                .find(&hay.as_bytes()[pos..])
                .map(|i| pos + i..pos + i + f.needle().len()),
            Needle::Folded(re) => re.find_at(hay, pos).map(|m| m.range()),
        }
    }

    /// Calls `f` with every occurrence from `pos` on, overlapping ones too,
    /// until it returns `false`.
    fn each(&self, hay: &str, mut pos: usize, mut f: impl FnMut(Range<usize>) -> bool) {
        while pos < hay.len() {
            let Some(r) = self.find_at(hay, pos) else {
                break;
            };
            // The next search starts one character later, on a char boundary.
            pos = r.start + hay[r.start..].chars().next().map_or(1, char::len_utf8);
            if !f(r) {
                break;
            }
        }
    }

    /// Appends every occurrence, overlapping and adjacent ones merged as
    /// they come, at most `cap` ranges; when there are more, returns where
    /// the first one left out starts.
    fn occurrences(&self, hay: &str, out: &mut Vec<Range<usize>>, cap: usize) -> Option<usize> {
        let first = out.len();
        let mut cut = None;
        self.each(hay, 0, |r| {
            if let Some(last) = out[first..].last_mut() {
                if r.start <= last.end {
                    last.end = last.end.max(r.end);
                    return true;
                }
            }
            if out.len() - first == cap {
                cut = Some(r.start);
                return false;
            }
            out.push(r);
            true
        });
        cut
    }

    /// How many occurrences start at or after `from`.
    fn count_from(&self, hay: &str, from: usize) -> usize {
        let mut from = from.min(hay.len());
        while !hay.is_char_boundary(from) {
            from += 1;
        }
        let mut n = 0;
        self.each(hay, from, |_| {
            n += 1;
            true
        });
        n
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {

    #[test]
    fn has_ignorable_agrees_with_the_pattern() {
        for c in '\0'..='\u{10FFFF}' {
            for text in [c.to_string(), format!("二{c}维"), format!("a{c}")] {
                assert_eq!(
                    has_ignorable(&text),
                    crate::text::find_ignorable(text.as_bytes(), 0).is_some(),
                    "{c:?}"
                );
            }
        }
        assert!(!has_ignorable("二维码，“好”…"));
        assert!(has_ignorable("二维\u{feff}码"));
    }
    use std::path::PathBuf;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Channel, Range32, Span, Speakers, TimeOfDay};
    use crate::query::parse;

    /// One message to build: speaker, body, spans as (kind, byte range).
    type Spec<'s> = (&'s str, &'s str, &'s [(SpanKind, Range<usize>)]);
    /// One day to build: (year, month, day) and its messages.
    type DaySpec<'s> = ((i32, u32, u32), &'s [Spec<'s>]);

    struct Builder {
        archive: Archive,
    }

    impl Builder {
        fn new() -> Self {
            Self {
                archive: Archive {
                    speakers: Speakers::default(),
                    ..Archive::default()
                },
            }
        }

        /// Adds a WeChat channel with one day per `(date, messages)`.
        fn channel(self, name: &str, days: &[DaySpec<'_>]) -> Self {
            self.channel_of("WeChat", name, days)
        }

        /// Adds a channel of `app` with one day per `(date, messages)`.
        fn channel_of(mut self, app: &'static str, name: &str, days: &[DaySpec<'_>]) -> Self {
            let channel = self.archive.channels.len() as ChannelId;
            let first = self.archive.days.len();
            for &((y, m, d), messages) in days {
                let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                let mut day = Day {
                    date,
                    channel,
                    ..Day::default()
                };
                for (i, &(speaker, body, spans)) in messages.iter().enumerate() {
                    let id = self.archive.speakers.intern(speaker);
                    self.archive.speakers.record(id, date, 1);
                    let start = day.text.len();
                    day.text.push_str(body);
                    let span_start = day.spans.len();
                    for (kind, r) in spans {
                        let r = Range32::new(start + r.start, start + r.end);
                        day.spans.push(Span {
                            kind: *kind,
                            range: r,
                            target: r,
                        });
                    }
                    day.messages.push(Message::new(
                        TimeOfDay::from_hms(9, i as u32, 0).unwrap(),
                        id,
                        i as u32 + 1,
                        Range32::new(start, day.text.len()),
                        Range32::new(span_start, day.spans.len()),
                    ));
                }
                self.archive.days.push(day);
            }
            self.archive.channels.push(Channel {
                name: name.into(),
                app,
                parent: None,
                path: PathBuf::from(name),
                days: first..self.archive.days.len(),
            });
            self
        }
    }

    fn archive() -> Archive {
        use SpanKind::{Emoji, Image, Link, Mention};
        Builder::new()
            .channel(
                "读书会",
                &[
                    (
                        (2018, 1, 22),
                        &[
                            ("张三", "扫二维码进群，二维码在下面", &[]),
                            ("李四", "![二维码](http://x/qr.png)", &[(Image, 0..29)]),
                            ("Alice Wang", "Hello WORLD, hello world", &[]),
                            (
                                "张三",
                                "@李四 看这个 https://x.cn [强]",
                                &[(Mention, 0..7), (Link, 18..30), (Emoji, 31..36)],
                            ),
                        ],
                    ),
                    (
                        (2018, 2, 28),
                        &[("alice", "aaaa", &[]), ("王小明", "今天天气不错", &[])],
                    ),
                ],
            )
            .channel(
                "Work Group",
                &[
                    ((2018, 3, 1), &[("Bob", "deploy the QR code", &[])]),
                    ((2019, 1, 1), &[("张三", "新年快乐 二维码", &[])]),
                ],
            )
            .archive
    }

    /// The bodies of the messages `query` matches, in archive order.
    fn hits(archive: &Archive, query: &str) -> Vec<String> {
        let q = parse(query).unwrap();
        let m = Matcher::new(&q, archive);
        m.hits().map(|(d, msg)| d.body(msg).to_owned()).collect()
    }

    /// The highlighted texts of each matching message.
    fn marked(archive: &Archive, query: &str) -> Vec<Vec<String>> {
        let q = parse(query).unwrap();
        let m = Matcher::new(&q, archive);
        let mut out = vec![0..1];
        let mut all = Vec::new();
        for day in &archive.days {
            for msg in &day.messages {
                if m.highlights(day, msg, &mut out) {
                    assert!(m.matches(day, msg));
                    let body = day.body(msg);
                    all.push(out.iter().map(|r| body[r.clone()].to_owned()).collect());
                } else {
                    assert!(out.is_empty());
                    assert!(!m.matches(day, msg));
                }
            }
        }
        all
    }

    #[test]
    fn the_test_archive_is_consistent() {
        let a = archive();
        for day in &a.days {
            for msg in &day.messages {
                for s in day.spans(msg) {
                    assert!(msg.body.start <= s.range.start && s.range.end <= msg.body.end);
                    assert!(day.text.is_char_boundary(s.range.end as usize));
                }
            }
        }
        assert_eq!(a.message_count(), 8);
    }

    #[test]
    fn empty_query_matches_everything() {
        let a = archive();
        assert_eq!(hits(&a, "").len(), a.message_count());
    }

    #[test]
    fn chinese_term_finds_every_occurrence_with_byte_ranges() {
        let a = archive();
        let q = parse("二维码").unwrap();
        let m = Matcher::new(&q, &a);
        let day = &a.days[0];
        let mut out = Vec::new();
        assert!(m.highlights(day, &day.messages[0], &mut out));
        // 扫 is 3 bytes; 二维码 9; ，is 3; 进群 6.
        assert_eq!(out, [3..12, 21..30]);
        assert_eq!(&day.body(&day.messages[0])[21..30], "二维码");
        assert_eq!(
            hits(&a, "二维码"),
            [
                "扫二维码进群，二维码在下面",
                "![二维码](http://x/qr.png)",
                "新年快乐 二维码"
            ]
        );
    }

    #[test]
    fn smart_case_in_matching() {
        let a = archive();
        assert_eq!(
            marked(&a, "hello"),
            [vec!["Hello".to_owned(), "hello".to_owned()]]
        );
        assert_eq!(marked(&a, "Hello"), [vec!["Hello".to_owned()]]);
        assert_eq!(marked(&a, "WORLD"), [vec!["WORLD".to_owned()]]);
        assert_eq!(hits(&a, "qr").len(), 2);
        assert_eq!(hits(&a, "QR"), ["deploy the QR code"]);
    }

    #[test]
    fn overlapping_occurrences_merge() {
        let a = archive();
        let q = parse("aa").unwrap();
        let m = Matcher::new(&q, &a);
        let day = &a.days[1];
        let mut out = Vec::new();
        assert!(m.highlights(day, &day.messages[0], &mut out));
        assert_eq!(out, [0..4]);
        // Adjacent ranges of different terms merge too: ", " ends where "hello" starts.
        assert_eq!(
            marked(&a, "hello \", \""),
            [vec!["Hello".to_owned(), ", hello".to_owned()]]
        );
    }

    #[test]
    fn several_terms_are_anded_and_all_highlighted() {
        let a = archive();
        assert_eq!(
            marked(&a, "二维码 进群"),
            [vec!["二维码进群".to_owned(), "二维码".to_owned()]]
        );
        assert!(hits(&a, "二维码 不存在").is_empty());
    }

    #[test]
    fn exclusions() {
        let a = archive();
        assert_eq!(
            hits(&a, "二维码 -png -新年"),
            ["扫二维码进群，二维码在下面"]
        );
        assert_eq!(hits(&a, "-\"二维码\"").len(), 5);
        assert_eq!(hits(&a, "-HELLO").len(), 8);
        assert_eq!(hits(&a, "-hello").len(), 7);
    }

    #[test]
    fn from_exact_beats_fuzzy() {
        let a = archive();
        // "alice" is exactly a speaker, so "Alice Wang" is not included.
        assert_eq!(hits(&a, "from:alice"), ["aaaa"]);
        assert_eq!(hits(&a, "from:ALICE"), ["aaaa"]);
        // "alicew" is nobody's exact name: fuzzy.
        assert_eq!(hits(&a, "from:alicew"), ["Hello WORLD, hello world"]);
        assert_eq!(hits(&a, "from:ali").len(), 2);
        assert_eq!(
            hits(&a, "from:\"Alice Wang\""),
            ["Hello WORLD, hello world"]
        );
        // Several from: are ORed.
        assert_eq!(hits(&a, "from:张三 from:Bob").len(), 4);
        // A CJK name matches fuzzily on its characters.
        assert_eq!(hits(&a, "from:王明"), ["今天天气不错"]);
        assert!(hits(&a, "from:nobody").is_empty());
    }

    #[test]
    fn from_exclusions() {
        let a = archive();
        assert_eq!(hits(&a, "-from:张三").len(), 5);
        assert_eq!(
            hits(&a, "二维码 -from:张三"),
            ["![二维码](http://x/qr.png)"]
        );
        assert_eq!(
            hits(&a, "from:ali -from:alice"),
            ["Hello WORLD, hello world"]
        );
    }

    #[test]
    fn in_channel() {
        let a = archive();
        assert_eq!(hits(&a, "二维码 in:work"), ["新年快乐 二维码"]);
        assert_eq!(hits(&a, "in:读书 in:WORK").len(), 8);
        assert_eq!(hits(&a, "-in:读书").len(), 2);
        assert!(hits(&a, "in:nowhere").is_empty());
        let q = parse("in:work").unwrap();
        let m = Matcher::new(&q, &a);
        assert!(!m.matches_day(&a.days[0]));
        assert!(m.matches_day(&a.days[2]));
        assert!(m.matches_channel(1) && !m.matches_channel(0));
    }

    #[test]
    fn in_app_and_app_slash_channel() {
        let a = Builder::new()
            .channel(
                "Family",
                &[((2020, 1, 1), &[("Ann", "hi from wechat", &[])])],
            )
            .channel_of(
                "WhatsApp",
                "Family",
                &[((2020, 1, 2), &[("Ann", "hi from whatsapp", &[])])],
            )
            .channel_of(
                "WhatsApp",
                "Work",
                &[((2020, 1, 3), &[("Bob", "whatsapp work", &[])])],
            )
            .channel_of(
                "Slack",
                "alpha/general",
                &[((2020, 1, 4), &[("Cy", "slack general", &[])])],
            )
            .archive;
        // An app's name, in any case, takes all its channels.
        assert_eq!(
            hits(&a, "in:whatsapp"),
            ["hi from whatsapp", "whatsapp work"]
        );
        assert_eq!(hits(&a, "in:WHATSAPP").len(), 2);
        // A channel's name takes that channel in every app.
        assert_eq!(
            hits(&a, r#"in:"family""#),
            ["hi from wechat", "hi from whatsapp"]
        );
        // APP/NAME: that app's channels whose name contains NAME.
        assert_eq!(hits(&a, "in:whatsapp/fam"), ["hi from whatsapp"]);
        assert_eq!(hits(&a, "in:slack/gen"), ["slack general"]);
        // A name that holds a slash is still found whole.
        assert_eq!(hits(&a, "in:alpha/general"), ["slack general"]);
        // Part of an app's name is not the app.
        assert!(hits(&a, "in:whats").is_empty());
        assert!(hits(&a, "in:wechat/work").is_empty());
        assert_eq!(hits(&a, "-in:whatsapp -in:slack"), ["hi from wechat"]);
        assert_eq!(hits(&a, "in:slack in:wechat").len(), 2);
    }

    #[test]
    fn dates() {
        let a = archive();
        assert_eq!(hits(&a, "on:2018-02").len(), 2);
        assert_eq!(hits(&a, "on:2018-01-22 on:2019").len(), 5);
        assert_eq!(
            hits(&a, "after:2018-02"),
            ["deploy the QR code", "新年快乐 二维码"]
        );
        assert_eq!(hits(&a, "after:2018").len(), 1);
        assert_eq!(hits(&a, "before:2018-02-28").len(), 4);
        let q = parse("on:2018-03").unwrap();
        let m = Matcher::new(&q, &a);
        let days: Vec<bool> = a.days.iter().map(|d| m.matches_day(d)).collect();
        assert_eq!(days, [false, false, true, false]);
    }

    #[test]
    fn has_kinds_are_anded() {
        let a = archive();
        assert_eq!(hits(&a, "has:image"), ["![二维码](http://x/qr.png)"]);
        assert_eq!(hits(&a, "has:link has:mention has:emoji").len(), 1);
        assert!(hits(&a, "has:link has:image").is_empty());
        assert_eq!(hits(&a, "-has:image -has:link").len(), 6);
        assert_eq!(hits(&a, "二维码 -has:image").len(), 2);
    }

    #[test]
    fn has_link_counts_only_links_that_lead_somewhere() {
        use SpanKind::Link;
        let a = Builder::new()
            .channel(
                "c",
                &[(
                    (2019, 1, 1),
                    &[
                        ("a", "wxid_abc:", &[(Link, 0..9)]),
                        ("a", "<sysmsg>", &[(Link, 0..8)]),
                        ("a", "https://x.cn/a", &[(Link, 0..14)]),
                        ("a", "mailto:a@b.cn", &[(Link, 0..13)]),
                    ],
                )],
            )
            .archive;
        assert_eq!(hits(&a, "has:link"), ["https://x.cn/a", "mailto:a@b.cn"]);
        assert_eq!(hits(&a, "-has:link"), ["wxid_abc:", "<sysmsg>"]);
    }

    #[test]
    fn fuzzy_terms_highlight_whole_characters() {
        let a = archive();
        let q = parse("~二码").unwrap();
        let m = Matcher::new(&q, &a);
        let mut out = Vec::new();
        let mut found = 0;
        for day in &a.days {
            for msg in &day.messages {
                if m.highlights(day, msg, &mut out) {
                    found += 1;
                    let body = day.body(msg);
                    assert!(!out.is_empty());
                    for r in &out {
                        assert!(body.is_char_boundary(r.start) && body.is_char_boundary(r.end));
                        assert!(
                            ["二", "码"].contains(&&body[r.clone()]),
                            "{:?}",
                            &body[r.clone()]
                        );
                    }
                }
            }
        }
        assert_eq!(found, 3);
        assert_eq!(
            marked(&a, "~dqc"),
            [vec!["d".to_owned(), "Q".to_owned(), "c".to_owned()]]
        );
        assert_eq!(hits(&a, "~DQc"), Vec::<String>::new());
        assert_eq!(hits(&a, "~二码 -~png").len(), 2);
    }

    #[test]
    fn matcher_is_sync() {
        fn sync<T: Sync + Send>() {}
        sync::<Matcher<'static>>();
    }

    #[test]
    fn terms_look_through_zero_width_characters_inside_words() {
        let a = Builder::new()
            .channel(
                "c",
                &[(
                    (2018, 1, 1),
                    &[
                        ("a", "扫二\u{200b}维码 now", &[]),
                        ("b", "pay\u{200d}\u{feff}ment and payment", &[]),
                        ("c", "plain 二维码", &[]),
                        ("d", "nothing here", &[]),
                        ("e", "Pay\u{ad}Ment", &[]),
                    ],
                )],
            )
            .archive;
        assert_eq!(hits(&a, "二维码"), ["扫二\u{200b}维码 now", "plain 二维码"]);
        assert_eq!(hits(&a, "-二维码").len(), 3);
        // Highlights cover the bytes from the first to the last character.
        assert_eq!(
            marked(&a, "payment"),
            [
                vec!["pay\u{200d}\u{feff}ment".to_owned(), "payment".to_owned()],
                vec!["Pay\u{ad}Ment".to_owned()]
            ]
        );
        assert_eq!(marked(&a, "二维码")[0], ["二\u{200b}维码"]);
        // Smart case still holds; a term with zero-width characters in it
        // finds the word without them too.
        assert_eq!(hits(&a, "PayMent"), ["Pay\u{ad}Ment"]);
        assert_eq!(hits(&a, "二\u{200b}维码").len(), 2);
        // A term of nothing but a zero-width character finds it.
        assert_eq!(hits(&a, "\u{200b}"), ["扫二\u{200b}维码 now"]);
    }

    #[test]
    fn highlights_are_capped_per_term_and_the_rest_counted() {
        let spaced = "x ".repeat(MAX_HIGHLIGHTS + 250);
        let solid = "x".repeat(100_000);
        let a = Builder::new()
            .channel(
                "c",
                &[((2018, 1, 1), &[("a", &spaced, &[]), ("b", &solid, &[])])],
            )
            .archive;
        let q = parse("x").unwrap();
        let m = Matcher::new(&q, &a);
        let day = &a.days[0];
        let mut out = Vec::new();
        let Marked::Partial { from } = m.mark(day, &day.messages[0], &mut out) else {
            panic!("not capped");
        };
        assert_eq!(out.len(), MAX_HIGHLIGHTS);
        assert_eq!(from, 2 * MAX_HIGHLIGHTS);
        assert!(out.iter().all(|r| r.end <= from));
        assert_eq!(m.count_from(day, &day.messages[0], from), 250);
        // Adjacent occurrences merge as they come: one range.
        assert_eq!(m.mark(day, &day.messages[1], &mut out), Marked::All);
        assert_eq!(out, [0..100_000]);
        // Two terms: marked exactly up to where the first capped one stops.
        let q = parse("x \" \"").unwrap();
        let m = Matcher::new(&q, &a);
        let Marked::Partial { from } = m.mark(day, &day.messages[0], &mut out) else {
            panic!("not capped");
        };
        assert!(out.iter().all(|r| r.start < from));
        assert_eq!(out, [0..from]);
    }

    #[test]
    fn merge_sorts_and_joins() {
        let mut r = vec![5..6, 0..2, 1..3, 3..4, 8..9];
        merge(&mut r);
        assert_eq!(r, [0..4, 5..6, 8..9]);
    }
}

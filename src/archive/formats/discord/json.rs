//! The JSON export: the root object walked key by key, each message read
//! by serde on its own (see [`scan`](super::scan)) and written into the
//! builder as soon as it is read, so that no tree of the file is built.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde_json::error::Category;

use super::markdown::{self, Names};
use super::raw::{self, Found, kind_name};
use super::scan::{Scanner, Stop, find_id, unescape};
use super::{Cap, ChannelInfo, attachment_kind, dates, local_path, message_kind, system_text};
use crate::archive::formats::{Builder, ChatId, Loc, MessageBuilder, Parsed};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, TimeOfDay, Zone};

/// Reads a JSON export (`text` is the whole file) into `b`.
pub(super) fn parse(text: &str, zone: Zone, b: Builder<'_>) -> Parsed {
    let mut p = JsonParser {
        text,
        lines: Lines { pos: 0, line: 1 },
        b,
        zone,
        chat: None,
        guild_name: None,
        channel: None,
        file: FileState::default(),
        last_date: None,
        read: 0,
    };
    p.root();
    p.finish()
}

/// The line of a byte offset, counted on from the offset asked before.
#[derive(Debug)]
struct Lines {
    pos: usize,
    line: u32,
}

impl Lines {
    fn at(&mut self, text: &str, pos: usize) -> u32 {
        let pos = pos.min(text.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[self.pos..pos]).count();
        self.line = self.line.saturating_add(newlines as u32);
        self.pos = pos;
        self.line
    }
}

/// What one file has taught so far.
#[derive(Debug, Default)]
struct FileState {
    /// Every user seen (authors and mentioned users): id → the name shown.
    users: HashMap<String, String>,
    /// Every role seen on an author: id → name.
    roles: HashMap<String, String>,
    /// Message ids read, with a hash of what the message says and its line.
    seen: HashMap<u64, (u64, u32)>,
    /// Messages given twice (same id, time, author and text), dropped.
    dropped: Cap,
    /// Different messages under one id, both kept.
    reused: Cap,
    /// Messages serde could not read.
    unreadable: Cap,
    /// Messages with fields of the wrong type.
    wrong: Cap,
    /// Messages with control characters written raw inside strings.
    raw_controls: Cap,
    /// Messages whose timestamp is not a date.
    bad_time: Cap,
    /// Times without an offset, shown as written: how many, and the first.
    naive: usize,
    first_naive: Option<(String, u32)>,
}

struct JsonParser<'t, 'c> {
    text: &'t str,
    lines: Lines,
    b: Builder<'c>,
    zone: Zone,
    chat: Option<ChatId>,
    guild_name: Option<String>,
    channel: Option<ChannelInfo>,
    file: FileState,
    /// The date of the last message placed, for one whose time is unreadable.
    last_date: Option<NaiveDate>,
    /// Messages read (kept or not).
    read: usize,
}

fn loc(line: u32, id: &str) -> Loc<'_> {
    if id.is_empty() {
        Loc::Line(line)
    } else {
        Loc::Id { line, id }
    }
}

/// The `what` of a message in diagnostics: `message 123` or `the message`.
fn describe(id: &str) -> String {
    if id.is_empty() {
        "the message".to_owned()
    } else {
        format!("message {}", crate::text::sanitize_line(id))
    }
}

/// `serde_json`'s message without its ` at line L column C`.
fn reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

impl<'t> JsonParser<'t, '_> {
    fn line(&mut self, pos: usize) -> u32 {
        self.lines.at(self.text, pos)
    }

    fn diag_at(&mut self, pos: usize, severity: Severity, msg: impl AsRef<str>) {
        let line = self.line(pos);
        self.b.diag(Loc::Line(line), severity, msg);
    }

    /// Reports why the walk stopped inside `what`.
    fn stopped(&mut self, stop: Stop, what: &str) {
        let read = match self.read {
            0 => String::new(),
            1 => "; the message before it is read".to_owned(),
            n => format!("; the {n} messages before it are read"),
        };
        match stop {
            Stop::Eof => self.diag_at(
                // The last line that has something on it.
                self.text.trim_end().len(),
                Severity::Warning,
                format!("the file ends in the middle of {what} (cut short?){read}"),
            ),
            Stop::Unexpected(at) => {
                let found = self.text[at..].chars().next().unwrap_or(' ');
                self.diag_at(
                    at,
                    Severity::Warning,
                    format!(
                        "invalid JSON: {} in {what}; the rest of the file is not read{read}",
                        crate::text::sanitize_line(&format!("{found:?}"))
                    ),
                );
            }
        }
    }

    /// One small value (`guild`, `channel`) read by serde; `None` when it
    /// could not be (said, and skipped), or the walk must stop (`Err`).
    fn small<T: serde::Deserialize<'t>>(
        &mut self,
        sc: &mut Scanner<'t>,
        what: &str,
    ) -> Result<Option<T>, ()> {
        let text: &'t str = self.text;
        let start = sc.pos;
        let mut it = serde_json::Deserializer::from_str(&text[start..]).into_iter::<T>();
        match it.next() {
            Some(Ok(v)) => {
                sc.pos = start + it.byte_offset();
                Ok(Some(v))
            }
            Some(Err(e)) => {
                if let Err(stop) = sc.skip_value() {
                    self.stopped(stop, &format!("`{what}`"));
                    return Err(());
                }
                self.diag_at(
                    start,
                    Severity::Warning,
                    format!("`{what}` could not be read: {}", reason(&e)),
                );
                Ok(None)
            }
            None => {
                self.stopped(Stop::Eof, &format!("`{what}`"));
                Err(())
            }
        }
    }

    /// The root object. `DiscordChatExporter` writes `guild` and `channel`
    /// before `messages`; a file with them after is read all the same
    /// (its messages are walked again once the chat is known).
    fn root(&mut self) {
        let text: &'t str = self.text;
        let mut sc = Scanner::new(text);
        if !sc.eat(b'{') {
            let at = sc.pos;
            self.diag_at(
                at,
                Severity::Error,
                "not a DiscordChatExporter JSON export: the file is not a JSON object",
            );
            return;
        }
        let mut later: Option<usize> = None;
        let mut first = true;
        let mut complete = false;
        loop {
            if sc.eat(b'}') {
                complete = true;
                break;
            }
            if !first && !sc.eat(b',') {
                let stop = sc.peek().map_or(Stop::Eof, |_| Stop::Unexpected(sc.pos));
                self.stopped(stop, "the export's root object");
                break;
            }
            first = false;
            if sc.eat(b'}') {
                complete = true;
                break; // a trailing comma
            }
            let key = match sc.raw_string() {
                Ok(k) => unescape(k).unwrap_or(Cow::Borrowed("")),
                Err(stop) => {
                    self.stopped(stop, "the export's root object");
                    break;
                }
            };
            if !sc.eat(b':') {
                let stop = sc.peek().map_or(Stop::Eof, |_| Stop::Unexpected(sc.pos));
                self.stopped(stop, "the export's root object");
                break;
            }
            let _ = sc.peek();
            let outcome = match key.as_ref() {
                "guild" => self.small::<raw::Guild<'t>>(&mut sc, "guild").map(|g| {
                    self.guild_name =
                        Some(g.map_or_else(String::new, |g| g.name.value.into_owned()));
                }),
                "channel" => self.small::<raw::Channel<'t>>(&mut sc, "channel").map(|c| {
                    let c = c.unwrap_or_default();
                    self.channel = Some(ChannelInfo {
                        id: c.id.value.into_owned(),
                        kind: c.kind.value.into_owned(),
                        name: c.name.value.into_owned(),
                        category: c.category.value.into_owned(),
                        category_id: c.category_id.value.into_owned(),
                    });
                }),
                "messages" if self.channel.is_some() => self.messages(&mut sc),
                "messages" => {
                    later = Some(sc.pos);
                    sc.skip_value().map_err(|stop| {
                        later = None;
                        self.stopped(stop, "the messages");
                    })
                }
                other => sc.skip_value().map_err(|stop| {
                    let what = format!("`{}`", crate::text::sanitize_line(other));
                    self.stopped(stop, &what);
                }),
            };
            if outcome.is_err() {
                break;
            }
        }
        if self.channel.is_none() {
            self.diag_at(
                0,
                Severity::Error,
                "not a DiscordChatExporter JSON export: the root object has no `channel`",
            );
            return;
        }
        if let Some(at) = later {
            let mut sc = Scanner::new(text);
            sc.pos = at;
            let _ = self.messages(&mut sc);
        }
        if complete && sc.peek().is_some() {
            self.diag_at(
                sc.pos,
                Severity::Warning,
                "text after the end of the export's root object, not read",
            );
        }
        self.chat();
    }

    /// The chat of this file, added on first use.
    fn chat(&mut self) -> ChatId {
        if let Some(c) = self.chat {
            return c;
        }
        let info = self.channel.as_ref().expect("the channel is known");
        let guild = self.guild_name.as_deref().unwrap_or("");
        let name = info.chat_name(guild);
        let path = self.b.context().path.display().to_string();
        let key = info.key(&path);
        let parent = info.parent();
        let id = self.b.chat_with(&key, Some(&name), parent.as_deref());
        self.chat = Some(id);
        id
    }

    /// The `messages` list, item by item. `Err` when the walk must stop.
    fn messages(&mut self, sc: &mut Scanner<'t>) -> Result<(), ()> {
        let text: &'t str = self.text;
        let chat = self.chat();
        match sc.peek() {
            Some(b'[') => sc.pos += 1,
            Some(b'n') => {
                return sc
                    .skip_value()
                    .map_err(|stop| self.stopped(stop, "the messages"));
            }
            Some(_) => {
                let at = sc.pos;
                self.diag_at(
                    at,
                    Severity::Warning,
                    "`messages` is not a list; no message is read",
                );
                return sc
                    .skip_value()
                    .map_err(|stop| self.stopped(stop, "the messages"));
            }
            None => {
                self.stopped(Stop::Eof, "the messages");
                return Err(());
            }
        }
        let mut first = true;
        loop {
            match sc.peek() {
                None => {
                    self.stopped(Stop::Eof, "the messages");
                    return Err(());
                }
                Some(b']') => {
                    sc.pos += 1;
                    return Ok(());
                }
                Some(_) if !first => {
                    if !sc.eat(b',') {
                        self.stopped(Stop::Unexpected(sc.pos), "the messages");
                        return Err(());
                    }
                    match sc.peek() {
                        Some(b']') => continue, // a trailing comma
                        None => {
                            self.stopped(Stop::Eof, "the messages");
                            return Err(());
                        }
                        Some(_) => {}
                    }
                }
                Some(_) => {}
            }
            first = false;
            let start = sc.pos;
            let line = self.line(start);
            if text.as_bytes()[start] != b'{' {
                // serde would read a list as a struct's fields in order.
                if let Err(stop) = sc.skip_value() {
                    self.stopped(stop, "the messages");
                    return Err(());
                }
                self.read += 1;
                if self.file.unreadable.note(line, "") {
                    self.b.diag(
                        Loc::Line(line),
                        Severity::Warning,
                        "not a message object; skipped",
                    );
                }
                continue;
            }
            let mut it =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<raw::Message<'t>>();
            match it.next() {
                Some(Ok(m)) => {
                    sc.pos = start + it.byte_offset();
                    self.read += 1;
                    self.message(chat, &m, line);
                }
                Some(Err(e)) => {
                    let id = find_id(&text.as_bytes()[start..]).unwrap_or("");
                    let what = describe(id);
                    if e.classify() == Category::Eof || sc.skip_value().is_err() {
                        self.stopped(Stop::Eof, &what);
                        return Err(());
                    }
                    self.read += 1;
                    // Control characters written raw inside strings are not
                    // JSON, but their meaning is plain: read them as escaped.
                    if e.to_string().starts_with("control character") {
                        let fixed = escape_controls(&text[start..sc.pos]);
                        if let Ok(m) = serde_json::from_str::<raw::Message<'_>>(&fixed) {
                            if self.file.raw_controls.note(line, id) {
                                self.b.diag(
                                    loc(line, id),
                                    Severity::Warning,
                                    "control characters written raw inside a string (not JSON): read as if escaped",
                                );
                            }
                            self.message(chat, &m, line);
                            continue;
                        }
                    }
                    let err_line = line.saturating_add(e.line().saturating_sub(1) as u32);
                    if self.file.unreadable.note(err_line, id) {
                        self.b.diag(
                            loc(err_line, id),
                            Severity::Warning,
                            format!("{}: skipped", reason(&e)),
                        );
                    }
                }
                None => {
                    self.stopped(Stop::Eof, "the messages");
                    return Err(());
                }
            }
        }
    }

    /// Writes one message into the builder.
    fn message(&mut self, chat: ChatId, m: &raw::Message<'_>, line: u32) {
        let id = m.id.as_str();
        self.report_wrong_types(m, line);
        if !id.is_empty() && self.repeated(m, line) {
            return;
        }
        // When it was.
        let stamp = dates::iso(m.timestamp.as_str());
        let (date, time) = if let Some(at) = stamp.and_then(|s| s.local(self.zone)) {
            if let Some(dates::Stamp::Naive(..)) = stamp {
                self.file.naive += 1;
                if self.file.first_naive.is_none() {
                    self.file.first_naive = Some((id.to_owned(), line));
                }
            }
            at
        } else {
            let what = format!(
                "`timestamp` {:?} is not a date and time",
                crate::text::sanitize_line(&truncate(m.timestamp.as_str(), 40))
            );
            let said = self.file.bad_time.note(line, id);
            let Some(d) = self.last_date else {
                if said {
                    self.b
                        .diag(loc(line, id), Severity::Warning, format!("{what}; skipped"));
                }
                return;
            };
            if said {
                self.b.diag(
                    loc(line, id),
                    Severity::Warning,
                    format!("{what}; shown at ??:??:?? after the message before it"),
                );
            }
            (d, TimeOfDay::UNKNOWN)
        };
        self.last_date = Some(date);
        // Who.
        let author = m.author.value.as_ref();
        let name = author.map_or("", raw::User::shown);
        if let Some(a) = author {
            self.learn_user(a);
        }
        for u in &m.mentions.items {
            self.learn_user(u);
        }
        let speaker = self.b.speaker(name, loc(line, id));
        let kind = message_kind(m.kind.as_str());
        let names = FileNames {
            users: &self.file.users,
            roles: &self.file.roles,
            mentions: &m.mentions.items,
            channel: self.channel.as_ref().expect("the channel is known"),
            zone: self.zone,
        };
        let mut mb = self.b.message(chat, date, time, speaker, loc(line, id));
        mb.kind(kind);
        if kind == MessageKind::System {
            let content = m.content.as_str();
            if content.trim().is_empty() {
                mb.text(&system_text(m.kind.as_str(), m));
            } else {
                mb.text(content);
            }
        } else {
            markdown::append(&mut mb, m.content.as_str(), &names);
        }
        if !id.is_empty() {
            mb.id(id);
        }
        let reference = m.reference.value.as_ref();
        let forward = reference.is_some_and(|r| r.kind.as_str() == "Forward");
        if let Some(f) = m.forwarded_message.value.as_ref() {
            if !mb.body().is_empty() && !f.content.is_empty() {
                mb.text("\n");
            }
            markdown::append(&mut mb, f.content.as_str(), &names);
            files(&mut mb, &f.attachments.items);
            embeds(&mut mb, &f.embeds.items);
            stickers(&mut mb, &f.stickers.items);
            mb.forwarded_from(None);
        } else if forward {
            mb.forwarded_from(None);
        }
        if let Some(r) = reference {
            let here = r.channel_id.is_empty() || r.channel_id.as_str() == names.channel.id;
            if !forward
                && kind != MessageKind::System
                && !r.message_id.is_empty()
                && (here || m.kind.as_str() == "Reply")
            {
                mb.reply_to(r.message_id.as_str());
            }
        }
        files(&mut mb, &m.attachments.items);
        embeds(&mut mb, &m.embeds.items);
        stickers(&mut mb, &m.stickers.items);
        for r in &m.reactions.items {
            let Some(e) = r.emoji.value.as_ref() else {
                continue;
            };
            let name = e.name.as_str();
            if name.is_empty() {
                continue;
            }
            let count = u32::try_from(r.count.value).unwrap_or(u32::MAX).max(1);
            if e.id.is_empty() {
                mb.reaction(name, count);
            } else {
                mb.reaction(&format!(":{name}:"), count);
            }
        }
        if !m.timestamp_edited.is_empty() {
            mb.flag(Flags::EDITED);
        }
        if m.is_pinned.value {
            mb.flag(Flags::PINNED);
        }
    }

    fn learn_user(&mut self, u: &raw::User<'_>) {
        let id = u.id.as_str();
        if !id.is_empty() && !self.file.users.contains_key(id) {
            let shown = u.shown();
            if !shown.is_empty() {
                self.file.users.insert(id.to_owned(), shown.to_owned());
            }
        }
        for r in &u.roles.items {
            let (rid, rname) = (r.id.as_str(), r.name.as_str());
            if !rid.is_empty() && !rname.is_empty() && !self.file.roles.contains_key(rid) {
                self.file.roles.insert(rid.to_owned(), rname.to_owned());
            }
        }
    }

    /// Whether this message's id was read before in this file: the same
    /// message again is dropped (`true`); another message under the same
    /// id is kept. Both are said once per file.
    fn repeated(&mut self, m: &raw::Message<'_>, line: u32) -> bool {
        let id = m.id.as_str();
        let key = id.parse::<u64>().unwrap_or_else(|_| hash(&[id.as_bytes()]));
        let author = m.author.value.as_ref();
        let sig = hash(&[
            m.timestamp.as_str().as_bytes(),
            author.map_or(&b""[..], |a| a.id.as_str().as_bytes()),
            author.map_or(&b""[..], |a| a.name.as_str().as_bytes()),
            m.content.as_str().as_bytes(),
        ]);
        match self.file.seen.entry(key) {
            Entry::Vacant(v) => {
                v.insert((sig, line));
                false
            }
            Entry::Occupied(o) => {
                let (first_sig, first_line) = *o.get();
                if first_sig == sig {
                    self.file.dropped.note_with(line, id, first_line);
                    true
                } else {
                    self.file.reused.note_with(line, id, first_line);
                    false
                }
            }
        }
    }

    /// Says which fields of a message had a value of the wrong type.
    fn report_wrong_types(&mut self, m: &raw::Message<'_>, line: u32) {
        let mut wrong: Vec<(&str, Found)> = Vec::new();
        let mut items: Vec<(&str, usize)> = Vec::new();
        let mut text = |name: &'static str, t: &raw::Text<'_>| {
            if let Some(f) = t.wrong {
                wrong.push((name, f));
            }
        };
        text("id", &m.id);
        text("type", &m.kind);
        text("timestamp", &m.timestamp);
        text("timestampEdited", &m.timestamp_edited);
        text("content", &m.content);
        let mut other = |name: &'static str, f: Option<Found>| {
            if let Some(f) = f {
                wrong.push((name, f));
            }
        };
        other("isPinned", m.is_pinned.wrong);
        other("author", m.author.wrong);
        other("attachments", m.attachments.wrong);
        other("embeds", m.embeds.wrong);
        other("stickers", m.stickers.wrong);
        other("reactions", m.reactions.wrong);
        other("mentions", m.mentions.wrong);
        other("reference", m.reference.wrong);
        other("forwardedMessage", m.forwarded_message.wrong);
        for (name, n) in [
            ("attachments", m.attachments.wrong_items),
            ("embeds", m.embeds.wrong_items),
            ("stickers", m.stickers.wrong_items),
            ("reactions", m.reactions.wrong_items),
            ("mentions", m.mentions.wrong_items),
        ] {
            if n > 0 {
                items.push((name, n));
            }
        }
        if let Some(a) = &m.author.value {
            for (name, t) in [("author.name", &a.name), ("author.nickname", &a.nickname)] {
                if let Some(f) = t.wrong {
                    wrong.push((name, f));
                }
            }
        }
        if wrong.is_empty() && items.is_empty() {
            return;
        }
        let id = m.id.as_str();
        if self.file.wrong.note(line, id) {
            let list: Vec<String> = wrong
                .iter()
                .map(|(name, f)| format!("`{name}` is {}", kind_name(*f)))
                .chain(items.iter().map(|(name, n)| {
                    let what = if *n == 1 {
                        "item that is"
                    } else {
                        "items that are"
                    };
                    format!("`{name}` has {n} {what} not an object")
                }))
                .collect();
            self.b.diag(
                loc(line, id),
                Severity::Warning,
                format!("{}: ignored", list.join(", ")),
            );
        }
    }

    fn finish(mut self) -> Parsed {
        let file = std::mem::take(&mut self.file);
        let b = &mut self.b;
        file.dropped.once(b, |n, first, earlier| {
            format!(
                "{n} {} the same as one read before under the same id ({first}, first read at line {earlier}): kept once",
                if n == 1 { "message is" } else { "messages are" },
            )
        });
        file.reused.once(b, |n, first, earlier| {
            format!(
                "{n} {} an id already used by a different message ({first}, first used at line {earlier}): both kept",
                if n == 1 { "message has" } else { "messages have" },
            )
        });
        file.unreadable
            .more(b, "could not be read and were skipped");
        file.wrong.more(b, "had fields of the wrong type, ignored");
        file.raw_controls
            .more(b, "had control characters written raw inside strings");
        file.bad_time.more(b, "had a timestamp that is not a date");
        if let Some((id, line)) = &file.first_naive {
            let n = file.naive;
            b.diag(
                loc(*line, id),
                Severity::Note,
                format!(
                    "{n} {} no offset: shown as written, not in the reader's zone",
                    if n == 1 {
                        "timestamp has"
                    } else {
                        "timestamps have"
                    }
                ),
            );
        }
        self.b.finish()
    }
}

/// The names raw references in a message's content resolve to.
struct FileNames<'x> {
    users: &'x HashMap<String, String>,
    roles: &'x HashMap<String, String>,
    mentions: &'x [raw::User<'x>],
    channel: &'x ChannelInfo,
    zone: Zone,
}

impl Names for FileNames<'_> {
    fn user(&self, id: &str) -> Option<Cow<'_, str>> {
        self.mentions
            .iter()
            .find(|u| u.id.as_str() == id && !u.shown().is_empty())
            .map(|u| Cow::Borrowed(u.shown()))
            .or_else(|| self.users.get(id).map(|n| Cow::Borrowed(n.as_str())))
    }

    fn channel(&self, id: &str) -> Option<Cow<'_, str>> {
        let c = self.channel;
        if id == c.id && !c.name.is_empty() {
            Some(Cow::Borrowed(&c.name))
        } else if id == c.category_id && c.is_thread() && !c.category.is_empty() {
            Some(Cow::Borrowed(&c.category))
        } else {
            None
        }
    }

    fn role(&self, id: &str) -> Option<Cow<'_, str>> {
        self.roles.get(id).map(|n| Cow::Borrowed(n.as_str()))
    }

    fn zone(&self) -> Zone {
        self.zone
    }
}

/// A message's JSON with the control characters inside its strings
/// escaped (`\u001b`), as they should have been written.
fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if (c as u32) < 0x20 {
                out.push_str(&format!("\\u{:04x}", c as u32));
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

fn hash(parts: &[&[u8]]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

fn files(mb: &mut MessageBuilder<'_, '_>, files: &[raw::File<'_>]) {
    for f in files {
        let url = f.url.as_str();
        let name = f.file_name.as_str();
        if url.is_empty() && name.is_empty() {
            continue;
        }
        let size = (f.file_size_bytes.value > 0).then_some(f.file_size_bytes.value);
        let kind = attachment_kind(if name.is_empty() { url } else { name });
        mb.attachment(kind, name, &local_path(url), size);
    }
}

fn embeds(mb: &mut MessageBuilder<'_, '_>, embeds: &[raw::Embed<'_>]) {
    for e in embeds {
        let url = e.url.as_str().trim();
        let title = [
            e.title.as_str(),
            e.author.value.as_ref().map_or("", |a| a.name.as_str()),
            e.description.as_str(),
        ]
        .into_iter()
        .map(|t| {
            t.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
        })
        .find(|t| !t.is_empty())
        .unwrap_or("");
        if url.is_empty() && title.is_empty() {
            continue;
        }
        mb.attachment(
            AttachmentKind::LinkCard,
            &truncate(title, 300),
            &local_path(url),
            None,
        );
    }
}

fn stickers(mb: &mut MessageBuilder<'_, '_>, stickers: &[raw::Sticker<'_>]) {
    for s in stickers {
        let url = s.source_url.as_str();
        if url.is_empty() && s.name.is_empty() {
            continue;
        }
        mb.attachment(
            AttachmentKind::Sticker,
            s.name.as_str(),
            &local_path(url),
            None,
        );
    }
}

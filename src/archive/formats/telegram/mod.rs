//! Telegram Desktop's JSON export (`result.json`).
//!
//! Two layouts: a single chat ("Export chat history": the root object is
//! the chat, `{"name", "type", "id", "messages": […]}`) and the whole
//! account ("Export Telegram data": chats under `chats.list` and
//! `left_chats.list`, beside contacts, sessions and the like, which are
//! skipped). Every chat is a channel.
//!
//! The file is read by a streaming, tolerant reader ([`json`]) straight
//! into the shared builder: no JSON tree is ever held, so a gigabyte export
//! costs its text and the model. Message text is `text_entities` when
//! present, else `text` (a string, or an array of strings and entity
//! objects): links, mentions, bold, italic, strike and code become spans
//! and styles. Service messages (`"type": "service"`) become system
//! messages whose text says what the actor did ([`service`]). Replies keep
//! the parent's id (ids are kept only for messages some reply or pin points
//! at, found by a first pass over the bytes), forwards say from whom,
//! photos, files, stickers, voice and video messages, contacts, locations
//! and polls become attachments, reactions and edits are kept.
//!
//! Times: `date_unixtime` (a string of seconds since the epoch) in the
//! reader's zone; old exports with only `date` (the exporter's local time,
//! no zone) as written. Invalid `\xHH` escapes (Telegram writes control
//! characters so) are read and reported once per file; a field of the
//! wrong type, a message that is not JSON and a file cut short are reported
//! with the message's id or line, and the rest loads.

mod json;
mod message;
mod parallel;
mod service;
mod stream;

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::NaiveDate;

use super::builder::{Builder, ChatId, Loc};
use super::{Confidence, Format, ParseContext, Parsed, Probe};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, Style, TimeOfDay, Zone};
use json::{ErrorKind, Kind, Reader};
use message::{Entity, Msg, MsgReader, Name, Piece};

/// The Telegram format behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Telegram;

/// The app label of Telegram channels.
pub const APP: &str = "Telegram";

/// The name Telegram shows for a deleted account (`"from": null`).
pub const DELETED: &str = "Deleted Account";

/// After this many problems with fields or messages in one file, the rest
/// are summed up in one more diagnostic.
const MAX_REPORTS: usize = 20;

/// Chat types of a single-chat export's root.
const CHAT_TYPES: &[&str] = &[
    "personal_chat",
    "bot_chat",
    "saved_messages",
    "replies",
    "verification_codes",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
];

#[derive(Debug, Clone, Copy)]
pub struct Telegram;

impl Format for Telegram {
    fn name(&self) -> &'static str {
        "telegram"
    }

    fn app(&self) -> &'static str {
        APP
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        if !probe.has_ext("json") || probe.head.is_empty() {
            return None;
        }
        detect_head(probe.text())
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse(bytes, ctx)
    }

    fn parse_file(&self, path: &std::path::Path, ctx: &ParseContext<'_>) -> Option<Parsed> {
        parse_file(path, ctx)
    }
}

/// What the first bytes of a JSON file say: sure of a root with a chat
/// `type` or the account's `personal_information`; fairly sure of a root
/// whose `messages` (or `chats.list`) hold Telegram-shaped messages.
fn detect_head(head: &str) -> Option<Confidence> {
    let mut r = Reader::new(head);
    r.start();
    r.object().ok()?;
    let mut first = true;
    let mut chat_type = false;
    let mut named = false;
    // Keys of the root, until the head ends.
    while let Ok(Some(key)) = r.key(&mut first) {
        match key.as_ref() {
            "type" => {
                let t = r.string().ok()?;
                chat_type = CHAT_TYPES.contains(&t.as_ref());
                if !chat_type {
                    return None;
                }
            }
            "name" | "id" => {
                named = true;
                r.skip().ok()?;
            }
            "personal_information" | "left_chats" => return Some(Confidence::Certain),
            "messages" => {
                return if chat_type {
                    Some(Confidence::Certain)
                } else if first_message_is_telegram(&mut r) {
                    Some(Confidence::Content)
                } else {
                    None
                };
            }
            "chats" => {
                if r.object().is_err() {
                    return None;
                }
                let mut f = true;
                while let Ok(Some(k)) = r.key(&mut f) {
                    if k == "list" {
                        if r.array().is_err() {
                            return None;
                        }
                        let mut g = true;
                        if !matches!(r.item(&mut g), Ok(true)) || r.object().is_err() {
                            return None;
                        }
                        let mut h = true;
                        while let Ok(Some(k)) = r.key(&mut h) {
                            if k == "messages" {
                                return first_message_is_telegram(&mut r)
                                    .then_some(Confidence::Content);
                            }
                            if k == "type" {
                                let t = r.string().ok()?;
                                if CHAT_TYPES.contains(&t.as_ref()) {
                                    return Some(Confidence::Content);
                                }
                                continue;
                            }
                            r.skip().ok()?;
                        }
                        return None;
                    }
                    r.skip().ok()?;
                }
                return None;
            }
            // Other apps' roots (Discord, Messenger, Element, Mattermost).
            "guild" | "channel" | "participants" | "room_name" | "messageCount" => return None,
            _ => {
                r.skip().ok()?;
            }
        }
    }
    (chat_type && named).then_some(Confidence::Content)
}

/// Whether the first item of the `messages` array the reader is at looks
/// like a Telegram message: `type` of `message` or `service`, and a `date`
/// or `date_unixtime`.
fn first_message_is_telegram(r: &mut Reader<'_>) -> bool {
    if r.array().is_err() {
        return false;
    }
    let mut first = true;
    if !matches!(r.item(&mut first), Ok(true)) || r.object().is_err() {
        return false;
    }
    let mut f = true;
    let (mut typed, mut dated) = (false, false);
    while let Ok(Some(k)) = r.key(&mut f) {
        match k.as_ref() {
            "type" => match r.string() {
                Ok(t) if matches!(t.as_ref(), "message" | "service" | "unsupported") => {
                    typed = true;
                }
                _ => return false,
            },
            "date" | "date_unixtime" => {
                dated = true;
                if r.skip().is_err() {
                    break;
                }
            }
            "sender_name" | "timestamp_ms" | "author" if !typed => return false,
            _ => {
                if r.skip().is_err() {
                    break;
                }
            }
        }
        if typed && dated {
            return true;
        }
    }
    typed && dated
}

/// What is known of the chat being read.
#[derive(Debug, Default)]
struct ChatInfo {
    /// Its position in the file (0 for a single chat).
    index: usize,
    name: Option<String>,
    kind: Option<String>,
    id: Option<String>,
    chat: Option<ChatId>,
    /// Whether the chat was created before its name was known.
    named_late: bool,
}

/// Parses a whole export. See the module documentation.
pub fn parse(bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    parse_with(bytes, ctx, Some(parallel::batch_parts()))
}

/// [`parse`] of the file at `path`, read part by part from the file
/// ([`stream`]), or `None` when it is better read whole (small, laid out
/// otherwise, damaged, or changed while read).
pub fn parse_file(path: &std::path::Path, ctx: &ParseContext<'_>) -> Option<Parsed> {
    parse_file_from(path, ctx, stream::MIN_FILE_BYTES)
}

/// [`parse_file`] of a file of at least `min_bytes`.
fn parse_file_from(
    path: &std::path::Path,
    ctx: &ParseContext<'_>,
    min_bytes: usize,
) -> Option<Parsed> {
    let (mut plan, text) = stream::Plan::new(path, min_bytes)?;
    let wanted = std::mem::take(&mut plan.wanted);
    let mut p = Parser::new(&text, ctx, wanted);
    p.stream = Some((plan, 0));
    p.run();
    // Every big array read from the file, and the file as it was.
    match p.stream.take() {
        Some((plan, done)) if done == plan.arrays.len() && plan.unchanged() => Some(p.finish()),
        _ => None,
    }
}

/// [`parse`], reading big `messages` arrays in parallel parts, `batch` parts
/// at a time, or (`None`) in one go.
fn parse_with(bytes: &[u8], ctx: &ParseContext<'_>, batch: Option<usize>) -> Parsed {
    let mut diags = Vec::new();
    // The check of the text (on one thread: a `&str` is only made whole)
    // runs beside the search for the ids replies point at (on the others).
    let (valid, wanted) = rayon::join(
        || simdutf8::basic::from_utf8(bytes).ok(),
        || wanted_ids(bytes),
    );
    // Telegram writes UTF-8; anything else is a damaged file, read lossily.
    let text = if let Some(s) = valid {
        Cow::Borrowed(s)
    } else {
        {
            let good = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..good]).count() as u32;
            let text = String::from_utf8_lossy(bytes);
            let bad = text.matches('\u{fffd}').count();
            diags.push(crate::model::Diagnostic::new(
                ctx.path,
                line,
                Severity::Warning,
                format!(
                    "invalid UTF-8 at byte {good} ({bad} invalid {}, shown as U+FFFD)",
                    if bad == 1 { "sequence" } else { "sequences" }
                ),
            ));
            Cow::Owned(text.into_owned())
        }
    };
    let mut p = Parser::new(&text, ctx, wanted);
    p.batch = batch;
    p.run();
    let mut parsed = p.finish();
    diags.append(&mut parsed.diagnostics);
    parsed.diagnostics = diags;
    parsed
}

/// Seconds since the epoch to local dates and times, with the zone's
/// offset cached per quarter of an hour (checked at both ends of it).
struct Clock {
    zone: Zone,
    bucket: i64,
    offset: Option<i64>,
}

impl Clock {
    const BUCKET: i64 = 900;

    fn local(&mut self, t: i64) -> Option<(NaiveDate, TimeOfDay)> {
        let bucket = t.div_euclid(Self::BUCKET);
        if bucket != self.bucket {
            self.bucket = bucket;
            let start = bucket.checked_mul(Self::BUCKET)?;
            let a = self.zone.offset_seconds(start);
            let b = self.zone.offset_seconds(start + Self::BUCKET - 1);
            self.offset = (a == b).then_some(i64::from(a));
        }
        let Some(offset) = self.offset else {
            return self.zone.local(t);
        };
        let local = t.checked_add(offset)?;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400) as u32;
        let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(days + 719_163).ok()?)?;
        Some((
            date,
            TimeOfDay::from_hms(secs / 3600, secs / 60 % 60, secs % 60)?,
        ))
    }
}

/// `2019-07-12T16:55:32` (the exporter's local time) as written.
fn naive(s: &str) -> Option<(NaiveDate, TimeOfDay)> {
    let b = s.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(b.get(r)?).ok()?.parse().ok()
    };
    let date = NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)?;
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    Some((
        date,
        TimeOfDay::from_hms(n(11..13)?, n(14..16)?, n(17..19)?)?,
    ))
}

/// The reader of one file.
struct Parser<'a, 'c> {
    r: Reader<'a>,
    b: Builder<'c>,
    ctx: ParseContext<'c>,
    text: &'a str,
    clock: Clock,
    msg: Msg<'a>,
    reader: MsgReader,
    /// Ids some reply or pin points at (only those messages keep theirs).
    wanted: HashSet<i64>,
    chats: usize,
    /// Names learnt after their chat was made: (chat, name).
    late_names: Vec<(ChatId, String)>,
    /// Problems reported, and those past the cap (count, first line).
    reported: usize,
    unreported: (usize, u32),
    /// Messages whose sender was `null`: count, first line and id.
    deleted: (usize, u32, String),
    /// The date of the message before, for one without a readable date.
    last_date: Option<NaiveDate>,
    /// Messages read.
    messages: usize,
    /// How many parts of a big `messages` array are read on all cores at a
    /// time; `None`: such arrays are read in one go.
    batch: Option<usize>,
    /// The speaker of the message before (often the same).
    last_name: String,
    last_speaker: Option<crate::model::SpeakerId>,
    /// The big arrays to read from the file, not from `text` (where their
    /// items are left out), and how many were read.
    stream: Option<(stream::Plan, usize)>,
}

impl<'a, 'c> Parser<'a, 'c> {
    fn new(text: &'a str, ctx: &ParseContext<'c>, wanted: HashSet<i64>) -> Self {
        Parser {
            r: Reader::new(text),
            b: Builder::new(FORMAT, ctx),
            ctx: *ctx,
            text,
            clock: Clock {
                zone: ctx.zone,
                bucket: i64::MIN,
                offset: None,
            },
            msg: Msg::default(),
            reader: MsgReader::default(),
            wanted,
            chats: 0,
            late_names: Vec::new(),
            reported: 0,
            unreported: (0, 0),
            deleted: (0, 0, String::new()),
            last_date: None,
            messages: 0,
            batch: Some(parallel::batch_parts()),
            last_name: String::new(),
            last_speaker: None,
            stream: None,
        }
    }

    /// Reports a problem at `line` (of message `id`, when known), or counts
    /// it past the cap.
    fn problem(&mut self, line: u32, id: Option<&str>, severity: Severity, what: &str) {
        if self.reported >= MAX_REPORTS && severity != Severity::Error {
            if self.unreported.0 == 0 {
                self.unreported.1 = line;
            }
            self.unreported.0 += 1;
            return;
        }
        self.reported += 1;
        let at = match id {
            Some(id) => Loc::Id { line, id },
            None => Loc::Line(line),
        };
        self.b.diag(at, severity, what);
    }

    fn run(&mut self) {
        self.r.start();
        match self.r.peek() {
            Kind::Object => {}
            Kind::End => {
                self.problem(
                    1,
                    None,
                    Severity::Error,
                    "empty file: not a Telegram export",
                );
                return;
            }
            k => {
                let what = format!(
                    "not a Telegram export: the file holds {}, not a JSON object",
                    k.name()
                );
                self.problem(self.r.line(), None, Severity::Error, &what);
                return;
            }
        }
        let outcome = self.root();
        match outcome {
            Ok(true) => {
                if !self.r.at_end() {
                    let line = self.r.line();
                    self.problem(
                        line,
                        None,
                        Severity::Warning,
                        "text after the end of the export's JSON, ignored",
                    );
                }
            }
            Ok(false) => {
                self.problem(
                    1,
                    None,
                    Severity::Error,
                    "not a Telegram export: no `messages` and no `chats` in it",
                );
            }
            Err(e) => self.fatal(&e),
        }
    }

    /// An error that ends the reading of the file.
    fn fatal(&mut self, e: &json::Error) {
        let severity = if self.messages > 0 {
            Severity::Warning
        } else {
            Severity::Error
        };
        let loaded = counted(self.messages, "message");
        let what = match e.kind {
            ErrorKind::Eof => format!(
                "the file is cut short (it ends in the middle of a value); the {loaded} before were loaded"
            ),
            ErrorKind::Unexpected { .. } => {
                format!("{e}; reading stopped here, the {loaded} before were loaded")
            }
        };
        self.problem(e.line, None, severity, &what);
    }

    /// The root object: a single chat, or the account's data. Returns
    /// whether it held any chat.
    fn root(&mut self) -> json::Result<bool> {
        self.r.object()?;
        let mut first = true;
        let mut info = ChatInfo::default();
        let mut any = false;
        while let Some(key) = self.r.key(&mut first)? {
            match key.as_ref() {
                "messages" => {
                    any = true;
                    self.chats += 1;
                    self.messages_of(&mut info)?;
                }
                "name" | "type" | "id" => self.chat_field(&mut info, &key)?,
                "chats" | "left_chats" => {
                    any = true;
                    self.section(&key)?;
                }
                _ => {
                    self.r.skip()?;
                }
            }
        }
        if info.chat.is_some() {
            self.close_chat(&info);
        }
        Ok(any)
    }

    /// `name`, `type` or `id` of a chat.
    fn chat_field(&mut self, info: &mut ChatInfo, key: &str) -> json::Result<()> {
        let value = self.reader.scalar(&mut self.r, key)?;
        let wrong = std::mem::take(&mut self.reader.wrong);
        self.report_wrong(None, &wrong);
        let value = value.map(Cow::into_owned);
        match key {
            "name" => {
                if info.chat.is_some() && value.is_some() {
                    info.named_late = true;
                }
                info.name = value;
            }
            "type" => info.kind = value,
            _ => info.id = value,
        }
        Ok(())
    }

    /// `chats` or `left_chats`: `{"about": …, "list": [chat…]}`.
    fn section(&mut self, key: &str) -> json::Result<()> {
        match self.r.peek() {
            Kind::Object => {}
            Kind::Array => return self.chat_list(),
            k => {
                let what = format!(
                    "`{key}` holds {}, not an object with a list of chats; skipped",
                    k.name()
                );
                let line = self.r.line();
                self.r.skip()?;
                self.problem(line, None, Severity::Warning, &what);
                return Ok(());
            }
        }
        self.r.object()?;
        let mut first = true;
        while let Some(k) = self.r.key(&mut first)? {
            if k == "list" {
                if self.r.peek() == Kind::Array {
                    self.chat_list()?;
                } else {
                    let kind = self.r.peek();
                    let line = self.r.line();
                    self.r.skip()?;
                    let what = format!(
                        "`{key}.list` holds {}, not an array of chats; skipped",
                        kind.name()
                    );
                    self.problem(line, None, Severity::Warning, &what);
                }
            } else {
                self.r.skip()?;
            }
        }
        Ok(())
    }

    fn chat_list(&mut self) -> json::Result<()> {
        self.r.array()?;
        let mut first = true;
        while self.r.item(&mut first)? {
            let depth = self.r.depth();
            if self.r.peek() != Kind::Object {
                let kind = self.r.peek();
                let line = self.r.line();
                self.r.skip()?;
                let what = format!(
                    "a chat of the list is {}, not an object; skipped",
                    kind.name()
                );
                self.problem(line, None, Severity::Warning, &what);
                continue;
            }
            if let Err(e) = self.chat() {
                if e.kind == ErrorKind::Eof {
                    return Err(e);
                }
                let what = format!("{e}; skipped to the end of this chat");
                self.problem(e.line, None, Severity::Warning, &what);
                self.r.recover(depth)?;
            }
        }
        Ok(())
    }

    /// One chat object of a list.
    fn chat(&mut self) -> json::Result<()> {
        self.chats += 1;
        let mut info = ChatInfo {
            index: self.chats,
            ..ChatInfo::default()
        };
        self.r.object()?;
        let mut first = true;
        let mut result = Ok(());
        while let Some(key) = self.r.key(&mut first)? {
            match key.as_ref() {
                "name" | "type" | "id" => self.chat_field(&mut info, &key)?,
                "messages" => {
                    result = self.messages_of(&mut info);
                    if result.is_err() {
                        break;
                    }
                }
                _ => {
                    self.r.skip()?;
                }
            }
        }
        // A chat without messages is still a channel.
        self.chat_of(&mut info);
        self.close_chat(&info);
        result
    }

    /// The builder's chat for `info`, made when first needed.
    fn chat_of(&mut self, info: &mut ChatInfo) -> ChatId {
        if let Some(c) = info.chat {
            return c;
        }
        let key = format!("{}#{}", self.ctx.path.display(), info.index);
        let name = self.chat_name(info);
        let c = self.b.chat(&key, Some(&name));
        info.chat = Some(c);
        c
    }

    /// A chat's name: its `name`, else what its type says, else its id,
    /// else the export's file (or folder, for `result.json`).
    fn chat_name(&self, info: &ChatInfo) -> String {
        if let Some(n) = info.name.as_deref().filter(|n| !n.trim().is_empty()) {
            return n.to_owned();
        }
        match info.kind.as_deref() {
            Some("saved_messages") => return "Saved Messages".to_owned(),
            Some("replies") => return "Replies".to_owned(),
            Some("verification_codes") => return "Verification Codes".to_owned(),
            _ => {}
        }
        if let Some(id) = &info.id {
            if info.index > 0 {
                return format!("chat {id}");
            }
        }
        let stem = self
            .ctx
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = self.ctx.folder_name();
        let base = if stem == "result" && !folder.is_empty() {
            folder.into_owned()
        } else {
            stem
        };
        if info.index > 0 {
            format!("{base} #{}", info.index)
        } else {
            base
        }
    }

    fn close_chat(&mut self, info: &ChatInfo) {
        if let (Some(c), true) = (info.chat, info.named_late) {
            let name = self.chat_name(info);
            self.late_names.push((c, name));
        }
    }

    /// The `messages` array of a chat: big arrays in parallel parts
    /// ([`parallel`]), the rest here.
    fn messages_of(&mut self, info: &mut ChatInfo) -> json::Result<()> {
        if self.r.peek() != Kind::Array {
            let kind = self.r.peek();
            let line = self.r.line();
            self.r.skip()?;
            let what = format!("`messages` holds {}, not an array; skipped", kind.name());
            self.problem(line, None, Severity::Warning, &what);
            return Ok(());
        }
        self.r.array()?;
        let mut first = true;
        if let Some(array) = self.streamed_array() {
            self.messages_streamed(info, array)?;
        }
        let split = self
            .batch
            .and_then(|b| Some((b, parallel::split(self.text, self.r.mark())?)));
        if let Some((batch, split)) = split {
            first = self.messages_in_parts(info, &split, batch);
        }
        while self.r.item(&mut first)? {
            let mut msg = std::mem::take(&mut self.msg);
            let item = read_item(&mut self.r, &mut self.reader, &mut msg);
            let mut wrong = std::mem::take(&mut self.reader.wrong);
            let result = match item {
                Ok(item) => {
                    self.handle(info, &msg, &wrong, item);
                    Ok(())
                }
                Err(e) => {
                    self.report_wrong(msg.id.as_deref(), &wrong);
                    Err(e)
                }
            };
            wrong.clear();
            self.reader.wrong = wrong;
            self.msg = msg;
            result?;
        }
        Ok(())
    }

    /// Reads the parts of a big `messages` array on all cores, a batch
    /// ahead of putting their messages into the builder in order, then
    /// leaves the reader at the array's `]`. When a part was not cut
    /// between two items (a raw line break inside a string fooled the
    /// split), the reader is left after the last item read whole, to go on
    /// in one pass; returns whether it is at an item's start (`first` for
    /// [`Reader::item`]).
    fn messages_in_parts(
        &mut self,
        info: &mut ChatInfo,
        split: &parallel::Split,
        batch: usize,
    ) -> bool {
        let text = self.text;
        let batches: Vec<&[std::ops::Range<usize>]> = split.parts.chunks(batch).collect();
        let read = |parts: &[std::ops::Range<usize>]| -> Vec<(usize, parallel::Part<'a>)> {
            use rayon::prelude::*;
            parts
                .par_iter()
                .map(|r| (r.start, parallel::read_part(text, r.clone())))
                .collect()
        };
        let mut line = split.first_line;
        let mut stop: Option<(usize, u32, bool)> = None;
        let mut ready = batches.first().map(|b| read(b)).unwrap_or_default();
        for next in batches.iter().skip(1) {
            let (stopped, parts) = rayon::join(
                || self.handle_parts(info, std::mem::take(&mut ready), &mut line),
                || read(next),
            );
            ready = parts;
            stop = stopped;
            if stop.is_some() {
                break;
            }
        }
        if stop.is_none() {
            stop = self.handle_parts(info, ready, &mut line);
        }
        if let Some((pos, at, first)) = stop {
            self.r.jump(pos, at);
            first
        } else {
            self.r.jump(split.close, line);
            true
        }
    }

    /// The big array to read from the file next, when the reader has
    /// just passed its `[` (only spaces and line breaks lie between that
    /// and where its items were left out of the text).
    fn streamed_array(&self) -> Option<stream::Array> {
        let (plan, done) = self.stream.as_ref()?;
        let array = *plan.arrays.get(*done)?;
        let at = self.r.mark().pos;
        let between = self.text.as_bytes().get(at..array.at)?;
        (!between.is_empty() && between.iter().all(|&c| c == b'\n' || c == b' ')).then_some(array)
    }

    /// Reads the items of a big array from the file ([`stream`]), putting
    /// their messages into the builder in order, then leaves the reader
    /// at the array's `]` (the text has no items to read). Gives up (the
    /// array is not counted as read, and reading stops) when a part was
    /// not cut between two items or could not be read: the file is then
    /// read whole.
    fn messages_streamed(&mut self, info: &mut ChatInfo, array: stream::Array) -> json::Result<()> {
        let mut line = self.r.line() + 1;
        let Some((plan, read)) = self.stream.take() else {
            return Ok(());
        };
        let done = plan.for_each_part(array, |part| match self.handle_part(info, part, line) {
            Ok(next) => {
                line = next;
                true
            }
            Err(_) => false,
        });
        self.stream = Some((plan, read + usize::from(done)));
        if done {
            self.r.jump(array.close, line);
            Ok(())
        } else {
            // Stop reading: the result is thrown away.
            Err(json::Error {
                line,
                kind: ErrorKind::Eof,
            })
        }
    }

    /// Puts the messages of parts into the builder in order (see
    /// [`Parser::handle_part`]); stops at a part whose cut was wrong and
    /// says where to go on: an offset, a line, whether at an item's start.
    fn handle_parts(
        &mut self,
        info: &mut ChatInfo,
        parts: Vec<(usize, parallel::Part<'a>)>,
        line: &mut u32,
    ) -> Option<(usize, u32, bool)> {
        for (start, part) in parts {
            match self.handle_part(info, part, *line) {
                Ok(next) => *line = next,
                Err((pos, at, after_item)) => return Some((start + pos, at, !after_item)),
            }
        }
        None
    }

    /// Puts the messages of one part into the builder, its lines counted
    /// from `line`; returns the line the next part starts on, or where to
    /// go on in one pass (offset in the part, line, whether after an item).
    fn handle_part(
        &mut self,
        info: &mut ChatInfo,
        part: parallel::Part<'_>,
        line: u32,
    ) -> Result<u32, (usize, u32, bool)> {
        let shift = line.saturating_sub(1);
        let r = &mut self.r;
        if part.hex_escapes.0 > 0 {
            if r.hex_escapes == 0 {
                r.first_hex_escape = part.hex_escapes.1 + shift;
            }
            r.hex_escapes += part.hex_escapes.0;
        }
        if part.bad_escapes.0 > 0 {
            if r.bad_escapes == 0 {
                r.first_bad_escape = part.bad_escapes.1 + shift;
            }
            r.bad_escapes += part.bad_escapes.0;
        }
        for mut ev in part.events {
            ev.msg.line += shift;
            for w in &mut ev.wrong {
                w.line += shift;
            }
            let item = match ev.item {
                Item::NotObject { line, kind, nested } => Item::NotObject {
                    line: line + shift,
                    kind,
                    nested,
                },
                Item::Broken { line, error } => Item::Broken {
                    line: line + shift,
                    error,
                },
                Item::Message => Item::Message,
            };
            self.handle(info, &ev.msg, &ev.wrong, item);
        }
        match part.resume {
            Some(at) => Err((at.pos, at.line + shift, at.after_item)),
            // The part's lines, and the one between it and the next.
            None => Ok(line + part.newlines + 1),
        }
    }

    /// Reports what reading one item gave, and puts a message into the builder.
    fn handle(
        &mut self,
        info: &mut ChatInfo,
        msg: &Msg<'_>,
        wrong: &[message::WrongType],
        item: Item,
    ) {
        self.report_wrong(msg.id.as_deref(), wrong);
        match item {
            Item::Message => {
                let chat = self.chat_of(info);
                self.emit(chat, msg);
            }
            Item::NotObject { line, kind, nested } => {
                let deep = if nested > 8 {
                    format!(" nested {nested} levels deep")
                } else {
                    String::new()
                };
                let what = format!("a message is {}{deep}, not an object; skipped", kind.name());
                self.problem(line, None, Severity::Warning, &what);
            }
            Item::Broken { line, error } => {
                let what = format!("{error}; the message was skipped");
                self.problem(line, msg.id.as_deref(), Severity::Warning, &what);
            }
        }
    }

    /// Reports the fields of the wrong type of a message.
    fn report_wrong(&mut self, id: Option<&str>, wrong: &[message::WrongType]) {
        for w in wrong {
            let deep = if w.depth > 8 {
                format!(", nested {} levels deep", w.depth)
            } else {
                String::new()
            };
            let is = if w.item { "holds" } else { "is" };
            let what = format!(
                "`{}` {is} {}{deep}, where {} was expected; ignored",
                w.key, w.found, w.expected
            );
            self.problem(w.line, id, Severity::Warning, &what);
        }
    }

    /// Puts one message into the builder.
    fn emit(&mut self, chat: ChatId, m: &Msg<'_>) {
        self.messages += 1;
        let id = m.id.as_deref();
        let line = m.line;
        let when = match (m.unixtime, m.date.as_deref()) {
            (Some(t), _) => self.clock.local(t).or_else(|| {
                self.problem(
                    line,
                    id,
                    Severity::Warning,
                    "`date_unixtime` is out of range",
                );
                None
            }),
            (None, Some(d)) => naive(d).or_else(|| {
                let what = format!(
                    "`date` {:?} is not a date and time",
                    crate::text::sanitize_line(d)
                );
                self.problem(line, id, Severity::Warning, &what);
                None
            }),
            (None, None) => None,
        };
        let (date, time) = if let Some(w) = when {
            w
        } else if let Some(d) = self.last_date {
            if m.unixtime.is_none() && m.date.is_none() {
                self.problem(
                    line,
                    id,
                    Severity::Warning,
                    "no `date` or `date_unixtime`; shown after the message before it, time unknown",
                );
            }
            (d, TimeOfDay::UNKNOWN)
        } else {
            self.problem(
                line,
                id,
                Severity::Warning,
                "no readable date, and no message before it to go by; skipped",
            );
            return;
        };
        self.last_date = Some(date);
        let kind = m.kind.as_deref().unwrap_or("message");
        let service = kind == "service";
        let name: Cow<'_, str> = {
            let field = if service { &m.actor } else { &m.from };
            match field {
                Name::Given(n) => Cow::Borrowed(n.as_ref()),
                Name::Null => {
                    if self.deleted.0 == 0 {
                        self.deleted = (0, line, id.unwrap_or("").to_owned());
                    }
                    self.deleted.0 += 1;
                    Cow::Borrowed(DELETED)
                }
                Name::Absent => match (&m.author, service) {
                    (Some(a), false) => Cow::Borrowed(a.as_ref()),
                    _ => Cow::Owned(String::new()),
                },
            }
        };
        let at = match id {
            Some(id) => Loc::Id { line, id },
            None => Loc::Line(line),
        };
        let speaker = match self.last_speaker {
            Some(id) if self.last_name == name => id,
            _ => {
                let id = self.b.speaker(&name, at);
                self.last_name.clear();
                self.last_name.push_str(&name);
                self.last_speaker = Some(id);
                id
            }
        };
        let keep_id = id.is_some_and(|i| json::integer(i).is_none_or(|n| self.wanted.contains(&n)));
        let mut b = self.b.message(chat, date, time, speaker, at);
        if keep_id {
            b.id(id.unwrap_or(""));
        }
        match kind {
            "service" => {
                b.kind(MessageKind::System);
                let mut text = service::describe(m.action.as_deref().unwrap_or(""), &m.service);
                let extra: String = m.pieces.iter().map(|p| p.text.as_ref()).collect();
                if !extra.trim().is_empty() {
                    text.push_str(": ");
                    text.push_str(&extra);
                }
                b.text(&text);
                if m.action.as_deref() == Some("pin_message") {
                    if let Some(pinned) = m.service.get("message_id") {
                        b.reply_to(pinned);
                    }
                }
            }
            "unsupported" => {
                b.kind(MessageKind::System);
                b.text("a message the exporting app could not save");
            }
            _ => {
                pieces(&mut b, &m.pieces);
                if let Some((question, answers)) = m.media.as_ref().and_then(|x| x.poll.as_ref()) {
                    poll(&mut b, question, answers);
                }
            }
        }
        if let Some(r) = m.reply_to.as_deref() {
            match m.reply_peer.as_deref() {
                // The parent is in another chat: never found here.
                Some(peer) => b.reply_to(&format!("{r} of chat {peer}")),
                None => b.reply_to(r),
            };
        }
        match (&m.forwarded_from, &m.saved_from) {
            (Name::Given(n), _) | (Name::Absent, Name::Given(n)) => {
                b.forwarded_from(Some(n));
            }
            (Name::Null, _) | (Name::Absent, Name::Null) => {
                b.forwarded_from(None);
            }
            (Name::Absent, Name::Absent) => {}
        }
        if m.edited {
            b.flag(Flags::EDITED);
        }
        if let Some(media) = &m.media {
            attachments(&mut b, media);
        }
        for (emoji, count) in &m.reactions {
            b.reaction(emoji, *count);
        }
    }

    fn finish(mut self) -> Parsed {
        let r = &self.r;
        let (hex, hex_line, bad, bad_line) = (
            r.hex_escapes,
            r.first_hex_escape,
            r.bad_escapes,
            r.first_bad_escape,
        );
        if hex > 0 {
            let what = format!(
                "{} (not JSON, but what Telegram writes for control characters): read as those characters",
                counted(hex, "`\\xHH` escape")
            );
            self.b.diag(Loc::Line(hex_line), Severity::Note, what);
        }
        if bad > 0 {
            let what = format!(
                "{} that JSON does not know, kept as written",
                counted(bad, "escape")
            );
            self.b.diag(Loc::Line(bad_line), Severity::Warning, what);
        }
        if self.unreported.0 > 0 {
            let what = format!(
                "{} more {} from here on (fields of the wrong type, messages skipped)",
                self.unreported.0,
                if self.unreported.0 == 1 {
                    "problem"
                } else {
                    "problems"
                }
            );
            self.b
                .diag(Loc::Line(self.unreported.1), Severity::Warning, what);
        }
        if self.deleted.0 > 0 {
            let (n, line, id) = std::mem::take(&mut self.deleted);
            let what = if n == 1 {
                format!(
                    "a message from a deleted account (`from` is null), shown as from \"{DELETED}\""
                )
            } else {
                format!(
                    "{n} messages from deleted accounts (`from` is null; this is the first), shown as from \"{DELETED}\""
                )
            };
            let at = if id.is_empty() {
                Loc::Line(line)
            } else {
                Loc::Id { line, id: &id }
            };
            self.b.diag(at, Severity::Note, what);
        }
        let _ = self.text;
        let mut parsed = self.b.finish();
        for (c, name) in self.late_names {
            if let Some(chat) = parsed.chats.get_mut(c.0 as usize) {
                chat.name = Some(crate::text::sanitize_line(&name).into_owned());
            }
        }
        parsed
    }
}

/// What reading one item of a `messages` array gave.
#[derive(Debug)]
enum Item {
    /// A message, read into the caller's [`Msg`].
    Message,
    /// Not an object: skipped.
    NotObject { line: u32, kind: Kind, nested: u32 },
    /// Not valid JSON inside the message: skipped to its end.
    Broken { line: u32, error: String },
}

/// Reads the item the reader is at (after [`Reader::item`] said there is
/// one) into `msg`, leaving its fields of the wrong type in `mr.wrong`.
/// Fails only when the text ends inside it.
fn read_item<'a>(r: &mut Reader<'a>, mr: &mut MsgReader, msg: &mut Msg<'a>) -> json::Result<Item> {
    let depth = r.depth();
    if r.peek() != Kind::Object {
        let kind = r.peek();
        let line = r.line();
        let nested = r.skip()?;
        msg.clear();
        return Ok(Item::NotObject { line, kind, nested });
    }
    match mr.read(r, msg) {
        Ok(()) => Ok(Item::Message),
        Err(e) if e.kind == ErrorKind::Eof => Err(e),
        Err(e) => {
            let item = Item::Broken {
                line: e.line,
                error: e.to_string(),
            };
            r.recover(depth)?;
            Ok(item)
        }
    }
}

/// `1 message`, `3 messages`.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The ids that replies (`reply_to_message_id`) and pins (`message_id`)
/// point at, found by a quick pass over the file's bytes (on all cores: a
/// key found in a slice may run into the next one). The keys and digits
/// are ASCII, which reading invalid UTF-8 lossily leaves as they are, so
/// the bytes give the ids the text gives.
fn wanted_ids(b: &[u8]) -> HashSet<i64> {
    use rayon::prelude::*;
    const SLICE: usize = 8 << 20;
    (0..b.len().div_ceil(SLICE))
        .into_par_iter()
        .map(|i| {
            let start = i * SLICE;
            let mut ids = HashSet::new();
            ids_in(&b[start..], SLICE.min(b.len() - start), &mut ids);
            ids
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        })
}

/// Adds to `ids` the id after each key of [`wanted_ids`] that starts in
/// `b[..own]` (the bytes after `own` are only read for a key that runs
/// into them, and for the digits after a key: 48 bytes are enough).
fn ids_in(b: &[u8], own: usize, ids: &mut HashSet<i64>) {
    // The end of both keys.
    const KEY: &[u8] = b"message_id\"";
    let finder = memchr::memmem::Finder::new(KEY);
    let hay = &b[..(own + KEY.len() - 1).min(b.len())];
    for at in finder.find_iter(hay) {
        let rest = &b[at + KEY.len()..];
        let digits: Vec<u8> = rest
            .iter()
            .copied()
            .take(48)
            .skip_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"'))
            .take_while(|c| c.is_ascii_digit() || *c == b'-')
            .take(20)
            .collect();
        if let Some(n) = std::str::from_utf8(&digits).ok().and_then(json::integer) {
            ids.insert(n);
        }
    }
}

/// Writes text pieces into the body: links and mentions as spans, styles.
fn pieces(b: &mut super::MessageBuilder<'_, '_>, pieces: &[Piece<'_>]) {
    for p in pieces {
        let t = p.text.as_ref();
        if t.is_empty() {
            continue;
        }
        match p.entity {
            Entity::Plain | Entity::Other => {
                b.text(t);
            }
            Entity::Bold => {
                b.styled(Style::Bold, t);
            }
            Entity::Italic => {
                b.styled(Style::Italic, t);
            }
            Entity::Strike => {
                b.styled(Style::Strike, t);
            }
            Entity::Code => {
                b.styled(Style::Code, t);
            }
            Entity::Link => {
                let url = if t.contains("://") || t.starts_with("mailto:") {
                    Cow::Borrowed(t)
                } else {
                    Cow::Owned(format!("https://{t}"))
                };
                b.link(t, &url);
            }
            Entity::TextLink => match p.href.as_deref().filter(|h| !h.is_empty()) {
                Some(href) => {
                    b.link(t, href);
                }
                None => {
                    b.text(t);
                }
            },
            Entity::Mention => {
                b.mention(t, t.trim_start_matches('@'));
            }
            Entity::MentionName => {
                b.mention(t, t);
            }
        }
    }
}

/// A poll's question and answers as the body's text.
fn poll(b: &mut super::MessageBuilder<'_, '_>, question: &str, answers: &[(String, Option<i64>)]) {
    if !b.body().is_empty() {
        b.text("\n");
    }
    b.text(&format!("Poll: {question}"));
    for (answer, voters) in answers {
        match voters {
            Some(n) => b.text(&format!("\n• {answer} ({})", counted(*n as usize, "vote"))),
            None => b.text(&format!("\n• {answer}")),
        };
    }
    b.attachment(AttachmentKind::Poll, question, "", None);
}

/// What a placeholder path says, or `None` for a real path.
fn placeholder(path: &str) -> Option<&'static str> {
    let p = path.trim();
    if !(p.starts_with('(') && p.ends_with(')')) {
        return None;
    }
    Some(if p.contains("exceeds maximum size") {
        "too large, not included in the export"
    } else if p.contains("unavailable") {
        "unavailable when the export was made"
    } else {
        "not included in the export"
    })
}

/// A name for an attachment, saying when its file is not in the export.
fn attachment_name(name: &str, path: &str) -> String {
    match placeholder(path) {
        Some(why) if name.is_empty() => why.to_owned(),
        Some(why) => format!("{name} ({why})"),
        None => name.to_owned(),
    }
}

/// The last component of a path.
fn file_part(path: &str) -> &str {
    if placeholder(path).is_some() {
        return "";
    }
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `0:56`, `1:02:03`.
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Photos, files, stickers, voice and video messages, contacts, locations.
fn attachments(b: &mut super::MessageBuilder<'_, '_>, m: &message::Media<'_>) {
    let target = |p: &str| {
        if placeholder(p).is_some() {
            String::new()
        } else {
            p.to_owned()
        }
    };
    if let Some(photo) = m.photo.as_deref() {
        let name = attachment_name(file_part(photo), photo);
        b.attachment(AttachmentKind::Image, &name, &target(photo), m.photo_size);
    }
    if let Some(file) = m.file.as_deref() {
        let given = m.file_name.as_deref().unwrap_or("");
        let duration = m.duration.map(clock);
        let (kind, name) = match m.media_type.as_deref() {
            Some("sticker") => (
                AttachmentKind::Sticker,
                m.sticker_emoji.as_deref().unwrap_or("").to_owned(),
            ),
            Some("voice_message") => (AttachmentKind::Voice, duration.unwrap_or_default()),
            Some("video_message") => (AttachmentKind::Video, duration.unwrap_or_default()),
            Some("animation" | "video_file") => (AttachmentKind::Video, given.to_owned()),
            Some("audio_file") => {
                let song = match (m.performer.as_deref(), m.title.as_deref()) {
                    (Some(p), Some(t)) if !p.is_empty() && !t.is_empty() => format!("{p} – {t}"),
                    (_, Some(t)) if !t.is_empty() => t.to_owned(),
                    _ => given.to_owned(),
                };
                (AttachmentKind::Audio, song)
            }
            _ => {
                let kind = match m.mime_type.as_deref() {
                    Some(t) if t.starts_with("image/") => AttachmentKind::Image,
                    Some(t) if t.starts_with("video/") => AttachmentKind::Video,
                    Some(t) if t.starts_with("audio/") => AttachmentKind::Audio,
                    _ => AttachmentKind::File,
                };
                (kind, given.to_owned())
            }
        };
        let name = if name.is_empty() && placeholder(file).is_none() {
            file_part(file).to_owned()
        } else {
            name
        };
        b.attachment(
            kind,
            &attachment_name(&name, file),
            &target(file),
            m.file_size,
        );
    }
    if let Some((name, phone)) = &m.contact {
        b.attachment(AttachmentKind::Contact, name, phone, None);
    }
    if let Some((lat, lon)) = m.location {
        let place = m
            .place_name
            .as_deref()
            .into_iter()
            .chain(m.address.as_deref())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let name = if place.is_empty() {
            format!("{lat:.5}, {lon:.5}")
        } else {
            place
        };
        let url =
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}");
        b.attachment(AttachmentKind::Location, &name, &url, None);
    }
}

#[cfg(test)]
mod tests;

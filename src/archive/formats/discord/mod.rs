//! Discord channels exported by `DiscordChatExporter` (DCE): its JSON export,
//! and its plain-text (TXT) and CSV exports.
//!
//! - **JSON** ([`json`]): a root object with `guild`, `channel` and
//!   `messages`. The guild and channel name the chat (`Guild / #channel`,
//!   `Direct Messages / name`), keyed by the channel's id, so that the
//!   `[part N]` files of one channel merge into one channel; a thread
//!   (`Guild*Thread`) is a channel of its own whose parent is the channel
//!   DCE writes as its `category`. Each message is read by serde on its
//!   own while the root and the list are walked (see [`scan`]): a
//!   gigabyte export is never held as a tree, a truncated file keeps what
//!   came before the cut, and a message serde refuses (nesting past its
//!   limit, broken JSON inside) is skipped with a diagnostic naming it.
//!   Fields of the wrong type are ignored and said ([`raw`]).
//! - **TXT** ([`plain`]): a `Guild:`/`Channel:` preamble between lines of
//!   `=`, then `[date] Author` headers, content, and `{Attachments}`,
//!   `{Embed}`, `{Stickers}`, `{Reactions}` sections. Dates are in the
//!   exporter's locale, without seconds or zone ([`dates`]).
//! - **CSV** ([`csv`]): `AuthorID,Author,Date,Content,Attachments,Reactions`,
//!   dates in the round-trip `o` format (or, from version 2.42, the
//!   locale's); the chat is named after the file.
//!
//! Message text is Discord markdown with raw mentions ([`markdown`]).
//! TXT and CSV keep less than JSON; a note says what, once per file.

mod csv;
mod dates;
mod json;
mod markdown;
mod plain;
mod raw;
mod scan;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::path::Path;

use super::builder::Builder;
use super::{Confidence, Format, Loc, ParseContext, Parsed, Probe};
use crate::model::{AttachmentKind, MessageKind, Severity};

/// The Discord format behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Discord;

/// The app label of Discord channels.
pub const APP: &str = "Discord";

/// `DiscordChatExporter`'s JSON, TXT and CSV exports.
#[derive(Debug, Clone, Copy)]
pub struct Discord;

/// Which of the exports a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Txt,
    Csv,
}

impl Format for Discord {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["dce", "discordchatexporter"]
    }

    fn app(&self) -> &'static str {
        APP
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json", "txt", "csv"]
    }

    /// Sure from the content (the root's `guild` and `channel`, the TXT
    /// preamble, the CSV header), surer when the name is DCE's too
    /// (`Guild - Category - channel [id].json`); from the name alone when
    /// the content says nothing else.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        let ext = [Kind::Json, Kind::Txt, Kind::Csv]
            .into_iter()
            .find(|k| probe.has_ext(k.ext()));
        let named = ext.is_some() && channel_id_of(probe.name).is_some();
        if probe.head.is_empty() {
            return named.then_some(Confidence::Name);
        }
        match sniff(probe.text()) {
            Some(k) if named && ext == Some(k) => Some(Confidence::Certain),
            Some(_) => Some(Confidence::Content),
            None if named => Some(Confidence::Name),
            None => None,
        }
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        let mut diags = Vec::new();
        let text = ctx.decode(bytes, &mut diags);
        let ext = Path::new(ctx.path)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let head = &text[..floor_char(&text, super::PROBE_BYTES)];
        let kind = sniff(head).or(match ext.as_str() {
            "json" => Some(Kind::Json),
            "txt" => Some(Kind::Txt),
            "csv" => Some(Kind::Csv),
            _ => None,
        });
        let b = Builder::new(FORMAT, ctx);
        let mut parsed = match kind {
            Some(Kind::Json) => json::parse(&text, ctx.zone, b),
            Some(Kind::Txt) => plain::parse(&text, b),
            Some(Kind::Csv) => csv::parse(&text, ctx.zone, b),
            None => Parsed::refused(
                ctx.path,
                1,
                Severity::Error,
                "not a DiscordChatExporter export (JSON, TXT or CSV)",
            ),
        };
        diags.append(&mut parsed.diagnostics);
        parsed.diagnostics = diags;
        parsed
    }
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Json => "json",
            Kind::Txt => "txt",
            Kind::Csv => "csv",
        }
    }
}

/// The largest char boundary at or below `i`.
fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The header line of DCE's CSV export.
const CSV_HEADER: &str = "AuthorID,Author,Date,Content,Attachments,Reactions";

/// Which export the first bytes of a file are, if any.
fn sniff(head: &str) -> Option<Kind> {
    let head = head.trim_start_matches('\u{feff}');
    let first = head.lines().next().unwrap_or("").trim_end();
    if first.replace('"', "").eq_ignore_ascii_case(CSV_HEADER) {
        return Some(Kind::Csv);
    }
    if first.len() >= 20 && first.bytes().all(|c| c == b'=') {
        let second = head.lines().nth(1).unwrap_or("");
        if second.starts_with("Guild: ") {
            return Some(Kind::Txt);
        }
    }
    let trimmed = head.trim_start();
    if trimmed.starts_with('{') && has_key(trimmed, "guild") && has_key(trimmed, "channel") {
        return Some(Kind::Json);
    }
    None
}

/// Whether `"key"` followed by `:` and an object is in `head`.
fn has_key(head: &str, key: &str) -> bool {
    let pat = format!("\"{key}\"");
    head.match_indices(&pat).any(|(i, _)| {
        let rest = head[i + pat.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with('{'))
    })
}

/// The channel id in a DCE file name: `… [1519311538035490958].json`,
/// also with ` [part 2]` or a date range after it.
fn channel_id_of(name: &str) -> Option<&str> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut found = None;
    let mut rest = stem;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        if inner.len() >= 15 && inner.len() <= 20 && inner.bytes().all(|c| c.is_ascii_digit()) {
            found = Some(inner);
        }
        rest = &after[close + 1..];
    }
    found
}

/// The guild and channel names in a DCE file name
/// (`Guild - Category - channel [id] [part 2].csv`).
fn names_of(name: &str) -> Option<(String, String)> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = stem[..stem.find(" [")?].trim();
    let parts: Vec<&str> = stem.split(" - ").collect();
    match parts.as_slice() {
        [guild, .., channel] if parts.len() >= 2 => {
            Some(((*guild).to_owned(), (*channel).to_owned()))
        }
        _ => None,
    }
}

/// What a file says of its channel.
#[derive(Debug, Clone, Default)]
struct ChannelInfo {
    id: String,
    /// `GuildTextChat`, `DirectTextChat`, `GuildPublicThread` …
    kind: String,
    name: String,
    /// A thread's parent channel; another channel's category.
    category: String,
    category_id: String,
}

/// The guild name DCE gives direct messages.
const DIRECT: &str = "Direct Messages";

impl ChannelInfo {
    fn is_thread(&self) -> bool {
        self.kind.ends_with("Thread")
    }

    fn is_direct(&self, guild: &str) -> bool {
        self.kind.starts_with("Direct") || guild == DIRECT
    }

    /// `Guild / #channel`, `Guild / #parent / thread`, `Direct Messages / name`.
    fn chat_name(&self, guild: &str) -> String {
        let name = if self.name.trim().is_empty() {
            self.id.as_str()
        } else {
            self.name.as_str()
        };
        if self.is_direct(guild) {
            let guild = if guild.trim().is_empty() {
                DIRECT
            } else {
                guild
            };
            return format!("{guild} / {name}");
        }
        let channel = if self.is_thread() && !self.category.is_empty() {
            format!("#{} / {name}", self.category)
        } else {
            format!("#{name}")
        };
        if guild.trim().is_empty() {
            channel
        } else {
            format!("{guild} / {channel}")
        }
    }

    /// What merges files into one chat: the channel's id, else the file.
    fn key(&self, path: &str) -> String {
        if self.id.trim().is_empty() {
            format!("file:{path}")
        } else {
            self.id.clone()
        }
    }

    /// The key of a thread's parent channel.
    fn parent(&self) -> Option<String> {
        (self.is_thread() && !self.category_id.trim().is_empty()).then(|| self.category_id.clone())
    }
}

/// One kind of problem, said on its own for the first [`Cap::MAX`] messages
/// of a file and then summed up, so that a hostile file cannot flood
/// `check`.
#[derive(Debug, Default)]
struct Cap {
    count: usize,
    /// The first message (line, id), and another line it goes with.
    first: Option<(u32, String, u32)>,
    /// The first message not said on its own.
    first_more: Option<(u32, String)>,
}

impl Cap {
    const MAX: usize = 10;

    /// Counts one message; whether to say it on its own.
    fn note(&mut self, line: u32, id: &str) -> bool {
        self.count += 1;
        if self.count <= Self::MAX {
            return true;
        }
        if self.first_more.is_none() {
            self.first_more = Some((line, id.to_owned()));
        }
        false
    }

    /// Counts one message said only in [`Cap::once`], with a line it goes with.
    fn note_with(&mut self, line: u32, id: &str, other: u32) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((line, id.to_owned(), other));
        }
    }

    /// One diagnostic for every message noted with [`Cap::note_with`].
    fn once(&self, b: &mut Builder<'_>, say: impl FnOnce(usize, String, u32) -> String) {
        if let Some((line, id, other)) = &self.first {
            let what = if id.is_empty() {
                format!("line {line}")
            } else {
                format!("message {} at line {line}", crate::text::sanitize_line(id))
            };
            b.diag(
                Loc::Line(*line),
                Severity::Note,
                say(self.count, what, *other),
            );
        }
    }

    /// The summary of the messages past [`Cap::MAX`].
    fn more(&self, b: &mut Builder<'_>, what: &str) {
        if let Some((line, id)) = &self.first_more {
            let n = self.count - Self::MAX;
            let from = if id.is_empty() {
                "from here on".to_owned()
            } else {
                format!("from message {} on", crate::text::sanitize_line(id))
            };
            let noun = if n == 1 { "message" } else { "messages" };
            b.diag(
                Loc::Line(*line),
                Severity::Warning,
                format!("{n} more {noun} {from} {what}"),
            );
        }
    }
}

/// System messages by their `type` (DCE writes the kind's name, or its
/// number when it has no name for it).
fn message_kind(t: &str) -> MessageKind {
    let system = matches!(
        t,
        "RecipientAdd"
            | "RecipientRemove"
            | "Call"
            | "ChannelNameChange"
            | "ChannelIconChange"
            | "ChannelPinnedMessage"
            | "GuildMemberJoin"
            | "ThreadCreated"
            | "PollResult"
    ) || t
        .parse::<u32>()
        .is_ok_and(|n| (1..=18).contains(&n) || n == 46);
    if system {
        MessageKind::System
    } else {
        MessageKind::Message
    }
}

/// What a system message says when its `content` is empty, as DCE's
/// plain-text export writes it.
fn system_text(t: &str, m: &raw::Message<'_>) -> String {
    let t = match t {
        "1" => "RecipientAdd",
        "2" => "RecipientRemove",
        "3" => "Call",
        "4" => "ChannelNameChange",
        "5" => "ChannelIconChange",
        "6" => "ChannelPinnedMessage",
        "7" => "GuildMemberJoin",
        "8" | "9" | "10" | "11" => "Boost",
        "18" => "ThreadCreated",
        "46" => "PollResult",
        other => other,
    };
    let first = m.mentions.items.first().map(raw::User::shown);
    let author_id = m.author.value.as_ref().map_or("", |a| a.id.as_str());
    match t {
        "RecipientAdd" => first.map_or_else(
            || "Added a recipient.".to_owned(),
            |n| format!("Added {n} to the group."),
        ),
        "RecipientRemove" => match m.mentions.items.first() {
            Some(u) if u.id.as_str() == author_id => "Left the group.".to_owned(),
            Some(u) => format!("Removed {} from the group.", u.shown()),
            None => "Removed a recipient.".to_owned(),
        },
        "Call" => {
            let start = dates::iso(m.timestamp.as_str());
            let end = dates::iso(m.call_ended_timestamp.as_str());
            match (start, end) {
                (Some(dates::Stamp::Instant(a)), Some(dates::Stamp::Instant(b))) if b >= a => {
                    format!("Started a call that lasted {} minutes.", (b - a) / 60)
                }
                _ => "Started a call.".to_owned(),
            }
        }
        "ChannelNameChange" => "Changed the channel name.".to_owned(),
        "ChannelIconChange" => "Changed the channel icon.".to_owned(),
        "ChannelPinnedMessage" => "Pinned a message.".to_owned(),
        "GuildMemberJoin" => "Joined the server.".to_owned(),
        "ThreadCreated" => "Started a thread.".to_owned(),
        "PollResult" => "A poll has closed.".to_owned(),
        "Boost" => "Boosted the server.".to_owned(),
        other => format!("(a system message of type {other})"),
    }
}

/// Whether a TXT or CSV body is the text DCE writes for a system message
/// (those exports do not say a message's type).
fn is_system_text(s: &str) -> bool {
    const EXACT: &[&str] = &[
        "Joined the server.",
        "Pinned a message.",
        "Started a thread.",
        "Changed the channel name.",
        "Changed the channel icon.",
        "Left the group.",
        "Added a recipient.",
        "Removed a recipient.",
        "A poll has closed.",
    ];
    if EXACT.contains(&s) {
        return true;
    }
    if let Some(rest) = s.strip_prefix("Started a call that lasted ") {
        let n = rest
            .strip_suffix(" minutes.")
            .or_else(|| rest.strip_suffix(" minute."));
        return n
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit() || c == b','));
    }
    let one_line = !s.contains('\n') && s.len() < 200;
    one_line
        && ((s.starts_with("Added ") && s.ends_with(" to the group."))
            || (s.starts_with("Removed ") && s.ends_with(" from the group."))
            || s.starts_with("Changed the channel name: "))
}

/// What an attached file is, from its name.
fn attachment_kind(name: &str) -> AttachmentKind {
    let name = name.split(['?', '#']).next().unwrap_or(name);
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if file.eq_ignore_ascii_case("voice-message.ogg") {
        return AttachmentKind::Voice;
    }
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "heic" | "avif" | "svg" | "tif"
        | "tiff" => AttachmentKind::Image,
        "mp4" | "mov" | "webm" | "mkv" | "avi" | "m4v" => AttachmentKind::Video,
        "mp3" | "wav" | "flac" | "m4a" | "aac" | "ogg" | "opus" => AttachmentKind::Audio,
        _ => AttachmentKind::File,
    }
}

/// A URL as it is; a path DCE wrote relative to the export (with
/// Windows back-slashes, `media\5-….png`) with forward slashes.
fn local_path(url: &str) -> Cow<'_, str> {
    if url.contains("://") || !url.contains('\\') {
        Cow::Borrowed(url)
    } else {
        Cow::Owned(url.replace('\\', "/"))
    }
}

/// The name an attachment line of TXT or CSV gives: the last part of its
/// path or URL, without the query.
fn file_name_of(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.rsplit(['/', '\\']).next().unwrap_or(url)
}

/// A TXT or CSV author (`name#1234` for users of the old name system)
/// without the discriminator.
fn without_discriminator(author: &str) -> &str {
    match author.rsplit_once('#') {
        Some((name, d))
            if !name.is_empty() && d.len() == 4 && d.bytes().all(|c| c.is_ascii_digit()) =>
        {
            name
        }
        _ => author,
    }
}

//! DCE's plain-text export:
//!
//! ```text
//! ==============================================================
//! Guild: Book Club
//! Channel: Text Channels / general
//! Topic: …                                  (optional, and After:/Before:)
//! ==============================================================
//!
//! [6/12/2024 7:33 PM] ana.reads (pinned)
//! content, over as many lines as it has
//!
//! {Attachments}
//! https://cdn.discordapp.com/attachments/…/cover.png
//!
//! {Reactions}
//! 👍 (2) 😂
//!
//! ==============================================================
//! Exported 1 message(s)
//! ==============================================================
//! ```
//!
//! A header is a line `[date] author` whose date reads in the file's
//! locale (the order of its fields decided once from all of them); what
//! follows, up to the next header, is the content and then the sections
//! `{Attachments}`, `{Embed}`, `{Stickers}`, `{Reactions}` and
//! `{Forwarded Message}`, each after a blank line. Times are shown as
//! written: the export does not say their zone.

use std::borrow::Cow;

use super::dates::{self, Local, Order};
use super::markdown::{self, Names};
use super::{
    ChannelInfo, DIRECT, attachment_kind, channel_id_of, file_name_of, is_system_text, local_path,
    without_discriminator,
};
use crate::archive::formats::{Builder, Loc, MessageBuilder, Parsed};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, Zone};

/// What the plain-text export lacks that the JSON export has.
pub(super) const LOSES: &str = "a DiscordChatExporter plain-text export: it has no message ids, replies, edits, nicknames (only user names), seconds or time zone (times are shown as written), and system messages are known only by their text; the JSON export keeps all of them";

const SECTIONS: &[&str] = &[
    "{Attachments}",
    "{Embed}",
    "{Stickers}",
    "{Reactions}",
    "{Forwarded Message}",
];

/// Reads a plain-text export into `b`.
pub(super) fn parse(text: &str, mut b: Builder<'_>) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let rule = |l: &str| l.len() >= 20 && l.bytes().all(|c| c == b'=');
    if !lines.first().is_some_and(|l| rule(l)) {
        b.diag(
            Loc::Line(1),
            Severity::Error,
            "not a DiscordChatExporter plain-text export: it does not start with a line of `=`",
        );
        return b.finish();
    }
    // The preamble.
    let mut guild = String::new();
    let mut channel = String::new();
    let mut i = 1;
    while i < lines.len() && !rule(lines[i]) {
        if let Some(v) = lines[i].strip_prefix("Guild: ") {
            v.trim().clone_into(&mut guild);
        } else if let Some(v) = lines[i].strip_prefix("Channel: ") {
            v.trim().clone_into(&mut channel);
        }
        i += 1;
    }
    let body_start = i + 1;
    // The end: the last rule followed by `Exported N message(s)`.
    let mut end = lines.len();
    for k in (body_start..lines.len()).rev() {
        if rule(lines[k]) && lines.get(k + 1).is_some_and(|l| l.starts_with("Exported ")) {
            end = k;
            break;
        }
    }
    // Headers, and the order of their dates.
    let mut headers: Vec<(usize, Local, &str)> = Vec::new();
    for (k, line) in lines.iter().enumerate().take(end).skip(body_start) {
        if let Some((date, author)) = header(line) {
            headers.push((k, date, author));
        }
    }
    b.diag(Loc::Line(1), Severity::Note, LOSES);
    let Some((order, guessed)) = decide(&mut b, &headers) else {
        return b.finish();
    };
    if guessed {
        b.diag(
            Loc::Line(headers[0].0 as u32 + 1),
            Severity::Note,
            format!(
                "no date here has a day above 12, so they are read as {} (the export's locale is not written in it)",
                order.describe()
            ),
        );
    }
    let chat = chat_of(&mut b, &guild, &channel);
    let names = NoNames(b.context().zone);
    for (n, &(k, date, author)) in headers.iter().enumerate() {
        let next = headers.get(n + 1).map_or(end, |h| h.0);
        let line = k as u32 + 1;
        let Some((date, time)) = date.resolve(order) else {
            b.diag(
                Loc::Line(line),
                Severity::Warning,
                "a date that does not exist; the message is skipped",
            );
            continue;
        };
        let (author, pinned) = match author.strip_suffix(" (pinned)") {
            Some(a) => (a, true),
            None => (author, false),
        };
        let speaker = b.speaker(without_discriminator(author.trim()), Loc::Line(line));
        let block = Block::new(&lines[k + 1..next]);
        let mut m = b.message(chat, date, time, speaker, Loc::Line(line));
        let content = block.content.join("\n");
        if is_system_text(&content) {
            m.kind(MessageKind::System);
            m.text(&content);
        } else {
            markdown::append(&mut m, &content, &names);
        }
        if pinned {
            m.flag(Flags::PINNED);
        }
        for (name, entries) in &block.sections {
            section(&mut m, name, entries, &names);
        }
    }
    b.finish()
}

/// `[date] author`: the date read, and the rest of the line.
fn header(line: &str) -> Option<(Local, &str)> {
    let rest = line.strip_prefix('[')?;
    let close = rest.find("] ")?;
    let date = dates::local(&rest[..close])?;
    Some((date, &rest[close + 2..]))
}

/// The order of the file's dates, or `None` (said) when they disagree or
/// there are none.
fn decide(b: &mut Builder<'_>, headers: &[(usize, Local, &str)]) -> Option<(Order, bool)> {
    let dates: Vec<Local> = headers.iter().map(|h| h.1).collect();
    if dates.is_empty() {
        b.diag(
            Loc::Line(1),
            Severity::Warning,
            "no message header (`[date] author`) with a date that can be read",
        );
        return None;
    }
    let order = dates::order(&dates);
    if order.is_none() {
        b.diag(
            Loc::Line(headers[0].0 as u32 + 1),
            Severity::Error,
            "the dates are written both day first and month first; the messages are not read",
        );
    }
    order
}

fn chat_of(b: &mut Builder<'_>, guild: &str, channel: &str) -> crate::archive::formats::ChatId {
    let path = b.context().path.to_path_buf();
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `Category / parent / thread`: the category is not part of the name.
    let parts: Vec<&str> = channel.split(" / ").collect();
    let direct = guild == DIRECT;
    let info = ChannelInfo {
        id: channel_id_of(&file).unwrap_or("").to_owned(),
        kind: if direct {
            "DirectTextChat".into()
        } else {
            String::new()
        },
        name: if direct {
            parts.last().copied().unwrap_or("").to_owned()
        } else if parts.len() < 2 {
            channel.to_owned()
        } else {
            parts[1..].join(" / #")
        },
        ..ChannelInfo::default()
    };
    let name = info.chat_name(guild);
    let key = if info.id.is_empty() {
        format!("txt:{guild}/{channel}")
    } else {
        info.id.clone()
    };
    b.chat(&key, Some(&name))
}

/// A message's lines after its header: its content, then its sections.
struct Block<'a> {
    content: Vec<&'a str>,
    sections: Vec<(&'a str, Vec<&'a str>)>,
}

impl<'a> Block<'a> {
    fn new(lines: &[&'a str]) -> Self {
        let mut lines = lines;
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines = &lines[..lines.len() - 1];
        }
        let start = (0..lines.len())
            .find(|&k| SECTIONS.contains(&lines[k]) && (k == 0 || lines[k - 1].is_empty()))
            .unwrap_or(lines.len());
        let mut content = &lines[..start];
        while content.last().is_some_and(|l| l.is_empty()) {
            content = &content[..content.len() - 1];
        }
        let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
        for &l in &lines[start..] {
            if SECTIONS.contains(&l) {
                sections.push((l, Vec::new()));
            } else if let Some((_, entries)) = sections.last_mut() {
                if !l.is_empty() {
                    entries.push(l);
                }
            }
        }
        Block {
            content: content.to_vec(),
            sections,
        }
    }
}

fn section(m: &mut MessageBuilder<'_, '_>, name: &str, entries: &[&str], names: &dyn Names) {
    let is_url = |l: &str| l.contains("://") || l.contains('\\') || l.starts_with("media/");
    match name {
        "{Attachments}" => {
            for url in entries {
                m.attachment(
                    attachment_kind(url),
                    file_name_of(url),
                    &local_path(url),
                    None,
                );
            }
        }
        "{Stickers}" => {
            for url in entries {
                let file = file_name_of(url);
                let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
                m.attachment(AttachmentKind::Sticker, stem, &local_path(url), None);
            }
        }
        "{Embed}" => {
            let url = entries.iter().position(|l| is_url(l));
            let title = url
                .and_then(|u| entries[u + 1..].iter().find(|l| !is_url(l)))
                .or_else(|| entries.iter().find(|l| !is_url(l)))
                .copied()
                .unwrap_or("");
            let target = url.map_or("", |u| entries[u]);
            if !title.is_empty() || !target.is_empty() {
                m.attachment(AttachmentKind::LinkCard, title, &local_path(target), None);
            }
        }
        "{Reactions}" => {
            for line in entries {
                reactions(m, line);
            }
        }
        _ => {
            // {Forwarded Message}: its content, without the date line.
            let content: Vec<&str> = entries
                .iter()
                .copied()
                .filter(|l| !l.starts_with("Originally sent:"))
                .collect();
            if !content.is_empty() {
                if !m.body().is_empty() {
                    m.text("\n");
                }
                markdown::append(m, &content.join("\n"), names);
            }
            m.forwarded_from(None);
        }
    }
}

/// `👍 (2) 😂 paul (3)`: emoji, each with its count when above one.
fn reactions(m: &mut MessageBuilder<'_, '_>, line: &str) {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let count = |w: &str| -> Option<u32> { w.strip_prefix('(')?.strip_suffix(')')?.parse().ok() };
    let mut k = 0;
    while k < words.len() {
        let emoji = words[k];
        let n = words.get(k + 1).and_then(|w| count(w));
        m.reaction(emoji, n.unwrap_or(1));
        k += if n.is_some() { 2 } else { 1 };
    }
}

/// TXT and CSV have no ids to resolve (DCE writes them with mentions
/// already formatted); `<t:…>` times are shown in the zone.
pub(super) struct NoNames(pub Zone);

impl Names for NoNames {
    fn user(&self, _: &str) -> Option<Cow<'_, str>> {
        None
    }
    fn channel(&self, _: &str) -> Option<Cow<'_, str>> {
        None
    }
    fn role(&self, _: &str) -> Option<Cow<'_, str>> {
        None
    }
    fn zone(&self) -> Zone {
        self.0
    }
}

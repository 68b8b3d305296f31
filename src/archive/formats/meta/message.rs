//! One Meta message into the model.
//!
//! - Speaker: `sender_name`; body: `content` (`text` in the encrypted
//!   layout) with its links and @mentions as spans; both repaired from
//!   mojibake.
//! - Kind: calls (`Call`, with their duration), people added or leaving
//!   (`Subscribe`, `Unsubscribe`, said in words when the export gives no
//!   text) and the encrypted layout's placeholders are system messages, as
//!   are the rows newer exports write for reactions (`Reacted ❤ to your
//!   message`, Instagram's `Liked a message`).
//! - `is_unsent`: the message is marked deleted and says it was unsent.
//! - Attachments: `photos` and `gifs` (photos), `videos`, `audio_files`
//!   (voice messages when named `audioclip…`, else audio), `files`,
//!   `sticker`, the encrypted layout's `media` (by extension), and `share`
//!   (a link with its text; a share without a link, such as a live
//!   location, is a share).
//! - Reactions: counted per emoji.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::json::{self, At};
use super::mojibake::repair;
use crate::archive::formats::{Builder, ChatId, Loc};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, TimeOfDay, Zone};

/// The longest text kept of one string; Messenger itself allows far less.
pub(super) const MAX_TEXT: usize = 1 << 20;

/// After this many reports of one kind in a file, the rest are counted.
const MAX_REPORTS: usize = 10;

/// Warnings of one kind for a file, the first few with their lines and
/// then one line for the rest, so that a hostile file cannot flood `check`.
#[derive(Debug, Default)]
pub(super) struct Capped {
    shown: Vec<(u32, String)>,
    more: usize,
    first_more: u32,
}

impl Capped {
    pub(super) fn push(&mut self, line: u32, message: String) {
        if self.shown.len() < MAX_REPORTS {
            self.shown.push((line, message));
        } else {
            if self.more == 0 {
                self.first_more = line;
            }
            self.more += 1;
        }
    }

    pub(super) fn finish(self, b: &mut Builder<'_>) {
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

/// Builds every message of a file, oldest first.
pub(super) fn build_all(
    b: &mut Builder<'_>,
    chat: ChatId,
    msgs: Vec<(json::Message<'_>, At)>,
    e2ee: bool,
    zone: Zone,
) {
    let mut timed = Vec::with_capacity(msgs.len());
    let mut untimed = Capped::default();
    for (m, at) in msgs {
        let ms = if e2ee {
            m.timestamp.or(m.timestamp_ms)
        } else {
            m.timestamp_ms.or(m.timestamp)
        };
        let when = ms
            .and_then(|n| n.0)
            .and_then(|ms| zone.local(ms.div_euclid(1000)).map(|t| (ms, t)));
        match when {
            Some((ms, (date, time))) => timed.push((ms, date, time, m, at)),
            None => untimed.push(
                at.line,
                "no valid `timestamp_ms`: the message's day is unknown; skipped".into(),
            ),
        }
    }
    untimed.finish(b);
    // Exports are newest first; a file that is not sorted is put in order.
    if timed.first().map(|t| t.0) > timed.last().map(|t| t.0) {
        timed.reverse();
    }
    if timed.windows(2).any(|w| w[0].0 > w[1].0) {
        timed.sort_by_key(|t| t.0);
    }
    let mut long = Capped::default();
    for (_, date, time, m, at) in &timed {
        build(b, chat, *date, *time, m, *at, &mut long);
    }
    long.finish(b);
}

/// What a message is, from its `type` and text.
fn kind_of(m: &json::Message<'_>, text: &str) -> MessageKind {
    match m.r#type.as_deref().unwrap_or("") {
        "Call" | "Subscribe" | "Unsubscribe" | "placeholder" => return MessageKind::System,
        _ => {}
    }
    if is_reaction_row(text) {
        MessageKind::System
    } else {
        MessageKind::Message
    }
}

/// `Reacted ❤ to your message`, `Ann reacted 😆 to your message`,
/// Instagram's `Liked a message`: a reaction written as a message.
fn is_reaction_row(text: &str) -> bool {
    let t = text.trim();
    if t == "Liked a message" {
        return true;
    }
    t.len() < 200
        && t.ends_with(" to your message")
        && (t.starts_with("Reacted ") || t.contains(" reacted "))
}

/// `1 h 4 min`, `3 min 12 s`, `45 s`.
fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {s} s")
    } else {
        format!("{s} s")
    }
}

/// `text`, cut to [`MAX_TEXT`] bytes (on a character boundary), saying so.
fn cap<'t>(text: Cow<'t, str>, line: u32, long: &mut Capped) -> Cow<'t, str> {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut cut = MAX_TEXT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    long.push(
        line,
        format!(
            "a text of {} bytes; only its first {MAX_TEXT} bytes are kept",
            text.len()
        ),
    );
    Cow::Owned(text[..cut].to_owned())
}

/// A string field, repaired.
fn fixed<'s>(s: Option<&'s Cow<'_, str>>) -> Cow<'s, str> {
    s.map_or(Cow::Borrowed(""), |s| repair(Cow::Borrowed(s.as_ref())))
}

/// The names of `users`, repaired.
fn users(m: &json::Message<'_>) -> Vec<String> {
    m.users
        .iter()
        .flat_map(|u| &u.0)
        .filter_map(|p| p.name.as_ref())
        .map(|n| repair(Cow::Borrowed(n.as_ref())).trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

fn build(
    b: &mut Builder<'_>,
    chat: ChatId,
    date: NaiveDate,
    time: TimeOfDay,
    m: &json::Message<'_>,
    at: At,
    long: &mut Capped,
) {
    let loc = Loc::Line(at.line);
    let sender = fixed(m.sender_name.as_ref());
    let sender = sender.trim();
    let speaker = b.speaker(sender, loc);
    let text = cap(fixed(m.content.as_ref().or(m.text.as_ref())), at.line, long);
    let kind = kind_of(m, &text);
    let unsent = m.is_unsent == Some(true);
    let link = m
        .share
        .as_ref()
        .map(|s| fixed(s.link.as_ref()))
        .unwrap_or_default();
    let body: Cow<'_, str> = match m.r#type.as_deref().unwrap_or("") {
        "Call" => {
            let what = if text.trim().is_empty() {
                "Call"
            } else {
                text.trim()
            };
            match m.call_duration.and_then(|d| d.0).filter(|&d| d > 0) {
                Some(d) => Cow::Owned(format!("{what} ({})", duration(d))),
                None => Cow::Owned(what.to_owned()),
            }
        }
        "Subscribe" if text.trim().is_empty() => {
            Cow::Owned(format!("added {}", users(m).join(", ")))
        }
        "Unsubscribe" if text.trim().is_empty() => {
            let who = users(m);
            if who.is_empty() || who == [sender] {
                Cow::Borrowed("left the group")
            } else {
                Cow::Owned(format!("removed {}", who.join(", ")))
            }
        }
        _ if unsent && text.trim().is_empty() => Cow::Borrowed("This message was unsent."),
        // The link of a share is its card; a body that only repeats it goes.
        _ if !link.is_empty() && text.trim() == link.trim() => Cow::Borrowed(""),
        _ => text,
    };
    let mut mb = b.message(chat, date, time, speaker, loc);
    mb.kind(kind);
    if unsent {
        mb.flag(Flags::DELETED);
    }
    mb.text_with_spans(&body);
    let lists = [
        (&m.photos, AttachmentKind::Image),
        (&m.gifs, AttachmentKind::Image),
        (&m.videos, AttachmentKind::Video),
        (&m.audio_files, AttachmentKind::Audio),
        (&m.files, AttachmentKind::File),
        (&m.media, AttachmentKind::Other),
    ];
    for (list, kind) in lists {
        for media in list.iter().flatten() {
            let uri = fixed(media.uri.as_ref());
            let uri = uri.trim();
            let kind = match kind {
                AttachmentKind::Audio => audio_kind(uri),
                AttachmentKind::Other => kind_by_extension(uri),
                k => k,
            };
            if kind == AttachmentKind::Other && !uri.contains('/') {
                // "Failed to download media", as the encrypted layout says.
                mb.attachment(kind, uri, "", None);
            } else {
                mb.attachment(kind, "", uri, None);
            }
        }
    }
    if let Some(s) = &m.sticker {
        let uri = fixed(s.uri.as_ref());
        mb.attachment(AttachmentKind::Sticker, "", uri.trim(), None);
    }
    if let Some(s) = &m.share {
        let text = fixed(s.share_text.as_ref());
        let owner = fixed(s.original_content_owner.as_ref());
        let name = if text.trim().is_empty() {
            owner.trim()
        } else {
            text.trim()
        };
        if !(name.is_empty() && link.trim().is_empty()) {
            mb.attachment(AttachmentKind::LinkCard, name, link.trim(), None);
        }
    }
    let mut reactions: Vec<(Cow<'_, str>, u32)> = Vec::new();
    for r in m.reactions.iter().flatten() {
        let e = fixed(r.reaction.as_ref());
        if e.trim().is_empty() {
            continue;
        }
        match reactions.iter_mut().find(|(x, _)| x.trim() == e.trim()) {
            Some((_, n)) => *n += 1,
            None => reactions.push((e, 1)),
        }
    }
    for (e, n) in &reactions {
        mb.reaction(e.trim(), *n);
    }
}

/// A voice message when the clip is named as Messenger names recorded
/// ones (`audioclip…`), else audio.
fn audio_kind(uri: &str) -> AttachmentKind {
    let name = uri.rsplit('/').next().unwrap_or(uri);
    if name.to_ascii_lowercase().starts_with("audioclip") {
        AttachmentKind::Voice
    } else {
        AttachmentKind::Audio
    }
}

/// What a file of the encrypted layout's `media` is, by its extension.
fn kind_by_extension(uri: &str) -> AttachmentKind {
    let name = uri.rsplit('/').next().unwrap_or(uri);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "webp" | "heic" | "gif" => AttachmentKind::Image,
        "mp4" | "mov" | "webm" => AttachmentKind::Video,
        "ogg" | "oga" | "opus" | "aac" | "m4a" | "mp3" | "wav" => AttachmentKind::Audio,
        _ if uri.contains('/') => AttachmentKind::File,
        _ => AttachmentKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_reaction_rows() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(192), "3 min 12 s");
        assert_eq!(duration(3872), "1 h 4 min");
        assert!(is_reaction_row("Reacted ❤ to your message "));
        assert!(is_reaction_row("Ann reacted 😆 to your message"));
        assert!(is_reaction_row("Liked a message"));
        assert!(!is_reaction_row(
            "I reacted badly to your message about it, sorry"
        ));
        assert!(!is_reaction_row("Reacted"));
    }

    #[test]
    fn media_kinds() {
        assert_eq!(audio_kind("a/audioclip1234.mp4"), AttachmentKind::Voice);
        assert_eq!(audio_kind("a/song.mp3"), AttachmentKind::Audio);
        assert_eq!(kind_by_extension("./media/x.JPEG"), AttachmentKind::Image);
        assert_eq!(kind_by_extension("./media/x.mov"), AttachmentKind::Video);
        assert_eq!(kind_by_extension("./media/x.opus"), AttachmentKind::Audio);
        assert_eq!(kind_by_extension("./media/x.pdf"), AttachmentKind::File);
        assert_eq!(
            kind_by_extension("Failed to download media"),
            AttachmentKind::Other
        );
    }
}

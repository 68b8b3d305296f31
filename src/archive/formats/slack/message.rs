//! One Slack message into the model: its time from `ts`, its speaker, kind,
//! body, attachments, reactions, thread and edits.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::blocks;
use super::json::{At, Attachment, File, Message, text};
use super::mrkdwn;
use super::names::{Directory, Learned, Names, looks_like_id};
use crate::archive::formats::{Builder, ChatId, Loc, MessageBuilder};
use crate::model::{AttachmentKind, Flags, MessageKind, Severity, SpeakerId, TimeOfDay, Zone};

/// Text longer than this is cut (Slack itself caps a message at 40,000
/// characters; a longer one is hostile or broken).
pub(super) const MAX_TEXT: usize = 1 << 20;

/// Subtypes shown as system messages: joins, leaves, renames, topics,
/// pins, integrations.
const SYSTEM: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "channel_convert_to_private",
    "channel_convert_to_public",
    "channel_posting_permissions",
    "group_join",
    "group_leave",
    "group_topic",
    "group_purpose",
    "group_name",
    "group_archive",
    "group_unarchive",
    "pinned_item",
    "unpinned_item",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
    "reminder_add",
    "sh_room_created",
    "huddle_thread",
    "message_deleted",
    "tombstone",
];

/// What building the messages of one piece of work needs and keeps.
pub(super) struct Env<'a> {
    pub dir: &'a Directory,
    pub zone: Zone,
    /// Files of the export under `__uploads/`, by relative path.
    pub uploads: &'a HashSet<String>,
    pub learned: Learned,
    /// Speaker of each user id (or `bot:ID`, `name:NAME`), looked up for
    /// every message (foldhash, randomly seeded per process).
    speakers: HashMap<String, SpeakerId, foldhash::fast::RandomState>,
}

impl<'a> Env<'a> {
    pub(super) fn new(dir: &'a Directory, zone: Zone, uploads: &'a HashSet<String>) -> Self {
        Env {
            dir,
            zone,
            uploads,
            learned: Learned::default(),
            speakers: HashMap::default(),
        }
    }
}

/// Learns names from messages before they are built: users' inline
/// profiles and names, bots' profiles and the integration links of
/// `bot_add` messages (`<https://…/services/B0123|github>`).
pub(super) fn learn(msg: &Message<'_>, env: &mut Env<'_>) {
    let subtype = text(msg.subtype.as_ref()).unwrap_or("");
    let user = text(msg.user.as_ref());
    let bot = text(msg.bot_id.as_ref());
    let named = msg.user_profile.is_some() || msg.username.is_some();
    if let (Some(u), true) = (user, named) {
        if env.dir.user(u).is_none() && !env.learned.users.contains_key(u) {
            let name = msg
                .user_profile
                .as_ref()
                .and_then(|p| p.shown_name())
                .or_else(|| text(msg.username.as_ref()).filter(|_| subtype != "bot_message"));
            if let Some(n) = name {
                env.learned.users.insert(u.to_owned(), n.to_owned());
            }
        }
    }
    if let (Some(b), Some(p)) = (bot, msg.bot_profile.as_ref()) {
        if let Some(n) = p.shown_name() {
            env.learned
                .bots
                .entry(b.to_owned())
                .or_insert_with(|| n.to_owned());
        }
    }
    if matches!(
        subtype,
        "bot_add" | "bot_remove" | "bot_enable" | "bot_disable"
    ) {
        if let Some(t) = text(msg.text.as_ref()) {
            let mut rest = t;
            while let Some(i) = rest.find("/services/") {
                rest = &rest[i + "/services/".len()..];
                let Some(bar) = rest.find('|') else { break };
                let Some(end) = rest[bar..].find('>') else {
                    break;
                };
                let (id, name) = (&rest[..bar], &rest[bar + 1..bar + end]);
                if looks_like_id(id) && !name.is_empty() {
                    env.learned
                        .bots
                        .entry(id.to_owned())
                        .or_insert_with(|| mrkdwn::decode(name).into_owned());
                }
                rest = &rest[bar + end..];
            }
        }
    }
}

/// The seconds since the epoch of a `ts` (`1458208082.000002`).
pub(super) fn seconds(ts: &str) -> Option<i64> {
    let secs = ts.split_once('.').map_or(ts, |(s, _)| s);
    if secs.is_empty() || !secs.bytes().all(|c| c.is_ascii_digit()) || secs.len() > 12 {
        return None;
    }
    let frac_ok = ts
        .split_once('.')
        .is_none_or(|(_, f)| f.bytes().all(|c| c.is_ascii_digit()));
    frac_ok.then(|| secs.parse().ok()).flatten()
}

/// Builds `msg` into `chat`. `fallback` is the date of its day file, for a
/// message without a usable `ts`. Returns whether it was kept.
pub(super) fn build(
    b: &mut Builder<'_>,
    chat: ChatId,
    msg: &Message<'_>,
    at: At,
    fallback: Option<NaiveDate>,
    env: &mut Env<'_>,
) -> bool {
    let ts = text(msg.ts.as_ref());
    let when = ts.and_then(seconds).and_then(|s| env.zone.local(s));
    let loc = match ts {
        Some(id) => Loc::Id { line: at.line, id },
        None => Loc::Line(at.line),
    };
    let (date, time) = match (when, fallback) {
        (Some(w), _) => w,
        (None, Some(d)) => {
            b.diag(
                loc,
                Severity::Warning,
                "no valid `ts`: the time is unknown (shown as ??:??:??) and the day is the file's",
            );
            (d, TimeOfDay::UNKNOWN)
        }
        (None, None) => {
            b.diag(
                loc,
                Severity::Warning,
                "no valid `ts`, so no date: not shown",
            );
            return false;
        }
    };
    let subtype = text(msg.subtype.as_ref()).unwrap_or("");
    let speaker = speaker(b, msg, subtype, loc, env);
    let raw = text(msg.text.as_ref()).unwrap_or("");
    let cut = if raw.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        Some(end)
    } else {
        None
    };
    let blocks_broken = {
        let env_dir = env.dir;
        let uploads = env.uploads;
        let mut m = b.message(chat, date, time, speaker, loc);
        let mut names = Names {
            dir: env_dir,
            learned: &mut env.learned,
        };
        if subtype == "me_message" {
            m.kind(MessageKind::Action);
        } else if SYSTEM.contains(&subtype) {
            m.kind(MessageKind::System);
        }
        if subtype == "tombstone" {
            m.flag(Flags::DELETED);
        }
        let broken = body(&mut m, msg, &raw[..cut.unwrap_or(raw.len())], &mut names);
        for a in msg.attachments.iter().flatten() {
            attachment(&mut m, a, &mut names);
        }
        for f in msg.files.iter().flatten().chain(msg.file.as_ref()) {
            file(&mut m, f, uploads);
        }
        for r in msg.reactions.iter().flatten() {
            if let Some(name) = text(r.name.as_ref()) {
                let count = r
                    .count
                    .or_else(|| r.users.as_ref().map(|u| u.len() as u64))
                    .unwrap_or(1);
                m.reaction(
                    &super::names::reaction(name),
                    u32::try_from(count).unwrap_or(u32::MAX),
                );
            }
        }
        if msg.edited.is_some() {
            m.flag(Flags::EDITED);
        }
        if let Some(ts) = ts {
            m.id(ts);
            if let Some(parent) = text(msg.thread_ts.as_ref()).filter(|p| *p != ts) {
                m.reply_to(parent);
            }
        }
        broken
    };
    if let Some(why) = blocks_broken {
        b.diag(
            loc,
            Severity::Warning,
            format!("its blocks could not be read ({why}); its text is shown"),
        );
    }
    if let Some(end) = cut {
        b.diag(
            loc,
            Severity::Warning,
            format!(
                "the text is {} bytes, more than a chat message holds; only its first {end} bytes are shown",
                raw.len()
            ),
        );
    }
    true
}

/// The speaker of a message: a user by name, a bot by its name, else
/// the id (noted, and renamed if a name turns up later).
fn speaker(
    b: &mut Builder<'_>,
    msg: &Message<'_>,
    subtype: &str,
    loc: Loc<'_>,
    env: &mut Env<'_>,
) -> SpeakerId {
    let user = if subtype == "file_comment" {
        msg.comment
            .as_ref()
            .and_then(|c| text(c.user.as_ref()))
            .or_else(|| text(msg.user.as_ref()))
    } else {
        text(msg.user.as_ref())
    };
    let bot = text(msg.bot_id.as_ref());
    let is_bot = subtype == "bot_message" || (user.is_none() && bot.is_some());
    if !is_bot {
        if let Some(u) = user {
            if let Some(&id) = env.speakers.get(u) {
                return id;
            }
            let known = env
                .dir
                .user(u)
                .or_else(|| env.learned.users.get(u).map(String::as_str))
                .map(str::to_owned);
            let name = known.unwrap_or_else(|| {
                env.learned.unknown.insert(u.to_owned());
                u.to_owned()
            });
            let id = b.speaker(&name, loc);
            env.speakers.insert(u.to_owned(), id);
            return id;
        }
    }
    // Bots and integrations: the name they posted under, else the bot's.
    let name = text(msg.username.as_ref())
        .map(str::to_owned)
        .or_else(|| {
            msg.bot_profile
                .as_ref()
                .and_then(|p| p.shown_name())
                .map(str::to_owned)
        })
        .or_else(|| bot.and_then(|b| env.learned.bots.get(b).cloned()))
        .or_else(|| user.and_then(|u| env.dir.user(u).map(str::to_owned)))
        .or_else(|| {
            bot.map(|b| {
                env.learned.unknown.insert(b.to_owned());
                b.to_owned()
            })
        })
        .unwrap_or_else(|| "(unknown)".to_owned());
    b.speaker(&name, loc)
}

/// Whether `needle` is in `hay`. A message's text is short and its
/// blocks are a few hundred bytes: building a substring searcher for each
/// (memmem's preprocessing) costs more than looking at each place that
/// starts with the text's first byte. Texts longer than [`SHORT_NEEDLE`]
/// bytes still go to memmem, so the work stays linear in the blocks.
pub(super) fn holds(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    if needle.len() > SHORT_NEEDLE {
        return memchr::memmem::find(hay, needle).is_some();
    }
    memchr::memchr_iter(first, hay).any(|i| hay[i..].starts_with(needle))
}

/// The longest text [`holds`] looks for without memmem.
const SHORT_NEEDLE: usize = 256;

/// The body: rich text blocks where the message has them, layout blocks'
/// text for apps, else the mrkdwn `text`. Blocks are read only when they
/// can say more than the text: a text without markup (no `<`, `&`, `*`,
/// `_`, `~`, `` ` ``, `:` or list bullet) that the blocks hold word for
/// word says all they would. Returns why the blocks could not be read, if
/// they could not.
fn body(
    m: &mut MessageBuilder<'_, '_>,
    msg: &Message<'_>,
    raw: &str,
    names: &mut Names<'_>,
) -> Option<String> {
    let mut broken = None;
    if let Some(json) = msg.blocks {
        let plain = !raw.is_empty()
            && !raw
                .bytes()
                .any(|b| matches!(b, b'<' | b'&' | b'*' | b'_' | b'~' | b'`' | b':' | 0xE2))
            && holds(json.get().as_bytes(), raw.as_bytes());
        if !plain {
            match serde_json::from_str::<Vec<super::json::Block<'_>>>(json.get()) {
                Ok(blocks) if blocks::kind(&blocks) != blocks::Kind::None => {
                    blocks::render(m, &blocks, names);
                    if !m.body().trim().is_empty() {
                        return None;
                    }
                }
                Ok(_) => {}
                Err(e) => broken = Some(e.to_string()),
            }
        }
    }
    mrkdwn::render(m, raw, names);
    broken
}

/// A legacy attachment: a shared message (forwarded), a link preview (a
/// link card), or an integration's post (its text, into the body).
fn attachment(m: &mut MessageBuilder<'_, '_>, a: &Attachment<'_>, names: &mut Names<'_>) {
    let link = text(a.title_link.as_ref())
        .or_else(|| text(a.from_url.as_ref()))
        .or_else(|| text(a.original_url.as_ref()));
    if a.is_share == Some(true) || a.is_msg_unfurl == Some(true) {
        m.forwarded_from(text(a.author_name.as_ref()));
        if let Some(t) = text(a.text.as_ref()).or_else(|| text(a.fallback.as_ref())) {
            new_line(m);
            mrkdwn::render(m, t, names);
        }
        return;
    }
    if text(a.from_url.as_ref()).is_some() || text(a.original_url.as_ref()).is_some() {
        let title = text(a.title.as_ref())
            .or_else(|| text(a.fallback.as_ref()))
            .or(link)
            .unwrap_or("");
        m.attachment(AttachmentKind::LinkCard, title, link.unwrap_or(""), None);
        return;
    }
    let mut any = false;
    if let Some(p) = text(a.pretext.as_ref()) {
        new_line(m);
        mrkdwn::render(m, p, names);
        any = true;
    }
    if let Some(t) = text(a.title.as_ref()) {
        new_line(m);
        match link {
            Some(l) => {
                m.link(&mrkdwn::decode(t), l);
            }
            None => mrkdwn::render(m, t, names),
        }
        any = true;
    }
    if let Some(t) = text(a.text.as_ref()) {
        new_line(m);
        mrkdwn::render(m, t, names);
        any = true;
    }
    for f in a.fields.iter().flatten() {
        let (title, value) = (text(f.title.as_ref()), text(f.value.as_ref()));
        if title.is_none() && value.is_none() {
            continue;
        }
        new_line(m);
        if let Some(t) = title {
            mrkdwn::render(m, t, names);
            m.text(": ");
        }
        if let Some(v) = value {
            mrkdwn::render(m, v, names);
        }
        any = true;
    }
    if !any {
        if let Some(f) = text(a.fallback.as_ref()) {
            new_line(m);
            mrkdwn::render(m, f, names);
        }
    }
    if let Some(img) = text(a.image_url.as_ref()) {
        m.attachment(
            AttachmentKind::Image,
            text(a.title.as_ref()).unwrap_or(""),
            img,
            None,
        );
    }
}

fn new_line(m: &mut MessageBuilder<'_, '_>) {
    let body = m.body();
    if !body.is_empty() && !body.ends_with('\n') {
        m.text("\n");
    }
}

/// A shared file: its kind from its type, its title, where it is (in the
/// export's `__uploads/` when there, else its Slack page) and its size.
fn file(m: &mut MessageBuilder<'_, '_>, f: &File<'_>, uploads: &HashSet<String>) {
    let mode = text(f.mode.as_ref()).unwrap_or("");
    let name = text(f.name.as_ref());
    let title = text(f.title.as_ref()).or(name);
    if mode == "tombstone" || mode == "hidden_by_limit" {
        let what = if mode == "tombstone" {
            "a deleted file"
        } else {
            "a file hidden by the plan's limit"
        };
        m.attachment(AttachmentKind::File, title.unwrap_or(what), "", None);
        return;
    }
    let mime = text(f.mimetype.as_ref()).unwrap_or("");
    let kind = if mime.starts_with("image/") {
        AttachmentKind::Image
    } else if mime.starts_with("video/") {
        AttachmentKind::Video
    } else if mime.starts_with("audio/") {
        AttachmentKind::Audio
    } else {
        AttachmentKind::File
    };
    let local = match (text(f.id.as_ref()), name) {
        (Some(id), Some(n)) => {
            let rel = format!("__uploads/{id}/{n}");
            uploads.contains(&rel).then_some(rel)
        }
        _ => None,
    };
    let target = local
        .as_deref()
        .or_else(|| text(f.permalink.as_ref()))
        .or_else(|| text(f.url_private.as_ref()))
        .unwrap_or("");
    let title = title.or_else(|| text(f.id.as_ref())).unwrap_or("");
    m.attachment(kind, title, target, f.size);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_to_seconds() {
        assert_eq!(seconds("1458208082.000002"), Some(1_458_208_082));
        assert_eq!(seconds("1458208082"), Some(1_458_208_082));
        assert_eq!(seconds("x.1"), None);
        assert_eq!(seconds(""), None);
        assert_eq!(seconds("12.3e4"), None);
        assert_eq!(seconds("99999999999999999999.0"), None);
    }
}

//! Facebook Messenger and Instagram direct messages, as Meta's "Download
//! your information" writes them in JSON: one folder per chat
//! (`messages/inbox/<name>_<id>/`) holding `message_1.json`,
//! `message_2.json` … of at most 10,000 messages each, newest first.
//! Both apps write the same JSON, so one parser reads both; they differ
//! only in the app their channels carry.
//!
//! - A file's root holds `participants`, `messages`, `title`,
//!   `thread_path` and more; see [`json`]. Messenger's end-to-end
//!   encrypted chats come in a layout of their own (`threadName`,
//!   `senderName`, `timestamp`, `text`, `media`), read by the same shapes.
//! - Every string is repaired from Meta's mojibake ([`mojibake`]).
//! - Chat: the `message_N.json` files of one folder are one chat (keyed by
//!   the folder, so a chat split over several files is one channel), named
//!   by `title`, else its participants, else the folder; any other file is
//!   a chat of its own. A chat with a title and participants is also known
//!   by them ([`Chat::same_as`](super::Chat::same_as)), so that the
//!   encrypted copy of a chat joins its regular folder's channel. Instagram
//!   is told from Messenger by the path: any
//!   folder (or zip) whose name holds `instagram`, as
//!   `your_instagram_activity/` does.
//! - Time: `timestamp_ms` is an instant (UTC milliseconds), shown in the
//!   reader's zone; messages are put oldest first.
//! - What a message holds is in [`message`].

mod json;
mod message;
pub mod mojibake;

use std::path::Path;

use super::{Builder, Confidence, Format, Loc, ParseContext, Parsed, Probe};
use crate::model::Severity;

/// Facebook Messenger's export.
pub static MESSENGER: &dyn Format = &Meta(App::Messenger);

/// Instagram's direct messages.
pub static INSTAGRAM: &dyn Format = &Meta(App::Instagram);

/// Which app's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum App {
    Messenger,
    Instagram,
}

/// The Meta JSON format, for one app.
#[derive(Debug, Clone, Copy)]
struct Meta(App);

impl Format for Meta {
    fn name(&self) -> &'static str {
        match self.0 {
            App::Messenger => "messenger",
            App::Instagram => "instagram",
        }
    }

    fn aliases(&self) -> &'static [&'static str] {
        match self.0 {
            App::Messenger => &["facebook", "fb"],
            App::Instagram => &["ig"],
        }
    }

    fn app(&self) -> &'static str {
        match self.0 {
            App::Messenger => "Messenger",
            App::Instagram => "Instagram",
        }
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    /// A JSON object whose head has a Meta message's keys (`sender_name`
    /// and `timestamp_ms`, or the encrypted layout's `senderName`,
    /// `timestamp` and `threadName`) or starts with a list of
    /// participants; sure when the file is also named `message_N.json` or
    /// sits below an Instagram folder. Instagram takes the files below a
    /// folder (or zip) named with `instagram`, Messenger the others. A file
    /// named `message_N.json` is claimed by its name alone, so that one too
    /// damaged to show its keys is reported rather than skipped.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        if !probe.has_ext("json") {
            return None;
        }
        let instagram = is_instagram_path(probe.path);
        if instagram != (self.0 == App::Instagram) {
            return None;
        }
        let named = message_number(probe.name).is_some();
        if !is_meta_head(probe.text()) {
            // `message_N.json` is a chat file, even one too damaged to say so.
            return named.then_some(Confidence::Name);
        }
        Some(if instagram || named {
            Confidence::Certain
        } else {
            Confidence::Content
        })
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse(*self, bytes, ctx)
    }
}

/// `N` of `message_N.json`.
fn message_number(name: &str) -> Option<u32> {
    name.strip_prefix("message_")?
        .strip_suffix(".json")?
        .parse()
        .ok()
}

/// Whether a folder (or zip) on the path says Instagram.
fn is_instagram_path(path: &Path) -> bool {
    let mut parts = path.components().rev();
    parts.next(); // the file itself
    parts.any(|c| {
        c.as_os_str()
            .to_string_lossy()
            .to_ascii_lowercase()
            .contains("instagram")
    })
}

/// Whether the first bytes of a file look like a Meta chat file.
fn is_meta_head(head: &str) -> bool {
    let h = head.trim_start();
    if !h.starts_with('{') {
        return false;
    }
    let classic = h.contains("\"sender_name\"") && h.contains("\"timestamp_ms\"");
    let e2ee = h.contains("\"senderName\"")
        && h.contains("\"timestamp\"")
        && (h.contains("\"threadName\"") || h.contains("\"participants\""));
    classic || e2ee || participants_first(h)
}

/// Whether the root object starts with `"participants": [{"name": …`
/// (a long list of participants can fill the head).
fn participants_first(h: &str) -> bool {
    let mut rest = h[1..].trim_start();
    for token in ["\"participants\"", ":", "[", "{", "\"name\"", ":", "\""] {
        let Some(r) = rest.strip_prefix(token) else {
            return false;
        };
        rest = r.trim_start();
    }
    true
}

/// The repaired, trimmed name of a chat from its folder:
/// `alice_aaaaaaaaaa` → `alice` (the last `_part` is the chat's id).
fn folder_chat_name(folder: &str) -> &str {
    match folder.rsplit_once('_') {
        Some((name, id))
            if !name.is_empty()
                && id.len() >= 6
                && id.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            name
        }
        _ => folder,
    }
}

fn parse(format: Meta, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    let mut b = Builder::new(&format, ctx);
    let mut decoded = Vec::new();
    let text = ctx.decode(bytes, &mut decoded);
    for d in decoded {
        b.diag(Loc::Line(d.line), d.severity, d.message);
    }
    let body = text.trim_start_matches('\u{feff}');
    let mut msgs = Vec::new();
    let mut bad = message::Capped::default();
    let (thread, result) = json::read(body, |m, at| match m {
        Ok(m) => msgs.push((m, at)),
        Err(why) => bad.push(at.line, format!("not a message ({why}); skipped")),
    });
    let mut fatal = false;
    match result {
        Err(e) if msgs.is_empty() => {
            b.diag(Loc::Line(e.line), Severity::Error, e.message);
            fatal = true;
        }
        Err(e) => b.diag(
            Loc::Line(e.line),
            Severity::Warning,
            format!("{}; the messages before it are shown", e.message),
        ),
        Ok(()) if !thread.has_messages => {
            b.diag(
                Loc::Line(1),
                Severity::Error,
                format!("no list of messages: not a {} chat file", format.app()),
            );
            fatal = true;
        }
        Ok(()) => {}
    }
    bad.finish(&mut b);
    if fatal {
        return b.finish();
    }
    let name = chat_name(&thread, ctx);
    let key = chat_key(&thread, ctx);
    let chat = b.chat(&key, Some(&name));
    if let Some(same) = same_conversation(&thread) {
        b.same_as(chat, same);
    }
    message::build_all(&mut b, chat, msgs, thread.e2ee, ctx.zone);
    b.finish()
}

/// What makes two files one chat: the folder of `message_N.json` files,
/// else the thread's path or name in the export, else the file itself.
fn chat_key(thread: &json::Thread<'_>, ctx: &ParseContext<'_>) -> String {
    let name = ctx.path.file_name().unwrap_or_default().to_string_lossy();
    if message_number(&name).is_some() {
        return format!("folder:{}", ctx.folder.display());
    }
    if let Some(p) = thread.thread_path.as_deref().filter(|p| !p.is_empty()) {
        return format!("thread:{p}");
    }
    if thread.e2ee {
        if let Some(t) = thread.title.as_deref().filter(|t| !t.is_empty()) {
            return format!("e2ee:{t}");
        }
    }
    format!("file:{}", ctx.path.display())
}

/// What makes a chat of one layout the same conversation as one of the
/// other (the encrypted copy of a DM beside its regular folder): the same
/// title (the encrypted layout's `threadName` without its `_N`) and the
/// same people, both given, repaired and trimmed; the people in any order.
fn same_conversation(thread: &json::Thread<'_>) -> Option<String> {
    let title = thread.title.as_deref()?;
    let title = titled(&mojibake::repair(title.into()), thread.e2ee).to_owned();
    let mut people = people(thread);
    if title.is_empty() || people.is_empty() {
        return None;
    }
    people.sort_unstable();
    people.dedup();
    // Unit separators cannot be in a name: they are controls.
    Some(format!("people:{title}\u{1f}{}", people.join("\u{1f}")))
}

/// The repaired, trimmed names of the participants given.
fn people(thread: &json::Thread<'_>) -> Vec<String> {
    thread
        .participants
        .iter()
        .filter_map(|p| p.name.as_deref())
        .map(|n| mojibake::repair(n.into()).trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// A repaired title trimmed, without the number the encrypted layout
/// gives its threads (`Them_40`).
fn titled(t: &str, e2ee: bool) -> &str {
    let t = t.trim();
    if e2ee {
        if let Some((name, n)) = t.rsplit_once('_') {
            if !name.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) {
                return name;
            }
        }
    }
    t
}

/// The chat's name: its title, else its participants, else its folder
/// (for `message_N.json`) or file.
fn chat_name(thread: &json::Thread<'_>, ctx: &ParseContext<'_>) -> String {
    if let Some(t) = thread.title.as_deref() {
        let t = mojibake::repair(t.into());
        let t = titled(&t, thread.e2ee);
        if !t.is_empty() {
            return t.to_owned();
        }
    }
    let people = people(thread);
    if !people.is_empty() {
        return people.join(", ");
    }
    let file = ctx.path.file_name().unwrap_or_default().to_string_lossy();
    if message_number(&file).is_some() {
        let folder = ctx.folder_name();
        let name = folder_chat_name(&folder);
        if !name.is_empty() {
            return name.to_owned();
        }
    }
    ctx.path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

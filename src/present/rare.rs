//! How the rare data of a message is shown, in the interface, `show` and
//! the exports alike: the one-line quote of the message it replies to,
//! whom it was forwarded from, its reactions, and the `(edited)` mark.
//!
//! Each is a line of text above the body (forwarded-from, then the quote)
//! or below it (reactions); callers cut a line to their width with `…`,
//! so it always takes one row. The counts ([`rows_before`],
//! [`rows_after`]) are cheap, for layouts that must not build the text.

use crate::model::{Archive, Day, Flags, MessageKind, Reply};
use crate::text::sanitize_line;

/// The mark written after the body of an edited message.
pub const EDITED: &str = "(edited)";

/// What a line around a body says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// `↪ forwarded from NAME`.
    Forwarded,
    /// `↳ NAME: the parent's first line`.
    Quote,
    /// `↳ a reply to a message not in this archive (id ID)`.
    QuoteMissing,
    /// `👍 3  ❤ 1`.
    Reactions,
}

/// A line shown above or below a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

/// The speaker's label as shown beside a message: `* name` for an action
/// (`/me waves` reads `* name  waves`), else the name (`(no name)` when
/// empty).
pub fn label(name: &str, kind: MessageKind) -> std::borrow::Cow<'_, str> {
    let shown = crate::speaker::label(name);
    if kind == MessageKind::Action {
        format!("* {shown}").into()
    } else {
        shown
    }
}

/// Whether a message shows its speaker's name even right after another
/// of the same speaker (actions and system messages always do).
pub fn always_named(kind: MessageKind) -> bool {
    kind != MessageKind::Message
}

/// How many lines [`before`] gives, without building them.
pub fn rows_before(day: &Day, index: usize) -> usize {
    let Some(m) = day.messages.get(index) else {
        return 0;
    };
    if !m.flags.has(Flags::EXTRA) && !m.flags.has(Flags::FORWARDED) {
        return 0;
    }
    usize::from(m.flags.has(Flags::FORWARDED)) + usize::from(day.reply(index).is_some())
}

/// How many lines [`after`] gives, without building them.
pub fn rows_after(day: &Day, index: usize) -> usize {
    usize::from(!day.reactions(index).is_empty())
}

/// The lines above the body of message `index` of `day`: whom it was
/// forwarded from, then the quote of its parent.
pub fn before(archive: &Archive, day: &Day, index: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    if let Some(from) = day.forwarded_from(index) {
        lines.push(Line {
            kind: LineKind::Forwarded,
            text: forwarded(from),
        });
    }
    if let Some(q) = quote(archive, day, index) {
        lines.push(q);
    }
    lines
}

/// The lines below the body of message `index` of `day`: its reactions.
pub fn after(day: &Day, index: usize) -> Vec<Line> {
    reactions(day, index)
        .map(|text| Line {
            kind: LineKind::Reactions,
            text,
        })
        .into_iter()
        .collect()
}

/// `↪ forwarded from NAME`, or `↪ forwarded` when the name is not known.
pub fn forwarded(from: &str) -> String {
    if from.is_empty() {
        "↪ forwarded".to_owned()
    } else {
        format!("↪ forwarded from {}", sanitize_line(from))
    }
}

/// The one-line quote of the message that message `index` replies to.
pub fn quote(archive: &Archive, day: &Day, index: usize) -> Option<Line> {
    Some(match day.reply(index)? {
        Reply::Found(r) => {
            let (pday, parent) = archive.message_at(r)?;
            let name = archive.speakers.name(parent.speaker);
            let excerpt = excerpt(pday, r.message as usize);
            let name = crate::speaker::label(name);
            Line {
                kind: LineKind::Quote,
                // A parent on another day (a late reply in a thread) says which.
                text: if std::ptr::eq(pday, day) {
                    format!("↳ {}: {excerpt}", sanitize_line(&name))
                } else {
                    format!("↳ {} {}: {excerpt}", pday.date, sanitize_line(&name))
                },
            }
        }
        Reply::Missing(id) => Line {
            kind: LineKind::QuoteMissing,
            text: missing(id),
        },
    })
}

/// What the quote of a parent that is not in the archive says.
pub fn missing(id: &str) -> String {
    if id.is_empty() {
        "↳ a reply to a message not in this archive".to_owned()
    } else {
        format!(
            "↳ a reply to a message not in this archive (id {})",
            sanitize_line(id)
        )
    }
}

/// The most characters of a parent's first line a quote copies.
pub const EXCERPT_CHARS: usize = 160;

/// The first line of a message's body for a quote, or what it holds when
/// it has no text (`[photo]`, `[file]`), or `…` when it is empty.
pub fn excerpt(day: &Day, index: usize) -> String {
    let Some(m) = day.messages.get(index) else {
        return String::new();
    };
    let body = day.body(m);
    let mut lines = body.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    // A quote is one row: a huge first line is not copied whole.
    let cut = first
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(first.len(), |(i, _)| i);
    let mut text = sanitize_line(&first[..cut]).into_owned();
    if cut < first.len() || lines.next().is_some() {
        text.push_str(" …");
    }
    if text.is_empty() {
        text = day
            .attachments(index)
            .first()
            .map_or_else(|| "…".to_owned(), |a| format!("[{}]", a.kind.label()));
    }
    text
}

/// The reactions of message `index` as `👍 3  ❤ 1`, if it has any.
pub fn reactions(day: &Day, index: usize) -> Option<String> {
    let list = day.reactions(index);
    if list.is_empty() {
        return None;
    }
    let parts: Vec<String> = list
        .iter()
        .map(|r| format!("{} {}", sanitize_line(day.str(r.emoji)), r.count))
        .collect();
    Some(parts.join("  "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::{Builder, Loc, ParseContext, jekyll};
    use crate::model::{AttachmentKind, Style, TimeOfDay, Zone};
    use chrono::NaiveDate;
    use std::path::Path;

    /// An archive of one day: a message, a reply to it, a forwarded reply
    /// to a missing message with reactions, a reply to a photo.
    pub(crate) fn archive() -> Archive {
        let ctx = ParseContext {
            path: Path::new("chat.json"),
            folder: Path::new(""),
            zone: Zone::Local,
        };
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat("c", Some("Chat"));
        let ann = b.speaker("Ann", Loc::Line(1));
        let bob = b.speaker("Bob", Loc::Line(1));
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let t = |m| TimeOfDay::from_hms(10, m, 0).unwrap();
        {
            let mut m = b.message(chat, date, t(0), ann, Loc::Line(1));
            m.text("lunch at noon?\nor later");
            m.id("1");
        }
        {
            let mut m = b.message(chat, date, t(1), bob, Loc::Line(2));
            m.styled(Style::Bold, "noon");
            m.text(" works");
            m.id("2").reply_to("1");
        }
        {
            let mut m = b.message(chat, date, t(2), bob, Loc::Line(3));
            m.text("old news");
            m.reply_to("99")
                .forwarded_from(Some("Carol"))
                .reaction("👍", 3)
                .reaction("❤", 1)
                .flag(Flags::EDITED);
        }
        {
            let mut m = b.message(chat, date, t(3), ann, Loc::Line(4));
            m.attachment(AttachmentKind::Image, "", "photos/1.jpg", None);
            m.id("4");
        }
        {
            let mut m = b.message(chat, date, t(4), bob, Loc::Line(5));
            m.text("nice");
            m.reply_to("4").forwarded_from(None);
        }
        crate::archive::from_parsed([b.finish()])
    }

    #[test]
    fn lines_around_replies_forwards_and_reactions() {
        let a = archive();
        let d = &a.days[0];
        let shown = |i: usize| {
            let mut v: Vec<String> = before(&a, d, i).into_iter().map(|l| l.text).collect();
            v.push("BODY".into());
            v.extend(after(d, i).into_iter().map(|l| l.text));
            assert_eq!(rows_before(d, i) + 1 + rows_after(d, i), v.len(), "{i}");
            v
        };
        assert_eq!(shown(0), vec!["BODY"]);
        assert_eq!(shown(1), vec!["↳ Ann: lunch at noon? …", "BODY"]);
        assert_eq!(
            shown(2),
            vec![
                "↪ forwarded from Carol",
                "↳ a reply to a message not in this archive (id 99)",
                "BODY",
                "👍 3  ❤ 1"
            ]
        );
        assert_eq!(shown(3), vec!["BODY"]);
        assert_eq!(shown(4), vec!["↪ forwarded", "↳ Ann: [photo]", "BODY"]);
        assert_eq!(
            before(&a, d, 2)[1].kind,
            LineKind::QuoteMissing,
            "a missing parent is said plainly"
        );
    }

    #[test]
    fn index_of_finds_a_message_of_the_day_only() {
        let a = archive();
        let d = &a.days[0];
        for (i, m) in d.messages.iter().enumerate() {
            assert_eq!(d.index_of(m), Some(i));
        }
        let other = d.messages[0];
        assert_eq!(d.index_of(&other), None);
        assert_eq!(d.source_id(0), Some("1"));
        assert_eq!(d.source_id(2), None);
        assert_eq!(d.forwarded_from(2), Some("Carol"));
        assert_eq!(d.forwarded_from(4), Some(""));
        assert_eq!(d.forwarded_from(0), None);
    }
}

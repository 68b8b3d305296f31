//! How a message is shown: the text drawn (images become a marked
//! `[image] URL` line, a system message starts with `[system]`, each
//! attachment is a labelled line such as `[link] title · host` or
//! `[file] name (size)`) and the style of each part, with search hits
//! mapped from the message's search text onto it. Shared by the layout
//! (row counts) and the view (drawing), so both always agree.

use std::borrow::Cow;
use std::ops::Range;

use crate::archive::formats;
use crate::model::{Card, Channel, Day, Flags, Message, MessageKind, SpanKind, Style};
use crate::present::rare::EDITED;
use crate::present::{NO_TEXT, SYSTEM_MARKER, emoji_for};
use crate::settings::EmojiMode;

/// The sign drawn before a channel's name: `#` when its app calls its
/// channels `#name` ([`hash_named`](formats::Format::hash_named): Slack's
/// and the reference format's) and the name does not start with one
/// already; else nothing, the name is shown as it is: IRC's carry their
/// own sign (`#rust`, `##chat`), Discord's have theirs inside (`Guild /
/// #general`), and Telegram's, WhatsApp's, Messenger's, Instagram's and
/// LINE's chats are named by a title or a person (`Family`, `Yuki Sato`).
/// Never `##rust` nor `#Guild / #general`.
pub fn channel_sign(channel: &Channel) -> &'static str {
    let hash_named = formats::REGISTRY
        .iter()
        .any(|f| f.app() == channel.app && f.hash_named());
    if hash_named && !channel.name.starts_with('#') {
        "#"
    } else {
        ""
    }
}

/// A channel's name as the interface writes it: `#general` (Slack),
/// `#rust` (IRC), `Guild / #general` (Discord), `Family` (WhatsApp).
pub fn channel_label(channel: &Channel) -> String {
    format!("{}{}", channel_sign(channel), channel.name)
}

/// What a run of displayed text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Link,
    Mention,
    Emoji,
    ImageMarker,
    /// The label of an attachment or of a system message: `[link]`, `[system]`.
    Marker,
    /// What follows an attachment's title: `· host`, `(size)`.
    Detail,
    Hit,
    /// Bold, italic, struck-out or code text (Telegram entities, Slack mrkdwn).
    Styled(Style),
    /// The `(edited)` mark after an edited message's body.
    Edited,
}

/// The text of a body as displayed, with styled runs (byte ranges into `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Display<'a> {
    pub text: Cow<'a, str>,
    /// Styled runs, sorted by start; hits may overlap other parts.
    pub parts: Vec<(Range<usize>, Part)>,
}

/// The marker written before an image's URL.
pub const IMAGE_MARKER: &str = "[image]";

/// Builds the displayed text of `msg` (a reference into `day.messages`),
/// marking `hits` (byte ranges into its search text, as the matcher gives
/// them) and its style spans; with [`EmojiMode::Unicode`] emoji codes
/// become emoji. An edited message's body ends with `(edited)`.
pub fn display<'a>(
    day: &'a Day,
    msg: &Message,
    hits: &[Range<usize>],
    emoji: EmojiMode,
) -> Display<'a> {
    let cards: Vec<Card<'a>> = if msg.flags.has(Flags::EXTRA) {
        day.index_of(msg)
            .map(|i| day.cards(i).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let system = msg.kind == MessageKind::System;
    let body_len = msg.body.len();
    let shown = with_edited(msg, display_body(day, msg, hits, emoji));
    if !system && cards.is_empty() {
        return shown;
    }
    let mut parts = shown.parts;
    let mut text = String::new();
    if system {
        text.push_str(SYSTEM_MARKER);
        if !shown.text.is_empty() {
            text.push(' ');
            let shift = text.len();
            for (r, _) in &mut parts {
                *r = r.start + shift..r.end + shift;
            }
        } else if cards.is_empty() {
            text.push(' ');
            let start = text.len();
            text.push_str(NO_TEXT);
            parts.push((start..text.len(), Part::Detail));
        }
        parts.push((0..SYSTEM_MARKER.len(), Part::Marker));
    }
    text.push_str(&shown.text);
    // Each title's place in the search text: after the body and a newline
    // for each attachment before it.
    let mut at = body_len;
    for card in &cards {
        at += 1;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let m = text.len();
        text.push_str(&card.marker());
        parts.push((m..text.len(), Part::Marker));
        if !card.title.is_empty() {
            text.push(' ');
            let t = text.len();
            text.push_str(card.title);
            if card.is_web() {
                parts.push((t..text.len(), Part::Link));
            }
            for h in hits {
                let (s, e) = (h.start.max(at), h.end.min(at + card.title.len()));
                if s < e {
                    parts.push((t + (s - at)..t + (e - at), Part::Hit));
                }
            }
        }
        if let Some(d) = card.detail_text() {
            text.push(' ');
            let t = text.len();
            text.push_str(&d);
            parts.push((t..text.len(), Part::Detail));
        }
        at += card.title.len();
    }
    parts.sort_by_key(|(r, _)| r.start);
    Display {
        text: Cow::Owned(text),
        parts,
    }
}

/// `shown` with `(edited)` after it when `msg` was edited.
fn with_edited<'a>(msg: &Message, mut shown: Display<'a>) -> Display<'a> {
    if msg.flags.has(Flags::EDITED) {
        let text = shown.text.to_mut();
        if !text.is_empty() {
            text.push(' ');
        }
        let at = text.len();
        text.push_str(EDITED);
        shown.parts.push((at..text.len(), Part::Edited));
    }
    shown
}

/// The style spans of `msg` as byte ranges into its body.
fn styles(day: &Day, msg: &Message) -> Vec<(Range<usize>, Style)> {
    if !msg.flags.has(Flags::EXTRA) {
        return Vec::new();
    }
    let Some(index) = day.index_of(msg) else {
        return Vec::new();
    };
    day.body_styles(index)
}

/// The body alone, with `hits` that lie in it.
fn display_body<'a>(
    day: &'a Day,
    msg: &Message,
    hits: &[Range<usize>],
    emoji: EmojiMode,
) -> Display<'a> {
    let body = day.body(msg);
    let in_body = |h: &&Range<usize>| h.start < body.len();
    let clamp = |h: &Range<usize>| h.start..h.end.min(body.len());
    let styles = styles(day, msg);
    let base = msg.body.start;
    let spans = day.spans(msg);
    let unicode = emoji == EmojiMode::Unicode;
    let target = |s: &crate::model::Span| &day.text[s.target.range()];
    let rewrite = spans.iter().any(|s| {
        s.kind == SpanKind::Image
            || unicode && s.kind == SpanKind::Emoji && emoji_for(target(s)).is_some()
    });
    let mut parts = Vec::new();
    if !rewrite {
        for s in spans {
            let r = (s.range.start - base) as usize..(s.range.end - base) as usize;
            parts.push((r, part_of(s.kind)));
        }
        parts.extend(hits.iter().filter(in_body).map(|h| (clamp(h), Part::Hit)));
        parts.extend(styles.into_iter().map(|(r, s)| (r, Part::Styled(s))));
        parts.sort_by_key(|(r, _)| r.start);
        return Display {
            text: Cow::Borrowed(body),
            parts,
        };
    }
    // Copy the body, replacing each image by a line `[image] URL`, and
    // remember where each copied run of the body went.
    let mut text = String::with_capacity(body.len() + 16);
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (body start, text start, len)
    let mut at = 0usize;
    let copy = |text: &mut String, runs: &mut Vec<_>, from: usize, to: usize| {
        if to > from {
            runs.push((from, text.len(), to - from));
            text.push_str(&body[from..to]);
        }
    };
    for s in spans {
        let (start, end) = (
            (s.range.start - base) as usize,
            (s.range.end - base) as usize,
        );
        copy(&mut text, &mut runs, at, start);
        if s.kind == SpanKind::Image {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            let m = text.len();
            text.push_str(IMAGE_MARKER);
            parts.push((m..text.len(), Part::ImageMarker));
            text.push(' ');
            let (ts, te) = (
                (s.target.start - base) as usize,
                (s.target.end - base) as usize,
            );
            let u = text.len();
            copy(&mut text, &mut runs, ts, te);
            parts.push((u..text.len(), Part::Link));
            if body[end..].chars().next().is_some_and(|c| c != '\n') {
                text.push('\n');
            }
        } else if let Some(e) = (unicode && s.kind == SpanKind::Emoji)
            .then(|| emoji_for(target(s)))
            .flatten()
        {
            let t = text.len();
            text.push_str(e);
            parts.push((t..text.len(), Part::Emoji));
        } else {
            let t = text.len();
            copy(&mut text, &mut runs, start, end);
            parts.push((t..text.len(), part_of(s.kind)));
        }
        at = end;
    }
    copy(&mut text, &mut runs, at, body.len());
    let marked = hits
        .iter()
        .filter(in_body)
        .map(|h| (clamp(h), Part::Hit))
        .chain(styles.into_iter().map(|(r, s)| (r, Part::Styled(s))));
    for (h, part) in marked {
        for &(bs, ts, len) in &runs {
            let (s, e) = (h.start.max(bs), h.end.min(bs + len));
            if s < e {
                parts.push((ts + (s - bs)..ts + (e - bs), part));
            }
        }
    }
    parts.sort_by_key(|(r, _)| r.start);
    Display {
        text: Cow::Owned(text),
        parts,
    }
}

fn part_of(kind: SpanKind) -> Part {
    match kind {
        SpanKind::Image => Part::ImageMarker,
        SpanKind::Link => Part::Link,
        SpanKind::Mention => Part::Mention,
        SpanKind::Emoji => Part::Emoji,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::parse_day;
    use std::path::Path;

    fn channel(app: &'static str, name: &str) -> Channel {
        Channel {
            name: name.into(),
            app,
            path: name.into(),
            parent: None,
            days: 0..0,
        }
    }

    #[test]
    fn a_channel_gets_a_sign_only_where_its_app_uses_one_and_it_has_none() {
        let label = |app, name| channel_label(&channel(app, name));
        // Slack's and the reference format's names are written with `#`.
        assert_eq!(label("Slack", "general"), "#general");
        assert_eq!(label("WeChat", "家族群"), "#家族群");
        // IRC's carry their own, which is not doubled; a query log's nick
        // stays a nick.
        assert_eq!(label("IRC", "#rust"), "#rust");
        assert_eq!(label("IRC", "##chat"), "##chat");
        assert_eq!(label("IRC", "&local"), "&local");
        assert_eq!(label("IRC", "anna"), "anna");
        // Discord's carry theirs inside.
        assert_eq!(label("Discord", "Guild / #general"), "Guild / #general");
        assert_eq!(
            label("Discord", "Direct Messages / ana"),
            "Direct Messages / ana"
        );
        // Chats named by a title or a person are shown as they are.
        for app in ["Telegram", "WhatsApp", "Messenger", "Instagram", "LINE"] {
            assert_eq!(label(app, "Family"), "Family", "{app}");
            assert_eq!(channel_sign(&channel(app, "Family")), "", "{app}");
        }
        // A name that has its sign already is never given a second.
        assert_eq!(label("Slack", "#general"), "#general");
        assert_eq!(channel_sign(&channel("Slack", "general")), "#");
    }

    fn day(body: &str) -> Day {
        let text =
            format!("---\ndate: 2018-01-22 12:00:00\n---\n> 07:18:33  Ark  \n   \n{body}  \n   \n");
        let p = parse_day(Path::new("x.markdown"), &text);
        Day {
            date: p.date.unwrap(),
            channel: 0,
            sources: vec![0],
            front_matter: p.front_matter,
            messages: p.messages,
            text: p.text,
            spans: p.spans,
            speaker_count: 1,
            rare: p.rare,
        }
    }

    #[test]
    fn images_become_a_marked_line_with_the_url() {
        let d = day("看图![2018-01-22 07:18:33](http://x.cn/a.png)好");
        let shown = display(&d, &d.messages[0], &[], EmojiMode::Code);
        assert_eq!(shown.text, "看图\n[image] http://x.cn/a.png\n好");
        let kinds: Vec<(&str, Part)> = shown
            .parts
            .iter()
            .map(|(r, p)| (&shown.text[r.clone()], *p))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("[image]", Part::ImageMarker),
                ("http://x.cn/a.png", Part::Link)
            ]
        );
    }

    #[test]
    fn hits_map_through_the_rewrite() {
        let d = day("a.png前![t](http://x.cn/a.png)a.png后");
        let body = d.body(&d.messages[0]);
        let hits: Vec<Range<usize>> = body
            .match_indices("a.png")
            .map(|(i, s)| i..i + s.len())
            .collect();
        let shown = display(&d, &d.messages[0], &hits, EmojiMode::Code);
        let hit_text: Vec<&str> = shown
            .parts
            .iter()
            .filter(|(_, p)| *p == Part::Hit)
            .map(|(r, _)| &shown.text[r.clone()])
            .collect();
        assert_eq!(hit_text, vec!["a.png", "a.png", "a.png"]);
    }

    #[test]
    fn emoji_codes_become_emoji_when_asked() {
        let d = day("好[强][强][不存在的表情]");
        let shown = display(&d, &d.messages[0], &[], EmojiMode::Unicode);
        assert_eq!(shown.text, "好👍👍[不存在的表情]");
        assert_eq!(
            shown
                .parts
                .iter()
                .filter(|(_, p)| *p == Part::Emoji)
                .count(),
            3
        );
        let kept = display(&d, &d.messages[0], &[], EmojiMode::Code);
        assert_eq!(kept.text, "好[强][强][不存在的表情]");
        assert_eq!(emoji_for("捂脸"), Some("🤦"));
        assert_eq!(emoji_for("OK"), Some("👌"));
    }

    #[test]
    fn plain_bodies_are_borrowed() {
        let d = day("@ark-滴滴-开发?没有区块链了[强]");
        let hit = 3..6;
        let shown = display(
            &d,
            &d.messages[0],
            std::slice::from_ref(&hit),
            EmojiMode::Code,
        );
        assert!(matches!(shown.text, Cow::Borrowed(_)));
        let kinds: Vec<Part> = shown.parts.iter().map(|(_, p)| *p).collect();
        assert_eq!(kinds, vec![Part::Mention, Part::Hit, Part::Emoji]);
    }
}

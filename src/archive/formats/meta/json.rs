//! The JSON of a Meta "Download your information" chat file: the shapes
//! daybook reads (borrowing from the file's text where no escape forces a
//! copy; every other field is skipped), and a reader of the root object
//! that takes the `messages` array one message at a time, keeping each
//! message's line and the messages before a broken one.
//!
//! Both layouts are read by the same shapes: the classic one
//! (`sender_name`, `timestamp_ms`, `content`, `photos` …) and the one of
//! Messenger's end-to-end encrypted chats (`senderName`, `timestamp`,
//! `text`, `media`, `isUnsent`; participants as plain strings and the chat
//! named by `threadName`).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

pub(super) use crate::archive::formats::json_scan::{At, Broken};
use crate::archive::formats::json_scan::{LineCounter, elements, skip, skip_ws, trailing, value};

/// A string field; borrowed from the file when it holds no escape.
pub(super) type Str<'a> = Cow<'a, str>;

/// A number that some writers put in a string (`"1415147732056"`), or a
/// float; `None` for anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Num(pub Option<i64>);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(i64::try_from(v).ok()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Some(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num(
                    (v.is_finite() && v.abs() < 9.0e18).then_some(v.trunc() as i64)
                ))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                Ok(Num(v.trim().parse().ok()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Num, E> {
                Ok(Num(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// One message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Message<'a> {
    #[serde(borrow, alias = "senderName")]
    pub sender_name: Option<Str<'a>>,
    pub timestamp_ms: Option<Num>,
    /// Milliseconds too, in the end-to-end encrypted layout.
    pub timestamp: Option<Num>,
    #[serde(borrow)]
    pub content: Option<Str<'a>>,
    /// The text, in the end-to-end encrypted layout.
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    /// `Generic`, `Share`, `Call`, `Subscribe`, `Unsubscribe` … (classic);
    /// `text`, `media`, `link`, `placeholder` (end-to-end encrypted).
    #[serde(borrow)]
    pub r#type: Option<Str<'a>>,
    #[serde(alias = "isUnsent")]
    pub is_unsent: Option<bool>,
    #[serde(borrow)]
    pub photos: Option<Vec<Media<'a>>>,
    #[serde(borrow)]
    pub videos: Option<Vec<Media<'a>>>,
    #[serde(borrow)]
    pub audio_files: Option<Vec<Media<'a>>>,
    #[serde(borrow)]
    pub files: Option<Vec<Media<'a>>>,
    #[serde(borrow)]
    pub gifs: Option<Vec<Media<'a>>>,
    /// Any media, in the end-to-end encrypted layout.
    #[serde(borrow)]
    pub media: Option<Vec<Media<'a>>>,
    #[serde(borrow)]
    pub sticker: Option<Media<'a>>,
    #[serde(borrow)]
    pub share: Option<Share<'a>>,
    #[serde(borrow)]
    pub reactions: Option<Vec<Reaction<'a>>>,
    pub call_duration: Option<Num>,
    /// Who was added or removed (`Subscribe`, `Unsubscribe`).
    #[serde(borrow)]
    pub users: Option<People<'a>>,
}

/// A photo, video, audio clip, file, GIF or sticker: a path in the export.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Media<'a> {
    #[serde(borrow)]
    pub uri: Option<Str<'a>>,
}

/// A shared link (`link`), or a share without one (a live location's
/// `share_text`).
#[derive(Debug, Default, Deserialize)]
#[allow(clippy::struct_field_names, reason = "the names of Meta's JSON")]
#[serde(default)]
pub(super) struct Share<'a> {
    #[serde(borrow)]
    pub link: Option<Str<'a>>,
    #[serde(borrow)]
    pub share_text: Option<Str<'a>>,
    #[serde(borrow)]
    pub original_content_owner: Option<Str<'a>>,
}

/// A reaction: an emoji and who gave it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Reaction<'a> {
    #[serde(borrow)]
    pub reaction: Option<Str<'a>>,
    #[serde(borrow)]
    pub actor: Option<Str<'a>>,
}

/// A person: `{"name": …}` in the classic layout, a plain string in the
/// end-to-end encrypted one.
#[derive(Debug, Default)]
pub(super) struct Person<'a> {
    pub name: Option<Str<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Person<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Person<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name or an object with a name")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut name = None;
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    if key == "name" {
                        name = map.next_value::<MaybeStr<'de>>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Person { name })
            }
        }
        // A string is a name; an object may hold one; anything else is nobody.
        d.deserialize_any(MaybeStrOr(V)).map(|r| match r {
            Either::Str(s) => Person { name: s },
            Either::Other(p) => p,
        })
    }
}

/// A string, or `None` for a value of any other shape (skipped).
#[derive(Debug, Default)]
pub(super) struct MaybeStr<'a>(pub Option<Str<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for MaybeStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Nothing;
        impl<'de> Visitor<'de> for Nothing {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
        d.deserialize_any(MaybeStrOr(Nothing)).map(|r| match r {
            Either::Str(s) => MaybeStr(s),
            Either::Other(()) => MaybeStr(None),
        })
    }
}

enum Either<'a, T> {
    Str(Option<Str<'a>>),
    Other(T),
}

/// A visitor that takes strings itself, skips scalars and lists, and
/// leaves maps to `V`.
struct MaybeStrOr<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for MaybeStrOr<V> {
    type Value = Either<'de, V::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Either::Str(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Either::Str(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Either::Str(Some(Cow::Owned(v))))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Either::Str(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Either::Str(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Either::Str(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Either::Str(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Either::Str(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Either::Str(None))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Either::Other)
    }
}

/// A list of people, leaving out entries without a name.
#[derive(Debug, Default)]
pub(super) struct People<'a>(pub Vec<Person<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for People<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = People<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of people")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<Person<'de>>()? {
                    if p.name.is_some() {
                        out.push(p);
                    }
                }
                Ok(People(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(People(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// What the root object says besides its messages.
#[derive(Debug, Default)]
#[allow(clippy::struct_field_names, reason = "the names of Meta's JSON")]
pub(super) struct Thread<'a> {
    pub participants: Vec<Person<'a>>,
    /// `title` (classic) or `threadName` (end-to-end encrypted).
    pub title: Option<Str<'a>>,
    pub thread_path: Option<Str<'a>>,
    /// Whether the root had a `messages` array.
    pub has_messages: bool,
    /// Whether the root had `threadName`, the end-to-end encrypted layout.
    pub e2ee: bool,
}

/// Reads `text` as the root object of a chat file: the thread's fields
/// into the returned [`Thread`], and each element of `messages` passed to
/// `item` with where it starts (`Err` for one of the wrong shape, and the
/// reading goes on). A syntax error (a truncated file, a root that is no
/// object) ends the reading, keeping what came before, and is returned
/// with the thread read so far.
pub(super) fn read<'a>(
    text: &'a str,
    mut item: impl FnMut(Result<Message<'a>, String>, At),
) -> (Thread<'a>, Result<(), Broken>) {
    let mut thread = Thread::default();
    let r = read_root(text, &mut thread, &mut item);
    (thread, r)
}

fn read_root<'a>(
    text: &'a str,
    thread: &mut Thread<'a>,
    item: &mut impl FnMut(Result<Message<'a>, String>, At),
) -> Result<(), Broken> {
    let bytes = text.as_bytes();
    let mut lines = LineCounter::default();
    let mut pos = skip_ws(bytes, 0);
    match bytes.get(pos) {
        None => {
            return Err(Broken {
                line: lines.line_at(bytes, pos),
                message: "the file is empty".into(),
            });
        }
        Some(b'{') => {}
        Some(_) => {
            return Err(Broken {
                line: lines.line_at(bytes, pos),
                message: "not a chat file: its root is not a JSON object".into(),
            });
        }
    }
    pos = skip_ws(bytes, pos + 1);
    if bytes.get(pos) == Some(&b'}') {
        return trailing(bytes, pos + 1, &mut lines, "object");
    }
    loop {
        let line = lines.line_at(bytes, pos);
        let (key, next) = value::<Str<'a>>(text, pos, line)?;
        pos = skip_ws(bytes, next);
        if bytes.get(pos) != Some(&b':') {
            return Err(cut_or(bytes, pos, &mut lines, "expected `:` after a key"));
        }
        pos = skip_ws(bytes, pos + 1);
        let line = lines.line_at(bytes, pos);
        pos = match &*key {
            "messages" => {
                thread.has_messages = true;
                messages(text, pos, &mut lines, item)?
            }
            "participants" => {
                let (p, next) = value::<People<'a>>(text, pos, line)
                    .or_else(|_| skip(text, pos, line).map(|n| (People::default(), n)))?;
                thread.participants = p.0;
                next
            }
            "title" | "threadName" => {
                thread.e2ee |= key == "threadName";
                let (t, next) = value::<Option<Str<'a>>>(text, pos, line)
                    .or_else(|_| skip(text, pos, line).map(|n| (None, n)))?;
                if t.is_some() {
                    thread.title = t;
                }
                next
            }
            "thread_path" => {
                let (t, next) = value::<Option<Str<'a>>>(text, pos, line)
                    .or_else(|_| skip(text, pos, line).map(|n| (None, n)))?;
                thread.thread_path = t;
                next
            }
            _ => skip(text, pos, line)?,
        };
        pos = skip_ws(bytes, pos);
        match bytes.get(pos) {
            Some(b',') => pos = skip_ws(bytes, pos + 1),
            Some(b'}') => return trailing(bytes, pos + 1, &mut lines, "object"),
            _ => {
                return Err(cut_or(
                    bytes,
                    pos,
                    &mut lines,
                    "expected `,` or `}` after a value",
                ));
            }
        }
    }
}

/// A truncation, said so, or `what` at `pos`.
fn cut_or(bytes: &[u8], pos: usize, lines: &mut LineCounter, what: &str) -> Broken {
    let line = lines.line_at(bytes, pos.min(bytes.len()));
    if pos >= bytes.len() {
        Broken {
            line,
            message: "the file ends before its end (truncated?)".into(),
        }
    } else {
        Broken {
            line,
            message: format!("invalid JSON: {what}"),
        }
    }
}

/// Reads the `messages` array starting at `pos`; returns where it ends.
fn messages<'a>(
    text: &'a str,
    pos: usize,
    lines: &mut LineCounter,
    item: &mut impl FnMut(Result<Message<'a>, String>, At),
) -> Result<usize, Broken> {
    let bytes = text.as_bytes();
    if bytes.get(pos) != Some(&b'[') {
        // Not a list: skipped, and said so.
        let at = At {
            offset: pos,
            line: lines.line_at(bytes, pos),
        };
        let end = skip(text, pos, at.line)?;
        item(Err("`messages` is not a list".into()), at);
        return Ok(end);
    }
    elements(text, pos, lines, item)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Items = Vec<(Result<Option<String>, String>, u32)>;

    fn run(text: &str) -> (Thread<'_>, Items, Result<(), Broken>) {
        let mut items = Vec::new();
        let (thread, r) = read(text, |m, at| {
            items.push((m.map(|m| m.content.map(Cow::into_owned)), at.line));
        });
        (thread, items, r)
    }

    #[test]
    fn the_thread_and_each_message_with_its_line() {
        let (t, items, r) = run(
            "{\n \"participants\": [{\"name\": \"A\"}, {\"name\": \"B\"}],\n \"messages\": [\n  {\"content\": \"one\"},\n  {\"content\": \"tw\\u00c3\\u00a9\"}\n ],\n \"title\": \"T\",\n \"thread_path\": \"inbox/t_1\", \"magic_words\": []\n}\n",
        );
        assert_eq!(r, Ok(()));
        let names: Vec<&str> = t
            .participants
            .iter()
            .map(|p| p.name.as_deref().unwrap())
            .collect();
        assert_eq!(names, vec!["A", "B"]);
        assert_eq!(t.title.as_deref(), Some("T"));
        assert_eq!(t.thread_path.as_deref(), Some("inbox/t_1"));
        assert!(t.has_messages && !t.e2ee);
        assert_eq!(
            items,
            vec![
                (Ok(Some("one".into())), 4),
                (Ok(Some("tw\u{c3}\u{a9}".into())), 5)
            ]
        );
    }

    #[test]
    fn the_end_to_end_encrypted_layout() {
        let (t, items, r) = run(
            r#"{"participants": ["Me", "Them"], "threadName": "Them_40", "messages": [{"senderName": "Me", "timestamp": 1746073791906, "text": "hi", "isUnsent": false}]}"#,
        );
        assert_eq!(r, Ok(()));
        assert!(t.e2ee);
        assert_eq!(t.participants.len(), 2);
        assert_eq!(t.title.as_deref(), Some("Them_40"));
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn a_wrong_shape_is_skipped_and_a_truncation_keeps_what_came_before() {
        let (_, items, r) = run(
            "{\"messages\": [{\"content\": \"a\"}, {\"content\": [1]},\n{\"content\": \"c\"}, {\"content\": \"d",
        );
        assert_eq!(items.len(), 3);
        assert!(items[1].0.as_ref().unwrap_err().contains("invalid type"));
        assert_eq!(items[2], (Ok(Some("c".into())), 2));
        let e = r.unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("truncated"), "{e:?}");
        // Cut between the keys of the root.
        let (t, items, r) = run("{\"messages\": [{\"content\": \"a\"}], \"title\": \"x\"");
        assert_eq!(items.len(), 1);
        assert_eq!(t.title.as_deref(), Some("x"));
        assert!(r.unwrap_err().message.contains("truncated"));
        let (_, _, r) = run("{\"messages\": [{\"content\": \"a\"}], \"tit");
        assert!(r.unwrap_err().message.contains("truncated"));
    }

    #[test]
    fn deep_nesting_is_skipped_not_a_crash() {
        let deep = format!(
            "{{\"magic_words\": {}{}, \"messages\": [{{\"content\": \"a\"}}, {}{}, {{\"content\": \"b\", \"x\": {}1{}}}]}}",
            "[".repeat(100_000),
            "]".repeat(100_000),
            "[".repeat(100_000),
            "]".repeat(100_000),
            "{\"a\":".repeat(50_000),
            "}".repeat(50_000),
        );
        let (_, items, r) = run(&deep);
        assert_eq!(r, Ok(()));
        assert_eq!(items.len(), 3);
        assert!(items[1].0.is_err());
        assert_eq!(items[2].0, Ok(Some("b".into())));
    }

    #[test]
    fn odd_roots() {
        assert_eq!(run("").2.unwrap_err().message, "the file is empty");
        assert!(
            run("[1]")
                .2
                .unwrap_err()
                .message
                .contains("not a JSON object")
        );
        let (t, items, r) = run("{}");
        assert!(r.is_ok() && items.is_empty() && !t.has_messages);
        let (_, items, r) = run("{\"messages\": 5}");
        assert_eq!(r, Ok(()));
        assert_eq!(items[0].0, Err("`messages` is not a list".into()));
        assert!(run("{} x").2.unwrap_err().message.contains("after the end"));
        let (_, _, r) = run("{\"a\" 1}");
        assert!(r.unwrap_err().message.contains("expected `:`"));
        // Participants of odd shapes are skipped one by one.
        let (t, _, r) =
            run(r#"{"participants": [{"name": "A"}, 5, null, "B", {"x": 1}, {"name": [2]}, [3]]}"#);
        assert_eq!(r, Ok(()));
        let names: Vec<Option<&str>> = t.participants.iter().map(|p| p.name.as_deref()).collect();
        assert_eq!(names, vec![Some("A"), Some("B")]);
    }

    #[test]
    fn numbers_in_any_form() {
        let m: Message<'_> =
            serde_json::from_str(r#"{"timestamp_ms": "1415147732056", "call_duration": 12.7}"#)
                .unwrap();
        assert_eq!(m.timestamp_ms, Some(Num(Some(1_415_147_732_056))));
        assert_eq!(m.call_duration, Some(Num(Some(12))));
        let m: Message<'_> = serde_json::from_str(r#"{"timestamp_ms": null}"#).unwrap();
        assert_eq!(m.timestamp_ms, None);
    }
}

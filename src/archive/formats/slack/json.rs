//! The JSON of a Slack export: the shapes daybook reads (borrowing from the
//! file's text where no escape forces a copy; every other field is
//! skipped), and a reader of top-level arrays that keeps each element's
//! line and the elements before a broken one.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

pub(super) use crate::archive::formats::json_scan::{At, Broken};
use crate::archive::formats::json_scan::{LineCounter, element, elements, skip_ws, trailing};

/// A string that may be written as a JSON string or a number (`ts`,
/// `created`): some exporters write numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(format!("{v:.6}"))))
            }
        }
        d.deserialize_any(V)
    }
}

impl Str<'_> {
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Block<'_> {
    /// Its `type`.
    pub(super) fn kind(&self) -> Option<&str> {
        self.r#type.as_ref().map(Str::as_str)
    }
}

/// An optional string field: `None` when absent, `null` or empty.
pub(super) fn text<'s>(s: Option<&'s Str<'_>>) -> Option<&'s str> {
    s.map(Str::as_str).filter(|s| !s.is_empty())
}

/// One message of a day file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Message<'a> {
    #[serde(borrow)]
    pub r#type: Option<Str<'a>>,
    #[serde(borrow)]
    pub subtype: Option<Str<'a>>,
    #[serde(borrow)]
    pub user: Option<Str<'a>>,
    #[serde(borrow)]
    pub username: Option<Str<'a>>,
    #[serde(borrow)]
    pub bot_id: Option<Str<'a>>,
    #[serde(borrow)]
    pub bot_profile: Option<Profile<'a>>,
    #[serde(borrow)]
    pub user_profile: Option<Profile<'a>>,
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    #[serde(borrow)]
    pub ts: Option<Str<'a>>,
    #[serde(borrow)]
    pub thread_ts: Option<Str<'a>>,
    pub edited: Option<IgnoredAny>,
    #[serde(borrow)]
    pub reactions: Option<Vec<Reaction<'a>>>,
    #[serde(borrow)]
    pub files: Option<Vec<File<'a>>>,
    #[serde(borrow)]
    pub file: Option<File<'a>>,
    #[serde(borrow)]
    pub attachments: Option<Vec<Attachment<'a>>>,
    /// Read only when the body needs them (see `message::body`).
    #[serde(borrow)]
    pub blocks: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    pub comment: Option<Comment<'a>>,
}

/// Who someone is: `users.json` entries, a message's `user_profile`, a
/// bot's `bot_profile`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Profile<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub real_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub display_name: Option<Str<'a>>,
    #[serde(borrow, rename = "profile")]
    pub inner: Option<Box<Profile<'a>>>,
}

impl Profile<'_> {
    /// The name Slack shows by default: the display name, else the real
    /// name, else the user name (`profile` fields first, as Slack keeps
    /// them up to date there).
    pub(super) fn shown_name(&self) -> Option<&str> {
        let inner = self.inner.as_deref();
        inner
            .and_then(|p| text(p.display_name.as_ref()))
            .or_else(|| text(self.display_name.as_ref()))
            .or_else(|| inner.and_then(|p| text(p.real_name.as_ref())))
            .or_else(|| text(self.real_name.as_ref()))
            .or_else(|| text(self.name.as_ref()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// A reaction: an emoji name and who gave it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Reaction<'a> {
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    pub count: Option<u64>,
    pub users: Option<Vec<IgnoredAny>>,
}

/// A file shared with a message (`files[]`, or `file` before 2018).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct File<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub mimetype: Option<Str<'a>>,
    pub size: Option<u64>,
    #[serde(borrow)]
    pub mode: Option<Str<'a>>,
    #[serde(borrow)]
    pub permalink: Option<Str<'a>>,
    #[serde(borrow)]
    pub url_private: Option<Str<'a>>,
}

/// A legacy message attachment: a link unfurl, an integration's post, a
/// shared message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Attachment<'a> {
    #[serde(borrow)]
    pub fallback: Option<Str<'a>>,
    #[serde(borrow)]
    pub pretext: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub title_link: Option<Str<'a>>,
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    #[serde(borrow)]
    pub from_url: Option<Str<'a>>,
    #[serde(borrow)]
    pub original_url: Option<Str<'a>>,
    #[serde(borrow)]
    pub service_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub author_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub image_url: Option<Str<'a>>,
    pub is_share: Option<bool>,
    pub is_msg_unfurl: Option<bool>,
    #[serde(borrow)]
    pub fields: Option<Vec<Field<'a>>>,
}

/// A field of a legacy attachment.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Field<'a> {
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub value: Option<Str<'a>>,
}

/// The comment of a `file_comment` message.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Comment<'a> {
    #[serde(borrow)]
    pub user: Option<Str<'a>>,
}

/// A Block Kit block, or an element of one (rich text nests elements).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Block<'a> {
    #[serde(borrow)]
    pub r#type: Option<Str<'a>>,
    /// A string (rich text elements) or a text object (`section`, `header`).
    #[serde(borrow)]
    pub text: Option<TextField<'a>>,
    #[serde(borrow)]
    pub elements: Option<Vec<Block<'a>>>,
    #[serde(borrow)]
    pub fields: Option<Vec<Block<'a>>>,
    /// Bold, italic … of a rich text element, or a list's `bullet` / `ordered`.
    pub style: Option<ElementStyle>,
    pub indent: Option<u64>,
    #[serde(borrow)]
    pub url: Option<Str<'a>>,
    #[serde(borrow)]
    pub user_id: Option<Str<'a>>,
    #[serde(borrow)]
    pub channel_id: Option<Str<'a>>,
    #[serde(borrow)]
    pub usergroup_id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub unicode: Option<Str<'a>>,
    #[serde(borrow)]
    pub range: Option<Str<'a>>,
    #[serde(borrow)]
    pub fallback: Option<Str<'a>>,
    #[serde(borrow)]
    pub value: Option<Str<'a>>,
    #[serde(borrow)]
    pub alt_text: Option<Str<'a>>,
    #[serde(borrow)]
    pub image_url: Option<Str<'a>>,
    pub timestamp: Option<i64>,
}

/// A block's `text`: a plain string, or a text object `{type, text}`.
#[derive(Debug)]
pub(super) enum TextField<'a> {
    Plain(Str<'a>),
    Object { mrkdwn: bool, text: Str<'a> },
}

impl<'de: 'a, 'a> Deserialize<'de> for TextField<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextField<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a text object")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(TextField::Plain(Str(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(TextField::Plain(Str(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(TextField::Plain(Str(Cow::Owned(v))))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut mrkdwn = false;
                let mut text = Str::default();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    match key.as_str() {
                        "type" => {
                            mrkdwn = map
                                .next_value::<Option<Str<'de>>>()?
                                .is_some_and(|t| t.as_str() == "mrkdwn");
                        }
                        "text" => text = map.next_value::<Option<Str<'de>>>()?.unwrap_or_default(),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(TextField::Object { mrkdwn, text })
            }
        }
        d.deserialize_any(V)
    }
}

/// A rich text element's `style`: flags, or a list's kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools, reason = "the flags of Slack's JSON")]
pub(super) struct ElementStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// A list's `ordered` (numbered) style.
    pub ordered: bool,
}

impl<'de> Deserialize<'de> for ElementStyle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ElementStyle;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a style object or a list style")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ElementStyle {
                    ordered: v == "ordered",
                    ..ElementStyle::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut s = ElementStyle::default();
                while let Some(key) = map.next_key::<Str<'de>>()? {
                    let flag = match key.as_str() {
                        "bold" => &mut s.bold,
                        "italic" => &mut s.italic,
                        "strike" => &mut s.strike,
                        "code" => &mut s.code,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *flag = map.next_value::<Option<bool>>()?.unwrap_or(false);
                }
                Ok(s)
            }
        }
        d.deserialize_any(V)
    }
}

/// An entry of `channels.json`, `groups.json`, `dms.json` or `mpims.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Channel<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub members: Option<Vec<Str<'a>>>,
}

/// Reads `text` as a JSON array (or, when `single` allows it, one object)
/// and calls `item` with each element and where it starts. An element of
/// the wrong shape is passed as `Err` (with its line) and the reading goes
/// on; a syntax error (a truncated file, nesting deeper than `serde_json`'s
/// limit) ends it, keeping the elements before it, and is returned.
pub(super) fn each<'a, T: Deserialize<'a>>(
    text: &'a str,
    single: bool,
    mut item: impl FnMut(Result<T, String>, At),
) -> Result<(), Broken> {
    let bytes = text.as_bytes();
    let mut lines = LineCounter::default();
    let pos = skip_ws(bytes, 0);
    if bytes.get(pos) == Some(&b'{') && single {
        let at = At {
            offset: pos,
            line: lines.line_at(bytes, pos),
        };
        let end = element(text, at, &mut item)?;
        return trailing(bytes, end, &mut lines, "object");
    }
    if bytes.get(pos) != Some(&b'[') {
        let what = if pos >= bytes.len() {
            "the file is empty"
        } else {
            "not a JSON array"
        };
        return Err(Broken {
            line: lines.line_at(bytes, pos.min(bytes.len())),
            message: what.into(),
        });
    }
    let end = elements(text, pos, &mut lines, &mut item)?;
    trailing(bytes, end, &mut lines, "array")
}

#[cfg(test)]
mod tests {
    use super::*;

    type Items = Vec<(Result<String, String>, u32)>;

    fn read(text: &str) -> (Items, Result<(), Broken>) {
        let mut out = Vec::new();
        let r = each::<Message<'_>>(text, true, |m, at| {
            out.push((
                m.map(|m| m.ts.map(|t| t.0.into_owned()).unwrap_or_default()),
                at.line,
            ));
        });
        (out, r)
    }

    #[test]
    fn elements_come_with_their_lines() {
        let (items, r) = read(
            "[\n {\"ts\": \"1.0\"},\n {\"ts\": 2},\n\n {\"text\": \"a\\nb\", \"ts\": \"3.5\"}\n]\n",
        );
        assert_eq!(r, Ok(()));
        assert_eq!(
            items,
            vec![
                (Ok("1.0".into()), 2),
                (Ok("2".into()), 3),
                (Ok("3.5".into()), 5)
            ]
        );
    }

    #[test]
    fn a_wrong_shape_is_skipped_and_a_truncation_keeps_what_came_before() {
        let (items, r) =
            read("[{\"ts\": \"1.0\"}, {\"ts\": [1]},\n{\"ts\": \"3.0\"}, {\"ts\": \"4");
        assert_eq!(items.len(), 3);
        assert!(
            items[1].0.as_ref().unwrap_err().contains("invalid type"),
            "{items:?}"
        );
        assert_eq!(items[2], (Ok("3.0".into()), 2));
        let e = r.unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("truncated"), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_skipped_not_a_crash() {
        // Arrays nested deeper than any message: not a message, skipped.
        let deep = format!(
            "[{{\"ts\": \"1.0\"}}, {}{}, {{\"ts\": \"2.0\"}}]",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (items, r) = read(&deep);
        assert_eq!(r, Ok(()));
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1].0.as_ref().unwrap_err(),
            "a list, not an object",
            "{items:?}"
        );
        // Blocks within blocks past serde_json's recursion limit: kept raw
        // (they are read, and refused, only when the body needs them).
        let nested = format!(
            "[{{\"ts\": \"1.0\", \"blocks\": [{}{}]}}, {{\"ts\": \"2.0\"}}]",
            "{\"elements\": [".repeat(300),
            "]}".repeat(300)
        );
        let (items, r) = read(&nested);
        assert_eq!(r, Ok(()));
        assert_eq!(items[0].0, Ok("1.0".into()));
        assert_eq!(items[1].0, Ok("2.0".into()));
    }

    #[test]
    fn one_object_and_odd_files() {
        let (items, r) = read("{\"type\": \"message\", \"ts\": \"5.1\"}");
        assert_eq!((items.len(), r), (1, Ok(())));
        assert_eq!(read("").1.unwrap_err().message, "the file is empty");
        assert_eq!(read("  \"x\"").1.unwrap_err().message, "not a JSON array");
        assert_eq!(read("[]").0.len(), 0);
        assert!(
            read("[] x")
                .1
                .unwrap_err()
                .message
                .contains("after the end")
        );
    }

    #[test]
    fn text_fields_and_styles_take_both_shapes() {
        let b: Block<'_> = serde_json::from_str(
            r#"{"type":"section","text":{"type":"mrkdwn","text":"*hi*"},"style":"ordered"}"#,
        )
        .unwrap();
        assert!(matches!(
            b.text,
            Some(TextField::Object { mrkdwn: true, .. })
        ));
        assert!(b.style.unwrap().ordered);
        let b: Block<'_> =
            serde_json::from_str(r#"{"type":"text","text":"x","style":{"bold":true,"code":null}}"#)
                .unwrap();
        assert!(matches!(b.text, Some(TextField::Plain(_))));
        let s = b.style.unwrap();
        assert!(s.bold && !s.code);
    }
}

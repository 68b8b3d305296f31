//! The parts of a `DiscordChatExporter` JSON message daybook reads, as serde
//! types that borrow their strings from the file and never fail on a
//! wrong type.
//!
//! Every field is optional, `null` reads as empty, and a value of the
//! wrong type (an object where a string belongs, a string where a list
//! belongs) is skipped and remembered ([`Text::wrong`], [`List::wrong`] …)
//! so that the parser can say which field of which message it ignored.
//! Only broken JSON (a syntax error, nesting past `serde_json`'s limit, a
//! key given twice) fails a message. Fields daybook does not read
//! (avatars, colours, role lists of reaction users …) are skipped unread.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What a value was when it was not what the field wants.
pub(super) fn kind_name(k: Found) -> &'static str {
    match k {
        Found::Bool => "true or false",
        Found::Number => "a number",
        Found::String => "a string",
        Found::List => "a list",
        Found::Object => "an object",
    }
}

/// The kind of a value of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    Bool,
    Number,
    String,
    List,
    Object,
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Visitor methods for the kinds of value a type does not take: each skips
/// the value (draining a list or an object) and gives `$wrong(Found::…)`.
macro_rules! reject {
    ($wrong:expr; bool) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($wrong(Found::Bool))
        }
    };
    ($wrong:expr; float) => {
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($wrong(Found::Number))
        }
    };
    ($wrong:expr; number) => {
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($wrong(Found::Number))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($wrong(Found::Number))
        }
        reject!($wrong; float);
    };
    ($wrong:expr; string) => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($wrong(Found::String))
        }
    };
    ($wrong:expr; list) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq)?;
            Ok($wrong(Found::List))
        }
    };
    ($wrong:expr; object) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map)?;
            Ok($wrong(Found::Object))
        }
    };
    ($wrong:expr; $($kind:ident),+) => {
        $(reject!($wrong; $kind);)+
    };
}

/// A string (borrowed when it has no escapes); `null` is empty, a number
/// is read as its digits (ids written as numbers), anything else is
/// skipped and noted in `wrong`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Text<'a> {
    pub value: Cow<'a, str>,
    pub wrong: Option<Found>,
}

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text {
                    value: Cow::Borrowed(v),
                    wrong: None,
                })
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text {
                    value: Cow::Owned(v.to_owned()),
                    wrong: None,
                })
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text {
                    value: Cow::Owned(v),
                    wrong: None,
                })
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text {
                    value: Cow::Owned(v.to_string()),
                    wrong: None,
                })
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text {
                    value: Cow::Owned(v.to_string()),
                    wrong: None,
                })
            }
            reject!(wrong; float, bool, list, object);
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Text::default())
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Text::default())
            }
        }
        fn wrong<'a>(found: Found) -> Text<'a> {
            Text {
                value: Cow::Borrowed(""),
                wrong: Some(found),
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A whole number (`null`, a negative or a fraction read as 0; a number
/// in a string read as the number); anything else is skipped and noted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Count {
    pub value: u64,
    pub wrong: Option<Found>,
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E>(self, v: u64) -> Result<Count, E> {
                Ok(Count {
                    value: v,
                    wrong: None,
                })
            }
            fn visit_i64<E>(self, v: i64) -> Result<Count, E> {
                Ok(Count {
                    value: u64::try_from(v).unwrap_or(0),
                    wrong: None,
                })
            }
            fn visit_f64<E>(self, v: f64) -> Result<Count, E> {
                Ok(Count {
                    value: if v.is_finite() && v >= 0.0 {
                        v as u64
                    } else {
                        0
                    },
                    wrong: None,
                })
            }
            fn visit_str<E>(self, v: &str) -> Result<Count, E> {
                Ok(v.trim()
                    .parse()
                    .map_or(Count::wrong(Found::String), |value| Count {
                        value,
                        wrong: None,
                    }))
            }
            reject!(Count::wrong; bool, list, object);
            fn visit_unit<E>(self) -> Result<Count, E> {
                Ok(Count::default())
            }
        }
        d.deserialize_any(V)
    }
}

impl Count {
    fn wrong(found: Found) -> Self {
        Count {
            value: 0,
            wrong: Some(found),
        }
    }
}

/// `true` or `false` (`null` is false); anything else is false and noted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Flag {
    pub value: bool,
    pub wrong: Option<Found>,
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let any = Any::deserialize(d)?;
        Ok(match any {
            Any::Bool(value) => Flag { value, wrong: None },
            Any::Null => Flag::default(),
            Any::Other(found) => Flag {
                value: false,
                wrong: Some(found),
            },
        })
    }
}

/// A value read only for its kind.
enum Any {
    Bool(bool),
    Null,
    Other(Found),
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Any;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
                Ok(Any::Bool(v))
            }
            fn visit_unit<E>(self) -> Result<Any, E> {
                Ok(Any::Null)
            }
            reject!(Any::Other; number, string, list, object);
        }
        d.deserialize_any(V)
    }
}

/// An object read as `T`; `null` is `None`, anything else is skipped and
/// noted in `wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Obj<T> {
    pub value: Option<T>,
    pub wrong: Option<Found>,
}

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj {
            value: None,
            wrong: None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                Ok(Obj {
                    value: Some(T::deserialize(de::value::MapAccessDeserializer::new(map))?),
                    wrong: None,
                })
            }
            fn visit_unit<E>(self) -> Result<Obj<T>, E> {
                Ok(Obj::default())
            }
            reject!(Obj::wrong; bool, number, string, list);
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T> Obj<T> {
    fn wrong(found: Found) -> Self {
        Obj {
            value: None,
            wrong: Some(found),
        }
    }
}

/// A list of `T`; `null` is empty; a value that is not a list is skipped
/// and noted in `wrong`, and so are items that are not objects (counted
/// in `wrong_items`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct List<T> {
    pub items: Vec<T>,
    pub wrong: Option<Found>,
    pub wrong_items: usize,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            wrong: None,
            wrong_items: 0,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut list = List::default();
                while let Some(item) = seq.next_element::<Obj<T>>()? {
                    match item.value {
                        Some(v) => list.items.push(v),
                        None => list.wrong_items += usize::from(item.wrong.is_some()),
                    }
                }
                Ok(list)
            }
            fn visit_unit<E>(self) -> Result<List<T>, E> {
                Ok(List::default())
            }
            reject!(List::wrong; bool, number, string, object);
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T> List<T> {
    fn wrong(found: Found) -> Self {
        List {
            items: Vec::new(),
            wrong: Some(found),
            wrong_items: 0,
        }
    }
}

/// `guild`: the server, or `Direct Messages`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Guild<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
}

/// `channel`: the channel (or thread, or DM) exported.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Channel<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow, rename = "type")]
    pub kind: Text<'a>,
    /// The parent channel of a thread; the category of other channels.
    #[serde(borrow)]
    pub category_id: Text<'a>,
    #[serde(borrow)]
    pub category: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
}

/// One message.
#[allow(clippy::struct_field_names, reason = "the names of DCE's fields")]
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Message<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow, rename = "type")]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub timestamp: Text<'a>,
    #[serde(borrow)]
    pub timestamp_edited: Text<'a>,
    #[serde(borrow)]
    pub call_ended_timestamp: Text<'a>,
    pub is_pinned: Flag,
    #[serde(borrow)]
    pub content: Text<'a>,
    #[serde(borrow)]
    pub author: Obj<User<'a>>,
    #[serde(borrow)]
    pub attachments: List<File<'a>>,
    #[serde(borrow)]
    pub embeds: List<Embed<'a>>,
    #[serde(borrow)]
    pub stickers: List<Sticker<'a>>,
    #[serde(borrow)]
    pub reactions: List<Reaction<'a>>,
    #[serde(borrow)]
    pub mentions: List<User<'a>>,
    #[serde(borrow)]
    pub reference: Obj<Reference<'a>>,
    #[serde(borrow)]
    pub forwarded_message: Obj<Forwarded<'a>>,
}

/// An author or a mentioned user.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct User<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The user name (`pieter`, or `Deleted User`).
    #[serde(borrow)]
    pub name: Text<'a>,
    /// The name shown in the server (DCE writes the display name here
    /// when there is no server nickname).
    #[serde(borrow)]
    pub nickname: Text<'a>,
    #[serde(borrow)]
    pub roles: List<Role<'a>>,
}

impl User<'_> {
    /// The name a reader knows them by: the nickname, else the user name.
    pub fn shown(&self) -> &str {
        let nick = self.nickname.as_str().trim();
        if nick.is_empty() {
            self.name.as_str()
        } else {
            self.nickname.as_str()
        }
    }
}

/// A role of an author (for `<@&role>` mentions).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Role<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
}

/// An attached file.
#[allow(clippy::struct_field_names, reason = "the names of DCE's fields")]
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct File<'a> {
    /// A CDN URL, or with `--media` a path relative to the export, with
    /// Windows back-slashes.
    #[serde(borrow)]
    pub url: Text<'a>,
    #[serde(borrow)]
    pub file_name: Text<'a>,
    pub file_size_bytes: Count,
}

/// An embed (a link preview, a bot's card).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Embed<'a> {
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(borrow)]
    pub url: Text<'a>,
    #[serde(borrow)]
    pub description: Text<'a>,
    #[serde(borrow)]
    pub author: Obj<EmbedAuthor<'a>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct EmbedAuthor<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
}

/// A sticker.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Sticker<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub source_url: Text<'a>,
}

/// A reaction: an emoji and how many gave it (the `users` list is skipped).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Reaction<'a> {
    #[serde(borrow)]
    pub emoji: Obj<Emoji<'a>>,
    pub count: Count,
}

/// An emoji: a Unicode one (empty `id`) or a server's own (`id` and `name`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Emoji<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
}

/// What a reply, a pin announcement or a forward points at.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Reference<'a> {
    /// `Default` (a reply, a pin) or `Forward`; absent in older exports.
    #[serde(borrow, rename = "type")]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub message_id: Text<'a>,
    #[serde(borrow)]
    pub channel_id: Text<'a>,
}

/// The message a forward carries.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct Forwarded<'a> {
    #[serde(borrow)]
    pub content: Text<'a>,
    #[serde(borrow)]
    pub attachments: List<File<'a>>,
    #[serde(borrow)]
    pub embeds: List<Embed<'a>>,
    #[serde(borrow)]
    pub stickers: List<Sticker<'a>>,
}

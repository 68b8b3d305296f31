//! One message object of a Telegram export, read into a [`Msg`] (what the
//! builder needs, borrowed from the file where it can be), with a
//! diagnostic for each field of the wrong type.

use std::borrow::Cow;

use super::json::{self, Kind, Mark, Reader, Result};
use super::service;

/// What a text entity is (`text_entities[].type`, or the objects of a
/// `text` array).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Plain,
    Bold,
    Italic,
    Strike,
    Code,
    /// A URL written in the text.
    Link,
    /// Text linking elsewhere (`href`).
    TextLink,
    /// `@name`.
    Mention,
    /// A mention of someone without a user name (`user_id`).
    MentionName,
    /// Everything else (hashtags, phones, spoilers, custom emoji …): plain.
    Other,
}

impl Entity {
    fn from_type(t: &str) -> Entity {
        match t {
            "plain" => Entity::Plain,
            "bold" => Entity::Bold,
            "italic" => Entity::Italic,
            "strikethrough" => Entity::Strike,
            "code" | "pre" => Entity::Code,
            "link" | "url" => Entity::Link,
            "text_link" | "text_url" => Entity::TextLink,
            "mention" => Entity::Mention,
            "mention_name" => Entity::MentionName,
            _ => Entity::Other,
        }
    }
}

/// A run of a message's text.
#[derive(Debug, Clone)]
pub struct Piece<'a> {
    pub entity: Entity,
    pub text: Cow<'a, str>,
    pub href: Option<Cow<'a, str>>,
}

/// A name field: absent, `null` (a deleted account), or a name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Name<'a> {
    #[default]
    Absent,
    Null,
    Given(Cow<'a, str>),
}

/// A poll: its question, and each answer with its votes.
pub type Poll = (String, Vec<(String, Option<i64>)>);

/// A file, photo or sticker of a message.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_field_names, reason = "the export's own key names")]
pub struct Media<'a> {
    pub photo: Option<Cow<'a, str>>,
    pub photo_size: Option<u64>,
    pub file: Option<Cow<'a, str>>,
    pub file_name: Option<Cow<'a, str>>,
    pub file_size: Option<u64>,
    pub media_type: Option<Cow<'a, str>>,
    pub mime_type: Option<Cow<'a, str>>,
    pub sticker_emoji: Option<Cow<'a, str>>,
    pub performer: Option<Cow<'a, str>>,
    pub title: Option<Cow<'a, str>>,
    pub duration: Option<i64>,
    /// `contact_information`: first and last name, phone.
    pub contact: Option<(String, String)>,
    /// `location_information`: latitude, longitude.
    pub location: Option<(f64, f64)>,
    pub place_name: Option<Cow<'a, str>>,
    pub address: Option<Cow<'a, str>>,
    /// `poll`: the question and each answer with its votes.
    pub poll: Option<Poll>,
}

/// One message, as read.
#[derive(Debug, Default)]
pub struct Msg<'a> {
    /// Line of its `{`.
    pub line: u32,
    /// Its `id`, as written.
    pub id: Option<Cow<'a, str>>,
    /// `type`: `message`, `service`, `unsupported`.
    pub kind: Option<Cow<'a, str>>,
    pub unixtime: Option<i64>,
    pub date: Option<Cow<'a, str>>,
    pub edited: bool,
    pub from: Name<'a>,
    pub author: Option<Cow<'a, str>>,
    pub actor: Name<'a>,
    pub action: Option<Cow<'a, str>>,
    /// Where the `text` value starts, read at the end when there are no
    /// `text_entities`.
    pub text_at: Option<Mark>,
    pub pieces: Vec<Piece<'a>>,
    /// Whether `pieces` came from `text_entities`.
    pub entities: bool,
    pub reply_to: Option<Cow<'a, str>>,
    /// `reply_to_peer_id`: the parent is in another chat.
    pub reply_peer: Option<Cow<'a, str>>,
    pub forwarded_from: Name<'a>,
    pub saved_from: Name<'a>,
    /// Files, photos, contacts … (boxed: most messages have none).
    pub media: Option<Box<Media<'a>>>,
    pub reactions: Vec<(String, u32)>,
    /// Fields service messages may use.
    pub service: service::Fields<'a>,
    /// `members` was given.
    pub has_members: bool,
}

impl<'a> Msg<'a> {
    /// The message's media, made when first needed.
    pub fn media(&mut self) -> &mut Media<'a> {
        self.media.get_or_insert_with(Box::default)
    }

    pub fn clear(&mut self) {
        self.line = 0;
        self.id = None;
        self.kind = None;
        self.unixtime = None;
        self.date = None;
        self.edited = false;
        self.from = Name::Absent;
        self.author = None;
        self.actor = Name::Absent;
        self.action = None;
        self.text_at = None;
        self.pieces.clear();
        self.entities = false;
        self.reply_to = None;
        self.reply_peer = None;
        self.forwarded_from = Name::Absent;
        self.saved_from = Name::Absent;
        self.media = None;
        self.reactions.clear();
        self.service.clear();
        self.has_members = false;
    }
}

/// A field of the wrong type: the line, the key, what it held, what it
/// should have held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongType {
    pub line: u32,
    pub key: String,
    pub found: &'static str,
    pub expected: &'static str,
    /// How deep the value was nested, when it was a container.
    pub depth: u32,
    /// Whether it was an item of the field's array, not the field itself.
    pub item: bool,
}

/// Reads message objects; keeps the problems of the last one.
#[derive(Debug, Default)]
pub struct MsgReader {
    pub wrong: Vec<WrongType>,
}

impl MsgReader {
    /// Skips a value of the wrong type, noting it.
    fn wrong(
        &mut self,
        r: &mut Reader<'_>,
        key: &str,
        found: Kind,
        expected: &'static str,
    ) -> Result<()> {
        let line = r.line();
        let depth = r.skip()?;
        self.wrong.push(WrongType {
            line,
            key: key.to_owned(),
            found: found.name(),
            expected,
            depth,
            item: false,
        });
        Ok(())
    }

    /// [`MsgReader::wrong`] for an item of an array field.
    fn wrong_item(
        &mut self,
        r: &mut Reader<'_>,
        key: &str,
        found: Kind,
        expected: &'static str,
    ) -> Result<()> {
        self.wrong(r, key, found, expected)?;
        if let Some(w) = self.wrong.last_mut() {
            w.item = true;
        }
        Ok(())
    }

    /// Opens the object or array (`want`) that `key` holds; `false` when it
    /// holds something else, which is skipped and noted as not `expected`.
    fn open(
        &mut self,
        r: &mut Reader<'_>,
        key: &str,
        want: Kind,
        expected: &'static str,
    ) -> Result<bool> {
        match r.peek() {
            k if k != want => self.wrong(r, key, k, expected).map(|()| false),
            Kind::Object => r.object().map(|()| true),
            _ => r.array().map(|()| true),
        }
    }

    /// Opens the next object of the array that `key` holds; items that are
    /// not objects are skipped and noted. `false` at the end of the array.
    fn next_object(&mut self, r: &mut Reader<'_>, key: &str, first: &mut bool) -> Result<bool> {
        while r.item(first)? {
            match r.peek() {
                Kind::Object => return r.object().map(|()| true),
                k => self.wrong_item(r, key, k, "an object")?,
            }
        }
        Ok(false)
    }

    /// A string; `null` is `None`.
    pub fn string<'a>(&mut self, r: &mut Reader<'a>, key: &str) -> Result<Option<Cow<'a, str>>> {
        match r.peek() {
            Kind::String => Ok(Some(r.string()?)),
            Kind::Null => r.literal().map(|_| None),
            k => self.wrong(r, key, k, "a string").map(|()| None),
        }
    }

    /// An id or another scalar: a string, or a number as written.
    pub fn scalar<'a>(&mut self, r: &mut Reader<'a>, key: &str) -> Result<Option<Cow<'a, str>>> {
        match r.peek() {
            Kind::String => Ok(Some(r.string()?)),
            Kind::Number => Ok(Some(Cow::Borrowed(r.number()?))),
            Kind::Null => r.literal().map(|_| None),
            k => self.wrong(r, key, k, "a string or a number").map(|()| None),
        }
    }

    /// A name: a string, or `null`.
    fn name<'a>(&mut self, r: &mut Reader<'a>, key: &str) -> Result<Name<'a>> {
        match r.peek() {
            Kind::String => Ok(Name::Given(r.string()?)),
            Kind::Null => r.literal().map(|_| Name::Null),
            k => self.wrong(r, key, k, "a name").map(|()| Name::Absent),
        }
    }

    /// An integer, from a number or a string of digits.
    pub fn integer(&mut self, r: &mut Reader<'_>, key: &str) -> Result<Option<i64>> {
        let line = r.line();
        let (text, kind) = match r.peek() {
            Kind::Number => (Cow::Borrowed(r.number()?), Kind::Number),
            Kind::String => (r.string()?, Kind::String),
            Kind::Null => return r.literal().map(|_| None),
            k => return self.wrong(r, key, k, "a number").map(|()| None),
        };
        let v = json::integer(&text);
        if v.is_none() {
            self.wrong.push(WrongType {
                line,
                key: key.to_owned(),
                found: if kind == Kind::String {
                    "a string that is not a whole number"
                } else {
                    "a number that is not whole"
                },
                expected: "a whole number",
                depth: 0,
                item: false,
            });
        }
        Ok(v)
    }

    fn size(&mut self, r: &mut Reader<'_>, key: &str) -> Result<Option<u64>> {
        Ok(self.integer(r, key)?.and_then(|v| u64::try_from(v).ok()))
    }

    fn float(&mut self, r: &mut Reader<'_>, key: &str) -> Result<Option<f64>> {
        match r.peek() {
            Kind::Number => Ok(r.number()?.parse().ok()),
            Kind::String => Ok(r.string()?.trim().parse().ok()),
            Kind::Null => r.literal().map(|_| None),
            k => self.wrong(r, key, k, "a number").map(|()| None),
        }
    }

    /// Reads the message object that comes next into `m` (cleared first).
    pub fn read<'a>(&mut self, r: &mut Reader<'a>, m: &mut Msg<'a>) -> Result<()> {
        m.clear();
        self.wrong.clear();
        m.line = r.line();
        r.object()?;
        let mut first = true;
        while let Some(key) = r.key(&mut first)? {
            self.field(r, m, &key)?;
        }
        if !m.entities {
            if let Some(at) = m.text_at {
                let end = r.mark();
                r.reset(at);
                self.text(r, "text", &mut m.pieces)?;
                r.reset(end);
            }
        }
        Ok(())
    }

    fn field<'a>(&mut self, r: &mut Reader<'a>, m: &mut Msg<'a>, key: &str) -> Result<()> {
        match key {
            "id" => m.id = self.scalar(r, key)?,
            "type" => m.kind = self.string(r, key)?,
            "date" => m.date = self.string(r, key)?,
            "date_unixtime" => m.unixtime = self.integer(r, key)?,
            "edited" | "edited_unixtime" => {
                if r.peek() == Kind::Null {
                    r.literal()?;
                } else {
                    m.edited = true;
                    r.skip()?;
                }
            }
            "from" => m.from = self.name(r, key)?,
            "author" => m.author = self.string(r, key)?,
            "actor" => m.actor = self.name(r, key)?,
            "action" => m.action = self.string(r, key)?,
            "text" => match r.peek() {
                Kind::String | Kind::Array => {
                    m.text_at = Some(r.mark());
                    r.skip()?;
                }
                Kind::Null => {
                    r.literal()?;
                }
                k => self.wrong(r, key, k, "a string or an array of text entities")?,
            },
            "text_entities" => {
                if r.peek() == Kind::Array {
                    m.pieces.clear();
                    self.text(r, key, &mut m.pieces)?;
                    m.entities = true;
                } else {
                    let k = r.peek();
                    self.wrong(r, key, k, "an array of text entities")?;
                }
            }
            "reply_to_message_id" => m.reply_to = self.scalar(r, key)?,
            "reply_to_peer_id" => m.reply_peer = self.scalar(r, key)?,
            "forwarded_from" => {
                m.forwarded_from = match self.name(r, key)? {
                    // Present but null: forwarded from someone hidden.
                    Name::Null => Name::Null,
                    n => n,
                };
            }
            "saved_from" => m.saved_from = self.name(r, key)?,
            "photo" => m.media().photo = self.string(r, key)?,
            "photo_file_size" => m.media().photo_size = self.size(r, key)?,
            "file" => m.media().file = self.string(r, key)?,
            "file_name" => m.media().file_name = self.string(r, key)?,
            "file_size" => m.media().file_size = self.size(r, key)?,
            "media_type" => m.media().media_type = self.string(r, key)?,
            "mime_type" => m.media().mime_type = self.string(r, key)?,
            "sticker_emoji" => m.media().sticker_emoji = self.string(r, key)?,
            "performer" => m.media().performer = self.string(r, key)?,
            "title" => {
                // A song's title, or a group's (service messages).
                let t = self.string(r, key)?;
                if let Some(t) = &t {
                    m.service.scalars.push(("title", t.to_string()));
                }
                m.media().title = t;
            }
            "duration_seconds" => {
                m.media().duration = self.integer(r, key)?;
                if let Some(d) = m.media().duration {
                    m.service.scalars.push(("duration_seconds", d.to_string()));
                }
            }
            "contact_information" => self.contact(r, m)?,
            "location_information" => self.location(r, m)?,
            "place_name" => m.media().place_name = self.string(r, key)?,
            "address" => m.media().address = self.string(r, key)?,
            "poll" => self.poll(r, m)?,
            "reactions" => self.reactions(r, m)?,
            "members" => {
                m.has_members = true;
                self.members(r, m)?;
            }
            // Fields of service messages, kept as written.
            "new_title" | "inviter" | "message_id" | "discard_reason" | "period_seconds"
            | "period" | "schedule_date" | "score" | "amount" | "currency" | "distance" | "to"
            | "emoticon" | "duration" => {
                let k: &'static str = service_key(key);
                if let Some(v) = self.scalar(r, key)? {
                    m.service.scalars.push((k, v.into_owned()));
                }
            }
            _ => {
                r.skip()?;
            }
        }
        Ok(())
    }

    /// A `text` value: a string, or an array of strings and entity objects.
    pub fn text<'a>(
        &mut self,
        r: &mut Reader<'a>,
        key: &str,
        out: &mut Vec<Piece<'a>>,
    ) -> Result<()> {
        match r.peek() {
            Kind::String => {
                out.push(Piece {
                    entity: Entity::Plain,
                    text: r.string()?,
                    href: None,
                });
                return Ok(());
            }
            Kind::Array => {}
            Kind::Null => {
                r.literal()?;
                return Ok(());
            }
            k => return self.wrong(r, key, k, "a string or an array of text entities"),
        }
        r.array()?;
        let mut first = true;
        while r.item(&mut first)? {
            match r.peek() {
                Kind::String => out.push(Piece {
                    entity: Entity::Plain,
                    text: r.string()?,
                    href: None,
                }),
                Kind::Object => self.entity(r, out)?,
                k => self.wrong_item(r, key, k, "a string or a text entity")?,
            }
        }
        Ok(())
    }

    /// `{"type": "bold", "text": "…"}`, `{"type": "text_link", "text":
    /// "…", "href": "…"}`.
    fn entity<'a>(&mut self, r: &mut Reader<'a>, out: &mut Vec<Piece<'a>>) -> Result<()> {
        r.object()?;
        let mut first = true;
        let mut entity = Entity::Plain;
        let mut text = None;
        let mut href = None;
        while let Some(k) = r.key(&mut first)? {
            match k.as_ref() {
                "type" => {
                    if let Some(t) = self.string(r, "type")? {
                        entity = Entity::from_type(&t);
                    }
                }
                "text" => text = self.string(r, "text")?,
                "href" | "url" => href = self.string(r, "href")?,
                _ => {
                    r.skip()?;
                }
            }
        }
        if let Some(text) = text {
            out.push(Piece { entity, text, href });
        }
        Ok(())
    }

    fn contact(&mut self, r: &mut Reader<'_>, m: &mut Msg<'_>) -> Result<()> {
        if !self.open(r, "contact_information", Kind::Object, "an object")? {
            return Ok(());
        }
        let mut first = true;
        let (mut names, mut phone) = (Vec::new(), String::new());
        while let Some(k) = r.key(&mut first)? {
            match k.as_ref() {
                "first_name" | "last_name" => {
                    if let Some(v) = self.string(r, &k)? {
                        if !v.is_empty() {
                            names.push(v.into_owned());
                        }
                    }
                }
                "phone_number" => phone = self.string(r, &k)?.unwrap_or_default().into_owned(),
                _ => {
                    r.skip()?;
                }
            }
        }
        m.media().contact = Some((names.join(" "), phone));
        Ok(())
    }

    fn location(&mut self, r: &mut Reader<'_>, m: &mut Msg<'_>) -> Result<()> {
        if !self.open(r, "location_information", Kind::Object, "an object")? {
            return Ok(());
        }
        let mut first = true;
        let (mut lat, mut lon) = (None, None);
        while let Some(k) = r.key(&mut first)? {
            match k.as_ref() {
                "latitude" => lat = self.float(r, "latitude")?,
                "longitude" => lon = self.float(r, "longitude")?,
                _ => {
                    r.skip()?;
                }
            }
        }
        if let (Some(a), Some(b)) = (lat, lon) {
            m.media().location = Some((a, b));
        }
        Ok(())
    }

    fn poll(&mut self, r: &mut Reader<'_>, m: &mut Msg<'_>) -> Result<()> {
        if !self.open(r, "poll", Kind::Object, "an object")? {
            return Ok(());
        }
        let mut first = true;
        let mut question = String::new();
        let mut answers = Vec::new();
        let mut pieces = Vec::new();
        while let Some(k) = r.key(&mut first)? {
            match k.as_ref() {
                "question" => {
                    pieces.clear();
                    self.text(r, "question", &mut pieces)?;
                    question = pieces.iter().map(|p| p.text.as_ref()).collect();
                }
                "answers" => {
                    if !self.open(r, "answers", Kind::Array, "an array")? {
                        continue;
                    }
                    let mut f = true;
                    while self.next_object(r, "answers", &mut f)? {
                        let mut g = true;
                        let (mut text, mut voters) = (String::new(), None);
                        while let Some(k) = r.key(&mut g)? {
                            match k.as_ref() {
                                "text" => {
                                    pieces.clear();
                                    self.text(r, "text", &mut pieces)?;
                                    text = pieces.iter().map(|p| p.text.as_ref()).collect();
                                }
                                "voters" => voters = self.integer(r, "voters")?,
                                _ => {
                                    r.skip()?;
                                }
                            }
                        }
                        answers.push((text, voters));
                    }
                }
                _ => {
                    r.skip()?;
                }
            }
        }
        m.media().poll = Some((question, answers));
        Ok(())
    }

    /// `[{"type": "emoji", "count": 3, "emoji": "👍"}, …]`.
    fn reactions(&mut self, r: &mut Reader<'_>, m: &mut Msg<'_>) -> Result<()> {
        if !self.open(r, "reactions", Kind::Array, "an array")? {
            return Ok(());
        }
        let mut first = true;
        while self.next_object(r, "reactions", &mut first)? {
            let mut f = true;
            let (mut kind, mut emoji, mut count) = (None, None, None);
            while let Some(k) = r.key(&mut f)? {
                match k.as_ref() {
                    "type" => kind = self.string(r, "type")?,
                    "emoji" => emoji = self.string(r, "emoji")?,
                    "count" => count = self.integer(r, "count")?,
                    _ => {
                        r.skip()?;
                    }
                }
            }
            let shown = match (emoji, kind.as_deref()) {
                (Some(e), _) if !e.is_empty() => e.into_owned(),
                (_, Some("paid")) => "⭐".to_owned(),
                (_, Some("custom_emoji")) => "(custom emoji)".to_owned(),
                _ => "(reaction)".to_owned(),
            };
            let count = count.and_then(|c| u32::try_from(c).ok()).unwrap_or(1);
            m.reactions.push((shown, count));
        }
        Ok(())
    }

    /// `members`: names (`null` for deleted accounts).
    fn members(&mut self, r: &mut Reader<'_>, m: &mut Msg<'_>) -> Result<()> {
        if !self.open(r, "members", Kind::Array, "an array of names")? {
            return Ok(());
        }
        let mut first = true;
        while r.item(&mut first)? {
            match self.name(r, "members")? {
                Name::Given(n) => m.service.members.push(n.into_owned()),
                Name::Null => m.service.members.push(super::DELETED.to_owned()),
                Name::Absent => {}
            }
        }
        Ok(())
    }
}

/// The static name of a service field.
fn service_key(key: &str) -> &'static str {
    const KEYS: &[&str] = &[
        "new_title",
        "inviter",
        "message_id",
        "discard_reason",
        "period_seconds",
        "period",
        "schedule_date",
        "score",
        "amount",
        "currency",
        "distance",
        "to",
        "emoticon",
        "duration",
    ];
    KEYS.iter().copied().find(|k| *k == key).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Msg<'_>, Vec<WrongType>) {
        let mut r = Reader::new(text);
        let mut m = Msg::default();
        let mut mr = MsgReader::default();
        mr.read(&mut r, &mut m).unwrap();
        (m, mr.wrong)
    }

    #[test]
    fn text_entities_win_over_text() {
        let (m, wrong) = read(
            r#"{"id": 5, "type": "message", "text": ["old ", {"type": "bold", "text": "x"}],
                "text_entities": [{"type": "plain", "text": "see "},
                                  {"type": "text_link", "text": "this", "href": "https://a.example"}]}"#,
        );
        assert!(wrong.is_empty());
        assert!(m.entities);
        let got: Vec<(Entity, &str, Option<&str>)> = m
            .pieces
            .iter()
            .map(|p| (p.entity, p.text.as_ref(), p.href.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Entity::Plain, "see ", None),
                (Entity::TextLink, "this", Some("https://a.example"))
            ]
        );
    }

    #[test]
    fn text_alone_is_read_as_a_string_or_an_array() {
        let (m, _) = read(r#"{"text": ["a ", {"type": "bold", "text": "b"}, " c"], "id": 1}"#);
        let got: Vec<&str> = m.pieces.iter().map(|p| p.text.as_ref()).collect();
        assert_eq!(got, vec!["a ", "b", " c"]);
        assert_eq!(m.pieces[1].entity, Entity::Bold);
        let (m, _) = read(r#"{"text": "plain"}"#);
        assert_eq!(m.pieces[0].text, "plain");
    }

    #[test]
    fn wrong_types_are_noted_and_skipped() {
        let (m, wrong) = read(
            r#"{"id": 7, "from": 12, "date_unixtime": [1, [2]], "text": {"a": 1},
                "reactions": "many", "file_size": "big", "photo": "p.jpg"}"#,
        );
        let keys: Vec<(&str, &str)> = wrong.iter().map(|w| (w.key.as_str(), w.found)).collect();
        assert_eq!(
            keys,
            vec![
                ("from", "a number"),
                ("date_unixtime", "an array"),
                ("text", "an object"),
                ("reactions", "a string"),
                ("file_size", "a string that is not a whole number"),
            ]
        );
        assert_eq!(wrong[1].depth, 2);
        assert_eq!(m.from, Name::Absent);
        assert_eq!(m.media.unwrap().photo.as_deref(), Some("p.jpg"));
    }
}

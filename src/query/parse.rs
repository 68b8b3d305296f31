//! The query syntax: text in, [`Query`] or a [`QueryError`] with a byte span out.

use std::ops::Range;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::model::MessageKind;

use super::items::HasKind;

use super::items::{Item, Period, Query, Term, TermMode};

/// Why a query could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
    /// Byte range in the input the message is about; on char boundaries.
    pub span: Range<usize>,
}

impl QueryError {
    fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            message: message.into(),
            span,
        }
    }

    /// The input on one line and carets under the span with the message:
    ///
    /// ```text
    /// on:2018-13 ping
    ///    ^^^^^^^ month must be 01-12
    /// ```
    ///
    /// Columns are display cells, so the carets line up under CJK text;
    /// control characters and other whitespace show as spaces.
    pub fn render(&self, input: &str) -> String {
        let start = floor_boundary(input, self.span.start);
        let end = floor_boundary(input, self.span.end).max(start);
        let column = flatten(&input[..start]).width();
        let carets = flatten(&input[start..end]).width().max(1);
        format!(
            "{}\n{}{} {}",
            flatten(input),
            " ".repeat(column),
            "^".repeat(carets),
            self.message
        )
    }
}

/// `s` with every control or whitespace character replaced by a space.
fn flatten(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The qualifier keys, as listed in error messages.
const KNOWN_KEYS: &str = "from: in: on: after: before: has: is:";

/// Reads a query. Items are separated by whitespace and must all match; see the
/// [module documentation](super) for the language.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut parser = Parser { input, pos: 0 };
    let mut items = Vec::new();
    while let Some(item) = parser.item()? {
        items.push(item);
    }
    Ok(Query::new(items))
}

/// Whether a bare word would be read as a qualifier (known or not): ASCII
/// letters, then `:`, not followed by `//` (so `http://…` is a term).
pub(crate) fn looks_like_qualifier(word: &str) -> bool {
    qualifier_key_len(word).is_some()
}

/// The length of the key (without the `:`) when `s` starts like a qualifier.
fn qualifier_key_len(s: &str) -> Option<usize> {
    let len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &s[len..];
    (len > 0 && rest.starts_with(':') && !rest[1..].starts_with("//")).then_some(len)
}

#[derive(Clone, Copy)]
enum Key {
    From,
    In,
    On,
    After,
    Before,
    Has,
    Is,
}

impl Key {
    fn parse(key: &str) -> Option<Self> {
        Some(match key.to_ascii_lowercase().as_str() {
            "from" => Key::From,
            "in" => Key::In,
            "on" => Key::On,
            "after" => Key::After,
            "before" => Key::Before,
            "has" => Key::Has,
            "is" => Key::Is,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Key::From => "from:",
            Key::In => "in:",
            Key::On => "on:",
            Key::After => "after:",
            Key::Before => "before:",
            Key::Has => "has:",
            Key::Is => "is:",
        }
    }
}

/// A value as read: unquoted text and where it was.
struct Value {
    text: String,
    span: Range<usize>,
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.input[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn at_separator(&self) -> bool {
        self.peek().is_none_or(char::is_whitespace)
    }

    /// Moves to the next whitespace (or the end) and returns where it is.
    fn skip_word(&mut self) -> usize {
        let len = self
            .rest()
            .find(char::is_whitespace)
            .unwrap_or(self.rest().len());
        self.pos += len;
        self.pos
    }

    /// The next item, or `None` at the end of the input.
    fn item(&mut self) -> Result<Option<Item>, QueryError> {
        let skipped = self.rest().len() - self.rest().trim_start().len();
        self.pos += skipped;
        if self.pos == self.input.len() {
            return Ok(None);
        }
        let start = self.pos;
        let negated = self.eat('-');
        let fuzzy = self.eat('~');
        if !fuzzy {
            if let Some(len) = qualifier_key_len(self.rest()) {
                return self.qualifier(start, negated, len).map(Some);
            }
        }
        let prefix = start..self.pos;
        if self.at_separator() {
            let what = if fuzzy {
                "`~` must be followed by a term"
            } else {
                "`-` must be followed by a term or a qualifier"
            };
            return Err(QueryError::new(what, prefix));
        }
        let value = self.value()?;
        if value.text.is_empty() {
            return Err(QueryError::new("empty phrase", value.span));
        }
        Ok(Some(Item::Term(Term {
            text: value.text,
            mode: if fuzzy {
                TermMode::Fuzzy
            } else {
                TermMode::Substring
            },
            negated,
        })))
    }

    /// A `key:value` item; `self.pos` is at the key, `key_len` bytes long.
    fn qualifier(
        &mut self,
        start: usize,
        negated: bool,
        key_len: usize,
    ) -> Result<Item, QueryError> {
        let key_start = self.pos;
        let key_span = key_start..key_start + key_len + 1;
        let Some(key) = Key::parse(&self.input[key_start..key_start + key_len]) else {
            return Err(QueryError::new(
                format!(
                    "unknown qualifier `{}`; known: {KNOWN_KEYS}",
                    &self.input[key_span.clone()]
                ),
                key_span,
            ));
        };
        self.pos = key_span.end;
        if negated && matches!(key, Key::On | Key::After | Key::Before) {
            return Err(QueryError::new(
                format!("`{}` cannot be negated; use before: or after:", key.name()),
                start..key_span.end,
            ));
        }
        let value = self.value()?;
        if value.text.trim().is_empty() {
            let what = match key {
                Key::From => "a speaker name".to_owned(),
                Key::In => "a channel name".to_owned(),
                Key::On | Key::After | Key::Before => {
                    "a date like 2018, 2018-01 or 2018-01-22".to_owned()
                }
                Key::Has => format!("one of {}", HasKind::names()),
                Key::Is => format!("one of {IS_VALUES}"),
            };
            return Err(QueryError::new(
                format!("`{}` needs {what}", key.name()),
                start..value.span.end,
            ));
        }
        Ok(match key {
            Key::From => Item::From {
                name: value.text.trim().to_owned(),
                negated,
            },
            Key::In => Item::In {
                channel: value.text.trim().to_owned(),
                negated,
            },
            Key::On => Item::On(period(&value)?),
            Key::After => Item::After(period(&value)?),
            Key::Before => Item::Before(period(&value)?),
            Key::Has => Item::Has {
                kind: has_kind(&value)?,
                negated,
            },
            Key::Is => Item::Is {
                kind: is_kind(&value)?,
                negated,
            },
        })
    }

    /// A bare word up to the next whitespace, or a `"quoted phrase"` in which
    /// `\"` is a quote and `\\` a backslash.
    fn value(&mut self) -> Result<Value, QueryError> {
        let start = self.pos;
        if !self.eat('"') {
            let end = self.skip_word();
            return Ok(Value {
                text: self.input[start..end].to_owned(),
                span: start..end,
            });
        }
        let mut text = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(QueryError::new("unclosed quote", start..self.input.len()));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => break,
                '\\' if self.rest().starts_with(['"', '\\']) => {
                    text.push(self.rest().as_bytes()[0] as char);
                    self.pos += 1;
                }
                c => text.push(c),
            }
        }
        let end = self.pos;
        if !self.at_separator() {
            let trailing = self.skip_word();
            return Err(QueryError::new(
                "expected a space after the closing quote",
                end..trailing,
            ));
        }
        Ok(Value {
            text,
            span: start..end,
        })
    }
}

fn has_kind(value: &Value) -> Result<HasKind, QueryError> {
    HasKind::from_name(&value.text).ok_or_else(|| {
        QueryError::new(
            format!(
                "unknown `has:` value `{}`; expected one of {}",
                flatten(&value.text),
                HasKind::names()
            ),
            value.span.clone(),
        )
    })
}

/// The values `is:` takes.
const IS_VALUES: &str = "system, action, message";

fn is_kind(value: &Value) -> Result<MessageKind, QueryError> {
    Ok(match value.text.to_ascii_lowercase().as_str() {
        "system" => MessageKind::System,
        "action" => MessageKind::Action,
        "message" => MessageKind::Message,
        _ => {
            return Err(QueryError::new(
                format!(
                    "unknown `is:` value `{}`; expected one of {IS_VALUES}",
                    flatten(&value.text)
                ),
                value.span.clone(),
            ));
        }
    })
}

/// `2018`, `2018-01`, `2018-01-22`, also with `/` (`2018/1/22`).
fn period(value: &Value) -> Result<Period, QueryError> {
    let err = |message: &str| QueryError::new(message, value.span.clone());
    let expected = "expected a date like 2018, 2018-01 or 2018-01-22";
    let text = value.text.trim();
    let separator = if text.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = text.split(separator).collect();
    let number = |s: &str, digits: Range<usize>| -> Option<u32> {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if parts.len() > 3 {
        return Err(err(expected));
    }
    let year = number(parts[0], 4..5).ok_or_else(|| err(expected))?;
    let year = i32::try_from(year).map_err(|_| err(expected))?;
    let Some(month) = parts.get(1) else {
        return Period::year(year).ok_or_else(|| err(expected));
    };
    let month = number(month, 1..3).ok_or_else(|| err(expected))?;
    if !(1..=12).contains(&month) {
        return Err(err("month must be 01-12"));
    }
    let month_period = Period::month(year, month).ok_or_else(|| err(expected))?;
    let Some(day) = parts.get(2) else {
        return Ok(month_period);
    };
    let day = number(day, 1..3).ok_or_else(|| err(expected))?;
    if !(1..=31).contains(&day) {
        return Err(err("day must be 01-31"));
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(Period::day(date)),
        None => Err(err(&format!(
            "{month_period} has only {} days",
            month_period.last().format("%d")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::items::{DateFilter, Precision};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn items(input: &str) -> Vec<Item> {
        parse(input)
            .unwrap_or_else(|e| panic!("{}", e.render(input)))
            .items()
            .to_vec()
    }

    fn term(text: &str, mode: TermMode, negated: bool) -> Item {
        Item::Term(Term {
            text: text.into(),
            mode,
            negated,
        })
    }

    fn error(input: &str) -> QueryError {
        match parse(input) {
            Ok(q) => panic!("{input:?} parsed as {q:?}"),
            Err(e) => e,
        }
    }

    /// The error's message and the text its span covers.
    fn error_at(input: &str) -> (String, &str) {
        let e = error(input);
        (e.message, &input[e.span])
    }

    fn dates(input: &str) -> DateFilter {
        parse(input).unwrap().dates()
    }

    #[test]
    fn empty_and_blank_queries_have_no_items() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse(" \t\u{3000} ").unwrap().is_empty());
        assert!(!parse("x").unwrap().is_empty());
    }

    #[test]
    fn terms_phrases_and_exclusions() {
        use TermMode::{Fuzzy, Substring};
        assert_eq!(
            items("二维码  \"hello world\" -spam -\"bad phrase\" ~zhx -~abc"),
            vec![
                term("二维码", Substring, false),
                term("hello world", Substring, false),
                term("spam", Substring, true),
                term("bad phrase", Substring, true),
                term("zhx", Fuzzy, false),
                term("abc", Fuzzy, true),
            ]
        );
    }

    #[test]
    fn ideographic_space_separates_items() {
        assert_eq!(items("你好\u{3000}世界").len(), 2);
    }

    #[test]
    fn quotes_and_escapes() {
        use TermMode::Substring;
        assert_eq!(
            items(r#""say \"hi\"" "a\\b" "c\d""#),
            vec![
                term("say \"hi\"", Substring, false),
                term("a\\b", Substring, false),
                term("c\\d", Substring, false),
            ]
        );
        // A quote inside a bare word is just a character.
        assert_eq!(items(r#"it"s"#), vec![term("it\"s", Substring, false)]);
        // Quoted text is not a qualifier.
        assert_eq!(
            items(r#""from:x" ~from:x"#),
            vec![
                term("from:x", Substring, false),
                term("from:x", TermMode::Fuzzy, false)
            ]
        );
    }

    #[test]
    fn urls_times_and_non_ascii_keys_are_terms() {
        use TermMode::Substring;
        assert_eq!(
            items("http://x.cn/a 12:30 二维码:扫 :) -https://y"),
            vec![
                term("http://x.cn/a", Substring, false),
                term("12:30", Substring, false),
                term("二维码:扫", Substring, false),
                term(":)", Substring, false),
                term("https://y", Substring, true),
            ]
        );
    }

    #[test]
    fn smart_case() {
        let q = parse("zhang Zhang ZHANG 二维码 ελλάδα Ελλάδα").unwrap();
        let sensitive: Vec<bool> = q.terms().map(Term::is_case_sensitive).collect();
        assert_eq!(sensitive, [false, true, true, false, false, true]);
    }

    #[test]
    fn from_and_in() {
        assert_eq!(
            items(r#"from:alice FROM:"Bob Lee" -from:carol in:群 -in:"old group""#),
            vec![
                Item::From {
                    name: "alice".into(),
                    negated: false
                },
                Item::From {
                    name: "Bob Lee".into(),
                    negated: false
                },
                Item::From {
                    name: "carol".into(),
                    negated: true
                },
                Item::In {
                    channel: "群".into(),
                    negated: false
                },
                Item::In {
                    channel: "old group".into(),
                    negated: true
                },
            ]
        );
        let q = parse("from:a from:b -from:c").unwrap();
        assert_eq!(q.speakers().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(q.excluded_speakers().collect::<Vec<_>>(), ["c"]);
        // Names are trimmed.
        assert_eq!(parse(r#"from:" a ""#).unwrap().speakers().next(), Some("a"));
    }

    #[test]
    fn has_kinds() {
        let q = parse("has:image has:LINK -has:mention has:emoji").unwrap();
        assert_eq!(
            q.has().collect::<Vec<_>>(),
            [
                (HasKind::Image, false),
                (HasKind::Link, false),
                (HasKind::Mention, true),
                (HasKind::Emoji, false)
            ]
        );
        let q = parse("has:photo has:Red-Packet -has:file has:attachment has:voice").unwrap();
        assert_eq!(
            q.has().collect::<Vec<_>>(),
            [
                (HasKind::Image, false),
                (HasKind::RedPacket, false),
                (HasKind::File, true),
                (HasKind::Attachment, false),
                (HasKind::Voice, false)
            ]
        );
        assert_eq!(
            q.to_string(),
            "has:image has:redpacket -has:file has:attachment has:voice"
        );
        for &k in HasKind::ALL {
            assert_eq!(HasKind::from_name(k.name()), Some(k));
        }
    }

    #[test]
    fn is_kinds() {
        let q = parse("is:system -IS:action is:message").unwrap();
        assert_eq!(
            q.is().collect::<Vec<_>>(),
            [
                (MessageKind::System, false),
                (MessageKind::Action, true),
                (MessageKind::Message, false)
            ]
        );
        assert_eq!(q.to_string(), "is:system -is:action is:message");
    }

    #[test]
    fn dates_resolve_to_ranges() {
        let f = dates("on:2018-02");
        assert_eq!(f.on, vec![d(2018, 2, 1)..=d(2018, 2, 28)]);
        assert!(f.contains(d(2018, 2, 28)));
        assert!(!f.contains(d(2018, 3, 1)));
        assert!(!f.contains(d(2018, 1, 31)));

        assert_eq!(dates("on:2020-02").on, vec![d(2020, 2, 1)..=d(2020, 2, 29)]);
        assert_eq!(dates("on:2000/2").on, vec![d(2000, 2, 1)..=d(2000, 2, 29)]);
        assert_eq!(dates("on:1900-02").on, vec![d(1900, 2, 1)..=d(1900, 2, 28)]);
        assert_eq!(
            dates("on:2018-12").on,
            vec![d(2018, 12, 1)..=d(2018, 12, 31)]
        );
        assert_eq!(dates("on:2018").on, vec![d(2018, 1, 1)..=d(2018, 12, 31)]);
        assert_eq!(
            dates("on:2018/01/22").on,
            vec![d(2018, 1, 22)..=d(2018, 1, 22)]
        );
        assert_eq!(dates("on:2018-1-2").on, vec![d(2018, 1, 2)..=d(2018, 1, 2)]);
        assert_eq!(
            dates("on:2020-02-29").on,
            vec![d(2020, 2, 29)..=d(2020, 2, 29)]
        );
    }

    #[test]
    fn several_on_are_ored() {
        let f = dates("on:2018-01 on:2019-03-04");
        assert!(f.contains(d(2018, 1, 9)));
        assert!(f.contains(d(2019, 3, 4)));
        assert!(!f.contains(d(2019, 3, 5)));
    }

    #[test]
    fn after_is_past_the_end_and_before_is_before_the_start() {
        let f = dates("after:2018");
        assert_eq!(f.after, Some(d(2018, 12, 31)));
        assert!(!f.contains(d(2018, 12, 31)));
        assert!(f.contains(d(2019, 1, 1)));

        let f = dates("before:2018-03");
        assert!(f.contains(d(2018, 2, 28)));
        assert!(!f.contains(d(2018, 3, 1)));

        let f = dates("after:2020-02 before:2020-03-02");
        assert!(!f.contains(d(2020, 2, 29)));
        assert!(f.contains(d(2020, 3, 1)));
        assert!(!f.contains(d(2020, 3, 2)));

        // The strictest bound wins.
        let f = dates("after:2017 after:2018-06 before:2019 before:2018-09");
        assert_eq!(f.after, Some(d(2018, 6, 30)));
        assert_eq!(f.before, Some(d(2018, 9, 1)));
        assert!(dates("x").is_unbounded());
    }

    #[test]
    fn periods_keep_their_precision() {
        let q = parse("on:2018 on:2018-01 on:2018-01-22").unwrap();
        let precisions: Vec<Precision> = q
            .items()
            .iter()
            .map(|i| match i {
                Item::On(p) => p.precision(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            precisions,
            [Precision::Year, Precision::Month, Precision::Day]
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let known = "known: from: in: on: after: before: has: is:";
        let cases: &[(&str, &str, &str)] = &[
            ("on:2018-13 ping", "month must be 01-12", "2018-13"),
            ("on:2018-00", "month must be 01-12", "2018-00"),
            ("x on:2018-02-30", "2018-02 has only 28 days", "2018-02-30"),
            ("on:2019-02-29", "2019-02 has only 28 days", "2019-02-29"),
            ("on:2018-04-31", "2018-04 has only 30 days", "2018-04-31"),
            ("on:2018-01-32", "day must be 01-31", "2018-01-32"),
            (
                "after:xyz",
                "expected a date like 2018, 2018-01 or 2018-01-22",
                "xyz",
            ),
            (
                "before:18",
                "expected a date like 2018, 2018-01 or 2018-01-22",
                "18",
            ),
            (
                "on:2018-01/22",
                "expected a date like 2018, 2018-01 or 2018-01-22",
                "2018-01/22",
            ),
            (
                "on:2018-01-02-03",
                "expected a date like 2018, 2018-01 or 2018-01-22",
                "2018-01-02-03",
            ),
            (
                "on:2018-001",
                "expected a date like 2018, 2018-01 or 2018-01-22",
                "2018-001",
            ),
            ("a from: b", "`from:` needs a speaker name", "from:"),
            ("from:\"  \"", "`from:` needs a speaker name", "from:\"  \""),
            ("-in:", "`in:` needs a channel name", "-in:"),
            (
                "on:",
                "`on:` needs a date like 2018, 2018-01 or 2018-01-22",
                "on:",
            ),
            (
                "has:",
                "`has:` needs one of image, link, mention, emoji, attachment, file, video, audio, voice, sticker, redpacket, location, contact, poll",
                "has:",
            ),
            (
                "has:movie",
                "unknown `has:` value `movie`; expected one of image, link, mention, emoji, attachment, file, video, audio, voice, sticker, redpacket, location, contact, poll",
                "movie",
            ),
            ("-is:", "`is:` needs one of system, action, message", "-is:"),
            (
                "is:bot",
                "unknown `is:` value `bot`; expected one of system, action, message",
                "bot",
            ),
            (
                "-on:2018",
                "`on:` cannot be negated; use before: or after:",
                "-on:",
            ),
            (
                "-after:2018",
                "`after:` cannot be negated; use before: or after:",
                "-after:",
            ),
            ("q \"abc", "unclosed quote", "\"abc"),
            ("from:\"Bob", "unclosed quote", "\"Bob"),
            ("\"a\\\"", "unclosed quote", "\"a\\\""),
            (
                "\"abc\"def x",
                "expected a space after the closing quote",
                "def",
            ),
            (
                "a - b",
                "`-` must be followed by a term or a qualifier",
                "-",
            ),
            ("a ~", "`~` must be followed by a term", "~"),
            ("-~ b", "`~` must be followed by a term", "-~"),
            ("\"\"", "empty phrase", "\"\""),
            ("-\"\"", "empty phrase", "\"\""),
        ];
        for &(input, message, covered) in cases {
            assert_eq!(error_at(input), (message.to_owned(), covered), "{input:?}");
        }
        for (input, key) in [("foo:bar", "foo:"), ("x -Re:hi", "Re:"), ("to:", "to:")] {
            assert_eq!(
                error_at(input),
                (format!("unknown qualifier `{key}`; {known}"), key),
                "{input:?}"
            );
        }
    }

    #[test]
    fn render_draws_carets_under_the_span() {
        let input = "on:2018-13 ping";
        assert_eq!(
            error(input).render(input),
            "on:2018-13 ping\n   ^^^^^^^ month must be 01-12"
        );
        // Double-width characters before and inside the span.
        let input = "二维码 has:视频";
        assert_eq!(
            error(input).render(input),
            "二维码 has:视频\n           ^^^^ unknown `has:` value `视频`; expected one of image, link, mention, emoji, attachment, file, video, audio, voice, sticker, redpacket, location, contact, poll"
        );
        // A span at the very end still gets a caret; tabs show as spaces.
        let e = QueryError::new("here", 3..3);
        assert_eq!(e.render("a\tb"), "a b\n   ^ here");
    }

    #[test]
    fn display_normalises() {
        let cases = [
            ("  二维码   from:alice  ", "二维码 from:alice"),
            ("\"plain\" FROM:\"bob\"", "plain from:bob"),
            ("from:\"Bob Lee\" in:\"a b\"", "from:\"Bob Lee\" in:\"a b\""),
            (
                "\"-x\" \"~y\" \"a:b\" ~\"a:b\" \"http://x\"",
                "\"-x\" \"~y\" \"a:b\" ~\"a:b\" http://x",
            ),
            (r#""say \"hi\"" it"s "a\\b""#, r#""say \"hi\"" "it\"s" a\b"#),
            (
                "on:2018/1/2 after:2018/02 before:2019",
                "on:2018-01-02 after:2018-02 before:2019",
            ),
            (
                "has:IMAGE -has:link -from:x -in:y",
                "has:image -has:link -from:x -in:y",
            ),
            ("-~foo ~-bar", "-~foo ~\"-bar\""),
            ("from:-x from:in:y", "from:-x from:in:y"),
        ];
        for (input, normal) in cases {
            let q = parse(input).unwrap();
            assert_eq!(q.to_string(), normal, "{input:?}");
            assert_eq!(parse(&q.to_string()).unwrap(), q, "{input:?}");
        }
    }

    #[test]
    fn items_display_as_chips() {
        let q = parse("from:\"Bob Lee\" on:2018-01 -~x").unwrap();
        let chips: Vec<String> = q.items().iter().map(ToString::to_string).collect();
        assert_eq!(chips, ["from:\"Bob Lee\"", "on:2018-01", "-~x"]);
    }

    #[test]
    fn with_speakers_appends_exact_names_once() {
        let q = parse("二维码 from:alice").unwrap().with_speakers(&[
            "alice".to_owned(),
            "张 三".to_owned(),
            "张 三".to_owned(),
        ]);
        assert_eq!(q.to_string(), "二维码 from:alice from:\"张 三\"");
        assert_eq!(parse(&q.to_string()).unwrap(), q);
        let mut q = q;
        assert_eq!(
            q.remove(1),
            Item::From {
                name: "alice".into(),
                negated: false
            }
        );
        assert_eq!(q.to_string(), "二维码 from:\"张 三\"");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn query_like() -> impl Strategy<Value = String> {
            let word = prop_oneof![
                Just("from:".to_owned()),
                Just("-".to_owned()),
                Just("~".to_owned()),
                Just("\"".to_owned()),
                Just("\\".to_owned()),
                Just(" ".to_owned()),
                Just("on:".to_owned()),
                Just("in:".to_owned()),
                Just("has:".to_owned()),
                Just("is:".to_owned()),
                Just("system".to_owned()),
                Just("after:".to_owned()),
                Just("2018-02-29".to_owned()),
                Just("2018/1".to_owned()),
                Just("image".to_owned()),
                Just("://".to_owned()),
                Just("二维码".to_owned()),
                Just("\u{3000}".to_owned()),
                "[a-zA-Z:]{1,4}",
                "\\PC{0,3}",
            ];
            prop::collection::vec(word, 0..12).prop_map(|w| w.concat())
        }

        fn check(input: &str) -> Result<(), TestCaseError> {
            match parse(input) {
                Ok(q) => {
                    let normal = q.to_string();
                    let again = parse(&normal);
                    prop_assert_eq!(again.as_ref(), Ok(&q), "normal form {:?}", normal);
                }
                Err(e) => {
                    prop_assert!(e.span.start <= e.span.end && e.span.end <= input.len());
                    prop_assert!(input.is_char_boundary(e.span.start));
                    prop_assert!(input.is_char_boundary(e.span.end));
                    prop_assert!(e.span.start < e.span.end, "empty span {:?}", e);
                    let rendered = e.render(input);
                    prop_assert_eq!(rendered.lines().count(), 2);
                }
            }
            Ok(())
        }

        proptest! {
            #[test]
            fn never_panics_on_anything(input in "\\PC*|.*") {
                check(&input)?;
            }

            #[test]
            fn never_panics_on_query_like_text(input in query_like()) {
                check(&input)?;
            }
        }
    }
}

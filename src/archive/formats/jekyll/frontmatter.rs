//! The YAML front matter of a Jekyll post.
//!
//! Real files are not always valid YAML (the reference day has tabs after
//! `tag:`), so a strict parse with serde_yaml is tried first and a lenient
//! `key: value` reading is the fallback; either way the day is kept.

use serde_yaml::Value;

use crate::model::FrontMatter;

/// Front matter larger than this is not handed to the YAML parser at all:
/// real ones are a few hundred bytes, and libyaml is quadratic in the
/// nesting depth and serde_yaml's alias limit is per level.
const MAX_YAML_BYTES: usize = 4 * 1024;
/// Front matter with more aliases than this is read leniently: a handful
/// of aliases is plausible, a tree of them is a bomb.
const MAX_YAML_ALIASES: usize = 16;

/// Why the strict parse failed, with the 1-based line within the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub line: u32,
    pub reason: String,
}

/// Reads front matter text (the lines between the `---` markers); every
/// field is sanitised like the rest of the archive's text.
pub fn parse(text: &str) -> (FrontMatter, Option<YamlProblem>) {
    let (mut fm, problem) = parse_raw(text);
    let clean = |s: &mut String| *s = crate::text::sanitize_line(s).into_owned();
    fm.title.as_mut().map(clean);
    fm.date.as_mut().map(clean);
    fm.author.as_mut().map(clean);
    fm.tags.iter_mut().for_each(clean);
    (fm, problem)
}

fn parse_raw(text: &str) -> (FrontMatter, Option<YamlProblem>) {
    if text.len() > MAX_YAML_BYTES {
        let problem = YamlProblem {
            line: 1,
            reason: format!("front matter is {} bytes, too large for YAML", text.len()),
        };
        return (lenient(text), Some(problem));
    }
    let aliases = text
        .as_bytes()
        .windows(2)
        .filter(|w| matches!(w[0], b' ' | b'[' | b',' | b'{' | b'-' | b':') && w[1] == b'*')
        .count();
    if aliases > MAX_YAML_ALIASES {
        let problem = YamlProblem {
            line: 1,
            reason: format!("front matter uses {aliases} YAML aliases, too many to expand"),
        };
        return (lenient(text), Some(problem));
    }
    match simple(text) {
        Some(fm) => (fm, None),
        None => yaml(text),
    }
}

/// Reads front matter with the YAML parser, leniently when it is not YAML.
fn yaml(text: &str) -> (FrontMatter, Option<YamlProblem>) {
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(map)) => {
            let get = |key: &str| map.get(key).and_then(scalar);
            let tags = match map.get("tag").or_else(|| map.get("tags")) {
                Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
                Some(v) => scalar(v).map(|s| split_tags(&s)).unwrap_or_default(),
                None => Vec::new(),
            };
            let fm = FrontMatter {
                title: get("title"),
                date: get("date"),
                author: get("author"),
                tags,
            };
            (fm, None)
        }
        Ok(Value::Null) => (FrontMatter::default(), None),
        Ok(_) => (
            lenient(text),
            Some(YamlProblem {
                line: 1,
                reason: "front matter is not a YAML mapping".into(),
            }),
        ),
        Err(e) => {
            // serde_yaml counts U+0085, U+2028 and U+2029 as line breaks and
            // may point past the end; count newlines up to its byte index.
            let lines = text.lines().count().max(1);
            let line_of = |index: usize| {
                let mut at = index.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                (text[..at].matches('\n').count() + 1).min(lines) as u32
            };
            // Some errors carry no location but say "at position N" (a
            // character offset into the text).
            let position = || {
                let msg = e.to_string();
                let digits: String = msg
                    .split("position ")
                    .nth(1)?
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let chars: usize = digits.parse().ok()?;
                Some(
                    text.char_indices()
                        .nth(chars)
                        .map_or(text.len(), |(i, _)| i),
                )
            };
            let line = e
                .location()
                .map(|l| l.index())
                .or_else(position)
                .map_or(1, line_of);
            let reason = first_line(&e.to_string());
            (lenient(text), Some(YamlProblem { line, reason }))
        }
    }
}

fn first_line(s: &str) -> String {
    let s = s.lines().next().unwrap_or("");
    // serde_yaml appends " at line N column M"; the caller reports the line itself.
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Reads front matter of the shape exporters write (`key: value` lines
/// whose values are plain words, double-quoted text without escapes, or
/// lists of plain words: the generated and the real day files' kind)
/// without the YAML parser, which costs more than the rest of the head;
/// `None` for anything else, which YAML then reads. Where it answers, it
/// gives what the YAML reading gives (a property test checks).
fn simple(text: &str) -> Option<FrontMatter> {
    let mut fm = FrontMatter::default();
    let mut keys: Vec<&str> = Vec::new();
    let mut tags: Option<Vec<String>> = None;
    for line in text.lines() {
        let (key, rest) = line.split_once(':')?;
        let key_ok = key.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_alphabetic() || b == b'_' || (i > 0 && (b.is_ascii_digit() || b == b'-'))
        });
        if !key_ok || key.is_empty() || key.len() > 64 || is_keyword(key) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let value = rest.trim_start_matches([' ', '\t']);
        if value.len() == rest.len() && !value.is_empty() {
            return None; // `key:value` is one plain scalar, not a pair
        }
        let value = value.trim_end_matches(' ');
        if !value.chars().all(printable) {
            return None;
        }
        let wanted = matches!(key, "title" | "date" | "author" | "tag" | "tags");
        let parsed = if let Some(list) = value.strip_prefix('[') {
            Parsed::List(flow_words(list.strip_suffix(']')?)?)
        } else if let Some(quoted) = value.strip_prefix('"') {
            let inner = quoted.strip_suffix('"')?;
            if inner.contains(['"', '\\']) {
                return None;
            }
            Parsed::Text(inner)
        } else if value.is_empty() {
            Parsed::Null
        } else {
            if !plain_text(value) || (wanted && (is_keyword(value) || number_like(value))) {
                return None;
            }
            Parsed::Text(value)
        };
        let text_of = |p: &Parsed<'_>| match p {
            Parsed::Text(t) => {
                let t = t.trim();
                (!t.is_empty() && t != "None").then(|| t.to_string())
            }
            _ => None,
        };
        match key {
            "title" => fm.title = text_of(&parsed),
            "date" => fm.date = text_of(&parsed),
            "author" => fm.author = text_of(&parsed),
            // `tag` wins over `tags`, whichever comes first.
            "tag" | "tags" if tags.is_none() || key == "tag" => {
                tags = Some(match &parsed {
                    Parsed::List(words) => words
                        .iter()
                        .filter(|w| **w != "None")
                        .map(|w| (*w).to_string())
                        .collect(),
                    p => text_of(p).map(|t| split_tags(&t)).unwrap_or_default(),
                });
            }
            _ => {}
        }
    }
    fm.tags = tags.unwrap_or_default();
    Some(fm)
}

/// A value of [`simple`] front matter.
enum Parsed<'a> {
    Null,
    Text(&'a str),
    List(Vec<&'a str>),
}

/// Whether YAML reads `s` as null or a boolean.
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

/// Whether YAML could read `s` as a number: it starts like one and holds
/// nothing a number cannot.
fn number_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_'))
}

/// A character YAML takes as it is inside a scalar: printable, and no line
/// break of its own (U+0085, U+2028 and U+2029 are breaks to YAML).
fn printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// A plain scalar that is surely one: it starts with a letter, a digit or
/// a non-ASCII character, and holds no tab, no comment and no `: `.
fn plain_text(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphanumeric())
        && !s.contains(['#', '\t'])
        && !s.contains(": ")
        && !s.ends_with(':')
}

/// The words of a flow list's inside (`chat, wechat`): plain words of
/// letters, digits, `_` and `-`, starting with a letter, that YAML reads
/// as strings; `None` for anything else.
fn flow_words(inside: &str) -> Option<Vec<&str>> {
    if inside.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    inside
        .split(',')
        .map(|w| {
            let w = w.trim_matches(' ');
            let ok = w.starts_with(|c: char| c.is_ascii_alphabetic())
                && w.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                && !is_keyword(w);
            ok.then_some(w)
        })
        .collect()
}

/// A scalar as a string; `None` for YAML null, `~` and the exporter's `None`.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty() && s != "None").then_some(s)
}

/// `[chat, wechat]` or `chat wechat` as a list of tags.
fn split_tags(s: &str) -> Vec<String> {
    s.trim_matches(|c| c == '[' || c == ']')
        .split([',', ' ', '\t'])
        .map(|t| t.trim().trim_matches(['"', '\'']).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Reads `key: value` lines, ignoring anything else.
fn lenient(text: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() || value == "None" {
            continue;
        }
        match key.trim() {
            "title" => fm.title = Some(value.to_string()),
            "date" => fm.date = Some(value.to_string()),
            "author" => fm.author = Some(value.to_string()),
            "tag" | "tags" => fm.tags = split_tags(value),
            _ => {}
        }
    }
    fm
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strict_yaml_is_read() {
        let (fm, problem) = parse(
            "layout:     source \ntitle:      \"2019-02-04-WeChat\"\ndate:       2019-02-04 12:00:00\nauthor:     None\nlines:      23 \ntag:       [chat]\n",
        );
        assert_eq!(problem, None);
        assert_eq!(fm.title.as_deref(), Some("2019-02-04-WeChat"));
        assert_eq!(fm.date.as_deref(), Some("2019-02-04 12:00:00"));
        assert_eq!(fm.author, None);
        assert_eq!(fm.tags, vec!["chat"]);
    }

    #[test]
    fn tabs_after_a_key_are_accepted() {
        let text = "layout:     source \ntitle:      \"2018-01-22-WeChat\"\ndate:       2018-01-22 12:00:00\nauthor:     PaymentGroup\nlines:      180 \ntag:\t\t  [chat]\n";
        let (fm, problem) = parse(text);
        assert_eq!(problem, None);
        assert_eq!(fm.tags, vec!["chat"]);
    }

    #[test]
    fn invalid_yaml_falls_back_to_lenient_reading() {
        let text = "title:      \"2018-01-22-WeChat\ndate:       2018-01-22 12:00:00\n\tauthor:     PaymentGroup\ntag:\t\t  [chat]\n";
        let (fm, problem) = parse(text);
        let problem = problem.expect("an unclosed quote is not valid YAML");
        assert!(problem.line >= 1);
        assert_eq!(fm.title.as_deref(), Some("2018-01-22-WeChat"));
        assert_eq!(fm.date.as_deref(), Some("2018-01-22 12:00:00"));
        assert_eq!(fm.author.as_deref(), Some("PaymentGroup"));
        assert_eq!(fm.tags, vec!["chat"]);
    }

    #[test]
    fn quoted_author_and_extra_keys() {
        let (fm, problem) = parse(
            "title: \"x\"\ndate: 2017-05-05 12:00:00\nauthor: \"Payment Group\"\nheader-img: \"img/post-bg-wechat.jpg\"\n",
        );
        assert_eq!(problem, None);
        assert_eq!(fm.author.as_deref(), Some("Payment Group"));
    }

    #[test]
    fn exporters_front_matter_is_read_without_the_yaml_parser() {
        let text = "layout:     source \ntitle:      \"2019-06-30-WeChat\"\ndate:       2019-06-30 12:00:00\nauthor:     PaymentGroup\nlines:      321 \ntag:\t\t  [chat]\n";
        let fm = simple(text).expect("the usual shape");
        assert_eq!(fm.title.as_deref(), Some("2019-06-30-WeChat"));
        assert_eq!(fm.date.as_deref(), Some("2019-06-30 12:00:00"));
        assert_eq!(fm.author.as_deref(), Some("PaymentGroup"));
        assert_eq!(fm.tags, vec!["chat"]);
        assert_eq!(yaml(text), (fm, None));
        // What it leaves to YAML.
        for text in [
            "title: a\ntitle: b\n",
            "title: 2019\n",
            "title: true\n",
            "title: 'quoted'\n",
            "title: \"esc\\\"aped\"\n",
            "title: a # comment\n",
            "title:a\n",
            "  title: nested\n",
            "tag: [a, \"b\"]\n",
            "title: &anchor x\n",
            "\ntitle: x\n",
        ] {
            assert_eq!(simple(text), None, "{text:?}");
        }
    }

    /// Front matter lines made of pieces near the edges of what
    /// [`simple`] reads.
    fn front_matter_text() -> impl Strategy<Value = String> {
        let keys = [
            "title", "date", "author", "tag", "tags", "layout", "lines", "null", "a-b", "x1",
        ];
        // Mostly distinct keys (a repeated one is not YAML), in any order.
        let key = prop_oneof![
            4 => prop::sample::subsequence(keys.to_vec(), 0..=6).prop_shuffle(),
            1 => prop::collection::vec(prop::sample::select(keys.to_vec()), 0..4),
        ];
        let sep = prop_oneof![
            1 => Just(":"),
            12 => Just(": "),
            4 => Just(":   "),
            1 => Just(":\t "),
            1 => Just(" : "),
        ];
        let value = prop_oneof![
            12 => "[a-zA-Z中][a-zA-Z0-9 ._:中-]{0,10}",
            2 => "[a-zA-Z0-9 ._:#,\\[\\]\"'*&!-]{0,12}",
            8 => "\"[a-z 中]{0,6}\"",
            1 => "\"[a-z 中\\\\\"#]{0,6}\"",
            8 => "\\[ ?([a-z][a-z0-9_-]{0,3}(, ?[a-zN][a-z0-9]{0,3}){0,2})? ?\\]",
            1 => "\\[[a-z0-9, \"]{0,10}\\]",
            6 => "[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9:]{8})?",
            1 => Just("None".to_string()),
            1 => Just("true".to_string()),
            1 => Just("1e3".to_string()),
            1 => Just("0x1F".to_string()),
            1 => Just(String::new()),
            1 => Just("中文 群".to_string()),
            1 => "[\\x00-\\x1f\\u{85}\\u{2028}\\u{feff}a]{1,3}",
        ];
        let trail = prop_oneof![8 => Just(""), 2 => Just(" "), 1 => Just("  "), 1 => Just("\t")];
        key.prop_flat_map(move |keys| {
            let n = keys.len();
            (
                Just(keys),
                prop::collection::vec((sep.clone(), value.clone(), trail.clone()), n),
            )
        })
        .prop_map(|(keys, rest)| {
            let mut text = String::new();
            for (k, (s, v, t)) in keys.iter().zip(rest) {
                text.push_str(&format!("{k}{s}{v}{t}\n"));
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn simple_reading_agrees_with_yaml(text in front_matter_text()) {
            if let Some(fm) = simple(&text) {
                prop_assert_eq!(yaml(&text), (fm, None), "{:?}", text);
            }
        }
    }

    #[test]
    fn yaml_bomb_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for name in 'b'..='j' {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        text.push_str("title: bomb\n");
        let start = std::time::Instant::now();
        let (fm, _problem) = parse(&text);
        assert!(start.elapsed().as_secs() < 5);
        assert_eq!(fm.title.as_deref(), Some("bomb"));
    }
}

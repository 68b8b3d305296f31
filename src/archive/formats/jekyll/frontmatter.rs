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

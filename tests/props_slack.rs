//! Property tests of the Slack parser (a lone day file, and a whole export
//! through an in-memory folder): none panics, and what it returns keeps
//! the invariants of tests/support/invariants.rs (`check_parsed`, shared
//! with the fuzz target `parse_slack`). Inputs are arbitrary bytes, and
//! Slack-like messages built from fragments of mrkdwn, blocks, files and
//! hostile text, whole or cut short anywhere.

#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;

use daybook::archive::formats::{ParseContext, slack};
use daybook::model::Zone;
use invariants::{MemFolder, check_parsed};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Pieces of message text: Slack's markup, entities, emoji codes, and
/// hostile characters.
const TEXT: &[&str] = &[
    "<@U1>",
    "<@U2|bob>",
    "<@U9>",
    "<#C1|general>",
    "<#C1>",
    "<!here>",
    "<!channel>",
    "<!subteam^S1|@devs>",
    "<!subteam^S1>",
    "<!date^1600000000^{date}|Sep 13>",
    "<!x>",
    "<https://example.org/a?b=1&amp;c=2|a link>",
    "<https://example.org>",
    "<mailto:a@b.c>",
    "<not a link>",
    "<",
    ">",
    "<<>>",
    "&lt;",
    "&gt;",
    "&amp;",
    "&amp;lt;",
    "&",
    "*",
    "_",
    "~",
    "`",
    "```",
    "```\ncode\n```",
    "*bold*",
    "_it_",
    "~gone~",
    "`x`",
    "*a _b ~c~ d_ e*",
    "snake_case_word",
    "2*3*4",
    ":smile:",
    ":+1::skin-tone-4:",
    ":nope-nope:",
    "::",
    ":",
    "10:30:00",
    "> quote\n",
    "\n",
    " ",
    "\t",
    "收到",
    "周末去爬山吗？",
    "👨\u{200d}👩\u{200d}👧",
    "\u{1b}[2J",
    "\u{7}",
    "\u{9b}",
    "\u{202e}",
    "\u{2028}",
    "\u{0}",
    "\u{301}\u{301}\u{301}\u{301}\u{301}",
    "x",
    "hello ",
];

const SUBTYPES: &[&str] = &[
    "",
    "channel_join",
    "channel_leave",
    "channel_topic",
    "bot_message",
    "me_message",
    "file_share",
    "file_comment",
    "tombstone",
    "thread_broadcast",
    "bot_add",
    "odd",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TEXT), 0..12).prop_map(|v| v.concat())
}

fn ts() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (1_000_000_000u64..2_000_000_000, 0u32..999_999)
            .prop_map(|(s, f)| Value::String(format!("{s}.{f:06}"))),
        1 => Just(Value::String("nonsense".into())),
        1 => Just(Value::String("99999999999999.1".into())),
        1 => Just(json!(1_600_000_000)),
        1 => Just(Value::Null),
        1 => Just(json!([1])),
    ]
}

fn block(t: &str) -> Value {
    json!([{ "type": "rich_text", "elements": [
        { "type": "rich_text_section", "elements": [
            { "type": "text", "text": t, "style": { "bold": true } },
            { "type": "user", "user_id": "U1" },
            { "type": "emoji", "name": "tada", "unicode": "zz-1f389" },
            { "type": "link", "url": "https://x.y", "text": "" },
            { "type": "broadcast", "range": "channel" } ] },
        { "type": "rich_text_list", "style": "ordered", "indent": 99, "elements": [
            { "type": "rich_text_section", "elements": [{ "type": "text", "text": "i\n" }] } ] },
        { "type": "rich_text_quote", "elements": [{ "type": "text", "text": "q\nq" }] },
        { "type": "rich_text_preformatted", "elements": [{ "type": "text", "text": "" }] } ] },
      { "type": "section", "text": { "type": "mrkdwn", "text": "*s*" },
        "fields": [{ "type": "plain_text", "text": ":one:" }] },
      { "type": "context", "elements": [{ "type": "mrkdwn", "text": "<@U2>" }, { "type": "image" }] }])
}

fn message() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(SUBTYPES),
        prop::sample::select(&["U1", "U2", "U9", "", "USLACKBOT"][..]),
        text(),
        ts(),
        prop::option::of(ts()),
        any::<u8>(),
        text(),
    )
        .prop_map(|(subtype, user, t, ts, thread, extras, other)| {
            let mut m = json!({ "type": "message", "text": t, "ts": ts });
            if !subtype.is_empty() {
                m["subtype"] = json!(subtype);
            }
            if !user.is_empty() {
                m["user"] = json!(user);
            }
            if let Some(t) = thread {
                m["thread_ts"] = t;
            }
            if extras & 1 != 0 {
                m["blocks"] = block(&other);
            }
            if extras & 2 != 0 {
                m["reactions"] = json!([{ "name": "+1", "count": 2 }, { "name": other, "users": ["U1"] }, {}]);
            }
            if extras & 4 != 0 {
                m["files"] = json!([{ "id": "F1", "name": "a.png", "mimetype": "image/png", "size": 3 },
                                    { "mode": "tombstone" }, { "title": other }]);
                m["file"] = json!({ "name": "b.txt", "permalink": "https://x.y/b" });
            }
            if extras & 8 != 0 {
                m["attachments"] = json!([
                    { "pretext": other, "title": "t", "title_link": "https://x.y", "text": "*x*",
                      "fields": [{ "title": "k", "value": "v" }, {}] },
                    { "from_url": "https://x.y", "title": "card" },
                    { "is_share": true, "author_name": "\u{1b}[31m", "text": "shared" },
                    { "fallback": "fb", "image_url": "https://x.y/i.png" }]);
            }
            if extras & 16 != 0 {
                m["bot_id"] = json!("B1");
                m["username"] = json!(other);
            }
            if extras & 32 != 0 {
                m["user_profile"] = json!({ "display_name": other, "real_name": "R" });
                m["edited"] = json!({ "ts": "1.0" });
            }
            if extras & 64 != 0 {
                m["comment"] = json!({ "user": "U2" });
            }
            m
        })
}

/// A day file: pretty or compact, whole or cut at `cut` (a fraction).
fn day_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(message(), 0..8),
        any::<bool>(),
        prop::option::of(0.0f64..1.0),
    )
        .prop_map(|(msgs, pretty, cut)| {
            let v = Value::Array(msgs);
            let mut s = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            if let Some(f) = cut {
                let mut at = (s.len() as f64 * f) as usize;
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                s.truncate(at);
            }
            s
        })
}

fn lines(s: &[u8]) -> u32 {
    1 + memchr::memchr_iter(b'\n', s).count() as u32
}

fn parse_loose(bytes: &[u8]) {
    let ctx = ParseContext {
        path: Path::new("standup/2020-09-13.json"),
        folder: Path::new("standup"),
        zone: Zone::parse("Asia/Kolkata").unwrap(),
    };
    let parsed = slack::FORMAT.parse(bytes, &ctx);
    check_parsed(&parsed, lines(bytes));
}

fn parse_export(day: &[u8]) {
    let folder = MemFolder::new(vec![
        (
            "users.json".into(),
            br#"[{"id":"U1","name":"ann","profile":{"display_name":"Ann"}},{"id":"U2"}]"#.to_vec(),
        ),
        (
            "channels.json".into(),
            br#"[{"id":"C1","name":"general"},{"name":3}]"#.to_vec(),
        ),
        (
            "dms.json".into(),
            br#"[{"id":"D1","members":["U1","U9"]}]"#.to_vec(),
        ),
        ("general/2020-09-13.json".into(), day.to_vec()),
        ("D1/2020-09-13.json".into(), day.to_vec()),
        ("teams/t/x/2020-09-14.json".into(), day.to_vec()),
        ("stray.txt".into(), b"x".to_vec()),
    ]);
    let ctx = ParseContext {
        path: Path::new("export"),
        folder: Path::new("export"),
        zone: Zone::parse("UTC").unwrap(),
    };
    let parsed = slack::FORMAT.parse_folder(&folder, &ctx);
    check_parsed(&parsed, lines(day).max(1));
}

/// The case proptest once shrank `slack_day_files` to: a mention (of a user
/// the profile names `<@U9>` and five combining marks) followed by five
/// combining marks in an attachment's pretext, beside a share whose author
/// is an escape sequence.
#[test]
fn slack_mention_before_combining_marks_stays_sanitised() {
    let day = "[{\"attachments\":[{\"fields\":[{\"title\":\"k\",\"value\":\"v\"},{}],\"pretext\":\"<@U9>\u{301}\u{301}\u{301}\u{301}\u{301}\",\"text\":\"*x*\",\"title\":\"t\",\"title_link\":\"https://x.y\"},{\"from_url\":\"https://x.y\",\"title\":\"card\"},{\"author_name\":\"\\u001b[31m\",\"is_share\":true,\"text\":\"shared\"},{\"fallback\":\"fb\",\"image_url\":\"https://x.y/i.png\"}],\"comment\":{\"user\":\"U2\"},\"edited\":{\"ts\":\"1.0\"},\"text\":\"\",\"ts\":\"1000000000.000000\",\"type\":\"message\",\"user\":\"U9\",\"user_profile\":{\"display_name\":\"<@U9>\u{301}\u{301}\u{301}\u{301}\u{301}\",\"real_name\":\"R\"}}]";
    parse_loose(day.as_bytes());
    parse_export(day.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn slack_day_files(day in day_file()) {
        parse_loose(day.as_bytes());
        parse_export(day.as_bytes());
    }

    #[test]
    fn slack_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_loose(&bytes);
        parse_export(&bytes);
    }

    #[test]
    fn slack_arbitrary_text_in_an_array(s in any::<String>()) {
        let json = format!("[{{\"type\":\"message\",\"user\":\"U1\",\"ts\":\"1600000000.1\",\"text\":{}}}]", serde_json::to_string(&s).unwrap());
        parse_loose(json.as_bytes());
    }
}

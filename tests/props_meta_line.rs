//! Property tests of the Messenger/Instagram and LINE parsers: none panics,
//! and what they return keeps the invariants of
//! tests/support/invariants.rs (`check_parsed`, shared with the fuzz
//! targets `parse_meta` and `parse_line`). Inputs are arbitrary bytes, and files built
//! from fragments of each format (fields of every shape, mojibake, day
//! lines of every language, hostile text), whole or cut short anywhere.

#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;

use daybook::archive::formats::{Format, ParseContext, line, meta};
use daybook::model::Zone;
use invariants::check_parsed;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Pieces of text: links, mentions, placeholders, CJK, emoji, mojibake
/// and hostile characters.
const TEXT: &[&str] = &[
    "hello ",
    "https://example.org/a?b=1",
    "@Ana Lima",
    "[Photo]",
    "[写真]",
    "☎ Missed call",
    "Reacted ❤ to your message ",
    "Liked a message",
    "unsent a message.",
    "收到",
    "おはよう",
    "👨\u{200d}👩\u{200d}👧",
    "\u{e2}\u{80}\u{99}",
    "\u{c3}\u{a9}",
    "\u{f0}\u{9f}",
    "\u{c3}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{9b}",
    "\u{202e}",
    "\u{0}",
    "\u{feff}",
    "\t",
    "\n",
    "\r\n",
    "\"",
    "\\",
    "\u{301}\u{301}\u{301}\u{301}",
    "x",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TEXT), 0..8).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------
// Meta
// ---------------------------------------------------------------------------

fn timestamp() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (1_000_000_000_000i64..2_000_000_000_000).prop_map(|t| json!(t)),
        1 => Just(json!(-1)),
        1 => Just(json!(i64::MAX)),
        1 => Just(json!(1.5e300)),
        1 => Just(json!("1600000000000")),
        1 => Just(Value::Null),
        1 => Just(json!([1])),
    ]
}

const TYPES: &[&str] = &[
    "",
    "Generic",
    "Share",
    "Call",
    "Subscribe",
    "Unsubscribe",
    "text",
    "media",
    "placeholder",
    "Odd",
];

fn meta_message() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TYPES),
        text(),
        text(),
        timestamp(),
        any::<u16>(),
        any::<bool>(),
    )
        .prop_map(|(kind, sender, content, ts, extras, e2ee)| {
            let mut m = if e2ee {
                json!({ "senderName": sender, "timestamp": ts, "text": content, "isUnsent": extras & 1 != 0 })
            } else {
                json!({ "sender_name": sender, "timestamp_ms": ts, "content": content })
            };
            if !kind.is_empty() {
                m["type"] = json!(kind);
            }
            if extras & 2 != 0 {
                m["is_unsent"] = json!(true);
            }
            if extras & 4 != 0 {
                m["photos"] = json!([{ "uri": "a/b.jpg" }, {}, { "uri": content }]);
                m["gifs"] = json!([{ "uri": 5 }]);
            }
            if extras & 8 != 0 {
                m["videos"] = json!([{ "uri": "v.mp4", "thumbnail": { "uri": "t" } }]);
                m["audio_files"] = json!([{ "uri": "audioclip1.mp4" }, { "uri": sender }]);
                m["files"] = json!([{ "uri": "f.pdf", "creation_timestamp": 1 }]);
            }
            if extras & 16 != 0 {
                m["sticker"] = json!({ "uri": "s.png" });
                m["media"] = json!([{ "uri": "./media/x.jpeg" }, { "uri": "Failed to download media" }]);
            }
            if extras & 32 != 0 {
                m["share"] = json!({ "link": content, "share_text": sender, "original_content_owner": "o" });
            }
            if extras & 64 != 0 {
                m["reactions"] = json!([{ "reaction": content, "actor": sender }, { "reaction": "👍" }, {}]);
            }
            if extras & 128 != 0 {
                m["users"] = json!([{ "name": sender }, "x", 3, null]);
                m["call_duration"] = json!(extras);
            }
            if extras & 256 != 0 {
                m["x"] = json!({ "deep": [[[[{}]]]] });
            }
            m
        })
}

/// A chat file: classic or encrypted root, pretty or compact, mojibake
/// or not, whole or cut at `cut` (a fraction).
fn meta_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(meta_message(), 0..8),
        text(),
        any::<u8>(),
        prop::option::of(0.0f64..1.0),
    )
        .prop_map(|(msgs, title, flags, cut)| {
            let v = if flags & 1 == 0 {
                json!({ "participants": [{ "name": title }, { "name": "B" }, 3], "messages": msgs,
                        "title": title, "thread_path": "inbox/x_1", "magic_words": [] })
            } else {
                json!({ "participants": [title, "B"], "threadName": title, "messages": msgs })
            };
            let mut s = if flags & 2 == 0 {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            if flags & 4 != 0 {
                // As Meta writes it: each string's UTF-8 bytes as Latin-1.
                s = s
                    .bytes()
                    .map(|b| {
                        if b < 0x80 {
                            (b as char).to_string()
                        } else {
                            format!("\\u{b:04x}")
                        }
                    })
                    .collect();
            }
            if flags & 8 != 0 {
                s.insert(0, '\u{feff}');
            }
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

fn parse_with(format: &'static dyn Format, path: &str, bytes: &[u8]) {
    let path = Path::new(path);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone: Zone::parse("Pacific/Chatham").unwrap(),
    };
    check_parsed(&format.parse(bytes, &ctx), lines(bytes));
}

fn parse_meta(bytes: &[u8]) {
    parse_with(meta::MESSENGER, "inbox/x_123456/message_1.json", bytes);
    parse_with(meta::INSTAGRAM, "instagram/chat.json", bytes);
}

// ---------------------------------------------------------------------------
// LINE
// ---------------------------------------------------------------------------

const LINE_PIECES: &[&str] = &[
    "Chat history with Ana",
    "Chat history in \"G\"",
    "[LINE] Chat mit Jo",
    "[LINE] 花子とのトーク履歴",
    "Saved on: 1/30/2026, 22:11",
    "保存日期：2026/1/30 22:11",
    "",
    "",
    "Mon, 8/19/2019",
    "Mo., 19.8.2019",
    "lun., 19/08/2019",
    "2019/08/19(月)",
    "2026/1/30周五",
    "2025.12.10 Wednesday",
    "2019/13/45",
    "Mon, 2/30/2019",
    "11:28\tAlice\t",
    "11:29\tUnknown\t",
    "上午09:32\t小明\t",
    "午後7:04\t太郎\t",
    "07:04PM\tAna\t",
    "25:61\tAna\t",
    "17:05\t",
    "17:06\t\t",
    "continued text",
    "\"quoted start",
    "quoted end\"",
];

fn line_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::select(LINE_PIECES), text()), 0..24),
        any::<u8>(),
        prop::option::of(0.0f64..1.0),
    )
        .prop_map(|(parts, flags, cut)| {
            let sep = if flags & 1 == 0 { "\n" } else { "\r\n" };
            let mut s: String = parts
                .iter()
                .map(|(p, t)| {
                    if p.ends_with('\t') {
                        format!("{p}{t}")
                    } else {
                        (*p).to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(sep);
            if flags & 2 != 0 {
                s.insert(0, '\u{feff}');
            }
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

fn parse_line(bytes: &[u8]) {
    parse_with(line::FORMAT, "exports/[LINE] Chat mit Jo.txt", bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn meta_files(file in meta_file()) {
        parse_meta(file.as_bytes());
    }

    #[test]
    fn meta_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_meta(&bytes);
    }

    #[test]
    fn meta_arbitrary_text_in_a_message(s in any::<String>()) {
        let json = format!(
            "{{\"messages\": [{{\"sender_name\": {0}, \"timestamp_ms\": 1600000000000, \"content\": {0}}}], \"title\": {0}}}",
            serde_json::to_string(&s).unwrap()
        );
        parse_meta(json.as_bytes());
    }

    #[test]
    fn line_files(file in line_file()) {
        parse_line(file.as_bytes());
    }

    #[test]
    fn line_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        parse_line(&bytes);
    }

    #[test]
    fn line_arbitrary_text_in_a_message(s in any::<String>()) {
        let text = format!("Chat history with Ana\n\nMon, 8/19/2019\n10:00\tAna\t{s}\n10:01\t{s}\n");
        parse_line(text.as_bytes());
    }
}

/// Mojibake that repairs into controls or bidi characters is sanitised
/// like any text, and a string that only looks like mojibake stays.
#[test]
fn repaired_mojibake_is_sanitised_too() {
    // U+001B as Meta would write it is plain ASCII; U+202E as Latin-1 bytes.
    let json = "{\"messages\": [{\"sender_name\": \"A\\u00e2\\u0080\\u00ae\", \"timestamp_ms\": 1600000000000, \"content\": \"x\\u00e2\\u0080\\u00aey \\u001b[2J\"}]}";
    parse_meta(json.as_bytes());
    let ctx = ParseContext {
        path: Path::new("inbox/x_123456/message_1.json"),
        folder: Path::new("inbox/x_123456"),
        zone: Zone::parse("UTC").unwrap(),
    };
    let p = meta::MESSENGER.parse(json.as_bytes(), &ctx);
    let d = &p.days[0];
    assert_eq!(d.body(&d.messages[0]), "xy ␛[2J");
    assert_eq!(p.speakers, vec!["A"]);
}

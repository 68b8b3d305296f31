//! The Meta parser on hand-written files: every field it reads, both
//! layouts, mojibake, order, and broken files.

use std::path::Path;

use super::*;
use crate::model::{Day, Flags, MessageKind, Zone};

fn parse_as(format: &'static dyn Format, path: &str, json: &str) -> Parsed {
    let path = Path::new(path);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone: Zone::parse("UTC").unwrap(),
    };
    format.parse(json.as_bytes(), &ctx)
}

fn parse(json: &str) -> Parsed {
    parse_as(MESSENGER, "inbox/ann_1234567890/message_1.json", json)
}

/// `(date time, speaker, kind, body)` of every message, in order.
fn rows(p: &Parsed) -> Vec<(String, String, MessageKind, String)> {
    p.days
        .iter()
        .flat_map(|d| {
            d.messages.iter().map(move |m| {
                (
                    format!("{} {}", d.date, m.time),
                    p.speakers[m.speaker.index()].to_owned(),
                    m.kind,
                    d.body(m).to_owned(),
                )
            })
        })
        .collect()
}

fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

/// The day and index of the message whose body is `body`.
fn find<'p>(p: &'p Parsed, body: &str) -> (&'p Day, usize) {
    for d in &p.days {
        for (i, m) in d.messages.iter().enumerate() {
            if d.body(m) == body {
                return (d, i);
            }
        }
    }
    panic!("no message {body:?}");
}

#[test]
fn newest_first_becomes_oldest_first_across_days() {
    let p = parse(
        r#"{"participants": [{"name": "Ann"}, {"name": "Bo"}],
            "messages": [
              {"sender_name": "Bo", "timestamp_ms": 1600041600000, "content": "third", "type": "Generic"},
              {"sender_name": "Ann", "timestamp_ms": 1599998400000, "content": "second"},
              {"sender_name": "Ann", "timestamp_ms": 1599998340000, "content": "first"}
            ],
            "title": "Ann and Bo", "is_still_participant": true, "thread_type": "Regular",
            "thread_path": "inbox/ann_1234567890", "magic_words": []}"#,
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats.len(), 1);
    assert_eq!(p.chats[0].app, "Messenger");
    assert_eq!(p.chats[0].name.as_deref(), Some("Ann and Bo"));
    assert_eq!(
        rows(&p),
        vec![
            (
                "2020-09-13 11:59:00".into(),
                "Ann".into(),
                MessageKind::Message,
                "first".into()
            ),
            (
                "2020-09-13 12:00:00".into(),
                "Ann".into(),
                MessageKind::Message,
                "second".into()
            ),
            (
                "2020-09-14 00:00:00".into(),
                "Bo".into(),
                MessageKind::Message,
                "third".into()
            ),
        ]
    );
    assert_eq!(p.days[0].messages[0].line, 5);
}

#[test]
fn mojibake_is_repaired_everywhere() {
    let p = parse(
        r#"{"participants": [{"name": "Ren\u00c3\u00a9e"}],
            "messages": [{"sender_name": "Ren\u00c3\u00a9e", "timestamp_ms": 1600000000000,
              "content": "I\u00e2\u0080\u0099m here \u00f0\u009f\u0098\u00ad",
              "reactions": [{"reaction": "\u00e2\u009d\u00a4", "actor": "Bo"}, {"reaction": "\u00e2\u009d\u00a4", "actor": "Cy"}],
              "photos": [{"uri": "messages/inbox/x/photos/caf\u00c3\u00a9.jpg"}]}],
            "title": "Caf\u00c3\u00a9 crew"}"#,
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("Café crew"));
    assert_eq!(p.speakers, vec!["Renée"]);
    let (d, i) = find(&p, "I’m here 😭");
    let r = d.reactions(i);
    assert_eq!((d.str(r[0].emoji), r[0].count), ("❤", 2));
    let a = d.attachments(i)[0];
    assert_eq!(d.str(a.target), "messages/inbox/x/photos/café.jpg");
    assert_eq!(d.card(&a).line(), "[photo] café.jpg");
}

#[test]
fn kinds_attachments_unsent_calls_and_members() {
    let p = parse(
        r#"{"participants": [{"name": "Ann"}, {"name": "Bo"}, {"name": "Cy"}], "messages": [
          {"sender_name": "Ann", "timestamp_ms": 1600000009000, "content": "Reacted \u00e2\u009d\u00a4 to your message "},
          {"sender_name": "Ann", "timestamp_ms": 1600000008000, "type": "Unsubscribe", "users": [{"name": "Ann"}]},
          {"sender_name": "Bo", "timestamp_ms": 1600000007000, "type": "Unsubscribe", "users": [{"name": "Cy"}]},
          {"sender_name": "Bo", "timestamp_ms": 1600000006000, "type": "Subscribe", "users": [{"name": "Cy"}, {"name": "Di"}]},
          {"sender_name": "Ann", "timestamp_ms": 1600000005000, "content": "Ann added Eve to the group.", "type": "Subscribe", "users": [{"name": "Eve"}]},
          {"sender_name": "Bo", "timestamp_ms": 1600000004000, "content": "The video chat ended.", "type": "Call", "call_duration": 3872},
          {"sender_name": "Bo", "timestamp_ms": 1600000003000, "type": "Call", "call_duration": 0},
          {"sender_name": "Ann", "timestamp_ms": 1600000002000, "type": "Generic", "is_unsent": true},
          {"sender_name": "Ann", "timestamp_ms": 1600000001000, "type": "Share", "content": "https://example.org/a",
           "share": {"link": "https://example.org/a", "share_text": "An article"}},
          {"sender_name": "Ann", "timestamp_ms": 1600000000000, "type": "Share", "share": {"share_text": "Live location"}},
          {"sender_name": "Bo", "timestamp_ms": 1599999999000, "content": "see these",
           "photos": [{"uri": "messages/inbox/g/photos/1.jpg", "creation_timestamp": 1}],
           "videos": [{"uri": "messages/inbox/g/videos/2.mp4", "thumbnail": {"uri": "x"}}],
           "gifs": [{"uri": "messages/inbox/g/gifs/3.gif"}],
           "audio_files": [{"uri": "messages/inbox/g/audio/audioclip4.mp4"}, {"uri": "messages/inbox/g/audio/song.mp3"}],
           "files": [{"uri": "messages/inbox/g/files/report.pdf"}],
           "sticker": {"uri": "messages/stickers_used/5.png"}, "ip": "1.1.1.1"}
        ], "title": "Group"}"#,
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    let got: Vec<(String, MessageKind, String)> =
        rows(&p).into_iter().map(|(_, s, k, b)| (s, k, b)).collect();
    let (m, s) = (MessageKind::Message, MessageKind::System);
    let want: Vec<(String, MessageKind, String)> = [
        ("Bo", m, "see these"),
        ("Ann", m, ""),
        ("Ann", m, ""),
        ("Ann", m, "This message was unsent."),
        ("Bo", s, "Call"),
        ("Bo", s, "The video chat ended. (1 h 4 min)"),
        ("Ann", s, "Ann added Eve to the group."),
        ("Bo", s, "added Cy, Di"),
        ("Bo", s, "removed Cy"),
        ("Ann", s, "left the group"),
        ("Ann", s, "Reacted ❤ to your message "),
    ]
    .into_iter()
    .map(|(who, k, b)| (who.to_owned(), k, b.to_owned()))
    .collect();
    assert_eq!(got, want);
    let d = &p.days[0];
    let cards: Vec<String> = d.cards(0).map(|c| c.line()).collect();
    assert_eq!(
        cards,
        vec![
            "[photo] 1.jpg",
            "[photo] 3.gif",
            "[video] 2.mp4",
            "[voice message] audioclip4.mp4",
            "[audio] song.mp3",
            "[file] report.pdf",
            "[sticker] 5.png",
        ]
    );
    assert_eq!(
        d.cards(1).map(|c| c.line()).collect::<Vec<_>>(),
        vec!["[share] Live location"]
    );
    assert_eq!(
        d.cards(2).map(|c| c.line()).collect::<Vec<_>>(),
        vec!["[link] An article · example.org"]
    );
    assert!(d.messages[3].flags.has(Flags::DELETED));
    assert!(!d.messages[2].flags.has(Flags::DELETED));
}

#[test]
fn the_end_to_end_encrypted_layout() {
    let p = parse_as(
        MESSENGER,
        "e2ee/Them_40.json",
        r#"{"participants": ["Me", "Them"], "threadName": "Them_40", "messages": [
          {"isUnsent": false, "media": [], "reactions": [], "senderName": "Me", "text": "first", "timestamp": 1746073791906, "type": "text"},
          {"isUnsent": false, "media": [{"uri": "./media/abc.jpeg"}, {"uri": "Failed to download media"}], "reactions": [{"actor": "Me", "reaction": "😂"}], "senderName": "Them", "text": "", "timestamp": 1746073800000, "type": "media"},
          {"isUnsent": true, "media": [], "reactions": [], "senderName": "Them", "text": "", "timestamp": 1746073900000, "type": "text"},
          {"isUnsent": false, "media": [], "reactions": [], "senderName": "Them", "text": "", "timestamp": 1746074000000, "type": "placeholder"}
        ]}"#,
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("Them"));
    assert_eq!(p.chats[0].key, "e2ee:Them_40");
    let r = rows(&p);
    assert_eq!(r.len(), 4);
    assert_eq!(r[0].0, "2025-05-01 04:29:51");
    assert_eq!((r[0].1.as_str(), r[0].3.as_str()), ("Me", "first"));
    assert_eq!(r[2].3, "This message was unsent.");
    assert_eq!((r[3].2, r[3].3.as_str()), (MessageKind::System, ""));
    let d = &p.days[0];
    let cards: Vec<String> = d.cards(1).map(|c| c.line()).collect();
    assert_eq!(
        cards,
        vec!["[photo] abc.jpeg", "[attachment] Failed to download media"]
    );
    assert_eq!(d.str(d.reactions(1)[0].emoji), "😂");
}

#[test]
fn the_encrypted_copy_of_a_chat_is_known_as_the_same_conversation() {
    let same = |path: &str, json: &str| parse_as(MESSENGER, path, json).chats[0].same_as.clone();
    // The regular folder: people as objects, mojibake in a name.
    let regular = same(
        "messages/e2ee_cutover/zoe_7777777/message_1.json",
        r#"{"participants": [{"name": "Zo\u00c3\u00ab"}, {"name": "Ida"}], "title": "Zo\u00c3\u00ab",
            "messages": [{"sender_name": "Ida", "timestamp_ms": 1, "content": "a"}]}"#,
    );
    // The encrypted copy: people as strings, in another order, the thread numbered.
    let encrypted = same(
        "messages/Zoë_3.json",
        r#"{"participants": [" Ida", "Zoë"], "threadName": "Zoë_3",
            "messages": [{"senderName": "Ida", "timestamp": 1, "text": "a"}]}"#,
    );
    assert!(regular.is_some());
    assert_eq!(regular, encrypted);
    // Other people, or no title or no people: not known as it.
    let other = same(
        "messages/Zoë_4.json",
        r#"{"participants": ["Ida", "Zoë", "Max"], "threadName": "Zoë_4",
            "messages": [{"senderName": "Ida", "timestamp": 1, "text": "a"}]}"#,
    );
    assert!(other.is_some());
    assert_ne!(other, regular);
    let untitled = same(
        "inbox/zoe_8888888/message_1.json",
        r#"{"participants": [{"name": "Zoë"}, {"name": "Ida"}],
            "messages": [{"sender_name": "Ida", "timestamp_ms": 1, "content": "a"}]}"#,
    );
    assert_eq!(untitled, None);
    let alone = same(
        "inbox/zoe_8888888/message_2.json",
        r#"{"title": "Zoë", "messages": [{"sender_name": "Ida", "timestamp_ms": 1, "content": "a"}]}"#,
    );
    assert_eq!(alone, None);
}

#[test]
fn chats_are_keyed_and_named() {
    // Split files of one folder are one chat.
    let a = parse_as(
        MESSENGER,
        "x/inbox/ann_abcdef123/message_2.json",
        r#"{"messages": [{"sender_name": "Ann", "timestamp_ms": 1, "content": "a"}]}"#,
    );
    let b = parse_as(
        MESSENGER,
        "x/inbox/ann_abcdef123/message_1.json",
        r#"{"participants": [{"name": "Ann"}, {"name": "Bo"}], "messages": [{"sender_name": "Ann", "timestamp_ms": 2, "content": "b"}]}"#,
    );
    assert_eq!(a.chats[0].key, b.chats[0].key);
    assert_eq!(a.chats[0].name.as_deref(), Some("ann"));
    assert_eq!(b.chats[0].name.as_deref(), Some("Ann, Bo"));
    // Any other file is its own chat, named by its file.
    let c = parse_as(
        INSTAGRAM,
        "instagram/export.json",
        r#"{"messages": [{"sender_name": "Ann", "timestamp_ms": 1, "content": "a"}]}"#,
    );
    assert_eq!(c.chats[0].app, "Instagram");
    assert_eq!(c.chats[0].name.as_deref(), Some("export"));
    assert_eq!(c.chats[0].key, "file:instagram/export.json");
}

#[test]
fn detection_by_content_and_path() {
    let head = br#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "timestamp_ms": 1}]}"#;
    let probe = |path: &'static str, head: &'static [u8]| Probe::new(Path::new(path), head);
    let p = probe("inbox/a_1/message_1.json", head);
    assert_eq!(MESSENGER.detect(&p), Some(Confidence::Certain));
    assert_eq!(INSTAGRAM.detect(&p), None);
    let p = probe("dl/chat.json", head);
    assert_eq!(MESSENGER.detect(&p), Some(Confidence::Content));
    let p = probe(
        "your_instagram_activity/messages/inbox/a_1/message_1.json",
        head,
    );
    assert_eq!(MESSENGER.detect(&p), None);
    assert_eq!(INSTAGRAM.detect(&p), Some(Confidence::Certain));
    let p = probe(
        "instagram-ann-2024.zip/messages/inbox/a_1/message_1.json",
        head,
    );
    assert_eq!(INSTAGRAM.detect(&p), Some(Confidence::Certain));
    // A long list of participants fills the head.
    let p = probe(
        "dl/big.json",
        b"\xef\xbb\xbf{\n  \"participants\": [\n    {\n      \"name\": \"A",
    );
    assert_eq!(MESSENGER.detect(&p), Some(Confidence::Content));
    // Named like a chat file: claimed, to be reported if it is not one.
    assert_eq!(
        MESSENGER.detect(&probe("inbox/a_1/message_3.json", b"\x00junk")),
        Some(Confidence::Name)
    );
    // Not Meta: other JSON, other shapes, other extensions.
    for (path, head) in [
        ("a.json", &br#"[{"type": "message", "ts": "1.2"}]"#[..]),
        (
            "a.json",
            br#"{"name": "x", "type": "personal_chat", "messages": []}"#,
        ),
        ("a.json", br#"{"guild": {}, "channel": {}, "messages": []}"#),
        ("a.json", br#"{"participants": 3}"#),
        ("a.txt", head),
    ] {
        assert_eq!(MESSENGER.detect(&probe(path, head)), None, "{path}");
        assert_eq!(INSTAGRAM.detect(&probe(path, head)), None, "{path}");
    }
}

#[test]
fn broken_files_say_what_and_keep_the_rest() {
    let p = parse(
        "\u{feff}{\"messages\": [\n{\"sender_name\": \"A\", \"timestamp_ms\": 1000, \"content\": \"kept\"},\n{\"sender_name\": 5, \"timestamp_ms\": 2000},\n{\"sender_name\": \"A\", \"content\": \"no time\"},\n{\"sender_name\": \"A\", \"timestamp_ms\": 99999999999999999, \"content\": \"far\"},\n{\"sender_name\": \"A\", \"timestamp_ms\": 3000, \"content\": \"\\u001b[2Jred\"},\n{\"sender_name\": \"A\", \"timestamp_ms\": 4000, \"content\": \"cut",
    );
    let bodies: Vec<String> = rows(&p).into_iter().map(|r| r.3).collect();
    assert_eq!(bodies, vec!["kept", "␛[2Jred"]);
    let d = diags(&p);
    let want = [
        "inbox/ann_1234567890/message_1.json:7: warning: the file ends in the middle of a message (truncated?); the messages before it are shown",
        "inbox/ann_1234567890/message_1.json:3: warning: not a message (invalid type: integer `5`, expected",
        "inbox/ann_1234567890/message_1.json:4: warning: no valid `timestamp_ms`",
        "inbox/ann_1234567890/message_1.json:5: warning: no valid `timestamp_ms`",
        "inbox/ann_1234567890/message_1.json:6: warning: escape sequences or control characters",
    ];
    assert_eq!(d.len(), want.len(), "{d:#?}");
    for (d, w) in d.iter().zip(want) {
        assert!(d.starts_with(w), "{d}\n  does not start with\n{w}");
    }
    for (json, what) in [
        ("", "error: the file is empty"),
        (
            "[]",
            "error: not a chat file: its root is not a JSON object",
        ),
        (
            "{\"title\": \"x\"}",
            "error: no list of messages: not a Messenger chat file",
        ),
        (
            "{\"messages\": [{\"content\": \"a",
            "error: the file ends in the middle of a message",
        ),
    ] {
        let p = parse(json);
        assert!(p.days.is_empty(), "{json}");
        let d = diags(&p);
        assert!(d.len() == 1 && d[0].contains(what), "{json}: {d:?}");
    }
}

#[test]
fn a_huge_text_is_cut_and_many_bad_messages_are_counted() {
    let big = "é".repeat(message::MAX_TEXT);
    let p = parse(&format!(
        r#"{{"messages": [{{"sender_name": "A", "timestamp_ms": 1000, "content": "{big}"}}]}}"#
    ));
    let d = &p.days[0];
    assert_eq!(d.body(&d.messages[0]).len(), message::MAX_TEXT);
    assert!(diags(&p)[0].contains("only its first 1048576 bytes are kept"));
    let bad = vec![r#"{"timestamp_ms": []}"#; 25].join(",\n");
    let p = parse(&format!("{{\"messages\": [\n{bad}]}}"));
    let d = diags(&p);
    assert_eq!(d.len(), 11, "{d:#?}");
    assert!(
        d[10].ends_with("warning: 15 more like this from here on"),
        "{}",
        d[10]
    );
    assert!(d[10].contains(":12:"), "{}", d[10]);
}

//! The Discord format on small inputs written here: detection, odd and
//! hostile JSON (cut short, nested past any limit, wrong types, items that
//! are not messages, keys in another order), repeated ids, and what each
//! diagnostic says.

use std::path::Path;

use super::FORMAT;
use crate::archive::formats::{Confidence, ParseContext, Parsed, Probe};
use crate::model::{Flags, MessageKind, Severity, Zone};

fn parse_as(path: &str, text: &[u8]) -> Parsed {
    let ctx = ParseContext {
        path: Path::new(path),
        folder: Path::new(""),
        zone: Zone::parse("UTC").unwrap(),
    };
    FORMAT.parse(text, &ctx)
}

fn parse(text: &str) -> Parsed {
    parse_as("chat.json", text.as_bytes())
}

/// `HH:MM:SS speaker: body` of every message, in order.
fn messages(p: &Parsed) -> Vec<String> {
    p.days
        .iter()
        .flat_map(|d| {
            d.messages.iter().map(move |m| {
                format!(
                    "{} {}: {}",
                    m.time,
                    &p.speakers[m.speaker.index()],
                    d.body(m)
                )
            })
        })
        .collect()
}

fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

/// A message object as DCE writes it (minus what daybook does not read).
fn msg(id: &str, time: &str, name: &str, content: &str) -> String {
    format!(
        r#"{{
      "id": "{id}",
      "type": "Default",
      "timestamp": "2024-05-01T{time}+00:00",
      "timestampEdited": null,
      "isPinned": false,
      "content": {content},
      "author": {{ "id": "9{id}", "name": {name}, "nickname": {name} }},
      "attachments": [],
      "reactions": [],
      "mentions": []
    }}"#,
        content = serde_json::to_string(content).unwrap(),
        name = serde_json::to_string(name).unwrap(),
    )
}

fn export(messages: &[String]) -> String {
    format!(
        r#"{{
  "guild": {{ "id": "1", "name": "Guild" }},
  "channel": {{ "id": "2", "type": "GuildTextChat", "categoryId": "3", "category": "Cat", "name": "chan", "topic": null }},
  "messages": [
    {}
  ],
  "messageCount": {}
}}
"#,
        messages.join(",\n    "),
        messages.len()
    )
}

fn three() -> Vec<String> {
    vec![
        msg("101", "10:00:00", "ann", "one"),
        msg("102", "10:01:00", "bob", "two"),
        msg("103", "10:02:00", "ann", "three"),
    ]
}

#[test]
fn detection_by_content_and_by_name() {
    let detect =
        |name: &str, head: &str| FORMAT.detect(&Probe::new(Path::new(name), head.as_bytes()));
    let json = export(&three());
    assert_eq!(detect("x.json", &json), Some(Confidence::Content));
    assert_eq!(
        detect("G - C - chan [1100000000000000001].json", &json),
        Some(Confidence::Certain)
    );
    // By name alone (before the file is read), and a DCE name whose
    // content says nothing.
    assert_eq!(
        detect("G - C - chan [1100000000000000001] [part 3].json", ""),
        Some(Confidence::Name)
    );
    assert_eq!(
        detect("G - C - chan [1100000000000000001].txt", "hello"),
        Some(Confidence::Name)
    );
    assert_eq!(detect("x.json", ""), None);
    assert_eq!(detect("notes [123].json", ""), None);
    // Other JSON, other text.
    for head in [
        r#"{"name": "Family", "type": "personal_chat", "id": 1, "messages": []}"#,
        r#"[{"type": "message", "user": "U1", "text": "hi", "ts": "1.2"}]"#,
        r#"{"participants": [{"name": "a"}], "messages": [], "guild": "x"}"#,
        "---\ntitle: x\n---\n> 10:00:00  ann\nhi",
        "12/06/2024, 19:33 - Ann: hi",
    ] {
        assert_eq!(detect("x.json", head), None, "{head}");
        assert_eq!(detect("x.txt", head), None, "{head}");
    }
    let txt = format!("{}\nGuild: G\nChannel: C\n", "=".repeat(62));
    assert_eq!(detect("x.txt", &txt), Some(Confidence::Content));
    let csv = "\u{feff}AuthorID,Author,Date,Content,Attachments,Reactions\r\n";
    assert_eq!(detect("x.csv", csv), Some(Confidence::Content));
}

#[test]
fn a_plain_export_reads_whole_with_lines_and_ids() {
    let p = parse(&export(&three()));
    assert_eq!(
        messages(&p),
        [
            "10:00:00 ann: one",
            "10:01:00 bob: two",
            "10:02:00 ann: three"
        ]
    );
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    let d = &p.days[0];
    let lines: Vec<u32> = d.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [5, 17, 29]);
    assert_eq!(d.source_id_of(1), Some("102"));
    assert_eq!(p.chats[0].name.as_deref(), Some("Guild / #chan"));
    assert_eq!(p.chats[0].key, "2");
    assert_eq!(p.chats[0].parent, None);
    // Minified: every message on line 1.
    let mini: String = export(&three()).split('\n').map(str::trim).collect();
    let p = parse(&mini);
    assert_eq!(p.message_count(), 3);
    assert!(p.days[0].messages.iter().all(|m| m.line == 1));
}

trait SourceId {
    fn source_id_of(&self, index: usize) -> Option<&str>;
}

impl SourceId for crate::model::Day {
    fn source_id_of(&self, index: usize) -> Option<&str> {
        self.extra(index)
            .map(|e| self.str(e.id))
            .filter(|s| !s.is_empty())
    }
}

#[test]
fn a_file_cut_short_keeps_what_came_before() {
    let full = export(&three());
    let second = full.find("\"102\"").unwrap();
    // In the middle of the second message.
    let p = parse(&full[..second + 40]);
    assert_eq!(messages(&p), ["10:00:00 ann: one"]);
    assert_eq!(
        diags(&p),
        [
            "chat.json:20: warning: the file ends in the middle of message 102 (cut short?); the message before it is read"
        ]
    );
    // Between messages, and after the list.
    let p = parse(&full[..full.find("\"103\"").unwrap() - 20]);
    assert_eq!(p.message_count(), 2);
    assert!(diags(&p)[0].contains("the file ends in the middle of the messages (cut short?); the 2 messages before it are read"));
    let p = parse(&full[..full.find("\"messageCount\"").unwrap()]);
    assert_eq!(p.message_count(), 3);
    assert!(diags(&p)[0].contains("the file ends in the middle of the export's root object"));
    // Before the messages: the chat is known, nothing else.
    let p = parse(&full[..full.find("\"messages\"").unwrap() + 5]);
    assert_eq!(p.message_count(), 0);
    assert_eq!(p.chats.len(), 1);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", diags(&p));
    // Inside `guild`: not an export at all.
    let p = parse(&full[..20]);
    assert_eq!(p.message_count(), 0);
    assert!(p.diagnostics.iter().any(|d| d.severity == Severity::Error));
}

#[test]
fn nesting_of_any_depth_costs_no_stack() {
    // Deep inside a message, where a list of objects belongs: ignored, said.
    let deep = "[".repeat(200_000) + &"]".repeat(200_000);
    let mut ms = three();
    ms[1] = ms[1].replace("\"attachments\": []", &format!("\"attachments\": {deep}"));
    let p = parse(&export(&ms));
    assert_eq!(p.message_count(), 3);
    assert_eq!(
        diags(&p),
        [
            "chat.json:17: warning: message 102: `attachments` has 1 item that is not an object: ignored"
        ]
    );
    // An item of the list nested deep, where a message belongs.
    let mut ms = three();
    ms.insert(1, "[".repeat(100_000) + &"]".repeat(100_000));
    let p = parse(&export(&ms));
    assert_eq!(p.message_count(), 3);
    assert_eq!(
        diags(&p),
        ["chat.json:17: warning: not a message object; skipped"]
    );
    // Deep where nothing is read, and deep and never closed.
    let text = export(&three()).replacen(
        "\"messageCount\"",
        &format!("\"x\": {deep}, \"messageCount\""),
        1,
    );
    let p = parse(&text);
    assert_eq!(p.message_count(), 3);
    assert!(p.diagnostics.is_empty());
    let text = export(&three()).replacen(
        "\"messageCount\": 3\n}\n",
        &format!("\"x\": {}", "{\"a\":".repeat(300_000)),
        1,
    );
    let p = parse(&text);
    assert_eq!(p.message_count(), 3);
    assert!(diags(&p)[0].contains("the file ends in the middle of `x`"));
}

#[test]
fn wrong_types_are_ignored_and_said_with_the_message_id() {
    let mut ms = three();
    ms[0] = ms[0]
        .replace("\"content\": \"one\"", "\"content\": {\"text\": \"one\"}")
        .replace("\"isPinned\": false", "\"isPinned\": \"yes\"")
        .replace("\"attachments\": []", "\"attachments\": {\"a\": 1}");
    ms[1] = ms[1]
        .replace("\"author\": {", "\"author\": \"bob\", \"x\": {")
        .replace(
            "\"reactions\": []",
            "\"reactions\": [{\"emoji\": {\"id\": null, \"name\": \"👍\"}, \"count\": \"3\"}, 7]",
        );
    ms[2] = ms[2].replace(
        "\"timestamp\": \"2024-05-01T10:02:00+00:00\"",
        "\"timestamp\": 1714557720",
    );
    let p = parse(&export(&ms));
    assert_eq!(
        messages(&p),
        ["10:00:00 ann: ", "10:01:00 : two", "??:??:?? ann: three"]
    );
    let d = &p.days[0];
    assert_eq!(d.str(d.reactions(1)[0].emoji), "👍");
    assert_eq!(d.reactions(1)[0].count, 3);
    assert_eq!(
        diags(&p),
        [
            "chat.json:5: warning: message 101: `content` is an object, `isPinned` is a string, `attachments` is an object: ignored",
            "chat.json:17: warning: message 102: `author` is a string, `reactions` has 1 item that is not an object: ignored",
            "chat.json:29: warning: message 103: `timestamp` \"1714557720\" is not a date and time; shown at ??:??:?? after the message before it",
        ]
    );
}

#[test]
fn items_that_are_not_messages_and_broken_ones_are_skipped() {
    let mut ms = vec!["1".to_owned(), "\"x\"".to_owned(), "null".to_owned()];
    ms.extend(three());
    ms.insert(
        4,
        msg("150", "10:00:30", "eve", "dup").replace(
            "\"type\": \"Default\"",
            "\"type\": \"Default\", \"content\": \"again\"",
        ),
    );
    let p = parse(&export(&ms));
    assert_eq!(p.message_count(), 3);
    let d = diags(&p);
    assert_eq!(d.len(), 4, "{d:#?}");
    assert!(d[0].starts_with("chat.json:5: warning: not a message object; skipped"));
    assert!(
        d[3].contains("message 150: duplicate field `content`: skipped"),
        "{}",
        d[3]
    );
    // More than ten: the rest summed up.
    let ms: Vec<String> = (0..15)
        .map(|i| format!("{{\"id\": \"{i}\", \"id\": \"x\"}}"))
        .chain(three())
        .collect();
    let p = parse(&export(&ms));
    assert_eq!(p.message_count(), 3);
    let d = diags(&p);
    assert_eq!(d.len(), 11, "{d:#?}");
    assert!(
        d[10].contains("5 more messages from message 10 on could not be read and were skipped"),
        "{}",
        d[10]
    );
}

#[test]
fn keys_in_another_order_and_missing_parts() {
    let text = export(&three());
    let moved = format!(
        "{{\n  \"messages\": [{}],\n  \"channel\": {{ \"id\": \"7\", \"type\": \"DirectTextChat\", \"name\": \"ann\" }},\n  \"guild\": {{ \"id\": \"0\", \"name\": \"Direct Messages\" }}\n}}",
        three().join(",")
    );
    let p = parse(&moved);
    assert_eq!(p.message_count(), 3);
    assert_eq!(p.chats[0].name.as_deref(), Some("Direct Messages / ann"));
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    let p = parse(&text.replace("\"channel\"", "\"chanel\""));
    assert_eq!(p.message_count(), 0);
    assert_eq!(
        diags(&p),
        [
            "chat.json:1: error: not a DiscordChatExporter JSON export: the root object has no `channel`"
        ]
    );
    let p = parse(
        &text
            .replace("\"messages\": [", "\"messages\": {\"a\": [")
            .replace("\n  ],", "\n  ]},"),
    );
    assert_eq!(p.message_count(), 0);
    assert!(diags(&p)[0].contains("`messages` is not a list"));
    let p = parse("[1, 2]");
    assert!(diags(&p)[0].contains("error: not a DiscordChatExporter JSON export"));
    let p = parse(&format!("{text}{{\"more\": 1}}"));
    assert_eq!(p.message_count(), 3);
    assert!(diags(&p)[0].contains("text after the end of the export's root object"));
}

#[test]
fn repeated_ids_kept_once_or_both_and_said_once() {
    let mut ms = three();
    ms.push(msg("101", "10:00:00", "ann", "one"));
    ms.push(msg("102", "10:05:00", "bob", "another message under 102"));
    ms.push(msg("101", "10:00:00", "ann", "one"));
    let p = parse(&export(&ms));
    assert_eq!(
        messages(&p),
        [
            "10:00:00 ann: one",
            "10:01:00 bob: two",
            "10:02:00 ann: three",
            "10:05:00 bob: another message under 102"
        ]
    );
    assert_eq!(
        diags(&p),
        [
            "chat.json:41: note: 2 messages are the same as one read before under the same id (message 101 at line 41, first read at line 5): kept once",
            "chat.json:53: note: 1 message has an id already used by a different message (message 102 at line 53, first used at line 17): both kept",
        ]
    );
}

#[test]
fn controls_in_text_and_names_are_sanitised_and_said() {
    let ms = vec![
        msg(
            "1",
            "10:00:00",
            "ev\u{1b}[31mil",
            "clear \u{1b}[2J screen \u{7}",
        ),
        msg("2", "10:00:01", "ok", "bidi \u{202e}olleh"),
    ];
    let p = parse(&export(&ms));
    for m in messages(&p) {
        assert!(
            !m.contains('\u{1b}') && !m.contains('\u{202e}') && !m.contains('\u{7}'),
            "{m:?}"
        );
    }
    let d = diags(&p);
    assert!(
        d.iter()
            .any(|d| d.contains(":5: warning: message 1: the speaker's name: escape sequences")),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|d| d.contains(":5: warning: message 1: escape sequences")),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|d| d.contains(":17: warning: message 2: escape sequences")),
        "{d:#?}"
    );
    // Written raw inside the JSON strings (not JSON): read as if escaped.
    let raw = export(&ms)
        .replace("\\u001b", "\u{1b}")
        .replace("\\u0007", "\u{7}");
    assert!(raw.contains('\u{1b}'));
    let p = parse(&raw);
    assert_eq!(p.message_count(), 2);
    let d = diags(&p);
    assert_eq!(d.len(), 4, "{d:#?}");
    assert!(
        d[0].contains(":5: warning: message 1: control characters written raw inside a string (not JSON): read as if escaped"),
        "{d:#?}"
    );
    for m in messages(&p) {
        assert!(!m.contains('\u{1b}'), "{m:?}");
    }
}

#[test]
fn invalid_utf8_and_a_huge_string_still_load() {
    let mut bytes = export(&three()).into_bytes();
    let at = bytes.windows(3).position(|w| w == b"two").unwrap();
    bytes[at] = 0xff;
    let p = parse_as("chat.json", &bytes);
    assert_eq!(p.message_count(), 3);
    assert!(diags(&p)[0].contains("invalid UTF-8"), "{:?}", diags(&p));
    // A 10 MB body (the 100 MB one is in tests/discord_hostile.rs).
    let huge = "word ".repeat(2_000_000);
    let mut ms = three();
    ms[1] = msg("102", "10:01:00", "bob", &huge);
    let p = parse(&export(&ms));
    assert_eq!(p.message_count(), 3);
    let d = &p.days[0];
    assert_eq!(d.body(&d.messages[1]).len(), huge.len());
    assert!(p.diagnostics.is_empty());
}

#[test]
fn naive_times_are_shown_as_written_and_said_once() {
    let ms: Vec<String> = three()
        .iter()
        .map(|m| m.replace("+00:00\"", "\""))
        .collect();
    let ctx = ParseContext {
        path: Path::new("chat.json"),
        folder: Path::new(""),
        zone: Zone::parse("Asia/Tokyo").unwrap(),
    };
    let p = FORMAT.parse(export(&ms).as_bytes(), &ctx);
    assert_eq!(messages(&p)[0], "10:00:00 ann: one");
    assert_eq!(
        diags(&p),
        [
            "chat.json:5: note: message 101: 3 timestamps have no offset: shown as written, not in the reader's zone"
        ]
    );
}

#[test]
fn kinds_flags_and_references() {
    let mut ms = three();
    ms[0] = ms[0]
        .replace("\"type\": \"Default\"", "\"type\": \"19\"")
        .replace(
            "\"timestampEdited\": null",
            "\"timestampEdited\": \"2024-05-01T11:00:00+00:00\"",
        )
        .replace("\"isPinned\": false", "\"isPinned\": true");
    // A reply into another channel (a crosspost) is not a reply here.
    ms[1] = ms[1].replace(
        "\"mentions\": []",
        "\"mentions\": [], \"reference\": {\"messageId\": \"5\", \"channelId\": \"99\"}",
    );
    ms[2] = ms[2]
        .replace("\"type\": \"Default\"", "\"type\": \"7\"")
        .replace("\"content\": \"three\"", "\"content\": \"\"");
    let p = parse(&export(&ms));
    let d = &p.days[0];
    let kinds: Vec<MessageKind> = d.messages.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MessageKind::Message,
            MessageKind::Message,
            MessageKind::System
        ]
    );
    assert!(d.messages[0].flags.has(Flags::EDITED) && d.messages[0].flags.has(Flags::PINNED));
    assert!(d.extra(1).is_some_and(|e| e.reply_to.is_empty()));
    assert_eq!(d.body(&d.messages[2]), "Joined the server.");
}

#[test]
fn combining_marks_on_both_sides_of_a_style_mark_stay_within_four() {
    // The bold text and what follows are appended as two pieces: the marks
    // after `**` land on the same `a` as those inside, and only four stay.
    let four = "\u{301}".repeat(4);
    let ms = vec![msg("1", "10:00:00", "a", &format!("**a{four}**{four}"))];
    let p = parse(&export(&ms));
    let d = &p.days[0];
    let body = d.body(&d.messages[0]);
    assert_eq!(body, format!("a{four}"));
    assert!(crate::text::is_clean(body));
}

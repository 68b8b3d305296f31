//! The Telegram parser on the project's fixtures (written for these tests
//! from the facts in the format notes) and on hand-made hostile input.

use std::path::Path;

use super::*;
use crate::archive::formats::Probe;
use crate::model::{Archive, Reply};
use json::Reader;

const SINGLE: &str =
    include_str!("../../../../tests/fixtures/formats/telegram/ChatExport_2023-06-12/result.json");
const OLD: &str = include_str!("../../../../tests/fixtures/formats/telegram/old-export.json");
const FULL: &str =
    include_str!("../../../../tests/fixtures/formats/telegram/DataExport_2024-02-01/result.json");
const MINIMAL: &str = include_str!("../../../../tests/fixtures/formats/telegram/minimal.json");

fn zone(z: &str) -> Zone {
    Zone::parse(z).unwrap()
}

fn parse_as(text: &str, path: &str, z: &str) -> Parsed {
    let path = Path::new(path);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone: zone(z),
    };
    super::parse(text.as_bytes(), &ctx)
}

fn archive(text: &str, z: &str) -> Archive {
    crate::archive::from_parsed([parse_as(text, "export/result.json", z)])
}

/// Every message as `date time speaker [kind] body`, in archive order.
fn lines(a: &Archive) -> Vec<String> {
    let mut out = Vec::new();
    for d in &a.days {
        for m in &d.messages {
            let kind = match m.kind {
                MessageKind::Message => "",
                MessageKind::Action => " [action]",
                MessageKind::System => " [system]",
            };
            out.push(format!(
                "{} {} {}{kind}: {}",
                d.date,
                m.time,
                a.speakers.name(m.speaker),
                d.body(m)
            ));
        }
    }
    out
}

fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

fn detect(name: &str, head: &str) -> Option<Confidence> {
    FORMAT.detect(&Probe::new(Path::new(name), head.as_bytes()))
}

#[test]
fn detection_by_content_with_no_false_positives() {
    assert_eq!(detect("result.json", SINGLE), Some(Confidence::Certain));
    assert_eq!(detect("result.json", FULL), Some(Confidence::Certain));
    assert_eq!(detect("x.json", MINIMAL), Some(Confidence::Content));
    assert_eq!(detect("x.json", OLD), Some(Confidence::Certain));
    // The head is cut at 4 KB: detection reads what it has.
    assert_eq!(
        detect("result.json", &SINGLE[..300]),
        Some(Confidence::Certain)
    );
    assert_eq!(
        detect(
            "x.json",
            r#"{"chats": {"list": [{"name": "A", "messages": [{"type": "message", "date_unixtime": "1"#
        ),
        Some(Confidence::Content)
    );
    for other in [
        // Discord (DiscordChatExporter), Messenger, Element, Mattermost, Slack.
        r#"{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"type": "Default", "timestamp": "x"}]}"#,
        r#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "timestamp_ms": 1}]}"#,
        r#"{"room_name": "r", "messages": [{"type": "m.room.message"}]}"#,
        r#"{"type":"version","version":1}"#,
        r#"[{"id": "C1", "name": "general"}]"#,
        r#"{"messages": [{"type": "message", "user": "U1", "text": "hi", "ts": "1.2"}]}"#,
        r#"{"name": "my-package", "version": "1.0.0"}"#,
        "not json at all",
        "",
    ] {
        assert_eq!(detect("x.json", other), None, "{other}");
    }
    assert_eq!(detect("result.txt", SINGLE), None, "only .json files");
}

#[test]
fn a_single_chat_reads_every_variant() {
    use AttachmentKind as K;
    let p = parse_as(
        SINGLE,
        "export/ChatExport_2023-06-12/result.json",
        "Europe/Oslo",
    );
    assert_eq!(
        diags(&p),
        vec![
            "export/ChatExport_2023-06-12/result.json:342: note: message 114: a message from a deleted account (`from` is null), shown as from \"Deleted Account\""
        ]
    );
    let a = crate::archive::from_parsed([p]);
    assert_eq!(a.channels.len(), 1);
    assert_eq!(a.channels[0].name, "Allotment 14");
    assert_eq!(a.channels[0].app, "Telegram");
    assert_eq!(
        lines(&a),
        vec![
            "2023-06-10 08:00:00 Marta Lindqvist [system]: created the group «Allotment 14» with Marta Lindqvist and Jonas Berg",
            "2023-06-10 08:05:00 Marta Lindqvist: Morning! Who has the key to the shed?",
            "2023-06-10 08:07:30 Jonas Berg: I do, under the blue pot as always",
            "2023-06-10 08:09:00 Marta Lindqvist: Planting guide: https://seeds.example.org/guide and the map",
            "2023-06-10 08:10:00 Jonas Berg: thanks @marta_l, very useful; run water --all, not by hand",
            "2023-06-10 08:20:00 Marta Lindqvist: the new beds",
            "2023-06-10 08:21:00 Jonas Berg: ",
            "2023-06-10 08:22:00 Jonas Berg: ",
            "2023-06-10 08:30:00 Marta Lindqvist: ",
            "2023-06-10 08:31:00 Jonas Berg: last year's harvest",
            "2023-06-10 08:32:00 Marta Lindqvist: watering rota",
            "2023-06-10 08:40:00 Jonas Berg: Frost tonight in the valley",
            "2023-06-10 08:41:00 Marta Lindqvist [system]: pinned a message",
            "2023-06-10 09:00:00 Marta Lindqvist [system]: invited Ola Nordmann and Deleted Account",
            "2023-06-10 09:05:00 Deleted Account: hello from a deleted account",
            "2023-06-10 23:30:00 Ola Nordmann: replying to something older than this export",
            "2023-06-11 09:00:00 Jonas Berg [system]: called (2 min 5 s, hung up)",
            "2023-06-11 09:10:00 Jonas Berg: ",
            "2023-06-11 09:11:00 Marta Lindqvist: ",
            "2023-06-11 09:12:00 Marta Lindqvist: Poll: Which day for the work party?\n• Saturday (2 votes)\n• Sunday (1 vote)",
            "2023-06-11 09:13:00 Jonas Berg: ",
            "2023-06-11 09:14:00 Marta Lindqvist: ",
            "2023-06-11 09:20:00 Ola Nordmann [system]: joined the group by a link from Marta Lindqvist",
            "2023-06-11 09:21:00 Ola Nordmann: 日本語も大丈夫 😀 Saturday works",
            "2023-06-11 09:22:00  [system]: a message the exporting app could not save",
        ]
    );
    let (d1, d2) = (&a.days[0], &a.days[1]);
    // Replies resolve; a parent older than the export is missing; a pin
    // points at the pinned message.
    let found = |day: usize, m: usize| match a.reply(day, m) {
        Some(Reply::Found(r)) => Some((r.day, r.message)),
        _ => None,
    };
    assert_eq!(found(0, 2), Some((0, 1)));
    assert_eq!(found(0, 12), Some((0, 11)));
    assert_eq!(a.reply(0, 15), Some(Reply::Missing("90")));
    assert_eq!(found(1, 7), Some((1, 3)));
    // Only the messages something points at keep their id.
    let kept: Vec<&str> = a
        .days
        .iter()
        .flat_map(|d| (0..d.messages.len()).filter_map(|i| d.source_id(i)))
        .collect();
    assert_eq!(kept, vec!["101", "111", "119"]);
    // Spans and styles.
    let spans = |d: &crate::model::Day, i: usize| -> Vec<(SpanKindName, String, String)> {
        d.spans(&d.messages[i])
            .iter()
            .map(|s| {
                (
                    SpanKindName(s.kind),
                    d.str(s.range).to_owned(),
                    d.str(s.target).to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        spans(d1, 3),
        vec![
            (
                SpanKindName(crate::model::SpanKind::Link),
                "https://seeds.example.org/guide".into(),
                "https://seeds.example.org/guide".into()
            ),
            (
                SpanKindName(crate::model::SpanKind::Link),
                "the map".into(),
                "https://maps.example.org/plot14".into()
            ),
        ]
    );
    assert_eq!(
        spans(d1, 4),
        vec![(
            SpanKindName(crate::model::SpanKind::Mention),
            "@marta_l".into(),
            "marta_l".into()
        )]
    );
    let styles: Vec<(Style, &str)> = d1
        .styles(4)
        .iter()
        .map(|s| (s.style, d1.str(s.range)))
        .collect();
    assert_eq!(
        styles,
        vec![
            (Style::Italic, "very"),
            (Style::Code, "water --all"),
            (Style::Strike, "by hand")
        ]
    );
    assert_eq!(d1.styles(2)[0].style, Style::Bold);
    // Edited, reactions, forwarded.
    assert!(d1.messages[4].flags.has(Flags::EDITED));
    assert!(!d1.messages[3].flags.has(Flags::EDITED));
    let reactions: Vec<(&str, u32)> = d1
        .reactions(4)
        .iter()
        .map(|r| (d1.str(r.emoji), r.count))
        .collect();
    assert_eq!(reactions, vec![("👍", 2), ("🌱", 1)]);
    assert_eq!(d1.forwarded_from(11), Some("Weather Alerts"));
    // Attachments: name, target, size; placeholders said plainly.
    let att =
        |d: &crate::model::Day, i: usize| -> Vec<(AttachmentKind, String, String, Option<u64>)> {
            d.attachments(i)
                .iter()
                .map(|x| {
                    (
                        x.kind,
                        d.str(x.name).to_owned(),
                        d.str(x.target).to_owned(),
                        x.size,
                    )
                })
                .collect()
        };
    assert_eq!(
        att(d1, 5),
        vec![(
            K::Image,
            "photo_1@10-06-2023_08-20-00.jpg".into(),
            "photos/photo_1@10-06-2023_08-20-00.jpg".into(),
            Some(48213)
        )]
    );
    assert_eq!(
        att(d1, 6),
        vec![(
            K::Image,
            "not included in the export".into(),
            String::new(),
            None
        )]
    );
    assert_eq!(
        att(d1, 7),
        vec![(
            K::Sticker,
            "🥕".into(),
            "stickers/sticker.webp".into(),
            Some(20110)
        )]
    );
    assert_eq!(
        att(d1, 8),
        vec![(
            K::Voice,
            "0:14".into(),
            "voice_messages/audio_1@10-06-2023_08-30-00.ogg".into(),
            Some(30211)
        )]
    );
    assert_eq!(
        att(d1, 9),
        vec![(
            K::Video,
            "harvest-2022.mp4 (too large, not included in the export)".into(),
            String::new(),
            Some(734_003_200)
        )]
    );
    assert_eq!(
        att(d1, 10),
        vec![(
            K::File,
            "rota.pdf".into(),
            "files/rota.pdf".into(),
            Some(91244)
        )]
    );
    assert_eq!(
        att(d2, 1),
        vec![(
            K::Contact,
            "Per Hansen".into(),
            "+47 555 01 234".into(),
            None
        )]
    );
    let loc = att(d2, 2);
    assert_eq!(
        (loc[0].0, loc[0].1.as_str()),
        (K::Location, "Garden gate, Hagegata 14")
    );
    assert!(
        loc[0]
            .2
            .starts_with("https://www.openstreetmap.org/?mlat=59.9139&mlon=10.7522")
    );
    assert_eq!(att(d2, 3)[0].0, K::Poll);
    assert_eq!(att(d2, 4)[0].0, K::Video);
    assert_eq!(att(d2, 4)[0].1, "0:09");
    assert_eq!(att(d2, 5)[0].1, "Hage Trio – Spring Song");
    // Lines: each message starts at its `{`.
    let first_lines: Vec<u32> = d1.messages.iter().take(3).map(|m| m.line).collect();
    assert_eq!(first_lines, vec![6, 22, 37]);
}

/// Just a newtype for readable assertions on span kinds.
#[derive(Debug, PartialEq, Eq)]
struct SpanKindName(crate::model::SpanKind);

#[test]
fn days_follow_the_readers_zone() {
    for (z, first) in [
        ("UTC", "2023-06-10 06:00:00"),
        ("Asia/Tokyo", "2023-06-10 15:00:00"),
        ("America/New_York", "2023-06-10 02:00:00"),
        ("-11:00", "2023-06-09 19:00:00"),
    ] {
        let a = archive(SINGLE, z);
        assert!(lines(&a)[0].starts_with(first), "{z}: {}", lines(&a)[0]);
    }
    // 23:30 UTC is the next day in Tokyo: the day boundary moves.
    let tokyo = archive(SINGLE, "Asia/Tokyo");
    assert_eq!(tokyo.days.len(), 2);
    assert_eq!(tokyo.days[0].messages.len(), 15);
}

#[test]
fn old_exports_use_the_naive_date_as_written() {
    for z in ["UTC", "Asia/Tokyo", "America/New_York"] {
        let p = parse_as(OLD, "old.json", z);
        assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
        let a = crate::archive::from_parsed([p]);
        assert_eq!(
            lines(&a),
            vec![
                "2019-03-30 23:58:00 Ines [system]: created the group «Choir» with Ines and Tomas",
                "2019-03-31 01:59:59 Ines: rehearsal moved to Tuesday",
                "2019-03-31 03:00:01 Tomas: ok, see #tuesday sharp",
                "2019-03-31 03:00:01 Ines: (clock changed tonight!)",
            ],
            "{z}"
        );
        assert_eq!(a.days[1].styles(1)[0].style, Style::Bold);
        assert!(a.days[1].messages[2].flags.has(Flags::EDITED));
        assert!(matches!(a.reply(1, 1), Some(Reply::Found(_))));
    }
}

#[test]
fn the_whole_account_export_gives_every_chat_a_channel() {
    let p = parse_as(FULL, "DataExport_2024-02-01/result.json", "UTC");
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    let a = crate::archive::from_parsed([p]);
    let names: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Empty Group", "Old Flatmates", "Sam Ito", "Saved Messages"]
    );
    assert_eq!(
        lines(&a),
        vec![
            "2023-09-01 09:00:00 Ruth Okafor [system]: removed Ruth Okafor",
            "2024-01-31 23:30:00 Sam Ito: are you awake?",
            "2024-02-01 00:10:00 Ruth Okafor: now I am",
            "2024-01-15 12:00:00 Ruth Okafor: chapter 4 by Friday",
        ]
    );
    // The reply crosses midnight into the next day.
    assert_eq!(
        a.reply(2, 0),
        Some(Reply::Found(crate::model::MessageRef {
            day: 1,
            message: 0
        }))
    );
    assert_eq!(a.days[3].forwarded_from(0), Some("Book Club"));
    assert!(a.channels[0].days.is_empty());
}

#[test]
fn a_minimal_export_is_named_after_its_file() {
    let p = parse_as(MINIMAL, "tests/minimal.json", "UTC");
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    assert_eq!(p.chats[0].name.as_deref(), Some("minimal"));
    let p = parse_as(MINIMAL, "ChatExport_2020-09-14/result.json", "UTC");
    assert_eq!(p.chats[0].name.as_deref(), Some("ChatExport_2020-09-14"));
    let a = crate::archive::from_parsed([p]);
    assert_eq!(
        lines(&a),
        vec![
            "2020-09-13 12:26:40 Kim: first",
            "2020-09-13 12:27:40 Lee: second"
        ]
    );
    assert_eq!(a.days[0].styles(1)[0].style, Style::Italic);
}

/// A single chat around `messages` (JSON objects, comma-separated).
fn chat(messages: &str) -> String {
    format!(
        "{{\n \"name\": \"T\",\n \"type\": \"private_group\",\n \"id\": 1,\n \"messages\": [\n{messages}\n ]\n}}\n"
    )
}

fn m(id: u32, rest: &str) -> String {
    format!(
        "  {{\n   \"id\": {id},\n   \"type\": \"message\",\n   \"date_unixtime\": \"{}\",\n   \"from\": \"A\",\n   {rest}\n  }}",
        1_700_000_000 + id
    )
}

#[test]
fn hex_escapes_are_read_as_visible_controls_and_reported_once() {
    let text = chat(&[m(1, r#""text": "a\x0cb\x00""#), m(2, r#""text": "c\x1bd""#)].join(",\n"));
    let p = parse_as(&text, "x.json", "UTC");
    assert_eq!(
        diags(&p),
        vec![
            "x.json:11: note: 3 `\\xHH` escapes (not JSON, but what Telegram writes for control characters): read as those characters"
        ]
    );
    let a = crate::archive::from_parsed([p]);
    assert_eq!(a.days[0].body(&a.days[0].messages[0]), "a␌b␀");
    assert_eq!(a.days[0].body(&a.days[0].messages[1]), "c␛d");
}

#[test]
fn wrong_types_in_every_field_are_reported_and_the_rest_loads() {
    let bad = r#""from": 42, "date": [1], "edited": {}, "text": 7, "text_entities": "x",
   "reply_to_message_id": [], "forwarded_from": 3, "photo": {"a": 1}, "file": true,
   "file_size": "huge", "media_type": 9, "reactions": {"x": 1}, "contact_information": "x",
   "location_information": [], "poll": 5, "members": "all", "actor": [], "action": {}"#;
    let text = chat(&[m(1, bad), m(2, r#""text": "fine""#)].join(",\n"));
    let p = parse_as(&text, "x.json", "UTC");
    let d = diags(&p);
    for key in [
        "from",
        "date",
        "text",
        "text_entities",
        "reply_to_message_id",
        "forwarded_from",
        "photo",
        "file",
        "file_size",
        "media_type",
        "reactions",
        "contact_information",
        "location_information",
        "poll",
        "members",
        "actor",
        "action",
    ] {
        assert!(
            d.iter()
                .any(|l| l.contains(&format!("message 1: `{key}` is "))),
            "{key}: {d:#?}"
        );
    }
    assert!(d.iter().all(|l| l.starts_with("x.json:")));
    let a = crate::archive::from_parsed([p]);
    let got = lines(&a);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[1].ends_with("A: fine"));
    // The bad message kept its time (date_unixtime was fine) and lost the rest.
    assert!(got[0].ends_with(" : "), "{}", got[0]);
}

#[test]
fn a_message_that_is_not_json_is_skipped_and_the_next_loads() {
    let text = chat(
        &[
            m(1, r#""text": "one" oops"#),
            m(2, r#""text": "two""#),
            m(3, r#""text": "three","#),
        ]
        .join(",\n"),
    );
    let p = parse_as(&text, "x.json", "UTC");
    let d = diags(&p);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].starts_with("x.json:11: warning: message 1: invalid JSON: `o` where `,` or `}` was expected; the message was skipped"),
        "{}",
        d[0]
    );
    let a = crate::archive::from_parsed([p]);
    let bodies: Vec<String> = lines(&a)
        .into_iter()
        .map(|l| l.rsplit(": ").next().unwrap().to_owned())
        .collect();
    assert_eq!(bodies, vec!["two", "three"]);
}

#[test]
fn a_file_cut_anywhere_loads_what_came_before() {
    let full = parse_as(SINGLE, "x.json", "UTC").message_count();
    let mut last = 0;
    for cut in (0..SINGLE.len()).step_by(37).chain([SINGLE.len() - 2]) {
        if !SINGLE.is_char_boundary(cut) {
            continue;
        }
        let p = parse_as(&SINGLE[..cut], "x.json", "UTC");
        let n = p.message_count();
        assert!(n >= last && n <= full, "cut {cut}: {n}");
        last = n;
        let d = diags(&p);
        let cut_short = d.iter().filter(|l| l.contains("cut short")).count();
        if cut > 0 {
            assert_eq!(cut_short, 1, "cut {cut}: {d:#?}");
            let severity = if n > 0 { "warning" } else { "error" };
            assert!(
                d.iter()
                    .any(|l| l.contains(&format!(": {severity}: the file is cut short"))),
                "{d:#?}"
            );
        }
    }
    assert_eq!(last, full, "every message when only the end is cut");
}

#[test]
fn deep_nesting_is_reported_and_skipped() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let text = chat(
        &[
            m(1, &format!("\"text\": {deep}")),
            deep.clone(),
            m(2, r#""text": "after""#),
        ]
        .join(",\n"),
    );
    let p = parse_as(&text, "x.json", "UTC");
    let d = diags(&p);
    assert!(
        d.iter()
            .any(|l| l.contains("message 1: `text` holds an array, nested 199999 levels deep")),
        "{d:#?}"
    );
    assert!(
        d.iter().any(|l| l
            .contains("a message is an array nested 200000 levels deep, not an object; skipped")),
        "{d:#?}"
    );
    let a = crate::archive::from_parsed([p]);
    assert_eq!(lines(&a).len(), 2);
    // Unclosed nesting is a file cut short.
    let text = chat(&[m(1, r#""text": "x""#), "[".repeat(100_000)].join(",\n"));
    let p = parse_as(&text, "x.json", "UTC");
    assert_eq!(p.message_count(), 1);
    assert!(diags(&p).iter().any(|l| l.contains("cut short")));
}

#[test]
fn nulls_replies_to_other_chats_and_missing_dates() {
    let text = chat(
        &[
            m(1, r#""from_id": "user9", "text": "x", "reply_to_message_id": 5, "reply_to_peer_id": "channel77""#),
            r#"  {"id": 2, "type": "message", "from": null, "text": "no date"}"#.to_owned(),
            r#"  {"id": 3, "type": "service", "date_unixtime": "1700000003", "actor": null, "action": "clear_history", "text": ""}"#.to_owned(),
        ]
        .join(",\n"),
    );
    let p = parse_as(&text, "x.json", "UTC");
    let d = diags(&p);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d[0].contains(
        "message 2: no `date` or `date_unixtime`; shown after the message before it, time unknown"
    ));
    assert!(d[1].contains("message 2: 2 messages from deleted accounts"));
    let a = crate::archive::from_parsed([p]);
    assert_eq!(
        lines(&a),
        vec![
            "2023-11-14 22:13:21 A: x",
            "2023-11-14 ??:??:?? Deleted Account: no date",
            "2023-11-14 22:13:23 Deleted Account [system]: cleared the history",
        ]
    );
    assert_eq!(a.reply(0, 0), Some(Reply::Missing("5 of chat channel77")));
}

#[test]
fn not_an_export_is_said_so() {
    for (text, want) in [
        ("", "x.json:1: error: empty file: not a Telegram export"),
        (
            "[1, 2]",
            "x.json:1: error: not a Telegram export: the file holds an array, not a JSON object",
        ),
        (
            "{\"a\": 1}",
            "x.json:1: error: not a Telegram export: no `messages` and no `chats` in it",
        ),
        (
            "{\"messages\": []} trailing",
            "x.json:1: warning: text after the end of the export's JSON, ignored",
        ),
    ] {
        let p = parse_as(text, "x.json", "UTC");
        assert_eq!(diags(&p), vec![want], "{text}");
    }
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let mut bytes = chat(&m(1, r#""text": "caf#""#)).into_bytes();
    let at = bytes.iter().position(|&b| b == b'#').unwrap();
    bytes[at] = 0xE9;
    let ctx = ParseContext {
        path: Path::new("x.json"),
        folder: Path::new(""),
        zone: zone("UTC"),
    };
    let p = super::parse(&bytes, &ctx);
    assert!(diags(&p)[0].contains("invalid UTF-8"), "{:?}", diags(&p));
    let a = crate::archive::from_parsed([p]);
    assert!(lines(&a)[0].ends_with("A: caf\u{fffd}"), "{:?}", lines(&a));
}

#[test]
fn the_clock_matches_the_zone_across_transitions() {
    for z in [
        "Europe/Oslo",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "UTC",
        "+05:45",
    ] {
        let zone = zone(z);
        let mut clock = Clock {
            zone,
            bucket: i64::MIN,
            offset: None,
        };
        // Every 7 minutes over the spring and autumn changes of 2023.
        for start in [1_679_700_000_i64, 1_698_500_000, 1_680_300_000] {
            for k in 0..2000 {
                let t = start + k * 420;
                assert_eq!(clock.local(t), zone.local(t), "{z} at {t}");
            }
        }
    }
}

/// A big export (read in parallel parts) gives exactly what reading it in
/// one go gives: messages, lines, rare data and diagnostics, hostile
/// messages included.
#[test]
fn parallel_parts_read_exactly_as_one_go() {
    let mut msgs = Vec::new();
    for i in 0..45_000u32 {
        let rest = match i % 997 {
            5 => r#""from": 7, "text": "wrong from""#.to_owned(),
            6 => r#""text": "broken" "json""#.to_owned(),
            7 => r#""text": "\x07 bell", "reply_to_message_id": 3"#.to_owned(),
            _ => format!(
                r#""text": ["see ", {{"type": "link", "text": "https://e.example/{i}"}}, " 第{i}条"], "reply_to_message_id": {}"#,
                i.saturating_sub(3)
            ),
        };
        msgs.push(m(i, &rest));
        if i % 2503 == 11 {
            msgs.push("  [1, [2]]".to_owned());
            msgs.push(
                "  {\n   \"id\": 999999,\n   \"type\": \"message\",\n   \"text\": \"no date\"\n  }"
                    .to_owned(),
            );
        }
    }
    let text = chat(&msgs.join(",\n"));
    assert!(text.len() > 2 * super::parallel::MIN_BYTES);
    let ctx = ParseContext {
        path: Path::new("big.json"),
        folder: Path::new(""),
        zone: zone("Asia/Kathmandu"),
    };
    let at = {
        let mut r = Reader::new(&text);
        r.start();
        r.object().unwrap();
        let mut first = true;
        while r.key(&mut first).unwrap().is_some_and(|k| k != "messages") {
            r.skip().unwrap();
        }
        r.array().unwrap();
        r.mark()
    };
    assert!(super::parallel::split(&text, at).is_some_and(|s| s.parts.len() > 4));
    let seq = super::parse_with(text.as_bytes(), &ctx, None);
    assert!(diags(&seq).len() > 20, "{:?}", diags(&seq));
    let seq_diags = diags(&seq);
    let b = crate::archive::from_parsed([seq]);
    let broken = (0..45_000).filter(|i| i % 997 == 6).count();
    let dateless = (0..45_000).filter(|i| i % 2503 == 11).count();
    // Two parts a batch, so that batches follow each other, and as `parse`
    // reads them.
    for batch in [2, super::parallel::batch_parts()] {
        let par = super::parse_with(text.as_bytes(), &ctx, Some(batch));
        assert_eq!(diags(&par), seq_diags, "{batch} parts a batch");
        let a = crate::archive::from_parsed([par]);
        assert_eq!(lines(&a), lines(&b));
        assert_eq!(a.message_count(), 45_000 - broken + dateless);
        for (x, y) in a.days.iter().zip(&b.days) {
            if let Some(i) = (0..x.messages.len()).find(|&i| x.messages[i] != y.messages[i]) {
                panic!(
                    "{batch} parts a batch: message {i} of {}: {:?} {:?}\nvs {:?} {:?}",
                    x.date,
                    x.messages[i],
                    x.body(&x.messages[i]),
                    y.messages[i],
                    y.body(&y.messages[i])
                );
            }
            assert!(x.text == y.text, "the days' texts differ");
            assert_eq!(x.spans, y.spans);
            assert_eq!(x.rare, y.rare);
        }
    }
}

/// A raw line break inside a string can look like the separator between two
/// items; a part cut there is not trusted: reading goes on in one pass from
/// the last item read whole, and the result is exactly the one-go result.
#[test]
fn a_part_cut_inside_a_string_goes_on_in_one_pass() {
    let msgs: Vec<String> = (0..45_000u32)
        .map(|i| {
            if i % 3 == 0 {
                m(
                    i,
                    &format!("\"text\": \"{i} looks like }},\n  {{ an item\""),
                )
            } else {
                m(i, &format!("\"text\": \"plain {i}\""))
            }
        })
        .collect();
    let text = chat(&msgs.join(",\n"));
    let ctx = ParseContext {
        path: Path::new("big.json"),
        folder: Path::new(""),
        zone: zone("UTC"),
    };
    let at = {
        let mut r = Reader::new(&text);
        r.start();
        r.object().unwrap();
        let mut first = true;
        while r.key(&mut first).unwrap().is_some_and(|k| k != "messages") {
            r.skip().unwrap();
        }
        r.array().unwrap();
        r.mark()
    };
    let split = super::parallel::split(&text, at).expect("big enough");
    assert!(
        split
            .parts
            .iter()
            .any(|r| super::parallel::read_part(&text, r.clone())
                .resume
                .is_some()),
        "no part was cut inside a string"
    );
    let seq = super::parse_with(text.as_bytes(), &ctx, None);
    let seq_diags = diags(&seq);
    let b = crate::archive::from_parsed([seq]);
    // Two parts a batch, so that batches follow each other, and as `parse`
    // reads them.
    for batch in [2, super::parallel::batch_parts()] {
        let par = super::parse_with(text.as_bytes(), &ctx, Some(batch));
        assert_eq!(diags(&par), seq_diags, "{batch} parts a batch");
        let a = crate::archive::from_parsed([par]);
        assert_eq!(a.message_count(), 45_000);
        assert_eq!(lines(&a), lines(&b));
    }
}

/// An account export of the given chats (name, items), laid out as
/// Telegram lays it out: messages' items indented by five spaces.
fn account(chats: &[(&str, Vec<String>)]) -> String {
    let list: Vec<String> = chats
        .iter()
        .map(|(name, items)| {
            format!(
                "   {{\n    \"name\": \"{name}\",\n    \"type\": \"private_group\",\n    \"id\": 1,\n    \"messages\": [\n{}\n    ]\n   }}",
                items.join(",\n")
            )
        })
        .collect();
    format!(
        "{{\n \"about\": \"\\\"messages\\\": [ in a string\",\n \"chats\": {{\n  \"about\": \"\",\n  \"list\": [\n{}\n  ]\n }}\n}}\n",
        list.join(",\n")
    )
}

/// A message item of an account export, with `rest` among its fields.
fn m5(id: u32, rest: &str) -> String {
    format!(
        "     {{\n      \"id\": {id},\n      \"type\": \"message\",\n      \"date_unixtime\": \"{}\",\n      \"from\": \"S{}\",\n      {rest}\n     }}",
        1_700_000_000 + id * 7,
        id % 13
    )
}

/// `n` messages from `from` on, with replies, links, CJK, and now and then
/// a field of the wrong type, a message that is not JSON, a control
/// character, an item that is not an object and one without a date.
fn big_chat(from: u32, n: u32) -> Vec<String> {
    let mut items = Vec::new();
    for i in from..from + n {
        let rest = match i % 997 {
            5 => r#""from": 7, "text": "wrong from""#.to_owned(),
            6 => r#""text": "broken" "json""#.to_owned(),
            7 => r#""text": "\x07 bell", "reply_to_message_id": 3"#.to_owned(),
            8 => r#""text": "\"messages\": [ not an array""#.to_owned(),
            _ => format!(
                r#""text": ["see ", {{"type": "link", "text": "https://e.example/{i}"}}, " 第{i}条"], "reply_to_message_id": {}"#,
                i.saturating_sub(3)
            ),
        };
        items.push(m5(i, &rest));
        if i % 2503 == 11 {
            items.push("     [1, [2]]".to_owned());
            items.push(
                "     {\n      \"id\": 999999,\n      \"type\": \"message\",\n      \"text\": \"no date\"\n     }"
                    .to_owned(),
            );
        }
    }
    items
}

/// Writes `text` to a `result.json` of its own and parses it from the file
/// (as the loader does for a big one, here at any size) and from its bytes.
fn from_file_and_bytes(text: &[u8]) -> (Option<Parsed>, Parsed) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, text).unwrap();
    let ctx = ParseContext {
        path: &path,
        folder: dir.path(),
        zone: zone("Asia/Kathmandu"),
    };
    (
        super::parse_file_from(&path, &ctx, 0),
        super::parse(text, &ctx),
    )
}

/// Both parses' chats, messages, texts, spans, rare data and diagnostics.
fn assert_same(a: Parsed, b: Parsed) {
    assert_eq!(diags(&a), diags(&b));
    let names = |p: &Parsed| -> Vec<_> { p.chats.iter().map(|c| c.name.clone()).collect() };
    assert_eq!(names(&a), names(&b));
    let (a, b) = (
        crate::archive::from_parsed([a]),
        crate::archive::from_parsed([b]),
    );
    assert_eq!(lines(&a), lines(&b));
    assert_eq!(a.days.len(), b.days.len());
    for (x, y) in a.days.iter().zip(&b.days) {
        assert_eq!((x.channel, x.date), (y.channel, y.date));
        assert_eq!(x.messages, y.messages);
        assert!(x.text == y.text, "the days' texts differ");
        assert_eq!(x.spans, y.spans);
        assert_eq!(x.rare, y.rare);
    }
}

/// A big account export read from its file, its big chats part by part,
/// gives exactly what its bytes give: small chats before, between and
/// after the big ones, hostile messages, replies across parts.
#[test]
fn a_big_export_read_from_its_file_gives_what_its_bytes_give() {
    let small = |from: u32| {
        (from..from + 5)
            .map(|i| m5(i, r#""text": "small""#))
            .collect()
    };
    let text = account(&[
        ("empty first", Vec::new()),
        ("first", small(0)),
        ("big one", big_chat(100, 45_000)),
        ("between", small(50_000)),
        ("empty", Vec::new()),
        ("big two", big_chat(60_000, 40_000)),
        ("last", small(200_000)),
    ]);
    let path = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(path.path(), &text).unwrap();
    let (plan, rest) = super::stream::Plan::new(path.path(), 0).expect("a plan");
    assert_eq!(
        plan.arrays.len(),
        2,
        "both big chats are read from the file"
    );
    assert!(rest.len() < 10_000, "{}", rest.len());
    let (file, bytes) = from_file_and_bytes(text.as_bytes());
    let file = file.expect("read from the file");
    assert!(diags(&bytes).len() > 20, "{:?}", diags(&bytes));
    assert_eq!(file.chats.len(), 7);
    assert_same(file, bytes);
}

/// What the file cannot be read part by part for is left to be read whole
/// (and so read as its bytes are): invalid UTF-8 inside a big chat, a
/// part cut inside a string, a file too small, a layout of its own.
#[test]
fn a_big_export_out_of_the_ordinary_is_left_to_be_read_whole() {
    let good = account(&[("big", big_chat(0, 45_000))]);
    assert!(from_file_and_bytes(good.as_bytes()).0.is_some());

    let mut bad = good.clone().into_bytes();
    let at = bad.len() / 2 + memchr::memmem::find(&bad[bad.len() / 2..], b"see ").unwrap();
    bad[at] = 0xFF;
    let (file, bytes) = from_file_and_bytes(&bad);
    assert!(file.is_none());
    assert!(
        diags(&bytes)[0].contains("invalid UTF-8"),
        "{:?}",
        diags(&bytes)
    );

    // A raw line break inside a string that looks like two items' border.
    let items: Vec<String> = (0..45_000u32)
        .map(|i| {
            let text = if i % 3 == 0 {
                format!("\"text\": \"{i} looks like }},\n     {{ an item\"")
            } else {
                format!("\"text\": \"plain {i}\"")
            };
            m5(i, &text)
        })
        .collect();
    let cut = account(&[("cut", items)]);
    let (file, bytes) = from_file_and_bytes(cut.as_bytes());
    assert!(file.is_none());
    assert_eq!(bytes.diagnostics.len(), 0, "{:?}", diags(&bytes));

    // Too small, or not laid out with an indent.
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.json");
    std::fs::write(&small, account(&[("s", big_chat(0, 100))])).unwrap();
    assert!(super::stream::Plan::new(&small, 0).is_none());
    assert!(super::stream::Plan::new(&small, super::stream::MIN_FILE_BYTES).is_none());
    let flat = dir.path().join("flat.json");
    std::fs::write(&flat, good.replace("\n ", "").replace('\n', "")).unwrap();
    assert!(super::stream::Plan::new(&flat, 0).is_none());
}

/// The loader gives a big export (past the size it reads in parts) to be
/// read from its file, detected or forced, and loads what the export's
/// bytes give.
#[test]
fn the_loader_reads_a_big_export_from_its_file() {
    let text = account(&[
        ("big", big_chat(0, 72_000)),
        ("after", big_chat(80_000, 500)),
    ]);
    assert!(
        text.len() > crate::archive::read_big::PARALLEL_BYTES,
        "{}",
        text.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, &text).unwrap();
    let ctx = ParseContext {
        path: &path,
        folder: dir.path(),
        zone: Zone::default(),
    };
    assert!(super::parse_file(&path, &ctx).is_some());
    let loaded = crate::archive::load(&[dir.path().to_path_buf()]).unwrap();
    let bytes = crate::archive::from_parsed([super::parse(text.as_bytes(), &ctx)]);
    assert_eq!(lines(&loaded), lines(&bytes));
    assert_eq!(loaded.message_count(), bytes.message_count());
    let diags =
        |a: &Archive| -> Vec<String> { a.diagnostics.iter().map(ToString::to_string).collect() };
    assert_eq!(diags(&loaded), diags(&bytes));
    // The same with the format forced (`--input-format telegram`).
    let options = crate::archive::Options {
        format: Some(super::FORMAT),
        ..crate::archive::Options::default()
    };
    let forced = crate::archive::load_with_options(
        &[dir.path().to_path_buf()],
        &options,
        &crate::archive::Progress::default(),
    )
    .unwrap();
    assert_eq!(lines(&forced), lines(&bytes));
    assert_eq!(diags(&forced), diags(&bytes));
}

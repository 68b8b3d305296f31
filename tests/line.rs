//! LINE's text exports through the library and the real binary: the
//! project's fixtures (`tests/fixtures/formats/line/`, one per UI
//! language and build seen) message by message, with every command, and
//! damaged files; and the real samples in `../shared/formats/line`
//! (skipped, saying so, where that folder is absent), loaded with message
//! and speaker counts derived here from the text by a pattern of its own.

#[path = "support/shared.rs"]
mod shared;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use daybook::archive::{Options, Progress, load_with_options};
use daybook::model::{Archive, AttachmentKind, Flags, MessageKind, Zone};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stderr, stdout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/line")
        .join(rel)
}

fn load(paths: &[PathBuf]) -> Archive {
    // LINE's times are naive: the zone changes nothing.
    let options = Options {
        zone: Zone::parse("Pacific/Kiritimati").unwrap(),
        ..Options::default()
    };
    load_with_options(paths, &options, &Progress::default()).unwrap()
}

type Row = (String, String, MessageKind, String);

/// `(date time, speaker, kind, body)` of every message of the channel
/// named `channel`, in order.
fn rows(a: &Archive, channel: &str) -> Vec<Row> {
    let c = a
        .channels
        .iter()
        .position(|c| c.name == channel)
        .unwrap_or_else(|| panic!("no channel {channel:?}"));
    a.channel_days(c as u32)
        .iter()
        .flat_map(|d| {
            d.messages.iter().map(move |m| {
                (
                    format!("{} {}", d.date, m.time),
                    a.speakers.name(m.speaker).to_owned(),
                    m.kind,
                    d.body(m).to_owned(),
                )
            })
        })
        .collect()
}

fn row(when: &str, who: &str, kind: MessageKind, body: &str) -> Row {
    (when.to_owned(), who.to_owned(), kind, body.to_owned())
}

const M: MessageKind = MessageKind::Message;
const S: MessageKind = MessageKind::System;

#[test]
fn every_language_and_build_message_by_message() {
    let a = load(&[fixture("")]);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert!(a.channels.iter().all(|c| c.app == "LINE"));
    let names: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Ana", "Jonas", "Study Group", "学习小组", "山田"]
    );
    assert_eq!(
        rows(&a, "Study Group"),
        vec![
            row(
                "2024-05-13 19:02:00",
                "Priya",
                M,
                "Is everyone ready for Thursday's quiz?"
            ),
            row(
                "2024-05-13 19:03:00",
                "Tomás",
                M,
                "Almost. Chapter 7 is brutal 😵"
            ),
            row(
                "2024-05-13 19:05:00",
                "Priya",
                M,
                "Notes are here: https://example.org/notes/ch7\nPing @Tomás if anything is unclear\n\nAlso bring a calculator"
            ),
            row("2024-05-13 19:06:00", "", S, "Tomás left the group."),
            row(
                "2024-05-13 19:07:00",
                "",
                S,
                "Priya added Yuki to the group."
            ),
            row("2024-05-13 21:40:00", "Yuki", M, ""),
            row(
                "2024-05-13 21:41:00",
                "Yuki",
                M,
                "ありがとう！よろしくお願いします"
            ),
            row("2024-05-14 08:15:00", "Priya", M, ""),
            row("2024-05-14 08:16:00", "Yuki", M, ""),
            row("2024-05-14 08:20:00", "Priya", S, "☎ Call time 12:04"),
            row("2024-05-14 08:30:00", "", S, "Yuki unsent a message."),
            row("2024-05-14 23:59:00", "Yuki", M, "Good night 🌙"),
        ]
    );
    assert_eq!(
        rows(&a, "Jonas"),
        vec![
            row(
                "2024-06-01 10:00:00",
                "Jonas",
                M,
                "Kommst du heute zum Grillen?"
            ),
            row(
                "2024-06-01 10:04:00",
                "Lea",
                M,
                "Ja! Ich bringe Salat mit 🥗"
            ),
            row("2024-06-01 10:05:00", "Jonas", M, ""),
            row("2024-06-01 10:06:00", "Unbekannt", M, "Wer ist das?"),
            row("2024-06-02 09:00:00", "Lea", M, "Danke für gestern!"),
        ]
    );
    assert_eq!(
        rows(&a, "山田"),
        vec![
            row("2023-04-01 09:05:00", "山田", M, "おはようございます"),
            row("2023-04-01 09:06:00", "佐藤", M, "おはよう！今日は花見？🌸"),
            row("2023-04-01 12:30:00", "山田", M, ""),
            row("2023-04-01 19:04:00", "佐藤", M, ""),
            row("2023-04-02 00:15:00", "山田", M, "まだ起きてる？"),
        ]
    );
    assert_eq!(
        rows(&a, "学习小组"),
        vec![
            row("2026-01-30 09:32:00", "小明", M, "今天几点开会？"),
            row(
                "2026-01-30 12:05:00",
                "小红",
                M,
                "下午三点\n在图书馆二楼\n别迟到"
            ),
            row("2026-01-30 15:10:00", "", S, "小红撤回了一条消息"),
        ]
    );
    assert_eq!(
        rows(&a, "Ana"),
        vec![
            row(
                "2025-12-10 19:04:00",
                "Ana",
                M,
                "Are we still on for Friday?"
            ),
            row("2025-12-10 19:05:00", "Ben", M, "Yes — 7 pm at Luigi's"),
            row("2025-12-10 23:58:00", "Ana", M, "🍕"),
        ]
    );
}

#[test]
fn placeholders_unsent_notices_lines_and_spans() {
    let a = load(&[fixture("Chat history in Study Group.txt")]);
    let kinds: Vec<Vec<(AttachmentKind, String)>> = a
        .days
        .iter()
        .flat_map(|d| {
            (0..d.messages.len()).map(move |i| {
                d.attachments(i)
                    .iter()
                    .map(|x| (x.kind, d.str(x.name).to_owned()))
                    .collect()
            })
        })
        .filter(|v: &Vec<_>| !v.is_empty())
        .collect();
    assert_eq!(
        kinds,
        vec![
            vec![(AttachmentKind::Sticker, String::new())],
            vec![(AttachmentKind::Image, String::new())],
            vec![(AttachmentKind::File, "formulas.pdf".to_owned())],
        ]
    );
    let d = &a.days[1];
    assert!(d.messages[3].flags.has(Flags::DELETED));
    assert!(!d.messages[2].flags.has(Flags::DELETED));
    let first = &a.days[0];
    assert_eq!(first.messages[2].line, 7);
    assert_eq!(first.messages[3].line, 11);
    let spans: Vec<&str> = first
        .spans(&first.messages[2])
        .iter()
        .map(|s| first.str(s.range))
        .collect();
    assert_eq!(spans, vec!["https://example.org/notes/ch7", "@Tomás"]);
    assert!(
        a.message_path(first, &first.messages[0])
            .ends_with("Chat history in Study Group.txt")
    );
}

#[test]
fn days_check_and_input_format_name_the_format() {
    let dir = fixture("");
    let d = dir.to_str().unwrap();
    let o = daybook(&["days", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2025-12-10  Wed  Ana          3 messages  2 speakers\n\
         2024-06-01  Sat  Jonas        4 messages  3 speakers\n\
         2024-06-02  Sun  Jonas        1 message   1 speaker\n\
         2024-05-13  Mon  Study Group  7 messages  4 speakers\n\
         2024-05-14  Tue  Study Group  5 messages  3 speakers\n\
         2026-01-30  Fri  学习小组     3 messages  3 speakers\n\
         2023-04-01  Sat  山田         4 messages  2 speakers\n\
         2023-04-02  Sun  山田         1 message   1 speaker\n"
    );
    let o = daybook(&["days", "--json", d]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for day in v.as_array().unwrap() {
        assert_eq!(
            (day["app"].as_str(), day["format"].as_str()),
            (Some("LINE"), Some("line"))
        );
    }
    let o = daybook(&["check", "--files", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("[LINE] Chat mit Jonas.txt: read as line (LINE): 2 days, 5 messages"),
        "{}",
        stdout(&o)
    );
    let forced = daybook(&["days", "--input-format", "LINE", d]);
    assert_eq!(stdout(&forced), stdout(&daybook(&["days", d])));
    // Naive times: the zone changes nothing.
    let tokyo = daybook(&["days", "--tz", "Asia/Tokyo", d]);
    assert_eq!(stdout(&tokyo), stdout(&daybook(&["days", d])));
}

#[test]
fn show_search_speakers_stats_and_export() {
    let dir = fixture("");
    let d = dir.to_str().unwrap();
    let o = daybook(&["show", "2024-05-14", "--width", "60", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2024-05-14 Tuesday · Study Group · 5 messages · 3 speakers\n\n\
         08:15:00  Priya      [photo]\n\
         08:16:00  Yuki       [file] formulas.pdf\n\
         08:20:00  Priya      [system] ☎ Call time 12:04\n\
         08:30:00  (no name)  [system] Yuki unsent a message.\n\
         23:59:00  Yuki       Good night 🌙\n"
    );
    let o = daybook(&["search", "图书馆", d]);
    assert_eq!(
        stdout(&o),
        "2026-01-30 12:05:00  学习小组  小红: 下午三点␤在图书馆二楼␤别迟到\n"
    );
    let count = |q: &str| {
        stdout(&daybook(&["search", "--count", q, d]))
            .trim()
            .to_owned()
    };
    assert_eq!(count("is:system"), "5");
    assert_eq!(count("has:attachment"), "6");
    assert_eq!(count("has:image"), "3");
    assert_eq!(count("has:sticker"), "1");
    assert_eq!(count("has:voice"), "1");
    assert_eq!(count("has:file"), "1");
    assert_eq!(count("has:link"), "1");
    assert_eq!(count("has:mention"), "1");
    assert_eq!(count("from:Lea"), "2");
    assert_eq!(count("in:jonas -has:attachment"), "4");
    assert_eq!(count("formulas"), "1");
    let o = daybook(&["speakers", d]);
    assert!(
        stdout(&o).contains("4  2024-05-13  2024-05-14  Priya\n"),
        "{}",
        stdout(&o)
    );
    let o = daybook(&["stats", "--json", d]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            v["channels"].as_u64(),
            v["messages"].as_u64(),
            v["system"].as_u64()
        ),
        (Some(5), Some(23), Some(5))
    );
    let o = daybook(&["export", "on:2024-05-13", d, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(records.len(), 7, "{csv}");
    assert!(
        records[2]
            .iter()
            .any(|f| f.contains("Ping @Tomás if anything is unclear\n\nAlso")),
        "{csv}"
    );
    let o = daybook(&["show", "2023-04-01", "--json", d]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["messages"][3]["attachments"][0]["kind"], "voice");
    assert_eq!(v["messages"][3]["line"], 8);
}

#[test]
fn hostile_files_are_reported_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(tmp.path().join(name), bytes).unwrap();
    // One line of 50 MB, then a message after it.
    let mut huge = b"Chat history with Lu\n\nMon, 8/19/2019\n10:00\tLu\t".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 50 << 20));
    huge.extend_from_slice(b"\n10:01\tLu\tafter\n");
    w("Chat history with Lu.txt", &huge);
    drop(huge);
    // Invalid UTF-8 and escape sequences in a message; NUL bytes.
    w(
        "[LINE] Chat mit Kai.txt",
        b"[LINE] Chat mit Kai\n\nMo., 19.8.2019\n10:00\tKai\tgr\xffe\n10:01\tKai\t\x1b]0;pwned\x07hi\x00\n",
    );
    // Cut in the middle of a character, and one named like an export
    // that is not one.
    w(
        "Chat history with Mo.txt",
        b"Chat history with Mo\n\nMon, 8/19/2019\n10:00\tMo\tcaf\xc3",
    );
    w("[LINE] Chat with Nobody.txt", b"just a note\n");
    let a = &load(&[tmp.path().to_path_buf()]);
    let bodies: Vec<(String, String)> = a
        .days
        .iter()
        .flat_map(|d| {
            d.messages.iter().map(move |m| {
                let b = d.body(m);
                (a.channel_name(d).to_owned(), b.chars().take(12).collect())
            })
        })
        .collect();
    assert_eq!(
        bodies,
        vec![
            ("Kai".to_owned(), "gr\u{fffd}e".to_owned()),
            ("Kai".to_owned(), "␛]0;pwned␇hi".to_owned()),
            ("Lu".to_owned(), "xxxxxxxxxxxx".to_owned()),
            ("Lu".to_owned(), "after".to_owned()),
            ("Mo".to_owned(), "caf\u{fffd}".to_owned()),
        ]
    );
    let long = &a.days[1];
    assert_eq!(long.body(&long.messages[0]).len(), 1 << 20);
    let diags: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.path.file_name().unwrap().to_string_lossy(),
                d.line,
                d.severity,
                d.message
            )
        })
        .collect();
    let expect = [
        "Chat history with Lu.txt:4: warning: a message of 52428800 bytes; only its first 1048576 bytes are kept",
        "Chat history with Mo.txt:4: warning: invalid UTF-8 at byte",
        "[LINE] Chat mit Kai.txt:4: warning: invalid UTF-8 at byte",
        "[LINE] Chat mit Kai.txt:5: warning: escape sequences or control characters",
        "[LINE] Chat with Nobody.txt:1: error: no LINE messages in this file",
    ];
    let mut diags = diags;
    diags.sort();
    assert_eq!(diags.len(), expect.len(), "{diags:#?}");
    for (d, e) in diags.iter().zip(expect) {
        assert!(d.starts_with(e), "{d}\n  does not start with\n{e}");
    }
}

// ---------------------------------------------------------------------------
// The real samples
// ---------------------------------------------------------------------------

fn samples() -> Option<PathBuf> {
    shared::shared("formats/line", "the LINE samples")
}

#[test]
fn real_samples_load_with_counts_from_their_text() {
    let Some(dir) = samples() else { return };
    // A message starts a line with its time and a tab; a sender sits
    // between that tab and the next one, a system line has none.
    let start =
        regex::Regex::new(r"^(?:上午|下午|午前|午後)?\d{1,2}:\d{2}(?:[AaPp][Mm])?\t").unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    let (mut all_messages, mut all_speakers) = (0, BTreeSet::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let mut messages = 0;
        let mut speakers = BTreeSet::new();
        for line in text.lines() {
            let Some(m) = start.find(line) else { continue };
            messages += 1;
            let rest = &line[m.end()..];
            match rest.split_once('\t') {
                Some((who, _)) => speakers.insert(who.trim().to_owned()),
                None => speakers.insert(String::new()),
            };
        }
        let a = load(std::slice::from_ref(path));
        let name = path.display();
        assert_eq!(a.message_count(), messages, "{name}");
        let got: BTreeSet<String> = a.speakers.iter().map(|(_, s)| s.name.to_string()).collect();
        assert_eq!(got, speakers, "{name}");
        assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
        assert_eq!(a.files[0].format, "line", "{name}");
        all_messages += messages;
        all_speakers.extend(speakers);
    }
    let a = load(&[dir]);
    assert_eq!(a.message_count(), all_messages);
    assert_eq!(a.speakers.iter().count(), all_speakers.len());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

//! The LINE parser on hand-written exports: headers in several languages,
//! day lines, system lines, multi-line texts, placeholders, and odd files.

use std::path::Path;

use super::*;
use crate::model::{AttachmentKind, Zone};

fn parse_at(path: &str, text: &str) -> Parsed {
    let path = Path::new(path);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone: Zone::parse("Asia/Tokyo").unwrap(),
    };
    FORMAT.parse(text.as_bytes(), &ctx)
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

fn row(t: &str, s: &str, k: MessageKind, b: &str) -> (String, String, MessageKind, String) {
    (t.to_owned(), s.to_owned(), k, b.to_owned())
}

use MessageKind::{Message as M, System as S};

#[test]
fn an_english_group_export() {
    let p = parse_at(
        "exports/chat.txt",
        "\u{feff}Chat history in \"Hiking\"\nSaved on: 3/2/2024, 21:40\n\nSat, 3/2/2024\n08:01\tMia\tWho's in for Sunday?\n08:03\tKen\tMe! @Mia bring the map\nand snacks\n\n\nplease\n08:04\tMia left the group.\n08:05\t\tKen unsent a message.\n09:10\tKen\t☎ Missed call\n\nSun, 3/3/2024\n07:00\tKen\t[Photo]\n07:01\tKen\t[Location] Mt. Takao\n07:02\tMia\thttps://example.org/trail\n",
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("Hiking"));
    assert_eq!(p.chats[0].app, "LINE");
    assert_eq!(
        rows(&p),
        vec![
            row("2024-03-02 08:01:00", "Mia", M, "Who's in for Sunday?"),
            row(
                "2024-03-02 08:03:00",
                "Ken",
                M,
                "Me! @Mia bring the map\nand snacks\n\n\nplease"
            ),
            row("2024-03-02 08:04:00", "", S, "Mia left the group."),
            row("2024-03-02 08:05:00", "", S, "Ken unsent a message."),
            row("2024-03-02 09:10:00", "Ken", S, "☎ Missed call"),
            row("2024-03-03 07:00:00", "Ken", M, ""),
            row("2024-03-03 07:01:00", "Ken", M, ""),
            row("2024-03-03 07:02:00", "Mia", M, "https://example.org/trail"),
        ]
    );
    let d0 = &p.days[0];
    assert!(d0.messages[3].flags.has(Flags::DELETED));
    assert_eq!(d0.messages[1].line, 6);
    let mention = d0.spans(&d0.messages[1])[0];
    assert_eq!(d0.str(mention.range), "@Mia");
    let d1 = &p.days[1];
    assert_eq!(
        d1.cards(0).map(|c| c.line()).collect::<Vec<_>>(),
        vec!["[photo]"]
    );
    assert_eq!(
        d1.cards(1).map(|c| c.line()).collect::<Vec<_>>(),
        vec!["[location] Mt. Takao"]
    );
    assert_eq!(d1.attachments(0)[0].kind, AttachmentKind::Image);
    assert_eq!(d1.spans(&d1.messages[2]).len(), 1);
}

#[test]
fn german_japanese_chinese_and_headerless_exports() {
    let de = parse_at(
        "x/[LINE] Chat mit Jo.txt",
        "[LINE] Chat mit Jo\nGespeichert um: 30.1.2026, 22:02\n\nFr., 16.8.2019\n14:31\tJo\t[Foto]\n14:33\tUnbekannt\tWo war das?\n",
    );
    assert_eq!(de.chats[0].name.as_deref(), Some("Jo"));
    assert_eq!(
        rows(&de),
        vec![
            row("2019-08-16 14:31:00", "Jo", M, ""),
            row("2019-08-16 14:33:00", "Unbekannt", M, "Wo war das?"),
        ]
    );
    let ja = parse_at(
        "x/a.txt",
        "[LINE] 花子とのトーク履歴\n保存日時：2019/08/20 10:00\n\n2019/08/19(月)\n午前9:05\t花子\tおはよう\n午後7:04\t太郎\t[スタンプ]\n",
    );
    assert_eq!(ja.chats[0].name.as_deref(), Some("花子"));
    assert_eq!(
        rows(&ja),
        vec![
            row("2019-08-19 09:05:00", "花子", M, "おはよう"),
            row("2019-08-19 19:04:00", "太郎", M, ""),
        ]
    );
    let zh = parse_at(
        "x/b.txt",
        "[LINE] 与小明的聊天记录\n保存日期：2026/1/30 22:11\n\n2026/1/30周五\n上午09:32\t小明\t你好\n下午12:05\t小红\t\"第一行\n第二行\"\n",
    );
    assert_eq!(zh.chats[0].name.as_deref(), Some("小明"));
    assert_eq!(
        rows(&zh),
        vec![
            row("2026-01-30 09:32:00", "小明", M, "你好"),
            row("2026-01-30 12:05:00", "小红", M, "第一行\n第二行"),
        ]
    );
    // No header: the name is the file's; other English builds' day lines.
    let bare = parse_at(
        "x/[LINE] Chat with Ana.txt",
        "2025.12.10 Wednesday\n07:04PM\tAna\thi\n7:05 am\tBen\t\"quoted\" on one line\n",
    );
    assert_eq!(bare.chats[0].name.as_deref(), Some("Ana"));
    assert_eq!(
        rows(&bare),
        vec![
            row("2025-12-10 19:04:00", "Ana", M, "hi"),
            row("2025-12-10 07:05:00", "Ben", M, "\"quoted\" on one line"),
        ]
    );
    for p in [&de, &ja, &zh, &bare] {
        assert_eq!(diags(p), Vec::<String>::new());
    }
}

#[test]
fn day_first_slashes_and_dates_typed_in_messages() {
    let p = parse_at(
        "x/c.txt",
        "Chat history with Lu\nSaved on: 20/8/2019\n\nlun., 19/08/2019\n10:00\tLu\tsee you on\n\nMon, 8/26/2019\nat the lake\n\nmar., 20/08/2019\n10:00\tLu\tok\n\nmer., 21/08/2019\n10:00\tLu\tbye\n",
    );
    // `Mon, 8/26/2019` is no date in a day-first file, and is followed by
    // text, not a message: it stays part of the message.
    assert_eq!(
        rows(&p),
        vec![
            row(
                "2019-08-19 10:00:00",
                "Lu",
                M,
                "see you on\n\nMon, 8/26/2019\nat the lake"
            ),
            row("2019-08-20 10:00:00", "Lu", M, "ok"),
            row("2019-08-21 10:00:00", "Lu", M, "bye"),
        ]
    );
    // A date line inside a text, not after a blank line, is text.
    let p = parse_at(
        "x/d.txt",
        "Chat history with Lu\n\nMon, 8/19/2019\n10:00\tLu\tthe dates:\nTue, 8/20/2019\n10:01\tLu\tok\n",
    );
    assert_eq!(rows(&p)[0].3, "the dates:\nTue, 8/20/2019");
    assert_eq!(rows(&p)[1].0, "2019-08-19 10:01:00");
}

#[test]
fn odd_files_say_what_is_wrong_and_keep_the_rest() {
    let p = parse_at(
        "x/e.txt",
        "Chat history with Lu\n\n10:00\tLu\ttoo early\nloose text\n\nMon, 8/19/2019\n25:61\tLu\tbad time\n10:01\tLu\t\u{1b}[2Jred\n",
    );
    assert_eq!(
        rows(&p),
        vec![
            row("2019-08-19 ??:??:??", "Lu", M, "bad time"),
            row("2019-08-19 10:01:00", "Lu", M, "␛[2Jred"),
        ]
    );
    let d = diags(&p);
    let want = [
        "x/e.txt:8: warning: escape sequences or control characters",
        "x/e.txt:3: warning: a message before any day line; skipped",
        "x/e.txt:4: warning: text before any day line; skipped",
        "x/e.txt:7: warning: an impossible time; shown as ??:??:??",
    ];
    assert_eq!(d.len(), want.len(), "{d:#?}");
    for (d, w) in d.iter().zip(want) {
        assert!(d.starts_with(w), "{d}\n  does not start with\n{w}");
    }
    for (text, what) in [
        ("", "error: the file is empty"),
        ("\n\n", "error: the file is empty"),
        (
            "Chat history with Lu\nhello\n",
            "error: no LINE messages in this file",
        ),
    ] {
        let p = parse_at("x/f.txt", text);
        let d = diags(&p);
        assert!(p.days.is_empty(), "{text:?}");
        assert!(d.iter().any(|l| l.contains(what)), "{text:?}: {d:?}");
    }
}

#[test]
fn a_huge_message_is_cut() {
    let big = "é".repeat(MAX_TEXT);
    let p = parse_at(
        "x/g.txt",
        &format!("Chat history with Lu\n\nMon, 8/19/2019\n10:00\tLu\t{big}\n10:01\tLu\tafter\n"),
    );
    let d = &p.days[0];
    assert_eq!(d.body(&d.messages[0]).len(), MAX_TEXT);
    assert_eq!(d.body(&d.messages[1]), "after");
    assert!(diags(&p)[0].contains("only its first 1048576 bytes are kept"));
}

#[test]
fn detection() {
    let probe = |path: &'static str, head: &'static str| {
        FORMAT.detect(&Probe::new(Path::new(path), head.as_bytes()))
    };
    let export = "Chat history with A\nSaved on: 1/1/2020, 10:00\n\nWed, 1/1/2020\n10:00\tA\thi\n";
    assert_eq!(probe("a.txt", export), Some(Confidence::Certain));
    assert_eq!(
        probe(
            "a.txt",
            "\u{feff}[LINE] Chat in G\n\nMo., 1.1.2020\n10:00\tA\thi\n"
        ),
        Some(Confidence::Certain)
    );
    assert_eq!(
        probe("a.txt", "2019/08/19(月)\n09:05\t花子\tおはよう\n"),
        Some(Confidence::Content)
    );
    assert_eq!(
        probe("[LINE] Chat with A.txt", "nothing yet"),
        Some(Confidence::Name)
    );
    assert_eq!(probe("a.md", export), None);
    // Other formats' text files.
    for head in [
        "12/31/19, 23:59 - Ann: Happy new year\n",
        "[2019-12-24, 12:23] Jane Doe: hi\n",
        "---\nlayout: source\n---\n> 06:47:30  Ann\n\nhi\n",
        "--- Log opened Mon Jan 22 10:00:00 2018\n10:00 <ann> hi\n",
        "2018-01-22 10:00:00\tann\thello\n",
        "수아 님과 카카오톡 대화\n저장한 날짜 : 2026년 4월 25일 오후 4:40\n",
        "hello\n",
    ] {
        assert_eq!(probe("a.txt", head), None, "{head}");
    }
}

#[test]
fn lines_and_tabs_split_as_the_standard_library_splits_them() {
    for text in [
        "",
        "\n",
        "a",
        "a\r\nb\n\nc\r",
        "\r\n\r\n",
        "x\n",
        "区块\r\n链\n\r",
    ] {
        let want: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        assert_eq!(split_lines(text), want, "{text:?}");
    }
    for line in ["", "\t", "a\tb\tc", "午前7:14\t查帆\t早上好", "no tab"] {
        assert_eq!(dates::split_tab(line), line.split_once('\t'), "{line:?}");
    }
}

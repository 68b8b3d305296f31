//! WhatsApp's "Export chat" files, end to end: every variant of the
//! fixtures in tests/fixtures/formats/whatsapp (written by us from the
//! facts in ../shared/formats/NOTES.md) read into exact messages, speakers,
//! days and kinds; an export with its media as a folder and as a zip; and
//! the commands (`days`, `show`, `search`, `stats`, `export`, `check`,
//! `--input-format`) on them through the real binary.

#[path = "support/files.rs"]
mod files;
use files::{files_under, zip_tree};
use std::path::{Path, PathBuf};

use daybook::archive::load;
use daybook::model::{Archive, Flags, MessageKind};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stderr, stdout};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/whatsapp")
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

/// Every message of the archive on one line: date, time, channel, kind,
/// speaker, body, flags, attachments (kind, name, target, size) and styles.
fn summary(a: &Archive) -> Vec<String> {
    let mut out = Vec::new();
    for d in &a.days {
        let channel = &a.channels[d.channel as usize];
        for (i, m) in d.messages.iter().enumerate() {
            let mut s = format!("{} {} {} ", d.date, m.time, channel.name);
            match m.kind {
                MessageKind::System => s.push_str("[system] "),
                MessageKind::Action => s.push_str("[action] "),
                MessageKind::Message => {}
            }
            s.push_str(&format!("{}: {}", a.speakers.name(m.speaker), d.body(m)));
            if m.flags.has(Flags::EDITED) {
                s.push_str(" (edited)");
            }
            if m.flags.has(Flags::DELETED) {
                s.push_str(" (deleted)");
            }
            for at in d.attachments(i) {
                let kind = serde_json::to_value(at.kind).unwrap();
                s.push_str(&format!(
                    " [{} {:?} {:?}{}]",
                    kind.as_str().unwrap(),
                    d.str(at.name),
                    d.str(at.target),
                    at.size.map(|n| format!(" {n} B")).unwrap_or_default()
                ));
            }
            for st in d.styles(i) {
                s.push_str(&format!(" {{{:?}:{}}}", st.style, d.str(st.range)));
            }
            out.push(s);
        }
    }
    out
}

fn load_one(path: &Path) -> Archive {
    let a = load(&[path.to_path_buf()]).expect("load");
    assert!(a.diagnostics.is_empty(), "{:#?}", a.diagnostics);
    assert!(
        a.files.iter().all(|f| f.format == "whatsapp"),
        "{:?}",
        a.files
    );
    assert!(a.channels.iter().all(|c| c.app == "WhatsApp"));
    a
}

fn assert_lines(got: &[String], want: &[&str]) {
    let got: Vec<&str> = got.iter().map(String::as_str).collect();
    assert_eq!(got, want);
}

#[test]
fn android_group_with_every_kind_of_line() {
    let a = load_one(&fixture("WhatsApp Chat with Hiking Club.txt"));
    assert_eq!(a.channels.len(), 1);
    assert_eq!(a.channels[0].name, "Hiking Club");
    assert_lines(
        &summary(&a),
        &[
            "2023-05-12 18:40:00 Hiking Club [system] : Mara Quist created group \"Hiking Club\"",
            "2023-05-12 18:40:00 Hiking Club [system] : Mara Quist added Olu Bello",
            "2023-05-12 18:41:00 Hiking Club Mara Quist: Welcome! First walk: Saturday, 8:00 at the station",
            "2023-05-12 18:43:00 Hiking Club Olu Bello: Great, I'll bring maps and snacks 🥾\nRoute ideas:\n1. the ridge\n2. the lake loop {Bold:maps} {Italic:snacks}",
            "2023-05-12 18:45:00 Hiking Club Olu Bello: Trail map from last year [other \"\" \"\"]",
            "2023-05-12 18:46:00 Hiking Club Mara Quist:  [image \"IMG-20230512-WA0003.jpg\" \"IMG-20230512-WA0003.jpg\"]",
            "2023-05-12 18:46:00 Hiking Club Mara Quist:  [voice \"PTT-20230512-WA0004.opus\" \"PTT-20230512-WA0004.opus\"]",
            "2023-05-13 07:55:00 Hiking Club Olu Bello:  [location \"\" \"https://maps.google.com/?q=51.4700,-0.4543\"]",
            "2023-05-13 07:58:00 Hiking Club Mara Quist: This message was deleted (deleted)",
            "2023-05-13 08:01:00 Hiking Club Zhang Wei: 我到了，在北门 👋 see https://example.org/meet",
            "2023-05-13 08:03:00 Hiking Club Olu Bello: On my way (edited)",
            "2023-05-13 08:05:00 Hiking Club [system] : Missed voice call",
            "2023-05-13 21:10:00 Hiking Club [system] : Zhang Wei left",
            // The encryption notice comes first in the file, with a later date.
            "2023-05-14 09:02:00 Hiking Club [system] : Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
        ],
    );
    // Where each message came from.
    let day = &a.days[1];
    assert_eq!(day.messages[2].line, 15);
    assert!(
        a.message_path(day, &day.messages[2])
            .ends_with("WhatsApp Chat with Hiking Club.txt")
    );
    // The link and the file's speakers: `~ Zhang Wei` is Zhang Wei.
    let link = day.spans(&day.messages[2])[0];
    assert_eq!(day.str(link.target), "https://example.org/meet");
    let mut names: Vec<&str> = a.speakers.iter().map(|(_, s)| &*s.name).collect();
    names.sort_unstable();
    assert_eq!(names, ["", "Mara Quist", "Olu Bello", "Zhang Wei"]);
}

#[test]
fn undecidable_dates_follow_the_order_that_keeps_the_file_sorted() {
    let a = load_one(&fixture("WhatsApp Chat with Sam Ortiz.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2024-01-02 09:15:00 Sam Ortiz [system] : Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more.",
            "2024-01-02 09:15:00 Sam Ortiz Sam Ortiz: Happy new year!",
            "2024-01-03 12:00:00 Sam Ortiz Robin: Thanks, you too",
            "2024-02-01 00:30:00 Sam Ortiz Sam Ortiz: Still up?",
            "2024-02-01 19:45:00 Sam Ortiz Robin: the fireworks [video \"VID-20240201-WA0001.mp4\" \"VID-20240201-WA0001.mp4\"]",
        ],
    );
}

const BOOK_CLUB: &[&str] = &[
    "2023-04-09 19:00:12 Book Club [system] Book Club: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
    "2023-04-09 19:00:12 Book Club [system] Book Club: Lena created this group",
    "2023-04-09 19:01:40 Book Club Lena: Next book? Vote below",
    "2023-04-09 19:02:05 Book Club Lena: Which book next?\n• Solaris (2 votes)\n• Kindred (1 vote) [poll \"\" \"\"]",
    "2023-04-09 19:03:30 Book Club Ahmed K:  [image \"00000007-PHOTO-2023-04-09-19-03-30.jpg\" \"00000007-PHOTO-2023-04-09-19-03-30.jpg\" 39 B]",
    "2023-04-09 19:04:02 Book Club Ahmed K:  [file \"Notes.pdf\" \"00000008-Notes.pdf\" 26 B]",
    "2023-04-09 19:05:10 Book Club Lena:  [video \"\" \"\"]",
    "2023-04-09 19:06:00 Book Club Ahmed K: This message was deleted. (deleted)",
    "2023-04-09 19:06:30 Book Club Lena: Meet at the café? (edited)",
    "2023-04-09 19:07:45 Book Club Ahmed K:  [location \"Corner Café (12 Elm St, Springfield)\" \"https://foursquare.com/v/00aa11bb22cc\"]",
    "2023-04-10 08:30:00 Book Club [system] Lena: Missed voice call",
    "2023-04-10 08:31:15 Book Club Ahmed K: code and gone {Code:code} {Strike:gone}",
];

#[test]
fn ios_export_with_media_as_a_folder() {
    let dir = fixture("WhatsApp Chat - Book Club");
    let a = load_one(&dir);
    assert_eq!(a.channels[0].name, "Book Club");
    assert_lines(&summary(&a), BOOK_CLUB);
    // Only the chat file was read; the media are the attachments' files.
    assert_eq!(a.files.len(), 1);
    assert!(a.files[0].path.ends_with("_chat.txt"));
    // The chat file alone, without its folder claimed: the same messages,
    // attachments without sizes.
    let alone = load_one(&dir.join("_chat.txt"));
    let without_sizes: Vec<String> = BOOK_CLUB
        .iter()
        .map(|l| l.replace(" 39 B]", "]").replace(" 26 B]", "]"))
        .collect();
    assert_eq!(summary(&alone), without_sizes);
}

#[test]
fn ios_export_with_media_as_a_zip() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("WhatsApp Chat - Book Club.zip");
    zip_tree(
        &fixture("WhatsApp Chat - Book Club"),
        &zip_path,
        "",
        &[],
        None,
    );
    let a = load_one(&zip_path);
    assert_lines(&summary(&a), BOOK_CLUB);
    // Beside other files, and with the export in a folder of the zip.
    let other = tmp.path().join("other.zip");
    zip_tree(
        &fixture("WhatsApp Chat - Book Club"),
        &other,
        "Book Club/",
        &[],
        None,
    );
    let a = load_one(&other);
    assert_lines(&summary(&a), BOOK_CLUB);
    let z = zip_path.to_str().unwrap();
    let o = daybook(&["check", "--files", z]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("{z}/_chat.txt: read as whatsapp (WhatsApp): 2 days, 12 messages\n")
    );
    assert!(
        stderr(&o).contains("2 days, 12 messages; 0 errors, 0 warnings, 0 notes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn android_export_with_media_as_a_zip() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("WhatsApp Chat with Hiking Club.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("WhatsApp Chat with Hiking Club.txt", opts)
        .unwrap();
    zip.write_all(&std::fs::read(fixture("WhatsApp Chat with Hiking Club.txt")).unwrap())
        .unwrap();
    zip.start_file("IMG-20230512-WA0003.jpg", opts).unwrap();
    zip.write_all(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).unwrap();
    zip.start_file("PTT-20230512-WA0004.opus", opts).unwrap();
    zip.write_all(b"OggS").unwrap();
    zip.finish().unwrap();
    let a = load_one(&zip_path);
    let lines = summary(&a);
    assert!(lines.contains(&"2023-05-12 18:46:00 Hiking Club Mara Quist:  [image \"IMG-20230512-WA0003.jpg\" \"IMG-20230512-WA0003.jpg\" 6 B]".to_owned()), "{lines:#?}");
    assert!(lines.contains(&"2023-05-12 18:46:00 Hiking Club Mara Quist:  [voice \"PTT-20230512-WA0004.opus\" \"PTT-20230512-WA0004.opus\" 4 B]".to_owned()), "{lines:#?}");
    assert_eq!(a.files.len(), 1);
}

#[test]
fn ios_in_other_languages_and_calendars() {
    let a = load_one(&fixture("ios-ja.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-05-01 10:00:00 ios-ja [system] 佐藤: メッセージと通話はエンドツーエンドで暗号化されています。",
            "2023-05-01 10:01:10 ios-ja 佐藤: おはようございます",
            "2023-05-01 10:02:20 ios-ja 田中:  [image \"\" \"\"]",
            "2023-05-01 10:03:30 ios-ja 田中: このメッセージは削除されました。 (deleted)",
            "2023-05-13 22:15:00 ios-ja 佐藤:  [location \"\" \"https://maps.google.com/?q=35.6812,139.7671\"]",
        ],
    );
    let a = load_one(&fixture("ios-ar.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-04-03 08:05:00 ios-ar [system] +20 100 555 0000: الرسائل والمكالمات مشفرة تمامًا بين الطرفين.",
            "2023-04-03 08:06:15 ios-ar سارة: صباح الخير",
            "2023-04-15 21:30:45 ios-ar سارة:  [image \"\" \"\"]",
        ],
    );
    let a = load_one(&fixture("ios-buddhist.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-06-02 14:00:00 ios-buddhist Niran: สวัสดีครับ",
            "2023-06-20 15:30:10 ios-buddhist Malee:  [sticker \"\" \"\"]",
        ],
    );
    let a = load_one(&fixture("ios-reiwa.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-06-02 14:00:00 ios-reiwa Ken: Hello from Reiwa 5",
            "2023-06-20 15:30:10 ios-reiwa Yui:  [image \"\" \"\"]",
        ],
    );
}

#[test]
fn android_in_other_languages() {
    let a = load_one(&fixture("android-ru.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-02-01 10:00:00 android-ru [system] : Сообщения и звонки защищены сквозным шифрованием.",
            "2023-02-01 10:05:00 android-ru Ира: Привет!",
            "2023-02-01 10:06:00 android-ru Ира:  [other \"\" \"\"]",
            "2023-02-25 18:20:00 android-ru Павел: Вы удалили данное сообщение (deleted)",
            "2023-02-25 18:21:00 android-ru [system] Павел: Пропущенный аудиозвонок",
        ],
    );
    let a = load_one(&fixture("android-cs.txt"));
    assert_lines(
        &summary(&a),
        &[
            "2023-02-01 10:00:00 android-cs Jana: Ahoj",
            "2023-02-25 18:20:00 android-cs Petr:  [other \"\" \"\"]",
            "2023-02-25 18:21:00 android-cs [system] Petr: Zmeškaný hovor",
        ],
    );
}

#[test]
fn rarer_layouts_one_per_file() {
    let cases: &[(&str, &[&str])] = &[
        (
            "android-fr.txt",
            &[
                "2019-09-26 22:39:00 android-fr Léa: Bonsoir",
                "2019-09-27 07:05:00 android-fr Hugo:  [other \"\" \"\"]",
            ],
        ),
        (
            "android-fi.txt",
            &[
                "2018-06-13 21:25:15 android-fi Aino: Moi",
                "2018-06-14 08:05:00 android-fi Eero: Hei hei",
            ],
        ),
        (
            "android-hr.txt",
            &[
                "2018-06-13 21:25:15 android-hr Ivo: Bok",
                "2018-06-14 08:05:00 android-hr Ana: Bok, Ivo",
            ],
        ),
        (
            "android-es.txt",
            &[
                "2017-06-20 20:28:00 android-es Marta: Hola",
                "2017-06-21 09:02:00 android-es Luis: Buenos días",
            ],
        ),
        (
            "android-ca.txt",
            &[
                "2023-12-20 17:46:00 android-ca Avery: ISO-ish dates from en-CA",
                "2023-12-21 09:10:00 android-ca Jordan: and a.m.",
            ],
        ),
        (
            "ios-old.txt",
            &[
                "2016-06-27 08:04:08 ios-old Neil: Hi from an old iPhone",
                "2016-06-27 20:05:30 ios-old Buzz: and back",
            ],
        ),
        (
            "ios-mixed.txt",
            &[
                "2021-01-05 09:00:00 ios-mixed Kim: dashes",
                "2021-01-06 09:00:00 ios-mixed Kim: dots",
                "2021-01-07 09:00:00 ios-mixed Lee: slashes",
            ],
        ),
    ];
    for (file, want) in cases {
        let a = load_one(&fixture(file));
        assert_lines(&summary(&a), want);
    }
}

#[test]
fn the_whole_folder_is_one_archive_of_whatsapp_channels() {
    let a = load(&[fixtures()]).unwrap();
    assert!(a.diagnostics.is_empty(), "{:#?}", a.diagnostics);
    assert_eq!(a.channels.len(), 16);
    assert_eq!(a.message_count(), 66);
    let names: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"Book Club") && names.contains(&"Hiking Club"));
}

// ---------------------------------------------------------------------------
// The commands
// ---------------------------------------------------------------------------

#[test]
fn check_days_and_input_format() {
    let d = fixtures();
    let d = d.to_str().unwrap();
    let o = daybook(&["check", "--files", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 16, "{out}");
    assert!(
        out.lines()
            .all(|l| l.contains(": read as whatsapp (WhatsApp): "))
    );
    assert!(out.contains(
        "WhatsApp Chat with Hiking Club.txt: read as whatsapp (WhatsApp): 3 days, 14 messages\n"
    ));
    let o = daybook(&["days", "--json", d]);
    let days: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 34);
    assert!(
        days.iter()
            .all(|x| x["app"] == "WhatsApp" && x["format"] == "whatsapp")
    );
    let hiking: Vec<String> = days
        .iter()
        .filter(|x| x["channel"] == "Hiking Club")
        .map(|x| format!("{} {} {}", x["date"], x["messages"], x["speakers"]))
        .collect();
    assert_eq!(
        hiking,
        [
            "\"2023-05-12\" 7 3",
            "\"2023-05-13\" 6 4",
            "\"2023-05-14\" 1 1"
        ]
    );
    // Times are shown as written, in any zone.
    let f = fixture("WhatsApp Chat with Hiking Club.txt");
    let f = f.to_str().unwrap();
    let local = daybook(&["show", "2023-05-13", f]);
    for tz in ["--tz=UTC", "--tz=Asia/Tokyo", "--tz=-05:00"] {
        let o = daybook(&["show", "2023-05-13", tz, f]);
        assert_eq!(stdout(&o), stdout(&local), "{tz}");
    }
    assert!(stdout(&local).contains("07:55:00"));
    // A file named like nothing is read as WhatsApp when told so.
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("notes.log");
    std::fs::write(&plain, "20/4/21, 10:00 - A: x\n").unwrap();
    let p = plain.to_str().unwrap();
    let o = daybook(&["days", p]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let o = daybook(&["days", "--input-format", "whatsapp", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("2021-04-20  Tue  notes"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_search_stats_and_export() {
    let f = fixture("WhatsApp Chat with Hiking Club.txt");
    let f = f.to_str().unwrap();
    let o = daybook(&["show", "2023-05-13", "--width", "80", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("2023-05-13 Saturday · Hiking Club · 6 messages · 4 speakers\n"),
        "{out}"
    );
    assert!(
        out.contains("08:01:00  Zhang Wei   我到了，在北门 👋 see https://example.org/meet\n"),
        "{out}"
    );
    let o = daybook(&["show", "2023-05-12", "--json", f]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["channel"], "Hiking Club");
    let m = &v["messages"][3];
    assert_eq!(m["speaker"], "Olu Bello");
    assert_eq!(m["line"], 5);
    assert_eq!(m["time"], "18:43:00");
    assert_eq!(
        m["body"],
        "Great, I'll bring maps and snacks 🥾\nRoute ideas:\n1. the ridge\n2. the lake loop"
    );
    assert_eq!(v["messages"][0]["kind"], "system");
    assert_eq!(v["messages"][3].get("kind"), None);
    assert_eq!(
        v["messages"][5]["attachments"],
        serde_json::json!([{"kind": "image", "name": "IMG-20230512-WA0003.jpg", "target": "IMG-20230512-WA0003.jpg"}])
    );
    // A zip's media members: the attachment names the member, with its size.
    let o = daybook(&[
        "show",
        "2023-04-09",
        "--json",
        fixture("WhatsApp Chat - Book Club").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["messages"][5]["attachments"],
        serde_json::json!([{"kind": "file", "name": "Notes.pdf", "target": "00000008-Notes.pdf", "size": 26}])
    );
    let o = daybook(&[
        "show",
        "2023-04-09",
        "--width",
        "80",
        fixture("WhatsApp Chat - Book Club").to_str().unwrap(),
    ]);
    let out = stdout(&o);
    for line in [
        "19:03:30  Ahmed K    [photo] 00000007-PHOTO-2023-04-09-19-03-30.jpg (39 B)\n",
        "19:04:02             [file] Notes.pdf (26 B)\n",
        "19:07:45  Ahmed K    [location] Corner Café (12 Elm St, Springfield)\n",
        "                     [poll]\n",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    // search, with from: and in: over the whole folder.
    let d = fixtures();
    let d = d.to_str().unwrap();
    let o = daybook(&["search", "from:lena", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2023-04-09 19:01:40  Book Club  Lena: Next book? Vote below\n\
         2023-04-09 19:02:05  Book Club  Lena: Which book next?␤• Solaris (2 votes)␤• Kindred (1 vote)␤[poll]\n\
         2023-04-09 19:05:10  Book Club  Lena: [video]\n\
         2023-04-09 19:06:30  Book Club  Lena: Meet at the café?\n\
         2023-04-10 08:30:00  Book Club  Lena: [system] Missed voice call\n"
    );
    // The query language on what WhatsApp's lines became.
    let count = |q: &str| {
        stdout(&daybook(&["search", "--count", q, d]))
            .trim()
            .to_owned()
    };
    assert_eq!(count("has:attachment"), "18");
    assert_eq!(count("has:photo"), "5");
    assert_eq!(count("has:video"), "2");
    assert_eq!(count("has:location"), "3");
    assert_eq!(count("has:poll"), "1");
    assert_eq!(count("has:voice"), "1");
    assert_eq!(count("is:system"), "14");
    assert_eq!(count("is:system in:hiking"), "5");
    assert_eq!(count("Notes.pdf"), "1");
    let o = daybook(&["search", "--count", "in:hiking has:link", d]);
    assert_eq!(stdout(&o), "1\n");
    let o = daybook(&["search", "--count", "北门", d]);
    assert_eq!(stdout(&o), "1\n");
    // stats
    let o = daybook(&["stats", "--json", f]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 14 lines: 9 messages, and 5 system lines counted apart, which rank
    // no speaker.
    assert_eq!(v["messages"], 9);
    assert_eq!(v["system"], 5);
    assert_eq!(v["days"], 3);
    assert_eq!(v["channels"], 1);
    assert_eq!(v["top_speakers"][0]["name"], "Mara Quist");
    assert_eq!(v["top_speakers"][0]["messages"], 4);
    assert_eq!(v["first_day"], "2023-05-12");
    // export: every message, as CSV.
    let o = daybook(&["export", "", "--format", "csv", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert_eq!(csv.lines().next(), Some("date,time,channel,speaker,body"));
    assert!(
        csv.contains("2023-05-13,08:03:00,Hiking Club,Olu Bello,On my way\r\n"),
        "{csv}"
    );
}

// ---------------------------------------------------------------------------
// The generator's WhatsApp archives (benchmarks, `gen_archive --format whatsapp`)
// ---------------------------------------------------------------------------

#[path = "../benches/support/gen.rs"]
#[allow(clippy::pedantic)]
mod generator;

#[test]
fn the_generators_whatsapp_archive_loads_whole() {
    let config = generator::GenConfig {
        days: 120,
        msgs_per_day: 40,
        speakers: 60,
        seed: 5,
        format: generator::GenFormat::WhatsApp,
        ..generator::GenConfig::default()
    };
    let tmp = tempfile::tempdir().unwrap();
    let a_dir = tmp.path().join("a");
    let b_dir = tmp.path().join("b");
    let written = generator::write_archive_report(&config, &a_dir).unwrap();
    generator::write_archive(&config, &b_dir).unwrap();
    // The same configuration writes the same bytes.
    let chats = generator::whatsapp::chats(&config);
    assert_eq!(chats, 3);
    let files = |dir: &Path| {
        files_under(dir)
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&a_dir), files(&b_dir));
    assert_eq!(written.crlf, 1, "one iOS chat of three");
    let a = load(&[a_dir]).unwrap();
    assert!(
        a.diagnostics.is_empty(),
        "{:#?}",
        &a.diagnostics[..3.min(a.diagnostics.len())]
    );
    assert_eq!(a.message_count(), config.messages());
    assert_eq!(a.channels.len(), chats);
    assert!(a.files.iter().all(|f| f.format == "whatsapp"));
    // What the text holds: system lines, attachments, deletions, styles,
    // links, multi-line bodies, CJK and emoji.
    let mut kinds = std::collections::BTreeSet::new();
    for d in &a.days {
        for (i, m) in d.messages.iter().enumerate() {
            if m.kind == MessageKind::System {
                kinds.insert("system");
            }
            if m.flags.has(Flags::DELETED) {
                kinds.insert("deleted");
            }
            if !d.attachments(i).is_empty() {
                kinds.insert("attachment");
            }
            if !d.styles(i).is_empty() {
                kinds.insert("style");
            }
            if !d.spans(m).is_empty() {
                kinds.insert("span");
            }
            let body = d.body(m);
            if body.contains('\n') {
                kinds.insert("multi-line");
            }
            if body.contains('支') {
                kinds.insert("cjk");
            }
            if body.contains(['👍', '😂', '🙏', '😅']) {
                kinds.insert("emoji");
            }
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "attachment",
            "cjk",
            "deleted",
            "emoji",
            "multi-line",
            "span",
            "style",
            "system"
        ]
    );
}

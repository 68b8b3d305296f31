//! `DiscordChatExporter` exports through the library and the real binary:
//! the project's fixtures (`tests/fixtures/formats/discord`, written for
//! these tests from the layouts in the format notes), the model they give,
//! and every command on them.

use std::path::{Path, PathBuf};

use daybook::archive::{Options, Progress, load_with_options};
use daybook::model::{
    Archive, AttachmentKind, Day, Flags, MessageKind, MessageRef, Reply, Style, Zone,
};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, ok, stdout};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/discord")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

const GENERAL: &str = "Book Club - Text Channels - general [1100000000000000001].json";
const GENERAL_2: &str = "Book Club - Text Channels - general [1100000000000000001] [part 2].json";

fn load(paths: &[PathBuf], zone: &str) -> Archive {
    let options = Options {
        zone: Zone::parse(zone).unwrap(),
        format: None,
    };
    load_with_options(paths, &options, &Progress::default()).expect("load")
}

fn channel<'a>(a: &'a Archive, name: &str) -> (usize, &'a [Day]) {
    let i = a
        .channels
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
            panic!("no channel {name:?} in {names:?}")
        });
    (i, a.channel_days(i as u32))
}

/// `HH:MM:SS speaker [kind] body` for each message of a day.
fn lines(a: &Archive, day: &Day) -> Vec<String> {
    day.messages
        .iter()
        .map(|m| {
            let kind = match m.kind {
                MessageKind::Message => "",
                MessageKind::Action => "[action] ",
                MessageKind::System => "[system] ",
            };
            format!(
                "{} {} {kind}{}",
                m.time,
                a.speakers.name(m.speaker),
                day.body(m)
            )
        })
        .collect()
}

fn day_index(a: &Archive, day: &Day) -> usize {
    a.days
        .iter()
        .position(|d| std::ptr::eq(d, day))
        .expect("a day of the archive")
}

#[test]
fn a_channel_in_parts_is_one_channel_in_the_readers_zone() {
    let a = load(&[fixtures()], "UTC");
    let (_, days) = channel(&a, "Book Club / #general");
    let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2024-06-11", "2024-06-12", "2024-06-13"]);
    assert_eq!(
        lines(&a, &days[0]),
        [
            "21:58:05 Ana Welcome to the Book Club! Reading list: https://books.example.org/list_2024",
            "22:01:30 Ben [system] Joined the server.",
            "22:03:00 Ben Thanks @Ana! Is it Piranesi first?",
        ]
    );
    assert_eq!(
        lines(&a, &days[1]),
        [
            "07:15:42 Ana Yes, see #general pins. Friday Saturday, ping @Organisers. the ending is wild",
            "07:16:00 Ana [system] Pinned a message.",
            "07:30:11 chen.w 我读完了第一章 📚 notes in chapter_1.md",
            "07:31:00 Ben ",
            "16:00:00 Ana [system] Started a thread.",
            "16:05:00 Ben Meeting moved to Sunday",
            "16:10:00 chen.w print('hi')\nand :bookworm: at 2024-06-12 18:00",
            "16:20:00 Ana Lovely cover!",
        ]
    );
    assert_eq!(
        lines(&a, &days[2]),
        ["08:00:00 Ben Morning @user:1000000000000000099 and @Ana"]
    );
    // The day of 06-12 comes from both parts; each message knows its file.
    let d = &days[1];
    let last = d.messages.last().unwrap();
    assert!(a.message_path(d, last).ends_with(GENERAL_2));
    assert!(a.message_path(d, &d.messages[0]).ends_with(GENERAL));
    assert_eq!(d.messages[0].line, 127);
    // In Tokyo the first evening is already the next morning.
    let tokyo = load(&[fixtures()], "Asia/Tokyo");
    let (_, days) = channel(&tokyo, "Book Club / #general");
    assert_eq!(days[0].date.to_string(), "2024-06-12");
    assert_eq!(
        lines(&tokyo, &days[0])[0],
        "06:58:05 Ana Welcome to the Book Club! Reading list: https://books.example.org/list_2024"
    );
}

#[test]
fn replies_resolve_across_parts_and_rare_data_is_kept() {
    let a = load(&[fixtures()], "UTC");
    let (_, days) = channel(&a, "Book Club / #general");
    let (d11, d12) = (&days[0], &days[1]);
    let i11 = day_index(&a, d11);
    let i12 = day_index(&a, d12);
    // "Thanks @Ana" replies to the welcome; "Lovely cover!" (part 2) to
    // chen's message in part 1.
    assert_eq!(
        a.reply(i11, 2),
        Some(Reply::Found(MessageRef {
            day: i11 as u32,
            message: 0
        }))
    );
    assert_eq!(
        a.reply(i12, 7),
        Some(Reply::Found(MessageRef {
            day: i12 as u32,
            message: 2
        }))
    );
    // The pin announcement and the thread notice are not replies.
    assert_eq!(a.reply(i12, 1), None);
    assert_eq!(a.reply(i12, 4), None);
    // Ids, edited, pinned, styles, reactions.
    let e = d12.extra(0).unwrap();
    assert_eq!(d12.str(e.id), "1100000000000000104");
    let m = d12.messages[0];
    assert!(m.flags.has(Flags::EDITED) && m.flags.has(Flags::PINNED));
    let styles: Vec<(Style, &str)> = d12
        .styles(0)
        .iter()
        .map(|s| (s.style, d12.str(s.range)))
        .collect();
    assert_eq!(
        styles,
        [
            (Style::Strike, "Friday"),
            (Style::Spoiler, "the ending is wild")
        ]
    );
    let spans: Vec<(&str, &str)> = d12
        .spans(&m)
        .iter()
        .map(|s| (d12.str(s.range), d12.str(s.target)))
        .collect();
    assert_eq!(
        spans,
        [("#general", "general"), ("@Organisers", "Organisers")]
    );
    let reactions: Vec<(&str, u32)> = d12
        .reactions(0)
        .iter()
        .map(|r| (d12.str(r.emoji), r.count))
        .collect();
    assert_eq!(reactions, [("👍", 2), (":bookworm:", 1)]);
    // Attachments: a path DCE wrote with back-slashes, and a CDN URL.
    let files: Vec<(AttachmentKind, &str, &str, Option<u64>)> = d12
        .attachments(2)
        .iter()
        .map(|x| (x.kind, d12.str(x.name), d12.str(x.target), x.size))
        .collect();
    assert_eq!(
        files,
        [
            (
                AttachmentKind::File,
                "chapter_1.md",
                "media/chapter_1-5E1A.md",
                Some(2048)
            ),
            (
                AttachmentKind::Image,
                "cover.png",
                "https://cdn.discordapp.com/attachments/1100000000000000001/1700000000000000002/cover.png",
                Some(183_204)
            ),
        ]
    );
    assert_eq!(d12.styles(2)[0].style, Style::Code);
    // An embed as a link card and a sticker; the message written twice is kept once.
    let cards: Vec<(AttachmentKind, &str, &str)> = d12
        .attachments(3)
        .iter()
        .map(|x| (x.kind, d12.str(x.name), d12.str(x.target)))
        .collect();
    assert_eq!(
        cards,
        [
            (
                AttachmentKind::LinkCard,
                "Piranesi - Wikipedia",
                "https://en.wikipedia.org/wiki/Piranesi_(novel)"
            ),
            (
                AttachmentKind::Sticker,
                "Reading Cat",
                "media/stickers/reading-cat-77AB.png"
            ),
        ]
    );
    assert_eq!(d12.messages.len(), 8);
    // A forward: flagged, its content in the body, no known sender.
    assert_eq!(d12.forwarded_from_flag(5), Some(""));
    assert_eq!(d12.styles(5)[0].style, Style::Bold);
    // A code block without its language line, then an emoji and a time.
    assert_eq!(
        (d12.styles(6)[0].style, d12.str(d12.styles(6)[0].range)),
        (Style::Code, "print('hi')")
    );
}

/// What [`Day::forwarded_from`] will say, from the model of this branch.
trait Forwarded {
    fn forwarded_from_flag(&self, index: usize) -> Option<&str>;
}

impl Forwarded for Day {
    fn forwarded_from_flag(&self, index: usize) -> Option<&str> {
        let m = self.messages.get(index)?;
        if !m.flags.has(Flags::FORWARDED) {
            return None;
        }
        Some(self.extra(index).map_or("", |e| self.str(e.forwarded_from)))
    }
}

#[test]
fn threads_direct_messages_and_group_dms() {
    let a = load(&[fixtures()], "UTC");
    let (general, _) = channel(&a, "Book Club / #general");
    let (thread, days) = channel(&a, "Book Club / #general / Spoilers for chapter 3");
    assert_eq!(a.channels[thread].parent, Some(general as u32));
    assert_eq!(a.channels[thread].app, "Discord");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "16:00:30 Ana Who guessed the twist? My notes: the theory",
            "16:02:00 chen.w Not me 🙈"
        ]
    );
    let i = day_index(&a, &days[0]);
    assert!(matches!(a.reply(i, 1), Some(Reply::Found(_))));
    // A DM from an older exporter: escaped emoji, seven fraction digits,
    // an offset west of UTC that moves the day.
    let (_, days) = channel(&a, "Direct Messages / mika_k");
    assert_eq!(days[0].date.to_string(), "2024-01-01");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "04:59:59 Mika hey 😀 are you coming?",
            "05:10:00 Ana [system] Started a call that lasted 30 minutes.",
            "05:45:00 Mika ",
        ]
    );
    let voice = days[0].attachments(2)[0];
    assert_eq!(voice.kind, AttachmentKind::Voice);
    assert_eq!(voice.size, Some(40_312));
    // A group DM whose system messages have no content: their text is made.
    let (_, days) = channel(&a, "Direct Messages / trip planning");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "10:00:00 Ana [system] Added Ben to the group.",
            "10:01:00 Ana [system] Changed the channel name.",
            "10:02:00 Ben Where do we meet?",
            "10:05:00 Ben [system] Left the group.",
            "10:06:00 Ana [system] Started a call.",
        ]
    );
}

#[test]
fn plain_text_exports_in_several_locales() {
    let a = load(&[fixtures()], "Asia/Tokyo");
    // en-US, 12-hour clock; times are shown as written in any zone.
    let (_, days) = channel(&a, "Book Club / #announcements");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "19:33:00 ana.reads This week: Piranesi, chapters 1–3.\n\nBring snacks! 🍪",
            "19:40:00 benji [system] Joined the server.",
        ]
    );
    assert_eq!(
        lines(&a, &days[1]),
        [
            "00:05:00 chen.w ",
            "00:07:00 chen.w [this line looks like a header] but its date is not one\nand the message goes on",
        ]
    );
    let d = &days[0];
    assert!(d.messages[0].flags.has(Flags::PINNED));
    assert_eq!(d.styles(0)[0].style, Style::Bold);
    let pdf = d.attachments(0)[0];
    assert_eq!(
        (pdf.kind, d.str(pdf.name)),
        (AttachmentKind::File, "schedule.pdf")
    );
    let reactions: Vec<(&str, u32)> = d
        .reactions(0)
        .iter()
        .map(|r| (d.str(r.emoji), r.count))
        .collect();
    assert_eq!(reactions, [("👍", 3), ("🎉", 1), ("bookworm", 2)]);
    let d = &days[1];
    let cards: Vec<(AttachmentKind, &str, &str)> = d
        .attachments(0)
        .iter()
        .map(|x| (x.kind, d.str(x.name), d.str(x.target)))
        .collect();
    assert_eq!(
        cards,
        [
            (
                AttachmentKind::LinkCard,
                "Issue 24: the labyrinth",
                "https://books.example.org/weekly/24"
            ),
            (
                AttachmentKind::Sticker,
                "reading-cat-77AB",
                "media/stickers/reading-cat-77AB.png"
            ),
        ]
    );
    // en-GB, day first (a day above 12 says so); a forwarded message.
    let (_, days) = channel(&a, "Book Club / #events");
    assert_eq!(
        lines(&a, &days[1]),
        ["08:30:00 benji Rain is forecast after 17:00"]
    );
    assert!(days[1].messages[0].flags.has(Flags::FORWARDED));
    assert_eq!(
        days[1].str(days[1].attachments(0)[0].target),
        "media/map-of-the-park-0C1D.png"
    );
    // German, no day above 12: day first, and a note says it was a guess.
    let (_, days) = channel(&a, "Buchclub / #allgemein");
    assert_eq!(days[0].date.to_string(), "2024-04-03");
    assert!(a.diagnostics.iter().any(|d| {
        d.message
            .contains("no date here has a day above 12, so they are read as day/month/year")
    }));
    // The old default `dd-MMM-yy hh:mm tt`, discriminators dropped.
    let (_, days) = channel(&a, "Direct Messages / ola_n");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "19:33:00 ola_n did you finish it?",
            "23:58:00 ana.reads [system] Started a call that lasted 12 minutes.",
        ]
    );
}

#[test]
fn csv_exports_round_trip_and_locale_dates() {
    let a = load(&[fixtures()], "UTC");
    let (_, days) = channel(&a, "Book Club / #polls");
    assert_eq!(
        lines(&a, &days[0]),
        [
            "17:33:05 ana.reads Vote: Piranesi or \"Circe\"?",
            "17:40:00 benji Circe!\n(second line)",
            "22:15:00 chen.w [system] Pinned a message.",
        ]
    );
    let d = &days[0];
    let files: Vec<(&str, &str)> = d
        .attachments(1)
        .iter()
        .map(|x| (d.str(x.name), d.str(x.target)))
        .collect();
    assert_eq!(
        files,
        [
            (
                "vote.png",
                "https://cdn.discordapp.com/attachments/1100000000000000006/1700000000000000020/vote.png"
            ),
            ("notes, draft-1A2B.txt", "media/notes, draft-1A2B.txt"),
        ]
    );
    let reactions: Vec<(&str, u32)> = d
        .reactions(0)
        .iter()
        .map(|r| (d.str(r.emoji), r.count))
        .collect();
    assert_eq!(reactions, [("👍", 2), ("😂", 1)]);
    let (_, days) = channel(&a, "Book Club / #archive");
    assert_eq!(lines(&a, &days[1]), ["09:02:00 benji Second one"]);
}

#[test]
fn check_days_and_json_say_discord() {
    let dir = fixtures().display().to_string();
    let out = ok(&["check", "--files", &dir]);
    let read: Vec<&str> = out.lines().filter(|l| l.contains(": read as ")).collect();
    let want = [
        (
            "Book Club - Text Channels - announcements [1100000000000000002].txt",
            "2 days, 4 messages",
        ),
        (
            "Book Club - Text Channels - archive [1100000000000000007].csv",
            "2 days, 2 messages",
        ),
        (
            "Book Club - Text Channels - events [1100000000000000003].txt",
            "2 days, 2 messages",
        ),
        (GENERAL_2, "2 days, 2 messages"),
        (GENERAL, "2 days, 10 messages"),
        (
            "Book Club - Text Channels - polls [1100000000000000006].csv",
            "1 day, 3 messages",
        ),
        (
            "Book Club - general - Spoilers for chapter 3 [1100000000000000050].json",
            "1 day, 2 messages",
        ),
        (
            "Buchclub - Textkanäle - allgemein [1100000000000000004].txt",
            "1 day, 2 messages",
        ),
        (
            "Direct Messages - Group - trip planning [1300000000000000001].json",
            "1 day, 5 messages",
        ),
        (
            "Direct Messages - Private - mika_k [1200000000000000001].json",
            "1 day, 3 messages",
        ),
        (
            "Direct Messages - Private - ola_n [1200000000000000002].txt",
            "1 day, 2 messages",
        ),
    ];
    let want: Vec<String> = want
        .iter()
        .map(|(f, n)| format!("{dir}/{f}: read as discord (Discord): {n}"))
        .collect();
    assert_eq!(read, want);
    // The diagnostics: one note per TXT and CSV file on what it lacks, the
    // guessed day order, and the message written twice. Nothing else.
    let diags: Vec<&str> = out.lines().filter(|l| !l.contains(": read as ")).collect();
    assert_eq!(diags.len(), 8, "{diags:#?}");
    assert_eq!(
        diags
            .iter()
            .filter(|l| l
                .contains(": note: a DiscordChatExporter plain-text export: it has no message ids"))
            .count(),
        4
    );
    assert_eq!(
        diags
            .iter()
            .filter(
                |l| l.contains(": note: a DiscordChatExporter CSV export: it has no channel name")
            )
            .count(),
        2
    );
    assert!(diags.contains(&format!("{dir}/{GENERAL}:333: note: 1 message is the same as one read before under the same id (message 1100000000000000107 at line 333, first read at line 290): kept once").as_str()));
    let v: serde_json::Value = serde_json::from_str(&ok(&["days", "--json", &dir])).unwrap();
    let days = v.as_array().unwrap();
    assert_eq!(days.len(), 15);
    for d in days {
        assert_eq!(d["app"], "Discord");
        assert_eq!(d["format"], "discord");
    }
    let days = ok(&["days", "--tz", "UTC", &dir]);
    assert!(
        days.contains(
            "2024-06-12  Wed  Book Club / #general                           8 messages  3 speakers"
        ),
        "{days}"
    );
}

#[test]
fn show_reads_as_the_channel_did() {
    let f = fixture(GENERAL);
    let out = ok(&["show", "2024-06-11", "--tz", "UTC", "--width", "100", &f]);
    assert_eq!(
        out,
        "2024-06-11 Tuesday · Book Club / #general · 3 messages · 2 speakers\n\n\
         21:58:05  Ana  Welcome to the Book Club! Reading list: https://books.example.org/list_2024\n\
         22:01:30  Ben  [system] Joined the server.\n\
         22:03:00  Ben  ↳ Ana: Welcome to the Book Club! Reading list: https://books.example.org/list_2024\n\
         \x20              Thanks @Ana! Is it Piranesi first?\n"
    );
    // Attachments, link previews and stickers each get a labelled line.
    let out = ok(&[
        "show",
        "2024-06-12",
        "--tz",
        "UTC",
        "--width",
        "110",
        "--channel",
        "Book Club / #general",
        &fixtures().display().to_string(),
    ]);
    for line in [
        "07:16:00  Ana     [system] Pinned a message.",
        "07:30:11  chen.w  我读完了第一章 📚 notes in chapter_1.md",
        "                  [file] chapter_1.md (2.0 KB)",
        "                  [photo] cover.png (179 KB)",
        "07:31:00  Ben     [link] Piranesi - Wikipedia · en.wikipedia.org",
        "                  [sticker] Reading Cat",
        "16:00:00  Ana     [system] Started a thread.",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in\n{out}");
    }
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "show",
        "2024-06-12",
        "--json",
        "--tz",
        "UTC",
        "--channel",
        "Book Club / #general",
        &fixtures().display().to_string(),
    ]))
    .unwrap();
    let m = v["messages"].as_array().unwrap();
    assert_eq!(m.len(), 8);
    assert_eq!(m[0]["speaker"], "Ana");
    assert_eq!(m[0]["line"], 127);
    assert_eq!(m[0]["spans"][0]["target"], "general");
    assert_eq!(m[7]["body"], "Lovely cover!");
    assert_eq!(v["channel"], "Book Club / #general");
}

#[test]
fn search_filters_stats_and_speakers_work_on_discord() {
    let dir = fixtures().display().to_string();
    // `cover` is in a body, and in the name of an attachment (cover.png).
    let out = ok(&["search", "cover", "--tz", "UTC", &dir]);
    assert_eq!(
        out,
        "2024-06-12 07:30:11  Book Club / #general  chen.w: 我读完了第一章 📚 notes in chapter_1.md\
         ␤[file] chapter_1.md (2.0 KB)␤[photo] cover.png (179 KB)\n\
         2024-06-12 16:20:00  Book Club / #general  Ana: Lovely cover!\n"
    );
    // Files, photos, a voice message, previews and stickers, in JSON, TXT and CSV.
    let out = ok(&["search", "has:attachment", "--count", &dir]);
    assert_eq!(out.trim(), "7");
    let out = ok(&[
        "search",
        "from:Ana in:general on:2024-06-12",
        "--count",
        "--tz",
        "UTC",
        &dir,
    ]);
    // Four in #general, one in its thread (`in:` matches it too).
    assert_eq!(out.trim(), "5");
    // Two links in the text, two link previews.
    let out = ok(&["search", "has:link", "--count", &dir]);
    assert_eq!(out.trim(), "4");
    let out = ok(&["search", "has:mention", "--count", &dir]);
    assert_eq!(out.trim(), "3");
    let out = ok(&["search", "第一章", "--tz", "UTC", &dir]);
    assert!(out.contains("chen.w: 我读完了第一章"), "{out}");
    let o = daybook(&["search", "nothing-like-this", &dir]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&ok(&["stats", "--json", &dir])).unwrap();
    assert_eq!(v["channels"], 10);
    // Joins, pins and the like are counted apart from what people wrote.
    assert_eq!(
        (v["messages"].as_u64(), v["system"].as_u64()),
        (Some(26), Some(11))
    );
    assert_eq!(
        ok(&["speakers", "--tz", "UTC", &dir]),
        "10  2024-01-01  2024-06-12  Ana\n \
          7  2024-03-01  2024-06-13  Ben\n \
          6  2024-06-12  2024-06-13  chen.w\n \
          5  2024-06-12  2024-06-13  ana.reads\n \
          4  2024-06-12  2024-06-14  benji\n \
          2  2024-01-01  2024-01-01  Mika\n \
          1  2024-04-03  2024-04-03  jonas\n \
          1  2024-04-03  2024-04-03  lena\n \
          1  2024-06-12  2024-06-12  ola_n\n"
    );
}

#[test]
fn exports_carry_discord_messages() {
    let f = fixture(GENERAL);
    let csv = ok(&["export", "from:Ben", "--format", "csv", "--tz", "UTC", &f]);
    assert_eq!(
        csv,
        "date,time,channel,speaker,body\n\
         2024-06-11,22:01:30,Book Club / #general,Ben,[system] Joined the server.\r\n\
         2024-06-11,22:03:00,Book Club / #general,Ben,Thanks @Ana! Is it Piranesi first?\r\n\
         2024-06-12,07:31:00,Book Club / #general,Ben,\"[link] Piranesi - Wikipedia · en.wikipedia.org \
         <https://en.wikipedia.org/wiki/Piranesi_(novel)>\n\
         [sticker] Reading Cat <media/stickers/reading-cat-77AB.png>\"\r\n\
         2024-06-12,16:05:00,Book Club / #general,Ben,Meeting moved to Sunday\r\n"
    );
    let jsonl = ok(&["export", "第一章", &f]);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["speaker"], "chen.w");
    let html = ok(&["export", "", "--format", "html", &f]);
    assert!(html.contains("Welcome to the Book Club!"), "{html}");
}

#[test]
fn input_format_discord_forces_and_refuses_other_json() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("package.json");
    std::fs::write(&other, r#"{"name": "x", "version": "1"}"#).unwrap();
    let o = daybook(&["check", tmp.path().to_str().unwrap()]);
    assert!(
        stdout(&o)
            .contains("package.json:1: note: not a chat log of a known format (.json), skipped"),
        "{}",
        stdout(&o)
    );
    let o = daybook(&[
        "check",
        "--input-format",
        "discord",
        other.to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("package.json:1: error: not a DiscordChatExporter JSON export: the root object has no `channel`"),
        "{}",
        stdout(&o)
    );
    // A DCE file with another name and extension is found by its content;
    // `dce` names the format too.
    let renamed = tmp.path().join("export.data");
    std::fs::copy(fixtures().join(GENERAL_2), &renamed).unwrap();
    let out = ok(&[
        "check",
        "--files",
        "--input-format",
        "dce",
        renamed.to_str().unwrap(),
    ]);
    assert!(
        out.contains("read as discord (Discord): 2 days, 2 messages"),
        "{out}"
    );
}

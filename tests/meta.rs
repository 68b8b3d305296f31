//! Facebook Messenger and Instagram exports ("Download your information",
//! JSON) through the library and the real binary: the project's fixtures
//! (`tests/fixtures/formats/{messenger,instagram}/`) message by message,
//! with every command, zipped, and damaged; and the real samples in
//! `../shared/formats/{messenger,instagram}` (skipped, saying so, where
//! that folder is absent), loaded with message and speaker counts derived
//! here from the JSON itself.

#[path = "support/files.rs"]
mod files;
use files::zip_dir;
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
        .join("tests/fixtures/formats")
        .join(rel)
}

fn load_in(paths: &[PathBuf], zone: &str) -> Archive {
    let options = Options {
        zone: Zone::parse(zone).unwrap(),
        ..Options::default()
    };
    load_with_options(paths, &options, &Progress::default()).unwrap()
}

type Row = (String, String, MessageKind, String);

/// `(date time, speaker, kind, body)` of every message of the channel
/// named `channel` (of `app`), in order.
fn rows(a: &Archive, app: &str, channel: &str) -> Vec<Row> {
    let c = a
        .channels
        .iter()
        .position(|c| c.name == channel && c.app == app)
        .unwrap_or_else(|| panic!("no channel {channel:?} of {app}"));
    rows_at(a, c)
}

/// [`rows`] of the channel at index `c`.
fn rows_at(a: &Archive, c: usize) -> Vec<Row> {
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

/// The cards of every message of a channel, by message, as one line each.
fn cards(a: &Archive, channel: &str) -> Vec<Vec<String>> {
    let c = a.channels.iter().position(|c| c.name == channel).unwrap();
    a.channel_days(c as u32)
        .iter()
        .flat_map(|d| (0..d.messages.len()).map(move |i| d.cards(i).map(|c| c.line()).collect()))
        .collect()
}

// ---------------------------------------------------------------------------
// The fixtures, message by message
// ---------------------------------------------------------------------------

#[test]
fn a_group_split_over_two_files_with_mojibake_reads_as_one_channel() {
    let a = load_in(&[fixture("messenger")], "UTC");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(
        rows(&a, "Messenger", "Hiking Club ⛰️"),
        vec![
            row(
                "2023-06-09 18:00:00",
                "Ana Lima",
                M,
                "Who’s in for Saturday? ⛰️"
            ),
            row(
                "2023-06-09 18:02:00",
                "Ben Okafor",
                M,
                "Me! Bringing the map 🗺️"
            ),
            row(
                "2023-06-09 18:05:00",
                "Ana Lima",
                S,
                "Ana Lima added Chen Wei to the group."
            ),
            row("2023-06-09 18:06:00", "Chen Wei", M, "谢谢！大家好 👋"),
            row("2023-06-10 07:30:00", "Ben Okafor", M, ""),
            row("2023-06-10 07:31:00", "Chen Wei", M, "View from the top"),
            row("2023-06-10 07:45:00", "Ana Lima", M, ""),
            row(
                "2023-06-10 08:00:00",
                "Ben Okafor",
                S,
                "Ben Okafor called the group. (12 min 34 s)"
            ),
            row(
                "2023-06-10 12:10:00",
                "Chen Wei",
                M,
                "This message was unsent."
            ),
            row(
                "2023-06-10 12:11:00",
                "Ana Lima",
                S,
                "Reacted ❤️ to your message "
            ),
            row(
                "2023-06-10 20:00:00",
                "Ana Lima",
                M,
                "Leftovers from the trip"
            ),
            row("2023-06-10 20:01:00", "Ana Lima", M, ""),
            row(
                "2023-06-11 09:00:00",
                "Ben Okafor",
                S,
                "Ben Okafor left the group."
            ),
            row(
                "2023-06-11 23:30:00",
                "Chen Wei",
                M,
                "Good night 🌙 @Ana Lima"
            ),
        ]
    );
    let c = cards(&a, "Hiking Club ⛰️");
    let none: Vec<String> = Vec::new();
    assert_eq!(c[1], none);
    assert_eq!(
        c[4],
        vec!["[photo] trailhead_1.jpg", "[photo] trailhead_2.jpg"]
    );
    assert_eq!(c[5], vec!["[video] summit.mp4"]);
    assert_eq!(c[6], vec!["[link] Ridge trail, 12 km · example.org"]);
    assert_eq!(
        c[10],
        vec![
            "[photo] dance.gif",
            "[voice message] audioclip16864.mp4",
            "[file] Route notes – café stop.pdf"
        ]
    );
    assert_eq!(c[11], vec!["[sticker] 369239263222822.png"]);
    // Reactions, counted per emoji; the unsent message is marked deleted;
    // each message knows its file and line.
    let hiking = a
        .channels
        .iter()
        .position(|c| c.name == "Hiking Club ⛰️")
        .unwrap();
    let days = a.channel_days(hiking as u32);
    let d = &days[0];
    let r: Vec<(&str, u32)> = d
        .reactions(1)
        .iter()
        .map(|r| (d.str(r.emoji), r.count))
        .collect();
    assert_eq!(r, vec![("👍", 2), ("😂", 1)]);
    assert!(days[1].messages[4].flags.has(Flags::DELETED));
    let path = a.message_path(d, &d.messages[0]);
    assert!(
        path.ends_with("hikingclub_4815162342/message_2.json"),
        "{path:?}"
    );
    assert_eq!(d.messages[0].line, 49);
    assert!(
        a.message_path(&days[1], &days[1].messages[0])
            .ends_with("message_1.json")
    );
}

#[test]
fn dms_archived_threads_and_the_encrypted_layout() {
    let a = load_in(&[fixture("messenger")], "UTC");
    let dms: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
    // The DM (UTF-8 written right, with a byte-order mark) and its
    // encrypted copy, which continues it (same title and people), are one
    // channel; the message both hold ("Great, thanks!") is shown once.
    assert_eq!(dms, vec!["Hiking Club ⛰️", "Mira Sato", "Old Dorm"]);
    let mira = a
        .channels
        .iter()
        .position(|c| c.name == "Mira Sato")
        .unwrap();
    let rows_of = |c: usize| rows_at(&a, c);
    assert_eq!(
        rows_of(mira),
        vec![
            row(
                "2023-07-01 10:00:00",
                "Mira Sato",
                M,
                "Tickets are here: https://example.org/tix?id=7 — row 12"
            ),
            row("2023-07-01 10:02:00", "Ana Lima", M, "Great, thanks!"),
            row(
                "2023-07-01 10:03:00",
                "Mira Sato",
                M,
                "Mira Sato sent an attachment."
            ),
            row(
                "2024-01-05 09:00:00",
                "Mira Sato",
                M,
                "Moved our chat here 🔒"
            ),
            row("2024-01-05 09:01:00", "Mira Sato", M, ""),
            row(
                "2024-01-05 09:02:00",
                "Ana Lima",
                M,
                "This message was unsent."
            ),
            row(
                "2024-01-05 09:03:00",
                "Ana Lima",
                M,
                "https://example.org/menu"
            ),
            row("2024-01-05 09:04:00", "Mira Sato", S, ""),
        ]
    );
    let e2ee = &a.channel_days(mira as u32)[1];
    let c: Vec<String> = e2ee.cards(1).map(|c| c.line()).collect();
    assert_eq!(
        c,
        vec![
            "[photo] 5f2c9a.jpeg",
            "[attachment] Failed to download media"
        ]
    );
    assert_eq!(e2ee.str(e2ee.reactions(1)[0].emoji), "😍");
    assert!(e2ee.messages[2].flags.has(Flags::DELETED));
    assert_eq!(
        rows(&a, "Messenger", "Old Dorm"),
        vec![
            row(
                "2019-03-05 21:15:00",
                "Tom Reed",
                M,
                "Anyone still has the dorm key?"
            ),
            row(
                "2019-03-05 21:20:00",
                "Tom Reed",
                S,
                "You missed a call from Tom Reed."
            ),
        ]
    );
    let link = e2ee.spans(&e2ee.messages[3])[0];
    assert_eq!(e2ee.str(link.target), "https://example.org/menu");
    let speakers: BTreeSet<&str> = a.speakers.iter().map(|(_, s)| &*s.name).collect();
    assert_eq!(
        speakers,
        BTreeSet::from([
            "Ana Lima",
            "Ben Okafor",
            "Chen Wei",
            "Mira Sato",
            "Tom Reed"
        ])
    );
}

#[test]
fn instagram_is_told_by_its_folder() {
    let a = load_in(&[fixture("instagram")], "UTC");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert!(a.channels.iter().all(|c| c.app == "Instagram"));
    assert_eq!(
        rows(&a, "Instagram", "Lena Voß"),
        vec![
            row("2024-02-28 22:10:00", "Lena Voß", M, "Schau mal 👀"),
            row("2024-02-28 22:11:00", "Lena Voß", M, ""),
            row("2024-02-28 22:15:00", "Ana Lima", S, "Liked a message"),
            row("2024-02-29 08:00:00", "Ana Lima", M, "Leap day hike? 🏔️"),
            row("2024-02-29 08:05:00", "Lena Voß", M, ""),
            row(
                "2024-02-29 08:06:00",
                "Lena Voß",
                M,
                "Bin dabei! Treffpunkt Café Müller"
            ),
        ]
    );
    let c = cards(&a, "Lena Voß");
    assert_eq!(
        c[1],
        vec!["[link] Sunrise over the Alps #bergliebe · instagram.com"]
    );
    assert_eq!(c[4], vec!["[photo] 4242.jpg"]);
    // A file with nothing but messages, named after itself.
    assert_eq!(
        rows(&a, "Instagram", "dm_with_sam"),
        vec![
            row("2022-11-01 09:30:00", "Ana Lima", M, "coffee tomorrow?"),
            row("2022-11-02 14:00:00", "Sam Park", M, "see you at 5"),
        ]
    );
}

#[test]
fn the_zone_moves_messages_across_days() {
    let a = load_in(&[fixture("messenger")], "Asia/Tokyo");
    let r = rows(&a, "Messenger", "Hiking Club ⛰️");
    assert_eq!(
        r[0],
        row(
            "2023-06-10 03:00:00",
            "Ana Lima",
            M,
            "Who’s in for Saturday? ⛰️"
        )
    );
    assert_eq!(r.last().unwrap().0, "2023-06-12 08:30:00");
    let a = load_in(&[fixture("messenger")], "-10:00");
    assert_eq!(
        rows(&a, "Messenger", "Hiking Club ⛰️")[0].0,
        "2023-06-09 08:00:00"
    );
}

// ---------------------------------------------------------------------------
// The commands
// ---------------------------------------------------------------------------

#[test]
fn days_check_and_input_format_name_the_formats() {
    let m = fixture("messenger");
    let m = m.to_str().unwrap();
    let o = daybook(&["days", "--tz", "UTC", m]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2023-06-09  Fri  Hiking Club ⛰️  4 messages  3 speakers\n\
         2023-06-10  Sat  Hiking Club ⛰️  8 messages  3 speakers\n\
         2023-06-11  Sun  Hiking Club ⛰️  2 messages  2 speakers\n\
         2023-07-01  Sat  Mira Sato       3 messages  2 speakers\n\
         2024-01-05  Fri  Mira Sato       5 messages  2 speakers\n\
         2019-03-05  Tue  Old Dorm        2 messages  1 speaker\n"
    );
    let o = daybook(&["days", "--json", m]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for d in v.as_array().unwrap() {
        assert_eq!(
            (d["app"].as_str(), d["format"].as_str()),
            (Some("Messenger"), Some("messenger"))
        );
    }
    let o = daybook(&["check", "--files", m]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "hikingclub_4815162342/message_2.json: read as messenger (Messenger): 1 day, 4 messages"
        ),
        "{}",
        stdout(&o)
    );
    let i = fixture("instagram");
    let o = daybook(&["check", "--files", i.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("dm_with_sam.json: read as instagram (Instagram): 2 days, 2 messages"),
        "{}",
        stdout(&o)
    );
    // Forced, the same files read the same, or as the other app.
    let forced = daybook(&["days", "--tz", "UTC", "--input-format", "facebook", m]);
    assert_eq!(
        stdout(&forced),
        stdout(&daybook(&["days", "--tz", "UTC", m]))
    );
    let o = daybook(&["days", "--json", "--input-format", "instagram", m]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["app"], "Instagram");
}

#[test]
fn show_search_speakers_stats_and_export() {
    let m = fixture("messenger");
    let m = m.to_str().unwrap();
    let o = daybook(&["show", "2023-06-10", "--tz", "UTC", "--width", "76", m]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2023-06-10 Saturday · Hiking Club ⛰️ · 8 messages · 3 speakers\n\n\
         07:30:00  Ben Okafor  [photo] trailhead_1.jpg\n\
         \x20                     [photo] trailhead_2.jpg\n\
         07:31:00  Chen Wei    View from the top\n\
         \x20                     [video] summit.mp4\n\
         07:45:00  Ana Lima    [link] Ridge trail, 12 km · example.org\n\
         08:00:00  Ben Okafor  [system] Ben Okafor called the group. (12 min 34 s)\n\
         12:10:00  Chen Wei    This message was unsent.\n\
         12:11:00  Ana Lima    [system] Reacted ❤️ to your message\n\
         20:00:00  Ana Lima    Leftovers from the trip\n\
         \x20                     [photo] dance.gif\n\
         \x20                     [voice message] audioclip16864.mp4\n\
         \x20                     [file] Route notes – café stop.pdf\n\
         20:01:00              [sticker] 369239263222822.png\n"
    );
    // Search sees repaired text, and the titles of attachments.
    let o = daybook(&["search", "--tz", "UTC", "大家好", m]);
    assert_eq!(
        stdout(&o),
        "2023-06-09 18:06:00  Hiking Club ⛰️  Chen Wei: 谢谢！大家好 👋\n"
    );
    let o = daybook(&["search", "--tz", "UTC", "--count", "café", m]);
    assert_eq!(stdout(&o), "1\n");
    let o = daybook(&[
        "search",
        "--tz",
        "UTC",
        "--count",
        "from:\"Ben Okafor\" in:hiking",
        m,
    ]);
    assert_eq!(stdout(&o), "4\n");
    let o = daybook(&["speakers", m]);
    assert!(
        stdout(&o).starts_with("9  2023-06-09  2024-01-05  Ana Lima\n"),
        "{}",
        stdout(&o)
    );
    let o = daybook(&["stats", "--json", "--tz", "UTC", m]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            v["channels"].as_u64(),
            v["messages"].as_u64(),
            v["system"].as_u64()
        ),
        (Some(3), Some(18), Some(6))
    );
    // The DM and its encrypted copy are one channel everywhere.
    let o = daybook(&["search", "--tz", "UTC", "--count", "in:\"Mira Sato\"", m]);
    assert_eq!(stdout(&o), "8\n");
    let o = daybook(&["search", "--tz", "UTC", "Great, thanks", m]);
    assert_eq!(
        stdout(&o),
        "2023-07-01 10:02:00  Mira Sato  Ana Lima: Great, thanks!\n"
    );
    let o = daybook(&["show", "2023-07-01", "--json", "--tz", "UTC", m]);
    let day: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(day["channel"], "Mira Sato");
    assert_eq!(day["messages"].as_array().unwrap().len(), 3);
    let busiest: Vec<(&str, u64)> = v["busiest_days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["channel"] == "Mira Sato")
        .map(|d| (d["date"].as_str().unwrap(), d["messages"].as_u64().unwrap()))
        .collect();
    assert_eq!(busiest, vec![("2024-01-05", 4), ("2023-07-01", 3)]);
    let o = daybook(&["export", "--tz", "UTC", "has:link", m, "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let targets: Vec<&str> = lines
        .iter()
        .map(|v| {
            v["attachments"][0]["target"]
                .as_str()
                .or_else(|| v["spans"][0]["target"].as_str())
                .unwrap()
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            "https://example.org/trails/42",
            "https://example.org/tix?id=7",
            "https://example.org/menu",
        ]
    );
    let o = daybook(&[
        "show",
        "2024-02-29",
        "--json",
        "--tz",
        "UTC",
        fixture("instagram").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["channel"], "Lena Voß");
    assert_eq!(v["messages"][1]["attachments"][0]["kind"], "image");
}

#[test]
fn kinds_and_attachments_answer_the_query_language() {
    let m = fixture("messenger");
    let m = m.to_str().unwrap();
    let count = |q: &str| {
        let o = daybook(&["search", "--tz", "UTC", "--count", q, m]);
        stdout(&o).trim().to_owned()
    };
    // A join, a call, a reaction row, a leave, a missed call, a placeholder.
    assert_eq!(count("is:system"), "6");
    assert_eq!(count("has:attachment"), "7");
    assert_eq!(count("has:image"), "4");
    assert_eq!(count("has:video"), "1");
    assert_eq!(count("has:voice"), "1");
    assert_eq!(count("has:audio"), "1");
    assert_eq!(count("has:file"), "1");
    assert_eq!(count("has:sticker"), "1");
    assert_eq!(count("has:link"), "3");
    assert_eq!(count("has:mention"), "1");
    assert_eq!(count("-is:system on:2023-06-10"), "6");
    // A link card's target is not searched: its title is.
    assert_eq!(count("Ridge"), "1");
    let o = daybook(&["show", "2023-06-10", "--json", "--tz", "UTC", m]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or("message"))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "message", "message", "message", "system", "message", "system", "message", "message"
        ]
    );
}

// ---------------------------------------------------------------------------
// Zips and damage
// ---------------------------------------------------------------------------

#[test]
fn zipped_downloads_read_like_their_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let fb = tmp.path().join("facebook-analima-2023.zip");
    zip_dir(&fixture("messenger/facebook-analima-2023"), &fb);
    let ig = tmp.path().join("instagram-ana.lima-2024-03-01.zip");
    zip_dir(&fixture("instagram/instagram-ana.lima-2024-03-01"), &ig);
    let zipped = load_in(&[fb, ig], "UTC");
    let folders = load_in(
        &[
            fixture("messenger/facebook-analima-2023"),
            fixture("instagram/instagram-ana.lima-2024-03-01"),
        ],
        "UTC",
    );
    assert!(zipped.diagnostics.is_empty(), "{:?}", zipped.diagnostics);
    let shape = |a: &Archive| -> Vec<(String, String, usize)> {
        a.channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.app.to_owned(),
                    c.name.clone(),
                    a.channel_days(i as u32)
                        .iter()
                        .map(|d| d.messages.len())
                        .sum(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&zipped), shape(&folders));
    assert_eq!(
        shape(&zipped),
        vec![
            ("Instagram".to_owned(), "Lena Voß".to_owned(), 6),
            ("Messenger".to_owned(), "Hiking Club ⛰️".to_owned(), 14),
            ("Messenger".to_owned(), "Mira Sato".to_owned(), 3),
            ("Messenger".to_owned(), "Old Dorm".to_owned(), 2),
        ]
    );
}

#[test]
fn hostile_files_are_reported_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("messages/inbox");
    let w = |rel: &str, text: &[u8]| {
        let p = inbox.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let msg = |ms: u64, body: &str| {
        format!(r#"{{"sender_name": "Ann", "timestamp_ms": {ms}, "content": "{body}"}}"#)
    };
    // Truncated in its second message.
    w(
        "cut_aaaaaa1/message_1.json",
        format!("{{\"participants\": [{{\"name\": \"Ann\"}}],\n\"messages\": [\n{},\n{{\"sender_name\": \"Ann\", \"conte", msg(1_600_000_000_000, "kept")).as_bytes(),
    );
    // Nested deeper than any message, then a good one.
    w(
        "deep_aaaaaa2/message_1.json",
        format!(
            "{{\"participants\": [{{\"name\": \"Ann\"}}], \"messages\": [{}{}, {}]}}",
            "[".repeat(200_000),
            "]".repeat(200_000),
            msg(1_600_000_100_000, "after the deep one")
        )
        .as_bytes(),
    );
    // A string of 100 MB.
    let mut huge = String::with_capacity(100 << 20);
    huge.push_str("{\"participants\": [{\"name\": \"Ann\"}], \"messages\": [");
    huge.push_str(&msg(1_600_000_300_000, "small"));
    huge.push_str(",\n{\"sender_name\": \"Ann\", \"timestamp_ms\": 1600000200000, \"content\": \"");
    huge.extend(std::iter::repeat_n('x', 100 << 20));
    huge.push_str("\"}]}");
    w("huge_aaaaaa3/message_1.json", huge.as_bytes());
    drop(huge);
    // Not JSON at all, named like a chat file; and binary junk.
    w("junk_aaaaaa4/message_1.json", b"\x00\x01\x02 not json");
    w("junk_aaaaaa4/message_2.json", b"");
    let a = &load_in(&[tmp.path().to_path_buf()], "UTC");
    let bodies: Vec<(String, usize)> = a
        .days
        .iter()
        .flat_map(|d| {
            d.messages
                .iter()
                .map(move |m| (a.channel_name(d).to_owned(), d.body(m).len()))
        })
        .collect();
    assert_eq!(
        bodies,
        vec![
            ("Ann".to_owned(), 4),
            ("Ann".to_owned(), 18),
            ("Ann".to_owned(), 1 << 20),
            ("Ann".to_owned(), 5),
        ]
    );
    let diags: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.path.strip_prefix(&inbox).unwrap().display(),
                d.line,
                d.severity,
                d.message
            )
        })
        .collect();
    let expect = [
        "cut_aaaaaa1/message_1.json:4: warning: the file ends in the middle of a message (truncated?); the messages before it are shown",
        "deep_aaaaaa2/message_1.json:1: warning: not a message (a list, not an object); skipped",
        "huge_aaaaaa3/message_1.json:2: warning: a text of 104857600 bytes; only its first 1048576 bytes are kept",
        "junk_aaaaaa4/message_1.json:1: error: not a chat file: its root is not a JSON object",
        "junk_aaaaaa4/message_2.json:1: error: the file is empty",
    ];
    assert_eq!(diags.len(), expect.len(), "{diags:#?}");
    for (d, e) in diags.iter().zip(expect) {
        assert!(d.starts_with(e), "{d}\n  does not start with\n{e}");
    }
    let o = daybook(&["check", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "errors make check fail");
}

// ---------------------------------------------------------------------------
// The real samples
// ---------------------------------------------------------------------------

fn samples(format: &str) -> Option<PathBuf> {
    shared::shared(
        &format!("formats/{format}"),
        &format!("the {format} samples"),
    )
}

/// Meta's mojibake undone, independently of the parser: a string of
/// Latin-1 characters whose bytes are UTF-8.
fn unmojibake(s: &str) -> String {
    let bytes: Option<Vec<u8>> = s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    bytes
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| s.to_owned())
}

#[test]
fn real_samples_load_with_the_counts_of_their_json() {
    for (format, app) in [("messenger", "Messenger"), ("instagram", "Instagram")] {
        let Some(dir) = samples(format) else { continue };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}", dir.display());
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let v: serde_json::Value =
                serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            let msgs = v["messages"].as_array().unwrap();
            let speakers: BTreeSet<String> = msgs
                .iter()
                .map(|m| {
                    unmojibake(m["sender_name"].as_str().unwrap_or(""))
                        .trim()
                        .to_owned()
                })
                .collect();
            let a = load_in(std::slice::from_ref(&path), "UTC");
            let name = path.display();
            assert_eq!(a.message_count(), msgs.len(), "{name}");
            let got: BTreeSet<String> =
                a.speakers.iter().map(|(_, s)| s.name.to_string()).collect();
            assert_eq!(got, speakers, "{name}");
            assert!(a.diagnostics.is_empty(), "{name}: {:?}", a.diagnostics);
            assert_eq!(a.files[0].format, format, "{name}");
            assert!(a.channels.iter().all(|c| c.app == app), "{name}");
        }
        // The whole folder, as a reader opens it.
        let a = load_in(std::slice::from_ref(&dir), "UTC");
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    }
    // Attachments of the Messenger sample, as its JSON lists them.
    let Some(dir) = samples("messenger") else {
        return;
    };
    let a = &load_in(&[dir], "UTC");
    let kinds: Vec<AttachmentKind> = a
        .days
        .iter()
        .flat_map(|d| {
            (0..d.messages.len()).flat_map(move |i| d.attachments(i).iter().map(|x| x.kind))
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            AttachmentKind::Image,
            AttachmentKind::Sticker,
            AttachmentKind::Voice,
            AttachmentKind::File
        ]
    );
}

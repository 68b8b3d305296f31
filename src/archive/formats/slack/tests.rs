//! The Slack format on the project's own fixtures
//! (`tests/fixtures/formats/slack/`): exact messages, speakers, days and
//! kinds, through the whole loader.

use std::path::{Path, PathBuf};

use super::*;
use crate::archive::{Options, Progress, load_with_options};
use crate::model::{Archive, AttachmentKind, Day, Flags, MessageKind, Reply, Style, Zone};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/slack")
        .join(rel)
}

fn load_in(path: &Path, zone: &str) -> Archive {
    let options = Options {
        zone: Zone::parse(zone).unwrap(),
        ..Options::default()
    };
    load_with_options(&[path.to_path_buf()], &options, &Progress::default()).unwrap()
}

fn day<'a>(a: &'a Archive, channel: &str, date: &str) -> (usize, &'a Day) {
    a.days
        .iter()
        .enumerate()
        .find(|(_, d)| a.channel_name(d) == channel && d.date.to_string() == date)
        .unwrap_or_else(|| panic!("no day {date} in {channel}"))
}

/// `HH:MM:SS speaker: body`, with ` [system]`/` [action]` and ` (edited)`.
fn lines(a: &Archive, d: &Day) -> Vec<String> {
    d.messages
        .iter()
        .map(|m| {
            let kind = match m.kind {
                MessageKind::Message => "",
                MessageKind::Action => " [action]",
                MessageKind::System => " [system]",
            };
            let edited = if m.flags.has(Flags::EDITED) {
                " (edited)"
            } else {
                ""
            };
            format!(
                "{} {}{kind}: {}{edited}",
                m.time,
                a.speakers.name(m.speaker),
                d.body(m)
            )
        })
        .collect()
}

#[test]
fn a_workspace_export_reads_every_channel_kind() {
    let a = load_in(&fixture("workspace"), "UTC");
    let channels: Vec<(&str, &str)> = a
        .channels
        .iter()
        .map(|c| (c.app, c.name.as_str()))
        .collect();
    assert_eq!(
        channels,
        vec![
            ("Slack", "DM: Anna, Ben Okafor"),
            ("Slack", "general"),
            ("Slack", "group DM: Anna, Ben Okafor, 美美"),
            ("Slack", "old-channel"),
            ("Slack", "random"),
            ("Slack", "secret-plans"),
        ]
    );
    assert_eq!(a.message_count(), 16 + 8 + 3 + 1 + 2 + 1 + 1);
    let diags: Vec<String> = a.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        diags,
        vec![format!(
            "{}: note: 1 id is not in users.json, shown by id: U09GHOST",
            fixture("workspace/users.json:1").display()
        )]
    );
    // Every file read is listed, as Slack.
    assert!(a.files.iter().all(|f| f.format == "slack"));
    assert!(
        a.files
            .iter()
            .any(|f| f.path.ends_with("workspace/users.json"))
    );
    assert!(
        !a.files
            .iter()
            .any(|f| f.path.ends_with("integration_logs.json"))
    );
    let mut speakers: Vec<&str> = a.speakers.iter().map(|(_, s)| &*s.name).collect();
    speakers.sort_unstable();
    assert_eq!(
        speakers,
        vec![
            "Anna",
            "Ben Okafor",
            "Gus",
            "Polly",
            "Slackbot",
            "U09GHOST",
            "cho",
            "deploy-bot",
            "美美"
        ]
    );
}

#[test]
fn messages_kinds_and_markup() {
    let a = load_in(&fixture("workspace"), "UTC");
    let (_, d) = day(&a, "general", "2021-03-01");
    assert_eq!(
        lines(&a, d),
        vec![
            "08:00:00 Anna [system]: @Anna has joined the channel",
            "08:00:05 Ben Okafor [system]: @Ben Okafor has joined the channel",
            "08:01:00 Anna [system]: @Anna set the channel topic: Everything",
            "09:00:00 Anna: Morning @Ben Okafor! The release notes are almost done, see the draft and old v1.2",
            "09:05:00 Ben Okafor: Looks good, ship it 🚀",
            "09:06:00 Ben Okafor [action]: waves at everyone",
            "10:00:00 美美: 收到 <tag> & more 😄 @here @channel @devs in #random and #random (edited)",
            "11:00:00 Anna: fn main() {}\nmail anna@example.org snake_case_word 2*3*4",
            "12:00:00 deploy-bot: Deploy finished\nbuild 42\nall green\nEnv: prod",
            "13:00:00 Ben Okafor: Read this https://blog.example.org/post",
            "14:00:00 Anna: @Anna uploaded a file: plan",
            "14:05:00 Ben Okafor: @Ben Okafor commented on @Anna’s file plan: nice plan",
            "15:00:00 Anna: photos",
            "16:00:00 U09GHOST: who am I",
            "17:00:00 Gus: a guest with a profile",
            "23:30:00 Anna: late night",
        ]
    );
    // Spans: mentions and links with their targets.
    let spans = |i: usize| -> Vec<(String, String, String)> {
        d.spans(&d.messages[i])
            .iter()
            .map(|s| {
                (
                    format!("{:?}", s.kind),
                    d.str(s.range).to_owned(),
                    d.str(s.target).to_owned(),
                )
            })
            .collect()
    };
    let s = |k: &str, r: &str, t: &str| (k.to_owned(), r.to_owned(), t.to_owned());
    assert_eq!(
        spans(3),
        vec![
            s("Mention", "@Ben Okafor", "Ben Okafor"),
            s("Link", "the draft", "https://example.org/notes?a=1&b=2"),
        ]
    );
    assert_eq!(
        spans(6),
        vec![
            s("Emoji", "😄", "smile"),
            s("Mention", "@here", "here"),
            s("Mention", "@channel", "channel"),
            s("Mention", "@devs", "devs"),
            s("Mention", "#random", "random"),
            s("Mention", "#random", "random"),
        ]
    );
    assert_eq!(
        spans(7),
        vec![s("Link", "anna@example.org", "mailto:anna@example.org")]
    );
    // Styles: bold, italic, strike, code, and a code block.
    let styles = |i: usize| -> Vec<(Style, &str)> {
        d.styles(i)
            .iter()
            .map(|x| (x.style, d.str(x.range)))
            .collect()
    };
    assert_eq!(
        styles(3),
        vec![
            (Style::Bold, "release notes"),
            (Style::Italic, "almost"),
            (Style::Strike, "old"),
            (Style::Code, "v1.2"),
        ]
    );
    assert_eq!(styles(7), vec![(Style::Code, "fn main() {}")]);
    assert_eq!(styles(8), vec![(Style::Bold, "finished")]);
    // Reactions: emoji where known, the code where not.
    let reactions: Vec<(&str, u32)> = d
        .reactions(3)
        .iter()
        .map(|r| (d.str(r.emoji), r.count))
        .collect();
    assert_eq!(reactions, vec![("👍", 2), (":partyparrot:", 1)]);
    // Attachments: a link preview, old and new file shares, a deleted file.
    let att = |i: usize| -> Vec<(AttachmentKind, &str, &str, Option<u64>)> {
        d.attachments(i)
            .iter()
            .map(|x| (x.kind, d.str(x.name), d.str(x.target), x.size))
            .collect()
    };
    assert_eq!(
        att(9),
        vec![(
            AttachmentKind::LinkCard,
            "A post about logs",
            "https://blog.example.org/post",
            None
        )]
    );
    assert_eq!(
        att(10),
        vec![(
            AttachmentKind::File,
            "plan",
            "https://ws.slack.example/files/U01ANNA/F01OLD/plan.txt",
            Some(120)
        )]
    );
    assert_eq!(
        att(12),
        vec![
            (
                AttachmentKind::Image,
                "cat.png",
                "__uploads/F02IMG/cat.png",
                Some(2048)
            ),
            (
                AttachmentKind::File,
                "Quarterly report",
                "https://ws.slack.example/files/U01ANNA/F03DOC/report.pdf",
                Some(99999)
            ),
            (AttachmentKind::File, "a deleted file", "", None),
        ]
    );
    // The integration's title is a link.
    assert_eq!(
        spans(8),
        vec![s("Link", "build 42", "https://ci.example.org/42")]
    );
}

#[test]
fn threads_resolve_across_day_files_and_missing_parents_say_so() {
    let a = load_in(&fixture("workspace"), "UTC");
    let (first, d1) = day(&a, "general", "2021-03-01");
    let (second, d2) = day(&a, "general", "2021-03-02");
    let parent = MessageRef {
        day: first as u32,
        message: 3,
    };
    assert_eq!(a.reply(first, 3), None, "a parent is no reply");
    assert_eq!(a.reply(first, 4), Some(Reply::Found(parent)));
    // In a later day file: the parent is still found.
    assert_eq!(a.reply(second, 0), Some(Reply::Found(parent)));
    assert_eq!(a.reply(second, 1), Some(Reply::Found(parent)));
    let missing = format!(
        "{}.000009",
        chrono::NaiveDate::from_ymd_opt(2020, 12, 31)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    );
    assert_eq!(a.reply(second, 2), Some(Reply::Missing(missing.as_str())));
    // A deleted parent (a tombstone) is a system message, marked deleted,
    // and its replies point at it.
    let tomb = d2.messages[3];
    assert_eq!(tomb.kind, MessageKind::System);
    assert!(tomb.flags.has(Flags::DELETED));
    assert_eq!(
        a.reply(second, 4),
        Some(Reply::Found(MessageRef {
            day: second as u32,
            message: 3
        }))
    );
    // `ts` is every message's id.
    let e = d1.extra(3).unwrap();
    assert_eq!(d1.str(e.id), "1614589200.000004");
}

use crate::model::MessageRef;

#[test]
fn rich_text_and_app_blocks_are_preferred_to_text() {
    let a = load_in(&fixture("workspace"), "UTC");
    let (_, d) = day(&a, "general", "2021-03-02");
    let body = |i: usize| d.body(&d.messages[i]);
    assert_eq!(
        body(5),
        "Plan for today with @Ben Okafor in #random 🎉 @here the board old x = 1 soft\n\
         • first\n• second\n  1. step\n> quoted\n> lines\nlet x = 2;"
    );
    let styles: Vec<(Style, &str)> = d
        .styles(5)
        .iter()
        .map(|x| (x.style, d.str(x.range)))
        .collect();
    assert_eq!(
        styles,
        vec![
            (Style::Bold, "today"),
            (Style::Strike, "old"),
            (Style::Code, "x = 1"),
            (Style::Italic, "soft"),
            (Style::Code, "let x = 2;"),
        ]
    );
    let kinds: Vec<(String, &str)> = d
        .spans(&d.messages[5])
        .iter()
        .map(|s| (format!("{:?}", s.kind), d.str(s.target)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Mention".into(), "Ben Okafor"),
            ("Mention".into(), "random"),
            ("Emoji".into(), "tada"),
            ("Mention".into(), "here"),
            ("Link".into(), "https://example.org/board"),
        ]
    );
    // An app's layout blocks, not its notification text.
    assert_eq!(a.speakers.name(d.messages[6].speaker), "Polly");
    assert_eq!(
        body(6),
        "Lunch poll 🍴\nPizza 3\n@Anna, @Ben Okafor\nAsked by @美美"
    );
    // A shared message says whose it was.
    let shared = d.extra(7).unwrap();
    assert!(d.messages[7].flags.has(Flags::FORWARDED));
    assert_eq!(d.str(shared.forwarded_from), "Anna");
    assert_eq!(body(7), "the shared words");
}

#[test]
fn days_follow_the_readers_zone() {
    // 23:30 UTC on 1 March is 2 March in Tokyo, and 01:00 UTC on 2 March is
    // 1 March in New York.
    let tokyo = load_in(&fixture("workspace"), "Asia/Tokyo");
    let (_, d) = day(&tokyo, "general", "2021-03-02");
    assert!(lines(&tokyo, d).contains(&"08:30:00 Anna: late night".to_owned()));
    let ny = load_in(&fixture("workspace"), "America/New_York");
    let (_, d) = day(&ny, "general", "2021-03-01");
    assert!(lines(&ny, d).contains(&"20:00:00 美美: a late reply in the thread".to_owned()));
}

#[test]
fn enterprise_grid_teams() {
    let a = load_in(&fixture("grid"), "UTC");
    let names: Vec<&str> = a.channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["alpha/general", "beta/general-b"]);
    let (_, d) = day(&a, "alpha/general", "2022-05-01");
    assert_eq!(lines(&a, d), vec!["12:00:00 Alf: hello from alpha, @Olga"]);
    let (_, d) = day(&a, "beta/general-b", "2022-05-01");
    assert_eq!(
        lines(&a, d),
        vec![
            "12:30:00 Beth: hello from beta",
            "12:31:00 Olga: org-wide hello"
        ]
    );
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

#[test]
fn loose_day_files_make_a_channel_of_their_folder() {
    let a = load_in(&fixture("loose/standup"), "UTC");
    assert_eq!(a.channels.len(), 1);
    assert_eq!(a.channels[0].name, "standup");
    let (first, d) = day(&a, "standup", "2020-07-06");
    assert_eq!(
        lines(&a, d),
        vec![
            "09:00:00 Rosa Diaz: yesterday: tests",
            "09:02:00 U7B: today: review @Rosa Diaz",
            "09:03:00 Rosa Diaz: thanks",
        ]
    );
    // A reply in the next day's file finds its parent.
    let (second, _) = day(&a, "standup", "2020-07-07");
    assert_eq!(
        a.reply(second, 0),
        Some(Reply::Found(MessageRef {
            day: first as u32,
            message: 1
        }))
    );
    // One note per file says ids are shown.
    let notes: Vec<&str> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.contains("(U7B)")), "{notes:?}");
}

#[test]
fn detection_of_day_files_and_folders() {
    let probe = |name: &str, head: &str| {
        let p = Path::new(name);
        FORMAT.detect(&Probe::new(p, head.as_bytes()))
    };
    let msg = r#"[{"type": "message", "user": "U1", "text": "hi", "ts": "1614589200.000100"}]"#;
    assert_eq!(probe("2021-03-01.json", msg), Some(Confidence::Certain));
    assert_eq!(probe("export.json", msg), Some(Confidence::Content));
    assert_eq!(probe("2021-03-01.txt", msg), None);
    // Other JSON: Telegram, Discord, a Slack listing.
    assert_eq!(
        probe(
            "result.json",
            r#"{"name": "x", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "type": "message", "date": "2020-01-01T00:00:00"}]}"#
        ),
        None
    );
    assert_eq!(
        probe(
            "c.json",
            r#"{"guild": {"id": "1"}, "channel": {}, "messages": []}"#
        ),
        None
    );
    assert_eq!(
        probe(
            "channels.json",
            r#"[{"id": "C1", "name": "general", "created": 1}]"#
        ),
        None
    );
    assert_eq!(probe("2021-03-01.json", "[]"), None);
    let folder = |files: &[&str], folders: &[&str]| {
        let files: Vec<String> = files.iter().map(|s| (*s).to_owned()).collect();
        let folders: Vec<String> = folders.iter().map(|s| (*s).to_owned()).collect();
        FORMAT.detect_folder(&FolderProbe {
            path: Path::new("x"),
            files: &files,
            folders: &folders,
        })
    };
    assert_eq!(
        folder(&["channels.json", "users.json"], &["general"]),
        Some(Confidence::Certain)
    );
    assert_eq!(folder(&["dms.json"], &[]), Some(Confidence::Content));
    assert_eq!(
        folder(&["users.json"], &["general"]),
        Some(Confidence::Name)
    );
    assert_eq!(folder(&["users.json"], &[]), None);
    assert_eq!(folder(&["result.json"], &["photos"]), None);
}

#[test]
fn a_text_is_found_in_its_blocks_as_memmem_finds_it() {
    let long = "区块链".repeat(40);
    let hays = [
        "",
        "a",
        "[{\"text\": \"hello\"}]",
        "hellhello",
        "ababababc",
        &format!("[{{\"text\": \"{long}\"}}]"),
    ];
    let needles = [
        "",
        "a",
        "hello",
        "hellx",
        "abc",
        "ababc",
        "c\"",
        long.as_str(),
        &long[..long.len() - 3],
    ];
    for hay in hays {
        for needle in needles {
            assert_eq!(
                message::holds(hay.as_bytes(), needle.as_bytes()),
                memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some(),
                "{needle:?} in {hay:?}"
            );
        }
    }
}

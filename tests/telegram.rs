//! Telegram Desktop exports through the real binary: the project's
//! fixtures (`tests/fixtures/formats/telegram`, written for these tests),
//! every command on them, hostile files made at run time, and the real
//! samples in `../shared/formats/telegram` (skipped, saying so, when that
//! folder is absent) with counts derived here by a plain `serde_json` walk.

#[path = "support/shared.rs"]
mod shared;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, ok, stdout};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/telegram")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

#[test]
fn check_days_and_json_say_telegram() {
    let dir = fixtures().display().to_string();
    let out = ok(&["check", "--files", &dir]);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(": read as ")).collect();
    assert_eq!(
        lines,
        vec![
            format!("{dir}/ChatExport_2023-06-12/result.json: read as telegram (Telegram): 2 days, 25 messages").as_str(),
            format!("{dir}/DataExport_2024-02-01/result.json: read as telegram (Telegram): 4 days, 4 messages").as_str(),
            format!("{dir}/minimal.json: read as telegram (Telegram): 1 day, 2 messages").as_str(),
            format!("{dir}/old-export.json: read as telegram (Telegram): 2 days, 4 messages").as_str(),
        ]
    );
    // The one diagnostic of the fixtures: a deleted account, said plainly.
    assert!(out.contains("result.json:342: note: message 114: a message from a deleted account"));
    let v: serde_json::Value = serde_json::from_str(&ok(&["days", "--json", &dir])).unwrap();
    for d in v.as_array().unwrap() {
        assert_eq!(d["app"], "Telegram");
        assert_eq!(d["format"], "telegram");
    }
    let days = ok(&["days", "--tz", "Europe/Oslo", &dir]);
    assert!(
        days.contains("2023-06-10  Sat  Allotment 14    16 messages  4 speakers"),
        "{days}"
    );
    assert!(
        days.contains("2024-01-15  Mon  Saved Messages   1 message   1 speaker"),
        "{days}"
    );
}

#[test]
fn show_reads_as_the_chat_did_in_the_readers_zone() {
    let f = fixture("ChatExport_2023-06-12/result.json");
    let out = ok(&[
        "show",
        "2023-06-10",
        "--tz",
        "Europe/Oslo",
        "--width",
        "100",
        &f,
    ]);
    for want in [
        "2023-06-10 Saturday · Allotment 14 · 16 messages · 4 speakers",
        "08:00:00  Marta Lindqvist  [system] created the group «Allotment 14» with Marta Lindqvist and Jonas\n                           Berg",
        "08:07:30  Jonas Berg       ↳ Marta Lindqvist: Morning! Who has the key to the shed?\n                           I do, under the blue pot as always",
        "08:10:00  Jonas Berg       thanks @marta_l, very useful; run water --all, not by hand (edited)\n                           👍 2  🌱 1",
        "08:40:00  Jonas Berg       ↪ forwarded from Weather Alerts\n                           Frost tonight in the valley",
        "08:41:00  Marta Lindqvist  ↳ Jonas Berg: Frost tonight in the valley\n                           [system] pinned a message",
        "23:30:00  Ola Nordmann     ↳ a reply to a message not in this archive (id 90)",
    ] {
        assert!(out.contains(want), "{want}\nnot in\n{out}");
    }
    // The same instant is the next morning in Tokyo, and so on another day.
    let tokyo = ok(&[
        "show",
        "2023-06-11",
        "--tz",
        "Asia/Tokyo",
        "--width",
        "100",
        &f,
    ]);
    assert!(tokyo.contains("06:30:00  Ola Nordmann"), "{tokyo}");
    // Old exports: naive times, the same in every zone.
    for tz in ["UTC", "Asia/Tokyo"] {
        let old = ok(&[
            "show",
            "2019-03-31",
            "--tz",
            tz,
            &fixture("old-export.json"),
        ]);
        assert!(
            old.contains("01:59:59  Ines   rehearsal moved to Tuesday"),
            "{old}"
        );
    }
}

#[test]
fn show_json_has_attachments_reactions_and_sources() {
    let f = fixture("ChatExport_2023-06-12/result.json");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["show", "2023-06-10", "--json", "--tz", "UTC", &f])).unwrap();
    let m = v["messages"].as_array().unwrap();
    assert_eq!(m[0]["kind"], "system");
    assert_eq!(m[1]["id"], "101");
    assert_eq!(m[1]["line"], 22);
    assert_eq!(m[2]["reply_to"]["id"], "101");
    assert_eq!(m[2]["reply_to"]["speaker"], "Marta Lindqvist");
    assert_eq!(
        m[3]["spans"][1]["target"],
        "https://maps.example.org/plot14"
    );
    assert_eq!(m[4]["edited"], true);
    assert_eq!(m[4]["reactions"][0]["emoji"], "👍");
    assert_eq!(m[11]["forwarded_from"], "Weather Alerts");
    assert!(v["path"].as_str().unwrap().ends_with("result.json"));
}

#[test]
fn search_filters_stats_and_speakers_work_on_telegram() {
    let dir = fixtures().display().to_string();
    let out = ok(&["search", "shed", "--tz", "UTC", &dir]);
    assert_eq!(
        out,
        "2023-06-10 06:05:00  Allotment 14  Marta Lindqvist: Morning! Who has the key to the shed?\n"
    );
    let out = ok(&[
        "search",
        "from:jonas in:allotment on:2023-06-11",
        "--count",
        &dir,
    ]);
    assert_eq!(out.trim(), "3");
    let out = ok(&["search", "has:link", "--count", &dir]);
    assert_eq!(out.trim(), "1");
    let out = ok(&["search", "has:mention", &dir, "--tz", "UTC"]);
    assert!(out.contains("thanks @marta_l"));
    let out = ok(&["search", "~frost", "--count", &dir]);
    // The forecast, and "… from Marta Lindqvist" (f, r, o, s, t in order).
    assert_eq!(out.trim(), "3");
    let o = daybook(&["search", "nothing-like-this", &dir]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&ok(&["stats", "--json", &dir])).unwrap();
    assert_eq!(v["channels"], 7, "the empty group is a channel too");
    // Service messages (joins, pins, calls) are counted apart.
    assert_eq!(
        (v["messages"].as_u64(), v["system"].as_u64()),
        (Some(27), Some(8))
    );
    let speakers = ok(&["speakers", &dir]);
    assert!(speakers.contains("Deleted Account"), "{speakers}");
    assert!(speakers.contains("Marta Lindqvist"));
}

#[test]
fn exports_carry_telegram_messages() {
    let f = fixture("ChatExport_2023-06-12/result.json");
    let csv = ok(&["export", "from:ola", "--format", "csv", "--tz", "UTC", &f]);
    assert_eq!(
        csv,
        "date,time,channel,speaker,body\n\
         2023-06-10,21:30:00,Allotment 14,Ola Nordmann,replying to something older than this export\r\n\
         2023-06-11,07:20:00,Allotment 14,Ola Nordmann,[system] joined the group by a link from Marta Lindqvist\r\n\
         2023-06-11,07:21:00,Allotment 14,Ola Nordmann,日本語も大丈夫 😀 Saturday works\r\n"
    );
    let html = ok(&["export", "", "--format", "html", &f]);
    assert!(html.contains("<p>thanks @marta_l, <i>very</i> useful; run <code>water --all</code>, not <s>by hand</s> <span class=\"edited\">(edited)</span></p>"), "{html}");
    let jsonl = ok(&["export", "water", &f]);
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["styles"][1]["style"], "code");
}

#[test]
fn input_format_telegram_forces_and_refuses_other_json() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("package.json");
    std::fs::write(&other, r#"{"name": "x", "version": "1"}"#).unwrap();
    let p = other.display().to_string();
    // Not claimed: a note, and no archive.
    let o = daybook(&["check", &p]);
    assert!(
        stdout(&o).contains("note: not a chat log of a known format (.json), skipped"),
        "{}",
        stdout(&o)
    );
    // Forced: read, and refused with the reason.
    let o = daybook(&["check", "--input-format", "telegram", &p]);
    assert_eq!(o.status.code(), Some(2), "no archive at all");
    assert!(
        stdout(&o).contains(&format!(
            "{p}:1: error: not a Telegram export: no `messages` and no `chats` in it"
        )),
        "{}",
        stdout(&o)
    );
    // A Telegram export under another name is read when forced.
    let renamed = tmp.path().join("chat.txt");
    std::fs::copy(fixtures().join("minimal.json"), &renamed).unwrap();
    let out = ok(&[
        "days",
        "--input-format",
        "telegram",
        &renamed.display().to_string(),
    ]);
    assert!(out.contains("2 messages"), "{out}");
}

/// A single chat holding `messages` (JSON objects, comma-separated).
fn chat(messages: &[String]) -> String {
    format!(
        "{{\n \"name\": \"Hostile\",\n \"type\": \"private_group\",\n \"id\": 1,\n \"messages\": [\n{}\n ]\n}}\n",
        messages.join(",\n")
    )
}

fn msg(id: u32, rest: &str) -> String {
    format!(
        "  {{\n   \"id\": {id},\n   \"type\": \"message\",\n   \"date_unixtime\": \"{}\",\n   \"from\": \"A\",\n   {rest}\n  }}",
        1_700_000_000 + id
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn hostile_exports_get_a_diagnostic_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let good = msg(9, r#""text": "still here""#);
    // Each file, what `check` says of it, and a message that still loads.
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            "truncated.json",
            chat(&[msg(1, r#""text": "one""#), good.clone()])[..230].to_owned(),
            ":16: warning: the file is cut short (it ends in the middle of a value); the 1 message before were loaded",
            "one",
        ),
        (
            "nested.json",
            chat(&[
                msg(
                    1,
                    &format!("\"text\": {}{}", "[".repeat(50_000), "]".repeat(50_000)),
                ),
                good.clone(),
            ]),
            ":11: warning: message 1: `text` holds an array, nested 49999 levels deep, where a string or a text entity was expected; ignored",
            "still here",
        ),
        (
            "wrong-types.json",
            chat(&[
                msg(1, r#""from": {"first": "A"}, "text": "x""#),
                good.clone(),
            ]),
            ":11: warning: message 1: `from` is an object, where a name was expected; ignored",
            "still here",
        ),
        (
            "from-null.json",
            chat(&[
                msg(1, r#""text": "x""#).replace("\"from\": \"A\"", "\"from\": null"),
                good.clone(),
            ]),
            ":6: note: message 1: a message from a deleted account (`from` is null), shown as from \"Deleted Account\"",
            "still here",
        ),
        (
            "escapes.json",
            chat(&[msg(1, r#""text": "bell\x07 form\x0c""#), good.clone()]),
            ":11: note: 2 `\\xHH` escapes (not JSON, but what Telegram writes for control characters): read as those characters",
            "still here",
        ),
        (
            "syntax.json",
            chat(&[msg(1, r#""text": "x" "y""#), good.clone()]),
            ":11: warning: message 1: invalid JSON: `\"` where `,` or `}` was expected; the message was skipped",
            "still here",
        ),
    ];
    for (name, text, want, rest) in &cases {
        let p = write(d, name, text);
        let o = daybook(&["check", &p]);
        let out = stdout(&o);
        assert!(
            out.contains(&format!("{p}{want}")),
            "{name}: want {want}\n{out}"
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {out}");
        let days = ok(&["search", rest, "--count", &p]);
        assert_eq!(days.trim(), "1", "{name}: the rest loads");
    }
}

#[test]
fn a_hundred_megabyte_string_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "x".repeat(100 << 20);
    let text = chat(&[
        msg(1, &format!("\"text\": \"{big}\"")),
        msg(2, r#""text": "after the big one""#),
    ]);
    drop(big);
    let p = write(tmp.path(), "big.json", &text);
    drop(text);
    let out = ok(&["days", &p]);
    assert!(out.contains("2 messages  1 speaker"), "{out}");
    let out = ok(&["search", "after the big one", "--count", &p]);
    assert_eq!(out.trim(), "1");
}

/// What a plain walk of an export finds: the messages of every chat, how
/// many of them are service messages, and
/// the distinct names of who wrote them (`from`, or `actor` for service
/// messages; `null` is a deleted account; a message without either is
/// signed by its `author`, else by nobody).
fn walk(v: &serde_json::Value) -> (usize, usize, BTreeSet<String>) {
    let mut chats: Vec<&serde_json::Value> = Vec::new();
    if v.get("messages").is_some() {
        chats.push(v);
    }
    for section in ["chats", "left_chats"] {
        if let Some(list) = v
            .get(section)
            .and_then(|s| s.get("list"))
            .and_then(|l| l.as_array())
        {
            chats.extend(list);
        }
    }
    let mut count = 0;
    let mut service = 0;
    let mut names = BTreeSet::new();
    for c in chats {
        for m in c["messages"].as_array().into_iter().flatten() {
            count += 1;
            service += usize::from(m["type"] == "service");
            let key = if m["type"] == "service" {
                "actor"
            } else {
                "from"
            };
            let name = match m.get(key) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) => "Deleted Account".to_owned(),
                _ => m
                    .get("author")
                    .and_then(|a| a.as_str())
                    .unwrap_or("")
                    .to_owned(),
            };
            names.insert(name);
        }
    }
    (count, service, names)
}

#[test]
fn real_samples_load_with_the_counts_a_plain_walk_finds() {
    let Some(dir) = shared::shared(
        "formats/telegram",
        "real_samples_load_with_the_counts_a_plain_walk_finds",
    ) else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in &files {
        let p = f.display().to_string();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let (messages, service, names) = walk(&v);
        let o = daybook(&["check", "--files", &p]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{p}: {out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "no diagnostic, one line for the file: {out}"
        );
        assert!(
            lines[0].contains(": read as telegram (Telegram): "),
            "{out}"
        );
        assert!(
            lines[0].ends_with(&format!(" {messages} messages")),
            "{p}: {out}"
        );
        let speakers: serde_json::Value =
            serde_json::from_str(&ok(&["speakers", "--json", &p])).unwrap();
        let got: BTreeSet<String> = speakers
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, names, "{p}");
        let stats: serde_json::Value = serde_json::from_str(&ok(&["stats", "--json", &p])).unwrap();
        // Statistics count service messages apart from what people wrote.
        assert_eq!(stats["messages"], messages - service, "{p}");
        assert_eq!(stats["system"], service, "{p}");
        eprintln!("{p}: {messages} messages, {} speakers", names.len());
    }
    // All of them together, beside the reference format's sample.
    let all = ok(&["days", &dir.display().to_string()]);
    assert!(all.lines().count() >= 3, "{all}");
}

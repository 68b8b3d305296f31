//! Hostile Discord exports, made at run time, through the real binary: a
//! file cut short, nesting millions deep, a 100 MB string, values of the
//! wrong type, escape sequences. Each gets a diagnostic with the file and
//! the line or message id, and the rest of the archive loads.

use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stdout};

fn message(id: u32, time: &str, content: &str) -> String {
    format!(
        "    {{\n      \"id\": \"{id}\",\n      \"type\": \"Default\",\n      \"timestamp\": \"2024-05-01T{time}+02:00\",\n      \"content\": {},\n      \"author\": {{ \"id\": \"7\", \"name\": \"ann\", \"nickname\": \"Ann\" }}\n    }}",
        serde_json::to_string(content).unwrap()
    )
}

fn export(channel: &str, messages: &[String]) -> String {
    format!(
        "{{\n  \"guild\": {{ \"id\": \"1\", \"name\": \"G\" }},\n  \"channel\": {{ \"id\": \"{channel}\", \"type\": \"GuildTextChat\", \"name\": \"c{channel}\" }},\n  \"messages\": [\n{}\n  ],\n  \"messageCount\": {}\n}}\n",
        messages.join(",\n"),
        messages.len()
    )
}

fn write(dir: &Path, name: &str, text: &[u8]) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn hostile_exports_are_said_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = export(
        "10",
        &[
            message(1, "10:00:00", "hello"),
            message(2, "10:05:00", "world"),
        ],
    );
    write(dir, "good.json", good.as_bytes());
    // Cut short in the middle of its second message.
    let cut = export(
        "11",
        &[
            message(1, "10:00:00", "kept"),
            message(2, "10:05:00", "lost"),
        ],
    );
    write(
        dir,
        "cut.json",
        &cut.as_bytes()[..cut.find("lost").unwrap()],
    );
    // Nested five million deep where a message belongs, and left open.
    let deep = export(
        "12",
        &[
            message(1, "10:00:00", "before"),
            "[".repeat(5_000_000) + &"]".repeat(5_000_000),
            message(3, "10:05:00", "after"),
        ],
    );
    write(dir, "deep.json", deep.as_bytes());
    let open = export("13", &[message(1, "10:00:00", "first")]).replace(
        "\"messageCount\"",
        &format!("\"x\": {}", "{\"a\": [".repeat(1_000_000)),
    );
    write(dir, "open.json", open.as_bytes());
    // Wrong types, and an escape sequence.
    let odd = export(
        "14",
        &[
            message(1, "10:00:00", "x").replace("\"content\": \"x\"", "\"content\": [1, 2]"),
            message(2, "10:01:00", "clear \u{1b}[2J now"),
        ],
    );
    write(dir, "odd.json", odd.as_bytes());
    let d = dir.display().to_string();
    let out = stdout(&daybook(&["check", "--files", &d]));
    for want in [
        format!(
            "{d}/cut.json:16: warning: the file ends in the middle of message 2 (cut short?); the message before it is read"
        ),
        format!("{d}/cut.json: read as discord (Discord): 1 day, 1 message"),
        format!("{d}/deep.json:12: warning: not a message object; skipped"),
        format!("{d}/deep.json: read as discord (Discord): 1 day, 2 messages"),
        format!(
            "{d}/open.json:14: warning: the file ends in the middle of `x` (cut short?); the message before it is read"
        ),
        format!("{d}/open.json: read as discord (Discord): 1 day, 1 message"),
        format!("{d}/odd.json:5: warning: message 1: `content` is a list: ignored"),
        format!(
            "{d}/odd.json:12: warning: message 2: escape sequences or control characters (shown as visible symbols, never sent to the terminal)"
        ),
        format!("{d}/odd.json: read as discord (Discord): 1 day, 2 messages"),
        format!("{d}/good.json: read as discord (Discord): 1 day, 2 messages"),
    ] {
        assert!(out.lines().any(|l| l == want), "{want}\nnot in\n{out}");
    }
    let o = daybook(&["show", "2024-05-01", "--channel", "G / #c14", &d]);
    let shown = stdout(&o);
    assert!(shown.contains("clear ␛[2J now"), "{shown}");
    assert!(!shown.contains('\u{1b}'));
}

#[test]
fn a_100_mb_string_loads_and_is_searched() {
    let tmp = tempfile::tempdir().unwrap();
    let huge = "na".repeat(50_000_000) + " batman";
    let text = export(
        "20",
        &[
            message(1, "10:00:00", &huge),
            message(2, "10:01:00", "after the huge one"),
        ],
    );
    drop(huge);
    write(tmp.path(), "huge.json", text.as_bytes());
    drop(text);
    let d = tmp.path().display().to_string();
    let out = stdout(&daybook(&["check", "--files", &d]));
    assert_eq!(
        out,
        format!("{d}/huge.json: read as discord (Discord): 1 day, 2 messages\n")
    );
    let out = stdout(&daybook(&["search", "batman", "--count", &d]));
    assert_eq!(out.trim(), "1");
}

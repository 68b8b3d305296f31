//! Hostile IRC logs, made at run time: a log of one 50 MB line, 50 MB of
//! one line that is not IRC, binary junk (a whole file, and lines inside a
//! log), a log of only system lines, impossible times and dates, escape
//! sequences in nicks and text. Each gets a diagnostic with its file and
//! line, the rest loads, nothing reaches stdout raw, and time and memory
//! stay bounded.

#[path = "support/process.rs"]
mod process;

use process::{assert_within_three_times as assert_bounded, daybook_clean as daybook};

#[test]
fn hostile_logs_get_diagnostics_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();

    // One line of 50 MB after a time and a nick, then a normal line.
    let unit = "长消息 with words, \x02bold\x02 and \x1b[2J escapes ";
    let mut huge = String::from("[10:00:00] <big> ");
    while huge.len() < 50 << 20 {
        huge.push_str(unit);
    }
    let huge_len = huge.len();
    huge.push_str("\n[10:01:00] <small> after the flood\n");
    w("#flood_20200101.log", huge.as_bytes());
    // 50 MB of one line that is not IRC, named as a log.
    w("#noise_20200101.log", "x".repeat(50 << 20).as_bytes());
    // A whole file of binary junk, and junk lines inside a good log.
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| {
            if i % 9 == 0 {
                0
            } else {
                (i * 7919 % 251) as u8
            }
        })
        .collect();
    w("#binary_20200101.log", &junk);
    let mut mixed = b"[09:00:00] <ann> before the junk\n".to_vec();
    mixed.extend_from_slice(&junk[1..9]);
    mixed.extend_from_slice(&junk[10..18]);
    mixed.extend_from_slice(b"\n[09:05:00] <ann> after the junk\n");
    w("#mixed_20200101.log", &mixed);
    // Only system lines.
    w(
        "#quiet_20200101.log",
        b"[00:00:01] *** Joins: a (a@h)\n[00:00:02] *** Quits: a (a@h) (bye)\n",
    );
    // Impossible times and dates, escapes in a nick and a text.
    w(
        "times.log",
        "[2020-01-01 10:00:00] <ok> fine\n\
         [2020-02-30 10:00:00] <ok> no such day\n\
         [2020-01-01 25:61:99] <late\u{1b}[31m> red nick\n\
         [2020-01-01 99:99:99] <ok> \u{1b}]0;title\u{7}\n"
            .as_bytes(),
    );
    let input = huge.len() + (50 << 20) + junk.len() + mixed.len();

    let r = daybook(dir, &["check", "."]);
    assert_bounded(&r, &["check"], input);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let lines: Vec<String> = r.stdout_text().lines().map(str::to_owned).collect();
    let has = |line: &str| lines.iter().any(|l| l == line);
    let report = lines.join("\n");
    assert!(
        has(&format!(
            "./#flood_20200101.log:1: warning: a line of {huge_len} bytes, far longer than IRC allows (512): only its first MiB is read"
        )),
        "{report}"
    );
    assert!(
        has(
            "./#flood_20200101.log:1: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)"
        ),
        "{report}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("./#binary_20200101.log:1: ") && l.contains("binary")),
        "{report}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("./#noise_20200101.log:1: ")),
        "{report}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("./#mixed_20200101.log:2: warning: ")),
        "{report}"
    );
    assert!(
        has(
            "./times.log:2: warning: impossible date \"[2020-02-30 10:00:00]\": read as 2020-01-01, the date of the line before"
        ),
        "{report}"
    );
    assert!(
        has("./times.log:3: warning: impossible time \"[2020-01-01 25:61:99]\": shown as ??:??:??"),
        "{report}"
    );
    assert!(
        has(
            "./times.log:3: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)"
        ),
        "{report}"
    );

    // The rest loads: every log's good lines are there.
    let r = daybook(dir, &["days", "--json", "."]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let days: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let count = |channel: &str| -> u64 {
        days.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["channel"] == channel)
            .map(|d| d["messages"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(count("#flood"), 2);
    assert_eq!(count("#mixed"), 2);
    assert_eq!(count("#quiet"), 2);
    assert_eq!(count("times"), 4);
    let r = daybook(dir, &["search", "--count", "after the", "."]);
    assert_eq!(r.stdout_text().trim(), "2");
    let r = daybook(dir, &["search", "--count", "is:system", "."]);
    assert_eq!(r.stdout_text().trim(), "2");
    let r = daybook(dir, &["show", "2020-01-01", "times.log"]);
    let shown = r.stdout_text();
    assert!(shown.contains("??:??:??"), "{shown}");

    // Forced, the noise is one error, not a line each.
    let r = daybook(
        dir,
        &["check", "--input-format", "irc", "#noise_20200101.log"],
    );
    assert_eq!(
        r.stdout_text(),
        "#noise_20200101.log:1: error: no IRC log lines (a time, then a message or an event): not read as IRC\n"
    );
    // The huge body keeps its first MiB, cut on a character boundary.
    let r = daybook(
        dir,
        &["search", "--json", "from:big", "#flood_20200101.log"],
    );
    let hit: serde_json::Value =
        serde_json::from_str(r.stdout_text().lines().next().unwrap()).unwrap();
    let body = hit["body"].as_str().unwrap();
    assert!(
        body.len() <= 1 << 20 && body.len() > (1 << 20) - 64,
        "{}",
        body.len()
    );
}

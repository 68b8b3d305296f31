//! Hostile WhatsApp files, made at run time: a file of one 50 MB line, a
//! file of only continuation lines, impossible dates and times, escape
//! sequences in names and bodies. Each gets a diagnostic with its file and
//! line, the rest of the archive loads, nothing reaches stdout raw, and
//! time and memory stay bounded.

#[path = "support/process.rs"]
mod process;

use process::{assert_within_three_times as assert_bounded, daybook_clean as daybook};

#[test]
fn hostile_files_get_diagnostics_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();

    // One line of 50 MB: a header and a body no phone can send.
    let unit = "长消息 with English words and \u{1b}[2J escapes ";
    let mut huge = String::from("20/4/21, 10:00 - Big: ");
    while huge.len() < 50 << 20 {
        huge.push_str(unit);
    }
    let huge_len = huge.len() - "20/4/21, 10:00 - Big: ".len();
    huge.push_str("\n20/4/21, 10:01 - Small: after the flood\n");
    w("WhatsApp Chat with Big.txt", huge.as_bytes());
    // One line of 50 MB without a header, named as a chat.
    w(
        "WhatsApp Chat with Noise.txt",
        "x".repeat(50 << 20).as_bytes(),
    );
    // Only continuation lines.
    w(
        "WhatsApp Chat with Nobody.txt",
        b"no header here\njust lines\n\xe2\x80\x8e and more\n",
    );
    // Impossible dates and times, an escape in a name.
    w(
        "WhatsApp Chat with Dates.txt",
        "20/4/21, 10:00 - Ann: ok\n31/2/21, 10:00 - Ann: no such day\n20/4/21, 25:99 - Bob\u{1b}[31m: late\n32/13/21, 10:00 - Ann: nor this\n"
            .as_bytes(),
    );
    // A good chat beside them.
    w(
        "WhatsApp Chat with Good.txt",
        b"20/4/21, 09:00 - Cy: good morning\n",
    );
    let input = huge.len() + (50 << 20);

    let r = daybook(dir, &["check", "."]);
    assert_bounded(&r, &["check"], input);
    assert_eq!(r.code, Some(1), "{}", r.stderr_text());
    let lines: Vec<String> = r.stdout_text().lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        vec![
            format!(
                "./WhatsApp Chat with Big.txt:1: warning: a message of {huge_len} bytes, more than a WhatsApp message can hold; only its first 1048576 bytes are kept"
            ),
            "./WhatsApp Chat with Big.txt:1: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)".to_owned(),
            "./WhatsApp Chat with Dates.txt:2: warning: impossible date 31/2/21 (this file writes the day first); read as text of the message before".to_owned(),
            "./WhatsApp Chat with Dates.txt:3: warning: impossible time 25:99; shown as ??:??:??".to_owned(),
            "./WhatsApp Chat with Dates.txt:3: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)".to_owned(),
            "./WhatsApp Chat with Dates.txt:4: warning: impossible date 32/13/21 (this file writes the day first); read as text of the message before".to_owned(),
            "./WhatsApp Chat with Nobody.txt:1: error: no WhatsApp message header in this file (`DATE, TIME - NAME: TEXT` or `[DATE, TIME] NAME: TEXT`); not read".to_owned(),
            "./WhatsApp Chat with Noise.txt:1: error: no WhatsApp message header in this file (`DATE, TIME - NAME: TEXT` or `[DATE, TIME] NAME: TEXT`); not read".to_owned(),
        ]
    );

    let r = daybook(dir, &["days", "."]);
    assert_bounded(&r, &["days"], input);
    assert_eq!(
        r.stdout_text(),
        "2021-04-20  Tue  Big    2 messages  2 speakers\n\
         2021-04-20  Tue  Dates  2 messages  2 speakers\n\
         2021-04-20  Tue  Good   1 message   1 speaker\n"
    );
    assert!(
        r.stderr_text()
            .contains("2 files could not be read as days"),
        "{}",
        r.stderr_text()
    );

    let r = daybook(dir, &["search", "after the flood", "."]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    assert_eq!(
        r.stdout_text(),
        "2021-04-20 10:01:00  Big  Small: after the flood\n"
    );
    let r = daybook(
        dir,
        &[
            "show",
            "2021-04-20",
            "--channel",
            "Big",
            "--width",
            "80",
            ".",
        ],
    );
    assert_bounded(&r, &["show"], input);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let out = r.stdout_text();
    assert!(out.lines().all(|l| daybook::text::width(l) <= 80));
    assert!(
        out.ends_with("after the flood\n"),
        "{}",
        &out[out.len() - 200..]
    );
    let r = daybook(
        dir,
        &["show", "2021-04-20", "--channel", "Dates", "--json", "."],
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(
        v["messages"][0]["body"],
        "ok\n31/2/21, 10:00 - Ann: no such day"
    );
    assert_eq!(v["messages"][1]["time"], "??:??:??");
    assert_eq!(v["messages"][1]["speaker"], "Bob␛[31m");
}

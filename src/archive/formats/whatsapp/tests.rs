//! The parser on small texts: what becomes a message, the layout and date
//! order a file keeps, what is reported, and detection.

use std::path::Path;

use super::*;
use crate::archive::formats::{self, Parsed, Probe};
use crate::model::{Severity, Zone};

fn parse_as(name: &str, folder: &str, text: &str) -> Parsed {
    let path = Path::new(folder).join(name);
    let ctx = ParseContext {
        path: &path,
        folder: Path::new(folder),
        zone: Zone::Local,
    };
    FORMAT.parse(text.as_bytes(), &ctx)
}

fn parse(text: &str) -> Parsed {
    parse_as("chat.txt", "export", text)
}

/// Each message as `date time [kind] speaker: body`.
fn lines_of(p: &Parsed) -> Vec<String> {
    let mut out = Vec::new();
    for d in &p.days {
        for m in &d.messages {
            let kind = match m.kind {
                MessageKind::System => "[system] ",
                MessageKind::Action => "[action] ",
                MessageKind::Message => "",
            };
            out.push(format!(
                "{} {} {kind}{}: {}",
                d.date,
                m.time,
                &p.speakers[m.speaker.index()],
                d.body(m)
            ));
        }
    }
    out
}

fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn continuation_lines_system_lines_and_names() {
    let p = parse(
        "1/2/20, 10:00 - Ann: first\nsecond line\n\n  indented 12/9/20, 23:55 - X: y\n\
         1/2/20, 10:01 - Bob created group \"Lunch: daily\"\n\
         1/2/20, 10:02 - Bob: time is 10:30 - ok\n\
         1/2/20, 10:03 - \u{200e}~\u{202f}Cleo\u{a0}Lu: hi\n\n\n",
    );
    assert_eq!(
        lines_of(&p),
        vec![
            "2020-01-02 10:00:00 Ann: first\nsecond line\n\n  indented 12/9/20, 23:55 - X: y",
            "2020-01-02 10:01:00 [system] : Bob created group \"Lunch: daily\"",
            "2020-01-02 10:02:00 Bob: time is 10:30 - ok",
            "2020-01-02 10:03:00 Cleo Lu: hi",
        ]
    );
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    assert_eq!(p.chats[0].name.as_deref(), Some("chat"));
    assert_eq!(p.days[0].messages[1].line, 5);
}

#[test]
fn a_file_keeps_one_layout() {
    // An iOS line pasted into an Android chat is text of the message.
    let p = parse(
        "1/2/20, 10:00 - Ann: look what she sent\n[1/2/20, 09:59:00] Zoe: hello\n1/2/20, 10:01 - Bob: ok\n",
    );
    assert_eq!(
        lines_of(&p),
        vec![
            "2020-01-02 10:00:00 Ann: look what she sent\n[1/2/20, 09:59:00] Zoe: hello",
            "2020-01-02 10:01:00 Bob: ok",
        ]
    );
}

#[test]
fn the_file_decides_the_order_of_day_and_month() {
    // 3/4 alone would be 4 March (month first); 20/4 says day first.
    let p = parse("3/4/21, 10:00 - A: x\n20/4/21, 10:00 - A: y\n");
    let dates: Vec<String> = p.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2021-04-03", "2021-04-20"]);
    let p = parse("3/4/21, 10:00 - A: x\n4/20/21, 10:00 - A: y\n");
    let dates: Vec<String> = p.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2021-03-04", "2021-04-20"]);
}

#[test]
fn impossible_dates_and_times_are_reported_and_kept() {
    let p =
        parse("20/4/21, 10:00 - A: x\n31/2/21, 10:00 - A: not a day\n21/4/21, 25:61 - B: late\n");
    assert_eq!(
        lines_of(&p),
        vec![
            "2021-04-20 10:00:00 A: x\n31/2/21, 10:00 - A: not a day",
            "2021-04-21 ??:??:?? B: late",
        ]
    );
    assert_eq!(
        diags(&p),
        vec![
            "export/chat.txt:2: warning: impossible date 31/2/21 (this file writes the day first); read as text of the message before",
            "export/chat.txt:3: warning: impossible time 25:61; shown as ??:??:??",
        ]
    );
}

#[test]
fn many_impossible_dates_are_summed_up() {
    let mut text = String::from("20/4/21, 10:00 - A: x\n");
    for _ in 0..25 {
        text.push_str("31/2/21, 10:00 - A: no\n");
    }
    let p = parse(&text);
    let d = diags(&p);
    assert_eq!(d.len(), 11, "{d:#?}");
    assert_eq!(
        d[10],
        "export/chat.txt:12: warning: 15 more lines from here on with impossible dates"
    );
}

#[test]
fn lines_before_the_first_header_and_files_without_one() {
    let p = parse("stray\nlines\n20/4/21, 10:00 - A: x\n");
    assert_eq!(lines_of(&p), vec!["2021-04-20 10:00:00 A: x"]);
    assert_eq!(
        diags(&p),
        vec![
            "export/chat.txt:1: warning: 2 lines before the first message header belong to no message; skipped"
        ]
    );
    let p = parse("only\ncontinuation\nlines\n");
    assert!(p.days.is_empty());
    assert_eq!(p.diagnostics[0].severity, Severity::Error);
    assert!(diags(&p)[0].contains("no WhatsApp message header"));
    let p = parse("");
    assert!(p.days.is_empty());
    assert_eq!(p.diagnostics.len(), 1);
    // Headers, none with a possible date.
    let p = parse("note\n31/2/21, 10:00 - A: x\n30/2/21, 10:00 - A: y\n");
    assert!(p.days.is_empty());
    assert_eq!(
        diags(&p),
        vec![
            "export/chat.txt:1: error: no WhatsApp message header with a possible date in this file; not read"
        ]
    );
    // Impossible dates before the first message are lines of no message.
    let p = parse("31/2/21, 10:00 - A: x\n20/4/21, 10:00 - A: y\n");
    assert_eq!(lines_of(&p), vec!["2021-04-20 10:00:00 A: y"]);
    assert_eq!(
        diags(&p),
        vec![
            "export/chat.txt:1: warning: 1 line before the first message header belongs to no message; skipped"
        ]
    );
}

#[test]
fn huge_messages_are_cut_with_a_warning() {
    let long = "长".repeat(MAX_MESSAGE_BYTES / 3 + 10);
    let p = parse(&format!(
        "20/4/21, 10:00 - A: {long}\n20/4/21, 10:01 - B: after\n"
    ));
    let d = &p.days[0];
    let body = d.body(&d.messages[0]);
    assert!(body.len() <= MAX_MESSAGE_BYTES && body.len() > MAX_MESSAGE_BYTES - 3);
    assert_eq!(d.body(&d.messages[1]), "after");
    assert_eq!(
        diags(&p),
        vec![format!(
            "export/chat.txt:1: warning: a message of {} bytes, more than a WhatsApp message can hold; only its first {MAX_MESSAGE_BYTES} bytes are kept",
            long.len()
        )]
    );
}

#[test]
fn long_multi_line_messages_are_cut_too_but_not_for_blank_lines() {
    let line = "0123456789abcdef".repeat(64);
    let many = format!("{line}\r\n").repeat(MAX_MESSAGE_BYTES / line.len() + 8);
    let p = parse(&format!(
        "20/4/21, 10:00 - A: start\r\n{many}20/4/21, 10:01 - B: after\r\n"
    ));
    let d = &p.days[0];
    let body = d.body(&d.messages[0]);
    assert!(body.len() <= MAX_MESSAGE_BYTES && body.starts_with("start\n0123"));
    assert!(!body.contains('\r'));
    assert_eq!(d.body(&d.messages[1]), "after");
    assert_eq!(p.diagnostics.len(), 1);
    assert!(diags(&p)[0].starts_with("export/chat.txt:1: warning: a message of "));
    // A message followed by a megabyte of blank lines is not cut.
    let blank = "\n".repeat(MAX_MESSAGE_BYTES + 10);
    let p = parse(&format!(
        "20/4/21, 10:00 - A: short{blank}20/4/21, 10:01 - B: after\n"
    ));
    assert_eq!(lines_of(&p)[0], "2021-04-20 10:00:00 A: short");
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
}

#[test]
fn bom_crlf_and_marks() {
    let p = parse(
        "\u{feff}\u{200e}[1/2/20, 10:00:00] Ann: one\r\ntwo\r\n\u{200e}[1/2/20, 10:00:05] Bob: \u{200e}image omitted\r\n",
    );
    assert_eq!(
        lines_of(&p),
        vec![
            "2020-01-02 10:00:00 Ann: one\ntwo",
            "2020-01-02 10:00:05 Bob: "
        ]
    );
    assert_eq!(p.days[0].attachments(1)[0].kind, AttachmentKind::Image);
}

#[test]
fn kinds_flags_attachments_and_styles() {
    let p = parse(
        "[1/2/20, 10:00:00] Grp: \u{200e}Ann added Bob\n\
         [1/2/20, 10:00:01] Ann: \u{200e}This message was deleted.\n\
         [1/2/20, 10:00:02] Ann: *fixed* it \u{200e}<This message was edited>\n\
         [1/2/20, 10:00:03] Ann: \u{200e}<attached: 00000001-PHOTO-2020-01-02-10-00-03.jpg>\n",
    );
    let d = &p.days[0];
    let m = &d.messages;
    assert_eq!(m[0].kind, MessageKind::System);
    assert_eq!(&p.speakers[m[0].speaker.index()], "Grp");
    assert!(m[1].flags.has(Flags::DELETED));
    assert_eq!(d.body(&m[1]), "This message was deleted.");
    assert!(m[2].flags.has(Flags::EDITED));
    assert_eq!(d.body(&m[2]), "fixed it");
    assert_eq!(d.str(d.styles(2)[0].range), "fixed");
    let a = d.attachments(3)[0];
    assert_eq!(
        (a.kind, d.str(a.target)),
        (
            AttachmentKind::Image,
            "00000001-PHOTO-2020-01-02-10-00-03.jpg"
        )
    );
}

#[test]
fn names_of_chats() {
    let p = parse_as("WhatsApp Chat with Ann.txt", "x", "1/2/20, 10:00 - A: x\n");
    assert_eq!(p.chats[0].name.as_deref(), Some("Ann"));
    let p = parse_as(
        "_chat.txt",
        "dl/WhatsApp Chat - Trip.zip",
        "[1/2/20, 10:00:00] A: x\n",
    );
    assert_eq!(p.chats[0].name.as_deref(), Some("Trip"));
    assert_eq!(p.chats[0].key, "dl/WhatsApp Chat - Trip.zip/_chat.txt");
}

fn detect(name: &str, head: &str) -> Option<Confidence> {
    FORMAT.detect(&Probe::new(Path::new(name), head.as_bytes()))
}

#[test]
fn detection_by_name_and_content() {
    let android = "20/4/21, 10:00 - A: x\n20/4/21, 10:01 - B: y\n";
    assert_eq!(detect("a.txt", android), Some(Confidence::Content));
    assert_eq!(
        detect("WhatsApp Chat with A.txt", android),
        Some(Confidence::Certain)
    );
    assert_eq!(
        detect("WhatsApp Chat with A.txt", "hello"),
        Some(Confidence::Name)
    );
    assert_eq!(
        detect("WhatsApp Chat with A.txt", ""),
        Some(Confidence::Name)
    );
    assert_eq!(detect("_chat.txt", ""), Some(Confidence::Name));
    assert_eq!(detect("a.txt", ""), None);
    assert_eq!(detect("a.md", android), None);
    // One header alone is enough only when the file ends there.
    assert_eq!(
        detect("a.txt", "[1/2/20, 10:00:00] A: x\n"),
        Some(Confidence::Content)
    );
    assert_eq!(detect("a.txt", "20/4/21 10:00 A: x\n"), None);
    assert_eq!(
        detect("a.txt", "20/4/21 10:00 A: x\n20/4/21 10:01 B: y\n"),
        Some(Confidence::Content)
    );
    // The first line decides: a date later in a text file is not a chat.
    assert_eq!(
        detect(
            "a.txt",
            "notes\n20/4/21, 10:00 - A: x\n20/4/21, 10:01 - B: y\n"
        ),
        None
    );
    // signal-export's layout: ISO dates without seconds in brackets.
    assert_eq!(
        detect(
            "a.txt",
            "[2019-12-24, 12:23] Jane: hi\n[2020-01-17, 21:49] John: yo\n"
        ),
        None
    );
    // Other formats' first lines.
    for head in [
        "---\ndate: 2018-01-22\n---\n> 06:47:30  A  \n",
        "[00:11:46] *** Joins: x\n[00:12:18] *** Quits: y\n",
        "2018-01-22 10:00:00\tnick\thi\n2018-01-22 10:00:01\tnick\tho\n",
        "--- Log opened Mon Jan 22 10:00:00 2018\n",
        "{\"name\": \"x\", \"messages\": []}\n",
    ] {
        assert_eq!(detect("log.txt", head), None, "{head:?}");
    }
}

#[test]
fn the_registry_prefers_whatsapp_for_its_files_only() {
    let probe_of = |name: &'static str, head: &'static str| {
        formats::detect(&Probe::new(Path::new(name), head.as_bytes()), None).map(|(f, _)| f.name())
    };
    assert_eq!(
        probe_of("x.txt", "20/4/21, 10:00 - A: x\n20/4/21, 10:01 - B: y\n"),
        Some("whatsapp")
    );
    assert_eq!(probe_of("WhatsApp Chat with A.txt", ""), Some("whatsapp"));
    assert_eq!(probe_of("notes.txt", "just notes\n"), Some("jekyll"));
    assert_eq!(
        probe_of(
            "2018-01-22-chat.markdown",
            "---\ndate: 2018-01-22\n---\n> 06:47:30  A  \n"
        ),
        Some("jekyll")
    );
}

#[test]
fn split_names() {
    assert_eq!(split_name("Ann: hi"), (Some("Ann"), "hi"));
    assert_eq!(split_name("Ann:"), (Some("Ann"), ""));
    assert_eq!(split_name("Ann: \u{200e}x"), (Some("Ann"), "\u{200e}x"));
    assert_eq!(split_name("Dr. No: a: b"), (Some("Dr. No"), "a: b"));
    assert_eq!(split_name("Ann:."), (None, "Ann:."));
    assert_eq!(split_name("at 10:30 we left"), (None, "at 10:30 we left"));
    assert_eq!(
        split_name("X changed the subject to \"a: b\""),
        (None, "X changed the subject to \"a: b\"")
    );
    assert_eq!(split_name("Bo \"B\" Li: hi"), (Some("Bo \"B\" Li"), "hi"));
    assert_eq!(split_name("\u{200e}: hi"), (None, "\u{200e}: hi"));
}

#[test]
fn combining_marks_on_both_sides_of_a_style_mark_stay_within_four() {
    // The bold text and what follows are appended as two pieces: the marks
    // after `*` land on the same `a` as those inside, and only four stay.
    let four = "\u{301}".repeat(4);
    let p = parse(&format!("12/03/2021, 10:00 - Ann: *a{four}*{four}\n"));
    let d = &p.days[0];
    let body = d.body(&d.messages[0]);
    assert_eq!(body, format!("a{four}"));
    assert!(crate::text::is_clean(body));
}

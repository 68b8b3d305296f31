use std::path::Path;

use super::*;
use crate::model::Severity;

/// What a parse gave, flat: date, time, speaker, kind, body, line.
type Row = (String, String, String, MessageKind, String, u32);

fn parse_as(path: &str, text: &[u8], zone: Zone) -> Parsed {
    let path = Path::new(path);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone,
    };
    FORMAT.parse(text, &ctx)
}

fn rows(p: &Parsed) -> Vec<Row> {
    let mut out = Vec::new();
    for d in &p.days {
        for m in &d.messages {
            out.push((
                d.date.to_string(),
                m.time.to_string(),
                p.speakers[m.speaker.index()].to_owned(),
                m.kind,
                d.body(m).to_owned(),
                m.line,
            ));
        }
    }
    out
}

fn row(date: &str, time: &str, who: &str, kind: MessageKind, body: &str, line: u32) -> Row {
    (
        date.into(),
        time.into(),
        who.into(),
        kind,
        body.into(),
        line,
    )
}

fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

const M: MessageKind = MessageKind::Message;
const A: MessageKind = MessageKind::Action;
const S: MessageKind = MessageKind::System;

fn utc() -> Zone {
    Zone::Fixed(FixedOffset::east_opt(0).unwrap())
}

#[test]
fn znc_day_file_takes_its_date_from_the_name() {
    let p = parse_as(
        "logs/libera/#rust/2022-03-01.log",
        b"[09:00:01] *** Joins: ana (~ana@host.example)\n\
          [09:00:05] <@ana> morning all\n\
          [09:01:00] * ana waves\n\
          [09:02:00] *** Quits: bo (~bo@h) (Ping timeout: 240 seconds)\n\
          [09:03:00] -NickServ- you are identified\n\
          [09:04:00] *** ana is now known as ana_away\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats.len(), 1);
    assert_eq!(p.chats[0].name.as_deref(), Some("#rust"));
    assert_eq!(p.chats[0].app, "IRC");
    let d = "2022-03-01";
    assert_eq!(
        rows(&p),
        vec![
            row(d, "09:00:01", "ana", S, "joined", 1),
            row(d, "09:00:05", "ana", M, "morning all", 2),
            row(d, "09:01:00", "ana", A, "waves", 3),
            row(
                d,
                "09:02:00",
                "bo",
                S,
                "quit (Ping timeout: 240 seconds)",
                4
            ),
            row(d, "09:03:00", "NickServ", M, "you are identified", 5),
            row(d, "09:04:00", "ana", S, "is now known as ana_away", 6),
        ]
    );
}

#[test]
fn irssi_growing_log_follows_its_day_markers() {
    let p = parse_as(
        "irclogs/libera/#rust.log",
        b"--- Log opened Mon Jan 22 10:00:00 2018\n\
          10:00 -!- ana [ana@h] has joined #rust\n\
          10:01 <@ana> hi\n\
          23:59  * ana yawns\n\
          --- Day changed Tue Jan 23 2018\n\
          00:01 < bo> late\n\
          00:02 -!- mode/#rust [+o bo] by ana\n\
          --- Log closed Tue Jan 23 00:05:00 2018\n\
          --- Log opened Thu Jan 25 08:00:00 2018\n\
          08:00 <+cy> back\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("#rust"));
    assert_eq!(
        rows(&p),
        vec![
            row("2018-01-22", "10:00:00", "ana", S, "joined #rust", 2),
            row("2018-01-22", "10:01:00", "ana", M, "hi", 3),
            row("2018-01-22", "23:59:00", "ana", A, "yawns", 4),
            row("2018-01-23", "00:01:00", "bo", M, "late", 6),
            row("2018-01-23", "00:02:00", "ana", S, "sets mode +o bo", 7),
            row("2018-01-25", "08:00:00", "cy", M, "back", 10),
        ]
    );
    assert_eq!(p.days.len(), 3);
}

#[test]
fn weechat_lines_carry_their_dates() {
    let p = parse_as(
        "logs/irc.libera.#rust.weechatlog",
        "2018-01-22 10:00:00\t-->\tana (~a@h) has joined #rust\n\
         2018-01-22 10:00:03\t@ana\tbonjour 🎉\n\
         2018-01-22 10:00:09\t *\tana waves\n\
         2018-01-23 00:00:01\t<--\tbo (~b@h) has quit (Remote host closed the connection)\n\
         2018-01-23 00:00:02\t--\tbo is now known as bob\n\
         2018-01-23 00:00:03\t--\tNotice(NickServ): hello\n"
            .as_bytes(),
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("#rust"));
    assert_eq!(
        rows(&p),
        vec![
            row("2018-01-22", "10:00:00", "ana", S, "joined #rust", 1),
            row("2018-01-22", "10:00:03", "ana", M, "bonjour 🎉", 2),
            row("2018-01-22", "10:00:09", "ana", A, "waves", 3),
            row(
                "2018-01-23",
                "00:00:01",
                "bo",
                S,
                "quit (Remote host closed the connection)",
                4
            ),
            row("2018-01-23", "00:00:02", "bo", S, "is now known as bob", 5),
            row("2018-01-23", "00:00:03", "NickServ", M, "hello", 6),
        ]
    );
}

#[test]
fn hexchat_lines_take_the_year_from_the_logging_marker() {
    let p = parse_as(
        "hexchat/libera/#chan.log",
        b"**** BEGIN LOGGING AT Sun Dec 31 23:00:00 2017\n\
          Dec 31 23:59:00 <ana>\thappy new year soon\n\
          Dec 31 23:59:30 *\tbo (~b@h) has joined #chan\n\
          Jan 01 00:00:10 *\tana dances\n\
          **** ENDING LOGGING AT Mon Jan  1 00:10:00 2018\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(
        rows(&p),
        vec![
            row("2017-12-31", "23:59:00", "ana", M, "happy new year soon", 2),
            row("2017-12-31", "23:59:30", "bo", S, "joined #chan", 3),
            row("2018-01-01", "00:00:10", "ana", A, "dances", 4),
        ]
    );
}

#[test]
fn textual_times_carry_an_offset_and_follow_the_readers_zone() {
    let text = "[2021-04-22T23:30:00+0200] <ana> late\n\
                [2021-04-22T23:31:00+0200] \u{2022} ana: yawns\n\
                [2021-04-23T00:10:00+0200] bo (~b@h) joined the channel\n\
                [2021-04-23T00:11:00+0200] ana kicked bo from the channel (spam)\n";
    let p = parse_as("Textual/#chan/2021-04-22.txt", text.as_bytes(), utc());
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("#chan"));
    assert_eq!(
        rows(&p),
        vec![
            row("2021-04-22", "21:30:00", "ana", M, "late", 1),
            row("2021-04-22", "21:31:00", "ana", A, "yawns", 2),
            row("2021-04-22", "22:10:00", "bo", S, "joined", 3),
            row("2021-04-22", "22:11:00", "ana", S, "kicked bo (spam)", 4),
        ]
    );
    let tokyo = Zone::parse("Asia/Tokyo").unwrap();
    let p = parse_as("Textual/#chan/2021-04-22.txt", text.as_bytes(), tokyo);
    let r = rows(&p);
    assert_eq!(
        (r[0].0.as_str(), r[0].1.as_str()),
        ("2021-04-23", "06:30:00")
    );
}

#[test]
fn supybot_dircproxy_and_mirc() {
    let p = parse_as(
        "logs/#pov.2005-01-09.log",
        b"2005-01-09T02:05:04  <Aiste> ayt?\n\
          2005-01-09T02:28:24  * mgedmin tried it\n\
          2005-01-09T04:25:33  *** mgedmin has quit IRC\n",
        utc(),
    );
    assert_eq!(p.chats[0].name.as_deref(), Some("#pov"));
    assert_eq!(
        rows(&p),
        vec![
            row("2005-01-09", "02:05:04", "Aiste", M, "ayt?", 1),
            row("2005-01-09", "02:28:24", "mgedmin", A, "tried it", 2),
            row("2005-01-09", "04:25:33", "mgedmin", S, "quit", 3),
        ]
    );
    let p = parse_as(
        "proxy/2009-01-14-dircproxy.log",
        b"[14 Jan 10:36] --> js (n=u@host) joined the channel\n\
          [14 Jan 11:32] *** You disconnected\n\
          [14 Jan 12:36] <nb!n=nb@host.net> -seen line\n\
          [14 Jan 12:37] <js!n=js@1.2.3.4> +unseen line\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(
        rows(&p),
        vec![
            row("2009-01-14", "10:36:00", "js", S, "joined", 1),
            row("2009-01-14", "11:32:00", "", S, "You disconnected", 2),
            row("2009-01-14", "12:36:00", "nb", M, "seen line", 3),
            row("2009-01-14", "12:37:00", "js", M, "unseen line", 4),
        ]
    );
    let p = parse_as(
        "mirc/#chan.libera.log",
        b"Session Start: Fri Dec 31 22:00:00 2021\r\n\
          Session Ident: #chan\r\n\
          [22:00] * Now talking in #chan\r\n\
          [22:01] * ana (ana@host) has joined #chan\r\n\
          [22:02] <ana> hello\r\n\
          [22:03] * ana (ana@host) Quit (Leaving)\r\n\
          Session Close: Fri Dec 31 22:10:00 2021\r\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    assert_eq!(p.chats[0].name.as_deref(), Some("#chan"));
    assert_eq!(
        rows(&p),
        vec![
            row("2021-12-31", "22:00:00", "", S, "Now talking in #chan", 3),
            row("2021-12-31", "22:01:00", "ana", S, "joined #chan", 4),
            row("2021-12-31", "22:02:00", "ana", M, "hello", 5),
            row("2021-12-31", "22:03:00", "ana", S, "quit (Leaving)", 6),
        ]
    );
}

#[test]
fn a_midnight_rollover_without_a_marker_is_the_next_day_with_a_note() {
    let p = parse_as(
        "znc/#c_20200101.log",
        b"[22:00:00] <a> one\n\
          [23:59:00] <a> two\n\
          [00:01:00] <b> three\n\
          [00:00:30] <b> a little back is the same day\n\
          [23:00:00] <a> four\n\
          [01:00:00] <a> five\n",
        utc(),
    );
    let dates: Vec<(String, String)> = rows(&p).into_iter().map(|r| (r.0, r.4)).collect();
    assert_eq!(
        dates,
        vec![
            ("2020-01-01".into(), "one".into()),
            ("2020-01-01".into(), "two".into()),
            ("2020-01-02".into(), "three".into()),
            ("2020-01-02".into(), "a little back is the same day".into()),
            ("2020-01-02".into(), "four".into()),
            ("2020-01-03".into(), "five".into()),
        ]
    );
    assert_eq!(
        diags(&p),
        vec![
            "znc/#c_20200101.log:3: note: the time goes back from 23:59:00 to 00:01:00 with no day marker: read as the next day, 2020-01-02 (1 more times in this file)"
        ]
    );
}

#[test]
fn mirc_codes_become_styles_and_never_reach_the_text() {
    let p = parse_as(
        "#c_20200612.log",
        b"[01:04:35] <Bot> \x0302lib: \x0303 v3.3 \x02Build OK\x0f - https://ci.example.org/b/1\n\
          [01:05:00] <ana> \x1funder\x1f \x1ditalic\x1d \x1estruck\x1e \x11code\x11\n\
          [01:06:00] *** Quits: bo (~b@h) (\x0304red reason\x03)\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    let d = &p.days[0];
    let bodies: Vec<&str> = d.messages.iter().map(|m| d.body(m)).collect();
    assert_eq!(
        bodies,
        vec![
            "lib:  v3.3 Build OK - https://ci.example.org/b/1",
            "under italic struck code",
            "quit (red reason)",
        ]
    );
    let styles = |i: usize| -> Vec<(Style, &str)> {
        d.styles(i)
            .iter()
            .map(|s| (s.style, d.str(s.range)))
            .collect()
    };
    assert_eq!(styles(0), vec![(Style::Bold, "Build OK")]);
    assert_eq!(
        styles(1),
        vec![
            (Style::Underline, "under"),
            (Style::Italic, "italic"),
            (Style::Strike, "struck"),
            (Style::Code, "code"),
        ]
    );
    // The link is found in the styled message.
    let spans = d.spans(&d.messages[0]);
    assert_eq!(spans.len(), 1);
    assert_eq!(d.str(spans[0].target), "https://ci.example.org/b/1");
}

#[test]
fn a_line_that_is_not_utf8_is_read_as_cp1252_and_the_rest_as_utf8() {
    let mut text = b"2011-01-15T20:32:39  <k> ai\x9aku :)\n".to_vec();
    text.extend_from_slice("2011-01-15T20:38:43  * m naudoja lietuviškai\n".as_bytes());
    let p = parse_as("logs/2011-01-16-hybrid.log", &text, utc());
    let r = rows(&p);
    assert_eq!(r[0].4, "aišku :)");
    assert_eq!(r[1].4, "naudoja lietuviškai");
    assert_eq!(
        diags(&p),
        vec![
            "logs/2011-01-16-hybrid.log:1: note: this line is not UTF-8: read as cp1252 (Windows-1252); the rest of the file is UTF-8"
        ]
    );
}

#[test]
fn hostile_lines_are_reported_and_the_rest_loads() {
    let mut text = b"[99:99] <a> impossible time\n".to_vec();
    text.extend_from_slice(b"\x05\x01\x02 binary junk \xff\xfe\n");
    text.extend_from_slice(b"[10:00] <b> fine \x1b[2J\n");
    text.extend_from_slice(b"just prose\n");
    let p = parse_as("x/#c_20200101.log", &text, utc());
    let r = rows(&p);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].1, "??:??:??");
    assert_eq!(r[1].4, "fine \u{241b}[2J");
    assert_eq!(
        diags(&p),
        vec![
            "x/#c_20200101.log:2: note: this line is not UTF-8: read as cp1252 (Windows-1252); the rest of the file is UTF-8",
            "x/#c_20200101.log:3: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)",
            "x/#c_20200101.log:2: warning: not an IRC log line (it does not start with a time or a day marker): skipped",
            "x/#c_20200101.log:4: warning: not an IRC log line (it does not start with a time or a day marker): skipped",
            "x/#c_20200101.log:1: warning: impossible time \"[99:99]\": shown as ??:??:??",
        ]
    );
}

#[test]
fn a_log_without_any_date_is_an_error() {
    let p = parse_as("x/#chan.log", b"[10:00] <a> hi\n[10:01] <b> yo\n", utc());
    assert!(p.days.is_empty());
    assert_eq!(
        diags(&p),
        vec![
            "x/#chan.log:1: error: 2 lines (this one first) have a time but no date: the file's name holds none (as in #chan.2018-01-22.log) and no day marker (--- Log opened …, --- Day changed …) comes before; skipped"
        ]
    );
    // Lines before the first marker are skipped; the rest loads.
    let p = parse_as(
        "x/#chan.log",
        b"[09:00] <a> too early\n--- Day changed Tue Jan 23 2018\n[10:00] <a> hi\n",
        utc(),
    );
    assert_eq!(rows(&p).len(), 1);
    assert_eq!(p.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn files_that_are_not_irc_give_one_error() {
    let p = parse_as("x/notes.txt", b"dear diary\nnothing here\n", utc());
    assert!(p.days.is_empty() && p.chats.is_empty());
    assert_eq!(
        diags(&p),
        vec![
            "x/notes.txt:1: error: no IRC log lines (a time, then a message or an event): not read as IRC"
        ]
    );
    let p = parse_as("x/empty.log", b"\xef\xbb\xbf\n\n", utc());
    assert_eq!(diags(&p), vec!["x/empty.log:1: note: empty file"]);
    let p = parse_as("x/bin.log", b"\x00\x00\x00\x00\x01\x02", utc());
    assert_eq!(
        diags(&p),
        vec!["x/bin.log:1: error: not a text file (binary data)"]
    );
}

#[test]
fn a_file_of_only_system_lines_loads_as_system_messages() {
    let p = parse_as(
        "x/2020-01-01.log",
        b"[00:00:01] *** Joins: a (a@h)\n[00:00:02] *** Parts: a (a@h) (bye)\n",
        utc(),
    );
    assert_eq!(diags(&p), Vec::<String>::new());
    let kinds: Vec<MessageKind> = rows(&p).into_iter().map(|r| r.3).collect();
    assert_eq!(kinds, vec![S, S]);
}

fn probe(name: &str, head: &str) -> Option<Confidence> {
    FORMAT.detect(&Probe::new(Path::new(name), head.as_bytes()))
}

#[test]
fn detection_claims_irc_and_nothing_else() {
    assert_eq!(
        probe(
            "2020-06-12.log",
            "[00:36:06] <bot> x\n[01:01:15] *** Joins coggy9\n"
        ),
        Some(Confidence::Content)
    );
    assert_eq!(
        probe("irc.libera.#c.weechatlog", "2018-01-22 10:00:00\tana\thi\n"),
        Some(Confidence::Certain)
    );
    assert_eq!(
        probe("irc.libera.#c.weechatlog", ""),
        Some(Confidence::Name)
    );
    assert_eq!(
        probe("#c.log", "--- Log opened Mon Jan 22 10:00:00 2018\n"),
        Some(Confidence::Content)
    );
    for (name, head) in [
        (
            "2018-01-22-chat.markdown",
            "---\ntitle: x\n---\n> 06:47:30  Ann\n   \n[10:00] <a> pasted irc\n",
        ),
        (
            "chat.txt",
            "12/01/2020, 10:00 - Ann: hi\n12/01/2020, 10:01 - Bo: yo\n",
        ),
        ("chat.txt", "[2019-12-24, 12:23] Jane Doe: Hello John!\n"),
        (
            "line.txt",
            "Chat history with Alice\nSaved on: 1/30/2026, 22:13\n\nFri, 8/16/2019\n14:30\tAlice\t[Photo]\n",
        ),
        (
            "notes.txt",
            "dear diary\n[10:00] <a> one irc line\nand more\nprose\n",
        ),
        ("empty.log", ""),
        ("bin.log", "\0\0[10:00] <a> x\n"),
    ] {
        assert_eq!(probe(name, head), None, "{name}: {head:?}");
    }
}

#[test]
fn separators_are_found_among_other_characters_of_the_same_lead_bytes() {
    // `C2`/`E2` lead other characters too (`·`, `…`, `“`): only NEL, LS
    // and PS count.
    for line in ["plain", "a·b … “q” — ü", "", "\u{c2}", "€\u{2027}\u{202a}"] {
        assert!(!has_separator(line.as_bytes()), "{line:?}");
        assert!(matches!(one_line(line, true), Cow::Borrowed(_)));
    }
    for (line, shown) in [
        ("a\u{85}b", "a\u{2424}b"),
        ("…\u{2028}", "…\u{2424}"),
        ("\u{2029}·x\u{85}", "\u{2424}·x\u{2424}"),
    ] {
        assert!(has_separator(line.as_bytes()), "{line:?}");
        assert_eq!(one_line(line, true), shown);
        assert_eq!(one_line(line, false), line);
    }
}

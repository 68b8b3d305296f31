//! IRC logs (tests/fixtures/formats/irc, written by us from the facts of
//! each client's format): every variant read into exact messages,
//! speakers, days and kinds; and every command of the real binary on them.

use std::path::{Path, PathBuf};

use daybook::archive::{Options, Progress, load_with_options};
use daybook::model::{Archive, MessageKind, Style, Zone};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stderr, stdout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/irc")
        .join(rel)
}

fn load(rel: &str) -> Archive {
    let options = Options {
        zone: Zone::parse("UTC").unwrap(),
        format: None,
    };
    load_with_options(&[fixture(rel)], &options, &Progress::default()).expect("load")
}

/// Channel, date, time, speaker, kind, body of every message.
type Row = (String, String, String, String, &'static str, String);

fn rows(a: &Archive) -> Vec<Row> {
    let mut out = Vec::new();
    for d in &a.days {
        for m in &d.messages {
            out.push((
                a.channel_name(d).to_owned(),
                d.date.to_string(),
                m.time.to_string(),
                a.speakers.name(m.speaker).to_owned(),
                match m.kind {
                    MessageKind::Message => "message",
                    MessageKind::Action => "action",
                    MessageKind::System => "system",
                },
                d.body(m).to_owned(),
            ));
        }
    }
    out
}

fn r(c: &str, d: &str, t: &str, who: &str, kind: &'static str, body: &str) -> Row {
    (c.into(), d.into(), t.into(), who.into(), kind, body.into())
}

fn diagnostics(a: &Archive) -> Vec<String> {
    a.diagnostics
        .iter()
        .map(|d| {
            let p = d.path.to_string_lossy();
            let rel = p.split("formats/irc/").nth(1).unwrap_or(&p).to_owned();
            format!("{rel}:{}: {}: {}", d.line, d.severity, d.message)
        })
        .collect()
}

#[test]
fn znc_per_day_files_are_one_channel_named_by_their_folder() {
    let a = load("znc");
    assert_eq!(diagnostics(&a), Vec::<String>::new());
    assert_eq!(a.channels.len(), 1);
    assert_eq!(a.channels[0].app, "IRC");
    let c = "#teapot";
    let d1 = "2022-03-01";
    let d2 = "2022-03-02";
    assert_eq!(
        rows(&a),
        vec![
            r(c, d1, "08:59:58", "kettle", "system", "joined"),
            r(
                c,
                d1,
                "09:00:04",
                "kettle",
                "message",
                "good morning, who put the oolong on the top shelf?"
            ),
            r(c, d1, "09:00:31", "saucer", "message", "not me 🙈"),
            r(c, d1, "09:01:02", "saucer", "action", "looks at infuser"),
            r(
                c,
                d1,
                "09:02:15",
                "infuser",
                "message",
                "kettle: it was me, sorry — see https://tea.example.org/shelf"
            ),
            r(
                c,
                d1,
                "09:03:00",
                "teabot",
                "message",
                "Reminder: descale the kettle on Friday"
            ),
            r(
                c,
                d1,
                "09:04:40",
                "saucer",
                "system",
                "quit (Ping timeout: 250 seconds)"
            ),
            r(
                c,
                d1,
                "09:10:12",
                "infuser",
                "system",
                "is now known as infuser_away"
            ),
            r(
                c,
                d1,
                "09:12:00",
                "kettle",
                "system",
                "sets mode +v infuser_away"
            ),
            r(
                c,
                d1,
                "09:15:30",
                "kettle",
                "system",
                "changed the topic to: Tea time is 16:00 ☕"
            ),
            r(
                c,
                d1,
                "09:20:00",
                "infuser_away",
                "system",
                "left (off to the shop)"
            ),
            r(c, d2, "10:00:00", "saucer", "system", "joined"),
            r(
                c,
                d2,
                "10:00:05",
                "saucer",
                "message",
                "早上好！今天喝什么茶？"
            ),
            r(c, d2, "10:00:40", "kettle", "message", "龙井, of course 🍵"),
            r(
                c,
                d2,
                "10:01:10",
                "kettle",
                "system",
                "kicked saucer (too much sugar)"
            ),
        ]
    );
    // The notice's mIRC codes are styles, and the link a span.
    let day = &a.days[0];
    let styles: Vec<(Style, &str)> = day
        .styles(5)
        .iter()
        .map(|s| (s.style, day.str(s.range)))
        .collect();
    assert_eq!(
        styles,
        vec![(Style::Bold, "Reminder"), (Style::Underline, "Friday")]
    );
    let link = day.spans(&day.messages[4])[0];
    assert_eq!(day.str(link.target), "https://tea.example.org/shelf");
    // Two days, each from its own file, with the line each message was on.
    assert_eq!(a.days.len(), 2);
    assert!(a.day_path(&a.days[1]).ends_with("2022-03-02.log"));
    assert_eq!(a.days[1].messages[3].line, 4);
}

#[test]
fn irssi_growing_log_with_day_markers_and_nick_modes() {
    let a = load("irssi");
    assert_eq!(diagnostics(&a), Vec::<String>::new());
    let c = "#pottery";
    assert_eq!(
        rows(&a),
        vec![
            r(
                c,
                "2022-06-04",
                "19:30:00",
                "glaze",
                "system",
                "joined #pottery"
            ),
            r(
                c,
                "2022-06-04",
                "19:31:00",
                "glaze",
                "message",
                "the new kiln reached 1240°C today"
            ),
            r(
                c,
                "2022-06-04",
                "19:31:00",
                "wheel",
                "message",
                "nice! cone 6?"
            ),
            r(c, "2022-06-04", "19:32:00", "glaze", "action", "nods"),
            r(
                c,
                "2022-06-04",
                "23:58:00",
                "slip",
                "message",
                "good night everyone"
            ),
            r(
                c,
                "2022-06-05",
                "00:03:00",
                "wheel",
                "message",
                "still here, trimming bowls"
            ),
            r(
                c,
                "2022-06-05",
                "00:04:00",
                "glaze",
                "system",
                "sets mode +o wheel"
            ),
            r(
                c,
                "2022-06-05",
                "00:05:00",
                "glaze",
                "system",
                "changed the topic to: Firing schedule: Tuesdays"
            ),
            r(
                c,
                "2022-06-05",
                "00:06:00",
                "slip",
                "system",
                "quit (Client Quit)"
            ),
            r(
                c,
                "2022-06-07",
                "08:00:00",
                "",
                "system",
                "Irssi: Join to #pottery was synced in 1 secs"
            ),
            r(c, "2022-06-07", "08:01:00", "wheel", "message", "morning"),
        ]
    );
}

#[test]
fn weechat_hexchat_mirc_textual_supybot_dircproxy_and_the_lounge() {
    let cases: Vec<(&str, Vec<Row>)> = vec![
        (
            "weechat",
            vec![
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:45:00",
                    "pear",
                    "system",
                    "joined #orchard",
                ),
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:45:20",
                    "apple",
                    "message",
                    "harvest starts at eight",
                ),
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:46:00",
                    "pear",
                    "action",
                    "stretches",
                ),
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:47:30",
                    "pear",
                    "system",
                    "is now known as bartlett",
                ),
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:50:00",
                    "apple",
                    "system",
                    "sets mode +v bartlett",
                ),
                r(
                    "#orchard",
                    "2023-09-10",
                    "07:52:00",
                    "apple",
                    "system",
                    "changed the topic to: Harvest 🍎",
                ),
                r(
                    "#orchard",
                    "2023-09-11",
                    "06:00:00",
                    "bartlett",
                    "system",
                    "quit (Quit: ladders)",
                ),
                r(
                    "#orchard",
                    "2023-09-11",
                    "06:05:00",
                    "",
                    "system",
                    "irc: cannot connect to server",
                ),
            ],
        ),
        (
            "hexchat",
            vec![
                r(
                    "#lighthouse",
                    "2023-12-31",
                    "22:00:00",
                    "",
                    "system",
                    "Now talking on #lighthouse",
                ),
                r(
                    "#lighthouse",
                    "2023-12-31",
                    "22:00:05",
                    "beam",
                    "system",
                    "joined #lighthouse",
                ),
                r(
                    "#lighthouse",
                    "2023-12-31",
                    "23:59:50",
                    "keeper",
                    "message",
                    "ten seconds to midnight",
                ),
                r(
                    "#lighthouse",
                    "2024-01-01",
                    "00:00:02",
                    "beam",
                    "message",
                    "happy new year! 🎆",
                ),
                r(
                    "#lighthouse",
                    "2024-01-01",
                    "00:00:09",
                    "keeper",
                    "action",
                    "lights the lamp",
                ),
                r(
                    "#lighthouse",
                    "2024-01-01",
                    "00:01:00",
                    "beam",
                    "system",
                    "quit (Leaving)",
                ),
            ],
        ),
        (
            "mirc",
            vec![
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:00:00",
                    "",
                    "system",
                    "Now talking in #harbour",
                ),
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:00:00",
                    "",
                    "system",
                    "Topic is 'Tides and ferries'",
                ),
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:02:00",
                    "gull",
                    "system",
                    "joined #harbour",
                ),
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:03:00",
                    "gull",
                    "message",
                    "is the 18:30 ferry running?",
                ),
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:04:00",
                    "harbourmaster",
                    "message",
                    "yes, on time",
                ),
                r(
                    "#harbour",
                    "2019-08-16",
                    "18:05:00",
                    "gull",
                    "system",
                    "quit (Connection reset by peer)",
                ),
            ],
        ),
        (
            "textual",
            vec![
                r(
                    "#bakery",
                    "2021-04-22",
                    "04:30:00",
                    "dough",
                    "system",
                    "joined",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "04:31:10",
                    "dough",
                    "message",
                    "the sourdough is proofing",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "04:32:00",
                    "crumb",
                    "action",
                    "sniffs the air",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "04:40:00",
                    "crumb",
                    "system",
                    "is now known as crust",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "05:00:00",
                    "dough",
                    "system",
                    "sets mode +o crust",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "05:05:00",
                    "crust",
                    "system",
                    "changed the topic to: Baguettes at 8",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "05:10:00",
                    "crust",
                    "system",
                    "kicked yeast (spam)",
                ),
                r(
                    "#bakery",
                    "2021-04-22",
                    "22:30:00",
                    "dough",
                    "system",
                    "quit (Quit: sleep)",
                ),
            ],
        ),
        (
            "supybot",
            vec![
                r(
                    "#garden",
                    "2019-10-19",
                    "05:04:04",
                    "rake",
                    "message",
                    "the frost got the basil",
                ),
                r(
                    "#garden",
                    "2019-10-19",
                    "05:04:30",
                    "hoe",
                    "message",
                    " covered the tomatoes last night",
                ),
                r(
                    "#garden",
                    "2019-10-19",
                    "05:05:00",
                    "rake",
                    "action",
                    "sighs",
                ),
                r(
                    "#garden",
                    "2019-10-19",
                    "05:10:00",
                    "trowel",
                    "system",
                    "joined #garden",
                ),
                r(
                    "#garden",
                    "2019-10-19",
                    "06:00:00",
                    "hoe",
                    "system",
                    "quit (Ping timeout)",
                ),
            ],
        ),
        (
            "dircproxy",
            vec![
                r(
                    "#station",
                    "2009-01-14",
                    "10:36:00",
                    "signal",
                    "system",
                    "joined",
                ),
                r(
                    "#station",
                    "2009-01-14",
                    "11:32:00",
                    "",
                    "system",
                    "You disconnected",
                ),
                r(
                    "#station",
                    "2009-01-14",
                    "12:36:00",
                    "signal",
                    "message",
                    "is the 12:50 delayed?",
                ),
                r(
                    "#station",
                    "2009-01-14",
                    "12:37:00",
                    "points",
                    "message",
                    "yes, by ten minutes",
                ),
            ],
        ),
        (
            "lounge",
            vec![
                r(
                    "#library",
                    "2014-01-01",
                    "00:00:00",
                    "shelf",
                    "system",
                    "joined",
                ),
                r(
                    "#library",
                    "2014-01-01",
                    "00:00:10",
                    "Shelf",
                    "message",
                    "quiet please 📚",
                ),
                r(
                    "#library",
                    "2014-01-01",
                    "00:01:00",
                    "shelf",
                    "system",
                    "is now known as Shelf2",
                ),
            ],
        ),
    ];
    for (dir, want) in cases {
        let a = load(dir);
        assert_eq!(diagnostics(&a), Vec::<String>::new(), "{dir}");
        assert_eq!(rows(&a), want, "{dir}");
    }
}

#[test]
fn a_plain_log_rolls_over_midnight_and_reads_a_cp1252_line() {
    let a = load("plain");
    let c = "#night";
    assert_eq!(
        rows(&a),
        vec![
            r(
                c,
                "2020-01-01",
                "22:15:00",
                "owl",
                "message",
                "anyone awake?"
            ),
            r(c, "2020-01-01", "23:59:00", "bat", "message", "always"),
            r(
                c,
                "2020-01-02",
                "00:02:00",
                "owl",
                "message",
                "café open at midnight, naïve question"
            ),
            r(
                c,
                "2020-01-02",
                "00:03:00",
                "bat",
                "message",
                "是的 the café is open"
            ),
            r(
                c,
                "2020-01-02",
                "??:??:??",
                "owl",
                "message",
                "this clock is broken"
            ),
        ]
    );
    assert_eq!(
        diagnostics(&a),
        vec![
            "plain/#night_20200101.log:3: note: this line is not UTF-8: read as cp1252 (Windows-1252); the rest of the file is UTF-8",
            "plain/#night_20200101.log:5: warning: impossible time \"[99:99]\": shown as ??:??:??",
            "plain/#night_20200101.log:3: note: the time goes back from 23:59:00 to 00:02:00 with no day marker: read as the next day, 2020-01-02",
        ]
    );
}

// ---------------------------------------------------------------------------
// The real binary

fn all() -> String {
    fixture("").to_string_lossy().into_owned()
}

#[test]
fn check_and_days_say_every_file_is_irc() {
    let dir = all();
    let o = daybook(&["check", "--files", &dir]);
    let out = stdout(&o);
    let read: Vec<&str> = out
        .lines()
        .filter(|l| !l.contains(": note: ") && !l.contains(": warning: "))
        .collect();
    assert_eq!(read.len(), 11, "{out}");
    assert!(
        read.iter().all(|l| l.contains(": read as irc (IRC): ")),
        "{out}"
    );
    let o = daybook(&["days", "--json", "--tz", "UTC", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let days: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 16);
    assert!(
        days.iter()
            .all(|d| d["app"] == "IRC" && d["format"] == "irc")
    );
    // Forced, the same; a Jekyll day forced as IRC is not IRC, and says so.
    for name in ["irc", "IRC", "weechat"] {
        let forced = daybook(&["days", "--input-format", name, "--tz", "UTC", &dir]);
        let plain = daybook(&["days", "--tz", "UTC", &dir]);
        assert_eq!(stdout(&forced), stdout(&plain), "{name}");
    }
    let cjk = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cjk/teamjp");
    let o = daybook(&["check", "--input-format", "irc", cjk.to_str().unwrap()]);
    assert!(
        stdout(&o).contains(
            "error: no IRC log lines (a time, then a message or an event): not read as IRC"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_json_carries_kinds_and_lines() {
    let dir = all();
    let o = daybook(&["show", "2022-03-01", "--json", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let day = if v.is_array() { &v[0] } else { &v };
    assert_eq!(day["channel"], "#teapot");
    let msgs = day["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 11);
    assert_eq!(msgs[0]["kind"], "system");
    assert_eq!(msgs[0]["speaker"], "kettle");
    assert_eq!(msgs[0]["body"], "joined");
    assert!(msgs[1].get("kind").is_none());
    assert_eq!(msgs[3]["kind"], "action");
    assert_eq!(msgs[3]["line"], 4);
    assert_eq!(msgs[4]["spans"][0]["kind"], "link");
    // The text output shows the day, system messages marked.
    let o = daybook(&["show", "2022-03-01", &dir]);
    let out = stdout(&o);
    assert!(out.contains("#teapot"), "{out}");
    assert!(
        out.contains("[system] quit (Ping timeout: 250 seconds)"),
        "{out}"
    );
    assert!(!out.contains('\u{3}') && !out.contains('\u{2}'), "{out:?}");
}

#[test]
fn search_and_the_query_language_work_on_irc() {
    let dir = all();
    let count = |q: &str| -> String {
        let o = daybook(&["search", "--count", "--tz", "UTC", q, &dir]);
        assert_eq!(
            o.status.code().map(|c| c <= 1),
            Some(true),
            "{q}: {}",
            stderr(&o)
        );
        stdout(&o).trim().to_owned()
    };
    assert_eq!(count("is:system"), "38");
    assert_eq!(count("is:action"), "6");
    assert_eq!(count("-is:system"), "33");
    assert_eq!(count("from:kettle"), "6");
    assert_eq!(count("from:kettle -is:system"), "2");
    assert_eq!(count("has:link"), "1");
    assert_eq!(count("in:#teapot"), "15");
    assert_eq!(count("on:2024-01-01"), "3");
    assert_eq!(count("茶"), "1");
    assert_eq!(count("descale"), "1");
    assert_eq!(count("quit"), "7");
    let o = daybook(&["search", "--json", "ferry", &dir]);
    let hits: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["line"], 6);
    assert_eq!(hits[0]["speaker"], "gull");
    assert_eq!(hits[0]["channel"], "#harbour");
}

#[test]
fn stats_count_system_messages_apart() {
    let dir = all();
    let o = daybook(&["stats", "--tz", "UTC", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "10 channels, 16 days, 33 messages, 38 system messages, 22 speakers, 2009-01-14 to 2024-01-01"
        ),
        "{out}"
    );
    let o = daybook(&["stats", "--json", "--tz", "UTC", &dir]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["messages"], 33);
    assert_eq!(v["system"], 38);
    // Top speakers count what people wrote: kettle's joins, modes, topic
    // and kick do not count, nor the client's own lines (no name).
    let top = v["top_speakers"].as_array().unwrap();
    assert_eq!(top[0]["messages"], 3);
    let kettle = top.iter().find(|t| t["name"] == "kettle").unwrap();
    assert_eq!(kettle["messages"], 2);
    assert!(top.iter().all(|t| t["name"] != ""));
}

#[test]
fn export_writes_irc_days_in_every_format() {
    let dir = all();
    let tmp = tempfile::tempdir().unwrap();
    for format in ["json", "jsonl", "csv", "markdown", "html"] {
        let out = tmp.path().join(format!("out.{format}"));
        let o = daybook(&[
            "export",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
            "--tz",
            "UTC",
            "in:#teapot",
            &dir,
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("龙井"), "{format}: {text}");
        assert!(text.contains("kicked saucer"), "{format}: {text}");
        assert!(!text.contains('\u{3}'), "{format}");
    }
}

// ---------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------

/// The screen of the interface on every fixture, on `date` of `channel`,
/// after `keys` (as the keymap writes them), as text.
fn screen(channel: &str, date: &str, keys: &[&str], w: u16, h: u16) -> String {
    use daybook::tui::App;
    use daybook::tui::keymap::{Key, Keymap};
    use daybook::tui::theme::{Theme, Variant};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyEvent;
    use ratatui::layout::Rect;
    let a = load("");
    let day = a
        .days
        .iter()
        .position(|d| a.channel_name(d) == channel && d.date.to_string() == date)
        .unwrap();
    let mut app = App::new(
        &a,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, w, h),
    );
    app.select_day(day);
    for k in keys {
        let k = Key::parse(k).unwrap();
        app.on_key(KeyEvent::new(k.code, k.modifiers));
    }
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = daybook::text::width(sym).saturating_sub(1);
                s.push_str(sym);
            }
            s.trim_end().to_owned() + "\n"
        })
        .collect()
}

/// IRC channels carry their `#`: the interface writes `#pottery`, never
/// `##pottery`, in the day list, the status line, the channel picker and
/// its notes; joins and actions read as such.
#[test]
fn the_interface_names_irc_channels_once() {
    let s = screen("#pottery", "2022-06-04", &[], 100, 30);
    assert!(!s.contains("##"), "{s}");
    let rows: Vec<&str> = s.lines().collect();
    assert!(
        rows.iter().any(|r| r.starts_with("#pottery ")),
        "the day list: {s}"
    );
    assert!(s.contains(" #pottery · day "), "the status line: {s}");
    assert!(
        s.lines()
            .any(|r| r.contains(" glaze ") && r.ends_with("[system] joined #pottery")),
        "{s}"
    );
    // The channel picker.
    let s = screen("#pottery", "2022-06-04", &["#"], 100, 30);
    assert!(!s.contains("##"), "{s}");
    assert!(s.contains("▌ #pottery "), "{s}");
    assert!(s.contains("  #teapot "), "{s}");
    // Leaving a channel by the next day says where it went.
    let s = screen("#pottery", "2022-06-07", &["]"], 100, 30);
    assert!(!s.contains("##"), "{s}");
    assert!(
        s.contains("now in #station (channel 9 of 10): 2009-01-14"),
        "{s}"
    );
}

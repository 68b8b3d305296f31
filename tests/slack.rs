//! Slack exports through the real binary and the library: the project's
//! fixtures (`tests/fixtures/formats/slack/`) with every command, a zip of
//! the export read in place, hostile zips, and the real samples in
//! `../shared/formats/slack` (skipped, saying so, where that folder is
//! absent) loaded with message and speaker counts derived here from the
//! JSON itself.

#[path = "support/files.rs"]
mod files;
use files::zip_tree;
#[path = "support/shared.rs"]
mod shared;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use daybook::archive::{Options, Progress, load_with_options};
use daybook::model::{Archive, Severity, Style, Zone};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stderr, stdout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/slack")
        .join(rel)
}

fn load_utc(path: &Path) -> Archive {
    let options = Options {
        zone: Zone::parse("UTC").unwrap(),
        ..Options::default()
    };
    load_with_options(&[path.to_path_buf()], &options, &Progress::default()).unwrap()
}

// ---------------------------------------------------------------------------
// The commands on the fixtures
// ---------------------------------------------------------------------------

#[test]
fn days_and_check_say_what_was_read_as_slack() {
    let ws = fixture("workspace");
    let w = ws.to_str().unwrap();
    let o = daybook(&["days", "--tz", "UTC", w]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2021-03-01  Mon  DM: Anna, Ben Okafor               2 messages  2 speakers\n\
         2021-03-01  Mon  general                           16 messages  6 speakers\n\
         2021-03-02  Tue  general                            8 messages  5 speakers\n\
         2021-03-01  Mon  group DM: Anna, Ben Okafor, 美美   1 message   1 speaker\n\
         2021-03-01  Mon  old-channel                        1 message   1 speaker\n\
         2021-03-01  Mon  random                             3 messages  3 speakers\n\
         2021-03-01  Mon  secret-plans                       1 message   1 speaker\n"
    );
    let o = daybook(&["days", "--json", "--tz", "UTC", w]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for d in v.as_array().unwrap() {
        assert_eq!(
            (d["app"].as_str(), d["format"].as_str()),
            (Some("Slack"), Some("slack"))
        );
    }
    let o = daybook(&["check", "--files", w]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "{w}/general/2021-03-02.json: read as slack (Slack): 1 day, 8 messages"
        )),
        "{text}"
    );
    assert!(text.contains(&format!(
        "{w}/users.json: read as slack (Slack): 0 days, 0 messages"
    )));
    assert!(text.contains(&format!(
        "{w}/users.json:1: note: 1 id is not in users.json, shown by id: U09GHOST"
    )));
    // --input-format names it too.
    let forced = daybook(&["days", "--tz", "UTC", "--input-format", "slack", w]);
    assert_eq!(
        stdout(&forced),
        stdout(&daybook(&["days", "--tz", "UTC", w]))
    );
}

#[test]
fn the_zone_moves_messages_across_days() {
    let w = fixture("workspace");
    let o = daybook(&[
        "show",
        "2021-03-02",
        "--channel",
        "general",
        "--tz",
        "Asia/Tokyo",
        "--json",
        w.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first: Vec<(&str, &str)> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|m| (m["time"].as_str().unwrap(), m["body"].as_str().unwrap()))
        .collect();
    // 15:00 and 23:30 UTC on the 1st are the 2nd in Tokyo.
    assert_eq!(
        first,
        vec![("00:00:00", "photos"), ("01:00:00", "who am I")]
    );
}

#[test]
fn show_search_speakers_stats_and_export() {
    let w = fixture("workspace");
    let w = w.to_str().unwrap();
    let o = daybook(&[
        "show",
        "2021-03-01",
        "--channel",
        "random",
        "--tz",
        "UTC",
        "--width",
        "60",
        w,
    ]);
    assert_eq!(
        stdout(&o),
        "2021-03-01 Monday · random · 3 messages · 3 speakers\n\n\
         08:30:00  Ben Okafor  [system] @Ben Okafor set the channel\n\
         \x20                     purpose: off topic\n\
         08:31:00  美美        周末去爬山吗？⛰️ 好 的\n\
         08:32:00  cho         [system] @cho has left the channel\n"
    );
    let o = daybook(&["search", "--tz", "UTC", "ship it", w]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2021-03-01 09:05:00  general  Ben Okafor: Looks good, ship it 🚀\n"
    );
    let o = daybook(&["search", "--tz", "UTC", "--count", "in:secret from:美美", w]);
    assert_eq!(stdout(&o), "1\n");
    let o = daybook(&["search", "--tz", "UTC", "--count", "has:link", w]);
    assert_eq!(stdout(&o), "7\n");
    let o = daybook(&["speakers", w]);
    assert!(
        stdout(&o).starts_with(
            "12  2021-03-01  2021-03-02  Ben Okafor\n10  2021-03-01  2021-03-02  Anna\n"
        ),
        "{}",
        stdout(&o)
    );
    let o = daybook(&["stats", "--json", "--tz", "UTC", w]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 32 in all: 26 messages and actions, 6 system messages counted apart.
    assert_eq!(
        (
            v["channels"].as_u64(),
            v["messages"].as_u64(),
            v["system"].as_u64()
        ),
        (Some(6), Some(26), Some(6))
    );
    let o = daybook(&[
        "export",
        "--tz",
        "UTC",
        "from:Polly",
        w,
        "--format",
        "jsonl",
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(
        v["body"],
        "Lunch poll 🍴\nPizza 3\n@Anna, @Ben Okafor\nAsked by @美美"
    );
}

#[test]
fn a_zipped_export_reads_like_the_folder_and_hostile_members_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let z = tmp.path().join("Workspace Slack export.zip");
    // A zip bomb (20 MiB of zeros) and an entry that climbs out of the zip.
    let zeros = vec![0u8; 20 << 20];
    zip_tree(
        &fixture("workspace"),
        &z,
        "",
        &[("general/2021-03-03.json", &zeros), ("../../x", b"[]")],
        Some(9),
    );
    let zs = z.to_str().unwrap();
    let w = fixture("workspace");
    let from_zip = daybook(&["days", "--tz", "UTC", zs]);
    assert_eq!(
        stdout(&from_zip),
        stdout(&daybook(&["days", "--tz", "UTC", w.to_str().unwrap()]))
    );
    let o = daybook(&["check", zs]);
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "{zs}/general/2021-03-03.json:1: error: the zip entry expands"
        )),
        "{text}"
    );
    assert!(text.contains("leads outside the zip; not read"), "{text}");
    assert_eq!(o.status.code(), Some(1));
    // The rest of the export is all there.
    let o = daybook(&["stats", "--json", zs]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["messages"].as_u64(), v["system"].as_u64()),
        (Some(26), Some(6))
    );
}

#[test]
fn an_export_without_users_json_says_so_once_and_names_from_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(ws.join("general")).unwrap();
    std::fs::write(
        ws.join("channels.json"),
        r#"[{"id":"C1","name":"general"}]"#,
    )
    .unwrap();
    std::fs::write(
        ws.join("general/2020-01-01.json"),
        r#"[{"type":"message","user":"U1","text":"hi <@U2>","ts":"1577872800.000001"},
            {"type":"message","user":"U1","text":"me again","ts":"1577872900.000001","user_profile":{"real_name":"Una"}},
            {"type":"message","user":"U2","text":"hello","ts":"1577873000.000001"}]"#,
    )
    .unwrap();
    let a = load_utc(&ws);
    let names: Vec<&str> = a.days[0]
        .messages
        .iter()
        .map(|m| a.speakers.name(m.speaker))
        .collect();
    assert_eq!(names, vec!["Una", "Una", "U2"]);
    let notes: Vec<String> = a.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("no users.json in this export"),
        "{notes:?}"
    );
}

// ---------------------------------------------------------------------------
// Markup and hostile day files
// ---------------------------------------------------------------------------

#[test]
fn markup_details() {
    let a = load_str(
        r#"[{"type":"message","user":"U1","ts":"1600000000.000001","text":"*a* _b_ *two words* x*y*z _snake_case_ ~~ ** <foo> &amp;lt; <@U2|bob> <!date^1600000000^{date}|Sep 13> :x: 10:30:00 :not-an-emoji-here:"}]"#,
    );
    let d = &a.days[0];
    let m = &d.messages[0];
    assert_eq!(
        d.body(m),
        "a b two words x*y*z snake_case ~~ ** <foo> &lt; @bob Sep 13 ❌ 10:30:00 :not-an-emoji-here:"
    );
    let styles: Vec<(Style, &str)> = d
        .styles(0)
        .iter()
        .map(|x| (x.style, d.str(x.range)))
        .collect();
    assert_eq!(
        styles,
        vec![
            (Style::Bold, "a"),
            (Style::Italic, "b"),
            (Style::Bold, "two words"),
            (Style::Italic, "snake_case"),
        ]
    );
}

/// Parses `json` as a lone day file in UTC.
fn load_str(json: &str) -> Archive {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("2020-09-13.json");
    std::fs::write(&p, json).unwrap();
    load_utc(&p)
}

#[test]
fn hostile_day_files_report_and_keep_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let w = |rel: &str, text: &str| {
        let p = ws.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("channels.json", r#"[{"id":"C1","name":"general"}]"#);
    w(
        "users.json",
        r#"[{"id":"U1","name":"ann"}, {"id":"U2","name":"#,
    );
    w(
        "general/2020-01-01.json",
        "[\n{\"type\":\"message\",\"user\":\"U1\",\"text\":\"kept\",\"ts\":\"1577872800.000001\"},\n{\"type\":\"message\",\"user\":\"U1\",\"text\":\"cut",
    );
    let deep = format!(
        "[{{\"type\":\"message\",\"user\":\"U1\",\"text\":\"before\",\"ts\":\"1577959200.000001\"}},\n{{\"type\":\"message\",\"user\":\"U1\",\"text\":\"*deep*\",\"ts\":\"1577959300.000001\",\"blocks\":[{}{}]}}]",
        "{\"elements\": [".repeat(5000),
        "]}".repeat(5000)
    );
    w("general/2020-01-02.json", &deep);
    w(
        "general/2020-01-03.json",
        "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"wrong ts\",\"ts\":[1]},\n{\"type\":\"message\",\"user\":\"U9\",\"text\":\"\\u001b[2Jafter\",\"ts\":\"1578045600.000001\"},\n{\"type\":\"message\",\"user\":\"U1\",\"text\":\"no ts\"}]",
    );
    w("general/2020-01-04.json", "");
    w("general/notes.txt", "not a day");
    let a = load_utc(&ws);
    let bodies: Vec<&str> = a
        .days
        .iter()
        .flat_map(|d| d.messages.iter().map(move |m| d.body(m)))
        .collect();
    assert_eq!(bodies, vec!["kept", "before", "deep", "␛[2Jafter", "no ts"]);
    let diags: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.path.strip_prefix(&ws).unwrap().display(),
                d.line,
                d.severity,
                d.message
            )
        })
        .collect();
    let expect = [
        "general/notes.txt:1: note: not a day file of this Slack export",
        "users.json:1: warning: the file ends in the middle of a message (truncated?); people after it are shown by id",
        "general/2020-01-01.json:3: warning: the file ends in the middle of a message (truncated?); the messages before it are shown",
        "general/2020-01-02.json:2: warning: message 1577959300.000001: its blocks could not be read (recursion limit exceeded",
        "general/2020-01-03.json:1: warning: not a Slack message (invalid type: sequence, expected a string or a number); skipped",
        "general/2020-01-03.json:2: warning: message 1578045600.000001: escape sequences or control characters",
        "general/2020-01-03.json:3: warning: no valid `ts`: the time is unknown (shown as ??:??:??) and the day is the file's",
        "general/2020-01-04.json:1: error: the file is empty",
        "users.json:1: note: 1 id is not in users.json, shown by id: U9",
    ];
    assert_eq!(diags.len(), expect.len(), "{diags:#?}");
    for (d, e) in diags.iter().zip(expect) {
        assert!(
            d.starts_with(e),
            "{d}\n  does not start with\n{e}\nall: {diags:#?}"
        );
    }
}

#[test]
fn a_huge_text_is_cut_with_a_warning() {
    let big = "x".repeat((1 << 20) + 10);
    let a = load_str(&format!(
        r#"[{{"type":"message","user":"U1","ts":"1600000000.000001","text":"{big}"}}]"#
    ));
    let d = &a.days[0];
    assert_eq!(d.body(&d.messages[0]).len(), 1 << 20);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("only its first 1048576 bytes"))
    );
}

// ---------------------------------------------------------------------------
// The real samples
// ---------------------------------------------------------------------------

fn samples() -> Option<PathBuf> {
    shared::shared("formats/slack", "the Slack samples")
}

/// Counts derived from the JSON alone: messages, and speakers as the
/// names a reader should see (users.json's display name, else real name,
/// else name; a message's `user_profile` or `username`; a bot's name from
/// its `username` or from the `services/ID|name` link of a `bot_add`
/// message; else the id).
#[derive(Default)]
struct Expected {
    messages: usize,
    users: HashMap<String, String>,
    bots: HashMap<String, String>,
    /// (user id, bot id, username) of each message.
    authors: Vec<(Option<String>, Option<String>, Option<String>)>,
}

impl Expected {
    fn users(&mut self, v: &serde_json::Value) {
        for u in v.as_array().unwrap() {
            let p = &u["profile"];
            let name = [
                &p["display_name"],
                &p["real_name"],
                &u["real_name"],
                &u["name"],
            ]
            .into_iter()
            .filter_map(|x| x.as_str())
            .map(str::trim)
            .find(|s| !s.is_empty());
            if let (Some(id), Some(name)) = (u["id"].as_str(), name) {
                self.users.insert(id.to_owned(), name.to_owned());
            }
        }
    }

    fn day(&mut self, v: &serde_json::Value) {
        let msgs: Vec<&serde_json::Value> = match v {
            serde_json::Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        for m in msgs {
            self.messages += 1;
            let s = |k: &str| m[k].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
            let subtype = s("subtype").unwrap_or_default();
            if let Some(text) = s("text").filter(|_| subtype == "bot_add") {
                for c in bot_link().captures_iter(&text) {
                    self.bots.insert(c[1].to_owned(), c[2].to_owned());
                }
            }
            if subtype == "bot_message" {
                self.authors.push((None, s("bot_id"), s("username")));
                continue;
            }
            // A comment on a file is its commenter's.
            let user = if subtype == "file_comment" {
                m["comment"]["user"]
                    .as_str()
                    .map(str::to_owned)
                    .or_else(|| s("user"))
            } else {
                s("user")
            };
            if let Some(u) = &user {
                let p = &m["user_profile"];
                let inline = [&p["display_name"], &p["real_name"], &p["name"]]
                    .into_iter()
                    .filter_map(|x| x.as_str())
                    .find(|s| !s.trim().is_empty())
                    .map(str::to_owned)
                    .or_else(|| s("username"));
                if let Some(n) = inline {
                    self.users.entry(u.clone()).or_insert(n);
                }
            }
            self.authors.push((user, s("bot_id"), s("username")));
        }
    }

    fn speakers(&self) -> BTreeSet<String> {
        self.authors
            .iter()
            .map(|(user, bot, username)| match (user, bot, username) {
                (Some(u), _, _) => self.users.get(u).cloned().unwrap_or_else(|| u.clone()),
                (None, _, Some(n)) => n.clone(),
                (None, Some(b), None) => self.bots.get(b).cloned().unwrap_or_else(|| b.clone()),
                (None, None, None) => "(unknown)".to_owned(),
            })
            .collect()
    }
}

/// The link to an integration in a `bot_add` message: its id and name.
fn bot_link() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"/services/(B[A-Z0-9]+)\|([^>]+)>").unwrap())
}

fn names(a: &Archive) -> BTreeSet<String> {
    a.speakers.iter().map(|(_, s)| s.name.to_string()).collect()
}

/// Only notes, and only of the kinds that are true of these samples.
fn assert_no_false_diagnostics(a: &Archive, what: &str) {
    for d in &a.diagnostics {
        assert_eq!(d.severity, Severity::Note, "{what}: {d}");
        assert!(
            d.message
                .starts_with("a day file without its export's users.json")
                || d.message.starts_with("not a chat log of a known format"),
            "{what}: {d}"
        );
    }
}

#[test]
fn real_samples_load_with_the_counts_of_their_json() {
    let Some(dir) = samples() else { return };
    // The export, as a zip and unpacked.
    let zip_path = dir.join("hfaran__slack-export-viewer__testarchive.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut from_zip = Expected::default();
    let mut days = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_owned();
        if f.is_dir() {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if name == "users.json" {
            from_zip.users(&v);
        } else if name.contains('/') {
            days.push((name, v));
        }
    }
    days.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, v) in &days {
        from_zip.day(v);
    }
    assert_eq!(from_zip.messages, 158);
    for path in [
        zip_path.clone(),
        dir.join("hfaran__slack-export-viewer__testarchive.zip.extracted"),
    ] {
        let a = load_utc(&path);
        assert_eq!(a.message_count(), from_zip.messages, "{}", path.display());
        assert_eq!(names(&a), from_zip.speakers(), "{}", path.display());
        assert_eq!(a.channels.len(), 2);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    }
    // Both together: the same messages, kept once.
    let options = Options {
        zone: Zone::parse("UTC").unwrap(),
        ..Options::default()
    };
    let both = load_with_options(
        &[
            zip_path,
            dir.join("hfaran__slack-export-viewer__testarchive.zip.extracted"),
        ],
        &options,
        &Progress::default(),
    )
    .unwrap();
    assert_eq!(both.message_count(), from_zip.messages);
    // The loose day files (modern exporters' fixtures), each alone.
    for name in [
        "rusq__slackdump__B75B4C7__2025-01-11.json",
        "rusq__slackdump__bot_message.json",
        "zulip__zulip__random__2018-01-20.json",
        "zulip__zulip__message_with_variety_files_and_rich_text.json",
    ] {
        let path = dir.join(name);
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut e = Expected::default();
        e.day(&v);
        let a = load_utc(&path);
        assert_eq!(a.message_count(), e.messages, "{name}");
        assert_eq!(names(&a), e.speakers(), "{name}");
        assert_no_false_diagnostics(&a, name);
        assert_eq!(a.files[0].format, "slack", "{name}");
    }
    // The whole folder: its listings are not day files, and are said to be skipped.
    let a = load_utc(&dir);
    assert_eq!(a.message_count(), 158 + 11 + 1 + 11 + 1);
    assert_no_false_diagnostics(&a, "the folder");
}

// ---------------------------------------------------------------------------
// Threads in the interface
// ---------------------------------------------------------------------------

/// The screen of the interface on `#general` of 2 March, as text.
fn thread_screen(w: u16, h: u16) -> String {
    use daybook::tui::App;
    use daybook::tui::keymap::Keymap;
    use daybook::tui::theme::{Theme, Variant};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;
    let a = load_utc(&fixture("workspace"));
    let day = a
        .days
        .iter()
        .position(|d| a.channel_name(d) == "general" && d.date.to_string() == "2021-03-02")
        .unwrap();
    let mut app = App::new(
        &a,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        Rect::new(0, 0, w, h),
    );
    app.select_day(day);
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

#[test]
fn thread_replies_show_their_parent_and_are_indented() {
    let screen = thread_screen(110, 30);
    let rows: Vec<&str> = screen.lines().collect();
    let find = |needle: &str| {
        rows.iter()
            .position(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
    };
    // A reply in the next day's file names its parent, with the parent's day.
    let quote = find("↳ 2021-03-01 Anna: Morning @Ben Okafor! The release");
    let reply = find("a late reply in the thread");
    assert_eq!(reply, quote + 1, "{screen}");
    // The reply's body sits two columns in from the quote's marker.
    let col = |row: &str, s: &str| daybook::text::width(&row[..row.find(s).unwrap()]);
    assert_eq!(
        col(rows[reply], "a late reply"),
        col(rows[quote], "↳") + 2,
        "{screen}"
    );
    // A parent outside the export is said to be missing.
    let missing = find("↳ a reply to a message not in this archive");
    assert_eq!(
        missing + 1,
        find("replying to something not in this export")
    );
    // A reply to a deleted parent of the same day names it without a date.
    assert!(
        screen.contains("↳ Slackbot: This message was deleted."),
        "{screen}"
    );
    // Messages that are no replies are not marked.
    let plain = find("Plan for today");
    assert!(!rows[plain - 1].contains('↳'), "{screen}");
}

/// A thread reply goes through the pane's layout cache like any message:
/// its parent's row and indented body are laid out once, a long reply is
/// cut after its first screens with the `more` row indented under its
/// body, scrolling past the parent's row keeps the body indented, and a
/// search restyles without wrapping again.
#[test]
fn a_long_thread_reply_is_laid_out_once_and_cut() {
    use daybook::tui::App;
    use daybook::tui::keymap::Keymap;
    use daybook::tui::theme::{Theme, Variant};
    use daybook::tui::wrapped::THREAD_INDENT;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let lines: Vec<String> = (1..=200)
        .map(|n| format!("reply row {n} with words enough to wrap at forty columns"))
        .collect();
    let a = load_str(&format!(
        r#"[{{"type":"message","user":"U1","ts":"1600000000.000001","text":"The question","thread_ts":"1600000000.000001","reply_count":1}},
           {{"type":"message","user":"U2","ts":"1600000001.000001","text":"{}","thread_ts":"1600000000.000001","parent_user_id":"U1"}}]"#,
        lines.join("\\n")
    ));
    let (w, h) = (60, 20);
    let mut app = App::new(
        &a,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, w, h),
    );
    let screen = |app: &App<'_>| -> Vec<String> {
        let mut buf = Buffer::empty(app.area);
        app.render(app.area, &mut buf);
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
                s
            })
            .collect()
    };
    let col = |row: &str, s: &str| daybook::text::width(&row[..row.find(s).unwrap()]);
    let reply = &app.wrapped.messages[1];
    assert!(
        reply
            .thread
            .as_deref()
            .is_some_and(|t| t.contains("The question"))
    );
    assert!(app.wrapped.messages[0].thread.is_none());
    // The body is wrapped narrower by the indent, and cut after the cap.
    let body_width = app.pane.body_width;
    for line in app.wrapped.lines_of(1) {
        let text = &reply.shown.text[line.clone()];
        assert!(daybook::text::width(text.trim_end()) <= body_width - THREAD_INDENT);
    }
    let more = reply.more.expect("a long reply is cut");
    let shown = app.wrapped.lines_of(1).len();
    assert_eq!(
        app.pane.heights[1],
        1 + shown + 1,
        "parent row, body, more row"
    );
    let wraps = app.wrapped.wraps;
    // Top of the day: the parent's row above the reply's first body row,
    // which sits two columns in.
    let rows = screen(&app);
    let quote = rows
        .iter()
        .position(|r| r.contains("↳"))
        .expect("parent row");
    assert!(rows[quote + 1].contains("reply row 1 "), "{rows:#?}");
    assert_eq!(
        col(&rows[quote + 1], "reply row 1 "),
        col(&rows[quote], "↳") + THREAD_INDENT
    );
    // Scrolled past the parent's row: the body stays indented and the top
    // row still names the speaker; the `more` row is indented under it.
    while app.scroll < app.pane.starts[1] + 1 {
        app.on_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('j'),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    assert_eq!(app.scroll, app.pane.starts[1] + 1);
    let rows = screen(&app);
    assert!(rows.iter().all(|r| !r.contains('↳')), "{rows:#?}");
    let first = rows.iter().position(|r| r.contains("reply row")).unwrap();
    assert!(rows[first].contains("reply row 1 "), "{rows:#?}");
    assert!(rows[first].contains("U2"), "the top row names the speaker");
    let body_col = app.pane.body_column + THREAD_INDENT;
    assert_eq!(col(&rows[first], "reply row"), body_col, "{rows:#?}");
    let end = app.pane.starts[1] + app.pane.heights[1];
    while app.scroll + app.pane_height() < end {
        app.on_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('j'),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    let rows = screen(&app);
    let label = more.label();
    let cut = rows
        .iter()
        .find(|r| r.contains(&label))
        .unwrap_or_else(|| panic!("{label:?} not on screen: {rows:#?}"));
    assert_eq!(col(cut, "…"), body_col);
    // A search restyles; it does not wrap again, and the parent's row stays.
    app.set_filter("row").expect("a query");
    assert_eq!(app.wrapped.wraps, wraps, "wrapped again");
    assert!(app.wrapped.messages[1].thread.is_some());
    assert_eq!(app.pane.heights[1], 1 + shown + 1);
}

#[test]
fn kinds_and_attachments_answer_the_query_language() {
    let w = fixture("workspace");
    let w = w.to_str().unwrap();
    let count = |q: &str| {
        let o = daybook(&["search", "--tz", "UTC", "--count", q, w]);
        stdout(&o).trim().to_owned()
    };
    // Joins, a topic, a purpose, a leave and a deleted thread parent.
    assert_eq!(count("is:system"), "6");
    assert_eq!(count("is:action"), "1");
    // A link preview, the old and new file shares, a comment on a file.
    assert_eq!(count("has:attachment"), "4");
    assert_eq!(count("has:file"), "3");
    assert_eq!(count("has:image"), "1");
    let o = daybook(&[
        "show",
        "2021-03-01",
        "--channel",
        "general",
        "--tz",
        "UTC",
        "--json",
        w,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let photos = &v["messages"][12];
    assert_eq!(photos["body"], "photos");
    let atts: Vec<(&str, &str)> = photos["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["kind"].as_str().unwrap(),
                a["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        atts,
        vec![
            ("image", "cat.png"),
            ("file", "Quarterly report"),
            ("file", "a deleted file")
        ]
    );
    assert_eq!(v["messages"][0]["kind"], "system");
    assert_eq!(v["messages"][5]["kind"], "action");
}

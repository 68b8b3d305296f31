//! Mixed archives: exports of several apps under one folder, opened
//! together. `tests/fixtures/mixed` holds the project's own fixtures of
//! every format daybook reads, side by side; the day list groups their
//! channels by app, `in:` matches apps and channels, `stats` and `days`
//! break the archive down by app. The last test reads the real samples of
//! `../shared/formats` and the reference corpus together, where present.

#[path = "support/shared.rs"]
mod shared;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;

use daybook::archive::{Options, Progress, formats};
use daybook::model::{Archive, MessageKind, Zone};
use daybook::tui::App;
use daybook::tui::app::{ListRow, Popup};
use daybook::tui::display::channel_label;
use daybook::tui::keymap::{Key, Keymap};
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed")
}

/// Reads `paths` with times in UTC, as the cli tests do with `--tz UTC`.
fn load(paths: &[PathBuf]) -> Archive {
    let options = Options {
        zone: Zone::parse("UTC").expect("UTC"),
        format: None,
    };
    daybook::archive::load_with_options(paths, &options, &Progress::default()).expect("load")
}

static MIXED: LazyLock<Archive> = LazyLock::new(|| load(&[fixture()]));

// ---------------------------------------------------------------------------
// The fixture itself
// ---------------------------------------------------------------------------

/// Every format daybook reads has its fixture in the mixed folder, and
/// every file there is read as what it is, with no problem reported.
#[test]
fn the_fixture_holds_every_format_and_reads_cleanly() {
    let a = &*MIXED;
    for d in &a.diagnostics {
        assert!(
            d.severity == daybook::model::Severity::Note,
            "{}",
            d.message
        );
    }
    for f in formats::REGISTRY {
        assert!(
            a.channels.iter().any(|c| c.app == f.app()),
            "no {} ({}) channel in tests/fixtures/mixed",
            f.name(),
            f.app()
        );
        assert!(
            a.files.iter().any(|file| file.format == f.name()),
            "no file of tests/fixtures/mixed is read as {}",
            f.name()
        );
    }
    // Channels are grouped by app: each app's channels come together.
    let apps: Vec<&str> = a.channels.iter().map(|c| c.app).collect();
    let mut seen: Vec<&str> = Vec::new();
    for app in apps {
        if seen.last() != Some(&app) {
            assert!(!seen.contains(&app), "{app}'s channels are split");
            seen.push(app);
        }
    }
    assert_eq!(seen, a.apps());
    assert!(a.several_apps());
}

// ---------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------

fn app(w: u16, h: u16) -> App<'static> {
    App::new(
        &MIXED,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        Rect::new(0, 0, w, h),
    )
}

fn key(app: &mut App<'_>, spec: &str) {
    let k = Key::parse(spec).unwrap_or_else(|e| panic!("{e}"));
    let mut modifiers = k.modifiers;
    if let KeyCode::Char(c) = k.code {
        if c.is_uppercase() {
            modifiers |= KeyModifiers::SHIFT;
        }
    }
    app.on_key(KeyEvent::new(k.code, modifiers));
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// The screen as text, a wide character once, trailing spaces cut.
fn screen(app: &App<'_>) -> String {
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = daybook::text::width(sym).saturating_sub(1);
            row.push_str(sym);
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

fn status_line(app: &App<'_>) -> String {
    screen(app)
        .lines()
        .nth(usize::from(app.area.height) - 2)
        .unwrap_or("")
        .to_owned()
}

fn notice(app: &App<'_>) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// Where the selection is: app, channel and date.
fn at(app: &App<'_>) -> (String, String, String) {
    let day = app.current_day().expect("a day");
    let c = &app.archive.channels[day.channel as usize];
    (c.app.to_owned(), c.name.clone(), day.date.to_string())
}

#[test]
fn the_day_list_groups_channels_under_their_app() {
    // Tall enough for every row of the list.
    let a = app(100, 56);
    // An app header, then its channels, each with its months and days.
    let mut expected_apps = MIXED.apps().into_iter();
    let mut last_app = None;
    for (i, row) in a.rows.iter().enumerate() {
        match *row {
            ListRow::App(name) => {
                assert_eq!(Some(name), expected_apps.next());
                assert!(
                    matches!(a.rows.get(i + 1), Some(ListRow::Channel(_))),
                    "{row:?} is not followed by a channel"
                );
                last_app = Some(name);
            }
            ListRow::Channel(c) => {
                assert_eq!(Some(MIXED.channels[c as usize].app), last_app);
            }
            ListRow::Day(d) => {
                let c = MIXED.days[d].channel as usize;
                assert_eq!(Some(MIXED.channels[c].app), last_app);
            }
            ListRow::Month(..) => {}
        }
    }
    assert_eq!(expected_apps.next(), None);
    assert!(a.rows.len() <= 52, "{} rows do not fit", a.rows.len());
    insta::assert_snapshot!("mixed_day_list", screen(&a));
}

#[test]
fn channel_keys_cross_apps_and_say_so() {
    let mut a = app(100, 30);
    key(&mut a, "h");
    key(&mut a, "g");
    let first = at(&a);
    assert_eq!(first.0, MIXED.apps()[0]);
    // `>` walks every channel, across apps, in list order.
    let mut visited = vec![(first.0.clone(), first.1.clone())];
    for _ in 1..MIXED.channels.len() {
        key(&mut a, ">");
        let (app_name, channel, _) = at(&a);
        visited.push((app_name, channel));
    }
    let listed: Vec<(String, String)> = MIXED
        .channels
        .iter()
        .map(|c| (c.app.to_owned(), c.name.clone()))
        .collect();
    assert_eq!(visited, listed);
    // The status line and the notice name the app with the channel.
    let label = |a: &App<'_>| {
        let c = a.current_day().expect("a day").channel;
        channel_label(&a.archive.channels[c as usize])
    };
    let (app_name, _, _) = at(&a);
    assert!(
        status_line(&a).contains(&format!("{app_name} {} ·", label(&a))),
        "{}",
        status_line(&a)
    );
    key(&mut a, "<");
    let (app_name, _, _) = at(&a);
    assert!(
        notice(&a).starts_with(&format!("{app_name} {} (channel ", label(&a))),
        "{}",
        notice(&a)
    );
    // `]` from the last day of an app's last channel goes into the next app.
    key(&mut a, "g");
    let apps = MIXED.apps();
    let second = MIXED
        .channels
        .iter()
        .position(|c| c.app == apps[1])
        .unwrap();
    let last_of_first = MIXED.channels[second - 1].days.end - 1;
    while a.day != last_of_first {
        key(&mut a, "]");
    }
    key(&mut a, "]");
    assert_eq!(at(&a).0, apps[1]);
    assert!(
        notice(&a).starts_with(&format!("now in {} {} ", apps[1], label(&a))),
        "{}",
        notice(&a)
    );
}

#[test]
fn the_channel_picker_says_each_channels_app_and_finds_an_app_by_name() {
    let mut a = app(100, 30);
    key(&mut a, "#");
    type_text(&mut a, "wechat");
    let Some(Popup::Channels(p)) = &a.popup else {
        panic!("no channel picker");
    };
    let names: Vec<&str> = p
        .results
        .iter()
        .map(|&(c, _)| MIXED.channels[c as usize].app)
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|&n| n == "WeChat"), "{names:?}");
    let shown = screen(&a);
    assert!(
        shown.contains("WeChat · 1 day ") || shown.contains("WeChat · 2 days"),
        "{shown}"
    );
    key(&mut a, "enter");
    assert_eq!(at(&a).0, "WeChat");
}

#[test]
fn the_channel_picker_grows_to_show_every_date_where_there_is_room() {
    let mut a = app(140, 40);
    key(&mut a, "#");
    let shown = screen(&a);
    let mut checked = 0;
    for c in &MIXED.channels {
        let days = &MIXED.days[c.days.clone()];
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            continue;
        };
        let span = if first.date == last.date {
            first.date.to_string()
        } else {
            format!("{} – {}", first.date, last.date)
        };
        // The row with the channel's name ends with its whole span.
        let row = shown
            .lines()
            .find(|l| l.contains(&c.name) && l.contains(&format!("{} · ", c.app)))
            .unwrap_or_else(|| panic!("{} not listed:\n{shown}", c.name));
        assert!(
            row.contains(&format!(" · {span}│")),
            "{span}: {row}\n{shown}"
        );
        checked += 1;
    }
    assert!(checked > 5, "{shown}");
}

#[test]
fn statistics_view_breaks_the_totals_down_by_app() {
    let mut a = app(100, 40);
    // With no worker thread, the view counts at once.
    key(&mut a, "S");
    let stats = a.stats.as_ref().expect("statistics").1.clone();
    assert_eq!(stats.by_app.len(), MIXED.apps().len());
    let shown = screen(&a);
    assert!(shown.contains("│ By app"), "{shown}");
    for line in daybook::present::by_app_lines(&stats) {
        assert!(shown.contains(&format!("│ {line}")), "{line}\n{shown}");
    }
}

// ---------------------------------------------------------------------------
// The commands
// ---------------------------------------------------------------------------

fn daybook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["--tz", "UTC", "--color", "never"])
        .args(args)
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run daybook")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `search --count QUERY` over the fixture.
fn count(query: &str) -> usize {
    let dir = fixture();
    let o = daybook(&["search", "--count", query, dir.to_str().unwrap()]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{query}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o).trim().parse().expect("a count")
}

/// Messages of the fixture's channels of `app` (whose name contains `name`).
fn messages_in(app: Option<&str>, name: &str) -> usize {
    MIXED
        .channels
        .iter()
        .filter(|c| app.is_none_or(|a| c.app.eq_ignore_ascii_case(a)))
        .filter(|c| c.name.to_lowercase().contains(&name.to_lowercase()))
        .map(|c| {
            MIXED.days[c.days.clone()]
                .iter()
                .map(|d| d.messages.len())
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn in_matches_apps_and_channels() {
    let total = MIXED.message_count();
    for app in MIXED.apps() {
        let n = messages_in(Some(app), "");
        assert!(n > 0);
        assert_eq!(count(&format!("in:{}", app.to_lowercase())), n, "{app}");
        assert_eq!(count(&format!("in:{}", app.to_uppercase())), n, "{app}");
        assert_eq!(count(&format!("-in:{app}")), total - n, "{app}");
    }
    // A channel name matches in every app: the fixture has a "Family" in
    // WeChat and a "family" in Slack.
    let family = messages_in(None, "family");
    assert!(family > messages_in(Some("WeChat"), "family"));
    assert_eq!(count(r#"in:"Family""#), family);
    // APP/NAME: that app's channels only.
    assert_eq!(
        count("in:wechat/family"),
        messages_in(Some("WeChat"), "family")
    );
    assert_eq!(
        count("in:slack/family"),
        messages_in(Some("Slack"), "family")
    );
    // Several in: are ORed.
    assert_eq!(
        count("in:slack in:wechat"),
        messages_in(Some("Slack"), "") + messages_in(Some("WeChat"), "")
    );
    // With a term: the picnic is talked of in both apps.
    assert_eq!(count("picnic in:slack"), 2);
    assert_eq!(count("picnic in:wechat"), 2);
    assert_eq!(count("picnic"), 4 + count("picnic -in:slack -in:wechat"));
    // The lines of a search name the channel.
    let dir = fixture();
    let o = daybook(&["search", "picnic in:wechat", dir.to_str().unwrap()]);
    assert_eq!(
        stdout(&o),
        "2020-05-03 09:00:00  Family  Lena: Family picnic on Sunday, who is in?\n\
         2020-05-02 19:05:00  家族群  小明: 收到，picnic 的照片很好看\n"
    );
}

#[test]
fn stats_breaks_counts_down_by_app() {
    let dir = fixture();
    let o = daybook(&["stats", "--json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let by_app = v["by_app"].as_array().expect("by_app");
    let names: Vec<&str> = by_app.iter().map(|a| a["app"].as_str().unwrap()).collect();
    assert_eq!(names, MIXED.apps());
    let mut messages = 0;
    let mut system_all = 0;
    let mut days = 0;
    for a in by_app {
        let app = a["app"].as_str().unwrap();
        let channels: Vec<_> = MIXED.channels.iter().filter(|c| c.app == app).collect();
        let app_days: Vec<_> = channels
            .iter()
            .flat_map(|c| &MIXED.days[c.days.clone()])
            .collect();
        // System messages are counted apart, and their speakers are not
        // counted.
        let mut speakers: Vec<_> = app_days
            .iter()
            .flat_map(|d| d.messages.iter())
            .filter(|m| m.kind != MessageKind::System)
            .map(|m| m.speaker)
            .collect();
        let system: usize = app_days
            .iter()
            .flat_map(|d| d.messages.iter())
            .filter(|m| m.kind == MessageKind::System)
            .count();
        speakers.sort_unstable();
        speakers.dedup();
        assert_eq!(a["channels"], channels.len(), "{app}");
        assert_eq!(a["days"], app_days.len(), "{app}");
        assert_eq!(a["system"], system, "{app}");
        assert_eq!(a["messages"], messages_in(Some(app), "") - system, "{app}");
        assert_eq!(a["speakers"], speakers.len(), "{app}");
        let first = app_days.iter().map(|d| d.date).min().unwrap();
        assert_eq!(a["first_day"], first.to_string(), "{app}");
        messages += a["messages"].as_u64().unwrap();
        system_all += a["system"].as_u64().unwrap();
        days += a["days"].as_u64().unwrap();
    }
    assert_eq!(v["messages"], messages);
    assert_eq!(v["system"], system_all);
    assert_eq!(v["days"], days);

    // The text output: a line per app under the totals.
    let o = daybook(&["stats", dir.to_str().unwrap()]);
    let text = stdout(&o);
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "By app")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(block.len(), names.len(), "{text}");
    for (line, a) in block.iter().zip(by_app) {
        let app = a["app"].as_str().unwrap();
        assert!(line.starts_with(&format!("  {app} ")), "{line}");
        let words: Vec<&str> = line.split_whitespace().collect();
        let figure = |what: &str| -> u64 {
            let i = words
                .iter()
                .position(|w| w.trim_end_matches('s') == what)
                .unwrap_or_else(|| panic!("no {what} in {line}"));
            words[i - 1].parse().unwrap()
        };
        for what in ["channel", "day", "message", "speaker"] {
            assert_eq!(figure(what), a[format!("{what}s")], "{line}");
        }
        assert!(
            line.ends_with(&format!(
                "  {} to {}",
                a["first_day"].as_str().unwrap(),
                a["last_day"].as_str().unwrap()
            )),
            "{line}"
        );
    }
    // One app: no breakdown in the text, one entry in the JSON.
    let wechat = fixture().join("wechat");
    let o = daybook(&["stats", wechat.to_str().unwrap()]);
    assert!(!stdout(&o).contains("By app"));
    let o = daybook(&["stats", "--json", wechat.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["by_app"].as_array().unwrap().len(), 1);
    assert_eq!(v["by_app"][0]["app"], "WeChat");
    assert_eq!(v["by_app"][0]["messages"], v["messages"]);
}

#[test]
fn days_groups_by_app_and_json_carries_app_and_format() {
    let dir = fixture();
    let o = daybook(&["days", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // Each app's name, then its days; a blank line between apps.
    let groups: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(groups.len(), MIXED.apps().len(), "{text}");
    for (group, app) in groups.iter().zip(MIXED.apps()) {
        let mut lines = group.lines();
        assert_eq!(lines.next(), Some(app));
        let days = MIXED
            .days
            .iter()
            .filter(|d| MIXED.channels[d.channel as usize].app == app)
            .count();
        assert_eq!(lines.count(), days, "{app}");
    }
    // Each line is a day of the archive, in its order.
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("20")).collect();
    assert_eq!(lines.len(), MIXED.days.len());
    for (line, day) in lines.iter().zip(&MIXED.days) {
        let channel = MIXED.channel_name(day);
        assert!(
            line.starts_with(&format!(
                "{}  {}  {channel} ",
                day.date,
                day.date.format("%a")
            )),
            "{line}"
        );
    }
    let o = daybook(&["days", "--json", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), MIXED.days.len());
    for (row, day) in rows.iter().zip(&MIXED.days) {
        let c = &MIXED.channels[day.channel as usize];
        assert_eq!(row["app"], c.app);
        assert_eq!(row["channel"], c.name.as_str());
        let format = formats::REGISTRY
            .iter()
            .find(|f| f.app() == c.app)
            .unwrap()
            .name();
        assert_eq!(row["format"], format);
    }
    // One app: no app line.
    let wechat = fixture().join("wechat");
    let o = daybook(&["days", wechat.to_str().unwrap()]);
    assert!(stdout(&o).starts_with("2020-05-03  Sun  Family"));
}

// ---------------------------------------------------------------------------
// The real samples and the reference corpus, together
// ---------------------------------------------------------------------------

fn shared() -> Option<(PathBuf, PathBuf)> {
    let test = "the mixed real samples";
    Some((
        shared::shared("formats", test)?,
        shared::shared("corpus", test)?,
    ))
}

/// A listing that goes with a Slack export (its channels or users), not a
/// chat of its own.
fn is_listing(name: &str) -> bool {
    name.ends_with("channels.json") || name.ends_with("users.json")
}

/// Opened together, every sample of every format daybook reads becomes
/// channels under its app (and of no other app), the corpus stays WeChat's,
/// samples of formats it does not read yet make no channel, and the day
/// list has each app's header once, over its channels.
#[test]
fn every_real_sample_becomes_channels_under_its_app() {
    let Some((formats_dir, corpus)) = shared() else {
        return;
    };
    let archive = load(&[formats_dir.clone(), corpus.clone()]);
    let a = &archive;
    // The days each file under `p` gave, as (app, format).
    let from = |p: &Path| -> Vec<(&'static str, &'static str)> {
        a.days
            .iter()
            .flat_map(|d| {
                d.sources.iter().filter_map(move |&f| {
                    let file = &a.files[f as usize];
                    file.path
                        .starts_with(p)
                        .then(|| (a.channels[d.channel as usize].app, file.format))
                })
            })
            .collect()
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&formats_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut read = Vec::new();
    let mut not_read = Vec::new();
    for folder in &folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let Some(format) = formats::by_name(&name) else {
            assert!(
                from(folder).is_empty(),
                "{name} is not a format daybook reads, yet its samples made days: {:?}",
                from(folder)
            );
            not_read.push(name);
            continue;
        };
        let mut samples: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        samples.sort();
        for sample in samples {
            let days = from(&sample);
            let file = sample.file_name().unwrap().to_string_lossy();
            if !is_listing(&file) {
                assert!(
                    !days.is_empty(),
                    "{}: no channel came of it",
                    sample.display()
                );
            }
            for (app, read_as) in days {
                assert_eq!(app, format.app(), "{}", sample.display());
                assert_eq!(read_as, format.name(), "{}", sample.display());
            }
        }
        read.push(name);
    }
    // The corpus: WeChat days, one channel per folder.
    let days = from(&corpus);
    assert!(!days.is_empty());
    assert!(
        days.iter()
            .all(|&(app, f)| app == "WeChat" && f == "jekyll")
    );
    // Nothing outside the format folders and the corpus makes a day (the
    // notes beside the samples are skipped).
    let outside = a
        .days
        .iter()
        .filter(|d| {
            d.sources.iter().all(|&f| {
                let p = &a.files[f as usize].path;
                !p.starts_with(&corpus) && !folders.iter().any(|x| p.starts_with(x))
            })
        })
        .count();
    assert_eq!(outside, 0);
    // The day list: one header per app, in channel order, each over its
    // channels.
    let app = App::new(
        a,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        Rect::new(0, 0, 100, 30),
    );
    let headers: Vec<&str> = app
        .rows
        .iter()
        .filter_map(|r| match r {
            ListRow::App(name) => Some(*name),
            _ => None,
        })
        .collect();
    assert_eq!(headers, a.apps());
    let mut per_app = String::new();
    for name in a.apps() {
        let channels = a.channels.iter().filter(|c| c.app == name).count();
        let messages: usize = a
            .days
            .iter()
            .filter(|d| a.channels[d.channel as usize].app == name)
            .map(|d| d.messages.len())
            .sum();
        per_app.push_str(&format!(
            " {name}: {channels} channels, {messages} messages;"
        ));
    }
    let _ = writeln!(
        std::io::stderr(),
        "read together:{per_app} formats read: {}; not read yet: {}",
        read.join(", "),
        not_read.join(", ")
    );
}

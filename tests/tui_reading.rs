//! What a first week of reading real archives found in the interface
//! (issue 9): dates that land where asked, channels as first-class places,
//! matches that show, speakers that keep their name and colour, a help that
//! scrolls and wraps. Driven through `App` as keys, on
//! `tests/fixtures/channels`: three channels (design, ops, support) whose
//! dates interleave as real group chats do.

use std::path::Path;
use std::sync::LazyLock;

use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::app::{FilterMode, Popup};
use daybook::tui::keymap::{Key, Keymap, Mode};
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Color;

fn fixture_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/channels")
}

static CHANNELS: LazyLock<Archive> =
    LazyLock::new(|| daybook::archive::load(&[fixture_path()]).expect("load the fixture"));

fn app(w: u16, h: u16, variant: Variant) -> App<'static> {
    App::new(
        &CHANNELS,
        Keymap::default_map(),
        Theme::new(variant),
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

fn keys(app: &mut App<'_>, specs: &[&str]) {
    for s in specs {
        key(app, s);
    }
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn go_to(app: &mut App<'_>, date: &str) {
    key(app, ":");
    type_text(app, date);
    key(app, "enter");
}

/// Where the selection is: date and channel.
fn at(app: &App<'_>) -> (String, String) {
    let day = app.current_day().expect("a day");
    (
        day.date.to_string(),
        app.archive.channel_name(day).to_string(),
    )
}

fn here(date: &str, channel: &str) -> (String, String) {
    (date.to_string(), channel.to_string())
}

fn notice(app: &App<'_>) -> Option<String> {
    app.notice.as_ref().map(|n| n.text.clone())
}

fn draw(app: &App<'_>) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

/// Row `y` as text, a wide character once.
fn row_text(buf: &Buffer, y: u16) -> String {
    let mut s = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = daybook::text::width(sym).saturating_sub(1);
        s.push_str(sym);
    }
    s
}

fn screen(app: &App<'_>) -> String {
    let buf = draw(app);
    (0..buf.area.height)
        .map(|y| row_text(&buf, y).trim_end().to_string() + "\n")
        .collect()
}

/// The screen row of the first line of shown message `i` (after its gap row).
fn row_of(app: &App<'_>, i: usize) -> Option<u16> {
    let start = app.pane.starts[i] + usize::from(app.pane.gaps[i]);
    let y = start.checked_sub(app.scroll)?;
    (y < app.pane_height()).then(|| app.regions.pane_inner.y + y as u16)
}

/// The index among shown messages of the first one at `time`.
fn message_at(app: &App<'_>, time: &str) -> usize {
    let day = app.current_day().unwrap();
    app.pane
        .visible
        .iter()
        .position(|&m| day.messages[m as usize].time.to_string() == time)
        .unwrap_or_else(|| panic!("a message at {time}"))
}

fn on_ops_busy_day(w: u16, h: u16, variant: Variant) -> App<'static> {
    let mut a = app(w, h, variant);
    key(&mut a, "#");
    type_text(&mut a, "ops");
    key(&mut a, "enter");
    go_to(&mut a, "2018-01-22");
    assert_eq!(at(&a), here("2018-01-22", "ops"));
    a
}

#[test]
fn the_date_prompt_lands_where_asked() {
    let mut a = app(100, 30, Variant::Mono);
    assert_eq!(at(&a), here("2019-01-07", "support"));
    key(&mut a, "#");
    type_text(&mut a, "ops");
    key(&mut a, "enter");
    assert_eq!(at(&a), here("2018-03-21", "ops"));

    // A year: its first day in this channel, not the day nearest to 1 January
    // (2017-12-24 is nearer to it than 2018-01-22).
    go_to(&mut a, "2018");
    assert_eq!(at(&a), here("2018-01-22", "ops"));
    assert_eq!(notice(&a), None);
    // A month: its first day.
    go_to(&mut a, "2018-03");
    assert_eq!(at(&a), here("2018-03-21", "ops"));
    assert_eq!(notice(&a), None);
    // -3: the nearest day at or before three days back, not the day itself.
    go_to(&mut a, "-3");
    assert_eq!(at(&a), here("2018-02-16", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("no messages on 2018-03-18; the nearest day before it: 2018-02-16")
    );
    // +30 from 2018-02-16 is 2018-03-18: the nearest day at or after it.
    go_to(&mut a, "+30");
    assert_eq!(at(&a), here("2018-03-21", "ops"));
    // A date this channel lacks and another holds: that channel's day.
    go_to(&mut a, "2017-05-05");
    assert_eq!(at(&a), here("2017-05-05", "design"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("#ops has no 2017-05-05; showing 2017-05-05 in #design")
    );
    // A month this channel lacks: the first day of it in another channel
    // with messages (ops has an empty 2017-12-09, then 2017-12-24).
    go_to(&mut a, "2017-12");
    assert_eq!(at(&a), here("2017-12-24", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("#design has no day in 2017-12; showing 2017-12-24 in #ops")
    );
    // An exact date is taken even when the day has no messages.
    go_to(&mut a, "2017-12-09");
    assert_eq!(at(&a), here("2017-12-09", "ops"));
    assert!(a.pane.visible.is_empty());
    // A year nobody has: the nearest day with messages, in this channel.
    go_to(&mut a, "2020");
    assert_eq!(at(&a), here("2018-03-21", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("no messages in 2020; nearest day: 2018-03-21")
    );
    // Nothing before the first day: stay, and say so.
    go_to(&mut a, "2017-12-24");
    go_to(&mut a, "-30");
    assert_eq!(at(&a), here("2017-12-24", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("no day on or before 2017-11-24 in #ops")
    );
}

#[test]
fn channels_have_keys_a_picker_and_a_place_in_the_status_line() {
    let mut a = app(100, 30, Variant::Mono);
    let s = screen(&a);
    let status = s.lines().nth(28).unwrap();
    assert!(
        status.starts_with(" #support · day 2/2 · message 1/3"),
        "{status}"
    );
    assert!(s.lines().nth(29).unwrap().contains("# channels"), "{s}");

    // > and <: the next and previous channel, on the nearest date.
    key(&mut a, "<");
    assert_eq!(at(&a), here("2018-03-21", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("#ops (channel 2 of 3): no 2019-01-07; nearest day 2018-03-21")
    );
    go_to(&mut a, "2018-01-22");
    key(&mut a, "<");
    assert_eq!(at(&a), here("2018-01-22", "design"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("#design (channel 1 of 3): 2018-01-22")
    );
    key(&mut a, "<");
    assert_eq!(notice(&a).as_deref(), Some("this is the first channel"));
    keys(&mut a, &[">", ">"]);
    assert_eq!(at(&a), here("2019-01-01", "support"));
    key(&mut a, ">");
    assert_eq!(notice(&a).as_deref(), Some("this is the last channel"));

    // ] and [ say when they cross into another channel.
    go_to(&mut a, "2018-03-25");
    assert_eq!(at(&a), here("2018-03-25", "design"));
    key(&mut a, "]");
    assert_eq!(at(&a), here("2017-12-09", "ops"));
    assert_eq!(
        notice(&a).as_deref(),
        Some("now in #ops (channel 2 of 3): 2017-12-09")
    );
    key(&mut a, "]");
    assert_eq!(notice(&a), None, "within a channel, nothing to say");
    keys(&mut a, &["[", "["]);
    assert_eq!(
        notice(&a).as_deref(),
        Some("now in #design (channel 1 of 3): 2018-03-25")
    );

    // # lists the channels, the current one under the cursor.
    key(&mut a, "#");
    assert_eq!(a.mode(), Mode::Picker);
    let Some(Popup::Channels(p)) = &a.popup else {
        panic!("{:?}", a.popup)
    };
    assert_eq!(p.results.len(), 3);
    assert_eq!(p.cursor, 0);
    insta::assert_snapshot!("channel_picker", screen(&a));
    // Typing filters; Enter goes there, on the nearest date.
    type_text(&mut a, "sup");
    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    assert_eq!(at(&a), here("2019-01-01", "support"));
    // Esc leaves everything as it was; Space selects nothing here.
    keys(&mut a, &["#", "down", "space", "esc"]);
    assert_eq!(a.popup, None);
    assert_eq!(at(&a), here("2019-01-01", "support"));
    let s = screen(&a);
    assert!(
        s.lines()
            .nth(28)
            .unwrap()
            .starts_with(" #support · day 1/2"),
        "{s}"
    );
}

#[test]
fn one_channel_has_nowhere_else_to_go() {
    let sample = daybook::archive::load_embedded();
    let mut a = App::new(
        &sample,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 30),
    );
    key(&mut a, ">");
    assert_eq!(notice(&a).as_deref(), Some("this archive has one channel"));
    // No channel name where there is only one, and no hint for #.
    let s = screen(&a);
    assert!(s.lines().nth(28).unwrap().starts_with(" day 15/15"), "{s}");
    assert!(!s.contains("# channels"));
}

#[test]
fn highlight_mode_marks_what_a_speaker_filter_matches() {
    let mut a = on_ops_busy_day(100, 60, Variant::Dark);
    key(&mut a, "@");
    type_text(&mut a, "Oskar");
    key(&mut a, "enter");
    assert_eq!(a.filter.mode, FilterMode::Highlight);
    assert_eq!(a.pane.hit_count, 3);
    let buf = draw(&a);
    let time_w = a.look.time_width() as u16;
    let inner = a.regions.pane_inner;
    let mark = a.theme.mark;
    let day = a.current_day().unwrap();
    let mut marked = 0;
    for i in 0..a.pane.visible.len() {
        let Some(y) = row_of(&a, i) else { continue };
        let msg = &day.messages[a.pane.visible[i] as usize];
        let is_oskar = a.archive.speakers.name(msg.speaker) == "Oskar";
        let cell = &buf[(inner.x + time_w, y)];
        assert_eq!(
            cell.symbol() == "▌" && cell.fg == mark.fg.unwrap(),
            is_oskar,
            "row {y}: {}",
            row_text(&buf, y)
        );
        if is_oskar {
            marked += 1;
            // The name itself is marked as a hit.
            let name = &buf[(inner.x + time_w + 1, y)];
            assert_eq!(name.symbol(), "O");
            assert_eq!(name.bg, a.theme.hit.bg.unwrap());
        }
    }
    assert_eq!(marked, 3);
    // In filter mode every message shown matches: no marks.
    key(&mut a, "f");
    assert_eq!(a.pane.visible.len(), 3);
    let buf = draw(&a);
    let y = row_of(&a, 0).unwrap();
    assert_ne!(buf[(inner.x + time_w, y)].symbol(), "▌");

    // The same screen without colours, as a person sees it.
    let mut m = on_ops_busy_day(100, 24, Variant::Mono);
    key(&mut m, "@");
    type_text(&mut m, "Oskar");
    key(&mut m, "enter");
    insta::assert_snapshot!("highlight_speaker_oskar", screen(&m));
}

#[test]
fn a_jump_to_a_match_leaves_context_and_the_selection_is_a_whole_row() {
    let mut a = on_ops_busy_day(100, 20, Variant::Dark);
    let h = a.pane_height();
    key(&mut a, "/");
    type_text(&mut a, "回滚方案");
    key(&mut a, "enter");
    let i = message_at(&a, "08:50:00");
    assert_eq!(a.selected, i);
    // A third of the pane above the match, not the match on the last row.
    assert_eq!(a.pane.starts[i] - a.scroll, h / 3);
    let s = screen(&a);
    assert!(
        s.contains("回滚方案  match 1 of 1 · 1 here · highlight"),
        "{s}"
    );
    // The selected message's whole first row carries the selection.
    let buf = draw(&a);
    let y = row_of(&a, i).unwrap();
    let inner = a.regions.pane_inner;
    let bg = a.theme.selection_row.bg.unwrap();
    let mut x = inner.left();
    while x < inner.right() {
        // The terminal paints a wide character's background over both columns.
        let cell = &buf[(x, y)];
        assert!(
            cell.bg == bg || Some(cell.bg) == a.theme.hit.bg,
            "column {x} of the selected row: {cell:?}"
        );
        x += daybook::text::width(cell.symbol()).max(1) as u16;
    }
    // The row after it does not.
    assert_eq!(buf[(inner.right() - 1, y + 1)].bg, Color::Reset);

    // n from the middle of a day to a match further down keeps context too.
    go_to(&mut a, "2018-01-22");
    key(&mut a, "/");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "何静");
    key(&mut a, "esc");
    key(&mut a, "/");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "迁移");
    key(&mut a, "enter");
    assert_eq!(a.match_number(), Some(1));
    key(&mut a, "n");
    let j = message_at(&a, "08:53:00");
    assert_eq!(a.selected, j);
    assert_eq!(a.match_number(), Some(2));
    assert!(
        a.pane.starts[j] - a.scroll >= h / 3,
        "context above the match"
    );
}

#[test]
fn a_group_that_started_above_the_pane_still_shows_its_speaker() {
    let mut a = on_ops_busy_day(100, 12, Variant::Mono);
    let inner = a.regions.pane_inner;
    // Two turns of the wheel: the top row is the second line of 08:06:00,
    // the second of four messages 林桥-星河支付-架构 sent in a row.
    for _ in 0..2 {
        a.on_mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: inner.x + 10,
            row: inner.y + 2,
            modifiers: KeyModifiers::NONE,
        });
    }
    assert_eq!(a.scroll, 6);
    let i = message_at(&a, "08:06:00");
    assert!(a.pane.grouped[i]);
    assert_eq!(a.pane.starts[i] + 1, a.scroll, "its second line is on top");
    let buf = draw(&a);
    let top = row_text(&buf, inner.y);
    assert!(top.contains("林桥-星河支付-…"), "{top}");
    // The rest of the group stays unnamed.
    let next = row_text(&buf, inner.y + 1);
    assert!(next.contains("峰值") && !next.contains("林桥"), "{next}");
    insta::assert_snapshot!("group_above_the_pane", screen(&a));
}

#[test]
fn the_speaker_picker_ranks_exact_names_first_and_reopens_on_the_selection() {
    let mut a = on_ops_busy_day(100, 30, Variant::Mono);
    let names = |a: &App<'_>| -> Vec<String> {
        match &a.popup {
            Some(Popup::Picker(p)) => p
                .results
                .iter()
                .map(|(id, _)| daybook::speaker::label(a.archive.speakers.name(*id)).into_owned())
                .collect(),
            other => panic!("expected the picker, got {other:?}"),
        }
    };
    key(&mut a, "@");
    type_text(&mut a, "林桥");
    // 林桥 wrote once, 林桥-星河支付-架构 four times: the exact name first,
    // then the name it begins.
    assert_eq!(names(&a)[..2], ["林桥", "林桥-星河支付-架构"]);
    key(&mut a, "space");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "Priya");
    key(&mut a, "space");
    key(&mut a, "enter");
    assert_eq!(a.filter.text, "from:林桥 from:Priya");
    // Reopened: the selected speakers first, ticked.
    key(&mut a, "@");
    assert_eq!(names(&a)[..2], ["Priya", "林桥"]);
    let s = screen(&a);
    assert!(s.contains("[x] Priya"), "{s}");
    assert!(s.contains("[x] 林桥"), "{s}");
    // Esc closes the picker, a second Esc clears the filter.
    keys(&mut a, &["esc", "esc"]);
    assert!(!a.filter.is_active());

    // The speaker without a name is found by the name the screen shows.
    key(&mut a, "@");
    type_text(&mut a, "no name");
    assert_eq!(names(&a)[0], "(no name)");
    key(&mut a, "enter");
    assert_eq!(a.filter.text, "from:\"(no name)\"");
    assert_eq!(a.pane.hit_count, 3);
    assert_eq!(a.filter.total, 3);
}

#[test]
fn the_help_scrolls_visibly_and_wraps_at_narrow_widths() {
    let mut a = app(40, 20, Variant::Mono);
    key(&mut a, "?");
    let s = screen(&a);
    // Descriptions wrap under their keys instead of being dropped.
    assert!(s.contains("switch focus between the day"), "{s}");
    assert!(s.contains("list and the messages"), "{s}");
    // The bottom border says where the view is and how to move it.
    let bottom = s.lines().nth(19).unwrap();
    assert!(bottom.contains(" 1–18 of "), "{bottom}");
    assert!(bottom.contains("j k scroll ↓"), "{bottom}");
    insta::assert_snapshot!("help_narrow_40x20", s);
    key(&mut a, "j");
    let s = screen(&a);
    assert!(s.lines().nth(19).unwrap().contains(" 2–19 of "), "{s}");
    // Wide enough, a description sits beside its keys.
    let mut w = app(100, 40, Variant::Mono);
    key(&mut w, "?");
    let s = screen(&w);
    assert!(
        s.lines()
            .any(|l| l.contains("Tab/Shift-Tab") && l.contains("switch focus between")),
        "{s}"
    );
}

#[test]
fn a_speaker_has_one_colour_in_show_and_on_screen_and_a_day_tells_them_apart() {
    // daybook show, in colour: each speaker's name in its SGR colour.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args([
            "show",
            "2018-01-22",
            "--channel",
            "ops",
            "--color",
            "always",
        ])
        .args(["--width", "120"])
        .arg(fixture_path())
        .env_clear()
        .output()
        .expect("run daybook");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut shown: Vec<(String, u8)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.split("\x1b[1;38;5;").nth(1) else {
            continue;
        };
        let (code, rest) = rest.split_once('m').unwrap();
        let name = rest.split("\x1b[0m").next().unwrap().to_string();
        if !shown.iter().any(|(n, _)| *n == name) {
            shown.push((name, code.parse().unwrap()));
        }
    }
    assert_eq!(shown.len(), 12, "twelve named speakers: {shown:?}");
    let mut colours: Vec<u8> = shown.iter().map(|&(_, c)| c).collect();
    colours.sort_unstable();
    colours.dedup();
    assert_eq!(colours.len(), 12, "twelve colours: {shown:?}");

    // The interface, in the dark and the light theme: the same colours.
    for variant in [Variant::Dark, Variant::Light] {
        let a = on_ops_busy_day(120, 60, variant);
        let buf = draw(&a);
        let day = a.current_day().unwrap();
        let x = a.regions.pane_inner.x + a.look.time_width() as u16 + 1;
        let mut seen = 0;
        for i in 0..a.pane.visible.len() {
            if a.pane.grouped[i] {
                continue;
            }
            let Some(y) = row_of(&a, i) else { continue };
            let name = a
                .archive
                .speakers
                .name(day.messages[a.pane.visible[i] as usize].speaker);
            if name.is_empty() {
                continue;
            }
            let (_, code) = shown.iter().find(|(n, _)| n == name).unwrap();
            assert_eq!(
                buf[(x, y)].fg,
                Color::Indexed(*code),
                "{name} in {variant:?}"
            );
            seen += 1;
        }
        assert!(seen >= 20, "{seen} names checked");
    }
}

#[test]
fn a_speakers_list_in_the_config_colours_show_and_the_screen_alike() {
    // Four colours for twelve speakers: the day slots run over the list, and
    // start over once it is used up, in `show` as on the screen.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let text = "[colors]\nspeakers = [1, \"#00d7af\", \"green\", 208]\n";
    std::fs::write(&config, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daybook"))
        .arg("--config")
        .arg(&config)
        .args([
            "show",
            "2018-01-22",
            "--channel",
            "ops",
            "--color",
            "always",
        ])
        .args(["--width", "120"])
        .arg(fixture_path())
        .env_clear()
        .output()
        .expect("run daybook");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    // The bold SGR of each name, as the colour it sets.
    let mut shown: Vec<(String, Color)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.split("\x1b[1;").nth(1) else {
            continue;
        };
        let (code, rest) = rest.split_once('m').unwrap();
        let name = rest.split("\x1b[0m").next().unwrap().to_string();
        let colour = match code.split(';').collect::<Vec<_>>()[..] {
            ["38", "5", i] => Color::Indexed(i.parse().unwrap()),
            ["38", "2", r, g, b] => {
                Color::Rgb(r.parse().unwrap(), g.parse().unwrap(), b.parse().unwrap())
            }
            ["32"] => Color::Green,
            _ => panic!("{name}: unexpected SGR {code:?}"),
        };
        if !shown.iter().any(|(n, _)| *n == name) {
            shown.push((name, colour));
        }
    }
    assert_eq!(shown.len(), 12, "twelve named speakers: {shown:?}");
    let list = [
        Color::Indexed(1),
        Color::Rgb(0, 0xd7, 0xaf),
        Color::Green,
        Color::Indexed(208),
    ];
    for c in list {
        assert_eq!(
            shown.iter().filter(|(_, s)| *s == c).count(),
            3,
            "each colour of the list three times: {shown:?}"
        );
    }

    // The interface with the same file: the same colour for each speaker.
    let settings = daybook::settings::parse(&std::fs::read_to_string(&config).unwrap(), &config)
        .expect("the config parses");
    let mut a = on_ops_busy_day(120, 60, Variant::Dark);
    a.theme = Theme::from_settings(&settings, true);
    a.relayout();
    let buf = draw(&a);
    let day = a.current_day().unwrap();
    let x = a.regions.pane_inner.x + a.look.time_width() as u16 + 1;
    let mut seen = 0;
    for i in 0..a.pane.visible.len() {
        let name = a
            .archive
            .speakers
            .name(day.messages[a.pane.visible[i] as usize].speaker);
        if a.pane.grouped[i] || name.is_empty() {
            continue;
        }
        let Some(y) = row_of(&a, i) else { continue };
        let (_, colour) = shown.iter().find(|(n, _)| n == name).unwrap();
        assert_eq!(buf[(x, y)].fg, *colour, "{name}");
        seen += 1;
    }
    assert!(seen >= 20, "{seen} names checked");
}

#[test]
fn empty_bodies_leave_no_blank_lines_and_the_nameless_speaker_is_found() {
    for color in ["never", "always"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_daybook"))
            .args(["show", "2018-01-22", "--channel", "ops", "--color", color])
            .arg(fixture_path())
            .env_clear()
            .output()
            .expect("run daybook");
        let text = String::from_utf8(out.stdout).unwrap();
        for (n, line) in text.lines().enumerate() {
            let visible: String = strip_sgr(line);
            assert!(
                !visible.ends_with(' '),
                "--color {color}, line {}: {visible:?}",
                n + 1
            );
        }
        assert!(strip_sgr(&text).contains("\n08:30:00  (no name)\n08:30:05\n08:31:00"));
    }
    // `from:"(no name)"` finds the messages the screen shows under that name.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["search", "--count", "from:\"(no name)\""])
        .arg(fixture_path())
        .env_clear()
        .output()
        .expect("run daybook");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3");
    assert!(out.status.success());
    // y copies an empty message without a dangling space.
    let mut a = on_ops_busy_day(100, 30, Variant::Mono);
    a.selected = message_at(&a, "08:30:00");
    key(&mut a, "y");
    assert_eq!(
        a.effects,
        [daybook::tui::effects::Effect::Copy(
            "2018-01-22 08:30:00 (no name):".into()
        )]
    );
}

/// `line` without its SGR sequences.
fn strip_sgr(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('m').map_or(rest.len(), |m| m + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

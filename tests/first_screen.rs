//! The first screen before the load ends: the archive of the first day
//! (`archive::first_day`), the interface in its loading state drawn whole
//! on ratatui's `TestBackend`, and the swap to the whole archive on the
//! same day and message, through the same entry points the interactive
//! loop uses (`App::carry`, `App::restore`, `Memory::restore`).

use std::path::{Path, PathBuf};

use daybook::archive::{Options, first_day, load};
use daybook::model::Archive;
use daybook::state::{ArchiveState, State};
use daybook::tui::App;
use daybook::tui::app::Popup;
use daybook::tui::keymap::Keymap;
use daybook::tui::loading::Loading;
use daybook::tui::memory::Memory;
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// Writes one day file of the reference format: `n` messages alternating
/// between two speakers, with CJK, emoji and a combining mark.
fn day(root: &Path, folder: &str, date: &str, n: usize) {
    let dir = root.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::new();
    for i in 0..n {
        let who = if i % 2 == 0 { "李雷" } else { "Zoë" };
        text.push_str(&format!(
            "> 09:{:02}:00  {who}\n\n{folder} {date} note {i}: 今天开会 🎉 cafe\u{301}\n\n",
            i % 60
        ));
    }
    std::fs::write(dir.join(format!("{date}-chat.md")), text).unwrap();
}

/// Two channels, `team` (three days) and `family` (two), in a temporary folder.
fn archive_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    day(dir.path(), "team", "2021-05-01", 4);
    day(dir.path(), "team", "2021-05-02", 30);
    day(dir.path(), "team", "2021-05-03", 6);
    day(dir.path(), "family", "2021-05-02", 5);
    day(dir.path(), "family", "2021-05-03", 3);
    dir
}

const LOADING: Loading = Loading {
    files_done: 2,
    files_total: 5,
    bytes: 4_321,
};

/// A state file in a temporary folder that remembers `date`, `channel`
/// and the message on `line` as read last in the archive of `paths`; the
/// folder, the file, and the memory that reads it.
fn remembered(
    paths: &[PathBuf],
    date: &str,
    channel: &str,
    line: u32,
) -> (tempfile::TempDir, PathBuf, Memory) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let key = daybook::state::archive_key(paths);
    let mut s = State::default();
    s.archives.insert(
        key.clone(),
        ArchiveState {
            last_date: Some(date.into()),
            last_channel: Some(channel.into()),
            last_line: Some(line),
            bookmarks: Vec::new(),
        },
    );
    s.write(&state).unwrap();
    let memory = Memory::new(Some(state.clone()), key);
    (dir, state, memory)
}

fn app(archive: &Archive, w: u16, h: u16) -> App<'_> {
    App::new(
        archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, w, h),
    )
}

fn press(app: &mut App<'_>, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn screen(app: &App<'_>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip
                .max(unicode_width::UnicodeWidthStr::width(cell.symbol()))
                .saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The selected message: channel, date and header line.
fn selection(app: &App<'_>) -> (String, String, u32) {
    let day = app.current_day().unwrap();
    let m = app.pane.visible[app.selected] as usize;
    (
        app.archive.channel_name(day).to_string(),
        day.date.to_string(),
        day.messages[m].line,
    )
}

/// What the whole archive's app starts from, as the loop builds it.
fn swap<'a>(first: &App<'_>, whole: &'a Archive) -> App<'a> {
    let kept: Vec<usize> = whole.days.iter().map(|d| d.messages.len()).collect();
    let mut next = app(whole, first.area.width, first.area.height);
    next.restore(first.carry(), &kept);
    next
}

#[test]
fn the_latest_day_of_each_channel_is_read_first() {
    let dir = archive_dir();
    let paths = vec![dir.path().to_path_buf()];
    let first = first_day(&paths, &Options::default(), None).unwrap();
    let days: Vec<(String, String)> = first
        .days
        .iter()
        .map(|d| (first.channel_name(d).to_string(), d.date.to_string()))
        .collect();
    assert_eq!(
        days,
        [
            ("family".to_string(), "2021-05-03".to_string()),
            ("team".to_string(), "2021-05-03".to_string())
        ]
    );
    assert_eq!(first.message_count(), 9);
}

#[test]
fn the_remembered_date_is_read_first_while_it_is_there() {
    let dir = archive_dir();
    let paths = vec![dir.path().to_path_buf()];
    let o = Options::default();
    let on = |date: &str| -> Vec<String> {
        let d = date.parse().unwrap();
        let first = first_day(&paths, &o, Some(d)).unwrap();
        first
            .days
            .iter()
            .map(|d| format!("{} {}", first.channel_name(d), d.date))
            .collect()
    };
    assert_eq!(on("2021-05-01"), ["team 2021-05-01"]);
    assert_eq!(on("2021-05-02"), ["family 2021-05-02", "team 2021-05-02"]);
    // Gone since: the latest date.
    assert_eq!(on("2020-01-01"), ["family 2021-05-03", "team 2021-05-03"]);
}

#[test]
fn no_first_day_when_it_would_be_the_whole_archive() {
    let dir = tempfile::tempdir().unwrap();
    day(dir.path(), "team", "2021-05-01", 4);
    let paths = vec![dir.path().to_path_buf()];
    assert!(first_day(&paths, &Options::default(), None).is_none());
    // One export file holding every chat: it cannot be read faster than whole.
    let one = tempfile::tempdir().unwrap();
    let export = one.path().join("WhatsApp Chat with Ann.txt");
    std::fs::write(&export, "01/02/2020, 10:00 - Ann: hello\n").unwrap();
    assert!(first_day(&[export], &Options::default(), None).is_none());
    // A missing path: the whole load says so.
    let missing = vec![dir.path().join("nope")];
    assert!(first_day(&missing, &Options::default(), None).is_none());
}

#[test]
fn without_dated_names_the_newest_file_is_read_first() {
    let dir = tempfile::tempdir().unwrap();
    for who in ["Ann", "Bo"] {
        let line = format!("01/02/2020, 10:00 - {who}: hello from {who}\n");
        std::fs::write(
            dir.path().join(format!("WhatsApp Chat with {who}.txt")),
            line,
        )
        .unwrap();
    }
    an_hour_older(&dir.path().join("WhatsApp Chat with Ann.txt"));
    let paths = vec![dir.path().to_path_buf()];
    let first = first_day(&paths, &Options::default(), None).unwrap();
    assert_eq!(first.files.len(), 1);
    assert!(
        first.files[0].path.ends_with("WhatsApp Chat with Bo.txt"),
        "{:?}",
        first.files
    );
    assert_eq!(first.message_count(), 1);
}

#[test]
fn the_loading_frame() {
    let dir = archive_dir();
    let paths = vec![dir.path().to_path_buf()];
    let first = first_day(&paths, &Options::default(), None).unwrap();
    let mut a = app(&first, 90, 16);
    a.loading = Some(LOADING);
    a.relayout();
    insta::assert_snapshot!("first_screen_loading", screen(&a));
    // A key that needs the whole archive says so on the hint row.
    press(&mut a, '/');
    insta::assert_snapshot!("first_screen_loading_search_refused", screen(&a));
}

#[test]
fn the_whole_archive_comes_in_on_the_same_day_and_message() {
    let dir = archive_dir();
    let paths = vec![dir.path().to_path_buf()];
    // Read last: team's 2021-05-02, at its 21st message (header line 81).
    let (_state_dir, _, mut memory) = remembered(&paths, "2021-05-02", "team", 81);
    let last = memory.last_date();
    assert_eq!(last.map(|d| d.to_string()).as_deref(), Some("2021-05-02"));

    let first = first_day(&paths, &Options::default(), last).unwrap();
    assert_eq!(first.days.len(), 2, "both channels' 2021-05-02");
    let mut a = app(&first, 90, 16);
    a.loading = Some(LOADING);
    memory.restore(&mut a);
    assert!(!memory.missed());
    assert_eq!(selection(&a), ("team".into(), "2021-05-02".into(), 81));
    // Read on a little, and open the help.
    press(&mut a, 'j');
    press(&mut a, 'j');
    let here = selection(&a);
    assert_eq!(here, ("team".into(), "2021-05-02".into(), 89));
    let scroll = a.scroll;
    press(&mut a, '?');

    let whole = load(&paths).unwrap();
    let b = swap(&a, &whole);
    assert_eq!(b.loading, None);
    assert_eq!(selection(&b), here);
    assert_eq!(b.scroll, scroll);
    assert!(matches!(b.popup, Some(Popup::Help { .. })));
    assert!(!b.follow.active);
    assert_eq!(b.follow.new, 0);
    // Everything is there now.
    assert_eq!(b.archive.days.len(), 5);
    assert_eq!(b.listed_days().count(), 5);
}

#[test]
fn a_channel_named_among_more_channels_is_found_while_loading() {
    // `x/chat` and `y/chat`: the first day holds only `x/chat`, which it
    // calls `chat`.
    let dir = tempfile::tempdir().unwrap();
    day(dir.path(), "x/chat", "2021-01-01", 3);
    day(dir.path(), "x/chat", "2021-01-02", 3);
    day(dir.path(), "y/chat", "2021-01-01", 3);
    let paths: Vec<PathBuf> = vec![dir.path().to_path_buf()];
    let whole = load(&paths).unwrap();
    let names: Vec<&str> = whole.channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["x/chat", "y/chat"]);

    let (_state_dir, state, mut memory) = remembered(&paths, "2021-01-02", "x/chat", 5);
    let first = first_day(&paths, &Options::default(), memory.last_date()).unwrap();
    assert_eq!(first.channels[0].name, "chat");
    let mut a = app(&first, 90, 16);
    a.loading = Some(LOADING);
    memory.restore(&mut a);
    assert!(!memory.missed());
    assert_eq!(selection(&a), ("chat".into(), "2021-01-02".into(), 5));
    // Quitting now keeps the whole archive's name for the channel.
    press(&mut a, 'j');
    memory.save(&a).unwrap();
    let saved = State::read(&state).unwrap().unwrap();
    let entry = saved.archives.values().next().unwrap();
    assert_eq!(entry.last_channel.as_deref(), Some("x/chat"));
    assert_eq!(entry.last_line, Some(9));
    let b = swap(&a, &whole);
    assert_eq!(selection(&b), ("x/chat".into(), "2021-01-02".into(), 9));
}

#[test]
fn a_remembered_day_outside_the_first_file_is_restored_on_the_whole_archive() {
    // Two WhatsApp chats: no dates in the names, so the newest file is
    // read first; the day read last is in the other one.
    let dir = tempfile::tempdir().unwrap();
    for (who, date) in [("Ann", "01/02/2020"), ("Bo", "03/04/2021")] {
        let text =
            format!("{date}, 10:00 - {who}: hello from {who}\n{date}, 10:01 - Zoë: 你好 {who}\n");
        std::fs::write(
            dir.path().join(format!("WhatsApp Chat with {who}.txt")),
            text,
        )
        .unwrap();
    }
    an_hour_older(&dir.path().join("WhatsApp Chat with Ann.txt"));
    let paths = vec![dir.path().to_path_buf()];
    let whole = load(&paths).unwrap();
    let ann = whole
        .days
        .iter()
        .find(|d| whole.channel_name(d).contains("Ann"))
        .unwrap();
    let (date, channel) = (ann.date.to_string(), whole.channel_name(ann).to_string());

    let (_state_dir, _, mut memory) = remembered(&paths, &date, &channel, 2);
    let first = first_day(&paths, &Options::default(), memory.last_date()).unwrap();
    assert!(first.channels.iter().all(|c| c.name.contains("Bo")));
    let mut a = app(&first, 90, 16);
    a.loading = Some(LOADING);
    memory.restore(&mut a);
    // Not in the first file: the loop restores again on the whole archive.
    assert!(memory.missed());
    let mut b = app(&whole, 90, 16);
    memory.restore(&mut b);
    assert!(!memory.missed());
    assert_eq!(selection(&b), (channel, date, 2));
}

/// Sets `path`'s modification time an hour before now.
fn an_hour_older(path: &std::path::Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

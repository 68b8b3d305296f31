//! The interactive reader driven through its real entry points (`on_key`,
//! `on_mouse`, `resize`) on the bundled sample, with the state checked after
//! every step, and whole screens drawn into ratatui's `TestBackend` and
//! snapshotted with insta.
//!
//! The sample holds 15 days of one channel, 2018-01-10 … 2018-02-02; the
//! reference day 2018-01-22 has 189 messages. The app starts on the last day.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use daybook::archive::load_embedded;
use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::app::{FilterMode, Focus, ListRow, Popup, PromptKind};
use daybook::tui::keymap::{Key, Keymap, Mode};
use daybook::tui::theme::{Theme, Variant};
use daybook::tui::worker;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

static SAMPLE: LazyLock<Archive> = LazyLock::new(load_embedded);

const REFERENCE_DAY: &str = "2018-01-22";

// ---------------------------------------------------------------------------
// Driving the app

fn app_with(w: u16, h: u16, variant: Variant) -> App<'static> {
    let app = App::new(
        &SAMPLE,
        Keymap::default_map(),
        Theme::new(variant),
        Rect::new(0, 0, w, h),
    );
    check(&app);
    app
}

fn app(w: u16, h: u16) -> App<'static> {
    app_with(w, h, Variant::Mono)
}

/// The event a terminal sends for a key written as in the keymap
/// (`j`, `G`, `ctrl-d`, `pagedown`, `esc`): a typed capital carries SHIFT.
fn event(spec: &str) -> KeyEvent {
    let k = Key::parse(spec).unwrap_or_else(|e| panic!("{e}"));
    let mut modifiers = k.modifiers;
    if let KeyCode::Char(c) = k.code {
        if c.is_uppercase() {
            modifiers |= KeyModifiers::SHIFT;
        }
    }
    KeyEvent::new(k.code, modifiers)
}

/// Presses each key in turn, checking the invariants after each.
fn keys(app: &mut App<'_>, specs: &[&str]) {
    for s in specs {
        app.on_key(event(s));
        check(app);
    }
}

fn key(app: &mut App<'_>, spec: &str) {
    keys(app, &[spec]);
}

/// Types text into whatever has the keyboard, one character at a time.
fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        let modifiers = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.on_key(KeyEvent::new(KeyCode::Char(c), modifiers));
        check(app);
    }
}

/// `:` DATE Enter.
fn go_to(app: &mut App<'_>, date: &str) {
    key(app, ":");
    type_text(app, date);
    key(app, "enter");
}

/// `/` QUERY Enter, replacing the filter's text.
fn search(app: &mut App<'_>, query: &str) {
    key(app, "/");
    key(app, "ctrl-u");
    type_text(app, query);
    key(app, "enter");
}

fn mouse(app: &mut App<'_>, kind: MouseEventKind, column: u16, row: u16) {
    app.on_mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
    check(app);
}

fn resize(app: &mut App<'_>, w: u16, h: u16) {
    app.resize(Rect::new(0, 0, w, h));
    check(app);
}

/// The date of the selected day.
fn date(app: &App<'_>) -> String {
    app.current_day().expect("a day").date.to_string()
}

fn day_index(date: &str) -> usize {
    SAMPLE
        .days
        .iter()
        .position(|d| d.date.to_string() == date)
        .unwrap_or_else(|| panic!("{date} is in the sample"))
}

/// Time and body of the selected message.
fn selected_message(app: &App<'_>) -> (String, String) {
    let day = app.current_day().expect("a day");
    let m = &day.messages[app.pane.visible[app.selected] as usize];
    (m.time.to_string(), day.body(m).to_string())
}

fn notice(app: &App<'_>) -> Option<String> {
    app.notice.as_ref().map(|n| n.text.clone())
}

fn listed_dates(app: &App<'_>) -> Vec<String> {
    app.listed_days()
        .map(|d| app.archive.days[d].date.format("%m-%d").to_string())
        .collect()
}

fn prompt_error(app: &App<'_>) -> Option<String> {
    match &app.popup {
        Some(Popup::Prompt(p)) => p.error.clone(),
        other => panic!("expected a prompt, got {other:?}"),
    }
}

fn picker_names(app: &App<'_>) -> Vec<String> {
    match &app.popup {
        Some(Popup::Picker(p)) => p
            .results
            .iter()
            .map(|(id, _)| app.archive.speakers.name(*id).to_string())
            .collect(),
        other => panic!("expected the picker, got {other:?}"),
    }
}

/// Rows of the selected message, and whether any of them is on screen.
fn selection_in_view(app: &App<'_>) -> bool {
    let (Some(&start), Some(&height)) = (
        app.pane.starts.get(app.selected),
        app.pane.heights.get(app.selected),
    ) else {
        return true;
    };
    let h = app.pane_height();
    h == 0 || (start < app.scroll + h && start + height > app.scroll)
}

/// What must hold after every step.
fn check(app: &App<'_>) {
    let n = app.pane.visible.len();
    if n == 0 {
        assert_eq!(app.selected, 0, "selection with nothing shown");
    } else {
        assert!(app.selected < n, "selected {} of {n}", app.selected);
    }
    assert!(
        app.scroll <= app.max_scroll(),
        "scroll {} > max {}",
        app.scroll,
        app.max_scroll()
    );
    assert!(app.day < app.archive.days.len());
    assert_eq!(app.pane.day, app.day, "the pane shows the selected day");
    assert_eq!(app.pane.starts.len(), n);
    assert_eq!(app.pane.heights.len(), n);
    assert_eq!(app.pane.total_rows, app.pane.heights.iter().sum::<usize>());
    assert!(selection_in_view(app), "the selected message is off screen");
    assert!(
        app.rows.contains(&ListRow::Day(app.day)),
        "the selected day is in the day list"
    );
    assert!(app.list_scroll <= app.rows.len().saturating_sub(app.list_height()));
    if !app.day_list_visible() {
        assert_eq!(app.focus, Focus::Messages, "focus on a hidden day list");
    }
}

// ---------------------------------------------------------------------------
// Drawing

fn draw(app: &App<'_>) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

/// One line per row, trailing spaces trimmed; the cells hidden under a
/// double-width character are skipped (and must be blank).
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push_str(&row_text(buf, y));
        out.push('\n');
    }
    out
}

fn row_text(buf: &Buffer, y: u16) -> String {
    let mut line = String::new();
    let mut skip = 0usize;
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        if skip == 0 {
            line.push_str(cell.symbol());
        } else {
            assert_eq!(cell.symbol(), " ", "garbage under a wide char at {x},{y}");
        }
        skip = skip
            .max(unicode_width::UnicodeWidthStr::width(cell.symbol()))
            .saturating_sub(1);
    }
    line.trim_end().to_string()
}

fn screen(app: &App<'_>) -> String {
    text(&draw(app))
}

/// The column of the first cell at which `needle` starts on row `y`.
fn find_in_row(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    'start: for x in 0..buf.area.width {
        let mut cx = x;
        for c in needle.chars() {
            if cx >= buf.area.width || buf[(cx, y)].symbol() != c.to_string() {
                continue 'start;
            }
            cx += unicode_width::UnicodeWidthChar::width(c)
                .unwrap_or(1)
                .max(1) as u16;
        }
        return Some(x);
    }
    None
}

fn on_reference_day(w: u16, h: u16) -> App<'static> {
    let mut a = app(w, h);
    go_to(&mut a, REFERENCE_DAY);
    assert_eq!(date(&a), REFERENCE_DAY);
    assert_eq!(a.notice, None);
    a
}

// ---------------------------------------------------------------------------
// 1. State

#[test]
fn starts_on_the_last_day_with_the_first_message_selected() {
    let a = app(100, 30);
    assert_eq!(date(&a), "2018-02-02");
    assert_eq!((a.selected, a.scroll), (0, 0));
    assert_eq!(a.focus, Focus::Messages);
    assert!(a.day_list_visible());
    assert_eq!(a.mode(), Mode::Normal);
    assert_eq!(a.position(), (1, 24));
    assert!(!a.filter.is_active());
}

#[test]
fn reference_day_is_loaded_as_documented() {
    let a = on_reference_day(100, 30);
    let day = a.current_day().unwrap();
    assert_eq!(day.messages.len(), 189);
    assert_eq!(a.pane.visible.len(), 189);
    let first = &day.messages[0];
    assert_eq!(first.time.to_string(), "06:47:30");
    assert_eq!(SAMPLE.speakers.name(first.speaker), "李小胖");
    assert_eq!(a.position(), (1, 189));
}

#[test]
fn message_pane_moves_pages_and_ends() {
    let mut a = on_reference_day(100, 30);
    let h = a.pane_height();
    assert_eq!(h, 27);
    key(&mut a, "j");
    assert_eq!(a.selected, 1);
    key(&mut a, "down");
    assert_eq!(a.selected, 2);
    keys(&mut a, &["k", "up"]);
    assert_eq!(a.selected, 0);
    key(&mut a, "k");
    assert_eq!((a.selected, a.scroll), (0, 0), "k at the top stays");

    key(&mut a, "G");
    assert_eq!(a.selected, 188);
    assert_eq!(a.scroll, a.max_scroll());
    assert!(a.max_scroll() > 0);
    key(&mut a, "j");
    assert_eq!(a.selected, 188, "j at the bottom stays");
    key(&mut a, "g");
    assert_eq!((a.selected, a.scroll), (0, 0));
    keys(&mut a, &["end"]);
    assert_eq!(a.selected, 188);
    keys(&mut a, &["home"]);
    assert_eq!((a.selected, a.scroll), (0, 0));

    // Half a page and a page scroll the view; the selection follows into view.
    key(&mut a, "ctrl-d");
    assert_eq!(a.scroll, h / 2);
    assert!(a.selected > 0);
    key(&mut a, "ctrl-u");
    assert_eq!(a.scroll, 0);
    key(&mut a, "pagedown");
    assert_eq!(a.scroll, h - 1);
    let after_one_page = a.selected;
    assert!(a.pane.starts[after_one_page] >= a.scroll);
    key(&mut a, "ctrl-f");
    assert_eq!(a.scroll, 2 * (h - 1));
    keys(&mut a, &["pageup", "ctrl-b"]);
    assert_eq!(a.scroll, 0);
    // Paging down to the end puts the selection on the last message.
    for _ in 0..100 {
        key(&mut a, "pagedown");
    }
    assert_eq!(a.scroll, a.max_scroll());
    assert_eq!(a.selected, 188);
    for _ in 0..100 {
        key(&mut a, "pageup");
    }
    assert_eq!((a.selected, a.scroll), (0, 0));
    // Walking down message by message reaches the end with the selection in view.
    for _ in 0..300 {
        key(&mut a, "j");
    }
    assert_eq!(a.selected, 188);
    assert_eq!(a.scroll, a.max_scroll());
    for _ in 0..300 {
        key(&mut a, "k");
    }
    assert_eq!((a.selected, a.scroll), (0, 0));
}

#[test]
fn day_list_moves_pages_and_ends() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "tab");
    assert_eq!(a.focus, Focus::Days);
    key(&mut a, "j");
    assert_eq!(date(&a), "2018-01-23");
    assert_eq!(
        (a.selected, a.scroll),
        (0, 0),
        "a new day starts at the top"
    );
    key(&mut a, "k");
    assert_eq!(date(&a), REFERENCE_DAY);
    key(&mut a, "g");
    assert_eq!(date(&a), "2018-01-10");
    key(&mut a, "k");
    assert_eq!(date(&a), "2018-01-10");
    assert_eq!(notice(&a).as_deref(), Some("this is the first day"));
    key(&mut a, "G");
    assert_eq!(date(&a), "2018-02-02");
    key(&mut a, "j");
    assert_eq!(notice(&a).as_deref(), Some("this is the last day"));
    key(&mut a, "home");
    // Half a page of the day list (27 rows) is 13 days.
    key(&mut a, "ctrl-d");
    assert_eq!(date(&a), "2018-02-01");
    key(&mut a, "ctrl-u");
    assert_eq!(date(&a), "2018-01-10");
    key(&mut a, "pagedown");
    assert_eq!(date(&a), "2018-02-02");
    key(&mut a, "pageup");
    assert_eq!(date(&a), "2018-01-10");
    // Focus keys.
    key(&mut a, "l");
    assert_eq!(a.focus, Focus::Messages);
    key(&mut a, "h");
    assert_eq!(a.focus, Focus::Days);
    key(&mut a, "right");
    assert_eq!(a.focus, Focus::Messages);
    key(&mut a, "left");
    assert_eq!(a.focus, Focus::Days);
    key(&mut a, "backtab");
    assert_eq!(a.focus, Focus::Messages);
}

#[test]
fn days_and_months_step_from_either_pane() {
    let mut a = app(100, 30);
    for focus in ["l", "h"] {
        key(&mut a, focus);
        key(&mut a, "G");
        if a.focus == Focus::Messages {
            // G in the messages is the last message; go to the last day by date.
            go_to(&mut a, "2018-02-02");
        }
        assert_eq!(date(&a), "2018-02-02");
        key(&mut a, "]");
        assert_eq!(date(&a), "2018-02-02");
        assert_eq!(notice(&a).as_deref(), Some("this is the last day"));
        key(&mut a, "[");
        assert_eq!(date(&a), "2018-02-01");
        key(&mut a, "[");
        assert_eq!(date(&a), "2018-01-29");
        key(&mut a, "]");
        assert_eq!(date(&a), "2018-02-01");
        // The previous month's first day, then the next month's first day.
        key(&mut a, "{");
        assert_eq!(date(&a), "2018-01-10");
        key(&mut a, "{");
        assert_eq!(date(&a), "2018-01-10");
        assert_eq!(notice(&a).as_deref(), Some("this is the first month"));
        key(&mut a, "}");
        assert_eq!(date(&a), "2018-02-01");
        key(&mut a, "}");
        assert_eq!(date(&a), "2018-02-01");
        assert_eq!(notice(&a).as_deref(), Some("this is the last month"));
        go_to(&mut a, REFERENCE_DAY);
        key(&mut a, "}");
        assert_eq!(date(&a), "2018-02-01");
        key(&mut a, "[");
        assert_eq!(date(&a), "2018-01-29");
        key(&mut a, "{");
        assert_eq!(
            date(&a),
            "2018-01-10",
            "{{ first goes back to the start of this month"
        );
        key(&mut a, "{");
        assert_eq!(date(&a), "2018-01-10", "no month before January");
        assert_eq!(notice(&a).as_deref(), Some("this is the first month"));
        key(&mut a, "[");
        key(&mut a, "g");
        // A notice lasts until the next key.
        assert_eq!(a.notice, None);
    }
}

#[test]
fn day_steps_keep_the_selected_day_in_the_list_view() {
    // 12 rows: 9 rows of day list for 15 days and 2 month headers.
    let mut a = app(100, 12);
    assert_eq!(a.list_height(), 9);
    let visible = |a: &App<'_>| {
        let row = a
            .rows
            .iter()
            .position(|r| *r == ListRow::Day(a.day))
            .unwrap();
        row >= a.list_scroll && row < a.list_scroll + a.list_height()
    };
    assert!(visible(&a));
    for _ in 0..16 {
        key(&mut a, "[");
        assert!(visible(&a), "{}", date(&a));
    }
    assert_eq!(a.list_scroll, 0, "the month header of the first day shows");
    for _ in 0..16 {
        key(&mut a, "]");
        assert!(visible(&a), "{}", date(&a));
    }
}

#[test]
fn date_prompt_takes_every_documented_form() {
    let mut a = app(100, 30);
    key(&mut a, ":");
    assert_eq!(a.mode(), Mode::Prompt);
    assert!(matches!(&a.popup, Some(Popup::Prompt(p)) if p.kind == PromptKind::Date));
    // Keys of the normal mode are text in a prompt.
    type_text(&mut a, "2018-01-22");
    assert_eq!(date(&a), "2018-02-02", "nothing moves while typing");
    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    assert_eq!(date(&a), REFERENCE_DAY);
    assert_eq!(a.notice, None);

    // Month and day in the year of the selected day.
    go_to(&mut a, "02-01");
    assert_eq!(date(&a), "2018-02-01");
    go_to(&mut a, "01-22");
    assert_eq!(date(&a), REFERENCE_DAY);
    // Days back and forward from the selected day.
    go_to(&mut a, "-3");
    assert_eq!(date(&a), "2018-01-19");
    assert_eq!(a.notice, None);
    go_to(&mut a, "+4");
    assert_eq!(date(&a), "2018-01-23");
    // A month or a year lands on its first day, without a word.
    go_to(&mut a, "2018-02");
    assert_eq!(date(&a), "2018-02-01");
    assert_eq!(a.notice, None);
    go_to(&mut a, "2018");
    assert_eq!(date(&a), "2018-01-10");
    assert_eq!(a.notice, None);
    go_to(&mut a, "2018-01");
    assert_eq!(date(&a), "2018-01-10");
    assert_eq!(a.notice, None);
    // One the archive does not have: the nearest day, saying so.
    go_to(&mut a, "2017-11");
    assert_eq!(date(&a), "2018-01-10");
    assert_eq!(
        notice(&a).as_deref(),
        Some("no messages in 2017-11; nearest day: 2018-01-10")
    );
    // A weekend: the nearest day, with a notice.
    go_to(&mut a, "2018-01-20");
    assert_eq!(date(&a), "2018-01-19");
    assert_eq!(
        notice(&a).as_deref(),
        Some("no messages on 2018-01-20; nearest day: 2018-01-19")
    );
    go_to(&mut a, "2018-01-21");
    assert_eq!(date(&a), REFERENCE_DAY);
    // Far outside the archive: its ends.
    go_to(&mut a, "2019-06-01");
    assert_eq!(date(&a), "2018-02-02");
    go_to(&mut a, "2000-01-01");
    assert_eq!(date(&a), "2018-01-10");
    // -3 from 2018-02-02 is 2018-01-30: the nearest day at or before it is
    // 2018-01-29; +3 from 2018-01-23 is 2018-01-26, and the day at or after
    // it 2018-01-29 (2018-01-25 is nearer, but behind).
    go_to(&mut a, "2018-02-02");
    go_to(&mut a, "-3");
    assert_eq!(date(&a), "2018-01-29");
    assert_eq!(
        notice(&a).as_deref(),
        Some("no messages on 2018-01-30; the nearest day before it: 2018-01-29")
    );
    go_to(&mut a, "2018-01-23");
    go_to(&mut a, "+3");
    assert_eq!(date(&a), "2018-01-29");
    // -3 where the nearest day is the selected one still moves back.
    go_to(&mut a, "2018-01-15");
    go_to(&mut a, "-1");
    assert_eq!(date(&a), "2018-01-12");
    // Nothing that far back: stay, and say so.
    go_to(&mut a, "2018-01-10");
    go_to(&mut a, "-3");
    assert_eq!(date(&a), "2018-01-10");
    assert_eq!(
        notice(&a).as_deref(),
        Some("no day on or before 2018-01-07")
    );
}

#[test]
fn date_prompt_errors_keep_the_prompt_open() {
    let mut a = on_reference_day(100, 30);
    for garbage in ["yesterday", "2018-13-01", "2018-02-30", "1-2-3-4", "-x", ""] {
        key(&mut a, ":");
        type_text(&mut a, garbage);
        key(&mut a, "enter");
        assert_eq!(a.mode(), Mode::Prompt, "{garbage:?} keeps the prompt open");
        let err = prompt_error(&a).unwrap_or_else(|| panic!("{garbage:?}: an error"));
        assert!(err.contains("is not a date"), "{err}");
        assert_eq!(date(&a), REFERENCE_DAY);
        // The error is on screen, next to the prompt.
        let s = screen(&a);
        let last = s.lines().last().unwrap();
        assert!(last.starts_with("go to date: "), "{last}");
        assert!(last.contains("is not a date"), "{last}");
        // Typing clears the error; Esc closes without moving.
        type_text(&mut a, "x");
        assert_eq!(prompt_error(&a), None);
        key(&mut a, "esc");
        assert_eq!(a.popup, None);
        assert_eq!(date(&a), REFERENCE_DAY);
    }
    // A corrected date after an error is taken.
    key(&mut a, ":");
    type_text(&mut a, "2018-01-2");
    key(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Normal, "2018-01-2 is a date");
    assert_eq!(date(&a), "2018-01-10");
    key(&mut a, ":");
    type_text(&mut a, "2018-01-222");
    key(&mut a, "enter");
    assert!(prompt_error(&a).is_some());
    key(&mut a, "backspace");
    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    assert_eq!(date(&a), REFERENCE_DAY);
}

#[test]
fn prompt_editing_keys() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, ":");
    type_text(&mut a, "2018-01-2x");
    keys(&mut a, &["left", "delete"]);
    type_text(&mut a, "2");
    keys(&mut a, &["home", "right", "end"]);
    let text = |a: &App<'_>| match &a.popup {
        Some(Popup::Prompt(p)) => (p.input.text.clone(), p.input.cursor),
        _ => panic!("prompt"),
    };
    assert_eq!(text(&a), ("2018-01-22".to_string(), 10));
    key(&mut a, "ctrl-w");
    assert_eq!(text(&a), (String::new(), 0));
    type_text(&mut a, "01 23");
    key(&mut a, "ctrl-w");
    assert_eq!(text(&a), ("01 ".to_string(), 3));
    key(&mut a, "ctrl-u");
    assert_eq!(text(&a).0, "");
    type_text(&mut a, "一二");
    key(&mut a, "backspace");
    assert_eq!(text(&a), ("一".to_string(), 1));
    key(&mut a, "ctrl-c");
    assert_eq!(a.popup, None, "ctrl-c cancels a prompt");
    assert!(!a.quit);
}

#[test]
fn search_highlights_as_you_type_and_counts_hits() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "/");
    assert!(matches!(&a.popup, Some(Popup::Prompt(p)) if p.kind == PromptKind::Search));
    let mut hits_per_step = Vec::new();
    for c in "区块链".chars() {
        type_text(&mut a, &c.to_string());
        hits_per_step.push((a.filter.text.clone(), a.pane.hit_count));
    }
    assert_eq!(hits_per_step[2], ("区块链".to_string(), 2));
    assert!(hits_per_step[0].1 >= hits_per_step[2].1);
    assert_eq!(a.filter.total, 41, "daybook search --count 区块链");
    assert!(a.filter.done());
    assert_eq!(a.filter.counts[day_index(REFERENCE_DAY)], 2);
    assert_eq!(a.mode(), Mode::Prompt, "still typing");
    assert_eq!(a.selected, 0, "nothing moves until Enter");
    // Each highlight range covers the query in the body.
    let day = a.current_day().unwrap();
    let marked: Vec<(String, Vec<&str>)> = a
        .pane
        .hits
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| {
            let m = &day.messages[i];
            let body = day.body(m);
            (
                m.time.to_string(),
                h.iter().map(|r| &body[r.clone()]).collect(),
            )
        })
        .collect();
    assert_eq!(
        marked,
        vec![
            ("08:26:05".to_string(), vec!["区块链"]),
            ("14:58:34".to_string(), vec!["区块链", "区块链", "区块链"]),
        ]
    );
    // The hit count shows in the title and in the status line.
    let s = screen(&a);
    assert!(s.lines().next().unwrap().ends_with("· 2 matches"), "{s}");
    assert!(
        s.contains(" 区块链  41 matches · 2 here · highlight"),
        "{s}"
    );

    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    assert_eq!(selected_message(&a).0, "08:26:05", "the first match");
    assert!(selected_message(&a).1.contains("区块链"));
    // 27 matches come before this day (daybook search --count '区块链 before:2018-01-22').
    assert_eq!(a.match_number(), Some(28));
    assert!(
        screen(&a).contains(" 区块链  match 28 of 41 · 2 here · highlight"),
        "{}",
        screen(&a)
    );
    key(&mut a, "n");
    assert!(screen(&a).contains("match 29 of 41 · 2 here"));
}

#[test]
fn next_and_previous_match_cross_days_and_wrap() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "n");
    assert_eq!(
        notice(&a).as_deref(),
        Some("no search: / to search, @ to pick speakers")
    );
    // 红包 is on 01-10, 01-11, 01-12, 01-18, 01-22, 01-24 and 01-29, once each.
    search(&mut a, "红包");
    assert_eq!(a.filter.total, 7);
    assert_eq!(date(&a), REFERENCE_DAY);
    let first = selected_message(&a);
    assert!(first.1.contains("红包"), "{first:?}");
    let mut seen = vec![(date(&a), first.0)];
    for step in 0..6 {
        key(&mut a, "n");
        assert!(selected_message(&a).1.contains("红包"));
        seen.push((date(&a), selected_message(&a).0));
        if step == 2 {
            assert_eq!(
                notice(&a).as_deref(),
                Some("search wrapped around to the first match")
            );
        }
    }
    let dates: Vec<&str> = seen.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(
        dates,
        [
            REFERENCE_DAY,
            "2018-01-24",
            "2018-01-29",
            "2018-01-10",
            "2018-01-11",
            "2018-01-12",
            "2018-01-18"
        ]
    );
    key(&mut a, "n");
    assert_eq!((date(&a), selected_message(&a).0), seen[0].clone());
    assert_eq!(a.notice, None);
    // Backwards, the same matches in reverse, wrapping at the start.
    for i in [6, 5, 4, 3] {
        key(&mut a, "N");
        assert_eq!((date(&a), selected_message(&a).0), seen[i].clone());
    }
    key(&mut a, "N");
    assert_eq!((date(&a), selected_message(&a).0), seen[2].clone());
    assert_eq!(
        notice(&a).as_deref(),
        Some("search wrapped around to the last match")
    );
    key(&mut a, "N");
    assert_eq!((date(&a), selected_message(&a).0), seen[1].clone());

    // A query with a single match.
    search(&mut a, "各大佬都出来给区块链站台");
    assert_eq!(a.filter.total, 1);
    assert_eq!(selected_message(&a).0, "14:58:34");
    key(&mut a, "n");
    assert_eq!(selected_message(&a).0, "14:58:34");
    assert_eq!(notice(&a).as_deref(), Some("this is the only match"));
    // And one with none.
    search(&mut a, "zzqqxx");
    assert!(a.filter.is_active());
    assert_eq!(a.filter.total, 0);
    key(&mut a, "n");
    assert_eq!(notice(&a).as_deref(), Some("no matches"));
}

#[test]
fn search_prompt_escape_restores_the_previous_filter() {
    let mut a = on_reference_day(100, 30);
    // From no filter: typing filters live, Esc puts it back to none.
    key(&mut a, "/");
    type_text(&mut a, "支付");
    assert!(a.filter.is_active());
    assert_eq!(a.pane.hit_count, 32);
    key(&mut a, "esc");
    assert_eq!(a.popup, None);
    assert!(!a.filter.is_active());
    assert_eq!(a.filter.text, "");
    assert_eq!(a.pane.hit_count, 0);
    // From a filter: the prompt opens with it; Esc restores it.
    search(&mut a, "区块链");
    let selected = a.selected;
    key(&mut a, "/");
    match &a.popup {
        Some(Popup::Prompt(p)) => assert_eq!(p.input.text, "区块链"),
        other => panic!("{other:?}"),
    }
    type_text(&mut a, " 站台");
    assert_eq!(a.filter.text, "区块链 站台");
    assert_eq!(a.pane.hit_count, 1);
    key(&mut a, "esc");
    assert_eq!(a.filter.text, "区块链");
    assert_eq!(a.pane.hit_count, 2);
    assert_eq!(a.filter.total, 41);
    assert_eq!(a.selected, selected);
    // Erasing the query and pressing Enter clears the filter.
    key(&mut a, "/");
    key(&mut a, "ctrl-u");
    key(&mut a, "enter");
    assert!(!a.filter.is_active());
    assert_eq!(a.popup, None);
}

#[test]
fn search_prompt_shows_query_errors_and_keeps_the_last_good_filter() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "/");
    type_text(&mut a, "区块链 on:2018-13");
    let err = prompt_error(&a).expect("an error for month 13");
    assert!(err.contains("month"), "{err}");
    // The last query that parsed is still in force.
    assert!(a.filter.is_active());
    assert!(a.filter.text.starts_with("区块链"));
    let s = screen(&a);
    assert!(
        s.lines().last().unwrap().starts_with("/区块链 on:2018-13"),
        "{s}"
    );
    assert!(s.lines().last().unwrap().contains("month"), "{s}");
    key(&mut a, "enter");
    assert_eq!(
        a.mode(),
        Mode::Prompt,
        "Enter on a bad query keeps the prompt"
    );
    keys(&mut a, &["backspace", "backspace"]);
    type_text(&mut a, "01");
    assert_eq!(prompt_error(&a), None);
    assert_eq!(a.filter.text, "区块链 on:2018-01");
    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    assert_eq!(a.filter.total, 36);
}

#[test]
fn speaker_picker_filters_toggles_and_applies() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "@");
    assert_eq!(a.mode(), Mode::Picker);
    let all = picker_names(&a);
    assert_eq!(all[0], "Vesper", "by message count");
    assert!(all.len() > 50);
    // j and q are text here.
    type_text(&mut a, "bis");
    let names = picker_names(&a);
    assert_eq!(names[0], "Bison");
    assert!(names.len() < all.len());
    match &a.popup {
        Some(Popup::Picker(p)) => {
            assert_eq!(p.results[0].1, vec![0, 1, 2], "matched letters of Bison");
            assert_eq!(p.cursor, 0);
        }
        _ => unreachable!(),
    }
    key(&mut a, "space");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "沙莎");
    assert_eq!(picker_names(&a)[0], "沙莎");
    key(&mut a, "space");
    match &a.popup {
        Some(Popup::Picker(p)) => assert_eq!(p.selected.len(), 2),
        _ => unreachable!(),
    }
    key(&mut a, "enter");
    assert_eq!(a.popup, None);
    let speakers: Vec<&str> = a.filter.query.speakers().collect();
    assert_eq!(speakers, ["Bison", "沙莎"]);
    assert!(a.filter.text.contains("from:Bison"), "{}", a.filter.text);
    assert!(a.filter.text.contains("from:沙莎"), "{}", a.filter.text);
    assert_eq!(a.pane.hit_count, 50 + 9);
    assert_eq!(a.filter.total, 59, "both only speak on the reference day");
    // Enter jumps to the first match.
    let (time, _) = selected_message(&a);
    assert_eq!(time, "13:00:33");
    // Chips in the status line.
    let s = screen(&a);
    assert!(
        s.contains(" from:Bison   from:沙莎  match 1 of 59 · 59 here"),
        "{s}"
    );

    // Reopening ticks the current speakers; Esc changes nothing.
    key(&mut a, "@");
    match &a.popup {
        Some(Popup::Picker(p)) => assert_eq!(p.selected.len(), 2),
        other => panic!("{other:?}"),
    }
    type_text(&mut a, "jack");
    key(&mut a, "esc");
    assert_eq!(a.popup, None);
    assert_eq!(a.filter.query.speakers().count(), 2);

    // Enter without Space takes the speaker under the cursor, and replaces
    // the speakers of the filter while keeping its words.
    key(&mut a, "/");
    type_text(&mut a, " 支付");
    key(&mut a, "enter");
    assert_eq!(a.filter.text, "from:Bison from:沙莎 支付");
    key(&mut a, "@");
    // Untick both, then take 龚晓冬 from under the cursor.
    type_text(&mut a, "Bison");
    key(&mut a, "space");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "沙莎");
    key(&mut a, "space");
    key(&mut a, "ctrl-u");
    type_text(&mut a, "龚晓");
    assert_eq!(picker_names(&a)[0], "龚晓冬");
    key(&mut a, "enter");
    let speakers: Vec<&str> = a.filter.query.speakers().collect();
    assert_eq!(speakers, ["龚晓冬"]);
    assert!(a.filter.text.starts_with("支付 "), "{}", a.filter.text);
    assert!(a.pane.hit_count > 0);
}

#[test]
fn speaker_picker_cursor_and_cancel() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "@");
    let cursor = |a: &App<'_>| match &a.popup {
        Some(Popup::Picker(p)) => p.cursor,
        _ => panic!("picker"),
    };
    keys(&mut a, &["down", "ctrl-n", "down"]);
    assert_eq!(cursor(&a), 3);
    keys(&mut a, &["up", "ctrl-p"]);
    assert_eq!(cursor(&a), 1);
    key(&mut a, "pagedown");
    assert_eq!(cursor(&a), 16);
    // A page is half the screen's height.
    key(&mut a, "pageup");
    assert_eq!(cursor(&a), 1);
    key(&mut a, "pageup");
    assert_eq!(cursor(&a), 0);
    for _ in 0..50 {
        key(&mut a, "pagedown");
    }
    assert_eq!(cursor(&a), picker_names(&a).len() - 1);
    // The cursor row stays on screen.
    let s = screen(&a);
    let last = picker_names(&a).last().unwrap().clone();
    assert!(s.contains(&last), "{s}");
    // Nothing matches: an empty list and a line that says so.
    type_text(&mut a, "qqqqqqqq");
    assert!(picker_names(&a).is_empty());
    assert!(screen(&a).contains("no speaker matches"));
    key(&mut a, "esc");
    assert_eq!(a.popup, None);
    assert!(!a.filter.is_active());
    key(&mut a, "@");
    key(&mut a, "ctrl-c");
    assert_eq!(a.popup, None);
    assert!(!a.quit);
    // The mouse does nothing while a popup is open.
    key(&mut a, "@");
    let before = (a.day, a.scroll, a.selected);
    mouse(&mut a, MouseEventKind::ScrollDown, 50, 10);
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 5, 3);
    assert_eq!((a.day, a.scroll, a.selected), before);
}

#[test]
fn filter_mode_shows_only_matches_and_days_with_matches() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "f");
    assert_eq!(a.filter.mode, FilterMode::Only);
    assert!(notice(&a).unwrap().contains("no filter yet"));
    assert_eq!(a.pane.visible.len(), 189, "no filter: everything");
    key(&mut a, "f");
    assert_eq!(a.filter.mode, FilterMode::Highlight);

    search(&mut a, "红包");
    key(&mut a, "f");
    assert_eq!(a.filter.mode, FilterMode::Only);
    assert_eq!(
        notice(&a).as_deref(),
        Some("filter mode: only matching messages and days")
    );
    assert_eq!(a.pane.visible.len(), 1);
    assert!(selected_message(&a).1.contains("红包"));
    assert_eq!(
        listed_dates(&a),
        [
            "01-10", "01-11", "01-12", "01-18", "01-22", "01-24", "01-29"
        ]
    );
    assert_eq!(
        a.rows,
        [
            ListRow::Month(2018, 1),
            ListRow::Day(day_index("2018-01-10")),
            ListRow::Day(day_index("2018-01-11")),
            ListRow::Day(day_index("2018-01-12")),
            ListRow::Day(day_index("2018-01-18")),
            ListRow::Day(day_index(REFERENCE_DAY)),
            ListRow::Day(day_index("2018-01-24")),
            ListRow::Day(day_index("2018-01-29")),
        ]
    );
    // ] and [ step through the days with matches.
    key(&mut a, "]");
    assert_eq!(date(&a), "2018-01-24");
    assert_eq!(a.pane.visible.len(), 1);
    key(&mut a, "]");
    assert_eq!(date(&a), "2018-01-29");
    key(&mut a, "[");
    assert_eq!(date(&a), "2018-01-24");
    key(&mut a, "{");
    assert_eq!(date(&a), "2018-01-10");
    // The date prompt lands on the nearest day with matches.
    go_to(&mut a, "2018-01-21");
    assert_eq!(date(&a), REFERENCE_DAY);
    // The screen: the day list's title, only the matching message.
    let s = screen(&a);
    assert!(s.starts_with(" Days · filtered"), "{s}");
    assert!(s.contains("match 5 of 7 · 1 here · filter"), "{s}");
    assert!(s.contains(" day 5/7 · message"), "{s}");

    // Back to highlight mode: every message and day.
    key(&mut a, "f");
    assert_eq!(a.filter.mode, FilterMode::Highlight);
    assert_eq!(a.pane.visible.len(), 189);
    assert!(
        selected_message(&a).1.contains("红包"),
        "the match stays selected"
    );
    assert_eq!(listed_dates(&a).len(), 15);

    // Esc clears the filter.
    key(&mut a, "f");
    key(&mut a, "esc");
    assert!(!a.filter.is_active());
    assert_eq!(notice(&a).as_deref(), Some("filter cleared"));
    assert_eq!(a.pane.visible.len(), 189);
    assert_eq!(listed_dates(&a).len(), 15);
    key(&mut a, "esc");
    assert_eq!(a.notice, None, "Esc without a filter does nothing");
}

#[test]
fn filter_mode_drops_a_day_without_matches_once_left() {
    // 2018-01-23 has no 红包; it stays listed while selected, and goes once left.
    let mut a = app(100, 30);
    go_to(&mut a, "2018-01-23");
    key(&mut a, "/");
    type_text(&mut a, "红包");
    key(&mut a, "esc");
    search(&mut a, "红包");
    assert_eq!(
        date(&a),
        "2018-01-24",
        "Enter jumps to the next day with a match"
    );
    go_to(&mut a, "2018-01-23");
    key(&mut a, "f");
    assert_eq!(date(&a), "2018-01-23");
    assert!(a.pane.visible.is_empty());
    assert!(screen(&a).contains("No matching messages on this day"));
    assert_eq!(
        listed_dates(&a),
        [
            "01-10", "01-11", "01-12", "01-18", "01-22", "01-23", "01-24", "01-29"
        ]
    );
    key(&mut a, "]");
    assert_eq!(date(&a), "2018-01-24");
    assert_eq!(
        listed_dates(&a),
        [
            "01-10", "01-11", "01-12", "01-18", "01-22", "01-24", "01-29"
        ]
    );
    key(&mut a, "[");
    assert_eq!(date(&a), REFERENCE_DAY);
}

#[test]
fn filter_mode_with_a_speaker_filter() {
    let mut a = app(100, 30);
    key(&mut a, "@");
    type_text(&mut a, "沙莎");
    key(&mut a, "enter");
    assert_eq!(date(&a), REFERENCE_DAY, "wrapped to the only day");
    assert_eq!(selected_message(&a).0, "14:58:34");
    key(&mut a, "f");
    assert_eq!(listed_dates(&a), ["01-22"]);
    assert_eq!(a.pane.visible.len(), 9);
    // Grouped messages of one speaker: the name shows once.
    assert!(a.pane.grouped.iter().any(|&g| g));
    keys(&mut a, &["G", "g", "]", "[", "}", "{", "n", "N"]);
    assert_eq!(date(&a), REFERENCE_DAY);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut a = on_reference_day(100, 30);
    for close in ["?", "esc", "q", "enter"] {
        key(&mut a, "?");
        assert_eq!(a.mode(), Mode::Help);
        keys(&mut a, &["j", "down", "k"]);
        assert!(matches!(a.popup, Some(Popup::Help { scroll: 1 })));
        key(&mut a, close);
        assert_eq!(a.popup, None, "{close} closes the help");
        assert!(!a.quit, "{close} does not quit from the help");
        assert_eq!(date(&a), REFERENCE_DAY);
    }
    key(&mut a, "?");
    key(&mut a, "ctrl-c");
    assert!(a.quit, "ctrl-c quits from anywhere");
}

#[test]
fn help_lists_every_binding_of_the_keymap() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "?");
    let mut seen = String::new();
    for _ in 0..80 {
        seen.push_str(&screen(&a));
        key(&mut a, "j");
    }
    let map = Keymap::default_map();
    for mode in Mode::ALL {
        for &(_, action) in map.bindings(mode) {
            let keys = map.keys_for(mode, action);
            let line = seen
                .lines()
                .find(|l| l.contains(action.help()) && l.contains(&keys));
            assert!(line.is_some(), "{mode:?} {keys} {}", action.help());
        }
    }
}

#[test]
fn help_and_statistics_stop_scrolling_at_their_end() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "?");
    for _ in 0..200 {
        key(&mut a, "j");
    }
    let end = screen(&a);
    assert!(end.contains("has:image|link|mention|emoji"), "{end}");
    key(&mut a, "k");
    assert_ne!(screen(&a), end, "k scrolls back up at once");
    key(&mut a, "j");
    assert_eq!(screen(&a), end);
    key(&mut a, "esc");

    // The statistics view scrolls the same way.
    let mut a = on_reference_day(80, 20);
    key(&mut a, "S");
    let top = screen(&a);
    for _ in 0..300 {
        key(&mut a, "j");
    }
    let end = screen(&a);
    assert_ne!(top, end);
    key(&mut a, "k");
    assert_ne!(screen(&a), end, "k scrolls back up at once");
    // A taller screen has less to scroll: the way back still starts at once.
    resize(&mut a, 80, 40);
    let end = screen(&a);
    key(&mut a, "k");
    assert_ne!(screen(&a), end);
}

#[test]
fn hints_and_help_follow_the_keymap() {
    let map = Keymap::parse(
        "[normal]\n\"Q\" = \"quit\"\n\"s\" = \"search\"\n\"H\" = \"help\"\n[help]\n\"H\" = \"help\"\n",
    )
    .unwrap();
    let mut a = App::new(
        &SAMPLE,
        map,
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 30),
    );
    let s = screen(&a);
    assert_eq!(s.lines().last().unwrap(), " H help  s search  Q quit");
    key(&mut a, "q");
    assert!(!a.quit, "q is not bound here");
    key(&mut a, "s");
    assert_eq!(a.mode(), Mode::Prompt);
    a.popup = None;
    key(&mut a, "H");
    let s = screen(&a);
    assert!(
        s.lines()
            .any(|l| l.contains("│  Q   ") && l.contains("   quit")),
        "{s}"
    );
    assert!(!s.contains("q/Ctrl-c"), "{s}");
    key(&mut a, "H");
    assert_eq!(a.popup, None);
    key(&mut a, "Q");
    assert!(a.quit);
}

#[test]
fn quit_keys() {
    let mut a = app(100, 30);
    key(&mut a, "q");
    assert!(a.quit);
    let mut a = app(100, 30);
    key(&mut a, "ctrl-c");
    assert!(a.quit);
    // q is text in a prompt and the picker.
    let mut a = app(100, 30);
    key(&mut a, "/");
    type_text(&mut a, "q");
    assert!(!a.quit);
    key(&mut a, "esc");
    key(&mut a, "@");
    type_text(&mut a, "q");
    assert!(!a.quit);
}

#[test]
fn d_toggles_the_day_list_and_narrow_screens_hide_it() {
    let mut a = on_reference_day(100, 30);
    let wide = a.regions.pane_inner.width;
    key(&mut a, "d");
    assert!(!a.day_list_visible());
    assert_eq!(a.focus, Focus::Messages);
    assert!(a.regions.list.is_empty());
    assert!(a.regions.pane_inner.width > wide);
    assert!(!screen(&a).contains(" Days"));
    key(&mut a, "tab");
    assert_eq!(a.focus, Focus::Messages, "no day list to focus");
    key(&mut a, "h");
    assert_eq!(a.focus, Focus::Messages);
    key(&mut a, "d");
    assert!(a.day_list_visible());
    assert_eq!(a.focus, Focus::Messages, "d d gives the focus back");
    assert_eq!(a.regions.pane_inner.width, wide);
    let second = selected_message(&a);
    key(&mut a, "j");
    assert_eq!(
        date(&a),
        REFERENCE_DAY,
        "j moves in the messages, not the days"
    );
    assert_ne!(selected_message(&a), second);
    // From the day list, d d gives the focus back to the day list.
    key(&mut a, "h");
    keys(&mut a, &["d", "d"]);
    assert_eq!(a.focus, Focus::Days);
    key(&mut a, "j");
    assert_eq!(date(&a), "2018-01-23");

    // Below 70 columns the day list folds away; d brings it back.
    let mut a = on_reference_day(69, 24);
    assert!(!a.day_list_visible());
    assert!(screen(&a).starts_with(" 2018-01-22 Monday"));
    let mut b = on_reference_day(70, 24);
    assert!(b.day_list_visible());
    key(&mut b, "h");
    assert_eq!(b.focus, Focus::Days);
    key(&mut a, "d");
    assert!(a.day_list_visible());
    assert_eq!(
        a.focus,
        Focus::Days,
        "a day list brought out takes the focus"
    );
    assert!(screen(&a).starts_with(" Days"));
    key(&mut a, "d");
    assert!(!a.day_list_visible());
    assert_eq!(a.focus, Focus::Messages);
}

#[test]
fn resize_rewraps_and_keeps_the_selection() {
    let mut a = on_reference_day(100, 30);
    keys(&mut a, &["h"]);
    for _ in 0..5 {
        key(&mut a, "l");
        key(&mut a, "ctrl-d");
    }
    let chosen = a.pane.visible[a.selected];
    let rows_wide = a.pane.total_rows;
    resize(&mut a, 50, 20);
    assert!(!a.day_list_visible());
    assert_eq!(a.focus, Focus::Messages);
    assert!(
        a.pane.total_rows > rows_wide,
        "narrower wraps into more rows"
    );
    assert_eq!(a.pane.visible[a.selected], chosen);
    assert_eq!(a.pane.width, a.regions.pane_inner.width);
    resize(&mut a, 100, 30);
    assert!(a.day_list_visible());
    assert_eq!(a.pane.total_rows, rows_wide);
    assert_eq!(a.pane.visible[a.selected], chosen);
    // The screen is redrawn at the new size.
    resize(&mut a, 120, 40);
    let s = screen(&a);
    assert_eq!(s.lines().count(), 40);
    // A user's choice to show the day list survives a resize.
    key(&mut a, "d");
    resize(&mut a, 130, 40);
    assert!(!a.day_list_visible());
    // Extremes.
    for (w, h) in [(1, 1), (0, 0), (300, 1), (3, 3), (100, 30)] {
        resize(&mut a, w, h);
        let _ = screen(&a);
    }
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
    // A short screen so that the day list scrolls too.
    let mut a = on_reference_day(100, 12);
    let pane = a.regions.pane_inner;
    let list = a.regions.list_inner;
    mouse(&mut a, MouseEventKind::ScrollDown, pane.x + 5, pane.y + 2);
    assert_eq!(a.scroll, 3);
    mouse(&mut a, MouseEventKind::ScrollDown, pane.x + 5, pane.y + 2);
    assert_eq!(a.scroll, 6);
    mouse(&mut a, MouseEventKind::ScrollUp, pane.x + 5, pane.y + 2);
    assert_eq!(a.scroll, 3);
    for _ in 0..200 {
        mouse(&mut a, MouseEventKind::ScrollDown, pane.x + 5, pane.y);
    }
    assert_eq!(a.scroll, a.max_scroll());
    for _ in 0..200 {
        mouse(&mut a, MouseEventKind::ScrollUp, pane.x + 5, pane.y);
    }
    assert_eq!(a.scroll, 0);

    // The wheel over the day list scrolls the list, not the messages.
    let day = a.day;
    for _ in 0..10 {
        mouse(&mut a, MouseEventKind::ScrollUp, list.x + 2, list.y + 1);
    }
    assert_eq!(a.list_scroll, 0);
    mouse(&mut a, MouseEventKind::ScrollDown, list.x + 2, list.y + 1);
    assert_eq!(a.list_scroll, 3);
    assert_eq!((a.day, a.scroll), (day, 0));
    for _ in 0..10 {
        mouse(&mut a, MouseEventKind::ScrollDown, list.x + 2, list.y + 1);
    }
    assert_eq!(a.list_scroll, a.rows.len() - a.list_height());
    mouse(&mut a, MouseEventKind::ScrollUp, list.x + 2, list.y + 1);
    assert_eq!(a.list_scroll, a.rows.len() - a.list_height() - 3);
    for _ in 0..10 {
        mouse(&mut a, MouseEventKind::ScrollUp, list.x + 2, list.y + 1);
    }
    assert_eq!(a.list_scroll, 0);

    // A click on a day selects it; on a month header, nothing.
    let buf = draw(&a);
    let y = (list.y..list.bottom())
        .find(|&y| row_text(&buf, y).contains("12 Fri"))
        .unwrap();
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        list.x + 3,
        y,
    );
    assert_eq!(date(&a), "2018-01-12");
    assert_eq!(a.focus, Focus::Days);
    assert_eq!(a.rows[0], ListRow::Month(2018, 1));
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        list.x + 3,
        list.y,
    );
    assert_eq!(date(&a), "2018-01-12");

    // Clicks land on the right row when the list is scrolled too.
    mouse(&mut a, MouseEventKind::ScrollDown, list.x + 2, list.y + 1);
    assert_eq!(a.list_scroll, 3);
    let buf = draw(&a);
    let y = (list.y..list.bottom())
        .find(|&y| row_text(&buf, y).contains("23 Tue"))
        .unwrap();
    assert_eq!(
        usize::from(y - list.y) + a.list_scroll,
        10,
        "row 10 of the list"
    );
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        list.x + 8,
        y,
    );
    assert_eq!(date(&a), "2018-01-23");
    go_to(&mut a, "2018-01-12");

    // A click on a message selects it and focuses the messages.
    let y = pane.y + 4;
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        pane.x + 20,
        y,
    );
    assert_eq!(a.focus, Focus::Messages);
    let row = a.scroll + 4;
    let (start, height) = (a.pane.starts[a.selected], a.pane.heights[a.selected]);
    assert!(start <= row && row < start + height, "the clicked message");
    // Its time is drawn selected (reversed in monochrome).
    let buf = draw(&a);
    let time_y = pane.y + (start + usize::from(a.pane.gaps[a.selected]) - a.scroll) as u16;
    assert!(row_text(&buf, time_y).contains(&selected_message(&a).0));
    assert!(buf[(pane.x, time_y)].modifier.contains(Modifier::REVERSED));
    // Clicks on the title, the status line, and past the last message do nothing.
    let before = (a.day, a.selected, a.scroll);
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        pane.x + 5,
        0,
    );
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 5, 10);
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Right),
        pane.x + 5,
        pane.y,
    );
    mouse(&mut a, MouseEventKind::Moved, pane.x + 5, pane.y);
    assert_eq!((a.day, a.selected, a.scroll), before);
    go_to(&mut a, "2018-01-11");
    key(&mut a, "l");
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        pane.x + 5,
        pane.bottom() - 1,
    );
    // Outside the screen entirely.
    mouse(&mut a, MouseEventKind::ScrollDown, 500, 500);
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 500, 500);
}

#[test]
fn mouse_on_a_screen_without_the_day_list() {
    let mut a = on_reference_day(60, 20);
    assert!(!a.day_list_visible());
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 2, 5);
    assert_eq!(a.focus, Focus::Messages);
    mouse(&mut a, MouseEventKind::ScrollDown, 2, 5);
    assert_eq!(a.scroll, 3);
}

/// A long deterministic walk of random keys, mouse events and sizes: the
/// invariants hold after each step and every frame draws.
#[test]
fn random_walk_keeps_the_invariants() {
    const KEYS: &[&str] = &[
        "j",
        "k",
        "g",
        "G",
        "ctrl-d",
        "ctrl-u",
        "pagedown",
        "pageup",
        "]",
        "[",
        "}",
        "{",
        "n",
        "N",
        "f",
        "esc",
        "d",
        "tab",
        "h",
        "l",
        "?",
        "enter",
        "space",
        "backspace",
        "home",
        "end",
        "down",
        "up",
        "left",
        "right",
        "@",
        "/",
        ":",
        "a",
        "区",
        "块",
        "链",
        "1",
        "-",
        "2",
        "8",
        "x",
        "ctrl-w",
        "ctrl-u",
        "m",
        "'",
        "S",
        "y",
        "Y",
        "o",
        "ctrl-c",
        "q",
    ];
    const SIZES: &[(u16, u16)] = &[
        (100, 30),
        (40, 15),
        (69, 24),
        (70, 24),
        (1, 1),
        (3, 3),
        (300, 1),
        (20, 5),
        (120, 40),
        (24, 4),
    ];
    for seed in 1..=6u64 {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut a = app(100, 30);
        for step in 0..1500 {
            match next(20) {
                0 => {
                    let (w, h) = SIZES[next(SIZES.len())];
                    resize(&mut a, w, h);
                }
                1 => {
                    let kind = [
                        MouseEventKind::ScrollDown,
                        MouseEventKind::ScrollUp,
                        MouseEventKind::Down(MouseButton::Left),
                    ][next(3)];
                    let (x, y) = (
                        next(usize::from(a.area.width) + 2),
                        next(usize::from(a.area.height) + 2),
                    );
                    mouse(&mut a, kind, x as u16, y as u16);
                }
                _ => {
                    let k = KEYS[next(KEYS.len())];
                    let quits = match a.mode() {
                        Mode::Normal => k == "ctrl-c" || k == "q",
                        Mode::Help => k == "ctrl-c",
                        _ => false,
                    };
                    if quits {
                        continue;
                    }
                    a.on_key(if k.chars().count() == 1 {
                        KeyEvent::new(KeyCode::Char(k.chars().next().unwrap()), KeyModifiers::NONE)
                    } else {
                        event(k)
                    });
                    check(&a);
                }
            }
            if step % 7 == 0 {
                let _ = screen(&a);
            }
            assert!(!a.quit);
        }
    }
}

/// With the worker thread, as the binary runs: the day in view is marked at
/// once, the counts over the archive fill in as reports arrive, and reports
/// for an older query are dropped.
#[test]
fn counts_from_the_worker_fill_in_and_stale_ones_are_dropped() {
    let archive = Arc::new(load_embedded());
    let (jobs, replies, worker) = worker::spawn(Arc::clone(&archive));
    let mut a = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 30),
    );
    a.jobs = Some(jobs);
    go_to(&mut a, REFERENCE_DAY);
    key(&mut a, "/");
    type_text(&mut a, "区块链");
    key(&mut a, "enter");
    key(&mut a, "f");
    assert!(!a.filter.done(), "nothing applied yet");
    assert_eq!(a.pane.hit_count, 2, "the day in view is marked at once");
    assert_eq!(
        listed_dates(&a),
        ["01-22"],
        "days not yet counted are not listed"
    );
    let s = screen(&a);
    assert!(
        s.contains("0 matches · 2 here (counting 0%) · filter"),
        "{s}"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !a.filter.done() {
        let left = deadline.saturating_duration_since(Instant::now());
        match replies
            .recv_timeout(left)
            .expect("the worker reports in time")
        {
            worker::Reply::Counts(r) => a.apply_report(&r),
            other @ worker::Reply::Stats { .. } => panic!("{other:?}"),
        }
        check(&a);
    }
    assert_eq!(a.filter.total, 41);
    assert_eq!(listed_dates(&a).len(), 13, "the days with a match");
    let mut sync = app(100, 30);
    search(&mut sync, "区块链");
    assert_eq!(a.filter.counts, sync.filter.counts);
    assert!(screen(&a).contains("match 28 of 41 · 2 here · filter"));
    // A late report of an earlier query changes nothing.
    let stale = worker::Report {
        generation: a.filter.generation - 1,
        start: 0,
        counts: vec![99; archive.days.len()],
    };
    a.apply_report(&stale);
    assert_eq!(a.filter.total, 41);
    drop(a);
    worker.join().expect("the worker ends when the app is gone");
}

fn fixture(name: &str) -> Archive {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    daybook::archive::load(&[path]).expect("the fixture loads")
}

/// Every cell symbol on screen is free of control characters, C1 controls
/// and bidi overrides.
fn assert_clean(buf: &Buffer, context: &str) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            for c in buf[(x, y)].symbol().chars() {
                let bad = c.is_control()
                    || ('\u{80}'..='\u{9f}').contains(&c)
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c);
                assert!(!bad, "{context}: {c:?} at {x},{y} in\n{}", text(buf));
            }
        }
    }
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    let archive = fixture("hostile");
    assert!(!archive.days.is_empty());
    let mut a = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        Rect::new(0, 0, 100, 30),
    );
    for _ in 0..archive.days.len() {
        key(&mut a, "[");
    }
    for d in 0..archive.days.len() {
        let date = archive.days[d].date.to_string();
        assert_clean(&draw(&a), &date);
        for w in [30, 100] {
            a.resize(Rect::new(0, 0, w, 12));
            assert_clean(&draw(&a), &date);
        }
        a.resize(Rect::new(0, 0, 100, 30));
        key(&mut a, "]");
    }
    // Names in the picker, a search with hits, the bookmark list.
    key(&mut a, "@");
    assert_clean(&draw(&a), "picker");
    key(&mut a, "esc");
    search(&mut a, "a");
    assert_clean(&draw(&a), "search");
    key(&mut a, "f");
    assert_clean(&draw(&a), "filter");
    keys(&mut a, &["m", "'"]);
    assert_clean(&draw(&a), "bookmarks");
}

#[test]
fn several_channels_group_the_day_list() {
    let archive = fixture("cjk");
    assert_eq!(archive.channels.len(), 2);
    let mut a = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 16),
    );
    assert!(matches!(a.rows[0], ListRow::Channel(_)));
    let channels = a
        .rows
        .iter()
        .filter(|r| matches!(r, ListRow::Channel(_)))
        .count();
    assert_eq!(channels, 2);
    // Starts on the last day; [ and ] cross from one channel to the other.
    let name = |a: &App<'_>| archive.channel_name(a.current_day().unwrap()).to_string();
    assert_eq!((date(&a), name(&a)), ("2019-03-02".into(), "teamkr".into()));
    keys(&mut a, &["[", "["]);
    assert_eq!((date(&a), name(&a)), ("2019-03-01".into(), "teamjp".into()));
    // The date prompt stays in the channel of the selected day.
    key(&mut a, "]");
    go_to(&mut a, "2019-03-01");
    assert_eq!(name(&a), "teamkr");
    key(&mut a, "[");
    insta::assert_snapshot!("two_channels_cjk", screen(&a));
}

// ---------------------------------------------------------------------------
// 2. Snapshots of whole screens, all on the reference day

#[test]
fn snapshot_main_screen() {
    let a = on_reference_day(100, 30);
    insta::assert_snapshot!("main_screen_100x30", screen(&a));
}

#[test]
fn snapshot_speaker_picker_mid_typing() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "@");
    type_text(&mut a, "李");
    let names = picker_names(&a);
    assert!(names.iter().all(|n| n.contains('李')), "{names:?}");
    key(&mut a, "space");
    let buf = draw(&a);
    insta::assert_snapshot!("speaker_picker_li", text(&buf));
    // The matched letter is marked in each name of the list, not in the input.
    let fuzzy = a.theme.fuzzy_match.add_modifier;
    let in_picker = |y: u16| row_text(&buf, y).contains("] ");
    let marked: Vec<u16> = (0..buf.area.height)
        .filter(|&y| in_picker(y))
        .filter(|&y| {
            (0..buf.area.width).any(|x| {
                let cell = &buf[(x, y)];
                cell.symbol() == "李" && cell.modifier.contains(fuzzy)
            })
        })
        .collect();
    assert_eq!(marked.len(), names.len(), "{marked:?}");
    for y in marked {
        assert!(row_text(&buf, y).contains("[x] 李") || row_text(&buf, y).contains("[ ] 李"));
    }
}

#[test]
fn snapshot_speaker_picker_fuzzy() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "@");
    type_text(&mut a, "支付");
    insta::assert_snapshot!("speaker_picker_zhifu", screen(&a));
}

/// The runs of text in the message pane drawn in the hit style. A cell
/// hidden under a double-width character is skipped (the terminal paints
/// the character's background over both columns).
fn hit_runs(buf: &Buffer, app: &App<'_>, hit: Style) -> Vec<String> {
    let inner = app.regions.pane_inner;
    let mut runs = Vec::new();
    for y in inner.top()..inner.bottom() {
        let mut run = String::new();
        let mut skip = 0usize;
        for x in inner.left()..inner.right() {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let is_hit = Some(cell.bg) == hit.bg
                && Some(cell.fg) == hit.fg
                && cell.modifier.contains(hit.add_modifier);
            if is_hit {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn snapshot_search_with_highlights() {
    let mut a = on_reference_day(100, 30);
    search(&mut a, "区块链");
    let buf = draw(&a);
    insta::assert_snapshot!("search_blockchain", text(&buf));

    // In colour: exactly the query's cells carry the theme's hit style.
    let mut c = app_with(100, 30, Variant::Dark);
    go_to(&mut c, REFERENCE_DAY);
    search(&mut c, "区块链");
    let buf = draw(&c);
    let hit = c.theme.hit;
    assert_eq!(hit.bg, Some(Color::Indexed(178)));
    let runs = hit_runs(&buf, &c, hit);
    // 08:26:05 has one; 14:58:34 has three, two of them in view.
    assert_eq!(runs, ["区块链", "区块链", "区块链"], "{}", text(&buf));
    // The chip in the status line, and the count.
    let status = c.regions.status;
    let row = row_text(&buf, status.y);
    assert!(row.contains(" 区块链 "), "{row}");
    assert!(row.contains("match 28 of 41 · 2 here · highlight"), "{row}");
    let x = find_in_row(&buf, status.y, "区块链").unwrap();
    assert_eq!(buf[(x, status.y)].bg, c.theme.chip.bg.unwrap());

    // Monochrome: hits are reversed and bold.
    let buf = draw(&a);
    let y = (a.regions.pane_inner.top()..a.regions.pane_inner.bottom())
        .find(|&y| row_text(&buf, y).contains("没有区块链了"))
        .unwrap();
    let x = find_in_row(&buf, y, "区块链").unwrap();
    let cell = &buf[(x, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
    let before = &buf[(x - 2, y)];
    assert!(
        !before.modifier.contains(Modifier::REVERSED),
        "没 is not a hit"
    );
}

#[test]
fn snapshot_filter_mode() {
    let mut a = on_reference_day(100, 30);
    search(&mut a, "区块链");
    key(&mut a, "f");
    insta::assert_snapshot!("filter_mode_blockchain", screen(&a));
    // A query that not every day matches: the day list thins out.
    search(&mut a, "红包");
    insta::assert_snapshot!("filter_mode_red_envelope", screen(&a));
}

#[test]
fn snapshot_help_overlay() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, "?");
    insta::assert_snapshot!("help_overlay", screen(&a));
}

#[test]
fn snapshot_small_screen_40x15() {
    let mut a = on_reference_day(40, 15);
    assert!(!a.day_list_visible());
    insta::assert_snapshot!("small_40x15", screen(&a));
    key(&mut a, "/");
    type_text(&mut a, "区块链");
    insta::assert_snapshot!("small_40x15_search_prompt", screen(&a));
}

#[test]
fn snapshot_date_prompt_error() {
    let mut a = on_reference_day(100, 30);
    key(&mut a, ":");
    type_text(&mut a, "next tuesday");
    key(&mut a, "enter");
    let s = screen(&a);
    let bottom: Vec<&str> = s.lines().rev().take(2).collect();
    insta::assert_snapshot!("date_prompt_error_status", bottom.join("\n"));
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    for (w, h) in [
        (1, 1),
        (3, 3),
        (300, 1),
        (1, 300),
        (2, 2),
        (10, 4),
        (25, 3),
        (69, 2),
        (70, 5),
    ] {
        let mut a = app(w, h);
        go_to(&mut a, REFERENCE_DAY);
        let _ = screen(&a);
        search(&mut a, "区块链");
        let _ = screen(&a);
        key(&mut a, "f");
        let _ = screen(&a);
        key(&mut a, "?");
        let _ = screen(&a);
        key(&mut a, "esc");
        key(&mut a, "@");
        type_text(&mut a, "李");
        let _ = screen(&a);
        key(&mut a, "esc");
        key(&mut a, ":");
        type_text(&mut a, "garbage that is far longer than the screen");
        key(&mut a, "enter");
        let _ = screen(&a);
        key(&mut a, "esc");
        key(&mut a, "d");
        let _ = screen(&a);
        keys(&mut a, &["G", "pagedown", "]", "ctrl-d"]);
        let _ = screen(&a);
    }
    // A 300×1 screen is only the status line.
    let a = on_reference_day(300, 1);
    let s = screen(&a);
    assert_eq!(s.lines().count(), 1);
    assert!(s.contains("day 9/15 · message 1/189"), "{s}");
}

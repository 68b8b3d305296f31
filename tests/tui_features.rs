//! The interface's conventions from the terminal-tools issue: copy, open,
//! bookmarks and the statistics view, driven through App as keys.

use daybook::archive::load_embedded;
use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::app::Popup;
use daybook::tui::effects::Effect;
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn app(archive: &Archive) -> App<'_> {
    App::new(
        archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 30),
    )
}

fn keys(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn screen(app: &App<'_>) -> String {
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    let mut s = String::new();
    for y in 0..buf.area.height {
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
        s.push('\n');
    }
    s
}

#[test]
fn y_copies_the_selected_message_and_big_y_the_day() {
    let archive = load_embedded();
    let mut app = app(&archive);
    keys(&mut app, ":2018-01-22\n");
    keys(&mut app, "y");
    assert_eq!(
        app.effects,
        vec![Effect::Copy(
            "2018-01-22 06:47:30 李小胖: 20180112-265号文解读".into()
        )]
    );
    app.effects.clear();
    keys(&mut app, "Y");
    let Effect::Copy(day) = &app.effects[0] else {
        panic!("{:?}", app.effects)
    };
    assert!(day.starts_with("2018-01-22 Monday · seeds\n06:47:30 李小胖: 20180112-265号文解读\n"));
    assert_eq!(day.lines().count(), 190);
}

#[test]
fn o_opens_only_web_links_of_the_selected_message() {
    let archive = load_embedded();
    let mut app = app(&archive);
    keys(&mut app, ":2018-01-22\n");
    keys(&mut app, "o");
    assert!(app.effects.is_empty(), "the first message has no link");
    assert!(app.notice.as_ref().unwrap().text.contains("no web link"));
    keys(&mut app, "jjo");
    assert_eq!(
        app.effects,
        vec![Effect::Open(
            "http://static.cocolian.cn/img/201801/20180122_071833.png".into()
        )]
    );
}

#[test]
fn bookmarks_mark_list_jump_and_delete() {
    let archive = load_embedded();
    let mut app = app(&archive);
    keys(&mut app, ":2018-01-22\njjm");
    assert_eq!(app.bookmarks.len(), 1);
    assert_eq!(app.bookmarks[0].time, "07:18:33");
    assert_eq!(app.effects, vec![Effect::SaveState]);
    keys(&mut app, ":2018-02-01\n'");
    assert!(matches!(app.popup, Some(Popup::Bookmarks { cursor: 0 })));
    assert!(screen(&app).contains("2018-01-22 07:18:33 Ark: "));
    keys(&mut app, "\n");
    assert_eq!(app.current_day().unwrap().date.to_string(), "2018-01-22");
    assert_eq!(app.position(), (3, 189));
    // m on a bookmarked message removes it; d in the list deletes.
    keys(&mut app, "m");
    assert!(app.bookmarks.is_empty());
    keys(&mut app, "m'd");
    assert!(app.bookmarks.is_empty());
    assert_eq!(app.popup, None);
}

#[test]
fn the_statistics_view_follows_the_filter() {
    let archive = load_embedded();
    let mut app = app(&archive);
    keys(&mut app, "S");
    let (_, all) = app
        .stats
        .clone()
        .expect("computed at once without a worker");
    assert_eq!(all.messages, 693);
    let s = screen(&app);
    assert!(s.contains("Statistics · every message"), "{s}");
    assert!(s.contains("693 messages on 15 days"), "{s}");
    assert!(s.contains("Messages by hour of day"));
    keys(&mut app, "S/区块链\nS");
    let (_, some) = app.stats.clone().unwrap();
    assert!(some.messages > 0 && some.messages < 693);
    assert!(screen(&app).contains("Statistics · 区块链"));
    keys(&mut app, "\u{1b}");
    assert_eq!(app.popup, None);
}

#[test]
fn snapshot_statistics_view() {
    let archive = load_embedded();
    let mut app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 44),
    );
    keys(&mut app, "S");
    let text: String = screen(&app)
        .lines()
        .map(|l| l.trim_end().to_string() + "\n")
        .collect();
    insta::assert_snapshot!("statistics_view", text);
}

//! The reader's state carried from one version of a followed archive to
//! the next (`daybook::tui::follow`): the pane follows at the end and
//! counts new messages elsewhere, `F`, the filter and popups. Archives are
//! written in temporary folders.

use daybook::tui::App;
use daybook::tui::app::Popup;
use daybook::tui::build::Builder;

use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use daybook::archive::follow::added;
use daybook::model::Archive;
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};

const AREA: Rect = Rect::new(0, 0, 100, 20);

fn day(date: &str, bodies: &[&str]) -> String {
    let mut s = format!("---\ndate: {date} 12:00:00\n---\n");
    for (i, b) in bodies.iter().enumerate() {
        s.push_str(&format!("> 09:{i:02}:00  s{i}\n\n{b}\n\n"));
    }
    s
}

fn load(dir: &Path) -> Archive {
    daybook::archive::load(&[dir.to_path_buf()]).expect("load")
}

fn app(archive: &Archive) -> App<'_> {
    App::new(
        archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        AREA,
    )
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The app on `new`, carried over from `old`'s.
fn swap<'a>(old: &App<'_>, old_archive: &Archive, new: &'a Archive) -> App<'a> {
    let c = old.carry();
    let mut next = app(new);
    next.restore(c, &added(old_archive, new));
    next
}

fn status(app: &App<'_>) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(AREA.width, AREA.height))
        .expect("backend");
    t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    let buf = t.backend().buffer();
    (0..AREA.width)
        .map(|x| buf[(x, AREA.height - 2)].symbol().to_string())
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[test]
fn at_the_end_the_pane_follows_and_elsewhere_it_counts_new_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    std::fs::write(room.join("2024-03-01.md"), day("2024-03-01", &["a", "b"])).unwrap();
    let v1 = load(dir.path());
    let mut a1 = app(&v1);
    a1.follow.active = true;
    a1.follow_jump();
    assert!(a1.at_channel_end());

    // At the end: the new message is selected, nothing is counted.
    std::fs::write(
        room.join("2024-03-01.md"),
        day("2024-03-01", &["a", "b", "c"]),
    )
    .unwrap();
    let v2 = load(dir.path());
    let mut a2 = swap(&a1, &v1, &v2);
    assert_eq!(a2.position(), (3, 3));
    assert_eq!(a2.follow.new, 0);
    assert!(status(&a2).contains("following"), "{}", status(&a2));

    // Away from the end (the first message), with a filter and the help
    // open: it all stays; two new messages are counted.
    a2.on_key(key('g'));
    a2.set_filter("b").unwrap();
    a2.on_key(key('?'));
    std::fs::write(
        room.join("2024-03-01.md"),
        day("2024-03-01", &["a", "b", "c", "d", "b again"]),
    )
    .unwrap();
    let v3 = load(dir.path());
    let mut a3 = swap(&a2, &v2, &v3);
    assert_eq!(a3.position().0, 1);
    assert_eq!(a3.filter.text, "b");
    assert!(matches!(a3.popup, Some(Popup::Help { .. })));
    assert_eq!(a3.follow.new, 2);
    a3.on_key(key('?'));
    assert!(status(&a3).contains("2 new · F"), "{}", status(&a3));
    assert_eq!(
        a3.pane.hit_count, 2,
        "the filter is applied to the new version"
    );

    // A new day: counted too, and F goes to the first new message.
    std::fs::write(room.join("2024-03-02.md"), day("2024-03-02", &["e"])).unwrap();
    let v4 = load(dir.path());
    let mut a4 = swap(&a3, &v3, &v4);
    assert_eq!(a4.follow.new, 3);
    assert_eq!(a4.day, 0);
    a4.update(daybook::tui::action::Action::Follow);
    assert_eq!((a4.day, a4.position()), (0, (4, 5)));
    assert_eq!(a4.follow.new, 0);
    assert!(!status(&a4).contains(" new"), "{}", status(&a4));
    assert!(a4.effects.is_empty(), "already following");
}

#[test]
fn a_popup_with_ids_is_carried_by_name_and_a_deleted_day_is_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    std::fs::write(room.join("2024-03-01.md"), day("2024-03-01", &["a"])).unwrap();
    std::fs::write(room.join("2024-03-02.md"), day("2024-03-02", &["b", "c"])).unwrap();
    let v1 = load(dir.path());
    let mut a1 = app(&v1);
    a1.follow.active = true;
    a1.on_key(key('@'));
    assert!(matches!(a1.popup, Some(Popup::Picker(_))));
    // A new file sorts first: speaker ids and day indexes move.
    let other = dir.path().join("aaa");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(
        other.join("2024-01-01.md"),
        day("2024-01-01", &["z", "y", "x"]),
    )
    .unwrap();
    std::fs::remove_file(room.join("2024-03-01.md")).unwrap();
    let v2 = load(dir.path());
    let a2 = swap(&a1, &v1, &v2);
    let Some(Popup::Picker(p)) = &a2.popup else {
        panic!("the picker is still open");
    };
    let names: Vec<&str> = p
        .results
        .iter()
        .map(|&(id, _)| v2.speakers.name(id))
        .collect();
    assert!(names.contains(&"s1"), "{names:?}");
    // Still on 2024-03-02 of room.
    assert_eq!(v2.days[a2.day].date.to_string(), "2024-03-02");
    assert_eq!(v2.channel_name(&v2.days[a2.day]), "room");
    assert_eq!(a2.follow.new, 3);
}

#[test]
fn a_live_search_still_being_built_is_built_again_for_the_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let room = dir.path().join("room");
    std::fs::create_dir(&room).unwrap();
    std::fs::write(room.join("2024-03-01.md"), day("2024-03-01", &["a", "x"])).unwrap();
    let v1 = load(dir.path());
    std::fs::write(
        room.join("2024-03-01.md"),
        day("2024-03-01", &["a", "x", "b"]),
    )
    .unwrap();
    let v2 = load(dir.path());
    std::thread::scope(|scope| {
        // On the first version: `b` typed and submitted, its matcher not
        // yet taken from the builder when the new version arrives.
        let mut a1 = app(&v1);
        a1.builder = Some(Builder::spawn(scope, &v1, || {}).expect("start the builder"));
        a1.on_key(key('g'));
        a1.on_key(key('/'));
        a1.on_key(key('b'));
        a1.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(a1.popup.is_none());
        assert_eq!(a1.filter.text, "", "still being built");
        let c = a1.carry();
        drop(a1);
        // On the second: built again by its own builder, installed, and
        // the submitted search jumps to its first match there.
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let mut a2 = app(&v2);
        a2.builder = Some(
            Builder::spawn(scope, &v2, move || {
                let _ = ready_tx.send(());
            })
            .expect("start the builder"),
        );
        a2.restore(c, &added(&v1, &v2));
        assert_eq!(a2.filter.text, "", "not built on the key path");
        while !a2.apply_built() {
            ready.recv().expect("the builder is alive");
        }
        assert_eq!(a2.filter.text, "b");
        assert_eq!(a2.pane.hit_count, 1, "matched in the new version");
        assert_eq!(a2.position(), (3, 3), "jumped to the match");
        assert!(a2.builder.as_ref().is_some_and(|b| b.pending.is_none()));
    });
}

//! Input reaching the interface's state, as the interactive loop delivers
//! it: a bracketed paste is one edit, a burst of typed keys costs one
//! search, and Ctrl-Z asks the loop to suspend.

use std::sync::LazyLock;

use daybook::archive::load_embedded;
use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::app::{LiveSearch, Popup, PromptKind};
use daybook::tui::build::Builder;
use daybook::tui::effects::Effect;
use daybook::tui::input::Parser;
use daybook::tui::keymap::{Key, Keymap, Mode};
use daybook::tui::theme::{Theme, Variant};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

static SAMPLE: LazyLock<Archive> = LazyLock::new(load_embedded);

fn app() -> App<'static> {
    App::new(
        &SAMPLE,
        Keymap::default_map(),
        Theme::new(Variant::Mono),
        Rect::new(0, 0, 100, 30),
    )
}

fn press(app: &mut App<'_>, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn prompt_text(app: &App<'_>) -> String {
    match &app.popup {
        Some(Popup::Prompt(p)) => p.input.text.clone(),
        other => panic!("no prompt: {other:?}"),
    }
}

/// Delivers the events `bytes` parse into, as the loop does.
fn deliver(app: &mut App<'_>, bytes: &[u8]) {
    let mut parser = Parser::new();
    let now = std::time::Instant::now();
    parser.feed(bytes, now);
    parser.expire(now + daybook::tui::input::ESC_TIMEOUT);
    while let Some(event) = parser.next_event() {
        match event {
            Event::Key(k) => app.on_key(k),
            Event::Paste(text) => app.on_paste(&text),
            Event::Mouse(m) => app.on_mouse(m),
            _ => {}
        }
    }
}

#[test]
fn a_paste_of_ten_thousand_terms_is_one_edit_and_one_search() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    let generation = a.filter.generation;
    let words: Vec<String> = (0..10_000).map(|i| format!("x{i}")).collect();
    let text = words.join("\n");
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(b"\x1b[201~");
    deliver(&mut a, &bytes);
    // Line breaks became spaces; the whole text is in the prompt.
    assert_eq!(prompt_text(&a), words.join(" "));
    assert_eq!(
        a.filter.generation,
        generation + 1,
        "the search was applied more than once"
    );
    assert_eq!(a.filter.text, words.join(" "));
}

#[test]
fn a_paste_goes_where_the_cursor_is_and_drops_controls() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    deliver(&mut a, "区链".as_bytes());
    press(&mut a, KeyCode::Left);
    a.on_paste("块\x1b[31m\x07");
    assert_eq!(prompt_text(&a), "区块[31m链");
    // In the speaker picker too.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('@'));
    a.on_paste("Ar\tk");
    match &a.popup {
        Some(Popup::Picker(p)) => assert_eq!(p.input.text, "Ar k"),
        other => panic!("no picker: {other:?}"),
    }
    // And in the channel picker.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('#'));
    a.on_paste("see\nds");
    match &a.popup {
        Some(Popup::Channels(p)) => assert_eq!(p.input.text, "see ds"),
        other => panic!("no channel picker: {other:?}"),
    }
    // On the reading screen a paste is no command.
    press(&mut a, KeyCode::Esc);
    let day = a.day;
    a.on_paste("qqq]]]");
    assert!(!a.quit);
    assert_eq!(a.day, day);
    assert!(
        a.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("not a command"))
    );
}

#[test]
fn typed_keys_in_one_batch_cost_one_search() {
    let mut a = app();
    a.live_search = LiveSearch::Deferred;
    press(&mut a, KeyCode::Char('/'));
    let generation = a.filter.generation;
    deliver(&mut a, "区块链 the 2018".as_bytes());
    assert_eq!(prompt_text(&a), "区块链 the 2018");
    assert_eq!(a.live_search, LiveSearch::Due);
    assert_eq!(
        a.filter.generation, generation,
        "searched before the batch ended"
    );
    assert!(a.apply_due_search());
    assert_eq!(a.filter.generation, generation + 1);
    assert_eq!(a.filter.text, "区块链 the 2018");
    assert!(!a.apply_due_search(), "nothing more is due");
    // Enter applies what is due and closes the prompt.
    deliver(&mut a, b" x");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.live_search, LiveSearch::Deferred);
    assert!(a.popup.is_none());
    assert_eq!(a.filter.text, "区块链 the 2018 x");
}

/// The app with a search builder on `scope`, and the channel on which the
/// builder says that a matcher is ready.
fn app_with_builder<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
) -> (App<'static>, std::sync::mpsc::Receiver<()>) {
    let (ready_tx, ready) = std::sync::mpsc::channel();
    let mut a = app();
    a.builder = Some(
        Builder::spawn(scope, &SAMPLE, move || {
            let _ = ready_tx.send(());
        })
        .expect("start the builder"),
    );
    (a, ready)
}

#[test]
fn a_live_search_is_built_off_the_key_path_and_only_the_newest_applies() {
    std::thread::scope(|scope| {
        let (mut a, ready) = app_with_builder(scope);
        press(&mut a, KeyCode::Char('/'));
        let generation = a.filter.generation;
        // A paste of many terms, then one more key: each edit returns with
        // the search handed to the builder, not applied.
        let words: Vec<String> = (0..2_000).map(|i| format!("w{i}")).collect();
        a.on_paste(&words.join(" "));
        press(&mut a, KeyCode::Char('x'));
        let typed = format!("{}x", words.join(" "));
        assert_eq!(prompt_text(&a), typed);
        assert_eq!(a.filter.generation, generation, "built on the key path");
        assert!(a.filter.matcher.is_none());
        let pending = a.builder.as_ref().and_then(|b| b.pending.clone());
        assert_eq!(pending.map(|p| p.text), Some(typed.clone()));
        // Enter closes the prompt at once and jumps once the matcher is in.
        press(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        // Whatever the builder finishes first, only the newest request is
        // installed, once.
        while !a.apply_built() {
            ready.recv().expect("the builder is alive");
        }
        assert_eq!(a.filter.text, typed);
        assert_eq!(a.filter.generation, generation + 1);
        assert!(a.filter.matcher.is_some());
        assert!(a.builder.as_ref().is_some_and(|b| b.pending.is_none()));
        assert!(!a.apply_built(), "nothing more to install");
        // Esc in a reopened prompt puts the previous filter back through the
        // builder too, and an empty query applies at once.
        press(&mut a, KeyCode::Char('/'));
        press(&mut a, KeyCode::Char('u'));
        assert_eq!(a.filter.text, typed, "not yet built");
        press(&mut a, KeyCode::Esc);
        assert!(a.builder.as_ref().is_some_and(|b| b.pending.is_none()));
        assert_eq!(a.filter.text, typed);
        press(&mut a, KeyCode::Char('/'));
        a.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(a.filter.text, "");
        assert!(a.filter.matcher.is_none());
        drop(a);
    });
}

#[test]
fn hiding_system_messages_and_picking_speakers_rebuild_the_filter_off_the_key_path() {
    std::thread::scope(|scope| {
        let (mut a, ready) = app_with_builder(scope);
        let install = |a: &mut App<'_>| {
            while !a.apply_built() {
                ready.recv().expect("the builder is alive");
            }
        };
        // A long filter, built on the builder's thread.
        let words: Vec<String> = (0..2_000).map(|i| format!("w{i}")).collect();
        let long = words.join(" ");
        press(&mut a, KeyCode::Char('/'));
        a.on_paste(&long);
        press(&mut a, KeyCode::Enter);
        install(&mut a);
        let generation = a.filter.generation;

        // `s` hides system messages at once and hands the matcher (which
        // now leaves them out) to the builder.
        press(&mut a, KeyCode::Char('s'));
        assert!(a.hide_system);
        assert_eq!(a.filter.generation, generation, "built on the key path");
        let pending = a.builder.as_ref().and_then(|b| b.pending.clone());
        assert_eq!(pending.map(|p| p.text), Some(long.clone()));
        install(&mut a);
        assert_eq!(a.filter.generation, generation + 1);
        assert_eq!(a.filter.text, long);
        assert!(a.filter.matcher.is_some());

        // The speaker picker's choice too, jumping once it is installed.
        press(&mut a, KeyCode::Char('@'));
        assert_eq!(a.mode(), Mode::Picker);
        press(&mut a, KeyCode::Char(' '));
        press(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        assert_eq!(a.filter.generation, generation + 1, "built on the key path");
        let pending = a.builder.as_ref().and_then(|b| b.pending.clone());
        let pending = pending.expect("a request for the speaker filter");
        assert!(
            pending.jump && pending.text.contains("from:"),
            "{pending:?}"
        );
        install(&mut a);
        assert_eq!(a.filter.text, pending.text);
        assert_eq!(a.filter.query.speakers().count(), 1);
        drop(a);
    });
}

#[test]
fn without_deferral_every_key_searches_at_once() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    deliver(&mut a, "区块链".as_bytes());
    assert_eq!(a.filter.text, "区块链");
    assert_eq!(a.live_search, LiveSearch::Immediate);
}

#[test]
fn ctrl_z_asks_the_loop_to_suspend_in_every_mode() {
    let map = Keymap::default_map();
    for mode in Mode::ALL {
        assert_eq!(
            map.resolve(mode, Key::parse("ctrl-z").unwrap()),
            Some(daybook::tui::action::Action::Suspend),
            "{mode:?}"
        );
    }
    let mut a = app();
    for open in [None, Some('/'), Some('@'), Some('?')] {
        if let Some(c) = open {
            press(&mut a, KeyCode::Char(c));
        }
        let popup = a.popup.clone();
        deliver(&mut a, b"\x1a");
        assert_eq!(a.effects, vec![Effect::Suspend], "{open:?}");
        assert_eq!(a.popup, popup, "suspending changed the screen");
        a.effects.clear();
        press(&mut a, KeyCode::Esc);
    }
}

/// `ESC [ ?` that never ends does not swallow the keys typed later.
#[test]
fn keys_after_a_stray_escape_prefix_reach_the_app() {
    let mut a = app();
    let mut parser = Parser::new();
    let t = std::time::Instant::now();
    parser.feed(b"\x1b[?", t);
    parser.feed(b":", t + std::time::Duration::from_millis(500));
    while let Some(Event::Key(k)) = parser.next_event() {
        a.on_key(k);
    }
    assert!(
        matches!(&a.popup, Some(Popup::Prompt(p)) if p.kind == PromptKind::Date),
        "{:?}",
        a.popup
    );
}

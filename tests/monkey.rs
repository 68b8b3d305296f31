//! A monkey test of the interface: 20,000 random keys, typed text (CJK,
//! emoji, controls), actions, mouse events and resizes (down to 1×1 and up
//! to 400×120) driven through `App` over a hostile archive (the fixtures in
//! tests/fixtures/hostile plus a small archive from the project's own
//! generator in its hostile mode),
//! with a fixed seed. No step may panic, and after every step the state is
//! in range and the frame drawn on ratatui's `TestBackend` stays inside the
//! area and holds no control character.
//!
//! Also: the bytes the interface writes to a real terminal backend hold no
//! escape sequence but its own.

#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "support/process.rs"]
mod process;

use std::path::Path;

use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::action::Action;
use daybook::tui::app::{ListRow, Popup};
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

const STEPS: usize = 20_000;
const SEED: u64 = 0x5eed_da7b_00c0_ffee;

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The fixtures plus a small hostile archive from the project's own
/// generator (its huge line cut down to 16 KiB; the 5 MiB line has its own
/// tests in tests/hostile.rs), as two channels.
fn hostile_archive(tmp: &Path) -> Archive {
    let gen_dir = tmp.join("generated");
    let config = generator::GenConfig {
        days: 14,
        msgs_per_day: 40,
        speakers: 30,
        hostile: true,
        huge_line_bytes: 16 << 10,
        ..generator::GenConfig::default()
    };
    let written = generator::write_archive_report(&config, &gen_dir).expect("generate");
    assert!(
        !written.specials.is_empty(),
        "special days in a hostile archive"
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    daybook::archive::load(&[fixtures, gen_dir]).expect("load the hostile archive")
}

/// Sizes the monkey resizes to: the corners the issue names, common
/// terminals and odd ones.
const SIZES: &[(u16, u16)] = &[
    (1, 1),
    (1, 200),
    (300, 1),
    (400, 120),
    (80, 24),
    (40, 15),
    (69, 20),
    (70, 20),
    (2, 2),
    (3, 4),
    (24, 3),
    (120, 40),
];

/// Text typed into prompts and the picker: CJK, emoji, combining marks,
/// controls, bidi, and the query language's own characters.
const TYPED: &[char] = &[
    'a', 'k', 'z', 'A', '区', '块', '链', '李', '，', '。', '「', '😀', '\u{301}', '\u{200d}',
    '\u{1b}', '\u{7}', '\u{0}', '\u{9b}', '\u{202e}', '\u{2028}', '\t', '\n', '\u{3000}', ' ', '"',
    '\\', '-', '~', ':', 'f', 'r', 'o', 'm', 'o', 'n', '2', '0', '1', '8', '/', 'h', 'a', 's', '@',
    '?', 'q', '!',
];

/// Keys pressed outside typing: every key of the default keymap and some
/// that it does not bind.
fn key(rng: &mut Rng) -> KeyEvent {
    const CODES: &[KeyCode] = &[
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Insert,
        KeyCode::F(1),
        KeyCode::F(12),
        KeyCode::Null,
    ];
    const CHARS: &str = "qjkhlgG][}{:/nN@f?d bBsSmM'`0123456789-+";
    let chars: Vec<char> = CHARS.chars().collect();
    let code = if rng.chance(55) {
        KeyCode::Char(*rng.pick(&chars))
    } else {
        *rng.pick(CODES)
    };
    let modifiers = match rng.below(10) {
        0 => KeyModifiers::CONTROL,
        1 => KeyModifiers::ALT,
        2 => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

fn mouse(rng: &mut Rng, area: Rect) -> MouseEvent {
    let kind = match rng.below(6) {
        0 => MouseEventKind::ScrollDown,
        1 => MouseEventKind::ScrollUp,
        2 => MouseEventKind::Down(MouseButton::Left),
        3 => MouseEventKind::Up(MouseButton::Left),
        4 => MouseEventKind::Drag(MouseButton::Left),
        _ => MouseEventKind::Moved,
    };
    // Sometimes outside the area: a terminal can report a stale size.
    let column = rng.below(usize::from(area.width) + 3) as u16;
    let row = rng.below(usize::from(area.height) + 3) as u16;
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// The state the interface must keep whatever happens.
fn check_state(app: &App<'_>, archive: &Archive, step: usize, last: &str) {
    let ctx = || format!("step {step} after {last}");
    if archive.days.is_empty() {
        assert_eq!(app.day, 0, "{}", ctx());
    } else {
        assert!(app.day < archive.days.len(), "day {} {}", app.day, ctx());
        assert!(
            app.rows.contains(&ListRow::Day(app.day)),
            "the selected day is not listed, {}",
            ctx()
        );
    }
    let visible = app.pane.visible.len();
    assert!(
        app.selected < visible || (visible == 0 && app.selected == 0),
        "selected {} of {visible}, {}",
        app.selected,
        ctx()
    );
    assert!(
        app.scroll <= app.max_scroll(),
        "scroll {} > max {}, {}",
        app.scroll,
        app.max_scroll(),
        ctx()
    );
    assert!(
        app.list_scroll <= app.rows.len().saturating_sub(app.list_height()),
        "list_scroll {} of {} rows ({} shown), {}",
        app.list_scroll,
        app.rows.len(),
        app.list_height(),
        ctx()
    );
    assert_eq!(
        app.pane.day,
        app.day,
        "the pane shows another day, {}",
        ctx()
    );
    assert_eq!(app.pane.starts.len(), visible, "{}", ctx());
    if let Some(Popup::Picker(p)) = &app.popup {
        assert!(
            p.cursor < p.results.len() || (p.results.is_empty() && p.cursor == 0),
            "picker cursor {} of {}, {}",
            p.cursor,
            p.results.len(),
            ctx()
        );
    }
}

/// Cells a frame may hold: no control character, no bidi control.
fn check_cells(buf: &Buffer, step: usize) {
    for (i, cell) in buf.content.iter().enumerate() {
        let s = cell.symbol();
        if let Some((_, c)) = process::first_control(s.as_bytes()) {
            panic!("step {step}: cell {i} holds {c}: {s:?}");
        }
    }
}

/// Draws `app` into a buffer larger than its area and checks that nothing
/// was written outside the area.
fn check_bounds(app: &App<'_>, step: usize, last: &str) {
    const PAD: u16 = 6;
    let area = app.area;
    let outer = Rect::new(0, 0, area.width + PAD, area.height + PAD);
    let mut buf = Buffer::empty(outer);
    app.render(area, &mut buf);
    let blank = Cell::default();
    for y in 0..outer.height {
        for x in 0..outer.width {
            if x < area.width && y < area.height {
                continue;
            }
            assert_eq!(
                buf[(x, y)],
                blank,
                "step {step} after {last}: drawn at ({x}, {y}) outside the {}x{} area (mode {:?}, focus {:?})",
                area.width,
                area.height,
                app.mode(),
                app.focus
            );
        }
    }
}

#[test]
fn monkey() {
    run_monkey(false);
}

#[test]
fn monkey_draws_only_inside_its_area() {
    run_monkey(true);
}

/// Runs the monkey; with `bounds`, also checks every 10th frame, drawn
/// into a larger buffer, for cells written outside the app's area.
fn run_monkey(bounds: bool) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = hostile_archive(tmp.path());
    assert!(archive.channels.len() >= 2 && archive.days.len() > 20);
    let mut rng = Rng(SEED);
    let (w, h) = (80, 24);
    let mut app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        Rect::new(0, 0, w, h),
    );
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut counts = [0usize; 6];
    for step in 0..STEPS {
        // Frames of 400x120 cost twenty of 80x24: leave big sizes sooner.
        let big = u32::from(app.area.width) * u32::from(app.area.height) > 10_000;
        let roll = if big && rng.chance(25) {
            0
        } else {
            rng.below(100)
        };
        let last = match roll {
            0..=2 => {
                counts[0] += 1;
                let (w, h) = if rng.chance(70) {
                    *rng.pick(SIZES)
                } else {
                    (1 + rng.below(160) as u16, 1 + rng.below(60) as u16)
                };
                app.resize(Rect::new(0, 0, w, h));
                terminal.backend_mut().resize(w, h);
                terminal.resize(Rect::new(0, 0, w, h)).expect("resize");
                format!("resize {w}x{h}")
            }
            3..=37 => {
                counts[1] += 1;
                let k = key(&mut rng);
                app.on_key(k);
                format!("key {k:?}")
            }
            38..=64 => {
                // Typing: the prompts and the picker take it; elsewhere these
                // are ordinary keys.
                counts[2] += 1;
                let c = *rng.pick(TYPED);
                app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                format!("typed {c:?}")
            }
            65..=84 => {
                counts[3] += 1;
                let a = *rng.pick(Action::ALL);
                app.update(a);
                format!("action {a:?}")
            }
            85..=94 => {
                counts[4] += 1;
                let m = mouse(&mut rng, app.area);
                app.on_mouse(m);
                format!("mouse {m:?}")
            }
            _ => {
                // Open a popup to type into.
                counts[5] += 1;
                let a = *rng.pick(&[Action::Search, Action::PickSpeakers, Action::GoToDate]);
                app.update(a);
                format!("open {a:?}")
            }
        };
        // A quit is a request; the monkey keeps going.
        app.quit = false;
        check_state(&app, &archive, step, &last);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .unwrap_or_else(|e| panic!("step {step} after {last}: draw failed: {e}"));
        let buf = terminal.backend().buffer();
        assert_eq!(buf.area, app.area, "step {step}");
        check_cells(buf, step);
        if bounds && step % 10 == 0 {
            check_bounds(&app, step, &last);
        }
    }
    // Every kind of step happened many times.
    assert!(counts.iter().all(|&n| n > 300), "{counts:?}");
}

/// What the interface writes to a terminal, byte by byte: only the
/// backend's own CSI sequences (cursor moves, colours, clears), and no
/// other control, over every day of the hostile fixtures and every popup.
#[test]
fn terminal_bytes_hold_only_our_own_sequences() {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{TerminalOptions, Viewport};

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let archive = daybook::archive::load(&[fixtures]).expect("load");
    let area = Rect::new(0, 0, 100, 30);
    let mut app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        area,
    );
    let written = Shared::default();
    let backend = CrosstermBackend::new(written.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .expect("terminal");
    let mut frames = 0;
    let mut draw = |app: &App<'_>, what: &str| {
        terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
        let bytes = std::mem::take(&mut *written.0.lock().expect("lock"));
        let text = String::from_utf8(bytes).expect("UTF-8 to the terminal");
        let rest = strip_csi(&text);
        process::assert_no_controls(rest.as_bytes(), what);
        frames += 1;
    };
    app.update(Action::First);
    for d in 0..archive.days.len() {
        draw(&app, &format!("day {d}"));
        // The hostile speaker names, in the picker; the help screen.
        app.update(Action::PickSpeakers);
        for c in "\u{1b}[".chars() {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        draw(&app, "picker");
        app.update(Action::Cancel);
        app.update(Action::Search);
        for c in "e \u{1b}]0;x\u{7}".chars() {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        draw(&app, "search prompt");
        app.update(Action::Submit);
        draw(&app, "search highlights");
        app.update(Action::ClearFilter);
        app.update(Action::NextDay);
    }
    app.update(Action::Help);
    draw(&app, "help");
    assert!(frames > 40);
}

/// A writer whose bytes the test can take while the backend owns it.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `text` without CSI sequences (`ESC [`, parameter bytes, intermediate
/// bytes, a final byte), which is all the backend writes.
fn strip_csi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            while let Some(&p) = chars.peek() {
                chars.next();
                if ('\u{40}'..='\u{7e}').contains(&p) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

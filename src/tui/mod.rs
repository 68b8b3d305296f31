//! The interactive reader (ratatui + crossterm).
//!
//! A synchronous loop: draw the [`App`], wait for an event, turn it into an
//! [`Action`](action::Action) through the [`keymap`], let
//! [`update`] change the state. Loading the archive and counting a filter's
//! matches over the whole archive run on other threads and report back, so
//! a keystroke never waits for them.

pub mod action;
pub mod app;
pub mod display;
pub mod effects;
pub mod keymap;
pub mod layout;
pub mod memory;
pub mod theme;
pub mod update;
pub mod view;
pub mod worker;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use ratatui::widgets::{Gauge, Paragraph, Widget};

pub use app::App;

use crate::archive::{Options, Progress, load_embedded, load_with_options};
use crate::error::{Error, Result};
use crate::model::Archive;
use crate::settings::{Look, Settings};
use effects::Effect;
use memory::Memory;

/// Mouse reporting for as long as this lives; turned off again on drop,
/// also when unwinding from a panic.
struct MouseCapture;

impl MouseCapture {
    fn enable() -> MouseCapture {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
        MouseCapture
    }
}

impl Drop for MouseCapture {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        let _ = std::io::stdout().flush();
    }
}

/// What the interface takes from the config file: the keymap and theme it
/// builds from the settings' plain data, and how messages look.
#[derive(Debug, Clone)]
pub struct Ui {
    pub keymap: keymap::Keymap,
    pub theme: theme::Theme,
    pub look: Look,
}

impl Ui {
    /// Builds and checks what `settings` asks for; `color` false (`NO_COLOR`,
    /// `--color never`) wins over any theme. A bad binding is an error
    /// naming the file and line.
    pub fn from_settings(settings: &Settings, color: bool) -> Result<Ui> {
        Ok(Ui {
            keymap: keymap::Keymap::from_settings(settings)?,
            theme: theme::Theme::from_settings(settings, color),
            look: settings.look.clone(),
        })
    }
}

/// Opens the interface on `paths` (the bundled sample when empty) and runs
/// it until the user quits or the process is asked to end.
pub fn run(paths: &[PathBuf], settings: &Ui, options: &Options) -> Result<()> {
    // A missing path is an error on the normal screen, before any drawing.
    for p in paths {
        if std::fs::metadata(p).is_err() {
            return Err(Error::Missing(p.clone()));
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let signals = watch_signals(Arc::clone(&stop))?;
    let progress = Arc::new(Progress::default());
    let loader = {
        let paths = paths.to_vec();
        let options = *options;
        let progress = Arc::clone(&progress);
        std::thread::Builder::new()
            .name("daybook-load".into())
            .spawn(move || {
                if paths.is_empty() {
                    Ok(load_embedded())
                } else {
                    load_with_options(&paths, &options, &progress)
                }
            })
            .map_err(Error::Write)?
    };

    let mut memory = Memory::new(
        crate::state::default_path(),
        crate::state::archive_key(paths),
    );
    let mut terminal = ratatui::init();
    let mouse = MouseCapture::enable();
    let result = (|| -> Result<Option<String>> {
        let Some(archive) = wait_for_load(&mut terminal, loader, &progress, &stop)? else {
            return Ok(None);
        };
        let archive = Arc::new(archive);
        main_loop(&mut terminal, &archive, settings, &mut memory, &stop)
    })();
    drop(mouse);
    ratatui::restore();
    signals.close();
    let unsaved = result?;
    if let Some(why) = unsaved {
        // The interface is gone: the last position and bookmarks that could
        // not be saved are reported on the normal screen.
        let why = crate::text::sanitize_line(&why).into_owned();
        let _ = writeln!(std::io::stderr(), "daybook: not saved: {why}");
    }
    Ok(())
}

/// How long the loop has to notice SIGTERM or SIGHUP before the watcher
/// restores the terminal and ends the process itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// SIGTERM and SIGHUP set `stop`, which the loop checks at least every
/// 250 ms, so that it leaves the alternate screen and restores the
/// terminal. When the terminal has hung up, crossterm 0.29 can spin on
/// end-of-file without ever returning to the loop; then, after a grace
/// period, the watcher thread restores what it can and exits, so that no
/// process is left running without a terminal.
fn watch_signals(stop: Arc<AtomicBool>) -> Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]).map_err(Error::Write)?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("daybook-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop.store(true, Ordering::SeqCst);
                std::thread::sleep(SIGNAL_GRACE);
                // The main thread may hold stdout's lock for good, so write
                // to the terminal device itself; it may be gone, which is fine.
                let _ = ratatui::crossterm::terminal::disable_raw_mode();
                if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
                    let _ = execute!(
                        tty,
                        DisableMouseCapture,
                        ratatui::crossterm::terminal::LeaveAlternateScreen,
                        ratatui::crossterm::cursor::Show
                    );
                }
                std::process::exit(128 + signal);
            }
        })
        .map_err(Error::Write)?;
    Ok(handle)
}

/// Shows a progress bar until the archive is loaded; `None` when the user
/// quit or a signal came first.
fn wait_for_load(
    terminal: &mut DefaultTerminal,
    loader: std::thread::JoinHandle<Result<Archive>>,
    progress: &Progress,
    stop: &AtomicBool,
) -> Result<Option<Archive>> {
    loop {
        if loader.is_finished() {
            return match loader.join() {
                Ok(r) => r.map(Some),
                Err(panic) => std::panic::resume_unwind(panic),
            };
        }
        terminal.draw(|f| draw_progress(f.area(), progress, f.buffer_mut()))?;
        if stop.load(Ordering::SeqCst) {
            return Ok(None);
        }
        if event::poll(Duration::from_millis(50))? {
            if let Event::Key(k) = event::read()? {
                let ctrl_c =
                    k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
                if k.kind == KeyEventKind::Press && (k.code == KeyCode::Char('q') || ctrl_c) {
                    return Ok(None);
                }
            }
        }
    }
}

fn draw_progress(area: Rect, progress: &Progress, buf: &mut ratatui::buffer::Buffer) {
    use std::sync::atomic::Ordering::Relaxed;
    let (done, total, bytes) = (
        progress.files_done.load(Relaxed),
        progress.files_total.load(Relaxed),
        progress.bytes_done.load(Relaxed),
    );
    let label = format!(
        "loading {done}/{total} files · {:.1} MB",
        bytes as f64 / 1e6
    );
    if area.height < 3 || area.width < 10 {
        Paragraph::new(label).render(area, buf);
        return;
    }
    let y = area.height / 2;
    let w = area.width.min(60);
    let x = (area.width - w) / 2;
    Paragraph::new("daybook").render(Rect::new(x, y - 1, w, 1), buf);
    let ratio = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    Gauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .render(Rect::new(x, y, w, 1), buf);
}

fn main_loop(
    terminal: &mut DefaultTerminal,
    archive: &Arc<Archive>,
    settings: &Ui,
    memory: &mut Memory,
    stop: &AtomicBool,
) -> Result<Option<String>> {
    let (jobs, reports, _worker) = worker::spawn(Arc::clone(archive));
    let size = terminal.size()?;
    let mut app = App::new(
        archive,
        settings.keymap.clone(),
        settings.theme.clone(),
        Rect::new(0, 0, size.width, size.height),
    );
    app.look = settings.look.clone();
    app.relayout();
    app.jobs = Some(jobs);
    memory.restore(&mut app);
    // Debug builds can be told to panic once the screen is up, so that a
    // test can check that the terminal is restored after a panic.
    let panic_on_key =
        cfg!(debug_assertions) && std::env::var_os("DAYBOOK_TEST_PANIC_ON_KEY").is_some();
    loop {
        terminal.draw(|f| f.render_widget(&app, f.area()))?;
        let timeout = if app.filter.done() {
            Duration::from_millis(250)
        } else {
            Duration::from_millis(30)
        };
        if event::poll(timeout)? {
            // Take every queued event before drawing again.
            loop {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        assert!(
                            !(panic_on_key && k.code == KeyCode::Char('!')),
                            "forced panic (DAYBOOK_TEST_PANIC_ON_KEY)"
                        );
                        app.on_key(k);
                    }
                    Event::Mouse(m) => app.on_mouse(m),
                    Event::Resize(w, h) => app.resize(Rect::new(0, 0, w, h)),
                    _ => {}
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        while let Ok(r) = reports.try_recv() {
            match r {
                worker::Reply::Counts(r) => app.apply_report(&r),
                worker::Reply::Stats { generation, stats } => app.apply_stats(generation, stats),
            }
        }
        for effect in std::mem::take(&mut app.effects) {
            perform(effect, &mut app, memory);
        }
        if app.quit || stop.load(Ordering::SeqCst) {
            return Ok(memory.save(&app).err());
        }
    }
}

/// Carries out what an update asked for.
fn perform(effect: Effect, app: &mut App<'_>, memory: &Memory) {
    match effect {
        Effect::Copy(text) => {
            let seq = effects::osc52(&text, std::env::var_os("TMUX").is_some());
            let mut out = std::io::stdout();
            let _ = out.write_all(seq.as_bytes());
            let _ = out.flush();
        }
        Effect::Open(url) => {
            let browser = std::env::var("BROWSER").ok();
            // The child is not waited for; its exit does not matter here.
            if let Err(e) = effects::start_opener(effects::openers(&url, browser.as_deref())) {
                app.notice = Some(app::Notice {
                    text: e,
                    error: true,
                });
            }
        }
        Effect::SaveState => memory.save_or_tell(app),
    }
}

//! The interactive reader (ratatui + crossterm).
//!
//! A synchronous loop: draw the [`App`], wait for something to happen, turn
//! input into [`Action`](action::Action)s through the [`keymap`], let
//! [`update`] change the state. Loading the archive, building the live
//! search's matcher ([`build`]) and counting a filter's matches over the
//! whole archive run on other threads and report back, so a keystroke never
//! waits for them. The loop sleeps on one channel
//! ([`terminal::Wake`]) fed by the input reader, the signal catcher, the
//! worker and the live search's builder, drains everything queued before it draws again, and draws only
//! when something changed: idle, it uses no CPU.
//!
//! The first screen comes before the load ends: the loader reads the day
//! to show first ([`crate::archive::first_day`]) and the interface opens
//! on it in the [`loading`] state, then takes the whole archive in between
//! two frames as following takes a new version ([`follow::Carry`]), on the
//! same day and message.

pub mod action;
pub mod app;
pub mod build;
pub mod display;
pub mod effects;
pub mod follow;
pub mod input;
pub mod keymap;
pub mod launch;
pub mod layout;
pub mod loading;
pub mod memory;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod worker;
pub mod wrapped;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::{Gauge, Paragraph, Widget};
use ratatui::{DefaultTerminal, Terminal};
use signal_hook::consts::{SIGCONT, SIGTSTP, SIGWINCH};

pub use app::App;

use crate::archive::follow::{Follower, Update, Watching, watch};
use crate::archive::{Options, Progress, first_day, load_embedded, load_with_options};
use crate::error::{Error, Result};
use crate::model::Archive;
use crate::settings::{Look, Settings};
use effects::Effect;
use memory::Memory;
use terminal::{Wake, Wakes};

/// How often the progress bar is redrawn while the archive loads.
const PROGRESS_FRAME: Duration = Duration::from_millis(50);

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

/// What the loop hears from the threads that work for it.
#[derive(Debug)]
pub enum Report {
    /// Counts and statistics from the worker.
    Worker(worker::Reply),
    /// News from following the archive.
    Follow(Followed),
    /// From the live search's builder ([`build`]): a matcher is ready to
    /// take.
    Built,
    /// From the loader.
    Load(Load),
}

/// What the loader thread sends: at most one [`Load::First`], then the
/// whole archive.
#[derive(Debug)]
pub enum Load {
    /// The archive of the first day, to show while the rest loads.
    First(Archive),
    /// The whole archive, with what following it needs (`--follow`).
    Whole(Result<Loaded>),
    /// The loader panicked: the panic goes on in the interface's thread.
    Panicked(Box<dyn std::any::Any + Send>),
}

/// News from following the archive.
#[derive(Debug)]
pub enum Followed {
    /// A new version of the archive.
    Update(Update),
    /// Following has started (after `F`): the watcher to keep.
    Started(Watching),
    /// Following could not start: why.
    Failed(String),
}

/// How the interface ended.
enum Ending {
    /// The user quit, or the terminal went away.
    Quit,
    /// A signal that ends the process ([`terminal::FATAL`]).
    Signal(i32),
}

/// How the interface ended, and why the state could not be saved if it
/// could not.
struct Exit {
    ending: Ending,
    unsaved: Option<String>,
}

impl From<Ending> for Exit {
    fn from(ending: Ending) -> Exit {
        Exit {
            ending,
            unsaved: None,
        }
    }
}

/// Opens the interface on `paths` (the bundled sample when empty) and runs
/// it until the user quits or the process is asked to end. After a signal
/// that ends the process (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 …) the
/// terminal is given back and the process exits with status 128 + N.
///
/// With `follow`, the archive is followed from the start (see
/// [`follow`]); `F` starts following later.
pub fn run(paths: &[PathBuf], settings: &Ui, options: &Options, follow: bool) -> Result<()> {
    // A missing path is an error on the normal screen, before any drawing.
    for p in paths {
        if std::fs::metadata(p).is_err() {
            return Err(Error::Missing(p.clone()));
        }
    }
    let wakes = Wakes::<Report>::start().map_err(Error::Write)?;
    let progress = Arc::new(Progress::default());
    let mut memory = Memory::new(
        crate::state::default_path(),
        crate::state::archive_key(paths),
    );
    {
        let paths = paths.to_vec();
        let progress = Arc::clone(&progress);
        let options = *options;
        let last = memory.last_date();
        let tx = wakes.tx.clone();
        let send = move |load: Load| drop(tx.send(Wake::Reply(Report::Load(load))));
        std::thread::Builder::new()
            .name("daybook-load".into())
            .spawn(move || {
                let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    if paths.is_empty() {
                        return Ok((load_embedded(), None));
                    }
                    if let Some(first) = first_day(&paths, &options, last) {
                        send(Load::First(first));
                        hold_for_test();
                    }
                    if follow {
                        Follower::load(&paths, &options, &progress).map(|(f, a)| (a, Some(f)))
                    } else {
                        load_with_options(&paths, &options, &progress).map(|a| (a, None))
                    }
                }));
                send(match loaded {
                    Ok(whole) => Load::Whole(whole),
                    Err(panic) => Load::Panicked(panic),
                });
            })
            .map_err(Error::Write)?;
    }

    let modes = terminal::Modes::enter().map_err(Error::Write)?;
    wakes.read_input().map_err(Error::Write)?;
    let result = (|| -> Result<Exit> {
        let mut terminal =
            Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
        let mut parser = input::Parser::new();
        let (archive, follower, loading) =
            match wait_for_load(&mut terminal, &progress, &wakes, &mut parser)? {
                Ok(Load::First(first)) => (first, None, Some(Arc::clone(&progress))),
                Ok(Load::Whole(whole)) => {
                    let (archive, follower) = whole?;
                    (archive, follower, None)
                }
                Ok(Load::Panicked(panic)) => std::panic::resume_unwind(panic),
                Err(ending) => return Ok(ending.into()),
            };
        let (tx, rx) = std::sync::mpsc::channel();
        wakes.forward(rx, Report::Follow).map_err(Error::Write)?;
        let mut following = Following {
            paths: paths.to_vec(),
            options: *options,
            tx,
            watching: None,
            // With `--follow`, following starts once the whole archive is in.
            starting: follow && loading.is_some(),
        };
        // Paths without a day file are no archive, as for `daybook days`.
        crate::archive::require_archive(&archive, paths)?;
        let mut notice = None;
        if let Some(f) = follower {
            notice = Some(following.start(f));
        }
        main_loop(
            &mut terminal,
            Arc::new(archive),
            settings,
            &mut memory,
            &wakes,
            &mut parser,
            following,
            loading,
            notice,
        )
    })();
    drop(modes);
    drop(wakes);
    let exit = result?;
    if let Some(why) = exit.unsaved {
        // The interface is gone: the last position and bookmarks that could
        // not be saved are reported on the normal screen.
        let why = crate::text::sanitize_line(&why).into_owned();
        let _ = writeln!(std::io::stderr(), "daybook: not saved: {why}");
    }
    match exit.ending {
        Ending::Quit => Ok(()),
        Ending::Signal(n) => std::process::exit(128 + n),
    }
}

/// What the loader thread gives: the archive, and what following it needs.
pub type Loaded = (Archive, Option<Follower>);

/// How long the screen stays blank for the first day before the load's
/// progress bar is drawn instead.
const FIRST_WAIT: Duration = Duration::from_millis(100);
/// How long after the start the first day waits for the whole archive, so
/// that an archive that loads at once opens whole, without a loading state.
const WHOLE_GRACE: Duration = Duration::from_millis(30);

/// Debug builds can be told to hold the whole load back after the first
/// day is sent, until the file named by `DAYBOOK_TEST_HOLD_LOAD` exists,
/// so that end-to-end tests see the loading state for as long as they need
/// without timing anything. Release builds ignore the variable.
fn hold_for_test() {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(path) = std::env::var_os("DAYBOOK_TEST_HOLD_LOAD") else {
        return;
    };
    while !std::path::Path::new(&path).exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for the first archive from the loader: the whole archive, or the
/// first day when the whole one is not in [`WHOLE_GRACE`] after the start.
/// Shows the load's progress when neither came in [`FIRST_WAIT`]; `Err`
/// with how the interface ended when the user quit or a signal came first.
fn wait_for_load(
    terminal: &mut DefaultTerminal,
    progress: &Progress,
    wakes: &Wakes<Report>,
    parser: &mut input::Parser,
) -> Result<std::result::Result<Load, Ending>> {
    let started = Instant::now();
    let mut first: Option<Archive> = None;
    loop {
        let waited = started.elapsed();
        if let Some(a) = first.take_if(|_| waited >= WHOLE_GRACE) {
            return Ok(Ok(Load::First(a)));
        }
        if first.is_none() && waited >= FIRST_WAIT {
            terminal.draw(|f| draw_progress(f.area(), progress, f.buffer_mut()))?;
        }
        let timeout = if first.is_some() {
            WHOLE_GRACE.saturating_sub(waited)
        } else {
            PROGRESS_FRAME
        };
        let wake = match wakes.rx.recv_timeout(timeout) {
            Ok(w) => w,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(Err(Ending::Quit)),
        };
        match wake {
            Wake::Reply(Report::Load(Load::First(a))) => first = Some(a),
            Wake::Reply(Report::Load(load)) => return Ok(Ok(load)),
            Wake::Input(at, bytes) => parser.feed(&bytes, at),
            Wake::InputClosed => return Ok(Err(Ending::Quit)),
            Wake::Signal(SIGTSTP) => {
                terminal::suspend()?;
                redraw_all(terminal)?;
            }
            Wake::Signal(SIGCONT) => {
                terminal::enter(&mut std::io::stdout())?;
                redraw_all(terminal)?;
            }
            Wake::Signal(SIGWINCH) | Wake::Reply(_) => {}
            Wake::Signal(n) => return Ok(Err(Ending::Signal(n))),
        }
        parser.expire(Instant::now());
        while let Some(event) = parser.next_event() {
            if let Event::Key(k) = event {
                let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                match k.code {
                    KeyCode::Char('q') if !ctrl => return Ok(Err(Ending::Quit)),
                    KeyCode::Char('c') if ctrl => return Ok(Err(Ending::Quit)),
                    KeyCode::Char('z') if ctrl => {
                        terminal::suspend()?;
                        redraw_all(terminal)?;
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Clears the screen and makes the next draw write every cell (after the
/// terminal was given to the shell); returns the terminal's area, which may
/// have changed meanwhile. (`Terminal::clear` would ask the terminal for
/// the cursor position, which only crossterm's own reader can read.)
fn redraw_all(terminal: &mut DefaultTerminal) -> std::io::Result<Rect> {
    let size = terminal.size()?;
    let area = Rect::new(0, 0, size.width, size.height);
    terminal.resize(area)?;
    Ok(area)
}

fn draw_progress(area: Rect, progress: &Progress, buf: &mut ratatui::buffer::Buffer) {
    let now = loading_now(progress);
    let (done, total) = (now.files_done, now.files_total);
    let label = format!(
        "loading {done}/{total} files · {:.1} MB",
        now.bytes as f64 / 1e6
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

/// Following the archive: what starting it needs, and the watcher.
struct Following {
    paths: Vec<PathBuf>,
    options: Options,
    tx: std::sync::mpsc::Sender<Followed>,
    watching: Option<Watching>,
    /// `F` was pressed and the archive is being read to follow it.
    starting: bool,
}

impl Following {
    fn active(&self) -> bool {
        self.watching.is_some() || self.starting
    }

    /// Watches with `follower`; what to tell the user.
    fn start(&mut self, follower: Follower) -> app::Notice {
        let tx = self.tx.clone();
        match watch(follower, move |u| tx.send(Followed::Update(u)).is_ok()) {
            Ok(w) => {
                let notice = following_notice(&w);
                self.watching = Some(w);
                notice
            }
            Err(e) => app::Notice {
                text: format!("cannot follow the archive: {e}"),
                error: true,
            },
        }
    }

    /// `F` before following: reads the archive again on a thread of its
    /// own, keeping what following needs, then watches it.
    fn start_later(&mut self) -> Option<app::Notice> {
        if self.active() {
            return None;
        }
        if self.paths.is_empty() {
            return Some(app::Notice {
                text: "the bundled sample does not change; nothing to follow".into(),
                error: false,
            });
        }
        self.starting = true;
        let (paths, options, tx) = (self.paths.clone(), self.options, self.tx.clone());
        let spawned = std::thread::Builder::new()
            .name("daybook-follow-start".into())
            .spawn(move || {
                let sent = match Follower::load(&paths, &options, &Progress::default()) {
                    Ok((follower, archive)) => {
                        let _ = tx.send(Followed::Update(Update {
                            archive,
                            notes: Vec::new(),
                        }));
                        let updates = tx.clone();
                        match watch(follower, move |u| updates.send(Followed::Update(u)).is_ok()) {
                            Ok(w) => tx.send(Followed::Started(w)),
                            Err(e) => tx.send(Followed::Failed(e.to_string())),
                        }
                    }
                    Err(e) => tx.send(Followed::Failed(e.to_string())),
                };
                drop(sent);
            });
        Some(match spawned {
            Ok(_) => app::Notice {
                text: "following: reading the archive…".into(),
                error: false,
            },
            Err(e) => {
                self.starting = false;
                app::Notice {
                    text: format!("cannot follow the archive: {e}"),
                    error: true,
                }
            }
        })
    }
}

/// What the status line says when following starts.
fn following_notice(w: &Watching) -> app::Notice {
    let text = match &w.watcher {
        crate::archive::follow::Watcher::Notify => {
            "following the archive: new messages appear as they are written".to_string()
        }
        crate::archive::follow::Watcher::Poll(why) => {
            format!("following the archive, looking every 100 ms ({why})")
        }
    };
    app::Notice { text, error: false }
}

/// What one version of the archive's session ended with.
enum Step {
    Exit(Exit),
    /// A new version of the archive, and the view state to carry to it.
    Swap(Box<(Update, follow::Carry)>),
    /// The whole archive after the first day, and the view state to carry.
    Whole(Box<(Loaded, follow::Carry)>),
}

/// What the loop keeps from one version of the archive to the next.
struct Shared {
    jobs: worker::Jobs,
    launcher: launch::Launcher,
    following: Following,
    /// The whole archive's load, while the session shows the first day.
    loading: Option<Arc<Progress>>,
}

/// The load's progress as the interface shows it.
fn loading_now(progress: &Progress) -> loading::Loading {
    use std::sync::atomic::Ordering::Relaxed;
    loading::Loading {
        files_done: progress.files_done.load(Relaxed),
        files_total: progress.files_total.load(Relaxed),
        bytes: progress.bytes_done.load(Relaxed),
    }
}

#[allow(clippy::too_many_arguments)]
fn main_loop(
    terminal: &mut DefaultTerminal,
    archive: Arc<Archive>,
    settings: &Ui,
    memory: &mut Memory,
    wakes: &Wakes<Report>,
    parser: &mut input::Parser,
    following: Following,
    loading: Option<Arc<Progress>>,
    mut notice: Option<app::Notice>,
) -> Result<Exit> {
    let (jobs, reports, _worker) = worker::spawn(Arc::clone(&archive));
    wakes
        .forward(reports, Report::Worker)
        .map_err(Error::Write)?;
    let mut shared = Shared {
        jobs,
        launcher: launch::Launcher::default(),
        following,
        loading,
    };
    let mut archive = archive;
    let mut carry: Option<(follow::Carry, Vec<usize>)> = None;
    loop {
        // The live search's builder borrows this version of the archive:
        // it runs on a scope of the session's own and ends with it, so a
        // matcher built for an older version is never installed.
        let step = std::thread::scope(|scope| {
            session(
                scope,
                terminal,
                &archive,
                settings,
                memory,
                wakes,
                parser,
                &mut shared,
                carry.take(),
                notice.take(),
            )
        })?;
        match step {
            Step::Exit(exit) => return Ok(exit),
            Step::Swap(swap) => {
                let (update, c) = *swap;
                let added = crate::archive::follow::added(&archive, &update.archive);
                archive = Arc::new(update.archive);
                shared.jobs.set_archive(Arc::clone(&archive));
                carry = Some((c, added));
                notice = update.notes.last().map(|n| app::Notice {
                    text: crate::text::sanitize_line(&n.to_string()).into_owned(),
                    error: false,
                });
            }
            Step::Whole(whole) => {
                let ((whole, follower), c) = *whole;
                crate::archive::require_archive(&whole, &shared.following.paths)?;
                // Nothing in it is new: every day is as long as it is.
                let kept: Vec<usize> = whole.days.iter().map(|d| d.messages.len()).collect();
                archive = Arc::new(whole);
                shared.jobs.set_archive(Arc::clone(&archive));
                shared.loading = None;
                shared.following.starting = false;
                // Said over what was said while it loaded.
                notice = Some(app::Notice {
                    text: format!(
                        "the whole archive is in: {} days, {} messages",
                        archive.days.len(),
                        archive.message_count()
                    ),
                    error: false,
                });
                if let Some(f) = follower {
                    notice = Some(shared.following.start(f));
                }
                // The day viewed last was not among the first day's inputs
                // (an archive without dated file names): restored now.
                carry = (!memory.missed()).then_some((c, kept));
            }
        }
    }
}

/// The interface on one version of the archive, until the user quits or
/// a new version arrives; the live search's [`build::Builder`] for this
/// version runs on `scope`.
#[allow(clippy::too_many_arguments)]
fn session<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    terminal: &mut DefaultTerminal,
    archive: &'env Arc<Archive>,
    settings: &Ui,
    memory: &mut Memory,
    wakes: &Wakes<Report>,
    parser: &mut input::Parser,
    shared: &mut Shared,
    carry: Option<(follow::Carry, Vec<usize>)>,
    notice: Option<app::Notice>,
) -> Result<Step> {
    let size = terminal.size()?;
    let mut app = App::new(
        archive,
        settings.keymap.clone(),
        settings.theme.clone(),
        Rect::new(0, 0, size.width, size.height),
    );
    app.look = settings.look.clone();
    app.jobs = Some(shared.jobs.clone());
    app.live_search = app::LiveSearch::Deferred;
    app.loading = shared.loading.as_deref().map(loading_now);
    let ready = wakes.tx.clone();
    app.builder = Some(
        build::Builder::spawn(scope, archive, move || {
            let _ = ready.send(Wake::Reply(Report::Built));
        })
        .map_err(Error::Write)?,
    );
    if let Some((c, added)) = carry {
        app.restore(c, &added);
    } else {
        app.relayout();
        memory.restore(&mut app);
        app.follow.active = shared.following.active();
        if app.follow.active {
            // `--follow` starts at the end, as `less +F` does.
            app.follow_jump();
        }
    }
    if notice.is_some() {
        app.notice = notice;
    }
    // A newer version of the archive, taken in once the queue is drained.
    let mut update: Option<Update> = None;
    // The whole archive, after the first day.
    let mut whole: Option<Loaded> = None;
    // Debug builds can be told to panic once the screen is up, so that a
    // test can check that the terminal is restored after a panic.
    let panic_on_key =
        cfg!(debug_assertions) && std::env::var_os("DAYBOOK_TEST_PANIC_ON_KEY").is_some();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| f.render_widget(&app, f.area()))?;
            dirty = false;
        }
        // Sleep until something happens, or until the parser has something
        // to do, or the load's progress is due to be shown again.
        let tick = app.loading.map(|_| Instant::now() + PROGRESS_FRAME);
        let first = match parser.deadline().into_iter().chain(tick).min() {
            Some(d) => match wakes
                .rx
                .recv_timeout(d.saturating_duration_since(Instant::now()))
            {
                Ok(w) => Some(w),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(Step::Exit(Ending::Quit.into())),
            },
            None => match wakes.rx.recv() {
                Ok(w) => Some(w),
                Err(_) => return Ok(Step::Exit(Ending::Quit.into())),
            },
        };
        // Everything queued, before drawing again.
        for wake in first
            .into_iter()
            .chain(std::iter::from_fn(|| wakes.rx.try_recv().ok()))
        {
            match wake {
                Wake::Input(at, bytes) => {
                    parser.feed(&bytes, at);
                }
                Wake::InputClosed => {
                    return Ok(Step::Exit(Exit {
                        ending: Ending::Quit,
                        unsaved: memory.save(&app).err(),
                    }));
                }
                Wake::Signal(SIGWINCH) => {
                    let size = terminal.size()?;
                    app.resize(Rect::new(0, 0, size.width, size.height));
                    dirty = true;
                }
                Wake::Signal(SIGTSTP) => {
                    app.effects.push(Effect::Suspend);
                }
                Wake::Signal(SIGCONT) => {
                    // Continued by someone else than our own suspend (a
                    // `kill -STOP` and `-CONT`): set the modes again.
                    terminal::enter(&mut std::io::stdout())?;
                    let area = redraw_all(terminal)?;
                    app.resize(area);
                    dirty = true;
                }
                Wake::Signal(n) => {
                    return Ok(Step::Exit(Exit {
                        ending: Ending::Signal(n),
                        unsaved: memory.save(&app).err(),
                    }));
                }
                Wake::Reply(Report::Worker(worker::Reply::Counts(r))) => {
                    app.apply_report(&r);
                    dirty = true;
                }
                Wake::Reply(Report::Worker(worker::Reply::Stats { generation, stats })) => {
                    app.apply_stats(generation, stats);
                    dirty = true;
                }
                Wake::Reply(Report::Built) => {
                    dirty |= app.apply_built();
                }
                Wake::Reply(Report::Load(Load::Whole(w))) => whole = Some(w?),
                Wake::Reply(Report::Load(Load::Panicked(panic))) => {
                    std::panic::resume_unwind(panic)
                }
                Wake::Reply(Report::Load(Load::First(_))) => {}
                Wake::Reply(Report::Follow(Followed::Update(mut u))) => {
                    if let Some(older) = update.take() {
                        let mut notes = older.notes;
                        notes.append(&mut u.notes);
                        u.notes = notes;
                    }
                    update = Some(u);
                }
                Wake::Reply(Report::Follow(Followed::Started(w))) => {
                    app.notice = Some(following_notice(&w));
                    shared.following.watching = Some(w);
                    shared.following.starting = false;
                    dirty = true;
                }
                Wake::Reply(Report::Follow(Followed::Failed(why))) => {
                    shared.following.starting = false;
                    app.follow.active = false;
                    app.notice = Some(app::Notice {
                        text: format!("cannot follow the archive: {why}"),
                        error: true,
                    });
                    dirty = true;
                }
            }
        }
        if let Some(p) = shared.loading.as_deref() {
            let now = Some(loading_now(p));
            dirty |= app.loading != now;
            app.loading = now;
        }
        parser.expire(Instant::now());
        while let Some(event) = parser.next_event() {
            dirty = true;
            match event {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    assert!(
                        !(panic_on_key && k.code == KeyCode::Char('!')),
                        "forced panic (DAYBOOK_TEST_PANIC_ON_KEY)"
                    );
                    app.on_key(k);
                }
                Event::Mouse(m) => app.on_mouse(m),
                Event::Paste(text) => app.on_paste(&text),
                Event::Resize(w, h) => app.resize(Rect::new(0, 0, w, h)),
                _ => {}
            }
            if app.quit {
                break;
            }
        }
        // Once per batch of input; the matcher is built on the builder's
        // thread and installed when it is ready.
        if app.apply_due_search() {
            dirty = true;
        }
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Suspend => {
                    terminal::suspend()?;
                    let area = redraw_all(terminal)?;
                    app.resize(area);
                    dirty = true;
                }
                Effect::Open(url) => {
                    if let Some(notice) = open(&url, &mut shared.launcher) {
                        app.notice = Some(notice);
                    }
                    dirty = true;
                }
                Effect::Follow => {
                    if let Some(n) = shared.following.start_later() {
                        app.notice = Some(n);
                    }
                    app.follow.active = shared.following.active();
                    dirty = true;
                }
                other => perform(other, &mut app, memory),
            }
        }
        if app.quit {
            return Ok(Step::Exit(Exit {
                ending: Ending::Quit,
                unsaved: memory.save(&app).err(),
            }));
        }
        if let Some(w) = whole.take() {
            return Ok(Step::Whole(Box::new((w, app.carry()))));
        }
        if let Some(u) = update.take() {
            // Swapped in between two frames: the next frame draws it.
            return Ok(Step::Swap(Box::new((u, app.carry()))));
        }
    }
}

/// Starts an opener for `url` (`$BROWSER`, else the platform's; at most
/// one a second); what to tell the user when none started.
fn open(url: &str, launcher: &mut launch::Launcher) -> Option<app::Notice> {
    let browser = std::env::var("BROWSER").ok();
    let commands = effects::openers(url, browser.as_deref());
    if commands.is_empty() {
        return None;
    }
    match launcher.launch(|| effects::start_opener(commands), Instant::now()) {
        Ok(()) => None,
        Err(launch::NotLaunched::TooSoon) => Some(app::Notice {
            text: "an opener was started less than a second ago; press again".to_string(),
            error: false,
        }),
        Err(launch::NotLaunched::Failed(e)) => Some(app::Notice {
            text: e,
            error: true,
        }),
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
        // The loop itself starts openers, suspends and follows.
        Effect::Open(_) | Effect::Suspend | Effect::Follow => {}
        Effect::SaveState => memory.save_or_tell(app),
    }
}

//! The terminal the interface runs in: the modes it sets (raw input, the
//! alternate screen, mouse reporting, bracketed paste, a hidden cursor) and
//! gives back, the threads that read its input and catch signals, and
//! suspending to the shell and coming back.
//!
//! Everything the loop waits for arrives on one channel as a [`Wake`], so
//! that the loop sleeps until there is something to do: input bytes, a
//! signal, a report from the worker. Idle, it uses no CPU.

use std::io::Write;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::signal::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGWINCH, SIGXCPU, SIGXFSZ,
};

/// Signals whose default action ends the process and that can be caught:
/// each one gives the terminal back and ends daybook with status 128 + N.
/// (SIGKILL cannot be caught; SIGSEGV, SIGILL, SIGFPE and SIGBUS mean a
/// fault, and SIGPIPE is ignored by Rust programs.)
pub const FATAL: &[i32] = &[
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
    SIGXFSZ,
];

/// How long the loop has to act on a fatal signal before the signal thread
/// gives the terminal back and ends the process itself (the loop may be busy
/// on a huge day, or writing to a terminal that is gone).
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// What wakes the loop.
#[derive(Debug)]
pub enum Wake<R> {
    /// Bytes from the terminal and when they were read.
    Input(Instant, Vec<u8>),
    /// The terminal's input ended (it hung up) or cannot be read.
    InputClosed,
    /// A signal: fatal ([`FATAL`]), SIGTSTP, SIGCONT or SIGWINCH.
    Signal(i32),
    /// A report from the worker.
    Reply(R),
}

/// Turns on what the interface needs: raw input, the alternate screen,
/// mouse reporting and bracketed paste.
pub fn enter(out: &mut impl Write) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    out.flush()
}

/// Gives the terminal back as it was: every mode [`enter`] set is turned
/// off, the normal screen is back and the cursor shows. Safe to call more
/// than once, and when the modes were never set.
pub fn leave(out: &mut impl Write) -> std::io::Result<()> {
    // Raw mode first, as ratatui does: it has the most side effects.
    let raw = disable_raw_mode();
    let modes = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let flushed = out.flush();
    raw.and(modes).and(flushed)
}

/// The terminal's modes for as long as this lives: set by [`Modes::enter`],
/// given back on drop, also when unwinding from a panic; a panic hook gives
/// the terminal back before the panic message prints.
pub struct Modes;

impl Modes {
    pub fn enter() -> std::io::Result<Modes> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = leave(&mut std::io::stdout());
            hook(info);
        }));
        // From here on, drop gives back whatever part was set.
        let modes = Modes;
        enter(&mut std::io::stdout())?;
        Ok(modes)
    }
}

impl Drop for Modes {
    fn drop(&mut self) {
        let _ = leave(&mut std::io::stdout());
    }
}

/// Stops the process as SIGTSTP would (Ctrl-Z, `kill -TSTP`), with the
/// terminal given back first; returns once the shell continues it (`fg`),
/// with the modes set again. The caller redraws the whole screen.
pub fn suspend() -> std::io::Result<()> {
    let mut out = std::io::stdout();
    leave(&mut out)?;
    // SIGSTOP cannot be caught: the shell sees the job stopped.
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    enter(&mut out)
}

/// The channel the loop waits on, with the threads that feed it: one reads
/// the terminal, one catches signals.
pub struct Wakes<R> {
    pub rx: Receiver<Wake<R>>,
    pub tx: Sender<Wake<R>>,
    signals: signal_hook::iterator::Handle,
}

impl<R: Send + 'static> Wakes<R> {
    /// Starts catching signals; call before the terminal is touched, so
    /// that none is missed.
    pub fn start() -> std::io::Result<Wakes<R>> {
        let (tx, rx) = channel();
        let signals = watch_signals(tx.clone())?;
        Ok(Wakes { rx, tx, signals })
    }

    /// Starts reading the terminal (stdin) on a thread of its own, which
    /// sends every read at once, however much it holds.
    pub fn read_input(&self) -> std::io::Result<()> {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("daybook-input".into())
            .spawn(move || {
                let mut stdin = std::io::stdin();
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    match std::io::Read::read(&mut stdin, &mut buf) {
                        Ok(0) => {
                            let _ = tx.send(Wake::InputClosed);
                            return;
                        }
                        Ok(n) => {
                            if tx
                                .send(Wake::Input(Instant::now(), buf[..n].to_vec()))
                                .is_err()
                            {
                                return;
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => {
                            let _ = tx.send(Wake::InputClosed);
                            return;
                        }
                    }
                }
            })?;
        Ok(())
    }

    /// Passes what `rx` receives on as [`Wake::Reply`], on a thread.
    pub fn forward<T: Send + 'static>(
        &self,
        rx: Receiver<T>,
        wrap: impl Fn(T) -> R + Send + 'static,
    ) -> std::io::Result<()> {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("daybook-replies".into())
            .spawn(move || {
                while let Ok(r) = rx.recv() {
                    if tx.send(Wake::Reply(wrap(r))).is_err() {
                        return;
                    }
                }
            })?;
        Ok(())
    }
}

impl<R> Drop for Wakes<R> {
    fn drop(&mut self) {
        self.signals.close();
    }
}

/// Catches [`FATAL`] signals, SIGTSTP, SIGCONT and SIGWINCH and sends them
/// to the loop. After a fatal one, if the process still runs after
/// [`SIGNAL_GRACE`], this thread gives the terminal back itself and exits
/// with 128 + N, so that no process is left running without a terminal.
fn watch_signals<R: Send + 'static>(
    tx: Sender<Wake<R>>,
) -> std::io::Result<signal_hook::iterator::Handle> {
    let mut wanted = FATAL.to_vec();
    wanted.extend([SIGTSTP, SIGCONT, SIGWINCH]);
    let mut signals = signal_hook::iterator::Signals::new(&wanted)?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("daybook-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let _ = tx.send(Wake::Signal(signal));
                if FATAL.contains(&signal) {
                    std::thread::sleep(SIGNAL_GRACE);
                    last_resort(signal);
                }
            }
        })?;
    Ok(handle)
}

/// Gives the terminal back from the signal thread and exits. The main
/// thread may hold stdout's lock for good, so this writes to the terminal
/// device itself; it may be gone, which is fine.
fn last_resort(signal: i32) -> ! {
    let _ = disable_raw_mode();
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let _ = execute!(
            tty,
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
    }
    std::process::exit(128 + signal);
}

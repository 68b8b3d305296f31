//! Whether tmux can run the end-to-end tests of the interface. Included
//! with `#[path]` by the tests that drive the real binary in tmux.
//!
//! Where tmux is missing, each such test prints why and passes without
//! running (so that `cargo test` works on a machine without it); with
//! `DAYBOOK_REQUIRE_TMUX=1`, as `.ci/run` sets, a missing tmux fails
//! instead, so that CI never skips them silently.

#![allow(dead_code)]

use std::io::Write as _;
use std::process::Command;

/// The variable that turns a skip into a failure.
pub const REQUIRE: &str = "DAYBOOK_REQUIRE_TMUX";

/// Whether `test` can run: tmux answers `tmux -V`. When it cannot, says so
/// on stderr and returns `false`, or panics when [`REQUIRE`] is set to
/// anything but `0` or nothing.
pub fn available(test: &str) -> bool {
    let required = std::env::var(REQUIRE).is_ok_and(|v| !v.is_empty() && v != "0");
    check("tmux", test, required)
}

/// [`available`] for the tmux at `program`, `required` or not.
pub fn check(program: &str, test: &str, required: bool) -> bool {
    let problem = match Command::new(program).arg("-V").output() {
        Ok(o) if o.status.success() => return true,
        Ok(o) => format!("`tmux -V` failed ({})", o.status),
        Err(e) => format!("tmux is not installed ({e})"),
    };
    assert!(
        !required,
        "{test}: {problem}, and {REQUIRE} is set: the end-to-end tests of the \
         interface need tmux (apt-get install tmux, brew install tmux)"
    );
    // Straight to the process's stderr: the test harness captures
    // `eprintln!` of passing tests, and this must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {problem}; install tmux to run the end-to-end tests \
         ({REQUIRE}=1 makes this a failure)"
    );
    false
}

/// A tmux server of a test's own (`tmux -L`), with one session; killed
/// with the processes in it on drop, also when the test failed.
pub struct Server {
    pub socket: String,
    /// The server's socket file, removed on drop.
    socket_path: Option<std::path::PathBuf>,
    /// How long [`Server::wait`] waits.
    timeout: std::time::Duration,
}

/// How often [`Server::wait`] reads the screen.
const POLL: std::time::Duration = std::time::Duration::from_millis(50);
/// crossterm reads Esc followed quickly by a key as Alt+key.
const AFTER_ESCAPE: std::time::Duration = std::time::Duration::from_millis(250);

impl Server {
    /// Starts a `width`×`height` session running the shell line `command`
    /// in the project's folder, on a server named after `name`, the
    /// process and a counter.
    pub fn start(
        name: &str,
        (width, height): (u16, u16),
        command: &str,
        timeout: std::time::Duration,
    ) -> Server {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "daybook-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let mut s = Server {
            socket,
            socket_path: None,
            timeout,
        };
        let (w, h) = (width.to_string(), height.to_string());
        s.run(&[
            "new-session",
            "-d",
            "-x",
            &w,
            "-y",
            &h,
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            command,
        ]);
        let path = s.flag("socket_path");
        s.socket_path = (!path.is_empty()).then(|| std::path::PathBuf::from(path));
        s
    }

    /// Runs a tmux command on this server; panics when it fails.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        let out = Command::new("tmux")
            .args(["-u", "-f", "/dev/null", "-L", &self.socket])
            .args(args)
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Types text as it is (no key names).
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "0", "-l", "--", text]);
    }

    /// Presses a key by tmux's name for it (`Enter`, `Escape`, `C-d`, `]`).
    /// After Escape it waits, so that the next key is not read as Alt+key.
    pub fn press(&self, key: &str) {
        self.run(&["send-keys", "-t", "0", key]);
        if key == "Escape" {
            std::thread::sleep(AFTER_ESCAPE);
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    /// The screen with its colours and attributes as escape sequences.
    pub fn screen_with_styles(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-e", "-t", "0"]).stdout)
            .into_owned()
    }

    /// A pane variable such as `alternate_on`, `mouse_any_flag` or `pane_pid`.
    pub fn flag(&self, name: &str) -> String {
        let f = format!("#{{{name}}}");
        String::from_utf8_lossy(&self.run(&["display-message", "-p", "-t", "0", &f]).stdout)
            .trim()
            .to_string()
    }

    /// Polls the screen until `ok` holds and the screen has settled (a
    /// frame can be caught half written), and returns it; fails with the
    /// last screen when that does not happen in time.
    pub fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = std::time::Instant::now();
        let mut last = String::new();
        loop {
            let s = self.screen();
            if ok(&s) && s == last {
                return s;
            }
            last.clone_from(&s);
            assert!(
                start.elapsed() < self.timeout,
                "waited {:?} for {what}; the screen:\n{s}",
                self.timeout
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Server {
    /// Kills the server and the processes in it (their terminal goes away).
    pub fn kill(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Single-quotes `s` for sh.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The child processes of `pid` (of any of its threads), with their states.
pub fn child_states(pid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        let Some(after) = stat.rsplit(") ").next() else {
            continue;
        };
        let mut fields = after.split(' ');
        let state = fields.next().and_then(|s| s.chars().next());
        let ppid = fields.next().and_then(|p| p.parse::<u32>().ok());
        let me = e.file_name().to_string_lossy().parse::<u32>().ok();
        if let (Some(state), Some(me)) = (state, me) {
            if ppid == Some(pid) {
                out.push((me, state));
            }
        }
    }
    out
}

/// The child processes of `pid`.
pub fn children(pid: u32) -> Vec<u32> {
    child_states(pid).into_iter().map(|(p, _)| p).collect()
}

/// The command name of a running or stopped (not zombie) process.
pub fn comm(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let state = stat.rsplit(") ").next()?.chars().next()?;
    if state == 'Z' {
        return None;
    }
    Some(
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .ok()?
            .trim()
            .to_string(),
    )
}

/// Inside a test that has already checked [`available`].
pub fn require() {
    assert!(available("this test"), "tmux is needed here");
}

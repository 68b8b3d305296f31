//! The real binary in a real terminal (tmux): the terminal is given back
//! as it was (the alternate screen left, echo and canonical mode back on,
//! every `stty` setting as before) when daybook is ended by a signal
//! (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 …, with status 128 + N), when
//! it panics, and when its terminal goes away; and a whole session never
//! changes a file of the archive it reads. Suspending, paste and the other
//! terminal behaviours are in tests/terminal.rs.
//!
//! They need tmux: without it each test prints why and skips, and with
//! `DAYBOOK_REQUIRE_TMUX=1` (as `.ci/run` sets, after installing tmux) it
//! fails instead. Each test has its own tmux server (`tmux -L`), killed on drop.

#[path = "support/tmux.rs"]
mod tmux;
use tmux::{children, comm, quote, require as require_tmux};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

/// A tmux server of our own, one pane running daybook under a shell that
/// records `stty -a` before and after it and then prints `EXIT:<status>`.
struct Session {
    server: tmux::Server,
    /// Holds HOME, the state file and the `stty` records.
    dir: tempfile::TempDir,
    /// The daybook process, once found.
    pid: Option<u32>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        require_tmux();
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().display().to_string();
        let mut vars = vec![
            (
                "PATH".to_string(),
                std::env::var("PATH").unwrap_or_default(),
            ),
            ("HOME".to_string(), d.clone()),
            ("XDG_CONFIG_HOME".to_string(), format!("{d}/config")),
            ("XDG_STATE_HOME".to_string(), format!("{d}/state")),
            ("DAYBOOK_STATE".to_string(), format!("{d}/state.json")),
            ("TERM".to_string(), "xterm-256color".to_string()),
            ("LANG".to_string(), "C.UTF-8".to_string()),
            ("LC_ALL".to_string(), "C.UTF-8".to_string()),
        ];
        vars.extend(
            env.iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
        );
        let assignments: Vec<String> = vars
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        let mut command = format!(
            "env -i {} {}",
            assignments.join(" "),
            quote(env!("CARGO_BIN_EXE_daybook"))
        );
        for a in args {
            command.push(' ');
            command.push_str(&quote(a));
        }
        let script = format!(
            "stty -a > {b}; {command}; echo EXIT:$?; stty -a > {a}; sleep 30",
            b = quote(&format!("{d}/before.txt")),
            a = quote(&format!("{d}/after.txt")),
        );
        Session {
            server: tmux::Server::start("restore", (100, 30), &script, TIMEOUT),
            dir,
            pid: None,
        }
    }

    /// Waits for daybook's first frame (the alternate screen, a date on
    /// it) and finds its process.
    fn wait_for_first_frame(&mut self) {
        self.wait("the first frame", |screen| {
            self.flag("alternate_on") == "1" && screen.contains("2018")
        });
        let shell: u32 = self.flag("pane_pid").parse().expect("pane pid");
        let start = Instant::now();
        self.pid = loop {
            let found = children(shell)
                .into_iter()
                .find(|&p| comm(p).as_deref() == Some("daybook"));
            if found.is_some() {
                break found;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "no daybook process under {shell}"
            );
            std::thread::sleep(POLL);
        };
    }

    fn signal(&self, signal: &str) {
        let pid = self.pid.expect("daybook's pid").to_string();
        let o = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .output()
            .expect("kill");
        assert!(o.status.success(), "kill -{signal} {pid}");
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "0", k]);
            // After ESC the terminal waits to tell a lone Escape from the
            // start of a sequence: give it time, so that the next key is
            // not read as Alt+key.
            let pause = if *k == "Escape" { 250 } else { 60 };
            std::thread::sleep(Duration::from_millis(pause));
        }
    }

    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "0", "-l", text]);
    }

    /// Waits until daybook has ended and the shell has recorded `stty -a`;
    /// returns the screen and the exit status the shell printed.
    fn wait_for_exit(&self) -> (String, String) {
        let after = self.dir.path().join("after.txt");
        let screen = self.wait("daybook to end", |screen| {
            screen.contains("EXIT:") && after.exists()
        });
        let status = screen
            .lines()
            .find_map(|l| l.trim().strip_prefix("EXIT:"))
            .expect("EXIT line")
            .trim()
            .to_string();
        (screen, status)
    }

    /// Checks that the terminal is as it was before daybook ran.
    fn assert_restored(&self, screen: &str) {
        assert_eq!(
            self.flag("alternate_on"),
            "0",
            "still on the alternate screen:\n{screen}"
        );
        assert_eq!(
            self.flag("mouse_any_flag"),
            "0",
            "mouse reporting left on:\n{screen}"
        );
        assert_eq!(self.flag("cursor_flag"), "1", "the cursor is hidden");
        let read =
            |name: &str| std::fs::read_to_string(self.dir.path().join(name)).expect("stty record");
        let (before, after) = (read("before.txt"), read("after.txt"));
        let modes: Vec<&str> = after.split([' ', ';', '\n']).collect();
        for mode in ["echo", "icanon", "isig", "icrnl", "opost", "onlcr"] {
            assert!(
                modes.contains(&mode),
                "`{mode}` is off after daybook:\n{after}"
            );
        }
        assert_eq!(after, before, "stty settings changed");
    }
}

impl std::ops::Deref for Session {
    type Target = tmux::Server;
    fn deref(&self) -> &tmux::Server {
        &self.server
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.server.kill();
        // A daybook that outlived its terminal is ours to end.
        if let Some(pid) = self.pid {
            if comm(pid).as_deref() == Some("daybook") {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .output();
            }
        }
    }
}

const HOSTILE: &str = "tests/fixtures/hostile";

#[test]
fn sigterm_restores_the_terminal() {
    if !tmux::available("sigterm_restores_the_terminal") {
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[]);
    s.wait_for_first_frame();
    s.keys(&["]", "/"]);
    s.type_text("e");
    s.signal("TERM");
    let (screen, status) = s.wait_for_exit();
    s.assert_restored(&screen);
    assert_eq!(status, "143", "exit status 128 + 15:\n{screen}");
}

#[test]
fn sighup_restores_the_terminal() {
    if !tmux::available("sighup_restores_the_terminal") {
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[]);
    s.wait_for_first_frame();
    s.keys(&["@"]);
    s.signal("HUP");
    let (screen, status) = s.wait_for_exit();
    s.assert_restored(&screen);
    assert_eq!(status, "129", "exit status 128 + 1:\n{screen}");
}

/// A signal sent with `kill` (not typed: in raw mode Ctrl-C is a key)
/// ends daybook with the terminal given back and the conventional status.
fn signal_restores_the_terminal(signal: &str, status: &str, keys: &[&str]) {
    if !tmux::available(&format!("the SIG{signal} test")) {
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[]);
    s.wait_for_first_frame();
    s.keys(keys);
    s.signal(signal);
    let (screen, got) = s.wait_for_exit();
    s.assert_restored(&screen);
    assert_eq!(got, status, "exit status after SIG{signal}:\n{screen}");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT", "130", &["/"]);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT", "131", &["j", "?"]);
}

#[test]
fn sigusr1_restores_the_terminal() {
    signal_restores_the_terminal("USR1", "138", &["S"]);
}

#[test]
fn sigusr2_and_sigalrm_restore_the_terminal() {
    signal_restores_the_terminal("USR2", "140", &[]);
    signal_restores_the_terminal("ALRM", "142", &["'"]);
}

#[test]
fn a_panic_restores_the_terminal_and_prints_its_message() {
    if !tmux::available("a_panic_restores_the_terminal_and_prints_its_message") {
        return;
    }
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the forced panic exists in debug builds only");
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[("DAYBOOK_TEST_PANIC_ON_KEY", "1")]);
    s.wait_for_first_frame();
    s.keys(&["j", "!"]);
    let (screen, status) = s.wait_for_exit();
    s.assert_restored(&screen);
    assert_eq!(status, "101", "a panic exits with 101:\n{screen}");
    assert!(
        screen.contains("panicked") && screen.contains("forced panic"),
        "the panic message is not on the normal screen:\n{screen}"
    );
}

#[test]
fn quit_restores_the_terminal() {
    if !tmux::available("quit_restores_the_terminal") {
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[]);
    s.wait_for_first_frame();
    s.keys(&["q"]);
    let (screen, status) = s.wait_for_exit();
    s.assert_restored(&screen);
    assert_eq!(status, "0", "{screen}");
}

/// When the terminal itself goes away (the tmux server is killed, an ssh
/// connection drops), daybook gets SIGHUP and reads fail: it must end, not
/// spin on a dead terminal.
#[test]
fn daybook_ends_when_its_terminal_goes_away() {
    if !tmux::available("daybook_ends_when_its_terminal_goes_away") {
        return;
    }
    let mut s = Session::start(&[HOSTILE], &[]);
    s.wait_for_first_frame();
    let pid = s.pid.expect("pid");
    s.kill();
    let start = Instant::now();
    while comm(pid).as_deref() == Some("daybook") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "daybook (pid {pid}) still running 10 s after its terminal went away"
        );
        std::thread::sleep(POLL);
    }
}

// Read-only: daybook never writes into an archive.

/// Every file under `dir` (hidden ones too) with its bytes, length,
/// permissions and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32, SystemTime)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            if meta.is_dir() {
                stack.push(p.clone());
            }
            let bytes = if meta.is_file() {
                std::fs::read(&p).expect("read")
            } else {
                Vec::new()
            };
            let modified = meta.modified().expect("mtime");
            out.insert(p, (bytes, meta.permissions().mode(), modified));
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_whole_session_leaves_the_archive_unchanged() {
    if !tmux::available("a_whole_session_leaves_the_archive_unchanged") {
        return;
    }
    let archive = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("seeds"), &archive.path().join("seeds"));
    copy_dir(&root.join(HOSTILE), &archive.path().join("hostile"));
    let before = snapshot(archive.path());
    assert!(before.len() > 30);

    let path = archive.path().to_str().expect("UTF-8 path");
    let mut s = Session::start(&[path], &[]);
    s.wait_for_first_frame();
    s.keys(&["]", "[", "j", "k", "G", "g", "/"]);
    s.type_text("区块链");
    s.keys(&["Enter", "n", "N", "f", "f", "@"]);
    s.type_text("a");
    s.keys(&["Space", "Enter", "Escape", "?", "?", ":"]);
    s.type_text("2018-01-22");
    s.keys(&["Enter", "}", "{", "q"]);
    let (screen, status) = s.wait_for_exit();
    assert_eq!(status, "0", "{screen}");
    s.assert_restored(&screen);

    let after = snapshot(archive.path());
    let added: Vec<_> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(added.is_empty(), "new files in the archive: {added:?}");
    for (p, was) in &before {
        let now = after
            .get(p)
            .unwrap_or_else(|| panic!("{} is gone", p.display()));
        assert!(now == was, "{} changed", p.display());
    }
}

/// Where the source may write files, each with the reason; any other use of
/// a writing API in src/ fails this test and needs a look (and a line here).
const WRITERS: &[(&str, &str, &str)] = &[
    (
        "src/state.rs",
        "OpenOptions|create_dir|fs::rename|remove_file|File::create|fs::write|set_len|set_permissions|symlink(",
        "the state file (a new temporary file, then a rename; a corrupt one renamed aside), in the platform's state folder or DAYBOOK_STATE, never the archive; its unit tests, in temporary folders",
    ),
    (
        "src/tui/memory.rs",
        "fs::write|File::create|set_len|create_dir",
        "unit tests of the state file, in temporary folders",
    ),
    (
        "src/archive/read_big.rs",
        "fs::write",
        "unit tests of the read of a big file in parts, in temporary folders",
    ),
    (
        "src/archive/formats/telegram/tests.rs",
        "fs::write",
        "unit tests of reading a big Telegram export from its file, in temporary folders",
    ),
    (
        "src/commands/export.rs",
        "File::create",
        "`export -o FILE`, which refuses a file of the archive",
    ),
    (
        "src/tui/terminal.rs",
        "OpenOptions",
        "/dev/tty, to restore the terminal after a signal",
    ),
];

#[test]
fn the_source_writes_files_only_where_it_may() {
    const APIS: &[&str] = &[
        "OpenOptions",
        "File::create",
        "File::options",
        "fs::write",
        "create_dir",
        "remove_file",
        "remove_dir",
        "fs::rename",
        "fs::copy",
        "set_permissions",
        "set_len",
        "hard_link",
        "symlink(",
        "set_modified",
        "set_times",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 20);
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for api in APIS {
                if !code.contains(api) {
                    continue;
                }
                let allowed = WRITERS
                    .iter()
                    .any(|(file, apis, _)| *file == rel && apis.split('|').any(|a| a == *api));
                if !allowed {
                    found.push(format!("{rel}:{}: {api}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "file-writing APIs outside the allow-list (WRITERS in tests/restore.rs):\n{}",
        found.join("\n")
    );
}

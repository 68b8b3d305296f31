//! The real binary in a real terminal (tmux), for what the terminal does
//! beyond restoring it (tests/restore.rs): suspending with Ctrl-Z or
//! SIGTSTP and coming back with `fg`, pasted text arriving whole, a stray
//! escape prefix that must not swallow keys, `TERM=dumb`, and the opener.
//!
//! Each test runs an interactive `sh` in a tmux server of its own (`tmux
//! -L`, killed on drop) and types command lines into it, as a person would.
//! Where tmux is missing they say so and pass without running, unless
//! `DAYBOOK_REQUIRE_TMUX=1` (as in CI) makes that a failure
//! (tests/support/tmux.rs).

#[path = "support/tmux.rs"]
mod tmux;
use tmux::{child_states, children, comm, quote, require as require_tmux};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);
const PROMPT: &str = "PROMPT> ";
const HOSTILE: &str = "tests/fixtures/hostile";

/// An interactive shell in a tmux pane of its own.
struct Shell {
    server: tmux::Server,
    /// HOME, the state file, scripts and records of the run.
    dir: tempfile::TempDir,
}

impl Shell {
    /// Starts `sh -i` with a clean environment (plus `env`) in a 100×30 pane.
    fn start(env: &[(&str, &str)]) -> Shell {
        require_tmux();
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().display().to_string();
        let mut vars: Vec<(String, String)> = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".into(), d.clone()),
            ("XDG_CONFIG_HOME".into(), format!("{d}/config")),
            ("XDG_STATE_HOME".into(), format!("{d}/state")),
            ("DAYBOOK_STATE".into(), format!("{d}/state.json")),
            ("TERM".into(), "xterm-256color".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("LC_ALL".into(), "C.UTF-8".into()),
            ("PS1".into(), PROMPT.into()),
        ];
        for (k, v) in env {
            vars.retain(|(name, _)| name != k);
            vars.push(((*k).into(), (*v).into()));
        }
        let assignments: Vec<String> = vars
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        let command = format!("env -i {} sh -i", assignments.join(" "));
        let s = Shell {
            server: tmux::Server::start("terminal", (100, 30), &command, TIMEOUT),
            dir,
        };
        s.wait("the prompt", |screen| screen.contains(PROMPT.trim_end()));
        s
    }

    /// Types a command line and Enter.
    fn line(&self, text: &str) {
        self.type_text(text);
        self.press("Enter");
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.press(k);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Starts daybook with `args` from the shell and waits for its first
    /// frame (the alternate screen, `ready` on it); returns its pid.
    fn daybook(&self, args: &[&str]) -> u32 {
        let mut line = quote(env!("CARGO_BIN_EXE_daybook"));
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        self.line(&line);
        self.wait_for_frame();
        let shell: u32 = self.flag("pane_pid").parse().expect("pane pid");
        let start = Instant::now();
        loop {
            if let Some(p) = children(shell)
                .into_iter()
                .find(|&p| comm(p).as_deref() == Some("daybook"))
            {
                return p;
            }
            assert!(start.elapsed() < TIMEOUT, "no daybook under {shell}");
            std::thread::sleep(POLL);
        }
    }

    fn wait_for_frame(&self) -> String {
        self.wait("daybook's frame", |screen| {
            self.flag("alternate_on") == "1" && screen.contains("2018")
        })
    }

    /// Waits for the shell's prompt on the normal screen, daybook stopped
    /// or ended, and checks that the terminal is as the shell wants it.
    fn wait_for_shell(&self, what: &str) -> String {
        let screen = self.wait(what, |screen| {
            self.flag("alternate_on") == "0"
                && screen.lines().rfind(|l| !l.trim().is_empty()) == Some(PROMPT.trim_end())
        });
        assert_eq!(self.flag("mouse_any_flag"), "0", "mouse reporting left on");
        assert_eq!(self.flag("cursor_flag"), "1", "the cursor is hidden");
        screen
    }

    /// `stty -a` as the shell sees it now.
    fn stty(&self, name: &str) -> String {
        let path = self.dir.path().join(name);
        self.line(&format!("stty -a > {}", quote(&path.display().to_string())));
        let start = Instant::now();
        loop {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if text.contains("speed") {
                    return text;
                }
            }
            assert!(start.elapsed() < TIMEOUT, "no stty record");
            std::thread::sleep(POLL);
        }
    }

    /// The daybook title row (the message pane's first row).
    fn title(&self) -> String {
        let screen = self.screen();
        screen.lines().next().unwrap_or("").to_string()
    }

    /// The exit status the shell reports for the last command.
    fn status(&self) -> String {
        self.line("echo EXIT:$?");
        let screen = self.wait("the exit status", |s| {
            s.lines().any(|l| l.trim().starts_with("EXIT:"))
        });
        screen
            .lines()
            .find_map(|l| l.trim().strip_prefix("EXIT:"))
            .expect("EXIT line")
            .trim()
            .to_string()
    }
}

impl std::ops::Deref for Shell {
    type Target = tmux::Server;
    fn deref(&self) -> &tmux::Server {
        &self.server
    }
}

/// The shell's terminal settings that matter after daybook stopped or ended.
fn assert_sane(before: &str, now: &str) {
    let modes: Vec<&str> = now.split([' ', ';', '\n']).collect();
    for mode in ["echo", "icanon", "isig", "icrnl", "opost", "onlcr"] {
        assert!(modes.contains(&mode), "`{mode}` is off:\n{now}");
    }
    assert_eq!(now, before, "stty settings changed");
}

#[test]
fn ctrl_z_suspends_and_fg_comes_back() {
    if !tmux::available("ctrl_z_suspends_and_fg_comes_back") {
        return;
    }
    let s = Shell::start(&[]);
    let before = s.stty("before.txt");
    let pid = s.daybook(&[HOSTILE]);
    s.keys(&["/"]);
    s.run(&["send-keys", "-t", "0", "-l", "e"]);
    s.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));

    // Ctrl-Z, as in less: the shell's prompt, on a sane terminal.
    s.keys(&["C-z"]);
    let screen = s.wait_for_shell("the shell after Ctrl-Z");
    assert!(screen.contains("Stopped"), "{screen}");
    assert_sane(&before, &s.stty("stopped.txt"));
    assert_eq!(comm(pid).as_deref(), Some("daybook"), "daybook is gone");

    // fg: the screen is back and keys work.
    s.line("fg");
    s.wait_for_frame();
    let title = s.title();
    s.keys(&["["]);
    s.wait("the previous day after [", |_| s.title() != title);

    // SIGTSTP sent with kill does the same.
    let kill = Command::new("kill")
        .args(["-TSTP", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    s.wait_for_shell("the shell after SIGTSTP");
    assert_sane(&before, &s.stty("stopped2.txt"));
    s.line("fg");
    s.wait_for_frame();

    s.keys(&["q"]);
    s.wait_for_shell("the shell after q");
    assert_eq!(s.status(), "0");
    assert_sane(&before, &s.stty("after.txt"));
}

/// Words `w0 w1 …` and a last one that only the end of the text holds.
fn pasted_text(words: usize) -> String {
    use std::fmt::Write;
    let mut text = String::new();
    for i in 0..words {
        let _ = write!(text, "w{i} ");
    }
    text.push_str("ENDMARK");
    text
}

/// Pastes `text` into the open search prompt through a tmux buffer; with
/// `bracketed`, as a terminal pastes for a program that asked for it.
fn paste(s: &Shell, text: &str, bracketed: bool) {
    let file = s.dir.path().join("paste.txt");
    std::fs::write(&file, text).expect("write the paste");
    s.run(&["load-buffer", "-b", "p", &file.display().to_string()]);
    let mut args = vec!["paste-buffer", "-b", "p", "-t", "0"];
    if bracketed {
        args.push("-p");
    }
    s.run(&args);
}

/// The prompt row (the last row) shows the end of what was typed.
fn prompt_shows(screen: &str, what: &str) -> bool {
    screen
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with('/') && l.contains(what))
}

#[test]
fn a_paste_arrives_whole_without_another_key() {
    if !tmux::available("a_paste_arrives_whole_without_another_key") {
        return;
    }
    let s = Shell::start(&[]);
    s.daybook(&[HOSTILE]);
    // Typed as keys (no bracketed paste): every byte is read at once, not
    // 1 KiB per key pressed afterwards.
    s.keys(&["/"]);
    paste(&s, &pasted_text(2_000), false);
    s.wait("the end of the typed paste in the prompt", |screen| {
        prompt_shows(screen, "ENDMARK")
    });
    s.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    // A bracketed paste of 10,000 terms is one edit.
    s.keys(&["/"]);
    paste(&s, &pasted_text(10_000), true);
    s.wait("the end of the bracketed paste in the prompt", |screen| {
        prompt_shows(screen, "ENDMARK")
    });
    // Keys still flow while the 10,000-term search is built: typed
    // text shows, Escape closes the prompt, q quits.
    s.run(&["send-keys", "-t", "0", "-l", " zq"]);
    s.wait("keys typed after the paste in the prompt", |screen| {
        prompt_shows(screen, "ENDMARK zq")
    });
    s.keys(&["Escape"]);
    s.wait("the prompt closed by Escape after the paste", |screen| {
        !prompt_shows(screen, "ENDMARK")
    });
    s.keys(&["q"]);
    s.wait_for_shell("the shell after q");
    assert_eq!(s.status(), "0");
}

#[test]
fn a_folder_without_day_files_is_no_archive_for_the_interface_either() {
    if !tmux::available("a_folder_without_day_files_is_no_archive_for_the_interface_either") {
        return;
    }
    let s = Shell::start(&[]);
    let empty = s.dir.path().join("empty");
    std::fs::create_dir(&empty).expect("an empty folder");
    s.line(&format!(
        "{} {}",
        quote(env!("CARGO_BIN_EXE_daybook")),
        quote(&empty.display().to_string())
    ));
    let screen = s.wait_for_shell("the shell after daybook on an empty folder");
    assert!(
        screen.contains("not a chat archive: no files in it"),
        "{screen}"
    );
    assert_eq!(s.status(), "2");
}

#[test]
fn a_stray_escape_prefix_does_not_swallow_keys() {
    if !tmux::available("a_stray_escape_prefix_does_not_swallow_keys") {
        return;
    }
    let s = Shell::start(&[]);
    s.daybook(&[HOSTILE]);
    // `ESC [ ?` in one write, then nothing for a while: the start of a
    // sequence that never ends.
    s.run(&["send-keys", "-t", "0", "-H", "1b", "5b", "3f"]);
    std::thread::sleep(Duration::from_millis(300));
    // `:` is a byte that could continue the sequence; it must open the
    // date prompt instead.
    s.run(&["send-keys", "-t", "0", "-l", ":"]);
    s.wait("the date prompt after a stray ESC [ ?", |screen| {
        screen.contains("go to date")
    });
    s.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    s.keys(&["q"]);
    s.wait_for_shell("the shell after q");
    assert_eq!(s.status(), "0");
}

#[test]
fn term_dumb_gets_the_day_list_and_a_note() {
    if !tmux::available("term_dumb_gets_the_day_list_and_a_note") {
        return;
    }
    let s = Shell::start(&[("TERM", "dumb")]);
    let before = s.stty("before.txt");
    s.line(&format!(
        "{} {HOSTILE}",
        quote(env!("CARGO_BIN_EXE_daybook"))
    ));
    let screen = s.wait("the day list", |screen| {
        screen.contains("2018-03-01") && screen.trim_end().ends_with(PROMPT.trim_end())
    });
    assert_eq!(s.flag("alternate_on"), "0");
    assert!(
        screen.contains("TERM=dumb") && screen.contains("day list"),
        "no note on the screen:\n{screen}"
    );
    assert!(
        !screen.contains("Days"),
        "the interface was drawn:\n{screen}"
    );
    assert_eq!(s.status(), "0");
    assert_sane(&before, &s.stty("after.txt"));
}

/// An archive of one day whose message holds a link.
fn archive_with_a_link(dir: &Path) -> PathBuf {
    let archive = dir.join("archive");
    std::fs::create_dir_all(&archive).expect("mkdir");
    std::fs::write(
        archive.join("2018-04-01-chat.markdown"),
        "---\ndate: 2018-04-01 12:00:00\n---\n> 10:00:00  A  \n   \nsee https://example.com/a  \n   \n",
    )
    .expect("write the day");
    archive
}

#[test]
fn openers_are_reaped_and_started_once_a_second_at_most() {
    if !tmux::available("openers_are_reaped_and_started_once_a_second_at_most") {
        return;
    }
    let bin = tempfile::tempdir().expect("tempdir");
    let log = bin.path().join("opened.log");
    // A fake opener that notes its argument and ends at once.
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" >> {}\n",
            quote(&log.display().to_string())
        ),
    )
    .expect("write the opener");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let s = Shell::start(&[("PATH", &path)]);
    let archive = archive_with_a_link(s.dir.path());
    let pid = s.daybook(&[&archive.display().to_string()]);
    let opened = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .count()
    };
    // Five presses at once open it once.
    s.run(&["send-keys", "-t", "0", "o", "o", "o", "o", "o"]);
    let start = Instant::now();
    while opened() == 0 {
        assert!(start.elapsed() < TIMEOUT, "the opener never ran");
        std::thread::sleep(POLL);
    }
    s.wait("the notice for the presses too soon", |screen| {
        screen.contains("less than a second ago")
    });
    assert_eq!(
        opened(),
        1,
        "o pressed five times at once opened more than once"
    );
    // A second later it opens again.
    std::thread::sleep(Duration::from_millis(1100));
    s.keys(&["o"]);
    while opened() < 2 {
        assert!(start.elapsed() < TIMEOUT, "the second opener never ran");
        std::thread::sleep(POLL);
    }
    // Both openers were waited for: no zombie is left under daybook.
    let start = Instant::now();
    loop {
        let states = child_states(pid);
        if states.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "children of daybook left behind: {states:?}"
        );
        std::thread::sleep(POLL);
    }
    assert_eq!(opened(), 2);
    s.keys(&["q"]);
    s.wait_for_shell("the shell after q");
    assert_eq!(s.status(), "0");
}

/// CPU time (user and system) of process `pid` so far, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let after = stat.rsplit(") ").next().expect("stat fields");
    let fields: Vec<&str> = after.split(' ').collect();
    // utime and stime are fields 14 and 15 of stat; `after` starts at field 3.
    fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
}

/// Idle, daybook uses no CPU, even with a 5 MB message on screen: it
/// sleeps until a key, a signal or the worker wakes it, and the message is
/// not wrapped again for each frame.
#[test]
fn idle_uses_no_cpu() {
    if !tmux::available("idle_uses_no_cpu") {
        return;
    }
    let s = Shell::start(&[]);
    let archive = s.dir.path().join("archive");
    std::fs::create_dir_all(&archive).expect("mkdir");
    let line = "一个很长的消息 with words ".repeat(5 << 20 >> 5);
    std::fs::write(
        archive.join("2018-04-04-long.markdown"),
        format!("---\ndate: 2018-04-04 12:00:00\n---\n> 10:00:00  A  \n   \n{line}  \n   \n"),
    )
    .expect("write the day");
    let pid = s.daybook(&[&archive.display().to_string()]);
    s.wait("the message", |screen| screen.contains("一个很长的消息"));
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    // A clock tick is 10 ms: a few allow for the odd scheduler accounting.
    assert!(used <= 3, "{used} clock ticks of CPU in 2 s of idling");
    s.keys(&["q"]);
    s.wait_for_shell("the shell after q");
}

//! Following an archive as it is written: the reader in tmux (`--follow`,
//! the `N new` marker, `F`), `search --follow` as a pipe (new matches, never
//! half a line, SIGINT and a closed pipe), and a soak of appends while keys
//! are pressed, compared with a fresh load at the end.
//!
//! The soak writes 2,000 messages over 12 seconds; `DAYBOOK_SOAK=1` makes
//! it the full 10,000 over 60 seconds.

#[path = "support/tmux.rs"]
mod tmux;
use tmux::quote;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 30;
/// How long to wait for something to show (a failure, not a measure).
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(20);
/// Where no config file is: the tester's own never counts.
const NO_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config-here");

/// A day file of the reference format with `messages` (time, speaker, body).
fn day_file(date: &str, messages: &[(&str, &str, &str)]) -> String {
    let mut s = format!("---\ntitle: \"{date}\"\ndate: {date} 12:00:00\n---\n");
    for (time, who, body) in messages {
        s.push_str(&message(time, who, body));
    }
    s
}

fn message(time: &str, who: &str, body: &str) -> String {
    format!("> {time}  {who}\n\n{body}\n\n")
}

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open to append");
    f.write_all(text.as_bytes()).expect("append");
}

/// A temporary archive: one channel folder `room` with one day.
fn archive() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let room = dir.path().join("room");
    std::fs::create_dir(&room).expect("room");
    let day = room.join("2024-03-01.md");
    std::fs::write(
        &day,
        day_file(
            "2024-03-01",
            &[
                ("09:00:00", "ann", "good morning"),
                ("09:01:00", "bob", "morning ann"),
            ],
        ),
    )
    .expect("write the day");
    (dir, day)
}

/// A tmux server of our own (the shared driver) running daybook, with a
/// HOME, config and state of its own.
struct Tmux {
    server: tmux::Server,
    _home: tempfile::TempDir,
}

impl std::ops::Deref for Tmux {
    type Target = tmux::Server;
    fn deref(&self) -> &tmux::Server {
        &self.server
    }
}

impl Tmux {
    /// Starts `daybook ARGS`; when it ends the pane prints `EXITED:<status>`
    /// and stays open a little while.
    fn start(args: &[&str]) -> Tmux {
        let home = tempfile::tempdir().expect("a temporary HOME");
        let h = home.path().display().to_string();
        let mut line = format!(
            "env -i PATH={} HOME={} DAYBOOK_STATE={}/state.json XDG_CONFIG_HOME={}/config \
             TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 {}",
            quote(&std::env::var("PATH").unwrap_or_default()),
            quote(&h),
            quote(&h),
            quote(&h),
            quote(env!("CARGO_BIN_EXE_daybook"))
        );
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        line.push_str("; echo EXITED:$?; sleep 5");
        Tmux {
            server: tmux::Server::start("follow", (WIDTH, HEIGHT), &line, TIMEOUT),
            _home: home,
        }
    }

    /// daybook's process id: the pane runs `sh -c`, whose child it is.
    fn pid(&self) -> u32 {
        let shell: u32 = self.flag("pane_pid").parse().expect("a pid");
        tmux::children(shell).first().copied().unwrap_or(shell)
    }

    /// The screen once `ok` holds (and it has settled), and how long that
    /// took; fails with the last screen after [`TIMEOUT`].
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> (String, Duration) {
        let start = Instant::now();
        let s = self.wait(what, ok);
        (s, start.elapsed())
    }
}

/// The status line (second row from the bottom).
fn status(screen: &str) -> String {
    screen
        .lines()
        .nth(usize::from(HEIGHT) - 2)
        .unwrap_or("")
        .trim_end()
        .to_string()
}

#[test]
fn the_reader_follows_appends_and_new_days_and_marks_what_arrives_out_of_view() {
    if !tmux::available("the_reader_follows_appends_and_new_days") {
        return;
    }
    let (dir, day) = archive();
    let root = dir.path().display().to_string();
    let t = Tmux::start(&["--follow", &root]);
    // --follow starts at the end, as less +F does.
    t.wait_for("the end of the day", |s| {
        s.contains("morning ann") && status(s).contains("message 2/2")
    });

    // At the end: the pane moves on with the new message.
    append(&day, &message("09:02:00", "cy", "coffee anyone"));
    let (s, took) = t.wait_for("the appended message", |s| s.contains("coffee anyone"));
    eprintln!("appended message on screen after {took:?}");
    assert!(status(&s).contains("message 3/3"), "{}", status(&s));

    // A new day file in the same channel: followed there.
    std::fs::write(
        day.with_file_name("2024-03-02.md"),
        day_file("2024-03-02", &[("10:00:00", "dee", "a new day begins")]),
    )
    .expect("write a new day");
    let (s, took) = t.wait_for("the new day", |s| s.contains("a new day begins"));
    eprintln!("new day on screen after {took:?}");
    assert!(status(&s).contains("day 2/2"), "{}", status(&s));

    // Scrolled away (the previous day): the pane stays, the marker counts.
    t.press("[");
    t.wait_for("the first day", |s| s.contains("coffee anyone"));
    append(
        &day.with_file_name("2024-03-02.md"),
        &message("10:05:00", "eve", "out of view"),
    );
    let (s, _) = t.wait_for("the marker", |s| status(s).contains("1 new · F"));
    assert!(!s.contains("out of view"), "the pane moved:\n{s}");
    assert!(status(&s).contains("day 1/2"), "{}", status(&s));
    t.press("F");
    let (s, _) = t.wait_for("the jump", |s| s.contains("out of view"));
    assert!(!status(&s).contains(" new"), "{}", status(&s));
    assert!(
        status(&s).contains("day 2/2 · message 2/2"),
        "{}",
        status(&s)
    );

    // A deleted file is dropped, with a note; nothing crashes.
    std::fs::remove_file(&day).expect("delete");
    let (s, _) = t.wait_for("the note", |s| s.contains("deleted while followed"));
    assert!(!s.contains("coffee anyone"), "{s}");
    t.press("q");
    t.wait_for("the exit", |s| s.contains("EXITED:0"));
}

#[test]
fn f_starts_following_a_reader_opened_without_follow() {
    if !tmux::available("f_starts_following") {
        return;
    }
    let (dir, day) = archive();
    let root = dir.path().display().to_string();
    let t = Tmux::start(&[&root]);
    t.wait_for("the day", |s| s.contains("morning ann"));
    t.press("F");
    t.wait_for("following", |s| s.contains("following the archive"));
    append(&day, &message("09:02:00", "cy", "now followed"));
    t.wait_for("the appended message", |s| s.contains("now followed"));
}

/// `daybook search --follow ARGS`, its stdout read line by line on a thread.
fn search_follow(args: &[&str]) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["search", "--follow"])
        .args(args)
        .env_clear()
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env("HOME", NO_CONFIG)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start daybook");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    (child, rx)
}

/// Lines from `rx` until one contains `text`; all of them.
fn read_until(rx: &Receiver<String>, text: &str, seen: &mut Vec<String>) {
    let start = Instant::now();
    loop {
        if seen.iter().any(|l| l.contains(text)) {
            return;
        }
        let left = TIMEOUT.saturating_sub(start.elapsed());
        let line = rx.recv_timeout(left);
        assert!(line.is_ok(), "waited for {text:?}; got {seen:#?}");
        seen.extend(line);
    }
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(start.elapsed() < TIMEOUT, "daybook did not end");
        std::thread::sleep(POLL);
    }
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

#[test]
fn search_follow_prints_new_matches_never_half_a_line_and_ends_on_sigint() {
    let (dir, day) = archive();
    let (mut child, rx) = search_follow(&["morning", &dir.path().display().to_string()]);
    let mut seen = Vec::new();
    read_until(&rx, "morning ann", &mut seen);
    assert_eq!(seen.len(), 2, "{seen:?}");

    // Not a match: never printed. A match written in two halves: printed
    // once, whole.
    append(&day, &message("09:02:00", "cy", "tea"));
    append(&day, "> 09:03:00  dee\n\nmorning hal");
    // Time for a refresh of the half line to happen (it must show nothing).
    std::thread::sleep(Duration::from_millis(600));
    append(&day, "f and half\n\n");
    read_until(&rx, "morning half and half", &mut seen);
    // A new day file.
    std::fs::write(
        day.with_file_name("2024-03-02.md"),
        day_file("2024-03-02", &[("10:00:00", "eve", "morning again")]),
    )
    .expect("new day");
    read_until(&rx, "morning again", &mut seen);
    signal(&child, "-INT");
    let status = wait_exit(&mut child);
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
        seen.push(l);
    }
    assert_eq!(
        seen,
        vec![
            "2024-03-01 09:00:00  ann: good morning",
            "2024-03-01 09:01:00  bob: morning ann",
            "2024-03-01 09:03:00  dee: morning half and half",
            "2024-03-02 10:00:00  eve: morning again",
        ],
    );
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn search_follow_ends_when_its_pipe_is_closed() {
    let (dir, day) = archive();
    let (mut child, rx) = search_follow(&["morning", &dir.path().display().to_string()]);
    let mut seen = Vec::new();
    read_until(&rx, "morning ann", &mut seen);
    drop(rx);
    // The reader thread ends at its next line; the pipe closes with it.
    append(&day, &message("09:02:00", "cy", "morning one"));
    append(&day, &message("09:03:00", "cy", "morning two"));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("daybook kept running with its output closed");
        }
        // Every append is a match to write into the closed pipe.
        append(&day, &message("09:04:00", "cy", "morning more"));
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "{status:?} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn soak_appends_while_keys_are_pressed_match_a_fresh_load() {
    if !tmux::available("soak_appends_while_keys_are_pressed") {
        return;
    }
    let full = std::env::var("DAYBOOK_SOAK").is_ok_and(|v| !v.is_empty() && v != "0");
    let (total, over) = if full {
        (10_000, Duration::from_secs(60))
    } else {
        (2_000, Duration::from_secs(12))
    };
    let (dir, day) = archive();
    let root = dir.path().display().to_string();
    let t = Tmux::start(&["--follow", &root]);
    t.wait_for("the day", |s| s.contains("morning ann"));
    let (mut search, lines) = search_follow(&["soak", &root]);
    let pid = t.pid();

    // The writer: `total` messages over `over`, in bursts of a few lines;
    // every tenth message goes to another day file, every hundredth opens
    // a new one.
    let writer = {
        let day = day.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            let mut file = day.clone();
            for i in 0..total {
                if i % 100 == 99 {
                    let date = format!("2024-04-{:02}", 1 + (i / 100) % 28);
                    file = day.with_file_name(format!("{date}-{i}.md"));
                    std::fs::write(&file, day_file(&date, &[])).expect("new day file");
                }
                let target = if i % 10 == 5 { &day } else { &file };
                let (h, m, s) = (10 + i / 3600, (i / 60) % 60, i % 60);
                append(
                    target,
                    &message(&format!("{h:02}:{m:02}:{s:02}"), "w", &format!("soak {i}")),
                );
                let due = over.mul_f64((i + 1) as f64 / total as f64);
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        })
    };
    // The keys: moves, days, search, the marker's jump, help.
    let keys = [
        "j", "k", "G", "g", "]", "[", "F", "}", "{", "?", "?", "S", "Escape", "/",
    ];
    let mut samples = Vec::new();
    let mut k = 0;
    while !writer.is_finished() {
        let key = keys[k % keys.len()];
        if key == "/" {
            t.type_text("soak 1");
            t.press("Enter");
            t.press("Escape");
        } else {
            t.press(key);
        }
        k += 1;
        if k % 20 == 0 {
            samples.push(rss_kib(pid));
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    writer.join().expect("the writer");

    // The search printed every soak message exactly once, in file order of
    // the fresh load, whatever the timing.
    let fresh = Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["search", "soak", &root])
        .env_clear()
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env("HOME", NO_CONFIG)
        .env("NO_COLOR", "1")
        .output()
        .expect("a fresh search");
    let fresh: Vec<String> = String::from_utf8(fresh.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(fresh.len(), total, "the fresh load");
    let mut seen = Vec::new();
    read_until(&lines, &format!("soak {}", total - 1), &mut seen);
    while seen.len() < total {
        match lines.recv_timeout(TIMEOUT) {
            Ok(l) => seen.push(l),
            Err(_) => break,
        }
    }
    let mut sorted_seen = seen.clone();
    let mut sorted_fresh = fresh.clone();
    sorted_seen.sort();
    sorted_fresh.sort();
    assert_eq!(sorted_seen.len(), total, "lost or duplicated");
    assert_eq!(sorted_seen, sorted_fresh, "lost or duplicated messages");
    // Within each day file, in the order written.
    let order = |l: &Vec<String>| -> Vec<String> {
        l.iter()
            .filter(|x| x.starts_with("2024-03-01"))
            .cloned()
            .collect()
    };
    assert_eq!(order(&seen), order(&fresh), "reordered");
    signal(&search, "-INT");
    assert_eq!(wait_exit(&mut search).code(), Some(0));

    // The reader has every message too: the last day's count equals the
    // fresh load's, and it is still alive and answering keys.
    let days = Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(["days", "--json", &root])
        .env_clear()
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env("HOME", NO_CONFIG)
        .output()
        .expect("days");
    let days: serde_json::Value = serde_json::from_slice(&days.stdout).expect("JSON");
    let first_day = days
        .as_array()
        .and_then(|d| d.first())
        .and_then(|d| d["messages"].as_u64())
        .expect("a first day");
    // Escape closes whatever the keys left open (help, statistics); the
    // next key waits until it has, so that tmux never sends the two as one
    // Alt-key.
    t.press("Escape");
    t.wait_for("no overlay", |s| {
        !s.contains("Help · ") && !s.contains("Statistics · ")
    });
    t.press("g");
    t.press("h");
    t.press("g");
    t.press("l");
    t.press("G");
    t.wait_for("the first day's end", |s| {
        status(s).contains(&format!("message {first_day}/{first_day}"))
    });
    // Memory: the last samples are not far above the ones a quarter in (a
    // copy of the archive kept per refresh would be hundreds of MiB).
    let quarter = samples.get(samples.len() / 4).copied().unwrap_or(0);
    let last = samples.last().copied().unwrap_or(0);
    eprintln!("reader RSS: {quarter} KiB a quarter in, {last} KiB at the end; samples {samples:?}");
    assert!(
        last <= quarter * 2 + 64 * 1024,
        "memory grew from {quarter} KiB to {last} KiB"
    );
}

#[test]
fn search_follow_reads_an_appended_whatsapp_chat() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chat = dir.path().join("WhatsApp Chat with Trail Crew.txt");
    std::fs::write(
        &chat,
        "03/06/2024, 07:10 - Ines Vale: trail report: muddy\n",
    )
    .expect("write the chat");
    let (mut child, rx) = search_follow(&["trail", &dir.path().display().to_string()]);
    let mut seen = Vec::new();
    read_until(&rx, "muddy", &mut seen);
    append(&chat, "03/06/2024, 07:12 - Theo Park: no trail talk\n");
    append(&chat, "03/06/2024, 07:13 - Theo Park: trail re");
    std::thread::sleep(Duration::from_millis(600));
    append(&chat, "port: dry by noon\n");
    read_until(&rx, "dry by noon", &mut seen);
    signal(&child, "-TERM");
    assert_eq!(wait_exit(&mut child).code(), Some(0));
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
        seen.push(l);
    }
    assert_eq!(
        seen,
        vec![
            "2024-06-03 07:10:00  Ines Vale: trail report: muddy",
            "2024-06-03 07:12:00  Theo Park: no trail talk",
            "2024-06-03 07:13:00  Theo Park: trail report: dry by noon",
        ]
    );
}

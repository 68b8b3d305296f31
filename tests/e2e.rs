//! The real binary in a real terminal: `daybook` runs inside a detached tmux
//! session of a fixed size, keys are typed with `tmux send-keys`, and after
//! each step the screen is read with `tmux capture-pane` and checked for
//! what a person would see.
//!
//! They need tmux: without it each test prints why and skips, and with
//! `DAYBOOK_REQUIRE_TMUX=1` (as `.ci/run` sets, after installing tmux) it
//! fails instead. Each test has its own tmux server (`-L`), killed on drop.

#[path = "support/tmux.rs"]
mod tmux;
use tmux::{quote, require as require_tmux};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// How long to wait for the screen to show something.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A tmux server of our own with one session running daybook.
struct Tmux {
    server: tmux::Server,
    /// Holds the HOME, config and state folders of the run.
    _home: tempfile::TempDir,
}

impl std::ops::Deref for Tmux {
    type Target = tmux::Server;
    fn deref(&self) -> &tmux::Server {
        &self.server
    }
}

impl Tmux {
    /// Starts `daybook ARGS` in a `WIDTH`×`HEIGHT` session; when it ends the
    /// pane prints `EXITED:<status>` and stays open a little while.
    fn start(args: &[&str], extra_env: &[(&str, &str)]) -> Tmux {
        require_tmux();
        let home = tempfile::tempdir().expect("a temporary HOME");
        let mut env = vec![
            ("HOME", home.path().display().to_string()),
            (
                "XDG_CONFIG_HOME",
                home.path().join("config").display().to_string(),
            ),
            (
                "XDG_STATE_HOME",
                home.path().join("state").display().to_string(),
            ),
            (
                "DAYBOOK_STATE",
                home.path().join("state.json").display().to_string(),
            ),
            ("TERM", "xterm-256color".to_string()),
            ("LANG", "C.UTF-8".to_string()),
            ("LC_ALL", "C.UTF-8".to_string()),
        ];
        for (k, v) in extra_env {
            env.push((k, (*v).to_string()));
        }
        let assignments: Vec<String> = env
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        let mut line = format!(
            "env -i PATH={} {} {}",
            quote(&std::env::var("PATH").unwrap_or_default()),
            assignments.join(" "),
            quote(env!("CARGO_BIN_EXE_daybook"))
        );
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        line.push_str("; echo EXITED:$?; sleep 5");
        Tmux {
            server: tmux::Server::start("test", (WIDTH, HEIGHT), &line, TIMEOUT),
            _home: home,
        }
    }

    fn wait_for_text(&self, text: &str) -> String {
        self.wait(&format!("{text:?}"), |s| s.contains(text))
    }
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Rows of a screen.
fn rows(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

/// The title line of the message pane (the first row, right of the day list).
fn title(screen: &str) -> String {
    let first = rows(screen).first().copied().unwrap_or("");
    first
        .split('│')
        .next_back()
        .unwrap_or(first)
        .trim()
        .to_string()
}

/// The status line (second row from the bottom).
fn status(screen: &str) -> String {
    let r = rows(screen);
    r.get(usize::from(HEIGHT) - 2)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_default()
}

/// The bottom row: hints, a notice, or the open prompt.
fn bottom(screen: &str) -> String {
    let r = rows(screen);
    r.get(usize::from(HEIGHT) - 1)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_default()
}

/// The SGR attributes in force for each character of a line captured with `-e`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sgr {
    bold: bool,
    reverse: bool,
    fg: Option<String>,
    bg: Option<String>,
}

fn styled_chars(line: &str) -> Vec<(char, Sgr)> {
    let mut out = Vec::new();
    let mut sgr = Sgr::default();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push((c, sgr.clone()));
            continue;
        }
        if chars.peek() != Some(&'[') {
            continue;
        }
        chars.next();
        let mut params = String::new();
        let mut end = ' ';
        for p in chars.by_ref() {
            if p.is_ascii_digit() || p == ';' || p == ':' {
                params.push(p);
            } else {
                end = p;
                break;
            }
        }
        if end != 'm' {
            continue;
        }
        let nums: Vec<&str> = if params.is_empty() {
            vec!["0"]
        } else {
            params.split(';').collect()
        };
        let mut i = 0;
        while i < nums.len() {
            match nums[i] {
                "0" | "" => sgr = Sgr::default(),
                "1" => sgr.bold = true,
                "22" => sgr.bold = false,
                "7" => sgr.reverse = true,
                "27" => sgr.reverse = false,
                "39" => sgr.fg = None,
                "49" => sgr.bg = None,
                n @ ("38" | "48") => {
                    let (value, used) = match nums.get(i + 1) {
                        Some(&"5") => (nums.get(i + 2).map(|v| format!("5;{v}")), 2),
                        Some(&"2") => (
                            Some(format!(
                                "2;{};{};{}",
                                nums.get(i + 2).unwrap_or(&""),
                                nums.get(i + 3).unwrap_or(&""),
                                nums.get(i + 4).unwrap_or(&"")
                            )),
                            4,
                        ),
                        _ => (None, 0),
                    };
                    if n == "38" {
                        sgr.fg = value;
                    } else {
                        sgr.bg = value;
                    }
                    i += used;
                }
                n => {
                    if let Ok(v) = n.parse::<u32>() {
                        match v {
                            30..=37 | 90..=97 => sgr.fg = Some(v.to_string()),
                            40..=47 | 100..=107 => sgr.bg = Some(v.to_string()),
                            _ => {}
                        }
                    }
                }
            }
            i += 1;
        }
    }
    out
}

/// The style of the first character of `needle` in a styled line, and of the
/// character just before it.
fn style_at(line: &[(char, Sgr)], needle: &str) -> Option<(Sgr, Sgr)> {
    let text: Vec<char> = line.iter().map(|(c, _)| *c).collect();
    let n: Vec<char> = needle.chars().collect();
    let at = text.windows(n.len()).position(|w| w == n.as_slice())?;
    let before = if at == 0 {
        Sgr::default()
    } else {
        line[at - 1].1.clone()
    };
    Some((line[at].1.clone(), before))
}

/// Whether a style stands out: reversed, or with a background colour.
fn marked(s: &Sgr) -> bool {
    s.reverse || s.bg.is_some()
}

/// The whole walk of the issue: `]`, `/` and a query, Enter, `@` and part of
/// a name, Enter, `:` and a date, Enter, Esc, `q`, checking the screen after
/// each step.
#[test]
fn a_reading_session_in_tmux() {
    if !tmux::available("a_reading_session_in_tmux") {
        return;
    }
    let seeds = seeds();
    let t = Tmux::start(&[seeds.to_str().unwrap()], &[]);

    // The first frame of the whole archive: the last day, the day list,
    // and the hints, or (where the machine was slow enough for the last
    // day to be drawn first) the notice that the whole archive is in.
    let s = t.wait("the whole archive on screen", |s| {
        s.contains("2018-02-02 Friday · seeds · 24 messages · 13 speakers")
            && status(s).contains("day 15/15 · message 1/24")
    });
    assert!(s.starts_with(" Days"), "{s}");
    assert!(s.contains(" 2018-01 Jan"), "{s}");
    assert!(s.contains(" 2018-02 Feb"), "{s}");
    let b = bottom(&s);
    assert!(
        (b.contains("? help") && b.contains("q quit"))
            || b.contains("the whole archive is in: 15 days"),
        "{s}"
    );
    assert_eq!(
        t.flag("alternate_on"),
        "1",
        "the interface is on the alternate screen"
    );

    // ] on the last day: a notice, and the same day.
    t.press("]");
    let s = t.wait_for_text("this is the last day");
    assert_eq!(
        title(&s),
        "2018-02-02 Friday · seeds · 24 messages · 13 speakers"
    );
    // [ goes back a day; the notice goes at the next key.
    t.press("[");
    let s = t.wait_for_text("2018-02-01 Thursday");
    assert!(status(&s).contains("day 14/15"), "{s}");
    assert!(!s.contains("this is the last day"), "{s}");

    // / opens the search prompt; matches highlight as the query is typed.
    t.press("/");
    let s = t.wait("the search prompt", |s| bottom(s).starts_with('/'));
    assert!(!bottom(&s).contains("? help"), "{s}");
    t.type_text("区块链");
    let s = t.wait_for_text("41 matches");
    assert!(bottom(&s).starts_with("/区块链"), "{s}");
    assert!(title(&s).ends_with("· 2 matches"), "{s}");
    assert!(status(&s).contains(" 区块链 "), "{s}");
    assert!(
        status(&s).contains("41 matches · 2 here · highlight"),
        "{s}"
    );

    // Enter closes the prompt and selects the first match of the day.
    t.press("Enter");
    let s = t.wait("the hints back", |s| bottom(s).contains("? help"));
    let st = status(&s);
    assert!(st.contains("day 14/15 · message "), "{s}");
    assert!(
        !st.contains("message 1/24"),
        "the selection moved to a match: {s}"
    );
    // The query is a highlighted chip, and its matches in the pane are marked.
    let styled = t.screen_with_styles();
    let lines: Vec<&str> = styled.lines().collect();
    let status_line = styled_chars(lines[usize::from(HEIGHT) - 2]);
    let (chip, _) = style_at(&status_line, "区块链").expect("the chip");
    let (plain, _) = style_at(&status_line, "day 14/15").expect("the position");
    assert!(marked(&chip), "{chip:?}");
    assert_ne!(chip, plain, "the chip stands out of the status line");
    let mut hits = 0;
    for line in &lines[1..usize::from(HEIGHT) - 2] {
        let chars = styled_chars(line);
        if let Some((hit, before)) = style_at(&chars, "区块链") {
            assert!(marked(&hit) && hit.bold, "a hit is marked: {line:?}");
            assert_ne!(hit, before, "{line:?}");
            hits += 1;
        }
    }
    assert!(hits >= 1, "a marked match on screen:\n{styled}");

    // @ opens the speaker picker; typing part of a name filters it.
    t.press("@");
    let s = t.wait_for_text("Speakers · 0 selected");
    assert!(s.contains("[ ] Vesper"), "every speaker at first: {s}");
    assert!(bottom(&s).contains("Space select"), "{s}");
    t.type_text("沙");
    let s = t.wait_for_text("@ 沙");
    let names: Vec<&str> = rows(&s)
        .iter()
        .filter_map(|r| r.split("[ ] ").nth(1))
        .collect();
    assert!(!names.is_empty(), "{s}");
    assert!(names[0].starts_with("沙莎"), "{s}");
    assert!(names.iter().all(|n| n.contains('沙')), "{s}");
    assert!(!s.contains("[ ] Vesper"), "{s}");

    // Enter applies the speaker: a from: chip next to the query; the search
    // goes on to 沙莎's message on 2018-01-22, wrapping around.
    t.press("Enter");
    let s = t.wait_for_text("2018-01-22 Monday · seeds · 189 messages · 34 speakers · 1 match");
    assert!(!s.contains("Speakers ·"), "the picker closed: {s}");
    let st = status(&s);
    assert!(st.contains(" 区块链 "), "{s}");
    assert!(st.contains(" from:沙莎 "), "{s}");
    assert!(st.contains("match 1 of 1 · 1 here · highlight"), "{s}");
    assert!(st.contains("day 9/15"), "{s}");
    assert!(
        bottom(&s).contains("search wrapped around to the first match"),
        "{s}"
    );
    let selected = rows(&s)
        .iter()
        .find(|r| r.contains("14:58:34"))
        .copied()
        .unwrap_or_default();
    assert!(selected.contains("沙莎"), "{s}");

    // : opens the date prompt; a Saturday lands on the nearest day.
    t.press(":");
    let s = t.wait("the date prompt", |s| bottom(s).starts_with("go to date:"));
    assert!(title(&s).starts_with("2018-01-22"), "{s}");
    t.type_text("2018-01-20");
    t.wait_for_text("go to date: 2018-01-20");
    t.press("Enter");
    let s = t.wait_for_text("2018-01-19 Friday · seeds · 16 messages");
    assert!(
        bottom(&s).contains("no messages on 2018-01-20; nearest day: 2018-01-19"),
        "{s}"
    );
    assert!(status(&s).contains("day 8/15 · message 1/16"), "{s}");
    assert!(status(&s).contains("from:沙莎"), "the filter stays: {s}");

    // Esc clears the filter.
    t.press("Escape");
    let s = t.wait_for_text("filter cleared");
    assert!(!status(&s).contains("from:"), "{s}");
    assert!(!title(&s).contains("match"), "{s}");

    // q quits: the shell's screen is back and the terminal is as it was.
    t.press("q");
    let s = t.wait_for_text("EXITED:0");
    assert!(!s.contains("Days"), "the interface is gone: {s}");
    assert!(!s.contains("2018-01-19"), "{s}");
    assert_eq!(t.flag("alternate_on"), "0");
    assert_eq!(t.flag("mouse_any_flag"), "0", "mouse reporting off");
    assert_eq!(t.flag("mouse_standard_flag"), "0");
    assert_eq!(t.flag("cursor_flag"), "1", "the cursor is shown");
}

/// Channels and dates on an archive of three channels: `<` and `>`, the
/// channel picker, `:` with a year, a month and days back, and `]`
/// crossing into the next channel, each saying where it landed.
#[test]
fn channels_and_dates_in_tmux() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/channels");
    let t = Tmux::start(&[dir.to_str().unwrap()], &[]);
    let s = t.wait_for_text("2019-01-07 Monday · support · 3 messages");
    assert!(
        status(&s).starts_with(" #support · day 2/2 · message 1/3"),
        "{s}"
    );
    assert!(bottom(&s).contains("# channels"), "{s}");

    t.press("<");
    let s = t.wait_for_text("2018-03-21 Wednesday · ops");
    assert!(
        bottom(&s).contains("#ops (channel 2 of 3): no 2019-01-07; nearest day 2018-03-21"),
        "{s}"
    );
    assert!(status(&s).starts_with(" #ops · day 5/5"), "{s}");

    // A year lands on its first day in this channel.
    t.press(":");
    t.wait("the date prompt", |s| bottom(s).starts_with("go to date:"));
    t.type_text("2018");
    t.press("Enter");
    let s = t.wait_for_text("2018-01-22 Monday · ops · 40 messages");
    assert!(bottom(&s).contains("? help"), "no notice: {s}");
    // -3: the nearest day at or before three days back.
    t.press(":");
    t.wait("the date prompt", |s| bottom(s).starts_with("go to date:"));
    t.type_text("-3");
    t.press("Enter");
    let s = t.wait_for_text("2017-12-24 Sunday · ops");
    assert!(
        bottom(&s).contains("no messages on 2018-01-19; the nearest day before it: 2017-12-24"),
        "{s}"
    );

    // # lists the channels; typing filters, Enter goes there.
    t.press("#");
    let s = t.wait_for_text("Channels · 3");
    assert!(s.contains("#design"), "{s}");
    assert!(s.contains("#support"), "{s}");
    t.type_text("des");
    t.wait_for_text("# des");
    t.press("Enter");
    let s = t.wait_for_text("2018-01-22 Monday · design");
    assert!(!s.contains("Channels ·"), "{s}");
    assert!(
        bottom(&s).contains("#design (channel 1 of 3): no 2017-12-24; nearest day 2018-01-22"),
        "{s}"
    );

    // ] from the last day of a channel says it crossed into the next.
    t.press("G");
    t.press("h");
    t.press("G");
    let s = t.wait_for_text("2019-01-07 Monday · support");
    assert!(status(&s).contains("#support"), "{s}");
    t.press(":");
    t.wait("the date prompt", |s| bottom(s).starts_with("go to date:"));
    t.type_text("2018-03-25");
    t.press("Enter");
    t.wait_for_text("2018-03-25 Sunday · design");
    t.press("]");
    let s = t.wait_for_text("now in #ops (channel 2 of 3): 2017-12-09");
    assert!(title(&s).starts_with("2017-12-09 Saturday · ops"), "{s}");
    t.press("q");
    t.wait_for_text("EXITED:0");
}

/// A folder with exports of several apps: the day list has a row per app
/// over its channels, `>` crosses into another app and says so, `in:`
/// takes an app's channels, and the statistics view counts per app.
#[test]
fn a_mixed_archive_in_tmux() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed");
    let t = Tmux::start(&["--tz", "UTC", dir.to_str().unwrap()], &[]);
    // The last app in the list is WhatsApp, its chat is the last channel,
    // named as it is (WhatsApp's chats have no `#`).
    let s = t.wait_for_text("· WhatsApp Family · 1 message");
    let list_of = |s: &str| -> Vec<String> {
        rows(s)
            .iter()
            .map(|r| r.split('│').next().unwrap_or("").trim_end().to_owned())
            .collect()
    };
    let header =
        |list: &[String], app: &str| list.iter().position(|r| r.starts_with(&format!("{app} ─")));
    let list = list_of(&s);
    let wechat = header(&list, "WeChat").expect(&s);
    let whatsapp = header(&list, "WhatsApp").expect(&s);
    assert!(wechat < whatsapp, "{s}");
    assert_eq!(list[wechat + 1], "#Family", "{s}");
    assert_eq!(list[whatsapp + 1], "Family", "{s}");
    assert!(status(&s).starts_with(" WhatsApp Family · day 2/2"), "{s}");
    // Back through WeChat's two channels and Telegram's one to Slack's
    // last: the list shows Slack's row over its `#`-named channels.
    for _ in 0..5 {
        t.press("<");
    }
    let s = t.wait("Slack's #family", |s| {
        status(s).starts_with(" Slack #family · day 1/1")
    });
    let list = list_of(&s);
    let slack = header(&list, "Slack").expect(&s);
    assert_eq!(list[slack + 1], "#family", "{s}");
    assert!(header(&list, "Telegram").is_some_and(|t| slack < t), "{s}");
    assert!(list.contains(&"Climbing crew".to_owned()), "{s}");

    // The search takes one app's channels only.
    t.press("/");
    t.wait("the search prompt", |s| bottom(s).starts_with('/'));
    t.type_text("picnic in:slack");
    t.press("Enter");
    let s = t.wait("a match in Slack", |s| title(s).contains("· Slack "));
    assert!(title(&s).contains("1 match"), "{s}");
    t.press("Escape");

    // The statistics view, per app (Slack's join is a system message,
    // counted apart).
    t.press("S");
    let s = t.wait_for_text("By app");
    let slack = rows(&s)
        .into_iter()
        .find(|r| r.contains("│ Slack "))
        .expect(&s);
    let words: Vec<&str> = slack.split_whitespace().collect();
    assert!(
        words.windows(8).any(|w| w
            == [
                "2", "channels", "3", "days", "6", "messages", "3", "speakers"
            ]),
        "{s}"
    );
    t.press("q");
    t.press("q");
    t.wait_for_text("EXITED:0");
}

/// `o` where no opener can be started says what it tried and how to set
/// one, instead of `opening …` and nothing.
#[test]
fn open_without_an_opener_says_what_to_do() {
    let empty = tempfile::tempdir().expect("an empty folder for PATH");
    let path = empty.path().display().to_string();
    let t = Tmux::start(
        &[seeds().to_str().unwrap()],
        &[("PATH", &path), ("BROWSER", "nobrowser --new-tab")],
    );
    t.wait_for_text("2018-02-02 Friday");
    t.press(":");
    t.wait("the date prompt", |s| bottom(s).starts_with("go to date:"));
    t.type_text("2018-01-22");
    t.press("Enter");
    t.wait_for_text("2018-01-22 Monday");
    // The third message is Ark's image.
    t.press("j");
    t.press("j");
    t.wait("the image selected", |s| {
        status(s).contains("message 3/189")
    });
    t.press("o");
    let s = t.wait_for_text("cannot open links");
    assert!(
        bottom(&s).contains(
            "cannot open links: tried nobrowser, xdg-open (not found); \
             set BROWSER or install xdg-utils"
        ),
        "{s}"
    );
    t.press("q");
    t.wait_for_text("EXITED:0");
}

/// With no path the bundled sample opens; a resize re-lays out at once:
/// below 70 columns the day list folds away, and `d` brings it back.
#[test]
fn resizing_the_terminal_re_lays_out() {
    if !tmux::available("resizing_the_terminal_re_lays_out") {
        return;
    }
    let t = Tmux::start(&[], &[]);
    let s = t.wait_for_text("2018-02-02 Friday · seeds");
    assert!(s.starts_with(" Days"), "{s}");
    t.run(&["resize-window", "-t", "0", "-x", "60", "-y", "20"]);
    let s = t.wait("the narrow layout", |s| {
        s.starts_with(" 2018-02-02 Friday") && s.lines().count() <= 20
    });
    assert!(!s.contains("Days"), "{s}");
    assert!(
        s.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60),
        "{s}"
    );
    t.press("d");
    let s = t.wait("the day list back", |s| s.starts_with(" Days"));
    assert!(s.contains(" 02 Fri"), "{s}");
    t.run(&["resize-window", "-t", "0", "-x", "120", "-y", "40"]);
    t.wait("the wide layout", |s| s.lines().count() == 40);
    t.press("q");
    t.wait_for_text("EXITED:0");
}

/// SIGTERM and a panic both end the interface with the terminal restored.
#[test]
fn the_terminal_is_restored_on_sigterm_and_on_a_panic() {
    if !tmux::available("the_terminal_is_restored_on_sigterm_and_on_a_panic") {
        return;
    }
    let seeds = seeds();
    let t = Tmux::start(&[seeds.to_str().unwrap()], &[]);
    t.wait_for_text("2018-02-02 Friday · seeds");
    assert_eq!(t.flag("alternate_on"), "1");
    // The pane runs sh, which runs daybook.
    let sh = t.flag("pane_pid");
    let out = Command::new("ps")
        .args(["-o", "pid=", "--ppid", &sh])
        .output()
        .expect("ps");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        !pid.is_empty() && !pid.contains('\n'),
        "one child of {sh}: {pid:?}"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    // 128 + 15, as a shell reports a process ended by SIGTERM.
    let s = t.wait_for_text("EXITED:143");
    assert!(!s.contains("Days"), "{s}");
    assert_eq!(t.flag("alternate_on"), "0");
    assert_eq!(t.flag("mouse_any_flag"), "0");
    assert_eq!(t.flag("cursor_flag"), "1");
    drop(t);

    // Debug builds panic on '!' when asked to, for this test.
    if !cfg!(debug_assertions) {
        return;
    }
    let t = Tmux::start(
        &[seeds.to_str().unwrap()],
        &[("DAYBOOK_TEST_PANIC_ON_KEY", "1")],
    );
    t.wait_for_text("2018-02-02 Friday · seeds");
    t.press("!");
    let s = t.wait_for_text("EXITED:101");
    assert!(
        s.contains("forced panic"),
        "the panic message is readable: {s}"
    );
    assert!(!s.contains("Days"), "{s}");
    assert_eq!(t.flag("alternate_on"), "0");
    assert_eq!(t.flag("mouse_any_flag"), "0");
    assert_eq!(t.flag("cursor_flag"), "1");
}

#[test]
fn a_hung_up_terminal_leaves_no_process_behind() {
    if !tmux::available("a_hung_up_terminal_leaves_no_process_behind") {
        return;
    }
    let seeds = seeds();
    let t = Tmux::start(&[seeds.to_str().unwrap()], &[]);
    t.wait_for_text("2018-02-02 Friday · seeds");
    let sh = t.flag("pane_pid");
    let out = Command::new("ps")
        .args(["-o", "pid=", "--ppid", &sh])
        .output()
        .expect("ps");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "daybook runs under {sh}");
    // Killing the server hangs up the terminal: SIGHUP, and end-of-file on
    // stdin, which crossterm would otherwise spin on for ever.
    drop(t);
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while proc_dir.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
    assert!(
        !proc_dir.exists() || state.contains(") Z "),
        "daybook {pid} still runs after the hangup: {state}"
    );
}

#[test]
fn without_tmux_the_end_to_end_tests_skip_unless_ci_requires_it() {
    let missing = "daybook-test-no-such-tmux";
    assert!(!tmux::check(missing, "a test", false), "skips, saying why");
    let failed = std::panic::catch_unwind(|| tmux::check(missing, "a test", true));
    assert!(
        failed.is_err(),
        "{} makes a missing tmux a failure",
        tmux::REQUIRE
    );
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l
            .trim_start()
            .starts_with("DAYBOOK_REQUIRE_TMUX=1 cargo test")),
        "CI requires tmux"
    );
}

/// Shares read as cards on a real terminal, and `s` hides the system
/// placeholders (issue 9: shares, red packets, files and system messages).
#[test]
fn shares_read_as_cards_in_tmux() {
    if !tmux::available("shares_read_as_cards_in_tmux") {
        return;
    }
    let shares = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shares");
    let t = Tmux::start(&[shares.to_str().unwrap()], &[]);
    let s = t.wait_for_text("2019-03-02 Saturday · catclub");
    assert!(
        s.contains("[link] 【猫咪行为学】为什么猫喜欢纸箱 · mp.weixin.qq.com"),
        "{s}"
    );
    assert!(s.contains("[red packet] 喵年大吉，罐头管够"), "{s}");
    for markup in ["<tr", "<a ", "href", "</td>", "x:str", "wxid_orangecat01)"] {
        assert!(!s.contains(markup), "{markup} on screen:\n{s}");
    }
    t.press("[");
    let s = t.wait_for_text("2018-06-01 Friday · catclub");
    assert!(s.contains("[file] 猫粮配方对比表.xlsx"), "{s}");
    assert_eq!(s.matches("[system] (not in the export)").count(), 5, "{s}");
    t.press("s");
    let s = t.wait_for_text("system messages hidden");
    assert!(!s.contains("[system]"), "{s}");
    t.type_text("/");
    t.type_text("dubbo");
    t.press("Enter");
    let s = t.wait("the search", |s| status(s).contains("dubbo"));
    assert!(status(&s).contains("match 1 of 1"), "{}", status(&s));
    t.press("q");
    t.wait_for_text("EXITED:0");
}

/// The first screen before the load ends: the latest day, drawn while the
/// whole archive is held back (`DAYBOOK_TEST_HOLD_LOAD`, a debug-build hook
/// that waits for a file to exist: nothing here is timed); keys that need
/// the whole archive say it is loading, keys on the day shown work; then
/// the whole archive comes in on the same message.
#[test]
fn the_first_day_shows_before_the_load_ends() {
    if !tmux::available("the_first_day_shows_before_the_load_ends") || !cfg!(debug_assertions) {
        return;
    }
    for follow in [false, true] {
        let gate = tempfile::tempdir().unwrap();
        let go = gate.path().join("go");
        let seeds = seeds();
        let mut args = vec![seeds.to_str().unwrap()];
        if follow {
            args.push("--follow");
        }
        let t = Tmux::start(&args, &[("DAYBOOK_TEST_HOLD_LOAD", go.to_str().unwrap())]);
        let s = t.wait_for_text("loading the archive");
        assert_eq!(
            title(&s),
            "2018-02-02 Friday · seeds · 24 messages · 13 speakers"
        );
        // Only the day shown is in the day list.
        assert!(!s.contains("2018-01 Jan"), "{s}");
        assert!(status(&s).contains("message "), "{s}");
        // Search, a day step and the date prompt are refused, and say why.
        for (key, what) in [("/", "search"), ("[", "prev day"), (":", "date")] {
            t.press(key);
            let s = t.wait_for_text(&format!("{what} needs all of it"));
            assert!(
                bottom(&s).contains("still loading the archive ("),
                "{key}: {s}"
            );
            assert!(!s.contains("2018-02-01"), "{key}: {s}");
            assert!(!bottom(&s).starts_with(" /"), "no prompt opened: {s}");
        }
        if !follow {
            // Moving in the day shown works.
            t.press("j");
            t.press("j");
            let s = t.wait("two messages down", |s| status(s).contains("message 3/24"));
            assert!(status(&s).contains("loading the archive"), "{s}");
        }
        // Help opens and closes.
        t.press("?");
        t.wait_for_text("show or hide this help");
        t.press("Escape");
        t.wait("help closed", |s| !s.contains("show or hide this help"));

        std::fs::write(&go, b"").unwrap();
        let s = if follow {
            // `--follow` follows from the end, once the whole archive is in.
            let s = t.wait_for_text("following the archive");
            assert!(status(&s).contains("day 15/15 · message 24/24"), "{s}");
            s
        } else {
            let s = t.wait_for_text("the whole archive is in: 15 days");
            assert!(status(&s).contains("day 15/15 · message 3/24"), "{s}");
            s
        };
        assert!(!s.contains("loading the archive"), "{s}");
        assert!(s.contains("2018-01 Jan"), "{s}");
        // Now the keys that were refused work.
        t.press("[");
        t.wait_for_text("2018-02-01 Thursday");
        t.press("q");
        t.wait_for_text("EXITED:0");
    }
}

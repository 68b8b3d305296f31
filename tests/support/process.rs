//! Running the real binary under limits, and scanning what it writes.
//! Included with `#[path]` by the binary tests that need it.

#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run of the binary gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The child's peak resident memory in KiB, as last seen in
    /// `/proc/PID/status` (`VmHWM`, a high-water mark) while it ran; 0 when
    /// `/proc` is not there.
    pub peak_kib: u64,
    pub elapsed: Duration,
}

impl Run {
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs `daybook ARGS` in `dir` with the environment cleared, killing it
/// after `timeout` (a failure: it hung), and watching its memory.
pub fn daybook_in(dir: &Path, args: &[&str], timeout: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(args)
        .env_clear()
        // No default config file: the config of whoever runs the tests never counts.
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config-here"),
        )
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start daybook");
    let start = Instant::now();
    let pid = child.id();
    // Drain both pipes on threads so that a large output cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = vm_hwm(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait for daybook") {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "daybook {args:?} still running after {timeout:?}: it hangs (or is far too slow)"
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        peak_kib,
        elapsed,
    }
}

/// The high-water mark of a process's resident memory, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The first byte or character in `bytes` that must never reach a terminal
/// from an archive, with its offset: C0 controls except `\n`, DEL, C1
/// controls (U+0080–U+009F), bidi embeddings, overrides, isolates and
/// marks, tag characters (U+E0000–U+E007F, invisible text); invalid UTF-8
/// counts too.
pub fn first_control(bytes: &[u8]) -> Option<(usize, String)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Some((e.valid_up_to(), "invalid UTF-8".into()));
        }
    };
    text.char_indices()
        .find(|&(_, c)| {
            (c.is_control() && c != '\n')
                || ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
                || ('\u{e0000}'..='\u{e007f}').contains(&c)
        })
        .map(|(i, c)| (i, format!("{c:?}")))
}

/// Panics, showing where, when `bytes` hold a control (see [`first_control`]).
pub fn assert_no_controls(bytes: &[u8], what: &str) {
    if let Some((at, c)) = first_control(bytes) {
        let from = at.saturating_sub(60);
        let to = (at + 60).min(bytes.len());
        panic!(
            "{what}: {c} at byte {at}: {:?}",
            String::from_utf8_lossy(&bytes[from..to])
        );
    }
}

/// A run of the binary in `dir` that must end within two minutes (long
/// enough for a debug build on a slow machine; a hang is far longer) and
/// write no control to stdout or stderr.
pub fn daybook_clean(dir: &Path, args: &[&str]) -> Run {
    let r = daybook_in(dir, args, Duration::from_secs(120));
    assert_no_controls(&r.stdout, &format!("stdout of {args:?}"));
    assert_no_controls(&r.stderr, &format!("stderr of {args:?}"));
    r
}

/// Panics when a run over `input` bytes peaked above 64 MiB plus three
/// times the input: a huge line is read once and only its first MiB kept.
pub fn assert_within_three_times(r: &Run, args: &[&str], input: usize) {
    let limit_kib = 64 * 1024 + (3 * input / 1024) as u64;
    assert!(
        r.peak_kib <= limit_kib,
        "{args:?} peaked at {} KiB (limit {limit_kib} KiB)",
        r.peak_kib
    );
}

/// `text` without the SGR sequences (`ESC [ digits/semicolons m`) that
/// daybook itself writes for colours.
pub fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b';')
            .count();
        if after.as_bytes().get(len) == Some(&b'm') {
            rest = &after[len + 1..];
        } else {
            // Not ours: keep the ESC so the scan finds it.
            out.push_str("\x1b[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

//! Time to the first readable screen and to the whole archive: the real
//! binary in a pseudo-terminal of 200×60 (`script(1)` makes it), timed from
//! the start of the process to the moment its output holds the first day's
//! title (`… · 500 messages · … speakers`), then to the notice that the
//! whole archive is in (or, when it opened whole, to the first screen),
//! then `q`. CPU time (user + system)
//! comes from `/usr/bin/time` around the binary. Each run has a state file
//! of its own, empty: the first screen is the latest day.
//!
//! ```sh
//! cargo bench --bench first_screen                          # 100,000 messages
//! DAYBOOK_BENCH_SCALE=10 cargo bench --bench first_screen   # 1,000,000
//! DAYBOOK_BENCH_DIR=/tmp/big cargo bench --bench first_screen   # an archive on disk
//! DAYBOOK_BENCH_RUNS=3 …                                    # runs (default 5)
//! ```
//!
//! Not a criterion benchmark: what is timed is a whole process in a
//! terminal, read from its output as it comes. Times include starting
//! `script`, `sh` and `time` (a few milliseconds). Needs `script` (util-linux)
//! and `/usr/bin/time`; without them it says so and stops.

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod generator;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What one run saw.
struct Run {
    first: Duration,
    whole: Duration,
    /// Whether the first screen was the first day alone (a loading state
    /// came before the whole archive).
    loading: bool,
    cpu: Option<f64>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the output shows the whole archive: the notice that it came in
/// after the first day, or (when it opened whole) the status line's `day
/// N/N`, which the first day's status line does not have.
fn shows_whole(out: &[u8], loading: bool) -> bool {
    if loading {
        return find(out, b"the whole archive is in").is_some();
    }
    let mut from = 0;
    while let Some(i) = find(&out[from..], b"day ") {
        let at = from + i + 4;
        if out.get(at).is_some_and(u8::is_ascii_digit) {
            return true;
        }
        from = at;
    }
    false
}

fn run_once(bin: &Path, dir: &Path) -> Run {
    let state = tempfile::tempdir().expect("a state folder");
    let inner = format!(
        "stty cols 200 rows 60; exec /usr/bin/time -f 'CPU %U %S' '{}' '{}'",
        bin.display(),
        dir.display()
    );
    let mut child = Command::new("script")
        .args(["-qfec", &inner, "/dev/null"])
        .env("DAYBOOK_STATE", state.path().join("state.json"))
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start script(1)");
    let started = Instant::now();
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
    });
    let mut out = Vec::new();
    let (mut first, mut whole) = (None, None);
    let mut loading = false;
    let limit = Duration::from_secs(300);
    while whole.is_none() {
        let (at, bytes) = rx.recv_timeout(limit).expect("output from daybook");
        out.extend_from_slice(&bytes);
        if first.is_none() && find(&out, " messages · ".as_bytes()).is_some() {
            first = Some(at - started);
        }
        loading = loading || find(&out, b"loading the archive").is_some();
        if first.is_some() && shows_whole(&out, loading) {
            whole = Some(at - started);
        }
    }
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"q").expect("q");
    stdin.flush().expect("flush");
    // The rest of the output, up to `time`'s line.
    while let Ok((_, bytes)) = rx.recv_timeout(Duration::from_secs(10)) {
        out.extend_from_slice(&bytes);
        if find(&out, b"CPU ").is_some_and(|i| out[i..].contains(&b'\n')) {
            break;
        }
    }
    drop(stdin);
    let _ = child.wait();
    let _ = reader.join();
    let cpu = find(&out, b"CPU ").and_then(|i| {
        let line = String::from_utf8_lossy(&out[i + 4..]);
        let mut f = line.split_whitespace().map(|x| x.parse::<f64>().ok());
        Some(f.next()?? + f.next()??)
    });
    Run {
        first: first.expect("a first screen"),
        whole: whole.expect("the whole archive"),
        loading,
        cpu,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    for tool in ["script", "/usr/bin/time"] {
        if Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .map_or(true, |s| !s.success())
        {
            eprintln!("first_screen: {tool} is not installed; nothing measured");
            return;
        }
    }
    let dir: PathBuf = std::env::var_os("DAYBOOK_BENCH_DIR").map_or_else(
        || {
            let cfg = generator::GenConfig {
                days: ((200.0 * data::scale()).round() as usize).max(1),
                msgs_per_day: 500,
                speakers: 500,
                seed: 1,
                ..generator::GenConfig::default()
            };
            data::prepare(&cfg).expect("generate the archive")
        },
        PathBuf::from,
    );
    let runs: usize = std::env::var("DAYBOOK_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let bin = Path::new(env!("CARGO_BIN_EXE_daybook"));
    println!("{}: {runs} runs, 200x60, no remembered day", dir.display());
    println!(
        "{:>4} {:>14} {:>14} {:>10} {:>8}",
        "run", "first screen", "whole archive", "CPU", "loading"
    );
    let mut firsts = Vec::new();
    let mut wholes = Vec::new();
    for i in 0..runs {
        let r = run_once(bin, &dir);
        println!(
            "{:>4} {:>11.1} ms {:>11.1} ms {:>8} {:>8}",
            i + 1,
            r.first.as_secs_f64() * 1e3,
            r.whole.as_secs_f64() * 1e3,
            r.cpu.map_or("?".into(), |c| format!("{c:.2} s")),
            if r.loading { "yes" } else { "no" }
        );
        firsts.push(r.first);
        wholes.push(r.whole);
    }
    println!(
        "median: first screen {:.1} ms, whole archive {:.1} ms",
        median(firsts).as_secs_f64() * 1e3,
        median(wholes).as_secs_f64() * 1e3
    );
}

//! Per-keystroke latency of the interface on a large archive: the real App,
//! its worker thread and a 200×60 draw on ratatui's `TestBackend`, timed from
//! the key to the finished frame, reported as percentiles per kind of action.
//!
//! ```sh
//! cargo bench --bench latency                          # 100,000 messages
//! DAYBOOK_BENCH_SCALE=10 cargo bench --bench latency   # 1,000,000 messages
//! cargo bench --bench latency -- follow                # following only
//! ```
//!
//! Following (`--follow`): from the write of a message to the archive on
//! disk to the frame that shows it, through the real watcher (file-system
//! notifications and the debounce), the follower's re-read and merge, and
//! the swap of the app onto the new archive, as the interactive loop does.
//!
//! Not a criterion benchmark: criterion reports means, and the target is a
//! 99th percentile, so this harness records every keystroke itself.

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod generator;

use std::sync::Arc;
use std::time::{Duration, Instant};

use daybook::model::Archive;
use daybook::tui::App;
use daybook::tui::keymap::Keymap;
use daybook::tui::theme::{Theme, Variant};
use daybook::tui::worker::{self, Reply};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn key(c: char) -> KeyEvent {
    match c {
        '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        '\u{1b}' => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        '\u{4}' => KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
        '\u{15}' => KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is accepted and ignored.
    let cfg = generator::GenConfig {
        days: ((200.0 * data::scale()).round() as usize).max(1),
        msgs_per_day: 500,
        speakers: 500,
        seed: 1,
        ..generator::GenConfig::default()
    };
    let dir = data::prepare(&cfg).expect("generate the archive");
    if std::env::args().skip(1).any(|a| a == "follow") {
        follow_latency(&dir);
        return;
    }
    let started = Instant::now();
    let archive = Arc::new(daybook::archive::load(std::slice::from_ref(&dir)).expect("load"));
    eprintln!(
        "loaded {} messages in {:.2}s",
        archive.message_count(),
        started.elapsed().as_secs_f64()
    );
    let area = Rect::new(0, 0, 200, 60);
    let mut app = App::new(
        &archive,
        Keymap::default_map(),
        Theme::new(Variant::Dark),
        area,
    );
    let (jobs, replies, _worker) = worker::spawn(Arc::clone(&archive));
    app.jobs = Some(jobs);
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("backend");

    // (kind, keys typed one at a time)
    let script: Vec<(&str, String)> = vec![
        ("move j/k", "j".repeat(300) + &"k".repeat(100)),
        ("page ^d/^u", "\u{4}".repeat(40) + &"\u{15}".repeat(20)),
        ("first/last G/g", "GgGgGgGgGg".into()),
        ("day ]/[", "[".repeat(200) + &"]".repeat(100)),
        ("month }/{", "{".repeat(30) + &"}".repeat(15)),
        ("date prompt :", ":2018-06-01\n:-30\n:2019-01\n".into()),
        ("search typing /", "/二维码 redis\n".into()),
        ("next match n/N", "n".repeat(100) + &"N".repeat(50)),
        ("filter mode f", "ffffffffff".into()),
        ("speaker picker @", "@lin \n".into()),
        ("clear Esc", "\u{1b}".into()),
        ("search typing /", "/~ping\n".into()),
        ("filter mode f", "ffff".into()),
        ("next match n/N", "n".repeat(50)),
    ];
    let mut by_kind: Vec<(&str, Vec<Duration>)> = Vec::new();
    for (kind, keys) in &script {
        for c in keys.chars() {
            let t = Instant::now();
            app.on_key(key(c));
            while let Ok(r) = replies.try_recv() {
                match r {
                    Reply::Counts(r) => app.apply_report(&r),
                    Reply::Stats { generation, stats } => app.apply_stats(generation, stats),
                }
            }
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
            let d = t.elapsed();
            match by_kind.iter_mut().find(|(k, _)| k == kind) {
                Some((_, v)) => v.push(d),
                None => by_kind.push((kind, vec![d])),
            }
        }
    }
    // Frames alone, on the reference-like day, to see the render cost.
    let mut frames = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        frames.push(t.elapsed());
    }
    by_kind.push(("draw 200x60 only", frames));

    println!(
        "{} messages, 200x60 frame; latency from key to drawn frame",
        archive.message_count()
    );
    println!(
        "{:<20} {:>6} {:>10} {:>10} {:>10}",
        "action", "keys", "p50", "p99", "max"
    );
    let mut all = Vec::new();
    for (kind, mut v) in by_kind {
        v.sort();
        println!(
            "{kind:<20} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms",
            v.len(),
            percentile(&v, 0.5).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3,
            v[v.len() - 1].as_secs_f64() * 1e3
        );
        if kind != "draw 200x60 only" {
            all.extend(v);
        }
    }
    all.sort();
    println!(
        "{:<20} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms",
        "every keystroke",
        all.len(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3
    );
    drop(app);
    follow_latency(&dir);
}

/// Writes messages into a copy of the archive one at a time, a random 50
/// to 250 ms apart, and times each from the write to the drawn frame that
/// shows it (the app at the end of the growing day, as `--follow` starts).
fn follow_latency(dir: &std::path::Path) {
    use daybook::archive::follow::{Follower, added, watch};
    use std::io::Write;
    const WRITES: usize = 300;
    let copy = tempfile::tempdir().expect("a temporary copy");
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).expect("inside");
        let to = copy.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
    }
    let paths = vec![copy.path().to_path_buf()];
    let options = daybook::archive::Options::default();
    let (follower, archive) =
        Follower::load(&paths, &options, &daybook::archive::Progress::default()).expect("load");
    // The day the app opens on, at its end: the archive's last day.
    let grow = archive
        .day_path(archive.days.last().expect("a day"))
        .to_path_buf();
    let (tx, updates) = std::sync::mpsc::channel();
    let watching = watch(follower, move |u| tx.send(u).is_ok()).expect("watch");
    eprintln!(
        "following {} messages ({:?}); appending to {}",
        archive.message_count(),
        watching.watcher,
        grow.display()
    );
    let area = Rect::new(0, 0, 200, 60);
    let (jobs, _replies, _worker) = worker::spawn(Arc::new(Archive::default()));
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("backend");
    let mut archive = Arc::new(archive);
    jobs.set_archive(Arc::clone(&archive));
    let mut carry = {
        let mut app = App::new(
            &archive,
            Keymap::default_map(),
            Theme::new(Variant::Dark),
            area,
        );
        app.jobs = Some(jobs.clone());
        app.follow.active = true;
        app.follow_jump();
        app.carry()
    };
    let mut seed = 7u64;
    let mut took = Vec::new();
    for i in 0..WRITES {
        // xorshift: 50..250 ms between writes.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(50 + seed % 200));
        let body = format!("followed message {i}");
        let t = Instant::now();
        {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&grow)
                .expect("open");
            write!(f, "> 23:59:59  follower\n\n{body}\n\n").expect("append");
        }
        // Updates until the message is in; each swapped in and drawn, as
        // the loop does between two frames.
        loop {
            let u = updates
                .recv_timeout(Duration::from_secs(10))
                .expect("an update within 10 s");
            let add = added(&archive, &u.archive);
            archive = Arc::new(u.archive);
            jobs.set_archive(Arc::clone(&archive));
            let mut app = App::new(
                &archive,
                Keymap::default_map(),
                Theme::new(Variant::Dark),
                area,
            );
            app.jobs = Some(jobs.clone());
            app.restore(carry, &add);
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
            carry = app.carry();
            let shown = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
                .contains(&body);
            if shown {
                break;
            }
        }
        took.push(t.elapsed());
    }
    drop(watching);
    took.sort();
    println!(
        "{} messages followed; latency from the write to the drawn frame",
        archive.message_count()
    );
    println!(
        "{:<20} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms",
        "write to frame",
        took.len(),
        percentile(&took, 0.5).as_secs_f64() * 1e3,
        percentile(&took, 0.99).as_secs_f64() * 1e3,
        took[took.len() - 1].as_secs_f64() * 1e3
    );
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

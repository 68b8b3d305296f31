//! Per-keystroke latency of the interface on a large archive: the real App,
//! its worker thread and a 200×60 draw on ratatui's `TestBackend`, timed from
//! the key to the finished frame, reported as percentiles per kind of action.
//!
//! ```sh
//! cargo bench --bench latency                          # 100,000 messages
//! DAYBOOK_BENCH_SCALE=10 cargo bench --bench latency   # 1,000,000 messages
//! ```
//!
//! Not a criterion benchmark: criterion reports means, and the target is a
//! 99th percentile, so this harness records every keystroke itself.

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod generator;

use std::sync::Arc;
use std::time::{Duration, Instant};

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
    let started = Instant::now();
    let archive = Arc::new(daybook::archive::load(&[dir]).expect("load"));
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
}

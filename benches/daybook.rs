//! Benchmarks of daybook's hot paths on a synthetic archive.
//!
//! ```text
//! cargo bench --bench daybook                  # everything, a couple of minutes
//! cargo bench --bench daybook -- search        # one area (a criterion filter)
//! DAYBOOK_BENCH_SCALE=10 cargo bench --bench daybook -- load    # 1M messages
//! DAYBOOK_BENCH_SCALE=0.05 cargo bench --bench daybook -- --quick
//! ```
//!
//! Name the bench target when passing criterion's own flags (`--quick`,
//! `--save-baseline`): a plain `cargo bench` also runs the libtest harness
//! of the library and the binary, which rejects them.
//!
//! The archive comes from the project's own generator (`support/gen.rs`,
//! the same one as `cargo run --example gen_archive`) with a fixed seed:
//! 200 days of 500 messages on average (100,000 messages, about 18 MB),
//! times `DAYBOOK_BENCH_SCALE` days. It is written once under
//! `target/bench-data/` and reused while its configuration is unchanged.
//!
//! Areas: `parse` (one file at a time, single-threaded, MB/s), `load` (the
//! whole pipeline: walk, read and parse in parallel, assemble; MB/s; for
//! the reference format, for Slack, Telegram, Messenger and LINE exports and
//! IRC logs of the same messages and for the same messages as Discord exports, `DiscordChatExporter`
//! JSON in `[part N]` files of 10,000 messages; `parse` has Discord too),
//! `whatsapp` (the same messages written as WhatsApp exports, one chat file
//! per 50 days: `parse` and `load` MB/s, to set beside the reference
//! format's),
//! `merge` (the serial merge of the parsed pieces alone, and the load on
//! one thread, to compare with `load`: how far it scales),
//! `search` (full scans of the archive with several kinds of query),
//! `search_paths` (the search command on the archive on disk, reading only
//! what the query needs: literal, qualified by a month, fuzzy),
//! `speakers` (fuzzy ranking of speaker names), `wrap` (CJK-aware
//! wrapping of message bodies, MB/s) and `sanitize` (the sanitiser's check
//! of clean body lines, MB/s).

#[path = "support/data.rs"]
mod data;
#[path = "support/gen.rs"]
mod generator;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use daybook::model::Archive;

use generator::{GenConfig, GenFormat};

/// Days of the archive at scale 1.
const BASE_DAYS: f64 = 200.0;
const MSGS_PER_DAY: usize = 500;
const SPEAKERS: usize = 500;
const SEED: u64 = 1;

/// The generated archive, its files in memory and the loaded model, shared
/// by all areas. Built on first use.
struct Fixture {
    config: GenConfig,
    dir: PathBuf,
    /// Every day file: its path and contents.
    files: Vec<(PathBuf, String)>,
    bytes: u64,
    archive: Archive,
}

impl Fixture {
    /// A benchmark id for `name`, marked with the archive's size when it is
    /// not the default, so that criterion never compares runs of different
    /// sizes with each other.
    fn id(&self, name: &str) -> String {
        if self.config.days == BASE_DAYS as usize {
            name.to_owned()
        } else {
            format!("{name}-{}d", self.config.days)
        }
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config = config();
        let dir = data::prepare(&config).expect("generate the benchmark archive");
        let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
            .expect("read the benchmark archive")
            .map(|entry| {
                let path = entry.expect("read the benchmark archive").path();
                let text = std::fs::read_to_string(&path).expect("read a day file");
                (path, text)
            })
            .collect();
        files.sort();
        let bytes = files.iter().map(|(_, t)| t.len() as u64).sum();
        let archive = daybook::archive::load(std::slice::from_ref(&dir)).expect("load the archive");
        assert_eq!(
            archive.message_count(),
            config.messages(),
            "every message loads"
        );
        eprintln!(
            "bench archive: {} files, {} messages, {:.1} MB, {} speakers, {} diagnostics in {}",
            files.len(),
            archive.message_count(),
            bytes as f64 / 1e6,
            archive.speakers.len(),
            archive.diagnostics.len(),
            dir.display()
        );
        Fixture {
            config,
            dir,
            files,
            bytes,
            archive,
        }
    })
}

/// The same messages as `DiscordChatExporter` JSON exports (4 channels,
/// `[part N]` files of 10,000 messages): the files in memory, and their
/// message count.
struct DiscordFixture {
    dir: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
    bytes: u64,
    messages: usize,
}

fn discord_fixture() -> &'static DiscordFixture {
    static FIXTURE: OnceLock<DiscordFixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config = config();
        let config = GenConfig {
            format: generator::GenFormat::Discord(generator::discord::Layout::default()),
            ..config
        };
        let dir = data::prepare(&config).expect("generate the Discord archive");
        let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("read the Discord archive")
            .map(|entry| {
                let path = entry.expect("read the Discord archive").path();
                let bytes = std::fs::read(&path).expect("read an export");
                (path, bytes)
            })
            .collect();
        files.sort();
        let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
        let archive = daybook::archive::load(std::slice::from_ref(&dir)).expect("load the archive");
        assert_eq!(
            archive.message_count(),
            config.messages(),
            "every message loads"
        );
        assert!(
            archive.diagnostics.is_empty(),
            "{:?}",
            archive.diagnostics.first()
        );
        eprintln!(
            "bench Discord archive: {} files, {} messages, {:.1} MB ({:.0} bytes/message) in {}",
            files.len(),
            archive.message_count(),
            bytes as f64 / 1e6,
            bytes as f64 / archive.message_count() as f64,
            dir.display()
        );
        DiscordFixture {
            dir,
            files,
            bytes,
            messages: archive.message_count(),
        }
    })
}

/// The archive's configuration: `DAYBOOK_BENCH_SCALE` (a float, default 1)
/// times 200 days.
fn config() -> GenConfig {
    let scale = data::scale();
    GenConfig {
        days: ((BASE_DAYS * scale).round() as usize).max(1),
        msgs_per_day: MSGS_PER_DAY,
        speakers: SPEAKERS,
        seed: SEED,
        ..GenConfig::default()
    }
}

/// The same messages as WhatsApp exports, written once like the archive.
struct WhatsAppFixture {
    dir: PathBuf,
    /// Every chat file: its path and bytes.
    files: Vec<(PathBuf, Vec<u8>)>,
    bytes: u64,
    days: usize,
}

fn whatsapp_fixture() -> &'static WhatsAppFixture {
    static FIXTURE: OnceLock<WhatsAppFixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config = GenConfig {
            format: GenFormat::WhatsApp,
            ..config()
        };
        let dir = data::prepare(&config).expect("generate the WhatsApp archive");
        let mut files = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("read the WhatsApp archive") {
                let path = entry.expect("read the WhatsApp archive").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = std::fs::read(&path).expect("read a chat file");
                    files.push((path, bytes));
                }
            }
        }
        files.sort();
        let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
        let archive = daybook::archive::load(std::slice::from_ref(&dir)).expect("load");
        assert_eq!(
            archive.message_count(),
            config.messages(),
            "every message loads"
        );
        eprintln!(
            "WhatsApp bench archive: {} files, {} messages, {:.1} MB, {} diagnostics in {}",
            files.len(),
            archive.message_count(),
            bytes as f64 / 1e6,
            archive.diagnostics.len(),
            dir.display()
        );
        WhatsAppFixture {
            dir,
            files,
            bytes,
            days: config.days,
        }
    })
}

/// Parsing one day file at a time on one thread.
mod parse {
    use std::hint::black_box;
    use std::path::Path;

    use criterion::{Criterion, Throughput};
    use daybook::archive::formats::{ParseContext, discord, irc};
    use daybook::archive::parse_day;
    use daybook::model::Zone;

    const SEED_DAY: &str = include_str!("../seeds/2018-01-22-chat.markdown");

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let mut g = c.benchmark_group("parse");
        g.throughput(Throughput::Bytes(fx.bytes));
        g.bench_function(fx.id("parse_day/archive"), |b| {
            b.iter(|| {
                fx.files
                    .iter()
                    .map(|(path, text)| parse_day(path, black_box(text)).messages.len())
                    .sum::<usize>()
            });
        });
        g.throughput(Throughput::Bytes(SEED_DAY.len() as u64));
        g.bench_function("parse_day/seed", |b| {
            let path = Path::new("seeds/2018-01-22-chat.markdown");
            b.iter(|| parse_day(path, black_box(SEED_DAY)).messages.len());
        });
        // The largest log of the same days written as IRC logs, four times
        // as busy (a log of over 4 MiB): one growing file, read in parts on
        // all cores (issue 13: before, one thread read it while the others
        // waited).
        let irc = super::generator::GenConfig {
            format: super::generator::GenFormat::Irc,
            msgs_per_day: fx.config.msgs_per_day * 4,
            ..fx.config.clone()
        };
        let dir = super::data::prepare(&irc).expect("generate the IRC logs");
        let (log, bytes) = largest_file(&dir);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(fx.id("irc/largest_log"), |b| {
            let ctx = ParseContext {
                path: &log,
                folder: log.parent().unwrap_or(Path::new("")),
                zone: Zone::Local,
            };
            b.iter(|| irc::FORMAT.parse(black_box(&bytes), &ctx).message_count());
        });
        // The same messages as Discord exports, one file at a time.
        let dfx = super::discord_fixture();
        g.throughput(Throughput::Bytes(dfx.bytes));
        g.bench_function(fx.id("discord/archive"), |b| {
            b.iter(|| {
                dfx.files
                    .iter()
                    .map(|(path, bytes)| {
                        let ctx = ParseContext {
                            path,
                            folder: Path::new(""),
                            zone: Zone::Local,
                        };
                        discord::FORMAT
                            .parse(black_box(bytes), &ctx)
                            .message_count()
                    })
                    .sum::<usize>()
            });
        });
        g.finish();
    }

    /// The largest file under `dir`, and its bytes.
    fn largest_file(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
        let mut files = Vec::new();
        let mut dirs = vec![dir.to_path_buf()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("read the folder").flatten() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(m) = e.metadata() {
                    files.push((m.len(), path));
                }
            }
        }
        let (_, path) = files.into_iter().max().expect("a file");
        let bytes = std::fs::read(&path).expect("read the log");
        (path, bytes)
    }
}

/// The whole loading pipeline: walk the folder, read and parse in
/// parallel, assemble the model. `folder` is the reference format;
/// `slack`, `telegram`, `messenger`, `line` and `irc` the same messages written as those
/// apps' exports by the same generator (`--format slack` …), `discord` as
/// Discord exports (`--format discord`), for the MB/s of each format.
mod load {
    use criterion::{Criterion, SamplingMode, Throughput};

    use super::generator::{GenConfig, GenFormat};

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let mut g = c.benchmark_group("load");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(fx.bytes));
        g.bench_function(fx.id("folder"), |b| {
            b.iter(|| {
                daybook::archive::load(std::slice::from_ref(&fx.dir))
                    .expect("load the archive")
                    .message_count()
            });
        });
        let slack = GenConfig {
            format: GenFormat::Slack,
            ..fx.config.clone()
        };
        let dir = super::data::prepare(&slack).expect("generate the Slack export");
        let bytes = folder_bytes(&dir);
        let archive = daybook::archive::load(std::slice::from_ref(&dir)).expect("load the export");
        assert_eq!(
            archive.message_count(),
            slack.messages(),
            "every message loads"
        );
        assert!(
            archive.diagnostics.is_empty(),
            "{:?}",
            &archive.diagnostics[..1]
        );
        eprintln!(
            "Slack export: {} messages, {:.1} MB, {} channels in {}",
            archive.message_count(),
            bytes as f64 / 1e6,
            archive.channels.len(),
            dir.display()
        );
        drop(archive);
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(fx.id("slack"), |b| {
            b.iter(|| {
                daybook::archive::load(std::slice::from_ref(&dir))
                    .expect("load the export")
                    .message_count()
            });
        });
        // The same messages as Discord exports.
        let dfx = super::discord_fixture();
        g.throughput(Throughput::Bytes(dfx.bytes));
        g.bench_function(fx.id("discord"), |b| {
            b.iter(|| {
                let n = daybook::archive::load(std::slice::from_ref(&dfx.dir))
                    .expect("load the archive")
                    .message_count();
                assert_eq!(n, dfx.messages);
                n
            });
        });
        for (format, name) in [
            (GenFormat::Telegram, "telegram"),
            (GenFormat::Messenger, "messenger"),
            (GenFormat::Line, "line"),
            (GenFormat::Irc, "irc"),
        ] {
            other_format(&mut g, fx, format, name);
        }
        g.finish();
    }

    /// The same messages as an export of another app (Messenger's JSON,
    /// LINE's text): the whole load, in MB/s of that export.
    fn other_format(
        g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
        fx: &super::Fixture,
        format: GenFormat,
        name: &str,
    ) {
        let config = GenConfig {
            format,
            ..fx.config.clone()
        };
        let dir = super::data::prepare(&config).expect("generate the export");
        let bytes = folder_bytes(&dir);
        let archive = daybook::archive::load(std::slice::from_ref(&dir)).expect("load the export");
        assert_eq!(
            archive.message_count(),
            config.messages(),
            "every message loads"
        );
        assert!(
            archive.diagnostics.is_empty(),
            "{:?}",
            archive.diagnostics.first()
        );
        eprintln!(
            "{name} export: {} messages, {:.1} MB, {} channels in {}",
            archive.message_count(),
            bytes as f64 / 1e6,
            archive.channels.len(),
            dir.display()
        );
        drop(archive);
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(fx.id(name), |b| {
            b.iter(|| {
                daybook::archive::load(std::slice::from_ref(&dir))
                    .expect("load the export")
                    .message_count()
            });
        });
    }

    /// The bytes of every file under `dir`.
    fn folder_bytes(dir: &std::path::Path) -> u64 {
        let mut total = 0;
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("read the export") {
                let e = e.expect("read the export");
                let meta = e.metadata().expect("read the export");
                if meta.is_dir() {
                    stack.push(e.path());
                } else {
                    total += meta.len();
                }
            }
        }
        total
    }
}

/// The WhatsApp parser, one chat file at a time on one thread, and the
/// whole load of the WhatsApp archive: MB/s beside `parse` and `load`.
mod whatsapp {
    use std::hint::black_box;
    use std::path::Path;

    use criterion::{Criterion, SamplingMode, Throughput};
    use daybook::archive::formats::{ParseContext, whatsapp};
    use daybook::model::Zone;

    pub fn bench(c: &mut Criterion) {
        let fx = super::whatsapp_fixture();
        let id = |name: &str| {
            if fx.days == super::BASE_DAYS as usize {
                name.to_owned()
            } else {
                format!("{name}-{}d", fx.days)
            }
        };
        let mut g = c.benchmark_group("whatsapp");
        g.throughput(Throughput::Bytes(fx.bytes));
        g.bench_function(id("parse/archive"), |b| {
            b.iter(|| {
                fx.files
                    .iter()
                    .map(|(path, bytes)| {
                        let ctx = ParseContext {
                            path,
                            folder: path.parent().unwrap_or(Path::new("")),
                            zone: Zone::Local,
                        };
                        whatsapp::FORMAT
                            .parse(black_box(bytes), &ctx)
                            .message_count()
                    })
                    .sum::<usize>()
            });
        });
        g.sampling_mode(SamplingMode::Flat);
        g.bench_function(id("load/folder"), |b| {
            b.iter(|| {
                daybook::archive::load(std::slice::from_ref(&fx.dir))
                    .expect("load the archive")
                    .message_count()
            });
        });
        g.finish();
    }
}

/// Full scans of the archive: every message tested against a query.
mod search {
    use std::hint::black_box;
    use std::ops::Range;

    use criterion::{Criterion, Throughput};
    use daybook::model::Archive;
    use daybook::query::{self, Matcher};

    /// Messages of `archive` that `matcher` accepts.
    fn count(matcher: &Matcher<'_>, archive: &Archive) -> usize {
        archive
            .days
            .iter()
            .filter(|day| matcher.matches_day(day))
            .map(|day| {
                day.messages
                    .iter()
                    .filter(|m| matcher.matches(day, m))
                    .count()
            })
            .sum()
    }

    /// Total length of the highlighted ranges over all messages.
    fn highlighted(matcher: &Matcher<'_>, archive: &Archive) -> usize {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut total = 0;
        for day in archive.days.iter().filter(|d| matcher.matches_day(d)) {
            for m in &day.messages {
                if matcher.highlights(day, m, &mut ranges) {
                    total += ranges.iter().map(ExactSizeIterator::len).sum::<usize>();
                }
            }
        }
        total
    }

    /// The name of the speaker with the most messages, quoted for `from:`.
    fn frequent_speaker(archive: &Archive) -> String {
        let (_, speaker) = archive
            .speakers
            .iter()
            .max_by_key(|(_, s)| s.messages)
            .expect("the archive has speakers");
        format!("\"{}\"", speaker.name)
    }

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let archive = &fx.archive;
        let messages = archive.message_count() as u64;
        let text_bytes: u64 = archive.days.iter().map(|d| d.text.len() as u64).sum();
        let middle = fx.config.start + chrono::Days::new(fx.config.days as u64 / 2);
        let qualified = format!("二维码 from:{} after:{middle}", frequent_speaker(archive));

        let mut g = c.benchmark_group("search");
        g.throughput(Throughput::ElementsAndBytes {
            elements: messages,
            bytes: text_bytes,
        });
        let cases = [
            ("literal", "二维码"),
            ("qualified", qualified.as_str()),
            ("latin_ci", "redis"),
            ("fuzzy", "~ping"),
        ];
        for (name, text) in cases {
            let q = query::parse(text).unwrap_or_else(|e| panic!("query {text:?}: {e:?}"));
            let matcher = Matcher::new(&q, archive);
            eprintln!(
                "search/{name}: {text:?} matches {} messages",
                count(&matcher, archive)
            );
            g.bench_function(fx.id(name), |b| {
                b.iter(|| count(black_box(&matcher), archive));
            });
        }
        let q = query::parse("二维码").expect("a valid query");
        let matcher = Matcher::new(&q, archive);
        g.bench_function(fx.id("literal_highlights"), |b| {
            b.iter(|| highlighted(black_box(&matcher), archive));
        });
        g.finish();
    }
}

/// `daybook search` on the archive on disk, reading only what the query
/// needs (`commands::search::run_paths`): the whole process but its start.
mod search_paths {
    use clap::Parser;
    use criterion::{Criterion, SamplingMode, Throughput};
    use daybook::cli::{Cli, Command};
    use daybook::commands::search::run_paths;
    use daybook::config::Config;

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let dir = fx.dir.display().to_string();
        let middle = fx.config.start + chrono::Days::new(fx.config.days as u64 / 2);
        let month = middle.format("%Y-%m").to_string();
        let qualified = format!("二维码 on:{month}");
        let mut g = c.benchmark_group("search_paths");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(fx.bytes));
        let cases = [
            ("literal_count", "二维码", &["--count"][..]),
            // A term whose first character is common, and one that starts
            // with ASCII (looked for without the spread, every risky byte
            // of each file read).
            ("literal_count_common_first", "支付", &["--count"][..]),
            ("literal_count_ascii", "Kafka", &["--count"][..]),
            ("literal_lines", "二维码", &[][..]),
            ("qualified_count", qualified.as_str(), &["--count"][..]),
            ("fuzzy_count", "~ping", &["--count"][..]),
        ];
        for (name, query, flags) in cases {
            let mut argv = vec!["daybook", "search", "--color", "never", "--", query, &dir];
            argv.splice(2..2, flags.iter().copied());
            let cli = Cli::parse_from(&argv);
            let config = Config::from_cli(&cli);
            let Some(Command::Search(args)) = &cli.command else {
                unreachable!("a search command line")
            };
            let run = || {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                run_paths(&args.paths.paths, args, &config, &mut out, &mut err)
                    .expect("search the archive");
                out.len()
            };
            eprintln!(
                "search_paths/{name}: {query:?} prints {}",
                String::from_utf8_lossy(&{
                    let (mut out, mut err) = (Vec::new(), Vec::new());
                    run_paths(&args.paths.paths, args, &config, &mut out, &mut err)
                        .expect("search the archive");
                    if flags.contains(&"--count") {
                        out
                    } else {
                        format!("{} bytes\n", out.len()).into_bytes()
                    }
                })
                .trim_end()
            );
            g.bench_function(fx.id(name), |b| b.iter(run));
        }
        g.finish();
    }
}

/// Fuzzy ranking of every speaker name, as the speaker picker does per key.
mod speakers {
    use std::hint::black_box;

    use criterion::{Criterion, Throughput};
    use daybook::query::speaker_scores;

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let archive = &fx.archive;
        let mut g = c.benchmark_group("speakers");
        g.throughput(Throughput::Elements(archive.speakers.len() as u64));
        g.bench_function(fx.id("scores_lin"), |b| {
            b.iter(|| speaker_scores(archive, black_box("lin")).len());
        });
        g.finish();
    }
}

/// Wrapping message bodies for display.
mod wrap {
    use std::hint::black_box;
    use std::ops::Range;

    use criterion::{Criterion, Throughput};
    use daybook::text::wrap_into;

    /// Width in cells of the wrapped lines.
    const WIDTH: usize = 60;
    /// Days whose bodies are wrapped.
    const DAYS: usize = 20;

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let archive = &fx.archive;
        let bodies: Vec<&str> = archive
            .days
            .iter()
            .take(DAYS)
            .flat_map(|day| day.messages.iter().map(move |m| day.body(m)))
            .collect();
        let bytes: u64 = bodies.iter().map(|b| b.len() as u64).sum();
        let mut g = c.benchmark_group("wrap");
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(fx.id("bodies_width_60"), |b| {
            let mut lines: Vec<Range<usize>> = Vec::new();
            b.iter(|| {
                let mut total = 0;
                for body in &bodies {
                    lines.clear();
                    wrap_into(black_box(body), WIDTH, &mut lines);
                    total += lines.len();
                }
                total
            });
        });
        g.finish();
    }
}

/// The sanitiser's check of clean text, as the load runs it on every body
/// line (the generated bodies: Chinese with its punctuation, some ASCII):
/// MB/s. The chunked check (`text/sanitize/chunk.rs`) keeps it off the top
/// of the load's profile.
mod sanitize {
    use std::hint::black_box;

    use criterion::{Criterion, Throughput};
    use daybook::text::is_clean;

    /// Days whose bodies are checked.
    const DAYS: usize = 20;

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let archive = &fx.archive;
        let lines: Vec<&str> = archive
            .days
            .iter()
            .take(DAYS)
            .flat_map(|day| day.messages.iter().flat_map(move |m| day.body(m).lines()))
            .collect();
        let bytes: u64 = lines.iter().map(|l| l.len() as u64).sum();
        let mut g = c.benchmark_group("sanitize");
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(fx.id("clean_body_lines"), |b| {
            b.iter(|| lines.iter().filter(|l| is_clean(black_box(l))).count());
        });
        g.finish();
    }
}

fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

/// The serial part of a load, alone: merging the parsed pieces of every
/// file (speakers interned archive-wide, days renumbered and ordered). A
/// load runs it beside the parse (`archive::load`: whichever thread of the
/// pool finds the next piece ready merges it); this keeps its own cost in
/// sight, so that it stays small next to the parse.
mod merge {
    use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
    use daybook::archive::formats::{ParseContext, Parsed, jekyll};
    use daybook::model::Zone;

    fn pieces() -> Vec<Parsed> {
        let fx = super::fixture();
        fx.files
            .iter()
            .map(|(path, text)| {
                let ctx = ParseContext {
                    path,
                    folder: &fx.dir,
                    zone: Zone::Local,
                };
                jekyll::FORMAT.parse(text.as_bytes(), &ctx)
            })
            .collect()
    }

    pub fn bench(c: &mut Criterion) {
        let fx = super::fixture();
        let mut g = c.benchmark_group("merge");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Bytes(fx.bytes));
        g.bench_function(fx.id("assemble"), |b| {
            b.iter_batched(
                pieces,
                |p| daybook::archive::assemble(p).message_count(),
                BatchSize::PerIteration,
            );
        });
        // The whole load on one thread, beside `load/folder` on all of
        // them: their ratio is how far the load scales.
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool");
        g.bench_function(fx.id("load-one-thread"), |b| {
            b.iter(|| {
                one.install(|| {
                    daybook::archive::load(std::slice::from_ref(&fx.dir))
                        .expect("load the archive")
                        .message_count()
                })
            });
        });
        // And on two: with nothing serial left but the walk and the end of
        // the merge, twice as fast as on one where two cores are free.
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a thread pool");
        g.bench_function(fx.id("load-two-threads"), |b| {
            b.iter(|| {
                two.install(|| {
                    daybook::archive::load(std::slice::from_ref(&fx.dir))
                        .expect("load the archive")
                        .message_count()
                })
            });
        });
        g.finish();
    }
}

/// Following: one refresh after a message is appended to the archive's
/// last day, through [`Follower::refresh`] as the watcher calls it.
///
/// The archive followed is a copy of the bench archive in a temporary
/// folder, or the folder `DAYBOOK_BENCH_FOLLOW` names (written into: give
/// it a copy of its own, such as one `gen_archive` wrote under /tmp).
///
/// [`Follower::refresh`]: daybook::archive::follow::Follower::refresh
mod follow {
    use std::io::Write;
    use std::path::PathBuf;
    use std::time::Instant;

    use criterion::{Criterion, SamplingMode};
    use daybook::archive::follow::{Changed, Follower};

    pub fn bench(c: &mut Criterion) {
        let (dir, _copy) = if let Some(d) = std::env::var_os("DAYBOOK_BENCH_FOLLOW") {
            (PathBuf::from(d), None)
        } else {
            let fx = super::fixture();
            let copy = tempfile::tempdir().expect("a temporary copy");
            for (path, text) in &fx.files {
                let to = copy.path().join(path.file_name().expect("a file name"));
                std::fs::write(&to, text).expect("copy a day file");
            }
            (copy.path().to_path_buf(), Some(copy))
        };
        let paths = vec![dir.clone()];
        let options = daybook::archive::Options::default();
        let progress = daybook::archive::Progress::default();
        let (mut follower, archive) =
            Follower::load(&paths, &options, &progress).expect("load the followed archive");
        let grow = archive
            .day_path(archive.days.last().expect("a day"))
            .to_path_buf();
        let id = format!(
            "refresh-after-append-{}m",
            archive.message_count() / 1_000_000
        );
        drop(archive);
        let mut g = c.benchmark_group("follow");
        g.sampling_mode(SamplingMode::Flat);
        g.sample_size(10);
        let mut n = 0u64;
        // The version shown until the next one is in, as the interface
        // holds it: the refresh does not reuse its memory.
        let mut shown = None;
        g.bench_function(id, |b| {
            b.iter_custom(|iters| {
                let mut took = std::time::Duration::ZERO;
                for _ in 0..iters {
                    n += 1;
                    let mut f = std::fs::OpenOptions::new()
                        .append(true)
                        .open(&grow)
                        .expect("open the last day");
                    write!(f, "> 23:59:59  follower\n\nfollowed message {n}\n\n").expect("append");
                    drop(f);
                    let t = Instant::now();
                    let update = follower
                        .refresh(&Changed::Files(vec![grow.clone()]), Instant::now())
                        .expect("the append is seen");
                    took += t.elapsed();
                    shown = Some(update);
                }
                took
            });
        });
        g.finish();
        drop(shown);
    }
}

criterion_group! {
    name = benches;
    config = criterion();
    targets = parse::bench, load::bench, whatsapp::bench, merge::bench, follow::bench, search::bench, search_paths::bench, speakers::bench, wrap::bench, sanitize::bench
}
criterion_main!(benches);

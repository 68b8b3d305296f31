//! Writes a synthetic archive of WeChat-style day files, for benchmarks, for
//! the tests of hostile input, and for trying the reader on something large.
//!
//! ```text
//! cargo run --release --example gen_archive -- --out DIR [--days N]
//!     [--msgs-per-day M] [--speakers K] [--seed S] [--start-date YYYY-MM-DD]
//!     [--dates YYYY-MM-DD,…] [--hostile] [--huge-line-bytes B]
//!     [--format jekyll|slack|whatsapp|telegram|discord|messenger|instagram|line|irc]
//!     [--channels N] [--part-size N]
//! ```
//!
//! The same arguments give byte-identical files; see `benches/support/gen.rs`.
//! `--format telegram` writes the same days as one Telegram Desktop export,
//! `DIR/result.json` (the account layout, the days spread over four chats;
//! see `benches/support/gen_telegram.rs`); `--format jekyll` (the default)
//! writes day files.
//! `--dates` writes one day per date listed instead of `--days` days from
//! `--start-date`. `--hostile` also writes nasty input (escape sequences,
//! bidi controls, broken encodings, huge lines, odd headers, YAML bombs and
//! special day files, listed on stderr as `special: FILE = KIND`; see
//! `benches/support/hostile.rs`). `--format slack` writes the same messages
//! as a Slack workspace export (`users.json`, `channels.json`, a folder per
//! channel; see `benches/support/gen_slack.rs`); `--format whatsapp` as
//! WhatsApp "Export chat" files, one chat per 50 days, in Android and iOS
//! layouts (`benches/support/gen_whatsapp.rs`); `--format discord` as
//! `DiscordChatExporter` JSON exports, the days dealt to `--channels`
//! channels (4) in `[part N]` files of `--part-size` messages (10,000; see
//! `benches/support/gen_discord.rs`); `messenger` and
//! `instagram` as Meta's JSON exports (a chat folder of `message_N.json`
//! files per 50 days; `gen_meta.rs`), `line` as LINE's text exports (a
//! file per 50 days; `gen_line.rs`); `--format irc` as IRC logs of four
//! channels, in the ZNC, irssi, WeeChat and Supybot formats (see
//! `benches/support/gen_irc.rs`).
//!
//! The synthetic days of the bundled sample (`seeds/`, all but the
//! reference day 2018-01-22):
//!
//! ```text
//! cargo run --example gen_archive -- --out seeds --msgs-per-day 36 --speakers 40 --seed 2018 \
//!     --dates 2018-01-10,2018-01-11,2018-01-12,2018-01-15,2018-01-16,2018-01-17,2018-01-18,2018-01-19,2018-01-23,2018-01-24,2018-01-25,2018-01-29,2018-02-01,2018-02-02
//! ```
//!
//! The benchmark archive, and the same messages as WhatsApp exports:
//!
//! ```text
//! cargo run --release --example gen_archive -- --out bench-data/large \
//!     --days 2000 --msgs-per-day 500 --speakers 500 --seed 1
//! cargo run --release --example gen_archive -- --out bench-data/whatsapp \
//!     --days 2000 --msgs-per-day 500 --speakers 500 --seed 1 --format whatsapp
//! ```

#[path = "../benches/support/gen.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;

use generator::{GenConfig, GenFormat, SPECIAL_KINDS, write_archive_report};

const USAGE: &str = "usage: gen_archive --out DIR [--days N] [--msgs-per-day M] [--speakers K] \
                     [--seed S] [--start-date YYYY-MM-DD] [--dates YYYY-MM-DD,...] [--hostile] \
                     [--huge-line-bytes B] \
                     [--format jekyll|slack|whatsapp|telegram|discord|messenger|instagram|line|irc] \
                     [--channels N] [--part-size N]";

/// The parsed command line.
struct Args {
    out: PathBuf,
    config: GenConfig,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = None;
    let mut config = GenConfig::default();
    let mut layout = generator::discord::Layout::default();
    let mut layout_given = false;
    while let Some(arg) = argv.next() {
        if arg == "-h" || arg == "--help" {
            let mut help = format!("{USAGE}\n\nspecial day files of --hostile:\n");
            for (kind, what) in SPECIAL_KINDS {
                help.push_str(&format!("  {kind:<22}{what}\n"));
            }
            return Err(help);
        }
        if arg == "--hostile" {
            config.hostile = true;
            continue;
        }
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (arg, None),
        };
        let Some(value) = inline.or_else(|| argv.next()) else {
            return Err(format!("{key} needs a value\n{USAGE}"));
        };
        let number = |v: &str| -> Result<usize, String> {
            v.parse()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| format!("{key} wants a positive integer, not {v:?}"))
        };
        match key.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--days" => config.days = number(&value)?,
            "--msgs-per-day" => config.msgs_per_day = number(&value)?,
            "--speakers" => config.speakers = number(&value)?,
            "--seed" => {
                config.seed = value
                    .parse()
                    .map_err(|_| format!("--seed wants an integer, not {value:?}"))?;
            }
            "--dates" => {
                config.dates = value
                    .split(',')
                    .map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d"))
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("--dates wants YYYY-MM-DD,..., not {value:?}"))?;
            }
            "--huge-line-bytes" => config.huge_line_bytes = number(&value)?,
            "--format" => {
                config.format = GenFormat::parse(&value).ok_or_else(|| {
                    format!(
                        "--format wants jekyll, slack, whatsapp, telegram, discord, messenger, instagram, line or irc, not {value:?}"
                    )
                })?;
            }
            "--channels" => {
                layout.channels = number(&value)?;
                layout_given = true;
            }
            "--part-size" => {
                layout.part_size = number(&value)?;
                layout_given = true;
            }
            "--start-date" => {
                config.start = NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                    .map_err(|_| format!("--start-date wants YYYY-MM-DD, not {value:?}"))?;
            }
            _ => return Err(format!("unknown argument {key:?}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if config.hostile && config.format != GenFormat::Jekyll {
        return Err("--hostile writes the reference format only".into());
    }
    match &mut config.format {
        GenFormat::Discord(l) => *l = layout,
        _ if layout_given => {
            return Err("--channels and --part-size are for --format discord".into());
        }
        _ => {}
    }
    if !config.dates.is_empty() {
        config.days = config.dates.len();
    }
    Ok(Args { out, config })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match write_archive_report(&args.config, &args.out) {
        Ok(written) => {
            for (file, kind) in &written.specials {
                eprintln!("special: {file} = {kind}");
            }
            if args.config.hostile {
                eprintln!(
                    "hostile: {} files in CRLF, {} with a byte-order mark",
                    written.crlf, written.bom
                );
            }
            let bytes = written.bytes;
            let messages = args.config.messages();
            let about = if args.config.hostile {
                " (before the damage)"
            } else {
                ""
            };
            let files = match args.config.format {
                GenFormat::WhatsApp => generator::whatsapp::chats(&args.config),
                _ => args.config.days,
            };
            println!(
                "wrote {files} files, {messages} messages{about}, {bytes} bytes ({:.1} bytes/message) to {} in {:.1}s",
                bytes as f64 / messages as f64,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing to {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

//! Writes a synthetic archive of WeChat-style day files, for benchmarks and
//! for trying the reader on something large.
//!
//! ```text
//! cargo run --release --example gen_archive -- --out DIR [--days N]
//!     [--msgs-per-day M] [--speakers K] [--seed S] [--start-date YYYY-MM-DD]
//! ```
//!
//! The same arguments give byte-identical files. The texture follows
//! `shared/tools/gen_archive.py` (normal mode); see `benches/support/gen.rs`.
//! The benchmark archive:
//!
//! ```text
//! cargo run --release --example gen_archive -- --out bench-data/large \
//!     --days 2000 --msgs-per-day 500 --speakers 500 --seed 1
//! ```

#[path = "../benches/support/gen.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;

use generator::{GenConfig, write_archive};

const USAGE: &str = "usage: gen_archive --out DIR [--days N] [--msgs-per-day M] [--speakers K] \
                     [--seed S] [--start-date YYYY-MM-DD]";

/// The parsed command line.
struct Args {
    out: PathBuf,
    config: GenConfig,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = None;
    let mut config = GenConfig::default();
    while let Some(arg) = argv.next() {
        if arg == "-h" || arg == "--help" {
            return Err(USAGE.to_owned());
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
            "--start-date" => {
                config.start = NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                    .map_err(|_| format!("--start-date wants YYYY-MM-DD, not {value:?}"))?;
            }
            _ => return Err(format!("unknown argument {key:?}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
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
    match write_archive(&args.config, &args.out) {
        Ok(bytes) => {
            let messages = args.config.messages();
            println!(
                "wrote {} files, {messages} messages, {bytes} bytes ({:.1} bytes/message) to {} in {:.1}s",
                args.config.days,
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

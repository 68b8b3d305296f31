//! The non-interactive subcommands. Each writes to any `impl Write`, so
//! tests capture output in a `Vec<u8>`; every string from the archive goes
//! through [`crate::text::sanitize`] on its way out.

pub mod check;
pub mod days;
pub mod export;
pub mod search;
pub mod show;
pub mod speakers;
pub mod stats;

use std::io::Write;
use std::path::PathBuf;

use crate::archive;
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::error::Result;
use crate::model::{Archive, Severity};

/// How a command ended, for the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status 0.
    Success,
    /// Exit status 1: nothing matched, or `check` found files it could not read.
    NotFound,
}

/// Loads the archive at `paths`, or the bundled sample when there are none.
pub fn open(paths: &[PathBuf]) -> Result<Archive> {
    if paths.is_empty() {
        Ok(archive::load_embedded())
    } else {
        archive::load(paths)
    }
}

/// Runs the command line's command, writing to `out` and warnings to `err`.
pub fn run(
    cli: &Cli,
    config: &Config,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "daybook", out);
            return Ok(Outcome::Success);
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            return Ok(Outcome::Success);
        }
        _ => {}
    }
    let paths = match &cli.command {
        None => &cli.paths,
        Some(Command::Days(a)) => &a.paths.paths,
        Some(Command::Show(a)) => &a.paths.paths,
        Some(Command::Search(a)) => &a.paths.paths,
        Some(Command::Speakers(a)) => &a.paths.paths,
        Some(Command::Stats(a)) => &a.paths.paths,
        Some(Command::Export(a)) => &a.paths.paths,
        Some(Command::Check(a)) => &a.paths,
        Some(Command::Completions { .. } | Command::Man) => unreachable!("handled above"),
    };
    if cli.command.is_none() && config.interactive {
        let settings = crate::settings::load(cli.config.as_deref(), config.color_interface)?;
        crate::tui::run(paths, &settings)?;
        return Ok(Outcome::Success);
    }
    if let Some(Command::Search(a)) = &cli.command {
        // A search reads the raw files and parses only what may match.
        return search::run_paths(paths, a, config, out, err);
    }
    let archive = open(paths)?;
    if !matches!(cli.command, Some(Command::Check(_))) {
        report_errors(&archive, err)?;
    }
    match &cli.command {
        None => days::run(&archive, false, out),
        Some(Command::Days(a)) => days::run(&archive, a.json, out),
        Some(Command::Show(a)) => show::run(&archive, a, config, out),
        Some(Command::Search(a)) => search::run(&archive, a, config, out),
        Some(Command::Speakers(a)) => speakers::run(&archive, a, out),
        Some(Command::Stats(a)) => stats::run(&archive, a, out),
        Some(Command::Export(a)) => export::run(&archive, a, out),
        Some(Command::Check(_)) => check::run(&archive, out, err),
        Some(Command::Completions { .. } | Command::Man) => Ok(Outcome::Success),
    }
}

/// One line on stderr when some files could not be read, so that a script
/// notices without the noise of every warning.
fn report_errors(archive: &Archive, err: &mut impl Write) -> Result<()> {
    let errors = archive
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        let files = if errors == 1 { "file" } else { "files" };
        writeln!(
            err,
            "daybook: {errors} {files} could not be read as days; `daybook check` lists them"
        )?;
    }
    Ok(())
}

/// `1 channel`, `2 channels`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// ANSI styling for stdout, a no-op when colours are off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    /// Writes `text` in the speaker's stable colour.
    pub fn speaker(self, out: &mut impl Write, name: &str, text: &str) -> std::io::Result<()> {
        if self.color {
            write!(out, "\x1b[1;38;5;{}m{text}\x1b[0m", speaker_ansi(name))
        } else {
            out.write_all(text.as_bytes())
        }
    }

    /// Writes `text` dimmed (times, dates, channel names).
    pub fn dim(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        self.sgr(out, "2", text)
    }

    /// Writes `text` as a search match.
    pub fn hit(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        self.sgr(out, "1;31", text)
    }

    /// Writes `text` bold.
    pub fn bold(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        self.sgr(out, "1", text)
    }

    fn sgr(self, out: &mut impl Write, code: &str, text: &str) -> std::io::Result<()> {
        if self.color {
            write!(out, "\x1b[{code}m{text}\x1b[0m")
        } else {
            out.write_all(text.as_bytes())
        }
    }
}

/// A stable xterm-256 colour for a speaker name, readable on dark and light
/// backgrounds (mid-lightness hues from the 6×6×6 cube).
pub fn speaker_ansi(name: &str) -> u8 {
    const PALETTE: [u8; 16] = [
        32, 33, 37, 38, 67, 68, 71, 72, 97, 98, 131, 133, 136, 166, 168, 172,
    ];
    PALETTE[(stable_hash(name) % PALETTE.len() as u64) as usize]
}

/// FNV-1a: stable across runs and platforms, unlike `DefaultHasher`.
pub fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A message in JSON output (`show --json`, `search --json`).
#[derive(Debug, serde::Serialize)]
pub struct MessageJson<'a> {
    pub date: String,
    pub channel: &'a str,
    pub time: String,
    pub speaker: &'a str,
    /// 1-based line of the message's header in its file.
    pub line: u32,
    pub body: &'a str,
    pub spans: Vec<SpanJson<'a>>,
    /// Byte ranges of `body` that matched the query (`search` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<[usize; 2]>>,
    /// Whether this message is context around a match rather than a match (`search --context`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub context: bool,
}

/// A span of a body in JSON output; offsets are bytes into `body`.
#[derive(Debug, serde::Serialize)]
pub struct SpanJson<'a> {
    pub kind: crate::model::SpanKind,
    pub start: u32,
    pub end: u32,
    pub target: &'a str,
}

impl<'a> MessageJson<'a> {
    pub fn new(
        archive: &'a Archive,
        day: &'a crate::model::Day,
        msg: &'a crate::model::Message,
    ) -> Self {
        let body = day.body(msg);
        MessageJson {
            date: day.date.to_string(),
            channel: archive.channel_name(day),
            time: msg.time.to_string(),
            speaker: archive.speakers.name(msg.speaker),
            line: msg.line,
            body,
            spans: day
                .spans(msg)
                .iter()
                .map(|s| SpanJson {
                    kind: s.kind,
                    start: s.range.start - msg.body.start,
                    end: s.range.end - msg.body.start,
                    target: &day.text[s.target.range()],
                })
                .collect(),
            matches: None,
            context: false,
        }
    }
}

//! The non-interactive subcommands. Each writes to any `impl Write`, so
//! tests capture output in a `Vec<u8>`; every string from the archive goes
//! through [`crate::text::sanitize`] on its way out.

pub mod check;
pub mod days;
pub mod export;
pub mod follow;
pub mod man;
pub mod search;
pub mod show;
pub mod speakers;
pub mod stats;

use std::io::Write;
use std::path::PathBuf;

use crate::archive::{self, require_archive};
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Archive, Severity};
use crate::present::plural;
use crate::settings::Colors;
use crate::speaker;
use ratatui::style::Color;

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
    open_with(paths, &archive::Options::default())
}

/// [`open`] with reading options (`--tz`, `--input-format`).
pub fn open_with(paths: &[PathBuf], options: &archive::Options) -> Result<Archive> {
    if paths.is_empty() {
        Ok(archive::load_embedded())
    } else {
        archive::load_with_options(paths, options, &archive::Progress::default())
    }
}

/// Runs the command line's command, writing to `out` and warnings to `err`.
///
/// The config file is read and checked first, whatever the command, so that
/// a broken file is always reported (with its file and line).
///
/// Made for the binary, which ends after it: the archive a command reads is
/// left to the system to take back, not freed.
pub fn run(
    cli: &Cli,
    config: &Config,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let config = &config.clone().with_settings(cli)?;
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "daybook", out);
            return Ok(Outcome::Success);
        }
        Some(Command::Man) => {
            man::render(out)?;
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
        Some(Command::Check(a)) => &a.paths.paths,
        Some(Command::Completions { .. } | Command::Man) => unreachable!("handled above"),
    };
    if cli.command.is_none() {
        mistyped_command(paths)?;
    }
    if cli.command.is_none() && crate::config::dumb_terminal() {
        writeln!(
            err,
            "daybook: TERM=dumb cannot show the full-screen reader; printing the day list instead"
        )?;
    }
    if cli.command.is_none() && config.interactive {
        let ui = crate::tui::Ui::from_settings(&config.settings, config.color_interface)?;
        crate::tui::run(paths, &ui, &config.load, cli.follow)?;
        return Ok(Outcome::Success);
    }
    if let Some(Command::Search(a)) = &cli.command {
        if a.follow {
            return follow::run(paths, a, config, out, err);
        }
        // A search reads the raw files and parses only what may match.
        return search::run_paths(paths, a, config, out, err);
    }
    // Never dropped: the binary ends right after the command, and the
    // system takes back the whole archive at once, where dropping it would
    // free every day's buffers one by one on the way out.
    let archive = std::mem::ManuallyDrop::new(open_with(paths, &config.load)?);
    if let Some(Command::Check(a)) = &cli.command {
        return check::run_with(&archive, paths, a.files, out, err);
    }
    require_archive(&archive, paths)?;
    report_errors(&archive, err)?;
    match &cli.command {
        None => days::run(&archive, false, out),
        Some(Command::Days(a)) => days::run(&archive, a.json, out),
        Some(Command::Show(a)) => show::run(&archive, a, config, out),
        Some(Command::Speakers(a)) => speakers::run(&archive, a, out),
        Some(Command::Stats(a)) => stats::run(&archive, a, out),
        Some(Command::Export(a)) => export::run(&archive, a, out),
        Some(
            Command::Search(_) | Command::Check(_) | Command::Completions { .. } | Command::Man,
        ) => unreachable!("handled above"),
    }
}

/// `daybook serach 支付`: a first path that does not exist and is spelled
/// almost like a command is a mistyped command, not a missing folder. (A
/// folder named like a command is read when written as a path: `./days`.)
fn mistyped_command(paths: &[PathBuf]) -> Result<()> {
    let Some(word) = paths.first().and_then(|p| p.to_str()) else {
        return Ok(());
    };
    if word.contains(['/', '\\', '.']) || std::fs::symlink_metadata(word).is_ok() {
        return Ok(());
    }
    let cmd = <Cli as clap::CommandFactory>::command();
    let best = cmd
        .get_subcommands()
        .map(clap::Command::get_name)
        .filter_map(|name| {
            let d = edit_distance(&word.to_lowercase(), name);
            let close = d <= if name.len() <= 4 { 1 } else { 2 }
                || (word.len() >= 3 && name.starts_with(word));
            close.then_some((d, name))
        })
        .min();
    match best {
        Some((_, name)) => Err(Error::Usage(format!(
            "{}: no such command, file or folder; did you mean '{name}'?",
            crate::text::sanitize_line(word)
        ))),
        None => Ok(()),
    }
}

/// Edits (insertions, deletions, substitutions and swaps of neighbours)
/// between `a` and `b`: the optimal string alignment distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// One line on stderr when some files could not be read, so that a script
/// notices without the noise of every warning.
pub(crate) fn report_errors(archive: &Archive, err: &mut impl Write) -> Result<()> {
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

/// ANSI styling for stdout, a no-op when colours are off; the config
/// file's `[colors]` (`timestamp`, `title`, `hit`, `speakers`) replace the
/// defaults.
#[derive(Debug, Clone, Copy)]
pub struct Paint<'a> {
    pub color: bool,
    pub colors: &'a Colors,
}

/// No colours from a config file.
static NO_COLORS: Colors = Colors {
    timestamp: None,
    title: None,
    month: None,
    channel: None,
    selection: None,
    hit: None,
    link: None,
    mention: None,
    emoji: None,
    image: None,
    gap: None,
    status: None,
    chip: None,
    key: None,
    notice: None,
    error: None,
    border: None,
    border_focused: None,
    fuzzy_match: None,
    speakers: None,
};

impl<'a> Paint<'a> {
    /// Colours as `config` says: `--color`, `NO_COLOR` and the config file.
    pub fn new(config: &'a Config) -> Paint<'a> {
        Paint {
            color: config.color,
            colors: &config.settings.colors,
        }
    }

    /// The default colours, or none.
    pub fn plain(color: bool) -> Paint<'static> {
        Paint {
            color,
            colors: &NO_COLORS,
        }
    }

    /// How many speaker colours there are: the config's `speakers` list,
    /// or [`speaker::PALETTE`]; 0 without colours (as the interface's theme
    /// counts them, so that both give a speaker the same slot).
    pub fn speaker_colours(self) -> usize {
        if !self.color {
            return 0;
        }
        self.speaker_list()
            .map_or(speaker::PALETTE.len(), <[_]>::len)
    }

    fn speaker_list(self) -> Option<&'a [crate::settings::ConfigColor]> {
        self.colors.speakers.as_deref().filter(|l| !l.is_empty())
    }

    /// Writes `text` in the speaker colour of a name outside the context of
    /// a day (search results): the slot the name hashes to.
    pub fn speaker(self, out: &mut impl Write, name: &str, text: &str) -> std::io::Result<()> {
        let slot = speaker::preferred_slot(name, self.speaker_colours());
        self.speaker_slot(out, slot, text)
    }

    /// Writes `text` bold in speaker colour `slot` (see
    /// [`speaker::DaySlots`]): of the config's `speakers` list when it has
    /// one, else of [`speaker::PALETTE`].
    pub fn speaker_slot(
        self,
        out: &mut impl Write,
        slot: usize,
        text: &str,
    ) -> std::io::Result<()> {
        if !self.color {
            return out.write_all(text.as_bytes());
        }
        let colour = match self.speaker_list() {
            Some(list) => list[slot % list.len()].0,
            None => Color::Indexed(speaker::PALETTE[slot % speaker::PALETTE.len()]),
        };
        self.sgr(out, &format!("1;{}", sgr_color(colour, false)), text)
    }

    /// Writes `text` dimmed (times, dates, channel names), or in the
    /// config's `timestamp` colour.
    pub fn dim(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        match self.colors.timestamp {
            Some(c) => self.sgr(out, &sgr_color(c.0, false), text),
            None => self.sgr(out, "2", text),
        }
    }

    /// Writes `text` as a search match: bold red, or black on the config's
    /// `hit` colour.
    pub fn hit(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        match self.colors.hit {
            Some(c) => self.sgr(out, &format!("1;30;{}", sgr_color(c.0, true)), text),
            None => self.sgr(out, "1;31", text),
        }
    }

    /// Writes `text` bold (titles), in the config's `title` colour if set.
    pub fn bold(self, out: &mut impl Write, text: &str) -> std::io::Result<()> {
        match self.colors.title {
            Some(c) => self.sgr(out, &format!("1;{}", sgr_color(c.0, false)), text),
            None => self.sgr(out, "1", text),
        }
    }

    fn sgr(self, out: &mut impl Write, code: &str, text: &str) -> std::io::Result<()> {
        if self.color {
            write!(out, "\x1b[{code}m{text}\x1b[0m")
        } else {
            out.write_all(text.as_bytes())
        }
    }
}

/// The SGR parameters that set `color` as the foreground (or background).
fn sgr_color(color: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let named = |n: u8| (base + n).to_string();
    let bright = |n: u8| (base + 60 + n).to_string();
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

pub use crate::speaker::stable_hash;

/// A message in JSON output (`show --json`, `search --json`, `export`).
#[derive(Debug, serde::Serialize)]
pub struct MessageJson<'a> {
    pub date: String,
    pub channel: &'a str,
    pub time: String,
    pub speaker: &'a str,
    /// 1-based line of the message's header in its file.
    pub line: u32,
    /// `system` or `action`; absent for a plain message.
    #[serde(skip_serializing_if = "is_plain")]
    pub kind: crate::model::MessageKind,
    pub body: &'a str,
    pub spans: Vec<SpanJson<'a>>,
    /// Links, files, photos, red packets … sent with the message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentJson<'a>>,
    /// The message's id in its source (Telegram's `id`), when it kept one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// The message it replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<ReplyJson<'a>>,
    /// Whether it was forwarded.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forwarded: bool,
    /// Whom it was forwarded from, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_from: Option<&'a str>,
    /// Whether it was edited after it was sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<ReactionJson<'a>>,
    /// Bold, italic, struck-out and code parts of `body` (byte offsets).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub styles: Vec<StyleJson>,
    /// Byte ranges of `body` that matched the query (`search` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<[usize; 2]>>,
    /// Occurrences not listed in `matches`: a term occurs more than
    /// [`crate::query::MAX_HIGHLIGHTS`] times in the body (`search` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_matches: Option<usize>,
    /// Whether this message is context around a match rather than a match (`search --context`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub context: bool,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_plain(kind: &crate::model::MessageKind) -> bool {
    *kind == crate::model::MessageKind::Message
}

/// A span of a body in JSON output; offsets are bytes into `body`.
#[derive(Debug, serde::Serialize)]
pub struct SpanJson<'a> {
    pub kind: crate::model::SpanKind,
    pub start: u32,
    pub end: u32,
    pub target: &'a str,
}

/// An attachment in JSON output: its kind (`link-card`, `file`, `image`,
/// `red-packet` …), its name or title, its full target (a URL or a path
/// relative to the export; empty when there is none) and its size in bytes
/// when known.
#[derive(Debug, serde::Serialize)]
pub struct AttachmentJson<'a> {
    pub kind: crate::model::AttachmentKind,
    pub name: &'a str,
    pub target: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Byte ranges of `name` that matched the query (`search` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<[usize; 2]>>,
}

/// What a message replies to, in JSON output.
#[derive(Debug, serde::Serialize)]
pub struct ReplyJson<'a> {
    /// The parent's id in the source.
    pub id: &'a str,
    /// Whether the parent is in the archive; when it is, where and what.
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<&'a str>,
    /// The parent's first line, as the quote shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// A reaction in JSON output.
#[derive(Debug, serde::Serialize)]
pub struct ReactionJson<'a> {
    pub emoji: &'a str,
    pub count: u32,
}

/// A style span in JSON output; offsets are bytes into `body`.
#[derive(Debug, serde::Serialize)]
pub struct StyleJson {
    pub style: crate::model::Style,
    pub start: u32,
    pub end: u32,
}

impl<'a> ReplyJson<'a> {
    fn new(archive: &'a Archive, day: &'a crate::model::Day, index: usize) -> Option<Self> {
        let extra = day.extra(index)?;
        if extra.reply_to.is_empty() {
            return None;
        }
        let id = day.str(extra.reply_to);
        let parent = extra.reply.and_then(|r| {
            let (pday, pm) = archive.message_at(r)?;
            Some((pday, pm, r.message as usize))
        });
        Some(match parent {
            Some((pday, pm, pi)) => ReplyJson {
                id,
                found: true,
                date: Some(pday.date.to_string()),
                time: Some(pm.time.to_string()),
                speaker: Some(archive.speakers.name(pm.speaker)),
                excerpt: Some(crate::present::rare::excerpt(pday, pi)),
            },
            None => ReplyJson {
                id,
                found: false,
                date: None,
                time: None,
                speaker: None,
                excerpt: None,
            },
        })
    }
}

impl<'a> MessageJson<'a> {
    pub fn new(
        archive: &'a Archive,
        day: &'a crate::model::Day,
        msg: &'a crate::model::Message,
    ) -> Self {
        let body = day.body(msg);
        let index = day.index_of(msg);
        let attachments = index
            .map(|i| day.attachments(i))
            .unwrap_or_default()
            .iter()
            .map(|a| AttachmentJson {
                kind: a.kind,
                name: day.str(a.name),
                target: day.str(a.target),
                size: a.size,
                matches: None,
            })
            .collect();
        let flags = msg.flags;
        let base = msg.body.start;
        MessageJson {
            date: day.date.to_string(),
            channel: archive.channel_name(day),
            time: msg.time.to_string(),
            speaker: archive.speakers.name(msg.speaker),
            line: msg.line,
            kind: msg.kind,
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
            attachments,
            id: index.and_then(|i| day.source_id(i)),
            reply_to: index.and_then(|i| ReplyJson::new(archive, day, i)),
            forwarded: flags.has(crate::model::Flags::FORWARDED),
            forwarded_from: index
                .and_then(|i| day.forwarded_from(i))
                .filter(|f| !f.is_empty()),
            edited: flags.has(crate::model::Flags::EDITED),
            reactions: index
                .map(|i| day.reactions(i))
                .unwrap_or_default()
                .iter()
                .map(|r| ReactionJson {
                    emoji: day.str(r.emoji),
                    count: r.count,
                })
                .collect(),
            styles: index
                .map(|i| day.styles(i))
                .unwrap_or_default()
                .iter()
                .filter(|s| s.range.start >= base && s.range.end <= msg.body.end)
                .map(|s| StyleJson {
                    style: s.style,
                    start: s.range.start - base,
                    end: s.range.end - base,
                })
                .collect(),
            matches: None,
            more_matches: None,
            context: false,
        }
    }

    /// Sets the matches from `ranges` into the search text of `msg`
    /// ([`crate::model::Day::search_text`]): those in the body go to
    /// `matches`, those in an attachment's title to that attachment's, as
    /// byte ranges into its `name` (an attachment whose title is not its
    /// name, but its target, gets none).
    pub fn set_matches(
        &mut self,
        day: &crate::model::Day,
        msg: &crate::model::Message,
        ranges: &[std::ops::Range<usize>],
    ) {
        let pick = |from: usize, len: usize| -> Vec<[usize; 2]> {
            ranges
                .iter()
                .filter(|r| r.start < from + len && r.end > from)
                .map(|r| [r.start.max(from) - from, r.end.min(from + len) - from])
                .collect()
        };
        self.matches = Some(pick(0, self.body.len()));
        let Some(index) = day.index_of(msg) else {
            return;
        };
        let mut at = self.body.len();
        for (json, card) in self.attachments.iter_mut().zip(day.cards(index)) {
            at += 1;
            let name = json.name;
            let within = (card.title.as_ptr() as usize).checked_sub(name.as_ptr() as usize);
            if let Some(skip) = within.filter(|&k| k + card.title.len() <= name.len()) {
                if !card.title.is_empty() {
                    json.matches = Some(
                        pick(at, card.title.len())
                            .into_iter()
                            .map(|[s, e]| [s + skip, e + skip])
                            .collect(),
                    );
                }
            }
            at += card.title.len();
        }
    }
}

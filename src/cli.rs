//! The command line, as clap sees it. [`crate::config`] resolves it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A terminal reader for chat-log archives.
///
/// With no command, opens the archive at PATH (or the bundled sample) in the
/// interactive reader. The commands print to stdout for scripts and pipes.
#[derive(Debug, Parser)]
#[command(name = "daybook", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  daybook                       read the bundled sample archive\n  daybook ~/chats               read an archive folder\n  daybook ./days                read a folder named like a command\n  daybook search '二维码 from:Ark' ~/chats\n  daybook show 2018-01-22\n\nExit status: 0 on success, 1 when search matched nothing or check found unreadable files, 2 on an error.\n\nRun `daybook COMMAND --help` for each command's options, `daybook man` for the manual."
)]
pub struct Cli {
    /// When to use colours: auto (when stdout is a terminal and NO_COLOR is unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// The config file (default: the platform's config folder, e.g. `~/.config/daybook/config.toml`; or `DAYBOOK_CONFIG`).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Show times that carry a zone (Telegram, Slack, ISO offsets) in ZONE, and start days at its midnight: `local` (default), an IANA name such as `Europe/Paris`, or an offset such as `+08:00`. Overrides `tz` in the config file.
    #[arg(long, value_name = "ZONE", global = true, value_parser = parse_zone)]
    pub tz: Option<crate::model::Zone>,

    /// Read every file as this format instead of detecting each one's (`daybook check --files` shows what each file was read as).
    #[arg(long = "input-format", value_name = "NAME", global = true, value_parser = parse_input_format)]
    pub input_format: Option<String>,

    /// Archive files, folders or zips (folders are read recursively). Default: the bundled sample.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Follow the archive as it is written, as `less +F` does: new files, files that grow and files rewritten appear without a restart (`F` in the reader does the same later).
    #[arg(long)]
    pub follow: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--tz`: `local`, an IANA name or an offset.
fn parse_zone(s: &str) -> Result<crate::model::Zone, String> {
    crate::model::Zone::parse(s)
}

/// `--input-format`: the name of a format daybook reads.
fn parse_input_format(s: &str) -> Result<String, String> {
    match crate::archive::formats::by_name(s) {
        Some(f) => Ok(f.name().to_owned()),
        None => Err(format!(
            "unknown format {s:?}; daybook reads: {}",
            crate::archive::formats::names().join(", ")
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the days: date, weekday, channel, messages, speakers.
    #[command(
        after_help = "Examples:\n  daybook days ~/chats\n  daybook days ~/chats --json | jq '.[] | select(.messages > 300)'"
    )]
    Days(DaysArgs),
    /// Print one day's messages, wrapped to the terminal width.
    #[command(
        after_help = "Examples:\n  daybook show 2018-01-22\n  daybook show 2018-01-22 ~/chats --channel proddev --width 100 | less -R"
    )]
    Show(ShowArgs),
    /// Print the messages that match a query.
    #[command(after_help = QUERY_HELP)]
    Search(SearchArgs),
    /// List speakers with message counts and first and last day.
    #[command(
        after_help = "Examples:\n  daybook speakers ~/chats\n  daybook speakers ~/chats --fuzzy lin"
    )]
    Speakers(SpeakersArgs),
    /// Totals (and each app's), top speakers, busiest days and messages by hour of day.
    #[command(after_help = "Examples:\n  daybook stats ~/chats\n  daybook stats ~/chats --json")]
    Stats(StatsArgs),
    /// Write the messages that match a query as JSON, JSON lines, CSV, Markdown or HTML.
    #[command(
        after_help = "Examples:\n  daybook export 'from:Ark on:2018' ~/chats --format csv -o ark-2018.csv\n  daybook export '' ~/chats --format html -o archive.html\n  daybook export 二维码 --format jsonl | jq .body"
    )]
    Export(ExportArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  daybook completions bash > ~/.local/share/bash-completion/completions/daybook\n  daybook completions zsh > ~/.zfunc/_daybook\n  daybook completions fish > ~/.config/fish/completions/daybook.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Examples:\n  daybook man > daybook.1 && man ./daybook.1")]
    Man,
    /// Report every problem found while reading the archive, as `file:line: reason`.
    #[command(
        after_help = "Exit status: 0 when every day file was read, 1 when some file could not be read as a day.\n\nExamples:\n  daybook check ~/chats\n  daybook check ~/chats | grep -v note:"
    )]
    Check(CheckArgs),
}

/// The items of the query language and what each matches, for the manual
/// page (`QUERY_HELP` says the same for `--help`).
pub const QUERY_ITEMS: &[(&str, &str)] = &[
    (
        "word  \"a phrase\"",
        "the text contains it: the body and the titles of its attachments (link cards, file names), never the link targets behind them (smart case: an uppercase letter makes it case-sensitive)",
    ),
    ("-word  -\"a phrase\"", "the text does not contain it"),
    (
        "~word",
        "the text fuzzy-matches it (the letters in order, as in fzf)",
    ),
    (
        "from:NAME  from:\"a name\"",
        "by that speaker: exactly NAME (ignoring case), else every speaker whose name fuzzy-matches it; several from: are ORed; -from: excludes",
    ),
    (
        "in:CHANNEL  in:APP  in:APP/CHANNEL",
        "in a channel whose name contains CHANNEL (ignoring case), in every channel of an app (in:whatsapp: the app's whole name, ignoring case), or in that app's channels whose name contains CHANNEL (in:slack/general); several are ORed; -in: excludes",
    ),
    (
        "on:DATE",
        "on that year, month or day (2018, 2018-01, 2018-01-22); several are ORed",
    ),
    (
        "after:DATE  before:DATE",
        "strictly after the end of, or before the start of, that period",
    ),
    (
        "has:image  has:link  has:mention  has:emoji",
        "holds one in its body or attachments (has:photo is has:image; has:link counts only links that lead somewhere); -has: excludes",
    ),
    (
        "has:attachment  has:file  has:video  has:audio  has:voice  has:sticker  has:redpacket  has:location  has:contact  has:poll",
        "has an attachment (of that kind); has:audio includes voice messages; -has: excludes",
    ),
    (
        "is:system  is:action  is:message",
        "is a system message (a notice, a join, a placeholder for content not in the export), an action, or a plain message; several are ORed; -is: excludes",
    ),
];

const QUERY_HELP: &str = "\
Query language (items are ANDed):
  word  \"a phrase\"     the text contains it: body and attachment titles, not link targets
                      (smart case: an uppercase letter makes it case-sensitive)
  -word               the text does not contain it
  ~word               fuzzy match of the text
  from:NAME           speaker (fuzzy; exact name wins; several from: are ORed; quote names with spaces)
  in:CHANNEL          channel name contains CHANNEL; in:whatsapp  every channel of an app;
                      in:slack/general  that app's channels named so
  on:2018-01  after:2018  before:2018-01-22    dates, partial dates allowed
  has:image  has:link  has:mention  has:emoji  has:attachment  has:file  has:redpacket …
  is:system  is:action  is:message

A query that starts with '-' is still the query: daybook search '-测试 网联' ~/chats

Exit status: 0 when something matched, 1 when nothing did, 2 on error.

Examples:
  daybook search 二维码 ~/chats
  daybook search 'from:Ark on:2018-01 has:image' ~/chats
  daybook search '\"网联 清算\" -测试' ~/chats --context 2
  daybook search '~ping' ~/chats --count";

/// Paths shared by every command.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Archive files, folders or zips (folders are read recursively). Default: the bundled sample.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub paths: PathArgs,
    /// Also list every file read, with the format it was read as and the days and messages it gave.
    #[arg(long)]
    pub files: bool,
}

#[derive(Debug, Args)]
pub struct DaysArgs {
    #[command(flatten)]
    pub paths: PathArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The day, as YYYY-MM-DD.
    pub date: String,
    #[command(flatten)]
    pub paths: PathArgs,
    /// Fit every line in this many columns, 20 or more (default: the terminal's width, or 80).
    #[arg(long, value_name = "N", value_parser = parse_width)]
    pub width: Option<usize>,
    /// The channel to show when several have this day (a part of its name is enough).
    #[arg(long, value_name = "NAME")]
    pub channel: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see below).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    #[command(flatten)]
    pub paths: PathArgs,
    /// Print only the number of matching messages.
    #[arg(long, short = 'c')]
    pub count: bool,
    /// Also print N messages before and after each match, from the same day.
    #[arg(long, short = 'C', value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Print JSON lines (one object per message) instead of text.
    #[arg(long)]
    pub json: bool,
    /// After the matches already there, keep printing new matching messages as they are written, like `tail -f | grep`, until interrupted (Ctrl-C) or the output is closed.
    #[arg(long, short = 'f', conflicts_with = "count")]
    pub follow: bool,
}

/// Formats of `daybook export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The query (see `daybook search --help`); '' exports every message.
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    #[command(flatten)]
    pub paths: PathArgs,
    /// The output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write to FILE instead of stdout (never inside the archive, never a file of it).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV: keep fields that start with = + - @ as they are, for programs; by
    /// default they get a leading ' so that spreadsheets never run them as formulas.
    #[arg(long)]
    pub csv_raw: bool,
}

#[derive(Debug, Args)]
pub struct SpeakersArgs {
    #[command(flatten)]
    pub paths: PathArgs,
    /// Rank speakers by fuzzy match against Q instead of by message count.
    #[arg(long, value_name = "Q")]
    pub fuzzy: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub paths: PathArgs,
    /// How many top speakers and busiest days to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The narrowest `show --width`: a time, two spaces and ten columns of text.
pub const MIN_WIDTH: usize = 20;

/// `--width N`: a number of columns, at least [`MIN_WIDTH`].
fn parse_width(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of columns"))?;
    if n < MIN_WIDTH {
        return Err(format!(
            "{n} columns is too narrow; {MIN_WIDTH} is the least"
        ));
    }
    Ok(n)
}

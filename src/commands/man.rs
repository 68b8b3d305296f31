//! `daybook man`: the manual page, in roff.
//!
//! The synopsis, options and commands come from the clap definition
//! (`clap_mangen`), the keys from the embedded keymap and the query items
//! from [`crate::cli::QUERY_ITEMS`], so none of them can drift from the
//! program; the sections clap knows nothing of (the query language, keys,
//! files, environment and exit status) are added here.

use std::io::Write;

use crate::cli::{Cli, QUERY_ITEMS};
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Mode};

/// Writes the whole page.
pub fn render(out: &mut impl Write) -> std::io::Result<()> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    query_section(out)?;
    keys_section(out)?;
    exit_status_section(out)?;
    environment_section(out)?;
    files_section(out)?;
    examples_section(out)?;
    man.render_version_section(out)
}

/// `s` as roff text: backslashes and hyphens escaped, characters beyond
/// ASCII as `\[uXXXX]` (so that groff reads them without a preprocessor),
/// and a line that would start with `.` or `'` (a request) guarded.
fn roff(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => escaped.push_str("\\e"),
            '-' => escaped.push_str("\\-"),
            c if c.is_ascii() => escaped.push(c),
            c => escaped.push_str(&format!("\\[u{:04X}]", u32::from(c))),
        }
    }
    escaped
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tagged paragraph: `tag` in bold, then `text` indented under it.
fn item(out: &mut impl Write, tag: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(tag), roff(text))
}

fn section(out: &mut impl Write, name: &str, intro: &str) -> std::io::Result<()> {
    writeln!(out, ".SH \"{name}\"")?;
    if !intro.is_empty() {
        writeln!(out, "{}", roff(intro))?;
    }
    Ok(())
}

fn query_section(out: &mut impl Write) -> std::io::Result<()> {
    section(
        out,
        "QUERY LANGUAGE",
        "Used by search, export and the interface's / prompt, so that they always agree. \
         Items are separated by spaces and all must hold. Qualifier names are \
         case-insensitive; a word with a colon that is not a qualifier (http://..., 12:30) \
         is an ordinary word, but an unknown qualifier (foo:bar) is an error that points \
         at the bad part. A query that starts with - is still a query: \
         daybook search '-has:image on:2018-01-22'.",
    )?;
    for (syntax, meaning) in QUERY_ITEMS {
        item(out, syntax, meaning)?;
    }
    Ok(())
}

fn keys_section(out: &mut impl Write) -> std::io::Result<()> {
    section(
        out,
        "KEYS",
        "The interface's default bindings (assets/keymap.toml, embedded in the binary); \
         ? shows them, and the config file's [keys.MODE] tables change them. The action \
         names, for the config file: ",
    )?;
    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
    writeln!(out, "{}.", roff(&names.join(", ")))?;
    let map = Keymap::default_map();
    for (mode, title) in [
        (Mode::Normal, "Reading"),
        (Mode::Prompt, "In a prompt (/ and :)"),
        (Mode::Picker, "In the speaker picker"),
        (Mode::List, "In a list (bookmarks)"),
        (Mode::Help, "In the help screen"),
    ] {
        writeln!(out, ".SS \"{}\"", roff(title))?;
        let mut seen: Vec<Action> = Vec::new();
        for &(_, action) in map.bindings(mode) {
            if seen.contains(&action) {
                continue;
            }
            seen.push(action);
            let keys = map
                .keys(mode, action)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("  ");
            item(
                out,
                &keys,
                &format!("{} ({})", action.help(), action.name()),
            )?;
        }
    }
    Ok(())
}

fn exit_status_section(out: &mut impl Write) -> std::io::Result<()> {
    section(
        out,
        "EXIT STATUS",
        "As with grep and ripgrep: 0 is success and 1 an answer of no, 2 is an error.",
    )?;
    item(
        out,
        "0",
        "Success; search found at least one message; check found no file it could not read. \
         Files that could not be read as days are reported on stderr (one line) and do not \
         change the status of the other commands: what could be read is printed.",
    )?;
    item(
        out,
        "1",
        "search matched nothing, or check found a file that could not be read as a day.",
    )?;
    item(
        out,
        "2",
        "An error, one line on stderr: a bad argument or query, a missing path, input that \
         holds no day file at all (an empty folder, a README), a date not in the archive, \
         a bad config file (with its file and line), or output that could not be written.",
    )?;
    writeln!(
        out,
        ".PP\n{}",
        roff("A closed pipe (daybook search x | head) ends quietly with status 0.")
    )
}

fn environment_section(out: &mut impl Write) -> std::io::Result<()> {
    section(out, "ENVIRONMENT", "")?;
    item(
        out,
        "DAYBOOK_CONFIG",
        "The config file to read, when --config is not given; it must exist.",
    )?;
    item(
        out,
        "DAYBOOK_STATE",
        "The state file (bookmarks, the last day read) to use instead of the default.",
    )?;
    item(
        out,
        "NO_COLOR",
        "When set and not empty, no colours (unless --color always; the interface keeps \
         only bold, reverse and underline).",
    )?;
    item(
        out,
        "XDG_CONFIG_HOME, XDG_STATE_HOME, HOME",
        "Where the default config and state files are looked for (see FILES).",
    )?;
    item(
        out,
        "TMUX",
        "Inside tmux, copying (y, Y) also sends the OSC 52 sequence through tmux's passthrough.",
    )?;
    item(
        out,
        "RAYON_NUM_THREADS",
        "How many threads read an archive (default: one per core).",
    )
}

fn files_section(out: &mut impl Write) -> std::io::Result<()> {
    section(out, "FILES", "")?;
    item(
        out,
        "~/.config/daybook/config.toml",
        "The config file on Linux ($XDG_CONFIG_HOME/daybook/config.toml; the platform's \
         config folder elsewhere); --config FILE or DAYBOOK_CONFIG name another. Optional, \
         TOML: theme (dark, light or custom with base), [colors] (timestamp, title, hit, \
         link, mention, emoji, speakers = [...], ... as names, #rrggbb or 0-255), \
         [keys.normal], [keys.prompt], [keys.picker], [keys.list], [keys.help] (key = \
         \"action\"), emoji (code or unicode), time_format (\"%H:%M\"), group_minutes and \
         gap_minutes. Unknown keys are refused; a bad file is an error naming the file and \
         line for every command. The commands use time_format, emoji, group_minutes and \
         the colours timestamp, title, hit and speakers; the interface uses all of it.",
    )?;
    item(
        out,
        "~/.local/state/daybook/state.json",
        "The state file on Linux ($XDG_STATE_HOME/daybook/state.json); DAYBOOK_STATE names \
         another. The interface keeps each archive's bookmarks and the last day read here, \
         written atomically (a temporary file, then a rename).",
    )
}

fn examples_section(out: &mut impl Write) -> std::io::Result<()> {
    section(out, "EXAMPLES", "")?;
    for (cmd, what) in [
        ("daybook", "read the bundled sample archive"),
        ("daybook ~/chats", "read an archive folder in the interface"),
        (
            "daybook ./days",
            "read a folder named like a command (days, show, ...)",
        ),
        (
            "daybook search 'from:Ark on:2018-01 has:image' ~/chats",
            "search with qualifiers",
        ),
        (
            "daybook show 2018-01-22 ~/chats --width 100 | less -R",
            "one day, wrapped to 100 columns",
        ),
        (
            "daybook --config ~/daybook-light.toml show 2018-01-22",
            "another config file",
        ),
        (
            "daybook check ~/chats",
            "every problem found while reading, as file:line: reason",
        ),
    ] {
        item(out, cmd, what)?;
    }
    Ok(())
}

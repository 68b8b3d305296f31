//! What the command line resolves to, before any work is done.

use std::io::IsTerminal;

use crate::cli::{Cli, ColorChoice};
use crate::settings::Settings;

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Config {
    /// Whether to write ANSI colours to stdout.
    pub color: bool,
    /// The terminal's width when stdout is a terminal.
    pub terminal_width: Option<usize>,
    /// Whether stdin and stdout are terminals that can show the interface
    /// (not `TERM=dumb`, see [`dumb_terminal`]).
    pub interactive: bool,
    /// Whether the interface may use colours (`NO_COLOR` and `--color never` say no).
    pub color_interface: bool,
    /// The config file's settings; the defaults until [`Config::with_settings`].
    pub settings: Settings,
    /// How to read the archive: `--tz` (else the config file's `tz`, once
    /// read by [`Config::with_settings`]) and `--input-format`.
    pub load: crate::archive::Options,
}

impl Config {
    /// Resolves the flags against the environment (`NO_COLOR`, whether stdout is a terminal).
    pub fn from_cli(cli: &Cli) -> Self {
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let terminal_width = if tty {
            crossterm::terminal::size()
                .ok()
                .map(|(w, _)| usize::from(w))
        } else {
            None
        };
        let color = resolve_color(cli.color, tty, no_color);
        let interface_color = match cli.color {
            ColorChoice::Never => false,
            ColorChoice::Always => true,
            ColorChoice::Auto => !no_color,
        };
        let terminals = tty && std::io::stdin().is_terminal();
        Config {
            color,
            terminal_width,
            interactive: terminals && !is_dumb(std::env::var_os("TERM").as_deref()),
            color_interface: interface_color,
            settings: Settings::default(),
            load: load_options(cli),
        }
    }

    /// This configuration with the config file read (`--config`,
    /// `DAYBOOK_CONFIG` or the platform default) and checked, the interface's
    /// key bindings included: a bad file is an error naming the file and
    /// line, whatever the command.
    pub fn with_settings(mut self, cli: &Cli) -> crate::error::Result<Config> {
        self.settings = crate::settings::load(cli.config.as_deref())?;
        if cli.tz.is_none() {
            self.load.zone = self.settings.tz.unwrap_or_default();
        }
        crate::tui::Ui::from_settings(&self.settings, self.color_interface)?;
        Ok(self)
    }
}

/// The reading options the command line gives.
pub fn load_options(cli: &Cli) -> crate::archive::Options {
    crate::archive::Options {
        zone: cli.tz.unwrap_or_default(),
        format: cli
            .input_format
            .as_deref()
            .and_then(crate::archive::formats::by_name),
    }
}

/// Whether stdin and stdout are terminals but `TERM=dumb` says they cannot
/// draw a full screen: the day list is printed instead, with a note.
pub fn dumb_terminal() -> bool {
    std::io::stdout().is_terminal()
        && std::io::stdin().is_terminal()
        && is_dumb(std::env::var_os("TERM").as_deref())
}

/// Whether `TERM` names a terminal that cannot draw a full screen
/// (`dumb`, as Emacs' shell buffers set it).
pub fn is_dumb(term: Option<&std::ffi::OsStr>) -> bool {
    term.is_some_and(|t| t == "dumb")
}

/// `--color` against whether stdout is a terminal and whether `NO_COLOR` is set.
pub fn resolve_color(choice: ColorChoice, tty: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_follows_flag_tty_and_no_color() {
        assert!(resolve_color(ColorChoice::Always, false, true));
        assert!(!resolve_color(ColorChoice::Never, true, false));
        assert!(resolve_color(ColorChoice::Auto, true, false));
        assert!(!resolve_color(ColorChoice::Auto, true, true));
        assert!(!resolve_color(ColorChoice::Auto, false, false));
    }

    #[test]
    fn term_dumb_cannot_draw_a_full_screen() {
        use std::ffi::OsStr;
        assert!(is_dumb(Some(OsStr::new("dumb"))));
        assert!(!is_dumb(Some(OsStr::new("xterm-256color"))));
        assert!(!is_dumb(None));
    }
}

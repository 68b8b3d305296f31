//! The optional configuration file (`~/.config/daybook/config.toml` on
//! Linux; `--config PATH` or `DAYBOOK_CONFIG` override). A bad file is an
//! error naming the file, the line and the key, never a silent fallback.

use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::tui::keymap::Keymap;
use crate::tui::theme::{Colors, Theme, Variant};

/// A complete, commented example, also shipped as assets/config.example.toml.
pub const EXAMPLE: &str = include_str!("../assets/config.example.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Dark,
    Light,
    Custom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EmojiMode {
    /// Show WeChat codes such as `[强]` as written.
    #[default]
    Code,
    /// Show them as Unicode emoji where one fits.
    Unicode,
}

/// The file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub theme: Option<ThemeName>,
    /// For `theme = "custom"`: `dark` or `light`, the theme the colours go on top of.
    pub base: Option<ThemeName>,
    pub colors: Option<Colors>,
    /// `[keys.normal]`, `[keys.prompt]`, `[keys.picker]`, `[keys.help]`: bindings on top of the defaults.
    pub keys: Option<toml::Table>,
    pub emoji: Option<EmojiMode>,
    /// A chrono format for message times, such as `%H:%M`.
    pub time_format: Option<String>,
    /// Consecutive messages of one speaker within this many minutes show the name once.
    pub group_minutes: Option<u32>,
    /// A pause of at least this many minutes gets a separator row.
    pub gap_minutes: Option<u32>,
}

/// Settings of the interface after the file and the defaults are combined.
#[derive(Debug, Clone)]
pub struct Settings {
    pub theme: Theme,
    pub keymap: Keymap,
    pub emoji: EmojiMode,
    pub time_format: Option<String>,
    pub group_secs: u32,
    pub gap_secs: u32,
}

impl Settings {
    /// The defaults, with colours or not.
    pub fn defaults(color: bool) -> Settings {
        Settings {
            theme: Theme::new(if color { Variant::Dark } else { Variant::Mono }),
            keymap: Keymap::default_map(),
            emoji: EmojiMode::Code,
            time_format: None,
            group_secs: 5 * 60,
            gap_secs: 60 * 60,
        }
    }

    /// Applies a parsed file on top of the defaults. `color` false (NO_COLOR,
    /// `--color never`) wins over any theme.
    pub fn from_file(file: &File, color: bool, path: &Path) -> Result<Settings> {
        let mut s = Settings::defaults(color);
        let bad = |msg: String| Error::Config {
            path: path.to_path_buf(),
            line: 0,
            message: msg,
        };
        if color {
            let variant = |t: Option<ThemeName>| match t {
                Some(ThemeName::Light) => Variant::Light,
                _ => Variant::Dark,
            };
            s.theme = match file.theme {
                Some(ThemeName::Custom) => Theme::custom(
                    variant(file.base),
                    file.colors.as_ref().unwrap_or(&Colors::default()),
                ),
                t => Theme::custom(
                    variant(t),
                    file.colors.as_ref().unwrap_or(&Colors::default()),
                ),
            };
        }
        if let Some(keys) = &file.keys {
            let text = toml::to_string(keys).map_err(|e| bad(e.to_string()))?;
            s.keymap = Keymap::default_map()
                .with_overrides(&text)
                .map_err(|e| bad(format!("in [keys]: {e}")))?;
        }
        s.emoji = file.emoji.unwrap_or_default();
        if let Some(f) = &file.time_format {
            check_time_format(f).map_err(|e| bad(format!("time_format: {e}")))?;
            s.time_format = Some(f.clone());
        }
        if let Some(m) = file.group_minutes {
            s.group_secs = m.saturating_mul(60);
        }
        if let Some(m) = file.gap_minutes {
            s.gap_secs = m.max(1).saturating_mul(60);
        }
        Ok(s)
    }
}

/// Whether `f` formats a time without error, and only with time fields.
fn check_time_format(f: &str) -> std::result::Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    for item in StrftimeItems::new(f) {
        if let Item::Error = item {
            return Err(format!("{f:?} is not a valid format (try \"%H:%M\")"));
        }
    }
    Ok(())
}

/// Which file to read: `--config`, else `DAYBOOK_CONFIG`, else the platform
/// default. `explicit` is whether the user named it (then it must exist).
pub fn locate(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("DAYBOOK_CONFIG").filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    dirs::config_dir().map(|d| (d.join("daybook").join("config.toml"), false))
}

/// Reads and checks the config file; a missing default file means defaults.
pub fn load(flag: Option<&Path>, color: bool) -> Result<Settings> {
    let Some((path, explicit)) = locate(flag) else {
        return Ok(Settings::defaults(color));
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(Settings::defaults(color));
        }
        Err(e) => return Err(Error::Io { path, source: e }),
    };
    let file = parse(&text, &path)?;
    Settings::from_file(&file, color, &path)
}

/// Parses config text; errors carry the 1-based line of the bad key.
pub fn parse(text: &str, path: &Path) -> Result<File> {
    toml::from_str::<File>(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        let message = e.message().trim().to_string();
        Error::Config {
            path: path.to_path_buf(),
            line,
            message,
        }
    })
}

/// A colour in a config file: a name (`red`), `#rrggbb`, or an xterm-256 index.
pub fn parse_color(s: &str) -> std::result::Result<Color, String> {
    s.parse::<Color>()
        .map_err(|_| format!("{s:?} is not a colour (a name, #rrggbb or 0-255)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("config.toml")
    }

    #[test]
    fn the_shipped_example_is_valid() {
        let file = parse(EXAMPLE, p()).unwrap();
        Settings::from_file(&file, true, p()).unwrap();
    }

    #[test]
    fn settings_apply_on_top_of_defaults() {
        use crate::tui::action::Action;
        use crate::tui::keymap::{Key, Mode};
        let file = parse("theme = \"light\"\nemoji = \"unicode\"\ntime_format = \"%H:%M\"\ngroup_minutes = 10\n[keys.normal]\n\"x\" = \"quit\"\n", p()).unwrap();
        let s = Settings::from_file(&file, true, p()).unwrap();
        assert_eq!(s.theme.variant, Variant::Light);
        assert_eq!(s.emoji, EmojiMode::Unicode);
        assert_eq!(s.group_secs, 600);
        assert_eq!(
            s.keymap.resolve(Mode::Normal, Key::parse("x").unwrap()),
            Some(Action::Quit)
        );
        assert_eq!(
            s.keymap.resolve(Mode::Normal, Key::parse("j").unwrap()),
            Some(Action::Down),
            "defaults stay"
        );
        let mono = Settings::from_file(&file, false, p()).unwrap();
        assert_eq!(mono.theme.variant, Variant::Mono, "NO_COLOR wins");
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse("theme = \"dark\"\n\nfont = \"big\"\n", p())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:3: "), "{e}");
        assert!(e.contains("font"), "{e}");
        let e = parse("theme = \"purple\"\n", p()).unwrap_err().to_string();
        assert!(
            e.starts_with("config.toml:1: ") && e.contains("purple"),
            "{e}"
        );
        let file = parse("[keys.normal]\n\"j\" = \"fly\"\n", p()).unwrap();
        let e = Settings::from_file(&file, true, p())
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown action \"fly\""), "{e}");
        let file = parse("[colors]\nhit = \"blurple\"\n", p());
        assert!(file.unwrap_err().to_string().contains("blurple"));
        let file = parse("time_format = \"%Q\"\n", p()).unwrap();
        assert!(
            Settings::from_file(&file, true, p())
                .unwrap_err()
                .to_string()
                .contains("time_format")
        );
    }
}

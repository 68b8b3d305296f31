//! Key bindings as data: the embedded `assets/keymap.toml`, parsed into a
//! table that a pure function consults.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::settings::Settings;

/// The default bindings, embedded in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Which part of the interface has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Prompt,
    Picker,
    List,
    Help,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Normal,
        Mode::Prompt,
        Mode::Picker,
        Mode::List,
        Mode::Help,
    ];

    /// The mode's section in keymap files (`normal`, `prompt`, …).
    pub fn section(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Prompt => "prompt",
            Mode::Picker => "picker",
            Mode::List => "list",
            Mode::Help => "help",
        }
    }
}

/// A key with its modifiers, normalised so that `G` and `shift-g` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            // A typed character already carries its shift.
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    pub fn from_event(e: KeyEvent) -> Self {
        Key::new(e.code, e.modifiers)
    }

    /// Parses `j`, `?`, `ctrl-d`, `pagedown`, `shift-tab`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            modifiers |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("unknown key {s:?}")),
            },
        };
        Ok(Key::new(code, modifiers))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The actions that leave each mode: quitting from the reading screen,
/// closing a prompt, the picker, a list or the help screen. A keymap must
/// keep at least one key bound to one of them in every mode.
pub fn ways_out(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Normal => &[Action::Quit],
        // Enter keeps a prompt open while its text is wrong.
        Mode::Prompt => &[Action::Cancel],
        Mode::Picker => &[Action::Cancel, Action::Submit],
        Mode::List => &[Action::Cancel, Action::Quit, Action::Submit],
        Mode::Help => &[Action::Help, Action::Quit, Action::Cancel],
    }
}

/// A keymap in which some mode has no key left that leads out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoWayOut {
    pub mode: Mode,
    /// The keys that led out in the defaults, now bound to something else.
    pub rebound: Vec<Key>,
}

impl fmt::Display for NoWayOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actions: Vec<&str> = ways_out(self.mode).iter().map(|a| a.name()).collect();
        let keys: Vec<String> = self.rebound.iter().map(ToString::to_string).collect();
        write!(
            f,
            "[keys.{}] leaves no key bound to {}",
            self.mode.section(),
            actions.join(" or ")
        )?;
        if !keys.is_empty() {
            write!(f, " (rebound: {})", keys.join(", "))?;
        }
        write!(
            f,
            ": there would be no way out; keep one, e.g. \"q\" = \"{}\"",
            actions[0]
        )
    }
}

/// Bindings per mode, in file order (the order the help screen shows).
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<Mode, Vec<(Key, Action)>>,
}

impl Keymap {
    /// The embedded defaults.
    pub fn default_map() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP).expect("the embedded keymap is valid")
    }

    /// Parses a keymap file; errors name the section and key.
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut bindings: HashMap<Mode, Vec<(Key, Action)>> = HashMap::new();
        for mode in Mode::ALL {
            bindings.entry(mode).or_default();
        }
        for (section, value) in &table {
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.section() == section)
                .ok_or_else(|| {
                    format!(
                        "unknown section [{section}]; known: normal, prompt, picker, list, help"
                    )
                })?;
            let toml::Value::Table(keys) = value else {
                return Err(format!("[{section}] must be a table of key = \"action\""));
            };
            for (key, action) in keys {
                let k = Key::parse(key).map_err(|e| format!("[{section}] {e}"))?;
                let name = action
                    .as_str()
                    .ok_or_else(|| format!("[{section}] {key:?}: the action must be a string"))?;
                let a = Action::from_name(name)
                    .ok_or_else(|| format!("[{section}] {key:?}: {}", unknown_action(name)))?;
                let list = bindings.entry(mode).or_default();
                list.retain(|(existing, _)| *existing != k);
                list.push((k, a));
            }
        }
        Ok(Keymap { bindings })
    }

    /// The defaults with the config file's `[keys.*]` bindings on top; an
    /// unknown section, key or action is an error naming the file and line.
    pub fn from_settings(settings: &Settings) -> crate::error::Result<Keymap> {
        let mut map = Keymap::default_map();
        for b in &settings.keys {
            let bad = |message: String| {
                settings.error(b.line, format!("in [keys.{}]: {message}", b.section))
            };
            let mode = Mode::ALL
                .into_iter()
                .find(|m| m.section() == b.section)
                .ok_or_else(|| {
                    bad("unknown section; known: normal, prompt, picker, list, help".into())
                })?;
            let key = Key::parse(&b.key).map_err(&bad)?;
            let action = Action::from_name(&b.action)
                .ok_or_else(|| bad(format!("{:?}: {}", b.key, unknown_action(&b.action))))?;
            let list = map.bindings.entry(mode).or_default();
            list.retain(|(existing, _)| *existing != key);
            list.push((key, action));
        }
        map.check_ways_out().map_err(|e| {
            // The line of the last binding that took a way out away, else
            // of the mode's first binding.
            let section = e.mode.section();
            let in_section = || settings.keys.iter().filter(|b| b.section == section);
            let line = in_section()
                .filter(|b| Key::parse(&b.key).is_ok_and(|k| e.rebound.contains(&k)))
                .map(|b| b.line)
                .max()
                .or_else(|| in_section().map(|b| b.line).min())
                .unwrap_or(0);
            settings.error(line, e.to_string())
        })?;
        Ok(map)
    }

    /// Checks that every mode keeps a key bound to a way out of it
    /// ([`ways_out`]), so that no keymap can lock the user in.
    pub fn check_ways_out(&self) -> Result<(), NoWayOut> {
        let defaults = Keymap::default_map();
        for mode in Mode::ALL {
            let out = ways_out(mode);
            if self.bindings(mode).iter().any(|(_, a)| out.contains(a)) {
                continue;
            }
            let rebound = defaults
                .bindings(mode)
                .iter()
                .filter(|(_, a)| out.contains(a))
                .map(|&(k, _)| k)
                .collect();
            return Err(NoWayOut { mode, rebound });
        }
        Ok(())
    }

    /// This map with the bindings of `text` (a keymap file) on top.
    pub fn with_overrides(mut self, text: &str) -> Result<Keymap, String> {
        let extra = Keymap::parse(text)?;
        for (mode, list) in extra.bindings {
            let mine = self.bindings.entry(mode).or_default();
            for (k, a) in list {
                mine.retain(|(existing, _)| *existing != k);
                mine.push((k, a));
            }
        }
        Ok(self)
    }

    /// The action bound to `key` in `mode`, if any.
    pub fn resolve(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings
            .get(&mode)?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, a)| a)
    }

    /// Every binding of `mode`, in file order.
    pub fn bindings(&self, mode: Mode) -> &[(Key, Action)] {
        self.bindings.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to `action` in `mode`.
    pub fn first_key(&self, mode: Mode, action: Action) -> Option<Key> {
        self.bindings(mode)
            .iter()
            .find(|(_, a)| *a == action)
            .map(|&(k, _)| k)
    }

    /// Every key bound to `action` in `mode`, in file order.
    pub fn keys(&self, mode: Mode, action: Action) -> Vec<Key> {
        self.bindings(mode)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|&(k, _)| k)
            .collect()
    }

    /// The keys bound to `action` in `mode`, joined for display (`j/↓`).
    pub fn keys_for(&self, mode: Mode, action: Action) -> String {
        let keys: Vec<String> = self
            .bindings(mode)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| k.to_string())
            .collect();
        keys.join("/")
    }
}

/// `unknown action "fly"; the actions are: quit, help, …`.
fn unknown_action(name: &str) -> String {
    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
    format!(
        "unknown action {name:?}; the actions are: {}",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn default_map_resolves_vim_keys_and_arrows() {
        let map = Keymap::default_map();
        assert_eq!(map.resolve(Mode::Normal, key("j")), Some(Action::Down));
        assert_eq!(map.resolve(Mode::Normal, key("down")), Some(Action::Down));
        assert_eq!(
            map.resolve(Mode::Normal, key("ctrl-d")),
            Some(Action::HalfPageDown)
        );
        assert_eq!(map.resolve(Mode::Normal, key("G")), Some(Action::Last));
        assert_eq!(map.resolve(Mode::Normal, key("]")), Some(Action::NextDay));
        assert_eq!(map.resolve(Mode::Normal, key("?")), Some(Action::Help));
        assert_eq!(
            map.resolve(Mode::Picker, key("space")),
            Some(Action::Toggle)
        );
        assert_eq!(map.resolve(Mode::Prompt, key("j")), None);
    }

    #[test]
    fn events_normalise_like_parsed_keys() {
        let shifted = Key::from_event(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(shifted, key("G"));
        let ctrl = Key::from_event(KeyEvent::new(
            KeyCode::Char('D'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        ));
        assert_eq!(ctrl, key("ctrl-d"));
        assert_eq!(
            Key::from_event(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            key("shift-tab")
        );
        assert_eq!(key("ctrl-d").to_string(), "Ctrl-d");
        assert_eq!(key("pagedown").to_string(), "PgDn");
    }

    #[test]
    fn overrides_replace_and_errors_name_the_key() {
        let map = Keymap::parse("[normal]\n\"j\" = \"up\"\n").unwrap();
        assert_eq!(map.resolve(Mode::Normal, key("j")), Some(Action::Up));
        assert!(
            Keymap::parse("[normal]\n\"j\" = \"fly\"\n")
                .unwrap_err()
                .contains("unknown action \"fly\"")
        );
        assert!(
            Keymap::parse("[normal]\n\"hyper-j\" = \"up\"\n")
                .unwrap_err()
                .contains("unknown key")
        );
        assert!(
            Keymap::parse("[nope]\n")
                .unwrap_err()
                .contains("unknown section [nope]")
        );
    }

    #[test]
    fn a_keymap_must_keep_a_way_out_of_every_mode() {
        Keymap::default_map()
            .check_ways_out()
            .expect("the defaults");
        let settings =
            |text: &str| crate::settings::parse(text, std::path::Path::new("config.toml")).unwrap();
        // Rebinding one of the ways out is fine.
        Keymap::from_settings(&settings("[keys.normal]\n\"q\" = \"down\"\n"))
            .expect("Ctrl-c still quits");
        // Rebinding all of them is not: an error on the line of the last one.
        let text = "theme = \"dark\"\n[keys.normal]\n\"j\" = \"down\"\n\"q\" = \"down\"\n\"ctrl-c\" = \"up\"\n\"esc\" = \"help\"\n";
        let e = Keymap::from_settings(&settings(text))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:5: [keys.normal]"), "{e}");
        assert!(e.contains("quit") && e.contains("no way out"), "{e}");
        let map = Keymap::default_map()
            .with_overrides("[normal]\n\"q\" = \"down\"\n\"ctrl-c\" = \"up\"\n")
            .unwrap();
        let err = map.check_ways_out().unwrap_err();
        assert_eq!(err.mode, Mode::Normal);
        assert_eq!(err.rebound, vec![key("q"), key("ctrl-c")]);
        // Another key that quits is a way out too.
        Keymap::from_settings(&settings(&format!("{text}\"x\" = \"quit\"\n"))).expect("x quits");
        // A prompt that cannot be cancelled.
        let e = Keymap::from_settings(&settings(
            "[keys.prompt]\nesc = \"submit\"\n\"ctrl-c\" = \"submit\"\n",
        ))
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("config.toml:3: [keys.prompt]"), "{e}");
    }

    #[test]
    fn config_bindings_apply_and_errors_name_file_line_and_the_valid_actions() {
        let settings =
            |text: &str| crate::settings::parse(text, std::path::Path::new("config.toml")).unwrap();
        let map = Keymap::from_settings(&settings("[keys.normal]\n\"x\" = \"quit\"\n")).unwrap();
        assert_eq!(map.resolve(Mode::Normal, key("x")), Some(Action::Quit));
        assert_eq!(
            map.resolve(Mode::Normal, key("j")),
            Some(Action::Down),
            "defaults stay"
        );
        let e = Keymap::from_settings(&settings(
            "\n[keys.normal]\n\"j\" = \"down\"\n\"k\" = \"fly\"\n",
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("config.toml:4: in [keys.normal]: \"k\": unknown action \"fly\""),
            "{e}"
        );
        for a in Action::ALL {
            assert!(e.contains(a.name()), "{e} lists {}", a.name());
        }
        let e = Keymap::from_settings(&settings("[keys.nope]\n\"j\" = \"down\"\n"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("config.toml:2: in [keys.nope]: unknown section"),
            "{e}"
        );
        let e = Keymap::from_settings(&settings("[keys.normal]\n\"hyper-j\" = \"down\"\n"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("config.toml:2: ") && e.contains("unknown key"),
            "{e}"
        );
    }

    #[test]
    fn keys_for_lists_every_binding() {
        let map = Keymap::default_map();
        assert_eq!(map.keys_for(Mode::Normal, Action::Down), "j/↓");
        assert_eq!(map.keys_for(Mode::Normal, Action::Quit), "q/Ctrl-c");
    }
}

//! Semantic styles: views ask for `theme.timestamp`, never for a colour.

use ratatui::style::{Color, Modifier, Style};

use crate::settings::{Colors, ConfigColor, Settings, ThemeName};
use crate::speaker::preferred_slot;

/// Dark or light terminal background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Dark,
    Light,
    /// `NO_COLOR`: modifiers only.
    Mono,
}

/// The named styles of the interface.
#[derive(Debug, Clone)]
pub struct Theme {
    pub variant: Variant,
    pub base: Style,
    pub dim: Style,
    pub timestamp: Style,
    pub title: Style,
    pub month: Style,
    pub channel: Style,
    pub selection: Style,
    pub selection_unfocused: Style,
    /// The rest of the selected message's header row.
    pub selection_row: Style,
    pub hit: Style,
    /// The bar beside a message that matches the filter, in highlight mode.
    pub mark: Style,
    pub link: Style,
    pub mention: Style,
    pub emoji: Style,
    pub image: Style,
    pub gap: Style,
    pub status: Style,
    pub chip: Style,
    pub key: Style,
    pub notice: Style,
    pub error: Style,
    pub border: Style,
    pub border_focused: Style,
    pub fuzzy_match: Style,
    /// The one-line quote of a reply's parent.
    pub quote: Style,
    /// `forwarded from …`, and a reply whose parent is missing.
    pub forwarded: Style,
    /// Code spans (Telegram's `code` and `pre`, Slack's backticks).
    pub code: Style,
    palette: &'static [Color],
    /// Speaker colours from a config file, used instead of `palette`.
    custom_palette: Vec<Color>,
}

/// Speaker colours: the palette `daybook show` uses too, so that a speaker
/// has one colour everywhere.
const SPEAKERS: [Color; crate::speaker::PALETTE.len()] = {
    let mut out = [Color::Reset; crate::speaker::PALETTE.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = Color::Indexed(crate::speaker::PALETTE[i]);
        i += 1;
    }
    out
};

impl Theme {
    pub fn new(variant: Variant) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        match variant {
            Variant::Mono => Theme {
                variant,
                base: Style::new(),
                dim,
                timestamp: dim,
                title: bold,
                month: bold,
                channel: bold.add_modifier(Modifier::UNDERLINED),
                selection: Style::new().add_modifier(Modifier::REVERSED),
                selection_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
                selection_row: Style::new().add_modifier(Modifier::UNDERLINED),
                hit: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                mark: bold,
                link: Style::new().add_modifier(Modifier::UNDERLINED),
                mention: bold,
                emoji: bold,
                image: bold,
                gap: dim,
                status: Style::new().add_modifier(Modifier::REVERSED),
                chip: bold,
                key: bold,
                notice: bold,
                error: bold,
                border: dim,
                border_focused: bold,
                fuzzy_match: bold.add_modifier(Modifier::UNDERLINED),
                quote: dim,
                forwarded: dim.add_modifier(Modifier::ITALIC),
                code: Style::new(),
                palette: &[],
                custom_palette: Vec::new(),
            },
            Variant::Dark | Variant::Light => {
                let light = variant == Variant::Light;
                let (fg_dim, accent, status_bg, sel_bg, hit_bg) = if light {
                    (
                        Color::Indexed(244),
                        Color::Indexed(25),
                        Color::Indexed(254),
                        Color::Indexed(189),
                        Color::Indexed(220),
                    )
                } else {
                    (
                        Color::Indexed(244),
                        Color::Indexed(75),
                        Color::Indexed(236),
                        Color::Indexed(238),
                        Color::Indexed(178),
                    )
                };
                Theme {
                    variant,
                    base: Style::new(),
                    dim: Style::new().fg(fg_dim),
                    timestamp: Style::new().fg(fg_dim),
                    title: bold.fg(accent),
                    month: bold.fg(accent),
                    channel: bold.fg(accent).add_modifier(Modifier::UNDERLINED),
                    selection: Style::new().bg(sel_bg).add_modifier(Modifier::BOLD),
                    selection_unfocused: Style::new().bg(sel_bg),
                    selection_row: Style::new().bg(sel_bg),
                    hit: Style::new()
                        .bg(hit_bg)
                        .fg(Color::Black)
                        .add_modifier(Modifier::BOLD),
                    mark: bold.fg(if light { Color::Indexed(166) } else { hit_bg }),
                    link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
                    mention: bold.fg(if light {
                        Color::Indexed(127)
                    } else {
                        Color::Indexed(213)
                    }),
                    emoji: Style::new().fg(if light {
                        Color::Indexed(136)
                    } else {
                        Color::Indexed(221)
                    }),
                    image: bold.fg(if light {
                        Color::Indexed(29)
                    } else {
                        Color::Indexed(78)
                    }),
                    gap: Style::new().fg(fg_dim).add_modifier(Modifier::ITALIC),
                    status: Style::new().bg(status_bg),
                    chip: Style::new().bg(accent).fg(if light {
                        Color::White
                    } else {
                        Color::Black
                    }),
                    key: bold.fg(accent),
                    notice: bold.fg(if light {
                        Color::Indexed(130)
                    } else {
                        Color::Indexed(221)
                    }),
                    error: bold.fg(Color::Indexed(160)),
                    border: Style::new().fg(Color::Indexed(240)),
                    border_focused: Style::new().fg(accent),
                    fuzzy_match: bold.fg(if light {
                        Color::Indexed(160)
                    } else {
                        Color::Indexed(209)
                    }),
                    quote: Style::new().fg(fg_dim),
                    forwarded: Style::new().fg(fg_dim).add_modifier(Modifier::ITALIC),
                    code: Style::new().fg(if light {
                        Color::Indexed(124)
                    } else {
                        Color::Indexed(216)
                    }),
                    palette: &SPEAKERS,
                    custom_palette: Vec::new(),
                }
            }
        }
    }

    /// A speaker's style outside the context of a day (lists, the picker):
    /// the colour its name hashes to.
    pub fn speaker(&self, name: &str) -> Style {
        self.speaker_slot(preferred_slot(name, self.speaker_colours()))
    }

    /// How many speaker colours there are (0 without colours).
    pub fn speaker_colours(&self) -> usize {
        self.speaker_palette().len()
    }

    /// The style of speaker colour `slot` (see [`crate::speaker::DaySlots`]).
    pub fn speaker_slot(&self, slot: usize) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let palette = self.speaker_palette();
        if palette.is_empty() {
            return bold;
        }
        bold.fg(palette[slot % palette.len()])
    }

    fn speaker_palette(&self) -> &[Color] {
        if self.custom_palette.is_empty() {
            self.palette
        } else {
            &self.custom_palette
        }
    }

    /// How a style span of a body is drawn.
    pub fn styled(&self, style: crate::model::Style) -> Style {
        use crate::model::Style as S;
        match style {
            S::Bold => Style::new().add_modifier(Modifier::BOLD),
            S::Italic => Style::new().add_modifier(Modifier::ITALIC),
            S::Strike => Style::new().add_modifier(Modifier::CROSSED_OUT),
            S::Code => self.code,
            S::Spoiler => Style::new().add_modifier(Modifier::REVERSED),
            S::Underline => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The border of a pane.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.border_focused
        } else {
            self.border
        }
    }
}

impl Theme {
    /// `variant` with the colours of `colors` on top.
    pub fn custom(variant: Variant, colors: &Colors) -> Theme {
        let mut t = Theme::new(variant);
        let fg = |s: &mut Style, c: Option<ConfigColor>| {
            if let Some(c) = c {
                *s = s.fg(c.0);
            }
        };
        let bg = |s: &mut Style, c: Option<ConfigColor>| {
            if let Some(c) = c {
                *s = s.bg(c.0);
            }
        };
        fg(&mut t.timestamp, colors.timestamp);
        fg(&mut t.title, colors.title);
        fg(&mut t.month, colors.month);
        fg(&mut t.channel, colors.channel);
        bg(&mut t.selection, colors.selection);
        bg(&mut t.selection_unfocused, colors.selection);
        bg(&mut t.selection_row, colors.selection);
        bg(&mut t.hit, colors.hit);
        fg(&mut t.mark, colors.hit);
        fg(&mut t.link, colors.link);
        fg(&mut t.mention, colors.mention);
        fg(&mut t.emoji, colors.emoji);
        fg(&mut t.image, colors.image);
        fg(&mut t.gap, colors.gap);
        bg(&mut t.status, colors.status);
        bg(&mut t.chip, colors.chip);
        fg(&mut t.key, colors.key);
        fg(&mut t.notice, colors.notice);
        fg(&mut t.error, colors.error);
        fg(&mut t.border, colors.border);
        fg(&mut t.border_focused, colors.border_focused);
        fg(&mut t.fuzzy_match, colors.fuzzy_match);
        if let Some(list) = colors.speakers.as_ref().filter(|l| !l.is_empty()) {
            t.custom_palette = list.iter().map(|c| c.0).collect();
        }
        t
    }
}

impl Theme {
    /// The theme the config file asks for; `color` false (`NO_COLOR`,
    /// `--color never`) wins over any theme.
    pub fn from_settings(settings: &Settings, color: bool) -> Theme {
        if !color {
            return Theme::new(Variant::Mono);
        }
        let variant = match settings.base {
            ThemeName::Light => Variant::Light,
            ThemeName::Dark | ThemeName::Custom => Variant::Dark,
        };
        Theme::custom(variant, &settings.colors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_choose_the_variant_and_no_color_wins() {
        let s = crate::settings::parse(
            "theme = \"light\"\n[colors]\nspeakers = [1]\n",
            std::path::Path::new("c.toml"),
        )
        .unwrap();
        let t = Theme::from_settings(&s, true);
        assert_eq!(t.variant, Variant::Light);
        assert_eq!(t.speaker("anyone").fg, Some(Color::Indexed(1)));
        assert_eq!(Theme::from_settings(&s, false).variant, Variant::Mono);
    }
}

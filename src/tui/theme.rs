//! Semantic styles: views ask for `theme.timestamp`, never for a colour.

use ratatui::style::{Color, Modifier, Style};

use crate::commands::stable_hash;

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
    pub hit: Style,
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
    palette: &'static [Color],
}

/// Speaker colours readable on a dark background.
const DARK_SPEAKERS: &[Color] = &[
    Color::Indexed(75),
    Color::Indexed(114),
    Color::Indexed(180),
    Color::Indexed(176),
    Color::Indexed(117),
    Color::Indexed(215),
    Color::Indexed(150),
    Color::Indexed(211),
    Color::Indexed(79),
    Color::Indexed(183),
    Color::Indexed(222),
    Color::Indexed(110),
];

/// Speaker colours readable on a light background.
const LIGHT_SPEAKERS: &[Color] = &[
    Color::Indexed(25),
    Color::Indexed(28),
    Color::Indexed(130),
    Color::Indexed(90),
    Color::Indexed(31),
    Color::Indexed(166),
    Color::Indexed(64),
    Color::Indexed(125),
    Color::Indexed(30),
    Color::Indexed(55),
    Color::Indexed(94),
    Color::Indexed(24),
];

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
                hit: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
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
                palette: &[],
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
                    hit: Style::new()
                        .bg(hit_bg)
                        .fg(Color::Black)
                        .add_modifier(Modifier::BOLD),
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
                    palette: if light { LIGHT_SPEAKERS } else { DARK_SPEAKERS },
                }
            }
        }
    }

    /// A speaker's stable style, derived from the name.
    pub fn speaker(&self, name: &str) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if self.palette.is_empty() {
            return bold;
        }
        bold.fg(self.palette[(stable_hash(name) % self.palette.len() as u64) as usize])
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

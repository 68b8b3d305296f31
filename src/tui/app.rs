//! The interface's state: what is selected, filtered, scrolled and open.
//! It borrows the archive and holds only view state and data derived from
//! it for the current size and filter; [`super::update`] is the only place
//! that changes it.

use std::collections::HashSet;
use std::ops::Range;

use chrono::Datelike;
use ratatui::layout::Rect;

use super::build::Builder;
use super::effects::Effect;
use super::keymap::{Keymap, Mode};
use super::layout::{Regions, regions};
use super::theme::Theme;
use super::worker::Jobs;
use super::wrapped::{Caps, Wrapped};
use crate::model::{Archive, ChannelId, Day, SpeakerId};
use crate::present::rare;
use crate::query::stats::Stats;
use crate::query::{Matcher, Query};
use crate::speaker::DaySlots;
use crate::state::Bookmark;
use crate::text::width;

/// Consecutive messages of one speaker closer than this show the name once.
pub const GROUP_GAP_SECS: u32 = crate::settings::DEFAULT_GROUP_SECS;
/// A pause at least this long gets a separator row.
pub const GAP_SECS: u32 = crate::settings::DEFAULT_GAP_SECS;
/// The widest the speaker column gets.
pub const MAX_SPEAKER_COLUMN: usize = 16;
/// Columns of the time before the speaker.
pub const TIME_COLUMN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Days,
    Messages,
}

/// Filter mode shows only matching messages; highlight mode shows all, matches marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMode {
    Highlight,
    Only,
}

/// A row of the day list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRow {
    /// An app's header, when the channels come from several apps.
    App(&'static str),
    Channel(u32),
    Month(i32, u32),
    Day(usize),
}

/// The search and speaker filter, and what the background count found.
#[derive(Debug)]
pub struct Filter<'a> {
    pub text: String,
    pub query: Query,
    pub matcher: Option<Matcher<'a>>,
    pub mode: FilterMode,
    /// Identifies the current count job; results of older jobs are dropped.
    pub generation: u64,
    /// Matching messages per day, for the days counted so far.
    pub counts: Vec<u32>,
    /// Whether `counts[i]` is known.
    pub counted: Vec<bool>,
    pub days_counted: usize,
    pub total: usize,
}

impl Filter<'_> {
    pub fn is_active(&self) -> bool {
        self.matcher.is_some()
    }

    pub fn done(&self) -> bool {
        self.days_counted == self.counts.len()
    }
}

/// A one-line text input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

impl Input {
    pub fn new(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts `text` at the cursor, as one edit (a paste).
    pub fn insert_str(&mut self, text: &str) {
        let at = self.byte(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && chars[start - 1] != ' ' {
            start -= 1;
        }
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }
}

/// Which prompt is open at the bottom of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Input,
    pub error: Option<String>,
    /// The filter text when the prompt opened, restored on cancel.
    pub before: String,
}

/// The speaker picker: fuzzy-filtered speakers, several can be selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub input: Input,
    /// Ranked speakers for the current input, with matched char indices.
    pub results: Vec<(SpeakerId, Vec<usize>)>,
    pub cursor: usize,
    pub scroll: usize,
    pub selected: HashSet<SpeakerId>,
}

/// The channel picker: channels filtered by what is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelPicker {
    pub input: Input,
    /// Ranked channels for the current input, with matched char indices.
    pub results: Vec<(ChannelId, Vec<usize>)>,
    pub cursor: usize,
    /// Days, messages, first and last date of each channel, by channel id.
    pub info: Vec<ChannelInfo>,
}

/// What the channel picker says about a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelInfo {
    pub days: usize,
    pub messages: usize,
    pub first: Option<chrono::NaiveDate>,
    pub last: Option<chrono::NaiveDate>,
}

/// What is drawn over the main screen and takes input first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help { scroll: usize },
    Prompt(Prompt),
    Picker(Picker),
    Channels(ChannelPicker),
    Bookmarks { cursor: usize },
    Stats { scroll: usize },
}

/// When the search typed into the prompt is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveSearch {
    /// At every key (what tests drive).
    Immediate,
    /// Once per batch of input, by the interactive loop calling
    /// [`App::apply_due_search`], so that a burst of keys costs one
    /// search (built by the [`App::builder`] when there is one); nothing
    /// is due.
    Deferred,
    /// Deferred, and the prompt's text changed since it was applied.
    Due,
}

/// A message shown in the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The rows of the selected day's messages at the current width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaneLayout {
    pub width: u16,
    pub day: usize,
    /// Indexes into the day's messages of the messages shown.
    pub visible: Vec<u32>,
    /// First row of each shown message (its gap separator, if any, comes first).
    pub starts: Vec<usize>,
    /// Rows of each shown message, separator included.
    pub heights: Vec<usize>,
    /// Whether each shown message has a gap separator row above it.
    pub gaps: Vec<bool>,
    /// Whether each shown message repeats the previous speaker (name not shown).
    pub grouped: Vec<bool>,
    pub total_rows: usize,
    pub speaker_column: usize,
    pub body_column: usize,
    pub body_width: usize,
    /// Highlight ranges per message of the day (empty when not a match).
    pub hits: Vec<Vec<Range<usize>>>,
    /// Whether each message of the day matches the filter.
    pub matched: Vec<bool>,
    pub hit_count: usize,
    /// The colour slot of each speaker of the day.
    pub slots: DaySlots,
}

/// The whole state of the interface.
#[derive(Debug)]
pub struct App<'a> {
    pub archive: &'a Archive,
    pub keymap: Keymap,
    pub theme: Theme,
    pub focus: Focus,
    /// `Some` when the user toggled the day list; `None` follows the width.
    pub day_list_shown: Option<bool>,
    /// Where the focus was when the day list was hidden, given back when it returns.
    pub focus_before_hiding: Option<Focus>,
    /// The selected day, an index into `archive.days`.
    pub day: usize,
    /// Rows of the day list for the current filter.
    pub rows: Vec<ListRow>,
    pub list_scroll: usize,
    pub pane: PaneLayout,
    /// The selected message, an index into `pane.visible`.
    pub selected: usize,
    /// First row of the message pane shown.
    pub scroll: usize,
    pub filter: Filter<'a>,
    pub popup: Option<Popup>,
    pub notice: Option<Notice>,
    pub area: Rect,
    pub regions: Regions,
    pub quit: bool,
    /// Where count jobs go; `None` counts synchronously (tests).
    pub jobs: Option<Jobs>,
    /// Where the live search's matcher is built; `None` builds it on the
    /// key path (tests).
    pub builder: Option<Builder<'a>>,
    /// Display settings from the config file.
    pub look: Look,
    /// What the loop should do after this update (clipboard, opener, saving).
    pub effects: Vec<Effect>,
    /// Bookmarked messages of this archive.
    pub bookmarks: Vec<Bookmark>,
    /// The statistics view's figures and the request they answer.
    pub stats: Option<(u64, Box<Stats>)>,
    /// When the search typed into the prompt is applied.
    pub live_search: LiveSearch,
    /// The selected day's messages laid out (see [`Wrapped`]).
    pub wrapped: Wrapped<'a>,
    /// Messages shown whole although they are longer than a few screens:
    /// (day, message) pairs.
    pub expanded: HashSet<(usize, u32)>,
    /// Identifies the latest statistics request.
    pub stats_generation: u64,
    /// Whether system messages are hidden (the `toggle_system` key).
    pub hide_system: bool,
    /// Following the archive: whether it is on, and what arrived out of view.
    pub follow: super::follow::FollowView,
    /// `Some` while the whole archive loads and this app shows only the
    /// first day (see [`super::loading`]).
    pub loading: Option<super::loading::Loading>,
}

/// How messages are shown, from the config file.
pub use crate::settings::Look;

impl<'a> App<'a> {
    pub fn new(archive: &'a Archive, keymap: Keymap, theme: Theme, area: Rect) -> App<'a> {
        let days = archive.days.len();
        let mut app = App {
            archive,
            keymap,
            theme,
            focus: Focus::Messages,
            day_list_shown: None,
            focus_before_hiding: None,
            day: days.saturating_sub(1),
            rows: Vec::new(),
            list_scroll: 0,
            pane: PaneLayout::default(),
            selected: 0,
            scroll: 0,
            filter: Filter {
                text: String::new(),
                query: Query::default(),
                matcher: None,
                mode: FilterMode::Highlight,
                generation: 0,
                counts: vec![0; days],
                counted: vec![true; days],
                days_counted: days,
                total: 0,
            },
            popup: None,
            notice: None,
            area,
            regions: Regions::default(),
            quit: false,
            jobs: None,
            builder: None,
            look: Look::default(),
            effects: Vec::new(),
            bookmarks: Vec::new(),
            stats: None,
            stats_generation: 0,
            hide_system: false,
            follow: super::follow::FollowView::default(),
            loading: None,
            live_search: LiveSearch::Immediate,
            wrapped: Wrapped::default(),
            expanded: HashSet::new(),
        };
        app.resize(area);
        app
    }

    /// The keyboard's current mode.
    pub fn mode(&self) -> Mode {
        match &self.popup {
            None => Mode::Normal,
            Some(Popup::Help { .. } | Popup::Stats { .. }) => Mode::Help,
            Some(Popup::Prompt(_)) => Mode::Prompt,
            Some(Popup::Picker(_) | Popup::Channels(_)) => Mode::Picker,
            Some(Popup::Bookmarks { .. }) => Mode::List,
        }
    }

    pub fn current_day(&self) -> Option<&'a Day> {
        self.archive.days.get(self.day)
    }

    /// Whether the day list is on screen.
    pub fn day_list_visible(&self) -> bool {
        self.day_list_shown.unwrap_or(self.area.width >= 70)
    }

    /// Recomputes everything that depends on the size.
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        self.regions = regions(area, self.day_list_visible());
        if !self.day_list_visible() && self.focus == Focus::Days {
            self.focus = Focus::Messages;
        }
        self.rebuild_rows();
        self.relayout();
    }

    /// Rows of the message pane's viewport.
    pub fn pane_height(&self) -> usize {
        usize::from(self.regions.pane_inner.height)
    }

    /// Rows of the day list's viewport.
    pub fn list_height(&self) -> usize {
        usize::from(self.regions.list_inner.height)
    }

    /// Whether `day` is shown in the day list under the current filter.
    pub fn day_listed(&self, day: usize) -> bool {
        !(self.filter.is_active() && self.filter.mode == FilterMode::Only)
            || day == self.day
            || (self.filter.counted[day] && self.filter.counts[day] > 0)
    }

    /// Rebuilds the day list's rows (after a filter change or new counts).
    pub fn rebuild_rows(&mut self) {
        let several = self.archive.channels.len() > 1;
        let apps = self.archive.several_apps();
        let mut rows = Vec::with_capacity(self.archive.days.len() + 64);
        let mut last: Option<(u32, i32, u32)> = None;
        let mut last_app = None;
        for (i, d) in self.archive.days.iter().enumerate() {
            if !self.day_listed(i) {
                continue;
            }
            let key = (d.channel, d.date.year(), d.date.month());
            let app = self.archive.channels[d.channel as usize].app;
            if apps && last_app != Some(app) {
                rows.push(ListRow::App(app));
                last_app = Some(app);
            }
            if several && last.is_none_or(|l| l.0 != d.channel) {
                rows.push(ListRow::Channel(d.channel));
            }
            if last != Some(key) {
                rows.push(ListRow::Month(key.1, key.2));
            }
            last = Some(key);
            rows.push(ListRow::Day(i));
        }
        self.rows = rows;
        self.keep_day_in_view();
    }

    /// Keeps the selected day's row inside the day list's viewport.
    pub fn keep_day_in_view(&mut self) {
        let h = self.list_height().max(1);
        let Some(row) = self.rows.iter().position(|r| *r == ListRow::Day(self.day)) else {
            self.list_scroll = 0;
            return;
        };
        // Show the month (and channel, and app) header above the first day
        // of a month.
        let mut top = row;
        while top > 0 && !matches!(self.rows[top - 1], ListRow::Day(_)) && row - top < 3 {
            top -= 1;
        }
        if top < self.list_scroll {
            self.list_scroll = top;
        } else if row >= self.list_scroll + h {
            self.list_scroll = row + 1 - h;
        }
        self.list_scroll = self.list_scroll.min(self.rows.len().saturating_sub(h));
    }

    /// The days in list order (what `]` and `[` step through).
    pub fn listed_days(&self) -> impl Iterator<Item = usize> + '_ {
        self.rows.iter().filter_map(|r| match r {
            ListRow::Day(d) => Some(*d),
            _ => None,
        })
    }

    /// Recomputes the message pane's rows for the selected day, filter and width.
    pub fn relayout(&mut self) {
        let pane_width = self.regions.pane_inner.width;
        let Some(day) = self.current_day() else {
            self.pane = PaneLayout::default();
            return;
        };
        let archive = self.archive;
        let mut hits = vec![Vec::new(); day.messages.len()];
        let mut matched = vec![false; day.messages.len()];
        let mut hit_count = 0;
        if let Some(m) = &self.filter.matcher {
            let mut ranges = Vec::new();
            for (i, msg) in day.messages.iter().enumerate() {
                if m.highlights(day, msg, &mut ranges) {
                    hit_count += 1;
                    // A match with nothing to mark (from:, has:) still counts.
                    matched[i] = true;
                    hits[i].clone_from(&ranges);
                }
            }
        }
        let only = self.filter.is_active() && self.filter.mode == FilterMode::Only;
        let hide_system = self.hide_system;
        let visible: Vec<u32> = (0..day.messages.len() as u32)
            .filter(|&i| !only || matched[i as usize])
            .filter(|&i| {
                !hide_system || day.messages[i as usize].kind != crate::model::MessageKind::System
            })
            .collect();
        let longest = visible
            .iter()
            .map(|&i| {
                let m = &day.messages[i as usize];
                width(&rare::label(archive.speakers.name(m.speaker), m.kind))
            })
            .max()
            .unwrap_or(0);
        let w = usize::from(pane_width);
        let speaker_column = longest.min(MAX_SPEAKER_COLUMN).min(w / 4);
        let body_column = self.look.time_width() + 1 + speaker_column + 1;
        let body_width = w.saturating_sub(body_column).max(1);
        let mut pane = PaneLayout {
            width: pane_width,
            day: self.day,
            speaker_column,
            body_column,
            body_width,
            hit_count,
            slots: DaySlots::new(day, &archive.speakers, self.theme.speaker_colours()),
            ..PaneLayout::default()
        };
        // Wrapped once per day, width and caps; a filter change restyles.
        let whole: HashSet<u32> = self
            .expanded
            .iter()
            .filter(|&&(d, _)| d == self.day)
            .map(|&(_, m)| m)
            .collect();
        let caps = Caps::for_height(self.pane_height(), whole);
        self.wrapped
            .update(archive, self.day, &hits, body_width, self.look.emoji, &caps);
        for (i, h) in hits.iter_mut().enumerate() {
            // Hits beyond what a cut message shows are not kept (plain
            // bodies are shown as they are, so offsets agree).
            if let Some(end) = self.wrapped.shown_end(i) {
                if matches!(
                    self.wrapped.messages[i].shown.text,
                    std::borrow::Cow::Borrowed(_)
                ) {
                    h.retain(|r| r.start < end);
                }
            }
        }
        let mut row = 0;
        let mut prev: Option<&crate::model::Message> = None;
        for &i in &visible {
            let msg = &day.messages[i as usize];
            let gap = prev.is_some_and(|p| {
                matches!((p.time.seconds(), msg.time.seconds()), (Some(a), Some(b)) if b >= a + self.look.gap_secs)
            });
            let grouped = !gap
                && !rare::always_named(msg.kind)
                && prev.is_some_and(|p| {
                    !rare::always_named(p.kind)
                        && p.speaker == msg.speaker
                        && matches!((p.time.seconds(), msg.time.seconds()), (Some(a), Some(b)) if b >= a && b - a < self.look.group_secs)
                });
            prev = Some(msg);
            let height = self.wrapped.messages[i as usize].rows() + usize::from(gap);
            pane.starts.push(row);
            pane.heights.push(height);
            pane.gaps.push(gap);
            pane.grouped.push(grouped);
            row += height;
        }
        pane.total_rows = row;
        pane.visible = visible;
        pane.hits = hits;
        pane.matched = matched;
        // Keep the same message selected when it is still shown.
        let keep = (self.pane.day == self.day)
            .then(|| self.pane.visible.get(self.selected).copied())
            .flatten();
        self.pane = pane;
        self.selected = match keep {
            Some(m) => self
                .pane
                .visible
                .iter()
                .position(|&v| v >= m)
                .unwrap_or(self.pane.visible.len().saturating_sub(1)),
            None => self.selected.min(self.pane.visible.len().saturating_sub(1)),
        };
        self.keep_selection_in_view();
    }

    /// The largest useful scroll offset of the message pane.
    pub fn max_scroll(&self) -> usize {
        self.pane.total_rows.saturating_sub(self.pane_height())
    }

    /// Scrolls so that the selected message is in view (its top first).
    pub fn keep_selection_in_view(&mut self) {
        let h = self.pane_height().max(1);
        if let (Some(&start), Some(&height)) = (
            self.pane.starts.get(self.selected),
            self.pane.heights.get(self.selected),
        ) {
            let end = start + height;
            if start < self.scroll {
                self.scroll = start;
            } else if end > self.scroll + h {
                self.scroll = start.min(end.saturating_sub(h));
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// The shown message whose rows contain `row`.
    pub fn message_at_row(&self, row: usize) -> usize {
        match self.pane.starts.binary_search(&row) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Which match (1-based, in archive order) the selected message is, when
    /// it is one and the days before it have been counted.
    pub fn match_number(&self) -> Option<usize> {
        let &m = self.pane.visible.get(self.selected)?;
        let m = m as usize;
        if !self.filter.is_active() || !self.pane.matched.get(m).copied().unwrap_or(false) {
            return None;
        }
        let f = &self.filter;
        if !f.counted.get(..self.day)?.iter().all(|&c| c) {
            return None;
        }
        let before: usize = f.counts[..self.day].iter().map(|&c| c as usize).sum();
        let here = self.pane.matched[..=m].iter().filter(|&&x| x).count();
        Some(before + here)
    }

    /// Scrolls so that the selected message shows with some of what comes
    /// before it, a third of the pane, when it is not already in the upper
    /// part of the view: where a jump to a match lands.
    pub fn show_selection_with_context(&mut self) {
        let h = self.pane_height().max(1);
        let (Some(&start), Some(&height)) = (
            self.pane.starts.get(self.selected),
            self.pane.heights.get(self.selected),
        ) else {
            return;
        };
        let fits = start >= self.scroll && start + height <= self.scroll + h;
        let low = start >= self.scroll + h * 2 / 3;
        if !fits || low {
            let context = (h / 3).min(h.saturating_sub(height));
            self.scroll = start.saturating_sub(context).min(self.max_scroll());
        }
        self.keep_selection_in_view();
    }

    /// Message number (1-based) of the selection within the day, and the day's count.
    pub fn position(&self) -> (usize, usize) {
        let total = self.current_day().map_or(0, |d| d.messages.len());
        let at = self
            .pane
            .visible
            .get(self.selected)
            .map_or(0, |&m| m as usize + 1);
        (at, total)
    }
}

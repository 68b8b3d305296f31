//! Following the archive in the interface (`--follow`, `F`): the view
//! state that outlives a new version of the archive.
//!
//! The [`App`] borrows one version of the archive. When the follower (see
//! [`crate::archive::follow`]) has built a new one on its thread, the loop
//! takes a [`Carry`] from the app, drops it, and builds the next app on the
//! new archive from the carry: the same day (by channel, date and file),
//! the same message and scroll, the filter, the open popup, bookmarks.
//! The same carry takes the view from the archive of the first day to the
//! whole archive once it is loaded (see [`super::loading`]).
//! When the user was at the end of a channel's last day, the pane moves on
//! with the new messages; otherwise it stays put and the status line counts
//! the new messages (`N new`), which `F` jumps to.

use super::app::{App, FilterMode, Focus, LiveSearch, Notice, Popup};
use crate::archive::follow::DayKey;
use crate::model::ChannelId;
use crate::settings::Look;
use crate::state::Bookmark;

/// What following shows in the interface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowView {
    /// Whether the archive is being followed.
    pub active: bool,
    /// Messages that arrived out of view since the user last looked.
    pub new: usize,
    /// The first of them: (day, message index in the day).
    pub first_new: Option<(usize, u32)>,
}

/// The view state carried from one version of the archive to the next.
#[derive(Debug)]
pub struct Carry {
    /// Whether the archive was followed (or about to be, while it loads).
    following: bool,
    focus: Focus,
    day_list_shown: Option<bool>,
    focus_before_hiding: Option<Focus>,
    day: Option<DayKey>,
    /// The selected message (index in its day), and the scroll relative to
    /// its first row.
    message: Option<u32>,
    offset: isize,
    /// At the end of the last day of the selected channel.
    at_end: bool,
    filter_text: String,
    filter_mode: FilterMode,
    generation: u64,
    hide_system: bool,
    popup: Option<Popup>,
    /// The speakers named in the picker, and the channels in the channel picker.
    picker_names: Vec<(String, bool)>,
    notice: Option<Notice>,
    bookmarks: Vec<Bookmark>,
    expanded: Vec<(DayKey, u32)>,
    stats_generation: u64,
    look: Look,
    live_search: LiveSearch,
    /// The live search still being built (see [`super::build`]): what was
    /// typed, and whether to jump to its first match once it is in.
    building: Option<(String, bool)>,
    new: usize,
    first_new: Option<(DayKey, u32)>,
}

impl App<'_> {
    /// Whether the selection is at the end of its channel's last day.
    pub fn at_channel_end(&self) -> bool {
        let Some(day) = self.current_day() else {
            return true;
        };
        let last_day = self.archive.channels[day.channel as usize].days.end - 1;
        self.day == last_day && self.selected + 1 >= self.pane.visible.len()
    }

    /// What the next app, on the next version of the archive, starts from.
    pub fn carry(&self) -> Carry {
        let archive = self.archive;
        let message = self.pane.visible.get(self.selected).copied();
        let start = self.pane.starts.get(self.selected).copied().unwrap_or(0);
        let picker_names = match &self.popup {
            Some(Popup::Picker(p)) => p
                .results
                .iter()
                .map(|&(id, _)| {
                    (
                        archive.speakers.name(id).to_string(),
                        p.selected.contains(&id),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        Carry {
            following: self.follow.active,
            focus: self.focus,
            day_list_shown: self.day_list_shown,
            focus_before_hiding: self.focus_before_hiding,
            day: DayKey::of(archive, self.day),
            message,
            offset: self.scroll as isize - start as isize,
            at_end: self.follow.active && self.at_channel_end(),
            filter_text: self.filter.text.clone(),
            filter_mode: self.filter.mode,
            generation: self.filter.generation,
            hide_system: self.hide_system,
            popup: self.popup.clone(),
            picker_names,
            notice: self.notice.clone(),
            bookmarks: self.bookmarks.clone(),
            expanded: self
                .expanded
                .iter()
                .filter_map(|&(d, m)| DayKey::of(archive, d).map(|k| (k, m)))
                .collect(),
            stats_generation: self.stats_generation,
            look: self.look.clone(),
            live_search: self.live_search,
            building: self
                .builder
                .as_ref()
                .and_then(|b| b.pending.as_ref())
                .map(|p| (p.text.clone(), p.jump)),
            new: self.follow.new,
            first_new: self
                .follow
                .first_new
                .and_then(|(d, m)| DayKey::of(archive, d).map(|k| (k, m))),
        }
    }

    /// Takes up the view state of the app on the previous version of the
    /// archive (see [`Carry`]); `self` is new, on the new version, and
    /// `added[i]` is where the messages added to its day `i` start (see
    /// [`crate::archive::follow::added`]).
    pub fn restore(&mut self, c: Carry, added: &[usize]) {
        let archive = self.archive;
        let days = DayKey::index(archive);
        self.focus = c.focus;
        self.day_list_shown = c.day_list_shown;
        self.focus_before_hiding = c.focus_before_hiding;
        self.hide_system = c.hide_system;
        self.look = c.look;
        self.bookmarks = c.bookmarks;
        self.live_search = c.live_search;
        self.notice = c.notice;
        self.stats_generation = c.stats_generation;
        self.follow.active = c.following;
        self.expanded = c
            .expanded
            .iter()
            .filter_map(|(k, m)| days.get(k).map(|&d| (d, *m)))
            .collect();
        // The same day, or the last one.
        let here = c.day.as_ref().and_then(|k| days.get(k).copied());
        let channel: Option<ChannelId> = c.day.as_ref().and_then(|k| {
            archive
                .channels
                .iter()
                .position(|ch| k.in_channel(ch))
                .map(|i| i as ChannelId)
        });
        let day = if c.at_end {
            channel
                .map(|ch| &archive.channels[ch as usize].days)
                .filter(|r| !r.is_empty())
                .map(|r| r.end - 1)
                .or(here)
        } else {
            here
        };
        self.day = day.unwrap_or(self.day);
        // New messages: counted unless the pane follows them.
        let mut new = c.new;
        let mut first_new = c
            .first_new
            .as_ref()
            .and_then(|(k, m)| days.get(k).map(|&d| (d, *m)));
        for (i, d) in archive.days.iter().enumerate() {
            let before = added.get(i).copied().unwrap_or(d.messages.len());
            let count = d.messages.len().saturating_sub(before);
            if count == 0 || (c.at_end && Some(d.channel) == channel) {
                continue;
            }
            new += count;
            if first_new.is_none() {
                first_new = Some((i, before as u32));
            }
        }
        self.follow.new = new;
        self.follow.first_new = first_new.filter(|_| new > 0);
        // The filter, re-counted over the new version.
        self.filter.mode = c.filter_mode;
        self.filter.generation = c.generation;
        if c.filter_text.is_empty() || self.set_filter(&c.filter_text).is_err() {
            self.rebuild_rows();
            self.relayout();
        }
        // The same message and scroll, or the end.
        if c.at_end {
            self.selected = self.pane.visible.len().saturating_sub(1);
            self.scroll = self.max_scroll();
        } else if let Some(m) = c.message {
            self.selected = self
                .pane
                .visible
                .iter()
                .position(|&v| v >= m)
                .unwrap_or(self.pane.visible.len().saturating_sub(1));
            let start = self.pane.starts.get(self.selected).copied().unwrap_or(0);
            self.scroll = (start as isize + c.offset).max(0) as usize;
            self.scroll = self.scroll.min(self.max_scroll());
            self.keep_selection_in_view();
        }
        self.keep_day_in_view();
        self.restore_popup(c.popup, &c.picker_names);
        // A live search that was being built for the old version is built
        // again for this one (by this app's builder, if it has one).
        if let Some((text, jump)) = c.building {
            if self.request_filter(&text).is_ok() {
                match self.builder.as_mut().and_then(|b| b.pending.as_mut()) {
                    Some(pending) => pending.jump = jump,
                    None if jump && self.filter.is_active() => self.goto_match(true, true),
                    None => {}
                }
            }
        }
    }

    fn restore_popup(&mut self, popup: Option<Popup>, names: &[(String, bool)]) {
        match popup {
            Some(Popup::Stats { scroll }) => {
                self.open_stats();
                self.popup = Some(Popup::Stats { scroll });
            }
            Some(Popup::Picker(mut p)) => {
                // Speaker ids are those of the new version.
                let speakers = &self.archive.speakers;
                p.results = names
                    .iter()
                    .filter_map(|(n, _)| speakers.find(n).map(|id| (id, Vec::new())))
                    .collect();
                p.selected = names
                    .iter()
                    .filter(|(_, s)| *s)
                    .filter_map(|(n, _)| speakers.find(n))
                    .collect();
                p.cursor = p.cursor.min(p.results.len().saturating_sub(1));
                p.scroll = p.scroll.min(p.cursor);
                self.popup = Some(Popup::Picker(p));
            }
            Some(Popup::Channels(p)) => {
                // Ranked and counted again over the new version.
                self.open_channel_picker();
                if let Some(Popup::Channels(q)) = &mut self.popup {
                    q.input = p.input;
                }
                self.channel_input_changed();
                if let Some(Popup::Channels(q)) = &mut self.popup {
                    q.cursor = p.cursor.min(q.results.len().saturating_sub(1));
                }
            }
            Some(Popup::Bookmarks { cursor }) => {
                let cursor = cursor.min(self.bookmarks.len().saturating_sub(1));
                self.popup = Some(Popup::Bookmarks { cursor });
            }
            other => self.popup = other,
        }
    }

    /// `F`: follow the archive, and go to the messages that arrived out of
    /// view (the first of them), else to the end of this channel.
    pub fn follow_jump(&mut self) {
        if let Some((d, m)) = self.follow.first_new.take() {
            if d < self.archive.days.len() {
                if d != self.day {
                    self.select_day(d);
                }
                self.selected = self
                    .pane
                    .visible
                    .iter()
                    .position(|&v| v >= m)
                    .unwrap_or(self.pane.visible.len().saturating_sub(1));
                self.show_selection_with_context();
            }
        } else if let Some(day) = self.current_day() {
            let last = self.archive.channels[day.channel as usize].days.end - 1;
            if last != self.day {
                self.select_day(last);
            }
            self.selected = self.pane.visible.len().saturating_sub(1);
            self.scroll = self.max_scroll();
        }
        self.follow.new = 0;
    }
}

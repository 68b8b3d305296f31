//! Bookmarks: `m` sets or clears one on the selected message, the list
//! shows them, and a jump goes back to one.

use crate::state::Bookmark;
use crate::tui::action::Action;
use crate::tui::app::{App, FilterMode, Popup};
use crate::tui::effects::Effect;
use crate::tui::keymap::Mode;

impl App<'_> {
    /// The bookmark of the selected message, as it would be stored.
    pub(super) fn selected_bookmark(&self) -> Option<Bookmark> {
        let day = self.current_day()?;
        let msg = &day.messages[*self.pane.visible.get(self.selected)? as usize];
        let body = day.body(msg);
        let excerpt: String = body.lines().next().unwrap_or("").chars().take(60).collect();
        Some(Bookmark {
            date: day.date.to_string(),
            channel: self.archive.channel_name(day).to_string(),
            line: msg.line,
            time: msg.time.to_string(),
            speaker: self.archive.speakers.name(msg.speaker).to_string(),
            excerpt,
        })
    }

    pub(super) fn toggle_bookmark(&mut self) {
        let Some(b) = self.selected_bookmark() else {
            self.say("no message to bookmark");
            return;
        };
        let same = |o: &Bookmark| o.date == b.date && o.channel == b.channel && o.line == b.line;
        if let Some(i) = self.bookmarks.iter().position(same) {
            self.bookmarks.remove(i);
            self.say("bookmark removed");
        } else {
            self.bookmarks.push(b);
            self.bookmarks
                .sort_by(|a, b| (&a.date, &a.channel, a.line).cmp(&(&b.date, &b.channel, b.line)));
            let key = self
                .keymap
                .first_key(Mode::Normal, Action::Bookmarks)
                .map(|k| k.to_string())
                .unwrap_or_default();
            self.say(&format!(
                "bookmarked ({} in all; {key} lists them)",
                self.bookmarks.len()
            ));
        }
        self.effects.push(Effect::SaveState);
    }

    pub(super) fn bookmark_list(&mut self, action: Action) {
        let Some(Popup::Bookmarks { cursor }) = &mut self.popup else {
            return;
        };
        let n = self.bookmarks.len();
        match action {
            Action::Down => *cursor = (*cursor + 1).min(n.saturating_sub(1)),
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Delete if *cursor < n => {
                self.bookmarks.remove(*cursor);
                *cursor = (*cursor).min(self.bookmarks.len().saturating_sub(1));
                self.effects.push(Effect::SaveState);
                if self.bookmarks.is_empty() {
                    self.popup = None;
                }
            }
            Action::Submit => {
                let at = *cursor;
                self.popup = None;
                if let Some(b) = self.bookmarks.get(at).cloned() {
                    self.jump_to_bookmark(&b);
                }
            }
            Action::Cancel | Action::Quit => self.popup = None,
            _ => {}
        }
    }

    /// Selects the bookmarked message, or says why it cannot.
    pub fn jump_to_bookmark(&mut self, b: &Bookmark) {
        let found = self.archive.days.iter().position(|d| {
            d.date.to_string() == b.date && self.archive.channel_name(d) == b.channel
        });
        let Some(d) = found else {
            self.say(&format!(
                "the day {} of {} is not in this archive any more",
                b.date, b.channel
            ));
            return;
        };
        if !self.day_listed(d) {
            self.filter.mode = FilterMode::Highlight;
            self.rebuild_rows();
        }
        self.select_day(d);
        let day = &self.archive.days[d];
        match self
            .pane
            .visible
            .iter()
            .position(|&m| day.messages[m as usize].line == b.line)
        {
            Some(i) => {
                self.selected = i;
                self.show_selection_with_context();
            }
            None => {
                self.say("the bookmarked message is hidden by the filter or gone from the file");
            }
        }
    }
}

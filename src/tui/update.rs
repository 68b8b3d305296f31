//! The only place the interface's state changes: keys and mouse events
//! become actions, actions update the [`App`].

use std::collections::HashSet;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

mod bookmarks;
mod filter;
mod navigate;

pub use navigate::DateTarget;

use super::action::Action;
use super::app::{
    App, FilterMode, Focus, Input, ListRow, LiveSearch, Notice, Picker, Popup, Prompt, PromptKind,
};
use super::effects::Effect;
use super::keymap::{Key, Mode};
use crate::model::SpeakerId;
use crate::query::{Item, speaker_scores};
use crate::speaker;

/// A message's text as `y` and `Y` copy it: the body as written, then its
/// attachments with their whole targets.
fn copy_text<'a>(
    day: &'a crate::model::Day,
    msg: &crate::model::Message,
) -> std::borrow::Cow<'a, str> {
    crate::present::with_cards(day, msg, std::borrow::Cow::Borrowed(day.body(msg)), true)
}

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

impl App<'_> {
    /// Handles a key press.
    pub fn on_key(&mut self, event: KeyEvent) {
        let key = Key::from_event(event);
        let mode = self.mode();
        self.notice = None;
        if let Some(action) = self.keymap.resolve(mode, key) {
            self.update(action);
            return;
        }
        match mode {
            Mode::Prompt | Mode::Picker => self.edit_input(event),
            Mode::Normal | Mode::Help | Mode::List => {}
        }
    }

    /// Handles pasted text (bracketed paste): in a prompt or the picker it
    /// is inserted at the cursor as one edit, line breaks and tabs as
    /// spaces and other controls dropped; elsewhere it is not a command.
    pub fn on_paste(&mut self, text: &str) {
        self.notice = None;
        let mut clean = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\r' | '\n' | '\t' => {
                    if !clean.ends_with(' ') || c == '\t' {
                        clean.push(' ');
                    }
                }
                c if c.is_control() => {}
                c => clean.push(c),
            }
        }
        let Some(input) = (match &mut self.popup {
            Some(Popup::Prompt(p)) => Some(&mut p.input),
            Some(Popup::Picker(p)) => Some(&mut p.input),
            Some(Popup::Channels(p)) => Some(&mut p.input),
            _ => None,
        }) else {
            let key = self
                .keymap
                .first_key(Mode::Normal, Action::Search)
                .map(|k| k.to_string())
                .unwrap_or_default();
            self.say(&format!(
                "pasted text is not a command: {key} opens the search"
            ));
            return;
        };
        if clean.is_empty() {
            return;
        }
        input.insert_str(&clean);
        self.input_changed();
    }

    /// Typing in a prompt or the picker's filter.
    fn edit_input(&mut self, event: KeyEvent) {
        let Some(input) = (match &mut self.popup {
            Some(Popup::Prompt(p)) => Some(&mut p.input),
            Some(Popup::Picker(p)) => Some(&mut p.input),
            Some(Popup::Channels(p)) => Some(&mut p.input),
            _ => None,
        }) else {
            return;
        };
        let before = input.text.clone();
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Char('u') if ctrl => input.clear(),
            KeyCode::Char('w') if ctrl => input.delete_word(),
            KeyCode::Char('a') if ctrl => input.home(),
            KeyCode::Char('e') if ctrl => input.end(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => input.insert(c),
            KeyCode::Backspace => input.backspace(),
            KeyCode::Delete => input.delete(),
            KeyCode::Left => input.left(),
            KeyCode::Right => input.right(),
            KeyCode::Home => input.home(),
            KeyCode::End => input.end(),
            _ => {}
        }
        if input.text != before {
            self.input_changed();
        }
    }

    /// Reacts to new text in the open prompt or picker.
    fn input_changed(&mut self) {
        match &self.popup {
            Some(Popup::Prompt(p)) if p.kind == PromptKind::Search => {
                if self.live_search != LiveSearch::Immediate {
                    self.live_search = LiveSearch::Due;
                    return;
                }
                // Matches highlight as you type; a query that does not parse
                // yet keeps the last good one and says why.
                let text = p.input.text.clone();
                let error = self.request_filter(&text).err();
                if let Some(Popup::Prompt(p)) = &mut self.popup {
                    p.error = error;
                }
            }
            Some(Popup::Prompt(_)) => {
                if let Some(Popup::Prompt(p)) = &mut self.popup {
                    p.error = None;
                }
            }
            Some(Popup::Picker(p)) => {
                let results = ranked_speakers(self, &p.input.text, &p.selected);
                if let Some(Popup::Picker(p)) = &mut self.popup {
                    p.results = results;
                    p.cursor = 0;
                    p.scroll = 0;
                }
            }
            Some(Popup::Channels(_)) => self.channel_input_changed(),
            _ => {}
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Suspend {
            self.effects.push(Effect::Suspend);
            return;
        }
        if self.refused_while_loading(action) {
            return;
        }
        match self.mode() {
            Mode::Normal => self.normal(action),
            Mode::Help => self.help(action),
            Mode::Prompt => self.prompt(action),
            Mode::List => self.bookmark_list(action),
            Mode::Picker => self.picker(action),
        }
    }

    fn normal(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Days if self.day_list_visible() => Focus::Messages,
                    _ if self.day_list_visible() => Focus::Days,
                    _ => Focus::Messages,
                }
            }
            Action::FocusDays => {
                if self.day_list_visible() {
                    self.focus = Focus::Days;
                }
            }
            Action::FocusMessages => self.focus = Focus::Messages,
            Action::Down => match self.focus {
                Focus::Days => self.step_day(1),
                Focus::Messages => self.message_down(),
            },
            Action::Up => match self.focus {
                Focus::Days => self.step_day(-1),
                Focus::Messages => self.message_up(),
            },
            Action::PageDown | Action::HalfPageDown | Action::PageUp | Action::HalfPageUp => {
                self.page(action);
            }
            Action::First => match self.focus {
                Focus::Days => {
                    let first = self.listed_days().next();
                    if let Some(d) = first {
                        self.select_day(d);
                    }
                }
                Focus::Messages => {
                    self.selected = 0;
                    self.scroll = 0;
                }
            },
            Action::Last => match self.focus {
                Focus::Days => {
                    let last = self.listed_days().last();
                    if let Some(d) = last {
                        self.select_day(d);
                    }
                }
                Focus::Messages => {
                    self.selected = self.pane.visible.len().saturating_sub(1);
                    self.scroll = self.max_scroll();
                }
            },
            Action::NextDay => self.step_day(1),
            Action::PrevDay => self.step_day(-1),
            Action::NextMonth => self.step_month(true),
            Action::PrevMonth => self.step_month(false),
            Action::NextChannel => self.step_channel(true),
            Action::PrevChannel => self.step_channel(false),
            Action::PickChannel => self.open_channel_picker(),
            Action::GoToDate => self.open_prompt(PromptKind::Date, ""),
            Action::Search => {
                let text = self.filter.text.clone();
                self.open_prompt(PromptKind::Search, &text);
            }
            Action::NextMatch => self.goto_match(true, false),
            Action::PrevMatch => self.goto_match(false, false),
            Action::PickSpeakers => self.open_picker(),
            Action::ToggleFilter => {
                self.filter.mode = match self.filter.mode {
                    FilterMode::Highlight => FilterMode::Only,
                    FilterMode::Only => FilterMode::Highlight,
                };
                let what = match self.filter.mode {
                    FilterMode::Only => "filter mode: only matching messages and days",
                    FilterMode::Highlight => "highlight mode: every message, matches marked",
                };
                let text = if self.filter.is_active() {
                    what.to_string()
                } else {
                    format!("{what} (no filter yet: / to search, @ for speakers)")
                };
                self.say(&text);
                self.rebuild_rows();
                self.relayout();
            }
            Action::ClearFilter => {
                let pending = self.builder.as_ref().is_some_and(|b| b.pending.is_some());
                if self.filter.is_active() || pending {
                    let _ = self.set_filter("");
                    self.say("filter cleared");
                }
            }
            Action::ToggleDayList => {
                if self.day_list_visible() {
                    self.focus_before_hiding = Some(self.focus);
                    self.day_list_shown = Some(false);
                    self.focus = Focus::Messages;
                } else {
                    // Back where it was; brought out on a narrow screen, the list.
                    self.day_list_shown = Some(true);
                    self.focus = self.focus_before_hiding.take().unwrap_or(Focus::Days);
                }
                self.resize(self.area);
            }
            Action::ToggleSystem => {
                self.hide_system = !self.hide_system;
                let key = self
                    .keymap
                    .first_key(Mode::Normal, Action::ToggleSystem)
                    .map(|k| k.to_string())
                    .unwrap_or_default();
                let shown = self.current_day().map_or(0, |d| {
                    d.messages
                        .iter()
                        .filter(|m| m.kind == crate::model::MessageKind::System)
                        .count()
                });
                self.say(&if self.hide_system {
                    format!("system messages hidden ({shown} on this day; {key} shows them)")
                } else {
                    format!("system messages shown ({shown} on this day)")
                });
                self.refilter();
            }
            Action::Copy => self.copy_message(),
            Action::CopyDay => self.copy_day(),
            Action::Open => self.open_link(),
            Action::GoToParent => self.go_to_parent(),
            Action::Bookmark => self.toggle_bookmark(),
            Action::Bookmarks => {
                if self.bookmarks.is_empty() {
                    let key = self
                        .keymap
                        .first_key(Mode::Normal, Action::Bookmark)
                        .map(|k| k.to_string())
                        .unwrap_or_default();
                    self.say(&format!(
                        "no bookmarks yet: {key} marks the selected message"
                    ));
                } else {
                    self.popup = Some(Popup::Bookmarks { cursor: 0 });
                }
            }
            Action::Stats => self.open_stats(),
            Action::Follow => {
                if !self.follow.active {
                    self.effects.push(Effect::Follow);
                }
                self.follow_jump();
            }
            Action::Expand => self.toggle_whole_message(),
            Action::Submit | Action::Cancel | Action::Toggle | Action::Delete | Action::Suspend => {
            }
        }
    }

    /// Shows all of the selected message when it is cut after its first
    /// screens, or cuts it again.
    fn toggle_whole_message(&mut self) {
        let Some(&m) = self.pane.visible.get(self.selected) else {
            self.say("no message selected");
            return;
        };
        let key = (self.day, m);
        if self.expanded.remove(&key) {
            self.relayout();
            self.say("showing the first screens of the message");
        } else if let Some(more) = self.wrapped.messages.get(m as usize).and_then(|l| l.more) {
            self.expanded.insert(key);
            self.relayout();
            let rows = self.pane.heights.get(self.selected).copied().unwrap_or(0);
            self.say(&format!(
                "showing all of the message: {} rows ({} were hidden)",
                super::wrapped::grouped(rows),
                more.label().trim_start_matches("… ")
            ));
        } else {
            self.say("the whole message is shown");
        }
    }

    /// The selected message as `date time speaker: body`.
    fn selected_text(&self) -> Option<String> {
        let day = self.current_day()?;
        let msg = &day.messages[*self.pane.visible.get(self.selected)? as usize];
        let name = crate::speaker::label(self.archive.speakers.name(msg.speaker));
        // An empty body leaves no space after the colon.
        Some(
            format!("{} {} {name}: {}", day.date, msg.time, copy_text(day, msg))
                .trim_end()
                .to_string(),
        )
    }

    fn copy_message(&mut self) {
        match self.selected_text() {
            Some(text) => {
                let n = text.chars().count();
                self.effects.push(Effect::Copy(text));
                self.say(&format!("copied the message ({n} characters)"));
            }
            None => self.say("no message to copy"),
        }
    }

    fn copy_day(&mut self) {
        let Some(day) = self.current_day() else {
            return;
        };
        let mut text = format!(
            "{} {} · {}\n",
            day.date,
            day.date.format("%A"),
            self.archive.channel_name(day)
        );
        for msg in &day.messages {
            let name = crate::speaker::label(self.archive.speakers.name(msg.speaker));
            let line = format!("{} {name}: {}", msg.time, copy_text(day, msg));
            text.push_str(line.trim_end());
            text.push('\n');
        }
        let n = day.messages.len();
        self.effects.push(Effect::Copy(text));
        self.say(&format!(
            "copied the day ({})",
            crate::present::plural(n, "message")
        ));
    }

    fn open_link(&mut self) {
        let Some(day) = self.current_day() else {
            return;
        };
        let Some(&m) = self.pane.visible.get(self.selected) else {
            return;
        };
        let msg = &day.messages[m as usize];
        // The links and images of the body first, then the attachments'.
        let spans = day
            .spans(msg)
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    crate::model::SpanKind::Link | crate::model::SpanKind::Image
                )
            })
            .map(|s| &day.text[s.target.range()]);
        let cards = day
            .attachments(m as usize)
            .iter()
            .map(|a| day.str(a.target));
        let mut targets = spans.chain(cards).filter(|t| !t.trim().is_empty());
        let url = targets.clone().find(|u| super::effects::openable(u));
        match url {
            Some(u) => {
                self.say(&format!("opening {u}"));
                self.effects.push(Effect::Open(u.to_string()));
            }
            None => match targets.next() {
                // A file of the export: daybook opens only web links.
                Some(t) => self.say(&format!(
                    "not a web link: {t} (y copies the message with it)"
                )),
                None => self.say("no web link or image in this message"),
            },
        }
    }

    /// Selects the message the selected one replies to, in whatever day it
    /// is; says so when it is not a reply or its parent is not in the archive.
    fn go_to_parent(&mut self) {
        let Some(&m) = self.pane.visible.get(self.selected) else {
            self.say("no message selected");
            return;
        };
        let Some(day) = self.current_day() else {
            return;
        };
        let target = match day.reply(m as usize) {
            None => {
                self.say("the selected message is not a reply");
                return;
            }
            Some(crate::model::Reply::Missing(id)) => {
                let text = format!(
                    "message {} is not in this archive",
                    crate::text::sanitize_line(id)
                );
                self.say(&text);
                return;
            }
            Some(crate::model::Reply::Found(r)) => r,
        };
        self.select_message(target.day as usize, target.message);
        let when = self.archive.days[target.day as usize].date;
        let at = self.archive.days[target.day as usize].messages[target.message as usize].time;
        self.say(&format!("the message this one replies to ({when} {at})"));
    }

    /// Selects message `message` of day `day`, showing every message of
    /// that day when the filter hides it (and system messages when it is
    /// one and they are hidden).
    pub fn select_message(&mut self, day: usize, message: u32) {
        if day >= self.archive.days.len() {
            return;
        }
        let hidden = |app: &Self| {
            app.filter.is_active()
                && app.filter.mode == FilterMode::Only
                && !app.pane.visible.contains(&message)
        };
        if !self.day_listed(day) {
            self.filter.mode = FilterMode::Highlight;
            self.rebuild_rows();
        }
        if self.day != day {
            self.select_day(day);
        }
        // A hidden system message is shown again, with the others.
        let system = self.archive.days[day]
            .messages
            .get(message as usize)
            .is_some_and(|m| m.kind == crate::model::MessageKind::System);
        if system && self.hide_system {
            self.hide_system = false;
            self.refilter();
        }
        if hidden(self) {
            self.filter.mode = FilterMode::Highlight;
            self.rebuild_rows();
            self.relayout();
        }
        if let Some(i) = self.pane.visible.iter().position(|&v| v == message) {
            self.selected = i;
            self.keep_selection_in_view();
        }
    }

    pub(super) fn open_stats(&mut self) {
        self.stats_generation += 1;
        self.popup = Some(Popup::Stats { scroll: 0 });
        let query = self.filter.query.clone();
        if let Some(jobs) = &self.jobs {
            jobs.send_stats(super::worker::StatsJob {
                generation: self.stats_generation,
                query,
            });
        } else {
            let stats = crate::query::stats::Stats::compute(
                self.archive,
                self.filter.matcher.as_ref(),
                super::worker::STATS_TOP,
            );
            self.stats = Some((self.stats_generation, Box::new(stats)));
        }
    }

    /// Takes in the statistics view's figures from the worker.
    pub fn apply_stats(&mut self, generation: u64, stats: Box<crate::query::stats::Stats>) {
        if generation == self.stats_generation {
            self.stats = Some((generation, stats));
        }
    }

    fn help(&mut self, action: Action) {
        // Scrolling stops at the end, so that the way back starts at once.
        let max = match &self.popup {
            Some(Popup::Help { .. }) => super::view::help_max_scroll(self, self.area),
            Some(Popup::Stats { .. }) => super::view::stats_max_scroll(self, self.area),
            _ => return,
        };
        let Some(Popup::Help { scroll } | Popup::Stats { scroll }) = &mut self.popup else {
            return;
        };
        *scroll = (*scroll).min(max);
        match action {
            Action::Down => *scroll = (*scroll + 1).min(max),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => *scroll = (*scroll + 10).min(max),
            Action::PageUp | Action::HalfPageUp => *scroll = scroll.saturating_sub(10),
            Action::Quit => self.quit = true,
            _ => self.popup = None,
        }
    }

    fn prompt(&mut self, action: Action) {
        let Some(Popup::Prompt(p)) = &self.popup else {
            return;
        };
        let p = p.clone();
        if matches!(action, Action::Cancel | Action::Submit) && self.live_search == LiveSearch::Due
        {
            self.live_search = LiveSearch::Deferred;
        }
        match action {
            Action::Cancel => {
                self.popup = None;
                if p.kind == PromptKind::Search {
                    let _ = self.request_filter(&p.before);
                }
            }
            Action::Submit => match p.kind {
                PromptKind::Search => {
                    let text = p.input.text.clone();
                    if let Err(e) = self.request_filter(&text) {
                        if let Some(Popup::Prompt(open)) = &mut self.popup {
                            open.error = Some(e);
                        }
                        return;
                    }
                    self.popup = None;
                    self.jump_when_built();
                }
                PromptKind::Date => match self.resolve_date(&p.input.text) {
                    Ok(date) => {
                        self.popup = None;
                        self.go_to_date(date);
                    }
                    Err(e) => {
                        if let Some(Popup::Prompt(open)) = &mut self.popup {
                            open.error = Some(e);
                        }
                    }
                },
            },
            _ => {}
        }
    }

    fn picker(&mut self, action: Action) {
        if matches!(self.popup, Some(Popup::Channels(_))) {
            self.channel_picker(action);
            return;
        }
        let page = usize::from(self.area.height / 2).max(1);
        let Some(Popup::Picker(p)) = &mut self.popup else {
            return;
        };
        let n = p.results.len();
        match action {
            Action::Cancel => self.popup = None,
            Action::Down => p.cursor = (p.cursor + 1).min(n.saturating_sub(1)),
            Action::Up => p.cursor = p.cursor.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => {
                p.cursor = (p.cursor + page).min(n.saturating_sub(1));
            }
            Action::PageUp | Action::HalfPageUp => p.cursor = p.cursor.saturating_sub(page),
            Action::Toggle => {
                if let Some(&(id, _)) = p.results.get(p.cursor) {
                    if !p.selected.remove(&id) {
                        p.selected.insert(id);
                    }
                    p.cursor = (p.cursor + 1).min(n.saturating_sub(1));
                }
            }
            Action::Submit => {
                let mut ids: Vec<SpeakerId> = p.selected.iter().copied().collect();
                if ids.is_empty() {
                    ids.extend(p.results.get(p.cursor).map(|&(id, _)| id));
                }
                ids.sort();
                self.popup = None;
                self.apply_speakers(&ids);
            }
            _ => {}
        }
    }

    /// Shows a notice in the status line until the next key.
    pub fn say(&mut self, text: &str) {
        self.notice = Some(Notice {
            text: text.to_string(),
            error: false,
        });
    }

    fn open_prompt(&mut self, kind: PromptKind, text: &str) {
        self.popup = Some(Popup::Prompt(Prompt {
            kind,
            input: Input::new(text),
            error: None,
            before: self.filter.text.clone(),
        }));
    }

    fn open_picker(&mut self) {
        // The speakers the filter names exactly, as the picker writes them.
        let selected: HashSet<SpeakerId> = self
            .filter
            .query
            .speakers()
            .flat_map(|n| {
                self.archive
                    .speakers
                    .iter()
                    .filter(move |(_, s)| speaker::names(n, &s.name))
                    .map(|(id, _)| id)
            })
            .collect();
        let results = ranked_speakers(self, "", &selected);
        self.popup = Some(Popup::Picker(Picker {
            input: Input::default(),
            results,
            cursor: 0,
            scroll: 0,
            selected,
        }));
    }

    /// Replaces the query's `from:` items by exact names of `ids`.
    fn apply_speakers(&mut self, ids: &[SpeakerId]) {
        let mut q = self.filter.query.clone();
        let mut i = 0;
        while i < q.items().len() {
            if matches!(q.items()[i], Item::From { negated: false, .. }) {
                q.remove(i);
            } else {
                i += 1;
            }
        }
        // As shown: the speaker without a name is `(no name)`.
        let names: Vec<std::borrow::Cow<'_, str>> = ids
            .iter()
            .map(|&id| speaker::label(self.archive.speakers.name(id)))
            .collect();
        q.push_speakers(&names);
        let text = q.to_string();
        if self.request_filter(&text).is_ok() {
            self.jump_when_built();
        }
    }

    /// Selects day `d` and shows its first message.
    pub fn select_day(&mut self, d: usize) {
        if d >= self.archive.days.len() {
            return;
        }
        let left = self.day;
        self.day = d;
        self.selected = 0;
        self.scroll = 0;
        self.relayout();
        if left != d && self.filter.is_active() && self.filter.mode == FilterMode::Only {
            // The day left was listed while selected even without matches.
            self.rebuild_rows();
        } else {
            self.keep_day_in_view();
        }
    }

    fn message_down(&mut self) {
        let h = self.pane_height().max(1);
        let (Some(&start), Some(&height)) = (
            self.pane.starts.get(self.selected),
            self.pane.heights.get(self.selected),
        ) else {
            return;
        };
        if start + height > self.scroll + h {
            // A message taller than the screen scrolls before the next is selected.
            self.scroll = (self.scroll + 1).min(self.max_scroll());
        } else if self.selected + 1 < self.pane.visible.len() {
            self.selected += 1;
            self.keep_selection_in_view();
        }
    }

    fn message_up(&mut self) {
        let Some(&start) = self.pane.starts.get(self.selected) else {
            return;
        };
        let body_start = start + usize::from(self.pane.gaps[self.selected]);
        if body_start < self.scroll
            && self.selected < self.pane.visible.len()
            && self.pane.heights[self.selected] > self.pane_height()
        {
            self.scroll -= 1;
        } else if self.selected > 0 {
            self.selected -= 1;
            let (s, hgt) = (
                self.pane.starts[self.selected],
                self.pane.heights[self.selected],
            );
            if s < self.scroll || s + hgt > self.scroll + self.pane_height() {
                // Show the previous message from its top, or its end when it is tall.
                self.scroll = if hgt > self.pane_height() {
                    (s + hgt).saturating_sub(self.pane_height())
                } else {
                    s
                };
            }
            self.scroll = self.scroll.min(self.max_scroll());
        }
    }

    fn page(&mut self, action: Action) {
        let full = matches!(action, Action::PageDown | Action::PageUp);
        let down = matches!(action, Action::PageDown | Action::HalfPageDown);
        match self.focus {
            Focus::Days => {
                let h = self.list_height().max(2);
                let by = if full { h - 1 } else { h / 2 };
                self.step_day(if down { by as isize } else { -(by as isize) });
            }
            Focus::Messages => {
                let h = self.pane_height().max(2);
                let by = if full { h - 1 } else { h / 2 };
                let before = self.scroll;
                self.scroll = if down {
                    (self.scroll + by).min(self.max_scroll())
                } else {
                    self.scroll.saturating_sub(by)
                };
                if self.scroll == before {
                    // At an end already: the selection goes to the end.
                    self.selected = if down {
                        self.pane.visible.len().saturating_sub(1)
                    } else {
                        0
                    };
                    self.keep_selection_in_view();
                } else {
                    self.select_in_view(down);
                }
            }
        }
    }

    /// After a scroll, moves the selection onto a message in view: the
    /// first whose top is in view when going down, the last when going up.
    fn select_in_view(&mut self, down: bool) {
        if self.pane.visible.is_empty() {
            return;
        }
        let h = self.pane_height().max(1);
        let first = self.message_at_row(self.scroll);
        let last = self.message_at_row((self.scroll + h).saturating_sub(1));
        let first_full = if self.pane.starts[first] < self.scroll && first < last {
            first + 1
        } else {
            first
        };
        if self.selected < first_full || self.selected > last {
            self.selected = if down { first_full } else { last };
        }
    }

    /// Handles a mouse event: the wheel scrolls what is under the pointer, a click selects.
    pub fn on_mouse(&mut self, event: MouseEvent) {
        let at = Position::new(event.column, event.row);
        let over = |r: Rect| r.contains(at);
        if self.popup.is_some() {
            return;
        }
        match event.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = event.kind == MouseEventKind::ScrollDown;
                if over(self.regions.list) {
                    let max = self.rows.len().saturating_sub(self.list_height());
                    self.list_scroll = if down {
                        (self.list_scroll + WHEEL_ROWS).min(max)
                    } else {
                        self.list_scroll.saturating_sub(WHEEL_ROWS)
                    };
                } else if over(self.regions.pane) {
                    self.scroll = if down {
                        (self.scroll + WHEEL_ROWS).min(self.max_scroll())
                    } else {
                        self.scroll.saturating_sub(WHEEL_ROWS)
                    };
                    self.select_in_view(down);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if over(self.regions.list_inner) {
                    let row = self.list_scroll + usize::from(event.row - self.regions.list_inner.y);
                    if let Some(ListRow::Day(d)) = self.rows.get(row).copied() {
                        self.focus = Focus::Days;
                        self.select_day(d);
                    }
                } else if over(self.regions.pane_inner) {
                    let row = self.scroll + usize::from(event.row - self.regions.pane_inner.y);
                    if row < self.pane.total_rows {
                        self.focus = Focus::Messages;
                        self.selected = self.message_at_row(row);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Speakers for the picker: fuzzy-ranked, with matched char indices; with
/// nothing typed, the `selected` ones first.
fn ranked_speakers(
    app: &App<'_>,
    pattern: &str,
    selected: &HashSet<SpeakerId>,
) -> Vec<(SpeakerId, Vec<usize>)> {
    let mut ranked: Vec<(SpeakerId, Vec<usize>)> = speaker_scores(app.archive, pattern)
        .into_iter()
        .filter(|(id, _, _)| app.archive.speakers.get(*id).messages > 0)
        .map(|(id, _, idx)| (id, idx))
        .collect();
    if pattern.trim().is_empty() {
        // A stable sort keeps the order by message count within each part.
        ranked.sort_by_key(|(id, _)| !selected.contains(id));
    }
    ranked
}

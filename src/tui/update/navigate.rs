//! Moving between days, months, dates and channels: `]` `[` `}` `{`, the
//! date prompt (`:`), `>` `<` and the channel picker (`#`).

use chrono::{Datelike, Duration, NaiveDate};

use crate::model::ChannelId;
use crate::query::channel_scores;
use crate::tui::action::Action;
use crate::tui::app::{App, ChannelInfo, ChannelPicker, Input, Popup};
use crate::tui::display::channel_label;

/// What the date prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTarget {
    /// One date: `2018-01-22`, or `01-22` in the selected day's year.
    Day(NaiveDate),
    /// The first day of a month: `2018-03`.
    Month(i32, u32),
    /// The first day of a year: `2018`.
    Year(i32),
    /// `-3` or `+3`: the nearest day at or before (`back`), or at or after,
    /// the date that many days from the selected day.
    Offset { date: NaiveDate, back: bool },
}

impl DateTarget {
    /// The first and last date of the period asked for.
    fn period(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            DateTarget::Day(d) | DateTarget::Offset { date: d, .. } => Some((d, d)),
            DateTarget::Month(y, m) => {
                let first = NaiveDate::from_ymd_opt(y, m, 1)?;
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                Some((first, next.map_or(first, |n| n - Duration::days(1))))
            }
            DateTarget::Year(y) => Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            )),
        }
    }

    /// The period as the user wrote it: `2018-03-01`, `2018-03`, `2018`.
    fn label(self) -> String {
        match self {
            DateTarget::Day(d) | DateTarget::Offset { date: d, .. } => d.to_string(),
            DateTarget::Month(y, m) => format!("{y}-{m:02}"),
            DateTarget::Year(y) => y.to_string(),
        }
    }
}

impl App<'_> {
    /// The channel of the selected day.
    pub fn channel(&self) -> Option<ChannelId> {
        self.current_day().map(|d| d.channel)
    }

    /// `#name`, with a channel's position when there are several and its
    /// app when they come from several apps (`WhatsApp #Family`).
    fn channel_label(&self, c: ChannelId) -> String {
        let channel = &self.archive.channels[c as usize];
        let name = channel_label(channel);
        let n = self.archive.channels.len();
        if self.archive.several_apps() {
            format!("{} {name} (channel {} of {n})", channel.app, c + 1)
        } else if n > 1 {
            format!("{name} (channel {} of {n})", c + 1)
        } else {
            name
        }
    }

    /// Selects day `d`, saying so when that leaves the channel.
    fn select_day_across(&mut self, d: usize) {
        let before = self.channel();
        self.select_day(d);
        let now = self.channel();
        if let (Some(b), Some(c)) = (before, now) {
            if b != c {
                let label = self.channel_label(c);
                let date = self.archive.days[d].date;
                self.say(&format!("now in {label}: {date}"));
            }
        }
    }

    /// Moves `by` days in list order.
    pub(super) fn step_day(&mut self, by: isize) {
        let days: Vec<usize> = self.listed_days().collect();
        let Some(at) = days.iter().position(|&d| d == self.day) else {
            return;
        };
        let to = at
            .saturating_add_signed(by)
            .min(days.len().saturating_sub(1));
        if to == at {
            self.say(if by > 0 {
                "this is the last day"
            } else {
                "this is the first day"
            });
        } else {
            self.select_day_across(days[to]);
        }
    }

    /// Goes to the first day of the next or previous month in list order.
    pub(super) fn step_month(&mut self, forward: bool) {
        let days: Vec<usize> = self.listed_days().collect();
        let Some(at) = days.iter().position(|&d| d == self.day) else {
            return;
        };
        let key = |d: usize| {
            let day = &self.archive.days[d];
            (day.channel, day.date.year(), day.date.month())
        };
        let here = key(self.day);
        let month_start = days.iter().copied().find(|&d| key(d) == here);
        let target = if forward {
            days[at..].iter().copied().find(|&d| key(d) != here)
        } else if month_start.is_some_and(|d| d != self.day) {
            // Back to the start of this month first, as { does in a text.
            month_start
        } else {
            // The first day of the month before this one.
            days[..at]
                .iter()
                .rev()
                .copied()
                .find(|&d| key(d) != here)
                .map(|prev| {
                    let k = key(prev);
                    days.iter().copied().find(|&d| key(d) == k).unwrap_or(prev)
                })
        };
        match target {
            Some(d) => self.select_day_across(d),
            None => self.say(if forward {
                "this is the last month"
            } else {
                "this is the first month"
            }),
        }
    }

    /// Reads a date prompt: `2018-01-22`, `01-22`, `2018-01`, `2018`, `-3`, `+3`.
    pub fn resolve_date(&self, text: &str) -> Result<DateTarget, String> {
        let t = text.trim();
        let today = self
            .current_day()
            .map(|d| d.date)
            .ok_or("the archive has no days")?;
        let bad = || format!("{t:?} is not a date: try 2018-01-22, 01-22, 2018-01, 2018 or -3");
        if let Some(n) = t.strip_prefix(['-', '+']) {
            let n: i64 = n.parse().map_err(|_| bad())?;
            let back = t.starts_with('-');
            let date = Duration::try_days(if back { -n } else { n })
                .and_then(|d| today.checked_add_signed(d))
                .ok_or_else(bad)?;
            return Ok(DateTarget::Offset { date, back });
        }
        let parts: Vec<&str> = t.split(['-', '/']).collect();
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
        let target = match parts.as_slice() {
            [y, m, d] => {
                NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?).map(DateTarget::Day)
            }
            [a, b] if a.len() == 4 => {
                let (y, m) = (num(a)? as i32, num(b)?);
                NaiveDate::from_ymd_opt(y, m, 1).map(|_| DateTarget::Month(y, m))
            }
            [m, d] => NaiveDate::from_ymd_opt(today.year(), num(m)?, num(d)?).map(DateTarget::Day),
            [y] if y.len() == 4 => {
                let y = num(y)? as i32;
                NaiveDate::from_ymd_opt(y, 1, 1).map(|_| DateTarget::Year(y))
            }
            _ => None,
        };
        target.ok_or_else(bad)
    }

    /// Lands where the date prompt asked: see [`DateTarget`]. A date the
    /// current channel lacks is looked for in the other channels, then the
    /// nearest day with messages is taken; the status line says which.
    pub fn go_to_date(&mut self, target: DateTarget) {
        let Some(here) = self.channel() else {
            self.say("the archive has no days");
            return;
        };
        let Some((from, to)) = target.period() else {
            return;
        };
        let archive = self.archive;
        let listed: Vec<usize> = self.listed_days().collect();
        let date_of = |d: usize| archive.days[d].date;
        let channel_of = |d: usize| archive.days[d].channel;
        let has_messages = |d: usize| !archive.days[d].messages.is_empty();
        let several = archive.channels.len() > 1;
        let here_name = channel_label(&archive.channels[here as usize]);

        if let DateTarget::Offset { date, back } = target {
            let mut in_here = listed
                .iter()
                .copied()
                .filter(|&d| channel_of(d) == here && (has_messages(d) || d == self.day));
            let found = if back {
                in_here.rfind(|&d| date_of(d) <= date)
            } else {
                in_here.find(|&d| date_of(d) >= date)
            };
            let Some(d) = found else {
                let side = if back { "on or before" } else { "on or after" };
                let in_channel = if several {
                    format!(" in {here_name}")
                } else {
                    String::new()
                };
                self.say(&format!("no day {side} {date}{in_channel}"));
                return;
            };
            self.select_day(d);
            if date_of(d) != date {
                let side = if back { "before" } else { "after" };
                self.say(&format!(
                    "no messages on {date}; the nearest day {side} it: {}",
                    date_of(d)
                ));
            }
            return;
        }

        let within = |d: usize| (from..=to).contains(&date_of(d));
        // An exact date is taken even without messages; a month or a year
        // starts at its first day that has some.
        let exact = matches!(target, DateTarget::Day(_));
        let usable = |d: usize| within(d) && (exact || has_messages(d));
        if let Some(d) = listed
            .iter()
            .copied()
            .find(|&d| channel_of(d) == here && usable(d))
        {
            self.select_day(d);
            return;
        }
        // Another channel has it: the earliest such day, channels in order.
        if let Some(d) = listed
            .iter()
            .copied()
            .filter(|&d| usable(d))
            .min_by_key(|&d| (date_of(d), channel_of(d)))
        {
            self.select_day(d);
            let what = if exact {
                format!("{here_name} has no {}", target.label())
            } else {
                format!("{here_name} has no day in {}", target.label())
            };
            let there = channel_label(&archive.channels[channel_of(d) as usize]);
            self.say(&format!("{what}; showing {} in {there}", date_of(d)));
            return;
        }
        // The nearest day with messages, in this channel first.
        let nearest = |same: bool| {
            listed
                .iter()
                .copied()
                .filter(|&d| !same || channel_of(d) == here)
                .filter(|&d| has_messages(d))
                .min_by_key(|&d| ((date_of(d) - from).num_days().abs(), date_of(d) < from))
        };
        match nearest(true).or_else(|| nearest(false)) {
            Some(d) => {
                self.select_day(d);
                let on = if exact { "on" } else { "in" };
                let there = if several && channel_of(d) != here {
                    format!(
                        " in {}",
                        channel_label(&archive.channels[channel_of(d) as usize])
                    )
                } else {
                    String::new()
                };
                self.say(&format!(
                    "no messages {on} {}; nearest day: {}{there}",
                    target.label(),
                    date_of(d)
                ));
            }
            None => self.say("no day has messages"),
        }
    }

    /// The channels that have days in the day list, in order.
    fn listed_channels(&self) -> Vec<ChannelId> {
        let mut channels: Vec<ChannelId> = self
            .listed_days()
            .map(|d| self.archive.days[d].channel)
            .collect();
        channels.dedup();
        channels
    }

    /// `>` and `<`: the next or previous channel, on the same date or the nearest.
    pub(super) fn step_channel(&mut self, forward: bool) {
        let channels = self.listed_channels();
        if channels.len() < 2 {
            self.say("this archive has one channel");
            return;
        }
        let Some(at) = self
            .channel()
            .and_then(|c| channels.iter().position(|&x| x == c))
        else {
            return;
        };
        let to = if forward {
            channels.get(at + 1)
        } else {
            at.checked_sub(1).and_then(|i| channels.get(i))
        };
        match to {
            Some(&c) => self.enter_channel(c),
            None => self.say(if forward {
                "this is the last channel"
            } else {
                "this is the first channel"
            }),
        }
    }

    /// Goes to channel `c`: the day on the selected date, or the nearest one.
    pub fn enter_channel(&mut self, c: ChannelId) {
        let archive = self.archive;
        let date = self.current_day().map(|d| d.date);
        let days: Vec<usize> = self
            .listed_days()
            .filter(|&d| archive.days[d].channel == c)
            .collect();
        let best = days.iter().copied().min_by_key(|&d| {
            let day = &archive.days[d];
            date.map_or((0, false), |t| {
                ((day.date - t).num_days().abs(), day.date > t)
            })
        });
        let label = self.channel_label(c);
        let Some(d) = best else {
            self.say(&format!("{label} has no day in the list"));
            return;
        };
        self.select_day(d);
        let landed = archive.days[d].date;
        match date {
            Some(t) if t != landed => {
                self.say(&format!("{label}: no {t}; nearest day {landed}"));
            }
            _ => self.say(&format!("{label}: {landed}")),
        }
    }

    /// `#`: the channel picker, on the current channel.
    pub(in crate::tui) fn open_channel_picker(&mut self) {
        let archive = self.archive;
        let info = archive
            .channels
            .iter()
            .map(|ch| {
                let days = &archive.days[ch.days.clone()];
                ChannelInfo {
                    days: days.len(),
                    messages: days.iter().map(|d| d.messages.len()).sum(),
                    first: days.iter().map(|d| d.date).min(),
                    last: days.iter().map(|d| d.date).max(),
                }
            })
            .collect();
        let results = channel_scores(archive, "");
        let here = self.channel();
        let cursor = results
            .iter()
            .position(|&(c, _)| Some(c) == here)
            .unwrap_or(0);
        self.popup = Some(Popup::Channels(ChannelPicker {
            input: Input::default(),
            results,
            cursor,
            info,
        }));
    }

    /// Ranks the channels again for the picker's new input.
    pub(in crate::tui) fn channel_input_changed(&mut self) {
        let Some(Popup::Channels(p)) = &self.popup else {
            return;
        };
        let results = channel_scores(self.archive, &p.input.text);
        if let Some(Popup::Channels(p)) = &mut self.popup {
            p.results = results;
            p.cursor = 0;
        }
    }

    /// Keys in the channel picker.
    pub(super) fn channel_picker(&mut self, action: Action) {
        let page = usize::from(self.area.height / 2).max(1);
        let Some(Popup::Channels(p)) = &mut self.popup else {
            return;
        };
        let last = p.results.len().saturating_sub(1);
        match action {
            Action::Cancel => self.popup = None,
            Action::Down => p.cursor = (p.cursor + 1).min(last),
            Action::Up => p.cursor = p.cursor.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => p.cursor = (p.cursor + page).min(last),
            Action::PageUp | Action::HalfPageUp => p.cursor = p.cursor.saturating_sub(page),
            Action::Submit => {
                let chosen = p.results.get(p.cursor).map(|&(c, _)| c);
                self.popup = None;
                if let Some(c) = chosen {
                    self.enter_channel(c);
                }
            }
            _ => {}
        }
    }
}

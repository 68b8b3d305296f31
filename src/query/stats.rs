//! Statistics over an archive, or over the messages a query matches.

use chrono::{Datelike, NaiveDate};

use super::Matcher;
use crate::model::{Archive, SpeakerId};

/// Figures for `daybook stats` and the statistics view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub channels: usize,
    /// Every day without a filter (as the day list and `days` count them),
    /// else the days with at least one counted message.
    pub days: usize,
    pub messages: usize,
    /// Speakers with at least one counted message.
    pub speakers: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Speakers by counted messages, most first (ties by id).
    pub top_speakers: Vec<(SpeakerId, usize)>,
    /// Days (index into `Archive::days`) by counted messages, most first.
    pub busiest_days: Vec<(usize, usize)>,
    /// Counted messages per hour of day.
    pub by_hour: [usize; 24],
    /// Counted messages per weekday, Monday first.
    pub by_weekday: [usize; 7],
    /// Counted messages whose time could not be read.
    pub unknown_time: usize,
    /// Counted messages per calendar date (several channels add up), by date.
    pub per_date: Vec<(NaiveDate, usize)>,
}

impl Stats {
    /// Counts every message, or only those `filter` matches; keeps `top` entries in the rankings.
    pub fn compute(archive: &Archive, filter: Option<&Matcher<'_>>, top: usize) -> Stats {
        let mut s = Stats {
            channels: archive.channels.len(),
            ..Stats::default()
        };
        let mut per_speaker = vec![0usize; archive.speakers.len()];
        let mut per_day = Vec::with_capacity(archive.days.len());
        let mut per_date = std::collections::BTreeMap::new();
        for (i, day) in archive.days.iter().enumerate() {
            if filter.is_some_and(|f| !f.matches_day(day)) {
                continue;
            }
            let mut n = 0;
            for msg in &day.messages {
                if filter.is_some_and(|f| !f.matches(day, msg)) {
                    continue;
                }
                n += 1;
                per_speaker[msg.speaker.index()] += 1;
                match msg.time.hour() {
                    Some(h) => s.by_hour[h as usize] += 1,
                    None => s.unknown_time += 1,
                }
            }
            if n > 0 || filter.is_none() {
                s.first = Some(s.first.map_or(day.date, |f| f.min(day.date)));
                s.last = Some(s.last.map_or(day.date, |l| l.max(day.date)));
            }
            if n == 0 {
                // Without a filter every day counts, as in the day list.
                s.days += usize::from(filter.is_none());
                continue;
            }
            s.days += 1;
            s.messages += n;
            s.by_weekday[day.date.weekday().num_days_from_monday() as usize] += n;
            *per_date.entry(day.date).or_insert(0) += n;
            per_day.push((i, n));
        }
        s.speakers = per_speaker.iter().filter(|&&n| n > 0).count();
        let mut speakers: Vec<(SpeakerId, usize)> = per_speaker
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(i, n)| (SpeakerId(i as u32), n))
            .collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        speakers.truncate(top);
        s.top_speakers = speakers;
        per_day.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        per_day.truncate(top);
        s.busiest_days = per_day;
        s.per_date = per_date.into_iter().collect();
        s
    }
}

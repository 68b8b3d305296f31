//! Statistics over an archive, or over the messages a query matches.

use chrono::{Datelike, NaiveDate};

use super::Matcher;
use crate::model::{Archive, MessageKind, SpeakerId};

/// Figures for `daybook stats` and the statistics view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub channels: usize,
    /// Every day without a filter (as the day list and `days` count them),
    /// else the days with at least one counted message (system or not).
    pub days: usize,
    /// Counted messages but system messages: what people wrote (actions
    /// included). Every figure below counts these only.
    pub messages: usize,
    /// Counted system messages (joins, quits, notices of the app), counted
    /// apart from the messages.
    pub system: usize,
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
            let mut system = 0;
            for msg in &day.messages {
                if filter.is_some_and(|f| !f.matches(day, msg)) {
                    continue;
                }
                if msg.kind == MessageKind::System {
                    system += 1;
                    continue;
                }
                n += 1;
                per_speaker[msg.speaker.index()] += 1;
                match msg.time.hour() {
                    Some(h) => s.by_hour[h as usize] += 1,
                    None => s.unknown_time += 1,
                }
            }
            s.system += system;
            if n + system > 0 || filter.is_none() {
                s.first = Some(s.first.map_or(day.date, |f| f.min(day.date)));
                s.last = Some(s.last.map_or(day.date, |l| l.max(day.date)));
            }
            if n + system == 0 {
                // Without a filter every day counts, as in the day list.
                s.days += usize::from(filter.is_none());
                continue;
            }
            s.days += 1;
            if n == 0 {
                continue;
            }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::*;
    use crate::archive::assemble;
    use crate::archive::formats::{Builder, Loc, ParseContext, jekyll};
    use crate::model::{TimeOfDay, Zone};

    /// One day: Ann writes twice and acts once, Bob only joins and quits.
    fn archive() -> Archive {
        let ctx = ParseContext {
            path: Path::new("c.log"),
            folder: Path::new(""),
            zone: Zone::Local,
        };
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat("c", Some("c"));
        let ann = b.speaker("Ann", Loc::Line(1));
        let bob = b.speaker("Bob", Loc::Line(1));
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        for (i, (who, kind)) in [
            (bob, MessageKind::System),
            (ann, MessageKind::Message),
            (ann, MessageKind::Action),
            (ann, MessageKind::Message),
            (bob, MessageKind::System),
        ]
        .into_iter()
        .enumerate()
        {
            let t = TimeOfDay::from_hms(10 + i as u32, 0, 0).unwrap();
            let mut m = b.message(chat, date, t, who, Loc::Line(i as u32 + 1));
            m.kind(kind).text("x");
        }
        assemble([b.finish()])
    }

    #[test]
    fn system_messages_are_counted_apart() {
        let a = archive();
        let s = Stats::compute(&a, None, 10);
        assert_eq!((s.messages, s.system, s.speakers, s.days), (3, 2, 1, 1));
        assert_eq!(s.top_speakers, vec![(a.speakers.find("Ann").unwrap(), 3)]);
        assert_eq!(s.by_hour.iter().sum::<usize>(), 3);
        assert_eq!(s.by_hour[10], 0);
        assert_eq!(s.per_date.len(), 1);
        // A filter that keeps only system messages still counts their day.
        let q = crate::query::parse("is:system").unwrap();
        let m = Matcher::new(&q, &a);
        let s = Stats::compute(&a, Some(&m), 10);
        assert_eq!((s.messages, s.system, s.speakers, s.days), (0, 2, 0, 1));
    }
}

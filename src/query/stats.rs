//! Statistics over an archive, or over the messages a query matches.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::Matcher;
use crate::model::{Archive, MessageKind, SpeakerId};

/// Figures for `daybook stats` and the statistics view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every channel without a filter, else those with a counted message.
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
    /// The same totals for each app, in the order of the archive's
    /// channels (sorted by app); one entry per app that has a counted day.
    pub by_app: Vec<AppStats>,
}

/// The totals of one app's channels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppStats {
    /// The app, as channels name it (`WeChat`, `Slack`, …).
    pub app: &'static str,
    /// Channels with at least one counted day.
    pub channels: usize,
    /// Counted days, as [`Stats::days`] counts them.
    pub days: usize,
    pub messages: usize,
    /// Counted system messages, apart from the messages as in [`Stats::system`].
    pub system: usize,
    /// Speakers with at least one counted message in this app's channels
    /// (one person may speak in several apps, so these can add up to more
    /// than [`Stats::speakers`]).
    pub speakers: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
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
        let (apps, days_by_app) = days_by_app(archive);
        let mut by_app: Vec<AppStats> = apps
            .iter()
            .map(|&app| AppStats {
                app,
                ..AppStats::default()
            })
            .collect();
        let mut last_channel = vec![false; archive.channels.len()];
        for (days, app) in days_by_app.iter().zip(&mut by_app) {
            // The messages are counted on all cores; what depends on the
            // order of the days is done here, from each day's two counts.
            let Some(counts) = Counts::of(archive, days, filter) else {
                continue;
            };
            for (slot, n) in per_speaker.iter_mut().zip(&counts.per_speaker) {
                *slot += *n;
            }
            app.speakers = counts.per_speaker.iter().filter(|&&n| n > 0).count();
            for (total, n) in s.by_hour.iter_mut().zip(counts.by_hour) {
                *total += n;
            }
            s.unknown_time += counts.unknown_time;
            for &(i, n, system) in &counts.days {
                let day = &archive.days[i];
                s.system += system;
                app.system += system;
                if n + system > 0 || filter.is_none() {
                    s.first = Some(s.first.map_or(day.date, |f| f.min(day.date)));
                    s.last = Some(s.last.map_or(day.date, |l| l.max(day.date)));
                    app.first = Some(app.first.map_or(day.date, |f| f.min(day.date)));
                    app.last = Some(app.last.map_or(day.date, |l| l.max(day.date)));
                    app.days += 1;
                    let channel = &mut last_channel[day.channel as usize];
                    app.channels += usize::from(!*channel);
                    *channel = true;
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
                app.messages += n;
                s.by_weekday[day.date.weekday().num_days_from_monday() as usize] += n;
                *per_date.entry(day.date).or_insert(0) += n;
                per_day.push((i, n));
            }
        }
        if filter.is_some() {
            // Under a filter, only the channels where something matched.
            s.channels = last_channel.iter().filter(|&&c| c).count();
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
        s.by_app = by_app.into_iter().filter(|a| a.days > 0).collect();
        s
    }
}

/// One app's messages counted: per speaker and per hour, and per day
/// (in the order given) how many messages and system messages a filter
/// kept. Days a filter rules out are left out.
#[derive(Debug)]
struct Counts {
    per_speaker: Vec<usize>,
    by_hour: [usize; 24],
    unknown_time: usize,
    /// Day index, messages, system messages.
    days: Vec<(usize, usize, usize)>,
}

/// Days counted together on one thread.
const DAYS_PER_JOB: usize = 64;

impl Counts {
    fn new(speakers: usize) -> Counts {
        Counts {
            per_speaker: vec![0; speakers],
            by_hour: [0; 24],
            unknown_time: 0,
            days: Vec::new(),
        }
    }

    /// Counts `days` on all cores; `None` when there are none.
    fn of(archive: &Archive, days: &[usize], filter: Option<&Matcher<'_>>) -> Option<Counts> {
        let speakers = archive.speakers.len();
        days.par_chunks(DAYS_PER_JOB)
            .fold(
                || Counts::new(speakers),
                |mut c, chunk| {
                    for &i in chunk {
                        c.add_day(archive, i, filter);
                    }
                    c
                },
            )
            .reduce_with(Counts::merge)
    }

    fn add_day(&mut self, archive: &Archive, i: usize, filter: Option<&Matcher<'_>>) {
        let day = &archive.days[i];
        if filter.is_some_and(|f| !f.matches_day(day)) {
            return;
        }
        let (mut n, mut system) = (0, 0);
        for msg in &day.messages {
            if filter.is_some_and(|f| !f.matches(day, msg)) {
                continue;
            }
            if msg.kind == MessageKind::System {
                system += 1;
                continue;
            }
            n += 1;
            self.per_speaker[msg.speaker.index()] += 1;
            match msg.time.hour() {
                Some(h) => self.by_hour[h as usize] += 1,
                None => self.unknown_time += 1,
            }
        }
        self.days.push((i, n, system));
    }

    /// `self` then `later`: the days stay in order.
    fn merge(mut self, later: Counts) -> Counts {
        for (a, b) in self.per_speaker.iter_mut().zip(later.per_speaker) {
            *a += b;
        }
        for (a, b) in self.by_hour.iter_mut().zip(later.by_hour) {
            *a += b;
        }
        self.unknown_time += later.unknown_time;
        self.days.extend(later.days);
        self
    }
}

/// The apps of the archive's channels in channel order, and the indexes of
/// each app's days in archive order.
fn days_by_app(archive: &Archive) -> (Vec<&'static str>, Vec<Vec<usize>>) {
    let mut apps: Vec<&'static str> = Vec::new();
    let mut app_of = Vec::with_capacity(archive.channels.len());
    for c in &archive.channels {
        let a = apps.iter().position(|&x| x == c.app).unwrap_or_else(|| {
            apps.push(c.app);
            apps.len() - 1
        });
        app_of.push(a);
    }
    let mut days = vec![Vec::new(); apps.len()];
    for (i, d) in archive.days.iter().enumerate() {
        if let Some(&a) = app_of.get(d.channel as usize) {
            days[a].push(i);
        }
    }
    (apps, days)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use chrono::NaiveDate;

    use super::*;
    use crate::archive::assemble;
    use crate::archive::formats::{Builder, Loc, ParseContext, jekyll};
    use crate::model::{Channel, Day, Message, Range32, TimeOfDay, Zone};
    use crate::query::parse;

    /// One day: Ann writes twice and acts once, Bob only joins and quits.
    fn system_archive() -> Archive {
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
        let a = system_archive();
        let s = Stats::compute(&a, None, 10);
        assert_eq!((s.messages, s.system, s.speakers, s.days), (3, 2, 1, 1));
        assert_eq!((s.by_app[0].messages, s.by_app[0].system), (3, 2));
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

    /// A day to build: its date in January 2020 and who spoke, in order.
    type DaySpec<'s> = (u32, &'s [&'s str]);

    /// An archive of channels `(app, name, days)`.
    fn archive(channels: &[(&'static str, &str, &[DaySpec<'_>])]) -> Archive {
        let mut a = Archive::default();
        for (c, &(app, name, days)) in channels.iter().enumerate() {
            let first = a.days.len();
            for &(d, speakers) in days {
                let date = NaiveDate::from_ymd_opt(2020, 1, d).unwrap();
                let mut day = Day {
                    date,
                    channel: c as u32,
                    text: "hello".into(),
                    ..Day::default()
                };
                for &s in speakers {
                    let id = a.speakers.intern(s);
                    a.speakers.record(id, date, 1);
                    day.messages.push(Message::new(
                        TimeOfDay::from_hms(9, 0, 0).unwrap(),
                        id,
                        1,
                        Range32::new(0, 5),
                        Range32::default(),
                    ));
                }
                a.days.push(day);
            }
            a.channels.push(Channel {
                name: name.into(),
                app,
                path: PathBuf::from(name),
                parent: None,
                days: first..a.days.len(),
            });
        }
        a
    }

    #[test]
    fn totals_are_broken_down_by_app() {
        let a = archive(&[
            ("Slack", "general", &[(1, &["Ann", "Bob"]), (2, &["Ann"])]),
            ("Slack", "random", &[(3, &["Cy"])]),
            ("WeChat", "群", &[(2, &["Ann", "Ann", "Dee"]), (9, &[])]),
        ]);
        let s = Stats::compute(&a, None, 10);
        assert_eq!(s.messages, 7);
        assert_eq!(s.speakers, 4);
        let apps: Vec<_> = s
            .by_app
            .iter()
            .map(|x| (x.app, x.channels, x.days, x.messages, x.speakers))
            .collect();
        // Ann speaks in both apps and is counted in each.
        assert_eq!(apps, [("Slack", 2, 3, 4, 3), ("WeChat", 1, 2, 3, 2)]);
        assert_eq!(s.by_app[1].first, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(s.by_app[1].last, NaiveDate::from_ymd_opt(2020, 1, 9));
        // The parts add up to the whole.
        assert_eq!(
            s.by_app.iter().map(|x| x.messages).sum::<usize>(),
            s.messages
        );
        assert_eq!(s.by_app.iter().map(|x| x.days).sum::<usize>(), s.days);
    }

    #[test]
    fn under_a_filter_an_app_counts_only_what_matches() {
        let a = archive(&[
            ("Slack", "general", &[(1, &["Ann", "Bob"]), (2, &["Ann"])]),
            ("Slack", "random", &[(3, &["Cy"])]),
            ("WeChat", "群", &[(2, &["Ann", "Dee"])]),
        ]);
        let q = parse("from:Ann").unwrap();
        let m = Matcher::new(&q, &a);
        let s = Stats::compute(&a, Some(&m), 10);
        let apps: Vec<_> = s
            .by_app
            .iter()
            .map(|x| (x.app, x.channels, x.days, x.messages, x.speakers))
            .collect();
        assert_eq!(apps, [("Slack", 1, 2, 2, 1), ("WeChat", 1, 1, 1, 1)]);
        // Two of the three channels hold a message of Ann's.
        assert_eq!(s.channels, 2);
        // An app with nothing that matches is left out.
        let q = parse("in:wechat").unwrap();
        let m = Matcher::new(&q, &a);
        let s = Stats::compute(&a, Some(&m), 10);
        assert_eq!(s.by_app.len(), 1);
        assert_eq!(s.by_app[0].app, "WeChat");
        assert_eq!(s.channels, 1);
    }

    #[test]
    fn days_counted_on_several_threads_add_up() {
        // Far more days than one job counts, in two apps, so that the
        // counts are split between threads and put back together.
        let names = ["Ann", "Bob", "Cy", "Dee", "Eve"];
        let spoke: Vec<Vec<&str>> = (0..700)
            .map(|i| {
                names
                    .iter()
                    .cycle()
                    .skip(i % 5)
                    .take(i % 7)
                    .copied()
                    .collect()
            })
            .collect();
        let days = |from: usize, to: usize| -> Vec<DaySpec<'_>> {
            (from..to)
                .map(|i| ((i % 28) as u32 + 1, spoke[i].as_slice()))
                .collect()
        };
        let (slack, wechat) = (days(0, 450), days(450, 700));
        let a = archive(&[("Slack", "general", &slack), ("WeChat", "群", &wechat)]);
        for query in ["", "from:Ann", "from:Bob in:wechat"] {
            let q = parse(query).unwrap();
            let m = Matcher::new(&q, &a);
            let filter = (!query.is_empty()).then_some(&m);
            let s = Stats::compute(&a, filter, 1000);
            // Counted one message at a time, on this thread.
            let mut per_speaker = vec![0; a.speakers.len()];
            let mut per_day = Vec::new();
            for (i, day) in a.days.iter().enumerate() {
                let n = day
                    .messages
                    .iter()
                    .filter(|msg| filter.is_none_or(|f| f.matches(day, msg)))
                    .inspect(|msg| per_speaker[msg.speaker.index()] += 1)
                    .count();
                if n > 0 {
                    per_day.push((i, n));
                }
            }
            let messages: usize = per_speaker.iter().sum();
            assert_eq!(s.messages, messages, "{query}");
            assert_eq!(s.by_hour[9], messages, "{query}");
            for &(id, n) in &s.top_speakers {
                assert_eq!(per_speaker[id.index()], n, "{query}");
            }
            assert_eq!(s.speakers, per_speaker.iter().filter(|&&n| n > 0).count());
            per_day.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            assert_eq!(s.busiest_days, per_day, "{query}");
            let by_app: usize = s.by_app.iter().map(|x| x.messages).sum();
            assert_eq!(by_app, messages, "{query}");
        }
    }
}

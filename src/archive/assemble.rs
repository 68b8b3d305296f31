//! Merging the pieces parsed from each input into one [`Archive`].
//!
//! [`Assembler::add`] takes the [`Parsed`] pieces of one input at a time
//! (in the walk's order): it records the files, merges chats of equal app
//! and key into one channel, interns speakers archive-wide and counts their
//! messages. [`Assembler::finish`] joins the chats of one app whose
//! [`same_as`] keys are equal, names and orders the channels, merges the
//! days of one channel and date that came from several inputs (their
//! messages ordered by time, stably) and resolves replies.
//!
//! [`same_as`]: super::formats::Chat::same_as

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::formats::Parsed;
use super::formats::append::extend_day;
use super::formats::builder::distinct_speakers;
use crate::model::{Archive, Channel, ChannelId, Day, MessageRef, SourceFile, SpeakerId};

/// Merges the pieces of several inputs (a format's [`Format::parse`]
/// called directly, as tests do) into an archive, exactly as a load merges
/// what it read.
///
/// [`Format::parse`]: super::formats::Format::parse
pub fn assemble(pieces: impl IntoIterator<Item = Parsed>) -> Archive {
    let mut assembler = Assembler::new();
    for p in pieces {
        assembler.add(p);
    }
    assembler.finish().0
}

/// A chat as merged so far.
struct ChatEntry {
    app: &'static str,
    name: Option<String>,
    path: PathBuf,
    parent: Option<String>,
    key: String,
    same_as: Option<String>,
}

/// Collects pieces; see the module documentation.
#[derive(Default)]
pub(crate) struct Assembler {
    archive: Archive,
    chats: Vec<ChatEntry>,
    chat_index: HashMap<(&'static str, String), u32>,
    /// Days with global chat ids, file ids and speaker ids, each with the
    /// group it merges in (0: with every day of its channel and date).
    days: Vec<(Day, u32)>,
    /// The number of inputs whose days stay apart.
    separate: u32,
    counts: Vec<u32>,
}

impl Assembler {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds the pieces of one input; returns the merged chat id of each of
    /// its chats.
    pub(crate) fn add(&mut self, parsed: Parsed) -> Vec<u32> {
        let Parsed {
            chats,
            days,
            speakers,
            files,
            format,
            diagnostics,
            separate_days,
        } = parsed;
        let group = if separate_days {
            self.separate += 1;
            self.separate
        } else {
            0
        };
        self.archive.diagnostics.extend(diagnostics);
        let file_base = self.archive.files.len() as u32;
        self.archive
            .files
            .extend(files.into_iter().map(|path| SourceFile { path, format }));
        let chat_ids: Vec<u32> = chats
            .into_iter()
            .map(|c| {
                let next = self.chats.len() as u32;
                let id = *self
                    .chat_index
                    .entry((c.app, c.key.clone()))
                    .or_insert(next);
                if id == next {
                    self.chats.push(ChatEntry {
                        app: c.app,
                        name: c.name,
                        path: c.path,
                        parent: c.parent,
                        key: c.key,
                        same_as: c.same_as,
                    });
                } else if self.chats[id as usize].same_as.is_none() {
                    self.chats[id as usize].same_as = c.same_as;
                }
                id
            })
            .collect();
        let global: Vec<SpeakerId> = speakers
            .iter()
            .map(|n| self.archive.speakers.intern(n))
            .collect();
        for mut day in days {
            day.channel = chat_ids[day.channel as usize];
            for s in &mut day.sources {
                *s += file_base;
            }
            self.counts.clear();
            self.counts.resize(global.len(), 0);
            for m in &mut day.messages {
                self.counts[m.speaker.index()] += 1;
                m.speaker = global[m.speaker.index()];
            }
            for (&id, &n) in global.iter().zip(self.counts.iter()) {
                if n > 0 {
                    self.archive.speakers.record(id, day.date, n);
                }
            }
            day.speaker_count = self.counts.iter().filter(|&&n| n > 0).count() as u32;
            self.days.push((day, group));
        }
        chat_ids
    }

    /// The archive, and for each merged chat id its channel.
    pub(crate) fn finish(self) -> (Archive, Vec<ChannelId>) {
        let Assembler {
            mut archive,
            chats,
            days,
            ..
        } = self;
        let into = same_conversations(&chats);
        // Names: given, or from the folder (disambiguated among those).
        let unnamed: Vec<usize> = (0..chats.len())
            .filter(|&i| chats[i].name.is_none() && into[i] == i as u32)
            .collect();
        let dirs: Vec<&Path> = unnamed.iter().map(|&i| chats[i].path.as_path()).collect();
        let derived = channel_names(&dirs);
        let mut names: Vec<String> = chats
            .iter()
            .map(|c| c.name.clone().unwrap_or_default())
            .collect();
        for (&i, n) in unnamed.iter().zip(derived) {
            names[i] = n;
        }
        let mut order: Vec<u32> = (0..chats.len() as u32)
            .filter(|&i| into[i as usize] == i)
            .collect();
        order.sort_by(|&a, &b| {
            let (ca, cb) = (&chats[a as usize], &chats[b as usize]);
            (ca.app, &names[a as usize], &ca.path).cmp(&(cb.app, &names[b as usize], &cb.path))
        });
        let mut rank = vec![0u32; chats.len()];
        for (r, &c) in order.iter().enumerate() {
            rank[c as usize] = r as u32;
        }
        for i in 0..chats.len() {
            rank[i] = rank[into[i] as usize];
        }
        let by_key: HashMap<(&'static str, &str), u32> = chats
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.app, c.key.as_str()), rank[i]))
            .collect();
        for &c in &order {
            let chat = &chats[c as usize];
            archive.channels.push(Channel {
                name: std::mem::take(&mut names[c as usize]),
                app: chat.app,
                path: chat.path.clone(),
                parent: chat
                    .parent
                    .as_deref()
                    .and_then(|p| by_key.get(&(chat.app, p)).copied()),
                days: 0..0,
            });
        }
        // Days in channel order, then date; pieces of one day in the order
        // added, each with the chat it was read as.
        let mut days: Vec<(Day, u32, u32)> = days
            .into_iter()
            .map(|(mut d, group)| {
                let chat = d.channel;
                d.channel = rank[chat as usize];
                (d, group, chat)
            })
            .collect();
        days.sort_by_key(|(d, _, _)| (d.channel, d.date));
        let mut days = days.into_iter().peekable();
        while let Some((first, group, chat)) = days.next() {
            let mut same = Vec::new();
            let mut chats_of = Vec::new();
            while let Some((next, _, c)) = days.next_if(|(n, g, _)| {
                *g == 0 && group == 0 && n.channel == first.channel && n.date == first.date
            }) {
                same.push(next);
                chats_of.push(c);
            }
            let day = if same.is_empty() {
                first
            } else {
                same.insert(0, first);
                chats_of.insert(0, chat);
                let (day, dropped) = merge(&same, &chats_of);
                for s in dropped {
                    archive.speakers.uncount(s, 1);
                }
                day
            };
            let index = archive.days.len();
            let c = &mut archive.channels[day.channel as usize];
            if c.days.is_empty() {
                c.days = index..index;
            }
            c.days.end = index + 1;
            archive.days.push(day);
        }
        resolve_replies(&mut archive);
        (archive, rank)
    }
}

/// For each chat, the chat it is merged into: the first of those of its
/// app with the same [`same_as`] key (itself when none is).
///
/// [`same_as`]: super::formats::Chat::same_as
fn same_conversations(chats: &[ChatEntry]) -> Vec<u32> {
    let mut first: HashMap<(&'static str, &str), u32> = HashMap::new();
    chats
        .iter()
        .enumerate()
        .map(|(i, c)| match c.same_as.as_deref() {
            Some(k) => *first.entry((c.app, k)).or_insert(i as u32),
            None => i as u32,
        })
        .collect()
}

/// What tells a message without a source id: its speaker, time and text.
type Written<'a> = (SpeakerId, crate::model::TimeOfDay, &'a str);

/// One day from the pieces of one channel and date (several files), and
/// the speakers of the messages dropped as read twice. `chats[i]` is the
/// chat `pieces[i]` was read as: where they differ (one conversation
/// written twice, see [`same_as`]), a message without a source id that
/// has its match (speaker, time and text) in a piece of another chat is
/// that message written twice, and is kept once.
///
/// [`same_as`]: super::formats::Chat::same_as
fn merge(pieces: &[Day], chats: &[u32]) -> (Day, Vec<SpeakerId>) {
    let mut out = Day {
        date: pieces[0].date,
        channel: pieces[0].channel,
        ..Day::default()
    };
    let mut chat_of = Vec::new();
    let twice = chats.iter().any(|&c| c != chats[0]);
    for (piece, &chat) in pieces.iter().zip(chats) {
        extend_day(&mut out, piece);
        if twice {
            chat_of.resize(out.messages.len(), chat);
        }
    }
    // Several files: order by time, keeping each file's order among equal times.
    let mut order: Vec<u32> = (0..out.messages.len() as u32).collect();
    order.sort_by_key(|&i| out.messages[i as usize].time);
    // The same message read twice (one export given twice, or a zip beside
    // its unpacked copy) is kept once: equal source id, time and speaker.
    let mut ids: Vec<Option<crate::model::Range32>> = vec![None; out.messages.len()];
    for e in &out.rare.extras {
        if !e.id.is_empty() {
            ids[e.message as usize] = Some(e.id);
        }
    }
    let mut seen = std::collections::HashSet::new();
    // For each (speaker, time, text) of a message without an id, the chats
    // whose copies are still unmatched, and how many.
    let mut unmatched: HashMap<Written<'_>, Vec<(u32, u32)>> = HashMap::new();
    order.retain(|&i| {
        let m = &out.messages[i as usize];
        match ids[i as usize] {
            Some(r) => seen.insert((&out.text[r.range()], m.time, m.speaker)),
            None if twice => {
                let chat = chat_of[i as usize];
                let copies = unmatched
                    .entry((m.speaker, m.time, out.body(m)))
                    .or_default();
                if let Some(other) = copies.iter_mut().find(|(c, n)| *c != chat && *n > 0) {
                    other.1 -= 1;
                    false
                } else {
                    match copies.iter_mut().find(|(c, _)| *c == chat) {
                        Some(mine) => mine.1 += 1,
                        None => copies.push((chat, 1)),
                    }
                    true
                }
            }
            None => true,
        }
    });
    drop(seen);
    drop(unmatched);
    let mut dropped = Vec::new();
    if order.len() < out.messages.len() {
        let mut kept = vec![false; out.messages.len()];
        for &i in &order {
            kept[i as usize] = true;
        }
        dropped.extend(
            out.messages
                .iter()
                .zip(kept)
                .filter(|(_, k)| !k)
                .map(|(m, _)| m.speaker),
        );
    }
    if order.len() < out.messages.len() || order.iter().enumerate().any(|(k, &i)| k as u32 != i) {
        let mut new_index = vec![u32::MAX; out.messages.len()];
        for (k, &i) in order.iter().enumerate() {
            new_index[i as usize] = k as u32;
        }
        out.messages = order.iter().map(|&i| out.messages[i as usize]).collect();
        out.rare
            .extras
            .retain(|e| new_index[e.message as usize] != u32::MAX);
        for e in &mut out.rare.extras {
            e.message = new_index[e.message as usize];
        }
        out.rare.extras.sort_by_key(|e| e.message);
    }
    out.speaker_count = distinct_speakers(&out.messages);
    (out, dropped)
}

/// Points each reply at its parent, found by source id among the messages
/// of the same channel; parents not in the archive stay `None` ("missing").
fn resolve_replies(archive: &mut Archive) {
    let mut found: Vec<(usize, usize, MessageRef)> = Vec::new();
    for channel in &archive.channels {
        let days = channel.days.clone();
        let has_replies = archive.days[days.clone()]
            .iter()
            .any(|d| d.rare.extras.iter().any(|e| !e.reply_to.is_empty()));
        if !has_replies {
            continue;
        }
        // Every message of a Slack, Telegram or Discord channel has an id:
        // foldhash (randomly seeded per process, as `SipHash` is) hashes
        // them at a fraction of its cost, and no order is read.
        let mut ids: HashMap<&str, MessageRef, foldhash::fast::RandomState> = HashMap::default();
        for i in days.clone() {
            let d = &archive.days[i];
            for e in &d.rare.extras {
                if !e.id.is_empty() {
                    ids.entry(&d.text[e.id.range()]).or_insert(MessageRef {
                        day: i as u32,
                        message: e.message,
                    });
                }
            }
        }
        for i in days {
            let d = &archive.days[i];
            for (k, e) in d.rare.extras.iter().enumerate() {
                if e.reply_to.is_empty() {
                    continue;
                }
                if let Some(&r) = ids.get(&d.text[e.reply_to.range()]) {
                    found.push((i, k, r));
                }
            }
        }
    }
    for (day, extra, r) in found {
        archive.days[day].rare.extras[extra].reply = Some(r);
    }
}

/// A channel's name: its folder's name (the group's name for Jekyll's
/// `_posts`), with the parent folder added where two would be the same.
fn channel_names(dirs: &[&Path]) -> Vec<String> {
    let base = |d: &Path, parents: usize| -> String {
        let abs = std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf());
        let mut parts: Vec<String> = abs
            .components()
            .rev()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.first().is_some_and(|p| p == "_posts") && parts.len() > 1 {
            parts.remove(0);
        }
        let n = (parents + 1).min(parts.len().max(1));
        let mut picked: Vec<String> = parts.into_iter().take(n).collect();
        picked.reverse();
        let name = picked.join("/");
        if name.is_empty() {
            "archive".to_string()
        } else {
            crate::text::sanitize_line(&name).into_owned()
        }
    };
    let mut names: Vec<String> = dirs.iter().map(|d| base(d, 0)).collect();
    for parents in 1..4 {
        let mut dup = HashMap::new();
        for n in &names {
            *dup.entry(n.clone()).or_insert(0) += 1;
        }
        if dup.values().all(|&c| c == 1) {
            break;
        }
        for (i, d) in dirs.iter().enumerate() {
            if dup[&names[i]] > 1 {
                names[i] = base(d, parents);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::formats::{Builder, Loc, ParseContext, jekyll};
    use crate::model::{TimeOfDay, Zone};
    use chrono::NaiveDate;

    fn piece(path: &str, key: &str, msgs: &[(u32, &str, &str, Option<&str>)]) -> Parsed {
        let ctx = ParseContext {
            path: Path::new(path),
            folder: Path::new("x"),
            zone: Zone::Local,
        };
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat(key, Some("Chat"));
        for &(h, id, body, reply) in msgs {
            let s = b.speaker("S", Loc::Line(1));
            let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let mut m = b.message(
                chat,
                date,
                TimeOfDay::from_hms(h, 0, 0).unwrap(),
                s,
                Loc::Line(h),
            );
            m.text(body);
            m.id(id);
            if let Some(r) = reply {
                m.reply_to(r);
            }
        }
        b.finish()
    }

    #[test]
    fn days_from_several_files_merge_in_time_order_and_replies_resolve() {
        let mut a = Assembler::new();
        a.add(piece(
            "part1.json",
            "c1",
            &[(9, "1", "nine", None), (11, "3", "eleven", Some("2"))],
        ));
        a.add(piece(
            "part2.json",
            "c1",
            &[(10, "2", "ten", Some("1")), (12, "4", "twelve", Some("99"))],
        ));
        let (archive, _) = a.finish();
        assert_eq!(archive.channels.len(), 1);
        assert_eq!(archive.days.len(), 1);
        let d = &archive.days[0];
        let bodies: Vec<&str> = d.messages.iter().map(|m| d.body(m)).collect();
        assert_eq!(bodies, vec!["nine", "ten", "eleven", "twelve"]);
        let sources: Vec<&Path> = d
            .messages
            .iter()
            .map(|m| archive.message_path(d, m))
            .collect();
        assert_eq!(
            sources,
            vec![
                Path::new("part1.json"),
                Path::new("part2.json"),
                Path::new("part1.json"),
                Path::new("part2.json")
            ]
        );
        // "ten" replies to "nine", "eleven" to "ten"; "twelve"'s parent is missing.
        assert_eq!(archive.reply(0, 0), None);
        assert_eq!(
            archive.reply(0, 1),
            Some(crate::model::Reply::Found(MessageRef {
                day: 0,
                message: 0
            }))
        );
        assert_eq!(
            archive.reply(0, 2),
            Some(crate::model::Reply::Found(MessageRef {
                day: 0,
                message: 1
            }))
        );
        assert_eq!(
            archive.reply(0, 3),
            Some(crate::model::Reply::Missing("99"))
        );
        assert_eq!(archive.files.len(), 2);
        assert_eq!(archive.speakers.get(SpeakerId(0)).messages, 4);
    }

    #[test]
    fn a_message_read_twice_is_kept_once() {
        let mut a = Assembler::new();
        let msgs = [(9, "1", "nine", None), (10, "2", "ten", Some("1"))];
        a.add(piece("export.zip/c/x.json", "c1", &msgs));
        a.add(piece("export/c/x.json", "c1", &msgs));
        // Same id at another time, or another id: not the same message.
        a.add(piece(
            "other.json",
            "c1",
            &[(11, "1", "eleven", None), (9, "3", "nine again", None)],
        ));
        let (archive, _) = a.finish();
        let d = &archive.days[0];
        let bodies: Vec<&str> = d.messages.iter().map(|m| d.body(m)).collect();
        assert_eq!(bodies, vec!["nine", "nine again", "ten", "eleven"]);
        assert_eq!(d.rare.extras.len(), 4);
        assert_eq!(archive.speakers.get(SpeakerId(0)).messages, 4);
        assert_eq!(
            archive.reply(0, 2),
            Some(crate::model::Reply::Found(MessageRef {
                day: 0,
                message: 0
            }))
        );
    }

    /// A piece of one chat keyed `key`, known also as `same_as`, whose
    /// messages (hour, speaker, body) have no source id.
    fn written_as(
        path: &str,
        key: &str,
        name: &str,
        same_as: Option<&str>,
        msgs: &[(u32, &str, &str)],
    ) -> Parsed {
        let ctx = ParseContext {
            path: Path::new(path),
            folder: Path::new("x"),
            zone: Zone::Local,
        };
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let chat = b.chat(key, Some(name));
        if let Some(k) = same_as {
            b.same_as(chat, k.to_owned());
        }
        for &(h, who, body) in msgs {
            let s = b.speaker(who, Loc::Line(h));
            let date = NaiveDate::from_ymd_opt(2021, 3, 4).unwrap();
            let time = TimeOfDay::from_hms(h, 0, 0).unwrap();
            b.message(chat, date, time, s, Loc::Line(h)).text(body);
        }
        b.finish()
    }

    #[test]
    fn one_conversation_written_twice_is_one_channel_with_each_message_once() {
        let mut a = Assembler::new();
        // The regular copy: "ok" twice in one second is two messages.
        a.add(written_as(
            "inbox/kim_1/message_1.json",
            "folder:inbox/kim_1",
            "Kim",
            Some("kim+me"),
            &[
                (8, "Kim", "early"),
                (9, "Kim", "ok"),
                (9, "Kim", "ok"),
                (10, "Me", "hi"),
            ],
        ));
        // The encrypted copy: both "ok"s and "hi" again, one "ok" more, and
        // a message of its own; "hi" by another speaker is another message.
        a.add(written_as(
            "e2ee/Kim_3.json",
            "e2ee:Kim_3",
            "Kim",
            Some("kim+me"),
            &[
                (9, "Kim", "ok"),
                (9, "Kim", "ok"),
                (9, "Kim", "ok"),
                (10, "Me", "hi"),
                (10, "Kim", "hi"),
                (11, "Me", "later"),
            ],
        ));
        // Another chat of the same name but other people stays apart.
        a.add(written_as(
            "inbox/kim_2/message_1.json",
            "folder:inbox/kim_2",
            "Kim",
            Some("kim+others"),
            &[(9, "Kim", "ok")],
        ));
        let (archive, rank) = a.finish();
        assert_eq!(archive.channels.len(), 2);
        assert_eq!(rank[0], rank[1]);
        assert_ne!(rank[0], rank[2]);
        let d = &archive.days[archive.channels[rank[0] as usize].days.start];
        let rows: Vec<(&str, &str)> = d
            .messages
            .iter()
            .map(|m| (archive.speakers.name(m.speaker), d.body(m)))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Kim", "early"),
                ("Kim", "ok"),
                ("Kim", "ok"),
                ("Kim", "ok"),
                ("Me", "hi"),
                ("Kim", "hi"),
                ("Me", "later"),
            ]
        );
        // Speakers count each message once.
        let kim = archive.speakers.find("Kim").unwrap();
        assert_eq!(archive.speakers.get(kim).messages, 6);
        let me = archive.speakers.find("Me").unwrap();
        assert_eq!(archive.speakers.get(me).messages, 2);
    }

    #[test]
    fn chats_without_a_second_key_are_never_joined() {
        let mut a = Assembler::new();
        let msgs = [(9, "Kim", "ok")];
        a.add(written_as("a.json", "file:a", "Kim", None, &msgs));
        a.add(written_as("b.json", "file:b", "Kim", None, &msgs));
        let (archive, _) = a.finish();
        assert_eq!(archive.channels.len(), 2);
        assert_eq!(archive.message_count(), 2);
    }
}

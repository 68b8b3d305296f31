//! Putting a file's pieces back together when it was read in parts: its
//! start, then what was appended to it ([`Format::read_on`]).
//!
//! [`Parsed::append`] adds the pieces of a later part of the same input to
//! those of an earlier one: a chat, speaker or file already there is the
//! same one, and the messages of a (chat, date) already there go at the end
//! of that day, in the file's order, as one read of the whole file would
//! have put them.
//!
//! [`Format::read_on`]: super::Format::read_on

use std::collections::HashMap;
use std::path::PathBuf;

use super::Parsed;
use super::builder::distinct_speakers;
use crate::model::{Attachment, Day, Extra, Message, Reaction, Span, SpeakerId, StyleSpan};

impl Parsed {
    /// Adds `more`, read from further on in the same input; see the module
    /// documentation.
    pub fn append(&mut self, more: Parsed) {
        let Parsed {
            chats,
            days,
            speakers,
            files,
            format: _,
            diagnostics,
            separate_days: _,
        } = more;
        let chat_map: Vec<u32> = chats
            .into_iter()
            .map(|c| {
                if let Some(i) = self.chats.iter().position(|o| o.key == c.key) {
                    if self.chats[i].same_as.is_none() {
                        self.chats[i].same_as = c.same_as;
                    }
                    i as u32
                } else {
                    self.chats.push(c);
                    self.chats.len() as u32 - 1
                }
            })
            .collect();
        let known: HashMap<&str, u32> = self
            .speakers
            .iter()
            .enumerate()
            .map(|(i, n)| (n, i as u32))
            .collect();
        let found: Vec<Option<u32>> = speakers.iter().map(|n| known.get(n).copied()).collect();
        drop(known);
        let speaker_map: Vec<u32> = speakers
            .iter()
            .zip(found)
            .map(|(n, f)| {
                f.unwrap_or_else(|| {
                    self.speakers.push(n);
                    self.speakers.len() as u32 - 1
                })
            })
            .collect();
        let file_map: Vec<u32> = files
            .into_iter()
            .map(|f| intern_file(&mut self.files, f))
            .collect();
        for mut day in days {
            day.channel = chat_map[day.channel as usize];
            for s in &mut day.sources {
                *s = file_map[*s as usize];
            }
            for m in &mut day.messages {
                m.speaker = SpeakerId(speaker_map[m.speaker.index()]);
            }
            match self
                .days
                .iter_mut()
                .rfind(|d| d.channel == day.channel && d.date == day.date)
            {
                Some(old) => {
                    extend_day(old, &day);
                    old.speaker_count = distinct_speakers(&old.messages);
                }
                None => self.days.push(day),
            }
        }
        self.diagnostics.extend(diagnostics);
    }
}

fn intern_file(files: &mut Vec<PathBuf>, f: PathBuf) -> u32 {
    if let Some(i) = files.iter().position(|o| *o == f) {
        i as u32
    } else {
        files.push(f);
        files.len() as u32 - 1
    }
}

/// Adds the messages of `piece` (a day of the same channel and date, whose
/// sources and speakers index what `out`'s do) after those of `out`, with
/// their text, spans and rare data. `out.speaker_count` is left as it was.
pub(crate) fn extend_day(out: &mut Day, piece: &Day) {
    let text = out.text.len() as u32;
    let spans = out.spans.len() as u32;
    let messages = out.messages.len() as u32;
    let (att, rea, sty) = (
        out.rare.attachments.len() as u32,
        out.rare.reactions.len() as u32,
        out.rare.styles.len() as u32,
    );
    let sources: Vec<u16> = piece
        .sources
        .iter()
        .map(|s| {
            let i = out.sources.iter().position(|o| o == s).unwrap_or_else(|| {
                out.sources.push(*s);
                out.sources.len() - 1
            });
            u16::try_from(i).unwrap_or(u16::MAX)
        })
        .collect();
    out.text.push_str(&piece.text);
    out.spans.extend(piece.spans.iter().map(|s| Span {
        range: s.range.shifted(text),
        target: s.target.shifted(text),
        ..*s
    }));
    out.messages.extend(piece.messages.iter().map(|m| Message {
        body: m.body.shifted(text),
        spans: m.spans.shifted(spans),
        source: sources.get(usize::from(m.source)).copied().unwrap_or(0),
        ..*m
    }));
    let r = &piece.rare;
    out.rare.extras.extend(r.extras.iter().map(|e| Extra {
        message: e.message + messages,
        id: e.id.shifted(text),
        reply_to: e.reply_to.shifted(text),
        forwarded_from: e.forwarded_from.shifted(text),
        attachments: e.attachments.shifted(att),
        reactions: e.reactions.shifted(rea),
        styles: e.styles.shifted(sty),
        ..*e
    }));
    out.rare
        .attachments
        .extend(r.attachments.iter().map(|a| Attachment {
            name: a.name.shifted(text),
            target: a.target.shifted(text),
            ..*a
        }));
    out.rare
        .reactions
        .extend(r.reactions.iter().map(|x| Reaction {
            emoji: x.emoji.shifted(text),
            ..*x
        }));
    out.rare.styles.extend(r.styles.iter().map(|x| StyleSpan {
        range: x.range.shifted(text),
        ..*x
    }));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::super::{Builder, Loc, ParseContext, whatsapp};
    use crate::model::{AttachmentKind, TimeOfDay, Zone};

    /// A piece of one chat: (day of March 2024, hour, speaker, body).
    fn piece(messages: &[(u32, u32, &str, &str)]) -> super::Parsed {
        let ctx = ParseContext {
            path: Path::new("chat.txt"),
            folder: Path::new("x"),
            zone: Zone::Local,
        };
        let mut b = Builder::new(whatsapp::FORMAT, &ctx);
        let chat = b.chat("chat.txt", Some("Chat"));
        for &(day, hour, who, body) in messages {
            let s = b.speaker(who, Loc::Line(hour));
            let date = NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
            let time = TimeOfDay::from_hms(hour, 0, 0).unwrap();
            let mut m = b.message(chat, date, time, s, Loc::Line(hour));
            m.text(body);
            if body.starts_with("see") {
                m.attachment(AttachmentKind::File, "a.pdf", "a.pdf", Some(3));
            }
        }
        b.finish()
    }

    #[test]
    fn appended_messages_join_their_day_chat_and_speakers() {
        let mut start = piece(&[(1, 9, "Ana", "one"), (1, 10, "Ben", "see this")]);
        start.append(piece(&[
            (1, 11, "Ben", "two"),
            (1, 12, "Cy", "see that"),
            (2, 9, "Ana", "three"),
        ]));
        let whole = piece(&[
            (1, 9, "Ana", "one"),
            (1, 10, "Ben", "see this"),
            (1, 11, "Ben", "two"),
            (1, 12, "Cy", "see that"),
            (2, 9, "Ana", "three"),
        ]);
        assert_eq!(start.chats, whole.chats);
        assert_eq!(start.speakers, whole.speakers);
        assert_eq!(start.files, whole.files);
        assert_eq!(start.days.len(), 2);
        for (a, b) in start.days.iter().zip(&whole.days) {
            assert_eq!(a.date, b.date);
            assert_eq!(a.speaker_count, b.speaker_count);
            let shown = |d: &crate::model::Day| -> Vec<(u32, String, Vec<String>)> {
                (0..d.messages.len())
                    .map(|i| {
                        let m = &d.messages[i];
                        let files = d.attachments(i).iter().map(|x| d.str(x.name).to_owned());
                        (m.speaker.0, d.body(m).to_owned(), files.collect())
                    })
                    .collect()
            };
            assert_eq!(shown(a), shown(b));
        }
    }
}

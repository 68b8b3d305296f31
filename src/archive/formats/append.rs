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
            .map(|(i, n)| (n.as_str(), i as u32))
            .collect();
        let found: Vec<Option<u32>> = speakers
            .iter()
            .map(|n| known.get(n.as_str()).copied())
            .collect();
        drop(known);
        let speaker_map: Vec<u32> = speakers
            .into_iter()
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

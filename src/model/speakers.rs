use std::collections::HashMap;

use chrono::NaiveDate;

/// An interned speaker name; index into [`Speakers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SpeakerId(pub u32);

impl SpeakerId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One speaker and what the archive knows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The name as written after the time in a header, trimmed. Can be empty.
    pub name: Box<str>,
    pub messages: u32,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

/// The table of all speakers, interned by exact name.
///
/// The index hashes with foldhash (randomly seeded per process, as
/// hashbrown's own default): interning every speaker of every day is part
/// of the load's serial merge, where `SipHash` showed in profiles.
#[derive(Debug, Clone, Default)]
pub struct Speakers {
    list: Vec<Speaker>,
    index: HashMap<Box<str>, SpeakerId, foldhash::fast::RandomState>,
}

impl Speakers {
    /// The id of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> SpeakerId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = SpeakerId(self.list.len() as u32);
        self.list.push(Speaker {
            name: name.into(),
            messages: 0,
            first_day: None,
            last_day: None,
        });
        self.index.insert(name.into(), id);
        id
    }

    /// Counts one message of `id` written on `date`.
    pub fn record(&mut self, id: SpeakerId, date: NaiveDate, messages: u32) {
        let s = &mut self.list[id.index()];
        s.messages += messages;
        s.first_day = Some(s.first_day.map_or(date, |d| d.min(date)));
        s.last_day = Some(s.last_day.map_or(date, |d| d.max(date)));
    }

    /// Takes back `messages` counted twice (the same message read from two
    /// copies of an export); the first and last day stay.
    pub fn uncount(&mut self, id: SpeakerId, messages: u32) {
        let s = &mut self.list[id.index()];
        s.messages = s.messages.saturating_sub(messages);
    }

    pub fn get(&self, id: SpeakerId) -> &Speaker {
        &self.list[id.index()]
    }

    pub fn name(&self, id: SpeakerId) -> &str {
        &self.list[id.index()].name
    }

    pub fn find(&self, name: &str) -> Option<SpeakerId> {
        self.index.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// All speakers with their ids, in order of first appearance.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (SpeakerId, &Speaker)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, s)| (SpeakerId(i as u32), s))
    }
}

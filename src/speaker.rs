//! How a speaker is shown wherever one is shown: the label (`(no name)` for
//! the empty name) and the colour. Shared by the subcommands and the
//! interface, so that a speaker looks the same in `daybook show` and on the
//! screen; it sits below both and imports only the model and [`crate::text`].
//!
//! A speaker's colour is a slot of [`PALETTE`]: the slot its name hashes to,
//! unless an earlier speaker of the same day already has that slot, in which
//! case it takes the next free one. So the speakers of one day (what one
//! screen shows) are told apart as long as there are no more of them than
//! colours, and a speaker keeps its colour from day to day wherever no
//! earlier speaker of the day claims it.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::{Day, SpeakerId, Speakers};
use crate::text::sanitize_line;

/// What the empty speaker name is shown as, and found by.
pub const NO_NAME: &str = "(no name)";

/// A speaker's name as shown: [`NO_NAME`] for the empty one, sanitised.
pub fn label(name: &str) -> Cow<'_, str> {
    if name.trim().is_empty() {
        NO_NAME.into()
    } else {
        sanitize_line(name)
    }
}

/// Whether `query` (trimmed, any case) names the speaker `name` exactly,
/// either as written or as shown (`(no name)` names the empty speaker).
pub fn names(query: &str, name: &str) -> bool {
    let q = query.trim().to_lowercase();
    name.trim().to_lowercase() == q || (name.trim().is_empty() && q == NO_NAME)
}

/// Speaker colours as xterm-256 indexes: twelve hues of middle lightness,
/// each with a contrast of at least 3:1 against both a black and a white
/// background, so that one palette serves dark and light terminals alike.
pub const PALETTE: [u8; 12] = [33, 28, 166, 98, 30, 167, 136, 170, 64, 62, 67, 132];

/// FNV-1a: stable across runs and platforms, unlike `DefaultHasher`.
pub fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The slot a name hashes to in a palette of `n` colours (0 when `n` is 0).
pub fn preferred_slot(name: &str, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (stable_hash(name) % n as u64) as usize
    }
}

/// The palette slot of each speaker of one day, for a palette of `n` colours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaySlots {
    slots: HashMap<SpeakerId, usize>,
}

impl DaySlots {
    /// Gives each named speaker of `day`, in order of first message, the slot its
    /// name hashes to, or the next one free when an earlier speaker of the
    /// day has it. Once every slot is taken, the taking starts over.
    pub fn new(day: &Day, speakers: &Speakers, n: usize) -> DaySlots {
        let mut slots = HashMap::new();
        if n == 0 {
            return DaySlots { slots };
        }
        let mut taken = vec![false; n];
        let mut free = n;
        for msg in &day.messages {
            // The speaker without a name is shown dim, without a colour.
            if slots.contains_key(&msg.speaker) || speakers.name(msg.speaker).is_empty() {
                continue;
            }
            if free == 0 {
                taken.fill(false);
                free = n;
            }
            let want = preferred_slot(speakers.name(msg.speaker), n);
            let slot = (0..n)
                .map(|k| (want + k) % n)
                .find(|&s| !taken[s])
                .unwrap_or(want);
            taken[slot] = true;
            free -= 1;
            slots.insert(msg.speaker, slot);
        }
        DaySlots { slots }
    }

    /// The slot of `id`, when it spoke on this day.
    pub fn get(&self, id: SpeakerId) -> Option<usize> {
        self.slots.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::parse_day;
    use crate::model::Archive;
    use std::path::Path;

    fn day(archive: &mut Archive, names: &[&str]) -> Day {
        let mut text = String::from("---\ndate: 2018-01-22 12:00:00\n---\n");
        for (i, n) in names.iter().enumerate() {
            text.push_str(&format!("> 10:{i:02}:00  {n}\n\nhello\n\n"));
        }
        let mut p = parse_day(Path::new("x.markdown"), &text);
        let date = p.date.unwrap();
        for (m, name) in p.messages.iter_mut().zip(names) {
            m.speaker = archive.speakers.intern(name.trim());
            archive.speakers.record(m.speaker, date, 1);
        }
        Day {
            date,
            channel: 0,
            sources: vec![0],
            front_matter: p.front_matter,
            messages: p.messages,
            text: p.text,
            spans: p.spans,
            speaker_count: names.len() as u32,
            rare: crate::model::Rare::default(),
        }
    }

    #[test]
    fn the_empty_name_is_shown_and_found_as_no_name() {
        assert_eq!(label(""), "(no name)");
        assert_eq!(label("Ark"), "Ark");
        assert_eq!(label("a\u{1b}[2Jb"), "a␛[2Jb");
        assert!(names("(no name)", ""));
        assert!(names(" (No Name) ", ""));
        assert!(names("ark", "Ark"));
        assert!(!names("(no name)", "Ark"));
        assert!(!names("", "Ark"));
    }

    #[test]
    fn the_palette_reads_on_black_and_on_white() {
        fn channel(v: u8) -> f64 {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        }
        let levels = [0u8, 95, 135, 175, 215, 255];
        for &c in &PALETTE {
            let i = usize::from(c - 16);
            let (r, g, b) = (levels[i / 36], levels[i / 6 % 6], levels[i % 6]);
            let l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
            assert!((l + 0.05) / 0.05 >= 3.0, "{c} on black");
            assert!(1.05 / (l + 0.05) >= 3.0, "{c} on white");
        }
        let mut sorted = PALETTE.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), PALETTE.len());
    }

    #[test]
    fn speakers_of_a_day_get_distinct_slots_while_the_palette_lasts() {
        let mut archive = Archive::default();
        let names: Vec<String> = (0..12).map(|i| format!("speaker {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let d = day(&mut archive, &refs);
        let slots = DaySlots::new(&d, &archive.speakers, 12);
        let mut got: Vec<usize> = d
            .messages
            .iter()
            .map(|m| slots.get(m.speaker).unwrap())
            .collect();
        // The first speaker always keeps the slot of its name.
        assert_eq!(got[0], preferred_slot("speaker 0", 12));
        got.sort_unstable();
        got.dedup();
        assert_eq!(got.len(), 12, "twelve speakers, twelve colours");
        // Two names that hash to one slot are told apart.
        let clash = (1..200)
            .map(|i| format!("name {i}"))
            .find(|n| preferred_slot(n, 12) == preferred_slot("name 0", 12))
            .unwrap();
        let mut archive = Archive::default();
        let d = day(&mut archive, &["name 0", &clash, "name 0"]);
        let slots = DaySlots::new(&d, &archive.speakers, 12);
        let (a, b) = (d.messages[0].speaker, d.messages[1].speaker);
        assert_eq!(slots.get(a), Some(preferred_slot("name 0", 12)));
        assert_ne!(slots.get(a), slots.get(b));
        // No palette, no slots; the slots are the same every time.
        assert_eq!(DaySlots::new(&d, &archive.speakers, 0).get(a), None);
        assert_eq!(DaySlots::new(&d, &archive.speakers, 12), slots);
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}

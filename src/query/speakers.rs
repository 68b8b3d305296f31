//! Fuzzy ranking of speaker and channel names, for `daybook speakers
//! --fuzzy` and the interface's pickers.

use std::cmp::Reverse;

use crate::model::{Archive, ChannelId, SpeakerId};
use crate::speaker;

use super::fuzzy::FuzzyPattern;

/// Every speaker whose name `pattern` fuzzy-matches (smart case, score above
/// zero): first the speakers it names exactly (any case), then those whose
/// name starts with it, then the rest; within each, best score first, ties
/// by message count (most first), then by id. Names are matched as shown,
/// so `no name` finds the speaker without a name (shown `(no name)`). Each
/// comes with the char indices (not byte offsets) of the matched characters
/// of the shown name, for highlighting.
///
/// A blank pattern returns every speaker with score 0 and no indices, by
/// message count.
pub fn speaker_scores(archive: &Archive, pattern: &str) -> Vec<(SpeakerId, i64, Vec<usize>)> {
    let pattern = pattern.trim();
    let mut scored: Vec<(u8, SpeakerId, i64, Vec<usize>)> = if pattern.is_empty() {
        archive
            .speakers
            .iter()
            .map(|(id, _)| (0, id, 0, Vec::new()))
            .collect()
    } else {
        let fuzzy = FuzzyPattern::new(pattern);
        let folded = pattern.to_lowercase();
        archive
            .speakers
            .iter()
            .filter_map(|(id, s)| {
                let shown = speaker::label(&s.name);
                let (score, indices) = fuzzy.indices(&shown)?;
                let tier = if speaker::names(pattern, &s.name) {
                    0
                } else if shown.to_lowercase().starts_with(&folded) {
                    1
                } else {
                    2
                };
                Some((tier, id, score, indices))
            })
            .collect()
    };
    scored.sort_by_key(|&(tier, id, score, _)| {
        (
            tier,
            Reverse(score),
            Reverse(archive.speakers.get(id).messages),
            id,
        )
    });
    scored
        .into_iter()
        .map(|(_, id, score, indices)| (id, score, indices))
        .collect()
}

/// Every channel whose name `pattern` fuzzy-matches, ranked as
/// [`speaker_scores`] ranks speakers (exact, then prefix, then by score;
/// ties in channel order), with the char indices of the matched characters;
/// after them, every other channel of an app whose name begins with
/// `pattern` (ignoring case), so that typing `whats` lists the chats of `WhatsApp`.
/// A blank pattern returns every channel in order.
pub fn channel_scores(archive: &Archive, pattern: &str) -> Vec<(ChannelId, Vec<usize>)> {
    let pattern = pattern.trim();
    let all = (0..archive.channels.len() as ChannelId).map(|c| (c, &archive.channels[c as usize]));
    if pattern.is_empty() {
        return all.map(|(c, _)| (c, Vec::new())).collect();
    }
    let fuzzy = FuzzyPattern::new(pattern);
    let folded = pattern.to_lowercase();
    let mut scored: Vec<(u8, i64, ChannelId, Vec<usize>)> = all
        .filter_map(|(c, ch)| {
            let Some((score, indices)) = fuzzy.indices(&ch.name) else {
                // A channel of the app the pattern begins to name comes
                // after those whose name matches.
                return ch
                    .app
                    .to_lowercase()
                    .starts_with(&folded)
                    .then(|| (3, 0, c, Vec::new()));
            };
            let name = ch.name.to_lowercase();
            let tier = if name == folded {
                0
            } else if name.starts_with(&folded) {
                1
            } else {
                2
            };
            Some((tier, score, c, indices))
        })
        .collect();
    scored.sort_by_key(|&(tier, score, c, _)| (tier, Reverse(score), c));
    scored.into_iter().map(|(_, _, c, i)| (c, i)).collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn archive(speakers: &[(&str, u32)]) -> Archive {
        let mut a = Archive::default();
        let date = NaiveDate::from_ymd_opt(2018, 1, 22).unwrap();
        for &(name, messages) in speakers {
            let id = a.speakers.intern(name);
            a.speakers.record(id, date, messages);
        }
        a
    }

    fn names(a: &Archive, pattern: &str) -> Vec<String> {
        speaker_scores(a, pattern)
            .into_iter()
            .map(|(id, _, _)| a.speakers.name(id).to_owned())
            .collect()
    }

    #[test]
    fn empty_pattern_lists_everyone_by_message_count() {
        let a = archive(&[("a", 1), ("b", 5), ("c", 5), ("d", 9)]);
        assert_eq!(names(&a, ""), ["d", "b", "c", "a"]);
        assert_eq!(names(&a, "  "), ["d", "b", "c", "a"]);
        assert!(
            speaker_scores(&a, "")
                .iter()
                .all(|(_, s, i)| *s == 0 && i.is_empty())
        );
    }

    #[test]
    fn ranks_by_score_then_message_count() {
        let a = archive(&[
            ("Zhang Wei", 3),
            ("zw", 1),
            ("张伟", 10),
            ("Wang Zhao", 50),
            ("zhangwei", 7),
        ]);
        let ranked = speaker_scores(&a, "zw");
        assert_eq!(a.speakers.name(ranked[0].0), "zw");
        let found = names(&a, "zw");
        assert!(!found.contains(&"张伟".to_owned()));
        assert!(found.contains(&"Zhang Wei".to_owned()));
        for pair in ranked.windows(2) {
            assert!(pair[0].1 >= pair[1].1);
        }
        // Equal scores: more messages first.
        let a = archive(&[("ab", 1), ("ab ", 4)]);
        assert_eq!(names(&a, "ab"), ["ab ", "ab"]);
    }

    #[test]
    fn exact_and_prefix_matches_rank_first() {
        // The longer names score as well or better and have more messages.
        let a = archive(&[
            ("林桥-星河支付-架构", 40),
            ("小林桥", 30),
            ("林桥", 2),
            ("林乔桥", 50),
            ("林桥-X", 1),
        ]);
        let found = names(&a, "林桥");
        assert_eq!(found[..3], ["林桥", "林桥-星河支付-架构", "林桥-X"]);
        assert_eq!(found.len(), 5);
        let a = archive(&[("Wall-E", 1), ("wal", 1), ("Swallow", 9)]);
        assert_eq!(names(&a, "wal"), ["wal", "Wall-E", "Swallow"]);
    }

    #[test]
    fn channels_rank_like_speakers() {
        let mut a = Archive::default();
        for name in ["devarch", "prodarch", "proddev", "prodrd"] {
            a.channels.push(crate::model::Channel {
                name: name.into(),
                app: "WeChat",
                parent: None,
                path: name.into(),
                days: 0..0,
            });
        }
        let names = |p: &str| -> Vec<String> {
            channel_scores(&a, p)
                .into_iter()
                .map(|(c, _)| a.channels[c as usize].name.clone())
                .collect()
        };
        assert_eq!(names(""), ["devarch", "prodarch", "proddev", "prodrd"]);
        assert_eq!(names("prodd")[0], "proddev");
        assert_eq!(names("arch")[..2], ["devarch", "prodarch"]);
        assert_eq!(names("prodrd")[0], "prodrd");
        assert_eq!(channel_scores(&a, "dev")[0].1, [0, 1, 2]);
    }

    #[test]
    fn channels_of_an_app_follow_the_names_that_match() {
        let mut a = Archive::default();
        for (app, name) in [
            ("Slack", "general"),
            ("WeChat", "slack-watchers"),
            ("WhatsApp", "Family"),
            ("WhatsApp", "Work"),
        ] {
            a.channels.push(crate::model::Channel {
                name: name.into(),
                app,
                parent: None,
                path: name.into(),
                days: 0..0,
            });
        }
        let names = |p: &str| -> Vec<String> {
            channel_scores(&a, p)
                .into_iter()
                .map(|(c, _)| a.channels[c as usize].name.clone())
                .collect()
        };
        assert_eq!(names("whats"), ["Family", "Work"]);
        assert_eq!(names("slack"), ["slack-watchers", "general"]);
        assert_eq!(channel_scores(&a, "whatsapp")[0].1, Vec::<usize>::new());
        assert!(names("telegram").is_empty());
    }

    #[test]
    fn the_speaker_without_a_name_is_found_as_shown() {
        let a = archive(&[("", 3), ("Noname", 1), ("Ark", 2)]);
        let found = speaker_scores(&a, "no name");
        assert_eq!(a.speakers.name(found[0].0), "");
        // The indices are of the shown label, `(no name)`.
        assert_eq!(found[0].2, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(names(&a, "(no name)")[0], "");
    }

    #[test]
    fn indices_are_characters_of_the_name() {
        let a = archive(&[("王小明", 1), ("Alice", 2)]);
        let ranked = speaker_scores(&a, "王明");
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].2, [0, 2]);
        // Smart case.
        assert_eq!(names(&a, "al"), ["Alice"]);
        assert!(names(&a, "aL").is_empty());
    }
}

//! Fuzzy ranking of speaker names, for `daybook speakers --fuzzy` and the
//! interface's speaker picker.

use std::cmp::Reverse;

use crate::model::{Archive, SpeakerId};

use super::fuzzy::FuzzyPattern;

/// Every speaker whose name `pattern` fuzzy-matches (smart case, score above
/// zero), best score first, ties by message count (most first), then by id.
/// Each comes with the char indices (not byte offsets) of the matched
/// characters of the name, for highlighting.
///
/// A blank pattern returns every speaker with score 0 and no indices, by
/// message count.
pub fn speaker_scores(archive: &Archive, pattern: &str) -> Vec<(SpeakerId, i64, Vec<usize>)> {
    let pattern = pattern.trim();
    let mut scored: Vec<(SpeakerId, i64, Vec<usize>)> = if pattern.is_empty() {
        archive
            .speakers
            .iter()
            .map(|(id, _)| (id, 0, Vec::new()))
            .collect()
    } else {
        let fuzzy = FuzzyPattern::new(pattern);
        archive
            .speakers
            .iter()
            .filter_map(|(id, s)| {
                fuzzy
                    .indices(&s.name)
                    .map(|(score, indices)| (id, score, indices))
            })
            .collect()
    };
    scored.sort_by_key(|&(id, score, _)| {
        (
            Reverse(score),
            Reverse(archive.speakers.get(id).messages),
            id,
        )
    });
    scored
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

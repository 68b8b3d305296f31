//! Fuzzy matching with skim's algorithm, behind a cheap subsequence prefilter.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

/// A compiled fuzzy pattern, smart case: case-sensitive when it contains an
/// uppercase letter, otherwise ASCII letters match either case (as in skim).
///
/// A text matches when skim finds the characters in order with a score above
/// zero (widely scattered characters score below zero and do not match).
pub(crate) struct FuzzyPattern {
    pattern: Box<str>,
    skim: SkimMatcherV2,
    /// One needle per pattern character, for the subsequence prefilter.
    needles: Vec<CharNeedle>,
}

enum CharNeedle {
    Byte(u8),
    /// An ASCII letter in either case.
    EitherByte(u8, u8),
    /// A multi-byte character.
    Bytes(Box<memmem::Finder<'static>>),
}

impl CharNeedle {
    /// The byte range of the first occurrence in `hay`.
    fn find(&self, hay: &[u8]) -> Option<Range<usize>> {
        match self {
            CharNeedle::Byte(b) => memchr::memchr(*b, hay).map(|i| i..i + 1),
            CharNeedle::EitherByte(a, b) => memchr::memchr2(*a, *b, hay).map(|i| i..i + 1),
            CharNeedle::Bytes(f) => f.find(hay).map(|i| i..i + f.needle().len()),
        }
    }
}

impl FuzzyPattern {
    pub(crate) fn new(pattern: &str) -> Self {
        let case_sensitive = super::is_case_sensitive(pattern);
        let skim = if case_sensitive {
            SkimMatcherV2::default().respect_case()
        } else {
            SkimMatcherV2::default().ignore_case()
        };
        let needles = pattern
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    let b = c as u8;
                    if !case_sensitive && b.is_ascii_alphabetic() {
                        CharNeedle::EitherByte(b.to_ascii_lowercase(), b.to_ascii_uppercase())
                    } else {
                        CharNeedle::Byte(b)
                    }
                } else {
                    let mut buf = [0; 4];
                    CharNeedle::Bytes(Box::new(
                        memmem::Finder::new(c.encode_utf8(&mut buf)).into_owned(),
                    ))
                }
            })
            .collect();
        Self {
            pattern: pattern.into(),
            skim,
            needles,
        }
    }

    /// Whether the characters of the pattern occur in `text` in order; cheap,
    /// allocation-free, and necessary for a match.
    fn could_match(&self, text: &str) -> bool {
        self.could_match_bytes(text.as_bytes())
    }

    /// [`FuzzyPattern::could_match`] on raw bytes, possibly invalid UTF-8.
    pub(crate) fn could_match_bytes(&self, hay: &[u8]) -> bool {
        let mut pos = 0;
        for needle in &self.needles {
            match needle.find(&hay[pos..]) {
                Some(r) => pos += r.end,
                None => return false,
            }
        }
        true
    }

    /// The score when `text` matches.
    pub(crate) fn score(&self, text: &str) -> Option<i64> {
        if !self.could_match(text) {
            return None;
        }
        self.skim
            .fuzzy_match(text, &self.pattern)
            .filter(|&s| s > 0)
    }

    /// The score and the indices of the matched characters (char indices,
    /// not bytes) when `text` matches.
    pub(crate) fn indices(&self, text: &str) -> Option<(i64, Vec<usize>)> {
        if !self.could_match(text) {
            return None;
        }
        self.skim
            .fuzzy_indices(text, &self.pattern)
            .filter(|&(s, _)| s > 0)
    }

    /// Appends the byte range of each matched character of `text`.
    pub(crate) fn highlight(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let Some((_, indices)) = self.indices(text) else {
            return;
        };
        let mut wanted = indices.iter().copied().peekable();
        for (n, (at, c)) in text.char_indices().enumerate() {
            let Some(&next) = wanted.peek() else {
                break;
            };
            if next == n {
                out.push(at..at + c.len_utf8());
                wanted.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_needs_the_characters_in_order() {
        let p = FuzzyPattern::new("二码");
        assert!(p.could_match("扫二维码"));
        assert!(!p.could_match("码二"));
        let p = FuzzyPattern::new("ab");
        assert!(p.could_match("xAyB"));
        let p = FuzzyPattern::new("aB");
        assert!(!p.could_match("xAyb"));
        assert!(p.could_match("xaB"));
    }

    #[test]
    fn scores_agree_with_the_prefilter() {
        let p = FuzzyPattern::new("wx");
        assert!(p.score("WeiXin").is_some());
        assert!(p.score("xw").is_none());
        let p = FuzzyPattern::new("WX");
        assert!(p.score("weixin").is_none());
    }

    #[test]
    fn highlights_are_bytes_of_whole_characters() {
        let p = FuzzyPattern::new("二码");
        let mut out = Vec::new();
        p.highlight("扫二维码了", &mut out);
        assert_eq!(out, [3..6, 9..12]);
        let text = "扫二维码了";
        assert_eq!(&text[out[0].clone()], "二");
        assert_eq!(&text[out[1].clone()], "码");
    }
}

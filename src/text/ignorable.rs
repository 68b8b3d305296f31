//! Characters that search looks through.
//!
//! Zero-width characters inside a word (a zero width space pasted from a
//! web page, or put there on purpose to hide the word from search) do not
//! stop a term from matching: `abc` finds `a\u{200B}bc`, and the match
//! covers the bytes from `a` to `c`. The sanitiser keeps them (they are
//! invisible and harmless on screen); search ignores them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// Whether search ignores `c` inside a word: SOFT HYPHEN, MONGOLIAN VOWEL
/// SEPARATOR, ZERO WIDTH SPACE, ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER,
/// WORD JOINER, the invisible operators U+2061–U+2064, and ZERO WIDTH
/// NO-BREAK SPACE (U+FEFF).
///
/// ```
/// use daybook::text::is_ignorable;
/// assert!(is_ignorable('\u{200b}') && is_ignorable('\u{feff}'));
/// assert!(!is_ignorable(' ') && !is_ignorable('中'));
/// ```
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// The UTF-8 encodings of the ignorable characters, as a byte pattern.
const IGNORABLE: &str =
    r"\xC2\xAD|\xE1\xA0\x8E|\xE2\x80[\x8B-\x8D]|\xE2\x81[\xA0-\xA4]|\xEF\xBB\xBF";
/// The tag characters U+E0000–U+E007F, which the sanitiser removes.
const TAG: &str = r"\xF3\xA0[\x80\x81][\x80-\xBF]";

static IGNORABLE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?-u:{IGNORABLE})")).expect("a valid pattern"));
static HIDDEN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?-u:{IGNORABLE}|{TAG})")).expect("a valid pattern"));

/// The offset of the first ignorable character in `bytes` (UTF-8, maybe
/// invalid) at or after `from`.
pub fn find_ignorable(bytes: &[u8], from: usize) -> Option<usize> {
    IGNORABLE_RE.find_at(bytes, from).map(|m| m.start())
}

/// The offset of the first ignorable or tag character (see
/// [`crate::text::sanitize`]) in raw `bytes` at or after `from`: where
/// search over the sanitised text may find what the raw bytes do not show.
pub fn find_hidden(bytes: &[u8], from: usize) -> Option<usize> {
    HIDDEN_RE.find_at(bytes, from).map(|m| m.start())
}

/// Whether an ignorable or a tag character is encoded at `bytes[i..]`.
pub fn hidden_at(bytes: &[u8], i: usize) -> bool {
    let b = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b(0) {
        0xC2 => b(1) == 0xAD,
        0xE1 => b(1) == 0xA0 && b(2) == 0x8E,
        0xE2 => match b(1) {
            0x80 => matches!(b(2), 0x8B..=0x8D),
            0x81 => matches!(b(2), 0xA0..=0xA4),
            _ => false,
        },
        0xEF => b(1) == 0xBB && b(2) == 0xBF,
        0xF3 => b(1) == 0xA0 && matches!(b(2), 0x80 | 0x81) && matches!(b(3), 0x80..=0xBF),
        _ => false,
    }
}

/// [`find_hidden`] in three parts, for a scan that looks for `0xE2` lead
/// bytes anyway and checks them with [`hidden_at`]: the hidden characters
/// whose lead byte is `0xC2`, `0xE1` or `0xF3` (rare in most text), ...
pub fn find_hidden_rare(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3_iter(0xC2, 0xE1, 0xF3, bytes.get(from..)?)
        .map(|i| from + i)
        .find(|&i| hidden_at(bytes, i))
}

/// ... and U+FEFF, whose lead byte `0xEF` is common in CJK punctuation.
pub fn find_feff(bytes: &[u8], from: usize) -> Option<usize> {
    // Built once: a search may ask for the next one many times a file.
    static FEFF: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("\u{feff}".as_bytes()));
    FEFF.find(bytes.get(from..)?).map(|i| from + i)
}

/// `s` without its ignorable characters, or `None` when it has none.
///
/// ```
/// use daybook::text::strip_ignorable;
/// assert_eq!(strip_ignorable("a\u{200b}b\u{feff}c").as_deref(), Some("abc"));
/// assert_eq!(strip_ignorable("abc"), None);
/// ```
pub fn strip_ignorable(s: &str) -> Option<String> {
    let first = find_ignorable(s.as_bytes(), 0)?;
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    out.extend(s[first..].chars().filter(|&c| !is_ignorable(c)));
    Some(out)
}

/// Sets the start or the end (`point.1`) of range `point.2` to `at`.
fn place(at: usize, point: (usize, bool, usize), ranges: &mut [Range<usize>]) {
    let (_, is_end, i) = point;
    if is_end {
        ranges[i].end = at;
    } else {
        ranges[i].start = at;
    }
}

/// Turns ranges of [`strip_ignorable`]`(s)` into ranges of `s`: a start
/// becomes the offset of the character that starts there, an end the
/// offset just after the character that ends there, so a range covers the
/// ignorable characters inside it and none around it. One pass over `s`,
/// whatever the number of ranges.
///
/// ```
/// use daybook::text::map_ignorable;
/// let s = "x\u{200b}a\u{200b}bc\u{200b}";
/// let mut r = vec![1..4];
/// map_ignorable(s, &mut r);
/// assert_eq!(&s[r[0].clone()], "a\u{200b}bc");
/// ```
pub fn map_ignorable(s: &str, ranges: &mut [Range<usize>]) {
    // (stripped offset, is an end, which range), sorted.
    let mut points: Vec<(usize, bool, usize)> = ranges
        .iter()
        .enumerate()
        .flat_map(|(i, r)| [(r.start, false, i), (r.end, true, i)])
        .collect();
    points.sort_unstable();
    let mut next = 0;
    let mut stripped = 0;
    let mut after_previous = 0;
    for (i, c) in s.char_indices() {
        if is_ignorable(c) {
            continue;
        }
        while let Some(&p) = points.get(next).filter(|p| p.0 <= stripped) {
            place(if p.1 { after_previous } else { i }, p, ranges);
            next += 1;
        }
        stripped += c.len_utf8();
        after_previous = i + c.len_utf8();
    }
    while let Some(&p) = points.get(next) {
        place(if p.1 { after_previous } else { s.len() }, p, ranges);
        next += 1;
    }
    for r in ranges.iter_mut() {
        r.end = r.end.max(r.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn byte_patterns_match_the_characters() {
        for u in 0..=0x0010_FFFF {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}");
            assert_eq!(
                find_ignorable(s.as_bytes(), 0).is_some(),
                is_ignorable(c),
                "{u:#x}"
            );
            let tag = (0xE0000..=0xE007F).contains(&u);
            assert_eq!(
                find_hidden(s.as_bytes(), 0).is_some(),
                is_ignorable(c) || tag,
                "{u:#x}"
            );
        }
    }

    /// The three parts of [`find_hidden`] find what it finds.
    #[test]
    fn the_split_scans_find_every_hidden_character() {
        for u in 0..=0x0010_FFFF {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}b");
            let b = s.as_bytes();
            let e2 = memchr::memchr_iter(0xE2, b).find(|&i| hidden_at(b, i));
            let split = [find_hidden_rare(b, 0), find_feff(b, 0), e2]
                .into_iter()
                .flatten()
                .min();
            assert_eq!(split, find_hidden(b, 0), "{u:#x}");
        }
    }

    #[test]
    fn finds_from_an_offset() {
        let s = "\u{200b}ab\u{200b}".as_bytes();
        assert_eq!(find_ignorable(s, 0), Some(0));
        assert_eq!(find_ignorable(s, 1), Some(5));
        assert_eq!(find_ignorable(s, 6), None);
        assert_eq!(find_hidden("x\u{e0041}".as_bytes(), 0), Some(1));
    }

    #[test]
    fn ranges_map_back_around_ignorables() {
        let s = "\u{200b}ab\u{200d}c\u{feff}\u{feff}d\u{ad}";
        let stripped = strip_ignorable(s).unwrap();
        assert_eq!(stripped, "abcd");
        let mut r = vec![0..2, 1..3, 3..4, 4..4, 0..4];
        map_ignorable(s, &mut r);
        let texts: Vec<&str> = r.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            texts,
            ["ab", "b\u{200d}c", "d", "", "ab\u{200d}c\u{feff}\u{feff}d"]
        );
    }

    proptest! {
        #[test]
        fn mapped_ranges_hold_the_same_text(
            s in "[ab中\\u{200b}\\u{200d}\\u{ad}\\u{feff}]{0,24}",
            picks in proptest::collection::vec((0usize..30, 0usize..30), 0..6),
        ) {
            let stripped = strip_ignorable(&s).unwrap_or_else(|| s.clone());
            let bounds: Vec<usize> = stripped.char_indices().map(|(i, _)| i).chain([stripped.len()]).collect();
            let mut ranges: Vec<Range<usize>> = picks
                .iter()
                .map(|&(a, b)| {
                    let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                    a.min(b)..a.max(b)
                })
                .collect();
            let wanted: Vec<String> = ranges.iter().map(|r| stripped[r.clone()].to_string()).collect();
            map_ignorable(&s, &mut ranges);
            for (r, w) in ranges.iter().zip(&wanted) {
                let got: String = s[r.clone()].chars().filter(|&c| !is_ignorable(c)).collect();
                prop_assert_eq!(&got, w);
                // Neither end is an ignorable character outside the match.
                if !w.is_empty() {
                    prop_assert!(!s[r.clone()].starts_with(is_ignorable));
                    prop_assert!(!s[r.clone()].ends_with(is_ignorable));
                }
            }
        }
    }
}

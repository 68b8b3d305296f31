//! The cells of a string: extended grapheme clusters with their display
//! widths, fast on plain text, and never wider than two columns.
//!
//! [`Clusters`] yields the same clusters as
//! [`UnicodeSegmentation::grapheme_indices`](unicode_segmentation::UnicodeSegmentation::grapheme_indices)
//! (tested against it), except that a cluster wider than two columns (a run
//! of Hangul leading jamo, a prepended or spacing mark, an Indic conjunct
//! of three consonants) is cut into several cells: a new cell starts at each
//! character that has a width of its own, so every cell is at most two
//! columns and nothing of the text is lost. A terminal cell holds at most a
//! two-column glyph; a wider "cluster" is drawn by terminals as several
//! glyphs, each with its own width, and measuring it as one would leave
//! stale columns on screen and overflow a line.
//!
//! It skips the full segmentation rules between two
//! "simple" characters: printable ASCII, CJK ideographs, kana, Hangul
//! syllables and full-width forms. Every such character has
//! `Grapheme_Cluster_Break=Other` (or `LV`/`LVT`) and no
//! `Indic_Conjunct_Break`, so there is always a boundary between two of them
//! (rule GB999 of UAX #29). Other text goes through
//! [`GraphemeCursor`].

use unicode_segmentation::GraphemeCursor;
use unicode_width::UnicodeWidthChar;

use super::width::grapheme_width;

/// Iterator over `(byte offset, cluster, width)` of a string, the width being
/// [`grapheme_width`].
#[derive(Debug, Clone)]
pub(super) struct Clusters<'a> {
    text: &'a str,
    pos: usize,
    /// `simple(text, pos)` when it was already computed as the look-ahead,
    /// else `UNKNOWN`.
    ahead: Simple,
    /// End of the over-wide cluster being cut into cells; 0 when none.
    split_end: usize,
}

/// The widest a cell may be.
pub(super) const MAX_CELL: usize = 2;

/// Byte length and width of a simple character; length 0 when the character
/// is not simple.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Simple {
    len: u8,
    width: u8,
}

const NOT_SIMPLE: Simple = Simple { len: 0, width: 0 };
const UNKNOWN: Simple = Simple { len: 0, width: 1 };

impl<'a> Clusters<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Clusters {
            text,
            pos: 0,
            ahead: UNKNOWN,
            split_end: 0,
        }
    }

    /// The cluster at `start` by the full rules, or its first cell when it
    /// is wider than [`MAX_CELL`].
    #[inline(never)]
    fn complex(&mut self, start: usize) -> (usize, &'a str, usize) {
        let mut cursor = GraphemeCursor::new(start, self.text.len(), true);
        let end = match cursor.next_boundary(self.text, 0) {
            Ok(Some(end)) => end,
            _ => self.text.len(),
        };
        self.pos = end;
        self.ahead = UNKNOWN;
        let g = &self.text[start..end];
        let w = grapheme_width(g);
        if w <= MAX_CELL {
            return (start, g, w);
        }
        self.split_end = end;
        self.piece(start)
    }

    /// The next cell of an over-wide cluster that ends at `split_end`: from
    /// `start` up to the next character with a width of its own.
    #[inline(never)]
    fn piece(&mut self, start: usize) -> (usize, &'a str, usize) {
        let rest = &self.text[start..self.split_end];
        let mut chars = rest.char_indices();
        chars.next();
        let len = chars
            .find(|&(_, c)| has_own_width(c))
            .map_or(rest.len(), |(i, _)| i);
        let end = start + len;
        self.pos = end;
        if end == self.split_end {
            self.split_end = 0;
        }
        let g = &self.text[start..end];
        let w = grapheme_width(g);
        if w <= MAX_CELL {
            return (start, g, w);
        }
        // The characters of this cell only widen together (a selector on a
        // wide base, say): a cell of the first character alone, and the
        // rest as cells of their own.
        let first = rest.chars().next().map_or(0, char::len_utf8);
        self.pos = start + first;
        self.split_end = self.split_end.max(end);
        let g = &self.text[start..start + first];
        let w = grapheme_width(g);
        // One character wider than a cell (unicode-width gives U+17D8 three
        // columns) cannot be cut: it is drawn as U+FFFD, one column.
        (start, g, if w <= MAX_CELL { w } else { 1 })
    }
}

/// What to draw for a cell: the cell itself, or U+FFFD for the one kind of
/// cell that is wider than two columns (a single character that
/// unicode-width makes wider, such as U+17D8), which [`Clusters`] measures as
/// one column.
pub(super) fn cell_symbol(g: &str) -> &str {
    if grapheme_width(g) <= MAX_CELL {
        g
    } else {
        "\u{FFFD}"
    }
}

/// Whether `c` takes columns of its own, so that a cell of an over-wide
/// cluster may start at it.
fn has_own_width(c: char) -> bool {
    c.width().is_some_and(|w| w > 0)
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (usize, &'a str, usize);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        if self.split_end > start {
            return Some(self.piece(start));
        }
        let here = if self.ahead == UNKNOWN {
            simple(bytes, start)
        } else {
            self.ahead
        };
        if here.len > 0 {
            let end = start + usize::from(here.len);
            let next = if end < bytes.len() {
                simple(bytes, end)
            } else {
                UNKNOWN
            };
            if next != NOT_SIMPLE {
                self.ahead = next;
                self.pos = end;
                return Some((start, &self.text[start..end], usize::from(here.width)));
            }
        }
        Some(self.complex(start))
    }
}

/// Whether the character starting at `bytes[at]` is simple (see the module
/// documentation), with its length in bytes and its width.
#[inline]
fn simple(bytes: &[u8], at: usize) -> Simple {
    const ASCII: Simple = Simple { len: 1, width: 1 };
    const WIDE: Simple = Simple { len: 3, width: 2 };
    let lead = bytes[at];
    if (0x20..0x7F).contains(&lead) {
        return ASCII;
    }
    match lead {
        // U+4000..=U+9FFF: CJK ideographs.
        0xE4..=0xE9 => WIDE,
        0xE3 | 0xEA..=0xED | 0xEF => {
            let u = (u32::from(lead & 0x0F) << 12)
                | (u32::from(bytes[at + 1] & 0x3F) << 6)
                | u32::from(bytes[at + 2] & 0x3F);
            match u {
                // Everything in U+3000..=U+3FFF (CJK symbols, kana, Bopomofo,
                // compatibility jamo, enclosed CJK, extension A) but the
                // combining ideographic tone marks and kana voicing marks.
                0x3000..=0x3029 | 0x3030..=0x3098 | 0x309B..=0x3FFF => {
                    match char::from_u32(u).and_then(UnicodeWidthChar::width) {
                        Some(w @ 1..=2) => Simple {
                            len: 3,
                            width: w as u8,
                        },
                        _ => NOT_SIMPLE,
                    }
                }
                // Hangul syllables, full-width ASCII.
                0xAC00..=0xD7A3 | 0xFF01..=0xFF5E => WIDE,
                _ => NOT_SIMPLE,
            }
        }
        _ => NOT_SIMPLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// The clusters of unicode-segmentation, each over-wide one cut before
    /// every character with a width of its own.
    fn reference(s: &str) -> Vec<(usize, &str, usize)> {
        let mut out = Vec::new();
        for (i, g) in s.grapheme_indices(true) {
            if grapheme_width(g) <= MAX_CELL {
                out.push((i, g, grapheme_width(g)));
                continue;
            }
            let mut starts: Vec<usize> = g
                .char_indices()
                .filter(|&(k, c)| k == 0 || has_own_width(c))
                .map(|(k, _)| k)
                .collect();
            starts.push(g.len());
            for w in starts.windows(2) {
                let piece = &g[w[0]..w[1]];
                let width = grapheme_width(cell_symbol(piece));
                out.push((i + w[0], piece, width));
            }
        }
        out
    }

    #[test]
    fn no_cell_is_wider_than_two_columns() {
        let jamo = "\u{1100}".repeat(50);
        for s in [
            jamo.as_str(),
            "\u{1100}\u{1100}\u{1161}\u{11a8}",
            "\u{1100}가",
            "\u{600}\u{600}x",
            "स्त्र",
            "ｶﾞ",
            "a🏽",
            "\u{a960}\u{a960}\u{a960}",
            "\u{17d8}x",
        ] {
            let cells: Vec<_> = Clusters::new(s).collect();
            assert!(
                cells.iter().all(|&(_, _, w)| w <= MAX_CELL),
                "{s:?}: {cells:?}"
            );
            assert!(
                cells
                    .iter()
                    .all(|&(_, g, w)| grapheme_width(cell_symbol(g)) == w)
            );
            let joined: String = cells.iter().map(|&(_, g, _)| g).collect();
            assert_eq!(joined, s, "nothing is lost");
            assert_eq!(cells, reference(s), "{s:?}");
        }
        let cells: Vec<_> = Clusters::new(&jamo).collect();
        assert_eq!(cells.len(), 50);
        assert_eq!(Clusters::new("स्त्र").map(|c| c.2).sum::<usize>(), 3);
    }

    #[test]
    fn simple_characters_always_split() {
        // Against one representative of every break class that can be
        // simple (Other, ExtPict, LV, LVT) and against itself.
        let reps = ['a', '中', '가', '각', '〰', '，'];
        let mut checked = 0;
        for u in 0..=0xFFFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = c.to_string();
            let Simple { len, width } = simple(s.as_bytes(), 0);
            if len == 0 {
                continue;
            }
            assert_eq!(usize::from(len), s.len(), "{u:#x}");
            assert_eq!(usize::from(width), grapheme_width(&s), "{u:#x}");
            for r in reps.into_iter().chain([c]) {
                for pair in [format!("{c}{r}"), format!("{r}{c}")] {
                    assert_eq!(pair.graphemes(true).count(), 2, "{u:#x} with {r}");
                }
            }
            checked += 1;
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn examples() {
        for s in [
            "",
            "abc",
            "中文，好",
            "e\u{301}中\u{301}",
            "👨\u{200d}👩\u{200d}👧\u{200d}👦中",
            "🇨🇳🇯🇵🇺中",
            "a\r\nb",
            "カ\u{3099}か\u{309a}",
            "ｶﾞ",
            "\u{1100}\u{1161}\u{11a8}가\u{11a8}",
            "क्षि",
            "\u{1100}\u{1100}\u{1100}x\u{1100}\u{1100}",
        ] {
            assert_eq!(Clusters::new(s).collect::<Vec<_>>(), reference(s), "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn same_as_unicode_segmentation(
            s in prop_oneof![
                any::<String>(),
                "[a 中，가각\\u{1100}\\u{1100}\\u{a960}\\u{600}\\u{93e}\\u{94d}\\u{1f3fd}\\u{1161}\\u{11a8}😂👨\\u{200d}\\u{fe0f}\\u{301}\\u{3099}\\u{ff9e}🇨🇳\\u{600}\\u{94d}क\\r\\n]{0,30}",
            ]
        ) {
            prop_assert_eq!(Clusters::new(&s).collect::<Vec<_>>(), reference(&s));
        }
    }
}

//! Display width in terminal columns, measured the way terminals draw text.
//!
//! A string is split into extended grapheme clusters; a cluster that holds a
//! control character is not drawn (ratatui drops it, and daybook shows
//! controls as visible pictures anyway), and every other cluster is as wide
//! as [`unicode_width::UnicodeWidthStr`] says. A one-byte cluster is always
//! one column.
//!
//! Two refinements keep the layout equal to what a terminal shows:
//!
//! - a cluster wider than two columns (a run of Hangul leading jamo, a
//!   prepended mark, a long Indic conjunct) is measured and drawn as several
//!   cells of at most two columns each ([`cells`]), because a terminal draws
//!   it as several glyphs: [`width`], [`truncate`] and the wrapper count
//!   those cells, and the interface draws them one cell at a time;
//! - ratatui 0.30 (`ratatui-core` 0.1.2, `buffer/cell_width.rs`) counts one
//!   more column for each halfwidth katakana sound mark (U+FF9E, U+FF9F)
//!   than unicode-width 0.2 already does, which terminals do not (`ｶﾞ` is
//!   two columns in tmux and xterm): daybook measures them as unicode-width
//!   does and the interface sets the width of such cells explicitly.
//!
//! For any other text this is exactly ratatui's width.

use std::fmt;

use unicode_width::UnicodeWidthStr;

use super::clusters::Clusters;

/// Display columns of one extended grapheme cluster, as a terminal draws it.
///
/// - a one-byte cluster is one column, or zero if it is an ASCII control;
/// - a cluster containing any control character (C0, DEL or C1) is zero,
///   because it is not drawn;
/// - otherwise the [`UnicodeWidthStr`] width.
///
/// `g` is expected to be a single cluster (as produced by
/// `unicode_segmentation::UnicodeSegmentation::graphemes`); for longer
/// strings use [`width`], which also cuts clusters wider than two columns
/// into [`cells`].
///
/// ```
/// use daybook::text::grapheme_width;
/// assert_eq!(grapheme_width("a"), 1);
/// assert_eq!(grapheme_width("中"), 2);
/// assert_eq!(grapheme_width("e\u{301}"), 1);
/// assert_eq!(grapheme_width("👨\u{200d}👩\u{200d}👧"), 2);
/// assert_eq!(grapheme_width("ｶﾞ"), 2);
/// assert_eq!(grapheme_width("\u{7}"), 0);
/// ```
#[inline]
pub fn grapheme_width(g: &str) -> usize {
    if let [b] = g.as_bytes() {
        return usize::from(!b.is_ascii_control());
    }
    if g.chars().any(char::is_control) {
        return 0;
    }
    UnicodeWidthStr::width(g)
}

/// Display columns of a string: the sum of the widths of its [`cells`] (for
/// text without clusters wider than two columns, the sum of
/// [`grapheme_width`] over its extended grapheme clusters).
///
/// ASCII strings take a fast path that counts the non-control bytes.
///
/// ```
/// use daybook::text::width;
/// assert_eq!(width("hello"), 5);
/// assert_eq!(width("你好，world"), 11);
/// assert_eq!(width("a\tb"), 2); // ratatui does not draw the tab
/// ```
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return ascii_width(s.as_bytes());
    }
    Clusters::new(s).map(|(_, _, w)| w).sum()
}

/// Width of ASCII bytes: every byte is its own cluster (CR LF is one cluster
/// of two controls, which is zero either way).
fn ascii_width(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| !b.is_ascii_control()).count()
}

/// The longest prefix of `s` made of whole [`cells`] whose width is at most
/// `max` columns, and that width.
///
/// Zero-width cells directly after the last cell that fits are part of the
/// prefix (they take no room). The prefix is always on a cell boundary, so a
/// combining mark or an emoji sequence is never cut.
///
/// ```
/// use daybook::text::truncate;
/// assert_eq!(truncate("你好世界", 5), ("你好", 4));
/// assert_eq!(truncate("hello", 10), ("hello", 5));
/// assert_eq!(truncate("e\u{301}x", 1), ("e\u{301}", 1));
/// ```
pub fn truncate(s: &str, max: usize) -> (&str, usize) {
    let mut used = 0;
    if s.is_ascii() {
        for (i, b) in s.bytes().enumerate() {
            if !b.is_ascii_control() {
                if used == max {
                    return (&s[..i], used);
                }
                used += 1;
            }
        }
        return (s, used);
    }
    for (i, _, w) in Clusters::new(s) {
        if used + w > max {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

/// `s` cut to at most `max` columns, ending in `…` where something was cut.
///
/// ```
/// use daybook::text::ellipsize;
/// assert_eq!(ellipsize("胡桥-资邦金服-产品", 9), "胡桥-资…");
/// assert_eq!(ellipsize("Ark", 3), "Ark");
/// assert_eq!(ellipsize("Ark", 0), "");
/// ```
pub fn ellipsize(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= max {
        return s.into();
    }
    if max == 0 {
        return "".into();
    }
    let (head, _) = truncate(s, max - 1);
    format!("{head}…").into()
}

/// The cells of `s` as `(byte offset, text, columns)`: its extended grapheme
/// clusters, except that a cluster wider than two columns is cut into cells
/// at each character that has a width of its own, so that no cell is wider
/// than two columns. The cells cover `s` in order; a cell of width zero (a
/// control character, a lone joiner) is not drawn.
///
/// ```
/// use daybook::text::cells;
/// let cells: Vec<(usize, &str, usize)> = cells("a中\u{1100}\u{1100}").collect();
/// assert_eq!(cells, [(0, "a", 1), (1, "中", 2), (4, "\u{1100}", 2), (7, "\u{1100}", 2)]);
/// ```
pub fn cells(s: &str) -> impl Iterator<Item = (usize, &str, usize)> + '_ {
    Clusters::new(s)
}

/// What the interface draws for one of the [`cells`]: the cell itself, or
/// U+FFFD for a single character that is wider than two columns (U+17D8,
/// which unicode-width makes three columns wide); either way, as wide as
/// [`cells`] says.
///
/// ```
/// use daybook::text::cell_symbol;
/// assert_eq!(cell_symbol("中"), "中");
/// assert_eq!(cell_symbol("\u{17d8}"), "\u{fffd}");
/// ```
pub fn cell_symbol(g: &str) -> &str {
    super::clusters::cell_symbol(g)
}

/// `s` followed by enough spaces to make it `w` columns wide.
///
/// Never truncates: a string already `w` columns or wider is returned as is.
/// For aligned table output without an allocation, see [`padded`].
///
/// ```
/// use daybook::text::pad_right;
/// assert_eq!(pad_right("张三", 6), "张三  ");
/// assert_eq!(pad_right("bob", 2), "bob");
/// ```
pub fn pad_right(s: &str, w: usize) -> String {
    padded(s, w).to_string()
}

/// A [`Display`](fmt::Display) adapter that writes `s` and then spaces up to
/// `w` columns, like [`pad_right`] without building a `String`.
///
/// ```
/// use daybook::text::padded;
/// assert_eq!(format!("[{}]", padded("李四", 5)), "[李四 ]");
/// ```
pub fn padded(s: &str, w: usize) -> Padded<'_> {
    Padded { text: s, width: w }
}

/// Text padded with spaces to a display width; made by [`padded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Padded<'a> {
    text: &'a str,
    width: usize,
}

impl fmt::Display for Padded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)?;
        let fill = self.width.saturating_sub(width(self.text));
        for _ in 0..fill {
            f.write_str(" ")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn ascii() {
        assert_eq!(grapheme_width("a"), 1);
        assert_eq!(grapheme_width(" "), 1);
        assert_eq!(grapheme_width("~"), 1);
        assert_eq!(width(""), 0);
        assert_eq!(width("hello, world"), 12);
    }

    #[test]
    fn ascii_controls_are_zero() {
        for b in (0u8..0x20).chain([0x7F]) {
            let s = char::from(b).to_string();
            assert_eq!(grapheme_width(&s), 0, "{b:#x}");
            assert_eq!(width(&s), 0, "{b:#x}");
        }
        assert_eq!(grapheme_width("\r\n"), 0);
        assert_eq!(width("a\r\nb\tc\x1b[31m"), 7);
    }

    #[test]
    fn clusters_with_controls_are_zero() {
        // C1 controls are `char::is_control`, and ratatui drops their clusters.
        assert_eq!(grapheme_width("\u{85}"), 0);
        assert_eq!(grapheme_width("\u{9b}"), 0);
        assert_eq!(width("a\u{9b}b"), 2);
    }

    #[test]
    fn cjk_is_double() {
        assert_eq!(grapheme_width("中"), 2);
        assert_eq!(grapheme_width("あ"), 2);
        assert_eq!(grapheme_width("한"), 2);
        assert_eq!(grapheme_width("，"), 2);
        assert_eq!(grapheme_width("\u{3000}"), 2);
        assert_eq!(grapheme_width("𠀀"), 2); // extension B
        assert_eq!(width("各大佬都出来"), 12);
        assert_eq!(width("你好，world"), 11);
    }

    #[test]
    fn emoji() {
        assert_eq!(grapheme_width("😂"), 2);
        assert_eq!(grapheme_width("👨\u{200d}👩\u{200d}👧\u{200d}👦"), 2);
        assert_eq!(grapheme_width("❤\u{fe0f}"), 2);
        assert_eq!(grapheme_width("☺\u{fe0e}"), 1);
        assert_eq!(grapheme_width("👍🏽"), 2);
        assert_eq!(grapheme_width("🇨🇳"), 2);
        assert_eq!(width("🇨🇳🇯🇵"), 4);
    }

    #[test]
    fn combining_and_zero_width() {
        assert_eq!(grapheme_width("e\u{301}"), 1);
        assert_eq!(grapheme_width("\u{200b}"), 0);
        assert_eq!(grapheme_width("\u{feff}"), 0);
        assert_eq!(grapheme_width("\u{ad}"), 0);
        assert_eq!(width("Z\u{351}\u{34a}\u{358}\u{35b}\u{334}a"), 2);
    }

    #[test]
    fn halfwidth_sound_marks_are_one_column() {
        // unicode-width 0.2.3 counts them as one column, as terminals draw
        // them; ratatui adds one more, which the interface overrides.
        assert_eq!(grapheme_width("ｶ"), 1);
        assert_eq!(grapheme_width("ｶﾞ"), 2);
        assert_eq!(grapheme_width("ﾞ"), 1);
        assert_eq!(width("ｶﾞﾊﾟ"), 4);
        assert_eq!(grapheme_width("\u{30ab}\u{3099}"), 2); // combining form: normal
    }

    #[test]
    fn truncate_examples() {
        assert_eq!(truncate("", 3), ("", 0));
        assert_eq!(truncate("abc", 0), ("", 0));
        assert_eq!(truncate("abcdef", 3), ("abc", 3));
        assert_eq!(truncate("你好世界", 5), ("你好", 4));
        assert_eq!(truncate("你好世界", 1), ("", 0));
        assert_eq!(truncate("ab\u{200b}c", 2), ("ab\u{200b}", 2));
        assert_eq!(truncate("a\x07b", 1), ("a\x07", 1));
        assert_eq!(truncate("e\u{301}\u{302}x", 1), ("e\u{301}\u{302}", 1));
        assert_eq!(
            truncate("👨\u{200d}👩\u{200d}👧x", 3),
            ("👨\u{200d}👩\u{200d}👧x", 3)
        );
        assert_eq!(truncate("👨\u{200d}👩\u{200d}👧x", 1), ("", 0));
    }

    #[test]
    fn padding() {
        assert_eq!(pad_right("", 3), "   ");
        assert_eq!(pad_right("ab", 4), "ab  ");
        assert_eq!(pad_right("张三", 6), "张三  ");
        assert_eq!(pad_right("张三", 3), "张三");
        assert_eq!(format!("{}|", padded("e\u{301}", 3)), "e\u{301}  |");
        assert_eq!(width(&pad_right("日本語テキスト", 20)), 20);
    }

    /// Columns that ratatui advances when it draws `s` on one wide row.
    fn ratatui_columns(s: &str) -> usize {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::style::Style;
        let mut buf = Buffer::empty(Rect::new(0, 0, 1024, 1));
        let (x, _) = buf.set_stringn(0, 0, s, usize::MAX, Style::default());
        usize::from(x)
    }

    #[test]
    fn matches_ratatui_on_samples() {
        for s in [
            "hello",
            "a\tb\r\nc\x1b[0m",
            "各大佬都出来给区块链站台，但是",
            "❤\u{fe0f}☺\u{fe0e}👨\u{200d}👩\u{200d}👧\u{200d}👦",
            "e\u{301}\u{200b}\u{feff}\u{ad}x",
            "\u{85}\u{9b}[31m",
            "🇨🇳🇯🇵🇺",
        ] {
            assert_eq!(width(s), ratatui_columns(s), "{s:?}");
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z \\t\\n\\x00-\\x1f\\x7f]{0,40}",
            "[a-z 中文，。「」あァ한😂\\u{1100}\\u{600}\\u{301}\\u{200d}\\u{fe0f}\\u{ff9e}\\u{200b}\\u{85}\\r\\n]{0,40}",
        ]
    }

    #[test]
    fn clusters_wider_than_two_columns_are_several_cells() {
        let jamo = "\u{1100}".repeat(40);
        // ratatui takes the run for one 80-column glyph.
        assert_eq!(grapheme_width(&jamo), 80);
        assert_eq!(width(&jamo), 80);
        assert!(cells(&jamo).all(|(_, g, w)| w == 2 && g == "\u{1100}"));
        assert_eq!(truncate(&jamo, 5), (&jamo[..6], 4));
        assert_eq!(width("\u{600}\u{600}x"), 3);
        assert_eq!(truncate("\u{600}\u{600}x", 2).1, 2);
    }

    proptest! {
        #[test]
        fn width_matches_ratatui(s in text()) {
            // Where every cluster fits a cell and holds no halfwidth sound
            // mark, ratatui draws what we measure.
            if s.graphemes(true).all(|g| grapheme_width(g) <= 2)
                && !s.contains(['\u{ff9e}', '\u{ff9f}'])
            {
                prop_assert_eq!(width(&s), ratatui_columns(&s));
            }
        }

        #[test]
        fn width_is_sum_of_cells_and_cells_fit(s in text()) {
            let sum: usize = cells(&s).map(|(_, g, w)| {
                assert_eq!(w, grapheme_width(cell_symbol(g)));
                w
            }).sum();
            prop_assert_eq!(width(&s), sum);
            prop_assert!(cells(&s).all(|(_, _, w)| w <= 2));
            let joined: String = cells(&s).map(|(_, g, _)| g).collect();
            prop_assert_eq!(joined, s);
        }

        #[test]
        fn truncate_is_longest_fitting_prefix(s in text(), max in 0usize..30) {
            let (prefix, w) = truncate(&s, max);
            prop_assert!(s.starts_with(prefix));
            prop_assert_eq!(w, width(prefix));
            prop_assert!(w <= max);
            // On a cell boundary, and the next cell does not fit.
            let next = cells(&s).find(|&(i, _, _)| i == prefix.len());
            if prefix.len() < s.len() {
                let (_, _, next_w) = next.expect("the prefix ends on a cell boundary");
                prop_assert!(w + next_w > max);
            }
        }

        #[test]
        fn ellipsize_fits_and_marks_the_cut(s in text(), max in 0usize..30) {
            let e = ellipsize(&s, max);
            prop_assert!(width(&e) <= max);
            if width(&s) <= max {
                prop_assert_eq!(e.as_ref(), s.as_str());
            } else if max > 0 {
                prop_assert!(e.ends_with('…'));
            }
        }

        #[test]
        fn pad_right_reaches_width(s in text(), w in 0usize..60) {
            let p = pad_right(&s, w);
            prop_assert!(p.starts_with(s.as_str()));
            prop_assert_eq!(width(&p), width(&s).max(w));
        }
    }
}

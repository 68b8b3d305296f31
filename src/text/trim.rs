//! `str::trim` with a shortcut: most texts neither start nor end with white
//! space, and one byte at each end says so.

/// Whether a character whose UTF-8 encoding starts with `byte` can be
/// white space (`char::is_whitespace`): ASCII white space, and the lead
/// bytes of U+0085, U+00A0, U+1680, U+2000..=U+205F and U+3000.
#[inline]
pub fn may_start_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Whether a character whose UTF-8 encoding ends with `byte` can be white
/// space: ASCII white space, and the last bytes of the others.
#[inline]
fn may_end_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF)
}

/// `s.trim()`: `s` without white space at either end. Quicker than the
/// standard one when the ends are visible (a look at one byte each) or
/// ASCII blanks.
///
/// ```
/// use daybook::text::trim;
/// assert_eq!(trim("  张三  "), "张三");
/// assert_eq!(trim("\u{3000}a\u{a0}"), "a");
/// assert_eq!(trim(" \t "), "");
/// ```
#[inline]
pub fn trim(s: &str) -> &str {
    let ends_visible = |s: &str| match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&first), Some(&last)) => !may_start_space(first) && !may_end_space(last),
        _ => true,
    };
    if ends_visible(s) {
        return s;
    }
    let t = s.trim_ascii();
    if ends_visible(t) { t } else { t.trim() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_byte_tests_know_every_space() {
        let mut utf8 = [0u8; 4];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let b = c.encode_utf8(&mut utf8).as_bytes();
                assert!(may_start_space(b[0]), "{c:?}");
                assert!(may_end_space(b[b.len() - 1]), "{c:?}");
            }
        }
    }

    #[test]
    fn trims_as_the_standard_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{b}a\u{b}",
            "a\u{3000}",
            "\u{85}x",
            "张三  ",
            "  ",
            "\t\n",
            "\u{2028}",
            "a b",
            "é",
            "\u{a0}",
            "x\u{1680}",
            "\u{205f}y",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_trim(s in "[ \\t\\n\\r\\x0b\\x0c\\x1fa中é\\u{85}\\u{a0}\\u{2000}-\\u{200b}\\u{2028}\\u{202f}\\u{205f}\\u{3000}\\u{1680}]{0,12}") {
            prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn agrees_on_any_text(s in any::<String>()) {
            prop_assert_eq!(trim(&s), s.trim());
        }
    }
}

//! The sanitiser's fast path: a run of [`CHUNK`] bytes checked at once.
//!
//! Chinese text is mostly ideographs (lead bytes `E4..=E9`), CJK
//! punctuation (`E3 80 xx`: `。`, `、`, `「`), full-width forms (`EF BC xx`,
//! `EF BD xx`: `，`, `！`, `？`) and printable ASCII, none of which the
//! sanitiser changes and all of which end a stack of combining marks. A
//! chunk made only of those is answered with a few vector instructions (the
//! per-byte test below has no branches, so the compiler vectorises it);
//! anything else in a chunk sends it to the character-by-character scan.

/// Bytes checked at once, and fewer at the end of a text.
pub(super) const CHUNK: usize = 32;
pub(super) const SHORT_CHUNK: usize = 16;

/// Whether every character that starts in the first `N` bytes of `w`
/// (whose first byte starts a character, and which holds at least the two
/// bytes after them: the continuation bytes of a character that starts in
/// the last two) is kept as it is and has a width: printable ASCII,
/// `newline` (a byte that is no control: `\n` for multi-line text, `0xFF`
/// for a single line), or one of the three-byte characters named in the
/// module documentation. Continuation bytes pass: their character is
/// judged at its lead byte.
#[inline]
#[allow(
    clippy::needless_bitwise_bool,
    reason = "no branches, so that the loop vectorises"
)]
pub(super) fn is_plain<const N: usize>(w: &[u8], newline: u8) -> bool {
    let w = &w[..N + 2];
    let mut bad = 0u8;
    for k in 0..N {
        let (b, b1, b2) = (w[k], w[k + 1], w[k + 2]);
        let control = ((b < 0x20) & (b != newline)) | (b == 0x7F);
        // Lead bytes other than those of the ideographs U+4000..=U+9FFF.
        let lead = (b >= 0xC0) & (b.wrapping_sub(0xE4) > 5);
        // U+3000..=U+3FFF but the combining marks U+302A..=U+302F,
        // U+3099, U+309A and the Hangul filler U+3164.
        let cjk = (b == 0xE3)
            & !((b1 == 0x80) & (b2.wrapping_sub(0xAA) < 6))
            & !((b1 == 0x82) & (b2.wrapping_sub(0x99) < 2))
            & !((b1 == 0x85) & (b2 == 0xA4));
        // U+FF00..=U+FF7F: full-width ASCII and punctuation.
        let full = (b == 0xEF) & (b1.wrapping_sub(0xBC) < 2);
        bad |= u8::from(control | (lead & !cjk & !full));
    }
    bad == 0
}

#[cfg(test)]
mod tests {
    use super::super::{Fix, Mark, Mode, fix, mark_kind};
    use super::*;

    fn newline(mode: Mode) -> u8 {
        if mode == Mode::Multi { b'\n' } else { 0xFF }
    }

    /// Whether the chunk at the start of `s` (padded with spaces) is plain.
    fn plain(s: &str, mode: Mode) -> bool {
        let mut w = [b' '; CHUNK + 2];
        let n = s.len().min(CHUNK + 2);
        w[..n].copy_from_slice(&s.as_bytes()[..n]);
        let short = is_plain::<SHORT_CHUNK>(&w, newline(mode));
        let long = is_plain::<CHUNK>(&w, newline(mode));
        assert!(short || !long, "{s:?}");
        long
    }

    #[test]
    fn every_character_let_through_is_kept_and_visible() {
        // Every character at the start of a chunk, in its middle and at
        // its end (the continuation bytes then in the two extra bytes):
        // let through only when the sanitiser keeps it and it ends a
        // stack of marks.
        let mut utf8 = [0u8; 4];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut utf8).as_bytes();
            for mode in [Mode::Multi, Mode::Line] {
                let simple = fix(c, mode) == Fix::Keep && mark_kind(c) == Mark::Base;
                for at in [0, CHUNK / 2, CHUNK - 1] {
                    let mut w = [b'a'; CHUNK + 2];
                    let end = (at + encoded.len()).min(CHUNK + 2);
                    w[at..end].copy_from_slice(&encoded[..end - at]);
                    if is_plain::<CHUNK>(&w, newline(mode)) {
                        assert!(simple, "{c:?} (U+{:04X}) let through at {at}", c as u32);
                    }
                }
            }
        }
    }

    #[test]
    fn chinese_text_and_its_punctuation_are_plain() {
        let text = "各大佬都出来，给区块链站台。「好」！？、ｈｉ～123 ok";
        // From each character on: the chunk of the text that follows.
        for (i, _) in text.char_indices() {
            assert!(plain(&text[i..], Mode::Multi), "{:?}", &text[i..]);
        }
        assert!(plain("line\nbreak", Mode::Multi));
        assert!(!plain("line\nbreak", Mode::Line));
    }

    #[test]
    fn what_needs_a_look_is_not_plain() {
        for s in [
            "a\x1bb",
            "tab\there",
            "del\x7f",
            "e\u{301}",
            "\u{302A}",
            "か\u{3099}",
            "\u{3164}",
            "\u{200B}",
            "\u{202E}",
            "\u{85}",
            "\u{FEFF}",
            "\u{FE0F}",
            "😀",
            "é",
        ] {
            assert!(!plain(s, Mode::Multi), "{s:?}");
        }
    }
}

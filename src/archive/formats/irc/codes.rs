//! mIRC formatting codes, as clients and bouncers leave them in logs:
//! `^B` (0x02) bold, `^]` (0x1D) italic, `^_` (0x1F) underline, `^^`
//! (0x1E) strike-through and `^Q` (0x11) monospace toggle a style; `^O`
//! (0x0F) ends every style; `^C` (0x03) sets a colour (`^C4`, `^C04,12`,
//! a bare `^C` ends it), `^D` (0x04) a hex colour (`^DFF0000,00FF00`) and
//! `^R` (0x16) swaps the colours. Styles become the model's style spans;
//! colours and reverse are dropped. No code is ever left in the text.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::Style;

const BOLD: u8 = 0x02;
const COLOR: u8 = 0x03;
const HEX_COLOR: u8 = 0x04;
const RESET: u8 = 0x0F;
const MONOSPACE: u8 = 0x11;
const REVERSE: u8 = 0x16;
const ITALIC: u8 = 0x1D;
const STRIKE: u8 = 0x1E;
const UNDERLINE: u8 = 0x1F;

/// The styles a toggle code switches, in the order of [`Open`]'s slots.
const TOGGLES: [(u8, Style); 5] = [
    (BOLD, Style::Bold),
    (ITALIC, Style::Italic),
    (UNDERLINE, Style::Underline),
    (STRIKE, Style::Strike),
    (MONOSPACE, Style::Code),
];

/// Whether `b` is a formatting code.
#[inline]
pub(crate) fn is_code(b: u8) -> bool {
    matches!(
        b,
        BOLD | COLOR | HEX_COLOR | RESET | MONOSPACE | REVERSE | ITALIC | STRIKE | UNDERLINE
    )
}

/// Whether `s` holds a formatting code.
#[inline]
pub(crate) fn has_codes(s: &str) -> bool {
    // Most lines have no byte below 0x20 but the tab of a WeeChat line:
    // counting those bytes, in blocks the compiler vectorises, rules the
    // rest out without a test of each byte.
    let b = s.as_bytes();
    let control = |c: &[u8]| {
        c.iter()
            .fold(0u8, |n, &x| n | u8::from(x < 0x20 && x != b'\t'))
    };
    if b.chunks(64).all(|c| control(c) == 0) {
        return false;
    }
    b.iter().any(|&c| c < 0x20 && is_code(c))
}

/// Where the first formatting code of `b` at or after `from` is (`b.len()`
/// when there is none): blocks without a control character but the tab and
/// the line ends, which are most, are ruled out in a pass the compiler
/// vectorises, so that a whole log is searched in one go rather than line
/// by line.
pub(crate) fn next_code(b: &[u8], from: usize) -> usize {
    let mut at = from.min(b.len());
    for block in b[at..].chunks(64) {
        let suspect = block.iter().fold(0u8, |n, &x| {
            n | u8::from(x < 0x20 && x != b'\t' && x != b'\n' && x != b'\r')
        });
        if suspect != 0 {
            if let Some(i) = block.iter().position(|&c| is_code(c)) {
                return at + i;
            }
        }
        at += block.len();
    }
    b.len()
}

/// `s` without its formatting codes; the text each style covered is added
/// to `styles` as byte ranges of the result (empty ranges left out).
pub(crate) fn strip<'a>(s: &'a str, styles: &mut Vec<(Style, Range<usize>)>) -> Cow<'a, str> {
    if !has_codes(s) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // Where each toggled style started in `out`, while it is on.
    let mut open: [Option<usize>; TOGGLES.len()] = [None; TOGGLES.len()];
    let close = |open: &mut [Option<usize>], slot: usize, at: usize, styles: &mut Vec<_>| {
        if let Some(start) = open[slot].take() {
            if start < at {
                styles.push((TOGGLES[slot].1, start..at));
            }
        }
    };
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        let c = b[i];
        if !is_code(c) {
            i += 1;
            continue;
        }
        // Codes are ASCII, so the text between them is whole characters.
        out.push_str(&s[run..i]);
        i += 1;
        match c {
            COLOR => i += color_args(&b[i..], |c| c.is_ascii_digit(), 2),
            HEX_COLOR => i += color_args(&b[i..], |c| c.is_ascii_hexdigit(), 6),
            REVERSE => {}
            RESET => {
                for slot in 0..TOGGLES.len() {
                    close(&mut open, slot, out.len(), styles);
                }
            }
            _ => {
                let slot = TOGGLES
                    .iter()
                    .position(|&(code, _)| code == c)
                    .expect("a toggle code");
                if open[slot].is_some() {
                    close(&mut open, slot, out.len(), styles);
                } else {
                    open[slot] = Some(out.len());
                }
            }
        }
        run = i;
    }
    out.push_str(&s[run..]);
    for slot in 0..TOGGLES.len() {
        close(&mut open, slot, out.len(), styles);
    }
    Cow::Owned(out)
}

/// How many bytes of `b` (after a colour code) are its arguments: up to
/// `max` digits for the foreground, then `,` and up to `max` more for the
/// background (a `,` with no digit after it is text).
fn color_args(b: &[u8], digit: impl Fn(u8) -> bool, max: usize) -> usize {
    let fg = b.iter().take(max).take_while(|&&c| digit(c)).count();
    if fg == 0 {
        return 0;
    }
    if b.get(fg) == Some(&b',') && b.get(fg + 1).is_some_and(|&c| digit(c)) {
        let bg = b[fg + 1..]
            .iter()
            .take(max)
            .take_while(|&&c| digit(c))
            .count();
        return fg + 1 + bg;
    }
    fg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> (String, Vec<(Style, String)>) {
        let mut styles = Vec::new();
        let out = strip(s, &mut styles).into_owned();
        let shown = styles
            .iter()
            .map(|(st, r)| (*st, out[r.clone()].to_owned()))
            .collect();
        (out, shown)
    }

    fn st(list: &[(Style, &str)]) -> Vec<(Style, String)> {
        list.iter().map(|&(s, t)| (s, t.to_owned())).collect()
    }

    #[test]
    fn text_without_codes_is_borrowed() {
        let mut styles = Vec::new();
        assert!(matches!(
            strip("plain\ttext", &mut styles),
            Cow::Borrowed("plain\ttext")
        ));
        assert!(styles.is_empty());
    }

    #[test]
    fn toggles_become_styles() {
        let (out, styles) =
            run("a \x02bold\x02 \x1ditalic\x1d \x1funder\x1f \x1estruck\x1e \x11mono\x11 z");
        assert_eq!(out, "a bold italic under struck mono z");
        assert_eq!(
            styles,
            st(&[
                (Style::Bold, "bold"),
                (Style::Italic, "italic"),
                (Style::Underline, "under"),
                (Style::Strike, "struck"),
                (Style::Code, "mono"),
            ])
        );
    }

    #[test]
    fn reset_and_the_end_close_every_style() {
        let (out, styles) = run("\x02\x1fboth\x0f plain \x02open to the end");
        assert_eq!(out, "both plain open to the end");
        assert_eq!(
            styles,
            st(&[
                (Style::Bold, "both"),
                (Style::Underline, "both"),
                (Style::Bold, "open to the end"),
            ])
        );
    }

    #[test]
    fn colours_and_their_arguments_are_dropped() {
        for (raw, want) in [
            ("\x0304red\x03 plain", "red plain"),
            ("\x034,12on blue", "on blue"),
            ("\x0312,4x", "x"),
            ("\x03032 files", "2 files"),
            (
                "\x0302lib: \x0303 v3.3 OK\x0f - done",
                "lib:  v3.3 OK - done",
            ),
            ("\x03,5 a comma is text", ",5 a comma is text"),
            ("\x03\x03", ""),
            ("\x04FF0000,00ff00hex\x04 x", "hex x"),
            ("\x16reversed\x16", "reversed"),
            ("ends with a code\x03", "ends with a code"),
            ("\x031,", ","),
        ] {
            assert_eq!(run(raw), (want.to_owned(), vec![]), "{raw:?}");
        }
    }

    #[test]
    fn the_next_code_is_the_first_one_at_or_after_the_place_given() {
        // Lines of every length around the blocks' size, a code at every
        // place of some, other control bytes and line ends in between.
        let mut text = Vec::new();
        for len in 0..140usize {
            let mut line: Vec<u8> = (0..len).map(|i| b"ab\t\x01\x07c"[i % 6]).collect();
            if len % 3 == 1 {
                line[len / 2] = [BOLD, COLOR, RESET, UNDERLINE][len % 4];
            }
            text.extend_from_slice(&line);
            text.extend_from_slice(if len % 2 == 0 { b"\n" } else { b"\r\n" });
        }
        for from in 0..=text.len() {
            let want = (from..text.len())
                .find(|&i| is_code(text[i]))
                .unwrap_or(text.len());
            assert_eq!(next_code(&text, from), want, "from {from}");
        }
        assert_eq!(next_code(&text, text.len() + 5), text.len());
    }

    #[test]
    fn multibyte_text_between_codes_is_kept_whole() {
        let (out, styles) = run("区\x02块链\x02🎉\x03");
        assert_eq!(out, "区块链🎉");
        assert_eq!(styles, st(&[(Style::Bold, "块链")]));
    }

    #[test]
    fn codes_are_found_at_any_place_in_long_lines() {
        // The quick test reads blocks of 64 bytes: a code in any block, at
        // either edge, is found; other control bytes are not codes.
        for len in [0, 1, 63, 64, 65, 130] {
            let plain = "字".repeat(len / 3) + &"a".repeat(len % 3);
            assert!(!has_codes(&plain), "{len}");
            assert!(!has_codes(&format!("{plain}\t\r\x01\x07{plain}")), "{len}");
            for code in [
                BOLD, COLOR, HEX_COLOR, RESET, MONOSPACE, REVERSE, ITALIC, STRIKE, UNDERLINE,
            ] {
                let code = char::from(code);
                assert!(has_codes(&format!("{plain}{code}")), "{len} {code:?}");
                assert!(has_codes(&format!("{code}{plain}")), "{len} {code:?}");
                assert!(
                    has_codes(&format!("{plain}\t{code}{plain}")),
                    "{len} {code:?}"
                );
            }
        }
    }

    #[test]
    fn empty_styles_are_left_out() {
        let (out, styles) = run("\x02\x02x\x1f\x0f");
        assert_eq!(out, "x");
        assert!(styles.is_empty());
    }
}

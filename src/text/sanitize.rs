//! Neutralising untrusted text before it reaches a terminal or stdout.
//!
//! The rules are documented on [`sanitize`]. Implementation: a byte scan
//! finds the first character that needs changing (skipping CJK ideographs
//! three bytes at a time); when there is none the input is returned
//! borrowed, otherwise the rest is rewritten in one pass.
//!
//! Combining marks are counted per visible character rather than per
//! grapheme cluster so that the count depends only on the output already
//! written: removing a bidi mark, say, can merge two clusters, and a
//! per-cluster count would then need a second pass (and would not be
//! idempotent in one).

mod chunk;

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Most combining marks kept on one visible character.
const MAX_MARKS: u8 = 4;

/// Multi-line (`\n` kept) or single-line (`\n` shown as `␤`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Multi,
    Line,
}

/// Sanitises untrusted text shown over several lines: keeps `\n`,
/// neutralises every other control, bidi and tag character and trims stacks
/// of combining marks.
///
/// | input                                   | output                               |
/// |-----------------------------------------|--------------------------------------|
/// | ESC U+001B                              | `␛` U+241B                           |
/// | other C0 controls except `\n`, `\t`     | the Control Picture U+2400 + c (`␀` `␇` `␍` …) |
/// | `\t`                                    | one space (text never grows, so memory stays bounded) |
/// | DEL U+007F                              | `␡` U+2421                           |
/// | CSI U+009B, OSC U+009D, DCS U+0090, ST U+009C | `␛[`, `␛]`, `␛P`, `␛\`          |
/// | NEL U+0085, U+2028, U+2029              | `\n`                                 |
/// | other C1 controls U+0080–U+009F         | `�` U+FFFD                           |
/// | bidi controls U+202A–U+202E, U+2066–U+2069, marks U+200E, U+200F, U+061C | removed |
/// | tag characters U+E0000–U+E007F (invisible ASCII look-alikes that can hide text) | removed |
/// | a fifth or later combining mark on one character | removed                   |
///
/// Combining marks are the zero-width characters of `unicode-width` that are
/// not default-ignorable (so not ZWJ, ZWNJ, variation selectors, tags and the
/// like) and not Hangul vowel or final jamo: in practice the Mn and Me
/// characters. They are counted per visible character: the count restarts at
/// every character of non-zero width (and at `\n`), while joiners and other
/// invisible characters neither count nor restart it. For ordinary text this
/// is the same as counting per grapheme cluster (a base and its marks);
/// within an emoji ZWJ sequence or an Indic conjunct each visible part gets
/// its own four.
///
/// Every rule but the last is local to one character, so sanitising pieces
/// separately gives the same result as sanitising the whole, as long as each
/// piece after the first starts with a visible character. Pieces that may
/// start with combining marks (a text after a name that ends in some) go
/// through a [`Sanitizer`], which carries the count from one to the next.
///
/// Returns the input borrowed when it is already clean (see [`is_clean`]).
/// Idempotent: `sanitize(&sanitize(s)) == sanitize(s)`, borrowed the second
/// time.
///
/// ```
/// use daybook::text::sanitize;
/// assert_eq!(sanitize("你好\nworld"), "你好\nworld");
/// assert_eq!(sanitize("\x1b[31mred\x07"), "␛[31mred␇");
/// assert_eq!(sanitize("a\tb\r\n"), "a b␍\n");
/// assert_eq!(sanitize("\u{202e}evil"), "evil");
/// ```
pub fn sanitize(s: &str) -> Cow<'_, str> {
    run(s, Mode::Multi)
}

/// Sanitises untrusted text shown on a single row: like [`sanitize`], but
/// `\n` (and NEL, U+2028, U+2029) become `␤` U+2424, so the result has no
/// line break.
///
/// ```
/// use daybook::text::sanitize_line;
/// assert_eq!(sanitize_line("two\nlines"), "two␤lines");
/// assert_eq!(sanitize_line("张三"), "张三");
/// ```
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    run(s, Mode::Line)
}

/// Whether [`sanitize`] would return `s` unchanged.
///
/// ```
/// use daybook::text::is_clean;
/// assert!(is_clean("各大佬都出来\n给区块链站台"));
/// assert!(!is_clean("bell\x07"));
/// ```
pub fn is_clean(s: &str) -> bool {
    matches!(scan(s, Mode::Multi, 0), Scan::Clean(_))
}

/// Appends [`sanitize`]`(s)` to `out` without a copy of its own, and says
/// whether the sanitiser changed anything. For building one text from
/// many pieces (the lines of a message) with memory bounded by the result,
/// when each piece after the first starts with a visible character (or
/// follows a `\n`); otherwise use a [`Sanitizer`].
///
/// ```
/// let mut out = String::from("> ");
/// assert!(daybook::text::sanitize_into("a\x1bb", &mut out));
/// assert!(!daybook::text::sanitize_into("中文", &mut out));
/// assert_eq!(out, "> a␛b中文");
/// ```
pub fn sanitize_into(s: &str, out: &mut String) -> bool {
    Sanitizer::new().push(s, out)
}

/// Sanitises one multi-line text that arrives in pieces (a message body
/// built from runs of markup, mentions, labels and lines), appending each
/// piece to a buffer as the continuation of the pieces before it: what the
/// pieces append is [`sanitize`] of their concatenation, so the whole is
/// clean (a fixed point of the sanitiser) wherever the pieces were cut.
///
/// Sanitising each piece alone would not do: a piece that starts with
/// combining marks would stack them on the last character of the piece
/// before, beyond the four kept.
///
/// ```
/// use daybook::text::{Sanitizer, is_clean, sanitize};
/// let (name, rest) = ("e\u{301}\u{301}\u{301}", "\u{301}\u{301}!");
/// let mut out = String::new();
/// let mut s = Sanitizer::new();
/// s.push(name, &mut out);
/// s.push(rest, &mut out);
/// assert_eq!(out, sanitize(&format!("{name}{rest}")));
/// assert_eq!(out, "e\u{301}\u{301}\u{301}\u{301}!");
/// assert!(is_clean(&out));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sanitizer {
    /// Combining marks on the last visible character appended so far.
    marks: u8,
}

impl Sanitizer {
    /// A sanitiser at the start of a text.
    #[must_use]
    pub const fn new() -> Self {
        Self { marks: 0 }
    }

    /// Appends `s`, sanitised as the continuation of what this sanitiser
    /// appended before, to `out`, and says whether the sanitiser changed
    /// anything (controls replaced, marks over the limit dropped).
    pub fn push(&mut self, s: &str, out: &mut String) -> bool {
        match scan(s, Mode::Multi, self.marks) {
            Scan::Clean(marks) => {
                out.push_str(s);
                self.marks = marks;
                false
            }
            Scan::From(at, marks) => {
                self.marks = rewrite(s, at, marks, Mode::Multi, out);
                true
            }
        }
    }
}

fn run(s: &str, mode: Mode) -> Cow<'_, str> {
    match scan(s, mode, 0) {
        Scan::Clean(_) => Cow::Borrowed(s),
        Scan::From(at, marks) => {
            let mut out = String::with_capacity(s.len() + 16);
            rewrite(s, at, marks, mode, &mut out);
            Cow::Owned(out)
        }
    }
}

/// What becomes of one input character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fix {
    Keep,
    Drop,
    Char(char),
    Str(&'static str),
}

/// The character-local rules (everything except mark stacks).
fn fix(c: char, mode: Mode) -> Fix {
    let newline = match mode {
        Mode::Multi => Fix::Keep,
        Mode::Line => Fix::Char('␤'),
    };
    let line_separator = match mode {
        Mode::Multi => Fix::Char('\n'),
        Mode::Line => Fix::Char('␤'),
    };
    match c {
        '\n' => newline,
        '\t' => Fix::Char(' '),
        '\u{0}'..='\u{1F}' => Fix::Char(control_picture(c)),
        '\u{7F}' => Fix::Char('␡'),
        '\u{85}' | '\u{2028}' | '\u{2029}' => line_separator,
        '\u{90}' => Fix::Str("␛P"),
        '\u{9B}' => Fix::Str("␛["),
        '\u{9C}' => Fix::Str("␛\\"),
        '\u{9D}' => Fix::Str("␛]"),
        '\u{80}'..='\u{9F}' => Fix::Char('\u{FFFD}'),
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{61C}'
        | '\u{E0000}'..='\u{E007F}' => Fix::Drop,
        _ => Fix::Keep,
    }
}

/// U+2400 + c for a C0 control (`␀` … `␟`; ESC is `␛`, CR is `␍`).
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')
}

/// How a kept character affects the count of combining marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Has a width: starts a new count.
    Base,
    /// A combining mark: counts.
    Combining,
    /// Invisible but not stacking (joiners, selectors, fillers): ignored.
    Joiner,
}

/// Wide CJK punctuation, kana, ideographs, Hangul syllables and full-width
/// forms: all of width 2, kept as they are and never ignorable (a test
/// checks each), and common enough to be answered without the tables.
#[inline]
fn is_wide_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{303E}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF01}'..='\u{FF60}'
    )
}

fn mark_kind(c: char) -> Mark {
    match c {
        '\u{0}'..='\u{2FF}' if c != '\u{AD}' => Mark::Base,
        _ if is_wide_cjk(c) => Mark::Base,
        // Default_Ignorable_Code_Point of width zero, and Hangul V/T jamo.
        '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{1160}'..='\u{11FF}'
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' => Mark::Joiner,
        _ if c.width() == Some(0) => Mark::Combining,
        _ => Mark::Base,
    }
}

/// The new mark count after keeping `c`, or `None` if `c` is a combining mark
/// beyond the limit and must go.
#[inline]
fn step(marks: u8, c: char) -> Option<u8> {
    match mark_kind(c) {
        Mark::Base => Some(0),
        Mark::Joiner => Some(marks),
        Mark::Combining if marks < MAX_MARKS => Some(marks + 1),
        Mark::Combining => None,
    }
}

/// Decodes the character starting at `b[i]` (a lead byte of valid UTF-8).
#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    let x = b[i];
    let (u, len) = if x < 0xE0 {
        ((u32::from(x & 0x1F) << 6) | cont(1), 2)
    } else if x < 0xF0 {
        ((u32::from(x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (char::from_u32(u).unwrap_or('\u{FFFD}'), len)
}

/// What [`scan`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Nothing to rewrite; the mark count at the end.
    Clean(u8),
    /// The first byte that needs rewriting, with the mark count there.
    From(usize, u8),
}

/// Finds the first byte that needs rewriting, starting with `marks`
/// combining marks pending (from text before `text`).
///
/// A chunk of [`chunk::CHUNK`] bytes (fewer near the end) of plain text
/// (printable ASCII, ideographs, CJK punctuation, full-width forms: see
/// [`chunk`]) is passed at once. A chunk holding anything else is scanned character by
/// character: ASCII eight bytes at a time (a word of printable ASCII needs
/// nothing), then byte by byte; a lead byte E4..=E9 (U+4000..=U+9FFF, all
/// wide and never touched) skips three bytes, and anything else is decoded
/// and classified.
fn scan(text: &str, mode: Mode, mut marks: u8) -> Scan {
    let bytes = text.as_bytes();
    let newline_ok = mode == Mode::Multi;
    let newline = if newline_ok { b'\n' } else { 0xFF };
    let mut i = 0;
    while i < bytes.len() {
        // A chunk is checked when the two bytes after it are there too.
        let left = bytes.len() - i;
        let plain = if left >= chunk::CHUNK + 2 {
            chunk::is_plain::<{ chunk::CHUNK }>(&bytes[i..], newline).then_some(chunk::CHUNK)
        } else if left >= chunk::SHORT_CHUNK + 2 {
            chunk::is_plain::<{ chunk::SHORT_CHUNK }>(&bytes[i..], newline)
                .then_some(chunk::SHORT_CHUNK)
        } else {
            None
        };
        if let Some(n) = plain {
            // At least one character starts in the chunk, and each resets
            // the count; the last may run past the chunk's end.
            marks = 0;
            i += n;
            while bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
                i += 1;
            }
            continue;
        }
        // Character by character, to the end of the chunk (or the text).
        let end = bytes.len().min(i + chunk::CHUNK);
        while i < end {
            match scan_one(bytes, i, mode, marks) {
                Ok((next, m)) => (i, marks) = (next, m),
                Err(()) => return Scan::From(i, marks),
            }
        }
    }
    Scan::Clean(marks)
}

/// Scans the text from `i` (a character boundary) by at least one
/// character: where the scan goes on and the mark count there, or `Err`
/// when the character at `i` needs rewriting.
#[inline]
fn scan_one(bytes: &[u8], mut i: usize, mode: Mode, mut marks: u8) -> Result<(usize, u8), ()> {
    let newline_ok = mode == Mode::Multi;
    if let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if is_printable_ascii(word) {
            return Ok((i + 8, 0));
        }
    }
    let byte = bytes[i];
    if byte < 0x80 {
        if (byte < 0x20 && !(byte == b'\n' && newline_ok)) || byte == 0x7F {
            return Err(());
        }
        marks = 0;
        i += 1;
    } else if (0xE4..=0xE9).contains(&byte) {
        marks = 0;
        i += 3;
    } else {
        let (c, len) = decode(bytes, i);
        if is_wide_cjk(c) {
            return Ok((i + len, 0));
        }
        if fix(c, mode) != Fix::Keep {
            return Err(());
        }
        match step(marks, c) {
            Some(m) => marks = m,
            None => return Err(()),
        }
        i += len;
    }
    Ok((i, marks))
}

/// Whether all eight bytes of `word` are printable ASCII (0x20..=0x7E).
#[inline]
fn is_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20: subtracting 0x20 borrows into its high bit (only
    // trusted where no byte has its high bit set, which is checked too).
    let low = word.wrapping_sub(ONES * 0x20);
    // A byte equal to 0x7F: that byte of `word ^ 0x7F…` is zero.
    let x = word ^ (ONES * 0x7F);
    let del = x.wrapping_sub(ONES) & !x;
    (word | low | del) & HIGH == 0
}

/// Appends the sanitised string to `out`; `s[..at]` is known to be clean,
/// with `marks` combining marks pending at `at`. Returns the mark count at
/// the end.
fn rewrite(s: &str, at: usize, mut marks: u8, mode: Mode, out: &mut String) -> u8 {
    out.reserve(s.len());
    out.push_str(&s[..at]);
    // Start of the run of input copied verbatim but not yet pushed.
    let mut from = at;
    for (i, c) in s[at..].char_indices() {
        let i = at + i;
        let fixed = fix(c, mode);
        if fixed == Fix::Keep {
            if let Some(m) = step(marks, c) {
                marks = m;
                continue;
            }
        }
        out.push_str(&s[from..i]);
        from = i + c.len_utf8();
        match fixed {
            // Keep reaching here is a combining mark over the limit.
            Fix::Keep | Fix::Drop => {}
            Fix::Char(r) => {
                out.push(r);
                marks = 0;
            }
            Fix::Str(r) => {
                out.push_str(r);
                marks = 0;
            }
        }
    }
    out.push_str(&s[from..]);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn is_bidi(c: char) -> bool {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{61C}')
    }

    fn combining_marks(g: &str) -> usize {
        g.chars()
            .filter(|&c| mark_kind(c) == Mark::Combining)
            .count()
    }

    #[test]
    fn fast_wide_ranges_agree_with_the_width_table() {
        // The ranges `mark_kind` answers before its table lookup: every
        // character in them is wide, kept as it is, and not ignorable.
        let ranges = [
            ('\u{3000}', '\u{3029}'),
            ('\u{3030}', '\u{303E}'),
            ('\u{3041}', '\u{3096}'),
            ('\u{30A1}', '\u{30FF}'),
            ('\u{3400}', '\u{4DBF}'),
            ('\u{4E00}', '\u{9FFF}'),
            ('\u{AC00}', '\u{D7A3}'),
            ('\u{FF01}', '\u{FF60}'),
        ];
        for (lo, hi) in ranges {
            for c in lo..=hi {
                assert!(is_wide_cjk(c), "{c:?}");
                assert_eq!(c.width(), Some(2), "{c:?}");
                assert_eq!(fix(c, Mode::Multi), Fix::Keep, "{c:?}");
                assert_eq!(mark_kind(c), Mark::Base, "{c:?}");
                assert!(!crate::text::is_ignorable(c), "{c:?}");
            }
        }
    }

    #[test]
    fn word_at_a_time_scan_finds_every_control_at_every_position() {
        // Each byte that needs rewriting, at each offset of a word, after
        // and before printable ASCII: found at exactly its position.
        for bad in [0x00u8, 0x09, 0x1B, 0x1F, 0x7F] {
            for len in 1..=24 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = bad;
                    let s = String::from_utf8(bytes).unwrap();
                    assert_eq!(
                        scan(&s, Mode::Multi, 0),
                        Scan::From(at, 0),
                        "{bad:#x} at {at} of {len}"
                    );
                }
            }
        }
        // Printable ASCII of every value, at every alignment: clean.
        let all: String = (0x20u8..0x7F).map(char::from).collect();
        for start in 0..8 {
            assert_eq!(scan(&all[start..], Mode::Line, 0), Scan::Clean(0));
        }
        // A newline is kept in multi-line text only.
        assert_eq!(scan("abcdefgh\nijklmnop", Mode::Multi, 0), Scan::Clean(0));
        assert_eq!(scan("abcdefgh\nijklmnop", Mode::Line, 0), Scan::From(8, 0));
        // A combining mark after a word of ASCII counts from that word.
        let marks = format!("abcdefgh{}", "\u{300}".repeat(5));
        assert_eq!(scan(&marks, Mode::Multi, 0), Scan::From(16, 4));
    }

    #[test]
    fn clean_text_is_borrowed() {
        for s in [
            "",
            "hello world",
            "各大佬都出来给区块链站台，但是谁也没说出个能落地的可实用的应用场景出来",
            "「ちょっと待って」と言った。",
            "안녕하세요 여러분",
            "line one\nline two\n",
            "👨\u{200d}👩\u{200d}👧\u{200d}👦 ❤\u{fe0f} e\u{301} \u{200b}\u{feff}",
            "Z\u{351}\u{34a}\u{358}\u{35b}",
            "𠀀𪚥 ｶﾞ　　本文",
        ] {
            assert!(matches!(sanitize(s), Cow::Borrowed(_)), "{s:?}");
            assert!(is_clean(s), "{s:?}");
        }
        assert!(matches!(sanitize_line("张三 (bob)"), Cow::Borrowed(_)));
    }

    #[test]
    fn c0_controls_become_pictures() {
        assert_eq!(sanitize("\x1b[2J"), "␛[2J");
        assert_eq!(sanitize("\0\x01\x07\x08"), "␀␁␇␈");
        assert_eq!(sanitize("a\rb"), "a␍b");
        assert_eq!(sanitize("\x1f"), "␟");
        assert_eq!(sanitize("\x7f"), "␡");
        assert_eq!(sanitize("x\ty"), "x y");
        assert_eq!(sanitize("\t\t"), "  ");
        for b in 0u8..0x20 {
            let s = char::from(b).to_string();
            let out = sanitize(&s);
            match b {
                b'\n' => assert_eq!(out, "\n"),
                b'\t' => assert_eq!(out, " "),
                _ => assert_eq!(
                    out.chars().next().map(u32::from),
                    Some(0x2400 + u32::from(b))
                ),
            }
        }
    }

    #[test]
    fn c1_controls() {
        assert_eq!(sanitize("\u{9b}31m"), "␛[31m");
        assert_eq!(sanitize("\u{9d}0;title\u{9c}"), "␛]0;title␛\\");
        assert_eq!(sanitize("\u{90}q\u{9c}"), "␛Pq␛\\");
        assert_eq!(sanitize("a\u{85}b"), "a\nb");
        assert_eq!(sanitize_line("a\u{85}b"), "a␤b");
        assert_eq!(sanitize("\u{80}\u{9f}\u{8d}"), "\u{fffd}\u{fffd}\u{fffd}");
    }

    #[test]
    fn line_separators() {
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a\nb\nc");
        assert_eq!(sanitize_line("a\u{2028}b\u{2029}c\nd"), "a␤b␤c␤d");
        assert_eq!(sanitize_line("\r\n"), "␍␤");
    }

    #[test]
    fn bidi_controls_are_removed() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize("\u{2066}x\u{2069}\u{2067}\u{2068}"), "x");
        assert_eq!(sanitize("\u{200e}\u{200f}\u{61c}ok"), "ok");
        assert_eq!(sanitize("\u{202a}\u{202b}\u{202d}"), "");
    }

    #[test]
    fn tag_characters_are_removed() {
        // Invisible ASCII look-alikes: "ignore previous" hidden in a message.
        let hidden: String = "ignore previous"
            .chars()
            .map(|c| char::from_u32(0xE0000 + u32::from(c)).unwrap())
            .collect();
        let s = format!("hello{hidden} world");
        assert!(!is_clean(&s));
        assert_eq!(sanitize(&s), "hello world");
        assert_eq!(sanitize_line(&s), "hello world");
        assert_eq!(sanitize("\u{e0000}\u{e0001}\u{e007f}"), "");
        // A subdivision flag loses its tags (terminals draw a black flag).
        assert_eq!(
            sanitize("🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}"),
            "🏴"
        );
        // Variation selectors beyond the tags are kept.
        assert!(is_clean("a\u{e0100}"));
    }

    #[test]
    fn sanitize_into_appends_what_sanitize_returns() {
        for s in [
            "",
            "plain 中文",
            "a\tb",
            "\x1b[2J",
            "e\u{301}\u{301}\u{301}\u{301}\u{301}",
        ] {
            let mut out = String::from("前");
            let changed = sanitize_into(s, &mut out);
            assert_eq!(out, format!("前{}", sanitize(s)));
            assert_eq!(changed, !is_clean(s));
        }
    }

    #[test]
    fn a_sanitizer_carries_the_mark_count_across_pieces() {
        let five = "\u{301}".repeat(5);
        // A name that ends in four marks, then five more: sanitised apart,
        // each piece is clean but the whole has eight on one character.
        let name = sanitize(&format!("@<@U9>{five}")).into_owned();
        let rest = sanitize(&five).into_owned();
        assert!(!is_clean(&format!("{name}{rest}")));
        let mut out = String::new();
        let mut s = Sanitizer::new();
        assert!(s.push(&format!("@<@U9>{five}"), &mut out));
        assert!(s.push(&five, &mut out));
        assert_eq!(out, format!("@<@U9>{}", "\u{301}".repeat(4)));
        assert!(is_clean(&out));
        // A joiner neither counts nor restarts the count across pieces,
        // a visible character or a line break restarts it.
        let mut out = String::new();
        let mut s = Sanitizer::new();
        s.push("a\u{301}\u{301}\u{301}", &mut out);
        s.push("\u{200d}", &mut out);
        assert!(s.push("\u{301}\u{301}", &mut out));
        s.push("\n", &mut out);
        assert!(!s.push("\u{301}\u{301}\u{301}\u{301}", &mut out));
        assert_eq!(
            out,
            "a\u{301}\u{301}\u{301}\u{200d}\u{301}\n\u{301}\u{301}\u{301}\u{301}"
        );
        // A replaced control is a fresh base for the next piece.
        let mut out = String::from("x");
        let mut s = Sanitizer::new();
        s.push("b\u{301}\u{301}\u{301}\u{301}\x07", &mut out);
        assert!(!s.push("\u{301}", &mut out));
        assert_eq!(out, "xb\u{301}\u{301}\u{301}\u{301}␇\u{301}");
    }

    #[test]
    fn zalgo_is_trimmed_to_four_marks() {
        let zalgo = "Z\u{351}\u{34a}\u{358}\u{35b}\u{334}\u{31e}\u{330}a\u{489}\u{489}\u{489}\u{489}\u{489}\u{489}";
        let out = sanitize(zalgo);
        assert_eq!(
            out,
            "Z\u{351}\u{34a}\u{358}\u{35b}a\u{489}\u{489}\u{489}\u{489}"
        );
        for g in out.graphemes(true) {
            assert!(combining_marks(g) <= 4, "{g:?}");
        }
        // Four is kept untouched, five loses one.
        assert!(is_clean("e\u{300}\u{301}\u{302}\u{303}"));
        assert_eq!(
            sanitize("e\u{300}\u{301}\u{302}\u{303}\u{304}"),
            "e\u{300}\u{301}\u{302}\u{303}"
        );
        // Marks on a CJK base and orphan marks at the start.
        assert_eq!(
            sanitize("中\u{20d0}\u{20d1}\u{20d2}\u{20d3}\u{20d4}"),
            "中\u{20d0}\u{20d1}\u{20d2}\u{20d3}"
        );
        assert_eq!(
            sanitize("\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}"),
            "\u{301}\u{301}\u{301}\u{301}"
        );
    }

    #[test]
    fn joiners_neither_count_nor_reset() {
        // Variation selectors and ZWJ are kept however many.
        let s = "❤\u{fe0f}\u{fe0f}\u{fe0f}\u{fe0f}\u{fe0f}\u{200d}\u{200d}";
        assert!(is_clean(s));
        // A joiner does not give a fresh four marks.
        assert_eq!(
            sanitize("a\u{301}\u{301}\u{200b}\u{301}\u{301}\u{301}"),
            "a\u{301}\u{301}\u{200b}\u{301}\u{301}"
        );
        // Hangul conjoining jamo.
        assert!(is_clean("\u{1100}\u{1161}\u{11a8}"));
        // Each visible part of an emoji sequence has its own four.
        assert!(is_clean(
            "👨\u{301}\u{301}\u{301}\u{200d}👩\u{301}\u{301}\u{301}"
        ));
    }

    #[test]
    fn removal_does_not_merge_stacks() {
        // Removing a bidi mark between two stacks must not let the second
        // pass see eight marks in a row.
        let s = "a\u{301}\u{301}\u{301}\u{200e}\u{301}\u{301}\u{301}";
        let once = sanitize(s);
        assert_eq!(once, "a\u{301}\u{301}\u{301}\u{301}");
        assert_eq!(sanitize(&once), once);
        // A replaced control is a fresh base.
        assert_eq!(
            sanitize("a\u{301}\u{301}\u{301}\u{301}\x01\u{301}"),
            "a\u{301}\u{301}\u{301}\u{301}␁\u{301}"
        );
    }

    #[test]
    fn scan_skips_only_untouched_characters() {
        // The scan treats every character from U+4000 to U+9FFF as a plain
        // wide base; check that this is what the full rules say.
        for u in 0x4000..=0x9FFF {
            let c = char::from_u32(u).unwrap();
            assert_eq!(fix(c, Mode::Multi), Fix::Keep, "{u:#x}");
            assert_eq!(fix(c, Mode::Line), Fix::Keep, "{u:#x}");
            assert_eq!(mark_kind(c), Mark::Base, "{u:#x}");
        }
    }

    #[test]
    fn decode_matches_std() {
        let s = "aé中𠀀\u{85}\u{10ffff}";
        let b = s.as_bytes();
        for (i, c) in s.char_indices() {
            if c.is_ascii() {
                continue;
            }
            assert_eq!(decode(b, i), (c, c.len_utf8()));
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z \\t\\n\\r\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{2028}\\u{2029}]{0,40}",
            "[a中，\\u{300}-\\u{304}\\u{489}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{61c}\\u{fe0f}\\u{200d}\\u{1160}\\u{e0000}-\\u{e0081}\\x01\\t\\n]{0,60}",
        ]
    }

    fn check_output(out: &str, mode: Mode) -> Result<(), TestCaseError> {
        for c in out.chars() {
            prop_assert!(c >= ' ' || (c == '\n' && mode == Mode::Multi), "{c:?}");
            prop_assert!(
                c != '\u{7f}' && !('\u{80}'..='\u{9f}').contains(&c),
                "{c:?}"
            );
            prop_assert!(!is_bidi(c), "{c:?}");
            prop_assert!(!('\u{e0000}'..='\u{e007f}').contains(&c), "{c:?}");
            prop_assert!(c != '\t');
        }
        let mut run = 0;
        for c in out.chars() {
            match mark_kind(c) {
                Mark::Base => run = 0,
                Mark::Joiner => {}
                Mark::Combining => {
                    run += 1;
                    prop_assert!(run <= MAX_MARKS, "{out:?}");
                }
            }
        }
        Ok(())
    }

    /// [`scan`] without its chunks: character by character.
    fn scan_by_character(text: &str, mode: Mode, mut marks: u8) -> Scan {
        let mut i = 0;
        while i < text.len() {
            match scan_one(text.as_bytes(), i, mode, marks) {
                Ok((next, m)) => (i, marks) = (next, m),
                Err(()) => return Scan::From(i, marks),
            }
        }
        Scan::Clean(marks)
    }

    /// Chinese text with its punctuation, and what sits near it in the
    /// byte table (marks of U+302A.., U+3099, the filler U+3164, other
    /// lead bytes), long enough for several chunks.
    fn cjk_text() -> impl Strategy<Value = String> {
        "[a 中国，。、「」！？～ｈ\u{3029}-\u{3030}\u{3098}-\u{309b}\u{3163}-\u{3165}\u{300}\u{200b}\u{202e}\u{ff60}-\u{ff62}\u{fe0f}\u{2014}\x1b\n]{0,200}"
    }

    #[test]
    fn chunks_end_anywhere_in_a_character() {
        // Texts of every length around the chunk sizes, whose characters
        // straddle every chunk boundary, with a control at the end or none.
        for prefix in ["", "a", "ab"] {
            for n in 0..40 {
                for tail in ["", "\x1b", "\u{301}"] {
                    let s = format!("{prefix}{}{tail}", "中，".repeat(n));
                    for mode in [Mode::Multi, Mode::Line] {
                        assert_eq!(scan(&s, mode, 2), scan_by_character(&s, mode, 2), "{s:?}");
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn chunks_find_what_the_character_scan_finds(
            s in prop_oneof![text(), cjk_text()],
            marks in 0..=MAX_MARKS,
        ) {
            for mode in [Mode::Multi, Mode::Line] {
                prop_assert_eq!(scan(&s, mode, marks), scan_by_character(&s, mode, marks));
            }
        }

        #[test]
        fn multi_line_invariants(s in text()) {
            let out = sanitize(&s);
            check_output(&out, Mode::Multi)?;
            prop_assert_eq!(sanitize(&out), out.clone());
            prop_assert!(matches!(sanitize(&out), Cow::Borrowed(_)));
            prop_assert!(is_clean(&out));
            prop_assert_eq!(is_clean(&s), matches!(out, Cow::Borrowed(_)));
        }

        #[test]
        fn line_invariants(s in text()) {
            let out = sanitize_line(&s);
            check_output(&out, Mode::Line)?;
            prop_assert!(!out.contains('\n'));
            prop_assert_eq!(sanitize_line(&out), out.clone());
            prop_assert!(matches!(sanitize_line(&out), Cow::Borrowed(_)));
            // Line mode is multi-line mode with the breaks made visible.
            prop_assert_eq!(out.as_ref(), sanitize(&s).replace('\n', "␤"));
        }

        #[test]
        fn pieces_starting_with_a_visible_character_sanitise_alike(
            a in text(),
            b in text(),
            c in "[a中 ，\\x01\\t\\n\\u{85}]",
        ) {
            let whole = format!("{a}{c}{b}");
            let tail = format!("{c}{b}");
            prop_assert_eq!(sanitize(&whole), format!("{}{}", sanitize(&a), sanitize(&tail)));
        }

        #[test]
        fn pieces_through_a_sanitizer_are_the_whole_sanitised(
            pieces in prop::collection::vec(text(), 0..6),
        ) {
            let whole = pieces.concat();
            let mut out = String::from("前\u{301}\u{301}\u{301}\u{301}");
            let before = out.len();
            let mut sanitizer = Sanitizer::new();
            let mut changed = false;
            for p in &pieces {
                changed |= sanitizer.push(p, &mut out);
            }
            let expected = sanitize(&whole);
            prop_assert_eq!(&out[before..], expected.as_ref());
            prop_assert!(is_clean(&out[before..]));
            prop_assert_eq!(changed, !is_clean(&whole));
        }

        #[test]
        fn ordinary_clusters_keep_at_most_four_marks(
            s in "[a中，😂 ]([\\u{300}-\\u{36f}\\u{489}\\u{1ab0}-\\u{1abe}\\u{20d0}-\\u{20f0}\\u{fe20}-\\u{fe2f}]{0,12}[a中，😂 ]){0,10}"
        ) {
            let out = sanitize(&s);
            for g in out.graphemes(true) {
                prop_assert!(combining_marks(g) <= 4, "{:?}", g);
            }
            // Only marks are removed.
            let kept: String = s.chars().filter(|&c| mark_kind(c) != Mark::Combining).collect();
            let left: String = out.chars().filter(|&c| mark_kind(c) != Mark::Combining).collect();
            prop_assert_eq!(kept, left);
        }
    }
}

//! The header of a WhatsApp message line: `DATE, TIME - ` (Android),
//! `[DATE, TIME] ` (iOS) and their locale variants.
//!
//! [`parse`] reads one line (without its line ending) and says whether it
//! starts with a whole header: a date of three numbers, a time, and the
//! separator before the name and text. The date is kept as written
//! ([`RawDate`]): which number is the day and which the month is decided
//! once per file (`dates`), never per line.
//!
//! What a header may hold, in order:
//!
//! - marks before it (U+200E, U+200F, U+FEFF, bidi embeddings and isolates);
//! - `[` for the iOS family;
//! - the date: three numbers of ASCII, Arabic-Indic or Persian digits,
//!   separated by `/`, `.` or `-` (the same one twice), each separator maybe
//!   followed by a space, marks anywhere between; the year may carry a
//!   Japanese era letter (`R4`), a ` BE` (Buddhist era) or a final `.`;
//! - between date and time: `,` `،` and spaces (U+0020, U+00A0, U+202F),
//!   at least one, and maybe one short word (`à`, `klo`, `kl.`, or a
//!   day-half such as `午後` written before the time);
//! - the time: `H:MM` or `H.MM`, maybe `:SS`, maybe a day-half after it
//!   (`PM`, `p. m.`, `a.m.`, `م`, with U+00A0 or U+202F before it);
//! - the end: `] ` (iOS), ` - ` (Android), `: ` (old exports) or one
//!   space (a few locales write nothing else).
//!
//! Everything is byte-indexed and allocation-free: the loader runs this on
//! every line of files of millions of lines.

use crate::model::TimeOfDay;

/// How a header ends, which is how a file's lines are laid out. A file
/// keeps one; lines of another family are body text (a pasted iOS line
/// in an Android chat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `[DATE, TIME] NAME: TEXT` (iOS).
    Bracket,
    /// `DATE, TIME - NAME: TEXT` (Android).
    Dash,
    /// `DATE, TIME: NAME: TEXT` (old exports).
    Colon,
    /// `DATE TIME NAME: TEXT` (a few locales).
    Bare,
}

impl Family {
    pub const ALL: [Family; 4] = [Family::Bracket, Family::Dash, Family::Colon, Family::Bare];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// An era a year is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// The Gregorian calendar (or nothing said).
    Common,
    /// The Buddhist era: 543 years ahead (`2565 BE` is 2022).
    Buddhist,
    /// A Japanese imperial era: the year it started, minus one.
    Japanese(i16),
}

/// A date as written: three numbers in the order of the line. Small: a
/// file's headers are kept between its two passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDate {
    pub parts: [u16; 3],
    /// How many digits each number had.
    pub digits: [u8; 3],
    pub era: Era,
    /// The separator between the numbers: `/`, `.` or `-`.
    pub sep: u8,
    /// Whether the first or second number was written with a leading zero.
    pub padded: bool,
}

impl RawDate {
    /// Whether the year comes first (`2019/01/31`, `2020-01-01`).
    pub fn year_first(&self) -> bool {
        self.digits[0] >= 3
    }
}

/// A time as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawTime {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` on a 24-hour clock.
    pub pm: Option<bool>,
}

impl RawTime {
    /// The time of day, or `None` when it is impossible (`25:61`, `13 PM`).
    pub fn time(self) -> Option<TimeOfDay> {
        let h = u32::from(self.hour);
        let hour = match self.pm {
            Some(_) if h > 12 => return None,
            Some(true) if h < 12 => h + 12,
            Some(false) if h == 12 => 0,
            _ => h,
        };
        TimeOfDay::from_hms(hour, u32::from(self.minute), u32::from(self.second))
    }
}

/// A line's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub family: Family,
    pub date: RawDate,
    pub time: RawTime,
    /// Whether the time had seconds.
    pub seconds: bool,
    /// Byte offset in the line where the name (or a system line's text) starts.
    pub rest: u32,
}

/// The header `line` starts with, if it starts with a whole one.
pub fn parse(line: &str) -> Option<Header> {
    let b = line.as_bytes();
    let mut i = skip_marks(b, 0);
    // Most lines of a chat are not headers: a cheap test first.
    let first = *b.get(i)?;
    let bracket = first == b'[';
    if !(bracket || first.is_ascii_digit() || first == 0xD9 || first == 0xDB) {
        return None;
    }
    if bracket {
        i = skip_marks(b, i + 1);
    }
    let (date, after_date) = date(b, i)?;
    i = date_time_separator(b, after_date)?;
    let (before_half, after_word) = word_before_time(b, i);
    i = after_word;
    let (mut time, seconds, after_time) = time(b, i)?;
    i = after_time;
    // A day-half after the time, maybe after a space.
    let spaced = skip_spaces(b, i);
    if let Some((pm, end)) = day_half(b, spaced) {
        time.pm = Some(pm);
        i = end;
    } else {
        time.pm = before_half;
    }
    i = skip_marks(b, i);
    let (family, rest) = if bracket {
        if b.get(i) != Some(&b']') {
            return None;
        }
        match b.get(i + 1) {
            None => (Family::Bracket, i + 1),
            Some(b' ') => (Family::Bracket, i + 2),
            _ => return None,
        }
    } else if b[i..].starts_with(b" - ") {
        (Family::Dash, i + 3)
    } else if &b[i..] == b" -" {
        (Family::Dash, i + 2)
    } else if b[i..].starts_with(b": ") {
        (Family::Colon, i + 2)
    } else if b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(|&c| c != b' ') {
        (Family::Bare, i + 1)
    } else {
        return None;
    };
    Some(Header {
        family,
        date,
        time,
        seconds,
        rest: u32::try_from(rest).ok()?,
    })
}

/// The length of the mark at `b[i..]` (U+200E, U+200F, U+061C, U+FEFF,
/// U+202A–U+202E, U+2066–U+2069), or 0.
#[inline]
pub fn mark_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(0xE2) => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x8E | 0x8F | 0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9)) => 3,
            _ => 0,
        },
        Some(0xEF) if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => 3,
        Some(0xD8) if b.get(i + 1) == Some(&0x9C) => 2,
        _ => 0,
    }
}

/// `i` moved past any marks.
#[inline]
pub fn skip_marks(b: &[u8], mut i: usize) -> usize {
    loop {
        let n = mark_len(b, i);
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// The length of the space at `b[i..]` (U+0020, U+00A0, U+202F, U+2009), or 0.
#[inline]
fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xAF | 0x89)) => 3,
        _ => 0,
    }
}

/// `i` moved past spaces and marks.
#[inline]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    loop {
        let n = space_len(b, i).max(mark_len(b, i));
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// The digit at `b[i..]`: its value and length (ASCII, Arabic-Indic
/// U+0660–U+0669, Persian U+06F0–U+06F9).
#[inline]
fn digit(b: &[u8], i: usize) -> Option<(u32, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some((u32::from(c - b'0'), 1)),
        0xD9 => match *b.get(i + 1)? {
            c @ 0xA0..=0xA9 => Some((u32::from(c - 0xA0), 2)),
            _ => None,
        },
        0xDB => match *b.get(i + 1)? {
            c @ 0xB0..=0xB9 => Some((u32::from(c - 0xB0), 2)),
            _ => None,
        },
        _ => None,
    }
}

/// A number of 1 to `max` (at most 4) digits at `b[i..]`: value, digit
/// count, whether it has a leading zero, and where it ends.
fn number(b: &[u8], mut i: usize, max: u8) -> Option<(u16, u8, bool, usize)> {
    let mut value: u16 = 0;
    let mut count = 0u8;
    let mut zero = false;
    while let Some((d, len)) = digit(b, i) {
        if count == max {
            return None;
        }
        if count == 0 && d == 0 {
            zero = true;
        }
        value = value * 10 + d as u16;
        count += 1;
        i += len;
    }
    (count > 0).then_some((value, count, zero, i))
}

/// The date at `b[i..]` and where it ends.
fn date(b: &[u8], i: usize) -> Option<(RawDate, usize)> {
    let (a, da, za, mut i) = number(b, i, 4)?;
    i = skip_marks(b, i);
    let sep = *b.get(i)?;
    if !matches!(sep, b'/' | b'.' | b'-') {
        return None;
    }
    i = skip_date_space(b, i + 1);
    let (m, dm, zm, mut i) = number(b, i, 2)?;
    i = skip_marks(b, i);
    if b.get(i) != Some(&sep) {
        return None;
    }
    i = skip_date_space(b, i + 1);
    // A Japanese era letter before the year (`R4`): only when the year comes last.
    let mut era = Era::Common;
    if da <= 2 {
        let start = match b.get(i) {
            Some(b'R') => Some(2018i16),
            Some(b'H') => Some(1988),
            Some(b'S') => Some(1925),
            _ => None,
        };
        if let Some(start) = start {
            if digit(b, i + 1).is_some() {
                era = Era::Japanese(start);
                i += 1;
            }
        }
    }
    let (c, dc, _, mut i) = number(b, i, 4)?;
    // The number after the separator must be whole: `1.2.2020.5` is not a date.
    if digit(b, i).is_some() {
        return None;
    }
    i = skip_marks(b, i);
    if b[i..].starts_with(b" BE") && !b.get(i + 3).is_some_and(u8::is_ascii_alphanumeric) {
        era = Era::Buddhist;
        i += 3;
    } else if sep == b'.' && b.get(i) == Some(&b'.') && b.get(i + 1) == Some(&b' ') {
        // `13. 6. 2018. 21:25:15`
        i += 1;
    }
    let padded = (za && da > 1) || (zm && dm > 1);
    Some((
        RawDate {
            parts: [a, m, c],
            digits: [da, dm, dc],
            era,
            sep,
            padded,
        },
        i,
    ))
}

/// `i` moved past one ASCII space and any marks after a date separator.
fn skip_date_space(b: &[u8], i: usize) -> usize {
    let i = skip_marks(b, i);
    if b.get(i) == Some(&b' ') {
        skip_marks(b, i + 1)
    } else {
        i
    }
}

/// The separator between date and time, and where the time (or a word
/// before it) starts.
fn date_time_separator(b: &[u8], mut i: usize) -> Option<usize> {
    // A comma or a space is needed; marks alone do not separate.
    let mut separated = false;
    loop {
        let n = match b.get(i) {
            Some(b',') => 1,
            Some(0xD8) if b.get(i + 1) == Some(&0x8C) => 2, // U+060C ARABIC COMMA
            _ => space_len(b, i),
        };
        if n > 0 {
            separated = true;
            i += n;
            continue;
        }
        let n = mark_len(b, i);
        if n == 0 {
            break;
        }
        i += n;
    }
    separated.then_some(i)
}

/// A short word between date and time (`à`, `klo`, `kl.`, `午後`): the
/// day-half it says, if it is one, and where the time starts. Without a
/// word, `i` itself.
fn word_before_time(b: &[u8], i: usize) -> (Option<bool>, usize) {
    if digit(b, i).is_some() {
        return (None, i);
    }
    if let Some((pm, end)) = day_half(b, i) {
        let after = skip_spaces(b, end);
        if digit(b, after).is_some() {
            return (Some(pm), after);
        }
    }
    // Up to four letters and maybe a dot, then a space.
    let mut j = i;
    let mut letters = 0;
    while letters < 4 {
        let Some(c) = char_at(b, j) else { break };
        if !c.is_alphabetic() {
            break;
        }
        letters += 1;
        j += c.len_utf8();
    }
    if letters == 0 {
        return (None, i);
    }
    if b.get(j) == Some(&b'.') {
        j += 1;
    }
    let after = skip_spaces(b, j);
    if after > j && digit(b, after).is_some() {
        (None, after)
    } else {
        (None, i)
    }
}

/// The char at byte `i` of `b`, which is valid UTF-8 from `i` on.
fn char_at(b: &[u8], i: usize) -> Option<char> {
    let end = (i + 4).min(b.len());
    let s = match std::str::from_utf8(&b[i..end]) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&b[i..i + e.valid_up_to()]).ok()?,
    };
    s.chars().next()
}

/// The time at `b[i..]`, whether it had seconds, and where it ends.
fn time(b: &[u8], i: usize) -> Option<(RawTime, bool, usize)> {
    let (hour, _, _, i) = number(b, i, 2)?;
    let sep = *b.get(i)?;
    if sep != b':' && sep != b'.' {
        return None;
    }
    let (minute, dm, _, i) = number(b, i + 1, 2)?;
    if dm != 2 {
        return None;
    }
    let mut time = RawTime {
        hour: hour as u8,
        minute: minute as u8,
        second: 0,
        pm: None,
    };
    if b.get(i) == Some(&sep) {
        if let Some((second, 2, _, end)) = number(b, i + 1, 2) {
            time.second = second as u8;
            return Some((time, true, end));
        }
    }
    if digit(b, i).is_some() {
        return None;
    }
    Some((time, false, i))
}

/// Day-halves written after (or, for the CJK ones, before) a time, with
/// whether each is PM. ASCII ones are matched ignoring case.
const DAY_HALVES: &[(&str, bool)] = &[
    ("a. m.", false),
    ("p. m.", true),
    ("a.m.", false),
    ("p.m.", true),
    ("a.m", false),
    ("p.m", true),
    ("am", false),
    ("pm", true),
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
    ("오전", false),
    ("오후", true),
    ("π.μ.", false),
    ("μ.μ.", true),
    ("πμ", false),
    ("μμ", true),
    ("ص", false),
    ("م", true),
];

/// The day-half at `b[i..]` (a space inside `a. m.` may be U+00A0 or
/// U+202F): whether it is PM, and where it ends. It must not run on into
/// a letter (`Amy`, `Pam`); a digit may follow (`午後9:41`).
fn day_half(b: &[u8], i: usize) -> Option<(bool, usize)> {
    // The first bytes the words start with: a, p, 午上下 (E4 E5), 오 (EC),
    // π μ (CE CF), ص م (D8 D9).
    let first = *b.get(i)?;
    if !matches!(first | 0x20, b'a' | b'p')
        && !matches!(first, 0xE4 | 0xE5 | 0xEC | 0xCE | 0xCF | 0xD8 | 0xD9)
    {
        return None;
    }
    for &(word, pm) in DAY_HALVES {
        if let Some(end) = match_word(b, i, word.as_bytes()) {
            let letter = match b.get(end) {
                None => false,
                Some(c) if c.is_ascii() => c.is_ascii_alphabetic(),
                Some(_) => char_at(b, end).is_some_and(char::is_alphabetic),
            };
            if letter {
                continue;
            }
            return Some((pm, end));
        }
    }
    None
}

/// Whether `word` is at `b[i..]` (ASCII letters ignoring case, its spaces
/// matching any space); where it ends.
fn match_word(b: &[u8], mut i: usize, word: &[u8]) -> Option<usize> {
    for &w in word {
        if w == b' ' {
            let n = space_len(b, i);
            if n == 0 {
                return None;
            }
            i += n;
        } else {
            let c = *b.get(i)?;
            if !c.eq_ignore_ascii_case(&w) {
                return None;
            }
            i += 1;
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Header {
        parse(line).unwrap_or_else(|| panic!("not a header: {line:?}"))
    }

    fn fields(line: &str) -> (Family, [u16; 3], Option<TimeOfDay>, &str) {
        let x = h(line);
        (
            x.family,
            x.date.parts,
            x.time.time(),
            &line[x.rest as usize..],
        )
    }

    fn t(hh: u32, mm: u32, ss: u32) -> Option<TimeOfDay> {
        TimeOfDay::from_hms(hh, mm, ss)
    }

    #[test]
    fn android_and_ios_layouts() {
        assert_eq!(
            fields("12/9/20, 23:55 - Ann: hi"),
            (Family::Dash, [12, 9, 20], t(23, 55, 0), "Ann: hi")
        );
        assert_eq!(
            fields("[3/27/22, 21:41:35] Bo Li: hello"),
            (Family::Bracket, [3, 27, 22], t(21, 41, 35), "Bo Li: hello")
        );
        assert_eq!(
            fields("\u{200e}[3/27/22 21:41:35] Bo: \u{200e}image omitted"),
            (
                Family::Bracket,
                [3, 27, 22],
                t(21, 41, 35),
                "Bo: \u{200e}image omitted"
            )
        );
        assert_eq!(
            fields("23.03.22 13:31 - system text"),
            (Family::Dash, [23, 3, 22], t(13, 31, 0), "system text")
        );
        assert_eq!(
            fields("2019/01/01, 11:25 - A: x"),
            (Family::Dash, [2019, 1, 1], t(11, 25, 0), "A: x")
        );
        assert_eq!(
            fields("[2020.04.01, 12:00:04] P: q"),
            (Family::Bracket, [2020, 4, 1], t(12, 0, 4), "P: q")
        );
        assert_eq!(
            fields("[13/11/2025, 12:25:55]"),
            (Family::Bracket, [13, 11, 2025], t(12, 25, 55), "")
        );
    }

    #[test]
    fn twelve_hour_clocks_in_their_spellings() {
        assert_eq!(fields("01/20/2019, 11:23 a. m. - J: x").2, t(11, 23, 0));
        assert_eq!(fields("01/30/2019, 08:49 p. m. - J: x").2, t(20, 49, 0));
        assert_eq!(fields("06/20/2020, 00:08 a. m. - sys").2, t(0, 8, 0));
        assert_eq!(fields("20/6/2017 8:28 p.\u{a0}m. - M: x").2, t(20, 28, 0));
        assert_eq!(fields("1/4/23, 7:02\u{202f}PM - A: x").2, t(19, 2, 0));
        assert_eq!(fields("1/4/23, 12:02\u{202f}AM - A: x").2, t(0, 2, 0));
        assert_eq!(fields("1/4/23, 12:02 pm - A: x").2, t(12, 2, 0));
        assert_eq!(fields("2023-12-20, 5:46 p.m. - A: x").2, t(17, 46, 0));
        assert_eq!(
            fields("[13/11/2025, 12:25:55\u{202f}PM] Shop: x").2,
            t(12, 25, 55)
        );
        assert_eq!(
            fields("2016-06-27, 8:04:08 AM: Neil: Hi"),
            (Family::Colon, [2016, 6, 27], t(8, 4, 8), "Neil: Hi")
        );
        // A day-half before the time, as CJK locales write it.
        assert_eq!(fields("[2022/03/27 午後9:41:35] A: x").2, t(21, 41, 35));
        // 13 PM is not a time: the header parses, the time is impossible.
        assert_eq!(fields("1/4/23, 13:02 PM - A: x").2, None);
    }

    #[test]
    fn words_and_odd_separators_between_date_and_time() {
        assert_eq!(
            fields("26/09/2019 à 22:39 - A: x"),
            (Family::Dash, [26, 9, 2019], t(22, 39, 0), "A: x")
        );
        assert_eq!(
            fields("13.6.2018 klo 21.25.15 - a: m"),
            (Family::Dash, [13, 6, 2018], t(21, 25, 15), "a: m")
        );
        assert_eq!(
            fields("13. 6. 2018. 21:25:15 a: m"),
            (Family::Bare, [13, 6, 2018], t(21, 25, 15), "a: m")
        );
        assert_eq!(
            fields("13.06.18 21.25.15: a: m"),
            (Family::Colon, [13, 6, 18], t(21, 25, 15), "a: m")
        );
    }

    #[test]
    fn calendars_and_digits() {
        let x = h("[3/27/2565 BE, 21:41:35] D: x");
        assert_eq!((x.date.parts, x.date.era), ([3, 27, 2565], Era::Buddhist));
        let x = h("[3/27/R4, 21:41:35] D: x");
        assert_eq!(
            (x.date.parts, x.date.era),
            ([3, 27, 4], Era::Japanese(2018))
        );
        // Arabic-Indic digits, U+200F after each date part, the Arabic
        // comma, U+00A0 before م (PM).
        let line = "[٢٧\u{200f}/٣\u{200f}/٢٠٢٢\u{60c} ٩:٤١:٣٥\u{a0}م] D: x";
        assert_eq!(
            fields(line),
            (Family::Bracket, [27, 3, 2022], t(21, 41, 35), "D: x")
        );
        assert_eq!(fields("۲۷/۳/۲۰۲۲, ۹:۴۱ - D: x").1, [27, 3, 2022]);
        assert!(h("01/02/2020, 10:00 - A: x").date.padded);
        assert!(!h("1/2/2020, 10:00 - A: x").date.padded);
    }

    #[test]
    fn not_headers() {
        for line in [
            "",
            "hello",
            "just text 12/9/20, 23:55 - Ann: hi",
            "12/9/20 - Ann: hi",
            "12/9/20,23:55-Ann: hi",
            "12/9/20, 23:5 - Ann: hi",
            "12/9/20, 23:555 - Ann: hi",
            "12-9/20, 23:55 - Ann: hi",
            "1.2.2020.5, 10:00 - A: x",
            "[12/9/20, 23:55 Ann: hi",
            "[12/9/20, 23:55]Ann: hi",
            "12/9/20, 23:55  two spaces",
            "2018-01-22T10:00:00  <nick> hi",
            "2018-01-22 10:00:00\tnick\thi",
            "[2021-04-22T07:36:50+0200] <x> y",
            "> 12:34:56  张三",
            "[00:11:46] *** Joins: x",
            "12345/1/1, 10:00 - A: x",
            "1/123/1, 10:00 - A: x",
            "\u{200e}\u{200e}",
        ] {
            assert_eq!(parse(line), None, "{line:?}");
        }
        // Amy and Pam are names, not day-halves.
        assert_eq!(fields("1.2.2020 10:00 Amy: x").3, "Amy: x");
        assert_eq!(fields("1.2.2020 10:00 Pam: x").3, "Pam: x");
    }

    #[test]
    fn every_prefix_of_a_header_is_safe() {
        let line = "\u{200f}[٢٧\u{200f}/٣\u{200f}/٢٥٦٥ BE\u{60c} ٩:٤١:٣٥\u{a0}م] D: x";
        for (i, _) in line.char_indices() {
            let _ = parse(&line[..i]);
        }
    }
}

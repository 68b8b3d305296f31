//! A tolerant, streaming JSON reader over a whole file held as text.
//!
//! It never builds a tree: the parser asks for what it expects (an object's
//! next key, an array's next item, a string) and skips the rest, so a
//! gigabyte export costs no more memory than its text. It reads what
//! Telegram Desktop writes although it is not JSON: `\xHH` escapes (read as
//! the character U+00HH, controls as the sanitiser shows them, and
//! counted), other unknown escapes (kept as written, counted), and raw
//! control characters inside strings. Skipping a
//! value is iterative, so nesting of any depth costs no stack; on a
//! syntax error, [`Reader::recover`] finds the end of the value it was in.
//! Every position carries its line, for diagnostics.

use std::borrow::Cow;

/// What went wrong, with the line it went wrong on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: u32,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text ends in the middle of a value.
    Eof,
    /// A byte that cannot come where it is (shown as found).
    Unexpected {
        found: String,
        expected: &'static str,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ErrorKind::Eof => f.write_str("the file ends in the middle of a value"),
            ErrorKind::Unexpected { found, expected } => {
                write!(f, "invalid JSON: {found} where {expected} was expected")
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// What the next value is, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
    /// The text ends here.
    End,
    /// A byte no value starts with.
    Invalid,
}

impl Kind {
    /// The kind as a diagnostic names it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "true or false",
            Kind::Null => "null",
            Kind::End => "the end of the file",
            Kind::Invalid => "not JSON",
        }
    }
}

/// A place in the text to come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub pos: usize,
    pub line: u32,
    depth: u32,
}

/// The reader. See the module documentation.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u32,
    /// Objects and arrays open at `pos`.
    depth: u32,
    /// `\xHH` escapes read, and the line of the first.
    pub hex_escapes: usize,
    pub first_hex_escape: u32,
    /// Other escapes that are not JSON, and the line of the first.
    pub bad_escapes: usize,
    pub first_bad_escape: u32,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            b: text.as_bytes(),
            pos: 0,
            line: 1,
            depth: 0,
            hex_escapes: 0,
            first_hex_escape: 0,
            bad_escapes: 0,
            first_bad_escape: 0,
        }
    }

    /// The line of the next byte.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Objects and arrays open here.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    pub fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line: self.line,
            depth: self.depth,
        }
    }

    /// Moves to byte `pos`, on line `line`, in the container open here.
    pub fn jump(&mut self, pos: usize, line: u32) {
        self.pos = pos.min(self.b.len());
        self.line = line;
    }

    /// Goes back (or forth) to `mark`.
    pub fn reset(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.line = mark.line;
        self.depth = mark.depth;
    }

    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    /// Skips a UTF-8 byte-order mark and whitespace at the start.
    pub fn start(&mut self) {
        if self.text[self.pos..].starts_with('\u{feff}') {
            self.pos += 3;
        }
        self.ws();
    }

    /// The next byte after whitespace, if any.
    fn peek_byte(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    /// What the next value is.
    pub fn peek(&mut self) -> Kind {
        match self.peek_byte() {
            None => Kind::End,
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') => Kind::Null,
            Some(_) => Kind::Invalid,
        }
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek_byte().is_none()
    }

    fn error(&self, expected: &'static str) -> Error {
        let Some(c) = self.text[self.pos.min(self.text.len())..].chars().next() else {
            return self.eof();
        };
        let found = if c.is_control() || c == ' ' {
            format!("{c:?}")
        } else {
            format!("`{c}`")
        };
        Error {
            line: self.line,
            kind: ErrorKind::Unexpected { found, expected },
        }
    }

    fn eof(&self) -> Error {
        Error {
            line: self.line,
            kind: ErrorKind::Eof,
        }
    }

    /// Consumes `c` after whitespace, or fails saying `expected`.
    fn expect(&mut self, c: u8, expected: &'static str) -> Result<()> {
        match self.peek_byte() {
            Some(x) if x == c => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error(expected)),
            None => Err(self.eof()),
        }
    }

    /// Enters an object (the next value must be one).
    pub fn object(&mut self) -> Result<()> {
        self.expect(b'{', "an object")?;
        self.depth += 1;
        Ok(())
    }

    /// Enters an array (the next value must be one).
    pub fn array(&mut self) -> Result<()> {
        self.expect(b'[', "an array")?;
        self.depth += 1;
        Ok(())
    }

    /// The next key of the object entered, with its `:` consumed, or `None`
    /// at its end (which is consumed). `first` is true for the first call.
    pub fn key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        match self.peek_byte() {
            None => return Err(self.eof()),
            Some(b'}') => {
                self.pos += 1;
                self.depth = self.depth.saturating_sub(1);
                return Ok(None);
            }
            Some(b',') if !*first => {
                self.pos += 1;
                // A trailing comma is forgiven.
                if self.peek_byte() == Some(b'}') {
                    self.pos += 1;
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(None);
                }
            }
            Some(_) if *first => {}
            Some(_) => return Err(self.error("`,` or `}`")),
        }
        *first = false;
        if self.peek_byte() != Some(b'"') {
            return Err(self.error("a key in quotes"));
        }
        let key = self.string()?;
        self.expect(b':', "`:` after a key")?;
        Ok(Some(key))
    }

    /// Whether the array entered has another item (its `,` consumed); at
    /// its end, consumes the `]`. `first` is true for the first call.
    pub fn item(&mut self, first: &mut bool) -> Result<bool> {
        match self.peek_byte() {
            None => Err(self.eof()),
            Some(b']') => {
                self.pos += 1;
                self.depth = self.depth.saturating_sub(1);
                Ok(false)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                if self.peek_byte() == Some(b']') {
                    self.pos += 1;
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(false);
                }
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(_) => Err(self.error("`,` or `]`")),
        }
    }

    /// A string value, unescaped (borrowed when it holds no escape).
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.expect(b'"', "a string")?;
        let start = self.pos;
        // Fast path: no escape and no raw line break.
        loop {
            let Some(i) = memchr::memchr3(b'"', b'\\', b'\n', &self.b[self.pos..]) else {
                self.pos = self.b.len();
                return Err(self.eof());
            };
            let at = self.pos + i;
            match self.b[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(Cow::Borrowed(&self.text[start..at]));
                }
                b'\n' => {
                    self.line += 1;
                    self.pos = at + 1;
                }
                _ => {
                    self.pos = at;
                    break;
                }
            }
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.text[start..self.pos]);
        loop {
            let Some(i) = memchr::memchr3(b'"', b'\\', b'\n', &self.b[self.pos..]) else {
                self.pos = self.b.len();
                return Err(self.eof());
            };
            let at = self.pos + i;
            out.push_str(&self.text[self.pos..at]);
            match self.b[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(Cow::Owned(out));
                }
                b'\n' => {
                    self.line += 1;
                    out.push('\n');
                    self.pos = at + 1;
                }
                _ => {
                    self.pos = at + 1;
                    self.escape(&mut out)?;
                }
            }
        }
    }

    /// Reads the escape after a `\` into `out`.
    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(&c) = self.b.get(self.pos) else {
            return Err(self.eof());
        };
        self.pos += 1;
        let simple = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            return Ok(());
        }
        match c {
            b'u' => {
                let Some(hi) = self.hex(4) else {
                    self.bad_escape(out, "\\u");
                    return Ok(());
                };
                if (0xD800..0xDC00).contains(&hi) && self.b[self.pos..].starts_with(b"\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    match self.hex(4) {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            return Ok(());
                        }
                        _ => self.pos = save,
                    }
                }
                out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
            }
            b'x' => match self.hex(2) {
                Some(v) => {
                    if self.hex_escapes == 0 {
                        self.first_hex_escape = self.line;
                    }
                    self.hex_escapes += 1;
                    // The control character as the sanitiser shows it
                    // (`\x0c` is `␌`), so that it is reported once, here.
                    let c = char::from_u32(v).unwrap_or('\u{fffd}');
                    out.push_str(&crate::text::sanitize(c.encode_utf8(&mut [0; 4])));
                }
                None => self.bad_escape(out, "\\x"),
            },
            b'\n' => {
                self.line += 1;
                self.bad_escape(out, "\\\n");
            }
            _ => {
                // Keep what was written: the backslash and the character.
                self.pos -= 1;
                let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                self.pos += ch.len_utf8();
                let mut kept = String::from('\\');
                kept.push(ch);
                self.bad_escape(out, &kept);
            }
        }
        Ok(())
    }

    fn bad_escape(&mut self, out: &mut String, kept: &str) {
        if self.bad_escapes == 0 {
            self.first_bad_escape = self.line;
        }
        self.bad_escapes += 1;
        out.push_str(kept);
    }

    /// `n` hex digits as a number, consumed only when all are there.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits = self.b.get(self.pos..self.pos + n)?;
        let mut v = 0u32;
        for &d in digits {
            v = v * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += n;
        Some(v)
    }

    /// The text of a number value, as written.
    pub fn number(&mut self) -> Result<&'a str> {
        self.ws();
        let start = self.pos;
        while let Some(&c) = self.b.get(self.pos) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.pos == start {
            return Err(self.error("a number"));
        }
        Ok(&self.text[start..self.pos])
    }

    /// `true`, `false` or `null` (whose value is `None`).
    pub fn literal(&mut self) -> Result<Option<bool>> {
        self.ws();
        for (word, value) in [("true", Some(true)), ("false", Some(false)), ("null", None)] {
            if self.b[self.pos..].starts_with(word.as_bytes()) {
                self.pos += word.len();
                return Ok(value);
            }
            if word.as_bytes().starts_with(&self.b[self.pos..]) && self.pos < self.b.len() {
                // The file ends inside the word.
                self.pos = self.b.len();
                return Err(self.eof());
            }
        }
        Err(self.error("a value"))
    }

    /// Skips the next value, however deep (no recursion). Returns how deep
    /// it was nested (0 for a scalar).
    pub fn skip(&mut self) -> Result<u32> {
        let base = self.depth;
        let mut deepest = 0;
        loop {
            match self.peek() {
                Kind::Object => {
                    self.pos += 1;
                    self.depth += 1;
                    deepest = deepest.max(self.depth - base);
                    let mut first = true;
                    if self.key(&mut first)?.is_some() {
                        continue;
                    }
                }
                Kind::Array => {
                    self.pos += 1;
                    self.depth += 1;
                    deepest = deepest.max(self.depth - base);
                    let mut first = true;
                    if self.item(&mut first)? {
                        continue;
                    }
                }
                Kind::String => {
                    self.skip_string()?;
                }
                Kind::Number => {
                    self.number()?;
                }
                Kind::Bool | Kind::Null => {
                    self.literal()?;
                }
                Kind::End => return Err(self.eof()),
                Kind::Invalid => return Err(self.error("a value")),
            }
            // A value ended: close containers as far as they end here.
            loop {
                if self.depth == base {
                    return Ok(deepest);
                }
                match self.peek_byte() {
                    None => return Err(self.eof()),
                    Some(b',') => {
                        self.pos += 1;
                        match self.peek_byte() {
                            // A trailing comma is forgiven.
                            Some(b'}' | b']') => continue,
                            // In an object, a key and its colon; in an
                            // array, a string is a value.
                            Some(b'"') => {
                                let save = self.mark();
                                self.skip_string()?;
                                if self.peek_byte() == Some(b':') {
                                    self.pos += 1;
                                } else {
                                    self.reset(save);
                                }
                            }
                            _ => {}
                        }
                        break;
                    }
                    Some(b'}' | b']') => {
                        self.pos += 1;
                        self.depth -= 1;
                    }
                    Some(_) => return Err(self.error("`,` or the end of a container")),
                }
            }
        }
    }

    /// Skips a string without unescaping it.
    fn skip_string(&mut self) -> Result<()> {
        self.expect(b'"', "a string")?;
        loop {
            let Some(i) = memchr::memchr3(b'"', b'\\', b'\n', &self.b[self.pos..]) else {
                self.pos = self.b.len();
                return Err(self.eof());
            };
            let at = self.pos + i;
            match self.b[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(());
                }
                b'\n' => {
                    self.line += 1;
                    self.pos = at + 1;
                }
                _ => {
                    // Skip the escaped byte (a line break counts).
                    if self.b.get(at + 1) == Some(&b'\n') {
                        self.line += 1;
                    }
                    self.pos = (at + 2).min(self.b.len());
                }
            }
        }
    }

    /// After an error inside a container opened at depth `depth + 1`,
    /// moves past the rest of it, so that the caller at `depth` can go on
    /// with the next item. Strings are skipped whole and brackets counted;
    /// anything else is passed over. Fails only at the end of the text.
    pub fn recover(&mut self, depth: u32) -> Result<()> {
        loop {
            if self.depth <= depth {
                self.depth = depth;
                return Ok(());
            }
            let Some(c) = self.peek_byte() else {
                return Err(self.eof());
            };
            match c {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    self.pos += 1;
                    self.depth += 1;
                }
                b'}' | b']' => {
                    self.pos += 1;
                    self.depth -= 1;
                }
                _ => {
                    let ch = self.text[self.pos..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    self.pos += ch;
                }
            }
        }
    }
}

/// An integer from a number or a string of digits.
pub fn integer(s: &str) -> Option<i64> {
    let s = s.trim();
    s.parse::<i64>().ok().or_else(|| {
        // 1.0, 1e3: integers written as floats.
        s.parse::<f64>()
            .ok()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
            .map(|f| f as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let mut r = Reader::new(text);
        r.start();
        r.object().unwrap();
        let mut first = true;
        let mut out = Vec::new();
        while let Some(k) = r.key(&mut first).unwrap() {
            out.push(k.into_owned());
            r.skip().unwrap();
        }
        assert!(r.at_end());
        out
    }

    #[test]
    fn reads_keys_and_skips_values_of_any_shape() {
        assert_eq!(
            keys(
                r#"{"a": 1, "b": [1, {"c": [true, null]}, "x"], "d": {"e": {}}, "f": -1.5e3, "g": []}"#
            ),
            vec!["a", "b", "d", "f", "g"]
        );
        assert_eq!(keys("\u{feff} { }"), Vec::<String>::new());
        assert_eq!(keys(r#"{"a": 1,}"#), vec!["a"], "a trailing comma");
    }

    #[test]
    fn strings_unescape_and_borrow_when_plain() {
        let mut r = Reader::new(r#""plain" "a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u2028" "\x0c\x00 x""#);
        assert!(matches!(r.string().unwrap(), Cow::Borrowed("plain")));
        assert_eq!(r.string().unwrap(), "a\"b\\c/d\n\té😀\u{2028}");
        assert_eq!(r.string().unwrap(), "␌␀ x");
        assert_eq!((r.hex_escapes, r.first_hex_escape), (2, 1));
        assert_eq!(r.bad_escapes, 0);
        let mut r = Reader::new(r#""\q \ud800 \u12 \x4""#);
        assert_eq!(r.string().unwrap(), "\\q \u{fffd} \\u12 \\x4");
        assert_eq!(r.bad_escapes, 3);
    }

    #[test]
    fn lines_are_counted_everywhere() {
        let mut r = Reader::new("{\n \"a\": \"x\ny\",\n \"b\":\n [\n 1\n ]\n}");
        r.object().unwrap();
        let mut first = true;
        r.key(&mut first).unwrap();
        assert_eq!(r.line(), 2);
        r.skip().unwrap();
        assert_eq!(r.line(), 3);
        r.key(&mut first).unwrap();
        r.skip().unwrap();
        assert_eq!(r.line(), 7);
        assert_eq!(r.key(&mut first).unwrap(), None);
        assert_eq!(r.line(), 8);
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let depth = 1_000_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let mut r = Reader::new(&text);
        assert_eq!(r.skip().unwrap(), depth as u32);
        assert!(r.at_end());
        let text = format!("{}1", "{\"a\":[".repeat(depth));
        let mut r = Reader::new(&text);
        assert_eq!(r.skip().unwrap_err().kind, ErrorKind::Eof);
    }

    #[test]
    fn truncation_and_garbage_are_errors_with_lines() {
        for cut in [
            "{\"a\": \"unterminated",
            "{\"a\": [1, 2",
            "{\"a\": tr",
            "{\"a\"",
        ] {
            let mut r = Reader::new(cut);
            assert_eq!(r.skip().unwrap_err().kind, ErrorKind::Eof, "{cut}");
        }
        let mut r = Reader::new("{\n\"a\": 1\n\"b\": 2}");
        let e = r.skip().unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(
            e.to_string(),
            "invalid JSON: `\"` where `,` or the end of a container was expected"
        );
    }

    #[test]
    fn recovery_moves_to_the_end_of_the_broken_container() {
        let text = r#"[{"id": 1, "x": oops "y"}, {"id": 2}]"#;
        let mut r = Reader::new(text);
        r.array().unwrap();
        let mut first = true;
        let mut ids = Vec::new();
        while r.item(&mut first).unwrap() {
            let d = r.depth();
            let read = (|| -> Result<()> {
                r.object()?;
                let mut f = true;
                while let Some(k) = r.key(&mut f)? {
                    if k == "id" {
                        ids.push(r.number()?.to_owned());
                    } else {
                        r.skip()?;
                    }
                }
                Ok(())
            })();
            if read.is_err() {
                r.recover(d).unwrap();
            }
        }
        assert_eq!(ids, vec!["1", "2"]);
        assert!(r.at_end());
    }

    #[test]
    fn integers_from_numbers_and_strings() {
        assert_eq!(integer("1562950532"), Some(1_562_950_532));
        assert_eq!(integer(" 12 "), Some(12));
        assert_eq!(integer("3.0"), Some(3));
        assert_eq!(integer("3.5"), None);
        assert_eq!(integer("x"), None);
    }
}

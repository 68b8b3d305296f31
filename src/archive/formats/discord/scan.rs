//! Finding the values of a JSON document without building its tree.
//!
//! The export's root object is walked key by key, and its `messages`
//! array item by item; each item is handed to serde on its own, so a
//! gigabyte export never has more than one message in a tree at a time.
//! Skipping a value is iterative (nesting of any depth costs no stack)
//! and does not check the value: it is how the walk gets past what it
//! does not read, and past a message serde refused.

/// Why a value could not be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// The text ends inside the value.
    Eof,
    /// A byte that cannot come here, at this offset.
    Unexpected(usize),
}

/// A position in a JSON text.
#[derive(Debug, Clone)]
pub(super) struct Scanner<'a> {
    b: &'a [u8],
    pub pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let pos = if b.starts_with("\u{feff}".as_bytes()) {
            3
        } else {
            0
        };
        Scanner { b, pos }
    }

    /// Skips whitespace; the next byte, if any.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.pos) {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(c);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `c` (after whitespace) if it is next.
    pub fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string (the next value must be one) and returns what is
    /// between its quotes, escapes untouched.
    pub fn raw_string(&mut self) -> Result<&'a [u8], Stop> {
        match self.peek() {
            Some(b'"') => {}
            Some(_) => return Err(Stop::Unexpected(self.pos)),
            None => return Err(Stop::Eof),
        }
        let start = self.pos + 1;
        self.skip_string()?;
        Ok(&self.b[start..self.pos - 1])
    }

    /// Skips the string starting at `pos` (on its opening quote).
    fn skip_string(&mut self) -> Result<(), Stop> {
        let mut i = self.pos + 1;
        loop {
            match memchr::memchr2(b'"', b'\\', &self.b[i.min(self.b.len())..]) {
                Some(off) if self.b[i + off] == b'"' => {
                    self.pos = i + off + 1;
                    return Ok(());
                }
                Some(off) => i += off + 2,
                None => {
                    self.pos = self.b.len();
                    return Err(Stop::Eof);
                }
            }
        }
    }

    /// Skips one value of any kind and depth.
    pub fn skip_value(&mut self) -> Result<(), Stop> {
        match self.peek() {
            None => Err(Stop::Eof),
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => self.skip_nested(),
            Some(b'}' | b']' | b',' | b':') => Err(Stop::Unexpected(self.pos)),
            Some(_) => {
                // A number, true, false, null (or a bare word): up to a delimiter.
                let start = self.pos;
                while let Some(&c) = self.b.get(self.pos) {
                    if matches!(
                        c,
                        b',' | b'}'
                            | b']'
                            | b':'
                            | b'"'
                            | b'{'
                            | b'['
                            | b' '
                            | b'\n'
                            | b'\r'
                            | b'\t'
                    ) {
                        break;
                    }
                    self.pos += 1;
                }
                if self.pos == self.b.len() {
                    return Err(Stop::Eof);
                }
                debug_assert!(self.pos > start);
                Ok(())
            }
        }
    }

    /// Skips an object or array starting at `pos`, counting brackets.
    fn skip_nested(&mut self) -> Result<(), Stop> {
        let mut depth = 0usize;
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(Stop::Eof)
    }
}

/// The text of a JSON string's raw content, unescaped (keys are short).
pub(super) fn unescape(raw: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if !raw.contains(&b'\\') {
        return std::str::from_utf8(raw)
            .ok()
            .map(std::borrow::Cow::Borrowed);
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted)
        .ok()
        .map(std::borrow::Cow::Owned)
}

/// The first `"id": "…"` (or `"id": 123`) in a message's text, for
/// diagnostics about a message serde could not read.
pub(super) fn find_id(b: &[u8]) -> Option<&str> {
    let window = &b[..b.len().min(4096)];
    let at = memchr::memmem::find(window, b"\"id\"")?;
    let rest = &window[at + 4..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start();
    let (body, quoted) = match rest.strip_prefix(b"\"") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let end = body
        .iter()
        .position(|&c| {
            if quoted {
                c == b'"' || c == b'\\'
            } else {
                !c.is_ascii_digit()
            }
        })
        .unwrap_or(body.len());
    let id = std::str::from_utf8(&body[..end.min(64)]).ok()?;
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(s: &str) -> Result<usize, Stop> {
        let mut sc = Scanner::new(s);
        sc.skip_value().map(|()| sc.pos)
    }

    #[test]
    fn skips_values_of_every_kind() {
        assert_eq!(skip(r#"{"a": [1, {"b": "x\"}]"}], "c": null}, 5"#), Ok(37));
        assert_eq!(skip("  123 ,"), Ok(5));
        assert_eq!(skip(r#""a\\" x"#), Ok(5));
        assert_eq!(skip("[[[[]]]]"), Ok(8));
        assert_eq!(skip(r#"{"a": "unclosed"#), Err(Stop::Eof));
        assert_eq!(skip("[1, 2"), Err(Stop::Eof));
        assert_eq!(skip("12"), Err(Stop::Eof));
        assert_eq!(skip("} x"), Err(Stop::Unexpected(0)));
        // Deep nesting costs no stack.
        let deep = "[".repeat(1_000_000) + &"]".repeat(1_000_000);
        assert_eq!(skip(&deep), Ok(2_000_000));
    }

    #[test]
    fn strings_keys_and_ids() {
        let mut sc = Scanner::new("\u{feff} \"ke\\\"y\": 1");
        let raw = sc.raw_string().unwrap();
        assert_eq!(unescape(raw).unwrap(), "ke\"y");
        assert!(sc.eat(b':'));
        assert_eq!(
            find_id(br#"{ "type": "x", "id" : "123", "id": "9" }"#),
            Some("123")
        );
        assert_eq!(find_id(br#"{"id":42,"#), Some("42"));
        assert_eq!(find_id(br#"{"idx": 1}"#), None);
    }
}

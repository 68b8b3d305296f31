//! Pieces shared by the formats that walk a JSON file by hand (Slack's day
//! files, Meta's message files): whitespace, the file's line of an offset,
//! `serde_json`'s messages without their value-relative position, and the
//! reading of an array one element at a time, keeping each element's line
//! and the elements before a broken one.

/// The offset of the first byte at or after `pos` that is not JSON
/// whitespace.
pub(crate) fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes
        .get(pos)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        pos += 1;
    }
    pos
}

/// `serde_json`'s message without its ` at line L column C`, which is
/// relative to the value read (the diagnostic gives the file's line).
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Counts lines up to increasing offsets, each byte once.
#[derive(Debug, Default)]
pub(crate) struct LineCounter {
    pos: usize,
    newlines: u32,
}

impl LineCounter {
    /// The 1-based line of `pos` in `bytes`.
    pub(crate) fn line_at(&mut self, bytes: &[u8], pos: usize) -> u32 {
        if pos < self.pos {
            self.pos = 0;
            self.newlines = 0;
        }
        let pos = pos.min(bytes.len());
        self.newlines += memchr::memchr_iter(b'\n', &bytes[self.pos..pos]).count() as u32;
        self.pos = pos;
        self.newlines + 1
    }
}

/// Where an element starts: its byte offset and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub offset: usize,
    pub line: u32,
}

/// Why a file could not be read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    pub line: u32,
    pub message: String,
}

impl Broken {
    fn at(line: u32, message: impl Into<String>) -> Broken {
        Broken {
            line,
            message: message.into(),
        }
    }
}

/// Reads the elements of the array whose `[` is at `pos`, each with
/// [`element`]; returns where the array ends. A syntax error between
/// elements, or the end of the file inside the array, ends the reading.
pub(crate) fn elements<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
    mut pos: usize,
    lines: &mut LineCounter,
    item: &mut impl FnMut(Result<T, String>, At),
) -> Result<usize, Broken> {
    let bytes = text.as_bytes();
    debug_assert_eq!(bytes.get(pos), Some(&b'['));
    pos = skip_ws(bytes, pos + 1);
    if bytes.get(pos) == Some(&b']') {
        return Ok(pos + 1);
    }
    loop {
        let at = At {
            offset: pos,
            line: lines.line_at(bytes, pos),
        };
        pos = skip_ws(bytes, element(text, at, item)?);
        match bytes.get(pos) {
            Some(b',') => pos = skip_ws(bytes, pos + 1),
            Some(b']') => return Ok(pos + 1),
            Some(_) => {
                return Err(Broken::at(
                    lines.line_at(bytes, pos),
                    "invalid JSON: expected `,` or `]` between messages",
                ));
            }
            None => {
                return Err(Broken::at(
                    lines.line_at(bytes, pos),
                    "the file ends inside its list of messages (truncated?)",
                ));
            }
        }
    }
}

/// Reads the element at `at` as a `T`; returns where it ends. Only an
/// object is read (serde would read a list as a struct's fields in
/// order); anything else, an object of the wrong shape and one nested too
/// deep are skipped (`serde_json` skips without recursing) and passed to
/// `item` as `Err`, unless they are not even well-formed JSON.
pub(crate) fn element<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
    at: At,
    item: &mut impl FnMut(Result<T, String>, At),
) -> Result<usize, Broken> {
    let rest = &text[at.offset..];
    let what = match rest.as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("a list"),
        Some(b'"') => Some("a string"),
        Some(b't' | b'f') => Some("true or false"),
        Some(b'n') => Some("null"),
        _ => Some("a number"),
    };
    if let Some(what) = what {
        let end = skip(text, at.offset, at.line)?;
        item(Err(format!("{what}, not an object")), at);
        return Ok(end);
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<T>();
    match stream.next() {
        Some(Ok(v)) => {
            let end = at.offset + stream.byte_offset();
            item(Ok(v), at);
            Ok(end)
        }
        Some(Err(e)) if e.classify() != serde_json::error::Category::Eof => {
            let end = skip(text, at.offset, at.line)?;
            item(Err(strip_position(&e)), at);
            Ok(end)
        }
        Some(Err(e)) => Err(broken(at.line, &e)),
        None => Err(Broken::at(
            at.line,
            "the file ends inside its list of messages (truncated?)",
        )),
    }
}

/// Reads one value of type `T` at `pos` (on `line`); returns it and where
/// it ends.
pub(crate) fn value<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
    pos: usize,
    line: u32,
) -> Result<(T, usize), Broken> {
    let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<T>();
    match stream.next() {
        Some(Ok(v)) => Ok((v, pos + stream.byte_offset())),
        Some(Err(e)) => Err(broken(line, &e)),
        None => Err(Broken::at(
            line,
            "the file ends before its end (truncated?)",
        )),
    }
}

/// Skips the value at `pos` (on `line`); returns where it ends.
pub(crate) fn skip(text: &str, pos: usize, line: u32) -> Result<usize, Broken> {
    value::<serde::de::IgnoredAny>(text, pos, line).map(|(_, end)| end)
}

/// An error of `serde_json` inside the value starting on `line`, at the
/// file's line.
pub(crate) fn broken(line: u32, e: &serde_json::Error) -> Broken {
    let line = line + (e.line() as u32).saturating_sub(1);
    let message = match e.classify() {
        serde_json::error::Category::Eof => {
            "the file ends in the middle of a message (truncated?)".to_owned()
        }
        _ => format!("invalid JSON: {}", strip_position(e)),
    };
    Broken { line, message }
}

/// Only whitespace may follow the root value (`root`: "array", "object").
pub(crate) fn trailing(
    bytes: &[u8],
    end: usize,
    lines: &mut LineCounter,
    root: &str,
) -> Result<(), Broken> {
    let pos = skip_ws(bytes, end);
    if pos < bytes.len() {
        return Err(Broken::at(
            lines.line_at(bytes, pos),
            format!("text after the end of the JSON {root}; ignored"),
        ));
    }
    Ok(())
}

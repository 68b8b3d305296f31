//! Pieces shared by the formats that walk a JSON file by hand (Slack's day
//! files, Meta's message files): whitespace, the file's line of an offset,
//! and `serde_json`'s messages without their value-relative position.

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

//! Reading a log that grows from where the last read stopped
//! ([`Format::read_on`]): every line is a message or an event of its own,
//! so the continuation starts after the last complete line and carries
//! the date the lines before it had reached (from day-change lines and
//! rollovers at midnight) and the last time, for the next rollover.
//!
//! [`Format::read_on`]: super::super::Format::read_on

use std::sync::Arc;

use chrono::NaiveDate;

use super::super::{Builder, ParseContext, Parsed, ReadOn, Resume};
use super::{FORMAT, Reader, check_bytes, decode};
use crate::archive::encoding;

/// What a continuation of a log needs from the lines before it.
#[derive(Debug, Clone, Copy)]
struct Context {
    current: Option<NaiveDate>,
    last: Option<u32>,
    /// Whether any line before it was read as IRC (else the file's only
    /// error says it is not IRC at all).
    messages: usize,
}

/// See the module documentation.
pub(super) fn read_on(
    bytes: &[u8],
    from: Option<&Resume>,
    ctx: &ParseContext<'_>,
) -> Option<ReadOn> {
    let (skip, base, first_line, context) = match from {
        None => {
            let skip = encoding::utf8_boms(bytes);
            let rest = &bytes[skip..];
            // What a whole read refuses or reads as a whole (UTF-16) is
            // read whole.
            if rest.iter().all(u8::is_ascii_whitespace)
                || check_bytes(rest, true).is_some()
                || encoding::has_wide_bom(rest)
            {
                return None;
            }
            (skip, 0, 0, None)
        }
        Some(r) => (0, r.offset, r.line, Some(*r.state::<Context>()?)),
    };
    let rest = &bytes[skip..];
    if context.is_some() && encoding::has_wide_bom(rest) {
        return None;
    }
    let mut b = Builder::new(FORMAT, ctx);
    let text = decode(rest, ctx, &mut b);
    let mut reader = Reader::new(ctx);
    if let Some(c) = context {
        reader.calendar.current = c.current;
        reader.calendar.last = c.last;
        reader.messages = c.messages;
    }
    let line = reader.read_lines(&mut b, &text, first_line);
    reader.finish(&mut b);
    let context = Context {
        current: reader.calendar.current,
        last: reader.calendar.last,
        messages: reader.messages,
    };
    Some(ReadOn {
        done: b.finish(),
        last: Parsed::default(),
        resume: Resume {
            offset: base + bytes.len(),
            line,
            state: Arc::new(context),
        },
    })
}

//! Reading a log that grows from where the last read stopped
//! ([`Format::read_on`]): every line is a message or an event of its own,
//! so the continuation starts after the last complete line and carries
//! the date the lines before it had reached (from day-change lines and
//! rollovers at midnight) and the last time, for the next rollover.
//!
//! [`Format::read_on`]: super::super::Format::read_on

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::super::{Builder, ParseContext, Parsed, ReadOn, Resume};
use super::{
    Calendar, FORMAT, Lines, Reader, Troubles, check_bytes, codes, decode, has_separator, names,
    one_line,
};
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
    let file_name = ctx
        .path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name = names::chat_name(
        &file_name,
        &ctx.folder_name(),
        &ctx.folder.to_string_lossy(),
    );
    let mut reader = Reader {
        chat: None,
        name,
        calendar: Calendar::new(names::date_in(&file_name).map(|(d, _)| d)),
        zone: ctx.zone,
        troubles: Troubles::default(),
        styles: Vec::new(),
        codes: codes::has_codes(&text),
        speakers: HashMap::default(),
        messages: 0,
    };
    if let Some(c) = context {
        reader.calendar.current = c.current;
        reader.calendar.last = c.last;
        reader.messages = c.messages;
    }
    let mut line = first_line;
    let separators = has_separator(text.as_bytes());
    for (number, range) in Lines::new(text.as_bytes(), 0, first_line) {
        reader.line(&mut b, number, &one_line(&text[range], separators));
        line = number;
    }
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

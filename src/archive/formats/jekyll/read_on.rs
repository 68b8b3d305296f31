//! Reading a day file that grows from where the last read stopped
//! ([`Format::read_on`]): the continuation starts at a message header and
//! holds messages only; the day's date, from the front matter, the file's
//! name or the title, is what it carries from the file's start.
//!
//! [`Format::read_on`]: super::super::Format::read_on

use std::sync::Arc;

use chrono::NaiveDate;

use super::super::{ParseContext, ReadOn, Resume};
use super::{
    Lines, ParsedDay, check_bytes, check_day, header, into_parsed, is_day_named, parse_head,
    parse_messages,
};
use crate::model::{Diagnostic, Severity};

/// What a continuation of a day file needs: the day.
#[derive(Debug, Clone, Copy)]
struct Context {
    date: NaiveDate,
}

/// See the module documentation.
pub(super) fn read_on(
    bytes: &[u8],
    from: Option<&Resume>,
    ctx: &ParseContext<'_>,
) -> Option<ReadOn> {
    let path = ctx.path;
    let mut diagnostics = Vec::new();
    let mut diag = |line: u32, severity: Severity, msg: String| {
        diagnostics.push(Diagnostic::new(path, line, severity, msg));
    };
    // Text that is not UTF-8 is decoded as a whole (its encoding guessed
    // from all of it): such a file is read whole.
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let (mut day, skip, base, start, first_line) = match from {
        None => {
            let day_named = is_day_named(path);
            if check_bytes(bytes, day_named).is_some() {
                return None;
            }
            let skip = text.len() - crate::archive::encoding::skip_boms(text).len();
            let head = parse_head(path, &bytes[skip..], &mut diag);
            let day = ParsedDay {
                date: head.date,
                front_matter: head.front_matter,
                has_front_matter: head.has_front_matter,
                ..ParsedDay::default()
            };
            (day, skip, 0, head.body, head.body_line)
        }
        Some(resume) => {
            let context: &Context = resume.state()?;
            let day = ParsedDay {
                date: Some(context.date),
                ..ParsedDay::default()
            };
            (day, 0, resume.offset, 0, resume.line)
        }
    };
    let text = &text[skip..];
    // The last header: where the last message starts.
    let mut split = (text.len(), first_line);
    let mut lines = Lines::new(text.as_bytes(), start, first_line);
    let mut line_start = start;
    while let Some((number, range)) = lines.next() {
        if matches!(header(&text[range]), Some(super::Header::Message { .. })) {
            split = (line_start, number - 1);
        }
        line_start = lines.pos();
    }
    if split.0 == text.len() {
        split.1 = lines.number;
    }
    let (split, split_line) = split;
    let done_lines =
        Lines::new(&text.as_bytes()[..split], start, first_line).map(|(n, r)| (n, &text[r]));
    parse_messages(&mut day, done_lines, &mut diag);
    let mut last = ParsedDay {
        date: day.date,
        ..ParsedDay::default()
    };
    let last_lines = Lines::new(text.as_bytes(), split, split_line).map(|(n, r)| (n, &text[r]));
    parse_messages(&mut last, last_lines, &mut diag);
    if from.is_none() {
        let has_messages = !day.messages.is_empty() || !last.messages.is_empty();
        // A file that is not a day is refused as a whole read refuses it.
        check_day(
            day.date,
            day.has_front_matter,
            has_messages,
            is_day_named(path),
        )
        .is_none()
        .then_some(())?;
    }
    let date = day.date?;
    day.diagnostics = diagnostics;
    Some(ReadOn {
        done: into_parsed(day, ctx),
        last: into_parsed(last, ctx),
        resume: Resume {
            offset: base + skip + split,
            line: split_line,
            state: Arc::new(Context { date }),
        },
    })
}

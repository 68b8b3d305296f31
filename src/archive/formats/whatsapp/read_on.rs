//! Reading a chat file that grows from where the last read stopped
//! ([`Format::read_on`]). How a file is read depends on all of it: the
//! layout of most of its headers, and the order (day or month first) its
//! dates point to. The continuation carries that evidence as it stood
//! before the last message, adds the new headers' to it, and reads on
//! only when the decision stays the same; otherwise the file is read whole.
//!
//! [`Format::read_on`]: super::super::Format::read_on

use std::sync::Arc;

use super::super::{Builder, ParseContext, Parsed, ReadOn, Resume};
use super::header::Family;
use super::{Ctx, FORMAT, Survey, chat_name, dates, last_name, read_messages};

/// The evidence of the headers before the continuation, and what was
/// decided from the whole file when it was read.
#[derive(Clone, Default)]
struct Context {
    headers: [usize; 4],
    votes: [dates::OrderVotes; 4],
    first_seen: [u32; 4],
    decided: Option<(Family, dates::Order)>,
}

impl Context {
    /// The evidence with that of `found` (lines numbered after this one's).
    fn with<'a>(&self, found: impl Iterator<Item = &'a super::Found>) -> Context {
        let mut c = self.clone();
        for f in found {
            let i = f.header.family.index();
            if c.headers[i] == 0 {
                c.first_seen[i] = f.line;
            }
            c.headers[i] += 1;
            c.votes[i].add(&f.header.date);
        }
        c
    }

    /// The layout and the date order this evidence decides.
    fn decide(&self) -> Option<(Family, dates::Order)> {
        let survey = Survey {
            found: Vec::new(),
            headers: self.headers,
            votes: self.votes.clone(),
            first_seen: self.first_seen,
        };
        let family = survey.family()?;
        Some((family, self.votes[family.index()].decide()))
    }
}

/// See the module documentation.
pub(super) fn read_on(
    bytes: &[u8],
    from: Option<&Resume>,
    ctx: &ParseContext<'_>,
) -> Option<ReadOn> {
    // Text that is not UTF-8 is decoded as a whole: such a file is read whole.
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let (skip, base, first_line, before) = match from {
        None => {
            let skip = text.len() - text.strip_prefix('\u{feff}').unwrap_or(text).len();
            (skip, 0, 0, Context::default())
        }
        Some(r) => (0, r.offset, r.line, r.state::<Context>()?.clone()),
    };
    let text = &text[skip..];
    let mut survey = Survey::of(text);
    for f in &mut survey.found {
        f.line += first_line;
    }
    let decided = before.with(survey.found.iter()).decide()?;
    if before.decided.is_some_and(|d| d != decided) {
        return None;
    }
    let (family, order) = decided;
    let ours: Vec<&super::Found> = survey
        .found
        .iter()
        .filter(|f| f.header.family == family)
        .collect();
    // The last message starts at the last header with a possible date.
    let split = ours
        .iter()
        .rposition(|f| dates::resolve(&f.header.date, order).is_some())?;
    let at = ours[split];
    let name = chat_name(&last_name(ctx.path), &ctx.folder_name());
    let key = ctx.path.to_string_lossy();
    let read = |text: &str, found: &[&super::Found], first: bool| -> Parsed {
        let mut b = Builder::new(FORMAT, ctx);
        let chat = b.chat(&key, Some(&name));
        let c = Ctx {
            chat,
            ios: family == Family::Bracket,
            media: None,
        };
        read_messages(&mut b, &c, text, found.iter().copied(), order, first);
        let mut parsed = b.finish();
        parsed.diagnostics.sort_by_key(|d| d.line);
        parsed
    };
    let done = read(&text[..at.start], &ours[..split], from.is_none());
    let last = read(text, &ours[split..], false);
    let mut state = before.with(survey.found.iter().filter(|f| f.start < at.start));
    state.decided = Some(decided);
    Some(ReadOn {
        done,
        last,
        resume: Resume {
            offset: base + skip + at.start,
            line: at.line - 1,
            state: Arc::new(state),
        },
    })
}

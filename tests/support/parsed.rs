//! Invariants of any format's parser ([`Format::parse`]) on arbitrary
//! input: the pieces it returns are consistent and safe. Shared by the
//! property tests and the fuzz targets (included with `#[path]`); each
//! check panics with a message when an invariant fails.

#![allow(dead_code)]

use std::ops::Range;
use std::path::Path;

use daybook::archive::formats::{Format, ParseContext, Parsed};
use daybook::model::{Archive, Zone};
use daybook::text::{is_clean, sanitize_line};

/// C0 controls except `\n`, DEL, C1 controls, bidi embeddings, overrides
/// and isolates: never shown raw.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_safe(s: &str, what: &str) {
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| is_forbidden(c)) {
        panic!("{what}: forbidden {c:?} at byte {i} in {s:?}");
    }
}

fn assert_range(text: &str, r: Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: range {r:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: range {r:?} not on char boundaries"
    );
}

/// Lines of `bytes` as a text editor counts them (a last line without a
/// line break counts).
#[allow(clippy::naive_bytecount, reason = "the fuzz crate has no bytecount")]
pub fn lines_of(bytes: &[u8]) -> u32 {
    1 + bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

/// Parses `bytes` as the file `name` with `format` in `zone`, checks the
/// pieces, assembles them and checks the archive; returns the archive.
pub fn check_format(format: &dyn Format, name: &str, bytes: &[u8], zone: Zone) -> Archive {
    let path = Path::new(name);
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone,
    };
    let parsed = format.parse(bytes, &ctx);
    check_parsed(&parsed, lines_of(bytes));
    let archive = daybook::archive::from_parsed([parsed]);
    check_archive(&archive);
    archive
}

/// The pieces of one input are consistent and safe; every line named is
/// within the file's `lines`.
pub fn check_parsed(p: &Parsed, lines: u32) {
    for d in &p.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic at line {} of {lines}: {d}",
            d.line
        );
        assert_safe(&sanitize_line(&d.to_string()), "diagnostic");
    }
    for s in &p.speakers {
        assert_safe(s, "speaker");
        assert!(!s.contains('\n'), "speaker with a line break: {s:?}");
    }
    for c in &p.chats {
        if let Some(n) = &c.name {
            assert_safe(n, "chat name");
            assert!(!n.contains('\n'), "chat name with a line break: {n:?}");
        }
    }
    let mut seen = std::collections::HashSet::new();
    for day in &p.days {
        assert!((day.channel as usize) < p.chats.len(), "day of no chat");
        assert!(seen.insert((day.channel, day.date)), "a (chat, date) twice");
        for &s in &day.sources {
            assert!((s as usize) < p.files.len(), "source out of range");
        }
        for m in &day.messages {
            assert!(m.line <= lines, "message line {} of {lines}", m.line);
            assert!(m.speaker.index() < p.speakers.len(), "speaker out of range");
            assert!(usize::from(m.source) < day.sources.len());
        }
    }
}

/// An assembled archive is consistent and safe: bodies, spans, styles,
/// rare strings and replies in range, on char boundaries, sanitised.
pub fn check_archive(a: &Archive) {
    for (di, day) in a.days.iter().enumerate() {
        let mut last_end = 0;
        for (i, m) in day.messages.iter().enumerate() {
            let body = m.body.range();
            assert_range(&day.text, body.clone(), "body");
            assert!(body.start >= last_end, "message {i}: bodies overlap");
            last_end = body.end;
            let text = &day.text[body.clone()];
            assert_safe(text, "body");
            assert!(is_clean(text), "body not sanitised: {text:?}");
            let spans = m.spans.range();
            assert!(spans.end <= day.spans.len(), "spans out of range");
            for s in &day.spans[spans] {
                let r = s.range.range();
                assert_range(&day.text, r.clone(), "span");
                assert!(
                    r.start >= body.start && r.end <= body.end,
                    "span {r:?} outside body {body:?}"
                );
                assert_range(&day.text, s.target.range(), "span target");
                assert_safe(day.str(s.target), "span target");
            }
            for st in day.styles(i) {
                let r = st.range.range();
                assert_range(&day.text, r.clone(), "style");
                assert!(
                    r.start >= body.start && r.end <= body.end,
                    "style {r:?} outside body {body:?}"
                );
            }
            for at in day.attachments(i) {
                assert_range(&day.text, at.name.range(), "attachment name");
                assert_range(&day.text, at.target.range(), "attachment target");
                assert_safe(day.str(at.name), "attachment name");
                assert_safe(day.str(at.target), "attachment target");
            }
            for r in day.reactions(i) {
                assert_range(&day.text, r.emoji.range(), "reaction");
                assert_safe(day.str(r.emoji), "reaction");
            }
            if let Some(e) = day.extra(i) {
                for r in [e.id, e.reply_to, e.forwarded_from] {
                    assert_range(&day.text, r.range(), "rare string");
                    assert_safe(day.str(r), "rare string");
                }
                if let Some(r) = e.reply {
                    let (pd, pm) = a
                        .message_at(r)
                        .unwrap_or_else(|| panic!("day {di} message {i}: reply to nowhere"));
                    assert_eq!(pd.channel, day.channel, "a reply in another channel");
                    let _ = pm;
                }
            }
        }
        let extras = &day.rare.extras;
        assert!(
            extras.windows(2).all(|w| w[0].message < w[1].message),
            "extras not sorted by message"
        );
        assert!(
            extras
                .last()
                .is_none_or(|e| (e.message as usize) < day.messages.len()),
            "extra of no message"
        );
    }
    for c in &a.channels {
        assert_safe(&c.name, "channel name");
    }
}

//! Invariants of what the IRC parser returns, checked on arbitrary input.
//! Shared by the property tests (`tests/props_irc.rs`) and the fuzz target
//! (`fuzz/fuzz_targets/parse_irc.rs`), which include this file with
//! `#[path]`. Each function panics with a message when an invariant fails.

#![allow(dead_code)]

use std::ops::Range;
use std::path::Path;

use daybook::archive::formats::{ParseContext, Parsed, irc};
use daybook::model::{Flags, MessageKind, Zone};
use daybook::text::{is_clean, sanitize_line};

/// A character that must never reach a terminal from an archive: C0
/// controls except `\n`, DEL, C1 controls, bidi embeddings, overrides and
/// isolates.
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

/// The lines of `bytes` as the parser numbers them (`\n`, `\r\n` or a
/// lone `\r` end a line; a last line without an ending counts).
pub fn line_count(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        n += 1;
        match bytes[i..].iter().position(|&c| c == b'\n' || c == b'\r') {
            Some(j) if bytes[i + j] == b'\r' && bytes.get(i + j + 1) == Some(&b'\n') => i += j + 2,
            Some(j) => i += j + 1,
            None => break,
        }
    }
    n
}

/// Parses `bytes` as the log `name` (in the folder `logs`) and checks
/// what comes back; returns it.
pub fn check_irc(name: &str, bytes: &[u8]) -> Parsed {
    let path = Path::new("logs").join(name);
    let ctx = ParseContext {
        path: &path,
        folder: Path::new("logs"),
        zone: Zone::parse("+05:30").expect("a zone"),
    };
    let parsed = irc::FORMAT.parse(bytes, &ctx);
    check_parsed(bytes, &parsed);
    parsed
}

/// What the parser returned for `bytes` is consistent and safe: every
/// range of a day inside its text and on char boundaries, bodies one after
/// another in line order, spans and styles inside their body, rare data
/// found by its message, indexes in range, every string sanitised, no
/// mIRC code left, message and diagnostic lines inside the file.
pub fn check_parsed(bytes: &[u8], parsed: &Parsed) {
    let lines = line_count(bytes).max(1);
    assert!(parsed.chats.len() <= 1, "one log is at most one chat");
    for c in &parsed.chats {
        assert_eq!(c.app, "IRC");
        let name = c.name.as_deref().expect("an IRC chat is named");
        assert!(!name.is_empty(), "an empty chat name");
        assert_safe(name, "chat name");
        assert!(!name.contains('\n'), "chat name with a line break");
    }
    for (k, day) in parsed.days.iter().enumerate() {
        assert!(
            (day.channel as usize) < parsed.chats.len(),
            "day {k}: chat {} of {}",
            day.channel,
            parsed.chats.len()
        );
        assert!(!day.messages.is_empty(), "day {k} has no messages");
        for &s in &day.sources {
            assert!((s as usize) < parsed.files.len(), "day {k}: source {s}");
        }
        let text = &day.text;
        let mut last_end = 0;
        let mut last_line = 0;
        let mut speakers = std::collections::BTreeSet::new();
        for (i, m) in day.messages.iter().enumerate() {
            let body = m.body.range();
            assert_range(text, body.clone(), "body");
            assert!(body.start >= last_end, "message {i}: body overlaps");
            last_end = body.end;
            let b = &text[body.clone()];
            assert_safe(b, "body");
            assert!(is_clean(b), "body not sanitised: {b:?}");
            assert!(
                !b.contains(['\u{2}', '\u{3}', '\u{f}', '\u{1d}', '\u{1f}']),
                "a formatting code in {b:?}"
            );
            assert!(!b.contains('\n'), "an IRC body is one line: {b:?}");
            assert!(
                b.len() <= irc::MAX_LINE * 3,
                "message {i}: a body of {} bytes",
                b.len()
            );
            assert!(
                m.line >= 1 && m.line <= lines,
                "message {i}: line {} not in 1..={lines}",
                m.line
            );
            assert!(
                m.line > last_line,
                "message {i}: line {} after {last_line}",
                m.line
            );
            last_line = m.line;
            assert!(
                m.speaker.index() < parsed.speakers.len(),
                "message {i}: speaker out of range"
            );
            speakers.insert(m.speaker.index());
            if m.kind != MessageKind::System {
                assert!(
                    !parsed.speakers[m.speaker.index()].is_empty(),
                    "message {i}: a message or action without a speaker"
                );
            }
            assert!(
                usize::from(m.source) < day.sources.len(),
                "message {i}: source {}",
                m.source
            );
            let spans = m.spans.range();
            assert!(spans.end <= day.spans.len(), "message {i}: spans {spans:?}");
            for s in &day.spans[spans] {
                let r = s.range.range();
                assert_range(text, r.clone(), "span");
                assert!(
                    r.start >= body.start && r.end <= body.end,
                    "span {r:?} outside body {body:?}"
                );
                assert_range(text, s.target.range(), "span target");
            }
            let extra = day.extra(i);
            assert_eq!(
                extra.is_some(),
                m.flags.has(Flags::EXTRA),
                "message {i}: extra without its flag or the other way"
            );
            for s in day.styles(i) {
                let r = s.range.range();
                assert_range(text, r.clone(), "style");
                assert!(
                    r.start >= body.start && r.end <= body.end && r.start < r.end,
                    "style {r:?} outside body {body:?}"
                );
            }
            assert!(day.attachments(i).is_empty() && day.reactions(i).is_empty());
        }
        assert_eq!(
            day.speaker_count as usize,
            speakers.len(),
            "day {k}: speaker count"
        );
    }
    for s in &parsed.speakers {
        assert_safe(s, "speaker");
        assert!(!s.contains('\n'), "speaker with a line break: {s:?}");
        assert!(!s.contains(' '), "a nick with a space: {s:?}");
    }
    for d in &parsed.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic at line {} of {lines}: {d}",
            d.line
        );
        assert_safe(&sanitize_line(&d.to_string()), "diagnostic");
    }
    // Days of one chat and date appear once.
    let mut keys: Vec<_> = parsed.days.iter().map(|d| (d.channel, d.date)).collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "a (chat, date) twice");
}

//! Invariants of the parser, the wrapper, the sanitiser and the query
//! parser, checked on arbitrary input. Shared by the property tests
//! (`tests/props.rs`) and the fuzz targets (`fuzz/fuzz_targets/`), which
//! include this file with `#[path]`, so both hold the code to the same
//! rules. Each function panics with a message when an invariant fails.

#![allow(dead_code)]

use std::ops::Range;
use std::path::Path;

use daybook::archive::{ParsedDay, parse_day};
use daybook::model::Archive;
use daybook::query::{Matcher, parse};
use daybook::text::{is_clean, sanitize, sanitize_line, width, wrap};

/// A character that must never reach a terminal from an archive: C0
/// controls except `\n`, DEL, C1 controls, and bidi embeddings, overrides
/// and isolates.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `s` holds no forbidden character (see [`is_forbidden`]).
pub fn assert_safe(s: &str, what: &str) {
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

/// The number of lines [`parse_day`] numbers in `input` (a final line
/// without a line ending counts; `\r\n` is one ending).
pub fn line_count(input: &str) -> u32 {
    let b = input.as_bytes();
    let mut n = 0u32;
    let mut i = 0;
    while i < b.len() {
        n += 1;
        match memchr2(&b[i..]) {
            Some(j) if b[i + j] == b'\r' && b.get(i + j + 1) == Some(&b'\n') => i += j + 2,
            Some(j) => i += j + 1,
            None => break,
        }
    }
    n
}

fn memchr2(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n' || c == b'\r')
}

/// Parses `input` as the day file `name` and checks the result.
pub fn check_parse(name: &str, input: &str) -> ParsedDay {
    let day = parse_day(Path::new(name), input);
    check_parsed_day(input, &day);
    day
}

/// What [`parse_day`] returns for `input` is consistent and safe.
pub fn check_parsed_day(input: &str, day: &ParsedDay) {
    let lines = line_count(input);
    let mut last_end = 0;
    let mut last_line = 0;
    for (i, m) in day.messages.iter().enumerate() {
        let body = m.body.range();
        assert_range(&day.text, body.clone(), "body");
        assert!(
            body.start >= last_end,
            "message {i}: body {body:?} overlaps the one before"
        );
        last_end = body.end;
        let text = &day.text[body.clone()];
        assert_safe(text, "body");
        assert!(is_clean(text), "body not sanitised: {text:?}");
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
            m.speaker.index() < day.speakers.len(),
            "message {i}: speaker out of range"
        );
        let spans = m.spans.range();
        assert!(
            spans.start <= spans.end && spans.end <= day.spans.len(),
            "message {i}: spans {spans:?} of {}",
            day.spans.len()
        );
        for s in &day.spans[spans] {
            let r = s.range.range();
            assert_range(&day.text, r.clone(), "span");
            assert!(
                r.start >= body.start && r.end <= body.end,
                "span {r:?} outside body {body:?}"
            );
            let t = s.target.range();
            assert_range(&day.text, t.clone(), "span target");
            assert!(
                t.start >= r.start && t.end <= r.end,
                "span target {t:?} outside span {r:?}"
            );
        }
    }
    // Cards (shares, red packets, files): strings in bounds, outside the
    // bodies, sanitised, on one line; one extra per flagged message, sorted.
    let mut last_extra = None;
    for e in &day.rare.extras {
        let m = e.message as usize;
        assert!(
            m < day.messages.len(),
            "extra for message {m} of {}",
            day.messages.len()
        );
        assert!(
            last_extra < Some(m),
            "extras not sorted: {m} after {last_extra:?}"
        );
        last_extra = Some(m);
        assert!(
            day.messages[m].flags.has(daybook::model::Flags::EXTRA),
            "message {m} has an extra but not the flag"
        );
        let a = e.attachments.range();
        assert!(a.start <= a.end && a.end <= day.rare.attachments.len());
        for att in &day.rare.attachments[a] {
            for (r, what) in [
                (att.name.range(), "attachment name"),
                (att.target.range(), "attachment target"),
            ] {
                assert_range(&day.text, r.clone(), what);
                let t = &day.text[r.clone()];
                assert_safe(t, what);
                assert!(!t.contains('\n'), "{what} with a line break: {t:?}");
                let body = day.messages[m].body.range();
                assert!(
                    r.start >= body.end || r.is_empty(),
                    "{what} {r:?} inside the body {body:?}"
                );
            }
        }
    }
    let flagged = day
        .messages
        .iter()
        .filter(|m| m.flags.has(daybook::model::Flags::EXTRA))
        .count();
    assert_eq!(flagged, day.rare.extras.len(), "flags and extras disagree");
    for s in &day.speakers {
        assert_safe(s, "speaker");
        assert!(!s.contains('\n'), "speaker with a line break: {s:?}");
    }
    for d in &day.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines.max(1),
            "diagnostic at line {} of {lines}: {d}",
            d.line
        );
        assert_safe(&sanitize_line(&d.to_string()), "diagnostic");
    }
    let fm = &day.front_matter;
    for s in fm
        .title
        .iter()
        .chain(&fm.author)
        .chain(&fm.date)
        .chain(&fm.tags)
    {
        assert_safe(s, "front matter");
    }
}

/// What [`wrap`] returns for `text` at `width` keeps its documented rules.
pub fn check_wrap(text: &str, width_: usize) {
    let lines = wrap(text, width_);
    let w = width_.max(1);
    let hard_lines = text.matches('\n').count() + 1;
    assert!(
        lines.len() >= hard_lines,
        "{} lines for {hard_lines} hard lines",
        lines.len()
    );
    // Cell boundaries: grapheme clusters, a cluster wider than two columns
    // cut into cells of at most two.
    let boundaries: std::collections::HashSet<usize> = daybook::text::cells(text)
        .map(|(i, _, _)| i)
        .chain([text.len()])
        .collect();
    let mut pos = 0;
    for r in &lines {
        assert_range(text, r.clone(), "wrapped line");
        assert!(
            r.start >= pos,
            "line {r:?} starts before the end {pos} of the one before"
        );
        // Only line breaks and the spaces of soft breaks lie between lines.
        let gap = &text[pos..r.start];
        assert!(
            gap.chars()
                .all(|c| c == '\n' || c == ' ' || c == '\u{3000}'),
            "text lost between lines: {gap:?}"
        );
        let line = &text[r.clone()];
        assert!(!line.contains('\n'), "a line holds a line break: {line:?}");
        // A cell is never split (a `\r\n` cluster is split at its `\n`).
        for end in [r.start, r.end] {
            assert!(
                boundaries.contains(&end) || text[..end].ends_with('\r'),
                "line {r:?} splits a cell of {text:?}"
            );
        }
        let cols = width(line);
        assert!(
            cols <= w || daybook::text::cells(line).filter(|c| c.2 > 0).count() == 1,
            "line {line:?} is {cols} columns wide, more than {w}"
        );
        assert!(
            daybook::text::cells(line).all(|c| c.2 <= 2),
            "a cell of {line:?} is wider than two columns"
        );
        pos = r.end;
    }
    let tail = &text[pos..];
    assert!(
        tail.chars()
            .all(|c| c == '\n' || c == ' ' || c == '\u{3000}'),
        "text lost after the last line: {tail:?}"
    );
}

/// The sanitiser's rules: no forbidden character out, no line break out of
/// `sanitize_line`, and both idempotent.
pub fn check_sanitize(s: &str) {
    let once = sanitize(s);
    assert_safe(&once, "sanitize");
    assert!(is_clean(&once), "sanitize output not clean: {once:?}");
    let twice = sanitize(&once);
    assert!(
        matches!(twice, std::borrow::Cow::Borrowed(_)),
        "sanitize changed its own output"
    );
    assert_eq!(twice, once, "sanitize is not idempotent");
    if is_clean(s) {
        assert_eq!(once, s, "is_clean text was changed");
    }
    let line = sanitize_line(s);
    assert_safe(&line, "sanitize_line");
    assert!(!line.contains('\n'), "sanitize_line kept a line break");
    assert!(
        !line.contains(['\u{85}', '\u{2028}', '\u{2029}']),
        "sanitize_line kept a line separator"
    );
    assert_eq!(sanitize_line(&line), line, "sanitize_line not idempotent");
}

/// The query parser: an error's span lies within the input on char
/// boundaries and renders; a query prints in a form that parses back to
/// itself; and when `archive` is given, matching and highlighting every
/// message gives ranges inside the body on char boundaries.
pub fn check_query(input: &str, archive: Option<&Archive>) {
    match parse(input) {
        Err(e) => {
            assert_range(input, e.span.clone(), "error span");
            let shown = e.render(input);
            assert!(!e.message.is_empty(), "an error without a message");
            assert_eq!(shown.lines().count(), 2, "render: {shown:?}");
        }
        Ok(q) => {
            let printed = q.to_string();
            match parse(&printed) {
                Ok(again) => assert_eq!(again, q, "{input:?} printed as {printed:?}"),
                Err(e) => panic!("{input:?} printed as {printed:?}, which fails: {e}"),
            }
            if let Some(archive) = archive {
                let matcher = Matcher::new(&q, archive);
                let mut ranges = Vec::new();
                for day in &archive.days {
                    for m in &day.messages {
                        ranges.clear();
                        let hit = matcher.highlights(day, m, &mut ranges);
                        assert_eq!(hit, matcher.matches(day, m), "highlights vs matches");
                        let body = day.body(m);
                        for r in &ranges {
                            assert_range(body, r.clone(), "highlight");
                        }
                    }
                }
            }
        }
    }
}

/// What any format's parser returns ([`daybook::archive::formats::Parsed`])
/// is consistent and safe: every range of a day (bodies, spans, styles and
/// the strings of rare data) lies in its text on char boundaries; bodies do
/// not overlap, spans and styles lie in their body (a span's target may lie
/// outside it, in the rare strings); indexes are in range; every string is
/// sanitised; diagnostics name a line from 1 to `lines`.
pub fn check_parsed(parsed: &daybook::archive::formats::Parsed, lines: u32) {
    use daybook::model::Flags;
    for (di, day) in parsed.days.iter().enumerate() {
        let text = &day.text;
        assert!(
            (day.channel as usize) < parsed.chats.len(),
            "day {di}: channel out of range"
        );
        for &s in &day.sources {
            assert!(
                (s as usize) < parsed.files.len(),
                "day {di}: source out of range"
            );
        }
        let mut last_end = 0;
        for (i, m) in day.messages.iter().enumerate() {
            let body = m.body.range();
            assert_range(text, body.clone(), "body");
            assert!(
                body.start >= last_end,
                "message {i}: body overlaps the one before"
            );
            last_end = body.end;
            let b = &text[body.clone()];
            assert_safe(b, "body");
            assert!(is_clean(b), "body not sanitised: {b:?}");
            assert!(
                m.speaker.index() < parsed.speakers.len(),
                "speaker out of range"
            );
            assert!(
                usize::from(m.source) < day.sources.len(),
                "message {i}: source out of range"
            );
            let spans = m.spans.range();
            assert!(
                spans.end <= day.spans.len(),
                "message {i}: spans out of range"
            );
            for s in &day.spans[spans] {
                let r = s.range.range();
                assert_range(text, r.clone(), "span");
                assert!(
                    r.start >= body.start && r.end <= body.end,
                    "span outside its body"
                );
                assert_range(text, s.target.range(), "span target");
                assert_safe(&text[s.target.range()], "span target");
            }
            if let Some(e) = day.extra(i) {
                for r in [e.id, e.reply_to, e.forwarded_from] {
                    assert_range(text, r.range(), "rare string");
                    assert_safe(&text[r.range()], "rare string");
                    assert!(
                        !text[r.range()].contains('\n'),
                        "a rare string with a line break"
                    );
                }
                for s in day.styles(i) {
                    let r = s.range.range();
                    assert_range(text, r.clone(), "style");
                    assert!(
                        r.start >= body.start && r.end <= body.end,
                        "style outside its body"
                    );
                }
                for a in day.attachments(i) {
                    for r in [a.name, a.target] {
                        assert_range(text, r.range(), "attachment");
                        assert_safe(&text[r.range()], "attachment");
                    }
                }
                for x in day.reactions(i) {
                    assert_range(text, x.emoji.range(), "reaction");
                }
            } else {
                assert!(
                    !m.flags.has(Flags::EXTRA),
                    "message {i}: EXTRA without an entry"
                );
            }
        }
    }
    for s in &parsed.speakers {
        assert_safe(s, "speaker");
        assert!(!s.contains('\n'), "speaker with a line break: {s:?}");
    }
    for c in &parsed.chats {
        if let Some(n) = &c.name {
            assert_safe(n, "chat name");
        }
    }
    for d in &parsed.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines.max(1),
            "diagnostic at line {} of {lines}: {d}",
            d.line
        );
        assert_safe(&sanitize_line(&d.to_string()), "diagnostic");
    }
}

/// A folder held in memory, for folder formats.
pub struct MemFolder {
    names: Vec<String>,
    bytes: Vec<Vec<u8>>,
}

impl MemFolder {
    /// A folder of `(relative path, bytes)` members.
    pub fn new(mut members: Vec<(String, Vec<u8>)>) -> Self {
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let (names, bytes) = members.into_iter().unzip();
        MemFolder { names, bytes }
    }
}

impl daybook::archive::formats::Folder for MemFolder {
    fn files(&self) -> &[String] {
        &self.names
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        self.names
            .iter()
            .position(|r| r == rel)
            .map(|i| self.bytes[i].clone())
            .ok_or_else(|| format!("{rel}: no such member"))
    }

    fn path_of(&self, rel: &str) -> std::path::PathBuf {
        Path::new("export").join(rel)
    }
}

/// [`check_parsed`] for a format that reads lines (WhatsApp, the IRC
/// logs): on `input`, the text it read, every message also starts on a line
/// of the file, and each day's speaker count, rare data and the strings of
/// attachments and chat names are as the model promises.
pub fn check_parsed_lines(input: &str, parsed: &daybook::archive::formats::Parsed) {
    let lines = line_count(input).max(1);
    check_parsed(parsed, lines);
    for (k, day) in parsed.days.iter().enumerate() {
        let mut speakers = std::collections::BTreeSet::new();
        for (i, m) in day.messages.iter().enumerate() {
            assert!(
                m.line >= 1 && m.line <= lines,
                "message {i}: line {} not in 1..={lines}",
                m.line
            );
            speakers.insert(m.speaker.index());
            for a in day.attachments(i) {
                for r in [a.name, a.target] {
                    assert!(
                        !day.text[r.range()].contains('\n'),
                        "attachment string with a line break"
                    );
                }
            }
        }
        assert_eq!(
            day.speaker_count as usize,
            speakers.len(),
            "day {k}: speaker count"
        );
        let extras: Vec<u32> = day.rare.extras.iter().map(|e| e.message).collect();
        assert!(
            extras.windows(2).all(|w| w[0] < w[1]),
            "day {k}: extras not sorted"
        );
    }
    for c in &parsed.chats {
        if let Some(name) = &c.name {
            assert!(!name.contains('\n'), "chat name with a line break");
        }
    }
}

//! IRC against real logs: the samples in `../shared/formats/irc` (beside
//! the checkout, or under `$DAYBOOK_SHARED`), which are not part of the
//! project. Each loads with as many messages, system messages and speakers
//! as simple regular expressions over its lines count, and with no
//! diagnostic but the notes that its non-UTF-8 lines were read as cp1252;
//! and no file of the other formats' samples, nor of the reference corpus,
//! is taken for an IRC log. Each test prints why it skipped when the
//! folder is absent.

#[path = "support/files.rs"]
mod files;
use std::collections::BTreeSet;
use std::path::PathBuf;

use daybook::archive::formats::{self, PROBE_BYTES, Probe};
use daybook::archive::load;
use daybook::model::MessageKind;
use regex::Regex;

#[path = "support/shared.rs"]
mod shared;
use files::files_under;
use shared::shared;

/// What the regular expressions count in one log.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    messages: usize,
    system: usize,
    speakers: BTreeSet<String>,
}

/// Counts a log's lines the simple way: every line that starts with a
/// time is a message; those that are joins, quits, nick changes and the
/// like (by a pattern of each client's words) are system messages, and
/// the nick in each (or none for the client's own lines) is a speaker.
fn count(text: &str) -> Counts {
    let time = Regex::new(
        r"^(?:\[\d\d:\d\d(?::\d\d)?\] |\[\d{4}-\d\d-\d\dT[^\]]+\] |\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d  |\[\d\d? [A-Z][a-z]{2} \d\d:\d\d\] )(.*)$",
    )
    .unwrap();
    let nick = r"[@+%~&]*([^\s!>]+)";
    let said = Regex::new(&format!(r"^<{nick}[^>]*>")).unwrap();
    let notice = Regex::new(r"^-([^\s-][^\s]*?)- ").unwrap();
    let action = Regex::new(r"^(?:\* |\x{2022} )([^\s:]+)").unwrap();
    let system = [
        Regex::new(r"^\*\*\* (?:Joins|Parts|Quits):? (\S+)").unwrap(),
        Regex::new(r"^\*\*\* (\S+) (?:is now known as|has joined|has quit|has left)").unwrap(),
        Regex::new(r"^--> (\S+) ").unwrap(),
        Regex::new(r"^(\S+) (?:\(\S+\) )?(?:joined the channel|left IRC|is now known as|sets mode|changed the topic|kicked)").unwrap(),
    ];
    let own = Regex::new(r"^\*\*\* You ").unwrap();
    let mut c = Counts::default();
    for line in text.lines() {
        let Some(m) = time.captures(line) else {
            continue;
        };
        let rest = m.get(1).unwrap().as_str();
        c.messages += 1;
        if let Some(s) = system.iter().find_map(|re| re.captures(rest)) {
            c.system += 1;
            c.speakers.insert(s[1].to_owned());
        } else if own.is_match(rest) {
            c.system += 1;
            c.speakers.insert(String::new());
        } else if let Some(s) = said
            .captures(rest)
            .or_else(|| notice.captures(rest))
            .or_else(|| action.captures(rest))
        {
            c.speakers.insert(s[1].to_owned());
        } else {
            panic!("a line the test does not know: {line:?}");
        }
    }
    c
}

#[test]
fn every_real_log_loads_with_the_counts_its_lines_give() {
    let Some(dir) = shared(
        "formats/irc",
        "every_real_log_loads_with_the_counts_its_lines_give",
    ) else {
        return;
    };
    let files = files_under(&dir);
    assert_eq!(files.len(), 7, "{files:?}");
    let mut total = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let want = count(&String::from_utf8_lossy(&bytes));
        let archive = load(std::slice::from_ref(&path)).expect("load");
        let mut got = Counts::default();
        for d in &archive.days {
            for m in &d.messages {
                got.messages += 1;
                got.system += usize::from(m.kind == MessageKind::System);
                got.speakers
                    .insert(archive.speakers.name(m.speaker).to_owned());
            }
        }
        assert_eq!(got, want, "{name}");
        assert!(want.messages > 0, "{name}");
        for f in &archive.files {
            assert_eq!(f.format, "irc", "{name}");
        }
        // No diagnostic, but the note that a line not in UTF-8 was read
        // as cp1252, on each line that is not UTF-8.
        let not_utf8: Vec<u32> = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, l)| std::str::from_utf8(l).is_err())
            .map(|(i, _)| i as u32 + 1)
            .collect();
        let diags: Vec<String> = archive
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}: {}", d.line, d.severity, d.message))
            .collect();
        let expected: Vec<String> = not_utf8
            .first()
            .map(|l| {
                format!(
                    "{l}: note: this line is not UTF-8: read as cp1252 (Windows-1252); the rest of the file is UTF-8"
                )
            })
            .into_iter()
            .collect();
        assert_eq!(diags, expected, "{name}");
        eprintln!(
            "{name}: {} messages ({} system), {} speakers",
            want.messages,
            want.system,
            want.speakers.len()
        );
        total += want.messages;
    }
    assert_eq!(total, 235);
}

#[test]
fn no_other_sample_nor_the_reference_corpus_is_taken_for_irc() {
    let Some(formats_dir) = shared(
        "formats",
        "no_other_sample_nor_the_reference_corpus_is_taken_for_irc",
    ) else {
        return;
    };
    let mut checked = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&formats_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("irc"))
        .collect();
    dirs.extend(shared("corpus", "the corpus part"));
    for dir in dirs {
        for path in files_under(&dir) {
            let bytes = std::fs::read(&path).unwrap();
            let head = &bytes[..bytes.len().min(PROBE_BYTES)];
            let found = formats::detect(&Probe::new(&path, head), None).map(|(f, _)| f.name());
            assert_ne!(found, Some("irc"), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} files");
    // And every IRC sample is IRC by its content.
    let irc = formats_dir.join("irc");
    for path in files_under(&irc) {
        let bytes = std::fs::read(&path).unwrap();
        let head = &bytes[..bytes.len().min(PROBE_BYTES)];
        let found = formats::detect(&Probe::new(&path, head), None).map(|(f, _)| f.name());
        assert_eq!(found, Some("irc"), "{}", path.display());
    }
}

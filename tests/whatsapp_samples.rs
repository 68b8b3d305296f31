//! WhatsApp against real exports: the samples in `../shared/formats/whatsapp`
//! (beside the checkout, or under `$DAYBOOK_SHARED`), which are not part of
//! the project. Each loads with as many messages and speakers as a simple
//! regular expression over its lines counts, and no diagnostic; and no file
//! of the other formats' samples, nor of the reference corpus, is taken for
//! a WhatsApp chat. Each test prints why it skipped when the folder is absent.

#[path = "support/files.rs"]
mod files;
use std::collections::BTreeSet;
use std::io::Write;

use daybook::archive::formats::{self, PROBE_BYTES, Probe};
use daybook::archive::load;
use regex::Regex;

#[path = "support/shared.rs"]
mod shared;
use files::files_under;
use shared::shared;

/// A header line, as its own regular expression: marks, an optional `[`,
/// three numbers of any digits with `/`, `.` or `-` (marks after each, an
/// era), `,` `،` or a space, a time with an optional day-half, then `] `
/// or ` - `.
fn header_regex() -> Regex {
    Regex::new(
        r"^[\x{200e}\x{200f}]*\[?\d{1,4}\x{200f}?[./-] ?\d{1,2}\x{200f}?[./-] ?R?\d{2,4}(?: BE)?[,\x{60c}]? (?:\p{L}{1,4}\.? )?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \x{a0}\x{202f}]?(?:[AaPp]\.? ?[Mm]\.?|\x{645}|\x{635}))?(?:\] | - |\]$)",
    )
    .unwrap()
}

/// The sender's name after a header: up to the first `: ` (or a `:` that
/// ends the line, or is followed by a mark), with no quote before it;
/// marks gone, U+00A0 as a space, without a leading `~`. Empty for a
/// system line.
fn sender(rest: &str) -> String {
    let name = Regex::new(r#"^([^:"]+?):(?: |$|[\x{200e}\x{200f}])"#).unwrap();
    let Some(c) = name.captures(rest) else {
        return String::new();
    };
    let marks = Regex::new(r"[\x{200e}\x{200f}\x{202a}-\x{202e}]").unwrap();
    let cleaned = marks
        .replace_all(&c[1], "")
        .replace(['\u{a0}', '\u{202f}'], " ");
    let cleaned = cleaned.trim();
    cleaned
        .strip_prefix('~')
        .map_or(cleaned, str::trim_start)
        .to_owned()
}

#[test]
fn every_sample_loads_with_the_counts_a_regex_finds() {
    let test = "every_sample_loads_with_the_counts_a_regex_finds";
    let Some(dir) = shared("formats/whatsapp", test) else {
        return;
    };
    let header = header_regex();
    let files = files_under(&dir);
    assert_eq!(files.len(), 17, "{files:?}");
    let mut report = String::new();
    for path in &files {
        let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let mut messages = 0;
        let mut speakers = BTreeSet::new();
        for line in text.lines() {
            if let Some(m) = header.find(line) {
                messages += 1;
                speakers.insert(sender(&line[m.end()..]));
            }
        }
        let a = load(std::slice::from_ref(path)).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(a.diagnostics.is_empty(), "{name}: {:#?}", a.diagnostics);
        assert_eq!(a.files.len(), 1);
        assert_eq!(a.files[0].format, "whatsapp", "{name}");
        assert_eq!(a.channels.len(), 1, "{name}");
        assert_eq!(a.message_count(), messages, "{name}: messages");
        let loaded: BTreeSet<String> = a
            .days
            .iter()
            .flat_map(|d| {
                d.messages
                    .iter()
                    .map(|m| a.speakers.name(m.speaker).to_owned())
            })
            .collect();
        assert_eq!(loaded, speakers, "{name}: speakers");
        report.push_str(&format!(
            "{name}: {messages} messages, {} speakers, {} days\n",
            speakers.len(),
            a.days.len()
        ));
    }
    let _ = write!(std::io::stderr(), "{report}");
}

#[test]
fn no_other_sample_nor_the_corpus_is_taken_for_whatsapp() {
    let test = "no_other_sample_nor_the_corpus_is_taken_for_whatsapp";
    let mut checked = 0;
    for sub in ["formats", "corpus"] {
        let Some(dir) = shared(sub, test) else {
            continue;
        };
        for path in files_under(&dir) {
            if path.starts_with(dir.join("whatsapp")) {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let head = &bytes[..bytes.len().min(PROBE_BYTES)];
            let probe = Probe::new(&path, head);
            assert_eq!(
                formats::whatsapp::FORMAT.detect(&probe),
                None,
                "{}",
                path.display()
            );
            checked += 1;
        }
    }
    if checked > 0 {
        assert!(checked > 50, "{checked}");
    }
}

#[test]
fn all_samples_in_one_archive_are_seventeen_whatsapp_chats() {
    let test = "all_samples_in_one_archive_are_seventeen_whatsapp_chats";
    let Some(dir) = shared("formats", test) else {
        return;
    };
    let a = load(std::slice::from_ref(&dir)).unwrap();
    let whatsapp: Vec<_> = a.channels.iter().filter(|c| c.app == "WhatsApp").collect();
    assert_eq!(whatsapp.len(), 17);
    assert!(
        whatsapp
            .iter()
            .all(|c| c.path.starts_with(dir.join("whatsapp")))
    );
    let bad: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with(dir.join("whatsapp")))
        .map(ToString::to_string)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

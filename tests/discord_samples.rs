//! The real `DiscordChatExporter` samples in `../shared/formats/discord`
//! (third-party files, read in place, never copied into the project): each
//! loads with the message, speaker and day counts a plain `serde_json`
//! walk here derives, and with no diagnostic but the one the data calls
//! for. No Discord parser is called to derive them. Nothing else under
//! `../shared/formats` or `../shared/corpus` is taken for Discord. Skipped,
//! saying so, when the folder is absent (`DAYBOOK_SHARED` names another
//! place for `../shared`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use daybook::archive::{Options, Progress, load_with_options};
use daybook::model::{Severity, Zone};

#[path = "support/shared.rs"]
mod shared;
use shared::shared;

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn s(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or("").to_owned()
}

/// What a sample holds, by a plain walk: messages (a message repeated
/// whole under its id counted once), the repeats, speakers (nickname,
/// else name) and UTC dates.
struct Expected {
    messages: usize,
    repeats: usize,
    speakers: BTreeSet<String>,
    dates: BTreeSet<String>,
}

fn expected(path: &Path) -> Expected {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let messages = v["messages"].as_array().unwrap();
    let mut distinct = BTreeSet::new();
    let mut speakers = BTreeSet::new();
    let mut dates = BTreeSet::new();
    for m in messages {
        let a = &m["author"];
        distinct.insert((
            s(&m["id"]),
            s(&m["timestamp"]),
            s(&a["id"]),
            s(&a["name"]),
            s(&m["content"]),
        ));
        let nick = s(&a["nickname"]);
        speakers.insert(if nick.trim().is_empty() {
            s(&a["name"])
        } else {
            nick
        });
        let t = chrono::DateTime::parse_from_rfc3339(&s(&m["timestamp"])).unwrap();
        dates.insert(t.with_timezone(&chrono::Utc).date_naive().to_string());
    }
    Expected {
        messages: distinct.len(),
        repeats: messages.len() - distinct.len(),
        speakers,
        dates,
    }
}

#[test]
fn every_sample_loads_with_the_counts_a_plain_walk_gives() {
    let Some(dir) = shared(
        "formats/discord",
        "every_sample_loads_with_the_counts_a_plain_walk_gives",
    ) else {
        return;
    };
    let files = json_files(&dir);
    assert!(files.len() >= 4, "the samples: {files:?}");
    let options = Options {
        zone: Zone::parse("UTC").unwrap(),
        format: None,
    };
    let mut all_speakers = BTreeSet::new();
    let mut total = 0;
    for f in &files {
        let want = expected(f);
        let a = load_with_options(std::slice::from_ref(f), &options, &Progress::default())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f.display();
        assert_eq!(a.files.len(), 1, "{name}");
        assert_eq!(a.files[0].format, "discord", "{name}");
        assert_eq!(a.channels.len(), 1, "{name}");
        assert_eq!(a.channels[0].app, "Discord", "{name}");
        assert_eq!(a.message_count(), want.messages, "{name}: messages");
        let speakers: BTreeSet<String> = a
            .speakers
            .iter()
            .filter(|(_, s)| s.messages > 0)
            .map(|(_, s)| s.name.to_string())
            .collect();
        assert_eq!(speakers, want.speakers, "{name}: speakers");
        let dates: BTreeSet<String> = a.days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, want.dates, "{name}: days");
        // The only diagnostic the samples call for: a message given twice.
        let diags: Vec<String> = a.diagnostics.iter().map(ToString::to_string).collect();
        if want.repeats == 0 {
            assert!(diags.is_empty(), "{name}: {diags:#?}");
        } else {
            assert_eq!(diags.len(), 1, "{name}: {diags:#?}");
            assert_eq!(a.diagnostics[0].severity, Severity::Note);
            assert!(
                diags[0].contains(&format!(
                    "{} the same as one read before under the same id",
                    if want.repeats == 1 {
                        "1 message is"
                    } else {
                        "messages are"
                    }
                )),
                "{}",
                diags[0]
            );
        }
        all_speakers.extend(speakers);
        total += want.messages;
    }
    // All together: one archive, each export a channel, the same counts.
    let a = load_with_options(std::slice::from_ref(&dir), &options, &Progress::default()).unwrap();
    assert_eq!(a.message_count(), total);
    assert_eq!(a.channels.len(), files.len());
    let speakers: BTreeSet<String> = a.speakers.iter().map(|(_, s)| s.name.to_string()).collect();
    assert_eq!(speakers, all_speakers);
    eprintln!(
        "discord samples: {} files, {total} messages, {} speakers",
        files.len(),
        all_speakers.len()
    );
}

#[test]
fn nothing_else_is_taken_for_discord() {
    let mut checked = 0;
    for sub in ["formats", "corpus"] {
        let Some(dir) = shared(sub, "nothing_else_is_taken_for_discord") else {
            continue;
        };
        let options = Options::default();
        let a =
            load_with_options(std::slice::from_ref(&dir), &options, &Progress::default()).unwrap();
        let mut by_format: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &a.files {
            checked += 1;
            let in_discord = f.path.starts_with(dir.join("discord"));
            assert_eq!(
                f.format == "discord",
                in_discord && f.path.extension().is_some_and(|e| e == "json"),
                "{} read as {}",
                f.path.display(),
                f.format
            );
            *by_format.entry(f.format).or_default() += 1;
        }
        eprintln!("{sub}: files by format {by_format:?}");
    }
    if checked > 0 {
        assert!(checked > 40, "{checked} files");
    }
}

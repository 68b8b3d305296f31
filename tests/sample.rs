//! The bundled sample (`seeds/`) and the generator's vocabulary: the
//! reference day is kept byte for byte, the synthetic days around it are
//! what the project's own generator writes, and no speaker of a synthetic
//! day, nor any name the generator makes speakers from, is a real person's
//! name, so that no real person is shown saying generated words.
//!
//! Against the reference day always; against the real-world sample in
//! `../shared/corpus` (or `$DAYBOOK_SHARED/corpus`) too where it is present
//! (it is not part of the project: the test says so and skips that part
//! when it is absent).

#[path = "support/files.rs"]
mod files;
use files::files_under;
#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "support/shared.rs"]
mod shared;

use std::collections::BTreeSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const REFERENCE: &str = "2018-01-22-chat.markdown";

/// The synthetic days and how they were made (see `examples/gen_archive.rs`).
const SEED_DATES: &[&str] = &[
    "2018-01-10",
    "2018-01-11",
    "2018-01-12",
    "2018-01-15",
    "2018-01-16",
    "2018-01-17",
    "2018-01-18",
    "2018-01-19",
    "2018-01-23",
    "2018-01-24",
    "2018-01-25",
    "2018-01-29",
    "2018-02-01",
    "2018-02-02",
];

fn seed_config() -> generator::GenConfig {
    let dates: Vec<chrono::NaiveDate> = SEED_DATES
        .iter()
        .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
        .collect();
    generator::GenConfig {
        days: dates.len(),
        msgs_per_day: 36,
        speakers: 40,
        seed: 2018,
        dates,
        ..generator::GenConfig::default()
    }
}

/// FNV-1a of `bytes`.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The speakers of a day file, from its header lines.
fn speakers(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let b = l.as_bytes();
            (b.len() >= 10 && l.starts_with("> ") && b[4] == b':' && b[7] == b':')
                .then(|| l[10..].trim().to_string())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The person in a name such as `胡桥-资邦金服-产品`: the part before the
/// first separator, lowercased.
fn person(name: &str) -> String {
    name.trim()
        .split(|c: char| c == '-' || c == '－' || c == '_' || c == '|' || c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

fn seed_text(name: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join("seeds").join(name)).expect("a seed file")
}

/// Every speaker of the synthetic days.
fn synthetic_speakers() -> BTreeSet<String> {
    SEED_DATES
        .iter()
        .flat_map(|d| speakers(&seed_text(&format!("{d}-chat.markdown"))))
        .collect()
}

/// The nicknames and handles the generator makes a speaker's person from
/// (besides pinyin syllables and Chinese names built a character at a
/// time, which are common words, not anyone's).
fn generator_names() -> Vec<&'static str> {
    use generator::vocab::{EN_NAMES, NICK_CJK};
    NICK_CJK
        .split_whitespace()
        .chain(EN_NAMES.split_whitespace())
        .collect()
}

/// Checks the synthetic speakers and the generator's names against `real`
/// speakers; `source` names where they come from.
fn assert_not_real(real: &BTreeSet<String>, source: &str) {
    let persons: BTreeSet<String> = real
        .iter()
        .map(|n| person(n))
        .filter(|p| !p.is_empty())
        .collect();
    for name in synthetic_speakers() {
        assert!(!real.contains(&name), "{name:?} speaks in {source}");
        assert!(
            !persons.contains(&person(&name)),
            "{name:?} is the person {:?} of {source}",
            person(&name)
        );
    }
    let lowered: Vec<String> = real.iter().map(|n| n.to_lowercase()).collect();
    for word in generator_names() {
        let w = word.to_lowercase();
        assert!(
            !persons.contains(&w),
            "the generator's {word:?} is a speaker of {source}"
        );
        assert!(
            !lowered.iter().any(|n| n.contains(&w)),
            "the generator's {word:?} is part of a speaker's name in {source}"
        );
    }
    for org in generator::vocab::ORGS.split_whitespace() {
        assert!(
            !lowered.iter().any(|n| n.contains(org)),
            "the generator's organisation {org:?} is in a speaker's name in {source}"
        );
    }
}

#[test]
fn the_reference_day_is_kept_byte_for_byte() {
    let bytes = std::fs::read(Path::new(ROOT).join("seeds").join(REFERENCE)).unwrap();
    assert_eq!(bytes.len(), 16_796);
    assert_eq!(fnv(&bytes), REFERENCE_FNV, "seeds/{REFERENCE} changed");
}

/// FNV-1a of seeds/2018-01-22-chat.markdown as exported.
const REFERENCE_FNV: u64 = 0x61b5_a0ec_7cc2_68ff;

#[test]
fn the_synthetic_days_are_what_the_generator_writes() {
    let generator = generator::Generator::new(&seed_config());
    for (i, date) in SEED_DATES.iter().enumerate() {
        let (name, text) = generator.day_file(i);
        assert_eq!(name, format!("{date}-chat.markdown"));
        assert!(
            seed_text(&name) == text,
            "seeds/{name} is not what `cargo run --example gen_archive` writes (see its documentation)"
        );
    }
    let files: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), SEED_DATES.len() + 1, "{files:?}");
}

#[test]
fn no_synthetic_speaker_is_a_speaker_of_the_reference_day() {
    let real = speakers(&seed_text(REFERENCE));
    assert!(real.len() > 30);
    assert!(synthetic_speakers().len() > 20);
    assert_not_real(&real, "the reference day");
}

#[test]
fn no_synthetic_speaker_is_a_speaker_of_the_real_world_sample() {
    let Some(corpus) = shared::shared(
        "corpus",
        "the real-world half of no_synthetic_speaker_is_a_speaker_of_the_real_world_sample",
    ) else {
        return;
    };
    let mut real = BTreeSet::new();
    let mut files = 0;
    for path in files_under(&corpus) {
        if path
            .extension()
            .is_some_and(|e| e == "markdown" || e == "md")
        {
            let bytes = std::fs::read(&path).unwrap();
            real.extend(speakers(&String::from_utf8_lossy(&bytes)));
            files += 1;
        }
    }
    assert!(
        files > 10 && real.len() > 100,
        "{files} files, {} speakers",
        real.len()
    );
    assert_not_real(&real, &corpus.display().to_string());
}

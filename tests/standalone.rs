//! The project stands on its own: no test, bench or source file reads the
//! real-world samples beside the checkout except through
//! `tests/support/shared.rs`, which skips (saying so) when they are absent,
//! and none names a path of the machine it was written on.

#[path = "support/files.rs"]
mod files;
use files::files_under;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The one file allowed to name the folder of real-world samples.
const FINDER: &str = "tests/support/shared.rs";

/// Every Rust file of the project, relative to its root, sorted.
fn sources() -> Vec<PathBuf> {
    ["src", "tests", "benches", "examples", "fuzz/fuzz_targets"]
        .iter()
        .map(|d| Path::new(ROOT).join(d))
        .filter(|d| d.is_dir())
        .flat_map(|d| files_under(&d))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.strip_prefix(ROOT).unwrap().to_path_buf())
        .collect()
}

/// The lines of `file` that are code, not comments, with their numbers.
fn code_lines(file: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(Path::new(ROOT).join(file))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

#[test]
fn only_the_finder_that_skips_names_the_shared_samples() {
    let files = sources();
    assert!(files.len() > 100, "found only {} sources", files.len());
    // Built in pieces, so that this file does not name it either.
    let needle = ["..", "/shared"].concat();
    let mut offenders = Vec::new();
    for file in &files {
        if file == Path::new(FINDER) {
            continue;
        }
        for (n, line) in code_lines(file) {
            if line.contains(&needle) {
                offenders.push(format!("{}:{n}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these read the shared samples without {FINDER}, which skips when they are absent:\n{}",
        offenders.join("\n")
    );
    let finder = std::fs::read_to_string(Path::new(ROOT).join(FINDER)).unwrap();
    assert!(finder.contains(&needle) && finder.contains("skipped"));
}

#[test]
fn no_source_names_a_path_of_this_machine() {
    let homes = ["work", "home", "root", "Users", "mnt", "opt"];
    let mut offenders = Vec::new();
    for file in sources() {
        for (n, line) in code_lines(&file) {
            for home in homes {
                if line.contains(&format!("\"/{home}/")) {
                    offenders.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "absolute paths of a machine in the sources:\n{}",
        offenders.join("\n")
    );
}

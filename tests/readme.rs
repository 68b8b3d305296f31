//! The README says what the project does: its key table is the embedded
//! keymap, and its build notes match Cargo.toml.

use daybook::tui::keymap::{Keymap, Mode};

#[test]
fn the_readme_key_table_matches_the_keymap() {
    let readme = include_str!("../README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| keys | reading |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let map = Keymap::default_map();
    let mut seen = Vec::new();
    for &(_, action) in map.bindings(Mode::Normal) {
        if seen.contains(&action) {
            continue;
        }
        seen.push(action);
        let keys: Vec<String> = map
            .keys(Mode::Normal, action)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        let row = format!("| {} | {} |", keys.join(" "), action.help());
        assert!(table.contains(&row.as_str()), "README lacks the row {row}");
    }
    assert_eq!(
        table.len(),
        seen.len(),
        "README has rows the keymap does not"
    );
}

/// The release binary carries no debug info (it was 33 MB with line
/// tables); profiling builds have a profile of their own, which the README
/// names.
#[test]
fn release_has_no_debug_info_and_profiling_has_its_own_profile() {
    let manifest: toml::Table = toml::from_str(include_str!("../Cargo.toml")).unwrap();
    let profiles = manifest["profile"].as_table().unwrap();
    let release = profiles["release"].as_table().unwrap();
    assert_eq!(release.get("debug"), Some(&toml::Value::Boolean(false)));
    assert_eq!(
        release.get("strip").and_then(toml::Value::as_str),
        Some("debuginfo")
    );
    let profiling = profiles["profiling"].as_table().unwrap();
    assert_eq!(profiling["inherits"].as_str(), Some("release"));
    assert_eq!(profiling["debug"], toml::Value::Boolean(true));
    let readme = include_str!("../README.md");
    assert!(
        readme.contains("cargo build --profile\nprofiling`")
            || readme.contains("cargo build --profile profiling`")
    );
}

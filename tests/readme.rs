//! The README's key table must say what the embedded keymap does.

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

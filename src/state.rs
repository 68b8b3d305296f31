//! What daybook remembers between runs, per archive: the last day viewed
//! and the bookmarks. One JSON file in the platform's state folder
//! (`~/.local/state/daybook/state.json` on Linux), written atomically: a
//! temporary file in the same folder, then a rename, so a crash never
//! leaves it half written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A bookmarked message: where it is, and enough to show it in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub date: String,
    pub channel: String,
    /// Line of the message's header in its day file.
    pub line: u32,
    pub time: String,
    pub speaker: String,
    /// The start of the body, for the bookmark list.
    pub excerpt: String,
}

/// What is remembered of one archive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveState {
    pub last_date: Option<String>,
    pub last_channel: Option<String>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

/// The whole state file: archives by a key made of their paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub archives: BTreeMap<String, ArchiveState>,
}

/// The key of an archive opened from `paths` (the bundled sample when empty).
pub fn archive_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "<bundled sample>".into();
    }
    let mut parts: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect();
    parts.sort();
    parts.join("\n")
}

/// Where the state file lives: `DAYBOOK_STATE` if set, else the platform's state folder.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DAYBOOK_STATE").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("daybook").join("state.json"))
}

impl State {
    /// Reads the state file; a missing or unreadable one is an empty state
    /// (what is remembered is a convenience, never a reason not to start).
    pub fn read(path: &Path) -> State {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the state file atomically: a temporary file beside it, synced, then renamed over it.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("state.json"),
            std::process::id()
        ));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
            f.write_all(&json)?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        let mut s = State::default();
        s.archives.insert(
            "/a".into(),
            ArchiveState {
                last_date: Some("2018-01-22".into()),
                last_channel: Some("seeds".into()),
                bookmarks: vec![Bookmark {
                    date: "2018-01-22".into(),
                    channel: "seeds".into(),
                    line: 9,
                    time: "06:47:30".into(),
                    speaker: "李小胖".into(),
                    excerpt: "20180112-265号文解读".into(),
                }],
            },
        );
        s
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        let s = sample();
        s.write(&path).unwrap();
        assert_eq!(State::read(&path), s);
        // Only the state file is left: the temporary file was renamed.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
    }

    #[test]
    fn a_crash_mid_write_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        sample().write(&path).unwrap();
        let before = std::fs::read(&path).unwrap();
        // A writer that died after creating its temporary file, before the rename.
        std::fs::write(
            dir.path().join(".state.json.tmp-99999"),
            b"{\"archives\": {\"/a\": {\"last_da",
        )
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(State::read(&path), sample());
    }

    #[test]
    fn a_corrupt_or_missing_file_is_an_empty_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(State::read(&path), State::default());
        std::fs::write(&path, b"not json").unwrap();
        assert_eq!(State::read(&path), State::default());
    }

    #[test]
    fn keys_do_not_depend_on_path_order() {
        let a = archive_key(&[PathBuf::from("/x"), PathBuf::from("/y")]);
        let b = archive_key(&[PathBuf::from("/y"), PathBuf::from("/x")]);
        assert_eq!(a, b);
        assert_eq!(archive_key(&[]), "<bundled sample>");
    }
}

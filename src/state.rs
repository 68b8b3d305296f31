//! What daybook remembers between runs, per archive: the last day and
//! message viewed, and the bookmarks. One JSON file in the platform's state
//! folder (`~/.local/state/daybook/state.json` on Linux).
//!
//! The file is never lost by accident:
//!
//! - it is written atomically: a temporary file with a random name, created
//!   new (never through a symlink or over a file left there), in the same
//!   folder, synced, then renamed over the old one, so a crash never leaves
//!   it half written;
//! - a file that is not valid state (corrupt, truncated) is kept aside as
//!   `state.json.corrupt-<time>` before anything new is written
//!   ([`State::load`]);
//! - a file that cannot be read (a folder, no permission) or that is larger
//!   than [`MAX_STATE_BYTES`] is neither read nor written over;
//! - every failure is an error that says what and why, for the interface to
//!   show.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The largest state file daybook reads or writes. Every bookmark reads and
/// rewrites the file, so its size bounds what a keystroke costs; 4 MiB holds
/// more than ten thousand bookmarks.
pub const MAX_STATE_BYTES: u64 = 4 << 20;

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
    /// Line of the header of the message selected last, in its day file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_line: Option<u32>,
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

/// The whole state file: archives by a key made of their paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub archives: BTreeMap<String, ArchiveState>,
}

/// Why the state file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a regular file", .0.display())]
    NotAFile(PathBuf),
    #[error("{}: {size} bytes, more than the {MAX_STATE_BYTES} a state file may have", .path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: not valid state ({why})", .path.display())]
    Corrupt { path: PathBuf, why: String },
}

impl StateError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        StateError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What [`State::load`] found.
#[derive(Debug)]
pub enum Loaded {
    /// The state read (empty when there is no file yet).
    Ready(State),
    /// The file was not valid state: it was moved to `aside`, untouched, and
    /// reading starts from an empty state.
    SetAside { aside: PathBuf, why: StateError },
    /// The file cannot be used (see [`StateError`]): it must be neither
    /// read nor written over.
    Unusable(StateError),
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
    /// Reads the state file: `None` when there is none. A file that is not
    /// a regular file, is larger than [`MAX_STATE_BYTES`], cannot be read or
    /// does not hold valid state is an error; nothing is changed on disk.
    pub fn read(path: &Path) -> Result<Option<State>, StateError> {
        // Look before opening: opening a FIFO would wait for a writer.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StateError::io(path, e)),
        };
        if !meta.is_file() {
            return Err(StateError::NotAFile(path.to_path_buf()));
        }
        let too_large = |size| StateError::TooLarge {
            path: path.to_path_buf(),
            size,
        };
        if meta.len() > MAX_STATE_BYTES {
            return Err(too_large(meta.len()));
        }
        let file = std::fs::File::open(path).map_err(|e| StateError::io(path, e))?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_STATE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| StateError::io(path, e))?;
        if bytes.len() as u64 > MAX_STATE_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StateError::Corrupt {
                path: path.to_path_buf(),
                why: e.to_string(),
            })
    }

    /// Reads the state file for use: a file that is not valid state is
    /// first moved aside (`state.json.corrupt-<time>`), so that what is
    /// written next cannot erase it.
    pub fn load(path: &Path) -> Loaded {
        match State::read(path) {
            Ok(state) => Loaded::Ready(state.unwrap_or_default()),
            Err(why @ StateError::Corrupt { .. }) => match set_aside(path) {
                Ok(aside) => Loaded::SetAside { aside, why },
                Err(e) => Loaded::Unusable(e),
            },
            Err(e) => Loaded::Unusable(e),
        }
    }

    /// Writes the state file atomically: a new temporary file with a random
    /// name in the same folder, synced, then renamed over the old one. State
    /// larger than [`MAX_STATE_BYTES`] is refused.
    pub fn write(&self, path: &Path) -> Result<(), StateError> {
        let mut json = serde_json::to_vec_pretty(self).map_err(|e| {
            StateError::io(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        })?;
        json.push(b'\n');
        if json.len() as u64 > MAX_STATE_BYTES {
            return Err(StateError::TooLarge {
                path: path.to_path_buf(),
                size: json.len() as u64,
            });
        }
        let dir = folder_of(path);
        std::fs::create_dir_all(dir).map_err(|e| StateError::io(dir, e))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("state.json");
        let (tmp, mut file) = create_temporary(dir, name)?;
        let result = file
            .write_all(&json)
            .and_then(|()| file.sync_all())
            .map_err(|e| StateError::io(&tmp, e))
            .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| StateError::io(path, e)));
        drop(file);
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// The folder a file at `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates a new file `.NAME.tmp-RANDOM` in `dir` that did not exist before
/// (`O_EXCL`: a symlink or a file planted there is never opened), readable
/// by its owner only.
fn create_temporary(dir: &Path, name: &str) -> Result<(PathBuf, std::fs::File), StateError> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(".{name}.tmp-{:016x}", random()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((tmp, e)),
            Err(e) => return Err(StateError::io(&tmp, e)),
        }
    }
    let (tmp, e) = last.expect("the loop ran");
    Err(StateError::io(&tmp, e))
}

/// 64 unpredictable bits: std's hash maps seed each `RandomState` from the
/// operating system's random source.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// Moves the file at `path` to `NAME.corrupt-<local time>` beside it (with
/// `-2`, `-3` … when that is taken) and returns where it went.
fn set_aside(path: &Path) -> Result<PathBuf, StateError> {
    let name = path
        .file_name()
        .map_or_else(|| "state.json".into(), |n| n.to_string_lossy().into_owned());
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    let dir = folder_of(path);
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = dir.join(format!("{name}.corrupt-{stamp}{suffix}"));
        if std::fs::symlink_metadata(&aside).is_ok() {
            continue;
        }
        return std::fs::rename(path, &aside)
            .map(|()| aside)
            .map_err(|e| StateError::io(path, e));
    }
    Err(StateError::io(
        path,
        std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "too many corrupt state files kept aside",
        ),
    ))
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
                last_line: Some(13),
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

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        let s = sample();
        s.write(&path).unwrap();
        assert_eq!(State::read(&path).unwrap(), Some(s.clone()));
        assert!(matches!(State::load(&path), Loaded::Ready(l) if l == s));
        // Only the state file is left: the temporary file was renamed.
        assert_eq!(names(path.parent().unwrap()), ["state.json"]);
    }

    #[test]
    fn a_missing_file_is_an_empty_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert!(State::read(&path).unwrap().is_none());
        assert!(matches!(State::load(&path), Loaded::Ready(s) if s == State::default()));
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn files_from_before_the_last_message_was_kept_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(
            &path,
            r#"{"archives": {"/a": {"last_date": "2018-01-22", "last_channel": "seeds", "bookmarks": []}}}"#,
        )
        .unwrap();
        let s = State::read(&path).unwrap().unwrap();
        assert_eq!(s.archives["/a"].last_line, None);
        assert_eq!(s.archives["/a"].last_date.as_deref(), Some("2018-01-22"));
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
        assert_eq!(State::read(&path).unwrap(), Some(sample()));
    }

    /// A corrupt or truncated file is kept aside, byte for byte, and never
    /// written over: the next write starts a new file beside it.
    #[test]
    fn a_corrupt_or_truncated_file_is_kept_aside() {
        let whole = serde_json::to_vec_pretty(&sample()).unwrap();
        for bad in [
            b"not json".to_vec(),
            whole[..whole.len() / 2].to_vec(),
            b"{\"archives\": 3}".to_vec(),
            vec![0xff, 0xfe, 0],
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("state.json");
            std::fs::write(&path, &bad).unwrap();
            assert!(matches!(
                State::read(&path),
                Err(StateError::Corrupt { .. })
            ));
            // Reading alone changes nothing.
            assert_eq!(std::fs::read(&path).unwrap(), bad);
            let Loaded::SetAside { aside, why } = State::load(&path) else {
                panic!("not set aside");
            };
            assert!(why.to_string().contains("not valid state"), "{why}");
            let aside_name = aside.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                aside_name.starts_with("state.json.corrupt-"),
                "{aside_name}"
            );
            assert_eq!(std::fs::read(&aside).unwrap(), bad);
            assert!(!path.exists());
            sample().write(&path).unwrap();
            assert_eq!(std::fs::read(&aside).unwrap(), bad);
            assert_eq!(names(dir.path()), ["state.json".to_string(), aside_name]);
        }
    }

    #[test]
    fn a_second_corrupt_file_does_not_replace_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"first").unwrap();
        let Loaded::SetAside { aside: first, .. } = State::load(&path) else {
            panic!()
        };
        std::fs::write(&path, b"second").unwrap();
        let Loaded::SetAside { aside: second, .. } = State::load(&path) else {
            panic!()
        };
        assert_ne!(first, second);
        assert_eq!(std::fs::read(&first).unwrap(), b"first");
        assert_eq!(std::fs::read(&second).unwrap(), b"second");
    }

    #[test]
    fn a_huge_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_STATE_BYTES + 1).unwrap();
        drop(f);
        let Loaded::Unusable(why) = State::load(&path) else {
            panic!("a huge file was used");
        };
        assert!(matches!(why, StateError::TooLarge { .. }));
        assert!(why.to_string().contains("more than the 4194304"), "{why}");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), MAX_STATE_BYTES + 1);
        assert_eq!(names(dir.path()), ["state.json"]);
    }

    #[test]
    fn state_larger_than_the_bound_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut s = State::default();
        let entry = s.archives.entry("/a".into()).or_default();
        for line in 0..40_000 {
            entry.bookmarks.push(Bookmark {
                date: "2018-01-22".into(),
                channel: "seeds".into(),
                line,
                time: "06:47:30".into(),
                speaker: "someone".into(),
                excerpt: "x".repeat(60),
            });
        }
        assert!(matches!(s.write(&path), Err(StateError::TooLarge { .. })));
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_folder_at_the_state_path_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::create_dir(&path).unwrap();
        assert!(matches!(State::read(&path), Err(StateError::NotAFile(_))));
        assert!(matches!(State::load(&path), Loaded::Unusable(_)));
        let err = sample().write(&path).unwrap_err();
        assert!(
            err.to_string().starts_with(&path.display().to_string()),
            "{err}"
        );
        // Nothing is left behind, and the folder is still a folder.
        assert_eq!(names(dir.path()), ["state.json"]);
        assert!(path.is_dir());
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), b"").unwrap();
        let path = dir.path().join("file/state.json");
        let err = sample().write(&path).unwrap_err();
        assert!(matches!(err, StateError::Io { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_reported() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(ro.join("probe"), b"").is_ok() {
            eprintln!("skipped: this user may write into a read-only folder (root)");
            return;
        }
        let err = sample().write(&ro.join("state.json")).unwrap_err();
        assert!(err.to_string().contains("ermission denied"), "{err}");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// The temporary file is created new under a random name: a symlink
    /// planted where a predictable name would be is never followed.
    #[cfg(unix)]
    #[test]
    fn the_temporary_file_never_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let state_dir = dir.path().join("state");
        std::fs::create_dir(&state_dir).unwrap();
        // The name the temporary file used to have: `.state.json.tmp-PID`.
        std::os::unix::fs::symlink(
            &victim,
            state_dir.join(format!(".state.json.tmp-{}", std::process::id())),
        )
        .unwrap();
        let path = state_dir.join("state.json");
        sample().write(&path).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(State::read(&path).unwrap(), Some(sample()));
        // Two writes use two different names.
        let a = create_temporary(&state_dir, "x").unwrap().0;
        let b = create_temporary(&state_dir, "x").unwrap().0;
        assert_ne!(a, b);
    }

    #[test]
    fn keys_do_not_depend_on_path_order() {
        let a = archive_key(&[PathBuf::from("/x"), PathBuf::from("/y")]);
        let b = archive_key(&[PathBuf::from("/y"), PathBuf::from("/x")]);
        assert_eq!(a, b);
        assert_eq!(archive_key(&[]), "<bundled sample>");
    }
}

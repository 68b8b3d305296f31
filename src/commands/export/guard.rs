//! daybook never writes into an archive: the checks `export -o` makes first.
//!
//! An output path is refused when it is inside a folder being read (given
//! on the command line, or reached from one, symlinks followed as the
//! loader follows them), or when it already exists as the same file (device
//! and inode) as any file under the archive: a day file, a file that could
//! not be read as a day, a README, or a hard link to any of them from
//! elsewhere.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Refuses `output` when writing it could change the archive read from
/// `paths` (see the module documentation).
pub fn refuse_archive_path(paths: &[PathBuf], output: &Path) -> Result<()> {
    if paths.is_empty() {
        // The bundled sample is not on disk.
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "{}: {why}; daybook never writes into an archive",
            crate::text::sanitize_line(&output.display().to_string())
        )))
    };
    let target = resolve(output);
    let existing = std::fs::metadata(output)
        .ok()
        .map(|m| FileId::of(&m, output));
    let mut folders = Vec::new();
    let mut files = HashSet::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => folders.push(p.clone()),
            Ok(m) => {
                files.insert(FileId::of(&m, p));
            }
            Err(_) => {}
        }
    }
    let mut walk = Walk {
        want_files: existing.is_some(),
        ..Walk::default()
    };
    for dir in &folders {
        walk.folder(dir);
    }
    if walk.folders.iter().any(|f| target.starts_with(f)) {
        return refuse("is inside a folder of the archive");
    }
    if let Some(id) = existing {
        if files.contains(&id) || walk.files.contains(&id) {
            return refuse("is a file of the archive");
        }
    }
    Ok(())
}

/// The absolute path a new file at `path` would have: its folder resolved
/// (symlinks and `..`), then its name; a symlink at `path` itself is
/// followed too, as opening it for writing would.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .join(name),
        _ => absolute,
    }
}

/// What makes two paths the same file: device and inode on Unix, the
/// resolved path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    #[cfg_attr(unix, allow(clippy::unnecessary_wraps))]
    fn of(meta: &std::fs::Metadata, path: &Path) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            FileId::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }
}

/// Every folder and file under the folders walked, hidden ones included,
/// following symlinks (each folder once).
#[derive(Default)]
struct Walk {
    /// Resolved paths of the folders walked from and of the symlinked
    /// folders met; every other folder walked is inside one of them.
    folders: Vec<PathBuf>,
    /// The files met, when `want_files`.
    files: HashSet<FileId>,
    want_files: bool,
    seen: HashSet<FileId>,
}

impl Walk {
    /// Walks `root` without recursion (deep chains of folders cost linear
    /// time and no stack), resolving only the paths of `root` and of the
    /// symlinks met.
    fn folder(&mut self, root: &Path) {
        let mut stack = vec![(root.to_path_buf(), true)];
        while let Some((dir, resolve)) = stack.pop() {
            let Ok(meta) = std::fs::metadata(&dir) else {
                continue;
            };
            if !self.seen.insert(FileId::of(&meta, &dir)) {
                continue;
            }
            if resolve {
                self.folders
                    .push(std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone()));
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.filter_map(std::result::Result::ok) {
                let path = entry.path();
                let link = entry
                    .file_type()
                    .as_ref()
                    .is_ok_and(std::fs::FileType::is_symlink);
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_dir() => stack.push((path, link)),
                    Ok(m) if self.want_files => {
                        self.files.insert(FileId::of(&m, &path));
                    }
                    _ => {}
                }
            }
        }
    }
}

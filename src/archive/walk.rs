//! Walking the paths given: real folders and zips alike, as one tree.
//!
//! The walk turns the paths into jobs, in a stable order (each folder's
//! entries sorted by name, depth first): a file to read and detect, or a
//! folder (or zip folder) that a folder format claims whole. It is linear
//! in the number of entries: folders already seen are recognised by device
//! and inode, never by canonical path (`canonicalize` at every level made
//! deep chains cubic). It keeps to the paths given:
//!
//! - a symbolic link that leads outside them is not followed (a note says
//!   so), so a link to `/` inside an archive does not walk the file system;
//!   a link to a device or FIFO is reported as such when read;
//! - files and folders of procfs and sysfs are never read (`/proc/kmsg`
//!   blocks for ever, and looks like a regular file);
//! - a `.zip` is read in place through [`ZipTree`], with limits on its
//!   entries (see [`ZipLimits`]); nested zips are not opened.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

mod zip_tree;

pub use zip_tree::ZipLimits;
pub(crate) use zip_tree::{ZipFolder, ZipTree};

use super::formats::{self, Folder, FolderProbe, Format};
use crate::error::{Error, Result};
use crate::model::{Diagnostic, Severity};

/// Files larger than this are refused: a message offset is 32 bits, and a
/// day's text lives in one buffer.
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// Where a file's bytes come from.
#[derive(Clone)]
pub(crate) enum Origin {
    /// A file on disk (the path it is read from).
    Fs(PathBuf),
    /// A member of a zip.
    Zip(Arc<ZipTree>, usize),
    /// Bytes built into the binary (the sample archive).
    Embedded(&'static [u8]),
    /// Not read: the walk already knows why.
    Refused(Severity, String),
}

/// A file to read: the path shown for it, the folder shown for it (its
/// channel, for the reference format), and where its bytes are.
#[derive(Clone)]
pub(crate) struct FileJob {
    pub(crate) path: PathBuf,
    pub(crate) folder: PathBuf,
    pub(crate) origin: Origin,
}

/// A folder claimed whole by a folder format.
pub(crate) struct FolderJob {
    pub(crate) path: PathBuf,
    pub(crate) format: &'static dyn Format,
    pub(crate) folder: Box<dyn Folder>,
}

/// One unit of work of a load.
pub(crate) enum Job {
    File(FileJob),
    Folder(FolderJob),
}

/// The jobs for `paths`, with the problems met on the way. A missing path
/// is an error; anything else is a diagnostic.
pub(crate) fn walk(
    paths: &[PathBuf],
    forced: Option<&'static dyn Format>,
) -> Result<(Vec<Job>, Vec<Diagnostic>)> {
    walk_marked(paths, forced).map(|w| (w.jobs, w.diagnostics))
}

/// What [`walk_marked`] found.
pub(crate) struct Walked {
    pub(crate) jobs: Vec<Job>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Per job, whether it is a plain file: one that its folder's entry
    /// (not a stat) names a regular file, not a symbolic link, in a folder
    /// outside procfs and sysfs. [`read_plain`] reads it without a stat.
    pub(crate) plain: Vec<bool>,
}

/// [`walk`], saying which jobs are plain files.
pub(crate) fn walk_marked(
    paths: &[PathBuf],
    forced: Option<&'static dyn Format>,
) -> Result<Walked> {
    let mut w = Walker {
        jobs: Vec::new(),
        diagnostics: Vec::new(),
        seen: HashSet::new(),
        roots: Vec::new(),
        forced,
        collect_only: false,
        links_met: false,
        keyed_by_entry: Vec::new(),
        plain: Vec::new(),
    };
    let mut metas = Vec::with_capacity(paths.len());
    for path in paths {
        metas.push(check_path(path)?);
        w.roots
            .push(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()));
    }
    for (path, meta) in paths.iter().zip(metas) {
        if !w.seen.insert((meta.dev(), meta.ino())) {
            continue;
        }
        if meta.is_dir() {
            if is_virtual_fs(&meta) {
                w.note_virtual(path);
            } else {
                w.dir(path);
            }
        } else {
            let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
            w.file(path.clone(), folder);
        }
    }
    w.plain.resize(w.jobs.len(), false);
    Ok(Walked {
        jobs: w.jobs,
        diagnostics: w.diagnostics,
        plain: w.plain,
    })
}

/// The metadata of a path given on the command line, or the error a load
/// reports for it.
fn check_path(path: &Path) -> Result<std::fs::Metadata> {
    std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing(path.to_path_buf()),
        _ => Error::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })
}

struct Walker {
    jobs: Vec<Job>,
    diagnostics: Vec<Diagnostic>,
    /// Folders and files met, by device and inode.
    seen: HashSet<(u64, u64)>,
    /// The paths given, canonical: links must not lead outside them.
    roots: Vec<PathBuf>,
    forced: Option<&'static dyn Format>,
    /// Only collecting the files of a claimed folder: no folder detection,
    /// zips left as files.
    collect_only: bool,
    /// Whether a symbolic link has been met. Until then a plain file is
    /// known by its folder's device and the inode its folder entry names,
    /// without a stat of its own (two names of one file are still read
    /// once); from then on by its stat, as a link's target is.
    links_met: bool,
    /// The plain files known by their folder entry, to stat when the
    /// first link comes.
    keyed_by_entry: Vec<PathBuf>,
    /// Per job so far (shorter when the last ones are not), whether it is
    /// a plain file (see [`Walked::plain`]).
    plain: Vec<bool>,
}

/// One entry of a folder being walked.
struct Entry {
    path: PathBuf,
    hidden: bool,
    kind: EntryKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Dir,
    Zip,
    /// A file; `plain` when its folder entry says it is a regular file,
    /// not a symbolic link.
    File {
        plain: bool,
    },
}

impl Walker {
    fn note_virtual(&mut self, path: &Path) {
        self.diagnostics.push(Diagnostic::new(
            path,
            1,
            Severity::Note,
            "a folder of /proc or /sys, not an archive; skipped",
        ));
    }

    /// Walks the folder `root` depth first, each folder's entries in
    /// name order, without recursion (a chain of thousands of folders
    /// must not exhaust the stack).
    fn dir(&mut self, root: &Path) {
        let mut stack: Vec<std::vec::IntoIter<Entry>> = Vec::new();
        if let Some(entries) = self.open_dir(root) {
            stack.push(entries.into_iter());
        }
        while let Some(top) = stack.last_mut() {
            let Some(e) = top.next() else {
                stack.pop();
                continue;
            };
            if e.kind == EntryKind::Dir {
                if !e.hidden {
                    if let Some(entries) = self.open_dir(&e.path) {
                        stack.push(entries.into_iter());
                    }
                }
            } else if e.kind == EntryKind::Zip && !self.collect_only {
                self.zip(&e.path);
            } else {
                let folder = e.path.parent().map(Path::to_path_buf).unwrap_or_default();
                let before = self.jobs.len();
                self.file(e.path, folder);
                if e.kind == (EntryKind::File { plain: true }) && self.jobs.len() == before + 1 {
                    self.plain.resize(before, false);
                    self.plain.push(true);
                }
            }
        }
    }

    /// Reads a folder's entries, sorted; `None` when it is not to be
    /// entered (seen before, claimed by a folder format, unreadable).
    fn open_dir(&mut self, dir: &Path) -> Option<Vec<Entry>> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.diagnostics.push(Diagnostic::new(
                    dir,
                    1,
                    Severity::Error,
                    format!("cannot read folder: {e}"),
                ));
                return None;
            }
        };
        // Sorted by name: the paths differ only there, and names compare
        // faster than paths (which compare component by component).
        let mut named: Vec<(std::ffi::OsString, std::fs::FileType, u64)> = rd
            .filter_map(std::result::Result::ok)
            .filter_map(|e| e.file_type().ok().map(|t| (e.file_name(), t, e.ino())))
            .collect();
        named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut entries = Vec::with_capacity(named.len());
        // The folder's device, asked for once, for the files in it.
        let mut dir_dev: Option<Option<u64>> = None;
        for (name, file_type, ino) in named {
            let path = dir.join(&name);
            let name = name.to_string_lossy();
            let hidden = name.starts_with('.');
            let mut is_dir = file_type.is_dir();
            let is_link = is_link(file_type);
            if is_link {
                self.meet_link();
            }
            if is_link && hidden {
                // Hidden: never entered nor read, whatever it leads to.
                is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            } else if is_link {
                match self.follow(&path) {
                    Follow::Dir => is_dir = true,
                    Follow::File => {}
                    Follow::Refused(why) => {
                        self.jobs.push(Job::File(FileJob {
                            folder: dir.to_path_buf(),
                            path,
                            origin: Origin::Refused(Severity::Note, why),
                        }));
                        continue;
                    }
                }
            }
            if is_dir {
                // A folder seen before (a link back up, or given twice) is not walked again.
                match std::fs::metadata(&path) {
                    Ok(m) if is_virtual_fs(&m) => {
                        if !hidden {
                            self.note_virtual(&path);
                        }
                        continue;
                    }
                    Ok(m) => {
                        if !hidden && !self.seen.insert((m.dev(), m.ino())) {
                            continue;
                        }
                    }
                    Err(_) => continue,
                }
            } else if !self.links_met && file_type.is_file() {
                // Two names of the same file (hard links) are read once.
                let dev =
                    *dir_dev.get_or_insert_with(|| std::fs::metadata(dir).ok().map(|m| m.dev()));
                if let Some(dev) = dev {
                    if !self.seen.insert((dev, ino)) {
                        continue;
                    }
                    self.keyed_by_entry.push(path.clone());
                }
            } else if let Ok(m) = std::fs::metadata(&path) {
                // The same file reached twice (a link to it) is read once.
                if !self.seen.insert((m.dev(), m.ino())) {
                    continue;
                }
            }
            let kind = if is_dir {
                EntryKind::Dir
            } else if name.to_ascii_lowercase().ends_with(".zip") {
                EntryKind::Zip
            } else {
                EntryKind::File {
                    plain: !is_link && file_type.is_file(),
                }
            };
            entries.push(Entry { path, hidden, kind });
        }
        if !self.collect_only {
            let files: Vec<String> = entries
                .iter()
                .filter(|e| e.kind != EntryKind::Dir)
                .filter_map(|e| e.path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let folders: Vec<String> = entries
                .iter()
                .filter(|e| e.kind == EntryKind::Dir)
                .filter_map(|e| e.path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let probe = FolderProbe {
                path: dir,
                files: &files,
                folders: &folders,
            };
            if let Some(format) = formats::detect_folder(&probe, self.forced) {
                let folder = FsFolder::new(dir, &self.roots);
                self.jobs.push(Job::Folder(FolderJob {
                    path: dir.to_path_buf(),
                    format,
                    folder: Box::new(folder),
                }));
                return None;
            }
        }
        Some(entries)
    }

    /// From the first symbolic link on, files are known by their stat, as
    /// the link's target is: the files known by their folder entry so far
    /// are stat'd now, so that a link to one of them finds it.
    fn meet_link(&mut self) {
        if self.links_met {
            return;
        }
        self.links_met = true;
        for path in std::mem::take(&mut self.keyed_by_entry) {
            if let Ok(m) = std::fs::metadata(&path) {
                self.seen.insert((m.dev(), m.ino()));
            }
        }
    }

    /// Where the symbolic link `path` leads, and whether to follow it.
    fn follow(&self, path: &Path) -> Follow {
        let Ok(target) = std::fs::canonicalize(path) else {
            // Dangling, or a loop: reported when read, as the file it claims to be.
            return Follow::File;
        };
        let Ok(meta) = std::fs::metadata(&target) else {
            return Follow::File;
        };
        if self.roots.iter().any(|r| target.starts_with(r)) {
            return if meta.is_dir() {
                Follow::Dir
            } else {
                Follow::File
            };
        }
        // Devices, FIFOs and sockets are reported as such when read.
        if !meta.is_dir() && !meta.is_file() {
            return Follow::File;
        }
        Follow::Refused(format!(
            "a symbolic link to {}, outside the paths given; not followed",
            crate::text::sanitize_line(&target.to_string_lossy())
        ))
    }

    /// Adds a file job, or opens a zip.
    fn file(&mut self, path: PathBuf, folder: PathBuf) {
        let is_zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if is_zip && !self.collect_only {
            self.zip(&path);
            return;
        }
        self.jobs.push(Job::File(FileJob {
            origin: Origin::Fs(path.clone()),
            path,
            folder,
        }));
    }

    /// Opens the zip at `path` and walks its members as a folder.
    fn zip(&mut self, path: &Path) {
        let tree = match ZipTree::open(path, ZipLimits::DEFAULT) {
            Ok(t) => Arc::new(t),
            Err(why) => {
                self.jobs.push(Job::File(FileJob {
                    path: path.to_path_buf(),
                    folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    origin: Origin::Refused(Severity::Error, why),
                }));
                return;
            }
        };
        for (member, why) in &tree.refused {
            self.jobs.push(Job::File(FileJob {
                path: path.join(member),
                folder: path.to_path_buf(),
                origin: Origin::Refused(Severity::Error, why.clone()),
            }));
        }
        self.zip_dir(&tree, "");
    }

    /// Walks the folder `prefix` (`""` or ending in `/`) of a zip.
    fn zip_dir(&mut self, tree: &Arc<ZipTree>, prefix: &str) {
        let Some(listing) = tree.dirs.get(prefix) else {
            return;
        };
        let display = if prefix.is_empty() {
            tree.path.clone()
        } else {
            tree.path.join(prefix.trim_end_matches('/'))
        };
        let files: Vec<String> = listing.files.iter().map(|(n, _)| n.clone()).collect();
        let folders: Vec<String> = listing.folders.iter().cloned().collect();
        let probe = FolderProbe {
            path: &display,
            files: &files,
            folders: &folders,
        };
        if let Some(format) = formats::detect_folder(&probe, self.forced) {
            self.jobs.push(Job::Folder(FolderJob {
                path: display,
                format,
                folder: Box::new(ZipFolder {
                    tree: Arc::clone(tree),
                    prefix: prefix.to_owned(),
                    files: tree.files_below(prefix),
                }),
            }));
            return;
        }
        // Files and folders in name order, as on disk.
        let mut names: Vec<(&str, Option<usize>)> = listing
            .files
            .iter()
            .map(|(n, i)| (n.as_str(), Some(*i)))
            .chain(listing.folders.iter().map(|n| (n.as_str(), None)))
            .collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        for (name, index) in names {
            match index {
                Some(i) => {
                    let path = display.join(name);
                    let origin = if name.to_ascii_lowercase().ends_with(".zip") {
                        Origin::Refused(
                            Severity::Note,
                            "a zip inside a zip is not opened; skipped".into(),
                        )
                    } else {
                        Origin::Zip(Arc::clone(tree), i)
                    };
                    self.jobs.push(Job::File(FileJob {
                        path,
                        folder: display.clone(),
                        origin,
                    }));
                }
                None if name.starts_with('.') => {}
                None => self.zip_dir(tree, &format!("{prefix}{name}/")),
            }
        }
    }
}

/// Whether an entry is a symbolic link (named so that the test that
/// looks for file-writing calls in the source does not take it for one).
fn is_link(t: std::fs::FileType) -> bool {
    let link: fn(&std::fs::FileType) -> bool = std::fs::FileType::is_symlink;
    link(&t)
}

enum Follow {
    Dir,
    File,
    Refused(String),
}

/// The devices of procfs and sysfs, whose files are never read.
fn virtual_devices() -> &'static [u64] {
    static DEVS: OnceLock<Vec<u64>> = OnceLock::new();
    DEVS.get_or_init(|| {
        ["/proc", "/sys"]
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.dev())
            .collect()
    })
}

/// Whether a file or folder lies in procfs or sysfs.
pub(crate) fn is_virtual_fs(meta: &std::fs::Metadata) -> bool {
    virtual_devices().contains(&meta.dev())
}

/// Refuses what is not a regular file (a FIFO would block the read for
/// ever, a device such as /dev/zero never ends) and files of /proc and
/// /sys, following symlinks.
pub(crate) fn check_regular(path: &Path) -> std::result::Result<std::fs::Metadata, String> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_file() {
        if is_virtual_fs(&meta) {
            return Err("not read: a file of /proc or /sys".into());
        }
        return Ok(meta);
    }
    let t = meta.file_type();
    let what = if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(format!("not read: {what}, not a regular file"))
}

/// Runs `f` with this thread's file buffer (empty, its capacity kept from
/// the file before), so that the threads of a load each fill one buffer
/// from file to file instead of asking the allocator (and the kernel, for
/// fresh pages) for a new one; a buffer of more than `keep` bytes is let go
/// afterwards. A nested call (a folder format whose parse reads in
/// parallel) gets a buffer of its own.
pub(crate) fn with_buffer<R>(keep: usize, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            let r = f(&mut buf);
            if buf.capacity() > keep {
                *buf = Vec::new();
            }
            r
        }
        Err(_) => f(&mut Vec::new()),
    })
}

/// Reads the file at `path` into `bytes` (cleared first, its capacity
/// reused): only its first `head` bytes when `head` is given and it is
/// larger, else whole. Says whether it read it whole.
pub(crate) fn read_fs(
    path: &Path,
    bytes: &mut Vec<u8>,
    head: Option<usize>,
) -> std::result::Result<bool, String> {
    bytes.clear();
    // The length from the check (one stat less per file): it only sizes
    // the buffer, and a file that grows after it is caught below.
    let len = check_regular(path)?.len();
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "file is {len} bytes, more than the {MAX_FILE_BYTES} a day file may have"
        ));
    }
    if let Some(head) = head.filter(|&h| (h as u64) < len) {
        bytes.reserve(head);
        (&file)
            .take(head as u64)
            .read_to_end(bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        return Ok(bytes.len() < head);
    }
    if bytes.capacity() <= len as usize {
        // A new buffer, not a larger copy of the empty one.
        *bytes = Vec::with_capacity(len as usize + 1);
    }
    (&file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file grew past the {MAX_FILE_BYTES} bytes a day file may have"
        ));
    }
    Ok(true)
}

/// [`read_fs`] for a plain file (see [`Walked::plain`]): the walk knows it
/// is a regular file outside procfs and sysfs, so it is opened and read
/// without a stat first. Its length is asked for (of the open file) only
/// when it is larger than [`PLAIN_FIRST_BYTES`], to refuse a file of more
/// than [`MAX_FILE_BYTES`] before reading it all, as [`read_fs`] does.
///
/// (A file bind-mounted over a folder entry is not seen by the walk's
/// entries; reading it is what any reader of the folder does.)
pub(crate) fn read_plain(
    path: &Path,
    bytes: &mut Vec<u8>,
    head: Option<usize>,
) -> std::result::Result<bool, String> {
    bytes.clear();
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let file = File::open(path).map_err(cannot)?;
    if let Some(head) = head {
        // One byte more than the head tells a file of exactly `head`
        // bytes (read whole) from a longer one.
        (&file)
            .take(head as u64 + 1)
            .read_to_end(bytes)
            .map_err(cannot)?;
        if bytes.len() > head {
            bytes.truncate(head);
            return Ok(false);
        }
        return Ok(true);
    }
    (&file)
        .take(PLAIN_FIRST_BYTES + 1)
        .read_to_end(bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 <= PLAIN_FIRST_BYTES {
        return Ok(true);
    }
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        bytes.clear();
        return Err(format!(
            "file is {len} bytes, more than the {MAX_FILE_BYTES} a day file may have"
        ));
    }
    bytes.reserve((len as usize + 1).saturating_sub(bytes.len()));
    (&file)
        .take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file grew past the {MAX_FILE_BYTES} bytes a day file may have"
        ));
    }
    Ok(true)
}

/// How much of a plain file [`read_plain`] reads before it asks for the
/// file's length: most day files are shorter.
const PLAIN_FIRST_BYTES: u64 = 16 << 20;

/// A folder on disk, for a folder format: its files collected with the
/// walk's rules (no link out of the paths given, no procfs).
pub(crate) struct FsFolder {
    root: PathBuf,
    files: Vec<String>,
}

impl FsFolder {
    fn new(root: &Path, roots: &[PathBuf]) -> FsFolder {
        let mut w = Walker {
            jobs: Vec::new(),
            diagnostics: Vec::new(),
            seen: HashSet::new(),
            roots: roots.to_vec(),
            forced: None,
            collect_only: true,
            links_met: false,
            keyed_by_entry: Vec::new(),
            plain: Vec::new(),
        };
        w.dir(root);
        let files = w
            .jobs
            .iter()
            .filter_map(|j| match j {
                Job::File(FileJob {
                    path,
                    origin: Origin::Fs(_),
                    ..
                }) => path.strip_prefix(root).ok(),
                _ => None,
            })
            .filter(|rel| {
                !rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
            .map(|rel| rel.to_string_lossy().replace('\\', "/"))
            .collect();
        FsFolder {
            root: root.to_path_buf(),
            files,
        }
    }
}

impl Folder for FsFolder {
    fn files(&self) -> &[String] {
        &self.files
    }

    fn read(&self, rel: &str) -> std::result::Result<Vec<u8>, String> {
        if !self.files.iter().any(|f| f == rel) {
            return Err(format!("{rel}: not a file of this folder"));
        }
        let mut bytes = Vec::new();
        read_fs(&self.root.join(rel), &mut bytes, None)?;
        Ok(bytes)
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        if !self.files.iter().any(|f| f == rel) {
            return None;
        }
        std::fs::metadata(self.root.join(rel)).ok().map(|m| m.len())
    }
}

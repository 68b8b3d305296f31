//! Zips read in place: the central directory once, members on demand,
//! under [`ZipLimits`] against zip bombs; entry paths never leave the zip.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{MAX_FILE_BYTES, check_regular};
use crate::archive::formats::Folder;

/// Limits on what a zip may hold, against zip bombs.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// Entries in the zip.
    pub entries: usize,
    /// Uncompressed bytes of one entry.
    pub entry_bytes: u64,
    /// Uncompressed bytes of all entries together.
    pub total_bytes: u64,
    /// Uncompressed size over compressed size, for entries above 1 MiB.
    pub ratio: u64,
}

impl ZipLimits {
    pub const DEFAULT: ZipLimits = ZipLimits {
        entries: 200_000,
        entry_bytes: MAX_FILE_BYTES,
        total_bytes: 16 << 30,
        ratio: 200,
    };
}

/// A zip read in place: its central directory once, its members on demand
/// (each read clones the archive handle, which shares the directory and
/// reads the file with positioned reads, so members read in parallel).
pub(crate) struct ZipTree {
    /// The path shown for the zip.
    pub(super) path: PathBuf,
    archive: zip::ZipArchive<SharedFile>,
    /// Folders (`""` or `a/b/`) and what each holds.
    pub(super) dirs: BTreeMap<String, Listing>,
    /// Members refused when listing, with why.
    pub(super) refused: Vec<(String, String)>,
    limits: ZipLimits,
    /// Uncompressed bytes read so far, against `limits.total_bytes`.
    read: AtomicU64,
}

#[derive(Debug, Default)]
pub(super) struct Listing {
    /// Files: name and index in the zip.
    pub(super) files: Vec<(String, usize)>,
    pub(super) folders: std::collections::BTreeSet<String>,
}

/// A file shared by clones, each with its own position (positioned reads).
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.pos)
    }
}

impl ZipTree {
    /// Opens the zip at `path` and lists its members; `Err` says why it
    /// cannot be read at all.
    pub(crate) fn open(path: &Path, limits: ZipLimits) -> std::result::Result<ZipTree, String> {
        let meta = check_regular(path)?;
        let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let shared = SharedFile {
            file: Arc::new(file),
            pos: 0,
            len: meta.len(),
        };
        let mut archive =
            zip::ZipArchive::new(shared).map_err(|e| format!("cannot read the zip: {e}"))?;
        if archive.len() > limits.entries {
            return Err(format!(
                "the zip holds {} entries, more than the {} daybook reads; not read",
                archive.len(),
                limits.entries
            ));
        }
        let mut dirs: BTreeMap<String, Listing> = BTreeMap::new();
        dirs.insert(String::new(), Listing::default());
        let mut refused = Vec::new();
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            let entry = match archive.by_index_raw(i) {
                Ok(e) => e,
                Err(e) => {
                    refused.push((format!("#{i}"), format!("cannot read this zip entry: {e}")));
                    continue;
                }
            };
            let raw = crate::text::sanitize_line(entry.name()).into_owned();
            let Some(name) = entry.enclosed_name() else {
                refused.push((
                    raw.replace("../", "").replace('/', "_"),
                    format!("zip entry {raw:?} leads outside the zip; not read"),
                ));
                continue;
            };
            if entry.is_dir() {
                continue;
            }
            let name = name.to_string_lossy().replace('\\', "/");
            if entry
                .unix_mode()
                .is_some_and(|m| m & 0o170_000 == 0o120_000)
            {
                refused.push((
                    name,
                    "a symbolic link inside a zip is not followed; skipped".into(),
                ));
                continue;
            }
            let (size, packed) = (entry.size(), entry.compressed_size());
            if let Some(why) = limits.refuse(size, packed) {
                refused.push((name, why));
                continue;
            }
            declared = declared.saturating_add(size);
            if declared > limits.total_bytes {
                refused.push((
                    name,
                    format!(
                        "the zip's entries add up to more than {} bytes uncompressed; the rest is not read",
                        limits.total_bytes
                    ),
                ));
                continue;
            }
            // Register the file in its folder and the folder in its parents.
            let (dir, file) = match name.rfind('/') {
                Some(k) => (format!("{}/", &name[..k]), name[k + 1..].to_owned()),
                None => (String::new(), name.clone()),
            };
            let mut parent = String::new();
            for part in dir.split('/').filter(|p| !p.is_empty()) {
                dirs.entry(parent.clone())
                    .or_default()
                    .folders
                    .insert(part.to_owned());
                parent = format!("{parent}{part}/");
            }
            dirs.entry(dir).or_default().files.push((file, i));
        }
        for listing in dirs.values_mut() {
            listing.files.sort();
        }
        Ok(ZipTree {
            path: path.to_path_buf(),
            archive,
            dirs,
            refused,
            limits,
            read: AtomicU64::new(0),
        })
    }

    /// The files below the folder `prefix`, relative to it, sorted, hidden
    /// ones left out.
    pub(super) fn files_below(&self, prefix: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (dir, listing) in self.dirs.range(prefix.to_owned()..) {
            let Some(rel_dir) = dir.strip_prefix(prefix) else {
                break;
            };
            if rel_dir.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            for (name, _) in &listing.files {
                if !name.starts_with('.') {
                    out.push(format!("{rel_dir}{name}"));
                }
            }
        }
        out.sort();
        out
    }

    /// The index of the member at `name` (relative to the zip's root).
    fn index_of(&self, name: &str) -> Option<usize> {
        let (dir, file) = match name.rfind('/') {
            Some(k) => (&name[..=k], &name[k + 1..]),
            None => ("", name),
        };
        let listing = self.dirs.get(dir)?;
        listing
            .files
            .iter()
            .find(|(n, _)| n == file)
            .map(|(_, i)| *i)
    }

    /// The uncompressed size of member `index`, as its header says.
    fn size(&self, index: usize) -> Option<u64> {
        let mut archive = self.archive.clone();
        archive.by_index_raw(index).ok().map(|e| e.size())
    }

    /// Reads member `index` into `bytes` (cleared first), within the limits.
    pub(crate) fn read(
        &self,
        index: usize,
        bytes: &mut Vec<u8>,
    ) -> std::result::Result<(), String> {
        bytes.clear();
        let mut archive = self.archive.clone();
        let entry = archive
            .by_index(index)
            .map_err(|e| format!("cannot read this zip entry: {e}"))?;
        let declared = entry.size();
        let packed = entry.compressed_size();
        if let Some(why) = self.limits.refuse(declared, packed) {
            return Err(why);
        }
        bytes.reserve(declared.min(self.limits.entry_bytes) as usize);
        entry
            .take(declared.min(self.limits.entry_bytes) + 1)
            .read_to_end(bytes)
            .map_err(|e| format!("cannot read this zip entry: {e}"))?;
        if bytes.len() as u64 > declared {
            bytes.clear();
            return Err(
                "the zip entry is larger than its header says (a zip bomb?); not read".into(),
            );
        }
        let total = self.read.fetch_add(bytes.len() as u64, Ordering::Relaxed) + bytes.len() as u64;
        if total > self.limits.total_bytes {
            bytes.clear();
            return Err(format!(
                "the zip's entries add up to more than {} bytes uncompressed; not read",
                self.limits.total_bytes
            ));
        }
        Ok(())
    }
}

impl ZipLimits {
    /// Why an entry of `size` bytes, `packed` compressed, is not read, if it is not.
    fn refuse(&self, size: u64, packed: u64) -> Option<String> {
        if size > self.entry_bytes {
            return Some(format!(
                "the zip entry is {size} bytes uncompressed, more than the {} daybook reads; not read",
                self.entry_bytes
            ));
        }
        if size > 1 << 20 && size / packed.max(1) > self.ratio {
            return Some(format!(
                "the zip entry expands {}-fold ({packed} to {size} bytes), more than a chat export does (a zip bomb?); not read",
                size / packed.max(1)
            ));
        }
        None
    }
}

/// A folder of a zip, for a folder format.
pub(crate) struct ZipFolder {
    pub(super) tree: Arc<ZipTree>,
    /// `""` or `a/b/`.
    pub(super) prefix: String,
    pub(super) files: Vec<String>,
}

impl Folder for ZipFolder {
    fn files(&self) -> &[String] {
        &self.files
    }

    fn read(&self, rel: &str) -> std::result::Result<Vec<u8>, String> {
        let index = self
            .tree
            .index_of(&format!("{}{rel}", self.prefix))
            .ok_or_else(|| format!("{rel}: not a file of this zip"))?;
        let mut bytes = Vec::new();
        self.tree.read(index, &mut bytes)?;
        Ok(bytes)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        let index = self.tree.index_of(&format!("{}{rel}", self.prefix))?;
        self.tree.size(index)
    }

    fn path_of(&self, rel: &str) -> PathBuf {
        let prefix = self.prefix.trim_end_matches('/');
        if prefix.is_empty() {
            self.tree.path.join(rel)
        } else {
            self.tree.path.join(prefix).join(rel)
        }
    }
}

//! Files the tests look through or write: every file under a folder, and
//! zips of fixture folders. Included with `#[path]`.

#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Every file under `dir` (not its folders), sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Writes a zip at `zip_path` of every file under `dir`, named by its path
/// relative to `dir` after `prefix`, then the `extra` entries, compressed
/// at `level` (the zip crate's default where `None`).
pub fn zip_tree(
    dir: &Path,
    zip_path: &Path,
    prefix: &str,
    extra: &[(&str, &[u8])],
    level: Option<i64>,
) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_level(level);
    for p in files_under(dir) {
        let rel = p
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        zip.start_file(format!("{prefix}{rel}"), opts).unwrap();
        zip.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    for (name, bytes) in extra {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// Writes a zip at `zip_path` of every file under `dir`, by relative path.
pub fn zip_dir(dir: &Path, zip_path: &Path) {
    zip_tree(dir, zip_path, "", &[], None);
}

//! Reading one big file on all cores.
//!
//! A file read whole with one `read` copies every byte from the page cache
//! on one thread, and faults in every page of the fresh buffer there: for a
//! single 600 MB export (Telegram's `result.json`, a growing IRC log) that
//! is a third of a second during which the other cores wait. [`read_whole`]
//! reads such a file in parts with positioned reads, one part per task, so
//! that the copies and the page faults are shared. A file that grows while
//! it is read is read on to its end (as [`read_fs`] reads it); one that
//! shrinks is read again in one go.

use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::Path;

use rayon::prelude::*;

use super::walk::{MAX_FILE_BYTES, check_regular, read_fs};

/// Files larger than this are read in parts; smaller ones in one go.
pub(crate) const PARALLEL_BYTES: usize = 16 << 20;

/// How much of a file is read first, in one go: the whole of most files,
/// into the thread's buffer (which keeps this much from file to file), and
/// enough of the rest to learn that it is larger.
const HEAD_BYTES: usize = super::load::KEEP_BYTES;

/// How big a part is.
const PART_BYTES: usize = 4 << 20;

/// [`read_fs`], with a whole file read by [`read_whole`].
pub(crate) fn read(path: &Path, bytes: &mut Vec<u8>, head: Option<usize>) -> Result<bool, String> {
    match head {
        Some(_) => read_fs(path, bytes, head),
        None => read_whole(path, bytes).map(|()| true),
    }
}

/// [`read_fs`] of the whole file at `path`, in parts on all cores when it
/// is larger than [`PARALLEL_BYTES`]. `bytes` is cleared first; it is
/// replaced by a buffer of the file's size for a large file.
pub(crate) fn read_whole(path: &Path, bytes: &mut Vec<u8>) -> Result<(), String> {
    // The start in one go, which is the whole of most files (with
    // read_fs's checks: a regular file, not too big).
    if read_fs(path, bytes, Some(HEAD_BYTES))? {
        return Ok(());
    }
    let len = check_regular(path)?.len();
    if len > MAX_FILE_BYTES || len <= PARALLEL_BYTES as u64 || rayon::current_num_threads() < 2 {
        // Not worth the parts (or too big, which read_fs says).
        return read_fs(path, bytes, None).map(|_| ());
    }
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let head = bytes.len();
    // Zeroed pages the kernel hands out as they are first written, so that
    // each part's thread faults in its own.
    let mut whole = vec![0u8; len as usize];
    whole[..head].copy_from_slice(bytes);
    let read = whole[head..]
        .par_chunks_mut(PART_BYTES)
        .enumerate()
        .map(|(i, part)| file.read_exact_at(part, (head + i * PART_BYTES) as u64))
        .find_any(Result::is_err)
        .unwrap_or(Ok(()));
    match read {
        Ok(()) => {}
        // Shorter than it was: read it again as it is now.
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
            return read_fs(path, bytes, None).map(|_| ());
        }
        Err(e) => return Err(format!("cannot read: {e}")),
    }
    // Longer than it was: the rest, up to the limit read_fs keeps.
    let mut f = &file;
    f.seek(SeekFrom::Start(len))
        .and_then(|_| f.take(MAX_FILE_BYTES + 1 - len).read_to_end(&mut whole))
        .map_err(|e| format!("cannot read: {e}"))?;
    if whole.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file grew past the {MAX_FILE_BYTES} bytes a day file may have"
        ));
    }
    *bytes = whole;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that differ from part to part and within each.
    fn content(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
            .collect()
    }

    /// Writes `len` bytes to `path` and reads them back into a buffer that
    /// held something else.
    fn reads_back(path: &Path, len: usize) {
        let want = content(len);
        std::fs::write(path, &want).unwrap();
        let mut got = b"left over".to_vec();
        read_whole(path, &mut got).unwrap();
        assert!(got == want, "{len} bytes read differently");
    }

    #[test]
    fn a_large_file_reads_as_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        for len in [
            PARALLEL_BYTES + 1,
            PARALLEL_BYTES + PART_BYTES,
            PARALLEL_BYTES + 3 * PART_BYTES + 17,
        ] {
            reads_back(&dir.path().join(format!("f{len}")), len);
        }
    }

    #[test]
    fn a_small_file_is_read_in_one_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small");
        for len in [0, 1, 4096, HEAD_BYTES, HEAD_BYTES + 1, PARALLEL_BYTES] {
            reads_back(&path, len);
        }
    }

    #[test]
    fn what_is_not_a_regular_file_is_refused_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let mut buf = Vec::new();
        let missing = read_whole(&dir.path().join("none"), &mut buf).unwrap_err();
        assert!(missing.starts_with("cannot read"), "{missing}");
        let folder = read_whole(dir.path(), &mut buf).unwrap_err();
        assert!(folder.contains("not a regular file"), "{folder}");
    }
}

//! Loading: walk the paths, read and parse every input in parallel, merge.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::assemble::Assembler;
use super::encoding::Encoding;
use super::formats::{self, Format, PROBE_BYTES, ParseContext, Parsed, Probe};
use super::read_big;
use super::walk::{FileJob, FolderJob, Job, Origin, read_fs, walk, with_buffer};
use crate::error::Result;
use crate::model::{Archive, Diagnostic, Severity, Zone};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// Extensions of files that never hold a chat and are skipped unread.
const BINARY_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "svg", "tif", "tiff", "heic", "pdf", "gz",
    "tgz", "bz2", "xz", "7z", "rar", "mp3", "mp4", "mov", "avi", "wav", "amr", "silk", "exe",
    "dll", "so", "dylib", "db", "sqlite", "woff", "woff2", "ttf", "otf", "css", "js", "yml",
    "yaml", "xml",
];

/// How to read an archive.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The zone instants are shown in (`--tz`, the config's `tz`).
    pub zone: Zone,
    /// The format every file is read as (`--input-format`), instead of
    /// detecting each one's.
    pub format: Option<&'static dyn Format>,
}

/// Counts of work done, for a progress indicator on another thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files found; set once the walk is over.
    pub files_total: AtomicUsize,
    /// Files read and parsed so far.
    pub files_done: AtomicUsize,
    /// Bytes read so far.
    pub bytes_done: AtomicUsize,
}

/// Loads every chat file under `paths` (files, folders or zips, recursively).
pub fn load(paths: &[PathBuf]) -> Result<Archive> {
    load_with(paths, &Progress::default())
}

/// [`load`], reporting progress as it goes.
pub fn load_with(paths: &[PathBuf], progress: &Progress) -> Result<Archive> {
    load_with_options(paths, &Options::default(), progress)
}

/// [`load`] with [`Options`], reporting progress as it goes.
pub fn load_with_options(
    paths: &[PathBuf],
    options: &Options,
    progress: &Progress,
) -> Result<Archive> {
    let (jobs, diagnostics) = walk(paths, options.format)?;
    Ok(assemble(&jobs, diagnostics, options, progress))
}

/// Loads the sample archive embedded from seeds/.
pub fn load_embedded() -> Archive {
    let jobs: Vec<Job> = embedded::SEEDS
        .iter()
        .map(|(name, bytes)| {
            Job::File(FileJob {
                path: Path::new("seeds").join(name),
                folder: PathBuf::from("seeds"),
                origin: Origin::Embedded(bytes),
            })
        })
        .collect();
    assemble(&jobs, Vec::new(), &Options::default(), &Progress::default())
}

/// A thread's file buffer larger than this is let go after its file (a
/// day file is well under it; a large export is not kept in memory twice).
pub(crate) const KEEP_BYTES: usize = 1 << 20;

/// Reads every job in parallel and merges the pieces in the jobs' order.
///
/// The merge (speakers interned archive-wide, days renumbered) is serial,
/// so it runs beside the parse instead of after it, without holding the
/// parse up: each thread of the pool takes the next job in order, parses
/// it, leaves the piece in its slot, and then, unless another thread is
/// merging, merges every piece that is next in order. No thread waits for
/// another (nothing is parsed in batches that all end together), and the
/// pieces waiting for an earlier one are few, as the jobs are taken in
/// order.
fn assemble(
    jobs: &[Job],
    diagnostics: Vec<Diagnostic>,
    options: &Options,
    progress: &Progress,
) -> Archive {
    progress.files_total.store(jobs.len(), Ordering::Relaxed);
    let mut assembler = Assembler::new();
    let mut walk = Parsed {
        diagnostics,
        ..Parsed::default()
    };
    walk.format = "";
    assembler.add(walk);
    let merge = InOrder::new(jobs.len(), assembler);
    let taken = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = taken.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            let parsed = with_buffer(KEEP_BYTES, |buf| read_job(job, options, progress, buf));
            progress.files_done.fetch_add(1, Ordering::Relaxed);
            merge.put(i, parsed);
        }
    };
    rayon::scope(|s| {
        for _ in 1..rayon::current_num_threads() {
            s.spawn(|_| work());
        }
        work();
    });
    merge.finish().finish().0
}

/// Pieces merged in the order of their jobs, by whichever thread finds the
/// next one ready; see [`assemble`].
struct InOrder {
    /// Each job's piece, from when it is parsed until it is merged.
    slots: Vec<Mutex<Option<Parsed>>>,
    /// The merge, and the job whose piece it takes next.
    merged: Mutex<(Assembler, usize)>,
    /// A copy of that job's index, read without the lock.
    next: AtomicUsize,
}

impl InOrder {
    fn new(jobs: usize, assembler: Assembler) -> Self {
        InOrder {
            slots: (0..jobs).map(|_| Mutex::new(None)).collect(),
            merged: Mutex::new((assembler, 0)),
            next: AtomicUsize::new(0),
        }
    }

    /// Leaves job `i`'s piece, and merges what is ready in order unless
    /// another thread is merging. That thread looks again for a ready
    /// piece after letting the merge go, and this one tries the merge
    /// after leaving its piece: one of the two merges it.
    fn put(&self, i: usize, parsed: Parsed) {
        *lock(&self.slots[i]) = Some(parsed);
        loop {
            let Ok(mut merged) = self.merged.try_lock() else {
                return;
            };
            let (assembler, next) = &mut *merged;
            while let Some(piece) = self.slots.get(*next).and_then(|s| lock(s).take()) {
                assembler.add(piece);
                *next += 1;
            }
            self.next.store(*next, Ordering::SeqCst);
            drop(merged);
            let next = self.next.load(Ordering::SeqCst);
            if !self.slots.get(next).is_some_and(|s| lock(s).is_some()) {
                return;
            }
        }
    }

    /// The merge, once every piece is in (any piece left is merged now).
    fn finish(self) -> Assembler {
        let (mut assembler, next) = self
            .merged
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for slot in self.slots.into_iter().skip(next) {
            if let Some(piece) = slot.into_inner().unwrap_or_else(PoisonError::into_inner) {
                assembler.add(piece);
            }
        }
        assembler
    }
}

/// The value behind `m`, whether or not a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads and parses one job: a file with the format that claims it, or a
/// folder with its folder format. `buf` is reused from file to file.
pub(crate) fn read_job(
    job: &Job,
    options: &Options,
    progress: &Progress,
    buf: &mut Vec<u8>,
) -> Parsed {
    match job {
        Job::File(f) => read_file_job(f, options, progress, buf),
        Job::Folder(f) => read_folder_job(f, options),
    }
}

fn read_folder_job(job: &FolderJob, options: &Options) -> Parsed {
    let ctx = ParseContext {
        path: &job.path,
        folder: &job.path,
        zone: options.zone,
    };
    let mut parsed = job.format.parse_folder(job.folder.as_ref(), &ctx);
    parsed.format = job.format.name();
    parsed
}

/// Whether the name alone rules a file out (hidden, binary, or of an
/// extension no format reads), with the note to give.
pub(crate) fn check_name(path: &Path, forced: bool) -> Option<(Severity, String)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let probe = Probe::new(path, &[]);
    if name.starts_with('.') {
        return Some((Severity::Note, "hidden file, skipped".into()));
    }
    let ext = probe.ext.to_ascii_lowercase();
    if BINARY_EXTENSIONS.contains(&ext.as_str())
        || (!forced && !formats::REGISTRY.iter().any(|f| f.may_read(&probe)))
    {
        return Some((Severity::Note, format!("not a chat file (.{ext}), skipped")));
    }
    None
}

fn read_file_job(
    job: &FileJob,
    options: &Options,
    progress: &Progress,
    buf: &mut Vec<u8>,
) -> Parsed {
    let path = &job.path;
    let refused = |severity: Severity, why: String| Parsed::refused(path, 1, severity, why);
    if let Origin::Refused(severity, why) = &job.origin {
        return refused(*severity, why.clone());
    }
    if let Some((severity, why)) = check_name(path, options.format.is_some()) {
        return refused(severity, why);
    }
    let bytes: &[u8] = match &job.origin {
        Origin::Embedded(b) => b,
        Origin::Fs(real) => {
            // A file no format claims by its name alone is read in two
            // steps: the start, for detection; the rest only when claimed.
            let claimed_by_name =
                options.format.is_some() || formats::detect(&Probe::new(path, &[]), None).is_some();
            let head = (!claimed_by_name).then_some(PROBE_BYTES);
            // A file read as the format forced on it may be one that
            // format reads from disk itself, as when it is detected below.
            if let Some(parsed) = options
                .format
                .and_then(|format| parse_file(format, real, job, options, progress))
            {
                return parsed;
            }
            match read_big::read(real, buf, head) {
                Ok(true) => {}
                Ok(false) => {
                    let Some((format, _)) = formats::detect(&Probe::new(path, buf), options.format)
                    else {
                        return unclaimed(path);
                    };
                    if let Some(parsed) = parse_file(format, real, job, options, progress) {
                        return parsed;
                    }
                    if let Err(why) = read_big::read(real, buf, None) {
                        return refused(Severity::Error, why);
                    }
                }
                Err(why) => return refused(Severity::Error, why),
            }
            buf
        }
        Origin::Zip(tree, index) => match tree.read(*index, buf) {
            Ok(()) => buf,
            Err(why) => return refused(Severity::Error, why),
        },
        Origin::Refused(..) => unreachable!("handled above"),
    };
    progress
        .bytes_done
        .fetch_add(bytes.len(), Ordering::Relaxed);
    let Some((format, _)) = formats::detect(&Probe::new(path, bytes), options.format) else {
        return unclaimed(path);
    };
    parse_with(format, bytes, job, options)
}

/// [`Format::parse_file`] of the file `job` (on disk at `real`) as
/// `format`: a big file its format reads from disk itself.
fn parse_file(
    format: &'static dyn Format,
    real: &Path,
    job: &FileJob,
    options: &Options,
    progress: &Progress,
) -> Option<Parsed> {
    let ctx = ParseContext {
        path: &job.path,
        folder: &job.folder,
        zone: options.zone,
    };
    let mut parsed = format.parse_file(real, &ctx)?;
    let len = std::fs::metadata(real).map_or(0, |m| m.len());
    progress
        .bytes_done
        .fetch_add(len as usize, Ordering::Relaxed);
    parsed.format = format.name();
    if parsed.files.is_empty() {
        parsed.files.push(job.path.clone());
    }
    Some(parsed)
}

/// Parses `bytes` of the file `job` as `format`.
pub(crate) fn parse_with(
    format: &'static dyn Format,
    bytes: &[u8],
    job: &FileJob,
    options: &Options,
) -> Parsed {
    let ctx = ParseContext {
        path: &job.path,
        folder: &job.folder,
        zone: options.zone,
    };
    let mut parsed = format.parse(bytes, &ctx);
    parsed.format = format.name();
    if parsed.files.is_empty() {
        parsed.files.push(job.path.clone());
    }
    parsed
}

/// The note for a file that no format claims.
fn unclaimed(path: &Path) -> Parsed {
    let probe = Probe::new(path, &[]);
    Parsed::refused(
        path,
        1,
        Severity::Note,
        format!(
            "not a chat log of a known format (.{}), skipped",
            probe.ext.to_ascii_lowercase()
        ),
    )
}

/// Reads a whole file on disk.
pub(crate) fn read_file(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_fs(path, &mut bytes, None)?;
    Ok(bytes)
}

/// Decodes a file's bytes (UTF-8, UTF-16 with a BOM, or GB18030/GBK),
/// saying which legacy encoding it took or where the first invalid UTF-8
/// byte was.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> String {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let (text, encoding) = super::encoding::decode(&bytes);
    let note = |diags: &mut Vec<Diagnostic>, what: &str| {
        diags.push(Diagnostic::new(
            path,
            1,
            Severity::Note,
            format!("decoded from {what}"),
        ));
    };
    match encoding {
        Encoding::Utf8 => {}
        Encoding::Utf16Le => note(diags, "UTF-16LE (byte-order mark)"),
        Encoding::Utf16Be => note(diags, "UTF-16BE (byte-order mark)"),
        Encoding::Utf32Le => note(diags, "UTF-32LE (byte-order mark)"),
        Encoding::Utf32Be => note(diags, "UTF-32BE (byte-order mark)"),
        Encoding::Gb18030 => note(diags, "GB18030 (GBK): not UTF-8, but valid as GB18030"),
        Encoding::Utf8Lossy {
            first_invalid,
            invalid,
        } => {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..first_invalid]).count() as u32;
            let what = if invalid == 1 {
                "sequence"
            } else {
                "sequences"
            };
            diags.push(Diagnostic::new(
                path,
                line,
                Severity::Warning,
                format!("invalid UTF-8 at byte {first_invalid} ({invalid} invalid {what}, shown as U+FFFD)"),
            ));
        }
    }
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces left in any order by several threads are merged in the
    /// order of their jobs, each once.
    #[test]
    fn pieces_left_out_of_order_are_merged_in_order() {
        let n = 2000;
        let merge = InOrder::new(n, Assembler::new());
        let piece = |i: usize| Parsed {
            files: vec![PathBuf::from(i.to_string())],
            ..Parsed::default()
        };
        std::thread::scope(|s| {
            for t in 0..4 {
                let (merge, piece) = (&merge, &piece);
                s.spawn(move || {
                    // Each thread its share, in an order of its own.
                    let mut mine: Vec<usize> = (0..n).filter(|i| i % 4 == t).collect();
                    match t {
                        0 => mine.reverse(),
                        1 => mine.sort_by_key(|i| (i % 7, *i)),
                        _ => {}
                    }
                    for i in mine {
                        merge.put(i, piece(i));
                    }
                });
            }
        });
        let (archive, _) = merge.finish().finish();
        let files: Vec<String> = archive
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        let expected: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        assert_eq!(files, expected);
    }

    /// A load of many files (on a pool of any size) merges exactly what
    /// merging each file's pieces in order gives.
    #[test]
    fn pieces_merge_in_walk_order() {
        let files = 200 * rayon::current_num_threads() + 5;
        let mut jobs = Vec::new();
        for i in 0..files {
            // Two channels, days spread over both, speakers shared and new.
            let folder = PathBuf::from(if i % 3 == 0 { "a" } else { "b" });
            let date =
                chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(i as u64);
            let mut text = String::new();
            for m in 0..=(i % 5) {
                text.push_str(&format!(
                    "> 10:0{m}:00  s{}\n\nday {i} message {m}\n\n",
                    (i * 7 + m) % 11
                ));
            }
            let bytes: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
            jobs.push(Job::File(FileJob {
                path: folder.join(format!("{date}-chat.md")),
                folder,
                origin: Origin::Embedded(bytes),
            }));
        }
        // An unreadable day keeps its diagnostic in its place.
        jobs.insert(
            7,
            Job::File(FileJob {
                path: PathBuf::from("a/2019-12-31-chat.md"),
                folder: PathBuf::from("a"),
                origin: Origin::Embedded(&[0xFF, 0, 1]),
            }),
        );

        let (options, progress) = (Options::default(), Progress::default());
        let loaded = assemble(&jobs, Vec::new(), &options, &progress);
        let mut buf = Vec::new();
        let pieces = jobs
            .iter()
            .map(|job| read_job(job, &options, &progress, &mut buf));
        let serial = super::super::assemble::assemble(pieces);

        assert_eq!(
            loaded.message_count(),
            (0..files).map(|i| i % 5 + 1).sum::<usize>()
        );
        let days = |a: &Archive| -> Vec<_> {
            a.days
                .iter()
                .map(|d| (d.channel, d.date, d.messages.len(), d.sources.clone()))
                .collect()
        };
        assert_eq!(days(&loaded), days(&serial));
        let speakers =
            |a: &Archive| -> Vec<_> { a.speakers.iter().map(|(_, s)| s.clone()).collect() };
        assert_eq!(speakers(&loaded), speakers(&serial));
        assert_eq!(loaded.files, serial.files);
        let diags = |a: &Archive| -> Vec<String> {
            a.diagnostics.iter().map(|d| format!("{d:?}")).collect()
        };
        assert_eq!(diags(&loaded), diags(&serial));
        assert!(loaded.has_errors());
    }
}

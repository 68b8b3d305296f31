//! Walking paths, reading files in parallel, assembling the archive.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::encoding::Encoding;
use super::parse::{ParsedDay, leading_date, parse_day};
use crate::error::{Error, Result};
use crate::model::{Archive, Channel, Day, Diagnostic, Severity, SpeakerId};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// Day files larger than this are refused: a message offset is 32 bits.
const MAX_FILE_BYTES: u64 = 1 << 30;
/// Extensions of files that may hold a day.
const TEXT_EXTENSIONS: &[&str] = &["markdown", "md", "mdown", "mkd", "txt", "text", "log"];
/// Extensions of files that never hold a day and are skipped unread.
const BINARY_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "svg", "tif", "tiff", "heic", "pdf", "zip",
    "gz", "tgz", "bz2", "xz", "7z", "rar", "mp3", "mp4", "mov", "avi", "wav", "amr", "silk", "exe",
    "dll", "so", "dylib", "db", "sqlite", "woff", "woff2", "ttf", "otf", "css", "js", "json",
    "yml", "yaml", "xml", "html", "htm",
];

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

/// A file to read: where it is shown as coming from, the folder that makes
/// its channel, and its contents when they are embedded.
pub(crate) struct Candidate {
    pub(crate) path: PathBuf,
    pub(crate) dir: PathBuf,
    pub(crate) embedded: Option<&'static [u8]>,
}

/// What became of one file.
enum Outcome {
    Day(Box<ParsedDay>),
    Skipped,
}

/// Loads every day file under `paths` (files or folders, recursively).
pub fn load(paths: &[PathBuf]) -> Result<Archive> {
    load_with(paths, &Progress::default())
}

/// [`load`], reporting progress as it goes.
pub fn load_with(paths: &[PathBuf], progress: &Progress) -> Result<Archive> {
    let (candidates, diagnostics) = find_files(paths)?;
    Ok(assemble(&candidates, diagnostics, progress))
}

/// The files under `paths` (files or folders, recursively), in the order
/// they are read, with the problems met on the way. A missing path is an
/// error; an unreadable folder is a diagnostic.
pub(crate) fn find_files(paths: &[PathBuf]) -> Result<(Vec<Candidate>, Vec<Diagnostic>)> {
    let mut candidates = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let meta = check_path(path)?;
        if meta.is_dir() {
            walk(path, &mut candidates, &mut diagnostics, &mut seen);
        } else if seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            candidates.push(Candidate {
                path: path.clone(),
                dir,
                embedded: None,
            });
        }
    }
    Ok((candidates, diagnostics))
}

/// The metadata of a path given on the command line, or the error [`load`]
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

/// Loads the sample archive embedded from seeds/.
pub fn load_embedded() -> Archive {
    let candidates: Vec<Candidate> = embedded::SEEDS
        .iter()
        .map(|(name, bytes)| Candidate {
            path: Path::new("seeds").join(name),
            dir: PathBuf::from("seeds"),
            embedded: Some(bytes),
        })
        .collect();
    assemble(&candidates, Vec::new(), &Progress::default())
}

/// Collects the files under `dir`, sorted; hidden folders are not entered.
fn walk(
    dir: &Path,
    out: &mut Vec<Candidate>,
    diagnostics: &mut Vec<Diagnostic>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    if !seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                dir,
                1,
                Severity::Error,
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        // Follow symlinks, but a broken one is reported as the file it claims to be.
        let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            if !hidden {
                walk(&path, out, diagnostics, seen);
            }
        } else if seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
            out.push(Candidate {
                path,
                dir: dir.to_path_buf(),
                embedded: None,
            });
        }
    }
}

fn assemble(
    candidates: &[Candidate],
    mut diagnostics: Vec<Diagnostic>,
    progress: &Progress,
) -> Archive {
    progress
        .files_total
        .store(candidates.len(), Ordering::Relaxed);
    let outcomes: Vec<(Outcome, Vec<Diagnostic>)> = candidates
        .par_iter()
        .map_init(Vec::new, |buf, c| {
            let r = read_one(c, progress, buf);
            progress.files_done.fetch_add(1, Ordering::Relaxed);
            r
        })
        .collect();

    // Channels: one per folder that holds at least one day.
    let mut archive = Archive::default();
    let mut channel_of_dir: HashMap<&Path, u32> = HashMap::new();
    let mut dirs: Vec<&Path> = Vec::new();
    let mut days: Vec<(u32, ParsedDay, &Path)> = Vec::new();
    for (c, (outcome, diags)) in candidates.iter().zip(outcomes) {
        diagnostics.extend(diags);
        if let Outcome::Day(parsed) = outcome {
            let parsed = *parsed;
            let next = dirs.len() as u32;
            let ch = *channel_of_dir.entry(&c.dir).or_insert(next);
            if ch == next {
                dirs.push(&c.dir);
            }
            days.push((ch, parsed, &c.path));
        }
    }
    let (names, order, rank) = channel_order(&dirs);
    days.sort_by(|a, b| {
        (rank[a.0 as usize], a.1.date, a.2).cmp(&(rank[b.0 as usize], b.1.date, b.2))
    });

    for &ch in &order {
        archive.channels.push(Channel {
            name: names[ch as usize].clone(),
            path: dirs[ch as usize].to_path_buf(),
            days: 0..0,
        });
    }
    let mut counts: Vec<u32> = Vec::new();
    for (ch, parsed, path) in days {
        let channel = rank[ch as usize];
        let Some(date) = parsed.date else { continue };
        push_day(&mut archive, channel, path, date, parsed, &mut counts);
    }
    archive.diagnostics = diagnostics;
    archive
}

/// The channels' names, their order (channel indexes sorted by name, then
/// folder) and each one's rank in that order.
pub(crate) fn channel_order(dirs: &[&Path]) -> (Vec<String>, Vec<u32>, Vec<u32>) {
    let names = channel_names(dirs);
    let mut order: Vec<u32> = (0..dirs.len() as u32).collect();
    order.sort_by(|&a, &b| {
        names[a as usize]
            .cmp(&names[b as usize])
            .then(dirs[a as usize].cmp(dirs[b as usize]))
    });
    let mut rank = vec![0u32; dirs.len()];
    for (r, &ch) in order.iter().enumerate() {
        rank[ch as usize] = r as u32;
    }
    (names, order, rank)
}

/// Adds a parsed day to `archive` (whose days are pushed in channel
/// order): interns its speakers archive-wide, counts their messages, and
/// extends its channel's range of days. `counts` is scratch space.
pub(crate) fn push_day(
    archive: &mut Archive,
    channel: u32,
    path: &Path,
    date: chrono::NaiveDate,
    parsed: ParsedDay,
    counts: &mut Vec<u32>,
) {
    let global: Vec<SpeakerId> = parsed
        .speakers
        .iter()
        .map(|n| archive.speakers.intern(n))
        .collect();
    counts.clear();
    counts.resize(global.len(), 0);
    let mut messages = parsed.messages;
    for m in &mut messages {
        counts[m.speaker.index()] += 1;
        m.speaker = global[m.speaker.index()];
    }
    for (&id, &n) in global.iter().zip(counts.iter()) {
        if n > 0 {
            archive.speakers.record(id, date, n);
        }
    }
    let index = archive.days.len();
    let c = &mut archive.channels[channel as usize];
    if c.days.is_empty() {
        c.days = index..index;
    }
    c.days.end = index + 1;
    archive.days.push(Day {
        date,
        channel,
        path: path.to_path_buf(),
        front_matter: parsed.front_matter,
        speaker_count: counts.iter().filter(|&&n| n > 0).count() as u32,
        messages,
        text: parsed.text,
        spans: parsed.spans,
    });
}

/// A channel's name: its folder's name (the group's name for Jekyll's
/// `_posts`), with the parent folder added where two would be the same.
fn channel_names(dirs: &[&Path]) -> Vec<String> {
    let base = |d: &Path, parents: usize| -> String {
        let abs = std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf());
        let mut parts: Vec<String> = abs
            .components()
            .rev()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.first().is_some_and(|p| p == "_posts") && parts.len() > 1 {
            parts.remove(0);
        }
        let n = (parents + 1).min(parts.len().max(1));
        let mut picked: Vec<String> = parts.into_iter().take(n).collect();
        picked.reverse();
        let name = picked.join("/");
        if name.is_empty() {
            "archive".to_string()
        } else {
            crate::text::sanitize_line(&name).into_owned()
        }
    };
    let mut names: Vec<String> = dirs.iter().map(|d| base(d, 0)).collect();
    for parents in 1..4 {
        let mut dup = HashMap::new();
        for n in &names {
            *dup.entry(n.clone()).or_insert(0) += 1;
        }
        if dup.values().all(|&c| c == 1) {
            break;
        }
        for (i, d) in dirs.iter().enumerate() {
            if dup[&names[i]] > 1 {
                names[i] = base(d, parents);
            }
        }
    }
    names
}

/// What the name of a file says about it: skipped unread (with the
/// severity and reason), or to be read, and whether its name starts with a date.
pub(crate) fn check_name(path: &Path) -> std::result::Result<bool, (Severity, String)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let day_named = leading_date(&name).is_some();
    if name.starts_with('.') {
        return Err((Severity::Note, "hidden file, skipped".into()));
    }
    if BINARY_EXTENSIONS.contains(&ext.as_str())
        || (!ext.is_empty() && !TEXT_EXTENSIONS.contains(&ext.as_str()) && !day_named)
    {
        return Err((Severity::Note, format!("not a day file (.{ext}), skipped")));
    }
    Ok(day_named)
}

/// The severity of a file that should be a day but is not (an error when
/// its name says it is a day).
pub(crate) fn bad_severity(day_named: bool) -> Severity {
    if day_named {
        Severity::Error
    } else {
        Severity::Note
    }
}

/// Why a file of raw bytes is refused before decoding (empty, binary), if it is.
pub(crate) fn check_bytes(head: &[u8], day_named: bool) -> Option<(Severity, String)> {
    let bad = bad_severity(day_named);
    if head.is_empty() {
        return Some((bad, "empty file".into()));
    }
    // UTF-16 text is full of zero bytes, and is text all the same.
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return None;
    }
    binary(head).map(|why| (bad, format!("not a text file ({why})")))
}

/// Why a parsed file is not kept as a day, if it is not.
pub(crate) fn check_day(
    date: Option<chrono::NaiveDate>,
    has_front_matter: bool,
    has_messages: bool,
    day_named: bool,
) -> Option<(Severity, &'static str)> {
    if date.is_none() {
        return Some(if has_messages || day_named {
            (
                Severity::Error,
                "no date in the front matter, the file name or the title; skipped",
            )
        } else {
            (
                Severity::Note,
                "not a day file (no date, no messages), skipped",
            )
        });
    }
    if !has_front_matter && !has_messages {
        return Some((
            bad_severity(day_named),
            "not a chat log: no front matter and no message headers",
        ));
    }
    None
}

/// Reads and parses one file, or says why it was skipped. `buf` is a
/// buffer to read into, reused from file to file.
fn read_one(c: &Candidate, progress: &Progress, buf: &mut Vec<u8>) -> (Outcome, Vec<Diagnostic>) {
    let path = &c.path;
    let mut diags = Vec::new();
    let skip = |diags: &mut Vec<Diagnostic>, severity: Severity, why: String| {
        diags.push(Diagnostic::new(path, 1, severity, why));
        Outcome::Skipped
    };
    let day_named = match check_name(path) {
        Ok(d) => d,
        Err((severity, why)) => return (skip(&mut diags, severity, why), diags),
    };
    let bytes: &[u8] = match c.embedded {
        Some(b) => b,
        None => match read_into(path, buf) {
            Ok(()) => buf,
            Err(why) => return (skip(&mut diags, Severity::Error, why), diags),
        },
    };
    progress
        .bytes_done
        .fetch_add(bytes.len(), Ordering::Relaxed);
    if let Some((severity, why)) = check_bytes(bytes, day_named) {
        return (skip(&mut diags, severity, why), diags);
    }
    // Valid UTF-8 (nearly always) is parsed in place; the rest is decoded lossily.
    let mut parsed = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => parse_day(path, text),
        Err(_) => parse_day(path, &decode(path, bytes.to_vec(), &mut diags)),
    };
    let has_messages = !parsed.messages.is_empty();
    match check_day(
        parsed.date,
        parsed.has_front_matter,
        has_messages,
        day_named,
    ) {
        None => {}
        Some((severity, why)) => {
            // As before: the parse's own warnings are kept for a file that
            // has a date but is not a chat log.
            if parsed.date.is_some() {
                diags.extend(parsed.diagnostics);
            }
            return (skip(&mut diags, severity, why.into()), diags);
        }
    }
    diags.append(&mut parsed.diagnostics);
    (Outcome::Day(Box::new(parsed)), diags)
}

pub(crate) fn read_file(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_into(path, &mut bytes)?;
    Ok(bytes)
}

/// Reads a whole file into `bytes` (cleared first, its capacity reused).
/// Refuses what is not a regular file (a FIFO would block the read for
/// ever, a device such as /dev/zero never ends), following symlinks.
pub(crate) fn check_regular(path: &Path) -> std::result::Result<(), String> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_file() {
        return Ok(());
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

pub(crate) fn read_into(path: &Path, bytes: &mut Vec<u8>) -> std::result::Result<(), String> {
    use std::io::Read;
    bytes.clear();
    check_regular(path)?;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "file is {len} bytes, more than the {MAX_FILE_BYTES} a day file may have"
        ));
    }
    bytes.reserve_exact(len as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file grew past the {MAX_FILE_BYTES} bytes a day file may have"
        ));
    }
    Ok(())
}

/// Why `bytes` look like a binary file, if they do.
fn binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x7fELF", "executable"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nul = memchr::memchr_iter(0, head).count();
    (nul * 100 > head.len()).then_some("binary data")
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

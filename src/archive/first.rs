//! The archive of the first screen: the interface draws one day before the
//! whole archive is loaded.
//!
//! [`first_day`] looks through the paths (names only: no file is opened),
//! picks the few files that hold the day to show and parses just those
//! into a small archive, merged as a load merges. The interface opens on it while
//! the whole archive loads, and swaps the whole one in when it is ready
//! (see `tui::run`).
//!
//! Which inputs: the reference format's day files carry their date in
//! their name (`2018-01-22-chat.md`), so the files of the day read last
//! (the date remembered in the state file), else those of the latest date,
//! are found without reading anything. An archive without such names (a
//! `WhatsApp` or Telegram export, a Slack workspace) gets its newest file
//! (by modification time). Folders a folder format reads whole (a Slack
//! workspace) are never read first. When the day's files would be every
//! input anyway (one big export file), there is no first archive: the
//! interface shows the load's progress until the whole archive is in.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use super::assemble::Assembler;
use super::formats::jekyll::leading_date;
use super::formats::{self, FolderProbe};
use super::load::{Options, Progress, check_name, read_job};
use super::walk::{FileJob, Job, Origin, is_virtual_fs};
use crate::model::Archive;

/// The archive of the first screen for `paths`, holding the day read last
/// (`last`, from the state file) or else the latest one; `None` when
/// nothing was found to read first, or when the day's files are all the
/// inputs there are.
pub fn first_day(paths: &[PathBuf], options: &Options, last: Option<NaiveDate>) -> Option<Archive> {
    let found = scan(paths, options);
    let picked = found.pick(last);
    if picked.is_empty() || (picked.len() == found.files.len() && found.others == 0) {
        return None;
    }
    let mut assembler = Assembler::new();
    let mut buf = Vec::new();
    let progress = Progress::default();
    for path in picked {
        let job = Job::File(FileJob {
            folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            origin: Origin::Fs(path.clone()),
            path,
        });
        assembler.add(read_job(&job, options, &progress, &mut buf));
    }
    let archive = assembler.finish().0;
    (!archive.days.is_empty()).then_some(archive)
}

/// What a quick look at the paths found.
#[derive(Default)]
struct Found {
    /// Files that may be chat files, with the date their name starts with.
    files: Vec<(PathBuf, Option<NaiveDate>)>,
    /// Inputs not looked into (zips, links, folders a folder format
    /// claims): the archive is more than `files`.
    others: usize,
}

/// Looks through `paths` as the load's walk would, but cheaper: the
/// entries' names and types only (no file is opened or stat'ed; folders
/// are, to skip `/proc` and a folder met twice), no sorting of every
/// name. Symbolic links and zips are counted, not followed: the first
/// screen may miss a day reached through them, the whole archive does not.
fn scan(paths: &[PathBuf], options: &Options) -> Found {
    let forced = options.format.is_some();
    let mut found = Found::default();
    let mut seen = HashSet::new();
    let mut stack: Vec<PathBuf> = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => stack.push(p.clone()),
            Ok(_) => found.add_file(p.clone(), forced),
            Err(_) => found.others += 1,
        }
    }
    while let Some(dir) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&dir) else {
            continue;
        };
        if is_virtual_fs(&meta) || !seen.insert((meta.dev(), meta.ino())) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files = Vec::new();
        let mut folders = Vec::new();
        let mut others = 0;
        for e in entries.filter_map(std::result::Result::ok) {
            let Ok(name) = e.file_name().into_string() else {
                others += 1;
                continue;
            };
            match e.file_type() {
                Ok(t) if t.is_dir() => folders.push(name),
                Ok(t) if t.is_file() => files.push(name),
                _ => others += 1,
            }
        }
        let probe = FolderProbe {
            path: &dir,
            files: &files,
            folders: &folders,
        };
        if formats::detect_folder(&probe, options.format).is_some() {
            found.others += 1;
            continue;
        }
        found.others += others;
        for name in files {
            if name.starts_with('.') {
                continue;
            }
            if name.to_ascii_lowercase().ends_with(".zip") {
                found.others += 1;
                continue;
            }
            found.add_file(dir.join(name), forced);
        }
        for name in folders {
            if !name.starts_with('.') {
                stack.push(dir.join(name));
            }
        }
    }
    found
}

impl Found {
    fn add_file(&mut self, path: PathBuf, forced: bool) {
        if check_name(&path, forced).is_some() {
            return;
        }
        let date = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(leading_date);
        self.files.push((path, date));
    }

    /// The files to read first; see the module documentation.
    fn pick(&self, last: Option<NaiveDate>) -> Vec<PathBuf> {
        let latest = self.files.iter().filter_map(|&(_, d)| d).max();
        let remembered = last.filter(|l| self.files.iter().any(|&(_, d)| d == Some(*l)));
        if let Some(date) = remembered.or(latest) {
            let mut picked: Vec<PathBuf> = self
                .files
                .iter()
                .filter(|&&(_, d)| d == Some(date))
                .map(|(p, _)| p.clone())
                .collect();
            picked.sort();
            return picked;
        }
        // No dated names: the file written last.
        let modified = |p: &Path| -> Option<SystemTime> {
            std::fs::metadata(p).and_then(|m| m.modified()).ok()
        };
        self.files
            .iter()
            .map(|(p, _)| (modified(p), p))
            .max()
            .map(|(_, p)| vec![p.clone()])
            .unwrap_or_default()
    }
}

// Tested in tests/first_screen.rs (the tests write archives to disk).

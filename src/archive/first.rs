//! The archive of the first screen: the interface draws one day before the
//! whole archive is loaded.
//!
//! [`first_day`] walks the paths (names only: no file is opened), picks
//! the few inputs that hold the day to show and parses just those into a
//! small archive, merged as a load merges. The interface opens on it while
//! the whole archive loads, and swaps the whole one in when it is ready
//! (see `tui::run`).
//!
//! Which inputs: the reference format's day files carry their date in
//! their name (`2018-01-22-chat.md`), so the files of the day read last
//! (the date remembered in the state file), else those of the latest date,
//! are found without reading anything. An archive without such names (a
//! `WhatsApp` or Telegram export, a Slack workspace) gets its newest file
//! (by modification time). When that would be every input anyway (one big
//! export file, one workspace folder), there is no first archive: the
//! interface shows the load's progress until the whole archive is in.

use std::path::PathBuf;
use std::time::SystemTime;

use chrono::NaiveDate;

use super::assemble::Assembler;
use super::formats::Parsed;
use super::formats::jekyll::leading_date;
use super::load::{Options, Progress, check_name, read_job};
use super::walk::{Job, Origin, walk};
use crate::model::Archive;

/// The archive of the first screen for `paths`, holding the day read last
/// (`last`, from the state file) or else the latest one; `None` when the
/// paths cannot be walked (the whole load reports why) or when the day's
/// inputs are all the inputs there are.
pub fn first_day(paths: &[PathBuf], options: &Options, last: Option<NaiveDate>) -> Option<Archive> {
    let (jobs, _) = walk(paths, options.format).ok()?;
    let picked = pick(&jobs, options, last);
    if picked.is_empty() || picked.len() == jobs.len() {
        return None;
    }
    let mut assembler = Assembler::new();
    let mut buf = Vec::new();
    let progress = Progress::default();
    for i in picked {
        let parsed: Parsed = read_job(&jobs[i], options, &progress, &mut buf);
        assembler.add(parsed);
    }
    let archive = assembler.finish().0;
    (!archive.days.is_empty()).then_some(archive)
}

/// The indexes in `jobs` of the inputs to read first; see the module
/// documentation.
fn pick(jobs: &[Job], options: &Options, last: Option<NaiveDate>) -> Vec<usize> {
    let forced = options.format.is_some();
    // Files that can be read, with the date their name starts with.
    let files: Vec<(usize, Option<NaiveDate>)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, job)| match job {
            Job::File(f) if !matches!(f.origin, Origin::Refused(..)) => {
                if check_name(&f.path, forced).is_some() {
                    return None;
                }
                let name = f.path.file_name()?.to_str()?;
                Some((i, leading_date(name)))
            }
            _ => None,
        })
        .collect();
    let latest = files.iter().filter_map(|&(_, d)| d).max();
    let remembered = last.filter(|l| files.iter().any(|&(_, d)| d == Some(*l)));
    if let Some(date) = remembered.or(latest) {
        return files
            .iter()
            .filter(|&&(_, d)| d == Some(date))
            .map(|&(i, _)| i)
            .collect();
    }
    // No dated names: the file written last.
    let modified = |i: usize| -> Option<SystemTime> {
        match &jobs[i] {
            Job::File(f) => match &f.origin {
                Origin::Fs(real) => std::fs::metadata(real).and_then(|m| m.modified()).ok(),
                _ => None,
            },
            Job::Folder(_) => None,
        }
    };
    files
        .iter()
        .map(|&(i, _)| (modified(i), i))
        .max()
        .map(|(_, i)| vec![i])
        .unwrap_or_default()
}

// Tested in tests/first_screen.rs (the tests write archives to disk).

//! `daybook check`: every diagnostic as `file:line: severity: reason`.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Outcome, plural};
use crate::error::Result;
use crate::model::{Archive, Diagnostic, Severity};
use crate::text::sanitize_line;

pub fn run(
    archive: &Archive,
    paths: &[PathBuf],
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    run_with(archive, paths, false, out, err)
}

/// [`run`], with `files`: after the diagnostics, one line per file read,
/// `file: read as FORMAT (APP): N days, M messages`.
pub fn run_with(
    archive: &Archive,
    paths: &[PathBuf],
    files: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let all = with_empty_days(archive);
    for d in &all {
        writeln!(out, "{}", sanitize_line(&d.to_string()))?;
    }
    if files {
        for row in file_rows(archive) {
            writeln!(
                out,
                "{}: read as {} ({}): {}, {}",
                sanitize_line(&row.path.to_string_lossy()),
                row.format,
                row.app,
                plural(row.days, "day"),
                plural(row.messages, "message"),
            )?;
        }
    }
    let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    writeln!(
        err,
        "{}, {}; {}, {}, {}",
        plural(archive.days.len(), "day"),
        plural(archive.message_count(), "message"),
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(notes, "note"),
    )?;
    crate::archive::require_archive_hint(archive, paths, false)?;
    Ok(if errors > 0 {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}

/// The archive's diagnostics with a note for each day file that holds no
/// message (a warning where its front matter claims some, as `lines: 760`),
/// placed among the others in file order.
fn with_empty_days(archive: &Archive) -> Vec<Cow<'_, Diagnostic>> {
    let mut all: Vec<Cow<Diagnostic>> = archive.diagnostics.iter().map(Cow::Borrowed).collect();
    for day in archive.days.iter().filter(|d| d.messages.is_empty()) {
        let path = archive.day_path(day);
        let note = empty_day(path);
        let at = all
            .iter()
            .rposition(|d| d.path == path)
            .map(|i| i + 1)
            .or_else(|| all.iter().position(|d| d.path.as_path() > path))
            .unwrap_or(all.len());
        all.insert(at, Cow::Owned(note));
    }
    all
}

fn empty_day(path: &Path) -> Diagnostic {
    match claimed_lines(path) {
        Some(n) if n > 0 => Diagnostic::new(
            path,
            1,
            Severity::Warning,
            format!("no messages, though the front matter says `lines: {n}`; the day is empty"),
        ),
        _ => Diagnostic::new(
            path,
            1,
            Severity::Note,
            "no messages (the day is listed with 0 messages)".to_string(),
        ),
    }
}

/// The `lines:` of a day file's front matter, read again from the file
/// (only for the few empty days, so the model need not keep it).
fn claimed_lines(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("lines:"))
        .and_then(|v| v.trim().parse().ok())
}

/// What one file gave.
pub struct FileRow<'a> {
    pub path: &'a Path,
    pub format: &'a str,
    pub app: &'a str,
    pub days: usize,
    pub messages: usize,
}

/// Every file read, in the order read, with what it gave.
pub fn file_rows(archive: &Archive) -> Vec<FileRow<'_>> {
    let mut rows: Vec<FileRow<'_>> = archive
        .files
        .iter()
        .map(|f| FileRow {
            path: &f.path,
            format: f.format,
            app: crate::archive::formats::by_name(f.format).map_or("", |x| x.app()),
            days: 0,
            messages: 0,
        })
        .collect();
    for day in &archive.days {
        let mut counted = vec![false; day.sources.len()];
        for m in &day.messages {
            let s = usize::from(m.source);
            if let Some(&f) = day.sources.get(s) {
                rows[f as usize].messages += 1;
                if !counted[s] {
                    counted[s] = true;
                    rows[f as usize].days += 1;
                }
            }
        }
    }
    rows
}

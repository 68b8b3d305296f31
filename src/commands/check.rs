//! `daybook check`: every diagnostic as `file:line: severity: reason`.

use std::io::Write;

use super::Outcome;
use crate::error::Result;
use crate::model::{Archive, Severity};
use crate::text::sanitize_line;

pub fn run(archive: &Archive, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    for d in &archive.diagnostics {
        writeln!(out, "{}", sanitize_line(&d.to_string()))?;
    }
    let count = |s: Severity| {
        archive
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let messages = archive.message_count();
    writeln!(
        err,
        "{} days, {messages} messages; {errors} errors, {warnings} warnings, {notes} notes",
        archive.days.len()
    )?;
    Ok(if errors > 0 {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}

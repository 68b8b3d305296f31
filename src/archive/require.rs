//! Whether what was loaded is an archive at all: paths that hold no chat
//! file (an empty folder, a README, `/dev/null`) are an error for every
//! command and for the interface alike.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Archive;

/// An error when `paths` hold no chat file at all (an empty folder, a
/// README, `/dev/null`): such input is not an archive, and saying nothing
/// would look like an archive with nothing in it.
pub fn require_archive(archive: &Archive, paths: &[PathBuf]) -> Result<()> {
    require_archive_hint(archive, paths, true)
}

/// [`require_archive`]; `hint` adds which `daybook check` says why.
pub fn require_archive_hint(archive: &Archive, paths: &[PathBuf], hint: bool) -> Result<()> {
    if paths.is_empty() || !archive.channels.is_empty() || !archive.days.is_empty() {
        return Ok(());
    }
    let mut files: Vec<&std::path::Path> = archive
        .diagnostics
        .iter()
        .map(|d| d.path.as_path())
        .collect();
    files.sort();
    files.dedup();
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let check = names
        .iter()
        .map(|n| quote_arg(n))
        .collect::<Vec<_>>()
        .join(" ");
    let why = if hint {
        format!(" (`daybook check {check}` says why)")
    } else {
        String::new()
    };
    let detail = match files.len() {
        0 => "no files in it".to_string(),
        1 if paths.len() == 1 && paths[0].as_path() == files[0] => {
            format!("not a chat file daybook reads{why}")
        }
        1 => format!("its one file is not a chat file daybook reads{why}"),
        n => format!("none of its {n} files is a chat file daybook reads{why}"),
    };
    Err(Error::NoArchive {
        paths: names.join(", "),
        detail,
    })
}

/// `s` as a shell word: as is when plain, else in single quotes.
fn quote_arg(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "/._-+:@,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_day_files_is_no_archive() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let paths = vec![dir.path().to_path_buf()];
        let archive = crate::archive::load(&paths).expect("an empty folder loads");
        let err = require_archive(&archive, &paths).expect_err("no archive");
        assert!(matches!(err, Error::NoArchive { .. }), "{err:?}");
        assert!(
            err.to_string()
                .ends_with("not a chat archive: no files in it"),
            "{err}"
        );
        // The bundled sample (no paths) is always an archive.
        assert!(require_archive(&Archive::default(), &[]).is_ok());
    }
}

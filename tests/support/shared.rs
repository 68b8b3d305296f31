//! The real-world samples beside the project (`../shared`, or where
//! `DAYBOOK_SHARED` says), which are not part of it: tests about them skip,
//! saying so, where they are absent. Included with `#[path]`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/SUB` beside the checkout, or `SUB` where `DAYBOOK_SHARED`
/// says; `None`, with a note on stderr naming `test`, when it is not there.
pub fn shared(sub: &str, test: &str) -> Option<PathBuf> {
    let root = std::env::var_os("DAYBOOK_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let dir = root.join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        // Straight to stderr: the harness would swallow eprintln!.
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: {} is absent (it is not part of the project; set DAYBOOK_SHARED)",
            dir.display()
        );
        None
    }
}

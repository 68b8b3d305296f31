//! Finding, reading and parsing chat exports into an [`Archive`](crate::model::Archive).
//!
//! - [`formats`]: one module per chat app's export, behind one interface
//!   (detect a file, parse its bytes into pieces of the model), with the
//!   shared builder parsers write into; the reference format is
//!   [`formats::jekyll`].
//! - `walk`: the paths given as one tree of real folders and zips (read in
//!   place, with limits), symlinks kept inside the paths given.
//! - [`load`]: walks, reads and parses every input in parallel, then
//!   merges the pieces (`assemble`): chats into channels, days of one
//!   channel and date into one day, replies resolved. A file that cannot
//!   be read is reported and the others still load.
//! - `first`: the few inputs holding the day the interface shows first,
//!   read before the rest.
//! - [`follow`]: keeps what a load read and reads again only what changed
//!   on disk (appended, new, rewritten, deleted files), on a thread woken
//!   by the file system's notifications.
//! - [`scan`]: reads an archive for one search: the same files and
//!   channels, but for the reference format only the messages whose raw
//!   bytes could match; other formats are loaded whole.

mod assemble;
mod encoding;
mod first;
pub mod follow;
pub mod formats;
mod load;
mod read_big;
mod require;
mod scan;
mod spans;
mod walk;

pub use assemble::assemble;
pub use first::first_day;
pub use formats::jekyll::{ParsedDay, leading_date, parse_day};
pub use load::{Options, Progress, load, load_embedded, load_with, load_with_options};
pub use require::{require_archive, require_archive_hint};
pub use scan::{RawFilter, Scan, Selection, Spread, complete_days, fast_path_applies, scan};
pub use walk::ZipLimits;

/// An archive assembled from parsed pieces, as the loader merges them
/// (chats into channels, days merged, replies resolved): for tests and
/// tools that parse in memory.
pub fn from_parsed(pieces: impl IntoIterator<Item = formats::Parsed>) -> crate::model::Archive {
    let mut a = assemble::Assembler::new();
    for p in pieces {
        a.add(p);
    }
    a.finish().0
}

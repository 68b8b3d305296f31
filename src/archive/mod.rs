//! Finding, reading and parsing day files into an [`Archive`](crate::model::Archive).
//!
//! [`parse_day`] is pure (text in, day and diagnostics out); [`load`] walks
//! the paths, reads and parses the files in parallel and assembles the
//! model. A file that cannot be read as a day is reported and the others
//! still load. [`scan`] reads an archive for one search: the same files and
//! channels, but only the messages whose raw bytes could match.

mod encoding;
mod entities;
mod frontmatter;
mod load;
mod parse;
mod scan;
mod spans;

pub use load::{Progress, load, load_embedded, load_with};
pub use parse::{ParsedDay, leading_date, parse_day};
pub use scan::{RawFilter, Scan, Selection, complete_days, scan};

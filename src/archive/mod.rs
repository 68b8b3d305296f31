//! Finding, reading and parsing day files into an [`Archive`](crate::model::Archive).
//!
//! [`parse_day`] is pure (text in, day and diagnostics out); [`load`] walks
//! the paths, reads and parses the files in parallel and assembles the
//! model. A file that cannot be read as a day is reported and the others
//! still load.

mod entities;
mod frontmatter;
mod load;
mod parse;
mod spans;

pub use load::{Progress, load, load_embedded, load_with};
pub use parse::{ParsedDay, leading_date, parse_day};

//! The library's error type. Diagnostics about the content of files are not
//! errors (see [`crate::model::Diagnostic`]); these are the failures that
//! stop a command.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::query::QueryError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or folder", .0.display())]
    Missing(PathBuf),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid query: {source}: `{}` at column {}", .query.get(.source.span.clone()).unwrap_or(""), .column)]
    Query {
        query: String,
        /// 1-based column of the bad part, in display columns.
        column: usize,
        #[source]
        source: QueryError,
    },
    #[error("no day {date} in the archive{}", .nearest.map(|n| format!(" (nearest: {n})")).unwrap_or_default())]
    DayNotFound {
        date: NaiveDate,
        nearest: Option<NaiveDate>,
    },
    #[error("{date}: {channels} channels have this day; pick one with --channel ({names})")]
    AmbiguousDay {
        date: NaiveDate,
        channels: usize,
        names: String,
    },
    /// The paths given hold no day file at all.
    #[error("{paths}: not a chat archive: {detail}")]
    NoArchive { paths: String, detail: String },
    #[error("no channel matches {0:?}")]
    NoSuchChannel(String),
    #[error("{0}")]
    Usage(String),
    /// A bad config file: the file, the 1-based line (0 when unknown) and what is wrong.
    #[error("{}{}: {message}", .path.display(), if *.line > 0 { format!(":{}", .line) } else { String::new() })]
    Config {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
}

impl Error {
    /// Builds the error for a query that did not parse.
    pub fn query(input: &str, source: QueryError) -> Self {
        let before = input.get(..source.span.start).unwrap_or(input);
        Error::Query {
            query: input.to_string(),
            column: crate::text::width(before) + 1,
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

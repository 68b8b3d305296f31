//! daybook: a terminal reader for chat-log archives.
//!
//! Data flows one way:
//!
//! - [`archive`] walks files, folders and zips, detects each file's chat
//!   export format, reads them in parallel and parses each into the
//!   [`model`] (channels, days, messages, speakers), collecting diagnostics
//!   with file and line; one module per format lives in
//!   [`archive::formats`];
//! - [`text`] measures display width, wraps CJK-aware and sanitises every
//!   string before it reaches a terminal;
//! - [`speaker`] is how a speaker is shown everywhere: label and colour;
//! - [`present`] puts counts, markers, emoji and attachment cards into
//!   words, the same for the command line and the interface;
//! - [`query`] parses the query language and matches messages, shared by the
//!   command line and the interface;
//! - [`commands`] are the non-interactive subcommands, each writing to any
//!   `impl Write`;
//! - [`tui`] is the interactive reader;
//! - [`cli`] is the clap definition, [`config`] what it resolves to, and
//!   [`settings`] the optional config file.

pub mod archive;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod model;
pub mod present;
pub mod query;
pub mod settings;
pub mod speaker;
pub mod state;
pub mod text;
pub mod tui;

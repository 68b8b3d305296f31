//! Chat export formats: one module per app, all producing the one
//! [model](crate::model).
//!
//! # The interface
//!
//! A format is a [`Format`]: a name (for `--input-format` and `check`), the
//! app it belongs to (the label channels carry), a pure [`Format::detect`]
//! that looks at a file's name and first bytes ([`Probe`]) and says how sure
//! it is ([`Confidence`]), and a pure [`Format::parse`] from the file's
//! bytes and a [`ParseContext`] (the zone, the path to show, the folder or
//! zip it is in) to [`Parsed`]: chats, days and messages plus diagnostics.
//! A format that reads a whole folder or zip (a Slack workspace) also
//! implements [`Format::detect_folder`] and [`Format::parse_folder`], and
//! reads the members through a [`Folder`].
//!
//! Parsers build their output with the shared [`Builder`], which interns
//! speakers, sanitises text (reporting controls with the file and line or
//! message id), finds spans, stores attachments, reactions, replies and
//! styles, and groups messages into days by (chat, date), keeping the
//! file's order within a day even when the file is not sorted.
//!
//! Parsing one input gives pieces ([`Parsed`]); merging the pieces of all
//! inputs into an [`Archive`](crate::model::Archive) is the loader's job
//! (`archive::assemble`), so that more pieces can be merged later.
//!
//! # Adding a format
//!
//! Write a module here with a `pub static FORMAT: &dyn Format`, and add it
//! to [`REGISTRY`], most specific formats first: detection picks the
//! highest confidence, and the earlier format on a tie.

pub mod append;
pub mod builder;
pub mod discord;
pub mod irc;
pub mod jekyll;
mod json_scan;
pub mod line;
pub mod meta;
mod names;
pub mod slack;
pub mod telegram;
pub mod whatsapp;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use builder::{Builder, ChatId, Loc, MessageBuilder};
pub use names::Names;

use crate::model::{Day, Diagnostic, Severity, Zone};

/// Every format daybook reads, most specific first.
pub static REGISTRY: &[&dyn Format] = &[
    slack::FORMAT,
    telegram::FORMAT,
    discord::FORMAT,
    meta::INSTAGRAM,
    meta::MESSENGER,
    whatsapp::FORMAT,
    line::FORMAT,
    irc::FORMAT,
    jekyll::FORMAT,
];

/// The reference format, read when nothing more specific claims a text file.
pub fn reference() -> &'static dyn Format {
    jekyll::FORMAT
}

/// The format called `name` (case-insensitive), if there is one.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    REGISTRY.iter().copied().find(|f| {
        f.name().eq_ignore_ascii_case(name)
            || f.aliases().iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// The names of every format, for messages and help.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|f| f.name()).collect()
}

/// One chat app's export format.
pub trait Format: Sync {
    /// Short lower-case name, for `--input-format` and `check`: `jekyll`, `whatsapp`.
    fn name(&self) -> &'static str;

    /// Other names `--input-format` accepts.
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// The app, as channels show it: `WeChat`, `WhatsApp`, `Telegram`.
    fn app(&self) -> &'static str;

    /// Whether the app calls its channels `#name` though the names this
    /// format gives them do not carry the `#` (Slack's `general`): the
    /// interface then writes them `#general`. Names that carry their own
    /// sign (IRC's `#rust`, Discord's `Guild / #general`) and chats named
    /// by a title or a person (WhatsApp's, Telegram's) say no.
    fn hash_named(&self) -> bool {
        false
    }

    /// Extensions (lower-case, without the dot) of the files this format
    /// may read.
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether a file may be of this format from its name alone (the
    /// probe's head is empty): worth reading its first bytes. By default,
    /// whether its extension is one of [`Format::extensions`].
    fn may_read(&self, probe: &Probe<'_>) -> bool {
        self.extensions().iter().any(|e| probe.has_ext(e))
    }

    /// How sure this format is that a file is one of its own, from its name
    /// and first bytes; `None` when it is not.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence>;

    /// Parses a whole file. Pure: the same bytes and context give the same
    /// result. A file that turns out not to be of this format gives no
    /// days and a diagnostic saying why.
    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed;

    /// Parses a file on disk (one the loader has claimed for this format
    /// by its first bytes) without the loader reading it whole first, or
    /// `None` to have it read whole and given to [`Format::parse`]: for a
    /// format that reads big files better from disk, part by part. It
    /// gives `None` for a file over the loader's size limit (which the
    /// loader refuses), and otherwise what `parse` gives for the file's
    /// bytes. By default, `None`.
    fn parse_file(&self, _path: &Path, _ctx: &ParseContext<'_>) -> Option<Parsed> {
        None
    }

    /// Whether the format's files grow by whole lines appended at the end
    /// (a chat log being written): when such a file is followed and its
    /// last line has no newline yet, that line is held back until it is
    /// complete, instead of being read half-written. By default, no.
    fn appends(&self) -> bool {
        false
    }

    /// For a format that [appends](Format::appends): reads `bytes`, a file
    /// from `from.offset` on (the whole file when `from` is `None`), with
    /// the context `from` carries, so that a file that grew is read from
    /// where the last read stopped. What it gives ([`ReadOn`]) is the
    /// messages before the last one, the last one apart (lines written
    /// later may still extend it), and where and how to read on: at the
    /// start of that last message. Reading a file whole, or its start and
    /// then the rest from the [`Resume`] the start gave, gives the same
    /// messages. `None` when the bytes cannot be read on that way (the new
    /// lines change what the file's start means, such as the date order a
    /// WhatsApp file was read with, or the text is not UTF-8): the file is
    /// then read whole. By default, never.
    fn read_on(
        &self,
        _bytes: &[u8],
        _from: Option<&Resume>,
        _ctx: &ParseContext<'_>,
    ) -> Option<ReadOn> {
        None
    }

    /// For formats whose export is a folder (or zip): how sure this format
    /// is that a folder, given the names of what it holds, is one export.
    fn detect_folder(&self, _probe: &FolderProbe<'_>) -> Option<Confidence> {
        None
    }

    /// Parses a folder claimed with [`Format::detect_folder`], reading its
    /// members through `folder`. `ctx.path` and `ctx.folder` are the folder.
    fn parse_folder(&self, _folder: &dyn Folder, ctx: &ParseContext<'_>) -> Parsed {
        let mut parsed = Parsed::default();
        parsed.diagnostics.push(Diagnostic::new(
            ctx.path,
            1,
            Severity::Error,
            format!("the {} format does not read folders", self.name()),
        ));
        parsed
    }
}

impl std::fmt::Debug for dyn Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Format({})", self.name())
    }
}

/// Where a growing file is read on from, and what its format needs to
/// know there (see [`Format::read_on`]).
#[derive(Clone)]
pub struct Resume {
    /// Byte offset in the file: the start of a line.
    pub offset: usize,
    /// How many lines come before it.
    pub line: u32,
    /// The format's own context at that point (the reference format: the
    /// day's date; WhatsApp: the layout and date order of the file; IRC:
    /// the current date and the last time, for rollovers at midnight).
    pub state: std::sync::Arc<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for Resume {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resume")
            .field("offset", &self.offset)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

impl Resume {
    /// The format's state, if it is of type `T`.
    pub fn state<T: 'static>(&self) -> Option<&T> {
        self.state.downcast_ref()
    }
}

/// What [`Format::read_on`] read.
#[derive(Debug)]
pub struct ReadOn {
    /// The messages before the last one (for a first read, with what the
    /// file's start says: front matter, diagnostics).
    pub done: Parsed,
    /// The last message, which lines written later may extend (empty for
    /// formats whose messages are one line each).
    pub last: Parsed,
    /// Where the next read starts: at `last`'s first line.
    pub resume: Resume,
}

/// How sure a format is of a file, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// It can read the file for lack of anything better (the reference
    /// format and any text file).
    Fallback,
    /// The file's name says so (`WhatsApp Chat with …`).
    Name,
    /// The file's first bytes say so (a header line, a JSON key).
    Content,
    /// Both say so, or the content is unmistakable.
    Certain,
}

/// What detection sees of a file.
#[derive(Debug, Clone)]
pub struct Probe<'a> {
    /// The path shown for the file.
    pub path: &'a Path,
    /// Its file name.
    pub name: &'a str,
    /// Its extension, lower-case, without the dot (empty when none).
    pub ext: &'a str,
    /// Its first bytes (up to [`PROBE_BYTES`]), as read.
    pub head: &'a [u8],
    /// The head as text, made once for every format that asks.
    text: Cow<'a, str>,
}

/// How many bytes of a file detection sees.
pub const PROBE_BYTES: usize = 4096;

impl<'a> Probe<'a> {
    /// A probe of `head`, the first bytes of the file at `path`.
    pub fn new(path: &'a Path, head: &'a [u8]) -> Self {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let head = &head[..head.len().min(PROBE_BYTES)];
        Probe {
            path,
            name,
            ext,
            head,
            text: head_text(head),
        }
    }

    /// Whether the extension is `ext` (ASCII case-insensitive).
    pub fn has_ext(&self, ext: &str) -> bool {
        self.ext.eq_ignore_ascii_case(ext)
    }

    /// The head as text: a UTF-8 byte-order mark and leading U+200E,
    /// U+200F and U+FEFF removed, invalid bytes replaced.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// [`Probe::text`] of `head`: borrowed when it is valid UTF-8, or only
/// cut short inside its last character (as a probe of a longer file
/// often is), which becomes one U+FFFD as in `String::from_utf8_lossy`.
fn head_text(mut head: &[u8]) -> Cow<'_, str> {
    loop {
        let before = head.len();
        for mark in ["\u{feff}", "\u{200e}", "\u{200f}"] {
            head = head.strip_prefix(mark.as_bytes()).unwrap_or(head);
        }
        if head.len() == before {
            break;
        }
    }
    match simdutf8::compat::from_utf8(head) {
        Ok(text) => Cow::Borrowed(text),
        Err(e) if e.error_len().is_none() => {
            let valid = simdutf8::basic::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default();
            Cow::Owned(format!("{valid}\u{FFFD}"))
        }
        Err(_) => String::from_utf8_lossy(head),
    }
}

/// What folder detection sees of a folder (or of a zip's root or folder).
#[derive(Debug, Clone, Copy)]
pub struct FolderProbe<'a> {
    /// The path shown for the folder.
    pub path: &'a Path,
    /// The names of the files directly in it.
    pub files: &'a [String],
    /// The names of the folders directly in it.
    pub folders: &'a [String],
}

impl FolderProbe<'_> {
    pub fn has_file(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name)
    }

    pub fn has_folder(&self, name: &str) -> bool {
        self.folders.iter().any(|f| f == name)
    }
}

/// A folder or zip that a folder format reads: its members by relative
/// path (`/`-separated), read with the same limits and safety rules as the
/// walk (no symlink out of the archive, no device, bounded zip entries).
pub trait Folder: Send + Sync {
    /// Every file below the folder, as sorted relative paths (hidden files
    /// and folders left out).
    fn files(&self) -> &[String];

    /// The bytes of the member `rel`, or why it could not be read.
    fn read(&self, rel: &str) -> Result<Vec<u8>, String>;

    /// The path shown for the member `rel`.
    fn path_of(&self, rel: &str) -> PathBuf;

    /// The size in bytes of the member `rel`, when it can be known without
    /// reading it (for attachments that name the member). By default
    /// unknown.
    fn size(&self, _rel: &str) -> Option<u64> {
        None
    }
}

/// What a parser is told besides the bytes.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext<'a> {
    /// The path shown for the file (in diagnostics, `check` and `--json`):
    /// a file on disk, or `EXPORT.zip/MEMBER`.
    pub path: &'a Path,
    /// The folder (or zip) it is in, as shown; its last component is the
    /// name of a chat whose file does not say (`_chat.txt` in `Family.zip`).
    pub folder: &'a Path,
    /// The zone that instants are shown in and days follow.
    pub zone: Zone,
}

impl ParseContext<'_> {
    /// The name of the folder or zip the file is in (`Family.zip` for a
    /// member of `Family.zip`), or `""`.
    pub fn folder_name(&self) -> Cow<'_, str> {
        self.folder
            .file_name()
            .map_or(Cow::Borrowed(""), |n| n.to_string_lossy())
    }

    /// The file's bytes as text: UTF-8 (borrowed when valid), UTF-16 with a
    /// byte-order mark, or GB18030; what was done is noted in `diagnostics`.
    pub fn decode<'b>(&self, bytes: &'b [u8], diagnostics: &mut Vec<Diagnostic>) -> Cow<'b, str> {
        match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => Cow::Owned(super::load::decode(self.path, bytes.to_vec(), diagnostics)),
        }
    }
}

/// One chat as a parser found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chat {
    /// The app, as [`Format::app`] says.
    pub app: &'static str,
    /// What makes two pieces the same chat within the app (a chat id, a
    /// folder): pieces of equal key are merged into one channel.
    pub key: String,
    /// Its name, or `None` to name it after the last components of `path`
    /// (as the reference format names channels after their folders).
    pub name: Option<String>,
    /// Where it came from (a file, a folder, a zip).
    pub path: PathBuf,
    /// The key of the chat this one is a thread of.
    pub parent: Option<String>,
    /// A second key, for one conversation an export writes twice under
    /// two keys (Messenger's end-to-end encrypted copy of a chat beside its
    /// regular folder): chats of one app with equal `same_as` are merged
    /// into one channel, and a message without a source id found in both
    /// (same speaker, time and text) is kept once.
    pub same_as: Option<String>,
}

/// What parsing one input gave: pieces of the model, before merging.
///
/// `days[i].channel` indexes `chats`; `days[i].sources` index `files`;
/// messages' speakers index `speakers`. Days are in the order they were
/// first met; a (chat, date) pair appears at most once, except in pieces
/// put together with [`Parsed::merge`] (the loader merges such days).
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub chats: Vec<Chat>,
    pub days: Vec<Day>,
    /// Speaker names, sanitised, local to this input.
    pub speakers: Names,
    /// The paths shown for the files read (`days[i].sources` index it).
    pub files: Vec<PathBuf>,
    /// The format's name.
    pub format: &'static str,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether its days stay apart from days of the same chat and date
    /// read from other inputs (the reference format: each file is its own
    /// day, as it always was) instead of merging with them.
    pub separate_days: bool,
}

impl Parsed {
    /// Nothing but a diagnostic: a file not read as this format.
    pub fn refused(path: &Path, line: u32, severity: Severity, why: impl Into<String>) -> Parsed {
        Parsed {
            diagnostics: vec![Diagnostic::new(path, line, severity, why)],
            ..Parsed::default()
        }
    }

    /// Total number of messages.
    pub fn message_count(&self) -> usize {
        self.days.iter().map(|d| d.messages.len()).sum()
    }

    /// One input's pieces from several parts of it (a folder format may
    /// build its channels on several threads, one [`Builder`] each): chats
    /// of equal key become one, speakers and files are interned, and
    /// indexes are remapped. A chat and date may then have two days; the
    /// loader merges them as it merges the days of several inputs.
    pub fn merge(format: &'static str, parts: impl IntoIterator<Item = Parsed>) -> Parsed {
        use std::collections::HashMap;
        let mut out = Parsed {
            format,
            ..Parsed::default()
        };
        let mut chat_index: HashMap<String, u32> = HashMap::new();
        let mut speaker_index: HashMap<String, u32> = HashMap::new();
        let mut file_index: HashMap<PathBuf, u32> = HashMap::new();
        for part in parts {
            let chat_map: Vec<u32> = part
                .chats
                .into_iter()
                .map(|c| {
                    let next = out.chats.len() as u32;
                    let i = *chat_index.entry(c.key.clone()).or_insert(next);
                    if i == next {
                        out.chats.push(c);
                    } else if out.chats[i as usize].same_as.is_none() {
                        out.chats[i as usize].same_as = c.same_as;
                    }
                    i
                })
                .collect();
            let speaker_map = out.speakers.intern_all(&part.speakers, &mut speaker_index);
            let file_map: Vec<u32> = part
                .files
                .into_iter()
                .map(|f| {
                    let next = out.files.len() as u32;
                    let i = *file_index.entry(f.clone()).or_insert(next);
                    if i == next {
                        out.files.push(f);
                    }
                    i
                })
                .collect();
            for mut day in part.days {
                day.channel = chat_map[day.channel as usize];
                for s in &mut day.sources {
                    *s = file_map[*s as usize];
                }
                for m in &mut day.messages {
                    m.speaker = crate::model::SpeakerId(speaker_map[m.speaker.index()]);
                }
                out.days.push(day);
            }
            out.diagnostics.extend(part.diagnostics);
        }
        out
    }
}

/// The format that reads `probe`'s file: `forced` when given, else the
/// most confident of the registry (the earlier on a tie); with how sure it is.
pub fn detect(
    probe: &Probe<'_>,
    forced: Option<&'static dyn Format>,
) -> Option<(&'static dyn Format, Confidence)> {
    if let Some(f) = forced {
        return Some((f, Confidence::Certain));
    }
    let mut best: Option<(&'static dyn Format, Confidence)> = None;
    for &f in REGISTRY {
        if let Some(c) = f.detect(probe) {
            if best.is_none_or(|(_, b)| c > b) {
                best = Some((f, c));
            }
        }
    }
    best
}

/// The folder format that claims a folder, if one does (with `forced`,
/// only that format is asked).
pub fn detect_folder(
    probe: &FolderProbe<'_>,
    forced: Option<&'static dyn Format>,
) -> Option<&'static dyn Format> {
    let asked: &[&'static dyn Format] = match forced {
        Some(ref f) => std::slice::from_ref(f),
        None => REGISTRY,
    };
    let mut best: Option<(&'static dyn Format, Confidence)> = None;
    for &f in asked {
        if let Some(c) = f.detect_folder(probe) {
            if best.is_none_or(|(_, b)| c > b) {
                best = Some((f, c));
            }
        }
    }
    best.map(|(f, _)| f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TimeOfDay, Zone};
    use chrono::NaiveDate;

    #[test]
    fn probe_text_is_the_lossy_head_without_its_marks() {
        let lossy = |head: &[u8]| {
            let mut h = head;
            while let Some(rest) = ["\u{feff}", "\u{200e}", "\u{200f}"]
                .iter()
                .find_map(|m| h.strip_prefix(m.as_bytes()))
            {
                h = rest;
            }
            String::from_utf8_lossy(h).into_owned()
        };
        let text = "\u{feff}\u{200e}--- 各大佬 😀 é\n> 10:00:00  张三\n";
        // Cut anywhere, inside a character too; and invalid bytes inside.
        for cut in 0..=text.len() {
            let head = &text.as_bytes()[..cut];
            assert_eq!(
                Probe::new(Path::new("a.md"), head).text(),
                lossy(head),
                "{cut}"
            );
            let mut bad = head.to_vec();
            bad.insert(cut / 2, 0xFF);
            assert_eq!(
                Probe::new(Path::new("a.md"), &bad).text(),
                lossy(&bad),
                "{cut}"
            );
        }
    }

    fn part(file: &str, chat: &str, speakers: &[&str]) -> Parsed {
        let ctx = ParseContext {
            path: Path::new(file),
            folder: Path::new("ws"),
            zone: Zone::Local,
        };
        let mut b = Builder::new(jekyll::FORMAT, &ctx);
        let c = b.chat(chat, Some(chat));
        let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        for (i, s) in speakers.iter().enumerate() {
            let id = b.speaker(s, Loc::Line(1));
            let t = TimeOfDay::from_hms(i as u32, 0, 0).unwrap();
            b.message(c, date, t, id, Loc::Line(i as u32 + 1)).text(s);
        }
        b.finish()
    }

    #[test]
    fn merge_interns_chats_speakers_and_files() {
        let merged = Parsed::merge(
            "jekyll",
            [
                part("ws/a/1.json", "a", &["ann", "bob"]),
                part("ws/b/1.json", "b", &["bob", "cy"]),
                part("ws/a/1.json", "a", &["cy"]),
            ],
        );
        assert_eq!(merged.format, "jekyll");
        let keys: Vec<&str> = merged.chats.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, vec!["a", "b"]);
        assert_eq!(merged.speakers, vec!["ann", "bob", "cy"]);
        assert_eq!(merged.files.len(), 2);
        let shape: Vec<(u32, Vec<u32>, Vec<&str>)> = merged
            .days
            .iter()
            .map(|d| {
                (
                    d.channel,
                    d.sources.clone(),
                    d.messages
                        .iter()
                        .map(|m| &merged.speakers[m.speaker.index()])
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (0, vec![0], vec!["ann", "bob"]),
                (1, vec![1], vec!["bob", "cy"]),
                (0, vec![0], vec!["cy"]),
            ]
        );
    }
}

//! Slack workspace exports, as a folder or a `.zip`, and loose day files.
//!
//! An export holds `users.json`, `channels.json` (and `groups.json`,
//! `dms.json`, `mpims.json` where the plan or the exporter writes them),
//! and a folder per channel with one JSON array of messages per UTC day,
//! `YYYY-MM-DD.json`; Enterprise Grid exports nest workspaces as
//! `teams/<team>/…` with their own `users.json` and channel folders. The
//! export is claimed whole ([`Format::detect_folder`]) and its channels are
//! built in parallel, one [`Builder`] each.
//!
//! - Channels: a folder is matched with its entry in the listings (by
//!   name; DMs by id) and named `general` (the interface marks channels
//!   with `#` itself), `DM: ann, bob` or `group DM: ann, bob, cy`; a folder
//!   no listing names keeps its folder's name.
//! - People: ids are named from `users.json` (display name, else real
//!   name, else user name), else from the messages themselves (a
//!   `user_profile`, a user's `username`); bots by the name they posted
//!   under, their profile, or the integration link of a `bot_add`
//!   message. An id no name is found for is shown as the id, and a note
//!   lists them.
//! - Time: `ts` (UTC seconds, a string) in the reader's zone; a message
//!   lands on its local date, whatever day file holds it. `ts` is the
//!   message's id, and `thread_ts` the id of its thread's parent, so a
//!   reply finds its parent in any day file of the channel.
//! - Text: see [`mrkdwn`] and [`blocks`]; subtypes in `message`.
//!
//! A day file met without its export (`2018-01-20.json`, or any JSON file
//! whose first object is a Slack message) is read alone: its channel is
//! named after its folder, and people are named from the messages alone.

mod blocks;
mod json;
mod message;
mod mrkdwn;
mod names;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{
    Builder, ChatId, Confidence, Folder, FolderProbe, Format, Loc, ParseContext, Parsed, Probe,
};
use crate::model::{Diagnostic, Severity};
use message::Env;
use names::{Directory, Learned};

/// The Slack format behind the [`Format`] interface.
pub static FORMAT: &dyn Format = &Slack;

/// The app label of Slack channels.
pub const APP: &str = "Slack";

/// The files that list an export's channels, and what they list.
const LISTINGS: &[(&str, Listing)] = &[
    ("channels.json", Listing::Public),
    ("groups.json", Listing::Private),
    ("dms.json", Listing::Dm),
    ("mpims.json", Listing::Group),
];

/// Files of an export that hold no messages and are not read.
const OTHER_FILES: &[&str] = &[
    "integration_logs.json",
    "canvases.json",
    "lists.json",
    "huddle_transcripts.json",
    "file_conversations.json",
];

/// What kind of conversation a listing holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Public,
    Private,
    Dm,
    Group,
}

/// Slack exports and day files.
#[derive(Debug, Clone, Copy)]
pub struct Slack;

impl Format for Slack {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn app(&self) -> &'static str {
        APP
    }

    fn hash_named(&self) -> bool {
        true
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    /// A JSON file whose first object (the root, or the first element of
    /// the root array) has a `ts` of `digits.digits` and a message's keys;
    /// sure when it is also named `YYYY-MM-DD.json`.
    fn detect(&self, probe: &Probe<'_>) -> Option<Confidence> {
        if !probe.has_ext("json") {
            return None;
        }
        let head = probe.text();
        if !is_message_head(head) {
            return None;
        }
        Some(if day_name(probe.name).is_some() {
            Confidence::Certain
        } else {
            Confidence::Content
        })
    }

    fn parse(&self, bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
        parse_loose(bytes, ctx)
    }

    /// A folder with `channels.json` (or another listing), or a Grid
    /// workspace folder: `users.json` beside channel folders.
    fn detect_folder(&self, probe: &FolderProbe<'_>) -> Option<Confidence> {
        let listed = LISTINGS.iter().any(|(f, _)| probe.has_file(f));
        let users = probe.has_file("users.json") || probe.has_file("org_users.json");
        if listed && users {
            Some(Confidence::Certain)
        } else if listed || (users && probe.has_folder("teams")) {
            Some(Confidence::Content)
        } else if users && !probe.folders.is_empty() {
            Some(Confidence::Name)
        } else {
            None
        }
    }

    fn parse_folder(&self, folder: &dyn Folder, ctx: &ParseContext<'_>) -> Parsed {
        parse_export(folder, ctx)
    }
}

/// `YYYY-MM-DD.json`: the date.
fn day_name(name: &str) -> Option<NaiveDate> {
    let stem = name.strip_suffix(".json")?;
    if stem.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()
}

/// A date at the end of a file's stem (`…__2025-01-11.json`), for
/// messages of a loose file without a usable `ts`.
fn trailing_date(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json").unwrap_or(name);
    let tail = stem.get(stem.len().checked_sub(10)?..)?;
    NaiveDate::parse_from_str(tail, "%Y-%m-%d").ok()
}

// ---------------------------------------------------------------------------
// Detection of a loose day file from its first bytes
// ---------------------------------------------------------------------------

/// Whether the first object of `head` looks like a Slack message.
fn is_message_head(head: &str) -> bool {
    let keys = first_object_keys(head);
    let ts = keys
        .iter()
        .find(|(k, _)| k == "ts")
        .and_then(|(_, v)| v.as_deref())
        .is_some_and(|v| {
            v.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            })
        });
    let message_keys = keys.iter().any(|(k, v)| {
        (k == "type" && v.as_deref() == Some("message"))
            || matches!(k.as_str(), "user" | "bot_id" | "subtype")
    });
    // A message whose `ts` comes after a long `files` array: its text and
    // files, which link to Slack's own file server.
    let files_first = keys.first().is_some_and(|(k, _)| k == "text")
        && keys.iter().any(|(k, _)| k == "files")
        && head.contains("://files.slack.com/");
    (ts && message_keys) || files_first
}

/// The keys of the first object in `head` (the root object, or the first
/// element of a root array), with their values when they are strings; as
/// many as the head holds.
fn first_object_keys(head: &str) -> Vec<(String, Option<String>)> {
    let b = head.as_bytes();
    let mut i = 0;
    let ws = |i: &mut usize| {
        while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    ws(&mut i);
    if b.get(i) == Some(&b'[') {
        i += 1;
        ws(&mut i);
    }
    if b.get(i) != Some(&b'{') {
        return Vec::new();
    }
    i += 1;
    let mut keys = Vec::new();
    loop {
        ws(&mut i);
        if b.get(i) != Some(&b'"') {
            return keys;
        }
        let Some((key, next)) = string_at(head, i) else {
            return keys;
        };
        i = next;
        ws(&mut i);
        if b.get(i) != Some(&b':') {
            return keys;
        }
        i += 1;
        ws(&mut i);
        let value = if b.get(i) == Some(&b'"') {
            let Some((v, next)) = string_at(head, i) else {
                keys.push((key, None));
                return keys;
            };
            i = next;
            Some(v)
        } else {
            // Skip a number, literal, object or array.
            let mut depth = 0usize;
            while let Some(&c) = b.get(i) {
                match c {
                    b'"' => match string_at(head, i) {
                        Some((_, next)) => {
                            i = next;
                            continue;
                        }
                        None => return keys,
                    },
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b',' | b'}' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
            None
        };
        keys.push((key, value));
        ws(&mut i);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return keys,
        }
    }
}

/// The JSON string starting at the `"` at `i` (escapes kept simple) and
/// where it ends.
fn string_at(s: &str, i: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut j = i + 1;
    let mut out = String::new();
    let mut run = j;
    while j < b.len() {
        match b[j] {
            b'"' => {
                out.push_str(&s[run..j]);
                return Some((out, j + 1));
            }
            b'\\' => {
                out.push_str(&s[run..j]);
                let c = *b.get(j + 1)?;
                out.push(match c {
                    b'n' => '\n',
                    b't' => '\t',
                    b'/' => '/',
                    b'"' => '"',
                    b'\\' => '\\',
                    _ => '?',
                });
                j += 2;
                run = j;
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

// ---------------------------------------------------------------------------
// Reading day files
// ---------------------------------------------------------------------------

/// The messages of one day file into `chat` (made on the first message).
fn read_day(
    b: &mut Builder<'_>,
    chat: &mut dyn FnMut(&mut Builder<'_>) -> ChatId,
    bytes: &[u8],
    path: &Path,
    date: Option<NaiveDate>,
    env: &mut Env<'_>,
) {
    let ctx = ParseContext {
        path,
        folder: path.parent().unwrap_or(Path::new("")),
        zone: env.zone,
    };
    let mut decoded = Vec::new();
    let text = ctx.decode(bytes, &mut decoded);
    for d in decoded {
        b.diag(Loc::Line(d.line), d.severity, d.message);
    }
    let mut msgs = Vec::new();
    let mut bad = Vec::new();
    let result = json::each::<json::Message<'_>>(&text, true, |m, at| match m {
        Ok(m) => msgs.push((m, at)),
        Err(e) => bad.push((at, e)),
    });
    for (at, e) in bad {
        b.diag(
            Loc::Line(at.line),
            Severity::Warning,
            format!("not a Slack message ({e}); skipped"),
        );
    }
    if let Err(e) = result {
        let (severity, tail) = if msgs.is_empty() {
            (Severity::Error, "")
        } else {
            (Severity::Warning, "; the messages before it are shown")
        };
        b.diag(Loc::Line(e.line), severity, format!("{}{tail}", e.message));
    }
    // Exports are sorted by `ts`; a file that is not is put in order.
    let key = |m: &json::Message<'_>| {
        let ts = json::text(m.ts.as_ref()).unwrap_or("");
        let frac = ts.split_once('.').map_or("", |(_, f)| f);
        (
            message::seconds(ts).unwrap_or(i64::MAX),
            frac.len(),
            frac.to_owned(),
        )
    };
    if msgs.windows(2).any(|w| key(&w[0].0) > key(&w[1].0)) {
        msgs.sort_by_cached_key(|(m, _)| key(m));
    }
    for (m, _) in &msgs {
        message::learn(m, env);
    }
    for (m, at) in &msgs {
        let c = chat(b);
        message::build(b, c, m, *at, date, env);
    }
}

/// Names speakers who were shown by id with a name learned later, and
/// returns the ids that stayed ids.
fn rename_ids(parsed: &mut Parsed, learned: &Learned) -> Vec<String> {
    parsed.speakers = parsed.speakers.renamed(|s| {
        if learned.unknown.contains(s) {
            learned.late_name(s).map(crate::text::sanitize_line)
        } else {
            None
        }
    });
    learned
        .unknown
        .iter()
        .filter(|id| learned.late_name(id).is_none())
        .cloned()
        .collect()
}

/// `U1, U2, U3 and 4 more`.
fn list_ids(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    s
}

/// A day file read alone.
fn parse_loose(bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
    let dir = Directory::default();
    let uploads = HashSet::new();
    let mut env = Env::new(&dir, ctx.zone, &uploads);
    let mut b = Builder::new(FORMAT, ctx);
    let name = ctx.folder_name().into_owned();
    let name = if name.is_empty() {
        ctx.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        name
    };
    let key = format!("loose:{}", ctx.folder.display());
    let mut chat_id = None;
    let mut chat = |b: &mut Builder<'_>| *chat_id.get_or_insert_with(|| b.chat(&key, Some(&name)));
    let date = day_name(&ctx.path.file_name().unwrap_or_default().to_string_lossy())
        .or_else(|| trailing_date(ctx.path));
    read_day(&mut b, &mut chat, bytes, ctx.path, date, &mut env);
    let mut parsed = b.finish();
    let ids = rename_ids(&mut parsed, &env.learned);
    if !ids.is_empty() {
        parsed.diagnostics.push(Diagnostic::new(
            ctx.path,
            1,
            Severity::Note,
            format!(
                "a day file without its export's users.json: {} shown as such, as no message names them ({})",
                if ids.len() == 1 { "1 user or bot id is".to_owned() } else { format!("{} user or bot ids are", ids.len()) },
                list_ids(&ids)
            ),
        ));
    }
    parsed
}

// ---------------------------------------------------------------------------
// A whole export
// ---------------------------------------------------------------------------

/// A conversation the listings name.
#[derive(Debug, Clone)]
struct Listed {
    id: Option<String>,
    name: String,
    kind: Listing,
    members: Vec<String>,
}

/// One channel folder's day files, in date order.
struct Task<'f> {
    /// `""`, or `teams/<team>/` on Enterprise Grid.
    prefix: String,
    folder: String,
    files: Vec<(&'f str, NaiveDate)>,
}

fn parse_export(folder: &dyn Folder, ctx: &ParseContext<'_>) -> Parsed {
    let mut meta = Parsed {
        format: FORMAT.name(),
        ..Parsed::default()
    };
    let mut tasks: BTreeMap<(String, String), Vec<(&str, NaiveDate)>> = BTreeMap::new();
    let mut uploads = HashSet::new();
    let mut meta_files: Vec<(String, &str)> = Vec::new();
    for rel in folder.files() {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            ["__uploads", ..] => {
                uploads.insert(rel.clone());
            }
            [f] if is_meta(f) => meta_files.push((String::new(), rel)),
            [f] if OTHER_FILES.contains(f) => {}
            ["teams", team, f] if is_meta(f) => meta_files.push((format!("teams/{team}/"), rel)),
            ["teams", _, f] if OTHER_FILES.contains(f) => {}
            [ch, f] if day_name(f).is_some() => {
                let date = day_name(f).unwrap_or_default();
                tasks.entry((String::new(), (*ch).to_owned())).or_default().push((rel, date));
            }
            ["teams", team, ch, f] if day_name(f).is_some() => {
                let date = day_name(f).unwrap_or_default();
                tasks
                    .entry((format!("teams/{team}/"), (*ch).to_owned()))
                    .or_default()
                    .push((rel, date));
            }
            _ => meta.diagnostics.push(Diagnostic::new(
                folder.path_of(rel),
                1,
                Severity::Note,
                "not a day file of this Slack export (a channel folder holds YYYY-MM-DD.json files); skipped",
            )),
        }
    }
    // Users and listings.
    let mut dir = Directory::default();
    let mut listed: HashMap<(String, String), Listed> = HashMap::new();
    for (prefix, rel) in &meta_files {
        let path = folder.path_of(rel);
        let bytes = match folder.read(rel) {
            Ok(b) => b,
            Err(why) => {
                meta.diagnostics
                    .push(Diagnostic::new(&path, 1, Severity::Error, why));
                continue;
            }
        };
        meta.files.push(path.clone());
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let mut diags = Vec::new();
        let text = ParseContext {
            path: &path,
            folder: ctx.folder,
            zone: ctx.zone,
        }
        .decode(&bytes, &mut diags);
        meta.diagnostics.extend(diags);
        if file == "users.json" || file == "org_users.json" {
            dir.has_users = true;
            read_users(&text, &path, &mut dir, &mut meta.diagnostics);
        } else if let Some((_, kind)) = LISTINGS.iter().find(|(f, _)| *f == file) {
            read_listing(
                &text,
                &path,
                *kind,
                prefix,
                &mut dir,
                &mut listed,
                &mut meta.diagnostics,
            );
        }
    }
    for l in listed.values_mut() {
        if matches!(l.kind, Listing::Dm | Listing::Group) {
            let names: Vec<String> = l
                .members
                .iter()
                .map(|m| dir.users.get(m).cloned().unwrap_or_else(|| m.clone()))
                .collect();
            if !names.is_empty() {
                let what = if l.kind == Listing::Dm {
                    "DM"
                } else {
                    "group DM"
                };
                l.name = format!("{what}: {}", names.join(", "));
            }
        }
    }
    let tasks: Vec<Task<'_>> = tasks
        .into_iter()
        .map(|((prefix, folder), files)| Task {
            prefix,
            folder,
            files,
        })
        .collect();
    let results: Vec<(Parsed, Learned)> = tasks
        .par_iter()
        .map(|t| build_channel(t, folder, ctx, &dir, &listed, &uploads))
        .collect();
    let mut learned = Learned::default();
    let mut parts = Vec::with_capacity(results.len() + 1);
    parts.push(meta);
    for (p, l) in results {
        learned.absorb(l);
        parts.push(p);
    }
    let mut parsed = Parsed::merge(FORMAT.name(), parts);
    let ids = rename_ids(&mut parsed, &learned);
    let users_path = meta_files
        .iter()
        .find(|(_, r)| r.ends_with("users.json"))
        .map_or_else(|| ctx.path.to_path_buf(), |(_, r)| folder.path_of(r));
    if !dir.has_users {
        parsed.diagnostics.push(Diagnostic::new(
            ctx.path,
            1,
            Severity::Note,
            "no users.json in this export: people are named as their messages name them, else shown by id",
        ));
    } else if !ids.is_empty() {
        parsed.diagnostics.push(Diagnostic::new(
            users_path,
            1,
            Severity::Note,
            format!(
                "{} not in users.json, shown by id: {}",
                if ids.len() == 1 {
                    "1 id is".to_owned()
                } else {
                    format!("{} ids are", ids.len())
                },
                list_ids(&ids)
            ),
        ));
    }
    parsed
}

fn is_meta(f: &str) -> bool {
    f == "users.json" || f == "org_users.json" || LISTINGS.iter().any(|(l, _)| *l == f)
}

/// `users.json`: id → the name shown; the users before a broken entry
/// are kept.
fn read_users(text: &str, path: &Path, dir: &mut Directory, diags: &mut Vec<Diagnostic>) {
    let r = json::each::<json::Profile<'_>>(text, false, |u, at| match u {
        Ok(u) => {
            if let (Some(id), Some(name)) = (json::text(u.id.as_ref()), u.shown_name()) {
                dir.users
                    .entry(id.to_owned())
                    .or_insert_with(|| name.to_owned());
            }
        }
        Err(e) => diags.push(Diagnostic::new(
            path,
            at.line,
            Severity::Warning,
            format!("not a user ({e}); skipped"),
        )),
    });
    if let Err(e) = r {
        diags.push(Diagnostic::new(
            path,
            e.line,
            Severity::Warning,
            format!("{}; people after it are shown by id", e.message),
        ));
    }
}

/// A listing of conversations.
fn read_listing(
    text: &str,
    path: &Path,
    kind: Listing,
    prefix: &str,
    dir: &mut Directory,
    listed: &mut HashMap<(String, String), Listed>,
    diags: &mut Vec<Diagnostic>,
) {
    let r = json::each::<json::Channel<'_>>(text, false, |c, at| match c {
        Ok(c) => {
            let id = json::text(c.id.as_ref()).map(str::to_owned);
            let name = json::text(c.name.as_ref()).map(str::to_owned);
            if let (Some(id), Some(name)) = (&id, &name) {
                dir.channels.insert(id.clone(), name.clone());
            }
            // Channel folders are named after the channel; DM folders after its id.
            let folder = if kind == Listing::Dm {
                id.clone()
            } else {
                name.clone()
            };
            let Some(folder) = folder else { return };
            let shown = match kind {
                Listing::Public | Listing::Private => {
                    name.clone().unwrap_or_else(|| folder.clone())
                }
                Listing::Dm | Listing::Group => name.clone().unwrap_or_else(|| folder.clone()),
            };
            let members = c
                .members
                .iter()
                .flatten()
                .map(|m| m.as_str().to_owned())
                .collect();
            listed.insert(
                (prefix.to_owned(), folder),
                Listed {
                    id,
                    name: shown,
                    kind,
                    members,
                },
            );
        }
        Err(e) => diags.push(Diagnostic::new(
            path,
            at.line,
            Severity::Warning,
            format!("not a conversation ({e}); skipped"),
        )),
    });
    if let Err(e) = r {
        diags.push(Diagnostic::new(
            path,
            e.line,
            Severity::Warning,
            format!(
                "{}; the conversations after it keep their folders' names",
                e.message
            ),
        ));
    }
}

/// Builds one channel folder.
fn build_channel(
    task: &Task<'_>,
    folder: &dyn Folder,
    ctx: &ParseContext<'_>,
    dir: &Directory,
    listed: &HashMap<(String, String), Listed>,
    uploads: &HashSet<String>,
) -> (Parsed, Learned) {
    let info = listed
        .get(&(task.prefix.clone(), task.folder.clone()))
        .or_else(|| listed.get(&(String::new(), task.folder.clone())));
    let team = task
        .prefix
        .strip_prefix("teams/")
        .map(|t| t.trim_end_matches('/'))
        .filter(|t| !t.is_empty());
    let base = info.map_or_else(|| task.folder.clone(), |l| l.name.clone());
    let name = match team {
        Some(t) => format!("{t}/{base}"),
        None => base,
    };
    let key = match info.and_then(|l| l.id.as_deref()) {
        Some(id) => format!("id:{id}"),
        None => format!(
            "folder:{}/{}{}",
            ctx.path.display(),
            task.prefix,
            task.folder
        ),
    };
    let mut env = Env::new(dir, ctx.zone, uploads);
    let mut b = Builder::new(FORMAT, ctx);
    let mut chat_id = None;
    let mut chat = |b: &mut Builder<'_>| *chat_id.get_or_insert_with(|| b.chat(&key, Some(&name)));
    for &(rel, date) in &task.files {
        let path = folder.path_of(rel);
        b.source(&path);
        match folder.read(rel) {
            Ok(bytes) => read_day(&mut b, &mut chat, &bytes, &path, Some(date), &mut env),
            Err(why) => b.diag(Loc::Line(1), Severity::Error, why),
        }
    }
    (b.finish(), env.learned)
}

#[cfg(test)]
mod tests;

//! Following an archive as it is written (`--follow`, `F`,
//! `search --follow`).
//!
//! A [`Follower`] keeps what the load read: for every input of the walk, a
//! stamp of the file (device, inode, size, modification time) and the
//! pieces it was parsed into. [`Follower::refresh`] reads again only the
//! inputs whose stamp changed (a file that grew, one rewritten in place,
//! truncated or replaced) and the ones that are new, drops the ones that
//! are gone, and merges the pieces into a new [`Archive`] exactly as a load
//! merges them: the archive it gives is the one a fresh load would give.
//! It is built on the follower's thread; the interface swaps it in.
//!
//! A file of a format whose files grow line by line ([`Format::appends`])
//! is read up to its last complete line while it changes: a line being
//! written is held back until its newline arrives, or until the file has
//! not changed for [`SETTLE`] (a file that simply ends without one). Once
//! it has been read that way, a file that grows is read on from the start
//! of its last message ([`Format::read_on`], the `growing` module) instead
//! of whole.
//!
//! [`Format::read_on`]: super::formats::Format::read_on
//!
//! [`watch`] runs a follower on a thread of its own, woken by the file
//! system's notifications (the `notify` crate: `inotify`, `FSEvents`,
//! `kqueue`, `ReadDirectoryChangesW`), or by polling the files' stamps where
//! those are unavailable; a burst of writes is gathered into one refresh
//! ([`QUIET`], [`GATHER`]).
//!
//! [`Format::appends`]: super::formats::Format::appends

use std::collections::{HashMap, VecDeque};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::Watcher as _;
use rayon::prelude::*;

mod growing;

use growing::{Growing, Read, read_growing, read_on};

use super::assemble::Assembler;
use super::formats::Parsed;
use super::load::{Options, Progress, read_job};
use super::walk::{Job, Origin, walk};
use crate::error::Result;
use crate::model::{Archive, Diagnostic, Severity};

/// A line without its newline is shown once its file has been still this long.
pub const SETTLE: Duration = Duration::from_secs(2);
/// A burst of changes ends when none came for this long…
pub const QUIET: Duration = Duration::from_millis(20);
/// …or this long after its first change, whichever is sooner.
pub const GATHER: Duration = Duration::from_millis(80);
/// How often the polling fallback looks at the files it knows…
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// …and walks the paths for new and deleted ones.
pub const POLL_WALK: Duration = Duration::from_secs(1);
/// The most notes about followed files kept (the latest).
const MAX_NOTES: usize = 100;

/// What identifies a version of an input: a file's device, inode, size and
/// modification time (a zip member's are its zip's; a folder's fold its
/// files').
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: i128,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        }
    }
}

/// One input of the archive as last read.
struct Followed {
    /// The path shown for it.
    shown: PathBuf,
    job: Job,
    /// Its stamp before it was last read; `None` when it could not be stat'ed.
    stamp: Option<Stamp>,
    piece: Parsed,
    /// When a last line without a newline was held back.
    held: Option<Instant>,
    /// Where to read on when it grows (a file of a format that appends,
    /// once it has changed while followed); its last message is kept
    /// there, apart from `piece`.
    growing: Option<Growing>,
}

/// A new version of the archive, and what was noticed on the way.
#[derive(Debug)]
pub struct Update {
    pub archive: Archive,
    /// Files truncated, replaced or deleted since the last version (also in
    /// the archive's diagnostics, for `check`).
    pub notes: Vec<Diagnostic>,
}

/// What changed, as the watcher saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// The contents of these files (known or not).
    Files(Vec<PathBuf>),
    /// Any known file's contents: look at each of them, without a walk.
    Known,
    /// Anything: walk the paths again.
    All,
}

/// An archive being followed; see the module documentation.
pub struct Follower {
    paths: Vec<PathBuf>,
    options: Options,
    walk_notes: Vec<Diagnostic>,
    files: Vec<Followed>,
    /// Index in `files` of each input read from disk, by its path made
    /// absolute (as notifications name it).
    by_real: HashMap<PathBuf, usize>,
    notes: VecDeque<Diagnostic>,
    /// Bytes of files read by refreshes so far.
    read: u64,
}

impl std::fmt::Debug for Follower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follower")
            .field("paths", &self.paths)
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl Follower {
    /// Loads the archive at `paths` as [`load_with_options`] does, keeping
    /// what a refresh needs.
    ///
    /// [`load_with_options`]: super::load_with_options
    pub fn load(
        paths: &[PathBuf],
        options: &Options,
        progress: &Progress,
    ) -> Result<(Follower, Archive)> {
        let (jobs, walk_notes) = walk(paths, options.format)?;
        progress
            .files_total
            .store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
        let read: Vec<(Option<Stamp>, Parsed)> = jobs
            .par_iter()
            .map_init(Vec::new, |buf, job| {
                let stamp = stamp_job(job);
                let piece = read_job(job, options, progress, buf);
                progress
                    .files_done
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (stamp, piece)
            })
            .collect();
        let files: Vec<Followed> = jobs
            .into_iter()
            .zip(read)
            .map(|(job, (stamp, piece))| Followed {
                shown: job_path(&job).to_path_buf(),
                job,
                stamp,
                piece,
                held: None,
                growing: None,
            })
            .collect();
        let mut follower = Follower {
            paths: paths.to_vec(),
            options: *options,
            walk_notes,
            files,
            by_real: HashMap::new(),
            notes: VecDeque::new(),
            read: 0,
        };
        follower.index();
        let archive = follower.assemble();
        Ok((follower, archive))
    }

    /// The paths followed.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// How many bytes of files the refreshes have read so far: what a
    /// refresh costs (a file that grew is read from its last message on).
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    fn index(&mut self) {
        self.by_real = self
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.job {
                Job::File(j) => match &j.origin {
                    Origin::Fs(real) => Some((absolute(real), i)),
                    _ => None,
                },
                Job::Folder(_) => None,
            })
            .collect();
    }

    /// The archive from the pieces kept, merged as a load merges them.
    fn assemble(&self) -> Archive {
        let mut assembler = Assembler::new();
        let mut diagnostics = self.walk_notes.clone();
        diagnostics.extend(self.notes.iter().cloned());
        assembler.add(Parsed {
            diagnostics,
            ..Parsed::default()
        });
        for f in &self.files {
            let mut piece = f.piece.clone();
            if let Some(last) = f.growing.as_ref().and_then(Growing::last) {
                piece.append(last.clone());
            }
            assembler.add(piece);
        }
        assembler.finish().0
    }

    /// When a held-back line is due to be shown although no newline came.
    pub fn next_settle(&self) -> Option<Instant> {
        self.files
            .iter()
            .filter_map(|f| f.held)
            .min()
            .map(|t| t + SETTLE)
    }

    /// Reads again what changed (see [`Changed`]) and what is due to
    /// settle; the new archive when anything did change.
    pub fn refresh(&mut self, changed: &Changed, now: Instant) -> Option<Update> {
        let before = self.notes.len();
        let mut any = false;
        let targeted: Option<Vec<usize>> = match changed {
            Changed::All => None,
            Changed::Known => Some((0..self.files.len()).collect()),
            Changed::Files(paths) => paths
                .iter()
                .map(|p| self.by_real.get(&absolute(p)).copied())
                .collect(),
        };
        let check: Vec<usize> = if let Some(mut ids) = targeted {
            ids.extend(
                self.files
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.held.is_some())
                    .map(|(i, _)| i),
            );
            ids.sort_unstable();
            ids.dedup();
            ids
        } else {
            any |= self.rewalk();
            (0..self.files.len()).collect()
        };
        let options = self.options;
        let mut notes = Vec::new();
        let mut buf = Vec::new();
        for i in check {
            let f = &mut self.files[i];
            let stamp = stamp_job(&f.job);
            let settled = f.held.is_some_and(|t| now >= t + SETTLE);
            if stamp.is_some() && stamp == f.stamp && !settled {
                continue;
            }
            let mut grew = false;
            if let (Some(old), Some(new)) = (f.stamp, stamp) {
                if (old.dev, old.ino) != (new.dev, new.ino) {
                    notes.push(note(&f.shown, "replaced while followed; read again"));
                } else if new.len < old.len {
                    notes.push(note(&f.shown, "truncated while followed; read again"));
                } else {
                    grew = new.len > old.len;
                }
            }
            let read_on = if grew && !settled {
                f.growing
                    .as_mut()
                    .and_then(|g| read_on(&f.job, g, &options, &mut buf))
            } else {
                None
            };
            let held = if let Some((more, held)) = read_on {
                self.read += buf.len() as u64;
                f.piece.append(more);
                held
            } else {
                self.read += stamp.map_or(0, |s| s.len);
                let read = if stamp == f.stamp && settled {
                    // Still since it was read: the last line is whole after all.
                    Read {
                        piece: read_job(&f.job, &options, &Progress::default(), &mut buf),
                        held: false,
                        growing: None,
                    }
                } else {
                    read_growing(&f.job, &options, &mut buf)
                };
                f.piece = read.piece;
                f.growing = read.growing;
                read.held
            };
            f.stamp = stamp;
            f.held = held.then_some(now);
            any = true;
        }
        for n in notes {
            self.push_note(n);
        }
        if !any {
            return None;
        }
        let notes = self
            .notes
            .iter()
            .skip(before.min(self.notes.len()))
            .cloned();
        let notes: Vec<Diagnostic> = notes.collect();
        Some(Update {
            archive: self.assemble(),
            notes,
        })
    }

    fn push_note(&mut self, n: Diagnostic) {
        if self.notes.len() == MAX_NOTES {
            self.notes.pop_front();
        }
        self.notes.push_back(n);
    }

    /// Walks the paths again: new inputs are added unread (stamp `None`),
    /// gone ones dropped with a note. Whether the set changed.
    fn rewalk(&mut self) -> bool {
        let (jobs, walk_notes) = match walk(&self.paths, self.options.format) {
            Ok(w) => w,
            Err(e) => {
                // A path given is gone: everything under it is dropped.
                (
                    Vec::new(),
                    vec![Diagnostic::new(
                        self.paths.first().map_or(Path::new(""), PathBuf::as_path),
                        1,
                        Severity::Note,
                        format!("{e} while followed; its messages were dropped"),
                    )],
                )
            }
        };
        self.walk_notes = walk_notes;
        let mut old: HashMap<PathBuf, Followed> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| (f.shown.clone(), f))
            .collect();
        let mut changed = false;
        for job in jobs {
            let shown = job_path(&job).to_path_buf();
            if let Some(mut f) = old.remove(&shown) {
                f.job = job;
                self.files.push(f);
            } else {
                changed = true;
                self.files.push(Followed {
                    shown,
                    job,
                    stamp: None,
                    piece: Parsed::default(),
                    held: None,
                    growing: None,
                });
            }
        }
        let mut gone: Vec<PathBuf> = old.into_keys().collect();
        gone.sort();
        for shown in gone {
            changed = true;
            self.push_note(note(
                &shown,
                "deleted while followed; its messages were dropped",
            ));
        }
        self.index();
        changed
    }
}

/// A day of one version of the archive, as found again in the next: its
/// channel's app and path, its date and the file it was first read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DayKey {
    app: &'static str,
    channel: PathBuf,
    date: chrono::NaiveDate,
    file: PathBuf,
}

impl DayKey {
    /// The key of `archive.days[day]`.
    pub fn of(archive: &Archive, day: usize) -> Option<DayKey> {
        let d = archive.days.get(day)?;
        let c = archive.channels.get(d.channel as usize)?;
        Some(DayKey {
            app: c.app,
            channel: c.path.clone(),
            date: d.date,
            file: archive.day_path(d).to_path_buf(),
        })
    }

    /// Whether `channel` of some archive is this day's channel.
    pub fn in_channel(&self, channel: &crate::model::Channel) -> bool {
        channel.app == self.app && channel.path == self.channel
    }

    /// Every day of `archive` by its key.
    pub fn index(archive: &Archive) -> HashMap<DayKey, usize> {
        (0..archive.days.len())
            .filter_map(|i| DayKey::of(archive, i).map(|k| (k, i)))
            .collect()
    }
}

/// Where the messages added since `old` start in each day of `new`: for
/// `new.days[i]`, the index of its first message that was not in the same
/// day of `old` (its length when none was added). A file that grows adds
/// at the end of its day; a new day is new from its first message.
pub fn added(old: &Archive, new: &Archive) -> Vec<usize> {
    let before = DayKey::index(old);
    (0..new.days.len())
        .map(|i| {
            let had = DayKey::of(new, i)
                .and_then(|k| before.get(&k))
                .map_or(0, |&d| old.days[d].messages.len());
            had.min(new.days[i].messages.len())
        })
        .collect()
}

/// `path` made absolute without resolving links, as the watcher names
/// the files under a relative path it was given.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn note(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(path, 1, Severity::Note, what)
}

fn job_path(job: &Job) -> &Path {
    match job {
        Job::File(f) => &f.path,
        Job::Folder(f) => &f.path,
    }
}

/// The stamp of a file on disk, or of the first of its folders that is a
/// file (the zip a member is read from).
fn stamp_path(path: &Path) -> Option<Stamp> {
    path.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find_map(|p| std::fs::metadata(p).ok().filter(std::fs::Metadata::is_file))
        .map(|m| Stamp::of(&m))
}

fn stamp_job(job: &Job) -> Option<Stamp> {
    match job {
        Job::File(f) => match &f.origin {
            Origin::Fs(real) => stamp_path(real),
            Origin::Zip(..) => stamp_path(&f.path),
            Origin::Embedded(_) | Origin::Refused(..) => Some(Stamp::default()),
        },
        Job::Folder(f) => {
            // Folded: any member's change changes it.
            let mut s = Stamp::default();
            for rel in f.folder.files() {
                let m = stamp_path(&f.folder.path_of(rel)).unwrap_or_default();
                s.len = s.len.wrapping_add(m.len);
                s.mtime = s.mtime.max(m.mtime);
                s.ino = s.ino.rotate_left(7) ^ m.ino ^ m.len;
            }
            s.dev = f.folder.files().len() as u64;
            Some(s)
        }
    }
}

/// How a follower learns of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watcher {
    /// The file system's notifications.
    Notify,
    /// Looking at the files every [`POLL_INTERVAL`]: why notifications
    /// are not used.
    Poll(String),
}

/// A follower running on its thread; dropping it stops the thread.
#[derive(Debug)]
pub struct Watching {
    tx: Sender<Msg>,
    handle: Option<JoinHandle<()>>,
    /// How changes are learnt.
    pub watcher: Watcher,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// [`watch`], always polling (as where notifications are unavailable).
pub fn watch_polling(
    follower: Follower,
    deliver: impl FnMut(Update) -> bool + Send + 'static,
) -> std::io::Result<Watching> {
    let (tx, rx) = channel::<Msg>();
    let handle = std::thread::Builder::new()
        .name("daybook-follow".into())
        .spawn(move || poll(follower, &rx, deliver))?;
    Ok(Watching {
        tx,
        handle: Some(handle),
        watcher: Watcher::Poll("asked for".into()),
    })
}

/// Starts following: `follower` refreshes on a thread of its own whenever
/// the file system says something under its paths changed, and hands each
/// new version to `deliver`, until `deliver` returns false or the
/// [`Watching`] is dropped. Notifications are used where they can be
/// (`DAYBOOK_FOLLOW_POLL=1` forces polling), polling otherwise.
pub fn watch(
    follower: Follower,
    deliver: impl FnMut(Update) -> bool + Send + 'static,
) -> std::io::Result<Watching> {
    let (tx, rx) = channel::<Msg>();
    let handler = {
        let tx = tx.clone();
        move |e: notify::Result<notify::Event>| {
            let _ = tx.send(Msg::Fs(e));
        }
    };
    let forced = std::env::var_os("DAYBOOK_FOLLOW_POLL").is_some_and(|v| !v.is_empty());
    let (watcher, how) = if forced {
        (None, Watcher::Poll("DAYBOOK_FOLLOW_POLL is set".into()))
    } else {
        match notify_watcher(handler, follower.paths()) {
            Ok(w) => (Some(w), Watcher::Notify),
            Err(e) => (
                None,
                Watcher::Poll(format!("no file-system notifications: {e}")),
            ),
        }
    };
    let handle = std::thread::Builder::new()
        .name("daybook-follow".into())
        .spawn(move || match watcher {
            Some(w) => run(follower, &rx, w, deliver),
            None => poll(follower, &rx, deliver),
        })?;
    Ok(Watching {
        tx,
        handle: Some(handle),
        watcher: how,
    })
}

/// The fallback where notifications are unavailable (a network file
/// system, no inotify watches left): every [`POLL_INTERVAL`] the known
/// files are stat'ed, and every [`POLL_WALK`] the paths walked again for
/// new and deleted ones. (notify's own `PollWatcher` compares modification
/// times in whole seconds, so a second append within a second would wait
/// for the next write; the stamps here have the size and nanoseconds.)
fn poll(mut follower: Follower, rx: &Receiver<Msg>, mut deliver: impl FnMut(Update) -> bool) {
    let mut walked = Instant::now();
    loop {
        match rx.recv_timeout(POLL_INTERVAL) {
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Msg::Fs(_)) | Err(RecvTimeoutError::Timeout) => {}
        }
        let now = Instant::now();
        let changed = if now.duration_since(walked) >= POLL_WALK {
            walked = now;
            Changed::All
        } else {
            Changed::Known
        };
        if let Some(update) = follower.refresh(&changed, now) {
            if !deliver(update) {
                return;
            }
        }
    }
}

fn notify_watcher(
    handler: impl notify::EventHandler,
    paths: &[PathBuf],
) -> notify::Result<Box<dyn notify::Watcher + Send>> {
    let mut w = notify::RecommendedWatcher::new(handler, notify::Config::default())?;
    add_paths(&mut w, paths)?;
    Ok(Box::new(w))
}

/// Watches each folder given recursively, and each file through its
/// folder (so that a file replaced by a rename is seen).
fn add_paths(w: &mut dyn notify::Watcher, paths: &[PathBuf]) -> notify::Result<()> {
    for p in paths {
        if p.is_dir() {
            w.watch(p, notify::RecursiveMode::Recursive)?;
        } else {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            w.watch(parent, notify::RecursiveMode::NonRecursive)?;
        }
    }
    Ok(())
}

/// The changes a batch of events names.
#[derive(Default)]
struct Batch {
    files: Vec<PathBuf>,
    all: bool,
    any: bool,
}

impl Batch {
    fn add(&mut self, event: notify::Result<notify::Event>) {
        use notify::EventKind;
        use notify::event::ModifyKind;
        let Ok(event) = event else {
            self.all = true;
            self.any = true;
            return;
        };
        match event.kind {
            EventKind::Access(_) => {}
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_) | ModifyKind::Any) => {
                self.any = true;
                self.files.extend(event.paths);
            }
            _ => {
                self.any = true;
                self.all = true;
            }
        }
    }

    fn changed(self) -> Changed {
        if self.all {
            Changed::All
        } else {
            Changed::Files(self.files)
        }
    }
}

fn run(
    mut follower: Follower,
    rx: &Receiver<Msg>,
    watcher: Box<dyn notify::Watcher + Send>,
    mut deliver: impl FnMut(Update) -> bool,
) {
    let _watcher = watcher;
    loop {
        let first = match follower.next_settle() {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            },
        };
        let mut batch = Batch::default();
        match first {
            Some(Msg::Stop) => return,
            Some(Msg::Fs(e)) => {
                batch.add(e);
                // Gather the rest of the burst.
                let start = Instant::now();
                loop {
                    let left = GATHER.saturating_sub(start.elapsed());
                    if left.is_zero() {
                        break;
                    }
                    match rx.recv_timeout(QUIET.min(left)) {
                        Ok(Msg::Fs(e)) => batch.add(e),
                        Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                if !batch.any {
                    continue;
                }
            }
            None => {}
        }
        if let Some(update) = follower.refresh(&batch.changed(), Instant::now()) {
            if !deliver(update) {
                return;
            }
        }
    }
}

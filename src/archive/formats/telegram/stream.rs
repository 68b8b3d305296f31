//! Reading a big export from its file, part by part, never holding it whole.
//!
//! A 600 MB `result.json` read into one buffer costs its pages: the
//! kernel faults in every page of the fresh buffer (a fifth of the load's
//! CPU time) and unmaps them all at the end while the other cores wait,
//! and nothing is parsed before the last byte is in. Instead,
//! [`Plan::new`] takes the indent of the first `messages` array's items
//! from the file's start, then makes one pass over the file in slices
//! (each thread reading into a buffer of its own, reused) for the ids
//! replies point at, and for where the arrays of messages with that
//! indent start and end. The parser reads the file without those arrays'
//! items (what is left is small: chat names, other sections, small
//! chats), and when it comes to such an array, [`Plan::for_each_part`]
//! reads its items in parts of about [`PART_BYTES`], cut where
//! [`parallel::split`] would cut them, each part read from the file,
//! checked as UTF-8 and parsed on whichever thread took it, and handed
//! to the parser in order. Peak memory is the model and a part per core.
//!
//! Anything out of the ordinary (invalid UTF-8, a part not cut between
//! two items, an array the parser does not come to where it was found, a
//! read that fails, a file that changes length meanwhile) gives up, and
//! the file is read whole and parsed as before: the result is always what
//! [`super::parse`] gives for the file's bytes.

use std::collections::HashSet;
use std::fs::File;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use memchr::memmem;

use super::parallel::{self, Part};

/// Files smaller than this are read whole (as [`crate::archive`] reads big
/// files in parts from this size on).
pub const MIN_FILE_BYTES: usize = 16 << 20;

/// How much of the file's start is searched for the `messages` array.
const HEAD_BYTES: usize = 1 << 20;

/// About how big a part is (as [`parallel::split`] cuts them).
pub const PART_BYTES: usize = parallel::PART_BYTES;

/// The slices of the first pass (small enough that its three searches
/// find a slice in the cache).
const SLICE_BYTES: usize = 1 << 20;

/// How far past its slice a slice is read: a key or the array's end that
/// starts in the slice is found whole, with the digits after a key.
const OVERLAP: usize = 128;

/// How much is read at a time to find where a part ends.
const WINDOW: usize = 64 << 10;

/// What the first pass learnt, and the file the items are read from.
#[derive(Debug)]
pub struct Plan {
    file: File,
    len: usize,
    /// The big arrays, in the file's order.
    pub arrays: Vec<Array>,
    /// The separator of two items: `},\n` + the items' indent + `{`.
    sep: Vec<u8>,
    /// The ids replies and pins point at (as [`super::wanted_ids`] finds them).
    pub wanted: HashSet<i64>,
}

/// A big `messages` array, whose items the parser's text leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Array {
    /// Where its first item starts (its `{`) in the file.
    first: usize,
    /// Where its items end in the file (after the last item's `}`).
    items_end: usize,
    /// Where its first item would start in the text: the text goes on
    /// there with what follows the last item.
    pub at: usize,
    /// Where its `]` is in the text.
    pub close: usize,
}

impl Plan {
    /// The plan for the file at `path`, with the text the parser is to
    /// read (the file less the big arrays' items); `None` when the file
    /// is smaller than `min_bytes` ([`MIN_FILE_BYTES`] but in tests), or
    /// has no big array laid out as Telegram lays them out, or when
    /// reading it fails.
    pub fn new(path: &Path, min_bytes: usize) -> Option<(Plan, String)> {
        let file = File::open(path).ok()?;
        let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
        // A file over the limit is left to the loader to refuse.
        if len < min_bytes || len as u64 > crate::archive::walk::MAX_FILE_BYTES {
            return None;
        }
        let mut head = vec![0; HEAD_BYTES.min(len)];
        file.read_exact_at(&mut head, 0).ok()?;
        // The indent of the first `messages` array's items (an empty one
        // has none): arrays with that indent are read from the file.
        let indent =
            memmem::find_iter(&head, KEY).find_map(|k| array_indent(&head[k + KEY.len()..]))?;
        let pad = " ".repeat(indent);
        let end_pat = format!("\n{pad}}}\n{}]", &pad[1..]);
        if end_pat.len() >= OVERLAP {
            return None;
        }
        let found = scan(&file, len, indent, end_pat.as_bytes())?;
        // Each array ends at the first end from its first item on (as
        // `parallel::split` finds it); one that starts inside the one
        // before is not an array (the parser would not take it).
        let mut arrays = Vec::new();
        let mut ends = found.ends.iter().copied().peekable();
        let mut removed = 0;
        for first in found.starts {
            if arrays.last().is_some_and(|a: &Array| first < a.items_end) {
                continue;
            }
            while ends.next_if(|&e| e < first).is_some() {}
            let Some(&close_at) = ends.peek() else { break };
            let items_end = close_at + 1 + indent + 1;
            if items_end - first < parallel::MIN_BYTES {
                continue;
            }
            let close = close_at + end_pat.len() - 1;
            arrays.push(Array {
                first,
                items_end,
                at: first - removed,
                close: close - removed - (items_end - first),
            });
            removed += items_end - first;
        }
        if arrays.is_empty() {
            return None;
        }
        // The text less the arrays' items.
        let mut bytes = Vec::with_capacity(len - removed);
        let mut from = 0;
        for a in arrays
            .iter()
            .map(|a| a.first..a.items_end)
            .chain(std::iter::once(len..len))
        {
            let n = bytes.len();
            bytes.resize(n + a.start - from, 0);
            file.read_exact_at(&mut bytes[n..], from as u64).ok()?;
            from = a.end;
        }
        let text = String::from_utf8(bytes).ok()?;
        let plan = Plan {
            file,
            len,
            arrays,
            sep: format!("}},\n{pad}{{").into_bytes(),
            wanted: found.ids,
        };
        Some((plan, text))
    }

    /// Whether the file still has the length it had when planned.
    pub fn unchanged(&self) -> bool {
        self.file
            .metadata()
            .is_ok_and(|m| m.len() == self.len as u64)
    }

    /// Reads the items of `array` in parts on all cores and hands each
    /// part to `take` in order (one at a time); stops when `take` says
    /// `false`. Says whether every part was read and taken.
    pub fn for_each_part<F>(&self, array: Array, take: F) -> bool
    where
        F: FnMut(Part<'_>) -> bool + Send,
    {
        let cut = Mutex::new(Cut {
            pos: array.first,
            next: 0,
            window: Vec::new(),
        });
        let turn = Turn {
            state: Mutex::new(TurnState {
                next: 0,
                failed: false,
                take,
            }),
            changed: Condvar::new(),
        };
        let finder = memmem::Finder::new(&self.sep);
        let work = || {
            let mut buf = Vec::new();
            loop {
                let next = {
                    let mut c = lock(&cut);
                    if lock(&turn.state).failed {
                        Step::End
                    } else {
                        self.cut(array.items_end, &mut c, &finder)
                    }
                };
                let read = match next {
                    Step::End => break,
                    Step::Unreadable => None,
                    Step::Part(i, range) => Some((i, range)),
                };
                let read = read.and_then(|(i, range)| {
                    buf.resize(range.len(), 0);
                    self.file.read_exact_at(&mut buf, range.start as u64).ok()?;
                    let text = simdutf8::basic::from_utf8(&buf).ok()?;
                    Some((i, parallel::read_part(text, 0..text.len())))
                });
                let Some((i, part)) = read else {
                    turn.fail();
                    break;
                };
                // A part not cut between two items: read whole instead.
                if part.resume.is_some() || !turn.give(i, part) {
                    turn.fail();
                    break;
                }
            }
        };
        rayon::scope(|s| {
            for _ in 1..rayon::current_num_threads() {
                s.spawn(|_| work());
            }
            work();
        });
        let state = turn
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let cut = cut.into_inner().unwrap_or_else(PoisonError::into_inner);
        !state.failed && state.next == cut.next && cut.pos >= array.items_end
    }

    /// The next part of the items that end at `end`.
    fn cut(&self, end: usize, c: &mut Cut, finder: &memmem::Finder<'_>) -> Step {
        let pos = c.pos;
        if pos >= end {
            return Step::End;
        }
        let i = c.next;
        c.next += 1;
        // The first separator from about a part's size on, as
        // `parallel::split` finds it.
        let mut at = pos + PART_BYTES;
        while at < end {
            let to = (at + WINDOW).min(end);
            c.window.resize(to - at, 0);
            if self.file.read_exact_at(&mut c.window, at as u64).is_err() {
                return Step::Unreadable;
            }
            if let Some(k) = finder.find(&c.window) {
                let brace = at + k;
                c.pos = brace + self.sep.len() - 1;
                return Step::Part(i, pos..brace + 1);
            }
            if to == end {
                break;
            }
            at = to + 1 - self.sep.len();
        }
        c.pos = end;
        Step::Part(i, pos..end)
    }
}

/// What [`Plan::cut`] gives.
enum Step {
    /// A part: its index and range in the file.
    Part(usize, Range<usize>),
    /// Reading the file failed.
    Unreadable,
    /// The last part was given.
    End,
}

/// The key of a chat's messages.
const KEY: &[u8] = b"\"messages\": [";

/// The indent of an array's items when what follows its `[` is `\n`, the
/// indent, and the first item's `{`.
fn array_indent(after: &[u8]) -> Option<usize> {
    let indent = after.get(1..)?.iter().take_while(|&&c| c == b' ').count();
    (after.first() == Some(&b'\n') && indent > 0 && after.get(1 + indent) == Some(&b'{'))
        .then_some(indent)
}

/// Where the next part starts, and its index.
struct Cut {
    pos: usize,
    next: usize,
    window: Vec<u8>,
}

/// Parts handed over in order.
struct Turn<F> {
    state: Mutex<TurnState<F>>,
    changed: Condvar,
}

struct TurnState<F> {
    /// The part to be taken next.
    next: usize,
    failed: bool,
    take: F,
}

impl<F: FnMut(Part<'_>) -> bool> Turn<F> {
    /// Waits for part `i`'s turn and hands it over; says whether it was taken.
    fn give(&self, i: usize, part: Part<'_>) -> bool {
        let mut s = lock(&self.state);
        while s.next != i && !s.failed {
            s = self.changed.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        if s.failed || !(s.take)(part) {
            return false;
        }
        s.next += 1;
        drop(s);
        self.changed.notify_all();
        true
    }

    fn fail(&self) {
        lock(&self.state).failed = true;
        self.changed.notify_all();
    }
}

/// The value behind `m`, whether or not a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the first pass found.
#[derive(Debug, Default)]
struct Found {
    ids: HashSet<i64>,
    /// Where the items of arrays with the indent start (their first `{`).
    starts: Vec<usize>,
    /// Where the end of such an array occurs.
    ends: Vec<usize>,
}

/// One pass over the file in slices on all cores: the ids replies and
/// pins point at, and where arrays of messages whose items have `indent`
/// start and where `end_pat` (the end of such an array) occurs. `None`
/// when a read fails.
fn scan(file: &File, len: usize, indent: usize, end_pat: &[u8]) -> Option<Found> {
    let slices = len.div_ceil(SLICE_BYTES);
    let taken = AtomicUsize::new(0);
    let end_finder = memmem::Finder::new(end_pat);
    let key_finder = memmem::Finder::new(KEY);
    let all = Mutex::new(Some(Found::default()));
    let work = || {
        let mut buf = Vec::new();
        let mut found = Found::default();
        let mut ok = true;
        loop {
            let i = taken.fetch_add(1, Ordering::Relaxed);
            if i >= slices {
                break;
            }
            let start = i * SLICE_BYTES;
            let end = (start + SLICE_BYTES + OVERLAP).min(len);
            buf.resize(end - start, 0);
            if file.read_exact_at(&mut buf, start as u64).is_err() {
                ok = false;
                break;
            }
            // Only what starts in the slice itself.
            let own = SLICE_BYTES.min(buf.len());
            super::ids_in(&buf, own, &mut found.ids);
            let hay = |n: usize| &buf[..(own + n - 1).min(buf.len())];
            for k in key_finder.find_iter(hay(KEY.len())) {
                let after = &buf[k + KEY.len()..];
                if array_indent(after) == Some(indent) {
                    found.starts.push(start + k + KEY.len() + 1 + indent);
                }
            }
            found
                .ends
                .extend(end_finder.find_iter(hay(end_pat.len())).map(|k| start + k));
        }
        let mut all = lock(&all);
        match (ok, all.as_mut()) {
            (true, Some(a)) => {
                a.ids.extend(found.ids);
                a.starts.append(&mut found.starts);
                a.ends.append(&mut found.ends);
            }
            _ => *all = None,
        }
    };
    rayon::scope(|s| {
        for _ in 1..rayon::current_num_threads() {
            s.spawn(|_| work());
        }
        work();
    });
    let mut found = all.into_inner().unwrap_or_else(PoisonError::into_inner)?;
    found.starts.sort_unstable();
    found.ends.sort_unstable();
    Some(found)
}

//! Whole-archive work off the input loop: counting the matches of a filter
//! in every day. The loop sends a [`Job`]; the worker sends counts back in
//! chunks as it goes, and drops a job as soon as a newer one arrives.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::model::Archive;
use crate::query::stats::Stats;
use crate::query::{Matcher, Query};

/// How many top speakers and busiest days the statistics view gets.
pub const STATS_TOP: usize = 10;

/// Days' worth of messages counted between two reports.
const CHUNK_MESSAGES: usize = 20_000;

/// Count the matches of `query` in every day.
#[derive(Debug, Clone)]
pub struct Job {
    pub generation: u64,
    pub query: Query,
}

/// Compute the statistics view's figures under `query`.
#[derive(Debug, Clone)]
pub struct StatsJob {
    pub generation: u64,
    pub query: Query,
}

/// What the worker sends back.
#[derive(Debug, Clone)]
pub enum Reply {
    Counts(Report),
    Stats { generation: u64, stats: Box<Stats> },
}

/// What the worker is asked to do.
#[derive(Debug, Clone)]
enum Task {
    Count(Job),
    Stats(StatsJob),
    /// Work on this version of the archive from now on (following).
    Archive(Arc<Archive>),
}

/// Matching messages of the days `start..start + counts.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub generation: u64,
    pub start: usize,
    pub counts: Vec<u32>,
}

/// The loop's end of the worker.
#[derive(Debug, Clone)]
pub struct Jobs {
    tx: Sender<Task>,
    latest: Arc<AtomicU64>,
}

impl Jobs {
    /// Starts `job`, abandoning any older one.
    pub fn send(&self, job: Job) {
        self.latest.store(job.generation, Ordering::SeqCst);
        // A worker that is gone (the loop is ending) has nothing to count.
        let _ = self.tx.send(Task::Count(job));
    }

    /// Asks for the statistics view's figures.
    pub fn send_stats(&self, job: StatsJob) {
        let _ = self.tx.send(Task::Stats(job));
    }

    /// Makes the jobs sent after this one run on `archive`, a new version
    /// of the archive being followed.
    pub fn set_archive(&self, archive: Arc<Archive>) {
        let _ = self.tx.send(Task::Archive(archive));
    }
}

/// Starts the worker thread over `archive`.
pub fn spawn(archive: Arc<Archive>) -> (Jobs, Receiver<Reply>, JoinHandle<()>) {
    let (tx, jobs) = channel::<Task>();
    let (reports, rx) = channel::<Reply>();
    let latest = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&latest);
    let handle = std::thread::Builder::new()
        .name("daybook-count".into())
        .spawn(move || {
            let mut archive = archive;
            let mut pending: Option<Task> = None;
            loop {
                let task = match pending.take() {
                    Some(t) => t,
                    None => match jobs.recv() {
                        Ok(t) => t,
                        Err(_) => return,
                    },
                };
                let result = match task {
                    Task::Count(mut job) => {
                        // Only the newest count matters; a stats request waits its turn.
                        while let Ok(newer) = jobs.try_recv() {
                            match newer {
                                Task::Count(j) => job = j,
                                other @ Task::Stats(_) => pending = Some(other),
                                Task::Archive(a) => archive = a,
                            }
                        }
                        count(&archive, &job, &seen, &reports)
                    }
                    Task::Archive(a) => {
                        archive = a;
                        Ok(())
                    }
                    Task::Stats(job) => {
                        let matcher =
                            (!job.query.is_empty()).then(|| Matcher::new(&job.query, &archive));
                        let stats = Stats::compute(&archive, matcher.as_ref(), STATS_TOP);
                        reports
                            .send(Reply::Stats {
                                generation: job.generation,
                                stats: Box::new(stats),
                            })
                            .map_err(|_| ())
                    }
                };
                if result.is_err() {
                    return;
                }
            }
        })
        .expect("spawn the count worker");
    (Jobs { tx, latest }, rx, handle)
}

/// Counts `job` day by day, reporting every chunk; stops early when a newer
/// job is announced. Errs when the receiver is gone.
fn count(
    archive: &Archive,
    job: &Job,
    latest: &AtomicU64,
    reports: &Sender<Reply>,
) -> Result<(), ()> {
    let matcher = Matcher::new(&job.query, archive);
    let mut start = 0;
    while start < archive.days.len() {
        if latest.load(Ordering::SeqCst) != job.generation {
            return Ok(());
        }
        let mut counts = Vec::new();
        let mut budget = 0;
        for day in &archive.days[start..] {
            counts.push(count_day(&matcher, day));
            budget += day.messages.len();
            if budget >= CHUNK_MESSAGES {
                break;
            }
        }
        let n = counts.len();
        reports
            .send(Reply::Counts(Report {
                generation: job.generation,
                start,
                counts,
            }))
            .map_err(|_| ())?;
        start += n;
    }
    Ok(())
}

/// Matching messages of one day.
pub fn count_day(matcher: &Matcher<'_>, day: &crate::model::Day) -> u32 {
    if !matcher.matches_day(day) {
        return 0;
    }
    day.messages
        .iter()
        .filter(|m| matcher.matches(day, m))
        .count() as u32
}

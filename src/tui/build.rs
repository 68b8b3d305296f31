//! Building the live search's [`Matcher`] off the input loop. A long query
//! (a paste of 10,000 terms) takes a third of a second to compile, so the
//! loop hands the parsed query to a thread of its own and goes on reading
//! keys; the thread builds only the newest request it holds and says when
//! a matcher is ready, and the loop installs it if no newer request came
//! since (older ones are dropped by their generation number).
//!
//! The thread is scoped to the loop's session on one version of the
//! archive (see [`super::follow`]) because a [`Matcher`] borrows the
//! archive it was built for: when a new version arrives the builder ends
//! with the session, whatever it built for the old version is dropped, and
//! a search still being built is asked for again of the next session's
//! builder.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::Scope;

use crate::model::Archive;
use crate::query::{Matcher, Query};

/// A filter to build: what the user typed, its query, and the query the
/// matcher runs (with `-is:system` while system messages are hidden).
#[derive(Debug)]
struct Request {
    generation: u64,
    text: String,
    query: Query,
    effective: Query,
}

/// A built filter, ready to install.
#[derive(Debug)]
pub struct Built<'a> {
    pub generation: u64,
    pub text: String,
    pub query: Query,
    /// `None` for the empty query.
    pub matcher: Option<Matcher<'a>>,
}

/// The request the live search waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub generation: u64,
    pub text: String,
    /// Whether to jump to the first match once it is installed (the prompt
    /// was submitted before the matcher was ready).
    pub jump: bool,
}

/// The loop's end of the builder thread.
#[derive(Debug)]
pub struct Builder<'a> {
    tx: Sender<Request>,
    rx: Receiver<Built<'a>>,
    generation: u64,
    pub pending: Option<Pending>,
}

impl<'a> Builder<'a> {
    /// Starts the builder on `scope` over `archive`; it calls `ready` each
    /// time a matcher is built, and ends when the `Builder` is dropped.
    pub fn spawn<'scope>(
        scope: &'scope Scope<'scope, '_>,
        archive: &'a Archive,
        ready: impl Fn() + Send + 'scope,
    ) -> std::io::Result<Builder<'a>>
    where
        'a: 'scope,
    {
        let (tx, requests) = channel::<Request>();
        let (built, rx) = channel::<Built<'a>>();
        std::thread::Builder::new()
            .name("daybook-search".into())
            .spawn_scoped(scope, move || {
                while let Ok(mut request) = requests.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = requests.try_recv() {
                        request = newer;
                    }
                    let matcher = (!request.query.is_empty())
                        .then(|| Matcher::new(&request.effective, archive));
                    let reply = Built {
                        generation: request.generation,
                        text: request.text,
                        query: request.query,
                        matcher,
                    };
                    if built.send(reply).is_err() {
                        return;
                    }
                    ready();
                }
            })?;
        Ok(Builder {
            tx,
            rx,
            generation: 0,
            pending: None,
        })
    }

    /// Asks for `text` (parsed into `query`; `effective` is what the
    /// matcher runs) to be built, unless it is already the pending request;
    /// whatever was pending before is given up.
    pub fn request(&mut self, text: &str, query: Query, effective: Query) {
        if self.pending.as_ref().is_some_and(|p| p.text == text) {
            return;
        }
        self.generation += 1;
        self.pending = Some(Pending {
            generation: self.generation,
            text: text.to_string(),
            jump: false,
        });
        // A builder that is gone (the loop is ending) builds nothing.
        let _ = self.tx.send(Request {
            generation: self.generation,
            text: text.to_string(),
            query,
            effective,
        });
    }

    /// The pending request's matcher if it is built, with the request;
    /// drops the built matchers of older requests.
    pub fn take(&mut self) -> Option<(Built<'a>, Pending)> {
        let mut found = None;
        while let Ok(built) = self.rx.try_recv() {
            if self
                .pending
                .as_ref()
                .is_some_and(|p| p.generation == built.generation)
            {
                found = Some(built);
            }
        }
        let built = found?;
        Some((built, self.pending.take()?))
    }
}

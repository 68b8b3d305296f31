//! The filter: asking for one (at once, or built on the search thread),
//! installing it, counting its matches, and going from match to match.

use crate::query::{self, Item, Matcher};
use crate::tui::app::{App, FilterMode, LiveSearch, Popup, PromptKind};
use crate::tui::worker::{Job, Report, count_day};

impl<'a> App<'a> {
    /// Applies the search typed into the prompt if it is due (see
    /// [`super::app::LiveSearch`]); whether there was one to apply.
    pub fn apply_due_search(&mut self) -> bool {
        if self.live_search != LiveSearch::Due {
            return false;
        }
        self.live_search = LiveSearch::Deferred;
        let Some(Popup::Prompt(p)) = &self.popup else {
            return false;
        };
        if p.kind != PromptKind::Search {
            return false;
        }
        let text = p.input.text.clone();
        let error = self.request_filter(&text).err();
        if let Some(Popup::Prompt(p)) = &mut self.popup {
            p.error = error;
        }
        true
    }

    /// Installs the live search's matcher if the builder has the one asked
    /// for last (older ones are dropped), and jumps to the first match if
    /// the prompt was submitted meanwhile; whether it installed one.
    pub fn apply_built(&mut self) -> bool {
        let Some((built, pending)) = self
            .builder
            .as_mut()
            .and_then(crate::tui::build::Builder::take)
        else {
            return false;
        };
        self.install_filter(&built.text, built.query, built.matcher);
        if pending.jump && self.filter.is_active() {
            self.goto_match(true, true);
        }
        true
    }

    /// Goes to the first match of the filter just asked for: now, or once
    /// its matcher is built and installed.
    pub(super) fn jump_when_built(&mut self) {
        match self.builder.as_mut().and_then(|b| b.pending.as_mut()) {
            Some(pending) => pending.jump = true,
            None if self.filter.is_active() => self.goto_match(true, true),
            None => {}
        }
    }

    /// The filter again after system messages were hidden or shown: rows
    /// and layout now; the matcher (which leaves hidden system messages
    /// out) is built again, on the builder's thread when there is one.
    pub(super) fn refilter(&mut self) {
        let (text, q) = (self.filter.text.clone(), self.filter.query.clone());
        if q.is_empty() || self.builder.is_none() {
            self.apply_filter(&text, q);
            return;
        }
        let effective = self.effective_query(&q);
        if let Some(b) = &mut self.builder {
            // The same text as what may be pending, but another query to run.
            b.pending = None;
            b.request(&text, q, effective);
        }
        self.rebuild_rows();
        self.relayout();
    }

    /// Makes `text` the filter: parses it, restarts the count, re-lays out.
    /// Gives up any live search still being built.
    pub fn set_filter(&mut self, text: &str) -> Result<(), String> {
        let q = query::parse(text).map_err(|e| e.to_string())?;
        if let Some(b) = &mut self.builder {
            b.pending = None;
        }
        if q == self.filter.query && self.filter.text == text {
            return Ok(());
        }
        self.apply_filter(text, q);
        Ok(())
    }

    /// The live search: [`set_filter`](App::set_filter), except that with a
    /// [`builder`](App::builder) a query's matcher is built on its thread and
    /// installed when ready ([`apply_built`](App::apply_built)), so the key
    /// that changed the query does not wait for it.
    pub fn request_filter(&mut self, text: &str) -> Result<(), String> {
        let q = query::parse(text).map_err(|e| e.to_string())?;
        let unchanged = q == self.filter.query && self.filter.text == text;
        if q.is_empty() || unchanged || self.builder.is_none() {
            if let Some(b) = &mut self.builder {
                b.pending = None;
            }
            if !unchanged {
                self.apply_filter(text, q);
            }
            return Ok(());
        }
        let effective = self.effective_query(&q);
        if let Some(b) = &mut self.builder {
            b.request(text, q, effective);
        }
        Ok(())
    }

    /// Makes `q` (read from `text`) the filter: matcher, counts, rows, layout.
    pub(super) fn apply_filter(&mut self, text: &str, q: query::Query) {
        // Hidden system messages are never matches: the matcher (here and
        // on the worker) gets `-is:system` besides the query.
        let effective = self.effective_query(&q);
        let matcher = (!q.is_empty()).then(|| Matcher::new(&effective, self.archive));
        self.install_filter(text, q, matcher);
    }

    /// Makes `q` (read from `text`, matched by `matcher`) the filter:
    /// counts, rows, layout.
    pub(super) fn install_filter(
        &mut self,
        text: &str,
        q: query::Query,
        matcher: Option<Matcher<'a>>,
    ) {
        self.filter.text = text.to_string();
        self.filter.matcher = matcher;
        self.filter.query = q;
        self.filter.generation += 1;
        let days = self.archive.days.len();
        self.filter.counts = vec![0; days];
        self.filter.counted = vec![!self.filter.is_active(); days];
        self.filter.days_counted = if self.filter.is_active() { 0 } else { days };
        self.filter.total = 0;
        if self.filter.is_active() {
            let job = Job {
                generation: self.filter.generation,
                query: self.effective_query(&self.filter.query),
            };
            match &self.jobs {
                Some(jobs) => jobs.send(job),
                None => self.count_now(),
            }
        }
        self.rebuild_rows();
        self.relayout();
    }

    /// The query the matcher runs: `q`, and `-is:system` while system
    /// messages are hidden.
    pub(super) fn effective_query(&self, q: &query::Query) -> query::Query {
        let mut q = q.clone();
        if self.hide_system && !q.is_empty() {
            q.push(Item::Is {
                kind: crate::model::MessageKind::System,
                negated: true,
            });
        }
        q
    }

    /// Counts every day at once (without a worker, as in tests).
    pub(super) fn count_now(&mut self) {
        let Some(m) = &self.filter.matcher else {
            return;
        };
        let counts: Vec<u32> = self.archive.days.iter().map(|d| count_day(m, d)).collect();
        self.apply_report(&Report {
            generation: self.filter.generation,
            start: 0,
            counts,
        });
    }

    /// Takes in counts from the worker.
    pub fn apply_report(&mut self, report: &Report) {
        if report.generation != self.filter.generation {
            return;
        }
        for (i, &c) in report.counts.iter().enumerate() {
            let d = report.start + i;
            if d < self.filter.counts.len() && !self.filter.counted[d] {
                self.filter.counts[d] = c;
                self.filter.counted[d] = true;
                self.filter.days_counted += 1;
                self.filter.total += c as usize;
            }
        }
        if self.filter.mode == FilterMode::Only {
            self.rebuild_rows();
        }
    }

    /// Goes to the next (or previous) matching message across days,
    /// wrapping around; `inclusive` also considers the selected message.
    pub fn goto_match(&mut self, forward: bool, inclusive: bool) {
        if !self.filter.is_active() {
            self.say("no search: / to search, @ to pick speakers");
            return;
        }
        // In this day first.
        let hits_here: Vec<usize> = (0..self.pane.visible.len())
            .filter(|&i| self.pane.matched[self.pane.visible[i] as usize])
            .collect();
        let here = if forward {
            hits_here
                .iter()
                .copied()
                .find(|&i| i > self.selected || inclusive && i == self.selected)
        } else {
            hits_here.iter().rev().copied().find(|&i| i < self.selected)
        };
        if let Some(i) = here {
            self.selected = i;
            self.show_selection_with_context();
            return;
        }
        // Then the other days, in archive order, wrapping around.
        let n = self.archive.days.len();
        for step in 1..=n {
            let d = if forward {
                (self.day + step) % n
            } else {
                (self.day + n - step % n) % n
            };
            if self.day_count(d) == 0 {
                continue;
            }
            let wrapped = if forward {
                d <= self.day
            } else {
                d >= self.day
            };
            let before = (self.day, self.selected);
            self.select_day(d);
            let hits: Vec<usize> = (0..self.pane.visible.len())
                .filter(|&i| self.pane.matched[self.pane.visible[i] as usize])
                .collect();
            self.selected = if forward {
                hits.first().copied().unwrap_or(0)
            } else {
                hits.last().copied().unwrap_or(0)
            };
            self.show_selection_with_context();
            if (self.day, self.selected) == before {
                self.say("this is the only match");
            } else if wrapped {
                self.say(if forward {
                    "search wrapped around to the first match"
                } else {
                    "search wrapped around to the last match"
                });
            }
            return;
        }
        if hits_here.is_empty() {
            self.say("no matches");
        } else {
            self.say("this is the only match");
        }
    }

    /// Matching messages of day `d`, counting it now if the worker has not yet.
    pub(super) fn day_count(&mut self, d: usize) -> u32 {
        if !self.filter.counted[d] {
            if let Some(m) = &self.filter.matcher {
                let c = count_day(m, &self.archive.days[d]);
                self.filter.counts[d] = c;
                self.filter.counted[d] = true;
                self.filter.days_counted += 1;
                self.filter.total += c as usize;
            }
        }
        self.filter.counts[d]
    }
}

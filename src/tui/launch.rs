//! Starting the opener (`o`): at most one a second, and every child
//! waited for, so that none is left a zombie.

use std::process::Child;
use std::time::{Duration, Instant};

/// The least time between two openers started.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// Starts openers, no more often than [`MIN_INTERVAL`].
#[derive(Debug, Default)]
pub struct Launcher {
    last: Option<Instant>,
}

/// Why an opener was not started.
#[derive(Debug)]
pub enum NotLaunched {
    /// Another started less than [`MIN_INTERVAL`] ago.
    TooSoon,
    /// No opener could be started (none installed, say): why.
    Failed(String),
}

impl Launcher {
    /// Whether an opener may start at `now`.
    pub fn ready(&self, now: Instant) -> bool {
        self.last
            .is_none_or(|last| now.saturating_duration_since(last) >= MIN_INTERVAL)
    }

    /// Starts an opener with `start` unless another started less than a
    /// second before `now`; a thread waits for the child, so that it does
    /// not stay a zombie.
    pub fn launch(
        &mut self,
        start: impl FnOnce() -> Result<Child, String>,
        now: Instant,
    ) -> Result<(), NotLaunched> {
        if !self.ready(now) {
            return Err(NotLaunched::TooSoon);
        }
        self.last = Some(now);
        let mut child = start().map_err(NotLaunched::Failed)?;
        std::thread::Builder::new()
            .name("daybook-opener".into())
            .spawn(move || {
                let _ = child.wait();
            })
            .map_err(|e| NotLaunched::Failed(e.to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn run(program: &str) -> impl FnOnce() -> Result<Child, String> {
        let program = program.to_string();
        move || Command::new(program).spawn().map_err(|e| e.to_string())
    }

    #[test]
    fn at_most_one_a_second() {
        let mut l = Launcher::default();
        let t = Instant::now();
        assert!(l.ready(t));
        l.launch(run("true"), t).expect("true runs");
        assert!(matches!(
            l.launch(run("true"), t + MIN_INTERVAL / 2),
            Err(NotLaunched::TooSoon)
        ));
        l.launch(run("true"), t + MIN_INTERVAL)
            .expect("a second later");
        assert!(matches!(
            l.launch(run("/nonexistent/daybook-opener"), t + MIN_INTERVAL * 3),
            Err(NotLaunched::Failed(_))
        ));
    }

    #[test]
    fn children_are_reaped() {
        let mut l = Launcher::default();
        let t = Instant::now();
        for i in 0..5 {
            l.launch(run("true"), t + MIN_INTERVAL * i)
                .expect("true runs");
        }
        // The waiting threads reap each child as it exits: none is left a
        // zombie (state Z) under this process.
        let me = std::process::id();
        let zombies = || {
            std::fs::read_dir("/proc").map_or(0, |d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
                    .filter(|stat| {
                        let after = stat.rsplit(") ").next().unwrap_or("");
                        let mut f = after.split(' ');
                        let state = f.next();
                        let ppid = f.next().and_then(|p| p.parse::<u32>().ok());
                        state == Some("Z") && ppid == Some(me)
                    })
                    .count()
            })
        };
        let start = Instant::now();
        while zombies() > 0 {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "openers left as zombies"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

//! Whether tmux can run the end-to-end tests of the interface. Included
//! with `#[path]` by the tests that drive the real binary in tmux.
//!
//! Where tmux is missing, each such test prints why and passes without
//! running (so that `cargo test` works on a machine without it); with
//! `DAYBOOK_REQUIRE_TMUX=1`, as `.ci/run` sets, a missing tmux fails
//! instead, so that CI never skips them silently.

#![allow(dead_code)]

use std::io::Write as _;
use std::process::Command;

/// The variable that turns a skip into a failure.
pub const REQUIRE: &str = "DAYBOOK_REQUIRE_TMUX";

/// Whether `test` can run: tmux answers `tmux -V`. When it cannot, says so
/// on stderr and returns `false`, or panics when [`REQUIRE`] is set to
/// anything but `0` or nothing.
pub fn available(test: &str) -> bool {
    let required = std::env::var(REQUIRE).is_ok_and(|v| !v.is_empty() && v != "0");
    check("tmux", test, required)
}

/// [`available`] for the tmux at `program`, `required` or not.
pub fn check(program: &str, test: &str, required: bool) -> bool {
    let problem = match Command::new(program).arg("-V").output() {
        Ok(o) if o.status.success() => return true,
        Ok(o) => format!("`tmux -V` failed ({})", o.status),
        Err(e) => format!("tmux is not installed ({e})"),
    };
    assert!(
        !required,
        "{test}: {problem}, and {REQUIRE} is set: the end-to-end tests of the \
         interface need tmux (apt-get install tmux, brew install tmux)"
    );
    // Straight to the process's stderr: the test harness captures
    // `eprintln!` of passing tests, and this must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {problem}; install tmux to run the end-to-end tests \
         ({REQUIRE}=1 makes this a failure)"
    );
    false
}

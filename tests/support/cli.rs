//! Running the real binary for what a command prints. Included with
//! `#[path]` by the binary tests that need it.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `daybook ARGS` from the project's folder with the environment
/// cleared, in UTC, and with no config file (whoever runs the tests never
/// counts).
pub fn daybook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(args)
        .env_clear()
        .env("TZ", "UTC")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config-here"),
        )
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run daybook")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What `daybook ARGS` prints, asserting that it succeeds.
pub fn ok(args: &[&str]) -> String {
    let o = daybook(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

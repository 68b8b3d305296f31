//! The `daybook` binary: parse arguments, run, map the outcome to an exit status.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use daybook::cli::Cli;
use daybook::commands::{self, Outcome};
use daybook::config::Config;
use daybook::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = Config::from_cli(&cli);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = commands::run(&cli, &config, &mut out, &mut err).and_then(|o| {
        out.flush().map_err(Error::from)?;
        Ok(o)
    });
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NotFound) => ExitCode::from(1),
        // `daybook ... | head` closes the pipe early: that is not a failure.
        Err(Error::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let msg = daybook::text::sanitize(&e.to_string()).into_owned();
            let _ = writeln!(err, "daybook: {msg}");
            ExitCode::from(2)
        }
    }
}

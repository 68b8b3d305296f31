//! `daybook search --follow QUERY PATH`: the matches already there, then
//! every matching message as it is written, like `tail -f | grep` on
//! messages, until SIGINT, SIGTERM or SIGHUP, or until the output is closed.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::channel;

use super::Outcome;
use crate::archive::Progress;
use crate::archive::follow::{Follower, Update, added, watch};
use crate::cli::SearchArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::text::sanitize_line;

/// What the loop waits for.
enum Msg {
    Update(Update),
    /// A signal that ends the search.
    Signal,
}

pub fn run(
    paths: &[PathBuf],
    args: &SearchArgs,
    config: &Config,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    if paths.is_empty() {
        return Err(Error::Usage(
            "search --follow needs a PATH to follow (the bundled sample does not change)".into(),
        ));
    }
    // The query is checked before anything is read.
    crate::query::parse(&args.query).map_err(|e| Error::query(&args.query, e))?;
    let (tx, rx) = channel();
    // Signals first, so that Ctrl-C during the first load ends it cleanly.
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])
    .map_err(Error::Write)?;
    let handle = signals.handle();
    {
        let tx = tx.clone();
        std::thread::Builder::new()
            .name("daybook-signals".into())
            .spawn(move || {
                if signals.forever().next().is_some() {
                    let _ = tx.send(Msg::Signal);
                }
            })
            .map_err(Error::Write)?;
    }
    let (follower, mut archive) = Follower::load(paths, &config.load, &Progress::default())?;
    super::report_errors(&archive, err)?;
    super::search::run(&archive, args, config, out)?;
    out.flush()?;
    let _watching =
        watch(follower, move |u| tx.send(Msg::Update(u)).is_ok()).map_err(Error::Write)?;
    while let Ok(msg) = rx.recv() {
        match msg {
            Msg::Signal => break,
            Msg::Update(u) => {
                for n in &u.notes {
                    writeln!(err, "{}", sanitize_line(&n.to_string()))?;
                }
                let from = added(&archive, &u.archive);
                archive = u.archive;
                super::search::run_from(&archive, args, config, out, Some(&from))?;
                out.flush()?;
            }
        }
    }
    handle.close();
    out.flush()?;
    Ok(Outcome::Success)
}

//! The generated archive the benchmarks read, written once under
//! `target/bench-data/` and reused while its configuration is unchanged.

use std::path::{Path, PathBuf};

use super::generator::{GenConfig, write_archive};

/// The folder holding the archive for `config`, generated unless a
/// previous run left a complete one (its marker file names the config).
pub fn prepare(config: &GenConfig) -> std::io::Result<PathBuf> {
    let root = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("bench-data");
    let key = config.key();
    let dir = root.join(&key);
    let marker = root.join(format!("{key}.complete"));
    if marker.is_file() && dir.is_dir() {
        return Ok(dir);
    }
    // Write beside the final folder and rename, so that an interrupted run
    // or a concurrent one never leaves a partial archive behind the marker.
    let partial = root.join(format!("{key}.partial-{}", std::process::id()));
    let started = std::time::Instant::now();
    let bytes = write_archive(config, &partial)?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::rename(&partial, &dir)?;
    std::fs::write(&marker, format!("{config:?}\n{bytes} bytes\n"))?;
    eprintln!(
        "generated {} ({bytes} bytes) in {:.1}s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(dir)
}

/// `DAYBOOK_BENCH_SCALE` (a positive float, default 1).
pub fn scale() -> f64 {
    match std::env::var("DAYBOOK_BENCH_SCALE") {
        Ok(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x > 0.0)
            .unwrap_or_else(|| panic!("DAYBOOK_BENCH_SCALE wants a positive number, not {s:?}")),
        Err(_) => 1.0,
    }
}

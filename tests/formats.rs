//! Reading chat exports of any format through the real binary: detection
//! and `--input-format`, what `check --files` and `days --json` say of each
//! file, `--tz` and the config file's `tz`, and zips read in place.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn daybook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_daybook"))
        .args(args)
        .env_clear()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run daybook")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn check_files_names_the_format_of_every_file() {
    let dir = fixture("cjk");
    let d = dir.to_str().unwrap();
    let o = daybook(&["check", "--files", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l.starts_with(d), "{l}");
        assert!(l.contains(": read as jekyll (WeChat): 1 day, "), "{l}");
    }
    // Without --files, check prints only the diagnostics, as before.
    let o = daybook(&["check", d]);
    assert_eq!(stdout(&o), "");
}

#[test]
fn days_json_gives_each_days_app_and_format() {
    let o = daybook(&["days", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let days = v.as_array().expect("an array");
    assert!(!days.is_empty());
    for d in days {
        assert_eq!(d["app"], "WeChat");
        assert_eq!(d["format"], "jekyll");
    }
}

#[test]
fn input_format_forces_a_format_and_names_the_known_ones() {
    let dir = fixture("cjk");
    let d = dir.to_str().unwrap();
    let detected = daybook(&["days", d]);
    for name in ["jekyll", "WeChat", "reference"] {
        let o = daybook(&["days", "--input-format", name, d]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), stdout(&detected));
    }
    let o = daybook(&["days", "--input-format", "carrier-pigeon", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown format \"carrier-pigeon\"; daybook reads: jekyll"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn tz_takes_names_offsets_and_local_and_refuses_the_rest() {
    for zone in [
        "UTC",
        "Asia/Shanghai",
        "+08:00",
        "local",
        "america/new_york",
    ] {
        let o = daybook(&["days", "--tz", zone]);
        assert_eq!(o.status.code(), Some(0), "{zone}: {}", stderr(&o));
        // The reference format's times are naive: shown as written in any zone.
        assert!(stdout(&o).contains("2018-01-22  Mon  seeds  189 messages"));
        let o = daybook(&["show", "2018-01-22", "--tz", zone]);
        assert!(stdout(&o).contains("06:47:30"), "{zone}");
    }
    let o = daybook(&["days", "--tz", "Mars/Olympus_Mons"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown time zone"), "{}", stderr(&o));
}

#[test]
fn the_config_files_tz_is_checked_for_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.toml");
    std::fs::write(&good, "tz = \"Europe/Paris\"\n").unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "tz = \"Nowhere/Town\"\n").unwrap();
    let o = daybook(&["days", "--config", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = daybook(&["days", "--config", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml:1: tz: unknown time zone \"Nowhere/Town\""),
        "{}",
        stderr(&o)
    );
    // --tz wins over the file (which is then not needed for the zone).
    let o = daybook(&["days", "--config", good.to_str().unwrap(), "--tz", "UTC"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_zip_of_day_files_reads_like_the_folder() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("teamjp.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixture("cjk/teamjp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in &names {
        zip.start_file(
            format!("teamjp/{}", p.file_name().unwrap().to_string_lossy()),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(p).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    let z = zip_path.to_str().unwrap();
    let folder = daybook(&["days", fixture("cjk/teamjp").to_str().unwrap()]);
    let zipped = daybook(&["days", z]);
    assert_eq!(zipped.status.code(), Some(0), "{}", stderr(&zipped));
    assert_eq!(stdout(&zipped), stdout(&folder));
    let o = daybook(&["check", "--files", z]);
    assert!(
        stdout(&o).starts_with(&format!("{z}/teamjp/")),
        "{}",
        stdout(&o)
    );
    let search_folder = daybook(&["search", "の", fixture("cjk/teamjp").to_str().unwrap()]);
    let search_zip = daybook(&["search", "の", z]);
    assert_eq!(stdout(&search_zip), stdout(&search_folder));
}

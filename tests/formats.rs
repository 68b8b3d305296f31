//! Reading chat exports of any format through the real binary: detection
//! and `--input-format`, what `check --files` and `days --json` say of each
//! file, `--tz` and the config file's `tz`, and zips read in place.

use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod cli;
use cli::{daybook, stderr, stdout};

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
    // Every format is named, whatever their number.
    let err = stderr(&o);
    let names = err
        .split_once("unknown format \"carrier-pigeon\"; daybook reads: ")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or_else(|| panic!("{err}"));
    let names: Vec<&str> = names.split(", ").collect();
    assert_eq!(names, daybook::archive::formats::names(), "{err}");
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

/// A folder format plugs in through the same interface: a fake one, forced
/// with the options `--input-format` sets, claims a folder (and the same
/// folder zipped) and reads its members.
mod folder_format {
    use std::path::{Path, PathBuf};

    use std::io::Write;

    use chrono::NaiveDate;

    use daybook::archive::formats::{
        Builder, Confidence, Folder, FolderProbe, Format, Loc, ParseContext, Parsed, Probe,
    };
    use daybook::archive::{Options, Progress, load, load_with_options};
    use daybook::model::{Archive, Severity, TimeOfDay};

    /// A tiny folder format: a folder holding `workspace.txt` is one
    /// export; each `CHANNEL/YYYY-MM-DD.txt` below it holds one message per
    /// line, `HH:MM name: text`.
    struct Fake;

    impl Format for Fake {
        fn name(&self) -> &'static str {
            "fake"
        }

        fn app(&self) -> &'static str {
            "Fake"
        }

        fn detect(&self, _probe: &Probe<'_>) -> Option<Confidence> {
            None
        }

        fn parse(&self, _bytes: &[u8], ctx: &ParseContext<'_>) -> Parsed {
            Parsed::refused(ctx.path, 1, Severity::Error, "fake reads only folders")
        }

        fn detect_folder(&self, probe: &FolderProbe<'_>) -> Option<Confidence> {
            probe
                .has_file("workspace.txt")
                .then_some(Confidence::Certain)
        }

        fn parse_folder(&self, folder: &dyn Folder, ctx: &ParseContext<'_>) -> Parsed {
            let mut b = Builder::new(self, ctx);
            for rel in folder.files() {
                let Some((channel, file)) = rel.split_once('/') else {
                    continue;
                };
                let Some(date) = file
                    .strip_suffix(".txt")
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                else {
                    continue;
                };
                let bytes = match folder.read(rel) {
                    Ok(b) => b,
                    Err(why) => {
                        b.source(&folder.path_of(rel));
                        b.diag(Loc::Line(1), Severity::Error, why);
                        continue;
                    }
                };
                b.source(&folder.path_of(rel));
                let chat = b.chat(channel, Some(&format!("#{channel}")));
                for (n, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
                    let Some((time, rest)) = line.split_once(' ') else {
                        continue;
                    };
                    let Some((name, text)) = rest.split_once(": ") else {
                        continue;
                    };
                    let (h, m) = time.split_once(':').unwrap_or(("0", "0"));
                    let t = TimeOfDay::from_hms(h.parse().unwrap_or(0), m.parse().unwrap_or(0), 0)
                        .unwrap_or(TimeOfDay::UNKNOWN);
                    let at = Loc::Line(n as u32 + 1);
                    let s = b.speaker(name, at);
                    b.message(chat, date, t, s, at).text_with_spans(text);
                }
            }
            b.finish()
        }
    }

    static FAKE: Fake = Fake;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn load_forced(paths: &[PathBuf]) -> Archive {
        let options = Options {
            format: Some(&FAKE),
            ..Options::default()
        };
        load_with_options(paths, &options, &Progress::default()).unwrap()
    }

    fn summary(a: &Archive) -> Vec<String> {
        a.days
            .iter()
            .flat_map(|d| {
                let ch = &a.channels[d.channel as usize];
                d.messages.iter().map(move |m| {
                    format!(
                        "{} {} {} {} {}: {} [{}:{}]",
                        ch.app,
                        ch.name,
                        d.date,
                        m.time,
                        a.speakers.name(m.speaker),
                        d.body(m),
                        a.message_path(d, m).display(),
                        m.line
                    )
                })
            })
            .collect()
    }

    #[test]
    fn a_folder_format_claims_a_folder_and_reads_its_members() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("ws");
        write(&ws.join("workspace.txt"), "fake export\n");
        write(
            &ws.join("general/2020-01-02.txt"),
            "09:30 ann: hi https://x.y\n09:31 bob: hello\n",
        );
        write(&ws.join("general/2020-01-01.txt"), "23:59 ann: first\n");
        write(&ws.join("random/2020-01-02.txt"), "10:00 bob: other\n");
        write(
            &ws.join(".hidden/2020-01-02.txt"),
            "10:00 eve: never read\n",
        );
        let a = load_forced(std::slice::from_ref(&ws));
        let d = ws.display();
        assert_eq!(
            summary(&a),
            vec![
                format!(
                    "Fake #general 2020-01-01 23:59:00 ann: first [{d}/general/2020-01-01.txt:1]"
                ),
                format!(
                    "Fake #general 2020-01-02 09:30:00 ann: hi https://x.y [{d}/general/2020-01-02.txt:1]"
                ),
                format!(
                    "Fake #general 2020-01-02 09:31:00 bob: hello [{d}/general/2020-01-02.txt:2]"
                ),
                format!(
                    "Fake #random 2020-01-02 10:00:00 bob: other [{d}/random/2020-01-02.txt:1]"
                ),
            ]
        );
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert_eq!(a.files.len(), 3);
        assert!(a.files.iter().all(|f| f.format == "fake"));

        // The same export as a zip is read in place, member by member.
        let zip_path = tmp.path().join("ws.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        for rel in [
            "workspace.txt",
            "general/2020-01-02.txt",
            "general/2020-01-01.txt",
            "random/2020-01-02.txt",
        ] {
            zip.start_file(rel, opts).unwrap();
            zip.write_all(&std::fs::read(ws.join(rel)).unwrap())
                .unwrap();
        }
        zip.finish().unwrap();
        let z = load_forced(std::slice::from_ref(&zip_path));
        let from_zip = summary(&z)
            .join("\n")
            .replace(&zip_path.display().to_string(), "WS");
        let from_dir = summary(&a).join("\n").replace(&d.to_string(), "WS");
        assert_eq!(from_zip, from_dir);
    }

    #[test]
    fn without_a_claim_folders_are_walked_file_by_file() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            &tmp.path().join("g/2018-01-22-chat.markdown"),
            "---\ndate: 2018-01-22 12:00:00\n---\n> 09:00:00  A  \n   \nhi  \n",
        );
        let a = load(&[tmp.path().to_path_buf()]).unwrap();
        assert_eq!(a.days.len(), 1);
        assert_eq!(a.channels[0].app, "WeChat");
        assert_eq!(a.files[0].format, "jekyll");
    }
}

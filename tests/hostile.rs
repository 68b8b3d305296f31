//! Hostile archives: the fixtures in tests/fixtures/hostile, an archive
//! made by the project's own generator in its hostile mode
//! (`benches/support/hostile.rs`), and inputs too large to commit (a 5 MiB
//! line, 100,000 messages in a day) made here at run time.
//!
//! For each: `daybook check` reports it with file and line; no command
//! writes a control character, an escape sequence or a bidi control to
//! stdout; nothing hangs (every run has a deadline) and memory stays
//! bounded (the child's peak resident set is watched).

#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "support/process.rs"]
mod process;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use daybook::archive::load;
use process::{Run, assert_no_controls, daybook_in, strip_sgr};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const HOSTILE: &str = "tests/fixtures/hostile";
/// Long enough for a debug build on a slow machine; a hang is far longer.
const DEADLINE: Duration = Duration::from_secs(90);

fn daybook(args: &[&str]) -> Run {
    daybook_in(Path::new(ROOT), args, DEADLINE)
}

/// Runs `args` and checks that it did not fail (status 0, or 1 for
/// nothing found or files that could not be read), that neither stdout nor
/// stderr holds a control, and that JSON output parses.
fn run_clean(args: &[&str]) -> Run {
    let r = daybook(args);
    assert!(
        matches!(r.code, Some(0 | 1)),
        "{args:?} exited with {:?}: {}",
        r.code,
        r.stderr_text()
    );
    let what = format!("stdout of {args:?}");
    if args.contains(&"csv") {
        // CSV ends its records with CRLF (RFC 4180); any other CR is a fault.
        let text = r.stdout_text().replace("\r\n", "\n");
        assert_no_controls(text.as_bytes(), &what);
    } else if args.contains(&"always") {
        assert_no_controls(strip_sgr(&r.stdout_text()).as_bytes(), &what);
    } else {
        assert_no_controls(&r.stdout, &what);
    }
    assert_no_controls(&r.stderr, &format!("stderr of {args:?}"));
    if args.contains(&"--json") && !args.contains(&"search") {
        serde_json::from_slice::<serde_json::Value>(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"));
    }
    r
}

/// Every day's date in the archive at `dir`, from `days --json`.
fn dates(dir: &str) -> Vec<String> {
    let r = run_clean(&["days", "--json", dir]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).expect("days --json");
    let mut dates: Vec<String> = v
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| d["date"].as_str().expect("a date").to_string())
        .collect();
    dates.dedup();
    dates
}

/// How many ways to print the archive a sweep tries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sweep {
    /// Every command and output format, each day as text and JSON.
    Full,
    /// Every message once as text and once as JSON, the summaries, and each
    /// given day as text (for a large archive on a debug build).
    Quick,
}

/// The commands that print archive text, over `dir`, each scanned.
fn sweep(dir: &str, dates: &[String], how: Sweep) {
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["check", dir],
        vec!["speakers", "--json", dir],
        vec!["stats", "--json", dir],
        // Every message, through the whole model and through the raw
        // prefilter (a positive term), as text, JSON and with colours.
        vec!["search", "", dir],
        vec!["search", "", "--json", dir],
        vec!["search", "e", "--color", "always", dir],
    ];
    if how == Sweep::Full {
        runs.extend([
            vec!["days", dir],
            vec!["stats", dir],
            vec!["speakers", dir],
            vec!["speakers", "--fuzzy", "a", dir],
            vec!["search", "e", "--context", "2", dir],
            vec!["search", "a", "--json", dir],
            vec!["search", "from:a", dir],
            vec!["search", "--count", "has:link", dir],
        ]);
    }
    for args in &runs {
        run_clean(args);
    }
    for date in dates {
        run_clean(&["show", date, dir]);
        if how == Sweep::Full {
            run_clean(&["show", date, "--json", dir]);
        }
    }
}

#[test]
fn no_control_reaches_stdout_from_the_fixtures() {
    let dates = dates(HOSTILE);
    assert!(dates.len() >= 15, "{dates:?}");
    sweep(HOSTILE, &dates, Sweep::Full);
    for date in ["2018-03-01", "2018-03-02", "2018-03-04"] {
        for width in ["20", "21", "33"] {
            run_clean(&["show", date, "--width", width, HOSTILE]);
        }
        run_clean(&["show", date, "--color", "always", HOSTILE]);
    }
    for format in ["json", "jsonl", "csv", "markdown", "html"] {
        run_clean(&["export", "--format", format, "", HOSTILE]);
    }
}

/// The diagnostics `daybook check tests/fixtures/hostile` must print, one
/// per line, in file order. Lines and byte offsets are checked by hand
/// against the fixture files. Escape sequences and controls are reported
/// once a message: on the header line for the speaker's name, on the first
/// body line that holds them for the body.
const EXPECTED_CHECK: &str = "\
tests/fixtures/hostile/.gitattributes:1: note: hidden file, skipped
tests/fixtures/hostile/2018-03-01-chat.markdown:8: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:10: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:14: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:18: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:20: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:22: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-01-chat.markdown:26: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-02-escapes.markdown:8: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-02-escapes.markdown:10: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-02-escapes.markdown:15: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-02-escapes.markdown:21: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-02-escapes.markdown:27: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-03-controls.markdown:8: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-03-controls.markdown:10: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-03-controls.markdown:19: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-04-unicode.markdown:8: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-04-unicode.markdown:10: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-04-unicode.markdown:27: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-07-mixed-eol.markdown:17: warning: impossible time 25:61:00; shown as ??:??:??
tests/fixtures/hostile/2018-03-10-invalid-utf8.markdown:12: warning: invalid UTF-8 at byte 179 (24 invalid sequences, shown as U+FFFD)
tests/fixtures/hostile/2018-03-10-invalid-utf8.markdown:15: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-11-nul.markdown:8: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-11-nul.markdown:10: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)
tests/fixtures/hostile/2018-03-12-nul-binary.markdown:1: error: not a text file (binary data)
tests/fixtures/hostile/2018-03-13-empty.markdown:1: error: empty file
tests/fixtures/hostile/2018-03-14-frontmatter-only.markdown:1: note: no messages (the day is listed with 0 messages)
tests/fixtures/hostile/2018-03-16-unclosed.markdown:1: warning: front matter opened here is never closed with `---`
tests/fixtures/hostile/2018-03-17-unclosed-only.markdown:1: warning: front matter opened here is never closed with `---`
tests/fixtures/hostile/2018-03-17-unclosed-only.markdown:1: note: no messages (the day is listed with 0 messages)
tests/fixtures/hostile/2018-03-18-blank.markdown:1: error: not a chat log: no front matter and no message headers
tests/fixtures/hostile/2018-03-19-yaml-bomb.markdown:2: warning: front matter is not valid YAML (front matter uses 72 YAML aliases, too many to expand); read it as plain `key: value` lines
tests/fixtures/hostile/2018-03-20-yaml-deep.markdown:4: warning: front matter is not valid YAML (recursion limit exceeded); read it as plain `key: value` lines
tests/fixtures/hostile/2018-03-21-yaml-weird.markdown:4: warning: front matter is not valid YAML (unknown anchor); read it as plain `key: value` lines
tests/fixtures/hostile/2018-03-21-yaml-weird.markdown:1: warning: front matter date \"!!timestamp 2018-03-21 12:00:00\" is not a YYYY-MM-DD date
tests/fixtures/hostile/2018-03-22-headers.markdown:12: warning: looks like a message header but has one space after the time; kept as text
tests/fixtures/hostile/2018-03-22-headers.markdown:19: warning: impossible time 25:61:00; shown as ??:??:??
tests/fixtures/hostile/2018-03-22-headers.markdown:23: warning: impossible time 99:99:99; shown as ??:??:??
tests/fixtures/hostile/2018-03-22-headers.markdown:27: warning: impossible time 23:59:60; shown as ??:??:??
tests/fixtures/hostile/2018-03-22-headers.markdown:35: warning: time goes back from 20:00:00 (line 8) to 19:00:00
tests/fixtures/hostile/2018-03-23-image.markdown:1: error: not a text file (PNG image)
tests/fixtures/hostile/2018-03-24-elf.md:1: error: not a text file (executable)
tests/fixtures/hostile/2018-03-25-random.txt:1: warning: invalid UTF-8 at byte 1 (760 invalid sequences, shown as U+FFFD)
tests/fixtures/hostile/2018-03-25-random.txt:2: warning: 16 lines of text before the first message header, not part of any message
tests/fixtures/hostile/2018-03-25-random.txt:1: error: not a chat log: no front matter and no message headers
tests/fixtures/hostile/README.md:1: note: not a chat file daybook reads (no date, no messages), skipped
tests/fixtures/hostile/notes.bin:1: note: not a chat file (.bin), skipped
tests/fixtures/hostile/photo.png:1: note: not a chat file (.png), skipped
";

/// The line `check` prints for the escapes fixture's front matter, whose
/// title (line 3) holds an ESC that YAML refuses. Checked on its own in
/// `yaml_errors_without_a_location_name_the_right_line`.
/// The reason `check` gives for escape sequences and control characters.
const CONTROLS: &str =
    "escape sequences or control characters (shown as visible symbols, never sent to the terminal)";

const ESCAPES_YAML: &str = "tests/fixtures/hostile/2018-03-02-escapes.markdown:";

fn is_escapes_yaml(line: &str) -> bool {
    line.starts_with(ESCAPES_YAML) && line.contains("not valid YAML")
}

#[test]
fn check_reports_every_fixture_with_file_and_line() {
    let r = daybook(&["check", HOSTILE]);
    assert_eq!(r.code, Some(1), "errors give status 1: {}", r.stderr_text());
    let out = r.stdout_text();
    let got: Vec<&str> = out.lines().filter(|l| !is_escapes_yaml(l)).collect();
    let want: Vec<&str> = EXPECTED_CHECK.lines().collect();
    assert_eq!(got, want, "check output:\n{out}");
    assert_eq!(
        out.lines().filter(|l| is_escapes_yaml(l)).count(),
        1,
        "{out}"
    );
    assert_eq!(
        r.stderr_text(),
        "19 days, 49 messages; 6 errors, 37 warnings, 6 notes\n"
    );
}

#[test]
#[ignore = "defect: a YAML error whose location serde_yaml gives as the start is reported on line 2 (the line after `---`), not the line that holds it"]
fn yaml_errors_without_a_location_name_the_right_line() {
    let r = daybook(&[
        "check",
        "tests/fixtures/hostile/2018-03-02-escapes.markdown",
    ]);
    assert!(
        r.stdout_text()
            .starts_with("tests/fixtures/hostile/2018-03-02-escapes.markdown:3: warning: front matter is not valid YAML"),
        "{}",
        r.stdout_text()
    );
}

/// Lines of `bytes` numbered as daybook numbers them: split at `\n`,
/// `\r\n` or a lone `\r`; each with its 1-based number and byte offset.
fn numbered_lines(bytes: &[u8]) -> Vec<(u32, usize, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut n = 0;
    while start < bytes.len() {
        n += 1;
        let rest = &bytes[start..];
        let (len, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, i + 2),
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        out.push((n, start, &rest[..len]));
        start += next;
    }
    out
}

#[test]
fn check_names_the_lines_that_hold_escape_sequences() {
    let r = daybook(&["check", "tests/fixtures/hostile/2018-03-01-chat.markdown"]);
    let out = r.stdout_text();
    // The speakers on lines 8 and 20 and the bodies on lines 10, 14, 18,
    // 22 and 26.
    for line in [8, 10, 14, 18, 20, 22, 26] {
        let prefix = format!("tests/fixtures/hostile/2018-03-01-chat.markdown:{line}: warning:");
        assert!(
            out.lines().any(|l| l.starts_with(&prefix)),
            "no diagnostic for line {line}:\n{out}"
        );
    }
}

#[test]
fn the_model_holds_only_sanitised_text() {
    let archive = load(&[Path::new(ROOT).join(HOSTILE)]).expect("load");
    assert!(archive.days.len() >= 15);
    let safe = |s: &str, what: &str| assert_no_controls(s.as_bytes(), what);
    for c in &archive.channels {
        safe(&c.name, "channel name");
    }
    for (_, s) in archive.speakers.iter() {
        safe(&s.name, "speaker name");
        assert!(!s.name.contains('\n'));
    }
    for day in &archive.days {
        for m in &day.messages {
            safe(day.body(m), "body");
        }
    }
}

#[test]
fn front_matter_fields_are_sanitised() {
    let archive = load(&[Path::new(ROOT).join(HOSTILE)]).expect("load");
    for day in &archive.days {
        let fm = &day.front_matter;
        for s in fm.title.iter().chain(&fm.author).chain(&fm.tags) {
            assert_no_controls(s.as_bytes(), "front matter");
        }
    }
}

/// File names and folder names are archive text too.
#[test]
fn hostile_file_and_folder_names() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let chan = tmp.path().join("chan\x1b]0;owned\x07\u{202e}");
    std::fs::create_dir(&chan).expect("mkdir");
    std::fs::write(
        chan.join("2018-05-01-\x1b[2J\u{9b}31m.markdown"),
        "---\ndate: 2018-05-01 12:00:00\n---\n> 10:00:00  A  \n   \nhi  \n",
    )
    .expect("write");
    std::fs::write(chan.join("2018-05-02-\x07.markdown"), "").expect("write");
    let dir = tmp.path().to_str().expect("UTF-8 path");
    sweep(dir, &["2018-05-01".to_string()], Sweep::Full);
    let r = daybook(&["check", dir]);
    let out = r.stdout_text();
    assert!(
        out.contains("/chan␛]0;owned␇/2018-05-02-␇.markdown:1: error: empty file"),
        "{out}"
    );
}

/// Writes a hostile archive with the project's own generator
/// (`benches/support/gen.rs`, as `cargo run --example gen_archive --
/// --hostile` does); returns its special day files, by kind.
fn generate(out: &Path, days: usize) -> BTreeMap<String, String> {
    let config = generator::GenConfig {
        days,
        hostile: true,
        // Large enough to need wrapping over thousands of rows; the 5 MiB
        // line has its own test below.
        huge_line_bytes: 256 << 10,
        ..generator::GenConfig::default()
    };
    let written = generator::write_archive_report(&config, out).expect("write the archive");
    written
        .specials
        .into_iter()
        .map(|(file, kind)| (kind.to_string(), file))
        .collect()
}

#[test]
fn generated_hostile_archive() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let special = generate(tmp.path(), 60);
    let dir = tmp.path().to_str().expect("UTF-8 path");
    for (kind, _) in generator::SPECIAL_KINDS {
        assert!(special.contains_key(*kind), "no {kind} day in {special:?}");
    }

    // check: the special files and every impossible time and look-alike
    // header, each at its file and line.
    let r = daybook(&["check", dir]);
    assert_eq!(r.code, Some(1), "{}", r.stderr_text());
    let out = r.stdout_text();
    assert_no_controls(&r.stdout, "check");
    let has = |line: String| {
        assert!(
            out.lines().any(|l| l.starts_with(&line)),
            "missing `{line}` in:\n{out}"
        );
    };
    has(format!("{dir}/{}:1: error: empty file", special["empty"]));
    has(format!(
        "{dir}/{}:1: warning: front matter opened here is never closed",
        special["unclosed_frontmatter"]
    ));
    let bad = std::fs::read(tmp.path().join(&special["invalid_utf8"])).expect("read");
    let offset = std::str::from_utf8(&bad)
        .expect_err("invalid")
        .valid_up_to();
    let line = 1 + memchr::memchr_iter(b'\n', &bad[..offset]).count();
    has(format!(
        "{dir}/{}:{line}: warning: invalid UTF-8 at byte {offset} (",
        special["invalid_utf8"]
    ));
    has(format!(
        "{dir}/{}:1: error: not a text file (binary data)",
        special["binary"]
    ));
    has(format!(
        "{dir}/{}:1: note: decoded from UTF-16LE",
        special["utf16"]
    ));
    has(format!(
        "{dir}/{}:1: warning: no messages, though the front matter says `lines: ",
        special["frontmatter_only"]
    ));
    for kind in ["yaml_bomb", "yaml_deep"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{dir}/{}:", special[kind]))
                    && l.contains("front matter is not valid YAML")),
            "{kind}: {out}"
        );
    }
    for kind in [
        "odd_headers",
        "crlf",
        "bom",
        "mixed_eol",
        "no_frontmatter",
        "truncated",
    ] {
        let date = &special[kind][..10];
        let r = daybook(&["show", date, dir]);
        assert_eq!(r.code, Some(0), "{kind}: {}", r.stderr_text());
    }
    let mut expected = 0;
    for entry in std::fs::read_dir(tmp.path()).expect("read_dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("read");
        for (n, _, line) in numbered_lines(&bytes) {
            let line = String::from_utf8_lossy(line);
            if line.starts_with("> 25:61:99  ") {
                expected += 1;
                has(format!(
                    "{dir}/{name}:{n}: warning: impossible time 25:61:99"
                ));
            } else if line.len() > 11
                && line.starts_with("> ")
                && line.as_bytes()[10] == b' '
                && line.as_bytes()[11] != b' '
                && line[2..10].bytes().all(|b| b.is_ascii_digit() || b == b':')
            {
                expected += 1;
                has(format!(
                    "{dir}/{name}:{n}: warning: looks like a message header"
                ));
            }
        }
    }
    assert!(expected >= 5, "the generator wrote only {expected} faults");
    // Every diagnostic names an existing file and a line inside it.
    for l in out.lines() {
        let (path, rest) = l.split_once(".markdown:").expect("file:line");
        let n: usize = rest.split(':').next().unwrap().parse().expect("a line");
        let bytes = std::fs::read(format!("{path}.markdown")).expect("the file exists");
        assert!(n >= 1 && n <= numbered_lines(&bytes).len().max(1), "{l}");
    }

    // No control from any command; the special days that are in the
    // archive shown one by one (the huge line's too, wrapped to 80).
    let listed = dates(dir);
    let mut days: Vec<String> = special
        .values()
        .filter_map(|n| n.get(..10).map(str::to_string))
        .filter(|d| listed.contains(d))
        .collect();
    days.sort();
    days.dedup();
    assert!(days.len() >= SPECIAL_IN_ARCHIVE, "{days:?}");
    sweep(dir, &days, Sweep::Quick);
}

/// Special days that are days of the archive: all but `empty` and `binary`.
const SPECIAL_IN_ARCHIVE: usize = 13;

/// Watches a run's time and memory.
fn assert_bounded(r: &Run, args: &[&str], input_bytes: usize) {
    assert!(
        matches!(r.code, Some(0 | 1)),
        "{args:?}: {:?} {}",
        r.code,
        r.stderr_text()
    );
    // The model holds the text once, plus offsets: allow 64 MiB of
    // baseline and 12 bytes per byte of input.
    let limit_kib = 64 * 1024 + (12 * input_bytes / 1024) as u64;
    assert!(
        r.peak_kib <= limit_kib,
        "{args:?} peaked at {} KiB (limit {limit_kib} KiB for {input_bytes} bytes)",
        r.peak_kib
    );
}

#[test]
fn five_megabyte_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let unit = "中文字符和English words混合，没有换行";
    let mut line = String::with_capacity(5 << 20);
    let mut i = 0;
    while line.len() < 5 << 20 {
        line.push_str(unit);
        i += 1;
        if i % 4096 == 0 {
            line.push_str("\x1b[2J\x1b]52;c;eA==\x07\u{202e}\u{9b}");
        }
    }
    let text = format!(
        "---\ndate: 2018-04-01 12:00:00\n---\n> 10:00:00  长  \n   \n{line}  \n   \n> 10:00:01  B  \n   \nafter  \n"
    );
    std::fs::write(tmp.path().join("2018-04-01-huge.markdown"), &text).expect("write");
    let dir = tmp.path().to_str().expect("UTF-8 path");

    let r = daybook(&["check", dir]);
    assert_bounded(&r, &["check"], text.len());
    assert_eq!(
        r.stdout_text(),
        format!("{dir}/2018-04-01-huge.markdown:6: warning: {CONTROLS}\n")
    );
    assert_eq!(r.code, Some(0));

    let args = ["show", "2018-04-01", "--width", "80", dir];
    let r = daybook(&args);
    assert_bounded(&r, &args, text.len());
    assert_no_controls(&r.stdout, "show");
    let out = r.stdout_text();
    assert!(out.lines().count() > 5 << 20 >> 8, "the line is wrapped");
    assert!(
        out.lines().all(|l| daybook::text::width(l) <= 80),
        "a row wider than 80 columns"
    );
    assert!(out.ends_with("after\n"), "{}", &out[out.len() - 200..]);

    let args = ["search", "after", "--json", dir];
    let r = daybook(&args);
    assert_bounded(&r, &args, text.len());
    assert_no_controls(&r.stdout, "search");
    assert_eq!(r.stdout_text().lines().count(), 1);
}

/// A day of `n` messages, numbered; the text of message `i` is `第{i}条`.
fn many_messages(n: usize) -> String {
    let mut text = String::from("---\ndate: 2018-04-02 12:00:00\n---\n");
    for i in 0..n {
        let t = i * 86_400 / n;
        text.push_str(&format!(
            "> {:02}:{:02}:{:02}  说话人{}  \n   \n第{i}条 message \x1b[31m{i}\x1b[0m  \n   \n",
            t / 3600,
            t / 60 % 60,
            t % 60,
            i % 97
        ));
    }
    text
}

#[test]
fn a_hundred_thousand_messages_in_one_day() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = many_messages(100_000);
    std::fs::write(tmp.path().join("2018-04-02-many.markdown"), &text).expect("write");
    let dir = tmp.path().to_str().expect("UTF-8 path");

    let r = daybook(&["days", dir]);
    assert_bounded(&r, &["days"], text.len());
    assert_eq!(
        r.stdout_text(),
        format!(
            "2018-04-02  Mon  {}  100000 messages  97 speakers\n",
            dir_name(tmp.path())
        )
    );

    // Ten messages with escape sequences are named, the rest counted.
    let r = daybook(&["check", dir]);
    assert_bounded(&r, &["check"], text.len());
    let file = format!("{dir}/2018-04-02-many.markdown");
    let mut want = String::new();
    for k in 0..10 {
        want.push_str(&format!("{file}:{}: warning: {CONTROLS}\n", 6 + 4 * k));
    }
    want.push_str(&format!(
        "{file}:46: warning: 99990 more messages from here on: {CONTROLS}\n"
    ));
    assert_eq!(r.stdout_text(), want);

    let args = ["show", "2018-04-02", dir];
    let r = daybook(&args);
    assert_bounded(&r, &args, text.len());
    assert_no_controls(&r.stdout, "show");
    assert!(r.stdout_text().contains("第99999条 message ␛[31m99999␛[0m"));

    let args = ["search", "第77777条", dir];
    let r = daybook(&args);
    assert_bounded(&r, &args, text.len());
    assert_no_controls(&r.stdout, "search");
    assert_eq!(r.stdout_text().lines().count(), 1);
}

fn dir_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn search_with_every_message_a_hit_is_linear() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("2018-04-02-many.markdown"),
        many_messages(100_000),
    )
    .expect("write");
    let dir = tmp.path().to_str().expect("UTF-8 path");
    let show = daybook(&["show", "2018-04-02", dir]);
    let search = daybook(&["search", "message", dir]);
    assert_eq!(search.stdout_text().lines().count(), 100_000);
    // Printing every message as a hit costs about what showing them does.
    assert!(
        search.elapsed < show.elapsed * 5 + Duration::from_secs(2),
        "search took {:?}, show {:?}",
        search.elapsed,
        show.elapsed
    );
}

#[test]
fn yaml_bomb_is_bounded() {
    let args = [
        "check",
        "tests/fixtures/hostile/2018-03-19-yaml-bomb.markdown",
    ];
    let r = daybook(&args);
    assert_bounded(&r, &args, 0);
    assert!(r.elapsed < Duration::from_secs(20), "{:?}", r.elapsed);
    assert!(
        r.stdout_text().contains("too many to expand"),
        "{}",
        r.stdout_text()
    );
}

/// The largest alias bomb that still reaches the YAML parser: 170 levels
/// of 64 aliases each in 60 KB.
fn big_yaml_bomb() -> String {
    let mut yaml =
        String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut k = 0;
    while yaml.len() < 60_000 {
        k += 1;
        let refs = vec![format!("*a{}", k - 1); 64].join(",");
        yaml.push_str(&format!("a{k}: &a{k} [{refs}]\n"));
    }
    format!("---\n{yaml}date: 2018-03-19 12:00:00\n---\n> 10:00:00  A  \n   \nok  \n")
}

#[test]
fn big_yaml_bomb_is_bounded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = big_yaml_bomb();
    std::fs::write(tmp.path().join("2018-03-19-bomb.markdown"), &text).expect("write");
    let dir = tmp.path().to_str().expect("UTF-8 path");
    let args = ["check", dir];
    let r = daybook(&args);
    assert_bounded(&r, &args, text.len());
    assert!(r.elapsed < Duration::from_secs(2), "{:?}", r.elapsed);
}

#[test]
fn deeply_nested_front_matter_loads_quickly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let n = 31_000;
    let text = format!(
        "---\ndate: 2018-03-20 12:00:00\nx: {}{}\n---\n> 10:00:00  A  \n   \nok  \n",
        "[".repeat(n),
        "]".repeat(n)
    );
    std::fs::write(tmp.path().join("2018-03-20-deep.markdown"), text).expect("write");
    let r = daybook(&["check", tmp.path().to_str().unwrap()]);
    assert!(r.elapsed < Duration::from_secs(2), "{:?}", r.elapsed);
}

/// A file that is gone between the walk and the read (a dangling symlink
/// is exactly that) or cannot be read at all is a diagnostic with its
/// name; the other files still load.
#[test]
fn files_that_vanish_are_diagnostics() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("2018-05-02-chat.markdown"),
        "---\ndate: 2018-05-02 12:00:00\n---\n> 10:00:00  A  \n   \nhi  \n",
    )
    .expect("write");
    std::os::unix::fs::symlink(dir.join("gone"), dir.join("2018-05-01-chat.markdown"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        "2018-05-03-chat.markdown",
        dir.join("2018-05-03-chat.markdown"),
    )
    .expect("symlink");
    let d = dir.to_str().expect("UTF-8 path");
    let r = daybook(&["check", d]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stdout_text(),
        format!(
            "{d}/2018-05-01-chat.markdown:1: error: cannot read: No such file or directory (os error 2)\n\
             {d}/2018-05-03-chat.markdown:1: error: cannot read: Too many levels of symbolic links (os error 40)\n"
        )
    );
    let r = daybook(&["days", d]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.stdout_text().starts_with("2018-05-02  Wed"),
        "{}",
        r.stdout_text()
    );
    assert_eq!(
        r.stderr_text(),
        "daybook: 2 files could not be read as days; `daybook check` lists them\n"
    );
    // The same through the library, as the interface loads.
    let archive = load(&[dir.to_path_buf()]).expect("load");
    assert_eq!(archive.days.len(), 1);
    assert!(
        archive.diagnostics[0]
            .to_string()
            .contains("2018-05-01-chat.markdown:1: error: cannot read")
    );
}

/// A file truncated while daybook runs: what was read is what counts,
/// and cutting a file anywhere, even inside a character, a header or the
/// front matter, still loads or is a diagnostic.
#[test]
fn files_cut_anywhere_load() {
    let reference = std::fs::read(Path::new(ROOT).join("seeds/2018-01-22-chat.markdown"))
        .expect("reference day");
    let tmp = tempfile::tempdir().expect("tempdir");
    let step = reference.len() / 97;
    for (k, cut) in (0..reference.len()).step_by(step).enumerate() {
        let name = format!("2018-01-{:02}-chat.markdown", k % 28 + 1);
        let sub = tmp.path().join(format!("c{}", k / 28));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(name), &reference[..cut]).expect("write");
    }
    let archive = load(&[tmp.path().to_path_buf()]).expect("load");
    assert!(archive.days.len() > 90);
    for d in &archive.diagnostics {
        assert!(d.line >= 1, "{d}");
    }
}

#[test]
fn a_fifo_in_the_archive_does_not_hang() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("2018-05-01-chat.markdown");
    let o = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(o.success());
    let r = daybook_in(
        Path::new(ROOT),
        &["check", tmp.path().to_str().unwrap()],
        Duration::from_secs(10),
    );
    assert!(
        r.stdout_text()
            .contains("2018-05-01-chat.markdown:1: error: not read: a FIFO, not a regular file"),
        "{}",
        r.stdout_text()
    );
}

#[test]
fn a_device_in_the_archive_is_not_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("2018-05-01-chat.markdown"))
        .expect("symlink");
    // A real day beside it, so that the folder is an archive.
    std::fs::write(
        tmp.path().join("2018-05-02-chat.markdown"),
        "---\ndate: 2018-05-02 12:00:00\n---\n> 10:00:00  A  \n   \nhi  \n",
    )
    .expect("write");
    let args = ["check", tmp.path().to_str().unwrap()];
    let r = daybook_in(Path::new(ROOT), &args, Duration::from_secs(30));
    assert_bounded(&r, &args, 0);
    assert!(
        r.stdout_text()
            .contains("2018-05-01-chat.markdown:1: error: not read: a device, not a regular file"),
        "{}",
        r.stdout_text()
    );
}

/// A day file for the walking and zip tests.
fn day_file(date: &str, body: &str) -> String {
    format!("---\ndate: {date} 12:00:00\n---\n> 10:00:00  A  \n   \n{body}  \n")
}

/// A symbolic link to `/` inside an archive is not followed (the walk
/// would read the whole file system); `check` says so, and the rest loads.
#[test]
fn a_symlink_to_the_root_is_not_followed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("2018-05-02-chat.markdown"),
        day_file("2018-05-02", "hi"),
    )
    .expect("write");
    std::os::unix::fs::symlink("/", dir.join("root")).expect("symlink");
    // A link inside the archive is followed.
    std::fs::create_dir(dir.join("real")).expect("mkdir");
    std::fs::write(
        dir.join("real/2018-05-03-chat.markdown"),
        day_file("2018-05-03", "yo"),
    )
    .expect("write");
    std::os::unix::fs::symlink(dir.join("real"), dir.join("alias")).expect("symlink");
    let d = dir.to_str().expect("UTF-8 path");
    let args = ["check", d];
    let r = daybook_in(Path::new(ROOT), &args, Duration::from_secs(60));
    assert_bounded(&r, &args, 0);
    assert_eq!(
        r.stdout_text(),
        format!("{d}/root:1: note: a symbolic link to /, outside the paths given; not followed\n")
    );
    assert_eq!(
        r.stderr_text(),
        "2 days, 2 messages; 0 errors, 0 warnings, 1 note\n"
    );
}

/// Files of procfs and sysfs are never read: `/proc/kmsg` (a regular file
/// to `stat`) blocks for ever. A day-named link to one is a link out of
/// the archive; one given on the command line is refused by its device.
#[test]
fn procfs_files_are_never_day_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (i, target) in [
        "/proc/kmsg",
        "/proc/self/status",
        "/sys/kernel/uevent_seqnum",
    ]
    .iter()
    .enumerate()
    {
        std::os::unix::fs::symlink(
            target,
            tmp.path().join(format!("2018-05-0{}-chat.markdown", i + 1)),
        )
        .expect("symlink");
    }
    std::fs::write(
        tmp.path().join("2018-05-09-chat.markdown"),
        day_file("2018-05-09", "real"),
    )
    .expect("write");
    let d = tmp.path().to_str().expect("UTF-8 path");
    let r = daybook_in(Path::new(ROOT), &["check", d], Duration::from_secs(30));
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    assert_eq!(r.stdout_text().lines().count(), 3, "{}", r.stdout_text());
    for line in r.stdout_text().lines() {
        assert!(
            line.contains("note: a symbolic link to /proc/")
                && line.ends_with("outside the paths given; not followed")
                || line.contains("note: a symbolic link to /sys/"),
            "{line}"
        );
    }
    for path in ["/proc/self/status", "/proc/kmsg"] {
        if !Path::new(path).exists() {
            continue;
        }
        let r = daybook_in(Path::new(ROOT), &["check", path], Duration::from_secs(30));
        assert!(
            r.stdout_text()
                .contains("not read: a file of /proc or /sys"),
            "{path}: {}",
            r.stdout_text()
        );
    }
}

/// A chain of 2,000 nested folders (as deep as a path may go) is walked in
/// linear time: 2,100 levels took 88 s when every level canonicalized its
/// whole path; now the day at the bottom loads within the deadline.
#[test]
fn deep_folder_chains_walk_in_linear_time() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("2018-05-02-chat.markdown"),
        day_file("2018-05-02", "top"),
    )
    .expect("write");
    // Built by a shell that descends one level at a time: no path handed
    // to the system is longer than it allows, however deep the chain.
    let script = "i=0; while [ $i -lt 2000 ]; do mkdir d && cd d || exit 1; i=$((i+1)); done; \
                  printf -- '---\\ndate: 2018-05-03 12:00:00\\n---\\n> 10:00:00  A  \\n' > 2018-05-03-chat.markdown";
    let made = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(tmp.path())
        .status()
        .expect("sh");
    assert!(made.success());
    let d = tmp.path().to_str().expect("UTF-8 path");
    let args = ["days", d];
    let r = daybook_in(Path::new(ROOT), &args, Duration::from_secs(60));
    assert_bounded(&r, &args, 0);
    let out = r.stdout_text();
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.starts_with("2018-05-02  Wed"), "{out}");
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("2018-05-03  Thu  d ")),
        "{out}"
    );
}

/// Writes a zip at `path` with `members` (name, bytes), deflated.
fn write_zip(path: &Path, members: &[(&str, Vec<u8>)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create zip"));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in members {
        zip.start_file(*name, opts).expect("start a member");
        zip.write_all(bytes).expect("write a member");
    }
    zip.finish().expect("finish the zip");
}

/// A zip is read in place: its members are days like any others, named
/// `EXPORT.zip/MEMBER`; a bomb, a member whose path leaves the zip, and a
/// nested zip get a diagnostic each and the rest loads.
#[test]
fn zips_are_read_in_place_within_limits() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let zip_path = tmp.path().join("export.zip");
    write_zip(
        &zip_path,
        &[
            (
                "grp/2018-06-01-chat.markdown",
                day_file("2018-06-01", "from the zip").into_bytes(),
            ),
            (
                "../../escape-2018-06-02-chat.markdown",
                day_file("2018-06-02", "escaped").into_bytes(),
            ),
            // 64 MiB of one byte: a thousand-fold expansion.
            ("grp/2018-06-03-chat.markdown", vec![b' '; 64 << 20]),
            ("inner.zip", b"PK\x03\x04 not opened".to_vec()),
        ],
    );
    let z = zip_path.to_str().expect("UTF-8 path");
    let args = ["check", z];
    let r = daybook_in(Path::new(ROOT), &args, DEADLINE);
    assert_bounded(&r, &args, 0);
    let out = r.stdout_text();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!("{z}/escape-2018-06-02-chat.markdown:1: error: zip entry \"../../escape-2018-06-02-chat.markdown\" leads outside the zip; not read")),
        "{out}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{z}/grp/2018-06-03-chat.markdown:1: error: the zip entry expands"
        )) && lines[1].contains("zip bomb"),
        "{out}"
    );
    assert_eq!(
        lines[2],
        format!("{z}/inner.zip:1: note: a zip inside a zip is not opened; skipped")
    );
    assert_eq!(
        r.stderr_text(),
        "1 day, 1 message; 2 errors, 0 warnings, 1 note\n"
    );
    assert!(!tmp.path().join("escape-2018-06-02-chat.markdown").exists());
    assert!(
        !Path::new(ROOT)
            .join("escape-2018-06-02-chat.markdown")
            .exists()
    );
    let r = daybook(&["show", "2018-06-01", z]);
    assert!(
        r.stdout_text().contains("from the zip"),
        "{}",
        r.stdout_text()
    );
    let r = daybook(&["days", "--json", z]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).expect("JSON");
    assert_eq!(v[0]["path"], format!("{z}/grp/2018-06-01-chat.markdown"));
    assert_eq!(v[0]["channel"], "grp");
}

/// A truncated zip (cut at any point) is one diagnostic; the files beside
/// it load.
#[test]
fn a_truncated_zip_is_a_diagnostic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = tmp.path().join("whole.zip");
    write_zip(
        &whole,
        &[(
            "2018-06-01-chat.markdown",
            day_file("2018-06-01", "in the zip").into_bytes(),
        )],
    );
    let bytes = std::fs::read(&whole).expect("read");
    std::fs::remove_file(&whole).expect("remove");
    let dir = tmp.path().join("a");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(
        dir.join("2018-06-02-chat.markdown"),
        day_file("2018-06-02", "beside"),
    )
    .expect("write");
    for cut in [0, 10, bytes.len() / 2, bytes.len() - 5] {
        std::fs::write(dir.join("cut.zip"), &bytes[..cut]).expect("write");
        let d = dir.to_str().expect("UTF-8 path");
        let r = daybook(&["check", d]);
        assert_eq!(r.code, Some(1), "cut at {cut}: {}", r.stdout_text());
        assert!(
            r.stdout_text()
                .starts_with(&format!("{d}/cut.zip:1: error: cannot read the zip: ")),
            "cut at {cut}: {}",
            r.stdout_text()
        );
        assert!(
            r.stderr_text().starts_with("1 day, 1 message;"),
            "{}",
            r.stderr_text()
        );
    }
}

/// Grapheme clusters wider than two columns (a run of Hangul leading jamo,
/// prepended marks, a long conjunct) are laid out as cells of at most two
/// columns, so that `show --width` holds for every line as a terminal
/// counts columns (each character its own width).
#[test]
fn wide_clusters_stay_inside_show_width() {
    use unicode_width::UnicodeWidthChar;
    let dir = tempfile::tempdir().expect("tempdir");
    let jamo = "\u{1100}".repeat(60);
    let prepend = "\u{600}".repeat(40);
    let text = format!(
        "---\ndate: 2018-03-30 12:00:00\n---\n> 10:00:00  A  \n   \n{jamo}  \n   \n\
         > 10:01:00  B  \n   \n前{prepend}x后 स्त्र ｶﾞﾊﾟ  \n   \n"
    );
    std::fs::write(dir.path().join("2018-03-30-wide.markdown"), text).expect("write");
    let path = dir.path().to_str().expect("UTF-8 path");
    for width in [20usize, 30, 47] {
        let w = width.to_string();
        let r = run_clean(&["show", "2018-03-30", "--width", &w, path]);
        let out = r.stdout_text();
        assert!(out.contains('\u{1100}'), "{out}");
        for line in out.lines() {
            let cols: usize = line.chars().filter_map(UnicodeWidthChar::width).sum();
            assert!(
                cols <= width,
                "a line of {cols} columns at --width {width}: {line:?}"
            );
        }
    }
}

/// A day with a 5 MB message of many lines, a 5 MB message of one line and
/// a short one, loaded.
fn long_messages() -> (tempfile::TempDir, daybook::model::Archive) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let many_lines = "第几行 a line of text, 二十个字\n".repeat(5 << 20 >> 5);
    let one_line = "x".repeat(5 << 20);
    let text = format!(
        "---\ndate: 2018-04-03 12:00:00\n---\n> 10:00:00  A  \n   \n{many_lines}  \n   \n\
         > 10:00:01  B  \n   \n{one_line}  \n   \n> 10:00:02  C  \n   \nafter  \n"
    );
    std::fs::write(tmp.path().join("2018-04-03-long.markdown"), &text).expect("write");
    let archive = load(&[tmp.path().to_path_buf()]).expect("load");
    (tmp, archive)
}

fn tui_app(archive: &daybook::model::Archive, w: u16, h: u16) -> daybook::tui::App<'_> {
    daybook::tui::App::new(
        archive,
        daybook::tui::keymap::Keymap::default_map(),
        daybook::tui::theme::Theme::new(daybook::tui::theme::Variant::Mono),
        ratatui::layout::Rect::new(0, 0, w, h),
    )
}

fn frame(app: &daybook::tui::App<'_>) -> String {
    use ratatui::widgets::Widget;
    let area = app.area;
    let mut buf = ratatui::buffer::Buffer::empty(area);
    app.render(area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(app: &mut daybook::tui::App<'_>, c: ratatui::crossterm::event::KeyCode) {
    app.on_key(ratatui::crossterm::event::KeyEvent::new(
        c,
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
}

/// A message longer than a few screens shows its first screens and says
/// how much is left; Enter shows all of it; drawing never wraps again.
#[test]
fn a_huge_message_costs_its_first_screens() {
    use ratatui::crossterm::event::KeyCode;
    let (_tmp, archive) = long_messages();
    let mut app = tui_app(&archive, 100, 30);
    let rows = app.pane_height();
    // Cut after three screens, with a row that says how much is left.
    assert_eq!(app.pane.heights[0], rows * 3 + 1);
    assert_eq!(app.pane.heights[1], rows * 3 + 1);
    let wraps = app.wrapped.wraps;
    assert_eq!(wraps, 3, "each message of the day wrapped once");
    // Drawing, moving and filtering do not wrap again.
    let _ = frame(&app);
    for key in ['j', 'j', 'k', 'G', 'g'] {
        press(&mut app, KeyCode::Char(key));
        let _ = frame(&app);
    }
    app.set_filter("x").expect("a query");
    let _ = frame(&app);
    app.set_filter("").expect("no query");
    assert_eq!(app.wrapped.wraps, wraps, "wrapped again");
    // The first message: 163,840 lines of text, three screens shown.
    let day = &archive.days[0];
    let lines = day.body(&day.messages[0]).split('\n').count();
    assert_eq!(lines, 5 << 20 >> 5);
    press(&mut app, KeyCode::Char('g'));
    scroll_to_end_of(&mut app, 0);
    let screen = frame(&app);
    assert!(
        screen.contains(&format!(
            "… {} more lines · Enter shows all",
            grouped(lines - rows * 3)
        )),
        "{screen}"
    );
    // Enter shows all of it; Enter again cuts it again.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.pane.heights[0], lines);
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("showing all"))
    );
    scroll_to_end_of(&mut app, 0);
    let screen = frame(&app);
    assert!(screen.contains("a line of text"), "{screen}");
    assert_eq!(app.selected, 0);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.pane.heights[0], rows * 3 + 1);
    // The one-line message says how many characters are left.
    press(&mut app, KeyCode::Char('g'));
    scroll_to_end_of(&mut app, 1);
    let screen = frame(&app);
    let body_width = app.pane.body_width;
    assert!(
        screen.contains(&format!(
            "… {} more characters",
            grouped((5 << 20) - rows * 3 * body_width)
        )),
        "{screen}"
    );
    // A narrower screen wraps again, once.
    let before = app.wrapped.wraps;
    app.resize(ratatui::layout::Rect::new(0, 0, 60, 30));
    assert_eq!(app.wrapped.wraps, before + 3);
}

/// Presses `j` until the last row of message `i` is on screen.
fn scroll_to_end_of(app: &mut daybook::tui::App<'_>, i: usize) {
    let end = app.pane.starts[i] + app.pane.heights[i];
    while app.scroll + app.pane_height() < end {
        press(app, ratatui::crossterm::event::KeyCode::Char('j'));
    }
}

/// `12345` as `12,345`, as the interface writes counts.
fn grouped(n: usize) -> String {
    daybook::tui::wrapped::grouped(n)
}

/// The file names `load` read in `dir`, and its message count.
fn read_names(dir: &Path) -> (Vec<String>, usize) {
    let archive = load(&[dir.to_path_buf()]).expect("load");
    let mut names: Vec<String> = archive
        .files
        .iter()
        .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    (names, archive.message_count())
}

/// A file with two names (hard links) is read once, and so is one that a
/// symbolic link leads to, whether the link comes before its target or
/// after it (the walk knows plain files by their folder entry until it
/// meets a link).
#[test]
fn a_file_with_two_names_is_read_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let write = |d: &Path, name: &str, date: &str| {
        std::fs::write(d.join(name), day_file(date, "hi")).expect("write");
    };
    let link = |d: &Path, from: &str, to: &str| {
        std::fs::hard_link(d.join(from), d.join(to)).expect("hard link");
    };
    write(d, "2018-05-01-chat.markdown", "2018-05-01");
    link(d, "2018-05-01-chat.markdown", "2018-05-02-chat.markdown");
    write(d, "2018-05-03-chat.markdown", "2018-05-03");
    std::fs::create_dir(d.join("sub")).expect("mkdir");
    link(
        d,
        "2018-05-03-chat.markdown",
        "sub/2018-05-04-chat.markdown",
    );
    assert_eq!(
        read_names(d),
        (
            vec![
                "2018-05-01-chat.markdown".to_string(),
                "2018-05-03-chat.markdown".to_string()
            ],
            2
        )
    );
    // A link after the files it leads to.
    std::os::unix::fs::symlink(
        d.join("2018-05-02-chat.markdown"),
        d.join("2018-05-09-chat.markdown"),
    )
    .expect("symlink");
    assert_eq!(read_names(d).1, 2);
    // A link before them: the files after it are known by their stat.
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(d, "2018-05-02-chat.markdown", "2018-05-02");
    link(d, "2018-05-02-chat.markdown", "2018-05-03-chat.markdown");
    write(d, "2018-05-04-chat.markdown", "2018-05-04");
    std::os::unix::fs::symlink(
        d.join("2018-05-03-chat.markdown"),
        d.join("2018-05-01-chat.markdown"),
    )
    .expect("symlink");
    assert_eq!(
        read_names(d),
        (
            vec![
                "2018-05-01-chat.markdown".to_string(),
                "2018-05-04-chat.markdown".to_string()
            ],
            2
        )
    );
}

/// A search reads the files its walk found plain (a regular file by its
/// folder entry) without a stat first: it still counts and refuses what
/// the load does, and hangs on nothing. A FIFO, a link to a device, a
/// file past the size limit (sparse: nothing is written), a file with two
/// names, and files exactly as long as the head a date filter reads first
/// and one byte longer.
#[test]
fn a_search_reads_plain_files_as_the_load_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    let o = std::process::Command::new("mkfifo")
        .arg(d.join("2018-05-01-chat.markdown"))
        .status()
        .expect("mkfifo");
    assert!(o.success());
    std::fs::write(
        d.join("2018-05-02-chat.markdown"),
        day_file("2018-05-02", "hi"),
    )
    .expect("write");
    std::fs::hard_link(
        d.join("2018-05-02-chat.markdown"),
        d.join("2018-05-03-chat.markdown"),
    )
    .expect("hard link");
    let big = std::fs::File::create(d.join("2018-05-04-chat.markdown")).expect("create");
    big.set_len((1 << 30) + 1).expect("sparse file");
    // The scan's first read for a date filter is 8 KiB.
    for (date, len) in [("2018-05-05", 8192), ("2018-05-06", 8193)] {
        let mut text = day_file(date, "hi");
        let pad = len - text.len();
        text.insert_str(text.len() - 3, &"x".repeat(pad));
        assert_eq!(text.len(), len);
        std::fs::write(d.join(format!("{date}-chat.markdown")), text).expect("write");
    }
    std::os::unix::fs::symlink("/dev/zero", d.join("2018-05-07-chat.markdown")).expect("symlink");
    let dir = d.to_str().expect("UTF-8 path");
    let archive = load(&[d.to_path_buf()]).expect("load");
    assert_eq!(archive.message_count(), 3, "one per readable day");
    let days = daybook(&["days", dir]);
    assert_eq!(
        days.stderr_text(),
        "daybook: 3 files could not be read as days; `daybook check` lists them\n"
    );
    for (query, count) in [
        ("hi", "3"),
        ("hix", "2"),
        ("hi on:2018-05-05", "1"),
        ("hi on:2018-05-06", "1"),
        ("hi before:2018-05-05", "1"),
    ] {
        let r = daybook(&["search", query, "--count", dir]);
        assert_eq!(r.stdout_text().trim(), count, "{query}");
        assert_eq!(r.stderr_text(), days.stderr_text(), "{query}");
    }
}

